//! Large streams of canonical events for end-to-end benchmarks: millions of events among
//! hundreds of thousands of accounts, generated one day at a time and handed to a sink in time
//! order.
//!
//! [`generate`](crate::generate) builds the demo community whole in memory, planted accounts and
//! account records included; that costs about 650 bytes per event, 6.5 GB for ten million. A
//! stream keeps only its accounts (about 150 bytes each with their samplers), the original posts
//! of the last [`WINDOW_DAYS`] days and one day of events, so its memory follows the accounts and
//! not the events.
//!
//! What a stream holds, exactly `events` events over `days` days:
//!
//! - **Accounts** with one or two interests among twenty-two topics of the built-in taxonomy (of
//!   Zipf-like sizes), mostly writing in French, and three heavy-tailed traits: *popularity*
//!   (Pareto, tail index 1.2, softly capped at a twentieth of the accounts), *activity* (Pareto
//!   1.5; a third never post) and *outreach* (Pareto 1.6).
//! - **Every kind of EVENTS.md**: follows (11 % of the events, towards popular accounts mostly in
//!   the follower's topics; every account makes at least one, which is how it joins the stream),
//!   unfollows (4 % of follows, days to weeks later), original posts with the topic's hashtag
//!   (a quarter with a narrower second one), text and sometimes a link to the topic's site,
//!   posts naming someone (a post plus a `mention`), and likes, reposts, replies (some naming a
//!   third account) and quotes of earlier posts.
//! - **Daily and weekly rhythm**: days get their share of events by weekday (weekends quieter),
//!   and instants within a day follow the demo's hourly activity.
//! - **Heavy-tailed engagement**: a reaction picks a post made minutes to hours earlier, drawn by
//!   its author's popularity times the post's own appeal (Pareto 2), then an engager among the
//!   post's topic by outreach (12 % from anyone), so a few accounts and a few posts draw most of
//!   the engagement.
//!
//! Ids are `e` and the event's position in the stream, zero-padded to the width of `events`, so
//! they sort as strings in time order; content-creating events carry their own id as `post`
//! and reactions name their parent's. The same [`StreamConfig`] gives the same events bit for bit
//! on every platform: seeded ChaCha streams, the demo's own `ln` and `exp`, stable sorts, and no
//! hash-map iteration.

mod population;
mod topics;

use std::collections::{HashSet, VecDeque};

use rand::RngExt;
use sillage_model::{EventKind, Instant};

use crate::config::{DAY, DemoConfig, HOUR, Period, reaction_delay};
use crate::log::creates_content;
use crate::ordinary::language;
use crate::random::{DemoRng, Phase, Weighted, exponential, index, pareto, stream};
use crate::text::{self, Lang};
use population::{Account, NO_TOPIC, Population};
use topics::TOPICS;

/// The network of every stream event.
pub const STREAM_NET: &str = "synth";
/// Fewer accounts than this are read as this many.
pub const MIN_STREAM_ACCOUNTS: usize = 10;
/// Days of original posts that reactions choose from (the day of the reaction and the two
/// before): the reaction delay law puts all but a few in a thousand within that window.
pub const WINDOW_DAYS: usize = 3;

/// Share of the events that are follows (unless the accounts need more: one each).
const FOLLOW_SHARE: f64 = 0.11;
/// Share of follows undone later in the period.
const UNFOLLOW_SHARE: f64 = 0.04;
/// Share of follows within one of the follower's own topics.
const OWN_TOPIC_FOLLOWS: f64 = 0.85;
/// Share of reactions by someone outside the post's topic: interests leak.
const OFF_TOPIC_SHARE: f64 = 0.12;
/// Shares of original posts with a second hashtag, and with a link.
const EXTRA_TAG_SHARE: f64 = 0.25;
const LINK_SHARE: f64 = 0.2;
/// Tail index of a post's own appeal, which multiplies its author's popularity.
const APPEAL_ALPHA: f64 = 2.0;
/// How quiet Saturdays and Sundays are compared with weekdays.
const WEEKEND_FACTOR: f64 = 0.8;
/// Draws before a weighted choice gives up and falls back.
const TRIES: usize = 16;

