//! The TBX export checked by tools that are not ours: the TBX v3 core structure's RELAX NG
//! schema run by `xmllint` and by `jing`; the TBX-Basic dialect's rules (`TBX-Basic_DCA.sch`, ISO
//! Schematron in the XSLT 2 query binding) compiled by the ISO Schematron skeleton (Rick
//! Jelliffe's XSLT, as lxml ships it) and run by Saxon HE, any failed assert or successful report
//! failing the test; a scan of the output for the same dialect's categories and values; and the
//! TBX-Basic 2008 export read by translate-toolkit, every concept and term compared with ours.

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

/// Runs `jing` (Debian's, the RELAX NG validator of the schema's authors' tradition) on `tbx`
/// against the TBX core structure schema. `None` when it cannot run here (CI installs it).
fn jing_relaxng(tbx: &str, name: &str) -> Option<(bool, String)> {
    let schema = crate::common::shared("schemas/tbx/TBXcoreStructV03.rng")?;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    std::fs::write(&file, tbx).unwrap();
    let output = match Command::new("jing").arg(&schema).arg(&file).output() {
        Ok(output) => output,
        Err(e) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI must install jing: {e}"
            );
            eprintln!("note: jing cannot run here ({e}); skipping this check");
            return None;
        }
    };
    // Debian's wrapper warns about optional jars on stderr; errors go to stdout.
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    eprintln!("jing {name}: {}", text.trim());
    Some((output.status.success() && text.trim().is_empty(), text))
}

#[test]
fn v3_exports_pass_the_tbx_core_schema_in_jing() {
    for glossary in [Glossary::builtin(), awkward_glossary()] {
        let tbx = to_tbx(&glossary);
        if let Some((ok, output)) = jing_relaxng(&tbx, "export.tbx") {
            assert!(
                ok,
                "{}: jing refused the export:\n{output}",
                glossary.path.display()
            );
        }
    }
    // And jing can fail: an element the core structure does not have.
    let bad = to_tbx(&awkward_glossary()).replacen("<term>", "<termX/><term>", 1);
    if let Some((ok, output)) = jing_relaxng(&bad, "bad.tbx") {
        assert!(!ok && output.contains("termX"), "{output}");
    }
}

/// The TBX-Basic Schematron (`TBX-Basic_DCA.sch`) compiled to XSLT once per test.
struct Schematron {
    dir: tempfile::TempDir,
    saxon: PathBuf,
}

/// Saxon HE, Debian's `libsaxonhe-java`.
const SAXON_JAR: &str = "/usr/share/java/Saxon-HE.jar";

impl Schematron {
    /// Compiles the dialect's Schematron with the ISO skeleton for XSLT (the `svrl` meta-
    /// stylesheet, lxml's copy) run by Saxon HE. The skeleton accepts only XSLT 1 query
    /// bindings; the schema's is `xslt2`, so a small driver imports the skeleton and writes the
    /// same stylesheet as XSLT 2.0, which Saxon then runs with XPath 2 (the schema's `matches()`
    /// and `./local-name()` need it). `None` when it cannot run here (CI installs all three).
    fn compile() -> Option<Schematron> {
        let schema = crate::common::shared("schemas/tbx/TBX-Basic_DCA.sch")?;
        let saxon = PathBuf::from(SAXON_JAR);
        if !saxon.exists() {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI must install libsaxonhe-java ({SAXON_JAR})"
            );
            eprintln!("note: {SAXON_JAR} is absent; skipping this check");
            return None;
        }
        let find_skeleton = "import os, lxml.isoschematron as s\n\
            print(os.path.join(os.path.dirname(s.__file__), 'resources', 'xsl',\n\
            'iso-schematron-xslt1', 'iso_svrl_for_xslt1.xsl'))";
        if !crate::common::have("python3", &["-c", "import lxml.isoschematron"]) {
            return None;
        }
        let out = Command::new("python3")
            .args(["-c", find_skeleton])
            .output()
            .unwrap();
        let skeleton = PathBuf::from(String::from_utf8(out.stdout).unwrap().trim());
        assert!(skeleton.exists(), "{}", skeleton.display());
        let dir = tempfile::tempdir().unwrap();
        let driver = format!(
            r#"<xsl:stylesheet version="2.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:axsl="http://www.w3.org/1999/XSL/TransformAlias"
    xmlns:iso="http://purl.oclc.org/dsdl/schematron">
  <xsl:import href="{}"/>
  <xsl:namespace-alias stylesheet-prefix="axsl" result-prefix="xsl"/>
  <xsl:template match="iso:schema[@queryBinding='xslt2']" priority="20">
    <axsl:stylesheet>
      <xsl:apply-templates select="iso:ns"/>
      <xsl:attribute name="version">2.0</xsl:attribute>
      <xsl:apply-templates select="." mode="stylesheetbody"/>
    </axsl:stylesheet>
  </xsl:template>
</xsl:stylesheet>
"#,
            url_of(&skeleton)
        );
        std::fs::write(dir.path().join("driver.xsl"), driver).unwrap();
        let compiled = dir.path().join("dca.xsl");
        let out = Command::new("java")
            .arg("-cp")
            .arg(&saxon)
            .arg("net.sf.saxon.Transform")
            .arg(format!("-s:{}", schema.display()))
            .arg(format!("-xsl:{}", dir.path().join("driver.xsl").display()))
            .arg(format!("-o:{}", compiled.display()))
            .output()
            .expect("java runs");
        assert!(
            out.status.success() && compiled.exists(),
            "compiling the Schematron failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        Some(Schematron { dir, saxon })
    }

