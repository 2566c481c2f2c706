//! Reading TBX: TBX-Basic v3 (`<tbx>` … conceptEntry/langSec/termSec) and legacy TBX 2008 /
//! TBX-Basic v2 (`<martif>` … termEntry/langSet/tig), told apart by the root element. One pass of
//! quick-xml events into a glossary: lenient about data categories it does not need, strict
//! about XML (see the parent module).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Display;
use std::io::BufRead;
use std::path::Path;

use quick_xml::events::{BytesRef, BytesStart, BytesText, Event};
use quick_xml::{Reader, XmlVersion};

use crate::error::{Error, Result};
use crate::formats::xml::{LineCounter, Source};
use crate::glossary::{Concept, Glossary, Guard, Pos, Status, Subject, Term, check_region};
use crate::lang::Lang;

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
    /// Concept entries with no term in English, French or Spanish.
    pub skipped_concepts: usize,
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
pub fn read_with_summary<R: BufRead>(
    mut reader: R,
    path: &Path,
) -> Result<(Glossary, ReadSummary)> {
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    // XML names its encoding: bytes that are already UTF-8 text (a glossary
    // `formats::read` decoded) are kept as they are.
    let text = crate::formats::xml::decode(bytes, path, crate::input::TextOptions::default())?;
    let src = crate::input::strip_bom(&text).as_bytes();
    let mut parser = Parser::new(path, src);
    if let Some((at, what)) = crate::formats::xml::forbidden_char(src) {
        return Err(parser.malformed(at, what));
    }
    let mut xml = Reader::from_reader(src);
    crate::formats::xml::configure(xml.config_mut());
    loop {
        let pos = xml.buffer_position();
        let event = match xml.read_event() {
            Ok(event) => event,
            Err(e) => return Err(parser.error(xml.error_position(), "malformed XML", e)),
        };
        match event {
            Event::Decl(decl) => parser.source.declaration(pos, &decl)?,
            Event::DocType(doctype) => {
                parser
                    .source
                    .doctype(pos, &doctype, parser.dialect.is_some())?;
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
}

/// A langSec / langSet; `lang` is `None` when it is skipped.
struct LangSec {
    depth: usize,
    lang: Option<Lang>,
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
}

struct PendingTerm {
    lang: Lang,
    text: String,
    /// `None` when the file gives none (or one we do not know).
    status: Option<Status>,
    pos: Pos,
    region: String,
    guard: Guard,
    note: String,
    line: u64,
}

struct Parser<'a> {
    source: Source<'a>,
    /// Open elements: name and byte offset of the start tag.
    stack: Vec<(String, u64)>,
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
    skipped_concepts: usize,
    lines: LineCounter,
}

impl<'a> Parser<'a> {
    fn new(path: &'a Path, src: &'a [u8]) -> Parser<'a> {
        Parser {
            source: Source { path, src },
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
            skipped_concepts: 0,
            lines: LineCounter::default(),
        }
    }

    /// `"{what} at line L, column C: {detail}"`, located at byte `pos`.
    fn error(&self, pos: u64, what: &str, detail: impl Display) -> Error {
        self.source.error(pos, what, detail)
    }

    fn invalid(&self, pos: u64, detail: impl Display) -> Error {
        self.error(pos, "invalid TBX", detail)
    }

    fn malformed(&self, pos: u64, detail: impl Display) -> Error {
        self.source.malformed(pos, detail)
    }

    fn line(&mut self, pos: u64) -> u64 {
        self.lines.line_at(self.source.src, pos)
    }

    fn require_root(&self, pos: u64, what: &str) -> Result<()> {
        self.source.require_root(pos, what, !self.stack.is_empty())
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
        self.stack.push((name.clone(), pos));
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
                let id = id
                    .filter(|id| !id.is_empty())
                    .map(|id| decode_id(&id).to_string());
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
                });
            }
            _ if self.entry.is_none() => {}
            "langSec" | "langSet" if self.lang_sec.is_none() => {
                let Some(code) = lang.filter(|l| !l.trim().is_empty()) else {
                    return Err(self.invalid(pos, format!("<{name}> without xml:lang")));
                };
                let base = code.trim().split(['-', '_']).next().unwrap_or_default();
                let lang = base.parse::<Lang>().ok();
                if lang.is_none() {
                    self.skipped_lang_secs += 1;
                    self.skipped_langs.insert(code);
                }
                self.lang_sec = Some(LangSec { depth, lang });
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
                    "administrativeStatus" | "normativeAuthorization" => {
                        term_sec.status = parse_status(&text);
                    }
                    "partOfSpeech" => term_sec.pos_value = Some(parse_pos(&text)),
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
        let entry = self
            .entry
            .as_mut()
            .expect("term sections are read in an entry");
        entry.terms.push(PendingTerm {
            lang,
            text,
            status: term_sec.status,
            pos: term_sec.pos_value.unwrap_or(Pos::Other),
            region: term_sec.region,
            guard: term_sec.guard,
            note: term_sec.notes.join("; "),
            line,
        });
        Ok(())
    }

    fn end_entry(&mut self, entry: Entry) -> Result<()> {
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
        // A language with no preferred term: its first term without a status is the preferred one.
        let mut terms = entry.terms;
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
        let concept = Concept {
            id: String::new(),
            note,
            source: entry.source.unwrap_or_default(),
            subjects: entry.subjects,
            related: entry.related,
            terms: terms
                .into_iter()
                .map(|t| Term {
                    lang: t.lang,
                    text: t.text,
                    status: t.status.unwrap_or(Status::Admitted),
                    pos: t.pos,
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
            return self.source.text_outside_root(pos, text);
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
        let text = self.source.reference(pos, reference)?;
        self.push_text(&text);
        Ok(())
    }

    fn finish(mut self, end: u64) -> Result<(Glossary, ReadSummary)> {
        if let Some((name, pos)) = self.stack.last() {
            return Err(self.source.unclosed(end, name, *pos));
        }
        let Some(dialect) = self.dialect else {
            return Err(self.source.no_root(end));
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
            path: self.source.path.to_path_buf(),
            concepts,
        };
        let summary = ReadSummary {
            dialect,
            skipped_lang_secs: self.skipped_lang_secs,
            skipped_langs: self.skipped_langs,
            skipped_concepts: self.skipped_concepts,
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
        "deprecated" | "superseded" => Some(Status::Deprecated),
        _ => None,
    }
}

/// TBX-Basic's parts of speech and common legacy ones (`properNoun`); `other` for the rest.
fn parse_pos(value: &str) -> Pos {
    match value.trim().to_ascii_lowercase().as_str() {
        "noun" | "n" | "propernoun" | "proper noun" | "commonnoun" | "nounphrase"
        | "noun phrase" => Pos::Noun,
        "verb" | "v" | "verbphrase" | "verb phrase" => Pos::Verb,
        "adjective" | "adj" | "a" => Pos::Adjective,
        "adverb" | "adv" => Pos::Adverb,
        _ => Pos::Other,
    }
}
