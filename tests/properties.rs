//! Invariants that hold for any input: no panic, offsets on char boundaries,
//! every hit is the text at its offsets, normalization is idempotent; term
//! candidates are slices of the text that never cross a sentence, and the
//! term aligner survives any translation pairs and documents; a glossary
//! read from CSV round-trips through TBX (v3 and 2008), CSV and XLSX, every
//! field kept.

use std::sync::OnceLock;

use proptest::prelude::*;

use termalign::analysis::matcher::Matcher;
use termalign::analysis::normalize::{fold_key, lower, nfc};
use termalign::analysis::tokenize::tokenize;
use termalign::formats::bitext::SegmentPair;
use termalign::jobs::suggest::candidates::{Extractor, MAX_WORDS};
use termalign::jobs::suggest::{self, Options};
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
    fn candidates_are_slices_within_a_sentence(text in texty(), lang in prop::sample::select(Lang::ALL.to_vec())) {
        let toks = tokenize(&text);
        let mut out = Vec::new();
        Extractor::new().occurrences(lang, &text, &toks.tokens, &[], &mut out);
        for o in &out {
            prop_assert!(text.get(o.start..o.end).is_some());
            prop_assert!(!o.tokens.is_empty() && o.tokens.len() <= MAX_WORDS);
            let (first, last) = (toks.tokens[o.tokens.start], toks.tokens[o.tokens.end - 1]);
            prop_assert_eq!((first.start, last.end), (o.start, o.end));
            prop_assert_eq!(first.sentence, last.sentence);
            prop_assert!(!o.key.is_empty());
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    /// Whatever the pairs and documents, both modes finish, every
    /// suggestion pairs two candidates of the input, ranks start at 1 and
    /// scores are numbers between 0 and 1.
    #[test]
    fn the_term_aligner_survives_any_input(
        pairs in prop::collection::vec((texty(), texty()), 0..12),
        lang_a in prop::sample::select(Lang::ALL.to_vec()),
    ) {
        static GLOSSARY: OnceLock<(Glossary, Matcher)> = OnceLock::new();
        let (glossary, matcher) = GLOSSARY.get_or_init(|| {
            let g = Glossary::builtin();
            let m = Matcher::new(&g);
            (g, m)
        });
        let lang_b = Lang::ALL[(lang_a.index() + 1) % 3];
        let segments: Vec<SegmentPair> = pairs
            .iter()
            .enumerate()
            .map(|(i, (s, t))| SegmentPair::at_line(i as u64 + 1, s.clone(), t.clone()))
            .collect();
        let options = Options { min_freq: 1, ..Options::parallel() };
        let got = suggest::parallel(glossary, matcher, &segments, lang_a, lang_b, &options);
        for s in &got.suggestions {
            prop_assert!(s.score.is_finite() && s.score > 0.0 && s.score <= 1.0 + 1e-9, "{:?}", s);
            prop_assert!(s.rank >= 1 && s.rank <= options.top);
            prop_assert!(got.present(s.lang_a, &s.key_a) && got.present(s.lang_b, &s.key_b));
        }
        let docs: Vec<suggest::Document> = pairs
            .iter()
            .flat_map(|(s, t)| [
                suggest::Document { lang: lang_a, text: s },
                suggest::Document { lang: lang_b, text: t },
            ])
            .collect();
        let got = suggest::comparable(glossary, matcher, &docs, &Options::comparable());
        for s in &got.suggestions {
            prop_assert!(s.score.is_finite() && s.score > 0.0 && s.score <= 1.0 + 1e-9, "{:?}", s);
            prop_assert!(s.lang_a != s.lang_b);
        }
    }
}

/// A field of a glossary row: words, punctuation that CSV and XML must
/// escape, spaces, line breaks, and any character at all.
fn field() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "asile",
        "trata de personas",
        "\"",
        ",",
        ";",
        "<",
        ">",
        "&",
        "&amp;",
        "]]>",
        "'",
        " ",
        "\n",
        "\r\n",
        "\t",
        "é",
        "e\u{301}",
        "œ",
        "🙂",
        "\u{a0}",
        "\u{feff}",
        "#",
        "=",
        "-",
    ]);
    prop::collection::vec(
        prop_oneof![4 => pieces.prop_map(str::to_string), 1 => any::<String>()],
        0..8,
    )
    .prop_map(|parts| parts.concat())
}

