//! The computation, step by step in the order of `docs/SCORING.md`.

use rayon::prelude::*;
use sillage_graph::{Csr, Edge, PageRankResult, Teleport, pagerank};
use sillage_model::{EventKind, Instant};

use super::input::{AccountFacts, ModelEvent, ModelInput, NO_ACCOUNT, NO_CONTENT};
use super::scale::{Scale, percentiles};
use super::trust::{Evidence, Trust, trust};
use super::{Component, day_of, saturate};
use crate::ScoreConfig;

const WEEK: i64 = 7 * 86_400;
/// The highest outreach level (Kred's scale went to 12).
pub const MAX_OUTREACH_LEVEL: u32 = 12;
/// A follower's value assumed for reported follower counts when the data holds no follow
/// relation to learn the average from.
pub const REPORTED_FOLLOWER_VALUE: f64 = 0.25;

/// One account's scores. Opted-out accounts have raw values (they are graph nodes) but no
/// 0–100 values, score or percentiles.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountResult {
    /// The raw quantity behind each component (see [`Component`] for the order).
    pub raw: [f64; 5],
    /// Each component on 0–100; `None` for accounts not shown.
    pub values: Option<[f64; 5]>,
    pub percentiles: Option<[f64; 5]>,
    /// The overall score, 1–100.
    pub score: Option<f64>,
    pub percentile: Option<f64>,
    /// Kred-style outreach level, 1 to [`MAX_OUTREACH_LEVEL`]: each level doubles the engagement.
    pub outreach_level: u32,
}

/// One account's standing in a topic.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct TopicScore {
    pub account: u32,
    pub rank: f64,
    /// 0–100 within the topic.
    pub score: f64,
    pub percentile: f64,
}

/// Topic-sensitive authority for one topic.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicResult {
    pub topic: usize,
    pub scale: Scale,
    /// Shown accounts active in the topic (but untrusted ones that hold nothing), best first.
    pub scores: Vec<TopicScore>,
    pub edges: usize,
    pub iterations: u32,
}

/// A computed population, with what explanations and ledgers need.
#[derive(Debug, Clone)]
pub struct Model {
    pub config: ScoreConfig,
    pub as_of: Instant,
    /// The events at or before `as_of`, in canonical order (by target, then actor, kind, instant).
    pub events: Vec<ModelEvent>,
    pub facts: Vec<AccountFacts>,
    pub accounts: Vec<AccountResult>,
    pub trust: Vec<Trust>,
    /// The log scales of the components (activity's is unused: it is absolute).
    pub scales: [Scale; 5],
    /// The weights of the components in the overall score, renormalised over those with data.
    pub weights: [f64; 5],
    pub graph: Csr,
    /// Distinct engager → author pairs (the graph keeps only those whose vote counts).
    pub engagement_pairs: usize,
    pub authority: PageRankResult,
    pub topics: Vec<TopicResult>,
    pub(crate) state: State,
}

/// Intermediate quantities kept for ledgers.
#[derive(Debug, Clone)]
pub(crate) struct State {
    /// `events[target_start[v]..target_start[v + 1]]` are the events targeting `v`.
    pub target_start: Vec<usize>,
    /// Burst factor of each event (1 for all but damped engagements).
    pub burst: Vec<f64>,
    /// The author's (decayed) post count used by amplification, prior excluded.
    pub posts: Vec<f64>,
    /// The decayed count of content the account created itself (posts, quotes, replies).
    pub own_posts: Vec<f64>,
    /// Each account's decayed active days (a follower's activity weight comes from it).
    pub active: Vec<f64>,
    /// Accounts each account follows as of the computation (at least the reported count).
    pub following: Vec<f64>,
    /// Sorted active follow relations `(follower, followed, index of the follow event)`.
    pub follows: Vec<(u32, u32, usize)>,
    /// Whether any follow or unfollow event names the account as target.
    pub has_follow_events: Vec<bool>,
    pub reported_follower_value: f64,
}

