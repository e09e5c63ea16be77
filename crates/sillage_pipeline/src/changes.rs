//! What changed in an account's score between an earlier score run and the latest one, and why:
//! how each component moved, and which accounts' contributions appeared, rose, fell, decayed or
//! went away.
//!
//! Both runs are explained exactly by their ledgers (points add up to the score), so the
//! differences add up too: `score_now − score_then = Σ Δcontributor + Δown`, where a
//! contributor's points are its engagements, follows and reactions across the components and
//! `own` is everything that is the account's own doing (activity, outreach, reported followers).

use std::collections::BTreeMap;

use sillage_model::Instant;
use sillage_score::model::{Component, Ledger, LineSource};
use sillage_store::Store;

use crate::explain::{ANONYMOUS, Names};
use crate::score::{Recomputed, recompute};
use crate::top::Components;
use crate::{PipelineError, resolve_account};

/// An account's figures in one run.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RunFigures {
    pub run: i64,
    pub as_of: Instant,
    pub score: f64,
    pub percentile: f64,
    pub components: Components,
}

/// How a contributor's part moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    /// Contributes now, did not before.
    Appeared,
    /// Contributed before, does not now (possible when the latest run describes an earlier
    /// instant, or its engagement now counts for nothing).
    Gone,
    /// Contributes more, with new events since the earlier run.
    Rose,
    /// Contributes more with no new event: its own standing grew.
    Lifted,
    /// Contributes less although it engaged again since the earlier run.
    Fell,
    /// Contributes less and did not engage again: its events aged (half-life), or others
    /// gained more.
    Decayed,
}

/// One contributor's change, in points of the overall score.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ContributorChange {
    pub account: String,
    pub kind: ChangeKind,
    pub before: f64,
    pub after: f64,
    pub change: f64,
    /// Its events between the two instants.
    pub new_events: usize,
}

/// The comparison of two runs for one account.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ExplanationChange {
    pub account: String,
    pub since: RunFigures,
    pub now: RunFigures,
    /// The change of the account's own points (the base, activity, outreach, reported counts).
    pub own_change: f64,
    /// Largest absolute change first.
    pub changes: Vec<ContributorChange>,
    /// `own_change + Σ change`, equal to the score's change up to rounding.
    pub sum: f64,
}

/// Compares the account's explanation in run `since` with the latest run.
pub fn explain_changes(store: &Store, name: &str, since: i64) -> Result<ExplanationChange, PipelineError> {
    let account = resolve_account(store, name)?;
    let now_run = store.latest_score_run()?.ok_or(PipelineError::NoScoreRun)?;
    let then_run = store.score_run(since)?.ok_or_else(|| {
        PipelineError::Refused(format!("there is no score run #{since}; see `sillage history {name}`"))
    })?;
    let then_world = recompute(store, &then_run)?;
    let now_world = if now_run.id == then_run.id {
        None
    } else {
        Some(recompute(store, &now_run)?)
    };
    let now_world = now_world.as_ref().unwrap_or(&then_world);
    let not_scored = |run: &sillage_store::ScoreRun| PipelineError::NotScored {
        account: account.key.to_string(),
        as_of: sillage_model::format_instant(run.run.as_of),
    };
    let then = parts(&then_world, account.id).ok_or_else(|| not_scored(&then_run))?;
    let now = parts(now_world, account.id).ok_or_else(|| not_scored(&now_run))?;
    let (lo, hi) = (
        then_run.run.as_of.min(now_run.run.as_of),
        then_run.run.as_of.max(now_run.run.as_of),
    );
    let mut merged: BTreeMap<String, (f64, f64, usize)> = BTreeMap::new();
    for (name, (points, _)) in &then.contributors {
        merged.entry(name.clone()).or_default().0 = *points;
    }
    for (name, (points, instants)) in &now.contributors {
        let e = merged.entry(name.clone()).or_default();
        e.1 = *points;
        e.2 = instants.values().filter(|&&at| at > lo && at <= hi).count();
    }
    let mut changes: Vec<ContributorChange> = merged
        .into_iter()
        .filter(|(_, (before, after, _))| before != after)
        .map(|(account, (before, after, new_events))| {
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
    let own_change = now.own - then.own;
    let sum = own_change + changes.iter().map(|c| c.change).sum::<f64>();
    Ok(ExplanationChange {
        account: account.key.to_string(),
        since: then.figures(then_run.id, then_run.run.as_of),
        now: now.figures(now_run.id, now_run.run.as_of),
        own_change,
        changes,
        sum,
    })
}

/// One run's ledger, grouped by contributor.
struct Parts {
    score: f64,
    percentile: f64,
    components: [f64; 5],
    /// Name → (score points, its events by index with their instants).
    contributors: BTreeMap<String, (f64, BTreeMap<usize, Instant>)>,
    own: f64,
}

impl Parts {
    fn figures(&self, run: i64, as_of: Instant) -> RunFigures {
        RunFigures {
            run,
            as_of,
            score: self.score,
            percentile: self.percentile,
            components: Components::from_array(self.components),
        }
    }
}

fn parts(world: &Recomputed, account: i64) -> Option<Parts> {
    let v = world.compact(account)?;
    let ledger: Ledger = world.model.ledger(v)?;
    let names = Names::new(world);
    let result = &world.model.accounts[v as usize];
    let mut contributors: BTreeMap<String, (f64, BTreeMap<usize, Instant>)> = BTreeMap::new();
    let mut own = ledger.base;
    for c in &ledger.components {
        let by_others = matches!(
            c.component,
            Component::Authority | Component::Reach | Component::Amplification
        );
        for l in &c.lines {
            match (by_others, l.counterpart, l.source) {
                (true, Some(u), source) => {
                    let name = names.of(u);
                    let name = if name == ANONYMOUS { ANONYMOUS.to_owned() } else { name };
                    let entry = contributors.entry(name).or_default();
                    entry.0 += l.score_points;
                    if let LineSource::Event { index } = source {
                        // An event may earn points in several components; count it once.
                        entry.1.insert(index, world.model.events[index].at);
                    }
                }
                _ => own += l.score_points,
            }
        }
    }
    Some(Parts {
        score: result.score?,
        percentile: result.percentile?,
        components: result.values?,
        contributors,
        own,
    })
}