/// A native CSV glossary of 1 to 7 rows with every column filled from its
/// kind of values (a region only with its language), for the round trips.
fn native_csv() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        (
            prop::sample::select(vec!["asylum", "refugee", "migrant-smuggling", "x_1.2"]),
            prop::sample::select(Lang::ALL.to_vec()),
            field(),
            prop::sample::select(vec!["preferred", "admitted", "deprecated"]),
            prop::sample::select(vec!["noun", "verb", "adjective", "adverb", "other"]),
            prop::sample::select(vec!["", "GB", "CA", "419"]),
            prop::sample::select(vec!["", "context", "nominal"]),
            field(),
            field(),
            field(),
            prop::sample::select(vec![
                "",
                "asylum",
                "borders|asylum",
                "core|statistics|consular",
            ]),
            prop::sample::select(vec![
                "",
                "asylum",
                "refugee|migrant-smuggling",
                "x_1.2|other",
            ]),
        ),
        1..8,
    )
    .prop_map(|rows| {
        let mut csv = csv::Writer::from_writer(Vec::new());
        csv.write_record(termalign::formats::csv::CSV_COLUMNS)
            .unwrap();
        for (
            concept,
            lang,
            term,
            status,
            pos,
            area,
            guard,
            note,
            concept_note,
            source,
            subject,
            related,
        ) in &rows
        {
            let region = if area.is_empty() {
                String::new()
            } else {
                format!("{}-{area}", lang.code())
            };
            csv.write_record([
                *concept,
                lang.code(),
                term,
                status,
                pos,
                &region,
                guard,
                note,
                concept_note,
                source,
                subject,
                related,
            ])
            .unwrap();
        }
        csv.into_inner().unwrap()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Whatever a native CSV glossary holds (every column: concept, lang,
    /// term, status, pos, region, guard, term_note, concept_note, source,
    /// subject, related), once read it is written as TBX v3, as TBX-Basic
    /// 2008 and as CSV, and each reads back the same
    /// (`termalign::fuzz::assert_round_trips`).
    #[test]
    fn csv_tbx_and_tbx2008_round_trips_are_lossless(
        text in native_csv(),
    ) {
        let read = Glossary::from_csv(text.as_slice(), std::path::Path::new("g.csv"));
        // Rows the reader refuses (an empty term, characters a glossary may
        // not hold) are refused with a message; too many would make this
        // test vacuous, which proptest reports.
        prop_assume!(read.is_ok());
        termalign::fuzz::assert_round_trips(&read.unwrap());
    }
}

/// A glossary with every line number taken out: a workbook's rows are not
/// the CSV's lines where a field holds a line break.
fn without_lines(mut glossary: Glossary) -> Glossary {
    glossary.path = Default::default();
    for concept in &mut glossary.concepts {
        concept.line = 0;
        for term in &mut concept.terms {
            term.line = 0;
        }
    }
    glossary
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    /// Whatever a native CSV glossary holds, written as an XLSX workbook and
    /// read back it is the same, field for field.
    #[test]
    fn xlsx_round_trip_keeps_every_field(
        text in native_csv(),
    ) {
        use termalign::formats::workbook;
        let read = Glossary::from_csv(text.as_slice(), std::path::Path::new("g.csv"));
        prop_assume!(read.is_ok());
        let glossary = read.unwrap();
        let mut xlsx = Vec::new();
        workbook::write(&glossary, None, &mut xlsx).unwrap();
        let path = std::path::Path::new("g.xlsx");
        let sheet = workbook::read_sheet_from(xlsx, path, workbook::GLOSSARY_SHEET).unwrap();
        let again = workbook::glossary_of(&sheet, path).unwrap();
        prop_assert_eq!(without_lines(again), without_lines(glossary));
    }
}
