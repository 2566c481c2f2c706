//! Benchmarks of each pipeline stage over real text, by language and size.
//!
//! ```text
//! cargo bench --bench pipeline
//! ```
//!
//! The corpus is built at run time from the articles in `seeds/` plus, when
//! present, the NTREX-128 news (`../shared/data/ntrex128/newstest2019-*.txt`)
//! and the PUD sentences (`../shared/data/pud/{en,fr,es}.txt`). Nothing is
//! random: every byte is real news or Wikipedia text. NTREX and PUD have one
//! sentence per line; they are set as articles (three sentences to a
//! paragraph, paragraphs separated by a blank line, as in the seeds) and cut
//! into documents of about [`DOC_BYTES`] at paragraph ends. The seeds are cut
//! at line ends. Without the shared data the seeds alone are used, repeated.
//!
//! Groups (throughput in bytes of document text, so the stages compare):
//! - `detect`: `Detector::detect` per document, and its fast path alone (`fast-`) as the baseline;
//! - `tokenize`: `tokenize_into` with one reused `Tokens`;
//! - `stem`: `Stemmers::stem` over the lowercase keys of the tokens;
//! - `match`: `Pipeline::analyze` (detection, tokenization, matching);
//! - `concordance`: analyze + `CsvSink` into a `Vec<u8>`, over a ~4 MB
//!   corpus of all three languages interleaved, with the shipped glossary
//!   (`mixed`) and with the 341-concept glossary it grew from
//!   (`mixed-341`, `tests/fixtures/glossaries/migration-341.csv`), so the
//!   cost of the larger glossary is a ratio within one run;
//! - `glossary`: reading the shipped glossary's CSV, and compiling it (and
//!   the 341-concept one) into a matcher: what every run pays at start-up.
//!
//! Each is measured on one ~3 KB article (`doc-…`) and on the whole
//! language corpus (`corpus-…`). Under `cargo test --all-targets` criterion
//! runs every benchmark once; debug builds then use a small corpus.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};

use termalign::analysis::detect::Detector;
use termalign::analysis::normalize::lower_key;
use termalign::analysis::stem::Stemmers;
use termalign::analysis::tokenize::{TokenKind, Tokens, tokenize_into};
use termalign::input::Document;
use termalign::jobs::concordance::{CsvSink, Part};
use termalign::parallel::Runner;
use termalign::{Config, Glossary, Lang, Pipeline};

/// Target size of one document (an article).
const DOC_BYTES: usize = 3000;
/// Sentences per paragraph when setting one-sentence-per-line text.
const SENTENCES_PER_PARAGRAPH: usize = 3;

/// Bytes of text per language: the unique documents, repeated up to `min`
/// when there are fewer, cut at `max`.
fn lang_bounds() -> (usize, usize) {
    if cfg!(debug_assertions) {
        (16 << 10, 48 << 10)
    } else {
        (512 << 10, 1 << 20)
    }
}

/// Size of the mixed-language corpus of the end-to-end benchmark.
fn mixed_bytes() -> usize {
    if cfg!(debug_assertions) {
        96 << 10
    } else {
        4 << 20
    }
}

/// The documents of one language.
struct LangCorpus {
    lang: Lang,
    docs: Vec<String>,
    /// Index of the document measured alone.
    sample: usize,
}

impl LangCorpus {
    fn bytes(&self) -> usize {
        self.docs.iter().map(String::len).sum()
    }
}

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data")
}

/// Cuts text into documents of about `DOC_BYTES`: the first line end at or
/// after that size.
fn cut_at_lines(text: &str, out: &mut Vec<String>) {
    let mut doc = String::new();
    for line in text.lines() {
        doc.push_str(line);
        doc.push('\n');
        if doc.len() >= DOC_BYTES && !doc.trim().is_empty() {
            out.push(std::mem::take(&mut doc));
        }
    }
    if !doc.trim().is_empty() {
        out.push(doc);
    }
}

