//! Matching: every occurrence of every glossary term, single- and
//! multi-word, inflection-aware, longest match first, no overlaps.
//!
//! The glossary is compiled once into
//! - word classes: one per distinct glossary word (language, lower key, how it
//!   inflects), each expanded by `morph` into its forms;
//! - two indexes per language from a form's key (lowercase, and accent-folded)
//!   to the classes that have it;
//! - a trie per language over word classes, whose nodes end terms.
//!
//! A token is looked up once in the indexes; the trie is then walked from each
//! token over the classes of the following tokens, within a sentence and
//! across no punctuation but what the term itself allows (commas). One word
//! that looks like an adjective or an adverb may sit between two words of a
//! term ("undocumented Mexican immigrants"): a `gapped` hit.
//!
//! Then the guards: a hit of a term guarded `context` (a word common outside
//! migration, "border") counts only when its paragraph holds a migration
//! cue (an unguarded hit, or a word of the cue list), one guarded `nominal`
//! (an adjective used as a noun, "les clandestins") only right after a
//! determiner or a preposition. The hit records what let it count.

use rustc_hash::FxHashMap as HashMap;

use crate::analysis::morph;
use crate::analysis::normalize::{fold_key, lower_key, nfc};
use crate::analysis::stem::Stemmers;
use crate::analysis::tokenize::{self, Gap, Token};
use crate::glossary::{Glossary, Guard, Pos, Status};
use crate::lang::Lang;

mod build;
mod forms;
mod tables;
mod walk;

use forms::*;
pub use tables::*;
use walk::*;

/// How a hit matched its term, from best to worst.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchKind {
    /// The same letters as the term (ignoring case and apostrophe shapes).
    Exact,
    /// The same letters once accents are folded ("migracion").
    Folded,
    /// An inflected form of the term ("refugiados" for "refugiado").
    Stem,
    /// The term's words with one adjective or adverb inserted
    /// ("undocumented Mexican immigrants" for "undocumented immigrant").
    Gapped,
}

impl MatchKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Exact => "exact",
            MatchKind::Folded => "folded",
            MatchKind::Stem => "stem",
            MatchKind::Gapped => "gapped",
        }
    }
}

/// Which words count as the same word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum MatchMode {
    /// Inflected forms generated from the glossary word (the default).
    #[default]
    Inflect,
    /// Any word with the same Snowball stem: the naive baseline, kept to
    /// measure the default against.
    Stem,
}

/// A term of the glossary: indexes of its concept and of the term in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TermRef {
    pub concept: u32,
    pub term: u32,
}

/// Keeps, in order, the hits from `from` on for which `keep` holds; those
/// before `from` (earlier paragraphs) are not looked at, so that dropping
/// a paragraph's hits costs that paragraph only.
fn retain_from(out: &mut Vec<Match>, from: usize, mut keep: impl FnMut(&Match) -> bool) {
    let mut kept = from;
    for k in from..out.len() {
        if keep(&out[k]) {
            out.swap(kept, k);
            kept += 1;
        }
    }
    out.truncate(kept);
}

/// Spans sorted by start, each with the farthest end among the spans up to
/// it: how far the spans starting at or before a point reach, in log time
/// (where comparing every pair would be quadratic).
pub(crate) struct Reach {
    starts: Vec<usize>,
    far: Vec<usize>,
}

impl Reach {
    pub(crate) fn new(spans: impl IntoIterator<Item = (usize, usize)>) -> Reach {
        let mut spans: Vec<(usize, usize)> = spans.into_iter().collect();
        spans.sort_unstable();
        let mut far = 0;
        Reach {
            far: spans
                .iter()
                .map(|&(_, end)| {
                    far = far.max(end);
                    far
                })
                .collect(),
            starts: spans.into_iter().map(|(start, _)| start).collect(),
        }
    }

    /// The farthest end of the spans that start at or before `at` (0 when
    /// none does).
    pub(crate) fn up_to(&self, at: usize) -> usize {
        match self.starts.partition_point(|&start| start <= at) {
            0 => 0,
            n => self.far[n - 1],
        }
    }

    /// Whether some span overlaps `start..end` (not empty).
    pub(crate) fn overlaps(&self, start: usize, end: usize) -> bool {
        end > start && self.up_to(end - 1) > start
    }
}

/// One occurrence of a glossary term.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match {
    pub term: TermRef,
    pub lang: Lang,
    /// Byte offsets of the hit in the original text.
    pub start: usize,
    pub end: usize,
    /// Index of the first token and one past the last.
    pub first_token: usize,
    pub end_token: usize,
    pub kind: MatchKind,
    /// For a guarded term: byte offsets of what let the hit count (the
    /// migration cue nearest to it, or the determiner before it).
    pub cue: Option<(usize, usize)>,
}

