//! The generator as the demo command uses it: determinism, the canonical-event rules, and the
//! community's shape (heavy tails, planted behaviours) at the default size; and the large event
//! streams of `sillage gen events` (`generate/stream.rs`).

#[path = "generate/stream.rs"]
mod stream;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::OnceLock;

use proptest::prelude::*;
use sillage_demo::{DEFAULT_START, Demo, DemoConfig, Role, generate};
use sillage_model::{Event, EventKind, normalize_tag};

const DAY: i64 = 86_400;

/// The default community, generated once for all the tests that need it (it takes a few
/// seconds in a debug build).
fn default_demo() -> &'static Demo {
    static DEMO: OnceLock<Demo> = OnceLock::new();
    DEMO.get_or_init(|| generate(&DemoConfig::default()))
}

fn small(seed: u64) -> DemoConfig {
    DemoConfig {
        seed,
        accounts: 1_000,
        events: 20_000,
        days: 21,
        start: DEFAULT_START,
    }
}

fn handles_of(demo: &Demo, role: Role) -> Vec<&str> {
    demo.planted
        .iter()
        .filter(|p| p.role == role)
        .map(|p| p.handle.as_str())
        .collect()
}

/// The rules every generated demo keeps, whatever its configuration.
fn check_invariants(config: &DemoConfig, demo: &Demo) {
    let start = config.start;
    let end = start + i64::from(config.days.max(1)) * DAY;
    assert_eq!(demo.net, "demo");
    assert!(demo.events.len() >= config.events, "{} events", demo.events.len());

    let mut ids = HashSet::new();
    let mut content: HashMap<&str, &Event> = HashMap::new();
    for (i, e) in demo.events.iter().enumerate() {
        assert!(ids.insert(e.id.as_str()), "duplicate id {}", e.id);
        assert_eq!(e.net, demo.net);
        assert!(
            (start..end).contains(&e.at),
            "{} at {} is outside the period",
            e.id,
            e.at
        );
        if i > 0 {
            let prev = &demo.events[i - 1];
            assert!(
                (prev.at, &prev.id) < (e.at, &e.id),
                "{} and {} out of order",
                prev.id,
                e.id
            );
        }
        assert_eq!(e.kind.needs_target(), e.target.is_some(), "{e:?}");
        let creates = matches!(
            e.kind,
            EventKind::Post | EventKind::Repost | EventKind::Quote | EventKind::Reply
        );
        assert_eq!(e.post.as_deref(), creates.then_some(e.id.as_str()), "{e:?}");
        let reacts = matches!(
            e.kind,
            EventKind::Repost | EventKind::Quote | EventKind::Reply | EventKind::Like
        );
        assert_eq!(e.parent.is_some(), reacts, "{e:?}");
        if let Some(parent) = &e.parent {
            // Parents come earlier, so they are already known; the target is their author.
            let p = content
                .get(parent.as_str())
                .unwrap_or_else(|| panic!("{} reacts to unknown {parent}", e.id));
            assert!(p.at < e.at, "{} reacts to the later {parent}", e.id);
            assert_eq!(e.target.as_deref(), Some(p.actor.as_str()), "{e:?}");
        }
        if e.target.as_deref() == Some(e.actor.as_str()) {
            panic!("self-interaction {e:?}");
        }
        for tag in &e.tags {
            assert_eq!(&normalize_tag(tag), tag);
        }
        if creates {
            content.insert(e.id.as_str(), e);
        }
    }

    let appearing: HashSet<&str> = demo
        .events
        .iter()
        .flat_map(|e| std::iter::once(e.actor.as_str()).chain(e.target.as_deref()))
        .collect();
    assert!(
        appearing.len() >= config.accounts,
        "only {} accounts appear",
        appearing.len()
    );
    let handles: HashSet<&str> = demo.accounts.iter().map(|a| a.handle.as_str()).collect();
    assert_eq!(handles.len(), demo.accounts.len(), "duplicate account records");
    assert_eq!(handles, appearing, "records and events name different accounts");
    for a in &demo.accounts {
        assert_eq!(a.net, demo.net);
        let h = &a.handle;
        assert!(
            h.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
            "{h}"
        );
        assert!(
            a.created_at.is_some_and(|c| c < start),
            "{h} created after the period began"
        );
    }
    for p in &demo.planted {
        assert!(
            handles.contains(p.handle.as_str()),
            "planted {} has no record",
            p.handle
        );
    }
}

