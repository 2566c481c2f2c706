//! The term aligner: proposes equivalent terms across languages that the
//! glossary does not hold yet, for a terminologist to accept.
//!
//! Both modes start from the candidates of [`crate::terms`] and from what the
//! glossary already explains.
//!
//! * **Parallel** ([`parallel`]): translation pairs (TMX, XLIFF, TSV, the
//!   output of `align`). A glossary concept found on both sides of a pair is
//!   explained there, and the candidates lying inside its terms are dropped
//!   from that pair, so known terms do not crowd out new ones (candidates
//!   that extend a known term stay: "asylum seeker" when only "asylum" is
//!   known). Each remaining source candidate is scored against the target
//!   candidates of the pairs it occurs in by the Dice coefficient of their
//!   segment counts, kept when the log-likelihood ratio (G²) says the
//!   co-occurrence is not chance, and nudged by cognate similarity, by how
//!   close the two are in content words and by how close their relative
//!   positions in the sentences are; a target that another source
//!   candidate scores higher with is discounted by the ratio of the two
//!   scores (competitive linking, softened). Counting goes source candidate
//!   by source candidate over an inverted index, so memory is the index plus
//!   one candidate's counts, never a pair table.
//! * **Comparable** ([`comparable`]): articles in several languages on one
//!   topic, not translations of each other. Each candidate gets a context
//!   vector whose dimensions are glossary concepts (language-neutral, so no
//!   dictionary lookup is needed) and anchors (numbers, names and acronyms
//!   written the same in both languages), counted within a window of
//!   [`WINDOW`] tokens and weighted by positive PMI; vectors are compared by
//!   cosine. Orthographic similarity (migration / migración) and
//!   compositional translation (the words of a multiword candidate that the
//!   glossary translates) add evidence; the three combine as a noisy-or.
//!
//! Each suggestion carries a status against the glossary: `new`, `known`
//! (the glossary pairs the two terms already) or `conflict` (both are in the
//! glossary, under different concepts).

use std::fmt::Write as _;
use std::io;
use std::ops::Range;
use std::path::Path;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::error::{Error, Result};
use crate::glossary::Glossary;
use crate::lang::Lang;
use crate::matcher::{Match, Matcher, Scratch};
use crate::morph::is_function_word;
use crate::normalize::{fold_key, lower_key};
use crate::profile::Profile;
use crate::segments::SegmentPair;
use crate::terms::{Candidates, Extractor, Occurrence};
use crate::tokenize::{TokenKind, Tokens, tokenize_into};

/// Tokens on each side of a candidate that count as its context.
pub const WINDOW: usize = 10;

/// The CSV columns of a suggestion.
pub const COLUMNS: [&str; 10] = [
    "lang_a", "term_a", "lang_b", "term_b", "score", "method", "freq_a", "freq_b", "evidence",
    "status",
];

/// How candidate pairs are scored.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Method {
    /// The aligner: association (parallel) or context (comparable), with
    /// cognates and composition as support.
    #[default]
    Full,
    /// Baseline: parallel, the raw co-occurrence count; comparable, the
    /// closeness of relative frequencies.
    Frequency,
    /// Baseline: orthographic similarity alone, over the candidates of the
    /// other language that share the first three letters of a word's
    /// spelling key (see [`cognate`]).
    Cognate,
}

/// Knobs of both modes.
#[derive(Clone, Debug)]
pub struct Options {
    /// Suggestions kept per candidate.
    pub top: usize,
    /// Candidates seen fewer times (segments in parallel mode, occurrences
    /// in comparable mode) get no suggestions and are not suggested.
    pub min_freq: u32,
    /// Suggestions scoring below this are dropped.
    pub min_score: f64,
    /// Suggestions for at most this many candidates per language, best
    /// termhood first (0: all); any candidate may still be suggested.
    pub limit: usize,
    /// Candidates whose words are no more frequent here than in general
    /// language (mean specificity below this, see [`crate::terms`]) are left
    /// out: "year", "semaine".
    pub min_specificity: f64,
    /// Keep proper names ("Biden", "Department of State") as candidates.
    pub names: bool,
    pub method: Method,
}

impl Options {
    /// Defaults for translation pairs: the alignment evidence decides, so
    /// every candidate seen in two segments or more takes part.
    pub fn parallel() -> Options {
        Options {
            top: 3,
            min_freq: 2,
            min_score: 0.05,
            limit: 0,
            min_specificity: f64::NEG_INFINITY,
            names: false,
            method: Method::Full,
        }
    }

