//! Canonical events as CSV: EVENTS.md's field names as header columns, in any order, multi-valued
//! cells (`tags`, `urls`) separated by `|`, empty cells meaning absent.

use std::io;
use std::path::Path;

use sillage_model::{Event, parse_instant};

use crate::FormatError;
use crate::csv_split::{CsvRecords, Split};
use crate::fields::EventFields;
use crate::lines::{Lines, MAX_LINE_BYTES};

/// The columns the reader understands; others are ignored.
const COLUMNS: [&str; 12] = [
    "id", "net", "kind", "actor", "target", "post", "parent", "at", "tags", "urls", "lang", "text",
];

/// Columns without which no row could be an event: a header lacking one is an error for the whole
/// file rather than one reject per row. (`target` is not among them: a file of posts has none.)
const REQUIRED: [&str; 4] = ["id", "kind", "actor", "at"];

/// Separates the values of a multi-valued cell.
const MULTI_SEPARATOR: char = '|';

pub(crate) struct CsvEvents {
    records: CsvRecords,
    /// For each of [`COLUMNS`], its position in the header.
    positions: [Option<usize>; COLUMNS.len()],
    width: usize,
}

impl CsvEvents {
    /// Reads the header. An empty file is not an error: it simply holds no events.
    pub(crate) fn open(lines: Lines, path: &Path) -> Result<CsvEvents, FormatError> {
        let mut records = CsvRecords::new(lines);
        let header_error = |reason: String| FormatError::CsvHeader {
            path: path.to_owned(),
            reason,
        };
        let mut positions = [None; COLUMNS.len()];
        let mut width = 0;
        match records.next_record() {
            None => {}
            Some(Err(source)) => {
                return Err(FormatError::Io {
                    path: path.to_owned(),
                    source,
                });
            }
            Some(Ok(Split::Unterminated)) => return Err(header_error("a quoted column name is never closed".into())),
            Some(Ok(Split::TooLong)) => {
                return Err(header_error(format!(
                    "the header is longer than {MAX_LINE_BYTES} bytes"
                )));
            }
            Some(Ok(Split::Record)) => {
                let mut names = Vec::new();
                for (i, cell) in records.fields().enumerate() {
                    let name = std::str::from_utf8(cell)
                        .map_err(|_| header_error(format!("column {} is not valid UTF-8", i + 1)))?;
                    let name = name.trim().to_ascii_lowercase();
                    // The first of two columns with the same name wins, as a person reading the
                    // file left to right would expect.
                    if let Some(c) = COLUMNS.iter().position(|&c| c == name) {
                        positions[c].get_or_insert(i);
                    }
                    names.push(name);
                }
                width = names.len();
                let missing: Vec<String> = REQUIRED
                    .iter()
                    .filter(|r| positions[column(r)].is_none())
                    .map(|r| format!("{r:?}"))
                    .collect();
                if !missing.is_empty() {
                    return Err(header_error(format!(
                        "missing required column{} {} (found: {})",
                        if missing.len() > 1 { "s" } else { "" },
                        missing.join(", "),
                        names.join(", ")
                    )));
                }
            }
        }
        Ok(CsvEvents {
            records,
            positions,
            width,
        })
    }

    /// The next row as its line and its event or reject reason, or `None` at the end.
    pub(crate) fn next_row(&mut self) -> Option<io::Result<(u64, Result<Event, String>)>> {
        let split = match self.records.next_record()? {
            Ok(split) => split,
            Err(e) => return Some(Err(e)),
        };
        let line = self.records.start_line();
        let result = match split {
            Split::Unterminated => Err("a quoted field is never closed before the end of the file".to_owned()),
            Split::TooLong => Err(format!("record longer than {MAX_LINE_BYTES} bytes")),
            Split::Record => self.event(),
        };
        Some(Ok((line, result)))
    }

    /// How many physical lines have been read so far.
    pub(crate) fn lines_read(&self) -> u64 {
        self.records.lines_read()
    }

    /// The raw text of the last row, for its reject.
    pub(crate) fn raw(&self) -> &[u8] {
        self.records.raw()
    }

