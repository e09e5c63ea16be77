//! A score run: read the events as of an instant, compute the model, record a snapshot; and
//! the recomputation of a recorded run that explanations and ledgers read from.

use sillage_model::{AccountKey, Instant};
use sillage_score::model::{Component, Model, compute};
use sillage_score::{BurstParams, ComponentParams, ComponentWeights, KindWeights, ScoreConfig, TrustParams};
use sillage_store::{NewScoreRun, ScoreRow, ScoreRun, Store, TopicScoreRow};
use sillage_topics::Taxonomy;

use crate::input::{AccountMeta, InputBuilder, Nodes};
use crate::{PipelineError, Progress};

/// What to compute.
#[derive(Debug, Clone, Default)]
pub struct ScoreOptions {
    /// The instant the scores describe; `None` means the newest event in the store (P8).
    pub as_of: Option<Instant>,
    pub config: ScoreConfig,
    /// The topics; `None` means the built-in French/English taxonomy.
    pub taxonomy: Option<Taxonomy>,
    /// Accounts the user vouches for (TrustRank seeds).
    pub trusted: Vec<AccountKey>,
}

/// How many accounts each trust rule discounted.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct TrustCounts {
    pub automated_rate: u64,
    pub ring_like: u64,
    pub recently_created: u64,
    pub trusted_list: u64,
}

/// One topic of a run.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TopicFigures {
    pub topic: String,
    pub accounts: u64,
    pub edges: u64,
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
    /// The components' weights in the overall score (renormalised over those with data).
    pub weights: ComponentWeights,
    pub trust: TrustCounts,
    pub topics: Vec<TopicFigures>,
}

/// A recorded run recomputed, with the accounts' identities.
pub(crate) struct Recomputed {
    pub model: Model,
    pub nodes: Nodes,
    pub taxonomy: Taxonomy,
}

impl Recomputed {
    pub fn compact(&self, account: i64) -> Option<u32> {
        self.nodes.compact.get(&account).copied()
    }
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
    let taxonomy = options.taxonomy.clone().unwrap_or_default();
    let span = tracing::info_span!("score", as_of);
    let _guard = span.enter();
    let spinner = progress.spinner("reading events");
    let clock = std::time::Instant::now();
    let (model, nodes) = {
        let (input, nodes) = load(store, as_of, &taxonomy, &options.trusted)?;
        tracing::info!(
            elapsed_ms = clock.elapsed().as_millis() as u64,
            events = input.events.len(),
            "events read"
        );
        spinner.set_message("computing scores");
        let clock = std::time::Instant::now();
        let model = compute(input, &config);
        tracing::info!(elapsed_ms = clock.elapsed().as_millis() as u64, "model computed");
        (model, nodes)
    };
    spinner.set_message("recording scores");
    let world = Recomputed { model, nodes, taxonomy };
    let summary = record_run(store, &world, &options.trusted)?;
    spinner.finish_and_clear();
    Ok(summary)
}

