//! `termalign detect`: each document's language, or each paragraph's
//! (`--paragraphs`).

use super::common::*;
use crate::cli::args as cli;
use crate::cli::messages::prefixed;
use termalign::jobs::detect::{HEADER, PARAGRAPH_HEADER, PARAGRAPH_XLSX, Rows, XLSX, detect_piece};
use termalign::output::{Output, refuse_clobbering};
use termalign::{Config, Error, Glossary, Pipeline};

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
    let path = args.output.as_deref();
    let paragraphs = args.paragraphs;
    let (header, columns): (&[&str], _) = if paragraphs {
        (&PARAGRAPH_HEADER, PARAGRAPH_XLSX)
    } else {
        (&HEADER, XLSX)
    };
    let output = env.table(output, path, columns)?;
    let fields = env.fields(path);
    let mut csv = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(output);
    let write_err = |e: csv::Error| Error::io(&name, termalign::error::csv_to_io(e));
    // The header goes out with the first row, or at the end when there is
    // none (no document, or only empty ones); not when nothing was read.
    let mut header_written = false;
    let mut rows = Rows::default();
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
            TOKENS.with_borrow_mut(|tokens| detect_piece(&pipeline, doc, tokens, paragraphs))
        },
        |progress, mut piece| {
            if paragraphs {
                for row in rows.paragraph_rows(&mut piece) {
                    if !std::mem::replace(&mut header_written, true) {
                        csv.write_record(header).map_err(write_err)?;
                    }
                    csv.write_record(row.record(fields)).map_err(write_err)?;
                }
            }
            // A document read in pieces gets one row, once its last piece
            // is in (and its note on mojibake, with --paragraphs too).
            let Some(row) = rows.add(piece) else {
                return Ok(());
            };
            if let Some(signs) = row.mojibake.signs() {
                progress.note(&prefixed!(
                    "warning: {}: {signs}; --fix-mojibake repairs it",
                    row.doc
                ));
            }
            if paragraphs {
                return Ok(());
            }
            if !std::mem::replace(&mut header_written, true) {
                csv.write_record(header).map_err(write_err)?;
            }
            csv.write_record(row.record(fields)).map_err(write_err)
        },
    )?;
    if failed && read == 0 {
        return Ok(nothing_read(env));
    }
    if !header_written {
        csv.write_record(header).map_err(write_err)?;
    }
    csv.flush().map_err(|e| Error::io(&name, e))?;
    let output = csv
        .into_inner()
        .map_err(|e| Error::io(&name, e.into_error()))?;
    finish(output, &name)?.commit()?;
    Ok(status(failed))
}