/// The model's arithmetic shared by the computation and the ledger.
impl Model {
    pub(crate) fn decay(&self, at: Instant) -> f64 {
        self.config.half_life.decay(self.as_of - at)
    }

    /// An engagement's weight before discounts: its kind's weight, decayed.
    pub(crate) fn full_weight(&self, e: &ModelEvent) -> f64 {
        self.config.kind_weights.of(e.kind) * self.decay(e.at)
    }

    pub(crate) fn saturate(&self, x: f64) -> f64 {
        saturate(x, self.config.components.repeat_scale)
    }

    /// The events targeting `v`, as a range of indices.
    pub(crate) fn targeting(&self, v: u32) -> std::ops::Range<usize> {
        self.state.target_start[v as usize]..self.state.target_start[v as usize + 1]
    }

    /// A follower's value to the account it follows: trust × activity × attention × reciprocity.
    pub(crate) fn follower_value(&self, f: u32, v: u32) -> FollowerValue {
        let p = &self.config.components;
        let a = self.state.active[f as usize];
        let activity = a / (a + p.activity_half);
        let following = self.state.following[f as usize];
        let attention = if following > p.attention_following {
            p.attention_following / following
        } else {
            1.0
        };
        let followed_back = self.state.follows.binary_search_by_key(&(v, f), |x| (x.0, x.1)).is_ok();
        let reciprocity = if followed_back { p.follow_back_weight } else { 1.0 };
        let trust = self.trust[f as usize].value;
        FollowerValue {
            value: trust * activity * attention * reciprocity,
            activity,
            attention,
            reciprocity,
        }
    }

    /// The activity component's absolute scale: a week `i` weeks back counts `q^i`, so an
    /// account present every week forever would have `1 / (1 − q)`.
    pub(crate) fn activity_scale(&self) -> f64 {
        1.0 - self.config.half_life.decay(WEEK)
    }
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct FollowerValue {
    pub value: f64,
    pub activity: f64,
    pub attention: f64,
    pub reciprocity: f64,
}

/// The unit a reaction is counted on by amplification: the post it reacts to, or, when the
/// data does not say, the author's day.
pub(crate) fn reaction_unit(e: &ModelEvent) -> (u8, i64) {
    if e.parent != NO_CONTENT {
        (0, i64::from(e.parent))
    } else {
        (1, day_of(e.at))
    }
}

/// Scores a population. `config` should be validated; the computation cannot fail.
pub fn compute(input: ModelInput, config: &ScoreConfig) -> Model {
    let n = input.accounts.len();
    let as_of = input.as_of;
    let span = tracing::debug_span!("model", accounts = n, events = input.events.len());
    let _guard = span.enter();
    let mut events: Vec<ModelEvent> = input
        .events
        .into_iter()
        .filter(|e| e.at <= as_of && (e.actor as usize) < n && (e.target == NO_ACCOUNT || (e.target as usize) < n))
        .collect();
    events.par_sort_unstable_by_key(|e| {
        (
            e.target,
            e.actor,
            e.kind.code(),
            e.at,
            e.parent,
            e.post,
            e.topics,
            e.origin,
        )
    });
    let mut target_start = vec![0usize; n + 1];
    for e in &events {
        if e.target != NO_ACCOUNT {
            target_start[e.target as usize + 1] += 1;
        }
    }
    for v in 0..n {
        target_start[v + 1] += target_start[v];
    }
    let mut model = Model {
        config: *config,
        as_of,
        events: Vec::new(),
        facts: input.accounts,
        accounts: Vec::new(),
        trust: Vec::new(),
        scales: [Scale { mean: 0.0, top: 0.0 }; 5],
        weights: [0.0; 5],
        graph: Csr::from_edges(0, Vec::new()),
        engagement_pairs: 0,
        authority: pagerank(&Csr::from_edges(0, Vec::new()), &config.pagerank, Teleport::Uniform),
        topics: Vec::new(),
        state: State {
            target_start,
            burst: Vec::new(),
            posts: vec![0.0; n],
            own_posts: vec![0.0; n],
            active: vec![0.0; n],
            following: vec![0.0; n],
            follows: Vec::new(),
            has_follow_events: vec![false; n],
            reported_follower_value: REPORTED_FOLLOWER_VALUE,
        },
    };
    model.events = events;
    let m = &mut model;

    // Presence: distinct (account, week back from as-of, day) triples.
    let mut presence: Vec<(u32, i64, i64)> = m
        .events
        .iter()
        .filter(|e| e.is_presence())
        .map(|e| (e.actor, (as_of - e.at) / WEEK, day_of(e.at)))
        .collect();
    presence.par_sort_unstable();
    presence.dedup();
    let mut active_days = vec![0u64; n];
    let mut activity_raw = vec![0.0f64; n];
    let days_per_week = config.components.days_per_week;
    for group in presence.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
        let (u, week) = (group[0].0 as usize, group[0].1);
        let days = group.len() as f64;
        let q = config.half_life.decay(week * WEEK);
        active_days[u] += group.len() as u64;
        m.state.active[u] += q * days;
        activity_raw[u] += q * (days / days_per_week).min(1.0);
    }
    drop(presence);

