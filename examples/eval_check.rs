//! Evaluates the bilingual consistency checks (`check::PairChecker`) on real,
//! professionally translated news, and on copies of it with injected faults.
//!
//! ```text
//! cargo run --release --example eval_check [DATA_DIR]
//! ```
//!
//! DATA_DIR defaults to `../shared/data` next to the crate; without it the
//! example says so and exits successfully. It reads NTREX-128
//! (`ntrex128/newstest2019-{src.eng,ref.fra,ref.spa}.txt`: line N is the same
//! sentence in the three files) and makes one segment pair per line, id and
//! line = the line number, for each direction en→fr, en→es, fr→es and back.
//!
//! 1. **Clean pairs.** The translations are professional, so every
//!    `missing-term` error is either a false alarm (the target does name the
//!    concept and the matcher did not see it) or a real paraphrase/omission
//!    by the translator. Measures per direction:
//!    - *source mentions*: longest-match glossary hits in the source side
//!      (what `Pipeline::analyze` returns), summed over segments;
//!    - *concept-segments*: distinct concepts per segment among those hits,
//!      summed: the number of chances for a `missing-term` error (the
//!      checker reports a concept at most once per segment);
//!    - *false-alarm rate* = `missing-term` errors / source mentions (upper
//!      bound: some of these errors are legitimate findings);
//!    - `deprecated-term`, `inconsistent-rendering`, `added-concept` counts.
//!
//!    Every `missing-term` error is listed with both texts and, as a hint to
//!    the reader, the target words that look like a glossary equivalent
//!    (a shared prefix with a word of an expected term).
//! 2. **Injected faults.** For each clean pair and each concept the source
//!    names (longest match) whose target also names it (any hit, nested ones
//!    included, as the checker sees it), the target is corrupted three ways,
//!    each as its own segment (id `line/concept/fault`), and checked again:
//!    - *deprecated*: the hits of the concept are replaced by the concept's
//!      first deprecated term in the target language that the target does
//!      not already use (only when there is one) → a `deprecated-term`
//!      finding for that concept quoting the injected term is expected;
//!    - *dropped*: the hits of the concept are deleted → `missing-term` for
//!      that concept is expected;
//!    - *swapped*: the hits are replaced by the preferred target term of
//!      another concept: the next one in glossary order (cyclically) that
//!      the source does not name and whose term does not itself contain the
//!      original concept → `missing-term` for the original concept is
//!      expected (an `added-concept` for the new one is counted apart).
//!
//!    Every hit of the concept is corrupted, nested ones too (overlapping
//!    hits are merged into one span): with "asylum" left inside "asylum
//!    policy" the concept is still named and no `missing-term` is due.
//!    Detection rate = faults with the expected finding (check, segment and
//!    concept) / faults injected. Undetected faults are listed with their
//!    text.
//!
//! Everything is deterministic: no sampling, glossary and file order only.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Instant;

use termalign::analysis::matcher::Match;
use termalign::analysis::normalize::folded;
use termalign::formats::bitext::SegmentPair;
use termalign::glossary::{Concept, Status};
use termalign::jobs::check::{CheckKind, Finding, PairChecker, Severity};
use termalign::{Config, Glossary, Lang, Pipeline};

/// The file name findings carry.
const FILE: &str = "ntrex128";
/// Directions checked, source first.
const DIRECTIONS: [(Lang, Lang); 6] = [
    (Lang::En, Lang::Fr),
    (Lang::En, Lang::Es),
    (Lang::Fr, Lang::Es),
    (Lang::Fr, Lang::En),
    (Lang::Es, Lang::En),
    (Lang::Es, Lang::Fr),
];
/// How many deprecated-term and inconsistent-rendering findings to show per
/// direction.
const SHOW: usize = 3;

fn main() {
    let dir = std::env::args_os().nth(1).map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data"),
        PathBuf::from,
    );
    if !dir.join("ntrex128").is_dir() {
        println!(
            "eval_check: data folder {} not found; nothing to evaluate.",
            dir.join("ntrex128").display()
        );
        return;
    }
    if let Err(e) = run(&dir) {
        eprintln!("eval_check: {e}");
        std::process::exit(1);
    }
}

