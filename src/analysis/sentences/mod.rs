//! Sentence splitting, for aligning a text with its translation.
//!
//! [`split`] cuts a text into sentences and returns them as byte ranges into
//! the original, trimmed of the whitespace around them. It works in one pass
//! over the lines (paragraphs, headings, list items, unpunctuated lines) and
//! one pass over the sentence-final punctuation, then merges the cuts. Looking
//! back from a period reads at most one word, and looking ahead only the
//! whitespace and opening marks that follow and at most one word, so the time
//! is linear in the length of the text.
//!
//! # Lines
//!
//! * A blank line (a paragraph break) always ends a sentence.
//! * A Markdown heading (`# …`) and a list item (`- `, `* `, `+ `, `• `,
//!   `1. `, `1) `) start a sentence; a heading also ends one.
//! * A line with no final punctuation (it ends with a letter, a digit, a closing
//!   quote or bracket) ends a sentence when the next line starts with a capital
//!   or a digit (after any opening quote or bracket): titles and unpunctuated
//!   list lines. A line that ends with a comma, a colon or a dash, or a next
//!   line that starts in lowercase, continues the sentence.
//!
//! # Punctuation
//!
//! A run of `.`, `!`, `?`, `…` (and their kin), with the closing quotes and
//! brackets glued to it (and a French `»` after a space), ends a sentence when
//! it is followed by whitespace and then by a capital, a digit, or an opening
//! quote, bracket, dash, `¿` or `¡` before one. So nothing breaks inside `3.5`,
//! `1.200`, `10.30`, `U.S.A`, `www.example.org` or `a.b@example.org`; an
//! ellipsis or a `?` followed by a lowercase word (`… et puis`, `¿Vienes?
//! —preguntó`) does not end the sentence, nor does punctuation followed by a
//! comma (`« Pourquoi ? », a-t-il dit`). An ellipsis inside brackets (`[…]`,
//! `(...)`) marks a cut in a quotation, not a sentence end.
//!
//! A single period after a known abbreviation of the language depends on the
//! abbreviation's kind: titles and the like (`Mr.`, `Dr.`, `M.`,
//! `Sra.`, `No.`, `e.g.`, `p. ex.`) never end a sentence; abbreviations that
//! may close one (`U.S.`, `U.S.A.`, `Inc.`, `Jr.`, `É.-U.`, `EE. UU.`) end it
//! only before a word that usually begins a sentence (`The`, `Il`, `El`…, see
//! the starter tables) or an opening quote, so `U.S. Army` and `Acme Inc.
//! Headquarters` hold; a month (`Oct.`, `janv.`, `ene.`), which stands before a
//! number, not a name, ends it before any capitalised word or opening quote
//! (`until Oct. President Widodo`, but `Oct. 5`); `etc.` ends it before any
//! capital. Initials (`J. R. R. Tolkien`, `George W. Bush`) and dotted acronyms
//! not in the tables (`Ph.D.`, `a.m.`) count as abbreviations that may close a
//! sentence. A number at the start of a line followed by a period is a list
//! number, not a sentence.
//!
//! A straight quote `"` is both an opener and a closer: glued to a final mark
//! (`"no."`) it closes that sentence; after a space (`"no." "We…`) it opens the
//! next, since only a guillemet is taken across a space.
//!
//! # Where
//!
//! This file holds [`split`], which merges the two passes, and the character
//! classes both use; `lines.rs` makes the cuts of the layout, `punctuation.rs`
//! those of the final marks, `tables.rs` holds the abbreviations and the words
//! that begin a sentence, per language, and `tests.rs` the tests of [`split`]
//! (the same cases in each language, then each language's own).

mod lines;
mod punctuation;
mod tables;
#[cfg(test)]
mod tests;

use std::ops::Range;

use crate::lang::Lang;

use self::lines::line_cuts;
use self::punctuation::punctuation_cuts;

/// Splits `text` into sentences, as byte ranges into `text` (trimmed of
/// surrounding whitespace, in order, non-overlapping, never empty).
pub fn split(text: &str, lang: Lang) -> Vec<Range<usize>> {
    let mut sentences = Vec::new();
    split_each(text, lang, |range| sentences.push(range));
    sentences
}

/// [`split`], each sentence's range given to `each` in order (a caller
/// that keeps them in another form holds no list of ranges).
pub fn split_each(text: &str, lang: Lang, mut each: impl FnMut(Range<usize>)) {
    let by_line = line_cuts(text, lang);
    let by_punctuation = punctuation_cuts(text, lang);
    let mut start = 0;
    for cut in merge_sorted(&by_line, &by_punctuation).chain(std::iter::once(text.len())) {
        if cut > start {
            if let Some(range) = trimmed(text, start..cut) {
                each(range);
            }
            start = cut;
        }
    }
}

// ---------------------------------------------------------------------------
// Characters.

/// Whitespace, and the byte-order mark, which editors leave at the start of
/// files and is no more part of a sentence.
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// Marks that end a sentence.
fn is_terminal(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '…' | '‼' | '⁇' | '⁈' | '⁉' | '。' | '！' | '？'
    )
}

/// Closing quotes and brackets, and Markdown emphasis, that belong to the
/// sentence they follow when glued to its final mark.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '}' | '*' | '_'
    )
}

/// What may stand before the first word of a sentence: opening quotes and
/// brackets, Spanish `¿` `¡`, dashes, bullets, Markdown markers.
fn is_opener(c: char) -> bool {
    is_quote_opener(c)
        || matches!(
            c,
            '(' | '['
                | '{'
                | '-'
                | '–'
                | '—'
                | '―'
                | '•'
                | '◦'
                | '‣'
                | '▪'
                | '·'
                | '*'
                | '_'
                | '#'
        )
}

/// Opening quotes and the Spanish opening marks: after a terminal mark they
/// announce a new sentence even after an abbreviation.
fn is_quote_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '‘' | '«' | '‹' | '„' | '‚' | '¿' | '¡'
    )
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’')
}

/// Whether `c` can begin a sentence after a terminal mark: a capital, a
/// caseless letter (there is no case to tell), a digit, a currency sign.
fn begins_sentence(c: char) -> bool {
    (c.is_alphabetic() && !c.is_lowercase()) || c.is_numeric() || matches!(c, '$' | '€' | '£' | '¥')
}

fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|s| s.chars().next())
}

fn char_before(text: &str, i: usize) -> Option<char> {
    text.get(..i).and_then(|s| s.chars().next_back())
}

// ---------------------------------------------------------------------------
// Assembly.

/// The union of two sorted lists of cuts, in order (duplicates are harmless).
fn merge_sorted<'a>(a: &'a [usize], b: &'a [usize]) -> impl Iterator<Item = usize> + 'a {
    let (mut i, mut j) = (0, 0);
    std::iter::from_fn(move || {
        let next = match (a.get(i), b.get(j)) {
            (Some(&x), Some(&y)) if x <= y => {
                i += 1;
                x
            }
            (_, Some(&y)) => {
                j += 1;
                y
            }
            (Some(&x), None) => {
                i += 1;
                x
            }
            (None, None) => return None,
        };
        Some(next)
    })
}

/// `range` trimmed of whitespace, or `None` when nothing is left.
fn trimmed(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let piece = &text[range.clone()];
    let trimmed = piece.trim_start_matches(is_space);
    let start = range.start + (piece.len() - trimmed.len());
    let trimmed = trimmed.trim_end_matches(is_space);
    (!trimmed.is_empty()).then(|| start..start + trimmed.len())
}
