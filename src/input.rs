//! Input: files, folders (walked recursively) and standard input, read as
//! UTF-8 text, gzip-compressed or not (told by the gzip magic bytes, so a
//! compressed archive need not be unpacked). A file is one document, or with
//! [`Layout::JsonLines`] one article per line, read as a stream. A file or a
//! record that cannot be read is an error for it alone; the caller reports
//! it and goes on with the others.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::lang::Lang;

/// Extensions a folder walk picks up (lowercase) for plain documents.
pub const TEXT_EXTENSIONS: [&str; 2] = ["md", "txt"];

/// Extensions a folder walk picks up (lowercase) for JSON Lines.
pub const JSONL_EXTENSIONS: [&str; 2] = ["jsonl", "ndjson"];

/// How the inputs hold their documents.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Layout {
    /// One document per file.
    #[default]
    Text,
    /// JSON Lines: one article per line, `{"id": …, "text": …, "lang": …}`
    /// (`lang` optional).
    JsonLines,
}

impl Layout {
    fn extensions(self) -> &'static [&'static str] {
        match self {
            Layout::Text => &TEXT_EXTENSIONS,
            Layout::JsonLines => &JSONL_EXTENSIONS,
        }
    }
}

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

/// The language a JSON Lines record declares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Declared {
    Lang(Lang),
    /// A language other than en, fr and es: the article is not analysed.
    Other,
}

/// A document read into memory.
#[derive(Clone, Debug)]
pub struct Document {
    /// The name shown in outputs and messages: the path as given, `-`, or a
    /// JSON Lines record's `id`.
    pub name: String,
    /// The text as read, byte for byte (a UTF-8 byte order mark included, so
    /// offsets are offsets into the file or the record's text).
    pub text: String,
    /// The language the record declares (JSON Lines only).
    pub lang: Option<Declared>,
}

impl Document {
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A document with no declared language.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Document {
        Document {
            name: name.into(),
            text: text.into(),
            lang: None,
        }
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

/// Expands files, folders and `-` into the files to read; a folder walk picks
/// up the files of `layout`'s extensions.
pub fn collect<P: AsRef<Path>>(args: &[P], layout: Layout) -> Inputs {
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
            Ok(meta) if meta.is_dir() => walk(path, layout, &mut inputs),
            // A file named on the command line is read whatever its name.
            Ok(_) => inputs.sources.push(Source::File(path.to_path_buf())),
        }
    }
    inputs
}

fn walk(dir: &Path, layout: Layout, inputs: &mut Inputs) {
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
                if has_extension(entry.path(), layout.extensions()) {
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

fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    // article.txt.gz counts as article.txt.
    let path = match path.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("gz") => Path::new(path.file_stem().unwrap_or_default()),
        _ => path,
    };
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.contains(&e.to_ascii_lowercase().as_str()))
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
    Ok(Document::new(source.name(), text))
}

/// The documents of `sources` in order, read one at a time (a JSON Lines
/// file one record at a time), so memory holds one document, not the corpus.
pub struct Documents {
    sources: std::vec::IntoIter<Source>,
    layout: Layout,
    records: Option<JsonLines>,
}

impl Documents {
    pub fn new(sources: Vec<Source>, layout: Layout) -> Documents {
        Documents {
            sources: sources.into_iter(),
            layout,
            records: None,
        }
    }
}

impl Iterator for Documents {
    /// A document, or why a file or a record could not be read (the next
    /// call goes on with the next record or file).
    type Item = Result<Document>;

    fn next(&mut self) -> Option<Result<Document>> {
        loop {
            if let Some(records) = &mut self.records {
                match records.next() {
                    Some(record) => return Some(record),
                    None => self.records = None,
                }
            }
            let source = self.sources.next()?;
            match self.layout {
                Layout::Text => return Some(read(&source)),
                Layout::JsonLines => match JsonLines::open(&source) {
                    Ok(records) => self.records = Some(records),
                    Err(e) => return Some(Err(e)),
                },
            }
        }
    }
}

/// The gzip magic bytes.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// A JSON Lines file read as a stream of documents.
struct JsonLines {
    path: PathBuf,
    reader: Box<dyn BufRead>,
    /// The 1-based number of the line last read.
    line: u64,
    buf: Vec<u8>,
    /// Set after a read error: the rest of the file is unreadable.
    done: bool,
    /// Whether a record was read, and bad lines in a row before one was:
    /// a file that is not JSON Lines at all gets a few errors, not one per
    /// line.
    read_one: bool,
    bad_in_a_row: u32,
}

