//! `score`, `top`, `explain`, `history` and `analyze` on hand-built communities, and the Higgs
//! acceptance run on real data. The model itself is tested in `sillage_score`; here the checks
//! are what the commands promise whatever the model's parameters: the figures they print add up,
//! agree with each other, and follow from how each fixture was built.

use std::path::{Path, PathBuf};

use serde_json::Value;
use sillage_score::ScoreConfig;

use crate::fixtures::{DAY, HOUR, T0, community, old_and_new, scored_community, to_jsonl};
use crate::parse::{account_names, array, assert_explanation_adds_up, assert_fields, ingest_totals, num, same};
use crate::util::{Sandbox, args, close, event_count};

/// The documented decay: a weight halves every half-life.
fn decay(age_seconds: i64) -> f64 {
    0.5f64.powf(age_seconds as f64 / ScoreConfig::DEFAULT_HALF_LIFE_SECONDS)
}

#[test]
fn community_top_and_explain_as_json() {
    let sb = scored_community();
    let top = sb.run(&["top", "--json", "--limit", "3"]).json();
    assert_fields(
        &top,
        &["run", "as_of", "shown", "topic", "lang", "exclude_orgs", "accounts"],
    );
    assert_eq!(top["run"], 1);
    assert_eq!(top["as_of"], T0 + 11 * HOUR);
    assert_eq!(top["shown"], 5);
    assert_eq!((top["topic"].is_null(), top["lang"].is_null()), (true, true));
    // Everyone reposted star, the only account engaged by all four others.
    assert_eq!(account_names(&top)[0], "test:star");
    assert_eq!(array(&top["accounts"]).len(), 3);
    for (i, a) in array(&top["accounts"]).iter().enumerate() {
        assert_fields(
            a,
            &[
                "position",
                "account",
                "name",
                "score",
                "percentile",
                "components",
                "outreach_level",
                "topic_score",
                "lang",
                "org",
            ],
        );
        assert_eq!(a["position"], i as u64 + 1);
        assert_eq!(a["name"], Value::Null);
        assert_eq!(a["topic_score"], Value::Null, "no topic asked");
        assert_fields(
            &a["components"],
            &["authority", "reach", "amplification", "activity", "outreach"],
        );
        let level = a["outreach_level"].as_u64().unwrap();
        assert!((1..=12).contains(&level), "{a}");
    }
    assert_eq!(
        top["accounts"][0]["percentile"].as_f64(),
        Some(80.0),
        "4 of 5 below star"
    );

    // dan: nobody engaged with him, so his authority is his standing alone.
    let dan = sb.run(&["explain", "dan", "--json"]).json();
    assert_eq!(dan["account"], "test:dan");
    assert_eq!(dan["authority"]["contributors_total"], 0);
    assert!(close(
        num(&dan["authority"]["rank"]),
        num(&dan["authority"]["standing"]),
        1e-9
    ));
    assert_explanation_adds_up(&dan);

    let x = sb.run(&["explain", "test:star", "--json"]).json();
    assert_fields(
        &x,
        &[
            "account",
            "name",
            "run",
            "as_of",
            "score",
            "percentile",
            "position",
            "components",
            "outreach_level",
            "trust",
            "trust_reasons",
            "topics",
            "authority",
            "ledger",
            "matches_snapshot",
        ],
    );
    assert_eq!(
        (x["account"].as_str(), x["position"].as_u64()),
        (Some("test:star"), Some(1))
    );
    assert_eq!(x["ledger"], Value::Null, "the ledger comes with --events");
    assert_eq!(x["matches_snapshot"], true);
    assert!(
        same(num(&x["score"]), num(&top["accounts"][0]["score"])),
        "explain and top agree"
    );
    let names: Vec<&str> = array(&x["components"])
        .iter()
        .map(|c| c["component"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["authority", "reach", "amplification", "activity", "outreach"]);
    let a = &x["authority"];
    assert_fields(
        a,
        &[
            "rank",
            "standing",
            "others",
            "contributors_total",
            "contributors",
            "sum",
        ],
    );
    assert_eq!(a["contributors_total"], 4);
    assert_eq!(num(&a["others"]), 0.0, "--json lists every contributor");
    let mut engagers: Vec<(String, String, i64)> = Vec::new();
    for c in array(&a["contributors"]) {
        assert_fields(
            c,
            &[
                "account",
                "contribution",
                "share",
                "trust",
                "trust_reasons",
                "events_total",
                "events",
            ],
        );
        assert_eq!(c["events_total"], 1, "{c}");
        let e = &c["events"][0];
        assert_fields(e, &["event_id", "kind", "at", "weight", "counted", "points"]);
        assert_eq!(e["kind"], "repost");
        let at = e["at"].as_i64().unwrap();
        // A repost weighs 1 before decay.
        assert!(close(num(&e["weight"]), decay(T0 + 11 * HOUR - at), 1e-12), "{e}");
        assert!(num(&e["counted"]) <= num(&e["weight"]));
        engagers.push((
            c["account"].as_str().unwrap().to_owned(),
            e["event_id"].as_str().unwrap().to_owned(),
            at,
        ));
    }
    engagers.sort();
    assert_eq!(
        engagers,
        [
            ("test:amy".to_owned(), "e02".to_owned(), T0 + HOUR),
            ("test:bob".to_owned(), "e03".to_owned(), T0 + 2 * HOUR),
            ("test:cat".to_owned(), "e04".to_owned(), T0 + 3 * HOUR),
            ("test:dan".to_owned(), "e05".to_owned(), T0 + 4 * HOUR),
        ]
    );
    let contributions: Vec<f64> = array(&a["contributors"])
        .iter()
        .map(|c| num(&c["contribution"]))
        .collect();
    assert!(
        contributions.windows(2).all(|w| w[0] >= w[1]),
        "largest first: {contributions:?}"
    );
    assert_explanation_adds_up(&x);

    // With a limit, the contributors not listed are summed in `others`.
    let short = sb.run(&["explain", "test:star", "--json", "--limit", "2"]).json();
    assert_eq!(array(&short["authority"]["contributors"]).len(), 2);
    assert!(close(
        num(&short["authority"]["others"]),
        contributions[2] + contributions[3],
        1e-12
    ));
    assert_explanation_adds_up(&short);
}

#[test]
fn as_of_leaves_out_later_events() {
    let sb = Sandbox::new();
    let file = sb.write("community.jsonl", to_jsonl(&community(), "test"));
    sb.run(&args!["ingest", &file]).ok();
    // 04:30: the four reposts of star (01:00–04:00) count; everything from 05:00 on does not.
    let as_of = T0 + 4 * HOUR + 30 * 60;
    let summary = sb.run(&["score", "--as-of", "2024-01-01T04:30:00Z", "--json"]).json();
    assert_eq!(summary["as_of"], as_of);
    assert_eq!(summary["accounts"], 5);
    assert_eq!(summary["edges"], 4, "only the four reposts of star");

    // cat's only engagement (dan's quote at 09:00) comes later.
    let cat = sb.run(&["explain", "test:cat", "--json", "--events"]).json();
    assert_eq!(cat["as_of"], as_of);
    assert_eq!(cat["authority"]["contributors_total"], 0);
    assert_explanation_adds_up(&cat);
    for later in ["test:amy", "test:bob"] {
        let x = sb.run(&["explain", later, "--json"]).json();
        assert_eq!(
            x["authority"]["contributors_total"], 0,
            "{later} is engaged only after 04:30: {x}"
        );
    }
    let star = sb.run(&["explain", "test:star", "--json", "--events"]).json();
    assert_eq!(star["authority"]["contributors_total"], 4);
    assert_explanation_adds_up(&star);
    // No ledger line may come from an event after the instant.
    for c in array(&star["ledger"]["components"]) {
        for l in array(&c["lines"]) {
            if let Some(at) = l["at"].as_i64() {
                assert!(at <= as_of, "{l}");
            }
        }
    }

    // Unix seconds mean the same instant; the default goes back to the newest event.
    let summary = sb.run(&["score", "--as-of", &as_of.to_string(), "--json"]).json();
    assert_eq!(
        (summary["as_of"].as_i64(), summary["edges"].as_i64()),
        (Some(as_of), Some(4))
    );
    let summary = sb.run(&["score", "--json"]).json();
    assert_eq!(
        (summary["as_of"].as_i64(), summary["edges"].as_i64()),
        (Some(T0 + 11 * HOUR), Some(8))
    );
    let cat = sb.run(&["explain", "test:cat", "--json"]).json();
    assert_eq!(cat["authority"]["contributors_total"], 1, "dan's quote counts now");
}

/// `old_and_new()`: with a long half-life ten-day-old reposts still outweigh one repost now; with
/// a one-day half-life they are worth a thousandth of it. (The fans themselves may rank anywhere:
/// they are active and engage others.)
#[test]
fn a_short_half_life_favours_recent_engagement() {
    let sb = Sandbox::new();
    let file = sb.write("old-and-new.jsonl", to_jsonl(&old_and_new(), "hl"));
    sb.run(&args!["ingest", &file]).ok();
    let mut newbie_authority = Vec::new();
    for (half_life, ahead, behind) in [("30d", "hl:oldie", "hl:newbie"), ("1d", "hl:newbie", "hl:oldie")] {
        let summary = sb.run(&["score", "--half-life", half_life, "--json"]).json();
        assert_eq!(summary["as_of"], T0 + 20 * DAY);
        let top = sb.run(&["top", "--json"]).json();
        let names = account_names(&top);
        let position = |who: &str| names.iter().position(|n| *n == who).unwrap();
        assert!(position(ahead) < position(behind), "half-life {half_life}: {names:?}");
        let x = sb.run(&["explain", "hl:newbie", "--json", "--events"]).json();
        newbie_authority.push(num(&x["components"][0]["value"]));
        assert_explanation_adds_up(&x);
        // The half-life is applied to every event's full weight (a repost weighs 1).
        let seconds = if half_life == "1d" {
            DAY as f64
        } else {
            30.0 * DAY as f64
        };
        let old = sb
            .run(&["explain", "hl:oldie", "--json", "--per-contributor", "0"])
            .json();
        for c in array(&old["authority"]["contributors"]) {
            for e in array(&c["events"]) {
                let age = (T0 + 20 * DAY - e["at"].as_i64().unwrap()) as f64;
                assert!(close(num(&e["weight"]), 0.5f64.powf(age / seconds), 1e-12), "{e}");
            }
        }
    }
    assert!(
        newbie_authority[1] > newbie_authority[0],
        "newbie gains with a shorter half-life: {newbie_authority:?}"
    );
}

#[test]
fn analyze_ingests_scores_and_lists_in_one_go() {
    let sb = Sandbox::new();
    let file = sb.write("community.jsonl", to_jsonl(&community(), "test"));
    let run = sb.run(&args!["analyze", &file, "--limit", "4"]);
    let out = run.ok();
    assert_eq!(ingest_totals(out), (12, 12, 0, 0));
    assert!(out.contains("score run #1: 5 accounts"), "{run:?}");
    let mut lines = out.lines().skip_while(|l| !l.starts_with("Top "));
    assert_eq!(
        lines.next(),
        Some("Top 4 of 5 accounts as of 2024-01-01T11:00:00Z (score run #1)")
    );
    let header: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
    assert_eq!(
        header,
        [
            "#",
            "account",
            "score",
            "percentile",
            "auth",
            "reach",
            "ampl",
            "activ",
            "outr",
            "level"
        ]
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split_whitespace().collect()).collect();
    assert_eq!(rows.len(), 4, "{run:?}");
    assert_eq!(rows[0][..2], ["1", "test:star"]);
    assert_eq!(rows[0][3], "80.00");
    assert!(rows.iter().all(|r| r.len() == header.len()), "{run:?}");
    // The same as `top --json`, whose scores the table floors.
    let top = sb.run(&["top", "--json", "--limit", "4"]).json();
    for (row, a) in rows.iter().zip(array(&top["accounts"])) {
        assert_eq!(row[1], a["account"]);
        assert_eq!(row[2], format!("{:.0}", num(&a["score"]).floor()));
    }
    assert_eq!(event_count(&sb.db()), 12);
}

/// `history` lists every run that scored the account, ordered by instant rather than by run; its
/// figures are the runs' own (those `top` printed then) and those `explain --since` recomputes.
#[test]
fn history_follows_the_runs_in_time_order() {
    let sb = scored_community();
    let latest = sb.run(&["top", "--json"]).json();
    let early_at = T0 + 4 * HOUR + 1800;
    sb.run(&["score", "--as-of", "2024-01-01T04:30:00Z"]).ok();
    let early = sb.run(&["top", "--json"]).json();

    let h = sb.run(&["history", "star", "--json"]).json();
    assert_fields(&h, &["account", "name", "points"]);
    assert_eq!(h["account"], "test:star");
    let points = array(&h["points"]);
    assert_eq!(points.len(), 2);
    // Run 2 describes the earlier instant, so it comes first.
    assert_eq!(
        (points[0]["run"].as_i64(), points[0]["as_of"].as_i64()),
        (Some(2), Some(early_at))
    );
    assert_eq!(
        (points[1]["run"].as_i64(), points[1]["as_of"].as_i64()),
        (Some(1), Some(T0 + 11 * HOUR))
    );
    let score_in = |top: &Value, who: &str| {
        array(&top["accounts"])
            .iter()
            .find(|a| a["account"] == who)
            .map(|a| (num(&a["score"]), a["components"].clone()))
            .unwrap()
    };
    for (point, top) in [(&points[0], &early), (&points[1], &latest)] {
        assert_fields(point, &["run", "as_of", "score", "percentile", "components"]);
        let (score, components) = score_in(top, "test:star");
        assert_eq!(num(&point["score"]), score);
        assert_eq!(point["components"], components);
    }

    // bob was not yet engaged with at 04:30; later amy replied and cat liked.
    let bob = sb.run(&["history", "test:bob", "--json"]).json();
    let authority: Vec<f64> = array(&bob["points"])
        .iter()
        .map(|p| num(&p["components"]["authority"]))
        .collect();
    assert!(authority[1] > authority[0], "{bob}");

    let text = sb.run(&["history", "test:bob"]).ok().to_owned();
    assert!(
        text.contains("2 score run(s)") && text.contains("2024-01-01T04:30:00Z"),
        "{text}"
    );
    let header: Vec<&str> = text.lines().nth(1).unwrap().split_whitespace().collect();
    assert_eq!(
        header,
        [
            "run",
            "as",
            "of",
            "score",
            "percentile",
            "auth",
            "reach",
            "ampl",
            "activ",
            "outr",
            "change"
        ]
    );
    assert_eq!(sb.run(&["history", "nobody:x"]).code, Some(1));
}

/// `explain --since RUN` compares the run with the latest one: the account's own change and the
/// contributors' changes add up to the change of the score, and since nobody engaged star after
/// 04:30, no contributor has new events.
#[test]
fn explain_since_says_what_changed_and_why() {
    let sb = Sandbox::new();
    let file = sb.write("community.jsonl", to_jsonl(&community(), "test"));
    sb.run(&args!["ingest", &file]).ok();
    sb.run(&["score", "--as-of", "2024-01-01T04:30:00Z"]).ok();
    sb.run(&["score"]).ok();

    let c = sb.run(&["explain", "test:star", "--since", "1", "--json"]).json();
    assert_fields(&c, &["account", "since", "now", "own_change", "changes", "sum"]);
    for side in ["since", "now"] {
        assert_fields(&c[side], &["run", "as_of", "score", "percentile", "components"]);
        assert_eq!(c[side]["components"].as_object().map(|o| o.len()), Some(5));
    }
    assert_eq!(
        (c["since"]["run"].as_i64(), c["now"]["run"].as_i64()),
        (Some(1), Some(2))
    );
    // The runs' own figures, as `history` has them.
    let h = sb.run(&["history", "test:star", "--json"]).json();
    assert!(same(num(&c["since"]["score"]), num(&h["points"][0]["score"])));
    assert!(same(num(&c["now"]["score"]), num(&h["points"][1]["score"])));

    let score_change = num(&c["now"]["score"]) - num(&c["since"]["score"]);
    let changes = array(&c["changes"]);
    let sum = num(&c["own_change"]) + changes.iter().map(|ch| num(&ch["change"])).sum::<f64>();
    assert!((sum - score_change).abs() <= 1e-9 * 100.0, "{sum} vs {score_change}");
    assert!((num(&c["sum"]) - score_change).abs() <= 1e-9 * 100.0);
    let sizes: Vec<f64> = changes.iter().map(|ch| num(&ch["change"]).abs()).collect();
    assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "largest first: {sizes:?}");
    let mut who: Vec<&str> = changes.iter().map(|ch| ch["account"].as_str().unwrap()).collect();
    who.sort_unstable();
    assert_eq!(
        who,
        ["test:amy", "test:bob", "test:cat", "test:dan"],
        "the four who reposted star"
    );
    for ch in changes {
        assert_fields(ch, &["account", "kind", "before", "after", "change", "new_events"]);
        assert!(same(num(&ch["after"]) - num(&ch["before"]), num(&ch["change"])), "{ch}");
        assert_eq!(ch["new_events"], 0, "nobody engaged star after 04:30: {ch}");
        let expected = if num(&ch["change"]) > 0.0 { "lifted" } else { "decayed" };
        assert_eq!(ch["kind"], expected, "{ch}");
    }

    let text = sb.run(&["explain", "test:star", "--since", "1"]).ok().to_owned();
    assert!(
        text.contains("from run #1") && text.contains("check: own change"),
        "{text}"
    );
    let check = text.lines().last().unwrap();
    assert!(check.starts_with("check: "), "the check line comes last: {text}");
    assert_eq!(sb.run(&["explain", "test:star", "--since", "9"]).code, Some(1));
}