#[test]
fn same_seed_gives_the_same_demo() {
    let a = generate(&small(11));
    let b = generate(&small(11));
    assert!(a == b, "two runs with seed 11 differ");
}

#[test]
fn different_seeds_give_different_events() {
    let a = generate(&small(11));
    let b = generate(&small(12));
    assert_ne!(a.events, b.events);
    // The planted cast is the same; only what everyone does changes.
    assert_eq!(a.planted, b.planted);
}

#[test]
fn small_configuration_keeps_the_rules() {
    let config = small(3);
    check_invariants(&config, &generate(&config));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10, ..ProptestConfig::default() })]

    /// Odd sizes (no accounts asked for, no events, zero days) still give a valid demo.
    #[test]
    fn any_configuration_keeps_the_rules(
        seed in any::<u64>(),
        accounts in 0usize..700,
        events in 0usize..6_000,
        days in 0u32..16,
        start in -1_000_000_000i64..2_000_000_000,
    ) {
        let config = DemoConfig { seed, accounts, events, days, start };
        check_invariants(&config, &generate(&config));
    }
}

#[test]
fn default_demo_keeps_the_rules_and_the_requested_size() {
    let config = DemoConfig::default();
    let demo = default_demo();
    check_invariants(&config, demo);
    // Engagements stop at the first that reaches the count: a reply with a mention adds two.
    assert!(demo.events.len() <= config.events + 2, "{} events", demo.events.len());
    assert_eq!(demo.accounts.len(), config.accounts);
    assert_eq!(demo.planted.len(), 5 + 1 + 1 + 50);
}

#[test]
fn kind_mix_is_realistic() {
    let demo = default_demo();
    let mut counts: BTreeMap<EventKind, usize> = BTreeMap::new();
    for e in &demo.events {
        *counts.entry(e.kind).or_default() += 1;
    }
    let share = |k| counts.get(&k).copied().unwrap_or(0) as f64 / demo.events.len() as f64;
    use EventKind::*;
    assert!(share(Like) > share(Repost), "{counts:?}");
    assert!(share(Repost) > share(Reply), "{counts:?}");
    assert!(share(Reply) > share(Mention), "{counts:?}");
    assert!(share(Mention) > share(Quote), "{counts:?}");
    assert!(share(Quote) > share(Unfollow) && share(Unfollow) > 0.0, "{counts:?}");
    assert!((0.15..0.30).contains(&share(Post)), "{counts:?}");
    assert!((0.05..0.20).contains(&share(Follow)), "{counts:?}");
    let fr = demo.events.iter().filter(|e| e.lang.as_deref() == Some("fr")).count();
    let en = demo.events.iter().filter(|e| e.lang.as_deref() == Some("en")).count();
    assert!(fr > 2 * en && en > 0, "{fr} French and {en} English events");
}

/// Engagements received and distinct engagers, per account.
fn engagement_stats(demo: &Demo) -> HashMap<&str, (usize, BTreeSet<&str>)> {
    let mut stats: HashMap<&str, (usize, BTreeSet<&str>)> = demo
        .accounts
        .iter()
        .map(|a| (a.handle.as_str(), (0, BTreeSet::new())))
        .collect();
    for e in demo.events.iter().filter(|e| e.is_influence_edge()) {
        let entry = stats.get_mut(e.target.as_deref().unwrap()).unwrap();
        entry.0 += 1;
        entry.1.insert(e.actor.as_str());
    }
    stats
}

