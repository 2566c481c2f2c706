//! Sentence alignment of a document and its translation: which sentences of
//! one side say what which sentences of the other say.
//!
//! An alignment is a sequence of *beads*, each pairing consecutive source
//! sentences with consecutive target sentences: 1:1, a sentence with no
//! counterpart (1:0, 0:1), a sentence translated as two (1:2) or two as one
//! (2:1), 2:2, and three as one (3:1) or one as three (1:3). Beads cover every sentence of both sides, in order. The
//! aligner takes sentences already split; it knows nothing of paragraphs.
//!
//! # The model
//!
//! The best alignment minimises the sum of its beads' costs, each a negative
//! log-probability in nats, found by dynamic programming as in Gale & Church
//! (1993) and hunalign (Varga et al. 2005):
//!
//! `cost(bead) = −ln P(shape) + length(bead) − λ · LLR(bead)`
//!
//! * **Shape prior**: Gale & Church's proportions, 1:1 0.89, 1:0 or 0:1
//!   0.0099, 2:1 or 1:2 0.089, each pair's share split evenly between its
//!   two shapes; 2:2 0.002 rather than their 0.011 (the rest to 1:1: a 2:2
//!   bead needs evidence that two 1:1 beads are wrong); 3:1 and 1:3, which
//!   their model lacked, take 0.001 each from 2:1 and 1:2. For a run of three sentences the lexical
//!   tables' "other side has two sentences" values stand in for three.
//! * **Length** (Gale & Church): with `ls`, `lt` the character counts of the
//!   two sides, `c` the expected target characters per source character and
//!   `s²` their variance per character, `δ = (c·ls − lt) / √(s²·(ls + lt/c)/2)`
//!   and the cost is `−ln 2(1 − Φ(|δ|))`, minus the log of the probability of
//!   a length difference at least this large. A bead with an empty side has
//!   no length difference to explain and costs its prior only. (Gale &
//!   Church's program charges it the length term too, which makes dropping a
//!   sentence dearer than wrongly merging it into a neighbour: on the NTREX
//!   evaluation that variant loses 10 to 13 points of F1 on dropped and
//!   inserted sentences.)
//! * **Lexical evidence** (with [`AlignOptions::lexical`]): each sentence
//!   carries a set of *keys* that survive translation, in five channels:
//!   - glossary concepts (concept ids from this crate's [`Matcher`]);
//!   - numbers (digits only, leading zeros dropped: 1,200 = 1200 = 1.200 =
//!     1 200);
//!   - names (capitalised words that do not start a sentence, accent-folded);
//!   - cognates (the accent-folded first four letters of each word of four
//!     letters or more). A word of five letters or more whose prefix has no
//!     counterpart on the other side is tied to a word there with normalised
//!     edit similarity ≥ 0.8 (Syria, Siria), and their prefixes then count
//!     as one key;
//!   - the optional [`Dictionary`] (its entries, synonyms grouped).
//!
//!   `LLR` is the naive-Bayes log-likelihood ratio of the bead's keys being
//!   those of a translation rather than of unrelated sentences. A source key
//!   found among the bead's target keys scores `ln(p/q)`, and one not found
//!   `ln((1−p)/(1−q))`. Here `p` is the channel's probability that a key
//!   reappears in a translation, and `q` the chance that it appears in as
//!   many unrelated target sentences: the key's document frequency on the
//!   target side, smoothed towards a per-channel background rate. Target keys
//!   are scored the same way against the source. Rare shared keys are strong
//!   evidence, common ones nearly none. A key that occurs nowhere on the
//!   other side is never found. It counts as missed, with its `p` shrunk by
//!   its own document frequency (`p / (1 + df)`): a word of many sentences
//!   that is never found is untranslatable, not evidence. A bead with an
//!   empty side has no translation to compare, so its LLR is 0. `λ = 0.5`
//!   averages the two directions.
//!
//! # Search
//!
//! Two passes, each a dynamic programme in a band of cells around a
//! reference path.
//! 1. Pass 1 runs around a path through lexical *anchors*: keys found in
//!    equally few sentences on both sides, paired in order, and the longest
//!    chain of such pairs that increases on both sides. Without anchors (or
//!    without lexical evidence) it runs around the diagonal of cumulative
//!    lengths. The band is ±16 sentences, and the pass uses `c` = the ratio of
//!    the two documents' character counts, the classic `s² = 6.8` and the
//!    channels' prior `p`.
//! 2. From pass 1's 1:1 beads, `c`, `s²` (robustly, from the median of `δ²`)
//!    and each channel's `p` are re-estimated, shrunk towards their priors
//!    with 20 pseudo-counts so that short documents keep sensible values.
//!    Pass 2 then aligns in a band of ±[`AlignOptions::band`] sentences
//!    around pass 1's path.
//!
//! Whenever a best path runs along the edge of its band, the band is moved
//! onto that path, and then widened, and the pass is run again, within
//! [`AlignOptions::max_cells`] cells (in a window of a long document pair,
//! also until a widened band finds no cheaper path, as in a document of one
//! sentence repeated, where all paths tie). The keys each sentence pair of a band
//! has in common are computed once per band, so that a bead of several
//! sentences only unites short lists. Time and memory are linear in the
//! documents' length for a given band width. Pass 2 also runs
//! forward–backward over its band: each bead's [`Bead::score`] is its
//! posterior probability under the model.
//!
//! Documents of more than [`WINDOW`] sentences a side are aligned a window
//! at a time ([`Aligner::align_each`]), the beads of the first three
//! quarters of each window kept, so that time and memory are those of a
//! window, and beads are given out as they are settled.
//!
//! # Gold files and scoring
//!
//! [`read_gold`] reads a reference alignment: one bead per line,
//! `SOURCE<TAB>TARGET`, each a comma-separated list of consecutive 1-based
//! sentence numbers (a range `3-5` stands for `3,4,5`), empty for the empty
//! side of a 1:0 or 0:1 bead. For example, `3,4<TAB>3` pairs source
//! sentences 3 and 4 with target sentence 3, and `5<TAB>` says source
//! sentence 5 is not translated. Blank lines and lines starting with `#` are
//! ignored. Beads must be in order; sentences left out of every bead are not
//! scored. [`format_gold`] writes the format.
//!
//! [`score`] compares beads as sets of *links*: a bead with both sides
//! non-empty links every source sentence in it to every target sentence in
//! it. A 1:0 bead gives each of its source sentences a null link `(s, ∅)`,
//! and a 0:1 bead gives each of its target sentences a null link `(∅, t)`.
//! Precision is the share of predicted links in the gold, recall the share of
//! gold links predicted. Exact-bead accuracy, the other common measure,
//! counts a bead right only when it is exactly a gold bead. Links give partial
//! credit (a 2:1 bead predicted as 1:1 + 1:0 keeps one of its two links) and
//! count deletions and insertions, which a measure without null links would
//! ignore.
//!
//! # Files
//!
//! This file holds the API ([`Aligner`], [`AlignOptions`], [`Bead`]), the
//! model's parameters and the two passes; the rest, one question a file:
//! - `keys.rs`: what keys does a sentence carry? Extraction in the five
//!   channels, and the ties between edit-similar words (cognates);
//! - `length.rs`: what does a bead's length say? Gale & Church's model and
//!   its re-estimation;
//! - `lexicon.rs`: what do its keys say? The keys interned, their LLRs and
//!   re-estimation, and the anchors of pass 1;
//! - `costs.rs`: what does a bead cost? The prior, length and LLR together;
//! - `search.rs`: which path is best? The band, its moves and widening,
//!   Viterbi and forward–backward;
//! - `dictionary.rs`: the optional [`Dictionary`], read and compiled;
//! - `gold.rs`: how good is an alignment? Gold files and [`Scores`];
//! - `report.rs`: how is it written? TSV, TMX, CSV;
//! - `tests.rs`: tests of the whole aligner, and the fixtures the tests of
//!   the other files share.

