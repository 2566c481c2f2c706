//! Output files are written atomically: into a temporary file in the same
//! folder, renamed over the destination only once complete. A failed run
//! never leaves a truncated CSV behind.
//!
//! An interrupt (Ctrl-C, SIGTERM, SIGHUP) ends the process without running
//! destructors, so it would leave the temporary files behind. Hence every
//! temporary file is listed while its output lives, and
//! [`remove_on_interrupt`] installs a handler that deletes the listed files
//! and exits with status 128 + the signal's number (130 for Ctrl-C), as a
//! shell reports a killed process. A signal ignored when termalign started
//! (SIGHUP under `nohup`, SIGINT in a script's background job) stays
//! ignored: taking it over would change what the caller asked for.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use crate::error::{Error, Result};

mod targets;
pub use targets::{check_target, refuse_clobbering};

/// Where a report goes.
pub enum Output {
    Stdout(io::BufWriter<io::Stdout>),
    /// A device or pipe (`/dev/null`, a FIFO): written in place, since it
    /// cannot be replaced by a rename (and must never be).
    Special {
        path: PathBuf,
        file: io::BufWriter<std::fs::File>,
    },
    File {
        path: PathBuf,
        temp: io::BufWriter<tempfile::NamedTempFile>,
        /// After `temp`, so that on drop the file is deleted before it
        /// leaves the list.
        listed: Listed,
    },
}

/// The temporary files of the outputs being written, for the interrupt
/// handler to delete.
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The list of temporary files. A panic while it was locked does not make
/// it unusable: each change to it is a single push or remove.
fn live() -> MutexGuard<'static, Vec<PathBuf>> {
    LIVE.lock().unwrap_or_else(|e| e.into_inner())
}

/// A temporary file's place in the list; dropping it takes the file off.
pub struct Listed(PathBuf);

impl Drop for Listed {
    fn drop(&mut self) {
        let mut live = live();
        if let Some(i) = live.iter().position(|p| *p == self.0) {
            live.swap_remove(i);
        }
    }
}

/// Installs a handler for Ctrl-C (SIGINT), SIGTERM and SIGHUP that deletes
/// the temporary files of the outputs being written, then exits with status
/// 128 + the signal's number (130 for Ctrl-C, 143 for SIGTERM), as a shell
/// reports a process killed by it. A signal ignored when the process
/// started stays ignored (SIGHUP under `nohup`, SIGINT in a script's
/// background job), each on its own: the others are still handled. An
/// error only means that an interrupt may leave temporary files behind: the
/// caller can warn and go on.
#[cfg(unix)]
pub fn remove_on_interrupt() -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    let mut outcome = Ok(());
    INSTALLED.call_once(|| {
        let wanted: Vec<i32> = [SIGINT, SIGTERM, SIGHUP]
            .into_iter()
            .filter(|&signal| !is_ignored(signal))
            .collect();
        let mut signals = match signal_hook::iterator::Signals::new(&wanted) {
            Ok(signals) => signals,
            Err(e) => {
                outcome = Err(io::Error::new(
                    e.kind(),
                    format!("temporary files may be left behind on interrupt: {e}"),
                ));
                return;
            }
        };
        let spawned = std::thread::Builder::new()
            .name("interrupt".into())
            .spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    // Holding the lock to the end: no temporary file can be
                    // made after the deletion, nor one made without being
                    // listed. Nothing is printed: stderr's lock may be held
                    // by a thread stuck writing to it.
                    let live = live();
                    for path in live.iter() {
                        let _ = std::fs::remove_file(path);
                    }
                    std::process::exit(128 + signal);
                }
            });
        if let Err(e) = spawned {
            outcome = Err(io::Error::new(
                e.kind(),
                format!("temporary files may be left behind on interrupt: {e}"),
            ));
        }
    });
    outcome
}

/// Without unix signals, nothing to install.
#[cfg(not(unix))]
pub fn remove_on_interrupt() -> io::Result<()> {
    Ok(())
}

/// Whether `signal` is ignored (set so by whoever started the process).
#[cfg(unix)]
fn is_ignored(signal: i32) -> bool {
    let mut current = std::mem::MaybeUninit::<libc::sigaction>::zeroed();
    // SAFETY: with a null new action, sigaction only reads the current one
    // into `current`, which is large enough for it.
    let ok = unsafe { libc::sigaction(signal, std::ptr::null(), current.as_mut_ptr()) } == 0;
    // SAFETY: zeroed is a valid sigaction, and sigaction filled it when ok.
    ok && unsafe { current.assume_init() }.sa_sigaction == libc::SIG_IGN
}

