//! Language detection: English, French, Spanish, or "und" (none of these),
//! with the neighbour an "und" text looks most like as its `guess`.
//!
//! Three stages, each run only when the one before leaves the question open:
//!
//! 1. **The fast path** ([`Detector::detect_fast`]), for article-length text.
//!    * *Function words.* Each text is tokenized cheaply (lowercase, split
//!      on non-letters, French-style elisions such as `l'`, `d'`, `qu'` kept
//!      as words of their own, and so are English endings such as `'s`, `'t`,
//!      `'re` after an apostrophe; `’` counts as `'`) and every token is
//!      looked up in short lists of the most frequent closed-class words of
//!      English, French and Spanish and of the neighbours (`words.rs`). The
//!      number of tokens found in a language's list is its score, in *hits*.
//!    * *whatlang* (character trigrams), limited to en/fr/es for the choice
//!      among the three, and to en/fr/es/pt/it/ca/de to confirm that a text
//!      whose function words look Portuguese, Italian, Catalan or German
//!      really is one of those. Its choice counts as 0.5 to 2 hits, so it
//!      decides headlines and breaks ties; when the function-word margin is
//!      larger than its vote could overturn it is not run at all (only the
//!      first 4 KB of a text are looked at anyway).
//!
//!    A text is "und" when it has no letters or fewer than [`MIN_WORDS`]
//!    words, is mostly not in Latin script, or a distractor (pt, it, ca, de)
//!    leads: its function words clearly outnumber ours and whatlang agrees,
//!    or whatlang is confident of it and our function words do not outnumber
//!    its own.
//! 2. **The neighbours whatlang does not know** (`neighbours.rs`): Galician,
//!    Asturian, Aragonese, Occitan. A text the fast path gave to one of ours
//!    is "und" when such a neighbour's function words (and, for Galician
//!    against Spanish, spellings Spanish lacks: *xente*, *solucións*) lead.
//! 3. **The second opinion** (`second.rs`, `lexicon.rs`), for short text
//!    (fewer than 8 words: titles, terms, cells) and texts the fast path is
//!    unsure of: lingua's character n-gram models over en/fr/es/pt/it/ca/de
//!    decide a neighbour ("und") when sure of it; otherwise the fast path's
//!    belief, lingua's probabilities and the likelihood of the words in each
//!    language's word list (frequencies for frequent words) are multiplied,
//!    and the best of ours is taken if its share is enough (0.5; 0.9 for a
//!    single word, where "und" is better than a wrong label).
//!
//! The figures, and a reliability table of `confidence`, are in the README
//! (`examples/eval_detect.rs`).

mod lexicon;
mod neighbours;
mod second;
pub mod verify;
mod words;

pub use neighbours::Neighbour;
pub use words::*;

use crate::lang::Lang;
use std::ops::Range;

/// Result of detecting one text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Detection {
    /// None means "und": none of en/fr/es (e.g. Portuguese, Italian, Catalan, German), or too little text to tell.
    pub lang: Option<Lang>,
    /// 0.0..=1.0, how sure we are of `lang` (or of "none of these" when lang is None).
    ///
    /// For text too short (or without letters) to tell, `lang` is None and
    /// the confidence is 0.0: we are not sure of anything.
    pub confidence: f64,
    /// For "und": the neighbour language the text looks most like, when
    /// there is one (Galician rather than nothing). Always None when `lang`
    /// is one of ours.
    pub guess: Option<Neighbour>,
}

impl Detection {
    const UNKNOWN: Detection = Detection {
        lang: None,
        confidence: 0.0,
        guess: None,
    };

    /// A language known rather than detected (`--lang`, or declared by the
    /// input): full confidence. None is a language other than ours.
    pub fn imposed(lang: Option<Lang>) -> Detection {
        Detection {
            lang,
            confidence: 1.0,
            guess: None,
        }
    }

    fn ours(lang: Lang, confidence: f64) -> Detection {
        Detection {
            lang: Some(lang),
            confidence,
            guess: None,
        }
    }

    fn neighbour(guess: Option<Neighbour>, confidence: f64) -> Detection {
        Detection {
            lang: None,
            confidence,
            guess,
        }
    }
}

