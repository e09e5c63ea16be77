//! The explanations add up (P1): for every shown account of the fixtures, the ledger's lines add
//! up to each component's value, the components' points plus the base to the score, and the
//! authority's standing plus contributions to the authority. The sums are checked on the JSON
//! the binary prints, with the binary's own figures only as the parts and the whole.

use crate::fixtures::{AGENCY_SHOWN, scored_agency, scored_community};
use crate::parse::{account_names, array, assert_explanation_adds_up, num, same};
use crate::util::Sandbox;

/// Every account `top` lists, explained in full (every contributor, every event, every line).
fn check_every_account(sb: &Sandbox) -> usize {
    let top = sb.run(&["top", "--limit", "100000", "--json"]).json();
    let names = account_names(&top);
    for name in &names {
        let x = sb
            .run(&["explain", name, "--events", "--json", "--per-contributor", "0"])
            .json();
        assert_eq!(x["account"], *name);
        assert_explanation_adds_up(&x);
        // With every line listed nothing is left in `others`.
        for c in array(&x["ledger"]["components"]) {
            assert_eq!(
                array(&c["lines"]).len() as u64,
                c["lines_total"].as_u64().unwrap(),
                "{name}"
            );
            assert_eq!(num(&c["others"]), 0.0, "{name}");
        }
        let listed = array(&top["accounts"]).iter().find(|a| a["account"] == *name).unwrap();
        assert!(
            same(num(&listed["score"]), num(&x["score"])),
            "{name}: top and explain agree"
        );
    }
    names.len()
}

#[test]
fn every_ledger_of_the_community_adds_up() {
    let sb = scored_community();
    assert_eq!(check_every_account(&sb), 5);
}

#[test]
fn every_ledger_of_the_agency_adds_up() {
    let sb = scored_agency();
    assert_eq!(check_every_account(&sb), AGENCY_SHOWN.len());
}

/// `--ledger-lines N` lists at most N lines per component and sums the rest in `others`; the
/// text ends with the check line, whose two figures agree.
#[test]
fn a_capped_ledger_still_adds_up() {
    let sb = scored_agency();
    let x = sb
        .run(&["explain", "t:claire", "--events", "--ledger-lines", "2", "--json"])
        .json();
    assert_explanation_adds_up(&x);
    let authority = &x["ledger"]["components"][0];
    assert_eq!(array(&authority["lines"]).len(), 2);
    assert!(
        authority["lines_total"].as_u64().unwrap() > 2,
        "claire has standing and 8 engagements"
    );
    assert!(num(&authority["others"]) > 0.0);

    let text = sb.run(&["explain", "t:claire", "--events"]).ok().to_owned();
    let check = text.lines().last().unwrap();
    let figures: Vec<f64> = check
        .split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .filter_map(|w| w.parse().ok())
        .collect();
    // "check: base B + component points P = S (score S')"
    assert_eq!(figures.len(), 4, "{check}");
    assert!((figures[0] + figures[1] - figures[2]).abs() < 2e-6, "{check}");
    assert!((figures[2] - figures[3]).abs() < 2e-6, "{check}");
    assert!(same(figures[3], (num(&x["score"]) * 1e6).round() / 1e6), "{check}");
    // Every event of the fixture that engaged claire is listed in the text's ledger.
    for id in [
        "r01", "r02", "r03", "r06", "r07", "r08", "r09", "r10", "g1", "g2", "g3", "c1", "c2", "c3",
    ] {
        assert!(
            text.lines().any(|l| l.split_whitespace().next() == Some(id)),
            "{id} missing from the ledger:\n{text}"
        );
    }
}
