//! CSV records over physical lines: fields split the way the `csv` crate splits them, with a
//! record's exact starting line and raw text kept for rejects.
//!
//! The `csv` crate is not used for reading because its positions do not give physical lines: with
//! CRLF endings it reports the first data row as line 1, and skipped blank lines shift the numbers
//! of later rows. A reject must point at the right line, so records are assembled here from
//! [`Lines`] (which also bounds memory), following RFC 4180 as leniently as the `csv` crate does:
//! a `"` opens a quoted field only at the start of a field, `""` inside quotes is a quote, text
//! after a closing quote is kept, and a quoted field may span lines.

use std::io;

use crate::lines::{Lines, MAX_LINE_BYTES, is_blank};

/// What [`CsvRecords::next_record`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Split {
    /// A complete record; its fields are available.
    Record,
    /// A quoted field was still open at the end of the input.
    Unterminated,
    /// The record was longer than [`MAX_LINE_BYTES`]; its fields are incomplete.
    TooLong,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    FieldStart,
    Unquoted,
    Quoted,
    /// Just after a `"` inside a quoted field: either an escaped quote or the closing one.
    QuoteInQuoted,
}

pub(crate) struct CsvRecords {
    lines: Lines,
    record: Assembly,
    start_line: u64,
}

/// The record being assembled.
#[derive(Default)]
struct Assembly {
    /// The unescaped bytes of all fields, back to back; `ends` marks where each field ends.
    data: Vec<u8>,
    ends: Vec<usize>,
    /// The record as written, up to [`MAX_LINE_BYTES`].
    raw: Vec<u8>,
    state: Option<State>,
    too_long: bool,
}

impl CsvRecords {
    pub(crate) fn new(lines: Lines) -> CsvRecords {
        CsvRecords {
            lines,
            record: Assembly::default(),
            start_line: 0,
        }
    }

    /// Reads the next record, skipping blank lines between records, or `None` at the end.
    pub(crate) fn next_record(&mut self) -> Option<io::Result<Split>> {
        let first = loop {
            match self.lines.next_line()? {
                Err(e) => return Some(Err(e)),
                Ok(line) if is_blank(line.bytes) => continue,
                Ok(line) => break line,
            }
        };
        let record = &mut self.record;
        record.clear();
        record.add(first.bytes, first.truncated);
        self.start_line = self.lines.number();
        while record.state == Some(State::Quoted) {
            match self.lines.next_line() {
                None => return Some(Ok(Split::Unterminated)),
                Some(Err(e)) => return Some(Err(e)),
                Some(Ok(line)) => {
                    // The line break inside a quoted field belongs to the field.
                    record.add(b"\n", false);
                    record.add(line.bytes, line.truncated);
                }
            }
        }
        record.ends.push(record.data.len());
        Some(Ok(if record.too_long { Split::TooLong } else { Split::Record }))
    }

    /// How many physical lines have been read so far.
    pub(crate) fn lines_read(&self) -> u64 {
        self.lines.number()
    }

    /// The 1-based line the last record started on.
    pub(crate) fn start_line(&self) -> u64 {
        self.start_line
    }

    /// The last record as written, its lines joined with `\n`.
    pub(crate) fn raw(&self) -> &[u8] {
        &self.record.raw
    }

    /// The last record's fields.
    pub(crate) fn fields(&self) -> impl ExactSizeIterator<Item = &[u8]> {
        let Assembly { data, ends, .. } = &self.record;
        (0..ends.len()).map(|i| &data[if i == 0 { 0 } else { ends[i - 1] }..ends[i]])
    }
}

impl Assembly {
    fn clear(&mut self) {
        self.data.clear();
        self.ends.clear();
        self.raw.clear();
        self.state = Some(State::FieldStart);
        self.too_long = false;
    }

    /// Runs the field state machine over more of the record. Past [`MAX_LINE_BYTES`] bytes are no
    /// longer kept, but the state machine still runs so that the record ends where it should.
    fn add(&mut self, bytes: &[u8], truncated: bool) {
        self.too_long |= truncated || self.raw.len() + bytes.len() > MAX_LINE_BYTES;
        let keep = !self.too_long;
        if keep {
            self.raw.extend_from_slice(bytes);
        }
        let mut state = self.state.unwrap_or(State::FieldStart);
        for &b in bytes {
            state = match (state, b) {
                (State::FieldStart | State::Unquoted | State::QuoteInQuoted, b',') => {
                    self.ends.push(self.data.len());
                    State::FieldStart
                }
                (State::FieldStart, b'"') => State::Quoted,
                (State::Quoted, b'"') => State::QuoteInQuoted,
                (State::QuoteInQuoted, b'"') => {
                    if keep {
                        self.data.push(b'"');
                    }
                    State::Quoted
                }
                (State::Quoted, _) => {
                    if keep {
                        self.data.push(b);
                    }
                    State::Quoted
                }
                (State::FieldStart | State::Unquoted | State::QuoteInQuoted, _) => {
                    if keep {
                        self.data.push(b);
                    }
                    State::Unquoted
                }
            };
        }
        self.state = Some(state);
    }
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;

