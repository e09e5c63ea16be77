//! The event log under construction: compact events that name accounts and parents by index,
//! turned into canonical [`Event`]s (with ids in time order) once generation is done.

use sillage_model::{Event, EventKind, Instant};

use crate::text::Lang;

/// An account, by its index in the community.
pub(crate) type AccountId = u32;
/// An event, by its index in the log (its generation order, not its final id).
pub(crate) type RawId = u32;

/// One event as generated. Accounts and parents are indices rather than strings, so that the
/// generator can draw hundreds of thousands of them cheaply and give ids only once the events
/// are sorted.
#[derive(Debug, Clone)]
pub(crate) struct RawEvent {
    pub at: Instant,
    pub kind: EventKind,
    pub actor: AccountId,
    pub target: Option<AccountId>,
    /// The event whose content this one acts upon (for reposts, quotes, replies and likes).
    pub parent: Option<RawId>,
    pub tags: [Option<&'static str>; 2],
    pub lang: Option<Lang>,
    pub text: Option<String>,
    pub url: Option<String>,
}

impl RawEvent {
    fn new(kind: EventKind, actor: AccountId, at: Instant) -> RawEvent {
        RawEvent {
            at,
            kind,
            actor,
            target: None,
            parent: None,
            tags: [None, None],
            lang: None,
            text: None,
            url: None,
        }
    }
}

/// Whether events of this kind create content with its own id (EVENTS.md's `post` field).
pub(crate) fn creates_content(kind: EventKind) -> bool {
    matches!(
        kind,
        EventKind::Post | EventKind::Repost | EventKind::Quote | EventKind::Reply
    )
}

/// The growing log. Every push returns the new event's index, which later events use as their
/// parent.
#[derive(Debug, Default)]
pub(crate) struct Log {
    events: Vec<RawEvent>,
}

impl Log {
    pub(crate) fn with_capacity(capacity: usize) -> Log {
        Log {
            events: Vec::with_capacity(capacity),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.events.len()
    }

    pub(crate) fn get(&self, id: RawId) -> &RawEvent {
        &self.events[id as usize]
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &RawEvent> {
        self.events.iter()
    }

    fn push(&mut self, event: RawEvent) -> RawId {
        let id = self.events.len() as RawId;
        self.events.push(event);
        id
    }

    /// An original post.
    pub(crate) fn post(&mut self, actor: AccountId, at: Instant, content: Content) -> RawId {
        let mut event = RawEvent::new(EventKind::Post, actor, at);
        content.fill(&mut event);
        self.push(event)
    }

    /// A reaction to the content created by `parent`: repost, quote, reply or like. The target
    /// is the parent's author, as EVENTS.md defines it.
    pub(crate) fn react(
        &mut self,
        kind: EventKind,
        actor: AccountId,
        parent: RawId,
        at: Instant,
        content: Content,
    ) -> RawId {
        debug_assert!(matches!(
            kind,
            EventKind::Repost | EventKind::Quote | EventKind::Reply | EventKind::Like
        ));
        let original = self.get(parent);
        debug_assert!(original.at < at, "a reaction precedes its parent");
        let mut event = RawEvent::new(kind, actor, at);
        event.target = Some(original.actor);
        event.parent = Some(parent);
        // Reposts carry the hashtags of what they repost, as they do on real networks.
        if kind == EventKind::Repost {
            event.tags = original.tags;
        }
        content.fill(&mut event);
        self.push(event)
    }

    /// A mention, follow or unfollow: an account acting on another, with no content of its own.
    pub(crate) fn relate(&mut self, kind: EventKind, actor: AccountId, target: AccountId, at: Instant) -> RawId {
        debug_assert!(matches!(
            kind,
            EventKind::Mention | EventKind::Follow | EventKind::Unfollow
        ));
        let mut event = RawEvent::new(kind, actor, at);
        event.target = Some(target);
        self.push(event)
    }

    /// The canonical events, sorted by time, with ids `e0000001`, `e0000002`, … in that order
    /// (zero-padded so that ids sort as strings the way they sort as numbers, which makes "ties
    /// by id" the same as "ties by generation order").
    pub(crate) fn into_events(mut self, handles: &[String], net: &str) -> Vec<Event> {
        let mut order: Vec<(Instant, RawId)> = (0..).zip(&self.events).map(|(i, e)| (e.at, i)).collect();
        // The keys are unique (the index breaks ties), so an unstable sort is deterministic.
        order.sort_unstable();
        let mut rank = vec![0u32; self.events.len()];
        for (r, &(_, raw)) in (1..).zip(&order) {
            rank[raw as usize] = r;
        }
        let width = self.events.len().to_string().len();
        let id_of = |raw: RawId| event_id(rank[raw as usize], width);
        order
            .iter()
            .map(|&(_, raw)| {
                let id = id_of(raw);
                // Only the strings are taken out of the raw event; the rest is copied, so that
                // the log is not moved around as a whole.
                let r = &mut self.events[raw as usize];
                let post = creates_content(r.kind).then(|| id.clone());
                let mut event = Event::new(id, net, r.kind, handles[r.actor as usize].clone(), r.at);
                event.target = r.target.map(|t| handles[t as usize].clone());
                event.post = post;
                event.parent = r.parent.map(id_of);
                event.tags = r.tags.iter().flatten().map(|t| (*t).to_owned()).collect();
                event.urls = r.url.take().into_iter().collect();
                event.lang = r.lang.map(|l| l.tag().to_owned());
                event.text = r.text.take();
                event
            })
            .collect()
    }
}

/// `e` and the rank, zero-padded to `width` digits. Written by hand because half a million
/// `format!` calls are a noticeable part of the generation time.
fn event_id(rank: u32, width: usize) -> String {
    let mut digits = [b'0'; 10];
    let mut n = rank;
    let mut used = 0;
    while n > 0 {
        digits[used] = b'0' + (n % 10) as u8;
        n /= 10;
        used += 1;
    }
    let mut id = String::with_capacity(1 + width.max(used));
    id.push('e');
    for _ in used..width {
        id.push('0');
    }
    id.extend(digits[..used].iter().rev().map(|&d| char::from(d)));
    id
}

/// The content part of a post, quote or reply: tags, language, text and link.
#[derive(Debug, Default)]
pub(crate) struct Content {
    pub tags: [Option<&'static str>; 2],
    pub lang: Option<Lang>,
    pub text: Option<String>,
    pub url: Option<String>,
}

impl Content {
    /// No content: likes, and reposts (which take their parent's tags).
    pub(crate) fn none() -> Content {
        Content::default()
    }

    pub(crate) fn text(lang: Lang, text: String) -> Content {
        Content {
            lang: Some(lang),
            text: Some(text),
            ..Content::default()
        }
    }

    pub(crate) fn tagged(mut self, first: &'static str, second: Option<&'static str>) -> Content {
        self.tags = [Some(first), second];
        self
    }

    pub(crate) fn with_url(mut self, url: Option<String>) -> Content {
        self.url = url;
        self
    }

    fn fill(self, event: &mut RawEvent) {
        if self.tags[0].is_some() {
            event.tags = self.tags;
        }
        event.lang = self.lang;
        event.text = self.text;
        event.url = self.url;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_zero_padded() {
        assert_eq!(event_id(1, 1), "e1");
        assert_eq!(event_id(42, 7), "e0000042");
        assert_eq!(event_id(500_000, 6), "e500000");
        assert_eq!(event_id(u32::MAX, 10), format!("e{}", u32::MAX));
    }

    #[test]
    fn ids_follow_time_and_parents_are_resolved() {
        let mut log = Log::default();
        let late = log.post(0, 500, Content::text(Lang::Fr, "b".into()).tagged("energie", None));
        let early = log.post(1, 100, Content::text(Lang::En, "a".into()));
        let like = log.react(EventKind::Like, 1, late, 600, Content::none());
        let repost = log.react(EventKind::Repost, 0, early, 500, Content::none());
        log.relate(EventKind::Mention, 0, 1, 100);
        assert_eq!((like, repost), (2, 3));
        let handles = vec!["ana".to_owned(), "bob".to_owned()];
        let events = log.into_events(&handles, "demo");
        let ids: Vec<&str> = events.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["e1", "e2", "e3", "e4", "e5"]);
        // Time first, then generation order: the post at 100, the mention at 100, ...
        assert_eq!(events[0].kind, EventKind::Post);
        assert_eq!(events[0].actor, "bob");
        assert_eq!(events[0].post.as_deref(), Some("e1"));
        assert_eq!(events[1].kind, EventKind::Mention);
        assert_eq!(events[1].target.as_deref(), Some("bob"));
        assert_eq!(events[1].post, None);
        // ... then the post at 500 and the repost of the first post at 500.
        assert_eq!(events[2].tags, ["energie"]);
        assert_eq!(events[3].kind, EventKind::Repost);
        assert_eq!(events[3].parent.as_deref(), Some("e1"));
        assert_eq!(events[3].target.as_deref(), Some("bob"));
        assert_eq!(events[4].kind, EventKind::Like);
        assert_eq!(events[4].parent.as_deref(), Some("e3"));
        assert_eq!(events[4].post, None);
        assert_eq!(events[4].net, "demo");
    }
}