// ---------------------------------------------------------------------------
// Function-word lists.
//
// Our own selection of the most frequent closed-class words (articles,
// prepositions and their contractions, pronouns, conjunctions, auxiliaries and
// a few very frequent adverbs) of each language, as found at the top of any
// frequency list of news text. Words are lowercase, at most 8 bytes of UTF-8
// (longer tokens are never looked up), and each list is sorted by bytes and
// free of duplicates (checked by a unit test), so `binary_search` works on it.
// Elided forms end in an apostrophe (`l'`, `qu'`), English contraction
// endings start with one (`'s`, `'t`); a word may sit in several
// lists, where it then counts for each language (it just does not help to
// tell those apart).
// ---------------------------------------------------------------------------

/// Fewer words than this is too little text to tell: "und", confidence 0.
pub const MIN_WORDS: u32 = 2;

/// whatlang's choice among en/fr/es is worth `WHATLANG_VOTE_BASE +
/// WHATLANG_VOTE * confidence` function-word hits: less than one hit when
/// whatlang is unsure, so one function word then decides.
const WHATLANG_VOTE_BASE: f64 = 0.5;

const WHATLANG_VOTE: f64 = 1.5;

/// Function words are counted on at most this many bytes from the start.
const FW_SAMPLE_BYTES: usize = 4096;

/// whatlang looks at most at this many bytes from the start.
const WHATLANG_SAMPLE_BYTES: usize = 1024;

/// "und" needs more hits for the leading distractor than for our leading
/// language, and, counting only the words listed for one of the two, at
/// least this many for the distractor ...
const UND_MIN_LEAD: f64 = 2.0;

/// ... and this many times as many as for ours; and whatlang (limited to the
/// seven scored languages) must pick a distractor too ...
const UND_MIN_RATIO: f64 = 2.0;

/// ... unless the distractor's exclusive hits reach this number and ratio.
const UND_SURE_LEAD: f64 = 6.0;

const UND_SURE_RATIO: f64 = 3.0;

/// whatlang's confidence in a distractor that makes a text "und" when the
/// function words do not say otherwise.
const UND_WHATLANG_CONFIDENCE: f64 = 0.7;

// ---------------------------------------------------------------------------
// Word table: every listed word packed into a u64 (its UTF-8 bytes,
// little-endian), in an open-addressing hash table giving a bit mask of the
// scored languages whose list holds it.
// ---------------------------------------------------------------------------

/// What the tokenizer found in a text: the function-word evidence
/// [`Detector::detect`] and [`Detector::agrees_with`] decide from. Counts of
/// pieces of a text add up to the counts of the text when every cut falls
/// next to a byte that ends words (see [`Detector::document_counts`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Counts {
    /// Number of words (maximal runs of letters).
    words: u32,
    /// How many words had each class (set of scored languages, see
    /// [`WordTable`]); class 0 is the words of no list.
    by_class: [u32; MAX_CLASSES],
}

impl Counts {
    const ZERO: Counts = Counts {
        words: 0,
        by_class: [0; MAX_CLASSES],
    };

    fn add(&mut self, other: &Counts) {
        self.words += other.words;
        for (n, m) in self.by_class.iter_mut().zip(&other.by_class) {
            *n += m;
        }
    }

    /// The classes seen, as (mask of languages, words).
    fn seen(&self) -> impl Iterator<Item = (u16, u32)> + '_ {
        TABLE
            .masks
            .iter()
            .zip(&self.by_class)
            .skip(1)
            .filter(|&(_, &n)| n > 0)
            .map(|(&mask, &n)| (mask, n))
    }

    /// Function-word hits per scored language.
    fn hits(&self) -> [u32; N_SCORED] {
        let mut hits = [0; N_SCORED];
        for (mask, n) in self.seen() {
            for (i, h) in hits.iter_mut().enumerate() {
                if mask & (1 << i) != 0 {
                    *h += n;
                }
            }
        }
        hits
    }

    /// Hits of words listed for language `a` but not for language `b`.
    fn exclusive(&self, a: usize, b: usize) -> u32 {
        self.seen()
            .filter(|&(mask, _)| mask & (1 << a) != 0 && mask & (1 << b) == 0)
            .map(|(_, n)| n)
            .sum()
    }
}

/// A word being read: its bytes packed into `key` while they fit.
struct Word {
    key: u64,
    /// Length in bytes, the leading apostrophe included.
    len: u32,
    /// Whether the word starts with an apostrophe that followed letters
    /// ("'s" in "it's", "'t" in "don't").
    apostrophe: bool,
}

impl Word {
    const EMPTY: Word = Word {
        key: 0,
        len: 0,
        apostrophe: false,
    };