type ClassId = u32;

/// The class of the cue words in the folded index: never a term's word.
const CUE_CLASS: ClassId = ClassId::MAX;

#[derive(Debug)]
struct WordClass {
    /// Acronyms (UNHCR, OIM) match only in capitals: this is the term word
    /// as written, else None.
    case_sensitive: Option<String>,
    is_conjunction: bool,
}

#[derive(Debug, Default)]
struct Node {
    /// Terms ending here, best first.
    terms: Vec<TermRef>,
    /// Some term has a comma (or other punctuation) before this word.
    comma_in_term: bool,
    /// The node is the verb of a verb term, whose object may come between
    /// it and the rest ("deny immigrants entry", "grant them asylum").
    after_verb: bool,
    /// The children, by class: most nodes have one or two, so a scan of a
    /// short list beats hashing (the root, with thousands, is `roots`).
    children: Vec<(ClassId, u32)>,
}

impl Node {
    fn child(&self, class: ClassId) -> u32 {
        self.children
            .iter()
            .find(|c| c.0 == class)
            .map_or(NO_NODE, |c| c.1)
    }
}

#[derive(Debug, Default)]
struct LangIndex {
    /// Lowercase form → (class, whether the form is an inflection, true).
    /// Only the forms with accents (those that differ from their folded
    /// key) are here: a plain token is looked up once, in `folded`.
    lower: FormIndex,
    /// Accent-folded form → (class, whether the form is an inflection,
    /// whether the form is plain: its own folded key).
    folded: FormIndex,
    /// Trie: node 0 is the root.
    nodes: Vec<Node>,
    /// The root's children by class (`NO_NODE` where none): most walks
    /// start and end at the root, so this one step is an array read.
    roots: Vec<u32>,
    /// By class, what `roots` says of a walk from a word of that class
    /// (one byte each, so that the many words that start nothing are
    /// passed over without touching the trie).
    starts: Vec<Start>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    /// No term starts with the class.
    Never,
    /// A one-word term is the class.
    Term,
    /// Terms start with the class and go on.
    IfContinued,
}

const NO_NODE: u32 = u32::MAX;

/// What the matcher needs of each term besides its words.
#[derive(Clone, Copy, Debug)]
struct TermInfo {
    /// Verbs lose to other parts of speech at equal length: "émigrés" is
    /// the emigrant, not a form of "émigrer".
    verb: bool,
    status: Status,
    guard: Guard,
}

/// Tie-break of two terms at equal length and kind: nouns (and adjectives)
/// before verbs, then by status, then in glossary order.
type Rank = (bool, Status, u32);

/// A glossary compiled for matching. Build once; share between threads.
pub struct Matcher {
    mode: MatchMode,
    classes: Vec<WordClass>,
    /// By class, whether it is an acronym (one byte each: looked at for
    /// every candidate of every token).
    acronym: Vec<bool>,
    langs: [LangIndex; 3],
    /// Per concept, per term.
    info: Vec<Vec<TermInfo>>,
    /// The concept index under which the stop phrases are compiled: one
    /// past the glossary's last concept, never reported.
    stop_concept: u32,
    stemmers: Stemmers,
}

/// Reusable buffers for [`Matcher::find`].
#[derive(Default)]
pub struct Scratch {
    lower: String,
    folded: String,
    /// Candidates of each token: `cands[spans[i].0..spans[i].1]`.
    cands: Vec<(ClassId, MatchKind)>,
    spans: Vec<(u32, u32)>,
    /// Lowercase keys of the tokens: `lowers[keys[i].0..keys[i].1]`.
    lowers: String,
    keys: Vec<(u32, u32)>,
    /// Whether each token starts with a capital letter.
    caps: Vec<bool>,
    /// Whether each token is a cue word (`glossaries/cues.tsv`).
    cue: Vec<bool>,
    /// Per token, what [`gap_word`] said of it: `UNKNOWN` until asked,
    /// `NO_GAP`, or the token after the inserted word.
    gap: Vec<std::cell::Cell<u32>>,
    /// Per hit of a paragraph, whether no other reading ended there.
    alone: Vec<bool>,
}

const UNKNOWN: u32 = u32::MAX;
const NO_GAP: u32 = u32::MAX - 1;

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

