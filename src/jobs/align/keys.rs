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

/// The longest word compared letter by letter for an edit-similar cognate
/// (the longest French word, anticonstitutionnellement, has 25 letters):
/// longer runs of letters are codes or garbage, and their one-letter
/// deletions would fill the index with a key per letter.
pub(super) const MAX_COGNATE_LETTERS: usize = 64;

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
    /// Folded words of five to [`MAX_COGNATE_LETTERS`] letters, for
    /// edit-similar cognates.
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
                    if (5..=MAX_COGNATE_LETTERS).contains(&letters) && !side.vocab.contains(fold) {
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
    /// Characters hashed and edit-distance cells computed to find the
    /// links: linear in the letters of both vocabularies (a test holds it
    /// to that, so that one long word cannot make alignment quadratic).
    pub(super) work: u64,
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

/// The most edits two tied words may differ by: what one deletion from
/// each can undo (a substitution, or a transposition of neighbours).
const MAX_EDITS: usize = 2;

/// Ties the prefixes of edit-similar words (normalised similarity ≥ 0.8,
/// five letters or more) across the sides, among words whose own prefix has
/// no counterpart on the other side (Syria / Siria). Candidates come from a
/// symmetric-deletion index (words one deletion apart, so at most
/// [`MAX_EDITS`] edits apart), then are checked. Each word's deletions are
/// hashed in one pass and compared in a band of [`MAX_EDITS`] cells, so the
/// work is linear in the words' letters: a 100,000-letter word costs what
/// its letters do, not their square.
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
    let mut hashes = Vec::new();
    for (at, (_, chars, _)) in t_words.iter().enumerate() {
        links.work += deletions(chars, &mut hashes);
        for &h in &hashes {
            index.entry(h).or_default().push(at as u32);
        }
    }
    let mut candidates: Vec<u32> = Vec::new();
    let mut band = Band::default();
    for (_, chars, prefix) in &s_words {
        links.work += deletions(chars, &mut hashes);
        candidates.clear();
        for h in &hashes {
            candidates.extend_from_slice(index.get(h).map_or(&[][..], Vec::as_slice));
        }
        // A word reached through several of its deletions is checked once.
        candidates.sort_unstable();
        candidates.dedup();
        for &at in &candidates {
            let (_, other, other_prefix) = &t_words[at as usize];
            if links.find(*prefix) == links.find(*other_prefix) {
                continue;
            }
            // Similarity ≥ 0.8: at most a fifth of the longer word edited.
            let longest = chars.len().max(other.len());
            let (within, cells) = band.within(chars, other, MAX_EDITS.min(longest / 5));
            links.work += cells;
            if within {
                links.union(*prefix, *other_prefix);
            }
        }
    }
    links
}

/// Puts into `out` the hash of the word and of each one-letter deletion
/// that makes a different string (deleting any letter of a run makes the
/// same one), and returns the characters hashed. A polynomial hash modulo
/// the Mersenne prime 2^61 − 1 makes each deletion's hash from the hashes
/// of what precedes and follows it: one pass, however long the word.
fn deletions(chars: &[char], out: &mut Vec<u64>) -> u64 {
    const P: u64 = (1 << 61) - 1;
    const BASE: u64 = 0x5851_f42d_4c95_7f2d % P;
    fn mul(a: u64, b: u64) -> u64 {
        let p = u128::from(a) * u128::from(b);
        // 2^61 ≡ 1: fold the high bits onto the low ones, twice.
        let r = (p as u64 & P) + (p >> 61) as u64;
        let r = (r & P) + (r >> 61);
        if r >= P { r - P } else { r }
    }
    fn add(a: u64, b: u64) -> u64 {
        let r = a + b;
        if r >= P { r - P } else { r }
    }
    // A character is 1 + its code, so that no letter weighs 0.
    let digit = |c: char| u64::from(c) + 1;
    let n = chars.len();
    // suffix[i]: the hash of chars[i..]; power[i]: BASE^i.
    let mut suffix = vec![0u64; n + 1];
    let mut power = vec![1u64; n + 1];
    for i in (0..n).rev() {
        power[n - i] = mul(power[n - i - 1], BASE);
        suffix[i] = add(mul(digit(chars[i]), power[n - i - 1]), suffix[i + 1]);
    }
    out.clear();
    // The word itself, then chars[..i] + chars[i + 1..] for each run's first i.
    out.push(suffix[0]);
    let mut prefix = 0u64;
    for i in 0..n {
        if i == 0 || chars[i] != chars[i - 1] {
            out.push(add(mul(prefix, power[n - i - 1]), suffix[i + 1]));
        }
        prefix = add(mul(prefix, BASE), digit(chars[i]));
    }
    2 * n as u64 + 1
}

/// Buffers for [`Band::within`], reused from one pair to the next.
#[derive(Default)]
struct Band {
    prev: Vec<usize>,
    cur: Vec<usize>,
}

