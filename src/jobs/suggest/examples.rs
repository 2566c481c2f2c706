//! Examples for the reviewer: a few short KWIC lines (a few words each side
//! of the candidate, the candidate in brackets) per candidate, written in
//! the `example_a`, `example_b` columns of the suggestions.
//!
//! Memory stays bounded: each candidate keeps at most [`MAX`] examples. Which
//! ones does not depend on the order texts are counted or shards merged: an
//! example is kept by the smallest (hash of where it was found, text), a
//! deterministic hash (FNV-1a) of the segment pair (parallel mode) or of the
//! line itself (comparable mode). In parallel mode the same segment pair
//! has the same hash on both sides, so a source and a target candidate found
//! together mostly keep the same segment pairs (the smallest hashes of two
//! overlapping sets coincide as often as the sets overlap, as in min-hash),
//! and [`Examples::for_pair`] puts those first and in the same order: the
//! first example of each side comes from one translation pair.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::analysis::tokenize::Token;

/// Examples kept per candidate.
pub const MAX: usize = 3;

/// Words shown on each side of the candidate.
const WORDS: usize = 4;

/// The examples written per side of a suggestion.
const SHOWN: usize = 2;

/// Bytes looked at on each side of the candidate.
const WINDOW: usize = 160;

/// What separates two examples in one cell.
pub const SEPARATOR: &str = " | ";

/// Up to [`MAX`] examples of one candidate: (hash of where found, line),
/// smallest first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Examples(Vec<(u64, String)>);

impl Examples {
    /// Keeps `line` (found at `hash`) if it is among the [`MAX`] smallest;
    /// allocates only then.
    pub fn offer(&mut self, hash: u64, line: &str) {
        let key = (hash, line);
        if self.0.len() == MAX && self.0.last().is_some_and(|(h, l)| key >= (*h, l.as_str())) {
            return;
        }
        match self.0.binary_search_by(|(h, l)| (*h, l.as_str()).cmp(&key)) {
            Ok(_) => {}
            Err(at) => {
                self.0.insert(at, (hash, line.to_string()));
                self.0.truncate(MAX);
            }
        }
    }

    /// Adds the examples of the same candidate over other texts.
    pub fn merge(&mut self, other: Examples) {
        for (hash, line) in other.0 {
            self.offer(hash, &line);
        }
    }

    /// Whether it holds what [`Examples::offer`] could have made.
    pub fn is_valid(&self) -> bool {
        self.0.len() <= MAX && self.0.windows(2).all(|w| w[0] < w[1])
    }

    /// The cells of a suggestion pairing the candidates of `a` and `b`: at
    /// most [`SHOWN`] examples each, those found in the same place (segment
    /// pair) first and in the same order, joined by [`SEPARATOR`].
    pub fn for_pair(a: &Examples, b: &Examples) -> (String, String) {
        let shared = |x: &Examples, y: &Examples| -> Vec<String> {
            let (mut together, mut apart): (Vec<_>, Vec<_>) =
                x.0.iter()
                    .partition(|(h, _)| y.0.iter().any(|(k, _)| k == h));
            together.append(&mut apart);
            together
                .into_iter()
                .take(SHOWN)
                .map(|(_, l)| l.clone())
                .collect()
        };
        (shared(a, b).join(SEPARATOR), shared(b, a).join(SEPARATOR))
    }

    /// The examples alone, at most [`SHOWN`], joined by [`SEPARATOR`].
    pub fn cell(&self) -> String {
        let lines: Vec<&str> = self.0.iter().take(SHOWN).map(|(_, l)| l.as_str()).collect();
        lines.join(SEPARATOR)
    }
}

