//! CSV written for people, who open it in a spreadsheet: a field a
//! spreadsheet would take for a formula is neutralised, by OWASP's rule for
//! CSV injection (<https://owasp.org/www-community/attacks/CSV_Injection>).
//! A JSON Lines id `=HYPERLINK("http://…")`, a document named `@SUM(…)`, a
//! term or a context starting with `=`, `+`, `-` or `@` (or a tab or a
//! carriage return, which some spreadsheets skip before one) would otherwise
//! run as a formula when the report is opened. Such a field is written with
//! a `'` before it, which a spreadsheet reads as "this cell is text".
//!
//! Only text fields go through [`CsvFields::text`]: numbers (counts, offsets,
//! scores such as `-0.5`) are written as they are, and so is a text field
//! that is a plain number or a single character (`-`, standard input's
//! name): neither can hold a formula. Programs that read the CSV ask for
//! [`CsvFields::Raw`] (`--raw-csv`). termalign's own readers of what it
//! writes for people (the by-concept tables `merge` adds up, the suggestions
//! `glossary merge` reads) undo the prefix with [`restore`], so a field
//! round-trips exactly: a field that already starts with `'` before one of
//! those characters gets one more, and [`restore`] takes exactly one off.
//! The native glossary CSV and Google's CSV are file formats read by other
//! tools, and are never neutralised.

use std::borrow::Cow;

/// How CSV text fields are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CsvFields {
    /// For a spreadsheet: a field that could run as a formula is prefixed
    /// with `'` ([`neutralise`]).
    #[default]
    ForPeople,
    /// As they are, for programs (`--raw-csv`).
    Raw,
}

impl CsvFields {
    /// A text field as it is written.
    pub fn text(self, field: &str) -> Cow<'_, str> {
        match self {
            CsvFields::ForPeople => neutralise(field),
            CsvFields::Raw => Cow::Borrowed(field),
        }
    }
}

/// The characters a spreadsheet may read as the start of a formula:
/// OWASP's list, and the full-width forms of its signs (＝ ＋ － ＠) and
/// their small forms (﹦ ﹢ ﹣ ﹫), which spreadsheets in Chinese, Japanese
/// and Korean locales may take for the ASCII ones when a cell is typed or
/// pasted.
const FORMULA_STARTS: [char; 14] = [
    '=', '+', '-', '@', '\t', '\r', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}', '\u{FE66}',
    '\u{FE62}', '\u{FE63}', '\u{FE6B}',
];

/// Whether a field whose leading `'`s are taken off leaves `rest` that a
/// spreadsheet could run: it starts with one of [`FORMULA_STARTS`], and is
/// neither a single character nor a plain number (`-0.5`, `+3`, `-1e-3`).
fn could_run(rest: &str) -> bool {
    rest.starts_with(FORMULA_STARTS) && rest.chars().nth(1).is_some() && !is_number(rest)
}

/// A decimal number as a spreadsheet reads one: a sign, digits with an
/// optional fraction, an optional exponent.
fn is_number(text: &str) -> bool {
    let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let s = text.strip_prefix(['+', '-']).unwrap_or(text);
    let whole = digits(s);
    let s = &s[whole..];
    let (fraction, s) = match s.strip_prefix('.') {
        Some(rest) => (digits(rest), &rest[digits(rest)..]),
        None => (0, s),
    };
    if whole + fraction == 0 {
        return false;
    }
    match s.strip_prefix(['e', 'E']) {
        None => s.is_empty(),
        Some(exponent) => {
            let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
            digits(exponent) > 0 && digits(exponent) == exponent.len()
        }
    }
}

/// `field` as a spreadsheet shows it and never runs it: prefixed with `'`
/// when it (after any `'`s it starts with) could start a formula.
pub fn neutralise(field: &str) -> Cow<'_, str> {
    if could_run(field.trim_start_matches('\'')) {
        Cow::Owned(format!("'{field}"))
    } else {
        Cow::Borrowed(field)
    }
}

/// A field as it was before [`neutralise`]: one `'` taken off where
/// [`neutralise`] put one. A field written raw, or by hand, that does not
/// look neutralised is returned as it is.
pub fn restore(field: &str) -> &str {
    match field.strip_prefix('\'') {
        Some(rest) if could_run(rest.trim_start_matches('\'')) => rest,
        _ => field,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_numbers_left_alone() {
        for (field, written) in [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "'=HYPERLINK(\"http://x\",\"y\")",
            ),
            ("+1+1", "'+1+1"),
            ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("＝HYPERLINK(\"http://x\")", "'＝HYPERLINK(\"http://x\")"),
            ("＋1＋1", "'＋1＋1"),
            ("－2", "'－2"),
            ("＠SUM(A1)", "'＠SUM(A1)"),
            ("﹦1+1", "'﹦1+1"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("- the refugees", "'- the refugees"),
            // Already starting with a quote before a formula: one more.
            ("'=1+1", "''=1+1"),
            // Nothing to run.
            ("refugees", "refugees"),
            ("'quoted'", "'quoted'"),
            ("-", "-"),
            ("=", "="),
            ("", ""),
            ("-0.5", "-0.5"),
            ("+3", "+3"),
            ("-1e-3", "-1e-3"),
            ("-.5", "-.5"),
            ("a=b", "a=b"),
        ] {
            assert_eq!(neutralise(field), written, "{field:?}");
            assert_eq!(CsvFields::Raw.text(field), field);
            assert_eq!(restore(&neutralise(field)), field, "{field:?} round-trips");
        }
        for not_a_number in [
            "-", "-e5", "-1e", "-1.2.3", "--1", "-1,5", "-inf", "-NaN", "-.",
        ] {
            assert!(!is_number(not_a_number), "{not_a_number}");
        }
        // A field nobody neutralised is read as it is.
        assert_eq!(restore("'quoted"), "'quoted");
        assert_eq!(restore("=1"), "=1");
    }

    /// Every field round-trips, whatever it holds.
    #[test]
    fn restore_undoes_neutralise() {
        let alphabet = [
            '\'', '=', '+', '-', '@', '\t', '\r', '1', '.', 'e', 'a', ' ', '＝', '－',
        ];
        let mut fields = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = fields
                .iter()
                .flat_map(|f| alphabet.iter().map(move |c| format!("{f}{c}")))
                .collect();
            fields.extend(longer);
            fields.sort();
            fields.dedup();
        }
        assert!(fields.len() > 20_000);
        for field in &fields {
            let written = neutralise(field);
            assert_eq!(restore(&written), field, "{field:?} → {written:?}");
            let runs = written.starts_with(FORMULA_STARTS) && could_run(&written);
            assert!(!runs, "{field:?} → {written:?} could still run");
        }
    }
}
