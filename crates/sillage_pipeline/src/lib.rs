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
mod input;
mod live;
mod progress;
mod push;
mod score;
mod top;
mod topics;
mod world;

pub use changes::{ChangeKind, ContributorChange, ExplanationChange, RunFigures, explain_changes};
pub use demo::{DemoReport, PlantedResult, run_demo};
pub use error::PipelineError;
pub use explain::{
    ANONYMOUS, AccountExplanation, AuthorityView, ComponentView, ContributorView, EventView, ExplainOptions,
    LedgerComponentView, LedgerView, LineView, TopicView, explain_account, resolve_account,
};
pub use history::{AccountHistory, HistoryPoint, account_history};
pub use ingest::{DryRunFile, DryRunReport, FileReport, IngestOptions, IngestReport, dry_run, ingest_files};
pub use live::{
    AccountView, GraphEdge, GraphNode, LiveSettings, LiveWorld, Neighbourhood, Prepared, SearchHit, Served,
};
pub use progress::Progress;
pub use push::{PushReject, PushReport, push_events};
pub use score::{ScoreOptions, ScoreSummary, TopicFigures, TrustCounts, compute_scores};
pub use top::{Components, RankedAccount, TopList, TopOptions, top_accounts};
pub use topics::{TopicLine, TopicList, list_topics};
pub use world::{AccountScores, ComponentScore, ScoredWorld, score_events};
