//! The XML reading shared by the TMX / XLIFF reader ([`crate::formats::bitext`]) and the TBX reader
//! ([`crate::formats::tbx`]): quick-xml configured to check well-formedness, the checks termalign adds on
//! top (UTF-8 only, no DTD entities, nothing outside the root element), and errors located by
//! line and column (in characters), such as `malformed XML at line L, column C: …`.
//!
//! XML names its own encoding, so the bytes of an XML file become text here ([`decode`]) rather
//! than by `--encoding` alone: a byte order mark decides, else the declaration's `encoding`
//! (UTF-8, ASCII, Latin-1, Windows-1252; another is refused, naming it), else the file is read
//! as any text file is. The advice a not-UTF-8 file gets (`--encoding latin1`) then works on an
//! XML file as on any other, and a file that says what it is needs no flag.

use crate::input::strip_bom;
use std::borrow::Cow;
use std::fmt::Display;
use std::path::Path;

use quick_xml::XmlVersion;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesDecl, BytesRef, BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::{Config, NsReader};

use crate::error::{Error, Result};
use crate::input::{Encoding, TextOptions};

/// An encoding an XML declaration may name, and what termalign reads it as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Declared {
    /// UTF-8, or ASCII (a subset of it): read as any text file.
    Utf8,
    /// UTF-16: read when a byte order mark says so (a file without one stops at its first NUL).
    Utf16,
    /// A single-byte encoding termalign reads (`--encoding` names the same ones).
    Legacy(Encoding),
}

/// The encoding names (lowercase) an XML declaration may give that termalign reads, sorted:
/// the IANA names and aliases of UTF-8, US-ASCII, UTF-16, ISO-8859-1 and Windows-1252.
const DECLARED: [(&str, Declared); 20] = [
    ("ascii", Declared::Utf8),
    ("cp1252", Declared::Legacy(Encoding::Windows1252)),
    ("cp819", Declared::Legacy(Encoding::Latin1)),
    ("csisolatin1", Declared::Legacy(Encoding::Latin1)),
    ("ibm819", Declared::Legacy(Encoding::Latin1)),
    ("iso-8859-1", Declared::Legacy(Encoding::Latin1)),
    ("iso-ir-100", Declared::Legacy(Encoding::Latin1)),
    ("iso8859-1", Declared::Legacy(Encoding::Latin1)),
    ("iso_8859-1", Declared::Legacy(Encoding::Latin1)),
    ("l1", Declared::Legacy(Encoding::Latin1)),
    ("latin1", Declared::Legacy(Encoding::Latin1)),
    ("us-ascii", Declared::Utf8),
    ("utf-16", Declared::Utf16),
    ("utf-16be", Declared::Utf16),
    ("utf-16le", Declared::Utf16),
    ("utf-8", Declared::Utf8),
    ("utf16", Declared::Utf16),
    ("utf8", Declared::Utf8),
    ("windows-1252", Declared::Legacy(Encoding::Windows1252)),
    ("x-cp1252", Declared::Legacy(Encoding::Windows1252)),
];

/// What termalign reads a declared encoding name as; `None`: an encoding it does not read.
fn declared(name: &str) -> Option<Declared> {
    let name = name.to_ascii_lowercase();
    DECLARED
        .binary_search_by(|(known, _)| known.cmp(&name.as_str()))
        .ok()
        .map(|i| DECLARED[i].1)
}

/// The `encoding` of the XML declaration `bytes` open with, if they open with one (after a
/// UTF-8 byte order mark); read by quick-xml from the declaration alone.
pub(crate) fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if !head.starts_with(b"<?xml") {
        return None;
    }
    // A declaration is short; one that does not end in the first 4 KiB is the parser's to
    // refuse.
    let head = &head[..head.len().min(4096)];
    let end = memchr::memmem::find(head, b"?>")? + 2;
    let mut reader = quick_xml::Reader::from_reader(&head[..end]);
    match reader.read_event() {
        Ok(Event::Decl(decl)) => Some(decl.encoding()?.ok()?.into_owned()),
        _ => None,
    }
}