impl Scratch {
    /// Runs `f` with this thread's buffers, so that documents do not each
    /// allocate their own (fresh ones if they are already in use). Buffers
    /// grown past a few MB by a very large paragraph are let go afterwards.
    pub fn with<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut s) => {
                let out = f(&mut s);
                if s.lowers.capacity() > 4 << 20 {
                    *s = Scratch::default();
                }
                out
            }
            Err(_) => f(&mut Scratch::default()),
        })
    }

    fn key(&self, i: usize) -> &str {
        let (a, b) = self.keys[i];
        &self.lowers[a as usize..b as usize]
    }
}

impl Matcher {
    pub fn new(glossary: &Glossary) -> Matcher {
        Matcher::with_mode(glossary, MatchMode::Inflect)
    }

    fn info(&self, t: TermRef) -> TermInfo {
        self.info[t.concept as usize][t.term as usize]
    }

    /// The guard of a term.
    pub fn guard(&self, t: TermRef) -> Guard {
        self.info(t).guard
    }

    /// Finds the terms of `lang` among `tokens` (all of one language), in
    /// order, appending to `out`. `first` is the index of `tokens[0]` in the
    /// document, so that matches carry document token indexes.
    pub fn find(
        &self,
        lang: Lang,
        text: &str,
        tokens: &[Token],
        first: usize,
        scratch: &mut Scratch,
        out: &mut Vec<Match>,
    ) {
        self.candidates(lang, text, tokens, scratch);
        let from = out.len();
        let mut alone = std::mem::take(&mut scratch.alone);
        alone.clear();
        self.greedy(lang, tokens, first, scratch, out, true, 0, &mut alone);
        // A word guarded `context` counts only in a paragraph with a cue.
        // Without one, a one-word hit that no other reading could have
        // taken is simply dropped; from the first other one on, the
        // paragraph is matched again without those words (before it,
        // nothing changes), so that what they hid (a verb under a noun) is
        // found.
        if out[from..]
            .iter()
            .any(|m| self.guard(m.term) == Guard::Context)
            && !self.has_cue(tokens, first, scratch, &out[from..])
        {
            let hidden = (from..out.len())
                .find(|&k| self.guard(out[k].term) == Guard::Context && !alone[k - from]);
            if let Some(k) = hidden {
                // From where the pass went on after the hit before: a
                // gapped hit before it may have given way to it ("illegal
                // Mexican [migration data]").
                let restart = if k > from {
                    out[k - 1].end_token - first
                } else {
                    0
                };
                out.truncate(k);
                self.greedy(
                    lang, tokens, first, scratch, out, false, restart, &mut alone,
                );
            }
            // Only this paragraph's hits (those from `from` on) are looked at.
            retain_from(out, from, |m| self.guard(m.term) != Guard::Context);
        }
        scratch.alone = alone;
        self.mark_cues(tokens, first, scratch, &mut out[from..]);
    }

    /// Longest match first, left to right, over `tokens` (their candidates
    /// looked up): terms guarded `nominal` only after a determiner, terms
    /// guarded `context` only when `context` is allowed.
    #[allow(clippy::too_many_arguments)]
    fn greedy(
        &self,
        lang: Lang,
        tokens: &[Token],
        first: usize,
        scratch: &Scratch,
        out: &mut Vec<Match>,
        context: bool,
        start: usize,
        alone: &mut Vec<bool>,
    ) {
        let index = &self.langs[lang.index()];
        let mut i = start;
        while i < tokens.len() {
            // Most words start no term: no walk for them.
            if !self.may_start(index, tokens, scratch, i) {
                i += 1;
                continue;
            }
            let mut best: Option<Best> = None;
            let nominal = std::cell::OnceCell::new();
            // Whether some reading other than a context-guarded term ends
            // here: without it, dropping that term changes nothing else.
            let mut other = false;
            self.walk(
                lang,
                index,
                tokens,
                scratch,
                Step::start(i),
                &mut |step, terms| {
                    let eligible = |t: TermRef, context: bool| match self.guard(t) {
                        Guard::None => true,
                        Guard::Context => context,
                        Guard::Nominal => {
                            *nominal.get_or_init(|| self.nominal_at(lang, tokens, scratch, i))
                        }
                    };
                    other |= terms.iter().any(|&t| eligible(t, false));
                    let Some(&term) = terms.iter().find(|&&t| eligible(t, context)) else {
                        return;
                    };
                    let candidate = Best {
                        last: step.j,
                        words: step.words,
                        kind: step.kind,
                        term,
                    };
                    if best.as_ref().is_none_or(|b| candidate.beats(b, &self.info)) {
                        best = Some(candidate);
                    }
                },
            );
            // A gapped hit yields to an unbroken one that starts inside it
            // and ends after it ("round of bilateral [talks on migration]").
            if let Some(b) = &best
                && b.kind == MatchKind::Gapped
                && (i + 1..=b.last)
                    .any(|j| self.unbroken_beyond(lang, index, tokens, scratch, j, b.last, context))
            {
                best = None;
            }
            match best {
                Some(b) if b.term.concept == self.stop_concept => i = b.last + 1,
                Some(b) => {
                    out.push(Match {
                        term: b.term,
                        lang,
                        start: tokens[i].start,
                        end: tokens[b.last].end,
                        first_token: first + i,
                        end_token: first + b.last + 1,
                        kind: b.kind,
                        cue: None,
                    });
                    alone.push(b.last == i && !other);
                    i = b.last + 1;
                }
                None => i += 1,
            }
        }
    }

