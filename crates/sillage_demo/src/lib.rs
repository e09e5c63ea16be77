//! A synthetic but realistic French-speaking community for `sillage demo`, fully determined by
//! a seed.
//!
//! [`generate`] returns canonical events and `accounts.jsonl` records for:
//!
//! - **Ordinary accounts** (the bulk) with one or two interests among five topics (`tourisme`,
//!   `assurance`, `energie`, `communitymanagement`, `football`), mostly writing in French. Each
//!   has three heavy-tailed traits: *popularity* (Pareto, tail index 1.2, capped), which draws
//!   follows, mentions and engagements; *activity* (Pareto 1.5; a third never post), which
//!   draws original posts; and *outreach* (Pareto 1.6), which draws the engaging. Engagements
//!   mostly stay within the engager's topics and come minutes to hours after the post, during
//!   the French waking day. A few dozen accounts belong to organisations (20 to the "Office de
//!   Tourisme de Lyon"), about 1 % have opted out.
//! - **Planted accounts**, the known answers a ranking is checked against (see [`Role`]): five
//!   influencers, one per topic, posting two to four times a week and engaged with by hundreds
//!   of distinct accounts including their topic's most popular; a ring of 50 fresh bot accounts
//!   amplifying each other and one beneficiary every day; and a live-tweeter with 300 posts in
//!   48 hours mid-period, liked by small accounts.
//!
//! [`generate_stream`] makes much larger streams for benchmarks (ten million events among
//! 800,000 accounts, see [`StreamConfig`]), one day at a time, with the same laws but without
//! the planted accounts or account records, so that memory follows the accounts, not the events.
//!
//! The crate does no IO, reads no clock and iterates no hash map: the same [`DemoConfig`]
//! gives the same [`Demo`], bit for bit, on every platform (it even avoids the platform's
//! `ln` and `exp`, see `random.rs`).

mod community;
mod config;
mod follows;
mod influencers;
mod live;
mod log;
mod names;
mod ordinary;
mod planted;
mod random;
mod ring;
mod stream;
mod text;

pub use community::MIN_ORDINARY_ACCOUNTS;
pub use config::{DEFAULT_ACCOUNTS, DEFAULT_DAYS, DEFAULT_EVENTS, DEFAULT_SEED, DEFAULT_START, DemoConfig};
pub use planted::{Planted, Role};
pub use stream::{
    MIN_STREAM_ACCOUNTS, STREAM_NET, StreamConfig, StreamEvent, StreamSummary, WINDOW_DAYS, generate_stream,
};

use sillage_model::{AccountRecord, Event};

use crate::community::Community;
use crate::config::Period;
use crate::follows::Follows;
use crate::log::Log;
use crate::random::{Phase, stream};

/// The network name of every demo event and account.
pub const DEMO_NET: &str = "demo";

/// A generated community.
#[derive(Debug, Clone, PartialEq)]
pub struct Demo {
    /// Sorted by time, ties by id. Ids (`e000001`, `e000002`, …, zero-padded to the digits the
    /// count needs) are unique and numbered in that order, so they also sort as strings. Content-creating events carry `post` = their own id, and
    /// reactions name what they react to in `parent`.
    pub events: Vec<Event>,
    /// One record per account, each of which appears in at least one event. Follower,
    /// following and post counts are those of the events.
    pub accounts: Vec<AccountRecord>,
    /// The planted accounts: influencers (in topic order), the live-tweeter, the ring
    /// beneficiary, then the 50 ring members.
    pub planted: Vec<Planted>,
    /// [`DEMO_NET`].
    pub net: String,
}

/// Generates the community described by `config`. Cannot fail: every configuration yields a
/// community (see [`DemoConfig`] for how small or odd values are read).
pub fn generate(config: &DemoConfig) -> Demo {
    let seed = config.seed;
    let period = Period::new(config);
    let community = Community::build(config, &period, &mut stream(seed, Phase::Community));
    let mut log = Log::with_capacity(config.events + config.events / 16);
    let mut follows = Follows::default();

    // Planted behaviour comes first: its volume is set by the period, not by the budget.
    influencers::generate(&community, &period, &mut log, &mut stream(seed, Phase::Influencers));
    let live_rng = &mut stream(seed, Phase::LiveTweeter);
    live::generate(&community, &period, &mut follows, &mut log, live_rng);
    let deals = ring::generate(&period, &mut follows, &mut log, &mut stream(seed, Phase::Ring));

    // The community's follows, then its original posts and engagements share what is left of
    // the budget; engagements stop as soon as the log reaches the requested count.
    let follow_rng = &mut stream(seed, Phase::Follows);
    follows::generate(&community, &period, &mut follows, &mut log, config.events, follow_rng);
    let remaining = config.events.saturating_sub(log.len());
    let ordinary = community.ordinary().len();
    let post_count = ((remaining as f64 * ordinary::POST_SHARE) as usize).max(ordinary / 2);
    let post_rng = &mut stream(seed, Phase::Posts);
    let posts = ordinary::posts(&community, &period, &mut log, post_count, post_rng);
    let camouflage_rng = &mut stream(seed, Phase::Camouflage);
    ring::outside_contact(
        &community,
        &period,
        &posts,
        &deals,
        &mut follows,
        &mut log,
        camouflage_rng,
    );
    let engage_rng = &mut stream(seed, Phase::Engagements);
    ordinary::engage(
        &community,
        &period,
        &posts,
        &mut log,
        config.events,
        ordinary,
        engage_rng,
    );

    let accounts = community.records(&log, DEMO_NET);
    let planted = community.planted();
    let events = log.into_events(&community.handles(), DEMO_NET);
    Demo {
        events,
        accounts,
        planted,
        net: DEMO_NET.to_owned(),
    }
}
