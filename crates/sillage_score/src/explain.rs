//! Why an account has its rank: teleport share plus one contribution per engager, and the events
//! behind each contribution.
//!
//! The arithmetic repeats the last PageRank step exactly: a contribution is
//! `d · (w(u,v) · (previous(u) / W(u)))`, with the edge weight `w(u,v)` summed over its events in
//! the same canonical order as the graph builder uses, so each contribution is bit-identical to
//! the term the kernel added, and the parts add up to the rank up to the rounding of one sum.

use sillage_model::{EventKind, Instant};

use crate::{ScoreConfig, interaction_weight};

/// An engagement received by the explained account, as read from the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InEvent<K> {
    pub engager: K,
    pub event_id: String,
    pub kind: EventKind,
    pub at: Instant,
}

/// What the last PageRank step knew of an engager.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NeighbourState {
    /// The engager's rank in the iterate before the final one.
    pub previous: f64,
    /// The total decayed weight of the engager's engagements with others.
    pub out_weight: f64,
}

/// One event behind a contribution, with its share of the points.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EdgeEvent {
    pub event_id: String,
    pub kind: &'static str,
    pub at: Instant,
    /// The event's decayed weight as of the computation.
    pub weight: f64,
    /// The part of the contribution this event earned: contribution × weight / edge weight.
    pub points: f64,
}

/// One engager's part of the rank.
#[derive(Debug, Clone, PartialEq)]
pub struct Contributor<K> {
    pub engager: K,
    pub contribution: f64,
    /// The decayed weight of all the engager's engagements with the account.
    pub edge_weight: f64,
    /// The engager's total out-weight: the contribution is diluted by it.
    pub out_weight: f64,
    /// The engager's own rank (previous iterate), the value it passes on.
    pub engager_rank: f64,
    /// Newest first.
    pub events: Vec<EdgeEvent>,
}

/// A rank decomposed. `teleport + Σ contributions = rank` up to one sum's rounding.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation<K> {
    pub rank: f64,
    pub teleport: f64,
    /// Largest contribution first; ties by engager.
    pub contributors: Vec<Contributor<K>>,
}

impl<K> Explanation<K> {
    pub fn total(&self) -> f64 {
        self.teleport + self.contributors.iter().map(|c| c.contribution).sum::<f64>()
    }
}

/// Explains `rank` from the engagements the account received. `teleport` is the account's
/// teleport share from the run (`t(v)·((1 − d) + d·D)`); `state` gives each engager's previous
/// rank and out-weight (an engager without state, e.g. one outside the scored graph, adds
/// nothing). Self-interactions and events after `as_of` are ignored.
pub fn explain<K: Ord + Clone>(
    rank: f64,
    teleport: f64,
    as_of: Instant,
    config: &ScoreConfig,
    mut events: Vec<InEvent<K>>,
    state: impl Fn(&K) -> Option<NeighbourState>,
) -> Explanation<K> {
    let d = config.pagerank.damping;
    events.sort_by(|a, b| a.engager.cmp(&b.engager));
    let mut contributors = Vec::new();
    for group in events.chunk_by(|a, b| a.engager == b.engager) {
        let engager = &group[0].engager;
        let Some(s) = state(engager) else { continue };
        let mut weighted: Vec<(f64, &InEvent<K>)> = group
            .iter()
            .map(|e| (interaction_weight(config, e.kind, e.at, as_of), e))
            .filter(|(w, _)| *w > 0.0)
            .collect();
        if weighted.is_empty() || s.out_weight <= 0.0 {
            continue;
        }
        // The graph builder sums parallel edges in ascending order of weight; do the same so the
        // edge weight, and so the contribution, is bit-identical to the kernel's term.
        weighted.sort_by_key(|w| w.0.to_bits());
        let edge_weight = weighted.iter().skip(1).fold(weighted[0].0, |acc, (w, _)| acc + w);
        let contribution = d * (edge_weight * (s.previous / s.out_weight));
        let mut evs: Vec<EdgeEvent> = weighted
            .iter()
            .map(|(w, e)| EdgeEvent {
                event_id: e.event_id.clone(),
                kind: e.kind.as_str(),
                at: e.at,
                weight: *w,
                points: contribution * w / edge_weight,
            })
            .collect();
        evs.sort_by(|a, b| b.at.cmp(&a.at).then_with(|| a.event_id.cmp(&b.event_id)));
        contributors.push(Contributor {
            engager: engager.clone(),
            contribution,
            edge_weight,
            out_weight: s.out_weight,
            engager_rank: s.previous,
            events: evs,
        });
    }
    contributors.sort_by(|a, b| {
        b.contribution
            .total_cmp(&a.contribution)
            .then_with(|| a.engager.cmp(&b.engager))
    });
    Explanation {
        rank,
        teleport,
        contributors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Interaction, build_graph};
    use sillage_graph::{Teleport, pagerank};

    /// The explanation rebuilt from raw events equals the kernel's own decomposition.
    #[test]
    fn explanation_from_events_matches_the_kernel() {
        let config = ScoreConfig::default();
        let day = 86_400;
        let raw = [
            (0u32, 1u32, EventKind::Repost, 0i64),
            (0, 1, EventKind::Like, 3 * day),
            (2, 1, EventKind::Reply, 5 * day),
            (2, 0, EventKind::Mention, 6 * day),
            (3, 1, EventKind::Like, 9 * day),
            (1, 3, EventKind::Quote, 9 * day),
            (3, 3, EventKind::Repost, 9 * day),
        ];
        let as_of = 10 * day;
        let interactions = raw.iter().map(|&(engager, author, kind, at)| Interaction {
            engager,
            author,
            kind,
            at,
        });
        let g = build_graph(4, interactions, as_of, &config);
        let r = pagerank(&g, &config.pagerank, Teleport::Uniform);
        let kernel = r.contributions(&g, 1);
        let events = raw
            .iter()
            .enumerate()
            .filter(|(_, e)| e.1 == 1)
            .map(|(i, &(engager, _, kind, at))| InEvent {
                engager,
                event_id: format!("e{i}"),
                kind,
                at,
            })
            .collect();
        let x = explain(r.ranks[1], kernel.teleport, as_of, &config, events, |&u| {
            Some(NeighbourState {
                previous: r.previous[u as usize],
                out_weight: g.out_weight(u),
            })
        });
        assert_eq!(x.contributors.len(), 3);
        for c in &x.contributors {
            let k = kernel.neighbours.iter().find(|(u, _)| *u == c.engager).unwrap();
            assert_eq!(c.contribution.to_bits(), k.1.to_bits(), "engager {}", c.engager);
            let points: f64 = c.events.iter().map(|e| e.points).sum();
            assert!((points - c.contribution).abs() <= 1e-12 * c.contribution);
        }
        assert!((x.total() - r.ranks[1]).abs() <= 1e-12 * r.ranks[1]);
        assert!(
            x.contributors
                .windows(2)
                .all(|w| w[0].contribution >= w[1].contribution)
        );
        let zero = x.contributors.iter().find(|c| c.engager == 0).unwrap();
        assert_eq!(zero.events.len(), 2);
        assert_eq!(zero.events[0].kind, "like", "newest first");
    }
}
