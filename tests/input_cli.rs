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

fn mkfifo(path: &Path) {
    let made = std::process::Command::new("mkfifo").arg(path).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo {}", path.display());
}

/// A FIFO named `b.txt` in a folder once blocked `detect d` for ever: a
/// walk reads regular files only and says what it skipped. A FIFO named on
/// the command line is read, once, as a stream.
#[cfg(unix)]
#[test]
fn a_fifo_in_a_folder_is_skipped_and_one_named_is_read() {
    let dir = workspace();
    let d = dir.path();
    std::fs::create_dir(d.join("d")).unwrap();
    std::fs::copy(d.join("good.txt"), d.join("d/a.txt")).unwrap();
    mkfifo(&d.join("d/b.txt"));
    let r = run_guarded(d, &["detect", "d"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout.lines().count(), 2, "{}", r.stdout);
    assert!(r.stdout.contains("d/a.txt,en,"), "{}", r.stdout);
    assert!(
        r.stderr
            .contains("termalign: d/b.txt: skipped: a FIFO, not a regular file"),
        "{}",
        r.stderr
    );
    let fifo = d.join("d/b.txt");
    let text = std::fs::read(d.join("good.txt")).unwrap();
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::write(fifo, text))
    };
    let r = run_guarded(d, &["concordance", "d/b.txt"]);
    // Should the run not have opened it, the writer is let go.
    use std::os::unix::fs::OpenOptionsExt;
    let _release = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(&fifo);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains(",d/b.txt,1,"), "{}", r.stdout);
    writer.join().unwrap().unwrap();
}

/// A folder walk does not follow links (it once followed them out of the
/// folder and read one file several times); `--follow` follows them, reads
/// each file once and does not go round a loop.
#[cfg(unix)]
#[test]
fn links_are_followed_only_when_asked_and_each_file_read_once() {
    use std::os::unix::fs::symlink;
    let dir = workspace();
    let d = dir.path();
    std::fs::create_dir_all(d.join("d/sub")).unwrap();
    std::fs::create_dir(d.join("elsewhere")).unwrap();
    std::fs::copy(d.join("good.txt"), d.join("d/a.txt")).unwrap();
    std::fs::copy(d.join("good.fr.txt"), d.join("elsewhere/fr.txt")).unwrap();
    symlink("../elsewhere/fr.txt", d.join("d/fr.txt")).unwrap();
    symlink("../../elsewhere", d.join("d/sub/elsewhere")).unwrap();
    symlink("../a.txt", d.join("d/sub/again.txt")).unwrap();
    symlink("..", d.join("d/sub/up")).unwrap();

    let r = run_guarded(d, &["detect", "d"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout.lines().skip(1).count(), 1, "{}", r.stdout);
    assert!(
        r.stderr.contains(
            "termalign: d: skipped 4 symbolic links (not followed); --follow follows them"
        ),
        "{}",
        r.stderr
    );

    let r = run_guarded(d, &["detect", "--follow", "d"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let docs: Vec<&str> = r
        .stdout
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(docs, ["d/a.txt", "d/fr.txt"], "{}", r.stdout);
    for note in [
        "termalign: d/sub/again.txt: skipped: the same file as d/a.txt, read once",
        "termalign: d/sub/elsewhere/fr.txt: skipped: the same file as d/fr.txt, read once",
        "termalign: d/sub/up: not followed: a link back to d, which is being walked",
    ] {
        assert!(r.stderr.contains(note), "{note:?} not in {}", r.stderr);
    }
}
