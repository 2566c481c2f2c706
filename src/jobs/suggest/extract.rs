//! Extraction: which word sequences of a text are candidates. Each token
//! gets a role (content word, inner function word, stop), and a candidate
//! is a run of up to [`MAX_WORDS`] tokens of one sentence that starts and
//! ends on a content word and holds nothing the glossary already explains
//! (see [`candidates`](super::candidates) for the rules in full).

use std::ops::Range;

use super::keys::Keys;
use super::stop_words::is_stop_word;
use crate::analysis::morph::is_function_word;
use crate::analysis::normalize::lower_key;
use crate::analysis::tokenize::{Gap, Token, TokenKind, tokenize};
use crate::lang::Lang;

/// The longest candidate, in tokens (an elided article counts as one).
pub const MAX_WORDS: usize = 4;

fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Whether a word key is an article (function words keep their lower key).
fn is_article(lang: Lang, key: &str) -> bool {
    match lang {
        Lang::En => matches!(key, "a" | "an" | "the"),
        Lang::Fr => matches!(key, "l'" | "la" | "le" | "les" | "un" | "une"),
        Lang::Es => matches!(key, "el" | "la" | "las" | "los" | "un" | "una"),
    }
}

/// How a token may take part in a candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// May start, end or sit inside a candidate.
    Content,
    /// May only sit inside one: a preposition, article or elided article.
    Inner,
    /// Never part of a candidate: a stop word, a number, a clitic, a
    /// conjunction.
    Stop,
}

/// The role of a token whose lower key is `lower`.
pub fn role(lang: Lang, token: &Token, lower: &str) -> Role {
    match token.kind {
        TokenKind::Number | TokenKind::Clitic => Role::Stop,
        TokenKind::Elided => {
            if is_function_word(lang, lower) {
                Role::Inner
            } else {
                Role::Stop
            }
        }
        TokenKind::Word => {
            if crate::analysis::morph::is_conjunction(lang, lower) {
                Role::Stop
            } else if is_function_word(lang, lower) {
                Role::Inner
            } else if is_stop_word(lang, lower) || lower.chars().count() < 2 {
                Role::Stop
            } else {
                Role::Content
            }
        }
    }
}

/// One occurrence of a candidate in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    /// The candidate's key.
    pub key: String,
    /// Token indices, into the slice given to [`Extractor::occurrences`].
    pub tokens: Range<usize>,
    /// Byte offsets into the text.
    pub start: usize,
    pub end: usize,
    /// Whether it starts its sentence (its capital then says nothing).
    pub sentence_initial: bool,
    /// How many of its words are content words (not prepositions or
    /// articles).
    pub content_words: usize,
}

/// Finds candidate occurrences; reuse one per thread.
#[derive(Default)]
pub struct Extractor {
    keys: Keys,
    lower: String,
    pub(super) token_keys: Vec<String>,
    pub(super) roles: Vec<Role>,
    /// Lower keys of glossary words, never taken for verbs and the like.
    protected: rustc_hash::FxHashSet<String>,
}

impl Extractor {
    pub fn new() -> Extractor {
        Extractor::default()
    }

    /// Keeps the words of the glossary's terms as content words even where
    /// general text uses them as verbs: es "trata" (de personas) is a noun
    /// here, whatever "se trata de" does elsewhere.
    pub fn protect(&mut self, glossary: &crate::glossary::Glossary) {
        for term in glossary.concepts.iter().flat_map(|c| &c.terms) {
            for token in tokenize(&term.text).tokens {
                self.protected
                    .insert(crate::analysis::normalize::lower(token.text(&term.text)));
            }
        }
    }