    /// Defaults for comparable articles, where evidence is thin: only
    /// candidates more frequent than in general language, hapaxes included
    /// (a few articles name most terms once).
    pub fn comparable() -> Options {
        Options {
            min_freq: 1,
            min_score: 0.3,
            min_specificity: 0.0,
            ..Options::parallel()
        }
    }
}

/// Where a suggestion stands against the glossary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    New,
    Known,
    Conflict,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Known => "known",
            Status::Conflict => "conflict",
        }
    }
}

/// One proposed equivalent.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    pub lang_a: Lang,
    pub term_a: String,
    /// The candidate key of `term_a` (see [`crate::terms`]).
    pub key_a: String,
    pub lang_b: Lang,
    pub term_b: String,
    pub key_b: String,
    pub score: f64,
    /// Rank among the suggestions for `term_a`, from 1.
    pub rank: usize,
    pub method: String,
    pub freq_a: u32,
    pub freq_b: u32,
    pub evidence: String,
    pub status: Status,
}

/// What a run produced: the suggestions, best candidates first, and the
/// candidates of each language (to tell which gold pairs were present).
pub struct Suggested {
    pub suggestions: Vec<Suggestion>,
    pub candidates: Vec<Candidates>,
    /// The language pairs compared, (lang_a, lang_b).
    pub directions: Vec<(Lang, Lang)>,
}

impl Suggested {
    /// Whether `key` was a candidate of `lang` anywhere in the input.
    pub fn present(&self, lang: Lang, key: &str) -> bool {
        self.candidates
            .iter()
            .any(|c| c.lang == lang && c.id(key).is_some())
    }
}

/// Writes suggestions as CSV ([`COLUMNS`]); returns the number of rows.
pub fn write_csv<W: io::Write>(suggestions: &[Suggestion], out: W) -> io::Result<usize> {
    let mut csv = csv::Writer::from_writer(out);
    let err = crate::error::csv_to_io;
    csv.write_record(COLUMNS).map_err(err)?;
    for s in suggestions {
        csv.write_record([
            s.lang_a.code(),
            &s.term_a,
            s.lang_b.code(),
            &s.term_b,
            &format!("{:.3}", s.score),
            &s.method,
            &s.freq_a.to_string(),
            &s.freq_b.to_string(),
            &s.evidence,
            s.status.as_str(),
        ])
        .map_err(err)?;
    }
    csv.flush()?;
    Ok(suggestions.len())
}

/// The glossary's terms by language and candidate key, for statuses and
/// composition.
struct GlossaryIndex {
    concepts: FxHashMap<(Lang, String), Vec<u32>>,
    /// One-word terms: (lang_a, word key) → word keys in lang_b, per
    /// language pair (indexed by a.index() * 3 + b.index()).
    words: Vec<FxHashMap<String, Vec<String>>>,
}

impl GlossaryIndex {
    fn new(glossary: &Glossary, extractor: &mut Extractor) -> GlossaryIndex {
        let mut concepts: FxHashMap<(Lang, String), Vec<u32>> = FxHashMap::default();
        let mut words = vec![FxHashMap::<String, Vec<String>>::default(); 9];
        for (i, concept) in glossary.concepts.iter().enumerate() {
            let mut singles: Vec<(Lang, String)> = Vec::new();
            for term in &concept.terms {
                let key = extractor.keys().term(term.lang, &term.text);
                if !key.contains(' ') {
                    singles.push((term.lang, key.clone()));
                }
                let list = concepts.entry((term.lang, key)).or_default();
                if !list.contains(&(i as u32)) {
                    list.push(i as u32);
                }
            }
            for (la, ka) in &singles {
                for (lb, kb) in &singles {
                    if la != lb {
                        let list = words[la.index() * 3 + lb.index()]
                            .entry(ka.clone())
                            .or_default();
                        if !list.contains(kb) {
                            list.push(kb.clone());
                        }
                    }
                }
            }
        }
        GlossaryIndex { concepts, words }
    }

