//! The organic process: personas with topics, popularity, posting rates and reactivity, and the
//! day-by-day simulation of their posts, follows and reactions that [`World::organic`] runs.

use std::collections::HashMap;

use rand::RngExt;
use sillage_model::{AccountRecord, Event, EventKind, Instant};

use super::*;

/// A count with mean `mean`: a binomial over `2⌈mean⌉` trials, cheap and exact to draw.
fn count_around(rng: &mut Rng, mean: f64) -> u32 {
    let trials = (2.0 * mean).ceil().max(1.0) as u32;
    let p = mean / f64::from(trials);
    (0..trials).filter(|_| rng.random_bool(p)).count() as u32
}

/// Weighted draws over a fixed population, by binary search in cumulative weights.
#[derive(Debug, Clone)]
struct Cdf {
    cumulative: Vec<f64>,
}

impl Cdf {
    fn new(weights: impl IntoIterator<Item = f64>) -> Cdf {
        let mut total = 0.0;
        let cumulative = weights
            .into_iter()
            .map(|w| {
                total += w;
                total
            })
            .collect();
        Cdf { cumulative }
    }

    fn draw(&self, rng: &mut Rng) -> usize {
        let total = *self.cumulative.last().expect("draw from an empty population");
        let x = rng.random::<f64>() * total;
        self.cumulative
            .partition_point(|&c| c <= x)
            .min(self.cumulative.len() - 1)
    }

    /// Up to `n` distinct indices, none in `exclude`; gives up after a bounded number of tries
    /// (a small community may not hold `n` candidates).
    fn draw_distinct(&self, rng: &mut Rng, n: usize, exclude: &[usize]) -> Vec<usize> {
        let mut chosen = Vec::with_capacity(n);
        let mut tries = 0;
        while chosen.len() < n && tries < 50 * n + 50 {
            tries += 1;
            let i = self.draw(rng);
            if !exclude.contains(&i) && !chosen.contains(&i) {
                chosen.push(i);
            }
        }
        chosen
    }
}

/// The hidden traits of an organic account, which drive its activity.
#[derive(Debug, Clone)]
pub struct Persona {
    pub handle: String,
    /// Indices into [`TOPICS`], the main topic first; one or two.
    pub topics: Vec<usize>,
    pub lang: &'static str,
    /// Popularity rank, 0 = the most popular.
    pub rank: usize,
    /// Expected reactions per post: heavy-tailed in the rank.
    pub appeal: f64,
    /// Posts per day (1 = daily, 1/7 = weekly).
    pub rate: f64,
    /// Offset of the posting schedule, in [0, 1).
    phase: f64,
    /// How readily the account reacts to others (a weight when reactors are drawn).
    pub activity: f64,
}

impl Persona {
    /// Posts on organic day `day`: a steady schedule, `rate` per day on average.
    pub fn posts_on(&self, day: u32) -> u32 {
        let d = f64::from(day);
        let before = (d * self.rate + self.phase).floor();
        let after = ((d + 1.0) * self.rate + self.phase).floor();
        (after - before) as u32
    }

    pub fn has_topic(&self, topic: usize) -> bool {
        self.topics.contains(&topic)
    }

    pub fn topic_names(&self) -> Vec<&'static str> {
        self.topics.iter().map(|&t| TOPICS[t]).collect()
    }
}

/// The state of the organic process, kept so that a world can be extended.
#[derive(Debug, Clone)]
pub(super) struct Organic {
    personas: Vec<Persona>,
    index: HashMap<String, usize>,
    start: Instant,
    /// Organic days generated so far.
    days_done: u32,
    /// Reactor weights per topic: activity × affinity.
    reactors: Vec<Cdf>,
    /// Reactor weights per topic restricted to its members, for scripted reactions.
    members: Vec<Cdf>,
    /// Attention weights per topic, for follows and mentions: appeal × affinity.
    attention: Vec<Cdf>,
    /// Whether each persona has posted yet (its first post always gets a reaction).
    posted: Vec<bool>,
    /// The organic posts released so far, sorted by instant then id (for time-window queries).
    timeline: Vec<PostRef>,
}

