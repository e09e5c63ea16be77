//! Properties of the whole job chain on generated event sets: store → graph → scores → explain.

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;

use proptest::prelude::*;
use sillage_model::{Event, EventKind};
use sillage_pipeline::{
    ExplainOptions, IngestOptions, Progress, ScoreOptions, TopOptions, compute_scores, explain_account, ingest_files,
    top_accounts,
};
use sillage_store::{IngestOutcome, Store};

const KINDS: [EventKind; 7] = [
    EventKind::Post,
    EventKind::Repost,
    EventKind::Quote,
    EventKind::Reply,
    EventKind::Mention,
    EventKind::Like,
    EventKind::Follow,
];

/// A small random community: (actor, target, kind index, minutes after start).
fn events() -> impl Strategy<Value = Vec<(u8, u8, usize, u32)>> {
    proptest::collection::vec((0u8..15, 0u8..15, 0..KINDS.len(), 0u32..20_000), 1..120)
}

fn to_events(raw: &[(u8, u8, usize, u32)], name: impl Fn(u8) -> String) -> Vec<Event> {
    raw.iter()
        .enumerate()
        .map(|(i, &(a, t, k, m))| {
            let kind = KINDS[k];
            let e = Event::new(
                format!("e{i}"),
                "test",
                kind,
                name(a),
                1_600_000_000 + i64::from(m) * 60,
            );
            if kind == EventKind::Post {
                e
            } else {
                e.with_target(name(t))
            }
        })
        .collect()
}

fn all(limit: usize) -> TopOptions {
    TopOptions {
        limit,
        ..TopOptions::default()
    }
}

fn full() -> ExplainOptions {
    ExplainOptions {
        ledger: true,
        ..ExplainOptions::default()
    }
}

/// Stores the events in a fresh store and scores them; returns account → (authority, score, percentile).
fn score(events: &[Event]) -> (tempfile::TempDir, HashMap<String, (f64, f64, f64)>) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("s.db")).unwrap();
    let mut ingest = store.begin_ingest(&["generated".into()], false).unwrap();
    for e in events {
        ingest.event(e.clone()).unwrap();
    }
    ingest.finish(IngestOutcome::Completed).unwrap();
    compute_scores(&mut store, &ScoreOptions::default(), Progress::hidden()).unwrap();
    let top = top_accounts(&store, &all(usize::MAX >> 1)).unwrap();
    let map = top
        .accounts
        .into_iter()
        .map(|a| (a.account, (a.components.authority, a.score, a.percentile)))
        .collect();
    (dir, map)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn scores_are_in_range_and_explanations_add_up(raw in events()) {
        let evs = to_events(&raw, |a| format!("u{a}"));
        let (dir, scores) = score(&evs);
        prop_assert!(scores.values().all(|s| (0.0..=100.0).contains(&s.0) && (1.0..=100.0).contains(&s.1)));
        let store = Store::open(&dir.path().join("s.db")).unwrap();
        for account in scores.keys() {
            let x = explain_account(&store, account, full()).unwrap();
            prop_assert!(x.matches_snapshot);
            let a = &x.authority;
            prop_assert!((a.sum - a.rank).abs() <= 1e-9 * a.rank, "{}: {} vs {}", account, a.sum, a.rank);
            prop_assert_eq!(a.others, 0.0);
            let ledger = x.ledger.unwrap();
            prop_assert!((ledger.sum - x.score).abs() <= 1e-9 * x.score, "{}: {} vs {}", account, ledger.sum, x.score);
            for c in &ledger.components {
                let points: f64 = c.lines.iter().map(|l| l.points).sum();
                prop_assert!((points - c.value).abs() <= 1e-9 * c.value.max(1e-12), "{} {}: {} vs {}", account, c.component, points, c.value);
            }
        }
    }

    #[test]
    fn shuffled_input_gives_identical_scores(raw in events(), seed in any::<u64>()) {
        let evs = to_events(&raw, |a| format!("u{a}"));
        let mut shuffled = evs.clone();
        let mut x = seed | 1;
        for i in (1..shuffled.len()).rev() {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            shuffled.swap(i, (x % (i as u64 + 1)) as usize);
        }
        let (_a, first) = score(&evs);
        let (_b, second) = score(&shuffled);
        // Bit for bit: compact ids follow account keys, and edge sums run in a canonical order.
        prop_assert_eq!(first, second);
    }

    #[test]
    fn relabelling_accounts_changes_no_score(raw in events(), offset in 1u8..15) {
        let (_a, plain) = score(&to_events(&raw, |a| format!("u{a}")));
        // A bijection onto other names, which also reorders the accounts' keys.
        let rename = |a: u8| format!("v{:02}", (a + offset) % 15);
        let (_b, renamed) = score(&to_events(&raw, rename));
        prop_assert_eq!(plain.len(), renamed.len());
        for (account, s) in &plain {
            let a: u8 = account.trim_start_matches("test:u").parse().unwrap();
            let r = renamed[&format!("test:{}", rename(a))];
            prop_assert!((s.0 - r.0).abs() <= 1e-9 * s.0.max(r.0).max(1.0), "{}: {} vs {}", account, s.0, r.0);
            prop_assert!((s.1 - r.1).abs() < 1e-6 && (s.2 - r.2).abs() < 1e-9);
        }
    }
}

