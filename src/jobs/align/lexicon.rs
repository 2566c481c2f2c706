//! The lexical evidence: the keys of both sides interned, with what each
//! adds to a bead's log-likelihood ratio, found or missed, under each
//! channel's `p` (re-estimated from a first alignment); and the anchors,
//! rare keys paired in order, that give pass 1 its reference path.

use rustc_hash::FxHashMap;

use super::keys::{Side, cognate_links};
use super::{ABSENT_WEIGHT, BACKGROUND_Q, BACKGROUND_WEIGHT, CHANNELS, Channel, PRIOR_P, SHRINK};

/// The lexical keys of both sides, interned, with their log-likelihood
/// ratios under the current estimate of each channel's `p`.
pub(super) struct Lexicon {
    /// The channel of each key id.
    channel: Vec<Channel>,
    /// Document frequency of each key on each side.
    df: [Vec<u32>; 2],
    pub(super) source: Units,
    pub(super) target: Units,
}

/// The keys of one side's sentences, sorted, with what they contribute to a
/// bead's LLR. A *unit* is one sentence (`i`), two adjacent ones (`n + i`
/// for i and i + 1) or three (`2n - 1 + i`); indexes `[0]` and `[1]` are for
/// a bead whose other side has one or two sentences (or three).
pub(super) struct Units {
    pub(super) n: usize,
    /// Sentence i has `keys[start[i]..start[i + 1]]`.
    start: Vec<usize>,
    keys: Vec<u32>,
    /// The keys sentences i and i + 1 share: `shared[shared_start[i]..shared_start[i + 1]]`.
    shared_start: Vec<usize>,
    shared: Vec<u32>,
    /// Per key id: the LLR gained when the key is found on the other side
    /// rather than missed.
    pub(super) gain: Vec<[f32; 2]>,
    /// Per unit: the LLR when none of its keys is found.
    pub(super) missed: Vec<[f64; 2]>,
    /// Keys that occur nowhere on the other side, left out of `keys` (they
    /// are never found): sentence i has `absent[absent_start[i]..absent_start[i + 1]]`.
    absent_start: Vec<usize>,
    absent: Vec<u32>,
}

impl Units {
    fn new(
        start: Vec<usize>,
        keys: Vec<u32>,
        (absent_start, absent): (Vec<usize>, Vec<u32>),
    ) -> Units {
        let n = start.len() - 1;
        let mut units = Units {
            n,
            start,
            keys,
            shared_start: vec![0],
            shared: Vec::new(),
            gain: Vec::new(),
            missed: Vec::new(),
            absent_start,
            absent,
        };
        let mut shared = Vec::new();
        for i in 1..n {
            intersect(units.sentence(i - 1), units.sentence(i), |k| shared.push(k));
            units.shared_start.push(shared.len());
        }
        units.shared = shared;
        units
    }

    /// The keys of sentence i.
    pub(super) fn sentence(&self, i: usize) -> &[u32] {
        &self.keys[self.start[i]..self.start[i + 1]]
    }

    /// The unit of the `count` (1, 2 or 3) sentences from i: sentences
    /// first, then runs of two, then runs of three.
    pub(super) fn unit(&self, i: usize, count: usize) -> usize {
        match count {
            1 => i,
            2 => self.n + i,
            _ => 2 * self.n - 1 + i,
        }
    }

    /// Sets the LLR values: `table` holds per key id `[found | 1, found | 2,
    /// missed | 1, missed | 2]`; `absent` gives `[missed | 1, missed | 2]`
    /// for a key the other side lacks.
    fn score(&mut self, table: &[[f32; 4]], absent: impl Fn(u32) -> [f64; 2]) {
        self.gain = table.iter().map(|t| [t[0] - t[2], t[1] - t[3]]).collect();
        let missed = |keys: &[u32]| {
            keys.iter().fold([0.0, 0.0], |acc, &k| {
                let t = table[k as usize];
                [acc[0] + f64::from(t[2]), acc[1] + f64::from(t[3])]
            })
        };
        let single: Vec<[f64; 2]> = (0..self.n)
            .map(|i| {
                let mut sum = missed(self.sentence(i));
                for &k in &self.absent[self.absent_start[i]..self.absent_start[i + 1]] {
                    let value = absent(k);
                    sum[0] += value[0];
                    sum[1] += value[1];
                }
                sum
            })
            .collect();
        let pairs: Vec<[f64; 2]> = (1..self.n)
            .map(|i| {
                let shared = missed(&self.shared[self.shared_start[i - 1]..self.shared_start[i]]);
                let (a, b) = (single[i - 1], single[i]);
                [a[0] + b[0] - shared[0], a[1] + b[1] - shared[1]]
            })
            .collect();
        // Runs of three: their keys' union, and the keys the other side
        // lacks (such a key in two of the three counts twice: they weigh
        // little). Where the other side has three sentences, the values
        // for two stand in.
        let mut buf = Vec::new();
        let triples: Vec<[f64; 2]> = (2..self.n)
            .map(|i| {
                buf.clear();
                union(self.sentence(i - 2), self.sentence(i - 1), |k| buf.push(k));
                let mut sum = [0.0, 0.0];
                union(&buf, self.sentence(i), |k| {
                    let t = table[k as usize];
                    sum[0] += f64::from(t[2]);
                    sum[1] += f64::from(t[3]);
                });
                for &k in &self.absent[self.absent_start[i - 2]..self.absent_start[i + 1]] {
                    let value = absent(k);
                    sum[0] += value[0];
                    sum[1] += value[1];
                }
                sum
            })
            .collect();
        self.missed = single.into_iter().chain(pairs).chain(triples).collect();
    }
}

