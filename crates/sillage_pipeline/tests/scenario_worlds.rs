//! The scenario worlds' generators checked on their own, before any score runs on them: sizes, time
//! ranges, unique ids, the canonical shape of every event, determinism, and that each scenario is
//! built the way its doc comment says (see `scenarios/mod.rs`). The score properties that run on
//! these worlds are in `properties.rs.pending`.

mod scenarios;

use std::collections::{BTreeMap, HashMap, HashSet};

use scenarios::*;
use sillage_model::{AccountRecord, Event, EventKind, Instant, normalize_tag};

fn handle(key: &str) -> &str {
    key.strip_prefix("test:")
        .unwrap_or_else(|| panic!("{key} is not a test key"))
}

/// Checks the canonical shape of every event: unique ids, sorted, the one network, posts with
/// `post` = id, normalized tags, a text and a language, reactions pointing at an earlier post of
/// their target. Returns the posts by id.
fn check_well_formed(name: &str, events: &[Event]) -> HashMap<String, PostRef> {
    let duplicates = duplicate_ids(events);
    assert!(
        duplicates.is_empty(),
        "{name}: repeated ids {:?}",
        &duplicates[..duplicates.len().min(5)]
    );
    assert!(
        events.windows(2).all(|w| (w[0].at, &w[0].id) < (w[1].at, &w[1].id)),
        "{name}: events are not sorted by instant, then id"
    );
    let posts: HashMap<String, PostRef> = events
        .iter()
        .filter_map(PostRef::of)
        .map(|p| (p.id.clone(), p))
        .collect();
    for e in events {
        assert_eq!(e.net, NET, "{name}: {e:?}");
        assert_eq!(e.kind.needs_target(), e.target.is_some(), "{name}: {e:?}");
        for t in &e.tags {
            assert_eq!(&normalize_tag(t), t, "{name}: tag not normalized in {e:?}");
        }
        match e.kind {
            EventKind::Post => {
                assert_eq!(e.post.as_deref(), Some(e.id.as_str()), "{name}: {e:?}");
                assert!(!e.tags.is_empty() && e.text.is_some(), "{name}: {e:?}");
                assert!(matches!(e.lang.as_deref(), Some("fr" | "en")), "{name}: {e:?}");
            }
            EventKind::Like | EventKind::Repost | EventKind::Quote | EventKind::Reply => {
                let parent = e
                    .parent
                    .as_deref()
                    .unwrap_or_else(|| panic!("{name}: no parent in {e:?}"));
                let post = posts
                    .get(parent)
                    .unwrap_or_else(|| panic!("{name}: unknown parent in {e:?}"));
                assert_eq!(e.target.as_deref(), Some(post.author.as_str()), "{name}: {e:?}");
                assert!(e.at > post.at, "{name}: reaction before its post: {e:?}");
                assert_eq!(e.post.is_some(), e.kind != EventKind::Like, "{name}: {e:?}");
            }
            EventKind::Mention | EventKind::Follow | EventKind::Unfollow => {}
        }
    }
    posts
}

/// Every actor and target has an account record.
fn check_records(name: &str, events: &[Event], accounts: &[AccountRecord]) {
    let known: HashSet<&str> = accounts.iter().map(|a| a.handle.as_str()).collect();
    for e in events {
        for h in std::iter::once(&e.actor).chain(e.target.as_ref()) {
            assert!(known.contains(h.as_str()), "{name}: {h} has no account record");
        }
    }
    assert!(
        accounts.iter().all(|a| a.net == NET && a.created_at.is_some()),
        "{name}"
    );
}

fn count(events: &[Event], f: impl Fn(&Event) -> bool) -> usize {
    events.iter().filter(|e| f(e)).count()
}

/// Engagements (influence edges) received by `target`.
fn engagements_of<'a>(events: &'a [Event], target: &'a str) -> impl Iterator<Item = &'a Event> + 'a {
    events
        .iter()
        .filter(move |e| e.is_influence_edge() && e.target.as_deref() == Some(target))
}

/// The share of organic accounts whose standing is strictly below `value`, in percent.
fn percentile_among(world: &World, until: Instant, value: f64) -> f64 {
    let received = world.received(until);
    let handles = world.organic_handles();
    let below = handles
        .iter()
        .filter(|h| received.get(*h).copied().unwrap_or(0.0) < value)
        .count();
    100.0 * below as f64 / handles.len() as f64
}

