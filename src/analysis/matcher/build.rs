//! Compiling a glossary for matching: every term's words become word classes
//! (a class: the forms, inflected and accent-folded, that read as one word
//! of one part of speech in one language), and each language's terms a trie
//! over classes, so that a text is matched in one pass whatever the size of
//! the glossary.

use super::*;

impl Matcher {
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
            index.lower.reserve(terms);
            index.folded.reserve(terms * 3);
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

    pub(super) fn add_term(
        &mut self,
        term_ref: TermRef,
        lang: Lang,
        pos: Pos,
        text: &str,
        b: &mut Builder,
    ) {
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

    pub(super) fn index_class(
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
}

/// What building a matcher keeps between terms.
#[derive(Default)]
pub(super) struct Builder {
    /// Per language and inflection, the class of each word.
    pub(super) classes: HashMap<(Lang, Pos), HashMap<String, ClassId>>,
    pub(super) tokens: tokenize::Tokens,
    pub(super) folded: String,
}
