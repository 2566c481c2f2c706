//! Reading TBX: TBX-Basic v3 (`<tbx>` … conceptEntry/langSec/termSec) and legacy TBX 2008 /
//! TBX-Basic v2 (`<martif>` … termEntry/langSet/tig), told apart by the root element. One pass of
//! quick-xml events into a glossary: lenient about data categories it does not need, strict
//! about XML (see the parent module).
//!
//! The events come from a buffered reader, one at a time: a file is read streaming, holding one
//! concept entry and the glossary kept ([`read_file`]), so an IATE export of gigabytes is read
//! in bounded memory. Entries with IATE's ids (or all, with [`ReadOptions::iate`]) are read as
//! `iate.rs` says; `--subject`'s domains are selected as the entries are read.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Display;
use std::io::{BufRead, Read};
use std::path::Path;
use std::rc::Rc;

use quick_xml::events::{BytesRef, BytesStart, BytesText, Event};
use quick_xml::{Reader, XmlVersion};

use crate::error::{Error, Result};
use crate::formats::xml::{Source, Tracked, Window};
use crate::glossary::{Concept, Glossary, Guard, Pos, Status, Subject, Term, check_region};
use crate::input::TextOptions;
use crate::lang::Lang;
use crate::printable::thousands;

use super::iate::{self, Domains, TermType};
use super::{GUARD_PREFIX, decode_id};

/// The TBX family a file belongs to, told by its root element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// TBX v3 (ISO 30042:2019): `<tbx>` … `conceptEntry/langSec/termSec`.
    Tbx3,
    /// TBX 2008 / TBX-Basic v2: `<martif>` … `termEntry/langSet/tig|ntig`.
    Martif,
}

/// What [`read_with_summary`] left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadSummary {
    pub dialect: Dialect,
    /// Language sections in languages termalign does not handle.
    pub skipped_lang_secs: usize,
    /// Their `xml:lang` values, as written (`de`, `pt-BR`).
    pub skipped_langs: BTreeSet<String>,
    /// Terms in those languages, by language (lowercase, without region: `de`, `pt`).
    pub skipped_terms: BTreeMap<String, usize>,
    /// Concept entries with no term in English, French or Spanish.
    pub skipped_concepts: usize,
    /// Concept entries read, kept or not.
    pub entries: usize,
    /// Concept entries left out because none of their domains was selected.
    pub unselected_concepts: usize,
    /// Concepts kept that were read as IATE entries.
    pub iate_concepts: usize,
    /// IATE terms that packed several synonyms (`a; b`), each split into its terms.
    pub packed_terms: usize,
}

impl ReadSummary {
    /// What was left out or changed, one line each, for people (empty when nothing was).
    pub fn report(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if self.unselected_concepts > 0 {
            lines.push(format!(
                "left out {} of {} concepts outside the selected domains",
                thousands(self.unselected_concepts),
                thousands(self.entries),
            ));
        }
        let skipped: usize = self.skipped_terms.values().sum();
        if skipped > 0 {
            let mut by_count: Vec<(&String, &usize)> = self.skipped_terms.iter().collect();
            by_count.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            let list: Vec<String> = by_count
                .iter()
                .map(|(lang, n)| format!("{lang} {}", thousands(**n)))
                .collect();
            let langs = self.skipped_terms.len();
            lines.push(format!(
                "skipped {} term{} in {langs} other language{} ({}): termalign reads English, \
                 French and Spanish",
                thousands(skipped),
                if skipped == 1 { "" } else { "s" },
                if langs == 1 { "" } else { "s" },
                list.join(", "),
            ));
        }
        if self.skipped_concepts > 0 {
            lines.push(format!(
                "skipped {} concept{} with no term in English, French or Spanish",
                thousands(self.skipped_concepts),
                if self.skipped_concepts == 1 { "" } else { "s" },
            ));
        }
        if self.packed_terms > 0 {
            lines.push(format!(
                "split {} IATE term{} packing synonyms (a; b) into one term each",
                thousands(self.packed_terms),
                if self.packed_terms == 1 { "" } else { "s" },
            ));
        }
        lines
    }
}

/// How a TBX file is read.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    /// Read every entry as an IATE entry, whatever its id (else: those with IATE's ids,
    /// `IATE-33032`, `iate_3515206`).
    pub iate: bool,
    /// Keep only the concepts of these domains (`subjectField`; none: all).
    pub domains: Domains,
}

