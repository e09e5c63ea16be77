//! The score model as it stands: a decayed engager → author graph, weighted PageRank as
//! authority, a log-scaled 1–100 score calibrated on the population, percentiles, and the
//! explanation of any account's rank down to the events that earned it.
//!
//! **Architecture Invariant:** the scoring core does no IO and cannot fail once its
//! [`ScoreConfig`] is validated. See `docs/SCORING.md` for the model and its parameters.

mod calibrate;
mod config;
mod explain;
mod interactions;

pub use calibrate::{Calibration, PopulationScores, score_population};
pub use config::{ConfigError, KindWeights, ScoreConfig};
pub use explain::{Contributor, EdgeEvent, Explanation, InEvent, NeighbourState, explain};
pub use interactions::{Interaction, build_graph, interaction_weight};
