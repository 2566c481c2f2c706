//! The languages a bitext file declares, for reading it with no languages given, or only one.
//!
//! * XLIFF 2.x: the root's `srcLang` and `trgLang`; XLIFF 1.2: the first `<file>`'s
//!   `source-language` and `target-language`.
//! * TSV: the header line of two language tags (`en<TAB>fr-CA`).
//! * TMX: the header's `srclang` is the source. TMX declares no target: the target is the one
//!   other language among its `<tuv>`s' `xml:lang` (by base language, `fr-CA` is fr). A memory
//!   with several others (en, fr and es) is refused, naming the languages it holds: the caller
//!   must choose the target.
//!
//! A language given by the caller wins over the file's, and is checked against it by the
//! readers themselves (a mismatch in XLIFF or TSV is an error naming both; TMX is not directed,
//! so any two of its languages may be read).
//!
//! The file is read once; XLIFF and TSV declare their languages at the top, so only a TMX whose
//! target is not given is scanned whole before its segments are read.

use std::path::Path;

use super::xliff::xliff_is_v1;
use super::{Bitext, BitextFormat, base_lang, load, read_str, tsv::is_lang_tag};
use crate::error::{Error, Remedy, Result};
use crate::formats::xml::{Node, XmlDoc};
use crate::input::{TextOptions, strip_bom};
use crate::lang::Lang;

/// The languages a bitext was read in, and where each came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Languages {
    pub source: Lang,
    pub target: Lang,
    /// Whether the source language was given by the caller (else read from the file).
    pub source_given: bool,
    pub target_given: bool,
}