    // Engagement counts and own posts.
    let mut engagements = vec![0u64; n];
    for e in &m.events {
        if e.is_engagement() {
            engagements[e.actor as usize] += 1;
        }
        if e.creates_content() {
            m.state.own_posts[e.actor as usize] += m.decay(e.at);
        }
    }

    // Engager → author pairs, in (author, engager) order: the raw weight X.
    let pairs = pairs(m);
    m.engagement_pairs = pairs.len();
    let mut out_norm = vec![0.0f64; n];
    for p in &pairs {
        out_norm[p.source as usize] += m.saturate(p.raw);
    }

    // Trust, from the mutual structure, rates and ages.
    let mut evidence: Vec<Evidence> = (0..n)
        .map(|u| Evidence {
            engagements: engagements[u],
            active_days: active_days[u],
            age: m.facts[u].created_at.map(|c| as_of - c),
            trusted: m.facts[u].trusted,
            ..Evidence::default()
        })
        .collect();
    let groups = insular_groups(n, &pairs, config.trust.ring_max_share);
    for (v, ev) in evidence.iter_mut().enumerate() {
        let g = groups.of[v] as usize;
        ev.group_size = groups.size[g];
        ev.insularity = groups.insularity[g];
        ev.ring_candidate = groups.candidate[g];
    }
    m.trust = evidence.iter().map(|e| trust(e, &config.trust)).collect();
    drop(evidence);

    // Burst damping, per author and day.
    m.state.burst = burst_factors(m);

    // The damped weight of each pair.
    let damped: Vec<f64> = pairs
        .iter()
        .map(|p| {
            m.events[p.first..p.end]
                .iter()
                .enumerate()
                .filter(|(_, e)| e.is_engagement())
                .map(|(i, e)| m.full_weight(e) * m.state.burst[p.first + i])
                .sum()
        })
        .collect();

    // Authority: trust-seeded, discount-aware weighted PageRank.
    let edges: Vec<Edge> = pairs
        .iter()
        .zip(&damped)
        .map(|(p, &xd)| Edge {
            source: p.source,
            target: p.target,
            weight: m.trust[p.source as usize].value * m.saturate(xd),
        })
        .collect();
    m.graph = Csr::from_edges(n as u32, edges).with_out_weights(out_norm.clone());
    let teleport = teleport(m, |v| m.trust[v].value);
    m.authority = pagerank(&m.graph, &config.pagerank, teleport);

