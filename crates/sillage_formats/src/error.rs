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

    /// A format name that is not one of [`crate::Format::ALL`].
    #[error(
        "unknown format {0:?} (expected jsonl, csv, higgs, accounts, twitter-archive, twitter-api, mastodon, \
         activitypub, bluesky-car, bluesky-jsonl, reddit or edgelist)"
    )]
    UnknownFormat(String),

    /// The input cannot be read in this format at all (not a CAR file, no outbox in the folder, a
    /// stream given for a format that needs a file, …).
    #[error("{}: cannot be read as {format}: {reason}", path.display())]
    Unreadable {
        path: PathBuf,
        format: &'static str,
        reason: String,
    },
}
