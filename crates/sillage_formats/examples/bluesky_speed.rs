//! Bluesky repository export throughput: parses one CAR file again and again for at least a second
//! and prints events per second.
//!
//! What is measured: reading the header and blocks, walking the record tree, decoding every record
//! and building its events, from bytes already in memory (no disk, nothing stored). How to run:
//!
//! ```text
//! cargo run --release -p sillage_formats --example bluesky_speed -- [FILE.car]
//! ```
//!
//! FILE defaults to `formats/bluesky-car/fakermaker.repo.car` (the biggest sample) under
//! `SILLAGE_DATA_DIR` (or `shared/data` beside the checkout).

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use sillage_formats::{EventReader, Format};

fn main() -> ExitCode {
    let path = std::env::args_os().nth(1).map(PathBuf::from).unwrap_or_else(|| {
        std::env::var_os("SILLAGE_DATA_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"))
            .join("formats/bluesky-car/fakermaker.repo.car")
    });
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("cannot read {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    };
    let (mut runs, mut events, mut rejects) = (0u64, 0u64, 0u64);
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(1) {
        let reader = match EventReader::from_reader("car", Cursor::new(bytes.clone()), Format::BlueskyCar) {
            Ok(reader) => reader,
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::FAILURE;
            }
        };
        for record in reader {
            match record {
                Ok(_) => events += 1,
                Err(_) => rejects += 1,
            }
        }
        runs += 1;
    }
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{}: {} bytes, {} events and {} rejects per run, {runs} runs in {seconds:.2} s: {:.0} events/s, {:.1} MB/s",
        path.display(),
        bytes.len(),
        events / runs,
        rejects / runs,
        events as f64 / seconds,
        (bytes.len() as u64 * runs) as f64 / seconds / 1e6
    );
    ExitCode::SUCCESS
}
