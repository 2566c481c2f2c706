//! `termalign concordance`: the glossary's terms in the documents, as CSV.

use super::common::*;
use crate::cli::args as cli;
use std::path::Path;
use termalign::jobs::concordance::{self, ByConcept, CsvSink, Part};
use termalign::output::{commit_all, open_all, refuse_clobbering};
use termalign::{Config, Error, Pipeline};

pub(crate) fn concordance(args: cli::ConcordanceArgs, env: &Env) -> Result<Status, Error> {
    let glossary = load_glossary(&args.glossary, env)?;
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
    // Both outputs are opened before any work, so a bad path fails at once;
    // with --by-concept, rows to a closed standard output (`| head`) do not
    // end the run, which goes on to write the table.
    let mut paths = vec![args.output.as_deref()];
    paths.extend(args.by_concept.as_deref().map(Some));
    let mut opened = open_all(&paths)?.into_iter();
    let output = opened.next().expect("the rows' output");
    let by_concept_output = opened.next();
    let name = output.name();
    let output = env.table(output, args.output.as_deref(), concordance::XLSX)?;
    let mut rows = CsvSink::new(output, &name);
    let mut by_concept = by_concept_output
        .as_ref()
        .map(|_| ByConcept::new(&glossary));
    let forms = by_concept.is_some();
    // Rows for the null device are not worth rendering (a run for the
    // by-concept table alone, as on a Spark worker).
    let rows_wanted = args.output.as_deref() != Some(Path::new("/dev/null"));
    let fields = env.fields(args.output.as_deref());
    let read = run_documents(
        env,
        inputs,
        &args.input,
        &mut failed,
        |doc| {
            let analysis = pipeline.analyze_document(&doc);
            Part::new(&glossary, &doc, &analysis, rows_wanted, forms, fields)
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
    // Both outputs or neither.
    let mut written = vec![finish(rows.into_inner(), &name)?];
    if let (Some(table), Some(out)) = (by_concept, by_concept_output) {
        let name = out.name();
        let path = args.by_concept.as_deref();
        let out = env.table(out, path, concordance::BY_CONCEPT_XLSX)?;
        let out = table.write(out, &name, env.fields(path))?;
        written.push(finish(out, &name)?);
    }
    commit_all(written)?;
    Ok(status(failed))
}
