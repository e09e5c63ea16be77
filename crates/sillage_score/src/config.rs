//! Score parameters with their documented defaults (docs/SCORING.md).

use sillage_graph::PageRankConfig;
use sillage_model::{EventKind, HalfLife};

/// How much one engagement of each kind counts before decay. A repost or quote puts the
/// author's content before the engager's own audience; a reply is a conversation; a mention
/// points at someone without endorsing their content; a like is the cheapest signal.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct KindWeights {
    pub repost: f64,
    pub quote: f64,
    pub reply: f64,
    pub mention: f64,
    pub like: f64,
}

impl KindWeights {
    pub const DEFAULT_REPOST: f64 = 1.0;
    pub const DEFAULT_QUOTE: f64 = 1.0;
    pub const DEFAULT_REPLY: f64 = 0.8;
    pub const DEFAULT_MENTION: f64 = 0.6;
    pub const DEFAULT_LIKE: f64 = 0.4;

    /// The weight of a kind; 0 for kinds that are not engagements (post, follow, unfollow).
    pub fn of(&self, kind: EventKind) -> f64 {
        match kind {
            EventKind::Repost => self.repost,
            EventKind::Quote => self.quote,
            EventKind::Reply => self.reply,
            EventKind::Mention => self.mention,
            EventKind::Like => self.like,
            EventKind::Post | EventKind::Follow | EventKind::Unfollow => 0.0,
        }
    }
}

impl Default for KindWeights {
    fn default() -> Self {
        KindWeights {
            repost: Self::DEFAULT_REPOST,
            quote: Self::DEFAULT_QUOTE,
            reply: Self::DEFAULT_REPLY,
            mention: Self::DEFAULT_MENTION,
            like: Self::DEFAULT_LIKE,
        }
    }
}

/// How the overall score weighs the components (they are renormalised over the components that
/// have data in the population, see `docs/SCORING.md`).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ComponentWeights {
    pub authority: f64,
    pub reach: f64,
    pub amplification: f64,
    pub activity: f64,
    pub outreach: f64,
}

impl Default for ComponentWeights {
    /// Authority first (who engages with you, recursively), then how your posts are picked up,
    /// then the receptive audience, then regular presence. Outreach (how much you engage others)
    /// is shown with its level, as Kred did, but does not make anyone influential.
    fn default() -> Self {
        ComponentWeights {
            authority: 0.45,
            reach: 0.20,
            amplification: 0.25,
            activity: 0.10,
            outreach: 0.0,
        }
    }
}

impl ComponentWeights {
    pub fn as_array(&self) -> [f64; 5] {
        [
            self.authority,
            self.reach,
            self.amplification,
            self.activity,
            self.outreach,
        ]
    }
}

/// The manipulation-resistance rules: who is trusted, how floods and repeats are damped.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TrustParams {
    /// Engagements per active day above which a reactor looks automated; its trust is
    /// `sqrt(bot_rate / rate)` beyond it.
    pub bot_rate: f64,
    /// Ring rule: in a strongly connected group of the engagement graph, the share of its
    /// members' received engagement that comes from inside the group (insularity), where the
    /// discount starts and where it is complete...
    pub ring_insularity_start: f64,
    pub ring_insularity_full: f64,
    /// ...the group's size where it starts and is complete...
    pub ring_size_start: f64,
    pub ring_size_full: f64,
    /// ...and the largest group a ring can be, as a share of the largest group of all (the
    /// population's organic core is never a ring).
    pub ring_max_share: f64,
    /// Accounts younger than this (from `created_at`, when known) are trusted progressively.
    pub fresh_days: f64,
    /// The trust of an account created at the as-of instant.
    pub fresh_floor: f64,
    /// With a trusted list, the share of the teleport that goes to the listed accounts.
    pub trusted_share: f64,
}

impl Default for TrustParams {
    fn default() -> Self {
        TrustParams {
            bot_rate: 150.0,
            ring_insularity_start: 0.8,
            ring_insularity_full: 0.95,
            ring_size_start: 3.0,
            ring_size_full: 10.0,
            ring_max_share: 0.25,
            fresh_days: 30.0,
            fresh_floor: 0.25,
            trusted_share: 0.5,
        }
    }
}

/// Burst damping: a day's reactions to one author beyond `max(floor, multiple × the author's
/// daily average over the previous `baseline_days`, as counted after damping)` count as
/// `threshold · (total / threshold)^exponent`.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BurstParams {
    pub floor: f64,
    pub multiple: f64,
    pub baseline_days: u32,
    pub exponent: f64,
}

impl Default for BurstParams {
    fn default() -> Self {
        BurstParams {
            floor: 30.0,
            multiple: 3.0,
            baseline_days: 14,
            exponent: 0.5,
        }
    }
}

