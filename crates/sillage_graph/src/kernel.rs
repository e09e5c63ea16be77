//! The one PageRank kernel: a pull-style power iteration over an in-edge CSR, generic over the
//! float type of the ranks (`f32` for large graphs, `f64` for scores that must be explained to
//! the last digit) and over edge weights (none, or one per edge).
//!
//! Global, topic-sensitive and personalised PageRank differ only in their teleport vector, so
//! they all run here: [`crate::pagerank`] (the scoring model's weighted `f64` graphs) and
//! [`crate::EngineGraph::pagerank`] (the large unweighted graphs) are thin callers.
//!
//! One iteration is two parallel passes:
//! 1. *scale*: `contrib[u] = rank[u] · inv_out[u]` for every node, summing the rank that follows
//!    no edge (dangling nodes, and the held-back share of discounted votes);
//! 2. *pull*: for every node `v`, `rank'[v] = t(v)·((1 − d) + d·D) + d·Σ_{u→v} w(u,v)·contrib[u]`,
//!    written in place, since a node's old rank is read only by itself (for the residual).
//!
//! **Determinism.** Each node's sum runs over its in-edges in CSR order, and every reduction
//! (dangling mass, residual) is summed per fixed block and then in block order. Blocks depend on
//! the graph only, so the ranks are the same bit for bit whatever the number of threads.
//!
//! **Partitions.** [`pull_block`] is the whole per-node work: a partitioned backend that owns a
//! range of destinations with their in-edges, and receives the `contrib` values of the sources
//! it reads, computes its share of an iteration with exactly this function.

use std::ops::{Add, AddAssign, Mul, Sub};

use rayon::prelude::*;

/// The float type of ranks: `f32` or `f64`.
pub trait Float:
    Copy
    + Send
    + Sync
    + PartialOrd
    + Default
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + AddAssign
    + std::fmt::Debug
    + 'static
{
    const ZERO: Self;
    fn from_f64(x: f64) -> Self;
    fn to_f64(self) -> f64;
    fn abs(self) -> Self;
}

impl Float for f32 {
    const ZERO: f32 = 0.0;
    fn from_f64(x: f64) -> f32 {
        x as f32
    }
    fn to_f64(self) -> f64 {
        f64::from(self)
    }
    fn abs(self) -> f32 {
        f32::abs(self)
    }
}

impl Float for f64 {
    const ZERO: f64 = 0.0;
    fn from_f64(x: f64) -> f64 {
        x
    }
    fn to_f64(self) -> f64 {
        self
    }
    fn abs(self) -> f64 {
        f64::abs(self)
    }
}

/// Nodes per block of the scale pass.
const SCALE_BLOCK: usize = 1 << 14;
/// A pull block ends once it holds this many in-edges (or [`PULL_BLOCK_NODES`] nodes): enough
/// work per task to amortise scheduling, small enough to balance hubs across threads.
const PULL_BLOCK_EDGES: u64 = 1 << 16;
const PULL_BLOCK_NODES: usize = 1 << 14;

/// The graph and vectors one run reads. Node ids index every per-node slice.
#[derive(Debug, Clone, Copy)]
pub struct Problem<'a, F> {
    /// `offsets[v]..offsets[v + 1]` indexes the in-edges of `v`; `offsets.len()` is nodes + 1.
    pub offsets: &'a [u64],
    /// The source of each in-edge.
    pub sources: &'a [u32],
    /// One weight per in-edge, or `None` for weight 1.
    pub weights: Option<&'a [F]>,
    /// `1 / W(u)`, the share of `u`'s rank each unit of edge weight carries; 0 for a dangling node.
    pub inv_out: &'a [F],
    /// The share of `u`'s rank that follows no edge although `u` has edges (discounted votes);
    /// `None` when every share is 0.
    pub held: Option<&'a [F]>,
    /// The teleport distribution (summing to 1), or `None` for uniform.
    pub teleport: Option<&'a [F]>,
}

/// When to stop, and what happens to the rank that follows no edge.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Iteration {
    pub damping: f64,
    /// Stop when the L1 change of an iteration falls below this (`0` never stops early).
    pub tolerance: f64,
    pub max_iterations: u32,
    /// Hand dangling rank back through the teleport vector (ranks keep summing to 1), or drop it
    /// (GAP's and the `graph` crate's convention, kept for side-by-side checks).
    pub dangling: Dangling,
}