/// The sentences of each language, indexed by `Lang::index`.
struct Corpus {
    lines: Vec<Vec<String>>,
}

impl Corpus {
    fn load(dir: &Path) -> Result<Corpus, String> {
        let mut lines = Vec::new();
        for lang in Lang::ALL {
            let name = match lang {
                Lang::En => "newstest2019-src.eng.txt",
                Lang::Fr => "newstest2019-ref.fra.txt",
                Lang::Es => "newstest2019-ref.spa.txt",
            };
            let path = dir.join("ntrex128").join(name);
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            // `lines` drops the CR of CRLF too.
            lines.push(text.lines().map(str::to_string).collect::<Vec<_>>());
        }
        let n = lines[0].len();
        if lines.iter().any(|l| l.len() != n) {
            return Err("the three NTREX files differ in line count".into());
        }
        Ok(Corpus { lines })
    }

    /// One segment pair per line; id and line are the 1-based line number.
    fn pairs(&self, source: Lang, target: Lang) -> Vec<SegmentPair> {
        let (src, tgt) = (&self.lines[source.index()], &self.lines[target.index()]);
        src.iter()
            .zip(tgt)
            .enumerate()
            .map(|(i, (s, t))| SegmentPair::at_line(i as u64 + 1, s.clone(), t.clone()))
            .collect()
    }
}

/// One pipeline per language, language forced (as the checker does).
struct Pipelines(Vec<Pipeline>);

impl Pipelines {
    fn new(glossary: &Glossary) -> Pipelines {
        Pipelines(
            Lang::ALL
                .into_iter()
                .map(|lang| {
                    Pipeline::new(
                        glossary,
                        Config {
                            lang: Some(lang),
                            ..Config::default()
                        },
                    )
                })
                .collect(),
        )
    }

    fn get(&self, lang: Lang) -> &Pipeline {
        &self.0[lang.index()]
    }

    /// Longest-match hits of a text: (concept, byte range).
    fn hits(&self, lang: Lang, text: &str) -> Vec<(u32, Range<usize>)> {
        self.get(lang)
            .analyze(text)
            .matches
            .iter()
            .map(|m| (m.term.concept, m.start..m.end))
            .collect()
    }

    /// Every hit of a text, nested ones included ("asylum" inside "asylum
    /// policy"): what the checker looks for in a target.
    fn nested(&self, lang: Lang, text: &str) -> Vec<Match> {
        let p = self.get(lang);
        let analysis = p.analyze(text);
        p.find_terms(text, &analysis, None, lang, true)
    }

    /// Every concept a text names, nested occurrences included.
    fn named(&self, lang: Lang, text: &str) -> BTreeSet<u32> {
        self.nested(lang, text)
            .iter()
            .map(|m| m.term.concept)
            .collect()
    }
}

