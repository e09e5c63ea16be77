//! A score run: read the events as of an instant, build the graph, rank, calibrate, record.

use sillage_graph::{Teleport, pagerank};
use sillage_model::{EventKind, Instant};
use sillage_score::{Calibration, Interaction, ScoreConfig, build_graph, score_population};
use sillage_store::{NewScoreRun, ScoreRow, Store};

use crate::{PipelineError, Progress};

/// What to compute.
#[derive(Debug, Clone, Copy, Default)]
pub struct ScoreOptions {
    /// The instant the scores describe; `None` means the newest event in the store (P8).
    pub as_of: Option<Instant>,
    pub config: ScoreConfig,
}

/// What a score run found.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ScoreSummary {
    pub run: i64,
    pub as_of: Instant,
    /// Accounts with at least one event at or before `as_of` (the graph's nodes).
    pub accounts: u64,
    /// Accounts shown (not opted out).
    pub shown: u64,
    /// Distinct engager → author pairs.
    pub edges: u64,
    pub iterations: u32,
    pub residual: f64,
    pub converged: bool,
    pub calibration: Calibration,
}

/// Computes and records a score run.
pub fn compute_scores(
    store: &mut Store,
    options: &ScoreOptions,
    progress: Progress,
) -> Result<ScoreSummary, PipelineError> {
    let config = options.config.validate()?;
    let as_of = match options.as_of {
        Some(t) => t,
        None => store.newest_event_at()?.ok_or(PipelineError::NoEvents)?,
    };
    let span = tracing::info_span!("score", as_of);
    let _guard = span.enter();
    let spinner = progress.spinner("reading events");
    let accounts = store.accounts()?;
    let max_id = accounts.iter().map(|a| a.id).max().unwrap_or(0);
    // Store ids are dense from 1, so a plain vector maps them to positions in `accounts`.
    let mut position = vec![u32::MAX; max_id as usize + 1];
    for (i, a) in accounts.iter().enumerate() {
        position[a.id as usize] = i as u32;
    }
    let mut seen = vec![false; accounts.len()];
    let mut raw: Vec<(u32, u32, EventKind, Instant)> = Vec::new();
    let mut unknown = false;
    store.for_each_event(as_of, |actor, target, kind, at| {
        let Some(&a) = position.get(actor as usize) else {
            unknown = true;
            return;
        };
        seen[a as usize] = true;
        if let Some(t) = target {
            let Some(&t) = position.get(t as usize) else {
                unknown = true;
                return;
            };
            seen[t as usize] = true;
            if kind.is_engagement() && a != t {
                raw.push((a, t, kind, at));
            }
        }
    })?;
    if unknown {
        return Err(PipelineError::Store(sillage_store::StoreError::Corrupt(
            "an event names an unknown account".into(),
        )));
    }
    // Compact ids follow the accounts' keys, not the order they were ingested in, so the same
    // events give bit-identical scores whatever the order of the input (P8).
    let mut nodes: Vec<u32> = (0..accounts.len() as u32).filter(|&i| seen[i as usize]).collect();
    if nodes.is_empty() {
        return Err(PipelineError::NoEventsAsOf(sillage_model::format_instant(as_of)));
    }
    nodes.sort_by(|&a, &b| accounts[a as usize].key.cmp(&accounts[b as usize].key));
    let mut compact = vec![u32::MAX; accounts.len()];
    for (c, &i) in nodes.iter().enumerate() {
        compact[i as usize] = c as u32;
    }
    let interactions: Vec<Interaction> = raw
        .into_iter()
        .map(|(a, t, kind, at)| Interaction {
            engager: compact[a as usize],
            author: compact[t as usize],
            kind,
            at,
        })
        .collect();
    spinner.set_message("ranking");
    let graph = build_graph(nodes.len() as u32, interactions, as_of, &config);
    let result = pagerank(&graph, &config.pagerank, Teleport::Uniform);
    let shown: Vec<bool> = nodes.iter().map(|&i| !accounts[i as usize].opt_out).collect();
    let population = score_population(&result.ranks, &shown);
    spinner.set_message("recording scores");
    let rows: Vec<ScoreRow> = nodes
        .iter()
        .enumerate()
        .map(|(c, &i)| ScoreRow {
            account: accounts[i as usize].id,
            rank: result.ranks[c],
            previous: result.previous[c],
            out_weight: graph.out_weight(c as u32),
            score: population.scores[c],
            percentile: population.percentiles[c],
        })
        .collect();
    let run = NewScoreRun {
        as_of,
        config: config_json(&config),
        damping: result.damping,
        nodes: nodes.len() as u64,
        edges: graph.edge_count() as u64,
        shown: population.shown as u64,
        iterations: result.iterations,
        residual: result.residual,
        converged: result.converged,
        dangling_previous: result.dangling_previous,
        floor: population.calibration.floor,
        top: population.calibration.top,
    };
    let id = store.save_score_run(&run, &rows)?;
    spinner.finish_and_clear();
    tracing::info!(
        run = id,
        nodes = run.nodes,
        edges = run.edges,
        iterations = run.iterations,
        "score run recorded"
    );
    Ok(ScoreSummary {
        run: id,
        as_of,
        accounts: run.nodes,
        shown: run.shown,
        edges: run.edges,
        iterations: run.iterations,
        residual: run.residual,
        converged: run.converged,
        calibration: population.calibration,
    })
}

/// Every parameter of the run, recorded with it so that a score can always be reproduced.
fn config_json(config: &ScoreConfig) -> String {
    serde_json::json!({
        "half_life_seconds": config.half_life.seconds(),
        "damping": config.pagerank.damping,
        "tolerance": config.pagerank.tolerance,
        "max_iterations": config.pagerank.max_iterations,
        "kind_weights": config.kind_weights,
        "teleport": "uniform",
    })
    .to_string()
}

/// Reads a recorded run's configuration back.
pub(crate) fn config_from_json(json: &str) -> Result<ScoreConfig, PipelineError> {
    let bad =
        |what: &str| PipelineError::Store(sillage_store::StoreError::Corrupt(format!("score run config: {what}")));
    let v: serde_json::Value = serde_json::from_str(json).map_err(|_| bad("not JSON"))?;
    let num = |path: &[&str]| -> Result<f64, PipelineError> {
        let mut x = &v;
        for p in path {
            x = &x[*p];
        }
        x.as_f64().ok_or_else(|| bad(&path.join(".")))
    };
    Ok(ScoreConfig {
        half_life: sillage_model::HalfLife::from_seconds(num(&["half_life_seconds"])?)
            .ok_or_else(|| bad("half-life"))?,
        pagerank: sillage_graph::PageRankConfig {
            damping: num(&["damping"])?,
            tolerance: num(&["tolerance"])?,
            max_iterations: num(&["max_iterations"])? as u32,
        },
        kind_weights: sillage_score::KindWeights {
            repost: num(&["kind_weights", "repost"])?,
            quote: num(&["kind_weights", "quote"])?,
            reply: num(&["kind_weights", "reply"])?,
            mention: num(&["kind_weights", "mention"])?,
            like: num(&["kind_weights", "like"])?,
        },
    })
}
