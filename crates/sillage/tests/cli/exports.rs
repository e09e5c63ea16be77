//! The real exports of `../shared/data/formats` through the CLI: `analyze` works directly on an
//! archive folder, an outbox, a `.car` file and a Reddit dump; re-ingesting any sample adds
//! nothing; an archive and an overlapping API dump store the overlap once. The exact counts per
//! file are asserted by `sillage_formats`' own tests; here what matters is the whole chain.

use std::path::{Path, PathBuf};

use crate::util::{Sandbox, args};

fn data() -> Option<PathBuf> {
    let data = std::env::var_os("SILLAGE_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    let formats = data.join("formats");
    if formats.is_dir() {
        Some(formats)
    } else {
        println!("skipping: {} not found (set SILLAGE_DATA_DIR)", formats.display());
        None
    }
}

/// (sample, detected format) for one sample of each family.
const SAMPLES: &[(&str, &str)] = &[
    ("twitter-archive", "twitter-archive"),
    ("twitter-api-v2-twarc/flat.jsonl", "twitter-api"),
    ("mastodon-api/bodies/test_entity_context_0_GET.json", "mastodon"),
    ("activitypub-outbox", "activitypub"),
    ("bluesky-car/fakermaker.repo.car", "bluesky-car"),
    ("reddit/TestSubredditStreams.test_comments.comments.ndjson", "reddit"),
];

#[test]
fn analyze_reads_each_family_directly_and_reingest_adds_nothing() {
    let Some(formats) = data() else { return };
    for &(sample, format) in SAMPLES {
        let path = formats.join(sample);
        let sb = Sandbox::new();
        let report = sb.run(&args!["analyze", &path, "--limit", "3", "--json"]).json();
        let file = &report["ingest"]["files"][0];
        assert_eq!(file["format"], format, "{sample}: detected format");
        let stored = report["ingest"]["total"]["stored"].as_u64().unwrap();
        assert!(stored > 0, "{sample}: stored nothing: {}", report["ingest"]);
        assert!(
            report["top"]["accounts"].as_array().is_some_and(|a| !a.is_empty()),
            "{sample}: no account scored"
        );
        let again = sb.run(&args!["ingest", "--json", &path]).json();
        assert_eq!(
            again["total"]["stored"], 0,
            "{sample}: re-ingest stored something: {again}"
        );
        assert_eq!(again["total"]["duplicates"].as_u64(), Some(stored), "{sample}");
    }
}

/// Two tweets of the archive written as a v1.1 API dump: ingested after the archive, nothing new
/// is stored; the events are the same ones.
#[test]
fn an_archive_and_an_overlapping_api_dump_store_the_overlap_once() {
    let Some(formats) = data() else { return };
    let sb = Sandbox::new();
    let first = sb
        .run(&args!["ingest", "--json", &formats.join("twitter-archive")])
        .json();
    let stored = first["total"]["stored"].as_u64().unwrap();
    assert!(stored > 0);
    // The owner's first two tweets, as the v1.1 API would return them.
    let tweets = std::fs::read_to_string(formats.join("twitter-archive/data/tweets.js")).unwrap();
    let json = &tweets[tweets.find('[').unwrap()..];
    let entries: serde_json::Value = serde_json::from_str(json).unwrap();
    let manifest = std::fs::read_to_string(formats.join("twitter-archive/data/manifest.js")).unwrap();
    let manifest: serde_json::Value = serde_json::from_str(&manifest[manifest.find('{').unwrap()..]).unwrap();
    let owner = &manifest["userInfo"];
    let statuses: Vec<serde_json::Value> = entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["tweet"].clone())
        .filter(|t| t["retweeted_status"].is_null() && !t["full_text"].as_str().unwrap_or("").starts_with("RT @"))
        .take(2)
        .map(|mut t| {
            t["user"] = serde_json::json!({
                "id_str": owner["accountId"], "screen_name": owner["userName"], "name": owner["displayName"]
            });
            t
        })
        .collect();
    assert_eq!(statuses.len(), 2);
    let dump = sb.write("dump.json", serde_json::to_string(&statuses).unwrap());
    let second = sb
        .run(&args!["ingest", "--format", "twitter-api", "--json", &dump])
        .json();
    assert_eq!(second["total"]["stored"], 0, "the overlap is stored once: {second}");
    assert!(second["total"]["duplicates"].as_u64().unwrap() >= 2, "{second}");
}

