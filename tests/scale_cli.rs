//! Archive-sized runs, end to end: JSON Lines input, outputs that do not
//! depend on the number of threads or the order of the inputs, and shards
//! whose merged partial results equal one run over the whole corpus.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::common::{Run, assert_same, repo, run_in};

fn run(dir: &Path, args: &[&str]) -> Run {
    run_in(dir, args, None)
}

fn seeds() -> Vec<(String, String)> {
    let mut seeds: Vec<(String, String)> = std::fs::read_dir(repo().join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    seeds.sort();
    seeds
}

/// A corpus of `copies` × the seed articles, each copy's paragraphs
/// rotated so no two documents are the same, as plain files.
fn corpus(dir: &Path, copies: usize) -> Vec<(String, String)> {
    let mut docs = Vec::new();
    for copy in 0..copies {
        for (name, text) in seeds() {
            let mut paragraphs: Vec<&str> = text.split("\n\n").collect();
            let n = paragraphs.len();
            paragraphs.rotate_left(copy % n.max(1));
            docs.push((format!("{copy:02}-{name}"), paragraphs.join("\n\n")));
        }
    }
    std::fs::create_dir_all(dir).unwrap();
    for (name, text) in &docs {
        std::fs::write(dir.join(format!("{name}.txt")), text).unwrap();
    }
    docs
}

fn jsonl(docs: &[(String, String)]) -> String {
    docs.iter()
        .map(|(id, text)| serde_json::json!({ "id": id, "text": text }).to_string() + "\n")
        .collect()
}

/// The by-concept table of the seed articles.
fn seeds_table() -> Run {
    let args = [
        "concordance",
        "seeds",
        "-o",
        "/dev/null",
        "--by-concept",
        "-",
    ];
    run(&repo(), &args)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn outputs_are_the_same_for_every_number_of_jobs() {
    let dir = tempfile::tempdir().unwrap();
    corpus(&dir.path().join("docs"), 40);
    let mut first: Option<[String; 4]> = None;
    for jobs in ["1", "2", "3", "8"] {
        let c = run(
            dir.path(),
            &["-j", jobs, "concordance", "docs", "--by-concept", "bc.csv"],
        );
        assert_eq!(c.code, 0, "{}", c.stderr);
        let d = run(dir.path(), &["-j", jobs, "detect", "docs"]);
        let k = run(
            dir.path(),
            &[
                "-j",
                jobs,
                "check",
                "docs",
                "--format",
                "csv",
                "--fail-on",
                "never",
            ],
        );
        assert_eq!((d.code, k.code), (0, 0), "{}{}", d.stderr, k.stderr);
        let outputs = [
            c.stdout,
            read(&dir.path().join("bc.csv")),
            d.stdout,
            k.stdout,
        ];
        assert!(outputs[0].lines().count() > 200, "{}", outputs[0]);
        match &first {
            None => first = Some(outputs),
            Some(first) => {
                for (got, want) in outputs.iter().zip(first) {
                    assert_same(got, want, &format!("-j {jobs}"));
                }
            }
        }
    }
}

/// The lines of `text` after the first, sorted: the same rows in any order.
fn sorted_rows(text: &str) -> Vec<String> {
    let mut rows: Vec<String> = text.lines().skip(1).map(str::to_string).collect();
    rows.sort();
    rows
}

#[test]
fn results_do_not_depend_on_the_order_of_the_files() {
    let dir = tempfile::tempdir().unwrap();
    let docs = corpus(&dir.path().join("docs"), 3);
    let mut names: Vec<String> = docs
        .iter()
        .map(|(name, _)| format!("docs/{name}.txt"))
        .collect();
    let mut first: Option<Vec<String>> = None;
    // In order, reversed, and interleaved.
    for order in 0..3 {
        match order {
            1 => names.reverse(),
            2 => names.sort_by_key(|n| (n.len() % 3, n.chars().rev().collect::<String>())),
            _ => {}
        }
        let with = |args: &[&str]| -> Vec<String> {
            let mut all: Vec<String> = args.iter().map(|a| a.to_string()).collect();
            all.extend(names.iter().cloned());
            all
        };
        let go = |args: Vec<String>| {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let r = run(dir.path(), &args);
            assert!(r.code <= 1, "{}", r.stderr);
            r.stdout
        };
        let concordance = go(with(&["concordance", "--by-concept", "bc.csv"]));
        let outputs = vec![
            // Rows come in input order; as a set they are the same.
            sorted_rows(&concordance).join("\n"),
            read(&dir.path().join("bc.csv")),
            sorted_rows(&go(with(&["detect"]))).join("\n"),
            go(with(&[
                "check",
                "--format",
                "csv",
                "--scope",
                "corpus",
                "--fail-on",
                "never",
            ])),
            go(with(&["check", "--format", "csv", "--fail-on", "never"])),
            go(with(&["suggest", "--min-freq", "2"])),
        ];
        assert!(outputs[0].lines().count() > 20, "{}", outputs[0]);
        assert!(outputs[5].lines().count() > 5, "{}", outputs[5]);
        match &first {
            None => first = Some(outputs),
            Some(first) => {
                for (got, want) in outputs.iter().zip(first) {
                    assert_same(got, want, &format!("order {order}"));
                }
            }
        }
    }
}

#[test]
fn jsonl_records_are_documents() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = seeds();
    let (name, text) = &seeds[0];
    let lines = [
        serde_json::json!({ "id": name, "text": text }).to_string(),
        String::new(),
        // A numeric id; a declared language wins over detection.
        serde_json::json!({ "id": 7, "text": "Les réfugiés et les demandeurs d'asile.", "lang": "fr" })
            .to_string(),
        // A language other than ours: read, not analysed.
        serde_json::json!({ "id": "de-1", "text": "Die Flüchtlinge und die Migranten.", "lang": "de" })
            .to_string(),
    ];
    std::fs::write(dir.path().join("a.jsonl"), lines.join("\n")).unwrap();
    let d = run(dir.path(), &["detect", "--jsonl", "a.jsonl"]);
    assert_eq!(d.code, 0, "{}", d.stderr);
    let rows: Vec<&str> = d.stdout.lines().collect();
    assert_eq!(rows[0], "doc,lang,confidence,words,guess");
    assert!(rows[1].starts_with(&format!("{name},")), "{}", d.stdout);
    assert_eq!(&rows[2..], ["7,fr,1.00,6,", "de-1,und,1.00,5,"]);

    // The concordance of the record equals that of the file it came from.
    let plain = run(&repo(), &["concordance", &format!("seeds/{name}.txt")]);
    let records = run(dir.path(), &["concordance", "--jsonl", "a.jsonl"]);
    assert_eq!(records.code, 0, "{}", records.stderr);
    let from_record: Vec<&str> = records
        .stdout
        .lines()
        .filter(|l| l.contains(&format!(",{name},")))
        .collect();
    let from_file: Vec<String> = plain
        .stdout
        .lines()
        .skip(1)
        .map(|l| l.replace(&format!("seeds/{name}.txt"), name))
        .collect();
    assert_eq!(from_record, from_file);
    assert!(
        records.stdout.contains(",fr,réfugié,preferred,"),
        "{}",
        records.stdout
    );
    assert!(!records.stdout.contains("de-1"), "{}", records.stdout);
}

#[test]
fn jsonl_from_gzipped_stdin_and_folders() {
    let dir = tempfile::tempdir().unwrap();
    let docs: Vec<(String, String)> = seeds().into_iter().take(3).collect();
    let text = jsonl(&docs);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(text.as_bytes()).unwrap();
    let gz = gz.finish().unwrap();
    let from_stdin = run_in(dir.path(), &["concordance", "--jsonl", "-"], Some(&gz));
    assert_eq!(from_stdin.code, 0, "{}", from_stdin.stderr);
    std::fs::create_dir(dir.path().join("archive")).unwrap();
    std::fs::write(dir.path().join("archive/part-1.jsonl.gz"), &gz).unwrap();
    std::fs::write(dir.path().join("archive/notes.txt"), "not a shard").unwrap();
    let from_folder = run(dir.path(), &["concordance", "--jsonl", "archive"]);
    assert_eq!(from_folder.code, 0, "{}", from_folder.stderr);
    assert_eq!(from_folder.stdout, from_stdin.stdout);
    assert!(
        from_folder
            .stderr
            .contains("skipped 1 file that is not .jsonl or .ndjson"),
        "{}",
        from_folder.stderr
    );
    assert!(from_stdin.stdout.lines().count() > 10);
}

#[test]
fn bad_jsonl_records_are_named_and_the_others_processed() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        r#"{"id": "ok-1", "text": "The refugees arrived."}"#,
        r#"{"id": "broken", "text": "unterminated"#,
        r#"{"id": "no-text"}"#,
        r#"{"id": "", "text": "An empty id."}"#,
        r#"{"id": ["a"], "text": "A list for an id."}"#,
        r#"{"id": "ok-2", "text": "Asylum seekers and migrants."}"#,
    ];
    std::fs::write(dir.path().join("a.jsonl"), lines.join("\n")).unwrap();
    let r = run(dir.path(), &["concordance", "--jsonl", "a.jsonl"]);
    assert_eq!(r.code, 2);
    let errors: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(errors.len(), 4, "{}", r.stderr);
    assert_eq!(
        errors[0],
        r#"termalign: a.jsonl:2: EOF while parsing a string at column 38 (line starting "{\"id\": \"broken\", \"text\": \"unterminated")"#
    );
    assert_eq!(
        errors[1],
        r#"termalign: a.jsonl:3: field text: missing (record "no-text")"#
    );
    assert_eq!(
        errors[2],
        r#"termalign: a.jsonl:4: field id: empty id (text starting "An empty id.")"#
    );
    assert_eq!(
        errors[3],
        r#"termalign: a.jsonl:5: field id: must be a string or a number, not ["a"]"#
    );
    let docs: Vec<&str> = r
        .stdout
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(5).unwrap())
        .collect();
    assert_eq!(docs, ["ok-1", "ok-2", "ok-2"]);
}

