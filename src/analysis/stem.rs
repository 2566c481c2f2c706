//! Snowball stemming (rust-stemmers), one stemmer per language, built once.
//!
//! Stems are the coarse keys of the later stages (grouping candidate terms,
//! the naive baseline the matcher is measured against). They expect the
//! lowercased key from `normalize::lower_key`, not raw text.

use std::borrow::Cow;

use rust_stemmers::Stemmer;

use crate::lang::Lang;

/// The three Snowball stemmers. Build once per run (or per thread).
pub struct Stemmers {
    stemmers: [Stemmer; 3],
}

impl Stemmers {
    pub fn new() -> Stemmers {
        Stemmers {
            stemmers: Lang::ALL.map(|lang| Stemmer::create(lang.snowball())),
        }
    }

    /// The stem of a lowercased word; a "word" longer than
    /// [`MAX_STEMMED_BYTES`] is its own stem.
    pub fn stem<'a>(&self, lang: Lang, lower: &'a str) -> Cow<'a, str> {
        if lower.len() > MAX_STEMMED_BYTES {
            return Cow::Borrowed(lower);
        }
        self.stemmers[lang.index()].stem(lower)
    }
}

/// The longest word stemmed (256 bytes; the longest words of the three
/// languages have about 40 letters). rust-stemmers copies the word for
/// some of its steps, once per letter they change: English marks each `y`
/// after a vowel, so `yyyy…` took time quadratic in its length (a
/// 200,000-letter "word" took 71 s). Longer tokens (a URL, a run of one
/// letter) are no words, and have no stem to share with another.
pub const MAX_STEMMED_BYTES: usize = 256;

impl Default for Stemmers {
    fn default() -> Self {
        Stemmers::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The stems the issue warns about: these are why the matcher does not
    /// compare stems (see `morph`).
    #[test]
    fn snowball_joins_and_splits_as_documented() {
        let s = Stemmers::new();
        let stem = |lang, w| s.stem(lang, w).into_owned();
        assert_eq!(stem(Lang::En, "regularization"), stem(Lang::En, "regular"));
        assert_eq!(stem(Lang::En, "refugee"), "refuge");
        assert_eq!(stem(Lang::Es, "consular"), "consul");
        assert_eq!(stem(Lang::Es, "consulares"), "consular");
        assert_eq!(stem(Lang::Fr, "migrants"), "migr");
        assert_eq!(stem(Lang::Fr, "migrante"), "migr");
        assert_eq!(stem(Lang::Fr, "migrer"), "migr");
        assert_eq!(stem(Lang::En, "immigrant"), stem(Lang::En, "immigration"));
        assert_eq!(stem(Lang::Es, "deportación"), stem(Lang::Es, "deporte"));
    }

    /// Found by fuzzing (`fuzz::suggest_gold`'s budget): stemming `yyyy…`
    /// allocated (and copied) bytes quadratic in its length, 41 MB for 6,400
    /// letters; past the bound a token is its own stem, at no cost.
    #[test]
    fn a_token_too_long_for_a_word_is_not_stemmed() {
        let s = Stemmers::new();
        let word = format!("t{}", "y".repeat(MAX_STEMMED_BYTES));
        assert!(matches!(s.stem(Lang::En, &word), Cow::Borrowed(w) if w == word));
        let shorter = &word[..MAX_STEMMED_BYTES];
        assert_ne!(s.stem(Lang::En, shorter), shorter, "still stemmed");
    }
}
