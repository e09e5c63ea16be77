//! What changed in an account's authority between an earlier score run and the latest one, and
//! why: which contributors appeared, rose, fell, decayed or went away.
//!
//! Both runs are explained exactly (teleport + contributions = rank), so the differences add up:
//! `rank_now − rank_then = Δteleport + Σ Δcontribution`.

use std::collections::BTreeMap;

use sillage_model::Instant;
use sillage_store::Store;

use crate::explain::explain_in_run;
use crate::{PipelineError, resolve_account};

/// An account's figures in one run.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RunFigures {
    pub run: i64,
    pub as_of: Instant,
    pub rank: f64,
    pub score: f64,
    pub percentile: f64,
}

/// How a contributor's part moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    /// Contributes now, did not before.
    Appeared,
    /// Contributed before, does not now: none of its engagements counts as of the latest run
    /// (possible when the latest run describes an earlier instant).
    Gone,
    /// Contributes more, with new engagements since the earlier run.
    Rose,
    /// Contributes more with no new engagement: its own authority grew.
    Lifted,
    /// Contributes less although it engaged again since the earlier run (it spread its
    /// engagement over more accounts, or its own authority fell).
    Fell,
    /// Contributes less and did not engage again: its events aged (half-life) or it engaged
    /// others more.
    Decayed,
}

/// One contributor's change.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ContributorChange {
    pub account: String,
    pub kind: ChangeKind,
    pub before: f64,
    pub after: f64,
    pub change: f64,
    /// Engagements with the account between the two instants.
    pub new_events: usize,
}

/// The comparison of two runs for one account.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ExplanationChange {
    pub account: String,
    pub since: RunFigures,
    pub now: RunFigures,
    pub teleport_change: f64,
    /// Largest absolute change first.
    pub changes: Vec<ContributorChange>,
}

/// Compares the account's explanation in run `since` with the latest run.
pub fn explain_changes(store: &Store, name: &str, since: i64) -> Result<ExplanationChange, PipelineError> {
    let account = resolve_account(store, name)?;
    let now_run = store.latest_score_run()?.ok_or(PipelineError::NoScoreRun)?;
    let then_run = store.score_run(since)?.ok_or_else(|| {
        PipelineError::Refused(format!("there is no score run #{since}; see `sillage history {name}`"))
    })?;
    let then = explain_in_run(store, &then_run, &account, 0, 0)?;
    let now = explain_in_run(store, &now_run, &account, 0, 0)?;
    let mut parts: BTreeMap<i64, (String, f64, f64, usize)> = BTreeMap::new();
    for c in &then.contributors {
        parts.insert(c.engager, (c.account.clone(), c.contribution, 0.0, 0));
    }
    let (lo, hi) = (then.as_of.min(now.as_of), then.as_of.max(now.as_of));
    for c in &now.contributors {
        let new_events = c.events.iter().filter(|e| e.at > lo && e.at <= hi).count();
        let entry = parts
            .entry(c.engager)
            .or_insert_with(|| (c.account.clone(), 0.0, 0.0, 0));
        entry.2 = c.contribution;
        entry.3 = new_events;
    }
    let mut changes: Vec<ContributorChange> = parts
        .into_values()
        .filter(|(_, before, after, _)| before != after)
        .map(|(account, before, after, new_events)| {
            let kind = match (before > 0.0, after > 0.0) {
                (false, _) => ChangeKind::Appeared,
                (true, false) => ChangeKind::Gone,
                _ if after > before && new_events > 0 => ChangeKind::Rose,
                _ if after > before => ChangeKind::Lifted,
                _ if new_events > 0 => ChangeKind::Fell,
                _ => ChangeKind::Decayed,
            };
            ContributorChange {
                account,
                kind,
                before,
                after,
                change: after - before,
                new_events,
            }
        })
        .collect();
    changes.sort_by(|a, b| {
        b.change
            .abs()
            .total_cmp(&a.change.abs())
            .then_with(|| a.account.cmp(&b.account))
    });
    let figures = |x: &crate::AccountExplanation| RunFigures {
        run: x.run,
        as_of: x.as_of,
        rank: x.rank,
        score: x.score,
        percentile: x.percentile,
    };
    Ok(ExplanationChange {
        account: now.account.clone(),
        since: figures(&then),
        now: figures(&now),
        teleport_change: now.teleport - then.teleport,
        changes,
    })
}
