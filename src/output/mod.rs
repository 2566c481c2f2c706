//! Output files are written atomically: into a temporary file in the same
//! folder, renamed over the destination only once complete. A failed run
//! never leaves a truncated CSV behind. The outputs of one run are opened
//! together before any work ([`open_all`], each place checked by
//! [`check_target`], none allowed over an input: [`refuse_clobbering`]) and
//! committed together, all or none ([`commit_all`]). Standard output and
//! pipes are written as the run goes; beside other outputs, one whose reader
//! leaves (`| head`) stops taking rows without ending the run.
//!
//! An interrupt (Ctrl-C, SIGTERM, SIGHUP) ends the process without running
//! destructors, so it would leave the temporary files behind. Hence every
//! temporary file is listed while its output lives, and
//! [`remove_on_interrupt`] installs a handler that deletes the listed files
//! and exits with status 128 + the signal's number (130 for Ctrl-C), as a
//! shell reports a killed process. A signal ignored when termalign started
//! (SIGHUP under `nohup`, SIGINT in a script's background job) stays
//! ignored: taking it over would change what the caller asked for. What a
//! run killed by SIGKILL leaves is deleted by the next run that writes in
//! that folder (`stale.rs`, which names the temporary files).

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use crate::error::{Error, Result};

mod stale;
mod targets;
pub use stale::{STALE_AFTER, temporary_prefix};
pub use targets::{check_target, refuse_clobbering};

/// Where a report goes.
pub enum Output {
    Stdout(Stream<io::Stdout>),
    /// A device or pipe (`/dev/null`, a FIFO): written in place, since it
    /// cannot be replaced by a rename (and must never be).
    Special {
        path: PathBuf,
        file: Stream<std::fs::File>,
    },
    File {
        path: PathBuf,
        temp: io::BufWriter<tempfile::NamedTempFile>,
        /// After `temp`, so that on drop the file is deleted before it
        /// leaves the list.
        listed: Listed,
    },
}

/// An output written in place as it goes (standard output, a device, a
/// pipe), whose reader may leave before the end (`| head`).
pub struct Stream<W: Write> {
    writer: io::BufWriter<W>,
    /// When the reader has gone: false, writing fails with the closed pipe
    /// and the run ends there, as `cat` would; true, what follows is
    /// dropped and the run goes on, for the other outputs it writes.
    outlives_reader: bool,
    /// The reader has gone.
    closed: bool,
}

impl<W: Write> Stream<W> {
    fn new(writer: W) -> Stream<W> {
        Stream {
            writer: io::BufWriter::new(writer),
            outlives_reader: false,
            closed: false,
        }
    }

    /// What a write gave, with a closed pipe dropped where the stream
    /// outlives its reader.
    fn absorb<T>(&mut self, result: io::Result<T>, done: T) -> io::Result<T> {
        match result {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe && self.outlives_reader => {
                self.closed = true;
                Ok(done)
            }
            other => other,
        }
    }
}

