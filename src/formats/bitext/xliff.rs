//! Reading XLIFF 1.2 (`<trans-unit>`) and XLIFF 2.0 / 2.1 (`<unit>` and its `<segment>`s): the
//! two [`Vocabulary`]s the shared XML reader (`xml.rs`) runs on an `<xliff>` root, told apart by
//! its `version` or namespace, and the check of the languages the file declares against the ones
//! asked for. What is read and skipped is in the parent module's documentation.

use super::xml::{Capture, Unit, Vocabulary, XLIFF1_DROPPED, XLIFF2_DROPPED, keep_first};
use super::{Bitext, Langs, SegmentPair, Side, base_lang};
use crate::error::Result;
use crate::formats::xml::{Tag, XmlDoc};
use crate::lang::Lang;

/// The XLIFF 2 core namespace (2.1 and 2.2 keep it).
const XLIFF2_NAMESPACE: &str = "urn:oasis:names:tc:xliff:document:2.0";

/// Whether an `<xliff>` root is XLIFF 1.x (else 2.x), by its `version`, else its namespace.
pub(super) fn xliff_is_v1(doc: &XmlDoc, root: &Tag) -> Result<bool> {
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

pub(super) struct Xliff1 {
    langs: Langs,
    out: Bitext,
    units: usize,
    /// The open `<trans-unit>`, and whether it says `translate="no"`.
    unit: Option<(Unit, bool)>,
    capture: Option<Capture>,
}

impl Xliff1 {
    pub(super) fn new(langs: Langs) -> Xliff1 {
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

/// An XLIFF 2 `<unit>` being read: its segments wait for its end, since their ids depend on how
/// many there are.
struct Unit2 {
    depth: usize,
    id: String,
    no_translate: bool,
    /// The segments read, with their own id if they have one.
    segments: Vec<(Unit, Option<String>)>,
}

pub(super) struct Xliff2 {
    out: Bitext,
    units: usize,
    unit: Option<Unit2>,
    segment: Option<(Unit, Option<String>)>,
    capture: Option<Capture>,
}

impl Xliff2 {
    pub(super) fn new(doc: &XmlDoc, root: &Tag, langs: Langs) -> Result<Xliff2> {
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
    use crate::formats::bitext::read;
    use crate::formats::bitext::tests::{fixture, pair, xml, xml_err};

    #[test]
    fn reads_the_xliff12_fixture() {
        let b = read(
            &fixture("sample12.xlf"),
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
        let b = read(
            &fixture("sample20.xlf"),
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
}