/// Calls `f` with each value in both sorted slices.
pub(super) fn intersect(x: &[u32], y: &[u32], mut f: impl FnMut(u32)) {
    let (mut a, mut b) = (0, 0);
    while a < x.len() && b < y.len() {
        let (u, v) = (x[a], y[b]);
        if u == v {
            f(u);
        }
        a += usize::from(u <= v);
        b += usize::from(v <= u);
    }
}

/// Calls `f` once with each value in either sorted slice.
pub(super) fn union(x: &[u32], y: &[u32], mut f: impl FnMut(u32)) {
    let (mut a, mut b) = (0, 0);
    while a < x.len() && b < y.len() {
        let (u, v) = (x[a], y[b]);
        f(u.min(v));
        a += usize::from(u <= v);
        b += usize::from(v <= u);
    }
    x[a..].iter().chain(&y[b..]).for_each(|&k| f(k));
}

impl Lexicon {
    /// Interns the keys of both sides; the LLRs use the channels' prior `p`.
    pub(super) fn build(src: &Side, tgt: &Side) -> Lexicon {
        let links = cognate_links(src, tgt);
        let mut ids: FxHashMap<u64, u32> = FxHashMap::default();
        let mut channel: Vec<Channel> = Vec::new();
        let mut intern = |side: &Side| {
            let mut start = Vec::with_capacity(side.start.len());
            let mut keys = Vec::with_capacity(side.raw.len());
            start.push(0);
            for w in side.start.windows(2) {
                let begin = keys.len();
                for &(h, ch) in &side.raw[w[0]..w[1]] {
                    let h = if ch == Channel::Cognate {
                        links.find(h)
                    } else {
                        h
                    };
                    let id = *ids.entry(h).or_insert_with(|| {
                        channel.push(ch);
                        channel.len() as u32 - 1
                    });
                    keys.push(id);
                }
                keys[begin..].sort_unstable();
                dedup_tail(&mut keys, begin);
                start.push(keys.len());
            }
            (start, keys)
        };
        let (mut s_start, mut s_keys) = intern(src);
        let (mut t_start, mut t_keys) = intern(tgt);
        let df = |keys: &[u32]| {
            let mut df = vec![0u32; channel.len()];
            for &k in keys {
                df[k as usize] += 1;
            }
            df
        };
        let (s_df, t_df) = (df(&s_keys), df(&t_keys));
        // A key absent from the other side is never found: count it, and
        // keep the others for matching.
        let s_absent = retain_keys(&mut s_start, &mut s_keys, |k| t_df[k as usize] > 0);
        let t_absent = retain_keys(&mut t_start, &mut t_keys, |k| s_df[k as usize] > 0);
        let mut lexicon = Lexicon {
            channel,
            df: [s_df, t_df],
            source: Units::new(s_start, s_keys, s_absent),
            target: Units::new(t_start, t_keys, t_absent),
        };
        lexicon.score([PRIOR_P; 2]);
        lexicon
    }