/// Reads TBX-Basic v3 (`<tbx>` … conceptEntry/langSec/termSec) or legacy TBX 2008 / TBX-Basic v2
/// (`<martif>` … termEntry/langSet/tig or ntig), detecting which from the root element.
///
/// `path` names the file in errors and becomes [`Glossary::path`]; each term's `line` is the
/// line of its `<term>` element, each concept's the line of its entry.
pub fn read<R: BufRead>(reader: R, path: &Path) -> Result<Glossary> {
    read_with_summary(reader, path).map(|(glossary, _)| glossary)
}

/// [`read`], also reporting what was skipped (other languages, entries left without terms).
/// The whole file is read into memory first, to be decoded as its declaration says; see
/// [`read_file`] for reading one streaming.
pub fn read_with_summary<R: BufRead>(reader: R, path: &Path) -> Result<(Glossary, ReadSummary)> {
    read_whole(
        reader,
        path,
        TextOptions::default(),
        &ReadOptions::default(),
    )
}

/// [`read_with_summary`] with `options` (entries read as IATE's, domains selected).
pub fn read_with_options<R: BufRead>(
    reader: R,
    path: &Path,
    options: &ReadOptions,
) -> Result<(Glossary, ReadSummary)> {
    read_whole(reader, path, TextOptions::default(), options)
}

/// Reads a TBX file whole, decoded as its declaration or `text` says.
fn read_whole<R: BufRead>(
    mut reader: R,
    path: &Path,
    text: TextOptions,
    options: &ReadOptions,
) -> Result<(Glossary, ReadSummary)> {
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    // XML names its encoding: bytes that are already UTF-8 text (a glossary
    // `formats::read` decoded) are kept as they are.
    let text = crate::formats::xml::decode(bytes, path, text)?;
    let src = crate::input::strip_bom(&text).as_bytes();
    if let Some((at, what)) = crate::formats::xml::forbidden_char(src) {
        return Err(Source::whole(path, src).malformed(at, what));
    }
    read_events(src, path, options).map_err(Stop::into_error)
}

/// Reads a TBX file (gzipped or not) streaming, holding one concept entry at a time besides
/// the glossary it keeps: a file of any size is read in memory bounded by what is kept. A file
/// in another encoding than UTF-8 (a UTF-16 byte order mark, a declared Latin-1 or
/// Windows-1252), or read with `text` options other than the default, is read whole as
/// [`read_with_summary`] reads one, up to [`crate::input::MAX_SIDE_BYTES`]; so is a file that
/// turns out not to be UTF-8 or to hold a character XML does not allow, for the message (and
/// `--encoding` advice) every other input gets.
pub fn read_file(
    path: &Path,
    text: TextOptions,
    options: &ReadOptions,
) -> Result<(Glossary, ReadSummary)> {
    // As `formats::read` reads a glossary whole: the same checks, the same messages.
    let whole = || {
        let decoded = crate::formats::read_text(path, Some(crate::formats::Format::Tbx), text)?;
        crate::input::refuse_nul(&decoded, path)?;
        read_whole(decoded.as_bytes(), path, text, options)
    };
    if text != TextOptions::default() {
        return whole();
    }
    let file = crate::input::open_side(path)?;
    let mut reader = std::io::BufReader::with_capacity(64 << 10, file);
    let head = reader.fill_buf().map_err(|e| Error::io(path, e))?;
    let mut stream: Box<dyn Read> = if head.starts_with(&[0x1f, 0x8b]) {
        Box::new(flate2::bufread::MultiGzDecoder::new(reader))
    } else {
        Box::new(reader)
    };
    // The head tells the encoding: a byte order mark, else the declaration.
    let mut head = Vec::with_capacity(4096);
    (&mut stream)
        .take(4096)
        .read_to_end(&mut head)
        .map_err(|e| Error::io(path, e))?;
    if !is_utf8_head(&head) {
        return whole();
    }
    let start = if head.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let src = std::io::Cursor::new(head).chain(stream);
    let mut src = src;
    std::io::copy(&mut (&mut src).take(start), &mut std::io::sink())
        .map_err(|e| Error::io(path, e))?;
    match read_events(src, path, options) {
        Ok(read) => Ok(read),
        // Said as every other input says it, with advice: read again, whole.
        Err(Stop::NotText(e)) => match std::fs::metadata(path) {
            Ok(meta) if meta.is_file() && meta.len() <= crate::input::MAX_SIDE_BYTES => {
                whole().and(Err(e))
            }
            _ => Err(e),
        },
        Err(Stop::Error(e)) => Err(e),
    }
}

