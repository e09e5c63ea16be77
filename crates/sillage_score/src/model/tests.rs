//! Properties of the whole model on random populations.

use proptest::prelude::*;
use sillage_model::EventKind;

use super::*;
use crate::ScoreConfig;

const DAY: i64 = 86_400;
const AS_OF: i64 = 1_000 * DAY;

fn arb_input() -> impl Strategy<Value = ModelInput> {
    (2usize..12).prop_flat_map(|n| {
        let accounts = proptest::collection::vec(
            (
                any::<bool>(),
                proptest::option::of(0i64..60),
                proptest::option::of(0u64..500),
                0u8..10,
            ),
            n,
        );
        let events = proptest::collection::vec(
            (
                0..n as u32,
                0..n as u32 + 1,
                0u8..8,
                0i64..120,
                0u32..6,
                0u32..6,
                0u8..4,
                0u8..4,
            ),
            0..120,
        );
        (accounts, events).prop_map(move |(accounts, events)| {
            let accounts = accounts
                .into_iter()
                .map(|(shown, age, followers, trusted)| AccountFacts {
                    created_at: age.map(|a| AS_OF - a * DAY),
                    reported_followers: followers,
                    reported_following: None,
                    shown: shown || trusted == 0,
                    trusted: trusted == 1,
                })
                .collect();
            let events = events
                .into_iter()
                .enumerate()
                .map(|(i, (actor, target, kind, age, post, parent, topics, hours))| {
                    let kind = EventKind::from_code(kind).unwrap();
                    let target = if kind == EventKind::Post || target as usize == n {
                        NO_ACCOUNT
                    } else {
                        target
                    };
                    ModelEvent {
                        actor,
                        target,
                        kind,
                        at: AS_OF - age * DAY - i64::from(hours) * 3_600,
                        post: if post < 4 { post } else { NO_CONTENT },
                        parent: if parent < 4 { parent } else { NO_CONTENT },
                        topics: u128::from(topics),
                        origin: i as u64,
                    }
                })
                .collect();
            ModelInput {
                as_of: AS_OF,
                accounts,
                events,
                topic_count: 2,
            }
        })
    })
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1e-12)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// P1: every shown account's ledger adds up: lines to each component, components to the score.
    #[test]
    fn ledgers_add_up(input in arb_input()) {
        let m = compute(input, &ScoreConfig::default());
        for v in 0..m.facts.len() as u32 {
            let Some(ledger) = m.ledger(v) else {
                prop_assert!(!m.facts[v as usize].shown);
                continue;
            };
            prop_assert!(close(ledger.total(), ledger.score), "score {} vs {}", ledger.total(), ledger.score);
            for c in &ledger.components {
                let points: f64 = c.lines.iter().map(|l| l.points).sum();
                if c.value > 0.0 {
                    prop_assert!(close(points, c.value), "{:?}: {} vs {}", c.component, points, c.value);
                } else {
                    prop_assert!(points == 0.0);
                }
                let score_points: f64 = c.lines.iter().map(|l| l.score_points).sum();
                prop_assert!(c.lines.is_empty() || close(score_points, c.score_points));
                prop_assert!(c.lines.iter().all(|l| l.points >= 0.0 && l.discounts.iter().all(|d| d.factor < 1.0)));
            }
        }
    }

    /// P8: the order of the input changes nothing, bit for bit.
    #[test]
    fn input_order_changes_nothing(input in arb_input(), seed in any::<u64>()) {
        let mut shuffled = input.clone();
        let mut x = seed | 1;
        for i in (1..shuffled.events.len()).rev() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            shuffled.events.swap(i, (x % (i as u64 + 1)) as usize);
        }
        let a = compute(input, &ScoreConfig::default());
        let b = compute(shuffled, &ScoreConfig::default());
        prop_assert_eq!(&a.accounts, &b.accounts);
        prop_assert_eq!(&a.topics, &b.topics);
    }

    /// Scores stay within their ranges; hidden accounts get none.
    #[test]
    fn values_are_in_range(input in arb_input()) {
        let m = compute(input, &ScoreConfig::default());
        for (a, f) in m.accounts.iter().zip(&m.facts) {
            prop_assert_eq!(a.score.is_some(), f.shown);
            if let (Some(s), Some(v)) = (a.score, a.values) {
                prop_assert!((1.0..=100.0).contains(&s));
                prop_assert!(v.iter().all(|x| (0.0..=100.0).contains(x)));
            }
            prop_assert!((1..=12).contains(&a.outreach_level));
        }
        let total: f64 = m.authority.ranks.iter().sum();
        prop_assert!(m.authority.ranks.is_empty() || (total - 1.0).abs() < 1e-9);
    }
}