#[test]
fn the_base_world_has_the_documented_shape() {
    let w = base(SEED);
    let events = w.events().to_vec();
    let (sorted, accounts) = w.clone().into_parts();
    check_well_formed("base", &sorted);
    check_records("base", &sorted, &accounts);
    assert!((30_000..60_000).contains(&events.len()), "{} events", events.len());
    let start = T0 - i64::from(DAYS) * DAY;
    assert!(
        events.iter().all(|e| (start..T0).contains(&e.at)),
        "an event outside the 90 days"
    );
    for a in &accounts {
        let created = a.created_at.unwrap();
        assert!((T0 - 5 * YEAR..=T0 - YEAR).contains(&created), "{a:?}");
    }

    // Every organic account is engaged with, so the population median is above the floor; the
    // attention is heavy-tailed.
    let received = w.received(T0);
    let handles = w.organic_handles();
    assert_eq!(handles.len(), ACCOUNTS);
    let never: Vec<&String> = handles.iter().filter(|h| !received.contains_key(*h)).collect();
    assert!(never.is_empty(), "never engaged with: {never:?}");
    let mut values: Vec<f64> = handles.iter().map(|h| received[h]).collect();
    values.sort_by(f64::total_cmp);
    let total: f64 = values.iter().sum();
    let top3: f64 = values[values.len() - 3..].iter().sum();
    let median = values[values.len() / 2];
    assert!(
        top3 / total > 0.08,
        "the top 1 % get {:.1} % of the engagement",
        100.0 * top3 / total
    );
    assert!(
        values[values.len() - 1] > 20.0 * median,
        "top {} vs median {median}",
        values[values.len() - 1]
    );

    // Steady posting: every account posts in each third of the window, at its own rate.
    for p in w.personas() {
        let posts = w.posts_by(&p.handle, T0);
        let expected = p.rate * f64::from(DAYS);
        assert!(
            (posts.len() as f64 - expected).abs() <= 1.0,
            "{}: {} posts at rate {}",
            p.handle,
            posts.len(),
            p.rate
        );
        for third in 0..3 {
            let (lo, hi) = (start + third * 30 * DAY, start + (third + 1) * 30 * DAY);
            assert!(
                posts.iter().any(|q| (lo..hi).contains(&q.at)),
                "{} is silent in a third",
                p.handle
            );
        }
    }
    assert!(w.personas().iter().any(|p| p.rate >= 1.0) && w.personas().iter().any(|p| p.rate < 0.15));

    // Reactions stay mostly within topic communities.
    let posts: HashMap<&str, &PostRef> = w.posts().iter().map(|p| (p.id.as_str(), p)).collect();
    let (mut within, mut reactions) = (0, 0);
    for e in events.iter().filter(|e| e.parent.is_some()) {
        let post = posts[e.parent.as_deref().unwrap()];
        let reactor = w.persona(&e.actor);
        reactions += 1;
        if post.tags.iter().any(|t| reactor.has_topic(topic_index(t))) {
            within += 1;
        }
    }
    assert!(
        f64::from(within) > 0.8 * f64::from(reactions),
        "{within} of {reactions} within topic"
    );
    for topic in TOPICS {
        assert!(
            w.community(topic).len() >= 40,
            "{topic} has {} members",
            w.community(topic).len()
        );
    }

    // Follows at the start, heavy-tailed followers; both languages.
    let follows: Vec<&Event> = events.iter().filter(|e| e.kind == EventKind::Follow).collect();
    assert!(follows.iter().all(|e| e.at < start + 2 * DAY));
    let mut followers: HashMap<&str, usize> = HashMap::new();
    for f in &follows {
        *followers.entry(f.target.as_deref().unwrap()).or_default() += 1;
    }
    let mut counts: Vec<usize> = handles
        .iter()
        .map(|h| followers.get(h.as_str()).copied().unwrap_or(0))
        .collect();
    counts.sort_unstable();
    assert!(
        counts[counts.len() - 1] >= 5 * counts[counts.len() / 2].max(1),
        "followers {counts:?}"
    );
    let fr = count(&events, |e| e.lang.as_deref() == Some("fr"));
    let en = count(&events, |e| e.lang.as_deref() == Some("en"));
    assert!(fr > en && en > 0, "fr {fr}, en {en}");
    for kind in EventKind::ALL.into_iter().filter(|k| *k != EventKind::Unfollow) {
        assert!(count(&events, |e| e.kind == kind) > 0, "no {kind}");
    }
}

