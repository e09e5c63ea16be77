//! Exit codes: 2 for bad usage, 1 for failures, each with a message saying why.

use crate::fixtures::{community, to_jsonl};
use crate::util::{Sandbox, args, event_count};

#[test]
fn bad_usage_exits_with_2() {
    let sb = Sandbox::new();
    for args in [
        &["frobnicate"][..],
        &["ingest"],
        &["explain"],
        &["score", "--half-life", "banana"],
        &["score", "--half-life", "0d"],
        &["score", "--damping", "1.5"],
        &["score", "--damping", "0"],
        &["score", "--as-of", "next tuesday"],
        &["top", "--limit", "many"],
    ] {
        let run = sb.run(args);
        let stderr = run.fails_with(2);
        assert!(!stderr.trim().is_empty(), "a usage error says why: {run:?}");
        if let Some(flag) = args.iter().find(|a| a.starts_with("--")) {
            let name = flag.trim_start_matches("--").replace('-', "");
            assert!(
                stderr.replace('-', "").contains(&name),
                "the message names {flag}: {run:?}"
            );
        }
    }
    let run = sb.run_raw(&["--db"]);
    run.fails_with(2);
}

#[test]
fn failures_exit_with_1_and_say_what_failed() {
    let sb = Sandbox::new();
    let good = sb.write("community.jsonl", to_jsonl(&community(), "test"));

    // No store yet: nothing to score, list or explain.
    for args in [&["top"][..], &["score"], &["explain", "test:star"]] {
        let run = sb.run(args);
        assert!(!run.fails_with(1).trim().is_empty(), "{run:?}");
    }

    // A missing file is named, and the good file before it is not ingested either.
    let missing = sb.path("no-such-file.jsonl");
    let run = sb.run(&args!["ingest", &good, &missing]);
    assert!(
        run.fails_with(1).contains(&missing.display().to_string()),
        "the message names the file: {run:?}"
    );
    assert_eq!(event_count(&sb.db()), 0);

    // A store without events has nothing to score.
    sb.write("empty.jsonl", "");
    sb.run(&["ingest", "empty.jsonl"]).ok();
    let run = sb.run(&["score"]);
    assert!(run.fails_with(1).contains("no events"), "{run:?}");

    // Events, but no score run yet.
    sb.run(&args!["ingest", &good]).ok();
    // An instant before every event has nothing to score, and says so (not "no events").
    let run = sb.run(&["score", "--as-of", "1"]);
    assert!(
        run.fails_with(1).contains("no event at or before 1970-01-01T00:00:01Z"),
        "{run:?}"
    );
    let run = sb.run(&["top"]);
    assert!(run.fails_with(1).contains("no score run"), "{run:?}");
    sb.run(&["score"]).ok();
    let run = sb.run(&["explain", "nobody:x"]);
    assert!(run.fails_with(1).contains("unknown account"), "{run:?}");
    let run = sb.run(&["explain", "nobody"]);
    assert!(run.fails_with(1).contains("unknown account"), "{run:?}");
}