pub mod batch;
pub mod report;

mod costs;
mod dictionary;
mod gold;
mod keys;
mod length;
mod lexicon;
mod search;
#[cfg(test)]
mod tests;

use std::ops::Range;
use std::sync::Arc;

use crate::analysis::matcher::Matcher;
use crate::glossary::Glossary;
use crate::lang::Lang;
use costs::BeadCosts;
pub use dictionary::Dictionary;
use dictionary::{DictIndex, Phrases};
pub use gold::{Scores, format_gold, links, read_gold, score};
use keys::{Extract, Side, keys};
use length::{LengthModel, Lengths};
use lexicon::Lexicon;
use search::search;

/// One bead: consecutive source sentences aligned with consecutive target
/// sentences (either side may be empty: 1:0, 0:1). Ranges are 0-based
/// sentence indexes.
#[derive(Clone, Debug, PartialEq)]
pub struct Bead {
    pub source: Range<usize>,
    pub target: Range<usize>,
    /// Confidence in 0..=1: the bead's posterior probability under the model.
    pub score: f64,
}

/// How to align.
#[derive(Clone, Debug)]
pub struct AlignOptions {
    /// Use lexical evidence; false gives the length-only Gale–Church baseline.
    pub lexical: bool,
    /// Extra word pairs, used as lexical evidence: source column on the
    /// source side, unless the dictionary's header names the pair the other
    /// way round.
    pub dictionary: Option<Dictionary>,
    /// Half-width, in sentences, of the band pass 2 searches around the path
    /// of pass 1; moved and widened while the best path touches its edge.
    pub band: usize,
    /// The most cells a widened band may have; bounds time and memory
    /// (about 20 bytes per cell in pass 1, 90 in pass 2).
    pub max_cells: usize,
}

