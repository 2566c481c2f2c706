//! Translation pairs for the bilingual consistency check, read from the files translators' tools
//! exchange: TMX 1.4b translation memories, XLIFF 1.2 and XLIFF 2.0 / 2.1 documents, two-column
//! TSV files, and pairs of line-aligned plain-text files.
//!
//! Each segment becomes a [`SegmentPair`] with an id a reviser can look up in the CAT tool and
//! the line of the segment in the file. Units that hold nothing to check (a TMX `<tu>` with no
//! variant in one of the languages, an untranslated XLIFF unit) are not pairs; [`Bitext::skipped`]
//! says which and why, one line each.
//!
//! # What is read
//!
//! * TMX: each `<tu>` with a `<tuv>` in both languages (matched by base language, so `en-US`
//!   and `EN-GB` are both English); the first non-empty variant of a language wins. A `<tu>`
//!   missing a language or with an empty variant is skipped.
//! * XLIFF 1.2: each `<trans-unit>`'s own `<source>` and `<target>`, in any `<file>` or `<group>`;
//!   `<seg-source>`, `<alt-trans>` and extension elements are not read. A unit with no or an empty
//!   target, or marked `translate="no"`, is skipped.
//! * XLIFF 2.x: each `<segment>` of each `<unit>`; `<ignorable>`, `<originalData>` and modules
//!   (`<mtc:matches>`…) are not read. Skips as in XLIFF 1.2 (`translate="no"` on the unit only;
//!   one inherited from a `<file>` or `<group>` is not looked at).
//! * TSV: `source<TAB>target` per line, no quoting (a `"` is text); an optional header line of two
//!   language tags (`en<TAB>fr-CA`) declares the languages.
//!
//! # Inline markup
//!
//! The check looks for terms in the text, so markup must neither hide a term nor invent one:
//!
//! * Elements that stand for the original document's formatting codes are dropped with their
//!   content, which is code, not text: TMX `<bpt>`, `<ept>`, `<it>`, `<ph>`, `<ut>`; XLIFF 1.2
//!   `<bpt>`, `<ept>`, `<it>`, `<ph>` and the empty `<x/>`, `<bx/>`, `<ex/>`; XLIFF 2.x `<sc/>`,
//!   `<ec/>`, `<ph/>`, `<cp/>`.
//! * Elements that wrap translatable text keep it: TMX `<hi>`; XLIFF 1.2 `<g>`, `<mrk>`; XLIFF 2.x
//!   `<pc>`, `<mrk>` (and the empty `<sm/>`, `<em/>`). So do elements this reader does not know
//!   and elements of other namespaces.
//! * `<sub>` (TMX, XLIFF 1.2) is dropped: it is a separate flow of text inside a code (a link's
//!   title, an index entry) that the original shows elsewhere, and gluing it into the sentence
//!   could make a term appear across its edges. It can only occur inside a dropped code anyway.
//! * A tag never separates or joins words by itself: the text around it is joined as written.
//!   `mi<g>gra</g>ción` is `migración`; `the <x/> border` is `the border`; `centre<ph/>closed`
//!   is `centreclosed`, because that is what the translator typed around the code.
//! * Then every run of whitespace becomes one space and the ends are trimmed; a run that is one
//!   no-break space (U+00A0, U+202F, U+2007, as French typography puts before `:` or inside
//!   `« »`) is kept as that character.
//!
//! # XML
//!
//! Strict about XML, lenient about the rest. A file that is not well-formed, that uses an entity
//! other than the five predefined ones, or whose DOCTYPE declares entities, is refused with its
//! line and column; DTD entities are never expanded and no DTD is loaded. Reading is one pass over
//! the file held in memory: time and memory are linear in its size, and element nesting uses no
//! recursion (quick-xml refuses nesting deeper than 65535 elements, with line and column).

pub mod tmx;

use std::path::Path;
use std::str::FromStr;

use crate::error::{Error, Result};
use crate::formats::xml::{Node, Tag, XmlDoc};
use crate::input;
use crate::lang::Lang;

/// One source segment and its translation, as the file names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SegmentPair {
    /// How a reviser finds it in the CAT tool: TMX `tuid` (else the 1-based position of the
    /// `<tu>`, "3"), XLIFF 1.2 trans-unit id, XLIFF 2.x unit id (+ "/" + segment id, or the
    /// segment's 1-based position in the unit, when a unit has several segments); TSV and
    /// line-aligned files: the 1-based line number.
    pub id: String,
    /// 1-based line of the segment in the file: of the `<tu>`, `<trans-unit>` or `<segment>`
    /// start tag, or of the text line.
    pub line: u64,
    /// Plain text with inline markup removed (see the [module documentation](crate::formats::bitext)).
    pub source: String,
    pub target: String,
}

impl SegmentPair {
    /// The pair of a line-based file: its id is the 1-based line number.
    pub fn at_line(line: u64, source: String, target: String) -> SegmentPair {
        SegmentPair {
            id: line.to_string(),
            line,
            source,
            target,
        }
    }
}

/// The segments of a file and the languages it declares, when it declares them.
#[derive(Clone, Debug, Default)]
pub struct Bitext {
    pub pairs: Vec<SegmentPair>,
    /// TMX: the header's `srclang`; XLIFF: `srcLang` / `source-language`; TSV: the header line.
    /// `None` when the file declares no language, or one termalign does not handle.
    pub source_lang: Option<Lang>,
    /// XLIFF: `trgLang` / `target-language`; TSV: the header line. TMX declares none.
    pub target_lang: Option<Lang>,
    /// Units left out because they hold nothing to check, one line each, in file order:
    /// `tu 7 (line 40): no fr variant`, `trans-unit u3 (line 22): not translated`.
    pub skipped: Vec<String>,
}

impl Bitext {
    /// Adds the pair of a line-based file, or notes why the line is
    /// skipped: no source text, or not translated.
    fn push_line(&mut self, line: u64, source: String, target: String) {
        if source.is_empty() {
            self.skipped.push(format!("line {line}: no source text"));
        } else if target.is_empty() {
            self.skipped.push(format!("line {line}: not translated"));
        } else {
            self.pairs.push(SegmentPair::at_line(line, source, target));
        }
    }
}

/// A file format that holds translation pairs.
///
/// [`BitextFormat::Tmx`] and [`BitextFormat::Xliff`] are read by one XML reader that goes by the
/// root element (`<tmx>` or `<xliff>`), so a TMX file named `.xml` or `.xlf` is still read as TMX.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BitextFormat {
    /// TMX 1.4b (1.1 to 1.3 are read too).
    Tmx,
    /// XLIFF 1.2 or 2.0 / 2.1, told apart by the root's `version` (or namespace).
    Xliff,
    /// `source<TAB>target` per line, with an optional header line of two language codes.
    Tsv,
}

impl BitextFormat {
    pub const ALL: [BitextFormat; 3] = [BitextFormat::Tmx, BitextFormat::Xliff, BitextFormat::Tsv];

    /// The name used on the command line and in messages.
    pub fn name(self) -> &'static str {
        match self {
            BitextFormat::Tmx => "tmx",
            BitextFormat::Xliff => "xliff",
            BitextFormat::Tsv => "tsv",
        }
    }

    /// The format a file's extension names (case-insensitive): `.tmx`; `.xlf`, `.xliff`,
    /// `.sdlxliff` (Trados), `.mqxliff` (memoQ); `.tsv`, `.tab`; any of them followed by `.gz`
    /// (the file is decompressed on reading). `None` for anything else, `.txt` included (plain
    /// text may be one side of a line-aligned pair).
    pub fn from_path(path: &Path) -> Option<BitextFormat> {
        let mut ext = path.extension()?.to_str()?.to_ascii_lowercase();
        if ext == "gz" {
            // memory.tmx.gz is a TMX file.
            ext = Path::new(path.file_stem()?)
                .extension()?
                .to_str()?
                .to_ascii_lowercase();
        }
        match ext.as_str() {
            "tmx" => Some(BitextFormat::Tmx),
            "xlf" | "xliff" | "sdlxliff" | "mqxliff" => Some(BitextFormat::Xliff),
            "tsv" | "tab" => Some(BitextFormat::Tsv),
            _ => None,
        }
    }
}

