//! The review loop on real suggestions files: accepted rows merged, every
//! refusal named with its line.

use super::*;
use crate::glossary::lint::Severity;

const GLOSSARY: &str = "concept,lang,term,status,pos,term_note,concept_note,source\n\
    refugee,en,refugee,preferred,noun,,A person who fled.,UNHCR\n\
    refugee,fr,réfugié,preferred,noun,,,\n\
    refugee,es,refugiado,preferred,noun,,,\n\
    asylum,en,asylum,preferred,noun,,,UNHCR\n\
    asylum,fr,asile,preferred,noun,,,\n\
    asylum,es,asilo,preferred,noun,,,\n";

const HEADER: &str =
    "lang_a,term_a,lang_b,term_b,score,method,freq_a,freq_b,evidence,status,accept\n";

fn base() -> Glossary {
    Glossary::from_csv(GLOSSARY.as_bytes(), Path::new("g.csv")).unwrap()
}

fn run(rows: &str) -> Result<(Glossary, MergeReport)> {
    merge(&base(), &format!("{HEADER}{rows}"), Path::new("dir/s.csv"))
}

fn terms(g: &Glossary, id: &str) -> Vec<(Lang, String, Status, String)> {
    g.concept(id)
        .unwrap_or_else(|| panic!("no concept {id}"))
        .terms
        .iter()
        .map(|t| (t.lang, t.text.clone(), t.status, t.note.clone()))
        .collect()
}

fn err(rows: &str) -> String {
    run(rows).unwrap_err().to_string()
}

#[test]
fn accept_values_are_sorted_and_unique() {
    let statuses: Vec<&str> = STATUSES.iter().map(|(v, _)| *v).collect();
    for list in [&ACCEPTED[..], &NOT_ACCEPTED[..], &statuses[..]] {
        assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        // Compared folded: every value is written folded.
        assert!(
            list.iter()
                .all(|v| crate::analysis::normalize::folded(v) == *v),
            "{list:?}"
        );
    }
    assert!(ACCEPTED.iter().all(|v| !NOT_ACCEPTED.contains(v)));
    assert!(
        statuses
            .iter()
            .all(|v| !ACCEPTED.contains(v) && !NOT_ACCEPTED.contains(v))
    );
    let yes = Some(Decision::Yes(None));
    assert_eq!(accepted(" YES "), yes);
    assert_eq!(accepted("Sí"), yes);
    assert_eq!(accepted("Rejected"), Some(Decision::No));
    assert_eq!(accepted(""), Some(Decision::No));
    assert_eq!(accepted("maybe"), None);
    let status = |s| Some(Decision::Yes(Some(s)));
    for (value, want) in [
        ("Preferred", Status::Preferred),
        ("privilégié", Status::Preferred),
        ("Privilégiée", Status::Preferred),
        ("preferente", Status::Preferred),
        ("admitted", Status::Admitted),
        ("admis", Status::Admitted),
        ("Admitido", Status::Admitted),
        ("DEPRECATED", Status::Deprecated),
        ("déconseillé", Status::Deprecated),
        ("desaconsejado", Status::Deprecated),
    ] {
        assert_eq!(accepted(value), status(want), "{value}");
    }
}

#[test]
fn a_pair_of_unknown_terms_is_a_new_concept_with_its_source() {
    let (g, report) = run(
        "en,asylum seeker,fr,demandeur d'asile,0.91,dice,12,10,,new,yes\n\
         en,asylum seeker,es,solicitante de asilo,0.88,dice,12,9,,new,X\n",
    )
    .unwrap();
    let c = g.concept("asylum-seeker").unwrap();
    assert_eq!(c.source, "termalign suggest: s.csv:2 (dice, score 0.91)");
    assert_eq!((c.note.as_str(), c.line), ("", 2));
    assert_eq!(
        terms(&g, "asylum-seeker"),
        [
            (
                Lang::En,
                "asylum seeker".into(),
                Status::Preferred,
                "".into()
            ),
            (
                Lang::Fr,
                "demandeur d'asile".into(),
                Status::Preferred,
                "".into()
            ),
            // The chain: the second row finds the concept the first made.
            (
                Lang::Es,
                "solicitante de asilo".into(),
                Status::Preferred,
                "from termalign suggest: s.csv:3 (dice, score 0.88)".into()
            ),
        ]
    );
    assert_eq!(g.concepts.last().unwrap().id, "asylum-seeker");
    assert_eq!(
        report.rows[0].outcome,
        Outcome::NewConcept {
            concept: "asylum-seeker".into()
        }
    );
    assert_eq!((report.new_concepts(), report.added()), (1, 1));
    assert_eq!(report.findings, []);
}

