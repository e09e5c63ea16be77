//! Mastodon: REST entities (statuses, notifications, accounts, thread contexts; JSON documents or
//! JSON Lines, bare or in a `{"request","body"}` capture) and ActivityPub account exports
//! (`outbox.json` with `actor.json` and `likes.json`: the folder, its `.zip`, or the outbox alone).
//!
//! # Ids: one event, one id, whatever the source
//!
//! Accounts are `user@instance` ([`handle`]). A status is keyed by its ActivityPub URI (REST `uri`,
//! the outbox object's `id`), so the same status read through the API and from an export is one
//! event. Mentions are `{status uri}#m:{account}`. Boosts, favourites and follows are keyed by who
//! did what to what: `repost:{booster}:{status uri}`, `like:{account}:{status uri}`,
//! `follow:{follower}:{followed}`. The boost key is built rather than taken from the boost's own URI
//! (REST reblog `uri`, the outbox `Announce` id, both `…/statuses/<n>/activity` on Mastodon)
//! because a `reblog` notification does not carry that URI: built keys make the status, the
//! notification and the export agree. The boost's own URI is kept as the event's `post`.
//!
//! # Instants
//!
//! Statuses carry `created_at`/`published`, notifications `created_at`. `likes.json` dates nothing;
//! a like gets the creation instant of the liked status, read from its Mastodon id (the earliest the
//! like can have happened, usually close to it: most likes come within hours of a post). Putting
//! every like at one export-wide instant instead would fake a burst. Likes of statuses whose URI has
//! no Mastodon id (other server software) are rejected with that reason.
//!
//! # Left out
//!
//! Who a REST `favourited: true` or `reblogged: true` flag belongs to (the viewer is not named), the
//! likers listed by `favourited_by` (no status URI, no time; their profiles are kept), tags and
//! instance documents (no interaction; rejected), follow notifications when the notified account
//! cannot be told (it is learnt from `reblog`/`favourite` notifications, whose status is the notified
//! account's own).

mod activitypub;
mod handle;
mod html;
mod rest;
mod sniff;

use std::collections::{HashSet, VecDeque};
use std::io::{BufRead, Cursor, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use sillage_model::{AccountRecord, Event};

use crate::bundle::{Bundle, MAX_FILE_BYTES};
use crate::lines::{Lines, MAX_LINE_BYTES, is_blank};
use crate::record::{Records, raw_excerpt};
use crate::source::{self, Source};
use crate::{Format, FormatError, Item, Record, Reject};

/// The network every record of this module belongs to.
pub(crate) const NET: &str = "mastodon";

pub(crate) fn open(path: &Path, format: Format, bytes_read: Arc<AtomicU64>) -> Result<Records, FormatError> {
    let io_error = |source| FormatError::Io {
        path: path.to_owned(),
        source,
    };
    match format {
        Format::ActivityPub if path.is_dir() || is_zip(path) => {
            let bundle = Bundle::open(path).map_err(io_error)?;
            activitypub::read_bundle(path, bundle, &bytes_read)
        }
        Format::ActivityPub => {
            let stream = source::open_path(path, bytes_read.clone()).map_err(io_error)?;
            let name = path.display().to_string();
            let mut export = activitypub::Export::default();
            let mut out = Out::new(&name);
            // The outbox given alone: its siblings are read when present, the owner first.
            let is_outbox = path.file_name().is_some_and(|n| n.eq_ignore_ascii_case("outbox.json"));
            let dir = path.parent().unwrap_or(Path::new("."));
            if is_outbox {
                activitypub::read_sibling(&mut export, &dir.join("actor.json"), &bytes_read, &mut out);
            }
            if let Some(bytes) = read_whole(stream, &mut out) {
                export.document(&bytes, &mut out);
            }
            if is_outbox {
                activitypub::read_sibling(&mut export, &dir.join("likes.json"), &bytes_read, &mut out);
            }
            Ok(Box::new(out.records.into_iter()))
        }
        _ if path.is_dir() => Err(FormatError::Unreadable {
            path: path.to_owned(),
            format: format.as_str(),
            reason: "a folder; give one file of Mastodon API responses".to_owned(),
        }),
        _ => {
            let stream = source::open_path(path, bytes_read).map_err(io_error)?;
            Ok(rest_records(&path.display().to_string(), stream))
        }
    }
}

pub(crate) fn from_stream(name: &str, stream: Source, format: Format) -> Result<Records, FormatError> {
    match format {
        Format::ActivityPub => {
            let mut out = Out::new(name);
            if let Some(bytes) = read_whole(stream, &mut out) {
                activitypub::Export::default().document(&bytes, &mut out);
            }
            Ok(Box::new(out.records.into_iter()))
        }
        _ => Ok(rest_records(name, stream)),
    }
}

/// Recognises [`Format::Mastodon`] or [`Format::ActivityPub`] from a file name and its first bytes.
pub(crate) fn sniff(path: &Path, head: &[u8]) -> Option<Format> {
    sniff::file(path, head)
}

/// Recognises an ActivityPub export folder or `.zip`: one holding an `outbox.json`.
pub(crate) fn sniff_bundle(path: &Path) -> Option<Format> {
    let bundle = Bundle::open(path).ok()?;
    activitypub::find_outbox(&bundle.names()).map(|_| Format::ActivityPub)
}

fn is_zip(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip"))
}

/// Reads a whole stream (bounded by [`MAX_FILE_BYTES`]); a failure becomes the one reject. The
/// stream's own buffer is copied from directly: `read_to_end` through a `dyn` reader would zero
/// every chunk of the growing buffer first, which costs as much as parsing.
fn read_whole(mut stream: Source, out: &mut Out) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    loop {
        let chunk = match stream.fill_buf() {
            Ok(chunk) => chunk,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                out.reject(1, format!("read error: {e}"), b"");
                return None;
            }
        };
        if chunk.is_empty() {
            return Some(bytes);
        }
        if (bytes.len() + chunk.len()) as u64 > MAX_FILE_BYTES {
            out.reject(1, format!("larger than {MAX_FILE_BYTES} bytes"), b"");
            return None;
        }
        bytes.extend_from_slice(chunk);
        let n = chunk.len();
        stream.consume(n);
    }
}