impl<W: Write> Write for Stream<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        let written = self.writer.write(buf);
        self.absorb(written, buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let flushed = self.writer.flush();
        self.absorb(flushed, ())
    }
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
    /// Standard output for None or `-`, else a new file at `path`, after
    /// [`check_target`] found that one can be put there.
    pub fn create(path: Option<&Path>) -> Result<Output> {
        match path {
            None => Ok(Output::Stdout(Stream::new(io::stdout()))),
            Some(p) if p == Path::new("-") => Ok(Output::Stdout(Stream::new(io::stdout()))),
            Some(path) if is_special(path) => {
                let file = std::fs::OpenOptions::new()
                    .write(true)
                    .open(path)
                    .map_err(|e| Error::io(path, e))?;
                Ok(Output::Special {
                    path: path.to_path_buf(),
                    file: Stream::new(file),
                })
            }
            Some(given) => {
                check_target(given)?;
                // Through a symlink, replace what it points to, not the link.
                let path = match std::fs::symlink_metadata(given) {
                    Ok(m) if m.file_type().is_symlink() => {
                        given.canonicalize().map_err(|e| Error::io(given, e))?
                    }
                    _ => given.to_path_buf(),
                };
                let dir = folder_of(&path);
                // The file keeps its permissions; a new one gets the usual
                // 0666 less the umask, not a temporary file's 0600.
                let permissions = std::fs::metadata(&path)
                    .map(|m| m.permissions())
                    .unwrap_or_else(|_| default_permissions());
                // What killed runs left in the folder goes first.
                stale::sweep(dir);
                // Locked from before the file exists to once it is listed, so
                // that an interrupt in between cannot miss it.
                let mut live = live();
                let temp = stale::builder()
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

    /// Makes a stream outlive its reader: once the pipe is closed, what
    /// follows is dropped instead of ending the run.
    fn outlive_reader(&mut self) {
        match self {
            Output::Stdout(s) => s.outlives_reader = true,
            Output::Special { file, .. } => file.outlives_reader = true,
            Output::File { .. } => {}
        }
    }

    /// Flushes, and for a file, moves it into place. Dropping an `Output`
    /// without committing it deletes the temporary file.
    pub fn commit(self) -> Result<()> {
        commit_all([self])
    }
}

/// The outputs of one run, opened together before any work: each target is
/// checked ([`check_target`]), then each is created (None is standard
/// output). Where a run has several, a stream among them (standard output,
/// a pipe) outlives its reader: `| head` ends what goes to it, not the run,
/// so the other outputs are still written in full.
pub fn open_all(paths: &[Option<&Path>]) -> Result<Vec<Output>> {
    for path in paths.iter().flatten() {
        check_target(path)?;
    }
    let mut outputs = paths
        .iter()
        .map(|path| Output::create(*path))
        .collect::<Result<Vec<Output>>>()?;
    if outputs.len() > 1 {
        outputs.iter_mut().for_each(Output::outlive_reader);
    }
    Ok(outputs)
}

/// Commits the outputs of one run, all or none. Streams are flushed first;
/// then every file is flushed; then each file is renamed into place, the
/// file it replaces kept aside (a hard link, else a copy) until all are in
/// place: where a rename fails, those done are undone, the files they
/// replaced put back, and the run's error is the rename's. An interrupt
/// waits for the renames to end, so it never leaves half of them done.
pub fn commit_all(outputs: impl IntoIterator<Item = Output>) -> Result<()> {
    let mut files = Vec::new();
    let mut listed = Vec::new();
    for output in outputs {
        match output {
            Output::Stdout(mut out) => out.flush().map_err(|e| Error::io("<stdout>", e))?,
            Output::Special { path, mut file } => file.flush().map_err(|e| Error::io(&path, e))?,
            Output::File {
                path,
                temp,
                listed: on_list,
            } => {
                let temp = temp
                    .into_inner()
                    .map_err(|e| Error::io(&path, e.into_error()))?;
                files.push((path, temp));
                listed.push(on_list);
            }
        }
    }
    let outcome = replace_all(files);
    // Only now, with the lock released: until the renames, an interrupt must
    // delete the temporary files.
    drop(listed);
    outcome
}

/// Renames each temporary file over its destination, all or none.
fn replace_all(files: Vec<(PathBuf, tempfile::NamedTempFile)>) -> Result<()> {
    if let [_] = files.as_slice() {
        // One file: its rename is all or none by itself.
        let (path, temp) = files.into_iter().next().expect("one file");
        temp.persist(&path).map_err(|e| Error::io(&path, e.error))?;
        return Ok(());
    }
    let _interrupts_wait = live();
    // The files about to be replaced, kept aside first: a failure here
    // leaves every destination as it was.
    let mut kept = Vec::with_capacity(files.len());
    for (path, _) in &files {
        kept.push(keep_aside(path)?);
    }
    let mut done: Vec<(PathBuf, Option<tempfile::NamedTempFile<()>>)> = Vec::new();
    for ((path, temp), aside) in files.into_iter().zip(kept) {
        if let Err(e) = temp.persist(&path) {
            // The temporary files not yet renamed are deleted as they drop.
            let undone = match undo(done) {
                Ok(()) => "no output was replaced".to_string(),
                Err(u) => format!("putting back the outputs already replaced failed: {u}"),
            };
            return Err(Error::io(
                &path,
                io::Error::new(e.error.kind(), format!("{}; {undone}", e.error)),
            ));
        }
        done.push((path, aside));
    }
    // Every output is in place; the files kept aside are deleted as `done`
    // drops.
    Ok(())
}

/// The file at `path`, kept aside under a temporary name in its folder (a
/// hard link, else a copy), or None where there is none; dropped, the name
/// is deleted.
fn keep_aside(path: &Path) -> Result<Option<tempfile::NamedTempFile<()>>> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_file() => {}
        _ => return Ok(None),
    }
    let builder = stale::builder();
    let dir = folder_of(path);
    builder
        .make_in(dir, |aside| std::fs::hard_link(path, aside))
        .or_else(|_| builder.make_in(dir, |aside| std::fs::copy(path, aside).map(|_| ())))
        .map(Some)
        .map_err(|e| Error::io(path, e))
}

