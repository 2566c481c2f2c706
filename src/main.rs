//! termalign's binary: parse arguments, call the library, report errors once,
//! map the outcome to an exit status (0 success, 1 found what fails the
//! command, as lint errors; 2 error).

mod cli;

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use serde::Serialize;

use termalign::concordance::{ByConcept, CsvSink, Sink};
use termalign::formats::{self, Format};
use termalign::glossary::{BUILTIN_CSV, BUILTIN_NAME};
use termalign::input::{self, Inputs, Source};
use termalign::lint;
use termalign::output::{Output, refuse_clobbering};
use termalign::segments;
use termalign::{Config, Error, Glossary, Pipeline};

use cli::{Cli, Command, InputArgs};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Concordance(args) => concordance(args),
        Command::Detect(args) => detect(args),
        Command::Check(args) => check(args),
        Command::Glossary(cli::GlossaryCommand::Lint(args)) => lint(args),
        Command::Glossary(cli::GlossaryCommand::Export(args)) => export(args),
    };
    match outcome {
        Ok(Status::Success) => ExitCode::SUCCESS,
        Ok(Status::Found) => ExitCode::from(1),
        Ok(Status::SomeInputsFailed) => ExitCode::from(2),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("termalign: {e}");
            ExitCode::from(2)
        }
    }
}

/// How a run that did not stop on an error ended.
enum Status {
    Success,
    /// Ran, and found what the command fails on (lint errors).
    Found,
    /// Some inputs could not be read; the others were processed.
    SomeInputsFailed,
}

fn is_broken_pipe(e: &Error) -> bool {
    matches!(e, Error::Io { source, .. } if source.kind() == io::ErrorKind::BrokenPipe)
}

/// Expands the paths, reporting what cannot be listed; reads standard input
/// when no path is given and it is not a terminal.
fn inputs(args: &InputArgs) -> Result<(Inputs, bool), Error> {
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
    let mut inputs = input::collect(&paths);
    let mut failed = false;
    for e in inputs.errors.drain(..) {
        eprintln!("termalign: {e}");
        failed = true;
    }
    for (dir, n) in &inputs.skipped {
        eprintln!(
            "termalign: {}: skipped {n} file{} that {} not .txt or .md",
            dir.display(),
            if *n == 1 { "" } else { "s" },
            if *n == 1 { "is" } else { "are" }
        );
    }
    Ok((inputs, failed))
}

fn input_paths(inputs: &Inputs) -> Vec<PathBuf> {
    inputs
        .sources
        .iter()
        .filter_map(|s| match s {
            Source::File(p) => Some(p.clone()),
            Source::Stdin => None,
        })
        .collect()
}

/// Reads each document in turn and hands it to `each`; an unreadable one is
/// reported and skipped.
fn for_each_document(
    inputs: &Inputs,
    failed: &mut bool,
    mut each: impl FnMut(&input::Document) -> Result<(), Error>,
) -> Result<(), Error> {
    for source in &inputs.sources {
        match input::read(source) {
            Ok(doc) => {
                if doc.text.trim_start_matches('\u{feff}').trim().is_empty() {
                    eprintln!(
                        "termalign: warning: {}: empty file, nothing to match",
                        doc.name()
                    );
                }
                each(&doc)?;
            }
            Err(e) => {
                eprintln!("termalign: {e}");
                *failed = true;
            }
        }
    }
    Ok(())
}

fn status(failed: bool) -> Status {
    if failed {
        Status::SomeInputsFailed
    } else {
        Status::Success
    }
}