#[test]
fn a_term_of_one_concept_gets_the_other_as_an_admitted_variant() {
    let (g, report) = run("es,asilo,en,Political Asylum,0.7,cooc,3,5,,new,1\n\
         fr,réfugiée statutaire,en,REFUGEE,0.7,cooc,3,5,,new,true\n")
    .unwrap();
    let asylum = terms(&g, "asylum");
    assert_eq!(
        asylum[1],
        (
            Lang::En,
            "Political Asylum".into(),
            Status::Admitted,
            "from termalign suggest: s.csv:2 (cooc, score 0.7)".into()
        )
    );
    assert_eq!(asylum.len(), 4);
    // After the concept's French terms, before its Spanish ones.
    assert_eq!(terms(&g, "refugee")[2].1, "réfugiée statutaire");
    assert_eq!(
        report.rows[1].outcome,
        Outcome::Added {
            concept: "refugee".into(),
            lang: Lang::Fr,
            term: "réfugiée statutaire".into(),
            status: Status::Admitted
        }
    );
    // Existing terms are untouched.
    let before = base();
    for id in ["refugee", "asylum"] {
        let old = &before.concept(id).unwrap().terms;
        let new = &g.concept(id).unwrap().terms;
        assert!(old.iter().all(|t| new.contains(t)), "{id}");
    }
    assert_eq!(report.findings, []);
}

#[test]
fn case_accents_and_hyphens_do_not_make_a_duplicate() {
    let (g, report) = run("en,Refugee,fr,Refugie,1,m,1,1,,known,yes\n").unwrap();
    assert_eq!(g, base());
    assert_eq!(
        report.rows[0].outcome,
        Outcome::Known {
            concept: "refugee".into()
        }
    );
    assert_eq!(report.known(), 1);
}

#[test]
fn an_inflected_form_is_the_term_it_inflects() {
    let (g, report) = run("en,Refugees,fr,réfugiée,1,m,1,1,,known,yes\n\
         en,asylum seeker,fr,demandeur d'asile,1,m,1,1,,new,yes\n\
         en,asylum seekers,es,solicitantes de asilo,1,m,1,1,,new,yes\n")
    .unwrap();
    // The new term is filed in its dictionary form.
    assert_eq!(
        report.rows[0].outcome,
        Outcome::Known {
            concept: "refugee".into()
        }
    );
    // A term added by an earlier row is found inflected too.
    assert_eq!(
        report.rows[2].outcome,
        Outcome::Added {
            concept: "asylum-seeker".into(),
            lang: Lang::Es,
            term: "solicitante de asilo".into(),
            status: Status::Preferred
        }
    );
    assert_eq!(g.concepts.len(), 3);
}

#[test]
fn terms_of_two_concepts_are_a_conflict_and_change_nothing() {
    let (g, report) = run("en,asylum,fr,réfugié,0.5,m,1,1,,conflict,yes\n").unwrap();
    assert_eq!(g, base());
    assert_eq!(
        report.rows[0].outcome,
        Outcome::Split {
            concept_a: "asylum".into(),
            concept_b: "refugee".into()
        }
    );
    assert_eq!(report.conflicts(), 1);
    assert!(
        report.rows[0]
            .to_string()
            .starts_with("conflict, skipped: English \"asylum\" is in concept asylum but French \"réfugié\" is in concept refugee")
    );
}

