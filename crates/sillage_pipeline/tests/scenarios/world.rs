//! A small language for deterministic test worlds: accounts, posts and reactions as canonical
//! events with unique ids, and the organic base world every scenario starts from.
//!
//! Everything is drawn from seeded ChaCha streams, one per purpose and one per simulated day of
//! organic activity. So a world is the same bit for bit for the same seed, and extending a world
//! past its horizon, or adding scripted accounts to it, leaves the events it already had untouched
//! (the scenarios compare worlds "with and without" something and need that). Random draws only go
//! through additions, multiplications, divisions, `floor` and `ceil`, which are correctly rounded
//! everywhere; `ln`, `exp` and `powf` come from the platform's maths library and are avoided.

mod organic;
mod small;

use std::collections::{HashMap, HashSet};

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sillage_model::{AccountRecord, Event, EventKind, Instant};

use organic::Organic;
pub use organic::Persona;

/// The network of every test account.
pub const NET: &str = "test";
/// 2026-03-01T00:00:00Z: the end of the organic base world and the usual as-of instant.
pub const T0: Instant = 1_772_323_200;
pub const MINUTE: Instant = 60;
pub const HOUR: Instant = 3_600;
pub const DAY: Instant = 86_400;
pub const YEAR: Instant = 365 * DAY;

/// The topic communities of the organic world, as normalized tags.
pub const TOPICS: [&str; 5] = ["tourisme", "rust", "football", "assurance", "climat"];

/// The random source of every generator.
pub type Rng = ChaCha8Rng;

/// Random streams of the organic world. Scenarios use streams from [`SCENARIO_STREAMS`] up.
const STREAM_PERSONAS: u64 = 1;
const STREAM_FOLLOWS: u64 = 2;
const STREAM_SMALL: u64 = 3;
/// Day `d` of organic activity draws from stream `STREAM_DAYS + d`.
const STREAM_DAYS: u64 = 10_000;
/// The first stream free for scenario code (below it: the organic world's own streams).
pub const SCENARIO_STREAMS: u64 = 1_000_000;

/// The weight of one received engagement when ranking accounts by standing. It mirrors the
/// score model's kind weights (a repost counts more than a like) without depending on them.
pub fn kind_weight(kind: EventKind) -> f64 {
    match kind {
        EventKind::Repost | EventKind::Quote => 1.0,
        EventKind::Reply => 0.8,
        EventKind::Mention => 0.6,
        EventKind::Like => 0.4,
        EventKind::Post | EventKind::Follow | EventKind::Unfollow => 0.0,
    }
}

/// The organic mix of reaction kinds: like, repost, reply, quote, with cumulative shares.
const ORGANIC_MIX: [(EventKind, f64); 4] = [
    (EventKind::Like, 0.50),
    (EventKind::Repost, 0.75),
    (EventKind::Reply, 0.92),
    (EventKind::Quote, 1.0),
];

/// The expected standing weight of one organic reaction (0.5·0.4 + 0.25·1 + 0.17·0.8 + 0.08·1).
pub const ORGANIC_REACTION_WEIGHT: f64 = 0.666;

/// `net:handle` of a test account.
pub fn key(handle: &str) -> String {
    format!("{NET}:{handle}")
}

/// The random stream `stream` of `seed`.
pub fn rng(seed: u64, stream: u64) -> Rng {
    let mut rng = Rng::seed_from_u64(seed);
    rng.set_stream(stream);
    rng
}

/// A uniform index below `n` (> 0), drawn as `u64` so that it does not depend on pointer width.
pub fn pick(rng: &mut Rng, n: usize) -> usize {
    assert!(n > 0, "pick from an empty range");
    rng.random_range(0..n as u64) as usize
}

/// A uniform instant in `[lo, hi)`.
pub fn between(rng: &mut Rng, lo: Instant, hi: Instant) -> Instant {
    rng.random_range(lo..hi)
}

/// Fisher–Yates with [`pick`], so the order depends on the seed only.
pub fn shuffle<T>(rng: &mut Rng, items: &mut [T]) {
    for i in (1..items.len()).rev() {
        let j = pick(rng, i + 1);
        items.swap(i, j);
    }
}

