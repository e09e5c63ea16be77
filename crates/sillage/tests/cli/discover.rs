//! Discovery: `top` is ordered and its percentiles follow from the scores; `--lang`,
//! `--exclude-org` and `--topic` return exactly the accounts the agency fixture puts there;
//! `topics` lists the topics of the run and of one account.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::fixtures::{
    AGENCY_ACME, AGENCY_FR, AGENCY_RUST, AGENCY_SHOWN, AGENCY_TOURISME, agency, scored_agency, to_jsonl,
};
use crate::parse::{account_names, array, assert_fields, num};
use crate::util::{Sandbox, args};

fn set<'a>(names: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    names.into_iter().map(str::to_owned).collect()
}

/// Checks that `top` is sorted by score, with positions 1, 2, …, and every percentile the share
/// of the run's shown accounts strictly below it, recomputed from the full list.
#[track_caller]
fn assert_ordered_with_consistent_percentiles(full: &Value) {
    let accounts = array(&full["accounts"]);
    let shown = full["shown"].as_u64().unwrap() as usize;
    assert_eq!(accounts.len(), shown, "the full list is every shown account");
    let scores: Vec<f64> = accounts.iter().map(|a| num(&a["score"])).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "sorted by score: {scores:?}");
    for (i, a) in accounts.iter().enumerate() {
        assert_eq!(a["position"], i as u64 + 1);
        let below = scores.iter().filter(|&&s| s < num(&a["score"])).count();
        let expected = 100.0 * below as f64 / shown as f64;
        assert!(
            (num(&a["percentile"]) - expected).abs() < 1e-9,
            "{a}: expected {expected}"
        );
    }
}

#[test]
fn top_is_ordered_and_its_percentiles_follow_from_the_scores() {
    let sb = scored_agency();
    let full = sb.run(&["top", "--limit", "100000", "--json"]).json();
    assert_eq!(full["shown"], AGENCY_SHOWN.len());
    assert_eq!(set(account_names(&full)), set(AGENCY_SHOWN));
    assert_ordered_with_consistent_percentiles(&full);
    // The same on the other fixture, whose scores differ.
    let community = crate::fixtures::scored_community();
    assert_ordered_with_consistent_percentiles(&community.run(&["top", "--limit", "100000", "--json"]).json());
    // A shorter list is the full list's head.
    let head = sb.run(&["top", "--limit", "3", "--json"]).json();
    assert_eq!(array(&head["accounts"])[..], array(&full["accounts"])[..3]);
}