/// Bad lines in a row, before any good one, after which a file is taken
/// for something other than JSON Lines.
const GIVE_UP_AFTER: u32 = 10;

/// The JSON type of a value, for messages.
fn json_type(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// Reads up to `buf.len()` bytes, fewer only at the end of the stream (a
/// pipe may hand over one byte at a time).
fn read_up_to(reader: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match reader.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

impl JsonLines {
    fn open(source: &Source) -> Result<JsonLines> {
        let path = PathBuf::from(source.name());
        let mut raw: Box<dyn Read> = match source {
            Source::Stdin => Box::new(std::io::stdin()),
            Source::File(p) => Box::new(std::fs::File::open(p).map_err(|e| Error::io(p, e))?),
        };
        // Gzip is told by its first two bytes, which are then read again.
        let mut magic = [0u8; 2];
        let n = read_up_to(&mut raw, &mut magic).map_err(|e| Error::io(&path, e))?;
        let raw = std::io::Cursor::new(magic[..n].to_vec()).chain(raw);
        let reader: Box<dyn BufRead> = if magic[..n] == GZIP_MAGIC {
            Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(raw)))
        } else {
            Box::new(BufReader::new(raw))
        };
        Ok(JsonLines {
            path,
            reader,
            line: 0,
            buf: Vec::new(),
            done: false,
            read_one: false,
            bad_in_a_row: 0,
        })
    }

    fn error(&self, field: Option<&str>, message: impl Into<String>) -> Error {
        Error::format(&self.path, Some(self.line), field, message)
    }

    /// The document on the current line.
    fn record(&self, line: &[u8]) -> Result<Document> {
        let options = text_options();
        let legacy;
        let line = match std::str::from_utf8(line) {
            Ok(line) => line,
            Err(e) if options.encoding == Encoding::Utf8 => {
                return Err(self.error(
                    None,
                    format!(
                        "not valid UTF-8 at byte {} of the line (line starting {:?}); convert \
                         the file to UTF-8, or give --encoding latin1 or cp1252",
                        e.valid_up_to() + 1,
                        start_of(&String::from_utf8_lossy(line), 40)
                    ),
                ));
            }
            Err(_) => {
                legacy = decode_legacy(line, options.encoding);
                &legacy
            }
        };
        let value: serde_json::Value = serde_json::from_str(line).map_err(|e| {
            let message = e.to_string();
            // serde_json's message ends with its own " at line 1 column N".
            let message = message
                .rsplit_once(" at line ")
                .map_or(message.as_str(), |(m, _)| m);
            self.error(
                None,
                format!(
                    "{message} at column {} (line starting {:?})",
                    e.column(),
                    start_of(line, 40)
                ),
            )
        })?;
        let serde_json::Value::Object(mut record) = value else {
            return Err(self.error(
                None,
                format!(
                    "a record is a JSON object with \"id\" and \"text\", not {}",
                    json_type(&value)
                ),
            ));
        };
        // Where the line number alone does not find the record (a shard
        // piped through stdin), its id does; written out only for an error.
        let id = record.remove("id");
        let which = || match &id {
            Some(id) => format!("record {id}"),
            None => "record without an id".to_string(),
        };
        let missing = |field: &str| self.error(Some(field), format!("missing ({})", which()));
        let name = match id.as_ref().ok_or_else(|| missing("id"))? {
            serde_json::Value::String(id) if !id.trim().is_empty() => id.clone(),
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::String(_) => {
                let start = match record.get("text") {
                    Some(serde_json::Value::String(text)) => start_of(text, 40),
                    _ => String::new(),
                };
                return Err(self.error(Some("id"), format!("empty id (text starting {start:?})")));
            }
            other => {
                return Err(self.error(
                    Some("id"),
                    format!("must be a string or a number, not {other}"),
                ));
            }
        };
        let text = match record.remove("text").ok_or_else(|| missing("text"))? {
            serde_json::Value::String(text) if text.contains('\0') => {
                let at = text.find('\0').unwrap_or_default();
                let (line, column) = line_column(text.as_bytes(), at);
                return Err(self.error(
                    Some("text"),
                    format!(
                        "NUL character (\\u0000) at line {line}, column {column} of the text \
                         ({}); termalign reads text",
                        which()
                    ),
                ));
            }
            serde_json::Value::String(text) if options.fix_mojibake => {
                crate::mojibake::fix(&text).into_owned()
            }
            serde_json::Value::String(text) => text,
            other => {
                let kind = json_type(&other);
                return Err(self.error(
                    Some("text"),
                    format!("must be a string, not {kind} ({})", which()),
                ));
            }
        };
        let lang = match record.remove("lang") {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::String(code)) => declared(&code),
            Some(other) => {
                let kind = json_type(&other);
                return Err(self.error(
                    Some("lang"),
                    format!("must be a string, not {kind} ({})", which()),
                ));
            }
        };
        Ok(Document { name, text, lang })
    }
}

