//! What every subcommand shares: the run's environment (threads, quiet),
//! the inputs named on the command line, the documents run through the
//! pipeline on the worker threads, the glossary to load, the exit status.

use crate::cli::args::{self as cli, InputArgs};
use crate::cli::messages::{message, prefixed, shown};
use crate::cli::progress::Progress;
use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use termalign::formats;
use termalign::formats::spreadsheet::CsvFields;
use termalign::formats::table::{self, Columns, Style, Table};
use termalign::input::{self, Document, Inputs, Layout, Source, TextOptions};
use termalign::output::Output;
use termalign::parallel::Runner;
use termalign::{Error, Glossary};

/// What every command runs with.
pub(crate) struct Env {
    /// `--jobs`: threads, 0 for one per core.
    pub(crate) jobs: usize,
    /// The threads, started when a command first needs them.
    pub(crate) runner: std::sync::OnceLock<Runner>,
    /// No progress bar and no summary lines.
    pub(crate) quiet: bool,
    /// `--encoding` and `--fix-mojibake`: how every input is decoded.
    pub(crate) text: TextOptions,
    /// `--raw-csv`: how text fields of CSV outputs are written.
    pub(crate) csv: termalign::formats::spreadsheet::CsvFields,
    /// `--excel`: the delimiter of CSV outputs written for Excel.
    pub(crate) excel: Option<u8>,
}

impl Env {
    pub(crate) fn runner(&self) -> Result<&Runner, Error> {
        if let Some(runner) = self.runner.get() {
            return Ok(runner);
        }
        let runner = Runner::new(self.jobs)?;
        Ok(self.runner.get_or_init(|| runner))
    }

    /// How a report table going to `path` is written: a workbook for a
    /// `.xlsx` file, CSV for Excel with `--excel`, else CSV as it is.
    pub(crate) fn style(&self, path: Option<&Path>, columns: Columns) -> Style {
        match (path, self.excel) {
            (Some(path), _) if table::is_xlsx(path) => Style::Xlsx(columns),
            (_, Some(delimiter)) => Style::Excel { delimiter },
            _ => Style::Csv,
        }
    }

    /// How a glossary written in `format` goes out: its CSV formats (the
    /// native one, Google's) for Excel with `--excel`; the others as they are.
    pub(crate) fn glossary_style(&self, format: termalign::formats::Format) -> Style {
        use termalign::formats::Format;
        match (format, self.excel) {
            (Format::Csv | Format::Google, Some(delimiter)) => Style::Excel { delimiter },
            _ => Style::Csv,
        }
    }

    /// How the text fields of a report table going to `path` are written:
    /// as they are in a workbook, whose text cells never run as formulas.
    pub(crate) fn fields(&self, path: Option<&Path>) -> CsvFields {
        if path.is_some_and(table::is_xlsx) {
            CsvFields::Raw
        } else {
            self.csv
        }
    }

    /// `output`, to which a report table going to `path` is written.
    pub(crate) fn table(
        &self,
        output: Output,
        path: Option<&Path>,
        columns: Columns,
    ) -> Result<Table<Output>, Error> {
        let name = output.name();
        Table::new(output, self.style(path, columns)).map_err(|e| Error::io(name, e))
    }

    /// A summary line on stderr, unless `--quiet`.
    pub(crate) fn note(&self, line: &str) {
        if !self.quiet {
            message!("{line}");
        }
    }
}

/// How a run that did not stop on an error ended.
pub(crate) enum Status {
    Success,
    /// Ran, and found what the command fails on (lint errors).
    Found,
    /// Some inputs could not be read; the others were processed.
    SomeInputsFailed,
}

pub(crate) fn is_broken_pipe(e: &Error) -> bool {
    matches!(e, Error::Io { source, .. } if source.kind() == io::ErrorKind::BrokenPipe)
}