#[test]
fn the_same_seed_gives_the_same_world_and_another_seed_another() {
    let a = base(SEED);
    let b = base(SEED);
    assert_eq!(a.events(), b.events());
    assert_eq!(a.accounts(), b.accounts());
    let c = base(SEED + 1);
    assert_ne!(a.events(), c.events());
}

#[test]
fn extending_a_world_keeps_the_events_it_had() {
    let before = base(SEED);
    let mut after = before.clone();
    after.extend_to(T0 + 7 * DAY);
    let by_id: HashMap<&str, &Event> = after.events().iter().map(|e| (e.id.as_str(), e)).collect();
    for e in before.events() {
        assert_eq!(by_id.get(e.id.as_str()), Some(&e), "extension changed {}", e.id);
    }
    let later: Vec<&Event> = after.events().iter().filter(|e| e.at >= T0).collect();
    assert_eq!(later.len(), after.events().len() - before.events().len());
    assert!(later.iter().all(|e| e.at < T0 + 7 * DAY));
    for d in 0..7 {
        let day_events = count(after.events(), |e| (T0 + d * DAY..T0 + (d + 1) * DAY).contains(&e.at));
        assert!(day_events > 200, "day {d} after T0 has {day_events} events");
    }
}

/// Builds every scenario with the given seed, printing how long each took.
fn all_scenarios(seed: u64) -> Vec<Scenario> {
    let builders: [fn(u64) -> Scenario; 10] = [
        stability,
        quality,
        rings,
        follow_farms,
        distinct_reactors,
        standing,
        context,
        monotonicity,
        opt_out,
        |seed| ledger(seed, 40, 400),
    ];
    builders
        .iter()
        .map(|build| {
            let started = std::time::Instant::now();
            let s = build(seed);
            println!("{:<20} generated in {:.0?}", s.name, started.elapsed());
            s
        })
        .collect()
}

#[test]
fn every_scenario_is_deterministic_well_formed_and_small() {
    let started = std::time::Instant::now();
    let first = all_scenarios(SEED);
    let elapsed = started.elapsed();
    let second = all_scenarios(SEED);
    println!("all ten scenarios generated in {elapsed:.2?}");
    for (a, b) in first.iter().zip(&second) {
        assert!(a == b, "scenario {} differs between two builds", a.name);
        let last = *a.as_of.last().unwrap();
        assert!(
            a.as_of.windows(2).all(|w| w[0] < w[1]),
            "{}: as-of instants not increasing",
            a.name
        );
        let worlds = std::iter::once(("", &a.events, &a.accounts))
            .chain(a.variants.iter().map(|(n, v)| (*n, &v.events, &v.accounts)));
        for (variant, events, accounts) in worlds {
            let name = format!("{}{}{variant}", a.name, if variant.is_empty() { "" } else { "/" });
            check_well_formed(&name, events);
            if a.name != "ledger" {
                check_records(&name, events, accounts);
            }
            // No event at or after the last instant checked; only stability has events after T0
            // (the world carries on while its subject is silent).
            assert!(events.iter().all(|e| e.at < last), "{name}: an event after {last}");
            if a.name != "stability" {
                assert!(events.iter().all(|e| e.at < T0), "{name}: an event after T0");
            }
            assert!(
                events.len() < 80_000,
                "{name}: {} events is too many to score quickly",
                events.len()
            );
            println!("{name:<40} {:>7} events {:>5} accounts", events.len(), accounts.len());
        }
    }
    let other = stability(SEED + 1);
    assert_ne!(other.events, first[0].events);
}

