//! Mastodon REST entities as events: statuses (with their boosts, replies and mentions),
//! notifications, accounts, and thread contexts, in any nesting of arrays and captures.

use std::collections::HashMap;

use serde_json::Value;
use serde_json::value::RawValue;
use sillage_model::{AccountRecord, Event, EventKind, Instant, normalize_tag};

use super::{Doc, NET, Out, handle, html};
use crate::fields::missing;
use crate::json_fields::{self as json, Object};

/// How many local ids the reader remembers to resolve replies (memory stays bounded on endless
/// streams; beyond this, replies whose parent was not seen yet get no `parent`).
const MAX_REMEMBERED: usize = 1_000_000;

/// How deep arrays and captures may nest.
const MAX_DEPTH: usize = 8;

/// State kept across the records of one input.
#[derive(Default)]
pub(crate) struct Rest {
    /// Whose notifications these are, learnt from `reblog` and `favourite` notifications (their
    /// status is the notified account's own).
    owner: Option<String>,
    /// Server-local status id → status URI, to give replies their parent's URI.
    uris: HashMap<String, String>,
    /// Server-local account id → handle, to name the account a reply answers.
    accounts: HashMap<String, String>,
    /// Follow notifications met before the notified account was known.
    pending_follows: Vec<PendingFollow>,
}

struct PendingFollow {
    source: String,
    line: u64,
    follower: String,
    at: Instant,
    raw: Vec<u8>,
}

impl Rest {
    /// Reads one JSON document; `false` when it is not JSON at all (one reject says why).
    pub(crate) fn document(&mut self, doc: &Doc, out: &mut Out) -> bool {
        match serde_json::from_str::<&RawValue>(doc.text) {
            Ok(top) => {
                self.value(doc, top, out, 0);
                true
            }
            Err(e) => {
                out.reject(doc.error_line(&e), format!("malformed JSON: {e}"), doc.text.as_bytes());
                false
            }
        }
    }

    /// Maps what could not be mapped before the end of the input: follows, now or never.
    pub(crate) fn finish(&mut self, out: &mut Out) {
        for p in std::mem::take(&mut self.pending_follows) {
            match self.owner.clone() {
                Some(owner) => out.event(follow(&p.follower, &owner, p.at)),
                None => out.as_file(&p.source, |out| {
                    out.reject(
                        p.line,
                        "a follow notification does not name the followed account, and no reblog or favourite \
                         notification in this input tells whose notifications these are"
                            .to_owned(),
                        &p.raw,
                    )
                }),
            }
        }
    }

    /// An array of entities, a capture, a thread context or one entity.
    fn value(&mut self, doc: &Doc, raw: &RawValue, out: &mut Out, depth: usize) {
        let text = raw.get();
        let line = doc.line_of(text);
        if depth > MAX_DEPTH {
            out.reject(
                line,
                format!("arrays and objects nested deeper than {MAX_DEPTH}"),
                text.as_bytes(),
            );
            return;
        }
        if text.starts_with('[') {
            match serde_json::from_str::<Vec<&RawValue>>(text) {
                Ok(items) => items.into_iter().for_each(|item| self.value(doc, item, out, depth + 1)),
                Err(e) => out.reject(line, format!("malformed JSON: {e}"), text.as_bytes()),
            }
            return;
        }
        if !text.starts_with('{') {
            out.reject(line, "expected a JSON object or array".to_owned(), text.as_bytes());
            return;
        }
        let fields = match serde_json::from_str::<HashMap<String, &RawValue>>(text) {
            Ok(fields) => fields,
            Err(e) => return out.reject(line, format!("malformed JSON: {e}"), text.as_bytes()),
        };
        let has = |k: &str| fields.contains_key(k);
        if has("request") && has("body") {
            return self.value(doc, fields["body"], out, depth + 1);
        }
        if (has("ancestors") || has("descendants")) && !has("account") {
            for key in ["ancestors", "descendants"] {
                if let Some(part) = fields.get(key) {
                    self.value(doc, part, out, depth + 1);
                }
            }
            return;
        }
        let obj = match serde_json::from_str::<Object>(text) {
            Ok(obj) => obj,
            Err(e) => return out.reject(line, format!("malformed JSON: {e}"), text.as_bytes()),
        };
        let mark = out.mark();
        if let Err(reason) = self.entity(&obj, line, text, out) {
            out.rollback(mark);
            out.reject(line, reason, text.as_bytes());
        }
    }

    fn entity(&mut self, obj: &Object, line: u64, raw: &str, out: &mut Out) -> Result<(), String> {
        let has = |k: &str| obj.contains_key(k);
        let with_account = matches!(obj.get("account"), Some(Value::Object(_)));
        if has("type") && with_account && has("created_at") {
            self.notification(obj, line, raw, out)
        } else if with_account && (has("uri") || has("content") || has("text")) {
            self.status(obj, out, 0).map(|_| ())
        } else if has("acct") && has("username") {
            self.account(obj, out).map(|_| ())
        } else {
            let mut keys: Vec<&str> = obj.keys().map(String::as_str).take(6).collect();
            if obj.len() > keys.len() {
                keys.push("…");
            }
            Err(format!(
                "neither a Mastodon status, notification nor account (an object with {})",
                keys.join(", ")
            ))
        }
    }

