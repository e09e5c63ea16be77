//! The engine graph: a large unweighted directed graph in an in-edge CSR with compact `u32` ids,
//! built in parallel from a stream of edges and renumbered for cache locality.
//!
//! **Layout.** `sources[offsets[v]..offsets[v + 1]]` are the in-neighbours of `v`, sorted, each
//! once; `out_degree[u]` counts `u`'s out-edges. Memory is 4 bytes per edge and 16 per vertex
//! (offsets, out-degree, and the renumbering's map back to input ids).
//!
//! **Renumbering** ([`Order::Degree`]). The pull loop reads `contrib[u]` for every in-edge
//! `u → v`: on a graph larger than the cache those reads are the cost. Numbering vertices by
//! decreasing out-degree packs the most-read values (the hubs') into few cache lines that stay
//! cached, and puts the vertices that are never read (no out-edge) at the end. Ranks come back
//! in input ids: the order changes the speed, never a score (property-tested).
//!
//! **Building.** Two passes over the edge source (which may be a file read in parallel chunks):
//! one counts degrees, the other scatters each edge to its slot with an atomic cursor per vertex.
//! In-lists are then sorted (the scatter's order depends on thread timing; sorting makes the
//! graph, and so the ranks, deterministic) and, unless the source promises a simple graph,
//! de-duplicated. The edges are never held in memory besides the CSR itself.

use std::cmp::Reverse;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering::Relaxed};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::kernel::{self, Float, Iteration, Outcome, Problem};

/// The scatter groups each chunk's edges into 2^this target ranges before placing them.
const SCATTER_BUCKET_BITS: u32 = 8;

/// Edges to build a graph from. Every id is below [`EdgeSource::vertices`].
pub trait EdgeSource: Sync {
    type Error: Send;
    fn vertices(&self) -> u32;
    /// Calls `visit` on every edge exactly once, in chunks, possibly from several threads at once.
    /// Each call of this method must visit the same edges (the builder reads the source twice).
    fn for_each_chunk(&self, visit: &(dyn Fn(&[[u32; 2]]) + Sync)) -> Result<(), Self::Error>;
    /// Whether the source promises no duplicate edge, which saves the de-duplication pass.
    fn simple(&self) -> bool {
        false
    }
}

/// Edges in memory, checked against the vertex count.
#[derive(Debug, Clone, Copy)]
pub struct EdgeSlice<'a> {
    vertices: u32,
    edges: &'a [[u32; 2]],
}

/// An edge naming a vertex outside the graph.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("edge {index} ({from} → {to}) names a vertex outside 0..{vertices}")]
pub struct OutOfRange {
    pub index: usize,
    pub from: u32,
    pub to: u32,
    pub vertices: u32,
}

impl<'a> EdgeSlice<'a> {
    pub fn new(vertices: u32, edges: &'a [[u32; 2]]) -> Result<EdgeSlice<'a>, OutOfRange> {
        if let Some(index) = edges.iter().position(|e| e[0] >= vertices || e[1] >= vertices) {
            let [from, to] = edges[index];
            return Err(OutOfRange {
                index,
                from,
                to,
                vertices,
            });
        }
        Ok(EdgeSlice { vertices, edges })
    }
}

impl EdgeSource for EdgeSlice<'_> {
    type Error = std::convert::Infallible;
    fn vertices(&self) -> u32 {
        self.vertices
    }
    fn for_each_chunk(&self, visit: &(dyn Fn(&[[u32; 2]]) + Sync)) -> Result<(), Self::Error> {
        self.edges.par_chunks(1 << 16).for_each(visit);
        Ok(())
    }
}

/// How vertices are numbered inside the engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// The input's ids.
    Input,
    /// By decreasing out-degree, ties by input id (see the module's notes).
    #[default]
    Degree,
}

/// What the build did and how long each phase took.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BuildReport {
    /// Edges read from the source.
    pub edges_read: u64,
    /// Duplicate edges merged away.
    pub duplicates: u64,
    /// First pass: degrees.
    pub count: Duration,
    /// Computing the renumbering (zero with [`Order::Input`]): the reordering's own cost.
    pub reorder: Duration,
    /// Second pass: placing every edge.
    pub scatter: Duration,
    /// Sorting (and de-duplicating) each in-list.
    pub sort: Duration,
}

impl BuildReport {
    /// The whole build, reordering included.
    pub fn total(&self) -> Duration {
        self.count + self.reorder + self.scatter + self.sort
    }
}

