//! The term aligner: proposes equivalent terms across languages that the
//! glossary does not hold yet, for a terminologist to accept.
//!
//! Both modes start from the candidates of [`crate::jobs::suggest::candidates`] and from what the
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
//!   one candidate's counts per thread, never a pair table.
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

pub mod candidates;
pub mod profile;

use std::fmt::{self, Write as _};
use std::io;
use std::ops::Range;
use std::path::Path;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use crate::analysis::matcher::{Match, Matcher, Scratch};
use crate::analysis::morph::is_function_word;
use crate::analysis::normalize::{fold_key, lower_key};
use crate::analysis::pipeline::paragraph_runs;
use crate::analysis::tokenize::{TokenKind, Tokens, tokenize_into};
use crate::error::{Error, Result};
use crate::formats::bitext::SegmentPair;
use crate::glossary::Glossary;
use crate::jobs::suggest::candidates::{Candidates, Extractor, Keys, Occurrence};
use crate::jobs::suggest::profile::Profile;
use crate::lang::Lang;

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

/// What counts were made with. Counts add up only when it is the same: the
/// glossary decides which spans are explained (and so which candidates are
/// counted) and numbers the concepts that context vectors are made of, and
/// another version of termalign may key candidates otherwise.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Origin {
    termalign: String,
    glossary: Fingerprint,
}

impl Origin {
    fn new(glossary: &Glossary) -> Origin {
        Origin {
            termalign: env!("CARGO_PKG_VERSION").to_string(),
            glossary: Fingerprint::of(glossary),
        }
    }

    /// Refuses to add up counts made otherwise than `self`.
    fn check_merge(&self, other: &Origin) -> Result<()> {
        if self.termalign != other.termalign {
            return Err(Error::Usage(format!(
                "cannot merge counts made by termalign {} with counts made by termalign {}: \
                 count every shard with the same version",
                self.termalign, other.termalign
            )));
        }
        if self.glossary != other.glossary {
            return Err(Error::Usage(format!(
                "cannot merge counts made with different glossaries ({} and {}): count every \
                 shard with the same glossary",
                self.glossary, other.glossary
            )));
        }
        Ok(())
    }

    /// Refuses to score counts made by another version or with another
    /// glossary than `glossary`.
    fn check_glossary(&self, glossary: &Glossary) -> Result<()> {
        let here = Origin::new(glossary);
        if self.termalign != here.termalign {
            return Err(Error::Usage(format!(
                "the counts were made by termalign {}, and this is termalign {}: count again \
                 with this version",
                self.termalign, here.termalign
            )));
        }
        if self.glossary != here.glossary {
            return Err(Error::Usage(format!(
                "the counts were made with another glossary ({}) than the one given ({}): give \
                 the glossary the shards were counted with",
                self.glossary, here.glossary
            )));
        }
        Ok(())
    }
}

/// A digest of what counting takes from a glossary: its concepts in order
/// (their indexes name context dimensions), with their terms' languages,
/// texts, statuses and parts of speech (what the matcher matches, and which
/// match wins). The glossary's path is left out: a copy is the same
/// glossary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Fingerprint {
    concepts: usize,
    /// FNV-1a, 64 bits: the same on every platform and build, unlike the
    /// standard library's hashers.
    hash: u64,
}

impl Fingerprint {
    fn of(glossary: &Glossary) -> Fingerprint {
        const PRIME: u64 = 0x0000_0100_0000_01b3;
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        // Each field after its length, so that no two glossaries hash the
        // same bytes.
        let mut field = |bytes: &[u8]| {
            for &byte in (bytes.len() as u64).to_le_bytes().iter().chain(bytes) {
                hash = (hash ^ u64::from(byte)).wrapping_mul(PRIME);
            }
        };
        for concept in &glossary.concepts {
            field(concept.id.as_bytes());
            field(&(concept.terms.len() as u64).to_le_bytes());
            for term in &concept.terms {
                field(term.lang.code().as_bytes());
                field(term.text.as_bytes());
                field(term.status.as_str().as_bytes());
                field(term.pos.as_str().as_bytes());
            }
        }
        Fingerprint {
            concepts: glossary.concepts.len(),
            hash,
        }
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} concepts, fingerprint {:016x}",
            self.concepts, self.hash
        )
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
        }
    }
}

/// The counts of either mode as one JSON value, `{"mode": "parallel",
/// "counts": {…}}` or `{"mode": "comparable", "counts": {…}}`: what a shard
/// of a corpus hands on, for `termalign merge` to add up.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "mode", content = "counts", rename_all = "lowercase")]
#[expect(
    clippy::large_enum_variant,
    reason = "one per shard read, and the counts themselves are on the heap"
)]
pub enum Partial {
    Parallel(ParallelCounts),
    Comparable(ComparableCounts),
}

impl Partial {
    /// Reads counts written by [`Partial::write_json`]; `path` names them in
    /// errors.
    pub fn from_json(text: &str, path: &Path) -> Result<Partial> {
        serde_json::from_str(text).map_err(|e| {
            Error::format(
                path,
                None,
                None,
                format!("not the counts of termalign suggest: {e}"),
            )
        })
    }

    /// Writes the counts as one line of JSON (buffer `out`: it is written
    /// in small pieces).
    pub fn write_json<W: io::Write>(&self, out: W) -> io::Result<()> {
        serde_json::to_writer(out, self).map_err(io::Error::from)
    }

    /// Adds up the counts of two shards of one corpus; refuses counts of
    /// different modes (and what [`ParallelCounts::merge`] and
    /// [`ComparableCounts::merge`] refuse).
    pub fn merge(&mut self, other: Partial) -> Result<()> {
        match (self, other) {
            (Partial::Parallel(ours), Partial::Parallel(theirs)) => ours.merge(theirs),
            (Partial::Comparable(ours), Partial::Comparable(theirs)) => ours.merge(theirs),
            (ours, theirs) => Err(Error::Usage(format!(
                "cannot merge counts of {} with counts of {}: count every shard in the same mode",
                ours.what(),
                theirs.what()
            ))),
        }
    }

