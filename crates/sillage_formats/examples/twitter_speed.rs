//! What is measured: events per second of the Twitter readers on one core, parsing a real file held
//! in memory (the archive's `tweets.js`, twarc's `flat.jsonl`), repeated for at least a second.
//!
//! How to run: `cargo run --release -p sillage_formats --example twitter_speed [DATA_DIR [FILTER]]`
//! (DATA_DIR defaults to `$SILLAGE_DATA_DIR`, then `shared/data` beside the workspace).

use std::io::Cursor;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use sillage_formats::{EventReader, Format, Item};

fn main() {
    let data = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("SILLAGE_DATA_DIR").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    let cases = [
        ("formats/twitter-archive/data/tweets.js", Format::TwitterArchive),
        ("formats/twitter-api-v2-twarc/flat.jsonl", Format::TwitterApi),
        ("formats/twitter-api-v2-twarc/noflat.jsonl", Format::TwitterApi),
    ];
    // An optional second argument keeps only the cases whose file name contains it (for profiling).
    let only = std::env::args().nth(2).unwrap_or_default();
    for (file, format) in cases {
        if !file.contains(only.as_str()) {
            continue;
        }
        let path = data.join(file);
        let Ok(bytes) = std::fs::read(&path) else {
            println!("{}: not found, skipped", path.display());
            continue;
        };
        // Each pass reads the bytes as a stream (no folder context): the archive's tweets then lack
        // an owner and are rejects, which would measure the wrong thing; so the archive file is
        // read from its path, which also reads manifest.js beside it (a small, constant cost).
        let run = || -> (u64, u64) {
            let reader = if format == Format::TwitterArchive {
                EventReader::open(&path, format).expect("open")
            } else {
                EventReader::from_reader(file, Cursor::new(bytes.clone()), format).expect("open")
            };
            let (mut events, mut others) = (0, 0);
            for record in reader {
                match record {
                    Ok(Item::Event(_)) => events += 1,
                    _ => others += 1,
                }
            }
            (events, others)
        };
        let start = Instant::now();
        let (mut passes, mut events, mut others) = (0u64, 0u64, 0u64);
        while start.elapsed() < Duration::from_secs(1) {
            let (e, o) = run();
            passes += 1;
            events += e;
            others += o;
        }
        let secs = start.elapsed().as_secs_f64();
        println!(
            "{file}: {} bytes, {} events + {} accounts/rejects per pass, {passes} passes in {secs:.2} s: {:.0} events/s, {:.1} MB/s",
            bytes.len(),
            events / passes,
            others / passes,
            events as f64 / secs,
            (bytes.len() as u64 * passes) as f64 / secs / 1e6,
        );
    }
}
