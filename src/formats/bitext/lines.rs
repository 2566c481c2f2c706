//! Pairs of line-aligned plain-text files: line N of one file translates line N of the other,
//! as sentence aligners and the parallel corpora they make (Europarl, OPUS) write them. Neither
//! file declares its language; each line becomes a [`SegmentPair`](super::SegmentPair) whose id
//! is its line number.

use crate::input::{TextOptions, strip_bom};
use std::path::Path;

use super::{Bitext, plain_text, read_file};
use crate::error::{Error, Result};

/// Two line-aligned plain-text files: line N of one translates line N of the other.
///
/// Lines blank on both sides are skipped; a line blank on one side only is listed in
/// [`Bitext::skipped`]. Blank lines at the end of a file are not counted; any other difference in
/// the number of lines is an error naming both counts. Neither file declares its language. The
/// files are decoded as `options` say.
pub fn read_line_aligned(
    source_path: &Path,
    target_path: &Path,
    options: TextOptions,
) -> Result<Bitext> {
    // Each file's text becomes its lines, given back as they are taken
    // out, so that a side is held about once.
    let source_lines = plain_lines_owned(read_file(source_path, options)?);
    let target_lines = plain_lines_owned(read_file(target_path, options)?);
    pair_lines(source_lines, target_lines, source_path, target_path)
}

/// [`read_line_aligned`] for the two texts already in memory; the paths
/// name them in errors.
pub fn read_line_aligned_str(
    source_text: &str,
    target_text: &str,
    source_path: &Path,
    target_path: &Path,
) -> Result<Bitext> {
    let (source_lines, target_lines) = (plain_lines(source_text), plain_lines(target_text));
    pair_lines(source_lines, target_lines, source_path, target_path)
}

/// [`plain_lines`] of a text given up: the lines are taken from the end, the
/// text shortened (and its memory given back) as they are, and the first
/// line is made in the text's own buffer, so that a file of one line of
/// megabytes is never held twice.
fn plain_lines_owned(mut text: String) -> Vec<String> {
    let base = text.as_ptr() as usize;
    let ranges: Vec<std::ops::Range<usize>> = aligned_lines(&text)
        .into_iter()
        .map(|line| {
            let start = line.as_ptr() as usize - base;
            start..start + line.len()
        })
        .collect();
    let mut out = Vec::with_capacity(ranges.len());
    for (k, range) in ranges.into_iter().enumerate().rev() {
        if k == 0 {
            text.truncate(range.end);
            text.drain(..range.start);
            super::plain_text_in_place(&mut text);
            out.push(std::mem::take(&mut text));
        } else {
            out.push(plain_text(&text[range.clone()]));
            text.truncate(range.start);
            if text.len() < text.capacity() / 2 {
                text.shrink_to_fit();
            }
        }
    }
    out.reverse();
    out
}

/// The lines of a line-aligned text as segments' plain text.
fn plain_lines(text: &str) -> Vec<String> {
    aligned_lines(text).into_iter().map(plain_text).collect()
}

fn pair_lines(
    source_lines: Vec<String>,
    target_lines: Vec<String>,
    source_path: &Path,
    target_path: &Path,
) -> Result<Bitext> {
    if source_lines.len() != target_lines.len() {
        return Err(Error::format(
            source_path,
            None,
            None,
            format!(
                "{} lines, but {} has {}; line N of one file must translate line N of the other",
                source_lines.len(),
                crate::printable::path(target_path),
                target_lines.len()
            ),
        ));
    }
    let mut out = Bitext::default();
    for (i, (source, target)) in source_lines.into_iter().zip(target_lines).enumerate() {
        let line = i as u64 + 1;
        // A line blank on both sides is a paragraph break, not a segment.
        if !(source.is_empty() && target.is_empty()) {
            out.push_line(line, source, target);
        }
    }
    Ok(out)
}

/// The lines of a line-aligned file, without a byte order mark or trailing blank lines.
fn aligned_lines(text: &str) -> Vec<&str> {
    let text = strip_bom(text);
    let mut lines: Vec<&str> = text.lines().collect();
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::bitext::tests::{fixture, pair};

    #[test]
    fn reads_line_aligned_files() {
        let b = read_line_aligned(
            &fixture("aligned.en.txt"),
            &fixture("aligned.fr.txt"),
            TextOptions::default(),
        )
        .unwrap();
        assert_eq!(
            b.pairs,
            [
                pair(
                    "1",
                    1,
                    "The asylum seekers arrived at the border.",
                    "Les demandeurs d'asile sont arrivés à la frontière."
                ),
                pair(
                    "3",
                    3,
                    "The refugee status was granted.",
                    "Le statut de réfugié a été accordé."
                ),
                pair(
                    "6",
                    6,
                    "Irregular migration fell.",
                    "La migration irrégulière a diminué."
                ),
            ]
        );
        assert_eq!(b.skipped, ["line 4: not translated"]);
        assert_eq!((b.source_lang, b.target_lang), (None, None));

        let dir = tempfile::tempdir().unwrap();
        let (en, fr) = (dir.path().join("en.txt"), dir.path().join("fr.txt"));
        std::fs::write(&en, "\u{feff}one\r\ntwo\r\nthree\r\n").unwrap();
        std::fs::write(&fr, "un\ndeux\n\n").unwrap();
        let err = read_line_aligned(&en, &fr, TextOptions::default())
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            format!(
                "{}: 3 lines, but {} has 2; line N of one file must translate line N of the other",
                en.display(),
                fr.display()
            )
        );
        std::fs::write(&fr, "un\ndeux\ntrois").unwrap();
        let b = read_line_aligned(&en, &fr, TextOptions::default()).unwrap();
        assert_eq!(b.pairs[0], pair("1", 1, "one", "un"));
        assert_eq!(b.pairs[2], pair("3", 3, "three", "trois"));
    }

    #[test]
    fn lines_taken_from_a_text_given_up_are_its_lines() {
        for text in [
            "",
            "\n\n",
            "\u{feff}one  line\u{A0}only",
            "\u{feff} a\r\n\r\n b\t c \n\u{2003}\n\n",
            "un\n\ndeux  trois\n\u{202F}quatre\u{202F}\n \n",
            &"é  ü\n".repeat(1000),
        ] {
            assert_eq!(
                plain_lines_owned(text.to_string()),
                plain_lines(text),
                "{text:?}"
            );
        }
    }
}
