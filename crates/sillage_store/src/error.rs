//! Store errors.

use std::path::PathBuf;

/// What can go wrong with the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the store {path}")]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("the store {path} has schema version {found}, this build reads version {expected}")]
    SchemaVersion { path: PathBuf, found: i64, expected: i64 },
    #[error("store query failed")]
    Sql(#[from] rusqlite::Error),
    #[error("the store holds a value it cannot read: {0}")]
    Corrupt(String),
}
