//! Every case of `tests/bad_input/` (one file per case) through every
//! subcommand that reads that kind of file: each gets a message naming the
//! file (and line and column where there is one), exit status 2 (1 where
//! `glossary lint` found what it fails on), no panic, no temporary file left
//! behind, and no output where the run failed as a whole. Legacy encodings,
//! UTF-16 and mojibake are read when asked. The single-line file of 200 MB
//! is `tests/big_line.rs`; Ctrl-C is `tests/interrupt.rs`.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::common::{BIN, Run, repo};

/// The cases' folder copied with good files beside them: an English article
/// and its French translation, a glossary and suggestions to merge into it,
/// a by-concept partial, and `locked/`, a folder nobody may read.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Writable by the unprivileged user `run` may become.
        std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o777)).unwrap();
    }
    for entry in std::fs::read_dir(repo().join("tests/bad_input")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, d.join(path.file_name().unwrap())).unwrap();
    }
    let fixtures = repo().join("tests/fixtures");
    for (from, to) in [
        ("align/talks.en.txt", "good.txt"),
        ("align/talks.fr.txt", "good.fr.txt"),
        ("merge/glossary.csv", "glossary.csv"),
        ("merge/suggestions.csv", "suggestions.csv"),
    ] {
        std::fs::copy(fixtures.join(from), d.join(to)).unwrap();
    }
    let r = run(
        d,
        &[
            "concordance",
            "good.txt",
            "--by-concept",
            "part.csv",
            "-o",
            "/dev/null",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    std::fs::create_dir(d.join("locked")).unwrap();
    std::fs::write(d.join("locked/a.txt"), "The refugees arrived.").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(d.join("locked"), std::fs::Permissions::from_mode(0o000)).unwrap();
    }
    dir
}

/// Whether this process may read anything (root): then runs drop to
/// `nobody` with setpriv, so that `locked/` is locked for them too.
fn privileged() -> bool {
    #[cfg(unix)]
    {
        std::fs::read_dir("/root").is_ok() && Path::new("/usr/bin/setpriv").exists() && {
            // SAFETY: geteuid has no preconditions.
            unsafe { libc::geteuid() == 0 }
        }
    }
    #[cfg(not(unix))]
    false
}

fn run(dir: &Path, args: &[&str]) -> Run {
    let mut command = if privileged() {
        let mut c = Command::new("/usr/bin/setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", BIN]);
        c
    } else {
        Command::new(BIN)
    };
    let out = command
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Files in `dir` that a run left behind (temporary files, `out.*`).
fn leftovers(dir: &Path) -> Vec<String> {
    crate::common::file_names(dir)
        .into_iter()
        .filter(|n| n.starts_with(".termalign-") || n.starts_with("out."))
        .collect()
}

/// Runs `args` in `dir` and checks the exit status, that stderr holds
/// `message`, that nothing panicked, and that no temporary file is left.
fn expect(dir: &Path, args: &[&str], code: i32, message: &str) -> Run {
    let r = run(dir, args);
    let shown = format!("termalign {}\n{}", args.join(" "), r.stderr);
    assert_eq!(r.code, code, "exit status of {shown}");
    assert!(
        r.stderr.contains(message),
        "{message:?} not in the stderr of {shown}"
    );
    assert!(!r.stderr.contains("panicked"), "{shown}");
    let left: Vec<String> = leftovers(dir)
        .into_iter()
        .filter(|n| n.starts_with(".termalign-"))
        .collect();
    assert!(left.is_empty(), "temporary files left by {shown}: {left:?}");
    r
}

/// Like [`expect`], for a run that fails as a whole: no output file.
fn refused(dir: &Path, args: &[&str], message: &str) {
    expect(dir, args, 2, message);
    let left = leftovers(dir);
    assert!(
        left.is_empty(),
        "termalign {}: left {left:?}",
        args.join(" ")
    );
}