/// Sets one-sentence-per-line text as paragraphs of a few sentences,
/// separated by blank lines (CRLF dropped).
fn set_as_paragraphs(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    lines
        .chunks(SENTENCES_PER_PARAGRAPH)
        .map(|p| p.join(" "))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Reads the real text of every language; says what is missing.
fn load_corpora() -> Vec<LangCorpus> {
    let detector = Detector::new();
    let mut docs: [Vec<String>; 3] = Default::default();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut seed_paths: Vec<PathBuf> = std::fs::read_dir(&seeds)
        .expect("seeds/ is in the repository")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    seed_paths.sort();
    for path in seed_paths {
        let text = std::fs::read_to_string(&path).expect("seeds are UTF-8");
        if let Some(lang) = detector.detect(&text).lang {
            cut_at_lines(&text, &mut docs[lang.index()]);
        }
    }
    let data = data_dir();
    let shared = [
        (Lang::En, "ntrex128/newstest2019-src.eng.txt"),
        (Lang::Fr, "ntrex128/newstest2019-ref.fra.txt"),
        (Lang::Es, "ntrex128/newstest2019-ref.spa.txt"),
        (Lang::En, "pud/en.txt"),
        (Lang::Fr, "pud/fr.txt"),
        (Lang::Es, "pud/es.txt"),
    ];
    let mut missing = Vec::new();
    for (lang, file) in shared {
        match std::fs::read_to_string(data.join(file)) {
            Ok(text) => cut_at_lines(&set_as_paragraphs(&text), &mut docs[lang.index()]),
            Err(_) => missing.push(file),
        }
    }
    if !missing.is_empty() {
        eprintln!(
            "note: {} not found under {}; benchmarking the seeds only (repeated)",
            missing.join(", "),
            data.display()
        );
    }
    let (min, max) = lang_bounds();
    Lang::ALL
        .into_iter()
        .zip(docs)
        .map(|(lang, unique)| {
            assert!(!unique.is_empty(), "no {lang} text in seeds/");
            let mut docs = Vec::new();
            let mut bytes = 0;
            for doc in unique.iter().cycle() {
                let full = !docs.is_empty() && bytes + doc.len() > max;
                if full || (docs.len() >= unique.len() && bytes >= min) {
                    break;
                }
                bytes += doc.len();
                docs.push(doc.clone());
            }
            LangCorpus {
                lang,
                docs,
                sample: 0,
            }
        })
        .collect()
}

/// Picks as the single-document sample the first article-sized document
/// with a glossary hit (so the match check is meaningful).
fn choose_samples(corpora: &mut [LangCorpus], pipeline: &Pipeline) {
    for corpus in corpora {
        corpus.sample = corpus
            .docs
            .iter()
            .position(|d| d.len() >= DOC_BYTES / 2 && !pipeline.analyze(d).matches.is_empty())
            .unwrap_or(0);
    }
}

fn kb(bytes: usize) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1}MB", bytes as f64 / (1 << 20) as f64)
    } else {
        format!("{:.1}KB", bytes as f64 / 1024.0)
    }
}

/// The two sizes measured per language: one document, the whole corpus.
fn sizes(corpus: &LangCorpus) -> [(String, &[String]); 2] {
    let one = std::slice::from_ref(&corpus.docs[corpus.sample]);
    [
        (format!("doc-{}", kb(one[0].len())), one),
        (
            format!("corpus-{}docs-{}", corpus.docs.len(), kb(corpus.bytes())),
            &corpus.docs[..],
        ),
    ]
}

fn bytes_of(docs: &[String]) -> u64 {
    docs.iter().map(|d| d.len() as u64).sum()
}

/// A way to detect a document's language.
type Detect<'a> = dyn Fn(&str) -> Option<Lang> + 'a;

fn bench_detect(c: &mut Criterion, corpora: &[LangCorpus], detector: &Detector) {
    let mut group = c.benchmark_group("detect");
    for corpus in corpora {
        for (size, docs) in sizes(corpus) {
            group.throughput(Throughput::Bytes(bytes_of(docs)));
            group.sampling_mode(sampling(docs));
            // The detector, and in the same run its fast path alone (the
            // detector before the neighbours and the second opinion) as the
            // baseline.
            let systems: [(&str, &Detect); 2] = [
                ("", &|d| detector.detect(d).lang),
                ("fast-", &|d| detector.detect_fast(d).lang),
            ];
            for (prefix, detect) in systems {
                group.bench_with_input(
                    BenchmarkId::new(format!("{prefix}{}", corpus.lang.code()), &size),
                    docs,
                    |b, docs| {
                        b.iter(|| {
                            let right = docs
                                .iter()
                                .filter(|d| detect(black_box(d)) == Some(corpus.lang))
                                .count();
                            assert!(2 * right >= docs.len(), "{right}/{} detected", docs.len());
                            right
                        })
                    },
                );
            }
        }
    }
    group.finish();
}

