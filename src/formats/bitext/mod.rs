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
//! The file's bytes become text as XML says (`formats::xml::decode`): a byte order mark,
//! else the declared encoding (Latin-1 and Windows-1252 are read with no flag), else as any file.
//!
//! # Where
//!
//! This file holds the model ([`SegmentPair`], [`Bitext`], [`BitextFormat`]), the dispatch
//! ([`read`], [`read_str`]) and what every format shares: decoding a file, the languages asked
//! for, and `plain_text`, the whitespace rule above. Each format has its file: `tmx.rs` reads
//! and writes TMX; `xliff.rs` reads XLIFF 1.2 and 2.x; `xml.rs` is the one-pass XML reader those
//! two share (the root element picks the format, inline codes are dropped, a segment's text is
//! captured); `tsv.rs` reads TSV; `lines.rs` reads pairs of line-aligned files; `declared.rs`
//! reads a file with the languages not given taken from the file ([`read_declared`]).

mod declared;
mod lines;
pub mod tmx;
mod tsv;
mod xliff;
mod xml;

use std::path::Path;
use std::str::FromStr;

use crate::error::{Error, Result};
use crate::input::{self, TextOptions};
use crate::lang::Lang;

pub use self::declared::{Languages, read_declared, read_declared_str};
pub use self::lines::{read_line_aligned, read_line_aligned_str};
use self::tmx::Tmx;
use self::tsv::read_tsv;
use self::xliff::{Xliff1, Xliff2, xliff_is_v1};
use self::xml::run;
use crate::formats::xml::{Node, XmlDoc};

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
    options: TextOptions,
) -> Result<Bitext> {
    let (text, format) = load(path, format, options)?;
    read_str(&text, path, format, source, target)
}

