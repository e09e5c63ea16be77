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

/// Checks `teleport + Σ contributions + others = rank` and that `sum` says so too.
#[track_caller]
pub fn assert_parts_add_up(x: &Value) {
    let rank = x["rank"].as_f64().unwrap();
    let parts = x["teleport"].as_f64().unwrap()
        + x["contributors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["contribution"].as_f64().unwrap())
            .sum::<f64>()
        + x["others"].as_f64().unwrap();
    assert!(close(parts, rank, 1e-9), "parts {parts} vs rank {rank}");
    assert!(close(x["sum"].as_f64().unwrap(), rank, 1e-9), "sum vs rank in {x}");
}
