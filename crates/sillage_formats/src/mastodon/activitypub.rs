//! ActivityPub account exports: `actor.json` (the owner), `outbox.json` (an OrderedCollection of
//! `Create`/`Announce` activities) and `likes.json` (an OrderedCollection of liked URIs).
//!
//! Records are read into borrowed typed structs: unknown fields are skipped without being built,
//! which keeps a multi-megabyte outbox fast.

use std::borrow::Cow;
use std::fmt;
use std::path::Path;
use std::sync::atomic::AtomicU64;

use serde::Deserialize;
use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;
use sillage_model::{AccountRecord, Event, EventKind, Instant, normalize_tag, parse_instant};

use super::rest::{follow, like_id, mention, repost_id};
use super::{Doc, NET, Out, count, handle, html, text_of};
use crate::FormatError;
use crate::bundle::Bundle;
use crate::record::Records;

/// The export's owner, from `actor.json` or, without it, the outbox's activities.
struct Owner {
    id: String,
    handle: String,
}

/// What one export's files have told so far.
#[derive(Default)]
pub(crate) struct Export {
    owner: Option<Owner>,
}

/// A file of the export. `I` is how collection items are read: as [`Entry`] in the fast pass, as
/// raw JSON (to know where each starts) in the careful one.
#[derive(Deserialize)]
#[serde(bound(deserialize = "I: Deserialize<'de>"))]
struct Top<'a, I> {
    #[serde(borrow, default)]
    id: Option<Cow<'a, str>>,
    #[serde(rename = "orderedItems", default = "none")]
    ordered_items: Option<Vec<I>>,
    #[serde(rename = "preferredUsername", borrow, default)]
    preferred_username: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    name: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    summary: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    published: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct Activity<'a> {
    #[serde(borrow, default)]
    id: Option<Cow<'a, str>>,
    #[serde(rename = "type", borrow, default)]
    kind: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    actor: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    published: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    object: Option<Object<'a>>,
}

fn none<T>() -> Option<T> {
    None
}

/// An item of a collection: a liked URI or an activity.
enum Entry<'a> {
    Link(Cow<'a, str>),
    Activity(Box<Activity<'a>>),
}

impl<'de: 'a, 'a> Deserialize<'de> for Entry<'a> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Either;
        impl<'de> Visitor<'de> for Either {
            type Value = Entry<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a URI or an activity")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Entry<'de>, E> {
                Ok(Entry::Link(Cow::Borrowed(s)))
            }
            fn visit_str<E>(self, s: &str) -> Result<Entry<'de>, E> {
                Ok(Entry::Link(Cow::Owned(s.to_owned())))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Entry<'de>, A::Error> {
                Activity::deserialize(de::value::MapAccessDeserializer::new(map)).map(|a| Entry::Activity(Box::new(a)))
            }
        }
        d.deserialize_any(Either)
    }
}

/// An activity's object: a link (its URI) or the object embedded, read in the activity's pass.
enum Object<'a> {
    Link(Cow<'a, str>),
    Embedded(Box<Note<'a>>),
}

impl<'de: 'a, 'a> Deserialize<'de> for Object<'a> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Either;
        impl<'de> Visitor<'de> for Either {
            type Value = Object<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a URI or an object")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Object<'de>, E> {
                Ok(Object::Link(Cow::Borrowed(s)))
            }
            fn visit_str<E>(self, s: &str) -> Result<Object<'de>, E> {
                Ok(Object::Link(Cow::Owned(s.to_owned())))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Object<'de>, A::Error> {
                Note::deserialize(de::value::MapAccessDeserializer::new(map)).map(|n| Object::Embedded(Box::new(n)))
            }
        }
        d.deserialize_any(Either)
    }
}

#[derive(Deserialize)]
struct Note<'a> {
    #[serde(borrow, default)]
    id: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    published: Option<Cow<'a, str>>,
    #[serde(rename = "inReplyTo", borrow, default)]
    in_reply_to: Option<Cow<'a, str>>,
    #[serde(rename = "attributedTo", borrow, default)]
    attributed_to: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    content: Option<Cow<'a, str>>,
    #[serde(rename = "contentMap", default)]
    content_map: Option<FirstKey>,
    #[serde(borrow, default)]
    tag: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct Tag<'a> {
    #[serde(rename = "type", borrow, default)]
    kind: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    name: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    href: Option<Cow<'a, str>>,
}

/// The first key of a map (`contentMap`'s language), its values skipped.
struct FirstKey(Option<String>);