/// The engine's graph, owning its arrays. See the module's notes.
#[derive(Debug, Clone, PartialEq)]
pub struct EngineGraph {
    offsets: Vec<u64>,
    sources: Vec<u32>,
    out_degree: Vec<u32>,
    /// `order[new] = input id`; `None` when the input's ids are kept.
    order: Option<Vec<u32>>,
}

/// A borrowed engine graph: the same arrays, from an [`EngineGraph`] or from a memory-mapped
/// snapshot file.
#[derive(Debug, Clone, Copy)]
pub struct EngineView<'a> {
    offsets: &'a [u64],
    sources: &'a [u32],
    out_degree: &'a [u32],
    order: Option<&'a [u32]>,
}

/// The arrays of an [`EngineView`], as [`EngineView::parts`] hands them out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EngineParts<'a> {
    pub offsets: &'a [u64],
    pub sources: &'a [u32],
    pub out_degree: &'a [u32],
    /// `order[engine id] = input id`, when the graph was renumbered.
    pub order: Option<&'a [u32]>,
}

/// Arrays that do not form an engine graph (a damaged or foreign snapshot).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LayoutError {
    #[error("the offsets must start at 0, never decrease and end at the edge count {edges}")]
    Offsets { edges: usize },
    #[error("there are {got} out-degrees for {vertices} vertices")]
    Degrees { got: usize, vertices: usize },
    #[error("in-edge {index} names vertex {id}, outside 0..{vertices}")]
    Source { index: usize, id: u32, vertices: usize },
    #[error("the out-degrees do not match the edges (vertex {vertex})")]
    DegreeMismatch { vertex: usize },
    #[error("the vertex order is not a permutation of 0..{vertices}")]
    Order { vertices: usize },
    #[error("more than {} vertices", u32::MAX)]
    TooLarge,
}

/// Ranks in the input's vertex ids and how the iteration ended.
#[derive(Debug, Clone, PartialEq)]
pub struct EngineRanks<F> {
    pub ranks: Vec<F>,
    pub outcome: Outcome,
}

