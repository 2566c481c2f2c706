//! The lexical keys of a sentence: what survives translation, in the five
//! channels of the model (glossary concepts, numbers, names, cognate
//! prefixes, dictionary entries), hashed, one [`Side`] per document; and the
//! ties between edit-similar words of the two sides (Syria, Siria) that make
//! their cognate prefixes one key. The lexicon interns what this extracts.

use std::hash::Hasher;
use std::ops::Range;

use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

use super::Channel;
use super::dictionary::Phrases;
use crate::analysis::matcher::{Match, Matcher, Scratch};
use crate::analysis::normalize::{fold_key, lower_key};
use crate::analysis::tokenize::{Token, TokenKind, Tokens, tokenize_into};
use crate::lang::Lang;

/// One side of a document pair: sentence lengths and raw lexical keys.
#[derive(Default)]
pub(super) struct Side {
    /// Characters per sentence.
    pub(super) len: Vec<f64>,
    /// Hashed keys: sentence i has `raw[start[i]..start[i + 1]]`.
    pub(super) raw: Vec<(u64, Channel)>,
    pub(super) start: Vec<usize>,
    /// The cognate prefix keys of the side.
    pub(super) prefixes: FxHashSet<u64>,
    /// Folded words of five letters or more, for edit-similar cognates.
    pub(super) vocab: FxHashSet<Box<str>>,
}

/// Scratch buffers for key extraction, reused across sentences.
#[derive(Default)]
pub(super) struct Extract {
    tokens: Tokens,
    scratch: Scratch,
    matches: Vec<Match>,
    lower: String,
    fold: String,
    /// The folded tokens of the sentence, concatenated; `spans` index them.
    folded: String,
    spans: Vec<Range<usize>>,
    digits: String,
}

/// Appends the keys of one sentence to `side.raw`.
pub(super) fn keys(
    matcher: &Matcher,
    phrases: Option<&Phrases>,
    text: &str,
    lang: Lang,
    sc: &mut Extract,
    side: &mut Side,
) {
    tokenize_into(text, &mut sc.tokens);
    sc.matches.clear();
    let tokens = &sc.tokens.tokens;
    matcher.find(lang, text, tokens, 0, &mut sc.scratch, &mut sc.matches);
    for m in &sc.matches {
        let h = key_hash(Channel::Concept, &m.term.concept.to_le_bytes());
        side.raw.push((h, Channel::Concept));
    }
    sc.folded.clear();
    sc.spans.clear();
    let mut sentence = u32::MAX;
    let mut seen_word = false;
    let mut number_end = 0;
    for (t, token) in tokens.iter().enumerate() {
        let word = token.text(text);
        lower_key(word, &mut sc.lower);
        fold_key(&sc.lower, &mut sc.fold);
        let at = sc.folded.len();
        sc.folded.push_str(&sc.fold);
        sc.spans.push(at..sc.folded.len());
        if token.sentence != sentence {
            sentence = token.sentence;
            seen_word = false;
        }
        match token.kind {
            // Inside a number already pushed with its thousands groups.
            TokenKind::Number if t < number_end => {}
            TokenKind::Number => {
                number_end = t + 1;
                if word.len() <= 3 && word.bytes().all(|b| b.is_ascii_digit()) {
                    while number_end < tokens.len()
                        && is_thousands_group(text, &tokens[number_end - 1], &tokens[number_end])
                    {
                        number_end += 1;
                    }
                }
                let number = &text[token.start..tokens[number_end - 1].end];
                push_number(number, &mut sc.digits, side);
            }
            TokenKind::Word if word.bytes().any(|b| b.is_ascii_digit()) => {
                for run in word.split(|c: char| !c.is_ascii_digit()) {
                    push_number(run, &mut sc.digits, side);
                }
            }
            TokenKind::Word => {
                let fold = sc.fold.as_str();
                let letters = fold.chars().count();
                let capital = word.chars().next().is_some_and(char::is_uppercase);
                if seen_word && capital && letters >= 2 {
                    let h = key_hash(Channel::Name, fold.as_bytes());
                    side.raw.push((h, Channel::Name));
                }
                if letters >= 4 {
                    let h = key_hash(Channel::Cognate, prefix4(fold).as_bytes());
                    side.raw.push((h, Channel::Cognate));
                    side.prefixes.insert(h);
                    if letters >= 5 && !side.vocab.contains(fold) {
                        side.vocab.insert(fold.into());
                    }
                }
            }
            TokenKind::Elided | TokenKind::Clitic => {}
        }
        seen_word |= token.kind == TokenKind::Word;
    }
    if let Some(phrases) = phrases {
        phrases.find(&sc.folded, &sc.spans, |class| {
            let h = key_hash(Channel::Dictionary, &class.to_le_bytes());
            side.raw.push((h, Channel::Dictionary));
        });
    }
}

