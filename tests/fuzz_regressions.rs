//! Replays the inputs that once broke a fuzz target (`fuzz/`), kept under
//! `tests/fuzz/<target>/`, through the same checks (`termalign::fuzz`). The
//! fuzzer itself needs nightly and runs by hand (`fuzz/run`); these run on
//! every `cargo test`.

use std::path::Path;

type Check = fn(&[u8]);

const TARGETS: [(&str, Check); 7] = [
    ("glossary_csv", termalign::fuzz::glossary_csv),
    ("glossary_tbx", termalign::fuzz::glossary_tbx),
    ("tmx", termalign::fuzz::tmx),
    ("xliff", termalign::fuzz::xliff),
    ("tokenize", termalign::fuzz::tokenize_text),
    ("sentences", termalign::fuzz::sentences),
    ("matcher", termalign::fuzz::matcher),
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