fn concordance(args: cli::ConcordanceArgs) -> Result<Status, Error> {
    let glossary = load_glossary(&args.glossary)?;
    let (inputs, mut failed) = inputs(&args.input)?;
    let mut protected = input_paths(&inputs);
    protected.extend(args.glossary.glossary.clone());
    let stdout = Path::new("-");
    let outputs: Vec<&Path> = std::iter::once(args.output.as_deref().unwrap_or(stdout))
        .chain(args.by_concept.as_deref())
        .collect();
    refuse_clobbering(&outputs, &protected)?;
    let config = Config {
        lang: args.input.lang,
        match_mode: args.match_mode.into(),
    };
    let pipeline = Pipeline::new(&glossary, config);
    // Both outputs are opened before any work, so a bad path fails at once.
    let output = Output::create(args.output.as_deref())?;
    let by_concept_output = args
        .by_concept
        .as_deref()
        .map(|path| Output::create(Some(path)))
        .transpose()?;
    let name = output.name();
    let mut rows = CsvSink::new(&glossary, output, &name);
    let mut by_concept = by_concept_output
        .as_ref()
        .map(|_| ByConcept::new(&glossary));
    for_each_document(&inputs, &mut failed, |doc| {
        let analysis = pipeline.analyze(&doc.text);
        rows.document(doc, &analysis)?;
        match &mut by_concept {
            Some(table) => table.document(doc, &analysis),
            None => Ok(()),
        }
    })?;
    rows.finish()?;
    if let (Some(table), Some(out)) = (by_concept, by_concept_output) {
        let name = out.name();
        table.write(out, &name)?.commit()?;
    }
    rows.into_inner()?.commit()?;
    Ok(status(failed))
}

fn check(args: cli::CheckArgs) -> Result<Status, Error> {
    use termalign::check::{self, DocumentChecker, PairChecker, ReportFormat, Scope, Severity};
    let glossary = load_glossary(&args.glossary)?;
    let mut failed = false;
    let report = match (args.source_lang, args.target_lang) {
        (Some(source), Some(target)) => {
            if source == target {
                return Err(Error::Usage(format!(
                    "--source-lang and --target-lang are both {source}"
                )));
            }
            let mut checker = PairChecker::new(&glossary, source, target);
            if let (Some(s), Some(t)) = (&args.source, &args.target) {
                let bitext = segments::read_line_aligned(s, t)?;
                checker.file(&s.display().to_string(), &bitext.pairs);
            }
            if args.input.paths.is_empty() && args.source.is_none() {
                return Err(Error::Usage(
                    "no translation to check: name TMX, XLIFF or TSV files, or give --source and --target".into(),
                ));
            }
            for path in &args.input.paths {
                match segments::read(path, None, source, target) {
                    Ok(bitext) => {
                        for skipped in &bitext.skipped {
                            eprintln!("termalign: {}: skipped {skipped}", path.display());
                        }
                        checker.file(&path.display().to_string(), &bitext.pairs)
                    }
                    Err(e) => {
                        eprintln!("termalign: {e}");
                        failed = true;
                    }
                }
            }
            checker.finish()
        }
        _ => {
            let (inputs, input_failed) = inputs(&args.input)?;
            failed = input_failed;
            let scope = match args.scope {
                cli::ScopeArg::Document => Scope::Document,
                cli::ScopeArg::Corpus => Scope::Corpus,
            };
            let config = Config {
                lang: args.input.lang,
                ..Config::default()
            };
            let mut checker = DocumentChecker::new(&glossary, config, scope);
            for_each_document(&inputs, &mut failed, |doc| {
                checker.document(doc);
                Ok(())
            })?;
            checker.finish()
        }
    };
    let mut protected: Vec<PathBuf> = args.input.paths.clone();
    protected.extend(args.glossary.glossary.clone());
    protected.extend(args.source.clone());
    protected.extend(args.target.clone());
    if let Some(out) = &args.output {
        refuse_clobbering(&[out], &protected)?;
    }
    let format = match args.format {
        cli::ReportFormatArg::Text => ReportFormat::Text {
            color: args.output.is_none() && io::stdout().is_terminal(),
        },
        cli::ReportFormatArg::Csv => ReportFormat::Csv,
        cli::ReportFormatArg::Json => ReportFormat::Json,
    };
    let mut output = Output::create(args.output.as_deref())?;
    let name = output.name();
    check::write_report(&report, format, &mut output).map_err(|e| Error::io(&name, e))?;
    output.commit()?;
    eprintln!("termalign: {}", check::summary(&report));
    let threshold = match args.fail_on {
        cli::FailOn::Error => Some(Severity::Error),
        cli::FailOn::Warning => Some(Severity::Warning),
        cli::FailOn::Never => None,
    };
    let fails = threshold.is_some_and(|t| report.findings.iter().any(|f| f.severity <= t));
    Ok(if failed {
        Status::SomeInputsFailed
    } else if fails {
        Status::Found
    } else {
        Status::Success
    })
}

