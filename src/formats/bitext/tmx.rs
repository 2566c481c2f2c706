//! Writing TMX 1.4b: translation units for CAT tools (OmegaT, Trados,
//! memoQ) and for translate-toolkit. Reading TMX is `segments`' job.

use std::io::{self, Write};

use quick_xml::escape::partial_escape as escape;

use crate::lang::Lang;

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
    mut out: W,
    source: Lang,
    target: Lang,
    units: impl IntoIterator<Item = Unit<'a>>,
) -> io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<tmx version="1.4">"#)?;
    writeln!(
        out,
        r#"  <header creationtool="termalign" creationtoolversion="{}" segtype="sentence" o-tmf="termalign" adminlang="en" srclang="{}" datatype="plaintext"/>"#,
        env!("CARGO_PKG_VERSION"),
        source.code()
    )?;
    writeln!(out, "  <body>")?;
    for (i, unit) in units.into_iter().enumerate() {
        writeln!(out, r#"    <tu tuid="{}">"#, i + 1)?;
        for (kind, value) in &unit.props {
            writeln!(
                out,
                r#"      <prop type="{kind}">{}</prop>"#,
                escape(value.as_str())
            )?;
        }
        for (lang, text) in [(source, unit.source), (target, unit.target)] {
            if text.is_empty() {
                continue;
            }
            writeln!(
                out,
                r#"      <tuv xml:lang="{}"><seg>{}</seg></tuv>"#,
                lang.code(),
                escape(xml_safe(text).as_str())
            )?;
        }
        writeln!(out, "    </tu>")?;
    }
    writeln!(out, "  </body>")?;
    writeln!(out, "</tmx>")?;
    out.flush()
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
}
