//! Outputs, end to end: no output replaces an input (documents and every
//! side input, under any spelling or a hard link) or another output; every
//! target is checked before any work; the outputs of a run are committed
//! all or none; a closed standard output does not cancel the other outputs;
//! temporary files left by a killed run are swept by the next run there.

use std::path::Path;

use crate::common::{Run, file_names, repo, run_in};

/// A folder with an English article and its French translation, a
/// dictionary, gold links and a glossary.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let fixtures = repo().join("tests/fixtures");
    for (from, to) in [
        ("align/talks.en.txt", "talks.en.txt"),
        ("align/talks.fr.txt", "talks.fr.txt"),
        ("align/talks.gold", "talks.gold"),
        ("merge/glossary.csv", "glossary.csv"),
    ] {
        std::fs::copy(fixtures.join(from), d.join(to)).unwrap();
    }
    std::fs::write(
        d.join("d.tsv"),
        "migration\tmigratoire\ntalks\tentretiens\n",
    )
    .unwrap();
    dir
}

fn refused(r: &Run, message: &str) {
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains(message),
        "{message:?} not in:\n{}",
        r.stderr
    );
}

/// Issue 16, items 1 and 2: every side input is an input, and so is every
/// file a list of pairs names.
#[test]
fn no_output_replaces_a_side_input() {
    let dir = workspace();
    let d = dir.path();
    let saved = |name: &str| std::fs::read(d.join(name)).unwrap();
    let dictionary = saved("d.tsv");
    let r = run_in(
        d,
        &[
            "align",
            "talks.en.txt",
            "talks.fr.txt",
            "--dictionary",
            "d.tsv",
            "-o",
            "d.tsv",
        ],
        None,
    );
    refused(&r, "refusing to write d.tsv: it is one of the inputs");
    assert_eq!(saved("d.tsv"), dictionary);
    let gold = saved("talks.gold");
    let r = run_in(
        d,
        &[
            "align",
            "talks.en.txt",
            "talks.fr.txt",
            "--gold",
            "talks.gold",
            "-o",
            "./talks.gold",
        ],
        None,
    );
    refused(
        &r,
        "refusing to write ./talks.gold: it is one of the inputs (the same file as talks.gold)",
    );
    assert_eq!(saved("talks.gold"), gold);

    // The pair list list.tsv pairs list.txt, whose output is list.tsv.
    std::fs::copy(d.join("talks.en.txt"), d.join("list.txt")).unwrap();
    std::fs::write(d.join("list.tsv"), "list.txt\ttalks.fr.txt\n").unwrap();
    let list = saved("list.tsv");
    let r = run_in(
        d,
        &[
            "align",
            "--source-lang",
            "en",
            "--target-lang",
            "fr",
            "--pairs",
            "list.tsv",
            "-o",
            ".",
        ],
        None,
    );
    refused(&r, "refusing to write ./list.tsv: it is one of the inputs");
    assert_eq!(saved("list.tsv"), list);

    // A listed document of one pair is the output of another.
    std::fs::create_dir(d.join("x")).unwrap();
    std::fs::copy(d.join("talks.fr.txt"), d.join("x/b.tsv")).unwrap();
    std::fs::write(
        d.join("pairs.tsv"),
        "talks.en.txt\tx/b.tsv\nx/b.txt\ttalks.fr.txt\n",
    )
    .unwrap();
    std::fs::copy(d.join("talks.en.txt"), d.join("x/b.txt")).unwrap();
    let b = saved("x/b.tsv");
    let r = run_in(
        d,
        &[
            "align",
            "--source-lang",
            "en",
            "--target-lang",
            "fr",
            "--pairs",
            "pairs.tsv",
            "-o",
            "x",
        ],
        None,
    );
    refused(&r, "refusing to write x/b.tsv: it is one of the inputs");
    assert_eq!(saved("x/b.tsv"), b);

    // A hard link to the glossary is the glossary.
    std::fs::hard_link(d.join("glossary.csv"), d.join("g2.csv")).unwrap();
    let glossary = saved("glossary.csv");
    let r = run_in(
        d,
        &[
            "concordance",
            "talks.en.txt",
            "-g",
            "glossary.csv",
            "-o",
            "g2.csv",
        ],
        None,
    );
    refused(
        &r,
        "refusing to write g2.csv: it is one of the inputs (the same file as glossary.csv)",
    );
    assert_eq!(saved("glossary.csv"), glossary);
}

/// Issue 16, item 3: one new file named twice is refused, whatever the
/// spelling.
#[test]
fn two_spellings_of_one_new_output_are_refused() {
    let dir = workspace();
    let d = dir.path();
    std::fs::create_dir(d.join("sub")).unwrap();
    for other in ["./x.csv", "sub/../x.csv"] {
        let r = run_in(
            d,
            &[
                "concordance",
                "talks.en.txt",
                "-o",
                "x.csv",
                "--by-concept",
                other,
            ],
            None,
        );
        refused(
            &r,
            &format!("two outputs go to {other}: give each its own file"),
        );
        assert!(!d.join("x.csv").exists());
    }
    let r = run_in(
        d,
        &[
            "suggest",
            "talks.en.txt",
            "talks.fr.txt",
            "-o",
            "s.csv",
            "--candidates",
            "./s.csv",
        ],
        None,
    );
    refused(&r, "two outputs go to ./s.csv");
    assert_eq!(
        file_names(d).iter().filter(|n| n.starts_with('.')).count(),
        0,
        "no temporary file left"
    );
}

/// Checks that `name` in `dir` holds `want`.
pub(crate) fn holds(dir: &Path, name: &str, want: &str) {
    assert_eq!(
        std::fs::read_to_string(dir.join(name)).unwrap(),
        want,
        "{name}"
    );
}
