//! Input: files, folders (walked recursively) and standard input, read as
//! UTF-8 text, gzip-compressed or not (told by the gzip magic bytes, so a
//! compressed archive need not be unpacked). A file is one document, or with
//! [`Layout::JsonLines`] one article per line, read as a stream. A file or a
//! record that cannot be read is an error for it alone; the caller reports
//! it and goes on with the others.

mod csv_lines;
mod decode;
mod jsonl;
pub mod mojibake;
mod pieces;

pub use csv_lines::*;
pub use decode::*;
use jsonl::*;
use pieces::*;

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
    /// record) larger than `PIECE_BYTES` (4 MiB) is read in pieces, so that
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
pub fn read(source: &Source, options: TextOptions) -> Result<Document> {
    // A file, even empty, is at least one piece.
    Documents::new(vec![source.clone()], Layout::Text, options)
        .whole()
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
