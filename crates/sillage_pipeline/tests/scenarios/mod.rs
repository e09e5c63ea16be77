//! The deterministic scenario worlds the score model's tested properties (PRODUCT.md P1–P7) run on,
//! as canonical events and account records. `world.rs` holds the builder, `world/organic.rs` the
//! organic base world (300 accounts, 90 days ending at T0 = 2026-03-01T00:00:00Z, five topic
//! communities) and `world/small.rs` the small random worlds; each function below builds one
//! scenario on them. What each property test (`properties.rs.pending`) asserts on the scenario:
//!
//! 1. [`stability`] (P2): a steady account that goes silent at T0 loses at most 1 point of score
//!    by T0 + 3 days and at most 2 points by T0 + 7 days, while everyone else carries on.
//! 2. [`quality`] (P3): a blogger posting twice a week and reposted by the most engaged-with
//!    `tourisme` accounts stays above a fan who posts 300 times in 48 hours with a burst of
//!    reactions from 300 throw-away accounts, overall and in `tourisme`, at every instant checked
//!    (every 6 hours from the burst's start to T0).
//! 3. [`rings`] (P4): a ring of 50 fresh accounts reposting a median account and each other for
//!    15 days raises the account's percentile among the organic accounts (present in both worlds)
//!    by at most 1 point, and every ring member stays below the population's median score.
//! 4. [`follow_farms`] (P4): 200 follow-back farm accounts (mutual follows, nothing else) add at
//!    most a small, documented amount to the target's reach; 200 genuine, active one-way followers
//!    add more.
//! 5. [`distinct_reactors`] (P3): 100 reposts by one ordinary account count less than 100 reposts
//!    by 100 distinct accounts of the same standing.
//! 6. [`standing`] (P3): one repost from a top-1 % account counts more than one repost each from
//!    five accounts of the bottom half.
//! 7. [`context`] (P5): an account central to `#tourisme` that never touches `#rust` ranks high in
//!    the `tourisme` leaderboard and is absent from, or low in, the `rust` one.
//! 8. [`monotonicity`] (consistency): one more organic reaction (a like, repost or reply at
//!    T0 − 1 h, see [`with_extra_reaction`]) never lowers the reacted-to account's score, for 20
//!    pairs of accounts of mixed standing.
//! 9. [`opt_out`] (P7): an opted-out account appears in no output (no score, not shown, in no
//!    topic leaderboard), yet its reactions count: its friend scores higher with them than in the
//!    variant without them.
//! 10. [`ledger`] (P1): in small random worlds over many seeds, every shown account's ledger points
//!     sum exactly to its components and its score.
//!
//! Every scenario is a pure function of its seed. Scripted accounts (`subject`, `blogger`, `fan`,
//! `ring_03`, …) stand outside the organic process: the organic accounts' own activity is the same
//! in every scenario built from one seed, and only the scripted events differ.

// The module is shared by two test binaries (the generators' own tests and the properties), each
// of which uses a part of it.
#![allow(dead_code)]

mod world;

use std::collections::BTreeMap;

pub use world::*;

use rand::RngExt;
use sillage_model::{AccountRecord, Event, EventKind, Instant};

/// The seed the property tests use.
pub const SEED: u64 = 20_260_301;
/// Organic accounts in every base world.
pub const ACCOUNTS: usize = 300;
/// Days of organic activity before T0.
pub const DAYS: u32 = 90;

/// One alternative world of a scenario (e.g. the same world without the ring).
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub events: Vec<Event>,
    pub accounts: Vec<AccountRecord>,
}

/// A (engager, author) pair of organic account keys for the monotonicity trials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    pub engager: String,
    pub author: String,
}

/// A scenario world: its events and account records, the instants to check, its named accounts
/// (keys `test:handle`) and its variants.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub name: &'static str,
    /// Sorted by instant, then id.
    pub events: Vec<Event>,
    /// Sorted by handle.
    pub accounts: Vec<AccountRecord>,
    /// The instants the property is checked at, oldest first.
    pub as_of: Vec<Instant>,
    pub subjects: BTreeMap<&'static str, String>,
    pub groups: BTreeMap<&'static str, Vec<String>>,
    pub variants: BTreeMap<&'static str, Variant>,
    pub pairs: Vec<Pair>,
}

