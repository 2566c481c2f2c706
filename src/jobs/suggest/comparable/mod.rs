//! Comparable mode's counts: per language, the candidates of the documents
//! with a snippet of each surface form and what occurs in their context
//! windows (glossary concepts and anchors), merged over shards and scored
//! by [`scoring`].

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

mod scoring;

use super::candidates::Overflow;
use super::examples::{self, Examples};
use super::partial::Origin;
use super::{Context, GlossaryIndex, Options, Suggested, WINDOW, ranges, snippet};
use crate::analysis::matcher::Matcher;
use crate::analysis::normalize::{fold_key, lower_key};
use crate::analysis::pipeline::paragraph_runs;
use crate::analysis::tokenize::{TokenKind, tokenize_into};
use crate::error::Error;
use crate::error::Result;
use crate::glossary::Glossary;
use crate::jobs::suggest::candidates::{Candidates, Keys};
use crate::jobs::suggest::profile::Profile;
use crate::lang::Lang;
use scoring::compare;

/// One document of a comparable corpus.
pub struct Document<'a> {
    pub lang: Lang,
    pub text: &'a str,
}

/// A context dimension: a glossary concept or an anchor string. Written as
/// the concept's index or the anchor.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(untagged)]
pub(super) enum Dim {
    Concept(u32),
    Anchor(String),
}

/// How often each dimension occurs in a candidate's context windows.
/// Written as a list of `[dimension, count]` (JSON keys are strings only).
#[derive(Debug, Default)]
pub(super) struct DimCounts(pub(super) FxHashMap<Dim, u32>);

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
        self.add_text(context, lang, text, true);
    }

    /// Counts a piece of a document in `lang` (see [`crate::input::Piece`]):
    /// `first` for its first piece, which counts the document. A context
    /// reaches no further than its paragraph, so pieces cut at paragraph
    /// breaks count as the whole document would.
    pub fn add_text(&mut self, context: &mut Context, lang: Lang, text: &str, first: bool) {
        debug_assert_eq!(context.origin, self.origin);
        let i = self.side(lang).unwrap_or_else(|i| {
            self.sides.insert(i, Side::new(lang));
            i
        });
        self.sides[i].add_document(context, text, first);
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
                Ok(i) => self.sides[i]
                    .merge(side)
                    .map_err(|overflow| Error::Usage(overflow.to_string()))?,
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
pub(super) struct Side {
    /// Not finished.
    pub(super) candidates: Candidates,
    documents: u32,
    /// Per candidate, per surface form (in the order of
    /// [`crate::jobs::suggest::candidates::Candidate::forms`]), the smallest of the snippets of
    /// its occurrences: the same whatever order the documents come in.
    snippets: Vec<Vec<String>>,
    /// Per candidate, the dimensions in its context windows.
    pub(super) contexts: Vec<DimCounts>,
    /// Per candidate, a few examples for the reviewer.
    examples: Vec<Examples>,
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
            examples: Vec::new(),
            anchors: FxHashSet::default(),
        }
    }

    fn add_document(&mut self, context: &mut Context, text: &str, first: bool) {
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
            kwic,
            ..
        } = context;
        let (tokens, matches) = (&mut tokens[0], &mut matches[0]);
        self.documents += u32::from(first);
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
                self.examples.push(Examples::default());
            }
            // Kept by a hash of the line itself: the documents of another
            // language hold no place in common.
            // Within its sentence, so that a document read in pieces (cut
            // at paragraph breaks) gives the same lines.
            let sentence = examples::sentence_bounds(toks, o.tokens.clone());
            examples::kwic_within(text, sentence, o.start, o.end, kwic);
            self.examples[id].offer(examples::hash(&[kwic.as_str()]), kwic);
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
    fn merge(&mut self, other: Side) -> std::result::Result<(), Overflow> {
        self.documents = self
            .documents
            .checked_add(other.documents)
            .ok_or(Overflow)?;
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
            })?;
        let len = self.candidates.len();
        self.snippets.resize_with(len, Vec::new);
        self.contexts.resize_with(len, DimCounts::default);
        self.examples.resize_with(len, Examples::default);
        for (theirs, &id) in other.examples.into_iter().zip(&ids) {
            self.examples[id as usize].merge(theirs);
        }
        for (theirs, id) in other.contexts.into_iter().zip(ids) {
            let ours = &mut self.contexts[id as usize].0;
            if ours.is_empty() {
                *ours = theirs.0;
            } else {
                for (dim, n) in theirs.0 {
                    let count = ours.entry(dim).or_default();
                    *count = count.checked_add(n).ok_or(Overflow)?;
                }
            }
        }
        Ok(())
    }

    /// Whether the lists beside the candidates match them, and the concepts
    /// named are among a glossary's `concepts`.
    fn check(&self, concepts: usize) -> std::result::Result<(), String> {
        let lang = self.candidates.lang;
        let len = self.candidates.len();
        if self.snippets.len() != len
            || self.contexts.len() != len
            || self.examples.len() != len
            || !self.examples.iter().all(Examples::is_valid)
        {
            return Err(format!(
                "{lang}: {len} candidates, but {} snippet lists, {} contexts and {} example lists",
                self.snippets.len(),
                self.contexts.len(),
                self.examples.len()
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

    /// The examples of a candidate.
    pub(super) fn examples(&self, id: u32) -> &Examples {
        &self.examples[id as usize]
    }

    /// A snippet of the candidate in the form shown (`term`, perhaps
    /// lowercased): of that very form if it was seen, else of the forms
    /// equal to it but for case, the smallest.
    pub(super) fn snippet(&self, id: u32, term: &str) -> &str {
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