#[test]
fn stability_subject_is_steady_then_silent() {
    let s = stability(SEED);
    assert_eq!(s.as_of, vec![T0, T0 + 3 * DAY, T0 + 7 * DAY]);
    let subject = handle(s.subject("subject"));
    let involved = |e: &Event| e.actor == subject || e.target.as_deref() == Some(subject);
    assert_eq!(
        count(&s.events, |e| involved(e) && e.at >= T0),
        0,
        "the subject is not silent after T0"
    );
    let posts: Vec<&Event> = s
        .events
        .iter()
        .filter(|e| e.kind == EventKind::Post && e.actor == subject)
        .collect();
    assert_eq!(posts.len(), DAYS as usize);
    let mut days_with_reactions = HashSet::new();
    for p in &posts {
        let reactors: Vec<&str> = s
            .events
            .iter()
            .filter(|e| e.parent.as_deref() == Some(&p.id))
            .map(|e| e.actor.as_str())
            .collect();
        let distinct: HashSet<&&str> = reactors.iter().collect();
        assert_eq!(distinct.len(), reactors.len(), "a reactor reacts twice to {}", p.id);
        if !reactors.is_empty() {
            days_with_reactions.insert((p.at - T0).div_euclid(DAY));
        }
    }
    assert!(
        days_with_reactions.len() >= 85,
        "reactions on {} days of 90",
        days_with_reactions.len()
    );
    for d in 0..7 {
        let organic = count(&s.events, |e| (T0 + d * DAY..T0 + (d + 1) * DAY).contains(&e.at));
        assert!(organic > 200, "the world is quiet on day {d} after T0");
    }
    // Ranked around the top 20 % of the organic accounts by engagement received.
    let mut w = base(SEED);
    w.extend_to(T0 + 7 * DAY);
    let subject_received = received(&s.events, T0)[subject];
    let pct = percentile_among(&w, T0, subject_received);
    println!("subject: received {subject_received:.1}, above {pct:.1} % of the organic accounts");
    assert!(
        (70.0..=90.0).contains(&pct),
        "the subject is above {pct:.1} % of the organic accounts"
    );
    // Everything but the subject's own events is the organic world.
    let organic_ids: HashSet<&str> = w.events().iter().map(|e| e.id.as_str()).collect();
    let extra: Vec<&Event> = s
        .events
        .iter()
        .filter(|e| !organic_ids.contains(e.id.as_str()))
        .collect();
    assert!(extra.iter().all(|e| involved(e)));
    assert_eq!(extra.len() + w.events().len(), s.events.len());
}

#[test]
fn quality_blogger_and_fan_are_built_as_documented() {
    let s = quality(SEED);
    assert_eq!(s.as_of.len(), 29);
    assert_eq!((s.as_of[0], *s.as_of.last().unwrap()), (BURST_START, T0));
    assert!(s.as_of.windows(2).all(|w| w[1] - w[0] == 6 * HOUR));
    let (blogger, fan) = (handle(s.subject("blogger")), handle(s.subject("fan")));
    let pool: HashSet<&str> = s.group("pool").iter().map(|k| handle(k)).collect();
    let top: HashSet<&str> = s.group("tourisme_top").iter().map(|k| handle(k)).collect();
    assert_eq!((pool.len(), top.len()), (300, 8));

    let fan_posts: Vec<&Event> = s
        .events
        .iter()
        .filter(|e| e.actor == fan && e.kind == EventKind::Post)
        .collect();
    assert_eq!(fan_posts.len(), 300);
    assert!(fan_posts.iter().all(|e| (BURST_START..BURST_END).contains(&e.at)));
    assert!(fan_posts.iter().all(|e| e.tags == ["tourisme", "football"]));
    for p in &fan_posts {
        let n = count(&s.events, |e| e.parent.as_deref() == Some(&p.id));
        assert!((8..=12).contains(&n), "fan post {} has {n} reactions", p.id);
    }
    let mut per_bot: HashMap<&str, usize> = HashMap::new();
    for e in s.events.iter().filter(|e| pool.contains(e.actor.as_str())) {
        assert!(
            matches!(e.kind, EventKind::Like | EventKind::Repost),
            "a pool account did {e:?}"
        );
        assert_eq!(e.target.as_deref(), Some(fan));
        *per_bot.entry(e.actor.as_str()).or_default() += 1;
    }
    assert_eq!(per_bot.len(), 300, "some pool accounts never react");
    let reactions: usize = per_bot.values().sum();
    println!(
        "fan: {reactions} pool reactions, {:.1} per pool account",
        reactions as f64 / 300.0
    );
    for a in s.accounts.iter().filter(|a| pool.contains(a.handle.as_str())) {
        assert_eq!(a.created_at, Some(BURST_START - 7 * DAY));
    }

    let blogger_posts: Vec<&Event> = s
        .events
        .iter()
        .filter(|e| e.actor == blogger && e.kind == EventKind::Post)
        .collect();
    assert_eq!(blogger_posts.len(), 26);
    assert!(blogger_posts.iter().all(|e| e.tags == ["tourisme"]));
    for p in &blogger_posts {
        let reposters: Vec<&str> = s
            .events
            .iter()
            .filter(|e| e.parent.as_deref() == Some(&p.id))
            .map(|e| e.actor.as_str())
            .collect();
        assert!((3..=5).contains(&reposters.len()) && reposters.iter().all(|r| top.contains(r)));
    }
    // Neither gets any other engagement; the reposters are the most engaged-with tourisme accounts.
    assert!(engagements_of(&s.events, blogger).all(|e| top.contains(e.actor.as_str())));
    assert!(engagements_of(&s.events, fan).all(|e| pool.contains(e.actor.as_str())));
    let w = base(SEED);
    let received = w.received(T0);
    let weakest_top = top.iter().map(|h| received[*h]).fold(f64::INFINITY, f64::min);
    for h in w.community("tourisme").iter().filter(|h| !top.contains(h.as_str())) {
        assert!(
            received[h] <= weakest_top,
            "{h} is more engaged-with than a top account"
        );
    }
}