/// The text of an XML file's `bytes`, decoded as the file says and `options` allow: a byte
/// order mark decides; else a declared Latin-1 or Windows-1252 is read so (Latin-1 as
/// Windows-1252 when `options` say Windows-1252: such files often hold Windows' quotes), a
/// declared UTF-8, ASCII or UTF-16 or no declaration as any text file ([`crate::input::decode`]:
/// UTF-8, else `options.encoding`). In every case a file that is valid UTF-8 stays UTF-8, as
/// [`crate::input::decode`] reads any file, so decoding text twice changes nothing. A declared
/// encoding termalign does not read is refused, naming it, before a byte is decoded.
pub(crate) fn decode(bytes: Vec<u8>, path: &Path, options: TextOptions) -> Result<String> {
    // After a UTF-16 byte order mark no declaration is found: the mark decides.
    let options = match declared_encoding(&bytes) {
        None => options,
        Some(name) => match declared(&name) {
            Some(Declared::Utf8 | Declared::Utf16) => options,
            Some(Declared::Legacy(encoding)) => TextOptions {
                encoding: match (encoding, options.encoding) {
                    (Encoding::Latin1, Encoding::Windows1252) => Encoding::Windows1252,
                    (encoding, _) => encoding,
                },
                ..options
            },
            None => {
                let src = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
                return Err(Source::whole(path, src).unsupported_encoding(0, &name));
            }
        },
    };
    crate::input::decode(bytes, path, options)
}

/// Sets the checks termalign reads XML with: empty elements expanded, end names and comments
/// checked.
pub(crate) fn configure(config: &mut Config) {
    config.expand_empty_elements = true;
    config.check_end_names = true;
    config.check_comments = true;
}

/// An XML document's bytes and the path that names it in errors: locates errors by line and
/// column and holds the checks that do not depend on how the document is read.
#[derive(Clone, Copy)]
pub(crate) struct Source<'a> {
    pub(crate) path: &'a Path,
    /// The document, or (read streaming, see [`Window`]) the part of it from `base` on.
    pub(crate) src: &'a [u8],
    pub(crate) base: Base,
}

/// Where the bytes a [`Source`] holds start in the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Base {
    /// Byte offset.
    pub(crate) offset: u64,
    /// 1-based line and column (in characters).
    pub(crate) line: u64,
    pub(crate) column: u64,
}

impl Base {
    /// The start of the document.
    pub(crate) const START: Base = Base {
        offset: 0,
        line: 1,
        column: 1,
    };
}