/// What the events other than follows and unfollows are made of, as shares of the events
/// (a mention post and a reply naming a third account are two events each). Likes dominate,
/// then reposts and original posts; on Twitter-like networks reactions outnumber original
/// posts about four to one.
const ACTIONS: [(Action, f64); 7] = [
    (Action::Post, 0.17),
    (Action::MentionPost, 0.035),
    (Action::Like, 0.36),
    (Action::Repost, 0.14),
    (Action::Reply, 0.075),
    (Action::ReplyCc, 0.01),
    (Action::Quote, 0.05),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Post,
    /// A post naming another account: the post plus a `mention`.
    MentionPost,
    Like,
    Repost,
    Reply,
    /// A reply naming a third account: the reply plus a `mention`.
    ReplyCc,
    Quote,
}

impl Action {
    fn events(self) -> u64 {
        match self {
            Action::MentionPost | Action::ReplyCc => 2,
            _ => 1,
        }
    }
}

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StreamConfig {
    /// Same seed (and same configuration), same events, bit for bit.
    pub seed: u64,
    /// Exactly this many events.
    pub events: u64,
    /// The accounts (at least [`MIN_STREAM_ACCOUNTS`]). Each joins the stream with its first
    /// follow, so all of them appear unless the events are too few for one follow each.
    pub accounts: usize,
    /// Length of the period in days; 0 is read as 1.
    pub days: u32,
    /// First instant of the period; every event lies in `[start, start + days·86400)`.
    pub start: Instant,
}

impl StreamConfig {
    /// `events` events among the default number of accounts, over the demo's 90 days.
    pub fn new(seed: u64, events: u64) -> StreamConfig {
        StreamConfig {
            seed,
            events,
            accounts: StreamConfig::default_accounts(events),
            days: crate::DEFAULT_DAYS,
            start: crate::DEFAULT_START,
        }
    }

    /// One account per 12.5 events (800,000 for ten million): about what a public sample of a
    /// national network holds for three months.
    pub fn default_accounts(events: u64) -> usize {
        usize::try_from(events / 25 * 2)
            .unwrap_or(usize::MAX)
            .max(MIN_STREAM_ACCOUNTS)
    }
}

/// One generated event. Strings are borrowed from the generator: copy what must outlive the
/// sink's call.
#[derive(Debug, Clone, Copy)]
pub struct StreamEvent<'a> {
    /// Position in the stream, from 1, in time order (ties in generation order): the event's
    /// id is built from it.
    pub seq: u64,
    pub kind: EventKind,
    pub actor: &'a str,
    /// Every kind but `post`.
    pub target: Option<&'a str>,
    /// The `seq` of the content this event acts upon (likes, reposts, quotes, replies).
    pub parent: Option<u64>,
    pub at: Instant,
    /// Normalized hashtags, without `#`.
    pub tags: &'a [&'static str],
    pub url: Option<&'a str>,
    pub lang: Option<&'static str>,
    pub text: Option<&'a str>,
}

impl StreamEvent<'_> {
    /// Whether the event creates content, whose id (EVENTS.md's `post`) is the event's own.
    pub fn creates_content(&self) -> bool {
        creates_content(self.kind)
    }
}

/// What a stream held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamSummary {
    pub events: u64,
    /// Events per kind, in [`EventKind::ALL`] order.
    pub kinds: [u64; 8],
    /// Distinct accounts appearing in the events, as actor or target.
    pub accounts: u64,
    /// The first and last instants.
    pub first: Option<Instant>,
    pub last: Option<Instant>,
}

