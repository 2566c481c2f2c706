//! The term aligner: proposes equivalent terms across languages that the
//! glossary does not hold yet, for a terminologist to accept.
//!
//! Both modes start from the candidates of [`crate::jobs::suggest::candidates`] and from what the
//! glossary already explains.
//!
//! * **Parallel** ([`parallel()`]): translation pairs (TMX, XLIFF, TSV, the
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
//!   one candidate's counts per thread, never a pair table.
//! * **Comparable** ([`comparable()`]): articles in several languages on one
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
//!
//! **Counting, then scoring.** Each mode first counts its input
//! ([`ParallelCounts`], [`ComparableCounts`], with a [`Context`] per thread)
//! and scores once every count is in. Counts over shards of a corpus merge
//! into the counts over the whole, and nothing scored depends on the order
//! texts were counted or merged in (candidate ids, the order of surface
//! forms and of segment pairs, hash-map order, sums of floats), so shards
//! can be counted on several threads or machines, written as [`Partial`]s
//! (one JSON value each) and added up to exactly what one run gives.
//! Scoring runs on the threads of the current rayon pool (the one a caller
//! [installs](rayon::ThreadPool::install) it in, else rayon's global pool),
//! and gives the same suggestions in the same order whatever their number.
//!
//! **Where it is.** This file holds what a caller uses and both modes share:
//! the [`Options`], the suggestions and their CSV ([`Suggested`],
//! [`write_csv`]), the [`Context`] of counting, the glossary's index of
//! terms, snippets and which candidates may be suggested.
//! `parallel.rs` counts and scores translation pairs; `comparable/` counts
//! documents (`mod.rs`) and scores them (`scoring.rs`) (context vectors,
//! composition); `cognate.rs` is the orthographic similarity both modes
//! weigh; `count.rs` counts a corpus on several threads (chunks counted
//! apart and merged in order); `partial.rs` the counts of a shard as one JSON value and what
//! they were made with (so that only counts that add up are merged);
//! `gold.rs` the evaluation against gold equivalents; `examples.rs` the
//! few short KWIC examples kept per candidate for the reviewer. The candidates are
//! in `candidates.rs` (counting and termhood), `extract.rs` (which word
//! sequences are candidates), `stop_words.rs` and `keys.rs`; `profile.rs`
//! is the general-language profile termhood is measured against.

pub mod candidates;
mod cognate;
mod comparable;
mod count;
mod examples;
mod extract;
mod gold;
mod keys;
mod parallel;
mod partial;
pub mod profile;
mod stop_words;
#[cfg(test)]
mod tests;

pub use cognate::cognate;
pub use comparable::{ComparableCounts, Document, comparable};
pub use count::{CHUNK_BYTES, Left, PAIRS_PER_CHUNK, count_documents, count_pairs};
pub use gold::{Gold, Score};
pub use parallel::{ParallelCounts, g2, parallel};
pub use partial::Partial;

use std::io;
use std::ops::Range;

use rustc_hash::FxHashMap;

use crate::analysis::matcher::{Match, Matcher, Scratch};
use crate::analysis::tokenize::Tokens;
use crate::formats::spreadsheet::CsvFields;
use crate::glossary::Glossary;
use crate::jobs::suggest::candidates::{Candidates, Extractor, Keys, Occurrence};
use crate::lang::Lang;

use comparable::Dim;
use partial::Origin;

/// Tokens on each side of a candidate that count as its context.
pub const WINDOW: usize = 10;

