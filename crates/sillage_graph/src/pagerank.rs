//! Weighted PageRank with uniform or personalised teleport, pulled over in-edges.
//!
//! One iteration computes, for every node `v`,
//! `r'(v) = t(v)·((1 − d) + d·D) + d·Σ_{u→v} w(u,v)·r(u)/W(u)`,
//! where `d` is the damping, `t` the teleport distribution, `W(u)` the out-weight of `u` and `D`
//! the rank held back: by dangling nodes (no out-edges), and by nodes whose normaliser exceeds
//! their edges' sum (discounted votes, see [`Csr::with_out_weights`]). It is handed back through
//! the teleport vector so that ranks keep summing to 1. Iteration stops when the L1 change falls under the
//! tolerance or at the iteration cap.
//!
//! The result keeps the last two iterates: `ranks = step(previous)` holds exactly (up to float
//! rounding in the sum), which is what lets an explanation list contributions that add up to a
//! rank (see [`PageRankResult::contributions`]).

use crate::Csr;
use crate::kernel::{Dangling, Iteration, Problem, iterate};

/// PageRank parameters. The defaults are the literature's damping and a tolerance tight enough
/// that ranks are stable to about 1e-10 in L1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageRankConfig {
    /// Probability of following an edge rather than teleporting, in (0, 1).
    pub damping: f64,
    /// Stop when the L1 distance between two iterates is below this.
    pub tolerance: f64,
    /// Stop after this many iterations even if not converged.
    pub max_iterations: u32,
}

impl PageRankConfig {
    pub const DEFAULT_DAMPING: f64 = 0.85;
    pub const DEFAULT_TOLERANCE: f64 = 1e-10;
    pub const DEFAULT_MAX_ITERATIONS: u32 = 200;

    /// Checks the parameters; a validated config makes [`pagerank`] infallible.
    pub fn validate(self) -> Result<PageRankConfig, ConfigError> {
        if !(self.damping > 0.0 && self.damping < 1.0) {
            return Err(ConfigError::Damping(self.damping));
        }
        if !(self.tolerance.is_finite() && self.tolerance > 0.0) {
            return Err(ConfigError::Tolerance(self.tolerance));
        }
        if self.max_iterations == 0 {
            return Err(ConfigError::MaxIterations);
        }
        Ok(self)
    }
}

impl Default for PageRankConfig {
    fn default() -> Self {
        PageRankConfig {
            damping: Self::DEFAULT_DAMPING,
            tolerance: Self::DEFAULT_TOLERANCE,
            max_iterations: Self::DEFAULT_MAX_ITERATIONS,
        }
    }
}

/// A PageRank parameter outside its domain.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ConfigError {
    #[error("damping must be strictly between 0 and 1, got {0}")]
    Damping(f64),
    #[error("tolerance must be a positive number, got {0}")]
    Tolerance(f64),
    #[error("the iteration cap must be at least 1")]
    MaxIterations,
    #[error("the teleport vector has {got} entries for {nodes} nodes, or no positive finite mass")]
    Teleport { got: usize, nodes: usize },
}

/// The ranks and how they were reached.
#[derive(Debug, Clone, PartialEq)]
pub struct PageRankResult {
    /// The final iterate: non-negative, summing to 1.
    pub ranks: Vec<f64>,
    /// The iterate before it: `ranks` is one step applied to `previous`.
    pub previous: Vec<f64>,
    /// The rank `previous` held back (dangling nodes and discounted votes), redistributed by
    /// teleport in the last step.
    pub dangling_previous: f64,
    /// The teleport distribution used (uniform unless personalised).
    pub teleport: Teleport,
    pub damping: f64,
    pub iterations: u32,
    /// L1 distance between `ranks` and `previous`.
    pub residual: f64,
    pub converged: bool,
}

/// Where a random surfer jumps when it does not follow an edge.
#[derive(Debug, Clone, PartialEq)]
pub enum Teleport {
    /// Every node with probability 1/N.
    Uniform,
    /// A personalised distribution (normalised to sum to 1).
    Weighted(Vec<f64>),
}

