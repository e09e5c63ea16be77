//! Compact weighted graphs (CSR over in-edges, `u32` node ids) and the PageRank kernel.
//!
//! **Architecture Invariant:** this crate does no IO, spawns no threads beyond rayon's pool, and
//! cannot fail once a [`PageRankConfig`] has been validated. Results are deterministic: the same
//! graph and configuration give the same ranks bit for bit, whatever the number of threads.

mod csr;
mod pagerank;

pub use csr::{Csr, Edge};

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
