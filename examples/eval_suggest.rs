//! Evaluates the term aligner (`suggest`) on real translated news: can it
//! recover glossary pairs it was not given?
//!
//! ```text
//! cargo run --release --example eval_suggest [DATA_DIR]
//! ```
//!
//! DATA_DIR defaults to `../shared/data` next to the crate; without it the
//! example says so and exits successfully. It reads NTREX-128 (123 news
//! documents, 1997 sentences) and UD PUD (1000 sentences), line N being the
//! same sentence in en, fr and es.
//!
//! **Held-out gold.** The concepts of the shipped glossary that have terms
//! in both languages of a pair are split into [`FOLDS`] folds (concept i
//! goes to fold i mod 5). For each fold, the glossary without that fold's
//! concepts is given to the aligner, and the fold's pairs (every
//! non-deprecated term of lang a with every non-deprecated term of lang b of
//! the same concept) are the gold. Precision at 1 and 5 is counted over the
//! gold terms present in the input as candidates on both sides (see
//! `Gold::evaluate`), summed over folds. A gold term seen fewer times than
//! the minimum frequency is present but never suggested: it counts as a miss.
//!
//! **Modes.**
//! - *parallel*: the sentence pairs of NTREX and PUD (2997 per language
//!   pair), as `suggest --pairs` reads them;
//! - *comparable*: the NTREX documents of each language as separate
//!   articles, their sentence alignment thrown away (the same documents on
//!   the three sides, so this is the easy end of comparable corpora).
//!
//! `EVAL_MODE=parallel` or `EVAL_MODE=comparable` runs one mode only;
//! `EVAL_VERBOSE=1` lists every gold term with its rank and top suggestion.
//!
//! **Baselines**, in the same run, with the same candidates and folds:
//! co-occurrence count (parallel) or relative-frequency closeness
//! (comparable), and cognate similarity alone.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use termalign::Lang;
use termalign::analysis::matcher::Matcher;
use termalign::formats::bitext::SegmentPair;
use termalign::glossary::{Glossary, Status};
use termalign::jobs::suggest::candidates::Keys;
use termalign::jobs::suggest::{self, Gold, Method, Options, Suggested};

const FOLDS: usize = 5;
const PAIRS: [(Lang, Lang); 3] = [
    (Lang::En, Lang::Fr),
    (Lang::En, Lang::Es),
    (Lang::Fr, Lang::Es),
];
const METHODS: [(Method, &str); 6] = [
    (Method::Full, "aligner"),
    (Method::Frequency, "frequency"),
    (Method::Cognate, "cognate"),
    (Method::Full, "aligner, hapaxes too"),
    (Method::Frequency, "frequency, hapaxes too"),
    (Method::Cognate, "cognate, hapaxes too"),
];

fn main() {
    let dir = std::env::args().nth(1).map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data"),
        PathBuf::from,
    );
    let Some(data) = Data::load(&dir) else {
        println!(
            "eval_suggest: {} not found (NTREX-128 and UD PUD expected there); nothing to do",
            dir.display()
        );
        return;
    };
    // EVAL_MODE=parallel or comparable runs one mode only.
    let only = std::env::var("EVAL_MODE").ok();
    let glossary = Glossary::builtin();
    let mut keys = Keys::new();
    // Tallies: (mode, method, pair) → (gold, at1, at5).
    let mut table: BTreeMap<(&str, &str, String), (usize, usize, usize)> = BTreeMap::new();
    let mut timings: BTreeMap<(&str, &str), f64> = BTreeMap::new();
    for fold in 0..FOLDS {
        let held: Vec<usize> = (0..glossary.concepts.len())
            .filter(|i| i % FOLDS == fold)
            .collect();
        let mut reduced = glossary.clone();
        reduced.concepts = glossary
            .concepts
            .iter()
            .enumerate()
            .filter(|(i, _)| i % FOLDS != fold)
            .map(|(_, c)| c.clone())
            .collect();
        let mut gold = Gold::default();
        for &i in &held {
            let concept = &glossary.concepts[i];
            for a in &concept.terms {
                for b in &concept.terms {
                    if a.lang < b.lang
                        && a.status != Status::Deprecated
                        && b.status != Status::Deprecated
                    {
                        gold.insert(
                            a.lang,
                            keys.term(a.lang, &a.text),
                            b.lang,
                            keys.term(b.lang, &b.text),
                        );
                    }
                }
            }
        }
        let matcher = Matcher::new(&reduced);
        for (method, method_name) in METHODS {
            let options = Options {
                top: 5,
                method,
                min_freq: if method_name.contains("hapax") { 1 } else { 2 },
                ..Options::parallel()
            };
            for (a, b) in PAIRS {
                if only.as_deref().is_some_and(|m| m != "parallel") {
                    break;
                }
                let pairs = data.pairs(a, b);
                let start = Instant::now();
                let got = suggest::parallel(&reduced, &matcher, &pairs, a, b, &options);
                *timings.entry(("parallel", method_name)).or_default() +=
                    start.elapsed().as_secs_f64();
                tally(&mut table, "parallel", method_name, &gold, &got);
                if !method_name.contains("hapax") {
                    // What the default could suggest at all: gold terms
                    // seen twice or more.
                    let seen = gold.evaluate_seen(&got, 2);
                    add(
                        &mut table,
                        "parallel, gold seen 2+ times",
                        method_name,
                        &seen,
                    );
                }
            }
            let docs: Vec<suggest::Document> = data
                .documents
                .iter()
                .map(|(lang, text)| suggest::Document { lang: *lang, text })
                .collect();
            // Ranking is what is measured: the output's score floor (0.3 by
            // default in comparable mode) would cut lists short.
            let comparable_options = Options {
                top: 5,
                method,
                min_score: 0.05,
                ..Options::comparable()
            };
            if method_name.contains("hapax") || only.as_deref().is_some_and(|m| m != "comparable") {
                // Comparable mode takes hapaxes by default.
                continue;
            }
            let start = Instant::now();
            let got = suggest::comparable(&reduced, &matcher, &docs, &comparable_options);
            *timings.entry(("comparable", method_name)).or_default() +=
                start.elapsed().as_secs_f64();
            tally(&mut table, "comparable", method_name, &gold, &got);
        }
    }
    println!(
        "Held-out glossary pairs recovered, {FOLDS} folds; P@1 / P@5 over the gold terms \
         present (n)\n"
    );
    println!("| mode | method | en-fr | en-es | fr-es |");
    println!("|---|---|---|---|---|");
    for mode in ["parallel", "parallel, gold seen 2+ times", "comparable"] {
        for (_, method) in METHODS {
            if !table.keys().any(|k| k.0 == mode && k.1 == method) {
                continue;
            }
            let cells: Vec<String> = PAIRS
                .iter()
                .map(|(a, b)| {
                    let (n, at1, at5) = table
                        .get(&(mode, method, format!("{a}-{b}")))
                        .copied()
                        .unwrap_or_default();
                    let p = |x: usize| 100.0 * x as f64 / n.max(1) as f64;
                    format!("{:.1} / {:.1} (n={n})", p(at1), p(at5))
                })
                .collect();
            println!("| {mode} | {method} | {} |", cells.join(" | "));
        }
    }
    println!();
    for ((mode, method), secs) in &timings {
        println!("time {mode} {method}: {secs:.2} s over {FOLDS} folds");
    }
}