impl Teleport {
    /// A personalised teleport from non-negative weights, normalised; an error if the length
    /// is wrong or there is no positive finite mass.
    pub fn weighted(weights: Vec<f64>, nodes: usize) -> Result<Teleport, ConfigError> {
        let total: f64 = weights.iter().sum();
        let bad = weights.len() != nodes
            || !(total.is_finite() && total > 0.0)
            || weights.iter().any(|w| w.is_nan() || *w < 0.0);
        if bad {
            return Err(ConfigError::Teleport {
                got: weights.len(),
                nodes,
            });
        }
        Ok(Teleport::Weighted(weights.into_iter().map(|w| w / total).collect()))
    }

    /// The teleport probability of node `v` in a graph of `n` nodes.
    pub fn at(&self, v: u32, n: usize) -> f64 {
        match self {
            Teleport::Uniform => 1.0 / n as f64,
            Teleport::Weighted(t) => t[v as usize],
        }
    }
}

/// One node's rank, split into what it owes to teleport and to each in-neighbour.
#[derive(Debug, Clone, PartialEq)]
pub struct Contributions {
    /// `t(v)·((1 − d) + d·D)`: the part of the rank that comes from teleport and dangling mass.
    pub teleport: f64,
    /// `(u, d·w(u,v)·previous(u)/W(u))` for each in-neighbour `u`, in id order.
    pub neighbours: Vec<(u32, f64)>,
}

impl Contributions {
    pub fn total(&self) -> f64 {
        self.teleport + self.neighbours.iter().map(|(_, c)| c).sum::<f64>()
    }
}

impl PageRankResult {
    /// The teleport part of `ranks[v]`: `t(v)·((1 − d) + d·D)` of the last step.
    pub fn contributions_teleport(&self, v: u32, n: usize) -> f64 {
        let d = self.damping;
        self.teleport.at(v, n) * ((1.0 - d) + d * self.dangling_previous)
    }

    /// The decomposition of `ranks[v]`: the same arithmetic as the last iteration, so the parts
    /// add up to the rank up to float rounding of the sum.
    pub fn contributions(&self, graph: &Csr, v: u32) -> Contributions {
        let n = graph.node_count() as usize;
        let d = self.damping;
        let teleport = self.contributions_teleport(v, n);
        let (sources, weights) = graph.in_edges(v);
        let neighbours = sources
            .iter()
            .zip(weights)
            .map(|(&u, &w)| (u, d * (w * (self.previous[u as usize] * (1.0 / graph.out_weight(u))))))
            .collect();
        Contributions { teleport, neighbours }
    }
}

