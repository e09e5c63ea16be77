//! Large event streams (`generate_stream`): determinism, the canonical-event rules, the exact
//! size, and the shape (every kind, daily rhythm, heavy-tailed engagement).

use std::collections::{HashMap, HashSet};

use proptest::prelude::*;
use sillage_demo::{DEFAULT_START, StreamConfig, StreamSummary, generate_stream};
use sillage_model::{EventKind, Instant, normalize_tag};

const DAY: i64 = 86_400;

/// A generated event, owned.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Owned {
    seq: u64,
    kind: EventKind,
    actor: String,
    target: Option<String>,
    parent: Option<u64>,
    at: Instant,
    tags: Vec<String>,
    url: Option<String>,
    lang: Option<String>,
    text: Option<String>,
}

fn collect(config: &StreamConfig) -> (Vec<Owned>, StreamSummary) {
    let mut events = Vec::new();
    let summary = generate_stream(config, |e| {
        events.push(Owned {
            seq: e.seq,
            kind: e.kind,
            actor: e.actor.to_owned(),
            target: e.target.map(str::to_owned),
            parent: e.parent,
            at: e.at,
            tags: e.tags.iter().map(|t| (*t).to_owned()).collect(),
            url: e.url.map(str::to_owned),
            lang: e.lang.map(str::to_owned),
            text: e.text.map(str::to_owned),
        });
        Ok::<(), ()>(())
    })
    .expect("the sink never fails");
    (events, summary)
}

fn config(seed: u64, events: u64, accounts: usize, days: u32) -> StreamConfig {
    StreamConfig {
        seed,
        events,
        accounts,
        days,
        start: DEFAULT_START,
    }
}

/// The rules every stream keeps, whatever its configuration.
fn check_invariants(config: &StreamConfig, events: &[Owned], summary: &StreamSummary) {
    let end = config.start + i64::from(config.days.max(1)) * DAY;
    assert_eq!(events.len() as u64, config.events, "exactly the events asked for");
    assert_eq!(summary.events, config.events);
    let mut kinds = [0u64; 8];
    let mut follows: HashSet<(&str, &str)> = HashSet::new();
    let mut accounts: HashSet<&str> = HashSet::new();
    for (i, e) in events.iter().enumerate() {
        assert_eq!(e.seq, i as u64 + 1, "numbered in order from 1");
        assert!((config.start..end).contains(&e.at), "{e:?} outside the period");
        if i > 0 {
            assert!(events[i - 1].at <= e.at, "time order: {:?} then {e:?}", events[i - 1]);
        }
        kinds[usize::from(e.kind.code())] += 1;
        accounts.insert(&e.actor);
        assert_eq!(e.target.is_some(), e.kind != EventKind::Post, "{e:?}");
        if let Some(target) = &e.target {
            accounts.insert(target);
            assert_ne!(target, &e.actor, "no self-interaction: {e:?}");
        }
        let reacts = matches!(
            e.kind,
            EventKind::Like | EventKind::Repost | EventKind::Quote | EventKind::Reply
        );
        assert_eq!(e.parent.is_some(), reacts, "{e:?}");
        if let Some(parent) = e.parent {
            let original = &events[(parent - 1) as usize];
            assert!(
                parent < e.seq && original.at < e.at,
                "{e:?} reacts to a later {original:?}"
            );
            assert_eq!(original.kind, EventKind::Post, "{e:?} reacts to {original:?}");
            assert_eq!(
                e.target.as_ref(),
                Some(&original.actor),
                "the target is the author: {e:?}"
            );
            if matches!(e.kind, EventKind::Repost | EventKind::Quote) {
                assert_eq!(e.tags, original.tags, "{e:?} passes on the hashtags of {original:?}");
            }
        }
        for tag in &e.tags {
            assert_eq!(&normalize_tag(tag), tag, "{e:?}");
        }
        let content = matches!(e.kind, EventKind::Post | EventKind::Quote | EventKind::Reply);
        assert_eq!(e.text.is_some(), content, "{e:?}");
        assert_eq!(e.lang.is_some(), content, "{e:?}");
        match e.kind {
            EventKind::Post => assert!(!e.tags.is_empty(), "every post has a hashtag: {e:?}"),
            EventKind::Follow => {
                let pair = (e.actor.as_str(), e.target.as_deref().unwrap_or_default());
                assert!(follows.insert(pair), "followed twice: {e:?}");
            }
            EventKind::Unfollow => {
                let pair = (e.actor.as_str(), e.target.as_deref().unwrap_or_default());
                assert!(follows.contains(&pair), "unfollowed before following: {e:?}");
            }
            EventKind::Mention => {
                // A mention comes with the post or reply that names the account, same actor,
                // same instant, just before it.
                let named = &events[i - 1];
                assert!(
                    named.actor == e.actor
                        && named.at == e.at
                        && named
                            .text
                            .as_deref()
                            .is_some_and(|t| t.contains(&format!("@{}", e.target.as_deref().unwrap_or_default()))),
                    "{e:?} without its post: {named:?}"
                );
            }
            _ => {}
        }
    }
    assert_eq!(kinds, summary.kinds);
    assert_eq!(accounts.len() as u64, summary.accounts);
    assert!(accounts.len() <= config.accounts.max(sillage_demo::MIN_STREAM_ACCOUNTS));
    assert_eq!(summary.first, events.first().map(|e| e.at));
    assert_eq!(summary.last, events.last().map(|e| e.at));
}

