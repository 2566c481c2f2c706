//! Precision of inflection-aware matching (`MatchMode::Inflect`) against the
//! naive Snowball-stem baseline (`MatchMode::Stem`), on real text.
//!
//! ```text
//! cargo run --release --example eval_match [DATA_DIR]
//! ```
//!
//! DATA_DIR defaults to `../shared/data` next to the crate; without it the
//! example says so and exits successfully. Two evaluations:
//!
//! 1. **PUD treebanks** (`pud/{en,fr,es}_pud-ud-test.conllu`), judged
//!    automatically. Each sentence (`# text =`) is analysed with the language
//!    forced; the treebank's tokens are aligned with the text by walking it
//!    and finding each surface form in order (a multiword token such as
//!    French `du` = `de le` is one surface unit carrying the lemmas of its
//!    words; empty nodes are skipped). A hit is **correct** when every
//!    content word of the matched glossary term (function words such as
//!    `de`, `of` are not judged) is aligned with a treebank token such that,
//!    lowercased and accent-folded, either
//!    - a UD lemma of the token equals the glossary word (glossary terms are
//!      written as lemmas), or
//!    - (fr, es) a UD lemma is the glossary word's other gender in the
//!      singular, as `morph` inflects adjectives (`migrante` ↔ `migrant`,
//!      `refugiada` ↔ `refugiado`), since treebanks differ on whether a
//!      feminine noun is its own lemma, or
//!    - the token's surface is the glossary word itself (an exact hit is the
//!      term whatever the tagger says, e.g. gerund "smuggling" for the noun),
//!    - or, when the treebank token is larger than ours (a hyphenated
//!      compound), a hyphen-separated part of the lemma equals the word.
//!
//!    Hits whose words cannot be aligned are counted apart, not judged.
//!    "Inflected" hits are those where some content word differs from the
//!    glossary word: the ones the modes disagree on. Recall against the
//!    treebank: every token whose lemma is a single-word glossary term of a
//!    compatible part of speech is a gold occurrence; it is found when a hit
//!    covers it.
//! 2. **NTREX-128 news** (`ntrex128/newstest2019-*.txt`), documents rebuilt
//!    with `DOCUMENT_IDS.tsv`: hit counts per mode, and evenly spaced samples
//!    of the hits only one mode finds, to be judged by a human.
//! 3. **Before and after**: the lemma-judged precision of (1) with the
//!    341-concept glossary the shipped one grew from
//!    (`tests/fixtures/glossaries/migration-341.csv`) and with the shipped
//!    one, in the same run.
//! 4. **The hand annotation** (`annotation/`, module [`gold`]): span
//!    precision and recall of both glossaries against every migration term a
//!    terminologist marked in the migration documents of NTREX and the
//!    migration sentences of PUD, with every miss and every extra hit; and
//!    the share of the concepts named in a sentence that its translation
//!    names too, per direction, on all the lines and on the annotated ones.
//! 5. **Guards**: hits per 1,000 words of the guarded terms with and without
//!    their guards on all of NTREX and PUD (general news), and 50 of the hits
//!    they keep and 50 of those they drop, to be read.

mod gold;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use termalign::analysis::matcher::{Match, MatchMode};
use termalign::analysis::morph;
use termalign::analysis::normalize::{collapse_whitespace, folded, lower};
use termalign::analysis::tokenize::tokenize;
use termalign::glossary::{Pos, Term};
use termalign::{Config, Glossary, Lang, Pipeline};

/// How many examples to list per kind.
const EXAMPLES: usize = 15;
const MODES: [MatchMode; 2] = [MatchMode::Inflect, MatchMode::Stem];

fn mode_name(mode: MatchMode) -> &'static str {
    match mode {
        MatchMode::Inflect => "inflect",
        MatchMode::Stem => "stem",
    }
}

