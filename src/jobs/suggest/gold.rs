//! Evaluation against gold equivalents: a gold file of term pairs, and the
//! precision at 1 and 5 of a run's suggestions over the gold terms present
//! in its input, with an account of what was missed.

use crate::input::strip_bom;
use std::path::Path;

use rustc_hash::{FxHashMap, FxHashSet};

use super::{Suggested, Suggestion};
use crate::error::{Error, Result};
use crate::lang::Lang;

/// Gold equivalents: `lang_a<TAB>term_a<TAB>lang_b<TAB>term_b` per line, an
/// optional header line (`lang_a…`), `#` comments and blank lines skipped.
#[derive(Clone, Debug, Default)]
pub struct Gold {
    /// (lang_a, key_a) → the (lang_b, key_b) it may be rendered as.
    pairs: FxHashMap<(Lang, String), FxHashSet<(Lang, String)>>,
    /// Gold pairs read.
    pub len: usize,
}

impl Gold {
    /// Reads a gold file; `path` names it in errors.
    pub fn from_tsv(text: &str, path: &Path) -> Result<Gold> {
        let mut keys = crate::jobs::suggest::candidates::Keys::new();
        let mut gold = Gold::default();
        let text = strip_bom(text);
        let mut first = true;
        for (i, line) in text.lines().enumerate() {
            let line_no = i as u64 + 1;
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            if std::mem::replace(&mut first, false) && fields.first() == Some(&"lang_a") {
                continue;
            }
            if fields.len() != 4 {
                return Err(Error::format(
                    path,
                    Some(line_no),
                    None,
                    format!(
                        "expected 4 tab-separated fields (lang_a, term_a, lang_b, term_b), found {}",
                        fields.len()
                    ),
                ));
            }
            let lang = |field: &str, value: &str| -> Result<Lang> {
                value.trim().parse().map_err(|e: crate::lang::UnknownLang| {
                    Error::format(path, Some(line_no), Some(field), e.to_string())
                })
            };
            let (la, lb) = (lang("lang_a", fields[0])?, lang("lang_b", fields[2])?);
            for (field, value) in [("term_a", fields[1]), ("term_b", fields[3])] {
                if value.trim().is_empty() {
                    return Err(Error::format(
                        path,
                        Some(line_no),
                        Some(field),
                        "empty term",
                    ));
                }
            }
            let (ka, kb) = (keys.term(la, fields[1]), keys.term(lb, fields[3]));
            gold.insert(la, ka, lb, kb);
        }
        Ok(gold)
    }

    /// Adds a pair (both directions).
    pub fn insert(&mut self, lang_a: Lang, key_a: String, lang_b: Lang, key_b: String) {
        self.len += 1;
        self.pairs
            .entry((lang_a, key_a.clone()))
            .or_default()
            .insert((lang_b, key_b.clone()));
        self.pairs
            .entry((lang_b, key_b))
            .or_default()
            .insert((lang_a, key_a));
    }

    /// Precision at 1 and at 5 of `suggested`, per language pair in which
    /// it suggested: over the gold source terms present in the input whose
    /// gold equivalents in the other language are present too.
    pub fn evaluate(&self, suggested: &Suggested) -> Vec<Score> {
        self.evaluate_seen(suggested, 1)
    }

    /// [`Gold::evaluate`] over the gold source terms seen `min_freq` times
    /// or more in the input: what a run with that minimum frequency could
    /// suggest at all.
    pub fn evaluate_seen(&self, suggested: &Suggested, min_freq: u32) -> Vec<Score> {
        let seen = |lang: Lang, key: &str| {
            suggested
                .candidates
                .iter()
                .any(|c| c.lang == lang && c.id(key).is_some_and(|id| c.get(id).freq >= min_freq))
        };
        let mut by_source: FxHashMap<(Lang, &str, Lang), Vec<&Suggestion>> = FxHashMap::default();
        for s in &suggested.suggestions {
            by_source
                .entry((s.lang_a, s.key_a.as_str(), s.lang_b))
                .or_default()
                .push(s);
        }
        let mut scores = Vec::new();
        for &(la, lb) in &suggested.directions {
            let mut score = Score {
                lang_a: la,
                lang_b: lb,
                gold: 0,
                at1: 0,
                at5: 0,
            };
            let mut sources: Vec<_> = self
                .pairs
                .iter()
                .filter(|((l, k), _)| *l == la && seen(la, k))
                .collect();
            sources.sort_by(|x, y| x.0.cmp(y.0));
            for ((_, key), targets) in sources {
                let wanted = present_in(targets, lb, suggested);
                if wanted.is_empty() {
                    continue;
                }
                score.gold += 1;
                let list = by_source
                    .get(&(la, key.as_str(), lb))
                    .map_or(&[][..], |v| v.as_slice());
                let rank = list
                    .iter()
                    .find(|s| wanted.contains(&&s.key_b))
                    .map(|s| s.rank);
                if rank == Some(1) {
                    score.at1 += 1;
                }
                if rank.is_some_and(|r| r <= 5) {
                    score.at5 += 1;
                }
            }
            scores.push(score);
        }
        scores
    }
}

