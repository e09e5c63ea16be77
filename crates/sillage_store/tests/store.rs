//! The store's guarantees: idempotent ingest, batches that survive an abrupt end, all-or-nothing
//! runs, account records that merge, snapshots that read back, and a schema check on open.

use sillage_model::{AccountKey, AccountRecord, Event, EventKind};
use sillage_store::{IngestOutcome, NewScoreRun, ScoreRow, Store, StoreError};

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
fn a_snapshot_reads_back_in_rank_order_without_opted_out_accounts() {
    let (_dir, mut store) = store();
    let mut ingest = store.begin_ingest(&["x".into()], false).unwrap();
    ingest.event(event("e1", "a", "b", 1)).unwrap();
    ingest.event(event("e2", "c", "b", 2)).unwrap();
    ingest.finish(IngestOutcome::Completed).unwrap();
    let id = |h: &str| store.account(&AccountKey::new("t", h)).unwrap().unwrap().id;
    let (a, b, c) = (id("a"), id("b"), id("c"));
    let row = |account, rank, score: Option<f64>| ScoreRow {
        account,
        rank,
        previous: rank,
        out_weight: 1.0,
        score,
        percentile: score.map(|_| 0.0),
    };
    let run = NewScoreRun {
        as_of: 2,
        config: "{}".into(),
        damping: 0.85,
        nodes: 3,
        edges: 2,
        shown: 2,
        iterations: 1,
        residual: 0.0,
        converged: true,
        dangling_previous: 0.0,
        floor: 0.2,
        top: 0.5,
    };
    let run_id = store
        .save_score_run(
            &run,
            &[row(a, 0.2, Some(1.0)), row(b, 0.5, Some(100.0)), row(c, 0.3, None)],
        )
        .unwrap();
    assert_eq!(store.latest_score_run().unwrap().unwrap().run, run);
    let top: Vec<String> = store
        .top(run_id, 10)
        .unwrap()
        .into_iter()
        .map(|r| r.key.to_string())
        .collect();
    assert_eq!(top, ["t:b", "t:a"], "c has no score (hidden)");
    assert_eq!(store.position(run_id, 0.2).unwrap(), 2);
    assert_eq!(
        store.neighbour_states(run_id, &[c]).unwrap()[&c],
        (0.3, 1.0),
        "hidden accounts still pass rank on"
    );
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
