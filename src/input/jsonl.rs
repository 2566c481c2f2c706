//! JSON Lines: one article per line (`{"id":…,"text":…,"lang":…}`), read
//! as a stream with a bounded record size; a bad record is an error for it
//! alone, and a file that is not JSON Lines at all stops after a few. A
//! record larger than a piece is handed out in pieces, as a file is.

use super::*;

/// The gzip magic bytes.
pub(super) const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// A JSON Lines file read as a stream of documents.
pub(super) struct JsonLines {
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
    options: TextOptions,
    /// The pieces of a record larger than a piece not yet handed out.
    held: Option<HeldPieces>,
}

/// The longest JSON Lines record read; a longer one is skipped with an
/// error, so that one runaway line cannot take the memory.
pub const MAX_RECORD_BYTES: usize = 64 << 20;

/// Bad lines in a row, before any good one, after which a file is taken
/// for something other than JSON Lines.
pub(super) const GIVE_UP_AFTER: u32 = 10;

/// The JSON type of a value, for messages.
pub(super) fn json_type(value: &serde_json::Value) -> &'static str {
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
pub(super) fn read_up_to(reader: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
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
pub(super) fn is_corrupt(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::InvalidInput
            | std::io::ErrorKind::InvalidData
            | std::io::ErrorKind::UnexpectedEof
    )
}

/// Opens a file or standard input as a stream, decompressed if it is
/// gzipped (told by its first two bytes, which are then read again).
pub(super) fn open_stream(source: &Source) -> Result<Box<dyn Read>> {
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
    pub(super) fn open(source: &Source, options: TextOptions) -> Result<JsonLines> {
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
            options,
            held: None,
        })
    }

    fn error(&self, field: Option<&str>, message: impl Into<String>) -> Error {
        Error::format(&self.path, Some(self.line), field, message)
    }

    /// The document on the current line.
    fn record(&self, line: &[u8]) -> Result<Document> {
        let options = self.options;
        let legacy;
        let line = match std::str::from_utf8(line) {
            Ok(line) => line,
            Err(e) if options.encoding == Encoding::Utf8 => {
                return Err(self
                    .error(
                        None,
                        format!(
                            "not valid UTF-8 at byte {} of the line (line starting {:?}); \
                             convert the file to UTF-8",
                            e.valid_up_to() + 1,
                            start_of(&String::from_utf8_lossy(line), 40)
                        ),
                    )
                    .needs(Remedy::Encoding));
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
pub(super) fn declared(code: &str) -> Option<Declared> {
    let code = code.trim();
    if code.is_empty() {
        return None;
    }
    let primary = code.split(['-', '_']).next().unwrap_or(code);
    Some(primary.parse().map_or(Declared::Other, Declared::Lang))
}

/// The first `chars` characters of `text`, with … when there is more.
pub(super) fn start_of(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

impl Iterator for JsonLines {
    type Item = Result<Document>;

    fn next(&mut self) -> Option<Result<Document>> {
        if let Some(held) = &mut self.held {
            match held.next() {
                Some(piece) => return Some(Ok(piece)),
                None => self.held = None,
            }
        }
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
                    // A long line's buffer is let go rather than kept for
                    // the short ones after it.
                    if self.buf.capacity() > 1 << 20 {
                        self.buf = Vec::new();
                    }
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
                    return Some(record.map(|doc| match HeldPieces::cut(doc) {
                        Ok(mut pieces) => {
                            let first = pieces.next();
                            self.held = Some(pieces);
                            first.expect("a record larger than a piece has one")
                        }
                        Err(whole) => whole,
                    }));
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