fn main() {
    let dir = std::env::args_os().nth(1).map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data"),
        PathBuf::from,
    );
    if !dir.is_dir() {
        println!(
            "eval_match: data folder {} not found; nothing to evaluate.",
            dir.display()
        );
        return;
    }
    if let Err(e) = run(&dir) {
        eprintln!("eval_match: {e}");
        std::process::exit(1);
    }
}

fn run(dir: &Path) -> Result<(), String> {
    let glossary = Glossary::builtin();
    println!(
        "glossary: {} concepts, {} terms\n",
        glossary.concepts.len(),
        glossary.term_count()
    );
    let pipelines: Vec<Pipeline> = MODES
        .iter()
        .flat_map(|&match_mode| {
            let glossary = &glossary;
            Lang::ALL.into_iter().map(move |lang| {
                Pipeline::new(
                    glossary,
                    Config {
                        lang: Some(lang),
                        match_mode,
                    },
                )
            })
        })
        .collect();
    let pipeline = |mode: MatchMode, lang: Lang| {
        let m = MODES.iter().position(|&x| x == mode).unwrap_or(0);
        &pipelines[m * Lang::ALL.len() + lang.index()]
    };

    println!("# PUD treebanks: precision judged against UD lemmas\n");
    let mut reports = Vec::new();
    let mut risky = Vec::new();
    for lang in Lang::ALL {
        let path = dir.join(format!("pud/{}_pud-ud-test.conllu", lang.code()));
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let sentences = parse_conllu(&text);
        let (units, unaligned) = sentences
            .iter()
            .flat_map(|s| &s.units)
            .fold((0, 0), |(n, u), unit| {
                (n + 1, u + usize::from(unit.start.is_none()))
            });
        println!(
            "{lang}: {} sentences, {units} surface tokens, {unaligned} not found in the sentence text",
            sentences.len()
        );
        let gold = gold_occurrences(&glossary, lang, &sentences);
        let runs: Vec<PudRun> = MODES
            .iter()
            .map(|&mode| evaluate_pud(&glossary, pipeline(mode, lang), lang, &sentences, &gold))
            .collect();
        reports.push((lang, runs, gold));
        risky.push((lang, risky_forms(&glossary, lang, &sentences)));
    }
    println!();
    print_pud(&reports);
    println!(
        "\n# Generated forms the treebank knows as another word\n\n\
         Inflected forms inflect mode looks for (morph::forms, as the matcher calls it) that occur\n\
         in the treebank with a lemma that is not the glossary word: possible false hits elsewhere."
    );
    for (lang, list) in &risky {
        println!("\n{lang}: {}", if list.is_empty() { "none" } else { "" });
        for line in list {
            println!("  {line}");
        }
    }

    before_and_after(dir, &glossary)?;

    println!("\n# NTREX-128 news: hits per mode, and hits only one mode finds\n");
    let doc_ids = read_lines(&dir.join("ntrex128/DOCUMENT_IDS.tsv"))?;
    for lang in Lang::ALL {
        let file = match lang {
            Lang::En => "ntrex128/newstest2019-src.eng.txt",
            Lang::Fr => "ntrex128/newstest2019-ref.fra.txt",
            Lang::Es => "ntrex128/newstest2019-ref.spa.txt",
        };
        let lines = read_lines(&dir.join(file))?;
        let docs = documents(&lines, &doc_ids);
        ntrex(&glossary, lang, &docs, |mode| pipeline(mode, lang));
    }
    Ok(())
}

/// The glossary the shipped one grew from.
fn glossary_341() -> Result<Glossary, String> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/glossaries/migration-341.csv");
    let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    Glossary::from_csv(bytes.as_slice(), &path).map_err(|e| e.to_string())
}

