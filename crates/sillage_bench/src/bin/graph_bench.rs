//! `graph-bench`: builds the engine graph from a binary edge file (or maps its snapshot), runs
//! PageRank for a fixed number of iterations on a pool of `--threads` threads, and prints one
//! JSON line of figures; `--ranks-out` writes the ranks (little-endian `f64`, input ids) for the
//! agreement checks of `bench/graph`.
//!
//! Peak memory is read from the kernel (`VmHWM`): once for the whole process, and once for the
//! PageRank alone, after resetting the high-water mark (`/proc/self/clear_refs`) when the graph
//! is built.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use clap::{Parser, ValueEnum};
use sillage_engine::{FileEdges, Fingerprint, Snapshot, write_snapshot};
use sillage_formats::EdgeFile;
use sillage_graph::{Dangling, EngineGraph, EngineView, Float, Iteration, Order};

#[derive(Debug, Parser)]
#[command(
    name = "graph-bench",
    about = "Time Sillage's PageRank engine on a binary edge file."
)]
struct Args {
    /// The binary edge file (`sillage gen kron`).
    #[arg(long)]
    edges: PathBuf,
    /// Threads for building and ranking [default: every core].
    #[arg(long)]
    threads: Option<usize>,
    /// Iterations to run (all of them: no early stop unless --tolerance).
    #[arg(long, default_value_t = 20)]
    iterations: u32,
    /// Stop early once an iteration changes the ranks by less than this (L1).
    #[arg(long)]
    tolerance: Option<f64>,
    #[arg(long, default_value_t = 0.85)]
    damping: f64,
    #[arg(long, value_enum, default_value_t = DanglingArg::Redistribute)]
    dangling: DanglingArg,
    /// Vertex numbering inside the engine.
    #[arg(long, value_enum, default_value_t = OrderArg::Degree)]
    order: OrderArg,
    #[arg(long, value_enum, default_value_t = Precision::F32)]
    precision: Precision,
    /// Engine snapshot: mapped if it exists and matches the edge file, else built and written.
    #[arg(long)]
    snapshot: Option<PathBuf>,
    /// Write the final ranks here: `n` little-endian f64, indexed by input vertex id.
    #[arg(long)]
    ranks_out: Option<PathBuf>,
    /// Run the PageRank this many times and report the fastest (the graph is built once).
    #[arg(long, default_value_t = 1)]
    repeat: u32,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum DanglingArg {
    Redistribute,
    Drop,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq)]
enum OrderArg {
    Degree,
    Input,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Precision {
    F32,
    F64,
}

fn main() -> Result<()> {
    let args = Args::parse();
    let threads = args.threads.unwrap_or_else(rayon::current_num_threads);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("starting the thread pool")?;
    pool.install(|| run(&args, threads))
}

fn run(args: &Args, threads: usize) -> Result<()> {
    let file = EdgeFile::open(&args.edges)?;
    let order = match args.order {
        OrderArg::Degree => Order::Degree,
        OrderArg::Input => Order::Input,
    };
    let fingerprint = Fingerprint::of(&args.edges).with_context(|| format!("reading {}", args.edges.display()))?;
    let started = Instant::now();
    let mut report = None;
    let mut owned = None;
    let mut mapped = None;
    if let Some(path) = args.snapshot.as_ref().filter(|p| p.exists()) {
        let snapshot = Snapshot::open(path)?;
        let same_order = snapshot.graph().parts().order.is_some() == (args.order == OrderArg::Degree);
        if snapshot.source() == fingerprint && same_order {
            mapped = Some(snapshot);
        } else {
            eprintln!("graph-bench: {} is stale, rebuilding it", path.display());
        }
    }
    if mapped.is_none() {
        let (graph, built) = EngineGraph::build(&FileEdges(file), order)?;
        report = Some(built);
        owned = Some(graph);
    }
    let load_s = started.elapsed().as_secs_f64();
    if let (Some(path), Some(graph)) = (&args.snapshot, &owned) {
        let started = Instant::now();
        write_snapshot(path, graph.view(), fingerprint)?;
        eprintln!(
            "graph-bench: wrote {} in {:.2} s",
            path.display(),
            started.elapsed().as_secs_f64()
        );
    }
    let graph: EngineView<'_> = match (&owned, &mapped) {
        (Some(g), _) => g.view(),
        (None, Some(s)) => s.graph(),
        (None, None) => bail!("no graph"),
    };
    let build_rss = peak_rss();
    let reset = reset_peak_rss();
    let settings = Iteration {
        damping: args.damping,
        tolerance: args.tolerance.unwrap_or(0.0),
        max_iterations: args.iterations,
        dangling: match args.dangling {
            DanglingArg::Redistribute => Dangling::Redistribute,
            DanglingArg::Drop => Dangling::Drop,
        },
    };
    let (seconds, iterations, ranks) = match args.precision {
        Precision::F32 => rank::<f32>(graph, &settings, args.repeat),
        Precision::F64 => rank::<f64>(graph, &settings, args.repeat),
    };
    let pagerank_rss = reset.then(peak_rss).flatten();
    if let Some(path) = &args.ranks_out {
        let mut out =
            BufWriter::new(std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?);
        for r in &ranks {
            out.write_all(&r.to_le_bytes())?;
        }
        out.flush()?;
    }
    let edges = graph.edge_count() as f64;
    let per_iteration = seconds / f64::from(iterations.max(1));
    let figures = serde_json::json!({
        "tool": "sillage",
        "threads": threads,
        "precision": format!("{:?}", args.precision).to_lowercase(),
        "order": format!("{:?}", args.order).to_lowercase(),
        "vertices": graph.vertex_count(),
        "edges": graph.edge_count(),
        "snapshot": mapped.is_some(),
        "load_s": load_s,
        "build_s": report.as_ref().map(|r| r.total().as_secs_f64()),
        "reorder_s": report.as_ref().map(|r| r.reorder.as_secs_f64()),
        "build_phases_s": report.as_ref().map(|r| serde_json::json!({
            "count": r.count.as_secs_f64(),
            "reorder": r.reorder.as_secs_f64(),
            "scatter": r.scatter.as_secs_f64(),
            "sort": r.sort.as_secs_f64(),
        })),
        "duplicates": report.as_ref().map(|r| r.duplicates),
        "iterations": iterations,
        "pagerank_s": seconds,
        "per_iteration_s": per_iteration,
        "ns_per_edge_iteration": per_iteration * 1e9 / edges.max(1.0),
        "peak_rss_bytes": peak_rss(),
        "build_peak_rss_bytes": build_rss,
        "pagerank_peak_rss_bytes": pagerank_rss,
    });
    println!("{figures}");
    Ok(())
}

/// Runs the PageRank `repeat` times; the fastest time, its iteration count and the ranks as f64.
fn rank<F: Float>(graph: EngineView<'_>, settings: &Iteration, repeat: u32) -> (f64, u32, Vec<f64>) {
    let mut best = f64::INFINITY;
    let mut last = None;
    for _ in 0..repeat.max(1) {
        let started = Instant::now();
        let result = graph.pagerank::<F>(settings, None);
        best = best.min(started.elapsed().as_secs_f64());
        last = Some(result);
    }
    let result = last.expect("at least one run");
    let ranks = result.ranks.iter().map(|r| r.to_f64()).collect();
    (best, result.outcome.iterations, ranks)
}

/// The process's peak resident memory so far, from `/proc/self/status`.
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Resets the peak to the current resident size, so that the next reading covers what follows.
fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}
