//! Reddit comments and submissions, one JSON object per line (Pushshift dump style, or Reddit API
//! objects written one per line).
//!
//! Each record becomes one event of network `reddit`, whose actor is the `author` as given and
//! whose id and `post` are the record's fullname (`t1_…` for a comment, `t3_…` for a submission:
//! `name`, or `id` with the prefix added). The subreddit is the event's one tag (lowercased, NFC).
//! Reddit records carry no language, so `lang` stays empty.
//!
//! - A **submission** (`title`, `selftext`, `url`) is a `post`; its text is the title, followed by
//!   the self text when there is one, and its url is the link unless it is a self post.
//! - A **comment** (`parent_id`, `link_id`, `body`) is a `reply` to its parent's author when that
//!   author is known, with `parent` = `parent_id`. The comment itself names only its parent's
//!   fullname, so the author is learnt from the parent's own record anywhere in the same file, or
//!   from the comment's `link_author` when its parent is the submission (Reddit API objects carry
//!   it; Pushshift dumps do not). When the parent's author is deleted or cannot be learnt, the
//!   comment is still a contribution of its author: it is emitted as a `post` with `parent` set,
//!   so that nothing is attributed to a wrong or unknown account.
//! - A record whose own author is `[deleted]` or `[removed]` cannot be attributed and is
//!   rejected with that reason; its fullname is remembered as deleted so that its replies become
//!   posts at once.
//!
//! **Memory.** Parents may come after their children in a dump, so the reader remembers, for
//! every record seen, its fullname and its author: 16 bytes of map entry for the pair (the
//! fullname packed into an integer, the author as an index into a table holding each distinct
//! author name once), about 30 bytes per record with the map's spare room. A comment whose
//! parent is not known yet is held back (only those are buffered, whole), and emitted at the end
//! of the file, as a reply if its parent turned up meanwhile and as a post otherwise. At most
//! [`MAX_PENDING`] comments are held: beyond that the oldest is emitted as if the file had ended,
//! which keeps memory bounded on a dump whose parents are mostly in other files. Comments held
//! back therefore come out after the rest, in file order.

use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasherDefault, Hasher};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;
use sillage_model::{Event, EventKind, Instant, normalize_tag, parse_instant};
use xxhash_rust::xxh3::xxh3_64;

use crate::json_fields::{self as json, Object};
use crate::lines::{ContentLine, Lines, is_blank_or_comment, line_reject, next_content};
use crate::record::Records;
use crate::source::{self, Source};
use crate::{Format, FormatError, Item, Record, Reject};

/// The network of every Reddit event.
const NET: &str = "reddit";

/// How many comments whose parent's author is not yet known are held back at most (whole events,
/// a few hundred bytes each with their text: some tens of megabytes).
pub(crate) const MAX_PENDING: usize = 100_000;

/// The authors Reddit writes for an account that no longer exists or a record taken down.
const DELETED: [&str; 2] = ["[deleted]", "[removed]"];

pub(crate) fn open(path: &Path, bytes_read: Arc<AtomicU64>) -> Result<Records, FormatError> {
    let stream = source::open_path(path, bytes_read).map_err(|source| FormatError::Io {
        path: path.to_owned(),
        source,
    })?;
    Ok(Box::new(RedditRecords::new(path.display().to_string(), stream)))
}

pub(crate) fn from_stream(name: &str, stream: Source) -> Result<Records, FormatError> {
    Ok(Box::new(RedditRecords::new(name.to_owned(), stream)))
}

/// Recognises [`Format::Reddit`]: the first line (blank and `#` lines aside) is a JSON object with
/// `subreddit`, `author`, and one of `link_id`, `parent_id` or `selftext`. A canonical event
/// (`kind` and `actor`) is never taken, whatever else it carries.
pub(crate) fn sniff(_path: &Path, head: &[u8]) -> Option<Format> {
    let first = head.split(|&b| b == b'\n').find(|line| !is_blank_or_comment(line))?;
    let obj = json::parse_object(first.strip_suffix(b"\r").unwrap_or(first)).ok()?;
    let has = |name: &str| obj.contains_key(name);
    if has("kind") && has("actor") {
        return None;
    }
    (has("subreddit") && has("author") && (has("link_id") || has("parent_id") || has("selftext")))
        .then_some(Format::Reddit)
}

