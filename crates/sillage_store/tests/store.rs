//! The store's guarantees: idempotent ingest, batches that survive an abrupt end, all-or-nothing
//! runs, account records that merge, snapshots that read back, and a schema check on open.

use sillage_model::{AccountKey, AccountRecord, Event, EventKind};
use sillage_store::{IngestOutcome, LeaderboardFilter, NewScoreRun, ScoreRow, Store, StoreError, TopicScoreRow};

fn event(id: &str, actor: &str, target: &str, at: i64) -> Event {
    Event::new(id, "t", EventKind::Repost, actor, at).with_target(target)
}

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("s.db")).unwrap();
    (dir, store)
}

#[test]
fn re_ingesting_the_same_events_stores_nothing_new() {
    let (_dir, mut store) = store();
    for round in 0..2 {
        let mut ingest = store.begin_ingest(&["a".into()], false).unwrap();
        for i in 0..1000 {
            ingest
                .event(event(&format!("e{i}"), &format!("u{}", i % 37), "star", i))
                .unwrap();
        }
        // The same id twice within one run is a duplicate too.
        ingest.event(event("e5", "u5", "star", 5)).unwrap();
        let counts = ingest.finish(IngestOutcome::Completed).unwrap();
        assert_eq!(counts.read, 1001);
        assert_eq!(counts.stored, if round == 0 { 1000 } else { 0 });
        assert_eq!(counts.duplicates, if round == 0 { 1 } else { 1001 });
    }
    assert_eq!(store.event_count().unwrap(), 1000);
    // 37 engagers and the star.
    assert_eq!(store.account_count().unwrap(), 38);
    // The same id on another network is another event.
    let mut ingest = store.begin_ingest(&["b".into()], false).unwrap();
    ingest
        .event(Event::new("e1", "other", EventKind::Post, "u1", 1))
        .unwrap();
    assert_eq!(ingest.finish(IngestOutcome::Completed).unwrap().stored, 1);
}

#[test]
fn a_run_dropped_midway_keeps_its_committed_batches_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let mut store = Store::open(&path).unwrap();
    {
        let mut ingest = store.begin_ingest(&["big".into()], false).unwrap();
        // More than one 100,000-record batch, then the run ends without finish(), as a crash would.
        for i in 0..150_000 {
            ingest.event(event(&format!("e{i:06}"), "fan", "star", i)).unwrap();
        }
    }
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.event_count().unwrap(),
        100_000,
        "the first batch committed, the second rolled back"
    );
}

#[test]
fn an_all_or_nothing_run_that_fails_stores_nothing() {
    let (_dir, mut store) = store();
    let mut ingest = store.begin_ingest(&["strict".into()], true).unwrap();
    for i in 0..120_000 {
        ingest.event(event(&format!("e{i}"), "fan", "star", i)).unwrap();
    }
    let counts = ingest.finish(IngestOutcome::Failed).unwrap();
    assert_eq!(counts.stored, 0);
    assert_eq!(store.event_count().unwrap(), 0);
    assert_eq!(store.account_count().unwrap(), 0);
}

#[test]
fn account_records_fill_in_and_keep_what_they_do_not_say() {
    let (_dir, mut store) = store();
    let mut ingest = store.begin_ingest(&["accounts".into()], false).unwrap();
    ingest.event(event("e1", "fan", "star", 1)).unwrap();
    ingest
        .account(&AccountRecord {
            net: "t".into(),
            handle: "star".into(),
            name: Some("Star".into()),
            org: Some("Acme".into()),
            ..Default::default()
        })
        .unwrap();
    ingest
        .account(&AccountRecord {
            net: "t".into(),
            handle: "star".into(),
            opt_out: Some(true),
            ..Default::default()
        })
        .unwrap();
    ingest.finish(IngestOutcome::Completed).unwrap();
    let star = store.account(&AccountKey::new("t", "star")).unwrap().unwrap();
    assert_eq!(star.name.as_deref(), Some("Star"));
    assert_eq!(star.org.as_deref(), Some("Acme"));
    assert!(star.opt_out);
    assert_eq!(
        store.account_count().unwrap(),
        2,
        "the record merged into the account the event created"
    );
}

#[test]
fn rejects_are_kept_with_their_location() {
    let (_dir, mut store) = store();
    let mut ingest = store.begin_ingest(&["f.jsonl".into()], false).unwrap();
    ingest
        .reject("f.jsonl", 7, "missing required field \"actor\"", "{}")
        .unwrap();
    ingest.finish(IngestOutcome::Completed).unwrap();
    assert_eq!(
        store.rejects(10).unwrap(),
        vec![("f.jsonl".to_owned(), 7, "missing required field \"actor\"".to_owned())]
    );
}

