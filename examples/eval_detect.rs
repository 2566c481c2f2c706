//! Evaluates `termalign::analysis::detect::Detector` against whatlang alone (limited to
//! en/fr/es) on real text: the PUD treebank sentences and NTREX-128 news.
//!
//! ```text
//! cargo run --release --example eval_detect [DATA_DIR]
//! ```
//!
//! DATA_DIR defaults to `../shared/data` next to the crate. The data is read
//! at run time and never copied into the repository; without it the example
//! says so and exits successfully.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use termalign::analysis::detect::Detector;
use termalign::lang::Lang;

/// A label: Some(lang) or None for "und".
type Label = Option<Lang>;

fn label_str(label: Label) -> &'static str {
    label.map_or("und", Lang::code)
}

/// Sentences that count as short: at most this many words.
const SHORT_WORDS: usize = 8;
/// Size of the article-sized chunks of the throughput measurement.
const CHUNK_BYTES: usize = 3000;

/// Accuracy bookkeeping for one system on one set of texts.
#[derive(Default)]
struct Tally {
    n: usize,
    correct: usize,
    und: usize,
    /// Wrong labels and how often.
    errors: BTreeMap<&'static str, usize>,
}

impl Tally {
    fn add(&mut self, gold: Lang, got: Label) {
        self.n += 1;
        if got == Some(gold) {
            self.correct += 1;
        } else {
            *self.errors.entry(label_str(got)).or_default() += 1;
        }
        if got.is_none() {
            self.und += 1;
        }
    }

    fn acc(&self) -> String {
        pct(self.correct, self.n)
    }

    fn und_rate(&self) -> String {
        pct(self.und, self.n)
    }

    fn confusion(&self) -> String {
        if self.errors.is_empty() {
            return "-".into();
        }
        let mut s = String::new();
        for (label, n) in &self.errors {
            let _ = write!(s, "{label}:{n} ");
        }
        s.trim_end().to_string()
    }
}

fn pct(k: usize, n: usize) -> String {
    if n == 0 {
        "-".into()
    } else {
        format!("{:.2}%", 100.0 * k as f64 / n as f64)
    }
}

/// Both systems' tallies for one row of the table.
#[derive(Default)]
struct Row {
    whatlang: Tally,
    ours: Tally,
}

struct Systems {
    detector: Detector,
    whatlang: whatlang::Detector,
}

/// Confidence buckets of the calibration table (lower bounds).
const BUCKETS: [f64; 5] = [0.0, 0.5, 0.7, 0.9, 0.99];

/// Per confidence bucket: (texts, correct).
type Calibration = [(usize, usize); BUCKETS.len()];

impl Systems {
    fn whatlang_label(&self, text: &str) -> Label {
        let lang = self.whatlang.detect_lang(text)?;
        Lang::ALL.into_iter().find(|l| l.whatlang() == lang)
    }

    fn score(&self, row: &mut Row, gold: Lang, text: &str) -> (f64, bool) {
        row.whatlang.add(gold, self.whatlang_label(text));
        let d = self.detector.detect(text);
        row.ours.add(gold, d.lang);
        (d.confidence, d.lang == Some(gold))
    }
}

fn read_lines(path: &Path) -> Result<Vec<String>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    // `lines` also drops the CR of CRLF line endings.
    Ok(text.lines().map(str::to_string).collect())
}

fn main() {
    let dir = std::env::args_os().nth(1).map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data"),
        PathBuf::from,
    );
    if !dir.is_dir() {
        println!(
            "eval_detect: data folder {} not found; nothing to evaluate.",
            dir.display()
        );
        return;
    }
    if let Err(e) = run(&dir) {
        eprintln!("eval_detect: {e}");
        std::process::exit(1);
    }
}