/// Splits the records into `n` shards, round robin.
fn shards(dir: &Path, docs: &[(String, String)], n: usize) -> Vec<PathBuf> {
    (0..n)
        .map(|i| {
            let shard: Vec<(String, String)> = docs.iter().skip(i).step_by(n).cloned().collect();
            let path = dir.join(format!("shard-{i}.jsonl"));
            std::fs::write(&path, jsonl(&shard)).unwrap();
            path
        })
        .collect()
}

#[test]
fn by_concept_tables_of_shards_merge_into_the_table_of_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let docs = corpus(&dir.path().join("docs"), 6);
    std::fs::write(dir.path().join("all.jsonl"), jsonl(&docs)).unwrap();
    let one = run(
        dir.path(),
        &[
            "concordance",
            "--jsonl",
            "all.jsonl",
            "-o",
            "/dev/null",
            "--by-concept",
            "-",
        ],
    );
    assert_eq!(one.code, 0, "{}", one.stderr);
    let mut partials = Vec::new();
    for (i, shard) in shards(dir.path(), &docs, 4).iter().enumerate() {
        let partial = format!("partial-{i}.csv");
        let r = run(
            dir.path(),
            &[
                "concordance",
                "--jsonl",
                shard.to_str().unwrap(),
                "-o",
                "/dev/null",
                "--by-concept",
                &partial,
            ],
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        partials.push(partial);
    }
    // Shards in any order, and an empty one.
    partials.reverse();
    std::fs::write(dir.path().join("empty.csv"), "").unwrap();
    partials.push("empty.csv".into());
    let mut args = vec!["merge"];
    args.extend(partials.iter().map(String::as_str));
    let merged = run(dir.path(), &args);
    assert_eq!(merged.code, 0, "{}", merged.stderr);
    assert_same(&merged.stdout, &one.stdout, "merged shards");
    assert!(one.stdout.contains(",migrants (18),6,"), "{}", one.stdout);

    // The plain files, listed in another order, give the same table.
    let mut names: Vec<String> = docs.iter().map(|(n, _)| format!("docs/{n}.txt")).collect();
    names.reverse();
    let mut args = vec!["concordance", "-o", "/dev/null", "--by-concept", "-"];
    args.extend(names.iter().map(String::as_str));
    let reversed = run(dir.path(), &args);
    assert_same(&reversed.stdout, &one.stdout, "files in reverse order");
}