#[test]
fn a_term_in_several_concepts_is_ambiguous() {
    let broken = format!("{GLOSSARY}asylum,fr,Réfugié,admitted,noun,,,\n");
    let base = Glossary::from_csv(broken.as_bytes(), Path::new("g.csv")).unwrap();
    let (g, report) = merge(
        &base,
        &format!("{HEADER}fr,refugie,es,refugiada,1,m,1,1,,new,yes\n"),
        Path::new("s.csv"),
    )
    .unwrap();
    assert_eq!(g, base);
    assert_eq!(
        report.rows[0].outcome,
        Outcome::Ambiguous {
            lang: Lang::Fr,
            term: "refugie".into(),
            concepts: vec!["refugee".into(), "asylum".into()]
        }
    );
    // The glossary's own error is found, at its own line.
    assert_eq!(report.errors(), 1);
    assert_eq!(
        report.findings[0].to_string(),
        "g.csv:8: French term \"Réfugié\" is filed under two concepts: asylum (here) and refugee (\"réfugié\", line 3); to share it, relate the two concepts and give the term a note"
    );
}

#[test]
fn rows_not_accepted_are_left_out() {
    let (g, report) = run("en,visa,fr,visa,1,m,1,1,,new,\n\
         en,visa,fr,visa,1,m,1,1,,new, No \n\
         en,visa,fr,visa,1,m,1,1,,new,reject\n\
         ,,,,,,,,,,\n")
    .unwrap();
    assert_eq!(g, base());
    assert_eq!((report.rows.len(), report.not_accepted), (0, 3));
}

#[test]
fn an_incomplete_new_concept_is_a_lint_warning_at_its_row() {
    let (_, report) =
        run("en,\"border control\",fr,contrôle aux frontières,1,m,1,1,,new,yes\n").unwrap();
    let findings: Vec<String> = report.findings.iter().map(|f| f.to_string()).collect();
    assert_eq!(
        findings,
        ["dir/s.csv:2: warning: concept border-control has no Spanish term yet"]
    );
    assert_eq!(report.findings[0].severity, Severity::Warning);
    assert_eq!(report.errors(), 0);
}

#[test]
fn errors_name_file_line_and_field() {
    let cases = [
        (
            "en,a,fr,b,1,m,1,1,,new,maybe\n",
            "dir/s.csv:2: field accept: \"maybe\" is neither yes nor no",
        ),
        (
            "de,a,fr,b,1,m,1,1,,new,yes\n",
            "dir/s.csv:2: field lang_a: unknown language \"de\"",
        ),
        (
            "en,a,,b,1,m,1,1,,new,yes\n",
            "dir/s.csv:2: field lang_b: unknown language \"\"",
        ),
        (
            "en, ,fr,b,1,m,1,1,,new,yes\n",
            "dir/s.csv:2: field term_a: empty English term",
        ),
        (
            "en,a,fr,–,1,m,1,1,,new,yes\n",
            "dir/s.csv:2: field term_b: French term \"–\" has no word",
        ),
        (
            "en,Asylum-Seeker,en,asylum seeker,1,m,1,1,,new,yes\n",
            "dir/s.csv:2: field lang_b: both terms are English (\"Asylum-Seeker\", \"asylum seeker\"): a row pairs terms of two languages",
        ),
        (
            "fr,migrant,fr,immigré,1,m,1,1,,new,yes\n",
            "dir/s.csv:2: field lang_b: both terms are French",
        ),
        ("en,a,fr,b,1\n", "dir/s.csv:2: expected 11 fields, found 5"),
    ];
    for (row, want) in cases {
        let got = err(&format!("en,x,fr,y,1,m,1,1,,new,no\n{row}"));
        let want = want.replace(":2:", ":3:");
        assert!(
            got.starts_with(&want),
            "{row:?}: got {got:?}, want {want:?}"
        );
    }
    // Rows not accepted are not checked beyond their accept value.
    assert!(run("de,,xx,,1,m,1,1,,new,no\n").is_ok());
}

#[test]
fn a_missing_column_is_named_with_what_to_do() {
    let got = merge(
        &base(),
        "lang_a,term_a,lang_b,term_b\nen,a,fr,b\n",
        Path::new("s.csv"),
    )
    .unwrap_err()
    .to_string();
    assert!(
        got.starts_with(
            "s.csv:1: field accept: missing column \"accept\": add a column named accept"
        ),
        "{got}"
    );
    let got = merge(&base(), "lang_a,term_a,term_b,Accept\n", Path::new("s.csv"))
        .unwrap_err()
        .to_string();
    assert!(
        got.starts_with("s.csv:1: field lang_b: missing column \"lang_b\""),
        "{got}"
    );
}