    fn what(&self) -> &'static str {
        match self {
            Partial::Parallel(_) => "translation pairs (parallel mode, --pairs)",
            Partial::Comparable(_) => "articles (comparable mode)",
        }
    }

    /// Scores the counts (see [`ParallelCounts::suggest`],
    /// [`ComparableCounts::suggest`]).
    pub fn suggest(self, glossary: &Glossary, options: &Options) -> Result<Suggested> {
        match self {
            Partial::Parallel(counts) => counts.suggest(glossary, options),
            Partial::Comparable(counts) => counts.suggest(glossary, options),
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

/// A target candidate scored for a source candidate in parallel mode:
/// (score, target id, segments together, G², cognate similarity).
type Scored = (f64, u32, u32, f64, f64);

/// Parallel mode over translation pairs from `lang_a` into `lang_b`.
pub fn parallel(
    glossary: &Glossary,
    matcher: &Matcher,
    pairs: &[SegmentPair],
    lang_a: Lang,
    lang_b: Lang,
    options: &Options,
) -> Suggested {
    let mut context = Context::new(glossary, matcher);
    let mut counts = ParallelCounts::new(&context, lang_a, lang_b);
    for pair in pairs {
        counts.add_pair(&mut context, &pair.source, &pair.target);
    }
    counts.score(glossary, options)
}

/// Parallel mode's counts over translation pairs from one language into
/// another: the candidates of each side and, per segment pair, which of them
/// it holds and where. What [`parallel`] counts before it scores.
///
/// Counts over shards of a corpus [merge](ParallelCounts::merge) into the
/// counts over the whole, and [`ParallelCounts::suggest`] then gives exactly
/// what [`parallel`] gives over the whole corpus, whatever the split and the
/// order of merging: no result depends on candidate ids (the order
/// candidates were first seen) or on the order of the segment pairs.
#[derive(Debug, Serialize, Deserialize)]
#[serde(try_from = "UncheckedParallelCounts")]
pub struct ParallelCounts {
    origin: Origin,
    /// The source language's candidates, then the target's; not finished.
    sides: [Candidates; 2],
    /// Per segment pair, what each side holds.
    segments: Vec<[SegmentSide; 2]>,
}

/// What one side of a segment pair holds: its distinct candidates (in no
/// particular order), each with the start plus the end token index of its
/// first occurrence there, and the side's length in tokens. The middle is
/// kept doubled so that it stays a whole number, read back exactly from any
/// format.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct SegmentSide {
    tokens: u32,
    found: Vec<(u32, u32)>,
}

impl SegmentSide {
    /// The relative position (0 to 1) of a candidate found in the segment.
    fn position(&self, twice_middle: u32) -> f32 {
        twice_middle as f32 / 2.0 / self.tokens.max(1) as f32
    }
}

/// The units per 1 in which [`agreement`]s are summed.
const AGREEMENT_UNITS: f64 = (1u32 << 24) as f64;

/// How well two relative positions agree, 1 − |a − b|, in units of 2⁻²⁴.
///
/// Any such agreement of two f32 positions in [0, 1] is a whole number of
/// units: a difference of ½ or more is a multiple of 2⁻²⁴ and is subtracted
/// from 1 exactly; a smaller one leaves a result in [½, 1], where f32 steps
/// by 2⁻²⁴. So sums of agreements are exact, and do not depend on the order
/// the segment pairs come in.
fn agreement(at_a: f32, at_b: f32) -> u64 {
    let units = f64::from(1.0 - (at_a - at_b).abs()) * AGREEMENT_UNITS;
    debug_assert_eq!(units.fract(), 0.0, "{at_a} {at_b}");
    units as u64
}

impl ParallelCounts {
    /// No translation pairs yet, from `lang_a` into `lang_b`, to be counted
    /// with `context`.
    pub fn new(context: &Context, lang_a: Lang, lang_b: Lang) -> ParallelCounts {
        ParallelCounts {
            origin: context.origin.clone(),
            sides: [Candidates::new(lang_a), Candidates::new(lang_b)],
            segments: Vec::new(),
        }
    }

    /// The source and target languages.
    pub fn langs(&self) -> (Lang, Lang) {
        (self.sides[0].lang, self.sides[1].lang)
    }

    /// The number of segment pairs counted.
    pub fn len(&self) -> usize {
        self.segments.len()
    }

    pub fn is_empty(&self) -> bool {
        self.segments.is_empty()
    }

    /// Counts one translation pair: `source` and its translation `target`.
    /// `context` must be the one the counts were made with, or one built
    /// from the same glossary.
    pub fn add_pair(&mut self, context: &mut Context, source: &str, target: &str) {
        debug_assert_eq!(context.origin, self.origin);
        let Context {
            matcher,
            extractor,
            tokens,
            matches,
            scratch,
            occurrences,
            ..
        } = context;
        let texts = [source, target];
        for side in 0..2 {
            tokenize_into(texts[side], &mut tokens[side]);
            matches[side].clear();
            let toks = &tokens[side].tokens;
            for (run, _) in paragraph_runs(toks) {
                let start = run.start;
                matcher.find(
                    self.sides[side].lang,
                    texts[side],
                    &toks[run],
                    start,
                    scratch,
                    &mut matches[side],
                );
            }
        }
        let concepts: [FxHashSet<u32>; 2] =
            [0, 1].map(|side| matches[side].iter().map(|m| m.term.concept).collect());
        let mut segment: [SegmentSide; 2] = Default::default();
        for side in 0..2 {
            let other = &concepts[1 - side];
            let explained = ranges(&matches[side], |m| other.contains(&m.term.concept));
            occurrences.clear();
            let candidates = &mut self.sides[side];
            let toks = &tokens[side].tokens;
            extractor.occurrences(candidates.lang, texts[side], toks, &explained, occurrences);
            candidates.count_words(extractor, toks);
            let mut found: Vec<(u32, u32)> = occurrences
                .iter()
                .map(|o| {
                    let (id, _) = candidates.add(texts[side], o);
                    (id, (o.tokens.start + o.tokens.end) as u32)
                })
                .collect();
            // Stable: the first occurrence of each candidate stays.
            found.sort_by_key(|&(id, _)| id);
            found.dedup_by_key(|&mut (id, _)| id);
            segment[side] = SegmentSide {
                tokens: toks.len() as u32,
                found,
            };
        }
        self.segments.push(segment);
    }

    /// Adds the counts of `other`, over other translation pairs. Refuses
    /// counts of another language pair, made with another glossary or by
    /// another version of termalign.
    pub fn merge(&mut self, mut other: ParallelCounts) -> Result<()> {
        self.origin.check_merge(&other.origin)?;
        if self.langs() != other.langs() {
            let name = |(a, b): (Lang, Lang)| format!("{a}→{b}");
            return Err(Error::Usage(format!(
                "cannot merge counts of {} translations with counts of {} translations: count \
                 every shard with the same --source-lang and --target-lang",
                name(self.langs()),
                name(other.langs())
            )));
        }
        // The result does not depend on which is merged into which: move the
        // smaller, so that merging shards pairwise stays cheap.
        if other.segments.len() > self.segments.len() {
            std::mem::swap(self, &mut other);
        }
        let ParallelCounts {
            sides: [a, b],
            segments,
            ..
        } = other;
        // The forms of parallel candidates carry nothing beside them.
        let ids = [
            self.sides[0].merge(a, |_, _, _, _| {}),
            self.sides[1].merge(b, |_, _, _, _| {}),
        ];
        self.segments.reserve(segments.len());
        for mut segment in segments {
            for (side, ids) in segment.iter_mut().zip(&ids) {
                for (id, _) in &mut side.found {
                    *id = ids[*id as usize];
                }
            }
            self.segments.push(segment);
        }
        Ok(())
    }

    /// The suggestions [`parallel`] makes over the pairs counted. Refuses
    /// counts made with another glossary than `glossary` or by another
    /// version of termalign.
    pub fn suggest(self, glossary: &Glossary, options: &Options) -> Result<Suggested> {
        self.origin.check_glossary(glossary)?;
        Ok(self.score(glossary, options))
    }

    /// [`ParallelCounts::suggest`], the glossary known to be the one counted
    /// with.
    fn score(self, glossary: &Glossary, options: &Options) -> Suggested {
        let ParallelCounts {
            mut sides,
            segments,
            ..
        } = self;
        let (lang_a, lang_b) = (sides[0].lang, sides[1].lang);
        let index = GlossaryIndex::new(glossary, &mut Keys::new());
        for side in &mut sides {
            side.finish(Profile::builtin(side.lang));
        }
        // Segment frequencies and the inverted index of the source side:
        // per candidate, the segments holding it with its relative position
        // there.
        let mut df = [vec![0u32; sides[0].len()], vec![0u32; sides[1].len()]];
        let mut postings: Vec<Vec<(u32, f32)>> = vec![Vec::new(); sides[0].len()];
        for (s, segment) in segments.iter().enumerate() {
            for (side, df) in segment.iter().zip(&mut df) {
                for &(id, _) in &side.found {
                    df[id as usize] += 1;
                }
            }
            for &(id, twice_middle) in &segment[0].found {
                postings[id as usize].push((s as u32, segment[0].position(twice_middle)));
            }
        }
        let sources = eligible(&sides[0], options, |id| df[0][id as usize]);
        let targets: Vec<u32> = eligible(
            &sides[1],
            &Options {
                limit: 0,
                ..options.clone()
            },
            |id| df[1][id as usize],
        );
        let forms_b = Forms::new(&sides[1], targets);
        // Position in forms_b of each target candidate eligible for
        // suggestion.
        let mut position = vec![u32::MAX; sides[1].len()];
        for (i, &id) in forms_b.ids.iter().enumerate() {
            position[id as usize] = i as u32;
        }
        let n = segments.len() as u32;
        // Scores of `a` against the target candidates: (score, b, segments
        // together, G², cognate similarity). Each thread scores with its own
        // buffers; `sums` are, per target, the segments together and the
        // summed agreement of relative positions there (translations keep
        // most terms near the same place in the sentence, which is what
        // tells apart two candidates seen once in the same pair).
        let score_a = |buffers: &mut Buffers<(u32, u64)>, a: u32, words_a: &[String]| {
            let Buffers {
                sums: counts,
                seen,
                near,
            } = buffers;
            let mut scored: Vec<Scored> = Vec::new();
            let ca = sides[0].get(a);
            let fa = df[0][a as usize];
            if options.method == Method::Cognate {
                forms_b.cognate_candidates(words_a, seen, near);
                for &i in near.iter() {
                    let sim = cognate_words(words_a, &forms_b.words[i as usize]);
                    scored.push((sim, forms_b.ids[i as usize], 0, 0.0, sim));
                }
                return scored;
            }
            counts.clear();
            for &(s, at_a) in &postings[a as usize] {
                let target = &segments[s as usize][1];
                for &(b, twice_middle) in &target.found {
                    if position[b as usize] != u32::MAX {
                        let c = counts.entry(b).or_default();
                        c.0 += 1;
                        c.1 += agreement(at_a, target.position(twice_middle));
                    }
                }
            }
            // In hash order, which depends on the buffer's history: the
            // ranking below orders the targets fully.
            for (&b, &(k, agreement)) in counts.iter() {
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
                let cb = sides[1].get(b);
                let dice = 2.0 * k as f64 / (fa + fb) as f64;
                let sim = cognate_words(words_a, &forms_b.words[position[b as usize] as usize]);
                let words =
                    1.0 / (1.0 + 0.25 * (ca.content_words as f64 - cb.content_words as f64).abs());
                let place = 0.5 + 0.5 * (agreement as f64 / AGREEMENT_UNITS) / k as f64;
                scored.push((dice * (0.75 + 0.25 * sim) * words * place, b, k, g, sim));
            }
            scored
        };
        let terms: Vec<String> = sources
            .par_iter()
            .map(|&a| sides[0].get(a).representative())
            .collect();
        let words: Vec<Vec<String>> = terms.par_iter().map(|t| content_words(lang_a, t)).collect();
        // Competitive evidence: a target candidate that another source
        // candidate explains better (its own cognate, say) is a weaker
        // suggestion for this one. First each target's best score, by its
        // position in forms_b: a maximum, the same whichever thread finds it
        // first. Scores are computed again below rather than kept, so that
        // memory never holds a pair table.
        let mut best = Vec::new();
        if options.method == Method::Full {
            best = sources
                .par_iter()
                .zip(&words)
                .fold(
                    || (Buffers::default(), vec![0.0f64; forms_b.ids.len()]),
                    |(mut buffers, mut best), (&a, words_a)| {
                        for (score, b, ..) in score_a(&mut buffers, a, words_a) {
                            let i = position[b as usize] as usize;
                            best[i] = best[i].max(score);
                        }
                        (buffers, best)
                    },
                )
                .map(|(_, best)| best)
                .reduce_with(|mut best, other| {
                    for (x, y) in best.iter_mut().zip(other) {
                        *x = x.max(y);
                    }
                    best
                })
                .unwrap_or_default();
        }
        // Then each source's ranking, in the order of `sources`.
        let ranked: Vec<Vec<Scored>> = sources
            .par_iter()
            .zip(&words)
            .map_init(Buffers::default, |buffers, (&a, words_a)| {
                let mut scored = score_a(buffers, a, words_a);
                if options.method == Method::Full {
                    for s in &mut scored {
                        s.0 *= s.0 / best[position[s.1 as usize] as usize];
                    }
                }
                scored.retain(|s| s.0 >= options.min_score);
                scored.sort_by(|x, y| {
                    y.0.total_cmp(&x.0).then_with(|| {
                        let (bx, by) = (sides[1].get(x.1), sides[1].get(y.1));
                        by.termhood
                            .total_cmp(&bx.termhood)
                            .then_with(|| bx.key.cmp(&by.key))
                    })
                });
                scored.truncate(options.top);
                // Kept until every source is ranked: without the rest.
                scored.shrink_to_fit();
                scored
            })
            .collect();
        // And the suggestions, made straight into their list.
        let suggestions: Vec<Suggestion> = rows(&ranked)
            .into_par_iter()
            .map(|(i, rank)| {
                let (a, term_a) = (sources[i as usize], &terms[i as usize]);
                let (score, b, k, g, sim) = ranked[i as usize][rank as usize];
                let (ca, cb) = (sides[0].get(a), sides[1].get(b));
                let (fa, fb) = (df[0][a as usize], df[1][b as usize]);
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
                Suggestion {
                    lang_a,
                    term_a: term_a.clone(),
                    key_a: ca.key.clone(),
                    lang_b,
                    term_b: cb.representative(),
                    key_b: cb.key.clone(),
                    score,
                    rank: rank as usize + 1,
                    method: method.to_string(),
                    freq_a: fa,
                    freq_b: fb,
                    evidence,
                    status: index.status(lang_a, &ca.key, lang_b, &cb.key),
                }
            })
            .collect();
        Suggested {
            suggestions,
            candidates: sides.into(),
            directions: vec![(lang_a, lang_b)],
        }
    }
}

/// [`ParallelCounts`] as read, before its candidate ids are checked.
#[derive(Deserialize)]
struct UncheckedParallelCounts {
    origin: Origin,
    sides: [Candidates; 2],
    segments: Vec<[SegmentSide; 2]>,
}

impl TryFrom<UncheckedParallelCounts> for ParallelCounts {
    type Error = String;

    fn try_from(read: UncheckedParallelCounts) -> Result<ParallelCounts, String> {
        for (i, segment) in read.segments.iter().enumerate() {
            for (side, candidates) in segment.iter().zip(&read.sides) {
                let bad = side.found.iter().find(|&&(id, twice_middle)| {
                    id as usize >= candidates.len()
                        || u64::from(twice_middle) > 2 * u64::from(side.tokens)
                });
                if let Some((id, twice_middle)) = bad {
                    return Err(format!(
                        "segment pair {}: no {} candidate {id} at {twice_middle} / 2 of {} \
                         tokens ({} candidates)",
                        i + 1,
                        candidates.lang,
                        side.tokens,
                        candidates.len()
                    ));
                }
            }
        }
        Ok(ParallelCounts {
            origin: read.origin,
            sides: read.sides,
            segments: read.segments,
        })
    }
}

/// One document of a comparable corpus.
pub struct Document<'a> {
    pub lang: Lang,
    pub text: &'a str,
}

