//! Benchmarks of the term aligner over real translations.
//!
//! ```text
//! cargo bench --bench suggest
//! ```
//!
//! `parallel`: `suggest::parallel` over 10,000 en→fr segment pairs: the
//! 2,997 sentence pairs of NTREX-128 and UD PUD (`../shared/data`, read at
//! run time), cycled, with every candidate of two segments or more (the
//! default) and with hapaxes too. `comparable`: `suggest::comparable` over
//! the NTREX documents of the three languages as separate articles. Without
//! the shared data the seeds' sentences are used instead, paired with
//! themselves, and the comparable group runs on the seeds. After the groups
//! the process's peak resident memory (VmHWM) is printed: candidates,
//! postings and one candidate's counts at a time, not a pair table. Under
//! `cargo test --all-targets` (debug) each runs once on 1,000 pairs.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};

use termalign::analysis::matcher::Matcher;
use termalign::formats::bitext::SegmentPair;
use termalign::jobs::suggest::{self, Options};
use termalign::{Glossary, Lang};

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data")
}

fn lines(path: &Path) -> Option<Vec<String>> {
    let text = std::fs::read_to_string(path).ok()?;
    Some(
        text.lines()
            .map(|l| l.trim_end_matches('\r').to_string())
            .collect(),
    )
}

/// Real en and fr sentences, line N translating line N.
fn sentence_pairs() -> Vec<(String, String)> {
    let dir = data_dir();
    let read = || -> Option<Vec<(String, String)>> {
        let mut en = lines(&dir.join("ntrex128/newstest2019-src.eng.txt"))?;
        let mut fr = lines(&dir.join("ntrex128/newstest2019-ref.fra.txt"))?;
        en.extend(lines(&dir.join("pud/en.txt"))?);
        fr.extend(lines(&dir.join("pud/fr.txt"))?);
        Some(en.into_iter().zip(fr).collect())
    };
    read().unwrap_or_else(|| {
        eprintln!(
            "note: {} not found; benchmarking on the seeds",
            dir.display()
        );
        seed_texts()
            .iter()
            .flat_map(|(_, t)| t.lines().filter(|l| l.len() > 40).map(str::to_string))
            .map(|l| (l.clone(), l))
            .collect()
    })
}

fn seed_texts() -> Vec<(Lang, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let detector = termalign::analysis::detect::Detector::new();
    let mut out = Vec::new();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("seeds/ is in the repository")
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(path).unwrap();
        if let Some(lang) = detector.detect(&text).lang {
            out.push((lang, text));
        }
    }
    out
}

/// NTREX documents of each language, else the seeds.
fn articles() -> Vec<(Lang, String)> {
    let dir = data_dir().join("ntrex128");
    let read = || -> Option<Vec<(Lang, String)>> {
        let ids = lines(&dir.join("DOCUMENT_IDS.tsv"))?;
        let mut out = Vec::new();
        for (lang, file) in [
            (Lang::En, "newstest2019-src.eng.txt"),
            (Lang::Fr, "newstest2019-ref.fra.txt"),
            (Lang::Es, "newstest2019-ref.spa.txt"),
        ] {
            let mut current = String::new();
            let mut doc = "";
            for (line, id) in lines(&dir.join(file))?.iter().zip(&ids) {
                if id != doc && !current.is_empty() {
                    out.push((lang, std::mem::take(&mut current)));
                }
                doc = id;
                current.push_str(line);
                current.push('\n');
            }
            out.push((lang, current));
        }
        Some(out)
    };
    read().unwrap_or_else(seed_texts)
}

fn peak_rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM"))
                .map(|l| l.split_whitespace().skip(1).collect::<Vec<_>>().join(" "))
        })
        .unwrap_or_else(|| "unknown".into())
}

fn benches(c: &mut Criterion) {
    let glossary = Glossary::builtin();
    let matcher = Matcher::new(&glossary);
    let n = if cfg!(debug_assertions) {
        1_000
    } else {
        10_000
    };
    let unique = sentence_pairs();
    let pairs: Vec<SegmentPair> = unique
        .iter()
        .cycle()
        .take(n)
        .enumerate()
        .map(|(i, (s, t))| SegmentPair::at_line(i as u64 + 1, s.clone(), t.clone()))
        .collect();
    let bytes: u64 = pairs
        .iter()
        .map(|p| (p.source.len() + p.target.len()) as u64)
        .sum();
    let mut group = c.benchmark_group("parallel");
    group.throughput(Throughput::Elements(pairs.len() as u64));
    group.sampling_mode(SamplingMode::Flat);
    group.measurement_time(Duration::from_secs(10));
    for (name, min_freq) in [("min-freq-2", 2), ("hapaxes-too", 1)] {
        let options = Options {
            min_freq,
            ..Options::parallel()
        };
        let id = BenchmarkId::new(name, format!("{}pairs-{}KB", pairs.len(), bytes / 1000));
        group.bench_with_input(id, &pairs, |b, pairs| {
            b.iter(|| {
                let got = suggest::parallel(
                    &glossary,
                    &matcher,
                    black_box(pairs),
                    Lang::En,
                    Lang::Fr,
                    &options,
                );
                assert!(!got.suggestions.is_empty());
                black_box(got.suggestions.len())
            })
        });
    }
    group.finish();
    eprintln!(
        "peak resident memory after the parallel group: {}",
        peak_rss()
    );

    let articles = articles();
    let docs: Vec<suggest::Document> = articles
        .iter()
        .map(|(lang, text)| suggest::Document { lang: *lang, text })
        .collect();
    let bytes: u64 = articles.iter().map(|(_, t)| t.len() as u64).sum();
    let mut group = c.benchmark_group("comparable");
    group.throughput(Throughput::Bytes(bytes));
    group.sampling_mode(SamplingMode::Flat);
    group.measurement_time(Duration::from_secs(20));
    let id = BenchmarkId::new("articles", format!("{}docs-{}KB", docs.len(), bytes / 1000));
    group.bench_with_input(id, &docs, |b, docs| {
        b.iter(|| {
            let got =
                suggest::comparable(&glossary, &matcher, black_box(docs), &Options::comparable());
            black_box(got.suggestions.len())
        })
    });
    group.finish();
    eprintln!(
        "peak resident memory after the comparable group: {}",
        peak_rss()
    );
}

criterion_group! {
    name = suggest_benches;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1));
    targets = benches
}
criterion_main!(suggest_benches);
