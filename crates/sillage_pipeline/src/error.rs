//! Errors of the jobs, each naming what the user can act on.

/// Why a job failed.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Store(#[from] sillage_store::StoreError),
    #[error(transparent)]
    Format(#[from] sillage_formats::FormatError),
    #[error(transparent)]
    Config(#[from] sillage_score::ConfigError),
    #[error("{source_name}:{line}: {reason} (--strict stops at the first bad record; nothing of this run was stored)")]
    Strict {
        source_name: String,
        line: u64,
        reason: String,
    },
    #[error("the store holds no events to score; ingest some first (sillage ingest FILE)")]
    NoEvents,
    #[error("the store holds no event at or before {0}; choose a later --as-of")]
    NoEventsAsOf(String),
    #[error("no score run yet; run `sillage score` first")]
    NoScoreRun,
    #[error("unknown account {0:?}: no such account in the store, or it has opted out")]
    UnknownAccount(String),
    #[error("account {handle:?} exists on several networks ({candidates}); write it as network:handle")]
    AmbiguousAccount { handle: String, candidates: String },
    #[error("account {account} is not part of the latest score run (as of {as_of}); run `sillage score` again")]
    NotScored { account: String, as_of: String },
    #[error("the parser thread for {0} stopped unexpectedly")]
    ParserThread(String),
    #[error("{0}")]
    Refused(String),
}