impl Default for AlignOptions {
    fn default() -> AlignOptions {
        AlignOptions {
            lexical: true,
            dictionary: None,
            band: 8,
            max_cells: 1 << 22,
        }
    }
}

/// Aligns documents of one language pair. Build once (it compiles the
/// glossary), then call [`Aligner::align`] per document pair.
pub struct Aligner {
    source: Lang,
    target: Lang,
    options: AlignOptions,
    /// The compiled glossary, when lexical evidence is used.
    matcher: Option<Arc<Matcher>>,
    dictionary: Option<DictIndex>,
}

/// The sentences of a document, as [`Aligner::align_each`] reads them: a
/// slice of `&str`, or [`Sentences`] (4 bytes a sentence).
pub trait SentenceList {
    fn count(&self) -> usize;
    fn sentence(&self, i: usize) -> &str;

    /// The sentences at `range`, as slices.
    fn slices(&self, range: Range<usize>) -> Vec<&str> {
        range.map(|i| self.sentence(i)).collect()
    }
}

impl SentenceList for [&str] {
    fn count(&self) -> usize {
        self.len()
    }

    fn sentence(&self, i: usize) -> &str {
        self[i]
    }
}

/// The sentences of a document as spans of its text: 4 bytes a sentence
/// where a slice would take 16 (a document of short lines has as many
/// sentences as a tenth of its bytes).
pub struct Sentences<'a> {
    text: &'a str,
    spans: Spans,
}

enum Spans {
    /// Where each sentence ends, in a text under 4 GiB: a sentence starts
    /// at the first character after the one before that is not a space
    /// (what lies between two sentences is spaces, which split trims).
    Ends(Vec<u32>),
    Wide(Vec<Range<usize>>),
}

