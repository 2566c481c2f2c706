//! `termalign align` through the real binary: beads against a hand-made
//! gold alignment, TMX checked by independent readers, batch mode, and odd
//! inputs that must still give sensible output.

use std::path::Path;
use std::process::Command;

use crate::common::{have, repo, run_in};

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let r = run_in(dir, args, None);
    (r.code, r.stdout, r.stderr)
}

const EN: &str = "tests/fixtures/align/talks.en.txt";
const FR: &str = "tests/fixtures/align/talks.fr.txt";

#[test]
fn a_merge_and_a_split_are_found_and_scored_against_gold() {
    let (code, stdout, stderr) = run(
        &repo(),
        &[
            "align",
            EN,
            FR,
            "--format",
            "csv",
            "--gold",
            "tests/fixtures/align/talks.gold",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let beads: Vec<String> = stdout
        .lines()
        .skip(1)
        .map(|l| l.split(',').take(2).collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(beads, ["1 1", "2 2", "3-4 3", "5 4", "6 5", "7 6-7", "8 8"]);
    assert!(
        stderr.contains(
            "precision 1.000, recall 1.000, F1 1.000 (9 gold links, 9 predicted, 9 correct)"
        ),
        "{stderr}"
    );
}

#[test]
fn tsv_has_one_bead_per_line_and_the_baseline_runs_too() {
    for extra in [&[][..], &["--length-only"][..]] {
        let mut args = vec!["align", EN, FR];
        args.extend(extra);
        let (code, stdout, stderr) = run(&repo(), &args);
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(stdout.lines().count(), 7, "{stdout}");
        assert!(stdout.lines().all(|l| l.split('\t').count() == 2));
    }
}

#[test]
fn the_tmx_validates_against_the_dtd_and_loads_in_translate_toolkit() {
    let dir = tempfile::tempdir().unwrap();
    let tmx = dir.path().join("talks.tmx");
    let (code, _, stderr) = run(
        &repo(),
        &[
            "align",
            EN,
            FR,
            "--format",
            "tmx",
            "-o",
            tmx.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    if let Some(dtd) = crate::common::shared("schemas/tmx/tmx14.dtd")
        && have("xmllint", &["--version"])
    {
        let out = Command::new("xmllint")
            .args([
                "--noout",
                "--dtdvalid",
                dtd.to_str().unwrap(),
                tmx.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    if have("python3", &["-c", "import translate.storage.tmx"]) {
        let script = "import sys\nfrom translate.storage import tmx\n\
                      store = tmx.tmxfile.parsefile(sys.argv[1])\n\
                      for u in store.units:\n    print(u.source + '\\t' + u.target)\n";
        let out = Command::new("python3")
            .args(["-c", script, tmx.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let read = String::from_utf8(out.stdout).unwrap();
        assert_eq!(read.lines().count(), 7, "{read}");
        assert!(read.contains(
            "A joint statement is expected next week.\tUn communiqué commun est attendu la semaine prochaine."
        ));
    }
}

#[test]
fn folders_and_pair_lists_align_in_batch() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for side in ["en", "fr"] {
        std::fs::create_dir(d.join(side)).unwrap();
        let text =
            std::fs::read_to_string(repo().join(format!("tests/fixtures/align/talks.{side}.txt")))
                .unwrap();
        std::fs::write(d.join(side).join("talks.txt"), &text).unwrap();
    }
    std::fs::write(d.join("en/only-here.txt"), "Alone.").unwrap();
    let (code, _, stderr) = run(d, &["align", "en", "fr", "--format", "tmx", "-o", "out"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("en/only-here.txt: no file of that name in fr"),
        "{stderr}"
    );
    assert!(d.join("out/talks.tmx").is_file());

    std::fs::write(d.join("pairs.tsv"), "en/talks.txt\tfr/talks.txt\n").unwrap();
    let (code, _, stderr) = run(d, &["align", "--pairs", "pairs.tsv", "-o", "out2"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        std::fs::read_to_string(d.join("out2/talks.tsv"))
            .unwrap()
            .lines()
            .count(),
        7
    );

    let (code, _, stderr) = run(d, &["align", "en", "fr"]);
    assert_eq!(
        (code, stderr.as_str()),
        (
            2,
            "termalign: batch alignment writes one file per pair: give -o FOLDER\n"
        )
    );
}

#[test]
fn odd_inputs_give_sensible_output() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let long_en = "The border was closed. ".repeat(300);
    let cases: [(&str, &str, &str, &str); 6] = [
        (
            "empty side",
            "Refugees arrived. They were housed.",
            "",
            "Refugees arrived.\t\nThey were housed.\t\n",
        ),
        ("both empty", "", "", ""),
        (
            "identical",
            "Refugees arrived. They were housed.",
            "Refugees arrived. They were housed.",
            "Refugees arrived.\tRefugees arrived.\nThey were housed.\tThey were housed.\n",
        ),
        (
            "one line each",
            "Refugees arrived",
            "Les réfugiés sont arrivés",
            "Refugees arrived\tLes réfugiés sont arrivés\n",
        ),
        (
            "no punctuation",
            "refugees arrived\nthey were housed",
            "les réfugiés sont arrivés\nils ont été logés",
            "",
        ),
        (
            "wildly different lengths",
            &long_en,
            "La frontière a été fermée.",
            "",
        ),
    ];
    for (what, en, fr, want) in cases {
        std::fs::write(d.join("en.txt"), en).unwrap();
        std::fs::write(d.join("fr.txt"), fr).unwrap();
        let (code, stdout, stderr) = run(
            d,
            &[
                "align",
                "--source-lang",
                "en",
                "--target-lang",
                "fr",
                "en.txt",
                "fr.txt",
            ],
        );
        assert_eq!(code, 0, "{what}: {stderr}");
        if !want.is_empty() {
            assert_eq!(stdout, want, "{what}");
        }
        // Every sentence of both sides appears exactly once, in order.
        let (mut left, mut right) = (Vec::new(), Vec::new());
        for line in stdout.lines() {
            let (a, b) = line.split_once('\t').unwrap();
            left.extend((!a.is_empty()).then_some(a));
            right.extend((!b.is_empty()).then_some(b));
        }
        let joined = |v: &[&str]| v.join(" ");
        let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(joined(&left), squash(en), "{what}");
        assert_eq!(joined(&right), squash(fr), "{what}");
    }
}

#[test]
fn an_undetectable_language_asks_for_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "???").unwrap();
    std::fs::write(
        dir.path().join("b.txt"),
        "Les réfugiés sont arrivés hier à la frontière.",
    )
    .unwrap();
    let (code, _, stderr) = run(dir.path(), &["align", "a.txt", "b.txt"]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "termalign: a.txt: cannot tell whether it is English, French or Spanish; give --source-lang\n"
    );
}

/// Pre-split input: each line is a segment. A line ending in a colon or a
/// comma is not joined to the next, a line of two sentences is not cut,
/// blank lines are not segments, and a CRLF's CR is not text.
#[test]
fn segmented_input_keeps_its_lines_as_segments() {
    let dir = tempfile::tempdir().unwrap();
    let en = "The border closed.\r\nMigrants waited:\r\nmany, for weeks.\r\n\r\n  Some returned home. Others stayed.\r\n";
    let fr = "La frontière a fermé.\nLes migrants ont attendu :\nbeaucoup, pendant des semaines.\n\nCertains sont rentrés. D’autres sont restés.\n";
    for name in ["a.txt", "a.en"] {
        std::fs::write(dir.path().join(name), en).unwrap();
    }
    for name in ["b.txt", "b.fr"] {
        std::fs::write(dir.path().join(name), fr).unwrap();
    }
    let beads = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["align", "--format", "csv"];
        all.extend(args);
        let (code, stdout, stderr) = run(dir.path(), &all);
        assert_eq!(code, 0, "{stderr}");
        stdout
            .lines()
            .skip(1)
            .map(|l| l.split(',').take(3).collect::<Vec<_>>().join("|"))
            .collect()
    };
    let lines = [
        "1|1|The border closed.",
        "2|2|Migrants waited:",
        "3|3|\"many",
        "4|4|Some returned home. Others stayed.",
    ];
    let split = [
        "1|1|The border closed.",
        "2|2|\"Migrants waited: many",
        "3|3|Some returned home.",
        "4|4|Others stayed.",
    ];
    // Files named by their language are pre-split by default.
    assert_eq!(beads(&["a.en", "b.fr"]), lines);
    assert_eq!(beads(&["a.txt", "b.txt", "--segmented"]), lines);
    // Other files are running text, and --running-text says so for any.
    assert_eq!(beads(&["a.txt", "b.txt"]), split);
    assert_eq!(beads(&["a.en", "b.fr", "--running-text"]), split);
    // Both flags at once is a usage error.
    let (code, _, stderr) = run(
        dir.path(),
        &["align", "a.en", "b.fr", "--segmented", "--running-text"],
    );
    assert_eq!(code, 2, "{stderr}");
}