    /// Appends to `out` every candidate occurrence among `tokens` (of
    /// `text`, in language `lang`), nested ones included, except those lying
    /// wholly inside one of `explained` (token ranges, sorted by start, that
    /// the glossary already accounts for).
    pub fn occurrences(
        &mut self,
        lang: Lang,
        text: &str,
        tokens: &[Token],
        explained: &[Range<usize>],
        out: &mut Vec<Occurrence>,
    ) {
        self.token_keys.resize_with(tokens.len(), String::new);
        self.roles.clear();
        for (i, token) in tokens.iter().enumerate() {
            let word = token.text(text);
            lower_key(word, &mut self.lower);
            let mut role = role(lang, token, &self.lower);
            let key = &mut self.token_keys[i];
            key.clear();
            if role != Role::Stop {
                self.keys.push_word(lang, word, key);
                // Nothing left once accents are folded (a lone combining
                // mark): not a word.
                if key.is_empty() {
                    role = Role::Stop;
                }
            }
            // A verb of general text stops candidates but keeps its key, so
            // that `Candidates::count_words` counts it like the profile does.
            if role == Role::Content
                && crate::jobs::suggest::profile::Profile::builtin(lang).is_non_nominal(&self.lower)
                && !self.protected.contains(&self.lower)
            {
                role = Role::Stop;
            }
            self.roles.push(role);
        }
        let mut explained_at = 0;
        for first in 0..tokens.len() {
            if self.roles[first] != Role::Content {
                continue;
            }
            let initial = first == 0
                || tokens[first - 1].sentence != tokens[first].sentence
                || tokens[first].gap == Gap::Break;
            let mut key = String::new();
            let mut content_words = 0;
            for end in first + 1..=(first + MAX_WORDS).min(tokens.len()) {
                let last = end - 1;
                if last > first {
                    let t = &tokens[last];
                    // An article inside a term follows a preposition ("of
                    // the", "de la"); elsewhere it starts a new phrase
                    // ("semaine le Troisième").
                    let after_preposition = self.roles[last - 1] == Role::Inner
                        && !is_article(lang, &self.token_keys[last - 1]);
                    let stray_article =
                        is_article(lang, &self.token_keys[last]) && !after_preposition;
                    if self.roles[last] == Role::Stop
                        || stray_article
                        || t.sentence != tokens[first].sentence
                        || !matches!(t.gap, Gap::Space | Gap::Hyphen)
                    {
                        break;
                    }
                    key.push(' ');
                }
                key.push_str(&self.token_keys[last]);
                if self.roles[last] != Role::Content {
                    continue;
                }
                content_words += 1;
                // Ending on a capital after a lowercase word runs into a
                // name: "migration with the United", "policy regarding Cuba".
                if last > first && starts_upper(tokens[last].text(text)) {
                    let lowercase_before = tokens[first..last]
                        .iter()
                        .zip(&self.roles[first..last])
                        .any(|(t, r)| *r == Role::Content && !starts_upper(t.text(text)));
                    if lowercase_before {
                        continue;
                    }
                }
                while explained_at < explained.len() && explained[explained_at].end <= first {
                    explained_at += 1;
                }
                let inside = explained[explained_at..]
                    .iter()
                    .take_while(|r| r.start <= first)
                    .any(|r| r.end >= end);
                if inside {
                    continue;
                }
                out.push(Occurrence {
                    key: key.clone(),
                    tokens: first..end,
                    start: tokens[first].start,
                    end: tokens[last].end,
                    sentence_initial: initial,
                    content_words,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::tokenize::tokenize;

    fn candidates(lang: Lang, text: &str, explained: &[Range<usize>]) -> Vec<String> {
        let tokens = tokenize(text);
        let mut out = Vec::new();
        Extractor::new().occurrences(lang, text, &tokens.tokens, explained, &mut out);
        out.iter()
            .map(|o| text[o.start..o.end].to_string())
            .collect()
    }

    #[test]
    fn candidates_follow_the_rules() {
        let got = candidates(
            Lang::En,
            "The freedom of movement of migrants, he said.",
            &[],
        );
        assert_eq!(
            got,
            [
                "freedom",
                "freedom of movement",
                "movement",
                "movement of migrants",
                "migrants"
            ]
        );
        // Four tokens at most; the elided article counts as one.
        let got = candidates(Lang::Fr, "Les demandeurs d’asile déboutés arrivent.", &[]);
        assert!(
            got.contains(&"demandeurs d’asile déboutés".to_string()),
            "{got:?}"
        );
        assert!(!got.contains(&"demandeurs d’asile déboutés arrivent".to_string()));
        assert!(
            !got.iter()
                .any(|c| c.starts_with("d’") || c.starts_with("Les"))
        );
        // A lowercase start does not run into a name.
        let got = candidates(Lang::En, "on migration with the United States", &[]);
        assert!(!got.iter().any(|c| c.contains("the United")), "{got:?}");
        assert!(got.contains(&"United States".to_string()), "{got:?}");
        // An article inside follows a preposition.
        let got = candidates(
            Lang::Fr,
            "cette semaine le Troisième Cycle de la Conférence",
            &[],
        );
        assert!(
            got.contains(&"Cycle de la Conférence".to_string()),
            "{got:?}"
        );
        assert!(!got.iter().any(|c| c.contains("semaine le")), "{got:?}");
        // Conjunctions, numbers and sentence ends break candidates.
        let got = candidates(Lang::Es, "Tráfico y trata. Llegaron 300 migrantes", &[]);
        assert_eq!(got, ["Tráfico", "migrantes"]);
        // "trata" is a verb in general text ("se trata de") and "llegaron"
        // only ever one; glossary words are protected.
        let text = "La trata de personas";
        let tokens = tokenize(text);
        let mut extractor = Extractor::new();
        extractor.protect(&crate::glossary::Glossary::builtin());
        let mut out = Vec::new();
        extractor.occurrences(Lang::Es, text, &tokens.tokens, &[], &mut out);
        let got: Vec<&str> = out.iter().map(|o| &text[o.start..o.end]).collect();
        assert_eq!(got, ["trata", "trata de personas", "personas"]);
    }

    #[test]
    fn explained_spans_hide_only_what_lies_inside_them() {
        let text = "bilateral migration talks";
        // "migration talks" (tokens 1..3) is a glossary term.
        let explained: [Range<usize>; 1] = [Range { start: 1, end: 3 }];
        let got = candidates(Lang::En, text, &explained);
        assert_eq!(
            got,
            [
                "bilateral",
                "bilateral migration",
                "bilateral migration talks"
            ]
        );
    }
}
