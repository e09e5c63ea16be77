//! The accounts of a large stream: handles, interests and the three heavy-tailed traits, kept in
//! flat vectors (a few dozen bytes per account) and the samplers drawn from them.

use rand::RngExt;

use crate::names::SYLLABLES;
use crate::random::{DemoRng, Weighted, exp, index, ln, pareto};
use crate::stream::topics::TOPICS;
use crate::text::Lang;

/// An account, by its index.
pub(crate) type Account = u32;

/// No topic, in a byte.
pub(crate) const NO_TOPIC: u8 = u8::MAX;

/// Tail index of popularity (how much attention an account draws): measured follower and
/// in-degree distributions of social networks have tail indices between 1 and 1.5.
const POPULARITY_ALPHA: f64 = 1.2;
/// Tail index of posting activity: most accounts post a few times in three months, a few daily.
const ACTIVITY_ALPHA: f64 = 1.5;
/// Tail index of outreach, how often an account engages with others.
const OUTREACH_ALPHA: f64 = 1.6;
/// Share of accounts that never write original posts (they read, like, repost and follow).
const LURKER_SHARE: f64 = 0.35;
/// Share of accounts with a second interest.
const SECOND_TOPIC_SHARE: f64 = 0.4;
const ENGLISH_SHARE: f64 = 0.15;

/// Everyone in the stream, with the samplers the events are drawn from.
#[derive(Debug)]
pub(crate) struct Population {
    count: usize,
    /// Mixed into every handle's hash, so that each seed names its accounts differently.
    salt: u64,
    /// Relative chance of being followed, mentioned and engaged with.
    pub popularity: Vec<f64>,
    /// Indices into [`TOPICS`]: the first interest, and [`NO_TOPIC`] or a second.
    pub interests: Vec<[u8; 2]>,
    pub langs: Vec<Lang>,
    /// Authors of original posts, by activity.
    pub writers: Weighted,
    /// Everyone, by outreach.
    pub engagers: Weighted,
    /// Everyone, by popularity.
    pub popular: Weighted,
    /// Per topic, the accounts interested in it by outreach, and by popularity.
    pub topic_engagers: Vec<Weighted>,
    pub topic_popular: Vec<Weighted>,
}