#[test]
fn filters_return_exactly_the_accounts_the_fixture_puts_there() {
    let sb = scored_agency();
    let full = sb.run(&["top", "--limit", "100000", "--json"]).json();
    let row_of = |name: &str| {
        array(&full["accounts"])
            .iter()
            .find(|a| a["account"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("{name} not in the full list"))
    };
    let filtered = |flags: &[&str]| -> Value {
        let mut a = vec!["top", "--limit", "100000", "--json"];
        a.extend_from_slice(flags);
        let list = sb.run(&a).json();
        // Filtering keeps each account's own figures, and renumbers positions.
        for (i, a) in array(&list["accounts"]).iter().enumerate() {
            let row = row_of(a["account"].as_str().unwrap());
            assert_eq!(a["position"], i as u64 + 1);
            for field in ["score", "percentile", "components", "outreach_level", "lang", "org"] {
                assert_eq!(a[field], row[field], "{flags:?}: {field} of {}", a["account"]);
            }
        }
        list
    };
    let not_acme: Vec<&str> = AGENCY_SHOWN
        .iter()
        .copied()
        .filter(|a| !AGENCY_ACME.contains(a))
        .collect();

    let fr = filtered(&["--lang", "fr"]);
    assert_eq!(set(account_names(&fr)), set(AGENCY_FR));
    assert_eq!(fr["lang"], "fr");
    assert!(array(&fr["accounts"]).iter().all(|a| a["lang"] == "fr"));
    // A regional tag means its language.
    assert_eq!(set(account_names(&filtered(&["--lang", "fr-CA"]))), set(AGENCY_FR));
    let en: Vec<&str> = AGENCY_SHOWN
        .iter()
        .copied()
        .filter(|a| !AGENCY_FR.contains(a))
        .collect();
    assert_eq!(set(account_names(&filtered(&["--lang", "en"]))), set(en));
    assert!(array(&filtered(&["--lang", "de"])["accounts"]).is_empty());

    // Organisations compare without case: Acme and ACME are the same one.
    for spelling in ["Acme", "acme", "ACME"] {
        let list = filtered(&["--exclude-org", spelling]);
        assert_eq!(set(account_names(&list)), set(not_acme.clone()), "{spelling}");
    }
    let two = filtered(&["--exclude-org", "acme", "--exclude-org", "Voyages Claire"]);
    let expected: Vec<&str> = not_acme.iter().copied().filter(|a| *a != "t:claire").collect();
    assert_eq!(set(account_names(&two)), set(expected));
    assert_eq!(two["exclude_orgs"], serde_json::json!(["acme", "Voyages Claire"]));

    for (topic, members) in [("tourisme", AGENCY_TOURISME), ("rust", AGENCY_RUST)] {
        let list = filtered(&["--topic", topic]);
        assert_eq!(list["topic"], topic);
        assert_eq!(set(account_names(&list)), set(members), "{topic}");
        let topic_scores: Vec<f64> = array(&list["accounts"])
            .iter()
            .map(|a| num(&a["topic_score"]))
            .collect();
        assert!(topic_scores.windows(2).all(|w| w[0] >= w[1]), "{topic}: by topic score");
        assert!(topic_scores.iter().all(|s| (0.0..=100.0).contains(s)));
    }
    // The parents hold their children's accounts.
    assert_eq!(
        set(account_names(&filtered(&["--topic", "voyage"]))),
        set(AGENCY_TOURISME)
    );
    assert_eq!(set(account_names(&filtered(&["--topic", "tech"]))), set(AGENCY_RUST));
    // The tourism authors lead their topic: claire (three posts, eight reactions) first.
    assert_eq!(account_names(&filtered(&["--topic", "tourisme"]))[0], "t:claire");
    assert_eq!(account_names(&filtered(&["--topic", "rust"]))[0], "t:ferris");

    // All together: French tourism voices outside Acme.
    let brief = filtered(&["--topic", "tourisme", "--lang", "fr", "--exclude-org", "acme"]);
    assert_eq!(set(account_names(&brief)), set(["t:claire", "t:marie", "t:paul"]));

    // The text table says what was filtered and adds the topic column.
    let text = sb.run(&["top", "--topic", "tourisme", "--lang", "fr", "--exclude-org", "acme"]);
    let out = text.ok();
    assert!(
        out.lines()
            .next()
            .unwrap()
            .contains("topic tourisme, language fr, excluding acme"),
        "{text:?}"
    );
    assert!(
        out.lines().nth(1).unwrap().trim_end().ends_with("level  topic"),
        "{text:?}"
    );

    // A topic the run has no account in is refused, and names `sillage topics`.
    let run = sb.run(&["top", "--topic", "football"]);
    assert!(run.fails_with(1).contains("sillage topics"), "{run:?}");
}

#[test]
fn topics_lists_the_runs_topics_and_each_accounts() {
    let sb = scored_agency();
    let all = sb.run(&["topics", "--json"]).json();
    assert_fields(&all, &["run", "as_of", "account", "topics"]);
    assert_eq!(all["account"], Value::Null);
    let topics = array(&all["topics"]);
    for t in topics {
        assert_fields(
            t,
            &[
                "topic",
                "label_fr",
                "label_en",
                "parent",
                "accounts",
                "best",
                "best_score",
                "score",
                "percentile",
            ],
        );
    }
    let with: Vec<&Value> = topics.iter().filter(|t| t["accounts"].as_u64() > Some(0)).collect();
    let ids: BTreeSet<&str> = with.iter().map(|t| t["topic"].as_str().unwrap()).collect();
    assert_eq!(ids, BTreeSet::from(["rust", "tech", "tourisme", "voyage"]));
    let find = |id: &str| topics.iter().find(|t| t["topic"] == id).unwrap();
    assert_eq!(find("tourisme")["accounts"], AGENCY_TOURISME.len());
    assert_eq!(find("tourisme")["parent"], "voyage");
    assert_eq!(find("tourisme")["label_fr"], "Tourisme");
    assert_eq!(find("tourisme")["best"], "t:claire");
    assert_eq!(find("rust")["best"], "t:ferris");
    assert_eq!(find("rust")["parent"], "tech");
    // The taxonomy's other topics are listed, empty.
    assert!(find("football")["accounts"] == 0 && find("football")["best"].is_null());

    // zoe only reposts Rust content (her own posts match no topic): a reactor holds no standing
    // of its own in a topic, so `rust` is not one of her topics.
    for (account, expected) in [
        ("t:claire", vec!["tourisme", "voyage"]),
        ("hotel", vec!["tourisme", "voyage"]),
        ("t:ferris", vec!["rust", "tech"]),
        ("t:zoe", vec![]),
    ] {
        let list = sb.run(&["topics", account, "--json"]).json();
        assert_eq!(
            list["account"].as_str().unwrap().trim_start_matches("t:"),
            account.trim_start_matches("t:")
        );
        let ids: BTreeSet<&str> = array(&list["topics"])
            .iter()
            .map(|t| t["topic"].as_str().unwrap())
            .collect();
        assert_eq!(ids, expected.iter().copied().collect::<BTreeSet<&str>>(), "{account}");
        for t in array(&list["topics"]) {
            assert!((0.0..=100.0).contains(&num(&t["score"])) && (0.0..=100.0).contains(&num(&t["percentile"])));
        }
        // explain's topics are the same.
        let x = sb.run(&["explain", account, "--json"]).json();
        let explained: BTreeSet<&str> = array(&x["topics"])
            .iter()
            .map(|t| t["topic"].as_str().unwrap())
            .collect();
        assert_eq!(explained, ids, "{account}");
    }
    let text = sb.run(&["topics", "t:claire"]).ok().to_owned();
    assert!(
        text.starts_with("t:claire: 2 topic(s)") && text.contains("Tourisme / Tourism"),
        "{text}"
    );
    let text = sb.run(&["topics"]).ok().to_owned();
    assert!(
        text.contains("4 with accounts") && text.contains("no account yet in:"),
        "{text}"
    );
}

/// `--taxonomy FILE` replaces the built-in topics for that run: `topics` lists the file's topics
/// only, and the accounts the file's rules match.
#[test]
fn a_custom_taxonomy_scores_its_own_topics() {
    let sb = Sandbox::new();
    let events = sb.write("agency.jsonl", to_jsonl(&agency(), "t"));
    sb.run(&args!["ingest", &events]).ok();
    let taxonomy = sb.write(
        "hotels.toml",
        "[[topic]]\nid = \"hotels\"\nfr = \"Hôtellerie\"\nen = \"Hotels\"\ntags = [\"hotellerie\"]\n",
    );
    let summary = sb.run(&args!["score", "--taxonomy", &taxonomy, "--json"]).json();
    let topics: Vec<&str> = array(&summary["topics"])
        .iter()
        .map(|t| t["topic"].as_str().unwrap())
        .collect();
    assert_eq!(topics, ["hotels"]);
    let all = sb.run(&["topics", "--json"]).json();
    assert_eq!(array(&all["topics"]).len(), 1);
    assert_eq!(all["topics"][0]["label_fr"], "Hôtellerie");
    // Only the hotel's post is tagged #hotellerie: the hotel and its two reactors.
    let top = sb.run(&["top", "--topic", "hotels", "--json"]).json();
    assert_eq!(set(account_names(&top)), set(["t:hotel", "t:marie", "t:paul"]));
}
