//! JSON Lines: one article per line (`{"id":…,"text":…,"lang":…}`), read
//! as a stream with a bounded record size ([`MAX_RECORD_BYTES`], 64 MiB); a
//! bad record is an error for it alone, and a file that is not JSON Lines at
//! all (ten bad lines, or a NUL byte, before any record; a line with no end
//! in 1 GiB) stops there, so an endless stream (`/dev/zero`) cannot hang a
//! run. A record larger than a piece is handed out in pieces, as a file
//! is.

use super::*;

/// The gzip magic bytes.
pub(super) const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// A JSON Lines file read as a stream of documents.
pub(crate) struct JsonLines {
    path: PathBuf,
    reader: Box<dyn BufRead>,
    /// The 1-based number of the line last read.
    line: u64,
    buf: Vec<u8>,
    /// Set after a read error: the rest of the file is unreadable.
    done: bool,
    /// The rest of the current line is to be skipped (it was refused).
    skip: bool,
    /// [`MAX_RECORD_BYTES`] and [`MAX_SKIP_BYTES`] (smaller in tests).
    max_record: usize,
    max_skip: u64,
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

/// The most of a refused line (too long, or holding a NUL) skipped to find
/// the next record: past it the line has no end in sight (`yes | tr -d
/// '\n'`), and the rest of the file is skipped.
pub const MAX_SKIP_BYTES: u64 = 1 << 30;

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
    let raw: Box<dyn Read> = match source {
        Source::Stdin => Box::new(std::io::stdin()),
        Source::File(p) => Box::new(std::fs::File::open(p).map_err(|e| Error::io(p, e))?),
    };
    decompressing(raw, &source.name())
}

/// `raw` as a stream, decompressed if it is gzipped (told by its first two
/// bytes, which are then read again); `name` names it in errors.
pub(super) fn decompressing(mut raw: Box<dyn Read>, name: &str) -> Result<Box<dyn Read>> {
    let mut magic = [0u8; 2];
    let n = read_up_to(&mut raw, &mut magic).map_err(|e| Error::io(name, e))?;
    let raw = std::io::Cursor::new(magic[..n].to_vec()).chain(raw);
    Ok(if magic[..n] == GZIP_MAGIC {
        Box::new(flate2::read::MultiGzDecoder::new(raw))
    } else {
        Box::new(raw)
    })
}

impl JsonLines {
    pub(super) fn open(source: &Source, options: TextOptions) -> Result<JsonLines> {
        let reader = Box::new(BufReader::new(open_stream(source)?));
        Ok(JsonLines::from_reader(
            PathBuf::from(source.name()),
            reader,
            options,
        ))
    }

    /// The records of an in-memory stream, as a file of these bytes would
    /// give them (gzip decompressed), with the record and skip bounds given:
    /// what the fuzz target reads (`fuzz::json_lines`), with small bounds.
    pub(crate) fn of_bytes(
        bytes: Vec<u8>,
        name: &str,
        options: TextOptions,
        max_record: usize,
        max_skip: u64,
    ) -> Result<JsonLines> {
        let raw = decompressing(Box::new(std::io::Cursor::new(bytes)), name)?;
        let mut lines =
            JsonLines::from_reader(PathBuf::from(name), Box::new(BufReader::new(raw)), options);
        lines.max_record = max_record;
        lines.max_skip = max_skip;
        Ok(lines)
    }

