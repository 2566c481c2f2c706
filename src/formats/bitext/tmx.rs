//! TMX 1.4b, read and written. Reading: the `Vocabulary` the shared XML reader (`xml.rs`) runs
//! on a `<tmx>` root, one [`SegmentPair`] per `<tu>` with a variant in both languages. Writing:
//! translation units for CAT tools (OmegaT, Trados, memoQ) and for translate-toolkit.

use std::io::{self, Write};

use quick_xml::escape::partial_escape as escape;

use super::xml::{self, Capture, TMX_DROPPED, Vocabulary, keep_first};
use super::{Bitext, Langs, SegmentPair, Side, base_lang};
use crate::error::Result;
use crate::formats::xml::{Tag, XmlDoc};
use crate::lang::Lang;

pub(super) struct Tmx {
    langs: Langs,
    out: Bitext,
    tus: usize,
    tu: Option<xml::Unit>,
    /// The open `<tuv>`: its depth and the side its language is on, if either.
    tuv: Option<(usize, Option<Side>)>,
    seg: Option<Capture>,
}

impl Tmx {
    pub(super) fn new(langs: Langs) -> Tmx {
        Tmx {
            langs,
            out: Bitext::default(),
            tus: 0,
            tu: None,
            tuv: None,
            seg: None,
        }
    }

    fn end_tu(&mut self, tu: xml::Unit) {
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
                self.tu = Some(xml::Unit {
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

/// One translation unit to write: either side may be empty (a sentence with
/// no counterpart), in which case that variant is left out.
pub struct Unit<'a> {
    pub source: &'a str,
    pub target: &'a str,
    /// Extra properties, as `<prop type="…">value</prop>`.
    pub props: Vec<(&'static str, String)>,
}

/// Writes a TMX 1.4b document with one `<tu>` per unit.
pub fn write<'a, W: Write>(
    out: W,
    source: Lang,
    target: Lang,
    units: impl IntoIterator<Item = Unit<'a>>,
) -> io::Result<()> {
    let mut writer = Writer::new(out, source, target)?;
    for unit in units {
        writer.unit(&unit)?;
    }
    writer.finish().map(drop)
}

/// A TMX 1.4b document written a unit at a time: the header when made, a
/// `<tu>` per [`Writer::unit`], the closing tags at [`Writer::finish`].
pub struct Writer<W: Write> {
    out: W,
    source: Lang,
    target: Lang,
    units: usize,
}

impl<W: Write> Writer<W> {
    pub fn new(mut out: W, source: Lang, target: Lang) -> io::Result<Writer<W>> {
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(out, r#"<tmx version="1.4">"#)?;
        writeln!(
            out,
            r#"  <header creationtool="termalign" creationtoolversion="{}" segtype="sentence" o-tmf="termalign" adminlang="en" srclang="{}" datatype="plaintext"/>"#,
            env!("CARGO_PKG_VERSION"),
            source.code()
        )?;
        writeln!(out, "  <body>")?;
        Ok(Writer {
            out,
            source,
            target,
            units: 0,
        })
    }

    pub fn unit(&mut self, unit: &Unit) -> io::Result<()> {
        fn one(text: &str) -> Option<std::iter::Once<&str>> {
            (!text.is_empty()).then(|| std::iter::once(text))
        }
        self.unit_of_parts(&unit.props, one(unit.source), one(unit.target))
    }

    /// Writes a unit whose sides are given as parts to join (a side of
    /// megabytes is never copied whole); `None` leaves a side out.
    pub fn unit_of_parts<'p>(
        &mut self,
        props: &[(&'static str, String)],
        source: Option<impl Iterator<Item = &'p str>>,
        target: Option<impl Iterator<Item = &'p str>>,
    ) -> io::Result<()> {
        let out = &mut self.out;
        self.units += 1;
        writeln!(out, r#"    <tu tuid="{}">"#, self.units)?;
        for (kind, value) in props {
            writeln!(
                out,
                r#"      <prop type="{kind}">{}</prop>"#,
                escape(value.as_str())
            )?;
        }
        if let Some(parts) = source {
            tuv(out, self.source, parts)?;
        }
        if let Some(parts) = target {
            tuv(out, self.target, parts)?;
        }
        writeln!(out, "    </tu>")
    }

    /// Closes the document and flushes it.
    pub fn finish(mut self) -> io::Result<W> {
        writeln!(self.out, "  </body>")?;
        writeln!(self.out, "</tmx>")?;
        self.out.flush()?;
        Ok(self.out)
    }
}

/// One `<tuv>` of a unit, its text given as parts to join.
fn tuv<'p>(
    out: &mut impl Write,
    lang: Lang,
    parts: impl Iterator<Item = &'p str>,
) -> io::Result<()> {
    write!(out, r#"      <tuv xml:lang="{}"><seg>"#, lang.code())?;
    for part in parts {
        // Escaping is character by character: a part is escaped a bounded
        // slice at a time.
        for slice in bounded(part, 64 << 10) {
            out.write_all(escape(xml_safe(slice).as_str()).as_bytes())?;
        }
    }
    writeln!(out, "</seg></tuv>")
}

/// `text` in slices of at most `max` bytes, cut at character boundaries.
fn bounded(text: &str, max: usize) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut cut = rest.len().min(max);
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let (slice, tail) = rest.split_at(cut);
        rest = tail;
        Some(slice)
    })
}

/// Text XML 1.0 can carry: control characters other than tab, line feed and
/// carriage return become spaces.
fn xml_safe(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            c if c.is_control() => ' ',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::bitext::read;
    use crate::formats::bitext::tests::{fixture, pair, xml, xml_err};
    use std::path::Path;
    use std::process::Command;

    #[test]
    fn escapes_and_omits_empty_sides() {
        let mut out = Vec::new();
        let units = vec![
            Unit {
                source: "R&D <b> \"q\"",
                target: "R&D <b>",
                props: vec![("x-score", "0.93".into())],
            },
            Unit {
                source: "Only here.\u{1}",
                target: "",
                props: vec![],
            },
        ];
        write(&mut out, Lang::En, Lang::Fr, units).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains(r#"<tuv xml:lang="en"><seg>R&amp;D &lt;b&gt; "q"</seg></tuv>"#),
            "{text}"
        );
        assert!(text.contains(r#"<prop type="x-score">0.93</prop>"#));
        assert!(text.contains("<seg>Only here. </seg>"));
        assert_eq!(text.matches("<tuv").count(), 3);
    }

    #[test]
    fn reads_the_tmx_fixture_english_french() {
        let b = read(
            &fixture("sample.tmx"),
            None,
            Lang::En,
            Lang::Fr,
            crate::input::TextOptions::default(),
        )
        .unwrap();
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
        let b = read(
            &fixture("sample.tmx"),
            None,
            Lang::En,
            Lang::Es,
            crate::input::TextOptions::default(),
        )
        .unwrap();
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
        let b = read(
            &fixture("sample.tmx"),
            None,
            Lang::Es,
            Lang::Fr,
            crate::input::TextOptions::default(),
        )
        .unwrap();
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
