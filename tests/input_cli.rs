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

/// Runs the binary in `dir`, killed after two minutes so that a hang fails
/// the test instead of stalling the suite (a guard, not a timing: the runs
/// it guards take milliseconds).
fn run_guarded(dir: &Path, args: &[&str]) -> Run {
    use std::process::{Command, Stdio};
    let child = Command::new(crate::common::BIN)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let pid = child.id();
    let (done, wait) = std::sync::mpsc::channel::<()>();
    let guard = std::thread::spawn(move || {
        if wait
            .recv_timeout(std::time::Duration::from_secs(120))
            .is_err()
        {
            // SAFETY: kill has no preconditions; the child is ours.
            #[cfg(unix)]
            unsafe {
                libc::kill(pid as i32, libc::SIGKILL);
            }
        }
    });
    let out = child.wait_with_output().unwrap();
    let _ = done.send(());
    guard.join().unwrap();
    let r = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert_ne!(r.code, -1, "termalign {} hung (killed)", args.join(" "));
    r
}

/// `detect --jsonl /dev/zero` once never ended and printed nothing: the
/// first NUL byte ends the file, naming file and line.
#[cfg(unix)]
#[test]
fn jsonl_on_an_endless_stream_ends() {
    let dir = workspace();
    for command in ["detect", "concordance", "check"] {
        let r = run_guarded(dir.path(), &[command, "--jsonl", "/dev/zero"]);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(
            r.stderr.contains(
                "/dev/zero:1: binary file: NUL byte at column 1; termalign reads text (no record \
                 before it: the rest of the file is skipped)"
            ),
            "{}",
            r.stderr
        );
    }
}

/// JSON Lines numeric ids are written as they were read, in every output
/// that names a document (`1e2` was `100.0`; 2^64 and 2^64 + 1 were one).
#[test]
fn jsonl_numeric_ids_keep_their_text() {
    let dir = workspace();
    let d = dir.path();
    std::fs::write(
        d.join("ids.jsonl"),
        "{\"id\": 1e2, \"text\": \"The asylum seeker applied for a visa.\"}\n\
         {\"id\": 18446744073709551616, \"text\": \"The asylum seeker applied for a visa.\"}\n\
         {\"id\": 18446744073709551617, \"text\": \"The asylum seeker applied for a visa.\"}\n",
    )
    .unwrap();
    let ids = ["1e2", "18446744073709551616", "18446744073709551617"];
    let r = run_in(d, &["detect", "--jsonl", "ids.jsonl"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let docs: Vec<&str> = r
        .stdout
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(docs, ids, "{}", r.stdout);
    let r = run_in(d, &["concordance", "--jsonl", "ids.jsonl"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for id in ids {
        assert!(
            r.stdout.contains(&format!(",{id},1,")),
            "{id} in {}",
            r.stdout
        );
    }
    assert!(!r.stdout.contains("100.0") && !r.stdout.contains("e+19"));
}
