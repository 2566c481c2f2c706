//! Writing sentence alignments: TSV for pipelines, TMX for CAT tools, CSV
//! for review. The aligner (`align`) finds beads; this module reports them.

use std::io::{self, Write};

use crate::formats::bitext::tmx;
use crate::jobs::align::Bead;
use crate::lang::Lang;

/// How an alignment is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `source<TAB>target`, one bead per line, an empty side for 1:0 and 0:1.
    Tsv,
    /// TMX 1.4b, one `<tu>` per bead.
    Tmx,
    /// `source_sentences,target_sentences,source,target,score,doubtful`,
    /// the two texts written as `fields` says (for a spreadsheet, by
    /// default).
    Csv {
        fields: crate::formats::spreadsheet::CsvFields,
    },
}

/// A document pair and its beads.
pub struct Alignment<'a> {
    pub source_lang: Lang,
    pub target_lang: Lang,
    pub source: Vec<&'a str>,
    pub target: Vec<&'a str>,
    pub beads: Vec<Bead>,
}

/// What to do with beads scoring below a threshold.
#[derive(Clone, Copy, Debug, Default)]
pub struct Doubtful {
    pub threshold: Option<f64>,
    /// Leave them out rather than flag them.
    pub drop: bool,
}

impl Doubtful {
    fn is_doubtful(&self, bead: &Bead) -> bool {
        self.threshold.is_some_and(|t| bead.score < t)
    }
}

/// The sentences of a bead's side, joined by a space; tabs and line breaks
/// inside a sentence become spaces so a TSV line stays one line.
fn side(sentences: &[&str], range: &std::ops::Range<usize>) -> String {
    let joined = sentences[range.clone()].join(" ");
    crate::analysis::normalize::collapse_whitespace(&joined)
}

/// 1-based sentence numbers of a side: "3", "3-4", or "" when empty.
fn numbers(range: &std::ops::Range<usize>) -> String {
    match range.len() {
        0 => String::new(),
        1 => format!("{}", range.start + 1),
        _ => format!("{}-{}", range.start + 1, range.end),
    }
}

/// Writes `alignment` in `format`; returns how many beads were doubtful.
pub fn write<W: Write>(
    alignment: &Alignment,
    format: Format,
    doubtful: Doubtful,
    mut out: W,
) -> io::Result<usize> {
    let flagged = alignment
        .beads
        .iter()
        .filter(|b| doubtful.is_doubtful(b))
        .count();
    let kept = alignment
        .beads
        .iter()
        .filter(|b| !(doubtful.drop && doubtful.is_doubtful(b)));
    match format {
        Format::Tsv => {
            for bead in kept {
                writeln!(
                    out,
                    "{}\t{}",
                    side(&alignment.source, &bead.source),
                    side(&alignment.target, &bead.target)
                )?;
            }
            out.flush()?;
        }
        Format::Csv { fields } => {
            let mut csv = csv::Writer::from_writer(&mut out);
            let err = crate::error::csv_to_io;
            csv.write_record([
                "source_sentences",
                "target_sentences",
                "source",
                "target",
                "score",
                "doubtful",
            ])
            .map_err(err)?;
            for bead in kept {
                csv.write_record([
                    numbers(&bead.source),
                    numbers(&bead.target),
                    fields
                        .text(&side(&alignment.source, &bead.source))
                        .into_owned(),
                    fields
                        .text(&side(&alignment.target, &bead.target))
                        .into_owned(),
                    format!("{:.3}", bead.score),
                    doubtful.is_doubtful(bead).to_string(),
                ])
                .map_err(err)?;
            }
            csv.flush()?;
        }
        Format::Tmx => {
            let texts: Vec<(String, String, &Bead)> = kept
                .map(|b| {
                    (
                        side(&alignment.source, &b.source),
                        side(&alignment.target, &b.target),
                        b,
                    )
                })
                .collect();
            let units = texts.iter().map(|(s, t, b)| {
                let mut props = vec![("x-score", format!("{:.3}", b.score))];
                if doubtful.is_doubtful(b) {
                    props.push(("x-doubtful", "yes".to_string()));
                }
                tmx::Unit {
                    source: s,
                    target: t,
                    props,
                }
            });
            tmx::write(
                &mut out,
                alignment.source_lang,
                alignment.target_lang,
                units,
            )?;
        }
    }
    Ok(flagged)
}