fn bench_tokenize(c: &mut Criterion, corpora: &[LangCorpus]) {
    let mut group = c.benchmark_group("tokenize");
    let mut tokens = Tokens::default();
    for corpus in corpora {
        for (size, docs) in sizes(corpus) {
            group.throughput(Throughput::Bytes(bytes_of(docs)));
            group.sampling_mode(sampling(docs));
            group.bench_with_input(
                BenchmarkId::new(corpus.lang.code(), &size),
                docs,
                |b, docs| {
                    b.iter(|| {
                        let mut n = 0;
                        for doc in docs {
                            tokenize_into(black_box(doc), &mut tokens);
                            n += tokens.tokens.len();
                        }
                        assert!(n > 0);
                        n
                    })
                },
            );
        }
    }
    group.finish();
}

/// The lowercase keys of the tokens the matcher would stem (not numbers).
fn lower_keys(docs: &[String]) -> Vec<String> {
    let mut tokens = Tokens::default();
    let mut keys = Vec::new();
    for doc in docs {
        tokenize_into(doc, &mut tokens);
        for tok in tokens.tokens.iter().filter(|t| t.kind != TokenKind::Number) {
            let mut key = String::new();
            lower_key(tok.text(doc), &mut key);
            keys.push(key);
        }
    }
    keys
}

fn bench_stem(c: &mut Criterion, corpora: &[LangCorpus], stemmers: &Stemmers) {
    let mut group = c.benchmark_group("stem");
    for corpus in corpora {
        for (size, docs) in sizes(corpus) {
            let keys = lower_keys(docs);
            group.throughput(Throughput::Bytes(bytes_of(docs)));
            group.sampling_mode(sampling(docs));
            group.bench_with_input(
                BenchmarkId::new(corpus.lang.code(), &size),
                &keys,
                |b, keys| {
                    b.iter(|| {
                        let letters: usize = keys
                            .iter()
                            .map(|k| stemmers.stem(corpus.lang, black_box(k)).len())
                            .sum();
                        assert!(letters > 0);
                        letters
                    })
                },
            );
        }
    }
    group.finish();
}

fn bench_match(c: &mut Criterion, corpora: &[LangCorpus], pipeline: &Pipeline) {
    let mut group = c.benchmark_group("match");
    for corpus in corpora {
        for (size, docs) in sizes(corpus) {
            group.throughput(Throughput::Bytes(bytes_of(docs)));
            group.sampling_mode(sampling(docs));
            group.bench_with_input(
                BenchmarkId::new(corpus.lang.code(), &size),
                docs,
                |b, docs| {
                    b.iter(|| {
                        let hits: usize = docs
                            .iter()
                            .map(|d| pipeline.analyze(black_box(d)).matches.len())
                            .sum();
                        assert!(hits > 0, "no glossary hit in {} {size}", corpus.lang);
                        hits
                    })
                },
            );
        }
    }
    group.finish();
}

/// The languages' documents interleaved, repeated up to `mixed_bytes()`.
fn mixed_corpus(corpora: &[LangCorpus]) -> Vec<Document> {
    let longest = corpora.iter().map(|c| c.docs.len()).max().unwrap_or(0);
    let interleaved: Vec<(Lang, &String)> = (0..longest)
        .flat_map(|i| {
            corpora
                .iter()
                .filter_map(move |c| c.docs.get(i).map(|d| (c.lang, d)))
        })
        .collect();
    let mut docs = Vec::new();
    let mut bytes = 0;
    for (i, (lang, text)) in interleaved.iter().cycle().enumerate() {
        if bytes >= mixed_bytes() {
            break;
        }
        bytes += text.len();
        docs.push(Document::new(format!("{lang}/{i:05}.txt"), (*text).clone()));
    }
    docs
}

/// The glossary the shipped one grew from (341 concepts), for comparison.
fn glossary_341() -> Glossary {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/glossaries/migration-341.csv");
    let text = std::fs::read(&path).expect("the 341-concept glossary fixture");
    Glossary::from_csv(text.as_slice(), &path).expect("it reads")
}

fn bench_glossary(c: &mut Criterion) {
    let mut group = c.benchmark_group("glossary");
    let builtin = Glossary::builtin();
    let old = glossary_341();
    group.bench_function(
        format!("read-csv-{}concepts", builtin.concepts.len()),
        |b| {
            b.iter(|| {
                let g = Glossary::from_csv(
                    black_box(termalign::glossary::BUILTIN_CSV.as_bytes()),
                    Path::new("migration.csv"),
                )
                .expect("it reads");
                black_box(g.concepts.len())
            })
        },
    );
    for g in [&builtin, &old] {
        group.bench_function(format!("compile-{}concepts", g.concepts.len()), |b| {
            b.iter(|| black_box(termalign::analysis::matcher::Matcher::new(black_box(g))))
        });
    }
    group.finish();
}

