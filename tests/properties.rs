//! Invariants that hold for any input: no panic, offsets on char boundaries,
//! every hit is the text at its offsets, normalization is idempotent.

use std::sync::OnceLock;

use proptest::prelude::*;

use termalign::normalize::{fold_key, lower, nfc};
use termalign::tokenize::tokenize;
use termalign::{Config, Glossary, Lang, Pipeline};

/// Text made of glossary words, their inflections, punctuation, markup and
/// odd characters, so that matches actually happen.
fn texty() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "migrants",
        "Migration",
        "talks",
        "refugiados",
        "y",
        "migrantes",
        "safe",
        ",",
        "orderly",
        "and",
        "regular",
        "migration",
        "affaires",
        "consulaires",
        "l’",
        "d'",
        "immigration",
        "trafic",
        "illicite",
        "de",
        "migrants",
        ".",
        "!",
        "\n",
        "\n\n",
        "# ",
        "**",
        "-",
        "—",
        "https://x.org/a",
        "a@b.co",
        "e\u{301}",
        "\u{feff}",
        "\u{a0}",
        "œ",
        "ﬁ",
        "ß",
        "İ",
        "🙂",
        "\r\n",
        "\"",
        "«",
        "»",
        "’s",
        "U.S.",
        "Mr.",
        "20,000",
        "3.5",
        "\u{300}",
        "\0",
    ]);
    prop::collection::vec(
        prop_oneof![4 => pieces.prop_map(str::to_string), 1 => any::<String>()],
        0..60,
    )
    .prop_map(|parts| parts.join(" "))
}

/// Pipelines built once: with detection, and with each language forced.
fn pipeline(lang: Option<Lang>) -> &'static Pipeline {
    static PIPELINES: OnceLock<Vec<Pipeline>> = OnceLock::new();
    let all = PIPELINES.get_or_init(|| {
        let glossary = Glossary::builtin();
        std::iter::once(None)
            .chain(Lang::ALL.map(Some))
            .map(|lang| {
                Pipeline::new(
                    &glossary,
                    Config {
                        lang,
                        ..Config::default()
                    },
                )
            })
            .collect()
    });
    &all[lang.map_or(0, |l| l.index() + 1)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn tokens_are_slices_of_the_text(text in texty()) {
        let toks = tokenize(&text);
        let mut last_end = 0;
        for t in &toks.tokens {
            prop_assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
            prop_assert!(t.start < t.end && t.start >= last_end);
            last_end = t.end;
        }
        for r in toks.sentences.iter().chain(&toks.paragraphs) {
            prop_assert!(r.start <= r.end && text.get(r.clone()).is_some());
        }
    }

    #[test]
    fn every_hit_is_the_text_at_its_offsets(text in texty(), lang in prop::option::of(prop::sample::select(Lang::ALL.to_vec()))) {
        let analysis = pipeline(lang).analyze(&text);
        let mut last_end = 0;
        for m in &analysis.matches {
            prop_assert!(text.get(m.start..m.end).is_some());
            let first = analysis.tokens.tokens[m.first_token];
            let last = analysis.tokens.tokens[m.end_token - 1];
            prop_assert_eq!((first.start, last.end), (m.start, m.end));
            prop_assert!(m.start >= last_end, "overlap");
            last_end = m.end;
        }
    }

    #[test]
    fn normalization_is_idempotent(word in any::<String>()) {
        let once = nfc(&word).into_owned();
        let again = nfc(&once).into_owned();
        prop_assert_eq!(again, once.clone());
        let key = lower(&word);
        prop_assert_eq!(lower(&key), key.clone());
        let mut folded = String::new();
        fold_key(&key, &mut folded);
        let mut twice = String::new();
        fold_key(&folded, &mut twice);
        prop_assert_eq!(folded, twice);
    }
}

#[test]
fn detect_and_analyze_survive_hostile_input() {
    let pipeline = pipeline(None);
    let long_line = "migration ".repeat(50_000);
    for text in [
        "",
        " ",
        "\u{feff}",
        "\0\0\0",
        "!!!...???",
        "\u{301}\u{301}",
        long_line.as_str(),
    ] {
        let _ = pipeline.analyze(text);
    }
}