    /// Letters read so far.
    #[inline]
    fn letters(&self) -> u32 {
        self.len - u32::from(self.apostrophe)
    }

    #[inline]
    fn push(&mut self, b: u8) {
        if self.len < MAX_KEY_BYTES {
            self.key |= u64::from(b) << (8 * self.len);
        }
        self.len = self.len.saturating_add(1);
    }

    #[inline]
    fn push_char(&mut self, c: char) {
        let mut buf = [0u8; 4];
        for &b in c.encode_utf8(&mut buf).as_bytes() {
            self.push(b);
        }
    }
}

/// The longest prefix of `text` of at most `max` bytes, cut on a char boundary.
fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Detects whether text is English, French, Spanish, or none of these.
///
/// Built once per run (or per thread) and reused for every text; it is
/// `Send + Sync`, so one detector can also be shared by reference.
pub struct Detector {
    second: second::SecondOpinion,
    /// whatlang limited to en/fr/es.
    ours: whatlang::Detector,
    /// whatlang limited to en/fr/es/pt/it/ca/de.
    scored: whatlang::Detector,
}

impl Default for Detector {
    fn default() -> Self {
        Detector::new()
    }
}

impl Detector {
    pub fn new() -> Detector {
        Detector {
            second: second::SecondOpinion::new(),
            ours: whatlang::Detector::with_allowlist(
                Lang::ALL.iter().map(|l| l.whatlang()).collect(),
            ),
            scored: whatlang::Detector::with_allowlist(WHATLANG_SCORED.to_vec()),
        }
    }

    /// Whether the function words of `text` plainly say `lang`: it has
    /// more hits than every other scored language (pt, it, ca, de
    /// included), or no language has any. Cheap (no whatlang): the pipeline
    /// runs full detection only on paragraphs that fail this, the few that
    /// may be in another language. A tie fails: French and Spanish share
    /// "de", "la", "en".
    pub fn agrees_with(&self, text: &str, lang: Lang) -> bool {
        Detector::agrees_counted(&self.sample_counts(text), lang)
    }

    /// [`Detector::agrees_with`] on the [`Detector::sample_counts`] of a text.
    pub(crate) fn agrees_counted(counts: &Counts, lang: Lang) -> bool {
        let hits = counts.hits();
        let own = hits[lang.index()];
        // The languages of the fast path: Galician, Asturian, Aragonese
        // and Occitan share most of their function words with Spanish or
        // French, so they tie with them in any paragraph.
        hits[..N_WHATLANG]
            .iter()
            .enumerate()
            .all(|(i, &n)| i == lang.index() || n < own || (n == 0 && own == 0))
    }

    /// The counts detection reads: those of the first few KB of `text`.
    pub(crate) fn sample_counts(&self, text: &str) -> Counts {
        self.count(prefix(text, FW_SAMPLE_BYTES))
    }

