//! The XML reader TMX and XLIFF share: one pass over the file held in memory, strict about XML
//! (see the parent module's "XML"). The root element picks the format's [`Vocabulary`] (in the
//! parent's `read_xml`: `<tmx>`, `tmx.rs`; `<xliff>`, `xliff.rs`, by version); this file holds
//! what they have in common: the
//! inline elements each drops with their content, the [`Capture`] of a segment's text and the
//! [`Unit`] being read.

use super::{Bitext, Side, plain_text};
use crate::error::Result;
use crate::formats::xml::{Node, Tag, XmlDoc};

/// Inline elements dropped with their content, per format (sorted; see the module docs).
pub(super) const TMX_DROPPED: [&str; 6] = ["bpt", "ept", "it", "ph", "sub", "ut"];
pub(super) const XLIFF1_DROPPED: [&str; 8] = ["bpt", "bx", "ept", "ex", "it", "ph", "sub", "x"];
pub(super) const XLIFF2_DROPPED: [&str; 4] = ["cp", "ec", "ph", "sc"];

/// What a format's reader does with the nodes of a document, after its root.
pub(super) trait Vocabulary {
    fn start(&mut self, doc: &mut XmlDoc, tag: &Tag) -> Result<()>;
    fn end(&mut self, depth: usize);
    fn text(&mut self, text: &str);
    fn finish(self) -> Bitext;
}

/// Reads a document's nodes after its root through a format's vocabulary.
pub(super) fn run(doc: &mut XmlDoc, mut vocabulary: impl Vocabulary) -> Result<Bitext> {
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
pub(super) struct Capture {
    side: Side,
    /// Depth of the element whose text this is.
    depth: usize,
    text: String,
    /// Depth of the inline element whose content is being dropped.
    dropping: Option<usize>,
}

impl Capture {
    pub(super) fn new(side: Side, depth: usize) -> Capture {
        Capture {
            side,
            depth,
            text: String::new(),
            dropping: None,
        }
    }

    /// An element inside the segment: starts dropping text if it is one of `dropped`.
    pub(super) fn open(&mut self, tag: &Tag, dropped: &[&str]) {
        if self.dropping.is_none() && tag.native && dropped.contains(&tag.local()) {
            self.dropping = Some(tag.depth);
        }
    }

    /// An element inside the segment, or the segment itself, ends: whether it was the segment.
    pub(super) fn close(&mut self, depth: usize) -> bool {
        if self.dropping == Some(depth) {
            self.dropping = None;
        }
        depth == self.depth
    }

    pub(super) fn push(&mut self, text: &str) {
        if self.dropping.is_none() {
            self.text.push_str(text);
        }
    }
}

/// Stores a finished text in the first empty slot of its side.
pub(super) fn keep_first(slots: (&mut Option<String>, &mut Option<String>), capture: Capture) {
    let slot = match capture.side {
        Side::Source => slots.0,
        Side::Target => slots.1,
    };
    if slot.as_ref().is_none_or(|s| s.is_empty()) {
        *slot = Some(plain_text(&capture.text));
    }
}

/// A unit being read: `<tu>`, `<trans-unit>`, or an XLIFF 2 `<segment>`.
pub(super) struct Unit {
    pub(super) depth: usize,
    pub(super) id: String,
    pub(super) line: u64,
    pub(super) source: Option<String>,
    pub(super) target: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::bitext::tests::{MINIMAL, pair, xml, xml_err};
    use crate::lang::Lang;

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
    fn inline_lists_are_sorted() {
        for list in [&TMX_DROPPED[..], &XLIFF1_DROPPED, &XLIFF2_DROPPED] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
    }

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
                MINIMAL.replace("UTF-8", "Shift_JIS"),
                "t.xml:1: unsupported encoding at line 1, column 1: the file declares \"Shift_JIS\"; termalign reads UTF-8, UTF-16, Latin-1 and Windows-1252: convert it to UTF-8",
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
}