/// A fullname packed for the author map (see [`fullname_key`]).
type Key = u64;

type AuthorMap = HashMap<Key, u32, BuildHasherDefault<MixHasher>>;

/// The author index meaning "deleted or removed".
const DELETED_AUTHOR: u32 = u32::MAX;

/// Packs a fullname into 64 bits. The usual shape, `t` + digit + `_` + at most 11 base-36 digits,
/// packs exactly (the id's value times 8 plus the type digit, below 2^60); anything else is
/// hashed, with the top bit set so that a hash never equals an exact key.
fn fullname_key(fullname: &str) -> Key {
    let bytes = fullname.as_bytes();
    if let [b't', kind @ b'1'..=b'6', b'_', id @ ..] = bytes
        && (1..=11).contains(&id.len())
    {
        let mut value: u64 = 0;
        let mut exact = true;
        for &b in id {
            let digit = match b {
                b'0'..=b'9' => b - b'0',
                b'a'..=b'z' => b - b'a' + 10,
                _ => {
                    exact = false;
                    break;
                }
            };
            value = value * 36 + u64::from(digit);
        }
        if exact {
            return (value << 3) | u64::from(kind - b'0');
        }
    }
    xxh3_64(bytes) | (1 << 63)
}

/// What is known of the accounts behind fullnames.
#[derive(Default)]
struct Authors {
    by_fullname: AuthorMap,
    /// Each distinct author name once, indexed by the values of `by_fullname`.
    names: Vec<Box<str>>,
    index: HashMap<Box<str>, u32, BuildHasherDefault<MixHasher>>,
}

/// A parent's author as far as the file tells.
enum Known<'a> {
    Author(&'a str),
    Deleted,
    Unknown,
}

impl Authors {
    /// Records the author of `fullname`; a record's own author replaces what a hint said.
    fn insert(&mut self, fullname: &str, author: &str, replace: bool) {
        let key = fullname_key(fullname);
        if !replace && self.by_fullname.contains_key(&key) {
            return;
        }
        let value = if DELETED.contains(&author) {
            DELETED_AUTHOR
        } else if let Some(&i) = self.index.get(author) {
            i
        } else {
            // More than 4 billion distinct authors would be needed to reach the marker value;
            // should it ever happen the extra authors are counted as unknown rather than wrong.
            let Ok(i) = u32::try_from(self.names.len()) else { return };
            if i == DELETED_AUTHOR {
                return;
            }
            self.names.push(author.into());
            self.index.insert(author.into(), i);
            i
        };
        self.by_fullname.insert(key, value);
    }

    fn get(&self, fullname: &str) -> Known<'_> {
        match self.by_fullname.get(&fullname_key(fullname)) {
            None => Known::Unknown,
            Some(&DELETED_AUTHOR) => Known::Deleted,
            Some(&i) => self
                .names
                .get(i as usize)
                .map_or(Known::Unknown, |name| Known::Author(name)),
        }
    }
}

/// One record, read.
struct Parsed {
    /// The event as a post; a comment becomes a reply once its parent's author is known.
    event: Event,
    /// For a comment: the submission it belongs to and that submission's author, if the record
    /// says (`link_id`, `link_author`).
    link_author: Option<(String, String)>,
}

/// Why a record gives no event.
struct Unattributable {
    /// The record's fullname, when it could be read, so that its replies need not wait.
    fullname: Option<String>,
    reason: String,
}