/// Affinity of an account for a topic outside its own: reactions stay mostly within a community.
const CROSS_TOPIC: f64 = 0.04;
/// Share of organic posts that mention another account.
const MENTION_SHARE: f64 = 0.08;
/// Posting rates (per day) by popularity: the popular accounts are the steady, frequent posters.
const RATES_POPULAR: [f64; 4] = [1.0, 1.0, 0.5, 2.0];
const RATES_OTHERS: [f64; 8] = [
    1.0,
    0.5,
    1.0 / 3.0,
    2.0 / 7.0,
    2.0 / 7.0,
    1.0 / 7.0,
    1.0 / 7.0,
    1.0 / 7.0,
];
const ACTIVITIES: [f64; 5] = [0.5, 1.0, 1.0, 2.0, 4.0];

impl World {
    /// The organic base world: `accounts` accounts `org_000`, `org_001`, … active for `days` days
    /// ending at [`T0`] (no event at or after it; see [`World::extend_to`]).
    ///
    /// Each account has one or two topics, a language, a heavy-tailed popularity (expected
    /// reactions per post `1 + 60 / (rank + 3)`, so the top account draws about 20 per post and
    /// most draw one to three), a steady posting rate (twice a day to weekly; the popular accounts
    /// post often) and a reactivity. Follows are dated in the first two days, chosen by popularity
    /// mostly within topic, so followers are heavy-tailed. Each post draws its reactions (like,
    /// repost, reply, quote) from its topic's community weighted by reactivity, within 30 hours;
    /// some posts mention a popular account of the topic. Every account's first post gets at least
    /// one reaction, so every account is engaged with.
    pub fn organic(seed: u64, accounts: usize, days: u32) -> World {
        assert!(accounts >= 10, "an organic world needs a few accounts");
        let start = T0 - Instant::from(days) * DAY;
        let mut world = World::empty(seed);
        world.horizon = T0;
        let mut prng = rng(seed, STREAM_PERSONAS);
        let mut ranks: Vec<usize> = (0..accounts).collect();
        shuffle(&mut prng, &mut ranks);
        let popular = accounts.div_ceil(7);
        let mut personas = Vec::with_capacity(accounts);
        for (i, &rank) in ranks.iter().enumerate() {
            let main = pick(&mut prng, TOPICS.len());
            let mut topics = vec![main];
            if prng.random_bool(0.5) {
                let other = (main + 1 + pick(&mut prng, TOPICS.len() - 1)) % TOPICS.len();
                topics.push(other);
            }
            let lang = if prng.random_bool(0.7) { "fr" } else { "en" };
            let rate = if rank < popular {
                RATES_POPULAR[pick(&mut prng, RATES_POPULAR.len())]
            } else {
                RATES_OTHERS[pick(&mut prng, RATES_OTHERS.len())]
            };
            let handle = format!("org_{i:03}");
            let created_at = T0 - YEAR - between(&mut prng, 0, 4 * YEAR);
            world.accounts.push(AccountRecord {
                net: NET.to_owned(),
                handle: handle.clone(),
                lang: Some(lang.to_owned()),
                created_at: Some(created_at),
                ..AccountRecord::default()
            });
            personas.push(Persona {
                handle,
                topics,
                lang,
                rank,
                appeal: 1.0 + 60.0 / (rank as f64 + 3.0),
                rate,
                phase: prng.random::<f64>(),
                activity: ACTIVITIES[pick(&mut prng, ACTIVITIES.len())],
            });
        }
        let affinity = |p: &Persona, t: usize, cross: f64| if p.has_topic(t) { 1.0 } else { cross };
        let reactors = (0..TOPICS.len())
            .map(|t| Cdf::new(personas.iter().map(|p| p.activity * affinity(p, t, CROSS_TOPIC))))
            .collect();
        let members = (0..TOPICS.len())
            .map(|t| Cdf::new(personas.iter().map(|p| p.activity * affinity(p, t, 0.0))))
            .collect();
        let attention: Vec<Cdf> = (0..TOPICS.len())
            .map(|t| Cdf::new(personas.iter().map(|p| p.appeal * affinity(p, t, 0.1))))
            .collect();
        let index = personas
            .iter()
            .enumerate()
            .map(|(i, p)| (p.handle.clone(), i))
            .collect();
        // Follows at the start: each account follows 3 to 40 others (most follow few), chosen by
        // popularity within one of its topics.
        let mut frng = rng(seed, STREAM_FOLLOWS);
        for (i, p) in personas.iter().enumerate() {
            let u: f64 = frng.random();
            let k = 3 + (37.0 * u * u) as usize;
            let mut followed: Vec<usize> = Vec::with_capacity(k);
            let mut tries = 0;
            while followed.len() < k && tries < 40 * k {
                tries += 1;
                let topic = p.topics[pick(&mut frng, p.topics.len())];
                let j = attention[topic].draw(&mut frng);
                if j != i && !followed.contains(&j) {
                    followed.push(j);
                }
            }
            for j in followed {
                let at = between(&mut frng, start, start + 2 * DAY);
                let id = world.organic_id();
                let follow =
                    Event::new(id, NET, EventKind::Follow, p.handle.clone(), at).with_target(&personas[j].handle);
                world.push_organic(follow, None);
            }
        }
        world.organic = Some(Organic {
            posted: vec![false; personas.len()],
            timeline: Vec::new(),
            personas,
            index,
            start,
            days_done: 0,
            reactors,
            members,
            attention,
        });
        world.extend_to(T0);
        world
    }

