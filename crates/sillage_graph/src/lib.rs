//! Compact weighted graphs (CSR over in-edges, `u32` node ids) and the PageRank kernel.
//!
//! **Architecture Invariant:** this crate does no IO, spawns no threads beyond rayon's pool, and
//! cannot fail once a [`PageRankConfig`] has been validated. Results are deterministic: the same
//! graph and configuration give the same ranks bit for bit, whatever the number of threads.

mod csr;
mod pagerank;

pub use csr::{Csr, Edge};
pub use pagerank::{ConfigError, Contributions, PageRankConfig, PageRankResult, Teleport, pagerank};
