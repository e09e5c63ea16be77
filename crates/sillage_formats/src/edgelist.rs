//! SNAP-style edge lists: `source target [weight] [timestamp]`, the columns named by flags
//! ([`EdgeListSpec`]).
//!
//! Columns are separated by any run of spaces or tabs; lines may end in CRLF; blank lines and `#`
//! comment lines are skipped; gzip is recognised by its magic. Columns beyond the named ones are
//! ignored, so `a b weight` can be read with or without its weight column.
//!
//! Each line is **one** event of the spec's kind, actor → target, whatever its weight: a weight
//! above 1 is not expanded into that many events. An aggregated edge list says how often two
//! accounts interacted but not when; expanding it would invent that many events at the same
//! instant, which the scorer's burst damping would then largely discount anyway, and the
//! individual events are usually available elsewhere (the Higgs networks aggregate the Higgs
//! activity file). The weight column, when named, is still checked: a weight that is not a number,
//! negative or zero (an edge that records no interaction) rejects its line.
//!
//! Every edge needs an instant: its time column (Unix seconds or RFC 3339), or the spec's `at` for
//! a file without one. A spec with neither is refused when the file is opened, with one error that
//! says to pass `--at`, rather than rejecting every line with the same reason.
//!
//! Lines carry no id, so ids are derived from content as for the Higgs file (see
//! [`crate::content_id()`]): the prefix `e`, the instant, and a hash of actor, target, instant and
//! kind, with `.k` for the k-th repeat of identical content, counted by [`Occurrences`] (bounded
//! memory while the time column never decreases; without a time column every edge has the same
//! instant, so every distinct edge is remembered, 40 to 80 bytes each). The weight is not part of
//! the hash: it is not part of the event.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use sillage_model::{Event, EventKind, Instant, parse_instant};

use crate::content_id::{content_hash, content_id};
use crate::lines::{ContentLine, Lines, is_blank_or_comment, line_reject, next_content};
use crate::occurrences::Occurrences;
use crate::record::Records;
use crate::source::{self, Source};
use crate::{EdgeListSpec, Format, FormatError, Item, Record};

/// Prefix of edge-list content ids.
const ID_PREFIX: &str = "e";

/// File name endings (after an optional `.gz`) that may name an edge list.
const EXTENSIONS: [&str; 3] = [".edgelist", ".edges", ".el"];

pub(crate) fn open(path: &Path, spec: &EdgeListSpec, bytes_read: Arc<AtomicU64>) -> Result<Records, FormatError> {
    let columns = Columns::validate(spec).map_err(|reason| unreadable(path, reason))?;
    let stream = source::open_path(path, bytes_read).map_err(|source| FormatError::Io {
        path: path.to_owned(),
        source,
    })?;
    // A file can be read a second time, so ids start in bounded-memory mode (see `occurrences`).
    let key_columns = columns.clone();
    let occurrences = Occurrences::windowed(path.to_owned(), move |line| key_columns.key_of(line));
    Ok(Box::new(EdgeRecords::new(
        path.display().to_string(),
        stream,
        columns,
        occurrences,
    )))
}

pub(crate) fn from_stream(name: &str, stream: Source, spec: &EdgeListSpec) -> Result<Records, FormatError> {
    let columns = Columns::validate(spec).map_err(|reason| unreadable(Path::new(name), reason))?;
    // A stream cannot be re-read, so every distinct edge is counted from the start.
    let key_columns = columns.clone();
    let occurrences = Occurrences::full(move |line| key_columns.key_of(line));
    Ok(Box::new(EdgeRecords::new(
        name.to_owned(),
        stream,
        columns,
        occurrences,
    )))
}

/// Recognises [`Format::EdgeList`], conservatively: only when the file name ends in `.edgelist`,
/// `.edges` or `.el` (optionally followed by `.gz`) and the first content line has 2 to 4
/// whitespace-separated numeric columns. Anything else (a Higgs activity line with its `RT` code,
/// a JSON object) is left to the other readers.
pub(crate) fn sniff(path: &Path, head: &[u8]) -> Option<Format> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    if !EXTENSIONS.iter().any(|e| name.ends_with(e)) {
        return None;
    }
    // Only complete lines: the head may end in the middle of one.
    let mut lines = head.split(|&b| b == b'\n');
    lines.next_back();
    let first = lines.find(|line| !is_blank_or_comment(line))?;
    let text = std::str::from_utf8(first).ok()?;
    let columns: Vec<&str> = text.split_ascii_whitespace().collect();
    ((2..=4).contains(&columns.len()) && columns.iter().all(|c| numeric_ish(c))).then_some(Format::EdgeList)
}