/// FNV-1a of `parts`, each followed by a 0xff byte (never in UTF-8).
pub fn hash(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &byte in part.as_bytes().iter().chain(&[0xff]) {
            h ^= u64::from(byte);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// Writes into `out` (cleared first) the KWIC line of `text[start..end]`:
/// up to [`WORDS`] words each side, the candidate in brackets, whitespace
/// collapsed, "…" where the text goes on; the separator `|` of examples,
/// were it in the text, is written `/`.
pub fn kwic(text: &str, start: usize, end: usize, out: &mut String) {
    kwic_within(text, 0..text.len(), start, end, out);
}

/// The bytes of the sentence holding `tokens[range]`: from its first token
/// to its last, looking no further than a window around the range.
pub fn sentence_bounds(tokens: &[Token], range: Range<usize>) -> Range<usize> {
    let (Some(first), Some(last)) = (tokens.get(range.start), tokens.get(range.end - 1)) else {
        return 0..0;
    };
    let mut lo = range.start;
    while lo > 0
        && tokens[lo - 1].sentence == first.sentence
        && tokens[lo].start + WINDOW >= first.start
    {
        lo -= 1;
    }
    let mut hi = range.end - 1;
    while hi + 1 < tokens.len()
        && tokens[hi + 1].sentence == last.sentence
        && tokens[hi].end <= last.end + WINDOW
    {
        hi += 1;
    }
    tokens[lo].start..tokens[hi].end
}

/// [`kwic`] of a candidate within `bounds` (its sentence, say): what lies
/// outside is not shown, and "…" marks only a cut inside them.
pub fn kwic_within(text: &str, bounds: Range<usize>, start: usize, end: usize, out: &mut String) {
    let text = &text[..bounds.end.max(end)];
    let floor = bounds.start.min(start);
    out.clear();
    // Only a window around the candidate is looked at, so that the cost of
    // an example does not grow with the text: WINDOW bytes hold the words
    // shown unless they are very long, and a text cut there shows "…".
    let mut lo = start.saturating_sub(WINDOW).max(floor);
    while !text.is_char_boundary(lo) {
        lo -= 1;
    }
    let mut hi = (end + WINDOW).min(text.len());
    while !text.is_char_boundary(hi) {
        hi += 1;
    }
    let (left, right) = (&text[lo..start], &text[end..hi]);
    let mut before: Vec<&str> = left.split_whitespace().collect();
    let mut after: Vec<&str> = right.split_whitespace().collect();
    // A word cut by the window is not shown.
    let cut_before = lo > floor && !left.starts_with(char::is_whitespace) && !before.is_empty();
    if cut_before {
        before.remove(0);
    }
    let cut_after = hi < text.len() && !right.ends_with(char::is_whitespace) && !after.is_empty();
    if cut_after {
        after.pop();
    }
    let (more_before, more_after) = (lo > floor, hi < text.len());
    // A word the candidate starts or ends inside of stays whole.
    let glued_before = !left.ends_with(char::is_whitespace) && !before.is_empty();
    let glued_after = !right.starts_with(char::is_whitespace) && !after.is_empty();
    let from = before
        .len()
        .saturating_sub(WORDS + usize::from(glued_before));
    if from > 0 || more_before {
        out.push('…');
    }
    let push = |out: &mut String, s: &str| {
        for c in s.chars() {
            out.push(if c == '|' { '/' } else { c });
        }
    };
    for (i, w) in before[from..].iter().enumerate() {
        if i > 0 || from > 0 {
            out.push(' ');
        }
        push(out, w);
    }
    if !before.is_empty() && !glued_before {
        out.push(' ');
    }
    out.push('[');
    for (i, w) in text[start..end].split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        push(out, w);
    }
    out.push(']');
    let to = (WORDS + usize::from(glued_after)).min(after.len());
    for (i, w) in after[..to].iter().enumerate() {
        if i > 0 || !glued_after {
            out.push(' ');
        }
        push(out, w);
    }
    if to < after.len() || more_after {
        out.push_str(" …");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, term: &str) -> String {
        let start = text.find(term).unwrap();
        let mut out = String::new();
        kwic(text, start, start + term.len(), &mut out);
        out
    }

    #[test]
    fn kwic_looks_only_near_the_term() {
        let long = format!(
            "{} the [asylum] seekers {}",
            "word ".repeat(100_000),
            "end ".repeat(100_000)
        );
        let start = long.find("asylum").unwrap();
        let mut out = String::new();
        kwic(&long, start, start + 6, &mut out);
        assert_eq!(out, "… word word word the [[asylum]] seekers end end end …");
    }

    #[test]
    fn kwic_stays_in_its_sentence() {
        let text = "First one here. Many asylum seekers came. Then more.";
        let tokens = crate::analysis::tokenize::tokenize(text).tokens;
        let i = tokens
            .iter()
            .position(|t| t.text(text) == "asylum")
            .unwrap();
        let bounds = sentence_bounds(&tokens, i..i + 2);
        let start = text.find("asylum").unwrap();
        let mut out = String::new();
        kwic_within(
            text,
            bounds,
            start,
            start + "asylum seekers".len(),
            &mut out,
        );
        assert_eq!(out, "Many [asylum seekers] came");
    }

    #[test]
    fn kwic_is_a_few_words_each_side() {
        assert_eq!(
            line(
                "Many of the   asylum seekers who arrived in March were sent back.",
                "asylum seekers"
            ),
            "Many of the [asylum seekers] who arrived in March …"
        );
        assert_eq!(
            line("One two three four five six [x] y |z| w v u", "six"),
            "… two three four five [six] [x] y /z/ w …"
        );
        assert_eq!(
            line("l'asile est un droit", "asile"),
            "l'[asile] est un droit"
        );
        assert_eq!(line("coyotes", "coyotes"), "[coyotes]");
    }

    #[test]
    fn the_smallest_are_kept_whatever_the_order() {
        let offers = [(5, "e"), (1, "a"), (3, "c"), (2, "b"), (4, "d"), (1, "a")];
        let mut forward = Examples::default();
        for (h, l) in offers {
            forward.offer(h, l);
        }
        let mut backward = Examples::default();
        for (h, l) in offers.iter().rev() {
            backward.offer(*h, l);
        }
        assert_eq!(forward, backward);
        assert_eq!(forward.0.len(), MAX);
        assert!(forward.is_valid());
        let (mut x, mut y) = (Examples::default(), Examples::default());
        for (i, (h, l)) in offers.iter().enumerate() {
            if i % 2 == 0 { &mut x } else { &mut y }.offer(*h, l);
        }
        x.merge(y);
        assert_eq!(x, forward);
    }

    #[test]
    fn examples_of_one_segment_pair_come_first_and_together() {
        let mut a = Examples::default();
        let mut b = Examples::default();
        a.offer(1, "a1");
        a.offer(7, "a7");
        a.offer(9, "a9");
        b.offer(2, "b2");
        b.offer(9, "b9");
        assert_eq!(
            Examples::for_pair(&a, &b),
            ("a9 | a1".to_string(), "b9 | b2".to_string())
        );
    }
}
