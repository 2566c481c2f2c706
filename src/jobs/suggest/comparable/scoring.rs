//! Comparable mode's scoring: the candidates of two languages compared by
//! the cosine of their PPMI-weighted context vectors, their cognate
//! similarity and compositional translation (the words of a multiword
//! candidate the glossary translates), combined as a noisy-or.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::{Dim, DimCounts, Side};
use crate::analysis::morph::is_function_word;
use crate::glossary::Glossary;
use crate::jobs::suggest::cognate::{Forms, cognate_words, content_words, word_similarity};
use crate::jobs::suggest::{Buffers, GlossaryIndex, Method, Options, Suggestion, eligible, rows};
use crate::lang::Lang;

/// PPMI-weighted, L2-normalized sparse vectors of `ids`.
fn vectors(
    ids: &[u32],
    contexts: &[DimCounts],
    keep: &dyn Fn(&Dim) -> bool,
) -> FxHashMap<u32, Vec<(Dim, f64)>> {
    // Sums of whole counts, exact in any order.
    let mut dim_totals: FxHashMap<&Dim, f64> = FxHashMap::default();
    let mut total = 0.0;
    for ctx in contexts {
        for (d, &n) in &ctx.0 {
            if keep(d) {
                *dim_totals.entry(d).or_default() += n as f64;
                total += n as f64;
            }
        }
    }
    let mut out = FxHashMap::default();
    for &id in ids {
        let ctx = &contexts[id as usize].0;
        let row: f64 = ctx
            .iter()
            .filter(|(d, _)| keep(d))
            .map(|(_, &n)| n as f64)
            .sum();
        let mut v: Vec<(Dim, f64)> = ctx
            .iter()
            .filter(|(d, _)| keep(d))
            .filter_map(|(d, &n)| {
                let pmi = (n as f64 * total / (row * dim_totals[d])).ln();
                (pmi > 0.0).then(|| (d.clone(), pmi))
            })
            .collect();
        // Sorted before summing: the order of a hash map depends on the
        // order its dimensions were first counted in.
        v.sort_by(|x, y| x.0.cmp(&y.0));
        let norm = v.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
        if norm > 0.0 {
            for (_, w) in &mut v {
                *w /= norm;
            }
            out.insert(id, v);
        }
    }
    out
}

/// A candidate of b compared with one of a in comparable mode: (score, its
/// position in the eligible candidates of b, cosine, cognate similarity,
/// composition).
type Compared = (f64, u32, f64, f64, f64);

