//! Tests of the whole aligner, on one short news story in English, French
//! and Spanish edited to make every bead shape; and the fixtures the tests
//! of the other files share (the story, the compiled built-in glossary,
//! aligners, beads, the keys of a sentence).

use super::*;

/// One short news story on migration, sentence by sentence, in the
/// order of [`Lang::ALL`] (en, fr, es).
pub(super) const STORY: [[&str; 8]; 3] = [
    [
        "The government announced new rules for asylum seekers on Monday.",
        "About 1,200 migrants arrived in Lampedusa last week, according to the Italian coast guard.",
        "The UNHCR said that the reception centres on the island were full.",
        "Human rights groups criticised the decision.",
        "The minister will present the plan to Parliament in March.",
        "Local authorities in Sicily asked for more resources and more staff.",
        "In 2019, Italy registered 11,471 arrivals by sea.",
        "Amnesty International called for safe and legal routes.",
    ],
    [
        "Le gouvernement a annoncé lundi de nouvelles règles pour les demandeurs d'asile.",
        "Environ 1 200 migrants sont arrivés à Lampedusa la semaine dernière, selon les garde-côtes italiens.",
        "Le HCR a déclaré que les centres d'accueil de l'île étaient pleins.",
        "Les organisations de défense des droits humains ont critiqué la décision.",
        "Le ministre présentera le plan au Parlement en mars.",
        "Les autorités locales de Sicile ont demandé davantage de moyens et de personnel.",
        "En 2019, l'Italie a enregistré 11 471 arrivées par la mer.",
        "Amnesty International a appelé à des voies sûres et légales.",
    ],
    [
        "El Gobierno anunció el lunes nuevas normas para los solicitantes de asilo.",
        "Unos 1.200 migrantes llegaron a Lampedusa la semana pasada, según los guardacostas italianos.",
        "El ACNUR dijo que los centros de acogida de la isla estaban llenos.",
        "Los grupos de derechos humanos criticaron la decisión.",
        "El ministro presentará el plan al Parlamento en marzo.",
        "Las autoridades locales de Sicilia pidieron más recursos y más personal.",
        "En 2019, Italia registró 11.471 llegadas por mar.",
        "Amnistía Internacional pidió vías seguras y legales.",
    ],
];

/// A sentence from another story, in each language.
const FOREIGN: [&str; 3] = [
    "The weather will be sunny tomorrow along the whole northern coast.",
    "Demain, le temps sera ensoleillé sur toute la côte nord.",
    "Mañana hará sol en toda la costa norte.",
];

/// The language pairs every case runs for.
const PAIRS: [(Lang, Lang); 3] = [
    (Lang::En, Lang::Fr),
    (Lang::En, Lang::Es),
    (Lang::Fr, Lang::Es),
];

/// The built-in glossary, compiled once for all tests.
fn matcher() -> Arc<Matcher> {
    static MATCHER: std::sync::OnceLock<Arc<Matcher>> = std::sync::OnceLock::new();
    MATCHER
        .get_or_init(|| Arc::new(Matcher::new(&Glossary::builtin())))
        .clone()
}

pub(super) fn aligner_with(source: Lang, target: Lang, options: AlignOptions) -> Aligner {
    Aligner::with_matcher(matcher(), source, target, options)
}

pub(super) fn aligner(source: Lang, target: Lang) -> Aligner {
    aligner_with(source, target, AlignOptions::default())
}

pub(super) fn bead(source: Range<usize>, target: Range<usize>) -> Bead {
    Bead {
        source,
        target,
        score: 1.0,
    }
}

/// The beads as (source, target) ranges, without scores.
pub(super) fn shape(beads: &[Bead]) -> Vec<(Range<usize>, Range<usize>)> {
    beads
        .iter()
        .map(|b| (b.source.clone(), b.target.clone()))
        .collect()
}

/// Beads cover both sides in order, each bead has a permitted shape and
/// a score in 0..=1.
fn check_cover(beads: &[Bead], n: usize, m: usize) {
    let (mut i, mut j) = (0, 0);
    for b in beads {
        assert_eq!((b.source.start, b.target.start), (i, j), "{beads:?}");
        let (di, dj) = (b.source.len(), b.target.len());
        assert!(SHAPES.contains(&(di, dj)), "{b:?}");
        assert!((0.0..=1.0).contains(&b.score), "{b:?}");
        (i, j) = (b.source.end, b.target.end);
    }
    assert_eq!((i, j), (n, m), "{beads:?}");
}

