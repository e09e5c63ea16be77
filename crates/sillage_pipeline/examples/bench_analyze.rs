//! Benchmark of `sillage analyze`: ingest a file into a fresh store, score it, list the top.
//!
//! What is measured: wall time of each stage and in total, the ingest rate (records/s into
//! SQLite), and the process's peak resident memory (VmHWM from /proc/self/status, Linux only).
//! How to run (release build; the store goes to a temporary folder, or to `--dir` if given):
//!
//! ```sh
//! cargo run --release -p sillage_pipeline --example bench_analyze -- ../shared/data/higgs/higgs-activity_time.txt.gz
//! ```
//!
//! It prints one line of figures; run it several times (e.g. with hyperfine) for a spread.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use sillage_pipeline::{IngestOptions, Progress, ScoreOptions, TopOptions, compute_scores, ingest_files, top_accounts};
use sillage_store::Store;

fn main() {
    // RUST_LOG=info prints each step's time.
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .init();
    let mut args = std::env::args().skip(1);
    let Some(file) = args.next().map(PathBuf::from) else {
        eprintln!("usage: bench_analyze FILE [--dir DIR]");
        std::process::exit(2);
    };
    let dir = match (args.next().as_deref(), args.next()) {
        (Some("--dir"), Some(d)) => tempfile::tempdir_in(d).expect("a temporary folder"),
        _ => tempfile::tempdir().expect("a temporary folder"),
    };
    let db = dir.path().join("bench.db");

    let total = Instant::now();
    let mut store = Store::open(&db).expect("the store opens");
    let clock = Instant::now();
    let report = ingest_files(
        &mut store,
        std::slice::from_ref(&file),
        IngestOptions::default(),
        Progress::hidden(),
        &AtomicBool::new(false),
    )
    .expect("the ingest succeeds");
    let ingest = clock.elapsed().as_secs_f64();
    let clock = Instant::now();
    let summary = compute_scores(&mut store, &ScoreOptions::default(), Progress::hidden()).expect("scoring succeeds");
    let score = clock.elapsed().as_secs_f64();
    let clock = Instant::now();
    let top = top_accounts(
        &store,
        &TopOptions {
            limit: 20,
            ..TopOptions::default()
        },
    )
    .expect("the top list reads");
    let list = clock.elapsed().as_secs_f64();
    let all = total.elapsed().as_secs_f64();
    println!("file {}", file.display());
    println!(
        "events stored {}  accounts {}  edges {}  iterations {}  top-1 {}",
        report.total.stored,
        summary.accounts,
        summary.edges,
        summary.iterations,
        top.accounts.first().map(|a| a.account.as_str()).unwrap_or("-")
    );
    println!(
        "ingest {:.2} s ({:.0} records/s)  score {:.2} s  top {:.3} s  total {:.2} s  peak RSS {} MiB",
        ingest,
        report.total.read as f64 / ingest,
        score,
        list,
        all,
        peak_rss_mib().map(|m| m.to_string()).unwrap_or_else(|| "n/a".into())
    );
}

/// The process's peak resident set size, from /proc (Linux).
fn peak_rss_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}