/// Documents that cannot be read, each among good ones: the others are
/// processed, the bad one is named and adds nothing, and the run exits 2.
#[test]
fn unreadable_documents_in_every_command() {
    let dir = workspace();
    let d = dir.path();
    let cases = [
        ("missing.txt", "missing.txt: No such file or directory"),
        ("locked", "locked: Permission denied"),
        (
            "latin1.txt",
            "latin1.txt: not valid UTF-8: byte 0x92 at line 1, column 17; convert the file to \
             UTF-8, or give --encoding latin1 or cp1252",
        ),
        (
            "nul.txt",
            "nul.txt: binary file: NUL byte at line 1, column 26",
        ),
    ];
    for (bad, message) in cases {
        let r = expect(
            d,
            &["concordance", bad, "good.txt", "-o", "out.csv"],
            2,
            message,
        );
        let rows = std::fs::read_to_string(d.join("out.csv")).unwrap();
        assert!(rows.lines().count() > 1, "good.txt's rows are written");
        assert!(!rows.contains(bad), "{bad} adds nothing: {rows}");
        assert!(r.stdout.is_empty());
        std::fs::remove_file(d.join("out.csv")).unwrap();

        let r = expect(d, &["detect", bad, "good.txt"], 2, message);
        assert_eq!(
            r.stdout.lines().count(),
            2,
            "header and good.txt: {}",
            r.stdout
        );
        expect(d, &["check", bad, "good.txt"], 2, message);
        expect(d, &["suggest", bad, "good.txt", "good.fr.txt"], 2, message);
        if bad != "locked" {
            refused(d, &["align", bad, "good.fr.txt", "-o", "out.tsv"], message);
            refused(d, &["align", "good.txt", bad, "-o", "out.tsv"], message);
        }
    }
}

/// Glossaries that cannot be read stop every command that takes one,
/// before any output is made.
#[test]
fn unreadable_glossaries_in_every_command() {
    let dir = workspace();
    let d = dir.path();
    let cases = [
        (
            "unclosed_quote.csv",
            "unclosed_quote.csv:3: unclosed quote: the field opened at column 12 runs to the \
             end of the file",
        ),
        (
            "other_language.csv",
            "other_language.csv:3: field lang: unknown language \"de\": expected one of en, fr, es",
        ),
        (
            "latin1.txt",
            "latin1.txt: not valid UTF-8: byte 0x92 at line 1, column 17",
        ),
        ("missing.csv", "missing.csv: No such file or directory"),
    ];
    for (g, message) in cases {
        let glossary_format = ["--glossary-format", "csv"];
        let with = |args: &[&'static str]| -> Vec<&str> {
            let mut all = args.to_vec();
            all.extend(["-g", g]);
            all.extend(glossary_format);
            all
        };
        refused(
            d,
            &with(&["concordance", "good.txt", "-o", "out.csv"]),
            message,
        );
        refused(d, &with(&["check", "good.txt", "-o", "out.txt"]), message);
        refused(
            d,
            &with(&["align", "good.txt", "good.fr.txt", "-o", "out.tsv"]),
            message,
        );
        refused(
            d,
            &with(&["suggest", "good.txt", "good.fr.txt", "-o", "out.csv"]),
            message,
        );
        refused(d, &with(&["merge", "part.csv", "-o", "out.csv"]), message);
        refused(
            d,
            &with(&["glossary", "export", "-f", "tbx", "-o", "out.tbx"]),
            message,
        );
        refused(
            d,
            &with(&["glossary", "merge", "suggestions.csv", "-o", "out.csv"]),
            message,
        );
        // lint reports a bad row as a finding, on stdout (exit 1); a file
        // it cannot read at all is an error (exit 2).
        let lint = ["glossary", "lint", g, "--glossary-format", "csv"];
        if g == "other_language.csv" {
            let r = expect(d, &lint, 1, "other_language.csv: 1 error, 0 warnings");
            assert_eq!(
                r.stdout,
                "other_language.csv:3: unknown language \"de\": expected one of en, fr, es\n"
            );
        } else {
            expect(d, &lint, 2, message);
        }
    }
}

