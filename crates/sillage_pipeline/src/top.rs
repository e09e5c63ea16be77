//! The leaderboard of the latest score run.

use sillage_model::Instant;
use sillage_store::Store;

use crate::PipelineError;

/// One line of the leaderboard.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RankedAccount {
    /// 1-based position among shown accounts.
    pub position: u64,
    /// `network:handle`.
    pub account: String,
    pub name: Option<String>,
    /// 1–100.
    pub score: f64,
    /// Share of shown accounts with a lower authority, 0–100.
    pub percentile: f64,
    /// Authority: the account's PageRank mass (all accounts sum to 1).
    pub rank: f64,
}

/// The leaderboard and the run it comes from.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TopList {
    pub run: i64,
    pub as_of: Instant,
    /// Accounts shown in the run (the percentiles' population).
    pub shown: u64,
    pub accounts: Vec<RankedAccount>,
}

/// The `limit` highest-ranked shown accounts of the latest run.
pub fn top_accounts(store: &Store, limit: usize) -> Result<TopList, PipelineError> {
    let run = store.latest_score_run()?.ok_or(PipelineError::NoScoreRun)?;
    let rows = store.top(run.id, limit)?;
    let accounts = rows
        .into_iter()
        .enumerate()
        .map(|(i, r)| RankedAccount {
            position: i as u64 + 1,
            account: r.key.to_string(),
            name: r.name,
            score: r.score,
            percentile: r.percentile,
            rank: r.rank,
        })
        .collect();
    Ok(TopList {
        run: run.id,
        as_of: run.run.as_of,
        shown: run.run.shown,
        accounts,
    })
}
