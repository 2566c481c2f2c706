//! Input: files, folders (walked recursively) and standard input, read as
//! UTF-8 text, gzip-compressed or not (told by the gzip magic bytes, so a
//! compressed archive need not be unpacked). A file is one document, or with
//! [`Layout::JsonLines`] one article per line, read as a stream. A file or a
//! record that cannot be read is an error for it alone; the caller reports
//! it and goes on with the others.

pub mod mojibake;

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
    /// Which part of the document this is: a file larger than
    /// [`PIECE_BYTES`] is read in pieces, so that memory holds a few pieces,
    /// never the whole file.
    pub piece: Piece,
}

/// Where a document's text lies in the whole document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece {
    /// Byte offset of the text in the document (as decoded).
    pub offset: usize,
    /// Lines of the document before the text.
    pub lines: u64,
    /// Characters before the text on its first line.
    pub column: usize,
    /// 0 for a document's first piece (or a whole document).
    pub index: u32,
    /// Whether this is the document's last piece (or a whole document).
    pub last: bool,
}

impl Piece {
    /// A whole document.
    pub const WHOLE: Piece = Piece {
        offset: 0,
        lines: 0,
        column: 0,
        index: 0,
        last: true,
    };

    pub fn is_first(&self) -> bool {
        self.index == 0
    }

    /// The 1-based line and column in the whole document of byte `at` of
    /// this piece's text (or bytes).
    pub fn line_column(&self, text: &[u8], at: usize) -> (u64, usize) {
        let (line, column) = line_column(text, at);
        let column = if line == 1 {
            column + self.column
        } else {
            column
        };
        (line as u64 + self.lines, column)
    }
}

impl Default for Piece {
    fn default() -> Piece {
        Piece::WHOLE
    }
}

/// Bytes read at a time from a document file: larger files are cut into
/// pieces of about this size (at a paragraph break, else a line break, else
/// a space), each analysed on its own. Matches never cross a piece.
pub const PIECE_BYTES: usize = 4 << 20;