/// Puts back what the renames in `done` replaced, last first.
fn undo(done: Vec<(PathBuf, Option<tempfile::NamedTempFile<()>>)>) -> io::Result<()> {
    let mut outcome = Ok(());
    for (path, aside) in done.into_iter().rev() {
        let put_back = match aside {
            Some(aside) => aside.persist(&path).map(|_| ()).map_err(|e| e.error),
            None => std::fs::remove_file(&path),
        };
        if let Err(e) = put_back {
            outcome = outcome.and(Err(io::Error::new(
                e.kind(),
                format!("{}: {e}", path.display()),
            )));
        }
    }
    outcome
}

/// The folder a file at `path` goes in.
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
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

    /// Two outputs, the second of which cannot be renamed into place at
    /// the end (its name became a folder): the first, already renamed, is
    /// put back as it was, and no temporary file is left.
    #[test]
    fn outputs_are_committed_all_or_none() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let (a, b) = (d.join("a.csv"), d.join("b.csv"));
        std::fs::write(&a, "PREV").unwrap();
        for first_is_new in [false, true] {
            if first_is_new {
                std::fs::remove_file(&a).unwrap();
            }
            let mut outputs = open_all(&[Some(&a), Some(&b)]).unwrap();
            for out in &mut outputs {
                out.write_all(b"NEW").unwrap();
            }
            std::fs::create_dir(&b).unwrap();
            let err = commit_all(outputs).unwrap_err().to_string();
            assert!(err.ends_with("; no output was replaced"), "{err}");
            if first_is_new {
                assert!(!a.exists(), "a.csv made and then taken back");
            } else {
                assert_eq!(std::fs::read_to_string(&a).unwrap(), "PREV");
            }
            std::fs::remove_dir(&b).unwrap();
            let left: Vec<_> = std::fs::read_dir(d)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(".termalign-"))
                .collect();
            assert!(left.is_empty(), "{left:?}");
        }
        // And when nothing fails, both are replaced.
        std::fs::write(&a, "PREV").unwrap();
        let mut outputs = open_all(&[Some(&a), Some(&b)]).unwrap();
        for out in &mut outputs {
            out.write_all(b"NEW").unwrap();
        }
        commit_all(outputs).unwrap();
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "NEW");
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "NEW");
        assert_eq!(std::fs::read_dir(d).unwrap().count(), 2);
    }

    #[test]
    fn a_stream_beside_other_outputs_outlives_its_reader() {
        let mut stream = Stream::new(Closed);
        assert!(stream.write_all(b"x").is_ok(), "buffered");
        let err = stream.flush().unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::BrokenPipe, "alone: the run ends");
        let mut stream = Stream::new(Closed);
        stream.outlives_reader = true;
        stream.write_all(&[b'x'; 100_000]).unwrap();
        stream.flush().unwrap();
        assert!(stream.closed);
    }

    /// A pipe whose reader has gone.
    struct Closed;

    impl Write for Closed {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::ErrorKind::BrokenPipe.into())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
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