/// A context dimension: a glossary concept or an anchor string. Written as
/// the concept's index or the anchor.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(untagged)]
enum Dim {
    Concept(u32),
    Anchor(String),
}

/// How often each dimension occurs in a candidate's context windows.
/// Written as a list of `[dimension, count]` (JSON keys are strings only).
#[derive(Debug, Default)]
struct DimCounts(FxHashMap<Dim, u32>);

impl Serialize for DimCounts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_seq(&self.0)
    }
}

impl<'de> Deserialize<'de> for DimCounts {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let pairs = Vec::<(Dim, u32)>::deserialize(d)?;
        Ok(DimCounts(pairs.into_iter().collect()))
    }
}

/// Comparable mode over documents in several languages: suggestions for
/// every pair of the languages present, in the order en, fr, es.
pub fn comparable(
    glossary: &Glossary,
    matcher: &Matcher,
    documents: &[Document],
    options: &Options,
) -> Suggested {
    let mut context = Context::new(glossary, matcher);
    let mut counts = ComparableCounts::new(&context);
    for document in documents {
        counts.add_document(&mut context, document.lang, document.text);
    }
    counts.score(glossary, options)
}

/// Comparable mode's counts over documents: per language, the candidates
/// with a snippet of each surface form, what occurs in each candidate's
/// context, and the anchors seen. What [`comparable`] counts before it
/// scores.
///
/// Counts over shards of a corpus [merge](ComparableCounts::merge) into the
/// counts over the whole, and [`ComparableCounts::suggest`] then gives
/// exactly what [`comparable`] gives over the whole corpus, whatever the
/// split and the order of merging.
#[derive(Debug, Serialize, Deserialize)]
#[serde(try_from = "UncheckedComparableCounts")]
pub struct ComparableCounts {
    origin: Origin,
    /// One per language with documents, in the order of [`Lang::ALL`].
    sides: Vec<Side>,
}