impl Scenario {
    fn new(name: &'static str, world: World, as_of: Vec<Instant>) -> Scenario {
        let (events, accounts) = world.into_parts();
        Scenario {
            name,
            events,
            accounts,
            as_of,
            subjects: BTreeMap::new(),
            groups: BTreeMap::new(),
            variants: BTreeMap::new(),
            pairs: Vec::new(),
        }
    }

    fn with_subject(mut self, role: &'static str, handle: &str) -> Scenario {
        self.subjects.insert(role, key(handle));
        self
    }

    fn with_group<S: AsRef<str>>(mut self, role: &'static str, handles: &[S]) -> Scenario {
        self.groups
            .insert(role, handles.iter().map(|h| key(h.as_ref())).collect());
        self
    }

    fn with_variant(mut self, name: &'static str, world: World) -> Scenario {
        let (events, accounts) = world.into_parts();
        self.variants.insert(name, Variant { events, accounts });
        self
    }

    /// The key of a named account; panics naming the roles the scenario has.
    pub fn subject(&self, role: &str) -> &str {
        self.subjects.get(role).unwrap_or_else(|| {
            panic!(
                "scenario {} has no subject {role:?} (it has {:?})",
                self.name,
                self.subjects.keys()
            )
        })
    }

    /// The keys of a named group of accounts.
    pub fn group(&self, role: &str) -> &[String] {
        self.groups.get(role).unwrap_or_else(|| {
            panic!(
                "scenario {} has no group {role:?} (it has {:?})",
                self.name,
                self.groups.keys()
            )
        })
    }

    pub fn variant(&self, name: &str) -> &Variant {
        self.variants.get(name).unwrap_or_else(|| {
            panic!(
                "scenario {} has no variant {name:?} (it has {:?})",
                self.name,
                self.variants.keys()
            )
        })
    }

    /// The single as-of instant of scenarios checked at one instant.
    pub fn as_of(&self) -> Instant {
        assert_eq!(
            self.as_of.len(),
            1,
            "scenario {} is checked at several instants",
            self.name
        );
        self.as_of[0]
    }
}

/// The organic base world every scenario starts from.
pub fn base(seed: u64) -> World {
    World::organic(seed, ACCOUNTS, DAYS)
}

/// Scenario random streams (passed to [`World::rng`]), one per scenario so that none shares draws.
mod streams {
    pub const STABILITY: u64 = 1;
    pub const QUALITY: u64 = 2;
    pub const RINGS: u64 = 3;
    pub const FARMS: u64 = 4;
    pub const DISTINCT: u64 = 5;
    pub const STANDING: u64 = 6;
    pub const CONTEXT: u64 = 7;
    pub const MONOTONICITY: u64 = 8;
    pub const OPT_OUT: u64 = 9;
}

/// The start of organic day `d`.
fn day(d: u32) -> Instant {
    T0 - Instant::from(DAYS) * DAY + Instant::from(d) * DAY
}

/// A uniform instant in `[from, from + span)`, cut off at T0: scripted events stay before it.
fn within(rng: &mut Rng, from: Instant, span: Instant) -> Instant {
    assert!(from < T0, "a scripted event at {from} is after T0");
    between(rng, from, (from + span).min(T0))
}

/// The value at quantile `q` of `values` (sorted ascending).
fn quantile(sorted: &[f64], q: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * q) as usize]
}

/// Organic standing values before `until`, ascending.
fn standing_values(world: &World, until: Instant) -> Vec<f64> {
    let received = world.received(until);
    let mut values: Vec<f64> = world
        .organic_handles()
        .iter()
        .map(|h| received.get(h).copied().unwrap_or(0.0))
        .collect();
    values.sort_by(f64::total_cmp);
    values
}

/// The topic of the stability subject and of the opt-out scenario.
const CLIMAT: &str = "climat";
/// The stability subject's target standing: the 80th percentile of organic received engagement.
pub const STABILITY_QUANTILE: f64 = 0.8;

