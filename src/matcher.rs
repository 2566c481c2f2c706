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
//! across no punctuation but what the term itself allows (commas).

use rustc_hash::FxHashMap as HashMap;

use crate::glossary::{Glossary, Pos, Status};
use crate::lang::Lang;
use crate::morph;
use crate::normalize::{fold_key, lower_key, nfc};
use crate::stem::Stemmers;
use crate::tokenize::{self, Gap, Token};

/// How a hit matched its term, from best to worst.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchKind {
    /// The same letters as the term (ignoring case and apostrophe shapes).
    Exact,
    /// The same letters once accents are folded ("migracion").
    Folded,
    /// An inflected form of the term ("refugiados" for "refugiado").
    Stem,
}

impl MatchKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Exact => "exact",
            MatchKind::Folded => "folded",
            MatchKind::Stem => "stem",
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
}

type ClassId = u32;

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
}

#[derive(Debug, Default)]
struct LangIndex {
    /// Form key → (class, whether the form is an inflection).
    lower: HashMap<Box<str>, Vec<(ClassId, bool)>>,
    folded: HashMap<Box<str>, Vec<(ClassId, bool)>>,
    /// Trie: node 0 is the root.
    nodes: Vec<Node>,
    edges: HashMap<(u32, ClassId), u32>,
}

/// A glossary compiled for matching. Build once; share between threads.
pub struct Matcher {
    mode: MatchMode,
    classes: Vec<WordClass>,
    langs: [LangIndex; 3],
    /// (term rank by status, concept order) for tie-breaks.
    rank: HashMap<TermRef, (Status, u32)>,
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
}

impl Matcher {
    pub fn new(glossary: &Glossary) -> Matcher {
        Matcher::with_mode(glossary, MatchMode::Inflect)
    }

    pub fn with_mode(glossary: &Glossary, mode: MatchMode) -> Matcher {
        let mut m = Matcher {
            mode,
            classes: Vec::new(),
            langs: Default::default(),
            rank: HashMap::default(),
            stemmers: Stemmers::new(),
        };
        for lang in &mut m.langs {
            lang.nodes.push(Node::default());
        }
        let mut class_ids: HashMap<(Lang, String, Pos, Option<String>), ClassId> =
            HashMap::default();
        for (ci, concept) in glossary.concepts.iter().enumerate() {
            for (ti, term) in concept.terms.iter().enumerate() {
                let term_ref = TermRef {
                    concept: ci as u32,
                    term: ti as u32,
                };
                m.rank.insert(term_ref, (term.status, ci as u32));
                m.add_term(term_ref, term.lang, term.pos, &term.text, &mut class_ids);
            }
        }
        for lang in &mut m.langs {
            for node in &mut lang.nodes {
                node.terms.sort_by_key(|t| m.rank[t]);
            }
        }
        m
    }

    fn add_term(
        &mut self,
        term_ref: TermRef,
        lang: Lang,
        pos: Pos,
        text: &str,
        class_ids: &mut HashMap<(Lang, String, Pos, Option<String>), ClassId>,
    ) {
        let toks = tokenize::tokenize(text).tokens;
        if toks.is_empty() {
            return;
        }
        let lowers: Vec<String> = toks
            .iter()
            .map(|t| crate::normalize::lower(t.text(text)))
            .collect();
        let inflections = morph::word_inflections(lang, pos, &lowers);
        let mut node = 0u32;
        for (k, tok) in toks.iter().enumerate() {
            let surface = tok.text(text);
            let lower = lowers[k].clone();
            let word_pos = inflections[k];
            let acronym = surface.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && surface.chars().all(|c| !c.is_lowercase());
            let case_sensitive = acronym.then(|| nfc(surface).into_owned());
            let key = (lang, lower.clone(), word_pos, case_sensitive.clone());
            let class = match class_ids.get(&key) {
                Some(&id) => id,
                None => {
                    let id = self.classes.len() as ClassId;
                    self.classes.push(WordClass {
                        case_sensitive,
                        is_conjunction: morph::is_conjunction(lang, &lower),
                    });
                    class_ids.insert(key, id);
                    self.index_class(lang, word_pos, &lower, id);
                    id
                }
            };
            let index = &mut self.langs[lang.index()];
            let next = *index.edges.entry((node, class)).or_insert_with(|| {
                index.nodes.push(Node::default());
                (index.nodes.len() - 1) as u32
            });
            if k > 0 && tok.gap >= Gap::Comma {
                index.nodes[next as usize].comma_in_term = true;
            }
            node = next;
        }
        let terms = &mut self.langs[lang.index()].nodes[node as usize].terms;
        if !terms.contains(&term_ref) {
            terms.push(term_ref);
        }
    }