    /// The [`Detector::sample_counts`] of `text`, put together from those
    /// of some of its pieces (`pieces`: ranges in order, not overlapping,
    /// each with the sample counts of its text) and the counting of the
    /// text between them, so that a text is read once for itself and its
    /// paragraphs. Where a cut could split a word (no byte that ends words
    /// on either side of it), the sample is counted whole instead.
    pub(crate) fn document_counts<'a>(
        &self,
        text: &str,
        pieces: impl IntoIterator<Item = (&'a Range<usize>, &'a Counts)>,
    ) -> Counts {
        let limit = prefix(text, FW_SAMPLE_BYTES).len();
        let bytes = text.as_bytes();
        let ends_word = |b: u8| b < 0x80 && !b.is_ascii_alphabetic() && b != b'\'';
        let clean_cut = |at: usize| {
            at == 0 || at >= bytes.len() || ends_word(bytes[at - 1]) || ends_word(bytes[at])
        };
        let mut total = Counts::ZERO;
        let mut at = 0;
        for (range, counts) in pieces {
            if range.end > limit {
                break;
            }
            if range.start < at || !clean_cut(range.start) || !clean_cut(range.end) {
                return self.count(&text[..limit]);
            }
            total.add(&self.count(&text[at..range.start]));
            total.add(counts);
            at = range.end;
        }
        total.add(&self.count(&text[at..limit]));
        total
    }

    /// Detects the language of `text`. Never panics; for texts longer than a
    /// few KB only a prefix is looked at.
    pub fn detect(&self, text: &str) -> Detection {
        self.detect_counted(text, &self.sample_counts(text))
    }

    /// [`Detector::detect`] given the [`Detector::sample_counts`] of `text`.
    pub(crate) fn detect_counted(&self, text: &str, counts: &Counts) -> Detection {
        let first = self.first_look(text, counts);
        if first.lang.is_none() && first.guess.is_some() {
            // A neighbour's function words (and whatlang) said so: lingua
            // knows fewer neighbours than they do.
            return first;
        }
        let short = counts.words < second::SHORT_WORDS;
        if counts.words == 0 || (!short && first.confidence >= second::UNSURE) {
            return first;
        }
        self.second_look(text, counts, first)
    }

    /// Detection without the second opinion: the fast path, and the
    /// neighbours' function words. What the pipeline routes a paragraph of
    /// eight words or more by (the second opinion would cost a paragraph
    /// the fast path is unsure of about a millisecond).
    pub(crate) fn first_look(&self, text: &str, counts: &Counts) -> Detection {
        let mut first = self.fast_counted(text, counts);
        if let Some(guess) = first.guess {
            first.guess = Some(neighbours::refine_guess(counts, guess));
        }
        if let Some(lang) = first.lang
            && let Some((n, lead)) = neighbours::leading_neighbour(counts, text, lang)
        {
            return Detection::neighbour(Some(n), margin_confidence(lead));
        }
        first
    }

    /// The decision once lingua has weighed `text`, given the fast path's
    /// (`first`).
    fn second_look(&self, text: &str, counts: &Counts, first: Detection) -> Detection {
        let p = self.second.weigh(text);
        let Some(top) = (0..N_WHATLANG).max_by(|&a, &b| p[a].total_cmp(&p[b])) else {
            return first;
        };
        let sure = p[top];
        if sure <= 0.0 {
            return first;
        }
        if let Some(n) = Neighbour::of_index(top)
            && sure >= second::NEIGHBOUR_SURE
        {
            return Detection::neighbour(Some(neighbours::refine_guess(counts, n)), sure);
        }
        // Ours: the fast path's belief (its confidence for its language,
        // the rest shared) times lingua's. Without a function word of ours
        // the fast path's choice is whatlang's alone: character n-grams
        // again, which lingua weighs better, so it does not count twice.
        let function_words = counts.hits()[..N_OURS].iter().any(|&h| h > 0);
        let mut combined = [0.0f64; N_OURS];
        for (i, c) in combined.iter_mut().enumerate() {
            let fast = match first.lang {
                Some(l) if function_words && l.index() == i => first.confidence,
                Some(_) if function_words => (1.0 - first.confidence) / 2.0,
                _ => 1.0 / 3.0,
            };
            *c = fast * p[i];
        }
        // How likely the words are in each language.
        if let Some(log) = lexicon::weigh(text) {
            let top = log.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            for (c, l) in combined.iter_mut().zip(log) {
                *c *= 10f64.powf(l - top);
            }
        }
        let total: f64 = combined.iter().sum();
        let Some(best) = (0..N_OURS).max_by(|&a, &b| combined[a].total_cmp(&combined[b])) else {
            return first;
        };
        if total <= 0.0 {
            return first;
        }
        // Among ours: lingua's weight on the neighbours does not count
        // against them (short English text often looks a little German).
        let confidence = combined[best] / total;
        let lang = Lang::ALL[best];
        let bar = if counts.words < MIN_WORDS {
            second::ONE_WORD_SURE
        } else {
            second::SURE
        };
        if confidence >= bar {
            Detection::ours(lang, confidence)
        } else if first.lang == Some(lang) {
            first
        } else {
            Detection::UNKNOWN
        }
    }

    /// The fast path alone: function words of en/fr/es/pt/it/ca/de and
    /// whatlang, as detection was before the neighbours and the second
    /// opinion (a baseline for `examples/eval_detect.rs`).
    pub fn detect_fast(&self, text: &str) -> Detection {
        self.fast_counted(text, &self.sample_counts(text))
    }

    fn fast_counted(&self, text: &str, counts: &Counts) -> Detection {
        if counts.words < MIN_WORDS {
            return Detection::UNKNOWN;
        }
        let hits = counts.hits();

        // Our best and second-best language by function words.
        let mut order = [0usize, 1, 2];
        order.sort_by(|&a, &b| hits[b].cmp(&hits[a]));
        let (best, second) = (order[0], order[1]);

        let wl_sample = prefix(text, WHATLANG_SAMPLE_BYTES);
        if let Some(und) = self.und(counts, &hits, best, wl_sample) {
            return und;
        }

        // The choice among en/fr/es. Skip whatlang when its vote could not
        // change the outcome.
        let fw_margin = f64::from(hits[best] - hits[second]);
        let max_vote = WHATLANG_VOTE_BASE + WHATLANG_VOTE;
        if fw_margin > max_vote + 4.0 {
            return Detection::ours(Lang::ALL[best], margin_confidence(fw_margin - max_vote));
        }
        let info = self
            .ours
            .detect(wl_sample)
            .filter(|info| info.script() == whatlang::Script::Latin);
        let Some(info) = info else {
            // Mostly not Latin script (or nothing whatlang can use): only
            // clear function-word evidence makes it one of ours.
            return if fw_margin >= 2.0 {
                Detection::ours(Lang::ALL[best], margin_confidence(fw_margin) * 0.5)
            } else {
                Detection::UNKNOWN
            };
        };
        let mut scores = [0.0f64; N_OURS];
        for (i, s) in scores.iter_mut().enumerate() {
            *s = f64::from(hits[i]);
            if Lang::ALL[i].whatlang() == info.lang() {
                // Ties go to whatlang's choice.
                *s += WHATLANG_VOTE_BASE + WHATLANG_VOTE * info.confidence() + 1e-6;
            }
        }
        let mut order = [0usize, 1, 2];
        order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
        Detection::ours(
            Lang::ALL[order[0]],
            margin_confidence(scores[order[0]] - scores[order[1]]),
        )
    }

    /// "und" when a distractor language leads:
    ///
    /// * its function words clearly outnumber those of `best` (our leading
    ///   language), counting only the words listed for one of the two, and
    ///   whatlang (limited to the seven scored languages) picks a distractor
    ///   too, or the lead is overwhelming; or
    /// * whatlang picks a distractor with confidence at least
    ///   [`UND_WHATLANG_CONFIDENCE`] and that distractor has at least as many
    ///   function-word hits as `best` (headlines without function words).
    fn und(
        &self,
        counts: &Counts,
        hits: &[u32; N_SCORED],
        best: usize,
        wl_sample: &str,
    ) -> Option<Detection> {
        let distractor = (N_OURS..N_WHATLANG).max_by_key(|&i| (hits[i], std::cmp::Reverse(i)))?;
        if hits[distractor] < hits[best] {
            // No distractor can pass either test.
            return None;
        }
        let ahead = f64::from(counts.exclusive(distractor, best));
        let behind = f64::from(counts.exclusive(best, distractor));
        let fw_lead = hits[distractor] > hits[best]
            && ahead >= UND_MIN_LEAD
            && ahead >= UND_MIN_RATIO * behind;
        let guess = Neighbour::of_index(distractor);
        if fw_lead && ahead >= UND_SURE_LEAD && ahead >= UND_SURE_RATIO * behind {
            return Some(Detection::neighbour(
                guess,
                margin_confidence(ahead - behind),
            ));
        }
        let info = self.scored.detect(wl_sample)?;
        let picked = WHATLANG_SCORED[N_OURS..]
            .iter()
            .position(|&l| l == info.lang())
            .map(|i| i + N_OURS)?;
        if fw_lead {
            return Some(Detection::neighbour(
                guess,
                margin_confidence(ahead - behind),
            ));
        }
        if info.confidence() >= UND_WHATLANG_CONFIDENCE && hits[picked] >= hits[best] {
            return Some(Detection::neighbour(
                Neighbour::of_index(picked),
                0.5 + 0.5 * info.confidence(),
            ));
        }
        None
    }

    /// Tokenizes `text` and counts words and function-word hits.
    fn count(&self, text: &str) -> Counts {
        let mut counts = Counts::ZERO;
        let mut word = Word::EMPTY;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                i += 1;
                if b.is_ascii_alphabetic() {
                    // The hot loop: a run of ASCII letters, read into
                    // locals (the word stays in registers).
                    let (mut key, mut len, mut b) = (word.key, word.len, b);
                    loop {
                        if len < MAX_KEY_BYTES {
                            key |= u64::from(b | 0x20) << (8 * len);
                        }
                        len = len.saturating_add(1);
                        match bytes.get(i) {
                            Some(&next) if next.is_ascii_alphabetic() => {
                                b = next;
                                i += 1;
                            }
                            _ => break,
                        }
                    }
                    word.key = key;
                    word.len = len;
                } else if b == b'\'' {
                    self.apostrophe(&mut word, &mut counts);
                } else {
                    self.end_word(&mut word, &mut counts);
                }
                continue;
            }
            // `i` is always on a char boundary: we only step over whole chars.
            let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
                break;
            };
            i += c.len_utf8();
            if c == '\u{2019}' {
                self.apostrophe(&mut word, &mut counts);
            } else if c.is_alphabetic() {
                for lower in c.to_lowercase() {
                    word.push_char(lower);
                }
            } else if ('\u{0300}'..='\u{036F}').contains(&c) {
                // Combining accent (decomposed text): part of the word, dropped.
            } else {
                self.end_word(&mut word, &mut counts);
            }
        }
        self.end_word(&mut word, &mut counts);
        counts
    }

    /// An apostrophe ends the word. A listed elided form (`l'`, `qu'`)
    /// counts as that word; otherwise ("it's", "don't", "aujourd'hui") the
    /// letters before it are a word and the apostrophe starts the next one,
    /// so that English "'s", "'t", "'re" ... are words of their own.
    #[inline]
    fn apostrophe(&self, word: &mut Word, counts: &mut Counts) {
        if word.letters() == 0 {
            *word = Word::EMPTY;
            return;
        }
        if word.len < MAX_KEY_BYTES {
            let key = word.key | (u64::from(b'\'') << (8 * word.len));
            let class = TABLE.get(key);
            if class != 0 {
                counts.words += 1;
                add_hits(counts, class);
                *word = Word::EMPTY;
                return;
            }
        }
        self.end_word(word, counts);
        word.push(b'\'');
        word.apostrophe = true;
    }

    #[inline]
    fn end_word(&self, word: &mut Word, counts: &mut Counts) {
        if word.letters() == 0 {
            *word = Word::EMPTY;
            return;
        }
        counts.words += 1;
        if word.len <= MAX_KEY_BYTES {
            add_hits(counts, TABLE.get(word.key));
        }
        *word = Word::EMPTY;
    }
}

