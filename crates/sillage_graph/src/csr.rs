//! The in-edge CSR: for each node, the nodes pointing at it and the weights of those edges.

use rayon::prelude::*;

/// A weighted edge `source → target`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Edge {
    pub source: u32,
    pub target: u32,
    pub weight: f64,
}

/// A weighted directed graph stored by in-edges ("pull" layout): the in-neighbours of `v` are
/// `sources[offsets[v]..offsets[v + 1]]`, sorted by id, each once, with their summed `weights`.
/// `out_weight[u]` is the total weight leaving `u`, the normaliser of a random walk's step.
#[derive(Debug, Clone, PartialEq)]
pub struct Csr {
    offsets: Box<[u64]>,
    sources: Box<[u32]>,
    weights: Box<[f64]>,
    out_weight: Box<[f64]>,
    /// The share of each node's out-weight its edges carry, when normalisers were set larger than
    /// the edges' sums ([`Csr::with_out_weights`]); `None` means every share is 1.
    kept: Option<Box<[f64]>>,
}

impl Csr {
    /// Builds the graph on nodes `0..nodes` from edges given in any order. Parallel edges are
    /// merged by summing their weights; the sum runs in a canonical order (by weight), so the
    /// result does not depend on the order of the input. Edges with a non-positive or non-finite
    /// weight, or naming a node outside `0..nodes`, are dropped.
    pub fn from_edges(nodes: u32, mut edges: Vec<Edge>) -> Csr {
        edges.retain(|e| e.source < nodes && e.target < nodes && e.weight.is_finite() && e.weight > 0.0);
        edges.par_sort_unstable_by(|a, b| {
            (a.target, a.source, a.weight.to_bits()).cmp(&(b.target, b.source, b.weight.to_bits()))
        });
        let n = nodes as usize;
        let mut offsets = vec![0u64; n + 1];
        let mut sources = Vec::with_capacity(edges.len());
        let mut weights: Vec<f64> = Vec::with_capacity(edges.len());
        let mut out_weight = vec![0.0f64; n];
        let mut last: Option<(u32, u32)> = None;
        for e in &edges {
            if last == Some((e.target, e.source)) {
                *weights.last_mut().expect("a merged edge follows a pushed one") += e.weight;
            } else {
                sources.push(e.source);
                weights.push(e.weight);
                offsets[e.target as usize + 1] += 1;
                last = Some((e.target, e.source));
            }
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        // Out-weights are summed edge by edge in CSR order, which is canonical too.
        for (&s, &w) in sources.iter().zip(&weights) {
            out_weight[s as usize] += w;
        }
        Csr {
            offsets: offsets.into_boxed_slice(),
            sources: sources.into_boxed_slice(),
            weights: weights.into_boxed_slice(),
            out_weight: out_weight.into_boxed_slice(),
            kept: None,
        }
    }

    /// Replaces the normalisers of a random walk's step: `out_weights[u]` is what `u`'s edge
    /// weights are divided by. A normaliser larger than the sum of `u`'s edges means part of
    /// `u`'s rank follows no edge: PageRank hands that part back through the teleport vector, as
    /// it does a dangling node's rank. This is how discounted votes leave the graph without
    /// inflating the votes that remain. Normalisers smaller than the edges' sum (or not finite)
    /// are raised to that sum.
    pub fn with_out_weights(mut self, out_weights: Vec<f64>) -> Csr {
        let n = self.out_weight.len();
        let mut normalisers = out_weights;
        normalisers.resize(n, 0.0);
        let mut kept = vec![1.0f64; n];
        for u in 0..n {
            let sum = self.out_weight[u];
            let given = normalisers[u];
            if given.is_finite() && given > sum {
                kept[u] = sum / given;
                self.out_weight[u] = given;
            }
        }
        self.kept = Some(kept.into_boxed_slice());
        self
    }

    /// The share of `u`'s rank that its edges carry (1 unless normalisers were raised).
    pub fn kept_share(&self, u: u32) -> f64 {
        self.kept.as_ref().map_or(1.0, |k| k[u as usize])
    }

    pub(crate) fn kept_shares(&self) -> Option<&[f64]> {
        self.kept.as_deref()
    }

    pub fn node_count(&self) -> u32 {
        (self.offsets.len() - 1) as u32
    }

    pub fn edge_count(&self) -> usize {
        self.sources.len()
    }

    /// The in-neighbours of `v` and the weights of their edges into `v`.
    pub fn in_edges(&self, v: u32) -> (&[u32], &[f64]) {
        let (lo, hi) = (self.offsets[v as usize] as usize, self.offsets[v as usize + 1] as usize);
        (&self.sources[lo..hi], &self.weights[lo..hi])
    }

    pub(crate) fn offsets(&self) -> &[u64] {
        &self.offsets
    }

    pub(crate) fn sources(&self) -> &[u32] {
        &self.sources
    }

    pub(crate) fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// The total weight leaving `u` (0 for a dangling node).
    pub fn out_weight(&self, u: u32) -> f64 {
        self.out_weight[u as usize]
    }

    pub fn out_weights(&self) -> &[f64] {
        &self.out_weight
    }

    /// Every edge, in CSR order (by target, then source).
    pub fn edges(&self) -> impl Iterator<Item = Edge> + '_ {
        (0..self.node_count()).flat_map(move |v| {
            let (s, w) = self.in_edges(v);
            s.iter().zip(w).map(move |(&source, &weight)| Edge {
                source,
                target: v,
                weight,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn e(source: u32, target: u32, weight: f64) -> Edge {
        Edge { source, target, weight }
    }

    #[test]
    fn merges_parallel_edges_and_sums_out_weights() {
        let g = Csr::from_edges(
            4,
            vec![
                e(0, 1, 1.0),
                e(2, 1, 0.5),
                e(0, 1, 2.0),
                e(1, 3, 1.0),
                e(3, 9, 1.0),
                e(2, 0, -1.0),
            ],
        );
        assert_eq!(g.node_count(), 4);
        assert_eq!(g.edge_count(), 3);
        assert_eq!(g.in_edges(1), (&[0u32, 2][..], &[3.0, 0.5][..]));
        assert_eq!(g.in_edges(0), (&[][..], &[][..]));
        assert_eq!(g.out_weight(0), 3.0);
        assert_eq!(g.out_weight(2), 0.5);
        assert_eq!(g.out_weight(3), 0.0, "the edge to a node outside the graph is dropped");
    }

    proptest! {
        /// The CSR holds exactly the input's edges, merged, whatever the input order.
        #[test]
        fn round_trips_its_edges(raw in proptest::collection::vec((0u32..12, 0u32..12, 1u32..100), 0..80), seed in any::<u64>()) {
            let edges: Vec<Edge> = raw.iter().map(|&(s, t, w)| e(s, t, f64::from(w) / 8.0)).collect();
            let mut shuffled = edges.clone();
            crate::shuffle(&mut shuffled, seed);
            let a = Csr::from_edges(12, edges.clone());
            let b = Csr::from_edges(12, shuffled);
            prop_assert_eq!(&a, &b);
            let mut expected = std::collections::BTreeMap::new();
            for ed in &edges {
                *expected.entry((ed.target, ed.source)).or_insert(0.0) += ed.weight;
            }
            let got: Vec<((u32, u32), f64)> = a.edges().map(|ed| ((ed.target, ed.source), ed.weight)).collect();
            let want: Vec<((u32, u32), f64)> = expected.into_iter().collect();
            prop_assert_eq!(got, want);
        }
    }
}
