//! The search: dynamic programming in a band of cells around a reference
//! path, Viterbi for the best path and forward–backward for each bead's
//! posterior probability. While the best path runs along the band's edge,
//! the band is moved onto it, then widened. The search knows beads only
//! through [`Costs`].

use super::{N_SHAPES, SHAPES};

/// Bead costs for the search: prepared once per band, then asked per bead.
pub(super) trait Costs {
    fn prepare(&mut self, band: &Band);
    /// The cost of the bead of shape `k` starting at (i, j).
    fn cost(&mut self, i: usize, j: usize, k: usize) -> f64;
}

/// The cells searched: row i (source sentences consumed) spans target
/// columns `lo[i]..=hi[i]`; cells are stored row after row from `off[i]`.
pub(super) struct Band {
    pub(super) lo: Vec<usize>,
    pub(super) hi: Vec<usize>,
    off: Vec<usize>,
}

impl Band {
    /// The cells within `w` columns of a reference path, given as the
    /// (monotone, connected) column span of each row.
    fn around(rows: &[(usize, usize)], w: usize, m: usize) -> Band {
        let n = rows.len() - 1;
        let mut lo: Vec<usize> = rows.iter().map(|r| r.0.saturating_sub(w)).collect();
        let mut hi: Vec<usize> = rows.iter().map(|r| (r.1 + w).min(m)).collect();
        lo[0] = 0;
        hi[n] = m;
        // Monotone and connected, whatever the reference.
        for i in (0..n).rev() {
            hi[i] = hi[i].min(hi[i + 1]);
        }
        for i in 1..=n {
            lo[i] = lo[i].max(lo[i - 1]).min(hi[i - 1]);
        }
        let mut off = Vec::with_capacity(n + 2);
        off.push(0);
        for i in 0..=n {
            hi[i] = hi[i].max(lo[i]);
            off.push(off[i] + hi[i] - lo[i] + 1);
        }
        Band { lo, hi, off }
    }

    fn cells(&self) -> usize {
        self.off[self.off.len() - 1]
    }

    fn at(&self, i: usize, j: usize) -> Option<usize> {
        (j >= self.lo[i] && j <= self.hi[i]).then(|| self.off[i] + j - self.lo[i])
    }

    /// Whether a path passes along the band's edge (other than the matrix's
    /// own), where a wider band might have let it through.
    fn touched_by(&self, path: &Solution, m: usize) -> bool {
        path.beads.iter().any(|&(i, j, k)| {
            let (i, j) = (i + SHAPES[k].0, j + SHAPES[k].1);
            (j == self.lo[i] && j > 0) || (j == self.hi[i] && j < m)
        })
    }
}

/// A best path: beads as (first source sentence, first target sentence,
/// shape), in order, with their posterior probabilities when asked for.
pub(super) struct Solution {
    pub(super) beads: Vec<(usize, usize, usize)>,
    pub(super) posteriors: Vec<f64>,
    /// The path's cost.
    cost: f64,
}

impl Solution {
    /// The column span of each of the rows 0..=n the path goes through.
    pub(super) fn rows(&self, n: usize) -> Vec<(usize, usize)> {
        let mut rows = vec![(usize::MAX, 0); n + 1];
        for &(i, j, k) in &self.beads {
            let (di, dj) = SHAPES[k];
            for row in &mut rows[i..=i + di] {
                row.0 = row.0.min(j);
                row.1 = row.1.max(j + dj);
            }
        }
        rows
    }
}

/// How many times in a row a band may be moved onto the last path before
/// it is widened instead.
const MOVES: usize = 4;

