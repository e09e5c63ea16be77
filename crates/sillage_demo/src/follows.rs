//! Follow and unfollow events: how audiences build up, in proportion to popularity.

use std::collections::HashSet;

use rand::RngExt;
use sillage_model::{EventKind, Instant};

use crate::community::{Community, influencer};
use crate::config::{DAY, HOUR, Period};
use crate::log::{AccountId, Log};
use crate::random::{DemoRng, Weighted, exponential};
use crate::text::TOPICS;

/// Share of the event budget spent on follows (unfollows come on top).
const FOLLOW_SHARE: f64 = 0.12;
/// Share of follows undone later in the period.
const UNFOLLOW_SHARE: f64 = 0.04;
/// Share of follows within one of the follower's own topics.
const OWN_TOPIC_SHARE: f64 = 0.85;
/// How many draws a follower makes before giving up on finding someone new to follow.
const TRIES: usize = 6;

/// Who follows whom already. Pairs are never forgotten, not even after an unfollow, so that an
/// account never follows the same account twice (which would need the two follows and the
/// unfollow to come in a sensible order).
#[derive(Debug, Default)]
pub(crate) struct Follows {
    pairs: HashSet<(AccountId, AccountId)>,
}

impl Follows {
    /// Adds a follow event unless the actor already follows the target (or is the target).
    /// This set is only ever queried, never iterated, so its hashing order cannot leak into
    /// the events.
    pub(crate) fn follow(&mut self, log: &mut Log, actor: AccountId, target: AccountId, at: Instant) -> bool {
        if actor == target || !self.pairs.insert((actor, target)) {
            return false;
        }
        log.relate(EventKind::Follow, actor, target, at);
        true
    }
}

/// The community's follows: every participant follows at least one account (so that every
/// account appears in the events), and the rest of the follow budget goes to followers drawn
/// by outreach. Targets are drawn by popularity, mostly within the follower's topics, which is
/// what makes follower counts heavy-tailed.
pub(crate) fn generate(
    community: &Community,
    period: &Period,
    follows: &mut Follows,
    log: &mut Log,
    event_budget: usize,
    rng: &mut DemoRng,
) {
    let by_topic: Vec<Weighted> = community
        .members
        .iter()
        .map(|members| Weighted::new(members.iter().map(|&m| (m, community.get(m).popularity))))
        .collect();
    let anyone = Weighted::new(community.participants().map(|a| (a, community.get(a).popularity)));
    let followers = Weighted::new(community.participants().map(|a| (a, community.get(a).outreach)));
    let participants: Vec<AccountId> = community.participants().collect();
    let total = ((event_budget as f64 * FOLLOW_SHARE) as usize).max(participants.len());

    let pick_target = |rng: &mut DemoRng, actor: AccountId| {
        let account = community.get(actor);
        let sampler = if rng.random_bool(OWN_TOPIC_SHARE) {
            &by_topic[account.some_topic(rng)]
        } else {
            &anyone
        };
        sampler.sample(rng)
    };
    let follow_once = |rng: &mut DemoRng, log: &mut Log, follows: &mut Follows, actor| {
        for _ in 0..TRIES {
            let Some(target) = pick_target(rng, actor) else { break };
            let at = period.moment(rng);
            if follows.follow(log, actor, target, at) {
                maybe_unfollow(rng, period, log, actor, target, at);
                return true;
            }
        }
        false
    };

    for &actor in &participants {
        if !follow_once(rng, log, follows, actor) {
            // A guaranteed first follow: nobody has followed an influencer before this phase,
            // so one of them is always new to this account.
            let at = period.moment(rng);
            let account = community.get(actor);
            let topic = account.some_topic(rng);
            let fallback = (0..TOPICS.len()).map(|k| influencer((topic + k) % TOPICS.len()));
            for target in fallback {
                if follows.follow(log, actor, target, at) {
                    break;
                }
            }
        }
    }
    for _ in participants.len()..total {
        let Some(actor) = followers.sample(rng) else { break };
        follow_once(rng, log, follows, actor);
    }
}

/// Undoes a small share of follows, days to weeks later.
fn maybe_unfollow(
    rng: &mut DemoRng,
    period: &Period,
    log: &mut Log,
    actor: AccountId,
    target: AccountId,
    followed_at: Instant,
) {
    if rng.random_bool(UNFOLLOW_SHARE) {
        let at = followed_at + HOUR + exponential(rng, 10.0 * DAY as f64) as i64;
        if at < period.end() {
            log.relate(EventKind::Unfollow, actor, target, at);
        }
    }
}
