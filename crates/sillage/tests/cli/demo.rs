//! `demo`: its report, replacing its own store, and refusing anyone else's.

use crate::fixtures::{community, to_jsonl};
use crate::parse::account_names;
use crate::util::{Sandbox, args, event_count, query_i64};

#[test]
fn demo_shows_its_findings_and_never_overwrites_another_store() {
    let sb = Sandbox::new();
    let demo_db = sb.path("d.db");
    for attempt in ["first", "second"] {
        let run = sb.run_on(&demo_db, &["demo", "--limit", "5"]);
        let out = run.ok();
        let top = out
            .lines()
            .position(|l| l.starts_with("Top 5 of "))
            .unwrap_or_else(|| panic!("{attempt}: {run:?}"));
        let rows: Vec<&str> = out.lines().skip(top + 2).take_while(|l| !l.is_empty()).collect();
        assert_eq!(rows.len(), 5, "{attempt}: {run:?}");
        assert!(rows[0].trim_start().starts_with("1 "), "{attempt}: {run:?}");
        let planted = out
            .lines()
            .position(|l| l.contains("planted"))
            .unwrap_or_else(|| panic!("{attempt}: no planted section: {run:?}"));
        assert!(
            out.lines().nth(planted + 1).is_some_and(|l| l.contains('#')),
            "{attempt}: the planted section lists accounts: {run:?}"
        );
    }
    // The second run replaced the first store rather than adding to it: one score run.
    assert_eq!(query_i64(&demo_db, "SELECT count(*) FROM score_runs"), 1);

    let file = sb.write("community.jsonl", to_jsonl(&community(), "test"));
    sb.run(&args!["ingest", &file]).ok();
    let run = sb.run(&["demo", "--limit", "5"]);
    let stderr = run.fails_with(1);
    assert!(stderr.contains(&sb.db().display().to_string()), "{run:?}");
    assert_eq!(event_count(&sb.db()), 12, "the ingested store is intact");
    sb.run(&["score"]).ok();
    assert_eq!(
        account_names(&sb.run(&["top", "--json", "--limit", "1"]).json()),
        ["test:star"]
    );
}

/// `demo` refuses a store it did not make; the check must not write into that file either.
#[test]
fn demo_leaves_a_foreign_sqlite_file_untouched() {
    let sb = Sandbox::new();
    let foreign = sb.path("notes.db");
    {
        let conn = rusqlite::Connection::open(&foreign).unwrap();
        conn.execute_batch("CREATE TABLE notes(x TEXT); INSERT INTO notes VALUES ('mine');")
            .unwrap();
    }
    let before = std::fs::read(&foreign).unwrap();
    let run = sb.run_on(&foreign, &["demo", "--limit", "1"]);
    assert!(run.fails_with(1).contains("not made by"), "{run:?}");
    assert!(
        std::fs::read(&foreign).unwrap() == before,
        "the refused file was modified"
    );
    assert_eq!(
        query_i64(&foreign, "SELECT count(*) FROM sqlite_master"),
        1,
        "only the notes table"
    );
}