#[test]
fn merge_names_what_it_cannot_add_up() {
    let dir = tempfile::tempdir().unwrap();
    let r = seeds_table();
    let good = r.stdout;
    let header = good.lines().next().unwrap();
    let cases = [
        (
            "rows.csv",
            "concept,lang,term\n".to_string(),
            "rows.csv:1: not a table of `concordance --by-concept`: the header differs",
        ),
        (
            "unknown.csv",
            format!("{header}\nno-such-concept,,1,x (1),1,,0,,0,,0,,0\n"),
            "unknown.csv:2: field concept: \"no-such-concept\" is not in the glossary; merge with the glossary the tables were made with (-g)",
        ),
        (
            "count.csv",
            format!("{header}\nmigration,migration,two,migration (2),1,,0,,0,,0,,0\n"),
            "count.csv:2: field en_count: \"two\" is not a count",
        ),
        (
            "forms.csv",
            format!("{header}\nmigration,migration,3,migration (2),1,,0,,0,,0,,0\n"),
            "forms.csv:2: field en_forms: the forms' counts do not add up to en_count 3",
        ),
    ];
    for (name, text, message) in cases {
        std::fs::write(dir.path().join(name), text).unwrap();
        let r = run(dir.path(), &["merge", name, "-o", "out.csv"]);
        assert_eq!(r.code, 2, "{name}: {}", r.stderr);
        assert_eq!(r.stderr, format!("termalign: {message}\n"));
        assert!(!dir.path().join("out.csv").exists());
    }
}

