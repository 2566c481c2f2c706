//! Bilingual files say their languages: `check`, `suggest` and `align` take them from TMX,
//! XLIFF 1.2 / 2.x and TSV headers when no flag is given, refuse a flag that contradicts the
//! file and a TMX whose target must be chosen, and verify the languages declared or given
//! against the text (a warning, or with `--strict-lang` an error with nothing written); real
//! parallel news correctly labelled never warns, and swapped labels always do.

use std::path::Path;

use crate::common::{Run, repo, run_in, shared};

const FIXTURES: &str = "tests/fixtures/bilingual";

fn run(args: &[&str]) -> Run {
    run_in(&repo(), args, None)
}

/// An XLIFF 2.0 document of `pairs`, declaring `src` and `trg`.
fn xliff2(src: &str, trg: &str, pairs: &[(&str, &str)]) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" \
         version=\"2.0\" srcLang=\"{src}\" trgLang=\"{trg}\">\n<file id=\"f\">\n"
    );
    for (i, (s, t)) in pairs.iter().enumerate() {
        out.push_str(&format!(
            "<unit id=\"u{i}\"><segment><source>{}</source><target>{}</target></segment></unit>\n",
            escape(s),
            escape(t)
        ));
    }
    out.push_str("</file>\n</xliff>\n");
    out
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;")
}

/// A TMX document whose header says `srclang`, one `<tu>` per row of variants.
fn tmx(srclang: &str, rows: &[&[(&str, &str)]]) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n<header creationtool=\"t\" \
         creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" \
         srclang=\"{srclang}\" datatype=\"plaintext\"/>\n<body>\n"
    );
    for row in rows {
        out.push_str("<tu>");
        for (lang, text) in row.iter() {
            out.push_str(&format!(
                "<tuv xml:lang=\"{lang}\"><seg>{}</seg></tuv>",
                escape(text)
            ));
        }
        out.push_str("</tu>\n");
    }
    out.push_str("</body>\n</tmx>\n");
    out
}

const EN: [&str; 3] = [
    "The asylum seekers arrived at the border on Tuesday.",
    "The detention centre closed last week after the protests.",
    "Irregular migration fell this year, said the agency.",
];
const FR: [&str; 3] = [
    "Les demandeurs d'asile sont arrivés à la frontière mardi.",
    "Le centre de rétention a fermé la semaine dernière après les manifestations.",
    "La migration irrégulière a diminué cette année, selon l'agence.",
];
const ES: [&str; 3] = [
    "Los solicitantes de asilo llegaron a la frontera el martes.",
    "El centro de internamiento cerró la semana pasada tras las protestas.",
    "La migración irregular disminuyó este año, según la agencia.",
];

