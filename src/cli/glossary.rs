//! `termalign glossary lint | stats | export | merge`.

use super::common::*;
use crate::cli::args as cli;
use crate::cli::messages::message;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use termalign::Error;
use termalign::formats::{self, Format};
use termalign::glossary::lint;
use termalign::glossary::{BUILTIN_CSV, BUILTIN_NAME};
use termalign::input::{self};
use termalign::output::{Output, refuse_clobbering};

pub(crate) fn stats(args: cli::StatsArgs, env: &Env) -> Result<Status, Error> {
    let glossary = load_glossary(&args.glossary, env)?;
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

pub(crate) fn lint(args: cli::LintArgs, env: &Env) -> Result<Status, Error> {
    let findings = match &args.file {
        None => lint::lint_csv(BUILTIN_CSV, Path::new(BUILTIN_NAME)),
        Some(path) => {
            let format = args.glossary_format.or_else(|| Format::from_path(path));
            let text = formats::read_text(path, format, env.text)?;
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
    message!(
        "{name}: {errors} error{}, {} warning{}",
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

pub(crate) fn export(args: cli::ExportArgs, env: &Env) -> Result<Status, Error> {
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
    // Opened before any work, so that a bad path fails at once.
    let mut output = Output::create(args.output.as_deref())?;
    let glossary = load_glossary(&args.glossary, env)?;
    let name = output.name();
    let report = formats::write(&glossary, args.format, args.pair, &mut output)
        .map_err(|e| Error::io(&name, e))?;
    output.commit()?;
    for skipped in &report.skipped {
        message!("skipped {skipped}");
    }
    Ok(Status::Success)
}

pub(crate) fn merge(mut args: cli::MergeArgs, env: &Env) -> Result<Status, Error> {
    // --subject is the subject field of the new concepts: the whole
    // glossary is read and written.
    let mut subjects = std::mem::take(&mut args.glossary.subject);
    subjects.sort();
    subjects.dedup();
    let options = termalign::glossary::merge::MergeOptions { subjects };
    let path = &args.suggestions;
    if let Some(out) = &args.output {
        let mut protected = vec![path.clone()];
        protected.extend(args.glossary.glossary.clone());
        refuse_clobbering(&[out], &protected)?;
    }
    // Opened before any work, so that a bad path fails at once; dropped
    // unwritten where the merge finds errors.
    let mut output = Output::create(args.output.as_deref())?;
    let glossary = load_glossary(&args.glossary, env)?;
    let text = input::read_side(path, env.text)?;
    let (merged, report) =
        termalign::glossary::merge::merge_with(&glossary, &text, path, &options)?;
    let name = path.display();
    for row in &report.rows {
        if row.outcome.is_conflict() {
            message!("{name}:{}: {row}", row.line);
        }
        for note in &row.notes {
            message!("{name}:{}: {note}", row.line);
        }
    }
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    message!(
        "{name}: {}: {}, {}, {} already known, {}",
        plural(report.rows.len(), "accepted row", "accepted rows"),
        plural(report.new_concepts(), "new concept", "new concepts"),
        plural(report.added(), "variant added", "variants added"),
        report.known(),
        plural(report.conflicts(), "conflict skipped", "conflicts skipped"),
    );
    for finding in &report.findings {
        message!("{finding}");
    }
    let errors = report.errors();
    if errors > 0 {
        message!(
            "nothing written: the merged glossary would have {} (above); \
             leave those rows out or complete them, then merge again",
            plural(errors, "lint error", "lint errors")
        );
        return Ok(Status::Found);
    }
    let name = output.name();
    merged
        .write_csv(&mut output)
        .map_err(|e| Error::io(&name, e))?;
    output.commit()?;
    Ok(Status::Success)
}
