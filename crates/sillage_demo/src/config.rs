//! The demo's knobs (seed, community size, event count, period) and the period they describe.

use rand::RngExt;
use sillage_model::Instant;

use crate::random::{DemoRng, Weighted, exponential};

pub const DEFAULT_SEED: u64 = 2014;
pub const DEFAULT_ACCOUNTS: usize = 20_000;
pub const DEFAULT_EVENTS: usize = 500_000;
pub const DEFAULT_DAYS: u32 = 90;
/// 2026-06-01T00:00:00Z.
pub const DEFAULT_START: Instant = 1_780_272_000;

/// What to generate. Every field is a lower bound or a frame, never a failure: the generator
/// always produces a community, so the demo command has no configuration error to report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoConfig {
    /// Same seed (and same configuration), same events, bit for bit.
    pub seed: u64,
    /// At least this many distinct accounts appear in the events. Planted accounts count, and
    /// there are always at least [`MIN_ORDINARY_ACCOUNTS`](crate::MIN_ORDINARY_ACCOUNTS)
    /// ordinary ones.
    pub accounts: usize,
    /// At least this many events; the generator stops at the first engagement that reaches
    /// the count, so it overshoots by at most a couple of events. Planted behaviours (influencer
    /// posts, the ring's daily activity, the live-tweet) and one follow per account are always
    /// generated, so a very small count is exceeded by as much as they need.
    pub events: usize,
    /// Length of the period in days; 0 is read as 1.
    pub days: u32,
    /// First instant of the period; every event lies in `[start, start + days·86400)`.
    pub start: Instant,
}

impl Default for DemoConfig {
    fn default() -> Self {
        DemoConfig {
            seed: DEFAULT_SEED,
            accounts: DEFAULT_ACCOUNTS,
            events: DEFAULT_EVENTS,
            days: DEFAULT_DAYS,
            start: DEFAULT_START,
        }
    }
}

pub(crate) const DAY: i64 = 86_400;
pub(crate) const HOUR: i64 = 3_600;
pub(crate) const MINUTE: i64 = 60;

/// How busy each hour of the day (UTC) is. The community is French, so in summer (UTC+2) the
/// quiet hours are 22:00–05:00 UTC and the peaks are lunch and the evening, local time.
const HOURLY_ACTIVITY: [f64; 24] = [
    1.5, 0.8, 0.5, 0.4, 0.5, 1.2, 3.0, 5.0, 6.0, 6.0, 6.5, 8.0, //
    7.5, 6.0, 5.5, 6.0, 7.0, 8.5, 9.5, 10.0, 9.0, 6.5, 4.0, 2.5,
];

/// The period events fall in, with the time-of-day law used to place them.
#[derive(Debug, Clone)]
pub(crate) struct Period {
    pub start: Instant,
    pub days: u32,
    hours: Weighted,
}

impl Period {
    pub(crate) fn new(config: &DemoConfig) -> Period {
        let hours = Weighted::new((0u32..).zip(HOURLY_ACTIVITY));
        Period {
            start: config.start,
            days: config.days.max(1),
            hours,
        }
    }

    /// The first instant after the period.
    pub(crate) fn end(&self) -> Instant {
        self.start + i64::from(self.days) * DAY
    }

    #[cfg(test)]
    pub(crate) fn contains(&self, at: Instant) -> bool {
        (self.start..self.end()).contains(&at)
    }

    pub(crate) fn day_start(&self, day: u32) -> Instant {
        self.start + i64::from(day) * DAY
    }

    /// A moment of the given day, at an hour drawn from the daily rhythm.
    pub(crate) fn moment_on(&self, rng: &mut DemoRng, day: u32) -> Instant {
        let hour = i64::from(self.hours.sample(rng).unwrap_or(12));
        self.day_start(day) + hour * HOUR + rng.random_range(0..HOUR)
    }

    /// A moment anywhere in the period, following the daily rhythm.
    pub(crate) fn moment(&self, rng: &mut DemoRng) -> Instant {
        let day = rng.random_range(0..self.days);
        self.moment_on(rng, day)
    }
}

/// How long after a post a reaction comes: most within the first two hours, a tail of
/// latecomers over the following day or two. Never under a minute, so that a reaction always
/// comes strictly after what it reacts to.
pub(crate) fn reaction_delay(rng: &mut DemoRng) -> i64 {
    let mean = if rng.random_bool(0.85) { 100 * MINUTE } else { 14 * HOUR };
    MINUTE + exponential(rng, mean as f64) as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::{Phase, stream};

    #[test]
    fn default_start_is_the_first_of_june_2026() {
        assert_eq!(sillage_model::format_instant(DEFAULT_START), "2026-06-01T00:00:00Z");
    }

    #[test]
    fn moments_fall_in_the_period_and_mostly_in_the_daytime() {
        let config = DemoConfig {
            days: 3,
            ..DemoConfig::default()
        };
        let period = Period::new(&config);
        let mut rng = stream(1, Phase::Posts);
        let moments: Vec<Instant> = (0..10_000).map(|_| period.moment(&mut rng)).collect();
        assert!(moments.iter().all(|&at| period.contains(at)));
        let night = moments
            .iter()
            .filter(|&&at| (at - period.start) % DAY < 5 * HOUR)
            .count();
        assert!(night < 500, "{night} of 10000 moments between 00:00 and 05:00 UTC");
    }

    #[test]
    fn zero_days_reads_as_one() {
        let period = Period::new(&DemoConfig {
            days: 0,
            ..DemoConfig::default()
        });
        assert_eq!(period.end() - period.start, DAY);
    }
}
