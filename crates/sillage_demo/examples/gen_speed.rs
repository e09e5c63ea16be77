//! What is measured: the wall time of `sillage_demo::generate` on the default configuration
//! (20,000 accounts, 500,000 events, 90 days), and the size and kind mix of what it produced.
//!
//! How to run: `cargo run --release -p sillage_demo --example gen_speed [seed]`. On Linux the
//! process's CPU time is printed too, which is the steadier figure on a busy machine.

use std::collections::HashSet;
use std::time::Instant;

use sillage_demo::{DemoConfig, generate};
use sillage_model::EventKind;

fn main() {
    let seed = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(sillage_demo::DEFAULT_SEED);
    let config = DemoConfig {
        seed,
        ..DemoConfig::default()
    };
    let cpu_before = cpu_seconds();
    let started = Instant::now();
    let demo = generate(&config);
    let elapsed = started.elapsed();
    let cpu = cpu_seconds().zip(cpu_before).map(|(after, before)| after - before);
    let appearing: HashSet<&str> = demo
        .events
        .iter()
        .flat_map(|e| std::iter::once(e.actor.as_str()).chain(e.target.as_deref()))
        .collect();
    match cpu {
        Some(cpu) => println!(
            "seed {seed}: generated in {:.3} s ({cpu:.2} s of CPU)",
            elapsed.as_secs_f64()
        ),
        None => println!("seed {seed}: generated in {:.3} s", elapsed.as_secs_f64()),
    }
    println!(
        "{} events, {} account records, {} accounts appearing, {} planted",
        demo.events.len(),
        demo.accounts.len(),
        appearing.len(),
        demo.planted.len()
    );
    let total = demo.events.len() as f64;
    for kind in EventKind::ALL {
        let count = demo.events.iter().filter(|e| e.kind == kind).count();
        println!(
            "{:>9} {count:>8} {:>5.1} %",
            kind.as_str(),
            100.0 * count as f64 / total
        );
    }
}

/// User plus system CPU time of this process, from `/proc/self/stat` (Linux only). The clock
/// tick is assumed to be the usual 100 Hz, so the figure has a 10 ms resolution.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces).
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let user: f64 = fields.get(11)?.parse().ok()?;
    let system: f64 = fields.get(12)?.parse().ok()?;
    Some((user + system) / 100.0)
}
