//! General-language word frequencies, one small profile per language, so a
//! candidate term can be told from everyday vocabulary: "asylum" is far more
//! frequent in a migration corpus than in general news, "year" is not.
//!
//! The shipped profiles (`glossaries/general/{en,fr,es}.tsv`) count word keys
//! ([`Keys::word`]) in general news and encyclopedia text; how
//! they are made and from what is in `glossaries/README.md`. Format: a first
//! line `#total<TAB>N` (word tokens counted), then `key<TAB>count` lines
//! sorted by key.
//!
//! Each builtin profile also carries a list of non-nominal word forms
//! (`glossaries/general/{en,fr,es}.nonnominal.txt`): lowercase forms that the
//! UD PUD treebanks never tag as a noun, proper noun, adjective, `X` or `SYM`
//! ("held", "recently", "ajouta"), so that term-candidate extraction can
//! refuse candidates built on verbs, adverbs and function words. The rule is
//! [`non_nominal_from_conllu`]; the format is one form a line, sorted by
//! bytes, no header.

use std::io;
use std::path::Path;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use crate::analysis::normalize::lower;
use crate::analysis::tokenize::{TokenKind, Tokens, tokenize_into};
use crate::error::{Error, Result};
use crate::jobs::suggest::keys::Keys;
use crate::lang::Lang;

/// Word-key counts of general-language text.
#[derive(Clone, Debug, Default)]
pub struct Profile {
    counts: FxHashMap<String, u32>,
    total: u64,
    /// Lowercase forms never tagged nominal, sorted by bytes, each once.
    non_nominal: Vec<String>,
}

const EN: &str = include_str!("../../../glossaries/general/en.tsv");
const FR: &str = include_str!("../../../glossaries/general/fr.tsv");
const ES: &str = include_str!("../../../glossaries/general/es.tsv");
const EN_NON_NOMINAL: &str = include_str!("../../../glossaries/general/en.nonnominal.txt");
const FR_NON_NOMINAL: &str = include_str!("../../../glossaries/general/fr.nonnominal.txt");
const ES_NON_NOMINAL: &str = include_str!("../../../glossaries/general/es.nonnominal.txt");

/// Universal POS tags counted as nominal by [`non_nominal_from_conllu`]: a
/// form ever tagged with one of these is never listed.
const NOMINAL_UPOS: [&str; 5] = ["NOUN", "PROPN", "ADJ", "X", "SYM"];

/// Tags that list a form seen only once (a hapax).
const HAPAX_UPOS: [&str; 3] = ["VERB", "AUX", "ADV"];

/// The non-nominal forms of a CoNLL-U treebank: the lowercase keys
/// ([`crate::analysis::normalize::lower`]) of the FORM column (2) that are never tagged
/// (UPOS, column 4) `NOUN`, `PROPN`, `ADJ`, `X` or `SYM`, and that are seen
/// at least twice or, seen once, are tagged `VERB`, `AUX` or `ADV`. So a noun
/// or verb seen once ("return" once as a verb) is not listed, a form seen
/// once as a verb ("ajouta") is. Comment lines (`#`), blank lines,
/// multiword-token lines (ID `1-2`, whose parts are counted instead) and
/// empty nodes (ID `8.1`) are skipped, as are forms without a letter.
/// Sorted by bytes, each once. This is how the shipped lists are made
/// (`examples/general_profile.rs`).
pub fn non_nominal_from_conllu(conllu: &str) -> Vec<String> {
    /// Occurrences, nominal ones, and VERB/AUX/ADV ones.
    #[derive(Default)]
    struct Seen {
        all: u32,
        nominal: u32,
        hapax_tag: u32,
    }
    let mut seen: FxHashMap<String, Seen> = FxHashMap::default();
    for line in conllu.lines() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut columns = line.split('\t');
        let (Some(id), Some(form), Some(_lemma), Some(upos)) = (
            columns.next(),
            columns.next(),
            columns.next(),
            columns.next(),
        ) else {
            continue;
        };
        if id.contains(['-', '.']) || !form.chars().any(char::is_alphabetic) {
            continue;
        }
        let entry = seen.entry(lower(form)).or_default();
        entry.all += 1;
        entry.nominal += u32::from(NOMINAL_UPOS.contains(&upos));
        entry.hapax_tag += u32::from(HAPAX_UPOS.contains(&upos));
    }
    let mut list: Vec<String> = seen
        .into_iter()
        .filter(|(_, s)| s.nominal == 0 && (s.all >= 2 || s.hapax_tag > 0))
        .map(|(form, _)| form)
        .collect();
    list.sort_unstable_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
    list
}

