//! Errors that stop a whole file from being read (bad records are [`crate::Reject`]s instead).

use std::io;
use std::path::PathBuf;

/// Why a file cannot be read at all. Every message names the file.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    /// The file could not be opened or read before the first record.
    #[error("cannot read {}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },

    /// [`crate::detect()`] found neither a known extension nor recognisable content.
    #[error("cannot tell the format of {}: {reason}", path.display())]
    Undetectable { path: PathBuf, reason: String },

    /// A CSV file's header lacks a required column or cannot be read as UTF-8.
    #[error("{}: bad csv header: {reason}", path.display())]
    CsvHeader { path: PathBuf, reason: String },

    /// A format name that is not one of `jsonl`, `csv`, `higgs`, `accounts`.
    #[error("unknown format {0:?} (expected jsonl, csv, higgs or accounts)")]
    UnknownFormat(String),
}
