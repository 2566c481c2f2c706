//! Sentence alignment of a document and its translation: which sentences of
//! one side say what which sentences of the other say.
//!
//! An alignment is a sequence of *beads*, each pairing consecutive source
//! sentences with consecutive target sentences: 1:1, a sentence with no
//! counterpart (1:0, 0:1), a sentence translated as two (1:2) or two as one
//! (2:1), and 2:2. Beads cover every sentence of both sides, in order. The
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
//!   0.0099, 2:1 or 1:2 0.089, 2:2 0.011, each pair's share split evenly
//!   between its two shapes.
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
//! [`AlignOptions::max_cells`] cells. The keys each sentence pair of a band
//! has in common are computed once per band, so that a bead of several
//! sentences only unites short lists. Time and memory are linear in the
//! documents' length for a given band width. Pass 2 also runs
//! forward–backward over its band: each bead's [`Bead::score`] is its
//! posterior probability under the model.
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

pub mod report;

use std::hash::Hasher;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

use crate::analysis::matcher::{Match, Matcher, Scratch};
use crate::analysis::normalize::{fold_key, lower_key};
use crate::analysis::tokenize::{Token, TokenKind, Tokens, tokenize, tokenize_into};
use crate::error::{Error, Result};
use crate::glossary::Glossary;
use crate::lang::Lang;

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

/// Half-width of pass 1's band around its reference path.
const FIRST_BAND: usize = 16;
/// The bead shapes considered: (source sentences, target sentences).
const SHAPES: [(usize, usize); 6] = [(1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2)];
/// Gale & Church (1993), table 5: P(1:1) = 0.89, P(1:0 or 0:1) = 0.0099,
/// P(2:1 or 1:2) = 0.089, P(2:2) = 0.011; in the order of [`SHAPES`].
const PRIORS: [f64; 6] = [0.89, 0.00495, 0.00495, 0.0445, 0.0445, 0.011];
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
            self.options.max_cells,
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
            self.options.max_cells,
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
                keys(matcher, phrases, sentence, lang, &mut scratch, &mut side);
            }
            side.start.push(side.raw.len());
        }
        side
    }
}

/// One side of a document pair: sentence lengths and raw lexical keys.
#[derive(Default)]
struct Side {
    /// Characters per sentence.
    len: Vec<f64>,
    /// Hashed keys: sentence i has `raw[start[i]..start[i + 1]]`.
    raw: Vec<(u64, Channel)>,
    start: Vec<usize>,
    /// The cognate prefix keys of the side.
    prefixes: FxHashSet<u64>,
    /// Folded words of five letters or more, for edit-similar cognates.
    vocab: FxHashSet<Box<str>>,
}

/// Scratch buffers for key extraction, reused across sentences.
#[derive(Default)]
struct Extract {
    tokens: Tokens,
    scratch: Scratch,
    matches: Vec<Match>,
    lower: String,
    fold: String,
    /// The folded tokens of the sentence, concatenated; `spans` index them.
    folded: String,
    spans: Vec<Range<usize>>,
    digits: String,
}

/// Appends the keys of one sentence to `side.raw`.
fn keys(
    matcher: &Matcher,
    phrases: Option<&Phrases>,
    text: &str,
    lang: Lang,
    sc: &mut Extract,
    side: &mut Side,
) {
    tokenize_into(text, &mut sc.tokens);
    sc.matches.clear();
    let tokens = &sc.tokens.tokens;
    matcher.find(lang, text, tokens, 0, &mut sc.scratch, &mut sc.matches);
    for m in &sc.matches {
        let h = key_hash(Channel::Concept, &m.term.concept.to_le_bytes());
        side.raw.push((h, Channel::Concept));
    }
    sc.folded.clear();
    sc.spans.clear();
    let mut sentence = u32::MAX;
    let mut seen_word = false;
    let mut number_end = 0;
    for (t, token) in tokens.iter().enumerate() {
        let word = token.text(text);
        lower_key(word, &mut sc.lower);
        fold_key(&sc.lower, &mut sc.fold);
        let at = sc.folded.len();
        sc.folded.push_str(&sc.fold);
        sc.spans.push(at..sc.folded.len());
        if token.sentence != sentence {
            sentence = token.sentence;
            seen_word = false;
        }
        match token.kind {
            // Inside a number already pushed with its thousands groups.
            TokenKind::Number if t < number_end => {}
            TokenKind::Number => {
                number_end = t + 1;
                if word.len() <= 3 && word.bytes().all(|b| b.is_ascii_digit()) {
                    while number_end < tokens.len()
                        && is_thousands_group(text, &tokens[number_end - 1], &tokens[number_end])
                    {
                        number_end += 1;
                    }
                }
                let number = &text[token.start..tokens[number_end - 1].end];
                push_number(number, &mut sc.digits, side);
            }
            TokenKind::Word if word.bytes().any(|b| b.is_ascii_digit()) => {
                for run in word.split(|c: char| !c.is_ascii_digit()) {
                    push_number(run, &mut sc.digits, side);
                }
            }
            TokenKind::Word => {
                let fold = sc.fold.as_str();
                let letters = fold.chars().count();
                let capital = word.chars().next().is_some_and(char::is_uppercase);
                if seen_word && capital && letters >= 2 {
                    let h = key_hash(Channel::Name, fold.as_bytes());
                    side.raw.push((h, Channel::Name));
                }
                if letters >= 4 {
                    let h = key_hash(Channel::Cognate, prefix4(fold).as_bytes());
                    side.raw.push((h, Channel::Cognate));
                    side.prefixes.insert(h);
                    if letters >= 5 && !side.vocab.contains(fold) {
                        side.vocab.insert(fold.into());
                    }
                }
            }
            TokenKind::Elided | TokenKind::Clitic => {}
        }
        seen_word |= token.kind == TokenKind::Word;
    }
    if let Some(phrases) = phrases {
        phrases.find(&sc.folded, &sc.spans, |class| {
            let h = key_hash(Channel::Dictionary, &class.to_le_bytes());
            side.raw.push((h, Channel::Dictionary));
        });
    }
}

fn key_hash(channel: Channel, bytes: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.write_u8(channel as u8);
    h.write(bytes);
    h.write_u8(0xff);
    h.finish()
}

/// The first four characters of a word.
fn prefix4(word: &str) -> &str {
    word.char_indices()
        .nth(4)
        .map_or(word, |(at, _)| &word[..at])
}