// ---------------------------------------------------------------------------------------------
// Output

/// What a reader produced so far, and the accounts whose profile it already gave.
pub(crate) struct Out {
    source: String,
    records: VecDeque<Record>,
    profiles: HashSet<String>,
}

impl Out {
    fn new(source: &str) -> Out {
        Out {
            source: source.to_owned(),
            records: VecDeque::new(),
            profiles: HashSet::new(),
        }
    }

    /// Runs `f` for another file of the same reader (a sibling, a file of a bundle): its rejects
    /// name that file.
    pub(crate) fn as_file(&mut self, source: &str, f: impl FnOnce(&mut Out)) {
        let saved = std::mem::replace(&mut self.source, source.to_owned());
        f(self);
        self.source = saved;
    }

    pub(crate) fn event(&mut self, event: Event) {
        self.records.push_back(Ok(Item::Event(event)));
    }

    /// A profile, given once per account and reader.
    pub(crate) fn account(&mut self, account: AccountRecord) {
        if self.profiles.insert(account.handle.clone()) {
            self.records.push_back(Ok(Item::Account(account)));
        }
    }

    pub(crate) fn reject(&mut self, line: u64, reason: String, raw: &[u8]) {
        self.records.push_back(Err(Reject {
            source: self.source.clone(),
            line,
            reason,
            raw: raw_excerpt(raw),
        }));
    }

    /// Drops the events produced since `mark` (by a record that failed half way). Profiles are
    /// kept: an account's profile is good data even when the record carrying it is not.
    pub(crate) fn rollback(&mut self, mark: usize) {
        let tail: Vec<Record> = self.records.drain(mark.min(self.records.len())..).collect();
        self.records
            .extend(tail.into_iter().filter(|r| matches!(r, Ok(Item::Account(_)))));
    }

    pub(crate) fn mark(&self) -> usize {
        self.records.len()
    }
}

// ---------------------------------------------------------------------------------------------
// Positions

/// A JSON text and the line it starts on, to give each record nested in it the line where the
/// record starts. Records are visited in order, so lines are counted incrementally.
pub(crate) struct Doc<'a> {
    pub text: &'a str,
    first_line: u64,
    cursor: std::cell::Cell<(usize, u64)>,
}

