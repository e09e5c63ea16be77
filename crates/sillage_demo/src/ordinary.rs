//! Ordinary community life: original posts drawn by activity, and engagements drawn by
//! outreach towards popular authors of shared topics.

use rand::RngExt;
use sillage_model::{EventKind, Instant};

use crate::community::Community;
use crate::config::{Period, reaction_delay};
use crate::log::{AccountId, Content, Log, RawId};
use crate::random::{DemoRng, Weighted, index};
use crate::text::{self, Lang, TOPICS};

/// Share of the budget left after the planted accounts and the follows that goes to original
/// posts; the rest goes to engagements. On Twitter-like networks reactions outnumber original
/// posts about four to one.
pub(crate) const POST_SHARE: f64 = 0.21;
/// Share of engagements aimed at a topic the engager does not follow: interests leak.
const OFF_TOPIC_SHARE: f64 = 0.12;
/// Share of posts written in the author's other language.
const OTHER_LANG_SHARE: f64 = 0.05;
/// Share of replies that also mention a third account.
const REPLY_MENTION_SHARE: f64 = 0.1;
/// The engagement mix of ordinary accounts: likes dominate, then reposts, replies, mentions
/// and quotes, as on public Twitter samples.
const KIND_MIX: [(EventKind, f64); 5] = [
    (EventKind::Like, 0.52),
    (EventKind::Repost, 0.20),
    (EventKind::Reply, 0.12),
    (EventKind::Mention, 0.09),
    (EventKind::Quote, 0.07),
];
/// After this many consecutive draws that produce nothing (say, a community with no posts),
/// the engagement loop stops rather than spin.
const MAX_FAILURES: usize = 10_000;

/// The original posts of ordinary accounts, and who can be engaged with through them.
#[derive(Debug)]
pub(crate) struct Posts {
    /// Each account's original posts, in generation order.
    by_author: Vec<Vec<RawId>>,
    /// Per topic, the accounts of the topic with at least one post, weighted by popularity.
    by_topic: Vec<Weighted>,
    /// Every author, weighted by popularity.
    anyone: Weighted,
}

impl Posts {
    /// A post by an author drawn by popularity, within a topic or from anyone.
    pub(crate) fn pick(&self, rng: &mut DemoRng, topic: Option<usize>) -> Option<RawId> {
        let sampler = topic.map_or(&self.anyone, |t| &self.by_topic[t]);
        let author = sampler.sample(rng)?;
        let posts = &self.by_author[author as usize];
        Some(posts[index(rng, posts.len())])
    }
}

/// The language an account writes one piece of content in.
pub(crate) fn language(rng: &mut DemoRng, usual: Lang) -> Lang {
    if rng.random_bool(OTHER_LANG_SHARE) {
        usual.other()
    } else {
        usual
    }
}

/// An original post's content: text and hashtag of the topic, sometimes a narrower second tag.
pub(crate) fn post_content(rng: &mut DemoRng, topic: usize, lang: Lang, url: Option<String>) -> Content {
    let t = &TOPICS[topic];
    let extra = rng
        .random_bool(0.25)
        .then(|| t.extra_tags[index(rng, t.extra_tags.len())]);
    Content::text(lang, text::post(rng, t, lang))
        .tagged(t.tag, extra)
        .with_url(url)
}

/// `count` original posts by ordinary accounts, authors drawn by activity.
pub(crate) fn posts(community: &Community, period: &Period, log: &mut Log, count: usize, rng: &mut DemoRng) -> Posts {
    let writers = Weighted::new(community.ordinary().map(|a| (a, community.get(a).activity)));
    let mut by_author = vec![Vec::new(); community.len()];
    for _ in 0..count {
        let Some(author) = writers.sample(rng) else { break };
        let account = community.get(author);
        let topic = account.some_topic(rng);
        let lang = language(rng, account.lang);
        // A fifth of posts share a link, to the author's blog for the demo's purposes.
        let url = rng.random_bool(0.2).then(|| {
            format!(
                "https://{}.example.fr/{}",
                account.handle,
                by_author[author as usize].len() + 1
            )
        });
        let at = period.moment(rng);
        let post = log.post(author, at, post_content(rng, topic, lang, url));
        by_author[author as usize].push(post);
    }
    let weight = |a: AccountId| {
        if by_author[a as usize].is_empty() {
            0.0
        } else {
            community.get(a).popularity
        }
    };
    let by_topic = community
        .members
        .iter()
        .map(|members| Weighted::new(members.iter().map(|&a| (a, weight(a)))))
        .collect();
    let anyone = Weighted::new(community.ordinary().map(|a| (a, weight(a))));
    Posts {
        by_author,
        by_topic,
        anyone,
    }
}

