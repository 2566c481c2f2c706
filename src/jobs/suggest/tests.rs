//! Tests of the module as a whole: counts over shards, read back and merged
//! in any order, give what one run gives, in either mode; counts that do
//! not add up are refused.

use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use super::*;
use crate::analysis::matcher::Matcher;
use crate::error::Result;
use crate::formats::bitext::SegmentPair;
use crate::glossary::Glossary;
use crate::lang::Lang;

pub(super) fn pair(source: &str, target: &str) -> SegmentPair {
    SegmentPair {
        id: String::new(),
        line: 0,
        source: source.into(),
        target: target.into(),
    }
}

/// The translation pairs of the suggest fixture.
fn coyote_pairs() -> Vec<SegmentPair> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/suggest/coyotes.en-fr.tsv");
    crate::formats::bitext::read(
        &path,
        None,
        Lang::En,
        Lang::Fr,
        crate::input::TextOptions::default(),
    )
    .expect("the fixture reads")
    .pairs
}

/// The seed articles in file name order, with their languages.
fn seed_articles() -> Vec<(Lang, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("seeds/ reads")
        .map(|entry| entry.expect("seeds/ lists").path())
        .filter(|path| path.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    let detector = crate::analysis::detect::Detector::new();
    paths
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).expect("a seed reads");
            let lang = detector.detect(&text).lang.expect("a seed's language");
            (lang, text)
        })
        .collect()
}

/// Everything a run shows, exactly: the directions, every field of
/// every suggestion (scores to the last bit) and the candidates' CSV.
fn shown(suggested: &Suggested) -> String {
    let mut out = format!("{:?}\n", suggested.directions);
    for s in &suggested.suggestions {
        let _ = writeln!(out, "{s:?}");
    }
    let mut csv = Vec::new();
    crate::jobs::suggest::candidates::write_csv(
        &suggested.candidates,
        Default::default(),
        &mut csv,
    )
    .expect("CSV to memory");
    out + &String::from_utf8(csv).expect("UTF-8 CSV")
}

/// Writes counts to JSON and reads them back.
fn round_trip<T: Serialize + serde::de::DeserializeOwned>(counts: &T) -> T {
    let json = serde_json::to_string(counts).expect("counts write");
    serde_json::from_str(&json).expect("counts read back")
}

/// Merges the counts of three shards in the order 2, 0, 1.
fn merge_2_0_1<T>(shards: Vec<T>, merge: impl Fn(&mut T, T) -> Result<()>) -> T {
    let [zero, one, two]: [T; 3] = shards.try_into().ok().expect("three shards");
    let mut merged = two;
    merge(&mut merged, zero).expect("shards merge");
    merge(&mut merged, one).expect("shards merge");
    merged
}

/// Option sets that exercise every method, with and without the
/// frequency and score limits.
fn option_sets(defaults: Options) -> Vec<Options> {
    let everything = Options {
        min_freq: 1,
        min_score: 0.0,
        min_specificity: f64::NEG_INFINITY,
        names: true,
        ..defaults.clone()
    };
    let mut sets = vec![defaults, everything.clone()];
    for method in [Method::Frequency, Method::Cognate] {
        sets.push(Options {
            method,
            ..everything.clone()
        });
    }
    sets
}

#[test]
fn parallel_counts_of_shards_merge_into_one_run_in_any_order() {
    let glossary = Glossary::builtin();
    let matcher = Matcher::new(&glossary);
    let pairs = coyote_pairs();
    let reversed: Vec<SegmentPair> = pairs.iter().rev().cloned().collect();
    let mut context = Context::new(&glossary, &matcher);
    let mut shards: Vec<ParallelCounts> = (0..3)
        .map(|_| ParallelCounts::new(&context, Lang::En, Lang::Fr))
        .collect();
    for (i, pair) in pairs.iter().enumerate() {
        shards[i % 3].add_pair(&mut context, &pair.source, &pair.target);
    }
    let shards: Vec<ParallelCounts> = shards.iter().map(round_trip).collect();
    let merged = merge_2_0_1(shards, ParallelCounts::merge);
    assert_eq!(merged.len(), pairs.len());
    for options in option_sets(Options::parallel()) {
        let one_run = parallel(&glossary, &matcher, &pairs, Lang::En, Lang::Fr, &options);
        assert!(!one_run.suggestions.is_empty(), "{options:?}");
        let backwards = parallel(&glossary, &matcher, &reversed, Lang::En, Lang::Fr, &options);
        let sharded = round_trip(&merged)
            .suggest(&glossary, &options)
            .expect("the same glossary");
        assert_eq!(shown(&sharded), shown(&one_run), "{options:?}");
        assert_eq!(shown(&backwards), shown(&one_run), "{options:?}");
    }
}

#[test]
fn comparable_counts_of_shards_merge_into_one_run_in_any_order() {
    let glossary = Glossary::builtin();
    let matcher = Matcher::new(&glossary);
    let articles = seed_articles();
    let documents: Vec<Document> = articles
        .iter()
        .map(|(lang, text)| Document { lang: *lang, text })
        .collect();
    let reversed: Vec<Document> = articles
        .iter()
        .rev()
        .map(|(lang, text)| Document { lang: *lang, text })
        .collect();
    let mut context = Context::new(&glossary, &matcher);
    let mut shards: Vec<ComparableCounts> =
        (0..3).map(|_| ComparableCounts::new(&context)).collect();
    for (i, (lang, text)) in articles.iter().enumerate() {
        shards[i % 3].add_document(&mut context, *lang, text);
    }
    let shards: Vec<ComparableCounts> = shards.iter().map(round_trip).collect();
    let merged = merge_2_0_1(shards, ComparableCounts::merge);
    for lang in Lang::ALL {
        let n = articles.iter().filter(|(l, _)| *l == lang).count();
        assert_eq!(merged.documents(lang) as usize, n, "{lang}");
    }
    for options in option_sets(Options::comparable()) {
        let one_run = comparable(&glossary, &matcher, &documents, &options);
        assert_eq!(one_run.directions.len(), 3);
        assert!(!one_run.suggestions.is_empty(), "{options:?}");
        let backwards = comparable(&glossary, &matcher, &reversed, &options);
        let sharded = round_trip(&merged)
            .suggest(&glossary, &options)
            .expect("the same glossary");
        assert_eq!(shown(&sharded), shown(&one_run), "{options:?}");
        assert_eq!(shown(&backwards), shown(&one_run), "{options:?}");
    }
}

