//! The names of temporary files, and the sweep of those a killed run left.
//!
//! An interrupt deletes a run's temporary files, but SIGKILL, a crash or a
//! power cut cannot be caught: the hidden `.termalign-*.tmp` files stay
//! (67 MB were seen). So each is named after the machine and the process
//! that made it, `.termalign-HOST-PID-XXXXXX.tmp` (HOST a hash of the host
//! name, XXXXXX random), and a run about to write into a folder first
//! deletes those left there by runs that have ended: of this machine, when
//! no process PID exists; of another machine (a shared folder, where PIDs
//! mean nothing here), or named as versions before this one named them
//! (`.termalign-XXXXXX.tmp`), when untouched for [`STALE_AFTER`]. A file
//! whose process lives is kept, whatever its age: a PID reused by another
//! process only delays the sweep until that one ends. Nothing else is
//! touched: only regular files of exactly these shapes.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, SystemTime};

/// How long a temporary file whose owner cannot be asked (another machine's,
/// or an older version's) must have been left untouched to be deleted.
pub const STALE_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// Random characters tempfile puts in a name (its default).
const RANDOM_CHARS: usize = 6;

/// `.termalign-HOST-PID-`: how this process's temporary files start.
pub fn temporary_prefix() -> &'static str {
    static PREFIX: OnceLock<String> = OnceLock::new();
    PREFIX.get_or_init(|| format!(".termalign-{:08x}-{}-", host(), std::process::id()))
}

/// A builder of this process's temporary files.
pub(super) fn builder() -> tempfile::Builder<'static, 'static> {
    let mut builder = tempfile::Builder::new();
    builder
        .prefix(temporary_prefix())
        .suffix(".tmp")
        .rand_bytes(RANDOM_CHARS);
    builder
}

/// This machine: a 32-bit FNV-1a hash of its host name (the same in every
/// version and build), 0 where it cannot be read.
fn host() -> u32 {
    let name = host_name();
    name.iter().fold(0x811c_9dc5u32, |hash, &byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    })
}

#[cfg(unix)]
fn host_name() -> Vec<u8> {
    let mut buf = [0u8; 256];
    // SAFETY: the buffer is writable for its length; gethostname writes at
    // most that many bytes.
    let ok = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) } == 0;
    if !ok {
        return Vec::new();
    }
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    buf[..end].to_vec()
}

#[cfg(not(unix))]
fn host_name() -> Vec<u8> {
    std::env::var("COMPUTERNAME")
        .unwrap_or_default()
        .into_bytes()
}

/// Who left a temporary file, as its name tells.
#[derive(Debug, PartialEq, Eq)]
enum Owner {
    /// A process of the machine whose hash is `host`.
    Process { host: u32, pid: u32 },
    /// A version before the names told the owner.
    Unknown,
}

/// The owner of a file named as termalign names its temporary files, or
/// None for any other name.
fn owner(name: &str) -> Option<Owner> {
    let middle = name.strip_prefix(".termalign-")?.strip_suffix(".tmp")?;
    let random = |s: &str| s.len() == RANDOM_CHARS && s.bytes().all(|b| b.is_ascii_alphanumeric());
    if random(middle) {
        return Some(Owner::Unknown);
    }
    let mut parts = middle.splitn(3, '-');
    let (host, pid, rest) = (parts.next()?, parts.next()?, parts.next()?);
    let hex = host.len() == 8 && host.bytes().all(|b| b.is_ascii_hexdigit());
    let digits = !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit());
    if !(hex && digits && random(rest)) {
        return None;
    }
    Some(Owner::Process {
        host: u32::from_str_radix(host, 16).ok()?,
        pid: pid.parse().ok()?,
    })
}

/// Whether a process `pid` exists on this machine (one of another user's
/// counts: it may be a run of theirs).
#[cfg(unix)]
fn alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    if pid <= 0 {
        return false;
    }
    // SAFETY: signal 0 only asks whether the process exists.
    let exists = unsafe { libc::kill(pid, 0) } == 0;
    exists || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// Without a way to ask, every process is taken to live: only age counts.
#[cfg(not(unix))]
fn alive(_pid: u32) -> bool {
    true
}

/// Whether the temporary file `name`, last modified at `modified`, was left
/// by a run that has ended, as of `now`.
fn is_stale(name: &str, modified: SystemTime, now: SystemTime) -> bool {
    let old = now
        .duration_since(modified)
        .is_ok_and(|age| age > STALE_AFTER);
    match owner(name) {
        None => false,
        Some(Owner::Process { host: h, pid }) if h == host() => !alive(pid),
        Some(_) => old,
    }
}

