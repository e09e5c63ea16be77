//! One interaction: the canonical event of EVENTS.md.

use std::fmt;
use std::str::FromStr;

use unicode_normalization::UnicodeNormalization;

use crate::Instant;

/// What an event does. The discriminants are stable: the store writes them as integers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum EventKind {
    Post = 0,
    Repost = 1,
    Quote = 2,
    Reply = 3,
    Mention = 4,
    Like = 5,
    Follow = 6,
    Unfollow = 7,
}

/// A `kind` value outside EVENTS.md's list.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("unknown kind {0:?} (expected post, repost, quote, reply, mention, like, follow or unfollow)")]
pub struct UnknownKind(pub String);

impl EventKind {
    pub const ALL: [EventKind; 8] = [
        EventKind::Post,
        EventKind::Repost,
        EventKind::Quote,
        EventKind::Reply,
        EventKind::Mention,
        EventKind::Like,
        EventKind::Follow,
        EventKind::Unfollow,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Post => "post",
            EventKind::Repost => "repost",
            EventKind::Quote => "quote",
            EventKind::Reply => "reply",
            EventKind::Mention => "mention",
            EventKind::Like => "like",
            EventKind::Follow => "follow",
            EventKind::Unfollow => "unfollow",
        }
    }

    pub fn from_code(code: u8) -> Option<EventKind> {
        EventKind::ALL.get(usize::from(code)).copied()
    }

    pub fn code(self) -> u8 {
        self as u8
    }

    /// Whether the kind names an account acted upon (every kind but `post`).
    pub fn needs_target(self) -> bool {
        self != EventKind::Post
    }

    /// Whether the kind is an engagement with another account's content or person, the edges
    /// of the interaction graph (engager → author).
    pub fn is_engagement(self) -> bool {
        matches!(
            self,
            EventKind::Repost | EventKind::Quote | EventKind::Reply | EventKind::Mention | EventKind::Like
        )
    }
}

impl FromStr for EventKind {
    type Err = UnknownKind;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EventKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| UnknownKind(s.to_owned()))
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A canonical event, validated: required fields are present and the target rule holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Unique within `net`: the de-duplication key.
    pub id: String,
    pub net: String,
    pub kind: EventKind,
    pub actor: String,
    /// The account acted upon; `None` only for posts.
    pub target: Option<String>,
    pub post: Option<String>,
    pub parent: Option<String>,
    pub at: Instant,
    pub tags: Vec<String>,
    pub urls: Vec<String>,
    pub lang: Option<String>,
    pub text: Option<String>,
}

impl Event {
    /// A minimal event; optional fields empty.
    pub fn new(
        id: impl Into<String>,
        net: impl Into<String>,
        kind: EventKind,
        actor: impl Into<String>,
        at: Instant,
    ) -> Self {
        Event {
            id: id.into(),
            net: net.into(),
            kind,
            actor: actor.into(),
            target: None,
            post: None,
            parent: None,
            at,
            tags: Vec::new(),
            urls: Vec::new(),
            lang: None,
            text: None,
        }
    }

    pub fn with_target(mut self, target: impl Into<String>) -> Self {
        self.target = Some(target.into());
        self
    }

    /// Whether the event is an engagement of one account with another (self-interactions are kept
    /// in the store but carry no influence).
    pub fn is_influence_edge(&self) -> bool {
        self.kind.is_engagement() && self.target.as_deref().is_some_and(|t| t != self.actor)
    }
}

/// Normalizes a topic tag as EVENTS.md asks: without `#`, lowercased, Unicode NFC.
pub fn normalize_tag(tag: &str) -> String {
    let t = tag.trim().trim_start_matches('#');
    t.nfc().collect::<String>().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_names_and_codes() {
        for k in EventKind::ALL {
            assert_eq!(k.as_str().parse::<EventKind>().unwrap(), k);
            assert_eq!(EventKind::from_code(k.code()), Some(k));
        }
        assert!("retweet".parse::<EventKind>().is_err());
        assert_eq!(EventKind::from_code(8), None);
    }

    #[test]
    fn tags_are_normalized() {
        assert_eq!(normalize_tag("#Tourisme"), "tourisme");
        // "é" written as e + combining acute becomes the single NFC code point.
        assert_eq!(normalize_tag("Cafe\u{301}"), "caf\u{e9}");
    }

    #[test]
    fn self_interactions_are_not_edges() {
        let e = Event::new("1", "twitter", EventKind::Repost, "a", 0).with_target("a");
        assert!(!e.is_influence_edge());
        let e = Event::new("1", "twitter", EventKind::Follow, "a", 0).with_target("b");
        assert!(!e.is_influence_edge());
        let e = Event::new("1", "twitter", EventKind::Like, "a", 0).with_target("b");
        assert!(e.is_influence_edge());
    }
}