#[test]
fn a_snapshot_reads_back_in_score_order_filtered_and_without_opted_out_accounts() {
    let (_dir, mut store) = store();
    let mut ingest = store.begin_ingest(&["x".into()], false).unwrap();
    ingest.event(event("e1", "a", "b", 1)).unwrap();
    ingest.event(event("e2", "c", "b", 2)).unwrap();
    ingest.event(event("e3", "d", "b", 2)).unwrap();
    ingest
        .account(&AccountRecord {
            net: "t".into(),
            handle: "d".into(),
            org: Some("Acme".into()),
            ..Default::default()
        })
        .unwrap();
    ingest.finish(IngestOutcome::Completed).unwrap();
    let id = |h: &str| store.account(&AccountKey::new("t", h)).unwrap().unwrap().id;
    let (a, b, c, d) = (id("a"), id("b"), id("c"), id("d"));
    let row = |account, score: Option<f64>, lang: &str| ScoreRow {
        account,
        score,
        percentile: score.map(|_| 0.0),
        components: score.map(|s| [s; 5]),
        component_percentiles: score.map(|_| [0.0; 5]),
        outreach_level: 1,
        rank: score.unwrap_or(0.5) / 100.0,
        trust: 1.0,
        lang: Some(lang.to_owned()),
    };
    let run = NewScoreRun {
        as_of: 2,
        config: "{}".into(),
        summary: "{}".into(),
        nodes: 4,
        edges: 3,
        shown: 3,
        iterations: 1,
        residual: 0.0,
        converged: true,
    };
    let topic = |topic: &str, account, score| TopicScoreRow {
        topic: topic.into(),
        account,
        score,
        rank: score / 100.0,
        percentile: 0.0,
    };
    let run_id = store
        .save_score_run(
            &run,
            &[
                row(a, Some(1.0), "fr"),
                row(b, Some(100.0), "en"),
                row(c, None, "fr"),
                row(d, Some(50.0), "fr"),
            ],
            &[topic("rust", a, 90.0), topic("rust", b, 10.0), topic("rust", d, 5.0)],
        )
        .unwrap();
    assert_eq!(store.latest_score_run().unwrap().unwrap().run, run);
    let list = |filter: LeaderboardFilter| -> Vec<String> {
        store
            .leaderboard(run_id, &LeaderboardFilter { limit: 10, ..filter })
            .unwrap()
            .into_iter()
            .map(|r| r.0.key.to_string())
            .collect()
    };
    assert_eq!(
        list(LeaderboardFilter::default()),
        ["t:b", "t:d", "t:a"],
        "c has no score (hidden)"
    );
    let fr = LeaderboardFilter {
        lang: Some("fr".into()),
        ..Default::default()
    };
    assert_eq!(list(fr), ["t:d", "t:a"]);
    let not_acme = LeaderboardFilter {
        exclude_orgs: vec!["acme".into()],
        ..Default::default()
    };
    assert_eq!(list(not_acme), ["t:b", "t:a"], "organisations compare without case");
    let rust = LeaderboardFilter {
        topic: Some("rust".into()),
        ..Default::default()
    };
    assert_eq!(list(rust), ["t:a", "t:b", "t:d"], "by topic score");
    let paged = LeaderboardFilter {
        offset: 1,
        ..Default::default()
    };
    assert_eq!(list(paged), ["t:d", "t:a"]);
    assert_eq!(store.position(run_id, 50.0).unwrap(), 2);
    let topics = store.account_topics(run_id, a).unwrap();
    assert_eq!((topics[0].topic.as_str(), topics[0].score), ("rust", 90.0));
    let summary = store.topic_summary(run_id).unwrap();
    assert_eq!(summary.len(), 1);
    assert_eq!(summary[0].accounts, 3);
    assert_eq!(summary[0].best.as_ref().unwrap().key.to_string(), "t:a");
    let rows = store.score_rows(run_id).unwrap();
    assert_eq!(
        rows.len(),
        4,
        "hidden accounts keep a row: they still pass authority on"
    );
    assert_eq!(store.account_history(b).unwrap()[0].score, 100.0);
}

#[test]
fn a_version_1_store_keeps_its_events_and_drops_its_score_runs() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    {
        let mut store = Store::open(&path).unwrap();
        let mut ingest = store.begin_ingest(&["x".into()], false).unwrap();
        ingest.event(event("e1", "a", "b", 1)).unwrap();
        ingest.finish(IngestOutcome::Completed).unwrap();
        store.set_meta("schema_version", "1").unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.meta("schema_version").unwrap().as_deref(), Some("3"));
    assert_eq!(store.event_count().unwrap(), 1);
    assert!(store.latest_score_run().unwrap().is_none());
}

#[test]
fn a_store_of_another_schema_version_is_refused_and_foreign_files_are_only_peeked_at() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    Store::open(&path).unwrap().set_meta("schema_version", "999").unwrap();
    assert!(matches!(
        Store::open(&path),
        Err(StoreError::SchemaVersion { found: 999, .. })
    ));

    let foreign = dir.path().join("notes.db");
    std::fs::write(&foreign, b"").unwrap();
    assert_eq!(Store::peek_meta(&foreign, "demo_store").unwrap(), None);
    assert_eq!(std::fs::read(&foreign).unwrap(), b"", "peeking writes nothing");
}

/// A run that starts with an account record, on a store that already knows the network's
/// accounts, still resolves its events to the accounts it knows (it once took them for new ones
/// and failed on the unique key).
#[test]
fn an_account_record_first_in_a_later_run_keeps_the_known_accounts() {
    let (_dir, mut store) = store();
    let mut ingest = store.begin_ingest(&["x".into()], false).unwrap();
    ingest.event(event("e1", "a", "b", 1)).unwrap();
    ingest.finish(IngestOutcome::Completed).unwrap();
    let mut ingest = store.begin_ingest(&["y".into()], false).unwrap();
    ingest
        .account(&AccountRecord {
            net: "t".into(),
            handle: "c".into(),
            ..Default::default()
        })
        .unwrap();
    ingest.event(event("e2", "a", "b", 2)).unwrap();
    ingest.event(event("e3", "c", "a", 3)).unwrap();
    let counts = ingest.finish(IngestOutcome::Completed).unwrap();
    assert_eq!(counts.stored, 2);
    assert_eq!(store.account_count().unwrap(), 3);
}