    // Reach: followers as of the computation, valued by trust, activity, attention, reciprocity.
    follows(m);
    let mut reach_raw = vec![0.0f64; n];
    let mut follower_values = (0.0, 0usize);
    for &(f, v, _) in &m.state.follows {
        let value = m.follower_value(f, v).value;
        follower_values.0 += value;
        follower_values.1 += 1;
        reach_raw[v as usize] += value;
    }
    if follower_values.1 > 0 {
        m.state.reported_follower_value = follower_values.0 / follower_values.1 as f64;
    }
    for (v, raw) in reach_raw.iter_mut().enumerate() {
        if !m.state.has_follow_events[v]
            && let Some(count) = m.facts[v].reported_followers
        {
            *raw = count as f64 * m.state.reported_follower_value;
        }
    }

    // Amplification: distinct trusted reactors per post.
    let mut amplification_raw = vec![0.0f64; n];
    for v in 0..n as u32 {
        let (total, posts) = amplification_of(m, v, |_, _| {});
        m.state.posts[v as usize] = posts;
        amplification_raw[v as usize] = total;
    }

    // Assemble. Authority's value counts what was earned from engagement: the rank minus the
    // standing every account holds from the teleport.
    let earned: Vec<f64> = (0..n)
        .map(|v| {
            let standing = m.authority.contributions_teleport(v as u32, n);
            (m.authority.ranks[v] - standing).max(0.0)
        })
        .collect();
    let raw: Vec<[f64; 5]> = (0..n)
        .map(|v| {
            [
                earned[v],
                reach_raw[v],
                amplification_raw[v],
                activity_raw[v],
                out_norm[v],
            ]
        })
        .collect();
    let shown: Vec<bool> = m.facts.iter().map(|f| f.shown).collect();
    for c in Component::ALL {
        let i = c.index();
        let values = raw.iter().zip(&shown).filter(|(_, s)| **s).map(|(r, _)| &r[i]);
        m.scales[i] = match c {
            Component::Authority => Scale::of(values),
            _ => Scale::with_unit(1.0, values),
        };
    }
    let configured = config.weights.as_array();
    let mut weights = [0.0; 5];
    for c in Component::ALL {
        let i = c.index();
        if m.scales[i].top > 0.0 {
            weights[i] = configured[i];
        }
    }
    let total: f64 = weights.iter().sum();
    if total > 0.0 {
        for w in &mut weights {
            *w /= total;
        }
    }
    m.weights = weights;
    let activity_scale = m.activity_scale();
    let values: Vec<[f64; 5]> = raw
        .iter()
        .map(|r| {
            let mut out = [0.0; 5];
            for c in Component::ALL {
                let i = c.index();
                out[i] = if c == Component::Activity {
                    (100.0 * r[i] * activity_scale).min(100.0)
                } else {
                    m.scales[i].value(r[i])
                };
            }
            out
        })
        .collect();
    let scores: Vec<f64> = values.iter().map(|v| overall(v, &m.weights)).collect();
    let overall_pct = percentiles(&scores, &shown);
    let component_pct: Vec<Vec<Option<f64>>> = Component::ALL
        .iter()
        .map(|c| percentiles(&values.iter().map(|v| v[c.index()]).collect::<Vec<_>>(), &shown))
        .collect();
    m.accounts = (0..n)
        .map(|v| AccountResult {
            raw: raw[v],
            values: shown[v].then_some(values[v]),
            percentiles: shown[v].then(|| {
                let mut p = [0.0; 5];
                for (i, slot) in p.iter_mut().enumerate() {
                    *slot = component_pct[i][v].unwrap_or(0.0);
                }
                p
            }),
            score: shown[v].then_some(scores[v]),
            percentile: overall_pct[v],
            outreach_level: outreach_level(raw[v][Component::Outreach.index()]),
        })
        .collect();

    // Topics are independent walks, each deterministic whatever the threads: computing them in
    // parallel and collecting in topic order gives the same results as one after the other.
    m.topics = (0..input.topic_count)
        .into_par_iter()
        .filter_map(|t| topic_authority(m, &pairs, t, &shown))
        .collect();
    model
}