/// Reads one JSON line. A comment's event is returned as a post with `parent` set.
fn parse(line: &[u8]) -> Result<Parsed, Unattributable> {
    let fail = |reason: String| Unattributable { fullname: None, reason };
    let f = Fields::read(line).map_err(fail)?;
    let comment = f.is_comment().map_err(fail)?;
    let fullname = fullname(f.name, f.id, comment).map_err(fail)?;
    let author = match string("author", f.author) {
        Ok(Some(author)) if !author.trim().is_empty() => author,
        Ok(Some(_)) => return Err(fail("field \"author\" is empty".to_owned())),
        Ok(None) => return Err(fail("missing required field \"author\"".to_owned())),
        Err(reason) => return Err(fail(reason)),
    };
    if DELETED.contains(&author.as_str()) {
        return Err(Unattributable {
            fullname: Some(fullname),
            reason: format!("author is {author:?}: the record cannot be attributed to an account"),
        });
    }
    let at = created_utc(f.created_utc).map_err(fail)?;
    let subreddit = string("subreddit", f.subreddit).map_err(fail)?;
    let tags: Vec<String> = subreddit
        .iter()
        .map(|s| normalize_tag(s))
        .filter(|t| !t.is_empty())
        .collect();
    let mut event = Event {
        post: Some(fullname.clone()),
        tags,
        ..Event::new(fullname, NET, EventKind::Post, author, at)
    };
    let mut link_author = None;
    if comment {
        event.text = string("body", f.body).map_err(fail)?.filter(|t| is_content(t));
        let link_id = identifier("link_id", f.link_id).map_err(fail)?;
        let parent = identifier("parent_id", f.parent_id).map_err(fail)?;
        event.parent = parent.or_else(|| link_id.clone());
        // `link_author` is a convenience of the API objects; a wrong type there is no reason to
        // lose the comment.
        if let (Some(link_id), Ok(Some(author))) = (link_id, string("link_author", f.link_author))
            && !author.trim().is_empty()
        {
            link_author = Some((link_id, author));
        }
    } else {
        let title = string("title", f.title).map_err(fail)?.filter(|t| is_content(t));
        let selftext = string("selftext", f.selftext).map_err(fail)?.filter(|t| is_content(t));
        event.text = match (title, selftext) {
            (Some(title), Some(selftext)) => Some(format!("{title}\n\n{selftext}")),
            (title, selftext) => title.or(selftext),
        };
        let is_self = f
            .is_self
            .is_some_and(|v| json::flag(&one("is_self", v), "is_self") == Ok(Some(true)));
        if !is_self && let Ok(Some(url)) = string("url", f.url) {
            let url = url.trim();
            if !url.is_empty() {
                event.urls.push(url.to_owned());
            }
        }
    }
    Ok(Parsed { event, link_author })
}

/// The fields this reader uses, as JSON values; `null` counts as absent.
#[derive(Default)]
struct Fields {
    name: Option<Value>,
    id: Option<Value>,
    author: Option<Value>,
    created_utc: Option<Value>,
    subreddit: Option<Value>,
    parent_id: Option<Value>,
    link_id: Option<Value>,
    link_author: Option<Value>,
    body: Option<Value>,
    title: Option<Value>,
    selftext: Option<Value>,
    url: Option<Value>,
    is_self: Option<Value>,
}

/// The same fields as raw JSON text, borrowed from the line. Dump records carry some forty fields,
/// most of them (`body_html`, flair, awards) large and unused: skipping them without building
/// values makes the reader about twice as fast as parsing whole objects.
#[derive(Deserialize)]
struct RawFields<'a> {
    #[serde(borrow)]
    name: Option<&'a RawValue>,
    #[serde(borrow)]
    id: Option<&'a RawValue>,
    #[serde(borrow)]
    author: Option<&'a RawValue>,
    #[serde(borrow)]
    created_utc: Option<&'a RawValue>,
    #[serde(borrow)]
    subreddit: Option<&'a RawValue>,
    #[serde(borrow)]
    parent_id: Option<&'a RawValue>,
    #[serde(borrow)]
    link_id: Option<&'a RawValue>,
    #[serde(borrow)]
    link_author: Option<&'a RawValue>,
    #[serde(borrow)]
    body: Option<&'a RawValue>,
    #[serde(borrow)]
    title: Option<&'a RawValue>,
    #[serde(borrow)]
    selftext: Option<&'a RawValue>,
    #[serde(borrow)]
    url: Option<&'a RawValue>,
    #[serde(borrow)]
    is_self: Option<&'a RawValue>,
}

