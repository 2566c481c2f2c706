//! The length model (Gale & Church 1993): the prior of a bead's shape and
//! the cost of the difference between the character counts of its two
//! sides, with `c` and `s²` re-estimated from a first alignment. Lengths are
//! kept as prefix sums, so that a bead's are two subtractions.

use super::{CHI2_MEDIAN, CLASSIC_S2, N_SHAPES, PRIORS, SHAPES, SHRINK};

/// Prefix sums of the sentence lengths of both sides.
pub(super) struct Lengths {
    s: Vec<f64>,
    t: Vec<f64>,
}

impl Lengths {
    pub(super) fn new(source: &[f64], target: &[f64]) -> Lengths {
        let sums = |lens: &[f64]| {
            std::iter::once(0.0)
                .chain(lens.iter().scan(0.0, |acc, &l| {
                    *acc += l;
                    Some(*acc)
                }))
                .collect()
        };
        Lengths {
            s: sums(source),
            t: sums(target),
        }
    }

    /// Target characters per source character over the whole documents.
    pub(super) fn ratio(&self) -> f64 {
        let (s, t) = (self.s[self.s.len() - 1], self.t[self.t.len() - 1]);
        if s > 0.0 && t > 0.0 {
            (t / s).clamp(0.2, 5.0)
        } else {
            1.0
        }
    }

    /// For each source row, the target columns of the straight line from
    /// (0, 0) to (n, m) in cumulative-length coordinates (each sentence
    /// counted one character longer, so that empty ones still advance).
    pub(super) fn diagonal(&self) -> Vec<(usize, usize)> {
        let (n, m) = (self.s.len() - 1, self.t.len() - 1);
        let t: Vec<f64> = (0..=m).map(|j| self.t[j] + j as f64).collect();
        let (total_s, total_t) = (self.s[n] + n as f64, t[m]);
        let column = |i: usize| {
            if i >= n {
                return m;
            }
            let x = (self.s[i] + i as f64) / total_s * total_t;
            t.partition_point(|&c| c < x).min(m)
        };
        (0..=n).map(|i| (column(i), column(i + 1))).collect()
    }
}

/// Gale & Church's length model with its bead priors.
#[derive(Clone, Copy, Debug)]
pub(super) struct LengthModel {
    /// Expected target characters per source character.
    pub(super) c: f64,
    /// Variance of target characters per source character.
    s2: f64,
    /// −ln P(shape), in [`SHAPES`] order.
    prior: [f64; N_SHAPES],
}

impl LengthModel {
    pub(super) fn new(c: f64, s2: f64) -> LengthModel {
        LengthModel {
            c,
            s2,
            prior: PRIORS.map(|p| -p.ln()),
        }
    }

    /// The standardised length difference δ.
    fn delta(&self, ls: f64, lt: f64) -> f64 {
        let (difference, variance) = self.difference(ls, lt);
        difference / variance.sqrt()
    }

    /// δ's numerator and the square of its denominator.
    fn difference(&self, ls: f64, lt: f64) -> (f64, f64) {
        let mean = ((ls + lt / self.c) / 2.0).max(1.0);
        (self.c * ls - lt, self.s2 * mean)
    }

    /// Whether the bead of shape `k` at (i, j), both sides non-empty, has
    /// |δ| at most `max` (no square root, no division: a cheap gate).
    pub(super) fn within(
        &self,
        lengths: &Lengths,
        (i, j, k): (usize, usize, usize),
        max: f64,
    ) -> bool {
        let (di, dj) = SHAPES[k];
        let ls = lengths.s[i + di] - lengths.s[i];
        let lt = lengths.t[j + dj] - lengths.t[j];
        let (difference, variance) = self.difference(ls, lt);
        difference * difference <= max * max * variance
    }

