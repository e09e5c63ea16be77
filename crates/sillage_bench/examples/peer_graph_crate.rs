//! PageRank with the neo4j-labs `graph` crate, the Rust peer of the side-by-side benchmark.
//!
//! What is measured: loading a binary edge file (`SLGEDGE1`, read with `sillage_formats`) into the
//! crate's directed CSR graph (read and build together, `build_s`), then its `page_rank` for exactly `--iterations`
//! iterations (`pagerank_s`, the whole call), and the process's peak resident memory (VmHWM).
//! It prints one JSON line shaped like Sillage's `graph-bench`, so `bench/graph/peers.py` reads
//! both the same way.
//!
//! How to run: `cargo run --release -p sillage_bench --example peer_graph_crate -- --edges FILE
//! --threads T --iterations N [--ranks-out FILE]`; normally through `bench/graph/run.sh`.
//!
//! What the crate computes (graph 0.3.2, `src/page_rank.rs`): f32 scores, start 1/n,
//! `r(v) = (1 - d)/n + d · Σ_{u→v} r(u)/outdeg(u)` with no dangling term (the rank of vertices
//! without out-edges leaks: "drop"), and the update is in place — a vertex computed later in an
//! iteration already sees the new scores of those computed before it (Gauss–Seidel style), so
//! after a fixed number of iterations it is not the power iteration's vector; the harness checks
//! it at convergence. Its iterations run on `std::thread::available_parallelism()` scoped
//! threads, not on the rayon pool: the harness pins the process to T CPUs, which that call
//! honours on Linux; the rayon pool of T threads builds the graph.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use graph::prelude::*;
use sillage_formats::{EdgeFile, EdgeFileHeader};

const DAMPING: f32 = 0.85;

#[derive(Debug)]
struct Options {
    edges: PathBuf,
    threads: usize,
    iterations: usize,
    ranks_out: Option<PathBuf>,
}

fn usage() -> &'static str {
    "usage: peer_graph_crate --edges FILE --threads T --iterations N [--dangling drop] [--ranks-out FILE]"
}

fn parse_options() -> Result<Options, String> {
    let mut edges = None;
    let mut threads = None;
    let mut iterations = None;
    let mut ranks_out = None;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--edges" => edges = Some(PathBuf::from(value()?)),
            "--threads" => threads = Some(parse_count(&flag, &value()?)?),
            "--iterations" => iterations = Some(parse_count(&flag, &value()?)?),
            "--ranks-out" => ranks_out = Some(PathBuf::from(value()?)),
            // The crate has no dangling redistribution: accept only what it does, so a caller
            // never compares it with the wrong reference.
            "--dangling" => match value()?.as_str() {
                "drop" => {}
                other => {
                    return Err(format!("the graph crate only drops dangling rank, not {other:?}"));
                }
            },
            "-h" | "--help" => return Err(usage().to_string()),
            other => return Err(format!("unknown argument {other:?}\n{}", usage())),
        }
    }
    Ok(Options {
        edges: edges.ok_or_else(|| format!("--edges is required\n{}", usage()))?,
        threads: threads.ok_or_else(|| format!("--threads is required\n{}", usage()))?,
        iterations: iterations.ok_or_else(|| format!("--iterations is required\n{}", usage()))?,
        ranks_out,
    })
}

fn parse_count(flag: &str, text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("{flag} takes a whole number of at least 1, not {text:?}")),
    }
}

fn load(path: &std::path::Path) -> Result<(EdgeFileHeader, DirectedCsrGraph<u32>), String> {
    let file = EdgeFile::open(path).map_err(|e| e.to_string())?;
    let header = file.header();
    let edges = file.read_all().map_err(|e| e.to_string())?;
    // `node_values` fixes the vertex count at the header's n: built from edges alone the crate
    // would stop at the largest id that has an edge and lose trailing isolated vertices, which
    // changes 1/n. The pairs become the crate's (source, target, ()) triples in the same
    // allocation (both are 8 bytes, and collecting a mapped `Vec` reuses it), so the edges are in
    // memory once, as the crate's own edge list. Sorted neighbour lists are the crate's
    // documented default layout.
    let graph: DirectedCsrGraph<u32> = GraphBuilder::new()
        .csr_layout(CsrLayout::Sorted)
        .edges(edges.into_iter().map(|[source, target]| (source, target)))
        .node_values(vec![(); header.vertices as usize])
        .build();
    Ok((header, graph))
}

/// Peak resident memory of this process (VmHWM), where /proc tells it.
fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

fn write_ranks(path: &std::path::Path, scores: &[f32]) -> Result<(), String> {
    let file = File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    for &score in scores {
        out.write_all(&f64::from(score).to_le_bytes())
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    out.flush().map_err(|e| format!("{}: {e}", path.display()))
}

fn run(options: &Options) -> Result<String, String> {
    let pagerank_threads = std::thread::available_parallelism().map_or(0, |p| p.get());
    if pagerank_threads != options.threads {
        eprintln!(
            "note: the graph crate iterates on {pagerank_threads} threads (available parallelism), \
             not --threads {}; pin the process to {} CPUs (taskset) to match",
            options.threads, options.threads
        );
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads)
        .build()
        .map_err(|e| format!("cannot start {} threads: {e}", options.threads))?;
    pool.install(|| {
        let started = Instant::now();
        let (header, graph) = load(&options.edges)?;
        let build_s = started.elapsed().as_secs_f64();

        // A negative tolerance: the crate stops when the summed change falls below it, which never
        // happens, so it runs exactly `max_iterations` iterations.
        let config = PageRankConfig::new(options.iterations, -1.0, DAMPING);
        let started = Instant::now();
        let (scores, iterations, _error) = page_rank(&graph, config);
        let pagerank_s = started.elapsed().as_secs_f64();
        if iterations != options.iterations {
            return Err(format!(
                "page_rank ran {iterations} iterations, not {}",
                options.iterations
            ));
        }
        if let Some(path) = &options.ranks_out {
            write_ranks(path, &scores)?;
        }

        let per_iteration_s = pagerank_s / iterations as f64;
        let ns_per_edge_iteration = if header.edges == 0 {
            0.0
        } else {
            per_iteration_s * 1e9 / header.edges as f64
        };
        let peak = peak_rss_bytes().map_or_else(|| "null".to_string(), |b| b.to_string());
        Ok(format!(
            "{{\"tool\":\"graph-crate\",\"threads\":{},\"pagerank_threads\":{},\"vertices\":{},\
             \"edges\":{},\"build_s\":{build_s},\"reorder_s\":0.0,\"iterations\":{iterations},\
             \"pagerank_s\":{pagerank_s},\"per_iteration_s\":{per_iteration_s},\
             \"ns_per_edge_iteration\":{ns_per_edge_iteration},\"peak_rss_bytes\":{peak},\
             \"precision\":\"f32\",\"dangling\":\"drop\"}}",
            options.threads, pagerank_threads, header.vertices, header.edges
        ))
    })
}

fn main() -> ExitCode {
    let options = match parse_options() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    match run(&options) {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("peer_graph_crate: {message}");
            ExitCode::FAILURE
        }
    }
}