/// A number as edge lists write them: digits with an optional sign, point and exponent. Rust's
/// float parser also takes `inf` and `NaN`, which no edge list means as a node id or weight.
fn numeric_ish(token: &str) -> bool {
    token.bytes().any(|b| b.is_ascii_digit()) && token.bytes().all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))
}

fn unreadable(path: &Path, reason: String) -> FormatError {
    FormatError::Unreadable {
        path: path.to_owned(),
        format: Format::EdgeList.as_str(),
        reason,
    }
}

/// A validated [`EdgeListSpec`]: what each line means.
#[derive(Debug, Clone)]
struct Columns {
    net: String,
    kind: EventKind,
    actor: usize,
    target: usize,
    time: Option<usize>,
    weight: Option<usize>,
    /// The instant of every edge when there is no time column.
    at: Instant,
    /// How many columns a line needs at least.
    needed: usize,
}

/// One valid line, borrowed from the line buffer.
#[derive(Debug, PartialEq, Eq)]
struct Edge<'a> {
    actor: &'a str,
    target: &'a str,
    at: Instant,
}

impl Columns {
    /// Checks the spec once, so that a mistake in the flags is one error rather than a reject per
    /// line.
    fn validate(spec: &EdgeListSpec) -> Result<Columns, String> {
        let net = spec.net.trim().to_lowercase();
        if net.is_empty() {
            return Err("the network name is empty".to_owned());
        }
        if !spec.kind.needs_target() {
            return Err(format!(
                "an edge is an interaction between two accounts, so its kind cannot be {}",
                spec.kind
            ));
        }
        let named = [
            ("actor", Some(spec.actor_column)),
            ("target", Some(spec.target_column)),
            ("time", spec.time_column),
            ("weight", spec.weight_column),
        ];
        for (i, (name, column)) in named.iter().enumerate() {
            for (other, other_column) in &named[i + 1..] {
                if let (Some(a), Some(b)) = (column, other_column)
                    && a == b
                {
                    return Err(format!(
                        "the {name} and {other} columns are the same column ({})",
                        a + 1
                    ));
                }
            }
        }
        let at = match (spec.time_column, spec.at) {
            (Some(_), at) => at.unwrap_or(0),
            (None, Some(at)) => at,
            (None, None) => {
                return Err(
                    "the file has no time column, so its edges need an instant: pass --at with the date \
                            the edges stand for (or name the time column)"
                        .to_owned(),
                );
            }
        };
        let needed = named.iter().filter_map(|(_, c)| *c).max().unwrap_or(0) + 1;
        Ok(Columns {
            net,
            kind: spec.kind,
            actor: spec.actor_column,
            target: spec.target_column,
            time: spec.time_column,
            weight: spec.weight_column,
            at,
            needed,
        })
    }

    /// Parses one content line; the error is the reject reason.
    fn parse<'a>(&self, line: &'a [u8]) -> Result<Edge<'a>, String> {
        let text = std::str::from_utf8(line).map_err(|e| format!("invalid UTF-8 at byte {}", e.valid_up_to() + 1))?;
        let (mut actor, mut target, mut time, mut weight) = ("", "", None, None);
        let mut count = 0;
        for (i, field) in text.split_ascii_whitespace().take(self.needed).enumerate() {
            if i == self.actor {
                actor = field;
            } else if i == self.target {
                target = field;
            } else if Some(i) == self.time {
                time = Some((i, field));
            } else if Some(i) == self.weight {
                weight = Some((i, field));
            }
            count = i + 1;
        }
        if count < self.needed {
            return Err(format!(
                "expected at least {} whitespace-separated columns ({}), found {count}",
                self.needed,
                self.describe()
            ));
        }
        let at = match time {
            None => self.at,
            Some((i, time)) => parse_instant(time).map_err(|_| {
                format!(
                    "column {} (time): {time:?} is neither Unix seconds nor RFC 3339 with an offset",
                    i + 1
                )
            })?,
        };
        if let Some((i, weight)) = weight {
            let value: f64 = weight
                .parse()
                .ok()
                .filter(|w: &f64| w.is_finite() && numeric_ish(weight))
                .ok_or_else(|| format!("column {} (weight): {weight:?} is not a number", i + 1))?;
            if value <= 0.0 {
                return Err(format!(
                    "column {} (weight): {weight} is not positive, so the edge records no interaction",
                    i + 1
                ));
            }
        }
        Ok(Edge { actor, target, at })
    }

    /// The columns the spec names, 1-based as `cut` and `awk` count, for messages.
    fn describe(&self) -> String {
        let mut parts = vec![
            format!("actor in column {}", self.actor + 1),
            format!("target in column {}", self.target + 1),
        ];
        if let Some(i) = self.time {
            parts.push(format!("time in column {}", i + 1));
        }
        if let Some(i) = self.weight {
            parts.push(format!("weight in column {}", i + 1));
        }
        parts.join(", ")
    }

    /// The content hash of an edge: what the event says (accounts, instant, kind), not the weight.
    fn hash(&self, edge: &Edge) -> u128 {
        content_hash(&[
            edge.actor.as_bytes(),
            edge.target.as_bytes(),
            &edge.at.to_le_bytes(),
            self.kind.as_str().as_bytes(),
        ])
    }

    /// The key [`Occurrences`] rescans with: exactly the lines the reader turns into events.
    fn key_of(&self, line: &[u8]) -> Option<(u128, Instant)> {
        if is_blank_or_comment(line) {
            return None;
        }
        self.parse(line).ok().map(|edge| (self.hash(&edge), edge.at))
    }
}

