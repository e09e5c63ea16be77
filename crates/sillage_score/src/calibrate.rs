//! From authority (PageRank mass) to a 1–100 score and a percentile, calibrated on the population.
//!
//! Authority is heavy-tailed: most accounts hold about the teleport floor, a few hold thousands
//! of times more. The score is therefore log-scaled between the population's floor and top:
//! `score = 1 + 99 · ln(rank / floor) / ln(top / floor)`, clamped to [1, 100]. It is monotone in
//! the rank, 1 at the floor (an account nobody engaged with) and 100 at the most authoritative
//! account shown. The percentile is the share of shown accounts with a strictly lower rank.

/// The two anchors of the log scale, from the accounts that are shown (not opted out).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Calibration {
    /// The lowest rank in the population: scores 1.
    pub floor: f64,
    /// The highest rank in the population: scores 100.
    pub top: f64,
}

impl Calibration {
    /// The 1–100 score of a rank. With a flat population (top = floor) everyone scores 1.
    pub fn score(&self, rank: f64) -> f64 {
        if !(self.top > self.floor && self.floor > 0.0 && rank > self.floor) {
            return 1.0;
        }
        let x = (rank / self.floor).ln() / (self.top / self.floor).ln();
        (1.0 + 99.0 * x).clamp(1.0, 100.0)
    }
}

/// Scores and percentiles for a whole population; `None` for accounts that are not shown.
#[derive(Debug, Clone, PartialEq)]
pub struct PopulationScores {
    pub calibration: Calibration,
    pub scores: Vec<Option<f64>>,
    pub percentiles: Vec<Option<f64>>,
    /// How many accounts are shown.
    pub shown: usize,
}

/// Scores every account with `shown[v]`; the calibration and percentiles consider only those.
pub fn score_population(ranks: &[f64], shown: &[bool]) -> PopulationScores {
    let mut sorted: Vec<f64> = ranks.iter().zip(shown).filter(|&(_, &s)| s).map(|(&r, _)| r).collect();
    sorted.sort_unstable_by(f64::total_cmp);
    let calibration = Calibration {
        floor: sorted.first().copied().unwrap_or(0.0),
        top: sorted.last().copied().unwrap_or(0.0),
    };
    let count = sorted.len();
    let mut scores = Vec::with_capacity(ranks.len());
    let mut percentiles = Vec::with_capacity(ranks.len());
    for (&rank, &is_shown) in ranks.iter().zip(shown) {
        if is_shown {
            let below = sorted.partition_point(|&r| r < rank);
            scores.push(Some(calibration.score(rank)));
            percentiles.push(Some(100.0 * below as f64 / count as f64));
        } else {
            scores.push(None);
            percentiles.push(None);
        }
    }
    PopulationScores {
        calibration,
        scores,
        percentiles,
        shown: count,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn floor_scores_one_and_top_scores_hundred() {
        let p = score_population(&[0.1, 0.1, 0.2, 0.6], &[true; 4]);
        assert_eq!(p.scores[0], Some(1.0));
        assert_eq!(p.scores[3], Some(100.0));
        // ln(2) / ln(6) of the way up the scale.
        let mid = 1.0 + 99.0 * 2f64.ln() / 6f64.ln();
        assert!((p.scores[2].unwrap() - mid).abs() < 1e-12);
        assert_eq!(p.percentiles[0], Some(0.0));
        assert_eq!(p.percentiles[2], Some(50.0));
        assert_eq!(p.percentiles[3], Some(75.0));
    }

    #[test]
    fn hidden_accounts_are_neither_scored_nor_counted() {
        let p = score_population(&[0.1, 0.5, 0.4], &[true, false, true]);
        assert_eq!(p.scores[1], None);
        assert_eq!(p.shown, 2);
        assert_eq!(p.scores[2], Some(100.0), "the top is the top shown account");
        assert_eq!(p.percentiles[2], Some(50.0));
    }

    #[test]
    fn flat_population_scores_one() {
        let p = score_population(&[0.25; 4], &[true; 4]);
        assert!(p.scores.iter().all(|s| *s == Some(1.0)));
    }

    proptest! {
        #[test]
        fn score_is_monotone_and_bounded(mut ranks in proptest::collection::vec(1e-9f64..1.0, 1..60)) {
            let p = score_population(&ranks, &vec![true; ranks.len()]);
            let mut pairs: Vec<(f64, f64, f64)> = ranks.drain(..).zip(&p.scores).zip(&p.percentiles)
                .map(|((r, s), q)| (r, s.unwrap(), q.unwrap())).collect();
            pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
            for w in pairs.windows(2) {
                prop_assert!(w[0].1 <= w[1].1 && w[0].2 <= w[1].2);
            }
            prop_assert!(pairs.iter().all(|&(_, s, q)| (1.0..=100.0).contains(&s) && (0.0..100.0).contains(&q)));
        }
    }
}
