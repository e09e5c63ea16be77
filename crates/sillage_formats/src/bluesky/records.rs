//! AT Protocol records (posts, likes, reposts, follows) mapped to canonical events, whichever
//! syntax they came in: DAG-CBOR from a repository export or JSON from a commit stream.

use serde_json::Value as Json;
use sillage_model::{Event, EventKind, parse_instant};

use super::cbor::Value as Cbor;

/// The network every Bluesky event belongs to.
pub(crate) const NET: &str = "bluesky";

pub(crate) const POST: &str = "app.bsky.feed.post";
pub(crate) const LIKE: &str = "app.bsky.feed.like";
pub(crate) const REPOST: &str = "app.bsky.feed.repost";
pub(crate) const FOLLOW: &str = "app.bsky.graph.follow";

/// A read-only view of one record, so that one mapping serves both syntaxes.
#[derive(Clone, Copy)]
pub(crate) enum View<'v, 'a> {
    Cbor(&'v Cbor<'a>),
    Json(&'v Json),
}

impl<'v> View<'v, '_> {
    fn get(self, key: &str) -> Option<Self> {
        match self {
            View::Cbor(v) => v.get(key).map(View::Cbor),
            View::Json(v) => v.get(key).map(View::Json),
        }
        .filter(|v| !v.is_null())
    }

    fn is_null(self) -> bool {
        matches!(self, View::Cbor(Cbor::Null) | View::Json(Json::Null))
    }

    fn text(self) -> Option<&'v str> {
        match self {
            View::Cbor(Cbor::Text(s)) => Some(s),
            View::Json(Json::String(s)) => Some(s),
            _ => None,
        }
    }

    /// The items of an array; anything else has none.
    fn items(self) -> Vec<Self> {
        match self {
            View::Cbor(Cbor::Array(items)) => items.iter().map(View::Cbor).collect(),
            View::Json(Json::Array(items)) => items.iter().map(View::Json).collect(),
            _ => Vec::new(),
        }
    }

    fn type_name(self) -> &'static str {
        match self {
            View::Cbor(v) => v.type_name(),
            View::Json(Json::Null) => "null",
            View::Json(Json::Bool(_)) => "a boolean",
            View::Json(Json::Number(_)) => "a number",
            View::Json(Json::String(_)) => "a string",
            View::Json(Json::Array(_)) => "an array",
            View::Json(Json::Object(_)) => "an object",
        }
    }

    /// A string at a dotted path, e.g. `subject.uri`; absent is `Ok(None)`, another type an error.
    fn text_at(self, path: &str) -> Result<Option<&'v str>, String> {
        let mut node = self;
        for key in path.split('.') {
            match node.get(key) {
                Some(next) => node = next,
                None => return Ok(None),
            }
        }
        node.text()
            .map(Some)
            .ok_or_else(|| format!("field {path:?}: expected a string, found {}", node.type_name()))
    }

    fn required_text(self, path: &str) -> Result<&'v str, String> {
        self.text_at(path)?
            .filter(|s| !s.trim().is_empty())
            .ok_or_else(|| format!("missing required field {path:?}"))
    }
}

/// Where a record lives: its repository's DID and its path in the repository.
pub(crate) struct Address<'a> {
    pub did: &'a str,
    pub collection: &'a str,
    pub rkey: &'a str,
}

impl Address<'_> {
    pub(crate) fn uri(&self) -> String {
        format!("at://{}/{}/{}", self.did, self.collection, self.rkey)
    }
}

/// Whether records of this collection become events; the others are skipped (and counted).
pub(crate) fn is_mapped(collection: &str) -> bool {
    matches!(collection, POST | LIKE | REPOST | FOLLOW)
}

/// The events one record gives: none for a collection that is not mapped (profiles, lists,
/// obsolete types such as `app.bsky.feed.vote`); the error is the reject reason.
pub(crate) fn events(address: &Address, record: View) -> Result<Vec<Event>, String> {
    if !is_mapped(address.collection) {
        return Ok(Vec::new());
    }
    if !matches!(record, View::Cbor(Cbor::Map(_)) | View::Json(Json::Object(_))) {
        return Err(format!("the record is {}, expected a map", record.type_name()));
    }
    let uri = address.uri();
    let actor = address.did;
    let at = created_at(record)?;
    let subject_event = |kind: EventKind, post: Option<&str>| -> Result<Vec<Event>, String> {
        let subject = record.required_text("subject.uri")?;
        let target = did_of(subject).map_err(|e| format!("field \"subject.uri\": {e}"))?;
        Ok(vec![Event {
            post: post.map(str::to_owned),
            parent: Some(subject.to_owned()),
            ..Event::new(uri.clone(), NET, kind, actor, at).with_target(target)
        }])
    };
    match address.collection {
        POST => post_events(record, uri.clone(), actor, at),
        LIKE => subject_event(EventKind::Like, None),
        REPOST => subject_event(EventKind::Repost, Some(&uri)),
        FOLLOW => {
            // Current records hold the DID; 2022 records held `{did, declarationCid}`.
            let subject = match record.get("subject") {
                Some(s) if s.text().is_some() => record.required_text("subject")?,
                _ => record.required_text("subject.did")?,
            };
            let target = did(subject).map_err(|e| format!("field \"subject\": {e}"))?;
            Ok(vec![
                Event::new(uri.clone(), NET, EventKind::Follow, actor, at).with_target(target),
            ])
        }
        _ => Ok(Vec::new()),
    }
}