impl<'a> Sentences<'a> {
    /// The sentences of `text` in `lang`, as
    /// [`crate::analysis::sentences::split`] finds them, kept as spans
    /// from the start (no list of ranges is held beside them).
    pub fn split(text: &'a str, lang: Lang) -> Sentences<'a> {
        let spans = if text.len() <= u32::MAX as usize {
            let mut ends = Vec::new();
            crate::analysis::sentences::split_each(text, lang, |r| ends.push(r.end as u32));
            ends.shrink_to_fit();
            Spans::Ends(ends)
        } else {
            Spans::Wide(crate::analysis::sentences::split(text, lang))
        };
        Sentences { text, spans }
    }

    /// The lines of `text` as segments, as they are: pre-split input (a
    /// Moses-style file, one side of a translation memory) where the line
    /// breaks are the translator's segments, never joined or re-split.
    /// Blank lines are not segments; a line's surrounding spaces (and the
    /// CR of a CRLF) are not part of it.
    pub fn lines(text: &'a str) -> Sentences<'a> {
        use crate::analysis::sentences::is_space;
        let mut at = 0;
        let contents = text.split_inclusive('\n').filter_map(move |line| {
            let start = at;
            at += line.len();
            let trimmed = line.trim_end_matches(is_space);
            let content = trimmed.trim_start_matches(is_space);
            let from = start + (trimmed.len() - content.len());
            (!content.is_empty()).then_some(from..start + trimmed.len())
        });
        let spans = if text.len() <= u32::MAX as usize {
            // What lies between two lines' contents is spaces, as between
            // two sentences: the ends are enough.
            let mut ends: Vec<u32> = contents.map(|r| r.end as u32).collect();
            ends.shrink_to_fit();
            Spans::Ends(ends)
        } else {
            Spans::Wide(contents.collect())
        };
        Sentences { text, spans }
    }
}

impl SentenceList for Sentences<'_> {
    fn count(&self) -> usize {
        match &self.spans {
            Spans::Ends(ends) => ends.len(),
            Spans::Wide(spans) => spans.len(),
        }
    }

    fn sentence(&self, i: usize) -> &str {
        match &self.spans {
            Spans::Ends(ends) => {
                let from = if i == 0 { 0 } else { ends[i - 1] as usize };
                self.text[from..ends[i] as usize]
                    .trim_start_matches(crate::analysis::sentences::is_space)
            }
            Spans::Wide(spans) => &self.text[spans[i].clone()],
        }
    }
}

/// Sentences of the longer side aligned at a time: a longer document pair
/// is aligned a window at a time ([`Aligner::align_each`]).
pub const WINDOW: usize = 2048;
/// How much of a window's side its kept beads may reach: three quarters,
/// so that the last quarter, where the window's end bends the path, is
/// aligned again in the next window (a margin of 512 sentences on the
/// longer side, in proportion on the shorter, at least 4).
fn kept(side: usize) -> usize {
    (3 * side).div_ceil(4)
}

/// The fewest sentences of the shorter side in a window.
const MIN_WINDOW: usize = 16;
/// Cells a window's band may have per sentence of the window (a band some
/// 128 sentences wide on average); `max_cells` bounds it too.
const WINDOW_CELLS: usize = 64;

/// Half-width of pass 1's band around its reference path.
const FIRST_BAND: usize = 16;
/// The bead shapes considered: (source sentences, target sentences).
const SHAPES: [(usize, usize); N_SHAPES] = [
    (1, 1),
    (1, 0),
    (0, 1),
    (2, 1),
    (1, 2),
    (2, 2),
    (3, 1),
    (1, 3),
];
/// How many bead shapes there are.
const N_SHAPES: usize = 8;
/// After Gale & Church (1993), table 5: P(1:1) = 0.89, P(1:0 or 0:1) =
/// 0.0099, P(2:1 or 1:2) = 0.089, P(2:2) = 0.011; in the order of
/// [`SHAPES`]. Their model had no 3:1 or 1:3: these take [`PRIOR_3`] each
/// from 2:1 and 1:2. 2:2 is given 0.002, its other 0.009 going to 1:1: a
/// 2:2 bead can always be two 1:1 beads instead, and at 0.011 it was chosen
/// where they were right (on NTREX, lines as given: F1 99.7/99.9/99.7 for
/// en-fr/en-es/fr-es, 99.8/99.9/99.9 at 0.002; `examples/eval_align.rs`).
const PRIORS: [f64; N_SHAPES] = [
    0.899,
    0.00495,
    0.00495,
    0.0445 - PRIOR_3,
    0.0445 - PRIOR_3,
    0.002,
    PRIOR_3,
    PRIOR_3,
];
/// The prior of a 3:1 bead, and of a 1:3 one: rare enough that only clear
/// length and lexical evidence chooses one.
const PRIOR_3: f64 = 0.001;
/// A 3:1 or 1:3 bead whose standardised length difference |δ| is above
/// this (a length cost above about 6 nats) is not considered: a run of
/// three translated as one sentence has lengths that agree, and leaving the
/// others out keeps the search nearly as fast as with two sentences a side.
const RUN_OF_THREE_DELTA: f64 = 3.2;
/// Gale & Church's variance of target characters per source character.
const CLASSIC_S2: f64 = 6.8;
/// Median of the χ² distribution with one degree of freedom: δ² of correct
/// 1:1 beads has this median when s² is right.
const CHI2_MEDIAN: f64 = 0.454_936;
/// Weight of the lexical log-likelihood ratio: the average of the two
/// directions.
const LAMBDA: f64 = 0.5;
/// Pseudo-counts pulling estimates towards their priors.
const SHRINK: f64 = 20.0;

/// The kinds of lexical key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Channel {
    Concept = 0,
    Number = 1,
    Name = 2,
    Cognate = 3,
    Dictionary = 4,
}

