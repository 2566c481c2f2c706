//! Recall and precision against a hand annotation of real news, and how
//! often a concept found in a sentence is found in its translation.
//!
//! The annotation (`annotation/`, see its README) marks every migration
//! term a terminologist would mark in the migration documents of NTREX-128
//! and the migration sentences of PUD, in the three languages, as line,
//! byte offsets and a concept label: never the text, which is read from
//! `../shared/data` at run time and checked against each span's hash.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use termalign::analysis::matcher::Match;
use termalign::glossary::Subject;
use termalign::{Config, Glossary, Lang, Pipeline};

/// The annotation, in the binary's source tree.
const NTREX: &str = include_str!("annotation/ntrex.tsv");
const PUD: &str = include_str!("annotation/pud.tsv");
const SCOPE: &str = include_str!("annotation/scope.tsv");
const LABELS: &str = include_str!("annotation/labels.tsv");

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Corpus {
    Ntrex,
    Pud,
}

impl Corpus {
    fn name(self) -> &'static str {
        match self {
            Corpus::Ntrex => "NTREX",
            Corpus::Pud => "PUD",
        }
    }
}

/// One annotated span.
#[derive(Clone, Debug)]
struct Span {
    line: usize,
    start: usize,
    end: usize,
    /// The annotator's label: a concept id, or `new:…` for a concept the
    /// glossary had no id for when annotating.
    label: String,
}

/// The annotation of one corpus and language.
#[derive(Default)]
struct Gold {
    spans: Vec<Span>,
    /// The lines read (a line with no span has no term).
    scope: BTreeSet<usize>,
}

/// FNV-1a, 32 bits: the check of a span's text (the annotation holds no
/// text, so a changed data file shows as mismatched checks).
fn fnv(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5u32, |h, &b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

fn rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| l.split('\t').collect())
}

/// The corpora's lines, per language: NTREX (CRLF) and PUD sentences.
pub struct Data {
    pub ntrex: HashMap<Lang, Vec<String>>,
    pub ntrex_docs: Vec<String>,
    pub pud: HashMap<Lang, Vec<String>>,
}

impl Data {
    pub fn read(dir: &Path) -> Result<Data, String> {
        let read = |p: &str| -> Result<Vec<String>, String> {
            let path = dir.join(p);
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            Ok(text
                .lines()
                .map(|l| l.trim_end_matches('\r').to_string())
                .collect())
        };
        let mut ntrex = HashMap::new();
        let mut pud = HashMap::new();
        for lang in Lang::ALL {
            let file = match lang {
                Lang::En => "ntrex128/newstest2019-src.eng.txt",
                Lang::Fr => "ntrex128/newstest2019-ref.fra.txt",
                Lang::Es => "ntrex128/newstest2019-ref.spa.txt",
            };
            ntrex.insert(lang, read(file)?);
            pud.insert(lang, read(&format!("pud/{}.txt", lang.code()))?);
        }
        Ok(Data {
            ntrex,
            ntrex_docs: read("ntrex128/DOCUMENT_IDS.tsv")?,
            pud,
        })
    }

    fn lines(&self, corpus: Corpus, lang: Lang) -> &[String] {
        match corpus {
            Corpus::Ntrex => &self.ntrex[&lang],
            Corpus::Pud => &self.pud[&lang],
        }
    }

    /// Documents of a corpus: NTREX articles rebuilt from their lines, three
    /// sentences to a paragraph (as articles are set); each PUD sentence
    /// alone. Each with the 1-based line and byte offset of its sentences.
    fn documents(&self, corpus: Corpus, lang: Lang) -> Vec<Doc> {
        let lines = self.lines(corpus, lang);
        let mut docs: Vec<Doc> = Vec::new();
        match corpus {
            Corpus::Pud => {
                for (i, line) in lines.iter().enumerate() {
                    docs.push(Doc {
                        text: line.clone(),
                        lines: vec![(i + 1, 0)],
                    });
                }
            }
            Corpus::Ntrex => {
                let mut current = String::new();
                for (i, line) in lines.iter().enumerate() {
                    let id = &self.ntrex_docs[i];
                    let new = i == 0 || self.ntrex_docs[i - 1] != *id;
                    if new {
                        docs.push(Doc {
                            text: String::new(),
                            lines: Vec::new(),
                        });
                        current.clone_from(id);
                    }
                    let doc = docs.last_mut().expect("pushed");
                    let n = doc.lines.len();
                    if n > 0 {
                        doc.text
                            .push_str(if n.is_multiple_of(3) { "\n\n" } else { " " });
                    }
                    doc.lines.push((i + 1, doc.text.len()));
                    doc.text.push_str(line);
                }
            }
        }
        docs
    }
}

