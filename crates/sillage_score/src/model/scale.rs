//! From a component's raw quantity to 0–100.
//!
//! Authority, reach, amplification and outreach are heavy-tailed: they are log-scaled against
//! the population, `100 · ln(1 + x / mean) / ln(1 + top / mean)`, where `mean` is the mean of the
//! positive raw values among the accounts shown and `top` the largest. Accounts with nothing do not
//! move the scale, so adding a thousand dead accounts to a population changes no one's value. The mapping is monotone, 0 for
//! nothing and 100 for the top account. Activity has a natural maximum (present every week,
//! forever) and is scaled absolutely.

/// The anchors of a log scale: `value(x) = 100 · ln(1 + x / unit) / ln(1 + top / unit)`.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Scale {
    /// The reference quantity: the mean of the positive values (authority, topics), or a fixed
    /// unit with a meaning of its own (one fully counted follower, reaction or engagement).
    pub mean: f64,
    pub top: f64,
}

impl Scale {
    /// The anchors from the shown population's raw values.
    pub fn of<'a>(values: impl Iterator<Item = &'a f64>) -> Scale {
        let (mut sum, mut count, mut top) = (0.0, 0usize, 0.0f64);
        for &x in values {
            if x > 0.0 {
                sum += x;
                count += 1;
                top = top.max(x);
            }
        }
        Scale {
            mean: if count > 0 { sum / count as f64 } else { 0.0 },
            top,
        }
    }

    /// A scale in a fixed unit: only the top depends on the population.
    pub fn with_unit<'a>(unit: f64, values: impl Iterator<Item = &'a f64>) -> Scale {
        Scale {
            mean: unit,
            top: values.fold(0.0f64, |top, &x| top.max(x)),
        }
    }

    /// The 0–100 value of a raw quantity: 0 when the population has nothing.
    pub fn value(&self, x: f64) -> f64 {
        if !(self.mean > 0.0 && self.top > 0.0 && x > 0.0) {
            return 0.0;
        }
        (100.0 * (x / self.mean).ln_1p() / (self.top / self.mean).ln_1p()).clamp(0.0, 100.0)
    }
}

/// Percentiles: the share of `population` strictly below each value, in percent.
pub(crate) fn percentiles(values: &[f64], shown: &[bool]) -> Vec<Option<f64>> {
    let mut sorted: Vec<f64> = values.iter().zip(shown).filter(|(_, s)| **s).map(|(v, _)| *v).collect();
    sorted.sort_unstable_by(f64::total_cmp);
    let n = sorted.len() as f64;
    values
        .iter()
        .zip(shown)
        .map(|(&v, &s)| s.then(|| 100.0 * sorted.partition_point(|&x| x < v) as f64 / n))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn anchors_map_to_0_and_100() {
        let s = Scale::of([0.0, 1.0, 3.0, 5.0].iter());
        assert_eq!(s.mean, 3.0, "zeros do not count in the mean");
        assert_eq!(s.value(0.0), 0.0);
        assert_eq!(s.value(5.0), 100.0);
        let mid = 100.0 * 2f64.ln() / (8.0f64 / 3.0).ln();
        assert!((s.value(3.0) - mid).abs() < 1e-12);
        assert_eq!(Scale::of([0.0, 0.0, 1.0, 3.0, 5.0].iter()), s);
        assert_eq!(Scale::of([0.0, 0.0].iter()).value(0.0), 0.0);
    }

    #[test]
    fn percentiles_count_strictly_lower_shown_values() {
        let p = percentiles(&[1.0, 5.0, 3.0, 3.0], &[true, false, true, true]);
        assert_eq!(p, vec![Some(0.0), None, Some(100.0 / 3.0), Some(100.0 / 3.0)]);
    }

    proptest! {
        #[test]
        fn the_scale_is_monotone_and_bounded(mut xs in proptest::collection::vec(0.0f64..1e6, 1..50)) {
            let s = Scale::of(xs.iter());
            xs.sort_by(f64::total_cmp);
            let v: Vec<f64> = xs.iter().map(|&x| s.value(x)).collect();
            prop_assert!(v.windows(2).all(|w| w[0] <= w[1]));
            prop_assert!(v.iter().all(|x| (0.0..=100.0).contains(x)));
        }
    }
}