/// A reaction of `actor` to the content created by `parent`, with the content the kind calls
/// for: quotes and replies carry a short text, quotes keep the original's hashtags.
pub(crate) fn react(
    log: &mut Log,
    rng: &mut DemoRng,
    kind: EventKind,
    actor: AccountId,
    lang: Lang,
    parent: RawId,
    at: Instant,
) -> RawId {
    let content = match kind {
        EventKind::Quote => {
            let mut content = Content::text(lang, text::quote(rng, lang));
            content.tags = log.get(parent).tags;
            content
        }
        EventKind::Reply => Content::text(lang, text::reply(rng, lang)),
        _ => Content::none(),
    };
    log.react(kind, actor, parent, at, content)
}

/// A post of `actor` naming `target`, which EVENTS.md writes as the post plus a mention event
/// at the same instant.
pub(crate) fn mention(
    community: &Community,
    log: &mut Log,
    rng: &mut DemoRng,
    actor: AccountId,
    target: AccountId,
    topic: Option<usize>,
    at: Instant,
) {
    let lang = language(rng, community.get(actor).lang);
    let mut content = Content::text(lang, text::mention(rng, lang, &community.get(target).handle));
    if let Some(t) = topic {
        content = content.tagged(TOPICS[t].tag, None);
    }
    log.post(actor, at, content);
    log.relate(EventKind::Mention, actor, target, at);
}

/// Engagements until the log holds `target_events` events (and at least `min_count` were made).
/// Each one: an engager drawn by outreach, a topic among the engager's interests (sometimes
/// another), an author of that topic drawn by popularity, one of the author's posts, and a
/// reaction minutes to hours after it.
pub(crate) fn engage(
    community: &Community,
    period: &Period,
    posts: &Posts,
    log: &mut Log,
    target_events: usize,
    min_count: usize,
    rng: &mut DemoRng,
) {
    let engagers = Weighted::new(community.participants().map(|a| (a, community.get(a).outreach)));
    let mentionable: Vec<Weighted> = community
        .members
        .iter()
        .map(|members| Weighted::new(members.iter().map(|&m| (m, community.get(m).popularity))))
        .collect();
    let kinds = Weighted::new((0u32..).zip(KIND_MIX.iter().map(|&(_, w)| w)));
    let (mut made, mut failures) = (0, 0);
    while (log.len() < target_events || made < min_count) && failures < MAX_FAILURES {
        let Some(actor) = engagers.sample(rng) else { break };
        let account = community.get(actor);
        let topic = if rng.random_bool(OFF_TOPIC_SHARE) {
            index(rng, TOPICS.len())
        } else {
            account.some_topic(rng)
        };
        let kind = KIND_MIX[kinds.sample(rng).unwrap_or(0) as usize].0;
        if kind == EventKind::Mention {
            match mentionable[topic].sample(rng) {
                Some(target) if target != actor => {
                    let at = period.moment(rng);
                    mention(community, log, rng, actor, target, Some(topic), at);
                    made += 1;
                    failures = 0;
                }
                _ => failures += 1,
            }
            continue;
        }
        let Some(parent) = posts.pick(rng, Some(topic)) else {
            failures += 1;
            continue;
        };
        let at = log.get(parent).at + reaction_delay(rng);
        if log.get(parent).actor == actor || at >= period.end() {
            failures += 1;
            continue;
        }
        let lang = language(rng, account.lang);
        let third = (kind == EventKind::Reply && rng.random_bool(REPLY_MENTION_SHARE))
            .then(|| mentionable[topic].sample(rng))
            .flatten()
            .filter(|&t| t != actor && t != log.get(parent).actor);
        if let Some(third) = third {
            // EVENTS.md: a reply that also names a third account is a reply plus a mention.
            let text = format!("{} cc @{}", text::reply(rng, lang), community.get(third).handle);
            log.react(kind, actor, parent, at, Content::text(lang, text));
            log.relate(EventKind::Mention, actor, third, at);
        } else {
            react(log, rng, kind, actor, lang, parent, at);
        }
        made += 1;
        failures = 0;
    }
}
