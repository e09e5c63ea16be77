//! Seeded random streams, weighted choice and the few heavy-tailed laws the generator draws from.
//!
//! Everything here uses only IEEE 754 additions, multiplications and divisions, which are
//! correctly rounded on every platform. The standard library's `ln`, `exp` and `powf` call the
//! platform's maths library, whose last bits differ between systems; a demo that promises "same
//! seed, same events, bit for bit" cannot lean on them, so this file carries its own.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The generator's random source. ChaCha is specified down to the bit and has cheap independent
/// streams; eight rounds are plenty for simulation (nothing here needs to be unpredictable).
pub(crate) type DemoRng = ChaCha8Rng;

/// The independent random streams, one per generation phase. Giving every phase its own stream
/// keeps a change in one phase (say, the bot ring) from reshuffling the draws of the others.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Phase {
    Community = 1,
    Influencers = 2,
    LiveTweeter = 3,
    Ring = 4,
    Follows = 5,
    Posts = 6,
    Camouflage = 7,
    Engagements = 8,
    /// The accounts of a large event stream (`stream`).
    StreamAccounts = 9,
    /// The events of a large event stream.
    StreamEvents = 10,
}

/// The random stream of one phase for one seed.
pub(crate) fn stream(seed: u64, phase: Phase) -> DemoRng {
    let mut rng = DemoRng::seed_from_u64(seed);
    rng.set_stream(phase as u64);
    rng
}

/// A uniform draw in (0, 1]: never zero, so that its logarithm is finite.
pub(crate) fn unit_open(rng: &mut DemoRng) -> f64 {
    1.0 - rng.random::<f64>()
}

/// A uniform index below `n` (which must be positive). Drawn as `u64` so that the value does not
/// depend on the platform's pointer width, as a `usize` range would.
pub(crate) fn index(rng: &mut DemoRng, n: usize) -> usize {
    debug_assert!(n > 0, "index of an empty range");
    rng.random_range(0..n as u64) as usize
}

/// A uniform integer in `lo..=hi`.
pub(crate) fn between(rng: &mut DemoRng, lo: u32, hi: u32) -> u32 {
    rng.random_range(lo..=hi)
}

/// A Pareto draw: `P(X > x) = (x_min / x)^alpha` for `x ≥ x_min`. Small `alpha` means a heavy
/// tail; social audiences sit around 1 to 1.5.
pub(crate) fn pareto(rng: &mut DemoRng, alpha: f64, x_min: f64) -> f64 {
    x_min * exp(-ln(unit_open(rng)) / alpha)
}

/// An exponential draw with the given mean.
pub(crate) fn exponential(rng: &mut DemoRng, mean: f64) -> f64 {
    -ln(unit_open(rng)) * mean
}

/// Picks items with probability proportional to their weight, in constant time per draw
/// (Vose's alias method). The generator draws a few million times from samplers over twenty
/// thousand accounts, where a binary search over running sums spends most of its time in cache
/// misses.
#[derive(Debug, Clone, Default)]
pub(crate) struct Weighted {
    /// One slot per item. A slot holds everything a draw reads, so that a draw from a sampler
    /// over a million accounts costs one cache miss rather than three.
    slots: Vec<Slot>,
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    /// The chance of keeping the slot's own item rather than its alias.
    keep: f64,
    item: u32,
    /// The item that fills the rest of the slot.
    alias: u32,
}

impl Weighted {
    /// Items with a weight that is not strictly positive (or not finite) can never be drawn, so
    /// they are left out.
    pub(crate) fn new(pairs: impl IntoIterator<Item = (u32, f64)>) -> Weighted {
        let (items, weights): (Vec<u32>, Vec<f64>) =
            pairs.into_iter().filter(|&(_, w)| w.is_finite() && w > 0.0).unzip();
        let n = items.len();
        let total: f64 = weights.iter().sum();
        // Each slot holds probability 1/n; scaled weights say how many slots an item fills.
        let mut keep: Vec<f64> = weights.iter().map(|w| w * n as f64 / total).collect();
        let mut alias: Vec<u32> = (0..n as u32).collect();
        let (mut small, mut large): (Vec<u32>, Vec<u32>) = (0..n as u32).partition(|&i| keep[i as usize] < 1.0);
        // Pair each under-full slot with an over-full item, which gives up the difference. The
        // stacks are processed in a fixed order, so the table depends only on the weights.
        while let (Some(s), Some(&l)) = (small.pop(), large.last()) {
            alias[s as usize] = l;
            keep[l as usize] -= 1.0 - keep[s as usize];
            if keep[l as usize] < 1.0 {
                large.pop();
                small.push(l);
            }
        }
        // What is left is full up to rounding error.
        for i in small.into_iter().chain(large) {
            keep[i as usize] = 1.0;
        }
        let slots = (0..n)
            .map(|i| Slot {
                keep: keep[i],
                item: items[i],
                alias: items[alias[i] as usize],
            })
            .collect();
        Weighted { slots }
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.slots.len()
    }

    /// One item, or `None` when there is nothing to draw from.
    pub(crate) fn sample(&self, rng: &mut DemoRng) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let slot = &self.slots[index(rng, self.slots.len())];
        Some(if rng.random::<f64>() < slot.keep {
            slot.item
        } else {
            slot.alias
        })
    }
}

