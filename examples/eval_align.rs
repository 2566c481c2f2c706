//! Evaluates the sentence aligner (`align::Aligner`) on real, professionally
//! translated news, and on copies of it with known perturbations.
//!
//! ```text
//! cargo run --release --example eval_align [DATA_DIR] [--scale-only] [--errors]
//! ```
//!
//! DATA_DIR defaults to `../shared/data` next to the crate; without it the
//! example says so and exits successfully. It reads NTREX-128
//! (`ntrex128/newstest2019-{src.eng,ref.fra,ref.spa}.txt`: line N is the same
//! sentence in the three files, one sentence per line) and
//! `ntrex128/DOCUMENT_IDS.tsv` (the document of each line, one id per line),
//! and aligns every document (123) for the pairs en-fr, en-es and fr-es.
//! Each document is aligned as it is and with its target perturbed:
//!
//! * **clean**: the documents as published (gold: all 1:1);
//! * **merge**: some adjacent target sentences joined into one (gold 2:1);
//! * **split**: some target sentences cut in two, after the comma nearest the
//!   middle (within its middle half), else at the space nearest the middle
//!   (gold 1:2);
//! * **drop**: some target sentences deleted (gold 1:0);
//! * **insert**: sentences of another document (same language, half the
//!   corpus away) inserted before some target sentences (gold 0:1);
//! * **all**: the four at once, at a third of the rate each;
//! * **merge3**: some runs of three target sentences joined into one (gold
//!   3:1), at a third of the rate;
//! * **text**: each side's lines joined by spaces into running text and cut
//!   again by `sentences::split`, as `termalign align` does. The gold links
//!   two sentences when they share a line; beads the splitter made larger
//!   than 2:2 cannot be matched exactly;
//! * **text+all**: the target perturbed as in *all*, then both sides made
//!   running text and split again; the gold links two sentences when a
//!   perturbation's gold bead links their lines. Here a merge puts a
//!   semicolon in place of the first sentence's full stop, and a split a
//!   full stop (and a capital) in place of the comma, or running text would
//!   undo them.
//!
//! A perturbation hits a source sentence with probability 12% (4% each in
//! *all*), drawn from a linear congruential generator (Knuth's MMIX
//! constants) reseeded per pair, condition and document from a fixed seed,
//! so every run sees the same inputs. Both aligners, the full one and the
//! length-only baseline (`lexical: false`), align the same inputs. Scores
//! are link-level (see `align::score`), micro-averaged over documents;
//! *exact* is the share of gold beads predicted exactly. *Confidence* is
//! the mean score of predicted beads that are, and are not, gold beads.
//! A reliability table follows: the share of predicted beads that are gold
//! beads, per band of score. With `--errors`, the first wrong beads of each
//! condition are printed with their text.
//!
//! Then a scale test (alone with `--scale-only`): the 1997 sentences of all
//! documents in a row, replicated to 11,982 sentences per side, aligned
//! en→fr as they are and with all perturbations, timed (use a release
//! build).

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use termalign::analysis::matcher::Matcher;
use termalign::jobs::align::{AlignOptions, Aligner, Bead, Scores, score};
use termalign::{Glossary, Lang};

const PAIRS: [(Lang, Lang); 3] = [
    (Lang::En, Lang::Fr),
    (Lang::En, Lang::Es),
    (Lang::Fr, Lang::Es),
];
const SEED: u64 = 0x7e57_a119;
/// Probability that a source sentence is perturbed.
const RATE: f64 = 0.12;
/// How many wrong beads `--errors` prints per pair and condition.
const SHOWN: usize = 6;

/// What happens to a target sentence.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Edit {
    Merge,
    /// Three sentences made one (gold 3:1).
    Merge3,
    Split,
    Drop,
    Insert,
}

/// The conditions: a name and the probability of each edit.
const CONDITIONS: [(&str, &[(Edit, f64)]); 7] = [
    ("clean", &[]),
    ("merge", &[(Edit::Merge, RATE)]),
    ("split", &[(Edit::Split, RATE)]),
    ("drop", &[(Edit::Drop, RATE)]),
    ("insert", &[(Edit::Insert, RATE)]),
    (
        "all",
        &[
            (Edit::Merge, RATE / 3.0),
            (Edit::Split, RATE / 3.0),
            (Edit::Drop, RATE / 3.0),
            (Edit::Insert, RATE / 3.0),
        ],
    ),
    ("merge3", &[(Edit::Merge3, RATE / 3.0)]),
];