/// Sections 3 to 5: both glossaries on the treebanks, on the annotation and
/// across languages; the guards.
fn before_and_after(dir: &Path, shipped: &Glossary) -> Result<(), String> {
    let old = glossary_341()?;
    let glossaries = [
        ("341 concepts (before)", &old),
        ("shipped (after)", shipped),
    ];
    println!(
        "\n# Lemma-judged precision on PUD, before and after ({} → {} concepts)\n",
        old.concepts.len(),
        shipped.concepts.len()
    );
    println!(
        "| lang | glossary | hits | correct | wrong | unaligned | precision | treebank gold | recall |"
    );
    println!("|---|---|--:|--:|--:|--:|--:|--:|--:|");
    let mut wrong_after = Vec::new();
    for lang in Lang::ALL {
        let path = dir.join(format!("pud/{}_pud-ud-test.conllu", lang.code()));
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let sentences = parse_conllu(&text);
        for (name, glossary) in glossaries {
            let pipeline = Pipeline::new(
                glossary,
                Config {
                    lang: Some(lang),
                    match_mode: MatchMode::Inflect,
                },
            );
            let gold = gold_occurrences(glossary, lang, &sentences);
            let run = evaluate_pud(glossary, &pipeline, lang, &sentences, &gold);
            println!(
                "| {lang} | {name} | {} | {} | {} | {} | {} | {} | {} |",
                run.hits,
                run.correct,
                run.wrong,
                run.unaligned,
                pct(run.correct, run.correct + run.wrong),
                gold.len(),
                pct(run.found.len(), gold.len())
            );
            if std::ptr::eq(glossary, shipped) {
                for (verdict, shown) in run.judged.values() {
                    if *verdict != Verdict::Correct {
                        wrong_after.push(format!(
                            "{lang} {:?} → {:?} [{}] (UD lemmas: {}){}",
                            shown.surface,
                            shown.term,
                            shown.concept,
                            shown.lemmas,
                            if *verdict == Verdict::Unaligned {
                                " unaligned"
                            } else {
                                ""
                            }
                        ));
                    }
                }
            }
        }
    }
    println!(
        "\nhits of the shipped glossary not judged correct ({}):",
        wrong_after.len()
    );
    for line in &wrong_after {
        println!("  {line}");
    }

    let data = gold::Data::read(dir)?;
    let annotation = gold::Annotation::load(&data)?;
    let runs: Vec<gold::Run> = glossaries
        .iter()
        .map(|(name, g)| gold::run(name, g, shipped, &data, &annotation))
        .collect();
    println!("\n# The hand annotation: span precision and recall\n");
    gold::print_scores(&runs);
    println!("\n# Cross-language agreement: concepts named in a sentence and in its translation\n");
    gold::print_agreement(&runs, &annotation, &data);
    println!("\n# Guards: guarded terms on general news, with and without their guards\n");
    gold::print_guards(shipped, &data, 50);
    Ok(())
}

fn read_lines(path: &Path) -> Result<Vec<String>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    // The NTREX files have CRLF line ends.
    Ok(text
        .lines()
        .map(|l| l.trim_end_matches('\r').to_string())
        .collect())
}

// ---------------------------------------------------------------------------
// CoNLL-U
// ---------------------------------------------------------------------------

/// A syntactic word of the treebank.
struct Word {
    lemma: String,
    upos: String,
}

/// A surface token of the treebank: a plain word, or a multiword token
/// (`du` = `de le`) with its words.
struct Unit {
    form: String,
    words: Vec<Word>,
    /// Byte range in the sentence text; None when it could not be found.
    start: Option<usize>,
    end: usize,
}

struct Sentence {
    id: String,
    text: String,
    units: Vec<Unit>,
}