impl Gold {
    /// One line per gold source term present in the input: its frequency,
    /// the rank of the first correct suggestion, and the top suggestion.
    pub fn explain(&self, suggested: &Suggested) -> Vec<String> {
        let mut out = Vec::new();
        let langs = suggested.directions.clone();
        let mut keys: Vec<_> = self.pairs.iter().collect();
        keys.sort_by(|x, y| x.0.cmp(y.0));
        for (la, lb) in langs {
            for ((l, key), targets) in &keys {
                if *l != la || !suggested.present(la, key) {
                    continue;
                }
                let wanted = present_in(targets, lb, suggested);
                if wanted.is_empty() {
                    continue;
                }
                let freq = suggested
                    .candidates
                    .iter()
                    .find(|c| c.lang == la)
                    .and_then(|c| c.id(key).map(|id| c.get(id).clone()));
                let list: Vec<&Suggestion> = suggested
                    .suggestions
                    .iter()
                    .filter(|s| s.lang_a == la && s.lang_b == lb && &s.key_a == key)
                    .collect();
                let rank = list
                    .iter()
                    .find(|s| wanted.contains(&&s.key_b))
                    .map(|s| s.rank);
                out.push(format!(
                    "{la}-{lb} {key:?} freq {} cvalue {:.2} spec {:.2} name {} → want {wanted:?}: rank {rank:?}, top {:?}",
                    freq.as_ref().map_or(0, |c| c.freq),
                    freq.as_ref().map_or(0.0, |c| c.cvalue),
                    freq.as_ref().map_or(0.0, |c| c.specificity),
                    freq.as_ref().is_some_and(|c| c.is_name()),
                    list.first().map(|s| (&s.term_b, s.score)),
                ));
            }
        }
        out
    }
}

/// The gold equivalents in `lang` that are candidates of the input.
fn present_in<'g>(
    targets: &'g FxHashSet<(Lang, String)>,
    lang: Lang,
    suggested: &Suggested,
) -> Vec<&'g String> {
    targets
        .iter()
        .filter(|(l, k)| *l == lang && suggested.present(lang, k))
        .map(|(_, k)| k)
        .collect()
}

/// Precision at 1 and 5 in one direction.
#[derive(Clone, Debug, PartialEq)]
pub struct Score {
    pub lang_a: Lang,
    pub lang_b: Lang,
    /// Gold source terms present in the input.
    pub gold: usize,
    pub at1: usize,
    pub at5: usize,
}

impl Score {
    pub fn p1(&self) -> f64 {
        self.at1 as f64 / self.gold.max(1) as f64
    }

    pub fn p5(&self) -> f64 {
        self.at5 as f64 / self.gold.max(1) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::matcher::Matcher;
    use crate::glossary::Glossary;
    use crate::jobs::suggest::tests::pair;
    use crate::jobs::suggest::{Options, parallel};

    #[test]
    fn gold_files_take_a_header_after_comments_and_score_the_run_direction() {
        let gold = Gold::from_tsv(
            "# reviewed 2026-11\nlang_a\tterm_a\tlang_b\tterm_b\nen\tcoyote\tfr\tpasseur\n",
            Path::new("g.tsv"),
        )
        .unwrap();
        assert_eq!(gold.len, 1);
        let glossary = Glossary::builtin();
        let matcher = Matcher::new(&glossary);
        let pairs = [
            pair(
                "Les passeurs attendent au fleuve.",
                "The coyotes wait at the river.",
            ),
            pair(
                "La police cherche les passeurs.",
                "The police look for the coyotes.",
            ),
            pair("Deux passeurs ont fui.", "Two coyotes fled."),
            pair("Il faisait froid.", "The weather was cold."),
            pair("La route est longue.", "The road is long."),
        ];
        let got = parallel(
            &glossary,
            &matcher,
            &pairs,
            Lang::Fr,
            Lang::En,
            &Options::parallel(),
        );
        let scores = gold.evaluate(&got);
        assert_eq!(scores.len(), 1);
        assert_eq!((scores[0].lang_a, scores[0].lang_b), (Lang::Fr, Lang::En));
        assert_eq!((scores[0].gold, scores[0].at1), (1, 1));
    }
}
