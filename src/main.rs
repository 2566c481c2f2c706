//! termalign's binary: parse arguments, call the library, report errors once,
//! map the outcome to an exit status (0 success, 1 found what fails the
//! command, as lint errors; 2 error).

mod cli;
mod progress;

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use serde::Serialize;

use termalign::formats::bitext;
use termalign::formats::{self, Format};
use termalign::glossary::lint;
use termalign::glossary::{BUILTIN_CSV, BUILTIN_NAME};
use termalign::input::{self, Document, Inputs, Layout, Source};
use termalign::jobs::concordance::{ByConcept, CsvSink, Part};
use termalign::output::{Output, refuse_clobbering};
use termalign::parallel::Runner;
use termalign::{Config, Error, Glossary, Lang, Pipeline};

use cli::{Cli, Command, InputArgs};
use progress::Progress;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Outputs are written to temporary files: an interrupt removes them.
    if let Err(e) = termalign::output::remove_on_interrupt() {
        eprintln!("termalign: warning: {e}");
    }
    input::set_text_options(input::TextOptions {
        encoding: cli.encoding.into(),
        fix_mojibake: cli.fix_mojibake,
    });
    let env = Env {
        jobs: usize::from(cli.jobs),
        runner: std::sync::OnceLock::new(),
        quiet: cli.quiet,
    };
    let outcome = match cli.command {
        Command::Concordance(args) => concordance(args, &env),
        Command::Detect(args) => detect(args, &env),
        Command::Check(args) => check(args, &env),
        Command::Align(args) => align(args, &env),
        Command::Suggest(args) => suggest(args, &env),
        Command::Merge(args) => merge_partials(args, &env),
        Command::Glossary(cli::GlossaryCommand::Lint(args)) => lint(args),
        Command::Glossary(cli::GlossaryCommand::Stats(args)) => stats(args),
        Command::Glossary(cli::GlossaryCommand::Export(args)) => export(args),
        Command::Glossary(cli::GlossaryCommand::Merge(args)) => merge(args),
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

/// What every command runs with.
struct Env {
    /// `--jobs`: threads, 0 for one per core.
    jobs: usize,
    /// The threads, started when a command first needs them.
    runner: std::sync::OnceLock<Runner>,
    /// No progress bar and no summary lines.
    quiet: bool,
}

impl Env {
    fn runner(&self) -> Result<&Runner, Error> {
        if let Some(runner) = self.runner.get() {
            return Ok(runner);
        }
        let runner = Runner::new(self.jobs)?;
        Ok(self.runner.get_or_init(|| runner))
    }

    /// A summary line on stderr, unless `--quiet`.
    fn note(&self, line: &str) {
        if !self.quiet {
            eprintln!("termalign: {line}");
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
    let mut inputs = input::collect(&paths, layout(args));
    let mut failed = false;
    for e in inputs.errors.drain(..) {
        eprintln!("termalign: {e}");
        failed = true;
    }
    for (dir, n) in &inputs.skipped {
        eprintln!(
            "termalign: {}: skipped {n} file{} that {} not {} (gzipped or not)",
            dir.display(),
            if *n == 1 { "" } else { "s" },
            if *n == 1 { "is" } else { "are" },
            match layout(args) {
                Layout::Text => ".txt or .md",
                Layout::JsonLines => ".jsonl or .ndjson",
            }
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

fn layout(args: &InputArgs) -> Layout {
    if args.jsonl {
        Layout::JsonLines
    } else {
        Layout::Text
    }
}

/// Reads the documents one at a time, runs `work` on them in parallel and
/// hands the results to `consume` in input order. A document that cannot be
/// read is reported and skipped, and sets `failed`.
fn run_documents<R: Send>(
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
    // The list of files is handed over, not copied: a folder of 250,000
    // articles is a list of 250,000 paths.
    let documents = input::Documents::new(inputs.sources, layout);
    let weight = |doc: &Result<Document, Error>| doc.as_ref().map_or(0, |d| d.text.len());
    let outcome = env.runner()?.run(
        documents,
        weight,
        |doc| {
            doc.map(|doc| {
                let whole = doc.piece == input::Piece::WHOLE;
                let empty = whole && doc.text.trim_start_matches('\u{feff}').trim().is_empty();
                let (name, bytes, last) = (doc.name.clone(), doc.text.len(), doc.piece.last);
                (name, bytes, last, empty, work(doc))
            })
        },
        |result| match result {
            Ok((name, bytes, last, empty, r)) => {
                if empty {
                    let what = match layout {
                        Layout::Text => "file",
                        Layout::JsonLines => "text",
                    };
                    progress.note(&format!(
                        "termalign: warning: {name}: empty {what}, nothing to match"
                    ));
                }
                progress.piece(bytes, last);
                // Pieces, not documents: a piece read means output may have
                // gone out (to stdout, rows cannot be taken back).
                read += 1;
                consume(&mut progress, r)
            }
            Err(e) => {
                progress.note(&format!("termalign: {e}"));
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
fn nothing_read(env: &Env) -> Status {
    env.note("no input could be read; nothing written");
    Status::SomeInputsFailed
}

fn status(failed: bool) -> Status {
    if failed {
        Status::SomeInputsFailed
    } else {
        Status::Success
    }
}

fn concordance(args: cli::ConcordanceArgs, env: &Env) -> Result<Status, Error> {
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
    let mut rows = CsvSink::new(output, &name);
    let mut by_concept = by_concept_output
        .as_ref()
        .map(|_| ByConcept::new(&glossary));
    let forms = by_concept.is_some();
    // Rows for the null device are not worth rendering (a run for the
    // by-concept table alone, as on a Spark worker).
    let rows_wanted = args.output.as_deref() != Some(Path::new("/dev/null"));
    let read = run_documents(
        env,
        inputs,
        &args.input,
        &mut failed,
        |doc| {
            let analysis = pipeline.analyze_document(&doc);
            Part::new(&glossary, &doc, &analysis, rows_wanted, forms)
        },
        |_, part| {
            rows.absorb(&part)?;
            if let Some(table) = &mut by_concept {
                table.absorb(&part);
            }
            Ok(())
        },
    )?;
    if failed && read == 0 {
        return Ok(nothing_read(env));
    }
    rows.finish()?;
    if let (Some(table), Some(out)) = (by_concept, by_concept_output) {
        let name = out.name();
        table.write(out, &name)?.commit()?;
    }
    rows.into_inner().commit()?;
    Ok(status(failed))
}

fn check(args: cli::CheckArgs, env: &Env) -> Result<Status, Error> {
    use termalign::jobs::check::{
        self, DocumentChecker, Examiner, PairChecker, ReportFormat, Scope, Severity,
    };
    let glossary = load_glossary(&args.glossary)?;
    let mut failed = false;
    let bilingual = args.source_lang.is_some() && args.target_lang.is_some();
    // Documents are expanded (folders walked) before any work, so that an
    // output inside a folder of inputs is refused, and the output is opened.
    let documents = if bilingual {
        None
    } else {
        let (inputs, input_failed) = inputs(&args.input)?;
        failed = input_failed;
        Some(inputs)
    };
    let mut protected: Vec<PathBuf> = match &documents {
        Some(inputs) => input_paths(inputs),
        None => args.input.paths.clone(),
    };
    protected.extend(args.glossary.glossary.clone());
    protected.extend(args.source.clone());
    protected.extend(args.target.clone());
    if let Some(out) = &args.output {
        refuse_clobbering(&[out], &protected)?;
    }
    if bilingual && args.input.jsonl {
        return Err(Error::Usage(
            "--jsonl reads documents; a translation check reads TMX, XLIFF or TSV files".into(),
        ));
    }
    let mut output = Output::create(args.output.as_deref())?;
    let report = match (args.source_lang, args.target_lang) {
        (Some(source), Some(target)) => {
            if source == target {
                return Err(Error::Usage(format!(
                    "--source-lang and --target-lang are both {source}"
                )));
            }
            let mut checker = PairChecker::new(&glossary, source, target);
            let mut read = 0;
            if let (Some(s), Some(t)) = (&args.source, &args.target) {
                let bitext = bitext::read_line_aligned(s, t)?;
                checker.file(&s.display().to_string(), &bitext.pairs);
                read += 1;
            }
            if args.input.paths.is_empty() && args.source.is_none() {
                return Err(Error::Usage(
                    "no translation to check: name TMX, XLIFF or TSV files, or give --source and --target".into(),
                ));
            }
            for path in &args.input.paths {
                match bitext::read(path, None, source, target) {
                    Ok(bitext) => {
                        for skipped in &bitext.skipped {
                            eprintln!("termalign: {}: skipped {skipped}", path.display());
                        }
                        checker.file(&path.display().to_string(), &bitext.pairs);
                        read += 1;
                    }
                    Err(e) => {
                        eprintln!("termalign: {e}");
                        failed = true;
                    }
                }
            }
            if failed && read == 0 {
                return Ok(nothing_read(env));
            }
            checker.finish()
        }
        _ => {
            let inputs = documents.unwrap_or_default();
            let scope = match args.scope {
                cli::ScopeArg::Document => Scope::Document,
                cli::ScopeArg::Corpus => Scope::Corpus,
            };
            let config = Config {
                lang: args.input.lang,
                ..Config::default()
            };
            let examiner = Examiner::new(&glossary, config);
            let mut checker = DocumentChecker::new(&glossary, scope);
            let read = run_documents(
                env,
                inputs,
                &args.input,
                &mut failed,
                |doc| examiner.examine(&doc),
                |_, examined| {
                    checker.absorb(examined);
                    Ok(())
                },
            )?;
            if failed && read == 0 {
                return Ok(nothing_read(env));
            }
            checker.finish()
        }
    };
    let format = match args.format {
        cli::ReportFormatArg::Text => ReportFormat::Text {
            color: args.output.is_none() && io::stdout().is_terminal(),
        },
        cli::ReportFormatArg::Csv => ReportFormat::Csv,
        cli::ReportFormatArg::Json => ReportFormat::Json,
    };
    let name = output.name();
    check::write_report(&report, format, &mut output).map_err(|e| Error::io(&name, e))?;
    output.commit()?;
    env.note(&check::summary(&report));
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

/// One document pair to align, and where its alignment goes.
struct AlignJob {
    source: PathBuf,
    target: PathBuf,
    output: Option<PathBuf>,
}

fn align(args: cli::AlignArgs, env: &Env) -> Result<Status, Error> {
    use termalign::jobs::align::{AlignOptions, Aligner, Dictionary};
    let glossary = load_glossary(&args.glossary)?;
    let dictionary = match &args.dictionary {
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
            Some(Dictionary::from_tsv(&input::decode(bytes, path)?, path)?)
        }
        None => None,
    };
    let options = AlignOptions {
        lexical: !args.length_only,
        dictionary,
        ..AlignOptions::default()
    };
    let jobs = align_jobs(&args)?;
    // Two pairs must not write one file (x.txt and x.md both give x.tsv):
    // one alignment would be lost, and which one would depend on timing.
    let mut seen: std::collections::HashMap<&Path, &Path> = Default::default();
    for job in &jobs {
        if let Some(out) = &job.output
            && let Some(first) = seen.insert(out, &job.source)
        {
            return Err(Error::Usage(format!(
                "{} and {} would both be aligned into {}: rename one",
                first.display(),
                job.source.display(),
                out.display()
            )));
        }
    }
    for job in &jobs {
        if let Some(out) = &job.output {
            let mut protected = vec![job.source.clone(), job.target.clone()];
            protected.extend(args.glossary.glossary.clone());
            protected.extend(args.gold.clone());
            refuse_clobbering(&[out], &protected)?;
        }
    }
    let mut failed = false;
    // The glossary is compiled once; an aligner is built per language pair
    // when a job first needs it, and shared by the threads.
    let matcher = std::sync::Arc::new(termalign::analysis::matcher::Matcher::new(&glossary));
    let aligners: [[std::sync::OnceLock<Aligner>; 3]; 3] = Default::default();
    let gold = match &args.gold {
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
            Some(termalign::jobs::align::read_gold(
                &input::decode(bytes, path)?,
                path,
            )?)
        }
        None => None,
    };
    // Each job writes its own output; its messages come back to be printed
    // in the order of the jobs.
    let align_one = |job: &AlignJob| -> Result<Vec<String>, Error> {
        let mut notes = Vec::new();
        let source = input::read(&Source::File(job.source.clone()))?;
        let target = input::read(&Source::File(job.target.clone()))?;
        let source_lang = language_of(&source, args.source_lang, "--source-lang")?;
        let target_lang = language_of(&target, args.target_lang, "--target-lang")?;
        let aligner = aligners[source_lang.index()][target_lang.index()].get_or_init(|| {
            Aligner::with_matcher(matcher.clone(), source_lang, target_lang, options.clone())
        });
        let slices = |text: &str, lang| -> Vec<String> {
            termalign::analysis::sentences::split(text, lang)
                .into_iter()
                .map(|r| text[r].to_string())
                .collect()
        };
        let source_sentences = slices(&source.text, source_lang);
        let target_sentences = slices(&target.text, target_lang);
        let src: Vec<&str> = source_sentences.iter().map(String::as_str).collect();
        let tgt: Vec<&str> = target_sentences.iter().map(String::as_str).collect();
        let beads = aligner.align(&src, &tgt);
        if let (Some(gold), Some(gold_path)) = (&gold, &args.gold) {
            let s = termalign::jobs::align::score(&beads, gold);
            notes.push(format!(
                "termalign: {} against {}: precision {:.3}, recall {:.3}, F1 {:.3} ({} gold links, {} predicted, {} correct)",
                job.source.display(),
                gold_path.display(),
                s.precision,
                s.recall,
                s.f1,
                s.gold,
                s.predicted,
                s.correct
            ));
        }
        let alignment = termalign::jobs::align::report::Alignment {
            source_lang,
            target_lang,
            source: src,
            target: tgt,
            beads,
        };
        let format = match args.format {
            cli::AlignFormat::Tsv => termalign::jobs::align::report::Format::Tsv,
            cli::AlignFormat::Tmx => termalign::jobs::align::report::Format::Tmx,
            cli::AlignFormat::Csv => termalign::jobs::align::report::Format::Csv,
        };
        let doubtful = termalign::jobs::align::report::Doubtful {
            threshold: args.threshold,
            drop: args.drop,
        };
        let mut output = Output::create(job.output.as_deref())?;
        let name = output.name();
        let flagged =
            termalign::jobs::align::report::write(&alignment, format, doubtful, &mut output)
                .map_err(|e| Error::io(&name, e))?;
        output.commit()?;
        if flagged > 0 {
            notes.push(format!(
                "termalign: {}: {flagged} of {} beads below {} {}",
                job.source.display(),
                alignment.beads.len(),
                args.threshold.unwrap_or_default(),
                if args.drop { "left out" } else { "flagged" }
            ));
        }
        Ok(notes)
    };
    let single = jobs.len() == 1;
    let weight = |job: &&AlignJob| {
        let size = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len() as usize);
        size(&job.source) + size(&job.target)
    };
    env.runner()?
        .run(jobs.iter(), weight, align_one, |result| {
            match result {
                Ok(notes) => notes.iter().for_each(|n| eprintln!("{n}")),
                // One pair: its error is the run's.
                Err(e) if single => return Err(e),
                Err(e) => {
                    eprintln!("termalign: {e}");
                    failed = true;
                }
            }
            Ok(())
        })?;
    Ok(status(failed))
}

/// The language a document is in: the one given, else the detected one.
fn language_of(doc: &input::Document, given: Option<Lang>, flag: &str) -> Result<Lang, Error> {
    if let Some(lang) = given {
        return Ok(lang);
    }
    termalign::analysis::detect::Detector::new()
        .detect(&doc.text)
        .lang
        .ok_or_else(|| {
            Error::Usage(format!(
                "{}: cannot tell whether it is English, French or Spanish; give {flag}",
                doc.name()
            ))
        })
}

/// The pairs to align: two files, two folders paired by file name, or a
/// list of pairs; in batch mode each output goes into the folder `-o`.
fn align_jobs(args: &cli::AlignArgs) -> Result<Vec<AlignJob>, Error> {
    let folders = matches!(args.paths.as_slice(), [a, b] if a.is_dir() && b.is_dir());
    if (args.pairs.is_some() || folders) && args.output.is_none() {
        return Err(Error::Usage(
            "batch alignment writes one file per pair: give -o FOLDER".into(),
        ));
    }
    let pairs: Vec<(PathBuf, PathBuf)> = if let Some(list) = &args.pairs {
        let bytes = std::fs::read(list).map_err(|e| Error::io(list, e))?;
        let text = input::decode(bytes, list)?;
        let mut pairs = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((a, b)) = line.split_once('\t') else {
                return Err(Error::format(
                    list,
                    Some(i as u64 + 1),
                    None,
                    "expected source path<TAB>target path",
                ));
            };
            // Relative paths are relative to the list's folder.
            let base = list.parent().unwrap_or(Path::new(""));
            pairs.push((base.join(a.trim()), base.join(b.trim())));
        }
        pairs
    } else {
        match args.paths.as_slice() {
            [a, b] if a.is_dir() && b.is_dir() => {
                let mut pairs = Vec::new();
                let mut names: Vec<_> = std::fs::read_dir(a)
                    .map_err(|e| Error::io(a, e))?
                    .filter_map(|e| e.ok())
                    .filter(|e| e.path().is_file())
                    .map(|e| e.file_name())
                    .collect();
                names.sort();
                for name in names {
                    let other = b.join(&name);
                    if other.is_file() {
                        pairs.push((a.join(&name), other));
                    } else {
                        eprintln!(
                            "termalign: {}: no file of that name in {}",
                            a.join(&name).display(),
                            b.display()
                        );
                    }
                }
                if pairs.is_empty() {
                    return Err(Error::Usage(format!(
                        "no file names in common between {} and {}",
                        a.display(),
                        b.display()
                    )));
                }
                pairs
            }
            [a, b] => {
                return Ok(vec![AlignJob {
                    source: a.clone(),
                    target: b.clone(),
                    output: args.output.clone(),
                }]);
            }
            _ => {
                return Err(Error::Usage(
                    "align needs SOURCE and TARGET (two documents or two folders), or --pairs LIST"
                        .into(),
                ));
            }
        }
    };
    let dir = args.output.as_ref().expect("checked above");
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    Ok(pairs
        .into_iter()
        .map(|(source, target)| {
            let stem = source
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let output = dir.join(format!("{stem}.{}", args.format.extension()));
            AlignJob {
                source,
                target,
                output: Some(output),
            }
        })
        .collect())
}

/// Translation pairs counted per chunk, one chunk per task.
const PAIRS_PER_CHUNK: usize = 2048;

/// Documents counted per chunk (about this many bytes), one chunk per task.
const CHUNK_BYTES: usize = 1 << 20;

fn suggest(args: cli::SuggestArgs, env: &Env) -> Result<Status, Error> {
    use termalign::analysis::matcher::Matcher;
    use termalign::jobs::suggest::{ComparableCounts, Context, ParallelCounts, Partial};
    let glossary = load_glossary(&args.glossary)?;
    let parallel = !args.pairs.is_empty();
    if args.partial && (args.scoring.gold.is_some() || args.scoring.candidates.is_some()) {
        return Err(Error::Usage(
            "--partial writes counts, not suggestions: --gold and --candidates go with \
             `termalign merge`"
                .into(),
        ));
    }
    let gold = load_gold(&args.scoring)?;
    let options = scoring_options(&args.scoring, parallel, gold.is_some());
    let matcher = Matcher::new(&glossary);
    let mut failed = false;
    let input_args = InputArgs {
        paths: args.paths.clone(),
        lang: None,
        jsonl: args.jsonl,
    };
    // Documents are expanded (folders walked) before any work, so that an
    // output inside a folder of inputs is refused; outputs are opened.
    let documents = if parallel {
        None
    } else {
        let (inputs, input_failed) = inputs(&input_args)?;
        failed = input_failed;
        Some(inputs)
    };
    let mut protected: Vec<PathBuf> = match &documents {
        Some(inputs) => input_paths(inputs),
        None => args.pairs.clone(),
    };
    protected.extend(args.glossary.glossary.clone());
    protected.extend(args.scoring.gold.clone());
    let outputs = open_outputs(args.output.as_deref(), &args.scoring, &protected)?;
    let partial = if parallel {
        let (Some(source), Some(target)) = (args.source_lang, args.target_lang) else {
            return Err(Error::Usage(
                "--pairs needs --source-lang and --target-lang".into(),
            ));
        };
        if source == target {
            return Err(Error::Usage(format!(
                "--source-lang and --target-lang are both {source}"
            )));
        }
        let mut counts = ParallelCounts::new(&Context::new(&glossary, &matcher), source, target);
        for path in &args.pairs {
            let bitext = match bitext::read(path, None, source, target) {
                Ok(bitext) => bitext,
                Err(e) => {
                    eprintln!("termalign: {e}");
                    failed = true;
                    continue;
                }
            };
            for skipped in &bitext.skipped {
                eprintln!("termalign: {}: skipped {skipped}", path.display());
            }
            // Chunks counted on the threads, merged in order.
            let chunks = bitext.pairs.chunks(PAIRS_PER_CHUNK);
            let weight = |chunk: &&[bitext::SegmentPair]| {
                chunk.iter().map(|p| p.source.len() + p.target.len()).sum()
            };
            let count = |chunk: &[bitext::SegmentPair]| {
                let mut context = Context::new(&glossary, &matcher);
                let mut part = ParallelCounts::new(&context, source, target);
                for pair in chunk {
                    part.add_pair(&mut context, &pair.source, &pair.target);
                }
                part
            };
            env.runner()?
                .run(chunks, weight, count, |part| counts.merge(part))?;
        }
        if failed {
            eprintln!("termalign: warning: the counts come from the files that could be read only");
        }
        env.note(&format!(
            "{} segment pair{}",
            counts.len(),
            if counts.len() == 1 { "" } else { "s" }
        ));
        Partial::Parallel(counts)
    } else {
        if args.source_lang.is_some() {
            return Err(Error::Usage(
                "--source-lang and --target-lang go with --pairs; in comparable mode each \
                 document's language is detected"
                    .into(),
            ));
        }
        let inputs = documents.unwrap_or_default();
        let detector = termalign::analysis::detect::Detector::new();
        let mut counts = ComparableCounts::new(&Context::new(&glossary, &matcher));
        // Documents are read one at a time and counted in chunks of about
        // CHUNK_BYTES on the threads; the chunks' counts are merged in order.
        let documents = input::Documents::new(inputs.sources, layout(&input_args)).whole();
        let chunks = chunked(documents, CHUNK_BYTES);
        let weight = |chunk: &Vec<Result<Document, Error>>| {
            chunk
                .iter()
                .map(|d| d.as_ref().map_or(0, |d| d.text.len()))
                .sum()
        };
        let count = |chunk: Vec<Result<Document, Error>>| {
            let mut context = Context::new(&glossary, &matcher);
            let mut part = ComparableCounts::new(&context);
            let mut notes = Vec::new();
            for doc in chunk {
                let doc = match doc {
                    Ok(doc) => doc,
                    Err(e) => {
                        notes.push(Err(e));
                        continue;
                    }
                };
                let lang = match doc.lang {
                    Some(input::Declared::Lang(lang)) => Some(lang),
                    Some(input::Declared::Other) => None,
                    None => detector.detect(&doc.text).lang,
                };
                match lang {
                    Some(lang) => part.add_document(&mut context, lang, &doc.text),
                    None => notes.push(Ok(format!(
                        "termalign: warning: {}: not English, French or Spanish; skipped",
                        doc.name
                    ))),
                }
            }
            (part, notes)
        };
        env.runner()?.run(chunks, weight, count, |(part, notes)| {
            for note in notes {
                match note {
                    Ok(warning) => eprintln!("{warning}"),
                    Err(e) => {
                        eprintln!("termalign: {e}");
                        failed = true;
                    }
                }
            }
            counts.merge(part)
        })?;
        let found: Vec<Lang> = Lang::ALL
            .into_iter()
            .filter(|&l| counts.documents(l) > 0)
            .collect();
        let n: u32 = found.iter().map(|&l| counts.documents(l)).sum();
        env.note(&format!(
            "{n} document{}{}{}",
            if n == 1 { "" } else { "s" },
            if found.is_empty() { "" } else { ": " },
            found
                .iter()
                .map(|&l| format!("{} {}", counts.documents(l), l.code()))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        Partial::Comparable(counts)
    };
    if args.partial {
        let (mut output, _) = outputs;
        let name = output.name();
        partial
            .write_json(&mut output)
            .and_then(|()| output.write_all(b"\n"))
            .map_err(|e| Error::io(&name, e))?;
        output.commit()?;
        return Ok(status(failed));
    }
    enough_to_suggest(&partial, failed)?;
    let suggested = env
        .runner()?
        .install(|| partial.suggest(&glossary, &options))?;
    report_suggestions(env, suggested, &args.scoring, outputs, gold)?;
    Ok(status(failed))
}

/// Refuses outputs that would overwrite an input or one another, and opens
/// them before any work: the suggestions (or partial) and the candidates.
fn open_outputs(
    output: Option<&Path>,
    scoring: &cli::ScoringArgs,
    protected: &[PathBuf],
) -> Result<(Output, Option<Output>), Error> {
    let stdout = Path::new("-");
    let paths: Vec<&Path> = std::iter::once(output.unwrap_or(stdout))
        .chain(scoring.candidates.as_deref())
        .collect();
    refuse_clobbering(&paths, protected)?;
    let out = Output::create(output)?;
    let candidates = scoring
        .candidates
        .as_deref()
        .map(|path| Output::create(Some(path)))
        .transpose()?;
    Ok((out, candidates))
}

/// Refuses to suggest from counts that cannot give any: no segment pair, or
/// documents in fewer than two languages (a one-run check, and the merge's
/// for partials, which may each be anything).
fn enough_to_suggest(
    partial: &termalign::jobs::suggest::Partial,
    failed: bool,
) -> Result<(), Error> {
    use termalign::jobs::suggest::Partial;
    let see_above = if failed { " (see above)" } else { "" };
    match partial {
        Partial::Parallel(counts) if counts.is_empty() => Err(Error::Usage(format!(
            "no segment pairs to count{see_above}; nothing written"
        ))),
        Partial::Parallel(_) => Ok(()),
        Partial::Comparable(counts) => {
            let found: Vec<&str> = Lang::ALL
                .into_iter()
                .filter(|&l| counts.documents(l) > 0)
                .map(|l| l.name())
                .collect();
            if found.len() >= 2 {
                return Ok(());
            }
            Err(Error::Usage(format!(
                "comparable mode needs documents in at least two languages; found {}{see_above}",
                if found.is_empty() {
                    "none".to_string()
                } else {
                    found.join(", ")
                }
            )))
        }
    }
}

/// Groups `items` into chunks of about `bytes` bytes of document text.
fn chunked(
    items: impl Iterator<Item = Result<Document, Error>>,
    bytes: usize,
) -> impl Iterator<Item = Vec<Result<Document, Error>>> {
    let mut items = items.peekable();
    std::iter::from_fn(move || {
        items.peek()?;
        let mut chunk = Vec::new();
        let mut size = 0;
        while size < bytes
            && let Some(item) = items.next()
        {
            size += item.as_ref().map_or(0, |d| d.text.len());
            chunk.push(item);
        }
        Some(chunk)
    })
}

/// The gold pairs of `--gold`, if given.
fn load_gold(scoring: &cli::ScoringArgs) -> Result<Option<termalign::jobs::suggest::Gold>, Error> {
    let Some(path) = &scoring.gold else {
        return Ok(None);
    };
    let doc = input::read(&Source::File(path.clone()))?;
    let gold = termalign::jobs::suggest::Gold::from_tsv(&doc.text, path)?;
    if gold.len == 0 {
        eprintln!("termalign: warning: {}: no gold pairs", path.display());
    }
    Ok(Some(gold))
}

/// The scoring options the flags give, over the mode's defaults.
fn scoring_options(
    scoring: &cli::ScoringArgs,
    parallel: bool,
    gold: bool,
) -> termalign::jobs::suggest::Options {
    use termalign::jobs::suggest::{Method, Options};
    let defaults = if parallel {
        Options::parallel()
    } else {
        Options::comparable()
    };
    Options {
        // Precision at 5 needs five suggestions per term.
        top: if gold {
            usize::from(scoring.top).max(5)
        } else {
            usize::from(scoring.top)
        },
        min_freq: scoring.min_freq.unwrap_or(defaults.min_freq),
        min_score: scoring.min_score.unwrap_or(defaults.min_score),
        limit: scoring.limit,
        min_specificity: scoring.min_specificity.unwrap_or(defaults.min_specificity),
        names: scoring.names,
        method: match scoring.baseline {
            None => Method::Full,
            Some(cli::BaselineArg::Frequency) => Method::Frequency,
            Some(cli::BaselineArg::Cognate) => Method::Cognate,
        },
    }
}

/// Scores against the gold pairs, writes the suggestions (and the
/// candidates when asked), and sums up.
fn report_suggestions(
    env: &Env,
    suggested: termalign::jobs::suggest::Suggested,
    scoring: &cli::ScoringArgs,
    (mut out, candidates): (Output, Option<Output>),
    gold: Option<termalign::jobs::suggest::Gold>,
) -> Result<(), Error> {
    use termalign::jobs::suggest;
    if let Some(gold) = &gold {
        for score in gold.evaluate(&suggested) {
            eprintln!(
                "termalign: {}-{}: P@1 {:.3} ({}/{}), P@5 {:.3} ({}/{}) over the gold terms present",
                score.lang_a,
                score.lang_b,
                score.p1(),
                score.at1,
                score.gold,
                score.p5(),
                score.at5,
                score.gold
            );
        }
    }
    let kept: Vec<suggest::Suggestion> = suggested
        .suggestions
        .into_iter()
        .filter(|s| s.rank <= usize::from(scoring.top))
        .collect();
    let name = out.name();
    let rows = suggest::write_csv(&kept, &mut out).map_err(|e| Error::io(&name, e))?;
    out.commit()?;
    if let (Some(mut out), Some(path)) = (candidates, &scoring.candidates) {
        let name = out.name();
        let n = termalign::jobs::suggest::candidates::write_csv(&suggested.candidates, &mut out)
            .map_err(|e| Error::io(&name, e))?;
        out.commit()?;
        env.note(&format!("{n} candidates written to {}", path.display()));
    }
    let new = kept
        .iter()
        .filter(|s| s.status == suggest::Status::New)
        .count();
    env.note(&format!("{rows} suggestions ({new} new)"));
    Ok(())
}

/// `termalign merge`: adds up the partial results of shards, all of one
/// kind: `concordance --by-concept` tables or `suggest --partial` counts.
fn merge_partials(args: cli::PartialsArgs, env: &Env) -> Result<Status, Error> {
    use termalign::jobs::suggest::Partial;
    let glossary = load_glossary(&args.glossary)?;
    let mut protected = args.partials.clone();
    protected.extend(args.glossary.glossary.clone());
    protected.extend(args.scoring.gold.clone());
    let outputs = open_outputs(args.output.as_deref(), &args.scoring, &protected)?;
    let gold = load_gold(&args.scoring)?;
    let mut table = ByConcept::new(&glossary);
    let mut counts: Option<Partial> = None;
    // Whether the partials are suggest counts, and the first one's path.
    let mut kind: Option<(bool, &Path)> = None;
    for path in &args.partials {
        let doc = input::read(&Source::File(path.clone()))?;
        let text = doc.text.trim_start_matches('\u{feff}');
        if text.trim().is_empty() {
            continue; // A shard with nothing in it.
        }
        let is_counts = text.trim_start().starts_with('{');
        match kind {
            Some((first, first_path)) if first != is_counts => {
                let what = |counts: bool| {
                    if counts {
                        "suggest counts"
                    } else {
                        "a by-concept table"
                    }
                };
                return Err(Error::Usage(format!(
                    "{} is {} but {} is {}: merge partials of one kind",
                    path.display(),
                    what(is_counts),
                    first_path.display(),
                    what(first)
                )));
            }
            Some(_) => {}
            None => kind = Some((is_counts, path)),
        }
        if !is_counts {
            table.add_table(text, path)?;
            continue;
        }
        let partial = Partial::from_json(text, path)?;
        match &mut counts {
            None => counts = Some(partial),
            Some(total) => total.merge(partial).map_err(|e| Error::BadInput {
                path: path.clone(),
                reason: e.to_string(),
            })?,
        }
    }
    match counts {
        Some(partial) => {
            let parallel = matches!(partial, Partial::Parallel(_));
            let options = scoring_options(&args.scoring, parallel, gold.is_some());
            enough_to_suggest(&partial, false)?;
            let suggested = env
                .runner()?
                .install(|| partial.suggest(&glossary, &options))?;
            report_suggestions(env, suggested, &args.scoring, outputs, gold)?;
        }
        None => {
            if args.scoring.candidates.is_some() || args.scoring.gold.is_some() {
                return Err(Error::Usage(
                    "--candidates and --gold go with suggest partials, not by-concept tables"
                        .into(),
                ));
            }
            let (output, _) = outputs;
            let name = output.name();
            table.write(output, &name)?.commit()?;
        }
    }
    Ok(Status::Success)
}

fn load_glossary(args: &cli::GlossaryArgs) -> Result<Glossary, Error> {
    let mut glossary = match &args.glossary {
        Some(path) => formats::read(path, args.glossary_format, args.glossary_pair)?,
        None => Glossary::builtin(),
    };
    if !args.subject.is_empty() {
        glossary.retain_subjects(&args.subject)?;
    }
    Ok(glossary)
}

fn stats(args: cli::StatsArgs) -> Result<Status, Error> {
    let glossary = load_glossary(&args.glossary)?;
    let coverage: Vec<_> = termalign::glossary::stats::sources()
        .into_iter()
        .map(|source| {
            let c = termalign::glossary::stats::Coverage::of(&source, &glossary);
            (source, c)
        })
        .collect();
    let text = termalign::glossary::stats::Stats::of(&glossary).render(&coverage);
    let mut stdout = io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .map_err(|e| Error::io("<stdout>", e))?;
    Ok(Status::Success)
}

fn lint(args: cli::LintArgs) -> Result<Status, Error> {
    let findings = match &args.file {
        None => lint::lint_csv(BUILTIN_CSV, Path::new(BUILTIN_NAME)),
        Some(path) => {
            let format = args.glossary_format.or_else(|| Format::from_path(path));
            let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
            let text = input::decode(bytes, path)?;
            if format == Some(Format::Csv) && !formats::google::looks_like_google(&text) {
                // A file that is not CSV at all cannot be linted: exit 2.
                input::check_csv_quotes(&text, path)?;
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

fn merge(args: cli::MergeArgs) -> Result<Status, Error> {
    if !args.glossary.subject.is_empty() {
        return Err(Error::Usage(
            "glossary merge writes the whole glossary: --subject, which selects part of it, does not apply"
                .into(),
        ));
    }
    let path = &args.suggestions;
    if let Some(out) = &args.output {
        let mut protected = vec![path.clone()];
        protected.extend(args.glossary.glossary.clone());
        refuse_clobbering(&[out], &protected)?;
    }
    let glossary = load_glossary(&args.glossary)?;
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let text = input::decode(bytes, path)?;
    let (merged, report) = termalign::glossary::merge::merge(&glossary, &text, path)?;
    let name = path.display();
    for row in report.rows.iter().filter(|r| r.outcome.is_conflict()) {
        eprintln!("termalign: {name}:{}: {row}", row.line);
    }
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    eprintln!(
        "termalign: {name}: {}: {}, {}, {} already known, {}",
        plural(report.rows.len(), "accepted row", "accepted rows"),
        plural(report.new_concepts(), "new concept", "new concepts"),
        plural(report.added(), "variant added", "variants added"),
        report.known(),
        plural(report.conflicts(), "conflict skipped", "conflicts skipped"),
    );
    for finding in &report.findings {
        eprintln!("termalign: {finding}");
    }
    let errors = report.errors();
    if errors > 0 {
        eprintln!(
            "termalign: nothing written: the merged glossary would have {} (above); \
             leave those rows out or complete them, then merge again",
            plural(errors, "lint error", "lint errors")
        );
        return Ok(Status::Found);
    }
    let mut output = Output::create(args.output.as_deref())?;
    let name = output.name();
    merged
        .write_csv(&mut output)
        .map_err(|e| Error::io(&name, e))?;
    output.commit()?;
    Ok(Status::Success)
}

#[derive(Serialize)]
struct DetectRow<'a> {
    doc: &'a str,
    lang: &'static str,
    confidence: String,
    words: usize,
}

/// The mojibake `detect` saw in a document (over its pieces).
#[derive(Default)]
struct Mojibake {
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
struct DetectTally {
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

fn detect(args: cli::DetectArgs, env: &Env) -> Result<Status, Error> {
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
                progress.note(&format!("termalign: warning: {doc}: {warning}"));
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
