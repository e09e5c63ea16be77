//! Recognising Mastodon REST responses and ActivityPub outboxes from a file's first bytes.
//!
//! The first object is probed with a serde visitor that writes down keys as it meets them, so a
//! head cut in the middle of a large document still tells its shape: what was seen before the cut
//! is kept even though the parse fails there.

use std::fmt;
use std::path::Path;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::Format;

/// Recognises [`Format::ActivityPub`] (a file named `outbox.json`, or an ActivityStreams
/// `OrderedCollection` of `Create`/`Announce` activities) or [`Format::Mastodon`] (a status,
/// notification, account or thread context, alone, in an array, in JSON Lines, or in a
/// `{"request","body"}` capture).
pub(crate) fn file(path: &Path, head: &[u8]) -> Option<Format> {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    let head = &head[start..];
    if !matches!(head[0], b'{' | b'[') {
        return None;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    let text = String::from_utf8_lossy(head);
    if name == "outbox.json" || is_outbox(&text) {
        return Some(Format::ActivityPub);
    }
    let mut shape = Shape::default();
    // A parse error is expected when the head cuts the document; the keys met before it count.
    let _ = Probe(&mut shape, 0).deserialize(&mut serde_json::Deserializer::from_slice(head));
    is_mastodon(&shape).then_some(Format::Mastodon)
}

fn is_outbox(text: &str) -> bool {
    text.starts_with('{')
        && text.contains("\"@context\"")
        && text.contains("\"OrderedCollection\"")
        && text.contains("\"orderedItems\"")
        && (text.contains("\"Create\"") || text.contains("\"Announce\""))
}

/// The keys of the first object, the keys of its `account`, and the shape of its `body`.
#[derive(Default)]
struct Shape {
    keys: Vec<String>,
    account: Vec<String>,
    body: Option<Box<Shape>>,
}

impl Shape {
    fn has(&self, key: &str) -> bool {
        self.keys.iter().any(|k| k == key)
    }
}

fn is_mastodon(shape: &Shape) -> bool {
    let shape = match &shape.body {
        Some(body) if shape.has("request") => body,
        _ => shape,
    };
    let has = |k| shape.has(k);
    if has("kind") && has("actor") {
        return false; // canonical events
    }
    let account = shape.account.iter().any(|k| k == "acct");
    let status = has("id") && account && (has("content") || has("text")) && (has("uri") || has("visibility"));
    let notification = has("type") && account && has("created_at");
    let profile = has("acct") && has("username") && (has("followers_count") || has("display_name"));
    let context = has("ancestors") && has("descendants");
    status || notification || profile || context
}

/// Writes down the keys of the first object met (descending into the first item of arrays).
struct Probe<'s>(&'s mut Shape, usize);

const MAX_PROBE_DEPTH: usize = 4;

impl<'de> DeserializeSeed<'de> for Probe<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Probe<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Probe(shape, depth) = self;
        while let Some(key) = map.next_key::<String>()? {
            let nested = depth < MAX_PROBE_DEPTH && matches!(key.as_str(), "body" | "account");
            let is_body = key == "body";
            shape.keys.push(key);
            if nested {
                let mut inner = Shape::default();
                let result = map.next_value_seed(Probe(&mut inner, depth + 1));
                if is_body {
                    shape.body = Some(Box::new(inner));
                } else {
                    shape.account = inner.keys;
                }
                result?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Probe(shape, depth) = self;
        if depth < MAX_PROBE_DEPTH {
            seq.next_element_seed(Probe(shape, depth + 1))?;
        }
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sniffed(name: &str, head: &str) -> Option<Format> {
        file(Path::new(name), head.as_bytes())
    }

    const STATUS: &str = r#"{"id":"1","uri":"https://a.example/users/x/statuses/1","content":"<p>hi</p>","account":{"id":"2","acct":"x"}}"#;

    #[test]
    fn mastodon_shapes() {
        assert_eq!(sniffed("s.json", STATUS), Some(Format::Mastodon));
        assert_eq!(
            sniffed("s.jsonl", &format!("{STATUS}\n{STATUS}\n")),
            Some(Format::Mastodon)
        );
        assert_eq!(sniffed("s.json", &format!("[{STATUS}]")), Some(Format::Mastodon));
        assert_eq!(
            sniffed("c.json", &format!("{{\"request\": \"GET x\", \"body\": [{STATUS}, ")),
            Some(Format::Mastodon),
            "a cut head still tells"
        );
        let notification = r#"{"id":"9","type":"follow","created_at":"2024-01-01T00:00:00Z","account":{"acct":"a@b.c"#;
        assert_eq!(sniffed("n", notification), Some(Format::Mastodon));
        assert_eq!(
            sniffed(
                "ctx.json",
                r#"{"request":"GET","body":{"ancestors":[],"descendants":[]}}"#
            ),
            Some(Format::Mastodon)
        );
    }

    #[test]
    fn others_are_left_alone() {
        assert_eq!(
            sniffed("e.jsonl", r#"{"id":"1","kind":"post","actor":"a","at":0}"#),
            None
        );
        assert_eq!(
            sniffed(
                "e.jsonl",
                r#"{"id":"1","kind":"post","actor":"a","account":{"acct":"x"},"content":"","uri":"u","at":0}"#
            ),
            None
        );
        assert_eq!(sniffed("a.jsonl", r#"{"handle":"a","followers":3}"#), None);
        assert_eq!(
            sniffed("t.json", r#"{"id":1,"text":"hi","user":{"screen_name":"x"}}"#),
            None
        );
        assert_eq!(sniffed("x.txt", "1 2 3 RT"), None);
        assert_eq!(sniffed("x.json", ""), None);
    }

    #[test]
    fn activitypub_outboxes() {
        assert_eq!(sniffed("OUTBOX.json", "{"), Some(Format::ActivityPub));
        let outbox = r#"{"@context":"https://www.w3.org/ns/activitystreams","type":"OrderedCollection","orderedItems":[{"type":"Create""#;
        assert_eq!(sniffed("export.json", outbox), Some(Format::ActivityPub));
        assert_eq!(sniffed("outbox.json", "not json"), None);
    }
}
