//! Reference alignments and their scores: the gold format read and written,
//! and the precision, recall and F1 of links (both described in the module
//! documentation of `align`).

use crate::input::strip_bom;
use std::ops::Range;
use std::path::Path;

use rustc_hash::FxHashSet;

use super::Bead;
use crate::error::{Error, Result};

/// Precision, recall and F1 of predicted links against gold links.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Scores {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Links predicted, in the gold, and both.
    pub predicted: usize,
    pub gold: usize,
    pub correct: usize,
}

impl Scores {
    /// The scores of given counts (for micro-averages over documents). With
    /// nothing predicted, precision is 1; with no gold, recall is 1.
    pub fn from_counts(predicted: usize, gold: usize, correct: usize) -> Scores {
        let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
        let (precision, recall) = (ratio(correct, predicted), ratio(correct, gold));
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Scores {
            precision,
            recall,
            f1,
            predicted,
            gold,
            correct,
        }
    }
}

/// The links of beads: `(Some(s), Some(t))` for every pair in a bead with
/// two non-empty sides, `(Some(s), None)` and `(None, Some(t))` for the
/// sentences of 1:0 and 0:1 beads.
pub fn links(beads: &[Bead]) -> FxHashSet<(Option<usize>, Option<usize>)> {
    let mut links = FxHashSet::default();
    for bead in beads {
        if bead.target.is_empty() {
            links.extend(bead.source.clone().map(|s| (Some(s), None)));
        } else if bead.source.is_empty() {
            links.extend(bead.target.clone().map(|t| (None, Some(t))));
        } else {
            for s in bead.source.clone() {
                links.extend(bead.target.clone().map(|t| (Some(s), Some(t))));
            }
        }
    }
    links
}

/// Scores predicted beads against gold beads, link by link (see the
/// [module documentation](super)).
pub fn score(predicted: &[Bead], gold: &[Bead]) -> Scores {
    let (p, g) = (links(predicted), links(gold));
    Scores::from_counts(p.len(), g.len(), p.intersection(&g).count())
}

/// Reads a gold alignment (format in the [module documentation](super)).
/// `path` names the file in errors; beads get score 1.
pub fn read_gold(text: &str, path: &Path) -> Result<Vec<Bead>> {
    let text = strip_bom(text);
    let mut beads: Vec<Bead> = Vec::new();
    let mut ends = [0usize; 2];
    for (at, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if (line.trim().is_empty() && !line.contains('\t')) || line.trim_start().starts_with('#') {
            continue;
        }
        let here = |message: String| Error::format(path, Some(at as u64 + 1), None, message);
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() != 2 {
            return Err(here(format!(
                "expected SOURCE<TAB>TARGET sentence numbers (e.g. 3,4<TAB>3), found {} field{}",
                fields.len(),
                if fields.len() == 1 { "" } else { "s" }
            )));
        }
        let mut ranges = [0..0, 0..0];
        for (side, (field, name)) in fields.iter().zip(["source", "target"]).enumerate() {
            let range =
                parse_sentences(field).map_err(|why| here(format!("{name} side: {why}")))?;
            if !range.is_empty() && range.start < ends[side] {
                return Err(here(format!(
                    "{name} sentence {} is not after the previous bead's (beads must be in order)",
                    range.start + 1
                )));
            }
            if !range.is_empty() {
                ends[side] = range.end;
            }
            ranges[side] = range;
        }
        let [source, target] = ranges;
        if source.is_empty() && target.is_empty() {
            return Err(here("a bead needs a sentence on at least one side".into()));
        }
        beads.push(Bead {
            source,
            target,
            score: 1.0,
        });
    }
    Ok(beads)
}

/// Parses `3,4` (or `3-4`) into the 0-based range 2..4; empty is an empty
/// range.
fn parse_sentences(field: &str) -> std::result::Result<Range<usize>, String> {
    let field = field.trim();
    if field.is_empty() {
        return Ok(0..0);
    }
    let mut range: Option<Range<usize>> = None;
    for part in field.split(',') {
        let part = part.trim();
        let number = |text: &str| -> std::result::Result<usize, String> {
            match text.trim().parse::<usize>() {
                Ok(0) => Err("sentence numbers start at 1".into()),
                Ok(n) => Ok(n),
                Err(_) => Err(format!(
                    "{part:?} is not a sentence number or range (1-based: 3,4 or 3-4)"
                )),
            }
        };
        let (first, last) = match part.split_once('-') {
            Some((a, b)) => (number(a)?, number(b)?),
            None => (number(part)?, number(part)?),
        };
        if last < first {
            return Err(format!("{part:?} is a range backwards"));
        }
        range = match range {
            None => Some(first - 1..last),
            Some(r) if r.end + 1 == first => Some(r.start..last),
            Some(r) => {
                return Err(format!(
                    "sentences must be consecutive: {first} after {}",
                    r.end
                ));
            }
        };
    }
    Ok(range.unwrap_or(0..0))
}