fn created_at(record: View) -> Result<i64, String> {
    let text = record.required_text("createdAt")?;
    parse_instant(text).map_err(|e| format!("field \"createdAt\": {e}"))
}

/// A post, reply or quote, then one mention per mentioned account.
fn post_events(record: View, uri: String, actor: &str, at: i64) -> Result<Vec<Event>, String> {
    let reply_parent = record.text_at("reply.parent.uri")?;
    let quoted = quoted_uri(record)?;
    let (kind, parent) = match (reply_parent, quoted) {
        (Some(parent), _) => (EventKind::Reply, Some(parent)),
        (None, Some(quoted)) => (EventKind::Quote, Some(quoted)),
        (None, None) => (EventKind::Post, None),
    };
    let target = match parent {
        Some(parent) => {
            let field = if kind == EventKind::Reply {
                "reply.parent.uri"
            } else {
                "embed"
            };
            Some(did_of(parent).map_err(|e| format!("field {field:?}: {e}"))?)
        }
        None => None,
    };
    let rich = RichText::of(record);
    let mut tags = rich.tags;
    tags.extend(
        record
            .get("tags")
            .map(View::items)
            .unwrap_or_default()
            .into_iter()
            .filter_map(View::text),
    );
    let mut post = Event {
        post: Some(uri.clone()),
        parent: parent.map(str::to_owned),
        tags: tags.into_iter().map(str::to_owned).collect(),
        urls: rich.urls.into_iter().map(str::to_owned).collect(),
        lang: record
            .get("langs")
            .and_then(|l| l.items().first().and_then(|l| l.text()))
            .map(str::to_owned),
        text: record.text_at("text")?.filter(|t| !t.is_empty()).map(str::to_owned),
        ..Event::new(uri.clone(), NET, kind, actor, at)
    };
    post.target = target.map(str::to_owned);
    post.tags = dedup(
        post.tags
            .iter()
            .map(|t| sillage_model::normalize_tag(t))
            .filter(|t| !t.is_empty()),
    );
    post.urls = dedup(post.urls.iter().map(|u| u.trim().to_owned()).filter(|u| !u.is_empty()));
    // The replied-to account is already the reply's target; a mention of it adds nothing.
    let skip = if kind == EventKind::Reply { target } else { None };
    let mut mentioned: Vec<&str> = Vec::new();
    for did in rich.mentions {
        if Some(did) != skip && !mentioned.contains(&did) {
            mentioned.push(did);
        }
    }
    let mut out = vec![post];
    out.extend(
        mentioned
            .into_iter()
            .map(|did| Event::new(format!("{uri}#m:{did}"), NET, EventKind::Mention, actor, at).with_target(did)),
    );
    Ok(out)
}

/// The AT-URI of the post a post embeds (a quote), if any. An embedded record that is not a post
/// (a feed generator, a list, a starter pack) is a link card rather than a quote, so it gives none.
fn quoted_uri<'v>(record: View<'v, '_>) -> Result<Option<&'v str>, String> {
    let Some(embed) = record.get("embed") else {
        return Ok(None);
    };
    let uri = match embed.text_at("$type")? {
        Some("app.bsky.embed.record") => embed.text_at("record.uri")?,
        Some("app.bsky.embed.recordWithMedia") => embed.text_at("record.record.uri")?,
        _ => None,
    };
    Ok(uri.filter(|u| collection_of(u) == Some(POST)))
}

/// What a post's rich text annotates: facets (current) and `entities` (2022 records).
struct RichText<'v> {
    mentions: Vec<&'v str>,
    tags: Vec<&'v str>,
    urls: Vec<&'v str>,
}