/// Dynamic programming in a band of half-width `w` around a reference path
/// (`rows`: the column span of each row). While the best path runs along
/// the band's edge, the band is moved onto that path (it then follows a
/// path that drifts away from the reference, as after many insertions),
/// and when that stops helping, doubled, as long as it has at most
/// `max_cells` cells.
pub(super) fn search(
    rows: Vec<(usize, usize)>,
    w: usize,
    (n, m): (usize, usize),
    (max_cells, stop_on_tie): (usize, bool),
    posterior: bool,
    costs: &mut impl Costs,
) -> Solution {
    let (mut rows, mut w, mut moved) = (rows, w, 0);
    let mut band = Band::around(&rows, w, m);
    let mut last: Option<Solution> = None;
    loop {
        costs.prepare(&band);
        let path = best_path(&band, (n, m), posterior, costs);
        // With `stop_on_tie` (a window of a long document pair), a widened
        // band that finds no cheaper path ends the search: where every
        // path costs the same (one sentence repeated), widening and moving
        // again would only cost time. The path found before stands. (Not
        // for a whole pair: moving on past such a widening finds cheaper
        // paths beyond blocks of insertions.)
        if let Some(last) = last.take()
            && stop_on_tie
            && path.cost >= last.cost - 1e-9 * last.cost.abs().max(1.0)
        {
            return last;
        }
        if !band.touched_by(&path, m) {
            return path;
        }
        let along = path.rows(n);
        let (next, next_w) = if moved < MOVES && along != rows {
            moved += 1;
            (Band::around(&along, w, m), w)
        } else {
            moved = 0;
            (Band::around(&along, 2 * w, m), 2 * w)
        };
        if next.cells() > max_cells || (next_w > w && next.cells() == band.cells()) {
            return path;
        }
        last = (next_w > w).then_some(path);
        (rows, w, band) = (along, next_w, next);
    }
}

/// −ln Σ exp(−x): the cost of either of several ways.
fn log_sum(costs: &[f64]) -> f64 {
    let min = costs.iter().copied().fold(f64::INFINITY, f64::min);
    if min.is_infinite() {
        return min;
    }
    min - costs.iter().map(|&x| (min - x).exp()).sum::<f64>().ln()
}

/// Viterbi (and, with `posterior`, forward–backward) over the band.
fn best_path(
    band: &Band,
    (n, m): (usize, usize),
    posterior: bool,
    costs: &mut impl Costs,
) -> Solution {
    let cells = band.cells();
    let inf = f64::INFINITY;
    let mut best = vec![inf; cells];
    let mut back = vec![u8::MAX; cells];
    let (mut fwd, mut trans) = if posterior {
        (vec![inf; cells], vec![[inf; N_SHAPES]; cells])
    } else {
        (Vec::new(), Vec::new())
    };
    best[0] = 0.0;
    if posterior {
        fwd[0] = 0.0;
    }
    for i in 0..=n {
        for j in band.lo[i]..=band.hi[i] {
            let here = band.off[i] + j - band.lo[i];
            if here == 0 {
                continue;
            }
            let mut ways = [inf; N_SHAPES];
            for (k, &(di, dj)) in SHAPES.iter().enumerate() {
                if i < di || j < dj {
                    continue;
                }
                let Some(prev) = band.at(i - di, j - dj) else {
                    continue;
                };
                if best[prev].is_infinite() {
                    continue;
                }
                let c = costs.cost(i - di, j - dj, k);
                if best[prev] + c < best[here] {
                    best[here] = best[prev] + c;
                    back[here] = k as u8;
                }
                if posterior {
                    trans[here][k] = c;
                    ways[k] = fwd[prev] + c;
                }
            }
            if posterior {
                fwd[here] = log_sum(&ways);
            }
        }
    }
    let mut beads = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let k = band
            .at(i, j)
            .map(|here| back[here] as usize)
            .filter(|&k| k < SHAPES.len())
            // Unreachable in a connected band; step back safely regardless.
            .unwrap_or(if i > 0 { 1 } else { 2 });
        let (di, dj) = SHAPES[k];
        i -= di;
        j -= dj;
        beads.push((i, j, k));
    }
    beads.reverse();
    let posteriors = if posterior {
        posteriors(band, (n, m), &beads, &fwd, &trans)
    } else {
        Vec::new()
    };
    Solution {
        beads,
        posteriors,
        cost: best[cells - 1],
    }
}

