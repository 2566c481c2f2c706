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

    // `align --pairs LIST -o FOLDER`, en to fr.
    let align_pairs = |list: &str, out: &str| {
        let args = [
            "align",
            "--source-lang",
            "en",
            "--target-lang",
            "fr",
            "--pairs",
            list,
            "-o",
            out,
        ];
        run_in(d, &args, None)
    };

    // The pair list list.tsv pairs list.txt, whose output is list.tsv.
    std::fs::copy(d.join("talks.en.txt"), d.join("list.txt")).unwrap();
    std::fs::write(d.join("list.tsv"), "list.txt\ttalks.fr.txt\n").unwrap();
    let list = saved("list.tsv");
    let r = align_pairs("list.tsv", ".");
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
    let r = align_pairs("pairs.tsv", "x");
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

/// Issue 16, item 5: what cannot take a file is known before any work, and
/// no other output is replaced.
#[test]
fn targets_are_checked_before_any_work() {
    let dir = workspace();
    let d = dir.path();
    std::fs::create_dir(d.join("adir")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("nowhere/x.csv", d.join("dl.csv")).unwrap();
    let long = format!("{}.csv", "a".repeat(300));
    let mut cases = vec![
        (
            "adir",
            "cannot write adir: a folder; give a file name".to_string(),
        ),
        (
            long.as_str(),
            format!("cannot write {long}: File name too long (os error 36)"),
        ),
        (
            "nosuch/x.csv",
            "cannot write nosuch/x.csv: the folder nosuch does not exist".to_string(),
        ),
    ];
    #[cfg(unix)]
    cases.push((
        "dl.csv",
        "cannot write dl.csv: a symbolic link to nowhere/x.csv, which does not exist; \
         remove the link or make its target"
            .to_string(),
    ));
    for (target, message) in &cases {
        std::fs::write(d.join("bc.csv"), "PREV\n").unwrap();
        for args in [
            &[
                "concordance",
                "talks.en.txt",
                "-o",
                target,
                "--by-concept",
                "bc.csv",
            ][..],
            &[
                "concordance",
                "talks.en.txt",
                "-o",
                "bc.csv",
                "--by-concept",
                target,
            ],
        ] {
            let r = run_in(d, args, None);
            refused(&r, message);
            holds(d, "bc.csv", "PREV\n");
        }
        for args in [
            &["detect", "talks.en.txt", "-o", target][..],
            &["check", "talks.en.txt", "-o", target],
            &["align", "talks.en.txt", "talks.fr.txt", "-o", target],
            &[
                "suggest",
                "talks.en.txt",
                "talks.fr.txt",
                "-o",
                "bc.csv",
                "--candidates",
                target,
            ],
            &["glossary", "export", "-f", "csv", "-o", target],
        ] {
            let r = run_in(d, args, None);
            refused(&r, message);
            holds(d, "bc.csv", "PREV\n");
        }
    }
    // In a batch, a pair whose output cannot be written stops the run before
    // any pair is aligned.
    std::fs::create_dir_all(d.join("en")).unwrap();
    std::fs::create_dir_all(d.join("fr")).unwrap();
    for name in ["a.txt", "b.txt"] {
        std::fs::copy(d.join("talks.en.txt"), d.join("en").join(name)).unwrap();
        std::fs::copy(d.join("talks.fr.txt"), d.join("fr").join(name)).unwrap();
    }
    std::fs::create_dir_all(d.join("out/b.tsv")).unwrap();
    let r = run_in(d, &["align", "en", "fr", "-o", "out"], None);
    refused(&r, "cannot write out/b.tsv: a folder; give a file name");
    assert_eq!(file_names(&d.join("out")), ["b.tsv"], "a.tsv not written");
    let left: Vec<String> = file_names(d)
        .into_iter()
        .filter(|n| n.starts_with(".termalign-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// Issue 16, item 4: rows to a standard output closed at once (`| head`)
/// do not cancel the by-concept table or the candidates, and the run exits
/// 0, as a closed pipe is not an error; alone, the rows end the run there.
#[test]
fn a_closed_standard_output_does_not_cancel_the_other_outputs() {
    use std::process::{Command, Stdio};
    let dir = workspace();
    let d = dir.path();
    let closed_stdout = |args: &[&str]| {
        let mut child = Command::new(crate::common::BIN)
            .args(args)
            .current_dir(d)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The reader leaves before the first row: every write fails.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let r = run_in(
        d,
        &[
            "concordance",
            "talks.en.txt",
            "--by-concept",
            "want.csv",
            "-o",
            "/dev/null",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (code, stderr) = closed_stdout(&["concordance", "talks.en.txt", "--by-concept", "bc.csv"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        std::fs::read(d.join("bc.csv")).unwrap(),
        std::fs::read(d.join("want.csv")).unwrap()
    );
    let (code, stderr) = closed_stdout(&[
        "suggest",
        "talks.en.txt",
        "talks.fr.txt",
        "--candidates",
        "cand.csv",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(d.join("cand.csv").exists(), "{stderr}");
    let (code, stderr) = closed_stdout(&["concordance", "talks.en.txt"]);
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
}

/// Issue 16, item 21: the temporary file of a run killed by SIGKILL is
/// deleted by the next run that writes in that folder; that of a run still
/// going is kept, and that run ends well.
#[cfg(unix)]
#[test]
fn a_killed_runs_temporary_file_is_swept_by_the_next_run() {
    use std::io::Write;
    use std::process::{Child, Command, Stdio};
    let dir = workspace();
    let d = dir.path();
    let temporaries = || -> Vec<String> {
        file_names(d)
            .into_iter()
            .filter(|n| n.starts_with(".termalign-") && n.ends_with(".tmp"))
            .collect()
    };
    // A run reading standard input, held open: its output's temporary file
    // is made before it reads a byte.
    let start = |out: &str| -> (Child, String) {
        let before = temporaries();
        let mut child = Command::new(crate::common::BIN)
            .args(["concordance", "-", "-o", out])
            .current_dir(d)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        for _ in 0..3000 {
            if let Some(new) = temporaries().into_iter().find(|n| !before.contains(n)) {
                return (child, new);
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("no temporary file appeared");
    };
    let (mut killed, stale) = start("killed.csv");
    killed.kill().unwrap(); // SIGKILL: nothing can delete it
    killed.wait().unwrap();
    assert!(d.join(&stale).exists(), "SIGKILL left {stale}");
    let (mut live, kept) = start("live.csv");

    let r = run_in(d, &["concordance", "talks.en.txt", "-o", "out.csv"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!d.join(&stale).exists(), "{stale} swept");
    assert!(d.join(&kept).exists(), "{kept} kept: its run is going");

    let mut stdin = live.stdin.take().unwrap();
    stdin.write_all(b"The refugees arrived.\n").unwrap();
    drop(stdin);
    assert!(live.wait().unwrap().success());
    assert!(d.join("live.csv").exists() && !d.join(&kept).exists());
    assert!(temporaries().is_empty(), "{:?}", temporaries());
}