/// Whether a file that opens with `head` is read as UTF-8: no UTF-16 byte order mark, and no
/// declaration of another encoding than UTF-8 or ASCII.
fn is_utf8_head(head: &[u8]) -> bool {
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return false;
    }
    match crate::formats::xml::declared_encoding(head) {
        None => true,
        Some(name) => matches!(
            name.to_ascii_lowercase().as_str(),
            "utf-8" | "utf8" | "ascii" | "us-ascii"
        ),
    }
}

/// Why reading stopped: an error, or bytes that are not UTF-8 text XML allows (which a
/// streaming read hands to the whole-file reader, for its message).
enum Stop {
    Error(Error),
    NotText(Error),
}

impl Stop {
    fn into_error(self) -> Error {
        match self {
            Stop::Error(e) | Stop::NotText(e) => e,
        }
    }
}

impl From<Error> for Stop {
    fn from(e: Error) -> Stop {
        Stop::Error(e)
    }
}

/// The one pass over the events of UTF-8 `src`.
fn read_events<R: Read>(
    src: R,
    path: &Path,
    options: &ReadOptions,
) -> std::result::Result<(Glossary, ReadSummary), Stop> {
    let window = Rc::new(RefCell::new(Window::default()));
    let mut xml = Reader::from_reader(Tracked::new(src, Rc::clone(&window)));
    crate::formats::xml::configure(xml.config_mut());
    let mut parser = Parser::new(path, Rc::clone(&window), options);
    let mut buf = Vec::new();
    loop {
        let pos = xml.buffer_position();
        window
            .borrow_mut()
            .pin(parser.entry.as_ref().map_or(pos, |e| e.pos));
        buf.clear();
        let read = xml.read_event_into(&mut buf);
        if let Some((at, what)) = window.borrow().forbidden().cloned() {
            return Err(Stop::NotText(parser.malformed(at, what)));
        }
        let event = match read {
            Ok(event) => event,
            Err(e) => {
                let not_text = matches!(e, quick_xml::Error::Encoding(_));
                let e = parser.error(xml.error_position(), "malformed XML", e);
                return Err(if not_text {
                    Stop::NotText(e)
                } else {
                    Stop::Error(e)
                });
            }
        };
        match event {
            Event::Decl(decl) => parser.with_source(|s| s.declaration(pos, &decl))?,
            Event::DocType(doctype) => {
                let after_root = parser.dialect.is_some();
                parser.with_source(|s| s.doctype(pos, &doctype, after_root))?;
            }
            Event::Start(element) => parser.start(pos, &element)?,
            Event::Empty(element) => {
                parser.start(pos, &element)?;
                parser.end(pos)?;
            }
            Event::End(_) => parser.end(pos)?,
            Event::Text(text) => parser.text(pos, &text)?,
            Event::CData(cdata) => {
                parser.require_root(pos, "CDATA section")?;
                parser.push_text(&cdata.xml10_content());
            }
            Event::GeneralRef(reference) => parser.reference(pos, &reference)?,
            Event::Comment(_) | Event::PI(_) => {}
            Event::Eof => break,
        }
    }
    let (glossary, summary) = parser.finish(xml.buffer_position())?;
    // The rule every glossary format keeps, here too for a caller that
    // reads TBX directly (the native CSV could not hold such a term).
    glossary.check_term_lengths()?;
    Ok((glossary, summary))
}

/// Where a data category or note sits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Level {
    Concept,
    Lang,
    Term,
}

/// Text being collected from an element and its descendants.
#[derive(Debug)]
enum Capture {
    Term,
    Note(Level),
    /// A data category: `termNote`, `descrip` or `admin` with its `type`, or a DCT-style element.
    Category(Level, String),
}

struct Capturing {
    what: Capture,
    depth: usize,
    pos: u64,
    text: String,
}

