//! The ledger: Kred's activity statement for a recursive score.
//!
//! Every component is a sum of terms, most of them one event's: authority (what was earned, the
//! rank minus the trust-seeded teleport share) is one contribution per engager, split over that
//! engager's events in proportion to their damped weights; reach is one term per follower; amplification one per
//! counted reaction; activity one per active week, shared by that week's events; outreach one per
//! account engaged with, split over the engagements. A component's 0–100 value is shared among
//! its terms in proportion to them, so the points add up to the value, and the overall score is
//! `1 + 0.99 · Σ weight · value`, so the weighted points add up to the score minus 1.

use super::compute::{Model, amplification_of};
use super::{Component, NO_ACCOUNT, day_of};

/// Where a line's points come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum LineSource {
    /// An event, by index into [`Model::events`].
    Event { index: usize },
    /// Reach from a follower count reported in `accounts.jsonl` (no follow events).
    ReportedFollowers { count: u64 },
}

/// A rule that counted an event for less than its full weight.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Discount {
    pub rule: &'static str,
    /// What the rule multiplied the event's weight by, in [0, 1).
    pub factor: f64,
}

/// One line of the statement.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LedgerLine {
    pub source: LineSource,
    /// The other account: the engager, follower, or account engaged with.
    pub counterpart: Option<u32>,
    /// The event's weight before the rules (kind weight × decay; 1 for a follower).
    pub full: f64,
    /// The weight after them.
    pub counted: f64,
    /// Points in the component (0–100 scale).
    pub points: f64,
    /// Points in the overall score.
    pub score_points: f64,
    pub discounts: Vec<Discount>,
}

/// One component's part of the statement.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LedgerComponent {
    pub component: Component,
    /// 0–100.
    pub value: f64,
    /// Its weight in the overall score.
    pub weight: f64,
    /// `0.99 · weight · value`.
    pub score_points: f64,
    /// The raw quantity the value is computed from; the lines' terms add up to it.
    pub raw: f64,
    /// Plain-language notes on how the lines were counted.
    pub notes: Vec<String>,
    /// Largest first.
    pub lines: Vec<LedgerLine>,
}

/// An account's whole statement.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Ledger {
    pub account: u32,
    pub score: f64,
    /// The score everyone starts from.
    pub base: f64,
    pub components: Vec<LedgerComponent>,
}

impl Ledger {
    /// `base + Σ component points`: equals `score` up to rounding.
    pub fn total(&self) -> f64 {
        self.base + self.components.iter().map(|c| c.score_points).sum::<f64>()
    }
}

fn discount(out: &mut Vec<Discount>, rule: &'static str, factor: f64) {
    if factor < 1.0 {
        out.push(Discount { rule, factor });
    }
}

fn trust_discounts(m: &Model, u: u32, out: &mut Vec<Discount>) {
    let t = m.trust[u as usize];
    if t.trusted {
        return;
    }
    discount(out, "automated-rate engager", t.bot);
    discount(out, "ring-like engager", t.ring);
    discount(out, "recently created engager", t.fresh);
}

impl Model {
    /// The statement of account `v`; `None` for accounts not shown (opted out) or unknown.
    pub fn ledger(&self, v: u32) -> Option<Ledger> {
        let result = self.accounts.get(v as usize)?;
        let values = result.values?;
        let score = result.score?;
        let mut components = Vec::with_capacity(5);
        for c in Component::ALL {
            let i = c.index();
            let (terms, notes) = match c {
                Component::Authority => self.authority_terms(v),
                Component::Reach => self.reach_terms(v),
                Component::Amplification => self.amplification_terms(v),
                Component::Activity => self.activity_terms(v),
                Component::Outreach => self.outreach_terms(v),
            };
            let value = values[i];
            let weight = self.weights[i];
            let total: f64 = terms.iter().map(|t| t.points).sum();
            // Lines that earned nothing (every term 0, e.g. from untrusted engagers) stay listed
            // with 0 points, so the statement shows which rule cancelled them.
            let mut lines: Vec<LedgerLine> = terms
                .into_iter()
                .map(|mut l| {
                    l.points = if total > 0.0 { value * (l.points / total) } else { 0.0 };
                    l.score_points = 0.99 * weight * l.points;
                    l
                })
                .collect();
            lines.sort_by(|a, b| b.points.total_cmp(&a.points).then(source_key(a).cmp(&source_key(b))));
            components.push(LedgerComponent {
                component: c,
                value,
                weight,
                score_points: 0.99 * weight * value,
                raw: result.raw[i],
                notes,
                lines,
            });
        }
        Some(Ledger {
            account: v,
            score,
            base: 1.0,
            components,
        })
    }

