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

    pub fn with_mode(glossary: &Glossary, mode: MatchMode) -> Matcher {
        let mut m = Matcher {
            mode,
            classes: Vec::new(),
            acronym: Vec::new(),
            langs: Default::default(),
            info: Vec::with_capacity(glossary.concepts.len() + 1),
            stop_concept: glossary.concepts.len() as u32,
            stemmers: Stemmers::new(),
        };
        // Cue words sit in the folded index under a class of their own, so
        // that looking tokens up finds them at no extra cost.
        for (lang, word) in cue_words() {
            let mut folded = String::new();
            let pos = if lang == Lang::En {
                Pos::Noun
            } else {
                Pos::Adjective
            };
            for form in morph::forms(lang, pos, &crate::analysis::normalize::lower(word)) {
                fold_key(&form, &mut folded);
                m.langs[lang.index()]
                    .folded
                    .add(&folded, (CUE_CLASS, false, true));
            }
        }
        for lang in &mut m.langs {
            lang.nodes.push(Node::default());
        }
        // About eight forms per term word land in each index: sized once
        // rather than grown by rehashing.
        for (i, index) in m.langs.iter_mut().enumerate() {
            let terms = glossary
                .concepts
                .iter()
                .flat_map(|c| &c.terms)
                .filter(|t| t.lang.index() == i)
                .count();
            index.lower.building.reserve(terms);
            index.folded.building.reserve(terms * 3);
            index.nodes.reserve(terms * 2);
        }
        let mut builder = Builder::default();
        for (ci, concept) in glossary.concepts.iter().enumerate() {
            m.info.push(
                concept
                    .terms
                    .iter()
                    .map(|t| TermInfo {
                        verb: t.pos == Pos::Verb,
                        status: t.status,
                        guard: t.guard,
                    })
                    .collect(),
            );
            for (ti, term) in concept.terms.iter().enumerate() {
                let term_ref = TermRef {
                    concept: ci as u32,
                    term: ti as u32,
                };
                m.add_term(term_ref, term.lang, term.pos, &term.text, &mut builder);
            }
        }
        // Stop phrases: matched like terms, so that they take their words
        // from a guarded term ("drug trafficking"), then dropped.
        let stop = TermInfo {
            verb: false,
            status: Status::Preferred,
            guard: Guard::None,
        };
        let phrases: Vec<(Lang, &str)> = stop_phrases().collect();
        m.info.push(vec![stop; phrases.len()]);
        for (k, (lang, phrase)) in phrases.into_iter().enumerate() {
            let term_ref = TermRef {
                concept: m.stop_concept,
                term: k as u32,
            };
            m.add_term(term_ref, lang, Pos::Noun, phrase, &mut builder);
        }
        for lang in &mut m.langs {
            lang.lower.freeze();
            lang.folded.freeze();
            // Every class has a slot, so that a lookup needs no bound check
            // beyond the array's.
            lang.roots.resize(m.classes.len(), NO_NODE);
            lang.starts = lang
                .roots
                .iter()
                .map(|&root| match root {
                    NO_NODE => Start::Never,
                    _ if !lang.nodes[root as usize].terms.is_empty() => Start::Term,
                    _ => Start::IfContinued,
                })
                .collect();
        }
        m.acronym = m
            .classes
            .iter()
            .map(|c| c.case_sensitive.is_some())
            .collect();
        let info = &m.info;
        let rank = |t: &TermRef| rank_of(info, *t);
        for lang in &mut m.langs {
            for node in &mut lang.nodes {
                node.terms.sort_by_key(rank);
            }
        }
        m
    }

    fn info(&self, t: TermRef) -> TermInfo {
        self.info[t.concept as usize][t.term as usize]
    }

    /// The guard of a term.
    pub fn guard(&self, t: TermRef) -> Guard {
        self.info(t).guard
    }

    fn add_term(&mut self, term_ref: TermRef, lang: Lang, pos: Pos, text: &str, b: &mut Builder) {
        tokenize::tokenize_into(text, &mut b.tokens);
        let toks = &b.tokens.tokens;
        if toks.is_empty() {
            return;
        }
        let lowers: Vec<String> = toks
            .iter()
            .map(|t| crate::analysis::normalize::lower(t.text(text)))
            .collect();
        let joined: Vec<bool> = (0..toks.len())
            .map(|k| toks.get(k + 1).is_some_and(|t| t.gap == Gap::Hyphen))
            .collect();
        let inflections = morph::word_inflections_joined(lang, pos, &lowers, &joined);
        let mut node = 0u32;
        for (k, tok) in toks.iter().enumerate() {
            let surface = tok.text(text);
            let lower = &lowers[k];
            let word_pos = inflections[k];
            let acronym = surface.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && surface.chars().all(|c| !c.is_lowercase());
            // A class is a word, as it inflects: its lower key, or an
            // acronym as written (a capital never starts a lower key).
            let key: std::borrow::Cow<str> = if acronym {
                nfc(surface)
            } else {
                std::borrow::Cow::Borrowed(lower.as_str())
            };
            let classes = b.classes.entry((lang, word_pos)).or_default();
            let class = match classes.get(key.as_ref()) {
                Some(&id) => id,
                None => {
                    let id = self.classes.len() as ClassId;
                    self.classes.push(WordClass {
                        case_sensitive: acronym.then(|| key.to_string()),
                        is_conjunction: morph::is_conjunction(lang, lower),
                    });
                    classes.insert(key.to_string(), id);
                    self.index_class(lang, word_pos, lower, id, &mut b.folded);
                    id
                }
            };
            let index = &mut self.langs[lang.index()];
            let found = if node == 0 {
                index.roots.get(class as usize).copied().unwrap_or(NO_NODE)
            } else {
                index.nodes[node as usize].child(class)
            };
            let next = if found != NO_NODE {
                found
            } else {
                index.nodes.push(Node::default());
                let new = (index.nodes.len() - 1) as u32;
                if node == 0 {
                    if index.roots.len() <= class as usize {
                        index.roots.resize(class as usize + 1, NO_NODE);
                    }
                    index.roots[class as usize] = new;
                } else {
                    index.nodes[node as usize].children.push((class, new));
                }
                new
            };
            if k > 0 && tok.gap >= Gap::Comma {
                index.nodes[next as usize].comma_in_term = true;
            }
            if word_pos == Pos::Verb && k + 1 < toks.len() {
                index.nodes[next as usize].after_verb = true;
            }
            node = next;
        }
        let terms = &mut self.langs[lang.index()].nodes[node as usize].terms;
        if !terms.contains(&term_ref) {
            terms.push(term_ref);
        }
    }

    fn index_class(
        &mut self,
        lang: Lang,
        pos: Pos,
        lower: &str,
        class: ClassId,
        folded: &mut String,
    ) {
        let forms = match self.mode {
            MatchMode::Inflect => morph::forms(lang, pos, lower),
            MatchMode::Stem => vec![self.stemmers.stem(lang, lower).into_owned()],
        };
        let index = &mut self.langs[lang.index()];
        for (i, form) in forms.iter().enumerate() {
            let inflected = i > 0;
            if self.mode == MatchMode::Stem {
                index.lower.add(form, (class, inflected, true));
            } else if form.is_ascii() {
                index.folded.add(form, (class, inflected, true));
            } else {
                fold_key(form, folded);
                let plain = folded == form;
                if !plain {
                    index.lower.add(form, (class, inflected, false));
                }
                index.folded.add(folded, (class, inflected, plain));
            }
        }
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

    /// Looks every token up in the indexes.
    fn candidates(&self, lang: Lang, text: &str, tokens: &[Token], s: &mut Scratch) {
        let index = &self.langs[lang.index()];
        s.cands.clear();
        s.spans.clear();
        s.lowers.clear();
        s.keys.clear();
        s.caps.clear();
        s.cue.clear();
        s.gap.clear();
        s.keys.reserve(tokens.len());
        s.caps.reserve(tokens.len());
        s.cue.reserve(tokens.len());
        s.gap.resize(tokens.len(), std::cell::Cell::new(UNKNOWN));
        s.spans.reserve(tokens.len());
        if let (Some(a), Some(b)) = (tokens.first(), tokens.last()) {
            s.lowers.reserve(b.end - a.start);
        }
        for tok in tokens {
            let from = s.cands.len() as u32;
            {
                let surface = tok.text(text);
                lower_key(surface, &mut s.lower);
                let at = s.lowers.len() as u32;
                s.lowers.push_str(&s.lower);
                s.keys.push((at, s.lowers.len() as u32));
                s.caps
                    .push(surface.chars().next().is_some_and(char::is_uppercase));
                s.cue.push(false);
                match self.mode {
                    MatchMode::Inflect => {
                        // An ASCII key is its own folded key.
                        let plain = s.lower.is_ascii() || {
                            fold_key(&s.lower, &mut s.folded);
                            s.folded == s.lower
                        };
                        // A token with accents may be a form with the same
                        // accents; a plain one is looked up once, below.
                        if !plain && let Some(found) = index.lower.get(s.lower.as_str()) {
                            for &(class, inflected, _) in found {
                                let kind = if inflected {
                                    MatchKind::Stem
                                } else {
                                    MatchKind::Exact
                                };
                                s.cands.push((class, kind));
                            }
                        }
                        let folded = if plain {
                            s.lower.as_str()
                        } else {
                            s.folded.as_str()
                        };
                        if let Some(found) = index.folded.get(folded) {
                            for &(class, inflected, plain_form) in found {
                                if class == CUE_CLASS {
                                    *s.cue.last_mut().expect("pushed") = true;
                                    continue;
                                }
                                let seen = s.cands[from as usize..].iter().any(|c| c.0 == class);
                                if !seen {
                                    let kind = if inflected {
                                        MatchKind::Stem
                                    } else if plain && plain_form {
                                        MatchKind::Exact
                                    } else {
                                        MatchKind::Folded
                                    };
                                    s.cands.push((class, kind));
                                }
                            }
                        }
                    }
                    MatchMode::Stem => {
                        fold_key(&s.lower, &mut s.folded);
                        if index
                            .folded
                            .get(s.folded.as_str())
                            .is_some_and(|f| f.iter().any(|c| c.0 == CUE_CLASS))
                        {
                            *s.cue.last_mut().expect("pushed") = true;
                        }
                        let stem = self.stemmers.stem(lang, &s.lower);
                        if let Some(found) = index.lower.get(stem.as_ref()) {
                            for &(class, _, _) in found {
                                s.cands.push((class, MatchKind::Stem));
                            }
                        }
                    }
                }
                // Acronyms only in capitals (IDPs is the plural of IDP).
                let mut k = from as usize;
                while k < s.cands.len() {
                    let class = s.cands[k].0 as usize;
                    if !self.acronym[class] {
                        k += 1;
                        continue;
                    }
                    let keep = match &self.classes[class].case_sensitive {
                        None => true,
                        Some(word) => {
                            let surface = nfc(surface);
                            surface == word.as_str()
                                || surface.strip_suffix('s') == Some(word.as_str())
                        }
                    };
                    if keep {
                        k += 1;
                    } else {
                        s.cands.swap_remove(k);
                    }
                }
            }
            s.spans.push((from, s.cands.len() as u32));
        }
    }

    /// Walks the trie from token `first`, calling `on_term(step, terms)` at
    /// every node that ends terms, `step.j` being the term's last token.
    fn walk(
        &self,
        lang: Lang,
        index: &LangIndex,
        tokens: &[Token],
        s: &Scratch,
        step: Step,
        on_term: &mut impl FnMut(Step, &[TermRef]),
    ) {
        let (first, j) = (step.first, step.j);
        let Some(tok) = tokens.get(j) else { return };
        if j > first && (tok.sentence != tokens[first].sentence || tok.gap == Gap::Break) {
            return;
        }
        let (from, to) = s.spans[j];
        for &(class, k) in &s.cands[from as usize..to as usize] {
            let child = if step.node == 0 {
                index.roots[class as usize]
            } else {
                index.nodes[step.node as usize].child(class)
            };
            if child == NO_NODE {
                continue;
            }
            let child_node = &index.nodes[child as usize];
            if j > first && tok.gap == Gap::Comma {
                let allowed =
                    child_node.comma_in_term || self.classes[class as usize].is_conjunction;
                if !allowed {
                    continue;
                }
            }
            let next = Step {
                first,
                j,
                node: child,
                kind: step.kind.max(k),
                words: step.words + 1,
                gapped: step.gapped,
            };
            if !child_node.terms.is_empty() {
                on_term(next, &child_node.terms);
            }
            // A leaf goes on with no word, gapped or not.
            if !child_node.children.is_empty() {
                self.walk(lang, index, tokens, s, Step { j: j + 1, ..next }, on_term);
            }
        }
        // One adjective or adverb between two words of a term: tried only
        // where the word after it goes on with this term.
        if !step.gapped
            && step.node != 0
            && self.mode == MatchMode::Inflect
            && tok.gap == Gap::Space
            && self.continues_after_word(index, tokens, s, j, step.node)
            && let Some(after) = gap_word(lang, s, tokens, j).or_else(|| {
                index.nodes[step.node as usize]
                    .after_verb
                    .then(|| object_word(lang, s, tokens, j))
                    .flatten()
            })
            && tokens
                .get(after)
                .is_some_and(|t| t.gap == Gap::Space && t.sentence == tok.sentence)
        {
            let next = Step {
                j: after,
                kind: MatchKind::Gapped,
                gapped: true,
                ..step
            };
            self.walk(lang, index, tokens, s, next, on_term);
        }
    }

    /// Whether a walk from token `i` may find a term: some reading of the
    /// word starts a term that is one word long, or goes on with the next
    /// word, or with the word after it (across a gap). Cheaper than the
    /// walk: "de", "the" and "en" start a few terms ("de facto refugee",
    /// "en el extranjero") but are mostly followed by other words.
    fn may_start(&self, index: &LangIndex, tokens: &[Token], s: &Scratch, i: usize) -> bool {
        let (from, to) = s.spans[i];
        s.cands[from as usize..to as usize]
            .iter()
            .any(|&(class, _)| {
                match index.starts[class as usize] {
                    Start::Never => return false,
                    Start::Term => return true,
                    Start::IfContinued => {}
                }
                let root = index.roots[class as usize];
                let node = &index.nodes[root as usize];
                s.spans.get(i + 1).is_some_and(|&(a, b)| {
                    s.cands[a as usize..b as usize]
                        .iter()
                        .any(|&(next, _)| node.child(next) != NO_NODE)
                }) || self.continues_after_word(index, tokens, s, i + 1, root)
            })
    }

    /// Whether the token after the word at `j` (a hyphenated compound being
    /// one word) is a word that follows `node` in some term.
    fn continues_after_word(
        &self,
        index: &LangIndex,
        tokens: &[Token],
        s: &Scratch,
        j: usize,
        node: u32,
    ) -> bool {
        let mut last = j;
        while tokens.get(last + 1).is_some_and(|t| t.gap == Gap::Hyphen) {
            last += 1;
        }
        let Some(&(from, to)) = s.spans.get(last + 1) else {
            return false;
        };
        s.cands[from as usize..to as usize]
            .iter()
            .any(|&(class, _)| index.nodes[node as usize].child(class) != NO_NODE)
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

/// The cue words (`glossaries/cues.tsv`): words that are not terms but say
/// a paragraph is about migration, for the `context` guard.
pub const CUES_TSV: &str = include_str!("../../glossaries/cues.tsv");

/// The cue words, by language.
pub fn cue_words() -> impl Iterator<Item = (Lang, &'static str)> {
    lang_table(CUES_TSV)
}

/// The stop phrases (`glossaries/stop-phrases.tsv`): phrases that contain a
/// (guarded) term but are never a hit: "drug trafficking", "entry into
/// force", "à l'étranger".
pub const STOP_PHRASES_TSV: &str = include_str!("../../glossaries/stop-phrases.tsv");

/// The stop phrases, by language.
pub fn stop_phrases() -> impl Iterator<Item = (Lang, &'static str)> {
    lang_table(STOP_PHRASES_TSV)
}

/// A shipped `lang<TAB>text` table: `#` lines are comments; a line whose
/// language does not parse is skipped (the tests read every line).
fn lang_table(table: &'static str) -> impl Iterator<Item = (Lang, &'static str)> {
    table.lines().filter_map(|line| {
        if line.starts_with('#') {
            return None;
        }
        let (lang, text) = line.split_once('\t')?;
        Some((lang.parse().ok()?, text.trim()))
    })
}

/// Where a walk of the trie stands.
#[derive(Clone, Copy, Debug)]
struct Step {
    /// The token the walk started from (the term's first).
    first: usize,
    /// The token to look at next (for a term found: its last token).
    j: usize,
    node: u32,
    kind: MatchKind,
    /// Term words matched so far.
    words: usize,
    /// Whether a word was skipped already.
    gapped: bool,
}

impl Step {
    fn start(j: usize) -> Step {
        Step {
            first: j,
            j,
            node: 0,
            kind: MatchKind::Exact,
            words: 0,
            gapped: false,
        }
    }
}

/// When token `j` is a word that may sit inside a term as an inserted
/// adjective or adverb, the index of the token after it (a hyphenated
/// compound, "nord-coréen", is one word).
fn gap_word(lang: Lang, s: &Scratch, tokens: &[Token], j: usize) -> Option<usize> {
    let known = s.gap[j].get();
    if known != UNKNOWN {
        return (known != NO_GAP).then_some(known as usize);
    }
    let found = gap_word_at(lang, s, tokens, j);
    s.gap[j].set(found.map_or(NO_GAP, |k| k as u32));
    found
}

fn gap_word_at(lang: Lang, s: &Scratch, tokens: &[Token], j: usize) -> Option<usize> {
    let tok = tokens[j];
    if tok.kind != crate::analysis::tokenize::TokenKind::Word || j == 0 {
        return None;
    }
    let mut last = j;
    while tokens.get(last + 1).is_some_and(|t| {
        t.gap == Gap::Hyphen && t.kind == crate::analysis::tokenize::TokenKind::Word
    }) {
        last += 1;
    }
    // Only worth a look when the word after it could go on with a term.
    let (from, to) = *s.spans.get(last + 1)?;
    if from == to {
        return None;
    }
    // The word's last part carries the ending; the first its capital.
    let word = s.key(last);
    let first_key = s.key(j);
    let before = s.key(j - 1);
    morph::may_be_inserted(lang, first_key, word, before, s.caps[j]).then_some(last + 1)
}

/// When token `j` is one word that may be the object of a verb term, set
/// between the verb and the rest: the index of the token after it.
fn object_word(lang: Lang, s: &Scratch, tokens: &[Token], j: usize) -> Option<usize> {
    let tok = tokens[j];
    let key = s.key(j);
    (tok.kind == crate::analysis::tokenize::TokenKind::Word
        && key.chars().count() >= 2
        && key.chars().all(char::is_alphabetic)
        && !morph::is_function_word(lang, key))
    .then_some(j + 1)
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

/// What building a matcher keeps between terms.
#[derive(Default)]
struct Builder {
    /// Per language and inflection, the class of each word.
    classes: HashMap<(Lang, Pos), HashMap<String, ClassId>>,
    tokens: tokenize::Tokens,
    folded: String,
}

/// A reading of a form: (class, whether the form is an inflection,
/// whether the form is plain).
type Reading = (ClassId, bool, bool);

/// Forms and their readings. Built in a map, then frozen into a compact
/// table that the matcher probes once or twice per token: an open-addressed
/// array of 32-byte slots, at most half full. A slot holds its form's hash,
/// the form itself when it is short (most are; longer ones are in one
/// string) and its first reading (the others, rare, are in one list), so
/// that a lookup most often reads one slot and nothing else.
#[derive(Debug, Default)]
struct FormIndex {
    building: HashMap<Box<str>, Vec<Reading>>,
    /// `slots.len()` is a power of two (or 0); empty slots have no
    /// readings.
    slots: Vec<Slot>,
    /// The forms longer than `INLINE` bytes.
    text: String,
    /// The readings of forms with more than one.
    readings: Vec<Reading>,
    /// One bit per value of 16 bits of the hash, set for the forms here:
    /// most words that are no form are turned away by this 8 KB, which
    /// stays in cache, without reading a slot that does not.
    filter: Vec<u64>,
}

/// The filter's bit for a hash: bits the slot index does not use first.
fn filter_bit(hash: u32) -> (usize, u64) {
    let bit = (hash >> 16) as usize;
    (bit / 64, 1 << (bit % 64))
}

/// The longest form kept in its slot.
const INLINE: usize = 12;

#[derive(Debug, Clone, Copy)]
#[repr(C, align(32))]
struct Slot {
    hash: u32,
    text_len: u16,
    /// 0 for an empty slot.
    readings_len: u16,
    /// Where the readings are in `readings`, when there are several.
    readings_start: u32,
    first: Reading,
    /// The form when it is at most `INLINE` bytes, else its offset in
    /// `text` (little-endian, in the first four bytes).
    text: [u8; INLINE],
}

const EMPTY_SLOT: Slot = Slot {
    hash: 0,
    text_len: 0,
    readings_len: 0,
    readings_start: 0,
    first: (0, false, false),
    text: [0; INLINE],
};

/// 32 bits of a form's hash: the slot to start probing from and a check
/// that spares most text comparisons.
fn form_hash(form: &str) -> u32 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = rustc_hash::FxBuildHasher.build_hasher();
    h.write(form.as_bytes());
    (h.finish() >> 32) as u32
}

impl FormIndex {
    /// Files a reading under `form`, allocating the key only for a new
    /// form.
    fn add(&mut self, form: &str, item: Reading) {
        match self.building.get_mut(form) {
            Some(list) => push_unique(list, item),
            None => {
                self.building.insert(form.into(), vec![item]);
            }
        }
    }

    /// Moves what was added into the compact table, in a fixed order (so
    /// that readings keep the order they were added in). A form longer
    /// than 65,535 bytes or with as many readings is not filed (no token
    /// is that long; a word of a term never has that many classes).
    fn freeze(&mut self) {
        let mut building: Vec<(Box<str>, Vec<Reading>)> =
            std::mem::take(&mut self.building).into_iter().collect();
        building.retain(|(form, readings)| {
            form.len() <= u16::MAX as usize && readings.len() <= u16::MAX as usize
        });
        building.sort_by(|a, b| a.0.cmp(&b.0));
        if building.is_empty() {
            return;
        }
        let size = (building.len() * 2).next_power_of_two().max(16);
        self.slots = vec![EMPTY_SLOT; size];
        self.filter = vec![0; (1 << 16) / 64];
        for (form, readings) in building {
            let hash = form_hash(&form);
            let mut slot = Slot {
                hash,
                text_len: form.len() as u16,
                readings_len: readings.len() as u16,
                readings_start: 0,
                first: readings[0],
                text: [0; INLINE],
            };
            if form.len() <= INLINE {
                slot.text[..form.len()].copy_from_slice(form.as_bytes());
            } else {
                slot.text[..4].copy_from_slice(&(self.text.len() as u32).to_le_bytes());
                self.text.push_str(&form);
            }
            if readings.len() > 1 {
                slot.readings_start = self.readings.len() as u32;
                self.readings.extend(readings);
            }
            let (word, bit) = filter_bit(hash);
            self.filter[word] |= bit;
            let mask = size - 1;
            let mut at = hash as usize & mask;
            while self.slots[at].readings_len != 0 {
                at = (at + 1) & mask;
            }
            self.slots[at] = slot;
        }
    }

    fn get(&self, form: &str) -> Option<&[Reading]> {
        if self.slots.is_empty() {
            return None;
        }
        let hash = form_hash(form);
        let (word, bit) = filter_bit(hash);
        if self.filter[word] & bit == 0 {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut at = hash as usize & mask;
        loop {
            let slot = &self.slots[at];
            if slot.readings_len == 0 {
                return None;
            }
            if slot.hash == hash && slot.text_len as usize == form.len() && self.same(slot, form) {
                return Some(if slot.readings_len == 1 {
                    std::slice::from_ref(&slot.first)
                } else {
                    let from = slot.readings_start as usize;
                    &self.readings[from..from + slot.readings_len as usize]
                });
            }
            at = (at + 1) & mask;
        }
    }

    /// Whether `slot` is the form `form` (of the same length).
    fn same(&self, slot: &Slot, form: &str) -> bool {
        let form = form.as_bytes();
        if form.len() <= INLINE {
            slot.text[..form.len()] == *form
        } else {
            let mut offset = [0; 4];
            offset.copy_from_slice(&slot.text[..4]);
            let start = u32::from_le_bytes(offset) as usize;
            self.text.as_bytes()[start..start + form.len()] == *form
        }
    }
}

fn push_unique(list: &mut Vec<(ClassId, bool, bool)>, item: (ClassId, bool, bool)) {
    // A form that is both the word and an inflection of another class entry
    // keeps its best reading.
    if let Some(existing) = list.iter_mut().find(|e| e.0 == item.0) {
        existing.1 &= item.1;
        existing.2 |= item.2;
    } else {
        list.push(item);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every line of the shipped tables is a comment or a `lang<TAB>text`
    /// line that `lang_table` reads: a typo in a language code would
    /// otherwise drop the line silently.
    #[test]
    fn shipped_tables_read_every_line() {
        for (name, table) in [
            ("cues.tsv", CUES_TSV),
            ("stop-phrases.tsv", STOP_PHRASES_TSV),
        ] {
            let lines = table.lines().filter(|l| !l.starts_with('#')).count();
            let read = lang_table(table)
                .filter(|(_, text)| !text.is_empty())
                .count();
            assert_eq!(read, lines, "{name}: a line is not `lang<TAB>text`");
            assert!(read > 10, "{name} is nearly empty");
        }
    }
}
