//! The keys candidates are grouped by: each word's accent-folded Snowball
//! stem of its lower key (function words keep their lower key), joined by a
//! space, so that inflected forms ("asylum seekers", "asylum seeker") share
//! one. The glossary, the gold files and the profile are keyed the same way.

use crate::analysis::morph::is_function_word;
use crate::analysis::normalize::{fold_key, lower_key};
use crate::analysis::stem::Stemmers;
use crate::analysis::tokenize::tokenize;
use crate::lang::Lang;

/// Makes the keys candidates are grouped by. Build once, reuse: it keeps its
/// buffers.
pub struct Keys {
    stemmers: Stemmers,
    lower: String,
    folded: String,
}

impl Default for Keys {
    fn default() -> Self {
        Keys::new()
    }
}

impl Keys {
    pub fn new() -> Keys {
        Keys {
            stemmers: Stemmers::new(),
            lower: String::new(),
            folded: String::new(),
        }
    }

    /// Appends the key of one word to `out`: the accent-folded Snowball stem
    /// of its lower key; a function word keeps its (folded) lower key.
    pub fn push_word(&mut self, lang: Lang, word: &str, out: &mut String) {
        lower_key(word, &mut self.lower);
        if is_function_word(lang, &self.lower) || self.lower.ends_with('\'') {
            fold_key(&self.lower, &mut self.folded);
        } else {
            let stem = self.stemmers.stem(lang, &self.lower);
            fold_key(&stem, &mut self.folded);
        }
        out.push_str(&self.folded);
    }

    /// The key of one word.
    pub fn word(&mut self, lang: Lang, word: &str) -> String {
        let mut out = String::new();
        self.push_word(lang, word, &mut out);
        out
    }

    /// The key of a term written out ("asylum seekers" → `asylum seeker`):
    /// its words' keys joined by one space.
    pub fn term(&mut self, lang: Lang, term: &str) -> String {
        let mut out = String::new();
        for token in tokenize(term).tokens {
            if !out.is_empty() {
                out.push(' ');
            }
            self.push_word(lang, token.text(term), &mut out);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflections_share_a_key() {
        let mut keys = Keys::new();
        assert_eq!(
            keys.term(Lang::En, "asylum seekers"),
            keys.term(Lang::En, "Asylum Seeker")
        );
        assert_eq!(
            keys.term(Lang::Fr, "Réfugiés"),
            keys.term(Lang::Fr, "réfugié")
        );
        assert_eq!(
            keys.term(Lang::Fr, "demandeurs d’asile"),
            keys.term(Lang::Fr, "demandeur d'asile")
        );
        assert_eq!(
            keys.term(Lang::Fr, "demandeur d'asile"),
            "demandeur d' asil"
        );
    }
}
