//! General-language word frequencies, one small profile per language, so a
//! candidate term can be told from everyday vocabulary: "asylum" is far more
//! frequent in a migration corpus than in general news, "year" is not.
//!
//! The shipped profiles (`glossaries/general/{en,fr,es}.tsv`) count word keys
//! ([`crate::terms::Keys::word`]) in general news and encyclopedia text; how
//! they are made and from what is in `glossaries/README.md`. Format: a first
//! line `#total<TAB>N` (word tokens counted), then `key<TAB>count` lines
//! sorted by key.

use std::io;
use std::path::Path;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use crate::error::{Error, Result};
use crate::lang::Lang;
use crate::terms::Keys;
use crate::tokenize::{TokenKind, Tokens, tokenize_into};

/// Word-key counts of general-language text.
#[derive(Clone, Debug, Default)]
pub struct Profile {
    counts: FxHashMap<String, u32>,
    total: u64,
}

const EN: &str = include_str!("../glossaries/general/en.tsv");
const FR: &str = include_str!("../glossaries/general/fr.tsv");
const ES: &str = include_str!("../glossaries/general/es.tsv");

impl Profile {
    /// The profile shipped for `lang`.
    pub fn builtin(lang: Lang) -> &'static Profile {
        static PROFILES: OnceLock<[Profile; 3]> = OnceLock::new();
        let profiles = PROFILES.get_or_init(|| {
            Lang::ALL.map(|lang| {
                let (text, name) = match lang {
                    Lang::En => (EN, "glossaries/general/en.tsv"),
                    Lang::Fr => (FR, "glossaries/general/fr.tsv"),
                    Lang::Es => (ES, "glossaries/general/es.tsv"),
                };
                Profile::from_tsv(text, Path::new(name))
                    .expect("the shipped profiles are valid (checked by tests)")
            })
        });
        &profiles[lang.index()]
    }

    /// Counts the word keys of `text`, one line at a time: every word token
    /// counts towards the total, and its key ([`Keys::word`]) is counted,
    /// stop words included. This is how the shipped profiles are made
    /// (`examples/general_profile.rs`).
    pub fn from_text(lang: Lang, text: &str) -> Profile {
        let mut profile = Profile::default();
        let mut keys = Keys::new();
        let mut tokens = Tokens::default();
        let mut key = String::new();
        for line in text.lines() {
            tokenize_into(line, &mut tokens);
            for token in &tokens.tokens {
                if token.kind != TokenKind::Word {
                    continue;
                }
                profile.total += 1;
                key.clear();
                keys.push_word(lang, token.text(line), &mut key);
                match profile.counts.get_mut(key.as_str()) {
                    Some(count) => *count = count.saturating_add(1),
                    None => {
                        profile.counts.insert(key.clone(), 1);
                    }
                }
            }
        }
        profile
    }

    /// Writes the profile in the format [`Profile::from_tsv`] reads: the
    /// `#total` line, then the keys sorted by their bytes, so the same counts
    /// always give the same file.
    pub fn write_tsv(&self, mut out: impl io::Write) -> io::Result<()> {
        let mut keys: Vec<(&str, u32)> = self
            .counts
            .iter()
            .map(|(key, &count)| (key.as_str(), count))
            .collect();
        keys.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        writeln!(out, "#total\t{}", self.total)?;
        for (key, count) in keys {
            writeln!(out, "{key}\t{count}")?;
        }
        out.flush()
    }

    /// Reads a profile; `path` names it in errors.
    pub fn from_tsv(text: &str, path: &Path) -> Result<Profile> {
        let mut profile = Profile::default();
        for (i, line) in text.lines().enumerate() {
            let line_no = i as u64 + 1;
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.is_empty() {
                continue;
            }
            let bad =
                |field: &str, why: String| Error::format(path, Some(line_no), Some(field), why);
            let (key, count) = line
                .split_once('\t')
                .ok_or_else(|| bad("count", "expected key<TAB>count".to_string()))?;
            let count: u64 = count
                .parse()
                .map_err(|_| bad("count", format!("not a count: {count:?}")))?;
            if key == "#total" {
                profile.total = count;
            } else {
                let count = u32::try_from(count)
                    .map_err(|_| bad("count", format!("count too large: {count}")))?;
                if profile.counts.insert(key.to_string(), count).is_some() {
                    return Err(bad("key", format!("duplicate key {key:?}")));
                }
            }
        }
        if profile.total == 0 {
            return Err(Error::format(
                path,
                Some(1),
                Some("#total"),
                "missing or zero #total line",
            ));
        }
        Ok(profile)
    }

    /// How often the word key was seen in general text.
    pub fn count(&self, key: &str) -> u32 {
        self.counts.get(key).copied().unwrap_or(0)
    }

    /// Word tokens counted.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Number of distinct keys.
    pub fn len(&self) -> usize {
        self.counts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// ln(relative frequency in the corpus / relative frequency here), both
    /// with add-half smoothing: above 0 for words a corpus uses more than
    /// general language does.
    pub fn specificity(&self, key: &str, corpus_count: u64, corpus_total: u64) -> f64 {
        let here = (corpus_count as f64 + 0.5) / corpus_total.max(1) as f64;
        let general = (self.count(key) as f64 + 0.5) / self.total as f64;
        (here / general).ln()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped(lang: Lang) -> &'static str {
        match lang {
            Lang::En => EN,
            Lang::Fr => FR,
            Lang::Es => ES,
        }
    }

    /// A common word, and a migration term general text hardly uses.
    fn words(lang: Lang) -> (&'static str, &'static str) {
        match lang {
            Lang::En => ("the", "asylum"),
            Lang::Fr => ("de", "asile"),
            Lang::Es => ("de", "asilo"),
        }
    }

    fn key(lang: Lang, word: &str) -> String {
        Keys::new().word(lang, word)
    }

    fn error_text(text: &str) -> String {
        Profile::from_tsv(text, Path::new("p.tsv"))
            .expect_err(text)
            .to_string()
    }

    #[test]
    fn builtin_profiles_load_with_plausible_totals() {
        for lang in Lang::ALL {
            let profile = Profile::builtin(lang);
            assert!(profile.total() > 15_000, "{lang:?}: {}", profile.total());
            assert!(profile.len() > 2_000, "{lang:?}: {}", profile.len());
            let sum: u64 = profile.counts.values().map(|&c| c as u64).sum();
            assert_eq!(sum, profile.total(), "{lang:?}: counts add up to #total");
        }
    }

    #[test]
    fn shipped_files_are_sorted_unique_and_positive() {
        for lang in Lang::ALL {
            let mut lines = shipped(lang).lines();
            let first = lines.next().unwrap();
            assert!(first.starts_with("#total\t"), "{lang:?}: {first:?}");
            let mut previous: Option<&str> = None;
            for line in lines {
                let (key, count) = line.split_once('\t').expect(line);
                assert!(!key.is_empty() && !key.contains(' '), "{lang:?}: {line:?}");
                let count: u32 = count.parse().expect(line);
                assert!(count > 0, "{lang:?}: {line:?}");
                if let Some(previous) = previous {
                    assert!(
                        previous.as_bytes() < key.as_bytes(),
                        "{lang:?}: {previous:?} then {key:?}"
                    );
                }
                previous = Some(key);
            }
        }
    }

    #[test]
    fn common_words_are_frequent_and_terms_rare() {
        for lang in Lang::ALL {
            let profile = Profile::builtin(lang);
            let (common, term) = words(lang);
            let common = profile.count(&key(lang, common));
            assert!(common > 500, "{lang:?}: {common}");
            let term = profile.count(&key(lang, term));
            assert!(term < 5, "{lang:?}: {term}");
        }
    }

    #[test]
    fn specificity_tells_terms_from_common_words() {
        for lang in Lang::ALL {
            let profile = Profile::builtin(lang);
            let (common, term) = words(lang);
            // A migration corpus of 10,000 words: the term 40 times, the
            // common word at a rate well below general text's.
            let term = profile.specificity(&key(lang, term), 40, 10_000);
            assert!(term > 1.0, "{lang:?}: {term}");
            let common = profile.specificity(&key(lang, common), 300, 10_000);
            assert!(common < 0.0, "{lang:?}: {common}");
        }
    }

    #[test]
    fn from_text_counts_every_word_token() {
        let text = "The asylum seekers, the 3 seekers.\nL'asile\n";
        let profile = Profile::from_text(Lang::En, text);
        // Words: The asylum seekers the seekers asile; the number and the
        // elided article are not.
        assert_eq!(profile.total(), 6, "{profile:?}");
        assert_eq!(profile.count("the"), 2);
        assert_eq!(profile.count(&key(Lang::En, "seekers")), 2);
        assert_eq!(profile.count("3"), 0);
    }

    #[test]
    fn write_tsv_round_trips_and_sorts_by_bytes() {
        let profile = Profile::from_text(Lang::Fr, "Zèbre zoo, Église été; de de de.");
        let mut out = Vec::new();
        profile.write_tsv(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with(&format!("#total\t{}\n", profile.total())));
        let keys: Vec<&str> = text
            .lines()
            .skip(1)
            .map(|l| l.split_once('\t').unwrap().0)
            .collect();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(keys, sorted);
        let back = Profile::from_tsv(&text, Path::new("p.tsv")).unwrap();
        assert_eq!(back.total(), profile.total());
        assert_eq!(back.counts, profile.counts);
        assert_eq!(back.count("de"), 3);
    }

    #[test]
    fn malformed_files_are_errors_naming_the_line() {
        assert_eq!(
            error_text("#total\t10\nasyl\t3\nrefuge 2\n"),
            "p.tsv:3: field count: expected key<TAB>count"
        );
        assert_eq!(
            error_text("#total\t10\nasyl\tmany\n"),
            "p.tsv:2: field count: not a count: \"many\""
        );
        assert_eq!(
            error_text("asyl\t3\n"),
            "p.tsv:1: field #total: missing or zero #total line"
        );
        assert_eq!(
            error_text("#total\tlots\n"),
            "p.tsv:1: field count: not a count: \"lots\""
        );
        assert_eq!(
            error_text("#total\t10\nasyl\t3\nasyl\t4\n"),
            "p.tsv:3: field key: duplicate key \"asyl\""
        );
        assert_eq!(
            error_text("#total\t10\nasyl\t4294967296\n"),
            "p.tsv:2: field count: count too large: 4294967296"
        );
    }
}