    /// Re-estimates each channel's `p` in each direction from the 1:1 beads
    /// of an alignment: the share of keys found in the translation (among
    /// keys the other side has somewhere), shrunk towards the prior.
    pub(super) fn estimate(&mut self, beads: &[(usize, usize, usize)]) {
        let mut found = [[0.0f64; CHANNELS]; 2];
        let mut total = [[0.0f64; CHANNELS]; 2];
        for &(i, j, k) in beads {
            if k != 0 {
                continue;
            }
            let (sk, tk) = (self.source.sentence(i), self.target.sentence(j));
            for (d, mine) in [sk, tk].into_iter().enumerate() {
                for &key in mine {
                    total[d][self.channel[key as usize] as usize] += 1.0;
                }
            }
            intersect(sk, tk, |key| {
                let ch = self.channel[key as usize] as usize;
                found[0][ch] += 1.0;
                found[1][ch] += 1.0;
            });
        }
        self.score(std::array::from_fn(|d| {
            std::array::from_fn(|ch| {
                ((found[d][ch] + SHRINK * PRIOR_P[ch]) / (total[d][ch] + SHRINK)).clamp(0.01, 0.99)
            })
        }));
    }

    /// Sets the LLRs for `p[d][channel]`, d = 0 for source keys, 1 for
    /// target keys.
    fn score(&mut self, p: [[f64; CHANNELS]; 2]) {
        let (n, m) = (self.source.n, self.target.n);
        let channel = &self.channel;
        // Per channel, LLRs of a key in a document frequency on the other side.
        let values = |p: f64, ch: usize, df: u32, other_n: usize| -> [f64; 4] {
            let q1 = ((df as f64 + BACKGROUND_WEIGHT * BACKGROUND_Q[ch])
                / (other_n as f64 + BACKGROUND_WEIGHT))
                .min(0.95);
            let q2 = 1.0 - (1.0 - q1) * (1.0 - q1);
            let (p1, p2) = (p.max(q1), p.max(q2));
            [
                (p1 / q1).ln(),
                (p2 / q2).ln(),
                ((1.0 - p1) / (1.0 - q1)).ln(),
                ((1.0 - p2) / (1.0 - q2)).ln(),
            ]
        };
        let table = |p: &[f64; CHANNELS], other_df: &[u32], other_n: usize| -> Vec<[f32; 4]> {
            channel
                .iter()
                .zip(other_df)
                .map(|(&ch, &df)| {
                    values(p[ch as usize], ch as usize, df, other_n).map(|v| v as f32)
                })
                .collect()
        };
        // A key the other side lacks is untranslatable as often as not: the
        // more sentences of its own side have it, never found, the less its
        // absence says (p shrunk by its own document frequency).
        fn absent<'a>(
            p: &'a [f64; CHANNELS],
            own_df: &'a [u32],
            other_n: usize,
            channel: &'a [Channel],
            values: &'a impl Fn(f64, usize, u32, usize) -> [f64; 4],
        ) -> impl Fn(u32) -> [f64; 2] + 'a {
            move |k: u32| {
                let ch = channel[k as usize] as usize;
                let shrunk =
                    p[ch] * ABSENT_WEIGHT / (ABSENT_WEIGHT + f64::from(own_df[k as usize]));
                let v = values(shrunk, ch, 0, other_n);
                [v[2], v[3]]
            }
        }
        let (s_table, t_table) = (table(&p[0], &self.df[1], m), table(&p[1], &self.df[0], n));
        let s_absent = absent(&p[0], &self.df[0], m, channel, &values);
        let t_absent = absent(&p[1], &self.df[1], n, channel, &values);
        self.source.score(&s_table, s_absent);
        self.target.score(&t_table, t_absent);
    }
}

/// Most sentences a key may occur in, on each side, to serve as an anchor.
const ANCHOR_DF: usize = 8;