impl EngineGraph {
    /// Builds the graph from `source`, numbering vertices as `order` says.
    pub fn build<S: EdgeSource>(source: &S, order: Order) -> Result<(EngineGraph, BuildReport), S::Error> {
        let n = source.vertices() as usize;
        let mut report = BuildReport::default();

        let started = Instant::now();
        let out_count = atomic_u32s(n);
        let in_count = atomic_u32s(n);
        let read = AtomicU64::new(0);
        source.for_each_chunk(&|chunk| {
            for &[u, v] in chunk {
                out_count[u as usize].fetch_add(1, Relaxed);
                in_count[v as usize].fetch_add(1, Relaxed);
            }
            read.fetch_add(chunk.len() as u64, Relaxed);
        })?;
        report.edges_read = read.into_inner();
        let out_count: Vec<u32> = out_count.into_iter().map(AtomicU32::into_inner).collect();
        let in_count: Vec<u32> = in_count.into_iter().map(AtomicU32::into_inner).collect();
        report.count = started.elapsed();

        let started = Instant::now();
        let order = match order {
            Order::Input => None,
            Order::Degree => {
                let mut ids: Vec<u32> = (0..n as u32).collect();
                ids.par_sort_unstable_by_key(|&v| (Reverse(out_count[v as usize]), v));
                Some(ids)
            }
        };
        let new_id: Option<Vec<u32>> = order.as_ref().map(|order| {
            let mut new_id = vec![0u32; n];
            for (new, &old) in order.iter().enumerate() {
                new_id[old as usize] = new as u32;
            }
            new_id
        });
        report.reorder = started.elapsed();

        let started = Instant::now();
        let renumber = |v: u32| new_id.as_ref().map_or(v, |m| m[v as usize]);
        // `slots[i + 1]` is vertex i's cursor: it starts where i's in-edges start and ends where
        // they end, which is where i + 1's start, so after the scatter `slots` is the offsets.
        let mut degrees_in_new_order = vec![0u64; n + 1];
        for (v, &d) in in_count.iter().enumerate() {
            degrees_in_new_order[renumber(v as u32) as usize + 1] = u64::from(d);
        }
        drop(in_count);
        let mut start = 0u64;
        let slots: Vec<AtomicU64> = degrees_in_new_order
            .iter()
            .enumerate()
            .map(|(i, &d)| {
                // Entry i + 1 holds vertex i's cursor, set to vertex i's start.
                let cursor = if i == 0 { 0 } else { start };
                start += d;
                AtomicU64::new(cursor)
            })
            .collect();
        drop(degrees_in_new_order);
        let total = start as usize;
        let placed = atomic_u32s(total);
        // Each chunk is renumbered and grouped by target range before it is placed, so that
        // the cursors and slots it touches next are near each other (a range's cursors fit in
        // the cache) rather than spread over the whole graph.
        let shift = (u32::BITS - (n.max(1) as u32 - 1).leading_zeros()).saturating_sub(SCATTER_BUCKET_BITS);
        source.for_each_chunk(&|chunk| {
            let mut counts = [0usize; 1 << SCATTER_BUCKET_BITS];
            let renumbered: Vec<[u32; 2]> = chunk.iter().map(|&[u, v]| [renumber(u), renumber(v)]).collect();
            for &[_, v] in &renumbered {
                counts[(v >> shift) as usize] += 1;
            }
            let mut starts = [0usize; 1 << SCATTER_BUCKET_BITS];
            let mut sum = 0;
            for (start, count) in starts.iter_mut().zip(counts) {
                *start = sum;
                sum += count;
            }
            let mut grouped = vec![[0u32; 2]; renumbered.len()];
            for &[u, v] in &renumbered {
                let bucket = &mut starts[(v >> shift) as usize];
                grouped[*bucket] = [u, v];
                *bucket += 1;
            }
            for &[u, v] in &grouped {
                let at = slots[v as usize + 1].fetch_add(1, Relaxed);
                placed[at as usize].store(u, Relaxed);
            }
        })?;
        let mut offsets: Vec<u64> = slots.into_iter().map(AtomicU64::into_inner).collect();
        let mut sources: Vec<u32> = placed.into_iter().map(AtomicU32::into_inner).collect();
        report.scatter = started.elapsed();

        let started = Instant::now();
        let unique = sort_lists(&offsets, &mut sources);
        report.duplicates = total as u64 - unique;
        let out_degree = if report.duplicates > 0 && !source.simple() {
            dedup_lists(&mut offsets, &mut sources);
            count_out_degrees(n, &sources)
        } else {
            let mut degree = vec![0u32; n];
            for (v, &d) in out_count.iter().enumerate() {
                degree[renumber(v as u32) as usize] = d;
            }
            degree
        };
        report.sort = started.elapsed();
        let graph = EngineGraph {
            offsets,
            sources,
            out_degree,
            order,
        };
        Ok((graph, report))
    }

    pub fn view(&self) -> EngineView<'_> {
        EngineView {
            offsets: &self.offsets,
            sources: &self.sources,
            out_degree: &self.out_degree,
            order: self.order.as_deref(),
        }
    }

    pub fn vertex_count(&self) -> u32 {
        self.view().vertex_count()
    }

    pub fn edge_count(&self) -> u64 {
        self.sources.len() as u64
    }

    /// PageRank on this graph; see [`EngineView::pagerank`].
    pub fn pagerank<F: Float>(&self, settings: &Iteration, teleport: Option<&[F]>) -> EngineRanks<F> {
        self.view().pagerank(settings, teleport)
    }
}