    /// Continues the organic activity up to `until` (exclusive): releases the reactions already
    /// drawn that fall before it and simulates the days not simulated yet. Events before the old
    /// horizon are unchanged, so a world extended past T0 is the world at T0 plus later events.
    pub fn extend_to(&mut self, until: Instant) {
        let Some(mut organic) = self.organic.take() else {
            panic!("only an organic world can be extended");
        };
        assert!(until >= self.horizon, "a world cannot be shortened");
        self.horizon = until;
        let pending = std::mem::take(&mut self.pending);
        for (event, post) in pending {
            self.push_organic(event, post);
        }
        while organic.start + Instant::from(organic.days_done) * DAY < until {
            self.organic_day(&mut organic);
            organic.days_done += 1;
        }
        organic.timeline = self
            .posts
            .iter()
            .filter(|p| organic.index.contains_key(&p.author))
            .cloned()
            .collect();
        organic.timeline.sort_by(|a, b| (a.at, &a.id).cmp(&(b.at, &b.id)));
        self.organic = Some(organic);
    }

    /// One day of organic posts and the reactions they draw.
    fn organic_day(&mut self, organic: &mut Organic) {
        let day = organic.days_done;
        let mut rng = rng(self.seed, STREAM_DAYS + u64::from(day));
        let day_start = organic.start + Instant::from(day) * DAY;
        for (i, p) in organic.personas.iter().enumerate() {
            for _ in 0..p.posts_on(day) {
                let at = between(&mut rng, day_start + 7 * HOUR, day_start + 23 * HOUR);
                let main = if p.topics.len() == 2 && rng.random_bool(0.3) {
                    p.topics[1]
                } else {
                    p.topics[0]
                };
                let mut tags = vec![TOPICS[main]];
                if p.topics.len() == 2 && rng.random_bool(0.1) {
                    tags = p.topic_names();
                }
                let id = self.organic_id();
                let post = post_event(id, &p.handle, at, &tags, p.lang);
                let post_ref = PostRef::of(&post).expect("a post");
                self.push_organic(post, Some(post_ref.clone()));
                if rng.random_bool(MENTION_SHARE) {
                    let j = organic.attention[main].draw(&mut rng);
                    if j != i {
                        let mention = mention_event(self.organic_id(), &post_ref, &organic.personas[j].handle);
                        self.push_organic(mention, None);
                    }
                }
                let mut n = count_around(&mut rng, p.appeal) as usize;
                if !organic.posted[i] {
                    organic.posted[i] = true;
                    n = n.max(1);
                }
                for r in organic.reactors[main].draw_distinct(&mut rng, n, &[i]) {
                    let kind = organic_kind(&mut rng);
                    let u: f64 = rng.random();
                    let delay = 5 * MINUTE + (u * u * (30 * HOUR) as f64) as Instant;
                    let id = self.organic_id();
                    let event = reaction_event(id, kind, &organic.personas[r].handle, &post_ref, at + delay);
                    self.push_organic(event, None);
                }
            }
        }
    }