impl<'a> Source<'a> {
    /// A whole document in memory.
    pub(crate) fn whole(path: &'a Path, src: &'a [u8]) -> Source<'a> {
        Source {
            path,
            src,
            base: Base::START,
        }
    }

    /// 1-based line and column (in characters) of byte `pos` of the document; a position
    /// before the bytes held is located at their start.
    pub(crate) fn locate(&self, pos: u64) -> (u64, u64) {
        let (line, column) = line_column(self.src, pos.saturating_sub(self.base.offset));
        if line == 1 {
            (self.base.line, self.base.column + column - 1)
        } else {
            (self.base.line + line - 1, column)
        }
    }

    /// `"{what} at line L, column C: {detail}"`, located at byte `pos`.
    pub(crate) fn error(&self, pos: u64, what: &str, detail: impl Display) -> Error {
        let (line, column) = self.locate(pos);
        self.error_at(line, column, what, detail)
    }

    /// `"{what} at line L, column C: {detail}"`.
    pub(crate) fn error_at(
        &self,
        line: u64,
        column: u64,
        what: &str,
        detail: impl Display,
    ) -> Error {
        Error::format(
            self.path,
            Some(line),
            None,
            format!("{what} at line {line}, column {column}: {detail}"),
        )
    }

    /// `"malformed XML at line L, column C: {detail}"`.
    pub(crate) fn malformed(&self, pos: u64, detail: impl Display) -> Error {
        self.error(pos, "malformed XML", detail)
    }

    /// Refuses an XML declaration that is not at the start or declares an encoding termalign
    /// does not read. The text is already decoded ([`decode`] read the declaration), so one it
    /// reads (UTF-8, ASCII, UTF-16, Latin-1, Windows-1252) says nothing more.
    pub(crate) fn declaration(&self, pos: u64, decl: &BytesDecl) -> Result<()> {
        if pos != 0 {
            return Err(self.malformed(pos, "the XML declaration must open the file"));
        }
        if let Some(encoding) = decl.encoding() {
            let encoding = encoding.map_err(|e| self.malformed(pos, e))?;
            if declared(&encoding).is_none() {
                return Err(self.unsupported_encoding(pos, &encoding));
            }
        }
        Ok(())
    }

    /// The declaration at `pos` names `encoding`, which termalign does not read.
    fn unsupported_encoding(&self, pos: u64, encoding: &str) -> Error {
        self.error(
            pos,
            "unsupported encoding",
            format!(
                "the file declares {encoding:?}; termalign reads UTF-8, UTF-16, Latin-1 and \
                 Windows-1252: convert it to UTF-8"
            ),
        )
    }

    /// Refuses a DOCTYPE after the root element (`after_root`) or one that declares entities.
    pub(crate) fn doctype(&self, pos: u64, doctype: &str, after_root: bool) -> Result<()> {
        if after_root {
            return Err(self.malformed(pos, "DOCTYPE after the root element"));
        }
        if doctype.contains("<!ENTITY") {
            return Err(self.error(
                pos,
                "refused DOCTYPE",
                "the DOCTYPE declares entities, which termalign never expands; \
                 remove its internal subset ([…]) and write the text out",
            ));
        }
        Ok(())
    }

    /// Refuses `what` (`"CDATA section"`) at `pos` unless it is inside the root element.
    pub(crate) fn require_root(&self, pos: u64, what: &str, in_root: bool) -> Result<()> {
        if !in_root {
            return Err(self.malformed(pos, format!("{what} outside the root element")));
        }
        Ok(())
    }

    /// Refuses text outside the root element other than whitespace; `raw` is the text at `pos`.
    pub(crate) fn text_outside_root(&self, pos: u64, raw: &str) -> Result<()> {
        let content = raw.trim_start_matches([' ', '\t', '\r', '\n']);
        if !content.is_empty() {
            let at = pos + (raw.len() - content.len()) as u64;
            return Err(self.malformed(at, "text outside the root element"));
        }
        Ok(())
    }

    /// A character reference or one of the five predefined entities; anything else is refused.
    pub(crate) fn reference(&self, pos: u64, reference: &BytesRef) -> Result<Cow<'static, str>> {
        let resolved = reference
            .resolve_char_ref()
            .map_err(|e| self.malformed(pos, e))?;
        match resolved {
            Some(c) if is_xml_char(c) => Ok(Cow::Owned(c.to_string())),
            Some(c) => Err(self.malformed(
                pos,
                format!(
                    "character reference &{}; is {c:?}, which XML does not allow",
                    &**reference
                ),
            )),
            None => resolve_predefined_entity(reference)
                .map(Cow::Borrowed)
                .ok_or_else(|| {
                    self.malformed(
                        pos,
                        format!(
                            "undeclared entity &{};: only &amp; &lt; &gt; &quot; &apos; and \
                             character references (&#233;) are allowed",
                            &**reference
                        ),
                    )
                }),
        }
    }

    /// The file ended at `end` with `<{name}>`, opened at byte `open`, not closed.
    pub(crate) fn unclosed(&self, end: u64, name: &str, open: u64) -> Error {
        self.unclosed_at(end, name, self.locate(open))
    }

    /// [`Source::unclosed`], the element opened at this line and column.
    pub(crate) fn unclosed_at(&self, end: u64, name: &str, (line, column): (u64, u64)) -> Error {
        self.malformed(
            end,
            format!(
                "unexpected end of file: <{name}> (opened at line {line}, column {column}) \
                 is not closed"
            ),
        )
    }

    /// The file ended at `end` without a root element.
    pub(crate) fn no_root(&self, end: u64) -> Error {
        self.malformed(end, "no root element: the file is empty or not XML")
    }
}