/// Aligns the story in `source` with an edited story in `target` and
/// compares with the expected beads, for every pair.
fn case(
    edit: impl Fn(Vec<String>, Lang) -> Vec<String>,
    expected: &[(Range<usize>, Range<usize>)],
) {
    for (sl, tl) in PAIRS {
        let source = STORY[sl.index()].to_vec();
        let target = edit(
            STORY[tl.index()].iter().map(|s| s.to_string()).collect(),
            tl,
        );
        let target: Vec<&str> = target.iter().map(String::as_str).collect();
        let beads = aligner(sl, tl).align(&source, &target);
        check_cover(&beads, source.len(), target.len());
        assert_eq!(shape(&beads), expected, "{sl}-{tl}: {beads:?}");
    }
}

/// 1:1 beads for sentences `from..to` of both sides, shifted by `dj` on
/// the target side.
fn ones(from: usize, to: usize, dj: isize) -> Vec<(Range<usize>, Range<usize>)> {
    (from..to)
        .map(|i| {
            let j = (i as isize + dj) as usize;
            (i..i + 1, j..j + 1)
        })
        .collect()
}

/// The keys of one sentence, by channel.
pub(super) fn keys_of(text: &str, lang: Lang, dictionary: Option<&Phrases>) -> Vec<(u64, Channel)> {
    let matcher = matcher();
    let mut side = Side::default();
    keys(
        &matcher,
        dictionary,
        text,
        lang,
        &mut Extract::default(),
        &mut side,
    );
    side.raw
}

#[test]
fn a_faithful_translation_aligns_one_to_one() {
    case(|t, _| t, &ones(0, 8, 0));
}

#[test]
fn two_sentences_translated_as_one_are_a_two_to_one_bead() {
    let mut expected = ones(0, 2, 0);
    expected.push((2..4, 2..3));
    expected.extend(ones(4, 8, -1));
    case(
        |mut t, _| {
            let merged = format!("{} {}", t[2], t[3]);
            t.splice(2..4, [merged]);
            t
        },
        &expected,
    );
}

#[test]
fn three_sentences_translated_as_one_are_a_three_to_one_bead() {
    let mut expected = ones(0, 2, 0);
    expected.push((2..5, 2..3));
    expected.extend(ones(5, 8, -2));
    case(
        |mut t, _| {
            let merged = format!("{} {} {}", t[2], t[3], t[4]);
            t.splice(2..5, [merged]);
            t
        },
        &expected,
    );
}

#[test]
fn one_sentence_translated_as_three_is_a_one_to_three_bead() {
    // The story's target side with sentences 2 to 4 as one: aligned the
    // other way, the source's one sentence is the target's three.
    for (sl, tl) in PAIRS {
        let s = STORY[sl.index()];
        let merged = format!("{} {} {}", s[2], s[3], s[4]);
        let source: Vec<&str> = [&s[..2], &[merged.as_str()][..], &s[5..]].concat();
        let target = STORY[tl.index()].to_vec();
        let beads = aligner(sl, tl).align(&source, &target);
        check_cover(&beads, source.len(), target.len());
        let mut expected: Vec<(Range<usize>, Range<usize>)> =
            (0..2).map(|i| (i..i + 1, i..i + 1)).collect();
        expected.push((2..3, 2..5));
        expected.extend((3..6).map(|i| (i..i + 1, i + 2..i + 3)));
        assert_eq!(shape(&beads), expected, "{sl}-{tl}: {beads:?}");
    }
}

#[test]
fn a_sentence_translated_as_two_is_a_one_to_two_bead() {
    let mut expected = ones(0, 1, 0);
    expected.push((1..2, 1..3));
    expected.extend(ones(2, 8, 1));
    case(
        |mut t, _| {
            let comma = t[1].find(',').unwrap();
            let (a, b) = t[1].split_at(comma + 1);
            let (a, b) = (a.to_string(), b.trim().to_string());
            t.splice(1..2, [a, b]);
            t
        },
        &expected,
    );
}