/// Generates the stream `config` describes and hands each event to `sink`, in time order. A
/// sink error stops the generation and is returned.
pub fn generate_stream<E>(
    config: &StreamConfig,
    mut sink: impl FnMut(&StreamEvent<'_>) -> Result<(), E>,
) -> Result<StreamSummary, E> {
    let mut generator = Generator::new(config);
    let mut summary = StreamSummary {
        events: 0,
        kinds: [0; 8],
        accounts: 0,
        first: None,
        last: None,
    };
    let mut seen = vec![false; generator.population.len()];
    for day in 0..generator.period.days {
        let events = generator.day(day);
        generator.emit(events, &mut |e, actor, target| {
            summary.events += 1;
            summary.kinds[usize::from(e.kind.code())] += 1;
            summary.first.get_or_insert(e.at);
            summary.last = Some(e.at);
            for a in std::iter::once(actor).chain(target) {
                summary.accounts += u64::from(!seen[a as usize]);
                seen[a as usize] = true;
            }
            sink(e)
        })?;
    }
    Ok(summary)
}

/// No account, post or tag, in the compact fields of [`Raw`].
const NONE: u32 = u32::MAX;

/// An original post that reactions may choose.
#[derive(Debug, Clone, Copy)]
struct Post {
    /// The post's number among reactable posts, which finds its `seq` once emitted.
    number: u32,
    at: Instant,
    author: Account,
    topic: u8,
    extra: u8,
}

/// The reactable posts of one hour, and a sampler over them by author popularity × appeal.
#[derive(Debug, Default)]
struct Hour {
    posts: Vec<Post>,
    sampler: Weighted,
}

/// What an event's text is made of; the text itself is written only when the event is emitted.
#[derive(Debug, Clone, Copy)]
enum Text {
    None,
    Post {
        template: u8,
        subject: u8,
        link: bool,
    },
    Reply {
        template: u8,
    },
    Quote {
        template: u8,
    },
    /// A post naming `who`.
    Mention {
        template: u8,
        who: Account,
    },
    /// A reply naming a third account `who`.
    ReplyCc {
        template: u8,
        who: Account,
    },
}

/// One event before it is emitted: accounts, posts and tags as indices.
#[derive(Debug, Clone, Copy)]
struct Raw {
    at: Instant,
    kind: EventKind,
    actor: Account,
    target: Account,
    /// The reacted-to post's number.
    parent: u32,
    /// For a reactable post, its number.
    number: u32,
    /// A topic index and one of its extra tags, or [`NO_TOPIC`].
    topic: u8,
    extra: u8,
    lang: Option<Lang>,
    text: Text,
}

impl Raw {
    fn new(kind: EventKind, actor: Account, target: Account, at: Instant) -> Raw {
        Raw {
            at,
            kind,
            actor,
            target,
            parent: NONE,
            number: NONE,
            topic: NO_TOPIC,
            extra: NO_TOPIC,
            lang: None,
            text: Text::None,
        }
    }
}

struct Generator {
    period: Period,
    population: Population,
    rng: DemoRng,
    events: u64,
    follows: u64,
    /// Cumulative day weights (weekday rhythm), the last equal to their total.
    cumulative: Vec<f64>,
    emitted: u64,
    follows_made: u64,
    /// Accounts below this have made their first follow.
    joined: usize,
    /// Who follows whom, as `actor << 32 | target`. Only ever queried, never iterated.
    followed: HashSet<u64>,
    /// Unfollows waiting for their day.
    pending: Vec<Vec<Raw>>,
    /// The hours of the last [`WINDOW_DAYS`] days, oldest first, and the first day they hold.
    window: VecDeque<Vec<Hour>>,
    window_day: u32,
    /// Per reactable post number, the `seq` it was emitted with (0 until then).
    post_seq: Vec<u64>,
    actions: Weighted,
    text: String,
    url: String,
    actor: String,
    target: String,
}

impl Generator {
    fn new(config: &StreamConfig) -> Generator {
        let accounts = config.accounts.clamp(MIN_STREAM_ACCOUNTS, (u32::MAX / 2) as usize);
        let period = Period::new(&DemoConfig {
            days: config.days,
            start: config.start,
            ..DemoConfig::default()
        });
        let population = Population::build(accounts, &mut stream(config.seed, Phase::StreamAccounts));
        // One follow per account at least; never so many that accounts run out of people to
        // follow (a quarter of all pairs).
        let pairs = accounts as u64 * (accounts as u64 - 1) / 4;
        let follows = ((config.events as f64 * FOLLOW_SHARE) as u64)
            .max(accounts as u64)
            .min(config.events)
            .min(pairs);
        let mut cumulative = Vec::with_capacity(period.days as usize);
        let mut total = 0.0;
        for day in 0..period.days {
            // Monday is 0; 1970-01-01 was a Thursday.
            let weekday = (period.day_start(day).div_euclid(DAY) + 3).rem_euclid(7);
            total += if weekday >= 5 { WEEKEND_FACTOR } else { 1.0 };
            cumulative.push(total);
        }
        Generator {
            population,
            rng: stream(config.seed, Phase::StreamEvents),
            events: config.events,
            follows,
            cumulative,
            emitted: 0,
            follows_made: 0,
            joined: 0,
            followed: HashSet::new(),
            pending: vec![Vec::new(); period.days as usize],
            window: VecDeque::with_capacity(WINDOW_DAYS),
            window_day: 0,
            post_seq: Vec::new(),
            actions: Weighted::new((0u32..).zip(ACTIONS.iter().map(|&(_, share)| share))),
            text: String::new(),
            url: String::new(),
            actor: String::new(),
            target: String::new(),
            period,
        }
    }

    /// How many of `total` fall on the days up to `day` included.
    fn share_until(&self, total: u64, day: u32) -> u64 {
        let last = *self.cumulative.last().expect("at least one day");
        if day as usize + 1 == self.cumulative.len() {
            return total;
        }
        ((total as f64 * self.cumulative[day as usize] / last) as u64).min(total)
    }

    /// The events of `day`, unsorted, in generation order.
    fn day(&mut self, day: u32) -> Vec<Raw> {
        let mut budget = self.share_until(self.events, day).saturating_sub(self.emitted);
        let mut out = std::mem::take(&mut self.pending[day as usize]);
        out.truncate(budget as usize);
        budget -= out.len() as u64;
        let follows = (self.share_until(self.follows, day) - self.follows_made).min(budget);
        budget -= follows;
        let mut plan = [0u64; ACTIONS.len()];
        while budget > 0 {
            let mut a = self.actions.sample(&mut self.rng).unwrap_or(2) as usize;
            if ACTIONS[a].0.events() > budget {
                a = 2; // a like: one event
            }
            budget -= ACTIONS[a].0.events();
            plan[a] += 1;
        }
        out.reserve(self.share_until(self.events, day).saturating_sub(self.emitted) as usize);
        // Original posts first: today's reactions choose among them.
        let mut today = Vec::new();
        for (i, &(action, _)) in ACTIONS.iter().enumerate() {
            for _ in 0..plan[i] {
                match action {
                    Action::Post => self.post(day, &mut today, &mut out),
                    Action::MentionPost => {
                        let at = self.period.moment_on(&mut self.rng, day);
                        let actor = self.population.engagers.sample(&mut self.rng).unwrap_or(0);
                        self.mention_post(actor, at, Some(&mut today), &mut out);
                    }
                    _ => {}
                }
            }
        }
        self.open_day(day, today);
        for _ in 0..follows {
            self.follow(day, &mut out);
        }
        self.follows_made += follows;
        for (i, &(action, _)) in ACTIONS.iter().enumerate() {
            if !matches!(action, Action::Post | Action::MentionPost) {
                for _ in 0..plan[i] {
                    self.react(action, day, &mut out);
                }
            }
        }
        out
    }

    /// An original post by an author drawn by activity, reactable.
    fn post(&mut self, day: u32, today: &mut Vec<Post>, out: &mut Vec<Raw>) {
        let rng = &mut self.rng;
        let pop = &self.population;
        let author = pop.writers.sample(rng).unwrap_or(0);
        let at = self.period.moment_on(rng, day);
        let topic = pop.some_topic(author, rng);
        let mut raw = self.content(author, at, topic);
        let number = self.post_seq.len() as u32;
        self.post_seq.push(0);
        raw.number = number;
        today.push(Post {
            number,
            at,
            author,
            topic: raw.topic,
            extra: raw.extra,
        });
        out.push(raw);
    }

    /// The event of an original post of `author` about `topic`, not reactable.
    fn content(&mut self, author: Account, at: Instant, topic: u8) -> Raw {
        let rng = &mut self.rng;
        let lang = language(rng, self.population.langs[author as usize]);
        let t = &TOPICS[usize::from(topic)];
        let extra = if rng.random_bool(EXTRA_TAG_SHARE) {
            index(rng, t.extra_tags.len()) as u8
        } else {
            NO_TOPIC
        };
        let template = index(rng, text::by_lang(lang, text::POSTS_FR, text::POSTS_EN).len()) as u8;
        let subject = index(rng, t.subjects_fr.len()) as u8;
        let link = rng.random_bool(LINK_SHARE);
        let mut raw = Raw::new(EventKind::Post, author, NONE, at);
        raw.topic = topic;
        raw.extra = extra;
        raw.lang = Some(lang);
        raw.text = Text::Post {
            template,
            subject,
            link,
        };
        raw
    }

    /// A post of `actor` naming someone popular in one of its topics, and the `mention`; the
    /// post is reactable when `today` is given.
    fn mention_post(&mut self, actor: Account, at: Instant, today: Option<&mut Vec<Post>>, out: &mut Vec<Raw>) {
        let rng = &mut self.rng;
        let pop = &self.population;
        let topic = pop.some_topic(actor, rng);
        let target = draw_other(rng, &pop.topic_popular[usize::from(topic)], actor, actor)
            .unwrap_or_else(|| pop.other_than(actor, rng));
        let lang = language(rng, pop.langs[actor as usize]);
        let template = index(rng, text::by_lang(lang, text::MENTIONS_FR, text::MENTIONS_EN).len()) as u8;
        let mut post = Raw::new(EventKind::Post, actor, NONE, at);
        post.topic = topic;
        post.lang = Some(lang);
        post.text = Text::Mention { template, who: target };
        if let Some(today) = today {
            post.number = self.post_seq.len() as u32;
            self.post_seq.push(0);
            today.push(Post {
                number: post.number,
                at,
                author: actor,
                topic,
                extra: NO_TOPIC,
            });
        }
        out.push(post);
        out.push(Raw::new(EventKind::Mention, actor, target, at));
    }

    /// Slides the window to end with `day`, whose posts are `today`.
    fn open_day(&mut self, day: u32, today: Vec<Post>) {
        let mut hours: Vec<Hour> = (0..24).map(|_| Hour::default()).collect();
        let day_start = self.period.day_start(day);
        for post in today {
            hours[((post.at - day_start) / HOUR) as usize].posts.push(post);
        }
        let rng = &mut self.rng;
        for hour in &mut hours {
            let pop = &self.population;
            let weights: Vec<(u32, f64)> = (0..)
                .zip(&hour.posts)
                .map(|(i, p)| (i, pop.popularity[p.author as usize] * pareto(rng, APPEAL_ALPHA, 1.0)))
                .collect();
            hour.sampler = Weighted::new(weights);
        }
        if self.window.len() == WINDOW_DAYS {
            self.window.pop_front();
            self.window_day += 1;
        }
        self.window.push_back(hours);
        debug_assert_eq!(self.window_day as usize + self.window.len(), day as usize + 1);
    }

    /// A follow: the next account that has not joined yet, else someone by outreach, towards
    /// someone popular, mostly in one of the follower's topics; sometimes undone later.
    fn follow(&mut self, day: u32, out: &mut Vec<Raw>) {
        let pop = &self.population;
        let rng = &mut self.rng;
        let actor = if self.joined < pop.len() {
            self.joined += 1;
            (self.joined - 1) as Account
        } else {
            pop.engagers.sample(rng).unwrap_or(0)
        };
        let at = self.period.moment_on(rng, day);
        let mut target = None;
        for _ in 0..TRIES {
            let sampler = if rng.random_bool(OWN_TOPIC_FOLLOWS) {
                &pop.topic_popular[usize::from(pop.some_topic(actor, rng))]
            } else {
                &pop.popular
            };
            if let Some(t) = sampler.sample(rng)
                && t != actor
                && self.followed.insert(u64::from(actor) << 32 | u64::from(t))
            {
                target = Some(t);
                break;
            }
        }
        // A last resort that always ends: the accounts after this one, in turn.
        let n = pop.len() as u64;
        let target = target.or_else(|| {
            (1..n)
                .map(|k| ((u64::from(actor) + k) % n) as Account)
                .find(|&t| self.followed.insert(u64::from(actor) << 32 | u64::from(t)))
        });
        let Some(target) = target else {
            // This account follows everyone already: it posts instead.
            let topic = pop.some_topic(actor, rng);
            let raw = self.content(actor, at, topic);
            out.push(raw);
            return;
        };
        out.push(Raw::new(EventKind::Follow, actor, target, at));
        if rng.random_bool(UNFOLLOW_SHARE) {
            let later = at + HOUR + exponential(rng, 10.0 * DAY as f64) as i64;
            let later_day = (later - self.period.start).div_euclid(DAY);
            // Undone the same day, it would upset this day's count; past the end, never.
            if later_day > i64::from(day) && later_day < i64::from(self.period.days) {
                self.pending[later_day as usize].push(Raw::new(EventKind::Unfollow, actor, target, later));
            }
        }
    }

    /// A reaction at a moment of `day` to a post made minutes to hours before, by an engager
    /// of the post's topic. Without any post to react to (the first hours), an original post.
    fn react(&mut self, action: Action, day: u32, out: &mut Vec<Raw>) {
        let at = self.period.moment_on(&mut self.rng, day);
        let Some(post) = self.pick_post(at) else {
            let actor = self.population.engagers.sample(&mut self.rng).unwrap_or(0);
            if action == Action::ReplyCc {
                self.mention_post(actor, at, None, out);
            } else {
                let topic = self.population.some_topic(actor, &mut self.rng);
                let raw = self.content(actor, at, topic);
                out.push(raw);
            }
            return;
        };
        let rng = &mut self.rng;
        let pop = &self.population;
        let author = post.author;
        let actor = {
            let sampler = if rng.random_bool(OFF_TOPIC_SHARE) {
                &pop.engagers
            } else {
                &pop.topic_engagers[usize::from(post.topic)]
            };
            draw_other(rng, sampler, author, author).unwrap_or_else(|| pop.other_than(author, rng))
        };
        let lang = language(rng, pop.langs[actor as usize]);
        let kind = match action {
            Action::Like => EventKind::Like,
            Action::Repost => EventKind::Repost,
            Action::Quote => EventKind::Quote,
            _ => EventKind::Reply,
        };
        let mut raw = Raw::new(kind, actor, author, at);
        raw.parent = post.number;
        match action {
            Action::Repost => {
                // Reposts and quotes carry the hashtags of what they pass on.
                (raw.topic, raw.extra) = (post.topic, post.extra);
            }
            Action::Quote => {
                (raw.topic, raw.extra) = (post.topic, post.extra);
                raw.lang = Some(lang);
                let templates = text::by_lang(lang, text::QUOTES_FR, text::QUOTES_EN);
                raw.text = Text::Quote {
                    template: index(rng, templates.len()) as u8,
                };
            }
            Action::Reply | Action::ReplyCc => {
                raw.lang = Some(lang);
                let template = index(rng, text::by_lang(lang, text::REPLIES_FR, text::REPLIES_EN).len()) as u8;
                raw.text = Text::Reply { template };
                if action == Action::ReplyCc {
                    // EVENTS.md: a reply that also names a third account is a reply plus a
                    // mention; when nobody else can be found, the reply names its own target.
                    let who =
                        draw_other(rng, &pop.topic_popular[usize::from(post.topic)], actor, author).unwrap_or(author);
                    raw.text = Text::ReplyCc { template, who };
                    out.push(raw);
                    out.push(Raw::new(EventKind::Mention, actor, who, at));
                    return;
                }
            }
            _ => {}
        }
        out.push(raw);
    }

    /// A post made a reaction delay before `at`, chosen by popularity × appeal within its hour.
    fn pick_post(&mut self, at: Instant) -> Option<Post> {
        let first = self.period.day_start(self.window_day);
        for _ in 0..TRIES {
            let source = at - reaction_delay(&mut self.rng);
            if source < first {
                continue;
            }
            let hour = ((source - first) / HOUR) as usize;
            let hour = &self.window[hour / 24][hour % 24];
            if let Some(i) = hour.sampler.sample(&mut self.rng) {
                let post = hour.posts[i as usize];
                if post.at < at {
                    return Some(post);
                }
            }
        }
        None
    }

    /// Sorts a day's events by time (generation order among equals) and hands them over.
    fn emit<E>(
        &mut self,
        mut events: Vec<Raw>,
        sink: &mut impl FnMut(&StreamEvent<'_>, Account, Option<Account>) -> Result<(), E>,
    ) -> Result<(), E> {
        // A stable sort keeps the generation order among equal instants: deterministic.
        events.sort_by_key(|r| r.at);
        let pop = &self.population;
        for r in &events {
            self.emitted += 1;
            let seq = self.emitted;
            if r.number != NONE {
                self.post_seq[r.number as usize] = seq;
            }
            let parent = (r.parent != NONE).then(|| self.post_seq[r.parent as usize]);
            debug_assert!(parent != Some(0), "a reaction precedes its parent");
            let target = (r.target != NONE).then_some(r.target);
            let mut tags = [""; 2];
            let mut tag_count = 0;
            if r.topic != NO_TOPIC {
                let topic = &TOPICS[usize::from(r.topic)];
                tags[0] = topic.tag;
                tag_count = 1;
                if r.extra != NO_TOPIC {
                    tags[1] = topic.extra_tags[usize::from(r.extra)];
                    tag_count = 2;
                }
            }
            self.text.clear();
            self.url.clear();
            self.actor.clear();
            self.target.clear();
            pop.push_handle(r.actor, &mut self.actor);
            if let Some(t) = target {
                pop.push_handle(t, &mut self.target);
            }
            let lang = r.lang.unwrap_or(Lang::Fr);
            let pick = |fr: &'static [&'static str], en: &'static [&'static str], i: u8| {
                text::by_lang(lang, fr, en)[usize::from(i)]
            };
            match r.text {
                Text::None => {}
                Text::Post {
                    template,
                    subject,
                    link,
                } => {
                    let topic = &TOPICS[usize::from(r.topic)];
                    let subject = pick(topic.subjects_fr, topic.subjects_en, subject);
                    fill(&mut self.text, pick(text::POSTS_FR, text::POSTS_EN, template), subject);
                    self.text.push_str(" #");
                    self.text.push_str(topic.tag);
                    if link {
                        self.url.push_str("https://www.");
                        self.url.push_str(topic.domain);
                        self.url.push_str("/a/");
                        self.url.push_str(&seq.to_string());
                    }
                }
                Text::Reply { template } => {
                    self.text.push_str(pick(text::REPLIES_FR, text::REPLIES_EN, template));
                }
                Text::Quote { template } => {
                    self.text.push_str(pick(text::QUOTES_FR, text::QUOTES_EN, template));
                }
                Text::Mention { template, who } => {
                    let template = pick(text::MENTIONS_FR, text::MENTIONS_EN, template);
                    let (before, after) = template.split_once("{}").unwrap_or((template, ""));
                    self.text.push_str(before);
                    pop.push_handle(who, &mut self.text);
                    self.text.push_str(after);
                    if r.topic != NO_TOPIC {
                        self.text.push_str(" #");
                        self.text.push_str(TOPICS[usize::from(r.topic)].tag);
                    }
                }
                Text::ReplyCc { template, who } => {
                    self.text.push_str(pick(text::REPLIES_FR, text::REPLIES_EN, template));
                    self.text.push_str(" cc @");
                    pop.push_handle(who, &mut self.text);
                }
            }
            let event = StreamEvent {
                seq,
                kind: r.kind,
                actor: &self.actor,
                target: target.map(|_| self.target.as_str()),
                parent,
                at: r.at,
                tags: &tags[..tag_count],
                url: (!self.url.is_empty()).then_some(self.url.as_str()),
                lang: r.lang.map(Lang::tag),
                text: (!self.text.is_empty()).then_some(self.text.as_str()),
            };
            sink(&event, r.actor, target)?;
        }
        Ok(())
    }
}

