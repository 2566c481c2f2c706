//! Input: files, folders (walked recursively) and standard input, read as
//! UTF-8 text, gzip-compressed or not (told by the gzip magic bytes, so a
//! compressed archive need not be unpacked). A file is one document, or with
//! [`Layout::JsonLines`] one article per line, read as a stream. A file or a
//! record that cannot be read is an error for it alone; the caller reports
//! it and goes on with the others. Side inputs (a glossary, a list, a
//! translation file), parsed whole, are read through [`read_side`], which
//! bounds them.

mod csv_lines;
mod decode;
mod jsonl;
pub mod mojibake;
mod pieces;
mod side;

pub use csv_lines::*;
pub use decode::*;
pub(crate) use jsonl::JsonLines;
use jsonl::*;
use pieces::*;
pub(crate) use pieces::{TextPieces, parts};
pub use side::*;

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::error::{Error, Remedy, Result};
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
    /// Which part of the document this is: a file (or a JSON Lines
    /// record) larger than `PIECE_BYTES` (256 KiB) is read in pieces, so that
    /// memory holds a few pieces and their analysis, never the whole
    /// file's.
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
    /// files sorted by path; a file reached twice is read once, where first met.
    pub sources: Vec<Source>,
    /// Paths that could not be listed (missing, unreadable folder).
    pub errors: Vec<Error>,
    /// Per folder, how many files it skipped for their extension.
    pub skipped: Vec<(PathBuf, usize)>,
    /// What else was left out, in the order met.
    pub left_out: Vec<LeftOut>,
}

/// What a folder walk, or the expansion of the arguments, left out besides
/// files of other extensions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LeftOut {
    /// In a folder, something of the layout's extension that is not a
    /// regular file: a FIFO (reading it would wait for a writer that may
    /// never come), a socket, a device (`/dev/zero` has no end).
    NotAFile { path: PathBuf, kind: &'static str },
    /// Symbolic links in a folder, not followed (see [`WalkOptions`]).
    Links { dir: PathBuf, count: usize },
    /// A link back to a folder the walk is already in, not followed again.
    Loop { path: PathBuf, ancestor: PathBuf },
    /// A file reached a second time (through a link, a hard link, or a
    /// folder named twice), read once, where `first` met it.
    Again { path: PathBuf, first: PathBuf },
}

impl std::fmt::Display for LeftOut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LeftOut::NotAFile { path, kind } => {
                write!(
                    f,
                    "{}: skipped: {kind}, not a regular file",
                    crate::printable::path(path)
                )
            }
            LeftOut::Links { dir, count } => write!(
                f,
                "{}: skipped {count} symbolic link{} (not followed)",
                crate::printable::path(dir),
                if *count == 1 { "" } else { "s" }
            ),
            LeftOut::Loop { path, ancestor } => write!(
                f,
                "{}: not followed: a link back to {}, which is being walked",
                crate::printable::path(path),
                crate::printable::path(ancestor)
            ),
            LeftOut::Again { path, first } if path == first => {
                write!(
                    f,
                    "{}: reached twice, read once",
                    crate::printable::path(path)
                )
            }
            LeftOut::Again { path, first } => write!(
                f,
                "{}: skipped: the same file as {}, read once",
                crate::printable::path(path),
                crate::printable::path(first)
            ),
        }
    }
}

/// How folders are walked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WalkOptions {
    /// Follow symbolic links inside folders (to files and to folders, also
    /// out of the folder named), as `rg --follow` does; a link back to a
    /// folder being walked is not followed again. Without it links are
    /// skipped and counted, ripgrep's default: a walk stays in its folder.
    pub follow_links: bool,
}

/// What a path is when it is not a regular file, a folder or a link.
pub(crate) fn special_kind(kind: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    let _ = kind;
    "not a regular file"
}

/// A file's identity, to read it once however it is reached (device and
/// inode; none where the platform has none).
fn identity(meta: &std::fs::Metadata) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

/// Expands files, folders and `-` into the files to read; a folder walk picks
/// up the regular files of `layout`'s extensions and does not follow links.
pub fn collect<P: AsRef<Path>>(args: &[P], layout: Layout) -> Inputs {
    collect_with(args, layout, WalkOptions::default())
}