/// A reaction kind drawn from the organic mix.
pub fn organic_kind(rng: &mut Rng) -> EventKind {
    let x: f64 = rng.random();
    ORGANIC_MIX
        .iter()
        .find(|(_, c)| x < *c)
        .map_or(EventKind::Quote, |(k, _)| *k)
}

/// Short texts per topic, French then English.
fn snippets(topic: &str) -> ([&'static str; 3], [&'static str; 3]) {
    match topic {
        "tourisme" => (
            [
                "Nos adresses préférées à Lisbonne",
                "Trois jours dans le Vercors",
                "Le train de nuit revient",
            ],
            [
                "Where to eat in Lisbon",
                "Three days in the Alps",
                "Night trains are back",
            ],
        ),
        "rust" => (
            [
                "Pourquoi j'aime le borrow checker",
                "Compiler plus vite",
                "Rust 2024 en pratique",
            ],
            [
                "Async traits at last",
                "Profiling a hot loop",
                "Error handling patterns",
            ],
        ),
        "football" => (
            [
                "Quel match hier soir",
                "Le mercato s'emballe",
                "Analyse tactique du derby",
            ],
            [
                "What a match last night",
                "Transfer window madness",
                "Derby tactics explained",
            ],
        ),
        "assurance" => (
            [
                "Comprendre sa franchise",
                "Assurance habitation : les pièges",
                "La mutualisation expliquée",
            ],
            [
                "Understanding deductibles",
                "Home insurance pitfalls",
                "Risk pooling explained",
            ],
        ),
        "climat" => (
            [
                "Le dernier rapport du GIEC",
                "La sobriété au quotidien",
                "Canicule : que faire ?",
            ],
            ["The latest IPCC report", "Sufficiency at home", "Heatwave: what to do"],
        ),
        _ => (
            ["Quelques nouvelles", "Un fil à lire", "À suivre"],
            ["Some news", "A thread", "Stay tuned"],
        ),
    }
}

/// A post's text: a snippet of its first tag's topic followed by its hashtags.
fn post_text(id_number: u64, tags: &[String], lang: &str) -> String {
    let (fr, en) = snippets(tags.first().map_or("", String::as_str));
    let line = if lang == "fr" { fr } else { en }[(id_number % 3) as usize];
    let hashtags: Vec<String> = tags.iter().map(|t| format!("#{t}")).collect();
    format!("{line} {}", hashtags.join(" "))
}

fn reply_text(id_number: u64, lang: &str) -> &'static str {
    let texts = if lang == "fr" {
        [
            "Tout à fait d'accord",
            "Merci pour le partage",
            "Pas convaincu, mais bien vu",
        ]
    } else {
        ["Totally agree", "Thanks for sharing", "Not convinced, but a fair point"]
    };
    texts[(id_number % 3) as usize]
}

/// A piece of content that can be reacted to: a `post` event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostRef {
    pub id: String,
    /// The author's handle.
    pub author: String,
    pub at: Instant,
    pub tags: Vec<String>,
    pub lang: String,
}

impl PostRef {
    /// The content a `post` event created; `None` for other kinds.
    pub fn of(event: &Event) -> Option<PostRef> {
        (event.kind == EventKind::Post).then(|| PostRef {
            id: event.id.clone(),
            author: event.actor.clone(),
            at: event.at,
            tags: event.tags.clone(),
            lang: event.lang.clone().unwrap_or_default(),
        })
    }

    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t == tag)
    }
}