/// Translation files: malformed XML, entities (never expanded), languages
/// other than the ones asked for.
#[test]
fn unreadable_translations_in_every_command() {
    let dir = workspace();
    let d = dir.path();
    let cases = [
        (
            "undeclared_entity.tmx",
            "undeclared_entity.tmx:6: malformed XML at line 6, column 41: undeclared entity &nbsp;",
        ),
        (
            "entity_bomb.tmx",
            "entity_bomb.tmx:2: refused DOCTYPE at line 2, column 1: the DOCTYPE declares \
             entities, which termalign never expands",
        ),
        (
            "mismatched_tags.xlf",
            "mismatched_tags.xlf:7: malformed XML at line 7, column 53: ill-formed document: \
             expected `</target>`, but `</source>` was found",
        ),
        (
            "other_language.tmx",
            "other_language.tmx:2: language mismatch at line 2, column 1: none of its 1 <tu> has \
             both an en and an fr variant",
        ),
        (
            "nul.txt",
            "nul.txt: binary file: NUL byte at line 1, column 26",
        ),
    ];
    let langs = ["--source-lang", "en", "--target-lang", "fr"];
    for (file, message) in cases {
        let mut check = vec!["check", file, "-o", "out.txt"];
        check.extend(langs);
        refused(d, &check, message);
        let mut suggest = vec!["suggest", "--pairs", file, "-o", "out.csv"];
        suggest.extend(langs);
        refused(d, &suggest, message);
    }
}

/// Language codes other than en, fr and es, wherever a language is named.
#[test]
fn languages_outside_en_fr_es_are_refused() {
    let dir = workspace();
    let d = dir.path();
    let unknown = "unknown language \"de\": expected one of en, fr, es";
    for args in [
        &["concordance", "--lang", "de", "good.txt", "-o", "out.csv"][..],
        &["detect", "--lang", "de", "good.txt", "-o", "out.csv"],
        &["check", "--lang", "de", "good.txt", "-o", "out.txt"],
        &[
            "align",
            "--source-lang",
            "de",
            "good.txt",
            "good.fr.txt",
            "-o",
            "out.tsv",
        ],
        &[
            "check",
            "--source-lang",
            "en",
            "--target-lang",
            "de",
            "x.tmx",
            "-o",
            "out.txt",
        ],
        &[
            "suggest",
            "--pairs",
            "x.tmx",
            "--source-lang",
            "de",
            "--target-lang",
            "fr",
            "-o",
            "out.csv",
        ],
    ] {
        refused(d, args, unknown);
    }
    refused(
        d,
        &[
            "glossary", "export", "-f", "deepl", "--pair", "en-de", "-o", "out.tsv",
        ],
        "unknown language",
    );
    // A JSON Lines record may declare another language: read, not analysed.
    let r = expect(d, &["detect", "--jsonl", "other_language.jsonl"], 0, "");
    assert_eq!(
        r.stdout,
        "doc,lang,confidence,words,guess\na1,und,1.00,7,\na2,en,1.00,7,\n"
    );
}