/// Whether `next` continues the number `prev` as a group of thousands
/// written after a space (French and Spanish style: 1 200, 1 200 000).
fn is_thousands_group(text: &str, prev: &Token, next: &Token) -> bool {
    let group = &text[next.start..next.end];
    let mut between = text[prev.end..next.start].chars();
    next.kind == TokenKind::Number
        && group.len() == 3
        && group.bytes().all(|b| b.is_ascii_digit())
        && matches!(
            between.next(),
            Some(' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
        )
        && between.next().is_none()
}

/// Pushes the number key of a token: its digits, other characters being
/// separators (1,200 = 1.200 = 1200), leading zeros dropped.
fn push_number(token: &str, digits: &mut String, side: &mut Side) {
    digits.clear();
    let mut any = false;
    for b in token.bytes().filter(u8::is_ascii_digit) {
        any = true;
        if !(digits.is_empty() && b == b'0') {
            digits.push(b as char);
        }
    }
    if !any {
        return;
    }
    if digits.is_empty() {
        digits.push('0');
    }
    side.raw.push((
        key_hash(Channel::Number, digits.as_bytes()),
        Channel::Number,
    ));
}

// Lengths (Gale & Church)

/// Prefix sums of the sentence lengths of both sides.
struct Lengths {
    s: Vec<f64>,
    t: Vec<f64>,
}

impl Lengths {
    fn new(source: &[f64], target: &[f64]) -> Lengths {
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
    fn ratio(&self) -> f64 {
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
    fn diagonal(&self) -> Vec<(usize, usize)> {
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
struct LengthModel {
    /// Expected target characters per source character.
    c: f64,
    /// Variance of target characters per source character.
    s2: f64,
    /// −ln P(shape), in [`SHAPES`] order.
    prior: [f64; 6],
}

impl LengthModel {
    fn new(c: f64, s2: f64) -> LengthModel {
        LengthModel {
            c,
            s2,
            prior: PRIORS.map(|p| -p.ln()),
        }
    }

    /// The standardised length difference δ.
    fn delta(&self, ls: f64, lt: f64) -> f64 {
        let mean = ((ls + lt / self.c) / 2.0).max(1.0);
        (self.c * ls - lt) / (self.s2 * mean).sqrt()
    }

    /// Prior and length cost of the bead of shape `k` starting at (i, j).
    fn bead(&self, lengths: &Lengths, i: usize, j: usize, k: usize) -> f64 {
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
    fn estimate(lengths: &Lengths, beads: &[(usize, usize, usize)], c0: f64) -> LengthModel {
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

// Lexical evidence

/// The lexical keys of both sides, interned, with their log-likelihood
/// ratios under the current estimate of each channel's `p`.
struct Lexicon {
    /// The channel of each key id.
    channel: Vec<Channel>,
    /// Document frequency of each key on each side.
    df: [Vec<u32>; 2],
    source: Units,
    target: Units,
}

/// The keys of one side's sentences, sorted, with what they contribute to a
/// bead's LLR. A *unit* is one sentence (`i`) or two adjacent ones (`n + i`
/// for i and i + 1); indexes `[0]` and `[1]` are for a bead whose other side
/// has one or two sentences.
struct Units {
    n: usize,
    /// Sentence i has `keys[start[i]..start[i + 1]]`.
    start: Vec<usize>,
    keys: Vec<u32>,
    /// The keys sentences i and i + 1 share: `shared[shared_start[i]..shared_start[i + 1]]`.
    shared_start: Vec<usize>,
    shared: Vec<u32>,
    /// Per key id: the LLR gained when the key is found on the other side
    /// rather than missed.
    gain: Vec<[f32; 2]>,
    /// Per unit: the LLR when none of its keys is found.
    missed: Vec<[f64; 2]>,
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
    fn sentence(&self, i: usize) -> &[u32] {
        &self.keys[self.start[i]..self.start[i + 1]]
    }

    /// The unit of the `count` (1 or 2) sentences from i.
    fn unit(&self, i: usize, count: usize) -> usize {
        if count == 1 { i } else { self.n + i }
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
        self.missed = single.into_iter().chain(pairs).collect();
    }
}

/// Calls `f` with each value in both sorted slices.
fn intersect(x: &[u32], y: &[u32], mut f: impl FnMut(u32)) {
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
fn union(x: &[u32], y: &[u32], mut f: impl FnMut(u32)) {
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
    fn build(src: &Side, tgt: &Side) -> Lexicon {
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
    fn estimate(&mut self, beads: &[(usize, usize, usize)]) {
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
    /// b from `band.lo[a - 1]` to `band.hi[a] + 1` (a bead starting at
    /// column `hi` reaches `hi + 1`).
    fn build(&mut self, lexicon: &Lexicon, band: &Band) {
        let (n, m) = (lexicon.source.n, lexicon.target.n);
        self.lo.clear();
        self.off.clear();
        self.start.clear();
        self.keys.clear();
        for a in 0..n {
            let lo = band.lo[a.saturating_sub(1)];
            let end = (band.hi[a] + 2).min(m);
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
struct BeadCosts<'a> {
    model: LengthModel,
    lengths: &'a Lengths,
    lexicon: Option<&'a Lexicon>,
    common: Common,
    buf: [Vec<u32>; 2],
}

impl<'a> BeadCosts<'a> {
    fn new(
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
        let (ns, nt) = (di - 1, dj - 1);
        let missed = src.missed[src.unit(i, di)][nt] + tgt.missed[tgt.unit(j, dj)][ns];
        let mut gain = 0.0f32;
        let mut add = |k: u32| gain += src.gain[k as usize][nt] + tgt.gain[k as usize][ns];
        let common = &self.common;
        match (di, dj) {
            (1, 1) => common.get(i, j).iter().for_each(|&k| add(k)),
            (2, 1) => union(common.get(i, j), common.get(i + 1, j), add),
            (1, 2) => union(common.get(i, j), common.get(i, j + 1), add),
            _ => {
                let [x, y] = &mut self.buf;
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

/// Bead costs for the search: prepared once per band, then asked per bead.
trait Costs {
    fn prepare(&mut self, band: &Band);
    /// The cost of the bead of shape `k` starting at (i, j).
    fn cost(&mut self, i: usize, j: usize, k: usize) -> f64;
}

impl Costs for BeadCosts<'_> {
    fn prepare(&mut self, band: &Band) {
        if let Some(lexicon) = self.lexicon {
            self.common.build(lexicon, band);
        }
    }

    fn cost(&mut self, i: usize, j: usize, k: usize) -> f64 {
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
    fn anchor_rows(
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

/// Union–find over cognate prefix keys.
#[derive(Default)]
struct Links {
    parent: FxHashMap<u64, u64>,
}

impl Links {
    fn find(&self, mut x: u64) -> u64 {
        while let Some(&p) = self.parent.get(&x) {
            x = p;
        }
        x
    }

    fn union(&mut self, a: u64, b: u64) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.parent.insert(a.max(b), a.min(b));
        }
    }
}

/// Ties the prefixes of edit-similar words (normalised similarity ≥ 0.8,
/// five letters or more) across the sides, among words whose own prefix has
/// no counterpart on the other side (Syria / Siria). Candidates come from a
/// symmetric-deletion index (words one deletion apart), then are checked.
fn cognate_links(src: &Side, tgt: &Side) -> Links {
    let mut links = Links::default();
    fn lonely<'a>(side: &'a Side, other: &Side) -> Vec<(&'a str, Vec<char>, u64)> {
        let mut words: Vec<(&str, Vec<char>, u64)> = side
            .vocab
            .iter()
            .map(|w| {
                (
                    &**w,
                    w.chars().collect(),
                    key_hash(Channel::Cognate, prefix4(w).as_bytes()),
                )
            })
            .filter(|(_, _, h)| !other.prefixes.contains(h))
            .collect();
        words.sort_unstable_by(|a, b| a.0.cmp(b.0));
        words
    }
    let (s_words, t_words) = (lonely(src, tgt), lonely(tgt, src));
    if s_words.is_empty() || t_words.is_empty() {
        return links;
    }
    let mut index: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
    for (at, (_, chars, _)) in t_words.iter().enumerate() {
        deletions(chars, |h| index.entry(h).or_default().push(at as u32));
    }
    let mut row = Vec::new();
    for (_, chars, prefix) in &s_words {
        deletions(chars, |h| {
            for &at in index.get(&h).map_or(&[][..], Vec::as_slice) {
                let (_, other, other_prefix) = &t_words[at as usize];
                let longest = chars.len().max(other.len());
                if 5 * levenshtein(chars, other, &mut row) <= longest {
                    links.union(*prefix, *other_prefix);
                }
            }
        });
    }
    links
}

/// Calls `f` with the hash of the word and of each one-letter deletion.
fn deletions(chars: &[char], mut f: impl FnMut(u64)) {
    for skip in 0..=chars.len() {
        let mut h = FxHasher::default();
        for (i, &c) in chars.iter().enumerate() {
            if i != skip {
                h.write_u32(c as u32);
            }
        }
        f(h.finish());
    }
}

fn levenshtein(a: &[char], b: &[char], row: &mut Vec<usize>) -> usize {
    row.clear();
    row.extend(0..=b.len());
    for (i, &x) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &y) in b.iter().enumerate() {
            let next = (diagonal + usize::from(x != y))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

// Search

/// The cells searched: row i (source sentences consumed) spans target
/// columns `lo[i]..=hi[i]`; cells are stored row after row from `off[i]`.
struct Band {
    lo: Vec<usize>,
    hi: Vec<usize>,
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
struct Solution {
    beads: Vec<(usize, usize, usize)>,
    posteriors: Vec<f64>,
}

impl Solution {
    /// The column span of each of the rows 0..=n the path goes through.
    fn rows(&self, n: usize) -> Vec<(usize, usize)> {
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
fn search(
    rows: Vec<(usize, usize)>,
    w: usize,
    (n, m): (usize, usize),
    max_cells: usize,
    posterior: bool,
    costs: &mut impl Costs,
) -> Solution {
    let (mut rows, mut w, mut moved) = (rows, w, 0);
    let mut band = Band::around(&rows, w, m);
    loop {
        costs.prepare(&band);
        let path = best_path(&band, (n, m), posterior, costs);
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
        (vec![inf; cells], vec![[inf; 6]; cells])
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
            let mut ways = [inf; 6];
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
    Solution { beads, posteriors }
}

/// Each bead's posterior probability, by a backward pass.
fn posteriors(
    band: &Band,
    (n, m): (usize, usize),
    beads: &[(usize, usize, usize)],
    fwd: &[f64],
    trans: &[[f64; 6]],
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
            let mut ways = [f64::INFINITY; 6];
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

// Dictionary

/// A bilingual word list, used as extra lexical evidence: pairs of a source
/// word or phrase and its translation.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dictionary {
    /// The languages of the two columns, when a header line names them
    /// (`en<TAB>fr`). An aligner for the opposite direction uses the
    /// dictionary reversed.
    pub langs: Option<(Lang, Lang)>,
    entries: Vec<(String, String)>,
}

impl Dictionary {
    /// Reads the tab-separated glossaries of DeepL (`source<TAB>target`) and
    /// OmegaT (`source<TAB>target<TAB>comment`, the comment ignored). Blank
    /// lines and lines starting with `#` are skipped; a first line of two
    /// language codes is a header. `path` names the file in errors.
    pub fn from_tsv(text: &str, path: &Path) -> Result<Dictionary> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut dictionary = Dictionary::default();
        let mut first = true;
        for (at, line) in text.split('\n').enumerate() {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let here = |message: &str| Error::format(path, Some(at as u64 + 1), None, message);
            let mut fields = line.split('\t');
            let source = fields.next().unwrap_or_default().trim();
            let Some(target) = fields.next().map(str::trim) else {
                return Err(here(
                    "expected source<TAB>target (a DeepL or OmegaT glossary line), found no tab",
                ));
            };
            if std::mem::take(&mut first) {
                let lang = |field: &str| field.split(['-', '_']).next()?.parse::<Lang>().ok();
                if let (Some(s), Some(t)) = (lang(source), lang(target)) {
                    dictionary.langs = Some((s, t));
                    continue;
                }
            }
            if source.is_empty() {
                return Err(here("empty source term"));
            }
            if target.is_empty() {
                return Err(here("empty target term"));
            }
            dictionary
                .entries
                .push((source.to_string(), target.to_string()));
        }
        Ok(dictionary)
    }

    /// A dictionary from (source, target) pairs.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Dictionary {
        Dictionary {
            langs: None,
            entries: pairs
                .into_iter()
                .map(|(s, t)| (s.to_string(), t.to_string()))
                .collect(),
        }
    }

    /// The (source, target) pairs in file order.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries.iter().map(|(s, t)| (s.as_str(), t.as_str()))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// A dictionary compiled for lookup: phrases of each side with the class of
/// translations they belong to (entries sharing a phrase share a class).
struct DictIndex {
    source: Phrases,
    target: Phrases,
}

/// The folded words of a phrase after its first, and its class.
type Phrase = (Vec<Box<str>>, u32);

/// Phrases (folded tokens) by their first token.
#[derive(Default)]
struct Phrases {
    by_first: FxHashMap<Box<str>, Vec<Phrase>>,
}

impl Phrases {
    /// Calls `hit` with the class of every phrase occurring in a sentence
    /// whose folded tokens are `folded[spans[i]]`.
    fn find(&self, folded: &str, spans: &[Range<usize>], mut hit: impl FnMut(u32)) {
        for (i, span) in spans.iter().enumerate() {
            let Some(candidates) = self.by_first.get(&folded[span.clone()]) else {
                continue;
            };
            for (rest, class) in candidates {
                let following = &spans[i + 1..];
                if following.len() >= rest.len()
                    && rest
                        .iter()
                        .zip(following)
                        .all(|(word, span)| **word == folded[span.clone()])
                {
                    hit(*class);
                }
            }
        }
    }
}

impl DictIndex {
    fn new(dictionary: &Dictionary, reversed: bool) -> DictIndex {
        let fold = |phrase: &str| -> Vec<Box<str>> {
            let (mut lower, mut folded) = (String::new(), String::new());
            tokenize(phrase)
                .tokens
                .iter()
                .map(|t| {
                    lower_key(t.text(phrase), &mut lower);
                    fold_key(&lower, &mut folded);
                    folded.as_str().into()
                })
                .collect()
        };
        // Phrase ids: source phrases first, then target phrases.
        let mut ids: [FxHashMap<Vec<Box<str>>, usize>; 2] = Default::default();
        let mut pairs = Vec::new();
        for (s, t) in dictionary.entries() {
            let (s, t) = if reversed { (t, s) } else { (s, t) };
            let (s, t) = (fold(s), fold(t));
            if s.is_empty() || t.is_empty() {
                continue;
            }
            let next = ids[0].len();
            let a = *ids[0].entry(s).or_insert(next);
            let next = ids[1].len();
            let b = *ids[1].entry(t).or_insert(next);
            pairs.push((a, b));
        }
        let offset = ids[0].len();
        let mut parent: Vec<usize> = (0..offset + ids[1].len()).collect();
        fn root(parent: &mut [usize], mut x: usize) -> usize {
            while parent[x] != x {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            x
        }
        for (a, b) in pairs {
            let (ra, rb) = (root(&mut parent, a), root(&mut parent, offset + b));
            parent[ra.max(rb)] = ra.min(rb);
        }
        let [source_ids, target_ids] = ids;
        let mut side = |ids: FxHashMap<Vec<Box<str>>, usize>, base: usize| {
            let mut phrases = Phrases::default();
            for (mut words, id) in ids {
                let class = root(&mut parent, base + id) as u32;
                let first = words.remove(0);
                phrases
                    .by_first
                    .entry(first)
                    .or_default()
                    .push((words, class));
            }
            phrases
        };
        DictIndex {
            source: side(source_ids, 0),
            target: side(target_ids, offset),
        }
    }
}

// Gold and scores

/// Precision, recall and F1 of predicted links against gold links.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Scores {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Links predicted, in the gold, and both.
    pub predicted: usize,
    pub gold: usize,
    pub correct: usize,
}

impl Scores {
    /// The scores of given counts (for micro-averages over documents). With
    /// nothing predicted, precision is 1; with no gold, recall is 1.
    pub fn from_counts(predicted: usize, gold: usize, correct: usize) -> Scores {
        let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
        let (precision, recall) = (ratio(correct, predicted), ratio(correct, gold));
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Scores {
            precision,
            recall,
            f1,
            predicted,
            gold,
            correct,
        }
    }
}

/// The links of beads: `(Some(s), Some(t))` for every pair in a bead with
/// two non-empty sides, `(Some(s), None)` and `(None, Some(t))` for the
/// sentences of 1:0 and 0:1 beads.
pub fn links(beads: &[Bead]) -> FxHashSet<(Option<usize>, Option<usize>)> {
    let mut links = FxHashSet::default();
    for bead in beads {
        if bead.target.is_empty() {
            links.extend(bead.source.clone().map(|s| (Some(s), None)));
        } else if bead.source.is_empty() {
            links.extend(bead.target.clone().map(|t| (None, Some(t))));
        } else {
            for s in bead.source.clone() {
                links.extend(bead.target.clone().map(|t| (Some(s), Some(t))));
            }
        }
    }
    links
}

/// Scores predicted beads against gold beads, link by link (see the
/// [module documentation](self)).
pub fn score(predicted: &[Bead], gold: &[Bead]) -> Scores {
    let (p, g) = (links(predicted), links(gold));
    Scores::from_counts(p.len(), g.len(), p.intersection(&g).count())
}

/// Reads a gold alignment (format in the [module documentation](self)).
/// `path` names the file in errors; beads get score 1.
pub fn read_gold(text: &str, path: &Path) -> Result<Vec<Bead>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut beads: Vec<Bead> = Vec::new();
    let mut ends = [0usize; 2];
    for (at, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if (line.trim().is_empty() && !line.contains('\t')) || line.trim_start().starts_with('#') {
            continue;
        }
        let here = |message: String| Error::format(path, Some(at as u64 + 1), None, message);
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() != 2 {
            return Err(here(format!(
                "expected SOURCE<TAB>TARGET sentence numbers (e.g. 3,4<TAB>3), found {} field{}",
                fields.len(),
                if fields.len() == 1 { "" } else { "s" }
            )));
        }
        let mut ranges = [0..0, 0..0];
        for (side, (field, name)) in fields.iter().zip(["source", "target"]).enumerate() {
            let range =
                parse_sentences(field).map_err(|why| here(format!("{name} side: {why}")))?;
            if !range.is_empty() && range.start < ends[side] {
                return Err(here(format!(
                    "{name} sentence {} is not after the previous bead's (beads must be in order)",
                    range.start + 1
                )));
            }
            if !range.is_empty() {
                ends[side] = range.end;
            }
            ranges[side] = range;
        }
        let [source, target] = ranges;
        if source.is_empty() && target.is_empty() {
            return Err(here("a bead needs a sentence on at least one side".into()));
        }
        beads.push(Bead {
            source,
            target,
            score: 1.0,
        });
    }
    Ok(beads)
}

/// Parses `3,4` (or `3-4`) into the 0-based range 2..4; empty is an empty
/// range.
fn parse_sentences(field: &str) -> std::result::Result<Range<usize>, String> {
    let field = field.trim();
    if field.is_empty() {
        return Ok(0..0);
    }
    let mut range: Option<Range<usize>> = None;
    for part in field.split(',') {
        let part = part.trim();
        let number = |text: &str| -> std::result::Result<usize, String> {
            match text.trim().parse::<usize>() {
                Ok(0) => Err("sentence numbers start at 1".into()),
                Ok(n) => Ok(n),
                Err(_) => Err(format!(
                    "{part:?} is not a sentence number or range (1-based: 3,4 or 3-4)"
                )),
            }
        };
        let (first, last) = match part.split_once('-') {
            Some((a, b)) => (number(a)?, number(b)?),
            None => (number(part)?, number(part)?),
        };
        if last < first {
            return Err(format!("{part:?} is a range backwards"));
        }
        range = match range {
            None => Some(first - 1..last),
            Some(r) if r.end + 1 == first => Some(r.start..last),
            Some(r) => {
                return Err(format!(
                    "sentences must be consecutive: {first} after {}",
                    r.end
                ));
            }
        };
    }
    Ok(range.unwrap_or(0..0))
}

/// Writes beads in the gold format, one per line.
pub fn format_gold(beads: &[Bead]) -> String {
    let side = |r: &Range<usize>| {
        r.clone()
            .map(|i| (i + 1).to_string())
            .collect::<Vec<_>>()
            .join(",")
    };
    beads
        .iter()
        .map(|b| format!("{}\t{}\n", side(&b.source), side(&b.target)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One short news story on migration, sentence by sentence, in the
    /// order of [`Lang::ALL`] (en, fr, es).
    const STORY: [[&str; 8]; 3] = [
        [
            "The government announced new rules for asylum seekers on Monday.",
            "About 1,200 migrants arrived in Lampedusa last week, according to the Italian coast guard.",
            "The UNHCR said that the reception centres on the island were full.",
            "Human rights groups criticised the decision.",
            "The minister will present the plan to Parliament in March.",
            "Local authorities in Sicily asked for more resources and more staff.",
            "In 2019, Italy registered 11,471 arrivals by sea.",
            "Amnesty International called for safe and legal routes.",
        ],
        [
            "Le gouvernement a annoncé lundi de nouvelles règles pour les demandeurs d'asile.",
            "Environ 1 200 migrants sont arrivés à Lampedusa la semaine dernière, selon les garde-côtes italiens.",
            "Le HCR a déclaré que les centres d'accueil de l'île étaient pleins.",
            "Les organisations de défense des droits humains ont critiqué la décision.",
            "Le ministre présentera le plan au Parlement en mars.",
            "Les autorités locales de Sicile ont demandé davantage de moyens et de personnel.",
            "En 2019, l'Italie a enregistré 11 471 arrivées par la mer.",
            "Amnesty International a appelé à des voies sûres et légales.",
        ],
        [
            "El Gobierno anunció el lunes nuevas normas para los solicitantes de asilo.",
            "Unos 1.200 migrantes llegaron a Lampedusa la semana pasada, según los guardacostas italianos.",
            "El ACNUR dijo que los centros de acogida de la isla estaban llenos.",
            "Los grupos de derechos humanos criticaron la decisión.",
            "El ministro presentará el plan al Parlamento en marzo.",
            "Las autoridades locales de Sicilia pidieron más recursos y más personal.",
            "En 2019, Italia registró 11.471 llegadas por mar.",
            "Amnistía Internacional pidió vías seguras y legales.",
        ],
    ];

    /// A sentence from another story, in each language.
    const FOREIGN: [&str; 3] = [
        "The weather will be sunny tomorrow along the whole northern coast.",
        "Demain, le temps sera ensoleillé sur toute la côte nord.",
        "Mañana hará sol en toda la costa norte.",
    ];

    /// The language pairs every case runs for.
    const PAIRS: [(Lang, Lang); 3] = [
        (Lang::En, Lang::Fr),
        (Lang::En, Lang::Es),
        (Lang::Fr, Lang::Es),
    ];

    /// The built-in glossary, compiled once for all tests.
    fn matcher() -> Arc<Matcher> {
        static MATCHER: std::sync::OnceLock<Arc<Matcher>> = std::sync::OnceLock::new();
        MATCHER
            .get_or_init(|| Arc::new(Matcher::new(&Glossary::builtin())))
            .clone()
    }

    fn aligner_with(source: Lang, target: Lang, options: AlignOptions) -> Aligner {
        Aligner::with_matcher(matcher(), source, target, options)
    }

    fn aligner(source: Lang, target: Lang) -> Aligner {
        aligner_with(source, target, AlignOptions::default())
    }

    fn bead(source: Range<usize>, target: Range<usize>) -> Bead {
        Bead {
            source,
            target,
            score: 1.0,
        }
    }

    /// The beads as (source, target) ranges, without scores.
    fn shape(beads: &[Bead]) -> Vec<(Range<usize>, Range<usize>)> {
        beads
            .iter()
            .map(|b| (b.source.clone(), b.target.clone()))
            .collect()
    }

    /// Beads cover both sides in order, each bead has a permitted shape and
    /// a score in 0..=1.
    fn check_cover(beads: &[Bead], n: usize, m: usize) {
        let (mut i, mut j) = (0, 0);
        for b in beads {
            assert_eq!((b.source.start, b.target.start), (i, j), "{beads:?}");
            let (di, dj) = (b.source.len(), b.target.len());
            assert!(SHAPES.contains(&(di, dj)), "{b:?}");
            assert!((0.0..=1.0).contains(&b.score), "{b:?}");
            (i, j) = (b.source.end, b.target.end);
        }
        assert_eq!((i, j), (n, m), "{beads:?}");
    }

    /// Aligns the story in `source` with an edited story in `target` and
    /// compares with the expected beads, for every pair.
    fn case(
        edit: impl Fn(Vec<String>, Lang) -> Vec<String>,
        expected: &[(Range<usize>, Range<usize>)],
    ) {
        for (sl, tl) in PAIRS {
            let source = STORY[sl.index()].to_vec();
            let target = edit(
                STORY[tl.index()].iter().map(|s| s.to_string()).collect(),
                tl,
            );
            let target: Vec<&str> = target.iter().map(String::as_str).collect();
            let beads = aligner(sl, tl).align(&source, &target);
            check_cover(&beads, source.len(), target.len());
            assert_eq!(shape(&beads), expected, "{sl}-{tl}: {beads:?}");
        }
    }

    /// 1:1 beads for sentences `from..to` of both sides, shifted by `dj` on
    /// the target side.
    fn ones(from: usize, to: usize, dj: isize) -> Vec<(Range<usize>, Range<usize>)> {
        (from..to)
            .map(|i| {
                let j = (i as isize + dj) as usize;
                (i..i + 1, j..j + 1)
            })
            .collect()
    }

    #[test]
    fn a_faithful_translation_aligns_one_to_one() {
        case(|t, _| t, &ones(0, 8, 0));
    }

    #[test]
    fn two_sentences_translated_as_one_are_a_two_to_one_bead() {
        let mut expected = ones(0, 2, 0);
        expected.push((2..4, 2..3));
        expected.extend(ones(4, 8, -1));
        case(
            |mut t, _| {
                let merged = format!("{} {}", t[2], t[3]);
                t.splice(2..4, [merged]);
                t
            },
            &expected,
        );
    }

    #[test]
    fn a_sentence_translated_as_two_is_a_one_to_two_bead() {
        let mut expected = ones(0, 1, 0);
        expected.push((1..2, 1..3));
        expected.extend(ones(2, 8, 1));
        case(
            |mut t, _| {
                let comma = t[1].find(',').unwrap();
                let (a, b) = t[1].split_at(comma + 1);
                let (a, b) = (a.to_string(), b.trim().to_string());
                t.splice(1..2, [a, b]);
                t
            },
            &expected,
        );
    }

    #[test]
    fn a_dropped_sentence_is_a_one_to_zero_bead() {
        let mut expected = ones(0, 3, 0);
        expected.push((3..4, 3..3));
        expected.extend(ones(4, 8, -1));
        case(
            |mut t, _| {
                t.remove(3);
                t
            },
            &expected,
        );
    }

    #[test]
    fn an_inserted_sentence_is_a_zero_to_one_bead() {
        let mut expected = ones(0, 5, 0);
        expected.push((5..5, 5..6));
        expected.extend(ones(5, 8, 1));
        case(
            |mut t, lang| {
                t.insert(5, FOREIGN[lang.index()].to_string());
                t
            },
            &expected,
        );
    }

    #[test]
    fn two_sentences_rewritten_as_two_others_are_a_two_to_two_bead() {
        // The translation moves the split point: neither target sentence
        // translates one source sentence.
        let source = [
            STORY[0][4],
            "The government announced new rules for asylum seekers on Monday, and the UNHCR \
             said that the reception centres on the island of Lampedusa were full.",
            "Amnesty International criticised it.",
            STORY[0][5],
        ];
        let target = [
            STORY[1][4],
            "Le gouvernement a annoncé lundi de nouvelles règles pour les demandeurs d'asile.",
            "Le HCR a déclaré que les centres d'accueil de l'île de Lampedusa étaient pleins, \
             ce qu'Amnesty International a critiqué.",
            STORY[1][5],
        ];
        let beads = aligner(Lang::En, Lang::Fr).align(&source, &target);
        assert_eq!(shape(&beads), [(0..1, 0..1), (1..3, 1..3), (3..4, 3..4)]);
    }

    #[test]
    fn scores_are_confident_on_a_clean_pair() {
        let beads = aligner(Lang::En, Lang::Es).align(&STORY[0], &STORY[2]);
        assert!(beads.iter().all(|b| b.score > 0.9), "{beads:?}");
    }

    #[test]
    fn the_length_only_baseline_aligns_a_clean_pair() {
        let options = AlignOptions {
            lexical: false,
            ..AlignOptions::default()
        };
        let aligner = aligner_with(Lang::En, Lang::Fr, options);
        let beads = aligner.align(&STORY[0], &STORY[1]);
        assert_eq!(shape(&beads), ones(0, 8, 0));
    }

    #[test]
    fn odd_inputs_give_covering_beads() {
        let long = "word ".repeat(2000);
        let sides: Vec<Vec<&str>> = vec![
            vec![],
            vec![""],
            vec!["", "", ""],
            vec!["   "],
            vec!["no punctuation at all just words and more words"],
            vec![long.as_str()],
            vec!["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"],
            vec![
                "ÉÉÉ",
                "ß",
                "\u{301}",
                "🙂🙂",
                "a\tb\nc",
                "Ünïcödé Wörds Hère",
            ],
            STORY[0].to_vec(),
            STORY[1][..1].to_vec(),
            vec![STORY[2][3]; 40],
        ];
        for (sl, tl) in [(Lang::En, Lang::Fr), (Lang::Es, Lang::Es)] {
            for options in [
                AlignOptions::default(),
                AlignOptions {
                    lexical: false,
                    ..AlignOptions::default()
                },
            ] {
                let aligner = aligner_with(sl, tl, options);
                for source in &sides {
                    for target in &sides {
                        let beads = aligner.align(source, target);
                        check_cover(&beads, source.len(), target.len());
                    }
                }
            }
        }
    }

    #[test]
    fn an_empty_side_is_all_null_beads() {
        let aligner = aligner(Lang::En, Lang::Fr);
        let beads = aligner.align(&STORY[0][..3], &[]);
        assert_eq!(shape(&beads), [(0..1, 0..0), (1..2, 0..0), (2..3, 0..0)]);
        let beads = aligner.align(&[], &STORY[1][..2]);
        assert_eq!(shape(&beads), [(0..0, 0..1), (0..0, 1..2)]);
        assert!(aligner.align(&[], &[]).is_empty());
    }

    #[test]
    fn identical_documents_align_one_to_one() {
        let beads = aligner(Lang::En, Lang::En).align(&STORY[0], &STORY[0]);
        assert_eq!(shape(&beads), ones(0, 8, 0));
    }

    #[test]
    fn a_long_document_with_a_block_of_insertions_is_followed() {
        // 300 numbered sentences; 60 foreign ones inserted after the 150th
        // push the path 60 columns off the diagonal, beyond the first band.
        let source: Vec<String> = (0..300)
            .map(|i| {
                format!(
                    "Report {i} from Lampedusa counts {} arrivals by sea.",
                    1000 + 7 * i
                )
            })
            .collect();
        let mut target = source.clone();
        for k in 0..60 {
            target.insert(
                150 + k,
                format!("Unrelated line number {} about the weather.", 5000 + k),
            );
        }
        let source: Vec<&str> = source.iter().map(String::as_str).collect();
        let target: Vec<&str> = target.iter().map(String::as_str).collect();
        let beads = aligner(Lang::En, Lang::En).align(&source, &target);
        check_cover(&beads, 300, 360);
        let mut expected = ones(0, 150, 0);
        expected.extend((150..210).map(|j| (150..150, j..j + 1)));
        expected.extend(ones(150, 300, 60));
        assert_eq!(shape(&beads), expected);
    }

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
        let narrow = search(diagonal, 2, (n, m), usize::MAX, true, &mut Offset);
        let full = search(
            vec![(0, m); n + 1],
            0,
            (n, m),
            usize::MAX,
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
            2000,
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
        let path = search(vec![(0, 5); 6], 0, (5, 5), usize::MAX, true, &mut Diagonal);
        assert_eq!(path.beads.len(), 5);
        assert!(
            path.posteriors.iter().all(|&p| p > 0.999),
            "{:?}",
            path.posteriors
        );
    }

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

    /// The keys of one sentence, by channel.
    fn keys_of(text: &str, lang: Lang, dictionary: Option<&Phrases>) -> Vec<(u64, Channel)> {
        let matcher = matcher();
        let mut side = Side::default();
        keys(
            &matcher,
            dictionary,
            text,
            lang,
            &mut Extract::default(),
            &mut side,
        );
        side.raw
    }

    fn number(digits: &str) -> (u64, Channel) {
        (
            key_hash(Channel::Number, digits.as_bytes()),
            Channel::Number,
        )
    }

    #[test]
    fn numbers_are_compared_by_their_digits() {
        for (text, lang) in [
            ("About 1,200 migrants.", Lang::En),
            ("Environ 1 200 migrants.", Lang::Fr),
            ("Environ 1\u{202f}200 migrants.", Lang::Fr),
            ("Unos 1.200 migrantes.", Lang::Es),
            ("Unos 01200 migrantes.", Lang::Es),
        ] {
            let numbers: Vec<_> = keys_of(text, lang, None)
                .into_iter()
                .filter(|k| k.1 == Channel::Number)
                .collect();
            assert_eq!(numbers, [number("1200")], "{text}");
        }
        // A year is not a group of thousands of the number before it.
        let numbers: Vec<_> = keys_of("Le 12 2019 puis 3 000 000 et 0.", Lang::Fr, None)
            .into_iter()
            .filter(|k| k.1 == Channel::Number)
            .collect();
        assert_eq!(
            numbers,
            [number("12"), number("2019"), number("3000000"), number("0")]
        );
    }

    #[test]
    fn names_skip_the_first_word_of_a_sentence() {
        let name = |w: &str| (key_hash(Channel::Name, w.as_bytes()), Channel::Name);
        let keys = keys_of(
            "Migrants reached Lampedusa. Then Médecins Sans Frontières helped.",
            Lang::En,
            None,
        );
        let names: Vec<_> = keys.into_iter().filter(|k| k.1 == Channel::Name).collect();
        assert_eq!(
            names,
            [
                name("lampedusa"),
                name("medecins"),
                name("sans"),
                name("frontieres")
            ]
        );
    }

    #[test]
    fn glossary_concepts_are_keys() {
        for (lang, text) in [
            (Lang::En, "The asylum seekers waited."),
            (Lang::Fr, "Les demandeurs d'asile attendaient."),
            (Lang::Es, "Los solicitantes de asilo esperaban."),
        ] {
            let concepts: Vec<_> = keys_of(text, lang, None)
                .into_iter()
                .filter(|k| k.1 == Channel::Concept)
                .collect();
            assert!(!concepts.is_empty(), "{lang}: {text}");
        }
    }

    #[test]
    fn edit_similar_words_tie_their_prefixes() {
        let side = |sentences: &[&str], lang| aligner(lang, lang).side(sentences, lang, None);
        let en = side(&["Refugees from Syria arrived."], Lang::En);
        let es = side(&["Llegaron refugiados de Siria."], Lang::Es);
        let links = cognate_links(&en, &es);
        let prefix = |p: &str| key_hash(Channel::Cognate, p.as_bytes());
        assert_eq!(links.find(prefix("syri")), links.find(prefix("siri")));
        assert_ne!(links.find(prefix("arri")), links.find(prefix("lleg")));
    }

    #[test]
    fn a_dictionary_adds_keys_on_both_sides() {
        let dictionary = Dictionary::from_tsv(
            "# DeepL-style entries\nen\tfr\nboat people\tréfugiés de la mer\nshelter\tfoyer\n",
            Path::new("dict.tsv"),
        )
        .unwrap();
        assert_eq!(dictionary.langs, Some((Lang::En, Lang::Fr)));
        assert_eq!(dictionary.len(), 2);
        let options = AlignOptions {
            dictionary: Some(dictionary),
            ..AlignOptions::default()
        };
        // Built for fr→en, the en→fr dictionary is used reversed.
        for (sl, tl) in [(Lang::En, Lang::Fr), (Lang::Fr, Lang::En)] {
            let aligner = aligner_with(sl, tl, options.clone());
            let index = aligner.dictionary.as_ref().unwrap();
            let (en, fr) = if sl == Lang::En {
                (&index.source, &index.target)
            } else {
                (&index.target, &index.source)
            };
            let dict_keys = |text, lang, phrases| -> Vec<u64> {
                keys_of(text, lang, Some(phrases))
                    .into_iter()
                    .filter(|k| k.1 == Channel::Dictionary)
                    .map(|k| k.0)
                    .collect()
            };
            let a = dict_keys("The Boat People slept in a shelter.", Lang::En, en);
            let b = dict_keys(
                "Les réfugiés de la mer dormaient dans un foyer.",
                Lang::Fr,
                fr,
            );
            assert_eq!(a.len(), 2, "{sl}-{tl}");
            assert_eq!(
                a.iter().collect::<FxHashSet<_>>(),
                b.iter().collect::<FxHashSet<_>>(),
                "{sl}-{tl}"
            );
        }
    }

    #[test]
    fn dictionary_lines_are_checked() {
        let path = Path::new("glossary.tsv");
        let omegat = Dictionary::from_tsv(
            "\u{feff}asylum\tasile\tnoun, EU law\r\n\r\nrefugee\tréfugié\r\n",
            path,
        )
        .unwrap();
        assert_eq!(
            omegat.entries().collect::<Vec<_>>(),
            [("asylum", "asile"), ("refugee", "réfugié")]
        );
        assert_eq!(omegat.langs, None);
        for (text, message) in [
            (
                "asylum\tasile\nrefugee réfugié\n",
                "glossary.tsv:2: expected source<TAB>target",
            ),
            ("\tasile\n", "glossary.tsv:1: empty source term"),
            ("# c\nasylum\t \n", "glossary.tsv:2: empty target term"),
        ] {
            let error = Dictionary::from_tsv(text, path).unwrap_err().to_string();
            assert!(error.starts_with(message), "{error}");
        }
    }

    #[test]
    fn links_count_null_links() {
        let gold = [
            bead(0..1, 0..1),
            bead(1..3, 1..2),
            bead(3..4, 2..2),
            bead(4..4, 2..3),
        ];
        let all = links(&gold);
        assert_eq!(all.len(), 5);
        assert!(all.contains(&(Some(3), None)) && all.contains(&(None, Some(2))));
        let perfect = score(&gold, &gold);
        assert_eq!(
            (perfect.precision, perfect.recall, perfect.f1),
            (1.0, 1.0, 1.0)
        );
        assert_eq!(
            (perfect.predicted, perfect.gold, perfect.correct),
            (5, 5, 5)
        );
    }

    #[test]
    fn scores_give_partial_credit_link_by_link() {
        let gold = [
            bead(0..1, 0..1),
            bead(1..3, 1..2),
            bead(3..4, 2..2),
            bead(4..4, 2..3),
        ];
        // The 2:1 bead as 1:1 + 1:0, and the 1:0 + 0:1 as a wrong 1:1.
        let predicted = [
            bead(0..1, 0..1),
            bead(1..2, 1..2),
            bead(2..3, 2..2),
            bead(3..4, 2..3),
        ];
        let s = score(&predicted, &gold);
        // Predicted links: (0,0) (1,1) (2,∅) (3,2): 2 of them in the gold.
        assert_eq!((s.predicted, s.gold, s.correct), (4, 5, 2));
        assert!((s.precision - 0.5).abs() < 1e-12 && (s.recall - 0.4).abs() < 1e-12);
        assert!((s.f1 - 2.0 * 0.5 * 0.4 / 0.9).abs() < 1e-12);
        assert_eq!(Scores::from_counts(0, 0, 0).f1, 1.0);
        assert_eq!(Scores::from_counts(3, 4, 0).f1, 0.0);
        assert_eq!(Scores::from_counts(0, 4, 0).recall, 0.0);
    }

    #[test]
    fn gold_files_are_read_and_written() {
        let text = "# source\ttarget\r\n1\t1\r\n\r\n2,3\t2\n4\t\n\t3\n  # indented comment\n\
                    5\t4,5\n6-8\t6,7-8\n";
        let gold = read_gold(text, Path::new("gold.tsv")).unwrap();
        let expected = [
            (0..1, 0..1),
            (1..3, 1..2),
            (3..4, 0..0),
            (0..0, 2..3),
            (4..5, 3..5),
            (5..8, 5..8),
        ];
        assert_eq!(shape(&gold), expected);
        let written = format_gold(&gold);
        assert_eq!(written, "1\t1\n2,3\t2\n4\t\n\t3\n5\t4,5\n6,7,8\t6,7,8\n");
        assert_eq!(read_gold(&written, Path::new("again")).unwrap(), gold);
    }

    #[test]
    fn bad_gold_lines_name_file_and_line() {
        for (text, message) in [
            (
                "1\t1\n2\t2\t2\n",
                "gold.tsv:2: expected SOURCE<TAB>TARGET sentence numbers",
            ),
            ("1 1\n", "gold.tsv:1: expected SOURCE<TAB>TARGET"),
            (
                "# c\n\nx\t1\n",
                "gold.tsv:3: source side: \"x\" is not a sentence number",
            ),
            (
                "1\t1,3\n",
                "gold.tsv:1: target side: sentences must be consecutive: 3 after 1",
            ),
            (
                "0\t1\n",
                "gold.tsv:1: source side: sentence numbers start at 1",
            ),
            (
                "1\t1\n\t\n",
                "gold.tsv:2: a bead needs a sentence on at least one side",
            ),
            (
                "2\t2\n1\t3\n",
                "gold.tsv:2: source sentence 1 is not after the previous bead's",
            ),
            (
                "1,2\t1\n3\t1\n",
                "gold.tsv:2: target sentence 1 is not after the previous bead's",
            ),
            (
                "1\t-2\n",
                "gold.tsv:1: target side: \"-2\" is not a sentence number",
            ),
            (
                "1\t3-2\n",
                "gold.tsv:1: target side: \"3-2\" is a range backwards",
            ),
        ] {
            let error = read_gold(text, Path::new("gold.tsv"))
                .unwrap_err()
                .to_string();
            assert!(error.starts_with(message), "{text:?}: {error}");
        }
    }

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

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn sentence() -> impl Strategy<Value = String> {
            prop::string::string_regex("[A-Za-zÉéñ0-9 ,.'«»-]{0,40}").unwrap()
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(48))]

            #[test]
            fn any_sentences_give_covering_beads(
                source in prop::collection::vec(sentence(), 0..12),
                target in prop::collection::vec(sentence(), 0..12),
                lexical in any::<bool>(),
            ) {
                let options = AlignOptions { lexical, ..AlignOptions::default() };
                let aligner = aligner_with(Lang::Fr, Lang::Es, options);
                let source: Vec<&str> = source.iter().map(String::as_str).collect();
                let target: Vec<&str> = target.iter().map(String::as_str).collect();
                check_cover(&aligner.align(&source, &target), source.len(), target.len());
            }
        }
    }
}