#[test]
fn counts_that_do_not_add_up_are_refused() {
    let glossary = Glossary::builtin();
    let matcher = Matcher::new(&glossary);
    let mut smaller = Glossary::builtin();
    smaller.concepts.pop();
    let smaller_matcher = Matcher::new(&smaller);
    let mut context = Context::new(&glossary, &matcher);
    let mut other_context = Context::new(&smaller, &smaller_matcher);
    let counts = |context: &mut Context, lang_b: Lang| {
        let mut counts = ParallelCounts::new(context, Lang::En, lang_b);
        counts.add_pair(
            context,
            "The coyotes crossed.",
            "Les passeurs ont traversé.",
        );
        counts
    };
    let message = |result: Result<()>| result.expect_err("refused").to_string();

    let mut en_fr = counts(&mut context, Lang::Fr);
    let got = message(en_fr.merge(counts(&mut context, Lang::Es)));
    assert!(
        got.contains("counts of en→fr translations with counts of en→es"),
        "{got}"
    );
    assert!(got.contains("the same language direction"), "{got}");
    assert!(!got.contains("--"), "the library names no flag: {got}");
    let refused = en_fr
        .merge(counts(&mut context, Lang::Es))
        .expect_err("refused");
    assert_eq!(refused.remedy(), Some(crate::Remedy::Languages));

    let got = message(en_fr.merge(counts(&mut other_context, Lang::Fr)));
    let (n, m) = (glossary.concepts.len(), smaller.concepts.len());
    assert!(
        got.starts_with("cannot merge counts made with different glossaries"),
        "{got}"
    );
    assert!(
        got.contains(&format!("({n} concepts, fingerprint ")),
        "{got}"
    );
    assert!(
        got.contains(&format!(" and {m} concepts, fingerprint ")),
        "{got}"
    );
    assert_eq!(en_fr.len(), 1, "a refused merge changes nothing");

    let got = counts(&mut other_context, Lang::Fr)
        .suggest(&glossary, &Options::parallel())
        .map(|_| ())
        .expect_err("another glossary")
        .to_string();
    assert!(got.contains("made with another glossary"), "{got}");
    assert!(
        got.contains("give the glossary the shards were counted with"),
        "{got}"
    );

    let mut articles = ComparableCounts::new(&context);
    articles.add_document(&mut context, Lang::En, "The coyotes crossed the river.");
    let mut partial = Partial::Parallel(en_fr);
    let got = message(partial.merge(Partial::Comparable(articles)));
    assert_eq!(
        got,
        "cannot merge counts of translation pairs (parallel mode) with counts of \
         articles (comparable mode): count every shard in the same mode"
    );
}

#[test]
fn partials_read_back_and_broken_ones_are_refused() {
    let glossary = Glossary::builtin();
    let matcher = Matcher::new(&glossary);
    let pairs = coyote_pairs();
    let mut context = Context::new(&glossary, &matcher);
    let mut counts = ParallelCounts::new(&context, Lang::En, Lang::Fr);
    for pair in &pairs {
        counts.add_pair(&mut context, &pair.source, &pair.target);
    }
    let mut json = Vec::new();
    Partial::Parallel(counts)
        .write_json(&mut json)
        .expect("JSON to memory");
    let json = String::from_utf8(json).expect("UTF-8 JSON");
    let path = Path::new("shard.json");
    let options = Options::parallel();
    let read = Partial::from_json(&json, path).expect("reads back");
    assert_eq!(
        shown(&read.suggest(&glossary, &options).expect("same glossary")),
        shown(&parallel(
            &glossary,
            &matcher,
            &pairs,
            Lang::En,
            Lang::Fr,
            &options
        ))
    );

    let broken = |edit: &dyn Fn(&mut serde_json::Value)| {
        let mut value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
        edit(&mut value);
        Partial::from_json(&value.to_string(), path)
    };
    let got = broken(&|v| v["counts"]["segments"][0][0]["found"][0][0] = 9999.into())
        .expect_err("no such candidate")
        .to_string();
    assert!(
        got.starts_with(
            "shard.json: not the counts of termalign suggest: segment pair 1: no en candidate 9999"
        ),
        "{got}"
    );
    let got = broken(&|v| v["mode"] = "concordance".into())
        .expect_err("no such mode")
        .to_string();
    assert!(got.contains("unknown variant `concordance`"), "{got}");

    let mut older =
        broken(&|v| v["counts"]["origin"]["termalign"] = "0.0.1".into()).expect("reads");
    let got = older
        .merge(Partial::from_json(&json, path).expect("reads"))
        .expect_err("another version")
        .to_string();
    assert!(
        got.starts_with(
            "cannot merge counts made by termalign 0.0.1 with counts made by termalign "
        ),
        "{got}"
    );
}

#[test]
fn counting_goes_to_worker_threads() {
    fn sendable<T: Send>() {}
    sendable::<Context>();
    sendable::<ParallelCounts>();
    sendable::<ComparableCounts>();
}
