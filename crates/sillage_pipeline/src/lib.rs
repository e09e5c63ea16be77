//! The jobs behind the CLI (and later the server): ingest files into the store, compute a score
//! run, list the top accounts, explain one account, and run the demo.
//!
//! **Architecture Invariant:** this crate holds no SQL (it calls `sillage_store`), no HTTP and no
//! scoring arithmetic (it calls `sillage_score`); it orders the steps, moves data between them
//! and reports progress.

mod changes;
mod demo;
mod error;
mod explain;
mod history;
mod ingest;
mod progress;
mod score;
mod top;

pub use changes::{ChangeKind, ContributorChange, ExplanationChange, RunFigures, explain_changes};
pub use demo::{DemoReport, PlantedResult, run_demo};
pub use error::PipelineError;
pub use explain::{AccountExplanation, ContributorView, explain_account, resolve_account};
pub use history::{AccountHistory, HistoryPoint, account_history};
pub use ingest::{FileReport, IngestOptions, IngestReport, ingest_files};
pub use progress::Progress;
pub use score::{ScoreOptions, ScoreSummary, compute_scores};
pub use top::{RankedAccount, TopList, top_accounts};