#[test]
fn a_dropped_sentence_is_a_one_to_zero_bead() {
    let mut expected = ones(0, 3, 0);
    expected.push((3..4, 3..3));
    expected.extend(ones(4, 8, -1));
    case(
        |mut t, _| {
            t.remove(3);
            t
        },
        &expected,
    );
}

#[test]
fn an_inserted_sentence_is_a_zero_to_one_bead() {
    let mut expected = ones(0, 5, 0);
    expected.push((5..5, 5..6));
    expected.extend(ones(5, 8, 1));
    case(
        |mut t, lang| {
            t.insert(5, FOREIGN[lang.index()].to_string());
            t
        },
        &expected,
    );
}

#[test]
fn two_sentences_rewritten_as_two_others_are_a_two_to_two_bead() {
    // The translation moves the split point: neither target sentence
    // translates one source sentence.
    let source = [
        STORY[0][4],
        "The government announced new rules for asylum seekers on Monday, and the UNHCR \
         said that the reception centres on the island of Lampedusa were full.",
        "Amnesty International criticised it.",
        STORY[0][5],
    ];
    let target = [
        STORY[1][4],
        "Le gouvernement a annoncé lundi de nouvelles règles pour les demandeurs d'asile.",
        "Le HCR a déclaré que les centres d'accueil de l'île de Lampedusa étaient pleins, \
         ce qu'Amnesty International a critiqué.",
        STORY[1][5],
    ];
    let beads = aligner(Lang::En, Lang::Fr).align(&source, &target);
    assert_eq!(shape(&beads), [(0..1, 0..1), (1..3, 1..3), (3..4, 3..4)]);
}

#[test]
fn scores_are_confident_on_a_clean_pair() {
    let beads = aligner(Lang::En, Lang::Es).align(&STORY[0], &STORY[2]);
    assert!(beads.iter().all(|b| b.score > 0.9), "{beads:?}");
}

#[test]
fn the_length_only_baseline_aligns_a_clean_pair() {
    let options = AlignOptions {
        lexical: false,
        ..AlignOptions::default()
    };
    let aligner = aligner_with(Lang::En, Lang::Fr, options);
    let beads = aligner.align(&STORY[0], &STORY[1]);
    assert_eq!(shape(&beads), ones(0, 8, 0));
}

#[test]
fn odd_inputs_give_covering_beads() {
    let long = "word ".repeat(2000);
    let sides: Vec<Vec<&str>> = vec![
        vec![],
        vec![""],
        vec!["", "", ""],
        vec!["   "],
        vec!["no punctuation at all just words and more words"],
        vec![long.as_str()],
        vec!["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"],
        vec![
            "ÉÉÉ",
            "ß",
            "\u{301}",
            "🙂🙂",
            "a\tb\nc",
            "Ünïcödé Wörds Hère",
        ],
        STORY[0].to_vec(),
        STORY[1][..1].to_vec(),
        vec![STORY[2][3]; 40],
    ];
    for (sl, tl) in [(Lang::En, Lang::Fr), (Lang::Es, Lang::Es)] {
        for options in [
            AlignOptions::default(),
            AlignOptions {
                lexical: false,
                ..AlignOptions::default()
            },
        ] {
            let aligner = aligner_with(sl, tl, options);
            for source in &sides {
                for target in &sides {
                    let beads = aligner.align(source, target);
                    check_cover(&beads, source.len(), target.len());
                }
            }
        }
    }
}

#[test]
fn an_empty_side_is_all_null_beads() {
    let aligner = aligner(Lang::En, Lang::Fr);
    let beads = aligner.align(&STORY[0][..3], &[]);
    assert_eq!(shape(&beads), [(0..1, 0..0), (1..2, 0..0), (2..3, 0..0)]);
    let beads = aligner.align(&[], &STORY[1][..2]);
    assert_eq!(shape(&beads), [(0..0, 0..1), (0..0, 1..2)]);
    assert!(aligner.align(&[], &[]).is_empty());
}

#[test]
fn identical_documents_align_one_to_one() {
    let beads = aligner(Lang::En, Lang::En).align(&STORY[0], &STORY[0]);
    assert_eq!(shape(&beads), ones(0, 8, 0));
}

/// `n` sentences told apart by their numbers: "Report 7 from Lampedusa
/// counts 1049 arrivals by sea."
fn numbered_reports(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            format!(
                "Report {i} from Lampedusa counts {} arrivals by sea.",
                1000 + 7 * i
            )
        })
        .collect()
}

