//! The shipped general-language profiles (`glossaries/general/*.tsv`) and
//! non-nominal lists (`glossaries/general/*.nonnominal.txt`) are exactly what
//! `examples/general_profile.rs` makes from the UD PUD sentences and
//! treebanks in `../shared/data/pud`: a change to the tokenizer, the
//! normalization, the stemmer or the list rule that changes a key or a form
//! fails here until the files are regenerated. Without the data folder (a user's fresh clone) the test says
//! so and passes, except in CI, which runs beside `../shared`.

use termalign::jobs::suggest::profile::{Profile, non_nominal_from_conllu, write_non_nominal};
use termalign::lang::Lang;

#[test]
fn shipped_profiles_match_a_regeneration_from_pud() {
    let Some(data) = crate::common::shared("data/pud") else {
        return;
    };
    let mut stale = Vec::new();
    let mut compare = |made: &[u8], name: String| {
        let path = crate::common::repo().join("glossaries/general").join(name);
        let shipped = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        if made != shipped {
            stale.push(format!(
                "{} ({})",
                path.display(),
                first_difference(made, &shipped)
            ));
        }
    };
    for lang in Lang::ALL {
        let source = data.join(format!("{}.txt", lang.code()));
        let text = std::fs::read_to_string(&source)
            .unwrap_or_else(|e| panic!("{}: {e}", source.display()));
        let mut made = Vec::new();
        Profile::from_text(lang, &text)
            .write_tsv(&mut made)
            .expect("writing to memory");
        compare(&made, format!("{}.tsv", lang.code()));

        let source = data.join(format!("{}_pud-ud-test.conllu", lang.code()));
        let conllu = std::fs::read_to_string(&source)
            .unwrap_or_else(|e| panic!("{}: {e}", source.display()));
        let mut made = Vec::new();
        write_non_nominal(&non_nominal_from_conllu(&conllu), &mut made).expect("writing to memory");
        compare(&made, format!("{}.nonnominal.txt", lang.code()));
    }
    assert!(
        stale.is_empty(),
        "stale profiles or non-nominal lists, regenerate them with \
         `cargo run --release --example general_profile`:\n{}",
        stale.join("\n")
    );
}

/// Where two files first differ, as "line N: made … shipped …".
fn first_difference(made: &[u8], shipped: &[u8]) -> String {
    let made = String::from_utf8_lossy(made);
    let shipped = String::from_utf8_lossy(shipped);
    let mut a = made.lines();
    let mut b = shipped.lines();
    let mut line = 1;
    loop {
        match (a.next(), b.next()) {
            (Some(x), Some(y)) if x == y => line += 1,
            (None, None) => return "line endings differ".to_string(),
            (x, y) => {
                return format!(
                    "line {line}: made {:?}, shipped {:?}",
                    x.unwrap_or("<end>"),
                    y.unwrap_or("<end>")
                );
            }
        }
    }
}