/// Records a computed world as a score run (its configuration, taxonomy and trusted list with
/// it, so that the run can be recomputed exactly).
pub(crate) fn record_run(
    store: &mut Store,
    world: &Recomputed,
    trusted: &[AccountKey],
) -> Result<ScoreSummary, PipelineError> {
    let (model, nodes, taxonomy) = (&world.model, &world.nodes, &world.taxonomy);
    let (config, as_of) = (&model.config, model.as_of);
    let clock = std::time::Instant::now();
    let rows: Vec<ScoreRow> = nodes
        .ids
        .iter()
        .enumerate()
        .map(|(c, &id)| {
            let a = &model.accounts[c];
            ScoreRow {
                account: id,
                score: a.score,
                percentile: a.percentile,
                components: a.values,
                component_percentiles: a.percentiles,
                outreach_level: a.outreach_level,
                rank: a.raw[Component::Authority.index()],
                trust: model.trust[c].value,
                lang: nodes.langs[c].clone(),
            }
        })
        .collect();
    let mut topic_rows = Vec::new();
    let mut topics = Vec::new();
    for t in &model.topics {
        let id = taxonomy.topics()[t.topic].id().to_owned();
        topics.push(TopicFigures {
            topic: id.clone(),
            accounts: t.scores.len() as u64,
            edges: t.edges as u64,
        });
        topic_rows.extend(t.scores.iter().map(|s| TopicScoreRow {
            topic: id.clone(),
            account: nodes.ids[s.account as usize],
            score: s.score,
            rank: s.rank,
            percentile: s.percentile,
        }));
    }
    let trust = trust_counts(model);
    let weights = weights_of(&model.weights);
    let summary = serde_json::json!({
        "weights": weights,
        "scales": model.scales.iter().zip(Component::ALL).map(|(s, c)| (c.as_str(), s)).collect::<std::collections::BTreeMap<_, _>>(),
        "trust": trust,
        "topics": topics,
    });
    let shown = model.facts.iter().filter(|f| f.shown).count() as u64;
    let run = NewScoreRun {
        as_of,
        config: config_json(config, taxonomy, trusted),
        summary: summary.to_string(),
        nodes: nodes.ids.len() as u64,
        edges: model.engagement_pairs as u64,
        shown,
        iterations: model.authority.iterations,
        residual: model.authority.residual,
        converged: model.authority.converged,
    };
    let id = store.save_score_run(&run, &rows, &topic_rows)?;
    tracing::info!(elapsed_ms = clock.elapsed().as_millis() as u64, "snapshot recorded");
    tracing::info!(
        run = id,
        nodes = run.nodes,
        edges = run.edges,
        iterations = run.iterations,
        topics = topics.len(),
        "score run recorded"
    );
    Ok(ScoreSummary {
        run: id,
        as_of,
        accounts: run.nodes,
        shown,
        edges: run.edges,
        iterations: run.iterations,
        residual: run.residual,
        converged: run.converged,
        weights,
        trust,
        topics,
    })
}

/// Recomputes a recorded run from the store, with the configuration it recorded. Events
/// ingested since, dated at or before the run's instant, make the recomputation differ from the
/// snapshot: callers compare and say so.
pub(crate) fn recompute(store: &Store, run: &ScoreRun) -> Result<Recomputed, PipelineError> {
    let (config, taxonomy, trusted) = config_from_json(&run.run.config)?;
    let (input, nodes) = load(store, run.run.as_of, &taxonomy, &trusted)?;
    Ok(Recomputed {
        model: compute(input, &config),
        nodes,
        taxonomy,
    })
}

fn load(
    store: &Store,
    as_of: Instant,
    taxonomy: &Taxonomy,
    trusted: &[AccountKey],
) -> Result<(sillage_score::model::ModelInput, Nodes), PipelineError> {
    let accounts: Vec<AccountMeta> = store
        .accounts()?
        .into_iter()
        .map(|a| AccountMeta {
            id: a.id,
            key: a.key,
            opt_out: a.opt_out,
            created_at: a.created_at,
            followers: a.followers,
            following: a.following,
            lang: a.lang,
        })
        .collect();
    let builder = read_events(store, as_of, taxonomy)?;
    let (input, nodes) = builder.finish(&accounts, trusted, as_of);
    if nodes.ids.is_empty() {
        return Err(PipelineError::NoEventsAsOf(sillage_model::format_instant(as_of)));
    }
    Ok((input, nodes))
}

/// Rows handed from the store's thread to the builder's at a time, and batches in flight.
const ROW_BATCH: usize = 4096;
const ROW_BATCHES: usize = 16;

/// Every event at or before `as_of` added to a new builder, in storage order. Decoding rows from
/// SQLite and building the input (topic matching, content ids) take about as long as each other,
/// so they run on two threads joined by a bounded channel: the builder sees the same rows in the
/// same order as it would on one thread, so the input is the same, in about 60 % of the time.
fn read_events(store: &Store, as_of: Instant, taxonomy: &Taxonomy) -> Result<InputBuilder, PipelineError> {
    std::thread::scope(|scope| {
        let (tx, rx) = crossbeam_channel::bounded::<Vec<sillage_store::EventRow>>(ROW_BATCHES);
        let builder = std::thread::Builder::new()
            .name("sillage-input".into())
            .spawn_scoped(scope, move || {
                let mut builder = InputBuilder::new(taxonomy);
                for batch in rx {
                    for row in &batch {
                        builder.add_row(row);
                    }
                }
                builder
            })
            .map_err(|e| PipelineError::Refused(format!("cannot start a thread to read the events: {e}")))?;
        let mut batch = Vec::with_capacity(ROW_BATCH);
        let read = store.for_each_event_row(as_of, |row| {
            batch.push(row);
            if batch.len() == ROW_BATCH {
                // A failed send means the builder panicked: the join below passes the panic on.
                let _ = tx.send(std::mem::replace(&mut batch, Vec::with_capacity(ROW_BATCH)));
            }
        });
        if !batch.is_empty() {
            let _ = tx.send(batch);
        }
        drop(tx);
        let builder = builder.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        read?;
        Ok(builder)
    })
}