impl<'a> Doc<'a> {
    pub(crate) fn new(text: &'a str, first_line: u64) -> Doc<'a> {
        Doc {
            text,
            first_line,
            cursor: std::cell::Cell::new((0, first_line)),
        }
    }

    /// The 1-based line where `part` (a slice of this text) starts; the first line for any other
    /// string.
    pub(crate) fn line_of(&self, part: &str) -> u64 {
        let Some(offset) = (part.as_ptr() as usize).checked_sub(self.text.as_ptr() as usize) else {
            return self.first_line;
        };
        if offset > self.text.len() {
            return self.first_line;
        }
        let (mut from, mut line) = self.cursor.get();
        if offset < from {
            (from, line) = (0, self.first_line);
        }
        line += self.text.as_bytes()[from..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        self.cursor.set((offset, line));
        line
    }

    /// The line a serde error points at.
    pub(crate) fn error_line(&self, e: &serde_json::Error) -> u64 {
        self.first_line + (e.line().max(1) as u64) - 1
    }
}

/// Checks UTF-8 and strips a byte-order mark; the error is the reject reason.
pub(crate) fn text_of(bytes: &[u8]) -> Result<&str, String> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| format!("invalid UTF-8 at byte {}", e.valid_up_to() + 1))
}

// ---------------------------------------------------------------------------------------------
// REST input: one JSON document, or JSON Lines read as a stream

/// Reads REST entities: JSON Lines when the first content line is a JSON value by itself (read as a
/// stream), otherwise one JSON document (read whole).
fn rest_records(name: &str, mut stream: Source) -> Records {
    let mut out = Out::new(name);
    let mut head = Vec::new();
    // The first content line, and the blank lines before it.
    let first = loop {
        let start = head.len();
        match (&mut stream).take(MAX_LINE_BYTES as u64).read_until(b'\n', &mut head) {
            Ok(0) => break None,
            Ok(_) if is_blank(&head[start..]) => continue,
            Ok(_) => break Some(start),
            Err(e) => {
                out.reject(1, format!("read error: {e}"), b"");
                return Box::new(out.records.into_iter());
            }
        }
    };
    let Some(first) = first else {
        return Box::new(out.records.into_iter());
    };
    let first_line = head[first..].strip_prefix(b"\xef\xbb\xbf").unwrap_or(&head[first..]);
    let one_value = serde_json::from_slice::<serde::de::IgnoredAny>(first_line).is_ok();
    if one_value {
        let lines = Lines::new(Box::new(Cursor::new(head).chain(stream)));
        return Box::new(JsonLines {
            lines: Some(lines),
            rest: rest::Rest::default(),
            out,
        });
    }
    let Some(mut bytes) = read_whole(stream, &mut out) else {
        return Box::new(out.records.into_iter());
    };
    head.append(&mut bytes);
    let mut rest = rest::Rest::default();
    match text_of(&head) {
        Err(reason) => out.reject(1, reason, b""),
        Ok(text) => {
            if !rest.document(&Doc::new(text, 1), &mut out) && looks_like_lines(text) {
                // Not one document, but lines that each hold one: JSON Lines whose first line is
                // bad. The document's reject is replaced by one per bad line.
                out.records.pop_back();
                let lines = Lines::new(Box::new(Cursor::new(head)));
                return Box::new(JsonLines {
                    lines: Some(lines),
                    rest,
                    out,
                });
            }
        }
    }
    rest.finish(&mut out);
    Box::new(out.records.into_iter())
}

/// Whether the second content line of a text is a whole JSON object by itself.
fn looks_like_lines(text: &str) -> bool {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .nth(1)
        .is_some_and(|l| serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(l).is_ok())
}

/// JSON Lines of REST entities, one document per line, read as a stream.
struct JsonLines {
    lines: Option<Lines>,
    rest: rest::Rest,
    out: Out,
}

impl Iterator for JsonLines {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        loop {
            if let Some(record) = self.out.records.pop_front() {
                return Some(record);
            }
            let lines = self.lines.as_mut()?;
            match lines.next_line() {
                None => {
                    self.lines = None;
                    self.rest.finish(&mut self.out);
                }
                Some(Err(e)) => {
                    let line = lines.number() + 1;
                    self.lines = None;
                    self.out.reject(line, format!("read error: {e}"), b"");
                }
                Some(Ok(line)) => {
                    if is_blank(line.bytes) {
                        continue;
                    }
                    if line.truncated {
                        let reason = format!("line longer than {MAX_LINE_BYTES} bytes");
                        self.out.reject(line.number, reason, line.bytes);
                        continue;
                    }
                    match text_of(line.bytes) {
                        Ok(text) => {
                            self.rest.document(&Doc::new(text, line.number), &mut self.out);
                        }
                        Err(reason) => self.out.reject(line.number, reason, line.bytes),
                    }
                }
            }
        }
    }
}

/// Adds the bytes of a file read whole to the progress counter.
pub(crate) fn count(bytes_read: &AtomicU64, n: usize) {
    bytes_read.fetch_add(n as u64, Ordering::Relaxed);
}
