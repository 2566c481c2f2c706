//! CSV with line numbers: the glossary and the review files are CSV, and an
//! error in them must name the line a user sees in an editor, which a
//! record's index is not (a quoted field may hold line breaks). Also the
//! early check for a quote never closed, which the csv crate would read to
//! the end of the file.

use super::*;

/// The 1-based line of a csv position in `text` (the csv crate's own line
/// count lags behind on CRLF files, so count from the byte offset). For the
/// rows of a file in turn, use [`CsvLines`].
pub fn csv_line(text: &str, position: Option<&csv::Position>) -> u64 {
    CsvLines::new(text).line(position)
}

/// The 1-based lines of csv positions in `text`. Counting goes on from the
/// last position asked for, so the rows of a file, asked in order, cost one
/// pass over it, not one pass per row.
pub struct CsvLines<'t> {
    text: &'t str,
    byte: usize,
    line: u64,
}

impl<'t> CsvLines<'t> {
    pub fn new(text: &'t str) -> CsvLines<'t> {
        CsvLines {
            text,
            byte: 0,
            line: 1,
        }
    }

    /// The text the positions are in.
    pub fn text(&self) -> &'t str {
        self.text
    }

    /// The line of `position` (0 when there is none).
    pub fn line(&mut self, position: Option<&csv::Position>) -> u64 {
        let Some(p) = position else { return 0 };
        let bytes = self.text.as_bytes();
        let mut byte = (p.byte() as usize).min(bytes.len());
        // A record's position may be the end of the previous line's CRLF.
        while byte < bytes.len() && matches!(bytes[byte], b'\r' | b'\n') {
            byte += 1;
        }
        if byte < self.byte {
            (self.byte, self.line) = (0, 1);
        }
        self.line += memchr::memchr_iter(b'\n', &bytes[self.byte..byte]).count() as u64;
        self.byte = byte;
        self.line
    }
}

/// Reads the next row of `csv` (a reader over `lines`' text) that is not
/// blank into `record` and returns its 1-based line; `None` at the end. A
/// read error names the file and line.
pub fn next_csv_row(
    csv: &mut csv::Reader<&[u8]>,
    record: &mut csv::StringRecord,
    lines: &mut CsvLines,
    path: &Path,
) -> Result<Option<u64>> {
    loop {
        match csv.read_record(record) {
            Ok(true) => {}
            Ok(false) => return Ok(None),
            Err(e) => return Err(csv_read_error(path, lines.text(), e)),
        }
        if !record.iter().all(|f| f.trim().is_empty()) {
            return Ok(Some(lines.line(record.position())));
        }
    }
}

/// Where a CSV text opens a quoted field it never closes: the 1-based line
/// and column of the opening quote. (The csv crate takes the rest of the
/// file into that field, and the rows after it disappear.) A quote opens a
/// field only at its start; `""` inside one is a quote.
pub fn unclosed_quote(text: &str) -> Option<(usize, usize)> {
    let delimiter = sniff_delimiter(text);
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut field_start = true;
    while i < bytes.len() {
        match bytes[i] {
            b'"' if field_start => {
                let open = i;
                i += 1;
                loop {
                    match memchr::memchr(b'"', &bytes[i..]) {
                        None => return Some(line_column(bytes, open)),
                        Some(k) if bytes.get(i + k + 1) == Some(&b'"') => i += k + 2,
                        Some(k) => {
                            i += k + 1;
                            break;
                        }
                    }
                }
                field_start = false;
            }
            b'\n' | b'\r' => {
                field_start = true;
                i += 1;
            }
            b if b == delimiter => {
                field_start = true;
                i += 1;
            }
            _ => {
                field_start = false;
                i += 1;
            }
        }
    }
    None
}

/// The delimiter of a CSV text, from its header (its first line, outside
/// quotes): the most frequent of `,`, `;` (what Excel writes in French and
/// Spanish) and tab; `,` on a tie or when there is none.
pub fn sniff_delimiter(text: &str) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for &b in text.as_bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            _ if !quoted => {
                if let Some(count) = counts.iter_mut().find(|(d, _)| *d == b) {
                    count.1 += 1;
                }
            }
            _ => {}
        }
    }
    // The first of the most frequent: `,` wins a tie.
    counts
        .iter()
        .fold(
            (b',', 0),
            |best, &(d, n)| if n > best.1 { (d, n) } else { best },
        )
        .0
}

/// How a delimiter is named in a message.
pub fn delimiter_name(delimiter: u8) -> &'static str {
    match delimiter {
        b';' => "\";\"",
        b'\t' => "tab",
        _ => "\",\"",
    }
}

/// Refuses a CSV text with an unclosed quote, naming where it opens.
pub fn check_csv_quotes(text: &str, path: &Path) -> Result<()> {
    match unclosed_quote(text) {
        Some((line, column)) => Err(Error::format(
            path,
            Some(line as u64),
            None,
            format!(
                "unclosed quote: the field opened at column {column} runs to the end of the \
                 file; close it, or double a quote meant as text (\"\")"
            ),
        )),
        None => Ok(()),
    }
}

/// A csv reading error as a format error naming the file and line.
pub fn csv_read_error(path: &Path, text: &str, e: csv::Error) -> Error {
    let line = Some(csv_line(text, e.position()));
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("expected {expected_len} fields, found {len}"),
        csv::ErrorKind::Io(err) => err.to_string(),
        _ => e.to_string(),
    };
    Error::format(path, line, None, message)
}

/// 1-based line numbers of byte offsets in a text, computed once per text.
pub struct LineIndex {
    newlines: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        LineIndex {
            newlines: text
                .bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i)
                .collect(),
        }
    }

    /// The 1-based line of byte offset `at`.
    pub fn line(&self, at: usize) -> usize {
        self.newlines.partition_point(|&nl| nl < at) + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delimiter_is_the_header_s_most_frequent() {
        for (text, want) in [
            ("lang_a,term_a,lang_b,term_b\nen,x;y,fr,z", b','),
            (
                "lang_a;term_a;lang_b;term_b;accept\r\nen;a, b;fr;c;oui",
                b';',
            ),
            ("id\ten\tfr\n1\ta\tb", b'\t'),
            ("\"a;b\",c\n", b','),
            ("\"a,b\";c;d\n", b';'),
            ("single\nno,delimiter", b','),
            ("", b','),
        ] {
            assert_eq!(sniff_delimiter(text) as char, want as char, "{text:?}");
        }
    }

    #[test]
    fn an_unclosed_quote_after_a_semicolon_is_found() {
        assert_eq!(unclosed_quote("a;b\nx;\"open\n"), Some((2, 3)));
        assert_eq!(unclosed_quote("a;b\nx;\"closed\"\n"), None);
    }

    #[test]
    fn line_index_counts_lf_and_crlf() {
        let text = "a\r\nb\nc";
        let lines = LineIndex::new(text);
        assert_eq!([lines.line(0), lines.line(3), lines.line(5)], [1, 2, 3]);
    }
}
