//! Input formats read as streams of canonical events: JSONL and CSV (EVENTS.md), `accounts.jsonl`,
//! and the SNAP Higgs activity file.
//!
//! [`detect()`] names a file's format, [`EventReader`] turns a file or any byte stream into an iterator
//! of [`Record`]s: an [`Item`] for each good line, a [`Reject`] with its location and reason for each
//! bad one. Readers stream: memory does not grow with the input, gzip is decompressed on the fly, and
//! no input makes them panic.
//!
//! [`edge_file`] reads and writes the binary edge file of the benchmark graphs (`SLGEDGE1`), which
//! holds vertex ids rather than events.

mod accounts;
mod bluesky;
mod bundle;
mod content_id;
mod csv_events;
mod csv_split;
mod detect;
pub mod edge_file;
mod edgelist;
mod error;
mod families;
mod fields;
mod format;
mod higgs;
mod json_fields;
mod jsonl;
mod lines;
mod mastodon;
mod occurrences;
mod options;
mod reader;
mod record;
mod reddit;
mod source;
mod twitter;

pub use content_id::{content_hash, content_id};
pub use detect::detect;
pub use edge_file::{EdgeFile, EdgeFileError, EdgeFileHeader, temp_file_beside, write_edge_file};
pub use error::FormatError;
pub use format::Format;
pub use options::{EdgeListSpec, ReadOptions};
pub use reader::EventReader;
pub use record::{Item, Record, Reject, Skipped};