/// Writes a non-nominal list in the format [`Profile::with_non_nominal`]
/// reads: one form a line, each followed by a line feed.
pub fn write_non_nominal(list: &[String], mut out: impl io::Write) -> io::Result<()> {
    for form in list {
        writeln!(out, "{form}")?;
    }
    out.flush()
}

impl Profile {
    /// The profile shipped for `lang`.
    pub fn builtin(lang: Lang) -> &'static Profile {
        static PROFILES: OnceLock<[Profile; 3]> = OnceLock::new();
        let profiles = PROFILES.get_or_init(|| {
            Lang::ALL.map(|lang| {
                let (text, name, non_nominal) = match lang {
                    Lang::En => (EN, "glossaries/general/en.tsv", EN_NON_NOMINAL),
                    Lang::Fr => (FR, "glossaries/general/fr.tsv", FR_NON_NOMINAL),
                    Lang::Es => (ES, "glossaries/general/es.tsv", ES_NON_NOMINAL),
                };
                Profile::from_tsv(text, Path::new(name))
                    .expect("the shipped profiles are valid (checked by tests)")
                    .with_non_nominal(non_nominal)
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

    /// Replaces the non-nominal list with the forms of `list_text`, one a
    /// line (the format of `glossaries/general/*.nonnominal.txt`); blank
    /// lines are skipped, and each form is lowercased ([`lower`]), sorted
    /// and deduplicated, so any list works. Profiles read by
    /// [`Profile::from_tsv`] or made by [`Profile::from_text`] start with an
    /// empty list.
    pub fn with_non_nominal(mut self, list_text: &str) -> Profile {
        let mut list: Vec<String> = list_text
            .lines()
            .map(|line| line.strip_suffix('\r').unwrap_or(line).trim())
            .filter(|line| !line.is_empty())
            .map(lower)
            .collect();
        list.sort_unstable_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
        list.dedup();
        self.non_nominal = list;
        self
    }

    /// Whether the lowercase form ([`crate::analysis::normalize::lower`], not a
    /// stemmed key) is almost always a verb, adverb or function word in
    /// general text: a term candidate should not start or end with it.
    pub fn is_non_nominal(&self, lower: &str) -> bool {
        self.non_nominal
            .binary_search_by(|form| form.as_bytes().cmp(lower.as_bytes()))
            .is_ok()
    }

    /// The non-nominal forms, sorted by bytes.
    pub fn non_nominal(&self) -> &[String] {
        &self.non_nominal
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

    fn shipped_non_nominal(lang: Lang) -> &'static str {
        match lang {
            Lang::En => EN_NON_NOMINAL,
            Lang::Fr => FR_NON_NOMINAL,
            Lang::Es => ES_NON_NOMINAL,
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

    #[test]
    fn shipped_non_nominal_lists_are_sorted_unique_lowercase_keys() {
        for lang in Lang::ALL {
            let text = shipped_non_nominal(lang);
            assert!(text.ends_with('\n') && !text.contains('\r'), "{lang:?}");
            let mut previous: Option<&str> = None;
            for form in text.lines() {
                assert!(
                    !form.is_empty() && form.trim() == form,
                    "{lang:?}: {form:?}"
                );
                assert!(!form.contains([' ', '\t']), "{lang:?}: {form:?}");
                assert!(form.chars().any(char::is_alphabetic), "{lang:?}: {form:?}");
                assert_eq!(lower(form), form, "{lang:?}: not a lower key");
                if let Some(previous) = previous {
                    assert!(
                        previous.as_bytes() < form.as_bytes(),
                        "{lang:?}: {previous:?} then {form:?}"
                    );
                }
                previous = Some(form);
            }
            let profile = Profile::builtin(lang);
            let listed = profile.non_nominal();
            assert_eq!(listed.len(), text.lines().count(), "{lang:?}");
            assert!(listed.len() > 500, "{lang:?}: {}", listed.len());
            assert!(listed.iter().all(|form| profile.is_non_nominal(form)));
        }
    }

    #[test]
    fn builtin_lists_hold_verbs_and_adverbs_not_nouns() {
        let en = Profile::builtin(Lang::En);
        for form in [
            "held",
            "recently",
            "discussed",
            "agreed",
            "provide",
            "the",
            "of",
        ] {
            assert!(en.is_non_nominal(form), "en {form:?}");
        }
        // "return" is tagged both NOUN and VERB; the others are nouns or absent.
        for form in ["migration", "talks", "return", "asylum", "year", "Held", ""] {
            assert!(!en.is_non_nominal(form), "en {form:?}");
        }
        let fr = Profile::builtin(Lang::Fr);
        // PUD has no "ajouté"; "ajouta" is its one past-tense verb form.
        for form in ["ajouta", "sont", "très", "aujourd'hui"] {
            assert!(fr.is_non_nominal(form), "fr {form:?}");
        }
        for form in ["migration", "asile", "transition"] {
            assert!(!fr.is_non_nominal(form), "fr {form:?}");
        }
        let es = Profile::builtin(Lang::Es);
        for form in ["anunció", "fue", "también", "que"] {
            assert!(es.is_non_nominal(form), "es {form:?}");
        }
        for form in ["migración", "asilo", "gobierno"] {
            assert!(!es.is_non_nominal(form), "es {form:?}");
        }
    }

    #[test]
    fn non_nominal_from_conllu_follows_the_rule() {
        let conllu = "\
# sent_id = 1
# text = Talks held; it was held. Return del 2 returns.
1\tTalks\ttalk\tNOUN\tNNS\t_\t2\tnsubj\t_\t_
2\theld\thold\tVERB\tVBD\t_\t0\troot\t_\t_
3\tit\tit\tPRON\tPRP\t_\t5\tnsubj\t_\t_
4\twas\tbe\tAUX\tVBD\t_\t5\taux\t_\t_
5\tHeld\thold\tVERB\tVBN\t_\t2\tparataxis\t_\t_
6\tReturn\treturn\tNOUN\tNN\t_\t2\tobj\t_\t_
7-8\tdel\t_\t_\t_\t_\t_\t_\t_\t_
7\tde\tde\tADP\tIN\t_\t9\tcase\t_\t_
8\tel\tel\tDET\tDT\t_\t9\tdet\t_\t_
8.1\tghost\tghost\tVERB\t_\t_\t_\t_\t_\t_
9\t2\t2\tNUM\tCD\t_\t6\tnummod\t_\t_
10\treturns\treturn\tVERB\tVBZ\t_\t2\tconj\t_\t_
11\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

# sent_id = 2
1\tit\tit\tPRON\tPRP\t_\t2\tnsubj\t_\t_
2\tdel\tdel\tPROPN\tNNP\t_\t0\troot\t_\t_
3\ttalks\ttalk\tVERB\tVBZ\t_\t2\tconj\t_\t_
4\treturn\treturn\tVERB\tVB\t_\t2\tconj\t_\t_
5\tpronto\tpronto\tADV\tRB\t_\t2\tadvmod\t_\t_
6\tthey\tthey\tPRON\tPRP\t_\t2\tnsubj\t_\t_
7\t--\t--\tSYM\tSYM\t_\t2\tpunct\t_\t_
8\t1st\t1st\tADJ\tJJ\t_\t2\tamod\t_\t_
";
        // held: VERB twice, case folded. it: PRON twice. was, returns,
        // pronto: VERB/AUX/ADV once. talks, return: also NOUN. de, el: only
        // in the multiword token "del", whose own line is skipped, and once
        // each as ADP/DET (a hapax of another tag). del: PROPN. they: PRON
        // once. ghost: an empty node. 2, ".", "--": no letter.
        assert_eq!(
            non_nominal_from_conllu(conllu),
            ["held", "it", "pronto", "returns", "was"]
        );
        assert!(non_nominal_from_conllu("# only a comment\n\n").is_empty());
    }

    #[test]
    fn with_non_nominal_sorts_lowercases_and_dedups() {
        let profile = Profile::from_tsv("#total\t3\nasyl\t3\n", Path::new("p.tsv")).unwrap();
        assert!(profile.non_nominal().is_empty());
        assert!(!profile.is_non_nominal("held"));
        let profile = profile.with_non_nominal("held\r\nRecently\n\nagreed\nheld\n");
        assert_eq!(profile.non_nominal(), ["agreed", "held", "recently"]);
        assert!(profile.is_non_nominal("recently"));
        assert!(!profile.is_non_nominal("Recently"));
        assert_eq!(profile.count("asyl"), 3, "the counts are kept");
        let mut out = Vec::new();
        write_non_nominal(profile.non_nominal(), &mut out).unwrap();
        assert_eq!(out, b"agreed\nheld\nrecently\n");
        assert!(
            Profile::from_text(Lang::En, "held")
                .non_nominal()
                .is_empty()
        );
    }
}