/// An element's start tag, as [`XmlDoc::next`] hands it out. An empty element (`<x/>`) comes as a
/// start tag followed by its end.
pub(crate) struct Tag<'a> {
    pub(crate) start: BytesStart<'a>,
    /// Byte offset of its `<`.
    pub(crate) pos: u64,
    /// 1 for the root element.
    pub(crate) depth: usize,
    /// Whether the element is in the root element's namespace: the format's own vocabulary
    /// rather than an extension (`<sdl:seg-defs>`, `<mtc:matches>`).
    pub(crate) native: bool,
}

impl Tag<'_> {
    /// The name without its prefix.
    pub(crate) fn local(&self) -> &str {
        self.start.local_name().into_inner()
    }
}

/// What an XML document is made of, once the XML itself is checked.
pub(crate) enum Node<'a> {
    Start(Tag<'a>),
    /// The end of the element at this depth.
    End {
        depth: usize,
    },
    /// Character data inside the root element: text, CDATA, a resolved reference.
    Text(Cow<'a, str>),
    Eof,
}

/// A well-formedness-checking pull reader over an XML document in memory.
///
/// It refuses, with line and column: malformed XML (quick-xml's checks, with end names checked),
/// an XML declaration that is not at the start or declares an encoding other than UTF-8, a
/// DOCTYPE with entity declarations (nothing is ever expanded) or after the root, entities other
/// than the five predefined ones, character references to characters XML does not allow, text or
/// a second element outside the root, and a file that ends with elements open or has no root.
pub(crate) struct XmlDoc<'a> {
    source: Source<'a>,
    reader: NsReader<&'a [u8]>,
    /// Byte offsets of the open elements' start tags.
    open: Vec<u64>,
    /// The root element's namespace, once the root is read (`Some(None)`: no namespace).
    root_ns: Option<Option<String>>,
    root_closed: bool,
    /// An empty element was handed out as a start tag; its end comes next.
    pending_end: bool,
    lines: LineCounter,
}