#[test]
fn a_long_document_with_a_block_of_insertions_is_followed() {
    // 300 numbered sentences; 60 foreign ones inserted after the 150th
    // push the path 60 columns off the diagonal, beyond the first band.
    let source = numbered_reports(300);
    let mut target = source.clone();
    for k in 0..60 {
        target.insert(
            150 + k,
            format!("Unrelated line number {} about the weather.", 5000 + k),
        );
    }
    let source: Vec<&str> = source.iter().map(String::as_str).collect();
    let target: Vec<&str> = target.iter().map(String::as_str).collect();
    let beads = aligner(Lang::En, Lang::En).align(&source, &target);
    check_cover(&beads, 300, 360);
    let mut expected = ones(0, 150, 0);
    expected.extend((150..210).map(|j| (150..150, j..j + 1)));
    expected.extend(ones(150, 300, 60));
    assert_eq!(shape(&beads), expected);
}

#[test]
fn a_long_document_pair_is_aligned_a_window_at_a_time() {
    // 6,000 numbered sentences, well over a window: 80 foreign sentences
    // inserted after the 3,000th and 40 dropped after the 4,500th are
    // found across the windows' seams, and every sentence is in one bead.
    let source = numbered_reports(6000);
    let mut target = source.clone();
    target.drain(4500..4540);
    for k in 0..80 {
        target.insert(
            3000 + k,
            format!("Unrelated line number {} about the weather.", 90000 + k),
        );
    }
    let source: Vec<&str> = source.iter().map(String::as_str).collect();
    let target: Vec<&str> = target.iter().map(String::as_str).collect();
    assert!(source.len() > 2 * super::WINDOW);
    let aligner = aligner(Lang::En, Lang::En);
    let beads = aligner.align(&source, &target);
    check_cover(&beads, 6000, 6040);
    let mut expected = ones(0, 3000, 0);
    expected.extend((3000..3080).map(|j| (3000..3000, j..j + 1)));
    expected.extend(ones(3000, 4500, 80));
    expected.extend((4500..4540).map(|i| (i..i + 1, 4580..4580)));
    expected.extend(ones(4540, 6000, 40));
    assert_eq!(shape(&beads), expected);
}

#[test]
fn sentences_as_ends_are_the_sentences_split_finds() {
    let seeds = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds")).unwrap();
    let mut texts: Vec<String> = seeds
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    texts.push("\u{feff}  Un.\n\n\u{feff}Deux ?\t\u{A0}Trois…  \n".into());
    texts.push(String::new());
    texts.push(" \n\t ".into());
    for text in &texts {
        for lang in [Lang::En, Lang::Fr, Lang::Es] {
            let want: Vec<&str> = crate::analysis::sentences::split(text, lang)
                .into_iter()
                .map(|r| &text[r])
                .collect();
            let got = super::Sentences::split(text, lang);
            assert_eq!(got.slices(0..got.count()), want, "{text:?}");
        }
    }
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn sentence() -> impl Strategy<Value = String> {
        prop::string::string_regex("[A-Za-zÉéñ0-9 ,.'«»-]{0,40}").unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn sentences_as_ends_are_split_s_sentences(
            text in "[A-Za-zé .?!…«»\n\t\u{A0}\u{feff}\u{2003}]{0,200}",
        ) {
            for lang in [Lang::En, Lang::Fr] {
                let want: Vec<&str> = crate::analysis::sentences::split(&text, lang)
                    .into_iter()
                    .map(|r| &text[r])
                    .collect();
                let got = super::super::Sentences::split(&text, lang);
                prop_assert_eq!(got.slices(0..got.count()), want);
            }
        }

        #[test]
        fn any_sentences_give_covering_beads(
            source in prop::collection::vec(sentence(), 0..12),
            target in prop::collection::vec(sentence(), 0..12),
            lexical in any::<bool>(),
        ) {
            let options = AlignOptions { lexical, ..AlignOptions::default() };
            let aligner = aligner_with(Lang::Fr, Lang::Es, options);
            let source: Vec<&str> = source.iter().map(String::as_str).collect();
            let target: Vec<&str> = target.iter().map(String::as_str).collect();
            check_cover(&aligner.align(&source, &target), source.len(), target.len());
        }
    }
}