    /// Authority: each engager's contribution split over its events. The line's
    /// `points` field carries the raw term until [`Model::ledger`] rescales it.
    fn authority_terms(&self, v: u32) -> (Vec<LedgerLine>, Vec<String>) {
        let c = self.authority.contributions(&self.graph, v);
        let mut lines = Vec::new();
        let range = self.targeting(v);
        let mut engagers = 0;
        // The graph holds only votes that count: an engager whose votes all were discounted to 0
        // (trust 0) is not a neighbour; its engagements are listed with 0 points.
        let mut contributions: Vec<(u32, f64)> = c.neighbours;
        let mut silent: Vec<u32> = range
            .clone()
            .filter(|&i| self.events[i].is_engagement())
            .map(|i| self.events[i].actor)
            .filter(|u| contributions.binary_search_by_key(u, |x| x.0).is_err())
            .collect();
        silent.dedup();
        contributions.extend(silent.into_iter().map(|u| (u, 0.0)));
        for (u, contribution) in contributions {
            if contribution > 0.0 {
                engagers += 1;
            }
            let idx: Vec<usize> = range
                .clone()
                .filter(|&i| self.events[i].actor == u && self.events[i].is_engagement())
                .collect();
            let damped: f64 = idx
                .iter()
                .map(|&i| self.full_weight(&self.events[i]) * self.state.burst[i])
                .sum();
            let repeat = if damped > 0.0 {
                self.saturate(damped) / damped
            } else {
                1.0
            };
            let trust = self.trust[u as usize].value;
            for i in idx {
                let full = self.full_weight(&self.events[i]);
                let burst = self.state.burst[i];
                let mut discounts = Vec::new();
                discount(&mut discounts, "repeat engagement from one account", repeat);
                discount(&mut discounts, "burst damping", burst);
                trust_discounts(self, u, &mut discounts);
                lines.push(LedgerLine {
                    source: LineSource::Event { index: i },
                    counterpart: Some(u),
                    full,
                    counted: full * burst * repeat * trust,
                    points: if damped > 0.0 {
                        contribution * (full * burst / damped)
                    } else {
                        0.0
                    },
                    score_points: 0.0,
                    discounts,
                });
            }
        }
        let notes = vec![format!(
            "{} pass on their own authority, each split over all the accounts they engage with \
             (rank {:.3e}, of which {:.3e} is the trust-seeded standing every account holds and is not counted)",
            plural(engagers, "engager"),
            self.authority.ranks[v as usize],
            c.teleport
        )];
        (lines, notes)
    }

    fn reach_terms(&self, v: u32) -> (Vec<LedgerLine>, Vec<String>) {
        let mut lines = Vec::new();
        let mut notes = Vec::new();
        if !self.state.has_follow_events[v as usize] {
            if let Some(count) = self.facts[v as usize].reported_followers {
                let value = self.state.reported_follower_value;
                lines.push(LedgerLine {
                    source: LineSource::ReportedFollowers { count },
                    counterpart: None,
                    full: count as f64,
                    counted: count as f64 * value,
                    points: count as f64 * value,
                    score_points: 0.0,
                    discounts: vec![Discount {
                        rule: "reported count valued at the population's average follower",
                        factor: value,
                    }],
                });
                notes.push(format!(
                    "no follow events: {count} reported followers at the average follower value {value:.3}"
                ));
            }
            return (lines, notes);
        }
        for &(f, followed, index) in &self.state.follows {
            if followed != v {
                continue;
            }
            let fv = self.follower_value(f, v);
            let mut discounts = Vec::new();
            discount(&mut discounts, "follower's activity", fv.activity);
            discount(&mut discounts, "follower follows very many accounts", fv.attention);
            discount(&mut discounts, "followed back (mutual follow)", fv.reciprocity);
            trust_discounts(self, f, &mut discounts);
            lines.push(LedgerLine {
                source: LineSource::Event { index },
                counterpart: Some(f),
                full: 1.0,
                counted: fv.value,
                points: fv.value,
                score_points: 0.0,
                discounts,
            });
        }
        notes.push(format!(
            "{}, each valued by trust × activity × attention × reciprocity",
            plural(lines.len(), "follower")
        ));
        (lines, notes)
    }

