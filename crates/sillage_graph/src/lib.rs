//! Compact graphs (CSR over in-edges, `u32` node ids) and the one PageRank kernel.
//!
//! - [`kernel`]: the pull-style power iteration, generic over `f32`/`f64` and edge weights;
//!   global, topic-sensitive and personalised PageRank are all this kernel with another teleport.
//! - [`Csr`] and [`pagerank`]: the scoring model's weighted graphs, ranked in `f64` so that every
//!   rank decomposes exactly into its contributions.
//! - [`EngineGraph`]: large unweighted graphs, built in parallel from an edge stream, renumbered
//!   by degree for cache locality, ranked in `f32` or `f64`.
//!
//! **Architecture Invariant:** this crate does no IO, spawns no threads beyond rayon's pool, and
//! cannot fail once a [`PageRankConfig`] has been validated. Results are deterministic: the same
//! graph and configuration give the same ranks bit for bit, whatever the number of threads.

mod csr;
mod engine;
pub mod kernel;
mod pagerank;

pub use csr::{Csr, Edge};
pub use engine::{
    BuildReport, EdgeSlice, EdgeSource, EngineGraph, EngineParts, EngineRanks, EngineView, LayoutError, Order,
    OutOfRange,
};
pub use kernel::{Dangling, Float, Iteration, Outcome};

/// A deterministic Fisher–Yates shuffle driven by xorshift from `seed`, for property tests whose
/// failing case must replay from the seed proptest prints.
#[cfg(test)]
pub(crate) fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut x = seed | 1;
    for i in (1..items.len()).rev() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        items.swap(i, (x % (i as u64 + 1)) as usize);
    }
}
pub use pagerank::{ConfigError, Contributions, PageRankConfig, PageRankResult, Teleport, pagerank};
