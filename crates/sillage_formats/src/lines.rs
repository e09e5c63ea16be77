//! Physical lines of a byte stream, with a cap on line length so that memory stays bounded.

use std::io::{self, BufRead, Read};

use crate::record::{Reject, raw_excerpt};
use crate::source::Source;

/// The longest line kept whole. Longer lines are reported truncated (and then rejected) rather
/// than buffered, so a file without newlines cannot exhaust memory.
pub(crate) const MAX_LINE_BYTES: usize = 16 * 1024 * 1024;

const UTF8_BOM: &[u8] = b"\xef\xbb\xbf";

/// Splits a stream on `\n`, reusing one buffer.
pub(crate) struct Lines {
    source: Source,
    buf: Vec<u8>,
    number: u64,
}

/// One physical line, without its `\n` or `\r\n`.
pub(crate) struct Line<'a> {
    pub bytes: &'a [u8],
    /// The 1-based line number.
    pub number: u64,
    /// The line was longer than [`MAX_LINE_BYTES`]; `bytes` holds only its beginning.
    pub truncated: bool,
}

impl Lines {
    pub(crate) fn new(source: Source) -> Lines {
        Lines {
            source,
            buf: Vec::with_capacity(1024),
            number: 0,
        }
    }

    /// The 1-based number of the line last returned (0 before the first).
    pub(crate) fn number(&self) -> u64 {
        self.number
    }

    /// The next line, or `None` at the end of the stream. A UTF-8 byte-order mark at the start of
    /// the stream is dropped: spreadsheet exports add one, and it would otherwise break the first
    /// record.
    pub(crate) fn next_line(&mut self) -> Option<io::Result<Line<'_>>> {
        self.buf.clear();
        let limit = MAX_LINE_BYTES as u64 + 1;
        let read = match (&mut self.source).take(limit).read_until(b'\n', &mut self.buf) {
            Ok(n) => n,
            Err(e) => return Some(Err(e)),
        };
        if read == 0 {
            return None;
        }
        self.number += 1;
        let mut truncated = false;
        if self.buf.last() == Some(&b'\n') {
            self.buf.pop();
            if self.buf.last() == Some(&b'\r') {
                self.buf.pop();
            }
        } else if self.buf.len() > MAX_LINE_BYTES {
            truncated = true;
            self.buf.truncate(MAX_LINE_BYTES);
            if let Err(e) = skip_past_newline(&mut self.source) {
                return Some(Err(e));
            }
        }
        let mut bytes = &self.buf[..];
        if self.number == 1 {
            bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
        }
        Some(Ok(Line {
            bytes,
            number: self.number,
            truncated,
        }))
    }
}

/// What reading the next content line of a line format gave (see [`next_content`]).
pub(crate) enum ContentLine<T> {
    /// The parser's result for a line that is neither blank nor a `#` comment.
    Parsed(T),
    /// A line too long to parse: its reject. Reading goes on.
    TooLong(Reject),
    /// The stream failed: its reject. Nothing more can be read.
    Failed(Reject),
    End,
}

/// Reads up to the next line that is neither blank nor a `#` comment and hands it to `parse`
/// (its bytes and 1-based number). A read error and an over-long line become rejects naming
/// `source`: every line format handles them the same way.
pub(crate) fn next_content<T>(lines: &mut Lines, source: &str, parse: impl FnOnce(&[u8], u64) -> T) -> ContentLine<T> {
    loop {
        let line = match lines.next_line() {
            None => return ContentLine::End,
            Some(Err(e)) => {
                let number = lines.number() + 1;
                return ContentLine::Failed(line_reject(source, number, b"", format!("read error: {e}")));
            }
            Some(Ok(line)) => line,
        };
        if is_blank_or_comment(line.bytes) {
            continue;
        }
        if line.truncated {
            let reason = format!("line longer than {MAX_LINE_BYTES} bytes");
            return ContentLine::TooLong(line_reject(source, line.number, line.bytes, reason));
        }
        return ContentLine::Parsed(parse(line.bytes, line.number));
    }
}

/// The reject of line `line` of `source`, keeping an excerpt of its bytes.
pub(crate) fn line_reject(source: &str, line: u64, bytes: &[u8], reason: String) -> Reject {
    Reject {
        source: source.to_owned(),
        line,
        reason,
        raw: raw_excerpt(bytes),
    }
}

/// Whether a line holds nothing but ASCII whitespace.
pub(crate) fn is_blank(line: &[u8]) -> bool {
    line.trim_ascii().is_empty()
}

/// Whether a line is blank or a `#` comment: such lines are skipped silently in line formats.
pub(crate) fn is_blank_or_comment(line: &[u8]) -> bool {
    let t = line.trim_ascii_start();
    t.is_empty() || t[0] == b'#'
}

/// Discards the rest of an over-long line without buffering it.
fn skip_past_newline(source: &mut Source) -> io::Result<()> {
    loop {
        let chunk = match source.fill_buf() {
            Ok(chunk) => chunk,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok(());
        }
        match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => {
                source.consume(i + 1);
                return Ok(());
            }
            None => {
                let n = chunk.len();
                source.consume(n);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;

    fn collect(input: &[u8]) -> Vec<(u64, Vec<u8>, bool)> {
        let mut lines = Lines::new(Box::new(Cursor::new(input.to_vec())));
        let mut out = Vec::new();
        while let Some(line) = lines.next_line() {
            let line = line.unwrap();
            let (bytes, truncated) = (line.bytes.to_vec(), line.truncated);
            out.push((lines.number(), bytes, truncated));
        }
        out
    }

    #[test]
    fn splits_on_lf_and_crlf_and_keeps_a_last_line_without_newline() {
        let got = collect(b"\xef\xbb\xbfa\r\nb\n\nc\rd\ne");
        let want: Vec<(u64, &[u8])> = vec![(1, b"a"), (2, b"b"), (3, b""), (4, b"c\rd"), (5, b"e")];
        assert_eq!(got.len(), want.len());
        for ((n, bytes, truncated), (wn, wb)) in got.iter().zip(want) {
            assert_eq!((*n, bytes.as_slice(), *truncated), (wn, wb, false));
        }
    }

    #[test]
    fn over_long_lines_are_truncated_and_skipped_past() {
        let mut input = vec![b'x'; MAX_LINE_BYTES + 10];
        input.extend_from_slice(b"\nnext\n");
        let got = collect(&input);
        assert_eq!(got.len(), 2);
        assert_eq!((got[0].1.len(), got[0].2), (MAX_LINE_BYTES, true));
        assert_eq!((got[1].0, got[1].1.as_slice(), got[1].2), (2, &b"next"[..], false));
    }

    #[test]
    fn a_line_of_exactly_the_limit_is_whole() {
        let mut input = vec![b'x'; MAX_LINE_BYTES];
        input.push(b'\n');
        let got = collect(&input);
        assert_eq!((got.len(), got[0].1.len(), got[0].2), (1, MAX_LINE_BYTES, false));
    }

    #[test]
    fn blanks_and_comments() {
        assert!(is_blank(b" \t"));
        assert!(!is_blank(b"#"));
        assert!(is_blank_or_comment(b"  # note"));
        assert!(is_blank_or_comment(b""));
        assert!(!is_blank_or_comment(b"{}"));
    }
}