#[test]
fn rings_differ_from_the_base_world_by_the_ring_alone() {
    let s = rings(SEED);
    let without = s.variant("without_ring");
    let target = handle(s.subject("target"));
    let ring: HashSet<&str> = s.group("ring").iter().map(|k| handle(k)).collect();
    assert_eq!(ring.len(), 50);
    assert_eq!(s.group("organic").len(), ACCOUNTS);
    let base_ids: HashSet<&str> = without.events.iter().map(|e| e.id.as_str()).collect();
    let added: Vec<&Event> = s.events.iter().filter(|e| !base_ids.contains(e.id.as_str())).collect();
    assert_eq!(
        added.len() + without.events.len(),
        s.events.len(),
        "the ring world lost events"
    );
    assert!(
        added.iter().all(|e| ring.contains(e.actor.as_str())),
        "a non-member acts in the ring"
    );
    for m in &ring {
        let mine: Vec<&&Event> = added.iter().filter(|e| e.actor == *m).collect();
        let of = |kind: EventKind, to: &dyn Fn(&str) -> bool| {
            mine.iter()
                .filter(|e| e.kind == kind && to(e.target.as_deref().unwrap_or("")))
                .count()
        };
        assert_eq!(count(&s.events, |e| e.actor == *m && e.kind == EventKind::Post), 15);
        assert_eq!(of(EventKind::Follow, &|t| t == target), 1, "{m}");
        assert_eq!(of(EventKind::Repost, &|t| t == target), 15, "{m}");
        assert_eq!(of(EventKind::Repost, &|t| ring.contains(t)), 75, "{m}");
        let parents: HashSet<&str> = mine.iter().filter_map(|e| e.parent.as_deref()).collect();
        assert_eq!(parents.len(), 90, "{m} reposts something twice");
        assert!(mine.iter().all(|e| e.at >= T0 - 15 * DAY));
    }
    assert!(
        s.accounts
            .iter()
            .filter(|a| ring.contains(a.handle.as_str()))
            .all(|a| a.created_at == Some(T0 - 20 * DAY))
    );
    let w = base(SEED);
    let pct = percentile_among(&w, T0, w.received(T0)[target]);
    assert!(
        (35.0..=65.0).contains(&pct),
        "the target is above {pct:.1} % of the organic accounts"
    );
}

