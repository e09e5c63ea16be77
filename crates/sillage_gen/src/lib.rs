//! Seeded random graphs for benchmarks: the Graph500/GAP Kronecker model and its uniform
//! counterpart, generated in parallel, and [`simplify`] which turns either into the simple directed
//! graph every tool of a benchmark reads.
//!
//! A graph of scale `s` and degree `k` has `2^s` vertices and `k · 2^s` generated directed edges,
//! as `[source, target]` pairs of `u32` ids. Generation is **deterministic whatever the number of
//! threads**: edges are made in fixed blocks of [`BLOCK_EDGES`], each drawn from its own ChaCha8
//! stream keyed by the seed and the block's index, so a block's edges do not depend on which
//! thread makes it or when. Memory is the edges themselves (8 bytes each) plus, for Kronecker
//! graphs, the vertex permutation (4 bytes per vertex): scale 25 with degree 16, 537 M edges, needs
//! 4.4 GB.
//!
//! **Architecture Invariant:** no IO; threads only through rayon; the same seed and size give the
//! same edges, bit for bit, on every platform and with any number of threads.

mod blocks;
mod kronecker;
mod simplify;
mod uniform;

pub use blocks::BLOCK_EDGES;
pub use kronecker::{INITIATOR, kronecker};
pub use simplify::{Simplified, simplify};
pub use uniform::uniform;

/// The largest scale: `2^31` vertices, the most whose ids, all below the vertex count, leave the
/// vertex count itself within `u32` (the edge file's limit).
pub const MAX_SCALE: u32 = 31;

/// A scale and degree that cannot be generated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SizeError {
    #[error("scale {0} is too large: at most {MAX_SCALE} (2^31 vertices) fit u32 vertex ids")]
    ScaleTooLarge(u32),
    #[error("{degree} · 2^{scale} edges do not fit in this platform's memory")]
    TooManyEdges { scale: u32, degree: u32 },
}

/// The number of edges a graph of this scale and degree generates, `degree · 2^scale`, or why it
/// cannot be generated. The generators panic on a size this refuses; callers taking sizes from
/// users check them here first.
pub fn edge_count(scale: u32, degree: u32) -> Result<usize, SizeError> {
    if scale > MAX_SCALE {
        return Err(SizeError::ScaleTooLarge(scale));
    }
    let edges = u64::from(degree) << scale;
    // Eight bytes per edge must be addressable, as one allocation.
    usize::try_from(edges)
        .ok()
        .filter(|&n| n.checked_mul(8).is_some_and(|b| b <= isize::MAX as usize))
        .ok_or(SizeError::TooManyEdges { scale, degree })
}

/// The number of vertices of a graph of this scale, `2^scale`.
pub fn vertex_count(scale: u32) -> u64 {
    1 << scale
}

/// [`edge_count`] for a generator: a refused size is the caller's mistake.
fn checked_edge_count(scale: u32, degree: u32) -> usize {
    match edge_count(scale, degree) {
        Ok(n) => n,
        Err(e) => panic!("{e} (check sizes with sillage_gen::edge_count first)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_checked() {
        assert_eq!(edge_count(10, 16), Ok(16 << 10));
        assert_eq!(edge_count(0, 3), Ok(3));
        assert_eq!(edge_count(5, 0), Ok(0));
        assert_eq!(edge_count(32, 1), Err(SizeError::ScaleTooLarge(32)));
        assert_eq!(vertex_count(31), 1 << 31);
        assert!(vertex_count(MAX_SCALE) <= u64::from(u32::MAX) + 1);
    }
}
