//! Word lists of English, French and Spanish, for short text: a title, a
//! term or a cell has too few function words and character n-grams to go
//! on, but its words are each in one, two or three of the languages'
//! dictionaries ("legal migration": *legal* is English and Spanish,
//! *migration* English and French).
//!
//! `lexicon.fst` maps each word form (lowercase, NFC) to the set of our
//! languages that have it. It is built by `examples/make_lexicon.rs` from
//! Debian's word lists; sources and licences are in `LEXICON.md`.

use super::*;
use unicode_normalization::UnicodeNormalization;

static LEXICON: std::sync::LazyLock<Option<fst::Map<&'static [u8]>>> =
    std::sync::LazyLock::new(|| fst::Map::new(&include_bytes!("lexicon.fst")[..]).ok());

/// Words looked up, at most.
const MAX_WORDS: usize = 32;

/// log10 of a word's probability in a language whose dictionary has it but
/// whose frequent words do not (those stop at 10^-6) ...
const DICTIONARY_ONLY: f64 = -6.5;

/// ... and in a language that has not got it at all.
const ABSENT: f64 = -8.0;

/// The log10 likelihood of the first words of `text` (two letters or
/// more) in each of our languages, counting only the words some language
/// has; None when there is no such word.
pub(super) fn weigh(text: &str) -> Option<[f64; N_OURS]> {
    let lexicon = LEXICON.as_ref()?;
    let mut found = false;
    let mut log = [0.0; N_OURS];
    let mut word = String::new();
    for raw in text
        .split(|c: char| !c.is_alphabetic() && !is_combining(c))
        .filter(|w| w.chars().count() >= 2)
        .take(MAX_WORDS)
    {
        word.clear();
        word.extend(raw.nfc().flat_map(char::to_lowercase));
        let Some(value) = lexicon.get(word.as_bytes()) else {
            continue;
        };
        found = true;
        for (i, l) in log.iter_mut().enumerate() {
            let centibels = (value >> (8 + 10 * i)) & 1023;
            *l += if centibels > 0 {
                -(centibels as f64) / 100.0
            } else if value & (1 << i) != 0 {
                DICTIONARY_ONLY
            } else {
                ABSENT
            };
        }
    }
    found.then_some(log)
}

fn is_combining(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_lexicon_loads_and_knows_each_language() {
        assert!(LEXICON.is_some());
        let best = |text: &str| {
            let log = weigh(text).expect("known words");
            (0..N_OURS)
                .max_by(|&a, &b| log[a].total_cmp(&log[b]))
                .map(|i| Lang::ALL[i])
        };
        assert_eq!(best("asylum seeker"), Some(Lang::En));
        assert_eq!(best("border surveillance"), Some(Lang::En));
        assert_eq!(best("demandeur d'asile"), Some(Lang::Fr));
        assert_eq!(best("solicitantes de asilo"), Some(Lang::Es));
        // Decomposed accents are composed before lookup.
        assert_eq!(best("re\u{301}fugie\u{301}s"), Some(Lang::Fr));
        assert_eq!(weigh("zzqx 123"), None);
    }
}
