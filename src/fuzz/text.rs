//! The fuzz targets of the input layer: bytes to text (UTF-8, UTF-16, the
//! legacy encodings, gzip, a file cut in pieces), mojibake repair, and JSON
//! Lines. Each input's first byte picks the options; the rest is the file.

use std::borrow::Cow;
use std::io::{Read, Write};
use std::path::Path;

use super::budget::linear;
use super::{assert_located, lines_in};
use crate::input::mojibake;
use crate::input::{Declared, Encoding, JsonLines, TextOptions, TextPieces, decode, gunzip};

/// The decoding options a fuzz input's first byte picks: bits 0–1 the
/// encoding, bit 2 mojibake repair.
fn options(byte: u8) -> TextOptions {
    TextOptions {
        encoding: match byte & 3 {
            1 => Encoding::Latin1,
            2 => Encoding::Windows1252,
            _ => Encoding::Utf8,
        },
        fix_mojibake: byte & 4 != 0,
    }
}

/// `data` gzipped (one member).
fn gzip(data: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(data).expect("writing to memory");
    gz.finish().expect("writing to memory")
}

/// The bytes a stream of `data` holds once decompressed (up to where
/// corrupt gzip data stops it), when they are at most `limit`: a small gzip
/// member can stand for gigabytes, and such an input is skipped (reading
/// is linear in what it decompresses to).
fn stream_bytes(data: &[u8], limit: u64) -> Option<Vec<u8>> {
    if !data.starts_with(&[0x1f, 0x8b]) {
        return Some(data.to_vec());
    }
    let mut out = Vec::new();
    // Corrupt data is for the reader to refuse; what came before it counts.
    let _ = flate2::read::MultiGzDecoder::new(data)
        .take(limit + 1)
        .read_to_end(&mut out);
    (out.len() as u64 <= limit).then_some(out)
}

/// Decoding, whole and in pieces. Byte 0: the options ([`options`]) and,
/// bit 3, whether the rest is gzipped first; byte 1: the piece size (400
/// to 1420 bytes: a first piece holds the 200 bytes that tell UTF-16). Checks: a file read in pieces is the file read whole (the
/// pieces' texts joined, their offsets, lines and columns where they fall),
/// or fails with the same message, whose line is in the file; what decodes
/// as text comes back the same through UTF-16; time linear in the bytes
/// decompressed.
///
/// One difference is allowed: a piece cut inside a word (no space in the
/// last half of a piece, 2 MB of text in a real file) may cut a mojibake
/// sign in two, which is then not repaired; the pieces without repair are
/// still the whole without repair.
pub fn decoding(data: &[u8]) {
    let [first, size, rest @ ..] = data else {
        return;
    };
    let options = options(*first);
    let bytes = if first & 8 != 0 {
        gzip(rest)
    } else {
        rest.to_vec()
    };
    let Some(plain) = stream_bytes(&bytes, 1 << 22) else {
        return;
    };
    let path = Path::new("fuzz.txt");
    let piece = 400 + 4 * usize::from(*size);
    let read = |options: TextOptions| {
        let whole = linear(
            "decode",
            plain.len().max(bytes.len()),
            64,
            256 << 10,
            || gunzip(bytes.clone(), path).and_then(|b| decode(b, path, options)),
        );
        let pieces: Vec<_> = linear(
            "reading in pieces",
            plain.len().max(bytes.len()),
            128,
            512 << 10,
            || match TextPieces::of_bytes(&bytes, "fuzz.txt", options, piece) {
                Ok(pieces) => pieces.collect(),
                Err(e) => vec![Err(e)],
            },
        );
        (whole, pieces)
    };
    let (whole, pieces) = read(options);
    let cut_in_a_word = pieces.iter().rev().skip(1).any(|doc| {
        doc.as_ref()
            .is_ok_and(|d| !d.text.ends_with(char::is_whitespace))
    });
    if options.fix_mojibake && cut_in_a_word {
        let (whole, pieces) = read(TextOptions {
            fix_mojibake: false,
            ..options
        });
        return assert_pieces_are_the_whole(whole, &pieces, &plain, options);
    }
    assert_pieces_are_the_whole(whole, &pieces, &plain, options);
}

fn assert_pieces_are_the_whole(
    whole: crate::Result<String>,
    pieces: &[crate::Result<crate::Document>],
    plain: &[u8],
    options: TextOptions,
) {
    let path = Path::new("fuzz.txt");
    match whole {
        Ok(text) => {
            let mut joined = String::new();
            let (mut lines, mut column) = (0u64, 0usize);
            for (k, doc) in pieces.iter().enumerate() {
                let doc = match doc {
                    Ok(doc) => doc,
                    Err(e) => panic!("the whole file decodes, piece {k} does not: {e}"),
                };
                let p = doc.piece;
                assert_eq!(p.index as usize, k, "piece index");
                assert_eq!(p.offset, joined.len(), "piece {k}'s offset");
                assert_eq!((p.lines, p.column), (lines, column), "piece {k}'s place");
                assert_eq!(p.last, k + 1 == pieces.len(), "piece {k}: last?");
                joined.push_str(&doc.text);
                let tail = doc.text.rsplit('\n').next().unwrap_or("").chars().count();
                let breaks = doc.text.matches('\n').count() as u64;
                column = if breaks > 0 { tail } else { column + tail };
                lines += breaks;
            }
            assert_eq!(joined, text, "the pieces joined are not the whole");
            if !options.fix_mojibake {
                // Text, through UTF-16 with a byte order mark, is itself.
                let mut utf16 = vec![0xFF, 0xFE];
                utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
                let again = decode(utf16, path, options).expect("UTF-16 of text");
                assert_eq!(again, text, "UTF-16 round trip");
            }
        }
        Err(e) => {
            // One known difference: in a legacy encoding, a NUL's column on
            // a line that holds both valid UTF-8 and other bytes counts the
            // line's characters as the piece before the NUL was decoded
            // (UTF-8 or the legacy encoding), where a whole read counts them
            // from the bytes (UTF-8 where they are UTF-8): off by a few, for
            // a file refused as binary anyway. Columns are not compared
            // there.
            let shown = |message: String| {
                if options.encoding == Encoding::Utf8 {
                    return message;
                }
                match message.split_once(", column ") {
                    Some((head, tail)) => {
                        let tail = tail.trim_start_matches(|c: char| c.is_ascii_digit());
                        format!("{head}, column …{tail}")
                    }
                    None => message,
                }
            };
            let message = shown(e.to_string());
            let found = pieces.iter().find_map(|doc| doc.as_ref().err());
            let found = found.map(|e| shown(e.to_string()));
            // The other: a whole read names a NUL wherever it is (a binary
            // file is better called binary than not UTF-8); the pieces are
            // checked in order, and a byte that is not UTF-8 in a piece
            // before the NUL's is named first. Both refuse the file.
            let binary = message.contains(": binary file: NUL byte at line ");
            if binary
                && found
                    .as_deref()
                    .is_some_and(|f| f.contains(": not valid UTF-8: "))
            {
                return assert_located(&e, path, lines_in(plain));
            }
            assert_eq!(found.as_deref(), Some(message.as_str()), "in pieces");
            assert_located(&e, path, lines_in(plain));
        }
    }
}