fn run(dir: &Path) -> Result<(), String> {
    let started = Instant::now();
    let glossary = Glossary::builtin();
    let pipelines = Pipelines::new(&glossary);
    let corpus = Corpus::load(dir)?;
    println!(
        "glossary: {} concepts, {} terms; NTREX-128: {} lines per language\n",
        glossary.concepts.len(),
        glossary.term_count(),
        corpus.lines[0].len()
    );

    let mut clean_rows = Vec::new();
    let mut fault_rows = Vec::new();
    let mut details = String::new();
    for (source, target) in DIRECTIONS {
        let direction = format!("{}→{}", source.code(), target.code());
        let pairs = corpus.pairs(source, target);
        let clean = CleanRun::new(&glossary, &pipelines, source, target, &pairs);
        clean.describe(&glossary, &direction, &pairs, target, &mut details);
        let faults = FaultRun::new(&glossary, &pipelines, source, target, &pairs);
        faults.describe(&glossary, &direction, &mut details);
        clean_rows.push((direction.clone(), clean.stats));
        fault_rows.push((direction, faults.tally(&glossary)));
    }

    // The same clean pairs with the glossary the shipped one grew from.
    let old_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/glossaries/migration-341.csv");
    let old_bytes = std::fs::read(&old_path).map_err(|e| format!("{}: {e}", old_path.display()))?;
    let old = Glossary::from_csv(old_bytes.as_slice(), &old_path).map_err(|e| e.to_string())?;
    let old_pipelines = Pipelines::new(&old);
    println!(
        "## Clean pairs: missing-term errors per source mention, before ({} concepts) and after ({})\n",
        old.concepts.len(),
        glossary.concepts.len()
    );
    println!(
        "| direction | before: missing-term errors / mentions | rate | after: errors / mentions | rate | after: warnings (guarded source word) |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    for ((source, target), (direction, s)) in DIRECTIONS.iter().zip(&clean_rows) {
        let pairs = corpus.pairs(*source, *target);
        let before_run = CleanRun::new(&old, &old_pipelines, *source, *target, &pairs);
        if std::env::var_os("EVAL_BEFORE").is_some() {
            let mut listed = String::new();
            before_run.describe(
                &old,
                &format!("before {direction}"),
                &pairs,
                *target,
                &mut listed,
            );
            eprintln!("{listed}");
        }
        let before = before_run.stats;
        println!(
            "| {direction} | {} / {} | {} | {} / {} | {} | {} |",
            before.missing,
            before.mentions,
            percent(before.missing, before.mentions),
            s.missing,
            s.mentions,
            percent(s.missing, s.mentions),
            s.missing_warnings
        );
    }
    println!();

    println!("## Clean pairs\n");
    println!(
        "| direction | segments | source mentions | concept-segments | missing-term | false-alarm rate | deprecated-term | inconsistent-rendering | added-concept |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (direction, s) in &clean_rows {
        println!(
            "| {direction} | {} | {} | {} | {} | {} | {} | {} | {} |",
            s.segments,
            s.mentions,
            s.concept_segments,
            s.missing,
            percent(s.missing, s.mentions),
            s.deprecated,
            s.inconsistent,
            s.added
        );
    }
    println!("\n## Injected faults: detected / injected\n");
    println!("| direction | deprecated | dropped | swapped | swapped, also added-concept |");
    println!("| --- | ---: | ---: | ---: | ---: |");
    for (direction, t) in &fault_rows {
        let cell = |f: Fault| {
            let (detected, injected) = t.get(&f).copied().unwrap_or((0, 0));
            format!("{detected}/{injected} ({})", percent(detected, injected))
        };
        let (added, swapped) = t.get(&Fault::SwappedAdded).copied().unwrap_or((0, 0));
        println!(
            "| {direction} | {} | {} | {} | {added}/{swapped} |",
            cell(Fault::Deprecated),
            cell(Fault::Dropped),
            cell(Fault::Swapped)
        );
    }
    println!("\n{details}");
    println!("run time: {:.2} s", started.elapsed().as_secs_f64());
    Ok(())
}

fn percent(n: usize, d: usize) -> String {
    if d == 0 {
        "–".into()
    } else {
        format!("{:.1}%", 100.0 * n as f64 / d as f64)
    }
}

/// The counts of the clean table.
#[derive(Default)]
struct CleanStats {
    segments: usize,
    /// Longest-match source hits.
    mentions: usize,
    /// Distinct concepts per segment among the source hits, summed.
    concept_segments: usize,
    /// `missing-term` errors (a guarded source word gives a warning).
    missing: usize,
    missing_warnings: usize,
    deprecated: usize,
    inconsistent: usize,
    added: usize,
}

/// The checker's report on the unmodified pairs of one direction.
struct CleanRun {
    /// The report's findings, in order.
    findings: Vec<Finding>,
    stats: CleanStats,
}

impl CleanRun {
    fn new(
        glossary: &Glossary,
        pipelines: &Pipelines,
        source: Lang,
        target: Lang,
        pairs: &[SegmentPair],
    ) -> CleanRun {
        let mut checker = PairChecker::new(glossary, source, target);
        checker.file(FILE, pairs);
        let report = checker.finish();
        let findings = report.findings.to_vec().expect("the findings read back");
        let mut stats = CleanStats {
            segments: report.checked,
            ..CleanStats::default()
        };
        for pair in pairs {
            let hits = pipelines.hits(source, &pair.source);
            stats.mentions += hits.len();
            stats.concept_segments += hits.iter().map(|h| h.0).collect::<BTreeSet<_>>().len();
        }
        let count = |kind| findings.iter().filter(|f| f.check == kind).count();
        let missing = |severity| {
            findings
                .iter()
                .filter(|f| f.check == CheckKind::MissingTerm && f.severity == severity)
                .count()
        };
        stats.missing = missing(Severity::Error);
        stats.missing_warnings = missing(Severity::Warning);
        stats.deprecated = count(CheckKind::DeprecatedTerm);
        stats.inconsistent = count(CheckKind::InconsistentRendering);
        stats.added = count(CheckKind::AddedConcept);
        CleanRun { findings, stats }
    }