pub(super) fn compare(
    a: &Side,
    b: &Side,
    keep: &dyn Fn(&Dim) -> bool,
    index: &GlossaryIndex,
    glossary: &Glossary,
    options: &Options,
    out: &mut Vec<Suggestion>,
) {
    let (lang_a, lang_b) = (a.candidates.lang, b.candidates.lang);
    let freq_a = |id: u32| a.candidates.get(id).freq;
    let freq_b = |id: u32| b.candidates.get(id).freq;
    let ids_a = eligible(&a.candidates, options, freq_a);
    let ids_b = eligible(
        &b.candidates,
        &Options {
            limit: 0,
            ..options.clone()
        },
        freq_b,
    );
    let vec_a = vectors(&ids_a, &a.contexts, keep);
    let vec_b = vectors(&ids_b, &b.contexts, keep);
    // Inverted index of the b side.
    let mut postings: FxHashMap<&Dim, Vec<(u32, f64)>> = FxHashMap::default();
    for (&id, v) in &vec_b {
        for (d, w) in v {
            postings.entry(d).or_default().push((id, *w));
        }
    }
    let forms_b = Forms::new(&b.candidates, ids_b);
    let mut position: FxHashMap<u32, u32> = FxHashMap::default();
    // Word keys of the b side → positions, for composition.
    let mut by_word: FxHashMap<&str, Vec<u32>> = FxHashMap::default();
    for (i, &id) in forms_b.ids.iter().enumerate() {
        position.insert(id, i as u32);
        for w in b.candidates.get(id).key.split(' ') {
            by_word.entry(w).or_default().push(i as u32);
        }
    }
    let total_a = a.candidates.total_words.max(1) as f64;
    let total_b = b.candidates.total_words.max(1) as f64;
    // For the frequency baseline: b positions by frequency.
    let mut by_freq: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
    if options.method == Method::Frequency {
        for (i, &id) in forms_b.ids.iter().enumerate() {
            by_freq
                .entry(b.candidates.get(id).freq)
                .or_default()
                .push(i as u32);
        }
    }
    let terms_a: Vec<String> = ids_a
        .par_iter()
        .map(|&ia| a.candidates.get(ia).representative())
        .collect();
    // The ranking of each candidate of a, on any thread, with that thread's
    // buffers; `sums` are, per b position, the summed cosine and the number
    // of dimensions shared (summed in the order of a's vector and of the
    // postings, whatever the thread).
    let rank_a = |buffers: &mut Buffers<(f64, usize)>,
                  (&ia, term_a): (&u32, &String)|
     -> Vec<Compared> {
        let Buffers {
            sums: cosines,
            seen,
            near,
        } = buffers;
        let ca = a.candidates.get(ia);
        let cwords_a = content_words(lang_a, term_a);
        let words_a: Vec<&str> = ca.key.split(' ').collect();
        let content_a: Vec<&str> = content_keys(lang_a, &ca.key).collect();
        let mut scored: Vec<Compared> = Vec::new();
        match options.method {
            Method::Cognate => {
                forms_b.cognate_candidates(&cwords_a, seen, near);
                for &i in near.iter() {
                    let sim = cognate_words(&cwords_a, &forms_b.words[i as usize]);
                    scored.push((sim, i, 0.0, sim, 0.0));
                }
            }
            Method::Frequency => {
                let ra = ca.freq as f64 / total_a;
                let mut closest: Vec<(f64, &Vec<u32>)> = by_freq
                    .iter()
                    .map(|(f, list)| (1.0 / (1.0 + (ra * total_b / *f as f64).ln().abs()), list))
                    .collect();
                closest.sort_by(|x, y| y.0.total_cmp(&x.0));
                for (score, list) in closest {
                    if scored.len() >= options.top {
                        break;
                    }
                    scored.extend(list.iter().map(|&i| (score, i, 0.0, 0.0, 0.0)));
                }
            }
            Method::Full => {
                cosines.clear();
                if let Some(v) = vec_a.get(&ia) {
                    for (d, w) in v {
                        if let Some(list) = postings.get(d) {
                            for &(ib, wb) in list {
                                let e = cosines.entry(position[&ib]).or_default();
                                e.0 += w * wb;
                                e.1 += 1;
                            }
                        }
                    }
                }
                forms_b.cognate_candidates(&cwords_a, seen, near);
                for &i in cosines.keys() {
                    if !std::mem::replace(&mut seen[i as usize], true) {
                        near.push(i);
                    }
                }
                for w in &words_a {
                    for t in index.translations(lang_a, lang_b, w) {
                        for &i in by_word.get(t.as_str()).map_or(&[][..], |v| v.as_slice()) {
                            if !std::mem::replace(&mut seen[i as usize], true) {
                                near.push(i);
                            }
                        }
                    }
                }
                for &i in near.iter() {
                    let ib = forms_b.ids[i as usize];
                    // A cosine over one shared dimension says little: shrink
                    // it by the number of dimensions shared.
                    // Nor does one built from a single occurrence.
                    let (cos, shared) = cosines.get(&i).copied().unwrap_or((0.0, 0));
                    let seen = ca.freq.min(b.candidates.get(ib).freq) as f64;
                    let cos = cos * shared as f64 / (shared as f64 + 2.0) * seen / (seen + 0.5);
                    let sim = cognate_words(&cwords_a, &forms_b.words[i as usize]);
                    let cog = ((sim - 0.5) / 0.5).max(0.0);
                    let comp =
                        composition(index, lang_a, &content_a, lang_b, &b.candidates.get(ib).key);
                    let score = 1.0 - (1.0 - 0.8 * cos) * (1.0 - 0.7 * cog) * (1.0 - 0.8 * comp);
                    scored.push((score, i, cos, sim, comp));
                }
            }
        }
        scored.retain(|s| s.0 > 0.0 && s.0 >= options.min_score);
        scored.sort_by(|x, y| {
            y.0.total_cmp(&x.0).then_with(|| {
                let bx = b.candidates.get(forms_b.ids[x.1 as usize]);
                let by = b.candidates.get(forms_b.ids[y.1 as usize]);
                by.termhood
                    .total_cmp(&bx.termhood)
                    .then_with(|| bx.key.cmp(&by.key))
            })
        });
        scored.truncate(options.top);
        // Kept until every candidate is ranked: without the rest.
        scored.shrink_to_fit();
        scored
    };
    let ranked: Vec<Vec<Compared>> = ids_a
        .par_iter()
        .zip(&terms_a)
        .map_init(Buffers::default, rank_a)
        .collect();
    // Then the suggestions, made straight into `out`.
    let suggestion = |(j, rank): (u32, u32)| {
        let (ia, term_a) = (ids_a[j as usize], &terms_a[j as usize]);
        let (score, i, cos, sim, comp) = ranked[j as usize][rank as usize];
        let ca = a.candidates.get(ia);
        let ib = forms_b.ids[i as usize];
        let cb = b.candidates.get(ib);
        let mut methods = Vec::new();
        let mut evidence = Vec::new();
        match options.method {
            Method::Cognate => {
                methods.push("cognate");
                evidence.push(format!("cognate {sim:.2}"));
            }
            Method::Frequency => {
                methods.push("frequency");
                evidence.push(format!(
                    "relative frequencies {:.5} / {:.5}",
                    ca.freq as f64 / total_a,
                    cb.freq as f64 / total_b
                ));
            }
            Method::Full => {
                if cos > 0.0 {
                    methods.push("context");
                    evidence.push(format!(
                        "context {cos:.2} ({})",
                        shared_dims(vec_a.get(&ia), vec_b.get(&ib), glossary, lang_a)
                    ));
                }
                if sim >= 0.5 {
                    methods.push("cognate");
                    evidence.push(format!("cognate {sim:.2}"));
                }
                if comp > 0.0 {
                    methods.push("composition");
                    evidence.push(format!("parts {comp:.2}"));
                }
                evidence.push(format!(
                    "{} | {}",
                    a.snippet(ia, term_a),
                    b.snippet(ib, &forms_b.terms[i as usize])
                ));
            }
        }
        Suggestion {
            lang_a,
            term_a: term_a.clone(),
            key_a: ca.key.clone(),
            lang_b,
            term_b: forms_b.terms[i as usize].clone(),
            key_b: cb.key.clone(),
            score,
            rank: rank as usize + 1,
            method: methods.join("+"),
            freq_a: ca.freq,
            freq_b: cb.freq,
            evidence: evidence.join("; "),
            status: index.status(lang_a, &ca.key, lang_b, &cb.key),
            example_a: a.examples(ia).cell(),
            example_b: b.examples(ib).cell(),
        }
    };
    out.par_extend(rows(&ranked).into_par_iter().map(suggestion));
}

