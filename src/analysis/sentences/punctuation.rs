//! The punctuation rules of sentence splitting: a run of final marks ends a
//! sentence according to what follows it and to the word before it (a number,
//! an abbreviation of the language, an initial), read at most one word each
//! way, so the time stays linear (see the parent module's "Punctuation").

use super::tables::Abbr::{self, Ambiguous, Closing, Leading, Month};
use super::tables::{abbreviations, elided_starters, lookup, starters};
use super::{
    begins_sentence, char_at, char_before, is_apostrophe, is_closer, is_opener, is_quote_opener,
    is_space, is_terminal,
};
use crate::lang::Lang;

/// How far back a period looks for the word it ends, in bytes. Longer words
/// (URLs, paths) are not abbreviations.
const MAX_WORD_BEFORE: usize = 48;
/// How many characters of the next word are read to test it as a starter.
const MAX_WORD_AFTER: usize = 24;

/// What follows a run of terminal marks.
struct Next<'t> {
    /// The first character after the whitespace and openers, if any.
    first: Option<char>,
    /// An opening quote, `¿` or `¡` came before it.
    quoted: bool,
    /// The word it begins (letters only, at most [`MAX_WORD_AFTER`]).
    word: &'t str,
    /// The character right after that word.
    after_word: Option<char>,
}

/// Cuts made by sentence-final punctuation. Sorted.
pub(super) fn punctuation_cuts(text: &str, lang: Lang) -> Vec<usize> {
    let mut cuts = Vec::new();
    let mut i = 0;
    while let Some(c) = char_at(text, i) {
        if !is_terminal(c) {
            i += c.len_utf8();
            continue;
        }
        let start = i;
        let mut end = i;
        while let Some(c) = char_at(text, end).filter(|&c| is_terminal(c)) {
            end += c.len_utf8();
        }
        let marks = &text[start..end];
        let after = absorb_closers(text, end);
        i = after;
        // A sentence end is followed by whitespace (or nothing).
        if char_at(text, after).is_some_and(|c| !is_space(c)) {
            continue;
        }
        let next = look_ahead(text, after);
        if ends_sentence(text, lang, start, marks, &next) {
            cuts.push(after);
        }
    }
    cuts
}

/// Past the closing quotes and brackets (and further terminal marks) glued to
/// a terminal mark ending at `i`, and a French `»` after a space.
fn absorb_closers(text: &str, mut i: usize) -> usize {
    loop {
        match char_at(text, i) {
            Some(c) if is_closer(c) || is_terminal(c) => i += c.len_utf8(),
            Some(c) if is_space(c) && c != '\n' && c != '\r' => {
                // « Oui. » : the closing guillemet after a (no-break) space.
                let mut j = i;
                while let Some(s) =
                    char_at(text, j).filter(|&s| is_space(s) && s != '\n' && s != '\r')
                {
                    j += s.len_utf8();
                }
                match char_at(text, j) {
                    Some(g @ ('»' | '›')) => i = j + g.len_utf8(),
                    _ => return i,
                }
            }
            _ => return i,
        }
    }
}

/// What comes after the whitespace at `i`.
fn look_ahead(text: &str, i: usize) -> Next<'_> {
    let mut j = i;
    let mut quoted = false;
    let mut first = None;
    while let Some(c) = char_at(text, j) {
        if is_space(c) {
        } else if is_opener(c) {
            quoted |= is_quote_opener(c);
        } else {
            first = Some(c);
            break;
        }
        j += c.len_utf8();
    }
    let mut k = j;
    for c in text[j..].chars().take(MAX_WORD_AFTER) {
        if !c.is_alphabetic() {
            break;
        }
        k += c.len_utf8();
    }
    Next {
        first,
        quoted,
        word: &text[j..k],
        after_word: char_at(text, k),
    }
}

/// Whether the terminal `marks` at `start`, followed by `next`, end a sentence.
fn ends_sentence(text: &str, lang: Lang, start: usize, marks: &str, next: &Next) -> bool {
    let Some(first) = next.first else {
        // Nothing follows but whitespace and openers.
        return true;
    };
    if !begins_sentence(first) && !next.quoted {
        // A lowercase word, a comma, a closing bracket: the sentence goes on.
        return false;
    }
    if first.is_lowercase() {
        // `"Why?" "because…"`: still lowercase after the quote.
        return false;
    }
    if marks != "." {
        // An ellipsis inside brackets marks a cut in a quotation.
        let ellipsis = marks.starts_with("..") || marks.starts_with('…');
        return !(ellipsis && matches!(char_before(text, start), Some('(' | '[')));
    }
    match word_before(text, lang, start) {
        Before::Word => true,
        Before::ListNumber => false,
        Before::Abbr(Leading) => false,
        Before::Abbr(Closing) => true,
        Before::Abbr(Ambiguous) => next.quoted || is_starter(lang, next),
        // `until Oct. President Widodo…`, but `on Oct. 5`.
        Before::Abbr(Month) => next.quoted || first.is_alphabetic(),
    }
}

