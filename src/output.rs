//! Output files are written atomically: into a temporary file in the same
//! folder, renamed over the destination only once complete. A failed run
//! never leaves a truncated CSV behind.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Where a report goes.
pub enum Output {
    Stdout(io::BufWriter<io::Stdout>),
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
            Output::File { path, .. } => path.display().to_string(),
        }
    }

    /// Flushes, and for a file, moves it into place. Dropping an `Output`
    /// without committing it deletes the temporary file.
    pub fn commit(self) -> Result<()> {
        match self {
            Output::Stdout(mut out) => out.flush().map_err(|e| Error::io("<stdout>", e)),
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
            Output::File { temp, .. } => temp.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::Stdout(w) => w.flush(),
            Output::File { temp, .. } => temp.flush(),
        }
    }
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