/// The language a record's `lang` declares: en, fr, es in any usual
/// spelling, with a region or script or not (`es-419`, `fr_CA`, `fra_Latn`);
/// any other code is a language other than ours.
fn declared(code: &str) -> Option<Declared> {
    let code = code.trim();
    if code.is_empty() {
        return None;
    }
    let primary = code.split(['-', '_']).next().unwrap_or(code);
    Some(primary.parse().map_or(Declared::Other, Declared::Lang))
}

/// The first `chars` characters of `text`, with … when there is more.
fn start_of(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

impl Iterator for JsonLines {
    type Item = Result<Document>;

    fn next(&mut self) -> Option<Result<Document>> {
        while !self.done {
            self.buf.clear();
            self.line += 1;
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => self.done = true,
                Ok(_) => {
                    let mut line = self.buf.as_slice();
                    if self.line == 1 {
                        line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
                    }
                    let line = line.trim_ascii();
                    if line.is_empty() {
                        continue;
                    }
                    let record = self.record(line);
                    if record.is_ok() {
                        self.read_one = true;
                    } else if !self.read_one {
                        self.bad_in_a_row += 1;
                        if self.bad_in_a_row == GIVE_UP_AFTER {
                            self.done = true;
                            return Some(Err(self.error(
                                None,
                                format!(
                                    "{GIVE_UP_AFTER} bad lines and no record: not JSON Lines? \
                                     (one article per line, {{\"id\": …, \"text\": …}}); \
                                     the rest of the file is skipped"
                                ),
                            )));
                        }
                    }
                    return Some(record);
                }
                Err(e) => {
                    self.done = true;
                    let what = if matches!(
                        e.kind(),
                        std::io::ErrorKind::InvalidInput
                            | std::io::ErrorKind::InvalidData
                            | std::io::ErrorKind::UnexpectedEof
                    ) {
                        format!("not a valid gzip file: {e}")
                    } else {
                        e.to_string()
                    };
                    return Some(Err(self.error(None, what)));
                }
            }
        }
        None
    }
}

/// Decompresses gzip data (one or several members, as `cat a.gz b.gz`
/// makes); anything else is returned as it is.
pub fn gunzip(bytes: Vec<u8>, path: &Path) -> Result<Vec<u8>> {
    if !bytes.starts_with(&GZIP_MAGIC) {
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

/// How files that are not valid UTF-8 are read (`--encoding`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Encoding {
    /// Refused, naming the first bad byte.
    #[default]
    Utf8,
    /// ISO 8859-1: every byte is the code point of its value.
    Latin1,
    /// Windows-1252: Latin-1 with `’ “ ” – — € …` in 0x80–0x9F.
    Windows1252,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Latin1 => "Latin-1",
            Encoding::Windows1252 => "Windows-1252",
        }
    }
}

/// How text inputs are decoded, for every file a command reads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TextOptions {
    /// The encoding of files that are not valid UTF-8 (a file that is valid
    /// UTF-8 is read as UTF-8 whatever this says, so a folder may mix them).
    pub encoding: Encoding,
    /// Repair mojibake ([`crate::mojibake`]) in what is read.
    pub fix_mojibake: bool,
}

static TEXT_OPTIONS: std::sync::OnceLock<TextOptions> = std::sync::OnceLock::new();

/// Sets how [`decode`] reads text, once per process (the binary's
/// `--encoding` and `--fix-mojibake`); later calls are ignored.
pub fn set_text_options(options: TextOptions) {
    let _ = TEXT_OPTIONS.set(options);
}

/// The options [`decode`] reads with (the default until set).
pub fn text_options() -> TextOptions {
    TEXT_OPTIONS.get().copied().unwrap_or_default()
}

/// Decodes a file's bytes as text, with the process's [`TextOptions`]:
/// UTF-16 with a byte order mark, else UTF-8 (a UTF-8 byte order mark is
/// kept, so that offsets are offsets into the file), else the legacy
/// encoding if one was given. An error names the first bad byte's line and
/// column; a NUL byte is refused as binary.
pub fn decode(bytes: Vec<u8>, path: &Path) -> Result<String> {
    decode_with(bytes, path, text_options())
}

