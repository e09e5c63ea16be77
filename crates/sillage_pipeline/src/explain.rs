//! Explaining one account's rank from the store: teleport share, contributors, their events.

use std::collections::HashMap;

use sillage_model::{AccountKey, Instant};
use sillage_score::{EdgeEvent, InEvent, NeighbourState, explain};
use sillage_store::{AccountRow, ScoreRun, Store};

use crate::PipelineError;
use crate::score::config_from_json;

/// How opted-out engagers appear: their engagement counts, their identity is never shown (P7).
pub const ANONYMOUS: &str = "(an opted-out account)";

/// One engager's part of the rank, ready to print.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ContributorView {
    /// The engager's store id, to match contributors across runs; never printed (opted-out
    /// engagers must stay anonymous).
    #[serde(skip)]
    pub(crate) engager: i64,
    /// `network:handle`, or an anonymous label for an opted-out account.
    pub account: String,
    /// The part of the explained rank this engager passed on.
    pub contribution: f64,
    /// `contribution / rank`.
    pub share: f64,
    /// The engager's own rank (previous iterate), the value it passes on.
    pub engager_rank: f64,
    /// Decayed weight of the engager's engagements with the explained account.
    pub edge_weight: f64,
    /// Decayed weight of all the engager's engagements: the contribution is divided by it.
    pub out_weight: f64,
    /// How many events built the edge.
    pub events_total: usize,
    /// The newest of them (all of them when not limited).
    pub events: Vec<EdgeEvent>,
}

/// A rank decomposed: `teleport + Σ contributors + others = rank`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AccountExplanation {
    pub account: String,
    pub name: Option<String>,
    pub run: i64,
    pub as_of: Instant,
    pub rank: f64,
    pub score: f64,
    pub percentile: f64,
    pub position: u64,
    /// The part of the rank that comes from teleport and dangling mass.
    pub teleport: f64,
    /// Contributions of engagers not listed (beyond the limit).
    pub others: f64,
    pub contributors_total: usize,
    pub contributors: Vec<ContributorView>,
    /// `teleport + Σ contributions + others`, which equals `rank` up to one sum's rounding.
    pub sum: f64,
}

/// Finds an account from `network:handle`, or from a bare handle that only one network has.
pub fn resolve_account(store: &Store, name: &str) -> Result<AccountRow, PipelineError> {
    let found = if name.contains(':') {
        let key = AccountKey::parse(name).map_err(|e| PipelineError::Refused(e.to_string()))?;
        match store.account(&key)? {
            Some(a) => vec![a],
            None => store.accounts_by_handle(name)?,
        }
    } else {
        store.accounts_by_handle(name)?
    };
    let found: Vec<AccountRow> = found.into_iter().filter(|a| !a.opt_out).collect();
    match found.len() {
        0 => Err(PipelineError::UnknownAccount(name.to_owned())),
        1 => Ok(found.into_iter().next().expect("one account")),
        _ => Err(PipelineError::AmbiguousAccount {
            handle: name.to_owned(),
            candidates: found.iter().map(|a| a.key.to_string()).collect::<Vec<_>>().join(", "),
        }),
    }
}

/// Explains `name`'s rank in the latest run. `limit` caps the contributors listed and `events`
/// the events per contributor (0: no cap); what is not listed is summed in `others`.
pub fn explain_account(
    store: &Store,
    name: &str,
    limit: usize,
    max_events: usize,
) -> Result<AccountExplanation, PipelineError> {
    let run = store.latest_score_run()?.ok_or(PipelineError::NoScoreRun)?;
    let account = resolve_account(store, name)?;
    explain_in_run(store, &run, &account, limit, max_events)
}

/// Explains `account`'s rank in a given score run (see [`explain_account`]).
pub(crate) fn explain_in_run(
    store: &Store,
    run: &ScoreRun,
    account: &AccountRow,
    limit: usize,
    max_events: usize,
) -> Result<AccountExplanation, PipelineError> {
    let row = store
        .account_score(run.id, account.id)?
        .ok_or_else(|| PipelineError::NotScored {
            account: account.key.to_string(),
            as_of: sillage_model::format_instant(run.run.as_of),
        })?;
    let config = config_from_json(&run.run.config)?;
    let as_of = run.run.as_of;
    let in_events = store.in_events(account.id, as_of)?;
    let mut engagers: Vec<i64> = in_events.iter().map(|e| e.engager).collect();
    engagers.sort_unstable();
    engagers.dedup();
    let states = store.neighbour_states(run.id, &engagers)?;
    let events: Vec<InEvent<i64>> = in_events
        .into_iter()
        .map(|e| InEvent {
            engager: e.engager,
            event_id: e.event_id,
            kind: e.kind,
            at: e.at,
        })
        .collect();
    // The same teleport arithmetic as the kernel's last step, for a uniform teleport.
    let d = run.run.damping;
    let teleport = (1.0 / run.run.nodes as f64) * ((1.0 - d) + d * run.run.dangling_previous);
    let explanation = explain(row.rank, teleport, as_of, &config, events, |u| {
        states
            .get(u)
            .map(|&(previous, out_weight)| NeighbourState { previous, out_weight })
    });
    let listed: Vec<i64> = explanation
        .contributors
        .iter()
        .take(cap(limit))
        .map(|c| c.engager)
        .collect();
    let names = names_of(store, &listed)?;
    let contributors_total = explanation.contributors.len();
    let mut others = 0.0;
    let mut contributors = Vec::new();
    for (i, c) in explanation.contributors.into_iter().enumerate() {
        if i >= cap(limit) {
            others += c.contribution;
            continue;
        }
        let events_total = c.events.len();
        contributors.push(ContributorView {
            engager: c.engager,
            account: names.get(&c.engager).cloned().unwrap_or_else(|| ANONYMOUS.to_owned()),
            contribution: c.contribution,
            share: c.contribution / row.rank,
            engager_rank: c.engager_rank,
            edge_weight: c.edge_weight,
            out_weight: c.out_weight,
            events_total,
            events: c.events.into_iter().take(cap(max_events)).collect(),
        });
    }
    let sum = teleport + contributors.iter().map(|c| c.contribution).sum::<f64>() + others;
    Ok(AccountExplanation {
        account: row.key.to_string(),
        name: row.name,
        run: run.id,
        as_of,
        rank: row.rank,
        score: row.score,
        percentile: row.percentile,
        position: store.position(run.id, row.rank)?,
        teleport,
        others,
        contributors_total,
        contributors,
        sum,
    })
}

fn cap(limit: usize) -> usize {
    if limit == 0 { usize::MAX } else { limit }
}

/// `network:handle` of the given accounts, leaving out opted-out ones.
fn names_of(store: &Store, ids: &[i64]) -> Result<HashMap<i64, String>, PipelineError> {
    let mut out = HashMap::new();
    for &id in ids {
        if let Some(a) = store.account_by_id(id)?
            && !a.opt_out
        {
            out.insert(id, a.key.to_string());
        }
    }
    Ok(out)
}