impl ComparableCounts {
    /// No documents yet, to be counted with `context`.
    pub fn new(context: &Context) -> ComparableCounts {
        ComparableCounts {
            origin: context.origin.clone(),
            sides: Vec::new(),
        }
    }

    /// The number of documents counted in `lang`.
    pub fn documents(&self, lang: Lang) -> u32 {
        self.side(lang).map_or(0, |i| self.sides[i].documents)
    }

    /// The index in `sides` of the side of `lang`, or where it would go.
    fn side(&self, lang: Lang) -> std::result::Result<usize, usize> {
        self.sides
            .binary_search_by_key(&lang, |side| side.candidates.lang)
    }

    /// Counts one document in `lang`. `context` must be the one the counts
    /// were made with, or one built from the same glossary.
    pub fn add_document(&mut self, context: &mut Context, lang: Lang, text: &str) {
        debug_assert_eq!(context.origin, self.origin);
        let i = self.side(lang).unwrap_or_else(|i| {
            self.sides.insert(i, Side::new(lang));
            i
        });
        self.sides[i].add_document(context, text);
    }

    /// Adds the counts of `other`, over other documents. Refuses counts made
    /// with another glossary or by another version of termalign.
    pub fn merge(&mut self, mut other: ComparableCounts) -> Result<()> {
        self.origin.check_merge(&other.origin)?;
        // The result does not depend on which is merged into which: move the
        // smaller, so that merging shards pairwise stays cheap.
        let size = |counts: &ComparableCounts| -> usize {
            counts.sides.iter().map(|s| s.candidates.len()).sum()
        };
        if size(&other) > size(self) {
            std::mem::swap(self, &mut other);
        }
        for side in other.sides {
            match self.side(side.candidates.lang) {
                Ok(i) => self.sides[i].merge(side),
                Err(i) => self.sides.insert(i, side),
            }
        }
        Ok(())
    }