/// Expands the paths, reporting what cannot be listed; reads standard input
/// when no path is given and it is not a terminal.
pub(crate) fn inputs(args: &InputArgs) -> Result<(Inputs, bool), Error> {
    let paths = if args.paths.is_empty() {
        if io::stdin().is_terminal() {
            return Err(Error::Usage(
                "no input: name files or folders, or - for standard input (see termalign --help)"
                    .into(),
            ));
        }
        vec![PathBuf::from("-")]
    } else {
        args.paths.clone()
    };
    let walk = input::WalkOptions {
        follow_links: args.follow,
    };
    let mut inputs = input::collect_with(&paths, layout(args), walk);
    let mut failed = false;
    for e in inputs.errors.drain(..) {
        message!("{}", shown(&e));
        failed = true;
    }
    for (dir, n) in &inputs.skipped {
        message!(
            "{}: skipped {n} file{} that {} not {} (gzipped or not)",
            dir.display(),
            if *n == 1 { "" } else { "s" },
            if *n == 1 { "is" } else { "are" },
            match layout(args) {
                Layout::Text => ".txt or .md",
                Layout::JsonLines => ".jsonl or .ndjson",
            }
        );
    }
    report_left_out(&inputs.left_out);
    Ok((inputs, failed))
}

/// Says on stderr what a folder walk (or `align`'s two folders) left out.
pub(crate) fn report_left_out(left_out: &[input::LeftOut]) {
    for left_out in left_out {
        match left_out {
            input::LeftOut::Links { .. } => message!("{left_out}; --follow follows them"),
            _ => message!("{left_out}"),
        }
    }
}

pub(crate) fn input_paths(inputs: &Inputs) -> Vec<PathBuf> {
    inputs
        .sources
        .iter()
        .filter_map(|s| match s {
            Source::File(p) => Some(p.clone()),
            Source::Stdin => None,
        })
        .collect()
}

pub(crate) fn layout(args: &InputArgs) -> Layout {
    if args.jsonl {
        Layout::JsonLines
    } else {
        Layout::Text
    }
}

/// Reads the documents one at a time, runs `work` on them in parallel and
/// hands the results to `consume` in input order. A document that cannot be
/// read is reported and skipped, and sets `failed`. One that fails after
/// some of its pieces were consumed (a file changed while it was read, a
/// bad byte deep in standard input) ends the run with an error: its first
/// pieces are in the outputs and cannot be taken out, so no output file is
/// written.
pub(crate) fn run_documents<R: Send>(
    env: &Env,
    inputs: Inputs,
    args: &InputArgs,
    failed: &mut bool,
    work: impl Fn(Document) -> R + Sync,
    mut consume: impl FnMut(&mut Progress, R) -> Result<(), Error>,
) -> Result<usize, Error> {
    let layout = layout(args);
    let total = (layout == Layout::Text).then_some(inputs.sources.len() as u64);
    let mut progress = Progress::new(total, env.quiet);
    let mut read = 0;
    // The document whose pieces are being consumed, and how many were.
    let mut open: Option<(String, u32)> = None;
    // The list of files is handed over, not copied: a folder of 250,000
    // articles is a list of 250,000 paths.
    let documents = input::Documents::new(inputs.sources, layout, env.text);
    let weight = |doc: &Result<Document, Error>| doc.as_ref().map_or(0, |d| d.text.len());
    let outcome = env.runner()?.run(
        documents,
        weight,
        |doc| {
            doc.map(|doc| {
                let whole = doc.piece == input::Piece::WHOLE;
                let empty = whole && doc.text.trim_start_matches('\u{feff}').trim().is_empty();
                let (name, bytes, piece) = (doc.name.clone(), doc.text.len(), doc.piece);
                (name, bytes, piece, empty, work(doc))
            })
        },
        |result| match result {
            Ok((name, bytes, piece, empty, r)) => {
                let last = piece.last;
                open = (!last).then(|| (name.clone(), piece.index + 1));
                if empty {
                    let what = match layout {
                        Layout::Text => "file",
                        Layout::JsonLines => "text",
                    };
                    progress.note(&prefixed!(
                        "warning: {name}: empty {what}, nothing to match"
                    ));
                }
                progress.piece(bytes, last);
                // Pieces, not documents: a piece read means output may have
                // gone out (to stdout, rows cannot be taken back).
                read += 1;
                consume(&mut progress, r)
            }
            Err(e) => {
                progress.note(&prefixed!("{}", shown(&e)));
                if let Some((name, used)) = open.take() {
                    return Err(Error::Usage(format!(
                        "{name}: failed after {used} of its pieces went into the output, which \
                         cannot take them back: the run stops and writes no output file"
                    )));
                }
                progress.document(0);
                *failed = true;
                Ok(())
            }
        },
    );
    progress.finish();
    outcome.map(|()| read)
}

