//! The languages termalign works in, and every per-language fact keyed by them.
//!
//! Adding a language means adding a variant here; every `match` below (and in
//! the stages that keep per-language tables) then fails to compile until the
//! new language has its entry.

use std::fmt;
use std::str::FromStr;

/// A language termalign analyses.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Lang {
    En,
    Fr,
    Es,
}

impl Lang {
    /// Every supported language, in the order used for output columns.
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Fr, Lang::Es];

    /// The ISO 639-1 code used on the command line and in every output.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::Es => "es",
        }
    }

    /// The language's English name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Fr => "French",
            Lang::Es => "Spanish",
        }
    }

    /// whatlang's counterpart.
    pub fn whatlang(self) -> whatlang::Lang {
        match self {
            Lang::En => whatlang::Lang::Eng,
            Lang::Fr => whatlang::Lang::Fra,
            Lang::Es => whatlang::Lang::Spa,
        }
    }

    /// The Snowball algorithm in rust-stemmers.
    pub fn snowball(self) -> rust_stemmers::Algorithm {
        match self {
            Lang::En => rust_stemmers::Algorithm::English,
            Lang::Fr => rust_stemmers::Algorithm::French,
            Lang::Es => rust_stemmers::Algorithm::Spanish,
        }
    }

    /// The index of the language in [`Lang::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The error for a language code outside en, fr, es.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown language {0:?}: expected one of en, fr, es")]
pub struct UnknownLang(pub String);

impl FromStr for Lang {
    type Err = UnknownLang;

    fn from_str(s: &str) -> Result<Lang, UnknownLang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "en" | "eng" | "english" => Ok(Lang::En),
            "fr" | "fra" | "fre" | "french" => Ok(Lang::Fr),
            "es" | "spa" | "spanish" => Ok(Lang::Es),
            _ => Err(UnknownLang(s.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(lang.code().parse::<Lang>(), Ok(lang));
            assert_eq!(Lang::ALL[lang.index()], lang);
        }
        assert!("pt".parse::<Lang>().is_err());
    }
}