/// The strongly connected components of the engagement graph and their insularity.
pub(crate) struct Groups {
    /// Each account's group.
    pub of: Vec<u32>,
    pub size: Vec<u64>,
    /// Share of the members' received engagement weight that comes from members.
    pub insularity: Vec<f64>,
    /// Whether the group may be a ring: not larger than `max_share` of the largest group.
    pub candidate: Vec<bool>,
}

/// Tarjan's algorithm, iterative, over the amplifying pairs (engager → author: reposts, quotes,
/// likes; conversation is not amplification), then the insularity of each group.
pub(crate) fn insular_groups(n: usize, pairs: &[Pair], max_share: f64) -> Groups {
    let amplifying: Vec<&Pair> = pairs.iter().filter(|p| p.amplifying > 0.0).collect();
    let mut offsets = vec![0usize; n + 1];
    for p in &amplifying {
        offsets[p.source as usize + 1] += 1;
    }
    for i in 0..n {
        offsets[i + 1] += offsets[i];
    }
    let mut next = offsets.clone();
    let mut targets = vec![0u32; amplifying.len()];
    for p in &amplifying {
        targets[next[p.source as usize]] = p.target;
        next[p.source as usize] += 1;
    }
    const UNSEEN: u32 = u32::MAX;
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<u32> = Vec::new();
    let mut of = vec![0u32; n];
    let mut groups = 0u32;
    let mut counter = 0u32;
    let mut call: Vec<(u32, usize)> = Vec::new();
    for root in 0..n as u32 {
        if index[root as usize] != UNSEEN {
            continue;
        }
        call.push((root, offsets[root as usize]));
        index[root as usize] = counter;
        low[root as usize] = counter;
        counter += 1;
        stack.push(root);
        on_stack[root as usize] = true;
        while let Some(&mut (v, ref mut edge)) = call.last_mut() {
            let vi = v as usize;
            if *edge < offsets[vi + 1] {
                let w = targets[*edge] as usize;
                *edge += 1;
                if index[w] == UNSEEN {
                    index[w] = counter;
                    low[w] = counter;
                    counter += 1;
                    stack.push(w as u32);
                    on_stack[w] = true;
                    call.push((w as u32, offsets[w]));
                } else if on_stack[w] {
                    low[vi] = low[vi].min(index[w]);
                }
            } else {
                call.pop();
                if let Some(&(parent, _)) = call.last() {
                    low[parent as usize] = low[parent as usize].min(low[vi]);
                }
                if low[vi] == index[vi] {
                    loop {
                        let w = stack.pop().expect("the component's root is on the stack");
                        on_stack[w as usize] = false;
                        of[w as usize] = groups;
                        if w == v {
                            break;
                        }
                    }
                    groups += 1;
                }
            }
        }
    }
    let g = groups as usize;
    let mut size = vec![0u64; g];
    for &c in &of {
        size[c as usize] += 1;
    }
    let (mut inside, mut total) = (vec![0.0f64; g], vec![0.0f64; g]);
    for p in &amplifying {
        let c = of[p.target as usize] as usize;
        total[c] += p.amplifying;
        if of[p.source as usize] as usize == c {
            inside[c] += p.amplifying;
        }
    }
    let largest = size.iter().copied().max().unwrap_or(0);
    let insularity = inside
        .iter()
        .zip(&total)
        .map(|(i, t)| if *t > 0.0 { i / t } else { 0.0 })
        .collect();
    let candidate = size
        .iter()
        .map(|&s| s < largest && s as f64 <= max_share * largest as f64)
        .collect();
    Groups {
        of,
        size,
        insularity,
        candidate,
    }
}

/// `1 + 0.99 · Σ weight · value`: 1 for nothing, 100 for the top of every component.
pub(crate) fn overall(values: &[f64; 5], weights: &[f64; 5]) -> f64 {
    1.0 + 0.99 * values.iter().zip(weights).map(|(v, w)| v * w).sum::<f64>()
}

/// `1 + ⌊log2(1 + outreach)⌋`, capped.
pub(crate) fn outreach_level(raw: f64) -> u32 {
    (1 + (raw.max(0.0)).ln_1p().div_euclid(std::f64::consts::LN_2) as u32).min(MAX_OUTREACH_LEVEL)
}