impl<'a> XmlDoc<'a> {
    /// A reader over `text` (a leading byte order mark is skipped); `path` names it in errors.
    pub(crate) fn new(path: &'a Path, text: &'a str) -> XmlDoc<'a> {
        let src = strip_bom(text).as_bytes();
        let mut reader = NsReader::from_reader(src);
        configure(reader.config_mut());
        XmlDoc {
            source: Source::whole(path, src),
            reader,
            open: Vec::new(),
            root_ns: None,
            root_closed: false,
            pending_end: false,
            lines: LineCounter::default(),
        }
    }

    /// `"{what} at line L, column C: {detail}"`, located at byte `pos`.
    pub(crate) fn error(&self, pos: u64, what: &str, detail: impl Display) -> Error {
        self.source.error(pos, what, detail)
    }

    /// `"malformed XML at line L, column C: {detail}"`.
    pub(crate) fn malformed(&self, pos: u64, detail: impl Display) -> Error {
        self.source.malformed(pos, detail)
    }

    /// The 1-based line of byte `pos`; linear over a document when `pos` only grows.
    pub(crate) fn line(&mut self, pos: u64) -> u64 {
        self.lines.line_at(self.source.src, pos)
    }

    /// The root element's namespace, once the root is read.
    pub(crate) fn root_namespace(&self) -> Option<&str> {
        self.root_ns.as_ref()?.as_deref()
    }

    /// The values of the attributes named `keys` (qualified names as written: `xml:lang`), each
    /// normalized as XML says; the first occurrence counts.
    pub(crate) fn attributes<const N: usize>(
        &self,
        tag: &Tag,
        keys: [&str; N],
    ) -> Result<[Option<String>; N]> {
        let mut values: [Option<String>; N] = std::array::from_fn(|_| None);
        for attribute in tag.start.attributes() {
            let attribute = attribute.map_err(|e| self.malformed(tag.pos, e))?;
            let key: &str = attribute.key.as_ref();
            if let Some(i) = keys.iter().position(|k| *k == key)
                && values[i].is_none()
            {
                let value = attribute
                    .normalized_value(XmlVersion::Implicit1_0)
                    .map_err(|e| self.malformed(tag.pos, e))?;
                values[i] = Some(value.into_owned());
            }
        }
        Ok(values)
    }

    /// The next start tag, end tag or piece of text.
    pub(crate) fn next(&mut self) -> Result<Node<'a>> {
        if std::mem::take(&mut self.pending_end) {
            return self.close(self.reader.buffer_position());
        }
        loop {
            let pos = self.reader.buffer_position();
            let (native, root_ns, event) = match self.reader.read_resolved_event() {
                Ok((ns, event)) => {
                    let (native, root_ns) = match (&self.root_ns, ns) {
                        (None, ResolveResult::Bound(ns)) => (true, Some(ns.0.to_string())),
                        (None, ResolveResult::Unbound) => (true, None),
                        (Some(root), ResolveResult::Bound(ns)) => {
                            (root.as_deref() == Some(ns.0), None)
                        }
                        (Some(root), ResolveResult::Unbound) => (root.is_none(), None),
                        (_, ResolveResult::Unknown(prefix)) => {
                            return Err(self.malformed(
                                pos,
                                format!(
                                    "undeclared namespace prefix {prefix} in <{}>",
                                    tag_name_at(self.source.src, pos)
                                ),
                            ));
                        }
                    };
                    (native, root_ns, event)
                }
                Err(quick_xml::Error::Namespace(e)) => return Err(self.malformed(pos, e)),
                Err(e) => return Err(self.malformed(self.reader.error_position(), e)),
            };
            match event {
                Event::Decl(decl) => self.source.declaration(pos, &decl)?,
                Event::DocType(doctype) => {
                    self.source.doctype(pos, &doctype, self.root_ns.is_some())?;
                }
                Event::Start(start) => return self.open(pos, start, native, root_ns),
                Event::Empty(start) => {
                    // The configuration expands empty elements; this is in case it did not.
                    self.pending_end = true;
                    return self.open(pos, start, native, root_ns);
                }
                Event::End(_) => return self.close(pos),
                Event::Text(text) => {
                    if !self.open.is_empty() {
                        return Ok(Node::Text(text.xml10_content()));
                    }
                    self.source.text_outside_root(pos, &text)?;
                }
                Event::CData(cdata) => {
                    self.source
                        .require_root(pos, "CDATA section", !self.open.is_empty())?;
                    return Ok(Node::Text(cdata.xml10_content()));
                }
                Event::GeneralRef(reference) => {
                    self.source
                        .require_root(pos, "entity reference", !self.open.is_empty())?;
                    return self.source.reference(pos, &reference).map(Node::Text);
                }
                Event::Comment(_) | Event::PI(_) => {}
                Event::Eof => {
                    let end = self.reader.buffer_position();
                    if let Some(&open) = self.open.last() {
                        let name = tag_name_at(self.source.src, open);
                        return Err(self.source.unclosed(end, &name, open));
                    }
                    if self.root_ns.is_none() {
                        return Err(self.source.no_root(end));
                    }
                    return Ok(Node::Eof);
                }
            }
        }
    }

    fn open(
        &mut self,
        pos: u64,
        start: BytesStart<'a>,
        native: bool,
        root_ns: Option<String>,
    ) -> Result<Node<'a>> {
        if self.open.is_empty() {
            if self.root_closed {
                return Err(self.malformed(
                    pos,
                    format!("a second root element <{}>", start.name().as_ref()),
                ));
            }
            self.root_ns = Some(root_ns);
        }
        // Every attribute is checked (well-formed, entities declared), read or not.
        for attribute in start.attributes() {
            let attribute = attribute.map_err(|e| self.malformed(pos, e))?;
            attribute
                .normalized_value(XmlVersion::Implicit1_0)
                .map_err(|e| self.malformed(pos, e))?;
        }
        self.open.push(pos);
        Ok(Node::Start(Tag {
            start,
            pos,
            depth: self.open.len(),
            native,
        }))
    }

    fn close(&mut self, pos: u64) -> Result<Node<'a>> {
        let depth = self.open.len();
        if self.open.pop().is_none() {
            return Err(self.malformed(pos, "closing tag without an open element"));
        }
        self.root_closed |= self.open.is_empty();
        Ok(Node::End { depth })
    }
}