/// [`PIECE_BYTES`], or `TERMALIGN_PIECE_BYTES` from the environment (at
/// least 64 KiB), which tests use to see memory stay flat on small files.
fn piece_bytes() -> usize {
    static BYTES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *BYTES.get_or_init(|| {
        std::env::var("TERMALIGN_PIECE_BYTES")
            .ok()
            .and_then(|v| v.parse::<usize>().ok())
            .map_or(PIECE_BYTES, |n| n.max(64 << 10))
    })
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
            piece: Piece::WHOLE,
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

/// Reads a whole document (all its pieces, however large).
pub fn read(source: &Source) -> Result<Document> {
    // A file, even empty, is at least one piece.
    Documents::new(vec![source.clone()], Layout::Text)
        .whole()
        .next()
        .unwrap_or_else(|| Ok(Document::new(source.name(), "")))
}

/// The documents of `sources` in order, read one at a time (a JSON Lines
/// file one record at a time), so memory holds one document, not the corpus.
pub struct Documents {
    sources: std::vec::IntoIter<Source>,
    layout: Layout,
    records: Option<Box<dyn Iterator<Item = Result<Document>>>>,
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
            let opened = match self.layout {
                Layout::Text => TextPieces::open(&source).map(|p| Box::new(p) as Box<_>),
                Layout::JsonLines => JsonLines::open(&source).map(|r| Box::new(r) as Box<_>),
            };
            match opened {
                Ok(records) => self.records = Some(records),
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

/// A document file read in pieces of about [`PIECE_BYTES`].
struct TextPieces {
    name: String,
    path: PathBuf,
    reader: Box<dyn Read>,
    /// Bytes read and not yet handed out.
    buf: Vec<u8>,
    eof: bool,
    done: bool,
    /// Where the next piece starts.
    next: Piece,
    /// Read every piece in the legacy encoding (the validation pass found
    /// one that is not UTF-8).
    legacy: bool,
    /// A piece was read in the legacy encoding.
    fell_back: bool,
    options: TextOptions,
}

impl TextPieces {
    fn open(source: &Source) -> Result<TextPieces> {
        let mut pieces = TextPieces::start(source)?;
        if pieces.eof || pieces.whole_utf16()? {
            return Ok(pieces);
        }
        // A file of several pieces is read through once before any piece
        // is handed out: one that turns out not to be text halfway must not
        // have added half its rows to a report. Standard input and pipes
        // (`<(zcat a.gz)`) cannot be read twice; a bad byte there ends the
        // document where it is.
        if let Source::File(path) = source
            && std::fs::metadata(path).is_ok_and(|m| m.is_file())
        {
            let mut check = TextPieces::start(source)?;
            // Repairs cannot make text of what is not; the pass skips them.
            check.options.fix_mojibake = false;
            while let Some(piece) = check.cut() {
                piece?;
            }
            pieces.legacy = check.fell_back;
        }
        Ok(pieces)
    }

    /// Opens `source` and reads its first piece's worth of bytes.
    fn start(source: &Source) -> Result<TextPieces> {
        let path = PathBuf::from(source.name());
        let reader = open_stream(source)?;
        let mut pieces = TextPieces {
            name: source.name(),
            path,
            reader,
            buf: Vec::new(),
            eof: false,
            done: false,
            next: Piece::WHOLE,
            legacy: false,
            fell_back: false,
            options: text_options(),
        };
        pieces.fill()?;
        Ok(pieces)
    }

    /// Reads until a piece's worth of bytes is buffered, or the end.
    fn fill(&mut self) -> Result<()> {
        let have = self.buf.len();
        let piece = piece_bytes();
        if self.eof || have >= piece {
            return Ok(());
        }
        let want = (piece - have) as u64;
        let read = (&mut self.reader)
            .take(want)
            .read_to_end(&mut self.buf)
            .map_err(|e| {
                if is_corrupt(&e) {
                    Error::BadInput {
                        path: self.path.clone(),
                        reason: format!("not a valid gzip file: {e}"),
                    }
                } else {
                    Error::io(&self.path, e)
                }
            });
        let n = read?;
        self.eof = have + n < piece;
        Ok(())
    }

    /// UTF-16 (told by its byte order mark) is decoded whole, as one piece.
    fn whole_utf16(&mut self) -> Result<bool> {
        let is_utf16 = matches!(
            encoding_rs::Encoding::for_bom(&self.buf),
            Some((e, _)) if e != encoding_rs::UTF_8
        );
        if is_utf16 {
            self.reader
                .read_to_end(&mut self.buf)
                .map_err(|e| Error::io(&self.path, e))?;
            self.eof = true;
        }
        Ok(is_utf16)
    }

    /// Cuts, decodes and hands out the next piece.
    fn cut(&mut self) -> Option<Result<Document>> {
        if self.done {
            return None;
        }
        if let Err(e) = self.fill() {
            self.done = true;
            return Some(Err(e));
        }
        let end = if self.eof {
            self.buf.len()
        } else {
            cut_point(&self.buf)
        };
        let rest = self.buf.split_off(end);
        let bytes = std::mem::replace(&mut self.buf, rest);
        let last = self.eof && self.buf.is_empty();
        self.done = last;
        let text = match decode_at(bytes, &self.path, self.options, self.next, self.legacy) {
            Ok((text, legacy)) => {
                self.fell_back |= legacy;
                text
            }
            Err(e) => {
                self.done = true;
                return Some(Err(e));
            }
        };
        let piece = Piece { last, ..self.next };
        let newlines = memchr::memchr_iter(b'\n', text.as_bytes()).count() as u64;
        let tail = memchr::memrchr(b'\n', text.as_bytes()).map_or(0, |i| i + 1);
        let tail_chars = text.as_bytes()[tail..]
            .iter()
            .filter(|&&b| b & 0xC0 != 0x80)
            .count();
        self.next = Piece {
            offset: self.next.offset + text.len(),
            lines: self.next.lines + newlines,
            column: if newlines > 0 {
                tail_chars
            } else {
                self.next.column + tail_chars
            },
            index: self.next.index + 1,
            last: false,
        };
        Some(Ok(Document {
            name: self.name.clone(),
            text,
            lang: None,
            piece,
        }))
    }
}

impl Iterator for TextPieces {
    type Item = Result<Document>;

    fn next(&mut self) -> Option<Result<Document>> {
        self.cut()
    }
}

/// Where to cut a full buffer: after the last paragraph break in its second
/// half, else the last line break, else the last space, else before the last
/// character (a text without a space in 2 MB). Never at the very end, so
/// that something is left for the next piece.
fn cut_point(buf: &[u8]) -> usize {
    let from = buf.len() / 2;
    let window = &buf[from..buf.len() - 1];
    if let Some(i) = memchr::memmem::rfind(window, b"\n\n") {
        return from + i + 2;
    }
    if let Some(i) = memchr::memrchr(b'\n', window) {
        return from + i + 1;
    }
    if let Some(i) = memchr::memrchr2(b' ', b'\t', window) {
        return from + i + 1;
    }
    // Back to the start of a UTF-8 character (any byte is one in Latin-1).
    let mut end = buf.len() - 1;
    while end > from && buf[end] & 0xC0 == 0x80 {
        end -= 1;
    }
    end
}

impl Documents {
    /// The documents whole, the pieces of a large file joined again, for a
    /// job that must see a document at once (`suggest` counts documents and
    /// detects each one's language).
    pub fn whole(self) -> impl Iterator<Item = Result<Document>> {
        let mut pieces = self;
        std::iter::from_fn(move || {
            let mut doc = match pieces.next()? {
                Ok(doc) => doc,
                Err(e) => return Some(Err(e)),
            };
            while !doc.piece.last {
                match pieces.next() {
                    Some(Ok(piece)) => {
                        doc.text.push_str(&piece.text);
                        doc.piece.last = piece.piece.last;
                    }
                    Some(Err(e)) => return Some(Err(e)),
                    None => break,
                }
            }
            doc.piece = Piece::WHOLE;
            Some(Ok(doc))
        })
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

/// The longest JSON Lines record read; a longer one is skipped with an
/// error, so that one runaway line cannot take the memory.
pub const MAX_RECORD_BYTES: usize = 64 << 20;

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

/// Whether a read error from [`open_stream`] means corrupt gzip data
/// rather than a failing file.
fn is_corrupt(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::InvalidInput
            | std::io::ErrorKind::InvalidData
            | std::io::ErrorKind::UnexpectedEof
    )
}

/// Opens a file or standard input as a stream, decompressed if it is
/// gzipped (told by its first two bytes, which are then read again).
fn open_stream(source: &Source) -> Result<Box<dyn Read>> {
    let mut raw: Box<dyn Read> = match source {
        Source::Stdin => Box::new(std::io::stdin()),
        Source::File(p) => Box::new(std::fs::File::open(p).map_err(|e| Error::io(p, e))?),
    };
    let mut magic = [0u8; 2];
    let n = read_up_to(&mut raw, &mut magic).map_err(|e| Error::io(source.name(), e))?;
    let raw = std::io::Cursor::new(magic[..n].to_vec()).chain(raw);
    Ok(if magic[..n] == GZIP_MAGIC {
        Box::new(flate2::read::MultiGzDecoder::new(raw))
    } else {
        Box::new(raw)
    })
}

impl JsonLines {
    fn open(source: &Source) -> Result<JsonLines> {
        let path = PathBuf::from(source.name());
        let reader: Box<dyn BufRead> = Box::new(BufReader::new(open_stream(source)?));
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
                crate::input::mojibake::fix(&text).into_owned()
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
        Ok(Document {
            name,
            text,
            lang,
            piece: Piece::WHOLE,
        })
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
            let limit = MAX_RECORD_BYTES as u64 + 1;
            match self
                .reader
                .by_ref()
                .take(limit)
                .read_until(b'\n', &mut self.buf)
            {
                Ok(0) => self.done = true,
                Ok(n) if n as u64 == limit && self.buf.last() != Some(&b'\n') => {
                    // Skipped without being held: memory stays bounded.
                    let skipped = self.reader.skip_until(b'\n');
                    if skipped.is_err() {
                        self.done = true;
                    }
                    return Some(Err(self.error(
                        None,
                        format!(
                            "record longer than {} MiB (line starting {:?}); split the \
                             article, or give it as a text file, which is read in pieces",
                            MAX_RECORD_BYTES >> 20,
                            start_of(&String::from_utf8_lossy(&self.buf[..200]), 40)
                        ),
                    )));
                }
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
                    let what = if is_corrupt(&e) {
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

/// The most a gzipped file read whole (a translation memory) may expand
/// to: a small file that inflates to gigabytes (a gzip bomb) is refused
/// rather than read into memory.
pub const MAX_GUNZIPPED_BYTES: u64 = 1 << 30;

/// Decompresses gzip data (one or several members, as `cat a.gz b.gz`
/// makes), up to [`MAX_GUNZIPPED_BYTES`]; anything else is returned as it
/// is.
pub fn gunzip(bytes: Vec<u8>, path: &Path) -> Result<Vec<u8>> {
    gunzip_at_most(bytes, path, MAX_GUNZIPPED_BYTES)
}

fn gunzip_at_most(bytes: Vec<u8>, path: &Path, limit: u64) -> Result<Vec<u8>> {
    if !bytes.starts_with(&GZIP_MAGIC) {
        return Ok(bytes);
    }
    let mut out = Vec::with_capacity(bytes.len().saturating_mul(3));
    flate2::read::MultiGzDecoder::new(bytes.as_slice())
        .take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|e| Error::BadInput {
            path: path.to_path_buf(),
            reason: format!("not a valid gzip file: {e}"),
        })?;
    if out.len() as u64 > limit {
        return Err(Error::BadInput {
            path: path.to_path_buf(),
            reason: format!(
                "decompresses to more than {} MiB (a gzip bomb?); this file is read whole, \
                 so it is refused",
                limit >> 20
            ),
        });
    }
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
    /// Repair mojibake ([`crate::input::mojibake`]) in what is read.
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
    decode_at(bytes, path, options, Piece::WHOLE, false).map(|(text, _)| text)
}

/// [`decode_with`] for the bytes of `piece` of a file (errors say where
/// they are in the file; a later piece has no byte order mark); `legacy`:
/// some piece is not UTF-8, so all are read in the legacy encoding, as a
/// whole read would. Also says whether they were read in it.
fn decode_at(
    bytes: Vec<u8>,
    path: &Path,
    options: TextOptions,
    piece: Piece,
    legacy: bool,
) -> Result<(String, bool)> {
    let mut legacy = legacy && options.encoding != Encoding::Utf8;
    let bad = |reason: String| Error::BadInput {
        path: path.to_path_buf(),
        reason,
    };
    let line_column = |bytes: &[u8], at: usize| piece.line_column(bytes, at);
    let bom = if !piece.is_first() {
        None
    } else {
        encoding_rs::Encoding::for_bom(&bytes)
    };
    let text = match bom {
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
            if legacy {
                decode_legacy(&bytes, options.encoding)
            } else {
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
                        encoding => {
                            legacy = true;
                            decode_legacy(e.as_bytes(), encoding)
                        }
                    },
                }
            }
        }
    };
    let text = if options.fix_mojibake {
        match crate::input::mojibake::fix(&text) {
            std::borrow::Cow::Borrowed(_) => text,
            std::borrow::Cow::Owned(fixed) => fixed,
        }
    } else {
        text
    };
    Ok((text, legacy))
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

/// Where a CSV text opens a quoted field it never closes: the 1-based line
/// and column of the opening quote. (The csv crate takes the rest of the
/// file into that field, and the rows after it disappear.) A quote opens a
/// field only at its start; `""` inside one is a quote.
pub fn unclosed_quote(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut field_start = true;
    while i < bytes.len() {
        match bytes[i] {
            b'"' if field_start => {
                let open = i;
                i += 1;
                loop {
                    match memchr::memchr(b'"', &bytes[i..]) {
                        None => return Some(line_column(bytes, open)),
                        Some(k) if bytes.get(i + k + 1) == Some(&b'"') => i += k + 2,
                        Some(k) => {
                            i += k + 1;
                            break;
                        }
                    }
                }
                field_start = false;
            }
            b',' | b'\n' | b'\r' => {
                field_start = true;
                i += 1;
            }
            _ => {
                field_start = false;
                i += 1;
            }
        }
    }
    None
}

/// Refuses a CSV text with an unclosed quote, naming where it opens.
pub fn check_csv_quotes(text: &str, path: &Path) -> Result<()> {
    match unclosed_quote(text) {
        Some((line, column)) => Err(Error::format(
            path,
            Some(line as u64),
            None,
            format!(
                "unclosed quote: the field opened at column {column} runs to the end of the \
                 file; close it, or double a quote meant as text (\"\")"
            ),
        )),
        None => Ok(()),
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
    fn a_gzip_bomb_is_refused_not_expanded() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&vec![b'a'; 4 << 20]).unwrap();
        let bomb = gz.finish().unwrap();
        assert!(bomb.len() < 10_000, "{}", bomb.len());
        let err = gunzip_at_most(bomb.clone(), Path::new("b.tmx.gz"), 1 << 20).unwrap_err();
        assert_eq!(
            err.to_string(),
            "b.tmx.gz: decompresses to more than 1 MiB (a gzip bomb?); this file is read whole, \
             so it is refused"
        );
        assert_eq!(
            gunzip_at_most(bomb, Path::new("b"), 4 << 20).unwrap().len(),
            4 << 20
        );
    }

    #[test]
    fn line_index_counts_lf_and_crlf() {
        let text = "a\r\nb\nc";
        let lines = LineIndex::new(text);
        assert_eq!([lines.line(0), lines.line(3), lines.line(5)], [1, 2, 3]);
    }
}
