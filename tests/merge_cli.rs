//! `termalign glossary merge`: the reviewed suggestions filed into a glossary,
//! through the real binary. The fixtures in `tests/fixtures/merge/` cover
//! every case: a new concept and a chain that completes it, variants added
//! (to either side of the pair), an inflected and case-changed pair already
//! known, a conflict, and rows left out; `merged.csv` is the result checked
//! by hand.

use std::path::{Path, PathBuf};

use crate::common::{Run, assert_same, file_names, repo, run_in};

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures/merge").join(name)
}

fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// A temporary folder holding copies of the fixture glossary and suggestions.
fn workdir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in ["glossary.csv", "suggestions.csv"] {
        std::fs::copy(fixture(name), dir.path().join(name)).unwrap();
    }
    dir
}

fn run(dir: &Path, args: &[&str]) -> Run {
    run_in(dir, args, None)
}

fn merge(dir: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["glossary", "merge", "suggestions.csv", "-g", "glossary.csv"];
    args.extend(extra);
    run(dir, &args)
}

/// Merges the suggestions into the glossary in `dir` and checks the
/// result and the summary against the fixture's.
fn merges_as_the_fixture(dir: &Path) {
    let r = merge(dir, &["-o", "merged.csv"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
    assert_eq!(r.stderr, SUMMARY);
    assert_same(
        &read(dir.join("merged.csv")),
        &read(fixture("merged.csv")),
        "merged.csv",
    );
}

const SUMMARY: &str = "termalign: suggestions.csv:7: conflict, skipped: English \"asylum\" is in concept asylum but French \"réfugié\" is in concept refugee; if they name one concept, edit the glossary by hand\n\
     termalign: suggestions.csv: 6 accepted rows: 1 new concept, 3 variants added, 1 already known, 1 conflict skipped\n";

#[test]
fn accepted_rows_are_filed_and_each_case_reported() {
    let dir = workdir();
    let d = dir.path();
    merges_as_the_fixture(d);
    // The inputs are untouched.
    for name in ["glossary.csv", "suggestions.csv"] {
        assert_eq!(read(d.join(name)), read(fixture(name)), "{name}");
    }

    // Standard output by default.
    let r = merge(d, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_same(&r.stdout, &read(fixture("merged.csv")), "stdout");
}

/// `text` (a comma CSV) rewritten with `delimiter`, each `accept` value
/// through `accept`: as Excel in another locale would save it.
fn resaved(text: &str, delimiter: u8, accept: impl Fn(&str) -> String) -> Vec<u8> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let column = headers.iter().position(|h| h == "accept");
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(Vec::new());
    writer.write_record(&headers).unwrap();
    for row in reader.records() {
        let row = row.unwrap();
        let fields: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(i, f)| {
                if Some(i) == column {
                    accept(f)
                } else {
                    f.to_string()
                }
            })
            .collect();
        writer.write_record(&fields).unwrap();
    }
    writer.into_inner().unwrap()
}

#[test]
fn csv_saved_by_excel_in_french_or_spanish_merges_as_the_comma_one() {
    // Semicolons, a byte order mark, and the reviewer's "oui", "Sí" and
    // "non" for yes, x and no; then Excel's "Unicode text": tabs in UTF-16.
    let yes_in = |v: &str| match v.to_lowercase().as_str() {
        "yes" => "Oui".to_string(),
        "x" => "Sí".to_string(),
        "no" => "NON".to_string(),
        _ => v.to_string(),
    };
    let dir = workdir();
    let d = dir.path();
    let mut glossary = b"\xEF\xBB\xBF".to_vec();
    glossary.extend(resaved(&read(fixture("glossary.csv")), b';', |v| {
        v.to_string()
    }));
    std::fs::write(d.join("glossary.csv"), glossary).unwrap();
    let mut suggestions = b"\xEF\xBB\xBF".to_vec();
    suggestions.extend(resaved(&read(fixture("suggestions.csv")), b';', yes_in));
    std::fs::write(d.join("suggestions.csv"), &suggestions).unwrap();
    merges_as_the_fixture(d);
    let r = run(d, &["glossary", "lint", "glossary.csv"]);
    assert_eq!(
        r.code, 0,
        "a semicolon glossary lints as its comma original: {}",
        r.stderr
    );

    let tabs =
        String::from_utf8(resaved(&read(fixture("suggestions.csv")), b'\t', yes_in)).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(tabs.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(d.join("suggestions.csv"), utf16).unwrap();
    merges_as_the_fixture(d);

    // A missing column says which delimiter the header was read with.
    std::fs::write(
        d.join("suggestions.csv"),
        "lang_a;term_a;lang_b;term_b;acepto\n",
    )
    .unwrap();
    let r = merge(d, &[]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("missing column \"accept\""),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("(read with \";\" as the delimiter)"),
        "{}",
        r.stderr
    );
}

#[test]
fn the_merged_glossary_lints_clean_and_is_read_back() {
    let dir = workdir();
    let d = dir.path();
    assert_eq!(merge(d, &["-o", "merged.csv"]).code, 0);
    let r = run(d, &["glossary", "lint", "merged.csv"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stdout);
    assert_eq!(r.stderr, "termalign: merged.csv: 0 errors, 0 warnings\n");
    // The concordance finds the added terms, inflected.
    std::fs::write(
        d.join("a.txt"),
        "Asylum seekers spoke of the smuggling of migrants.",
    )
    .unwrap();
    let r = run(
        d,
        &["concordance", "-g", "merged.csv", "--lang", "en", "a.txt"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let concepts: Vec<&str> = r
        .stdout
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(concepts, ["asylum-seeker", "migrant-smuggling"]);
}

#[test]
fn merging_the_result_again_adds_nothing() {
    let dir = workdir();
    let d = dir.path();
    assert_eq!(merge(d, &["-o", "merged.csv"]).code, 0);
    let r = run(
        d,
        &[
            "glossary",
            "merge",
            "suggestions.csv",
            "-g",
            "merged.csv",
            "-o",
            "again.csv",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.ends_with(
            "termalign: suggestions.csv: 6 accepted rows: 0 new concepts, 0 variants added, 5 already known, 1 conflict skipped\n"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(read(d.join("again.csv")), read(d.join("merged.csv")));
}

#[test]
fn the_inputs_may_not_be_overwritten() {
    let dir = workdir();
    let d = dir.path();
    for name in ["suggestions.csv", "glossary.csv", "./glossary.csv"] {
        let r = merge(d, &["-o", name]);
        assert_eq!((r.code, r.stdout.as_str()), (2, ""), "{name}");
        assert!(
            r.stderr.starts_with(&format!(
                "termalign: refusing to write {name}: it is one of the inputs"
            )),
            "{}",
            r.stderr
        );
    }
    for name in ["glossary.csv", "suggestions.csv"] {
        assert_eq!(read(d.join(name)), read(fixture(name)), "{name}");
    }
    assert_eq!(file_names(d), ["glossary.csv", "suggestions.csv"]);
}

#[test]
fn an_incomplete_new_concept_is_a_warning_and_is_written() {
    let dir = workdir();
    let d = dir.path();
    // A new concept with no Spanish term yet: work to do, not an error.
    std::fs::write(
        d.join("suggestions.csv"),
        "lang_a,term_a,lang_b,term_b,score,method,accept\n\
         en,border control,fr,contrôle aux frontières,0.8,context,yes\n",
    )
    .unwrap();
    let r = merge(d, &["-o", "merged.csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "termalign: suggestions.csv:2: warning: concept border-control has no Spanish term yet\n"
        ),
        "{}",
        r.stderr
    );
    let merged = std::fs::read_to_string(d.join("merged.csv")).unwrap();
    assert!(
        merged.contains("border-control,fr,contrôle aux frontières,preferred"),
        "{merged}"
    );
}

#[test]
fn a_lint_error_in_the_result_writes_nothing_and_exits_1() {
    let dir = workdir();
    let d = dir.path();
    // The base glossary itself is broken: two preferred English terms.
    let mut glossary = std::fs::read_to_string(d.join("glossary.csv")).unwrap();
    let first_row = glossary.lines().nth(1).unwrap().to_string();
    let concept = first_row.split(',').next().unwrap().to_string();
    glossary.push_str(&format!(
        "{concept},en,second preferred term,preferred,noun,,,\n"
    ));
    std::fs::write(d.join("broken.csv"), glossary).unwrap();
    let r = run(
        d,
        &[
            "glossary",
            "merge",
            "suggestions.csv",
            "-g",
            "broken.csv",
            "-o",
            "merged.csv",
        ],
    );
    assert_eq!((r.code, r.stdout.as_str()), (1, ""), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("nothing written: the merged glossary would have"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("two preferred English terms"),
        "{}",
        r.stderr
    );
    assert!(!d.join("merged.csv").exists());
    // Nor on standard output.
    let r = run(
        d,
        &["glossary", "merge", "suggestions.csv", "-g", "broken.csv"],
    );
    assert_eq!((r.code, r.stdout.as_str()), (1, ""));
}

#[test]
fn bad_suggestions_name_file_line_and_field() {
    let cases = [
        (
            "lang_a,term_a,lang_b,term_b,score,method,status\nen,a,fr,b,1,m,new\n",
            "termalign: suggestions.csv:1: field accept: missing column \"accept\": add a column named accept and mark the rows to add with yes (or oui, sí, x, 1, accept); leave the others empty or write no (read with \",\" as the delimiter)\n",
        ),
        (
            "lang_a,term_a,lang_b,term_b,accept\r\nen,a,fr,b,no\r\nen,a,fr,b,perhaps\r\n",
            "termalign: suggestions.csv:3: field accept: \"perhaps\" is neither yes nor no: write yes, y, x, 1, true or accept to add the row (or the status its new term gets: preferred, admitted, deprecated; privilégié, admis, déconseillé; preferente, admitido, desaconsejado); no, n, 0, false, reject or nothing to leave it out\n",
        ),
        (
            "\u{feff}lang_a,term_a,lang_b,term_b,accept\nen,a,pt,b,yes\n",
            "termalign: suggestions.csv:2: field lang_b: unknown language \"pt\": expected one of en, fr, es\n",
        ),
        (
            "lang_a,term_a,lang_b,term_b,accept\nen,,fr,b,yes\n",
            "termalign: suggestions.csv:2: field term_a: empty English term\n",
        ),
    ];
    for (text, want) in cases {
        let dir = workdir();
        std::fs::write(dir.path().join("suggestions.csv"), text).unwrap();
        let r = merge(dir.path(), &["-o", "merged.csv"]);
        assert_eq!((r.code, r.stderr.as_str()), (2, want), "{text:?}");
        assert_eq!(file_names(dir.path()), ["glossary.csv", "suggestions.csv"]);
    }
    let r = run(
        &repo(),
        &["glossary", "merge", "tests/fixtures/merge/missing.csv"],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .starts_with("termalign: tests/fixtures/merge/missing.csv: "),
        "{}",
        r.stderr
    );
}

#[test]
fn the_built_in_glossary_is_the_default_base() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("reviewed.csv"),
        "lang_a,term_a,lang_b,term_b,accept\n\
         en,refugees,fr,Réfugiés,yes\n\
         en,Asylum-Seeker,es,solicitantes de asilo,yes\n",
    )
    .unwrap();
    let r = run(d, &["glossary", "merge", "reviewed.csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .ends_with("2 accepted rows: 0 new concepts, 0 variants added, 2 already known, 0 conflicts skipped\n"),
        "{}",
        r.stderr
    );
    // Nothing to add: the shipped glossary, byte for byte.
    assert_same(
        &r.stdout,
        &read(repo().join("glossaries/migration.csv")),
        "stdout",
    );
}

/// The reviewer's decisions as a French or Spanish office types them:
/// statuses, the dictionary form, a subject field for new concepts, and a
/// same-language row refused.
#[test]
fn statuses_dictionary_forms_and_subjects_are_filed_as_decided() {
    let dir = workdir();
    let d = dir.path();
    std::fs::write(
        d.join("suggestions.csv"),
        "lang_a;term_a;lang_b;term_b;pos_a;pos_b;accept\n\
         en;border guards;fr;gardes-frontières;;;Privilégié\n\
         fr;demandeurs d'asile déboutés;en;refugee;;;admis\n\
         es;persona refugiada;en;refugee;;;preferente\n\
         en;asylum;es;asilados;;;desaconsejado\n\
         en;undocumented;es;indocumentadas;adjective;;sí\n",
    )
    .unwrap();
    let r = merge(
        d,
        &[
            "-o",
            "merged.csv",
            "--subject",
            "borders,asylum and refugees",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let merged = read(d.join("merged.csv"));
    for line in [
        "border-guard,en,border guard,preferred,noun,,,,,termalign suggest: suggestions.csv:2,asylum|borders,",
        "border-guard,fr,gardes-frontières,preferred,noun,",
        "refugee,fr,demandeur d'asile débouté,admitted,noun,",
        "asylum,es,asilado,deprecated,noun,",
        "undocumented,en,undocumented,preferred,adjective,",
        "undocumented,es,indocumentado,preferred,adjective,",
    ] {
        assert!(merged.contains(line), "{line}\n{merged}");
    }
    assert!(!merged.contains("persona refugiada"), "{merged}");
    for message in [
        "suggestions.csv:3: French \"demandeurs d'asile déboutés\" filed in its dictionary form \"demandeur d'asile débouté\" (noun)\n",
        "suggestions.csv:4: conflict, skipped: Spanish \"persona refugiada\" is not filed as preferred: concept refugee has the preferred Spanish term \"refugiado\"",
        "suggestions.csv:6: Spanish \"indocumentadas\" filed in its dictionary form \"indocumentado\" (adjective)\n",
    ] {
        assert!(r.stderr.contains(message), "{message}\n{}", r.stderr);
    }
    // The merged glossary lints clean.
    let lint = run(d, &["glossary", "lint", "merged.csv"]);
    assert_eq!(lint.code, 0, "{}", lint.stderr);

    // Two sides in one language: refused, naming the line.
    std::fs::write(
        d.join("suggestions.csv"),
        "lang_a,term_a,lang_b,term_b,accept\nen,a,fr,b,no\nes,migrante,es,emigrante,yes\n",
    )
    .unwrap();
    let r = merge(d, &["-o", "merged2.csv"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "termalign: suggestions.csv:3: field lang_b: both terms are Spanish (\"migrante\", \"emigrante\"): a row pairs terms of two languages; synonyms of one language are added to the glossary by hand\n"
    );
    // An unknown subject is named.
    let r = merge(d, &["--subject", "space travel"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("unknown subject \"space travel\""),
        "{}",
        r.stderr
    );
}