/// A draw from `sampler` that is neither `a` nor `b`, if one comes within [`TRIES`].
fn draw_other(rng: &mut DemoRng, sampler: &Weighted, a: Account, b: Account) -> Option<Account> {
    (0..TRIES)
        .filter_map(|_| sampler.sample(rng))
        .find(|&x| x != a && x != b)
}

/// `template` with its `{}` replaced by `value`, appended to `out`.
fn fill(out: &mut String, template: &str, value: &str) {
    match template.split_once("{}") {
        Some((before, after)) => {
            out.push_str(before);
            out.push_str(value);
            out.push_str(after);
        }
        None => out.push_str(template),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_have_one_slot_and_need_no_escaping() {
        for set in [text::POSTS_FR, text::POSTS_EN, text::MENTIONS_FR, text::MENTIONS_EN] {
            for t in set {
                assert_eq!(t.matches("{}").count(), 1, "{t}");
            }
        }
        for set in [text::REPLIES_FR, text::REPLIES_EN, text::QUOTES_FR, text::QUOTES_EN] {
            for t in set {
                assert!(!t.contains("{}"), "{t}");
            }
        }
        let all = [
            text::POSTS_FR,
            text::POSTS_EN,
            text::MENTIONS_FR,
            text::MENTIONS_EN,
            text::REPLIES_FR,
            text::REPLIES_EN,
            text::QUOTES_FR,
            text::QUOTES_EN,
        ];
        for t in all.iter().flat_map(|s| s.iter()) {
            assert!(!t.contains(['"', '\\']) && !t.chars().any(char::is_control), "{t}");
        }
    }

    #[test]
    fn default_accounts_are_one_per_twelve_and_a_half_events() {
        assert_eq!(StreamConfig::default_accounts(10_000_000), 800_000);
        assert_eq!(StreamConfig::default_accounts(3), MIN_STREAM_ACCOUNTS);
    }
}
