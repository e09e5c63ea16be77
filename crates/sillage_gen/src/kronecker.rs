//! The Kronecker (R-MAT) graph of Graph500 and the GAP benchmark suite.
//!
//! Each edge picks one quadrant of the adjacency matrix per bit of the vertex ids, from the most
//! significant bit down: top-left with probability A, top-right B, bottom-left C, bottom-right D.
//! Top means the source's bit is 0, left the target's. With A = 0.57, B = C = 0.19, D = 0.05
//! (Graph500's initiator) low ids gather most edges at every level, which gives the heavy-tailed
//! degrees of real social graphs, and also makes high degree follow low id. Graph500 hides that by
//! relabelling the vertices with a random permutation, applied here to both ends of every edge.

use rand::{Rng, RngExt};

use crate::blocks::{self, GenRng, Purpose};

/// Graph500's initiator: the probabilities A, B, C, D of the four quadrants.
pub const INITIATOR: [f64; 4] = [0.57, 0.19, 0.19, 0.05];

/// A Kronecker graph of `2^scale` vertices and `degree · 2^scale` directed edges, ids relabelled
/// by a random permutation. Edges come in generation order, with self-loops and duplicates:
/// [`crate::simplify`] removes them.
///
/// # Panics
///
/// When [`crate::edge_count`] refuses the size.
pub fn kronecker(scale: u32, degree: u32, seed: u64) -> Vec<[u32; 2]> {
    let permutation = permutation(scale, seed);
    generate(scale, degree, seed, |v| permutation[v as usize])
}

/// The graph before relabelling: low ids are the high-degree vertices, and the quadrant of each
/// edge at each level can be read from its ids' bits.
#[cfg(test)]
pub(crate) fn kronecker_unpermuted(scale: u32, degree: u32, seed: u64) -> Vec<[u32; 2]> {
    generate(scale, degree, seed, |v| v)
}

/// The edges, each end passed through `relabel`. Relabelling looks ids up in a table far larger
/// than the caches; done edge by edge, each look-up would wait for the edge's 2·scale draws before
/// it, one cache miss at a time. So each run of [`RUN_EDGES`] edges is drawn first, then relabelled
/// in a tight loop whose look-ups the processor overlaps, while the run is still in the L1 cache.
fn generate(scale: u32, degree: u32, seed: u64, relabel: impl Fn(u32) -> u32 + Sync) -> Vec<[u32; 2]> {
    let count = crate::checked_edge_count(scale, degree);
    let quadrants = Quadrants::from(INITIATOR);
    blocks::generate(count, seed, Purpose::KroneckerEdges, |rng, slots| {
        for run in slots.chunks_mut(RUN_EDGES) {
            for slot in run.iter_mut() {
                *slot = quadrants.edge(rng, scale);
            }
            for slot in run.iter_mut() {
                *slot = [relabel(slot[0]), relabel(slot[1])];
            }
        }
    })
}

/// Edges drawn before they are relabelled: 32 KiB, the L1 data cache of current processors.
const RUN_EDGES: usize = 4096;

/// The initiator as cut points on a uniform `u32`: a draw below `a` is quadrant A, below `ab`
/// quadrant B, below `abc` quadrant C, else D. Thirty-two bits per level make each probability
/// exact to 2^-32 while a `u64` draw serves two levels.
#[derive(Debug, Clone, Copy)]
struct Quadrants {
    a: u32,
    ab: u32,
    abc: u32,
}

impl From<[f64; 4]> for Quadrants {
    fn from([a, b, c, _]: [f64; 4]) -> Quadrants {
        let cut = |p: f64| (p * 4_294_967_296.0).round() as u32;
        Quadrants {
            a: cut(a),
            ab: cut(a + b),
            abc: cut(a + b + c),
        }
    }
}

impl Quadrants {
    /// One edge: `scale` levels, most significant bit first.
    fn edge(&self, rng: &mut GenRng, scale: u32) -> [u32; 2] {
        let mut ids = [0u32; 2];
        for _ in 0..scale / 2 {
            let draw = rng.next_u64();
            self.level(&mut ids, draw as u32);
            self.level(&mut ids, (draw >> 32) as u32);
        }
        if scale % 2 == 1 {
            self.level(&mut ids, rng.next_u32());
        }
        ids
    }

    /// Appends one level's bits to both ids, without branches: the source's bit is 1 in C and D,
    /// the target's in B and D.
    #[inline]
    fn level(&self, [source, target]: &mut [u32; 2], draw: u32) {
        let past_a = u32::from(draw >= self.a);
        let past_ab = u32::from(draw >= self.ab);
        let past_abc = u32::from(draw >= self.abc);
        *source = (*source << 1) | past_ab;
        *target = (*target << 1) | (past_a ^ past_ab) | past_abc;
    }
}

