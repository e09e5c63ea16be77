//! Explaining one account's score from the store: components, authority's contributors with their
//! events, and on request the full ledger of every contributing event.
//!
//! A recorded run is recomputed from the store with the configuration it recorded (P8 makes that
//! exact); the explanation is of that recomputation, and says so if the store has changed under
//! the run since (events dated before its instant ingested later).

use std::collections::HashMap;

use sillage_model::{AccountKey, Instant};
use sillage_score::model::{Component, Ledger, LineSource};
use sillage_store::{AccountRow, ScoreRun, Store};

use crate::PipelineError;
use crate::score::{Recomputed, recompute};

/// How opted-out accounts appear: their engagement counts, their identity is never shown (P7).
pub const ANONYMOUS: &str = "(an opted-out account)";

/// One component of the score.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ComponentView {
    pub component: &'static str,
    /// 0–100.
    pub value: f64,
    pub percentile: f64,
    /// Its weight in the overall score.
    pub weight: f64,
    /// `0.99 · weight · value`: its points in the overall score.
    pub points: f64,
}

/// One event behind a contribution or a ledger line.
#[derive(Debug, Clone, serde::Serialize)]
pub struct EventView {
    pub event_id: String,
    pub kind: &'static str,
    pub at: Instant,
    /// Its weight before the rules (kind weight × decay).
    pub weight: f64,
    /// Its weight after them.
    pub counted: f64,
    /// Its share of the contribution (authority units) or of the component (points).
    pub points: f64,
}

/// One engager's part of the authority.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ContributorView {
    /// `network:handle`, or an anonymous label for an opted-out account.
    pub account: String,
    /// The part of the explained authority this engager passed on.
    pub contribution: f64,
    /// `contribution / authority`.
    pub share: f64,
    /// The engager's trust (0–1) and why it is below 1.
    pub trust: f64,
    pub trust_reasons: Vec<&'static str>,
    /// How many events built the edge.
    pub events_total: usize,
    /// The newest of them (all of them when not limited).
    pub events: Vec<EventView>,
}

/// Authority decomposed: `standing + Σ contributors + others = authority`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AuthorityView {
    /// The raw PageRank mass.
    pub rank: f64,
    /// The trust-seeded teleport share every account holds; not counted in the authority value,
    /// which shares `rank − standing` among the contributors.
    pub standing: f64,
    /// Contributions of engagers not listed (before the offset or beyond the limit).
    pub others: f64,
    pub contributors_total: usize,
    pub contributors: Vec<ContributorView>,
    /// Engagers whose every vote was discounted to nothing (trust 0): listed in the ledger with 0
    /// points, not here.
    pub discounted_engagers: usize,
    /// `standing + Σ contributions + others`, equal to `rank` up to one sum's rounding.
    pub sum: f64,
}

/// A topic the account is scored in.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TopicView {
    pub topic: String,
    pub label_fr: String,
    pub label_en: String,
    pub score: f64,
    pub percentile: f64,
}

/// One line of the ledger.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LineView {
    /// `event` or `reported_followers`.
    pub source: &'static str,
    pub event_id: Option<String>,
    pub kind: Option<&'static str>,
    pub at: Option<Instant>,
    /// The other account (engager, follower, account engaged with), anonymous if opted out.
    pub account: Option<String>,
    pub full: f64,
    pub counted: f64,
    pub points: f64,
    pub score_points: f64,
    pub discounts: Vec<sillage_score::model::Discount>,
}

/// One component's ledger.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LedgerComponentView {
    pub component: &'static str,
    pub value: f64,
    pub weight: f64,
    pub score_points: f64,
    pub notes: Vec<String>,
    pub lines_total: usize,
    pub lines: Vec<LineView>,
    /// Points of lines not listed (beyond the limit).
    pub others: f64,
}

/// The activity statement: `base + Σ components' score points = score`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LedgerView {
    pub base: f64,
    pub components: Vec<LedgerComponentView>,
    /// `base + Σ score points`, equal to the score up to rounding.
    pub sum: f64,
}

