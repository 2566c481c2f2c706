//! Output files are written atomically: into a temporary file in the same
//! folder, renamed over the destination only once complete. A failed run
//! never leaves a truncated CSV behind.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

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
    },
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
            Some(path) => {
                let dir = match path.parent() {
                    Some(d) if !d.as_os_str().is_empty() => d,
                    _ => Path::new("."),
                };
                let temp = tempfile::Builder::new()
                    .prefix(".termalign-")
                    .suffix(".tmp")
                    .tempfile_in(dir)
                    .map_err(|e| Error::io(path, e))?;
                Ok(Output::File {
                    path: path.to_path_buf(),
                    temp: io::BufWriter::new(temp),
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
            Output::File { path, temp } => {
                let temp = temp
                    .into_inner()
                    .map_err(|e| Error::io(&path, e.into_error()))?;
                temp.persist(&path).map_err(|e| Error::io(&path, e.error))?;
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

/// Whether `path` exists and is not a regular file (a device, a FIFO).
fn is_special(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// Refuses an output path that is also an input: the run would destroy it.
pub fn refuse_overwriting_input(output: &Path, inputs: &[PathBuf]) -> Result<()> {
    let Ok(out) = output.canonicalize() else {
        return Ok(()); // Does not exist yet: cannot be an input.
    };
    for input in inputs {
        if input.canonicalize().is_ok_and(|i| i == out) {
            return Err(Error::Usage(format!(
                "refusing to write {}: it is one of the inputs",
                output.display()
            )));
        }
    }
    Ok(())
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
