//! `termalign check`: term consistency in documents and across translations.

use super::common::*;
use crate::cli::args as cli;
use crate::cli::messages::{message, shown};
use std::io::{self, IsTerminal};
use std::path::PathBuf;
use termalign::formats::bitext;
use termalign::formats::table::{self, Style, Table};
use termalign::output::{Output, refuse_clobbering};
use termalign::{Config, Error};

pub(crate) fn check(args: cli::CheckArgs, env: &Env) -> Result<Status, Error> {
    use termalign::jobs::check::{
        self, DocumentChecker, Examiner, PairChecker, ReportFormat, Scope, Severity,
    };
    let glossary = load_glossary(&args.glossary, env)?;
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
    let xlsx = args.output.as_deref().is_some_and(table::is_xlsx);
    let json = matches!(args.format, cli::ReportFormatArg::Json);
    if xlsx && json {
        return Err(Error::Usage(
            "an .xlsx output holds the CSV report's table, not JSON: give --format csv, or \
             another file name"
                .into(),
        ));
    }
    let output = Output::create(args.output.as_deref())?;
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
                let bitext = bitext::read_line_aligned(s, t, env.text)?;
                checker.file(&s.display().to_string(), &bitext.pairs);
                read += 1;
            }
            if args.input.paths.is_empty() && args.source.is_none() {
                return Err(Error::Usage(
                    "no translation to check: name TMX, XLIFF or TSV files, or give --source and --target".into(),
                ));
            }
            for path in &args.input.paths {
                match bitext::read(path, None, source, target, env.text) {
                    Ok(bitext) => {
                        for skipped in &bitext.skipped {
                            message!("{}: skipped {skipped}", path.display());
                        }
                        checker.file(&path.display().to_string(), &bitext.pairs);
                        read += 1;
                    }
                    Err(e) => {
                        message!("{}", shown(&e));
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
    let path = args.output.as_deref();
    let format = match args.format {
        // A workbook holds the CSV report's table.
        _ if xlsx && !json => ReportFormat::Csv {
            fields: env.fields(path),
        },
        cli::ReportFormatArg::Text => ReportFormat::Text {
            color: args.output.is_none() && io::stdout().is_terminal(),
        },
        cli::ReportFormatArg::Csv => ReportFormat::Csv { fields: env.csv },
        cli::ReportFormatArg::Json => ReportFormat::Json,
    };
    // CSV for Excel or a workbook; text and JSON as they are.
    let style = match format {
        ReportFormat::Csv { .. } => env.style(path, check::XLSX),
        _ => Style::Csv,
    };
    if let Some(e) = report.findings.spill_error() {
        message!(
            "warning: findings held in memory: cannot write a temporary file ({e}); \
             TMPDIR names the folder for them"
        );
    }
    let name = output.name();
    let mut output = Table::new(output, style).map_err(|e| Error::io(&name, e))?;
    check::write_report(&report, format, &mut output).map_err(|e| Error::io(&name, e))?;
    finish(output, &name)?.commit()?;
    env.note(&check::summary(&report));
    let threshold = match args.fail_on {
        cli::FailOn::Error => Some(Severity::Error),
        cli::FailOn::Warning => Some(Severity::Warning),
        cli::FailOn::Never => None,
    };
    let fails = threshold.is_some_and(|t| report.findings.any_at_least(t));
    Ok(if failed {
        Status::SomeInputsFailed
    } else if fails {
        Status::Found
    } else {
        Status::Success
    })
}
