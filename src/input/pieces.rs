//! A large text file read in pieces of a few MB cut at paragraph breaks,
//! so memory holds one piece and not the file: each piece is a document
//! whose offsets are still offsets into the file. A JSON Lines record
//! larger than a piece is cut the same way ([`HeldPieces`]): it is in
//! memory already, but its analysis, many times its size, is not.

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
pub(super) struct TextPieces {
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
    pub(super) fn open(source: &Source, options: TextOptions) -> Result<TextPieces> {
        let mut pieces = TextPieces::start(source, options)?;
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
            let mut check = TextPieces::start(source, options)?;
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
    fn start(source: &Source, options: TextOptions) -> Result<TextPieces> {
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
            options,
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
        self.next = following(self.next, &text);
        Some(Ok(Document {
            name: self.name.clone(),
            text,
            lang: None,
            piece,
        }))
    }
}

/// Where the piece after `piece`, whose text is `text`, starts.
fn following(piece: Piece, text: &str) -> Piece {
    let newlines = memchr::memchr_iter(b'\n', text.as_bytes()).count() as u64;
    let tail = memchr::memrchr(b'\n', text.as_bytes()).map_or(0, |i| i + 1);
    let tail_chars = text.as_bytes()[tail..]
        .iter()
        .filter(|&&b| b & 0xC0 != 0x80)
        .count();
    Piece {
        offset: piece.offset + text.len(),
        lines: piece.lines + newlines,
        column: if newlines > 0 {
            tail_chars
        } else {
            piece.column + tail_chars
        },
        index: piece.index + 1,
        last: false,
    }
}

/// A document already in memory and larger than a piece (a JSON Lines
/// record), handed out in the pieces a file of its text is cut into: the
/// analysis of a piece takes many times its size (a token of `l'l'l'…` is
/// two bytes of text and some fifty of analysis), so a 60 MB record
/// analysed whole took 2.4 GB, and in pieces takes what a 60 MB file does.
pub(super) struct HeldPieces {
    doc: Document,
    /// Where the next piece starts in `doc.text`.
    at: usize,
    next: Piece,
}

impl HeldPieces {
    /// The pieces of `doc`, or None when it fits in one.
    pub(super) fn cut(doc: Document) -> std::result::Result<HeldPieces, Document> {
        if doc.text.len() <= piece_bytes() {
            return Err(doc);
        }
        Ok(HeldPieces {
            doc,
            at: 0,
            next: Piece::WHOLE,
        })
    }
}

impl Iterator for HeldPieces {
    type Item = Document;

    fn next(&mut self) -> Option<Document> {
        let rest = &self.doc.text.as_bytes()[self.at..];
        if rest.is_empty() {
            return None;
        }
        // As a file is cut: a full piece's worth at its cut point, the rest
        // whole once less than a piece is left.
        let piece = piece_bytes();
        let end = if rest.len() < piece {
            rest.len()
        } else {
            cut_point(&rest[..piece])
        };
        let text = self.doc.text[self.at..self.at + end].to_string();
        self.at += end;
        let piece = Piece {
            last: self.at == self.doc.text.len(),
            ..self.next
        };
        self.next = following(self.next, &text);
        Some(Document {
            name: self.doc.name.clone(),
            text,
            lang: self.doc.lang,
            piece,
        })
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