/// **1. Stability (P2).** The base world extended to T0 + 7 days, plus `subject` (topic `climat`),
/// a steady account: it posts every day for the 90 days before T0, each post drawing reactions
/// from distinct members of the `climat` community within 8 hours, at a steady daily count chosen
/// so that its total received engagement sits at the 80th percentile of the organic accounts (top
/// 20 %); it is followed by 25 community members at the start and reacts to two community posts
/// a day. At T0 it goes silent: no post, reaction or follow by it, and no reaction to it, at or
/// after T0, while the organic world carries on. Checked at T0, T0 + 3 days and T0 + 7 days.
pub fn stability(seed: u64) -> Scenario {
    let mut w = base(seed);
    let mut rng = w.rng(streams::STABILITY);
    let values = standing_values(&w, T0);
    let target = quantile(&values, STABILITY_QUANTILE);
    let per_day = target / (f64::from(DAYS) * ORGANIC_REACTION_WEIGHT);
    let subject = "subject";
    w.add_account(subject, T0 - 3 * YEAR).lang = Some("fr".into());
    for f in w.draw_reactors(&mut rng, CLIMAT, 25, &[]) {
        let at = between(&mut rng, day(0), day(2));
        w.follow(&f, subject, at);
    }
    let phase: f64 = rng.random();
    for d in 0..DAYS {
        let start = day(d);
        let at = between(&mut rng, start + 9 * HOUR, start + 11 * HOUR);
        let post = w.post(subject, at, &[CLIMAT], "fr");
        let n = ((f64::from(d + 1) * per_day + phase).floor() - (f64::from(d) * per_day + phase).floor()) as usize;
        for r in w.draw_reactors(&mut rng, CLIMAT, n, &[]) {
            let delay = between(&mut rng, 10 * MINUTE, 8 * HOUR);
            w.react(organic_kind(&mut rng), &r, &post, at + delay);
        }
        let recent = w.organic_posts(CLIMAT, &[], start - DAY, start + 12 * HOUR);
        for _ in 0..2.min(recent.len()) {
            let p = &recent[recent.len() - 1 - pick(&mut rng, recent.len().min(10))];
            let kind = if rng.random_bool(0.7) {
                EventKind::Like
            } else {
                EventKind::Reply
            };
            w.react(kind, subject, p, start + 12 * HOUR + between(&mut rng, 0, 8 * HOUR));
        }
    }
    w.extend_to(T0 + 7 * DAY);
    Scenario::new("stability", w, vec![T0, T0 + 3 * DAY, T0 + 7 * DAY]).with_subject("subject", subject)
}

/// The burst of the quality scenario: 48 hours ending 5 days before T0.
pub const BURST_START: Instant = T0 - 7 * DAY;
pub const BURST_END: Instant = T0 - 5 * DAY;

/// **2. Quality over volume (P3).** The base world plus `blogger` and `fan`, both new (no organic
/// engagement). `blogger` posts twice a week for 90 days tagged `tourisme` (26 posts); each post is
/// reposted within 6 hours by 3 to 5 of the 8 most engaged-with `tourisme` accounts (group
/// `tourisme_top`), who follow it at their first repost. `fan` posts 300 times in the 48 hours
/// from [`BURST_START`] to [`BURST_END`], tagged `tourisme` and `football`; each post gets 8 to 12
/// likes (70 %) or reposts within 30 minutes from a pool of 300 accounts `bot_000`… (group `pool`,
/// created a week before the burst; they never post, only react: about 10 reactions each).
/// Checked every 6 hours from the burst's start to T0 (29 instants).
pub fn quality(seed: u64) -> Scenario {
    let mut w = base(seed);
    let mut rng = w.rng(streams::QUALITY);
    let received = w.received(T0);
    let mut top = w.community("tourisme");
    let of = |h: &String| received.get(h).copied().unwrap_or(0.0);
    top.sort_by(|a, b| of(b).total_cmp(&of(a)).then_with(|| a.cmp(b)));
    top.truncate(8);
    w.add_account("blogger", T0 - 3 * YEAR).lang = Some("fr".into());
    w.add_account("fan", T0 - 2 * YEAR).lang = Some("fr".into());
    let mut following: Vec<String> = Vec::new();
    for d in (0..DAYS).filter(|d| d % 7 == 1 || d % 7 == 4) {
        let at = between(&mut rng, day(d) + 10 * HOUR, day(d) + 11 * HOUR);
        let post = w.post("blogger", at, &["tourisme"], "fr");
        let n = 3 + pick(&mut rng, 3);
        let mut chosen = top.clone();
        shuffle(&mut rng, &mut chosen);
        for r in &chosen[..n] {
            let repost_at = at + between(&mut rng, 20 * MINUTE, 6 * HOUR);
            if !following.contains(r) {
                following.push(r.clone());
                w.follow(r, "blogger", repost_at - MINUTE);
            }
            w.react(EventKind::Repost, r, &post, repost_at);
        }
    }
    let pool: Vec<String> = (0..300).map(|i| format!("bot_{i:03}")).collect();
    for b in &pool {
        w.add_account(b, BURST_START - 7 * DAY);
    }
    let step = (BURST_END - BURST_START) / 300;
    for i in 0..300 {
        let at = BURST_START + i * step + between(&mut rng, 0, step / 2);
        let post = w.post("fan", at, &["tourisme", "football"], "fr");
        let n = 8 + pick(&mut rng, 5);
        let mut reactors: Vec<usize> = Vec::with_capacity(n);
        while reactors.len() < n {
            let b = pick(&mut rng, pool.len());
            if !reactors.contains(&b) {
                reactors.push(b);
            }
        }
        for b in reactors {
            let kind = if rng.random_bool(0.7) {
                EventKind::Like
            } else {
                EventKind::Repost
            };
            w.react(kind, &pool[b], &post, at + between(&mut rng, MINUTE, 30 * MINUTE));
        }
    }
    let as_of = (0..=28).map(|k| BURST_START + k * 6 * HOUR).collect();
    Scenario::new("quality", w, as_of)
        .with_subject("blogger", "blogger")
        .with_subject("fan", "fan")
        .with_group("pool", &pool)
        .with_group("tourisme_top", &top)
}

