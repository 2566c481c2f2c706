//! Input: files, folders (walked recursively) and standard input, read as
//! UTF-8 text, gzip-compressed or not (told by the gzip magic bytes, so a
//! compressed archive need not be unpacked). A file that cannot be read is
//! an error for that file alone; the caller reports it and goes on with the
//! others.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Extensions a folder walk picks up (lowercase).
pub const TEXT_EXTENSIONS: [&str; 2] = ["md", "txt"];

/// Where a document comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    Stdin,
    File(PathBuf),
}

impl Source {
    /// The name shown in outputs and messages: the path as given, or `-`.
    pub fn name(&self) -> String {
        match self {
            Source::Stdin => "-".to_string(),
            Source::File(path) => path.display().to_string(),
        }
    }
}

/// A document read into memory.
#[derive(Clone, Debug)]
pub struct Document {
    pub source: Source,
    /// The text as read, byte for byte (a UTF-8 byte order mark included, so
    /// offsets are offsets into the file).
    pub text: String,
}

impl Document {
    pub fn name(&self) -> String {
        self.source.name()
    }
}

/// What the command line named, expanded.
#[derive(Debug, Default)]
pub struct Inputs {
    /// Documents to read, in order: arguments in the order given, each folder's
    /// files sorted by path.
    pub sources: Vec<Source>,
    /// Paths that could not be listed (missing, unreadable folder).
    pub errors: Vec<Error>,
    /// Per folder, how many files it skipped for their extension.
    pub skipped: Vec<(PathBuf, usize)>,
}

/// Expands files, folders and `-` into the documents to read.
pub fn collect<P: AsRef<Path>>(args: &[P]) -> Inputs {
    let mut inputs = Inputs::default();
    for arg in args {
        let path = arg.as_ref();
        if path == Path::new("-") {
            // Standard input can be read once.
            if !inputs.sources.contains(&Source::Stdin) {
                inputs.sources.push(Source::Stdin);
            }
            continue;
        }
        match std::fs::metadata(path) {
            Err(e) => inputs.errors.push(Error::io(path, e)),
            Ok(meta) if meta.is_dir() => walk(path, &mut inputs),
            // A file named on the command line is read whatever its name.
            Ok(_) => inputs.sources.push(Source::File(path.to_path_buf())),
        }
    }
    inputs
}

fn walk(dir: &Path, inputs: &mut Inputs) {
    let mut skipped = 0;
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name();
    for entry in walker {
        match entry {
            Err(e) => {
                let path = e.path().unwrap_or(dir).to_path_buf();
                let io = e
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("file system loop"));
                inputs.errors.push(Error::io(path, io));
            }
            Ok(entry) if entry.file_type().is_dir() => {}
            Ok(entry) => {
                if has_text_extension(entry.path()) {
                    inputs.sources.push(Source::File(entry.into_path()));
                } else {
                    skipped += 1;
                }
            }
        }
    }
    if skipped > 0 {
        inputs.skipped.push((dir.to_path_buf(), skipped));
    }
}

fn has_text_extension(path: &Path) -> bool {
    // article.txt.gz counts as article.txt.
    let path = match path.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("gz") => Path::new(path.file_stem().unwrap_or_default()),
        _ => path,
    };
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| TEXT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Reads a document.
pub fn read(source: &Source) -> Result<Document> {
    let (bytes, path) = match source {
        Source::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .map_err(|e| Error::io("-", e))?;
            (bytes, PathBuf::from("-"))
        }
        Source::File(path) => (
            std::fs::read(path).map_err(|e| Error::io(path, e))?,
            path.clone(),
        ),
    };
    let bytes = gunzip(bytes, &path)?;
    let text = decode(bytes, &path)?;
    Ok(Document {
        source: source.clone(),
        text,
    })
}