/// The index in [`CONDITIONS`] of "all", which *text+all* perturbs as.
const ALL: usize = 5;

/// Knuth's MMIX linear congruential generator.
struct Lcg(u64);

impl Lcg {
    fn new(seed: u64) -> Lcg {
        let mut lcg = Lcg(seed ^ SEED);
        lcg.unit();
        lcg
    }

    /// Uniform in [0, 1), from the high 53 bits.
    fn unit(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }

    /// The edit drawn for one sentence, if any.
    fn edit(&mut self, rates: &[(Edit, f64)]) -> Option<Edit> {
        let mut u = self.unit();
        for &(edit, rate) in rates {
            if u < rate {
                return Some(edit);
            }
            u -= rate;
        }
        None
    }
}

fn bead(source: Range<usize>, target: Range<usize>) -> Bead {
    Bead {
        source,
        target,
        score: 1.0,
    }
}

/// Cuts a sentence in two: after the comma nearest the middle (within its
/// middle half), else at the space nearest the middle.
fn split(text: &str) -> Option<(String, String)> {
    let middle = text.len() / 2;
    let nearest = |c: char, within: usize| {
        text.match_indices(c)
            .map(|(at, _)| at)
            .filter(|&at| at.abs_diff(middle) <= within)
            .min_by_key(|&at| at.abs_diff(middle))
    };
    let (a, b) = match nearest(',', text.len() / 4) {
        Some(at) => text.split_at(at + 1),
        None => text.split_at(nearest(' ', text.len())?),
    };
    let (a, b) = (a.trim(), b.trim());
    (!a.is_empty() && !b.is_empty()).then(|| (a.to_string(), b.to_string()))
}

/// The target edited sentence by sentence, and its gold alignment with the
/// source (the target before editing is its line-by-line translation).
///
/// With `running`, for text that is run together and split again, a merge
/// and a split change the punctuation, as a translator would, not only the
/// line breaks (which running text has not got): two sentences merged are
/// joined by a semicolon in place of the first one's full stop, and a
/// sentence split at a comma gets a full stop there and a capital after.
fn perturb(
    target: &[&str],
    foreign: &[&str],
    rates: &[(Edit, f64)],
    lcg: &mut Lcg,
    running: bool,
) -> (Vec<String>, Vec<Bead>) {
    let (mut out, mut gold) = (Vec::new(), Vec::new());
    let mut inserted = 0;
    let mut i = 0;
    while i < target.len() {
        let k = out.len();
        match lcg.edit(rates) {
            Some(Edit::Merge3) if i + 2 < target.len() => {
                out.push(format!("{} {} {}", target[i], target[i + 1], target[i + 2]));
                gold.push(bead(i..i + 3, k..k + 1));
                i += 3;
                continue;
            }
            Some(Edit::Merge) if i + 1 < target.len() => {
                let first = match target[i].strip_suffix('.') {
                    Some(stem) if running => format!("{stem};"),
                    _ => target[i].to_string(),
                };
                out.push(format!("{first} {}", target[i + 1]));
                gold.push(bead(i..i + 2, k..k + 1));
                i += 2;
                continue;
            }
            Some(Edit::Split) => {
                if let Some((a, b)) = split(target[i]) {
                    let (a, b) = match a.strip_suffix(',') {
                        Some(stem) if running => {
                            let mut chars = b.chars();
                            let first = chars.next().map(char::to_uppercase);
                            let b = first.into_iter().flatten().chain(chars).collect();
                            (format!("{stem}."), b)
                        }
                        _ => (a, b),
                    };
                    out.extend([a, b]);
                    gold.push(bead(i..i + 1, k..k + 2));
                    i += 1;
                    continue;
                }
            }
            Some(Edit::Drop) => {
                gold.push(bead(i..i + 1, k..k));
                i += 1;
                continue;
            }
            Some(Edit::Insert) if !foreign.is_empty() => {
                out.push(foreign[inserted % foreign.len()].to_string());
                inserted += 1;
                gold.push(bead(i..i, k..k + 1));
            }
            _ => {}
        }
        let k = out.len();
        out.push(target[i].to_string());
        gold.push(bead(i..i + 1, k..k + 1));
        i += 1;
    }
    (out, gold)
}

