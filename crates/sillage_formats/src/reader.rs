//! [`EventReader`]: a file or byte stream in a given format, read as an iterator of records.

use std::io::{self, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use crate::csv_events::CsvEvents;
use crate::lines::{ContentLine, Lines, line_reject, next_content};
use crate::occurrences::Occurrences;
use crate::record::raw_excerpt;
use crate::record::{Records, Skipped};
use crate::{Format, FormatError, Item, ReadOptions, Record, Reject, accounts, families, higgs, jsonl, source};

/// Reads one input in one format, yielding an [`Item`] for each good record and a [`Reject`] for
/// each bad one. Blank lines and `#` comment lines are skipped silently in the line formats (JSONL,
/// accounts, Higgs). A read error (an unreadable disk, a corrupt gzip stream) ends the iteration
/// with one last reject whose reason starts with `read error`.
///
/// The reader is `Send`, so one thread can parse while another stores.
pub struct EventReader {
    source: String,
    format: Format,
    bytes_read: Arc<AtomicU64>,
    skipped: Skipped,
    parser: Parser,
    finished: bool,
}

enum Parser {
    Jsonl(Lines),
    Accounts(Lines),
    Higgs(Lines, Occurrences),
    // Boxed because its record buffers make it several times larger than the other variants.
    Csv(Box<CsvEvents>),
    /// An export family's reader (see `families.rs`).
    Family(Records),
}

impl EventReader {
    /// Opens a file, decompressing it when it starts with the gzip magic (whatever its name). For
    /// CSV the header is read and checked here.
    pub fn open(path: &Path, format: Format) -> Result<EventReader, FormatError> {
        EventReader::open_with(path, format, &ReadOptions::default())
    }

    /// Opens a file (or, for the archive and export formats, a folder or `.zip`) with options for
    /// the formats that need them (edge lists).
    pub fn open_with(path: &Path, format: Format, options: &ReadOptions) -> Result<EventReader, FormatError> {
        let bytes_read = Arc::new(AtomicU64::new(0));
        let skipped = Skipped::default();
        if !format.is_canonical() {
            let records = families::open(path, format, options, bytes_read.clone(), &skipped)?;
            return Ok(EventReader {
                source: path.display().to_string(),
                format,
                bytes_read,
                skipped,
                parser: Parser::Family(records),
                finished: false,
            });
        }
        let io_error = |source| FormatError::Io {
            path: path.to_owned(),
            source,
        };
        let stream = source::open_path(path, bytes_read.clone()).map_err(io_error)?;
        let lines = Lines::new(stream);
        let parser = match format {
            // A file can be read a second time, so Higgs ids start in bounded-memory mode.
            Format::Higgs => Parser::Higgs(lines, Occurrences::windowed(path.to_owned(), higgs::key_of)),
            _ => Parser::new(format, lines, path)?,
        };
        Ok(EventReader {
            source: path.display().to_string(),
            format,
            bytes_read,
            skipped,
            parser,
            finished: false,
        })
    }

    /// Reads any byte stream (stdin, a test buffer), gzip-compressed or not. `source_name` names it
    /// in rejects and errors. A stream cannot be read twice, so Higgs ids are numbered with a map of
    /// every distinct line from the start (memory grows with the input).
    pub fn from_reader(
        source_name: &str,
        reader: impl Read + Send + 'static,
        format: Format,
    ) -> Result<EventReader, FormatError> {
        EventReader::from_reader_with(source_name, reader, format, &ReadOptions::default())
    }

    /// [`EventReader::from_reader`] with options (edge lists).
    pub fn from_reader_with(
        source_name: &str,
        reader: impl Read + Send + 'static,
        format: Format,
        options: &ReadOptions,
    ) -> Result<EventReader, FormatError> {
        let bytes_read = Arc::new(AtomicU64::new(0));
        let path = Path::new(source_name);
        let stream = source::wrap(reader, bytes_read.clone()).map_err(|source| FormatError::Io {
            path: path.to_owned(),
            source,
        })?;
        let skipped = Skipped::default();
        if !format.is_canonical() {
            let records = families::from_stream(source_name, stream, format, options, &skipped)?;
            return Ok(EventReader {
                source: source_name.to_owned(),
                format,
                bytes_read,
                skipped,
                parser: Parser::Family(records),
                finished: false,
            });
        }
        let lines = Lines::new(stream);
        let parser = match format {
            Format::Higgs => Parser::Higgs(lines, Occurrences::full(higgs::key_of)),
            _ => Parser::new(format, lines, path)?,
        };
        Ok(EventReader {
            source: source_name.to_owned(),
            format,
            bytes_read,
            skipped,
            parser,
            finished: false,
        })
    }

    /// Bytes read so far from the underlying file or stream (compressed bytes for gzip), shared so
    /// that another thread can draw a progress bar against the file size.
    pub fn bytes_read(&self) -> Arc<AtomicU64> {
        self.bytes_read.clone()
    }

    /// What the reader skipped on purpose, shared like [`EventReader::bytes_read`]: complete once
    /// the reader is exhausted (a Bluesky repository's unmapped record types and history blocks).
    pub fn skipped(&self) -> Skipped {
        self.skipped.clone()
    }

    /// The path or name rejects carry.
    pub fn source(&self) -> &str {
        &self.source
    }

    pub fn format(&self) -> Format {
        self.format
    }
}

impl Parser {
    fn new(format: Format, lines: Lines, path: &Path) -> Result<Parser, FormatError> {
        Ok(match format {
            Format::Jsonl => Parser::Jsonl(lines),
            Format::Accounts => Parser::Accounts(lines),
            Format::Csv => Parser::Csv(Box::new(CsvEvents::open(lines, path)?)),
            Format::Higgs => Parser::Higgs(lines, Occurrences::full(higgs::key_of)),
            _ => unreachable!("family formats are opened by `families`"),
        })
    }
}

impl Iterator for EventReader {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        if self.finished {
            return None;
        }
        let source = self.source.as_str();
        let step = match &mut self.parser {
            Parser::Jsonl(lines) => {
                next_line_record(lines, source, |bytes, _| Ok(jsonl::parse_event(bytes).map(Item::Event)))
            }
            Parser::Accounts(lines) => next_line_record(lines, source, |bytes, _| {
                Ok(accounts::parse_account(bytes).map(Item::Account))
            }),
            Parser::Higgs(lines, occurrences) => next_line_record(lines, source, |bytes, line| {
                higgs::parse_event(bytes, line, occurrences)
                    .map(|parsed| parsed.map(Item::Event))
                    .map_err(|e| format!("read error while re-reading the file to number repeated lines: {e}"))
            }),
            Parser::Csv(csv) => next_csv_record(csv, source),
            Parser::Family(records) => records.next().map_or(Step::End, Step::Record),
        };
        match step {
            Step::Record(record) => Some(record),
            Step::Fatal(reject) => {
                self.finished = true;
                Some(Err(reject))
            }
            Step::End => {
                self.finished = true;
                None
            }
        }
    }
}