/// A conceptEntry / termEntry being read.
struct Entry {
    depth: usize,
    /// 1-based position among the file's entries, for generated ids.
    index: usize,
    id: Option<String>,
    pos: u64,
    line: u64,
    definition: Option<String>,
    source: Option<String>,
    subjects: Vec<Subject>,
    related: Vec<String>,
    lang_definitions: Vec<(Lang, String)>,
    terms: Vec<PendingTerm>,
    /// Read as an IATE entry.
    iate: bool,
    /// Its `subjectField` values as written, for `--subject` and IATE's domains.
    domains: Vec<String>,
    /// Terms in languages termalign does not handle, by language.
    other_terms: BTreeMap<String, usize>,
    /// Its terms that packed synonyms.
    packed: usize,
}

/// A langSec / langSet; `lang` is `None` when it is skipped, `other` its language then.
struct LangSec {
    depth: usize,
    lang: Option<Lang>,
    other: String,
}

/// A termSec / tig / ntig.
struct TermSec {
    depth: usize,
    pos: u64,
    text: Option<(String, u64)>,
    status: Option<Status>,
    pos_value: Option<Pos>,
    region: String,
    guard: Guard,
    notes: Vec<String>,
    /// IATE's `reliabilityCode`, as written.
    reliability: Option<String>,
    term_type: Option<String>,
}

struct PendingTerm {
    lang: Lang,
    text: String,
    /// `None` when the file gives none (or one we do not know).
    status: Option<Status>,
    /// `None` when the file gives none, or one we do not know.
    pos: Option<Pos>,
    /// IATE's reliability on a scale of 1 to 4 (see `iate.rs`).
    reliability: Option<u8>,
    term_type: TermType,
    region: String,
    guard: Guard,
    note: String,
    line: u64,
}

struct Parser<'a> {
    path: &'a Path,
    /// The bytes errors may still point into.
    window: Rc<RefCell<Window>>,
    options: &'a ReadOptions,
    /// Open elements: name, byte offset of the start tag, and its line and column (the
    /// offset may be out of the window by the time the file ends).
    stack: Vec<(String, u64, (u64, u64))>,
    dialect: Option<Dialect>,
    root_closed: bool,
    entries_seen: usize,
    entry: Option<Entry>,
    lang_sec: Option<LangSec>,
    term_sec: Option<TermSec>,
    capture: Option<Capturing>,
    concepts: Vec<(Option<String>, usize, Concept)>,
    explicit_ids: HashMap<String, u64>,
    skipped_lang_secs: usize,
    skipped_langs: BTreeSet<String>,
    skipped_terms: BTreeMap<String, usize>,
    skipped_concepts: usize,
    unselected_concepts: usize,
    iate_concepts: usize,
    packed_terms: usize,
}