    /// The suggestions [`comparable`] makes over the documents counted.
    /// Refuses counts made with another glossary than `glossary` or by
    /// another version of termalign.
    pub fn suggest(self, glossary: &Glossary, options: &Options) -> Result<Suggested> {
        self.origin.check_glossary(glossary)?;
        Ok(self.score(glossary, options))
    }

    /// [`ComparableCounts::suggest`], the glossary known to be the one
    /// counted with.
    fn score(self, glossary: &Glossary, options: &Options) -> Suggested {
        let index = GlossaryIndex::new(glossary, &mut Keys::new());
        let mut sides = self.sides;
        for side in &mut sides {
            let lang = side.candidates.lang;
            side.candidates.finish(Profile::builtin(lang));
        }
        let mut directions = Vec::new();
        let mut suggestions = Vec::new();
        for ia in 0..sides.len() {
            for ib in ia + 1..sides.len() {
                let (a, b) = (&sides[ia], &sides[ib]);
                directions.push((a.candidates.lang, b.candidates.lang));
                let shared: FxHashSet<&String> = a
                    .anchors
                    .iter()
                    .filter(|anchor| b.anchors.contains(*anchor))
                    .collect();
                let keep = |d: &Dim| match d {
                    Dim::Concept(_) => true,
                    Dim::Anchor(anchor) => shared.contains(anchor),
                };
                compare(a, b, &keep, &index, glossary, options, &mut suggestions);
            }
        }
        Suggested {
            suggestions,
            candidates: sides.into_iter().map(|s| s.candidates).collect(),
            directions,
        }
    }
}

/// [`ComparableCounts`] as read, before it is checked.
#[derive(Deserialize)]
struct UncheckedComparableCounts {
    origin: Origin,
    sides: Vec<Side>,
}

impl TryFrom<UncheckedComparableCounts> for ComparableCounts {
    type Error = String;

    fn try_from(read: UncheckedComparableCounts) -> Result<ComparableCounts, String> {
        for pair in read.sides.windows(2) {
            if pair[0].candidates.lang >= pair[1].candidates.lang {
                return Err(format!(
                    "the {} side comes after the {} side",
                    pair[1].candidates.lang, pair[0].candidates.lang
                ));
            }
        }
        for side in &read.sides {
            side.check(read.origin.glossary.concepts)?;
        }
        Ok(ComparableCounts {
            origin: read.origin,
            sides: read.sides,
        })
    }
}

/// The counts of one language's documents in comparable mode.
#[derive(Debug, Serialize, Deserialize)]
struct Side {
    /// Not finished.
    candidates: Candidates,
    documents: u32,
    /// Per candidate, per surface form (in the order of
    /// [`crate::jobs::suggest::candidates::Candidate::forms`]), the smallest of the snippets of
    /// its occurrences: the same whatever order the documents come in.
    snippets: Vec<Vec<String>>,
    /// Per candidate, the dimensions in its context windows.
    contexts: Vec<DimCounts>,
    /// The anchors seen in the language's documents.
    anchors: FxHashSet<String>,
}

impl Side {
    fn new(lang: Lang) -> Side {
        Side {
            candidates: Candidates::new(lang),
            documents: 0,
            snippets: Vec::new(),
            contexts: Vec::new(),
            anchors: FxHashSet::default(),
        }
    }

