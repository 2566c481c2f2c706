//! `termalign align`: sentence alignment of documents with their translations.

use super::common::*;
use crate::cli::args as cli;
use crate::cli::messages::{message, prefixed, shown};
use std::path::{Path, PathBuf};
use termalign::analysis::detect::Detector;
use termalign::analysis::pipeline::document_language;
use termalign::formats::table::{self, Style, Table};
use termalign::input::{self, Source};
use termalign::jobs::align::batch::{pair_folders, read_pair_list};
use termalign::jobs::align::{SentenceList, Sentences};
use termalign::output::{Output, check_target, refuse_clobbering};
use termalign::{Error, Lang};

/// One document pair to align, and where its alignment goes.
pub(crate) struct AlignJob {
    source: PathBuf,
    target: PathBuf,
    output: Option<PathBuf>,
}

pub(crate) fn align(args: cli::AlignArgs, env: &Env) -> Result<Status, Error> {
    use termalign::jobs::align::{AlignOptions, Aligner, Dictionary};
    let glossary = load_glossary(&args.glossary, env)?;
    let jobs = align_jobs(&args, env)?;
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
    // No output may replace any input of the run: a document of any pair,
    // the list of pairs, the glossary, the dictionary, the gold links.
    let mut protected: Vec<&Path> = jobs
        .iter()
        .flat_map(|job| [job.source.as_path(), job.target.as_path()])
        .collect();
    protected.extend(args.pairs.as_deref());
    protected.extend(args.glossary.glossary.as_deref());
    protected.extend(args.dictionary.as_deref());
    protected.extend(args.gold.as_deref());
    let outputs: Vec<&Path> = jobs
        .iter()
        .filter_map(|job| job.output.as_deref())
        .collect();
    refuse_clobbering(&outputs, &protected)?;
    // Every pair's output can be put in place, known before any work: a
    // folder or a name too long in a batch fails now, not after hours.
    for out in &outputs {
        check_target(out)?;
    }
    let dictionary = match &args.dictionary {
        Some(path) => Some(Dictionary::from_tsv(
            &input::read_side(path, env.text)?,
            path,
        )?),
        None => None,
    };
    let options = AlignOptions {
        lexical: !args.length_only,
        dictionary,
        ..AlignOptions::default()
    };
    let mut failed = false;
    // The glossary is compiled once; an aligner is built per language pair
    // when a job first needs it, and shared by the threads.
    let matcher = std::sync::Arc::new(termalign::analysis::matcher::Matcher::new(&glossary));
    let aligners: [[std::sync::OnceLock<Aligner>; 3]; 3] = Default::default();
    let detector = Detector::new();
    let gold = match &args.gold {
        Some(path) => Some(termalign::jobs::align::read_gold(
            &input::read_side(path, env.text)?,
            path,
        )?),
        None => None,
    };
    // Each job writes its own output; its messages come back to be printed
    // in the order of the jobs.
    let align_one = |job: &AlignJob| -> Result<Vec<String>, Error> {
        let mut notes = Vec::new();
        let source = input::read(&Source::File(job.source.clone()), env.text)?;
        let target = input::read(&Source::File(job.target.clone()), env.text)?;
        let source_lang = language_of(&detector, &source, args.source_lang, "--source-lang")?;
        let target_lang = language_of(&detector, &target, args.target_lang, "--target-lang")?;
        let aligner = aligners[source_lang.index()][target_lang.index()].get_or_init(|| {
            Aligner::with_matcher(matcher.clone(), source_lang, target_lang, options.clone())
        });
        let segmented = args.segmented
            || !args.running_text && is_segment_file(&job.source) && is_segment_file(&job.target);
        let src = sentences_of(&source.text, source_lang, segmented);
        let tgt = sentences_of(&target.text, target_lang, segmented);
        // A language given is verified against the text, before anything
        // is written: Spanish is not written into a TMX as French.
        for (given, flag, path, sentences) in [
            (args.source_lang, "--source-lang", &job.source, &src),
            (args.target_lang, "--target-lang", &job.target, &tgt),
        ] {
            let Some(lang) = given else { continue };
            let texts = (0..sentences.count()).map(|i| sentences.sentence(i));
            let name = path.display().to_string();
            if let Some(line) =
                side_mislabel(&detector, &name, "sentences", lang, Some(flag), texts)
            {
                if args.strict_lang {
                    return Err(Error::Usage(format!(
                        "{line}; --strict-lang: nothing written"
                    )));
                }
                notes.push(prefixed!("warning: {line}"));
            }
        }
        let path = job.output.as_deref();
        let xlsx = path.is_some_and(table::is_xlsx);
        let format = match args.format {
            // A workbook holds the CSV report's table.
            cli::AlignFormat::Tsv | cli::AlignFormat::Csv if xlsx => {
                termalign::jobs::align::report::Format::Csv {
                    fields: env.fields(path),
                }
            }
            cli::AlignFormat::Tmx if xlsx => {
                return Err(Error::Usage(
                    "an .xlsx output holds the CSV report's table, not TMX: give --format csv, \
                     or another file name"
                        .into(),
                ));
            }
            cli::AlignFormat::Tsv => termalign::jobs::align::report::Format::Tsv,
            cli::AlignFormat::Tmx => termalign::jobs::align::report::Format::Tmx,
            cli::AlignFormat::Csv => {
                termalign::jobs::align::report::Format::Csv { fields: env.csv }
            }
        };
        let doubtful = termalign::jobs::align::report::Doubtful {
            threshold: args.threshold,
            drop: args.drop,
        };
        // Beads are written as the aligner settles them; they are held
        // only to be scored against gold links.
        let output = Output::create(job.output.as_deref())?;
        let name = output.name();
        // CSV for Excel or a workbook; TSV and TMX as they are.
        let style = match format {
            termalign::jobs::align::report::Format::Csv { .. } => {
                env.style(path, termalign::jobs::align::report::XLSX)
            }
            _ => Style::Csv,
        };
        let mut output = Table::new(output, style).map_err(|e| Error::io(&name, e))?;
        let langs = (source_lang, target_lang);
        let mut writer =
            termalign::jobs::align::report::Writer::new(&mut output, format, doubtful, langs)
                .map_err(|e| Error::io(&name, e))?;
        let mut held = Vec::new();
        aligner
            .align_each(&src, &tgt, |bead| {
                writer.bead(&bead, &src, &tgt)?;
                if gold.is_some() {
                    held.push(bead);
                }
                Ok(())
            })
            .map_err(|e| Error::io(&name, e))?;
        let written = writer.finish().map_err(|e| Error::io(&name, e))?;
        finish(output, &name)?.commit()?;
        if let (Some(gold), Some(gold_path)) = (&gold, &args.gold) {
            let s = termalign::jobs::align::score(&held, gold);
            notes.push(prefixed!(
                "{} against {}: precision {:.3}, recall {:.3}, F1 {:.3} ({} gold links, {} predicted, {} correct)",
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
        let flagged = written.flagged;
        if flagged > 0 {
            notes.push(prefixed!(
                "{}: {flagged} of {} beads below {} {}",
                job.source.display(),
                written.beads,
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
                    message!("{}", shown(&e));
                    failed = true;
                }
            }
            Ok(())
        })?;
    Ok(status(failed))
}

/// The sentences of a document, as spans of its text: its lines when it
/// is `segmented`, else as the splitter finds them.
fn sentences_of(text: &str, lang: Lang, segmented: bool) -> Sentences<'_> {
    if segmented {
        Sentences::lines(text)
    } else {
        Sentences::split(text, lang)
    }
}

/// Whether a file is named as pre-split input is: Moses-style corpora are
/// one segment a line, in files whose extension is their language
/// (`news.en`, `news.fra`).
fn is_segment_file(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        Lang::ALL.iter().any(|l| {
            e.eq_ignore_ascii_case(l.code()) || e.eq_ignore_ascii_case(l.whatlang().code())
        })
    })
}

