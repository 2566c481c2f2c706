//! An interrupted run leaves no temporary file behind: the output's
//! temporary file is deleted and the process exits with 128 + the signal's
//! number, as a shell reports it (130 for Ctrl-C). A signal ignored when
//! termalign starts stays ignored, and the others are still handled.

#![cfg(unix)]

mod common;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::file_names;

const TIMEOUT: Duration = Duration::from_secs(30);

/// Whether this process ignores `signal` (as under `nohup`, or in a
/// script's background job): the binary then inherits that and leaves the
/// signal alone. Known on Linux only; elsewhere taken as not ignored.
fn ignored(signal: i32) -> bool {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return false;
    };
    status
        .lines()
        .find_map(|line| line.strip_prefix("SigIgn:"))
        .and_then(|mask| u64::from_str_radix(mask.trim(), 16).ok())
        .is_some_and(|mask| mask & (1 << (signal - 1)) != 0)
}

/// Kills the child if a check fails, so that no process is left waiting on
/// its standard input.
struct Reaper(Child);

impl Drop for Reaper {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The number of a signal: SIGHUP, SIGINT and SIGTERM are 1, 2 and 15 on
/// every Unix.
fn number(signal: &str) -> i32 {
    match signal {
        "HUP" => 1,
        "INT" => 2,
        "TERM" => 15,
        _ => unreachable!("{signal}"),
    }
}

fn send(child: &Child, signal: &str) {
    let pid = child.id().to_string();
    let kill = Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(&pid)
        .status()
        .unwrap();
    assert!(kill.success(), "kill -{signal} {pid}: {kill}");
}

/// `signal`, sent to a run waiting for its input with its output open,
/// ends it with 128 + the signal's number and leaves nothing behind.
/// `ignore_sigint`: the run starts with SIGINT ignored, as a script's
/// background job does; SIGINT is then sent first, and must do nothing.
fn interrupted_run_leaves_nothing(signal: &str, ignore_sigint: bool) {
    if ignored(number(signal)) {
        eprintln!("skipped: SIG{signal} is ignored here, so termalign keeps it so");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.csv");
    let mut command = Command::new(env!("CARGO_BIN_EXE_termalign"));
    command
        .arg("concordance")
        .arg("-o")
        .arg(&out)
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if ignore_sigint {
        use std::os::unix::process::CommandExt;
        // SAFETY: signal() is async-signal-safe, as pre_exec requires.
        unsafe {
            command.pre_exec(|| {
                libc::signal(libc::SIGINT, libc::SIG_IGN);
                Ok(())
            });
        }
    }
    let child = command.spawn().unwrap();
    let mut child = Reaper(child);
    // Kept open: the run waits for its input with its output already open.
    let stdin = child.0.stdin.take();

    let start = Instant::now();
    while !file_names(dir.path())
        .iter()
        .any(|n| n.starts_with(".termalign-") && n.ends_with(".tmp"))
    {
        if let Some(status) = child.0.try_wait().unwrap() {
            panic!("termalign ended ({status}) before making its temporary file");
        }
        assert!(
            start.elapsed() < TIMEOUT,
            "no temporary file in {} after {TIMEOUT:?}: {:?}",
            dir.path().display(),
            file_names(dir.path())
        );
        std::thread::sleep(Duration::from_millis(20));
    }

    if ignore_sigint {
        send(&child.0, "INT");
        std::thread::sleep(Duration::from_millis(300));
        assert!(
            child.0.try_wait().unwrap().is_none(),
            "an ignored SIGINT ended the run"
        );
    }
    send(&child.0, signal);

    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.0.try_wait().unwrap() {
            break status;
        }
        assert!(
            start.elapsed() < TIMEOUT,
            "termalign still running {TIMEOUT:?} after SIG{signal}"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    drop(stdin);
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.0.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_eq!(
        status.code(),
        Some(128 + number(signal)),
        "after SIG{signal}: {status}; stderr: {stderr}"
    );
    assert_eq!(
        file_names(dir.path()),
        Vec::<String>::new(),
        "left behind after SIG{signal}"
    );
}

#[test]
fn sigint_leaves_no_temporary_file() {
    interrupted_run_leaves_nothing("INT", false);
}

#[test]
fn sigterm_leaves_no_temporary_file() {
    interrupted_run_leaves_nothing("TERM", false);
}

#[test]
fn sighup_leaves_no_temporary_file() {
    interrupted_run_leaves_nothing("HUP", false);
}

#[test]
fn sigterm_is_handled_in_a_background_job_that_ignores_sigint() {
    interrupted_run_leaves_nothing("TERM", true);
}