impl Population {
    pub(crate) fn build(count: usize, rng: &mut DemoRng) -> Population {
        // A soft ceiling (`x ↦ x·C / (x + C)`) keeps the largest draw from eclipsing everyone: an
        // audience is bounded by the size of the community, which a pure Pareto law ignores.
        let ceiling = (count as f64 / 20.0).max(400.0);
        let topic_weights = Weighted::new((0u32..).zip(TOPICS.iter().map(|t| t.share)));
        let salt = rng.random::<u64>();
        let mut popularity = Vec::with_capacity(count);
        let mut activity = Vec::with_capacity(count);
        let mut outreach = Vec::with_capacity(count);
        let mut interests = Vec::with_capacity(count);
        let mut langs = Vec::with_capacity(count);
        let mut members: Vec<Vec<Account>> = vec![Vec::new(); TOPICS.len()];
        for a in 0..count as Account {
            let first = topic_weights.sample(rng).unwrap_or(0) as usize;
            let second = if rng.random_bool(SECOND_TOPIC_SHARE) {
                // Any other topic, uniformly: interests cross freely.
                ((first + 1 + index(rng, TOPICS.len() - 1)) % TOPICS.len()) as u8
            } else {
                NO_TOPIC
            };
            members[first].push(a);
            if second != NO_TOPIC {
                members[usize::from(second)].push(a);
            }
            interests.push([first as u8, second]);
            langs.push(if rng.random_bool(ENGLISH_SHARE) {
                Lang::En
            } else {
                Lang::Fr
            });
            let raw = pareto(rng, POPULARITY_ALPHA, 1.0);
            let p = raw * ceiling / (raw + ceiling);
            popularity.push(p);
            // Popular accounts tend to post more, but only loosely.
            activity.push(if rng.random_bool(LURKER_SHARE) {
                0.0
            } else {
                pareto(rng, ACTIVITY_ALPHA, 1.0) * exp(0.3 * ln(p))
            });
            outreach.push(pareto(rng, OUTREACH_ALPHA, 1.0));
        }
        let everyone = |weights: &[f64]| Weighted::new((0..).zip(weights.iter().copied()));
        let within = |weights: &[f64]| -> Vec<Weighted> {
            members
                .iter()
                .map(|m| Weighted::new(m.iter().map(|&a| (a, weights[a as usize]))))
                .collect()
        };
        Population {
            writers: everyone(&activity),
            engagers: everyone(&outreach),
            popular: everyone(&popularity),
            topic_engagers: within(&outreach),
            topic_popular: within(&popularity),
            count,
            salt,
            popularity,
            interests,
            langs,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.count
    }

    /// Appends account `a`'s handle to `out`: a word of two to four syllables, read from a hash
    /// of the index, then the index itself, which makes handles unique by construction. Handles
    /// are computed rather than stored: fetching one of a million scattered strings per event
    /// cost more than making it.
    pub(crate) fn push_handle(&self, a: Account, out: &mut String) {
        let mut bits = mix(self.salt ^ u64::from(a));
        // Mostly three syllables, as the demo's handles.
        let syllables = match bits % 20 {
            0..=2 => 2,
            3..=13 => 3,
            _ => 4,
        };
        bits /= 20;
        let n = SYLLABLES.len() as u64;
        for _ in 0..syllables {
            out.push_str(SYLLABLES[(bits % n) as usize]);
            bits /= n;
        }
        let mut digits = [0u8; 10];
        let (mut used, mut rest) = (0, a);
        loop {
            digits[used] = b'0' + (rest % 10) as u8;
            rest /= 10;
            used += 1;
            if rest == 0 {
                break;
            }
        }
        out.extend(digits[..used].iter().rev().map(|&d| char::from(d)));
    }

    /// One of the account's interests, uniformly.
    pub(crate) fn some_topic(&self, a: Account, rng: &mut DemoRng) -> u8 {
        match self.interests[a as usize] {
            [first, NO_TOPIC] => first,
            [first, second] => {
                if rng.random_bool(0.5) {
                    first
                } else {
                    second
                }
            }
        }
    }

    /// Any account but `not`, uniformly (the last resort when weighted draws keep failing).
    pub(crate) fn other_than(&self, not: Account, rng: &mut DemoRng) -> Account {
        let n = self.len() as u64;
        ((u64::from(not) + 1 + rng.random_range(0..n - 1)) % n) as Account
    }
}

/// SplitMix64's finaliser: every input bit moves every output bit.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::random::{Phase, stream};

    #[test]
    fn handles_are_unique_and_traits_heavy_tailed() {
        let population = Population::build(20_000, &mut stream(1, Phase::StreamAccounts));
        let handle = |a| {
            let mut h = String::new();
            population.push_handle(a, &mut h);
            h
        };
        let handles: HashSet<String> = (0..20_000).map(handle).collect();
        assert_eq!(handle(7), handle(7));
        assert_eq!(handles.len(), 20_000);
        assert!(handles.iter().all(|h| h.bytes().all(|b| b.is_ascii_alphanumeric())));
        let mut popularity = population.popularity.clone();
        popularity.sort_by(|a, b| b.total_cmp(a));
        let top: f64 = popularity[..200].iter().sum();
        let all: f64 = popularity.iter().sum();
        // A Pareto law of index 1.2 gives the top 1 % about 40 % of the total.
        assert!(top / all > 0.25, "top 1 % hold {:.2} of the popularity", top / all);
        assert!(
            population
                .topic_engagers
                .iter()
                .all(|s| s.sample(&mut stream(2, Phase::StreamEvents)).is_some())
        );
    }
}