/// [`decode`] with explicit options.
pub fn decode_with(bytes: Vec<u8>, path: &Path, options: TextOptions) -> Result<String> {
    let bad = |reason: String| Error::BadInput {
        path: path.to_path_buf(),
        reason,
    };
    let text = match encoding_rs::Encoding::for_bom(&bytes) {
        Some((utf16, bom)) if utf16 != encoding_rs::UTF_8 => utf16
            .decode_without_bom_handling_and_without_replacement(&bytes[bom..])
            .map(std::borrow::Cow::into_owned)
            .ok_or_else(|| {
                bad(format!(
                    "not valid {} (it starts with that byte order mark): an odd number of bytes \
                     or an unpaired surrogate",
                    utf16.name()
                ))
            })
            .and_then(|text| match text.find('\0') {
                Some(at) => {
                    let (line, column) = line_column(text.as_bytes(), at);
                    Err(bad(format!(
                        "binary file: NUL character at line {line}, column {column}; \
                         termalign reads text"
                    )))
                }
                None => Ok(text),
            })?,
        _ => {
            if let Some(at) = memchr::memchr(0, &bytes) {
                let (line, column) = line_column(&bytes, at);
                let hint = if looks_like_utf16(&bytes) {
                    " (UTF-16 without a byte order mark? convert it to UTF-8)"
                } else {
                    "; termalign reads text"
                };
                return Err(bad(format!(
                    "binary file: NUL byte at line {line}, column {column}{hint}"
                )));
            }
            match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(e) => match options.encoding {
                    Encoding::Utf8 => {
                        let at = e.utf8_error().valid_up_to();
                        let (line, column) = line_column(e.as_bytes(), at);
                        return Err(bad(format!(
                            "not valid UTF-8: byte 0x{:02X} at line {line}, column {column}; \
                             convert the file to UTF-8, or give --encoding latin1 or cp1252",
                            e.as_bytes()[at]
                        )));
                    }
                    legacy => decode_legacy(e.as_bytes(), legacy),
                },
            }
        }
    };
    Ok(if options.fix_mojibake {
        match crate::mojibake::fix(&text) {
            std::borrow::Cow::Borrowed(_) => text,
            std::borrow::Cow::Owned(fixed) => fixed,
        }
    } else {
        text
    })
}