/// Writes beads in the gold format, one per line.
pub fn format_gold(beads: &[Bead]) -> String {
    let side = |r: &Range<usize>| {
        r.clone()
            .map(|i| (i + 1).to_string())
            .collect::<Vec<_>>()
            .join(",")
    };
    beads
        .iter()
        .map(|b| format!("{}\t{}\n", side(&b.source), side(&b.target)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::align::tests::{bead, shape};

    #[test]
    fn links_count_null_links() {
        let gold = [
            bead(0..1, 0..1),
            bead(1..3, 1..2),
            bead(3..4, 2..2),
            bead(4..4, 2..3),
        ];
        let all = links(&gold);
        assert_eq!(all.len(), 5);
        assert!(all.contains(&(Some(3), None)) && all.contains(&(None, Some(2))));
        let perfect = score(&gold, &gold);
        assert_eq!(
            (perfect.precision, perfect.recall, perfect.f1),
            (1.0, 1.0, 1.0)
        );
        assert_eq!(
            (perfect.predicted, perfect.gold, perfect.correct),
            (5, 5, 5)
        );
    }

    #[test]
    fn scores_give_partial_credit_link_by_link() {
        let gold = [
            bead(0..1, 0..1),
            bead(1..3, 1..2),
            bead(3..4, 2..2),
            bead(4..4, 2..3),
        ];
        // The 2:1 bead as 1:1 + 1:0, and the 1:0 + 0:1 as a wrong 1:1.
        let predicted = [
            bead(0..1, 0..1),
            bead(1..2, 1..2),
            bead(2..3, 2..2),
            bead(3..4, 2..3),
        ];
        let s = score(&predicted, &gold);
        // Predicted links: (0,0) (1,1) (2,∅) (3,2): 2 of them in the gold.
        assert_eq!((s.predicted, s.gold, s.correct), (4, 5, 2));
        assert!((s.precision - 0.5).abs() < 1e-12 && (s.recall - 0.4).abs() < 1e-12);
        assert!((s.f1 - 2.0 * 0.5 * 0.4 / 0.9).abs() < 1e-12);
        assert_eq!(Scores::from_counts(0, 0, 0).f1, 1.0);
        assert_eq!(Scores::from_counts(3, 4, 0).f1, 0.0);
        assert_eq!(Scores::from_counts(0, 4, 0).recall, 0.0);
    }

    #[test]
    fn gold_files_are_read_and_written() {
        let text = "# source\ttarget\r\n1\t1\r\n\r\n2,3\t2\n4\t\n\t3\n  # indented comment\n\
                    5\t4,5\n6-8\t6,7-8\n";
        let gold = read_gold(text, Path::new("gold.tsv")).unwrap();
        let expected = [
            (0..1, 0..1),
            (1..3, 1..2),
            (3..4, 0..0),
            (0..0, 2..3),
            (4..5, 3..5),
            (5..8, 5..8),
        ];
        assert_eq!(shape(&gold), expected);
        let written = format_gold(&gold);
        assert_eq!(written, "1\t1\n2,3\t2\n4\t\n\t3\n5\t4,5\n6,7,8\t6,7,8\n");
        assert_eq!(read_gold(&written, Path::new("again")).unwrap(), gold);
    }

    #[test]
    fn bad_gold_lines_name_file_and_line() {
        for (text, message) in [
            (
                "1\t1\n2\t2\t2\n",
                "gold.tsv:2: expected SOURCE<TAB>TARGET sentence numbers",
            ),
            ("1 1\n", "gold.tsv:1: expected SOURCE<TAB>TARGET"),
            (
                "# c\n\nx\t1\n",
                "gold.tsv:3: source side: \"x\" is not a sentence number",
            ),
            (
                "1\t1,3\n",
                "gold.tsv:1: target side: sentences must be consecutive: 3 after 1",
            ),
            (
                "0\t1\n",
                "gold.tsv:1: source side: sentence numbers start at 1",
            ),
            (
                "1\t1\n\t\n",
                "gold.tsv:2: a bead needs a sentence on at least one side",
            ),
            (
                "2\t2\n1\t3\n",
                "gold.tsv:2: source sentence 1 is not after the previous bead's",
            ),
            (
                "1,2\t1\n3\t1\n",
                "gold.tsv:2: target sentence 1 is not after the previous bead's",
            ),
            (
                "1\t-2\n",
                "gold.tsv:1: target side: \"-2\" is not a sentence number",
            ),
            (
                "1\t3-2\n",
                "gold.tsv:1: target side: \"3-2\" is a range backwards",
            ),
        ] {
            let error = read_gold(text, Path::new("gold.tsv"))
                .unwrap_err()
                .to_string();
            assert!(error.starts_with(message), "{text:?}: {error}");
        }
    }
}