    fn amplification_terms(&self, v: u32) -> (Vec<LedgerLine>, Vec<String>) {
        let mut lines = Vec::new();
        let (_, posts) = amplification_of(self, v, |i, term| {
            let e = &self.events[i];
            let full = self.full_weight(e);
            let burst = self.state.burst[i];
            let mut discounts = Vec::new();
            discount(&mut discounts, "burst damping", burst);
            trust_discounts(self, e.actor, &mut discounts);
            lines.push(LedgerLine {
                source: LineSource::Event { index: i },
                counterpart: Some(e.actor),
                full,
                counted: full * burst * self.trust[e.actor as usize].value,
                points: term,
                score_points: 0.0,
                discounts,
            });
        });
        let reactions = self.targeting(v).filter(|&i| self.events[i].is_reaction()).count();
        let notes = vec![format!(
            "{} of {} counted (one per reactor and post), divided by {posts:.2} posts + {} (prior)",
            grouped(lines.len()),
            plural(reactions, "reaction"),
            self.config.components.posts_prior
        )];
        (lines, notes)
    }

    fn activity_terms(&self, v: u32) -> (Vec<LedgerLine>, Vec<String>) {
        let week = 7 * 86_400;
        let mut own: Vec<(i64, i64, usize)> = self
            .events
            .iter()
            .enumerate()
            .filter(|(_, e)| e.actor == v && e.is_presence())
            .map(|(i, e)| ((self.as_of - e.at) / week, day_of(e.at), i))
            .collect();
        own.sort_unstable();
        let mut lines = Vec::new();
        let mut weeks = 0;
        for group in own.chunk_by(|a, b| a.0 == b.0) {
            weeks += 1;
            let mut days: Vec<i64> = group.iter().map(|g| g.1).collect();
            days.dedup();
            let q = self.config.half_life.decay(group[0].0 * week);
            let week_value = q * (days.len() as f64 / self.config.components.days_per_week).min(1.0);
            let share = week_value / group.len() as f64;
            for g in group {
                lines.push(LedgerLine {
                    source: LineSource::Event { index: g.2 },
                    counterpart: None,
                    full: 1.0,
                    counted: share,
                    points: share,
                    score_points: 0.0,
                    discounts: Vec::new(),
                });
            }
        }
        let notes = vec![format!(
            "present in {}; a week counts fully from {} active days and decays with age; \
             its value is shared by its events",
            plural(weeks, "week"),
            self.config.components.days_per_week
        )];
        (lines, notes)
    }

    fn outreach_terms(&self, v: u32) -> (Vec<LedgerLine>, Vec<String>) {
        let mut by_target: Vec<(u32, usize)> = self
            .events
            .iter()
            .enumerate()
            .filter(|(_, e)| e.actor == v && e.is_engagement())
            .map(|(i, e)| (e.target, i))
            .collect();
        by_target.sort_unstable();
        let mut lines = Vec::new();
        let mut accounts = 0;
        for group in by_target.chunk_by(|a, b| a.0 == b.0) {
            accounts += 1;
            let raw: f64 = group.iter().map(|g| self.full_weight(&self.events[g.1])).sum();
            let sat = self.saturate(raw);
            for g in group {
                let full = self.full_weight(&self.events[g.1]);
                let mut discounts = Vec::new();
                discount(&mut discounts, "repeat engagement with one account", sat / raw);
                lines.push(LedgerLine {
                    source: LineSource::Event { index: g.1 },
                    counterpart: (g.0 != NO_ACCOUNT).then_some(g.0),
                    full,
                    counted: full * sat / raw,
                    points: sat * full / raw,
                    score_points: 0.0,
                    discounts,
                });
            }
        }
        let notes = vec![format!(
            "engaged with {}; level {} (each level doubles the engagement)",
            plural(accounts, "account"),
            self.accounts[v as usize].outreach_level
        )];
        (lines, notes)
    }
}

fn source_key(l: &LedgerLine) -> (u8, usize) {
    match l.source {
        LineSource::ReportedFollowers { .. } => (0, 0),
        LineSource::Event { index } => (1, index),
    }
}

/// `1 week`, `3 weeks`, with thousands separated: `12,345 reactions`.
fn plural(count: usize, noun: &str) -> String {
    let grouped = grouped(count);
    if count == 1 {
        format!("{grouped} {noun}")
    } else {
        format!("{grouped} {noun}s")
    }
}

/// `12345` → `12,345`.
fn grouped(count: usize) -> String {
    let digits = count.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}