fn pairs<'a>(a: &[&'a str; 3], b: &[&'a str; 3]) -> Vec<(&'a str, &'a str)> {
    a.iter().copied().zip(b.iter().copied()).collect()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// No line of `stderr` says a side reads as another language.
fn no_mislabel(stderr: &str) {
    assert!(!stderr.contains(" read as "), "{stderr}");
}

#[test]
fn check_takes_the_languages_from_xliff_and_tsv() {
    // XLIFF 1.2 (en-US → fr-FR) and 2.0 (en-GB → es-ES): with no flag, the same report as
    // with the languages given.
    for (file, source, target) in [("sample12.xlf", "en", "fr"), ("sample20.xlf", "en", "es")] {
        let file = format!("{FIXTURES}/{file}");
        let given = run(&[
            "check",
            "--source-lang",
            source,
            "--target-lang",
            target,
            &file,
        ]);
        let taken = run(&["check", &file]);
        assert_eq!(
            (taken.code, &taken.stdout, &taken.stderr),
            (given.code, &given.stdout, &given.stderr),
            "{file}"
        );
        assert!(
            taken.stderr.contains("checked 4 segments"),
            "{}",
            taken.stderr
        );
        no_mislabel(&taken.stderr);
        // One flag, the other from the file.
        let half = run(&["check", "--target-lang", target, &file]);
        assert_eq!((half.code, &half.stdout), (given.code, &given.stdout));
    }
    // A TSV is a document unless a language is given; its header gives the other.
    let tsv = format!("{FIXTURES}/sample.tsv");
    let given = run(&["check", "--source-lang", "en", "--target-lang", "fr", &tsv]);
    let half = run(&["check", "--source-lang", "en", &tsv]);
    assert_eq!(
        (half.code, &half.stdout, &half.stderr),
        (given.code, &given.stdout, &given.stderr)
    );
    assert!(
        given.stdout.contains("sample.tsv#6: info:"),
        "{}",
        given.stdout
    );
    let document = run(&["check", &tsv]);
    assert!(
        document.stderr.contains("checked 1 document"),
        "{}",
        document.stderr
    );
    // A TSV with no header must be told.
    let dir = tempfile::tempdir().unwrap();
    let bare = dir.path().join("bare.tsv");
    std::fs::write(&bare, "exil\texilio\n").unwrap();
    let r = run(&["check", "--source-lang", "fr", path(&bare)]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(
            "bare.tsv: declares no target language; give --source-lang and --target-lang"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn check_takes_the_target_from_a_tmx_or_asks_for_it() {
    let dir = tempfile::tempdir().unwrap();
    let two = dir.path().join("two.tmx");
    let rows: Vec<[(&str, &str); 2]> = (0..3)
        .map(|i| [("en-GB", EN[i]), ("fr-CA", FR[i])])
        .collect();
    let rows: Vec<&[(&str, &str)]> = rows.iter().map(|r| r.as_slice()).collect();
    std::fs::write(&two, tmx("en-GB", &rows)).unwrap();
    let given = run(&[
        "check",
        "--source-lang",
        "en",
        "--target-lang",
        "fr",
        path(&two),
    ]);
    let taken = run(&["check", path(&two)]);
    assert_eq!(
        (taken.code, &taken.stdout, &taken.stderr),
        (given.code, &given.stdout, &given.stderr)
    );
    assert!(
        taken.stderr.contains("checked 3 segments"),
        "{}",
        taken.stderr
    );

    // sample.tmx holds en, fr, es (and a de variant): the user chooses.
    let three = format!("{FIXTURES}/sample.tmx");
    let r = run(&["check", &three]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        format!(
            "termalign: {three}: its source language is en (srclang) and its <tuv>s are in en, \
             fr, es and de: which is the target?; choose it with --target-lang\n\
             termalign: no input could be read; nothing written\n"
        )
    );
    let r = run(&["check", "--target-lang", "es", "--fail-on", "never", &three]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("checked 4 segments"), "{}", r.stderr);
    no_mislabel(&r.stderr);
}

#[test]
fn a_flag_that_contradicts_the_file_is_an_error_naming_both() {
    let file = format!("{FIXTURES}/sample20.xlf");
    let r = run(&["check", "--target-lang", "fr", &file]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(
            "sample20.xlf: the file's target language is \"es-ES\" (trgLang), but the target \
             language asked for is fr"
        ),
        "{}",
        r.stderr
    );
    let r = run(&[
        "check",
        "--source-lang",
        "fr",
        &format!("{FIXTURES}/sample12.xlf"),
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(
            "sample12.xlf: the file's source language is \"en-US\" (source-language), but \
             the source language asked for is fr"
        ),
        "{}",
        r.stderr
    );
    // Two files in different pairs: the second is refused, the first checked.
    let r = run(&[
        "check",
        &format!("{FIXTURES}/sample12.xlf"),
        &format!("{FIXTURES}/sample20.xlf"),
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(&format!(
            "termalign: {FIXTURES}/sample20.xlf: its languages are en→es, but this run's are \
             en→fr (from {FIXTURES}/sample12.xlf): give it a run of its own"
        )),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("checked 4 segments"), "{}", r.stderr);
}

#[test]
fn a_mislabelled_side_warns_and_strict_lang_refuses() {
    let dir = tempfile::tempdir().unwrap();
    // Spanish declared as French.
    let bad = dir.path().join("bad.xlf");
    std::fs::write(&bad, xliff2("en", "fr", &pairs(&EN, &ES))).unwrap();
    let r = run(&["check", path(&bad)]);
    assert!(
        r.stderr.contains(&format!(
            "termalign: warning: {}: 100% of 3 target segments read as es, not fr as declared\n",
            bad.display()
        )),
        "{}",
        r.stderr
    );
    let out = dir.path().join("findings.txt");
    let r = run(&["check", "--strict-lang", path(&bad), "-o", path(&out)]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.ends_with(
            "termalign: --strict-lang: 1 file reads as another language than declared (see \
             above); nothing written\n"
        ),
        "{}",
        r.stderr
    );
    assert!(!out.exists());
    // A flag that mislabels a TSV without a header.
    let tsv = dir.path().join("es.tsv");
    let rows: String = (0..3).map(|i| format!("{}\t{}\n", EN[i], ES[i])).collect();
    std::fs::write(&tsv, rows).unwrap();
    let r = run(&[
        "check",
        "--source-lang",
        "en",
        "--target-lang",
        "fr",
        path(&tsv),
    ]);
    assert!(
        r.stderr
            .contains("es.tsv: 100% of 3 target segments read as es, not fr as --target-lang says"),
        "{}",
        r.stderr
    );
    // The source side too, in a TMX.
    let swapped = dir.path().join("swapped.tmx");
    let rows: Vec<[(&str, &str); 2]> = (0..3).map(|i| [("es", FR[i]), ("en", EN[i])]).collect();
    let rows: Vec<&[(&str, &str)]> = rows.iter().map(|r| r.as_slice()).collect();
    std::fs::write(&swapped, tmx("es", &rows)).unwrap();
    let r = run(&["check", path(&swapped)]);
    assert!(
        r.stderr
            .contains("swapped.tmx: 100% of 3 source segments read as fr, not es as declared"),
        "{}",
        r.stderr
    );
    // suggest: the same verification, the same refusal.
    let out = dir.path().join("s.csv");
    let r = run(&[
        "suggest",
        "--pairs",
        path(&bad),
        "--strict-lang",
        "-o",
        path(&out),
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("100% of 3 target segments read as es, not fr as declared")
    );
    assert!(!out.exists());
}

#[test]
fn suggest_takes_the_languages_from_the_files() {
    let dir = tempfile::tempdir().unwrap();
    let xlf = dir.path().join("ok.xlf");
    std::fs::write(&xlf, xliff2("en-US", "fr-FR", &pairs(&EN, &FR))).unwrap();
    let given = run(&[
        "suggest",
        "--pairs",
        path(&xlf),
        "--source-lang",
        "en",
        "--target-lang",
        "fr",
        "--min-freq",
        "1",
    ]);
    let taken = run(&["suggest", "--pairs", path(&xlf), "--min-freq", "1"]);
    assert_eq!(given.code, 0, "{}", given.stderr);
    assert_eq!(
        (taken.code, &taken.stdout, &taken.stderr),
        (given.code, &given.stdout, &given.stderr)
    );
    assert!(
        taken.stdout.lines().skip(1).all(|l| l.starts_with("en,")),
        "{}",
        taken.stdout
    );
    no_mislabel(&taken.stderr);
    // XLIFF 1.2 and the fixture TMX with its target chosen.
    for (file, flags) in [
        ("sample12.xlf", vec![]),
        ("sample.tmx", vec!["--target-lang", "es"]),
    ] {
        let file = format!("{FIXTURES}/{file}");
        let mut args = vec!["suggest", "--pairs", &file, "--min-freq", "1"];
        args.extend(flags);
        let r = run(&args);
        assert_eq!(r.code, 0, "{file}: {}", r.stderr);
        no_mislabel(&r.stderr);
    }
}

#[test]
fn align_verifies_the_languages_it_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let (en, es) = (dir.path().join("en.txt"), dir.path().join("es.txt"));
    std::fs::write(&en, EN.join("\n")).unwrap();
    std::fs::write(&es, ES.join("\n")).unwrap();
    let out = dir.path().join("pairs.tmx");
    let args = |strict: bool| {
        let mut a = vec![
            "align",
            path(&en),
            path(&es),
            "--target-lang",
            "fr",
            "--format",
            "tmx",
            "-o",
            path(&out),
        ];
        if strict {
            a.push("--strict-lang");
        }
        a
    };
    let r = run(&args(true));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        format!(
            "termalign: {}: 100% of 3 sentences read as es, not fr as --target-lang says; \
             --strict-lang: nothing written\n",
            es.display()
        )
    );
    assert!(!out.exists());
    let r = run(&args(false));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("warning:") && r.stderr.contains("read as es, not fr"),
        "{}",
        r.stderr
    );
    // Rightly labelled, or detected: no word.
    let r = run(&[
        "align",
        path(&en),
        path(&es),
        "--target-lang",
        "es",
        "--strict-lang",
    ]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
}

/// Real parallel news (NTREX-128): each document as a TSV with a language header, one check
/// run per language pair. Correctly labelled: no warning; each side labelled as another
/// language: every file warns.
#[test]
fn real_news_correctly_labelled_never_warns_swapped_always_does() {
    let Some(ntrex) = shared("data/ntrex128") else {
        return;
    };
    let ids = std::fs::read_to_string(ntrex.join("DOCUMENT_IDS.tsv")).unwrap();
    let read = |name: &str| std::fs::read_to_string(ntrex.join(name)).unwrap();
    let texts = [
        ("en", read("newstest2019-src.eng.txt")),
        ("fr", read("newstest2019-ref.fra.txt")),
        ("es", read("newstest2019-ref.spa.txt")),
    ];
    let lines: Vec<Vec<&str>> = texts
        .iter()
        .map(|(_, t)| t.lines().map(str::trim).collect())
        .collect();
    let mut documents: Vec<(&str, Vec<usize>)> = Vec::new();
    for (i, line) in ids.lines().enumerate() {
        let doc = line.split('\t').next().unwrap();
        match documents.last_mut() {
            Some((d, rows)) if *d == doc => rows.push(i),
            _ => documents.push((doc, vec![i])),
        }
    }
    assert!(documents.len() > 100, "{} documents", documents.len());
    let dir = tempfile::tempdir().unwrap();
    for (a, b) in [(0, 1), (0, 2), (1, 2)] {
        // Correct labels, then the target labelled as the third language, then the source.
        let third = 3 - a - b;
        for (label_a, label_b, warns) in [
            (texts[a].0, texts[b].0, None),
            (texts[a].0, texts[third].0, Some("target")),
            (texts[third].0, texts[b].0, Some("source")),
        ] {
            let sub = dir
                .path()
                .join(format!("{label_a}-{label_b}-{}-{}", texts[a].0, texts[b].0));
            std::fs::create_dir(&sub).unwrap();
            let mut files = Vec::new();
            for (n, (_, rows)) in documents.iter().enumerate() {
                let file = sub.join(format!("{n:03}.tsv"));
                let mut body = format!("{label_a}\t{label_b}\n");
                for &i in rows {
                    body.push_str(&format!("{}\t{}\n", lines[a][i], lines[b][i]));
                }
                std::fs::write(&file, body).unwrap();
                files.push(file.to_str().unwrap().to_string());
            }
            let mut args = vec!["check", "--source-lang", label_a, "--fail-on", "never"];
            args.extend(files.iter().map(String::as_str));
            let r = run(&args);
            assert_eq!(r.code, 0, "{}", r.stderr);
            let warnings = r.stderr.lines().filter(|l| l.contains(" read as ")).count();
            match warns {
                None => assert_eq!(warnings, 0, "{label_a}-{label_b}: {}", r.stderr),
                Some(side) => {
                    assert_eq!(
                        warnings,
                        documents.len(),
                        "{label_a}-{label_b}: {}",
                        r.stderr
                    );
                    let each = format!("{side} segments read as ");
                    assert!(
                        r.stderr
                            .lines()
                            .filter(|l| l.contains(" read as "))
                            .all(|l| l.contains(&each))
                    );
                }
            }
        }
    }
}