struct Doc {
    text: String,
    /// (1-based line, byte offset of the line in `text`), in order.
    lines: Vec<(usize, usize)>,
}

impl Doc {
    /// The line holding byte `at`, and `at` within it.
    fn locate(&self, at: usize) -> (usize, usize) {
        let k = self.lines.partition_point(|&(_, off)| off <= at) - 1;
        (self.lines[k].0, at - self.lines[k].1)
    }
}

/// The annotation and the mapping of its labels to concept ids.
pub struct Annotation {
    gold: HashMap<(Corpus, Lang), Gold>,
    labels: HashMap<String, Option<String>>,
}

impl Annotation {
    /// Reads the annotation and checks every span against the data.
    pub fn load(data: &Data) -> Result<Annotation, String> {
        let mut gold: HashMap<(Corpus, Lang), Gold> = HashMap::new();
        for row in rows(SCOPE) {
            let corpus = if row[0] == "ntrex" {
                Corpus::Ntrex
            } else {
                Corpus::Pud
            };
            let line: usize = row[1].parse().map_err(|_| "scope: bad line")?;
            for code in row[3].split('|') {
                let lang: Lang = code.parse().map_err(|_| "scope: bad lang")?;
                gold.entry((corpus, lang)).or_default().scope.insert(line);
            }
        }
        let mut bad = 0;
        for (corpus, text) in [(Corpus::Ntrex, NTREX), (Corpus::Pud, PUD)] {
            for row in rows(text) {
                let lang: Lang = row[0].parse().map_err(|_| "bad lang")?;
                let num = |s: &str| s.parse::<usize>().map_err(|_| format!("bad number {s:?}"));
                let span = Span {
                    line: num(row[1])?,
                    start: num(row[2])?,
                    end: num(row[3])?,
                    label: row[4].to_string(),
                };
                let line = &data.lines(corpus, lang)[span.line - 1];
                let ok = line
                    .as_bytes()
                    .get(span.start..span.end)
                    .is_some_and(|b| format!("{:08x}", fnv(b)) == row[5]);
                if !ok {
                    bad += 1;
                }
                gold.entry((corpus, lang)).or_default().spans.push(span);
            }
        }
        if bad > 0 {
            return Err(format!(
                "{bad} annotated spans do not match the text in the data folder: is it the data the annotation was made on?"
            ));
        }
        let labels = rows(LABELS)
            .map(|r| {
                let concept = r.get(1).filter(|c| !c.is_empty()).map(|c| c.to_string());
                (r[0].to_string(), concept)
            })
            .collect();
        Ok(Annotation { gold, labels })
    }

    /// The concept id of a label in the shipped glossary's ids (None: a
    /// concept the glossary lacks).
    fn concept(&self, label: &str) -> Option<String> {
        if label.starts_with("new:") {
            self.labels.get(label).cloned().flatten()
        } else {
            Some(label.to_string())
        }
    }
}

/// A hit, located.
#[derive(Clone, Debug)]
struct Hit {
    line: usize,
    start: usize,
    end: usize,
    concept: String,
    /// Concepts sharing the hit's designation (homonyms), from every
    /// occurrence at that place.
    also: BTreeSet<String>,
    kind: &'static str,
    text: String,
}

/// Runs a glossary over a corpus in one language: the longest hits (what
/// the concordance writes), and per line the concepts they name (with the
/// other concepts of a designation two concepts share).
fn analyse(
    glossary: &Glossary,
    pipeline: &Pipeline,
    data: &Data,
    corpus: Corpus,
    lang: Lang,
) -> (Vec<Hit>, BTreeMap<usize, BTreeSet<String>>) {
    let mut hits = Vec::new();
    let mut named: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    for doc in data.documents(corpus, lang) {
        let analysis = pipeline.analyze(&doc.text);
        let all = pipeline.find_terms(&doc.text, &analysis, None, lang, true);
        let id = |m: &Match| glossary.concepts[m.term.concept as usize].id.clone();
        for m in &analysis.matches {
            let (line, start) = doc.locate(m.start);
            let also: BTreeSet<String> = all
                .iter()
                .filter(|o| (o.start, o.end) == (m.start, m.end))
                .map(id)
                .collect();
            let entry = named.entry(line).or_default();
            entry.insert(id(m));
            entry.extend(also.iter().cloned());
            hits.push(Hit {
                line,
                start,
                end: start + (m.end - m.start),
                concept: id(m),
                also,
                kind: m.kind.as_str(),
                text: doc.text[m.start..m.end].to_string(),
            });
        }
    }
    (hits, named)
}

