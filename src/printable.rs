//! Names as people read them: a file name, a document's name, a segment's
//! id printed in a message or a report for people, with the characters that
//! could forge or hide what is printed escaped. A file named `a.txt\nb.txt:
//! error: …` (a newline is a legal byte in a Unix file name) would otherwise
//! print a line of its own that reads as a finding; a carriage return, an
//! escape sequence or a bidi override would rewrite what the terminal shows.
//! One rule, [`text`], used wherever a name reaches people: the library's
//! errors, the check's text report, lint findings, and every line the binary
//! writes on standard error. Outputs read by programs (CSV, TSV, JSON, TMX)
//! quote their fields by their own rules and keep names as they are.

use std::borrow::Cow;
use std::fmt;
use std::path::Path;

/// Whether `c` is escaped: the control characters (C0, DEL, C1: a newline,
/// a carriage return, an escape), the line and paragraph separators, and
/// the bidi controls that reorder what a terminal shows (the marks and the
/// embeddings, overrides and isolates).
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// `text` with each control character, line or paragraph separator and
/// bidi control written as Rust writes it in a string (`\n`, `\r`, `\t`,
/// else `\u{1b}`); everything else,
/// backslashes included, as it is. Escaping twice is escaping once; a name
/// with nothing to escape is borrowed, unchanged.
pub fn text(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => {
                use std::fmt::Write;
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A path as people read it: [`Path::display`], escaped by [`text`].
pub fn path(path: &Path) -> Printable<'_> {
    Printable(path)
}

/// What [`path`] returns: a path to put in a message.
pub struct Printable<'a>(&'a Path);

impl fmt::Display for Printable<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&text(&self.0.to_string_lossy()))
    }
}

/// A count as people read it in a summary line: `3412` as `3,412`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_escaped_and_nothing_else() {
        assert!(matches!(text("réfugiés/a b.txt"), Cow::Borrowed(_)));
        assert_eq!(
            text("a.txt\nb.txt:1: error: x\r\t\u{1b}[2J\u{7f}\u{85}"),
            "a.txt\\nb.txt:1: error: x\\r\\t\\u{1b}[2J\\u{7f}\\u{85}"
        );
        assert_eq!(
            text("abc\u{202E}txt.exe\u{2028}\u{2066}"),
            "abc\\u{202e}txt.exe\\u{2028}\\u{2066}"
        );
        // Backslashes are left alone (Windows paths), so escaping twice is
        // escaping once.
        assert_eq!(text("C:\\data\\a.txt"), "C:\\data\\a.txt");
        let once = text("a\nb").into_owned();
        assert_eq!(text(&once), once);
        assert_eq!(path(Path::new("d/a\nb.txt")).to_string(), "d/a\\nb.txt");
    }
}
