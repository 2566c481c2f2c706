//! Term candidates: the word sequences of a text that could be terms, keyed
//! so that inflected forms group together, and ranked by termhood.
//!
//! A candidate is one to [`MAX_WORDS`] tokens of one sentence, joined only by
//! spaces, hyphens or an elision's apostrophe (never a comma or other
//! punctuation), whose first and last words are content words: not a stop
//! word of the language, not a word general text only ever uses as a verb,
//! adverb, pronoun and the like (the profile's non-nominal forms, see
//! [`crate::jobs::suggest::profile`]), not a number, not an elided article. Inside, only
//! the language's function words (prepositions and articles) may appear, so
//! "freedom of movement" and "demandeur d'asile" are candidates but "of
//! movement" and "migrants who arrived" are not. Coordinations are not terms
//! here: "and", "et", "y" end a candidate.
//!
//! Candidates group by their key: each word's Snowball stem of its lower key,
//! accent-folded, joined by a space (function words keep their lower key).
//! So "asylum seekers" and "asylum seeker", "réfugiés" and "refugie" share a
//! key. [`Candidates`] counts them over a corpus, keeps their surface forms,
//! and ranks them by termhood: the C-value of nested multiword terms times
//! the specificity of their words against a general-language profile.
//!
//! Which word sequences are candidates is decided in `extract.rs` ([`Extractor`],
//! with the [`stop_words`] of each language in `stop_words.rs`), and their
//! keys are made in `keys.rs` ([`Keys`]); this file counts the candidates
//! of a corpus, ranks them by termhood and writes them as CSV.

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::analysis::tokenize::{Token, TokenKind};
use crate::lang::Lang;

pub use super::extract::{Extractor, MAX_WORDS, Occurrence, Role, role};
pub use super::keys::Keys;
pub use super::stop_words::{is_stop_word, stop_words};

/// One candidate of a corpus, over all its occurrences.
///
/// Serialized without its scores, which [`Candidates::finish`] computes
/// once all the counts are in.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Candidate {
    pub key: String,
    /// Number of words (tokens).
    pub words: usize,
    /// Number of content words: the most any occurrence had (a stem may
    /// also be a function word's key), so that it does not depend on which
    /// occurrence came first.
    pub content_words: usize,
    /// Occurrences in the corpus.
    pub freq: u32,
    /// Surface forms (whitespace collapsed) with their counts; the `bool`
    /// says whether some occurrence was not sentence-initial. In the order
    /// first seen: nothing shown may depend on it.
    pub forms: Vec<(String, u32, bool)>,
    #[serde(skip)]
    pub cvalue: f64,
    #[serde(skip)]
    pub specificity: f64,
    #[serde(skip)]
    pub termhood: f64,
}

impl Candidate {
    /// The form to show: the commonest one seen inside a sentence, else the
    /// commonest one lowercased (its capital was the sentence's), acronyms
    /// kept.
    pub fn representative(&self) -> String {
        let inner = self
            .forms
            .iter()
            .filter(|f| f.2)
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)));
        if let Some(form) = inner {
            return form.0.clone();
        }
        let Some(form) = self
            .forms
            .iter()
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
        else {
            return self.key.clone();
        };
        let first_word = form.0.split(' ').next().unwrap_or("");
        if first_word.chars().filter(|c| c.is_alphabetic()).count() > 1
            && first_word.chars().all(|c| !c.is_lowercase())
        {
            form.0.clone()
        } else {
            let mut chars = form.0.chars();
            match chars.next() {
                Some(c) => c.to_lowercase().chain(chars).collect(),
                None => String::new(),
            }
        }
    }

    /// Whether it looks like a proper name ("Biden", "Department of State",
    /// "Fernández de Cossío"): never seen with a lowercase content word,
    /// capitalized inside a sentence at least once, not an acronym.
    pub fn is_name(&self) -> bool {
        let mut inside = false;
        for (form, _, not_initial) in &self.forms {
            let words: Vec<&str> = form
                .split([' ', '-'])
                .filter(|w| w.chars().next().is_some_and(char::is_alphabetic))
                .collect();
            let capitalized = |w: &&str| w.chars().next().is_some_and(char::is_uppercase);
            let first = words.first().copied().unwrap_or("");
            let acronym = words.len() == 1
                && first
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .all(char::is_uppercase);
            if acronym {
                return false;
            }
            // Function words inside a name stay lowercase ("of", "de").
            let all_capitalized = capitalized(&first)
                && words
                    .iter()
                    .all(|w| capitalized(w) || w.chars().count() <= 3);
            if !all_capitalized {
                return false;
            }
            inside |= *not_initial;
        }
        inside
    }
}

