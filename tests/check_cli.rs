//! `termalign check`, in one language and across translations, through the
//! real binary: every finding at the right place, each output format, and
//! the exit status `--fail-on` sets.

use std::process::Command;

use crate::common::{BIN, repo, run_in};

fn check(args: &[&str]) -> (i32, String, String) {
    let all: Vec<&str> = std::iter::once("check")
        .chain(args.iter().copied())
        .collect();
    let r = run_in(&repo(), &all, None);
    (r.code, r.stdout, r.stderr)
}

#[test]
fn one_language_deprecated_terms_variants_and_foreign_terms() {
    let (code, stdout, stderr) = check(&["tests/fixtures/check/article.txt"]);
    assert_eq!(code, 1, "an error fails the run by default");
    assert_eq!(
        stdout,
        "tests/fixtures/check/article.txt:1: warning: [irregular-migrant] irregular-migrant named 3 ways in English: \"irregular migrant\" (preferred) ×2 (lines 1, 1); \"migrant in an irregular situation\" ×1 (line 3); \"illegal migrant\" (deprecated) ×1 (line 3)\n\
         tests/fixtures/check/article.txt:3: error: [irregular-migrant] deprecated term \"illegal migrants\" (illegal migrant); use \"irregular migrant\"\n\
         tests/fixtures/check/article.txt:5: info: [asylum-seeker] Spanish term \"solicitantes de asilo\" in English text; the English term is \"asylum seeker\"\n"
    );
    assert_eq!(
        stderr,
        "termalign: checked 1 document: 1 error, 1 warning, 1 info\n"
    );
}

#[test]
fn fail_on_sets_the_exit_status() {
    let file = "tests/fixtures/check/article.txt";
    assert_eq!(check(&[file, "--fail-on", "never"]).0, 0);
    assert_eq!(check(&[file, "--fail-on", "warning"]).0, 1);
    let dir = tempfile::tempdir().unwrap();
    let clean = dir.path().join("clean.txt");
    std::fs::write(
        &clean,
        "Irregular migrants reached the coast; irregular migrants left.",
    )
    .unwrap();
    let (code, stdout, _) = check(&[clean.to_str().unwrap(), "--fail-on", "warning"]);
    assert_eq!((code, stdout.as_str()), (0, ""));
}

#[test]
fn variants_across_documents_with_scope_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
    std::fs::write(&a, "The irregular migrants waited at the port.").unwrap();
    std::fs::write(&b, "Migrants in an irregular situation waited too.").unwrap();
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let (code, stdout, _) = check(&[a, b]);
    assert_eq!(
        (code, stdout.as_str()),
        (0, ""),
        "each document alone is consistent"
    );
    let (code, stdout, _) = check(&[a, b, "--scope", "corpus", "--fail-on", "warning"]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains(&format!("\"irregular migrant\" (preferred) ×1 (line {a}:1); \"migrant in an irregular situation\" ×1 (line {b}:1)")),
        "{stdout}"
    );
}

#[test]
fn a_translation_memory_is_checked_segment_by_segment() {
    let (code, stdout, stderr) = check(&[
        "--source-lang",
        "en",
        "--target-lang",
        "fr",
        "tests/fixtures/check/faults.tmx",
    ]);
    assert_eq!(code, 1);
    // The term in "intro" is split by inline tags and still found; "2" is
    // the position of a tu without a tuid.
    assert_eq!(
        stdout,
        "tests/fixtures/check/faults.tmx#intro: warning: [asylum-seeker] \"asylum seeker\" is rendered 2 ways: \"demandeur d'asile\" in segment intro; \"requérant d'asile\" in segment variant\n\
         tests/fixtures/check/faults.tmx#2: error: [irregular-migrant] the target uses deprecated \"migrants illégaux\" (migrant illégal); use \"migrant en situation irrégulière\"\n\
         tests/fixtures/check/faults.tmx#dropped: error: [asylum-seeker] missing term: the source says \"asylum seekers\" (asylum-seeker); the French target has none of \"demandeur d'asile\", \"demandeur de protection internationale\", \"requérant d'asile\", \"revendicateur du statut de réfugié\", \"demandeur du statut de réfugié\"\n"
    );
    assert_eq!(
        stderr,
        "termalign: checked 4 segments: 2 errors, 1 warning, 0 info\n"
    );
}

