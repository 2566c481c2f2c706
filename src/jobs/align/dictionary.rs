//! The optional bilingual dictionary: DeepL and OmegaT glossaries read as
//! word pairs, and compiled into the phrases key extraction finds in a
//! sentence, entries that share a phrase grouped into one class of
//! translations.

use crate::input::{strip_bom, trim_field};
use std::ops::Range;
use std::path::Path;

use rustc_hash::FxHashMap;

use crate::analysis::normalize::{fold_key, lower_key};
use crate::analysis::tokenize::tokenize;
use crate::error::{Error, Result};
use crate::lang::Lang;

/// A bilingual word list, used as extra lexical evidence: pairs of a source
/// word or phrase and its translation.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dictionary {
    /// The languages of the two columns, when a header line names them
    /// (`en<TAB>fr`). An aligner for the opposite direction uses the
    /// dictionary reversed.
    pub langs: Option<(Lang, Lang)>,
    entries: Vec<(String, String)>,
}

impl Dictionary {
    /// Reads the tab-separated glossaries of DeepL (`source<TAB>target`) and
    /// OmegaT (`source<TAB>target<TAB>comment`, the comment ignored). Blank
    /// lines and lines starting with `#` are skipped; a first line of two
    /// language codes is a header. `path` names the file in errors.
    pub fn from_tsv(text: &str, path: &Path) -> Result<Dictionary> {
        let text = strip_bom(text);
        let mut dictionary = Dictionary::default();
        let mut first = true;
        for (at, line) in text.split('\n').enumerate() {
            let line = line.strip_suffix('\r').unwrap_or(line);
            // A byte order mark starting a later line (files joined with
            // `cat`) is no part of the entry.
            let line = line.trim_start_matches('\u{feff}');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let here = |message: &str| Error::format(path, Some(at as u64 + 1), None, message);
            let mut fields = line.split('\t');
            let source = trim_field(fields.next().unwrap_or_default());
            let Some(target) = fields.next().map(trim_field) else {
                return Err(here(
                    "expected source<TAB>target (a DeepL or OmegaT glossary line), found no tab",
                ));
            };
            if std::mem::take(&mut first) {
                let lang = |field: &str| field.split(['-', '_']).next()?.parse::<Lang>().ok();
                if let (Some(s), Some(t)) = (lang(source), lang(target)) {
                    dictionary.langs = Some((s, t));
                    continue;
                }
            }
            if source.is_empty() {
                return Err(here("empty source term"));
            }
            if target.is_empty() {
                return Err(here("empty target term"));
            }
            dictionary
                .entries
                .push((source.to_string(), target.to_string()));
        }
        Ok(dictionary)
    }

    /// A dictionary from (source, target) pairs.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Dictionary {
        Dictionary {
            langs: None,
            entries: pairs
                .into_iter()
                .map(|(s, t)| (s.to_string(), t.to_string()))
                .collect(),
        }
    }

    /// The (source, target) pairs in file order.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries.iter().map(|(s, t)| (s.as_str(), t.as_str()))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// A dictionary compiled for lookup: phrases of each side with the class of
/// translations they belong to (entries sharing a phrase share a class).
pub(super) struct DictIndex {
    pub(super) source: Phrases,
    pub(super) target: Phrases,
}

/// The folded words of a phrase after its first, and its class.
type Phrase = (Vec<Box<str>>, u32);

/// Phrases (folded tokens) by their first token.
#[derive(Default)]
pub(super) struct Phrases {
    by_first: FxHashMap<Box<str>, Vec<Phrase>>,
}

impl Phrases {
    /// Calls `hit` with the class of every phrase occurring in a sentence
    /// whose folded tokens are `folded[spans[i]]`.
    pub(super) fn find(&self, folded: &str, spans: &[Range<usize>], mut hit: impl FnMut(u32)) {
        for (i, span) in spans.iter().enumerate() {
            let Some(candidates) = self.by_first.get(&folded[span.clone()]) else {
                continue;
            };
            for (rest, class) in candidates {
                let following = &spans[i + 1..];
                if following.len() >= rest.len()
                    && rest
                        .iter()
                        .zip(following)
                        .all(|(word, span)| **word == folded[span.clone()])
                {
                    hit(*class);
                }
            }
        }
    }
}

