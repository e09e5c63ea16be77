//! The uniform random graph (Erdős–Rényi style, with a fixed edge count): the Kronecker graph's
//! counterpart of the same size with no skew, for telling what a hub costs.

use rand::Rng;

use crate::blocks::{self, Purpose};

/// A graph of `2^scale` vertices and `degree · 2^scale` directed edges whose ends are drawn
/// uniformly and independently. No permutation is needed: uniform ends are already anonymous.
/// Edges come in generation order, with self-loops and duplicates: [`crate::simplify`] removes
/// them.
///
/// # Panics
///
/// When [`crate::edge_count`] refuses the size.
pub fn uniform(scale: u32, degree: u32, seed: u64) -> Vec<[u32; 2]> {
    let count = crate::checked_edge_count(scale, degree);
    // The vertex count is a power of two, so masking 32 random bits is exactly uniform.
    let mask = (crate::vertex_count(scale) - 1) as u32;
    blocks::generate(count, seed, Purpose::UniformEdges, |rng, slots| {
        for slot in slots {
            let draw = rng.next_u64();
            *slot = [draw as u32 & mask, (draw >> 32) as u32 & mask];
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_ids() {
        for (scale, degree) in [(0, 2), (3, 1), (11, 8)] {
            let edges = uniform(scale, degree, 9);
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
    fn degrees_are_not_skewed() {
        let scale = 14;
        let edges = uniform(scale, 16, 1);
        let mut in_degree = vec![0u32; 1 << scale];
        for &[_, t] in &edges {
            in_degree[t as usize] += 1;
        }
        // In-degrees are Poisson with mean 16: the largest of 16,384 stays below 3 times the mean
        // (it is near 35), and vertices without in-edges are a handful, not a quarter.
        let max = *in_degree.iter().max().expect("vertices");
        let isolated = in_degree.iter().filter(|&&d| d == 0).count();
        assert!(max < 3 * 16, "largest in-degree {max}");
        assert!(isolated < 10, "{isolated} vertices without in-edges");
    }

    #[test]
    fn the_same_seed_gives_the_same_graph_with_any_number_of_threads() {
        let pool = |threads| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("a thread pool")
        };
        let one = pool(1).install(|| uniform(18, 9, 42));
        let two = pool(2).install(|| uniform(18, 9, 42));
        assert!(one.len() > 2 * crate::BLOCK_EDGES);
        assert!(one == two, "graphs differ between 1 and 2 threads");
        assert!(one != uniform(18, 9, 43));
    }
}
