//! `sillage rank`: PageRank on a large graph given as a binary edge file, with the engine
//! (`f32` or `f64`, degree-renumbered CSR) and optionally an engine snapshot, so that ranking the
//! same graph again maps it from disk instead of rebuilding it.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use sillage_engine::{FileEdges, Fingerprint, Snapshot, write_snapshot};
use sillage_formats::EdgeFile;
use sillage_graph::{Dangling, EngineGraph, EngineView, Float, Iteration, Order};

use crate::settings::UsageError;

#[derive(Debug, Args)]
pub struct RankArgs {
    /// The graph: a binary edge file (`sillage gen kron`, docs/FORMATS.md).
    #[arg(value_name = "EDGES")]
    edges: PathBuf,
    /// Engine snapshot: mapped when it exists and was built from this edge file, else built and
    /// written there for the next run.
    #[arg(long, value_name = "PATH")]
    snapshot: Option<PathBuf>,
    /// Personalise: the surfer restarts only at these vertices (repeat the flag). A topic's
    /// members give topic-sensitive PageRank.
    #[arg(long = "seed", value_name = "ID")]
    seeds: Vec<u32>,
    /// Vertices to list.
    #[arg(long, default_value_t = 20)]
    top: usize,
    #[arg(long, default_value_t = 0.85)]
    damping: f64,
    /// Stop once an iteration changes the ranks by less than this (L1).
    #[arg(long, default_value_t = 1e-7)]
    tolerance: f64,
    #[arg(long, default_value_t = 200)]
    max_iterations: u32,
    /// Rank type: f32 halves the memory of the vectors (error against f64 in docs/BENCHMARKS.md).
    #[arg(long, value_enum, default_value_t = Precision::F32)]
    precision: Precision,
    /// Threads [default: every core].
    #[arg(long)]
    threads: Option<usize>,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Precision {
    F32,
    F64,
}

pub fn run(args: RankArgs, quiet: bool) -> Result<()> {
    let threads = args.threads.unwrap_or_else(rayon::current_num_threads).max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("starting the thread pool")?;
    // Printing stays on this thread: the caller holds standard output's lock, which a pool thread
    // would wait for forever.
    let text = pool.install(|| rank(&args, quiet))?;
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(())
}

fn rank(args: &RankArgs, quiet: bool) -> Result<String> {
    if !(args.damping > 0.0 && args.damping < 1.0) {
        return Err(UsageError(format!(
            "--damping must be strictly between 0 and 1, got {}",
            args.damping
        ))
        .into());
    }
    let file = EdgeFile::open(&args.edges)?;
    let vertices = file.header().vertices;
    if let Some(&bad) = args.seeds.iter().find(|&&s| u64::from(s) >= vertices) {
        return Err(UsageError(format!(
            "--seed {bad} is not a vertex of {} (0..{vertices})",
            args.edges.display()
        ))
        .into());
    }
    let fingerprint = Fingerprint::of(&args.edges).with_context(|| format!("reading {}", args.edges.display()))?;
    let started = Instant::now();
    let mut mapped = None;
    if let Some(path) = args.snapshot.as_ref().filter(|p| p.exists()) {
        let snapshot = Snapshot::open(path)?;
        if snapshot.source() == fingerprint {
            mapped = Some(snapshot);
        } else if !quiet {
            eprintln!(
                "{} was built from another version of the edge file: rebuilding it",
                path.display()
            );
        }
    }
    let owned = match mapped {
        Some(_) => None,
        None => Some(EngineGraph::build(&FileEdges(file), Order::Degree)?.0),
    };
    if let (Some(path), Some(graph)) = (&args.snapshot, &owned) {
        write_snapshot(path, graph.view(), fingerprint)?;
    }
    let graph: EngineView<'_> = match (&owned, &mapped) {
        (Some(g), _) => g.view(),
        (None, Some(s)) => s.graph(),
        (None, None) => unreachable!("a graph is built when none is mapped"),
    };
    let loaded = started.elapsed();
    let settings = Iteration {
        damping: args.damping,
        tolerance: args.tolerance,
        max_iterations: args.max_iterations.max(1),
        dangling: Dangling::Redistribute,
    };
    let started = Instant::now();
    let (ranks, outcome) = match args.precision {
        Precision::F32 => run_kernel::<f32>(graph, &settings, &args.seeds),
        Precision::F64 => run_kernel::<f64>(graph, &settings, &args.seeds),
    };
    let ranked = started.elapsed();
    if !quiet {
        eprintln!(
            "{} vertices, {} edges; graph {} in {:.2} s; {} iterations (L1 change {:.1e}{}) in {:.2} s on {} threads",
            graph.vertex_count(),
            graph.edge_count(),
            if mapped.is_some() {
                "mapped from the snapshot"
            } else {
                "built"
            },
            loaded.as_secs_f64(),
            outcome.iterations,
            outcome.residual,
            if outcome.converged { "" } else { ", not converged" },
            ranked.as_secs_f64(),
            rayon::current_num_threads(),
        );
    }
    let top = top_vertices(&ranks, args.top);
    let mut out = Vec::new();
    if args.json {
        let rows: Vec<_> = top
            .iter()
            .map(|&(v, r)| serde_json::json!({"vertex": v, "rank": r}))
            .collect();
        let doc = serde_json::json!({
            "vertices": graph.vertex_count(),
            "edges": graph.edge_count(),
            "iterations": outcome.iterations,
            "residual": outcome.residual,
            "converged": outcome.converged,
            "top": rows,
        });
        writeln!(out, "{doc}")?;
    } else {
        writeln!(out, "{:>6}  {:>10}  {:>12}", "#", "vertex", "rank")?;
        for (i, (v, r)) in top.iter().enumerate() {
            writeln!(out, "{:>6}  {:>10}  {:>12.6e}", i + 1, v, r)?;
        }
    }
    Ok(String::from_utf8(out).expect("the table is UTF-8"))
}

fn run_kernel<F: Float>(
    graph: EngineView<'_>,
    settings: &Iteration,
    seeds: &[u32],
) -> (Vec<f64>, sillage_graph::Outcome) {
    let teleport: Option<Vec<F>> = (!seeds.is_empty()).then(|| {
        let mut t = vec![F::ZERO; graph.vertex_count() as usize];
        let mut unique = seeds.to_vec();
        unique.sort_unstable();
        unique.dedup();
        let share = F::from_f64(1.0 / unique.len() as f64);
        for s in unique {
            t[s as usize] = share;
        }
        t
    });
    let result = graph.pagerank::<F>(settings, teleport.as_deref());
    (result.ranks.iter().map(|r| r.to_f64()).collect(), result.outcome)
}

/// The `k` highest ranks, ties by vertex id.
fn top_vertices(ranks: &[f64], k: usize) -> Vec<(u32, f64)> {
    let mut all: Vec<(u32, f64)> = ranks.iter().enumerate().map(|(v, &r)| (v as u32, r)).collect();
    let k = k.min(all.len());
    let by_rank = |a: &(u32, f64), b: &(u32, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    if k < all.len() {
        all.select_nth_unstable_by(k, by_rank);
        all.truncate(k);
    }
    all.sort_unstable_by(by_rank);
    all
}