/// Span counts of one run against the annotation.
#[derive(Default, Clone, Copy)]
struct Scores {
    gold: usize,
    hits: usize,
    /// Same start and end.
    exact_gold: usize,
    exact_hits: usize,
    /// Same concept and overlapping spans.
    concept_gold: usize,
    concept_hits: usize,
}

impl Scores {
    fn add(&mut self, o: Scores) {
        self.gold += o.gold;
        self.hits += o.hits;
        self.exact_gold += o.exact_gold;
        self.exact_hits += o.exact_hits;
        self.concept_gold += o.concept_gold;
        self.concept_hits += o.concept_hits;
    }
}

fn pct(k: usize, n: usize) -> String {
    if n == 0 {
        "–".into()
    } else {
        format!("{:.1}%", 100.0 * k as f64 / n as f64)
    }
}

/// Whether a concept is diplomatic vocabulary only (`consular` and no other
/// field): the annotation leaves it out by design (it names diplomacy, not
/// migration), so its hits are left out of the span scores too.
fn diplomatic(shipped: &Glossary, id: &str) -> bool {
    shipped
        .concepts
        .iter()
        .find(|c| c.id == id)
        .is_some_and(|c| c.subjects == [Subject::Consular])
}

/// One glossary's run over every annotated corpus and language.
pub struct Run {
    name: String,
    scores: BTreeMap<(Corpus, Lang), Scores>,
    misses: Vec<String>,
    false_hits: Vec<String>,
    /// Per corpus and language, line → concepts named (every line).
    named: HashMap<(Corpus, Lang), BTreeMap<usize, BTreeSet<String>>>,
}

pub fn run(
    name: &str,
    glossary: &Glossary,
    shipped: &Glossary,
    data: &Data,
    annotation: &Annotation,
) -> Run {
    let mut out = Run {
        name: name.to_string(),
        scores: BTreeMap::new(),
        misses: Vec::new(),
        false_hits: Vec::new(),
        named: HashMap::new(),
    };
    for corpus in [Corpus::Ntrex, Corpus::Pud] {
        for lang in Lang::ALL {
            let pipeline = Pipeline::new(
                glossary,
                Config {
                    lang: Some(lang),
                    ..Config::default()
                },
            );
            let (hits, named) = analyse(glossary, &pipeline, data, corpus, lang);
            out.named.insert((corpus, lang), named);
            let Some(gold) = annotation.gold.get(&(corpus, lang)) else {
                continue;
            };
            let hits: Vec<&Hit> = hits
                .iter()
                .filter(|h| gold.scope.contains(&h.line) && !diplomatic(shipped, &h.concept))
                .collect();
            let text = |line: usize| &data.lines(corpus, lang)[line - 1];
            let mut s = Scores {
                gold: gold.spans.len(),
                hits: hits.len(),
                ..Scores::default()
            };
            let overlaps =
                |g: &Span, h: &Hit| g.line == h.line && g.start < h.end && h.start < g.end;
            let same_concept = |g: &Span, h: &Hit| {
                annotation
                    .concept(&g.label)
                    .is_some_and(|c| c == h.concept || h.also.contains(&c))
            };
            for g in &gold.spans {
                let exact = hits
                    .iter()
                    .any(|h| h.line == g.line && (h.start, h.end) == (g.start, g.end));
                let concept = hits.iter().any(|h| overlaps(g, h) && same_concept(g, h));
                s.exact_gold += usize::from(exact);
                s.concept_gold += usize::from(concept);
                if !concept {
                    out.misses.push(format!(
                        "{} {lang} {}: {:?} [{}]",
                        corpus.name(),
                        g.line,
                        &text(g.line)[g.start..g.end],
                        g.label
                    ));
                }
            }
            for h in &hits {
                let exact = gold
                    .spans
                    .iter()
                    .any(|g| g.line == h.line && (h.start, h.end) == (g.start, g.end));
                let concept = gold
                    .spans
                    .iter()
                    .any(|g| overlaps(g, h) && same_concept(g, h));
                s.exact_hits += usize::from(exact);
                s.concept_hits += usize::from(concept);
                if !concept {
                    out.false_hits.push(format!(
                        "{} {lang} {}: {:?} → {} ({}) …{}",
                        corpus.name(),
                        h.line,
                        h.text,
                        h.concept,
                        h.kind,
                        context(text(h.line), h.start, h.end)
                    ));
                }
            }
            out.scores.insert((corpus, lang), s);
        }
    }
    out
}

