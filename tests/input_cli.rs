//! Where documents and side inputs come from, end to end (issue 16, items
//! 9 and 12–15): side inputs bounded and refused when they cannot be files,
//! endless JSON Lines records, FIFOs and links in a folder walk, and JSON
//! Lines ids kept as written.

use std::path::Path;

use crate::common::{Run, repo, run_in};

/// A folder holding an English article, its French translation, a
/// glossary, suggestions, a gold file and a pair list.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let fixtures = repo().join("tests/fixtures");
    for (from, to) in [
        ("align/talks.en.txt", "good.txt"),
        ("align/talks.fr.txt", "good.fr.txt"),
        ("merge/glossary.csv", "glossary.csv"),
        ("merge/suggestions.csv", "suggestions.csv"),
    ] {
        std::fs::copy(fixtures.join(from), d.join(to)).unwrap();
    }
    dir
}

fn expect(dir: &Path, args: &[&str], code: i32, message: &str) -> Run {
    let r = run_in(dir, args, None);
    let shown = format!("termalign {}\n{}", args.join(" "), r.stderr);
    assert_eq!(r.code, code, "exit status of {shown}");
    assert!(
        r.stderr.contains(message),
        "{message:?} not in the stderr of {shown}"
    );
    assert!(!r.stderr.contains("panicked"), "{shown}");
    r
}

/// Every side input named as `/dev/zero` (which once took 4 GB in 3.5 s)
/// is refused at once, naming it; none is read.
#[cfg(unix)]
#[test]
fn a_device_as_a_side_input_is_refused_at_once() {
    let dir = workspace();
    let d = dir.path();
    let z = "/dev/zero";
    let message = "/dev/zero: a character device, not a file: give a regular file or a pipe";
    let en_fr = ["--source-lang", "en", "--target-lang", "fr"];
    let cases: Vec<Vec<&str>> = vec![
        vec![
            "concordance",
            "-g",
            z,
            "--glossary-format",
            "csv",
            "good.txt",
        ],
        vec!["glossary", "lint", z, "--glossary-format", "csv"],
        vec!["glossary", "merge", z],
        vec![
            "glossary",
            "merge",
            "-g",
            z,
            "--glossary-format",
            "csv",
            "suggestions.csv",
        ],
        vec!["align", "good.txt", "good.fr.txt", "--dictionary", z],
        vec!["align", "good.txt", "good.fr.txt", "--gold", z],
        [&["align", "--pairs", z, "-o", "."], &en_fr[..]].concat(),
        [
            &["check", "--source", z, "--target", "good.fr.txt"],
            &en_fr[..],
        ]
        .concat(),
        [
            &["check", "--source", "good.txt", "--target", z],
            &en_fr[..],
        ]
        .concat(),
        [&["check", "--glossary", "glossary.csv", z], &en_fr[..]].concat(),
        [&["suggest", "--pairs", z], &en_fr[..]].concat(),
        vec!["suggest", "good.txt", "good.fr.txt", "--gold", z],
        vec!["merge", z],
    ];
    for args in &cases {
        expect(d, args, 2, message);
    }
}