#[test]
fn same_configuration_gives_the_same_stream_and_seeds_differ() {
    let c = config(7, 30_000, 2_000, 20);
    let (a, _) = collect(&c);
    let (b, _) = collect(&c);
    assert_eq!(a, b);
    let (other, _) = collect(&StreamConfig { seed: 8, ..c });
    assert_ne!(a, other);
}

#[test]
fn a_stream_keeps_the_rules_has_every_kind_and_every_account() {
    let c = config(2014, 120_000, 9_000, 30);
    let (events, summary) = collect(&c);
    check_invariants(&c, &events, &summary);
    for kind in EventKind::ALL {
        assert!(summary.kinds[usize::from(kind.code())] > 0, "no {kind} event");
    }
    // One follow per account at least, and follows are 11 % of the events.
    assert_eq!(summary.accounts, 9_000);
    assert_eq!(summary.kinds[usize::from(EventKind::Follow.code())], 13_200);
    // Reactions outnumber original posts, likes first.
    let count = |k: EventKind| summary.kinds[usize::from(k.code())];
    assert!(count(EventKind::Like) > count(EventKind::Repost));
    assert!(count(EventKind::Like) + count(EventKind::Repost) > 2 * count(EventKind::Post));
    // Hashtags and links name topics of the built-in taxonomy.
    let tags: HashSet<&str> = events.iter().flat_map(|e| e.tags.iter().map(String::as_str)).collect();
    assert!(tags.len() >= 40, "{} distinct tags", tags.len());
    assert!(
        events
            .iter()
            .any(|e| e.url.as_deref().is_some_and(|u| u.starts_with("https://www.")))
    );
    let english = events.iter().filter(|e| e.lang.as_deref() == Some("en")).count();
    let french = events.iter().filter(|e| e.lang.as_deref() == Some("fr")).count();
    assert!(english > 0 && french > 3 * english, "fr {french}, en {english}");
}

#[test]
fn days_have_a_rhythm_and_engagement_is_heavy_tailed() {
    let c = config(3, 200_000, 10_000, 28);
    let (events, _) = collect(&c);
    // Night (00:00–05:00 UTC, 02:00–07:00 in Paris) is quiet.
    let night = events.iter().filter(|e| (e.at - c.start) % DAY < 5 * 3_600).count();
    assert!(night * 10 < events.len(), "{night} of {} events at night", events.len());
    // Weekends are quieter than weekdays (2026-06-01 is a Monday).
    let mut by_weekday = [0usize; 7];
    for e in &events {
        by_weekday[((e.at - c.start) / DAY % 7) as usize] += 1;
    }
    assert!(
        by_weekday[5] < by_weekday[2] && by_weekday[6] < by_weekday[3],
        "{by_weekday:?}"
    );
    // A few accounts draw most of the engagement: the top 1 % of the engaged-with accounts get
    // a large share, far above their 1 %.
    let mut received: HashMap<&str, usize> = HashMap::new();
    for e in events.iter().filter(|e| e.parent.is_some()) {
        *received.entry(e.target.as_deref().unwrap_or_default()).or_default() += 1;
    }
    let mut counts: Vec<usize> = received.values().copied().collect();
    counts.sort_unstable_by(|a, b| b.cmp(a));
    let total: usize = counts.iter().sum();
    let top: usize = counts[..100].iter().sum();
    assert!(
        top * 4 > total,
        "the 100 most engaged-with of 10,000 get {top} of {total}"
    );
    // Reactions come minutes to hours after their post, mostly within two hours.
    let delays: Vec<i64> = events
        .iter()
        .filter_map(|e| e.parent.map(|p| e.at - events[(p - 1) as usize].at))
        .collect();
    let quick = delays.iter().filter(|&&d| d <= 2 * 3_600).count();
    assert!(
        quick * 2 > delays.len(),
        "{quick} of {} reactions within two hours",
        delays.len()
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn any_configuration_keeps_the_rules(
        seed in any::<u64>(),
        events in 1u64..4_000,
        accounts in 0usize..300,
        days in 0u32..12,
    ) {
        let c = config(seed, events, accounts, days);
        let (generated, summary) = collect(&c);
        check_invariants(&c, &generated, &summary);
    }
}
