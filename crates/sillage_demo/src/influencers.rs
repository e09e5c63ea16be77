//! The planted influencers: two to four posts a week for the whole period, each engaged with by
//! many distinct accounts of the topic, the most followed ones among them.

use rand::RngExt;
use sillage_model::EventKind;

use crate::community::{Community, influencer};
use crate::config::{Period, reaction_delay};
use crate::log::{AccountId, Log, RawId};
use crate::ordinary::{language, mention, post_content, react};
use crate::random::{DemoRng, Weighted, between, index};
use crate::text::TOPICS;

/// Each post draws reactions from this share of its topic's members (uniform in the range):
/// one to three hundred distinct accounts per post at the default size.
const REACTOR_SHARE: (f64, f64) = (0.012, 0.032);
const MIN_REACTORS: usize = 12;
/// The most popular ordinary accounts of the topic, who follow the influencer's work closely:
/// endorsement by well-engaged accounts is what distinguishes authority from mere attention.
const ELITE: usize = 30;
/// The chance that each of the elite reacts to a given post.
const ELITE_SHARE: f64 = 0.35;
/// The chance that each other influencer reacts to a given post (they read each other).
const PEER_SHARE: f64 = 0.08;
/// Reactions to an influencer lean towards reposts and quotes: the content is worth passing on.
const AUDIENCE_MIX: [(EventKind, f64); 5] = [
    (EventKind::Like, 0.46),
    (EventKind::Repost, 0.24),
    (EventKind::Reply, 0.14),
    (EventKind::Mention, 0.08),
    (EventKind::Quote, 0.08),
];
const ELITE_MIX: [(EventKind, f64); 4] = [
    (EventKind::Repost, 0.4),
    (EventKind::Quote, 0.2),
    (EventKind::Reply, 0.2),
    (EventKind::Like, 0.2),
];
/// Share of posts that link to the influencer's blog.
const URL_SHARE: f64 = 0.7;

pub(crate) fn generate(community: &Community, period: &Period, log: &mut Log, rng: &mut DemoRng) {
    let audience_kinds = Weighted::new((0u32..).zip(AUDIENCE_MIX.iter().map(|&(_, w)| w)));
    let elite_kinds = Weighted::new((0u32..).zip(ELITE_MIX.iter().map(|&(_, w)| w)));
    // `seen[a] == stamp` marks the accounts that already reacted to the current post, so that
    // each post's reactors are distinct without a set to allocate per post.
    let mut seen = vec![0u32; community.len()];
    let mut stamp = 0;
    for (topic, spec) in TOPICS.iter().enumerate() {
        let me = influencer(topic);
        let ordinary: Vec<AccountId> = community.members[topic]
            .iter()
            .copied()
            .filter(|&m| community.ordinary().contains(&m))
            .collect();
        let audience = Weighted::new(ordinary.iter().map(|&m| (m, community.get(m).outreach)));
        let mut elite = ordinary.clone();
        elite.sort_by(|&a, &b| {
            let (pa, pb) = (community.get(a).popularity, community.get(b).popularity);
            pb.total_cmp(&pa).then(a.cmp(&b))
        });
        elite.truncate(ELITE);
        let slug = community.get(me).handle.replace('_', "-");
        let mut written = 0;
        for week in 0..period.days.div_ceil(7) {
            for day in posting_days(rng, period, week) {
                written += 1;
                let url = rng
                    .random_bool(URL_SHARE)
                    .then(|| format!("https://{slug}.example.fr/blog/{written}"));
                let lang = language(rng, community.get(me).lang);
                let at = period.moment_on(rng, day);
                let post = log.post(me, at, post_content(rng, topic, lang, url));
                stamp += 1;
                seen[me as usize] = stamp;
                let share = rng.random_range(REACTOR_SHARE.0..REACTOR_SHARE.1);
                let reactors = ((ordinary.len() as f64 * share) as usize).max(MIN_REACTORS);
                for _ in 0..reactors {
                    // A few redraws find someone new; a small topic may simply run out.
                    let fresh = (0..4)
                        .filter_map(|_| audience.sample(rng))
                        .find(|&a| seen[a as usize] != stamp);
                    if let Some(actor) = fresh {
                        seen[actor as usize] = stamp;
                        let kind = AUDIENCE_MIX[audience_kinds.sample(rng).unwrap_or(0) as usize].0;
                        respond(community, period, log, rng, kind, actor, post, topic);
                    }
                }
                let mut endorsers: Vec<AccountId> =
                    elite.iter().copied().filter(|_| rng.random_bool(ELITE_SHARE)).collect();
                let peers = (0..TOPICS.len()).map(influencer).filter(|&p| p != me);
                endorsers.extend(peers.filter(|_| rng.random_bool(PEER_SHARE)));
                for actor in endorsers {
                    if seen[actor as usize] != stamp {
                        seen[actor as usize] = stamp;
                        let kind = ELITE_MIX[elite_kinds.sample(rng).unwrap_or(0) as usize].0;
                        respond(community, period, log, rng, kind, actor, post, topic);
                    }
                }
            }
        }
        debug_assert!(written > 0, "{} wrote nothing", spec.tag);
    }
}

/// Two to four distinct days of the given week (fewer if the period ends within the week), in
/// order.
fn posting_days(rng: &mut DemoRng, period: &Period, week: u32) -> Vec<u32> {
    let first = week * 7;
    let mut days: Vec<u32> = (first..period.days.min(first + 7)).collect();
    let count = (between(rng, 2, 4) as usize).min(days.len());
    // A partial Fisher–Yates shuffle picks `count` days without repetition.
    for i in 0..count {
        let j = i + index(rng, days.len() - i);
        days.swap(i, j);
    }
    days.truncate(count);
    days.sort_unstable();
    days
}

/// One reaction to an influencer's post, minutes to hours after it (dropped if that falls after
/// the period). A mention is a post of the reactor's own naming the influencer.
fn respond(
    community: &Community,
    period: &Period,
    log: &mut Log,
    rng: &mut DemoRng,
    kind: EventKind,
    actor: AccountId,
    post: RawId,
    topic: usize,
) {
    let original = log.get(post);
    let (author, at) = (original.actor, original.at + reaction_delay(rng));
    if at >= period.end() {
        return;
    }
    if kind == EventKind::Mention {
        mention(community, log, rng, actor, author, Some(topic), at);
    } else {
        let lang = language(rng, community.get(actor).lang);
        react(log, rng, kind, actor, lang, post, at);
    }
}