/// The bytes of a document read streaming that errors and line numbers may still need: from
/// the earliest position pinned ([`Window::pin`]) to what the parser has consumed. What comes
/// before is dropped, its lines and columns counted, so that a file of any size is read in
/// memory bounded by its largest pinned part (a TBX concept entry), and any position in the
/// window is located exactly, in time linear in the file.
#[derive(Debug)]
pub(crate) struct Window {
    bytes: Vec<u8>,
    base: Base,
    /// The earliest byte offset still needed.
    pinned: u64,
    /// A located position at or after `base`, from which the next lookup goes on.
    cursor: Base,
    /// The first character XML does not allow, once seen.
    forbidden: Option<(u64, String)>,
}

/// Bytes a window keeps before it drops what is no longer pinned (in tests, few: small files
/// then drop it many times over).
const WINDOW_KEEP: usize = if cfg!(test) { 4 << 10 } else { 1 << 20 };

impl Default for Window {
    fn default() -> Window {
        Window {
            bytes: Vec::new(),
            base: Base::START,
            pinned: 0,
            cursor: Base::START,
            forbidden: None,
        }
    }
}

impl Window {
    /// A [`Source`] for `path` over the bytes held.
    pub(crate) fn source<'a>(&'a self, path: &'a Path) -> Source<'a> {
        Source {
            path,
            src: &self.bytes,
            base: self.base,
        }
    }

    /// Keeps every byte from `pos` on (a position not yet read pins nothing more).
    pub(crate) fn pin(&mut self, pos: u64) {
        self.pinned = pos;
    }

    /// The first character XML does not allow, as its offset and a message.
    pub(crate) fn forbidden(&self) -> Option<&(u64, String)> {
        self.forbidden.as_ref()
    }

    /// 1-based line and column of `pos`: exact at or after the window's start. Linear over a
    /// document when positions only grow.
    pub(crate) fn locate(&mut self, pos: u64) -> (u64, u64) {
        if pos < self.cursor.offset || self.cursor.offset < self.base.offset {
            self.cursor = self.base;
        }
        let from = (self.cursor.offset - self.base.offset) as usize;
        let to = (pos.saturating_sub(self.base.offset) as usize).clamp(from, self.bytes.len());
        self.cursor = advance(self.cursor, &self.bytes[from..to]);
        (self.cursor.line, self.cursor.column)
    }

    /// Takes in bytes the parser consumed.
    fn push(&mut self, bytes: &[u8]) {
        let old = self.bytes.len();
        self.bytes.extend_from_slice(bytes);
        if self.forbidden.is_none() {
            // U+FFFE and U+FFFF may straddle two reads: look back two bytes.
            let from = old.saturating_sub(2);
            if let Some(at) = forbidden_byte(&self.bytes[from..]) {
                let at = from + at;
                let c = match self.bytes[at] {
                    0xEF => 0xFFF0 + u32::from(self.bytes[at + 2] & 0x0F),
                    b => u32::from(b),
                };
                self.forbidden = Some((
                    self.base.offset + at as u64,
                    format!("character U+{c:04X}, which XML does not allow"),
                ));
            }
        }
        let droppable = self.pinned.saturating_sub(self.base.offset) as usize;
        let droppable = droppable.min(self.bytes.len());
        // Dropped when at least half the window can go: each byte is moved a bounded number of
        // times.
        if self.bytes.len() > WINDOW_KEEP && droppable * 2 > self.bytes.len() {
            let cursor_kept = self.cursor.offset >= self.base.offset + droppable as u64;
            self.base = advance(self.base, &self.bytes[..droppable]);
            self.bytes.drain(..droppable);
            if !cursor_kept {
                self.cursor = self.base;
            }
        }
    }
}

/// `at` moved past `bytes`.
fn advance(mut at: Base, bytes: &[u8]) -> Base {
    at.offset += bytes.len() as u64;
    match memchr::memrchr(b'\n', bytes) {
        Some(last) => {
            at.line += memchr::memchr_iter(b'\n', bytes).count() as u64;
            at.column = 1 + chars_in(&bytes[last + 1..]);
        }
        None => at.column += chars_in(bytes),
    }
    at
}

/// Characters in UTF-8 bytes (lead bytes counted).
fn chars_in(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count() as u64
}