/// The reader: one record per content line.
struct EdgeRecords {
    source: String,
    lines: Lines,
    columns: Columns,
    occurrences: Occurrences,
    finished: bool,
}

impl EdgeRecords {
    fn new(source: String, stream: Source, columns: Columns, occurrences: Occurrences) -> EdgeRecords {
        EdgeRecords {
            source,
            lines: Lines::new(stream),
            columns,
            occurrences,
            finished: false,
        }
    }
}

impl Iterator for EdgeRecords {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        if self.finished {
            return None;
        }
        let (source, columns, occurrences) = (&self.source, &self.columns, &mut self.occurrences);
        let step = next_content(&mut self.lines, source, |bytes, number| {
            let reject = |reason: String| line_reject(source, number, bytes, reason);
            let edge = match columns.parse(bytes) {
                Ok(edge) => edge,
                Err(reason) => return (Err(reject(reason)), false),
            };
            let hash = columns.hash(&edge);
            let occurrence = match occurrences.count(hash, edge.at, number) {
                Ok(occurrence) => occurrence,
                Err(e) => {
                    let reason = format!("read error while re-reading the file to number repeated lines: {e}");
                    return (Err(reject(reason)), true);
                }
            };
            let event = Event::new(
                content_id(ID_PREFIX, edge.at, hash, occurrence),
                columns.net.as_str(),
                columns.kind,
                edge.actor,
                edge.at,
            )
            .with_target(edge.target);
            (Ok(Item::Event(event)), false)
        });
        match step {
            ContentLine::Parsed((record, fatal)) => {
                self.finished = fatal;
                Some(record)
            }
            ContentLine::TooLong(reject) => Some(Err(reject)),
            ContentLine::Failed(reject) => {
                self.finished = true;
                Some(Err(reject))
            }
            ContentLine::End => {
                self.finished = true;
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> EdgeListSpec {
        EdgeListSpec {
            net: "Twitter".to_owned(),
            kind: EventKind::Repost,
            weight_column: Some(2),
            at: Some(100),
            ..EdgeListSpec::default()
        }
    }

    fn columns(spec: &EdgeListSpec) -> Columns {
        Columns::validate(spec).unwrap()
    }

    #[test]
    fn parses_spaces_tabs_and_extra_columns() {
        let c = columns(&spec());
        assert_eq!(c.net, "twitter");
        assert_eq!(
            c.parse(b"1 2 3").unwrap(),
            Edge {
                actor: "1",
                target: "2",
                at: 100
            }
        );
        assert_eq!(c.parse(b" 1\t2   0.5 extra more").unwrap().target, "2");
        let timed = columns(&EdgeListSpec {
            time_column: Some(3),
            at: None,
            ..spec()
        });
        assert_eq!(timed.parse(b"a b 1 1341100972").unwrap().at, 1_341_100_972);
        assert_eq!(timed.parse(b"a b 1 2012-07-01T00:00:00Z").unwrap().at, 1_341_100_800);
        let swapped = columns(&EdgeListSpec {
            actor_column: 1,
            target_column: 0,
            weight_column: None,
            ..spec()
        });
        assert_eq!(swapped.parse(b"x y").unwrap().actor, "y");
    }

    #[test]
    fn bad_lines_have_reasons() {
        let c = columns(&EdgeListSpec {
            time_column: Some(3),
            ..spec()
        });
        let reason = |line: &[u8]| c.parse(line).unwrap_err();
        assert_eq!(
            reason(b"1 2 3"),
            "expected at least 4 whitespace-separated columns (actor in column 1, target in column 2, time in \
             column 4, weight in column 3), found 3"
        );
        assert_eq!(
            reason(b"1 2 3 soon"),
            "column 4 (time): \"soon\" is neither Unix seconds nor RFC 3339 with an offset"
        );
        assert_eq!(reason(b"1 2 x 5"), "column 3 (weight): \"x\" is not a number");
        assert_eq!(reason(b"1 2 inf 5"), "column 3 (weight): \"inf\" is not a number");
        assert_eq!(
            reason(b"1 2 0 5"),
            "column 3 (weight): 0 is not positive, so the edge records no interaction"
        );
        assert!(reason(b"1 2 -1 5").contains("not positive"));
        assert_eq!(reason(b"1 \xff 1 5"), "invalid UTF-8 at byte 3");
    }

    #[test]
    fn far_columns_are_found() {
        let c = columns(&EdgeListSpec {
            actor_column: 9,
            target_column: 0,
            weight_column: None,
            ..spec()
        });
        assert_eq!(c.parse(b"0 1 2 3 4 5 6 7 8 9 10").unwrap().actor, "9");
        assert!(c.parse(b"0 1 2 3 4 5 6 7 8").unwrap_err().contains("found 9"));
    }

    #[test]
    fn bad_specs_are_refused_once() {
        let refused = |spec: EdgeListSpec| Columns::validate(&spec).unwrap_err();
        assert!(refused(EdgeListSpec { at: None, ..spec() }).contains("pass --at"));
        assert_eq!(
            refused(EdgeListSpec {
                weight_column: Some(1),
                ..spec()
            }),
            "the target and weight columns are the same column (2)"
        );
        assert!(
            refused(EdgeListSpec {
                kind: EventKind::Post,
                ..spec()
            })
            .contains("cannot be post")
        );
        assert!(
            refused(EdgeListSpec {
                net: " ".into(),
                ..spec()
            })
            .contains("network")
        );
        // A time column needs no default instant.
        assert!(
            Columns::validate(&EdgeListSpec {
                time_column: Some(3),
                at: None,
                ..spec()
            })
            .is_ok()
        );
    }

    #[test]
    fn the_weight_is_not_part_of_the_hash() {
        let c = columns(&spec());
        let key = |line: &[u8]| c.key_of(line).unwrap();
        assert_eq!(key(b"1 2 3"), key(b"1\t2\t7"));
        assert_ne!(key(b"1 2 3"), key(b"2 1 3"));
        assert_eq!(c.key_of(b"# 1 2 3"), None);
        assert_eq!(c.key_of(b"1 2 0"), None);
    }

    #[test]
    fn sniffing_needs_the_name_and_numeric_columns() {
        let sniff = |name: &str, head: &str| sniff(Path::new(name), head.as_bytes());
        assert_eq!(
            sniff("higgs-retweet_network.edgelist.gz", "1 2 3\n"),
            Some(Format::EdgeList)
        );
        assert_eq!(sniff("g.EDGES", "# c\r\n\r\n1\t2\r\n"), Some(Format::EdgeList));
        assert_eq!(sniff("g.el", "1 2 0.5 1341100972\n"), Some(Format::EdgeList));
        assert_eq!(sniff("g.txt", "1 2 3\n"), None, "the name decides first");
        assert_eq!(sniff("g.edgelist", "1 2 1341100972 RT\n"), None, "Higgs stays Higgs");
        assert_eq!(sniff("g.edgelist", "{\"kind\":\"post\",\"actor\":\"a\"}\n"), None);
        assert_eq!(sniff("g.edgelist", "1\n"), None);
        assert_eq!(sniff("g.edgelist", "1 2 3 4 5\n"), None);
        assert_eq!(sniff("g.edgelist", "a b\n"), None);
        assert_eq!(sniff("g.edgelist", "1 2 nan\n"), None);
        assert_eq!(sniff("g.edgelist", "1 2"), None, "a line cut by the head is not judged");
    }
}