#[test]
fn attention_is_heavy_tailed() {
    let demo = default_demo();
    let stats = engagement_stats(demo);
    let mut accounts: Vec<(&str, usize, usize)> = stats
        .iter()
        .map(|(h, (n, engagers))| (*h, *n, engagers.len()))
        .collect();
    accounts.sort_by_key(|&(h, _, distinct)| (std::cmp::Reverse(distinct), h));
    let total: usize = accounts.iter().map(|a| a.1).sum();
    let top: usize = accounts[..accounts.len() / 100].iter().map(|a| a.1).sum();
    assert!(top as f64 >= 0.2 * total as f64, "the top 1 % receive {top} of {total}");
    let mut received: Vec<usize> = accounts.iter().map(|a| a.1).collect();
    received.sort_unstable();
    let median = received[received.len() / 2];
    assert!(median <= 10, "the median account receives {median} engagements");
    assert!(received[received.len() - 1] > 100 * median.max(1));

    // Posting is heavy-tailed too: most accounts post rarely, a few often.
    let mut posts: HashMap<&str, usize> = HashMap::new();
    for e in demo.events.iter().filter(|e| e.kind == EventKind::Post) {
        *posts.entry(e.actor.as_str()).or_default() += 1;
    }
    let mut per_account: Vec<usize> = demo
        .accounts
        .iter()
        .map(|a| posts.get(a.handle.as_str()).copied().unwrap_or(0))
        .collect();
    per_account.sort_unstable();
    let n = per_account.len();
    assert!(per_account[n / 2] <= 5, "median posts {}", per_account[n / 2]);
    assert!(
        per_account[n - n / 100] >= 30,
        "99th percentile of posts {}",
        per_account[n - n / 100]
    );

    // Followers follow popularity.
    let mut followers: Vec<u64> = demo.accounts.iter().map(|a| a.followers.unwrap()).collect();
    followers.sort_unstable();
    assert!(
        followers[n - 1] >= 20 * followers[n / 2].max(1),
        "followers {:?}",
        &followers[n - 5..]
    );
}

#[test]
fn influencers_post_regularly_and_are_widely_engaged() {
    let demo = default_demo();
    let influencers: Vec<_> = demo.planted.iter().filter(|p| p.role == Role::Influencer).collect();
    assert_eq!(influencers.len(), 5);
    let topics: BTreeSet<&str> = influencers.iter().filter_map(|p| p.topic.as_deref()).collect();
    assert_eq!(topics.len(), 5, "one influencer per topic");
    for p in influencers {
        let topic = p.topic.as_deref().unwrap();
        // Their own articles, that is: influencers also engage with others, and a post that
        // names someone (`@handle`) is one of those engagements.
        let posts: Vec<&Event> = demo
            .events
            .iter()
            .filter(|e| e.kind == EventKind::Post && e.actor == p.handle)
            .filter(|e| !e.text.as_deref().unwrap_or("").contains('@'))
            .collect();
        let mut per_week = [0usize; 13];
        for e in &posts {
            assert!(
                e.tags.iter().any(|t| t == topic),
                "{} posted off-topic: {e:?}",
                p.handle
            );
            per_week[((e.at - DEFAULT_START) / (7 * DAY)) as usize] += 1;
        }
        let active_weeks = per_week.iter().filter(|&&n| n > 0).count();
        assert!(
            active_weeks >= 12,
            "{} posted in {active_weeks} weeks: {per_week:?}",
            p.handle
        );
        assert!(per_week.iter().all(|&n| n <= 4), "{}: {per_week:?}", p.handle);

        let mut reactors: HashMap<&str, BTreeSet<&str>> = HashMap::new();
        for e in demo
            .events
            .iter()
            .filter(|e| e.target.as_deref() == Some(p.handle.as_str()))
        {
            if let Some(parent) = &e.parent {
                reactors.entry(parent.as_str()).or_default().insert(e.actor.as_str());
            }
        }
        let mut distinct: Vec<usize> = posts
            .iter()
            .map(|e| reactors.get(e.id.as_str()).map_or(0, BTreeSet::len))
            .collect();
        distinct.sort_unstable();
        let median = distinct[distinct.len() / 2];
        assert!(median >= 50, "{}: median {median} distinct reactors per post", p.handle);
    }
}

