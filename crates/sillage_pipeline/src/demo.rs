//! The demo: a generated community, stored, scored, and the planted accounts located.

use std::path::Path;
use std::time::Instant as Clock;

use sillage_demo::{DemoConfig, generate};
use sillage_model::AccountKey;
use sillage_store::{IngestCounts, IngestOutcome, Store};

use crate::{PipelineError, Progress, ScoreOptions, ScoreSummary, TopList, TopOptions, compute_scores, top_accounts};

/// Marks a store as the demo's own, so that `sillage demo` never overwrites anything else.
const DEMO_MARK: &str = "demo_store";

/// Where one planted account landed.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PlantedResult {
    pub role: &'static str,
    pub account: String,
    pub topic: Option<String>,
    pub position: u64,
    pub score: f64,
    pub percentile: f64,
}

/// Everything the demo did and found.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DemoReport {
    pub seed: u64,
    pub accounts: usize,
    pub events: usize,
    pub generate_seconds: f64,
    pub ingest_seconds: f64,
    pub score_seconds: f64,
    pub ingest: IngestCounts,
    pub score: ScoreSummary,
    pub top: TopList,
    pub planted: Vec<PlantedResult>,
}

/// Generates the demo community into a fresh store at `db`, scores it and locates the planted
/// accounts. An existing file at `db` is replaced only if an earlier demo made it.
pub fn run_demo(db: &Path, config: &DemoConfig, top: usize, progress: Progress) -> Result<DemoReport, PipelineError> {
    if db.exists() {
        // Read-only: a file that is not the demo's own must be left exactly as it is.
        let mark = Store::peek_meta(db, DEMO_MARK).unwrap_or(None);
        if mark.as_deref() != Some("1") {
            return Err(PipelineError::Refused(format!(
                "{} exists and was not made by `sillage demo`; pass --db with another path",
                db.display()
            )));
        }
        for suffix in ["", "-wal", "-shm"] {
            let mut p = db.as_os_str().to_owned();
            p.push(suffix);
            let p = std::path::PathBuf::from(p);
            if p.exists() {
                std::fs::remove_file(&p)
                    .map_err(|e| PipelineError::Refused(format!("cannot remove {}: {e}", p.display())))?;
            }
        }
    }
    let clock = Clock::now();
    let spinner = progress.spinner("generating the demo community");
    let mut demo = generate(config);
    spinner.finish_and_clear();
    let generate_seconds = clock.elapsed().as_secs_f64();

    let clock = Clock::now();
    let mut store = Store::open(db)?;
    store.set_meta(DEMO_MARK, "1")?;
    let (accounts, events) = (demo.accounts.len(), demo.events.len());
    let bar = progress.bar((accounts + events) as u64, "storing", false);
    let mut ingest = store.begin_ingest(&["(generated demo)".to_owned()], false)?;
    for a in &demo.accounts {
        ingest.account(a)?;
    }
    for (i, e) in std::mem::take(&mut demo.events).into_iter().enumerate() {
        ingest.event(e)?;
        if i % 8192 == 0 {
            bar.set_position((accounts + i) as u64);
        }
    }
    let counts = ingest.finish(IngestOutcome::Completed)?;
    bar.finish_and_clear();
    let ingest_seconds = clock.elapsed().as_secs_f64();

    let clock = Clock::now();
    let score = compute_scores(&mut store, &ScoreOptions::default(), progress)?;
    let score_seconds = clock.elapsed().as_secs_f64();
    let top = top_accounts(
        &store,
        &TopOptions {
            limit: top,
            ..TopOptions::default()
        },
    )?;

    let mut planted = Vec::new();
    for p in &demo.planted {
        let key = AccountKey::new(demo.net.clone(), p.handle.clone());
        let Some(account) = store.account(&key)? else { continue };
        let Some(row) = store.account_score(score.run, account.id)? else {
            continue;
        };
        planted.push(PlantedResult {
            role: p.role.as_str(),
            account: key.to_string(),
            topic: p.topic.clone(),
            position: store.position(score.run, row.score)?,
            score: row.score,
            percentile: row.percentile,
        });
    }
    Ok(DemoReport {
        seed: config.seed,
        accounts,
        events,
        generate_seconds,
        ingest_seconds,
        score_seconds,
        ingest: counts,
        score,
        top,
        planted,
    })
}
