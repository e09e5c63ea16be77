//! `score`, `top`, `explain` and `analyze` on hand-built communities checked against the
//! independent model, and the Higgs acceptance run on real data.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::fixtures::{DAY, HOUR, T0, community, old_and_new, scored_community, to_jsonl};
use crate::oracle::{Model, THIRTY_DAYS};
use crate::parse::{account_names, assert_fields, assert_parts_add_up, ingest_totals};
use crate::util::{Sandbox, args, close, event_count};

#[test]
fn community_top_and_explain_as_json() {
    let (sb, model) = scored_community();
    // The model agrees with the reasoning in `community()`'s comment.
    assert_eq!(model.order(), ["star", "amy", "bob", "cat", "dan"]);
    assert!(close(model.rank["star"], 0.389, 0.01) && close(model.rank["dan"], 0.03, 1e-12));

    let top = sb.run(&["top", "--json", "--limit", "3"]).json();
    assert_fields(&top, &["run", "as_of", "shown", "accounts"]);
    assert_eq!(top["run"], 1);
    assert_eq!(top["as_of"], T0 + 11 * HOUR);
    assert_eq!(top["shown"], 5);
    assert_eq!(account_names(&top), ["test:star", "test:amy", "test:bob"]);
    let expected_percentiles = [80.0, 60.0, 40.0];
    for (i, a) in top["accounts"].as_array().unwrap().iter().enumerate() {
        assert_fields(a, &["position", "account", "name", "score", "percentile", "rank"]);
        let handle = &a["account"].as_str().unwrap()["test:".len()..];
        assert_eq!(a["position"], i as u64 + 1);
        assert_eq!(a["name"], Value::Null);
        let (rank, score) = (a["rank"].as_f64().unwrap(), a["score"].as_f64().unwrap());
        assert!(
            close(rank, model.rank[handle], 1e-7),
            "{handle}: rank {rank} vs {}",
            model.rank[handle]
        );
        assert!((1.0..=100.0).contains(&score));
        assert!((score - model.score(handle)).abs() < 1e-5, "{handle}: score {score}");
        assert_eq!(a["percentile"].as_f64().unwrap(), expected_percentiles[i]);
    }
    assert_eq!(top["accounts"][0]["score"].as_f64(), Some(100.0));

    // The whole list: five accounts, authority summing to 1, the one nobody engages at the floor.
    let all = sb.run(&["top", "--json"]).json();
    assert_eq!(
        account_names(&all),
        ["test:star", "test:amy", "test:bob", "test:cat", "test:dan"]
    );
    let total: f64 = all["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["rank"].as_f64().unwrap())
        .sum();
    assert!(close(total, 1.0, 1e-9), "ranks sum to {total}");
    for a in all["accounts"].as_array().unwrap() {
        let score = a["score"].as_f64().unwrap();
        assert!((1.0..=100.0).contains(&score), "{a}");
    }
    assert_eq!(all["accounts"][4]["score"].as_f64(), Some(1.0));
    assert_eq!(all["accounts"][4]["percentile"].as_f64(), Some(0.0));

    let x = sb.run(&["explain", "test:star", "--json"]).json();
    assert_fields(
        &x,
        &[
            "account",
            "name",
            "run",
            "as_of",
            "rank",
            "score",
            "percentile",
            "position",
            "teleport",
            "others",
            "contributors_total",
            "contributors",
            "sum",
        ],
    );
    assert_eq!(x["account"], "test:star");
    assert_eq!(x["position"], 1);
    assert_eq!(x["score"].as_f64(), Some(100.0));
    assert_eq!(x["contributors_total"], 4);
    assert_eq!(x["others"].as_f64(), Some(0.0), "--json lists every contributor");
    // No account is dangling, so every account's teleport share is 0.15 / 5.
    assert!(close(x["teleport"].as_f64().unwrap(), 0.03, 1e-12), "{x}");
    assert!(close(model.teleport, 0.03, 1e-12));
    assert_parts_add_up(&x);
    // By hand: amy passes 0.85·0.361/1.8 ≈ 0.170, bob 0.85·0.177 ≈ 0.150, cat 0.85·0.043/1.4 ≈
    // 0.026, dan 0.85·0.03/2 ≈ 0.013; largest first.
    let contributors = x["contributors"].as_array().unwrap();
    let names: Vec<&str> = contributors.iter().map(|c| c["account"].as_str().unwrap()).collect();
    assert_eq!(names, ["test:amy", "test:bob", "test:cat", "test:dan"]);
    let rank = x["rank"].as_f64().unwrap();
    for (c, (engager, event, hour)) in contributors.iter().zip([
        ("amy", "e02", 1),
        ("bob", "e03", 2),
        ("cat", "e04", 3),
        ("dan", "e05", 4),
    ]) {
        assert_fields(
            c,
            &[
                "account",
                "contribution",
                "share",
                "engager_rank",
                "edge_weight",
                "out_weight",
                "events_total",
                "events",
            ],
        );
        let contribution = c["contribution"].as_f64().unwrap();
        assert!(
            close(contribution, model.contribution(engager, "star"), 1e-7),
            "{engager}: {contribution} vs {}",
            model.contribution(engager, "star")
        );
        assert!(close(c["share"].as_f64().unwrap(), contribution / rank, 1e-12));
        assert_eq!(c["events_total"], 1);
        let events = c["events"].as_array().unwrap();
        assert_eq!(events.len(), 1);
        let e = &events[0];
        assert_fields(e, &["event_id", "kind", "at", "weight", "points"]);
        assert_eq!(
            (e["event_id"].as_str(), e["kind"].as_str()),
            (Some(event), Some("repost"))
        );
        assert_eq!(e["at"], T0 + hour * HOUR);
        // A repost weighs 1, halved every 30 days: (11 − hour) hours old here.
        let weight = 0.5f64.powf(((11 - hour) * HOUR) as f64 / THIRTY_DAYS);
        assert!(close(e["weight"].as_f64().unwrap(), weight, 1e-12), "{e}");
        assert!(
            close(e["points"].as_f64().unwrap(), contribution, 1e-12),
            "one event earns it all"
        );
        assert!(close(c["edge_weight"].as_f64().unwrap(), weight, 1e-12));
    }

    // With a limit, the contributors not listed are summed in `others`.
    let short = sb.run(&["explain", "test:star", "--json", "--limit", "2"]).json();
    assert_eq!(short["contributors"].as_array().unwrap().len(), 2);
    assert_eq!(short["contributors_total"], 4);
    let others = model.contribution("cat", "star") + model.contribution("dan", "star");
    assert!(close(short["others"].as_f64().unwrap(), others, 1e-7), "{short}");
    assert_parts_add_up(&short);

    // A bare handle names the only account that has it; an account nobody engages owes all to
    // teleport.
    let dan = sb.run(&["explain", "dan", "--json"]).json();
    assert_eq!(dan["account"], "test:dan");
    assert_eq!(dan["contributors"].as_array().map(Vec::len), Some(0));
    assert!(close(
        dan["rank"].as_f64().unwrap(),
        dan["teleport"].as_f64().unwrap(),
        1e-9
    ));
    assert_parts_add_up(&dan);
    // bob is engaged by amy (a reply) and cat (a like).
    let bob = sb.run(&["explain", "test:bob", "--json"]).json();
    let names: Vec<&str> = bob["contributors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["account"].as_str().unwrap())
        .collect();
    let mut expected = [
        ("test:amy", model.contribution("amy", "bob")),
        ("test:cat", model.contribution("cat", "bob")),
    ];
    expected.sort_by(|a, b| b.1.total_cmp(&a.1));
    assert_eq!(names, expected.iter().map(|e| e.0).collect::<Vec<_>>());
    assert_parts_add_up(&bob);
}

#[test]
fn as_of_leaves_out_later_events() {
    let sb = Sandbox::new();
    let events = community();
    let file = sb.write("community.jsonl", to_jsonl(&events, "test"));
    sb.run(&args!["ingest", &file]).ok();
    // 04:30: the four reposts of star (01:00–04:00) count; everything from 05:00 on does not.
    let as_of = T0 + 4 * HOUR + 30 * 60;
    let summary = sb.run(&["score", "--as-of", "2024-01-01T04:30:00Z", "--json"]).json();
    assert_eq!(summary["as_of"], as_of);
    assert_eq!(summary["accounts"], 5);
    assert_eq!(summary["edges"], 4, "only the four reposts of star");

    // cat's only engagement (dan's quote at 09:00) comes later: no contributors, all teleport.
    let cat = sb.run(&["explain", "test:cat", "--json"]).json();
    assert_eq!(cat["as_of"], as_of);
    assert_eq!(cat["contributors_total"], 0);
    assert_eq!(cat["contributors"].as_array().map(Vec::len), Some(0));
    assert!(close(
        cat["rank"].as_f64().unwrap(),
        cat["teleport"].as_f64().unwrap(),
        1e-9
    ));
    for later in ["test:amy", "test:bob"] {
        let x = sb.run(&["explain", later, "--json"]).json();
        assert_eq!(x["contributors_total"], 0, "{later} is engaged only after 04:30: {x}");
    }
    let star = sb.run(&["explain", "test:star", "--json"]).json();
    assert_eq!(star["contributors_total"], 4);
    assert_parts_add_up(&star);
    let model = Model::new(&events, as_of, THIRTY_DAYS);
    assert!(close(star["rank"].as_f64().unwrap(), model.rank["star"], 1e-7));

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
    assert_eq!(cat["contributors_total"], 1, "dan's quote counts now");
}

#[test]
fn a_short_half_life_favours_recent_engagement() {
    let sb = Sandbox::new();
    let events = old_and_new();
    let file = sb.write("old-and-new.jsonl", to_jsonl(&events, "hl"));
    sb.run(&args!["ingest", &file]).ok();
    let as_of = T0 + 20 * DAY;
    let mut newbie_rank = Vec::new();
    for (half_life, seconds, leader, second) in [
        ("30d", THIRTY_DAYS, "oldie", "newbie"),
        ("1d", DAY as f64, "newbie", "oldie"),
    ] {
        let model = Model::new(&events, as_of, seconds);
        assert_eq!(
            &model.order()[..2],
            [leader, second],
            "the model agrees with the fixture's comment"
        );
        sb.run(&["score", "--half-life", half_life]).ok();
        let top = sb.run(&["top", "--json", "--limit", "2"]).json();
        assert_eq!(
            account_names(&top),
            [format!("hl:{leader}"), format!("hl:{second}")],
            "half-life {half_life}"
        );
        for a in top["accounts"].as_array().unwrap() {
            let handle = &a["account"].as_str().unwrap()[3..];
            assert!(
                close(a["rank"].as_f64().unwrap(), model.rank[handle], 1e-7),
                "{half_life}: {a}"
            );
        }
        let x = sb.run(&["explain", "hl:newbie", "--json"]).json();
        newbie_rank.push(x["rank"].as_f64().unwrap());
        assert_parts_add_up(&x);
    }
    assert!(
        newbie_rank[1] > newbie_rank[0],
        "newbie gains with a shorter half-life: {newbie_rank:?}"
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
    assert_eq!(header, ["#", "account", "score", "percentile", "authority"]);
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split_whitespace().collect()).collect();
    assert_eq!(rows.len(), 4, "{run:?}");
    assert_eq!(rows[0][..4], ["1", "test:star", "100", "80.00"]);
    let accounts: Vec<&str> = rows.iter().map(|r| r[1]).collect();
    assert_eq!(accounts, ["test:star", "test:amy", "test:bob", "test:cat"]);
    assert_eq!(event_count(&sb.db()), 12);
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
    let accounts = top["accounts"].as_array().unwrap();
    assert_eq!(accounts.len(), 100);
    assert_eq!(account_names(&top)[..5], account_names(&report["top"])[..]);
    let ranks: Vec<f64> = accounts.iter().map(|a| a["rank"].as_f64().unwrap()).collect();
    assert!(ranks.windows(2).all(|w| w[0] >= w[1]), "ranks are non-increasing");
    assert_eq!(accounts[0]["score"].as_f64(), Some(100.0));
    let leader = accounts[0]["account"].as_str().unwrap();
    assert!(leader.starts_with("twitter:"), "Higgs accounts are Twitter's: {leader}");
    let x = sb.run(&["explain", leader, "--json"]).json();
    assert_eq!(x["account"], leader);
    assert_eq!(x["position"], 1);
    assert!(x["contributors_total"].as_u64().unwrap() > 0);
    assert_parts_add_up(&x);
}

/// `history` lists every run that scored the account, ordered by instant rather than by run, with
/// the figures the model gives as of each instant.
#[test]
fn history_follows_the_runs_in_time_order() {
    let (sb, latest) = scored_community();
    let early_at = T0 + 4 * HOUR + 1800;
    sb.run(&["score", "--as-of", "2024-01-01T04:30:00Z"]).ok();
    let early = Model::new(&community(), early_at, THIRTY_DAYS);

    let h = sb.run(&["history", "star", "--json"]).json();
    assert_eq!(h["account"], "test:star");
    let points = h["points"].as_array().unwrap();
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
    assert!(close(points[0]["rank"].as_f64().unwrap(), early.rank["star"], 1e-9));
    assert!(close(points[1]["rank"].as_f64().unwrap(), latest.rank["star"], 1e-9));

    // bob was not yet engaged with at 04:30: the floor (score 1), then a real score.
    let bob = sb.run(&["history", "test:bob", "--json"]).json();
    let scores: Vec<f64> = bob["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["score"].as_f64().unwrap())
        .collect();
    assert_eq!(scores[0], 1.0);
    assert!(scores[1] > 1.0 && close(scores[1], latest.score("bob"), 1e-9));

    let text = sb.run(&["history", "test:bob"]).ok().to_owned();
    assert!(
        text.contains("2 score run(s)") && text.contains("2024-01-01T04:30:00Z"),
        "{text}"
    );
    assert_eq!(sb.run(&["history", "nobody:x"]).code, Some(1));
}

/// `explain --since RUN` compares the run with the latest one: the per-contributor changes and the
/// teleport change add up to the change of the rank, each change matches the model at both
/// instants, and the labels follow from the events (no new engagement with star after 04:30).
#[test]
fn explain_since_says_what_changed_and_why() {
    let sb = Sandbox::new();
    let file = sb.write("community.jsonl", to_jsonl(&community(), "test"));
    sb.run(&args!["ingest", &file]).ok();
    sb.run(&["score", "--as-of", "2024-01-01T04:30:00Z"]).ok();
    sb.run(&["score"]).ok();
    let then = Model::new(&community(), T0 + 4 * HOUR + 1800, THIRTY_DAYS);
    let now = Model::new(&community(), T0 + 11 * HOUR, THIRTY_DAYS);

    let c = sb.run(&["explain", "test:star", "--since", "1", "--json"]).json();
    assert_eq!(
        (c["since"]["run"].as_i64(), c["now"]["run"].as_i64()),
        (Some(1), Some(2))
    );
    let rank_change = c["now"]["rank"].as_f64().unwrap() - c["since"]["rank"].as_f64().unwrap();
    assert!(close(rank_change, now.rank["star"] - then.rank["star"], 1e-9));
    let changes = c["changes"].as_array().unwrap();
    let sum: f64 =
        changes.iter().map(|ch| ch["change"].as_f64().unwrap()).sum::<f64>() + c["teleport_change"].as_f64().unwrap();
    assert!(
        (sum - rank_change).abs() <= 1e-9 * c["now"]["rank"].as_f64().unwrap(),
        "{sum} vs {rank_change}"
    );
    for ch in changes {
        let who = &ch["account"].as_str().unwrap()["test:".len()..];
        let (before, after) = (then.contribution(who, "star"), now.contribution(who, "star"));
        assert!(
            close(ch["before"].as_f64().unwrap(), before, 1e-9) && close(ch["after"].as_f64().unwrap(), after, 1e-9),
            "{ch}"
        );
        assert_eq!(ch["new_events"], 0, "nobody engaged star after 04:30: {ch}");
        let expected = if after > before { "lifted" } else { "decayed" };
        assert_eq!(ch["kind"], expected, "{ch}");
    }
    // amy's own authority grew (star mentioned her, 07:00); dan spread his engagement (09:00).
    let kind_of = |h: &str| {
        changes
            .iter()
            .find(|ch| ch["account"] == h)
            .map(|ch| ch["kind"].clone())
    };
    assert_eq!(kind_of("test:amy"), Some("lifted".into()));
    assert_eq!(kind_of("test:dan"), Some("decayed".into()));

    let text = sb.run(&["explain", "test:star", "--since", "1"]).ok().to_owned();
    assert!(
        text.contains("from run #1") && text.contains("its own authority grew"),
        "{text}"
    );
    assert_eq!(sb.run(&["explain", "test:star", "--since", "9"]).code, Some(1));
}