    fn index_class(&mut self, lang: Lang, pos: Pos, lower: &str, class: ClassId) {
        let forms = match self.mode {
            MatchMode::Inflect => morph::forms(lang, pos, lower),
            MatchMode::Stem => vec![self.stemmers.stem(lang, lower).into_owned()],
        };
        let index = &mut self.langs[lang.index()];
        let mut folded = String::new();
        for (i, form) in forms.iter().enumerate() {
            let inflected = i > 0;
            push_unique(
                index.lower.entry(form.as_str().into()).or_default(),
                (class, inflected),
            );
            fold_key(form, &mut folded);
            push_unique(
                index.folded.entry(folded.as_str().into()).or_default(),
                (class, inflected),
            );
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
        let index = &self.langs[lang.index()];
        let mut i = 0;
        while i < tokens.len() {
            let mut best: Option<Best> = None;
            self.walk(
                index,
                tokens,
                scratch,
                i,
                i,
                0,
                MatchKind::Exact,
                &mut |last, kind, terms| {
                    let candidate = Best {
                        last,
                        kind,
                        term: terms[0],
                    };
                    if best.as_ref().is_none_or(|b| candidate.beats(b, &self.rank)) {
                        best = Some(candidate);
                    }
                },
            );
            match best {
                Some(b) => {
                    out.push(Match {
                        term: b.term,
                        lang,
                        start: tokens[i].start,
                        end: tokens[b.last].end,
                        first_token: first + i,
                        end_token: first + b.last + 1,
                        kind: b.kind,
                    });
                    i = b.last + 1;
                }
                None => i += 1,
            }
        }
    }

    /// Looks every token up in the indexes.
    fn candidates(&self, lang: Lang, text: &str, tokens: &[Token], s: &mut Scratch) {
        let index = &self.langs[lang.index()];
        s.cands.clear();
        s.spans.clear();
        for tok in tokens {
            let from = s.cands.len() as u32;
            {
                let surface = tok.text(text);
                lower_key(surface, &mut s.lower);
                match self.mode {
                    MatchMode::Inflect => {
                        if let Some(found) = index.lower.get(s.lower.as_str()) {
                            for &(class, inflected) in found {
                                let kind = if inflected {
                                    MatchKind::Stem
                                } else {
                                    MatchKind::Exact
                                };
                                s.cands.push((class, kind));
                            }
                        }
                        // An ASCII key is its own folded key.
                        let folded = if s.lower.is_ascii() {
                            s.lower.as_str()
                        } else {
                            fold_key(&s.lower, &mut s.folded);
                            s.folded.as_str()
                        };
                        if let Some(found) = index.folded.get(folded) {
                            for &(class, inflected) in found {
                                let seen = s.cands[from as usize..].iter().any(|c| c.0 == class);
                                if !seen {
                                    let kind = if inflected {
                                        MatchKind::Stem
                                    } else {
                                        MatchKind::Folded
                                    };
                                    s.cands.push((class, kind));
                                }
                            }
                        }
                    }
                    MatchMode::Stem => {
                        let stem = self.stemmers.stem(lang, &s.lower);
                        if let Some(found) = index.lower.get(stem.as_ref()) {
                            for &(class, _) in found {
                                s.cands.push((class, MatchKind::Stem));
                            }
                        }
                    }
                }
                // Acronyms only in capitals (IDPs is the plural of IDP).
                let mut k = from as usize;
                while k < s.cands.len() {
                    let keep = match &self.classes[s.cands[k].0 as usize].case_sensitive {
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

    /// Walks the trie from token `first`, calling `on_term(last token, kind,
    /// terms)` at every node that ends terms.
    #[allow(clippy::too_many_arguments)]
    fn walk(
        &self,
        index: &LangIndex,
        tokens: &[Token],
        s: &Scratch,
        first: usize,
        j: usize,
        node: u32,
        kind: MatchKind,
        on_term: &mut impl FnMut(usize, MatchKind, &[TermRef]),
    ) {
        let Some(tok) = tokens.get(j) else { return };
        if j > first && (tok.sentence != tokens[first].sentence || tok.gap == Gap::Break) {
            return;
        }
        let (from, to) = s.spans[j];
        for &(class, k) in &s.cands[from as usize..to as usize] {
            let Some(&child) = index.edges.get(&(node, class)) else {
                continue;
            };
            let child_node = &index.nodes[child as usize];
            if j > first && tok.gap == Gap::Comma {
                let allowed =
                    child_node.comma_in_term || self.classes[class as usize].is_conjunction;
                if !allowed {
                    continue;
                }
            }
            let kind = kind.max(k);
            if !child_node.terms.is_empty() {
                on_term(j, kind, &child_node.terms);
            }
            self.walk(index, tokens, s, first, j + 1, child, kind, on_term);
        }
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
        self.candidates(lang, text, tokens, scratch);
        let index = &self.langs[lang.index()];
        for i in 0..tokens.len() {
            self.walk(
                index,
                tokens,
                scratch,
                i,
                i,
                0,
                MatchKind::Exact,
                &mut |last, kind, terms| {
                    for &term in terms {
                        out.push(Match {
                            term,
                            lang,
                            start: tokens[i].start,
                            end: tokens[last].end,
                            first_token: first + i,
                            end_token: first + last + 1,
                            kind,
                        });
                    }
                },
            );
        }
    }
}

struct Best {
    last: usize,
    kind: MatchKind,
    term: TermRef,
}

impl Best {
    /// Longest first, then the better kind, then the better-ranked term.
    fn beats(&self, other: &Best, rank: &HashMap<TermRef, (Status, u32)>) -> bool {
        (std::cmp::Reverse(self.last), self.kind, rank[&self.term])
            < (std::cmp::Reverse(other.last), other.kind, rank[&other.term])
    }
}

fn push_unique(list: &mut Vec<(ClassId, bool)>, item: (ClassId, bool)) {
    // A form that is both the word and an inflection of another class entry
    // keeps its best reading.
    if let Some(existing) = list.iter_mut().find(|e| e.0 == item.0) {
        existing.1 &= item.1;
    } else {
        list.push(item);
    }
}