/// What a file says about its languages.
#[derive(Debug, Default)]
struct Declared {
    /// The declared source and target language tags as written, with the attribute (or
    /// "header") that holds them.
    source: Option<(String, &'static str)>,
    target: Option<(String, &'static str)>,
    /// TMX: the base languages of the `<tuv>`s, lowercase, in the order first seen.
    held: Option<Vec<String>>,
}

/// [`super::read`] with either language or both left to the file (see the [module
/// documentation](self)).
pub fn read_declared(
    path: &Path,
    format: Option<BitextFormat>,
    source: Option<Lang>,
    target: Option<Lang>,
    options: TextOptions,
) -> Result<(Bitext, Languages)> {
    let (text, format) = load(path, format, options)?;
    read_declared_str(&text, path, format, source, target)
}

/// [`read_declared`] for text already in memory; `path` names it in errors.
pub fn read_declared_str(
    text: &str,
    path: &Path,
    format: BitextFormat,
    source: Option<Lang>,
    target: Option<Lang>,
) -> Result<(Bitext, Languages)> {
    let langs = match (source, target) {
        (Some(source), Some(target)) => Languages {
            source,
            target,
            source_given: true,
            target_given: true,
        },
        _ => {
            let declared = match format {
                BitextFormat::Tsv => declared_tsv(text),
                BitextFormat::Tmx | BitextFormat::Xliff => {
                    declared_xml(text, path, target.is_none())?
                }
            };
            resolve(&declared, path, source, target)?
        }
    };
    let bitext = read_str(text, path, format, langs.source, langs.target)?;
    Ok((bitext, langs))
}

/// The languages to read in: those given, the others from the file.
fn resolve(
    declared: &Declared,
    path: &Path,
    source: Option<Lang>,
    target: Option<Lang>,
) -> Result<Languages> {
    let error = |reason: String| Error::BadInput {
        path: path.to_path_buf(),
        reason,
    };
    // A declared language, if it is one termalign reads.
    let from_file = |declared: &Option<(String, &'static str)>, role: &str| match declared {
        None => Ok(None),
        Some((tag, attribute)) => match base_lang(tag) {
            Some(lang) => Ok(Some(lang)),
            None => Err(error(format!(
                "its {role} language is {:?} ({attribute}); termalign reads en, fr and es",
                tag.trim()
            ))),
        },
    };
    let declared_held = &declared.held;
    let undeclared =
        |what: &str| error(format!("declares no {what}")).needs(Remedy::UndeclaredLanguages);
    // A language given that the file contradicts (XLIFF, TSV: TMX is not directed).
    for (given, declared, role) in [
        (source, &declared.source, "source"),
        (target, &declared.target, "target"),
    ] {
        if let (Some(given), Some((tag, attribute)), None) = (given, declared, &declared_held)
            && base_lang(tag) != Some(given)
        {
            return Err(error(format!(
                "the file's {role} language is {:?} ({attribute}), but the {role} language \
                 asked for is {given}",
                tag.trim()
            )));
        }
    }
    let source_lang = match source {
        Some(lang) => lang,
        None => match from_file(&declared.source, "source")? {
            Some(lang) => lang,
            None if declared.held.is_some() => {
                return Err(undeclared("source language (no srclang in its <header>)"));
            }
            None if declared.target.is_some() => return Err(undeclared("source language")),
            None => return Err(undeclared("languages")),
        },
    };
    let target_lang = match target {
        Some(lang) => lang,
        None => match (&declared.held, from_file(&declared.target, "target")?) {
            (_, Some(lang)) => lang,
            (None, None) => return Err(undeclared("target language")),
            (Some(held), None) => {
                let others: Vec<Lang> = held
                    .iter()
                    .filter_map(|tag| tag.parse::<Lang>().ok())
                    .filter(|&lang| lang != source_lang)
                    .collect();
                match others.as_slice() {
                    [lang] => *lang,
                    [] => {
                        return Err(error(format!(
                            "its <tuv>s are in {}: no target language besides {source_lang} \
                             that termalign reads (en, fr, es)",
                            listed(held)
                        )));
                    }
                    _ => {
                        return Err(error(format!(
                            "its source language is {source_lang} (srclang) and its <tuv>s are \
                             in {}: which is the target?",
                            listed(held)
                        ))
                        .needs(Remedy::TargetLanguage));
                    }
                }
            }
        },
    };
    Ok(Languages {
        source: source_lang,
        target: target_lang,
        source_given: source.is_some(),
        target_given: target.is_some(),
    })
}

/// `en`, `en and fr`, `en, fr and es`.
fn listed(tags: &[String]) -> String {
    match tags {
        [] => "no language".into(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The languages of a TSV file's header line, if it has one.
fn declared_tsv(text: &str) -> Declared {
    let first = strip_bom(text).lines().next().unwrap_or_default();
    match first.split_once('\t') {
        Some((source, target))
            if !target.contains('\t') && is_lang_tag(source) && is_lang_tag(target) =>
        {
            Declared {
                source: Some((source.trim().to_string(), "header")),
                target: Some((target.trim().to_string(), "header")),
                held: None,
            }
        }
        _ => Declared::default(),
    }
}

/// The languages a TMX or XLIFF file declares; with `tmx_variants`, a TMX file is scanned
/// whole for the languages of its variants.
fn declared_xml(text: &str, path: &Path, tmx_variants: bool) -> Result<Declared> {
    let mut doc = XmlDoc::new(path, text);
    if let Some((at, what)) = crate::formats::xml::forbidden_char(text.as_bytes()) {
        return Err(doc.malformed(at, what));
    }
    let mut declared = Declared::default();
    let root = loop {
        match doc.next()? {
            Node::Start(tag) => break tag,
            // The reader says what is wrong.
            Node::Eof => return Ok(declared),
            Node::End { .. } | Node::Text(_) => {}
        }
    };
    match root.local() {
        "xliff" if !xliff_is_v1(&doc, &root)? => {
            let [source, target] = doc.attributes(&root, ["srcLang", "trgLang"])?;
            declared.source = non_empty(source, "srcLang");
            declared.target = non_empty(target, "trgLang");
        }
        "xliff" => loop {
            match doc.next()? {
                Node::Start(tag) if tag.native && tag.local() == "file" => {
                    let [source, target] =
                        doc.attributes(&tag, ["source-language", "target-language"])?;
                    declared.source = non_empty(source, "source-language");
                    declared.target = non_empty(target, "target-language");
                    break;
                }
                Node::Eof => break,
                _ => {}
            }
        },
        "tmx" => {
            let mut held: Vec<String> = Vec::new();
            loop {
                match doc.next()? {
                    Node::Start(tag) if tag.native && tag.local() == "header" && tag.depth == 2 => {
                        let [srclang] = doc.attributes(&tag, ["srclang"])?;
                        declared.source =
                            non_empty(srclang, "srclang").filter(|(s, _)| s.trim() != "*all*");
                        if !tmx_variants {
                            break;
                        }
                    }
                    Node::Start(tag) if tag.native && tag.local() == "tuv" => {
                        let [xml_lang, lang] = doc.attributes(&tag, ["xml:lang", "lang"])?;
                        if let Some(code) = xml_lang.or(lang) {
                            let base = code
                                .trim()
                                .split(['-', '_'])
                                .next()
                                .unwrap_or_default()
                                .to_ascii_lowercase();
                            if !base.is_empty() && !held.contains(&base) {
                                held.push(base);
                            }
                        }
                    }
                    Node::Eof => break,
                    _ => {}
                }
            }
            declared.held = Some(held);
        }
        // Not TMX or XLIFF: the reader says so.
        _ => {}
    }
    Ok(declared)
}

fn non_empty(value: Option<String>, attribute: &'static str) -> Option<(String, &'static str)> {
    value
        .filter(|v| !v.trim().is_empty())
        .map(|v| (v.trim().to_string(), attribute))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::bitext::tests::fixture;

    fn langs(path: &Path, source: Option<Lang>, target: Option<Lang>) -> Result<(Lang, Lang)> {
        read_declared(path, None, source, target, TextOptions::default())
            .map(|(_, l)| (l.source, l.target))
    }

    fn xml(text: &str, source: Option<Lang>, target: Option<Lang>) -> Result<(Lang, Lang)> {
        read_declared_str(
            text,
            Path::new("t.xml"),
            BitextFormat::Xliff,
            source,
            target,
        )
        .map(|(_, l)| (l.source, l.target))
    }

    #[test]
    fn languages_from_the_fixtures() {
        use Lang::*;
        assert_eq!(
            langs(&fixture("sample12.xlf"), None, None).unwrap(),
            (En, Fr)
        );
        assert_eq!(
            langs(&fixture("sample20.xlf"), None, None).unwrap(),
            (En, Es)
        );
        assert_eq!(langs(&fixture("sample.tsv"), None, None).unwrap(), (En, Fr));
        // One given, the other from the file.
        assert_eq!(
            langs(&fixture("sample12.xlf"), Some(En), None).unwrap(),
            (En, Fr)
        );
        assert_eq!(
            langs(&fixture("sample20.xlf"), None, Some(Es)).unwrap(),
            (En, Es)
        );
        // A contradiction is the reader's error, naming both.
        let err = langs(&fixture("sample20.xlf"), None, Some(Fr)).unwrap_err();
        assert!(
            err.to_string().contains(
                "the file's target language is \"es-ES\" (trgLang), but the target \
                 language asked for is fr"
            ),
            "{err}"
        );
        // sample.tmx: srclang en-US, variants in en, fr, es and de.
        let err = langs(&fixture("sample.tmx"), None, None).unwrap_err();
        assert_eq!(err.remedy(), Some(Remedy::TargetLanguage));
        assert!(
            err.to_string().ends_with(
                "sample.tmx: its source language is en (srclang) and its <tuv>s are in en, \
                 fr, es and de: which is the target?"
            ),
            "{err}"
        );
        assert_eq!(
            langs(&fixture("sample.tmx"), None, Some(Es)).unwrap(),
            (En, Es)
        );
        // TMX is not directed: the source may be any of its languages.
        assert_eq!(
            langs(&fixture("sample.tmx"), Some(Es), Some(Fr)).unwrap(),
            (Es, Fr)
        );
    }

    #[test]
    fn tmx_target_is_the_one_other_language() {
        use Lang::*;
        let tmx = |header: &str, tus: &str| {
            format!("<tmx version=\"1.4\"><header {header}/><body>{tus}</body></tmx>")
        };
        let tu = |a: &str, b: &str| {
            format!(
                "<tu><tuv xml:lang=\"{a}\"><seg>x</seg></tuv><tuv xml:lang=\"{b}\"><seg>y</seg></tuv></tu>"
            )
        };
        let one = tmx(
            "srclang=\"es-ES\"",
            &(tu("es-MX", "FR-ca") + &tu("es", "fr")),
        );
        assert_eq!(xml(&one, None, None).unwrap(), (Es, Fr));
        let err = xml(&tmx("srclang=\"en\"", &tu("en", "de")), None, None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "t.xml: its <tuv>s are in en and de: no target language besides en that termalign \
             reads (en, fr, es)"
        );
        let err = xml(&tmx("srclang=\"*all*\"", &tu("en", "fr")), None, None).unwrap_err();
        assert_eq!(err.remedy(), Some(Remedy::UndeclaredLanguages));
        assert_eq!(
            err.to_string(),
            "t.xml: declares no source language (no srclang in its <header>)"
        );
        // Given the source, the target still comes from the variants.
        assert_eq!(
            xml(&tmx("srclang=\"*all*\"", &tu("en", "fr")), Some(Fr), None).unwrap(),
            (Fr, En)
        );
        let err = xml(&tmx("srclang=\"de\"", &tu("de", "fr")), None, None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "t.xml: its source language is \"de\" (srclang); termalign reads en, fr and es"
        );
    }

    #[test]
    fn undeclared_languages() {
        let tsv =
            |text: &str| read_declared_str(text, Path::new("t.tsv"), BitextFormat::Tsv, None, None);
        let err = tsv("exil\texilio\n").unwrap_err();
        assert_eq!(err.to_string(), "t.tsv: declares no languages");
        assert_eq!(err.remedy(), Some(Remedy::UndeclaredLanguages));
        let (b, l) = tsv("fr\tes\nexil\texilio\n").unwrap();
        assert_eq!((l.source, l.target, b.pairs.len()), (Lang::Fr, Lang::Es, 1));
        assert!(!l.source_given && !l.target_given);
        let err = xml(
            "<xliff version=\"2.0\" xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" srcLang=\"en\"><file id=\"f\"/></xliff>",
            None,
            None,
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "t.xml: declares no target language");
    }
}
