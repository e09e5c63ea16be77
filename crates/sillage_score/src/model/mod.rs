//! The complete score model: five components, the overall score, per-topic authority, and the
//! state the ledger needs to list every event's points. `docs/SCORING.md` states every formula.
//!
//! The computation is a pure function of a [`ModelInput`] and a [`ScoreConfig`]. Events are
//! first put in a canonical order, and every sum runs in that order, so the same events give the
//! same scores bit for bit whatever the order they came in (P8).

mod compute;
mod input;
mod ledger;
mod scale;
mod trust;

pub use compute::{AccountResult, Model, TopicResult, TopicScore, compute};
pub use input::{AccountFacts, MAX_TOPICS, ModelEvent, ModelInput, NO_ACCOUNT, NO_CONTENT};
pub use ledger::{Discount, Ledger, LedgerComponent, LedgerLine, LineSource};
pub use scale::Scale;
pub use trust::Trust;

/// The components of the score, in the order of every per-component array.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Component {
    Authority,
    Reach,
    Amplification,
    Activity,
    Outreach,
}

impl Component {
    pub const ALL: [Component; 5] = [
        Component::Authority,
        Component::Reach,
        Component::Amplification,
        Component::Activity,
        Component::Outreach,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Component::Authority => "authority",
            Component::Reach => "reach",
            Component::Amplification => "amplification",
            Component::Activity => "activity",
            Component::Outreach => "outreach",
        }
    }
}

/// Repeated engagement saturates: `x` up to `c`, then `c · (1 + ln(x / c))`. A single
/// engagement counts in full; beyond it, each doubling adds the same (continuous, with a
/// continuous slope).
pub fn saturate(x: f64, scale: f64) -> f64 {
    if x <= scale {
        x
    } else {
        scale * (1.0 + (x / scale).ln())
    }
}

/// The UTC day of an instant.
pub(crate) fn day_of(at: sillage_model::Instant) -> i64 {
    at.div_euclid(86_400)
}

#[cfg(test)]
mod tests;