/// The organic account nearest the median standing whose posting rate is at least `min_rate` a
/// day (the median itself when it qualifies).
fn median_account(w: &World, min_rate: f64) -> String {
    let order = w.standing(T0);
    let mid = order.len() / 2;
    (0..order.len())
        .flat_map(|k| [mid + k, mid.wrapping_sub(k)])
        .filter_map(|i| order.get(i))
        .find(|h| w.persona(h).rate >= min_rate)
        .expect("an organic account posts often enough")
        .clone()
}

/// **3. Rings (P4).** Two worlds from one seed: the base world with a ring (the scenario's events)
/// and without it (variant `without_ring`). `target` is the organic account nearest the median
/// standing that posts at least every third day. The ring: 50 accounts `ring_00`… (group `ring`),
/// created 20 days before T0. On each of the 15 days before T0 every member posts once (tagged
/// with the target's main topic), reposts one of the target's posts (the newest it has not
/// reposted yet) and reposts that day's post of 5 other members drawn at random; on the first day
/// each member follows the target. Group `organic`: the organic accounts, present in both worlds.
pub fn rings(seed: u64) -> Scenario {
    let w = base(seed);
    let target = median_account(&w, 1.0 / 3.0);
    let without = w.clone();
    let mut w = w;
    let mut rng = w.rng(streams::RINGS);
    let persona: Persona = w.persona(&target).clone();
    let topic = TOPICS[persona.topics[0]];
    let ring: Vec<String> = (0..50).map(|i| format!("ring_{i:02}")).collect();
    for m in &ring {
        w.add_account(m, T0 - 20 * DAY).lang = Some(persona.lang.into());
    }
    let mut reposted: Vec<Vec<String>> = vec![Vec::new(); ring.len()];
    for k in 0..15 {
        let start = T0 - (15 - k) * DAY;
        let posts: Vec<PostRef> = ring
            .iter()
            .map(|m| {
                let at = between(&mut rng, start + 8 * HOUR, start + 10 * HOUR);
                w.post(m, at, &[topic], persona.lang)
            })
            .collect();
        for (i, m) in ring.iter().enumerate() {
            if k == 0 {
                w.follow(m, &target, between(&mut rng, start + 9 * HOUR, start + 10 * HOUR));
            }
            let at = between(&mut rng, start + 12 * HOUR, start + 14 * HOUR);
            let candidates = w.posts_by(&target, at);
            if let Some(p) = candidates.iter().rev().find(|p| !reposted[i].contains(&p.id)) {
                reposted[i].push(p.id.clone());
                w.react(EventKind::Repost, m, p, at);
            }
            let mut others: Vec<usize> = Vec::with_capacity(5);
            while others.len() < 5 {
                let j = pick(&mut rng, ring.len());
                if j != i && !others.contains(&j) {
                    others.push(j);
                }
            }
            for j in others {
                let at = between(&mut rng, start + 14 * HOUR, start + 18 * HOUR);
                w.react(EventKind::Repost, m, &posts[j], at);
            }
        }
    }
    let organic = w.organic_handles();
    Scenario::new("rings", w, vec![T0])
        .with_subject("target", &target)
        .with_group("ring", &ring)
        .with_group("organic", &organic)
        .with_variant("without_ring", without)
}