    fn add_document(&mut self, context: &mut Context, text: &str) {
        let lang = self.candidates.lang;
        let Context {
            matcher,
            extractor,
            tokens,
            matches,
            scratch,
            occurrences,
            dims,
            inside,
            lower,
            folded,
            snippet: shown,
            ..
        } = context;
        let (tokens, matches) = (&mut tokens[0], &mut matches[0]);
        self.documents += 1;
        tokenize_into(text, tokens);
        let toks = &tokens.tokens;
        matches.clear();
        for (run, _) in paragraph_runs(toks) {
            let start = run.start;
            matcher.find(lang, text, &toks[run], start, scratch, matches);
        }
        let explained = ranges(matches, |_| true);
        // The dimensions at each token: a concept at its match's first
        // token, an anchor at a number or capitalized word.
        dims.clear();
        dims.resize(toks.len(), None);
        for m in matches.iter() {
            dims[m.first_token] = Some(Dim::Concept(m.term.concept));
        }
        inside.clear();
        inside.resize(toks.len(), false);
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
                lower_key(word, lower);
                fold_key(lower, folded);
                self.anchors.insert(folded.clone());
                dims[i] = Some(Dim::Anchor(folded.clone()));
            }
        }
        occurrences.clear();
        extractor.occurrences(lang, text, toks, &explained, occurrences);
        self.candidates.count_words(extractor, toks);
        for o in occurrences.iter() {
            let (id, form) = self.candidates.add(text, o);
            let id = id as usize;
            if id == self.contexts.len() {
                self.contexts.push(DimCounts::default());
                self.snippets.push(Vec::new());
            }
            snippet(text, o.start, o.end, shown);
            keep_smaller(&mut self.snippets[id], form, shown.as_str());
            let from = o.tokens.start.saturating_sub(WINDOW);
            let to = (o.tokens.end + WINDOW).min(toks.len());
            let paragraph = toks[o.tokens.start].paragraph;
            for j in (from..o.tokens.start).chain(o.tokens.end..to) {
                if toks[j].paragraph != paragraph {
                    continue;
                }
                if let Some(dim) = &dims[j] {
                    *self.contexts[id].0.entry(dim.clone()).or_default() += 1;
                }
            }
        }
    }

    /// Adds the counts of `other`, of the same language.
    fn merge(&mut self, other: Side) {
        self.documents += other.documents;
        self.anchors.extend(other.anchors);
        let mut their_snippets = other.snippets;
        let snippets = &mut self.snippets;
        let ids = self
            .candidates
            .merge(other.candidates, |their_id, their_form, id, form| {
                let snippet = std::mem::take(&mut their_snippets[their_id as usize][their_form]);
                if id as usize >= snippets.len() {
                    snippets.resize_with(id as usize + 1, Vec::new);
                }
                keep_smaller(&mut snippets[id as usize], form, snippet);
            });
        let len = self.candidates.len();
        self.snippets.resize_with(len, Vec::new);
        self.contexts.resize_with(len, DimCounts::default);
        for (theirs, id) in other.contexts.into_iter().zip(ids) {
            let ours = &mut self.contexts[id as usize].0;
            if ours.is_empty() {
                *ours = theirs.0;
            } else {
                for (dim, n) in theirs.0 {
                    *ours.entry(dim).or_default() += n;
                }
            }
        }
    }

    /// Whether the lists beside the candidates match them, and the concepts
    /// named are among a glossary's `concepts`.
    fn check(&self, concepts: usize) -> std::result::Result<(), String> {
        let lang = self.candidates.lang;
        let len = self.candidates.len();
        if self.snippets.len() != len || self.contexts.len() != len {
            return Err(format!(
                "{lang}: {len} candidates, but {} snippet lists and {} contexts",
                self.snippets.len(),
                self.contexts.len()
            ));
        }
        for (candidate, snippets) in self.candidates.list.iter().zip(&self.snippets) {
            if snippets.len() != candidate.forms.len() {
                return Err(format!(
                    "{lang} candidate {:?}: {} forms, but {} snippets",
                    candidate.key,
                    candidate.forms.len(),
                    snippets.len()
                ));
            }
        }
        for dims in &self.contexts {
            for dim in dims.0.keys() {
                if let Dim::Concept(c) = dim
                    && *c as usize >= concepts
                {
                    return Err(format!(
                        "{lang}: a context names concept {c}, and the glossary has {concepts}"
                    ));
                }
            }
        }
        Ok(())
    }

    /// A snippet of the candidate in the form shown (`term`, perhaps
    /// lowercased): of that very form if it was seen, else of the forms
    /// equal to it but for case, the smallest.
    fn snippet(&self, id: u32, term: &str) -> &str {
        let lower = term.to_lowercase();
        let forms = &self.candidates.get(id).forms;
        let snippets = &self.snippets[id as usize];
        let matching = forms
            .iter()
            .zip(snippets)
            .filter(|((form, ..), _)| form.to_lowercase() == lower)
            .min_by(|(x, snippet_x), (y, snippet_y)| {
                (x.0 != term)
                    .cmp(&(y.0 != term))
                    .then_with(|| snippet_x.cmp(snippet_y))
            });
        match matching {
            Some((_, snippet)) => snippet,
            None => snippets.iter().min().map_or("", String::as_str),
        }
    }
}

/// Keeps in `snippets` (one per form) the smaller of the snippet of `form`
/// and `snippet`, so that the one kept does not depend on the order
/// occurrences come in.
fn keep_smaller(snippets: &mut Vec<String>, form: usize, snippet: impl AsRef<str> + Into<String>) {
    match snippets.get_mut(form) {
        Some(kept) if snippet.as_ref() < kept.as_str() => *kept = snippet.into(),
        Some(_) => {}
        None => {
            debug_assert_eq!(form, snippets.len());
            snippets.push(snippet.into());
        }
    }
}

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

