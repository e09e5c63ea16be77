//! Benchmark programs that put Sillage's graph kernels side by side with other tools.
//!
//! The programs are examples (`examples/`), so their peer libraries stay dev-dependencies; see
//! `bench/graph/README.md` for the harness that runs them.
