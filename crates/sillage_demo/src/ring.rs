//! The planted bot ring: fifty fresh accounts that post, repost and like each other every day,
//! and all repost the beneficiary's daily deal, with almost nobody outside paying attention.

use rand::RngExt;
use sillage_model::EventKind;

use crate::community::{BENEFICIARY_ID, Community, ring_members};
use crate::config::{HOUR, MINUTE, Period, reaction_delay};
use crate::follows::Follows;
use crate::log::{AccountId, Content, Log, RawId};
use crate::ordinary::Posts;
use crate::random::{DemoRng, between, index};
use crate::text::{self, Lang};

/// Other members whose post each member reposts or likes every day.
const RING_REACTIONS: usize = 3;
/// Other members each member follows (a follow-back farm in miniature).
const RING_FOLLOWS: usize = 5;
/// The chance that the beneficiary posts a second deal in a day.
const SECOND_DEAL_SHARE: f64 = 0.5;
/// The chance, per member and day, of liking or reposting an ordinary post, the way such bots
/// sprinkle a little unrelated activity to look human.
const CAMOUFLAGE_SHARE: f64 = 0.05;
/// The chance, per day, that an ordinary account likes the day's deal.
const OUTSIDE_LIKE_SHARE: f64 = 0.4;
/// Ordinary accounts following the beneficiary, per thousand ordinary accounts.
const OUTSIDE_FOLLOWERS_PER_1000: usize = 1;

/// The ring's own activity, day by day. Bots keep office hours: each member acts at the same
/// time every day, within minutes, and the beneficiary's deal goes out at 08:00 UTC.
pub(crate) fn generate(period: &Period, follows: &mut Follows, log: &mut Log, rng: &mut DemoRng) -> Vec<Vec<RawId>> {
    let members: Vec<AccountId> = ring_members().collect();
    let habits: Vec<i64> = members.iter().map(|_| i64::from(between(rng, 7, 21)) * HOUR).collect();
    let setup_days = period.days.min(3);
    for (k, &m) in members.iter().enumerate() {
        let at = period.day_start(rng.random_range(0..setup_days)) + habits[k] + rng.random_range(0..HOUR);
        follows.follow(log, m, BENEFICIARY_ID, at);
        for _ in 0..RING_FOLLOWS {
            let other = members[index(rng, members.len())];
            follows.follow(log, m, other, at + rng.random_range(1..10 * MINUTE));
        }
    }
    let mut deals_by_day = Vec::with_capacity(period.days as usize);
    for day in 0..period.days {
        let start = period.day_start(day);
        let morning = start + 8 * HOUR + rng.random_range(0..15 * MINUTE);
        let mut deals = vec![deal(log, rng, morning, day, 1)];
        if rng.random_bool(SECOND_DEAL_SHARE) {
            let evening = start + 17 * HOUR + rng.random_range(0..15 * MINUTE);
            deals.push(deal(log, rng, evening, day, 2));
        }
        let own: Vec<RawId> = members
            .iter()
            .zip(&habits)
            .map(|(&m, &habit)| {
                let at = start + habit + rng.random_range(0..10 * MINUTE);
                let (line, names_beneficiary) = text::ring_line(rng);
                let post = log.post(
                    m,
                    at,
                    Content::text(Lang::Fr, line.to_owned()).tagged("bonplan", Some("promo")),
                );
                if names_beneficiary {
                    log.relate(EventKind::Mention, m, BENEFICIARY_ID, at);
                }
                post
            })
            .collect();
        for (k, &m) in members.iter().enumerate() {
            // Everyone reposts and likes the morning deal within minutes; the evening deal gets
            // likes from about half.
            let first = deals[0];
            let repost_at = log.get(first).at + rng.random_range(MINUTE..12 * MINUTE);
            push_reaction(period, log, EventKind::Repost, m, first, repost_at);
            push_reaction(
                period,
                log,
                EventKind::Like,
                m,
                first,
                repost_at + rng.random_range(5..120),
            );
            if let Some(&second) = deals.get(1).filter(|_| rng.random_bool(0.5)) {
                let at = log.get(second).at + rng.random_range(MINUTE..20 * MINUTE);
                push_reaction(period, log, EventKind::Like, m, second, at);
            }
            for _ in 0..RING_REACTIONS {
                let j = index(rng, members.len());
                if j == k {
                    continue;
                }
                let kind = if rng.random_bool(0.5) {
                    EventKind::Repost
                } else {
                    EventKind::Like
                };
                let at = log.get(own[j]).at + rng.random_range(MINUTE..30 * MINUTE);
                push_reaction(period, log, kind, m, own[j], at);
            }
        }
        deals_by_day.push(deals);
    }
    deals_by_day
}

/// What little the rest of the world has to do with the ring: a few ordinary accounts like a
/// deal or follow the beneficiary, and the members now and then like or repost an ordinary
/// post. Needs the ordinary posts, so it runs after them.
pub(crate) fn outside_contact(
    community: &Community,
    period: &Period,
    posts: &Posts,
    deals_by_day: &[Vec<RawId>],
    follows: &mut Follows,
    log: &mut Log,
    rng: &mut DemoRng,
) {
    let ordinary = community.ordinary();
    let pick_ordinary = |rng: &mut DemoRng| ordinary.start + index(rng, ordinary.len()) as AccountId;
    for deals in deals_by_day {
        if rng.random_bool(OUTSIDE_LIKE_SHARE) {
            let deal = deals[index(rng, deals.len())];
            let at = log.get(deal).at + reaction_delay(rng);
            push_reaction(period, log, EventKind::Like, pick_ordinary(rng), deal, at);
        }
    }
    for _ in 0..(ordinary.len() * OUTSIDE_FOLLOWERS_PER_1000 / 1000).max(1) {
        follows.follow(log, pick_ordinary(rng), BENEFICIARY_ID, period.moment(rng));
    }
    for m in ring_members() {
        for _ in 0..period.days {
            if !rng.random_bool(CAMOUFLAGE_SHARE) {
                continue;
            }
            let Some(post) = posts.pick(rng, None) else { continue };
            let kind = if rng.random_bool(0.8) {
                EventKind::Like
            } else {
                EventKind::Repost
            };
            let at = log.get(post).at + reaction_delay(rng);
            push_reaction(period, log, kind, m, post, at);
        }
    }
}

/// The beneficiary's deal of the day, with a link to the (affiliate) offer.
fn deal(log: &mut Log, rng: &mut DemoRng, at: sillage_model::Instant, day: u32, n: u32) -> RawId {
    let url = format!("https://best-deals-now.example/offre/{}-{n}", day + 1);
    let content = Content::text(Lang::Fr, text::deal(rng))
        .tagged("bonplan", Some("promo"))
        .with_url(Some(url));
    log.post(BENEFICIARY_ID, at, content)
}

/// A content-less reaction (repost or like), unless it would fall after the period.
fn push_reaction(period: &Period, log: &mut Log, kind: EventKind, actor: AccountId, parent: RawId, at: i64) {
    if at < period.end() {
        log.react(kind, actor, parent, at, Content::none());
    }
}