#[test]
fn follow_farms_add_mutual_follows_only_and_genuine_followers_are_active() {
    let s = follow_farms(SEED);
    let target = handle(s.subject("target"));
    let farm: HashSet<&str> = s.group("farm").iter().map(|k| handle(k)).collect();
    let genuine: HashSet<&str> = s.group("genuine").iter().map(|k| handle(k)).collect();
    let base_ids: HashSet<&str> = s.events.iter().map(|e| e.id.as_str()).collect();

    let farm_world = s.variant("farm");
    let added: Vec<&Event> = farm_world
        .events
        .iter()
        .filter(|e| !base_ids.contains(e.id.as_str()))
        .collect();
    assert_eq!(added.len() + s.events.len(), farm_world.events.len());
    assert!(
        added.iter().all(|e| e.kind == EventKind::Follow),
        "a farm does more than follow"
    );
    let follows: HashSet<(&str, &str)> = added
        .iter()
        .map(|e| (e.actor.as_str(), e.target.as_deref().unwrap()))
        .collect();
    for (a, b) in &follows {
        assert!(follows.contains(&(b, a)), "{a} → {b} is not mutual");
        assert!(farm.contains(a) || *a == target);
    }
    assert!(
        farm.iter()
            .all(|f| follows.contains(&(f, target)) && follows.contains(&(target, f)))
    );
    let mutual_within = follows
        .iter()
        .filter(|(a, b)| farm.contains(a) && farm.contains(b))
        .count();
    println!("farm: {} follows, {mutual_within} within the farm", follows.len());
    assert!(mutual_within > 1_000);

    let genuine_world = s.variant("genuine");
    let added: Vec<&Event> = genuine_world
        .events
        .iter()
        .filter(|e| !base_ids.contains(e.id.as_str()))
        .collect();
    assert_eq!(added.len() + s.events.len(), genuine_world.events.len());
    for g in &genuine {
        assert_eq!(
            count(&genuine_world.events, |e| e.actor == *g
                && e.target.as_deref() == Some(target)),
            1
        );
        assert_eq!(
            count(&genuine_world.events, |e| e.actor == target
                && e.target.as_deref() == Some(*g)),
            0
        );
        assert_eq!(
            engagements_of(&genuine_world.events, target)
                .filter(|e| e.actor == *g)
                .count(),
            0
        );
        let posts = count(&genuine_world.events, |e| e.actor == *g && e.kind == EventKind::Post);
        assert!((12..=13).contains(&posts), "{g} posts {posts} times");
        let reactions = count(&genuine_world.events, |e| e.actor == *g && e.parent.is_some());
        assert!(reactions >= 20, "{g} reacts {reactions} times");
    }
    // The follows of both audiences fall in the same weeks.
    for world in [&farm_world.events, &genuine_world.events] {
        let to_target = world
            .iter()
            .filter(|e| e.kind == EventKind::Follow && e.target.as_deref() == Some(target));
        assert!(
            to_target
                .filter(|e| !base_ids.contains(e.id.as_str()))
                .all(|e| (T0 - 30 * DAY..T0 - 10 * DAY).contains(&e.at))
        );
    }
}

#[test]
fn distinct_reactors_differ_only_in_who_reposts() {
    let s = distinct_reactors(SEED);
    let (a, b, loyal) = (
        handle(s.subject("author_a")),
        handle(s.subject("author_b")),
        handle(s.subject("loyal")),
    );
    let reposters: Vec<&str> = s.group("reposters_b").iter().map(|k| handle(k)).collect();
    assert_eq!(reposters.iter().collect::<HashSet<_>>().len(), 100);
    assert!(!reposters.contains(&loyal));
    let posts = |author: &str| -> Vec<&Event> {
        s.events
            .iter()
            .filter(|e| e.actor == author && e.kind == EventKind::Post)
            .collect()
    };
    let (pa, pb) = (posts(a), posts(b));
    assert_eq!((pa.len(), pb.len()), (100, 100));
    let in_a: Vec<&Event> = engagements_of(&s.events, a).collect();
    let in_b: Vec<&Event> = engagements_of(&s.events, b).collect();
    assert_eq!((in_a.len(), in_b.len()), (100, 100));
    assert!(in_a.iter().all(|e| e.actor == loyal && e.kind == EventKind::Repost));
    assert!(
        in_b.iter()
            .all(|e| e.kind == EventKind::Repost && reposters.contains(&e.actor.as_str()))
    );
    assert_eq!(in_b.iter().map(|e| &e.actor).collect::<HashSet<_>>().len(), 100);
    // Same instants, same delays.
    let mut ta: Vec<Instant> = in_a.iter().map(|e| e.at).collect();
    let mut tb: Vec<Instant> = in_b.iter().map(|e| e.at).collect();
    ta.sort_unstable();
    tb.sort_unstable();
    assert_eq!(ta, tb);
    // The reposters stand next to loyal.
    let order = base(SEED).standing(T0);
    let rank = |h: &str| order.iter().position(|o| o == h).unwrap() as i64;
    assert!(reposters.iter().all(|r| (rank(r) - rank(loyal)).abs() <= 50));
    assert_eq!(rank(loyal), ACCOUNTS as i64 / 2);
}