/// The candidates of one language over a corpus.
///
/// Counts over parts of a corpus [merge](Candidates::merge) into the counts
/// over the whole. Serialized without the index of keys, which is rebuilt on
/// reading.
#[derive(Debug, Serialize, Deserialize)]
#[serde(try_from = "UnindexedCandidates")]
pub struct Candidates {
    pub lang: Lang,
    /// By id: ids are given in the order candidates are first seen.
    pub list: Vec<Candidate>,
    #[serde(skip_serializing)]
    index: FxHashMap<String, u32>,
    /// Occurrences of each content word's key, for specificity.
    word_freq: FxHashMap<String, u32>,
    /// Word tokens counted.
    pub total_words: u64,
}

impl Candidates {
    pub fn new(lang: Lang) -> Candidates {
        Candidates {
            lang,
            list: Vec::new(),
            index: FxHashMap::default(),
            word_freq: FxHashMap::default(),
            total_words: 0,
        }
    }

    /// The id of a key, if it was seen.
    pub fn id(&self, key: &str) -> Option<u32> {
        self.index.get(key).copied()
    }

    pub fn get(&self, id: u32) -> &Candidate {
        &self.list[id as usize]
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Counts the words of a text (for specificity): every word token, and
    /// the content words by the keys `extractor` made of them, so call it
    /// right after [`Extractor::occurrences`] on the same tokens.
    pub fn count_words(&mut self, extractor: &Extractor, tokens: &[Token]) {
        debug_assert_eq!(extractor.roles.len(), tokens.len());
        self.total_words += tokens.iter().filter(|t| t.kind == TokenKind::Word).count() as u64;
        // Content words, and the verbs and the like the extractor stopped
        // at (they keep their key); not function or stop words.
        for (key, role) in extractor.token_keys.iter().zip(&extractor.roles) {
            if key.is_empty() || *role == Role::Inner {
                continue;
            }
            match self.word_freq.get_mut(key.as_str()) {
                Some(n) => *n += 1,
                None => {
                    self.word_freq.insert(key.clone(), 1);
                }
            }
        }
    }

    /// Counts one occurrence; returns the candidate's id and the index of
    /// the occurrence's surface form in [`Candidate::forms`].
    pub fn add(&mut self, text: &str, occurrence: &Occurrence) -> (u32, usize) {
        let id = match self.index.get(&occurrence.key) {
            Some(&id) => id,
            None => {
                let id = self.list.len() as u32;
                self.list.push(Candidate {
                    key: occurrence.key.clone(),
                    words: occurrence.tokens.len(),
                    ..Candidate::default()
                });
                self.index.insert(occurrence.key.clone(), id);
                id
            }
        };
        let candidate = &mut self.list[id as usize];
        candidate.freq += 1;
        candidate.content_words = candidate.content_words.max(occurrence.content_words);
        let form = crate::analysis::normalize::collapse_whitespace(
            &text[occurrence.start..occurrence.end],
        );
        let inside = !occurrence.sentence_initial;
        (id, count_form(&mut candidate.forms, form, 1, inside).0)
    }

    /// Adds the counts of `other`, another part of the same language's
    /// corpus; neither may be [finished](Candidates::finish) yet. Returns,
    /// by `other`'s ids, the ids its candidates have here.
    ///
    /// `form_moved(other's id, form index there, id here, form index here)`
    /// is told where each surface form of `other` went, so that what callers
    /// keep beside the forms can follow them.
    pub fn merge(
        &mut self,
        other: Candidates,
        mut form_moved: impl FnMut(u32, usize, u32, usize),
    ) -> Result<Vec<u32>, Overflow> {
        debug_assert_eq!(self.lang, other.lang);
        self.total_words = self
            .total_words
            .checked_add(other.total_words)
            .ok_or(Overflow)?;
        self.word_freq.reserve(other.word_freq.len());
        for (key, n) in other.word_freq {
            let freq = self.word_freq.entry(key).or_default();
            *freq = freq.checked_add(n).ok_or(Overflow)?;
        }
        let mut ids = Vec::with_capacity(other.list.len());
        for (their_id, theirs) in other.list.into_iter().enumerate() {
            let their_id = their_id as u32;
            let Some(&id) = self.index.get(&theirs.key) else {
                let id = self.list.len() as u32;
                for form in 0..theirs.forms.len() {
                    form_moved(their_id, form, id, form);
                }
                self.index.insert(theirs.key.clone(), id);
                self.list.push(theirs);
                ids.push(id);
                continue;
            };
            let ours = &mut self.list[id as usize];
            ours.freq = ours.freq.checked_add(theirs.freq).ok_or(Overflow)?;
            ours.content_words = ours.content_words.max(theirs.content_words);
            for (form, (text, n, inside)) in theirs.forms.into_iter().enumerate() {
                let (at, overflow) = count_form(&mut ours.forms, text, n, inside);
                if overflow {
                    return Err(Overflow);
                }
                form_moved(their_id, form, id, at);
            }
            ids.push(id);
        }
        Ok(ids)
    }

    /// Computes C-value, specificity against `general` and termhood.
    ///
    /// C-value (Frantzi, Ananiadou and Mima 2000), with log2(words + 1) so
    /// single words count: a candidate nested in longer ones loses the mean
    /// frequency of those. Specificity: the mean over content words of
    /// ln(relative frequency here / relative frequency in general language),
    /// both add-half smoothed. Termhood: C-value × max(specificity, 0.05).
    pub fn finish(&mut self, general: &crate::jobs::suggest::profile::Profile) {
        // Longer candidates containing each candidate: sum of their
        // frequencies and their number.
        let mut nested: Vec<(u64, u32)> = vec![(0, 0); self.list.len()];
        for c in &self.list {
            let words: Vec<&str> = c.key.split(' ').collect();
            if words.len() < 2 {
                continue;
            }
            for len in 1..words.len() {
                for start in 0..=words.len() - len {
                    let sub = words[start..start + len].join(" ");
                    if let Some(&id) = self.index.get(&sub) {
                        nested[id as usize].0 += c.freq as u64;
                        nested[id as usize].1 += 1;
                    }
                }
            }
        }
        let total = self.total_words.max(1);
        for (c, (sum, n)) in self.list.iter_mut().zip(nested) {
            let weight = ((c.words + 1) as f64).log2();
            let freq = c.freq as f64;
            c.cvalue = if n == 0 {
                weight * freq
            } else {
                weight * (freq - sum as f64 / n as f64).max(0.0)
            };
            let mut spec = 0.0;
            let mut content = 0;
            for word in c.key.split(' ') {
                let Some(&f) = self.word_freq.get(word) else {
                    continue;
                };
                spec += general.specificity(word, f as u64, total);
                content += 1;
            }
            c.specificity = if content == 0 {
                0.0
            } else {
                spec / content as f64
            };
            c.termhood = c.cvalue * c.specificity.max(0.05);
        }
    }

    /// Candidate ids by termhood, best first (ties by key).
    pub fn ranked(&self) -> Vec<u32> {
        let mut ids: Vec<u32> = (0..self.list.len() as u32).collect();
        ids.sort_by(|&a, &b| {
            let (a, b) = (self.get(a), self.get(b));
            b.termhood
                .total_cmp(&a.termhood)
                .then_with(|| a.key.cmp(&b.key))
        });
        ids
    }
}

/// Counts `n` occurrences of a surface form among `forms`; returns its
/// index there, and whether its count went past `u32::MAX` (it stays
/// there).
fn count_form(
    forms: &mut Vec<(String, u32, bool)>,
    form: String,
    n: u32,
    inside: bool,
) -> (usize, bool) {
    match forms.iter().position(|f| f.0 == form) {
        Some(i) => {
            let f = &mut forms[i];
            let (sum, overflow) = f.1.overflowing_add(n);
            f.1 = if overflow { u32::MAX } else { sum };
            f.2 |= inside;
            (i, overflow)
        }
        None => {
            forms.push((form, n, inside));
            (forms.len() - 1, false)
        }
    }
}

/// Counts that add up past what they are kept in (a u32 or u64), found
/// when counts over shards are merged: refused rather than wrapped around.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Overflow;

impl std::fmt::Display for Overflow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the counts add up past the largest termalign keeps")
    }
}