pub(crate) fn trust_counts(model: &Model) -> TrustCounts {
    let mut t = TrustCounts::default();
    for x in &model.trust {
        t.automated_rate += u64::from(x.bot < 1.0);
        t.ring_like += u64::from(x.ring < 1.0);
        t.recently_created += u64::from(x.fresh < 1.0);
        t.trusted_list += u64::from(x.trusted);
    }
    t
}

pub(crate) fn weights_of(w: &[f64; 5]) -> ComponentWeights {
    ComponentWeights {
        authority: w[0],
        reach: w[1],
        amplification: w[2],
        activity: w[3],
        outreach: w[4],
    }
}

/// Every parameter of the run, the taxonomy and the trusted list included, recorded with it so
/// that a score can always be reproduced.
fn config_json(config: &ScoreConfig, taxonomy: &Taxonomy, trusted: &[AccountKey]) -> String {
    serde_json::json!({
        "half_life_seconds": config.half_life.seconds(),
        "damping": config.pagerank.damping,
        "tolerance": config.pagerank.tolerance,
        "max_iterations": config.pagerank.max_iterations,
        "kind_weights": config.kind_weights,
        "weights": config.weights,
        "trust": config.trust,
        "burst": config.burst,
        "components": config.components,
        "taxonomy": taxonomy.to_json(),
        "trusted": trusted.iter().map(|k| k.to_string()).collect::<Vec<_>>(),
    })
    .to_string()
}

/// Reads a recorded run's configuration back.
pub(crate) fn config_from_json(json: &str) -> Result<(ScoreConfig, Taxonomy, Vec<AccountKey>), PipelineError> {
    let bad =
        |what: &str| PipelineError::Store(sillage_store::StoreError::Corrupt(format!("score run config: {what}")));
    let v: serde_json::Value = serde_json::from_str(json).map_err(|_| bad("not JSON"))?;
    let num = |key: &str| -> Result<f64, PipelineError> { v[key].as_f64().ok_or_else(|| bad(key)) };
    fn part<T: serde::de::DeserializeOwned>(v: &serde_json::Value, key: &str) -> Option<T> {
        serde_json::from_value(v[key].clone()).ok()
    }
    let config = ScoreConfig {
        half_life: sillage_model::HalfLife::from_seconds(num("half_life_seconds")?).ok_or_else(|| bad("half-life"))?,
        pagerank: sillage_graph::PageRankConfig {
            damping: num("damping")?,
            tolerance: num("tolerance")?,
            max_iterations: num("max_iterations")? as u32,
        },
        kind_weights: part::<KindWeights>(&v, "kind_weights").ok_or_else(|| bad("kind_weights"))?,
        weights: part::<ComponentWeights>(&v, "weights").ok_or_else(|| bad("weights"))?,
        trust: part::<TrustParams>(&v, "trust").ok_or_else(|| bad("trust"))?,
        burst: part::<BurstParams>(&v, "burst").ok_or_else(|| bad("burst"))?,
        components: part::<ComponentParams>(&v, "components").ok_or_else(|| bad("components"))?,
    };
    let taxonomy = Taxonomy::from_json(&v["taxonomy"]).map_err(|e| bad(&format!("taxonomy: {e}")))?;
    let trusted = v["trusted"]
        .as_array()
        .ok_or_else(|| bad("trusted"))?
        .iter()
        .map(|k| {
            k.as_str()
                .and_then(|k| AccountKey::parse(k).ok())
                .ok_or_else(|| bad("trusted key"))
        })
        .collect::<Result<_, _>>()?;
    Ok((config, taxonomy, trusted))
}