#[test]
fn standing_authors_get_one_top_repost_or_five_bottom_half_reposts() {
    let s = standing(SEED);
    let (a, b, top) = (
        handle(s.subject("author_a")),
        handle(s.subject("author_b")),
        handle(s.subject("top")),
    );
    let bottom: Vec<&str> = s.group("bottom").iter().map(|k| handle(k)).collect();
    let w = base(SEED);
    let order = w.standing(T0);
    assert_eq!(order.last().map(String::as_str), Some(top));
    let received = w.received(T0);
    let pct = percentile_among(&w, T0, received[top]);
    assert!(pct >= 99.0, "top is above only {pct} %");
    for h in &bottom {
        assert!(
            order.iter().position(|o| o == h).unwrap() < ACCOUNTS / 2,
            "{h} is not in the bottom half"
        );
    }
    let in_a: Vec<&Event> = engagements_of(&s.events, a).collect();
    let in_b: Vec<&Event> = engagements_of(&s.events, b).collect();
    assert_eq!(in_a.len(), 1);
    assert_eq!((in_a[0].actor.as_str(), in_a[0].kind), (top, EventKind::Repost));
    assert_eq!(in_b.len(), 5);
    assert_eq!(
        in_b.iter().map(|e| e.actor.as_str()).collect::<HashSet<_>>(),
        bottom.iter().copied().collect()
    );
    for author in [a, b] {
        assert_eq!(count(&s.events, |e| e.actor == author && e.kind == EventKind::Post), 5);
        assert_eq!(count(&s.events, |e| e.actor == author && e.kind != EventKind::Post), 0);
    }
}

#[test]
fn context_star_is_central_to_tourisme_and_never_touches_rust() {
    let s = context(SEED);
    let star = handle(s.subject("tourism_star"));
    let posts: HashMap<&str, &Event> = s
        .events
        .iter()
        .filter(|e| e.kind == EventKind::Post)
        .map(|e| (e.id.as_str(), e))
        .collect();
    let rust = |e: &Event| e.tags.iter().any(|t| t == "rust");
    for e in s.events.iter().filter(|e| e.actor == star) {
        assert!(!rust(e), "the star tags rust: {e:?}");
        if let Some(parent) = e.parent.as_deref() {
            assert!(!rust(posts[parent]), "the star reacts to a rust post: {e:?}");
        }
        assert_ne!(e.kind, EventKind::Mention);
    }
    assert_eq!(
        count(&s.events, |e| e.actor == star && e.kind == EventKind::Post),
        DAYS as usize
    );
    // Among the tourisme community, the star is one of the five most engaged-with.
    let received = received(&s.events, T0);
    let w = base(SEED);
    let community = w.community("tourisme");
    let above = community.iter().filter(|h| received[*h] > received[star]).count();
    println!(
        "tourism_star: received {:.1}, {above} tourisme accounts above it",
        received[star]
    );
    assert!(
        above < 5,
        "{above} tourisme accounts are more engaged-with than the star"
    );
    let tourisme: HashSet<&String> = community.iter().collect();
    assert!(engagements_of(&s.events, star).all(|e| tourisme.contains(&e.actor)));
}