const LN_2: f64 = std::f64::consts::LN_2;

/// The natural logarithm of a positive, finite, normal number, from its binary exponent and an
/// `atanh` series on the mantissa. Accurate to a few units in the last place, which is far more
/// than a sampling law needs; what matters is that every platform gets the same bits.
pub(crate) fn ln(x: f64) -> f64 {
    debug_assert!(x.is_finite() && x >= f64::MIN_POSITIVE, "ln of {x}");
    let bits = x.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i64 - 1023;
    // The mantissa with the exponent field set to zero, i.e. a number in [1, 2).
    let mut m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    let mut e = exponent as f64;
    // Centring the mantissa on 1 (in [0.707, 1.414)) makes the series converge twice as fast.
    if m > std::f64::consts::SQRT_2 {
        m *= 0.5;
        e += 1.0;
    }
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    let mut term = s;
    let mut sum = 0.0;
    let mut k = 1.0;
    // |s| < 0.172, so s^(2n) falls below 1e-17 within eleven terms.
    for _ in 0..12 {
        sum += term / k;
        term *= s2;
        k += 2.0;
    }
    2.0 * sum + e * LN_2
}

/// `e^x`, from a power of two and a Taylor series on the remainder. Arguments are clamped to
/// the range where the result is a normal number, which is all a sampler ever asks for.
pub(crate) fn exp(x: f64) -> f64 {
    let x = x.clamp(-700.0, 700.0);
    let k = (x / LN_2).round();
    let r = x - k * LN_2;
    // |r| ≤ ln 2 / 2 ≈ 0.347, so eighteen terms take the series below one unit in the last place.
    let mut term = 1.0;
    let mut sum = 1.0;
    for n in 1..18 {
        term *= r / f64::from(n);
        sum += term;
    }
    // 2^k built from its bits; k stays within the normal exponent range thanks to the clamp.
    let scale = f64::from_bits(((k as i64 + 1023) as u64) << 52);
    sum * scale
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_ln_and_exp_match_the_standard_library() {
        for &x in &[1e-300, 1e-9, 0.001, 0.25, 0.5, 0.7, 1.0, 1.5, 2.0, 3.3, 1e6, 1e300] {
            let ours = ln(x);
            let std = x.ln();
            assert!(
                (ours - std).abs() <= 1e-13 * std.abs().max(1.0),
                "ln({x}): {ours} vs {std}"
            );
        }
        for &x in &[-690.0, -20.0, -1.0, -0.3, 0.0, 0.3, 1.0, 5.5, 20.0, 690.0] {
            let ours = exp(x);
            let std = x.exp();
            assert!((ours - std).abs() <= 1e-13 * std, "exp({x}): {ours} vs {std}");
        }
    }

    #[test]
    fn streams_differ_by_phase_and_repeat_by_seed() {
        let draw = |seed, phase| stream(seed, phase).random::<u64>();
        assert_eq!(draw(7, Phase::Ring), draw(7, Phase::Ring));
        assert_ne!(draw(7, Phase::Ring), draw(7, Phase::Posts));
        assert_ne!(draw(7, Phase::Ring), draw(8, Phase::Ring));
    }

    #[test]
    fn weighted_choice_follows_the_weights() {
        let sampler = Weighted::new([(10, 1.0), (11, 0.0), (12, 3.0), (13, f64::NAN)]);
        assert_eq!(sampler.len(), 2);
        let mut rng = stream(1, Phase::Posts);
        let mut counts = [0u32; 2];
        for _ in 0..40_000 {
            match sampler.sample(&mut rng) {
                Some(10) => counts[0] += 1,
                Some(12) => counts[1] += 1,
                other => panic!("drew {other:?}"),
            }
        }
        let share = f64::from(counts[1]) / 40_000.0;
        assert!((share - 0.75).abs() < 0.02, "share of the weight-3 item: {share}");
        assert!(Weighted::new([]).sample(&mut rng).is_none());
    }

    #[test]
    fn alias_table_keeps_every_share() {
        // Uneven weights, several items smaller and larger than the mean.
        let weights = [5.0, 0.5, 0.25, 2.0, 9.0, 0.25, 3.0];
        let sampler = Weighted::new((0u32..).zip(weights));
        let total: f64 = weights.iter().sum();
        let n = weights.len() as f64;
        // The exact probability of each item, read from the table.
        let mut share = [0.0; 7];
        for slot in &sampler.slots {
            share[slot.item as usize] += slot.keep / n;
            share[slot.alias as usize] += (1.0 - slot.keep) / n;
        }
        for (i, w) in weights.iter().enumerate() {
            assert!(
                (share[i] - w / total).abs() < 1e-12,
                "item {i}: {} vs {}",
                share[i],
                w / total
            );
        }
    }

    #[test]
    fn pareto_has_the_stated_tail() {
        let mut rng = stream(3, Phase::Community);
        let n = 100_000;
        let draws: Vec<f64> = (0..n).map(|_| pareto(&mut rng, 1.5, 1.0)).collect();
        assert!(draws.iter().all(|&x| x >= 1.0));
        // P(X > 4) = 4^-1.5 = 0.125.
        let above = draws.iter().filter(|&&x| x > 4.0).count() as f64 / n as f64;
        assert!((above - 0.125).abs() < 0.01, "tail share {above}");
    }
}
