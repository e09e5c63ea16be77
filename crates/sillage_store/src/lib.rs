//! The embedded store: one SQLite file (WAL) holding events, accounts, rejected records, ingest
//! runs and score snapshots.
//!
//! **Architecture Invariant:** this is the only crate that knows SQL. Everything it hands out is
//! plain data from `sillage_model` or the small row structs defined here.
//!
//! **Architecture Invariant:** every write happens inside a transaction that leaves the file
//! consistent; an ingest commits in batches, so a killed ingest loses at most its last
//! uncommitted batch, and a re-run stores exactly what is missing.

mod error;
mod ingest;
mod schema;
mod scores;
mod store;

pub use error::StoreError;
pub use ingest::{Ingest, IngestCounts, IngestOutcome};
pub use scores::{
    AccountScoreRow, HistoryRow, LeaderboardFilter, NewScoreRun, ScoreRow, ScoreRun, TopicAccountRow, TopicScoreRow,
    TopicSummaryRow,
};
pub use store::{AccountRow, EventRow, EventSummary, Store};
