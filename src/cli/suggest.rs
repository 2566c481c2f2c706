//! `termalign suggest`: term alignment, to grow the glossary.

use super::common::*;
use crate::cli::args::{self as cli, InputArgs};
use crate::cli::messages::{message, shown, warning};
use std::io::Write;
use std::path::{Path, PathBuf};
use termalign::formats::bitext;
use termalign::input;
use termalign::output::{Output, commit_all, open_all, refuse_clobbering};
use termalign::{Error, Lang};

pub(crate) fn suggest(args: cli::SuggestArgs, env: &Env) -> Result<Status, Error> {
    use termalign::analysis::matcher::Matcher;
    use termalign::jobs::suggest::{
        ComparableCounts, Context, Left, ParallelCounts, Partial, count_documents, count_pairs,
    };
    let glossary = load_glossary(&args.glossary, env)?;
    let parallel = !args.pairs.is_empty();
    if args.partial && (args.scoring.gold.is_some() || args.scoring.candidates.is_some()) {
        return Err(Error::Usage(
            "--partial writes counts, not suggestions: --gold and --candidates go with \
             `termalign merge`"
                .into(),
        ));
    }
    if args.partial
        && args
            .output
            .as_deref()
            .is_some_and(termalign::formats::table::is_xlsx)
    {
        return Err(Error::Usage(
            "--partial writes counts as JSON for `termalign merge`, not a workbook: name the \
             output .json"
                .into(),
        ));
    }
    let gold = load_gold(&args.scoring, env)?;
    let options = scoring_options(&args.scoring, parallel, gold.is_some());
    let matcher = Matcher::new(&glossary);
    let mut failed = false;
    let input_args = InputArgs {
        paths: args.paths.clone(),
        lang: None,
        jsonl: args.jsonl,
        follow: args.follow,
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
        let (given_source, given_target) = (args.source_lang, args.target_lang);
        if let (Some(source), Some(target)) = (given_source, given_target)
            && source == target
        {
            return Err(Error::Usage(format!(
                "--source-lang and --target-lang are both {source}"
            )));
        }
        // The counts are made for the run's languages: those given, else the
        // first file's.
        let context = Context::new(&glossary, &matcher);
        let mut counts = None;
        let mut run_langs = None;
        let detector = termalign::Detector::new();
        let mut mislabelled = 0;
        for path in &args.pairs {
            let read_one = bitext::read_declared(path, None, given_source, given_target, env.text)
                .and_then(|(bitext, langs)| {
                    same_pair(&mut run_langs, path, langs)?;
                    Ok((bitext, langs))
                });
            let (bitext, langs) = match read_one {
                Ok(read) => read,
                Err(e) => {
                    message!("{}", shown(&e));
                    failed = true;
                    continue;
                }
            };
            for skipped in &bitext.skipped {
                message!("{}: skipped {skipped}", path.display());
            }
            if verify_bitext(&detector, path, &bitext, langs, args.strict_lang) {
                mislabelled += 1;
            }
            let counts = counts
                .get_or_insert_with(|| ParallelCounts::new(&context, langs.source, langs.target));
            count_pairs(counts, &glossary, &matcher, &bitext.pairs, env.runner()?)?;
        }
        if args.strict_lang && mislabelled > 0 {
            return Err(mislabelled_error(mislabelled));
        }
        // No file read: counts of nothing, in the languages given (as
        // before languages came from files), else nothing to say.
        let counts = match (counts, given_source, given_target) {
            (Some(counts), _, _) => counts,
            (None, Some(source), Some(target)) => ParallelCounts::new(&context, source, target),
            (None, _, _) => {
                return Err(Error::Usage(
                    "no segment pairs to count (see above); nothing written".into(),
                ));
            }
        };
        if failed {
            warning!("the counts come from the files that could be read only");
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
        let mut counts = ComparableCounts::new(&Context::new(&glossary, &matcher));
        // Documents are counted a piece at a time, in bounded memory.
        let documents = input::Documents::new(inputs.sources, layout(&input_args), env.text);
        count_documents(
            &mut counts,
            &glossary,
            &matcher,
            documents,
            env.runner()?,
            |left| match left {
                Left::OtherLanguage(name) => {
                    warning!("{name}: not English, French or Spanish; skipped")
                }
                Left::Unreadable(e) => {
                    message!("{}", shown(&e));
                    failed = true;
                }
            },
        )?;
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
    let path = args.output.as_deref();
    report_suggestions(env, suggested, &args.scoring, outputs, gold, path)?;
    Ok(status(failed))
}

/// Refuses outputs that would overwrite an input or one another, and opens
/// them before any work: the suggestions (or partial) and the candidates.
pub(crate) fn open_outputs(
    output: Option<&Path>,
    scoring: &cli::ScoringArgs,
    protected: &[PathBuf],
) -> Result<(Output, Option<Output>), Error> {
    let stdout = Path::new("-");
    let paths: Vec<&Path> = std::iter::once(output.unwrap_or(stdout))
        .chain(scoring.candidates.as_deref())
        .collect();
    refuse_clobbering(&paths, protected)?;
    let mut wanted = vec![output];
    wanted.extend(scoring.candidates.as_deref().map(Some));
    let mut opened = open_all(&wanted)?.into_iter();
    let out = opened.next().expect("the suggestions' output");
    Ok((out, opened.next()))
}

/// Refuses to suggest from counts that cannot give any: no segment pair, or
/// documents in fewer than two languages (a one-run check, and the merge's
/// for partials, which may each be anything).
pub(crate) fn enough_to_suggest(
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

/// The gold pairs of `--gold`, if given.
pub(crate) fn load_gold(
    scoring: &cli::ScoringArgs,
    env: &Env,
) -> Result<Option<termalign::jobs::suggest::Gold>, Error> {
    let Some(path) = &scoring.gold else {
        return Ok(None);
    };
    let text = input::read_side(path, env.text)?;
    let gold = termalign::jobs::suggest::Gold::from_tsv(&text, path)?;
    if gold.len == 0 {
        warning!("{}: no gold pairs", path.display());
    }
    Ok(Some(gold))
}

/// The scoring options the flags give, over the mode's defaults.
pub(crate) fn scoring_options(
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
pub(crate) fn report_suggestions(
    env: &Env,
    suggested: termalign::jobs::suggest::Suggested,
    scoring: &cli::ScoringArgs,
    (out, candidates): (Output, Option<Output>),
    gold: Option<termalign::jobs::suggest::Gold>,
    path: Option<&Path>,
) -> Result<(), Error> {
    use termalign::jobs::suggest;
    if let Some(gold) = &gold {
        for score in gold.evaluate(&suggested) {
            message!(
                "{}-{}: P@1 {:.3} ({}/{}), P@5 {:.3} ({}/{}) over the gold terms present",
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
    let mut out = env.table(out, path, suggest::XLSX)?;
    let rows =
        suggest::write_csv(&kept, env.fields(path), &mut out).map_err(|e| Error::io(&name, e))?;
    let mut written = vec![finish(out, &name)?];
    let mut candidates_note = None;
    if let (Some(out), Some(path)) = (candidates, &scoring.candidates) {
        let name = out.name();
        let mut out = env.table(out, Some(path), suggest::candidates::XLSX)?;
        let n =
            suggest::candidates::write_csv(&suggested.candidates, env.fields(Some(path)), &mut out)
                .map_err(|e| Error::io(&name, e))?;
        written.push(finish(out, &name)?);
        candidates_note = Some(format!("{n} candidates written to {}", path.display()));
    }
    // The suggestions and the candidates, both or neither.
    commit_all(written)?;
    if let Some(note) = candidates_note {
        env.note(&note);
    }
    let new = kept
        .iter()
        .filter(|s| s.status == suggest::Status::New)
        .count();
    env.note(&format!("{rows} suggestions ({new} new)"));
    Ok(())
}