fn key_hash(channel: Channel, bytes: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.write_u8(channel as u8);
    h.write(bytes);
    h.write_u8(0xff);
    h.finish()
}

/// The first four characters of a word.
fn prefix4(word: &str) -> &str {
    word.char_indices()
        .nth(4)
        .map_or(word, |(at, _)| &word[..at])
}

/// Whether `next` continues the number `prev` as a group of thousands
/// written after a space (French and Spanish style: 1 200, 1 200 000).
fn is_thousands_group(text: &str, prev: &Token, next: &Token) -> bool {
    let group = &text[next.start..next.end];
    let mut between = text[prev.end..next.start].chars();
    next.kind == TokenKind::Number
        && group.len() == 3
        && group.bytes().all(|b| b.is_ascii_digit())
        && matches!(
            between.next(),
            Some(' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
        )
        && between.next().is_none()
}

/// Pushes the number key of a token: its digits, other characters being
/// separators (1,200 = 1.200 = 1200), leading zeros dropped.
fn push_number(token: &str, digits: &mut String, side: &mut Side) {
    digits.clear();
    let mut any = false;
    for b in token.bytes().filter(u8::is_ascii_digit) {
        any = true;
        if !(digits.is_empty() && b == b'0') {
            digits.push(b as char);
        }
    }
    if !any {
        return;
    }
    if digits.is_empty() {
        digits.push('0');
    }
    side.raw.push((
        key_hash(Channel::Number, digits.as_bytes()),
        Channel::Number,
    ));
}

/// Union–find over cognate prefix keys.
#[derive(Default)]
pub(super) struct Links {
    parent: FxHashMap<u64, u64>,
}

impl Links {
    pub(super) fn find(&self, mut x: u64) -> u64 {
        while let Some(&p) = self.parent.get(&x) {
            x = p;
        }
        x
    }

    fn union(&mut self, a: u64, b: u64) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.parent.insert(a.max(b), a.min(b));
        }
    }
}

/// Ties the prefixes of edit-similar words (normalised similarity ≥ 0.8,
/// five letters or more) across the sides, among words whose own prefix has
/// no counterpart on the other side (Syria / Siria). Candidates come from a
/// symmetric-deletion index (words one deletion apart), then are checked.
pub(super) fn cognate_links(src: &Side, tgt: &Side) -> Links {
    let mut links = Links::default();
    fn lonely<'a>(side: &'a Side, other: &Side) -> Vec<(&'a str, Vec<char>, u64)> {
        let mut words: Vec<(&str, Vec<char>, u64)> = side
            .vocab
            .iter()
            .map(|w| {
                (
                    &**w,
                    w.chars().collect(),
                    key_hash(Channel::Cognate, prefix4(w).as_bytes()),
                )
            })
            .filter(|(_, _, h)| !other.prefixes.contains(h))
            .collect();
        words.sort_unstable_by(|a, b| a.0.cmp(b.0));
        words
    }
    let (s_words, t_words) = (lonely(src, tgt), lonely(tgt, src));
    if s_words.is_empty() || t_words.is_empty() {
        return links;
    }
    let mut index: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
    for (at, (_, chars, _)) in t_words.iter().enumerate() {
        deletions(chars, |h| index.entry(h).or_default().push(at as u32));
    }
    let mut row = Vec::new();
    for (_, chars, prefix) in &s_words {
        deletions(chars, |h| {
            for &at in index.get(&h).map_or(&[][..], Vec::as_slice) {
                let (_, other, other_prefix) = &t_words[at as usize];
                let longest = chars.len().max(other.len());
                if 5 * levenshtein(chars, other, &mut row) <= longest {
                    links.union(*prefix, *other_prefix);
                }
            }
        });
    }
    links
}