/// A bitext file's text and format: the one given, else the one its name says, else XML when
/// it starts with `<`.
fn load(
    path: &Path,
    format: Option<BitextFormat>,
    options: TextOptions,
) -> Result<(String, BitextFormat)> {
    let named = format.or_else(|| BitextFormat::from_path(path));
    let text = match named {
        Some(BitextFormat::Tsv) => read_file(path, options)?,
        _ => read_xml_file(path, options)?,
    };
    let format = match named {
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
    Ok((text, format))
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

/// A file's text (gzipped or not; UTF-16 with a byte order mark is
/// decoded), decoded as `options` say.
fn read_file(path: &Path, options: TextOptions) -> Result<String> {
    input::read_side(path, options)
}

/// [`read_file`] for a file that may be XML, whose declaration names its
/// encoding ([`crate::formats::xml::decode`]; one without is read as any).
fn read_xml_file(path: &Path, options: TextOptions) -> Result<String> {
    let bytes = input::gunzip(input::read_side_bytes(path)?, path)?;
    crate::formats::xml::decode(bytes, path, options)
}

/// The text of a segment as the check sees it: runs of whitespace made one space (a lone
/// no-break space kept as it is), the ends trimmed.
fn plain_text(raw: &str) -> String {
    let mut text = raw.to_string();
    plain_text_in_place(&mut text);
    text
}

/// [`plain_text`] in place: the text's own buffer is rewritten (the plain
/// text is never longer), so that a line of megabytes is not copied.
fn plain_text_in_place(text: &mut String) {
    let mut bytes = std::mem::take(text).into_bytes();
    let (mut read, mut write) = (0, 0);
    let mut run = 0usize;
    let mut first = ' ';
    let mut buf = [0; 4];
    while read < bytes.len() {
        let width = match bytes[read] {
            b if b < 0x80 => 1,
            b if b >= 0xF0 => 4,
            b if b >= 0xE0 => 3,
            _ => 2,
        };
        let c = std::str::from_utf8(&bytes[read..read + width])
            .ok()
            .and_then(|s| s.chars().next())
            .unwrap_or(char::REPLACEMENT_CHARACTER);
        read += width;
        if c.is_whitespace() {
            if run == 0 {
                first = c;
            }
            run += 1;
            continue;
        }
        if run > 0 && write > 0 {
            let no_break = matches!(first, '\u{A0}' | '\u{202F}' | '\u{2007}');
            let space = if run == 1 && no_break { first } else { ' ' };
            // A run of whitespace is at least as long as what replaces it.
            for &b in space.encode_utf8(&mut buf).as_bytes() {
                bytes[write] = b;
                write += 1;
            }
        }
        run = 0;
        bytes.copy_within(read - width..read, write);
        write += width;
    }
    bytes.truncate(write);
    *text = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
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

/// Reads a TMX or XLIFF file, the root element telling which.
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
                return Err(doc
                    .error(
                        root.pos,
                        "language mismatch",
                        format!(
                            "none of its {} <tu> has both an {} and an {} variant; termalign \
                             reads en, fr and es",
                            bitext.skipped.len(),
                            langs.source,
                            langs.target
                        ),
                    )
                    .needs(crate::error::Remedy::Languages));
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    pub(super) fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/bilingual")
            .join(name)
    }

    pub(super) fn pair(id: &str, line: u64, source: &str, target: &str) -> SegmentPair {
        SegmentPair {
            id: id.into(),
            line,
            source: source.into(),
            target: target.into(),
        }
    }

    pub(super) fn xml(text: &str, source: Lang, target: Lang) -> Result<Bitext> {
        read_str(
            text,
            Path::new("t.xml"),
            BitextFormat::Xliff,
            source,
            target,
        )
    }

    pub(super) fn xml_err(text: &str) -> String {
        match xml(text, Lang::En, Lang::Fr) {
            Ok(b) => format!("no error; read {b:?}"),
            Err(e) => e.to_string(),
        }
    }

    pub(super) const MINIMAL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>
<tmx version=\"1.4\">
<header srclang=\"en\"/>
<body>
<tu tuid=\"a\"><tuv xml:lang=\"en\"><seg>SRC</seg></tuv><tuv xml:lang=\"fr\"><seg>TRG</seg></tuv></tu>
</body>
</tmx>
";

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
    fn language_mismatches_name_both_languages() {
        let err = read(
            &fixture("sample12.xlf"),
            None,
            Lang::En,
            Lang::Es,
            crate::input::TextOptions::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.ends_with(
                "sample12.xlf:3: language mismatch at line 3, column 3: the file's target \
                 language is \"fr-FR\" (target-language), but the target language asked for is es"
            ),
            "{err}"
        );
        let err = read(
            &fixture("sample20.xlf"),
            None,
            Lang::Fr,
            Lang::Es,
            crate::input::TextOptions::default(),
        )
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
        let err = read(
            &fixture("sample.tsv"),
            None,
            Lang::Fr,
            Lang::En,
            crate::input::TextOptions::default(),
        )
        .unwrap_err();
        assert!(err.to_string().contains("\"en-US\""), "{err}");
        assert!(matches!(
            read(
                &fixture("sample.tmx"),
                None,
                Lang::En,
                Lang::En,
                crate::input::TextOptions::default()
            ),
            Err(Error::Usage(_))
        ));
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

    /// The plain text as first written, a character at a time into a new
    /// string: the in-place rewrite must give the same.
    fn reference_plain_text(raw: &str) -> String {
        let mut out = String::new();
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

    #[test]
    fn plain_text_in_place_is_the_reference() {
        let parts = [
            "a",
            "é",
            "日本",
            "\u{1F600}",
            " ",
            "  ",
            "\t",
            "\u{A0}",
            "\u{202F}",
            "\u{2003}",
            "\r\n",
            "x",
        ];
        // Every string of up to four parts.
        let mut strings = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = strings
                .iter()
                .flat_map(|s| parts.iter().map(move |p| format!("{s}{p}")))
                .collect();
            strings.extend(longer);
            strings.sort();
            strings.dedup();
        }
        for raw in strings {
            let mut in_place = raw.clone();
            plain_text_in_place(&mut in_place);
            assert_eq!(in_place, reference_plain_text(&raw), "{raw:?}");
        }
    }

    #[test]
    fn files_that_are_not_utf8_or_name_no_format() {
        let dir = tempfile::tempdir().unwrap();
        let utf16 = dir.path().join("u.tmx");
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(MINIMAL.encode_utf16().flat_map(u16::to_le_bytes));
        std::fs::write(&utf16, bytes).unwrap();
        let b = read(
            &utf16,
            None,
            Lang::En,
            Lang::Fr,
            crate::input::TextOptions::default(),
        )
        .unwrap();
        assert_eq!(
            b.pairs,
            [pair("a", 5, "SRC", "TRG")],
            "UTF-16 with a BOM is decoded"
        );
        let mut no_bom = Vec::new();
        no_bom.extend(MINIMAL.encode_utf16().flat_map(u16::to_le_bytes));
        std::fs::write(&utf16, no_bom).unwrap();
        let err = read(
            &utf16,
            None,
            Lang::En,
            Lang::Fr,
            crate::input::TextOptions::default(),
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("UTF-16 without a byte order mark"),
            "{err}"
        );

        let xml_file = dir.path().join("memory.xml");
        std::fs::write(&xml_file, MINIMAL).unwrap();
        let b = read(
            &xml_file,
            None,
            Lang::En,
            Lang::Fr,
            crate::input::TextOptions::default(),
        )
        .unwrap();
        assert_eq!(b.pairs.len(), 1);

        let txt = dir.path().join("pairs.txt");
        std::fs::write(&txt, "a\tb\n").unwrap();
        let err = read(
            &txt,
            None,
            Lang::En,
            Lang::Fr,
            crate::input::TextOptions::default(),
        )
        .unwrap_err();
        assert!(err.to_string().contains("cannot tell"), "{err}");
        let b = read(
            &txt,
            Some(BitextFormat::Tsv),
            Lang::En,
            Lang::Fr,
            crate::input::TextOptions::default(),
        )
        .unwrap();
        assert_eq!(b.pairs, [pair("1", 1, "a", "b")]);

        let missing = dir.path().join("missing.tmx");
        assert!(matches!(
            read(
                &missing,
                None,
                Lang::En,
                Lang::Fr,
                crate::input::TextOptions::default()
            ),
            Err(Error::Io { .. })
        ));
    }

    #[test]
    fn no_input_panics() {
        let read_bytes = |bytes: Vec<u8>, format| {
            let path = Path::new("fuzz");
            let Ok(text) = input::decode(bytes, path, TextOptions::default()) else {
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
}