/// A document's lines as running text cut by `sentences::split`: the
/// sentences, and the lines each one overlaps.
fn resplit(lines: &[&str], lang: Lang) -> (Vec<String>, Vec<Range<usize>>) {
    let text = lines.join(" ");
    let mut starts = Vec::with_capacity(lines.len());
    let mut at = 0;
    for line in lines {
        starts.push(at);
        at += line.len() + 1;
    }
    let line_of = |byte: usize| starts.partition_point(|&s| s <= byte) - 1;
    termalign::analysis::sentences::split(&text, lang)
        .into_iter()
        .map(|r| {
            let covered = line_of(r.start)..line_of(r.end.max(r.start + 1) - 1) + 1;
            (text[r].to_string(), covered)
        })
        .unzip()
}

/// Gold beads between two cuttings of the same lines: the smallest runs of
/// sentences on each side that cover the same lines. A sentence whose lines
/// end before the other side's next sentence starts has no counterpart.
fn gold_by_lines(source: &[Range<usize>], target: &[Range<usize>]) -> Vec<Bead> {
    let (mut beads, mut i, mut j) = (Vec::new(), 0, 0);
    while i < source.len() && j < target.len() {
        if source[i].end <= target[j].start {
            beads.push(bead(i..i + 1, j..j));
            i += 1;
            continue;
        }
        if target[j].end <= source[i].start {
            beads.push(bead(i..i, j..j + 1));
            j += 1;
            continue;
        }
        let (i0, j0) = (i, j);
        let mut end = source[i].end.max(target[j].end);
        (i, j) = (i + 1, j + 1);
        loop {
            let before = (i, j);
            while i < source.len() && source[i].start < end {
                end = end.max(source[i].end);
                i += 1;
            }
            while j < target.len() && target[j].start < end {
                end = end.max(target[j].end);
                j += 1;
            }
            if (i, j) == before {
                break;
            }
        }
        beads.push(bead(i0..i, j0..j));
    }
    beads.extend((i..source.len()).map(|i| bead(i..i + 1, j..j)));
    beads.extend((j..target.len()).map(|j| bead(i..i, j..j + 1)));
    beads
}

/// The lines each sentence covers, as the gold beads of those lines (the
/// beads' common numbering of both sides' lines): `side` picks a bead's
/// lines on this side.
fn in_beads(
    covered: &[Range<usize>],
    gold: &[Bead],
    side: fn(&Bead) -> &Range<usize>,
) -> Vec<Range<usize>> {
    let mut bead_of = Vec::new();
    for (b, bead) in gold.iter().enumerate() {
        bead_of.extend(side(bead).clone().map(|_| b));
    }
    covered
        .iter()
        .map(|lines| bead_of[lines.start]..bead_of[lines.end - 1] + 1)
        .collect()
}

/// Counts summed over documents.
#[derive(Default)]
struct Tally {
    predicted: usize,
    gold: usize,
    correct: usize,
    gold_beads: usize,
    exact_beads: usize,
    confidence_ok: (f64, usize),
    confidence_wrong: (f64, usize),
    /// Per band of [`BANDS`]: predicted beads, and those that are gold.
    bands: [(usize, usize); BANDS.len()],
    time: Duration,
    shown: usize,
}

/// Bands of bead scores for the reliability table (lower bounds).
const BANDS: [f64; 7] = [0.0, 0.5, 0.7, 0.8, 0.9, 0.99, 0.999];

impl Tally {
    fn add(&mut self, predicted: &[Bead], gold: &[Bead], time: Duration) {
        let s = score(predicted, gold);
        self.predicted += s.predicted;
        self.gold += s.gold;
        self.correct += s.correct;
        self.gold_beads += gold.len();
        for b in predicted {
            let ok = gold
                .iter()
                .any(|g| g.source == b.source && g.target == b.target);
            let band = BANDS.iter().rposition(|&low| b.score >= low).unwrap_or(0);
            self.bands[band].0 += 1;
            self.bands[band].1 += usize::from(ok);
            let slot = if ok {
                &mut self.confidence_ok
            } else {
                &mut self.confidence_wrong
            };
            slot.0 += b.score;
            slot.1 += 1;
            self.exact_beads += usize::from(ok);
        }
        self.time += time;
    }

