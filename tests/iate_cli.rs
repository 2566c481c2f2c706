//! `termalign glossary import` and TBX glossaries read streaming, through the real binary: the
//! IATE-shaped fixtures (`tests/fixtures/tbx/iate_v2.tbx`, TBX 2008 with domain codes and
//! reliability 1–4; `iate_v3.tbx`, TBX v3 with domain labels and reliability 1–10) imported
//! whole and by domain, packed synonyms split, reliability and term types mapped to status,
//! other languages reported; a TBX term without a part of speech inflected; a merge into a TBX
//! glossary written back as TBX.

use std::path::{Path, PathBuf};

use crate::common::{Run, assert_same, repo, run_in};

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures/tbx").join(name)
}

/// A temporary folder holding copies of the IATE fixtures.
fn workdir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in ["iate_v2.tbx", "iate_v3.tbx"] {
        std::fs::copy(fixture(name), dir.path().join(name)).unwrap();
    }
    dir
}

fn run(dir: &Path, args: &[&str]) -> Run {
    run_in(dir, args, None)
}

const HEADER: &str =
    "concept,lang,term,status,pos,region,guard,term_note,concept_note,source,subject,related\n";

/// The v2 fixture as a glossary, checked by hand against the mapping in README.md: the most
/// reliable full form preferred, an abbreviation and a less reliable form admitted, an explicit
/// deprecated kept, "a; b" split, the concept in German and Dutch only left out.
const V2_ROWS: &str = "\
iate-900001,en,asylum seeker,admitted,noun,,,IATE reliability 3/4 (reliable),,\"IATE, domain 2811\",,
iate-900001,en,asylum applicant,admitted,noun,,,IATE reliability 3/4 (reliable),,,,
iate-900001,en,applicant for international protection,preferred,noun,,,IATE reliability 4/4 (very reliable),,,,
iate-900001,fr,demandeur d'asile,preferred,noun,,,IATE reliability 3/4 (reliable),,,,
iate-900001,es,solicitante de asilo,preferred,noun,,,IATE reliability 2/4 (minimum reliability),,,,
iate-900002,en,unaccompanied minor,preferred,noun,,,IATE reliability 3/4 (reliable),,\"IATE, domains 2811; 1231\",,
iate-900002,en,UAM,admitted,noun,,,IATE reliability 4/4 (very reliable); IATE term type: abbreviation,,,,
iate-900002,en,unaccompanied child,admitted,noun,,,IATE reliability 1/4 (reliability not verified),,,,
iate-900002,fr,mineur non accompagné,preferred,noun,,,IATE reliability 3/4 (reliable),,,,
iate-900002,fr,mineur isolé,deprecated,noun,,,IATE reliability 3/4 (reliable),,,,
iate-900002,es,menor no acompañado,preferred,noun,,,IATE reliability 3/4 (reliable),,,,
";

const V2_OTHER: &str = "iate-900003,en,free movement of capital,preferred,noun,,,IATE reliability 3/4 (reliable),,\"IATE, domain 2421\",,
iate-900003,fr,libre circulation des capitaux,preferred,noun,,,IATE reliability 3/4 (reliable),,,,
";