impl FromStr for BitextFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<BitextFormat, String> {
        let s = s.trim().to_ascii_lowercase();
        let s = if s == "xlf" { "xliff" } else { s.as_str() };
        BitextFormat::ALL
            .into_iter()
            .find(|f| f.name() == s)
            .ok_or_else(|| format!("unknown bilingual format {s:?}: expected tmx, xliff or tsv"))
    }
}

/// Reads a TMX 1.4b, XLIFF 1.2 / 2.0 / 2.1 (told apart by the root's version attribute or
/// namespace), or a two-column TSV file.
///
/// `format` defaults to the one the file's extension names; a file whose name says nothing is
/// read as XML when it starts with `<`, and refused otherwise. `source` and `target` pick the
/// languages: in TMX, the `<tuv>` whose `xml:lang` (or `lang`, TMX 1.1–1.3) has that base
/// language (`en-US`, `EN-GB`, `es-419` and `fr-CA` all count); in XLIFF and in a TSV header they
/// are checked against the languages the file declares, and a mismatch is an error naming both.
/// The same language on both sides is an [`Error::Usage`].
pub fn read(
    path: &Path,
    format: Option<BitextFormat>,
    source: Lang,
    target: Lang,
) -> Result<Bitext> {
    let text = read_file(path)?;
    let format = match format.or_else(|| BitextFormat::from_path(path)) {
        Some(format) => format,
        None if text
            .trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n'])
            .starts_with('<') =>
        {
            BitextFormat::Xliff
        }
        None => {
            return Err(Error::BadInput {
                path: path.to_path_buf(),
                reason: "cannot tell the bilingual format from the file name: name it .tmx, \
                         .xlf / .xliff or .tsv"
                    .into(),
            });
        }
    };
    read_str(&text, path, format, source, target)
}

/// [`read`] for text already in memory; `path` names it in errors.
pub fn read_str(
    text: &str,
    path: &Path,
    format: BitextFormat,
    source: Lang,
    target: Lang,
) -> Result<Bitext> {
    if source == target {
        return Err(Error::Usage(format!(
            "the source and target languages are both {source}; a bilingual check needs two"
        )));
    }
    let langs = Langs { source, target };
    match format {
        BitextFormat::Tmx | BitextFormat::Xliff => read_xml(text, path, langs),
        BitextFormat::Tsv => read_tsv(text, path, langs),
    }
}

/// Two line-aligned plain-text files: line N of one translates line N of the other.
///
/// Lines blank on both sides are skipped; a line blank on one side only is listed in
/// [`Bitext::skipped`]. Blank lines at the end of a file are not counted; any other difference in
/// the number of lines is an error naming both counts. Neither file declares its language.
pub fn read_line_aligned(source_path: &Path, target_path: &Path) -> Result<Bitext> {
    let source_text = read_file(source_path)?;
    let target_text = read_file(target_path)?;
    let source_lines = aligned_lines(&source_text);
    let target_lines = aligned_lines(&target_text);
    if source_lines.len() != target_lines.len() {
        return Err(Error::format(
            source_path,
            None,
            None,
            format!(
                "{} lines, but {} has {}; line N of one file must translate line N of the other",
                source_lines.len(),
                target_path.display(),
                target_lines.len()
            ),
        ));
    }
    let mut out = Bitext::default();
    for (i, (source, target)) in source_lines.into_iter().zip(target_lines).enumerate() {
        let line = i as u64 + 1;
        let (source, target) = (plain_text(source), plain_text(target));
        // A line blank on both sides is a paragraph break, not a segment.
        if !(source.is_empty() && target.is_empty()) {
            out.push_line(line, source, target);
        }
    }
    Ok(out)
}

/// A file's text (gzipped or not; UTF-16 with a byte order mark is decoded).
fn read_file(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let bytes = input::gunzip(bytes, path)?;
    input::decode(bytes, path)
}

/// The lines of a line-aligned file, without a byte order mark or trailing blank lines.
fn aligned_lines(text: &str) -> Vec<&str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines: Vec<&str> = text.lines().collect();
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    lines
}

/// The text of a segment as the check sees it: runs of whitespace made one space (a lone
/// no-break space kept as it is), the ends trimmed.
fn plain_text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut run = 0usize;
    let mut first = ' ';
    for c in raw.chars() {
        if c.is_whitespace() {
            if run == 0 {
                first = c;
            }
            run += 1;
            continue;
        }
        if run > 0 && !out.is_empty() {
            let no_break = matches!(first, '\u{A0}' | '\u{202F}' | '\u{2007}');
            out.push(if run == 1 && no_break { first } else { ' ' });
        }
        run = 0;
        out.push(c);
    }
    out
}

/// The language a tag such as `en-US`, `EN_gb` or `es-419` is in, if termalign handles it.
fn base_lang(tag: &str) -> Option<Lang> {
    tag.trim().split(['-', '_']).next()?.parse().ok()
}

/// The two languages asked for.
#[derive(Clone, Copy, Debug)]
struct Langs {
    source: Lang,
    target: Lang,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    Source,
    Target,
}

