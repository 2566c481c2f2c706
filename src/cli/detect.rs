//! `termalign detect`: each document's language.

use super::common::*;
use crate::cli::args as cli;
use crate::cli::messages::prefixed;
use serde::Serialize;
use termalign::input::{self, Document};
use termalign::output::{Output, refuse_clobbering};
use termalign::{Config, Error, Glossary, Lang, Pipeline};

#[derive(Serialize)]
pub(crate) struct DetectRow<'a> {
    doc: &'a str,
    lang: &'static str,
    confidence: String,
    words: usize,
}

/// The mojibake `detect` saw in a document (over its pieces).
#[derive(Default)]
pub(crate) struct Mojibake {
    c1: usize,
    /// Line, column and character of the first C1 control.
    first_c1: Option<(u64, usize, char)>,
    utf8: usize,
    /// Line, column and characters of the first misread UTF-8.
    first_utf8: Option<(u64, usize, String)>,
}

impl Mojibake {
    /// Adds what a document's (next piece's) text shows.
    fn scan(&mut self, doc: &Document) {
        let report = termalign::input::mojibake::scan(&doc.text);
        let at = |offset| doc.piece.line_column(doc.text.as_bytes(), offset);
        self.c1 += report.c1;
        if let (None, Some((offset, c))) = (&self.first_c1, report.first_c1) {
            let (line, column) = at(offset);
            self.first_c1 = Some((line, column, c));
        }
        self.utf8 += report.utf8;
        if let (None, Some((offset, seen))) = (&self.first_utf8, report.first_utf8) {
            let (line, column) = at(offset);
            self.first_utf8 = Some((line, column, seen));
        }
    }

    /// Adds what a later piece of the document showed.
    fn absorb(&mut self, later: Mojibake) {
        self.c1 += later.c1;
        self.utf8 += later.utf8;
        self.first_c1 = self.first_c1.take().or(later.first_c1);
        self.first_utf8 = self.first_utf8.take().or(later.first_utf8);
    }

    /// The warning, if there is mojibake.
    fn warning(&self) -> Option<String> {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut signs = Vec::new();
        if let Some((line, column, c)) = self.first_c1 {
            signs.push(format!(
                "{} (U+{:04X} at line {line}, column {column}): Windows-1252 read as Latin-1",
                plural(self.c1, "C1 control character", "C1 control characters"),
                c as u32,
            ));
        }
        if let Some((line, column, seen)) = &self.first_utf8 {
            signs.push(format!(
                "{} ({seen:?} at line {line}, column {column}): UTF-8 read as Windows-1252",
                plural(self.utf8, "misread character", "misread characters"),
            ));
        }
        (!signs.is_empty()).then(|| {
            format!(
                "looks like mojibake: {}; --fix-mojibake repairs it",
                signs.join("; ")
            )
        })
    }
}

/// What `detect` has seen of a document read in pieces, so far.
#[derive(Default)]
pub(crate) struct DetectTally {
    words: usize,
    /// Per language, words times confidence of the pieces detected as it.
    votes: [f64; 3],
    mojibake: Mojibake,
}

impl DetectTally {
    fn add(&mut self, detection: &termalign::analysis::detect::Detection, words: usize) {
        self.words += words;
        if let Some(lang) = detection.lang {
            self.votes[lang.index()] += words as f64 * detection.confidence;
        }
    }

    /// The document's language: the one most words were detected as, and
    /// its share of the words, weighted by confidence; a whole document's
    /// own detection as it is.
    fn detection(&self) -> (Option<Lang>, f64) {
        let best = (0..3)
            .filter(|&i| self.votes[i] > 0.0)
            .max_by(|&a, &b| self.votes[a].total_cmp(&self.votes[b]));
        match best {
            Some(i) => (Some(Lang::ALL[i]), self.votes[i] / self.words.max(1) as f64),
            None => (None, 0.0),
        }
    }
}

pub(crate) fn detect(args: cli::DetectArgs, env: &Env) -> Result<Status, Error> {
    let (inputs, mut failed) = inputs(&args.input)?;
    if let Some(out) = &args.output {
        refuse_clobbering(&[out], &input_paths(&inputs))?;
    }
    let pipeline = Pipeline::new(
        &Glossary::default(),
        Config {
            lang: args.input.lang,
            ..Config::default()
        },
    );
    let output = Output::create(args.output.as_deref())?;
    let name = output.name();
    let mut csv = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(output);
    let write_err = |e: csv::Error| Error::io(&name, termalign::error::csv_to_io(e));
    // The header goes out with the first row, or at the end when there is
    // none (no document, or only empty ones); not when nothing was read.
    const HEADER: [&str; 4] = ["doc", "lang", "confidence", "words"];
    let mut header = false;
    let mut pending: Option<DetectTally> = None;
    let read = run_documents(
        env,
        inputs,
        &args.input,
        &mut failed,
        |doc| {
            // One token buffer per thread, reused from document to document.
            thread_local! {
                static TOKENS: std::cell::RefCell<termalign::analysis::tokenize::Tokens> =
                    Default::default();
            }
            let (detection, words) =
                TOKENS.with_borrow_mut(|tokens| pipeline.detect_document(&doc, tokens));
            let mut mojibake = Mojibake::default();
            mojibake.scan(&doc);
            (doc.name, doc.piece, detection, words, mojibake)
        },
        |progress, (doc, piece, detection, words, mojibake)| {
            // A document read in pieces gets one row, once its last piece
            // is in.
            let (lang, confidence, words, mojibake) = if piece == input::Piece::WHOLE {
                (detection.lang, detection.confidence, words, mojibake)
            } else {
                if piece.is_first() {
                    pending = None;
                }
                let tally = pending.get_or_insert_with(DetectTally::default);
                tally.add(&detection, words);
                tally.mojibake.absorb(mojibake);
                if !piece.last {
                    return Ok(());
                }
                let tally = pending.take().unwrap_or_default();
                let (lang, confidence) = tally.detection();
                (lang, confidence, tally.words, tally.mojibake)
            };
            if let Some(warning) = mojibake.warning() {
                progress.note(&prefixed!("warning: {doc}: {warning}"));
            }
            if !std::mem::replace(&mut header, true) {
                csv.write_record(HEADER).map_err(write_err)?;
            }
            let row = DetectRow {
                doc: &doc,
                lang: lang.map_or("und", |l| l.code()),
                confidence: format!("{confidence:.2}"),
                words,
            };
            csv.serialize(row).map_err(write_err)
        },
    )?;
    if failed && read == 0 {
        return Ok(nothing_read(env));
    }
    if !header {
        csv.write_record(HEADER).map_err(write_err)?;
    }
    csv.flush().map_err(|e| Error::io(&name, e))?;
    let output = csv
        .into_inner()
        .map_err(|e| Error::io(&name, e.into_error()))?;
    output.commit()?;
    Ok(status(failed))
}