/// A reaction event to `post` (like, repost, quote or reply) as EVENTS.md writes it: `target` the
/// post's author, `parent` the post. Reposts, quotes and replies create content (`post` = their id)
/// and carry the reacted-to post's tags; replies and quotes have a text. A like has no content.
pub fn reaction_event(id: String, kind: EventKind, actor: &str, post: &PostRef, at: Instant) -> Event {
    assert!(
        matches!(
            kind,
            EventKind::Like | EventKind::Repost | EventKind::Quote | EventKind::Reply
        ),
        "{kind} is not a reaction to a post"
    );
    assert!(
        at > post.at,
        "reaction {id} at {at} does not follow post {} at {}",
        post.id,
        post.at
    );
    let number = id
        .bytes()
        .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
    let mut e = Event::new(id, NET, kind, actor, at).with_target(post.author.clone());
    e.parent = Some(post.id.clone());
    if kind != EventKind::Like {
        e.post = Some(e.id.clone());
        e.tags = post.tags.clone();
        e.lang = Some(post.lang.clone());
    }
    match kind {
        EventKind::Reply => e.text = Some(reply_text(number, &post.lang).to_owned()),
        EventKind::Quote => {
            e.text = Some(format!(
                "{} {}",
                reply_text(number + 1, &post.lang),
                post.tags.join(" ")
            ))
        }
        _ => {}
    }
    e
}

/// A world under construction: account records, events (with unique ids) and the posts they
/// created. Organic worlds also carry the organic process, which [`World::extend_to`] continues.
#[derive(Debug, Clone)]
pub struct World {
    seed: u64,
    accounts: Vec<AccountRecord>,
    events: Vec<Event>,
    posts: Vec<PostRef>,
    /// Organic events generated at or after the horizon, released by [`World::extend_to`].
    pending: Vec<(Event, Option<PostRef>)>,
    horizon: Instant,
    organic: Option<Organic>,
    /// Organic and scripted events count their ids apart (`o…`, `x…`), so the organic events of
    /// one seed have the same ids in every scenario whatever was scripted in between.
    next_organic_id: u64,
    next_id: u64,
}

impl World {
    /// An empty world: scripted accounts and events only.
    pub fn empty(seed: u64) -> World {
        World {
            seed,
            accounts: Vec::new(),
            events: Vec::new(),
            posts: Vec::new(),
            pending: Vec::new(),
            horizon: Instant::MAX,
            organic: None,
            next_organic_id: 0,
            next_id: 0,
        }
    }