fn parse_conllu(conllu: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut sentence = Sentence {
        id: String::new(),
        text: String::new(),
        units: Vec::new(),
    };
    // Last word id covered by the current multiword token.
    let mut range_end = 0usize;
    for line in conllu.lines().chain(std::iter::once("")) {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            if !sentence.units.is_empty() {
                align(&mut sentence);
                out.push(std::mem::replace(
                    &mut sentence,
                    Sentence {
                        id: String::new(),
                        text: String::new(),
                        units: Vec::new(),
                    },
                ));
            }
            range_end = 0;
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            if let Some(text) = comment.trim_start().strip_prefix("text = ") {
                sentence.text = text.to_string();
            } else if let Some(id) = comment.trim_start().strip_prefix("sent_id = ") {
                sentence.id = id.to_string();
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 4 {
            continue;
        }
        let (id, form, lemma, upos) = (cols[0], cols[1], cols[2], cols[3]);
        if id.contains('.') {
            continue; // an empty node: no surface
        }
        if let Some((_, last)) = id.split_once('-') {
            range_end = last.parse().unwrap_or(0);
            sentence.units.push(Unit {
                form: form.to_string(),
                words: Vec::new(),
                start: None,
                end: 0,
            });
            continue;
        }
        let word = Word {
            lemma: lemma.to_string(),
            upos: upos.to_string(),
        };
        let n: usize = id.parse().unwrap_or(usize::MAX);
        match sentence.units.last_mut() {
            Some(unit) if n <= range_end => unit.words.push(word),
            _ => sentence.units.push(Unit {
                form: form.to_string(),
                words: vec![word],
                start: None,
                end: 0,
            }),
        }
    }
    out
}

/// Finds each unit's surface form in the text, in order, across nothing but
/// white space.
fn align(sentence: &mut Sentence) {
    let text = &sentence.text;
    let mut cursor = 0;
    for unit in &mut sentence.units {
        let rest = &text[cursor..];
        let skipped = rest.len() - rest.trim_start().len();
        if rest[skipped..].starts_with(unit.form.as_str()) {
            let start = cursor + skipped;
            unit.start = Some(start);
            unit.end = start + unit.form.len();
            cursor = unit.end;
        }
    }
}

/// The unit whose span holds byte `at`.
fn unit_at(units: &[Unit], at: usize) -> Option<&Unit> {
    units
        .iter()
        .find(|u| u.start.is_some_and(|s| s <= at && at < u.end))
}

// ---------------------------------------------------------------------------
// Judging hits
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Correct,
    Wrong,
    Unaligned,
}

/// The judgement of one hit.
struct Judged {
    verdict: Verdict,
    /// Some content word's surface differs from the glossary word.
    inflected: bool,
    /// The UD lemmas of the hit's content words, for the report.
    lemmas: Vec<String>,
}

fn term_of<'g>(glossary: &'g Glossary, m: &Match) -> &'g Term {
    &glossary.concepts[m.term.concept as usize].terms[m.term.term as usize]
}

/// The other gender, in the singular, of a French or Spanish word (folded),
/// as `morph` inflects adjectives.
fn gender_pair(lang: Lang, a: &str, b: &str) -> bool {
    if lang == Lang::En {
        return false;
    }
    // A plural form ends in -s or -x where the word does not.
    let plural = |w: &str, x: &str| x.ends_with(['s', 'x']) && !w.ends_with(['s', 'x']);
    let singular_of = |w: &str, x: &str| {
        !plural(w, x)
            && morph::forms(lang, Pos::Adjective, w)
                .iter()
                .any(|f| folded(f) == x)
    };
    singular_of(a, b) || singular_of(b, a)
}

fn judge(
    glossary: &Glossary,
    lang: Lang,
    sentence: &Sentence,
    hit_tokens: &[(usize, usize)],
    m: &Match,
) -> Judged {
    let term = term_of(glossary, m);
    let term_tokens = tokenize(&term.text).tokens;
    let mut judged = Judged {
        verdict: Verdict::Correct,
        inflected: false,
        lemmas: Vec::new(),
    };
    if term_tokens.len() != hit_tokens.len() {
        judged.verdict = Verdict::Unaligned;
        return judged;
    }
    for (tt, &(start, end)) in term_tokens.iter().zip(hit_tokens) {
        let word = lower(tt.text(&term.text));
        if morph::is_function_word(lang, &word) {
            continue;
        }
        let word = folded(&word);
        let surface = folded(&sentence.text[start..end]);
        if surface != word {
            judged.inflected = true;
        }
        let Some(unit) = unit_at(&sentence.units, start) else {
            judged.verdict = Verdict::Unaligned;
            continue;
        };
        let lemmas: Vec<String> = unit.words.iter().map(|w| folded(&w.lemma)).collect();
        judged.lemmas.push(lemmas.join("+"));
        let larger = unit.start != Some(start) || unit.end != end;
        let ok = surface == word
            || lemmas.iter().any(|l| {
                *l == word
                    || gender_pair(lang, &word, l)
                    || (larger && l.split('-').any(|part| part == word))
            });
        if !ok && judged.verdict == Verdict::Correct {
            judged.verdict = Verdict::Wrong;
        }
    }
    judged
}