fn load_glossary(args: &cli::GlossaryArgs) -> Result<Glossary, Error> {
    match &args.glossary {
        Some(path) => formats::read(path, args.glossary_format, args.glossary_pair),
        None => Ok(Glossary::builtin()),
    }
}

fn lint(args: cli::LintArgs) -> Result<Status, Error> {
    let findings = match &args.file {
        None => lint::lint_csv(BUILTIN_CSV, Path::new(BUILTIN_NAME)),
        Some(path) => {
            let format = args.glossary_format.or_else(|| Format::from_path(path));
            let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
            let text = input::decode(bytes, path)?;
            if format == Some(Format::Csv) && !formats::google::looks_like_google(&text) {
                lint::lint_csv(&text, path)
            } else {
                let glossary = formats::read_str(&text, path, format, args.glossary_pair)?;
                lint::lint_glossary(&glossary)
            }
        }
    };
    let mut stdout = io::stdout().lock();
    for finding in &findings {
        writeln!(stdout, "{finding}").map_err(|e| Error::io("<stdout>", e))?;
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity == lint::Severity::Error)
        .count();
    let name = args
        .file
        .as_deref()
        .unwrap_or(Path::new(BUILTIN_NAME))
        .display()
        .to_string();
    eprintln!(
        "termalign: {name}: {errors} error{}, {} warning{}",
        if errors == 1 { "" } else { "s" },
        findings.len() - errors,
        if findings.len() - errors == 1 {
            ""
        } else {
            "s"
        }
    );
    Ok(if errors > 0 {
        Status::Found
    } else {
        Status::Success
    })
}

fn export(args: cli::ExportArgs) -> Result<Status, Error> {
    let glossary = load_glossary(&args.glossary)?;
    if args.format.is_bilingual() && args.pair.is_none() {
        return Err(Error::Usage(format!(
            "a {} glossary holds one language direction: give --pair, like en-fr",
            args.format.name()
        )));
    }
    if let Some(out) = &args.output {
        let protected: Vec<PathBuf> = args.glossary.glossary.iter().cloned().collect();
        refuse_clobbering(&[out], &protected)?;
    }
    let mut output = Output::create(args.output.as_deref())?;
    let name = output.name();
    let report = formats::write(&glossary, args.format, args.pair, &mut output)
        .map_err(|e| Error::io(&name, e))?;
    output.commit()?;
    for skipped in &report.skipped {
        eprintln!("termalign: skipped {skipped}");
    }
    Ok(Status::Success)
}

#[derive(Serialize)]
struct DetectRow<'a> {
    doc: &'a str,
    lang: &'static str,
    confidence: String,
    words: usize,
}

fn detect(args: cli::DetectArgs) -> Result<Status, Error> {
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
    let mut csv = csv::Writer::from_writer(output);
    let write_err = |e: csv::Error| Error::io(&name, termalign::error::csv_to_io(e));
    for_each_document(&inputs, &mut failed, |doc| {
        let analysis = pipeline.analyze(&doc.text);
        let detection = analysis.detection.unwrap_or(termalign::detect::Detection {
            lang: None,
            confidence: 0.0,
        });
        let row = DetectRow {
            doc: &doc.name(),
            lang: detection.lang.map_or("und", |l| l.code()),
            confidence: format!("{:.2}", detection.confidence),
            words: analysis.word_count(),
        };
        csv.serialize(row).map_err(write_err)
    })?;
    csv.flush().map_err(|e| Error::io(&name, e))?;
    let output = csv
        .into_inner()
        .map_err(|e| Error::io(&name, e.into_error()))?;
    output.commit()?;
    Ok(status(failed))
}