    fn records(input: &str) -> Vec<(u64, Split, Vec<String>, String)> {
        let mut r = CsvRecords::new(Lines::new(Box::new(Cursor::new(input.as_bytes().to_vec()))));
        let mut out = Vec::new();
        while let Some(split) = r.next_record() {
            let split = split.unwrap();
            let fields = r.fields().map(|f| String::from_utf8_lossy(f).into_owned()).collect();
            out.push((
                r.start_line(),
                split,
                fields,
                String::from_utf8_lossy(r.raw()).into_owned(),
            ));
        }
        out
    }

    fn fields(input: &str) -> Vec<Vec<String>> {
        records(input).into_iter().map(|r| r.2).collect()
    }

    #[test]
    fn splits_like_rfc_4180() {
        assert_eq!(fields("a,b,c"), vec![vec!["a", "b", "c"]]);
        assert_eq!(fields("a,,"), vec![vec!["a", "", ""]]);
        assert_eq!(fields(",\n"), vec![vec!["", ""]]);
        assert_eq!(fields("\"a,b\",\"say \"\"hi\"\"\""), vec![vec!["a,b", "say \"hi\""]]);
        assert_eq!(
            fields("5\" screen,x"),
            vec![vec!["5\" screen", "x"]],
            "a quote inside a field is literal"
        );
        assert_eq!(
            fields("\"a\"b,c"),
            vec![vec!["ab", "c"]],
            "text after a closing quote is kept"
        );
        assert_eq!(fields("\"\""), vec![vec![""]]);
    }

    #[test]
    fn line_numbers_are_physical() {
        let got = records("h1,h2\r\n\r\n  \n1,\"multi\r\nline\"\n\n2,x\r\n");
        let lines: Vec<u64> = got.iter().map(|r| r.0).collect();
        assert_eq!(lines, vec![1, 4, 7]);
        assert_eq!(got[1].2, vec!["1", "multi\nline"]);
        assert_eq!(got[1].3, "1,\"multi\nline\"");
        assert!(got.iter().all(|r| r.1 == Split::Record));
    }

    #[test]
    fn an_open_quote_runs_to_the_end() {
        let got = records("a,b\n\"open,\nmore\n");
        assert_eq!(got.len(), 2);
        assert_eq!((got[1].0, got[1].1), (2, Split::Unterminated));
    }

    #[test]
    fn over_long_records_are_flagged_but_end_in_the_right_place() {
        let big = "y".repeat(MAX_LINE_BYTES / 2 + 1);
        let input = format!("\"{big}\n{big}\",x\nnext,row\n");
        let got = records(&input);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].1, Split::TooLong);
        assert_eq!(
            (got[1].0, got[1].1, got[1].2.clone()),
            (3, Split::Record, vec!["next".to_owned(), "row".to_owned()])
        );
    }

    /// The `csv` crate as an oracle: wherever the two agree on what a record is (no blank-looking
    /// lines, no lone `\r`, every quote closed), they must split it into the same fields.
    mod against_the_csv_crate {
        use proptest::prelude::*;

        use super::*;

        fn oracle(input: &[u8]) -> Vec<Vec<Vec<u8>>> {
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(input);
            reader
                .byte_records()
                .map(|r| r.unwrap().iter().map(<[u8]>::to_vec).collect())
                .collect()
        }

        fn ours(input: &[u8]) -> Option<Vec<Vec<Vec<u8>>>> {
            let mut r = CsvRecords::new(Lines::new(Box::new(Cursor::new(input.to_vec()))));
            let mut out = Vec::new();
            while let Some(split) = r.next_record() {
                if split.unwrap() != Split::Record {
                    return None;
                }
                out.push(r.fields().map(<[u8]>::to_vec).collect());
            }
            Some(out)
        }

        #[test]
        fn same_fields_on_the_lenient_cases() {
            let input = b"\"a\"b,c\n5\" x,\"\"\n\"q\"\"\n\",,\n";
            assert_eq!(ours(input).unwrap(), oracle(input));
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]

            #[test]
            fn same_fields(input in prop::collection::vec(prop::sample::select(b"ab,\" \n".to_vec()), 0..80)) {
                let blank_looking = input.split(|&b| b == b'\n').any(|l| !l.is_empty() && l.trim_ascii().is_empty());
                if let (false, Some(ours)) = (blank_looking, ours(&input)) {
                    prop_assert_eq!(ours, oracle(&input));
                }
            }
        }
    }
}