impl Fields {
    /// Reads the fields of one line. A line the fast path cannot read (not an object, malformed,
    /// a repeated key) is parsed whole instead, so that its reject reason is the one every JSON
    /// reader gives, and so that repeated keys keep JSON's last-one-wins meaning.
    fn read(line: &[u8]) -> Result<Fields, String> {
        let raw = std::str::from_utf8(line)
            .ok()
            .and_then(|text| serde_json::from_str::<RawFields>(text).ok());
        let Some(raw) = raw else {
            return Ok(Fields::from_object(json::parse_object(line)?));
        };
        let value = |raw: Option<&RawValue>| -> Result<Option<Value>, String> {
            match raw {
                None => Ok(None),
                Some(raw) => match serde_json::from_str(raw.get()) {
                    Ok(Value::Null) => Ok(None),
                    Ok(value) => Ok(Some(value)),
                    Err(e) => Err(format!("malformed JSON: {e}")),
                },
            }
        };
        Ok(Fields {
            name: value(raw.name)?,
            id: value(raw.id)?,
            author: value(raw.author)?,
            created_utc: value(raw.created_utc)?,
            subreddit: value(raw.subreddit)?,
            parent_id: value(raw.parent_id)?,
            link_id: value(raw.link_id)?,
            link_author: value(raw.link_author)?,
            body: value(raw.body)?,
            title: value(raw.title)?,
            selftext: value(raw.selftext)?,
            url: value(raw.url)?,
            is_self: value(raw.is_self)?,
        })
    }

    fn from_object(mut obj: Object) -> Fields {
        let mut take = |name: &str| obj.remove(name).filter(|v| !v.is_null());
        Fields {
            name: take("name"),
            id: take("id"),
            author: take("author"),
            created_utc: take("created_utc"),
            subreddit: take("subreddit"),
            parent_id: take("parent_id"),
            link_id: take("link_id"),
            link_author: take("link_author"),
            body: take("body"),
            title: take("title"),
            selftext: take("selftext"),
            url: take("url"),
            is_self: take("is_self"),
        }
    }

    /// Whether the record is a comment (true) or a submission (false): its fullname's prefix when
    /// it has one, else the fields only one of them has.
    fn is_comment(&self) -> Result<bool, String> {
        if let Some(Value::String(name)) = &self.name {
            if name.starts_with("t1_") {
                return Ok(true);
            }
            if name.starts_with("t3_") {
                return Ok(false);
            }
        }
        if self.parent_id.is_some() || self.link_id.is_some() || (self.body.is_some() && self.title.is_none()) {
            Ok(true)
        } else if self.title.is_some() || self.selftext.is_some() {
            Ok(false)
        } else {
            Err("neither a comment (no parent_id, link_id or body) nor a submission (no title or selftext)".to_owned())
        }
    }
}

/// A one-field object, to reuse [`json`]'s typed accessors and their messages.
fn one(name: &str, value: Value) -> Object {
    let mut obj = Object::new();
    obj.insert(name.to_owned(), value);
    obj
}

/// A string field, moved out of its value rather than copied.
fn string(name: &str, value: Option<Value>) -> Result<Option<String>, String> {
    match value {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => json::string(&one(name, other), name),
    }
}

/// An identifier (a string, or an integer written as its decimal string), trimmed; empty counts
/// as absent.
fn identifier(name: &str, value: Option<Value>) -> Result<Option<String>, String> {
    let id = match value {
        None => None,
        Some(Value::String(s)) => Some(s),
        Some(other) => json::identifier(&one(name, other), name)?,
    };
    Ok(id.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()))
}

/// Text worth keeping: not empty and not Reddit's placeholder for deleted content.
fn is_content(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty() && !DELETED.contains(&t)
}

