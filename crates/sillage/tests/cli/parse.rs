//! Reading back what the binary printed: the human ingest summary and the JSON documents.

use serde_json::Value;

use crate::util::close;

/// Counts from the `ingest:` line of a human summary: (read, stored, duplicates, rejected).
#[track_caller]
pub fn ingest_totals(stdout: &str) -> (u64, u64, u64, u64) {
    let line = stdout
        .lines()
        .find(|l| l.starts_with("ingest: "))
        .unwrap_or_else(|| panic!("no `ingest:` line in {stdout:?}"));
    let number_after = |word: &str| -> u64 {
        let rest = line
            .split(&format!("{word} "))
            .nth(1)
            .unwrap_or_else(|| panic!("no {word:?} in {line:?}"));
        let digits: String = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == ',')
            .filter(|c| *c != ',')
            .collect();
        digits
            .parse()
            .unwrap_or_else(|_| panic!("no number after {word:?} in {line:?}"))
    };
    (
        number_after("read"),
        number_after("stored"),
        number_after("duplicates"),
        number_after("rejected"),
    )
}

/// The lines of a human summary that quote a reject (`  FILE:LINE: reason`).
pub fn reject_lines(stdout: &str) -> Vec<&str> {
    stdout
        .lines()
        .skip_while(|l| !l.starts_with("rejected records"))
        .skip(1)
        .filter(|l| l.starts_with("  "))
        .collect()
}

pub fn account_names(top: &Value) -> Vec<&str> {
    top["accounts"]
        .as_array()
        .expect("accounts is an array")
        .iter()
        .map(|a| a["account"].as_str().expect("account is a string"))
        .collect()
}

/// Asserts `v` is an object with (at least) the documented fields: new fields may be added to
/// the JSON documents, none of these may go.
#[track_caller]
pub fn assert_fields(v: &Value, fields: &[&str]) {
    let object = v.as_object().unwrap_or_else(|| panic!("not an object: {v}"));
    for f in fields {
        assert!(object.contains_key(*f), "no field {f:?} in {v}");
    }
}

/// `a` and `b` agree to 1e-9 relative to the larger of the two, or absolutely near zero (a
/// component of value 0 has lines summing to 0 or nothing).
pub fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1e-9)
}

pub fn num(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

pub fn array(v: &Value) -> &Vec<Value> {
    v.as_array().unwrap_or_else(|| panic!("not an array: {v}"))
}

/// Checks an `explain --json` document: `standing + Σ contributions + others = authority.rank`
/// (and `authority.sum` says so); with every contributor's events listed, their points add up to
/// the contribution; the components' `points` are `0.99 · weight · value`; and, when the ledger
/// is present, `base + Σ score_points = score` and each component's lines (plus `others`) add
/// up to its value.
#[track_caller]
pub fn assert_explanation_adds_up(x: &Value) {
    let who = x["account"].as_str().unwrap_or("?");
    let a = &x["authority"];
    let rank = num(&a["rank"]);
    let contributors = array(&a["contributors"]);
    let parts =
        num(&a["standing"]) + contributors.iter().map(|c| num(&c["contribution"])).sum::<f64>() + num(&a["others"]);
    assert!(
        close(parts, rank, 1e-9),
        "{who}: authority parts {parts} vs rank {rank}"
    );
    assert!(close(num(&a["sum"]), rank, 1e-9), "{who}: authority.sum vs rank");
    assert!(
        contributors.len() <= a["contributors_total"].as_u64().unwrap() as usize,
        "{who}: more contributors listed than there are"
    );
    for c in contributors {
        let events = array(&c["events"]);
        if events.len() == c["events_total"].as_u64().unwrap() as usize && !events.is_empty() {
            let points: f64 = events.iter().map(|e| num(&e["points"])).sum();
            assert!(
                close(points, num(&c["contribution"]), 1e-9),
                "{who}: {}'s events earn {points}, its contribution is {}",
                c["account"],
                c["contribution"]
            );
        }
        assert!(
            close(num(&c["share"]) * rank, num(&c["contribution"]), 1e-9),
            "{who}: share of {c}"
        );
    }
    let score = num(&x["score"]);
    assert!((1.0..=100.0).contains(&score), "{who}: score {score}");
    for c in array(&x["components"]) {
        let expected = 0.99 * num(&c["weight"]) * num(&c["value"]);
        assert!(same(num(&c["points"]), expected), "{who}: points of {c}");
        assert!((0.0..=100.0).contains(&num(&c["value"])), "{who}: {c}");
    }
    let Some(ledger) = x.get("ledger").filter(|l| !l.is_null()) else {
        return;
    };
    let components = array(&ledger["components"]);
    assert_eq!(components.len(), 5, "{who}: five components in the ledger");
    let total = num(&ledger["base"]) + components.iter().map(|c| num(&c["score_points"])).sum::<f64>();
    assert!(
        same(total, score),
        "{who}: base + component points = {total}, score {score}"
    );
    assert!(same(num(&ledger["sum"]), score), "{who}: ledger.sum vs score {score}");
    for (c, summary) in components.iter().zip(array(&x["components"])) {
        let name = c["component"].as_str().unwrap();
        assert_eq!(c["component"], summary["component"]);
        assert!(same(num(&c["value"]), num(&summary["value"])), "{who}: {name} value");
        let lines = array(&c["lines"]);
        let listed: f64 = lines.iter().map(|l| num(&l["points"])).sum();
        let value = num(&c["value"]);
        assert!(
            same(listed + num(&c["others"]), value),
            "{who}: {name} lines add up to {listed} + others {}, value {value}",
            c["others"]
        );
        let score_points: f64 = lines.iter().map(|l| num(&l["score_points"])).sum();
        let others_points = 0.99 * num(&c["weight"]) * num(&c["others"]);
        assert!(
            same(score_points + others_points, num(&c["score_points"])),
            "{who}: {name} lines' score points"
        );
        assert!(lines.len() <= c["lines_total"].as_u64().unwrap() as usize);
        for l in lines {
            assert!(
                num(&l["counted"]) <= num(&l["full"]) * (1.0 + 1e-12) || l["source"] == "standing",
                "{who}: {l}"
            );
            for d in array(&l["discounts"]) {
                let f = num(&d["factor"]);
                assert!((0.0..1.0).contains(&f), "{who}: discount {d}");
            }
            if l["source"] == "event" {
                assert!(
                    l["event_id"].is_string() && l["kind"].is_string() && l["at"].is_i64(),
                    "{who}: {l}"
                );
            }
        }
    }
}