const CHANNELS: usize = 5;
/// Prior probability that a key of each channel reappears in a translation,
/// in [`Channel`] order; re-estimated per document pair.
const PRIOR_P: [f64; CHANNELS] = [0.6, 0.85, 0.7, 0.35, 0.6];
/// Background rate of a key of each channel in an unrelated sentence, the
/// prior of its document frequency.
const BACKGROUND_Q: [f64; CHANNELS] = [0.02, 0.02, 0.01, 0.05, 0.02];
/// Pseudo-sentences behind the channel's `p` for a key that never occurs
/// on the other side, against its own document frequency.
const ABSENT_WEIGHT: f64 = 1.0;
/// Pseudo-sentences behind [`BACKGROUND_Q`].
const BACKGROUND_WEIGHT: f64 = 10.0;

impl Aligner {
    /// An aligner from `source` to `target` documents; compiles the glossary
    /// unless `options.lexical` is false.
    pub fn new(glossary: &Glossary, source: Lang, target: Lang, options: AlignOptions) -> Aligner {
        let matcher = options.lexical.then(|| Arc::new(Matcher::new(glossary)));
        Aligner::build(matcher, source, target, options)
    }

    /// An aligner using an already compiled glossary, so that aligners for
    /// several language pairs share one.
    pub fn with_matcher(
        matcher: Arc<Matcher>,
        source: Lang,
        target: Lang,
        options: AlignOptions,
    ) -> Aligner {
        let matcher = options.lexical.then_some(matcher);
        Aligner::build(matcher, source, target, options)
    }

    fn build(
        matcher: Option<Arc<Matcher>>,
        source: Lang,
        target: Lang,
        options: AlignOptions,
    ) -> Aligner {
        let dictionary = match (&options.dictionary, options.lexical) {
            (Some(d), true) => {
                let reversed = source != target && d.langs == Some((target, source));
                Some(DictIndex::new(d, reversed))
            }
            _ => None,
        };
        Aligner {
            source,
            target,
            options,
            matcher,
            dictionary,
        }
    }

    pub fn source(&self) -> Lang {
        self.source
    }

    pub fn target(&self) -> Lang {
        self.target
    }

    /// Aligns the sentences of a document with those of its translation.
    /// The beads cover every sentence of both sides, in order.
    pub fn align(&self, source: &[&str], target: &[&str]) -> Vec<Bead> {
        let mut beads = Vec::new();
        let _ = self.align_each(source, target, |bead| {
            beads.push(bead);
            Ok::<(), std::convert::Infallible>(())
        });
        beads
    }

    /// Aligns as [`Aligner::align`] does, giving each bead to `emit` in
    /// order as soon as it is settled; stops at `emit`'s first error.
    ///
    /// A document pair of more than [`WINDOW`] sentences a side is aligned
    /// a window at a time: about [`WINDOW`] sentences of each side (the
    /// shorter side in proportion), of which the beads within the first
    /// three quarters of both sides are kept and the next window starts
    /// after them.
    /// The window's far end, where its path is forced to meet the corner,
    /// is thus always aligned again, and time and memory are those of one
    /// window, whatever the documents' length.
    pub fn align_each<S: SentenceList + ?Sized, E>(
        &self,
        source: &S,
        target: &S,
        mut emit: impl FnMut(Bead) -> Result<(), E>,
    ) -> Result<(), E> {
        let (n, m) = (source.count(), target.count());
        if n <= WINDOW && m <= WINDOW {
            let (source, target) = (source.slices(0..n), target.slices(0..m));
            return self
                .align_window(&source, &target, (self.options.max_cells, false))
                .into_iter()
                .try_for_each(emit);
        }
        // The longer side's window is WINDOW, the shorter's in proportion.
        let (wi, wj) = if n >= m {
            (WINDOW, (WINDOW * m).div_ceil(n).max(MIN_WINDOW))
        } else {
            ((WINDOW * n).div_ceil(m).max(MIN_WINDOW), WINDOW)
        };
        let max_cells = self.options.max_cells.min((wi + wj) * WINDOW_CELLS);
        let (mut i0, mut j0) = (0, 0);
        while i0 < n || j0 < m {
            let (i1, j1) = ((i0 + wi).min(n), (j0 + wj).min(m));
            let (window_source, window_target) = (source.slices(i0..i1), target.slices(j0..j1));
            let beads = self.align_window(&window_source, &window_target, (max_cells, true));
            // Beads are kept up to three quarters of a side the window cut
            // short; a side that ends in the window is kept whole.
            let keep_i = if i1 == n { n - i0 } else { kept(i1 - i0) };
            let keep_j = if j1 == m { m - j0 } else { kept(j1 - j0) };
            let (start_i, start_j) = (i0, j0);
            for bead in beads {
                if bead.source.end > keep_i || bead.target.end > keep_j {
                    break;
                }
                (i0, j0) = (start_i + bead.source.end, start_j + bead.target.end);
                emit(Bead {
                    source: start_i + bead.source.start..i0,
                    target: start_j + bead.target.start..j0,
                    score: bead.score,
                })?;
            }
        }
        Ok(())
    }

