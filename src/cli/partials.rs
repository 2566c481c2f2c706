//! `termalign merge`: partial results of shards added up.

use super::common::*;
use super::suggest::{
    enough_to_suggest, load_gold, open_outputs, report_suggestions, scoring_options,
};
use crate::cli::args as cli;
use std::path::Path;
use termalign::Error;
use termalign::input;
use termalign::jobs::concordance::ByConcept;

/// `termalign merge`: adds up the partial results of shards, all of one
/// kind: `concordance --by-concept` tables or `suggest --partial` counts.
pub(crate) fn merge_partials(args: cli::PartialsArgs, env: &Env) -> Result<Status, Error> {
    use termalign::jobs::suggest::Partial;
    let glossary = load_glossary(&args.glossary, env)?;
    let mut protected = args.partials.clone();
    protected.extend(args.glossary.glossary.clone());
    protected.extend(args.scoring.gold.clone());
    let outputs = open_outputs(args.output.as_deref(), &args.scoring, &protected)?;
    let gold = load_gold(&args.scoring, env)?;
    let mut table = ByConcept::new(&glossary);
    let mut counts: Option<Partial> = None;
    // Whether the partials are suggest counts, and the first one's path.
    let mut kind: Option<(bool, &Path)> = None;
    for path in &args.partials {
        let text = input::read_side(path, env.text)?;
        let text = text.trim_start_matches('\u{feff}');
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
