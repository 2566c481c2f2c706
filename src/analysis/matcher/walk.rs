//! The walk: each token looked up in the form tables once ([`Matcher::candidates`]),
//! then the trie walked from each token that may start a term, across an
//! inserted adjective or a verb's object where a term allows it.

use super::*;

impl Matcher {
    /// Looks every token up in the indexes.
    pub(super) fn candidates(&self, lang: Lang, text: &str, tokens: &[Token], s: &mut Scratch) {
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
    pub(super) fn walk(
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
    pub(super) fn may_start(
        &self,
        index: &LangIndex,
        tokens: &[Token],
        s: &Scratch,
        i: usize,
    ) -> bool {
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
    pub(super) fn continues_after_word(
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
}

/// Where a walk of the trie stands.
#[derive(Clone, Copy, Debug)]
pub(super) struct Step {
    /// The token the walk started from (the term's first).
    pub(super) first: usize,
    /// The token to look at next (for a term found: its last token).
    pub(super) j: usize,
    pub(super) node: u32,
    pub(super) kind: MatchKind,
    /// Term words matched so far.
    pub(super) words: usize,
    /// Whether a word was skipped already.
    pub(super) gapped: bool,
}

impl Step {
    pub(super) fn start(j: usize) -> Step {
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
pub(super) fn gap_word(lang: Lang, s: &Scratch, tokens: &[Token], j: usize) -> Option<usize> {
    let known = s.gap[j].get();
    if known != UNKNOWN {
        return (known != NO_GAP).then_some(known as usize);
    }
    let found = gap_word_at(lang, s, tokens, j);
    s.gap[j].set(found.map_or(NO_GAP, |k| k as u32));
    found
}

pub(super) fn gap_word_at(lang: Lang, s: &Scratch, tokens: &[Token], j: usize) -> Option<usize> {
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
pub(super) fn object_word(lang: Lang, s: &Scratch, tokens: &[Token], j: usize) -> Option<usize> {
    let tok = tokens[j];
    let key = s.key(j);
    (tok.kind == crate::analysis::tokenize::TokenKind::Word
        && key.chars().count() >= 2
        && key.chars().all(char::is_alphabetic)
        && !morph::is_function_word(lang, key))
    .then_some(j + 1)
}