/// **4. Follow-back farms (P4).** The base world (the scenario's events) and two variants adding an
/// audience to `target`, the organic account at the median standing. The follows of both audiences
/// are dated between 30 and 10 days before T0.
///
/// - `farm`: 200 accounts `farm_000`… (group `farm`, created 40 days before T0) each follow the
///   target and are followed back within 6 hours; each also follows about 10 other farm accounts,
///   which follow back. Mutual follows only: no post, no reaction.
/// - `genuine`: 200 accounts `fol_000`… (group `genuine`, created 1 to 3 years before T0) each
///   follow the target (one-way) and 5 popular organic accounts of their topic; they post weekly in
///   their topic (each post liked by 0 to 2 community members) and react twice a week to recent
///   organic posts of their topic. Neither they nor the target engage with each other otherwise,
///   so the variants differ from the base world by the audience alone.
pub fn follow_farms(seed: u64) -> Scenario {
    let w = base(seed);
    let target = w.standing(T0)[ACCOUNTS / 2].clone();
    let mut rng = w.rng(streams::FARMS);
    let follow_time = |rng: &mut Rng| between(rng, T0 - 30 * DAY, T0 - 10 * DAY);

    let mut farm_world = w.clone();
    let farm: Vec<String> = (0..200).map(|i| format!("farm_{i:03}")).collect();
    for f in &farm {
        farm_world.add_account(f, T0 - 40 * DAY);
    }
    let mut pairs: std::collections::BTreeSet<(usize, usize)> = std::collections::BTreeSet::new();
    for (i, f) in farm.iter().enumerate() {
        let at = follow_time(&mut rng);
        farm_world.follow(f, &target, at);
        farm_world.follow(&target, f, at + between(&mut rng, 10 * MINUTE, 6 * HOUR));
        for _ in 0..5 {
            let j = pick(&mut rng, farm.len());
            if j == i || pairs.contains(&(i, j)) || pairs.contains(&(j, i)) {
                continue;
            }
            pairs.insert((i, j));
            let at = follow_time(&mut rng);
            farm_world.follow(f, &farm[j], at);
            farm_world.follow(&farm[j], f, at + between(&mut rng, 10 * MINUTE, 6 * HOUR));
        }
    }

    let mut genuine_world = w.clone();
    let genuine: Vec<String> = (0..200).map(|i| format!("fol_{i:03}")).collect();
    for g in &genuine {
        let created = T0 - YEAR - between(&mut rng, 0, 2 * YEAR);
        let lang = if rng.random_bool(0.7) { "fr" } else { "en" };
        genuine_world.add_account(g, created).lang = Some(lang.into());
        let topic = TOPICS[pick(&mut rng, TOPICS.len())];
        genuine_world.follow(g, &target, follow_time(&mut rng));
        for p in w.draw_popular(&mut rng, topic, 5, &[target.as_str()]) {
            genuine_world.follow(g, &p, between(&mut rng, day(0), day(2)));
        }
        let weekday = pick(&mut rng, 7) as u32;
        for d in (weekday..DAYS).step_by(7) {
            let at = between(&mut rng, day(d) + 8 * HOUR, day(d) + 22 * HOUR);
            let post = genuine_world.post(g, at, &[topic], lang);
            let n = pick(&mut rng, 3);
            for r in w.draw_reactors(&mut rng, topic, n, &[target.as_str()]) {
                genuine_world.react(
                    EventKind::Like,
                    &r,
                    &post,
                    within(&mut rng, at + 10 * MINUTE, 12 * HOUR),
                );
            }
        }
        for d in (0..DAYS).filter(|d| d % 7 == weekday % 7 || d % 7 == (weekday + 3) % 7) {
            let at = between(&mut rng, day(d) + 8 * HOUR, day(d) + 22 * HOUR);
            let mut recent = w.organic_posts(topic, &[], at - 3 * DAY, at);
            recent.retain(|p| p.author != target);
            if recent.is_empty() {
                continue;
            }
            let p = &recent[pick(&mut rng, recent.len())];
            let kind = [EventKind::Like, EventKind::Like, EventKind::Repost, EventKind::Reply][pick(&mut rng, 4)];
            genuine_world.react(kind, g, p, at);
        }
    }
    Scenario::new("follow_farms", w, vec![T0])
        .with_subject("target", &target)
        .with_group("farm", &farm)
        .with_group("genuine", &genuine)
        .with_variant("farm", farm_world)
        .with_variant("genuine", genuine_world)
}