    /// Whether token `i` follows a determiner or preposition in its
    /// sentence, as an adjective used as a noun does ("les clandestins").
    fn nominal_at(&self, lang: Lang, tokens: &[Token], s: &Scratch, i: usize) -> bool {
        i > 0
            && tokens[i].sentence == tokens[i - 1].sentence
            && tokens[i].gap <= Gap::Hyphen
            && morph::is_determiner_or_preposition(lang, s.key(i - 1))
    }

    /// The migration cues of a paragraph: its hits not guarded `context`,
    /// and the words of the cue list, as (token, start, end).
    fn cues(
        &self,
        tokens: &[Token],
        first: usize,
        s: &Scratch,
        found: &[Match],
    ) -> Vec<(usize, usize, usize)> {
        let mut cues: Vec<(usize, usize, usize)> = found
            .iter()
            .filter(|m| self.guard(m.term) != Guard::Context)
            .map(|m| (m.first_token - first, m.start, m.end))
            .collect();
        for (i, tok) in tokens.iter().enumerate() {
            if s.cue[i] {
                cues.push((i, tok.start, tok.end));
            }
        }
        cues
    }

    fn has_cue(&self, tokens: &[Token], _first: usize, s: &Scratch, found: &[Match]) -> bool {
        found.iter().any(|m| self.guard(m.term) != Guard::Context)
            || s.cue[..tokens.len()].iter().any(|&c| c)
    }

    /// Records what let each guarded hit count: the nearest cue of a
    /// `context` hit, the determiner before a `nominal` one.
    fn mark_cues(&self, tokens: &[Token], first: usize, s: &Scratch, found: &mut [Match]) {
        if !found.iter().any(|m| self.guard(m.term) != Guard::None) {
            return;
        }
        let cues = if found.iter().any(|m| self.guard(m.term) == Guard::Context) {
            self.cues(tokens, first, s, found)
        } else {
            Vec::new()
        };
        // By token, then in the order listed (hits before cue words): the
        // nearest cue, the first listed among equally near ones, is found
        // by a binary search.
        let mut order: Vec<(usize, usize)> =
            cues.iter().enumerate().map(|(k, c)| (c.0, k)).collect();
        order.sort_unstable();
        let nearest = |at: usize| -> Option<(usize, usize)> {
            let p = order.partition_point(|&(token, _)| token < at);
            let left = p.checked_sub(1).map(|q| order[q].0);
            let right = order.get(p).map(|o| o.0);
            let d = [left, right]
                .into_iter()
                .flatten()
                .map(|t| t.abs_diff(at))
                .min()?;
            // The entries at distance d: a run ending at p - 1, a run
            // starting at p.
            let mut best = usize::MAX;
            for q in (0..p).rev().take_while(|&q| at - order[q].0 == d) {
                best = best.min(order[q].1);
            }
            for q in (p..order.len()).take_while(|&q| order[q].0 - at == d) {
                best = best.min(order[q].1);
            }
            cues.get(best).map(|c| (c.1, c.2))
        };
        for m in found.iter_mut() {
            let at = m.first_token - first;
            m.cue = match self.guard(m.term) {
                Guard::None => None,
                Guard::Context => nearest(at),
                Guard::Nominal => Some((tokens[at - 1].start, tokens[at - 1].end)),
            };
        }
    }