fn engagement(actor: u32, target: u32, kind: EventKind, at: i64, origin: u64) -> ModelEvent {
    ModelEvent {
        actor,
        target,
        kind,
        at,
        post: NO_CONTENT,
        parent: NO_CONTENT,
        topics: 0,
        origin,
    }
}

/// A reactor that likes at an automated rate is discounted, and its likes are worth less to the
/// account it likes than the same likes from an ordinary account.
#[test]
fn automated_rate_reactors_count_less() {
    let facts = vec![
        AccountFacts {
            shown: true,
            ..AccountFacts::default()
        };
        104
    ];
    let mut events = Vec::new();
    let mut origin = 0;
    let mut push = |e: ModelEvent| {
        events.push(e);
    };
    // Account 0 likes 600 times in one day (100 accounts, 6 times each), account 1 likes 6 times;
    // each likes its own author (2 and 3) once among them.
    for i in 0..600u64 {
        push(engagement(
            0,
            4 + (i % 100) as u32,
            EventKind::Like,
            AS_OF - 3_600 + i as i64,
            i,
        ));
        origin = i;
    }
    push(engagement(0, 2, EventKind::Repost, AS_OF - 10, origin + 1));
    for k in 0..6u32 {
        push(engagement(
            1,
            4 + k,
            EventKind::Like,
            AS_OF - 100 - i64::from(k),
            origin + 2 + u64::from(k),
        ));
    }
    push(engagement(1, 3, EventKind::Repost, AS_OF - 10, origin + 10));
    let m = compute(
        ModelInput {
            as_of: AS_OF,
            accounts: facts,
            events,
            topic_count: 0,
        },
        &ScoreConfig::default(),
    );
    assert!(
        (m.trust[0].bot - (150.0f64 / 601.0).sqrt()).abs() < 1e-12,
        "601 engagements in one active day"
    );
    assert_eq!(m.trust[1].value, 1.0);
    let amp = Component::Amplification.index();
    assert!(m.accounts[2].raw[amp] < m.accounts[3].raw[amp]);
    let ledger = m.ledger(2).unwrap();
    let line = &ledger.components[amp].lines[0];
    assert!(line.discounts.iter().any(|d| d.rule == "automated-rate engager"));
}

/// Accounts on the trusted list seed the teleport: their endorsement lifts an author more than the
/// same endorsement from an unlisted account.
#[test]
fn the_trusted_list_seeds_authority() {
    let facts = |trusted: bool| {
        let mut f = vec![
            AccountFacts {
                shown: true,
                ..AccountFacts::default()
            };
            6
        ];
        f[0].trusted = trusted;
        f
    };
    let events = vec![
        engagement(0, 2, EventKind::Repost, AS_OF, 0),
        engagement(1, 3, EventKind::Repost, AS_OF, 1),
        engagement(4, 5, EventKind::Repost, AS_OF, 2),
    ];
    let run = |trusted: bool| {
        compute(
            ModelInput {
                as_of: AS_OF,
                accounts: facts(trusted),
                events: events.clone(),
                topic_count: 0,
            },
            &ScoreConfig::default(),
        )
    };
    let (plain, seeded) = (run(false), run(true));
    assert_eq!(
        plain.authority.ranks[2], plain.authority.ranks[3],
        "symmetric without a list"
    );
    assert!(seeded.authority.ranks[2] > seeded.authority.ranks[3]);
    assert!(seeded.trust[0].trusted && seeded.trust[0].reasons().is_empty());
}
