//! Cognates: how alike two terms are written across languages (migration /
//! migración), after evening out spelling habits, and an index of the
//! candidates by the first letters of their words so that cognate search
//! does not compare every pair. Both modes weigh it.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::analysis::morph::is_function_word;
use crate::analysis::normalize::{fold_key, lower_key};
use crate::jobs::suggest::candidates::Candidates;
use crate::lang::Lang;

/// Orthographic similarity of two terms in [0, 1]: each content word of the
/// shorter term is paired with its most similar content word of the other
/// (normalized Levenshtein distance or shared prefix, accents and case
/// folded; words under four letters count only when equal), averaged over
/// the longer term's content words.
pub fn cognate(lang_a: Lang, a: &str, lang_b: Lang, b: &str) -> f64 {
    cognate_words(&content_words(lang_a, a), &content_words(lang_b, b))
}

/// The accent-folded lowercase content words of a term, for [`cognate`].
pub(super) fn content_words(lang: Lang, term: &str) -> Vec<String> {
    let mut lower = String::new();
    let mut folded = String::new();
    term.split(|c: char| !crate::analysis::normalize::is_word_char(c))
        .filter(|w| !w.is_empty())
        .filter_map(|w| {
            lower_key(w, &mut lower);
            if is_function_word(lang, &lower)
                || crate::jobs::suggest::candidates::is_stop_word(lang, &lower)
            {
                return None;
            }
            fold_key(&lower, &mut folded);
            Some(spelling_key(&folded))
        })
        .collect()
}

/// Evens out spelling habits that set cognates apart across the three
/// languages: doubled letters (immigration, inmigración → one m), n before
/// m, y for i, ph, th, k, qu, z. On accent-folded lowercase.
fn spelling_key(word: &str) -> String {
    let word = word
        .replace("nm", "m")
        .replace("ph", "f")
        .replace("th", "t")
        .replace("qu", "c")
        .replace(['y'], "i")
        .replace(['k'], "c")
        .replace(['z'], "s");
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// [`cognate`] over content words already made.
pub(super) fn cognate_words(wa: &[String], wb: &[String]) -> f64 {
    if wa.is_empty() || wb.is_empty() {
        return 0.0;
    }
    let (short, long) = if wa.len() <= wb.len() {
        (wa, wb)
    } else {
        (wb, wa)
    };
    let sum: f64 = short
        .iter()
        .map(|x| {
            long.iter()
                .map(|y| word_similarity(x, y))
                .fold(0.0, f64::max)
        })
        .sum();
    sum / long.len() as f64
}

/// The eligible candidates of one side with their shown form and content
/// words, and an index from the first three letters of each content word's
/// spelling key to the candidates having it (cognates nearly always share
/// them: asylum, asile, asilo → asi), so cognate search does not compare
/// every pair.
pub(super) struct Forms {
    pub(super) ids: Vec<u32>,
    pub(super) terms: Vec<String>,
    pub(super) words: Vec<Vec<String>>,
    by_prefix: FxHashMap<String, Vec<u32>>,
}

impl Forms {
    pub(super) fn new(side: &Candidates, ids: Vec<u32>) -> Forms {
        let lang = side.lang;
        let terms: Vec<String> = ids
            .par_iter()
            .map(|&id| side.get(id).representative())
            .collect();
        let words: Vec<Vec<String>> = terms.par_iter().map(|t| content_words(lang, t)).collect();
        let mut by_prefix: FxHashMap<String, Vec<u32>> = FxHashMap::default();
        for (i, ws) in words.iter().enumerate() {
            for w in ws {
                let list = by_prefix.entry(prefix3(w)).or_default();
                if list.last() != Some(&(i as u32)) {
                    list.push(i as u32);
                }
            }
        }
        Forms {
            ids,
            terms,
            words,
            by_prefix,
        }
    }

    /// Positions of the candidates sharing a word prefix with `words`.
    pub(super) fn cognate_candidates(
        &self,
        words: &[String],
        seen: &mut Vec<bool>,
        out: &mut Vec<u32>,
    ) {
        out.clear();
        seen.clear();
        seen.resize(self.ids.len(), false);
        for w in words {
            if let Some(list) = self.by_prefix.get(&prefix3(w)) {
                for &i in list {
                    if !std::mem::replace(&mut seen[i as usize], true) {
                        out.push(i);
                    }
                }
            }
        }
    }
}

fn prefix3(word: &str) -> String {
    word.chars().take(3).collect()
}

pub(super) fn word_similarity(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    let count = |w: &str| {
        if w.is_ascii() {
            w.len()
        } else {
            w.chars().count()
        }
    };
    let (la, lb) = (count(a), count(b));
    if la < 4 || lb < 4 {
        return 0.0;
    }
    let longest = la.max(lb);
    let prefix = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let prefix = if prefix >= 4 {
        prefix as f64 / longest as f64
    } else {
        0.0
    };
    // The edit distance is at least the difference in length: below half
    // similar, the distance itself is not worth computing.
    if 2 * la.abs_diff(lb) > longest {
        return prefix;
    }
    strsim::normalized_levenshtein(a, b).max(prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cognates() {
        let (en, fr, es) = (Lang::En, Lang::Fr, Lang::Es);
        assert!(cognate(en, "migration", es, "migración") > 0.85);
        assert!(cognate(fr, "consulaire", es, "consular") >= 0.8);
        assert!(cognate(en, "migration policy", es, "política migratoria") > 0.5);
        assert!(cognate(en, "asylum seeker", fr, "demandeur d'asile") < 0.5);
        assert_eq!(cognate(en, "the", fr, "le"), 0.0);
        assert!(cognate(en, "immigration", es, "inmigración") > 0.85);
        assert_eq!(spelling_key("asylum"), "asilum");
    }
}