impl<'a> EngineView<'a> {
    /// Checks arrays read from outside (a snapshot file) before the kernel trusts them: every
    /// check is linear and runs in parallel.
    pub fn new(
        offsets: &'a [u64],
        sources: &'a [u32],
        out_degree: &'a [u32],
        order: Option<&'a [u32]>,
    ) -> Result<EngineView<'a>, LayoutError> {
        let n = offsets
            .len()
            .checked_sub(1)
            .ok_or(LayoutError::Offsets { edges: sources.len() })?;
        if n > u32::MAX as usize {
            return Err(LayoutError::TooLarge);
        }
        let monotone = offsets.par_windows(2).all(|w| w[0] <= w[1]);
        if offsets[0] != 0 || !monotone || offsets[n] != sources.len() as u64 {
            return Err(LayoutError::Offsets { edges: sources.len() });
        }
        if out_degree.len() != n {
            return Err(LayoutError::Degrees {
                got: out_degree.len(),
                vertices: n,
            });
        }
        if let Some(index) = sources.par_iter().position_any(|&s| s as usize >= n) {
            return Err(LayoutError::Source {
                index,
                id: sources[index],
                vertices: n,
            });
        }
        if let Some(vertex) = count_out_degrees(n, sources)
            .iter()
            .zip(out_degree)
            .position(|(a, b)| a != b)
        {
            return Err(LayoutError::DegreeMismatch { vertex });
        }
        if let Some(order) = order {
            let mut seen = vec![false; n];
            let permutation = order.len() == n
                && order.iter().all(|&v| {
                    let fresh = (v as usize) < n && !seen[v as usize];
                    if fresh {
                        seen[v as usize] = true;
                    }
                    fresh
                });
            if !permutation {
                return Err(LayoutError::Order { vertices: n });
            }
        }
        Ok(EngineView {
            offsets,
            sources,
            out_degree,
            order,
        })
    }

    pub fn vertex_count(&self) -> u32 {
        (self.offsets.len() - 1) as u32
    }

    pub fn edge_count(&self) -> u64 {
        self.sources.len() as u64
    }

    /// The raw arrays, in the engine's numbering (for writing a snapshot).
    pub fn parts(&self) -> EngineParts<'a> {
        EngineParts {
            offsets: self.offsets,
            sources: self.sources,
            out_degree: self.out_degree,
            order: self.order,
        }
    }

    /// The input id of engine vertex `v`.
    pub fn input_id(&self, v: u32) -> u32 {
        self.order.map_or(v, |o| o[v as usize])
    }

    /// PageRank with the crate's kernel, starting from the teleport distribution. `teleport`
    /// (in input ids, summing to 1) personalises it; `None` is uniform. Ranks come back in
    /// input ids.
    pub fn pagerank<F: Float>(&self, settings: &Iteration, teleport: Option<&[F]>) -> EngineRanks<F> {
        let n = self.vertex_count() as usize;
        let inv_out: Vec<F> = self
            .out_degree
            .par_iter()
            .map(|&d| {
                if d == 0 {
                    F::ZERO
                } else {
                    F::from_f64(1.0 / f64::from(d))
                }
            })
            .collect();
        let teleport: Option<Vec<F>> = teleport.map(|t| (0..n as u32).map(|v| t[self.input_id(v) as usize]).collect());
        let mut ranks: Vec<F> = match &teleport {
            Some(t) => t.clone(),
            None => vec![F::from_f64(1.0 / n.max(1) as f64); n],
        };
        let problem = Problem {
            offsets: self.offsets,
            sources: self.sources,
            weights: None,
            inv_out: &inv_out,
            held: None,
            teleport: teleport.as_deref(),
        };
        let outcome = kernel::iterate(&problem, settings, &mut ranks, None);
        drop(inv_out);
        drop(teleport);
        let ranks = match self.order {
            None => ranks,
            Some(order) => {
                let mut back = vec![F::ZERO; n];
                for (&old, &r) in order.iter().zip(&ranks) {
                    back[old as usize] = r;
                }
                back
            }
        };
        EngineRanks { ranks, outcome }
    }
}

fn atomic_u32s(n: usize) -> Vec<AtomicU32> {
    std::iter::repeat_with(|| AtomicU32::new(0)).take(n).collect()
}

/// The vertex ranges of `offsets`' blocks, each with its own slice of `sources`.
fn lists_by_block<'s>(offsets: &[u64], sources: &'s mut [u32]) -> Vec<(usize, usize, &'s mut [u32])> {
    let blocks = kernel::pull_blocks(offsets);
    let mut parts = Vec::with_capacity(blocks.len());
    let mut rest = sources;
    for pair in blocks.windows(2) {
        let len = (offsets[pair[1]] - offsets[pair[0]]) as usize;
        let (head, tail) = rest.split_at_mut(len);
        parts.push((pair[0], pair[1], head));
        rest = tail;
    }
    parts
}

/// Sorts every in-list; returns the number of distinct edges.
fn sort_lists(offsets: &[u64], sources: &mut [u32]) -> u64 {
    lists_by_block(offsets, sources)
        .into_par_iter()
        .map(|(lo, hi, lists)| {
            let base = offsets[lo];
            let mut unique = 0u64;
            for v in lo..hi {
                let list = &mut lists[(offsets[v] - base) as usize..(offsets[v + 1] - base) as usize];
                list.sort_unstable();
                unique += list.len() as u64 - list.windows(2).filter(|w| w[0] == w[1]).count() as u64;
            }
            unique
        })
        .sum()
}

