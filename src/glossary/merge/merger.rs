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
    /// The terms the merge added, compiled in groups.
    pub(super) added: Added,
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
            added: Added::default(),
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
        let whole =
            |m: &crate::analysis::matcher::Match| m.first_token == 0 && m.end_token == tokens.len();
        let mut found = Vec::new();
        self.base_matcher
            .find_all(lang, text, &tokens, 0, &mut self.scratch, &mut found);
        let mut owners = Vec::new();
        for m in found.iter().filter(|m| whole(m)) {
            let concept = m.term.concept as usize;
            if !owners.contains(&concept) {
                owners.push(concept);
            }
        }
        // The added terms' owners, in glossary order.
        let mut added = Vec::new();
        for group in self.added.compiled(&self.glossary) {
            found.clear();
            group
                .matcher
                .find_all(lang, text, &tokens, 0, &mut self.scratch, &mut found);
            added.extend(
                found
                    .iter()
                    .filter(|m| whole(m))
                    .map(|m| group.concepts[m.term.concept as usize]),
            );
        }
        added.sort_unstable();
        added.dedup();
        added.retain(|c| !owners.contains(c));
        owners.extend(added);
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

    /// Adds a term to a concept with `status`, after the concept's terms of
    /// its language (languages in en, fr, es order, as the glossary format
    /// asks). The caller sees to it that each language keeps one preferred
    /// term.
    pub(super) fn add_term(
        &mut self,
        concept: usize,
        new: NewTerm<'_>,
        line: u64,
        note: String,
        status: Status,
    ) -> Status {
        let c = &mut self.glossary.concepts[concept];
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
        self.added
            .push(concept, &self.glossary.concepts[concept].terms[at]);
        self.note_term(concept, new.lang, new.key.to_string());
        status
    }

    pub(super) fn new_concept(
        &mut self,
        id: String,
        source: String,
        line: u64,
        subjects: &[Subject],
    ) -> usize {
        self.glossary.concepts.push(Concept {
            id,
            note: String::new(),
            source,
            subjects: subjects.to_vec(),
            related: Vec::new(),
            terms: Vec::new(),
            line,
        });
        self.origins.push(Vec::new());
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

/// The terms a merge added, compiled for the matcher in groups whose sizes
/// only decrease (the logarithmic method): the terms added since the last
/// lookup become a group, and a group no larger than the one it joins is
/// compiled again with it. Each term is compiled O(log n) times over a
/// merge and a lookup asks O(log n) matchers; compiling every added term
/// again after each change, as before, made a merge quadratic in the rows
/// accepted (4,000 new concepts: 88 s).
#[derive(Default)]
pub(super) struct Added {
    /// Added since the last lookup: (concept, term).
    fresh: Vec<(usize, Term)>,
    groups: Vec<Group>,
    /// Terms compiled so far, counting each time a term is (for the test
    /// that a merge compiles O(n log n) of them).
    compiled: usize,
}

/// Added terms compiled together.
pub(super) struct Group {
    terms: Vec<(usize, Term)>,
    pub(super) matcher: Matcher,
    /// The glossary's index of each concept the matcher knows.
    pub(super) concepts: Vec<usize>,
}

impl Added {
    fn push(&mut self, concept: usize, term: &Term) {
        self.fresh.push((concept, term.clone()));
    }

    /// The groups, the terms added since the last call compiled.
    fn compiled(&mut self, glossary: &Glossary) -> &[Group] {
        if !self.fresh.is_empty() {
            let mut terms = std::mem::take(&mut self.fresh);
            while let Some(last) = self.groups.pop_if(|g| g.terms.len() <= terms.len()) {
                let mut joined = last.terms;
                joined.append(&mut terms);
                terms = joined;
            }
            self.compiled += terms.len();
            self.groups.push(Group::new(terms, glossary));
        }
        &self.groups
    }
}

impl Group {
    /// Compiles `terms`, each under its concept's id (the matcher reads
    /// nothing else of a concept).
    fn new(mut terms: Vec<(usize, Term)>, glossary: &Glossary) -> Group {
        terms.sort_by_key(|(concept, _)| *concept);
        let mut concepts: Vec<usize> = Vec::new();
        let mut compiled: Vec<Concept> = Vec::new();
        for (concept, term) in &terms {
            if concepts.last() != Some(concept) {
                concepts.push(*concept);
                compiled.push(Concept::new(
                    glossary.concepts[*concept].id.clone(),
                    Vec::new(),
                ));
            }
            if let Some(last) = compiled.last_mut() {
                last.terms.push(term.clone());
            }
        }
        let matcher = Matcher::new(&Glossary {
            path: PathBuf::new(),
            concepts: compiled,
        });
        Group {
            terms,
            matcher,
            concepts,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Terms added one at a time, each followed by a lookup (every row of
    /// a merge of new concepts): each term is compiled about log2(n) times
    /// (it was n / 2 times on average when every change compiled all the
    /// added terms again), and a lookup asks at most log2(n) + 1 matchers.
    #[test]
    fn added_terms_are_compiled_log_n_times() {
        let mut glossary = Glossary {
            path: PathBuf::new(),
            concepts: Vec::new(),
        };
        let mut added = Added::default();
        let n = 1024;
        for i in 0..n {
            let term = Term::new(Lang::En, format!("word{i}"), Status::Preferred, Pos::Noun);
            glossary
                .concepts
                .push(Concept::new(format!("c{i}"), vec![term.clone()]));
            added.push(i, &term);
            let groups = added.compiled(&glossary).len();
            assert!(groups <= 11, "{groups} matchers after {} terms", i + 1);
        }
        // 1024 × log2(1024) = 10,240; compiling everything at each change:
        // 1024 × 1025 / 2 = 524,800.
        assert!(
            added.compiled <= n * 11,
            "{} terms compiled",
            added.compiled
        );
        let mut scratch = Scratch::default();
        let text = "word1000";
        let tokens = tokenize(text).tokens;
        let found: Vec<usize> = added
            .compiled(&glossary)
            .iter()
            .flat_map(|g| {
                let mut found = Vec::new();
                g.matcher
                    .find_all(Lang::En, text, &tokens, 0, &mut scratch, &mut found);
                found
                    .into_iter()
                    .map(|m| g.concepts[m.term.concept as usize])
            })
            .collect();
        assert_eq!(found, [1000]);
    }
}