    /// Lists every missing-term error, and a few deprecated-term and
    /// inconsistent-rendering findings.
    fn describe(
        &self,
        glossary: &Glossary,
        direction: &str,
        pairs: &[SegmentPair],
        target: Lang,
        out: &mut String,
    ) {
        let of_kind = |kind| self.findings.iter().filter(move |f| f.check == kind);
        let pair_of = |f: &Finding| {
            let line = f.line.unwrap_or(0) as usize;
            &pairs[line.saturating_sub(1)]
        };
        let _ = writeln!(out, "## {direction}: clean missing-term errors\n");
        for f in of_kind(CheckKind::MissingTerm) {
            let pair = pair_of(f);
            let concept = glossary
                .concept(&f.concept)
                .expect("finding names a concept");
            let near = near_forms(concept, target, &pair.target);
            let _ = writeln!(
                out,
                "- line {} [{}]{} source hit {:?}{}\n  - src: {}\n  - tgt: {}",
                f.line.unwrap_or(0),
                f.concept,
                if f.severity == Severity::Warning {
                    " (warning)"
                } else {
                    ""
                },
                f.matched.join(" | "),
                if near.is_empty() {
                    String::new()
                } else {
                    format!("; target words like a glossary term: {}", near.join(", "))
                },
                pair.source,
                pair.target
            );
        }
        let _ = writeln!(
            out,
            "\n## {direction}: clean deprecated-term (first {SHOW}) and inconsistent-rendering (first {SHOW})\n"
        );
        for f in of_kind(CheckKind::DeprecatedTerm).take(SHOW) {
            let pair = pair_of(f);
            let _ = writeln!(
                out,
                "- deprecated, line {} [{}] {}\n  - src: {}\n  - tgt: {}",
                f.line.unwrap_or(0),
                f.concept,
                f.message,
                pair.source,
                pair.target
            );
        }
        for f in of_kind(CheckKind::InconsistentRendering).take(SHOW) {
            let _ = writeln!(out, "- inconsistent [{}] {}", f.concept, f.message);
        }
        out.push('\n');
    }
}

/// Words of `text` that share a prefix (5 letters, or the whole word when
/// shorter, accents folded) with a word of 4+ letters of an expected (not
/// deprecated) term of the concept: candidates for a form the matcher missed.
fn near_forms(concept: &Concept, lang: Lang, text: &str) -> Vec<String> {
    let stems: BTreeSet<String> = concept
        .terms_in(lang)
        .filter(|t| t.status != Status::Deprecated)
        .flat_map(|t| t.text.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.chars().count() >= 4)
        .map(|w| folded(w).chars().take(5).collect())
        .collect();
    let mut out: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| {
            let key = folded(w);
            key.chars().count() >= 4 && stems.iter().any(|s| key.starts_with(s.as_str()))
        })
        .map(str::to_string)
        .collect();
    out.dedup();
    out
}

/// The kinds of injected fault; `SwappedAdded` only tallies the swapped
/// faults that also drew an added-concept finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Fault {
    Deprecated,
    Dropped,
    Swapped,
    SwappedAdded,
}

impl Fault {
    fn name(self) -> &'static str {
        match self {
            Fault::Deprecated => "deprecated",
            Fault::Dropped => "dropped",
            Fault::Swapped => "swapped",
            Fault::SwappedAdded => "swapped+added",
        }
    }

    /// The finding that should reveal the fault.
    fn expected(self) -> CheckKind {
        match self {
            Fault::Deprecated => CheckKind::DeprecatedTerm,
            Fault::Dropped | Fault::Swapped => CheckKind::MissingTerm,
            Fault::SwappedAdded => CheckKind::AddedConcept,
        }
    }
}

