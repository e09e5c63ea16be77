//! The canonical event model (see `shared/docs/EVENTS.md`): events, their kinds, accounts and instants.
//!
//! Every input format is converted into [`Event`]; every later stage (store, graph, scores) reads
//! only this model. The crate does no IO.

mod account;
mod event;
mod instant;
mod profile;

pub use account::{AccountKey, AccountKeyError};
pub use event::{Event, EventKind, UnknownKind, normalize_tag};
pub use instant::{HalfLife, Instant, InstantError, format_instant, parse_duration, parse_instant};
pub use profile::AccountRecord;