/// About 40 bytes of text on each side of `start..end`, the span in brackets.
pub fn context(text: &str, start: usize, end: usize) -> String {
    let from = (start.saturating_sub(40)..=start)
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(start);
    let to = (end..=(end + 40).min(text.len()))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(end);
    format!(
        "{}[{}]{}",
        &text[from..start],
        &text[start..end],
        &text[end..to]
    )
}

/// What the guards buy on general news: hits per 1,000 words of the
/// guarded terms with the guards and without them (the same glossary with
/// every guard lifted), and an even sample of the hits the guards keep and
/// of those they drop, to be read.
pub fn print_guards(shipped: &Glossary, data: &Data, sample: usize) {
    let mut open = shipped.clone();
    for concept in &mut open.concepts {
        for term in &mut concept.terms {
            term.guard = termalign::glossary::Guard::None;
        }
    }
    let guarded = |m: &Match| {
        shipped.concepts[m.term.concept as usize].terms[m.term.term as usize].guard
            != termalign::glossary::Guard::None
    };
    println!(
        "| corpus | lang | words | guarded-term hits without guards | per 1,000 words | with guards | per 1,000 words |"
    );
    println!("|---|---|--:|--:|--:|--:|--:|");
    let (mut kept, mut dropped) = (Vec::new(), Vec::new());
    for corpus in [Corpus::Ntrex, Corpus::Pud] {
        for lang in Lang::ALL {
            let config = Config {
                lang: Some(lang),
                ..Config::default()
            };
            let with = Pipeline::new(shipped, config.clone());
            let without = Pipeline::new(&open, config);
            let (mut words, mut n_with, mut n_without) = (0, 0, 0);
            for doc in data.documents(corpus, lang) {
                let a = with.analyze(&doc.text);
                let b = without.analyze(&doc.text);
                words += a.tokens.word_count();
                let place = |m: &Match| (m.start, m.end, m.term.concept, m.term.term);
                let found: BTreeSet<_> =
                    a.matches.iter().filter(|m| guarded(m)).map(place).collect();
                n_with += found.len();
                let show = |m: &Match| {
                    let (line, at) = doc.locate(m.start);
                    let id = &shipped.concepts[m.term.concept as usize].id;
                    let cue = m.cue.map_or(String::new(), |(x, y)| {
                        format!(" (cue: {})", &doc.text[x..y])
                    });
                    format!(
                        "{} {lang} {line}: {id}: {}{cue}",
                        corpus.name(),
                        context(
                            data.lines(corpus, lang)[line - 1].as_str(),
                            at,
                            at + (m.end - m.start)
                        )
                    )
                };
                for m in a.matches.iter().filter(|m| guarded(m)) {
                    kept.push(show(m));
                }
                for m in b.matches.iter().filter(|m| guarded(m)) {
                    n_without += 1;
                    if !found.contains(&place(m)) {
                        dropped.push(show(m));
                    }
                }
            }
            let per = |n: usize| format!("{:.2}", 1000.0 * n as f64 / words.max(1) as f64);
            println!(
                "| {} | {lang} | {words} | {n_without} | {} | {n_with} | {} |",
                corpus.name(),
                per(n_without),
                per(n_with)
            );
        }
    }
    let spread = |list: &[String]| -> Vec<String> {
        if list.len() <= sample {
            return list.to_vec();
        }
        (0..sample)
            .map(|i| list[i * list.len() / sample].clone())
            .collect()
    };
    for (what, list) in [("keep", &kept), ("drop", &dropped)] {
        println!(
            "\n## {} of the {} hits the guards {what}\n",
            sample.min(list.len()),
            list.len()
        );
        for (i, line) in spread(list).iter().enumerate() {
            println!("  {:2}. {line}", i + 1);
        }
    }
}