impl<'de> Deserialize<'de> for FirstKey {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Keys;
        impl<'de> Visitor<'de> for Keys {
            type Value = FirstKey;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FirstKey, A::Error> {
                let mut first = None;
                while let Some(key) = map.next_key::<String>()? {
                    map.next_value::<IgnoredAny>()?;
                    first.get_or_insert(key);
                }
                Ok(FirstKey(first))
            }
        }
        d.deserialize_map(Keys)
    }
}

impl Export {
    /// Reads one file of the export, whichever it is (told by its content, not its name).
    ///
    /// A fast pass reads every item straight into typed records; only when an item is malformed
    /// or cannot be mapped is the file read again carefully, item by item, so that each reject
    /// gets the line its item starts on and the other items are kept.
    pub(crate) fn document(&mut self, bytes: &[u8], out: &mut Out) {
        let text = match text_of(bytes) {
            Ok(text) => text,
            Err(reason) => return out.reject(1, reason, bytes),
        };
        if let Ok(top) = serde_json::from_str::<Top<Entry>>(text) {
            let mark = out.mark();
            match &top.ordered_items {
                Some(items) => {
                    let mapped = items.iter().try_for_each(|item| match item {
                        Entry::Link(uri) => self.liked(uri, out),
                        Entry::Activity(activity) => self.activity(activity, out),
                    });
                    if mapped.is_ok() {
                        return;
                    }
                    out.rollback(mark);
                }
                None => return self.not_collection(&top, bytes, out),
            }
        }
        let doc = Doc::new(text, 1);
        let top: Top<&RawValue> = match serde_json::from_str(text) {
            Ok(top) => top,
            Err(e) => return out.reject(doc.error_line(&e), format!("malformed JSON: {e}"), bytes),
        };
        let Some(items) = &top.ordered_items else {
            return self.not_collection(&top, bytes, out);
        };
        for item in items {
            let raw = item.get();
            let mark = out.mark();
            let result = match serde_json::from_str::<Entry>(raw) {
                Ok(Entry::Link(uri)) => self.liked(&uri, out),
                Ok(Entry::Activity(activity)) => self.activity(&activity, out),
                Err(e) => Err(format!("malformed item: {e}")),
            };
            if let Err(reason) = result {
                out.rollback(mark);
                out.reject(doc.line_of(raw), reason, raw.as_bytes());
            }
        }
    }

    /// A file without `orderedItems`: the actor, or nothing this module reads.
    fn not_collection<I>(&mut self, top: &Top<I>, bytes: &[u8], out: &mut Out) {
        let result = match top.preferred_username.as_deref() {
            Some(user) => self.actor(top, user, out),
            None => Err(
                "neither an outbox or likes collection (no orderedItems) nor an actor (no preferredUsername)"
                    .to_owned(),
            ),
        };
        if let Err(reason) = result {
            out.reject(1, reason, bytes);
        }
    }