    fn push_organic(&mut self, event: Event, post: Option<PostRef>) {
        if event.at >= self.horizon {
            self.pending.push((event, post));
        } else {
            self.events.push(event);
            self.posts.extend(post);
        }
    }

    /// A fresh, unique id for an organic event.
    fn organic_id(&mut self) -> String {
        self.next_organic_id += 1;
        format!("o{:07}", self.next_organic_id)
    }

    /// Organic posts tagged `topic` (and none of `avoid`) in `[from, to)`, oldest first.
    pub fn organic_posts(&self, topic: &str, avoid: &[&str], from: Instant, to: Instant) -> Vec<PostRef> {
        let timeline = &self.organic.as_ref().expect("an organic world").timeline;
        let first = timeline.partition_point(|p| p.at < from);
        let end = timeline.partition_point(|p| p.at < to);
        timeline[first..end]
            .iter()
            .filter(|p| p.has_tag(topic) && !avoid.iter().any(|a| p.has_tag(a)))
            .cloned()
            .collect()
    }

    /// The organic accounts' traits, in handle order.
    pub fn personas(&self) -> &[Persona] {
        &self.organic.as_ref().expect("an organic world").personas
    }

    pub fn persona(&self, handle: &str) -> &Persona {
        let organic = self.organic.as_ref().expect("an organic world");
        &organic.personas[organic.index[handle]]
    }

    /// Handles of the organic accounts, in handle order.
    pub fn organic_handles(&self) -> Vec<String> {
        self.personas().iter().map(|p| p.handle.clone()).collect()
    }

    /// Handles of the organic accounts of a topic community.
    pub fn community(&self, topic: &str) -> Vec<String> {
        let t = topic_index(topic);
        self.personas()
            .iter()
            .filter(|p| p.has_topic(t))
            .map(|p| p.handle.clone())
            .collect()
    }

    /// Up to `n` distinct members of `topic`'s community drawn by reactivity (as the organic
    /// reactions are, but never from outside the community), none of them in `exclude`.
    pub fn draw_reactors(&self, rng: &mut Rng, topic: &str, n: usize, exclude: &[&str]) -> Vec<String> {
        let organic = self.organic.as_ref().expect("an organic world");
        let excluded: Vec<usize> = exclude.iter().filter_map(|h| organic.index.get(*h).copied()).collect();
        organic.members[topic_index(topic)]
            .draw_distinct(rng, n, &excluded)
            .into_iter()
            .map(|i| organic.personas[i].handle.clone())
            .collect()
    }

    /// Up to `n` distinct organic accounts of `topic` drawn by popularity (as follows are).
    pub fn draw_popular(&self, rng: &mut Rng, topic: &str, n: usize, exclude: &[&str]) -> Vec<String> {
        let organic = self.organic.as_ref().expect("an organic world");
        let excluded: Vec<usize> = exclude.iter().filter_map(|h| organic.index.get(*h).copied()).collect();
        organic.attention[topic_index(topic)]
            .draw_distinct(rng, n, &excluded)
            .into_iter()
            .map(|i| organic.personas[i].handle.clone())
            .collect()
    }

    /// The organic accounts ordered by standing (engagement received before `until`), the least
    /// engaged-with first; ties by handle.
    pub fn standing(&self, until: Instant) -> Vec<String> {
        let received = self.received(until);
        let mut handles = self.organic_handles();
        let of = |h: &String| received.get(h).copied().unwrap_or(0.0);
        handles.sort_by(|a, b| of(a).total_cmp(&of(b)).then_with(|| a.cmp(b)));
        handles
    }
}