    /// Runs the compiled Schematron on each file, in one run of Saxon (a folder in, a folder
    /// out): for each, the messages of every failed assert and successful report (as
    /// `location: text`), and how many rules fired.
    fn check(&self, files: &[String]) -> Vec<(Vec<String>, usize)> {
        let (input, output) = (self.dir.path().join("in"), self.dir.path().join("out"));
        for folder in [&input, &output] {
            std::fs::create_dir_all(folder).unwrap();
        }
        for (i, tbx) in files.iter().enumerate() {
            std::fs::write(input.join(format!("{i:03}.tbx")), tbx).unwrap();
        }
        let out = Command::new("java")
            .arg("-cp")
            .arg(&self.saxon)
            .arg("net.sf.saxon.Transform")
            .arg(format!("-s:{}", input.display()))
            .arg(format!(
                "-xsl:{}",
                self.dir.path().join("dca.xsl").display()
            ))
            .arg(format!("-o:{}", output.display()))
            .output()
            .expect("java runs");
        assert!(
            out.status.success(),
            "Saxon failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        // Saxon names each report after its input (`000.tbx.xml` in 9.9).
        let reports = crate::common::file_names(&output);
        assert_eq!(reports.len(), files.len(), "{reports:?}");
        reports
            .iter()
            .map(|name| svrl_failures(&std::fs::read_to_string(output.join(name)).unwrap()))
            .collect()
    }
}

/// A `file:` URL for a path (the skeleton's path has no characters to escape).
fn url_of(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// The failed asserts and successful reports of an SVRL report, and the number of fired rules.
fn svrl_failures(svrl: &str) -> (Vec<String>, usize) {
    let mut reader = Reader::from_str(svrl);
    let mut failures = Vec::new();
    let mut fired = 0;
    let mut current: Option<String> = None;
    loop {
        match reader.read_event().expect("SVRL is well-formed") {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "failed-assert" | "successful-report" => {
                    let location = e
                        .try_get_attribute("location")
                        .unwrap()
                        .map(|a| {
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .unwrap()
                                .into_owned()
                        })
                        .unwrap_or_default();
                    current = Some(format!("{location}: "));
                }
                "fired-rule" => fired += 1,
                _ => {}
            },
            Event::Text(t) => {
                if let Some(message) = current.as_mut() {
                    message.push_str(t.xml10_content().trim());
                }
            }
            Event::End(e)
                if matches!(
                    e.local_name().as_ref(),
                    "failed-assert" | "successful-report"
                ) =>
            {
                failures.extend(current.take());
            }
            Event::Eof => break,
            _ => {}
        }
    }
    (failures, fired)
}

/// The v3 exports break no rule of the dialect's Schematron; and the same Schematron run reports
/// each rule a file breaks on purpose, so the check can fail.
#[test]
fn v3_exports_pass_the_tbx_basic_schematron() {
    let Some(schematron) = Schematron::compile() else {
        return;
    };
    let glossaries = [Glossary::builtin(), awkward_glossary()];
    let good = to_tbx(&glossaries[1]);
    let broken = [
        // A value the dialect does not allow.
        (
            "preferredTerm-admn-sts",
            "standardizedTerm-admn-sts",
            "/administrativeStatus/ type may be",
        ),
        // A data category the dialect does not have (a rule on an attribute).
        (
            "type=\"definition\"",
            "type=\"explanation\"",
            "Permitted type value(s): subjectField, context, definition",
        ),
        // A category at a level where it may not appear.
        (
            "<admin type=\"projectSubset\">",
            "<descrip type=\"subjectField\">asylum</descrip><admin type=\"projectSubset\">",
            "/subjectField/ may only appear at level(s): conceptEntry",
        ),
        // Not the dialect, not its style.
        (
            "type=\"TBX-Basic\"",
            "type=\"TBX-Min\"",
            "should be TBX-Basic",
        ),
        (
            "style=\"dca\"",
            "style=\"dct\"",
            "should be declared as 'dca'",
        ),
    ];
    let mut files: Vec<String> = glossaries.iter().map(to_tbx).collect();
    for (from, to, _) in &broken {
        let bad = good.replacen(from, to, 1);
        assert_ne!(bad, good, "{from}");
        files.push(bad);
    }
    let results = schematron.check(&files);
    for (glossary, (failures, fired)) in glossaries.iter().zip(&results) {
        assert!(
            failures.is_empty(),
            "{}: TBX-Basic rules broken:\n{}",
            glossary.path.display(),
            failures.join("\n")
        );
        // The rules ran on the export: at least one per termNote (two per term).
        assert!(*fired >= 2 * glossary.term_count(), "{fired} rules fired");
    }
    for ((from, to, want), (failures, _)) in broken.iter().zip(&results[glossaries.len()..]) {
        assert!(
            failures.iter().any(|f| f.contains(want)),
            "{from} → {to}: {failures:?}"
        );
    }
}

/// The TBX-Basic 2008 export of the shipped glossary read by translate-toolkit
/// (`translate.storage.tbx`, which cannot read TBX v3): the same concepts, and in each language
/// the same terms in the same order, with the same administrative status.
#[test]
fn tbx2008_export_reads_back_in_translate_toolkit() {
    if !crate::common::have("python3", &["-c", "import translate.storage.tbx"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let r = crate::common::run_in(
        dir.path(),
        &[
            "glossary",
            "export",
            "--format",
            "tbx2008",
            "-g",
            crate::common::repo()
                .join("glossaries/migration.csv")
                .to_str()
                .unwrap(),
            "-o",
            "migration.tbx",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let script = "import sys\n\
        from translate.storage import tbx\n\
        with open(sys.argv[1], 'rb') as f:\n\
        \x20   store = tbx.tbxfile(f, sourcelanguage='en')\n\
        for unit in store.units:\n\
        \x20   print('concept\\t' + unit.getid())\n\
        \x20   for lang in ('en', 'fr', 'es'):\n\
        \x20       terms = unit.get_source_terms() if lang == 'en' else unit.get_target_terms(lang)\n\
        \x20       for term in terms:\n\
        \x20           print('\\t'.join([lang, term.administrative_status or '', term.text]))\n";
    let out = Command::new("python3")
        .args(["-c", script, "migration.tbx"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let theirs = String::from_utf8(out.stdout).unwrap();
    let glossary = Glossary::from_csv(
        std::fs::File::open(crate::common::repo().join("glossaries/migration.csv")).unwrap(),
        Path::new("migration.csv"),
    )
    .unwrap();
    let mut ours = String::new();
    for concept in &glossary.concepts {
        ours.push_str(&format!("concept\t{}\n", concept.id));
        for lang in Lang::ALL {
            for term in concept.terms_in(lang) {
                ours.push_str(&format!(
                    "{}\t{}\t{}\n",
                    lang.code(),
                    tbx::administrative_status(term.status),
                    term.text
                ));
            }
        }
    }
    let count = |text: &str, prefix: &str| text.lines().filter(|l| l.starts_with(prefix)).count();
    assert_eq!(count(&theirs, "concept\t"), glossary.concepts.len());
    for lang in Lang::ALL {
        let terms = glossary
            .concepts
            .iter()
            .map(|c| c.terms_in(lang).count())
            .sum::<usize>();
        assert_eq!(
            count(&theirs, &format!("{}\t", lang.code())),
            terms,
            "{lang} terms read by translate-toolkit"
        );
    }
    crate::common::assert_same(&theirs, &ours, "what translate-toolkit read");
}

/// The shipped glossary exported as TBX-Basic 2008 by the binary, then read with `-g` and
/// exported as native CSV, is `glossaries/migration.csv` byte for byte: every field survives.
#[test]
fn tbx2008_export_round_trips_to_the_shipped_csv() {
    let dir = tempfile::tempdir().unwrap();
    let r = crate::common::run_in(
        dir.path(),
        &["glossary", "export", "--format", "tbx2008", "-o", "g.tbx"],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let tbx = std::fs::read_to_string(dir.path().join("g.tbx")).unwrap();
    assert!(tbx.contains("<martif type=\"TBX-Basic\" xml:lang=\"en\">"));
    let r = crate::common::run_in(
        dir.path(),
        &["glossary", "export", "--format", "csv", "-g", "g.tbx"],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let shipped =
        std::fs::read_to_string(crate::common::repo().join("glossaries/migration.csv")).unwrap();
    crate::common::assert_same(&r.stdout, &shipped, "the CSV read back from TBX 2008");
}