    fn scores(&self) -> Scores {
        Scores::from_counts(self.predicted, self.gold, self.correct)
    }

    fn cell(&self) -> String {
        let s = self.scores();
        format!(
            "{:5.1} {:5.1} {:5.1} {:5.1}",
            100.0 * s.precision,
            100.0 * s.recall,
            100.0 * s.f1,
            100.0 * self.exact_beads as f64 / self.gold_beads.max(1) as f64
        )
    }
}

/// Prints the predicted beads that are not gold beads, with their text and
/// the gold beads they overlap; returns how many.
fn show_errors(predicted: &[Bead], gold: &[Bead], source: &[&str], target: &[&str]) -> usize {
    let clip = |s: &str| s.chars().take(70).collect::<String>();
    let side = |r: &Range<usize>, text: &[&str]| {
        r.clone()
            .map(|i| format!("{}:{}", i + 1, clip(text[i])))
            .collect::<Vec<_>>()
            .join(" | ")
    };
    let show = |b: &Bead| {
        format!(
            "[{}] <> [{}] ({:.2})",
            side(&b.source, source),
            side(&b.target, target),
            b.score
        )
    };
    let near =
        |a: &Range<usize>, b: &Range<usize>| !b.is_empty() && b.start <= a.end && a.start <= b.end;
    let wrong: Vec<&Bead> = predicted
        .iter()
        .filter(|b| {
            !gold
                .iter()
                .any(|g| g.source == b.source && g.target == b.target)
        })
        .collect();
    for b in &wrong {
        println!("    predicted {}", show(b));
        for g in gold
            .iter()
            .filter(|g| near(&b.source, &g.source) || near(&b.target, &g.target))
        {
            println!("      gold    {}", show(g));
        }
    }
    wrong.len()
}

fn mean((sum, count): (f64, usize)) -> f64 {
    if count == 0 {
        f64::NAN
    } else {
        sum / count as f64
    }
}

fn read_lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(str::to_string)
        .collect()
}

/// The corpus: the lines of each language (in `Lang::ALL` order) and the
/// documents as ranges of lines.
struct Corpus {
    text: Vec<Vec<String>>,
    docs: Vec<Range<usize>>,
}

