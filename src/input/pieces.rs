//! A large text file read in pieces of a few MB cut at paragraph breaks,
//! so memory holds one piece and not the file: each piece is a document
//! whose offsets are still offsets into the file. A JSON Lines record
//! larger than a piece is cut the same way ([`HeldPieces`]): it is in
//! memory already, but its analysis, many times its size, is not.
//!
//! A file of several pieces is read twice: a first pass checks that all of
//! it is text before any piece is used, the second hands the pieces out.
//! The first pass keeps a checksum (CRC-32) of each piece's bytes, and the
//! second compares: a file changed in between (rewritten, grown, cut short)
//! is an error at the first piece that differs, never a mix of two
//! versions.

use super::*;

/// Bytes read at a time from a document file: larger files are cut into
/// pieces of about this size (at a paragraph break, else a line break, else
/// a sentence end, else a space), each analysed on its own. Matches never
/// cross a piece. A piece's analysis holds 25 to 90 bytes per byte of text
/// (tokens, keys, candidates), so a piece is kept small: at 256 KiB, two
/// threads with their batches hold some 40 MB whatever the file's size,
/// while a piece is still long enough (some 40,000 words) for its detected
/// language to be that of the file. Real news files (NTREX's 300 KB, one
/// sentence a line) give the same rows cut or whole.
pub const PIECE_BYTES: usize = 256 << 10;

/// `PIECE_BYTES` (256 KiB), or `TERMALIGN_PIECE_BYTES` from the environment (at
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

/// A document file read in pieces of about `PIECE_BYTES` (256 KiB).
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
    /// The first pass: the checksum of each piece's bytes, as cut.
    sums: Option<Vec<u32>>,
    /// The second pass: the checksums the first pass found, which every
    /// piece must have.
    expected: Option<Vec<u32>>,
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
            check.sums = Some(Vec::new());
            while let Some(piece) = check.cut() {
                piece?;
            }
            pieces.legacy = check.fell_back;
            pieces.expected = check.sums;
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
            sums: None,
            expected: None,
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
        if let Err(e) = self.same_as_checked(&bytes, last) {
            self.done = true;
            return Some(Err(e));
        }
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

impl TextPieces {
    /// In the first pass, notes the checksum of the next piece's `bytes`; in
    /// the second, refuses them unless the first pass found the same piece
    /// there (the same bytes, and the last where it was last).
    fn same_as_checked(&mut self, bytes: &[u8], last: bool) -> Result<()> {
        if self.sums.is_none() && self.expected.is_none() {
            return Ok(());
        }
        let mut crc = flate2::Crc::new();
        crc.update(bytes);
        let sum = crc.sum();
        if let Some(sums) = &mut self.sums {
            sums.push(sum);
        }
        let Some(expected) = &self.expected else {
            return Ok(());
        };
        let i = self.next.index as usize;
        if expected.get(i) == Some(&sum) && (!last || expected.len() == i + 1) {
            return Ok(());
        }
        Err(Error::BadInput {
            path: self.path.clone(),
            reason: format!(
                "changed while it was read: piece {} of {} differs from the first pass over \
                 it (a file of several pieces is checked whole before any piece is used); read \
                 it again once nothing writes to it",
                i + 1,
                expected.len(),
            ),
        })
    }
}

impl Iterator for TextPieces {
    type Item = Result<Document>;

    fn next(&mut self) -> Option<Result<Document>> {
        self.cut()
    }
}

/// `text` (already in memory) in parts of at most about `max` bytes, each
/// cut where a piece of a document would be ([`cut_point`]): for the
/// analysis of a text of megabytes a part at a time.
pub(crate) fn parts(text: &str, max: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while rest.len() > max {
        // Forward to a character boundary, so that a part is never empty.
        let mut end = max.max(1);
        while !rest.is_char_boundary(end) {
            end += 1;
        }
        let cut = match cut_point(&rest.as_bytes()[..end]) {
            cut if cut > 0 && rest.is_char_boundary(cut) => cut,
            _ => end,
        };
        out.push(&rest[..cut]);
        rest = &rest[cut..];
    }
    if !rest.is_empty() || out.is_empty() {
        out.push(rest);
    }
    out
}