/// One corrupted copy of a target.
struct Injection {
    fault: Fault,
    line: u64,
    /// The concept whose target hits were corrupted.
    concept: u32,
    /// For swapped: the concept put in its place.
    replacement_concept: Option<u32>,
    /// The text put in place of each hit (empty when dropped).
    inserted: String,
    pair: SegmentPair,
    /// The target before corruption.
    original: String,
}

/// The corrupted copies of one direction and the checker's report on them.
struct FaultRun {
    injections: Vec<Injection>,
    /// The report's findings, in order.
    findings: Vec<Finding>,
    /// Per injection: the concept is still named in the corrupted target
    /// (nested in another term, or another form), which explains a miss.
    still_named: Vec<bool>,
}

impl FaultRun {
    fn new(
        glossary: &Glossary,
        pipelines: &Pipelines,
        source: Lang,
        target: Lang,
        pairs: &[SegmentPair],
    ) -> FaultRun {
        let mut injections = Vec::new();
        for pair in pairs {
            let source_concepts: BTreeSet<u32> = pipelines
                .hits(source, &pair.source)
                .iter()
                .map(|h| h.0)
                .collect();
            let source_named = pipelines.named(source, &pair.source);
            let target_hits = pipelines.nested(target, &pair.target);
            for concept in source_concepts {
                let hits: Vec<&Match> = target_hits
                    .iter()
                    .filter(|m| m.term.concept == concept)
                    .collect();
                if hits.is_empty() {
                    continue;
                }
                let ranges = merged(hits.iter().map(|m| m.start..m.end));
                let c = &glossary.concepts[concept as usize];
                let mut add = |fault: Fault, with: &str, replacement_concept| {
                    injections.push(Injection {
                        fault,
                        line: pair.line,
                        concept,
                        replacement_concept,
                        inserted: with.to_string(),
                        pair: SegmentPair {
                            id: format!("{}/{}/{}", pair.line, c.id, fault.name()),
                            line: pair.line,
                            source: pair.source.clone(),
                            target: replace(&pair.target, &ranges, with),
                        },
                        original: pair.target.clone(),
                    });
                };
                // A deprecated term the target does not already use.
                let used: BTreeSet<u32> = hits.iter().map(|m| m.term.term).collect();
                let deprecated = c.terms.iter().enumerate().find(|(i, t)| {
                    t.lang == target
                        && t.status == Status::Deprecated
                        && !used.contains(&(*i as u32))
                });
                if let Some((_, term)) = deprecated {
                    add(Fault::Deprecated, &term.text, None);
                }
                add(Fault::Dropped, "", None);
                if let Some((other, term)) =
                    swap_partner(glossary, pipelines, target, concept, &source_named)
                {
                    add(Fault::Swapped, &term, Some(other));
                }
            }
        }
        let mut checker = PairChecker::new(glossary, source, target);
        let corrupted: Vec<SegmentPair> = injections.iter().map(|i| i.pair.clone()).collect();
        checker.file(FILE, &corrupted);
        let findings = checker
            .finish()
            .findings
            .to_vec()
            .expect("the findings read back");
        let still_named = injections
            .iter()
            .map(|i| pipelines.named(target, &i.pair.target).contains(&i.concept))
            .collect();
        FaultRun {
            injections,
            findings,
            still_named,
        }
    }

    /// Whether the report has a finding of `kind` for `concept` at the
    /// injection's segment.
    fn found(&self, glossary: &Glossary, i: &Injection, kind: CheckKind, concept: u32) -> bool {
        let id = &glossary.concepts[concept as usize].id;
        self.findings.iter().any(|f| {
            f.check == kind && f.segment.as_deref() == Some(i.pair.id.as_str()) && &f.concept == id
        })
    }

    /// Whether the expected finding is there; for a deprecated fault it must
    /// also quote the injected term.
    fn detected(&self, glossary: &Glossary, i: &Injection) -> bool {
        if i.fault != Fault::Deprecated {
            return self.found(glossary, i, i.fault.expected(), i.concept);
        }
        let id = &glossary.concepts[i.concept as usize].id;
        let inserted = i.inserted.to_lowercase();
        self.findings.iter().any(|f| {
            f.check == CheckKind::DeprecatedTerm
                && f.segment.as_deref() == Some(i.pair.id.as_str())
                && &f.concept == id
                && f.matched.iter().any(|m| m.to_lowercase() == inserted)
        })
    }