/// The offset of the first character XML 1.0 does not allow in UTF-8 bytes: a control
/// character other than tab and line breaks, or U+FFFE / U+FFFF (surrogates are not UTF-8).
fn forbidden_byte(bytes: &[u8]) -> Option<usize> {
    bytes.iter().enumerate().position(|(i, &b)| {
        (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
            || (b == 0xEF
                && bytes.get(i + 1) == Some(&0xBF)
                && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)))
    })
}

/// A buffered reader that hands what it consumes to a [`Window`], for a quick-xml reader that
/// reads a document streaming.
pub(crate) struct Tracked<R> {
    inner: R,
    buf: Box<[u8]>,
    pos: usize,
    filled: usize,
    window: std::rc::Rc<std::cell::RefCell<Window>>,
}

impl<R: std::io::Read> Tracked<R> {
    pub(crate) fn new(inner: R, window: std::rc::Rc<std::cell::RefCell<Window>>) -> Tracked<R> {
        Tracked {
            inner,
            buf: vec![0; 64 << 10].into_boxed_slice(),
            pos: 0,
            filled: 0,
            window,
        }
    }
}

impl<R: std::io::Read> std::io::Read for Tracked<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        use std::io::BufRead;
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: std::io::Read> std::io::BufRead for Tracked<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.pos >= self.filled {
            self.filled = loop {
                match self.inner.read(&mut self.buf) {
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    other => break other?,
                }
            };
            self.pos = 0;
        }
        Ok(&self.buf[self.pos..self.filled])
    }

    fn consume(&mut self, n: usize) {
        let n = n.min(self.filled - self.pos);
        self.window
            .borrow_mut()
            .push(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
    }
}

/// The first character of `src` that XML 1.0 does not allow (a NUL, a
/// control character), as its byte offset and a message.
pub(crate) fn forbidden_char(src: &[u8]) -> Option<(u64, String)> {
    // Invalid UTF-8 is quick-xml's to report; only text is looked at here.
    let text = match std::str::from_utf8(src) {
        Ok(text) => text,
        Err(e) => std::str::from_utf8(&src[..e.valid_up_to()]).unwrap_or_default(),
    };
    let (at, c) = text.char_indices().find(|&(_, c)| !is_xml_char(c))?;
    Some((
        at as u64,
        format!("character U+{:04X}, which XML does not allow", c as u32),
    ))
}

/// Whether XML 1.0 allows `c` in a document.
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        || c >= '\u{10000}'
}