    /// Whether an unbroken (not gapped) term starts at token `j` and ends
    /// after token `last`.
    #[allow(clippy::too_many_arguments)]
    fn unbroken_beyond(
        &self,
        lang: Lang,
        index: &LangIndex,
        tokens: &[Token],
        scratch: &Scratch,
        j: usize,
        last: usize,
        context: bool,
    ) -> bool {
        let mut found = false;
        let nominal = std::cell::OnceCell::new();
        self.walk(
            lang,
            index,
            tokens,
            scratch,
            Step::start(j),
            &mut |step, terms| {
                if step.kind == MatchKind::Gapped || step.j <= last || found {
                    return;
                }
                // Only a term that could be a hit here counts.
                found = terms.iter().any(|&t| match self.guard(t) {
                    Guard::None => true,
                    Guard::Context => context,
                    Guard::Nominal => {
                        *nominal.get_or_init(|| self.nominal_at(lang, tokens, scratch, j))
                    }
                });
            },
        );
        found
    }

    /// Like [`Matcher::find`], but every occurrence of every term, nested and
    /// overlapping ones included ("migrants" inside "droits des migrants"):
    /// what a text names at all, for checks that ask whether a concept is
    /// there.
    pub fn find_all(
        &self,
        lang: Lang,
        text: &str,
        tokens: &[Token],
        first: usize,
        scratch: &mut Scratch,
        out: &mut Vec<Match>,
    ) {
        self.find_all_with(lang, text, tokens, first, scratch, out, true);
    }

    /// [`Matcher::find_all`] with the guards lifted: every word that may
    /// name a concept, whatever its surroundings. For a translation, whose
    /// source has already said what the text is about.
    pub fn find_all_unguarded(
        &self,
        lang: Lang,
        text: &str,
        tokens: &[Token],
        first: usize,
        scratch: &mut Scratch,
        out: &mut Vec<Match>,
    ) {
        self.find_all_with(lang, text, tokens, first, scratch, out, false);
    }

    #[allow(clippy::too_many_arguments)]
    fn find_all_with(
        &self,
        lang: Lang,
        text: &str,
        tokens: &[Token],
        first: usize,
        scratch: &mut Scratch,
        out: &mut Vec<Match>,
        guards: bool,
    ) {
        self.candidates(lang, text, tokens, scratch);
        let index = &self.langs[lang.index()];
        let from = out.len();
        let mut stops: Vec<(usize, usize)> = Vec::new();
        for i in 0..tokens.len() {
            if !self.may_start(index, tokens, scratch, i) {
                continue;
            }
            let nominal = std::cell::OnceCell::new();
            self.walk(
                lang,
                index,
                tokens,
                scratch,
                Step::start(i),
                &mut |step, terms| {
                    for &term in terms {
                        if term.concept == self.stop_concept {
                            stops.push((first + i, first + step.j + 1));
                            continue;
                        }
                        if guards
                            && self.guard(term) == Guard::Nominal
                            && !*nominal.get_or_init(|| self.nominal_at(lang, tokens, scratch, i))
                        {
                            continue;
                        }
                        out.push(Match {
                            term,
                            lang,
                            start: tokens[i].start,
                            end: tokens[step.j].end,
                            first_token: first + i,
                            end_token: first + step.j + 1,
                            kind: step.kind,
                            cue: None,
                        });
                    }
                },
            );
        }
        // What a stop phrase covers is no hit, nested or not: a hit is
        // covered when the stops starting at or before it reach its end.
        if !stops.is_empty() {
            let stops = Reach::new(stops);
            retain_from(out, from, |m| m.end_token > stops.up_to(m.first_token));
        }
        if guards
            && out[from..]
                .iter()
                .any(|m| self.guard(m.term) == Guard::Context)
            && !self.has_cue(tokens, first, scratch, &out[from..])
        {
            retain_from(out, from, |m| self.guard(m.term) != Guard::Context);
        }
        if guards {
            self.mark_cues(tokens, first, scratch, &mut out[from..]);
        }
    }
}

fn rank_of(info: &[Vec<TermInfo>], t: TermRef) -> Rank {
    let i = info[t.concept as usize][t.term as usize];
    (i.verb, i.status, t.concept)
}

struct Best {
    last: usize,
    words: usize,
    kind: MatchKind,
    term: TermRef,
}

impl Best {
    /// Most term words first (then the shortest span: an unbroken term
    /// beats the same words with one inserted), then nouns before verbs,
    /// then the better kind, then the better-ranked term.
    fn beats(&self, other: &Best, info: &[Vec<TermInfo>]) -> bool {
        let key = |b: &Best| {
            let (verb, status, order) = rank_of(info, b.term);
            (
                std::cmp::Reverse(b.words),
                b.last,
                verb,
                b.kind,
                status,
                order,
            )
        };
        key(self) < key(other)
    }
}