/// What happens to the rank held by nodes without out-edges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dangling {
    Redistribute,
    Drop,
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outcome {
    pub iterations: u32,
    /// L1 distance between the last two iterates.
    pub residual: f64,
    /// The rank the last step's input held back (redistributed through teleport, or dropped).
    pub dangling_previous: f64,
    pub converged: bool,
}

/// Runs the power iteration from `ranks` (the start vector, usually the teleport distribution),
/// leaving the final iterate in `ranks`. With `previous`, the iterate before the final one is
/// kept there (what an explanation decomposes the final step against).
pub fn iterate<F: Float>(
    problem: &Problem<'_, F>,
    settings: &Iteration,
    ranks: &mut [F],
    mut previous: Option<&mut [F]>,
) -> Outcome {
    let n = ranks.len();
    debug_assert_eq!(problem.offsets.len(), n + 1);
    debug_assert_eq!(problem.inv_out.len(), n);
    if n == 0 {
        return Outcome {
            iterations: 0,
            residual: 0.0,
            dangling_previous: 0.0,
            converged: true,
        };
    }
    let d = settings.damping;
    let blocks = pull_blocks(problem.offsets);
    // Rounded up to a power of two for `sum_unweighted`'s masked indexing; the tail stays 0.
    // Two buffers: the pull reads one and writes the next iteration's into the other.
    let mut contrib = vec![F::ZERO; n.next_power_of_two()];
    let mut next = vec![F::ZERO; n.next_power_of_two()];
    let mut dangling = scale(problem, ranks, &mut contrib[..n]);
    let uniform = F::from_f64(1.0 / n as f64);
    let mut outcome = Outcome {
        iterations: 0,
        residual: f64::INFINITY,
        dangling_previous: 0.0,
        converged: false,
    };
    while outcome.iterations < settings.max_iterations.max(1) {
        let started = std::time::Instant::now();
        if let Some(previous) = previous.as_deref_mut() {
            previous.copy_from_slice(ranks);
        }
        let base = match settings.dangling {
            Dangling::Redistribute => (1.0 - d) + d * dangling,
            Dangling::Drop => 1.0 - d,
        };
        let step = Step {
            base: F::from_f64(base),
            uniform,
            damping: F::from_f64(d),
        };
        let (residual, next_dangling) = pull(problem, &step, &contrib, ranks, &mut next[..n], &blocks);
        std::mem::swap(&mut contrib, &mut next);
        outcome.iterations += 1;
        outcome.residual = residual;
        outcome.dangling_previous = dangling;
        dangling = next_dangling;
        tracing::trace!(
            iteration = outcome.iterations,
            residual,
            elapsed_us = started.elapsed().as_micros() as u64,
            "pagerank iteration"
        );
        if residual < settings.tolerance {
            outcome.converged = true;
            break;
        }
    }
    outcome
}

/// The scale pass of the start vector: fills `contrib` and returns the rank that follows no
/// edge. Later iterations get both from the pull pass, which writes them as it goes.
fn scale<F: Float>(problem: &Problem<'_, F>, ranks: &[F], contrib: &mut [F]) -> f64 {
    let parts: Vec<f64> = contrib
        .par_chunks_mut(SCALE_BLOCK)
        .zip(ranks.par_chunks(SCALE_BLOCK))
        .enumerate()
        .map(|(block, (c, r))| {
            let lo = block * SCALE_BLOCK;
            let inv = &problem.inv_out[lo..lo + c.len()];
            let held = problem.held.map(|h| &h[lo..lo + c.len()]);
            // Summed in f64 whatever F is: this sum of up to a block of ranks feeds every
            // node's next rank, and an f32 sum of thousands of terms drifts (1e-5 of the mass
            // over 20 iterations at scale 20, measured) where f64 does not.
            let mut dangling = 0.0f64;
            for (i, ((c, &r), &inv)) in c.iter_mut().zip(r).zip(inv).enumerate() {
                *c = r * inv;
                if inv == F::ZERO {
                    dangling += r.to_f64();
                } else if let Some(h) = held {
                    dangling += (r * h[i]).to_f64();
                }
            }
            dangling
        })
        .collect();
    parts.iter().sum()
}

