//! Small random worlds for property tests over many seeds ([`World::small`]).

use std::collections::BTreeSet;

use rand::RngExt;
use sillage_model::{Event, EventKind, Instant};

use super::*;

impl World {
    /// A small random world for property tests over many seeds: `accounts` accounts `u00`, `u01`,
    /// … and exactly `events` events over the 60 days before T0 — posts, the four reactions (to an
    /// earlier post, sometimes the actor's own), standalone mentions (sometimes of oneself),
    /// follows and unfollows (mostly of a followed account). About 80 % of the accounts have a
    /// record; of those one in four is opted out and one in eight says `opt_out: false`.
    pub fn small(seed: u64, accounts: usize, events: usize) -> World {
        assert!(accounts >= 2 && events >= 1);
        let mut world = World::empty(seed);
        let mut rng = rng(seed, STREAM_SMALL);
        let handles: Vec<String> = (0..accounts).map(|i| format!("u{i:02}")).collect();
        for h in &handles {
            if rng.random_bool(0.8) {
                let created_at = T0 - YEAR - between(&mut rng, 0, 4 * YEAR);
                let opt_out = match pick(&mut rng, 8) {
                    0 | 1 => Some(true),
                    2 => Some(false),
                    _ => None,
                };
                world.add_account(h, created_at).opt_out = opt_out;
            }
        }
        let mut times: Vec<Instant> = (0..events).map(|_| between(&mut rng, T0 - 60 * DAY, T0)).collect();
        times.sort_unstable();
        let mut follows: BTreeSet<(usize, usize)> = BTreeSet::new();
        for at in times {
            let actor = pick(&mut rng, accounts);
            let x: f64 = rng.random();
            let tag = TOPICS[pick(&mut rng, TOPICS.len())];
            let lang = if rng.random_bool(0.5) { "fr" } else { "en" };
            let earlier: Vec<&PostRef> = world.posts.iter().filter(|p| p.at < at).collect();
            if x < 0.28 || (x < 0.58 && earlier.is_empty()) {
                world.post(&handles[actor], at, &[tag], lang);
            } else if x < 0.58 {
                let kind = [
                    EventKind::Like,
                    EventKind::Like,
                    EventKind::Repost,
                    EventKind::Reply,
                    EventKind::Quote,
                ][pick(&mut rng, 5)];
                let post = earlier[pick(&mut rng, earlier.len())].clone();
                // One reaction in ten is to the actor's own post (when it has one).
                let own: Vec<&&PostRef> = earlier.iter().filter(|p| p.author == handles[actor]).collect();
                let post = if rng.random_bool(0.1) && !own.is_empty() {
                    (*own[pick(&mut rng, own.len())]).clone()
                } else {
                    post
                };
                world.react(kind, &handles[actor], &post, at);
            } else if x < 0.70 {
                let target = if rng.random_bool(0.1) {
                    actor
                } else {
                    pick(&mut rng, accounts)
                };
                let id = world.fresh_id();
                let mut e = Event::new(id, NET, EventKind::Mention, handles[actor].clone(), at)
                    .with_target(handles[target].clone());
                e.tags = vec![tag.to_owned()];
                world.events.push(e);
            } else if x < 0.88 {
                let target = if rng.random_bool(0.05) {
                    actor
                } else {
                    pick(&mut rng, accounts)
                };
                follows.insert((actor, target));
                world.follow(&handles[actor], &handles[target], at);
            } else {
                let mine: Vec<usize> = follows.iter().filter(|(a, _)| *a == actor).map(|(_, t)| *t).collect();
                let target = if !mine.is_empty() && rng.random_bool(0.8) {
                    mine[pick(&mut rng, mine.len())]
                } else {
                    pick(&mut rng, accounts)
                };
                follows.remove(&(actor, target));
                world.unfollow(&handles[actor], &handles[target], at);
            }
        }
        world
    }
}