#[test]
fn batch_alignment_is_the_same_for_every_number_of_jobs() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let side = |lang: &str| {
        std::fs::read_to_string(repo().join(format!("tests/fixtures/align/talks.{lang}.txt")))
            .unwrap()
    };
    let (en, fr) = (side("en"), side("fr"));
    let mut pairs = String::new();
    for i in 0..24 {
        // Pairs of different lengths: each a prefix of the talks, both sides
        // cut after the same number of lines.
        let keep = 2 + i % 5;
        let cut = |text: &str| text.lines().take(keep).collect::<Vec<_>>().join("\n");
        std::fs::write(d.join(format!("en-{i:02}.txt")), cut(&en)).unwrap();
        std::fs::write(d.join(format!("fr-{i:02}.txt")), cut(&fr)).unwrap();
        pairs.push_str(&format!("en-{i:02}.txt\tfr-{i:02}.txt\n"));
    }
    pairs.push_str("en-missing.txt\tfr-00.txt\n");
    std::fs::write(d.join("pairs.tsv"), pairs).unwrap();
    let mut first: Option<(String, Vec<(String, String)>)> = None;
    for jobs in ["1", "2", "4"] {
        let out = format!("out-{jobs}");
        let args = [
            "-j",
            jobs,
            "align",
            "--pairs",
            "pairs.tsv",
            "--threshold",
            "0.9",
            "-o",
            &out,
        ];
        let r = run(d, &args);
        assert_eq!(r.code, 2, "{}", r.stderr);
        let mut files: Vec<(String, String)> = std::fs::read_dir(d.join(&out))
            .unwrap()
            .map(|e| {
                let path = e.unwrap().path();
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                (name, read(&path))
            })
            .collect();
        files.sort();
        assert_eq!(files.len(), 24);
        match &first {
            None => first = Some((r.stderr, files)),
            Some((stderr, want)) => {
                assert_eq!(&r.stderr, stderr, "-j {jobs}");
                assert_eq!(&files, want, "-j {jobs}");
            }
        }
    }
    let (stderr, _) = first.unwrap();
    assert!(stderr.contains("en-missing.txt"), "{stderr}");
}