/// Two authors posting at the same instants: `n` posts each, `step` apart from `first`, tagged
/// `tags`. Returns the pairs of posts (a's, b's).
fn twin_posts(
    w: &mut World,
    a: &str,
    b: &str,
    n: u32,
    first: Instant,
    step: Instant,
    tags: &[&str],
) -> Vec<(PostRef, PostRef)> {
    (0..n)
        .map(|k| {
            let at = first + Instant::from(k) * step;
            (w.post(a, at, tags, "en"), w.post(b, at, tags, "en"))
        })
        .collect()
}

/// **5. Distinct reactors (P3).** The base world plus two new accounts, `author_a` and `author_b`,
/// posting 100 times each at the same instants (every 21 h 21 min from 90 days before T0, tagged
/// `rust`). Each of `author_a`'s posts is reposted by `loyal`, the organic account at the median
/// standing; each of `author_b`'s is reposted by a different one of the 100 organic accounts next
/// to `loyal` in the standing order (50 below, 50 above; group `reposters_b`), in random order.
/// The k-th reposts of both come after the same delay. Neither author has any other engagement.
pub fn distinct_reactors(seed: u64) -> Scenario {
    let mut w = base(seed);
    let mut rng = w.rng(streams::DISTINCT);
    let order = w.standing(T0);
    let mid = order.len() / 2;
    let loyal = order[mid].clone();
    let mut reposters: Vec<String> = order[mid - 50..=mid + 50]
        .iter()
        .filter(|h| **h != loyal)
        .cloned()
        .collect();
    shuffle(&mut rng, &mut reposters);
    w.add_account("author_a", T0 - 2 * YEAR).lang = Some("en".into());
    w.add_account("author_b", T0 - 2 * YEAR).lang = Some("en".into());
    let step = 89 * DAY / 100;
    let posts = twin_posts(&mut w, "author_a", "author_b", 100, day(0) + 6 * HOUR, step, &["rust"]);
    for (k, (a, b)) in posts.iter().enumerate() {
        let delay = between(&mut rng, 30 * MINUTE, 6 * HOUR);
        w.react(EventKind::Repost, &loyal, a, a.at + delay);
        w.react(EventKind::Repost, &reposters[k], b, b.at + delay);
    }
    Scenario::new("distinct_reactors", w, vec![T0])
        .with_subject("author_a", "author_a")
        .with_subject("author_b", "author_b")
        .with_subject("loyal", &loyal)
        .with_group("reposters_b", &reposters)
}

/// **6. Standing (P3).** The base world plus two new accounts, `author_a` and `author_b`, posting 5
/// times each at the same instants (20, 16, 12, 8 and 4 days before T0, tagged `football`). The
/// post 12 days before T0 is reposted: `author_a`'s by `top`, the most engaged-with organic
/// account (top 1 %), 2 hours after; `author_b`'s by 5 accounts drawn from the bottom half of the
/// standing order (group `bottom`), 1 to 3 hours after. Nothing else engages with either author.
pub fn standing(seed: u64) -> Scenario {
    let mut w = base(seed);
    let mut rng = w.rng(streams::STANDING);
    let order = w.standing(T0);
    let top = order.last().expect("organic accounts").clone();
    let mut bottom_half = order[..order.len() / 2].to_vec();
    shuffle(&mut rng, &mut bottom_half);
    let bottom = bottom_half[..5].to_vec();
    w.add_account("author_a", T0 - 2 * YEAR).lang = Some("en".into());
    w.add_account("author_b", T0 - 2 * YEAR).lang = Some("en".into());
    let posts = twin_posts(
        &mut w,
        "author_a",
        "author_b",
        5,
        T0 - 20 * DAY + 10 * HOUR,
        4 * DAY,
        &["football"],
    );
    let (a, b) = &posts[2];
    w.react(EventKind::Repost, &top, a, a.at + 2 * HOUR);
    for (k, r) in bottom.iter().enumerate() {
        w.react(EventKind::Repost, r, b, b.at + HOUR + k as Instant * 30 * MINUTE);
    }
    Scenario::new("standing", w, vec![T0])
        .with_subject("author_a", "author_a")
        .with_subject("author_b", "author_b")
        .with_subject("top", &top)
        .with_group("bottom", &bottom)
}

