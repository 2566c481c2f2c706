//! Bytes to text: gzip (bounded), UTF-16 with a byte order mark, UTF-8,
//! or the legacy encoding of `--encoding`, with mojibake repaired on request.
//! An error names the line and column of the first bad byte.

use super::*;

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

pub(super) fn gunzip_at_most(bytes: Vec<u8>, path: &Path, limit: u64) -> Result<Vec<u8>> {
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

/// `text` without the byte order mark it may start with. Decoding keeps the
/// mark, so that offsets are offsets into the file; readers of tables (CSV,
/// TSV, XML) skip it here.
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// A field of a side file (dictionary, pair list) without the spaces
/// around it, nor a stray byte order mark (a file joined on with `cat`),
/// which `trim` keeps: it is no space to Unicode.
pub fn trim_field(field: &str) -> &str {
    field.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
}

/// What a file starting as a ZIP archive is, by its extension: office
/// documents are ZIP archives.
fn zip_kind(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "xlsx" | "xlsm" => "an Excel workbook (XLSX)",
        "ods" => "an OpenDocument spreadsheet (ODS)",
        "docx" => "a Word document (DOCX)",
        "odt" => "an OpenDocument text (ODT)",
        _ => "a ZIP archive (an Excel workbook or other office document?)",
    }
}

/// Decodes a file's bytes as text, as `options` say: UTF-16 with a byte
/// order mark, else UTF-8 (a UTF-8 byte order mark is kept, so that offsets
/// are offsets into the file), else the legacy encoding if one was given.
/// An error names the first bad byte's line and column; a NUL byte is
/// refused as binary, and an office document (a ZIP archive) as such.
pub fn decode(bytes: Vec<u8>, path: &Path, options: TextOptions) -> Result<String> {
    decode_at(bytes, path, options, Piece::WHOLE, false).map(|(text, _)| text)
}

/// [`decode`] for the bytes of `piece` of a file (errors say where
/// they are in the file; a later piece has no byte order mark); `legacy`:
/// some piece is not UTF-8, so all are read in the legacy encoding, as a
/// whole read would. Also says whether they were read in it.
pub(super) fn decode_at(
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
                    "not valid {} (it starts with that byte order mark): {}",
                    utf16.name(),
                    utf16_fault(&bytes[bom..], bom, utf16 == encoding_rs::UTF_16BE)
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
            if piece.is_first() && bytes.starts_with(b"PK\x03\x04") {
                let kind = zip_kind(path);
                // A workbook is read where a glossary or merge's suggestions
                // are expected (`formats::workbook`): say so.
                let workbook = if kind.contains("XLSX") {
                    "; a glossary in a workbook is read as it is: give it to -g (or to \
                     glossary merge as its suggestions)"
                } else {
                    ""
                };
                return Err(bad(format!(
                    "{kind}, not text: save it as CSV (or as Unicode text) and give that \
                     instead{workbook}"
                )));
            }
            if let Some(at) = memchr::memchr(0, &bytes) {
                let (line, column) = line_column(&bytes, at);
                // The head of the file tells UTF-16 (a later piece's head
                // is not the file's: the first piece decoded as text).
                let hint = if piece.is_first() && looks_like_utf16(&bytes) {
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
                                 convert the file to UTF-8",
                                e.as_bytes()[at]
                            ))
                            .needs(Remedy::Encoding));
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
pub(super) fn decode_legacy(bytes: &[u8], encoding: Encoding) -> String {
    match encoding {
        Encoding::Utf8 | Encoding::Latin1 => encoding_rs::mem::decode_latin1(bytes).into_owned(),
        Encoding::Windows1252 => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// Where UTF-16 `body` (the bytes after a byte order mark of `bom` bytes)
/// stops being valid, for the message: an unpaired surrogate, else an odd
/// last byte, with its line, column (in characters) and byte offset in the
/// file. Called only when decoding failed, so the second pass costs nothing
/// on good files.
fn utf16_fault(body: &[u8], bom: usize, big_endian: bool) -> String {
    let units = body.chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if big_endian {
            u16::from_be_bytes(pair)
        } else {
            u16::from_le_bytes(pair)
        }
    });
    let whole_units = body.len() / 2;
    let (mut line, mut column, mut units_before) = (1usize, 1usize, 0usize);
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => {
                if c == '\n' {
                    (line, column) = (line + 1, 1);
                } else {
                    column += 1;
                }
                units_before += c.len_utf16();
            }
            // A high surrogate cut from its pair by the end of the file is
            // the odd last byte below.
            Err(_) if body.len() % 2 == 1 && units_before + 1 == whole_units => break,
            Err(e) => {
                return format!(
                    "an unpaired surrogate 0x{:04X} at line {line}, column {column} (byte {})",
                    e.unpaired_surrogate(),
                    bom + 2 * units_before
                );
            }
        }
    }
    format!(
        "an odd number of bytes: a lone last byte at line {line}, column {column} (byte {})",
        bom + body.len() - 1
    )
}

/// Whether `bytes` look like UTF-16 text without a byte order mark: NULs
/// in every other byte of the first line's worth.
pub(super) fn looks_like_utf16(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(200) & !1];
    let (even, odd) = head.chunks(2).fold((0, 0), |(e, o), pair| {
        (e + usize::from(pair[0] == 0), o + usize::from(pair[1] == 0))
    });
    let pairs = head.len() / 2;
    pairs >= 2 && ((even * 2 >= pairs && odd == 0) || (odd * 2 >= pairs && even == 0))
}