#[test]
fn the_live_tweeter_bursts_once() {
    let demo = default_demo();
    let live = handles_of(demo, Role::LiveTweeter);
    assert_eq!(live, ["match_live_fan"]);
    // Its own posts, not those naming someone else (its engagements, see the influencers).
    let times: Vec<i64> = demo
        .events
        .iter()
        .filter(|e| e.kind == EventKind::Post && e.actor == live[0])
        .filter(|e| !e.text.as_deref().unwrap_or("").contains('@'))
        .map(|e| e.at)
        .collect();
    // The most posts within any 48-hour window (the times are sorted).
    let (mut best, mut best_start, mut j) = (0, 0, 0);
    for (i, &t) in times.iter().enumerate() {
        while times[j] <= t - 48 * 3_600 {
            j += 1;
        }
        if i + 1 - j > best {
            best = i + 1 - j;
            best_start = times[j];
        }
    }
    assert!(best >= 300, "at most {best} posts within 48 hours");
    assert!(
        times.len() - best <= 10,
        "{} posts outside the burst",
        times.len() - best
    );
    let middle = DEFAULT_START + 45 * DAY;
    assert!(
        (best_start - middle).abs() < 3 * DAY,
        "the burst starts far from mid-period"
    );

    // Its reactions come from small accounts: low follower counts.
    let followers: HashMap<&str, u64> = demo
        .accounts
        .iter()
        .map(|a| (a.handle.as_str(), a.followers.unwrap()))
        .collect();
    let likers: BTreeSet<&str> = demo
        .events
        .iter()
        .filter(|e| e.kind == EventKind::Like && e.target.as_deref() == Some(live[0]))
        .map(|e| e.actor.as_str())
        .collect();
    let mut liker_followers: Vec<u64> = likers.iter().map(|h| followers[h]).collect();
    liker_followers.sort_unstable();
    let median = liker_followers[liker_followers.len() / 2];
    assert!(
        likers.len() >= 300 && median <= 3,
        "{} likers, median followers {median}",
        likers.len()
    );
}

#[test]
fn the_bot_ring_amplifies_itself_and_its_beneficiary() {
    let demo = default_demo();
    let members = handles_of(demo, Role::RingMember);
    let beneficiary = handles_of(demo, Role::RingBeneficiary);
    assert_eq!(members.len(), 50);
    assert_eq!(beneficiary, ["best_deals_now"]);
    assert_eq!(members[0], "promo_bot_01");
    let ring: HashSet<&str> = members.iter().copied().chain(beneficiary.iter().copied()).collect();

    let reposts: Vec<&Event> = demo
        .events
        .iter()
        .filter(|e| e.kind == EventKind::Repost && members.contains(&e.actor.as_str()))
        .collect();
    let inside = reposts
        .iter()
        .filter(|e| ring.contains(e.target.as_deref().unwrap()))
        .count();
    assert!(reposts.len() >= 50 * 80, "{} ring reposts", reposts.len());
    assert!(
        inside as f64 >= 0.9 * reposts.len() as f64,
        "{inside} of {} ring reposts stay inside",
        reposts.len()
    );

    // Every member reposts the beneficiary daily.
    let mut days_reposted: HashMap<&str, BTreeSet<i64>> = HashMap::new();
    for e in &reposts {
        if e.target.as_deref() == Some(beneficiary[0]) {
            days_reposted
                .entry(e.actor.as_str())
                .or_default()
                .insert((e.at - DEFAULT_START) / DAY);
        }
    }
    for m in &members {
        let days = days_reposted.get(m).map_or(0, BTreeSet::len);
        assert!(days >= 85, "{m} reposted the beneficiary on {days} days");
    }

    // Few outsiders engage with the ring.
    let from_outside = demo
        .events
        .iter()
        .filter(|e| e.kind.is_engagement() && e.target.as_deref().is_some_and(|t| ring.contains(t)))
        .filter(|e| !ring.contains(e.actor.as_str()))
        .count();
    assert!(from_outside <= 100, "{from_outside} outside engagements with the ring");

    // Fresh accounts with few followers.
    for a in demo.accounts.iter().filter(|a| ring.contains(a.handle.as_str())) {
        assert!(
            a.created_at.unwrap() >= DEFAULT_START - 40 * DAY,
            "{} is not fresh",
            a.handle
        );
        if a.handle != beneficiary[0] {
            assert!(
                a.followers.unwrap() <= 15,
                "{} has {:?} followers",
                a.handle,
                a.followers
            );
        }
    }
}