fn run(dir: &Path) -> Result<(), String> {
    let systems = Systems {
        detector: Detector::new(),
        whatlang: whatlang::Detector::with_allowlist(
            Lang::ALL.iter().map(|l| l.whatlang()).collect(),
        ),
    };
    let pud: Vec<(Lang, Vec<String>)> = Lang::ALL
        .into_iter()
        .map(|l| Ok((l, read_lines(&dir.join(format!("pud/{}.txt", l.code())))?)))
        .collect::<Result<_, String>>()?;
    let ntrex_file = |l: Lang| match l {
        Lang::En => "ntrex128/newstest2019-src.eng.txt",
        Lang::Fr => "ntrex128/newstest2019-ref.fra.txt",
        Lang::Es => "ntrex128/newstest2019-ref.spa.txt",
    };
    let ntrex: Vec<(Lang, Vec<String>)> = Lang::ALL
        .into_iter()
        .map(|l| Ok((l, read_lines(&dir.join(ntrex_file(l)))?)))
        .collect::<Result<_, String>>()?;
    // DOCUMENT_IDS.tsv: one document id per line, line N for sentence N.
    let doc_ids = read_lines(&dir.join("ntrex128/DOCUMENT_IDS.tsv"))?;
    for (l, lines) in &ntrex {
        if lines.len() != doc_ids.len() {
            return Err(format!(
                "NTREX {l}: {} lines but {} document ids",
                lines.len(),
                doc_ids.len()
            ));
        }
    }

    // (set, lang) -> row
    let mut rows: Vec<(String, Lang, Row)> = Vec::new();
    let mut calibration: Calibration = Default::default();
    for (set, data) in [("PUD", &pud), ("NTREX", &ntrex)] {
        for (lang, lines) in data {
            let mut all = Row::default();
            let mut short = Row::default();
            for line in lines.iter().filter(|l| !l.trim().is_empty()) {
                let (confidence, correct) = systems.score(&mut all, *lang, line);
                let bucket = BUCKETS.iter().rposition(|&b| confidence >= b).unwrap_or(0);
                calibration[bucket].0 += 1;
                calibration[bucket].1 += usize::from(correct);
                if line.split_whitespace().count() <= SHORT_WORDS {
                    systems.score(&mut short, *lang, line);
                }
            }
            rows.push((format!("{set} sentences"), *lang, all));
            rows.push((format!("{set} short (<={SHORT_WORDS} words)"), *lang, short));
        }
    }
    for (lang, lines) in &ntrex {
        let mut docs = Row::default();
        for doc in documents(&doc_ids, lines) {
            systems.score(&mut docs, *lang, &doc);
        }
        rows.push(("NTREX documents".to_string(), *lang, docs));
    }

    println!(
        "{:<26} {:<4} {:>5} | {:>8} {:>6} | {:>8} {:>6} | errors whatlang / ours",
        "set", "lang", "n", "whatlang", "und", "detector", "und"
    );
    println!("{}", "-".repeat(100));
    for (set, lang, row) in &rows {
        println!(
            "{:<26} {:<4} {:>5} | {:>8} {:>6} | {:>8} {:>6} | {} / {}",
            set,
            lang.code(),
            row.ours.n,
            row.whatlang.acc(),
            row.whatlang.und_rate(),
            row.ours.acc(),
            row.ours.und_rate(),
            row.whatlang.confusion(),
            row.ours.confusion(),
        );
    }

    println!();
    println!("detector confidence vs accuracy, all sentences of both sets:");
    for (i, (n, correct)) in calibration.iter().enumerate() {
        let upper = BUCKETS
            .get(i + 1)
            .map_or("1.00]".to_string(), |u| format!("{u:.2})"));
        println!(
            "  [{:.2}, {upper:<6} {n:>5} sentences, {:>7} correct",
            BUCKETS[i],
            pct(*correct, *n)
        );
    }

    println!();
    throughput(&systems, &ntrex);
    Ok(())
}

/// Consecutive lines with the same document id, joined by newlines.
fn documents(ids: &[String], lines: &[String]) -> Vec<String> {
    let mut docs: Vec<String> = Vec::new();
    let mut last: Option<&str> = None;
    for (id, line) in ids.iter().zip(lines) {
        let id = id.trim();
        if last != Some(id) {
            docs.push(String::new());
            last = Some(id);
        }
        if let Some(doc) = docs.last_mut() {
            doc.push_str(line);
            doc.push('\n');
        }
    }
    docs
}

/// MB/s of `Detector::detect` (and of whatlang alone) on the NTREX text cut
/// into ~3 KB article-sized chunks (on line boundaries).
fn throughput(systems: &Systems, ntrex: &[(Lang, Vec<String>)]) {
    let mut chunks: Vec<String> = Vec::new();
    for (_, lines) in ntrex {
        let mut chunk = String::new();
        for line in lines {
            chunk.push_str(line);
            chunk.push('\n');
            if chunk.len() >= CHUNK_BYTES {
                chunks.push(std::mem::take(&mut chunk));
            }
        }
        if !chunk.is_empty() {
            chunks.push(chunk);
        }
    }
    let bytes: usize = chunks.iter().map(String::len).sum();
    let measure = |texts: &[String], f: &dyn Fn(&str) -> bool| {
        let bytes: usize = texts.iter().map(String::len).sum();
        let start = Instant::now();
        let mut rounds = 0u32;
        let mut hits = 0usize;
        while rounds < 3 || start.elapsed().as_secs_f64() < 1.0 {
            for c in texts {
                hits += usize::from(f(c));
            }
            rounds += 1;
        }
        let secs = start.elapsed().as_secs_f64();
        (f64::from(rounds) * bytes as f64 / secs / 1e6, hits)
    };
    let (ours, _) = measure(&chunks, &|c| systems.detector.detect(c).lang.is_some());
    let (wl, _) = measure(&chunks, &|c| systems.whatlang.detect_lang(c).is_some());
    let sentences: Vec<String> = ntrex.iter().flat_map(|(_, lines)| lines.clone()).collect();
    let (ours_sentences, _) = measure(&sentences, &|c| systems.detector.detect(c).lang.is_some());
    println!(
        "throughput on NTREX en+fr+es as {} chunks of ~{} KB ({:.2} MB), one thread:",
        chunks.len(),
        CHUNK_BYTES / 1000,
        bytes as f64 / 1e6
    );
    println!("  Detector::detect          {ours:8.1} MB/s");
    println!("  whatlang alone (en/fr/es) {wl:8.1} MB/s");
    println!("  Detector::detect per sentence (for comparison) {ours_sentences:.1} MB/s");
}
