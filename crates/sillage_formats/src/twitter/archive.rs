//! Twitter/X account archives: the folder, its `.zip`, or one `data/*.js` file.
//!
//! Each `data/*.js` file is a JavaScript assignment, `window.YTD.<type>.part<N> = [ … ]`, read whole
//! (at most [`crate::bundle::MAX_FILE_BYTES`]). The archive never names its owner in tweets; the
//! owner comes from `manifest.js` (`userInfo`) or `account.js`. What is read:
//!
//! - `tweets.js`, `tweets-part1.js`, … (older archives: `tweet.js`): the owner's posts, replies,
//!   quotes (none in archives: they appear as plain links) and retweets (`RT @name:` prefix; the
//!   retweeted tweet's id is not in the archive, so these reposts have no `parent`), with mentions;
//! - `like.js`: likes carry no time and no author. The time is the liked tweet's creation time,
//!   read from its snowflake id (`(id >> 22) + 1288834974657` ms), a lower bound of the like's own
//!   time. The author is looked up in the archive's own tweets (the owner's tweets, the tweets the
//!   owner replied to, the sources of retweeted photos); a like of a tweet whose author the archive
//!   does not know is rejected with the reason "liked tweet's author unknown";
//! - `follower.js`, `following.js`: follow events dated at the archive's generation time
//!   (`manifest.js` `archiveInfo.generationDate`), since the archive does not say when they began;
//! - `manifest.js`, `account.js`, `profile.js`: the owner's account record.
//!
//! Other files (deleted tweets, direct messages, ads, …) are not read.

use std::borrow::Cow;
use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::value::RawValue;
use sillage_model::{AccountRecord, Event, EventKind, Instant};

use super::convert::{NET, Place, Resolver, Sink, parse_time, snowflake_time};
use super::doc::{Text, item, typed_items};
use super::model::{Id, Node};
use crate::bundle::Bundle;
use crate::record::{Records, raw_excerpt};
use crate::{Record, Reject};

/// The kinds of archive file that are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Part {
    Manifest,
    Account,
    Profile,
    Tweets,
    Like,
    Follower,
    Following,
}

impl Part {
    /// The part a `window.…` global names (`YTD.tweets.part0`, `__THAR_CONFIG`).
    fn of_global(global: &str) -> Option<Part> {
        if global == "__THAR_CONFIG" {
            return Some(Part::Manifest);
        }
        let kind = global.strip_prefix("YTD.")?.split('.').next()?;
        Some(match kind {
            "tweets" | "tweet" => Part::Tweets,
            "like" => Part::Like,
            "follower" => Part::Follower,
            "following" => Part::Following,
            "account" => Part::Account,
            "profile" => Part::Profile,
            _ => return None,
        })
    }

    /// The part a file name suggests (`tweets-part2.js`), with its part number for ordering.
    fn of_file_name(name: &str) -> Option<(Part, u32)> {
        let stem = name.strip_suffix(".js")?;
        let (kind, number) = match stem.split_once("-part") {
            Some((kind, n)) => (kind, n.parse().ok()?),
            None => (stem, 0),
        };
        let part = match kind {
            "manifest" => Part::Manifest,
            "account" => Part::Account,
            "profile" => Part::Profile,
            "tweets" | "tweet" => Part::Tweets,
            "like" => Part::Like,
            "follower" => Part::Follower,
            "following" => Part::Following,
            _ => return None,
        };
        Some((part, number))
    }
}

/// Splits `window.<global> = <json>` into the global's name and the JSON text.
pub(crate) fn split_assignment(text: &str) -> Option<(&str, &str)> {
    let rest = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .strip_prefix("window.")?;
    let (global, json) = rest.split_once('=')?;
    Some((global.trim(), json))
}

/// What the archive says about itself and its owner.
#[derive(Default)]
pub(crate) struct Context {
    owner: AccountRecord,
    /// When the archive was generated: the instant of follow events.
    generated: Option<Instant>,
    /// Authors of tweets the archive knows about, by tweet id (for likes).
    authors: HashMap<String, String>,
}

