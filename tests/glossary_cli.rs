//! `termalign glossary lint|export` and glossaries read in every format, run
//! through the real binary; exports checked by independent readers.

use std::path::Path;
use std::process::Command;

use crate::common::{BIN, Run, have, repo, run_in};

fn run(dir: &Path, args: &[&str]) -> Run {
    run_in(dir, args, None)
}

const HEADER: &str = "concept,lang,term,status,pos,term_note,concept_note,source\n";

#[test]
fn the_shipped_glossary_lints_clean() {
    let r = run(&repo(), &["glossary", "lint"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stdout);
    assert_eq!(
        r.stderr,
        "termalign: glossaries/migration.csv: 0 errors, 0 warnings\n"
    );
    let r = run(&repo(), &["glossary", "lint", "glossaries/migration.csv"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
}

#[test]
fn lint_reports_file_line_message_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("g.csv"),
        format!(
            "{HEADER}refugee,en,refugee,preferred,noun,,,\n\
             refugee,fr,réfugié,preferred,noun,,,\n\
             refugee,es,refugiado,preferred,noun,,,\n\
             refugee,es,Refugiado,admitted,noun,,,\n\
             asylum,en,asylum,preferred,noun,,,\n\
             asylum,en,asylum ,admitted,noun,,,\n\
             asylum,fr,réfugié,preferred,noun,,,\n\
             asylum,es,asilo,sometimes,noun,,,\n"
        ),
    )
    .unwrap();
    let r = run(dir.path(), &["glossary", "lint", "g.csv"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout,
        "g.csv:5: \"Refugiado\" and \"refugiado\" (line 4) of concept refugee have the same matching key \"refugiado\"; keep one\n\
         g.csv:6: warning: concept asylum has no Spanish term yet\n\
         g.csv:7: field term: leading or trailing whitespace in \"asylum \"\n\
         g.csv:7: \"asylum \" and \"asylum\" (line 6) of concept asylum have the same matching key \"asylum\"; keep one\n\
         g.csv:8: French term \"réfugié\" is filed under two concepts: asylum (here) and refugee (\"réfugié\", line 3); to share it, relate the two concepts and give the term a note\n\
         g.csv:9: unknown status \"sometimes\": expected preferred, admitted or deprecated\n"
    );
    assert_eq!(r.stderr, "termalign: g.csv: 5 errors, 1 warning\n");
}

#[test]
fn every_export_format_is_written_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (format, file, pair) in [
        ("csv", "g.csv", None),
        ("tbx", "g.tbx", None),
        ("google", "google.csv", None),
        ("deepl", "deepl.tsv", Some("en-es")),
        ("omegat", "omegat.utf8", Some("fr-en")),
    ] {
        let mut args = vec!["glossary", "export", "--format", format, "-o", file];
        if let Some(pair) = pair {
            args.extend(["--pair", pair]);
        }
        let r = run(d, &args);
        assert_eq!(r.code, 0, "{format}: {}", r.stderr);
        // Read back as the glossary of a concordance.
        let mut args = vec!["concordance", "-g", file, "--lang", "es"];
        if let Some(pair) = pair {
            args.extend(["--glossary-pair", pair]);
        }
        args.push("-");
        let out = Command::new(BIN)
            .args(&args)
            .current_dir(d)
            .stdin(std::fs::File::open(repo().join("seeds/004_25387f2728c7ce80.txt")).unwrap())
            .output()
            .unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        if format != "omegat" {
            assert!(
                stdout.contains(",refugiados,") || stdout.contains(",Refugiados,"),
                "{format}: {stdout}"
            );
        }
    }
    assert_eq!(
        std::fs::read_to_string(d.join("g.csv")).unwrap(),
        std::fs::read_to_string(repo().join("glossaries/migration.csv")).unwrap()
    );
}

#[test]
fn bilingual_formats_need_a_pair() {
    let r = run(&repo(), &["glossary", "export", "--format", "deepl"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "termalign: a deepl glossary holds one language direction: give --pair, like en-fr\n"
    );
    let r = run(
        &repo(),
        &[
            "glossary", "export", "--format", "omegat", "--pair", "en-en",
        ],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("source and target are the same"),
        "{}",
        r.stderr
    );
}

#[test]
fn malformed_glossaries_are_refused_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a.txt"), "refugees").unwrap();
    let cases: [(&str, &[u8], &[&str], &str); 7] = [
        (
            "twice.csv",
            b"concept,lang,term,status,pos,term,pos\r\na,en,border,preferred,noun,refugee,verb\r\n",
            &[],
            "twice.csv:1: field term: duplicate column \"term\": each column once",
        ),
        (
            "region.csv",
            b"concept,lang,term,status,pos,region\nx,en,migrant,preferred,noun,en-ZZ\n",
            &[],
            "region.csv:2: field region: region \"en-ZZ\": ZZ is neither an ISO 3166-1 country code (or EU) nor a UN M.49 area code (such as 419, Latin America and the Caribbean)",
        ),
        (
            "bad.tsv",
            b"asylum\tasile\r\nrefugee\r\n",
            &["--glossary-pair", "en-fr"],
            "bad.tsv:2: expected 2 tab-separated fields (source, target), found 1",
        ),
        (
            "bad.utf8",
            b"\xef\xbb\xbfa\tb\tc\td\n",
            &["--glossary-pair", "en-fr"],
            "bad.utf8:1: expected 2 or 3 tab-separated fields (source, target, comment), found 4",
        ),
        (
            "google.csv",
            b"en,fr\r\nrefugee,r\xc3\xa9fugi\xc3\xa9,extra\r\n",
            &[],
            "google.csv:2: expected 2 fields, found 3",
        ),
        (
            "native.csv",
            b"\xef\xbb\xbfconcept,lang,term,status,pos\r\nx,en,foo,preferred\r\n",
            &[],
            "native.csv:2: expected 5 fields, found 4",
        ),
        (
            "pair.tsv",
            b"a\tb\n",
            &[],
            "pair.tsv: a deepl glossary holds one language direction; give --glossary-pair, like en-fr",
        ),
    ];
    for (file, bytes, extra, want) in cases {
        std::fs::write(d.join(file), bytes).unwrap();
        let mut args = vec!["concordance", "-g", file];
        args.extend(extra);
        args.push("a.txt");
        let r = run(d, &args);
        assert_eq!(
            (r.code, r.stderr.trim_end()),
            (2, format!("termalign: {want}").as_str()),
            "{file}"
        );
        assert_eq!(r.stdout, "", "{file}: no partial output");
    }
}

#[test]
fn the_omegat_export_loads_in_translate_toolkit() {
    if !have("python3", &["-c", "import translate.storage.omegat"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let r = run(
        dir.path(),
        &[
            "glossary", "export", "--format", "omegat", "--pair", "en-fr", "-o", "g.utf8",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines = std::fs::read_to_string(dir.path().join("g.utf8")).unwrap();
    let script = "import sys\nfrom translate.storage import omegat\n\
                  store = omegat.OmegaTFile.parsefile(sys.argv[1])\n\
                  for u in store.units:\n    print(u.source + '\\t' + u.target)\n";
    let out = Command::new("python3")
        .args(["-c", script, "g.utf8"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read = String::from_utf8(out.stdout).unwrap();
    let ours: Vec<String> = lines
        .lines()
        .map(|l| l.splitn(3, '\t').take(2).collect::<Vec<_>>().join("\t"))
        .collect();
    let theirs: Vec<&str> = read.lines().collect();
    assert_eq!(
        theirs.len(),
        ours.len(),
        "translate-toolkit read a different number of entries"
    );
    assert_eq!(theirs, ours);
    assert!(theirs.contains(&"migrant smuggling\ttrafic illicite de migrants"));
}

#[test]
fn subject_fields_select_part_of_the_glossary() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "The asylum seekers reached the border crossing with their visas.\n",
    )
    .unwrap();
    let concepts = |args: &[&str]| -> Vec<String> {
        let r = run(dir.path(), args);
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.stdout
            .lines()
            .skip(1)
            .map(|l| l.split(',').next().unwrap().to_string())
            .collect()
    };
    let all = concepts(&["concordance", "--lang", "en", "a.txt"]);
    assert!(all.contains(&"asylum-seeker".to_string()), "{all:?}");
    assert!(all.contains(&"border-crossing".to_string()), "{all:?}");
    let asylum = concepts(&[
        "concordance",
        "--lang",
        "en",
        "--subject",
        "asylum",
        "a.txt",
    ]);
    assert_eq!(asylum, ["asylum-seeker"]);
    let both = concepts(&[
        "concordance",
        "--lang",
        "en",
        "--subject",
        "asylum,borders",
        "a.txt",
    ]);
    assert!(both.len() > asylum.len(), "{both:?}");
    // An unknown field names the ones there are.
    let r = run(dir.path(), &["concordance", "--subject", "asylm", "a.txt"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("expected one of core, asylum, borders"),
        "{}",
        r.stderr
    );
    // A glossary with no subject fields cannot be selected from.
    std::fs::write(
        dir.path().join("g.csv"),
        format!("{HEADER}refugee,en,refugee,preferred,noun,,,\n"),
    )
    .unwrap();
    let r = run(
        dir.path(),
        &["concordance", "-g", "g.csv", "--subject", "asylum", "a.txt"],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("gives no subject fields"), "{}", r.stderr);
    // A selection exported is a glossary of its own: its relations to the
    // concepts left out go with them, and it lints clean.
    for subject in ["statelessness", "trafficking", "asylum"] {
        let out = format!("{subject}.csv");
        let r = run(
            dir.path(),
            &[
                "glossary",
                "export",
                "-f",
                "csv",
                "--subject",
                subject,
                "-o",
                &out,
            ],
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        let r = run(dir.path(), &["glossary", "lint", &out]);
        assert_eq!(
            r.stderr,
            format!("termalign: {out}: 0 errors, 0 warnings\n"),
            "{}",
            r.stdout
        );
    }
}

#[test]
fn a_term_in_another_languages_column_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("g.csv"),
        format!(
            "{HEADER}rejected-asylum-seeker,en,rejected asylum seeker,preferred,noun,,,\n\
             rejected-asylum-seeker,fr,débouté du droit d'asile,preferred,noun,,,\n\
             rejected-asylum-seeker,es,demandeur d'asile dont la demande a été rejetée,preferred,noun,,,\n"
        ),
    )
    .unwrap();
    let r = run(dir.path(), &["glossary", "lint", "g.csv"]);
    // A warning: the run succeeds.
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with(
            "g.csv:4: warning: term \"demandeur d'asile dont la demande a été rejetée\" \
             (concept rejected-asylum-seeker) is filed as Spanish but reads as French (confidence "
        ),
        "{}",
        r.stdout
    );
    assert_eq!(r.stdout.lines().count(), 1, "{}", r.stdout);
    assert_eq!(r.stderr, "termalign: g.csv: 0 errors, 1 warning\n");
}

#[test]
fn a_relation_listed_one_way_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("g.csv"),
        "concept,lang,term,status,pos,related\n\
         alpha,en,alpha,preferred,noun,beta\n\
         beta,en,beta,preferred,noun,\n",
    )
    .unwrap();
    let r = run(dir.path(), &["glossary", "lint", "g.csv"]);
    assert_eq!(
        r.stdout,
        "g.csv:2: warning: concept alpha lists beta as related, but beta does not list alpha: a relation goes both ways\n"
    );
}

#[test]
fn stats_count_the_glossary_and_its_coverage_of_the_sources() {
    let r = run(&repo(), &["glossary", "stats"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let g = termalign::Glossary::builtin();
    assert!(r.stdout.starts_with(&format!(
        "Concepts: {}; terms: {}.",
        g.concepts.len(),
        g.term_count()
    )));
    assert!(r.stdout.contains("| asylum and refugees | `asylum` |"));
    assert!(r.stdout.contains("(`iom-2019`)"));
    assert!(r.stdout.contains("(`gcm-2018`) | 42 |"));
    // Another glossary: the sources' concepts it lacks are counted.
    let r = run(
        &repo(),
        &[
            "glossary",
            "stats",
            "-g",
            "tests/fixtures/glossaries/migration-341.csv",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("| (none) | `` | 341 |"), "{}", r.stdout);
    let iom = r
        .stdout
        .lines()
        .find(|l| l.contains("`iom-2019`"))
        .unwrap()
        .to_string();
    let missing: usize = iom.rsplit('|').nth(1).unwrap().trim().parse().unwrap();
    assert!(missing > 50, "{iom}");
}

#[test]
fn subjects_regions_and_guards_reach_the_exports() {
    let r = run(&repo(), &["glossary", "export", "--format", "tbx"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("<descrip type=\"subjectField\">asylum and refugees</descrip>")
    );
    assert!(
        r.stdout
            .contains("<termNote type=\"geographicalUsage\">es-419</termNote>")
    );
    assert!(
        r.stdout
            .contains("<admin type=\"projectSubset\">termalign guard: context</admin>")
    );
    assert!(
        r.stdout
            .contains("<ref type=\"crossReference\" target=\"expulsion\">expulsion</ref>")
    );
    let r = run(&repo(), &["glossary", "export", "--format", "google"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("(subject: asylum)"), "google description");
    // And back: a TBX export read as the glossary gives the same subjects.
    let dir = tempfile::tempdir().unwrap();
    let tbx = dir.path().join("g.tbx");
    let r = run(
        &repo(),
        &[
            "glossary",
            "export",
            "--format",
            "tbx",
            "-o",
            tbx.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let back = run(&repo(), &["glossary", "stats", "-g", tbx.to_str().unwrap()]);
    let shipped = run(&repo(), &["glossary", "stats"]);
    assert_eq!(back.stdout, shipped.stdout);
}

#[test]
fn a_google_glossary_and_a_partial_saved_with_semicolons_read_as_with_commas() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A Google glossary as Excel in French saves it.
    std::fs::write(
        d.join("comma.csv"),
        "en,fr,es\nasylum seeker,demandeur d'asile,solicitante de asilo\nrefugee,réfugié,refugiado\n",
    )
    .unwrap();
    std::fs::write(
        d.join("semi.csv"),
        "\u{feff}en;fr;es\nasylum seeker;demandeur d'asile;solicitante de asilo\nrefugee;réfugié;refugiado\n",
    )
    .unwrap();
    // Its languages named in words, as a spreadsheet made by hand has them.
    std::fs::write(
        d.join("names.csv"),
        "English;FRANÇAIS;espanol\nasylum seeker;demandeur d'asile;solicitante de asilo\nrefugee;réfugié;refugiado\n",
    )
    .unwrap();
    let comma = run(d, &["glossary", "stats", "-g", "comma.csv"]);
    assert_eq!(comma.code, 0, "{}", comma.stderr);
    for other in ["semi.csv", "names.csv"] {
        let r = run(d, &["glossary", "stats", "-g", other]);
        assert_eq!(
            (r.code, &r.stdout),
            (0, &comma.stdout),
            "{other}: {}",
            r.stderr
        );
    }
    // Headers that are neither say which are understood.
    std::fs::write(
        d.join("deutsch.csv"),
        "English,Deutsch\nasylum seeker,Asylbewerber\n",
    )
    .unwrap();
    let r = run(d, &["glossary", "stats", "-g", "deutsch.csv"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("en,fr,es or English,Français,Español"),
        "{}",
        r.stderr
    );
    assert!(
        comma.stdout.starts_with("Concepts: 2; terms: 6."),
        "{}",
        comma.stdout
    );

    // A by-concept partial of `concordance`, reopened and saved with
    // semicolons, merges as the original.
    let seeds = repo().join("seeds");
    let r = run(
        d,
        &[
            "concordance",
            seeds.to_str().unwrap(),
            "-o",
            "/dev/null",
            "--by-concept",
            "bc.csv",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let table = std::fs::read_to_string(d.join("bc.csv")).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(table.as_bytes());
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    for row in reader.records() {
        writer.write_record(&row.unwrap()).unwrap();
    }
    std::fs::write(d.join("bc-semi.csv"), writer.into_inner().unwrap()).unwrap();
    let comma = run(d, &["merge", "bc.csv"]);
    let semi = run(d, &["merge", "bc-semi.csv"]);
    assert_eq!(comma.code, 0, "{}", comma.stderr);
    assert!(comma.stdout.lines().count() > 10, "{}", comma.stdout);
    assert_eq!(
        (semi.code, &semi.stdout),
        (0, &comma.stdout),
        "{}",
        semi.stderr
    );
}

#[test]
fn an_excel_workbook_given_as_text_is_named_as_one() {
    // The head of an XLSX file: a ZIP archive's first entry, compressed.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut xlsx = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00".to_vec();
    xlsx.extend(b"[Content_Types].xml\x00\x00\x9c\x8f\xfe\x00\x01\x02");
    std::fs::write(d.join("glossary.xlsx"), &xlsx).unwrap();
    std::fs::write(d.join("notes.docx"), &xlsx).unwrap();
    // Where text is expected: named, with what to do, and where a workbook
    // is read as it is.
    for (args, what) in [
        (
            &["concordance", "glossary.xlsx"][..],
            "an Excel workbook (XLSX), not text: save it as CSV (or as Unicode text) and give \
             that instead; a glossary in a workbook is read as it is: give it to -g (or to \
             glossary merge as its suggestions)",
        ),
        (
            &[
                "glossary",
                "lint",
                "--glossary-format",
                "csv",
                "glossary.xlsx",
            ][..],
            "an Excel workbook (XLSX), not text: save it as CSV",
        ),
        (
            &["concordance", "notes.docx"][..],
            "a Word document (DOCX), not text: save it as CSV (or as Unicode text) and give \
             that instead\n",
        ),
    ] {
        let r = run(d, args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(what), "{args:?}: {}", r.stderr);
        assert!(!r.stderr.contains("NUL"), "{args:?}: {}", r.stderr);
    }
    // Where a workbook is read, this one is named as damaged.
    for args in [
        &["glossary", "lint", "glossary.xlsx"][..],
        &["concordance", "-g", "glossary.xlsx", "notes.docx"][..],
        &["glossary", "merge", "glossary.xlsx"][..],
    ] {
        let r = run(d, args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.starts_with(
                "termalign: glossary.xlsx: not a readable Excel workbook (XLSX): a damaged ZIP archive"
            ),
            "{args:?}: {}",
            r.stderr
        );
    }
}
