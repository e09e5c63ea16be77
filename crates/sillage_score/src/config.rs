//! Score parameters with their documented defaults (docs/SCORING.md).

use sillage_graph::PageRankConfig;
use sillage_model::{EventKind, HalfLife};

/// How much one engagement of each kind counts before decay. A repost or quote puts the
/// author's content before the engager's own audience; a reply is a conversation; a mention
/// points at someone without endorsing their content; a like is the cheapest signal.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
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

/// Everything a score computation depends on besides the events and the as-of instant.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoreConfig {
    pub half_life: HalfLife,
    pub pagerank: PageRankConfig,
    pub kind_weights: KindWeights,
}

impl ScoreConfig {
    /// 30 days: an engagement a month old counts half. Long enough that a week of silence
    /// moves little (P2), short enough that last season's fame fades.
    pub const DEFAULT_HALF_LIFE_SECONDS: f64 = 30.0 * 86_400.0;

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
}
