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

    /// The stem of a lowercased word.
    pub fn stem<'a>(&self, lang: Lang, lower: &'a str) -> Cow<'a, str> {
        self.stemmers[lang.index()].stem(lower)
    }
}

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
}