/// The language a document is in: the one given, else the detected one.
pub(crate) fn language_of(
    detector: &Detector,
    doc: &input::Document,
    given: Option<Lang>,
    flag: &str,
) -> Result<Lang, Error> {
    document_language(detector, &doc.text, given, doc.lang)
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
pub(crate) fn align_jobs(args: &cli::AlignArgs, env: &Env) -> Result<Vec<AlignJob>, Error> {
    let folders = matches!(args.paths.as_slice(), [a, b] if a.is_dir() && b.is_dir());
    if (args.pairs.is_some() || folders) && args.output.is_none() {
        return Err(Error::Usage(
            "batch alignment writes one file per pair: give -o FOLDER".into(),
        ));
    }
    let pairs: Vec<(PathBuf, PathBuf)> = if let Some(list) = &args.pairs {
        let text = input::read_side(list, env.text)?;
        read_pair_list(&text, list)?
    } else {
        match args.paths.as_slice() {
            [a, b] if a.is_dir() && b.is_dir() => {
                let folders = pair_folders(a, b, args.follow)?;
                let pairs = folders.pairs;
                report_left_out(&folders.left_out);
                for path in folders.alone {
                    message!(
                        "{}: no file of that name in {}",
                        path.display(),
                        b.display()
                    );
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