#[test]
fn opted_out_accounts_are_never_shown_but_still_count() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.jsonl");
    let lines = [
        r#"{"id":"1","net":"t","kind":"post","actor":"star","at":100}"#,
        r#"{"id":"2","net":"t","kind":"repost","actor":"fan","target":"star","at":110}"#,
        r#"{"id":"3","net":"t","kind":"repost","actor":"private","target":"star","at":120}"#,
        r#"{"id":"4","net":"t","kind":"like","actor":"star","target":"private","at":130}"#,
    ];
    std::fs::write(&path, lines.join("\n")).unwrap();
    let accounts = dir.path().join("accounts.jsonl");
    std::fs::write(&accounts, r#"{"net":"t","handle":"private","opt_out":true}"#).unwrap();
    let mut store = Store::open(&dir.path().join("s.db")).unwrap();
    let report = ingest_files(
        &mut store,
        &[path, accounts],
        IngestOptions::default(),
        Progress::hidden(),
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(report.total.stored, 4);
    assert_eq!(report.total.accounts, 1);
    compute_scores(&mut store, &ScoreOptions::default(), Progress::hidden()).unwrap();
    let top = top_accounts(&store, &all(10)).unwrap();
    let names: Vec<&str> = top.accounts.iter().map(|a| a.account.as_str()).collect();
    assert_eq!(names.len(), 2);
    assert!(!names.contains(&"t:private"));
    assert!(explain_account(&store, "t:private", full()).is_err());
    let x = explain_account(&store, "t:star", full()).unwrap();
    let c = &x.authority.contributors;
    assert_eq!(c.len(), 2);
    assert!(c.iter().any(|c| c.account == "(an opted-out account)"));
    assert!(c.iter().all(|c| !c.account.contains("private")));
    assert!((x.authority.sum - x.authority.rank).abs() <= 1e-12 * x.authority.rank);
    let ledger = serde_json::to_string(&x.ledger).unwrap();
    assert!(!ledger.contains("private"), "the ledger names no opted-out account");
    // Percentiles count shown accounts only: the lower of two shown accounts is at 0, the higher at 50.
    assert_eq!(top.accounts[0].percentile, 50.0);
    assert_eq!(top.accounts[1].percentile, 0.0);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// The server's live world, fed the events in two parts (the second arriving after the first
    /// was served, as pushes do), serves exactly the scores a score run of all of them records,
    /// and positions that agree with the recorded leaderboard.
    #[test]
    fn live_world_serves_what_a_score_run_records(raw in events(), split in 0usize..120) {
        let evs = to_events(&raw, |a| format!("u{a}"));
        let split = split.min(evs.len());
        let (dir, recorded) = score(&evs);
        let fresh = tempfile::tempdir().unwrap();
        let mut store = Store::open(&fresh.path().join("live.db")).unwrap();
        let write = |store: &mut Store, part: &[Event]| {
            let mut ingest = store.begin_ingest(&["part".into()], false).unwrap();
            for e in part {
                ingest.event(e.clone()).unwrap();
            }
            ingest.finish(IngestOutcome::Completed).unwrap();
        };
        write(&mut store, &evs[..split]);
        let settings = sillage_pipeline::LiveSettings::of_store(&store, &ScoreOptions::default()).unwrap();
        let mut live = sillage_pipeline::LiveWorld::load(&store, settings).unwrap();
        if let Some(p) = live.prepare() {
            let _ = p.compute();
        }
        write(&mut store, &evs[split..]);
        live.catch_up(&store).unwrap();
        prop_assert_eq!(live.event_count(), evs.len() as u64);
        let served = live.prepare().unwrap().compute();
        prop_assert_eq!(served.shown() as usize, recorded.len());
        let stored = Store::open(&dir.path().join("s.db")).unwrap();
        let top = top_accounts(&stored, &all(usize::MAX >> 1)).unwrap();
        for a in &top.accounts {
            let c = served.find(&a.account).unwrap();
            let v = served.account(c);
            // Bit for bit: the same events, the same computation (P8).
            prop_assert_eq!(v.score.to_bits(), a.score.to_bits(), "{}", a.account);
            prop_assert_eq!(v.percentile.to_bits(), a.percentile.to_bits());
            // Ties share the position of the first of them, so it is at most the list's.
            prop_assert!(v.position >= 1 && v.position <= a.position, "{}: {} vs {}", a.account, v.position, a.position);
        }
        // Positions: ties share one; otherwise the order of the recorded leaderboard.
        let positions: Vec<u64> = top.accounts.iter().map(|a| served.account(served.find(&a.account).unwrap()).position).collect();
        prop_assert!(positions.windows(2).all(|w| w[0] <= w[1]));
    }
}

/// The served world finds accounts the way `explain` does in the store: a key, a handle on any
/// network (DIDs hold colons), a username (no case), optionally behind its network.
#[test]
fn live_world_finds_accounts_by_key_handle_and_username() {
    use sillage_model::AccountRecord;
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("find.db")).unwrap();
    let mut ingest = store.begin_ingest(&["find".into()], false).unwrap();
    let record = |net: &str, handle: &str, username: Option<&str>| AccountRecord {
        net: net.to_owned(),
        handle: handle.to_owned(),
        username: username.map(str::to_owned),
        ..AccountRecord::default()
    };
    ingest
        .account(&record("bluesky", "did:plc:abc", Some("alice.bsky.social")))
        .unwrap();
    ingest.account(&record("twitter", "123", Some("Alice_T"))).unwrap();
    let pairs = [
        ("bluesky", "did:plc:abc", "did:plc:xyz"),
        ("bluesky", "did:plc:xyz", "did:plc:abc"),
        ("twitter", "123", "456"),
        ("twitter", "456", "123"),
        ("mastodon", "bob@x.org", "carol@x.org"),
        ("mastodon", "carol@x.org", "bob@x.org"),
    ];
    for (i, (net, a, b)) in pairs.iter().enumerate() {
        ingest
            .event(Event::new(format!("f{i}"), *net, EventKind::Follow, *a, 1_700_000_000).with_target(*b))
            .unwrap();
    }
    ingest.finish(IngestOutcome::Completed).unwrap();
    let settings = sillage_pipeline::LiveSettings::of_store(&store, &ScoreOptions::default()).unwrap();
    let served = sillage_pipeline::LiveWorld::load(&store, settings)
        .unwrap()
        .prepare()
        .unwrap()
        .compute();
    let key = |name: &str| {
        served
            .find(name)
            .map(|c| served.account(c).account)
            .map_err(|e| e.to_string())
    };
    assert_eq!(key("bluesky:did:plc:abc").unwrap(), "bluesky:did:plc:abc");
    assert_eq!(key("did:plc:abc").unwrap(), "bluesky:did:plc:abc");
    assert_eq!(key("alice.bsky.social").unwrap(), "bluesky:did:plc:abc");
    assert_eq!(key("@alice.bsky.social").unwrap(), "bluesky:did:plc:abc");
    assert_eq!(key("ALICE_T").unwrap(), "twitter:123");
    assert_eq!(key("twitter:alice_t").unwrap(), "twitter:123");
    assert_eq!(key("123").unwrap(), "twitter:123");
    assert_eq!(key("bob@x.org").unwrap(), "mastodon:bob@x.org");
    assert!(key("twitter:bob@x.org").unwrap_err().contains("unknown account"));
    assert!(key("bluesky:alice_t").unwrap_err().contains("unknown account"));
    assert!(key("nobody").unwrap_err().contains("unknown account"));
}