/// **7. Context (P5).** The base world plus `tourism_star`, followed at the start by 40 members of
/// the `tourisme` community. It posts every day for 90 days tagged `tourisme` only; each post draws
/// 8 reactions (45 % reposts, 30 % replies, 25 % likes) within 12 hours from distinct `tourisme`
/// community members (some of whom also belong to `rust`). It reacts once a day (like or reply) to
/// a recent organic post tagged `tourisme` and not `rust`. It never posts about, reacts to or
/// mentions anything tagged `rust`.
pub fn context(seed: u64) -> Scenario {
    let mut w = base(seed);
    let mut rng = w.rng(streams::CONTEXT);
    let star = "tourism_star";
    w.add_account(star, T0 - 4 * YEAR).lang = Some("fr".into());
    for f in w.draw_reactors(&mut rng, "tourisme", 40, &[]) {
        w.follow(&f, star, between(&mut rng, day(0), day(2)));
    }
    for d in 0..DAYS {
        let start = day(d);
        let at = between(&mut rng, start + 8 * HOUR, start + 10 * HOUR);
        let post = w.post(star, at, &["tourisme"], "fr");
        for r in w.draw_reactors(&mut rng, "tourisme", 8, &[]) {
            let x: f64 = rng.random();
            let kind = if x < 0.45 {
                EventKind::Repost
            } else if x < 0.75 {
                EventKind::Reply
            } else {
                EventKind::Like
            };
            w.react(kind, &r, &post, at + between(&mut rng, 10 * MINUTE, 12 * HOUR));
        }
        let recent = w.organic_posts("tourisme", &["rust"], start - DAY, start + 12 * HOUR);
        if !recent.is_empty() {
            let p = &recent[pick(&mut rng, recent.len())];
            let kind = if rng.random_bool(0.6) {
                EventKind::Like
            } else {
                EventKind::Reply
            };
            w.react(kind, star, p, start + 12 * HOUR + between(&mut rng, 0, 8 * HOUR));
        }
    }
    Scenario::new("context", w, vec![T0]).with_subject("tourism_star", star)
}

/// The instant of the extra reaction of the monotonicity trials.
pub const EXTRA_AT: Instant = T0 - HOUR;
/// Monotonicity trials: one per pair.
pub const TRIALS: usize = 20;

/// **8. Monotonicity (consistency).** The base world and 20 (engager, author) pairs of organic
/// accounts (`pairs`): the authors are spread evenly over the standing order, from the least to
/// the most engaged-with; each engager is drawn at random among the other organic accounts, so
/// standings mix. [`with_extra_reaction`] adds trial `k`'s reaction.
pub fn monotonicity(seed: u64) -> Scenario {
    let w = base(seed);
    let mut rng = w.rng(streams::MONOTONICITY);
    let order = w.standing(EXTRA_AT);
    let pairs = (0..TRIALS)
        .map(|i| {
            let author = order[i * (order.len() - 1) / (TRIALS - 1)].clone();
            let engager = loop {
                let e = &order[pick(&mut rng, order.len())];
                if *e != author {
                    break e.clone();
                }
            };
            Pair {
                engager: key(&engager),
                author: key(&author),
            }
        })
        .collect();
    let mut s = Scenario::new("monotonicity", w, vec![T0]);
    s.pairs = pairs;
    s
}

/// The scenario's events plus trial `trial`'s organic reaction: the pair's engager likes (trial
/// ≡ 0 mod 3), reposts (≡ 1) or replies to (≡ 2) the author's newest post before [`EXTRA_AT`]
/// that it has not yet reacted to, at [`EXTRA_AT`]. The new event's id is `extra-{trial}`.
pub fn with_extra_reaction(s: &Scenario, trial: usize) -> Vec<Event> {
    let pair = &s.pairs[trial];
    let handle = |k: &str| k.strip_prefix("test:").expect("a test key").to_owned();
    let (engager, author) = (handle(&pair.engager), handle(&pair.author));
    let reacted: Vec<&str> = s
        .events
        .iter()
        .filter(|e| e.actor == engager && e.target.as_deref() == Some(author.as_str()))
        .filter_map(|e| e.parent.as_deref())
        .collect();
    let post = s
        .events
        .iter()
        .rev()
        .filter(|e| e.kind == EventKind::Post && e.actor == author && e.at < EXTRA_AT)
        .find(|e| !reacted.contains(&e.id.as_str()))
        .and_then(PostRef::of)
        .unwrap_or_else(|| panic!("{author} has no post {engager} has not reacted to"));
    let kind = [EventKind::Like, EventKind::Repost, EventKind::Reply][trial % 3];
    let mut events = s.events.clone();
    events.push(reaction_event(
        format!("extra-{trial}"),
        kind,
        &engager,
        &post,
        EXTRA_AT,
    ));
    events
}