/// A uniformly random permutation of `0..2^scale` (Fisher–Yates, from its own stream). It is
/// drawn on one thread: its draws are sequential by nature, and with one draw per vertex against
/// 2·scale·degree per edge it is a small part of the graph's time.
fn permutation(scale: u32, seed: u64) -> Vec<u32> {
    let n = crate::vertex_count(scale);
    let mut rng = blocks::stream(seed, Purpose::Permutation, 0);
    // Ids are u32 and scale ≤ 31, so every id and `n - 1` fit.
    let mut ids: Vec<u32> = (0..n).map(|v| v as u32).collect();
    for i in (1..ids.len()).rev() {
        let j = rng.random_range(0..=i as u32) as usize;
        ids.swap(i, j);
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_follow_scale_and_degree() {
        for (scale, degree) in [(0, 3), (1, 1), (5, 0), (7, 16), (12, 2)] {
            let edges = kronecker(scale, degree, 1);
            assert_eq!(edges.len(), (degree as usize) << scale);
            assert!(
                edges
                    .iter()
                    .flatten()
                    .all(|&v| u64::from(v) < crate::vertex_count(scale))
            );
        }
    }

    #[test]
    fn the_permutation_is_a_bijection_and_depends_on_the_seed() {
        let p = permutation(12, 7);
        let mut sorted = p.clone();
        sorted.sort_unstable();
        assert!(sorted.iter().enumerate().all(|(i, &v)| i as u32 == v));
        assert_ne!(p, sorted, "a permutation of 4096 ids is not the identity");
        assert_eq!(p, permutation(12, 7));
        assert_ne!(p, permutation(12, 8));
    }

    #[test]
    fn relabelling_is_the_permutation_applied_to_both_ends() {
        let (scale, degree, seed) = (9, 4, 3);
        let p = permutation(scale, seed);
        let relabelled: Vec<[u32; 2]> = kronecker_unpermuted(scale, degree, seed)
            .iter()
            .map(|&[s, t]| [p[s as usize], p[t as usize]])
            .collect();
        assert_eq!(kronecker(scale, degree, seed), relabelled);
    }

    #[test]
    fn quadrant_frequencies_match_the_initiator_at_every_level() {
        // 2^16 edges: each frequency has a standard error below 0.002.
        let scale = 12;
        let edges = kronecker_unpermuted(scale, 16, 5);
        for level in 0..scale {
            let bit = scale - 1 - level;
            let mut counts = [0usize; 4];
            for &[s, t] in &edges {
                counts[(((s >> bit) & 1) * 2 + ((t >> bit) & 1)) as usize] += 1;
            }
            for (quadrant, (&count, &p)) in counts.iter().zip(&INITIATOR).enumerate() {
                let share = count as f64 / edges.len() as f64;
                assert!(
                    (share - p).abs() < 0.01,
                    "level {level}, quadrant {quadrant}: {share:.4} instead of {p}"
                );
            }
        }
    }

    #[test]
    fn degrees_are_skewed() {
        let scale = 14;
        let edges = kronecker(scale, 16, 1);
        let mut in_degree = vec![0u32; 1 << scale];
        for &[_, t] in &edges {
            in_degree[t as usize] += 1;
        }
        let max = *in_degree.iter().max().expect("vertices");
        let isolated = in_degree.iter().filter(|&&d| d == 0).count();
        // The mean is 16; a Kronecker graph's hubs have hundreds of times that, and many vertices
        // receive nothing (a uniform graph has a maximum near 35 and almost no such vertex).
        assert!(max > 100 * 16, "largest in-degree {max}");
        assert!(isolated > (1 << scale) / 4, "{isolated} vertices without in-edges");
    }

    #[test]
    fn the_same_seed_gives_the_same_graph_with_any_number_of_threads() {
        // Two blocks and a bit, so that blocks run in parallel in the two-thread pool.
        let (scale, degree) = (17, 17);
        let pool = |threads| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("a thread pool")
        };
        let one = pool(1).install(|| kronecker(scale, degree, 42));
        let two = pool(2).install(|| kronecker(scale, degree, 42));
        assert!(one.len() > 2 * crate::BLOCK_EDGES);
        assert!(one == two, "graphs differ between 1 and 2 threads");
        assert!(one != kronecker(scale, degree, 43));
    }

    #[test]
    fn generated_graphs_do_not_change_between_versions() {
        // The benchmark graphs are regenerated from their seed rather than shipped, so figures
        // measured on `kron20.edges` stay comparable only while the same flags give the same
        // edges. This pins a small graph; a change to the generator that moves it must say so
        // (and the benchmark figures must be measured again).
        let edges = kronecker(10, 4, 1);
        let digest = edges.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &[s, t]| {
            (h ^ (u64::from(s) << 32 | u64::from(t))).wrapping_mul(0x0000_0100_0000_01b3)
        });
        assert_eq!(
            digest, PINNED_DIGEST,
            "kronecker(10, 4, 1) changed: digest {digest:#018x}"
        );
    }

    /// The FNV-style digest of `kronecker(10, 4, 1)` when the generator was written.
    const PINNED_DIGEST: u64 = 0x94ba_35d0_8a9c_a9bc;
}
