//! Exit codes: 2 for bad usage, 1 for failures, each with a message saying why.

use crate::fixtures::{community, scored_community, to_jsonl};
use crate::util::{Sandbox, args, event_count, query_i64};

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
        &["top", "--lang", "français"],
        &["explain", "x", "--ledger-lines", "3"],
        &["explain", "x", "--since", "1", "--events"],
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

/// `--trusted FILE`: a bad line is bad usage naming `FILE:LINE` and why, and nothing is scored;
/// comments and blank lines are fine; an account the store does not know is a warning.
#[test]
fn a_bad_trusted_list_names_its_line() {
    let sb = scored_community();
    let cases = [
        (
            "no-network.txt",
            "# our ambassadors\n\ntest:star\namy\n",
            4,
            "network:handle",
        ),
        (
            "two-per-line.txt",
            "test:star test:amy\n",
            1,
            "one network:handle per line",
        ),
        (
            "empty-handle.txt",
            "test:star\n  # indented comment\ntest:\n",
            3,
            "empty handle",
        ),
    ];
    for (name, content, line, reason) in cases {
        let file = sb.write(name, content);
        let run = sb.run(&args!["score", "--trusted", &file]);
        let stderr = run.fails_with(2);
        let place = format!("{}:{line}:", file.display());
        assert!(stderr.contains(&place), "names {place}: {run:?}");
        assert!(stderr.contains(reason), "says {reason:?}: {run:?}");
        assert!(stderr.contains("--trusted"), "names the flag: {run:?}");
    }
    let missing = sb.path("missing.txt");
    let run = sb.run(&args!["score", "--trusted", &missing]);
    assert!(run.fails_with(2).contains(&missing.display().to_string()), "{run:?}");
    assert_eq!(
        query_i64(&sb.db(), "SELECT count(*) FROM score_runs"),
        1,
        "nothing scored"
    );

    let good = sb.write(
        "trusted.txt",
        "# vouched for\ntest:star   # the host\n\nTEST:amy\ntest:nobody\n",
    );
    let run = sb.run(&args!["score", "--trusted", &good, "--json"]);
    let summary = run.json();
    assert_eq!(
        summary["trust"]["trusted_list"], 2,
        "star and amy are in the store: {summary}"
    );
    assert!(
        run.stderr.contains("warning") && run.stderr.contains("test:nobody"),
        "an unknown trusted account is a warning: {run:?}"
    );
}

/// `--taxonomy FILE`: a file that is not a valid taxonomy is bad usage naming the file and, when
/// it can, the topic and the field.
#[test]
fn a_bad_taxonomy_names_its_file() {
    let sb = scored_community();
    let cases = [
        ("not-toml.toml", "[[topic]\nid = ", "toml"),
        (
            "no-rules.toml",
            "[[topic]]\nid = \"vide\"\nfr = \"Vide\"\nen = \"Empty\"\n",
            "vide",
        ),
        (
            "bad-parent.toml",
            "[[topic]]\nid = \"a\"\nfr = \"A\"\nen = \"A\"\nparent = \"zz\"\ntags = [\"a\"]\n",
            "parent",
        ),
    ];
    for (name, content, word) in cases {
        let file = sb.write(name, content);
        let run = sb.run(&args!["score", "--taxonomy", &file]);
        let stderr = run.fails_with(2);
        assert!(stderr.contains(&file.display().to_string()), "names the file: {run:?}");
        assert!(stderr.to_lowercase().contains(word), "says {word:?}: {run:?}");
    }
    let missing = sb.path("missing.toml");
    let run = sb.run(&args!["score", "--taxonomy", &missing]);
    assert!(run.fails_with(2).contains(&missing.display().to_string()), "{run:?}");
    // analyze checks its flags before ingesting anything.
    let events = sb.write("more.jsonl", to_jsonl(&community(), "other"));
    let bad = sb.path("no-rules.toml");
    let fresh = sb.path("fresh.db");
    sb.run_on(&fresh, &args!["analyze", &events, "--taxonomy", &bad])
        .fails_with(2);
    assert!(!fresh.exists(), "no store was created");
    assert_eq!(
        query_i64(&sb.db(), "SELECT count(*) FROM score_runs"),
        1,
        "nothing scored"
    );
}

/// The `--half-life` help states the model's real default.
#[test]
fn the_half_life_help_states_the_default() {
    let sb = Sandbox::new();
    let help = sb.run_raw(&["score", "--help"]);
    let days = sillage_score::ScoreConfig::DEFAULT_HALF_LIFE_SECONDS / 86_400.0;
    assert!(help.ok().contains(&format!("[default: {days}d]")), "{help:?}");
}