/// [`collect`], walking folders as `walk` says. A file named on the command
/// line is read whatever it is (a FIFO as a stream); in a folder, only
/// regular files are. A file reached twice is read once.
pub fn collect_with<P: AsRef<Path>>(args: &[P], layout: Layout, walk: WalkOptions) -> Inputs {
    let mut inputs = Inputs::default();
    let mut seen = std::collections::HashMap::new();
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
            Ok(meta) if meta.is_dir() => walk_folder(path, layout, walk, &mut seen, &mut inputs),
            // A file named on the command line is read whatever its name.
            Ok(meta) => inputs.add(path.to_path_buf(), &meta, &mut seen),
        }
    }
    inputs
}

impl Inputs {
    /// Adds a file to read, unless it was met before.
    fn add(
        &mut self,
        path: PathBuf,
        meta: &std::fs::Metadata,
        seen: &mut std::collections::HashMap<(u64, u64), PathBuf>,
    ) {
        // Only regular files have an identity worth comparing: a FIFO
        // named twice is two streams.
        if meta.is_file()
            && let Some(id) = identity(meta)
        {
            if let Some(first) = seen.get(&id) {
                self.left_out.push(LeftOut::Again {
                    path,
                    first: first.clone(),
                });
                return;
            }
            seen.insert(id, path.clone());
        }
        self.sources.push(Source::File(path));
    }
}