/// What one step of a parser produced.
enum Step {
    Record(Record),
    /// A reject after which nothing more can be read.
    Fatal(Reject),
    End,
}

/// The outer error of a line parser is fatal, the inner one a reject reason for that line.
type LineResult = Result<Result<Item, String>, String>;

fn next_line_record(lines: &mut Lines, source: &str, mut parse: impl FnMut(&[u8], u64) -> LineResult) -> Step {
    let parsed = next_content(lines, source, |bytes, number| match parse(bytes, number) {
        Ok(Ok(item)) => Step::Record(Ok(item)),
        Ok(Err(reason)) => Step::Record(Err(line_reject(source, number, bytes, reason))),
        Err(fatal) => Step::Fatal(line_reject(source, number, bytes, fatal)),
    });
    match parsed {
        ContentLine::Parsed(step) => step,
        ContentLine::TooLong(reject) => Step::Record(Err(reject)),
        ContentLine::Failed(reject) => Step::Fatal(reject),
        ContentLine::End => Step::End,
    }
}

fn next_csv_record(csv: &mut CsvEvents, source: &str) -> Step {
    match csv.next_row() {
        None => Step::End,
        Some(Err(e)) => Step::Fatal(read_error(source, csv.lines_read() + 1, &e)),
        Some(Ok((_, Ok(event)))) => Step::Record(Ok(Item::Event(event))),
        Some(Ok((line, Err(reason)))) => Step::Record(Err(Reject {
            source: source.to_owned(),
            line,
            reason,
            raw: raw_excerpt(csv.raw()),
        })),
    }
}

fn read_error(source: &str, line: u64, e: &io::Error) -> Reject {
    Reject {
        source: source.to_owned(),
        line,
        reason: format!("read error: {e}"),
        raw: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send<T: Send>() {}

    #[test]
    fn reader_is_send() {
        assert_send::<EventReader>();
    }
}