    fn actor<I>(&mut self, top: &Top<I>, user: &str, out: &mut Out) -> Result<(), String> {
        let id = top.id.as_deref().ok_or("actor: missing required field \"id\"")?;
        let host = handle::host_of(id).ok_or_else(|| format!("actor: id {id:?} is not an http(s) URL"))?;
        let handle = format!("{}@{host}", user.trim().trim_start_matches('@'));
        out.account(AccountRecord {
            net: NET.to_owned(),
            handle: handle.clone(),
            name: top
                .name
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_owned),
            bio: top
                .summary
                .as_deref()
                .map(|s| html::content(s).text)
                .filter(|b| !b.is_empty()),
            created_at: top.published.as_deref().and_then(|p| parse_instant(p).ok()),
            ..AccountRecord::default()
        });
        self.owner = Some(Owner {
            id: id.to_owned(),
            handle,
        });
        Ok(())
    }

    /// The handle of an actor URI: the owner's, or one of Mastodon's URI shapes.
    fn actor_handle(&self, uri: &str) -> Option<String> {
        match &self.owner {
            Some(owner) if owner.id == uri => Some(owner.handle.clone()),
            _ => handle::from_actor_uri(uri),
        }
    }

    /// The author of a status URI: a mentioned account whose actor URI it starts with, the owner,
    /// or the account named by the URI's Mastodon shape.
    fn author_of(&self, status_uri: &str, mentions: &[(String, String)]) -> Option<String> {
        let actor_uri = handle::status_actor_uri(status_uri)?;
        mentions
            .iter()
            .find(|(href, _)| href == actor_uri)
            .map(|(_, h)| h.clone())
            .or_else(|| self.actor_handle(actor_uri))
    }

    fn activity(&mut self, activity: &Activity, out: &mut Out) -> Result<(), String> {
        let kind = activity
            .kind
            .as_deref()
            .ok_or_else(|| "missing required field \"type\"".to_owned())?;
        let actor_uri = activity.actor.as_deref().ok_or("missing required field \"actor\"")?;
        if self.owner.is_none() {
            // Without actor.json, the outbox's author owns the export.
            if let Some(handle) = handle::from_actor_uri(actor_uri) {
                self.owner = Some(Owner {
                    id: actor_uri.to_owned(),
                    handle,
                });
            }
        }
        let actor = self
            .actor_handle(actor_uri)
            .ok_or_else(|| format!("cannot tell the account of actor {actor_uri:?}"))?;
        let object = activity.object.as_ref().ok_or("missing required field \"object\"")?;
        let published = activity.published.as_deref().map(instant).transpose()?;
        match kind {
            "Create" | "Update" => match object {
                Object::Embedded(note) => self.note(note, &actor, published, out),
                Object::Link(_) => Err(format!("a {kind} whose object is not embedded")),
            },
            "Announce" | "Like" => {
                let uri = linked_id(object)?;
                let author = self
                    .author_of(&uri, &[])
                    .ok_or_else(|| format!("cannot tell the author of {uri:?} from its URI"))?;
                let at = published.ok_or("missing required field \"published\"")?;
                let event = if kind == "Announce" {
                    Event {
                        post: activity.id.as_deref().map(str::to_owned),
                        parent: Some(uri.clone()),
                        ..Event::new(repost_id(&actor, &uri), NET, EventKind::Repost, actor, at).with_target(author)
                    }
                } else {
                    Event {
                        parent: Some(uri.clone()),
                        ..Event::new(like_id(&actor, &uri), NET, EventKind::Like, actor, at).with_target(author)
                    }
                };
                out.event(event);
                Ok(())
            }
            "Follow" => {
                let uri = linked_id(object)?;
                let followed = self
                    .actor_handle(&uri)
                    .ok_or_else(|| format!("cannot tell the account of actor {uri:?}"))?;
                let at = published.ok_or("missing required field \"published\"")?;
                out.event(follow(&actor, &followed, at));
                Ok(())
            }
            other => Err(format!(
                "activity type {other:?} is not mapped (Create, Update, Announce, Like and Follow are)"
            )),
        }
    }

    fn note(&mut self, note: &Note, actor: &str, published: Option<Instant>, out: &mut Out) -> Result<(), String> {
        let uri = note
            .id
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .ok_or("object: missing required field \"id\"")?;
        let at = match note.published.as_deref() {
            Some(p) => instant(p)?,
            None => published.ok_or("object: missing required field \"published\"")?,
        };
        // The object's author is the actor; `attributedTo` is only checked to be the same account.
        let author = note
            .attributed_to
            .as_deref()
            .and_then(|a| self.actor_handle(a))
            .unwrap_or_else(|| actor.to_owned());
        let mut tags: Vec<String> = Vec::new();
        let mut mentions: Vec<(String, String)> = Vec::new();
        for tag in tags_of(note.tag)? {
            match tag.kind.as_deref() {
                Some("Hashtag") => {
                    let t = normalize_tag(tag.name.as_deref().unwrap_or(""));
                    if !t.is_empty() && !tags.contains(&t) {
                        tags.push(t);
                    }
                }
                Some("Mention") => {
                    let href = tag.href.as_deref().unwrap_or("").trim();
                    let named = tag.name.as_deref().and_then(|n| handle::from_acct(n, Some(href)));
                    let handle = named
                        .or_else(|| self.actor_handle(href))
                        .ok_or_else(|| format!("cannot tell the account of mention {:?}", tag.name))?;
                    if !mentions.iter().any(|(_, h)| *h == handle) {
                        mentions.push((href.to_owned(), handle));
                    }
                }
                _ => {}
            }
        }
        let parent = note
            .in_reply_to
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_owned);
        let target = parent.as_deref().and_then(|p| self.author_of(p, &mentions));
        let content = note.content.as_deref().map(html::content).unwrap_or_default();
        let kind = if target.is_some() {
            EventKind::Reply
        } else {
            EventKind::Post
        };
        out.event(Event {
            target: target.clone(),
            post: Some(uri.to_owned()),
            parent,
            tags,
            urls: content.urls,
            lang: note.content_map.as_ref().and_then(|m| m.0.clone()),
            text: Some(content.text).filter(|t| !t.is_empty()),
            ..Event::new(uri, NET, kind, author.clone(), at)
        });
        for (_, mentioned) in &mentions {
            if target.as_ref() != Some(mentioned) {
                out.event(mention(uri, &author, mentioned, at));
            }
        }
        Ok(())
    }

    /// One URI of `likes.json`: the owner liked it.
    fn liked(&mut self, uri: &str, out: &mut Out) -> Result<(), String> {
        let owner = self
            .owner
            .as_ref()
            .ok_or("a liked URI, but no actor.json or outbox.json beside it names the account that liked it")?;
        let author = self
            .author_of(uri, &[])
            .ok_or_else(|| format!("cannot tell the author of liked {uri:?} from its URI"))?;
        let at = handle::instant_of_status_uri(uri).ok_or_else(|| {
            format!("likes.json does not date likes, and liked {uri:?} carries no Mastodon status id to date it by")
        })?;
        out.event(Event {
            parent: Some(uri.to_owned()),
            ..Event::new(
                like_id(&owner.handle, uri),
                NET,
                EventKind::Like,
                owner.handle.clone(),
                at,
            )
            .with_target(author)
        });
        Ok(())
    }
}

