//! Evaluates `termalign::analysis::detect::Detector` on real text, with two
//! baselines in the same run: whatlang alone (limited to en/fr/es, so it
//! never says "und") and the fast path alone (`Detector::detect_fast`: the
//! function words and whatlang, which is the detector as it was before the
//! neighbours and lingua's second opinion).
//!
//! ```text
//! cargo run --release --example eval_detect [DATA_DIR]
//! ```
//!
//! With `EVAL_DETECT_ERRORS` set, the glossary terms the detector gets
//! wrong are listed on stderr (column, answer, confidence, term).
//!
//! Sets, all read from DATA_DIR (default `../shared/data` next to the crate;
//! without it the example says so and exits successfully):
//!
//! * sentences: PUD (1000 per language) and NTREX-128 (1997 per language);
//!   NTREX documents (123 per language);
//! * short strings: every PUD sentence cut to its first 1, 2 and 3 words;
//!   the shipped glossary's terms whose spelling (case and accents aside)
//!   is not also a term of another language of the concept, judged against
//!   their column (acronyms, terms without a lowercase letter, apart);
//! * other languages, which must come out "und": Portuguese, Italian and
//!   German (PUD), Galician (CTG), from `other-languages/`. Three lines of
//!   `gl.txt` are Spanish sentences quoted in the Galician treebank
//!   (judged by hand, [`GL_SPANISH_LINES`]); they are scored as Spanish.
//!
//! The detector's constants were chosen on these sets: the figures are
//! development figures, the reliability table too.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use termalign::Glossary;
use termalign::analysis::detect::{Detection, Detector};
use termalign::glossary::lint::matching_key;
use termalign::lang::Lang;

/// Lines of `other-languages/gl.txt` (1-based) that are Spanish, not
/// Galician: whole sentences in Spanish inside the Galician treebank.
const GL_SPANISH_LINES: [usize; 3] = [373, 413, 543];

/// Size of the article-sized chunks of the throughput measurement.
const CHUNK_BYTES: usize = 3000;

/// Confidence bands of the reliability table (lower bounds).
const BANDS: [f64; 6] = [0.0, 0.5, 0.7, 0.8, 0.9, 0.99];

/// The answer a text should get: one of ours, or "und" (another language).
#[derive(Clone, Copy, PartialEq)]
enum Gold {
    Ours(Lang),
    Und,
}

/// One system's tally on one set.
#[derive(Default)]
struct Tally {
    n: usize,
    correct: usize,
    und: usize,
    /// Wrong answers and how often.
    errors: BTreeMap<String, usize>,
}

impl Tally {
    fn add(&mut self, gold: Gold, got: Option<Lang>) {
        self.n += 1;
        let right = match gold {
            Gold::Ours(l) => got == Some(l),
            Gold::Und => got.is_none(),
        };
        if right {
            self.correct += 1;
        } else {
            *self
                .errors
                .entry(got.map_or("und", Lang::code).to_string())
                .or_default() += 1;
        }
        self.und += usize::from(got.is_none());
    }
}

/// The three systems' tallies on one set, and the detector's guesses.
#[derive(Default)]
struct Row {
    whatlang: Tally,
    fast: Tally,
    full: Tally,
    /// For sets of another language: how often the guess named it.
    guess_right: usize,
}

struct Systems {
    detector: Detector,
    whatlang: whatlang::Detector,
    /// Per confidence band of the full detector: (texts, correct).
    bands: [(usize, usize); BANDS.len()],
}

impl Systems {
    fn whatlang_label(&self, text: &str) -> Option<Lang> {
        let lang = self.whatlang.detect_lang(text)?;
        Lang::ALL.into_iter().find(|l| l.whatlang() == lang)
    }

    /// Scores `text` into each of `rows`; `guess` is the code of the
    /// other language it is in, if any.
    fn score(
        &mut self,
        rows: &mut [&mut Row],
        gold: Gold,
        guess: Option<&str>,
        text: &str,
    ) -> Detection {
        let whatlang = self.whatlang_label(text);
        let fast = self.detector.detect_fast(text).lang;
        let d = self.detector.detect(text);
        for row in rows.iter_mut() {
            row.whatlang.add(gold, whatlang);
            row.fast.add(gold, fast);
            row.full.add(gold, d.lang);
            if d.lang.is_none() && guess.is_some() && d.guess.map(|g| g.code()) == guess {
                row.guess_right += 1;
            }
        }
        let correct = match gold {
            Gold::Ours(l) => d.lang == Some(l),
            Gold::Und => d.lang.is_none(),
        };
        let band = BANDS.iter().rposition(|&b| d.confidence >= b).unwrap_or(0);
        self.bands[band].0 += 1;
        self.bands[band].1 += usize::from(correct);
        d
    }
}

