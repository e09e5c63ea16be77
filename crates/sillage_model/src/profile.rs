//! Account side records (`accounts.jsonl` in EVENTS.md): display data, counts, organisation, opt-out.

use crate::Instant;

/// What an `accounts.jsonl` line says about one account. Every field but the key is optional;
/// a later record for the same account fills in or replaces the fields it carries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountRecord {
    pub net: String,
    pub handle: String,
    /// The name people type, when `handle` is a stable id rather than it: a Twitter screen name
    /// for a numeric user id, a Bluesky handle for a DID.
    pub username: Option<String>,
    pub name: Option<String>,
    pub bio: Option<String>,
    pub lang: Option<String>,
    pub followers: Option<u64>,
    pub following: Option<u64>,
    pub posts: Option<u64>,
    pub created_at: Option<Instant>,
    pub org: Option<String>,
    /// `Some(true)`: never score, rank or show this account.
    pub opt_out: Option<bool>,
}