/// An engager → author pair and where its events are.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pair {
    pub source: u32,
    pub target: u32,
    /// Σ kind weight × decay of its engagements, before any discount.
    pub raw: f64,
    /// The part of `raw` that amplifies (reposts, quotes, likes; not replies and mentions,
    /// which are conversation): what the ring rule looks at.
    pub amplifying: f64,
    /// `events[first..end]` are all the events from `source` to `target`.
    pub first: usize,
    pub end: usize,
}

fn pairs(m: &Model) -> Vec<Pair> {
    let mut out = Vec::new();
    let mut i = 0;
    let ev = &m.events;
    while i < ev.len() {
        let (t, a) = (ev[i].target, ev[i].actor);
        let mut j = i;
        let (mut raw, mut amplifying) = (0.0, 0.0);
        while j < ev.len() && ev[j].target == t && ev[j].actor == a {
            if ev[j].is_engagement() {
                let w = m.full_weight(&ev[j]);
                raw += w;
                if matches!(ev[j].kind, EventKind::Repost | EventKind::Quote | EventKind::Like) {
                    amplifying += w;
                }
            }
            j += 1;
        }
        if t != NO_ACCOUNT && t != a && raw > 0.0 {
            out.push(Pair {
                source: a,
                target: t,
                raw,
                amplifying,
                first: i,
                end: j,
            });
        }
        i = j;
    }
    out
}

/// The burst factor of every event: per author and UTC day, the kind weights of the reactions
/// received are totalled; a day beyond `max(floor, multiple × average of the previous days, as
/// counted after damping)`
/// counts `threshold · (total / threshold)^exponent`, so each of its events is scaled by
/// `(threshold / total)^(1 − exponent)`.
fn burst_factors(m: &Model) -> Vec<f64> {
    let b = m.config.burst;
    let mut factors = vec![1.0f64; m.events.len()];
    let n = m.facts.len() as u32;
    for v in 0..n {
        let range = m.targeting(v);
        let mut days: Vec<(i64, f64)> = m.events[range.clone()]
            .iter()
            .filter(|e| e.is_engagement())
            .map(|e| (day_of(e.at), m.config.kind_weights.of(e.kind)))
            .collect();
        if days.is_empty() {
            continue;
        }
        days.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
        let mut totals: Vec<(i64, f64)> = Vec::new();
        for (day, w) in days {
            match totals.last_mut() {
                Some(last) if last.0 == day => last.1 += w,
                _ => totals.push((day, w)),
            }
        }
        let window = i64::from(b.baseline_days);
        let mut day_factor: Vec<(i64, f64)> = Vec::with_capacity(totals.len());
        let mut lo = 0;
        let mut window_sum = 0.0;
        for k in 0..totals.len() {
            let day = totals[k].0;
            while totals[lo].0 < day - window {
                window_sum -= totals[lo].1;
                lo += 1;
            }
            let baseline = if window > 0 {
                window_sum.max(0.0) / window as f64
            } else {
                0.0
            };
            let threshold = b.floor.max(b.multiple * baseline);
            let total = totals[k].1;
            let factor = if total > threshold {
                (threshold / total).powf(1.0 - b.exponent)
            } else {
                1.0
            };
            day_factor.push((day, factor));
            // The baseline learns from what counted: a burst does not raise the bar for its own
            // next days.
            window_sum += total * factor;
        }
        if day_factor.iter().all(|d| d.1 == 1.0) {
            continue;
        }
        for i in range {
            let e = &m.events[i];
            if e.is_engagement() {
                let k = day_factor
                    .binary_search_by_key(&day_of(e.at), |d| d.0)
                    .expect("every engagement's day has a total");
                factors[i] = day_factor[k].1;
            }
        }
    }
    factors
}