/// A hit's place: sentence (or document) and byte span. Hits of one mode do
/// not overlap, so a place has at most one term per mode.
type Place = (usize, usize, usize);

fn place(at: usize, m: &Match) -> Place {
    (at, m.start, m.end)
}

/// One hit with what the report shows of it.
struct Shown {
    /// (concept, term) indexes.
    term_ref: (u32, u32),
    surface: String,
    term: String,
    concept: String,
    lemmas: String,
}

#[derive(Default)]
struct PudRun {
    hits: usize,
    correct: usize,
    wrong: usize,
    unaligned: usize,
    inflected: usize,
    inflected_correct: usize,
    inflected_wrong: usize,
    /// Every hit with its verdict.
    judged: BTreeMap<Place, (Verdict, Shown)>,
    /// Gold occurrences found (indexes into the gold list).
    found: BTreeSet<usize>,
}

/// A treebank token whose lemma is a single-word glossary term.
struct Gold {
    sentence: usize,
    start: usize,
    surface: String,
    lemma: String,
}

fn pos_fits(pos: Pos, upos: &str) -> bool {
    match pos {
        Pos::Noun => matches!(upos, "NOUN" | "PROPN"),
        Pos::Verb => upos == "VERB",
        Pos::Adjective => upos == "ADJ",
        Pos::Adverb => upos == "ADV",
        Pos::Other => true,
    }
}

/// Forms generated for the glossary words of `lang` that the treebank
/// lemmatizes as some other word. Mirrors how `Matcher` inflects a term's
/// words: in French and Spanish noun terms, the words after the first content
/// word are inflected as adjectives.
fn risky_forms(glossary: &Glossary, lang: Lang, sentences: &[Sentence]) -> Vec<String> {
    let mut lemmas_of: BTreeMap<String, BTreeSet<(String, String)>> = BTreeMap::new();
    for unit in sentences.iter().flat_map(|s| &s.units) {
        if let [word] = &unit.words[..] {
            lemmas_of
                .entry(folded(&unit.form))
                .or_default()
                .insert((folded(&word.lemma), word.upos.clone()));
        }
    }
    let mut out = BTreeSet::new();
    for concept in &glossary.concepts {
        for term in concept.terms_in(lang) {
            let mut seen_content = false;
            for tok in tokenize(&term.text).tokens {
                let word = lower(tok.text(&term.text));
                let function = morph::is_function_word(lang, &word);
                let pos = if seen_content && lang != Lang::En && term.pos == Pos::Noun {
                    Pos::Adjective
                } else {
                    term.pos
                };
                seen_content |= !function;
                if function {
                    continue;
                }
                let base = folded(&word);
                for form in morph::forms(lang, pos, &word).iter().skip(1) {
                    let form = folded(form);
                    let Some(readings) = lemmas_of.get(&form) else {
                        continue;
                    };
                    let other: Vec<String> = readings
                        .iter()
                        .filter(|(l, _)| *l != base && !gender_pair(lang, &base, l))
                        .map(|(l, upos)| format!("{l}/{upos}"))
                        .collect();
                    if !other.is_empty() {
                        out.insert(format!(
                            "{form:?} (form of {word:?}, {}, in {:?}) is UD {}",
                            pos.as_str(),
                            term.text,
                            other.join(", ")
                        ));
                    }
                }
            }
        }
    }
    out.into_iter().collect()
}