/// Computes PageRank on `graph` with the crate's one kernel ([`crate::kernel::iterate`]), in
/// `f64`. `config` should come from [`PageRankConfig::validate`]; an invalid one is clamped
/// rather than failing, so this function cannot fail.
pub fn pagerank(graph: &Csr, config: &PageRankConfig, teleport: Teleport) -> PageRankResult {
    let n = graph.node_count() as usize;
    let d = config.damping.clamp(f64::MIN_POSITIVE, 1.0 - f64::EPSILON);
    let span = tracing::debug_span!("pagerank", nodes = n, edges = graph.edge_count());
    let _guard = span.enter();
    let inv_out: Vec<f64> = graph
        .out_weights()
        .iter()
        .map(|&w| if w > 0.0 { 1.0 / w } else { 0.0 })
        .collect();
    let held: Option<Vec<f64>> = graph.kept_shares().map(|k| k.iter().map(|&k| 1.0 - k).collect());
    let weights = match &teleport {
        Teleport::Uniform => None,
        Teleport::Weighted(t) => Some(t.as_slice()),
    };
    let problem = Problem {
        offsets: graph.offsets(),
        sources: graph.sources(),
        weights: Some(graph.weights()),
        inv_out: &inv_out,
        held: held.as_deref(),
        teleport: weights,
    };
    let mut ranks: Vec<f64> = (0..n as u32).map(|v| teleport.at(v, n)).collect();
    let mut previous = vec![0.0f64; n];
    let settings = Iteration {
        damping: d,
        tolerance: config.tolerance,
        max_iterations: config.max_iterations.max(1),
        dangling: Dangling::Redistribute,
    };
    let outcome = iterate(&problem, &settings, &mut ranks, Some(&mut previous));
    tracing::debug!(
        iterations = outcome.iterations,
        residual = outcome.residual,
        "pagerank done"
    );
    PageRankResult {
        ranks,
        previous,
        dangling_previous: outcome.dangling_previous,
        teleport,
        damping: d,
        iterations: outcome.iterations,
        residual: outcome.residual,
        converged: outcome.converged,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Edge;
    use proptest::prelude::*;

    /// Builds a graph from a one-line description such as `"0>1 1>2:2.5 2>0"`.
    fn graph(nodes: u32, spec: &str) -> Csr {
        let edges = spec
            .split_whitespace()
            .map(|e| {
                let (st, w) = e.split_once(':').unwrap_or((e, "1"));
                let (s, t) = st.split_once('>').unwrap();
                Edge {
                    source: s.parse().unwrap(),
                    target: t.parse().unwrap(),
                    weight: w.parse().unwrap(),
                }
            })
            .collect();
        Csr::from_edges(nodes, edges)
    }

    /// A textbook power iteration written as plainly as possible, the oracle for the kernel.
    fn reference(g: &Csr, d: f64, iterations: usize) -> Vec<f64> {
        let n = g.node_count() as usize;
        let mut r = vec![1.0 / n as f64; n];
        for _ in 0..iterations {
            let mut next = vec![0.0; n];
            let mut dangling = 0.0;
            for (u, &ru) in r.iter().enumerate() {
                if g.out_weight(u as u32) == 0.0 {
                    dangling += ru;
                } else {
                    // The share of the rank that the edges do not carry is held like a dangling
                    // node's, whatever the normaliser says.
                    let carried: f64 = g.edges().filter(|e| e.source == u as u32).map(|e| e.weight).sum();
                    dangling += ru * (1.0 - carried / g.out_weight(u as u32));
                }
            }
            for slot in next.iter_mut() {
                *slot = (1.0 - d) / n as f64 + d * dangling / n as f64;
            }
            for e in g.edges() {
                next[e.target as usize] += d * r[e.source as usize] * e.weight / g.out_weight(e.source);
            }
            r = next;
        }
        r
    }

    #[test]
    fn symmetric_cycle_is_uniform() {
        let g = graph(3, "0>1 1>2 2>0");
        let r = pagerank(&g, &PageRankConfig::default(), Teleport::Uniform);
        assert!(r.converged);
        for x in &r.ranks {
            assert!((x - 1.0 / 3.0).abs() < 1e-12);
        }
    }

    #[test]
    fn star_centre_ranks_first_and_dangling_mass_is_kept() {
        // Nodes 1..5 all point at 0, which has no out-edge (dangling).
        let g = graph(6, "1>0 2>0 3>0 4>0 5>0");
        let r = pagerank(&g, &PageRankConfig::default(), Teleport::Uniform);
        let sum: f64 = r.ranks.iter().sum();
        assert!((sum - 1.0).abs() < 1e-12);
        assert!(r.ranks[0] > 4.0 * r.ranks[1]);
        // Closed form: leaves hold a = t·((1-d) + d·r0) and r0 = a + 5·d·a.
        let d = 0.85;
        let t = 1.0 / 6.0;
        let r0 = r.ranks[0];
        assert!((r.ranks[1] - t * ((1.0 - d) + d * r0)).abs() < 1e-9);
    }

    #[test]
    fn weights_steer_rank() {
        let g = graph(3, "0>1:9 0>2:1 1>0 2>0");
        let r = pagerank(&g, &PageRankConfig::default(), Teleport::Uniform);
        assert!(r.ranks[1] > 3.0 * r.ranks[2]);
    }

    #[test]
    fn empty_graph_and_bad_config() {
        let g = Csr::from_edges(0, vec![]);
        assert!(
            pagerank(&g, &PageRankConfig::default(), Teleport::Uniform)
                .ranks
                .is_empty()
        );
        assert!(
            PageRankConfig {
                damping: 1.0,
                ..Default::default()
            }
            .validate()
            .is_err()
        );
        assert!(
            PageRankConfig {
                tolerance: 0.0,
                ..Default::default()
            }
            .validate()
            .is_err()
        );
        assert!(
            PageRankConfig {
                max_iterations: 0,
                ..Default::default()
            }
            .validate()
            .is_err()
        );
        assert!(Teleport::weighted(vec![0.0, 0.0], 2).is_err());
        assert!(Teleport::weighted(vec![1.0], 2).is_err());
    }

    #[test]
    fn personalised_teleport_favours_the_seed() {
        let g = graph(4, "0>1 1>2 2>3 3>0");
        let t = Teleport::weighted(vec![1.0, 0.0, 0.0, 0.0], 4).unwrap();
        let r = pagerank(&g, &PageRankConfig::default(), t);
        assert!(r.ranks[0] > r.ranks[1] && r.ranks[1] > r.ranks[2] && r.ranks[2] > r.ranks[3]);
    }

    fn random_graph() -> impl Strategy<Value = Csr> {
        (1u32..40).prop_flat_map(|n| {
            proptest::collection::vec((0..n, 0..n, 1u32..20), 0..200).prop_map(move |raw| {
                Csr::from_edges(
                    n,
                    raw.into_iter()
                        .map(|(s, t, w)| Edge {
                            source: s,
                            target: t,
                            weight: f64::from(w),
                        })
                        .collect(),
                )
            })
        })
    }

    proptest! {
        #[test]
        fn ranks_are_a_distribution_matching_the_reference(g in random_graph()) {
            let config = PageRankConfig { tolerance: 1e-13, max_iterations: 1000, ..Default::default() };
            let r = pagerank(&g, &config, Teleport::Uniform);
            prop_assert!(r.ranks.iter().all(|&x| x >= 0.0));
            let sum: f64 = r.ranks.iter().sum();
            prop_assert!((sum - 1.0).abs() < 1e-9, "sum {}", sum);
            let oracle = reference(&g, 0.85, r.iterations as usize);
            let l1: f64 = r.ranks.iter().zip(&oracle).map(|(a, b)| (a - b).abs()).sum();
            prop_assert!(l1 < 1e-9, "l1 {}", l1);
        }

        /// Raised normalisers hold part of each rank back: ranks still sum to 1 and match the
        /// reference, and the nodes whose votes are discounted pass on less.
        #[test]
        fn held_back_votes_return_through_teleport(g in random_graph(), factor in proptest::collection::vec(1.0f64..4.0, 40)) {
            let n = g.node_count() as usize;
            let normalisers: Vec<f64> = (0..n).map(|u| g.out_weight(u as u32) * factor[u % factor.len()]).collect();
            let held = g.clone().with_out_weights(normalisers);
            let config = PageRankConfig { tolerance: 1e-13, max_iterations: 1000, ..Default::default() };
            let r = pagerank(&held, &config, Teleport::Uniform);
            let sum: f64 = r.ranks.iter().sum();
            prop_assert!((sum - 1.0).abs() < 1e-9, "sum {}", sum);
            let oracle = reference(&held, 0.85, r.iterations as usize);
            let l1: f64 = r.ranks.iter().zip(&oracle).map(|(a, b)| (a - b).abs()).sum();
            prop_assert!(l1 < 1e-9, "l1 {}", l1);
            for v in 0..held.node_count() {
                let c = r.contributions(&held, v);
                prop_assert!((c.total() - r.ranks[v as usize]).abs() <= 1e-9 * r.ranks[v as usize]);
            }
        }

        #[test]
        fn contributions_add_up_to_each_rank(g in random_graph()) {
            let r = pagerank(&g, &PageRankConfig::default(), Teleport::Uniform);
            for v in 0..g.node_count() {
                let c = r.contributions(&g, v);
                let total = c.total();
                prop_assert!((total - r.ranks[v as usize]).abs() <= 1e-9 * r.ranks[v as usize], "{} vs {}", total, r.ranks[v as usize]);
            }
        }

        #[test]
        fn relabelling_nodes_permutes_ranks(g in random_graph(), seed in any::<u64>()) {
            let n = g.node_count();
            let mut perm: Vec<u32> = (0..n).collect();
            crate::shuffle(&mut perm, seed);
            let relabelled = Csr::from_edges(n, g.edges().map(|e| Edge { source: perm[e.source as usize], target: perm[e.target as usize], weight: e.weight }).collect());
            let a = pagerank(&g, &PageRankConfig::default(), Teleport::Uniform);
            let b = pagerank(&relabelled, &PageRankConfig::default(), Teleport::Uniform);
            prop_assert_eq!(a.iterations, b.iterations);
            for (v, &p) in perm.iter().enumerate() {
                prop_assert!((a.ranks[v] - b.ranks[p as usize]).abs() < 1e-14);
            }
        }
    }
}