impl<'a> Parser<'a> {
    fn new(path: &'a Path, window: Rc<RefCell<Window>>, options: &'a ReadOptions) -> Parser<'a> {
        Parser {
            path,
            window,
            options,
            stack: Vec::new(),
            dialect: None,
            root_closed: false,
            entries_seen: 0,
            entry: None,
            lang_sec: None,
            term_sec: None,
            capture: None,
            concepts: Vec::new(),
            explicit_ids: HashMap::new(),
            skipped_lang_secs: 0,
            skipped_langs: BTreeSet::new(),
            skipped_terms: BTreeMap::new(),
            skipped_concepts: 0,
            unselected_concepts: 0,
            iate_concepts: 0,
            packed_terms: 0,
        }
    }

    /// `f` of the document as far as it is held.
    fn with_source<T>(&self, f: impl FnOnce(Source) -> T) -> T {
        let window = self.window.borrow();
        f(window.source(self.path))
    }

    /// `"{what} at line L, column C: {detail}"`, located at byte `pos`.
    fn error(&self, pos: u64, what: &str, detail: impl Display) -> Error {
        self.with_source(|s| s.error(pos, what, detail))
    }

    fn invalid(&self, pos: u64, detail: impl Display) -> Error {
        self.error(pos, "invalid TBX", detail)
    }

    fn malformed(&self, pos: u64, detail: impl Display) -> Error {
        self.with_source(|s| s.malformed(pos, detail))
    }

    fn line(&mut self, pos: u64) -> u64 {
        self.window.borrow_mut().locate(pos).0
    }

    fn require_root(&self, pos: u64, what: &str) -> Result<()> {
        let in_root = !self.stack.is_empty();
        self.with_source(|s| s.require_root(pos, what, in_root))
    }

    fn start(&mut self, pos: u64, element: &BytesStart) -> Result<()> {
        let name = element.name().as_ref().to_string();
        let local = element.local_name().as_ref().to_string();
        let mut id = None;
        let mut kind = None;
        let mut lang = None;
        for attribute in element.attributes() {
            let attribute = attribute.map_err(|e| self.malformed(pos, e))?;
            let value = attribute
                .normalized_value(XmlVersion::Implicit1_0)
                .map_err(|e| self.malformed(pos, e))?;
            match attribute.key.as_ref() {
                "id" => id = Some(value.into_owned()),
                "type" => kind = Some(value.into_owned()),
                "xml:lang" => lang = Some(value.into_owned()),
                "lang" if lang.is_none() => lang = Some(value.into_owned()),
                _ => {}
            }
        }
        if self.stack.is_empty() {
            if self.root_closed {
                return Err(self.malformed(pos, format!("a second root element <{name}>")));
            }
            self.dialect = Some(match local.as_str() {
                "tbx" => Dialect::Tbx3,
                "martif" => Dialect::Martif,
                _ => {
                    return Err(self.invalid(
                        pos,
                        format!(
                            "the root element is <{name}>; a TBX file starts with <tbx> \
                             (TBX v3) or <martif> (TBX 2008)"
                        ),
                    ));
                }
            });
        }
        let at = self.window.borrow_mut().locate(pos);
        self.stack.push((name.clone(), pos, at));
        let depth = self.stack.len();
        if self.capture.is_some() {
            // Inline markup (<hi>…) inside a term or note: only its text counts.
            return Ok(());
        }
        let level = if self.term_sec.is_some() {
            Level::Term
        } else if self.lang_sec.is_some() {
            Level::Lang
        } else {
            Level::Concept
        };
        let skipped = self.lang_sec.as_ref().is_some_and(|l| l.lang.is_none());
        let capture = |what| {
            Some(Capturing {
                what,
                depth,
                pos,
                text: String::new(),
            })
        };
        match local.as_str() {
            "conceptEntry" | "termEntry" if self.entry.is_none() => {
                self.entries_seen += 1;
                let iate = self.options.iate || id.as_deref().is_some_and(iate::is_iate_id);
                // An IATE id that makes no kebab-case id is as none: one is made.
                let id = id.filter(|id| !id.is_empty()).and_then(|id| match iate {
                    true => iate::concept_id(&id),
                    false => Some(decode_id(&id).to_string()),
                });
                let line = self.line(pos);
                self.entry = Some(Entry {
                    depth,
                    index: self.entries_seen,
                    id,
                    pos,
                    line,
                    definition: None,
                    source: None,
                    subjects: Vec::new(),
                    related: Vec::new(),
                    lang_definitions: Vec::new(),
                    terms: Vec::new(),
                    iate,
                    domains: Vec::new(),
                    other_terms: BTreeMap::new(),
                    packed: 0,
                });
            }
            _ if self.entry.is_none() => {}
            "langSec" | "langSet" if self.lang_sec.is_none() => {
                let Some(code) = lang.filter(|l| !l.trim().is_empty()) else {
                    return Err(self.invalid(pos, format!("<{name}> without xml:lang")));
                };
                let base = code.trim().split(['-', '_']).next().unwrap_or_default();
                let lang = base.parse::<Lang>().ok();
                let other = base.to_ascii_lowercase();
                if lang.is_none() {
                    self.skipped_lang_secs += 1;
                    self.skipped_langs.insert(code);
                }
                self.lang_sec = Some(LangSec { depth, lang, other });
            }
            "termSec" | "tig" | "ntig" if skipped && self.term_sec.is_none() => {
                if let (Some(entry), Some(lang_sec)) = (self.entry.as_mut(), &self.lang_sec) {
                    *entry.other_terms.entry(lang_sec.other.clone()).or_default() += 1;
                }
            }
            _ if skipped => {}
            "termSec" | "tig" | "ntig" if self.lang_sec.is_some() && self.term_sec.is_none() => {
                self.term_sec = Some(TermSec {
                    depth,
                    pos,
                    text: None,
                    status: None,
                    pos_value: None,
                    region: String::new(),
                    guard: Guard::None,
                    notes: Vec::new(),
                    reliability: None,
                    term_type: None,
                });
            }
            "term" if level == Level::Term => self.capture = capture(Capture::Term),
            "note" => self.capture = capture(Capture::Note(level)),
            "termNote" | "descrip" | "admin" | "ref" => {
                if let Some(kind) = kind {
                    self.capture = capture(Capture::Category(level, kind));
                }
            }
            // TBX v3 DCT style: the data category is the element (<basic:definition>).
            _ if element.name().prefix().is_some() => {
                self.capture = capture(Capture::Category(level, local));
            }
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, pos: u64) -> Result<()> {
        let depth = self.stack.len();
        let Some(_) = self.stack.pop() else {
            return Err(self.malformed(pos, "closing tag without an open element"));
        };
        if self.stack.is_empty() {
            self.root_closed = true;
        }
        if self.capture.as_ref().is_some_and(|c| c.depth == depth) {
            let captured = self.capture.take().expect("checked above");
            self.end_capture(captured)?;
        } else if self.term_sec.as_ref().is_some_and(|t| t.depth == depth) {
            let term_sec = self.term_sec.take().expect("checked above");
            self.end_term_sec(term_sec)?;
        } else if self.lang_sec.as_ref().is_some_and(|l| l.depth == depth) {
            self.lang_sec = None;
        } else if self.entry.as_ref().is_some_and(|e| e.depth == depth) {
            let entry = self.entry.take().expect("checked above");
            self.end_entry(entry)?;
        }
        Ok(())
    }

    fn end_capture(&mut self, captured: Capturing) -> Result<()> {
        let Capturing {
            what, pos, text, ..
        } = captured;
        match what {
            Capture::Term => {
                if text.trim().is_empty() {
                    return Err(self.invalid(pos, "empty <term>"));
                }
                let line = self.line(pos);
                let term_sec = self.term_sec.as_mut().expect("terms are read in a termSec");
                if term_sec.text.is_some() {
                    return Err(self.invalid(pos, "a second <term> in one term section"));
                }
                term_sec.text = Some((text, line));
            }
            Capture::Note(Level::Term) => {
                if let Some(term_sec) = self.term_sec.as_mut()
                    && !text.is_empty()
                {
                    term_sec.notes.push(text);
                }
            }
            Capture::Note(_) => {}
            Capture::Category(Level::Term, kind) => {
                let term_sec = self.term_sec.as_mut().expect("term level has a termSec");
                match kind.as_str() {
                    "administrativeStatus"
                    | "normativeAuthorization"
                    | "evaluation"
                    | "termEvaluation" => {
                        if let Some(status) = parse_status(&text) {
                            term_sec.status = Some(status);
                        }
                    }
                    "partOfSpeech" => term_sec.pos_value = parse_pos(&text),
                    "reliabilityCode" => term_sec.reliability = Some(text),
                    "termType" => term_sec.term_type = Some(text),
                    "geographicalUsage" => {
                        let value = text.trim();
                        let lang = self.lang_sec.as_ref().and_then(|l| l.lang);
                        match lang {
                            Some(lang) if check_region(lang, value).is_ok() => {
                                term_sec.region = value.to_string();
                            }
                            // Another way of naming a place ("Canada"): kept as a note.
                            _ if !value.is_empty() => {
                                term_sec.notes.push(format!("geographical usage: {value}"));
                            }
                            _ => {}
                        }
                    }
                    "projectSubset" => {
                        if let Some(guard) = text
                            .trim()
                            .strip_prefix(GUARD_PREFIX)
                            .and_then(|g| g.parse::<Guard>().ok())
                        {
                            term_sec.guard = guard;
                        }
                    }
                    _ => {}
                }
            }
            Capture::Category(Level::Lang, kind) => {
                if kind == "definition"
                    && let (
                        Some(entry),
                        Some(LangSec {
                            lang: Some(lang), ..
                        }),
                    ) = (self.entry.as_mut(), self.lang_sec.as_ref())
                {
                    entry.lang_definitions.push((*lang, text));
                }
            }
            Capture::Category(Level::Concept, kind) => {
                let entry = self
                    .entry
                    .as_mut()
                    .expect("categories are read in an entry");
                let slot = match kind.as_str() {
                    "definition" => &mut entry.definition,
                    "source" => &mut entry.source,
                    "subjectField" => {
                        for domain in iate::split_domains(&text) {
                            if !entry.domains.contains(&domain) {
                                entry.domains.push(domain);
                            }
                        }
                        // Fields of other termbases (IATE's domains) are not ours.
                        if let Some(subject) = Subject::parse_code_or_name(&text)
                            && !entry.subjects.contains(&subject)
                        {
                            entry.subjects.push(subject);
                            entry.subjects.sort();
                        }
                        return Ok(());
                    }
                    "crossReference" => {
                        let id = text.trim();
                        if !id.is_empty() && !entry.related.iter().any(|r| r == id) {
                            entry.related.push(id.to_string());
                        }
                        return Ok(());
                    }
                    _ => return Ok(()),
                };
                if slot.is_none() {
                    *slot = Some(text);
                }
            }
        }
        Ok(())
    }

    fn end_term_sec(&mut self, term_sec: TermSec) -> Result<()> {
        let Some(lang) = self.lang_sec.as_ref().and_then(|l| l.lang) else {
            return Ok(());
        };
        let Some((text, line)) = term_sec.text else {
            return Err(self.invalid(term_sec.pos, "a term section without a <term>"));
        };
        let ten_scale = self.dialect == Some(Dialect::Tbx3);
        let entry = self
            .entry
            .as_mut()
            .expect("term sections are read in an entry");
        let mut note = term_sec.notes.join("; ");
        let mut reliability = None;
        let mut term_type = TermType::Full;
        let mut texts = vec![text];
        if entry.iate {
            reliability = term_sec
                .reliability
                .as_deref()
                .and_then(|r| iate::reliability(r, ten_scale));
            term_type = term_sec
                .term_type
                .as_deref()
                .map_or(TermType::Full, TermType::parse);
            let extra = iate::term_note(reliability, term_sec.term_type.as_deref());
            if !extra.is_empty() {
                note = if note.is_empty() {
                    extra
                } else {
                    format!("{note}; {extra}")
                };
            }
            let split = iate::split_synonyms(&texts[0]);
            if split.len() > 1 {
                entry.packed += 1;
                texts = split;
            }
        }
        for text in texts {
            entry.terms.push(PendingTerm {
                lang,
                text,
                status: term_sec.status,
                pos: term_sec.pos_value,
                reliability,
                term_type,
                region: term_sec.region.clone(),
                guard: term_sec.guard,
                note: note.clone(),
                line,
            });
        }
        Ok(())
    }

    fn end_entry(&mut self, entry: Entry) -> Result<()> {
        if !self.options.domains.is_empty() && !self.options.domains.matches(&entry.domains) {
            self.unselected_concepts += 1;
            return Ok(());
        }
        for (lang, n) in &entry.other_terms {
            *self.skipped_terms.entry(lang.clone()).or_default() += n;
        }
        self.packed_terms += entry.packed;
        if entry.terms.is_empty() {
            self.skipped_concepts += 1;
            return Ok(());
        }
        if let Some(id) = &entry.id {
            if let Some(first) = self.explicit_ids.get(id) {
                return Err(self.invalid(
                    entry.pos,
                    format!("concept id {id:?} is already used at line {first}"),
                ));
            }
            self.explicit_ids.insert(id.clone(), entry.line);
        }
        let mut terms = entry.terms;
        if entry.iate {
            self.iate_concepts += 1;
            iate::assign_statuses(
                &mut terms,
                |t| (t.lang, t.status, t.reliability, t.term_type),
                |t, s| t.status = Some(s),
            );
        }
        // A language with no preferred term: its first term without a status is the preferred one.
        for lang in Lang::ALL {
            let has_preferred = terms
                .iter()
                .any(|t| t.lang == lang && t.status == Some(Status::Preferred));
            if !has_preferred
                && let Some(first) = terms
                    .iter_mut()
                    .find(|t| t.lang == lang && t.status.is_none())
            {
                first.status = Some(Status::Preferred);
            }
        }
        let note = entry
            .definition
            .or_else(|| {
                let english = entry
                    .lang_definitions
                    .iter()
                    .position(|(lang, _)| *lang == Lang::En);
                let index = english.or((!entry.lang_definitions.is_empty()).then_some(0))?;
                Some(entry.lang_definitions.into_iter().nth(index)?.1)
            })
            .unwrap_or_default();
        let mut source = entry.source.unwrap_or_default();
        if entry.iate {
            source = iate::source(&entry.domains, &source);
        }
        let concept = Concept {
            id: String::new(),
            note,
            source,
            subjects: entry.subjects,
            related: entry.related,
            terms: terms
                .into_iter()
                .map(|t| Term {
                    pos: t
                        .pos
                        .unwrap_or_else(|| crate::analysis::morph::guess_pos(t.lang, &t.text)),
                    lang: t.lang,
                    text: t.text,
                    status: t.status.unwrap_or(Status::Admitted),
                    region: t.region,
                    guard: t.guard,
                    note: t.note,
                    line: t.line,
                })
                .collect(),
            line: entry.line,
        };
        self.concepts.push((entry.id, entry.index, concept));
        Ok(())
    }

    fn text(&mut self, pos: u64, text: &BytesText) -> Result<()> {
        if self.stack.is_empty() {
            return self.with_source(|s| s.text_outside_root(pos, text));
        }
        if self.capture.is_some() {
            self.push_text(&text.xml10_content());
        }
        Ok(())
    }

    fn push_text(&mut self, text: &str) {
        if let Some(capture) = self.capture.as_mut() {
            capture.text.push_str(text);
        }
    }

    fn reference(&mut self, pos: u64, reference: &BytesRef) -> Result<()> {
        self.require_root(pos, "entity reference")?;
        let text = self.with_source(|s| s.reference(pos, reference))?;
        self.push_text(&text);
        Ok(())
    }

    fn finish(mut self, end: u64) -> Result<(Glossary, ReadSummary)> {
        if let Some((name, _, at)) = self.stack.last() {
            return Err(self.with_source(|s| s.unclosed_at(end, name, *at)));
        }
        let Some(dialect) = self.dialect else {
            return Err(self.with_source(|s| s.no_root(end)));
        };
        // Entries without an id get c1, c2… by position, avoiding the ids the file uses.
        let mut taken: HashSet<String> = self.explicit_ids.keys().cloned().collect();
        let mut concepts = Vec::with_capacity(self.concepts.len());
        for (id, index, mut concept) in std::mem::take(&mut self.concepts) {
            concept.id = match id {
                Some(id) => id,
                None => {
                    let base = format!("c{index}");
                    let mut id = base.clone();
                    let mut n = 1;
                    while taken.contains(&id) {
                        n += 1;
                        id = format!("{base}-{n}");
                    }
                    taken.insert(id.clone());
                    id
                }
            };
            concepts.push(concept);
        }
        let glossary = Glossary {
            path: self.path.to_path_buf(),
            concepts,
        };
        let summary = ReadSummary {
            dialect,
            skipped_lang_secs: self.skipped_lang_secs,
            skipped_langs: self.skipped_langs,
            skipped_terms: self.skipped_terms,
            skipped_concepts: self.skipped_concepts,
            entries: self.entries_seen,
            unselected_concepts: self.unselected_concepts,
            iate_concepts: self.iate_concepts,
            packed_terms: self.packed_terms,
        };
        Ok((glossary, summary))
    }
}

