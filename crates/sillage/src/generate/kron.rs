//! `sillage gen kron`: a Kronecker (Graph500/GAP) or uniform random graph from `sillage_gen`,
//! simplified, written as a binary edge file or as canonical `follow` events.
//!
//! The same flags give the same bytes: the generator is seeded and thread-independent, the
//! simple graph is sorted, and event ids and instants are functions of the edge alone.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};

use crate::output::thousands;
use crate::settings::UsageError;

#[derive(Debug, Args)]
pub struct KronArgs {
    /// The graph has 2^SCALE vertices (at most 31).
    #[arg(long, value_parser = clap::value_parser!(u32).range(0..=i64::from(sillage_gen::MAX_SCALE)))]
    pub scale: u32,
    /// Edges generated per vertex, before self-loops and repeated edges are removed.
    #[arg(long, default_value_t = 16)]
    pub degree: u32,
    /// The generator's seed: the same seed, scale and degree give the same graph, bit for bit.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Draw both ends of every edge uniformly instead of from the Kronecker model.
    #[arg(long)]
    pub uniform: bool,
    /// The file to write (replaced if it exists).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// `edges`: the binary edge file (docs/FORMATS.md); `events`: canonical JSON Lines, one
    /// `follow` event per edge, for `sillage ingest`.
    #[arg(long, value_enum, default_value_t = GraphFormat::Edges)]
    pub format: GraphFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Edges,
    Events,
}

/// The instant of the first event of `--format events`: 2024-01-01T00:00:00Z.
const EVENTS_START: i64 = 1_704_067_200;
/// The span the events' instants are spread over: one year.
const EVENTS_SPAN_SECONDS: u64 = 365 * 86_400;

pub fn run(args: KronArgs, quiet: bool) -> Result<()> {
    let generated = sillage_gen::edge_count(args.scale, args.degree)
        .map_err(|e| UsageError(format!("--scale {} --degree {}: {e}", args.scale, args.degree)))?;
    let model = if args.uniform { "uniform" } else { "kron" };
    let vertices = sillage_gen::vertex_count(args.scale);

    let started = Instant::now();
    tracing::info!(
        model,
        scale = args.scale,
        degree = args.degree,
        seed = args.seed,
        "generating"
    );
    let mut edges = if args.uniform {
        sillage_gen::uniform(args.scale, args.degree, args.seed)
    } else {
        sillage_gen::kronecker(args.scale, args.degree, args.seed)
    };
    let generate_seconds = started.elapsed().as_secs_f64();

    let step = Instant::now();
    tracing::info!(edges = generated, "simplifying");
    let removed = sillage_gen::simplify(&mut edges);
    let simplify_seconds = step.elapsed().as_secs_f64();

    let step = Instant::now();
    tracing::info!(edges = edges.len(), path = %args.out.display(), "writing");
    match args.format {
        GraphFormat::Edges => sillage_formats::write_edge_file(&args.out, vertices, &edges, true)?,
        GraphFormat::Events => write_events(&args.out, model, &edges)?,
    }
    let write_seconds = step.elapsed().as_secs_f64();
    let bytes = std::fs::metadata(&args.out)
        .with_context(|| format!("{}: reading the size of the file just written", args.out.display()))?
        .len();

    if !quiet {
        let kept = edges.len() as u64;
        let shrink = if generated == 0 {
            0.0
        } else {
            100.0 * removed.removed() as f64 / generated as f64
        };
        let what = match args.format {
            GraphFormat::Edges => "binary edge file",
            GraphFormat::Events => "follow events",
        };
        eprintln!(
            "{model} scale {} ({} vertices), degree {}, seed {}: {} edges generated, {} after simplification \
             (-{shrink:.1}%: {} self-loops, {} duplicates); {}: {what}, {} bytes; {:.1} s (generate \
             {generate_seconds:.1} s, simplify {simplify_seconds:.1} s, write {write_seconds:.1} s)",
            args.scale,
            thousands(vertices),
            args.degree,
            args.seed,
            thousands(generated as u64),
            thousands(kept),
            thousands(removed.self_loops),
            thousands(removed.duplicates),
            args.out.display(),
            thousands(bytes),
            started.elapsed().as_secs_f64(),
        );
    }
    Ok(())
}

/// Writes each edge as one canonical `follow` event (../shared/docs/EVENTS.md) on network
/// `network`: `{"id":"S-T","net":…,"kind":"follow","actor":"S","target":"T","at":…}`, handles
/// being the vertex ids in decimal.
///
/// The graph is simple, so `S-T` is unique. Instants are spread over a year from 2024-01-01 by a
/// hash of the edge rather than its position: the file is sorted by source, and consecutive
/// instants would make every vertex follow all its targets within seconds, which reads as a burst
/// or a bot to the score model. As with the edge file, the lines go to a temporary file beside
/// `path`, renamed into place once complete.
fn write_events(path: &Path, network: &str, edges: &[[u32; 2]]) -> Result<()> {
    let temp = sillage_formats::temp_file_beside(path)
        .with_context(|| format!("{}: creating a temporary file beside it", path.display()))?;
    let mut out = BufWriter::with_capacity(1 << 20, temp.as_file());
    for &[source, target] in edges {
        writeln!(
            out,
            r#"{{"id":"{source}-{target}","net":"{network}","kind":"follow","actor":"{source}","target":"{target}","at":{}}}"#,
            event_instant(source, target)
        )
        .with_context(|| format!("{}: writing events", path.display()))?;
    }
    out.flush()
        .with_context(|| format!("{}: writing events", path.display()))?;
    drop(out);
    File::sync_all(temp.as_file()).with_context(|| format!("{}: flushing to disk", path.display()))?;
    temp.persist(path)
        .with_context(|| format!("{}: renaming the temporary file into place", path.display()))?;
    Ok(())
}

/// The Unix instant of the event of edge `source → target`: the edge's SplitMix64 hash, reduced to
/// a second of [`EVENTS_SPAN_SECONDS`] after [`EVENTS_START`].
fn event_instant(source: u32, target: u32) -> i64 {
    let mut x = (u64::from(source) << 32) | u64::from(target);
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^= x >> 31;
    EVENTS_START + (x % EVENTS_SPAN_SECONDS) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_instants_are_spread_over_the_year() {
        let instants: Vec<i64> = (0..1000).map(|t| event_instant(7, t)).collect();
        let end = EVENTS_START + EVENTS_SPAN_SECONDS as i64;
        assert!(instants.iter().all(|&at| (EVENTS_START..end).contains(&at)));
        // One vertex's follows are not bunched: they cover most months of the year.
        let mut months: Vec<i64> = instants.iter().map(|at| (at - EVENTS_START) / (30 * 86_400)).collect();
        months.sort_unstable();
        months.dedup();
        assert!(months.len() >= 12, "{months:?}");
        assert_eq!(event_instant(7, 3), event_instant(7, 3));
        assert_ne!(event_instant(7, 3), event_instant(3, 7));
    }
}