/// The remaining constants of the components.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ComponentParams {
    /// Repeated engagement of one account with another saturates: `x` up to `scale`, then
    /// `scale · (1 + ln(x / scale))`.
    pub repeat_scale: f64,
    /// Amplification divides by the author's (decayed) posts plus this prior.
    pub posts_prior: f64,
    /// A follower the account follows back counts this much (reciprocity is not interest).
    pub follow_back_weight: f64,
    /// A follower who follows more accounts than this counts `attention_following / following`.
    pub attention_following: f64,
    /// A follower's activity weight is `a / (a + activity_half)`, `a` its decayed active days.
    pub activity_half: f64,
    /// Activity: a week counts fully from this many active days.
    pub days_per_week: f64,
}

impl Default for ComponentParams {
    fn default() -> Self {
        ComponentParams {
            repeat_scale: 1.0,
            posts_prior: 1.0,
            follow_back_weight: 0.5,
            attention_following: 1000.0,
            activity_half: 2.0,
            days_per_week: 2.0,
        }
    }
}

/// Everything a score computation depends on besides the events and the as-of instant.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoreConfig {
    pub half_life: HalfLife,
    pub pagerank: PageRankConfig,
    pub kind_weights: KindWeights,
    pub weights: ComponentWeights,
    pub trust: TrustParams,
    pub burst: BurstParams,
    pub components: ComponentParams,
}

impl ScoreConfig {
    /// 45 days: an engagement a month and a half old counts half. Long enough that a week of
    /// silence moves an overall score by at most two points (P2, tested), short enough that last
    /// season's fame fades.
    pub const DEFAULT_HALF_LIFE_SECONDS: f64 = 45.0 * 86_400.0;

    pub fn validate(self) -> Result<ScoreConfig, ConfigError> {
        self.pagerank.validate()?;
        let w = self.kind_weights;
        for (name, value) in [
            ("repost", w.repost),
            ("quote", w.quote),
            ("reply", w.reply),
            ("mention", w.mention),
            ("like", w.like),
        ] {
            if !(value.is_finite() && value >= 0.0) {
                return Err(ConfigError::KindWeight { kind: name, value });
            }
        }
        let c = self.weights;
        let total: f64 = c.as_array().iter().sum();
        if c.as_array().iter().any(|x| !(x.is_finite() && *x >= 0.0))
            || total.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater)
        {
            return Err(ConfigError::Parameter {
                name: "component weights",
                reason: "must be non-negative with a positive sum",
            });
        }
        let t = self.trust;
        let positive = [
            ("bot_rate", t.bot_rate),
            ("ring_size_full", t.ring_size_full),
            ("fresh_days", t.fresh_days),
            ("burst floor", self.burst.floor),
            ("burst multiple", self.burst.multiple),
            ("repeat_scale", self.components.repeat_scale),
            ("posts_prior", self.components.posts_prior),
            ("attention_following", self.components.attention_following),
            ("activity_half", self.components.activity_half),
            ("days_per_week", self.components.days_per_week),
        ];
        for (name, value) in positive {
            if !(value.is_finite() && value > 0.0) {
                return Err(ConfigError::Parameter {
                    name,
                    reason: "must be a positive number",
                });
            }
        }
        let shares = [
            ("ring_insularity_start", t.ring_insularity_start),
            ("ring_insularity_full", t.ring_insularity_full),
            ("ring_max_share", t.ring_max_share),
            ("fresh_floor", t.fresh_floor),
            ("trusted_share", t.trusted_share),
            ("burst exponent", self.burst.exponent),
            ("follow_back_weight", self.components.follow_back_weight),
        ];
        for (name, value) in shares {
            if !(0.0..=1.0).contains(&value) {
                return Err(ConfigError::Parameter {
                    name,
                    reason: "must be between 0 and 1",
                });
            }
        }
        if t.ring_insularity_full <= t.ring_insularity_start || t.ring_size_full <= t.ring_size_start {
            return Err(ConfigError::Parameter {
                name: "ring rule",
                reason: "the full discount must start after the first",
            });
        }
        Ok(self)
    }
}

impl Default for ScoreConfig {
    fn default() -> Self {
        ScoreConfig {
            half_life: HalfLife::from_seconds(Self::DEFAULT_HALF_LIFE_SECONDS)
                .expect("the default half-life is positive"),
            pagerank: PageRankConfig::default(),
            kind_weights: KindWeights::default(),
            weights: ComponentWeights::default(),
            trust: TrustParams::default(),
            burst: BurstParams::default(),
            components: ComponentParams::default(),
        }
    }
}

/// A score parameter outside its domain.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ConfigError {
    #[error(transparent)]
    PageRank(#[from] sillage_graph::ConfigError),
    #[error("the weight of {kind} must be a non-negative number, got {value}")]
    KindWeight { kind: &'static str, value: f64 },
    #[error("{name} {reason}")]
    Parameter { name: &'static str, reason: &'static str },
}