impl Corpus {
    fn sentences(&self, lang: Lang, lines: &Range<usize>) -> Vec<&str> {
        self.text[lang.index()][lines.clone()]
            .iter()
            .map(String::as_str)
            .collect()
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| args.iter().any(|a| a == name);
    let data = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data"));
    let ntrex = data.join("ntrex128");
    if !ntrex.is_dir() {
        println!(
            "{} not found: nothing to evaluate (pass DATA_DIR)",
            ntrex.display()
        );
        return;
    }
    let text: Vec<Vec<String>> = [
        "newstest2019-src.eng.txt",
        "newstest2019-ref.fra.txt",
        "newstest2019-ref.spa.txt",
    ]
    .iter()
    .map(|f| read_lines(&ntrex.join(f)))
    .collect();
    let ids = read_lines(&ntrex.join("DOCUMENT_IDS.tsv"));
    assert!(
        text.iter().all(|t| t.len() == ids.len()),
        "NTREX files differ in length"
    );
    // Documents: runs of lines with the same id (the first field).
    let id = |line: &str| line.split('\t').next().unwrap_or_default().to_string();
    let mut docs: Vec<Range<usize>> = Vec::new();
    for (i, line) in ids.iter().enumerate() {
        match docs.last_mut() {
            Some(d) if id(&ids[d.start]) == id(line) => d.end = i + 1,
            _ => docs.push(i..i + 1),
        }
    }
    let corpus = Corpus { text, docs };
    println!(
        "NTREX-128: {} documents, {} sentences; {:.0}% of source sentences perturbed (seed {SEED:#x})\n",
        corpus.docs.len(),
        ids.len(),
        100.0 * RATE
    );
    let t = Instant::now();
    let matcher = Arc::new(Matcher::new(&Glossary::builtin()));
    println!(
        "glossary compiled in {:.0} ms\n",
        t.elapsed().as_secs_f64() * 1e3
    );
    if !flag("--scale-only") {
        documents(&corpus, &matcher, flag("--errors"));
    }
    scale(&corpus, &matcher);
}

/// The full aligner and the length-only baseline for a pair.
fn aligners(matcher: &Arc<Matcher>, (source, target): (Lang, Lang)) -> [Aligner; 2] {
    let length_only = AlignOptions {
        lexical: false,
        ..AlignOptions::default()
    };
    [
        Aligner::with_matcher(matcher.clone(), source, target, AlignOptions::default()),
        Aligner::with_matcher(matcher.clone(), source, target, length_only),
    ]
}

/// Aligns every document, clean and perturbed, and prints the tables.
fn documents(corpus: &Corpus, matcher: &Arc<Matcher>, errors: bool) {
    let names: Vec<&str> = CONDITIONS
        .iter()
        .map(|c| c.0)
        .chain(["text", "text+all"])
        .collect();
    println!("link-level precision, recall, F1 and exact beads (%), micro-averaged over documents");
    println!("pair   condition  target |  full:  P     R    F1 exact | length-only: P R  F1 exact");
    let mut summary = Vec::new();
    let mut tallies_full = Vec::new();
    let mut time = [Duration::ZERO; 2];
    for (pi, &pair) in PAIRS.iter().enumerate() {
        let (sl, tl) = pair;
        let aligners = aligners(matcher, pair);
        for (ci, &name) in names.iter().enumerate() {
            let mut tally = [Tally::default(), Tally::default()];
            let mut targets = 0;
            for (di, doc) in corpus.docs.iter().enumerate() {
                let other = &corpus.docs[(di + corpus.docs.len() / 2) % corpus.docs.len()];
                let mut lcg = Lcg::new(((pi * 16 + ci) * 1024 + di) as u64);
                let (source, target, gold) = if name == "text" {
                    let (source, s_lines) = resplit(&corpus.sentences(sl, doc), sl);
                    let (target, t_lines) = resplit(&corpus.sentences(tl, doc), tl);
                    (source, target, gold_by_lines(&s_lines, &t_lines))
                } else if name == "text+all" {
                    // Perturbed as "all", then both sides run together
                    // and split again: the gold is the perturbation's,
                    // through the sentences' lines.
                    let (lines, line_gold) = perturb(
                        &corpus.sentences(tl, doc),
                        &corpus.sentences(tl, other),
                        CONDITIONS[ALL].1,
                        &mut lcg,
                        true,
                    );
                    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
                    let (source, s_lines) = resplit(&corpus.sentences(sl, doc), sl);
                    let (target, t_lines) = resplit(&lines, tl);
                    let s_beads = in_beads(&s_lines, &line_gold, |b| &b.source);
                    let t_beads = in_beads(&t_lines, &line_gold, |b| &b.target);
                    (source, target, gold_by_lines(&s_beads, &t_beads))
                } else {
                    let (target, gold) = perturb(
                        &corpus.sentences(tl, doc),
                        &corpus.sentences(tl, other),
                        CONDITIONS[ci].1,
                        &mut lcg,
                        false,
                    );
                    let source = corpus
                        .sentences(sl, doc)
                        .iter()
                        .map(|s| s.to_string())
                        .collect();
                    (source, target, gold)
                };
                let source: Vec<&str> = source.iter().map(String::as_str).collect();
                let target: Vec<&str> = target.iter().map(String::as_str).collect();
                targets += target.len();
                for (k, aligner) in aligners.iter().enumerate() {
                    let t = Instant::now();
                    let predicted = aligner.align(&source, &target);
                    tally[k].add(&predicted, &gold, t.elapsed());
                    if errors && k == 0 && tally[0].shown < SHOWN {
                        tally[0].shown += show_errors(&predicted, &gold, &source, &target);
                    }
                }
            }
            println!(
                "{sl}-{tl}  {name:<9} {targets:>6} | {} | {}",
                tally[0].cell(),
                tally[1].cell()
            );
            summary.push((name, tally[0].scores().f1, tally[1].scores().f1));
            for (total, t) in time.iter_mut().zip(&tally) {
                *total += t.time;
            }
            let [full, _] = tally;
            tallies_full.push(full);
        }
    }
    println!("\nF1 (%), full / length-only");
    print!("{:<10}", "condition");
    for (sl, tl) in PAIRS {
        print!("  {:>13}", format!("{sl}-{tl}"));
    }
    println!();
    for name in &names {
        print!("{name:<10}");
        for (_, f, b) in summary.iter().filter(|s| s.0 == *name) {
            print!("  {:>6.1}/{:<6.1}", 100.0 * f, 100.0 * b);
        }
        println!();
    }
    let mean_f1 = |pick: fn(&(&str, f64, f64)) -> f64| {
        summary.iter().map(pick).sum::<f64>() / summary.len() as f64
    };
    println!(
        "mean F1 over pairs and conditions: full {:.2}, length-only {:.2}",
        100.0 * mean_f1(|s| s.1),
        100.0 * mean_f1(|s| s.2)
    );
    let sum = |pick: fn(&Tally) -> (f64, usize)| {
        tallies_full
            .iter()
            .map(pick)
            .fold((0.0, 0), |(a, b), (c, d)| (a + c, b + d))
    };
    let (ok, wrong) = (sum(|t| t.confidence_ok), sum(|t| t.confidence_wrong));
    println!(
        "\nconfidence (full): mean {:.3} on exact beads ({}), {:.3} on other beads ({})",
        mean(ok),
        ok.1,
        mean(wrong),
        wrong.1
    );
    println!("\nreliability of the full aligner's bead scores, every condition and pair:");
    println!("| score | beads | exact |\n| --- | ---: | ---: |");
    for (k, low) in BANDS.iter().enumerate() {
        let (n, ok) = tallies_full.iter().fold((0, 0), |acc, t| {
            (acc.0 + t.bands[k].0, acc.1 + t.bands[k].1)
        });
        let high = BANDS
            .get(k + 1)
            .map_or("1.000]".to_string(), |h| format!("{h:.3})"));
        let share = if n == 0 {
            0.0
        } else {
            100.0 * ok as f64 / n as f64
        };
        println!("| [{low:.3}, {high} | {n} | {share:.1}% |");
    }
    let alignments = PAIRS.len() * names.len() * corpus.docs.len();
    println!(
        "time: full {:.0} ms, length-only {:.0} ms for {alignments} document alignments each",
        time[0].as_secs_f64() * 1e3,
        time[1].as_secs_f64() * 1e3,
    );
}

/// Everything in a row, replicated past 10,000 sentences, aligned en→fr.
fn scale(corpus: &Corpus, matcher: &Arc<Matcher>) {
    let lines = corpus.text[0].len();
    let copies = 10_000usize.div_ceil(lines);
    let all = 0..lines;
    let source: Vec<&str> = (0..copies)
        .flat_map(|_| corpus.sentences(Lang::En, &all))
        .collect();
    let target: Vec<&str> = (0..copies)
        .flat_map(|_| corpus.sentences(Lang::Fr, &all))
        .collect();
    println!(
        "\nscale: en-fr, {} sentences per side ({copies} copies of the corpus)",
        source.len()
    );
    let [full, base] = aligners(matcher, (Lang::En, Lang::Fr));
    let clean: Vec<Bead> = (0..source.len())
        .map(|i| bead(i..i + 1, i..i + 1))
        .collect();
    let middle = &corpus.docs[corpus.docs.len() / 2];
    let (perturbed, gold) = perturb(
        &target,
        &corpus.sentences(Lang::Fr, middle),
        CONDITIONS[ALL].1,
        &mut Lcg::new(u64::MAX),
        false,
    );
    let perturbed: Vec<&str> = perturbed.iter().map(String::as_str).collect();
    for (name, target, gold) in [
        ("clean", &target, &clean),
        ("all perturbations", &perturbed, &gold),
    ] {
        for (kind, aligner) in [("full", &full), ("length-only", &base)] {
            let t = Instant::now();
            let predicted = aligner.align(&source, target);
            let took = t.elapsed();
            let s = score(&predicted, gold);
            println!(
                "  {name:<17} {kind:<11} {:>6} target sentences: {:6.0} ms, F1 {:.1}%",
                target.len(),
                took.as_secs_f64() * 1e3,
                100.0 * s.f1
            );
        }
    }
}