/// An account's score explained.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AccountExplanation {
    pub account: String,
    pub name: Option<String>,
    pub run: i64,
    pub as_of: Instant,
    pub score: f64,
    pub percentile: f64,
    pub position: u64,
    pub components: Vec<ComponentView>,
    pub outreach_level: u32,
    pub trust: f64,
    pub trust_reasons: Vec<&'static str>,
    /// The topics where the account has a positive topic score, best first.
    pub topics: Vec<TopicView>,
    pub authority: AuthorityView,
    pub ledger: Option<LedgerView>,
    /// `false` when the store received events dated before the run's instant after the run was
    /// recorded: the figures above are a fresh computation and differ from the snapshot.
    pub matches_snapshot: bool,
}

/// How much to list.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExplainOptions {
    /// Contributors listed (0: all).
    pub limit: usize,
    /// Contributors skipped before those listed, strongest first (paging).
    pub offset: usize,
    /// Events per contributor (0: all).
    pub max_events: usize,
    /// Include the ledger.
    pub ledger: bool,
    /// Ledger lines per component (0: all).
    pub ledger_lines: usize,
}

/// Finds an account from `network:handle`, from a bare handle that only one network has, or
/// from a username (`network:username` or a bare one, without case: Twitter screen names for
/// numeric ids, Bluesky handles for DIDs).
pub fn resolve_account(store: &Store, name: &str) -> Result<AccountRow, PipelineError> {
    let mut found = if name.contains(':') {
        let key = AccountKey::parse(name).map_err(|e| PipelineError::Refused(e.to_string()))?;
        match store.account(&key)? {
            Some(a) => vec![a],
            None => store.accounts_by_handle(name)?,
        }
    } else {
        store.accounts_by_handle(name)?
    };
    if found.is_empty() {
        let bare = name.trim_start_matches('@');
        found = match bare.split_once(':') {
            Some((net, user)) if !net.is_empty() && !net.contains('@') => store
                .accounts_by_username(user.trim_start_matches('@'))?
                .into_iter()
                .filter(|a| a.key.net == net)
                .collect(),
            _ => store.accounts_by_username(bare)?,
        };
    }
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

/// Explains `name`'s score in the latest run.
pub fn explain_account(
    store: &Store,
    name: &str,
    options: ExplainOptions,
) -> Result<AccountExplanation, PipelineError> {
    let run = store.latest_score_run()?.ok_or(PipelineError::NoScoreRun)?;
    let account = resolve_account(store, name)?;
    let world = recompute(store, &run)?;
    explain_in_run(store, &run, &world, &account, options)
}

/// Explains `account`'s score in a recomputed run.
pub(crate) fn explain_in_run(
    store: &Store,
    run: &ScoreRun,
    world: &Recomputed,
    account: &AccountRow,
    options: ExplainOptions,
) -> Result<AccountExplanation, PipelineError> {
    let not_scored = || PipelineError::NotScored {
        account: account.key.to_string(),
        as_of: sillage_model::format_instant(run.run.as_of),
    };
    let stored = store.account_score(run.id, account.id)?.ok_or_else(not_scored)?;
    let v = world.compact(account.id).ok_or_else(not_scored)?;
    let head = Head {
        account: account.key.to_string(),
        name: account.name.clone(),
        run: run.id,
        as_of: run.run.as_of,
        position: store.position(run.id, stored.score)?,
        stored_score: Some(stored.score),
    };
    explain_core(store, world, v, head, options)
}

/// What an explanation says of the account and the computation beside the model's figures.
pub(crate) struct Head {
    pub account: String,
    pub name: Option<String>,
    /// The score run (0: the server's live snapshot).
    pub run: i64,
    pub as_of: Instant,
    pub position: u64,
    /// The score recorded by the run, to compare with the recomputation.
    pub stored_score: Option<f64>,
}

/// Explains compact account `v` of a computed world.
pub(crate) fn explain_core(
    store: &Store,
    world: &Recomputed,
    v: u32,
    head: Head,
    options: ExplainOptions,
) -> Result<AccountExplanation, PipelineError> {
    let not_scored = || PipelineError::NotScored {
        account: head.account.clone(),
        as_of: sillage_model::format_instant(head.as_of),
    };
    let model = &world.model;
    let result = &model.accounts[v as usize];
    let (Some(score), Some(percentile), Some(values), Some(pcts)) =
        (result.score, result.percentile, result.values, result.percentiles)
    else {
        return Err(not_scored());
    };
    let names = Names::new(world);
    let components = Component::ALL
        .iter()
        .map(|c| ComponentView {
            component: c.as_str(),
            value: values[c.index()],
            percentile: pcts[c.index()],
            weight: model.weights[c.index()],
            points: 0.99 * model.weights[c.index()] * values[c.index()],
        })
        .collect();
    let ledger = model.ledger(v).ok_or_else(not_scored)?;
    let authority = authority_view(store, world, &names, &ledger, v, options)?;
    let ledger_view = if options.ledger {
        Some(ledger_view(store, world, &names, &ledger, options.ledger_lines)?)
    } else {
        None
    };
    let mut topics: Vec<TopicView> = model
        .topics
        .iter()
        .filter_map(|t| {
            // Topics where the account is active but has earned nothing are not its topics.
            let s = t.scores.iter().find(|s| s.account == v && s.score > 0.0)?;
            let topic = &world.taxonomy.topics()[t.topic];
            Some(TopicView {
                topic: topic.id().to_owned(),
                label_fr: topic.fr().to_owned(),
                label_en: topic.en().to_owned(),
                score: s.score,
                percentile: s.percentile,
            })
        })
        .collect();
    topics.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.topic.cmp(&b.topic)));
    let trust = model.trust[v as usize];
    Ok(AccountExplanation {
        account: head.account,
        name: head.name,
        run: head.run,
        as_of: head.as_of,
        score,
        percentile,
        position: head.position,
        components,
        outreach_level: result.outreach_level,
        trust: trust.value,
        trust_reasons: trust.reasons(),
        topics,
        authority,
        ledger: ledger_view,
        matches_snapshot: head
            .stored_score
            .is_none_or(|stored| (stored - score).abs() <= 1e-9 * score.abs().max(1.0)),
    })
}

