//! ActivityPub outbox throughput: parses one `outbox.json` from memory, again and again for at
//! least a second, and prints events per second.
//!
//! What is measured: the reader over an in-memory copy (JSON parsing, HTML to text, ids), with no
//! disk and nothing stored. How to run:
//!
//! ```text
//! cargo run --release -p sillage_formats --example mastodon_speed -- [OUTBOX]
//! ```
//!
//! OUTBOX defaults to `formats/activitypub-outbox/outbox.json` under `SILLAGE_DATA_DIR` (or
//! `shared/data` beside the checkout).

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use sillage_formats::{EventReader, Format};

fn main() -> ExitCode {
    let path = std::env::args_os().nth(1).map(PathBuf::from).unwrap_or_else(|| {
        std::env::var_os("SILLAGE_DATA_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"))
            .join("formats/activitypub-outbox/outbox.json")
    });
    let bytes: Arc<[u8]> = match std::fs::read(&path) {
        Ok(bytes) => bytes.into(),
        Err(e) => {
            eprintln!("cannot read {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    };
    let (mut events, mut rounds) = (0u64, 0u64);
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(1) {
        let reader = EventReader::from_reader("outbox.json", Cursor::new(Arc::clone(&bytes)), Format::ActivityPub)
            .expect("an in-memory reader opens");
        events += reader.filter(Result::is_ok).count() as u64;
        rounds += 1;
    }
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{}: {rounds} rounds, {events} events in {seconds:.2} s: {:.0} events/s, {:.0} MB/s (one core)",
        path.display(),
        events as f64 / seconds,
        (bytes.len() as u64 * rounds) as f64 / seconds / 1e6
    );
    ExitCode::SUCCESS
}