/// The teleport vector: proportional to `weight(v)` (trust, or trust × topical activity),
/// with `trusted_share` of it spread over the trusted list when there is one. Uniform when no
/// account has weight.
fn teleport(m: &Model, weight: impl Fn(usize) -> f64) -> Teleport {
    let n = m.facts.len();
    let base: Vec<f64> = (0..n).map(&weight).collect();
    let total: f64 = base.iter().sum();
    if total.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
        return Teleport::Uniform;
    }
    let trusted: Vec<usize> = (0..n).filter(|&v| m.facts[v].trusted && base[v] > 0.0).collect();
    let share = if trusted.is_empty() {
        0.0
    } else {
        m.config.trust.trusted_share
    };
    let mut t: Vec<f64> = base.iter().map(|b| (1.0 - share) * b / total).collect();
    for &v in &trusted {
        t[v] += share / trusted.len() as f64;
    }
    Teleport::weighted(t, n).unwrap_or(Teleport::Uniform)
}

/// Follow relations as of the computation: for each (follower, followed) pair, the latest of
/// its follow and unfollow events decides (an unfollow at the same instant wins).
fn follows(m: &mut Model) {
    let n = m.facts.len();
    let mut follows = Vec::new();
    let mut following = vec![0u64; n];
    let ev = &m.events;
    let mut i = 0;
    while i < ev.len() {
        let (t, a) = (ev[i].target, ev[i].actor);
        let mut j = i;
        let mut latest: Option<(Instant, EventKind, usize)> = None;
        while j < ev.len() && ev[j].target == t && ev[j].actor == a {
            if matches!(ev[j].kind, EventKind::Follow | EventKind::Unfollow) {
                let key = (ev[j].at, ev[j].kind, j);
                if latest.is_none_or(|l| key > l) {
                    latest = Some(key);
                }
            }
            j += 1;
        }
        if t != NO_ACCOUNT
            && t != a
            && let Some((_, kind, index)) = latest
        {
            m.state.has_follow_events[t as usize] = true;
            if kind == EventKind::Follow {
                follows.push((a, t, index));
                following[a as usize] += 1;
            }
        }
        i = j;
    }
    follows.sort_unstable();
    m.state.follows = follows;
    for ((slot, facts), &count) in m.state.following.iter_mut().zip(&m.facts).zip(&following) {
        *slot = count.max(facts.reported_following.unwrap_or(0)) as f64;
    }
}

/// Amplification of `v`: `Σ trust(u) · best(u, p) / (posts + prior)` over the distinct reactors
/// `u` of each unit `p` (a post, or an author-day when reactions do not name their post), where
/// `best` is the reactor's highest-weighted reaction to the unit (kind weight × decay × burst).
/// Calls `counted(event index, term)` for each counted reaction. Returns the raw value and the
/// post count (before the prior): the larger of the author's decayed own posts and the decayed
/// count of distinct units reacted to.
pub(crate) fn amplification_of(m: &Model, v: u32, mut counted: impl FnMut(usize, f64)) -> (f64, f64) {
    let range = m.targeting(v);
    // (unit, reactor, damped weight, instant, event index)
    type Reaction = ((u8, i64), u32, f64, Instant, usize);
    let mut reactions: Vec<Reaction> = m.events[range.clone()]
        .iter()
        .enumerate()
        .filter(|(_, e)| e.is_reaction())
        .map(|(k, e)| {
            let i = range.start + k;
            (reaction_unit(e), e.actor, m.full_weight(e) * m.state.burst[i], e.at, i)
        })
        .collect();
    let own_posts = m.state.own_posts[v as usize];
    if reactions.is_empty() {
        return (0.0, own_posts);
    }
    reactions.sort_by(|a, b| {
        (a.0, a.1)
            .cmp(&(b.0, b.1))
            .then(b.2.total_cmp(&a.2))
            .then(a.4.cmp(&b.4))
    });
    let mut unit_posts = 0.0;
    let mut terms: Vec<(usize, f64)> = Vec::new();
    for unit in reactions.chunk_by(|a, b| a.0 == b.0) {
        let first = unit.iter().map(|r| r.3).min().expect("a unit has reactions");
        unit_posts += m.decay(first);
        for reactor in unit.chunk_by(|a, b| a.1 == b.1) {
            let best = reactor[0];
            terms.push((best.4, m.trust[best.1 as usize].value * best.2));
        }
    }
    let posts = own_posts.max(unit_posts);
    let denominator = posts + m.config.components.posts_prior;
    let mut total = 0.0;
    for (i, t) in terms {
        let term = t / denominator;
        counted(i, term);
        total += term;
    }
    (total, posts)
}