#[inline]
fn add_hits(counts: &mut Counts, class: u8) {
    if let Some(n) = counts.by_class.get_mut(usize::from(class)) {
        *n += 1;
    }
}

/// Maps a margin (in hits) between the best and second-best scores to a
/// confidence in 0.5..1: 0.5 for a tie, about 0.82 at 2 hits, 0.98 at 6.
fn margin_confidence(margin: f64) -> f64 {
    if margin.is_nan() || margin <= 0.0 {
        return 0.5;
    }
    (1.0 - 0.5 * (-margin / 2.0).exp()).clamp(0.5, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn det() -> &'static Detector {
        static D: std::sync::OnceLock<Detector> = std::sync::OnceLock::new();
        D.get_or_init(Detector::new)
    }

    /// Counts put together from pieces cut anywhere (inside words, inside
    /// a character's neighbours, around apostrophes) are the counts of the
    /// whole sample, on the seeds.
    #[test]
    fn document_counts_are_the_sample_counts_wherever_the_cuts_fall() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let mut seed = 0x2545_f491_u32;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed as usize % n
        };
        for entry in std::fs::read_dir(dir).expect("seeds/") {
            let text = std::fs::read_to_string(entry.expect("entry").path()).expect("UTF-8");
            let expected = det().sample_counts(&text);
            for _ in 0..200 {
                let mut cuts: Vec<usize> = (0..next(12))
                    .map(|_| next(text.len().min(5000) + 1))
                    .filter(|&at| text.is_char_boundary(at))
                    .collect();
                cuts.sort();
                let pieces: Vec<Range<usize>> = cuts
                    .chunks(2)
                    .filter(|c| c.len() == 2)
                    .map(|c| c[0]..c[1])
                    .collect();
                let counts: Vec<Counts> = pieces
                    .iter()
                    .map(|r| det().sample_counts(&text[r.clone()]))
                    .collect();
                let got = det().document_counts(&text, pieces.iter().zip(&counts));
                assert_eq!(got, expected, "pieces {pieces:?}");
            }
        }
    }

    #[test]
    fn detector_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Detector>();
    }

    #[test]
    fn word_lists_are_sorted_unique_and_packable() {
        for list in WORD_LISTS {
            for pair in list.windows(2) {
                assert!(pair[0] < pair[1], "not sorted or duplicate: {pair:?}");
            }
            for word in list.iter() {
                assert!(pack(word).is_some(), "{word:?} longer than 8 bytes");
                assert_eq!(word.to_lowercase(), *word, "{word:?} not lowercase");
            }
        }
        assert!(is_function_word(Lang::Fr, "qu'"));
        assert!(is_function_word(Lang::Es, "también"));
        assert!(!is_function_word(Lang::En, "and "));
    }

    #[test]
    fn table_agrees_with_lists() {
        for list in WORD_LISTS {
            for word in list.iter() {
                let mask = TABLE.mask(pack(word).unwrap());
                for (i, other) in WORD_LISTS.iter().enumerate() {
                    assert_eq!(mask & (1 << i) != 0, other.binary_search(word).is_ok());
                }
            }
        }
        assert_eq!(TABLE.get(pack("zzz").unwrap()), 0);
        assert!(
            TABLE.masks.len() <= MAX_CLASSES,
            "{} classes",
            TABLE.masks.len()
        );
    }

    #[test]
    fn tokenizer_counts_words_and_elisions() {
        let d = det();
        let c = d.count("L’État et l'Europe, aujourd'hui QU'IL");
        // l' État et l' Europe aujourd hui qu' il
        assert_eq!(c.words, 9);
        assert_eq!(c.hits()[1], 5); // l' et l' qu' il
        let c = d.count("Don't  stop: 42 the-end, 'quoted' dogs' it’s");
        // don 't stop the end quoted dogs it 's
        assert_eq!(c.words, 9);
        assert_eq!(c.hits()[0], 4); // 't the it 's
        // Decomposed accents stay inside the word.
        assert_eq!(d.count("tambie\u{301}n").words, 1);
    }

    /// Headline, one sentence, paragraph, for each of our languages.
    macro_rules! our_language_cases {
        ($($name:ident: $lang:expr => [$($text:expr),+ $(,)?];)+) => {$(
            #[test]
            fn $name() {
                for text in [$($text),+] {
                    let d = det().detect(text);
                    assert_eq!(d.lang, Some($lang), "{text:?}: {d:?}");
                    assert!((0.5..=1.0).contains(&d.confidence), "{text:?}: {d:?}");
                }
            }
        )+};
    }

    our_language_cases! {
        english: Lang::En => [
            "Storm leaves thousands without power",
            "The city council voted on Tuesday to expand the bus network to the airport.",
            "Officials said the new shelter would open next month. It will house up to two \
             hundred families who have been waiting for months, and the mayor promised that \
             more places would follow before the winter. Critics say the plan is too small.",
        ];
        french: Lang::Fr => [
            "Tempête : des milliers de foyers privés d'électricité",
            "Le conseil municipal a voté mardi l'extension du réseau de bus jusqu'à l'aéroport.",
            "Selon les autorités, le nouveau centre d'accueil ouvrira le mois prochain. Il \
             pourra loger jusqu'à deux cents familles qui attendent depuis des mois, et le maire \
             a promis que d'autres places suivraient avant l'hiver. Les critiques jugent le plan \
             insuffisant.",
        ];
        spanish: Lang::Es => [
            "Una tormenta deja a miles de hogares sin luz",
            "El ayuntamiento votó el martes ampliar la red de autobuses hasta el aeropuerto.",
            "Según las autoridades, el nuevo centro de acogida abrirá el mes que viene. Podrá \
             alojar a hasta doscientas familias que llevan meses esperando, y el alcalde prometió \
             que habrá más plazas antes del invierno. Los críticos consideran que el plan es \
             insuficiente.",
        ];
    }

    #[test]
    fn other_languages_are_und() {
        let texts = [
            // Portuguese
            "O governo anunciou nesta terça-feira um novo plano para a habitação. Segundo o \
             ministro, as obras vão começar no próximo ano e devem criar milhares de empregos. \
             A oposição diz que o dinheiro não chega e que as famílias com menos recursos \
             continuam sem resposta.",
            // Italian
            "Il governo ha presentato martedì un nuovo piano per la casa. Secondo il ministro, \
             i lavori inizieranno il prossimo anno e dovrebbero creare migliaia di posti di \
             lavoro. L'opposizione sostiene che i fondi non sono sufficienti e che le famiglie \
             più povere restano senza risposta.",
            // Catalan
            "El govern va presentar dimarts un nou pla per a l'habitatge. Segons el conseller, \
             les obres començaran l'any que ve i haurien de crear milers de llocs de treball. \
             L'oposició diu que els diners no són suficients i que les famílies amb menys \
             recursos continuen sense resposta.",
            // German
            "Die Regierung hat am Dienstag einen neuen Plan für den Wohnungsbau vorgestellt. \
             Nach Angaben des Ministers sollen die Arbeiten im nächsten Jahr beginnen und \
             tausende Arbeitsplätze schaffen. Die Opposition sagt, dass das Geld nicht reicht \
             und die ärmsten Familien weiter ohne Antwort bleiben.",
        ];
        for text in texts {
            let d = det().detect(text);
            assert_eq!(d.lang, None, "{text:?}: {d:?}");
            assert!(d.confidence > 0.5, "{text:?}: {d:?}");
        }
    }

    #[test]
    fn most_other_language_sentences_are_und() {
        let sets = [
            [
                "O presidente da câmara anunciou ontem um novo plano para os transportes.",
                "A polícia deteve dois suspeitos na sequência de um assalto a um banco.",
                "Milhares de pessoas saíram à rua para protestar contra a reforma das pensões.",
                "O hospital diz que o doente está estável e deverá ter alta na próxima semana.",
                "Chuva forte provoca inundações no norte do país",
            ],
            [
                "Il sindaco ha annunciato ieri un nuovo piano per i trasporti pubblici.",
                "La polizia ha arrestato due sospetti dopo una rapina in una banca di Milano.",
                "I prezzi dell'energia sono tornati a salire questo mese.",
                "L'ospedale dice che il paziente è stabile e potrà essere dimesso presto.",
                "Lei ha detto che il figlio era stato portato in una scuola vicino a casa.",
            ],
            [
                "L'alcalde va anunciar ahir un nou pla per al transport públic.",
                "Els preus de l'energia han tornat a pujar aquest mes, segons les dades.",
                "La selecció va guanyar per dos a zero i passa a la final.",
                "Milers de persones van sortir al carrer per protestar contra la reforma.",
                "Ella va dir que el seu fill havia estat portat a una escola a prop de casa.",
            ],
            [
                "Der Bürgermeister hat gestern einen neuen Plan für den Nahverkehr angekündigt.",
                "Regierung beschließt höheren Mindestlohn",
                "Ich weiß nicht, ob wir es rechtzeitig schaffen.",
                "Die Nationalmannschaft gewann zwei zu null und steht im Finale.",
                "Sie sagte, ihr Sohn sei in eine Schule in der Nähe gebracht worden.",
            ],
        ];
        for set in sets {
            let und = set
                .iter()
                .filter(|t| det().detect(t).lang.is_none())
                .count();
            assert!(und >= 4, "only {und} of {set:?} und");
        }
    }

    #[test]
    fn empty_and_garbage_are_und() {
        let long_garbage = "\u{0}\u{FFFD}🙂".repeat(10_000);
        for text in [
            "",
            "   \n\t ",
            "hello",
            "12345 678.90 -- !!!",
            "🙂🙂🙂 🎉",
            "\u{0}\u{1}\u{7f}\u{FFFD}\u{FFFD}",
            long_garbage.as_str(),
            "Привет, как у тебя дела сегодня?",
            "今天天气很好，我们去公园吧。",
        ] {
            let d = det().detect(text);
            assert_eq!(d.lang, None, "{text:?}: {d:?}");
            assert!((0.0..=1.0).contains(&d.confidence));
        }
    }

    #[test]
    fn long_text_is_cut_on_a_char_boundary() {
        let text = "é l'été où la mer était calme et les enfants jouaient. ".repeat(500);
        // Shift the text so that the sample limits fall inside 'é' too.
        for shift in 0..4 {
            let shifted = format!("{}{text}", "x".repeat(shift));
            assert_eq!(det().detect(&shifted).lang, Some(Lang::Fr));
        }
        assert_eq!(prefix("ééé", 3), "é");
        assert_eq!(prefix("ééé", 100), "ééé");
    }

    proptest::proptest! {
        #[test]
        fn detect_never_panics(text in "\\PC*") {
            let d = det().detect(&text);
            proptest::prop_assert!((0.0..=1.0).contains(&d.confidence));
        }

        #[test]
        fn detect_never_panics_on_any_chars(chars in proptest::collection::vec(proptest::char::any(), 0..300)) {
            let text: String = chars.into_iter().collect();
            let d = det().detect(&text);
            proptest::prop_assert!((0.0..=1.0).contains(&d.confidence));
        }
    }
}