/// The constants of one pull pass.
#[derive(Debug, Clone, Copy)]
pub struct Step<F> {
    /// `(1 − d) + d·D`, the teleported mass.
    pub base: F,
    /// `1/n`, the teleport probability when it is uniform.
    pub uniform: F,
    pub damping: F,
}

fn pull<F: Float>(
    problem: &Problem<'_, F>,
    step: &Step<F>,
    contrib: &[F],
    ranks: &mut [F],
    next: &mut [F],
    blocks: &[usize],
) -> (f64, f64) {
    let mut slices = Vec::with_capacity(blocks.len());
    let (mut rest, mut rest_next) = (ranks, next);
    for pair in blocks.windows(2) {
        let (head, tail) = rest.split_at_mut(pair[1] - pair[0]);
        let (head_next, tail_next) = rest_next.split_at_mut(pair[1] - pair[0]);
        slices.push((pair[0], head, head_next));
        rest = tail;
        rest_next = tail_next;
    }
    let parts: Vec<(f64, f64)> = slices
        .into_par_iter()
        .map(|(lo, slots, next)| pull_block(problem, step, contrib, lo, slots, next))
        .collect();
    parts.iter().fold((0.0, 0.0), |(c, d), &(pc, pd)| (c + pc, d + pd))
}

/// Computes the new ranks of nodes `first..first + slots.len()` into `slots` (which hold their
/// old ranks) from the sources' `contrib`, and each node's contribution for the next iteration
/// into `next`. Returns the block's L1 change and the part of its new ranks that follows no edge
/// (dangling nodes, held-back shares). This is the per-partition kernel: it reads the in-edges
/// of its own nodes and `contrib` of their sources, and writes only its own nodes' values.
pub fn pull_block<F: Float>(
    problem: &Problem<'_, F>,
    step: &Step<F>,
    contrib: &[F],
    first: usize,
    slots: &mut [F],
    next: &mut [F],
) -> (f64, f64) {
    let offsets = &problem.offsets[first..first + slots.len() + 1];
    let sources = problem.sources;
    let own = Own {
        inv_out: &problem.inv_out[first..first + slots.len()],
        held: problem.held.map(|h| &h[first..first + slots.len()]),
    };
    // One loop per case, so that the innermost loop carries no branch on the problem's shape.
    match (problem.weights, problem.teleport) {
        (None, None) => {
            let teleported = step.uniform * step.base;
            pull_with(
                offsets,
                step,
                slots,
                next,
                own,
                |lo, hi| sum_unweighted(&sources[lo..hi], contrib),
                |_| teleported,
            )
        }
        (None, Some(t)) => {
            let t = &t[first..first + slots.len()];
            pull_with(
                offsets,
                step,
                slots,
                next,
                own,
                |lo, hi| sum_unweighted(&sources[lo..hi], contrib),
                |i| t[i] * step.base,
            )
        }
        (Some(w), None) => {
            let teleported = step.uniform * step.base;
            pull_with(
                offsets,
                step,
                slots,
                next,
                own,
                |lo, hi| sum_weighted(&sources[lo..hi], &w[lo..hi], contrib),
                |_| teleported,
            )
        }
        (Some(w), Some(t)) => {
            let t = &t[first..first + slots.len()];
            pull_with(
                offsets,
                step,
                slots,
                next,
                own,
                |lo, hi| sum_weighted(&sources[lo..hi], &w[lo..hi], contrib),
                |i| t[i] * step.base,
            )
        }
    }
}

/// A block's own per-node vectors.
#[derive(Clone, Copy)]
struct Own<'a, F> {
    inv_out: &'a [F],
    held: Option<&'a [F]>,
}