impl Langs {
    fn side(self, tag: &str) -> Option<Side> {
        match base_lang(tag) {
            Some(lang) if lang == self.source => Some(Side::Source),
            Some(lang) if lang == self.target => Some(Side::Target),
            _ => None,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// TSV
// ---------------------------------------------------------------------------------------------

fn read_tsv(text: &str, path: &Path, langs: Langs) -> Result<Bitext> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Bitext::default();
    for (i, row) in text.lines().enumerate() {
        let line = i as u64 + 1;
        if row.trim().is_empty() {
            continue;
        }
        let fields = match row.split_once('\t') {
            Some((source, target)) if !target.contains('\t') => Some((source, target)),
            _ => None,
        };
        let Some((source, target)) = fields else {
            return Err(Error::format(
                path,
                Some(line),
                None,
                format!(
                    "expected 2 tab-separated fields (source, target), found {}",
                    row.split('\t').count()
                ),
            ));
        };
        if line == 1 && is_lang_tag(source) && is_lang_tag(target) {
            let mismatch = |role: &str, declared: &str, wanted: Lang| {
                Error::format(
                    path,
                    Some(line),
                    None,
                    format!(
                        "language mismatch: the header's {role} language is {:?}, but the \
                         {role} language asked for is {wanted}",
                        declared.trim()
                    ),
                )
            };
            out.source_lang = base_lang(source);
            out.target_lang = base_lang(target);
            if out.source_lang != Some(langs.source) {
                return Err(mismatch("source", source, langs.source));
            }
            if out.target_lang != Some(langs.target) {
                return Err(mismatch("target", target, langs.target));
            }
            continue;
        }
        out.push_line(line, plain_text(source), plain_text(target));
    }
    Ok(out)
}

/// Whether a header field is a language tag: `en`, `fra`, `en-US`, `es-419`, `zh_Hant_TW`.
fn is_lang_tag(field: &str) -> bool {
    let mut subtags = field.trim().split(['-', '_']);
    let primary = subtags.next().unwrap_or_default();
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && subtags
            .all(|s| (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()))
}

// ---------------------------------------------------------------------------------------------
// TMX and XLIFF
// ---------------------------------------------------------------------------------------------

/// Inline elements dropped with their content, per format (sorted; see the module docs).
const TMX_DROPPED: [&str; 6] = ["bpt", "ept", "it", "ph", "sub", "ut"];
const XLIFF1_DROPPED: [&str; 8] = ["bpt", "bx", "ept", "ex", "it", "ph", "sub", "x"];
const XLIFF2_DROPPED: [&str; 4] = ["cp", "ec", "ph", "sc"];

/// The XLIFF 2 core namespace (2.1 and 2.2 keep it).
const XLIFF2_NAMESPACE: &str = "urn:oasis:names:tc:xliff:document:2.0";

fn read_xml(text: &str, path: &Path, langs: Langs) -> Result<Bitext> {
    let mut doc = XmlDoc::new(path, text);
    if let Some((at, what)) = crate::formats::xml::forbidden_char(text.as_bytes()) {
        return Err(doc.malformed(at, what));
    }
    let root = loop {
        match doc.next()? {
            Node::Start(tag) => break tag,
            Node::Eof => return Err(doc.malformed(0, "no root element")),
            Node::End { .. } | Node::Text(_) => {}
        }
    };
    match root.local() {
        "tmx" => {
            let bitext = run(&mut doc, Tmx::new(langs))?;
            // Every <tu> lacks one of the languages: the file pairs others.
            let missing = [
                format!("no {} or {} variant", langs.source, langs.target),
                format!("no {} variant", langs.source),
                format!("no {} variant", langs.target),
            ];
            if bitext.pairs.is_empty()
                && !bitext.skipped.is_empty()
                && bitext
                    .skipped
                    .iter()
                    .all(|s| missing.iter().any(|m| s.ends_with(m.as_str())))
            {
                return Err(doc.error(
                    root.pos,
                    "language mismatch",
                    format!(
                        "none of its {} <tu> has both an {} and an {} variant; termalign reads \
                         en, fr and es: check --source-lang and --target-lang",
                        bitext.skipped.len(),
                        langs.source,
                        langs.target
                    ),
                ));
            }
            Ok(bitext)
        }
        "xliff" => {
            if xliff_is_v1(&doc, &root)? {
                run(&mut doc, Xliff1::new(langs))
            } else {
                let xliff2 = Xliff2::new(&doc, &root, langs)?;
                run(&mut doc, xliff2)
            }
        }
        _ => Err(doc.error(
            root.pos,
            "not TMX or XLIFF",
            format!(
                "the root element is <{}>; a TMX file starts with <tmx>, an XLIFF file with <xliff>",
                root.start.name().as_ref()
            ),
        )),
    }
}

/// Whether an `<xliff>` root is XLIFF 1.x (else 2.x), by its `version`, else its namespace.
fn xliff_is_v1(doc: &XmlDoc, root: &Tag) -> Result<bool> {
    let [version] = doc.attributes(root, ["version"])?;
    match version.as_deref().map(str::trim) {
        Some("1.0" | "1.1" | "1.2") => Ok(true),
        Some(v) if v.starts_with("2.") => Ok(false),
        Some(v) => Err(doc.error(
            root.pos,
            "unsupported XLIFF",
            format!("version {v:?}; termalign reads XLIFF 1.2, 2.0 and 2.1"),
        )),
        None => match doc.root_namespace() {
            Some(ns) if ns.starts_with("urn:oasis:names:tc:xliff:document:1.") => Ok(true),
            Some(XLIFF2_NAMESPACE) => Ok(false),
            _ => Err(doc.error(
                root.pos,
                "unsupported XLIFF",
                "<xliff> has neither a version attribute nor an XLIFF namespace",
            )),
        },
    }
}

/// What a format's reader does with the nodes of a document, after its root.
trait Vocabulary {
    fn start(&mut self, doc: &mut XmlDoc, tag: &Tag) -> Result<()>;
    fn end(&mut self, depth: usize);
    fn text(&mut self, text: &str);
    fn finish(self) -> Bitext;
}

fn run(doc: &mut XmlDoc, mut vocabulary: impl Vocabulary) -> Result<Bitext> {
    loop {
        match doc.next()? {
            Node::Start(tag) => vocabulary.start(doc, &tag)?,
            Node::End { depth } => vocabulary.end(depth),
            Node::Text(text) => vocabulary.text(&text),
            Node::Eof => return Ok(vocabulary.finish()),
        }
    }
}

/// The text of one `<seg>`, `<source>` or `<target>` being read.
struct Capture {
    side: Side,
    /// Depth of the element whose text this is.
    depth: usize,
    text: String,
    /// Depth of the inline element whose content is being dropped.
    dropping: Option<usize>,
}

impl Capture {
    fn new(side: Side, depth: usize) -> Capture {
        Capture {
            side,
            depth,
            text: String::new(),
            dropping: None,
        }
    }

    /// An element inside the segment: starts dropping text if it is one of `dropped`.
    fn open(&mut self, tag: &Tag, dropped: &[&str]) {
        if self.dropping.is_none() && tag.native && dropped.contains(&tag.local()) {
            self.dropping = Some(tag.depth);
        }
    }

    /// An element inside the segment, or the segment itself, ends: whether it was the segment.
    fn close(&mut self, depth: usize) -> bool {
        if self.dropping == Some(depth) {
            self.dropping = None;
        }
        depth == self.depth
    }

    fn push(&mut self, text: &str) {
        if self.dropping.is_none() {
            self.text.push_str(text);
        }
    }
}

/// Stores a finished text in the first empty slot of its side.
fn keep_first(slots: (&mut Option<String>, &mut Option<String>), capture: Capture) {
    let slot = match capture.side {
        Side::Source => slots.0,
        Side::Target => slots.1,
    };
    if slot.as_ref().is_none_or(|s| s.is_empty()) {
        *slot = Some(plain_text(&capture.text));
    }
}

/// A language declared by an XLIFF file, checked against the one asked for.
fn declared_lang(
    doc: &XmlDoc,
    tag: &Tag,
    attribute: &str,
    declared: Option<String>,
    role: &str,
    wanted: Lang,
) -> Result<Option<Lang>> {
    let Some(code) = declared.filter(|c| !c.trim().is_empty()) else {
        return Ok(None);
    };
    if base_lang(&code) == Some(wanted) {
        return Ok(Some(wanted));
    }
    Err(doc.error(
        tag.pos,
        "language mismatch",
        format!(
            "the file's {role} language is {:?} ({attribute}), but the {role} language asked \
             for is {wanted}",
            code.trim()
        ),
    ))
}

/// A unit being read: `<tu>`, `<trans-unit>`, or an XLIFF 2 `<segment>`.
struct Unit {
    depth: usize,
    id: String,
    line: u64,
    source: Option<String>,
    target: Option<String>,
}

// TMX ----------------------------------------------------------------------------------------

struct Tmx {
    langs: Langs,
    out: Bitext,
    tus: usize,
    tu: Option<Unit>,
    /// The open `<tuv>`: its depth and the side its language is on, if either.
    tuv: Option<(usize, Option<Side>)>,
    seg: Option<Capture>,
}

impl Tmx {
    fn new(langs: Langs) -> Tmx {
        Tmx {
            langs,
            out: Bitext::default(),
            tus: 0,
            tu: None,
            tuv: None,
            seg: None,
        }
    }

    fn end_tu(&mut self, tu: Unit) {
        let Langs { source, target } = self.langs;
        let reason = match (&tu.source, &tu.target) {
            (None, None) => format!("no {source} or {target} variant"),
            (None, _) => format!("no {source} variant"),
            (_, None) => format!("no {target} variant"),
            (Some(s), _) if s.is_empty() => format!("empty {source} variant"),
            (_, Some(t)) if t.is_empty() => format!("empty {target} variant"),
            (Some(_), Some(_)) => {
                self.out.pairs.push(SegmentPair {
                    id: tu.id,
                    line: tu.line,
                    source: tu.source.unwrap_or_default(),
                    target: tu.target.unwrap_or_default(),
                });
                return;
            }
        };
        self.out
            .skipped
            .push(format!("tu {} (line {}): {reason}", tu.id, tu.line));
    }
}

impl Vocabulary for Tmx {
    fn start(&mut self, doc: &mut XmlDoc, tag: &Tag) -> Result<()> {
        if let Some(seg) = self.seg.as_mut() {
            seg.open(tag, &TMX_DROPPED);
            return Ok(());
        }
        if !tag.native {
            return Ok(());
        }
        match tag.local() {
            "header" if tag.depth == 2 => {
                let [srclang] = doc.attributes(tag, ["srclang"])?;
                self.out.source_lang = srclang.as_deref().and_then(base_lang);
            }
            "tu" if self.tu.is_none() => {
                self.tus += 1;
                let [tuid] = doc.attributes(tag, ["tuid"])?;
                self.tu = Some(Unit {
                    depth: tag.depth,
                    id: tuid
                        .filter(|id| !id.trim().is_empty())
                        .unwrap_or_else(|| self.tus.to_string()),
                    line: doc.line(tag.pos),
                    source: None,
                    target: None,
                });
            }
            "tuv" if self.tu.is_some() && self.tuv.is_none() => {
                let [xml_lang, lang] = doc.attributes(tag, ["xml:lang", "lang"])?;
                let Some(code) = xml_lang.or(lang).filter(|c| !c.trim().is_empty()) else {
                    return Err(doc.error(tag.pos, "invalid TMX", "<tuv> without xml:lang"));
                };
                self.tuv = Some((tag.depth, self.langs.side(&code)));
            }
            "seg" => {
                if let Some((depth, Some(side))) = self.tuv
                    && tag.depth == depth + 1
                {
                    self.seg = Some(Capture::new(side, tag.depth));
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, depth: usize) {
        if let Some(seg) = self.seg.as_mut() {
            if seg.close(depth) {
                let seg = self.seg.take().expect("checked above");
                if let Some(tu) = self.tu.as_mut() {
                    keep_first((&mut tu.source, &mut tu.target), seg);
                }
            }
        } else if self.tuv.is_some_and(|(d, _)| d == depth) {
            self.tuv = None;
        } else if self.tu.as_ref().is_some_and(|tu| tu.depth == depth) {
            let tu = self.tu.take().expect("checked above");
            self.end_tu(tu);
        }
    }

    fn text(&mut self, text: &str) {
        if let Some(seg) = self.seg.as_mut() {
            seg.push(text);
        }
    }

    fn finish(self) -> Bitext {
        self.out
    }
}

// XLIFF 1.2 ----------------------------------------------------------------------------------

struct Xliff1 {
    langs: Langs,
    out: Bitext,
    units: usize,
    /// The open `<trans-unit>`, and whether it says `translate="no"`.
    unit: Option<(Unit, bool)>,
    capture: Option<Capture>,
}

impl Xliff1 {
    fn new(langs: Langs) -> Xliff1 {
        Xliff1 {
            langs,
            out: Bitext::default(),
            units: 0,
            unit: None,
            capture: None,
        }
    }
}

/// Files a unit under pairs or skipped, for XLIFF (1.2 and 2.x).
fn end_xliff_unit(out: &mut Bitext, kind: &str, unit: Unit, no_translate: bool) {
    let reason = if no_translate {
        "marked translate=\"no\""
    } else if unit.source.as_ref().is_none_or(|s| s.is_empty()) {
        "no source text"
    } else if unit.target.as_ref().is_none_or(|t| t.is_empty()) {
        "not translated"
    } else {
        out.pairs.push(SegmentPair {
            id: unit.id,
            line: unit.line,
            source: unit.source.unwrap_or_default(),
            target: unit.target.unwrap_or_default(),
        });
        return;
    };
    out.skipped
        .push(format!("{kind} {} (line {}): {reason}", unit.id, unit.line));
}

impl Vocabulary for Xliff1 {
    fn start(&mut self, doc: &mut XmlDoc, tag: &Tag) -> Result<()> {
        if let Some(capture) = self.capture.as_mut() {
            capture.open(tag, &XLIFF1_DROPPED);
            return Ok(());
        }
        if !tag.native {
            return Ok(());
        }
        match (tag.local(), &self.unit) {
            ("file", None) => {
                let [source, target] =
                    doc.attributes(tag, ["source-language", "target-language"])?;
                let (wanted_source, wanted_target) = (self.langs.source, self.langs.target);
                let source =
                    declared_lang(doc, tag, "source-language", source, "source", wanted_source)?;
                let target =
                    declared_lang(doc, tag, "target-language", target, "target", wanted_target)?;
                self.out.source_lang = self.out.source_lang.or(source);
                self.out.target_lang = self.out.target_lang.or(target);
            }
            ("trans-unit", None) => {
                self.units += 1;
                let [id, translate] = doc.attributes(tag, ["id", "translate"])?;
                let unit = Unit {
                    depth: tag.depth,
                    id: id
                        .filter(|id| !id.trim().is_empty())
                        .unwrap_or_else(|| self.units.to_string()),
                    line: doc.line(tag.pos),
                    source: None,
                    target: None,
                };
                let no_translate = translate.is_some_and(|t| t.trim() == "no");
                self.unit = Some((unit, no_translate));
            }
            // Only the unit's own source and target: not those of <alt-trans> or <seg-source>.
            ("source", Some((unit, _))) if tag.depth == unit.depth + 1 => {
                self.capture = Some(Capture::new(Side::Source, tag.depth));
            }
            ("target", Some((unit, _))) if tag.depth == unit.depth + 1 => {
                self.capture = Some(Capture::new(Side::Target, tag.depth));
            }
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, depth: usize) {
        if let Some(capture) = self.capture.as_mut() {
            if capture.close(depth) {
                let capture = self.capture.take().expect("checked above");
                if let Some((unit, _)) = self.unit.as_mut() {
                    keep_first((&mut unit.source, &mut unit.target), capture);
                }
            }
        } else if self.unit.as_ref().is_some_and(|(u, _)| u.depth == depth) {
            let (unit, no_translate) = self.unit.take().expect("checked above");
            end_xliff_unit(&mut self.out, "trans-unit", unit, no_translate);
        }
    }

    fn text(&mut self, text: &str) {
        if let Some(capture) = self.capture.as_mut() {
            capture.push(text);
        }
    }

    fn finish(self) -> Bitext {
        self.out
    }
}

// XLIFF 2.x ----------------------------------------------------------------------------------

/// An XLIFF 2 `<unit>` being read: its segments wait for its end, since their ids depend on how
/// many there are.
struct Unit2 {
    depth: usize,
    id: String,
    no_translate: bool,
    /// The segments read, with their own id if they have one.
    segments: Vec<(Unit, Option<String>)>,
}

struct Xliff2 {
    out: Bitext,
    units: usize,
    unit: Option<Unit2>,
    segment: Option<(Unit, Option<String>)>,
    capture: Option<Capture>,
}

impl Xliff2 {
    fn new(doc: &XmlDoc, root: &Tag, langs: Langs) -> Result<Xliff2> {
        let [source, target] = doc.attributes(root, ["srcLang", "trgLang"])?;
        let out = Bitext {
            source_lang: declared_lang(doc, root, "srcLang", source, "source", langs.source)?,
            target_lang: declared_lang(doc, root, "trgLang", target, "target", langs.target)?,
            ..Bitext::default()
        };
        Ok(Xliff2 {
            out,
            units: 0,
            unit: None,
            segment: None,
            capture: None,
        })
    }

    fn end_unit(&mut self, unit: Unit2) {
        let several = unit.segments.len() > 1;
        for (i, (mut segment, segment_id)) in unit.segments.into_iter().enumerate() {
            segment.id = if several {
                let n = segment_id.unwrap_or_else(|| (i + 1).to_string());
                format!("{}/{n}", unit.id)
            } else {
                unit.id.clone()
            };
            end_xliff_unit(&mut self.out, "unit", segment, unit.no_translate);
        }
    }
}

impl Vocabulary for Xliff2 {
    fn start(&mut self, doc: &mut XmlDoc, tag: &Tag) -> Result<()> {
        if let Some(capture) = self.capture.as_mut() {
            capture.open(tag, &XLIFF2_DROPPED);
            return Ok(());
        }
        if !tag.native {
            return Ok(());
        }
        match tag.local() {
            "unit" if self.unit.is_none() => {
                self.units += 1;
                let [id, translate] = doc.attributes(tag, ["id", "translate"])?;
                self.unit = Some(Unit2 {
                    depth: tag.depth,
                    id: id
                        .filter(|id| !id.trim().is_empty())
                        .unwrap_or_else(|| self.units.to_string()),
                    no_translate: translate.is_some_and(|t| t.trim() == "no"),
                    segments: Vec::new(),
                });
            }
            // <ignorable> holds whitespace and codes between segments: not read.
            "segment"
                if self.segment.is_none()
                    && self.unit.as_ref().is_some_and(|u| tag.depth == u.depth + 1) =>
            {
                let [id] = doc.attributes(tag, ["id"])?;
                let segment = Unit {
                    depth: tag.depth,
                    id: String::new(),
                    line: doc.line(tag.pos),
                    source: None,
                    target: None,
                };
                self.segment = Some((segment, id.filter(|id| !id.trim().is_empty())));
            }
            // Only the segment's own source and target: not those of <mtc:match> and the like.
            name @ ("source" | "target") => {
                if let Some((segment, _)) = &self.segment
                    && tag.depth == segment.depth + 1
                {
                    let side = if name == "source" {
                        Side::Source
                    } else {
                        Side::Target
                    };
                    self.capture = Some(Capture::new(side, tag.depth));
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, depth: usize) {
        if let Some(capture) = self.capture.as_mut() {
            if capture.close(depth) {
                let capture = self.capture.take().expect("checked above");
                if let Some((segment, _)) = self.segment.as_mut() {
                    keep_first((&mut segment.source, &mut segment.target), capture);
                }
            }
        } else if self.segment.as_ref().is_some_and(|(s, _)| s.depth == depth) {
            let segment = self.segment.take().expect("checked above");
            if let Some(unit) = self.unit.as_mut() {
                unit.segments.push(segment);
            }
        } else if self.unit.as_ref().is_some_and(|u| u.depth == depth) {
            let unit = self.unit.take().expect("checked above");
            self.end_unit(unit);
        }
    }

    fn text(&mut self, text: &str) {
        if let Some(capture) = self.capture.as_mut() {
            capture.push(text);
        }
    }

    fn finish(self) -> Bitext {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;
    use std::process::Command;

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/bilingual")
            .join(name)
    }

    fn pair(id: &str, line: u64, source: &str, target: &str) -> SegmentPair {
        SegmentPair {
            id: id.into(),
            line,
            source: source.into(),
            target: target.into(),
        }
    }

    fn xml(text: &str, source: Lang, target: Lang) -> Result<Bitext> {
        read_str(
            text,
            Path::new("t.xml"),
            BitextFormat::Xliff,
            source,
            target,
        )
    }

    fn xml_err(text: &str) -> String {
        match xml(text, Lang::En, Lang::Fr) {
            Ok(b) => format!("no error; read {b:?}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn formats_from_names() {
        for (name, format) in [
            ("a.tmx", Some(BitextFormat::Tmx)),
            ("a.TMX", Some(BitextFormat::Tmx)),
            ("a.xlf", Some(BitextFormat::Xliff)),
            ("a.xliff", Some(BitextFormat::Xliff)),
            ("a.sdlxliff", Some(BitextFormat::Xliff)),
            ("a.mqxliff", Some(BitextFormat::Xliff)),
            ("a.tsv", Some(BitextFormat::Tsv)),
            ("a.tab", Some(BitextFormat::Tsv)),
            ("a.txt", None),
            ("a.xml", None),
            ("tmx", None),
        ] {
            assert_eq!(BitextFormat::from_path(Path::new(name)), format, "{name}");
        }
        for format in BitextFormat::ALL {
            assert_eq!(format.name().parse(), Ok(format));
        }
        assert_eq!("XLF".parse(), Ok(BitextFormat::Xliff));
        assert!("csv".parse::<BitextFormat>().is_err());
    }

    #[test]
    fn reads_the_tmx_fixture_english_french() {
        let b = read(&fixture("sample.tmx"), None, Lang::En, Lang::Fr).unwrap();
        assert_eq!(
            b.pairs,
            [
                pair(
                    "asylum-1",
                    6,
                    "The asylum seekers arrived at the border.",
                    "Les demandeurs d'asile sont arrivés à la frontière."
                ),
                pair(
                    "2",
                    12,
                    "The refugee status was granted in March.",
                    "Le statut de réfugié a été accordé en mars."
                ),
                pair(
                    "detention-3",
                    20,
                    "The detention centre closed last week.",
                    "Le centre de rétention a fermé la semaine dernière."
                ),
                pair(
                    "5",
                    29,
                    "Family reunification takes \u{201C}months\u{201D} & sometimes years.",
                    "Le regroupement familial prend des «\u{A0}mois\u{A0}» & parfois des années."
                ),
            ]
        );
        assert_eq!(
            b.skipped,
            [
                "tu unhcr-4 (line 25): no fr variant",
                "tu stateless-6 (line 35): empty fr variant"
            ]
        );
        assert_eq!((b.source_lang, b.target_lang), (Some(Lang::En), None));
    }

    #[test]
    fn reads_the_tmx_fixture_by_base_language() {
        // en-US, EN-GB and en; es-419, es-ES and es-MX.
        let b = read(&fixture("sample.tmx"), None, Lang::En, Lang::Es).unwrap();
        assert_eq!(
            b.pairs,
            [
                pair(
                    "asylum-1",
                    6,
                    "The asylum seekers arrived at the border.",
                    "Los solicitantes de asilo llegaron a la frontera."
                ),
                pair(
                    "detention-3",
                    20,
                    "The detention centre closed last week.",
                    "El centro de internamiento cerró la semana pasada."
                ),
                pair(
                    "unhcr-4",
                    25,
                    "Irregular migration fell, said the agency.",
                    "La migración irregular disminuyó, según la agencia."
                ),
                pair(
                    "5",
                    29,
                    "Family reunification takes \u{201C}months\u{201D} & sometimes years.",
                    "La reunificación familiar tarda «meses» y a veces años."
                ),
            ]
        );
        assert_eq!(
            b.skipped,
            [
                "tu 2 (line 12): no es variant",
                "tu stateless-6 (line 35): no es variant"
            ]
        );
        // The other way round: TMX is not directed.
        let b = read(&fixture("sample.tmx"), None, Lang::Es, Lang::Fr).unwrap();
        let ids: Vec<&str> = b.pairs.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["asylum-1", "detention-3", "5"]);
        assert_eq!(
            b.pairs[0].source,
            "Los solicitantes de asilo llegaron a la frontera."
        );
        assert_eq!(b.source_lang, Some(Lang::En));
    }

    #[test]
    fn tmx_language_attributes() {
        let tmx = |header: &str, tuvs: &str| {
            format!("<tmx version=\"1.4\"><header {header}/><body><tu>{tuvs}</tu></body></tmx>")
        };
        // TMX 1.1-1.3 `lang`, underscores, the first variant of a language wins, others ignored.
        let b = xml(
            &tmx(
                "srclang=\"*all*\"",
                "<tuv lang=\"EN_us\"><seg>refugee</seg></tuv>\
                 <tuv xml:lang=\"pt-BR\"><seg>refugiado</seg></tuv>\
                 <tuv xml:lang=\"fr\"><seg>réfugié</seg></tuv>\
                 <tuv xml:lang=\"fr-BE\"><seg>réfugiée</seg></tuv>",
            ),
            Lang::En,
            Lang::Fr,
        )
        .unwrap();
        assert_eq!(b.pairs, [pair("1", 1, "refugee", "réfugié")]);
        assert_eq!(b.source_lang, None);
        // A file whose every tu has neither language is in others.
        let err = xml(
            &tmx(
                "srclang=\"de\"",
                "<tuv xml:lang=\"de\"><seg>Flüchtling</seg></tuv>",
            ),
            Lang::En,
            Lang::Fr,
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("none of its 1 <tu> has both an en and an fr variant"),
            "{err}"
        );
        // So is one whose every tu lacks one of them (an en-es memory
        // checked as en-fr).
        let err = xml(
            &tmx(
                "",
                "<tuv xml:lang=\"en\"><seg>refugee</seg></tuv>\
                 <tuv xml:lang=\"es\"><seg>refugiado</seg></tuv>",
            ),
            Lang::En,
            Lang::Fr,
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("both an en and an fr variant"),
            "{err}"
        );
        // Among others, such a tu is skipped.
        let two = tmx(
            "",
            "<tuv xml:lang=\"de\"><seg>Flüchtling</seg></tuv></tu><tu>\
             <tuv xml:lang=\"en\"><seg>refugee</seg></tuv><tuv xml:lang=\"fr\"><seg>réfugié</seg></tuv>",
        );
        let b = xml(&two, Lang::En, Lang::Fr).unwrap();
        assert_eq!(b.skipped, ["tu 1 (line 1): no en or fr variant"]);
        assert_eq!(b.pairs.len(), 1);
        assert_eq!(
            xml_err(&tmx("", "<tuv><seg>x</seg></tuv>")),
            "t.xml:1: invalid TMX at line 1, column 40: <tuv> without xml:lang"
        );
    }

    #[test]
    fn reads_the_xliff12_fixture() {
        let b = read(&fixture("sample12.xlf"), None, Lang::En, Lang::Fr).unwrap();
        assert_eq!(
            b.pairs,
            [
                pair(
                    "border-1",
                    8,
                    "The asylum seekers arrived at the border.",
                    "Les demandeurs d'asile sont arrivés à la frontière."
                ),
                pair(
                    "border-2",
                    18,
                    "Border guards registered the migrants.",
                    "Les gardes-frontières ont enregistré les migrants."
                ),
                pair(
                    "camp-1",
                    31,
                    "The reception centre is full.",
                    "Le centre d'accueil est plein."
                ),
                pair(
                    "camp-2",
                    35,
                    "Unaccompanied minors wait for a guardian.",
                    "Les mineurs non accompagnés attendent un tuteur."
                ),
            ]
        );
        assert_eq!(
            b.skipped,
            [
                "trans-unit border-3 (line 23): not translated",
                "trans-unit camp-3 (line 39): not translated",
                "trans-unit camp-4 (line 43): marked translate=\"no\"",
            ]
        );
        assert_eq!(
            (b.source_lang, b.target_lang),
            (Some(Lang::En), Some(Lang::Fr))
        );
    }

    #[test]
    fn reads_the_xliff20_fixture() {
        let b = read(&fixture("sample20.xlf"), None, Lang::En, Lang::Es).unwrap();
        assert_eq!(
            b.pairs,
            [
                pair(
                    "sea-1",
                    16,
                    "The rescue ships docked at dawn.",
                    "Los barcos de rescate atracaron al amanecer."
                ),
                pair(
                    "sea-2/a",
                    22,
                    "Two hundred people were rescued at sea.",
                    "Doscientas personas fueron rescatadas en el mar."
                ),
                pair(
                    "sea-2/2",
                    30,
                    "Their asylum claims will be examined.",
                    "Sus solicitudes de asilo serán examinadas."
                ),
                pair(
                    "sea-3",
                    38,
                    "The coast guard intercepted the boat.",
                    "La guardia costera interceptó la embarcación."
                ),
            ]
        );
        assert_eq!(
            b.skipped,
            [
                "unit sea-4 (line 44): not translated",
                "unit sea-5 (line 49): marked translate=\"no\"",
            ]
        );
        assert_eq!(
            (b.source_lang, b.target_lang),
            (Some(Lang::En), Some(Lang::Es))
        );
    }

    #[test]
    fn xliff_versions_are_told_apart() {
        let v2 = |version: &str, ns: &str| {
            format!(
                "<xliff {version} {ns} srcLang=\"en\" trgLang=\"fr\"><file id=\"f\"><unit id=\"u\">\
                 <segment><source>exile</source><target>exil</target></segment></unit></file></xliff>"
            )
        };
        let ns2 = "xmlns=\"urn:oasis:names:tc:xliff:document:2.0\"";
        for text in [
            v2("version=\"2.1\"", ns2),
            v2("version=\"2.0\"", ns2),
            v2("", ns2),
        ] {
            let b = xml(&text, Lang::En, Lang::Fr).unwrap();
            assert_eq!(b.pairs, [pair("u", 1, "exile", "exil")], "{text}");
        }
        let v1 = |attrs: &str| {
            format!(
                "<xliff {attrs}><file source-language=\"en\" original=\"x\" datatype=\"plaintext\">\
                 <body><trans-unit id=\"t\"><source>exile</source><target>exil</target>\
                 </trans-unit></body></file></xliff>"
            )
        };
        for attrs in [
            "version=\"1.2\"",
            "version=\"1.1\"",
            "xmlns=\"urn:oasis:names:tc:xliff:document:1.2\"",
        ] {
            let b = xml(&v1(attrs), Lang::En, Lang::Fr).unwrap();
            assert_eq!(b.pairs, [pair("t", 1, "exile", "exil")], "{attrs}");
            assert_eq!((b.source_lang, b.target_lang), (Some(Lang::En), None));
        }
        assert_eq!(
            xml_err(&v1("version=\"3.0\"")),
            "t.xml:1: unsupported XLIFF at line 1, column 1: version \"3.0\"; termalign reads \
             XLIFF 1.2, 2.0 and 2.1"
        );
        assert_eq!(
            xml_err(&v1("")),
            "t.xml:1: unsupported XLIFF at line 1, column 1: <xliff> has neither a version \
             attribute nor an XLIFF namespace"
        );
    }

    #[test]
    fn language_mismatches_name_both_languages() {
        let err = read(&fixture("sample12.xlf"), None, Lang::En, Lang::Es)
            .unwrap_err()
            .to_string();
        assert!(
            err.ends_with(
                "sample12.xlf:3: language mismatch at line 3, column 3: the file's target \
                 language is \"fr-FR\" (target-language), but the target language asked for is es"
            ),
            "{err}"
        );
        let err = read(&fixture("sample20.xlf"), None, Lang::Fr, Lang::Es)
            .unwrap_err()
            .to_string();
        assert!(
            err.ends_with(
                "sample20.xlf:2: language mismatch at line 2, column 1: the file's source \
                 language is \"en-GB\" (srcLang), but the source language asked for is fr"
            ),
            "{err}"
        );
        let err = read_str(
            "en\tde\nrefugee\tFlüchtling\n",
            Path::new("t.tsv"),
            BitextFormat::Tsv,
            Lang::En,
            Lang::Fr,
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            err,
            "t.tsv:1: language mismatch: the header's target language is \"de\", but the target \
             language asked for is fr"
        );
        let err = read(&fixture("sample.tsv"), None, Lang::Fr, Lang::En).unwrap_err();
        assert!(err.to_string().contains("\"en-US\""), "{err}");
        assert!(matches!(
            read(&fixture("sample.tmx"), None, Lang::En, Lang::En),
            Err(Error::Usage(_))
        ));
    }

    #[test]
    fn reads_the_tsv_fixture() {
        let b = read(&fixture("sample.tsv"), None, Lang::En, Lang::Fr).unwrap();
        assert_eq!(
            b.pairs,
            [
                pair(
                    "2",
                    2,
                    "The asylum seekers arrived at the border.",
                    "Les demandeurs d'asile sont arrivés à la frontière."
                ),
                pair(
                    "4",
                    4,
                    "The refugee status was granted.",
                    "Le statut de réfugié a été accordé."
                ),
                pair(
                    "6",
                    6,
                    "\"Irregular\" migration fell.",
                    "« La migration irrégulière » a diminué."
                ),
            ]
        );
        assert_eq!(b.skipped, ["line 5: not translated"]);
        assert_eq!(
            (b.source_lang, b.target_lang),
            (Some(Lang::En), Some(Lang::Fr))
        );
    }

    #[test]
    fn tsv_rows_need_two_fields() {
        let tsv = |text: &str| {
            read_str(
                text,
                Path::new("t.tsv"),
                BitextFormat::Tsv,
                Lang::Fr,
                Lang::Es,
            )
        };
        // No header: the first line is a pair.
        let b = tsv("exil\texilio\n\n\tasilo\n").unwrap();
        assert_eq!(b.pairs, [pair("1", 1, "exil", "exilio")]);
        assert_eq!(b.skipped, ["line 3: no source text"]);
        assert_eq!((b.source_lang, b.target_lang), (None, None));
        assert_eq!(
            tsv("exil\texilio\nasile\n").unwrap_err().to_string(),
            "t.tsv:2: expected 2 tab-separated fields (source, target), found 1"
        );
        assert_eq!(
            tsv("exil\texilio\r\n\r\nasile\tasilo\tnote\r\n")
                .unwrap_err()
                .to_string(),
            "t.tsv:3: expected 2 tab-separated fields (source, target), found 3"
        );
        // A header only on the first line, and only of language tags.
        let b = tsv("fr-FR\tes_419\nfr\tes\n").unwrap();
        assert_eq!(b.pairs, [pair("2", 2, "fr", "es")]);
        assert_eq!(
            (b.source_lang, b.target_lang),
            (Some(Lang::Fr), Some(Lang::Es))
        );
        assert_eq!(tsv("oui\tsí\n").unwrap().pairs.len(), 1);
    }

    #[test]
    fn reads_line_aligned_files() {
        let b = read_line_aligned(&fixture("aligned.en.txt"), &fixture("aligned.fr.txt")).unwrap();
        assert_eq!(
            b.pairs,
            [
                pair(
                    "1",
                    1,
                    "The asylum seekers arrived at the border.",
                    "Les demandeurs d'asile sont arrivés à la frontière."
                ),
                pair(
                    "3",
                    3,
                    "The refugee status was granted.",
                    "Le statut de réfugié a été accordé."
                ),
                pair(
                    "6",
                    6,
                    "Irregular migration fell.",
                    "La migration irrégulière a diminué."
                ),
            ]
        );
        assert_eq!(b.skipped, ["line 4: not translated"]);
        assert_eq!((b.source_lang, b.target_lang), (None, None));

        let dir = tempfile::tempdir().unwrap();
        let (en, fr) = (dir.path().join("en.txt"), dir.path().join("fr.txt"));
        std::fs::write(&en, "\u{feff}one\r\ntwo\r\nthree\r\n").unwrap();
        std::fs::write(&fr, "un\ndeux\n\n").unwrap();
        let err = read_line_aligned(&en, &fr).unwrap_err().to_string();
        assert_eq!(
            err,
            format!(
                "{}: 3 lines, but {} has 2; line N of one file must translate line N of the other",
                en.display(),
                fr.display()
            )
        );
        std::fs::write(&fr, "un\ndeux\ntrois").unwrap();
        let b = read_line_aligned(&en, &fr).unwrap();
        assert_eq!(b.pairs[0], pair("1", 1, "one", "un"));
        assert_eq!(b.pairs[2], pair("3", 3, "three", "trois"));
    }

    #[test]
    fn inline_markup_never_hides_a_term() {
        let tmx = |seg: &str| {
            format!(
                "<tmx version=\"1.4\"><header srclang=\"en\"/><body><tu>\
                 <tuv xml:lang=\"en\"><seg>x</seg></tuv><tuv xml:lang=\"fr\"><seg>{seg}</seg></tuv>\
                 </tu></body></tmx>"
            )
        };
        let xliff1 = |target: &str| {
            format!(
                "<xliff version=\"1.2\"><file source-language=\"en\"><body><trans-unit id=\"1\">\
                 <source>x</source><target>{target}</target></trans-unit></body></file></xliff>"
            )
        };
        let xliff2 = |target: &str| {
            format!(
                "<xliff version=\"2.0\" xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" \
                 srcLang=\"en\"><file id=\"f\"><unit id=\"1\"><segment><source>x</source>\
                 <target>{target}</target></segment></unit></file></xliff>"
            )
        };
        type Case = (fn(&str) -> String, &'static str, &'static str);
        let cases: &[Case] = &[
            (tmx, "mi<hi>gra</hi>tion", "migration"),
            (
                tmx,
                "la <bpt i=\"1\">&lt;b&gt;</bpt>mi<ept i=\"1\">&lt;/b&gt;</ept>gration",
                "la migration",
            ),
            (tmx, "asile <ph>{1}</ph> politique", "asile politique"),
            (tmx, "asile<ph>{1}</ph>politique", "asilepolitique"),
            (
                tmx,
                "<it pos=\"begin\">&lt;i&gt;</it>exil<ut>\\i0</ut>",
                "exil",
            ),
            (
                tmx,
                "a<bpt i=\"1\">&lt;a title='<sub>note <hi>cachée</hi></sub>'&gt;</bpt>b",
                "ab",
            ),
            (
                tmx,
                "<![CDATA[réfugié <b>]]> &#x20;\t\n statutaire",
                "réfugié <b> statutaire",
            ),
            (
                tmx,
                "\u{A0}droit\u{A0}:\u{202F}asile \u{A0}x  ",
                "droit\u{A0}:\u{202F}asile x",
            ),
            (xliff1, "mi<g id=\"1\">gra</g>ción", "migración"),
            (xliff1, "asilo <x id=\"1\"/> político", "asilo político"),
            (xliff1, "asilo<x id=\"1\"/>político", "asilopolítico"),
            (
                xliff1,
                "a<bx id=\"1\"/>b<ex id=\"1\"/>c<ph id=\"2\">&lt;br/&gt;</ph>d",
                "abcd",
            ),
            (
                xliff1,
                "<mrk mtype=\"term\">demandeur d'asile</mrk>",
                "demandeur d'asile",
            ),
            (
                xliff1,
                "<ph id=\"1\">x<sub>caché</sub>y</ph>visible<it id=\"2\" pos=\"open\">&lt;i&gt;</it>",
                "visible",
            ),
            (
                xliff1,
                "<g id=\"1\"><g id=\"2\">ré<x id=\"3\"/>fugié</g></g>",
                "réfugié",
            ),
            (xliff2, "mi<pc id=\"1\">gra</pc>ción", "migración"),
            (xliff2, "asilo <ph id=\"1\"/> político", "asilo político"),
            (
                xliff2,
                "<sc id=\"1\"/>ré<ec startRef=\"1\"/>fugié",
                "réfugié",
            ),
            (
                xliff2,
                "<mrk id=\"m\" type=\"term\">apatride</mrk> <sm id=\"n\"/>x<em startRef=\"n\"/>",
                "apatride x",
            ),
            (xliff2, "a<cp hex=\"0007\"/>b", "ab"),
        ];
        for (make, markup, want) in cases {
            let text = make(markup);
            let b = xml(&text, Lang::En, Lang::Fr).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(b.pairs.len(), 1, "{text}: {b:?}");
            assert_eq!(b.pairs[0].target, *want, "{text}");
        }
    }

    #[test]
    fn plain_text_collapses_whitespace() {
        for (raw, want) in [
            ("", ""),
            ("  \n\t ", ""),
            (" a  b\r\nc ", "a b c"),
            ("a\u{A0}b", "a\u{A0}b"),
            ("a\u{A0}\u{A0}b", "a b"),
            ("a \u{A0}b", "a b"),
            ("a\u{2003}b", "a b"),
        ] {
            assert_eq!(plain_text(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn inline_lists_are_sorted() {
        for list in [&TMX_DROPPED[..], &XLIFF1_DROPPED, &XLIFF2_DROPPED] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
    }

    const MINIMAL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>
<tmx version=\"1.4\">
<header srclang=\"en\"/>
<body>
<tu tuid=\"a\"><tuv xml:lang=\"en\"><seg>SRC</seg></tuv><tuv xml:lang=\"fr\"><seg>TRG</seg></tuv></tu>
</body>
</tmx>
";

    #[test]
    fn malformed_xml_is_refused_with_line_and_column() {
        let cases: &[(String, &str)] = &[
            (
                MINIMAL.replace("</seg></tuv><tuv", "</tuv></seg><tuv"),
                "t.xml:5: malformed XML at line 5, column 41: ill-formed document: expected `</seg>`, but `</tuv>` was found",
            ),
            (
                MINIMAL.replace("SRC", "a &nbsp; b"),
                "t.xml:5: malformed XML at line 5, column 40: undeclared entity &nbsp;: only &amp; &lt; &gt; &quot; &apos; and character references (&#233;) are allowed",
            ),
            (MINIMAL.replace("SRC", "a & b"), "t.xml:5: malformed XML at line 5, column 40: ill-formed document: entity or character reference not closed"),
            (MINIMAL.replace("SRC", "é &#1;"), "t.xml:5: malformed XML at line 5, column 40: character reference &#1; is '\\u{1}', which XML does not allow"),
            (MINIMAL.replace("SRC", "&#xD800;"), "t.xml:5: malformed XML at line 5, column 38: invalid character reference"),
            (MINIMAL.replace("<seg>TRG", "<seg>TRG<seg>"), "t.xml:5: malformed XML at line 5, column 91: ill-formed document: expected `</seg>`, but `</tuv>` was found"),
            (
                MINIMAL[..MINIMAL.len() - 7].to_string(),
                "t.xml:7: malformed XML at line 7, column 1: unexpected end of file: <tmx> (opened at line 2, column 1) is not closed",
            ),
            (
                MINIMAL[..MINIMAL.find("TRG").unwrap()].to_string(),
                "t.xml:5: malformed XML at line 5, column 77: unexpected end of file: <seg> (opened at line 5, column 72) is not closed",
            ),
            (
                MINIMAL[..MINIMAL.find("<body>").unwrap() + 3].to_string(),
                "t.xml:4: malformed XML at line 4, column 1: syntax error: tag not closed",
            ),
            (
                MINIMAL.replace("<tu tuid=\"a\">", "<tu tuid=\"a\" tuid=\"b\">"),
                "t.xml:5: malformed XML at line 5, column 1:",
            ),
            (
                MINIMAL.replace("<tu tuid=\"a\">", "<tu tuid=\"&bogus;\">"),
                "t.xml:5: malformed XML at line 5, column 1:",
            ),
            (
                MINIMAL.replace("<tu tuid=\"a\">", "<tu tuid=a>"),
                "t.xml:5: malformed XML at line 5, column 1:",
            ),
            (format!("{MINIMAL}<tmx/>"), "t.xml:8: malformed XML at line 8, column 1: a second root element <tmx>"),
            (format!("{MINIMAL}junk"), "t.xml:8: malformed XML at line 8, column 1: text outside the root element"),
            (format!("\n{MINIMAL}"), "t.xml:2: malformed XML at line 2, column 1: the XML declaration must open the file"),
            ("".into(), "t.xml:1: malformed XML at line 1, column 1: no root element: the file is empty or not XML"),
            ("<!-- only a comment -->\n".into(), "t.xml:2: malformed XML at line 2, column 1: no root element"),
            (
                MINIMAL.replace("UTF-8", "ISO-8859-1"),
                "t.xml:1: unsupported encoding at line 1, column 1: the file declares \"ISO-8859-1\"; convert it to UTF-8",
            ),
            (
                "<?xml version=\"1.0\"?>\n<html><body/></html>".into(),
                "t.xml:2: not TMX or XLIFF at line 2, column 1: the root element is <html>; a TMX file starts with <tmx>, an XLIFF file with <xliff>",
            ),
            (
                "<tmx><body><tu><tuv xml:lang=\"en\"><seg>é</seg></tuv><tuv xml:lang=\"fr\"><seg>x</sèg></tuv></tu></body></tmx>".into(),
                "t.xml:1: malformed XML at line 1, column 78: ill-formed document: expected `</seg>`, but `</sèg>` was found",
            ),
            (
                MINIMAL.replace("<tu tuid", "<x:tu tuid").replace("</tu>", "</x:tu>"),
                "t.xml:5: malformed XML at line 5, column 1: undeclared namespace prefix x in <x:tu>",
            ),
        ];
        let mut wrong = Vec::new();
        for (text, want) in cases {
            let err = xml_err(text);
            if !err.starts_with(want) {
                wrong.push(format!("got  {err:?}\nwant {want:?}\n{text}"));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
    }

    #[test]
    fn doctype_entities_are_refused_external_dtds_ignored() {
        let bomb = MINIMAL.replacen(
            "\n",
            "\n<!DOCTYPE tmx [\n  <!ENTITY lol \"lol\">\n  <!ENTITY lol2 \"&lol;&lol;&lol;\">\n]>\n",
            1,
        );
        assert!(
            xml_err(&bomb).starts_with(
                "t.xml:2: refused DOCTYPE at line 2, column 1: the DOCTYPE declares entities"
            ),
            "{}",
            xml_err(&bomb)
        );
        let external = MINIMAL.replacen("\n", "\n<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n", 1);
        let b = xml(&external, Lang::En, Lang::Fr).unwrap();
        assert_eq!(b.pairs, [pair("a", 6, "SRC", "TRG")]);
        let with_bom = format!("\u{feff}{}", MINIMAL.replace('\n', "\r\n"));
        let b = xml(&with_bom, Lang::En, Lang::Fr).unwrap();
        assert_eq!(b.pairs, [pair("a", 5, "SRC", "TRG")]);
    }

    #[test]
    fn files_that_are_not_utf8_or_name_no_format() {
        let dir = tempfile::tempdir().unwrap();
        let utf16 = dir.path().join("u.tmx");
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(MINIMAL.encode_utf16().flat_map(u16::to_le_bytes));
        std::fs::write(&utf16, bytes).unwrap();
        let b = read(&utf16, None, Lang::En, Lang::Fr).unwrap();
        assert_eq!(
            b.pairs,
            [pair("a", 5, "SRC", "TRG")],
            "UTF-16 with a BOM is decoded"
        );
        let mut no_bom = Vec::new();
        no_bom.extend(MINIMAL.encode_utf16().flat_map(u16::to_le_bytes));
        std::fs::write(&utf16, no_bom).unwrap();
        let err = read(&utf16, None, Lang::En, Lang::Fr).unwrap_err();
        assert!(
            err.to_string().contains("UTF-16 without a byte order mark"),
            "{err}"
        );

        let xml_file = dir.path().join("memory.xml");
        std::fs::write(&xml_file, MINIMAL).unwrap();
        let b = read(&xml_file, None, Lang::En, Lang::Fr).unwrap();
        assert_eq!(b.pairs.len(), 1);

        let txt = dir.path().join("pairs.txt");
        std::fs::write(&txt, "a\tb\n").unwrap();
        let err = read(&txt, None, Lang::En, Lang::Fr).unwrap_err();
        assert!(err.to_string().contains("cannot tell"), "{err}");
        let b = read(&txt, Some(BitextFormat::Tsv), Lang::En, Lang::Fr).unwrap();
        assert_eq!(b.pairs, [pair("1", 1, "a", "b")]);

        let missing = dir.path().join("missing.tmx");
        assert!(matches!(
            read(&missing, None, Lang::En, Lang::Fr),
            Err(Error::Io { .. })
        ));
    }

    #[test]
    fn deep_nesting_and_many_units_are_fine() {
        // No recursion: sixty thousand nested inline elements; past quick-xml's limit of 65535
        // levels, an error rather than a crash.
        let nested = |depth: usize| {
            let seg = format!("{}mi{}", "<hi>".repeat(depth), "</hi>".repeat(depth));
            xml(&MINIMAL.replace("TRG", &seg), Lang::En, Lang::Fr)
        };
        assert_eq!(nested(60_000).unwrap().pairs[0].target, "mi");
        let err = nested(70_000).unwrap_err().to_string();
        assert!(
            err.starts_with("t.xml:5: malformed XML at line 5, column 262")
                && err
                    .ends_with("document nests elements deeper than the supported limit of 65535"),
            "{err}"
        );
        // Many units, each on its own line.
        let tu = "<tu><tuv xml:lang=\"en\"><seg>asylum</seg></tuv><tuv xml:lang=\"fr\"><seg>asile</seg></tuv></tu>\n";
        let n = 20_000;
        let text = format!("<tmx version=\"1.4\"><body>\n{}</body></tmx>", tu.repeat(n));
        let b = xml(&text, Lang::En, Lang::Fr).unwrap();
        assert_eq!(b.pairs.len(), n);
        assert_eq!(
            b.pairs[n - 1],
            pair(&n.to_string(), n as u64 + 1, "asylum", "asile")
        );
    }

    #[test]
    fn no_input_panics() {
        let read_bytes = |bytes: Vec<u8>, format| {
            let path = Path::new("fuzz");
            let Ok(text) = input::decode(bytes, path) else {
                return;
            };
            let result = read_str(&text, path, format, Lang::En, Lang::Fr);
            if format != BitextFormat::Tsv
                && let Err(Error::Format { at, message }) = &result
            {
                assert!(
                    at.line.is_some() && message.contains(", column "),
                    "{message}"
                );
            }
        };
        for (name, format) in [
            ("sample.tmx", BitextFormat::Tmx),
            ("sample12.xlf", BitextFormat::Xliff),
            ("sample20.xlf", BitextFormat::Xliff),
            ("sample.tsv", BitextFormat::Tsv),
        ] {
            let source = std::fs::read(fixture(name)).unwrap();
            for bytes in crate::formats::xml::broken_variants(&source) {
                read_bytes(bytes, format);
            }
        }
    }

    #[test]
    fn tmx_fixture_is_valid_tmx14() {
        let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/schemas/tmx/tmx14.dtd");
        if !schema.is_file() {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI runs beside ../shared: {} must be there",
                schema.display()
            );
            eprintln!(
                "note: {} is absent; skipping the xmllint validation",
                schema.display()
            );
            return;
        }
        let output = match Command::new("xmllint")
            .arg("--noout")
            .arg("--dtdvalid")
            .arg(&schema)
            .arg(fixture("sample.tmx"))
            .output()
        {
            Ok(output) => output,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                assert!(
                    std::env::var_os("CI").is_none(),
                    "xmllint is not on PATH, and CI must install it (libxml2-utils)"
                );
                eprintln!("note: xmllint is not on PATH; skipping the xmllint validation");
                return;
            }
            Err(e) => panic!("cannot run xmllint: {e}"),
        };
        assert!(
            output.status.success(),
            "xmllint refused sample.tmx:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