/// An output naming one of the inputs is refused, and the input is intact.
#[test]
fn an_output_over_an_input_is_refused() {
    let dir = workspace();
    let d = dir.path();
    let before = |name: &str| std::fs::read(d.join(name)).unwrap();
    let saved: Vec<(&str, Vec<u8>)> = [
        "good.txt",
        "good.fr.txt",
        "glossary.csv",
        "suggestions.csv",
        "part.csv",
    ]
    .into_iter()
    .map(|n| (n, before(n)))
    .collect();
    for (args, target) in [
        (
            &["concordance", "good.txt", "-o", "good.txt"][..],
            "good.txt",
        ),
        (
            &["concordance", "good.txt", "--by-concept", "good.txt"],
            "good.txt",
        ),
        (
            &[
                "concordance",
                "good.txt",
                "-g",
                "glossary.csv",
                "-o",
                "glossary.csv",
            ],
            "glossary.csv",
        ),
        (&["detect", "good.txt", "-o", "good.txt"], "good.txt"),
        (&["check", "good.txt", "-o", "good.txt"], "good.txt"),
        (
            &["align", "good.txt", "good.fr.txt", "-o", "good.fr.txt"],
            "good.fr.txt",
        ),
        (
            &["suggest", "good.txt", "good.fr.txt", "-o", "good.txt"],
            "good.txt",
        ),
        (&["merge", "part.csv", "-o", "part.csv"], "part.csv"),
        (
            &[
                "glossary",
                "export",
                "-g",
                "glossary.csv",
                "-f",
                "csv",
                "-o",
                "glossary.csv",
            ],
            "glossary.csv",
        ),
        (
            &[
                "glossary",
                "merge",
                "suggestions.csv",
                "-g",
                "glossary.csv",
                "-o",
                "glossary.csv",
            ],
            "glossary.csv",
        ),
        (
            &[
                "glossary",
                "merge",
                "suggestions.csv",
                "-o",
                "suggestions.csv",
            ],
            "suggestions.csv",
        ),
    ] {
        expect(
            d,
            args,
            2,
            &format!("refusing to write {target}: it is one of the inputs"),
        );
    }
    for (name, bytes) in saved {
        assert_eq!(before(name), bytes, "{name} untouched");
    }
}

/// What is not UTF-8 but is text: UTF-16 with a byte order mark is read as
/// it is, legacy files with --encoding, mojibake repaired when asked and
/// pointed out by detect.
#[test]
fn legacy_encodings_and_mojibake() {
    let dir = workspace();
    let d = dir.path();
    let hits = |r: &Run| -> Vec<String> {
        let mut csv = csv::Reader::from_reader(r.stdout.as_bytes());
        csv.records()
            .map(|rec| rec.unwrap()[9].to_string())
            .collect()
    };
    let want = ["demandeurs d’asile", "réfugiés"];

    let r = expect(d, &["concordance", "utf16.txt"], 0, "");
    assert_eq!(hits(&r)[..2], want, "UTF-16 with a BOM: {}", r.stdout);

    let r = expect(
        d,
        &["concordance", "--encoding", "cp1252", "latin1.txt"],
        0,
        "",
    );
    assert_eq!(hits(&r)[..2], want, "Windows-1252: {}", r.stdout);
    // Read as Latin-1, the ’ is a C1 control: detect says so, and
    // --fix-mojibake repairs it.
    let r = expect(
        d,
        &["detect", "--encoding", "latin1", "latin1.txt"],
        0,
        "warning: latin1.txt: looks like mojibake: 1 C1 control character (U+0092 at line 1, \
         column 17): Windows-1252 read as Latin-1; --fix-mojibake repairs it",
    );
    assert!(r.stdout.contains("latin1.txt,fr,"), "{}", r.stdout);
    let r = expect(
        d,
        &[
            "concordance",
            "--encoding",
            "latin1",
            "--fix-mojibake",
            "latin1.txt",
        ],
        0,
        "",
    );
    assert_eq!(hits(&r)[..2], want);

    expect(
        d,
        &["detect", "mojibake.txt"],
        0,
        "warning: mojibake.txt: looks like mojibake: 2 C1 control characters (U+0092 at line 2, \
         column 17): Windows-1252 read as Latin-1; 7 misread characters (\"â€™\" at line 1, \
         column 17): UTF-8 read as Windows-1252",
    );
    let r = expect(d, &["concordance", "mojibake.txt"], 0, "");
    // Unrepaired, the asylum seekers are missed on both lines.
    assert!(!hits(&r).contains(&want[0].to_string()), "{}", r.stdout);
    let r = expect(d, &["concordance", "--fix-mojibake", "mojibake.txt"], 0, "");
    // "frontière" is a guarded term: it counts beside the asylum seekers.
    assert_eq!(
        hits(&r),
        [want[0], want[1], "frontière", want[0], want[1], "frontière"],
        "{}",
        r.stdout
    );
    let r = expect(d, &["detect", "--fix-mojibake", "mojibake.txt"], 0, "");
    assert!(
        !r.stderr.contains("mojibake"),
        "repaired, no warning: {}",
        r.stderr
    );
}

