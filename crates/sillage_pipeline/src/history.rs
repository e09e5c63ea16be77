//! An account's score over the recorded score runs.

use sillage_model::Instant;
use sillage_store::Store;

use crate::top::Components;
use crate::{PipelineError, resolve_account};

/// One score run's figures for the account.
#[derive(Debug, Clone, serde::Serialize)]
pub struct HistoryPoint {
    pub run: i64,
    pub as_of: Instant,
    pub score: f64,
    pub percentile: f64,
    pub components: Components,
}

/// The series, oldest instant first.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AccountHistory {
    pub account: String,
    pub name: Option<String>,
    pub points: Vec<HistoryPoint>,
}

/// The account's figures in every score run that showed it.
pub fn account_history(store: &Store, name: &str) -> Result<AccountHistory, PipelineError> {
    let account = resolve_account(store, name)?;
    let points = store
        .account_history(account.id)?
        .into_iter()
        .map(|h| HistoryPoint {
            run: h.run,
            as_of: h.as_of,
            score: h.score,
            percentile: h.percentile,
            components: Components::from_array(h.components),
        })
        .collect();
    Ok(AccountHistory {
        account: account.key.to_string(),
        name: account.name,
        points,
    })
}