impl DictIndex {
    pub(super) fn new(dictionary: &Dictionary, reversed: bool) -> DictIndex {
        let fold = |phrase: &str| -> Vec<Box<str>> {
            let (mut lower, mut folded) = (String::new(), String::new());
            tokenize(phrase)
                .tokens
                .iter()
                .map(|t| {
                    lower_key(t.text(phrase), &mut lower);
                    fold_key(&lower, &mut folded);
                    folded.as_str().into()
                })
                .collect()
        };
        // Phrase ids: source phrases first, then target phrases.
        let mut ids: [FxHashMap<Vec<Box<str>>, usize>; 2] = Default::default();
        let mut pairs = Vec::new();
        for (s, t) in dictionary.entries() {
            let (s, t) = if reversed { (t, s) } else { (s, t) };
            let (s, t) = (fold(s), fold(t));
            if s.is_empty() || t.is_empty() {
                continue;
            }
            let next = ids[0].len();
            let a = *ids[0].entry(s).or_insert(next);
            let next = ids[1].len();
            let b = *ids[1].entry(t).or_insert(next);
            pairs.push((a, b));
        }
        let offset = ids[0].len();
        let mut parent: Vec<usize> = (0..offset + ids[1].len()).collect();
        fn root(parent: &mut [usize], mut x: usize) -> usize {
            while parent[x] != x {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            x
        }
        for (a, b) in pairs {
            let (ra, rb) = (root(&mut parent, a), root(&mut parent, offset + b));
            parent[ra.max(rb)] = ra.min(rb);
        }
        let [source_ids, target_ids] = ids;
        let mut side = |ids: FxHashMap<Vec<Box<str>>, usize>, base: usize| {
            let mut phrases = Phrases::default();
            for (mut words, id) in ids {
                let class = root(&mut parent, base + id) as u32;
                let first = words.remove(0);
                phrases
                    .by_first
                    .entry(first)
                    .or_default()
                    .push((words, class));
            }
            phrases
        };
        DictIndex {
            source: side(source_ids, 0),
            target: side(target_ids, offset),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::align::tests::{aligner_with, keys_of};
    use crate::jobs::align::{AlignOptions, Channel};
    use rustc_hash::FxHashSet;

    #[test]
    fn a_dictionary_adds_keys_on_both_sides() {
        let dictionary = Dictionary::from_tsv(
            "# DeepL-style entries\nen\tfr\nboat people\tréfugiés de la mer\nshelter\tfoyer\n",
            Path::new("dict.tsv"),
        )
        .unwrap();
        assert_eq!(dictionary.langs, Some((Lang::En, Lang::Fr)));
        assert_eq!(dictionary.len(), 2);
        let options = AlignOptions {
            dictionary: Some(dictionary),
            ..AlignOptions::default()
        };
        // Built for fr→en, the en→fr dictionary is used reversed.
        for (sl, tl) in [(Lang::En, Lang::Fr), (Lang::Fr, Lang::En)] {
            let aligner = aligner_with(sl, tl, options.clone());
            let index = aligner.dictionary.as_ref().unwrap();
            let (en, fr) = if sl == Lang::En {
                (&index.source, &index.target)
            } else {
                (&index.target, &index.source)
            };
            let dict_keys = |text, lang, phrases| -> Vec<u64> {
                keys_of(text, lang, Some(phrases))
                    .into_iter()
                    .filter(|k| k.1 == Channel::Dictionary)
                    .map(|k| k.0)
                    .collect()
            };
            let a = dict_keys("The Boat People slept in a shelter.", Lang::En, en);
            let b = dict_keys(
                "Les réfugiés de la mer dormaient dans un foyer.",
                Lang::Fr,
                fr,
            );
            assert_eq!(a.len(), 2, "{sl}-{tl}");
            assert_eq!(
                a.iter().collect::<FxHashSet<_>>(),
                b.iter().collect::<FxHashSet<_>>(),
                "{sl}-{tl}"
            );
        }
    }

    #[test]
    fn dictionary_lines_are_checked() {
        let path = Path::new("glossary.tsv");
        let omegat = Dictionary::from_tsv(
            // Two files joined: a byte order mark starts the second's
            // first line too (found by fuzz::align_side_files).
            "\u{feff}asylum\tasile\tnoun, EU law\r\n\r\n\u{feff}refugee\tréfugié\r\n \u{feff}visa\t\u{feff}visa\n",
            path,
        )
        .unwrap();
        assert_eq!(
            omegat.entries().collect::<Vec<_>>(),
            [
                ("asylum", "asile"),
                ("refugee", "réfugié"),
                ("visa", "visa")
            ]
        );
        assert_eq!(omegat.langs, None);
        for (text, message) in [
            (
                "asylum\tasile\nrefugee réfugié\n",
                "glossary.tsv:2: expected source<TAB>target",
            ),
            ("\tasile\n", "glossary.tsv:1: empty source term"),
            ("# c\nasylum\t \n", "glossary.tsv:2: empty target term"),
        ] {
            let error = Dictionary::from_tsv(text, path).unwrap_err().to_string();
            assert!(error.starts_with(message), "{error}");
        }
    }
}