#[test]
fn account_records_match_the_events() {
    let demo = default_demo();
    let mut net_follows: HashMap<&str, i64> = HashMap::new();
    let mut content: HashMap<&str, u64> = HashMap::new();
    for e in &demo.events {
        match e.kind {
            EventKind::Follow => *net_follows.entry(e.target.as_deref().unwrap()).or_default() += 1,
            EventKind::Unfollow => *net_follows.entry(e.target.as_deref().unwrap()).or_default() -= 1,
            _ => {}
        }
        if e.post.is_some() {
            *content.entry(e.actor.as_str()).or_default() += 1;
        }
    }
    for a in &demo.accounts {
        let h = a.handle.as_str();
        assert_eq!(
            a.followers,
            Some(net_follows.get(h).copied().unwrap_or(0).max(0) as u64),
            "{h}"
        );
        assert_eq!(a.posts, Some(content.get(h).copied().unwrap_or(0)), "{h}");
        assert!(a.name.as_deref().is_some_and(|n| !n.is_empty()));
        assert!(matches!(a.lang.as_deref(), Some("fr" | "en")));
    }

    let planted: HashSet<&str> = demo.planted.iter().map(|p| p.handle.as_str()).collect();
    let opted_out: Vec<&str> = demo
        .accounts
        .iter()
        .filter(|a| a.opt_out == Some(true))
        .map(|a| a.handle.as_str())
        .collect();
    assert!((100..=300).contains(&opted_out.len()), "{} opted out", opted_out.len());
    assert!(
        opted_out.iter().all(|h| !planted.contains(h)),
        "a planted account opted out"
    );
    assert!(demo.accounts.iter().all(|a| a.opt_out != Some(false)));

    let lyon = demo
        .accounts
        .iter()
        .filter(|a| a.org.as_deref() == Some("Office de Tourisme de Lyon"))
        .count();
    assert_eq!(lyon, 20);
    let official = demo
        .accounts
        .iter()
        .filter(|a| a.name.as_deref() == Some("Office de Tourisme de Lyon"))
        .count();
    assert_eq!(official, 1);
}

/// Plain PageRank over the engager → author graph, edges weighted by engagement count. Not
/// Sillage's score (no decay, no quality weighting): the planted influencers must stand out
/// even to this simplest reading.
fn pagerank(demo: &Demo) -> Vec<(&str, f64)> {
    let index: HashMap<&str, usize> = demo
        .accounts
        .iter()
        .enumerate()
        .map(|(i, a)| (a.handle.as_str(), i))
        .collect();
    let n = demo.accounts.len();
    let mut weights: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    for e in demo.events.iter().filter(|e| e.is_influence_edge()) {
        *weights
            .entry((index[e.actor.as_str()], index[e.target.as_deref().unwrap()]))
            .or_default() += 1.0;
    }
    let mut out = vec![0.0; n];
    for (&(a, _), &w) in &weights {
        out[a] += w;
    }
    let damping = 0.85;
    let mut rank = vec![1.0 / n as f64; n];
    for _ in 0..50 {
        let dangling: f64 = (0..n).filter(|&i| out[i] == 0.0).map(|i| rank[i]).sum();
        let base = (1.0 - damping + damping * dangling) / n as f64;
        let mut next = vec![base; n];
        for (&(a, t), &w) in &weights {
            next[t] += damping * rank[a] * w / out[a];
        }
        rank = next;
    }
    let mut ranked: Vec<(&str, f64)> = demo.accounts.iter().map(|a| a.handle.as_str()).zip(rank).collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    ranked
}

#[test]
fn planted_accounts_land_where_a_ranking_can_tell_them_apart() {
    let demo = default_demo();
    let ranked = pagerank(demo);
    let position: HashMap<&str, usize> = ranked.iter().enumerate().map(|(i, (h, _))| (*h, i + 1)).collect();
    for h in handles_of(demo, Role::Influencer) {
        assert!(position[h] <= 10, "influencer {h} ranks {}", position[h]);
    }
    // The beneficiary receives more engagements than anyone, from fifty accounts that nobody
    // else engages with: even plain PageRank keeps it far from the top.
    let stats = engagement_stats(demo);
    let most = stats.values().map(|s| s.0).max().unwrap();
    assert_eq!(stats["best_deals_now"].0, most);
    assert!(
        position["best_deals_now"] > 100,
        "beneficiary ranks {}",
        position["best_deals_now"]
    );
    for h in handles_of(demo, Role::RingMember) {
        assert!(position[h] > 1_000, "ring member {h} ranks {}", position[h]);
    }
}
