//! Parse throughput of every input format on the real samples: for each, the file (or folder) is
//! read repeatedly with [`EventReader`] for at least a second, and the items (events and account
//! records) per second are printed as a Markdown table. One thread; nothing is stored.
//!
//! ```text
//! cargo run --release -p sillage_formats --example format_speed
//! ```
//!
//! The samples are found under `SILLAGE_DATA_DIR` (or `shared/data` beside the checkout). They are
//! small (a few MB at most), so the figures measure the parsers with warm caches, not the disk.

use std::path::{Path, PathBuf};
use std::time::Instant;

use sillage_formats::{EdgeListSpec, EventReader, Format, Item, ReadOptions};
use sillage_model::EventKind;

const SAMPLES: &[(Format, &str)] = &[
    (Format::Higgs, "higgs/higgs-activity_time.txt.gz"),
    (Format::TwitterArchive, "formats/twitter-archive"),
    (Format::TwitterArchive, "formats/twitter-archive/data/tweets.js"),
    (Format::TwitterApi, "formats/twitter-api-v2-twarc/flat.jsonl"),
    (Format::TwitterApi, "formats/twitter-api-v2-twarc/noflat.jsonl"),
    (
        Format::Mastodon,
        "formats/mastodon-api/bodies/test_entity_notification_0_GET.json",
    ),
    (Format::ActivityPub, "formats/activitypub-outbox"),
    (Format::BlueskyCar, "formats/bluesky-car/paul_staging.repo.car"),
    (
        Format::Reddit,
        "formats/reddit/TestSubredditStreams.test_comments.comments.ndjson",
    ),
    (Format::EdgeList, "higgs/higgs-retweet_network.edgelist.gz"),
];

fn main() {
    let data = std::env::var_os("SILLAGE_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    let edges = ReadOptions {
        edge_list: EdgeListSpec {
            kind: EventKind::Repost,
            weight_column: Some(2),
            at: Some(1_341_100_800),
            ..EdgeListSpec::default()
        },
    };
    println!("| format | input | events | account records | rejects | events/s (one thread) | MB/s |");
    println!("|---|---|---|---|---|---|---|");
    for &(format, relative) in SAMPLES {
        let mut path = data.join(relative);
        if path.is_dir() && format == Format::Reddit {
            // The Reddit sample is a folder of one JSON Lines file.
            match std::fs::read_dir(&path)
                .ok()
                .and_then(|mut d| d.find_map(|e| e.ok().map(|e| e.path())))
            {
                Some(first) => path = first,
                None => continue,
            }
        }
        if !path.exists() {
            println!("| {format} | {relative} | (not found) | | | | |");
            continue;
        }
        let options = if format == Format::EdgeList {
            edges.clone()
        } else {
            ReadOptions::default()
        };
        let (mut events, mut accounts, mut rejects, mut rounds) = (0u64, 0u64, 0u64, 0u64);
        let size = input_bytes(&path);
        let start = Instant::now();
        let mut failed = None;
        while start.elapsed().as_secs_f64() < 1.0 {
            match EventReader::open_with(&path, format, &options) {
                Ok(reader) => {
                    for record in reader {
                        match record {
                            Ok(Item::Event(_)) => events += 1,
                            Ok(Item::Account(_)) => accounts += 1,
                            Err(_) => rejects += 1,
                        }
                    }
                }
                Err(e) => {
                    failed = Some(e.to_string());
                    break;
                }
            }
            rounds += 1;
        }
        let seconds = start.elapsed().as_secs_f64();
        match failed {
            Some(e) => println!("| {format} | {relative} | error: {e} | | | | |"),
            None => println!(
                "| {format} | {relative} | {} | {} | {} | {:.0} | {:.0} |",
                events / rounds.max(1),
                accounts / rounds.max(1),
                rejects / rounds.max(1),
                events as f64 / seconds,
                (size * rounds) as f64 / seconds / 1e6
            ),
        }
    }
}

/// The bytes of a file, or of every file below a folder (as stored: compressed files count their
/// compressed size).
fn input_bytes(path: &Path) -> u64 {
    if path.is_dir() {
        std::fs::read_dir(path)
            .map(|entries| entries.flatten().map(|e| input_bytes(&e.path())).sum())
            .unwrap_or(0)
    } else {
        std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
    }
}
