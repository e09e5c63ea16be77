//! AT Protocol (Bluesky): repository exports (CAR v1, DAG-CBOR) and commit events as JSON Lines.
//!
//! Both map the same record types the same way (`records.rs`): accounts are keyed by DID, and an
//! event's id is its record's AT-URI `at://{did}/{collection}/{rkey}`, so the same record read from
//! an export and from a stream capture is one event.
//!
//! - `car.rs`: a repository export, read whole (at most `bundle::MAX_FILE_BYTES`) because its
//!   records can only be named once the whole tree is known; rejects there carry block numbers.
//! - `jetstream.rs`: commit events, streamed line by line.
//! - `cbor.rs`: the DAG-CBOR decoder both the CAR reader and [`sniff`] use.

mod car;
mod cbor;
mod jetstream;
mod records;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use crate::json_fields;
use crate::lines::{Lines, is_blank_or_comment};
use crate::record::{Records, Skipped};
use crate::source::{self, Source};
use crate::{Format, FormatError};

pub(crate) fn open(
    path: &Path,
    format: Format,
    bytes_read: Arc<AtomicU64>,
    skipped: &Skipped,
) -> Result<Records, FormatError> {
    let stream = source::open_path(path, bytes_read).map_err(|source| FormatError::Io {
        path: path.to_owned(),
        source,
    })?;
    from_stream(&path.display().to_string(), stream, format, skipped)
}

pub(crate) fn from_stream(
    name: &str,
    stream: Source,
    format: Format,
    skipped: &Skipped,
) -> Result<Records, FormatError> {
    match format {
        Format::BlueskyCar => car::read(name, stream, skipped),
        _ => Ok(Box::new(jetstream::JetstreamRecords::new(name, Lines::new(stream)))),
    }
}

/// Recognises [`Format::BlueskyCar`] or [`Format::BlueskyJsonl`] from a file name and its first
/// bytes: a `.car` name (before any `.gz`) or bytes that parse as a CAR v1 header; JSON Lines whose
/// first object has `did`, `time_us` and `kind`. `None` when unsure.
pub(crate) fn sniff(path: &Path, head: &[u8]) -> Option<Format> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    if name.ends_with(".car") || car::header(head).is_ok() {
        return Some(Format::BlueskyCar);
    }
    let first = head.split(|&b| b == b'\n').find(|line| !is_blank_or_comment(line))?;
    let obj = json_fields::parse_object(first.strip_suffix(b"\r").unwrap_or(first)).ok()?;
    ["did", "time_us", "kind"]
        .iter()
        .all(|k| obj.contains_key(*k))
        .then_some(Format::BlueskyJsonl)
}
