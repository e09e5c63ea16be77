//! Parse throughput of the Reddit and edge-list readers, in memory, on one core.
//!
//! What is measured: splitting lines, parsing JSON (Reddit) or columns (edge list), resolving
//! parents or numbering repeats, and building the events with their ids, from a buffer already in
//! memory (no disk, no gzip), repeated until at least one second has passed. Nothing is stored.
//! How to run:
//!
//! ```text
//! cargo run --release -p sillage_formats --example reddit_speed -- [REDDIT_FILE [EDGELIST_FILE]]
//! ```
//!
//! The files default to the PRAW sample and the Higgs retweet network under `SILLAGE_DATA_DIR` (or
//! `shared/data` beside the checkout). The edge list is read decompressed, as `actor target weight`.

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use sillage_formats::{EdgeListSpec, EventReader, Format, ReadOptions};
use sillage_model::EventKind;

const MIN_TIME: Duration = Duration::from_secs(1);

fn main() -> ExitCode {
    let data = std::env::var_os("SILLAGE_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    let mut args = std::env::args_os().skip(1).map(PathBuf::from);
    let reddit = args
        .next()
        .unwrap_or_else(|| data.join("formats/reddit/TestSubredditStreams.test_comments.comments.ndjson"));
    let edges = args
        .next()
        .unwrap_or_else(|| data.join("higgs/higgs-retweet_network.edgelist.gz"));
    let edge_options = ReadOptions {
        edge_list: EdgeListSpec {
            net: "twitter".to_owned(),
            kind: EventKind::Repost,
            weight_column: Some(2),
            at: Some(1_341_100_800),
            ..EdgeListSpec::default()
        },
    };
    for (path, format, options) in [
        (reddit, Format::Reddit, ReadOptions::default()),
        (edges, Format::EdgeList, edge_options),
    ] {
        let bytes = match decompressed(&path) {
            Ok(bytes) => bytes,
            Err(e) => {
                eprintln!("reddit_speed: {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
        };
        let (mut records, mut runs) = (0u64, 0u32);
        let start = Instant::now();
        while start.elapsed() < MIN_TIME {
            let reader = match EventReader::from_reader_with("bench", Cursor::new(bytes.clone()), format, &options) {
                Ok(reader) => reader,
                Err(e) => {
                    eprintln!("reddit_speed: {e}");
                    return ExitCode::FAILURE;
                }
            };
            records += reader.count() as u64;
            runs += 1;
        }
        let seconds = start.elapsed().as_secs_f64();
        println!(
            "{format:9} {:>9} records x {runs:>4} runs in {seconds:.2} s: {:>10.0} records/s, {:.0} MB/s ({})",
            records / u64::from(runs),
            records as f64 / seconds,
            bytes.len() as f64 * f64::from(runs) / seconds / 1e6,
            path.display()
        );
    }
    ExitCode::SUCCESS
}

/// The file's bytes, gunzipped when they start with the gzip magic.
fn decompressed(path: &Path) -> std::io::Result<Vec<u8>> {
    let raw = std::fs::read(path)?;
    if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&raw[..]).read_to_end(&mut out)?;
        Ok(out)
    } else {
        Ok(raw)
    }
}
