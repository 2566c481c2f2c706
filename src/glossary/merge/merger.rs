//! The merger: the glossary being grown, with the line each concept and
//! term came from, so that a refused row names the line it clashes with.

use super::*;

/// Where each term of the merged glossary comes from, parallel to
/// `concepts[i].terms[j]`: `None` for the base glossary, the suggestions line
/// for a term the merge added.
pub(super) type Origins = Vec<Vec<Option<u64>>>;

/// The merge in progress: the glossary, its terms by matching key and
/// compiled for the matcher, and where each term comes from.
pub(super) struct Merger {
    pub(super) glossary: Glossary,
    /// (language, matching key) → the concepts holding such a term, in order.
    pub(super) index: HashMap<(Lang, String), Vec<usize>>,
    pub(super) origins: Origins,
    /// The base glossary compiled, built once.
    pub(super) base_matcher: Matcher,
    /// The terms the merge added, compiled when next needed after a change
    /// (a small glossary; concepts keep their indexes).
    pub(super) added_matcher: Option<Matcher>,
    pub(super) scratch: Scratch,
    /// The concept ids taken, for new concepts' ids.
    pub(super) ids: crate::glossary::ConceptIds,
}

impl Merger {
    pub(super) fn new(base: &Glossary) -> Merger {
        let mut merger = Merger {
            ids: crate::glossary::ConceptIds::new(base),
            glossary: base.clone(),
            index: HashMap::new(),
            origins: base
                .concepts
                .iter()
                .map(|c| vec![None; c.terms.len()])
                .collect(),
            base_matcher: Matcher::new(base),
            added_matcher: None,
            scratch: Scratch::default(),
        };
        for (i, concept) in base.concepts.iter().enumerate() {
            for term in &concept.terms {
                merger.note_term(i, term.lang, matching_key(&term.text));
            }
        }
        merger
    }

    pub(super) fn note_term(&mut self, concept: usize, lang: Lang, key: String) {
        let owners = self.index.entry((lang, key)).or_default();
        if !owners.contains(&concept) {
            owners.push(concept);
        }
    }

    /// The concepts that hold a term: one of theirs in its language has the
    /// same matching key, or failing that, the matcher reads the whole of it
    /// as one of their terms (an inflected form: `suggest` writes a term as
    /// it is most often found in the corpus, "asylum seekers" as often as
    /// not, and the glossary lists the lemma).
    pub(super) fn owners(&mut self, lang: Lang, text: &str, key: &str) -> Vec<usize> {
        if let Some(owners) = self.index.get(&(lang, key.to_string())) {
            return owners.clone();
        }
        let tokens = tokenize(text).tokens;
        let added = self.added_matcher.get_or_insert_with(|| {
            let concepts = self
                .glossary
                .concepts
                .iter()
                .zip(&self.origins)
                .map(|(c, origins)| Concept {
                    terms: c
                        .terms
                        .iter()
                        .zip(origins)
                        .filter(|(_, o)| o.is_some())
                        .map(|(t, _)| t.clone())
                        .collect(),
                    ..c.clone()
                })
                .collect();
            Matcher::new(&Glossary {
                path: PathBuf::new(),
                concepts,
            })
        });
        let mut found = Vec::new();
        for matcher in [&self.base_matcher, &*added] {
            matcher.find_all(lang, text, &tokens, 0, &mut self.scratch, &mut found);
        }
        let mut owners = Vec::new();
        for m in found {
            let concept = m.term.concept as usize;
            if m.first_token == 0 && m.end_token == tokens.len() && !owners.contains(&concept) {
                owners.push(concept);
            }
        }
        owners
    }

    /// The part of speech of a concept's term in `lang` with this key, else
    /// of its preferred term in `lang`.
    pub(super) fn pos(&self, concept: usize, lang: Lang, key: &str) -> Pos {
        let c = &self.glossary.concepts[concept];
        c.terms_in(lang)
            .find(|t| matching_key(&t.text) == key)
            .or_else(|| c.preferred(lang))
            .map_or(Pos::Noun, |t| t.pos)
    }

    /// Adds a term to a concept, after the concept's terms of its language
    /// (languages in en, fr, es order, as the glossary format asks). It is
    /// admitted, unless the concept has no preferred term in its language yet:
    /// then it is the preferred one, since every language of a concept needs
    /// one (this is how a new concept gets its preferred terms).
    pub(super) fn add_term(
        &mut self,
        concept: usize,
        new: NewTerm<'_>,
        line: u64,
        note: String,
    ) -> Status {
        let c = &mut self.glossary.concepts[concept];
        let status = if c.terms_in(new.lang).any(|t| t.status == Status::Preferred) {
            Status::Admitted
        } else {
            Status::Preferred
        };
        let at = c
            .terms
            .iter()
            .rposition(|t| t.lang <= new.lang)
            .map_or(0, |i| i + 1);
        c.terms.insert(
            at,
            Term {
                lang: new.lang,
                text: new.text.to_string(),
                status,
                pos: new.pos,
                region: String::new(),
                guard: Default::default(),
                note,
                line,
            },
        );
        self.origins[concept].insert(at, Some(line));
        self.note_term(concept, new.lang, new.key.to_string());
        self.added_matcher = None;
        status
    }

    pub(super) fn new_concept(&mut self, id: String, source: String, line: u64) -> usize {
        self.glossary.concepts.push(Concept {
            id,
            note: String::new(),
            source,
            subjects: Vec::new(),
            related: Vec::new(),
            terms: Vec::new(),
            line,
        });
        self.origins.push(Vec::new());
        self.added_matcher = None;
        self.glossary.concepts.len() - 1
    }
}

/// A term of an accepted row, validated.
#[derive(Clone, Copy)]
pub(super) struct NewTerm<'a> {
    pub(super) lang: Lang,
    pub(super) text: &'a str,
    pub(super) key: &'a str,
    /// The part of speech it gets when added.
    pub(super) pos: Pos,
}
