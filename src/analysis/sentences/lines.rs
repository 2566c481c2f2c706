//! The line rules of sentence splitting: a blank line, a heading or a list
//! item, and an unpunctuated line before a capitalised one cut the text
//! wherever the punctuation says nothing (see the parent module's "Lines").

use std::ops::Range;

use super::tables::Abbr::Leading;
use super::tables::{abbreviations, lookup};
use super::{begins_sentence, is_closer, is_opener, is_space};
use crate::lang::Lang;

/// The kind of a line, for the line rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LineKind {
    Heading,
    Item,
    Text,
}

/// The content of each line (without its terminator: `\n`, `\r\n` or `\r`).
fn lines(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        if start > bytes.len() {
            return None;
        }
        let line = match memchr::memchr2(b'\n', b'\r', &bytes[start..]) {
            Some(n) => {
                let end = start + n;
                let terminator = if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                let line = start..end;
                start = end + terminator;
                line
            }
            None => {
                let line = start..bytes.len();
                start = bytes.len() + 1;
                line
            }
        };
        Some(line)
    })
}

/// Cuts made by the layout: paragraphs, headings, list items, unpunctuated
/// lines followed by a capitalised one. Sorted.
pub(super) fn line_cuts(text: &str, lang: Lang) -> Vec<usize> {
    struct Previous {
        heading: bool,
        unpunctuated: bool,
    }
    let mut cuts = Vec::new();
    let mut previous: Option<Previous> = None;
    for range in lines(text) {
        let line = &text[range.clone()];
        let Some(indent) = line.find(|c: char| !is_space(c)) else {
            // A blank line: the next line starts a paragraph.
            previous = None;
            continue;
        };
        let content = &line[indent..];
        let kind = line_kind(content);
        let cut = match &previous {
            None => true,
            Some(p) => {
                kind != LineKind::Text
                    || p.heading
                    || (p.unpunctuated && starts_capitalised(content))
            }
        };
        if cut {
            cuts.push(range.start + indent);
        }
        previous = Some(Previous {
            heading: kind == LineKind::Heading,
            unpunctuated: ends_unpunctuated(content, lang),
        });
    }
    cuts
}

/// Whether a line (without its indentation) is a Markdown heading, a list
/// item, or text.
fn line_kind(line: &str) -> LineKind {
    let bytes = line.as_bytes();
    let marked_by = |n: usize| matches!(bytes.get(n), None | Some(b' ' | b'\t'));
    let hashes = bytes.iter().take_while(|&&b| b == b'#').count();
    if (1..=6).contains(&hashes) && marked_by(hashes) {
        return LineKind::Heading;
    }
    let mut chars = line.chars();
    match chars.next() {
        Some('-' | '*' | '+' | '•' | '◦' | '‣' | '▪' | '–' | '—')
            if chars.next().is_some_and(|c| c == ' ' || c == '\t') =>
        {
            LineKind::Item
        }
        _ => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            if (1..=3).contains(&digits)
                && matches!(bytes.get(digits), Some(b'.' | b')'))
                && matches!(bytes.get(digits + 1), Some(b' ' | b'\t'))
            {
                LineKind::Item
            } else {
                LineKind::Text
            }
        }
    }
}

/// Whether a line starts (after any opening quotes or brackets) with a capital
/// or a digit.
fn starts_capitalised(line: &str) -> bool {
    line.chars()
        .find(|&c| !is_opener(c) && !is_space(c))
        .is_some_and(begins_sentence)
}

/// Whether a line ends without punctuation: with a letter, a digit or a
/// symbol, possibly inside closing quotes or brackets. A line ending with a
/// terminal mark is left to the punctuation rules; one ending with a comma,
/// a colon or a dash continues.
fn ends_unpunctuated(line: &str, lang: Lang) -> bool {
    let line = line.trim_end_matches(|c: char| is_space(c) || is_closer(c));
    let unpunctuated = line
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || matches!(c, '%' | '°' | '$' | '€' | '£' | '¥'));
    // A title written without a period (`Mme`, `Dr`) waits for its name.
    let last_word = line
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    unpunctuated && lookup(abbreviations(lang), last_word) != Some(Leading)
}