#[test]
fn higgs_acceptance() {
    let data = std::env::var_os("SILLAGE_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    let higgs = data.join("higgs/higgs-activity_time.txt.gz");
    if !higgs.is_file() {
        println!("skipping: {} not found (set SILLAGE_DATA_DIR)", higgs.display());
        return;
    }
    let sb = Sandbox::new();
    let args = args!["analyze", &higgs, "--limit", "5", "--json"];
    let report = sb.run(&args).json();
    assert_eq!(report["ingest"]["total"]["stored"], 563_069, "{}", report["ingest"]);
    assert_eq!(report["ingest"]["total"]["rejected"], 0, "{}", report["ingest"]);
    assert_eq!(report["score"]["accounts"], 304_691, "{}", report["score"]);
    assert_eq!(report["top"]["accounts"].as_array().map(Vec::len), Some(5));

    let again = sb.run(&args!["ingest", "--json", &higgs]).json();
    assert_eq!(again["total"]["stored"], 0, "{again}");
    assert_eq!(again["total"]["duplicates"], 563_069, "{again}");

    let top = sb.run(&["top", "--json", "--limit", "100"]).json();
    let accounts = array(&top["accounts"]);
    assert_eq!(accounts.len(), 100);
    assert_eq!(account_names(&top)[..5], account_names(&report["top"])[..]);
    let scores: Vec<f64> = accounts.iter().map(|a| num(&a["score"])).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "scores are non-increasing");
    assert!(scores.iter().all(|s| (1.0..=100.0).contains(s)));
    let leader = accounts[0]["account"].as_str().unwrap();
    assert!(leader.starts_with("twitter:"), "Higgs accounts are Twitter's: {leader}");
    let x = sb
        .run(&["explain", leader, "--json", "--events", "--ledger-lines", "50"])
        .json();
    assert_eq!(x["account"], leader);
    assert_eq!(x["position"], 1);
    assert!(x["authority"]["contributors_total"].as_u64().unwrap() > 0);
    assert_explanation_adds_up(&x);
}