    fn event(&self) -> Result<Event, String> {
        let count = self.records.fields().len();
        if count != self.width {
            return Err(format!("row has {count} fields but the header has {}", self.width));
        }
        let cells: Vec<&[u8]> = self.records.fields().collect();
        let cell = |name: &str| -> Result<Option<String>, String> {
            let Some(i) = self.positions[column(name)] else {
                return Ok(None);
            };
            let text = std::str::from_utf8(cells[i])
                .map_err(|e| format!("invalid UTF-8 in column {name:?} at byte {}", e.valid_up_to() + 1))?;
            Ok((!text.is_empty()).then(|| text.to_owned()))
        };
        let multi = |name: &str| -> Result<Vec<String>, String> {
            Ok(cell(name)?.map_or_else(Vec::new, |c| c.split(MULTI_SEPARATOR).map(str::to_owned).collect()))
        };
        let at = match cell("at")? {
            Some(text) => Some(parse_instant(&text).map_err(|e| format!("field \"at\": {e}"))?),
            None => None,
        };
        EventFields {
            id: cell("id")?,
            net: cell("net")?,
            kind: cell("kind")?,
            actor: cell("actor")?,
            target: cell("target")?,
            post: cell("post")?,
            parent: cell("parent")?,
            at,
            tags: multi("tags")?,
            urls: multi("urls")?,
            lang: cell("lang")?,
            text: cell("text")?,
        }
        .into_event()
    }
}

fn column(name: &str) -> usize {
    COLUMNS
        .iter()
        .position(|&c| c == name)
        .expect("a column name from COLUMNS")
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use sillage_model::EventKind;

    use super::*;

    fn open(input: impl AsRef<[u8]>) -> Result<CsvEvents, FormatError> {
        CsvEvents::open(
            Lines::new(Box::new(Cursor::new(input.as_ref().to_vec()))),
            Path::new("t.csv"),
        )
    }

    fn rows(input: impl AsRef<[u8]>) -> Vec<(u64, Result<Event, String>)> {
        let mut r = open(input).unwrap();
        std::iter::from_fn(|| r.next_row().map(Result::unwrap)).collect()
    }

    #[test]
    fn columns_in_any_order_with_extras_and_multi_values() {
        let got = rows(
            "extra,at,actor,kind,id,target,tags,urls,text\r\nz,1394701200,sophie,repost,1002,jtang,#A|b||,u1|u2,\"hi, there\"\r\n",
        );
        let want = Event {
            tags: vec!["a".into(), "b".into()],
            urls: vec!["u1".into(), "u2".into()],
            text: Some("hi, there".into()),
            ..Event::new("1002", "generic", EventKind::Repost, "sophie", 1_394_701_200).with_target("jtang")
        };
        assert_eq!(got, vec![(2, Ok(want))]);
    }

    #[test]
    fn empty_cells_are_absent() {
        let got = rows("id,net,kind,actor,target,at\n1,,post,a,,2014-03-13T09:00:00Z\n2,,reply,a,,0\n");
        assert_eq!(
            got[0],
            (2, Ok(Event::new("1", "generic", EventKind::Post, "a", 1_394_701_200)))
        );
        assert!(
            got[1]
                .1
                .as_ref()
                .unwrap_err()
                .contains("missing required field \"target\"")
        );
    }

    #[test]
    fn bad_rows_are_rejected_alone() {
        let got = rows(
            b"id,kind,actor,at\n1,post,a\n2,post,a,0,extra\n3,post,\xff,0\n4,post,b,later\n5,like,a,0\n6,post,c,0\n",
        );
        let reasons: Vec<String> = got
            .iter()
            .map(|(l, r)| format!("{l}: {}", r.as_ref().err().map_or("ok", String::as_str)))
            .collect();
        assert_eq!(
            reasons,
            vec![
                "2: row has 3 fields but the header has 4",
                "3: row has 5 fields but the header has 4",
                "4: invalid UTF-8 in column \"actor\" at byte 1",
                "5: field \"at\": timestamp \"later\" is neither RFC 3339 with an offset nor Unix seconds",
                "6: missing required field \"target\" (every kind but post has one; this is a like)",
                "7: ok",
            ]
        );
    }

    #[test]
    fn header_problems_are_errors_for_the_file() {
        let err = open("id,kind,who,when\n").err().unwrap();
        assert_eq!(
            err.to_string(),
            "t.csv: bad csv header: missing required columns \"actor\", \"at\" (found: id, kind, who, when)"
        );
        assert!(open("\"id,kind\n").err().unwrap().to_string().contains("never closed"));
        assert!(
            open(b"id,\xff\n")
                .err()
                .unwrap()
                .to_string()
                .contains("column 2 is not valid UTF-8")
        );
        assert!(rows("").is_empty());
        assert!(
            rows("\u{feff}ID, Kind ,actor,at\n").is_empty(),
            "a BOM, case and spaces are tolerated"
        );
    }
}
