//! The distribution of a store's latest score run: the overall score's quantiles and, per
//! component, the share at 0 and the quantiles (the figures of docs/SCORING.md's distribution
//! table).
//!
//! ```sh
//! cargo run --release -p sillage_pipeline --example distribution -- STORE
//! ```

fn main() {
    let db = std::env::args().nth(1).expect("usage: distribution STORE");
    let store = sillage_store::Store::open(std::path::Path::new(&db)).unwrap();
    let run = store.latest_score_run().unwrap().expect("the store has a score run");
    let rows = store.score_rows(run.id).unwrap();
    let mut s: Vec<f64> = rows.iter().filter_map(|r| r.score).collect();
    s.sort_by(f64::total_cmp);
    let q = |p: f64| s[((s.len() as f64 - 1.0) * p).round() as usize];
    let floor = s.iter().filter(|&&x| x <= s[0]).count();
    println!(
        "run {} as_of {} shown {} at-min {:.1}% min {:.2} median {:.2} p90 {:.2} p99 {:.2} p999 {:.2} max {:.2}",
        run.id,
        sillage_model::format_instant(run.run.as_of),
        s.len(),
        100.0 * floor as f64 / s.len() as f64,
        s[0],
        q(0.5),
        q(0.9),
        q(0.99),
        q(0.999),
        s[s.len() - 1]
    );
    for (k, name) in ["authority", "reach", "amplification", "activity", "outreach"]
        .iter()
        .enumerate()
    {
        let mut c: Vec<f64> = rows.iter().filter_map(|r| r.components.map(|c| c[k])).collect();
        c.sort_by(f64::total_cmp);
        let q = |p: f64| c[((c.len() as f64 - 1.0) * p).round() as usize];
        let zero = c.iter().filter(|&&x| x == 0.0).count();
        println!(
            "  {name:<13}: zero {:.1}% median {:.2} p90 {:.2} p99 {:.2}",
            100.0 * zero as f64 / c.len() as f64,
            q(0.5),
            q(0.9),
            q(0.99)
        );
    }
    println!("summary {}", run.run.summary);
}