fn compare(
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

    /// The translation pairs of the suggest fixture.
    fn coyote_pairs() -> Vec<SegmentPair> {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/suggest/coyotes.en-fr.tsv");
        crate::formats::bitext::read(&path, None, Lang::En, Lang::Fr)
            .expect("the fixture reads")
            .pairs
    }

    /// The seed articles in file name order, with their languages.
    fn seed_articles() -> Vec<(Lang, String)> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .expect("seeds/ reads")
            .map(|entry| entry.expect("seeds/ lists").path())
            .filter(|path| path.extension().is_some_and(|e| e == "txt"))
            .collect();
        paths.sort();
        let detector = crate::analysis::detect::Detector::new();
        paths
            .iter()
            .map(|path| {
                let text = std::fs::read_to_string(path).expect("a seed reads");
                let lang = detector.detect(&text).lang.expect("a seed's language");
                (lang, text)
            })
            .collect()
    }

    /// Everything a run shows, exactly: the directions, every field of
    /// every suggestion (scores to the last bit) and the candidates' CSV.
    fn shown(suggested: &Suggested) -> String {
        let mut out = format!("{:?}\n", suggested.directions);
        for s in &suggested.suggestions {
            let _ = writeln!(out, "{s:?}");
        }
        let mut csv = Vec::new();
        crate::jobs::suggest::candidates::write_csv(&suggested.candidates, &mut csv)
            .expect("CSV to memory");
        out + &String::from_utf8(csv).expect("UTF-8 CSV")
    }

    /// Writes counts to JSON and reads them back.
    fn round_trip<T: Serialize + serde::de::DeserializeOwned>(counts: &T) -> T {
        let json = serde_json::to_string(counts).expect("counts write");
        serde_json::from_str(&json).expect("counts read back")
    }

    /// Merges the counts of three shards in the order 2, 0, 1.
    fn merge_2_0_1<T>(shards: Vec<T>, merge: impl Fn(&mut T, T) -> Result<()>) -> T {
        let [zero, one, two]: [T; 3] = shards.try_into().ok().expect("three shards");
        let mut merged = two;
        merge(&mut merged, zero).expect("shards merge");
        merge(&mut merged, one).expect("shards merge");
        merged
    }

    /// Option sets that exercise every method, with and without the
    /// frequency and score limits.
    fn option_sets(defaults: Options) -> Vec<Options> {
        let everything = Options {
            min_freq: 1,
            min_score: 0.0,
            min_specificity: f64::NEG_INFINITY,
            names: true,
            ..defaults.clone()
        };
        let mut sets = vec![defaults, everything.clone()];
        for method in [Method::Frequency, Method::Cognate] {
            sets.push(Options {
                method,
                ..everything.clone()
            });
        }
        sets
    }

    #[test]
    fn parallel_counts_of_shards_merge_into_one_run_in_any_order() {
        let glossary = Glossary::builtin();
        let matcher = Matcher::new(&glossary);
        let pairs = coyote_pairs();
        let reversed: Vec<SegmentPair> = pairs.iter().rev().cloned().collect();
        let mut context = Context::new(&glossary, &matcher);
        let mut shards: Vec<ParallelCounts> = (0..3)
            .map(|_| ParallelCounts::new(&context, Lang::En, Lang::Fr))
            .collect();
        for (i, pair) in pairs.iter().enumerate() {
            shards[i % 3].add_pair(&mut context, &pair.source, &pair.target);
        }
        let shards: Vec<ParallelCounts> = shards.iter().map(round_trip).collect();
        let merged = merge_2_0_1(shards, ParallelCounts::merge);
        assert_eq!(merged.len(), pairs.len());
        for options in option_sets(Options::parallel()) {
            let one_run = parallel(&glossary, &matcher, &pairs, Lang::En, Lang::Fr, &options);
            assert!(!one_run.suggestions.is_empty(), "{options:?}");
            let backwards = parallel(&glossary, &matcher, &reversed, Lang::En, Lang::Fr, &options);
            let sharded = round_trip(&merged)
                .suggest(&glossary, &options)
                .expect("the same glossary");
            assert_eq!(shown(&sharded), shown(&one_run), "{options:?}");
            assert_eq!(shown(&backwards), shown(&one_run), "{options:?}");
        }
    }

    #[test]
    fn comparable_counts_of_shards_merge_into_one_run_in_any_order() {
        let glossary = Glossary::builtin();
        let matcher = Matcher::new(&glossary);
        let articles = seed_articles();
        let documents: Vec<Document> = articles
            .iter()
            .map(|(lang, text)| Document { lang: *lang, text })
            .collect();
        let reversed: Vec<Document> = articles
            .iter()
            .rev()
            .map(|(lang, text)| Document { lang: *lang, text })
            .collect();
        let mut context = Context::new(&glossary, &matcher);
        let mut shards: Vec<ComparableCounts> =
            (0..3).map(|_| ComparableCounts::new(&context)).collect();
        for (i, (lang, text)) in articles.iter().enumerate() {
            shards[i % 3].add_document(&mut context, *lang, text);
        }
        let shards: Vec<ComparableCounts> = shards.iter().map(round_trip).collect();
        let merged = merge_2_0_1(shards, ComparableCounts::merge);
        for lang in Lang::ALL {
            let n = articles.iter().filter(|(l, _)| *l == lang).count();
            assert_eq!(merged.documents(lang) as usize, n, "{lang}");
        }
        for options in option_sets(Options::comparable()) {
            let one_run = comparable(&glossary, &matcher, &documents, &options);
            assert_eq!(one_run.directions.len(), 3);
            assert!(!one_run.suggestions.is_empty(), "{options:?}");
            let backwards = comparable(&glossary, &matcher, &reversed, &options);
            let sharded = round_trip(&merged)
                .suggest(&glossary, &options)
                .expect("the same glossary");
            assert_eq!(shown(&sharded), shown(&one_run), "{options:?}");
            assert_eq!(shown(&backwards), shown(&one_run), "{options:?}");
        }
    }

    #[test]
    fn counts_that_do_not_add_up_are_refused() {
        let glossary = Glossary::builtin();
        let matcher = Matcher::new(&glossary);
        let mut smaller = Glossary::builtin();
        smaller.concepts.pop();
        let smaller_matcher = Matcher::new(&smaller);
        let mut context = Context::new(&glossary, &matcher);
        let mut other_context = Context::new(&smaller, &smaller_matcher);
        let counts = |context: &mut Context, lang_b: Lang| {
            let mut counts = ParallelCounts::new(context, Lang::En, lang_b);
            counts.add_pair(
                context,
                "The coyotes crossed.",
                "Les passeurs ont traversé.",
            );
            counts
        };
        let message = |result: Result<()>| result.expect_err("refused").to_string();

        let mut en_fr = counts(&mut context, Lang::Fr);
        let got = message(en_fr.merge(counts(&mut context, Lang::Es)));
        assert!(
            got.contains("counts of en→fr translations with counts of en→es"),
            "{got}"
        );
        assert!(got.contains("--source-lang and --target-lang"), "{got}");

        let got = message(en_fr.merge(counts(&mut other_context, Lang::Fr)));
        let (n, m) = (glossary.concepts.len(), smaller.concepts.len());
        assert!(
            got.starts_with("cannot merge counts made with different glossaries"),
            "{got}"
        );
        assert!(
            got.contains(&format!("({n} concepts, fingerprint ")),
            "{got}"
        );
        assert!(
            got.contains(&format!(" and {m} concepts, fingerprint ")),
            "{got}"
        );
        assert_eq!(en_fr.len(), 1, "a refused merge changes nothing");

        let got = counts(&mut other_context, Lang::Fr)
            .suggest(&glossary, &Options::parallel())
            .map(|_| ())
            .expect_err("another glossary")
            .to_string();
        assert!(got.contains("made with another glossary"), "{got}");
        assert!(
            got.contains("give the glossary the shards were counted with"),
            "{got}"
        );

        let mut articles = ComparableCounts::new(&context);
        articles.add_document(&mut context, Lang::En, "The coyotes crossed the river.");
        let mut partial = Partial::Parallel(en_fr);
        let got = message(partial.merge(Partial::Comparable(articles)));
        assert_eq!(
            got,
            "cannot merge counts of translation pairs (parallel mode, --pairs) with counts of \
             articles (comparable mode): count every shard in the same mode"
        );
    }

    #[test]
    fn partials_read_back_and_broken_ones_are_refused() {
        let glossary = Glossary::builtin();
        let matcher = Matcher::new(&glossary);
        let pairs = coyote_pairs();
        let mut context = Context::new(&glossary, &matcher);
        let mut counts = ParallelCounts::new(&context, Lang::En, Lang::Fr);
        for pair in &pairs {
            counts.add_pair(&mut context, &pair.source, &pair.target);
        }
        let mut json = Vec::new();
        Partial::Parallel(counts)
            .write_json(&mut json)
            .expect("JSON to memory");
        let json = String::from_utf8(json).expect("UTF-8 JSON");
        let path = Path::new("shard.json");
        let options = Options::parallel();
        let read = Partial::from_json(&json, path).expect("reads back");
        assert_eq!(
            shown(&read.suggest(&glossary, &options).expect("same glossary")),
            shown(&parallel(
                &glossary,
                &matcher,
                &pairs,
                Lang::En,
                Lang::Fr,
                &options
            ))
        );

        let broken = |edit: &dyn Fn(&mut serde_json::Value)| {
            let mut value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
            edit(&mut value);
            Partial::from_json(&value.to_string(), path)
        };
        let got = broken(&|v| v["counts"]["segments"][0][0]["found"][0][0] = 9999.into())
            .expect_err("no such candidate")
            .to_string();
        assert!(got.starts_with("shard.json: not the counts of termalign suggest: segment pair 1: no en candidate 9999"), "{got}");
        let got = broken(&|v| v["mode"] = "concordance".into())
            .expect_err("no such mode")
            .to_string();
        assert!(got.contains("unknown variant `concordance`"), "{got}");

        let mut older =
            broken(&|v| v["counts"]["origin"]["termalign"] = "0.0.1".into()).expect("reads");
        let got = older
            .merge(Partial::from_json(&json, path).expect("reads"))
            .expect_err("another version")
            .to_string();
        assert!(
            got.starts_with(
                "cannot merge counts made by termalign 0.0.1 with counts made by termalign "
            ),
            "{got}"
        );
    }

    #[test]
    fn counting_goes_to_worker_threads() {
        fn sendable<T: Send>() {}
        sendable::<Context>();
        sendable::<ParallelCounts>();
        sendable::<ComparableCounts>();
    }

    #[test]
    fn position_agreements_are_whole_units() {
        for tokens in 1..=64u32 {
            for other in 1..=64u32 {
                let side = |tokens| SegmentSide {
                    tokens,
                    found: Vec::new(),
                };
                let (a, b) = (side(tokens), side(other));
                for x in 0..2 * tokens {
                    for y in 0..2 * other {
                        let units = f64::from(1.0 - (a.position(x) - b.position(y)).abs())
                            * AGREEMENT_UNITS;
                        assert_eq!(units.fract(), 0.0, "{x}/2 of {tokens}, {y}/2 of {other}");
                    }
                }
            }
        }
    }

    #[test]
    fn parallel_mode_finds_a_repeated_pair_and_skips_what_the_glossary_explains() {
        // A glossary that knows the border and not the smugglers.
        let glossary = Glossary::from_csv(
            "concept,lang,term,status,pos\n\
             border,en,border,preferred,noun\n\
             border,fr,frontière,preferred,noun\n"
                .as_bytes(),
            std::path::Path::new("g.csv"),
        )
        .unwrap();
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