/// Mojibake repair: idempotent (repaired text has nothing left to repair),
/// the same as repeated passes where a few passes end it, at most 3 bytes
/// for every 2 it reads (a C1 control becomes the
/// Windows-1252 character of its byte), unchanged and borrowed exactly
/// when the scan finds nothing, and the scan's places are in the text.
/// Time linear in the text.
pub fn mojibake(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let fixed = linear("mojibake repair", text.len(), 16, 4096, || {
        mojibake::fix(&text)
    });
    let report = linear("mojibake scan", text.len(), 4, 4096, || {
        mojibake::scan(&text)
    });
    assert_eq!(
        report.is_clean(),
        matches!(fixed, Cow::Borrowed(_)),
        "scan and fix disagree: {report:?}"
    );
    if let Some((at, c)) = report.first_c1 {
        assert_eq!(text[at..].chars().next(), Some(c), "first C1 control");
    }
    if let Some((at, seen)) = &report.first_utf8 {
        assert!(
            text[*at..].starts_with(seen.as_str()),
            "first misread UTF-8"
        );
    }
    assert!(
        fixed.len() <= text.len() / 2 * 3 + 1,
        "repair grew {} bytes into {}",
        text.len(),
        fixed.len()
    );
    let again = mojibake::fix(&fixed);
    assert_eq!(again, fixed, "repair is not idempotent");
    // What passes until nothing changes give (a few passes: many would
    // take quadratic time, which is why `fix` does not work by passes).
    let mut passes = text.clone().into_owned();
    for _ in 0..8 {
        match mojibake::fix_pass(&passes) {
            Cow::Borrowed(_) => {
                assert_eq!(fixed, passes, "repair differs from repeated passes");
                break;
            }
            Cow::Owned(next) => passes = next,
        }
    }
}

/// JSON Lines, read as a stream with a record bound of 1 KiB and a skip
/// bound of 4 KiB. Byte 0: the options; the rest is the file (gzipped or
/// not). Checks: the reading ends, with at most one item per line; an
/// error names a line of the file; a record written out again as JSON
/// reads back the same (its id as written, its text, its language); time
/// linear in the bytes decompressed.
pub fn json_lines(data: &[u8]) {
    let [first, rest @ ..] = data else {
        return;
    };
    let options = options(*first);
    let Some(plain) = stream_bytes(rest, 1 << 22) else {
        return;
    };
    let lines = lines_in(&plain);
    let path = Path::new("fuzz.jsonl");
    let read = |bytes: Vec<u8>, options, max_record| {
        JsonLines::of_bytes(bytes, "fuzz.jsonl", options, max_record, 4 << 10)
            .map(|records| records.take(lines as usize + 2).collect::<Vec<_>>())
    };
    let records = linear(
        "JSON Lines",
        plain.len().max(rest.len()),
        128,
        256 << 10,
        || read(rest.to_vec(), options, 1 << 10),
    );
    let records = match records {
        Ok(records) => records,
        Err(e) => return assert_located(&e, path, lines),
    };
    // A line refused for its length may also end the file: two items.
    assert!(
        records.len() as u64 <= lines + 1,
        "{} items from {lines} lines",
        records.len()
    );
    for record in records {
        let doc = match record {
            Ok(doc) => doc,
            Err(e) => {
                assert_located(&e, path, lines);
                continue;
            }
        };
        assert!(!doc.name.trim().is_empty(), "a record with an empty id");
        let lang = match doc.lang {
            None => serde_json::Value::Null,
            Some(Declared::Lang(lang)) => lang.code().into(),
            Some(Declared::Other) => "de".into(),
        };
        let line = serde_json::json!({"id": doc.name, "text": doc.text, "lang": lang});
        // Read back as written: no second repair; Latin-1 may have
        // doubled its length.
        let plain = TextOptions {
            fix_mojibake: false,
            ..options
        };
        let again = read(line.to_string().into_bytes(), plain, 1 << 20).expect("in memory");
        match again.as_slice() {
            [Ok(back)] => assert_eq!(
                (&back.name, &back.text, back.lang),
                (&doc.name, &doc.text, doc.lang),
                "a record written out again"
            ),
            other => panic!("a record written out again reads as {other:?}"),
        }
    }
}