#[test]
fn crlf_and_bom_keep_line_numbers() {
    let text = format!(
        "\u{feff}{}\r\nen,x,fr,y,1,m,1,1,,new,no\r\n\r\nen,\"asylum\r\nseeker\",fr,b,1,m,1,1,,new,yes\r\nen,a,fr,b,1,m,1,1,,new,what\r\n",
        HEADER.trim_end()
    );
    let got = merge(&base(), &text, Path::new("s.csv"))
        .unwrap_err()
        .to_string();
    assert!(got.starts_with("s.csv:6: field accept:"), "{got}");
    let text = text
        .replace("what", "yes")
        .replace("asylum\r\nseeker", "asylum seeker");
    let (g, report) = merge(&base(), &text, Path::new("s.csv")).unwrap();
    assert_eq!(
        report.rows.iter().map(|r| r.line).collect::<Vec<_>>(),
        [4, 5]
    );
    assert_eq!(
        g.concept("asylum-seeker").unwrap().source,
        "termalign suggest: s.csv:4 (m, score 1)"
    );
}

#[test]
fn merging_twice_adds_nothing() {
    let rows = "en,asylum seeker,fr,demandeur d'asile,0.91,dice,12,10,,new,yes\n\
                en,asylum seeker,es,solicitante de asilo,0.88,dice,12,9,,new,yes\n\
                en,political asylum,es,asilo,0.8,dice,2,2,,new,yes\n\
                en,asylum,fr,réfugié,0.5,m,1,1,,conflict,yes\n";
    let (once, _) = run(rows).unwrap();
    let (twice, report) = merge(&once, &format!("{HEADER}{rows}"), Path::new("dir/s.csv")).unwrap();
    assert_eq!(twice, once);
    assert_eq!(
        (report.known(), report.conflicts(), report.errors()),
        (3, 1, 0)
    );
}

#[test]
fn method_and_score_are_optional() {
    let (g, _) = merge(
        &base(),
        "lang_a,term_a,lang_b,term_b,accept\nen,resettlement,fr,réinstallation,y\n",
        Path::new("s.csv"),
    )
    .unwrap();
    assert_eq!(
        g.concept("resettlement").unwrap().source,
        "termalign suggest: s.csv:2"
    );
}

/// `glossary lint` and `glossary merge` judge a term by one rule
/// (`lint::term_problem`): what lint reports, merge refuses.
#[test]
fn a_term_that_can_never_match_is_refused_as_lint_reports_it() {
    for term in [
        "...",
        "ab\u{ad}cd",
        "ab\u{200b}cd",
        "ab\u{202e}cd",
        "\u{feff}x",
    ] {
        let refused = err(&format!("en,{term},fr,terme,1,m,1,1,,new,yes\n"));
        assert!(
            refused.starts_with("dir/s.csv:2: field term_a: English term"),
            "{refused}"
        );
        let linted: Vec<String> = crate::glossary::lint::lint_csv(
            &format!("{GLOSSARY}x,en,{term},preferred,noun,,,\n"),
            Path::new("g.csv"),
        )
        .iter()
        .map(|f| f.to_string())
        .collect();
        let problem = refused.split("field term_a: ").nth(1).unwrap();
        assert!(
            linted.contains(&format!("g.csv:8: field term: {problem}")),
            "{term:?}: {linted:#?}"
        );
    }
}

/// A merged term's findings are placed at its suggestions row, and a base
/// term's at its glossary line, with no CSV written and read back.
#[test]
fn findings_of_the_merged_glossary_are_placed_at_their_rows() {
    let (_, report) =
        run("en,asylum seeker,fr,demandeur  d'asile,0.9,dice,1,1,,new,yes\n").unwrap();
    let findings: Vec<String> = report.findings.iter().map(|f| f.to_string()).collect();
    assert!(
        findings.contains(
            &"dir/s.csv:2: field term: a doubled space in \"demandeur  d'asile\"".to_string()
        ),
        "{findings:#?}"
    );
}

#[test]
fn a_runaway_term_is_refused_as_every_reader_refuses_it() {
    let long = "a".repeat(crate::glossary::MAX_TERM_CHARS + 1);
    let refused = err(&format!("en,{long},fr,terme,1,m,1,1,,new,yes\n"));
    assert!(
        refused.starts_with("dir/s.csv:2: field term_a: English term of 1001 characters"),
        "{refused}"
    );
}

