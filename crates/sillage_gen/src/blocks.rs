//! Edges made block by block in parallel, each block from a random stream of its own, so that the
//! result does not depend on the number of threads.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

/// Edges per block: each block has its own random stream, so this is part of what a seed means
/// and must not change. 1 Mi edges (8 MiB) is enough work per task to hide rayon's overhead and
/// small enough to spread a scale-20 graph over 16 tasks.
pub const BLOCK_EDGES: usize = 1 << 20;

/// The generators' random source: ChaCha is specified to the bit (the same edges on every
/// platform), has 2^64 independent streams per key, and eight rounds are plenty for simulation.
pub(crate) type GenRng = ChaCha8Rng;

/// What a random stream is for. Each purpose gets its own key, so that a Kronecker graph and a
/// uniform graph of the same seed, or the permutation and the edges, share no draws.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Purpose {
    KroneckerEdges = 1,
    UniformEdges = 2,
    Permutation = 3,
}

/// The random stream of one block: the key holds the seed and the purpose, the stream number is
/// the block's index.
pub(crate) fn stream(seed: u64, purpose: Purpose, block: u64) -> GenRng {
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    key[8..16].copy_from_slice(&(purpose as u64).to_le_bytes());
    let mut rng = GenRng::from_seed(key);
    rng.set_stream(block);
    rng
}

/// `count` edges, block by block on rayon's threads: `fill` gets each block's own stream and its
/// slots.
pub(crate) fn generate<F>(count: usize, seed: u64, purpose: Purpose, fill: F) -> Vec<[u32; 2]>
where
    F: Fn(&mut GenRng, &mut [[u32; 2]]) + Sync,
{
    // Zeroed memory comes from the system untouched, so the pages are first written by the
    // threads that fill them.
    let mut edges = vec![[0u32; 2]; count];
    edges
        .par_chunks_mut(BLOCK_EDGES)
        .enumerate()
        .for_each(|(block, slots)| fill(&mut stream(seed, purpose, block as u64), slots));
    edges
}

#[cfg(test)]
mod tests {
    use rand::Rng;

    use super::*;

    #[test]
    fn streams_differ_by_seed_purpose_and_block() {
        let first = |seed, purpose, block| stream(seed, purpose, block).next_u64();
        assert_eq!(
            first(1, Purpose::KroneckerEdges, 0),
            first(1, Purpose::KroneckerEdges, 0)
        );
        assert_ne!(
            first(1, Purpose::KroneckerEdges, 0),
            first(2, Purpose::KroneckerEdges, 0)
        );
        assert_ne!(first(1, Purpose::KroneckerEdges, 0), first(1, Purpose::UniformEdges, 0));
        assert_ne!(
            first(1, Purpose::KroneckerEdges, 0),
            first(1, Purpose::KroneckerEdges, 1)
        );
    }
}
