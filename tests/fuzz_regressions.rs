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