impl Context {
    fn owner_id(&self) -> Option<&str> {
        Some(self.owner.handle.as_str()).filter(|h| !h.is_empty())
    }
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Manifest<'a> {
    #[serde(borrow)]
    user_info: UserInfo<'a>,
    archive_info: ArchiveInfo,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct UserInfo<'a> {
    #[serde(borrow)]
    account_id: Option<Id<'a>>,
    user_name: Option<String>,
    display_name: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct ArchiveInfo {
    generation_date: Option<String>,
}

/// One item of a `data/*.js` array: `{"tweet": {…}}`, `{"like": {…}}`, `{"follower": {…}}`, …
/// (older archives wrote tweets bare, without the `tweet` wrapper).
#[derive(Deserialize, Default)]
#[serde(default)]
struct Entry<'a> {
    #[serde(borrow)]
    tweet: Option<Node<'a>>,
    #[serde(borrow)]
    like: Option<Like<'a>>,
    #[serde(borrow)]
    follower: Option<Relation<'a>>,
    #[serde(borrow)]
    following: Option<Relation<'a>>,
    #[serde(borrow)]
    account: Option<Account<'a>>,
    profile: Option<Profile>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Like<'a> {
    #[serde(borrow)]
    tweet_id: Option<Id<'a>>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Relation<'a> {
    #[serde(borrow)]
    account_id: Option<Id<'a>>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Account<'a> {
    #[serde(borrow)]
    account_id: Option<Id<'a>>,
    username: Option<String>,
    account_display_name: Option<String>,
    created_at: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Profile {
    description: Option<Description>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Description {
    bio: Option<String>,
}

/// An archive opened as a bundle, or a single `.js` file with the folder it sits in as context.
pub(crate) struct ArchiveReader {
    bundle: Option<Bundle>,
    /// How rejects name a file of the bundle: `archive.zip:data/like.js` or `folder/data/like.js`.
    naming: Naming,
    /// The files still to read, in order.
    files: VecDeque<String>,
    context: Context,
    sink: Sink,
}

enum Naming {
    Zip(String),
    Folder(PathBuf),
    /// A single file: rejects carry its own path.
    Single(String),
}

impl Naming {
    fn name(&self, file: &str) -> String {
        match self {
            Naming::Zip(zip) => format!("{zip}:{file}"),
            Naming::Folder(root) => root.join(file).display().to_string(),
            Naming::Single(path) => path.clone(),
        }
    }
}

/// The archive files in a bundle that are read, with their part, sorted by part then number.
fn archive_files(names: &[String]) -> Vec<(String, Part)> {
    // The data folder is the one holding manifest.js (or tweets.js); the viewer's assets/ folder
    // also holds .js files, which are not data.
    let home = names
        .iter()
        .find(|n| n.rsplit('/').next() == Some("manifest.js"))
        .or_else(|| {
            names
                .iter()
                .find(|n| matches!(n.rsplit('/').next(), Some("tweets.js" | "tweet.js")))
        })
        .map(|n| n.rsplit_once('/').map_or("", |(dir, _)| dir).to_owned());
    let Some(home) = home else { return Vec::new() };
    let dirs = [
        home.clone(),
        if home.is_empty() {
            "data".to_owned()
        } else {
            format!("{home}/data")
        },
    ];
    let mut files: Vec<(Part, u32, String)> = names
        .iter()
        .filter_map(|n| {
            let (dir, file) = n.rsplit_once('/').unwrap_or(("", n));
            if !dirs.iter().any(|d| d == dir) {
                return None;
            }
            Part::of_file_name(file).map(|(part, number)| (part, number, n.clone()))
        })
        .collect();
    files.sort();
    files.into_iter().map(|(part, _, name)| (name, part)).collect()
}

/// Whether a bundle's file names are those of an archive.
pub(crate) fn is_archive(names: &[String]) -> bool {
    names.iter().any(|n| {
        let parts: Vec<&str> = n.split('/').collect();
        matches!(
            parts.as_slice(),
            ["manifest.js"] | ["data", "manifest.js"] | [_, "data", "manifest.js"]
        ) || matches!(parts.as_slice(), ["data", "tweets.js"] | [_, "data", "tweets.js"])
    })
}

impl ArchiveReader {
    /// An archive folder or `.zip`: every file it has of the parts read.
    pub(crate) fn bundle(path: &Path) -> std::io::Result<ArchiveReader> {
        let mut bundle = Bundle::open(path)?;
        let naming = match &bundle {
            Bundle::Zip(_) => Naming::Zip(path.display().to_string()),
            Bundle::Folder(root) => Naming::Folder(root.clone()),
        };
        let files = archive_files(&bundle.names());
        let mut reader = ArchiveReader {
            bundle: None,
            naming,
            files: VecDeque::new(),
            context: Context::default(),
            sink: Sink::new(),
        };
        for (name, part) in &files {
            if matches!(part, Part::Manifest | Part::Account | Part::Profile) {
                reader.read_context(&mut bundle, name);
            }
        }
        reader.files = files
            .into_iter()
            .filter(|(_, part)| !matches!(part, Part::Manifest | Part::Account | Part::Profile))
            .map(|(name, _)| name)
            .collect();
        reader.bundle = Some(bundle);
        reader.emit_owner();
        Ok(reader)
    }

    /// One `data/*.js` file; its folder (when it has one) tells the owner, the generation time,
    /// and for `like.js` the authors of the archive's tweets.
    pub(crate) fn single(path: &Path, bytes: Vec<u8>) -> ArchiveReader {
        let mut reader = ArchiveReader {
            bundle: None,
            naming: Naming::Single(path.display().to_string()),
            files: VecDeque::new(),
            context: Context::default(),
            sink: Sink::new(),
        };
        let folder = path.parent().filter(|p| p.is_dir());
        let text = utf8(&bytes);
        let part = split_assignment(&text).and_then(|(global, _)| Part::of_global(global));
        if let Some(mut bundle) = folder.and_then(|f| Bundle::open(f).ok()) {
            let names = bundle.names();
            let own = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            let mut siblings: Vec<(u32, Part, String)> = names
                .iter()
                .filter(|n| n.as_str() != own && !n.contains('/'))
                .filter_map(|n| Part::of_file_name(n).map(|(p, k)| (k, p, n.clone())))
                .collect();
            siblings.sort();
            for (_, sibling, name) in &siblings {
                match sibling {
                    Part::Manifest | Part::Account | Part::Profile => reader.read_context(&mut bundle, name),
                    // Likes need the authors the archive's tweets reveal.
                    Part::Tweets if part == Some(Part::Like) => {
                        if let Ok(Some(bytes)) = bundle.read(name) {
                            let mut scratch = Sink::new();
                            let text = utf8(&bytes);
                            reader.read_js(&text, name, &mut scratch);
                        }
                    }
                    _ => {}
                }
            }
        }
        if matches!(part, Some(Part::Manifest | Part::Account | Part::Profile)) {
            let mut sink = Sink::new();
            reader.read_js(&text, "", &mut sink);
            reader.sink = sink;
            reader.sink.records.retain(Result::is_err);
            reader.emit_owner();
            return reader;
        }
        reader.emit_owner();
        let mut sink = std::mem::replace(&mut reader.sink, Sink::new());
        reader.read_js(&text, "", &mut sink);
        reader.sink = sink;
        reader
    }

    fn emit_owner(&mut self) {
        if !self.context.owner.handle.is_empty() {
            self.sink.account(self.context.owner.clone());
        }
    }

    fn read_context(&mut self, bundle: &mut Bundle, name: &str) {
        let Ok(Some(bytes)) = bundle.read(name) else { return };
        let text = utf8(&bytes);
        let mut scratch = Sink::new();
        self.read_js(&text, name, &mut scratch);
    }

    /// Reads one `.js` file of the archive into `sink` (context files fill in the context).
    fn read_js(&mut self, text: &str, name: &str, sink: &mut Sink) {
        let source = self.naming.name(name);
        let Some((global, json)) = split_assignment(text) else {
            sink.records.push_back(Err(Reject {
                source,
                line: 1,
                reason: "not a Twitter archive file (expected window.YTD.<type>.part<N> = [...])".to_owned(),
                raw: raw_excerpt(text.as_bytes()),
            }));
            return;
        };
        let Some(part) = Part::of_global(global) else { return };
        let doc = Text::document(&source, text);
        if part == Part::Manifest {
            match serde_json::from_str::<Manifest>(json) {
                Ok(m) => self.manifest(m),
                Err(e) => sink.reject(&doc.place(json), format!("unreadable manifest.js: {e}")),
            }
            return;
        }
        // The usual case, a well-formed file: each entry is parsed once, straight into its type.
        if let Some(entries) = typed_items::<Entry<'_>>(json) {
            for (raw, entry) in entries {
                self.entry(part, entry, raw, &doc.place(raw), sink);
            }
            return;
        }
        let entries: Vec<&RawValue> = match serde_json::from_str(json) {
            Ok(entries) => entries,
            Err(e) => {
                let place = doc.place(json.trim_start());
                return sink.reject(&place, format!("malformed archive file (nothing in it is read): {e}"));
            }
        };
        for raw in entries {
            let place = doc.place(raw.get());
            match serde_json::from_str::<Entry<'_>>(raw.get()) {
                Ok(entry) => self.entry(part, entry, raw.get(), &place, sink),
                Err(e) => sink.reject(&place, format!("unreadable {global} item: {e}")),
            }
        }
    }

    fn manifest(&mut self, m: Manifest<'_>) {
        let owner = &mut self.context.owner;
        if let Some(id) = m.user_info.account_id.filter(|i| !i.0.is_empty()) {
            owner.net = NET.to_owned();
            owner.handle = id.0.into_owned();
            owner.username = owner.username.take().or(m.user_info.user_name);
            owner.name = owner.name.take().or(m.user_info.display_name);
        }
        self.context.generated = m.archive_info.generation_date.as_deref().and_then(parse_time);
    }

    fn entry(&mut self, part: Part, entry: Entry<'_>, raw: &str, place: &Place<'_>, sink: &mut Sink) {
        match part {
            Part::Tweets => {
                let node = match entry.tweet {
                    Some(node) => node,
                    // Older archives: the tweet itself, without the wrapper.
                    None => match serde_json::from_str::<Node<'_>>(raw) {
                        Ok(node) => node,
                        Err(e) => return sink.reject(place, format!("unreadable tweet: {e}")),
                    },
                };
                self.learn_authors(&node);
                match self.context.owner_id() {
                    Some(owner) => item(&node, Some(owner), &Resolver::default(), place, sink),
                    None => sink.reject(place, OWNER_UNKNOWN),
                }
            }
            Part::Like => self.like(entry.like, place, sink),
            Part::Follower | Part::Following => {
                let relation = if part == Part::Follower {
                    entry.follower
                } else {
                    entry.following
                };
                self.follow(part, relation, place, sink);
            }
            Part::Account => {
                if let Some(a) = entry.account {
                    let owner = &mut self.context.owner;
                    if let Some(id) = a.account_id.filter(|i| !i.0.is_empty()) {
                        owner.net = NET.to_owned();
                        owner.handle = id.0.into_owned();
                    }
                    owner.username = a.username.or(owner.username.take());
                    owner.name = a.account_display_name.or(owner.name.take());
                    owner.created_at = a.created_at.as_deref().and_then(parse_time).or(owner.created_at);
                }
            }
            Part::Profile => {
                if let Some(bio) = entry.profile.and_then(|p| p.description).and_then(|d| d.bio) {
                    self.context.owner.bio = Some(bio).filter(|b| !b.trim().is_empty());
                }
            }
            Part::Manifest => {}
        }
    }

    /// Remembers who wrote the tweets this tweet reveals: itself (the owner), the tweet it replies
    /// to, and the tweets its media were taken from.
    fn learn_authors(&mut self, node: &Node<'_>) {
        let authors = &mut self.context.authors;
        let id = node.id_str.as_ref().or(node.id.as_ref());
        if let (Some(id), Some(owner)) = (id, Some(self.context.owner.handle.as_str()).filter(|h| !h.is_empty()))
            && !authors.contains_key(id.as_str())
        {
            authors.insert(id.as_str().to_owned(), owner.to_owned());
        }
        let replied = node
            .in_reply_to_status_id_str
            .as_ref()
            .or(node.in_reply_to_status_id.as_ref());
        let replied_author = node
            .in_reply_to_user_id_str
            .as_ref()
            .or(node.in_reply_to_user_id.as_ref());
        if let (Some(tweet), Some(author)) = (replied, replied_author)
            && !authors.contains_key(tweet.as_str())
        {
            authors.insert(tweet.as_str().to_owned(), author.as_str().to_owned());
        }
        for media in node.entities.iter().flat_map(|e| e.media.iter().flatten()) {
            if let (Some(tweet), Some(author)) = (&media.source_status_id_str, &media.source_user_id_str)
                && !authors.contains_key(tweet.as_str())
            {
                authors.insert(tweet.as_str().to_owned(), author.as_str().to_owned());
            }
        }
    }

    fn like(&self, like: Option<Like<'_>>, place: &Place<'_>, sink: &mut Sink) {
        let Some(tweet) = like.and_then(|l| l.tweet_id).filter(|t| !t.0.is_empty()) else {
            return sink.reject(place, "like without \"tweetId\"");
        };
        let tweet = tweet.0.into_owned();
        let Some(owner) = self.context.owner_id() else {
            return sink.reject(place, OWNER_UNKNOWN);
        };
        let Some(author) = self.context.authors.get(&tweet) else {
            return sink.reject(
                place,
                format!("liked tweet's author unknown (tweet {tweet}; the archive does not say who wrote it)"),
            );
        };
        let Some(at) = snowflake_time(&tweet) else {
            return sink.reject(place, format!("like of tweet {tweet}: not a snowflake id, so no time"));
        };
        sink.event(Event {
            parent: Some(tweet.clone()),
            ..Event::new(format!("like:{owner}:{tweet}"), NET, EventKind::Like, owner, at).with_target(author.clone())
        });
    }

    fn follow(&self, part: Part, relation: Option<Relation<'_>>, place: &Place<'_>, sink: &mut Sink) {
        let Some(other) = relation.and_then(|r| r.account_id).filter(|a| !a.0.is_empty()) else {
            return sink.reject(place, "follow without \"accountId\"");
        };
        let Some(owner) = self.context.owner_id() else {
            return sink.reject(place, OWNER_UNKNOWN);
        };
        let Some(at) = self.context.generated else {
            return sink.reject(
                place,
                "follow time unknown: no manifest.js with archiveInfo.generationDate beside this file",
            );
        };
        let (actor, target) = if part == Part::Follower {
            (other.as_str(), owner)
        } else {
            (owner, other.as_str())
        };
        sink.event(
            Event::new(format!("follow:{actor}:{target}"), NET, EventKind::Follow, actor, at).with_target(target),
        );
    }
}

const OWNER_UNKNOWN: &str = "archive owner unknown: no manifest.js (userInfo.accountId) or account.js beside this file";

impl Iterator for ArchiveReader {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        loop {
            if let Some(record) = self.sink.records.pop_front() {
                return Some(record);
            }
            let name = self.files.pop_front()?;
            let bundle = self.bundle.as_mut()?;
            let mut sink = std::mem::replace(&mut self.sink, Sink::new());
            match bundle.read(&name) {
                Ok(Some(bytes)) => {
                    let text = utf8(&bytes);
                    self.read_js(&text, &name, &mut sink);
                }
                Ok(None) => {}
                Err(e) => sink.records.push_back(Err(Reject {
                    source: self.naming.name(&name),
                    line: 1,
                    reason: format!("read error: {e}"),
                    raw: String::new(),
                })),
            }
            self.sink = sink;
        }
    }
}

/// The text of a file: its bytes when they are UTF-8 (checked the fast way), with any invalid
/// byte replaced otherwise.
pub(crate) fn utf8(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// An archive as [`Records`].
pub(crate) fn boxed(reader: ArchiveReader) -> Records {
    Box::new(reader)
}
