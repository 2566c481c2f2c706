//! Side inputs: the files a run reads whole beside its documents — a
//! glossary, suggestions to merge, an alignment dictionary, gold pairs, a
//! list of pairs, partial results, a translation file (TMX, XLIFF, TSV, or
//! the two files of `--source` and `--target`). Documents are streamed in
//! pieces; these are parsed whole, so every one of them is read through
//! [`read_side`], which bounds what it holds: a regular file larger than
//! [`MAX_SIDE_BYTES`] is refused before a byte is read, a pipe when it
//! passes the bound, and what can be neither (`/dev/zero`, a terminal, a
//! socket, a folder) is refused at once. One helper, so that no reader can
//! forget the check.

use super::*;

/// The most a side input may hold (1 GiB), read whole: past it, the file
/// is refused rather than read into memory. A glossary of IATE's size in
/// three languages, or a translation memory of millions of units, is well
/// under it.
pub const MAX_SIDE_BYTES: u64 = 1 << 30;

/// Bytes read at a time from a pipe, looking for a NUL between reads.
const CHUNK_BYTES: usize = 64 << 10;

/// The text of a side input: its bytes bounded as [`read_side_bytes`] says,
/// decompressed if gzipped (up to [`MAX_GUNZIPPED_BYTES`]) and decoded as
/// `options` say.
pub fn read_side(path: &Path, options: TextOptions) -> Result<String> {
    let bytes = read_side_bytes(path)?;
    let bytes = gunzip(bytes, path)?;
    decode(bytes, path, options)
}

/// The bytes of a side input, at most [`MAX_SIDE_BYTES`]: a regular file or
/// a pipe (`<(zcat list.gz)`, `/dev/stdin` fed by a pipe); anything else is
/// refused, naming what it is.
pub fn read_side_bytes(path: &Path) -> Result<Vec<u8>> {
    read_side_at_most(path, MAX_SIDE_BYTES)
}

/// A side input opened to be read streaming, in bounded memory, whatever its size (a TBX
/// glossary: `formats::tbx::read_file`): a regular file or a pipe; anything else is refused,
/// naming what it is, as [`read_side_bytes`] refuses it.
pub fn open_side(path: &Path) -> Result<std::fs::File> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if let Some(what) = not_a_file(meta.file_type()) {
        return Err(Error::BadInput {
            path: path.to_path_buf(),
            reason: format!("{what}, not a file: give a regular file or a pipe"),
        });
    }
    std::fs::File::open(path).map_err(|e| Error::io(path, e))
}

/// What a file is that a side input cannot be, for the message; `None` for a
/// regular file or a pipe.
fn not_a_file(kind: std::fs::FileType) -> Option<&'static str> {
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return None;
        }
        if kind.is_char_device() {
            return Some("a character device");
        }
        if kind.is_block_device() {
            return Some("a block device");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

pub(super) fn read_side_at_most(path: &Path, limit: u64) -> Result<Vec<u8>> {
    let bad = |reason: String| Error::BadInput {
        path: path.to_path_buf(),
        reason,
    };
    let too_large = || {
        bad(format!(
            "larger than {} MiB; a file read whole (a glossary, a list, a translation file) is \
             refused past that",
            limit >> 20
        ))
    };
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if let Some(what) = not_a_file(meta.file_type()) {
        return Err(bad(format!(
            "{what}, not a file: give a regular file or a pipe"
        )));
    }
    let regular = meta.is_file();
    if regular && meta.len() > limit {
        return Err(too_large());
    }
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    // A file that grows while it is read is still read no further than
    // the bound.
    let mut reader = file.take(limit + 1);
    let mut bytes = Vec::new();
    if regular {
        bytes.reserve(meta.len() as usize);
        reader
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io(path, e))?;
    } else {
        // A pipe, read a chunk at a time: a NUL byte (outside UTF-16 and
        // gzip, which hold them) ends the read, since decoding refuses the
        // text there anyway, naming the byte; `cat /dev/zero |` costs one
        // chunk.
        let mut chunk = vec![0u8; CHUNK_BYTES];
        loop {
            let n = read_up_to(&mut reader, &mut chunk).map_err(|e| Error::io(path, e))?;
            bytes.extend_from_slice(&chunk[..n]);
            let holds_nul = bytes.starts_with(&GZIP_MAGIC)
                || matches!(
                    encoding_rs::Encoding::for_bom(&bytes),
                    Some((e, _)) if e != encoding_rs::UTF_8
                );
            if n < CHUNK_BYTES || (!holds_nul && memchr::memchr(0, &chunk[..n]).is_some()) {
                break;
            }
        }
    }
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_or_a_folder_is_refused_before_a_byte_is_read() {
        let err = read_side_bytes(Path::new("/dev/zero")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "/dev/zero: a character device, not a file: give a regular file or a pipe"
        );
        let dir = tempfile::tempdir().unwrap();
        let err = read_side_bytes(dir.path()).unwrap_err();
        assert!(
            err.to_string()
                .ends_with(": a folder, not a file: give a regular file or a pipe")
        );
    }

    #[test]
    fn a_file_over_the_bound_is_refused_by_its_size() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.csv");
        std::fs::write(&path, vec![b'a'; (1 << 20) + 1]).unwrap();
        let err = read_side_at_most(&path, 1 << 20).unwrap_err();
        assert!(
            err.to_string()
                .contains(": larger than 1 MiB; a file read whole"),
            "{err}"
        );
        assert_eq!(
            read_side_at_most(&path, 2 << 20).unwrap().len(),
            (1 << 20) + 1
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_pipe_is_read_to_the_bound_and_stops_at_a_nul() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("list.tsv");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("note: no mkfifo; skipping");
            return;
        }
        // An endless writer of text: refused at the bound, not held past it.
        let feed = |fifo: std::path::PathBuf, byte: u8| {
            std::thread::spawn(move || {
                use std::io::Write;
                let mut f = std::fs::OpenOptions::new().write(true).open(fifo).unwrap();
                let block = vec![byte; 1 << 16];
                let mut written = 0usize;
                // Until the reader closes its end (EPIPE), with a stop well past the bound.
                while written < 64 << 20 && f.write_all(&block).is_ok() {
                    written += block.len();
                }
                written
            })
        };
        let writer = feed(fifo.clone(), b'a');
        let err = read_side_at_most(&fifo, 1 << 20).unwrap_err();
        assert!(err.to_string().contains("larger than 1 MiB"), "{err}");
        assert!(writer.join().unwrap() < 64 << 20, "the reader stopped");
        // Zeros: one chunk read, then decoding names the first NUL.
        let writer = feed(fifo.clone(), 0);
        let bytes = read_side_at_most(&fifo, 1 << 20).unwrap();
        assert_eq!(bytes.len(), CHUNK_BYTES);
        writer.join().unwrap();
        let writer = feed(fifo.clone(), 0);
        let err = read_side(&fifo, TextOptions::default()).unwrap_err();
        assert!(
            err.to_string().contains("NUL byte at line 1, column 1"),
            "{err}"
        );
        writer.join().unwrap();
    }
}