/// Deletes in `dir` the temporary files of ended runs, once per folder and
/// process. Errors are ignored: a file that cannot be deleted (another
/// user's) stays, and the run goes on.
pub(super) fn sweep(dir: &Path) {
    static SWEPT: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);
    let key = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    {
        let mut swept = SWEPT.lock().unwrap_or_else(|e| e.into_inner());
        if !swept.get_or_insert_with(HashSet::new).insert(key) {
            return;
        }
    }
    remove_stale(dir, SystemTime::now());
}

/// Deletes in `dir` the temporary files [`is_stale`] as of `now`; returns
/// their names.
fn remove_stale(dir: &Path, now: SystemTime) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        if !name.starts_with(".termalign-") {
            continue;
        }
        // Not followed: a link or a folder of that name is not ours.
        let Ok(meta) = entry.metadata() else {
            continue;
        };
        if !meta.file_type().is_file() {
            continue;
        }
        let modified = meta.modified().unwrap_or(now);
        if is_stale(name, modified, now) && std::fs::remove_file(entry.path()).is_ok() {
            removed.push(name.to_string());
        }
    }
    removed
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn names_tell_their_owner() {
        let ours = format!("{}AbC123.tmp", temporary_prefix());
        assert_eq!(
            owner(&ours),
            Some(Owner::Process {
                host: host(),
                pid: std::process::id()
            })
        );
        assert_eq!(owner(".termalign-AbC123.tmp"), Some(Owner::Unknown));
        for other in [
            ".termalign-notes.txt",
            ".termalign-AbC12.tmp",
            ".termalign-AbC1234.tmp",
            ".termalign-0000000g-12-AbC123.tmp",
            ".termalign-00000000--AbC123.tmp",
            ".termalign-00000000-12-AbC-23.tmp",
            "termalign-AbC123.tmp",
            "x.csv",
        ] {
            assert_eq!(owner(other), None, "{other}");
        }
    }

    /// Issue 16, item 21: what a killed run left is deleted; what a live
    /// run is writing, what another machine wrote lately, and what merely
    /// looks like ours are kept.
    #[test]
    fn stale_temporaries_go_and_live_ones_stay() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        // A process that has ended (and been waited for), and one that runs.
        let ended = std::process::Command::new("true").spawn().unwrap();
        let ended_pid = ended.id();
        let mut ended = ended;
        ended.wait().unwrap();
        let mut running = std::process::Command::new("sleep")
            .arg("60")
            .spawn()
            .unwrap();
        let here = host();
        let elsewhere = here.wrapping_add(1);
        let day_ago = SystemTime::now() - STALE_AFTER - Duration::from_secs(60);
        let files = [
            // (name, last modified a day ago, stale)
            (
                format!(".termalign-{here:08x}-{ended_pid}-Ended1.tmp"),
                false,
                true,
            ),
            (
                format!(".termalign-{here:08x}-{}-Alive1.tmp", running.id()),
                true,
                false,
            ),
            (format!("{}Mine01.tmp", temporary_prefix()), true, false),
            (
                format!(".termalign-{elsewhere:08x}-{ended_pid}-Other1.tmp"),
                false,
                false,
            ),
            (
                format!(".termalign-{elsewhere:08x}-{ended_pid}-Other2.tmp"),
                true,
                true,
            ),
            (".termalign-Legcy1.tmp".to_string(), false, false),
            (".termalign-Legcy2.tmp".to_string(), true, true),
            (".termalign-notes.txt".to_string(), true, false),
            ("out.csv".to_string(), true, false),
        ];
        for (name, old, _) in &files {
            let f = std::fs::File::create(d.join(name)).unwrap();
            if *old {
                f.set_modified(day_ago).unwrap();
            }
        }
        // A folder and a link named like a stale file are not files of ours.
        let folder = format!(".termalign-{here:08x}-{ended_pid}-Folder.tmp");
        std::fs::create_dir(d.join(&folder)).unwrap();
        let link = format!(".termalign-{here:08x}-{ended_pid}-Link01.tmp");
        std::os::unix::fs::symlink(d.join("out.csv"), d.join(&link)).unwrap();

        let mut removed = remove_stale(d, SystemTime::now());
        removed.sort();
        let mut want: Vec<String> = files
            .iter()
            .filter(|(_, _, stale)| *stale)
            .map(|(name, _, _)| name.clone())
            .collect();
        want.sort();
        assert_eq!(removed, want);
        for (name, _, stale) in &files {
            assert_eq!(d.join(name).exists(), !stale, "{name}");
        }
        assert!(d.join(&folder).is_dir() && d.join(&link).exists());
        running.kill().unwrap();
        running.wait().unwrap();
    }
}