/// Decompresses gzip data (one or several members, as `cat a.gz b.gz`
/// makes); anything else is returned as it is.
pub fn gunzip(bytes: Vec<u8>, path: &Path) -> Result<Vec<u8>> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Ok(bytes);
    }
    let mut out = Vec::with_capacity(bytes.len().saturating_mul(3));
    flate2::read::MultiGzDecoder::new(bytes.as_slice())
        .read_to_end(&mut out)
        .map_err(|e| Error::BadInput {
            path: path.to_path_buf(),
            reason: format!("not a valid gzip file: {e}"),
        })?;
    Ok(out)
}

/// Checks that `bytes` are UTF-8 text, naming where they are not.
pub fn decode(bytes: Vec<u8>, path: &Path) -> Result<String> {
    if let Some(at) = memchr_nul(&bytes) {
        let (line, column) = line_column(&bytes, at);
        return Err(Error::BadInput {
            path: path.to_path_buf(),
            reason: format!(
                "binary file: NUL byte at line {line}, column {column}; termalign reads UTF-8 text"
            ),
        });
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let (line, column) = line_column(e.as_bytes(), at);
        Error::BadInput {
            path: path.to_path_buf(),
            reason: format!(
                "not valid UTF-8: byte 0x{:02X} at line {line}, column {column}; convert the file to UTF-8",
                e.as_bytes()[at]
            ),
        }
    })
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
}

/// 1-based line and column (in characters) of byte `at`.
fn line_column(bytes: &[u8], at: usize) -> (usize, usize) {
    let before = &bytes[..at];
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// The 1-based line of a csv position in `text` (the csv crate's own line
/// count lags behind on CRLF files, so count from the byte offset).
pub fn csv_line(text: &str, position: Option<&csv::Position>) -> u64 {
    position.map_or(0, |p| {
        let bytes = text.as_bytes();
        let mut byte = (p.byte() as usize).min(bytes.len());
        // A record's position may be the end of the previous line's CRLF.
        while byte < bytes.len() && matches!(bytes[byte], b'\r' | b'\n') {
            byte += 1;
        }
        bytes[..byte].iter().filter(|&&b| b == b'\n').count() as u64 + 1
    })
}

/// A csv reading error as a format error naming the file and line.
/// Reads the next row of `csv` (a reader over `text`) that is not blank into
/// `record` and returns its 1-based line in `text`; `None` at the end. A
/// read error names the file and line.
pub fn next_csv_row(
    csv: &mut csv::Reader<&[u8]>,
    record: &mut csv::StringRecord,
    text: &str,
    path: &Path,
) -> Result<Option<u64>> {
    loop {
        match csv.read_record(record) {
            Ok(true) => {}
            Ok(false) => return Ok(None),
            Err(e) => return Err(csv_read_error(path, text, e)),
        }
        if !record.iter().all(|f| f.trim().is_empty()) {
            return Ok(Some(csv_line(text, record.position())));
        }
    }
}

pub fn csv_read_error(path: &Path, text: &str, e: csv::Error) -> Error {
    let line = Some(csv_line(text, e.position()));
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("expected {expected_len} fields, found {len}"),
        csv::ErrorKind::Io(err) => err.to_string(),
        _ => e.to_string(),
    };
    Error::format(path, line, None, message)
}

/// 1-based line numbers of byte offsets in a text, computed once per text.
pub struct LineIndex {
    newlines: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        LineIndex {
            newlines: text
                .bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i)
                .collect(),
        }
    }

    /// The 1-based line of byte offset `at`.
    pub fn line(&self, at: usize) -> usize {
        self.newlines.partition_point(|&nl| nl < at) + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_names_the_bad_byte() {
        let err = decode(b"ok\nbad \xE9t\xE9".to_vec(), Path::new("x.txt")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.txt: not valid UTF-8: byte 0xE9 at line 2, column 5; convert the file to UTF-8"
        );
        let err = decode(b"a\0b".to_vec(), Path::new("y.bin")).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("y.bin: binary file: NUL byte at line 1, column 2")
        );
    }

    #[test]
    fn line_index_counts_lf_and_crlf() {
        let text = "a\r\nb\nc";
        let lines = LineIndex::new(text);
        assert_eq!([lines.line(0), lines.line(3), lines.line(5)], [1, 2, 3]);
    }
}
