//! The TBX export checked by tools that are not ours: the TBX v3 core structure's RELAX NG
//! schema run by `xmllint`, and the TBX-Basic dialect's data categories and values (from
//! `TBX-Basic_DCA.sch`, which is XSLT 2 Schematron that xmllint cannot run) checked by a scan of
//! the output.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use quick_xml::Reader;
use quick_xml::events::Event;
use termalign::Lang;
use termalign::formats::tbx;
use termalign::glossary::{Concept, Glossary, Guard, Pos, Status, Subject, Term};

fn to_tbx(glossary: &Glossary) -> String {
    let mut out = Vec::new();
    tbx::write(glossary, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// A glossary with the text an exporter gets wrong: markup characters, quotes, line breaks,
/// a carriage return, an id that starts with a digit.
fn awkward_glossary() -> Glossary {
    let term = |lang, text: &str, status, pos, note: &str| Term {
        lang,
        text: text.into(),
        status,
        pos,
        region: String::new(),
        guard: Default::default(),
        note: note.into(),
        line: 0,
    };
    Glossary {
        path: PathBuf::from("awkward.csv"),
        concepts: vec![Concept {
            id: "1951-convention".into(),
            note: "R&D <x> \"q\" 'a'\r\nsecond line".into(),
            source: "UN & <UNHCR>".into(),
            subjects: vec![Subject::Asylum, Subject::Statelessness],
            // Not a concept of this file: written without a target.
            related: vec!["statelessness".into()],
            terms: vec![
                term(
                    Lang::En,
                    "R&D <x> \"q\" 'a'",
                    Status::Preferred,
                    Pos::Noun,
                    "a & b",
                ),
                term(Lang::En, "]]> & co", Status::Deprecated, Pos::Other, ""),
                term(
                    Lang::Fr,
                    "l'apatride",
                    Status::Preferred,
                    Pos::Adjective,
                    "\t",
                ),
                term(Lang::Es, "«apátrida»", Status::Admitted, Pos::Adverb, ""),
                Term {
                    region: "es-419".into(),
                    guard: Guard::Context,
                    ..term(Lang::Es, "exiliar", Status::Preferred, Pos::Verb, "")
                },
            ],
            line: 0,
        }],
    }
}

/// Runs xmllint's RELAX NG validation of `tbx` against the TBX core structure schema.
/// `None` when the check cannot run here (see the messages).
fn xmllint_relaxng(tbx: &str, name: &str) -> Option<(bool, String)> {
    let schema = crate::common::shared("schemas/tbx/TBXcoreStructV03.rng")?;
    if !crate::common::have("xmllint", &["--version"]) {
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    std::fs::write(&file, tbx).unwrap();
    let output = Command::new("xmllint")
        .arg("--noout")
        .arg("--relaxng")
        .arg(&schema)
        .arg(&file)
        .output()
        .expect("xmllint runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    eprintln!("xmllint {name}: {}", text.trim());
    Some((output.status.success(), text))
}

#[test]
fn builtin_glossary_export_passes_the_tbx_core_schema() {
    let tbx = to_tbx(&Glossary::builtin());
    if let Some((ok, output)) = xmllint_relaxng(&tbx, "migration.tbx") {
        assert!(ok, "xmllint refused the export:\n{output}");
        assert!(output.contains("validates"), "{output}");
    }
}

#[test]
fn awkward_export_passes_the_tbx_core_schema() {
    let tbx = to_tbx(&awkward_glossary());
    if let Some((ok, output)) = xmllint_relaxng(&tbx, "awkward.tbx") {
        assert!(ok, "xmllint refused the export:\n{output}\n{tbx}");
    }
}

/// TBX-Basic's data categories, as `TBX-Basic_DCA.sch` lists them: for each element with a
/// `type`, the allowed types; for each enumerated category, its values; for each category, the
/// levels (parent elements) where it may appear.
struct Dialect {
    types: BTreeMap<&'static str, &'static [&'static str]>,
    values: BTreeMap<&'static str, &'static [&'static str]>,
    levels: BTreeMap<&'static str, &'static [&'static str]>,
}

fn tbx_basic() -> Dialect {
    let types: [(&str, &[&str]); 7] = [
        ("admin", &["customerSubset", "projectSubset", "source"]),
        ("descrip", &["subjectField", "context", "definition"]),
        ("ref", &["crossReference"]),
        (
            "termNote",
            &[
                "administrativeStatus",
                "partOfSpeech",
                "geographicalUsage",
                "grammaticalGender",
                "termLocation",
                "termType",
            ],
        ),
        ("transac", &["transactionType"]),
        ("transacNote", &["responsibility"]),
        ("xref", &["externalCrossReference", "xGraphic"]),
    ];
    let values: [(&str, &[&str]); 4] = [
        (
            "administrativeStatus",
            &[
                "admittedTerm-admn-sts",
                "deprecatedTerm-admn-sts",
                "supersededTerm-admn-sts",
                "preferredTerm-admn-sts",
            ],
        ),
        (
            "partOfSpeech",
            &["adjective", "noun", "other", "verb", "adverb"],
        ),
        (
            "grammaticalGender",
            &["masculine", "feminine", "neuter", "other"],
        ),
        (
            "termType",
            &[
                "fullForm",
                "acronym",
                "abbreviation",
                "shortForm",
                "variant",
                "phrase",
            ],
        ),
    ];
    let levels: [(&str, &[&str]); 8] = [
        ("customerSubset", &["conceptEntry", "termSec"]),
        ("projectSubset", &["conceptEntry", "termSec"]),
        ("source", &["conceptEntry", "langSec", "termSec"]),
        ("subjectField", &["conceptEntry"]),
        ("context", &["termSec"]),
        ("definition", &["conceptEntry", "langSec"]),
        ("crossReference", &["conceptEntry", "termSec"]),
        ("xGraphic", &["conceptEntry", "langSec"]),
    ];
    Dialect {
        types: types.into_iter().collect(),
        values: values.into_iter().collect(),
        levels: levels.into_iter().collect(),
    }
}

/// Every TBX-Basic rule the export breaks; also counts each category seen.
fn dialect_violations(tbx: &str) -> (Vec<String>, BTreeMap<String, usize>) {
    let dialect = tbx_basic();
    let mut violations = Vec::new();
    let mut seen = BTreeMap::new();
    let mut reader = Reader::from_str(tbx);
    reader.config_mut().expand_empty_elements = true;
    // Open elements; for each, its data category when it has one.
    let mut stack: Vec<(String, Option<String>)> = Vec::new();
    let mut text = String::new();
    loop {
        let event = reader.read_event().expect("the export is well-formed XML");
        match event {
            Event::Start(e) => {
                let name = e.name().as_ref().to_string();
                if name.contains(':') {
                    violations.push(format!("<{name}>: DCT-style or foreign element"));
                }
                let mut category = None;
                for attr in e.attributes() {
                    let attr = attr.unwrap();
                    if attr.key.as_ref() != "type" {
                        continue;
                    }
                    let value = attr.value.to_string();
                    if name == "tbx" {
                        if value != "TBX-Basic" {
                            violations.push(format!("<tbx type={value:?}>"));
                        }
                        continue;
                    }
                    match dialect.types.get(name.as_str()) {
                        Some(allowed) if allowed.contains(&value.as_str()) => {}
                        Some(_) => violations.push(format!("<{name} type={value:?}>")),
                        None if name == "p" => {}
                        None => violations.push(format!("<{name}> may not have a type")),
                    }
                    let parent = stack.last().map_or("", |(n, _)| n.as_str());
                    if let Some(levels) = dialect.levels.get(value.as_str())
                        && !levels.contains(&parent)
                    {
                        violations.push(format!("{value} inside <{parent}>"));
                    }
                    if name == "termNote" && parent != "termSec" {
                        violations.push(format!("termNote {value} inside <{parent}>"));
                    }
                    *seen.entry(value.clone()).or_default() += 1;
                    category = Some(value);
                }
                if name == "tbx" {
                    let style = e
                        .try_get_attribute("style")
                        .unwrap()
                        .map(|a| a.value.to_string());
                    if style.as_deref() != Some("dca") {
                        violations.push(format!("<tbx style={style:?}>, want dca"));
                    }
                }
                stack.push((name, category));
                text.clear();
            }
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => {
                let c = quick_xml::escape::resolve_predefined_entity(&r);
                text.push_str(c.unwrap_or("?"));
            }
            Event::End(_) => {
                let (name, category) = stack.pop().unwrap();
                if let Some(category) = category
                    && let Some(values) = dialect.values.get(category.as_str())
                    && !values.contains(&text.as_str())
                {
                    violations.push(format!("<{name} type={category:?}>{text}<"));
                }
                text.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    (violations, seen)
}

#[test]
fn export_uses_only_tbx_basic_categories_and_values() {
    for glossary in [Glossary::builtin(), awkward_glossary()] {
        let tbx = to_tbx(&glossary);
        let (violations, seen) = dialect_violations(&tbx);
        assert!(
            violations.is_empty(),
            "{}: not TBX-Basic:\n{}",
            glossary.path.display(),
            violations.join("\n")
        );
        // The check saw what the export must hold: a status and a part of speech per term.
        let terms = glossary.term_count();
        assert_eq!(seen.get("administrativeStatus"), Some(&terms), "{seen:?}");
        assert_eq!(seen.get("partOfSpeech"), Some(&terms), "{seen:?}");
        let notes = glossary
            .concepts
            .iter()
            .filter(|c| !c.note.is_empty())
            .count();
        assert_eq!(seen.get("definition").copied().unwrap_or(0), notes);
    }
}

#[test]
fn the_scan_catches_what_tbx_basic_forbids() {
    let good = to_tbx(&awkward_glossary());
    for (from, to, want) in [
        (
            "type=\"partOfSpeech\">noun<",
            "type=\"partOfSpeech\">properNoun<",
            "properNoun",
        ),
        (
            "preferredTerm-admn-sts",
            "standardizedTerm-admn-sts",
            "standardizedTerm",
        ),
        ("type=\"definition\"", "type=\"explanation\"", "explanation"),
        (
            "<admin type=\"source\">UN &amp; &lt;UNHCR&gt;</admin>",
            "<admin type=\"origin\">UN</admin>",
            "admin type=\"origin\"",
        ),
        ("style=\"dca\"", "style=\"dct\"", "want dca"),
    ] {
        let bad = good.replacen(from, to, 1);
        assert_ne!(bad, good, "{from}");
        let (violations, _) = dialect_violations(&bad);
        assert!(
            violations.iter().any(|v| v.contains(want)),
            "{from} → {to}: {violations:?}"
        );
    }
    // A definition moved into a termSec breaks the level rule.
    let moved = good
        .replacen("<descrip type=\"definition\">", "<note>", 1)
        .replacen("second line</descrip>", "second line</note>", 1)
        .replacen(
            "<term>R&amp;D",
            "<descrip type=\"definition\">d</descrip><term>R&amp;D",
            1,
        );
    let (violations, _) = dialect_violations(&moved);
    assert!(
        violations
            .iter()
            .any(|v| v.contains("definition inside <termSec>")),
        "{violations:?}"
    );
}

#[test]
fn export_reads_back() {
    for glossary in [Glossary::builtin(), awkward_glossary()] {
        let tbx = to_tbx(&glossary);
        let back = tbx::read(tbx.as_bytes(), Path::new("x.tbx")).unwrap();
        assert_eq!(back.concepts.len(), glossary.concepts.len());
        for (a, b) in back.concepts.iter().zip(&glossary.concepts) {
            assert_eq!((&a.id, &a.note, &a.source), (&b.id, &b.note, &b.source));
            let strip = |t: &Term| (t.lang, t.text.clone(), t.status, t.pos, t.note.clone());
            assert_eq!(
                a.terms.iter().map(strip).collect::<Vec<_>>(),
                b.terms.iter().map(strip).collect::<Vec<_>>()
            );
        }
    }
}
