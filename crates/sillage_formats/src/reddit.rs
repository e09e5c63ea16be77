//! Reddit comments and submissions, one JSON object per line (Pushshift dump style).
//!
//! Not implemented yet: every entry point refuses with a clear error.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use crate::record::Records;
use crate::source::Source;
use crate::{Format, FormatError};

pub(crate) fn open(path: &Path, _bytes_read: Arc<AtomicU64>) -> Result<Records, FormatError> {
    Err(FormatError::Unreadable {
        path: path.to_owned(),
        format: Format::Reddit.as_str(),
        reason: "this format is not implemented yet".to_owned(),
    })
}

pub(crate) fn from_stream(name: &str, _stream: Source) -> Result<Records, FormatError> {
    open(Path::new(name), Arc::new(AtomicU64::new(0)))
}

/// Recognises [`Format::Reddit`] from a file name and its first bytes.
pub(crate) fn sniff(_path: &Path, _head: &[u8]) -> Option<Format> {
    None
}
