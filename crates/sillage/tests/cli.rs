//! Integration tests of the `sillage` binary: each test runs the real program in a temporary
//! folder, on a store `--db <tmp>/s.db`, with `--quiet`, on small fixtures it writes itself.
//! Expected values come from how each fixture was built (see `cli/fixtures.rs`) and from sums
//! the outputs must satisfy, never from the program under test.
//!
//! The tests live in the modules under `cli/`; the snapshot tests stay here so that their files
//! are `tests/snapshots/cli__*.snap`.

#[path = "cli/demo.rs"]
mod demo;
#[path = "cli/discover.rs"]
mod discover;
#[path = "cli/exit_codes.rs"]
mod exit_codes;
#[path = "cli/exports.rs"]
mod exports;
#[path = "cli/fixtures.rs"]
mod fixtures;
#[path = "cli/gen_events.rs"]
mod gen_events;
#[path = "cli/gen_kron.rs"]
mod gen_kron;
#[path = "cli/ingest.rs"]
mod ingest;
#[path = "cli/ledger.rs"]
mod ledger;
#[path = "cli/parse.rs"]
mod parse;
#[path = "cli/privacy.rs"]
mod privacy;
#[path = "cli/rank.rs"]
mod rank;
#[path = "cli/scores.rs"]
mod scores;
#[path = "cli/serve.rs"]
mod serve;
#[path = "cli/util.rs"]
mod util;

use fixtures::{community, mixed_jsonl, scored_agency, scored_community, to_jsonl};
use util::{Sandbox, args, redact, round_long_numbers};

// Snapshots of the human output: they pin its shape (columns, sections, wording, check lines).
// The figures are the model's and move when its parameters are tuned; long ones are rounded to
// four significant digits so that only real changes show. Review a changed snapshot by reading
// it against the fixture's comment: the orders and the check lines must still make sense.

#[test]
fn snapshot_top_table() {
    let sb = scored_community();
    // star first (everyone reposted it), dan last (nobody engaged with him).
    let table = sb.run(&["top"]);
    insta::assert_snapshot!("top_table", table.ok());
}

#[test]
fn snapshot_explain() {
    let sb = scored_community();
    let mut transcript = String::new();
    for command in [
        &["explain", "test:star"][..],
        &["explain", "dan"],
        &["explain", "test:star", "--limit", "2", "--per-contributor", "0"],
        &["explain", "dan", "--events"],
    ] {
        let out = sb.run(command);
        transcript.push_str(&format!("$ {}\n{}\n", command.join(" "), out.ok()));
    }
    insta::assert_snapshot!("explain", round_long_numbers(&transcript));
}

#[test]
fn snapshot_agency() {
    let sb = scored_agency();
    sb.run(&["score", "--as-of", "2024-01-09T00:00:00Z"]).ok();
    let mut transcript = String::new();
    for command in [
        &["top", "--topic", "tourisme", "--lang", "fr", "--exclude-org", "acme"][..],
        &["topics"],
        &["topics", "t:ferris"],
        &["history", "t:claire"],
        &["explain", "t:claire", "--since", "1", "--limit", "3"],
        &["explain", "t:paul", "--events", "--ledger-lines", "1"],
    ] {
        let out = sb.run(command);
        transcript.push_str(&format!("$ {}\n{}\n", command.join(" "), out.ok()));
    }
    insta::assert_snapshot!("agency", round_long_numbers(&transcript));
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