/// Topic-sensitive authority for topic `t`: the same walk on the engagements about the topic,
/// teleporting in proportion to trust × voice in the topic, `a / (a + 1)` with `a` the decayed
/// count of the content the account published about it (posts, quotes, replies; saturated, so
/// volume buys no teleport). Accounts that only react hold no topical standing of their own: their
/// votes carry what the topic's voices give them. `None` when nothing is about the topic.
fn topic_authority(m: &Model, pairs: &[Pair], t: usize, shown: &[bool]) -> Option<TopicResult> {
    let n = m.facts.len();
    let bit = 1u128 << t;
    let mut own = vec![0.0f64; n];
    let mut present = vec![false; n];
    let mut any = false;
    for e in m.events.iter().filter(|e| e.topics & bit != 0) {
        if e.creates_content() {
            own[e.actor as usize] += m.decay(e.at);
        }
        if e.is_presence() {
            present[e.actor as usize] = true;
        }
        if e.target != NO_ACCOUNT && e.target != e.actor {
            present[e.target as usize] = true;
        }
        any = true;
    }
    if !any {
        return None;
    }
    let mut edges = Vec::new();
    let mut out_norm = vec![0.0f64; n];
    for p in pairs {
        let (mut raw, mut damped) = (0.0, 0.0);
        for (k, e) in m.events[p.first..p.end].iter().enumerate() {
            if e.is_engagement() && e.topics & bit != 0 {
                let w = m.full_weight(e);
                raw += w;
                damped += w * m.state.burst[p.first + k];
            }
        }
        if raw > 0.0 {
            out_norm[p.source as usize] += m.saturate(raw);
            edges.push(Edge {
                source: p.source,
                target: p.target,
                weight: m.trust[p.source as usize].value * m.saturate(damped),
            });
        }
    }
    let edge_count = edges.len();
    let graph = Csr::from_edges(n as u32, edges).with_out_weights(out_norm);
    let teleport = match teleport(m, |v| m.trust[v].value * own[v] / (own[v] + 1.0)) {
        Teleport::Uniform => return None,
        t => t,
    };
    let result = pagerank(&graph, &m.config.pagerank, teleport);
    // Accounts active in the topic (a reactor that publishes nothing there is listed with what
    // the topic's voices gave it, possibly 0), except untrusted accounts that hold nothing.
    let members: Vec<u32> = (0..n as u32)
        .filter(|&v| {
            let v = v as usize;
            shown[v] && present[v] && (result.ranks[v] > 0.0 || m.trust[v].value > 0.0)
        })
        .collect();
    let scale = Scale::of(members.iter().map(|&v| &result.ranks[v as usize]));
    let values: Vec<f64> = members.iter().map(|&v| scale.value(result.ranks[v as usize])).collect();
    let pct = percentiles(&values, &vec![true; values.len()]);
    let mut scores: Vec<TopicScore> = members
        .iter()
        .zip(&values)
        .zip(pct)
        .map(|((&v, &score), p)| TopicScore {
            account: v,
            rank: result.ranks[v as usize],
            score,
            percentile: p.unwrap_or(0.0),
        })
        .collect();
    scores.sort_by(|a, b| b.rank.total_cmp(&a.rank).then(a.account.cmp(&b.account)));
    Some(TopicResult {
        topic: t,
        scale,
        scores,
        edges: edge_count,
        iterations: result.iterations,
    })
}
