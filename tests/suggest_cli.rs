//! `termalign suggest`: the term aligner through the real binary, in both
//! modes, with its gold scoring, its bad-input errors and the review loop
//! into `glossary merge`.
//!
//! `tests/fixtures/suggest/coyotes.en-fr.tsv` is a small translation memory
//! written for these tests: "coyotes"/"passeurs" and "detention
//! centres"/"centres de rétention" recur and are not in the glossary;
//! "refugees" is rendered "migrants" twice (two glossary concepts: a
//! conflict); "asylum seekers" / "demandeurs d'asile" is known.

use crate::common::{repo, run_in};

const TM: &str = "tests/fixtures/suggest/coyotes.en-fr.tsv";
const GOLD: &str = "tests/fixtures/suggest/gold.tsv";

/// The index of a suggestions column.
fn col(name: &str) -> usize {
    termalign::jobs::suggest::COLUMNS
        .iter()
        .position(|c| *c == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

fn rows(csv: &str) -> Vec<Vec<String>> {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        termalign::jobs::suggest::COLUMNS
    );
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// The glossary these tests were written against (341 concepts): the
/// fixture's "coyotes" and "passeurs" are new to it, which the shipped one
/// now files. Suggesting is about what a glossary lacks.
const GLOSSARY: &str = "tests/fixtures/glossaries/migration-341.csv";

fn parallel(extra: &[&str]) -> crate::common::Run {
    let mut args = vec![
        "suggest",
        "--pairs",
        TM,
        "--source-lang",
        "en",
        "--target-lang",
        "fr",
        "-g",
        GLOSSARY,
    ];
    args.extend_from_slice(extra);
    run_in(&repo(), &args, None)
}

#[test]
fn parallel_mode_proposes_the_recurring_new_pairs() {
    let run = parallel(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows = rows(&run.stdout);
    let first = |term: &str| {
        rows.iter()
            .find(|r| r[1] == term)
            .unwrap_or_else(|| panic!("no suggestion for {term}: {rows:?}"))
            .clone()
    };
    let coyotes = first("coyotes");
    assert_eq!(
        coyotes[..4],
        ["en", "coyotes", "fr", "passeurs"].map(String::from)
    );
    assert_eq!(
        [&coyotes[col("freq_a")], &coyotes[col("freq_b")]],
        ["4", "4"]
    );
    assert_eq!(coyotes[col("status")], "new");
    assert!(
        coyotes[col("evidence")].starts_with("4 of 4/4 segments together"),
        "{coyotes:?}"
    );
    assert_eq!(first("detention centres")[3], "centres de rétention");
    // Known pairs are explained away before counting.
    assert!(!rows.iter().any(|r| r[1].contains("asylum")), "{rows:?}");
    // Two glossary concepts paired: a conflict for the terminologist.
    let refugees = first("refugees");
    assert_eq!(
        (refugees[3].as_str(), refugees[col("status")].as_str()),
        ("migrants", "conflict")
    );
    // At most --top suggestions per term, ranked by score.
    let mut per_term = std::collections::HashMap::<&str, Vec<f64>>::new();
    for r in &rows {
        per_term
            .entry(&r[1])
            .or_default()
            .push(r[4].parse().unwrap());
    }
    for (term, scores) in per_term {
        assert!(scores.len() <= 3, "{term}");
        assert!(
            scores.windows(2).all(|w| w[0] >= w[1]),
            "{term}: {scores:?}"
        );
    }
    assert!(run.stderr.contains("10 segment pairs"), "{}", run.stderr);
}

#[test]
fn the_output_of_align_feeds_parallel_mode() {
    let dir = tempfile::tempdir().unwrap();
    let tsv = dir.path().join("talks.tsv");
    let run = run_in(
        &repo(),
        &[
            "align",
            "tests/fixtures/align/talks.en.txt",
            "tests/fixtures/align/talks.fr.txt",
            "-o",
            tsv.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = run_in(
        &repo(),
        &[
            "suggest",
            "--pairs",
            tsv.to_str().unwrap(),
            "--source-lang",
            "en",
            "--target-lang",
            "fr",
            "--min-freq",
            "1",
            "--top",
            "1",
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows = rows(&run.stdout);
    assert!(
        rows.iter()
            .any(|r| r[1] == "Cuban delegation" && r[3] == "délégation cubaine"),
        "{rows:?}"
    );
}

#[test]
fn tmx_and_xliff_files_are_read_together() {
    let run = run_in(
        &repo(),
        &[
            "suggest",
            "--pairs",
            "tests/fixtures/bilingual/sample.tmx",
            "tests/fixtures/bilingual/sample12.xlf",
            "--source-lang",
            "en",
            "--target-lang",
            "fr",
            "--min-freq",
            "1",
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Untranslated units are skipped and named, the others counted.
    assert!(
        run.stderr
            .contains("skipped tu unhcr-4 (line 25): no fr variant"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("skipped trans-unit border-3 (line 23): not translated")
    );
    assert!(!rows(&run.stdout).is_empty());
    // A file in another language pair is refused by name, and with no
    // readable pair nothing is written.
    let run = run_in(
        &repo(),
        &[
            "suggest",
            "--pairs",
            "tests/fixtures/bilingual/sample20.xlf",
            "--source-lang",
            "en",
            "--target-lang",
            "fr",
        ],
        None,
    );
    assert_eq!((run.code, run.stdout.as_str()), (2, ""));
    assert!(
        run.stderr.contains("sample20.xlf:2: language mismatch"),
        "{}",
        run.stderr
    );
}

#[test]
fn compressed_translation_memories_are_read_as_they_are() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let gz = dir.path().join("coyotes.en-fr.tsv.gz");
    let mut encoder = flate2::write::GzEncoder::new(
        std::fs::File::create(&gz).unwrap(),
        flate2::Compression::default(),
    );
    encoder
        .write_all(&std::fs::read(repo().join(TM)).unwrap())
        .unwrap();
    encoder.finish().unwrap();
    let packed = run_in(
        &repo(),
        &[
            "suggest",
            "--pairs",
            gz.to_str().unwrap(),
            "--source-lang",
            "en",
            "--target-lang",
            "fr",
            "-g",
            GLOSSARY,
        ],
        None,
    );
    assert_eq!(packed.code, 0, "{}", packed.stderr);
    assert_eq!(packed.stdout, parallel(&[]).stdout);
}

#[test]
fn gold_pairs_are_scored_on_standard_error() {
    let run = parallel(&["--gold", GOLD, "--top", "1"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("en-fr: P@1 1.000 (2/2), P@5 1.000 (2/2) over the gold terms present"),
        "{}",
        run.stderr
    );
    // --top still limits what is written.
    let rows = rows(&run.stdout);
    assert!(
        rows.iter()
            .all(|r| r[1] != rows[0][1] || r[3] == rows[0][3])
    );
}

/// Every mode writes the review layout: examples of each term in context,
/// the part of speech, and an empty accept column.
#[test]
fn suggestions_are_laid_out_for_review() {
    let run = parallel(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let parallel_rows = rows(&run.stdout);
    let coyotes = parallel_rows.iter().find(|r| r[1] == "coyotes").unwrap();
    let (a, b) = (&coyotes[col("example_a")], &coyotes[col("example_b")]);
    // Two examples a side, short, the term in brackets; the first of each
    // side from one translation pair.
    assert_eq!(a.split(" | ").count(), 2, "{a}");
    assert_eq!(b.split(" | ").count(), 2, "{b}");
    for example in a.split(" | ").chain(b.split(" | ")) {
        assert!(example.contains('['), "{example}");
        assert!(example.split(' ').count() <= 12, "{example}");
    }
    assert!(
        a.contains("[coyotes]") && b.contains("[passeurs]"),
        "{a} / {b}"
    );
    assert_eq!(
        [&coyotes[col("pos_a")], &coyotes[col("pos_b")]],
        ["noun", "noun"]
    );
    for mode in [
        parallel(&["--baseline", "cognate"]),
        run_in(&repo(), &["suggest", "seeds/", "--top", "1"], None),
    ] {
        assert_eq!(mode.code, 0, "{}", mode.stderr);
        let rows = rows(&mode.stdout);
        assert!(!rows.is_empty());
        assert!(rows.iter().all(|r| r[col("accept")].is_empty()));
        assert!(
            rows.iter()
                .all(|r| r[col("example_a")].contains('[') && r[col("example_b")].contains('[')),
            "{rows:?}"
        );
    }
}

#[test]
fn baselines_run_with_the_same_output_columns() {
    for baseline in ["frequency", "cognate"] {
        let run = parallel(&["--baseline", baseline]);
        assert_eq!(run.code, 0, "{baseline}: {}", run.stderr);
        let rows = rows(&run.stdout);
        assert!(!rows.is_empty(), "{baseline}");
        let method = if baseline == "frequency" {
            "cooccurrence"
        } else {
            "cognate"
        };
        assert!(
            rows.iter().all(|r| r[col("method")] == method),
            "{baseline}: {rows:?}"
        );
    }
}

#[test]
fn comparable_mode_on_the_seeds_finds_cognates_and_composed_terms() {
    let run = run_in(&repo(), &["suggest", "seeds/", "--top", "1"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("5 documents: 3 en, 1 fr, 1 es"),
        "{}",
        run.stderr
    );
    let rows = rows(&run.stdout);
    let has = |a: &str, b: &str| rows.iter().any(|r| r[1] == a && r[3] == b);
    assert!(has("delegation", "délégation"), "{rows:?}");
    assert!(has("Cuban delegation", "délégation cubaine"), "{rows:?}");
    assert!(has("cooperation", "coopération"), "{rows:?}");
    assert!(has("coordination", "coordinación"), "{rows:?}");
    // Evidence carries the two contexts.
    let delegation = rows.iter().find(|r| r[1] == "delegation").unwrap();
    assert!(
        delegation[col("method")].contains("cognate"),
        "{delegation:?}"
    );
    assert!(
        delegation[col("evidence")].contains("[délégation]"),
        "{delegation:?}"
    );
    assert!(
        delegation[col("evidence")].contains("Cuban [delegation]"),
        "{delegation:?}"
    );
}

#[test]
fn the_candidates_of_each_language_can_be_written_too() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("candidates.csv");
    let run = run_in(
        &repo(),
        &[
            "suggest",
            "seeds/",
            "--candidates",
            out.to_str().unwrap(),
            "-o",
            dir.path().join("s.csv").to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(&out).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        termalign::jobs::suggest::candidates::CSV_COLUMNS
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let row = |lang: &str, term: &str| {
        rows.iter()
            .find(|r| &r[0] == lang && &r[1] == term)
            .unwrap_or_else(|| panic!("no {lang} {term}"))
            .clone()
    };
    // Inflected forms group under one key, with their counts.
    let delegation = row("en", "delegation");
    assert_eq!(&delegation[3], "8");
    assert_eq!(&delegation[4], "delegation 4; delegations 4");
    assert_eq!(&delegation[8], "no");
    assert_eq!(&row("en", "Havana")[8], "yes");
    // Each language's candidates come best termhood first.
    for lang in ["en", "fr", "es"] {
        let termhood: Vec<f64> = rows
            .iter()
            .filter(|r| &r[0] == lang)
            .map(|r| r[7].parse().unwrap())
            .collect();
        assert!(!termhood.is_empty(), "{lang}");
        assert!(termhood.windows(2).all(|w| w[0] >= w[1]), "{lang}");
    }
}

#[test]
fn bad_input_is_named() {
    // The TSV's header says en, fr; one without must be told its languages.
    let dir = tempfile::tempdir().unwrap();
    let bare = dir.path().join("bare.tsv");
    let text = std::fs::read_to_string(repo().join(TM)).unwrap();
    std::fs::write(&bare, text.split_once('\n').unwrap().1).unwrap();
    let run = run_in(
        &repo(),
        &["suggest", "--pairs", bare.to_str().unwrap()],
        None,
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("bare.tsv: declares no languages; give --source-lang and --target-lang"),
        "{}",
        run.stderr
    );
    let run = run_in(
        &repo(),
        &["suggest", "seeds/001_b72381789d164079.txt"],
        None,
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("comparable mode needs documents in at least two languages; found English"),
        "{}",
        run.stderr
    );
    let gold = dir.path().join("gold.tsv");
    std::fs::write(
        &gold,
        "en\tcoyote\tfr\tpasseur\nen\tcoyote\tde\tSchlepper\n",
    )
    .unwrap();
    let run = parallel(&["--gold", gold.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("gold.tsv:2") && run.stderr.contains("lang_b"),
        "{}",
        run.stderr
    );
    // Nothing readable: an error, and an existing output is left alone.
    std::fs::write(dir.path().join("out.csv"), "kept\n").unwrap();
    std::fs::write(
        dir.path().join("broken.tmx"),
        "<tmx version=\"1.4\"><body><tu>",
    )
    .unwrap();
    let run = run_in(
        dir.path(),
        &[
            "suggest",
            "--pairs",
            "broken.tmx",
            "--source-lang",
            "en",
            "--target-lang",
            "fr",
            "-o",
            "out.csv",
        ],
        None,
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("broken.tmx"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("no segment pairs to count (see above); nothing written")
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out.csv")).unwrap(),
        "kept\n"
    );
    // Out-of-range knobs are refused by name.
    for (flag, value) in [("--top", "0"), ("--min-score", "NaN")] {
        let run = parallel(&[flag, value]);
        assert_eq!(run.code, 2, "{flag} {value}");
        assert!(run.stderr.contains(flag), "{}", run.stderr);
    }
    // The output never replaces an input.
    let run = parallel(&["-o", TM]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("refus"), "{}", run.stderr);
    let tm = std::fs::read_to_string(repo().join(TM)).unwrap();
    assert!(tm.starts_with("en\tfr\n"));
}

#[test]
fn accepted_suggestions_merge_into_the_glossary() {
    let dir = tempfile::tempdir().unwrap();
    let suggestions = dir.path().join("suggestions.csv");
    let run = parallel(&["--top", "1", "-o", suggestions.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The reviewer fills suggest's own accept column: the coyotes row, in
    // French, with the status the terms get.
    let text = std::fs::read_to_string(&suggestions).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(reader.headers().unwrap()).unwrap();
    let mut marked = 0;
    for record in reader.records() {
        let mut row: Vec<String> = record.unwrap().iter().map(str::to_string).collect();
        assert_eq!(row[col("accept")], "", "{row:?}");
        if row[1] == "coyotes" {
            row[col("accept")] = "privilégié".into();
            marked += 1;
        }
        writer.write_record(&row).unwrap();
    }
    assert_eq!(marked, 1);
    std::fs::write(&suggestions, writer.into_inner().unwrap()).unwrap();
    // A small glossary in en and fr, so the new concept is complete.
    let glossary = dir.path().join("glossary.csv");
    std::fs::write(
        &glossary,
        "concept,lang,term,status,pos\n\
         smuggling,en,migrant smuggling,preferred,noun\n\
         smuggling,fr,trafic de migrants,preferred,noun\n",
    )
    .unwrap();
    let merged = dir.path().join("merged.csv");
    let run = run_in(
        dir.path(),
        &[
            "glossary",
            "merge",
            "suggestions.csv",
            "-g",
            "glossary.csv",
            "-o",
            "merged.csv",
            "--subject",
            "trafficking",
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "suggestions.csv:3: English \"coyotes\" filed in its dictionary form \"coyote\" (noun)"
        ),
        "{}",
        run.stderr
    );
    let merged = std::fs::read_to_string(merged).unwrap();
    assert!(merged.contains(",trafficking,"), "{merged}");
    // Filed in the singular, the dictionary form.
    assert!(
        merged.contains("coyote,en,coyote,preferred,noun,"),
        "{merged}"
    );
    assert!(
        merged.contains("coyote,fr,passeur,preferred,noun,"),
        "{merged}"
    );
    assert!(
        merged.contains("termalign suggest: suggestions.csv:"),
        "{merged}"
    );
}