/// Accounts keyed by a stable id are found by the name people type: the archive owner by its
/// screen name (from `manifest.js`), bare or with its network, in any case.
#[test]
fn accounts_are_found_by_username() {
    let Some(formats) = data() else { return };
    let manifest = std::fs::read_to_string(formats.join("twitter-archive/data/manifest.js")).unwrap();
    let manifest: serde_json::Value = serde_json::from_str(&manifest[manifest.find('{').unwrap()..]).unwrap();
    let (id, username) = (
        manifest["userInfo"]["accountId"].as_str().unwrap().to_owned(),
        manifest["userInfo"]["userName"].as_str().unwrap().to_owned(),
    );
    let sb = Sandbox::new();
    sb.run(&args!["analyze", &formats.join("twitter-archive"), "--limit", "1"])
        .ok();
    for name in [username.clone(), format!("twitter:{username}"), username.to_uppercase()] {
        let x = sb.run(&args!["explain", &name, "--json"]).json();
        assert_eq!(x["account"], format!("twitter:{id}"), "{name}");
    }
    assert_eq!(sb.run(&args!["explain", "mastodon:nobody_by_that_name"]).code, Some(1));
}

/// A dry run over two inputs holding the same tweets (twarc's flat and noflat layouts) counts
/// them once, as the real ingest stores them once.
#[test]
fn a_dry_run_counts_overlapping_inputs_once() {
    let Some(formats) = data() else { return };
    let (flat, noflat) = (
        formats.join("twitter-api-v2-twarc/flat.jsonl"),
        formats.join("twitter-api-v2-twarc/noflat.jsonl"),
    );
    let sb = Sandbox::new();
    let dry = sb.run(&args!["ingest", "--dry-run", "--json", &flat, &noflat]).json();
    let (first, second) = (&dry["files"][0], &dry["files"][1]);
    assert_eq!(first["events"], second["events"]);
    assert_eq!(second["new"], 0, "{dry}");
    let real = sb.run(&args!["ingest", "--json", &flat, &noflat]).json();
    assert_eq!(real["total"]["stored"], first["new"], "{real}");
}

/// An edge list without a time column and without `--at` is refused before anything of the run
/// is stored, even when other inputs come first.
#[test]
fn an_edge_list_without_instants_is_refused_before_writing() {
    let Some(formats) = data() else { return };
    let reddit = formats.join("reddit/TestSubredditStreams.test_comments.comments.ndjson");
    let edges = formats.join("../higgs/higgs-retweet_network.edgelist.gz");
    let sb = Sandbox::new();
    let out = sb.run(&args!["ingest", &reddit, &edges, "--columns", "actor,target,weight"]);
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(
        !sb.db().exists() || crate::util::event_count(&sb.db()) == 0,
        "nothing of the run was stored"
    );
}

/// What a reader skips on purpose is counted and shown, not silently dropped: a Bluesky
/// repository's history blocks and its unmapped profile record (215 and 1 in `paul_staging`,
/// counted by the independent decoder `crates/sillage_formats/tests/oracles/bluesky_car.py`).
#[test]
fn skipped_records_are_counted_in_the_summary() {
    let Some(formats) = data() else { return };
    let car = formats.join("bluesky-car/paul_staging.repo.car");
    let sb = Sandbox::new();
    let dry = sb.run(&args!["ingest", "--dry-run", "--json", &car]).json();
    let skipped = &dry["files"][0]["skipped"];
    assert_eq!(
        skipped["history blocks (older commits and tree nodes, deleted records)"], 215,
        "{dry}"
    );
    assert_eq!(skipped["app.bsky.actor.profile records (not mapped)"], 1, "{dry}");
    let real = sb.run(&args!["ingest", "--json", &car]).json();
    assert_eq!(real["files"][0]["skipped"], *skipped);
    let text = sb.run(&args!["ingest", &car]).ok().to_owned();
    assert!(text.contains("skipped on purpose: "), "{text}");
}