fn gold_occurrences(glossary: &Glossary, lang: Lang, sentences: &[Sentence]) -> Vec<Gold> {
    // Folded single-word terms with their parts of speech.
    let mut words: Vec<(String, Pos)> = Vec::new();
    for concept in &glossary.concepts {
        for term in concept.terms_in(lang) {
            if tokenize(&term.text).tokens.len() == 1 {
                words.push((folded(&term.text), term.pos));
            }
        }
    }
    let mut gold = Vec::new();
    for (si, sentence) in sentences.iter().enumerate() {
        for unit in &sentence.units {
            let Some(start) = unit.start else { continue };
            let hit = unit.words.iter().find(|w| {
                let lemma = folded(&w.lemma);
                words.iter().any(|(word, pos)| {
                    pos_fits(*pos, &w.upos) && (*word == lemma || gender_pair(lang, word, &lemma))
                })
            });
            if let Some(w) = hit {
                gold.push(Gold {
                    sentence: si,
                    start,
                    surface: unit.form.clone(),
                    lemma: w.lemma.clone(),
                });
            }
        }
    }
    gold
}

fn evaluate_pud(
    glossary: &Glossary,
    pipeline: &Pipeline,
    lang: Lang,
    sentences: &[Sentence],
    gold: &[Gold],
) -> PudRun {
    let mut run = PudRun::default();
    let mut gold_at: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for (i, g) in gold.iter().enumerate() {
        gold_at.insert((g.sentence, g.start), i);
    }
    for (si, sentence) in sentences.iter().enumerate() {
        let analysis = pipeline.analyze(&sentence.text);
        for m in &analysis.matches {
            let spans: Vec<(usize, usize)> = analysis.tokens.tokens[m.first_token..m.end_token]
                .iter()
                .map(|t| (t.start, t.end))
                .collect();
            let j = judge(glossary, lang, sentence, &spans, m);
            run.hits += 1;
            match j.verdict {
                Verdict::Correct => run.correct += 1,
                Verdict::Wrong => run.wrong += 1,
                Verdict::Unaligned => run.unaligned += 1,
            }
            if j.inflected {
                run.inflected += 1;
                run.inflected_correct += usize::from(j.verdict == Verdict::Correct);
                run.inflected_wrong += usize::from(j.verdict == Verdict::Wrong);
            }
            for (_, &g) in gold_at.range((si, m.start)..(si, m.end)) {
                run.found.insert(g);
            }
            let term = term_of(glossary, m);
            let shown = Shown {
                term_ref: (m.term.concept, m.term.term),
                surface: sentence.text[m.start..m.end].to_string(),
                term: term.text.clone(),
                concept: glossary.concepts[m.term.concept as usize].id.clone(),
                lemmas: j.lemmas.join(" "),
            };
            run.judged.insert(place(si, m), (j.verdict, shown));
        }
    }
    run
}

fn pct(k: usize, n: usize) -> String {
    if n == 0 {
        "-".into()
    } else {
        format!("{:.1}%", 100.0 * k as f64 / n as f64)
    }
}