/// A translation file in Latin-1 is read as its XML declaration says, with
/// no flag; one that declares nothing (or UTF-8) is told to give
/// `--encoding latin1`, and is then read (it was refused with it: the
/// reader took the flag's advice for a lie); UTF-16 that says so is read;
/// bad UTF-16 is named by line, column and byte; an encoding termalign does
/// not read is named, with no flag advised.
#[test]
fn translation_files_in_the_encoding_they_declare() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let tmx = std::fs::read_to_string(repo().join("tests/fixtures/check/faults.tmx")).unwrap();
    let latin1 = |text: &str| -> Vec<u8> { text.chars().map(|c| c as u8).collect() };
    let declaring = |name: &str| tmx.replace("encoding=\"UTF-8\"", &format!("encoding=\"{name}\""));
    std::fs::write(d.join("utf8.tmx"), &tmx).unwrap();
    std::fs::write(d.join("declared.tmx"), latin1(&declaring("ISO-8859-1"))).unwrap();
    std::fs::write(d.join("undeclared.tmx"), latin1(&tmx)).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(
        declaring("UTF-16")
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    std::fs::write(d.join("utf16.tmx"), utf16).unwrap();
    std::fs::write(d.join("sjis.tmx"), declaring("Shift_JIS")).unwrap();
    let check = |file: &str, more: &[&str]| {
        let mut args = vec!["check", "--source-lang", "en", "--target-lang", "fr", file];
        args.extend_from_slice(more);
        args.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    };
    let run_check = |file: &str, more: &[&str], code: i32, message: &str| {
        let args = check(file, more);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        expect(d, &args, code, message)
    };
    let want = run_check("utf8.tmx", &[], 1, "").stdout;
    assert!(want.contains("\"migrants illégaux\""), "{want}");
    let same = |r: Run, file: &str| {
        assert_eq!(r.stdout.replace(file, "utf8.tmx"), want, "{file}");
    };
    same(run_check("declared.tmx", &[], 1, ""), "declared.tmx");
    same(run_check("utf16.tmx", &[], 1, ""), "utf16.tmx");
    run_check(
        "undeclared.tmx",
        &[],
        2,
        "termalign: undeclared.tmx: not valid UTF-8: byte 0xE8 at line 7, column 131; convert \
         the file to UTF-8, or give --encoding latin1 or cp1252",
    );
    same(
        run_check("undeclared.tmx", &["--encoding", "latin1"], 1, ""),
        "undeclared.tmx",
    );
    let r = run_check(
        "sjis.tmx",
        &["--encoding", "latin1"],
        2,
        "termalign: sjis.tmx:1: unsupported encoding at line 1, column 1: the file declares \
         \"Shift_JIS\"; termalign reads UTF-8, UTF-16, Latin-1 and Windows-1252: convert it to \
         UTF-8\n",
    );
    assert!(!r.stderr.contains("--encoding"), "{}", r.stderr);

    // A glossary: a TBX declaring Latin-1 is linted and loaded as its UTF-8
    // twin is.
    let tbx = std::fs::read_to_string(repo().join("tests/fixtures/tbx/legacy_iate.tbx")).unwrap();
    std::fs::write(d.join("utf8.tbx"), &tbx).unwrap();
    std::fs::write(
        d.join("latin1.tbx"),
        latin1(&tbx.replace("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"")),
    )
    .unwrap();
    for args in [
        &["glossary", "lint"][..],
        &["glossary", "export", "--format", "csv", "-g"],
    ] {
        let with = |file: &str| {
            let mut all = args.to_vec();
            all.push(file);
            let r = run(d, &all);
            (
                r.code,
                r.stdout.replace(file, "F"),
                r.stderr.replace(file, "F"),
            )
        };
        let want = with("utf8.tbx");
        assert!(!want.1.is_empty() || !want.2.is_empty(), "{want:?}");
        assert_eq!(with("latin1.tbx"), want, "{args:?}");
    }

    // UTF-16 with an unpaired surrogate: where it is.
    let mut bad = vec![0xFF, 0xFE];
    let units: Vec<u16> = "Asylum seekers\nline two ".encode_utf16().collect();
    bad.extend(
        units
            .iter()
            .chain(&[0xD800, 0x0078])
            .flat_map(|u| u.to_le_bytes()),
    );
    std::fs::write(d.join("bad16.txt"), bad).unwrap();
    expect(
        d,
        &["detect", "bad16.txt"],
        2,
        "termalign: bad16.txt: not valid UTF-16LE (it starts with that byte order mark): an \
         unpaired surrogate 0xD800 at line 2, column 10 (byte 50)\n",
    );
}

/// A name holding a newline (legal in a Unix file name) or another control
/// character is printed escaped wherever people read it: it cannot print a
/// line that reads as a finding of its own, nor rewrite the terminal with a
/// carriage return. CSV and JSON quote it by their own rules, unchanged.
#[cfg(unix)]
#[test]
fn names_with_control_characters_cannot_forge_lines() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let forged = "b.txt:1: error: [x] forged\na.txt";
    std::fs::write(d.join(forged), "Illegal migrants were detained.\n").unwrap();
    std::fs::write(d.join("bad\r.txt"), b"r\xE9fugi\xE9s\n").unwrap();
    // The check's text report: one line per finding, the name escaped.
    let r = expect(d, &["check", "--lang", "en", "."], 2, "");
    assert_eq!(
        r.stdout,
        "./b.txt:1: error: [x] forged\\na.txt:1: error: [irregular-migrant] deprecated term \
         \"Illegal migrants\" (illegal migrant); use \"irregular migrant\"\n"
    );
    // Every message on stderr: one line each, no raw control character.
    assert_eq!(
        r.stderr,
        "termalign: ./bad\\r.txt: not valid UTF-8: byte 0xE9 at line 1, column 2; convert the \
         file to UTF-8, or give --encoding latin1 or cp1252\n\
         termalign: checked 1 document: 1 error, 0 warnings, 0 info\n"
    );
    // CSV keeps the name as it is, quoted.
    let r = expect(
        d,
        &["check", "--lang", "en", "--format", "csv", forged],
        1,
        "",
    );
    assert!(
        r.stdout.contains(&format!("\n\"{forged}\",1,,error,")),
        "{}",
        r.stdout
    );

    // A segment id from a TMX (`&#10;` in a tuid) and a glossary's name.
    let tmx = std::fs::read_to_string(repo().join("tests/fixtures/check/faults.tmx"))
        .unwrap()
        .replace(
            "tuid=\"dropped\"",
            "tuid=\"x&#10;faults.tmx#2: error: forged\"",
        );
    std::fs::write(d.join("faults.tmx"), tmx).unwrap();
    let r = expect(
        d,
        &[
            "check",
            "--source-lang",
            "en",
            "--target-lang",
            "fr",
            "faults.tmx",
        ],
        1,
        "",
    );
    assert_eq!(r.stdout.lines().count(), 3, "{}", r.stdout);
    assert!(
        r.stdout.contains(
            "faults.tmx#x\\nfaults.tmx#2: error: forged: error: [asylum-seeker] missing term"
        ),
        "{}",
        r.stdout
    );
    let glossary = "g\n1.csv";
    std::fs::write(d.join(glossary), "concept,lang,term\nBad Id,en,refugee\n").unwrap();
    let r = expect(d, &["glossary", "lint", glossary], 1, "");
    assert!(
        r.stdout.starts_with("g\\n1.csv:1: missing column"),
        "{}",
        r.stdout
    );
    assert_eq!(
        r.stdout.lines().count(),
        r.stdout.matches("g\\n1.csv:").count(),
        "{}",
        r.stdout
    );
}

/// CSV written for people runs no formula when opened in a spreadsheet: a
/// text field starting with = + - @ (a JSON Lines id, a file name, a
/// context, a sentence) gets a `'` before it (OWASP's rule), numbers stay
/// numbers, and `--raw-csv` writes fields as they are. What termalign reads
/// back (by-concept tables for `merge`, suggestions for `glossary merge`)
/// round-trips, neutralised or raw; the native glossary CSV is never
/// neutralised.
#[test]
fn csv_for_spreadsheets_runs_no_formula() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Writable by the unprivileged user `run` may become.
        std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o777)).unwrap();
    }
    let id = r#"=HYPERLINK(\"http://evil\",\"x\")"#;
    std::fs::write(
        d.join("in.jsonl"),
        format!("{{\"id\": \"{id}\", \"text\": \"We saw refugees -- at -2 degrees.\"}}\n"),
    )
    .unwrap();
    let hyperlink = r#""'=HYPERLINK(""http://evil"",""x"")""#;
    let r = expect(d, &["concordance", "--jsonl", "in.jsonl"], 0, "");
    assert_eq!(
        r.stdout.lines().nth(1).unwrap(),
        format!(
            "refugee,en,refugee,preferred,stem,{hyperlink},1,7,15,refugees,We saw,'-- at -2 degrees.,"
        )
    );
    let r = expect(
        d,
        &["concordance", "--jsonl", "--raw-csv", "in.jsonl"],
        0,
        "",
    );
    assert_eq!(
        r.stdout.lines().nth(1).unwrap(),
        "refugee,en,refugee,preferred,stem,\"=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",1,7,15,\
         refugees,We saw,-- at -2 degrees.,"
    );
    let r = expect(d, &["detect", "--jsonl", "in.jsonl"], 0, "");
    assert!(
        r.stdout
            .starts_with(&format!("doc,lang,confidence,words,guess\n{hyperlink},en,")),
        "{}",
        r.stdout
    );

    // check's CSV, align's CSV.
    std::fs::write(d.join("@evil.txt"), "Illegal migrants were detained.\n").unwrap();
    let r = expect(
        d,
        &["check", "--lang", "en", "--format", "csv", "@evil.txt"],
        1,
        "",
    );
    assert!(r.stdout.contains("\n'@evil.txt,1,,error,"), "{}", r.stdout);
    std::fs::write(d.join("s.en.txt"), "- Refugees arrived at the border.\n").unwrap();
    std::fs::write(
        d.join("s.fr.txt"),
        "- Les réfugiés sont arrivés à la frontière.\n",
    )
    .unwrap();
    let r = expect(
        d,
        &["align", "s.en.txt", "s.fr.txt", "--format", "csv"],
        0,
        "",
    );
    assert_eq!(
        r.stdout.lines().nth(1).unwrap(),
        "1,1,'- Refugees arrived at the border.,'- Les réfugiés sont arrivés à la frontière.,1.000,false"
    );

    // A by-concept table round-trips through merge, neutralised or raw.
    std::fs::write(
        d.join("g.csv"),
        "concept,lang,term,status,pos\n=cmd|x,en,refugee,preferred,noun\n",
    )
    .unwrap();
    std::fs::write(d.join("a.txt"), "The refugees arrived.\n").unwrap();
    let by_concept = |raw: bool, out: &str| {
        let mut args = vec![
            "concordance",
            "-g",
            "g.csv",
            "a.txt",
            "-o",
            "/dev/null",
            "--by-concept",
            out,
        ];
        if raw {
            args.push("--raw-csv");
        }
        expect(d, &args, 0, "");
        std::fs::read_to_string(d.join(out)).unwrap()
    };
    let people = by_concept(false, "people.csv");
    let raw = by_concept(true, "raw.csv");
    assert!(
        people.contains("\n'=cmd|x,refugee,1,refugees (1),1,"),
        "{people}"
    );
    assert!(raw.contains("\n=cmd|x,refugee,1,refugees (1),1,"), "{raw}");
    let r = expect(d, &["merge", "-g", "g.csv", "people.csv", "raw.csv"], 0, "");
    assert!(
        r.stdout.contains("\n'=cmd|x,refugee,2,refugees (2),2,"),
        "{}",
        r.stdout
    );

    // Suggestions neutralised for the reviewer are merged as they were;
    // the glossary written is the native format, never neutralised.
    std::fs::write(
        d.join("s.csv"),
        "lang_a,term_a,lang_b,term_b,score,method,accept\n\
         en,'-asylum hotel,fr,hôtel pour demandeurs,-0.5,parallel,yes\n",
    )
    .unwrap();
    std::fs::copy(
        repo().join("tests/fixtures/merge/glossary.csv"),
        d.join("base.csv"),
    )
    .unwrap();
    expect(
        d,
        &[
            "glossary",
            "merge",
            "-g",
            "base.csv",
            "s.csv",
            "-o",
            "merged.csv",
        ],
        0,
        "",
    );
    let merged = std::fs::read_to_string(d.join("merged.csv")).unwrap();
    assert!(
        merged.contains("\nasylum-hotel,en,-asylum hotel,preferred,noun,,,,,\"termalign suggest: s.csv:2 (parallel, score -0.5)\""),
        "{merged}"
    );
}

