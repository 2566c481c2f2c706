//! What the CLI test binaries share: running the real binary, and checking
//! whether an external validator can run.

// Each test binary uses its own subset.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub const BIN: &str = env!("CARGO_BIN_EXE_termalign");

/// The repository, where `seeds/`, `glossaries/` and `tests/fixtures/` are.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// What a run of the binary gave.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the binary in `dir` with `args`, feeding `stdin` (or none).
pub fn run_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
    run_with_env(dir, args, stdin, &[])
}

/// [`run_in`] with variables added to the environment.
pub fn run_with_env(dir: &Path, args: &[&str], stdin: Option<&[u8]>, env: &[(&str, &str)]) -> Run {
    let mut child = Command::new(BIN)
        .args(args)
        .envs(env.iter().copied())
        .current_dir(dir)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    if let Some(bytes) = stdin {
        child.stdin.take().unwrap().write_all(bytes).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// The names of the files in `dir`, sorted.
pub fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A file or folder of `../shared` (beside the repository), when it is there.
/// CI runs beside it, so there a missing one fails the test; elsewhere the
/// check is skipped with a note.
pub fn shared(relative: &str) -> Option<PathBuf> {
    let path = repo().join("../shared").join(relative);
    if path.exists() {
        return Some(path);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI runs beside ../shared: {} must be there",
        path.display()
    );
    eprintln!("note: {} is absent; skipping this check", path.display());
    None
}

/// Whether an external validator can run. CI installs them, so there a
/// missing one fails the test; elsewhere the check is skipped with a note.
pub fn have(program: &str, probe: &[&str]) -> bool {
    let ok = Command::new(program)
        .args(probe)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install {program} ({probe:?} failed)"
        );
        eprintln!("note: {program} {probe:?} is not available here; skipping this check");
    }
    ok
}

/// Compares line by line and prints the differing lines, not two walls of text.
pub fn assert_same(got: &str, want: &str, what: &str) {
    if got == want {
        return;
    }
    let mut report = format!("{what} differs from the expected output:\n");
    let (g, w): (Vec<&str>, Vec<&str>) = (got.lines().collect(), want.lines().collect());
    for i in 0..g.len().max(w.len()) {
        let (a, b) = (g.get(i), w.get(i));
        if a != b {
            report.push_str(&format!(
                "line {}:\n  want {:?}\n  got  {:?}\n",
                i + 1,
                b,
                a
            ));
        }
    }
    panic!("{report}");
}
