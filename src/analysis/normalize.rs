//! Normalization: one lossless pass that defines the text we report on, and
//! lossy per-token keys used only for matching.
//!
//! Offsets always point into the original text (see `tokenize`); the keys built
//! here never travel back into an output column except as glossary lookups.

use std::borrow::Cow;

use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// The lossless pass: Unicode NFC, borrowed when the text already is NFC
/// (which real files nearly always are).
pub fn nfc(text: &str) -> Cow<'_, str> {
    // Below U+0300 (the first combining mark) every character is NFC on its
    // own and none combines with another: the whole of ASCII and Latin-1 and
    // the accented letters of Latin Extended, so nearly every word of en, fr
    // and es text.
    if text.chars().all(|c| c < '\u{300}') {
        return Cow::Borrowed(text);
    }
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => Cow::Borrowed(text),
        _ => {
            let normalized: String = text.nfc().collect();
            if normalized == text {
                Cow::Borrowed(text)
            } else {
                Cow::Owned(normalized)
            }
        }
    }
}

/// Apostrophes and quote-like marks that stand for an apostrophe inside a word
/// (’ U+2019, ʼ U+02BC, ‘ U+2018, ′ U+2032, ` U+0060, ´ U+00B4), sorted.
pub const APOSTROPHES: &[char] = &[
    '\'', '`', '\u{B4}', '\u{2BC}', '\u{2018}', '\u{2019}', '\u{2032}',
];

/// Hyphens that join the parts of a compound (vice-ministre), sorted.
pub const HYPHENS: &[char] = &['-', '\u{2010}', '\u{2011}'];

/// Whether `c` is an apostrophe in any of its typographic shapes.
pub fn is_apostrophe(c: char) -> bool {
    APOSTROPHES.binary_search(&c).is_ok()
}

/// Whether `c` is a hyphen joining two parts of a word.
pub fn is_hyphen(c: char) -> bool {
    HYPHENS.binary_search(&c).is_ok()
}

/// Whether `c` belongs inside a word: a letter, a digit, or a combining mark
/// (so a decomposed "é" stays one word).
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Writes the matching key of a word into `out` (cleared first): NFC,
/// lowercase, apostrophes unified to `'`, hyphens unified to `-`, ligatures
/// expanded (œ → oe, æ → ae). Accents are kept; see [`fold_key`].
pub fn lower_key(word: &str, out: &mut String) {
    out.clear();
    // The hot path: most words are ASCII, and ` is the one ASCII character
    // that changes beyond case.
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
        if out.contains('`') {
            *out = out.replace('`', "'");
        }
        return;
    }
    for c in nfc(word).chars() {
        match c {
            '`' => out.push('\''),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c if is_apostrophe(c) => out.push('\''),
            c if is_hyphen(c) => out.push('-'),
            'œ' | 'Œ' => out.push_str("oe"),
            'æ' | 'Æ' => out.push_str("ae"),
            'ﬁ' => out.push_str("fi"),
            'ﬂ' => out.push_str("fl"),
            c if c.is_lowercase() || !c.is_alphabetic() => out.push(c),
            c => out.extend(c.to_lowercase()),
        }
    }
}

/// Writes the accent-folded form of a lower key into `out` (cleared first):
/// "migración" → "migracion", "réfugié" → "refugie", "ñ" → "n". For matching
/// text whose accents were dropped; never shown to the user.
pub fn fold_key(lower: &str, out: &mut String) {
    out.clear();
    if lower.is_ascii() {
        out.push_str(lower);
        return;
    }
    // Each character decomposed on its own: canonical reordering only moves
    // combining marks, and they are all dropped.
    for c in lower.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            decompose_canonical(c, |d| {
                if !is_combining_mark(d) {
                    out.push(d);
                }
            });
        }
    }
}

/// Convenience: the lower key of a word as a new string.
pub fn lower(word: &str) -> String {
    let mut out = String::new();
    lower_key(word, &mut out);
    out
}