/// The dimensions two vectors share, heaviest first, at most three, named:
/// a concept by its preferred term in `lang`, an anchor as written.
fn shared_dims(
    a: Option<&Vec<(Dim, f64)>>,
    b: Option<&Vec<(Dim, f64)>>,
    glossary: &Glossary,
    lang: Lang,
) -> String {
    let (Some(a), Some(b)) = (a, b) else {
        return String::new();
    };
    let mut shared: Vec<(f64, &Dim)> = a
        .iter()
        .filter_map(|(d, wa)| b.iter().find(|(e, _)| e == d).map(|(_, wb)| (wa * wb, d)))
        .collect();
    shared.sort_by(|x, y| y.0.total_cmp(&x.0));
    shared
        .iter()
        .take(3)
        .map(|(_, d)| match d {
            Dim::Concept(c) => {
                let concept = &glossary.concepts[*c as usize];
                concept
                    .preferred(lang)
                    .map_or(concept.id.clone(), |t| t.text.clone())
            }
            Dim::Anchor(s) => s.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Compositional translation: the share of content words on the longer
/// side matched by a glossary translation or a close cognate of a word on
/// the other side, when at least one match comes from the glossary, both
/// sides have two content words or more and half of them are matched, as
/// the square of that share; 0 otherwise.
fn composition(
    index: &GlossaryIndex,
    lang_a: Lang,
    content_a: &[&str],
    lang_b: Lang,
    key_b: &str,
) -> f64 {
    if content_a.len() < 2 {
        return 0.0;
    }
    let cb: Vec<&str> = content_keys(lang_b, key_b).collect();
    if cb.len() < 2 {
        return 0.0;
    }
    let mut from_glossary = false;
    let mut matched = 0;
    let mut used = vec![false; cb.len()];
    for w in content_a {
        let translations = index.translations(lang_a, lang_b, w);
        if let Some(j) =
            (0..cb.len()).find(|&j| !used[j] && translations.iter().any(|t| t == cb[j]))
        {
            used[j] = true;
            matched += 1;
            from_glossary = true;
        } else if let Some(j) =
            (0..cb.len()).find(|&j| !used[j] && word_similarity(w, cb[j]) >= 0.75)
        {
            used[j] = true;
            matched += 1;
        }
    }
    let coverage = matched as f64 / content_a.len().max(cb.len()) as f64;
    if !from_glossary || coverage < 0.5 {
        return 0.0;
    }
    // Half the words is weak evidence ("migration issues" and
    // "multidimensionnels de la migration"); all of them, strong.
    coverage * coverage
}

/// The content words of a candidate key: no function words, no elided
/// articles.
fn content_keys(lang: Lang, key: &str) -> impl Iterator<Item = &str> {
    key.split(' ')
        .filter(move |w| !is_function_word(lang, w) && !w.ends_with('\''))
}