/// Calls `f` with the hash of the word and of each one-letter deletion.
fn deletions(chars: &[char], mut f: impl FnMut(u64)) {
    for skip in 0..=chars.len() {
        let mut h = FxHasher::default();
        for (i, &c) in chars.iter().enumerate() {
            if i != skip {
                h.write_u32(c as u32);
            }
        }
        f(h.finish());
    }
}

fn levenshtein(a: &[char], b: &[char], row: &mut Vec<usize>) -> usize {
    row.clear();
    row.extend(0..=b.len());
    for (i, &x) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &y) in b.iter().enumerate() {
            let next = (diagonal + usize::from(x != y))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::align::tests::{aligner, keys_of};

    fn number(digits: &str) -> (u64, Channel) {
        (
            key_hash(Channel::Number, digits.as_bytes()),
            Channel::Number,
        )
    }

    #[test]
    fn numbers_are_compared_by_their_digits() {
        for (text, lang) in [
            ("About 1,200 migrants.", Lang::En),
            ("Environ 1 200 migrants.", Lang::Fr),
            ("Environ 1\u{202f}200 migrants.", Lang::Fr),
            ("Unos 1.200 migrantes.", Lang::Es),
            ("Unos 01200 migrantes.", Lang::Es),
        ] {
            let numbers: Vec<_> = keys_of(text, lang, None)
                .into_iter()
                .filter(|k| k.1 == Channel::Number)
                .collect();
            assert_eq!(numbers, [number("1200")], "{text}");
        }
        // A year is not a group of thousands of the number before it.
        let numbers: Vec<_> = keys_of("Le 12 2019 puis 3 000 000 et 0.", Lang::Fr, None)
            .into_iter()
            .filter(|k| k.1 == Channel::Number)
            .collect();
        assert_eq!(
            numbers,
            [number("12"), number("2019"), number("3000000"), number("0")]
        );
    }

    #[test]
    fn names_skip_the_first_word_of_a_sentence() {
        let name = |w: &str| (key_hash(Channel::Name, w.as_bytes()), Channel::Name);
        let keys = keys_of(
            "Migrants reached Lampedusa. Then Médecins Sans Frontières helped.",
            Lang::En,
            None,
        );
        let names: Vec<_> = keys.into_iter().filter(|k| k.1 == Channel::Name).collect();
        assert_eq!(
            names,
            [
                name("lampedusa"),
                name("medecins"),
                name("sans"),
                name("frontieres")
            ]
        );
    }

    #[test]
    fn glossary_concepts_are_keys() {
        for (lang, text) in [
            (Lang::En, "The asylum seekers waited."),
            (Lang::Fr, "Les demandeurs d'asile attendaient."),
            (Lang::Es, "Los solicitantes de asilo esperaban."),
        ] {
            let concepts: Vec<_> = keys_of(text, lang, None)
                .into_iter()
                .filter(|k| k.1 == Channel::Concept)
                .collect();
            assert!(!concepts.is_empty(), "{lang}: {text}");
        }
    }

    #[test]
    fn edit_similar_words_tie_their_prefixes() {
        let side = |sentences: &[&str], lang| aligner(lang, lang).side(sentences, lang, None);
        let en = side(&["Refugees from Syria arrived."], Lang::En);
        let es = side(&["Llegaron refugiados de Siria."], Lang::Es);
        let links = cognate_links(&en, &es);
        let prefix = |p: &str| key_hash(Channel::Cognate, p.as_bytes());
        assert_eq!(links.find(prefix("syri")), links.find(prefix("siri")));
        assert_ne!(links.find(prefix("arri")), links.find(prefix("lleg")));
    }
}