#[test]
fn suggest_partials_of_shards_merge_into_the_suggestions_of_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Comparable mode: the seed articles, in JSON Lines shards.
    let docs = corpus(&d.join("docs"), 2);
    std::fs::write(d.join("all.jsonl"), jsonl(&docs)).unwrap();
    let one = run(
        d,
        &[
            "suggest",
            "--jsonl",
            "all.jsonl",
            "--candidates",
            "one-cands.csv",
        ],
    );
    assert_eq!(one.code, 0, "{}", one.stderr);
    assert!(one.stdout.lines().count() > 20, "{}", one.stdout);
    let mut args = vec!["merge".to_string()];
    for (i, shard) in shards(d, &docs, 3).iter().enumerate() {
        let partial = format!("part-{i}.json");
        let r = run(
            d,
            &[
                "-j",
                "2",
                "suggest",
                "--jsonl",
                shard.to_str().unwrap(),
                "--partial",
                "-o",
                &partial,
            ],
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        args.push(partial);
    }
    args.reverse();
    args.rotate_right(1);
    args.extend(["--candidates".into(), "merged-cands.csv".into()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let merged = run(d, &args);
    assert_eq!(merged.code, 0, "{}", merged.stderr);
    assert_same(&merged.stdout, &one.stdout, "merged comparable partials");
    assert_same(
        &read(&d.join("merged-cands.csv")),
        &read(&d.join("one-cands.csv")),
        "candidates",
    );

    // Parallel mode: a translation memory cut in two, merged with options.
    let tm = repo().join("tests/fixtures/suggest/coyotes.en-fr.tsv");
    let lines: Vec<String> = read(&tm).lines().map(String::from).collect();
    let (a, b) = lines.split_at(lines.len() / 2);
    std::fs::write(d.join("a.tsv"), a.join("\n")).unwrap();
    std::fs::write(d.join("b.tsv"), b.join("\n")).unwrap();
    let pairs = ["--source-lang", "en", "--target-lang", "fr"];
    let scoring = ["--min-freq", "1", "--top", "2"];
    let mut args = vec!["suggest", "--pairs", tm.to_str().unwrap()];
    args.extend(pairs.iter().chain(&scoring));
    let one = run(d, &args);
    assert_eq!(one.code, 0, "{}", one.stderr);
    for half in ["a", "b"] {
        let (input, out) = (format!("{half}.tsv"), format!("{half}.json"));
        let mut args = vec!["suggest", "--partial", "-o", &out, "--pairs", &input];
        args.extend(pairs);
        let r = run(d, &args);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let mut args = vec!["merge", "b.json", "a.json"];
    args.extend(scoring);
    let merged = run(d, &args);
    assert_eq!(merged.code, 0, "{}", merged.stderr);
    assert_same(&merged.stdout, &one.stdout, "merged parallel partials");

    // Partials that cannot add up are refused, naming the files.
    let r = run(d, &["merge", "a.json", "part-0.json"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.starts_with("termalign: part-0.json: "),
        "{}",
        r.stderr
    );
    let table = seeds_table();
    std::fs::write(d.join("table.csv"), table.stdout).unwrap();
    let r = run(d, &["merge", "a.json", "table.csv"]);
    assert_eq!(
        r.stderr,
        "termalign: table.csv is a by-concept table but a.json is suggest counts: merge partials of one kind\n"
    );
}

#[test]
fn jsonl_language_tags_with_regions_and_files_that_are_not_jsonl() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        r#"{"id": "r", "text": "The refugees and the migrants.", "lang": "en-US"}"#,
        r#"{"id": "s", "text": "Los refugiados.", "lang": "es_419"}"#,
        r#"{"id": "f", "text": "Les réfugiés.", "lang": "fra_Latn"}"#,
        r#"{"id": "p", "text": "Os refugiados.", "lang": "pt-BR"}"#,
        r#"{"id": 5, "text": 5}"#,
    ];
    std::fs::write(dir.path().join("a.jsonl"), lines.join("\n")).unwrap();
    let r = run(dir.path(), &["detect", "--jsonl", "a.jsonl"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stdout,
        "doc,lang,confidence,words,guess\nr,en,1.00,5,\ns,es,1.00,2,\nf,fr,1.00,2,\np,und,1.00,2,\n"
    );
    assert_eq!(
        r.stderr,
        "termalign: a.jsonl:5: field text: must be a string, not a number (record 5)\n"
    );

    // A file that is not JSON Lines gets a few errors, not one per line.
    let lines: Vec<String> = (0..500)
        .map(|i| format!("line {i} of plain text"))
        .collect();
    std::fs::write(dir.path().join("plain.jsonl"), lines.join("\n")).unwrap();
    let r = run(dir.path(), &["concordance", "--jsonl", "plain.jsonl"]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stderr.lines().count(), 11, "{}", r.stderr);
    // No record read at all: nothing is written, not an empty concordance.
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(
        r.stderr.ends_with("plain.jsonl:10: 10 bad lines and no record: not JSON Lines? (one article per line, {\"id\": …, \"text\": …}); the rest of the file is skipped\ntermalign: no input could be read; nothing written\n"),
        "{}",
        r.stderr
    );
}

#[test]
fn runs_refuse_what_would_lose_data_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    corpus(&d.join("docs"), 1);
    let article = "docs/00-000_f578d147c1455582.txt";
    let before = read(&d.join(article));
    for command in ["check", "suggest"] {
        let r = run(d, &[command, "docs", "-o", article]);
        assert_eq!(r.code, 2, "{command}: {}", r.stderr);
        assert_eq!(
            r.stderr,
            format!("termalign: refusing to write {article}: it is one of the inputs\n")
        );
        assert_eq!(read(&d.join(article)), before);
    }

    // Merged partials get the checks of a whole run: one language is not
    // enough for comparable suggestions.
    std::fs::write(d.join("en.jsonl"), jsonl(&corpus(&d.join("x"), 1)[1..3])).unwrap();
    let r = run(
        d,
        &[
            "suggest",
            "--jsonl",
            "en.jsonl",
            "--partial",
            "-o",
            "en.json",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(d, &["merge", "en.json", "-o", "out.csv"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            2,
            "termalign: comparable mode needs documents in at least two languages; found English\n"
        )
    );
    assert!(!d.join("out.csv").exists());

    // Two pairs of a batch alignment that would write one file.
    for side in ["s", "t"] {
        std::fs::create_dir(d.join(side)).unwrap();
        for ext in ["txt", "md"] {
            std::fs::write(d.join(format!("{side}/x.{ext}")), "One sentence here.").unwrap();
        }
    }
    let r = run(
        d,
        &[
            "align",
            "s",
            "t",
            "-o",
            "aligned",
            "--source-lang",
            "en",
            "--target-lang",
            "fr",
        ],
    );
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "termalign: s/x.md and s/x.txt would both be aligned into aligned/x.tsv: rename one\n"
    );
}
