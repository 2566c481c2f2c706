//! Writing sentence alignments: TSV for pipelines, TMX for CAT tools, CSV
//! for review. The aligner (`align`) finds beads; this module reports them.

use std::io::{self, Write};
use std::ops::Range;

use crate::formats::bitext::tmx;
use crate::jobs::align::{Bead, SentenceList};
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

/// The CSV report as a workbook.
pub const XLSX: crate::formats::table::Columns = crate::formats::table::Columns {
    numbers: &["score"],
    booleans: &["doubtful"],
    wide: &["source", "target"],
    ..crate::formats::table::Columns::named("pairs")
};

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

/// A bead's side: the sentences of `list` at `range`, joined by a space;
/// tabs and line breaks inside a sentence become spaces so a TSV line stays
/// one line.
fn side<S: SentenceList + ?Sized>(list: &S, range: Range<usize>) -> String {
    joined(list, range).collect()
}

/// [`side`] as parts to write one after the other: the words of the
/// sentences, with single spaces between them (a side is never copied).
fn joined<S: SentenceList + ?Sized>(list: &S, range: Range<usize>) -> impl Iterator<Item = &str> {
    let mut words = range.flat_map(move |i| list.sentence(i).split_whitespace());
    let mut next = words.next();
    let mut space = false;
    std::iter::from_fn(move || {
        let word = next?;
        if space {
            space = false;
            return Some(" ");
        }
        next = words.next();
        space = next.is_some();
        Some(word)
    })
}

/// [`joined`], or `None` for a side without words (left out of a TMX unit).
fn present<S: SentenceList + ?Sized>(
    list: &S,
    range: Range<usize>,
) -> Option<impl Iterator<Item = &str>> {
    let mut words = joined(list, range).peekable();
    words.peek().is_some().then_some(words)
}

/// 1-based sentence numbers of a side: "3", "3-4", or "" when empty.
fn numbers(range: &Range<usize>) -> String {
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
    out: W,
) -> io::Result<usize> {
    let langs = (alignment.source_lang, alignment.target_lang);
    let mut writer = Writer::new(out, format, doubtful, langs)?;
    for bead in &alignment.beads {
        writer.bead(bead, &alignment.source[..], &alignment.target[..])?;
    }
    Ok(writer.finish()?.flagged)
}

/// What a [`Writer`] wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Written {
    /// Beads given.
    pub beads: usize,
    /// Beads below the threshold (flagged, or left out with `drop`).
    pub flagged: usize,
}

enum Sink<W: Write> {
    Tsv(W),
    Csv(Box<csv::Writer<W>>, crate::formats::spreadsheet::CsvFields),
    Tmx(tmx::Writer<W>),
}

/// An alignment written a bead at a time, as the aligner finds them, so
/// that no document's beads need be held: the header when made, a line
/// (or unit) per [`Writer::bead`], the end at [`Writer::finish`].
pub struct Writer<W: Write> {
    sink: Sink<W>,
    doubtful: Doubtful,
    written: Written,
}

impl<W: Write> Writer<W> {
    pub fn new(
        out: W,
        format: Format,
        doubtful: Doubtful,
        langs: (Lang, Lang),
    ) -> io::Result<Self> {
        let sink = match format {
            Format::Tsv => Sink::Tsv(out),
            Format::Csv { fields } => {
                let mut csv = csv::Writer::from_writer(out);
                csv.write_record([
                    "source_sentences",
                    "target_sentences",
                    "source",
                    "target",
                    "score",
                    "doubtful",
                ])
                .map_err(crate::error::csv_to_io)?;
                Sink::Csv(Box::new(csv), fields)
            }
            Format::Tmx => Sink::Tmx(tmx::Writer::new(out, langs.0, langs.1)?),
        };
        Ok(Writer {
            sink,
            doubtful,
            written: Written::default(),
        })
    }

    /// Writes one bead; `source` and `target` are the documents' sentences
    /// (the bead's ranges index them).
    pub fn bead<S: SentenceList + ?Sized>(
        &mut self,
        bead: &Bead,
        source: &S,
        target: &S,
    ) -> io::Result<()> {
        self.written.beads += 1;
        let doubtful = self.doubtful.is_doubtful(bead);
        self.written.flagged += usize::from(doubtful);
        if doubtful && self.doubtful.drop {
            return Ok(());
        }
        match &mut self.sink {
            Sink::Tsv(out) => {
                for word in joined(source, bead.source.clone()) {
                    out.write_all(word.as_bytes())?;
                }
                out.write_all(b"\t")?;
                for word in joined(target, bead.target.clone()) {
                    out.write_all(word.as_bytes())?;
                }
                out.write_all(b"\n")
            }
            Sink::Csv(csv, fields) => csv
                .write_record([
                    numbers(&bead.source),
                    numbers(&bead.target),
                    fields.text(&side(source, bead.source.clone())).into_owned(),
                    fields.text(&side(target, bead.target.clone())).into_owned(),
                    format!("{:.3}", bead.score),
                    doubtful.to_string(),
                ])
                .map_err(crate::error::csv_to_io),
            Sink::Tmx(tmx) => {
                let mut props = vec![("x-score", format!("{:.3}", bead.score))];
                if doubtful {
                    props.push(("x-doubtful", "yes".to_string()));
                }
                tmx.unit_of_parts(
                    &props,
                    present(source, bead.source.clone()),
                    present(target, bead.target.clone()),
                )
            }
        }
    }

    /// Ends the document and flushes it.
    pub fn finish(self) -> io::Result<Written> {
        match self.sink {
            Sink::Tsv(mut out) => out.flush()?,
            Sink::Csv(mut csv, _) => csv.flush()?,
            Sink::Tmx(tmx) => drop(tmx.finish()?),
        }
        Ok(self.written)
    }
}