/// The name of the element whose start tag is at `pos`.
fn tag_name_at(src: &[u8], pos: u64) -> String {
    let start = usize::try_from(pos).unwrap_or(usize::MAX).min(src.len());
    let rest = src[start..].strip_prefix(b"<").unwrap_or_default();
    let len = rest
        .iter()
        .position(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'))
        .unwrap_or(rest.len());
    String::from_utf8_lossy(&rest[..len]).into_owned()
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_column(src: &[u8], pos: u64) -> (u64, u64) {
    let pos = usize::try_from(pos).unwrap_or(usize::MAX).min(src.len());
    let before = &src[..pos];
    let line = memchr::memchr_iter(b'\n', before).count() as u64 + 1;
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    let column = before[line_start..]
        .iter()
        .filter(|&&b| b & 0xC0 != 0x80)
        .count() as u64
        + 1;
    (line, column)
}

/// Line numbers for increasing offsets without rescanning the file from the start each time.
#[derive(Default)]
pub(crate) struct LineCounter {
    pos: usize,
    line: u64,
}

impl LineCounter {
    pub(crate) fn line_at(&mut self, src: &[u8], pos: u64) -> u64 {
        let pos = usize::try_from(pos).unwrap_or(usize::MAX).min(src.len());
        if pos < self.pos || self.line == 0 {
            self.pos = 0;
            self.line = 1;
        }
        self.line += memchr::memchr_iter(b'\n', &src[self.pos..pos]).count() as u64;
        self.pos = pos;
        self.line
    }
}

/// Broken variants of a valid file, for the readers' no-panic tests: every
/// truncated prefix, then 2000 copies with one to four bytes replaced by
/// markup characters, a lone UTF-8 lead byte or random bytes.
#[cfg(test)]
pub(crate) fn broken_variants(source: &[u8]) -> impl Iterator<Item = Vec<u8>> + '_ {
    // A tiny xorshift: reproducible, no extra crate.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let flips = (0..2000).map(move |_| {
        let mut bytes = source.to_vec();
        for _ in 0..1 + next() % 4 {
            let i = (next() % bytes.len() as u64) as usize;
            bytes[i] = match next() % 4 {
                0 => b"<>&;/\"'\t\n"[(next() % 9) as usize],
                1 => 0xC3,
                _ => next() as u8,
            };
        }
        bytes
    });
    (0..source.len())
        .map(|end| source[..end].to_vec())
        .chain(flips)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(encoding: Encoding) -> TextOptions {
        TextOptions {
            encoding,
            fix_mojibake: false,
        }
    }

    #[test]
    fn the_declared_names_are_sorted_and_unique() {
        assert!(DECLARED.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(DECLARED.iter().all(|(n, _)| *n == n.to_ascii_lowercase()));
        assert_eq!(
            declared("ISO-8859-1"),
            Some(Declared::Legacy(Encoding::Latin1))
        );
        assert_eq!(declared("Shift_JIS"), None);
    }

    /// The declaration names the encoding; `--encoding` reads what declares
    /// UTF-8 (or nothing) and is not; valid UTF-8 stays UTF-8.
    #[test]
    fn decode_reads_what_the_declaration_says() {
        let path = Path::new("m.tmx");
        let decl = |name: &str, body: &[u8]| {
            let mut bytes =
                format!("<?xml version=\"1.0\" encoding=\"{name}\"?>\n<a>").into_bytes();
            bytes.extend_from_slice(body);
            bytes
        };
        let text = |bytes, encoding| decode(bytes, path, options(encoding));
        // "l’asile été" in Windows-1252.
        let cp1252 = b"l\x92asile \xE9t\xE9";
        let latin1 = text(decl("ISO-8859-1", cp1252), Encoding::Utf8).unwrap();
        assert!(latin1.ends_with("<a>l\u{92}asile été"), "{latin1}");
        let windows = text(decl("windows-1252", cp1252), Encoding::Utf8).unwrap();
        assert!(windows.ends_with("<a>l’asile été"), "{windows}");
        // Declared Latin-1, read as Windows-1252 when told so.
        let told = text(decl("latin1", cp1252), Encoding::Windows1252).unwrap();
        assert!(told.ends_with("<a>l’asile été"), "{told}");
        // Declared UTF-8 (or nothing) and not: refused with the advice,
        // which then works.
        let err = text(decl("UTF-8", cp1252), Encoding::Utf8).unwrap_err();
        assert_eq!(err.remedy(), Some(crate::error::Remedy::Encoding));
        assert!(
            err.to_string()
                .contains("not valid UTF-8: byte 0x92 at line 2"),
            "{err}"
        );
        let read = text(decl("UTF-8", cp1252), Encoding::Latin1).unwrap();
        assert!(read.ends_with("<a>l\u{92}asile été"), "{read}");
        let mut bare = b"<a>".to_vec();
        bare.extend_from_slice(cp1252);
        assert_eq!(
            text(bare.clone(), Encoding::Utf8).unwrap_err().remedy(),
            Some(crate::error::Remedy::Encoding)
        );
        assert_eq!(text(bare, Encoding::Windows1252).unwrap(), "<a>l’asile été");
        // Text already decoded is not decoded again.
        let utf8 = decl("ISO-8859-1", "l’asile été".as_bytes());
        let again = text(utf8, Encoding::Utf8).unwrap();
        assert!(again.ends_with("<a>l’asile été"), "{again}");
        // An encoding termalign does not read: refused, no advice.
        let err = text(decl("Shift_JIS", b"\x82\xa0"), Encoding::Latin1).unwrap_err();
        assert_eq!(err.remedy(), None);
        assert_eq!(
            err.to_string(),
            "m.tmx:1: unsupported encoding at line 1, column 1: the file declares \"Shift_JIS\"; \
             termalign reads UTF-8, UTF-16, Latin-1 and Windows-1252: convert it to UTF-8"
        );
    }
}
