//! End-to-end tests of the real binary: outputs checked against files
//! reviewed by hand, bad input checked for its message and exit status.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::common::{BIN, Run, assert_same, repo, run_in};

fn run(args: &[&str]) -> Run {
    run_in(&repo(), args, None)
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn concordance_on_seeds_matches_the_reviewed_csv() {
    let r = run(&["concordance", "seeds"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let want =
        std::fs::read_to_string(repo().join("tests/expected/seeds_concordance.csv")).unwrap();
    assert_same(&r.stdout, &want, "concordance seeds");
}

#[test]
fn by_concept_on_seeds_matches_the_reviewed_csv() {
    let dir = temp();
    let out = dir.path().join("by_concept.csv");
    let rows = dir.path().join("rows.csv");
    let seeds = repo().join("seeds");
    let r = run(&[
        "concordance",
        seeds.to_str().unwrap(),
        "-o",
        rows.to_str().unwrap(),
        "--by-concept",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let got = std::fs::read_to_string(&out).unwrap();
    let want = std::fs::read_to_string(repo().join("tests/expected/seeds_by_concept.csv")).unwrap();
    assert_same(&got, &want, "--by-concept seeds");
}

#[test]
fn every_hit_is_the_files_bytes_at_its_offsets() {
    let r = run(&["concordance", "seeds"]);
    let mut rows = csv::Reader::from_reader(r.stdout.as_bytes());
    let mut n = 0;
    for row in rows.records() {
        let row = row.unwrap();
        let bytes = std::fs::read(repo().join(&row[5])).unwrap();
        let (start, end): (usize, usize) = (row[7].parse().unwrap(), row[8].parse().unwrap());
        assert_eq!(&bytes[start..end], row[9].as_bytes(), "{row:?}");
        n += 1;
    }
    assert!(n > 50, "only {n} rows");
}

#[test]
fn seeds_contain_the_acceptance_terms_in_every_language() {
    let r = run(&["concordance", "seeds"]);
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(r.stdout.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect();
    let found = |lang: &str, hit: &str| {
        rows.iter()
            .any(|row| &row[1] == lang && row[9].to_lowercase() == hit.to_lowercase())
    };
    for (lang, hit) in [
        ("en", "consular services"),
        ("fr", "affaires consulaires"),
        ("en", "migration talks"),
        ("fr", "entretiens migratoires"),
        ("en", "migrant smuggling"),
        ("en", "human smuggling"),
        ("en", "human trafficking"),
        ("en", "safe, orderly, and legal migration"),
        ("es", "refugiados"),
    ] {
        assert!(found(lang, hit), "no {lang} hit {hit:?}");
    }
}

#[test]
fn detect_labels_the_seeds() {
    let r = run(&["detect", "seeds"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let langs: Vec<&str> = r
        .stdout
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap())
        .collect();
    assert_eq!(
        r.stdout.lines().next(),
        Some("doc,lang,confidence,words,guess")
    );
    assert_eq!(langs, ["fr", "en", "en", "en", "es"]);
}

#[test]
fn detect_says_und_for_other_languages_and_honours_lang() {
    let dir = temp();
    std::fs::write(
        dir.path().join("pt.txt"),
        "O governo brasileiro anunciou nesta terça-feira um novo programa de acolhimento \
         para os migrantes venezuelanos que chegam pela fronteira do norte do país. \
         Segundo o ministério, as famílias serão encaminhadas para abrigos em várias cidades.",
    )
    .unwrap();
    let r = run_in(dir.path(), &["detect", "pt.txt"], None);
    let row: Vec<&str> = r.stdout.lines().nth(1).unwrap().split(',').collect();
    // und, with Portuguese as the guess.
    assert_eq!((row[1], row[4]), ("und", "pt"), "{}", r.stdout);
    let r = run_in(dir.path(), &["detect", "--lang", "es", "pt.txt"], None);
    // A language forced is no guess: the column is empty.
    assert_eq!(
        r.stdout.lines().nth(1),
        Some("pt.txt,es,1.00,36,"),
        "{}",
        r.stdout
    );
}

/// A short English paragraph, a Galician one, and three words.
const MIXED: &str = "The minister spoke to reporters in Lima on Tuesday about the situation
of refugees and migrants arriving from the north of the country.

O Goberno galego anunciou onte un novo programa de acollida para as persoas
migrantes que chegan á comunidade, co apoio dos concellos e das asociacións.

Thank you all.
";

#[test]
fn detect_paragraphs_shows_each_paragraph_and_where_it_is_routed() {
    let dir = temp();
    std::fs::write(dir.path().join("mixed.txt"), MIXED).unwrap();
    let r = run_in(dir.path(), &["detect", "--paragraphs", "mixed.txt"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The Galician paragraph is und on its own, yet matched as English,
    // the document's language; the last one is too short to be detected
    // on its own and goes with the document too.
    // (Confidences are the detector's, tested with it: not here.)
    let header = "doc,paragraph,line,lang,confidence,words,guess,routed";
    let rows: Vec<String> = r
        .stdout
        .lines()
        .map(|l| {
            let mut fields: Vec<&str> = l.split(',').collect();
            fields.remove(4);
            fields.join(",")
        })
        .collect();
    assert_eq!(r.stdout.lines().next(), Some(header));
    assert_eq!(
        rows[1..],
        [
            "mixed.txt,1,1,en,23,,en",
            "mixed.txt,2,4,und,25,gl,und",
            "mixed.txt,3,7,en,3,,en"
        ],
        "{}",
        r.stdout
    );
    // --lang: every paragraph in that language, for sure.
    let r = run_in(
        dir.path(),
        &["detect", "--paragraphs", "--lang", "fr", "mixed.txt"],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "doc,paragraph,line,lang,confidence,words,guess,routed\n\
         mixed.txt,1,1,fr,1.00,23,,fr\n\
         mixed.txt,2,4,fr,1.00,25,,fr\n\
         mixed.txt,3,7,fr,1.00,3,,fr\n"
    );
    // Standard input, after one blank line: the lines count it.
    let r = run_in(
        dir.path(),
        &["detect", "--paragraphs"],
        Some(format!("\n{MIXED}").as_bytes()),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<(&str, &str)> = r
        .stdout
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[0], f[2])
        })
        .collect();
    assert_eq!(lines, [("-", "2"), ("-", "5"), ("-", "8")], "{}", r.stdout);
}

#[test]
fn stdin_is_read_for_dash() {
    let r = run_in(
        &repo(),
        &["concordance", "-"],
        Some("Los refugiados y los migrantes venezolanos piden regularización.".as_bytes()),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("refugee,es,refugiado,preferred,stem,-,1,4,14,refugiados,Los,"),
        "{}",
        r.stdout
    );
}

#[test]
fn crlf_and_bom_keep_offsets_into_the_file() {
    let dir = temp();
    let text = "\u{feff}Title\r\n\r\nThe refugees arrived.\r\nMore migrants came.\r\n";
    std::fs::write(dir.path().join("a.txt"), text).unwrap();
    let r = run_in(dir.path(), &["concordance", "--lang", "en", "a.txt"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(r.stdout.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows.len(), 2, "{}", r.stdout);
    assert_eq!(
        (&rows[0][6], &rows[0][7], &rows[0][9]),
        ("3", "16", "refugees")
    );
    assert_eq!(&text[16..24], "refugees");
    assert_eq!(
        (&rows[1][6], &rows[1][9], &rows[1][10]),
        ("4", "migrants", "More")
    );
}

#[test]
fn output_file_is_written_and_refused_when_it_is_an_input() {
    let dir = temp();
    std::fs::write(dir.path().join("a.txt"), "Refugees and migrants.").unwrap();
    let r = run_in(
        dir.path(),
        &["concordance", "--lang", "en", "a.txt", "-o", "out.csv"],
        None,
    );
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
    let out = std::fs::read_to_string(dir.path().join("out.csv")).unwrap();
    assert!(
        out.starts_with("concept,lang,term,status,match,doc,line,start,end,hit,left,right,cue\n")
    );
    assert_eq!(out.lines().count(), 3);

    let r = run_in(dir.path(), &["concordance", "a.txt", "-o", "a.txt"], None);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "termalign: refusing to write a.txt: it is one of the inputs\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.txt")).unwrap(),
        "Refugees and migrants."
    );
    // No temporary file is left behind.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
}

#[test]
fn bad_inputs_are_reported_and_the_others_still_processed() {
    let dir = temp();
    let d = dir.path();
    std::fs::write(
        d.join("good.txt"),
        "The refugees arrived in Spain last week with other migrants.",
    )
    .unwrap();
    std::fs::write(d.join("latin1.txt"), b"Les r\xe9fugi\xe9s sont arriv\xe9s.").unwrap();
    std::fs::write(d.join("image.txt"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    std::fs::write(d.join("empty.txt"), b"").unwrap();
    let r = run_in(
        d,
        &[
            "concordance",
            "--lang",
            "en",
            "good.txt",
            "latin1.txt",
            "image.txt",
            "empty.txt",
            "missing.txt",
        ],
        None,
    );
    assert_eq!(r.code, 2);
    let want = "\
termalign: missing.txt: No such file or directory (os error 2)
termalign: latin1.txt: not valid UTF-8: byte 0xE9 at line 1, column 6; convert the file to UTF-8, or give --encoding latin1 or cp1252
termalign: image.txt: binary file: NUL byte at line 3, column 1; termalign reads text
termalign: warning: empty.txt: empty file, nothing to match
";
    assert_eq!(r.stderr, want);
    assert_eq!(
        r.stdout.lines().count(),
        3,
        "the good file's rows are written: {}",
        r.stdout
    );
}

#[test]
fn only_an_empty_file_is_a_warning_not_an_error() {
    let dir = temp();
    std::fs::write(dir.path().join("empty.md"), "").unwrap();
    let r = run_in(dir.path(), &["concordance", "empty.md"], None);
    assert_eq!(r.code, 0);
    assert_eq!(
        r.stderr,
        "termalign: warning: empty.md: empty file, nothing to match\n"
    );
    assert_eq!(
        r.stdout,
        "concept,lang,term,status,match,doc,line,start,end,hit,left,right,cue\n"
    );
}

#[test]
fn a_folder_walk_skips_other_files_and_says_so() {
    let dir = temp();
    let d = dir.path();
    std::fs::create_dir_all(d.join("corpus/sub")).unwrap();
    std::fs::write(d.join("corpus/a.txt"), "Refugees.").unwrap();
    std::fs::write(d.join("corpus/sub/b.MD"), "Migrants.").unwrap();
    std::fs::write(d.join("corpus/c.pdf"), "%PDF").unwrap();
    std::fs::write(d.join("corpus/sub/d.csv"), "x").unwrap();
    let r = run_in(d, &["detect", "corpus"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        "termalign: corpus: skipped 2 files that are not .txt or .md (gzipped or not)\n"
    );
    let docs: Vec<&str> = r
        .stdout
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(docs, ["corpus/a.txt", "corpus/sub/b.MD"]);
}

#[test]
fn a_malformed_glossary_names_file_line_and_field() {
    let dir = temp();
    let d = dir.path();
    std::fs::write(
        d.join("g.csv"),
        "concept,lang,term,status,pos,term_note,concept_note,source\n\
         refugee,en,refugee,preferred,noun,,,\n\
         refugee,fr,réfugié,favourite,noun,,,\n",
    )
    .unwrap();
    std::fs::write(d.join("a.txt"), "refugees").unwrap();
    let r = run_in(d, &["concordance", "-g", "g.csv", "a.txt"], None);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "termalign: g.csv:3: field status: unknown status \"favourite\": expected preferred, admitted or deprecated\n"
    );
    assert_eq!(r.stdout, "");

    std::fs::write(
        d.join("short.csv"),
        "concept,lang,term,status,pos,term_note,concept_note,source\nx,en\n",
    )
    .unwrap();
    let r = run_in(d, &["concordance", "-g", "short.csv", "a.txt"], None);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (2, "termalign: short.csv:2: expected 8 fields, found 2\n")
    );
}

#[test]
fn an_unknown_language_is_a_usage_error() {
    let r = run(&["concordance", "--lang", "pt", "seeds"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("unknown language \"pt\": expected one of en, fr, es"),
        "{}",
        r.stderr
    );
}

#[test]
fn no_output_may_overwrite_the_glossary_or_the_other_output() {
    let dir = temp();
    let d = dir.path();
    std::fs::write(d.join("a.txt"), "Refugees and migrants.").unwrap();
    let glossary = repo().join("glossaries/migration.csv");
    std::fs::copy(&glossary, d.join("g.csv")).unwrap();
    let cases: [(&[&str], &str); 4] = [
        (
            &["-g", "g.csv", "a.txt", "-o", "g.csv"],
            "termalign: refusing to write g.csv: it is one of the inputs\n",
        ),
        (
            &["-g", "g.csv", "a.txt", "--by-concept", "./g.csv"],
            "termalign: refusing to write ./g.csv: it is one of the inputs (the same file as g.csv)\n",
        ),
        (
            &["a.txt", "-o", "x.csv", "--by-concept", "x.csv"],
            "termalign: two outputs go to x.csv: give each its own file\n",
        ),
        (
            &["a.txt", "--by-concept", "-"],
            "termalign: two outputs go to standard output: give each its own file\n",
        ),
    ];
    for (args, want) in cases {
        let mut all = vec!["concordance"];
        all.extend(args);
        let r = run_in(d, &all, None);
        assert_eq!(
            (r.code, r.stderr.as_str(), r.stdout.as_str()),
            (2, want, ""),
            "{args:?}"
        );
    }
    assert_eq!(
        std::fs::read(d.join("g.csv")).unwrap(),
        std::fs::read(&glossary).unwrap()
    );
    assert!(!d.join("x.csv").exists());
}

#[test]
fn a_bad_second_output_fails_before_any_work() {
    let dir = temp();
    std::fs::write(dir.path().join("a.txt"), "Refugees.").unwrap();
    let r = run_in(
        dir.path(),
        &[
            "concordance",
            "a.txt",
            "-o",
            "rows.csv",
            "--by-concept",
            "missing/bc.csv",
        ],
        None,
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.starts_with(
            "termalign: cannot write missing/bc.csv: the folder missing does not exist"
        ),
        "{}",
        r.stderr
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["a.txt"], "no output and no temporary file is left");
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let mut child = Command::new(BIN)
        .args(["concordance", "--lang", "en", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // Close our end of stdout first: every row the binary writes then fails.
    drop(child.stdout.take());
    let text = "refugees and migrants. ".repeat(20_000);
    let _ = stdin.write_all(text.as_bytes());
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn stdin_is_read_when_no_path_is_given_and_dash_only_once() {
    // With stdin not a terminal and no path, stdin is read.
    let r = run_in(
        &repo(),
        &["detect"],
        Some(b"The refugees arrived in Spain with other migrants last week."),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "doc,lang,confidence,words,guess\n-,en,0.98,10,\n");
    let r = run_in(
        &repo(),
        &["detect", "-", "-"],
        Some("Les migrants sont arrivés en Espagne avec les autres.".as_bytes()),
    );
    assert_eq!(r.stdout.lines().count(), 2, "{}", r.stdout);
    assert_eq!(r.stderr, "");
}

#[test]
fn hits_with_spaced_dashes_and_long_unbroken_sentences() {
    let dir = temp();
    // One 400 KB sentence: context stays cheap, and a dash is not a hyphen.
    let text = "refugees and migrants and asylum seekers ".repeat(10_000) + "asylum - policy";
    std::fs::write(dir.path().join("long.txt"), &text).unwrap();
    let r = run_in(
        dir.path(),
        &["concordance", "--lang", "en", "long.txt"],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout.lines().count(),
        1 + 30_000 + 1,
        "asylum policy must not match across the dash"
    );
    assert!(
        r.stdout.lines().last().unwrap().contains(",asylum,"),
        "{}",
        r.stdout.lines().last().unwrap()
    );
}

/// Gzip-compressed articles are read as they are, named on the command line
/// or found in a folder (`.txt.gz`), and give the same concordance as the
/// plain files; a broken one is named and the others still processed.
#[test]
fn gzip_compressed_articles_are_read_transparently() {
    let dir = temp();
    let seeds = repo().join("seeds");
    for entry in std::fs::read_dir(&seeds).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let mut gz = flate2::write::GzEncoder::new(
            std::fs::File::create(dir.path().join(format!("{name}.gz"))).unwrap(),
            flate2::Compression::default(),
        );
        gz.write_all(&std::fs::read(&path).unwrap()).unwrap();
        gz.finish().unwrap();
    }
    let plain = run(&["concordance", seeds.to_str().unwrap()]);
    let packed = run(&["concordance", dir.path().to_str().unwrap()]);
    assert_eq!((plain.code, packed.code), (0, 0), "{}", packed.stderr);
    // Same rows; only the document names differ.
    let strip = |csv: &str, prefix: &str| csv.replace(prefix, "").replace(".gz,", ",");
    let seeds_prefix = format!("{}/", seeds.display());
    let dir_prefix = format!("{}/", dir.path().display());
    assert_eq!(
        strip(&packed.stdout, &dir_prefix),
        strip(&plain.stdout, &seeds_prefix)
    );
    assert!(packed.stdout.lines().count() > 50);
    // A corrupt one: named, exit 2, the others still there.
    std::fs::write(dir.path().join("broken.txt.gz"), b"\x1f\x8b\x08\x00garbage").unwrap();
    let r = run(&["concordance", dir.path().to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("broken.txt.gz: not a valid gzip file"),
        "{}",
        r.stderr
    );
    assert_eq!(r.stdout, packed.stdout);
}