/// The record's fullname: `name`, or `id` with the `t1_`/`t3_` prefix its type calls for.
fn fullname(name: Option<Value>, id: Option<Value>, comment: bool) -> Result<String, String> {
    let prefix = if comment { "t1_" } else { "t3_" };
    if let Some(name) = identifier("name", name)? {
        if name.starts_with(prefix) {
            return Ok(name);
        }
        return Err(format!("field \"name\": {name:?} is not a {prefix}… fullname"));
    }
    match (identifier("id", id.clone())?, id) {
        (None, None) => Err("missing required field \"id\" (or \"name\")".to_owned()),
        (None, Some(_)) => Err("field \"id\" is empty".to_owned()),
        (Some(id), _) if id.starts_with(prefix) => Ok(id),
        (Some(id), _) => Ok(format!("{prefix}{id}")),
    }
}

/// `created_utc`: integer or fractional Unix seconds (the API writes `1482373040.0`), as a number
/// or a string. Fractions are dropped, as everywhere in Sillage.
fn created_utc(value: Option<Value>) -> Result<Instant, String> {
    const NAME: &str = "created_utc";
    let seconds = |f: f64, shown: &dyn std::fmt::Display| {
        // The range check keeps the conversion exact; i64 seconds reach far past any real date.
        if f.is_finite() && f.abs() < 1e17 {
            Ok(f.floor() as Instant)
        } else {
            Err(format!("field {NAME:?}: {shown} is not a Unix timestamp"))
        }
    };
    match value {
        None => Err(format!("missing required field {NAME:?}")),
        Some(Value::Number(n)) => match n.as_i64() {
            Some(i) => Ok(i),
            None => seconds(n.as_f64().unwrap_or(f64::NAN), &n),
        },
        Some(Value::String(s)) => parse_instant(&s).or_else(|e| match s.trim().parse::<f64>() {
            Ok(f) if s.trim().bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'-') => {
                seconds(f, &format!("{s:?}"))
            }
            _ => Err(format!("field {NAME:?}: {e}")),
        }),
        Some(other) => json::instant(&one(NAME, other), NAME)
            .and_then(|at| at.ok_or_else(|| format!("missing required field {NAME:?}"))),
    }
}

/// The reader: one record per content line, comments waiting for their parent at the end.
struct RedditRecords {
    source: String,
    lines: Lines,
    authors: Authors,
    /// Comments whose parent's author was unknown when they were read, in file order.
    pending: VecDeque<Event>,
    /// A read error, reported after the pending comments are flushed.
    failure: Option<Reject>,
    /// No more lines to read: only pending comments and `failure` remain.
    drained: bool,
}

impl RedditRecords {
    fn new(source: String, stream: Source) -> RedditRecords {
        RedditRecords {
            source,
            lines: Lines::new(stream),
            authors: Authors::default(),
            pending: VecDeque::new(),
            failure: None,
            drained: false,
        }
    }

    /// Turns a comment into a reply if its parent's author is known now. Returns whether the
    /// comment is settled: a reply, or a post for good because its parent's author is deleted.
    fn resolve(&self, event: &mut Event) -> bool {
        let Some(parent) = event.parent.as_deref() else {
            return true;
        };
        match self.authors.get(parent) {
            Known::Author(author) => {
                event.target = Some(author.to_owned());
                event.kind = EventKind::Reply;
                true
            }
            Known::Deleted => true,
            Known::Unknown => false,
        }
    }

    /// Settles a held-back comment for good: a reply if its parent turned up, a post otherwise.
    fn settle(&self, mut event: Event) -> Record {
        self.resolve(&mut event);
        Ok(Item::Event(event))
    }