    fn status(&self, lang_a: Lang, key_a: &str, lang_b: Lang, key_b: &str) -> Status {
        let a = self.concepts.get(&(lang_a, key_a.to_string()));
        let b = self.concepts.get(&(lang_b, key_b.to_string()));
        match (a, b) {
            (Some(a), Some(b)) if a.iter().any(|c| b.contains(c)) => Status::Known,
            (Some(_), Some(_)) => Status::Conflict,
            _ => Status::New,
        }
    }

    fn translations(&self, a: Lang, b: Lang, word: &str) -> &[String] {
        self.words[a.index() * 3 + b.index()]
            .get(word)
            .map_or(&[], |v| v.as_slice())
    }
}

/// A short piece of text around `start..end`, the candidate in brackets.
fn snippet(text: &str, start: usize, end: usize) -> String {
    const SIDE: usize = 30;
    let mut from = start.saturating_sub(SIDE);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (end + SIDE).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    let clean = |s: &str| crate::normalize::collapse_whitespace(s);
    format!(
        "{}{} [{}] {}{}",
        if from > 0 { "…" } else { "" },
        clean(&text[from..start]),
        clean(&text[start..end]),
        clean(&text[end..to]),
        if to < text.len() { "…" } else { "" }
    )
}

/// The candidates of one language, with what the modes need beside them.
struct Side {
    candidates: Candidates,
    /// Whether to keep context snippets (comparable mode shows them).
    keep_snippets: bool,
    /// Per candidate, a context snippet per surface form, in the order of
    /// [`crate::terms::Candidate::forms`] (from each form's first occurrence).
    snippets: Vec<Vec<String>>,
}

impl Side {
    fn new(lang: Lang, keep_snippets: bool) -> Side {
        Side {
            candidates: Candidates::new(lang),
            keep_snippets,
            snippets: Vec::new(),
        }
    }

    fn add(&mut self, text: &str, occurrence: &Occurrence) -> u32 {
        let (id, form) = self.candidates.add(text, occurrence);
        if self.keep_snippets {
            if id as usize == self.snippets.len() {
                self.snippets.push(Vec::new());
            }
            let snippets = &mut self.snippets[id as usize];
            if form == snippets.len() {
                snippets.push(snippet(text, occurrence.start, occurrence.end));
            }
        }
        id
    }

    /// A snippet of the candidate in the form shown (`term`, perhaps
    /// lowercased), or in its first form.
    fn snippet(&self, id: u32, term: &str) -> &str {
        let forms = &self.candidates.get(id).forms;
        let shown = forms
            .iter()
            .position(|(f, ..)| f == term || f.to_lowercase() == term.to_lowercase())
            .unwrap_or(0);
        self.snippets[id as usize]
            .get(shown)
            .map_or("", String::as_str)
    }

    /// Ids that may be suggested, best termhood first.
    fn eligible(&self, options: &Options, freq: impl Fn(u32) -> u32) -> Vec<u32> {
        let mut ids: Vec<u32> = self
            .candidates
            .ranked()
            .into_iter()
            .filter(|&id| {
                let c = self.candidates.get(id);
                freq(id) >= options.min_freq
                    && c.specificity >= options.min_specificity
                    && (options.names || !c.is_name())
            })
            .collect();
        if options.limit > 0 {
            ids.truncate(options.limit);
        }
        ids
    }
}

/// Token ranges of `matches` (document token indexes), sorted.
fn ranges(matches: &[Match], keep: impl Fn(&Match) -> bool) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = matches
        .iter()
        .filter(|m| keep(m))
        .map(|m| m.first_token..m.end_token)
        .collect();
    out.sort_by_key(|r| (r.start, r.end));
    out
}

/// Orthographic similarity of two terms in [0, 1]: each content word of the
/// shorter term is paired with its most similar content word of the other
/// (normalized Levenshtein distance or shared prefix, accents and case
/// folded; words under four letters count only when equal), averaged over
/// the longer term's content words.
pub fn cognate(lang_a: Lang, a: &str, lang_b: Lang, b: &str) -> f64 {
    cognate_words(&content_words(lang_a, a), &content_words(lang_b, b))
}

