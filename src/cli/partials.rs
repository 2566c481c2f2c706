//! `termalign merge`: partial results of shards added up.

use super::common::*;
use super::suggest::{
    enough_to_suggest, load_gold, open_outputs, report_suggestions, scoring_options,
};
use crate::cli::args as cli;
use termalign::Error;
use termalign::input;
use termalign::jobs::concordance;
use termalign::jobs::partials::{Partials, Total};

/// `termalign merge`: adds up the partial results of shards, all of one
/// kind: `concordance --by-concept` tables or `suggest --partial` counts.
pub(crate) fn merge_partials(args: cli::PartialsArgs, env: &Env) -> Result<Status, Error> {
    let glossary = load_glossary(&args.glossary, env)?;
    let mut protected = args.partials.clone();
    protected.extend(args.glossary.glossary.clone());
    protected.extend(args.scoring.gold.clone());
    let outputs = open_outputs(args.output.as_deref(), &args.scoring, &protected)?;
    let gold = load_gold(&args.scoring, env)?;
    let mut partials = Partials::new(&glossary);
    for path in &args.partials {
        let text = input::read_side(path, env.text)?;
        partials.add(&text, path)?;
    }
    match partials.total() {
        Total::Counts(partial) => {
            let parallel = matches!(*partial, termalign::jobs::suggest::Partial::Parallel(_));
            let options = scoring_options(&args.scoring, parallel, gold.is_some());
            enough_to_suggest(&partial, false)?;
            let suggested = env
                .runner()?
                .install(|| partial.suggest(&glossary, &options))?;
            let path = args.output.as_deref();
            report_suggestions(env, suggested, &args.scoring, outputs, gold, path)?;
        }
        Total::ByConcept(table) => {
            if args.scoring.candidates.is_some() || args.scoring.gold.is_some() {
                return Err(Error::Usage(
                    "--candidates and --gold go with suggest partials, not by-concept tables"
                        .into(),
                ));
            }
            let (output, _) = outputs;
            let name = output.name();
            let path = args.output.as_deref();
            let output = env.table(output, path, concordance::BY_CONCEPT_XLSX)?;
            let output = table.write(output, &name, env.fields(path))?;
            finish(output, &name)?.commit()?;
        }
    }
    Ok(Status::Success)
}
