//! The planted live-tweeter: 300 posts within 48 hours around a match in the middle of the
//! period, liked by a crowd of small accounts, and near silence the rest of the time.

use rand::RngExt;
use sillage_model::{EventKind, Instant};

use crate::community::{Community, LIVE};
use crate::config::{HOUR, MINUTE, Period, reaction_delay};
use crate::follows::Follows;
use crate::log::{AccountId, Content, Log, RawId};
use crate::ordinary::{post_content, react};
use crate::random::{DemoRng, between, exponential, index};
use crate::text::{self, FOOTBALL, Lang};

/// Posts in the burst.
pub(crate) const BURST_POSTS: usize = 300;
/// Length of the burst window.
pub(crate) const BURST_SECONDS: i64 = 48 * HOUR;
/// Share of the burst's posts made during the match itself (two hours), the rest spread over
/// the build-up and the aftermath.
const DURING_MATCH_SHARE: f64 = 0.4;
/// Posts outside the burst, over the whole period.
const QUIET_POSTS: usize = 6;
/// The fans who react: small football accounts (below the topic's median popularity).
const POOL_SIZE: usize = 600;
/// Likes per burst post.
const LIKES: (u32, u32) = (6, 24);
const REPOST_SHARE: f64 = 0.2;
const REPLY_SHARE: f64 = 0.06;
/// Share of the pool that follows the live-tweeter during the burst.
const FOLLOW_SHARE: f64 = 0.15;

/// The burst window: 48 hours from noon UTC on the day before the middle of the period, so the
/// match (two hours from 18:00 UTC, 20:00 in Paris) falls on its first evening. A period too short
/// for that gets a window as long as it is.
pub(crate) fn burst_window(period: &Period) -> (Instant, Instant) {
    let length = BURST_SECONDS.min(period.end() - period.start);
    let noon = period.day_start((period.days / 2).saturating_sub(1)) + 12 * HOUR;
    let start = noon.min(period.end() - length).max(period.start);
    (start, start + length)
}

pub(crate) fn generate(
    community: &Community,
    period: &Period,
    follows: &mut Follows,
    log: &mut Log,
    rng: &mut DemoRng,
) {
    let pool = fan_pool(community, rng);
    let (start, end) = burst_window(period);
    let length = end - start;
    let kickoff = start + length / 8;
    let mut seen = vec![false; community.len()];
    for _ in 0..BURST_POSTS {
        let at = if rng.random_bool(DURING_MATCH_SHARE) {
            (kickoff + rng.random_range(0..2 * HOUR)).min(end - 1)
        } else {
            start + rng.random_range(0..length)
        };
        let content = Content::text(Lang::Fr, text::match_line(rng)).tagged("football", Some("ligue1"));
        let post = log.post(LIVE, at, content);
        if pool.is_empty() {
            continue;
        }
        seen.fill(false);
        for _ in 0..between(rng, LIKES.0, LIKES.1) {
            let fan = pool[index(rng, pool.len())];
            if !seen[fan as usize] {
                seen[fan as usize] = true;
                live_reaction(period, log, rng, EventKind::Like, fan, post);
            }
        }
        if rng.random_bool(REPOST_SHARE) {
            let fan = pool[index(rng, pool.len())];
            live_reaction(period, log, rng, EventKind::Repost, fan, post);
        }
        if rng.random_bool(REPLY_SHARE) {
            let fan = pool[index(rng, pool.len())];
            let at = log.get(post).at + reaction_delay(rng);
            if at < period.end() {
                react(log, rng, EventKind::Reply, fan, community.get(fan).lang, post, at);
            }
        }
    }
    for &fan in &pool {
        if rng.random_bool(FOLLOW_SHARE) {
            follows.follow(log, fan, LIVE, start + rng.random_range(0..length));
        }
    }
    // The rest of the period: a handful of ordinary football posts with a few likes each.
    for _ in 0..QUIET_POSTS {
        let at = period.moment(rng);
        if (start..end).contains(&at) {
            continue;
        }
        let post = log.post(LIVE, at, post_content(rng, FOOTBALL, Lang::Fr, None));
        for _ in 0..between(rng, 1, 4) {
            if let Some(&fan) = pool.get(index(rng, pool.len().max(1))) {
                let at = log.get(post).at + reaction_delay(rng);
                if at < period.end() {
                    react(log, rng, EventKind::Like, fan, Lang::Fr, post, at);
                }
            }
        }
    }
}

/// A fan's reaction during the match: within seconds to a quarter of an hour.
fn live_reaction(period: &Period, log: &mut Log, rng: &mut DemoRng, kind: EventKind, fan: AccountId, post: RawId) {
    let at = log.get(post).at + 20 + exponential(rng, 4.0 * MINUTE as f64) as i64;
    if at < period.end() {
        log.react(kind, fan, post, at, Content::none());
    }
}

/// Up to [`POOL_SIZE`] football accounts below the topic's median popularity, in a seeded
/// random order.
fn fan_pool(community: &Community, rng: &mut DemoRng) -> Vec<AccountId> {
    let mut football: Vec<AccountId> = community.members[FOOTBALL]
        .iter()
        .copied()
        .filter(|&m| community.ordinary().contains(&m))
        .collect();
    let mut by_popularity = football.clone();
    by_popularity.sort_by(|&a, &b| {
        community
            .get(a)
            .popularity
            .total_cmp(&community.get(b).popularity)
            .then(a.cmp(&b))
    });
    let Some(&median) = by_popularity.get(by_popularity.len() / 2) else {
        return Vec::new();
    };
    let threshold = community.get(median).popularity;
    football.retain(|&m| community.get(m).popularity < threshold);
    let count = POOL_SIZE.min(football.len());
    for i in 0..count {
        let j = i + index(rng, football.len() - i);
        football.swap(i, j);
    }
    football.truncate(count);
    football
}