impl Lexicon {
    /// A reference path through lexical anchors, as the column span of each
    /// row, or None without anchors. A key found in as many sentences on
    /// both sides (at most [`ANCHOR_DF`]) pairs its r-th sentence on one
    /// side with its r-th on the other; pairs farther than `window` columns
    /// from `diagonal` are dropped, and the longest chain of the rest that
    /// increases on both sides is kept. Between anchors the path is a
    /// straight line.
    pub(super) fn anchor_rows(
        &self,
        diagonal: &[(usize, usize)],
        window: usize,
    ) -> Option<Vec<(usize, usize)>> {
        let postings = |units: &Units| {
            let mut postings: Vec<(u32, u32)> = (0..units.n)
                .flat_map(|i| units.sentence(i).iter().map(move |&k| (k, i as u32)))
                .collect();
            postings.sort_unstable();
            postings
        };
        let (s, t) = (postings(&self.source), postings(&self.target));
        let (n, m) = (self.source.n, self.target.n);
        let mut points: Vec<(u32, u32)> = Vec::new();
        let (mut a, mut b) = (0, 0);
        while a < s.len() && b < t.len() {
            let key = s[a].0.min(t[b].0);
            let a_end = a + s[a..].iter().take_while(|p| p.0 == key).count();
            let b_end = b + t[b..].iter().take_while(|p| p.0 == key).count();
            let count = a_end - a;
            if count == b_end - b && count <= ANCHOR_DF {
                for (&(_, i), &(_, j)) in s[a..a_end].iter().zip(&t[b..b_end]) {
                    if (j as usize).abs_diff(diagonal[i as usize].0) <= window {
                        points.push((i, j));
                    }
                }
            }
            (a, b) = (a_end, b_end);
        }
        // Longest chain increasing in both i and j: sort by i, ties by j
        // descending, then the longest strictly increasing run of j.
        points.sort_unstable_by(|x, y| x.0.cmp(&y.0).then(y.1.cmp(&x.1)));
        points.dedup();
        let mut tails: Vec<usize> = Vec::new();
        let mut before: Vec<usize> = vec![usize::MAX; points.len()];
        for (at, &(_, j)) in points.iter().enumerate() {
            let place = tails.partition_point(|&p| points[p].1 < j);
            if place > 0 {
                before[at] = tails[place - 1];
            }
            if place == tails.len() {
                tails.push(at);
            } else {
                tails[place] = at;
            }
        }
        let mut chain = Vec::with_capacity(tails.len() + 2);
        let mut at = *tails.last()?;
        loop {
            chain.push((points[at].0 as usize, points[at].1 as usize));
            match before[at] {
                usize::MAX => break,
                prev => at = prev,
            }
        }
        chain.push((0, 0));
        chain.reverse();
        chain.push((n, m));
        // Column of each row on the straight lines between anchors.
        let mut column = vec![0usize; n + 2];
        for w in chain.windows(2) {
            let ((i1, j1), (i2, j2)) = (w[0], w[1]);
            for (i, c) in column.iter_mut().enumerate().take(i2 + 1).skip(i1) {
                *c = if i2 == i1 {
                    j2
                } else {
                    j1 + (j2 - j1) * (i - i1) / (i2 - i1)
                };
            }
        }
        column[n + 1] = m;
        Some(
            (0..=n)
                .map(|i| (column[i], column[i + 1].max(column[i])))
                .collect(),
        )
    }
}

/// Removes repeated values from the sorted `keys[begin..]`.
fn dedup_tail(keys: &mut Vec<u32>, begin: usize) {
    let mut w = begin;
    for r in begin..keys.len() {
        if w == begin || keys[r] != keys[w - 1] {
            keys[w] = keys[r];
            w += 1;
        }
    }
    keys.truncate(w);
}

/// Keeps the keys that pass `keep`, sentence by sentence; returns the others
/// in the same layout.
fn retain_keys(
    start: &mut [usize],
    keys: &mut Vec<u32>,
    keep: impl Fn(u32) -> bool,
) -> (Vec<usize>, Vec<u32>) {
    let (mut lost_start, mut lost) = (Vec::with_capacity(start.len()), Vec::new());
    lost_start.push(0);
    let mut w = 0;
    let mut begin = 0;
    for slot in start.iter_mut().skip(1) {
        let end = *slot;
        for r in begin..end {
            if keep(keys[r]) {
                keys[w] = keys[r];
                w += 1;
            } else {
                lost.push(keys[r]);
            }
        }
        lost_start.push(lost.len());
        begin = end;
        *slot = w;
    }
    keys.truncate(w);
    (lost_start, lost)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::align::length::Lengths;
    use crate::jobs::align::tests::{STORY, aligner};
    use crate::lang::Lang;

    #[test]
    fn the_anchor_path_is_increasing_and_ends_at_the_corner() {
        let aligner = aligner(Lang::En, Lang::Fr);
        let src = aligner.side(&STORY[0], Lang::En, None);
        let tgt = aligner.side(&STORY[1], Lang::Fr, None);
        let lexicon = Lexicon::build(&src, &tgt);
        let diagonal = Lengths::new(&src.len, &tgt.len).diagonal();
        let rows = lexicon.anchor_rows(&diagonal, 100).unwrap();
        assert_eq!(rows.len(), 9);
        assert_eq!(rows[8], (8, 8));
        assert!(
            rows.windows(2)
                .all(|w| w[0].0 <= w[1].0 && w[0].1 <= w[1].1 && w[1].0 <= w[0].1)
        );
    }
}