impl<'v> RichText<'v> {
    /// Annotations of the wrong shape are ignored one by one: they decorate the text, and a
    /// malformed one should not cost the post itself.
    fn of(record: View<'v, '_>) -> RichText<'v> {
        let mut rich = RichText {
            mentions: Vec::new(),
            tags: Vec::new(),
            urls: Vec::new(),
        };
        let features = record
            .get("facets")
            .map(View::items)
            .unwrap_or_default()
            .into_iter()
            .flat_map(|facet| facet.get("features").map(View::items).unwrap_or_default());
        for feature in features {
            let field = |name: &str| feature.get(name).and_then(View::text);
            match field("$type") {
                Some("app.bsky.richtext.facet#mention") => {
                    rich.mentions.extend(field("did").filter(|d| did(d).is_ok()))
                }
                Some("app.bsky.richtext.facet#tag") => rich.tags.extend(field("tag")),
                Some("app.bsky.richtext.facet#link") => rich.urls.extend(field("uri")),
                _ => {}
            }
        }
        for entity in record.get("entities").map(View::items).unwrap_or_default() {
            let value = entity.get("value").and_then(View::text);
            match entity.get("type").and_then(View::text) {
                Some("mention") => rich.mentions.extend(value.filter(|d| did(d).is_ok())),
                Some("link") => rich.urls.extend(value),
                _ => {}
            }
        }
        // A link card is a link the post carries even when the text does not spell it out.
        if let Some(embed) = record.get("embed") {
            let card = embed
                .get("external")
                .or_else(|| embed.get("media").and_then(|m| m.get("external")));
            rich.urls.extend(card.and_then(|c| c.get("uri")).and_then(View::text));
        }
        rich
    }
}