/// Each bead's posterior probability, by a backward pass.
fn posteriors(
    band: &Band,
    (n, m): (usize, usize),
    beads: &[(usize, usize, usize)],
    fwd: &[f64],
    trans: &[[f64; N_SHAPES]],
) -> Vec<f64> {
    let cells = band.cells();
    let end = cells - 1;
    let mut bwd = vec![f64::INFINITY; cells];
    bwd[end] = 0.0;
    for i in (0..=n).rev() {
        for j in (band.lo[i]..=band.hi[i]).rev() {
            let here = band.off[i] + j - band.lo[i];
            if here == end {
                continue;
            }
            let mut ways = [f64::INFINITY; N_SHAPES];
            for (k, &(di, dj)) in SHAPES.iter().enumerate() {
                let (ni, nj) = (i + di, j + dj);
                if ni > n || nj > m {
                    continue;
                }
                if let Some(next) = band.at(ni, nj) {
                    ways[k] = trans[next][k] + bwd[next];
                }
            }
            bwd[here] = log_sum(&ways);
        }
    }
    let total = fwd[end];
    beads
        .iter()
        .map(|&(i, j, k)| {
            let (di, dj) = SHAPES[k];
            match (band.at(i, j), band.at(i + di, j + dj)) {
                (Some(prev), Some(here)) if total.is_finite() => {
                    let p = (total - fwd[prev] - trans[here][k] - bwd[here]).exp();
                    if p.is_finite() {
                        p.clamp(0.0, 1.0)
                    } else {
                        0.0
                    }
                }
                _ => 0.0,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_band_moves_and_widens_until_the_path_is_inside() {
        // A cost whose best path runs 40 columns right of the diagonal: the
        // search starting in a narrow band around the diagonal must find the
        // same path as the search over the whole matrix.
        struct Offset;
        impl Costs for Offset {
            fn prepare(&mut self, _: &Band) {}
            fn cost(&mut self, i: usize, j: usize, k: usize) -> f64 {
                match SHAPES[k] {
                    (1, 1) if j == i + 40 => 0.0,
                    (1, 1) => 5.0,
                    (0, 1) | (1, 0) => 1.0,
                    _ => 9.0,
                }
            }
        }
        let (n, m) = (100, 140);
        let diagonal: Vec<(usize, usize)> = (0..=n)
            .map(|i| (i * m / n, ((i + 1) * m / n).min(m)))
            .collect();
        let narrow = search(diagonal, 2, (n, m), (usize::MAX, false), true, &mut Offset);
        let full = search(
            vec![(0, m); n + 1],
            0,
            (n, m),
            (usize::MAX, false),
            true,
            &mut Offset,
        );
        assert_eq!(narrow.beads, full.beads);
        assert!(
            narrow
                .beads
                .iter()
                .filter(|b| b.2 == 0)
                .all(|&(i, j, _)| j == i + 40)
        );
        // With too few cells allowed, it stops early but still covers.
        let capped = search(
            (0..=n)
                .map(|i| (i * m / n, ((i + 1) * m / n).min(m)))
                .collect(),
            2,
            (n, m),
            (2000, false),
            false,
            &mut Offset,
        );
        let (i, j) = capped.beads.iter().fold((0, 0), |(i, j), &(bi, bj, k)| {
            assert_eq!((bi, bj), (i, j));
            (i + SHAPES[k].0, j + SHAPES[k].1)
        });
        assert_eq!((i, j), (n, m));
    }

    #[test]
    fn posteriors_of_an_unambiguous_path_are_one() {
        struct Diagonal;
        impl Costs for Diagonal {
            fn prepare(&mut self, _: &Band) {}
            fn cost(&mut self, i: usize, j: usize, k: usize) -> f64 {
                if k == 0 && i == j { 0.0 } else { 30.0 }
            }
        }
        let path = search(
            vec![(0, 5); 6],
            0,
            (5, 5),
            (usize::MAX, false),
            true,
            &mut Diagonal,
        );
        assert_eq!(path.beads.len(), 5);
        assert!(
            path.posteriors.iter().all(|&p| p > 0.999),
            "{:?}",
            path.posteriors
        );
    }
}
