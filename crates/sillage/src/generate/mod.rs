//! `sillage gen`: synthetic inputs for benchmarks — Kronecker and uniform graphs, and large event
//! streams. Each generator is deterministic: the same flags give the same bytes.

pub mod events;
pub mod kron;

use anyhow::Result;
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum GenCommand {
    /// A Kronecker (Graph500/GAP) or uniform random graph, as a binary edge file or canonical events.
    Kron(kron::KronArgs),
    /// A large stream of canonical events (timestamps, kinds, topics) for end-to-end benchmarks.
    Events(events::EventsArgs),
}

pub fn run(command: GenCommand, quiet: bool) -> Result<()> {
    match command {
        GenCommand::Kron(args) => kron::run(args, quiet),
        GenCommand::Events(args) => events::run(args, quiet),
    }
}