/// The CSV columns of a suggestion, laid out for review in a spreadsheet:
/// the pair, its score and counts, where it stands against the glossary,
/// a few examples of each term in context, the part of speech each would be
/// filed with (a guess the reviewer may correct), how it was found, and the
/// reviewer's decision, left empty for `glossary merge` to read.
pub const COLUMNS: [&str; 15] = [
    "lang_a",
    "term_a",
    "lang_b",
    "term_b",
    "score",
    "freq_a",
    "freq_b",
    "status",
    "example_a",
    "example_b",
    "pos_a",
    "pos_b",
    "method",
    "evidence",
    "accept",
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
    /// language (mean specificity below this, see [`crate::jobs::suggest::candidates`]) are left
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
    /// The candidate key of `term_a` (see [`crate::jobs::suggest::candidates`]).
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
    /// Short KWIC lines of each term where it was found, joined by " | "
    /// (see [`examples`]).
    pub example_a: String,
    pub example_b: String,
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

/// The suggestions as a workbook: a sheet per language pair.
pub const XLSX: crate::formats::table::Columns = crate::formats::table::Columns {
    numbers: &["score", "rank", "freq_a", "freq_b"],
    wide: &["evidence"],
    sheet_by: &["lang_a", "lang_b"],
    ..crate::formats::table::Columns::named("suggestions")
};

/// Writes suggestions as CSV ([`COLUMNS`]), text fields as `fields` says
/// (`glossary merge` reads either back, see
/// [`crate::formats::spreadsheet::restore`]); returns the number of rows.
pub fn write_csv<W: io::Write>(
    suggestions: &[Suggestion],
    fields: CsvFields,
    out: W,
) -> io::Result<usize> {
    let mut csv = csv::Writer::from_writer(out);
    let err = crate::error::csv_to_io;
    csv.write_record(COLUMNS).map_err(err)?;
    for s in suggestions {
        let guess = crate::analysis::morph::guess_suggested_pos;
        csv.write_record([
            s.lang_a.code(),
            &fields.text(&s.term_a),
            s.lang_b.code(),
            &fields.text(&s.term_b),
            &format!("{:.3}", s.score),
            &s.freq_a.to_string(),
            &s.freq_b.to_string(),
            s.status.as_str(),
            &fields.text(&s.example_a),
            &fields.text(&s.example_b),
            guess(s.lang_a, &s.term_a).as_str(),
            guess(s.lang_b, &s.term_b).as_str(),
            &fields.text(&s.method),
            &fields.text(&s.evidence),
            "",
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
    fn new(glossary: &Glossary, keys: &mut Keys) -> GlossaryIndex {
        let mut concepts: FxHashMap<(Lang, String), Vec<u32>> = FxHashMap::default();
        let mut words = vec![FxHashMap::<String, Vec<String>>::default(); 9];
        for (i, concept) in glossary.concepts.iter().enumerate() {
            let mut singles: Vec<(Lang, String)> = Vec::new();
            for term in &concept.terms {
                let key = keys.term(term.lang, &term.text);
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

/// What counting needs beside the counts: the matcher, an extractor that
/// keeps the glossary's words as content words, and buffers. Build one per
/// thread and reuse it for every text, in either mode.
pub struct Context<'m> {
    matcher: &'m Matcher,
    origin: Origin,
    extractor: Extractor,
    /// Per side of a segment pair; comparable mode uses the first.
    tokens: [Tokens; 2],
    matches: [Vec<Match>; 2],
    scratch: Scratch,
    occurrences: Vec<Occurrence>,
    /// Comparable mode: the context dimension at each token of a document,
    /// and whether the token lies inside a glossary match.
    dims: Vec<Option<Dim>>,
    inside: Vec<bool>,
    lower: String,
    folded: String,
    snippet: String,
    /// The KWIC line of an occurrence, for its examples.
    kwic: String,
}

impl<'m> Context<'m> {
    /// A context for counting with `glossary`; `matcher` must be compiled
    /// from it.
    pub fn new(glossary: &Glossary, matcher: &'m Matcher) -> Context<'m> {
        let mut extractor = Extractor::new();
        extractor.protect(glossary);
        Context {
            matcher,
            origin: Origin::new(glossary),
            extractor,
            tokens: Default::default(),
            matches: Default::default(),
            scratch: Scratch::default(),
            occurrences: Vec::new(),
            dims: Vec::new(),
            inside: Vec::new(),
            lower: String::new(),
            folded: String::new(),
            snippet: String::new(),
            kwic: String::new(),
        }
    }
}

/// Writes to `out` a short piece of text around `start..end`, the candidate
/// in brackets, whitespace collapsed.
fn snippet(text: &str, start: usize, end: usize, out: &mut String) {
    const SIDE: usize = 30;
    let mut from = start.saturating_sub(SIDE);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (end + SIDE).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    out.clear();
    if from > 0 {
        out.push('…');
    }
    push_collapsed(&text[from..start], out);
    out.push_str(" [");
    push_collapsed(&text[start..end], out);
    out.push_str("] ");
    push_collapsed(&text[end..to], out);
    if to < text.len() {
        out.push('…');
    }
}

/// Appends `text` with its whitespace collapsed, as
/// [`crate::analysis::normalize::collapse_whitespace`] does, without allocating.
fn push_collapsed(text: &str, out: &mut String) {
    for (i, part) in text.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(part);
    }
}

/// Ids of `candidates` that may be suggested, best termhood first; `freq`
/// is a candidate's frequency as the mode counts it.
fn eligible(candidates: &Candidates, options: &Options, freq: impl Fn(u32) -> u32) -> Vec<u32> {
    let mut ids: Vec<u32> = candidates
        .ranked()
        .into_iter()
        .filter(|&id| {
            let c = candidates.get(id);
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

/// What scoring one source candidate needs beside the counts, made once per
/// worker thread and reused for every candidate it scores.
#[derive(Default)]
struct Buffers<T> {
    /// Per target candidate, what its evidence adds up to.
    sums: FxHashMap<u32, T>,
    /// For [`Forms::cognate_candidates`].
    seen: Vec<bool>,
    near: Vec<u32>,
}

/// (list, rank) of every item of `lists`, in order: the rows of the
/// suggestions, so that they are made in parallel straight into one list.
fn rows<T>(lists: &[Vec<T>]) -> Vec<(u32, u32)> {
    lists
        .iter()
        .enumerate()
        .flat_map(|(i, list)| (0..list.len() as u32).map(move |rank| (i as u32, rank)))
        .collect()
}