/// Account names by compact id, anonymous for opted-out accounts.
pub(crate) struct Names {
    names: Vec<Option<String>>,
}

impl Names {
    pub fn new(world: &Recomputed) -> Names {
        Names {
            names: world
                .nodes
                .keys
                .iter()
                .zip(&world.model.facts)
                .map(|(k, f)| f.shown.then(|| k.to_string()))
                .collect(),
        }
    }

    pub fn of(&self, compact: u32) -> String {
        self.names
            .get(compact as usize)
            .cloned()
            .flatten()
            .unwrap_or_else(|| ANONYMOUS.to_owned())
    }
}

/// The store's view of the model events named by ledger lines: ext ids, kinds, instants.
fn event_details(
    store: &Store,
    world: &Recomputed,
    indices: impl Iterator<Item = usize>,
) -> Result<HashMap<usize, sillage_store::EventSummary>, PipelineError> {
    let indices: Vec<usize> = indices.collect();
    let rows: Vec<i64> = indices.iter().map(|&i| world.model.events[i].origin as i64).collect();
    let found = store.events_by_row(&rows)?;
    let by_row: HashMap<i64, sillage_store::EventSummary> = found.into_iter().map(|e| (e.row, e)).collect();
    Ok(indices
        .into_iter()
        .zip(rows)
        .filter_map(|(i, r)| by_row.get(&r).cloned().map(|e| (i, e)))
        .collect())
}