    /// Prior and length cost of the bead of shape `k` starting at (i, j).
    pub(super) fn bead(&self, lengths: &Lengths, i: usize, j: usize, k: usize) -> f64 {
        let (di, dj) = SHAPES[k];
        if di == 0 || dj == 0 {
            return self.prior[k];
        }
        let ls = lengths.s[i + di] - lengths.s[i];
        let lt = lengths.t[j + dj] - lengths.t[j];
        self.prior[k] + length_cost(self.delta(ls, lt).abs())
    }

    /// Re-estimates c and s² from the 1:1 beads of a first alignment,
    /// shrinking s² towards the classic value when there are few.
    pub(super) fn estimate(
        lengths: &Lengths,
        beads: &[(usize, usize, usize)],
        c0: f64,
    ) -> LengthModel {
        let ones: Vec<(f64, f64)> = beads
            .iter()
            .filter(|b| b.2 == 0)
            .map(|&(i, j, _)| {
                (
                    lengths.s[i + 1] - lengths.s[i],
                    lengths.t[j + 1] - lengths.t[j],
                )
            })
            .collect();
        let (sum_s, sum_t) = ones
            .iter()
            .fold((0.0, 0.0), |(a, b), &(s, t)| (a + s, b + t));
        let c = if sum_s > 0.0 && sum_t > 0.0 {
            (sum_t / sum_s).clamp(0.2, 5.0)
        } else {
            c0
        };
        let unit = LengthModel::new(c, 1.0);
        let mut d2: Vec<f64> = ones
            .iter()
            .map(|&(s, t)| unit.delta(s, t).powi(2))
            .collect();
        let s2 = if d2.is_empty() {
            CLASSIC_S2
        } else {
            let mid = d2.len() / 2;
            let (_, median, _) = d2.select_nth_unstable_by(mid, f64::total_cmp);
            let estimate = (*median / CHI2_MEDIAN).clamp(0.5, 100.0);
            let count = d2.len() as f64;
            (count * estimate + SHRINK * CLASSIC_S2) / (count + SHRINK)
        };
        LengthModel::new(c, s2)
    }
}

/// Steps per unit of |δ| in the table of [`length_cost`].
const LENGTH_STEPS: f64 = 64.0;

/// −ln 2(1 − Φ(|δ|)) = −ln erfc(|δ|/√2): interpolated in a table for
/// |δ| < 32 (error below 1e-4 nats), computed beyond.
fn length_cost(abs_delta: f64) -> f64 {
    static TABLE: std::sync::OnceLock<Vec<f64>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        (0..=32 * LENGTH_STEPS as usize)
            .map(|i| neg_ln_erfc(i as f64 / LENGTH_STEPS / std::f64::consts::SQRT_2))
            .collect()
    });
    let x = abs_delta * LENGTH_STEPS;
    let i = x as usize;
    match (table.get(i), table.get(i + 1)) {
        (Some(&a), Some(&b)) => a + (x - i as f64) * (b - a),
        _ => neg_ln_erfc(abs_delta / std::f64::consts::SQRT_2),
    }
}

/// −ln erfc(x) for x ≥ 0, computed in log space so that it stays finite
/// far in the tail (Numerical Recipes' `erfcc`, relative error < 1.2e-7).
fn neg_ln_erfc(x: f64) -> f64 {
    let t = 1.0 / (1.0 + 0.5 * x);
    let poly = -1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    x * x - poly - t.ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_cost_matches_the_normal_tail() {
        // −ln 2(1 − Φ(z)) for z = 0, 1, 2, 3.
        for (z, expected) in [
            (0.0, 0.0),
            (1.0, 1.147_874),
            (2.0, 3.090_037),
            (3.0, 5.914_579),
        ] {
            assert!(
                (length_cost(z) - expected).abs() < 1e-3,
                "{z}: {}",
                length_cost(z)
            );
        }
        assert!(length_cost(50.0).is_finite() && length_cost(50.0) > 1000.0);
        // The table agrees with the formula between its steps.
        for step in 0..4000 {
            let delta = step as f64 * 0.008_3;
            let exact = neg_ln_erfc(delta / std::f64::consts::SQRT_2);
            assert!((length_cost(delta) - exact).abs() < 1e-4, "{delta}");
        }
    }
}