fn bench_concordance(
    c: &mut Criterion,
    corpora: &[LangCorpus],
    glossary: &Glossary,
    pipeline: &Pipeline,
) {
    let docs = mixed_corpus(corpora);
    let bytes: u64 = docs.iter().map(|d| d.text.len() as u64).sum();
    let mut group = c.benchmark_group("concordance");
    group.throughput(Throughput::Bytes(bytes));
    group.sampling_mode(SamplingMode::Flat);
    // About 0.45 s an iteration in release: ten take more than the default.
    group.measurement_time(Duration::from_secs(6));
    let size = format!("{}docs-{}", docs.len(), kb(bytes as usize));
    let old = glossary_341();
    let old_pipeline = Pipeline::new(&old, Config::default());
    for (name, glossary, pipeline) in [
        ("mixed", glossary, pipeline),
        ("mixed-341", &old, &old_pipeline),
    ] {
        group.bench_with_input(BenchmarkId::new(name, &size), &docs, |b, docs| {
            b.iter(|| {
                let mut sink = CsvSink::new(Vec::with_capacity(1 << 20), "bench.csv");
                let mut hits = 0;
                for doc in docs {
                    let analysis = pipeline.analyze(black_box(&doc.text));
                    hits += analysis.matches.len();
                    let part = Part::new(glossary, doc, &analysis, true, false, Default::default());
                    sink.absorb(&part).expect("writing to memory");
                }
                sink.finish().expect("writing to memory");
                let csv = sink.into_inner();
                assert!(
                    hits > 0 && csv.len() > hits,
                    "{hits} hits, {} bytes",
                    csv.len()
                );
                black_box(csv.len())
            })
        });
    }
    group.finish();
}

/// The concordance of the mixed corpus through the parallel runner, on one
/// thread and on two: the ratio is the scaling (compare within one run; the
/// machine is shared).
fn bench_jobs(c: &mut Criterion, corpora: &[LangCorpus], glossary: &Glossary, pipeline: &Pipeline) {
    let docs = mixed_corpus(corpora);
    let bytes: u64 = docs.iter().map(|d| d.text.len() as u64).sum();
    let mut group = c.benchmark_group("concordance-jobs");
    group.throughput(Throughput::Bytes(bytes));
    group.sampling_mode(SamplingMode::Flat);
    group.measurement_time(Duration::from_secs(6));
    for jobs in [1, 2] {
        let runner = Runner::new(jobs).expect("threads start");
        group.bench_with_input(BenchmarkId::from_parameter(jobs), &docs, |b, docs| {
            b.iter(|| {
                let mut sink = CsvSink::new(Vec::with_capacity(1 << 20), "bench.csv");
                runner
                    .run(
                        docs.iter(),
                        |doc| doc.text.len(),
                        |doc| {
                            let analysis = pipeline.analyze_document(doc);
                            Part::new(glossary, doc, &analysis, true, false, Default::default())
                        },
                        |part| sink.absorb(&part),
                    )
                    .expect("writing to memory");
                sink.finish().expect("writing to memory");
                black_box(sink.into_inner().len())
            })
        });
    }
    group.finish();
}

/// Whole corpora take long per iteration: sample them flat (the same
/// number of iterations per sample) rather than 1, 2, … 10 iterations.
fn sampling(docs: &[String]) -> SamplingMode {
    if docs.len() > 1 {
        SamplingMode::Flat
    } else {
        SamplingMode::Auto
    }
}

fn benches(c: &mut Criterion) {
    let glossary = Glossary::builtin();
    let pipeline = Pipeline::new(&glossary, Config::default());
    let mut corpora = load_corpora();
    choose_samples(&mut corpora, &pipeline);
    let stemmers = Stemmers::new();
    bench_glossary(c);
    bench_detect(c, &corpora, pipeline.detector());
    bench_tokenize(c, &corpora);
    bench_stem(c, &corpora, &stemmers);
    bench_match(c, &corpora, &pipeline);
    bench_concordance(c, &corpora, &glossary, &pipeline);
    bench_jobs(c, &corpora, &glossary, &pipeline);
}

criterion_group! {
    name = pipeline;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = benches
}
criterion_main!(pipeline);
