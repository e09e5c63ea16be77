//! Opted-out accounts (P7): never in any command's output, yet their engagement still counts,
//! anonymously.

use crate::fixtures::scored_agency;
use crate::parse::array;

/// The agency's opted-out account (a handle no other account or text contains).
const HIDDEN: &str = "hermit";

#[test]
fn opted_out_accounts_never_appear_but_their_engagement_counts() {
    let sb = scored_agency();
    sb.run(&["score", "--as-of", "2024-01-09T00:00:00Z"]).ok();
    let outputs: Vec<(String, String)> = [
        &["top", "--limit", "100000"][..],
        &["top", "--limit", "100000", "--json"],
        &["top", "--topic", "tourisme", "--json"],
        &["top", "--lang", "fr", "--json"],
        &["topics"],
        &["topics", "--json"],
        &["topics", "t:claire", "--json"],
        &["explain", "t:claire"],
        &["explain", "t:claire", "--events"],
        &["explain", "t:claire", "--events", "--json"],
        &["explain", "t:claire", "--since", "1"],
        &["explain", "t:claire", "--since", "1", "--json"],
        &["explain", "t:marie", "--events", "--json"],
        &["history", "t:claire", "--json"],
        &["score", "--json"],
    ]
    .iter()
    .map(|a| (a.join(" "), sb.run(a).ok().to_owned()))
    .collect();
    for (command, out) in &outputs {
        assert!(
            !out.to_lowercase().contains(HIDDEN),
            "`{command}` shows the opted-out account:\n{out}"
        );
    }
    // hermit reposted and quoted claire: one anonymous contributor with both events.
    let x = sb.run(&["explain", "t:claire", "--json"]).json();
    let anonymous: Vec<_> = array(&x["authority"]["contributors"])
        .iter()
        .filter(|c| c["account"] == "(an opted-out account)")
        .collect();
    assert_eq!(anonymous.len(), 1, "{x}");
    assert_eq!(anonymous[0]["events_total"], 2);
    assert!(anonymous[0]["contribution"].as_f64().unwrap() > 0.0);
    // The account itself cannot be looked up.
    for command in [
        &["explain", "t:hermit"][..],
        &["history", "t:hermit"],
        &["topics", "t:hermit"],
    ] {
        let run = sb.run(command);
        assert!(run.fails_with(1).contains("unknown account"), "{run:?}");
    }
}
