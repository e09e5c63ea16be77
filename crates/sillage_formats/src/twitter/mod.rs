//! Twitter/X: account archives (folder, `.zip` or `data/*.js`) and API v1.1/v2 JSON.
//!
//! Both formats produce the same events for the same tweets: events use Twitter's own ids (see
//! `convert.rs`) and accounts are keyed by numeric user id, with the screen name as `username`.
//! The archive reader is in `archive.rs`, the API reader in `api.rs`; both go through the one set
//! of serde structs in `model.rs`.

mod api;
mod archive;
mod convert;
mod doc;
mod model;
mod sniff;

use std::io::Read;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::bundle::MAX_FILE_BYTES;
use crate::record::Records;
use crate::source::{self, Source};
use crate::{Format, FormatError};

pub(crate) use sniff::{sniff, sniff_bundle};

pub(crate) fn open(path: &Path, format: Format, bytes_read: Arc<AtomicU64>) -> Result<Records, FormatError> {
    let io_error = |source| FormatError::Io {
        path: path.to_owned(),
        source,
    };
    let is_zip = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip"));
    if format == Format::TwitterArchive && (path.is_dir() || is_zip) {
        let reader = archive::ArchiveReader::bundle(path).map_err(io_error)?;
        if let Ok(meta) = std::fs::metadata(path) {
            // A bundle is read file by file; progress is reported once, as a whole.
            bytes_read.fetch_add(meta.len(), Ordering::Relaxed);
        }
        return Ok(archive::boxed(reader));
    }
    if path.is_dir() {
        return Err(FormatError::Unreadable {
            path: path.to_owned(),
            format: format.as_str(),
            reason: "a folder is read only as a Twitter/X archive (twitter-archive)".to_owned(),
        });
    }
    let stream = source::open_path(path, bytes_read).map_err(io_error)?;
    read_stream(path, stream, format)
}

pub(crate) fn from_stream(name: &str, stream: Source, format: Format) -> Result<Records, FormatError> {
    read_stream(Path::new(name), stream, format)
}

fn read_stream(path: &Path, stream: Source, format: Format) -> Result<Records, FormatError> {
    match format {
        Format::TwitterApi => Ok(api::records(path.display().to_string(), stream)),
        _ => {
            let mut bytes = Vec::new();
            stream
                .take(MAX_FILE_BYTES + 1)
                .read_to_end(&mut bytes)
                .map_err(|source| FormatError::Io {
                    path: path.to_owned(),
                    source,
                })?;
            if bytes.len() as u64 > MAX_FILE_BYTES {
                return Err(FormatError::Unreadable {
                    path: path.to_owned(),
                    format: format.as_str(),
                    reason: format!("archive files larger than {MAX_FILE_BYTES} bytes are not read"),
                });
            }
            Ok(archive::boxed(archive::ArchiveReader::single(path, bytes)))
        }
    }
}
