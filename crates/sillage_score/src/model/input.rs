//! What the model reads: compact accounts and events, prepared by the caller.

use sillage_model::{EventKind, Instant};

/// "No account" in [`ModelEvent::target`] (posts).
pub const NO_ACCOUNT: u32 = u32::MAX;
/// "No content" in [`ModelEvent::post`] and [`ModelEvent::parent`].
pub const NO_CONTENT: u32 = u32::MAX;
/// The most topics a taxonomy may have: an event's topics are a 128-bit set.
pub const MAX_TOPICS: usize = 128;

/// One event, with accounts and content ids interned to compact integers by the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModelEvent {
    pub actor: u32,
    /// [`NO_ACCOUNT`] for posts.
    pub target: u32,
    pub kind: EventKind,
    pub at: Instant,
    /// The content the event creates ([`NO_CONTENT`] if unknown).
    pub post: u32,
    /// The content the event acts upon ([`NO_CONTENT`] if unknown).
    pub parent: u32,
    /// Bit `i` set: the event is about topic `i` of the taxonomy (ancestors included).
    pub topics: u128,
    /// The caller's handle on the event (a store row id), returned in ledgers. It takes no part
    /// in any computation, so the order of the input never changes a score.
    pub origin: u64,
}

impl ModelEvent {
    /// Whether the event is an engagement of one account with another (an edge).
    pub fn is_engagement(&self) -> bool {
        self.kind.is_engagement() && self.target != NO_ACCOUNT && self.target != self.actor
    }

    /// Whether the event reacts to content (the reactions counted per post by amplification).
    pub fn is_reaction(&self) -> bool {
        self.is_engagement()
            && matches!(
                self.kind,
                EventKind::Repost | EventKind::Quote | EventKind::Reply | EventKind::Like
            )
    }

    /// Whether the event creates content of the actor's own.
    pub fn creates_content(&self) -> bool {
        matches!(self.kind, EventKind::Post | EventKind::Quote | EventKind::Reply)
    }

    /// Whether the event shows the actor present (everything but follows and unfollows, which
    /// farms and bots produce in bulk).
    pub fn is_presence(&self) -> bool {
        !matches!(self.kind, EventKind::Follow | EventKind::Unfollow)
    }
}

/// What the model knows of an account besides its events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AccountFacts {
    /// From `accounts.jsonl`; freshness is only judged when it is known.
    pub created_at: Option<Instant>,
    /// Follower and following counts reported by the network, used only when no follow events
    /// name the account.
    pub reported_followers: Option<u64>,
    pub reported_following: Option<u64>,
    /// `false` for opted-out accounts: never scored or shown, still an anonymous engager.
    pub shown: bool,
    /// On the user's trusted list (`--trusted`).
    pub trusted: bool,
}

/// The whole input of one computation.
#[derive(Debug, Clone, Default)]
pub struct ModelInput {
    pub as_of: Instant,
    pub accounts: Vec<AccountFacts>,
    /// Events after `as_of` are ignored.
    pub events: Vec<ModelEvent>,
    /// How many topics the events' bit sets refer to (at most [`MAX_TOPICS`]).
    pub topic_count: usize,
}
