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
    // Translation files: any language given, or every input named as TMX or
    // XLIFF (whose languages they declare); anything else is documents, as
    // it always was.
    let bilingual = args.source_lang.is_some()
        || args.target_lang.is_some()
        || (!args.input.paths.is_empty()
            && !args.input.jsonl
            && args.input.lang.is_none()
            && args.input.paths.iter().all(|p| {
                matches!(
                    bitext::BitextFormat::from_path(p),
                    Some(bitext::BitextFormat::Tmx | bitext::BitextFormat::Xliff)
                ) && !p.is_dir()
            }));
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
    if args.strict_lang && !bilingual {
        return Err(Error::Usage(
            "--strict-lang verifies the languages of translation files: name TMX or XLIFF files, \
             or give --source-lang and --target-lang"
                .into(),
        ));
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
    let report = match bilingual {
        true => {
            let (given_source, given_target) = (args.source_lang, args.target_lang);
            if let (Some(source), Some(target)) = (given_source, given_target)
                && source == target
            {
                return Err(Error::Usage(format!(
                    "--source-lang and --target-lang are both {source}"
                )));
            }
            // The checker is made for the run's languages: those given, else
            // the first file's.
            let mut checker = None;
            let mut run_langs = None;
            let detector = termalign::Detector::new();
            let mut mislabelled = 0;
            let mut read = 0;
            if let (Some(s), Some(t), Some(source), Some(target)) =
                (&args.source, &args.target, given_source, given_target)
            {
                let bitext = bitext::read_line_aligned(s, t, env.text)?;
                let langs = bitext::Languages {
                    source,
                    target,
                    source_given: true,
                    target_given: true,
                };
                if verify_bitext(&detector, s, &bitext, langs, args.strict_lang) {
                    mislabelled += 1;
                }
                checker
                    .get_or_insert_with(|| PairChecker::new(&glossary, source, target))
                    .file(&s.display().to_string(), &bitext.pairs);
                read += 1;
            }
            if args.input.paths.is_empty() && args.source.is_none() {
                return Err(Error::Usage(
                    "no translation to check: name TMX, XLIFF or TSV files, or give --source and --target".into(),
                ));
            }
            for path in &args.input.paths {
                let read_one =
                    bitext::read_declared(path, None, given_source, given_target, env.text)
                        .and_then(|(bitext, langs)| {
                            same_pair(&mut run_langs, path, langs)?;
                            Ok((bitext, langs))
                        });
                match read_one {
                    Ok((bitext, langs)) => {
                        for skipped in &bitext.skipped {
                            message!("{}: skipped {skipped}", path.display());
                        }
                        if verify_bitext(&detector, path, &bitext, langs, args.strict_lang) {
                            mislabelled += 1;
                        }
                        checker
                            .get_or_insert_with(|| {
                                PairChecker::new(&glossary, langs.source, langs.target)
                            })
                            .file(&path.display().to_string(), &bitext.pairs);
                        read += 1;
                    }
                    Err(e) => {
                        message!("{}", shown(&e));
                        failed = true;
                    }
                }
            }
            if args.strict_lang && mislabelled > 0 {
                return Err(mislabelled_error(mislabelled));
            }
            match checker {
                Some(checker) if !(failed && read == 0) => checker.finish(),
                _ => return Ok(nothing_read(env)),
            }
        }
        false => {
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
