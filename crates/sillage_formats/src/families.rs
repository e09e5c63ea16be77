//! Dispatch to the export families: each module reads its formats into [`Records`].

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use crate::record::{Records, Skipped};
use crate::source::Source;
use crate::{Format, FormatError, ReadOptions, bluesky, edgelist, mastodon, reddit, twitter};

/// Opens a file or folder in a family format.
pub(crate) fn open(
    path: &Path,
    format: Format,
    options: &ReadOptions,
    bytes_read: Arc<AtomicU64>,
    skipped: &Skipped,
) -> Result<Records, FormatError> {
    match format {
        Format::TwitterArchive | Format::TwitterApi => twitter::open(path, format, bytes_read),
        Format::Mastodon | Format::ActivityPub => mastodon::open(path, format, bytes_read),
        Format::BlueskyCar | Format::BlueskyJsonl => bluesky::open(path, format, bytes_read, skipped),
        Format::Reddit => reddit::open(path, bytes_read),
        Format::EdgeList => edgelist::open(path, &options.edge_list, bytes_read),
        Format::Jsonl | Format::Csv | Format::Higgs | Format::Accounts => {
            unreachable!("canonical formats are read by the core readers")
        }
    }
}

/// Reads a byte stream (already gunzipped) in a family format; `name` names it in rejects.
pub(crate) fn from_stream(
    name: &str,
    stream: Source,
    format: Format,
    options: &ReadOptions,
    skipped: &Skipped,
) -> Result<Records, FormatError> {
    match format {
        Format::TwitterArchive | Format::TwitterApi => twitter::from_stream(name, stream, format),
        Format::Mastodon | Format::ActivityPub => mastodon::from_stream(name, stream, format),
        Format::BlueskyCar | Format::BlueskyJsonl => bluesky::from_stream(name, stream, format, skipped),
        Format::Reddit => reddit::from_stream(name, stream),
        Format::EdgeList => edgelist::from_stream(name, stream, &options.edge_list),
        Format::Jsonl | Format::Csv | Format::Higgs | Format::Accounts => {
            unreachable!("canonical formats are read by the core readers")
        }
    }
}

/// A family format recognised from a file's name and first bytes (decompressed), if any. The
/// families are asked in a fixed order; each answers only when it is sure.
pub(crate) fn sniff(path: &Path, head: &[u8]) -> Option<Format> {
    twitter::sniff(path, head)
        .or_else(|| mastodon::sniff(path, head))
        .or_else(|| bluesky::sniff(path, head))
        .or_else(|| reddit::sniff(path, head))
        .or_else(|| edgelist::sniff(path, head))
}

/// A folder (or `.zip`) recognised as an export, if any.
pub(crate) fn sniff_bundle(path: &Path) -> Option<Format> {
    twitter::sniff_bundle(path).or_else(|| mastodon::sniff_bundle(path))
}
