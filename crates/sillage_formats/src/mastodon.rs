//! Mastodon REST entities and ActivityPub account exports.
//!
//! Not implemented yet: every entry point refuses with a clear error.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use crate::record::Records;
use crate::source::Source;
use crate::{Format, FormatError};

pub(crate) fn open(path: &Path, format: Format, _bytes_read: Arc<AtomicU64>) -> Result<Records, FormatError> {
    Err(FormatError::Unreadable {
        path: path.to_owned(),
        format: format.as_str(),
        reason: "this format is not implemented yet".to_owned(),
    })
}

pub(crate) fn from_stream(name: &str, _stream: Source, format: Format) -> Result<Records, FormatError> {
    open(Path::new(name), format, Arc::new(AtomicU64::new(0)))
}

/// Recognises [`Format::Mastodon`] or [`Format::ActivityPub`] from a file name and its first bytes.
pub(crate) fn sniff(_path: &Path, _head: &[u8]) -> Option<Format> {
    None
}

/// Recognises an ActivityPub export folder or `.zip`.
pub(crate) fn sniff_bundle(_path: &Path) -> Option<Format> {
    None
}