    fn from_reader(path: PathBuf, reader: Box<dyn BufRead>, options: TextOptions) -> JsonLines {
        JsonLines {
            path,
            reader,
            line: 0,
            buf: Vec::new(),
            done: false,
            skip: false,
            max_record: MAX_RECORD_BYTES,
            max_skip: MAX_SKIP_BYTES,
            read_one: false,
            bad_in_a_row: 0,
            options,
            held: None,
        }
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
        // `at`: where in the line the text parsed starts.
        let syntax_at = |e: serde_json::Error, at: usize| {
            let message = e.to_string();
            // serde_json's message ends with its own " at line 1 column N".
            let message = message
                .rsplit_once(" at line ")
                .map_or(message.as_str(), |(m, _)| m);
            self.error(
                None,
                format!(
                    "{message} at column {} (line starting {:?})",
                    line[..at].chars().count() + e.column(),
                    start_of(line, 40)
                ),
            )
        };
        let syntax = |e| syntax_at(e, 0);
        // The fields as written: a numeric id keeps its text (`1e2`, or
        // 2^64 + 1, which a float would round). A line that is not an
        // object is parsed again, whole, to say what it is.
        type Fields<'a> = std::collections::BTreeMap<String, &'a serde_json::value::RawValue>;
        let mut record = match serde_json::from_str::<Fields>(line) {
            Ok(fields) => fields,
            Err(e) => {
                let value: serde_json::Value = serde_json::from_str(line).map_err(syntax)?;
                if value.is_object() {
                    return Err(syntax(e));
                }
                return Err(self.error(
                    None,
                    format!(
                        "a record is a JSON object with \"id\" and \"text\", not {}",
                        json_type(&value)
                    ),
                ));
            }
        };
        let value = |raw: &serde_json::value::RawValue| -> Result<serde_json::Value> {
            // The raw text is a slice of the line.
            let at = (raw.get().as_ptr() as usize).saturating_sub(line.as_ptr() as usize);
            serde_json::from_str(raw.get()).map_err(|e| syntax_at(e, at.min(line.len())))
        };
        // Where the line number alone does not find the record (a shard
        // piped through stdin), its id does; written out only for an error.
        let id_raw = record.remove("id");
        let id = id_raw.map(value).transpose()?;
        let which = || match (&id, id_raw) {
            (Some(serde_json::Value::Number(_)), Some(raw)) => format!("record {}", raw.get()),
            (Some(id), _) => format!("record {id}"),
            (None, _) => "record without an id".to_string(),
        };
        let missing = |field: &str| self.error(Some(field), format!("missing ({})", which()));
        let name = match id.as_ref().ok_or_else(|| missing("id"))? {
            serde_json::Value::String(id) if !id.trim().is_empty() => id.clone(),
            serde_json::Value::Number(_) => {
                id_raw.map_or_else(String::new, |raw| raw.get().to_string())
            }
            serde_json::Value::String(_) => {
                let start = match record.get("text").map(|raw| value(raw)) {
                    Some(Ok(serde_json::Value::String(text))) => start_of(&text, 40),
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
        let text = match value(record.remove("text").ok_or_else(|| missing("text"))?)? {
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
        let lang = match record.remove("lang").map(value).transpose()? {
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

/// What [`JsonLines::read_line`] found.
enum Line {
    /// The end of the stream, nothing read.
    End,
    /// A line (with its line break, if any) in the buffer.
    Whole,
    /// A line longer than [`MAX_RECORD_BYTES`]: its first bytes are in the
    /// buffer, the rest is still to be skipped.
    TooLong,
    /// A NUL byte at this offset of the line (the line before it is in the
    /// buffer, the rest still to be skipped).
    Nul(usize),
}

impl JsonLines {
    /// Reads the next line into `buf`, holding at most [`MAX_RECORD_BYTES`]
    /// of it and stopping at a NUL byte, which no JSON text holds: `/dev/zero`
    /// is refused at its first byte, an endless line at the bound.
    fn read_line(&mut self) -> std::io::Result<Line> {
        self.buf.clear();
        loop {
            let chunk = match self.reader.fill_buf() {
                Ok(chunk) => chunk,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if chunk.is_empty() {
                return Ok(if self.buf.is_empty() {
                    Line::End
                } else {
                    Line::Whole
                });
            }
            // The record may hold MAX_RECORD_BYTES, then its line break.
            let room = self.max_record - self.buf.len();
            let look = &chunk[..chunk.len().min(room + 1)];
            match memchr::memchr2(b'\n', 0, look) {
                Some(i) if look[i] == b'\n' => {
                    self.buf.extend_from_slice(&look[..=i]);
                    self.reader.consume(i + 1);
                    return Ok(Line::Whole);
                }
                Some(i) => {
                    let at = self.buf.len() + i;
                    self.buf.extend_from_slice(&look[..i]);
                    self.reader.consume(i);
                    return Ok(Line::Nul(at));
                }
                None if look.len() > room => {
                    self.buf.extend_from_slice(&look[..room]);
                    self.reader.consume(room);
                    return Ok(Line::TooLong);
                }
                None => {
                    let n = look.len();
                    self.buf.extend_from_slice(look);
                    self.reader.consume(n);
                }
            }
        }
    }

    /// Skips the rest of a refused line, at most [`MAX_SKIP_BYTES`]: a line
    /// that runs past that (an endless stream without a line break) ends
    /// the file, with an error.
    fn skip_line(&mut self) -> Option<Error> {
        let mut skipped: u64 = 0;
        loop {
            let chunk = match self.reader.fill_buf() {
                Ok(chunk) => chunk,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.done = true;
                    return Some(self.read_error(e));
                }
            };
            if chunk.is_empty() {
                return None;
            }
            if let Some(i) = memchr::memchr(b'\n', chunk) {
                self.reader.consume(i + 1);
                return None;
            }
            let n = chunk.len();
            self.reader.consume(n);
            skipped += n as u64;
            if skipped > self.max_skip {
                self.done = true;
                return Some(self.error(
                    None,
                    format!(
                        "no line break in the next {} MiB: not JSON Lines? the rest of the \
                         file is skipped",
                        self.max_skip >> 20
                    ),
                ));
            }
        }
    }

    fn read_error(&self, e: std::io::Error) -> Error {
        let what = if is_corrupt(&e) {
            format!("not a valid gzip file: {e}")
        } else {
            e.to_string()
        };
        self.error(None, what)
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
        if self.skip && !self.done {
            self.skip = false;
            if let Some(e) = self.skip_line() {
                return Some(Err(e));
            }
        }
        while !self.done {
            self.line += 1;
            match self.read_line() {
                Ok(Line::End) => self.done = true,
                Ok(Line::TooLong) => {
                    // Refused at once, the rest of the line skipped on the
                    // next call: memory stays bounded, and the message is
                    // out before the skipping.
                    self.skip = true;
                    return Some(Err(self.error(
                        None,
                        format!(
                            "record longer than {} MiB (line starting {:?}); split the \
                             article, or give it as a text file, which is read in pieces",
                            self.max_record >> 20,
                            start_of(&String::from_utf8_lossy(&self.buf[..200]), 40)
                        ),
                    )));
                }
                Ok(Line::Nul(at)) => {
                    let (_, column) = line_column(&self.buf, at);
                    let mut message =
                        format!("binary file: NUL byte at column {column}; termalign reads text");
                    // Before any record, the file is taken for binary.
                    if self.read_one {
                        self.skip = true;
                    } else {
                        self.done = true;
                        message.push_str(" (no record before it: the rest of the file is skipped)");
                    }
                    return Some(Err(self.error(None, message)));
                }
                Ok(Line::Whole) => {
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
                    return Some(Err(self.read_error(e)));
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A JSON Lines reader over `reader`, with a record bound of 1 MiB and a
    /// skip bound of 4 MiB.
    fn small(reader: impl Read + 'static) -> JsonLines {
        let mut lines = JsonLines::from_reader(
            PathBuf::from("in.jsonl"),
            Box::new(BufReader::new(reader)),
            TextOptions::default(),
        );
        lines.max_record = 1 << 20;
        lines.max_skip = 4 << 20;
        lines
    }

    fn messages(lines: JsonLines) -> Vec<String> {
        lines
            .map(|r| match r {
                Ok(doc) => format!("ok {}", doc.name),
                Err(e) => e.to_string(),
            })
            .collect()
    }

    /// `/dev/zero` once hung `detect --jsonl`: a NUL byte before any record
    /// ends the file at once.
    #[test]
    fn endless_zeros_end_at_the_first_byte() {
        let mut lines = small(std::io::repeat(0));
        let err = lines.next().unwrap().unwrap_err();
        assert_eq!(
            err.to_string(),
            "in.jsonl:1: binary file: NUL byte at column 1; termalign reads text (no record \
             before it: the rest of the file is skipped)"
        );
        assert!(lines.next().is_none());
    }

    /// An endless line without a NUL: refused at the record bound (the
    /// message comes before any skipping), then skipped up to the skip
    /// bound, which ends the file. Memory holds one record's worth.
    #[test]
    fn an_endless_line_is_refused_then_given_up() {
        let mut lines = small(std::io::repeat(b'a'));
        let err = lines.next().unwrap().unwrap_err().to_string();
        assert!(
            err.starts_with("in.jsonl:1: record longer than 1 MiB"),
            "{err}"
        );
        assert!(lines.buf.len() <= 1 << 20);
        let err = lines.next().unwrap().unwrap_err().to_string();
        assert_eq!(
            err,
            "in.jsonl:1: no line break in the next 4 MiB: not JSON Lines? the rest of the file \
             is skipped"
        );
        assert!(lines.next().is_none());
    }

    /// A long line, or one holding a NUL after a good record, is an error
    /// for itself alone: the records after it are read, on their lines.
    #[test]
    fn a_refused_line_costs_only_itself() {
        let mut input = b"{\"id\": \"a\", \"text\": \"asylum\"}\n".to_vec();
        input.extend(vec![b'x'; (1 << 20) + 10]);
        input.extend(b"\n{\"id\": \"b\", \"text\": \"visa\"}\n{\"id\": \"c\", \"te\0xt\": 1}\n");
        input.extend(b"{\"id\": \"d\", \"text\": \"refugee\"}");
        let got = messages(small(std::io::Cursor::new(input)));
        assert_eq!(got.len(), 5, "{got:?}");
        assert_eq!(got[0], "ok a");
        assert!(
            got[1].starts_with("in.jsonl:2: record longer than 1 MiB"),
            "{got:?}"
        );
        assert_eq!(got[2], "ok b");
        assert_eq!(
            got[3],
            "in.jsonl:4: binary file: NUL byte at column 16; termalign reads text"
        );
        assert_eq!(got[4], "ok d");
    }

    /// Numeric ids keep their text: `1e2` is not `100.0`, and 2^64 and
    /// 2^64 + 1, which a float makes one, stay two.
    #[test]
    fn numeric_ids_are_kept_as_written() {
        let input = "{\"id\": 1e2, \"text\": \"a\"}\n{\"id\":18446744073709551616,\"text\":\"b\"}\n\
                     {\"id\": 18446744073709551617 , \"text\":\"c\"}\n{\"id\":-0.50,\"text\":\"d\"}\n\
                     {\"id\":7,\"text\":1}";
        let got = messages(small(std::io::Cursor::new(input.as_bytes().to_vec())));
        assert_eq!(
            got,
            [
                "ok 1e2",
                "ok 18446744073709551616",
                "ok 18446744073709551617",
                "ok -0.50",
                "in.jsonl:5: field text: must be a string, not a number (record 7)",
            ]
        );
    }
}
