//! What a bead costs: its shape's prior and length cost, minus λ times its
//! lexical log-likelihood ratio (the formula of the module documentation
//! of `align`). The keys each sentence pair of a band shares are computed
//! once per band, so that a bead of several sentences only unites short
//! lists.

use super::length::{LengthModel, Lengths};
use super::lexicon::{Lexicon, intersect, union};
use super::search::{Band, Costs};
use super::{LAMBDA, RUN_OF_THREE_DELTA, SHAPES};

/// The keys each sentence pair of a band has in common, computed once per
/// band so that a bead of several sentences only unites short lists.
#[derive(Default)]
struct Common {
    /// For source sentence a, the pairs (a, b) for b from `lo[a]` are at
    /// `off[a] + b - lo[a]`; pair p has `keys[start[p]..start[p + 1]]`.
    lo: Vec<usize>,
    off: Vec<usize>,
    start: Vec<u32>,
    keys: Vec<u32>,
}

impl Common {
    /// Covers every pair a bead starting in `band` can contain: (a, b) for
    /// b from `band.lo[a - 2]` to `band.hi[a] + 2` (a 3:1 bead starting at
    /// row a - 2 reaches row a; a 1:3 bead starting at column `hi` reaches
    /// `hi + 2`).
    fn build(&mut self, lexicon: &Lexicon, band: &Band) {
        let (n, m) = (lexicon.source.n, lexicon.target.n);
        self.lo.clear();
        self.off.clear();
        self.start.clear();
        self.keys.clear();
        for a in 0..n {
            let lo = band.lo[a.saturating_sub(2)];
            let end = (band.hi[a] + 3).min(m);
            self.lo.push(lo);
            self.off.push(self.start.len());
            for b in lo..end {
                self.start.push(self.keys.len() as u32);
                let keys = &mut self.keys;
                intersect(
                    lexicon.source.sentence(a),
                    lexicon.target.sentence(b),
                    |k| keys.push(k),
                );
            }
        }
        self.start.push(self.keys.len() as u32);
    }

    fn get(&self, a: usize, b: usize) -> &[u32] {
        debug_assert!(
            b >= self.lo[a]
                && self.off[a] + b - self.lo[a]
                    < self.off.get(a + 1).copied().unwrap_or(self.start.len() - 1)
        );
        let p = self.off[a] + b - self.lo[a];
        &self.keys[self.start[p] as usize..self.start[p + 1] as usize]
    }
}

/// The cost of beads under a length model and, optionally, a lexicon.
pub(super) struct BeadCosts<'a> {
    model: LengthModel,
    lengths: &'a Lengths,
    lexicon: Option<&'a Lexicon>,
    common: Common,
    buf: [Vec<u32>; 2],
}

impl<'a> BeadCosts<'a> {
    pub(super) fn new(
        model: LengthModel,
        lengths: &'a Lengths,
        lexicon: Option<&'a Lexicon>,
    ) -> BeadCosts<'a> {
        BeadCosts {
            model,
            lengths,
            lexicon,
            common: Common::default(),
            buf: Default::default(),
        }
    }

    /// The log-likelihood ratio of the bead of `di` source sentences from i
    /// and `dj` target sentences from j.
    fn llr(&mut self, lexicon: &Lexicon, i: usize, j: usize, di: usize, dj: usize) -> f64 {
        let (src, tgt) = (&lexicon.source, &lexicon.target);
        if di == 0 || dj == 0 {
            return 0.0;
        }
        // The tables know a bead whose other side has one sentence or two:
        // three counts as two.
        let (ns, nt) = ((di - 1).min(1), (dj - 1).min(1));
        let missed = src.missed[src.unit(i, di)][nt] + tgt.missed[tgt.unit(j, dj)][ns];
        let [x, y] = &mut self.buf;
        let mut gain = 0.0f32;
        let mut add = |k: u32| gain += src.gain[k as usize][nt] + tgt.gain[k as usize][ns];
        let common = &self.common;
        match (di, dj) {
            (1, 1) => common.get(i, j).iter().for_each(|&k| add(k)),
            (2, 1) => union(common.get(i, j), common.get(i + 1, j), add),
            (1, 2) => union(common.get(i, j), common.get(i, j + 1), add),
            (3, 1) => {
                x.clear();
                union(common.get(i, j), common.get(i + 1, j), |k| x.push(k));
                union(x, common.get(i + 2, j), add);
            }
            (1, 3) => {
                x.clear();
                union(common.get(i, j), common.get(i, j + 1), |k| x.push(k));
                union(x, common.get(i, j + 2), add);
            }
            _ => {
                x.clear();
                y.clear();
                union(common.get(i, j), common.get(i, j + 1), |k| x.push(k));
                union(common.get(i + 1, j), common.get(i + 1, j + 1), |k| {
                    y.push(k)
                });
                union(x, y, add);
            }
        }
        missed + f64::from(gain)
    }
}

impl Costs for BeadCosts<'_> {
    fn prepare(&mut self, band: &Band) {
        if let Some(lexicon) = self.lexicon {
            self.common.build(lexicon, band);
        }
    }

    fn cost(&mut self, i: usize, j: usize, k: usize) -> f64 {
        let (di, dj) = SHAPES[k];
        if di.max(dj) == 3
            && !self
                .model
                .within(self.lengths, (i, j, k), RUN_OF_THREE_DELTA)
        {
            // Three sentences against one whose lengths disagree: not
            // weighed at all (most cells of a band), so that the longer
            // beads cost the search little.
            return f64::INFINITY;
        }
        let cost = self.model.bead(self.lengths, i, j, k);
        match self.lexicon {
            Some(lexicon) => {
                let (di, dj) = SHAPES[k];
                cost - LAMBDA * self.llr(lexicon, i, j, di, dj)
            }
            None => cost,
        }
    }
}
