//! Tokenization: words with byte offsets into the original text, the gaps
//! between them, and sentence and paragraph boundaries.
//!
//! The tokenizer works on the original text, so a token's `start..end` is
//! always a slice of what the user gave us; keys for matching are made from
//! that slice by `normalize`. It knows no language: French elision and the
//! English possessive are split wherever they occur, since neither shape is a
//! word of the other languages.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use crate::analysis::normalize::{is_apostrophe, is_hyphen, is_word_char};

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// A word of letters (possibly with digits).
    Word,
    /// A number: digits, possibly with `.`/`,` separators (20,000 or 3.5).
    Number,
    /// An elided French article, pronoun or conjunction with its apostrophe:
    /// `l’`, `d’`, `qu’`, `jusqu’`…
    Elided,
    /// The English possessive clitic `’s`.
    Clitic,
}

/// What separates a token from the one before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Gap {
    /// Nothing but spaces (or a single line break inside a sentence), or the
    /// apostrophe of an elision.
    Space,
    /// A hyphen inside a compound (vice-ministre, long-term).
    Hyphen,
    /// A comma, with or without spaces.
    Comma,
    /// Anything stronger: other punctuation, quotes, a URL, a paragraph or
    /// sentence break, or the start of the text.
    Break,
}

/// One token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first byte, into the original text.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    pub kind: TokenKind,
    /// What lies between this token and the previous one.
    pub gap: Gap,
    /// Index into [`Tokens::sentences`].
    pub sentence: u32,
    /// Index into [`Tokens::paragraphs`].
    pub paragraph: u32,
}

impl Token {
    /// The token's text: a slice of the original.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }

    pub fn is_alphabetic_word(&self) -> bool {
        self.kind == TokenKind::Word
    }
}

/// The tokens of a text with its sentences and paragraphs (byte ranges).
#[derive(Clone, Debug, Default)]
pub struct Tokens {
    pub tokens: Vec<Token>,
    pub sentences: Vec<Range<usize>>,
    pub paragraphs: Vec<Range<usize>>,
}

impl Tokens {
    /// Number of word tokens (not numbers or clitics).
    pub fn word_count(&self) -> usize {
        self.tokens
            .iter()
            .filter(|t| t.is_alphabetic_word())
            .count()
    }
}

/// French elisions, lowercase, without the apostrophe, sorted. From French
/// grammar: the articles, pronouns and conjunctions that elide before a vowel.
pub const ELISIONS: &[&str] = &[
    "c", "d", "j", "jusqu", "l", "lorsqu", "m", "n", "puisqu", "qu", "quoiqu", "s", "t",
];

/// Abbreviations that end with a period without ending a sentence, as written
/// (case matters: "No." is a number sign, "no." a sentence end), sorted.
/// Collected from English, French and Spanish news style guides' lists of
/// titles and common abbreviations.
pub const ABBREVIATIONS: &[&str] = &[
    "Av", "Capt", "Col", "Dr", "Dra", "EE", "Gen", "Gov", "Jr", "Lt", "M", "Mlle", "Mme", "Mr",
    "Mrs", "Ms", "No", "Pr", "Prof", "Rep", "Sen", "Sgt", "Sr", "Sra", "Srta", "St", "UU", "av",
    "ej", "etc", "p", "pp", "vol", "vs",
];

fn is_abbreviation(word: &str) -> bool {
    ABBREVIATIONS.binary_search(&word).is_ok()
        // An initial: "J. Smith", "U.S.".
        || (word.chars().count() == 1 && word.chars().all(char::is_uppercase))
}

/// URLs (with a scheme or starting with www.) and e-mail addresses: they are
/// not words.
fn non_word_spans() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            // No `\b`: a Unicode word boundary would force the slow regex engine.
            r"(?i)(?:(?:https?|ftp)://|www\.)[^\s<>()\[\]{}]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
        )
        .expect("URL and e-mail pattern is valid")
    })
}

/// Tokenizes `text`.
pub fn tokenize(text: &str) -> Tokens {
    let mut out = Tokens::default();
    tokenize_into(text, &mut out);
    out
}