/// Removes repeated sources from each (sorted) in-list, moving the lists down.
fn dedup_lists(offsets: &mut [u64], sources: &mut Vec<u32>) {
    let mut write = 0usize;
    let mut start = 0usize;
    for v in 0..offsets.len() - 1 {
        let end = offsets[v + 1] as usize;
        let mut last = None;
        for read in start..end {
            let s = sources[read];
            if last != Some(s) {
                sources[write] = s;
                write += 1;
                last = Some(s);
            }
        }
        start = end;
        offsets[v + 1] = write as u64;
    }
    sources.truncate(write);
    sources.shrink_to_fit();
}

fn count_out_degrees(n: usize, sources: &[u32]) -> Vec<u32> {
    let counts = atomic_u32s(n);
    sources.par_chunks(1 << 16).for_each(|chunk| {
        for &s in chunk {
            counts[s as usize].fetch_add(1, Relaxed);
        }
    });
    counts.into_iter().map(AtomicU32::into_inner).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::Dangling;
    use proptest::prelude::*;

    fn settings(iterations: u32, dangling: Dangling) -> Iteration {
        Iteration {
            damping: 0.85,
            tolerance: 0.0,
            max_iterations: iterations,
            dangling,
        }
    }

    /// The textbook power iteration over an edge list, as plainly as possible: the oracle.
    /// Parallel edges count once (the engine's graphs are simple).
    fn reference(n: usize, edges: &[[u32; 2]], teleport: &[f64], iterations: u32, dangling: Dangling) -> Vec<f64> {
        let mut simple: Vec<[u32; 2]> = edges.to_vec();
        simple.sort_unstable();
        simple.dedup();
        let mut out = vec![0usize; n];
        for e in &simple {
            out[e[0] as usize] += 1;
        }
        let d = 0.85;
        let mut r = teleport.to_vec();
        for _ in 0..iterations {
            let lost: f64 = (0..n).filter(|&u| out[u] == 0).map(|u| r[u]).sum();
            let base = match dangling {
                Dangling::Redistribute => (1.0 - d) + d * lost,
                Dangling::Drop => 1.0 - d,
            };
            let mut next: Vec<f64> = teleport.iter().map(|t| t * base).collect();
            for e in &simple {
                next[e[1] as usize] += d * r[e[0] as usize] / out[e[0] as usize] as f64;
            }
            r = next;
        }
        r
    }

    fn graph() -> impl Strategy<Value = (u32, Vec<[u32; 2]>)> {
        (1u32..60).prop_flat_map(|n| {
            (
                Just(n),
                proptest::collection::vec((0..n, 0..n).prop_map(|(a, b)| [a, b]), 0..400),
            )
        })
    }

    fn l1<F: Float>(a: &[F], b: &[f64]) -> f64 {
        a.iter().zip(b).map(|(x, y)| (x.to_f64() - y).abs()).sum()
    }

    #[test]
    fn builds_a_sorted_deduplicated_in_edge_csr() {
        let edges = [[0, 2], [1, 2], [0, 2], [2, 0], [3, 3], [1, 2]];
        let source = EdgeSlice::new(5, &edges).unwrap();
        let (g, report) = EngineGraph::build(&source, Order::Input).unwrap();
        assert_eq!(report.edges_read, 6);
        assert_eq!(report.duplicates, 2);
        assert_eq!(g.edge_count(), 4);
        assert_eq!(g.offsets, vec![0, 1, 1, 3, 4, 4]);
        assert_eq!(g.sources, vec![2, 0, 1, 3]);
        assert_eq!(g.out_degree, vec![1, 1, 1, 1, 0]);
        let (by_degree, _) = EngineGraph::build(&source, Order::Degree).unwrap();
        // Vertices 0..3 have out-degree 1, vertex 4 none: it is numbered last.
        assert_eq!(by_degree.view().input_id(4), 4);
        assert!(EngineView::new(&g.offsets, &g.sources, &g.out_degree, None).is_ok());
    }

    #[test]
    fn rejects_damaged_layouts() {
        assert!(EdgeSlice::new(2, &[[0, 2]]).is_err());
        let ok = EngineView::new(&[0, 1, 2], &[1, 0], &[1, 1], Some(&[1, 0]));
        assert!(ok.is_ok());
        assert!(matches!(
            EngineView::new(&[0, 2, 1], &[1, 0], &[1, 1], None),
            Err(LayoutError::Offsets { .. })
        ));
        assert!(matches!(
            EngineView::new(&[0, 1, 2], &[1, 7], &[1, 1], None),
            Err(LayoutError::Source { index: 1, .. })
        ));
        assert!(matches!(
            EngineView::new(&[0, 1, 2], &[1, 0], &[2, 0], None),
            Err(LayoutError::DegreeMismatch { vertex: 0 })
        ));
        assert!(matches!(
            EngineView::new(&[0, 1, 2], &[1, 0], &[1, 1], Some(&[1, 1])),
            Err(LayoutError::Order { .. })
        ));
        assert!(matches!(
            EngineView::new(&[0, 1, 2], &[1, 0], &[1], None),
            Err(LayoutError::Degrees { .. })
        ));
    }

    proptest! {
        /// The engine's ranks equal the reference's, in f64 and f32, with and without
        /// renumbering, with both dangling conventions and with a personalised teleport.
        #[test]
        fn ranks_match_the_reference((n, edges) in graph(), iterations in 1u32..40, drop in any::<bool>(), personal in proptest::collection::vec(0u32..4, 60)) {
            let dangling = if drop { Dangling::Drop } else { Dangling::Redistribute };
            let source = EdgeSlice::new(n, &edges).unwrap();
            let n = n as usize;
            let mass: u32 = personal[..n].iter().sum::<u32>().max(1);
            let teleport: Vec<f64> = if personal[..n].iter().all(|&w| w == 0) {
                vec![1.0 / n as f64; n]
            } else {
                personal[..n].iter().map(|&w| f64::from(w) / f64::from(mass)).collect()
            };
            let oracle = reference(n, &edges, &teleport, iterations, dangling);
            for order in [Order::Input, Order::Degree] {
                let (g, _) = EngineGraph::build(&source, order).unwrap();
                let r64 = g.pagerank::<f64>(&settings(iterations, dangling), Some(&teleport));
                prop_assert!(l1(&r64.ranks, &oracle) < 1e-12, "f64 {:?}: {}", order, l1(&r64.ranks, &oracle));
                let t32: Vec<f32> = teleport.iter().map(|&t| t as f32).collect();
                let r32 = g.pagerank::<f32>(&settings(iterations, dangling), Some(&t32));
                prop_assert!(l1(&r32.ranks, &oracle) < 1e-6, "f32 {:?}: {}", order, l1(&r32.ranks, &oracle));
                prop_assert_eq!(r64.outcome.iterations, iterations);
            }
        }

        /// Renumbering changes how fast ranks are computed, not what they are: each vertex's
        /// rank agrees to float rounding, and the uniform teleport path agrees with the oracle.
        #[test]
        fn renumbering_never_changes_a_rank((n, edges) in graph()) {
            let source = EdgeSlice::new(n, &edges).unwrap();
            let (plain, _) = EngineGraph::build(&source, Order::Input).unwrap();
            let (sorted, _) = EngineGraph::build(&source, Order::Degree).unwrap();
            let a = plain.pagerank::<f64>(&settings(30, Dangling::Redistribute), None);
            let b = sorted.pagerank::<f64>(&settings(30, Dangling::Redistribute), None);
            for (x, y) in a.ranks.iter().zip(&b.ranks) {
                prop_assert!((x - y).abs() <= 1e-13 * x.abs(), "{} vs {}", x, y);
            }
            let uniform = vec![1.0 / f64::from(n); n as usize];
            let oracle = reference(n as usize, &edges, &uniform, 30, Dangling::Redistribute);
            prop_assert!(l1(&b.ranks, &oracle) < 1e-12);
        }
    }

    /// The same ranks, bit for bit, on one thread and on four.
    #[test]
    fn ranks_do_not_depend_on_the_thread_count() {
        let mut x = 7u64;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let n = 200_000u32;
        // Skewed: half the edges point at the first thousand vertices.
        let edges: Vec<[u32; 2]> = (0..1_500_000)
            .map(|i| {
                let s = (next() % u64::from(n)) as u32;
                let t = if i % 2 == 0 {
                    (next() % 1000) as u32
                } else {
                    (next() % u64::from(n)) as u32
                };
                [s, t]
            })
            .collect();
        let source = EdgeSlice::new(n, &edges).unwrap();
        let run = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            pool.install(|| {
                let (g, _) = EngineGraph::build(&source, Order::Degree).unwrap();
                (
                    g.clone(),
                    g.pagerank::<f32>(&settings(20, Dangling::Redistribute), None),
                )
            })
        };
        let (g1, r1) = run(1);
        let (g4, r4) = run(4);
        assert_eq!(g1, g4);
        assert_eq!(r1, r4);
        let sum: f64 = r1.ranks.iter().map(|&r| f64::from(r)).sum();
        assert!((sum - 1.0).abs() < 1e-4, "{sum}");
    }
}