fn print_pud(reports: &[(Lang, Vec<PudRun>, Vec<Gold>)]) {
    println!(
        "| lang | mode | hits | correct | wrong | unaligned | precision | inflected hits | inflected precision | gold | recall |"
    );
    println!("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
    for (lang, runs, gold) in reports {
        let gold = gold.len();
        for (mode, r) in MODES.iter().zip(runs) {
            println!(
                "| {lang} | {} | {} | {} | {} | {} | {} | {} | {} | {gold} | {} |",
                mode_name(*mode),
                r.hits,
                r.correct,
                r.wrong,
                r.unaligned,
                pct(r.correct, r.correct + r.wrong),
                r.inflected,
                pct(r.inflected_correct, r.inflected_correct + r.inflected_wrong),
                pct(r.found.len(), gold),
            );
        }
    }
    println!(
        "\nprecision = correct / (correct + wrong); inflected = some content word differs from the glossary word;\n\
         gold = treebank tokens whose lemma is a single-word glossary term (compatible UPOS), recall = share covered by a hit."
    );
    for (lang, runs, gold) in reports {
        let (inflect, stem) = (&runs[0], &runs[1]);
        let diff = |a: &PudRun, b: &PudRun| {
            let d = Diff::of(&a.judged, &b.judged, |x, y| x.1.term_ref == y.1.term_ref);
            let ok = |places: &[Place]| {
                places
                    .iter()
                    .filter(|p| a.judged[p].0 == Verdict::Correct)
                    .count()
            };
            format!(
                "{} places ({} correct), {} with another term at the same place ({} correct)",
                d.only.len(),
                ok(&d.only),
                d.other_term.len(),
                ok(&d.other_term)
            )
        };
        println!("\n## {lang}\n");
        println!("hits only inflect finds: {}", diff(inflect, stem));
        println!("hits only stem finds: {}", diff(stem, inflect));
        for (mode, r) in MODES.iter().zip(runs) {
            let wrong: Vec<&Shown> = r
                .judged
                .values()
                .filter(|(v, _)| *v == Verdict::Wrong)
                .map(|(_, s)| s)
                .collect();
            println!(
                "\nfalse hits, {} ({} in all):",
                mode_name(*mode),
                wrong.len()
            );
            for s in spread(&wrong, EXAMPLES) {
                println!(
                    "  {:?} → {:?} [{}] (UD lemma: {})",
                    s.surface, s.term, s.concept, s.lemmas
                );
            }
        }
        // Correct hits the baseline finds and inflect misses: morph gaps.
        let missed: Vec<&Shown> = stem
            .judged
            .iter()
            .filter(|(k, (v, s))| {
                *v == Verdict::Correct
                    && inflect
                        .judged
                        .get(k)
                        .is_none_or(|(_, i)| i.term_ref != s.term_ref)
            })
            .map(|(_, (_, s))| s)
            .collect();
        if !missed.is_empty() {
            println!("\ncorrect stem hits inflect misses ({}):", missed.len());
            for s in spread(&missed, EXAMPLES) {
                println!(
                    "  {:?} → {:?} [{}] (UD lemma: {})",
                    s.surface, s.term, s.concept, s.lemmas
                );
            }
        }
        let unfound: Vec<&Gold> = gold
            .iter()
            .enumerate()
            .filter(|(i, _)| !inflect.found.contains(i))
            .map(|(_, g)| g)
            .collect();
        println!(
            "\ngold occurrences inflect does not cover: {}",
            unfound.len()
        );
        for g in spread(&unfound, EXAMPLES) {
            println!("  {:?} (UD lemma {})", g.surface, g.lemma);
        }
    }
}

/// Up to `n` items, evenly spaced over the list (deterministic, and not
/// all from the first documents).
fn spread<T: Copy>(items: &[T], n: usize) -> Vec<T> {
    if items.len() <= n {
        return items.to_vec();
    }
    (0..n).map(|i| items[i * items.len() / n]).collect()
}

/// How one mode's hits differ from another's.
struct Diff {
    /// Places only the first mode has a hit at.
    only: Vec<Place>,
    /// Places both have a hit at, with different terms.
    other_term: Vec<Place>,
}

impl Diff {
    fn of<V>(
        a: &BTreeMap<Place, V>,
        b: &BTreeMap<Place, V>,
        same: impl Fn(&V, &V) -> bool,
    ) -> Diff {
        let mut diff = Diff {
            only: Vec::new(),
            other_term: Vec::new(),
        };
        for (p, va) in a {
            match b.get(p) {
                None => diff.only.push(*p),
                Some(vb) if !same(va, vb) => diff.other_term.push(*p),
                Some(_) => {}
            }
        }
        diff
    }
}

// ---------------------------------------------------------------------------
// NTREX
// ---------------------------------------------------------------------------

/// Consecutive lines with the same document id, joined into one text.
fn documents(lines: &[String], ids: &[String]) -> Vec<(String, String)> {
    let mut docs: Vec<(String, String)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let id = ids.get(i).map_or("?", |s| s.trim());
        match docs.last_mut() {
            Some((last, text)) if last == id => {
                text.push('\n');
                text.push_str(line);
            }
            _ => docs.push((id.to_string(), line.clone())),
        }
    }
    docs
}