    /// Reads lines until one gives a record; `None` once the stream is exhausted.
    fn next_from_lines(&mut self) -> Option<Record> {
        loop {
            let source = &self.source;
            let step = next_content(&mut self.lines, source, |bytes, number| {
                parse(bytes).map_err(|Unattributable { fullname, reason }| {
                    (line_reject(source, number, bytes, reason), fullname)
                })
            });
            let parsed = match step {
                ContentLine::End => return None,
                ContentLine::Failed(reject) => {
                    self.failure = Some(reject);
                    return None;
                }
                ContentLine::TooLong(reject) => return Some(Err(reject)),
                ContentLine::Parsed(Err((reject, fullname))) => {
                    if let Some(fullname) = fullname {
                        self.authors.insert(&fullname, DELETED[0], true);
                    }
                    return Some(Err(reject));
                }
                ContentLine::Parsed(Ok(parsed)) => parsed,
            };
            let Parsed { mut event, link_author } = parsed;
            if let Some((link_id, author)) = link_author {
                self.authors.insert(&link_id, &author, false);
            }
            self.authors.insert(&event.id, &event.actor, true);
            if self.resolve(&mut event) {
                return Some(Ok(Item::Event(event)));
            }
            self.pending.push_back(event);
            if self.pending.len() > MAX_PENDING {
                let oldest = self.pending.pop_front()?;
                return Some(self.settle(oldest));
            }
        }
    }
}

impl Iterator for RedditRecords {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        if !self.drained {
            if let Some(record) = self.next_from_lines() {
                return Some(record);
            }
            self.drained = true;
        }
        match self.pending.pop_front() {
            Some(event) => Some(self.settle(event)),
            None => self.failure.take().map(Err),
        }
    }
}

/// A fast hasher for the author map and index. The packed keys' low bits are the type digit and
/// the last base-36 digit, far from uniform, so every word is multiplied by a large odd constant.
/// Keys come from the file being read; a file built to collide only slows its own reading.
#[derive(Default)]
struct MixHasher(u64);