#[test]
fn monotonicity_pairs_and_extra_reactions() {
    let s = monotonicity(SEED);
    assert_eq!(s.pairs.len(), TRIALS);
    let authors: HashSet<&str> = s.pairs.iter().map(|p| p.author.as_str()).collect();
    assert_eq!(authors.len(), TRIALS, "an author is picked twice");
    assert!(s.pairs.iter().all(|p| p.engager != p.author));
    let order = base(SEED).standing(EXTRA_AT);
    assert_eq!(handle(&s.pairs[0].author), order[0]);
    assert_eq!(handle(&s.pairs[TRIALS - 1].author), order[ACCOUNTS - 1]);
    let posts: HashMap<&str, &Event> = s
        .events
        .iter()
        .filter(|e| e.kind == EventKind::Post)
        .map(|e| (e.id.as_str(), e))
        .collect();
    let ids: HashSet<&str> = s.events.iter().map(|e| e.id.as_str()).collect();
    let mut kinds = BTreeMap::new();
    for trial in 0..TRIALS {
        let events = with_extra_reaction(&s, trial);
        assert_eq!(events.len(), s.events.len() + 1);
        assert!(
            events[..s.events.len()] == s.events[..],
            "trial {trial} changed the world"
        );
        let extra = events.last().unwrap();
        assert_eq!((extra.id.clone(), extra.at), (format!("extra-{trial}"), EXTRA_AT));
        assert!(!ids.contains(extra.id.as_str()));
        assert_eq!(key(&extra.actor), s.pairs[trial].engager);
        assert_eq!(extra.target.as_deref().map(key), Some(s.pairs[trial].author.clone()));
        let post = posts[extra.parent.as_deref().expect("a reaction has a parent")];
        assert_eq!(Some(post.actor.as_str()), extra.target.as_deref());
        assert!(post.at < EXTRA_AT);
        assert_eq!(extra.post.is_some(), extra.kind != EventKind::Like);
        *kinds.entry(extra.kind).or_insert(0) += 1;
    }
    assert_eq!(with_extra_reaction(&s, 7), with_extra_reaction(&s, 7));
    assert_eq!(kinds.len(), 3, "{kinds:?}");
}

#[test]
fn opt_out_private_person_reacts_a_lot_and_the_variant_lacks_it() {
    let s = opt_out(SEED);
    let (private, friend) = (handle(s.subject("private_person")), handle(s.subject("friend")));
    for a in &s.accounts {
        assert_eq!(a.opt_out == Some(true), a.handle == private, "{a:?}");
    }
    let to_friend = count(&s.events, |e| {
        e.actor == private && e.target.as_deref() == Some(friend) && e.is_influence_edge()
    });
    assert!(to_friend >= 150, "private_person reacts {to_friend} times to friend");
    assert!(
        count(&s.events, |e| e.target.as_deref() == Some(private)
            && e.is_influence_edge())
            > 0
    );
    let others = engagements_of(&s.events, friend).filter(|e| e.actor != private).count();
    assert!(others >= 180, "friend has {others} organic engagements");
    let variant = s.variant("without_private_reactions");
    let expected: Vec<Event> = s
        .events
        .iter()
        .filter(|e| e.actor != private || e.kind == EventKind::Post)
        .cloned()
        .collect();
    assert_eq!(variant.events, expected);
    assert_eq!(
        count(&variant.events, |e| e.actor == private && e.kind == EventKind::Post),
        30
    );
}

#[test]
fn small_worlds_cover_every_case_over_many_seeds() {
    let mut kinds: BTreeMap<EventKind, usize> = BTreeMap::new();
    let (mut self_interactions, mut opted_out, mut explicit_in, mut without_record) = (0, 0, 0, 0);
    for seed in 0..200u64 {
        let accounts = 5 + (seed as usize * 7) % 35;
        let events = 20 + (seed as usize * 37) % 380;
        let s = ledger(seed, accounts, events);
        assert_eq!(s.events.len(), events, "seed {seed}");
        assert_eq!(s.as_of, vec![T0]);
        check_well_formed(&format!("small {seed}"), &s.events);
        assert!(s.events.iter().all(|e| (T0 - 60 * DAY..T0).contains(&e.at)));
        let handles: HashSet<String> = (0..accounts).map(|i| format!("u{i:02}")).collect();
        assert!(s.events.iter().all(|e| handles.contains(&e.actor)));
        assert!(s.accounts.len() <= accounts);
        for e in &s.events {
            *kinds.entry(e.kind).or_default() += 1;
            if e.target.as_deref() == Some(e.actor.as_str()) && e.kind.is_engagement() {
                self_interactions += 1;
            }
        }
        opted_out += s.accounts.iter().filter(|a| a.opt_out == Some(true)).count();
        explicit_in += s.accounts.iter().filter(|a| a.opt_out == Some(false)).count();
        without_record += accounts - s.accounts.len();
        assert_eq!(ledger(seed, accounts, events), s, "seed {seed} is not deterministic");
    }
    assert_eq!(kinds.len(), EventKind::ALL.len(), "{kinds:?}");
    println!("kinds {kinds:?}, {self_interactions} self-interactions, {opted_out} opted out");
    assert!(self_interactions > 100 && opted_out > 100 && explicit_in > 50 && without_record > 100);
}
