//! `termalign glossary lint | stats | export | merge | import`.

use super::common::*;
use crate::cli::args as cli;
use crate::cli::messages::message;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use termalign::Error;
use termalign::formats::table::Table;
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
            if format == Some(Format::Xlsx) {
                let glossary = formats::read(path, format, args.glossary_pair, env.text)?;
                return report_lint(&lint::lint_glossary(&glossary), args.file.as_deref());
            }
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
    report_lint(&findings, args.file.as_deref())
}

/// Prints lint's findings and the count; `file` None: the built-in glossary.
fn report_lint(findings: &[lint::Finding], file: Option<&Path>) -> Result<Status, Error> {
    let mut stdout = io::stdout().lock();
    for finding in findings {
        writeln!(stdout, "{finding}").map_err(|e| Error::io("<stdout>", e))?;
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity == lint::Severity::Error)
        .count();
    let name = file
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
    if let Some(profile) = args.profile
        && !matches!(args.format, Format::Xlsx | Format::Csv)
    {
        return Err(Error::Usage(format!(
            "--profile {} lays out an xlsx or csv export: give --format xlsx (or csv)",
            profile.name()
        )));
    }
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
    let output = Output::create(args.output.as_deref())?;
    let glossary = load_glossary(&args.glossary, env)?;
    let name = output.name();
    let style = env.glossary_style(args.format);
    let mut output = Table::new(output, style).map_err(|e| Error::io(&name, e))?;
    let report = formats::write_with(&glossary, args.format, args.pair, args.profile, &mut output)
        .map_err(|e| Error::io(&name, e))?;
    finish(output, &name)?.commit()?;
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
    let output = Output::create(args.output.as_deref())?;
    let glossary = load_glossary(&args.glossary, env)?;
    let (merged, report) = if Format::from_path(path) == Some(Format::Xlsx) {
        merge_workbook(&glossary, path, &options)?
    } else {
        let text = input::read_side(path, env.text)?;
        termalign::glossary::merge::merge_with(&glossary, &text, path, &options)?
    };
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
    // Written back in the glossary's format: a TBX glossary (IATE's
    // included) as TBX of the vintage it is in (a `martif` root is 2008), a
    // workbook as a workbook; else as -o names it by its extension, else CSV.
    let read_as = args.glossary.glossary.as_deref().and_then(|g| {
        match args
            .glossary
            .glossary_format
            .or_else(|| Format::from_path(g))
        {
            Some(Format::Tbx | Format::Tbx2008) if formats::tbx::is_2008(g) => {
                Some(Format::Tbx2008)
            }
            Some(Format::Tbx | Format::Tbx2008) => Some(Format::Tbx),
            other => other,
        }
    });
    let written_as = match args.output.as_deref().and_then(Format::from_path) {
        // A `.tbx` name keeps the vintage read: TBX 2008 stays 2008.
        Some(Format::Tbx) if read_as == Some(Format::Tbx2008) => Format::Tbx2008,
        Some(format @ (Format::Tbx | Format::Csv | Format::Xlsx)) => format,
        Some(other) => {
            return Err(Error::Usage(format!(
                "glossary merge writes the glossary as CSV, TBX or a workbook (.csv, .tbx, \
                 .xlsx), not as {}: name the output by one of those, or export it afterwards",
                other.name()
            )));
        }
        _ => match read_as {
            Some(format @ (Format::Tbx | Format::Tbx2008 | Format::Xlsx)) => format,
            _ => Format::Csv,
        },
    };
    let name = output.name();
    let style = env.glossary_style(written_as);
    let mut output = Table::new(output, style).map_err(|e| Error::io(&name, e))?;
    match written_as {
        Format::Csv => merged.write_csv(&mut output).map(|_| ()),
        format => formats::write(&merged, format, None, &mut output).map(|_| ()),
    }
    .map_err(|e| Error::io(&name, e))?;
    finish(output, &name)?.commit()?;
    Ok(Status::Success)
}

/// `glossary merge` of suggestions in a workbook: its sheet read as the CSV
/// merge reads, errors and the rows the report names at the sheet's rows.
fn merge_workbook(
    glossary: &termalign::glossary::Glossary,
    path: &Path,
    options: &termalign::glossary::merge::MergeOptions,
) -> Result<
    (
        termalign::glossary::Glossary,
        termalign::glossary::merge::MergeReport,
    ),
    Error,
> {
    use termalign::formats::workbook::{SUGGESTIONS_SHEET, SheetCsv, read_sheet};
    let sheet = read_sheet(path, SUGGESTIONS_SHEET)?;
    let csv = SheetCsv::new(&sheet);
    let same = |header: &str, field: &str| header.trim().eq_ignore_ascii_case(field);
    let (merged, mut report) =
        termalign::glossary::merge::merge_with(glossary, &csv.text, path, options)
            .map_err(|e| csv.locate(e, path, same))?;
    for row in &mut report.rows {
        row.line = u64::from(csv.row(row.line));
    }
    Ok((merged, report))
}

pub(crate) fn import(args: cli::ImportArgs, env: &Env) -> Result<Status, Error> {
    let format = args
        .format
        .or_else(|| args.output.as_deref().and_then(Format::from_path))
        .unwrap_or(Format::Csv);
    if format.is_bilingual() && args.pair.is_none() {
        return Err(Error::Usage(format!(
            "a {} glossary holds one language direction: give --pair, like en-fr",
            format.name()
        )));
    }
    if let Some(out) = &args.output {
        refuse_clobbering(&[out], std::slice::from_ref(&args.file))?;
    }
    // Opened before any work, so that a bad path fails at once.
    let output = Output::create(args.output.as_deref())?;
    let options = formats::tbx::ReadOptions {
        iate: args.from == cli::ImportFrom::Iate,
        domains: formats::tbx::Domains::new(&args.subject),
    };
    let (glossary, summary) = formats::tbx::read_file(&args.file, env.text, &options)?;
    let file = args.file.display();
    for line in summary.report() {
        env.note(&format!("{file}: {line}"));
    }
    let terms = |lang| {
        glossary
            .concepts
            .iter()
            .flat_map(|c| c.terms_in(lang))
            .count()
    };
    use termalign::lang::Lang;
    use termalign::printable::thousands;
    let concepts = glossary.concepts.len();
    env.note(&format!(
        "{file}: imported {} concept{} ({} English, {} French, {} Spanish terms)",
        thousands(concepts),
        if concepts == 1 { "" } else { "s" },
        thousands(terms(Lang::En)),
        thousands(terms(Lang::Fr)),
        thousands(terms(Lang::Es)),
    ));
    if glossary.concepts.is_empty() && !args.subject.is_empty() {
        message!(
            "warning: {file}: no concept of the domains {} with an English, French or Spanish \
             term; domains are IATE's codes (2811) or labels (migration), as its subjectField \
             gives them",
            args.subject.join(", ")
        );
    }
    let name = output.name();
    let style = env.glossary_style(format);
    let mut output = Table::new(output, style).map_err(|e| Error::io(&name, e))?;
    let report = formats::write(&glossary, format, args.pair, &mut output)
        .map_err(|e| Error::io(&name, e))?;
    finish(output, &name)?.commit()?;
    for skipped in &report.skipped {
        message!("skipped {skipped}");
    }
    Ok(Status::Success)
}