/// Tokenizes `text` into `out`, reusing its buffers.
pub fn tokenize_into(text: &str, out: &mut Tokens) {
    out.tokens.clear();
    out.sentences.clear();
    out.paragraphs.clear();
    // About one token in six bytes of news text: grown once or not at all
    // rather than doubled from empty for every document.
    out.tokens.reserve(text.len() / 6);
    let mut t = Tokenizer {
        text,
        bytes: text.as_bytes(),
        out,
        gap: Gap::Break,
        newlines: 0,
        sentence_end: false,
        sentence_start: None,
        paragraph_start: None,
        last_end: 0,
    };
    t.run();
}

struct Tokenizer<'a> {
    text: &'a str,
    bytes: &'a [u8],
    out: &'a mut Tokens,
    /// The gap accumulated since the last token.
    gap: Gap,
    /// Line breaks seen since the last token.
    newlines: u32,
    /// A sentence-final mark was seen since the last token.
    sentence_end: bool,
    sentence_start: Option<usize>,
    paragraph_start: Option<usize>,
    /// End of the last token, extended over closing punctuation.
    last_end: usize,
}

impl Tokenizer<'_> {
    fn run(&mut self) {
        // Most texts hold no URL or address: skip the regex unless one may be there.
        let may_have_spans = memchr::memchr(b'@', self.bytes).is_some()
            || memchr::memmem::find(self.bytes, b"://").is_some()
            || memchr::memmem::find(self.bytes, b"www.").is_some()
            || memchr::memmem::find(self.bytes, b"WWW.").is_some();
        let skips: Vec<Range<usize>> = if may_have_spans {
            non_word_spans()
                .find_iter(self.text)
                .map(|m| m.range())
                .collect()
        } else {
            Vec::new()
        };
        let mut skip = skips.iter().peekable();
        let mut i = 0;
        while i < self.bytes.len() {
            if let Some(span) = skip.peek() {
                if span.end <= i {
                    skip.next();
                    continue;
                }
                if span.start <= i {
                    self.gap = Gap::Break;
                    i = span.end;
                    skip.next();
                    continue;
                }
            }
            let c = self.char_at(i);
            if is_word_char(c) {
                i = self.word(i);
            } else {
                self.between(i, c);
                i += c.len_utf8();
            }
        }
        self.close_sentence();
        self.close_paragraph();
    }

    fn char_at(&self, i: usize) -> char {
        self.text[i..]
            .chars()
            .next()
            .expect("index is on a char boundary")
    }

    fn next_char(&self, i: usize) -> Option<char> {
        self.text.get(i..).and_then(|s| s.chars().next())
    }

    /// A character between tokens: updates the pending gap and boundaries.
    fn between(&mut self, i: usize, c: char) {
        match c {
            '\n' => self.newlines += 1,
            c if c.is_whitespace() => {}
            ',' | '，' => self.raise(Gap::Comma),
            '.' | '!' | '?' | '…' | '。' => {
                self.raise(Gap::Break);
                if c == '.' && self.abbreviation_before(i) {
                    return;
                }
                self.sentence_end = true;
                self.extend_last(i, c);
            }
            // Emphasis markers of Markdown are transparent.
            '*' | '_' => {}
            '"' | '”' | '»' | '’' | ')' | ']' if self.glued_to_last(i) => {
                self.raise(Gap::Break);
                self.extend_last(i, c);
            }
            // A hyphen joins a compound only between two words (vice-ministre);
            // spaced, or doubled, it is a dash.
            c if is_hyphen(c)
                && self.last_end == i
                && self.next_char(i + c.len_utf8()).is_some_and(is_word_char) =>
            {
                self.raise(Gap::Hyphen)
            }
            _ => self.raise(Gap::Break),
        }
    }

    fn raise(&mut self, gap: Gap) {
        self.gap = self.gap.max(gap);
    }

    /// Closing punctuation right after the last token (or after punctuation
    /// glued to it) belongs to the sentence the token ends.
    fn glued_to_last(&self, i: usize) -> bool {
        self.sentence_start.is_some() && self.last_end == i
    }

    fn extend_last(&mut self, i: usize, c: char) {
        if self.glued_to_last(i) {
            self.last_end = i + c.len_utf8();
        }
    }

    /// Whether the period at `i` closes an abbreviation or an initial.
    fn abbreviation_before(&self, i: usize) -> bool {
        match self.out.tokens.last() {
            Some(tok) if tok.end == i => is_abbreviation(&self.text[tok.start..tok.end]),
            _ => false,
        }
    }

    /// Scans a word starting at `start`; returns where scanning resumes.
    fn word(&mut self, start: usize) -> usize {
        let mut i = start;
        let mut kind = TokenKind::Word;
        let mut all_digits = true;
        loop {
            // The hot path: ASCII letters and digits.
            while let Some(&b) = self.bytes.get(i)
                && b.is_ascii_alphanumeric()
            {
                all_digits &= b.is_ascii_digit();
                i += 1;
            }
            let Some(c) = self.next_char(i) else { break };
            if is_word_char(c) {
                all_digits &= c.is_ascii_digit();
                i += c.len_utf8();
                continue;
            }
            let after = i + c.len_utf8();
            let followed_by_word = self.next_char(after).is_some_and(is_word_char);
            if all_digits
                && (c == '.' || c == ',')
                && self.next_char(after).is_some_and(|d| d.is_ascii_digit())
            {
                // 20,000 or 3.5: one number.
                i = after;
                continue;
            }
            if is_apostrophe(c) && followed_by_word {
                let head = &self.text[start..i];
                if is_elision(head) {
                    self.push(start, after, TokenKind::Elided);
                    return after;
                }
                if self.is_possessive(after) {
                    self.push(start, i, kind_of(all_digits));
                    self.gap = Gap::Space;
                    self.push(i, after + 1, TokenKind::Clitic);
                    return after + 1;
                }
                // aujourd'hui, don't: one word.
                i = after;
                all_digits = false;
                continue;
            }
            break;
        }
        if all_digits {
            kind = TokenKind::Number;
        }
        self.push(start, i, kind);
        i
    }

    /// `’s` closing a word: "Cuba's".
    fn is_possessive(&self, s_at: usize) -> bool {
        matches!(self.bytes.get(s_at), Some(b's') | Some(b'S'))
            && !self.next_char(s_at + 1).is_some_and(is_word_char)
    }

    fn push(&mut self, start: usize, end: usize, kind: TokenKind) {
        let paragraph_break = self.newlines >= 2;
        // A single line break ends a sentence when the next line starts with
        // a capital or a digit (a heading, a dateline, a list item).
        let line_break = self.newlines == 1
            && self
                .next_char(start)
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
        let sentence_break = paragraph_break
            || line_break
            || (self.sentence_end && self.next_char(start).is_some_and(|c| !c.is_lowercase()));
        if paragraph_break {
            self.close_sentence();
            self.close_paragraph();
        } else if sentence_break {
            self.close_sentence();
        }
        if sentence_break {
            self.gap = Gap::Break;
        }
        if self.sentence_start.is_none() {
            self.sentence_start = Some(start);
            self.gap = Gap::Break;
        }
        if self.paragraph_start.is_none() {
            self.paragraph_start = Some(start);
        }
        self.out.tokens.push(Token {
            start,
            end,
            kind,
            gap: self.gap,
            sentence: self.out.sentences.len() as u32,
            paragraph: self.out.paragraphs.len() as u32,
        });
        self.gap = Gap::Space;
        self.newlines = 0;
        self.sentence_end = false;
        self.last_end = end;
    }

    fn close_sentence(&mut self) {
        if let Some(start) = self.sentence_start.take() {
            self.out.sentences.push(start..self.last_end);
        }
    }

    fn close_paragraph(&mut self) {
        if let Some(start) = self.paragraph_start.take() {
            self.out.paragraphs.push(start..self.last_end);
        }
    }
}