/// Found by fuzzing (`fuzz::suggestions_csv`): suggestions given as text
/// (not read from a file, which refuses a NUL) with a NUL in the method
/// column were merged, and the glossary written from them could not be
/// read back.
#[test]
fn a_nul_in_the_suggestions_is_refused() {
    assert_eq!(
        err("en,boat people,fr,boat-people,0.9,con\0text,1,1,,new,yes\n"),
        "dir/s.csv: binary file: NUL character at line 2, column 38; termalign reads text"
    );
}

/// A merge of `rows` (with the columns of `header`) into the base.
fn run_with(header: &str, rows: &str, options: &MergeOptions) -> (Glossary, MergeReport) {
    merge_with(
        &base(),
        &format!("{header}\n{rows}"),
        Path::new("s.csv"),
        options,
    )
    .unwrap()
}

fn pos_and_status(g: &Glossary, id: &str) -> Vec<(String, Status, Pos)> {
    g.concept(id)
        .unwrap()
        .terms
        .iter()
        .map(|t| (t.text.clone(), t.status, t.pos))
        .collect()
}

#[test]
fn the_status_asked_is_the_new_terms() {
    let header = "lang_a,term_a,lang_b,term_b,accept";
    let (g, report) = run_with(
        header,
        "en,refugee,fr,personne réfugiée,admis\n\
         es,asilado,en,asylum,deprecated\n\
         en,refugee,es,persona refugiada,privilégié\n\
         en,asylum,fr,droit d'asile,Preferred\n",
        &MergeOptions::default(),
    );
    assert_eq!(
        pos_and_status(&g, "refugee"),
        [
            ("refugee".into(), Status::Preferred, Pos::Noun),
            ("réfugié".into(), Status::Preferred, Pos::Noun),
            ("personne réfugiée".into(), Status::Admitted, Pos::Noun),
            ("refugiado".into(), Status::Preferred, Pos::Noun),
        ]
    );
    assert_eq!(
        pos_and_status(&g, "asylum")[3],
        ("asilado".into(), Status::Deprecated, Pos::Noun)
    );
    // A second preferred term in a language is refused, with the reason.
    assert_eq!(report.conflicts(), 2);
    assert_eq!(
        report.rows[2].to_string(),
        "conflict, skipped: Spanish \"persona refugiada\" is not filed as preferred: concept refugee has the \
         preferred Spanish term \"refugiado\", and a concept has one preferred term per language; accept the \
         row as admitted, or change the glossary by hand"
    );
    assert!(report.rows[3].to_string().contains("\"asile\""));
}

#[test]
fn new_concepts_get_preferred_terms_and_the_subject_given() {
    let header = "lang_a,term_a,lang_b,term_b,accept";
    let options = MergeOptions {
        subjects: vec![Subject::Asylum, Subject::Borders],
    };
    let (g, report) = run_with(
        header,
        "en,border guards,fr,garde-frontière,preferred\n\
         en,asylum seekers,es,solicitantes de asilo,admitted\n\
         en,stowaways,fr,passagers clandestins,déconseillé\n",
        &options,
    );
    let c = g.concept("border-guard").unwrap();
    assert_eq!(c.subjects, [Subject::Asylum, Subject::Borders]);
    assert_eq!(
        pos_and_status(&g, "border-guard"),
        [
            ("border guard".into(), Status::Preferred, Pos::Noun),
            ("garde-frontière".into(), Status::Preferred, Pos::Noun),
        ]
    );
    // Admitted in a new concept: preferred, since each language needs one,
    // and the report says so.
    assert_eq!(
        pos_and_status(&g, "asylum-seeker"),
        [
            ("asylum seeker".into(), Status::Preferred, Pos::Noun),
            ("solicitante de asilo".into(), Status::Preferred, Pos::Noun),
        ]
    );
    assert!(
        report.rows[1]
            .notes
            .iter()
            .any(|n| n.contains("filed as preferred, not admitted")),
        "{:?}",
        report.rows[1].notes
    );
    // A deprecated pair of unknown terms has nothing to stand beside.
    assert!(matches!(report.rows[2].outcome, Outcome::Refused { .. }));
    assert!(g.concept("stowaway").is_none());
    // Without --subject, none.
    let (g, _) = run_with(
        header,
        "en,border guards,fr,garde-frontière,yes\n",
        &MergeOptions::default(),
    );
    assert!(g.concept("border-guard").unwrap().subjects.is_empty());
}