fn authority_view(
    store: &Store,
    world: &Recomputed,
    names: &Names,
    ledger: &Ledger,
    v: u32,
    options: ExplainOptions,
) -> Result<AuthorityView, PipelineError> {
    let model = &world.model;
    let c = model.authority.contributions(&model.graph, v);
    let rank = model.authority.ranks[v as usize];
    let authority = &ledger.components[Component::Authority.index()];
    // Authority lines carry component points; convert back to rank units per event (the value
    // is shared among the contributions, which add up to the rank minus the standing).
    let value = authority.value;
    let earned = rank - c.teleport;
    let to_rank = |points: f64| if value > 0.0 { points / value * earned } else { 0.0 };
    let mut contributors: Vec<(u32, f64)> = c.neighbours.clone();
    contributors.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let total = contributors.len();
    let cap = |n: usize| if n == 0 { usize::MAX } else { n };
    let start = options.offset.min(total);
    let end = start.saturating_add(cap(options.limit)).min(total);
    let listed: Vec<(u32, f64)> = contributors[start..end].to_vec();
    // `+ 0.0` turns the empty sum's −0.0 into 0.0.
    let others: f64 = contributors[..start]
        .iter()
        .chain(&contributors[end..])
        .map(|x| x.1)
        .sum::<f64>()
        + 0.0;
    let mut by_engager: HashMap<u32, Vec<&sillage_score::model::LedgerLine>> = HashMap::new();
    for line in &authority.lines {
        if let (LineSource::Event { .. }, Some(u)) = (line.source, line.counterpart) {
            by_engager.entry(u).or_default().push(line);
        }
    }
    let discounted_engagers = by_engager
        .keys()
        .filter(|u| c.neighbours.binary_search_by_key(*u, |x| x.0).is_err())
        .count();
    // Each engager's events newest first.
    for lines in by_engager.values_mut() {
        lines.sort_by_key(|l| match l.source {
            LineSource::Event { index } => std::cmp::Reverse((model.events[index].at, index)),
            LineSource::ReportedFollowers { .. } => std::cmp::Reverse((0, 0)),
        });
    }
    let mut wanted = Vec::new();
    for (u, _) in &listed {
        let Some(lines) = by_engager.get(u) else { continue };
        wanted.extend(
            lines
                .iter()
                .take(cap(options.max_events))
                .filter_map(|l| match l.source {
                    LineSource::Event { index } => Some(index),
                    _ => None,
                }),
        );
    }
    let details = event_details(store, world, wanted.into_iter())?;
    let mut views = Vec::with_capacity(listed.len());
    for (u, contribution) in listed {
        let lines = by_engager.remove(&u).unwrap_or_default();
        let events_total = lines.len();
        let events = lines
            .iter()
            .take(cap(options.max_events))
            .filter_map(|l| {
                let LineSource::Event { index } = l.source else {
                    return None;
                };
                let e = details.get(&index)?;
                Some(EventView {
                    event_id: e.ext_id.clone(),
                    kind: e.kind.as_str(),
                    at: e.at,
                    weight: l.full,
                    counted: l.counted,
                    points: to_rank(l.points),
                })
            })
            .collect();
        let t = model.trust[u as usize];
        views.push(ContributorView {
            account: names.of(u),
            contribution,
            share: if rank > 0.0 { contribution / rank } else { 0.0 },
            trust: t.value,
            trust_reasons: if model.facts[u as usize].shown {
                t.reasons()
            } else {
                Vec::new()
            },
            events_total,
            events,
        });
    }
    let sum = c.teleport + views.iter().map(|x| x.contribution).sum::<f64>() + others;
    Ok(AuthorityView {
        rank,
        standing: c.teleport,
        others,
        contributors_total: total,
        contributors: views,
        discounted_engagers,
        sum,
    })
}

fn ledger_view(
    store: &Store,
    world: &Recomputed,
    names: &Names,
    ledger: &Ledger,
    per_component: usize,
) -> Result<LedgerView, PipelineError> {
    let cap = if per_component == 0 { usize::MAX } else { per_component };
    let indices = ledger.components.iter().flat_map(|c| {
        c.lines.iter().take(cap).filter_map(|l| match l.source {
            LineSource::Event { index } => Some(index),
            _ => None,
        })
    });
    let details = event_details(store, world, indices)?;
    let components = ledger
        .components
        .iter()
        .map(|c| {
            let lines: Vec<LineView> = c
                .lines
                .iter()
                .take(cap)
                .map(|l| {
                    let (source, detail) = match l.source {
                        LineSource::Event { index } => ("event", details.get(&index)),
                        LineSource::ReportedFollowers { .. } => ("reported_followers", None),
                    };
                    LineView {
                        source,
                        event_id: detail.map(|d| d.ext_id.clone()),
                        kind: detail.map(|d| d.kind.as_str()),
                        at: detail.map(|d| d.at),
                        account: l.counterpart.map(|u| names.of(u)),
                        full: l.full,
                        counted: l.counted,
                        points: l.points,
                        score_points: l.score_points,
                        discounts: l.discounts.clone(),
                    }
                })
                .collect();
            let others = c.lines.iter().skip(cap).map(|l| l.points).sum::<f64>() + 0.0;
            LedgerComponentView {
                component: c.component.as_str(),
                value: c.value,
                weight: c.weight,
                score_points: c.score_points,
                notes: c.notes.clone(),
                lines_total: c.lines.len(),
                lines,
                others,
            }
        })
        .collect();
    Ok(LedgerView {
        base: ledger.base,
        components,
        sum: ledger.total(),
    })
}
