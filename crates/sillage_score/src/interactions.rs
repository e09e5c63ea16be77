//! From engagements to the weighted, decayed account graph.

use sillage_graph::{Csr, Edge};
use sillage_model::{EventKind, Instant};

use crate::ScoreConfig;

/// One engagement of `engager` with `author` (compact ids), as read from the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interaction {
    pub engager: u32,
    pub author: u32,
    pub kind: EventKind,
    pub at: Instant,
}

/// The weight an engagement carries as of `as_of`: its kind's weight, halved every half-life.
/// Zero for events after `as_of`, for self-interactions' kinds that are not engagements, and
/// for kinds whose weight is zero.
pub fn interaction_weight(config: &ScoreConfig, kind: EventKind, at: Instant, as_of: Instant) -> f64 {
    if at > as_of {
        return 0.0;
    }
    config.kind_weights.of(kind) * config.half_life.decay(as_of - at)
}

/// Builds the engager → author graph on `nodes` accounts. Self-interactions, non-engagements
/// and events after `as_of` add nothing. The result does not depend on the order of the input.
pub fn build_graph(
    nodes: u32,
    interactions: impl IntoIterator<Item = Interaction>,
    as_of: Instant,
    config: &ScoreConfig,
) -> Csr {
    let edges = interactions
        .into_iter()
        .filter(|i| i.engager != i.author)
        .map(|i| Edge {
            source: i.engager,
            target: i.author,
            weight: interaction_weight(config, i.kind, i.at, as_of),
        })
        .filter(|e| e.weight > 0.0)
        .collect();
    Csr::from_edges(nodes, edges)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn i(engager: u32, author: u32, kind: EventKind, at: Instant) -> Interaction {
        Interaction {
            engager,
            author,
            kind,
            at,
        }
    }

    #[test]
    fn weights_decay_and_future_events_do_not_count() {
        let c = ScoreConfig::default();
        let month = 30 * 86_400;
        assert_eq!(interaction_weight(&c, EventKind::Repost, 100, 100), 1.0);
        assert!((interaction_weight(&c, EventKind::Repost, 0, month) - 0.5).abs() < 1e-12);
        assert!((interaction_weight(&c, EventKind::Like, 0, month) - 0.2).abs() < 1e-12);
        assert_eq!(interaction_weight(&c, EventKind::Repost, 101, 100), 0.0);
        assert_eq!(interaction_weight(&c, EventKind::Follow, 0, 100), 0.0);
    }

    #[test]
    fn graph_skips_self_and_non_engagements() {
        let c = ScoreConfig::default();
        let g = build_graph(
            3,
            [
                i(0, 1, EventKind::Repost, 10),
                i(0, 1, EventKind::Like, 10),
                i(1, 1, EventKind::Repost, 10),
                i(2, 1, EventKind::Follow, 10),
                i(2, 0, EventKind::Reply, 11),
            ],
            10,
            &c,
        );
        assert_eq!(g.edge_count(), 1);
        assert_eq!(g.in_edges(1), (&[0u32][..], &[1.4][..]));
    }
}