/// Keeps the first occurrence of each value, in order.
fn dedup(values: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in values {
        if !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

/// Checks that a string is a DID (`did:method:id`).
pub(crate) fn did(s: &str) -> Result<&str, String> {
    let ok = s
        .strip_prefix("did:")
        .and_then(|rest| rest.split_once(':'))
        .is_some_and(|(method, id)| {
            !method.is_empty() && method.bytes().all(|b| b.is_ascii_lowercase()) && !id.is_empty()
        })
        && !s.bytes().any(|b| b.is_ascii_whitespace() || b == b'/');
    if ok { Ok(s) } else { Err(format!("{s:?} is not a DID")) }
}

/// The account (authority) of an AT-URI `at://{did}/{collection}/{rkey}`. Handles are refused as
/// authorities: accounts are keyed by DID, and a handle would make a second, unrelated account.
pub(crate) fn did_of(uri: &str) -> Result<&str, String> {
    let rest = uri
        .strip_prefix("at://")
        .ok_or_else(|| format!("{uri:?} is not an at:// URI"))?;
    let authority = rest.split('/').next().unwrap_or_default();
    did(authority).map_err(|_| format!("{uri:?} does not name its account by DID"))
}

/// The collection of an AT-URI, if it has one.
fn collection_of(uri: &str) -> Option<&str> {
    uri.strip_prefix("at://")?.split('/').nth(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DID: &str = "did:plc:alice";

    fn run(collection: &str, record: &str) -> Result<Vec<Event>, String> {
        let json: Json = serde_json::from_str(record).unwrap();
        let address = Address {
            did: DID,
            collection,
            rkey: "3k",
        };
        events(&address, View::Json(&json))
    }

    #[test]
    fn reply_with_mentions_tags_links_and_langs() {
        let got = run(
            POST,
            r##"{"text":"hi #Café","createdAt":"2024-01-02T03:04:05.678Z","langs":["fr","en"],"tags":["Extra","café"],
                "reply":{"root":{"uri":"at://did:plc:root/app.bsky.feed.post/r"},"parent":{"uri":"at://did:plc:bob/app.bsky.feed.post/p"}},
                "facets":[{"features":[{"$type":"app.bsky.richtext.facet#tag","tag":"Café"},
                                       {"$type":"app.bsky.richtext.facet#mention","did":"did:plc:bob"},
                                       {"$type":"app.bsky.richtext.facet#mention","did":"did:plc:carol"},
                                       {"$type":"app.bsky.richtext.facet#mention","did":"did:plc:carol"},
                                       {"$type":"app.bsky.richtext.facet#mention","did":"not-a-did"},
                                       {"$type":"app.bsky.richtext.facet#link","uri":"https://x.org"}]}]}"##,
        )
        .unwrap();
        let uri = "at://did:plc:alice/app.bsky.feed.post/3k";
        let reply = Event {
            post: Some(uri.into()),
            parent: Some("at://did:plc:bob/app.bsky.feed.post/p".into()),
            tags: vec!["café".into(), "extra".into()],
            urls: vec!["https://x.org".into()],
            lang: Some("fr".into()),
            text: Some("hi #Café".into()),
            ..Event::new(uri, NET, EventKind::Reply, DID, 1_704_164_645).with_target("did:plc:bob")
        };
        let mention = Event::new(
            format!("{uri}#m:did:plc:carol"),
            NET,
            EventKind::Mention,
            DID,
            1_704_164_645,
        )
        .with_target("did:plc:carol");
        assert_eq!(got, vec![reply, mention]);
    }

    #[test]
    fn quotes_likes_reposts_follows() {
        let quote = run(
            POST,
            r#"{"createdAt":"2024-01-01T00:00:00Z","embed":{"$type":"app.bsky.embed.recordWithMedia",
                "record":{"record":{"uri":"at://did:plc:bob/app.bsky.feed.post/q"}},"media":{"external":{"uri":"https://y.org"}}}}"#,
        )
        .unwrap();
        assert_eq!(
            (quote[0].kind, quote[0].target.as_deref()),
            (EventKind::Quote, Some("did:plc:bob"))
        );
        assert_eq!(quote[0].urls, vec!["https://y.org"]);
        let list = run(
            POST,
            r#"{"createdAt":"2024-01-01T00:00:00Z","embed":{"$type":"app.bsky.embed.record","record":{"uri":"at://did:plc:bob/app.bsky.graph.list/l"}}}"#,
        )
        .unwrap();
        assert_eq!((list[0].kind, list[0].target.as_deref()), (EventKind::Post, None));
        let like = run(
            LIKE,
            r#"{"createdAt":"1970-01-01T00:01:00Z","subject":{"uri":"at://did:plc:bob/app.bsky.feed.post/q"}}"#,
        )
        .unwrap();
        assert_eq!(
            like,
            vec![Event {
                parent: Some("at://did:plc:bob/app.bsky.feed.post/q".into()),
                ..Event::new(
                    "at://did:plc:alice/app.bsky.feed.like/3k",
                    NET,
                    EventKind::Like,
                    DID,
                    60
                )
                .with_target("did:plc:bob")
            }]
        );
        let repost = run(
            REPOST,
            r#"{"createdAt":"1970-01-01T00:01:00Z","subject":{"uri":"at://did:plc:bob/app.bsky.feed.post/q"}}"#,
        )
        .unwrap();
        assert_eq!(
            repost[0].post.as_deref(),
            Some("at://did:plc:alice/app.bsky.feed.repost/3k")
        );
        for record in [
            r#"{"createdAt":"1970-01-01T00:01:00Z","subject":"did:plc:bob"}"#,
            r#"{"createdAt":"1970-01-01T00:01:00Z","subject":{"did":"did:plc:bob","declarationCid":"x"}}"#,
        ] {
            let follow = run(FOLLOW, record).unwrap();
            assert_eq!(
                (follow[0].kind, follow[0].target.as_deref()),
                (EventKind::Follow, Some("did:plc:bob"))
            );
        }
        assert_eq!(run("app.bsky.actor.profile", r#"{"displayName":"A"}"#), Ok(Vec::new()));
    }

    #[test]
    fn reasons_name_the_field() {
        let err = |collection: &str, record: &str| run(collection, record).unwrap_err();
        assert_eq!(err(POST, r#"{"text":"x"}"#), "missing required field \"createdAt\"");
        assert!(err(POST, r#"{"createdAt":"yesterday"}"#).starts_with("field \"createdAt\": timestamp \"yesterday\""));
        assert_eq!(
            err(POST, r#"{"createdAt":5}"#),
            "field \"createdAt\": expected a string, found a number"
        );
        assert_eq!(
            err(LIKE, r#"{"createdAt":"1970-01-01T00:00:00Z"}"#),
            "missing required field \"subject.uri\""
        );
        assert_eq!(
            err(
                LIKE,
                r#"{"createdAt":"1970-01-01T00:00:00Z","subject":{"uri":"at://bob.test/app.bsky.feed.post/q"}}"#
            ),
            "field \"subject.uri\": \"at://bob.test/app.bsky.feed.post/q\" does not name its account by DID"
        );
        assert_eq!(
            err(FOLLOW, r#"{"createdAt":"1970-01-01T00:00:00Z","subject":"bob"}"#),
            "field \"subject\": \"bob\" is not a DID"
        );
        assert_eq!(
            err(
                POST,
                r#"{"createdAt":"1970-01-01T00:00:00Z","reply":{"parent":{"uri":"https://x"}}}"#
            ),
            "field \"reply.parent.uri\": \"https://x\" is not an at:// URI"
        );
        assert_eq!(err(POST, "[1]"), "the record is an array, expected a map");
    }

    #[test]
    fn dids() {
        assert!(did("did:plc:abc").is_ok());
        assert!(did("did:web:example.com").is_ok());
        for bad in [
            "did:",
            "did:plc:",
            "did::x",
            "plc:abc",
            "did:PLC:x",
            "did:plc:a b",
            "did:plc:a/b",
        ] {
            assert!(did(bad).is_err(), "{bad}");
        }
    }
}