impl Output {
    /// Standard output for None or `-`, else a new file at `path`.
    pub fn create(path: Option<&Path>) -> Result<Output> {
        match path {
            None => Ok(Output::Stdout(io::BufWriter::new(io::stdout()))),
            Some(p) if p == Path::new("-") => Ok(Output::Stdout(io::BufWriter::new(io::stdout()))),
            Some(path) if is_special(path) => {
                let file = std::fs::OpenOptions::new()
                    .write(true)
                    .open(path)
                    .map_err(|e| Error::io(path, e))?;
                Ok(Output::Special {
                    path: path.to_path_buf(),
                    file: io::BufWriter::new(file),
                })
            }
            Some(given) => {
                // Through a symlink, replace what it points to, not the link.
                let path = match std::fs::symlink_metadata(given) {
                    Ok(m) if m.file_type().is_symlink() => {
                        given.canonicalize().map_err(|e| Error::io(given, e))?
                    }
                    _ => given.to_path_buf(),
                };
                let dir = match path.parent() {
                    Some(d) if !d.as_os_str().is_empty() => d,
                    _ => Path::new("."),
                };
                // The file keeps its permissions; a new one gets the usual
                // 0666 less the umask, not a temporary file's 0600.
                let permissions = std::fs::metadata(&path)
                    .map(|m| m.permissions())
                    .unwrap_or_else(|_| default_permissions());
                // Locked from before the file exists to once it is listed, so
                // that an interrupt in between cannot miss it.
                let mut live = live();
                let temp = tempfile::Builder::new()
                    .prefix(".termalign-")
                    .suffix(".tmp")
                    .permissions(permissions)
                    .tempfile_in(dir)
                    .map_err(|e| Error::io(given, e))?;
                live.push(temp.path().to_path_buf());
                drop(live);
                let listed = Listed(temp.path().to_path_buf());
                Ok(Output::File {
                    path,
                    temp: io::BufWriter::new(temp),
                    listed,
                })
            }
        }
    }

    /// The name of the destination, for messages.
    pub fn name(&self) -> String {
        match self {
            Output::Stdout(_) => "<stdout>".to_string(),
            Output::File { path, .. } | Output::Special { path, .. } => path.display().to_string(),
        }
    }

    /// Flushes, and for a file, moves it into place. Dropping an `Output`
    /// without committing it deletes the temporary file.
    pub fn commit(self) -> Result<()> {
        match self {
            Output::Stdout(mut out) => out.flush().map_err(|e| Error::io("<stdout>", e)),
            Output::Special { path, mut file } => file.flush().map_err(|e| Error::io(&path, e)),
            Output::File { path, temp, listed } => {
                let temp = temp
                    .into_inner()
                    .map_err(|e| Error::io(&path, e.into_error()))?;
                temp.persist(&path).map_err(|e| Error::io(&path, e.error))?;
                // Only now: until the rename, an interrupt must delete it.
                drop(listed);
                Ok(())
            }
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Output::Stdout(w) => w.write(buf),
            Output::Special { file, .. } => file.write(buf),
            Output::File { temp, .. } => temp.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::Stdout(w) => w.flush(),
            Output::Special { file, .. } => file.flush(),
            Output::File { temp, .. } => temp.flush(),
        }
    }
}

#[cfg(unix)]
fn default_permissions() -> std::fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    std::fs::Permissions::from_mode(0o666)
}

#[cfg(not(unix))]
fn default_permissions() -> std::fs::Permissions {
    std::fs::metadata(".")
        .map(|m| m.permissions())
        .expect("the current folder exists")
}

/// Whether `path` exists and is not a regular file (a device, a FIFO).
fn is_special(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_is_written_in_place_not_replaced() {
        // Dropped without commit: nothing is renamed even if this regresses.
        let out = Output::create(Some(Path::new("/dev/null"))).unwrap();
        assert!(matches!(out, Output::Special { .. }));
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_is_not_private_and_a_symlink_is_followed() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.csv");
        let mut out = Output::create(Some(&path)).unwrap();
        out.write_all(b"x").unwrap();
        out.commit().unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_ne!(
            mode & 0o044,
            0,
            "mode {mode:o}: readable by others, as umask allows"
        );
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink(&path, &link).unwrap();
        let mut out = Output::create(Some(&link)).unwrap();
        out.write_all(b"y").unwrap();
        out.commit().unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "y");
    }

    #[test]
    fn a_temporary_file_is_listed_while_its_output_lives() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        let temp_of = |out: &Output| match out {
            Output::File { temp, .. } => temp.get_ref().path().to_path_buf(),
            _ => panic!("not a file output"),
        };
        let listed = |temp: &Path| live().iter().any(|p| p == temp);

        let out = Output::create(Some(&path)).unwrap();
        let temp = temp_of(&out);
        assert!(temp.exists() && listed(&temp));
        out.commit().unwrap();
        assert!(!temp.exists() && !listed(&temp));

        let out = Output::create(Some(&path)).unwrap();
        let temp = temp_of(&out);
        assert!(temp.exists() && listed(&temp));
        drop(out);
        assert!(!temp.exists() && !listed(&temp));
    }

    #[test]
    fn the_interrupt_handler_can_be_installed_twice() {
        remove_on_interrupt().unwrap();
        remove_on_interrupt().unwrap();
    }

    #[test]
    fn a_file_is_written_only_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        let mut out = Output::create(Some(&path)).unwrap();
        out.write_all(b"a,b\n").unwrap();
        assert!(!path.exists());
        out.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "a,b\n");

        let mut out = Output::create(Some(&path)).unwrap();
        out.write_all(b"partial").unwrap();
        drop(out);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "a,b\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