#[inline(always)]
fn pull_with<F: Float>(
    offsets: &[u64],
    step: &Step<F>,
    slots: &mut [F],
    next: &mut [F],
    own: Own<'_, F>,
    pulled: impl Fn(usize, usize) -> F,
    teleported: impl Fn(usize) -> F,
) -> (f64, f64) {
    let mut change = 0.0f64;
    // In f64 whatever F is: an f32 sum of thousands of ranks drifts (2e-5 of the mass over 20
    // iterations at scale 20, measured) where f64 does not.
    let mut dangling = 0.0f64;
    let rows = slots
        .iter_mut()
        .zip(next.iter_mut())
        .zip(offsets.windows(2))
        .zip(own.inv_out);
    for (i, (((slot, next), range), &inv)) in rows.enumerate() {
        let value = teleported(i) + step.damping * pulled(range[0] as usize, range[1] as usize);
        change += (value - *slot).abs().to_f64();
        *slot = value;
        *next = value * inv;
        if inv == F::ZERO {
            dangling += value.to_f64();
        } else if let Some(h) = own.held {
            dangling += (value * h[i]).to_f64();
        }
    }
    (change, dangling)
}

/// `Σ contrib[u]` with four independent accumulators, so the adds of a long list overlap and
/// the rounding error grows with a quarter of the in-degree.
#[inline]
fn sum_unweighted<F: Float>(sources: &[u32], contrib: &[F]) -> F {
    match u32::try_from(contrib.len()) {
        // A power-of-two length lets every index be masked instead of bounds-checked: the mask
        // changes no index in range, and the compiler can see that a masked one is in range.
        Ok(len) if len.is_power_of_two() => sum_masked(sources, contrib, len - 1),
        _ => sum_checked(sources, contrib),
    }
}

#[inline(always)]
fn sum_masked<F: Float>(sources: &[u32], contrib: &[F], mask: u32) -> F {
    let contrib = &contrib[..mask as usize + 1];
    let at = |u: u32| contrib[(u & mask) as usize];
    let mut acc = [F::ZERO; 4];
    let mut quads = sources.chunks_exact(4);
    for q in &mut quads {
        acc[0] += at(q[0]);
        acc[1] += at(q[1]);
        acc[2] += at(q[2]);
        acc[3] += at(q[3]);
    }
    for &u in quads.remainder() {
        acc[0] += at(u);
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3])
}

#[inline(always)]
fn sum_checked<F: Float>(sources: &[u32], contrib: &[F]) -> F {
    let mut acc = [F::ZERO; 4];
    let mut quads = sources.chunks_exact(4);
    for q in &mut quads {
        acc[0] += contrib[q[0] as usize];
        acc[1] += contrib[q[1] as usize];
        acc[2] += contrib[q[2] as usize];
        acc[3] += contrib[q[3] as usize];
    }
    for &u in quads.remainder() {
        acc[0] += contrib[u as usize];
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3])
}

#[inline]
fn sum_weighted<F: Float>(sources: &[u32], weights: &[F], contrib: &[F]) -> F {
    let mut acc = [F::ZERO; 4];
    let mut quads = sources.chunks_exact(4).zip(weights.chunks_exact(4));
    for (q, w) in &mut quads {
        acc[0] += w[0] * contrib[q[0] as usize];
        acc[1] += w[1] * contrib[q[1] as usize];
        acc[2] += w[2] * contrib[q[2] as usize];
        acc[3] += w[3] * contrib[q[3] as usize];
    }
    let done = sources.len() / 4 * 4;
    for (&u, &w) in sources[done..].iter().zip(&weights[done..]) {
        acc[0] += w * contrib[u as usize];
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3])
}

/// Cuts `0..n` into consecutive blocks of about [`PULL_BLOCK_EDGES`] in-edges each: the block
/// boundaries, from 0 to n. They depend on the graph alone (see the module's determinism note).
pub fn pull_blocks(offsets: &[u64]) -> Vec<usize> {
    let n = offsets.len() - 1;
    let mut blocks = vec![0];
    let mut start = 0;
    while start < n {
        // The first node whose in-edges reach the edge budget, found by binary search.
        let target = offsets[start] + PULL_BLOCK_EDGES;
        let by_edges = offsets[start + 1..].partition_point(|&o| o < target) + start + 1;
        let end = by_edges.min(start + PULL_BLOCK_NODES).min(n).max(start + 1);
        blocks.push(end);
        start = end;
    }
    blocks
}
