//! Trust: how much an account's engagement is believed, from evidence that needs no recursion.
//!
//! `trust = bot · ring · fresh`, each factor in [0, 1]:
//! - **bot**: an account that engages more than `bot_rate` times per active day looks automated;
//!   its factor is `sqrt(bot_rate / rate)` beyond that rate.
//! - **ring**: the members of an insular group amplify inside a closed circle. Groups are the
//!   strongly connected components of the amplification graph (reposts, quotes, likes: everyone in
//!   a group reaches everyone else by amplifications); a group's insularity is the share of its
//!   members' received amplification weight that comes from inside it. The factor is `1 − s · p`, `s` rising linearly from 0 to 1
//!   as insularity goes from `ring_insularity_start` to `ring_insularity_full`, `p` as the group's
//!   size goes from `ring_size_start` to `ring_size_full`; groups larger than `ring_max_share` of
//!   the largest group (the population's organic core) are never rings.
//! - **fresh**: an account created `age` days before the as-of instant, when `created_at` is
//!   known, is trusted `fresh_floor + (1 − fresh_floor) · age / fresh_days` up to `fresh_days`.
//!
//! Accounts on the user's trusted list have trust 1 whatever the evidence.

use crate::config::TrustParams;

/// One account's trust and the factors it is made of.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Trust {
    pub value: f64,
    pub bot: f64,
    pub ring: f64,
    pub fresh: f64,
    pub trusted: bool,
}

impl Trust {
    pub const FULL: Trust = Trust {
        value: 1.0,
        bot: 1.0,
        ring: 1.0,
        fresh: 1.0,
        trusted: false,
    };

    /// The plain-language reasons for a trust below 1.
    pub fn reasons(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.trusted {
            return out;
        }
        if self.bot < 1.0 {
            out.push("engages at an automated rate");
        }
        if self.ring < 1.0 {
            out.push("member of an insular group that mostly amplifies itself (ring-like)");
        }
        if self.fresh < 1.0 {
            out.push("recently created account");
        }
        out
    }
}

/// The evidence about one account.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Evidence {
    pub engagements: u64,
    pub active_days: u64,
    /// The account's group: its size, its insularity, and whether it may be a ring at all.
    pub group_size: u64,
    pub insularity: f64,
    pub ring_candidate: bool,
    /// Seconds between creation and the as-of instant, when known.
    pub age: Option<i64>,
    pub trusted: bool,
}

fn ramp(x: f64, start: f64, full: f64) -> f64 {
    ((x - start) / (full - start)).clamp(0.0, 1.0)
}

pub(crate) fn trust(e: &Evidence, p: &TrustParams) -> Trust {
    if e.trusted {
        return Trust {
            trusted: true,
            ..Trust::FULL
        };
    }
    let rate = e.engagements as f64 / e.active_days.max(1) as f64;
    let bot = if rate > p.bot_rate {
        (p.bot_rate / rate).sqrt()
    } else {
        1.0
    };
    let ring = if e.ring_candidate {
        let insular = ramp(e.insularity, p.ring_insularity_start, p.ring_insularity_full);
        let size = ramp(e.group_size as f64, p.ring_size_start, p.ring_size_full);
        1.0 - insular * size
    } else {
        1.0
    };
    let fresh = match e.age {
        Some(age) => {
            let days = age.max(0) as f64 / 86_400.0;
            if days >= p.fresh_days {
                1.0
            } else {
                p.fresh_floor + (1.0 - p.fresh_floor) * days / p.fresh_days
            }
        }
        None => 1.0,
    };
    Trust {
        value: bot * ring * fresh,
        bot,
        ring,
        fresh,
        trusted: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evidence() -> Evidence {
        Evidence {
            engagements: 20,
            active_days: 10,
            group_size: 1,
            insularity: 0.0,
            ring_candidate: false,
            age: None,
            trusted: false,
        }
    }

    #[test]
    fn ordinary_accounts_are_fully_trusted() {
        assert_eq!(trust(&evidence(), &TrustParams::default()), Trust::FULL);
    }

    #[test]
    fn each_rule_discounts_on_its_own() {
        let p = TrustParams::default();
        let bot = trust(
            &Evidence {
                engagements: 600 * 10,
                ..evidence()
            },
            &p,
        );
        assert!((bot.value - 0.5).abs() < 1e-12, "600 a day is 4× the rate: sqrt(1/4)");
        let ring = trust(
            &Evidence {
                group_size: 40,
                insularity: 0.99,
                ring_candidate: true,
                ..evidence()
            },
            &p,
        );
        assert_eq!(ring.value, 0.0);
        assert_eq!(
            ring.reasons(),
            vec!["member of an insular group that mostly amplifies itself (ring-like)"]
        );
        let half_ring = trust(
            &Evidence {
                group_size: 40,
                insularity: 0.875,
                ring_candidate: true,
                ..evidence()
            },
            &p,
        );
        assert!((half_ring.value - 0.5).abs() < 1e-12);
        let core = trust(
            &Evidence {
                group_size: 40,
                insularity: 1.0,
                ring_candidate: false,
                ..evidence()
            },
            &p,
        );
        assert_eq!(core.value, 1.0, "the organic core is never a ring");
        let fresh = trust(
            &Evidence {
                age: Some(15 * 86_400),
                ..evidence()
            },
            &p,
        );
        assert!((fresh.value - (0.25 + 0.75 * 0.5)).abs() < 1e-12);
        let listed = trust(
            &Evidence {
                engagements: 100_000,
                trusted: true,
                ..evidence()
            },
            &p,
        );
        assert_eq!(listed.value, 1.0);
    }
}