fn walk_folder(
    dir: &Path,
    layout: Layout,
    options: WalkOptions,
    seen: &mut std::collections::HashMap<(u64, u64), PathBuf>,
    inputs: &mut Inputs,
) {
    let mut skipped = 0;
    let mut links = 0;
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(options.follow_links)
        .sort_by_file_name();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().unwrap_or(dir).to_path_buf();
                if let Some(ancestor) = e.loop_ancestor() {
                    inputs.left_out.push(LeftOut::Loop {
                        ancestor: ancestor.to_path_buf(),
                        path,
                    });
                    continue;
                }
                let io = e
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("cannot be walked"));
                inputs.errors.push(Error::io(path, io));
                continue;
            }
        };
        let kind = entry.file_type();
        if kind.is_dir() {
            continue;
        }
        if kind.is_symlink() {
            // Not followed (with follow_links, a link is never seen as
            // one: a dangling link is an error above).
            links += 1;
            continue;
        }
        if !has_extension(entry.path(), layout.extensions()) {
            skipped += 1;
            continue;
        }
        if !kind.is_file() {
            inputs.left_out.push(LeftOut::NotAFile {
                path: entry.into_path(),
                kind: special_kind(kind),
            });
            continue;
        }
        match entry.metadata() {
            Ok(meta) => inputs.add(entry.into_path(), &meta, seen),
            Err(e) => {
                let path = entry.path().to_path_buf();
                let io = e
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("cannot be read"));
                inputs.errors.push(Error::io(path, io));
            }
        }
    }
    if skipped > 0 {
        inputs.skipped.push((dir.to_path_buf(), skipped));
    }
    if links > 0 {
        inputs.left_out.push(LeftOut::Links {
            dir: dir.to_path_buf(),
            count: links,
        });
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
pub fn read(source: &Source, options: TextOptions) -> Result<Document> {
    let size = match source {
        Source::File(path) => std::fs::metadata(path).map_or(0, |m| m.len()),
        Source::Stdin => 0,
    };
    // A file, even empty, is at least one piece.
    Documents::new(vec![source.clone()], Layout::Text, options)
        .whole(usize::try_from(size).unwrap_or(0))
        .next()
        .unwrap_or_else(|| Ok(Document::new(source.name(), "")))
}

/// The documents of `sources` in order, read one at a time (a JSON Lines
/// file one record at a time), so memory holds one document, not the corpus.
pub struct Documents {
    sources: std::vec::IntoIter<Source>,
    layout: Layout,
    options: TextOptions,
    records: Option<Box<dyn Iterator<Item = Result<Document>>>>,
}

impl Documents {
    /// The documents of `sources`, decoded as `options` say.
    pub fn new(sources: Vec<Source>, layout: Layout, options: TextOptions) -> Documents {
        Documents {
            sources: sources.into_iter(),
            layout,
            options,
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
                Layout::Text => {
                    TextPieces::open(&source, self.options).map(|p| Box::new(p) as Box<_>)
                }
                Layout::JsonLines => {
                    JsonLines::open(&source, self.options).map(|r| Box::new(r) as Box<_>)
                }
            };
            match opened {
                Ok(records) => self.records = Some(records),
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

impl Documents {
    /// The documents whole, the pieces of a large file joined again, for a
    /// job that must see a document at once ([`read`], for `align`); room
    /// for `size` bytes is made at once (a file's size, its text read as
    /// UTF-8) rather than doubling the way there.
    pub fn whole(self, size: usize) -> impl Iterator<Item = Result<Document>> {
        let mut pieces = self;
        std::iter::from_fn(move || {
            let mut doc = match pieces.next()? {
                Ok(doc) => doc,
                Err(e) => return Some(Err(e)),
            };
            if !doc.piece.last {
                doc.text.reserve_exact(size.saturating_sub(doc.text.len()));
            }
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

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn names(inputs: &Inputs, root: &Path) -> Vec<String> {
        inputs
            .sources
            .iter()
            .map(|s| match s {
                Source::File(p) => p.strip_prefix(root).unwrap_or(p).display().to_string(),
                Source::Stdin => "-".into(),
            })
            .collect()
    }

    /// A folder with a file, a FIFO named .txt, a link to a file outside,
    /// a link to a folder outside, a link back to itself and a hard link.
    fn tree() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("d/sub")).unwrap();
        std::fs::create_dir(root.join("out")).unwrap();
        std::fs::write(root.join("d/a.txt"), "asylum").unwrap();
        std::fs::write(root.join("out/x.txt"), "visa").unwrap();
        symlink("../out/x.txt", root.join("d/link.txt")).unwrap();
        symlink("../../out", root.join("d/sub/out")).unwrap();
        symlink("..", root.join("d/sub/up")).unwrap();
        std::fs::hard_link(root.join("d/a.txt"), root.join("d/sub/hard.txt")).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(root.join("d/fifo.txt"))
            .status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        dir
    }

    #[test]
    fn a_walk_reads_regular_files_only_and_stays_in_its_folder() {
        let dir = tree();
        let root = dir.path();
        let inputs = collect(&[root.join("d")], Layout::Text);
        assert_eq!(names(&inputs, root), ["d/a.txt"]);
        assert!(inputs.errors.is_empty(), "{:?}", inputs.errors);
        assert_eq!(
            inputs.left_out,
            [
                LeftOut::NotAFile {
                    path: root.join("d/fifo.txt"),
                    kind: "a FIFO"
                },
                LeftOut::Again {
                    path: root.join("d/sub/hard.txt"),
                    first: root.join("d/a.txt")
                },
                LeftOut::Links {
                    dir: root.join("d"),
                    count: 3
                },
            ]
        );
    }

    #[test]
    fn following_links_reads_each_file_once_and_stops_at_loops() {
        let dir = tree();
        let root = dir.path();
        let follow = WalkOptions { follow_links: true };
        // The folder named twice, and out/ both named and reached by links.
        let args = [root.join("d"), root.join("out"), root.join("d")];
        let inputs = collect_with(&args, Layout::Text, follow);
        assert_eq!(names(&inputs, root), ["d/a.txt", "d/link.txt"]);
        assert!(inputs.errors.is_empty(), "{:?}", inputs.errors);
        let again = |path: &str, first: &str| LeftOut::Again {
            path: root.join(path),
            first: root.join(first),
        };
        let fifo = LeftOut::NotAFile {
            path: root.join("d/fifo.txt"),
            kind: "a FIFO",
        };
        let up = LeftOut::Loop {
            path: root.join("d/sub/up"),
            ancestor: root.join("d"),
        };
        assert_eq!(
            inputs.left_out,
            [
                fifo.clone(),
                again("d/sub/hard.txt", "d/a.txt"),
                again("d/sub/out/x.txt", "d/link.txt"),
                up.clone(),
                again("out/x.txt", "d/link.txt"),
                again("d/a.txt", "d/a.txt"),
                fifo,
                again("d/link.txt", "d/link.txt"),
                again("d/sub/hard.txt", "d/a.txt"),
                again("d/sub/out/x.txt", "d/link.txt"),
                up,
            ]
        );
    }

    #[test]
    fn a_fifo_named_on_the_command_line_is_a_source() {
        let dir = tree();
        let fifo = dir.path().join("d/fifo.txt");
        let inputs = collect(&[&fifo], Layout::Text);
        assert_eq!(inputs.sources, [Source::File(fifo)]);
        assert!(inputs.left_out.is_empty());
    }
}
