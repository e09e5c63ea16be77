//! The score model: five components (authority, reach, amplification, activity, outreach), the
//! overall 1–100 score and percentiles, topic-sensitive authority, manipulation resistance
//! (trust-seeded teleport, ring and bot discounts, burst damping), and the ledger that lists every
//! event's points.
//!
//! **Architecture Invariant:** the scoring core does no IO and cannot fail once its
//! [`ScoreConfig`] is validated. See `docs/SCORING.md` for every formula and parameter.

mod config;
pub mod model;

pub use config::{BurstParams, ComponentParams, ComponentWeights, ConfigError, KindWeights, ScoreConfig, TrustParams};