/// A term past `MAX_TERM_CHARS` (1,000 characters) is a shifted column or
/// a pasted text, whatever the format: refused at its line before anything
/// compiles it (a 50 MB term took 3 to 5 GB in the matcher); lint reports
/// it. A term of 1,000 characters is read.
#[test]
fn a_runaway_term_is_refused_in_every_format() {
    let dir = workspace();
    let d = dir.path();
    let header =
        "concept,lang,term,status,pos,region,guard,term_note,concept_note,source,subject,related\n";
    let csv = |term: &str| {
        format!(
            "{header}asylum,en,asylum,preferred,noun,,,,,,,\nx,en,{term},preferred,noun,,,,,,,\n"
        )
    };
    let long = "l'".repeat(500) + "a";
    std::fs::write(d.join("long.csv"), csv(&long)).unwrap();
    std::fs::write(d.join("longest.csv"), csv(&long[1..])).unwrap();
    std::fs::write(d.join("long.tsv"), format!("asylum\tasile\n{long}\tx\n")).unwrap();
    let tbx = format!(
        "<?xml version=\"1.0\"?>\n<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"en\" \
         xmlns=\"urn:iso:std:iso:30042:ed-2\">\n<text><body>\n<conceptEntry id=\"x\">\n\
         <langSec xml:lang=\"en\"><termSec>\n<term>{long}</term>\n</termSec></langSec>\n\
         </conceptEntry>\n</body></text></tbx>\n"
    );
    std::fs::write(d.join("long.tbx"), tbx).unwrap();
    let message = "term of 1001 characters (starting \"l'l'l'";
    for (g, line) in [("long.csv", 3), ("long.tsv", 2), ("long.tbx", 6)] {
        let at = format!("{g}:{line}: field term: {message}");
        let with = |args: &[&'static str]| -> Vec<&str> {
            let mut all = args.to_vec();
            all.extend(["-g", g, "--glossary-pair", "en-fr"]);
            all
        };
        refused(d, &with(&["concordance", "good.txt", "-o", "out.csv"]), &at);
        refused(d, &with(&["check", "good.txt", "-o", "out.txt"]), &at);
        refused(
            d,
            &with(&["align", "good.txt", "good.fr.txt", "-o", "out.tsv"]),
            &at,
        );
        refused(d, &with(&["glossary", "stats"]), &at);
    }
    let r = expect(d, &["glossary", "lint", "long.csv"], 1, "long.csv: 1 error");
    assert!(
        r.stdout.starts_with(&format!("long.csv:3: {message}")),
        "{}",
        r.stdout
    );
    let r = expect(d, &["glossary", "stats", "-g", "longest.csv"], 0, "");
    assert!(r.stdout.contains("Concepts: 2; terms: 2."), "{}", r.stdout);
}