fn instant(s: &str) -> Result<Instant, String> {
    parse_instant(s).map_err(|e| format!("field \"published\": {e}"))
}

/// The URI an activity's object links to: a string, or an embedded object's `id`.
fn linked_id(object: &Object) -> Result<String, String> {
    let id = match object {
        Object::Link(uri) => Some(uri.as_ref()),
        Object::Embedded(note) => note.id.as_deref(),
    };
    id.map(|i| i.trim().to_owned())
        .filter(|i| !i.is_empty())
        .ok_or_else(|| "field \"object\": expected a URI or an object with an id".to_owned())
}

/// `tag`: an array of tags or a single one.
fn tags_of<'a>(tag: Option<&'a RawValue>) -> Result<Vec<Tag<'a>>, String> {
    let Some(raw) = tag else { return Ok(Vec::new()) };
    let text = raw.get();
    let parsed = if text.starts_with('[') {
        serde_json::from_str::<Vec<Tag>>(text)
    } else if text == "null" {
        Ok(Vec::new())
    } else {
        serde_json::from_str::<Tag>(text).map(|t| vec![t])
    };
    parsed.map_err(|e| format!("field \"tag\": {e}"))
}

/// The `outbox.json` of a bundle: the shallowest one.
pub(crate) fn find_outbox(names: &[String]) -> Option<&String> {
    names
        .iter()
        .filter(|n| n.eq_ignore_ascii_case("outbox.json") || n.to_ascii_lowercase().ends_with("/outbox.json"))
        .min_by_key(|n| (n.matches('/').count(), n.len()))
}

/// Reads an export folder or zip: `actor.json`, then `outbox.json`, then `likes.json`, from the
/// outbox's folder.
pub(crate) fn read_bundle(path: &Path, mut bundle: Bundle, bytes_read: &AtomicU64) -> Result<Records, FormatError> {
    let names = bundle.names();
    let outbox = find_outbox(&names).ok_or_else(|| FormatError::Unreadable {
        path: path.to_owned(),
        format: "activitypub",
        reason: "no outbox.json in it".to_owned(),
    })?;
    let dir = &outbox[..outbox.len() - "outbox.json".len()];
    let mut export = Export::default();
    let mut out = Out::new(&path.display().to_string());
    for file in ["actor.json", "outbox.json", "likes.json"] {
        let name = format!("{dir}{file}");
        let source = format!("{}/{name}", path.display());
        match bundle.read(&name) {
            Ok(None) => {}
            Ok(Some(bytes)) => {
                count(bytes_read, bytes.len());
                out.as_file(&source, |out| export.document(&bytes, out));
            }
            Err(e) => out.as_file(&source, |out| out.reject(1, format!("read error: {e}"), b"")),
        }
    }
    Ok(Box::new(out.records.into_iter()))
}

/// Reads a file beside a given `outbox.json`, when it exists.
pub(crate) fn read_sibling(export: &mut Export, path: &Path, bytes_read: &AtomicU64, out: &mut Out) {
    if !path.is_file() {
        return;
    }
    let source = path.display().to_string();
    // Bounded like every whole-file read of an export (`bundle::MAX_FILE_BYTES`).
    let read = std::fs::File::open(path).and_then(|f| crate::bundle::read_bounded(f, &source));
    match read {
        Ok(bytes) => {
            count(bytes_read, bytes.len());
            out.as_file(&source, |out| export.document(&bytes, out));
        }
        Err(e) => out.as_file(&source, |out| out.reject(1, format!("read error: {e}"), b"")),
    }
}