/// Convenience: the folded key of a word as a new string.
pub fn folded(word: &str) -> String {
    let mut lower = String::new();
    lower_key(word, &mut lower);
    let mut out = String::new();
    fold_key(&lower, &mut out);
    out
}

/// Collapses every run of whitespace (including no-break and other Unicode
/// spaces, tabs and newlines) into one ASCII space and trims both ends.
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for part in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys as first written, char by char through whole-string
    /// normalization: the fast paths must give the same keys.
    fn reference_keys(word: &str) -> (String, String) {
        let mut lower = String::new();
        for c in nfc(word).chars() {
            match c {
                c if is_apostrophe(c) => lower.push('\''),
                c if is_hyphen(c) => lower.push('-'),
                'œ' | 'Œ' => lower.push_str("oe"),
                'æ' | 'Æ' => lower.push_str("ae"),
                'ﬁ' => lower.push_str("fi"),
                'ﬂ' => lower.push_str("fl"),
                c if c.is_lowercase() || !c.is_alphabetic() => lower.push(c),
                c => lower.extend(c.to_lowercase()),
            }
        }
        let folded = lower.nfd().filter(|&c| !is_combining_mark(c)).collect();
        (lower, folded)
    }

    #[test]
    fn fast_keys_equal_the_reference_keys() {
        let mut words: Vec<String> = [
            "Migración",
            "RÉFUGIÉS",
            "l`asile",
            "vice‐ministre",
            "Œuvre",
            "naïve",
            "e\u{301}te\u{301}",
            "ÇA",
            "İstanbul",
            "ǅungla",
            "ﬁnance",
            "aujourd’hui",
            "ß",
            "Σίσυφος",
            "x\u{323}\u{302}",
        ]
        .map(String::from)
        .to_vec();
        // Every character of the Latin, Greek and Cyrillic blocks and the
        // combining marks, after an ASCII letter and alone.
        for c in ('\u{0}'..'\u{530}').chain('\u{1E00}'..'\u{2100}') {
            words.push(c.to_string());
            words.push(format!("A{c}b"));
        }
        let (mut lower, mut folded) = (String::new(), String::new());
        for word in &words {
            lower_key(word, &mut lower);
            fold_key(&lower, &mut folded);
            assert_eq!(
                (lower.clone(), folded.clone()),
                reference_keys(word),
                "{word:?}"
            );
        }
    }

    #[test]
    fn tables_are_sorted_and_unique() {
        for table in [APOSTROPHES, HYPHENS] {
            assert!(table.windows(2).all(|w| w[0] < w[1]), "{table:?}");
        }
    }

    #[test]
    fn keys_unify_case_apostrophes_and_ligatures() {
        assert_eq!(lower("L’Œuvre"), "l'oeuvre");
        assert_eq!(lower("lʼimmigration"), "l'immigration");
        assert_eq!(lower("Vice‑Ministre"), "vice-ministre");
        assert_eq!(lower("MIGRACIÓN"), "migración");
        assert_eq!(folded("Migración"), "migracion");
        assert_eq!(folded("réfugiés"), "refugies");
        assert_eq!(folded("año"), "ano");
    }

    #[test]
    fn decomposed_input_gets_the_same_key() {
        let decomposed = "migracio\u{301}n";
        assert_eq!(lower(decomposed), "migración");
        assert_eq!(nfc(decomposed), "migración");
        assert!(matches!(nfc("migración"), Cow::Borrowed(_)));
    }

    #[test]
    fn nfc_is_idempotent() {
        for s in ["e\u{301}", "Ç", "ﬁ", "A\u{30a}\u{301}"] {
            let once = nfc(s).into_owned();
            assert_eq!(nfc(&once), once.as_str());
        }
    }

    #[test]
    fn whitespace_collapses() {
        assert_eq!(collapse_whitespace(" a\u{a0}\u{a0}b\n\tc  "), "a b c");
    }
}