/// What [`decode`] refuses in a file, refused in text given as is (to a
/// reader that takes `&str`): a NUL character, which no output termalign
/// writes could be read back with.
pub fn refuse_nul(text: &str, path: &Path) -> Result<()> {
    match memchr::memchr(0, text.as_bytes()) {
        None => Ok(()),
        Some(at) => {
            let (line, column) = line_column(text.as_bytes(), at);
            Err(Error::BadInput {
                path: path.to_path_buf(),
                reason: format!(
                    "binary file: NUL character at line {line}, column {column}; termalign reads \
                     text"
                ),
            })
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_names_the_bad_byte() {
        let err = decode(
            b"ok\nbad \xE9t\xE9".to_vec(),
            Path::new("x.txt"),
            TextOptions::default(),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.txt: not valid UTF-8: byte 0xE9 at line 2, column 5; convert the file to UTF-8"
        );
        assert_eq!(err.remedy(), Some(Remedy::Encoding));
        let err = decode(b"a\0b".to_vec(), Path::new("y.bin"), TextOptions::default()).unwrap_err();
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
        let latin1 = decode(cp1252.clone(), path, with(Encoding::Latin1)).unwrap();
        assert_eq!(latin1, "l\u{92}asile été");
        let windows = decode(cp1252.clone(), path, with(Encoding::Windows1252)).unwrap();
        assert_eq!(windows, "l’asile été");
        // Latin-1 read, mojibake repaired: what Windows-1252 gives.
        let options = TextOptions {
            encoding: Encoding::Latin1,
            fix_mojibake: true,
        };
        assert_eq!(decode(cp1252, path, options).unwrap(), "l’asile été");
        // A file that is valid UTF-8 is UTF-8, whatever --encoding says.
        let utf8 = "l’asile été".as_bytes().to_vec();
        assert_eq!(
            decode(utf8, path, with(Encoding::Latin1)).unwrap(),
            "l’asile été"
        );
        // NUL is refused in every encoding.
        let err = decode(b"a\xE9\0".to_vec(), path, with(Encoding::Latin1)).unwrap_err();
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
        assert_eq!(
            decode(le.clone(), path, TextOptions::default()).unwrap(),
            text
        );
        assert_eq!(decode(be, path, TextOptions::default()).unwrap(), text);
        // Cut in the middle of a code unit: the lone byte is named, by its
        // line, column and offset in the file (the mark's 2 bytes counted).
        le.pop();
        let err = decode(le, path, TextOptions::default()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "u16.txt: not valid UTF-16LE (it starts with that byte order mark): an odd number of \
             bytes: a lone last byte at line 2, column 9 (byte 38)"
        );
        // An unpaired surrogate, high or low, in either byte order: named
        // where it is, after a character outside the BMP (two units).
        let units = |text: &str, bad: u16| {
            let mut units: Vec<u16> = text.encode_utf16().collect();
            units.insert(units.len() - 1, bad);
            units
        };
        for (bad, name) in [(0xD800u16, "0xD800"), (0xDC00, "0xDC00")] {
            let mut le = vec![0xFF, 0xFE];
            le.extend(units("🌍 ok\nab", bad).iter().flat_map(|u| u.to_le_bytes()));
            let mut be = vec![0xFE, 0xFF];
            be.extend(units("🌍 ok\nab", bad).iter().flat_map(|u| u.to_be_bytes()));
            for (bytes, utf16) in [(le, "UTF-16LE"), (be, "UTF-16BE")] {
                let err = decode(bytes, path, TextOptions::default()).unwrap_err();
                assert_eq!(
                    err.to_string(),
                    format!(
                        "u16.txt: not valid {utf16} (it starts with that byte order mark): an \
                         unpaired surrogate {name} at line 2, column 2 (byte 16)"
                    )
                );
            }
        }
        // A NUL character inside UTF-16 text.
        let mut nul = vec![0xFF, 0xFE];
        nul.extend("ab\n\0".encode_utf16().flat_map(u16::to_le_bytes));
        let err = decode(nul, path, TextOptions::default()).unwrap_err();
        assert!(
            err.to_string()
                .contains("NUL character at line 2, column 1"),
            "{err}"
        );
        // Without a byte order mark: named for what it probably is.
        let bare: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let err = decode(bare, path, TextOptions::default()).unwrap_err();
        assert!(
            err.to_string().contains("UTF-16 without a byte order mark"),
            "{err}"
        );
    }

    /// Found by fuzzing (`fuzz::decoding`): a NUL in a later piece of a
    /// large file was blamed on UTF-16 when that piece's head looked like
    /// it, though the file's head (the first piece) had decoded as text; the
    /// same file read whole said otherwise.
    #[test]
    fn only_the_head_of_a_file_tells_utf16() {
        let path = Path::new("big.txt");
        let utf16ish: Vec<u8> = "ab\ncd".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let later = Piece {
            offset: 10,
            lines: 3,
            column: 0,
            index: 1,
            last: true,
        };
        let options = TextOptions::default();
        let err = decode_at(utf16ish.clone(), path, options, later, false).unwrap_err();
        assert_eq!(
            err.to_string(),
            "big.txt: binary file: NUL byte at line 4, column 2; termalign reads text"
        );
        let err = decode_at(utf16ish, path, options, Piece::WHOLE, false).unwrap_err();
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

    /// Options are passed, never global: two readers of one file in one
    /// process, one told Latin-1 and one not, each read as told.
    #[test]
    fn two_configurations_in_one_process() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("latin1.txt");
        std::fs::write(&path, b"r\xE9fugi\xE9s et migrants").unwrap();
        let latin1 = TextOptions {
            encoding: Encoding::Latin1,
            fix_mojibake: false,
        };
        let source = Source::File(path.clone());
        let strict = crate::input::read(&source, TextOptions::default());
        let lenient = crate::input::read(&source, latin1);
        assert_eq!(strict.unwrap_err().remedy(), Some(Remedy::Encoding));
        assert_eq!(lenient.unwrap().text, "réfugiés et migrants");
    }
}