/// A run in which every input failed writes nothing: an empty report would
/// read as a clean one. The outputs, dropped uncommitted, leave no file.
pub(crate) fn nothing_read(env: &Env) -> Status {
    env.note("no input could be read; nothing written");
    Status::SomeInputsFailed
}

pub(crate) fn status(failed: bool) -> Status {
    if failed {
        Status::SomeInputsFailed
    } else {
        Status::Success
    }
}

pub(crate) fn load_glossary(args: &cli::GlossaryArgs, env: &Env) -> Result<Glossary, Error> {
    let mut glossary = match &args.glossary {
        Some(path) => {
            let (glossary, summary) =
                formats::read_reporting(path, args.glossary_format, args.glossary_pair, env.text)?;
            // What a TBX file held that termalign leaves out is said, not dropped in silence.
            for line in summary.iter().flat_map(|s| s.report()) {
                env.note(&format!("{}: {line}", path.display()));
            }
            glossary
        }
        None => Glossary::builtin(),
    };
    if !args.subject.is_empty() {
        glossary.retain_subjects(&args.subject)?;
    }
    Ok(glossary)
}

/// The warning for one side (`units`: "target segments", "sentences") that
/// reads as another language than `declared`, which `flag` gave (else the
/// file declared it), if it does.
pub(crate) fn side_mislabel<'a>(
    detector: &termalign::Detector,
    name: &str,
    units: &str,
    declared: termalign::Lang,
    flag: Option<&str>,
    texts: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let reading = termalign::analysis::detect::verify::read_side(detector, declared, texts);
    let other = reading.mislabelled()?;
    let said = match flag {
        Some(flag) => format!("{flag} says"),
        None => "declared".to_string(),
    };
    Some(format!(
        "{name}: {}% of {} {units} read as {other}, not {declared} as {said}",
        reading.percent(other),
        reading.counted
    ))
}

/// Verifies both sides of a bilingual file against their languages (see
/// `termalign::analysis::detect::verify`): a side that reads as another
/// language is a warning, or with `strict` a message; says whether one did.
pub(crate) fn verify_bitext(
    detector: &termalign::Detector,
    path: &std::path::Path,
    bitext: &formats::bitext::Bitext,
    langs: formats::bitext::Languages,
    strict: bool,
) -> bool {
    let name = path.display().to_string();
    let sides = [
        side_mislabel(
            detector,
            &name,
            "source segments",
            langs.source,
            langs.source_given.then_some("--source-lang"),
            bitext.pairs.iter().map(|p| p.source.as_str()),
        ),
        side_mislabel(
            detector,
            &name,
            "target segments",
            langs.target,
            langs.target_given.then_some("--target-lang"),
            bitext.pairs.iter().map(|p| p.target.as_str()),
        ),
    ];
    let mut found = false;
    for line in sides.into_iter().flatten() {
        found = true;
        if strict {
            message!("{line}");
        } else {
            crate::cli::messages::warning!("{line}");
        }
    }
    found
}

/// The error of a `--strict-lang` run whose inputs' languages are not what
/// they are said to be.
pub(crate) fn mislabelled_error(files: usize) -> Error {
    Error::Usage(format!(
        "--strict-lang: {files} file{} read{} as another language than declared (see above); \
         nothing written",
        if files == 1 { "" } else { "s" },
        if files == 1 { "s" } else { "" }
    ))
}

/// The language pair of a run that takes it from its files: the first
/// file's; a later file in another pair is an error of its own.
pub(crate) fn same_pair(
    run: &mut Option<(formats::bitext::Languages, PathBuf)>,
    path: &std::path::Path,
    langs: formats::bitext::Languages,
) -> Result<(), Error> {
    match run {
        None => {
            *run = Some((langs, path.to_path_buf()));
            Ok(())
        }
        Some((first, first_path))
            if (first.source, first.target) != (langs.source, langs.target) =>
        {
            Err(Error::BadInput {
                path: path.to_path_buf(),
                reason: format!(
                    "its languages are {}→{}, but this run's are {}→{} (from {}): give it a \
                     run of its own",
                    langs.source,
                    langs.target,
                    first.source,
                    first.target,
                    first_path.display()
                ),
            })
        }
        Some(_) => Ok(()),
    }
}

/// Ends a report table (a workbook is saved here) and returns its output,
/// to commit.
pub(crate) fn finish(table: Table<Output>, name: &str) -> Result<Output, Error> {
    table.finish().map_err(|e| Error::io(name, e))
}