/// The accent-folded lowercase content words of a term, for [`cognate`].
fn content_words(lang: Lang, term: &str) -> Vec<String> {
    let mut lower = String::new();
    let mut folded = String::new();
    term.split(|c: char| !crate::normalize::is_word_char(c))
        .filter(|w| !w.is_empty())
        .filter_map(|w| {
            lower_key(w, &mut lower);
            if is_function_word(lang, &lower) || crate::terms::is_stop_word(lang, &lower) {
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
fn cognate_words(wa: &[String], wb: &[String]) -> f64 {
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
struct Forms {
    ids: Vec<u32>,
    terms: Vec<String>,
    words: Vec<Vec<String>>,
    by_prefix: FxHashMap<String, Vec<u32>>,
}

impl Forms {
    fn new(side: &Candidates, ids: Vec<u32>) -> Forms {
        let lang = side.lang;
        let terms: Vec<String> = ids
            .iter()
            .map(|&id| side.get(id).representative())
            .collect();
        let words: Vec<Vec<String>> = terms.iter().map(|t| content_words(lang, t)).collect();
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
    fn cognate_candidates(&self, words: &[String], seen: &mut Vec<bool>, out: &mut Vec<u32>) {
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

fn word_similarity(a: &str, b: &str) -> f64 {
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

/// Dunning's log-likelihood ratio (G²) of a 2×2 contingency table: `k`
/// segments with both, `a` with the first, `b` with the second, of `n`.
pub fn g2(k: u32, a: u32, b: u32, n: u32) -> f64 {
    let (k, a, b, n) = (k as f64, a as f64, b as f64, n as f64);
    let cells = [
        (k, a, b),
        (a - k, a, n - b),
        (b - k, n - a, b),
        (n - a - b + k, n - a, n - b),
    ];
    2.0 * cells
        .iter()
        .filter(|(o, _, _)| *o > 0.0)
        .map(|&(o, row, col)| o * (o * n / (row * col)).ln())
        .sum::<f64>()
}

/// The G² a pair needs (p < 0.05, one degree of freedom).
const G2_MIN: f64 = 3.84;

/// Parallel mode over translation pairs from `lang_a` into `lang_b`.
pub fn parallel(
    glossary: &Glossary,
    matcher: &Matcher,
    pairs: &[SegmentPair],
    lang_a: Lang,
    lang_b: Lang,
    options: &Options,
) -> Suggested {
    let mut extractor = Extractor::new();
    extractor.protect(glossary);
    let index = GlossaryIndex::new(glossary, &mut extractor);
    let mut sides = [Side::new(lang_a, false), Side::new(lang_b, false)];
    // Per segment pair, the distinct candidate ids of each side.
    // Per segment pair, the distinct candidates of each side with the
    // relative position (0 to 1) of their first occurrence.
    let mut segments: [Vec<Vec<(u32, f32)>>; 2] = [Vec::new(), Vec::new()];
    let mut tokens = [Tokens::default(), Tokens::default()];
    let mut matches = [Vec::new(), Vec::new()];
    let mut scratch = Scratch::default();
    let mut occurrences = Vec::new();
    for pair in pairs {
        let texts = [pair.source.as_str(), pair.target.as_str()];
        for side in 0..2 {
            let lang = sides[side].candidates.lang;
            tokenize_into(texts[side], &mut tokens[side]);
            matches[side].clear();
            matcher.find(
                lang,
                texts[side],
                &tokens[side].tokens,
                0,
                &mut scratch,
                &mut matches[side],
            );
        }
        let concepts: [FxHashSet<u32>; 2] =
            [0, 1].map(|side| matches[side].iter().map(|m| m.term.concept).collect());
        for side in 0..2 {
            let other = &concepts[1 - side];
            let explained = ranges(&matches[side], |m| other.contains(&m.term.concept));
            occurrences.clear();
            let lang = sides[side].candidates.lang;
            let toks = &tokens[side].tokens;
            extractor.occurrences(lang, texts[side], toks, &explained, &mut occurrences);
            let s = &mut sides[side];
            s.candidates.count_words(&extractor, toks);
            let length = toks.len().max(1) as f32;
            let mut ids: Vec<(u32, f32)> = occurrences
                .iter()
                .map(|o| {
                    let middle = (o.tokens.start + o.tokens.end) as f32 / 2.0;
                    (s.add(texts[side], o), middle / length)
                })
                .collect();
            // Stable: the first occurrence of each candidate stays.
            ids.sort_by_key(|&(id, _)| id);
            ids.dedup_by_key(|&mut (id, _)| id);
            segments[side].push(ids);
        }
    }
    for side in &mut sides {
        let lang = side.candidates.lang;
        side.candidates.finish(Profile::builtin(lang));
    }
    // Segment frequencies and the inverted index of the source side.
    let mut df = [
        vec![0u32; sides[0].candidates.len()],
        vec![0u32; sides[1].candidates.len()],
    ];
    for side in 0..2 {
        for ids in &segments[side] {
            for &(id, _) in ids {
                df[side][id as usize] += 1;
            }
        }
    }
    let mut postings: Vec<Vec<(u32, f32)>> = vec![Vec::new(); sides[0].candidates.len()];
    for (s, ids) in segments[0].iter().enumerate() {
        for &(id, at) in ids {
            postings[id as usize].push((s as u32, at));
        }
    }
    let sources = sides[0].eligible(options, |id| df[0][id as usize]);
    let targets: Vec<u32> = sides[1].eligible(
        &Options {
            limit: 0,
            ..options.clone()
        },
        |id| df[1][id as usize],
    );
    let forms_b = Forms::new(&sides[1].candidates, targets);
    // Position in forms_b of each target candidate eligible for suggestion.
    let mut position = vec![u32::MAX; sides[1].candidates.len()];
    for (i, &id) in forms_b.ids.iter().enumerate() {
        position[id as usize] = i as u32;
    }
    let (mut seen, mut near) = (Vec::new(), Vec::new());
    let n = pairs.len() as u32;
    let mut suggestions = Vec::new();
    // Scores of `a` against the target candidates: (score, b, segments
    // together, G², cognate similarity).
    // Per target: segments together, and the summed agreement of relative
    // positions there (translations keep most terms near the same place in
    // the sentence, which is what tells apart two candidates seen once in
    // the same pair).
    let mut counts: FxHashMap<u32, (u32, f32)> = FxHashMap::default();
    let mut score_a = |a: u32, words_a: &[String]| -> Vec<(f64, u32, u32, f64, f64)> {
        let mut scored = Vec::new();
        let ca = sides[0].candidates.get(a);
        let fa = df[0][a as usize];
        if options.method == Method::Cognate {
            forms_b.cognate_candidates(words_a, &mut seen, &mut near);
            for &i in &near {
                let sim = cognate_words(words_a, &forms_b.words[i as usize]);
                scored.push((sim, forms_b.ids[i as usize], 0, 0.0, sim));
            }
            return scored;
        }
        counts.clear();
        for &(s, at_a) in &postings[a as usize] {
            for &(b, at_b) in &segments[1][s as usize] {
                if position[b as usize] != u32::MAX {
                    let c = counts.entry(b).or_default();
                    c.0 += 1;
                    c.1 += 1.0 - (at_a - at_b).abs();
                }
            }
        }
        for (&b, &(k, agreement)) in &counts {
            let fb = df[1][b as usize];
            if options.method == Method::Frequency {
                scored.push((k as f64 / fa as f64, b, k, 0.0, 0.0));
                continue;
            }
            // Fewer together than chance would put there is no evidence,
            // however significant.
            let g = g2(k, fa, fb, n);
            if (k as f64) * (n as f64) <= (fa as f64) * (fb as f64) || g < G2_MIN {
                continue;
            }
            let cb = sides[1].candidates.get(b);
            let dice = 2.0 * k as f64 / (fa + fb) as f64;
            let sim = cognate_words(words_a, &forms_b.words[position[b as usize] as usize]);
            let words =
                1.0 / (1.0 + 0.25 * (ca.content_words as f64 - cb.content_words as f64).abs());
            let place = 0.5 + 0.5 * f64::from(agreement) / k as f64;
            scored.push((dice * (0.75 + 0.25 * sim) * words * place, b, k, g, sim));
        }
        scored
    };
    let terms: Vec<String> = sources
        .iter()
        .map(|&a| sides[0].candidates.get(a).representative())
        .collect();
    let words: Vec<Vec<String>> = terms.iter().map(|t| content_words(lang_a, t)).collect();
    // Competitive evidence: a target candidate that another source
    // candidate explains better (its own cognate, say) is a weaker
    // suggestion for this one. First each target's best score.
    let mut best = vec![0.0f64; sides[1].candidates.len()];
    if options.method == Method::Full {
        for (&a, words_a) in sources.iter().zip(&words) {
            for (score, b, ..) in score_a(a, words_a) {
                best[b as usize] = best[b as usize].max(score);
            }
        }
    }
    for ((&a, words_a), term_a) in sources.iter().zip(&words).zip(&terms) {
        let ca = sides[0].candidates.get(a);
        let fa = df[0][a as usize];
        let mut scored = score_a(a, words_a);
        if options.method == Method::Full {
            for s in &mut scored {
                s.0 *= s.0 / best[s.1 as usize];
            }
        }
        scored.retain(|s| s.0 >= options.min_score);
        scored.sort_by(|x, y| {
            y.0.total_cmp(&x.0).then_with(|| {
                let (bx, by) = (sides[1].candidates.get(x.1), sides[1].candidates.get(y.1));
                by.termhood
                    .total_cmp(&bx.termhood)
                    .then_with(|| bx.key.cmp(&by.key))
            })
        });
        scored.truncate(options.top);
        for (rank, (score, b, k, g, sim)) in scored.into_iter().enumerate() {
            let cb = sides[1].candidates.get(b);
            let fb = df[1][b as usize];
            let (method, evidence) = match options.method {
                Method::Cognate => ("cognate", format!("cognate {sim:.2}")),
                Method::Frequency => ("cooccurrence", format!("{k} segments together")),
                Method::Full => {
                    let mut evidence = format!("{k} of {fa}/{fb} segments together, G² {g:.1}");
                    if sim >= 0.5 {
                        let _ = write!(evidence, ", cognate {sim:.2}");
                        ("dice+cognate", evidence)
                    } else {
                        ("dice", evidence)
                    }
                }
            };
            suggestions.push(Suggestion {
                lang_a,
                term_a: term_a.clone(),
                key_a: ca.key.clone(),
                lang_b,
                term_b: cb.representative(),
                key_b: cb.key.clone(),
                score,
                rank: rank + 1,
                method: method.to_string(),
                freq_a: fa,
                freq_b: fb,
                evidence,
                status: index.status(lang_a, &ca.key, lang_b, &cb.key),
            });
        }
    }
    Suggested {
        suggestions,
        candidates: sides.map(|s| s.candidates).into(),
        directions: vec![(lang_a, lang_b)],
    }
}

/// One document of a comparable corpus.
pub struct Document<'a> {
    pub lang: Lang,
    pub text: &'a str,
}

/// A context dimension: a glossary concept or an anchor string.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Dim {
    Concept(u32),
    Anchor(String),
}

/// Comparable mode over documents in several languages: suggestions for
/// every pair of the languages present, in the order en, fr, es.
pub fn comparable(
    glossary: &Glossary,
    matcher: &Matcher,
    documents: &[Document],
    options: &Options,
) -> Suggested {
    let mut extractor = Extractor::new();
    extractor.protect(glossary);
    let index = GlossaryIndex::new(glossary, &mut extractor);
    let mut sides: Vec<Side> = Vec::new();
    // Per language: per candidate, raw context counts.
    let mut contexts: Vec<Vec<FxHashMap<Dim, u32>>> = Vec::new();
    // Per language: anchors seen.
    let mut anchors_seen: Vec<FxHashSet<String>> = Vec::new();
    let mut tokens = Tokens::default();
    let mut matches = Vec::new();
    let mut scratch = Scratch::default();
    let mut occurrences = Vec::new();
    let mut lower = String::new();
    let mut folded = String::new();
    for lang in Lang::ALL {
        let docs: Vec<&Document> = documents.iter().filter(|d| d.lang == lang).collect();
        if docs.is_empty() {
            continue;
        }
        let mut side = Side::new(lang, true);
        let mut ctx: Vec<FxHashMap<Dim, u32>> = Vec::new();
        let mut seen = FxHashSet::default();
        for doc in docs {
            let text = doc.text;
            tokenize_into(text, &mut tokens);
            let toks = &tokens.tokens;
            matches.clear();
            matcher.find(lang, text, toks, 0, &mut scratch, &mut matches);
            let explained = ranges(&matches, |_| true);
            // The dimensions at each token: a concept at its match's first
            // token, an anchor at a number or capitalized word.
            let mut dims: Vec<Option<Dim>> = vec![None; toks.len()];
            for m in &matches {
                dims[m.first_token] = Some(Dim::Concept(m.term.concept));
            }
            let mut inside = vec![false; toks.len()];
            for r in &explained {
                inside[r.clone()].fill(true);
            }
            for (i, t) in toks.iter().enumerate() {
                if dims[i].is_some() || inside[i] {
                    continue;
                }
                let word = t.text(text);
                let anchor = match t.kind {
                    TokenKind::Number => word.chars().filter(char::is_ascii_digit).count() >= 2,
                    TokenKind::Word => {
                        word.chars().next().is_some_and(char::is_uppercase)
                            && word.chars().count() >= 3
                            && i > 0
                            && toks[i - 1].sentence == t.sentence
                    }
                    _ => false,
                };
                if anchor {
                    lower_key(word, &mut lower);
                    fold_key(&lower, &mut folded);
                    seen.insert(folded.clone());
                    dims[i] = Some(Dim::Anchor(folded.clone()));
                }
            }
            occurrences.clear();
            extractor.occurrences(lang, text, toks, &explained, &mut occurrences);
            side.candidates.count_words(&extractor, toks);
            for o in &occurrences {
                let id = side.add(text, o) as usize;
                if id == ctx.len() {
                    ctx.push(FxHashMap::default());
                }
                let from = o.tokens.start.saturating_sub(WINDOW);
                let to = (o.tokens.end + WINDOW).min(toks.len());
                let paragraph = toks[o.tokens.start].paragraph;
                for j in (from..o.tokens.start).chain(o.tokens.end..to) {
                    if toks[j].paragraph != paragraph {
                        continue;
                    }
                    if let Some(dim) = &dims[j] {
                        *ctx[id].entry(dim.clone()).or_default() += 1;
                    }
                }
            }
        }
        side.candidates.finish(Profile::builtin(lang));
        sides.push(side);
        contexts.push(ctx);
        anchors_seen.push(seen);
    }
    let mut directions = Vec::new();
    let mut suggestions = Vec::new();
    for ia in 0..sides.len() {
        for ib in ia + 1..sides.len() {
            directions.push((sides[ia].candidates.lang, sides[ib].candidates.lang));
            let shared: FxHashSet<&String> = anchors_seen[ia]
                .iter()
                .filter(|a| anchors_seen[ib].contains(*a))
                .collect();
            let keep = |d: &Dim| match d {
                Dim::Concept(_) => true,
                Dim::Anchor(a) => shared.contains(a),
            };
            compare(
                &sides[ia],
                &sides[ib],
                [&contexts[ia], &contexts[ib]],
                &keep,
                &index,
                glossary,
                options,
                &mut suggestions,
            );
        }
    }
    Suggested {
        suggestions,
        candidates: sides.into_iter().map(|s| s.candidates).collect(),
        directions,
    }
}

/// PPMI-weighted, L2-normalized sparse vectors of `ids`.
fn vectors(
    ids: &[u32],
    contexts: &[FxHashMap<Dim, u32>],
    keep: &dyn Fn(&Dim) -> bool,
) -> FxHashMap<u32, Vec<(Dim, f64)>> {
    let mut dim_totals: FxHashMap<&Dim, f64> = FxHashMap::default();
    let mut total = 0.0;
    for ctx in contexts {
        for (d, &n) in ctx {
            if keep(d) {
                *dim_totals.entry(d).or_default() += n as f64;
                total += n as f64;
            }
        }
    }
    let mut out = FxHashMap::default();
    for &id in ids {
        let ctx = &contexts[id as usize];
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
        let norm = v.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
        if norm > 0.0 {
            for (_, w) in &mut v {
                *w /= norm;
            }
            v.sort_by(|x, y| x.0.cmp(&y.0));
            out.insert(id, v);
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn compare(
    a: &Side,
    b: &Side,
    contexts: [&Vec<FxHashMap<Dim, u32>>; 2],
    keep: &dyn Fn(&Dim) -> bool,
    index: &GlossaryIndex,
    glossary: &Glossary,
    options: &Options,
    out: &mut Vec<Suggestion>,
) {
    let (lang_a, lang_b) = (a.candidates.lang, b.candidates.lang);
    let freq_a = |id: u32| a.candidates.get(id).freq;
    let freq_b = |id: u32| b.candidates.get(id).freq;
    let ids_a = a.eligible(options, freq_a);
    let ids_b = b.eligible(
        &Options {
            limit: 0,
            ..options.clone()
        },
        freq_b,
    );
    let vec_a = vectors(&ids_a, contexts[0], keep);
    let vec_b = vectors(&ids_b, contexts[1], keep);
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
    // Per b position: summed cosine and number of dimensions shared.
    let mut cosines: FxHashMap<u32, (f64, usize)> = FxHashMap::default();
    let (mut seen, mut near) = (Vec::new(), Vec::new());
    for &ia in &ids_a {
        let ca = a.candidates.get(ia);
        let term_a = ca.representative();
        let cwords_a = content_words(lang_a, &term_a);
        let words_a: Vec<&str> = ca.key.split(' ').collect();
        let content_a: Vec<&str> = content_keys(lang_a, &ca.key).collect();
        // (score, position, cosine, cognate, composition)
        let mut scored: Vec<(f64, u32, f64, f64, f64)> = Vec::new();
        match options.method {
            Method::Cognate => {
                forms_b.cognate_candidates(&cwords_a, &mut seen, &mut near);
                for &i in &near {
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
                forms_b.cognate_candidates(&cwords_a, &mut seen, &mut near);
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
                for &i in &near {
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
        for (rank, (score, i, cos, sim, comp)) in scored.into_iter().enumerate() {
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
                        a.snippet(ia, &term_a),
                        b.snippet(ib, &forms_b.terms[i as usize])
                    ));
                }
            }
            out.push(Suggestion {
                lang_a,
                term_a: term_a.clone(),
                key_a: ca.key.clone(),
                lang_b,
                term_b: forms_b.terms[i as usize].clone(),
                key_b: cb.key.clone(),
                score,
                rank: rank + 1,
                method: methods.join("+"),
                freq_a: ca.freq,
                freq_b: cb.freq,
                evidence: evidence.join("; "),
                status: index.status(lang_a, &ca.key, lang_b, &cb.key),
            });
        }
    }
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
        let mut keys = crate::terms::Keys::new();
        let mut gold = Gold::default();
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
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

    #[test]
    fn g2_is_zero_for_independence_and_grows_with_association() {
        assert!(g2(10, 100, 100, 1000).abs() < 1e-9);
        assert!(g2(50, 100, 100, 1000) > g2(20, 100, 100, 1000));
        assert!(g2(1, 1, 1, 2000) > G2_MIN);
    }

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

    fn pair(source: &str, target: &str) -> SegmentPair {
        SegmentPair {
            id: String::new(),
            line: 0,
            source: source.into(),
            target: target.into(),
        }
    }

    #[test]
    fn fewer_together_than_chance_is_no_evidence() {
        let glossary = Glossary::builtin();
        let matcher = Matcher::new(&glossary);
        let mut pairs = Vec::new();
        for _ in 0..10 {
            pairs.push(pair("The quota rose.", "Le contingent a augmenté."));
            pairs.push(pair("It is what it is.", "La palombe."));
        }
        pairs.push(pair("The quota.", "La palombe et le contingent."));
        let got = parallel(
            &glossary,
            &matcher,
            &pairs,
            Lang::En,
            Lang::Fr,
            &Options::parallel(),
        );
        let quota: Vec<&str> = got
            .suggestions
            .iter()
            .filter(|s| s.term_a == "quota")
            .map(|s| s.term_b.as_str())
            .collect();
        assert_eq!(quota, ["contingent"]);
    }

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

    #[test]
    fn parallel_mode_finds_a_repeated_pair_and_skips_what_the_glossary_explains() {
        let glossary = Glossary::builtin();
        let matcher = Matcher::new(&glossary);
        let pairs = [
            pair(
                "The coyotes crossed the border at night.",
                "Les passeurs ont franchi la frontière de nuit.",
            ),
            pair(
                "Police arrested two coyotes in Texas.",
                "La police a arrêté deux passeurs au Texas.",
            ),
            pair(
                "Many coyotes work for cartels.",
                "De nombreux passeurs travaillent pour des cartels.",
            ),
            pair("The weather was cold.", "Il faisait froid."),
        ];
        let got = parallel(
            &glossary,
            &matcher,
            &pairs,
            Lang::En,
            Lang::Fr,
            &Options::parallel(),
        );
        let coyotes: Vec<&Suggestion> = got
            .suggestions
            .iter()
            .filter(|s| s.term_a == "coyotes")
            .collect();
        assert_eq!(coyotes[0].term_b, "passeurs", "{coyotes:?}");
        assert_eq!(coyotes[0].freq_a, 3);
        assert!(
            coyotes[0]
                .evidence
                .starts_with("3 of 3/3 segments together")
        );
    }
}
