//! Replays the inputs that once broke a fuzz target (`fuzz/`), kept under
//! `tests/fuzz/<target>/`, through the same checks (`termalign::fuzz`),
//! time budgets included: this binary counts allocations as the fuzz
//! binaries do. The fuzzer itself needs nightly and runs by hand
//! (`fuzz/run`); these run on every `cargo test`.

use std::path::Path;

// The checks hold readers to a budget of bytes allocated, counted per
// thread (termalign::fuzz::linear); without this they are not counted.
#[global_allocator]
static ALLOCATOR: termalign::fuzz::CountingAllocator = termalign::fuzz::CountingAllocator;

type Check = fn(&[u8]);

const TARGETS: [(&str, Check); 16] = [
    ("glossary_csv", termalign::fuzz::glossary_csv),
    ("glossary_tbx", termalign::fuzz::glossary_tbx),
    ("tmx", termalign::fuzz::tmx),
    ("xliff", termalign::fuzz::xliff),
    ("tokenize", termalign::fuzz::tokenize_text),
    ("sentences", termalign::fuzz::sentences),
    ("matcher", termalign::fuzz::matcher),
    ("matcher_glossary", termalign::fuzz::matcher_glossary),
    ("decoding", termalign::fuzz::decoding),
    ("mojibake", termalign::fuzz::mojibake),
    ("json_lines", termalign::fuzz::json_lines),
    ("bitext_text", termalign::fuzz::bitext_text),
    ("suggestions_csv", termalign::fuzz::suggestions_csv),
    ("partials", termalign::fuzz::partials),
    ("align_side_files", termalign::fuzz::align_side_files),
    ("suggest_gold", termalign::fuzz::suggest_gold),
];

#[test]
fn inputs_that_broke_a_fuzz_target_pass_its_checks() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz");
    let mut replayed = 0;
    for (target, check) in TARGETS {
        let dir = root.join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
        paths.sort();
        for path in paths {
            let data = std::fs::read(&path).unwrap();
            let outcome = std::panic::catch_unwind(|| check(&data));
            assert!(outcome.is_ok(), "{target}: {} fails again", path.display());
            replayed += 1;
        }
    }
    assert!(
        replayed >= 3,
        "only {replayed} cases found under {}",
        root.display()
    );
}

/// The budgets are enforced here, not only in the fuzz binaries: this
/// binary counts allocations.
#[test]
fn budgets_are_counted_in_this_binary() {
    let over = std::panic::catch_unwind(|| {
        termalign::fuzz::linear("a kibibyte", 1, 0, 0, || vec![0u8; 1024])
    });
    assert!(over.is_err(), "1 KiB allocated within a budget of 0");
    let within = termalign::fuzz::linear("a kibibyte", 1, 0, 1024, || vec![0u8; 1024]);
    assert_eq!(within.len(), 1024);
}

/// Every target's checks hold on the repository's own files, shaped as the
/// fuzz seeds are (`fuzz/seed`): what the fuzzer starts from passes, and
/// `cargo test` runs every target's code without the fuzzer.
#[test]
fn every_target_holds_on_the_fixtures() {
    use termalign::fuzz;
    let read = |path: &str| {
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
            .unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    let with = |head: &[u8], parts: &[&str]| -> Vec<u8> {
        let mut data = head.to_vec();
        for (k, part) in parts.iter().enumerate() {
            if k > 0 {
                data.push(0xFF);
            }
            data.extend(read(part));
        }
        data
    };
    let talks = "tests/fixtures/align/talks.en.txt";
    // Partials made by the binary: a by-concept table, parallel counts.
    let dir = tempfile::tempdir().unwrap();
    let repo = crate::common::repo();
    let made = |args: &[&str], out: &str| -> Vec<u8> {
        let r = crate::common::run_in(dir.path(), args, None);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        std::fs::read(dir.path().join(out)).unwrap()
    };
    let talks_path = repo.join(talks).display().to_string();
    let table = made(
        &[
            "concordance",
            "-q",
            &talks_path,
            "-o",
            "/dev/null",
            "--by-concept",
            "t.csv",
        ],
        "t.csv",
    );
    let coyotes = repo.join("tests/fixtures/suggest/coyotes.en-fr.tsv");
    let counts = made(
        &[
            "suggest",
            "-q",
            "--pairs",
            &coyotes.display().to_string(),
            "--source-lang",
            "en",
            "--target-lang",
            "fr",
            "--partial",
            "-o",
            "p.json",
        ],
        "p.json",
    );
    let two = |a: &[u8], b: &[u8]| [&[1u8][..], a, &[0xFF], b].concat();
    let cases: [(&str, Check, Vec<u8>); 20] = [
        ("decoding", fuzz::decoding, with(&[0, 0], &[talks])),
        (
            "decoding",
            fuzz::decoding,
            with(&[9, 0], &["tests/bad_input/latin1.txt"]),
        ),
        (
            "decoding",
            fuzz::decoding,
            with(&[0, 1], &["tests/bad_input/utf16.txt"]),
        ),
        (
            "decoding",
            fuzz::decoding,
            with(&[6, 0], &["tests/bad_input/mojibake.txt"]),
        ),
        (
            "mojibake",
            fuzz::mojibake,
            read("tests/bad_input/mojibake.txt"),
        ),
        (
            "json_lines",
            fuzz::json_lines,
            with(&[0], &["tests/bad_input/other_language.jsonl"]),
        ),
        (
            "bitext_text",
            fuzz::bitext_text,
            read("tests/fixtures/bilingual/sample.tsv"),
        ),
        (
            "bitext_text",
            fuzz::bitext_text,
            with(
                &[],
                &[
                    "tests/fixtures/bilingual/aligned.en.txt",
                    "tests/fixtures/bilingual/aligned.fr.txt",
                ],
            ),
        ),
        (
            "suggestions_csv",
            fuzz::suggestions_csv,
            read("tests/fixtures/merge/suggestions.csv"),
        ),
        ("partials", fuzz::partials, [&[0u8][..], &table].concat()),
        ("partials", fuzz::partials, two(&table, &table)),
        ("partials", fuzz::partials, [&[0u8][..], &counts].concat()),
        ("partials", fuzz::partials, two(&counts, &counts)),
        (
            "align_side_files",
            fuzz::align_side_files,
            with(&[0], &["tests/fixtures/align/talks.gold"]),
        ),
        (
            "align_side_files",
            fuzz::align_side_files,
            with(&[1], &["tests/fixtures/suggest/coyotes.en-fr.tsv"]),
        ),
        (
            "align_side_files",
            fuzz::align_side_files,
            b"\x02talks.en.txt\ttalks.fr.txt\n".to_vec(),
        ),
        (
            "suggest_gold",
            fuzz::suggest_gold,
            read("tests/fixtures/suggest/gold.tsv"),
        ),
        (
            "matcher_glossary",
            fuzz::matcher_glossary,
            with(&[0], &["tests/fixtures/merge/glossary.csv", talks]),
        ),
        (
            "matcher_glossary",
            fuzz::matcher_glossary,
            with(
                &[6],
                &[
                    "tests/fixtures/merge/glossary.csv",
                    "tests/fixtures/align/talks.fr.txt",
                ],
            ),
        ),
        ("matcher", fuzz::matcher, read(talks)),
    ];
    for (target, check, data) in cases {
        let outcome = std::panic::catch_unwind(|| check(&data));
        assert!(outcome.is_ok(), "{target} fails on a fixture");
    }
}