struct NtrexHit {
    doc: String,
    kind: &'static str,
    shown: Shown,
    context: String,
}

fn ntrex<'p>(
    glossary: &Glossary,
    lang: Lang,
    docs: &[(String, String)],
    pipeline: impl Fn(MatchMode) -> &'p Pipeline,
) {
    let mut runs: Vec<BTreeMap<Place, NtrexHit>> = Vec::new();
    for &mode in &MODES {
        let mut hits = BTreeMap::new();
        for (di, (id, text)) in docs.iter().enumerate() {
            let analysis = pipeline(mode).analyze(text);
            for m in &analysis.matches {
                let term = term_of(glossary, m);
                let left = text[..m.start]
                    .char_indices()
                    .rev()
                    .nth(40)
                    .map_or(0, |(i, _)| i);
                let right = text[m.end..]
                    .char_indices()
                    .nth(40)
                    .map_or(text.len(), |(i, _)| m.end + i);
                let context = format!(
                    "…{}[{}]{}…",
                    collapse_whitespace(&text[left..m.start]) + " ",
                    &text[m.start..m.end],
                    " ".to_string() + &collapse_whitespace(&text[m.end..right])
                );
                hits.insert(
                    place(di, m),
                    NtrexHit {
                        doc: id.clone(),
                        kind: m.kind.as_str(),
                        shown: Shown {
                            term_ref: (m.term.concept, m.term.term),
                            surface: text[m.start..m.end].to_string(),
                            term: term.text.clone(),
                            concept: glossary.concepts[m.term.concept as usize].id.clone(),
                            lemmas: String::new(),
                        },
                        context,
                    },
                );
            }
        }
        runs.push(hits);
    }
    let (inflect, stem) = (&runs[0], &runs[1]);
    let surfaces = |r: &BTreeMap<Place, NtrexHit>| {
        r.values()
            .map(|h| lower(&h.shown.surface))
            .collect::<HashSet<_>>()
            .len()
    };
    println!(
        "## {lang}: {} documents; inflect {} hits ({} distinct surfaces), stem {} hits ({} distinct surfaces)",
        docs.len(),
        inflect.len(),
        surfaces(inflect),
        stem.len(),
        surfaces(stem)
    );
    // Every inflect hit, by surface and term: few enough to read them all.
    let mut inventory: BTreeMap<(String, String, &'static str), usize> = BTreeMap::new();
    for h in inflect.values() {
        let k = (lower(&h.shown.surface), h.shown.term.clone(), h.kind);
        *inventory.entry(k).or_default() += 1;
    }
    println!("\ninflect hits by surface:");
    for ((surface, term, kind), n) in &inventory {
        println!("  {n:>3} {surface:?} → {term:?} ({kind})");
    }
    for (name, a, b) in [("inflect", inflect, stem), ("stem", stem, inflect)] {
        let d = Diff::of(a, b, |x, y| x.shown.term_ref == y.shown.term_ref);
        let mut places = d.only.clone();
        places.extend(&d.other_term);
        places.sort();
        let hits: Vec<&NtrexHit> = places.iter().map(|p| &a[p]).collect();
        println!(
            "\nonly {name}: {} places without a hit in the other mode, {} with another term there:",
            d.only.len(),
            d.other_term.len()
        );
        for h in spread(&hits, EXAMPLES) {
            println!(
                "  {:?} → {:?} [{}] {} {}: {}",
                h.shown.surface, h.shown.term, h.shown.concept, h.kind, h.doc, h.context
            );
        }
    }
    println!();
}