/// Where to cut a full buffer: after the last paragraph break in its second
/// half, else the last line break, else the last sentence end (`.`, `?` or
/// `!` and a space before a capital letter, so that a one-line text is not
/// cut inside a multiword term), else the last space, else before the last
/// character (a text without a space in half a piece). Never at the very
/// end, so that something is left for the next piece.
pub(super) fn cut_point(buf: &[u8]) -> usize {
    let from = buf.len() / 2;
    let window = &buf[from..buf.len() - 1];
    if let Some(i) = memchr::memmem::rfind(window, b"\n\n") {
        return from + i + 2;
    }
    if let Some(i) = memchr::memrchr(b'\n', window) {
        return from + i + 1;
    }
    if let Some(i) = last_sentence_end(window) {
        return from + i;
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

/// Where the text after the last sentence end in `window` starts: after
/// `.`, `?` or `!` and one space, before an ASCII capital
/// letter (a sentence that starts with `É` or a quote is not seen: the cut
/// then falls at a space).
fn last_sentence_end(window: &[u8]) -> Option<usize> {
    let mut at = window.len();
    while let Some(space) = memchr::memrchr(b' ', &window[..at]) {
        at = space;
        let next = window.get(space + 1).copied();
        let before = space.checked_sub(1).map(|b| window[b]);
        if next.is_some_and(|c| c.is_ascii_uppercase())
            && matches!(before, Some(b'.' | b'?' | b'!'))
        {
            return Some(space + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A text file of three pieces and a half.
    fn three_pieces() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.txt");
        let paragraph = "The refugees and the asylum seekers arrived at the border.\n\n";
        let text = paragraph.repeat(piece_bytes() * 7 / 2 / paragraph.len());
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    #[test]
    fn parts_join_into_the_text_each_bounded_and_never_empty() {
        let texts = [
            String::new(),
            "é".repeat(100),
            "日本語のテキスト".repeat(50),
            "The refugees arrived. Les réfugiés sont arrivés.\n\nUn deux. ".repeat(40),
            "a".repeat(1000),
        ];
        for text in &texts {
            for max in [1, 2, 3, 5, 16, 100, 1 << 16] {
                let parts = parts(text, max);
                assert_eq!(parts.concat(), *text, "max {max}");
                assert!(parts.len() == 1 || parts.iter().all(|p| !p.is_empty()));
                // A part ends at a cut at most `max` bytes in, or at the
                // next character boundary when that is inside a character.
                assert!(parts.iter().all(|p| p.len() <= max.max(1) + 3), "max {max}");
            }
        }
    }

    #[test]
    fn a_line_without_breaks_is_cut_at_a_sentence_end_before_a_space() {
        // The last space is inside "visa policy"; the sentence end before it
        // is where the cut falls.
        let text = b"The migration and visa policy of UNHCR. The migration and visa policy";
        let end = cut_point(text);
        assert_eq!(&text[end..], b"The migration and visa policy");
        // No sentence end: the last space in the second half.
        let text = b"the migration and visa policy of the agency and its visa policy";
        assert_eq!(&text[cut_point(text)..], b"policy");
        // "Mr. smith" and "2.5 m" are not sentence ends.
        let text = b"a sentence. Then some text 2.5 m and more text";
        assert_eq!(&text[cut_point(text)..], b"text");
    }

    fn pieces(path: &Path) -> TextPieces {
        TextPieces::open(&Source::File(path.to_path_buf()), TextOptions::default()).unwrap()
    }

    /// Issue 16, item 6: the file changes after the first pass; the first
    /// piece that differs is an error, and none after it is handed out.
    #[test]
    fn a_file_changed_between_the_two_passes_is_refused() {
        let (_dir, path) = three_pieces();
        let unchanged: Vec<_> = pieces(&path).map(|p| p.unwrap().piece).collect();
        assert_eq!(unchanged.len(), 4);

        let patch = |path: &Path, at: u64, bytes: &[u8]| {
            use std::io::{Seek, Write};
            let mut f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
            f.seek(std::io::SeekFrom::Start(at)).unwrap();
            f.write_all(bytes).unwrap();
        };
        // Rewritten in place, same size: "The" becomes "Thy" in piece 2.
        let mut read = pieces(&path);
        patch(&path, piece_bytes() as u64 * 3 / 2, b"X");
        assert!(
            read.next().unwrap().is_ok(),
            "piece 1 was read and checked before"
        );
        let err = read.next().unwrap().unwrap_err().to_string();
        assert!(
            err.ends_with(
                "big.txt: changed while it was read: piece 2 of 4 differs from the first \
                 pass over it (a file of several pieces is checked whole before any piece is \
                 used); read it again once nothing writes to it"
            ),
            "{err}"
        );
        assert!(read.next().is_none(), "nothing after the error");

        // Cut short, and grown.
        let original = std::fs::read(&path).unwrap();
        let shorter = original[..original.len() - 10].to_vec();
        let longer = [&original[..], b"And more.\n"].concat();
        for changed in [shorter, longer] {
            let read = pieces(&path);
            std::fs::write(&path, changed).unwrap();
            let got: Vec<Result<Document>> = read.collect();
            assert_eq!(got.len(), 4, "three pieces and the error");
            let err = got[3].as_ref().unwrap_err().to_string();
            assert!(
                err.contains("changed while it was read: piece 4 of 4"),
                "{err}"
            );
            std::fs::write(&path, &original).unwrap();
        }
        // Changed only where it had already been read: what is handed out
        // is what was checked, and nothing is refused.
        let read = pieces(&path);
        patch(&path, 0, b"Thy");
        assert!(read.map(|p| p.unwrap()).last().unwrap().piece.last);
    }
}