/// TBX 2008 `administrativeStatus` / `normativeAuthorization` values and TBX-Basic's
/// (`preferredTerm-admn-sts`); `None` for values we do not know.
pub(super) fn parse_status(value: &str) -> Option<Status> {
    let value = value.trim();
    let value = value.strip_suffix("-admn-sts").unwrap_or(value);
    let value = value.strip_suffix("Term").unwrap_or(value);
    match value.to_ascii_lowercase().as_str() {
        "preferred" | "standardized" => Some(Status::Preferred),
        "admitted" | "legal" | "regulated" => Some(Status::Admitted),
        "deprecated" | "superseded" | "obsolete" | "rejected" => Some(Status::Deprecated),
        _ => None,
    }
}

/// TBX-Basic's parts of speech and common legacy ones (`properNoun`); `None` for a value we do
/// not know, whose term's part of speech is then guessed as for a term with none.
fn parse_pos(value: &str) -> Option<Pos> {
    Some(match value.trim().to_ascii_lowercase().as_str() {
        "noun" | "n" | "propernoun" | "proper noun" | "commonnoun" | "nounphrase"
        | "noun phrase" => Pos::Noun,
        "verb" | "v" | "verbphrase" | "verb phrase" => Pos::Verb,
        "adjective" | "adj" | "a" => Pos::Adjective,
        "adverb" | "adv" => Pos::Adverb,
        "other" => Pos::Other,
        _ => return None,
    })
}