fn kind_of(all_digits: bool) -> TokenKind {
    if all_digits {
        TokenKind::Number
    } else {
        TokenKind::Word
    }
}

fn is_elision(head: &str) -> bool {
    head.len() <= 7 && {
        let lower = head.to_lowercase();
        ELISIONS.binary_search(&lower.as_str()).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).tokens.iter().map(|t| t.text(text)).collect()
    }

    fn sentences(text: &str) -> Vec<&str> {
        tokenize(text)
            .sentences
            .iter()
            .map(|r| &text[r.clone()])
            .collect()
    }

    #[test]
    fn tables_are_sorted_and_unique() {
        assert!(ELISIONS.windows(2).all(|w| w[0] < w[1]));
        assert!(ABBREVIATIONS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn french_elision_is_split() {
        assert_eq!(
            words("l’immigration d'un migrant jusqu’à qu’il lorsqu'elle"),
            [
                "l’",
                "immigration",
                "d'",
                "un",
                "migrant",
                "jusqu’",
                "à",
                "qu’",
                "il",
                "lorsqu'",
                "elle"
            ]
        );
        assert_eq!(words("aujourd’hui"), ["aujourd’hui"]);
    }

    #[test]
    fn english_possessive_and_contractions() {
        assert_eq!(
            words("Cuba's migrants don't"),
            ["Cuba", "'s", "migrants", "don't"]
        );
    }

    #[test]
    fn hyphenated_words_are_parts_joined_by_a_hyphen_gap() {
        let text = "la vice-ministre, long-term";
        let toks = tokenize(text).tokens;
        let got: Vec<(&str, Gap)> = toks.iter().map(|t| (t.text(text), t.gap)).collect();
        assert_eq!(
            got,
            [
                ("la", Gap::Break),
                ("vice", Gap::Space),
                ("ministre", Gap::Hyphen),
                ("long", Gap::Comma),
                ("term", Gap::Hyphen)
            ]
        );
    }

    #[test]
    fn markdown_urls_and_emails_make_no_words() {
        let text = "# *Title here*\n\n---\n\n**Bold** <https://www.radiohc.cu/index.php/fr/x-y> \
                    contact WHAPress@State.Gov or www.example.org/a now";
        assert_eq!(
            words(text),
            ["Title", "here", "Bold", "contact", "or", "now"]
        );
    }

    #[test]
    fn a_spaced_dash_is_not_a_hyphen() {
        for text in [
            "asylum - policy",
            "asylum -- policy",
            "asylum- policy",
            "asylum -policy",
        ] {
            let toks = tokenize(text).tokens;
            assert_eq!(toks[1].gap, Gap::Break, "{text}");
        }
        assert_eq!(
            sentences("Llegó a EE. UU. el lunes."),
            ["Llegó a EE. UU. el lunes."]
        );
    }

    #[test]
    fn numbers_keep_their_separators() {
        let text = "20,000 migrants, 3.5 per cent, 1994-95";
        let toks = tokenize(text).tokens;
        assert_eq!(toks[0].text(text), "20,000");
        assert_eq!(toks[0].kind, TokenKind::Number);
        assert_eq!(
            words(text),
            ["20,000", "migrants", "3.5", "per", "cent", "1994", "95"]
        );
    }

    #[test]
    fn sentences_respect_abbreviations_and_headings() {
        let text = "Media Note\nOffice of the Spokesperson\n\nMr. Lee met M. Soberón at the U.S. Department. \
                    It went well! “Yes,” he said.";
        assert_eq!(
            sentences(text),
            [
                "Media Note",
                "Office of the Spokesperson",
                "Mr. Lee met M. Soberón at the U.S. Department.",
                "It went well!",
                "Yes,” he said."
            ]
        );
    }

    #[test]
    fn wrapped_lines_do_not_break_sentences() {
        let text = "l'attention portée\naux Cubains résidant à l'étranger.";
        assert_eq!(sentences(text), [text]);
    }

    #[test]
    fn paragraphs_are_separated_by_blank_lines() {
        let text = "One para.\nStill one.\n\n  \nTwo para.\r\n\r\nThree";
        let t = tokenize(text);
        let paras: Vec<&str> = t.paragraphs.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(paras, ["One para.\nStill one.", "Two para.", "Three"]);
    }

    #[test]
    fn offsets_are_into_the_original_text() {
        let text = "\u{feff}Réfugiés\u{a0}et migrants";
        for tok in tokenize(text).tokens {
            assert!(text.is_char_boundary(tok.start) && text.is_char_boundary(tok.end));
        }
        assert_eq!(words(text), ["Réfugiés", "et", "migrants"]);
    }
}
