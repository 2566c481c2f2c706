//! The second opinion: lingua's character n-gram models, asked only where
//! the fast path is weak, short text (titles, terms, spreadsheet cells)
//! and texts it is unsure of.
//!
//! lingua is built with the models of the languages whatlang also scores
//! here (en, fr, es, pt, it, ca, de; see `Cargo.toml`), and asked for the
//! probability of each. Its models are compiled into the binary and read
//! in place; the first question costs about 10 ms, then about 0.1 ms per
//! short string.

use super::*;
use lingua::{Language, LanguageDetector, LanguageDetectorBuilder};

/// lingua's languages, in the order of the scored languages.
const LINGUA: [Language; N_WHATLANG] = [
    Language::English,
    Language::French,
    Language::Spanish,
    Language::Portuguese,
    Language::Italian,
    Language::Catalan,
    Language::German,
];

/// Texts of fewer words than this get a second opinion, however sure the
/// fast path is.
pub(super) const SHORT_WORDS: u32 = 8;

/// Longer texts get one when the fast path's confidence is below this.
pub(super) const UNSURE: f64 = 0.9;

/// lingua's probability for a neighbour that makes a text "und".
pub(super) const NEIGHBOUR_SURE: f64 = 0.6;

/// The confidence a language of ours needs after the second opinion: for
/// a single word ...
pub(super) const ONE_WORD_SURE: f64 = 0.9;

/// ... and for more; below it the fast path's answer stands if it is the
/// same language, else the text is "und".
pub(super) const SURE: f64 = 0.5;

/// lingua reads at most this many bytes.
const SAMPLE_BYTES: usize = 512;

pub(super) struct SecondOpinion {
    lingua: LanguageDetector,
}

impl SecondOpinion {
    pub(super) fn new() -> SecondOpinion {
        SecondOpinion {
            lingua: LanguageDetectorBuilder::from_languages(&LINGUA).build(),
        }
    }

    /// lingua's probability of each scored language lingua knows (they add
    /// up to 1, or are all 0 when lingua finds nothing to go on).
    pub(super) fn weigh(&self, text: &str) -> [f64; N_WHATLANG] {
        let mut p = [0.0; N_WHATLANG];
        for (lang, value) in self
            .lingua
            .compute_language_confidence_values(prefix(text, SAMPLE_BYTES))
        {
            if let Some(i) = LINGUA.iter().position(|&l| l == lang) {
                // lingua adds in hash-map order, so the last bits of its
                // values vary from call to call: rounded, a text gets the
                // same answer every time.
                p[i] = (value * 1e9).round() / 1e9;
            }
        }
        p
    }
}
