//! `gen events`: a small stream written as canonical JSON Lines, read back by `ingest --dry-run`
//! (the ingest reader, nothing stored), then ingested and scored.

use crate::util::{Sandbox, args, event_count};

const KINDS: [&str; 8] = [
    "post", "repost", "quote", "reply", "mention", "like", "follow", "unfollow",
];

#[test]
fn gen_events_writes_what_ingest_reads_and_the_same_flags_repeat_it() {
    let sb = Sandbox::new();
    let out = sb.path("events.jsonl");
    let flags = ["--events", "6000", "--accounts", "400", "--seed", "5", "--days", "14"];
    sb.run(&[&["gen", "events"][..], &flags, &["--out", out.to_str().unwrap()]].concat())
        .ok();
    let first = std::fs::read(&out).unwrap();
    assert_eq!(first.iter().filter(|&&b| b == b'\n').count(), 6000);

    // Same flags, same bytes, also on standard output.
    let again = sb.run(&[&["gen", "events"][..], &flags, &["--out", "-"]].concat());
    assert_eq!(again.ok().as_bytes(), first.as_slice());
    // Another seed, other events.
    let other = sb.path("other.jsonl");
    let mut reseeded = flags;
    reseeded[5] = "6";
    sb.run(&[&["gen", "events"][..], &reseeded, &["--out", other.to_str().unwrap()]].concat())
        .ok();
    assert_ne!(std::fs::read(&other).unwrap(), first);

    // The ingest reader takes every line: every kind present, no reject.
    let dry = sb.run(&args!["ingest", "--dry-run", "--json", &out]).json();
    let file = &dry["files"][0];
    assert_eq!(file["format"], "jsonl");
    assert_eq!(file["events"], 6000);
    assert_eq!(file["rejected"], 0, "{dry}");
    for kind in KINDS {
        assert!(file["kinds"][kind].as_u64().is_some_and(|n| n > 0), "no {kind}: {dry}");
    }
    let total: u64 = KINDS.iter().map(|k| file["kinds"][k].as_u64().unwrap_or(0)).sum();
    assert_eq!(total, 6000);

    // Stored and scored: every account of the stream is scored, and topics have scores.
    sb.run(&args!["ingest", &out]).ok();
    assert_eq!(event_count(&sb.db()), 6000);
    let score = sb.run(&["score", "--json"]).json();
    assert_eq!(score["accounts"], 400, "{score}");
    let topics = score["topics"].as_array().map_or(0, Vec::len);
    assert!(topics >= 10, "{topics} topics: {score}");
}

#[test]
fn gen_events_refuses_what_cannot_describe_a_stream() {
    let sb = Sandbox::new();
    let out = sb.path("e.jsonl");
    for bad in [
        &["--events", "0"][..],
        &["--events", "10", "--days", "0"],
        &["--events", "10", "--accounts", "3"],
        &["--events", "ten"],
    ] {
        let args = [&["gen", "events"][..], bad, &["--out", out.to_str().unwrap()]].concat();
        let outcome = sb.run(&args);
        let err = outcome.fails_with(2);
        assert!(err.contains("--"), "{err}");
    }
    assert!(!out.exists(), "nothing written for bad flags");
}