/// Prints the span scores of each run, side by side.
pub fn print_scores(runs: &[Run]) {
    println!(
        "| corpus | lang | gold spans | glossary | hits | exact-span precision | exact-span recall | concept precision | concept recall |"
    );
    println!("|---|---|--:|---|--:|--:|--:|--:|--:|");
    let keys: BTreeSet<(Corpus, Lang)> =
        runs.iter().flat_map(|r| r.scores.keys().copied()).collect();
    let row = |corpus: &str, lang: &str, run: &Run, s: Scores| {
        println!(
            "| {corpus} | {lang} | {} | {} | {} | {} | {} | {} | {} |",
            s.gold,
            run.name,
            s.hits,
            pct(s.exact_hits, s.hits),
            pct(s.exact_gold, s.gold),
            pct(s.concept_hits, s.hits),
            pct(s.concept_gold, s.gold)
        );
    };
    let mut totals: Vec<Scores> = vec![Scores::default(); runs.len()];
    for key in &keys {
        for (i, run) in runs.iter().enumerate() {
            let s = run.scores.get(key).copied().unwrap_or_default();
            totals[i].add(s);
            row(key.0.name(), &key.1.to_string(), run, s);
        }
    }
    for (run, &s) in runs.iter().zip(&totals) {
        row("all", "all", run, s);
    }
    println!(
        "\nexact-span: a hit and a gold span with the same start and end; concept: overlapping spans of the same concept\n\
         (a designation two related concepts share counts for both). Hits of diplomatic vocabulary (concepts whose only\n\
         subject is `consular`) are left out: the annotation leaves that vocabulary out by design."
    );
    for run in runs {
        println!(
            "\n## {}: gold spans missed ({}), and hits that match no gold span ({})\n",
            run.name,
            run.misses.len(),
            run.false_hits.len()
        );
        for m in &run.misses {
            println!("  miss  {m}");
        }
        for f in &run.false_hits {
            println!("  extra {f}");
        }
    }
}

/// How often a concept named in a sentence is named in its translation, per
/// direction: over every line of each corpus, and over the annotated lines;
/// and the same share in the annotation itself (what the translations really
/// do: the ceiling).
pub fn print_agreement(runs: &[Run], annotation: &Annotation, data: &Data) {
    if std::env::var_os("EVAL_VERBOSE").is_some()
        && let Some(run) = runs.last()
    {
        for corpus in [Corpus::Ntrex, Corpus::Pud] {
            for a in Lang::ALL {
                for b in Lang::ALL {
                    if a == b {
                        continue;
                    }
                    let (na, nb) = (&run.named[&(corpus, a)], &run.named[&(corpus, b)]);
                    for (line, concepts) in na {
                        for c in concepts {
                            if !nb.get(line).is_some_and(|o| o.contains(c)) {
                                println!(
                                    "  not in translation: {} {a}→{b} {line} [{c}]\n      {a}: {}\n      {b}: {}",
                                    corpus.name(),
                                    data.lines(corpus, a)[line - 1],
                                    data.lines(corpus, b)[line - 1]
                                );
                            }
                        }
                    }
                }
            }
        }
    }
    println!(
        "| corpus | lines | direction | glossary | concepts in source lines | also in the translation | share |"
    );
    println!("|---|---|---|---|--:|--:|--:|");
    let pairs: Vec<(Lang, Lang)> = Lang::ALL
        .iter()
        .flat_map(|&a| Lang::ALL.iter().map(move |&b| (a, b)))
        .filter(|(a, b)| a != b)
        .collect();
    for corpus in [Corpus::Ntrex, Corpus::Pud] {
        for annotated in [false, true] {
            for &(a, b) in &pairs {
                let scope: Option<BTreeSet<usize>> = annotated.then(|| {
                    let sa = &annotation.gold[&(corpus, a)].scope;
                    let sb = &annotation.gold[&(corpus, b)].scope;
                    sa.intersection(sb).copied().collect()
                });
                for run in runs {
                    let na = &run.named[&(corpus, a)];
                    let nb = &run.named[&(corpus, b)];
                    let (mut total, mut both) = (0, 0);
                    for (line, concepts) in na {
                        if scope.as_ref().is_some_and(|s| !s.contains(line)) {
                            continue;
                        }
                        let other = nb.get(line);
                        for c in concepts {
                            total += 1;
                            both += usize::from(other.is_some_and(|o| o.contains(c)));
                        }
                    }
                    println!(
                        "| {} | {} | {a}→{b} | {} | {total} | {both} | {} |",
                        corpus.name(),
                        if annotated { "annotated" } else { "all" },
                        run.name,
                        pct(both, total)
                    );
                }
                if let Some(scope) = &scope {
                    // The annotation's own concepts per line.
                    let per_line = |lang: Lang| {
                        let mut m: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
                        for s in &annotation.gold[&(corpus, lang)].spans {
                            m.entry(s.line).or_default().insert(s.label.clone());
                        }
                        m
                    };
                    let (ga, gb) = (per_line(a), per_line(b));
                    let (mut total, mut both) = (0, 0);
                    for (line, concepts) in &ga {
                        if !scope.contains(line) {
                            continue;
                        }
                        for c in concepts {
                            total += 1;
                            both += usize::from(gb.get(line).is_some_and(|o| o.contains(c)));
                        }
                    }
                    println!(
                        "| {} | annotated | {a}→{b} | (annotation) | {total} | {both} | {} |",
                        corpus.name(),
                        pct(both, total)
                    );
                }
            }
        }
    }
}