#[test]
fn an_iate_export_is_imported_with_what_it_left_out_said() {
    let dir = workdir();
    let d = dir.path();
    let r = run(
        d,
        &[
            "glossary",
            "import",
            "--from",
            "iate",
            "iate_v2.tbx",
            "-o",
            "g.csv",
        ],
    );
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
    assert_same(
        &std::fs::read_to_string(d.join("g.csv")).unwrap(),
        &format!("{HEADER}{V2_ROWS}{V2_OTHER}"),
        "g.csv",
    );
    assert_eq!(
        r.stderr,
        "termalign: iate_v2.tbx: skipped 6 terms in 4 other languages (de 3, it 1, nl 1, pt 1): \
         termalign reads English, French and Spanish\n\
         termalign: iate_v2.tbx: skipped 1 concept with no term in English, French or Spanish\n\
         termalign: iate_v2.tbx: split 1 IATE term packing synonyms (a; b) into one term each\n\
         termalign: iate_v2.tbx: imported 3 concepts (7 English, 4 French, 2 Spanish terms)\n"
    );
    // The ids pass termalign's own lint.
    let lint = run(d, &["glossary", "lint", "g.csv"]);
    assert_eq!(lint.code, 0, "{}", lint.stderr);
    assert!(!lint.stdout.contains("kebab"), "{}", lint.stdout);
    // The ids are IATE's whatever --from says (tbx, the default, reads them as IATE's too).
    let r = run(d, &["glossary", "import", "iate_v2.tbx", "-q"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    assert_same(&r.stdout, &format!("{HEADER}{V2_ROWS}{V2_OTHER}"), "stdout");
}

#[test]
fn subject_selects_domains_by_code_or_label_as_the_file_is_read() {
    let dir = workdir();
    let d = dir.path();
    // 28, EuroVoc's field, takes in 2811; 2421 is left out, and so are its languages.
    let r = run(d, &["glossary", "import", "iate_v2.tbx", "--subject", "28"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_same(&r.stdout, &format!("{HEADER}{V2_ROWS}"), "stdout");
    assert!(
        r.stderr.starts_with(
            "termalign: iate_v2.tbx: left out 1 of 4 concepts outside the selected domains\n\
             termalign: iate_v2.tbx: skipped 5 terms in 3 other languages (de 3, it 1, nl 1):"
        ),
        "{}",
        r.stderr
    );
    // A label, in any case, in a TBX v3 export whose reliability is on a scale of 1 to 10.
    let r = run(
        d,
        &[
            "glossary",
            "import",
            "iate_v3.tbx",
            "--subject",
            "Migration",
            "-q",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let want = format!(
        "{HEADER}\
iate-3500001,en,return decision,preferred,noun,,,IATE reliability 4/4 (very reliable),,\"IATE, domain migration\",,
iate-3500001,fr,décision de retour,preferred,noun,,,IATE reliability 3/4 (reliable),,,,
iate-3500001,fr,décision d'éloignement,admitted,noun,,,IATE reliability 3/4 (reliable),,,,
iate-3500001,es,decisión de retorno,preferred,noun,,,IATE reliability 2/4 (minimum reliability),,,,
iate-3500003,en,illegal immigrant,deprecated,noun,,,IATE reliability 3/4 (reliable),,\"IATE, domains migration; EU migration policy\",,
iate-3500003,en,irregular migrant,preferred,noun,,,IATE reliability 3/4 (reliable),,,,
iate-3500003,es,migrante irregular,preferred,noun,,,IATE reliability 4/4 (very reliable),,,,
"
    );
    assert_same(&r.stdout, &want, "stdout");
    // Several, comma-separated; one that matches nothing is warned about.
    let r = run(
        d,
        &[
            "glossary",
            "import",
            "iate_v3.tbx",
            "--subject",
            "insurance,2811",
            "-q",
        ],
    );
    assert_eq!(r.stdout.lines().count(), 3, "{}", r.stdout);
    let r = run(
        d,
        &[
            "glossary",
            "import",
            "iate_v3.tbx",
            "--subject",
            "fisheries",
            "-q",
        ],
    );
    assert_eq!((r.code, r.stdout.as_str()), (0, HEADER));
    assert!(
        r.stderr
            .contains("warning: iate_v3.tbx: no concept of the domains fisheries")
    );
}

#[test]
fn an_import_is_written_in_the_format_asked() {
    let dir = workdir();
    let d = dir.path();
    let r = run(
        d,
        &["glossary", "import", "iate_v3.tbx", "-o", "g.tbx", "-q"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let tbx = std::fs::read_to_string(d.join("g.tbx")).unwrap();
    assert!(tbx.contains("<conceptEntry id=\"iate-3500002\">"), "{tbx}");
    assert!(tbx.contains("<admin type=\"source\">IATE, domain insurance</admin>"));
    // Read back, it is the same glossary as the CSV import.
    let back = run(
        d,
        &["glossary", "export", "-g", "g.tbx", "--format", "csv", "-q"],
    );
    let csv = run(d, &["glossary", "import", "iate_v3.tbx", "-q"]);
    assert_same(&back.stdout, &csv.stdout, "round trip");
    let r = run(
        d,
        &["glossary", "import", "iate_v3.tbx", "--format", "deepl"],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("give --pair"), "{}", r.stderr);
}

#[test]
fn malformed_xml_is_named_with_file_line_and_column_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("bad.tbx"),
        "<martif>\n<text><body>\n<termEntry id=\"IATE-1\"><langSet xml:lang=\"en\">\n  \
         <tig><term>a</term></langSet>\n</termEntry></body></text></martif>\n",
    )
    .unwrap();
    let r = run(d, &["glossary", "import", "bad.tbx", "-o", "g.csv"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            2,
            "termalign: bad.tbx:4: malformed XML at line 4, column 22: ill-formed document: \
             expected `</tig>`, but `</langSet>` was found\n"
        )
    );
    assert!(!d.join("g.csv").exists());
    // Not a TBX at all.
    std::fs::write(d.join("x.tbx"), "<html><body/></html>\n").unwrap();
    let r = run(d, &["glossary", "import", "x.tbx"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("x.tbx:1: invalid TBX at line 1, column 1: the root element is <html>"),
        "{}",
        r.stderr
    );
}

/// A TBX without `partOfSpeech` (IATE's have none): its terms inflect as nouns.
#[test]
fn a_tbx_term_without_a_part_of_speech_is_inflected() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("g.tbx"),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"en\" xmlns=\"urn:iso:std:iso:30042:ed-2\">\n\
         <tbxHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></tbxHeader>\n\
         <text><body>\n\
         <conceptEntry id=\"asylum-seeker\">\n\
         <langSec xml:lang=\"en\"><termSec><term>asylum seeker</term></termSec></langSec>\n\
         <langSec xml:lang=\"fr\"><termSec><term>demandeur d'asile</term></termSec></langSec>\n\
         </conceptEntry>\n\
         </body></text></tbx>\n",
    )
    .unwrap();
    std::fs::write(
        d.join("en.txt"),
        "Two asylum seekers arrived at the border.\n",
    )
    .unwrap();
    std::fs::write(
        d.join("fr.txt"),
        "Les demandeuses d'asile attendent à la frontière.\n",
    )
    .unwrap();
    let r = run(d, &["concordance", "-g", "g.tbx", "en.txt", "fr.txt"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let hits: Vec<&str> = r
        .stdout
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(9).unwrap())
        .collect();
    assert_eq!(
        hits,
        ["asylum seekers", "demandeuses d'asile"],
        "{}",
        r.stdout
    );
}

/// A TBX glossary given with -g says what it left out.
#[test]
fn a_tbx_glossary_reports_its_other_languages() {
    let dir = workdir();
    let d = dir.path();
    std::fs::write(
        d.join("t.txt"),
        "Asylum seekers and unaccompanied minors.\n",
    )
    .unwrap();
    let r = run(d, &["concordance", "-g", "iate_v2.tbx", "t.txt"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "termalign: iate_v2.tbx: skipped 6 terms in 4 other languages (de 3, it 1, nl 1, pt 1)"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(r.stdout.lines().count(), 3, "{}", r.stdout);
    let r = run(d, &["concordance", "-q", "-g", "iate_v2.tbx", "t.txt"]);
    assert_eq!(r.stderr, "");
}

/// `glossary merge` into a TBX glossary (IATE's here, TBX 2008) writes TBX of the same
/// vintage back; `-o x.csv` asks for the native CSV.
#[test]
fn a_merge_into_a_tbx_glossary_writes_tbx() {
    let dir = workdir();
    let d = dir.path();
    std::fs::write(
        d.join("suggestions.csv"),
        "lang_a,term_a,lang_b,term_b,score,method,accept\n\
         en,border control,fr,contrôle aux frontières,0.8,context,yes\n\
         en,asylum seeker,es,demandante de asilo,0.7,context,yes\n",
    )
    .unwrap();
    let r = run(
        d,
        &[
            "glossary",
            "merge",
            "suggestions.csv",
            "-g",
            "iate_v2.tbx",
            "-q",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("<?xml"), "{}", r.stdout);
    assert!(
        r.stdout.contains("<martif type=\"TBX-Basic\""),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("<termEntry id=\"iate-900001\">"));
    assert!(r.stdout.contains("<termEntry id=\"border-control\">"));
    std::fs::write(d.join("merged.tbx"), &r.stdout).unwrap();
    let back = run(
        d,
        &["glossary", "export", "-g", "merged.tbx", "--format", "csv"],
    );
    assert!(
        back.stdout
            .contains("iate-900001,es,demandante de asilo,admitted"),
        "{}",
        back.stdout
    );
    assert!(
        back.stdout
            .contains("border-control,fr,contrôle aux frontières,preferred")
    );
    let r = run(
        d,
        &[
            "glossary",
            "merge",
            "suggestions.csv",
            "-g",
            "iate_v2.tbx",
            "-o",
            "m.csv",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let csv = std::fs::read_to_string(d.join("m.csv")).unwrap();
    assert!(csv.starts_with(HEADER), "{csv}");
    assert_same(
        &csv,
        &back.stdout,
        "the CSV merge and the TBX merge read back",
    );
}

/// A TBX 2008 glossary merged into `-o x.tbx` stays TBX 2008 (a `.tbx` name
/// names TBX, not its vintage); a gzipped TBX is told by its inner
/// extension; `-o` of a format merge does not write is refused.
#[test]
fn a_merge_keeps_the_vintage_read_and_a_gzipped_tbx_is_tbx() {
    let dir = workdir();
    let d = dir.path();
    let r = run(
        d,
        &["glossary", "export", "--format", "tbx2008", "-o", "g.tbx"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    std::fs::write(
        d.join("s.csv"),
        "lang_a,term_a,lang_b,term_b,accept\nen,border control,fr,contrôle aux frontières,yes\n",
    )
    .unwrap();
    let r = run(
        d,
        &["glossary", "merge", "s.csv", "-g", "g.tbx", "-o", "m.tbx"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let merged = std::fs::read_to_string(d.join("m.tbx")).unwrap();
    assert!(merged.contains("<martif type=\"TBX-Basic\""), "{merged}");
    let r = run(
        d,
        &["glossary", "merge", "s.csv", "-g", "g.tbx", "-o", "m.tsv"],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("not as deepl"), "{}", r.stderr);
    assert!(!d.join("m.tsv").exists());

    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, merged.as_bytes()).unwrap();
    std::fs::write(d.join("m.tbx.gz"), gz.finish().unwrap()).unwrap();
    let gzipped = run(d, &["glossary", "stats", "-g", "m.tbx.gz"]);
    assert_eq!(gzipped.code, 0, "{}", gzipped.stderr);
    let plain = run(d, &["glossary", "stats", "-g", "m.tbx"]);
    assert!(
        plain.stdout.starts_with("Concepts: 1071;"),
        "{}",
        plain.stdout
    );
    assert_eq!(gzipped.stdout, plain.stdout);
}