impl Band {
    /// Whether the edit distance of `a` and `b` is at most `k`, computed in
    /// the band of cells within `k` of the diagonal; with the cells computed.
    fn within(&mut self, a: &[char], b: &[char], k: usize) -> (bool, u64) {
        const FAR: usize = usize::MAX / 2;
        let (n, m) = (a.len(), b.len());
        if n.abs_diff(m) > k {
            return (false, 0);
        }
        let (prev, cur) = (&mut self.prev, &mut self.cur);
        prev.clear();
        prev.resize(m + 2, FAR);
        cur.clear();
        cur.resize(m + 2, FAR);
        for (j, cell) in prev.iter_mut().enumerate().take(m.min(k) + 1) {
            *cell = j;
        }
        let mut cells = 0;
        for i in 1..=n {
            let (lo, hi) = (i.saturating_sub(k), m.min(i + k));
            if lo > 0 {
                cur[lo - 1] = FAR;
            }
            let mut best = FAR;
            for j in lo..=hi {
                let v = if j == 0 {
                    i
                } else {
                    let substitute = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
                    substitute.min(prev[j] + 1).min(cur[j - 1] + 1)
                };
                cur[j] = v;
                best = best.min(v);
            }
            // The next row reads one cell past this band: outside it.
            cur[hi + 1] = FAR;
            cells += (hi + 1 - lo) as u64;
            std::mem::swap(prev, cur);
            if best > k {
                return (false, cells);
            }
        }
        (prev[m] <= k, cells)
    }
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

    /// A side whose vocabulary is `words`, none of whose prefixes the
    /// other side has: every word is a candidate.
    fn vocab_side(words: &[String]) -> Side {
        Side {
            vocab: words.iter().map(|w| w.as_str().into()).collect(),
            ..Side::default()
        }
    }

    #[test]
    fn long_words_are_tied_in_linear_work() {
        // Hashing each deletion afresh was n² characters (4·10^8 here) and
        // the full edit distance n² cells: one 80,000-letter word took 7 s.
        let n = 20_000;
        for (a, b) in [
            ("a".repeat(n) + "b", "a".repeat(n) + "c"),
            ("ab".repeat(n / 2), "ba".repeat(n / 2)),
            ("xy".repeat(n / 2) + "z", "xy".repeat(n / 2)),
        ] {
            let letters = (a.len() + b.len()) as u64;
            let (src, tgt) = (
                vocab_side(std::slice::from_ref(&a)),
                vocab_side(std::slice::from_ref(&b)),
            );
            let links = cognate_links(&src, &tgt);
            let prefix = |w: &str| key_hash(Channel::Cognate, prefix4(w).as_bytes());
            assert_eq!(
                links.find(prefix(&a)),
                links.find(prefix(&b)),
                "{}",
                &a[..8]
            );
            assert!(
                links.work <= 8 * letters,
                "{} for {letters} letters",
                links.work
            );
        }
    }

    /// The edit distance, every cell: what [`Band::within`] must agree with.
    fn levenshtein(a: &[char], b: &[char]) -> usize {
        let mut row: Vec<usize> = (0..=b.len()).collect();
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

    #[test]
    fn the_band_and_the_deletion_hashes_agree_with_their_definitions() {
        let mut seed = 0x2545_f491_u32;
        let mut next = |n: u32| {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed % n
        };
        let mut band = Band::default();
        let mut hashes = Vec::new();
        let mut whole = Vec::new();
        for _ in 0..3000 {
            // Short words over three letters (é among them), so that
            // runs, repeats and near misses are common.
            let word = |next: &mut dyn FnMut(u32) -> u32| -> Vec<char> {
                (0..next(9))
                    .map(|_| ['a', 'b', 'é'][next(3) as usize])
                    .collect()
            };
            let (a, b) = (word(&mut next), word(&mut next));
            let k = next(4) as usize;
            let d = levenshtein(&a, &b);
            assert_eq!(band.within(&a, &b, k).0, d <= k, "{a:?} {b:?} k={k}");
            // The hash of each deletion is the hash of the deleted word.
            deletions(&a, &mut hashes);
            let mut expected = vec![{
                deletions(&a, &mut whole);
                whole[0]
            }];
            for i in 0..a.len() {
                if i == 0 || a[i] != a[i - 1] {
                    let mut cut = a.clone();
                    cut.remove(i);
                    deletions(&cut, &mut whole);
                    expected.push(whole[0]);
                }
            }
            assert_eq!(hashes, expected, "{a:?}");
        }
    }

    #[test]
    fn words_past_the_longest_are_no_cognates() {
        let side = |text: &str| aligner(Lang::En, Lang::En).side(&[text], Lang::En, None);
        let long = "a".repeat(MAX_COGNATE_LETTERS + 1);
        let longest = "b".repeat(MAX_COGNATE_LETTERS);
        let s = side(&format!("The {long} and the {longest} arrived."));
        assert_eq!(s.vocab.len(), 2, "arrived and the longest");
        assert!(s.vocab.contains(longest.as_str()));
        assert!(!s.vocab.contains(long.as_str()));
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