    /// A fresh, unique id for a scripted event.
    pub fn fresh_id(&mut self) -> String {
        self.next_id += 1;
        format!("x{:07}", self.next_id)
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The end of the events generated so far (exclusive) for an organic world.
    pub fn horizon(&self) -> Instant {
        self.horizon
    }

    /// A random stream for scenario code: `SCENARIO_STREAMS + purpose`.
    pub fn rng(&self, purpose: u64) -> Rng {
        rng(self.seed, SCENARIO_STREAMS + purpose)
    }

    /// Adds a scripted account; the returned record can be adjusted (language, opt-out).
    pub fn add_account(&mut self, handle: &str, created_at: Instant) -> &mut AccountRecord {
        assert!(
            self.accounts.iter().all(|a| a.handle != handle),
            "account {handle} exists already"
        );
        self.accounts.push(AccountRecord {
            net: NET.to_owned(),
            handle: handle.to_owned(),
            created_at: Some(created_at),
            ..AccountRecord::default()
        });
        self.accounts.last_mut().expect("just pushed")
    }

    /// A post by `author` tagged `tags` (normalized lowercase) in `lang`.
    pub fn post(&mut self, author: &str, at: Instant, tags: &[&str], lang: &str) -> PostRef {
        let id = self.fresh_id();
        let event = post_event(id, author, at, tags, lang);
        let post = PostRef::of(&event).expect("a post");
        self.events.push(event);
        self.posts.push(post.clone());
        post
    }

    /// A reaction (like, repost, quote or reply) of `actor` to `post`; returns its id.
    pub fn react(&mut self, kind: EventKind, actor: &str, post: &PostRef, at: Instant) -> String {
        let id = self.fresh_id();
        self.events.push(reaction_event(id.clone(), kind, actor, post, at));
        id
    }

    /// A mention of `target` inside `post` (same instant, same tags).
    pub fn mention(&mut self, post: &PostRef, target: &str) -> String {
        let id = self.fresh_id();
        self.events.push(mention_event(id.clone(), post, target));
        id
    }

    pub fn follow(&mut self, actor: &str, target: &str, at: Instant) {
        let id = self.fresh_id();
        self.events
            .push(Event::new(id, NET, EventKind::Follow, actor, at).with_target(target));
    }

    pub fn unfollow(&mut self, actor: &str, target: &str, at: Instant) {
        let id = self.fresh_id();
        self.events
            .push(Event::new(id, NET, EventKind::Unfollow, actor, at).with_target(target));
    }

    /// Pushes an event built elsewhere, giving it a fresh id.
    pub fn push(&mut self, mut event: Event) -> String {
        event.id = self.fresh_id();
        if let Some(post) = PostRef::of(&event) {
            self.posts.push(post);
        }
        let id = event.id.clone();
        self.events.push(event);
        id
    }

    pub fn events(&self) -> &[Event] {
        &self.events
    }

    pub fn accounts(&self) -> &[AccountRecord] {
        &self.accounts
    }

    /// Every `post` event, in the order they were made (not sorted by time).
    pub fn posts(&self) -> &[PostRef] {
        &self.posts
    }

    /// `author`'s posts before `before`, oldest first.
    pub fn posts_by(&self, author: &str, before: Instant) -> Vec<PostRef> {
        let mut posts: Vec<PostRef> = self
            .posts
            .iter()
            .filter(|p| p.author == author && p.at < before)
            .cloned()
            .collect();
        posts.sort_by(|a, b| (a.at, &a.id).cmp(&(b.at, &b.id)));
        posts
    }

    /// Engagement received before `until` per account: the kind-weighted count of influence
    /// edges (reactions and mentions from another account) pointing at it.
    pub fn received(&self, until: Instant) -> HashMap<String, f64> {
        received(&self.events, until)
    }

    /// The events (sorted by instant, then id) and the account records (sorted by handle).
    pub fn into_parts(self) -> (Vec<Event>, Vec<AccountRecord>) {
        let mut events = self.events;
        events.sort_by(|a, b| (a.at, &a.id).cmp(&(b.at, &b.id)));
        let mut accounts = self.accounts;
        accounts.sort_by(|a, b| a.handle.cmp(&b.handle));
        (events, accounts)
    }
}

/// The index of a topic in [`TOPICS`].
pub fn topic_index(topic: &str) -> usize {
    TOPICS
        .iter()
        .position(|t| *t == topic)
        .unwrap_or_else(|| panic!("unknown topic {topic}"))
}

fn post_event(id: String, author: &str, at: Instant, tags: &[&str], lang: &str) -> Event {
    let tags: Vec<String> = tags.iter().map(|t| sillage_model::normalize_tag(t)).collect();
    let number = id
        .bytes()
        .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
    let mut e = Event::new(id, NET, EventKind::Post, author, at);
    e.post = Some(e.id.clone());
    e.text = Some(post_text(number, &tags, lang));
    e.tags = tags;
    e.lang = Some(lang.to_owned());
    e
}

fn mention_event(id: String, post: &PostRef, target: &str) -> Event {
    let mut e = Event::new(id, NET, EventKind::Mention, post.author.clone(), post.at).with_target(target);
    e.tags = post.tags.clone();
    e
}

/// Kind-weighted engagement received before `until` per account (see [`World::received`]).
pub fn received(events: &[Event], until: Instant) -> HashMap<String, f64> {
    let mut received: HashMap<String, f64> = HashMap::new();
    for e in events.iter().filter(|e| e.at < until && e.is_influence_edge()) {
        let target = e.target.clone().expect("an edge has a target");
        *received.entry(target).or_default() += kind_weight(e.kind);
    }
    received
}

/// Events whose ids repeat (empty when all ids are unique).
pub fn duplicate_ids(events: &[Event]) -> Vec<String> {
    let mut seen = HashSet::with_capacity(events.len());
    events
        .iter()
        .filter(|e| !seen.insert(e.id.as_str()))
        .map(|e| e.id.clone())
        .collect()
}
