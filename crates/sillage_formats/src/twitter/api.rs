//! Twitter API JSON: v1.1 statuses and v2 responses, as JSON Lines (read line by line, memory
//! bounded by the longest line) or as one JSON document (read whole, at most
//! [`MAX_FILE_BYTES`]).
//!
//! Which of the two a file is gets decided on its first non-blank line: if that line is a whole
//! JSON value the file is JSON Lines (twarc's flat and noflat layouts, one tweet or one response
//! per line); otherwise it is a pretty-printed document.

use std::io::{BufRead, Read};

use serde_json::value::RawValue;

use super::convert::Sink;
use super::doc::{Text, api_node, api_value};
use super::model::Node;
use crate::bundle::MAX_FILE_BYTES;
use crate::lines::{Lines, MAX_LINE_BYTES, is_blank};
use crate::record::{Records, raw_excerpt};
use crate::source::Source;
use crate::{Record, Reject};

/// Reads an API dump from a byte stream; `source` names it in rejects.
pub(crate) fn records(source: String, stream: Source) -> Records {
    Box::new(ApiReader {
        source,
        state: State::Start(stream),
        sink: Sink::new(),
    })
}

struct ApiReader {
    source: String,
    state: State,
    sink: Sink,
}

enum State {
    Start(Source),
    /// JSON Lines; the number of lines read before the `Lines` took over.
    Lines(Lines, u64),
    Done,
}

impl Iterator for ApiReader {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        loop {
            if let Some(record) = self.sink.records.pop_front() {
                return Some(record);
            }
            match std::mem::replace(&mut self.state, State::Done) {
                State::Done => return None,
                State::Start(stream) => self.start(stream),
                State::Lines(mut lines, skipped) => match lines.next_line() {
                    None => {}
                    Some(Err(e)) => self.read_error(skipped + lines.number() + 1, &e),
                    Some(Ok(line)) => {
                        let number = skipped + line.number;
                        if !is_blank(line.bytes) {
                            if line.truncated {
                                let reason = format!("line longer than {MAX_LINE_BYTES} bytes");
                                self.sink
                                    .records
                                    .push_back(Err(reject(&self.source, number, reason, line.bytes)));
                            } else {
                                json_line(&self.source, line.bytes, number, &mut self.sink);
                            }
                        }
                        self.state = State::Lines(lines, skipped);
                    }
                },
            }
        }
    }
}

impl ApiReader {
    /// Reads up to the first non-blank line and decides between JSON Lines and a document.
    fn start(&mut self, mut stream: Source) {
        let mut consumed: Vec<u8> = Vec::new();
        let mut number = 0;
        loop {
            let start = consumed.len();
            match (&mut stream)
                .take(MAX_LINE_BYTES as u64 + 1)
                .read_until(b'\n', &mut consumed)
            {
                Err(e) => return self.read_error(number + 1, &e),
                Ok(0) => return, // only blank lines
                Ok(_) => {}
            }
            number += 1;
            let mut line = &consumed[start..];
            if number == 1 {
                line = line.strip_prefix(b"\xef\xbb\xbf").unwrap_or(line);
            }
            let line = line.trim_ascii();
            if line.is_empty() {
                continue;
            }
            if object_line(&self.source, line, number, &mut self.sink) {
                self.state = State::Lines(Lines::new(stream), number);
            } else if serde_json::from_slice::<&RawValue>(line).is_ok() {
                let line = line.to_vec();
                json_line(&self.source, &line, number, &mut self.sink);
                self.state = State::Lines(Lines::new(stream), number);
            } else {
                self.document(consumed, stream);
            }
            return;
        }
    }

    /// Reads the rest of a pretty-printed document and walks it.
    fn document(&mut self, mut bytes: Vec<u8>, stream: Source) {
        let limit = MAX_FILE_BYTES.saturating_sub(bytes.len() as u64) + 1;
        if let Err(e) = stream.take(limit).read_to_end(&mut bytes) {
            return self.read_error(1, &e);
        }
        if bytes.len() as u64 > MAX_FILE_BYTES {
            let reason =
                format!("a JSON document larger than {MAX_FILE_BYTES} bytes is not read (split it into JSON Lines)");
            self.sink
                .records
                .push_back(Err(reject(&self.source, 1, reason, &bytes)));
            return;
        }
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
        // A stray invalid byte inside some text should not cost the whole document.
        let text = super::archive::utf8(bytes);
        walk_document(&self.source, &text, &mut self.sink);
    }

    fn read_error(&mut self, line: u64, e: &std::io::Error) {
        let reason = format!("read error: {e}");
        self.sink
            .records
            .push_back(Err(reject(&self.source, line, reason, b"")));
        self.state = State::Done;
    }
}

/// Walks every JSON value of a document (usually one; concatenated values are accepted).
pub(crate) fn walk_document(source: &str, text: &str, sink: &mut Sink) {
    let doc = Text::document(source, text);
    let mut values = serde_json::Deserializer::from_str(text).into_iter::<&RawValue>();
    loop {
        match values.next() {
            None => return,
            Some(Ok(value)) => api_value(&doc, value, 0, sink),
            Some(Err(e)) => {
                let line = e.line().max(1) as u64;
                let start = text.split_inclusive('\n').nth(line as usize - 1).unwrap_or_default();
                let reason = format!("malformed JSON (the rest of the document is not read): {e}");
                sink.records
                    .push_back(Err(reject(source, line, reason, start.as_bytes())));
                return;
            }
        }
    }
}

/// The usual case of a JSON Lines line, one Twitter object: parsed once, straight into a node,
/// and read. `false` (nothing done) for any other line, which [`json_line`] then reads the slower
/// way that tells what is wrong.
fn object_line(source: &str, bytes: &[u8], number: u64, sink: &mut Sink) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    let json = text.trim_matches([' ', '\t', '\n', '\r']);
    if !json.starts_with('{') {
        return false;
    }
    match serde_json::from_str::<Node<'_>>(json) {
        Ok(node) => {
            api_node(&Text::line(source, text, number), &node, json, 0, sink);
            true
        }
        Err(_) => false,
    }
}

/// One JSON Lines line.
fn json_line(source: &str, bytes: &[u8], number: u64, sink: &mut Sink) {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let reason = format!("invalid UTF-8 at byte {}", e.valid_up_to() + 1);
            sink.records.push_back(Err(reject(source, number, reason, bytes)));
            return;
        }
    };
    if object_line(source, bytes, number, sink) {
        return;
    }
    match serde_json::from_str::<&RawValue>(text) {
        Ok(value) => api_value(&Text::line(source, text, number), value, 0, sink),
        Err(e) => sink
            .records
            .push_back(Err(reject(source, number, format!("malformed JSON: {e}"), bytes))),
    }
}

fn reject(source: &str, line: u64, reason: String, raw: &[u8]) -> Reject {
    Reject {
        source: source.to_owned(),
        line,
        reason,
        raw: raw_excerpt(raw),
    }
}