fn pct(k: usize, n: usize) -> String {
    if n == 0 {
        "-".into()
    } else {
        format!("{:.2}%", 100.0 * k as f64 / n as f64)
    }
}

fn confusion(t: &Tally) -> String {
    if t.errors.is_empty() {
        return "-".into();
    }
    let mut s = String::new();
    for (label, n) in &t.errors {
        let _ = write!(s, "{label}:{n} ");
    }
    s.trim_end().to_string()
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

/// A row of the report: its set, its gold language's name, and tallies.
struct Line {
    set: String,
    lang: String,
    row: Row,
    /// Whether the row is another language's (accuracy is the und rate).
    other: bool,
}

fn run(dir: &Path) -> Result<(), String> {
    let mut systems = Systems {
        detector: Detector::new(),
        whatlang: whatlang::Detector::with_allowlist(
            Lang::ALL.iter().map(|l| l.whatlang()).collect(),
        ),
        bands: Default::default(),
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

    let mut lines: Vec<Line> = Vec::new();
    let mut add_line = |set: &str, lang: &str, row: Row, other: bool| {
        lines.push(Line {
            set: set.to_string(),
            lang: lang.to_string(),
            row,
            other,
        })
    };

    // Sentences.
    let mut sentences: BTreeMap<Lang, Row> = BTreeMap::new();
    for (set, data) in [("PUD", &pud), ("NTREX", &ntrex)] {
        for (lang, texts) in data {
            let mut row = Row::default();
            let all = sentences.entry(*lang).or_default();
            for text in texts.iter().filter(|t| !t.trim().is_empty()) {
                systems.score(&mut [&mut row, all], Gold::Ours(*lang), None, text);
            }
            add_line(&format!("{set} sentences"), lang.code(), row, false);
        }
    }
    for (lang, row) in sentences {
        add_line("sentences, both sets", lang.code(), row, false);
    }
    for (lang, texts) in &ntrex {
        let mut row = Row::default();
        for doc in documents(&doc_ids, texts) {
            systems.score(&mut [&mut row], Gold::Ours(*lang), None, &doc);
        }
        add_line("NTREX documents", lang.code(), row, false);
    }

    // Short strings: PUD prefixes.
    for words in [1, 2, 3] {
        for (lang, texts) in &pud {
            let mut row = Row::default();
            for text in texts {
                let cut: Vec<&str> = text.split_whitespace().take(words).collect();
                if cut.len() < words {
                    continue;
                }
                systems.score(&mut [&mut row], Gold::Ours(*lang), None, &cut.join(" "));
            }
            add_line(
                &format!("PUD first {words} word(s)"),
                lang.code(),
                row,
                false,
            );
        }
    }

    // Short strings: the glossary's terms.
    let glossary = Glossary::builtin();
    let show_errors = std::env::var_os("EVAL_DETECT_ERRORS").is_some();
    let mut acronyms: BTreeMap<Lang, Row> = BTreeMap::new();
    for lang in Lang::ALL {
        let mut row = Row::default();
        for concept in &glossary.concepts {
            let others: Vec<String> = Lang::ALL
                .into_iter()
                .filter(|&o| o != lang)
                .flat_map(|o| concept.terms_in(o).map(|t| matching_key(&t.text)))
                .collect();
            for term in concept.terms_in(lang) {
                if others.contains(&matching_key(&term.text)) {
                    continue;
                }
                // Acronyms (no lowercase letter: UNHCR, IDP) have no
                // language to detect; they are scored apart.
                if term.text.chars().any(char::is_lowercase) {
                    let d = systems.score(&mut [&mut row], Gold::Ours(lang), None, &term.text);
                    if show_errors && d.lang != Some(lang) {
                        eprintln!(
                            "{}\t{}\t{:.2}\t{}",
                            lang.code(),
                            d.lang.map_or("und", Lang::code),
                            d.confidence,
                            term.text
                        );
                    }
                } else {
                    let acronym = acronyms.entry(lang).or_default();
                    systems.score(&mut [acronym], Gold::Ours(lang), None, &term.text);
                }
            }
        }
        add_line("glossary terms", lang.code(), row, false);
    }
    for (lang, row) in acronyms {
        add_line("glossary acronyms", lang.code(), row, false);
    }

    // Other languages.
    for code in ["pt", "it", "de", "gl"] {
        let texts = read_lines(&dir.join(format!("other-languages/{code}.txt")))?;
        let mut row = Row::default();
        let mut spanish = Row::default();
        for (i, text) in texts.iter().enumerate() {
            if text.trim().is_empty() {
                continue;
            }
            if code == "gl" && GL_SPANISH_LINES.contains(&(i + 1)) {
                systems.score(&mut [&mut spanish], Gold::Ours(Lang::Es), None, text);
            } else {
                systems.score(&mut [&mut row], Gold::Und, Some(code), text);
            }
        }
        add_line("other languages -> und", code, row, true);
        if spanish.full.n > 0 {
            add_line("gl.txt lines in Spanish", "es", spanish, false);
        }
    }

    print_table(&lines);
    print_bands(&systems);
    println!();
    throughput(&systems, &ntrex, &glossary);
    Ok(())
}

fn print_table(lines: &[Line]) {
    println!(
        "{:<26} {:<4} {:>5} | {:>8} | {:>8} | {:>8} {:>6} {:>6} {:>6} | errors (detector)",
        "set", "lang", "n", "whatlang", "fast", "detector", "und", "wrong", "guess"
    );
    println!("{}", "-".repeat(110));
    for line in lines {
        let row = &line.row;
        let wrong = if line.other {
            row.full.n - row.full.und
        } else {
            row.full.n - row.full.correct - row.full.und
        };
        let guess = if line.other {
            pct(row.guess_right, row.full.n)
        } else {
            String::new()
        };
        println!(
            "{:<26} {:<4} {:>5} | {:>8} | {:>8} | {:>8} {:>6} {:>6} {:>6} | {}",
            line.set,
            line.lang,
            row.full.n,
            pct(row.whatlang.correct, row.whatlang.n),
            pct(row.fast.correct, row.fast.n),
            pct(row.full.correct, row.full.n),
            pct(row.full.und, row.full.n),
            pct(wrong, row.full.n),
            guess,
            confusion(&row.full),
        );
    }
    println!(
        "(accuracy; for other languages accuracy is the share answered und, `guess` the share whose \
         guess named the language; `wrong` is a wrong language of ours)"
    );
}

fn print_bands(systems: &Systems) {
    println!();
    println!("reliability of the detector's confidence, every text above:");
    println!("| confidence | texts | correct |");
    println!("| --- | ---: | ---: |");
    for (i, (n, correct)) in systems.bands.iter().enumerate() {
        let upper = BANDS
            .get(i + 1)
            .map_or("1.00]".to_string(), |u| format!("{u:.2})"));
        println!(
            "| [{:.2}, {upper} | {n} | {} |",
            BANDS[i],
            pct(*correct, *n)
        );
    }
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

/// Runs `f` over `texts` for about a second; (MB/s, texts/s).
fn measure(texts: &[String], f: &dyn Fn(&str) -> bool) -> (f64, f64) {
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
    std::hint::black_box(hits);
    let secs = start.elapsed().as_secs_f64();
    (
        f64::from(rounds) * bytes as f64 / secs / 1e6,
        f64::from(rounds) * texts.len() as f64 / secs,
    )
}

/// Speed of the detector, the fast path and whatlang, one thread: NTREX
/// cut into ~3 KB article-sized chunks (on line boundaries), its
/// sentences, and the glossary's terms.
fn throughput(systems: &Systems, ntrex: &[(Lang, Vec<String>)], glossary: &Glossary) {
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
    let sentences: Vec<String> = ntrex.iter().flat_map(|(_, lines)| lines.clone()).collect();
    let terms: Vec<String> = glossary
        .concepts
        .iter()
        .flat_map(|c| c.terms.iter().map(|t| t.text.clone()))
        .collect();
    let d = &systems.detector;
    println!("throughput, one thread (MB/s; texts/s):");
    for (name, texts) in [
        ("NTREX as ~3 KB chunks", &chunks),
        ("NTREX sentences", &sentences),
        ("glossary terms", &terms),
    ] {
        let (full, full_n) = measure(texts, &|t| d.detect(t).lang.is_some());
        let (fast, fast_n) = measure(texts, &|t| d.detect_fast(t).lang.is_some());
        let (wl, wl_n) = measure(texts, &|t| systems.whatlang.detect_lang(t).is_some());
        println!(
            "  {name:<22} n={:<5} detector {full:7.1} MB/s ({full_n:9.0}/s) | fast path {fast:7.1} MB/s ({fast_n:9.0}/s) | whatlang {wl:6.1} MB/s ({wl_n:8.0}/s)",
            texts.len()
        );
    }
}