#[test]
fn terms_are_filed_in_their_dictionary_form_with_their_part_of_speech() {
    let header = "lang_a,term_a,lang_b,term_b,pos_a,pos_b,accept";
    let (g, report) = run_with(
        header,
        "en,undocumented,es,indocumentadas,,,yes\n\
         en,displaced persons,fr,personnes déplacées,,,yes\n\
         en,stateless,fr,apatrides,adjective,adjectif,yes\n\
         fr,clandestines,es,irregulares,adjectif,adjetivo,yes\n\
         en,refugees,fr,réfugiés statutaires,,,yes\n\
         en,laws,fr,lois,,,yes\n",
        &MergeOptions::default(),
    );
    // The adjective guessed from its ending: masculine singular, and never
    // "noun" copied onto it.
    assert_eq!(
        pos_and_status(&g, "undocumented"),
        [
            ("undocumented".into(), Status::Preferred, Pos::Adjective),
            ("indocumentado".into(), Status::Preferred, Pos::Adjective),
        ]
    );
    assert_eq!(
        pos_and_status(&g, "displaced-person"),
        [
            ("displaced person".into(), Status::Preferred, Pos::Noun),
            ("personne déplacée".into(), Status::Preferred, Pos::Noun),
        ]
    );
    assert_eq!(
        pos_and_status(&g, "stateless"),
        [
            ("stateless".into(), Status::Preferred, Pos::Adjective),
            ("apatride".into(), Status::Preferred, Pos::Adjective),
        ]
    );
    let c = g.concepts.last().unwrap();
    assert_eq!(
        (c.terms[0].text.as_str(), c.terms[1].text.as_str()),
        ("law", "lois")
    );
    // The variant added to an existing concept: in the singular, a noun
    // as the term it names.
    assert_eq!(
        pos_and_status(&g, "refugee")[2],
        ("réfugié statutaire".into(), Status::Admitted, Pos::Noun)
    );
    assert!(
        report.rows[1].notes.contains(
            &"French \"personnes déplacées\" filed in its dictionary form \"personne déplacée\" (noun)".to_string()
        ),
        "{:?}",
        report.rows[1].notes
    );
    // A form that reads two ways is kept as seen and flagged.
    assert!(
        report.rows[5]
            .notes
            .iter()
            .any(|n| n.contains("\"lois\" filed as seen")),
        "{:?}",
        report.rows[5].notes
    );
    let clandestin = g
        .concepts
        .iter()
        .find(|c| c.terms.iter().any(|t| t.text == "clandestin"))
        .unwrap();
    assert_eq!(clandestin.terms[1].text, "irregular");
}

#[test]
fn a_bad_part_of_speech_is_named() {
    let got = merge(
        &base(),
        "lang_a,term_a,lang_b,term_b,pos_a,accept\nen,a,fr,b,thing,yes\n",
        Path::new("s.csv"),
    )
    .unwrap_err()
    .to_string();
    assert!(
        got.starts_with("s.csv:2: field pos_a: unknown part of speech \"thing\""),
        "{got}"
    );
}

/// A term the concept has under a context guard is not found in its plural
/// seen alone, but its dictionary form is that term: the row is known, not a
/// second "coyote" that lint would refuse.
#[test]
fn a_dictionary_form_the_concept_has_is_known() {
    let glossary = "concept,lang,term,status,pos,guard\n\
        smuggler,en,migrant smuggler,preferred,noun,\n\
        smuggler,en,coyote,admitted,noun,context\n\
        smuggler,fr,passeur,preferred,noun,\n";
    let base = Glossary::from_csv(glossary.as_bytes(), Path::new("g.csv")).unwrap();
    let (g, report) = merge(
        &base,
        "lang_a,term_a,lang_b,term_b,accept\nen,coyotes,fr,passeurs,yes\n",
        Path::new("s.csv"),
    )
    .unwrap();
    assert_eq!(
        report.rows[0].outcome,
        Outcome::Known {
            concept: "smuggler".into()
        }
    );
    assert_eq!(g.concept("smuggler").unwrap().terms.len(), 3);
    assert_eq!(report.errors(), 0);
}