    /// Aligns one window (or a whole document pair) in two passes, in bands
    /// of at most `max_cells`; `stop_on_tie` as [`search`] has it.
    fn align_window(
        &self,
        source: &[&str],
        target: &[&str],
        (max_cells, stop_on_tie): (usize, bool),
    ) -> Vec<Bead> {
        let (n, m) = (source.len(), target.len());
        if n == 0 || m == 0 {
            let null = |source, target| Bead {
                source,
                target,
                score: 1.0,
            };
            return (0..n)
                .map(|i| null(i..i + 1, 0..0))
                .chain((0..m).map(|j| null(0..0, j..j + 1)))
                .collect();
        }
        let dictionary = self.dictionary.as_ref();
        let src = self.side(source, self.source, dictionary.map(|d| &d.source));
        let tgt = self.side(target, self.target, dictionary.map(|d| &d.target));
        let lengths = Lengths::new(&src.len, &tgt.len);

        // Pass 1: around the anchors (or the diagonal of cumulative
        // lengths), with the classic s² and the channels' prior p.
        let mut lexicon = self.options.lexical.then(|| Lexicon::build(&src, &tgt));
        let first_model = LengthModel::new(lengths.ratio(), CLASSIC_S2);
        let diagonal = lengths.diagonal();
        let window = FIRST_BAND + 4 * (n.max(m) as f64).sqrt() as usize;
        let reference = lexicon
            .as_ref()
            .and_then(|l| l.anchor_rows(&diagonal, window))
            .unwrap_or(diagonal);
        let first = search(
            reference,
            FIRST_BAND,
            (n, m),
            (max_cells, stop_on_tie),
            false,
            &mut BeadCosts::new(first_model, &lengths, lexicon.as_ref()),
        );

        // Estimates from its 1:1 beads, then pass 2 around its path.
        let model = LengthModel::estimate(&lengths, &first.beads, first_model.c);
        if let Some(lexicon) = &mut lexicon {
            lexicon.estimate(&first.beads);
        }
        let second = search(
            first.rows(n),
            self.options.band.max(1),
            (n, m),
            (max_cells, stop_on_tie),
            true,
            &mut BeadCosts::new(model, &lengths, lexicon.as_ref()),
        );
        second
            .beads
            .iter()
            .zip(&second.posteriors)
            .map(|(&(i, j, k), &score)| Bead {
                source: i..i + SHAPES[k].0,
                target: j..j + SHAPES[k].1,
                score,
            })
            .collect()
    }

    /// Lengths and raw lexical keys of one side.
    fn side(&self, sentences: &[&str], lang: Lang, phrases: Option<&Phrases>) -> Side {
        let mut side = Side {
            len: Vec::with_capacity(sentences.len()),
            start: Vec::with_capacity(sentences.len() + 1),
            ..Side::default()
        };
        side.start.push(0);
        let mut scratch = Extract::default();
        for sentence in sentences {
            side.len.push(sentence.trim().chars().count() as f64);
            if let Some(matcher) = &self.matcher {
                // A sentence of megabytes (a text without sentence ends)
                // is read for keys a part at a time, in bounded memory.
                for part in crate::input::parts(sentence, KEY_PART_BYTES) {
                    keys(matcher, phrases, part, lang, &mut scratch, &mut side);
                }
            }
            side.start.push(side.raw.len());
        }
        side
    }
}

/// The longest part of a sentence read for keys at once.
const KEY_PART_BYTES: usize = 64 << 10;