/// [`Candidates`] as serialized, before its index is rebuilt.
#[derive(Deserialize)]
struct UnindexedCandidates {
    lang: Lang,
    list: Vec<Candidate>,
    word_freq: FxHashMap<String, u32>,
    total_words: u64,
}

impl TryFrom<UnindexedCandidates> for Candidates {
    type Error = String;

    fn try_from(read: UnindexedCandidates) -> Result<Candidates, String> {
        let mut index = FxHashMap::default();
        index.reserve(read.list.len());
        for (id, candidate) in read.list.iter().enumerate() {
            if index.insert(candidate.key.clone(), id as u32).is_some() {
                return Err(format!(
                    "{} candidate {:?} is listed twice",
                    read.lang, candidate.key
                ));
            }
        }
        Ok(Candidates {
            lang: read.lang,
            list: read.list,
            index,
            word_freq: read.word_freq,
            total_words: read.total_words,
        })
    }
}

/// The columns of [`write_csv`].
pub const CSV_COLUMNS: [&str; 9] = [
    "lang",
    "term",
    "key",
    "freq",
    "forms",
    "cvalue",
    "specificity",
    "termhood",
    "name",
];

/// The candidates as a workbook: a sheet per language.
pub const XLSX: crate::formats::table::Columns = crate::formats::table::Columns {
    numbers: &["freq", "cvalue", "specificity", "termhood"],
    booleans: &["name"],
    wide: &["forms"],
    sheet_by: &["lang"],
    ..crate::formats::table::Columns::named("candidates")
};

