//! General-language word frequencies, one small profile per language, so a
//! candidate term can be told from everyday vocabulary: "asylum" is far more
//! frequent in a migration corpus than in general news, "year" is not.
//!
//! The shipped profiles (`glossaries/general/{en,fr,es}.tsv`) count word keys
//! ([`crate::terms::Keys::word`]) in general news and encyclopedia text; how
//! they are made and from what is in `glossaries/README.md`. Format: a first
//! line `#total<TAB>N` (word tokens counted), then `key<TAB>count` lines
//! sorted by key.

use std::path::Path;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use crate::error::{Error, Result};
use crate::lang::Lang;

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
                profile.counts.insert(key.to_string(), count);
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