    /// (detected, injected) per fault; for `SwappedAdded`, (swapped faults
    /// with an added-concept finding for the new concept, swapped faults).
    fn tally(&self, glossary: &Glossary) -> BTreeMap<Fault, (usize, usize)> {
        let mut out: BTreeMap<Fault, (usize, usize)> = BTreeMap::new();
        for i in &self.injections {
            let entry = out.entry(i.fault).or_default();
            entry.1 += 1;
            entry.0 += usize::from(self.detected(glossary, i));
            if let (Fault::Swapped, Some(other)) = (i.fault, i.replacement_concept) {
                let added = self.found(glossary, i, CheckKind::AddedConcept, other);
                let entry = out.entry(Fault::SwappedAdded).or_default();
                entry.1 += 1;
                entry.0 += usize::from(added);
            }
        }
        out
    }

    /// Lists every undetected fault.
    fn describe(&self, glossary: &Glossary, direction: &str, out: &mut String) {
        let _ = writeln!(out, "## {direction}: undetected injected faults\n");
        let mut any = false;
        for (i, still) in self.injections.iter().zip(&self.still_named) {
            if self.detected(glossary, i) {
                continue;
            }
            any = true;
            let c = &glossary.concepts[i.concept as usize];
            let _ = writeln!(
                out,
                "- line {} [{}] {}{}\n  - src: {}\n  - tgt: {}\n  - bad: {}",
                i.line,
                c.id,
                i.fault.name(),
                if *still {
                    " (the concept is still named in the corrupted target)"
                } else {
                    ""
                },
                i.pair.source,
                i.original,
                i.pair.target
            );
        }
        if !any {
            out.push_str("none\n");
        }
        out.push('\n');
    }
}

/// The concept put in place of `concept` by a swap, with its preferred term
/// in `lang`: the next concept in glossary order (wrapping) that the source
/// does not name, whose preferred term matches itself and does not name
/// `concept` (a swap of "migrant" for "environmental migrant" is no swap).
fn swap_partner(
    glossary: &Glossary,
    pipelines: &Pipelines,
    lang: Lang,
    concept: u32,
    source_named: &BTreeSet<u32>,
) -> Option<(u32, String)> {
    let n = glossary.concepts.len() as u32;
    (1..n).map(|k| (concept + k) % n).find_map(|other| {
        if source_named.contains(&other) {
            return None;
        }
        let term = glossary.concepts[other as usize].preferred(lang)?;
        let named = pipelines.named(lang, &term.text);
        (named.contains(&other) && !named.contains(&concept)).then(|| (other, term.text.clone()))
    })
}

/// Overlapping or touching ranges joined, in order.
fn merged(ranges: impl Iterator<Item = Range<usize>>) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = ranges.collect();
    ranges.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    let mut out: Vec<Range<usize>> = Vec::new();
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// `text` with every range replaced by `with` (ranges in order, not
/// overlapping). An empty `with` deletes the hit and the double space it
/// leaves. A replacement is capitalized where the hit was.
fn replace(text: &str, ranges: &[Range<usize>], with: &str) -> String {
    let mut out = text.to_string();
    for r in ranges.iter().rev() {
        let capital = out[r.clone()]
            .chars()
            .next()
            .is_some_and(char::is_uppercase);
        let mut new = with.to_string();
        if capital && let Some(first) = with.chars().next() {
            new = first.to_uppercase().chain(with.chars().skip(1)).collect();
        }
        let (mut start, mut end) = (r.start, r.end);
        if new.is_empty() {
            // Keep one space between the neighbours, none before closing
            // punctuation.
            let before = &out[..start];
            let after = &out[end..];
            let rest = after.trim_start();
            if before.is_empty() || before.ends_with(char::is_whitespace) {
                end += after.len() - rest.len();
            }
            if rest.is_empty() || rest.starts_with([',', '.', ';', ':', '!', '?', ')', '”']) {
                start = before.trim_end().len();
            }
        }
        out.replace_range(start..end, &new);
    }
    out
}