/// `bytes` read in a single-byte encoding (UTF-8 is taken for Latin-1).
fn decode_legacy(bytes: &[u8], encoding: Encoding) -> String {
    match encoding {
        Encoding::Utf8 | Encoding::Latin1 => encoding_rs::mem::decode_latin1(bytes).into_owned(),
        Encoding::Windows1252 => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// Whether `bytes` look like UTF-16 text without a byte order mark: NULs
/// in every other byte of the first line's worth.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(200) & !1];
    let (even, odd) = head.chunks(2).fold((0, 0), |(e, o), pair| {
        (e + usize::from(pair[0] == 0), o + usize::from(pair[1] == 0))
    });
    let pairs = head.len() / 2;
    pairs >= 2 && ((even * 2 >= pairs && odd == 0) || (odd * 2 >= pairs && even == 0))
}

/// 1-based line and column (in characters) of byte `at`.
pub fn line_column(bytes: &[u8], at: usize) -> (usize, usize) {
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
/// count lags behind on CRLF files, so count from the byte offset). For the
/// rows of a file in turn, use [`CsvLines`].
pub fn csv_line(text: &str, position: Option<&csv::Position>) -> u64 {
    CsvLines::new(text).line(position)
}

/// The 1-based lines of csv positions in `text`. Counting goes on from the
/// last position asked for, so the rows of a file, asked in order, cost one
/// pass over it, not one pass per row.
pub struct CsvLines<'t> {
    text: &'t str,
    byte: usize,
    line: u64,
}

impl<'t> CsvLines<'t> {
    pub fn new(text: &'t str) -> CsvLines<'t> {
        CsvLines {
            text,
            byte: 0,
            line: 1,
        }
    }

    /// The text the positions are in.
    pub fn text(&self) -> &'t str {
        self.text
    }

    /// The line of `position` (0 when there is none).
    pub fn line(&mut self, position: Option<&csv::Position>) -> u64 {
        let Some(p) = position else { return 0 };
        let bytes = self.text.as_bytes();
        let mut byte = (p.byte() as usize).min(bytes.len());
        // A record's position may be the end of the previous line's CRLF.
        while byte < bytes.len() && matches!(bytes[byte], b'\r' | b'\n') {
            byte += 1;
        }
        if byte < self.byte {
            (self.byte, self.line) = (0, 1);
        }
        self.line += memchr::memchr_iter(b'\n', &bytes[self.byte..byte]).count() as u64;
        self.byte = byte;
        self.line
    }
}

/// Reads the next row of `csv` (a reader over `lines`' text) that is not
/// blank into `record` and returns its 1-based line; `None` at the end. A
/// read error names the file and line.
pub fn next_csv_row(
    csv: &mut csv::Reader<&[u8]>,
    record: &mut csv::StringRecord,
    lines: &mut CsvLines,
    path: &Path,
) -> Result<Option<u64>> {
    loop {
        match csv.read_record(record) {
            Ok(true) => {}
            Ok(false) => return Ok(None),
            Err(e) => return Err(csv_read_error(path, lines.text(), e)),
        }
        if !record.iter().all(|f| f.trim().is_empty()) {
            return Ok(Some(lines.line(record.position())));
        }
    }
}

/// A csv reading error as a format error naming the file and line.
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
            "x.txt: not valid UTF-8: byte 0xE9 at line 2, column 5; convert the file to UTF-8, \
             or give --encoding latin1 or cp1252"
        );
        let err = decode(b"a\0b".to_vec(), Path::new("y.bin")).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("y.bin: binary file: NUL byte at line 1, column 2")
        );
    }

    #[test]
    fn legacy_encodings_are_read_when_asked_and_utf8_stays_utf8() {
        let path = Path::new("legacy.txt");
        let with = |encoding| TextOptions {
            encoding,
            fix_mojibake: false,
        };
        // "l’asile été" in Windows-1252.
        let cp1252 = b"l\x92asile \xE9t\xE9".to_vec();
        let latin1 = decode_with(cp1252.clone(), path, with(Encoding::Latin1)).unwrap();
        assert_eq!(latin1, "l\u{92}asile été");
        let windows = decode_with(cp1252.clone(), path, with(Encoding::Windows1252)).unwrap();
        assert_eq!(windows, "l’asile été");
        // Latin-1 read, mojibake repaired: what Windows-1252 gives.
        let options = TextOptions {
            encoding: Encoding::Latin1,
            fix_mojibake: true,
        };
        assert_eq!(decode_with(cp1252, path, options).unwrap(), "l’asile été");
        // A file that is valid UTF-8 is UTF-8, whatever --encoding says.
        let utf8 = "l’asile été".as_bytes().to_vec();
        assert_eq!(
            decode_with(utf8, path, with(Encoding::Latin1)).unwrap(),
            "l’asile été"
        );
        // NUL is refused in every encoding.
        let err = decode_with(b"a\xE9\0".to_vec(), path, with(Encoding::Latin1)).unwrap_err();
        assert!(
            err.to_string().contains("NUL byte at line 1, column 3"),
            "{err}"
        );
    }

    #[test]
    fn utf16_with_a_byte_order_mark_is_decoded() {
        let path = Path::new("u16.txt");
        let text = "Réfugiés\nl’asile 🌍";
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(le.clone(), path).unwrap(), text);
        assert_eq!(decode(be, path).unwrap(), text);
        // Cut in the middle of a code unit.
        le.pop();
        let err = decode(le, path).unwrap_err();
        assert!(
            err.to_string().starts_with("u16.txt: not valid UTF-16LE"),
            "{err}"
        );
        // A NUL character inside UTF-16 text.
        let mut nul = vec![0xFF, 0xFE];
        nul.extend("ab\n\0".encode_utf16().flat_map(u16::to_le_bytes));
        let err = decode(nul, path).unwrap_err();
        assert!(
            err.to_string()
                .contains("NUL character at line 2, column 1"),
            "{err}"
        );
        // Without a byte order mark: named for what it probably is.
        let bare: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let err = decode(bare, path).unwrap_err();
        assert!(
            err.to_string().contains("UTF-16 without a byte order mark"),
            "{err}"
        );
    }

    #[test]
    fn line_index_counts_lf_and_crlf() {
        let text = "a\r\nb\nc";
        let lines = LineIndex::new(text);
        assert_eq!([lines.line(0), lines.line(3), lines.line(5)], [1, 2, 3]);
    }
}
