//! SNAP-style edge lists: `source target [weight] [timestamp]`, the columns named by flags.
//!
//! Not implemented yet: every entry point refuses with a clear error.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use crate::record::Records;
use crate::source::Source;
use crate::{EdgeListSpec, Format, FormatError};

pub(crate) fn open(path: &Path, _spec: &EdgeListSpec, _bytes_read: Arc<AtomicU64>) -> Result<Records, FormatError> {
    Err(FormatError::Unreadable {
        path: path.to_owned(),
        format: Format::EdgeList.as_str(),
        reason: "this format is not implemented yet".to_owned(),
    })
}

pub(crate) fn from_stream(name: &str, _stream: Source, spec: &EdgeListSpec) -> Result<Records, FormatError> {
    open(Path::new(name), spec, Arc::new(AtomicU64::new(0)))
}

/// Recognises [`Format::EdgeList`] from a file name and its first bytes.
pub(crate) fn sniff(_path: &Path, _head: &[u8]) -> Option<Format> {
    None
}
