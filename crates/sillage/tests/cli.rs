//! Integration tests of the `sillage` binary: each test runs the real program in a temporary
//! folder, on a store `--db <tmp>/s.db`, with `--quiet`, on small fixtures it writes itself.
//! Expected values come from reasoning about the fixture or from the independent model in
//! `cli/oracle.rs`, never from the program under test.
//!
//! The tests live in the modules under `cli/`; the snapshot tests stay here so that their files
//! are `tests/snapshots/cli__*.snap`.

#[path = "cli/demo.rs"]
mod demo;
#[path = "cli/exit_codes.rs"]
mod exit_codes;
#[path = "cli/fixtures.rs"]
mod fixtures;
#[path = "cli/ingest.rs"]
mod ingest;
#[path = "cli/oracle.rs"]
mod oracle;
#[path = "cli/parse.rs"]
mod parse;
#[path = "cli/scores.rs"]
mod scores;
#[path = "cli/util.rs"]
mod util;

use fixtures::{community, mixed_jsonl, scored_community, to_jsonl};
use util::{Sandbox, args, redact};

// Snapshots of the human output on the community. Their content was checked by reading them
// against the fixture and the model (see the comments at each).

#[test]
fn snapshot_top_table() {
    let (sb, _) = scored_community();
    // Positions, ranks and percentiles follow `community()`'s comment; scores are floored:
    // amy 97.1 → 97, bob 69.5 → 69, cat 14.7 → 14.
    let table = sb.run(&["top"]);
    insta::assert_snapshot!("top_table", table.ok());
}

#[test]
fn snapshot_explain() {
    let (sb, _) = scored_community();
    let star = sb.run(&["explain", "test:star"]);
    let dan = sb.run(&["explain", "dan"]);
    let limited = sb.run(&["explain", "test:star", "--limit", "2", "--events", "0"]);
    let transcript = format!(
        "$ explain test:star\n{}\n$ explain dan\n{}\n$ explain test:star --limit 2 --events 0\n{}",
        star.ok(),
        dan.ok(),
        limited.ok()
    );
    insta::assert_snapshot!("explain", transcript);
}

#[test]
fn snapshot_ingest_and_score_summaries() {
    let sb = Sandbox::new();
    let (content, _, _) = mixed_jsonl();
    let mixed = sb.write("mixed.jsonl", content);
    let clean = sb.write("community.jsonl", to_jsonl(&community(), "test"));
    let ingest = sb.run(&args!["ingest", &mixed, &clean]);
    let score = sb.run(&["score"]);
    let text = format!("{}{}", ingest.ok(), score.ok());
    let redacted = redact(&text, sb.dir());
    insta::assert_snapshot!("summaries", redacted);
}
