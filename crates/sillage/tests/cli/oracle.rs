//! An independent model of the score, written from its definition rather than from the code:
//! each engagement weighs its kind's weight halved every half-life, engagements add up per
//! engager → author pair, and authority is the weighted PageRank of that graph with uniform
//! teleport and dangling mass handed back uniformly. The expected values of the tests come from
//! here or from reasoning by hand, never from the binary itself.

use std::collections::{BTreeMap, BTreeSet};

/// One event of a fixture.
#[derive(Debug, Clone)]
pub struct Ev {
    pub id: String,
    pub kind: &'static str,
    pub actor: String,
    pub target: Option<String>,
    pub at: i64,
}

impl Ev {
    pub fn new(id: &str, kind: &'static str, actor: &str, target: Option<&str>, at: i64) -> Ev {
        Ev {
            id: id.to_owned(),
            kind,
            actor: actor.to_owned(),
            target: target.map(str::to_owned),
            at,
        }
    }
}

/// The documented default weight of each kind before decay; 0 for non-engagements.
pub fn kind_weight(kind: &str) -> f64 {
    match kind {
        "repost" | "quote" => 1.0,
        "reply" => 0.8,
        "mention" => 0.6,
        "like" => 0.4,
        _ => 0.0,
    }
}

pub const DAMPING: f64 = 0.85;
pub const THIRTY_DAYS: f64 = 30.0 * 86_400.0;

/// The model's ranks for a set of events as of an instant.
#[derive(Debug)]
pub struct Model {
    pub damping: f64,
    /// Authority per account name (as written in the events), summing to 1.
    pub rank: BTreeMap<String, f64>,
    /// Decayed weight per (engager, author).
    pub edge: BTreeMap<(String, String), f64>,
    /// Decayed weight of all of an engager's engagements.
    pub out: BTreeMap<String, f64>,
    /// The teleport share every account gets: `(1 − d)/N + d·D/N`.
    pub teleport: f64,
}

impl Model {
    pub fn new(events: &[Ev], as_of: i64, half_life_seconds: f64) -> Model {
        let damping = DAMPING;
        let known: Vec<&Ev> = events.iter().filter(|e| e.at <= as_of).collect();
        let nodes: BTreeSet<String> = known
            .iter()
            .flat_map(|e| std::iter::once(e.actor.clone()).chain(e.target.clone()))
            .collect();
        let mut edge: BTreeMap<(String, String), f64> = BTreeMap::new();
        for e in &known {
            let Some(target) = &e.target else { continue };
            let w = kind_weight(e.kind) * 0.5f64.powf((as_of - e.at) as f64 / half_life_seconds);
            if target != &e.actor && w > 0.0 {
                *edge.entry((e.actor.clone(), target.clone())).or_default() += w;
            }
        }
        let mut out: BTreeMap<String, f64> = BTreeMap::new();
        for ((u, _), w) in &edge {
            *out.entry(u.clone()).or_default() += w;
        }
        let n = nodes.len() as f64;
        let mut rank: BTreeMap<String, f64> = nodes.iter().map(|v| (v.clone(), 1.0 / n)).collect();
        let mut teleport = 0.0;
        for _ in 0..10_000 {
            let dangling: f64 = rank.iter().filter(|(v, _)| !out.contains_key(*v)).map(|(_, r)| r).sum();
            teleport = ((1.0 - damping) + damping * dangling) / n;
            let mut next: BTreeMap<String, f64> = nodes.iter().map(|v| (v.clone(), teleport)).collect();
            for ((u, v), w) in &edge {
                *next.get_mut(v).expect("a node") += damping * w * rank[u] / out[u];
            }
            let change: f64 = nodes.iter().map(|v| (next[v] - rank[v]).abs()).sum();
            rank = next;
            if change < 1e-15 {
                break;
            }
        }
        Model {
            damping,
            rank,
            edge,
            out,
            teleport,
        }
    }

    /// Account names, highest authority first.
    pub fn order(&self) -> Vec<String> {
        let mut names: Vec<(&String, f64)> = self.rank.iter().map(|(k, &r)| (k, r)).collect();
        names.sort_by(|a, b| b.1.total_cmp(&a.1));
        names.into_iter().map(|(k, _)| k.clone()).collect()
    }

    /// What `u` passes on to `v`.
    pub fn contribution(&self, u: &str, v: &str) -> f64 {
        let w = self.edge.get(&(u.to_owned(), v.to_owned())).copied().unwrap_or(0.0);
        if w == 0.0 {
            return 0.0;
        }
        self.damping * w * self.rank[u] / self.out[u]
    }

    /// The 1–100 score: log scale between the lowest and the highest authority.
    pub fn score(&self, v: &str) -> f64 {
        let floor = self.rank.values().copied().fold(f64::INFINITY, f64::min);
        let top = self.rank.values().copied().fold(0.0, f64::max);
        1.0 + 99.0 * (self.rank[v] / floor).ln() / (top / floor).ln()
    }
}
