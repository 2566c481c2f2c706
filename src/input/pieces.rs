//! A large text file read in pieces of a few MB cut at paragraph breaks,
//! so memory holds one piece and not the file: each piece is a document
//! whose offsets are still offsets into the file.

use super::*;

/// Bytes read at a time from a document file: larger files are cut into
/// pieces of about this size (at a paragraph break, else a line break, else
/// a space), each analysed on its own. Matches never cross a piece.
pub const PIECE_BYTES: usize = 4 << 20;

/// `PIECE_BYTES` (4 MiB), or `TERMALIGN_PIECE_BYTES` from the environment (at
/// least 64 KiB), which tests use to see memory stay flat on small files.
pub(super) fn piece_bytes() -> usize {
    static BYTES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *BYTES.get_or_init(|| {
        std::env::var("TERMALIGN_PIECE_BYTES")
            .ok()
            .and_then(|v| v.parse::<usize>().ok())
            .map_or(PIECE_BYTES, |n| n.max(64 << 10))
    })
}

/// A document file read in pieces of about `PIECE_BYTES` (4 MiB).
pub(crate) struct TextPieces {
    name: String,
    path: PathBuf,
    reader: Box<dyn Read>,
    /// Bytes read and not yet handed out.
    buf: Vec<u8>,
    /// Bytes read at a time ([`piece_bytes`], smaller when fuzzed).
    piece: usize,
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
    pub(super) fn open(source: &Source, options: TextOptions) -> Result<TextPieces> {
        let rereadable = matches!(source, Source::File(path)
            if std::fs::metadata(path).is_ok_and(|m| m.is_file()));
        TextPieces::open_with(
            source.name(),
            || open_stream(source),
            rereadable,
            options,
            piece_bytes(),
        )
    }

    /// The pieces of `bytes` (gzip decompressed), of about `piece` bytes,
    /// as a file of these bytes would give them: what the fuzz target reads
    /// (`fuzz::decoding`), with small pieces.
    pub(crate) fn of_bytes(
        bytes: &[u8],
        name: &str,
        options: TextOptions,
        piece: usize,
    ) -> Result<TextPieces> {
        let open = || decompressing(Box::new(std::io::Cursor::new(bytes.to_vec())), name);
        TextPieces::open_with(name.to_string(), open, true, options, piece.max(2))
    }

    /// The pieces of the stream `open` opens; `rereadable`: it can be
    /// opened again, for the validation pass.
    fn open_with(
        name: String,
        open: impl Fn() -> Result<Box<dyn Read>>,
        rereadable: bool,
        options: TextOptions,
        piece: usize,
    ) -> Result<TextPieces> {
        let mut pieces = TextPieces::start(name.clone(), open()?, options, piece)?;
        if pieces.eof || pieces.whole_utf16()? {
            return Ok(pieces);
        }
        // A file of several pieces is read through once before any piece
        // is handed out: one that turns out not to be text halfway must not
        // have added half its rows to a report. Standard input and pipes
        // (`<(zcat a.gz)`) cannot be read twice; a bad byte there ends the
        // document where it is.
        if rereadable {
            let mut check = TextPieces::start(name, open()?, options, piece)?;
            // Repairs cannot make text of what is not; the pass skips them.
            check.options.fix_mojibake = false;
            while let Some(piece) = check.cut() {
                piece?;
            }
            pieces.legacy = check.fell_back;
        }
        Ok(pieces)
    }

    /// Starts reading `reader`: its first piece's worth of bytes.
    fn start(
        name: String,
        reader: Box<dyn Read>,
        options: TextOptions,
        piece: usize,
    ) -> Result<TextPieces> {
        let path = PathBuf::from(&name);
        let mut pieces = TextPieces {
            name,
            path,
            reader,
            buf: Vec::new(),
            piece,
            eof: false,
            done: false,
            next: Piece::WHOLE,
            legacy: false,
            fell_back: false,
            options,
        };
        pieces.fill()?;
        Ok(pieces)
    }

    /// Reads until a piece's worth of bytes is buffered, or the end.
    fn fill(&mut self) -> Result<()> {
        let have = self.buf.len();
        let piece = self.piece;
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
pub(super) fn cut_point(buf: &[u8]) -> usize {
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