impl Hasher for MixHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
        let mut last = [0u8; 8];
        last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        // The length keeps `ab` and `ab\0` apart.
        self.write_u64(u64::from_le_bytes(last) ^ ((bytes.len() as u64) << 56));
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0 ^ n).wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(26);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(line: &str) -> Event {
        parse(line.as_bytes()).unwrap_or_else(|u| panic!("{}", u.reason)).event
    }

    fn reason(line: &str) -> String {
        match parse(line.as_bytes()) {
            Ok(p) => panic!("parsed {:?}", p.event),
            Err(u) => u.reason,
        }
    }

    #[test]
    fn fullnames_pack_exactly_or_hash_apart() {
        assert_eq!(fullname_key("t1_0"), 1);
        assert_eq!(fullname_key("t3_z"), (35 << 3) | 3);
        assert_ne!(fullname_key("t1_abc"), fullname_key("t3_abc"));
        assert_eq!(fullname_key("t1_zzzzzzzzzzz") >> 63, 0, "11 digits still pack");
        assert_eq!(fullname_key("t1_zzzzzzzzzzzz") >> 63, 1, "12 digits are hashed");
        assert_eq!(fullname_key("t1_ABC") >> 63, 1);
        assert_eq!(fullname_key("x"), fullname_key("x"));
    }

    #[test]
    fn submissions_are_posts() {
        let e = parsed(
            r#"{"id":"5jffj1","author":"Al","title":"What's this?","selftext":"a coin","url":"http://i.imgur.com/x.jpg","subreddit":"Coins","created_utc":"1482373040"}"#,
        );
        assert_eq!(
            e,
            Event {
                post: Some("t3_5jffj1".into()),
                tags: vec!["coins".into()],
                urls: vec!["http://i.imgur.com/x.jpg".into()],
                text: Some("What's this?\n\na coin".into()),
                ..Event::new("t3_5jffj1", "reddit", EventKind::Post, "Al", 1_482_373_040)
            }
        );
        let e = parsed(
            r#"{"name":"t3_a","author":"Al","title":"T","selftext":"[removed]","is_self":true,"url":"https://reddit.com/r/x/a","created_utc":5}"#,
        );
        assert_eq!((e.text.as_deref(), e.urls.len()), (Some("T"), 0));
    }

    #[test]
    fn comments_start_as_posts_with_their_parent() {
        let p = parse(
            br#"{"id":"dbhn11d","author":"Mametaro","parent_id":"t3_5jffj1","link_id":"t3_5jffj1","link_author":"AndrewZabar","body":"1979","subreddit":"coins","created_utc":1482373040.0}"#,
        )
        .ok()
        .unwrap();
        assert_eq!(p.event.id, "t1_dbhn11d");
        assert_eq!(p.event.kind, EventKind::Post);
        assert_eq!(p.event.parent.as_deref(), Some("t3_5jffj1"));
        assert_eq!(p.event.at, 1_482_373_040);
        assert_eq!(p.event.text.as_deref(), Some("1979"));
        assert_eq!(p.link_author, Some(("t3_5jffj1".into(), "AndrewZabar".into())));
        let e = parsed(r#"{"name":"t1_x","author":"a","link_id":"t3_l","body":"[deleted]","created_utc":"1.9"}"#);
        assert_eq!((e.parent.as_deref(), e.text, e.at), (Some("t3_l"), None, 1));
    }

    #[test]
    fn bad_records_have_reasons() {
        assert_eq!(
            reason(r#"{"id":"x","author":"[deleted]","body":"b","parent_id":"t1_y","created_utc":1}"#),
            "author is \"[deleted]\": the record cannot be attributed to an account"
        );
        assert_eq!(
            reason(r#"{"id":"x","body":"b","created_utc":1}"#),
            "missing required field \"author\""
        );
        assert_eq!(
            reason(r#"{"id":"x","author":"a","body":"b"}"#),
            "missing required field \"created_utc\""
        );
        assert!(reason(r#"{"id":"x","author":"a","body":"b","created_utc":"soon"}"#).contains("\"soon\""));
        assert!(reason(r#"{"id":"x","author":"a","body":"b","created_utc":1e300}"#).contains("not a Unix timestamp"));
        assert!(reason(r#"{"id":"x","author":"a","created_utc":1}"#).starts_with("neither a comment"));
        assert_eq!(
            reason(r#"{"author":"a","body":"b","created_utc":1}"#),
            "missing required field \"id\" (or \"name\")"
        );
        assert_eq!(
            reason(r#"{"name":"t5_x","id":"x","author":"a","body":"b","parent_id":"t3_y","created_utc":1}"#),
            "field \"name\": \"t5_x\" is not a t1_… fullname"
        );
        assert!(reason("[1]").contains("expected a JSON object"));
    }

    #[test]
    fn at_most_max_pending_comments_wait_for_their_parent() {
        use std::fmt::Write;
        let mut dump = String::new();
        for i in 0..=MAX_PENDING {
            writeln!(
                dump,
                r#"{{"id":"c{i}","author":"a","parent_id":"t3_p","created_utc":1}}"#
            )
            .unwrap();
        }
        writeln!(dump, r#"{{"id":"p","author":"op","title":"t","created_utc":0}}"#).unwrap();
        let records = RedditRecords::new("dump".into(), Box::new(std::io::Cursor::new(dump.into_bytes())));
        let events: Vec<Event> = records
            .map(|r| match r {
                Ok(Item::Event(e)) => e,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(events.len(), MAX_PENDING + 2);
        // The first comment was settled as a post when the buffer overflowed, before its parent came.
        assert_eq!((events[0].id.as_str(), events[0].kind), ("t1_c0", EventKind::Post));
        assert_eq!((events[1].id.as_str(), events[1].kind), ("t3_p", EventKind::Post));
        assert!(
            events[2..]
                .iter()
                .all(|e| e.kind == EventKind::Reply && e.target.as_deref() == Some("op"))
        );
    }

    #[test]
    fn sniffing() {
        let sniff = |head: &str| sniff(Path::new("x"), head.as_bytes());
        let comment = r#"{"author":"a","subreddit":"s","parent_id":"t1_x"}"#;
        assert_eq!(sniff(&format!("\n{comment}\r\n{{")), Some(Format::Reddit));
        assert_eq!(
            sniff(r#"{"author":"a","subreddit":"s","selftext":""}"#),
            Some(Format::Reddit)
        );
        assert_eq!(sniff(r#"{"author":"a","subreddit":"s"}"#), None);
        assert_eq!(
            sniff(r#"{"kind":"post","actor":"a","author":"a","subreddit":"s","parent_id":"t1_x"}"#),
            None
        );
        assert_eq!(sniff("1 2 3 RT"), None);
    }
}