fn tally(
    table: &mut BTreeMap<(&'static str, &'static str, String), (usize, usize, usize)>,
    mode: &'static str,
    method: &'static str,
    gold: &Gold,
    got: &Suggested,
) {
    if std::env::var_os("EVAL_VERBOSE").is_some() && method.starts_with("aligner") {
        for line in gold.explain(got) {
            println!("{mode} {method}: {line}");
        }
    }
    add(table, mode, method, &gold.evaluate(got));
}

fn add(
    table: &mut BTreeMap<(&'static str, &'static str, String), (usize, usize, usize)>,
    mode: &'static str,
    method: &'static str,
    scores: &[termalign::jobs::suggest::Score],
) {
    for score in scores {
        let (a, b) = if score.lang_a <= score.lang_b {
            (score.lang_a, score.lang_b)
        } else {
            (score.lang_b, score.lang_a)
        };
        let entry = table.entry((mode, method, format!("{a}-{b}"))).or_default();
        entry.0 += score.gold;
        entry.1 += score.at1;
        entry.2 += score.at5;
    }
}

struct Data {
    /// Per language: NTREX lines then PUD lines.
    lines: [Vec<String>; 3],
    /// NTREX documents: (language, text with one sentence per line).
    documents: Vec<(Lang, String)>,
}

impl Data {
    fn load(dir: &Path) -> Option<Data> {
        let read = |path: PathBuf| -> Option<Vec<String>> {
            let text = std::fs::read_to_string(&path).ok()?;
            Some(
                text.lines()
                    .map(|l| l.trim_end_matches('\r').to_string())
                    .collect(),
            )
        };
        let ntrex = dir.join("ntrex128");
        let pud = dir.join("pud");
        let files = [
            ("newstest2019-src.eng.txt", "en.txt"),
            ("newstest2019-ref.fra.txt", "fr.txt"),
            ("newstest2019-ref.spa.txt", "es.txt"),
        ];
        let ids = read(ntrex.join("DOCUMENT_IDS.tsv"))?;
        let mut lines: [Vec<String>; 3] = Default::default();
        let mut documents = Vec::new();
        for (lang, (n, p)) in Lang::ALL.into_iter().zip(files) {
            let news = read(ntrex.join(n))?;
            let mut current: Option<(&str, String)> = None;
            for (line, id) in news.iter().zip(&ids) {
                let id = id.split('\t').next().unwrap_or(id);
                match &mut current {
                    Some((doc, text)) if *doc == id => {
                        text.push('\n');
                        text.push_str(line);
                    }
                    _ => {
                        if let Some((_, text)) = current.take() {
                            documents.push((lang, text));
                        }
                        current = Some((id, line.clone()));
                    }
                }
            }
            if let Some((_, text)) = current {
                documents.push((lang, text));
            }
            let mut all = news;
            all.extend(read(pud.join(p))?);
            lines[lang.index()] = all;
        }
        Some(Data { lines, documents })
    }

    fn pairs(&self, a: Lang, b: Lang) -> Vec<SegmentPair> {
        self.lines[a.index()]
            .iter()
            .zip(&self.lines[b.index()])
            .enumerate()
            .map(|(i, (s, t))| SegmentPair::at_line(i as u64 + 1, s.clone(), t.clone()))
            .collect()
    }
}