    /// A status's events; returns its URI and author. A boost is the boosted status's events
    /// followed by the `repost`.
    fn status(&mut self, s: &Object, out: &mut Out, depth: usize) -> Result<(String, String), String> {
        let author_obj = account_field(s, "account")?.ok_or_else(|| missing("account"))?;
        let author = self.account(author_obj, out)?;
        let uri = json::string(s, "uri")?
            .map(|u| u.trim().to_owned())
            .filter(|u| !u.is_empty())
            .ok_or_else(|| missing("uri"))?;
        let at = json::instant(s, "created_at")?.ok_or_else(|| missing("created_at"))?;
        if let Some(id) = json::identifier(s, "id")? {
            remember(&mut self.uris, id, &uri);
        }
        match s.get("reblog") {
            None | Some(Value::Null) => {}
            Some(Value::Object(boosted)) if depth == 0 => {
                let (boosted_uri, boosted_author) = self
                    .status(boosted, out, 1)
                    .map_err(|e| format!("in \"reblog\": {e}"))?;
                out.event(Event {
                    post: Some(uri.clone()),
                    parent: Some(boosted_uri.clone()),
                    ..Event::new(
                        repost_id(&author, &boosted_uri),
                        NET,
                        EventKind::Repost,
                        author.clone(),
                        at,
                    )
                    .with_target(boosted_author)
                });
                return Ok((uri, author));
            }
            Some(_) => return Err("field \"reblog\": expected a status object".to_owned()),
        }
        let content = match (json::string(s, "content")?, json::string(s, "text")?) {
            (Some(c), _) if !c.is_empty() => html::content(&c),
            // Deletion responses carry the source text instead of the HTML.
            (_, Some(t)) => html::Content {
                text: t.trim().to_owned(),
                urls: Vec::new(),
            },
            _ => html::Content::default(),
        };
        let mut tags: Vec<String> = Vec::new();
        for tag in objects(s, "tags")? {
            let name = json::string(tag, "name")?.unwrap_or_default();
            let tag = normalize_tag(&name);
            if !tag.is_empty() && !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        let mut mentions: Vec<(Option<String>, String)> = Vec::new();
        for m in objects(s, "mentions")? {
            let acct = json::string(m, "acct")?.unwrap_or_default();
            let url = json::string(m, "url")?;
            let handle = handle::from_acct(&acct, url.as_deref())
                .ok_or_else(|| format!("field \"mentions\": cannot tell the instance of {acct:?}"))?;
            let id = json::identifier(m, "id")?;
            if let Some(id) = &id {
                remember(&mut self.accounts, id.clone(), &handle);
            }
            if !mentions.iter().any(|(_, h)| *h == handle) {
                mentions.push((id, handle));
            }
        }
        let author_id = json::identifier(author_obj, "id")?;
        let reply_to = json::identifier(s, "in_reply_to_id")?;
        let reply_to_account = json::identifier(s, "in_reply_to_account_id")?;
        let mut parent = reply_to.as_ref().and_then(|id| self.uris.get(id).cloned());
        let mut target = None;
        if let Some(account_id) = &reply_to_account {
            if author_id.as_ref() == Some(account_id) {
                target = Some(author.clone());
                // A local account answering itself answers a local status, whose URI is the
                // account's URI followed by `/statuses/<id>`.
                let local = json::string(author_obj, "acct")?.is_some_and(|a| !a.contains('@'));
                if let (None, true, Some(id), Some(account_uri)) =
                    (&parent, local, &reply_to, json::string(author_obj, "uri")?)
                {
                    parent = Some(format!("{}/statuses/{id}", account_uri.trim_end_matches('/')));
                }
            } else {
                target = mentions
                    .iter()
                    .find(|(id, _)| id.as_ref() == Some(account_id))
                    .map(|(_, h)| h.clone())
                    .or_else(|| self.accounts.get(account_id).cloned());
            }
        }
        // A reply whose answered account cannot be named stays a post (with its parent when known).
        let kind = if target.is_some() {
            EventKind::Reply
        } else {
            EventKind::Post
        };
        out.event(Event {
            target: target.clone(),
            post: Some(uri.clone()),
            parent,
            tags,
            urls: content.urls,
            lang: json::string(s, "language")?.filter(|l| !l.trim().is_empty()),
            text: Some(content.text).filter(|t| !t.is_empty()),
            ..Event::new(uri.clone(), NET, kind, author.clone(), at)
        });
        for (_, mentioned) in mentions {
            if target.as_ref() != Some(&mentioned) {
                out.event(mention(&uri, &author, &mentioned, at));
            }
        }
        Ok((uri, author))
    }

    fn notification(&mut self, n: &Object, line: u64, raw: &str, out: &mut Out) -> Result<(), String> {
        let kind = json::string(n, "type")?.ok_or_else(|| missing("type"))?;
        let account = account_field(n, "account")?.ok_or_else(|| missing("account"))?;
        let at = json::instant(n, "created_at")?.ok_or_else(|| missing("created_at"))?;
        let status = match n.get("status") {
            None | Some(Value::Null) => None,
            Some(Value::Object(s)) => Some(s),
            Some(_) => return Err("field \"status\": expected a status object".to_owned()),
        };
        let actor = self.account(account, out)?;
        let without_status =
            || format!("a {kind} notification without its status (deleted or no longer visible): nothing to map");
        match kind.as_str() {
            // The status itself says everything these notifications say.
            "mention" | "status" | "update" | "poll" | "quote" | "quoted_update" => {
                let status = status.ok_or_else(without_status)?;
                self.status(status, out, 0).map_err(|e| format!("in \"status\": {e}"))?;
            }
            "reblog" | "favourite" => {
                let status = status.ok_or_else(without_status)?;
                let (uri, author) = self.status(status, out, 0).map_err(|e| format!("in \"status\": {e}"))?;
                self.owner.get_or_insert_with(|| author.clone());
                let (id, kind) = if kind == "reblog" {
                    (repost_id(&actor, &uri), EventKind::Repost)
                } else {
                    (like_id(&actor, &uri), EventKind::Like)
                };
                out.event(Event {
                    parent: Some(uri),
                    ..Event::new(id, NET, kind, actor, at).with_target(author)
                });
            }
            "follow" => match &self.owner {
                Some(owner) => out.event(follow(&actor, owner, at)),
                None => self.pending_follows.push(PendingFollow {
                    source: out.source.clone(),
                    line,
                    follower: actor,
                    at,
                    raw: raw.as_bytes()[..raw.len().min(600)].to_vec(),
                }),
            },
            other => return Err(format!("notification type {other:?} carries no interaction")),
        }
        Ok(())
    }

    /// An account's handle; its profile is given when the object carries one.
    fn account(&mut self, a: &Object, out: &mut Out) -> Result<String, String> {
        let acct = json::string(a, "acct")?.ok_or_else(|| "account: missing required field \"acct\"".to_owned())?;
        let url = json::string(a, "url")?;
        let handle = handle::from_acct(&acct, url.as_deref())
            .ok_or_else(|| format!("account: cannot tell the instance of {acct:?} (no domain and no url)"))?;
        if let Ok(Some(id)) = json::identifier(a, "id") {
            remember(&mut self.accounts, id, &handle);
        }
        // Profile fields are optional extras: a malformed one is left out rather than losing the
        // record that carries the account.
        let count = |name| json::count(a, name).ok().flatten();
        let text = |name| json::string(a, name).ok().flatten().filter(|s| !s.trim().is_empty());
        if a.contains_key("followers_count") || a.contains_key("display_name") {
            out.account(AccountRecord {
                net: NET.to_owned(),
                handle: handle.clone(),
                name: text("display_name"),
                bio: text("note").map(|n| html::content(&n).text).filter(|b| !b.is_empty()),
                followers: count("followers_count"),
                following: count("following_count"),
                posts: count("statuses_count"),
                created_at: json::instant(a, "created_at").ok().flatten(),
                ..AccountRecord::default()
            });
        }
        Ok(handle)
    }
}

fn remember(map: &mut HashMap<String, String>, key: String, value: &str) {
    if map.len() < MAX_REMEMBERED || map.contains_key(&key) {
        map.insert(key, value.to_owned());
    }
}

fn account_field<'o>(obj: &'o Object, name: &str) -> Result<Option<&'o Object>, String> {
    match obj.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(a)) => Ok(Some(a)),
        Some(_) => Err(format!("field {name:?}: expected an account object")),
    }
}

/// The objects of an array field; absent means none.
fn objects<'o>(obj: &'o Object, name: &str) -> Result<Vec<&'o Object>, String> {
    match obj.get(name) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, item)| match item {
                Value::Object(o) => Ok(o),
                _ => Err(format!("field {name:?}: item {} is not an object", i + 1)),
            })
            .collect(),
        Some(_) => Err(format!("field {name:?}: expected an array of objects")),
    }
}

pub(crate) fn repost_id(actor: &str, status_uri: &str) -> String {
    format!("repost:{actor}:{status_uri}")
}

pub(crate) fn like_id(actor: &str, status_uri: &str) -> String {
    format!("like:{actor}:{status_uri}")
}

pub(crate) fn mention(status_uri: &str, actor: &str, mentioned: &str, at: Instant) -> Event {
    Event::new(
        format!("{status_uri}#m:{mentioned}"),
        NET,
        EventKind::Mention,
        actor,
        at,
    )
    .with_target(mentioned)
}

pub(crate) fn follow(follower: &str, followed: &str, at: Instant) -> Event {
    Event::new(
        format!("follow:{follower}:{followed}"),
        NET,
        EventKind::Follow,
        follower,
        at,
    )
    .with_target(followed)
}