/// Writes the candidates of each language, best termhood first, as CSV
/// ([`CSV_COLUMNS`]; `forms` lists each surface form with its count,
/// commonest first: `asylum seekers 3; Asylum seekers 1`; `name` says
/// whether it looks like a proper name, see [`Candidate::is_name`]).
/// Text fields are written as `fields` says. Returns the number of rows.
pub fn write_csv<W: std::io::Write>(
    candidates: &[Candidates],
    fields: crate::formats::spreadsheet::CsvFields,
    out: W,
) -> std::io::Result<usize> {
    let mut csv = csv::Writer::from_writer(out);
    let err = crate::error::csv_to_io;
    csv.write_record(CSV_COLUMNS).map_err(err)?;
    let mut rows = 0;
    for side in candidates {
        for id in side.ranked() {
            let c = side.get(id);
            let mut forms: Vec<&(String, u32, bool)> = c.forms.iter().collect();
            forms.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            let forms: Vec<String> = forms.iter().map(|(f, n, _)| format!("{f} {n}")).collect();
            csv.write_record([
                side.lang.code(),
                &fields.text(&c.representative()),
                &fields.text(&c.key),
                &c.freq.to_string(),
                &fields.text(&forms.join("; ")),
                &format!("{:.2}", c.cvalue),
                &format!("{:.2}", c.specificity),
                &format!("{:.2}", c.termhood),
                if c.is_name() { "yes" } else { "no" },
            ])
            .map_err(err)?;
            rows += 1;
        }
    }
    csv.flush()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counts over shards that add up past what they are kept in are
    /// refused (they once wrapped around, a huge count becoming a small one).
    #[test]
    fn merged_counts_past_their_type_are_refused_not_wrapped() {
        let mut a = Candidates::new(Lang::En);
        a.total_words = u64::MAX;
        let mut b = Candidates::new(Lang::En);
        b.total_words = 3;
        assert_eq!(a.merge(b, |_, _, _, _| {}), Err(Overflow));

        let mut forms = vec![("asylum".to_string(), u32::MAX - 1, false)];
        assert_eq!(
            count_form(&mut forms, "asylum".into(), 1, false),
            (0, false)
        );
        assert_eq!(count_form(&mut forms, "asylum".into(), 5, true), (0, true));
        assert_eq!(forms[0], ("asylum".to_string(), u32::MAX, true));
    }
}