/// What a period ends.
enum Before {
    /// A word or number that is no abbreviation.
    Word,
    /// A number at the start of a line: `1. `.
    ListNumber,
    /// An abbreviation, initial or dotted acronym.
    Abbr(Abbr),
}

/// What the word ending at the period at `dot` is.
fn word_before(text: &str, lang: Lang, dot: usize) -> Before {
    let head = &text[..dot];
    let mut word_start = dot;
    for (k, c) in head.char_indices().rev() {
        if is_space(c) {
            break;
        }
        if dot - k > MAX_WORD_BEFORE {
            return Before::Word;
        }
        word_start = k;
    }
    let raw = &text[word_start..dot];
    let word = raw.trim_start_matches(|c: char| is_opener(c) || is_closer(c));
    let word = word.rsplit(is_apostrophe).next().unwrap_or(word);
    if word.is_empty() {
        return Before::Word;
    }
    if word.len() <= 3 && word.bytes().all(|b| b.is_ascii_digit()) && raw.len() == word.len() {
        let line_start = head[..word_start]
            .trim_end_matches([' ', '\t'])
            .chars()
            .next_back()
            .is_none_or(|c| c == '\n' || c == '\r' || c == '\u{feff}');
        if line_start && dot - word_start < MAX_WORD_BEFORE {
            return Before::ListNumber;
        }
    }
    let table = abbreviations(lang);
    // Abbreviations of two words (`p. ex.`, `EE. UU.`) first.
    for &(abbr, kind) in table.iter().filter(|(a, _)| a.contains(' ')) {
        if ends_with_spaced(head, abbr) {
            return Before::Abbr(kind);
        }
    }
    if let Some(kind) = lookup(table, word) {
        return Before::Abbr(kind);
    }
    // A capitalised abbreviation at the start of a sentence: `Etc.`, `Art.`.
    let mut chars = word.chars();
    // Not for one letter: `A.` is an initial, whatever `a.` means.
    if let Some(c) = chars
        .next()
        .filter(|c| c.is_uppercase() && word.len() > c.len_utf8())
    {
        let lowered: String = c.to_lowercase().chain(chars).collect();
        if let Some(kind) = lookup(table, &lowered) {
            return Before::Abbr(kind);
        }
    }
    if is_initial_or_acronym(word) {
        return Before::Abbr(Ambiguous);
    }
    Before::Word
}

/// Whether `head` ends with the words of `abbr`, separated by any whitespace
/// (`EE.\u{a0}UU`), after something that is not a letter or digit.
fn ends_with_spaced(head: &str, abbr: &str) -> bool {
    let mut rest = head;
    for (k, part) in abbr.rsplit(' ').enumerate() {
        if k > 0 {
            let trimmed = rest.trim_end_matches(is_space);
            if trimmed.len() == rest.len() {
                return false;
            }
            rest = trimmed;
        }
        match rest.strip_suffix(part) {
            Some(r) => rest = r,
            None => return false,
        }
    }
    !rest.chars().next_back().is_some_and(char::is_alphanumeric)
}

/// An initial (`J`, `W`) or a dotted acronym (`U.S`, `Ph.D`, `J.-P`).
fn is_initial_or_acronym(word: &str) -> bool {
    let mut parts = 0;
    for part in word.split('.') {
        let part = part.strip_prefix('-').unwrap_or(part);
        let letters = part.chars().count();
        if !(1..=3).contains(&letters) || !part.chars().all(char::is_alphabetic) {
            return false;
        }
        parts += 1;
    }
    parts > 1 || word.chars().next().is_some_and(char::is_uppercase) && word.chars().count() == 1
}

/// Whether the next word usually begins a sentence. A single letter followed
/// by a period is an initial (`J. A. Smith`), not the article `A`.
fn is_starter(lang: Lang, next: &Next) -> bool {
    let word = next.word;
    if word.chars().count() == 1 && next.after_word == Some('.') {
        return false;
    }
    if next.after_word.is_some_and(is_apostrophe)
        && elided_starters(lang).binary_search(&word).is_ok()
    {
        return true;
    }
    starters(lang).binary_search(&word).is_ok()
}