#[test]
fn xliff_csv_and_json_name_the_unit() {
    let args = [
        "--source-lang",
        "en",
        "--target-lang",
        "es",
        "tests/fixtures/check/faults.xlf",
    ];
    let (_, csv, _) = check(&[&args[..], &["--format", "csv"]].concat());
    assert_eq!(
        csv,
        "file,line,segment,severity,check,concept,message,matched\n\
         tests/fixtures/check/faults.xlf,11,u2,error,deprecated-term,trafficking-in-persons,\"the target uses deprecated \"\"tráfico de personas\"\" (tráfico de personas); use \"\"trata de personas\"\"\",tráfico de personas\n"
    );
    let (_, json, _) = check(&[&args[..], &["--format", "json"]].concat());
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["summary"]["checked"], 2);
    assert_eq!(value["summary"]["unit"], "segments");
    assert_eq!(value["findings"][0]["segment"], "u2");
    assert_eq!(value["findings"][0]["check"], "deprecated-term");
}

#[test]
fn line_aligned_files_and_every_direction() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("es.txt"),
        "Los refugiados llegaron.\nLa trata de personas es un delito.\n",
    )
    .unwrap();
    std::fs::write(
        d.join("en.txt"),
        "The refugees arrived.\nHuman smuggling is a crime.\n",
    )
    .unwrap();
    let out = Command::new(BIN)
        .args([
            "check",
            "--source-lang",
            "es",
            "--target-lang",
            "en",
            "--source",
            "es.txt",
            "--target",
            "en.txt",
        ])
        .current_dir(d)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1));
    // A term swapped for another concept's: missing, and an addition.
    assert_eq!(
        stdout,
        "es.txt#2: error: [trafficking-in-persons] missing term: the source says \"trata de personas\" (trafficking-in-persons); the English target has none of \"trafficking in persons\", \"human trafficking\", \"trafficking in human beings\", \"people trafficking\", \"trafficking\", \"THB\"\n\
         es.txt#2: info: [migrant-smuggling] the target names migrant-smuggling (\"Human smuggling\"), which the source does not: an addition or a mistranslation?\n"
    );
}

#[test]
fn bad_bilingual_input_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.tmx");
    std::fs::write(
        &bad,
        "<tmx version=\"1.4\"><body><tu><tuv xml:lang=\"en\"><seg>x</tuv></tu></body></tmx>",
    )
    .unwrap();
    let (code, _, stderr) = check(&[
        "--source-lang",
        "en",
        "--target-lang",
        "fr",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("bad.tmx") && stderr.contains("line 1, column"),
        "{stderr}"
    );
    let (code, _, stderr) = check(&["--source-lang", "en", "--target-lang", "en", "x.tmx"]);
    assert_eq!(
        (code, stderr.as_str()),
        (
            2,
            "termalign: --source-lang and --target-lang are both en\n"
        )
    );
}

#[test]
fn inflected_elided_and_admitted_forms_satisfy_the_source() {
    let dir = tempfile::tempdir().unwrap();
    let tsv = dir.path().join("ok.tsv");
    std::fs::write(
        &tsv,
        "Immigration rose sharply.\tL’immigration a fortement augmenté.\n\
         The refugees were resettled.\tLes réfugiées ont été réinstallées.\n\
         An asylum seeker arrived.\tUn requérant d'asile est arrivé.\n",
    )
    .unwrap();
    let (code, stdout, stderr) = check(&[
        "--source-lang",
        "en",
        "--target-lang",
        "fr",
        tsv.to_str().unwrap(),
    ]);
    assert_eq!((code, stdout.as_str()), (0, ""));
    assert_eq!(
        stderr,
        "termalign: checked 3 segments: 0 errors, 0 warnings, 0 info\n"
    );
}

#[test]
fn a_guarded_deprecated_word_in_the_target_is_reported() {
    // "menas" is deprecated and guarded (a word of the street, not only of
    // migration): with no other migration word in the target it is no hit
    // of its own, but the source names its concept, so it is the word the
    // translator chose.
    let dir = tempfile::tempdir().unwrap();
    let tsv = dir.path().join("mena.tsv");
    std::fs::write(
        &tsv,
        "Three unaccompanied minors arrived yesterday.\tLlegaron tres menas ayer.\n",
    )
    .unwrap();
    let (code, stdout, _) = check(&[
        "--source-lang",
        "en",
        "--target-lang",
        "es",
        tsv.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("error: [unaccompanied-child] the target uses deprecated \"menas\""),
        "{stdout}"
    );
}
