//! Parse throughput: reads one file with [`EventReader`] and prints events per second.
//!
//! What is measured: opening, decompressing, splitting and parsing every record, and building the
//! events (ids included); nothing is stored. How to run:
//!
//! ```text
//! cargo run --release -p sillage_formats --example parse_speed -- [FILE [FORMAT]]
//! ```
//!
//! FILE defaults to the SNAP Higgs activity file under `SILLAGE_DATA_DIR` (or `shared/data` beside
//! the checkout); FORMAT defaults to what [`detect`] says. Each run reads the file three times and
//! reports the fastest, so that a cold page cache does not count.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use sillage_formats::{EventReader, Format, detect};

const RUNS: usize = 3;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let path = args.next().map(PathBuf::from).unwrap_or_else(|| {
        let data = std::env::var_os("SILLAGE_DATA_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
        data.join("higgs/higgs-activity_time.txt.gz")
    });
    let format = match args.next().map(|f| f.to_string_lossy().parse::<Format>()) {
        Some(Ok(format)) => format,
        Some(Err(e)) => return fail(&e),
        None => match detect(&path) {
            Ok(format) => format,
            Err(e) => return fail(&e),
        },
    };
    let mut best = f64::INFINITY;
    let (mut items, mut rejects, mut bytes) = (0u64, 0u64, 0u64);
    for _ in 0..RUNS {
        let start = Instant::now();
        let reader = match EventReader::open(&path, format) {
            Ok(reader) => reader,
            Err(e) => return fail(&e),
        };
        let progress = reader.bytes_read();
        (items, rejects) = (0, 0);
        for record in reader {
            match record {
                Ok(_) => items += 1,
                Err(_) => rejects += 1,
            }
        }
        best = best.min(start.elapsed().as_secs_f64());
        bytes = progress.load(std::sync::atomic::Ordering::Relaxed);
    }
    println!("file:     {} ({format})", path.display());
    println!(
        "records:  {items} items, {rejects} rejects, {:.1} MB read",
        bytes as f64 / 1e6
    );
    println!("time:     {best:.3} s (best of {RUNS})");
    println!(
        "speed:    {:.0} records/s, {:.1} MB/s of input",
        (items + rejects) as f64 / best,
        bytes as f64 / 1e6 / best
    );
    ExitCode::SUCCESS
}

fn fail(e: &dyn std::error::Error) -> ExitCode {
    eprintln!("parse_speed: {e}");
    ExitCode::FAILURE
}