/// **9. Opt-out (P7).** The base world plus two new `climat` accounts. `friend` posts daily, each
/// post drawing 2 to 4 organic reactions from the community, and is followed by 15 members.
/// `private_person` (record `opt_out: true`) posts every third day (1 to 3 organic reactions each),
/// follows `friend`, likes every one of its posts, reposts every other one and replies to every
/// fifth, and reacts to one organic `climat` post a day. Variant `without_private_reactions`: the
/// same world without any event by `private_person` other than its posts.
pub fn opt_out(seed: u64) -> Scenario {
    let mut w = base(seed);
    let mut rng = w.rng(streams::OPT_OUT);
    let (friend, private) = ("friend", "private_person");
    w.add_account(friend, T0 - 3 * YEAR).lang = Some("fr".into());
    let record = w.add_account(private, T0 - 2 * YEAR);
    record.lang = Some("fr".into());
    record.opt_out = Some(true);
    for f in w.draw_reactors(&mut rng, CLIMAT, 15, &[]) {
        w.follow(&f, friend, between(&mut rng, day(0), day(2)));
    }
    w.follow(private, friend, between(&mut rng, day(0), day(2)));
    for d in 0..DAYS {
        let start = day(d);
        let at = between(&mut rng, start + 9 * HOUR, start + 11 * HOUR);
        let post = w.post(friend, at, &[CLIMAT], "fr");
        let n = 2 + pick(&mut rng, 3);
        for r in w.draw_reactors(&mut rng, CLIMAT, n, &[]) {
            w.react(
                organic_kind(&mut rng),
                &r,
                &post,
                at + between(&mut rng, 10 * MINUTE, 10 * HOUR),
            );
        }
        w.react(
            EventKind::Like,
            private,
            &post,
            at + between(&mut rng, 5 * MINUTE, HOUR),
        );
        if d % 2 == 0 {
            w.react(
                EventKind::Repost,
                private,
                &post,
                at + between(&mut rng, HOUR, 2 * HOUR),
            );
        }
        if d % 5 == 0 {
            w.react(
                EventKind::Reply,
                private,
                &post,
                at + between(&mut rng, 2 * HOUR, 3 * HOUR),
            );
        }
        if d % 3 == 0 {
            let own_at = between(&mut rng, start + 14 * HOUR, start + 16 * HOUR);
            let own = w.post(private, own_at, &[CLIMAT], "fr");
            let n = 1 + pick(&mut rng, 3);
            for r in w.draw_reactors(&mut rng, CLIMAT, n, &[]) {
                w.react(
                    organic_kind(&mut rng),
                    &r,
                    &own,
                    own_at + between(&mut rng, 10 * MINUTE, 6 * HOUR),
                );
            }
        }
        let recent = w.organic_posts(CLIMAT, &[], start - DAY, start + 12 * HOUR);
        if !recent.is_empty() {
            let p = &recent[pick(&mut rng, recent.len())];
            w.react(
                EventKind::Like,
                private,
                p,
                start + 12 * HOUR + between(&mut rng, 0, 8 * HOUR),
            );
        }
    }
    let mut s = Scenario::new("opt_out", w, vec![T0])
        .with_subject("private_person", private)
        .with_subject("friend", friend);
    let events = s
        .events
        .iter()
        .filter(|e| e.actor != private || e.kind == EventKind::Post)
        .cloned()
        .collect();
    let accounts = s.accounts.clone();
    s.variants
        .insert("without_private_reactions", Variant { events, accounts });
    s
}

/// **10. Ledger (P1).** A small random world ([`World::small`]): `accounts` accounts (5 to 40 in
/// the property test) and exactly `events` events (20 to 400), with follows and unfollows,
/// self-interactions, likes, standalone mentions and opted-out accounts. Checked at T0 (all events
/// are before it).
pub fn ledger(seed: u64, accounts: usize, events: usize) -> Scenario {
    Scenario::new("ledger", World::small(seed, accounts, events), vec![T0])
}
