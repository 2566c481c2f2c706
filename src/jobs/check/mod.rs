//! Term consistency: where a text departs from the glossary.
//!
//! In one language: deprecated terms, one concept named several ways, a
//! glossary term of another language left in the text. Across a translation:
//! a source concept whose target terms are all missing, deprecated target
//! terms, one source term rendered several ways, and target concepts the
//! source does not name. Findings go to a [`Report`], written as text, CSV
//! or JSON by [`write_report`].

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use crate::analysis::matcher::{Match, Reach, TermRef};
use crate::analysis::pipeline::{Analysis, Config, Pipeline};
use crate::glossary::lint::matching_key;
use crate::glossary::{Concept, Glossary, Guard, Status, Term};
use crate::input::{Document, LineIndex};
use crate::lang::Lang;

mod findings;
pub use findings::Findings;

/// How serious a finding is, most serious first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// Which check found it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckKind {
    /// A deprecated term is used.
    DeprecatedTerm,
    /// One concept is named with different terms.
    MixedVariants,
    /// A glossary term of another language is in the text.
    ForeignTerm,
    /// The source names a concept and the target names none of its terms.
    MissingTerm,
    /// One source term is rendered with different target terms.
    InconsistentRendering,
    /// The target names a concept the source does not.
    AddedConcept,
}

impl CheckKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CheckKind::DeprecatedTerm => "deprecated-term",
            CheckKind::MixedVariants => "mixed-variants",
            CheckKind::ForeignTerm => "foreign-term",
            CheckKind::MissingTerm => "missing-term",
            CheckKind::InconsistentRendering => "inconsistent-rendering",
            CheckKind::AddedConcept => "added-concept",
        }
    }
}

/// One finding, pointing where a reviser can find it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The file (or `-`).
    pub file: String,
    /// 1-based line in the file, when known.
    pub line: Option<u64>,
    /// The segment as the file names it (TMX tuid or position, XLIFF unit
    /// id, line of a TSV), for bilingual checks.
    pub segment: Option<String>,
    pub severity: Severity,
    pub check: CheckKind,
    pub concept: String,
    pub message: String,
    /// The words of the text the finding is about, as written.
    pub matched: Vec<String>,
}

/// What a check covered and found.
#[derive(Debug, Default)]
pub struct Report {
    /// In file order: by file, then line, then severity, then concept.
    pub findings: Findings,
    /// Documents (monolingual) or segments (bilingual) checked.
    pub checked: usize,
    pub bilingual: bool,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings.count(severity)
    }
}

/// Whether variants are compared within each document or across all.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Scope {
    #[default]
    Document,
    Corpus,
}

fn quoted(terms: impl IntoIterator<Item = impl AsRef<str>>) -> String {
    terms
        .into_iter()
        .map(|t| format!("\"{}\"", t.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether a term is an acronym (UNHCR): news introduces the full name, then
/// uses the acronym, which is not a mixed variant.
fn is_acronym(term: &Term) -> bool {
    let letters = term.text.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2 && !term.text.chars().any(char::is_lowercase)
}

/// The terms a translation may use for a concept, preferred first; never
/// deprecated ones.
fn expected_terms(concept: &Concept, lang: Lang) -> Vec<&str> {
    let mut terms: Vec<&Term> = concept
        .terms_in(lang)
        .filter(|t| t.status != Status::Deprecated)
        .collect();
    terms.sort_by_key(|t| t.status);
    terms.iter().map(|t| t.text.as_str()).collect()
}

fn preferred_text(concept: &Concept, lang: Lang) -> &str {
    concept.preferred(lang).map_or("", |t| t.text.as_str())
}

/// One occurrence of a term in a document, for the mixed-variants check.
struct Use {
    term: u32,
    /// Its spelling, an index into [`Examined::surfaces`].
    surface: u32,
    line: u64,
}

/// The occurrences of one term, gathered across the pieces of a document
/// (or the documents of a corpus): 16 bytes a use and each spelling once,
/// so that a document of a million hits is not held as a million strings.
#[derive(Default)]
struct TermUses {
    /// (file, line) of each use, the file as an index into
    /// [`DocumentChecker::files`]; uses in a row at one place are one run
    /// (a one-line document of a million hits holds one).
    places: Vec<Uses>,
    /// The spellings seen.
    surfaces: BTreeSet<String>,
}

/// Uses in a row at one place: 16 bytes.
#[derive(Clone, Copy)]
struct Uses {
    file: u32,
    count: u32,
    line: u64,
}

impl TermUses {
    fn push(&mut self, file: u32, line: u64) {
        match self.places.last_mut() {
            Some(run) if run.file == file && run.line == line && run.count < u32::MAX => {
                run.count += 1;
            }
            _ => self.places.push(Uses {
                file,
                count: 1,
                line,
            }),
        }
    }

    /// How many uses.
    fn count(&self) -> usize {
        self.places.iter().map(|run| run.count as usize).sum()
    }
}

/// A segment where a rendering was seen: 32 bytes and the segment's id
/// (a translation of a million segments has a million of them).
#[derive(Clone)]
struct Place {
    /// An index into [`PairChecker::files`].
    file: u32,
    segment: Box<str>,
    line: u64,
}

/// The per-document half of the monolingual check: finds, in one document,
/// deprecated terms, foreign terms and the terms used per concept. It holds
/// no state, so documents are examined on any thread; a [`DocumentChecker`]
/// takes the results in input order.
pub struct Examiner<'g> {
    glossary: &'g Glossary,
    pipeline: Pipeline,
    /// (lang, matching key) of every term, to tell a foreign term from a
    /// word both languages share (visa, migration).
    keys: HashMap<(Lang, String), ()>,
}

/// A finding of one document as [`Examiner::examine`] finds it, made a
/// [`Finding`] (its message written) when [`DocumentChecker::absorb`] takes
/// it: a piece of text can hold a finding per sentence, and pieces wait
/// their turn on other threads, so one is held in some 50 bytes, not 300.
enum Found {
    /// A deprecated term (`lang`: the text's).
    Deprecated {
        line: u64,
        term: TermRef,
        lang: Lang,
        hit: Box<str>,
    },
    /// A term of language `other` in text of language `own`.
    Foreign {
        line: u64,
        term: TermRef,
        own: Lang,
        other: Lang,
        hit: Box<str>,
    },
}

impl Found {
    fn finding(self, glossary: &Glossary, file: &str) -> Finding {
        match self {
            Found::Deprecated {
                line,
                term,
                lang,
                hit,
            } => {
                let (concept, term) = term_of(glossary, term);
                Finding {
                    file: file.to_string(),
                    line: Some(line),
                    segment: None,
                    severity: Severity::Error,
                    check: CheckKind::DeprecatedTerm,
                    concept: concept.id.clone(),
                    message: format!(
                        "deprecated term \"{hit}\" ({}); use \"{}\"",
                        term.text,
                        preferred_text(concept, lang)
                    ),
                    matched: vec![hit.into()],
                }
            }
            Found::Foreign {
                line,
                term,
                own,
                other,
                hit,
            } => {
                let (concept, _) = term_of(glossary, term);
                Finding {
                    file: file.to_string(),
                    line: Some(line),
                    segment: None,
                    severity: Severity::Info,
                    check: CheckKind::ForeignTerm,
                    concept: concept.id.clone(),
                    message: format!(
                        "{} term \"{hit}\" in {} text; the {} term is \"{}\"",
                        other.name(),
                        own.name(),
                        own.name(),
                        preferred_text(concept, own)
                    ),
                    matched: vec![hit.into()],
                }
            }
        }
    }
}

/// What one document shows.
pub struct Examined {
    /// Which piece of its document this was.
    piece: crate::input::Piece,
    found: Vec<Found>,
    /// The document's name, once for all its uses.
    file: String,
    /// Per (concept, lang), the terms used, for the mixed-variants check.
    uses: Vec<((u32, Lang), Use)>,
    /// The spellings of the uses, each once.
    surfaces: Vec<String>,
}

fn term_of(glossary: &Glossary, r: TermRef) -> (&Concept, &Term) {
    let concept = &glossary.concepts[r.concept as usize];
    (concept, &concept.terms[r.term as usize])
}

impl<'g> Examiner<'g> {
    pub fn new(glossary: &'g Glossary, config: Config) -> Examiner<'g> {
        let keys = glossary
            .concepts
            .iter()
            .flat_map(|c| &c.terms)
            .map(|t| ((t.lang, matching_key(&t.text)), ()))
            .collect();
        Examiner {
            glossary,
            pipeline: Pipeline::new(glossary, config),
            keys,
        }
    }

    /// Examines one document.
    pub fn examine(&self, doc: &Document) -> Examined {
        let text = &doc.text;
        let name = doc.name();
        let analysis = self.pipeline.analyze_document(doc);
        let lines = LineIndex::new(text);
        let mut examined = Examined {
            piece: doc.piece,
            found: Vec::new(),
            file: name.to_string(),
            uses: Vec::new(),
            surfaces: Vec::new(),
        };
        let mut surfaces: HashMap<&str, u32> = HashMap::new();
        for m in &analysis.matches {
            let (_, term) = term_of(self.glossary, m.term);
            let hit = &text[m.start..m.end];
            let line = lines.line(m.start) as u64 + doc.piece.lines;
            if term.status == Status::Deprecated {
                examined.found.push(Found::Deprecated {
                    line,
                    term: m.term,
                    lang: m.lang,
                    hit: hit.into(),
                });
            }
            if !is_acronym(term) {
                let next = examined.surfaces.len() as u32;
                let surface = *surfaces.entry(hit).or_insert_with(|| {
                    examined.surfaces.push(hit.to_string());
                    next
                });
                examined.uses.push((
                    (m.term.concept, m.lang),
                    Use {
                        term: m.term.term,
                        surface,
                        line,
                    },
                ));
            }
        }
        self.foreign_terms(doc, &analysis, &lines, &mut examined.found);
        examined
    }

    /// Terms of another language, matched exactly, where no term of the
    /// paragraph's own language is.
    fn foreign_terms(
        &self,
        doc: &Document,
        analysis: &Analysis,
        lines: &LineIndex,
        found: &mut Vec<Found>,
    ) {
        let text = &doc.text;
        let own_spans = Reach::new(analysis.matches.iter().map(|m| (m.start, m.end)));
        for own in Lang::ALL {
            if !analysis.paragraph_langs.contains(&Some(own)) {
                continue;
            }
            for other in Lang::ALL.into_iter().filter(|&l| l != own) {
                for m in self
                    .pipeline
                    .find_terms(text, analysis, Some(own), other, false)
                {
                    let (_, term) = term_of(self.glossary, m.term);
                    let overlaps_own = own_spans.overlaps(m.start, m.end);
                    let shared = self.keys.contains_key(&(own, matching_key(&term.text)));
                    // A lone foreign word inflected is too often a word of
                    // the text's own language; multiword terms are safe.
                    let single_word = !term.text.contains(char::is_whitespace);
                    let inflected = m.kind == crate::analysis::matcher::MatchKind::Stem;
                    if overlaps_own || shared || (inflected && single_word) {
                        continue;
                    }
                    let hit = &text[m.start..m.end];
                    found.push(Found::Foreign {
                        line: lines.line(m.start) as u64 + doc.piece.lines,
                        term: m.term,
                        own,
                        other,
                        hit: hit.into(),
                    });
                }
            }
        }
    }
}

/// Checks monolingual documents against a glossary: takes each document's
/// [`Examined`] in input order, and compares variants per document or
/// across the corpus.
pub struct DocumentChecker<'g> {
    glossary: &'g Glossary,
    scope: Scope,
    /// Occurrences of each (concept, lang), by term, for the
    /// mixed-variants check.
    variants: BTreeMap<(u32, Lang), BTreeMap<u32, TermUses>>,
    /// The names of the files in `variants`, and their indexes.
    files: Vec<String>,
    file_ids: HashMap<String, u32>,
    report: Report,
}

impl<'g> DocumentChecker<'g> {
    pub fn new(glossary: &'g Glossary, scope: Scope) -> DocumentChecker<'g> {
        DocumentChecker {
            glossary,
            scope,
            variants: BTreeMap::new(),
            files: Vec::new(),
            file_ids: HashMap::new(),
            report: Report::default(),
        }
    }

    /// Takes the next document's findings.
    pub fn absorb(&mut self, examined: Examined) {
        if examined.piece.is_first() {
            self.report.checked += 1;
        }
        for found in examined.found {
            let finding = found.finding(self.glossary, &examined.file);
            self.report.findings.push(finding);
        }
        if !examined.uses.is_empty() {
            let next = self.files.len() as u32;
            let file = *self
                .file_ids
                .entry(examined.file)
                .or_insert_with_key(|name| {
                    self.files.push(name.clone());
                    next
                });
            for ((concept, lang), used) in examined.uses {
                let term = self
                    .variants
                    .entry((concept, lang))
                    .or_default()
                    .entry(used.term)
                    .or_default();
                term.push(file, used.line);
                let surface = &examined.surfaces[used.surface as usize];
                if !term.surfaces.contains(surface) {
                    term.surfaces.insert(surface.clone());
                }
            }
        }
        // The pieces of a large document are one document.
        if self.scope == Scope::Document && examined.piece.last {
            self.flush_variants();
            self.files.clear();
            self.file_ids.clear();
        }
    }

    /// Reports the concepts named with more than one term so far.
    fn flush_variants(&mut self) {
        let files = &self.files;
        // By place, not by the order the files came in: a corpus report
        // is the same whatever order its files are given in.
        let by_place = |a: &Uses, b: &Uses| {
            (&files[a.file as usize], a.line).cmp(&(&files[b.file as usize], b.line))
        };
        for ((concept, lang), mut terms) in std::mem::take(&mut self.variants) {
            let c = &self.glossary.concepts[concept as usize];
            // A verb or an adjective beside the noun ("deported", "stateless")
            // is not a second name: terms compare within a part of speech.
            let mut by_pos: BTreeMap<&str, Vec<(u32, &mut TermUses)>> = BTreeMap::new();
            for (&t, uses) in terms.iter_mut() {
                let pos = c.terms[t as usize].pos.as_str();
                by_pos.entry(pos).or_default().push((t, uses));
            }
            for by_term in by_pos.values_mut() {
                if by_term.len() < 2 {
                    continue;
                }
                for (_, uses) in by_term.iter_mut() {
                    uses.places.sort_by(by_place);
                }
                let first = by_term
                    .iter()
                    .map(|(_, uses)| uses.places[0])
                    .min_by(by_place)
                    .expect("two terms");
                let first = (first.file, first.line);
                let mut parts: Vec<(usize, String)> = by_term
                    .iter()
                    .map(|(t, uses)| {
                        // Every use's place, a run's as often as it was used.
                        use std::fmt::Write as _;
                        let mut places = String::new();
                        for run in &uses.places {
                            for _ in 0..run.count {
                                if !places.is_empty() {
                                    places.push_str(", ");
                                }
                                if self.scope == Scope::Corpus {
                                    places.push_str(&files[run.file as usize]);
                                    places.push(':');
                                }
                                let _ = write!(places, "{}", run.line);
                            }
                        }
                        let count = uses.count();
                        let term = &c.terms[*t as usize];
                        (
                            count,
                            format!(
                                "\"{}\"{} ×{} ({} {})",
                                term.text,
                                match term.status {
                                    Status::Preferred => " (preferred)",
                                    Status::Admitted => "",
                                    Status::Deprecated => " (deprecated)",
                                },
                                count,
                                if count == 1 { "line" } else { "lines" },
                                places
                            ),
                        )
                    })
                    .collect();
                parts.sort_by_key(|p| std::cmp::Reverse(p.0));
                let matched: BTreeSet<&String> = by_term
                    .iter()
                    .flat_map(|(_, uses)| &uses.surfaces)
                    .collect();
                self.report.findings.push(Finding {
                    file: files[first.0 as usize].clone(),
                    line: Some(first.1),
                    segment: None,
                    severity: Severity::Warning,
                    check: CheckKind::MixedVariants,
                    concept: c.id.clone(),
                    message: format!(
                        "{} named {} ways in {}: {}",
                        c.id,
                        by_term.len(),
                        lang.name(),
                        parts
                            .into_iter()
                            .map(|(_, p)| p)
                            .collect::<Vec<_>>()
                            .join("; ")
                    ),
                    matched: matched.into_iter().cloned().collect(),
                });
            }
        }
    }

    /// The report, once every document is checked.
    pub fn finish(mut self) -> Report {
        self.flush_variants();
        self.report
    }
}

/// Checks translations: pairs of source and target segments.
pub struct PairChecker<'g> {
    glossary: &'g Glossary,
    source: Lang,
    target: Lang,
    source_pipeline: Pipeline,
    target_pipeline: Pipeline,
    /// (concept, source term) → target term → where it was used.
    renderings: BTreeMap<(u32, u32), BTreeMap<u32, Vec<Place>>>,
    /// The names of the files checked, in the order given.
    files: Vec<String>,
    report: Report,
}

/// Adds `more` to `into`, concept by concept.
fn unite(into: &mut BTreeMap<u32, BTreeSet<u32>>, more: BTreeMap<u32, BTreeSet<u32>>) {
    for (concept, terms) in more {
        into.entry(concept).or_default().extend(terms);
    }
}

/// The longest part of a segment analysed at once.
const PART_BYTES: usize = 64 << 10;

/// The concepts a text names anywhere, nested occurrences included, with the
/// terms used for each.
fn named(matches: &[Match]) -> BTreeMap<u32, BTreeSet<u32>> {
    let mut out: BTreeMap<u32, BTreeSet<u32>> = BTreeMap::new();
    for m in matches {
        out.entry(m.term.concept).or_default().insert(m.term.term);
    }
    out
}

/// Per concept, the terms of its occurrences that no longer occurrence of
/// the same concept contains.
fn outermost(matches: &[Match]) -> BTreeMap<u32, BTreeSet<u32>> {
    // The distinct spans of each concept by start, the longest first: a
    // span lies inside another of its concept when one before it in that
    // order reaches as far (n log n, where comparing every pair was n²).
    let mut spans: Vec<(u32, usize, std::cmp::Reverse<usize>)> = matches
        .iter()
        .map(|m| (m.term.concept, m.start, std::cmp::Reverse(m.end)))
        .collect();
    spans.sort_unstable();
    spans.dedup();
    let mut nested = std::collections::HashSet::new();
    let mut reach: Option<(u32, usize)> = None;
    for &(concept, start, std::cmp::Reverse(end)) in &spans {
        match reach {
            Some((c, far)) if c == concept && end <= far => {
                nested.insert((concept, start, end));
            }
            Some((c, far)) if c == concept => reach = Some((c, far.max(end))),
            _ => reach = Some((concept, end)),
        }
    }
    let mut out: BTreeMap<u32, BTreeSet<u32>> = BTreeMap::new();
    for m in matches {
        if !nested.contains(&(m.term.concept, m.start, m.end)) {
            out.entry(m.term.concept).or_default().insert(m.term.term);
        }
    }
    out
}

impl<'g> PairChecker<'g> {
    pub fn new(glossary: &'g Glossary, source: Lang, target: Lang) -> PairChecker<'g> {
        let forced = |lang| Config {
            lang: Some(lang),
            ..Config::default()
        };
        PairChecker {
            glossary,
            source,
            target,
            source_pipeline: Pipeline::new(glossary, forced(source)),
            target_pipeline: Pipeline::new(glossary, forced(target)),
            renderings: BTreeMap::new(),
            files: Vec::new(),
            report: Report {
                bilingual: true,
                ..Report::default()
            },
        }
    }

    /// Checks the segments of one file.
    pub fn file(&mut self, file: &str, pairs: &[crate::formats::bitext::SegmentPair]) {
        let file_id = self.files.len() as u32;
        self.files.push(file.to_string());
        for pair in pairs {
            self.pair(file, file_id, pair);
        }
    }

    /// Checks one segment pair. A side of more than [`PART_BYTES`] (a
    /// segment of megabytes) is analysed a part at a time, once a pass, so
    /// that only its matches' summaries are held; a side of one part is
    /// analysed once.
    fn pair(&mut self, file: &str, file_id: u32, pair: &crate::formats::bitext::SegmentPair) {
        self.report.checked += 1;
        let (source, target) = (self.source, self.target);
        let (source_pipeline, target_pipeline) = (&self.source_pipeline, &self.target_pipeline);
        let src_parts = crate::input::parts(&pair.source, PART_BYTES);
        let tgt_parts = crate::input::parts(&pair.target, PART_BYTES);
        let src_once = (src_parts.len() == 1).then(|| source_pipeline.analyze(src_parts[0]));
        let tgt_once = (tgt_parts.len() == 1).then(|| target_pipeline.analyze(tgt_parts[0]));
        // The analysis of a side's part k: the one kept, or made anew.
        fn part_analysis<'a>(
            once: &'a Option<Analysis>,
            fresh: &'a mut Option<Analysis>,
            pipeline: &Pipeline,
            part: &str,
        ) -> &'a Analysis {
            match once {
                Some(analysis) => analysis,
                None => fresh.insert(pipeline.analyze(part)),
            }
        }
        // The target first: which concepts it names with the guards lifted
        // (the source has said what the segment is about, so "frontière" is
        // the border even with no other migration word), and its
        // renderings, the outermost terms of each concept: "sans-papiers"
        // inside "immigrants sans papiers" is not a second rendering.
        let mut tgt_any: BTreeMap<u32, BTreeSet<u32>> = BTreeMap::new();
        let mut renderings: BTreeMap<u32, BTreeSet<u32>> = BTreeMap::new();
        // A target of one part keeps its terms for the later passes too.
        let (mut kept_all, mut kept_unguarded) = (None, None);
        for part in &tgt_parts {
            let mut fresh = None;
            let tgt = part_analysis(&tgt_once, &mut fresh, target_pipeline, part);
            let all = target_pipeline.find_terms(part, tgt, None, target, true);
            unite(&mut renderings, outermost(&all));
            let unguarded = target_pipeline.find_terms_unguarded(part, tgt, target);
            unite(&mut tgt_any, named(&unguarded));
            if tgt_once.is_some() {
                (kept_all, kept_unguarded) = (Some(all), Some(unguarded));
            }
        }
        let mut recorded = BTreeSet::new();
        let finding = |severity, check, concept: &Concept, message, matched| Finding {
            file: file.to_string(),
            line: Some(pair.line),
            segment: Some(pair.id.clone()),
            severity,
            check,
            concept: concept.id.clone(),
            message,
            matched,
        };
        let mut seen = BTreeSet::new();
        let mut src_all: BTreeMap<u32, BTreeSet<u32>> = BTreeMap::new();
        for part in &src_parts {
            let mut fresh = None;
            let src = part_analysis(&src_once, &mut fresh, source_pipeline, part);
            unite(
                &mut src_all,
                named(&source_pipeline.find_terms(part, src, None, source, true)),
            );
            for m in &src.matches {
                let concept = &self.glossary.concepts[m.term.concept as usize];
                let hit = &part[m.start..m.end];
                match tgt_any.get(&m.term.concept) {
                    Some(_) => {
                        let key = (m.term.concept, m.term.term);
                        // A noun rendered by a verb is a shift of wording, not
                        // a second rendering of the term.
                        let pos = concept.terms[m.term.term as usize].pos;
                        let used = renderings
                            .get(&m.term.concept)
                            .into_iter()
                            .flatten()
                            .filter(|&&t| concept.terms[t as usize].pos == pos);
                        for &t in used {
                            if !recorded.insert((key, t)) {
                                continue; // once per segment
                            }
                            self.renderings
                                .entry(key)
                                .or_default()
                                .entry(t)
                                .or_default()
                                .push(Place {
                                    file: file_id,
                                    segment: pair.id.as_str().into(),
                                    line: pair.line,
                                });
                        }
                    }
                    None if seen.insert(m.term.concept) => {
                        let expected = expected_terms(concept, target);
                        if expected.is_empty() {
                            continue;
                        }
                        // A word the glossary guards is common outside
                        // migration ("detention", "extranjeros"): its
                        // translation may rightly be a general word, so its
                        // absence is a warning.
                        let term = &concept.terms[m.term.term as usize];
                        let (severity, hedge) = if term.guard == Guard::None {
                            (Severity::Error, "")
                        } else {
                            (
                                Severity::Warning,
                                " (the source word is also common outside migration)",
                            )
                        };
                        self.report.findings.push(finding(
                            severity,
                            CheckKind::MissingTerm,
                            concept,
                            format!(
                                "missing term: the source says \"{hit}\" ({}){hedge}; the {} target has none of {}",
                                concept.id,
                                target.name(),
                                quoted(&expected)
                            ),
                            vec![hit.to_string()],
                        ));
                    }
                    None => {}
                }
            }
        }
        // A deprecated word the glossary guards ("menas") is no hit in a
        // target with no other migration word, but where the source names
        // its concept it is the word the translator chose: reported, unless
        // a hit of the target covers it.
        let glossary = self.glossary;
        let deprecated = |m: &Match, part: &str| {
            let (concept, term) = term_of(glossary, m.term);
            let hit = &part[m.start..m.end];
            (term.status == Status::Deprecated).then(|| {
                finding(
                    Severity::Error,
                    CheckKind::DeprecatedTerm,
                    concept,
                    format!(
                        "the target uses deprecated \"{hit}\" ({}); use \"{}\"",
                        term.text,
                        preferred_text(concept, target)
                    ),
                    vec![hit.to_string()],
                )
            })
        };
        for part in &tgt_parts {
            let mut fresh = None;
            let tgt = part_analysis(&tgt_once, &mut fresh, target_pipeline, part);
            let hits = Reach::new(tgt.matches.iter().map(|m| (m.start, m.end)));
            let mut reported = BTreeSet::new();
            let unguarded = kept_unguarded
                .take()
                .unwrap_or_else(|| target_pipeline.find_terms_unguarded(part, tgt, target));
            for m in &unguarded {
                if term_of(glossary, m.term).1.guard != Guard::None
                    && src_all.contains_key(&m.term.concept)
                    && !hits.overlaps(m.start, m.end)
                    && let Some(found) = deprecated(m, part)
                    && reported.insert((m.start, m.end))
                {
                    self.report.findings.push(found);
                }
            }
        }
        for part in &tgt_parts {
            let mut fresh = None;
            let tgt = part_analysis(&tgt_once, &mut fresh, target_pipeline, part);
            // The target's spans that name some concept of the source.
            let all = kept_all
                .take()
                .unwrap_or_else(|| target_pipeline.find_terms(part, tgt, None, target, true));
            let source_spans: std::collections::HashSet<(usize, usize)> = all
                .iter()
                .filter(|o| src_all.contains_key(&o.term.concept))
                .map(|o| (o.start, o.end))
                .collect();
            for m in &tgt.matches {
                let concept = &self.glossary.concepts[m.term.concept as usize];
                let hit = &part[m.start..m.end];
                self.report.findings.extend(deprecated(m, part));
                // A designation the target shares between concepts
                // ("expulsion") names the source's concept if any of them is
                // the source's.
                let shared_with_source = source_spans.contains(&(m.start, m.end));
                if !src_all.contains_key(&m.term.concept) && !shared_with_source {
                    self.report.findings.push(finding(
                        Severity::Info,
                        CheckKind::AddedConcept,
                        concept,
                        format!(
                            "the target names {} (\"{hit}\"), which the source does not: an addition or a mistranslation?",
                            concept.id
                        ),
                        vec![hit.to_string()],
                    ));
                }
            }
        }
    }

    /// The report, with the renderings that varied across segments.
    pub fn finish(mut self) -> Report {
        for ((concept, source_term), targets) in std::mem::take(&mut self.renderings) {
            if targets.len() < 2 {
                continue;
            }
            let c = &self.glossary.concepts[concept as usize];
            let source_text = &c.terms[source_term as usize].text;
            let mut parts: Vec<(usize, String)> = targets
                .iter()
                .map(|(&t, segments)| {
                    let ids: Vec<&str> = segments.iter().map(|p| &*p.segment).collect();
                    (
                        segments.len(),
                        format!(
                            "\"{}\" in {} {}",
                            c.terms[t as usize].text,
                            if ids.len() == 1 {
                                "segment"
                            } else {
                                "segments"
                            },
                            ids.join(", ")
                        ),
                    )
                })
                .collect();
            parts.sort_by_key(|p| std::cmp::Reverse(p.0));
            let files = &self.files;
            let first = targets
                .values()
                .flatten()
                .min_by_key(|p| (&files[p.file as usize], p.line))
                .expect("two renderings at least");
            self.report.findings.push(Finding {
                file: files[first.file as usize].clone(),
                line: Some(first.line),
                segment: Some(first.segment.to_string()),
                severity: Severity::Warning,
                check: CheckKind::InconsistentRendering,
                concept: c.id.clone(),
                message: format!(
                    "\"{source_text}\" is rendered {} ways: {}",
                    targets.len(),
                    parts
                        .into_iter()
                        .map(|(_, p)| p)
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
                matched: targets
                    .keys()
                    .map(|&t| c.terms[t as usize].text.clone())
                    .collect(),
            });
        }
        self.report
    }
}

/// How a report is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    /// One finding per line: `file:line` or `file#segment`, severity,
    /// concept, message.
    Text {
        color: bool,
    },
    /// Text fields written as `fields` says (for a spreadsheet, by default).
    Csv {
        fields: crate::formats::spreadsheet::CsvFields,
    },
    Json,
}

/// The CSV columns, in order.
pub const CSV_COLUMNS: [&str; 8] = [
    "file", "line", "segment", "severity", "check", "concept", "message", "matched",
];

/// The findings as a workbook.
pub const XLSX: crate::formats::table::Columns = crate::formats::table::Columns {
    numbers: &["line"],
    wide: &["message"],
    ..crate::formats::table::Columns::named("findings")
};

/// The summary line: what was checked and the findings per severity.
pub fn summary(report: &Report) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "checked {}: {}, {}, {} info",
        plural(
            report.checked,
            if report.bilingual {
                "segment"
            } else {
                "document"
            }
        ),
        plural(report.count(Severity::Error), "error"),
        plural(report.count(Severity::Warning), "warning"),
        report.count(Severity::Info),
    )
}

/// Writes the findings (not the summary) in `format`.
pub fn write_report<W: std::io::Write>(
    report: &Report,
    format: ReportFormat,
    mut out: W,
) -> std::io::Result<()> {
    match format {
        ReportFormat::Text { color } => {
            // One finding a line: names and quoted words printed for people
            // (a file or segment name holding a newline would print a line
            // that reads as a finding of its own).
            use crate::printable::text;
            for f in report.findings.iter()? {
                let f = f?;
                let file = text(&f.file);
                let place = match (&f.segment, f.line) {
                    (Some(segment), _) => format!("{file}#{}", text(segment)),
                    (None, Some(line)) => format!("{file}:{line}"),
                    (None, None) => file.into_owned(),
                };
                let mut message = text(&f.message).into_owned();
                if color {
                    // Bold the matched words where the message quotes them.
                    for word in &f.matched {
                        let word = text(word);
                        let quoted = format!("\"{word}\"");
                        message = message.replace(&quoted, &format!("\"\x1b[1;31m{word}\x1b[0m\""));
                    }
                }
                writeln!(
                    out,
                    "{place}: {}: [{}] {message}",
                    f.severity.as_str(),
                    text(&f.concept)
                )?;
            }
        }
        ReportFormat::Csv { fields } => {
            let mut csv = csv::Writer::from_writer(&mut out);
            csv.write_record(CSV_COLUMNS)
                .map_err(crate::error::csv_to_io)?;
            for f in report.findings.iter()? {
                let f = f?;
                let line = f.line.map(|l| l.to_string()).unwrap_or_default();
                csv.write_record([
                    &*fields.text(&f.file),
                    &line,
                    &fields.text(f.segment.as_deref().unwrap_or("")),
                    f.severity.as_str(),
                    f.check.as_str(),
                    &fields.text(&f.concept),
                    &fields.text(&f.message),
                    &fields.text(&f.matched.join("|")),
                ])
                .map_err(crate::error::csv_to_io)?;
            }
            csv.flush()?;
        }
        ReportFormat::Json => {
            #[derive(Serialize)]
            struct Counts {
                checked: usize,
                unit: &'static str,
                errors: usize,
                warnings: usize,
                infos: usize,
            }
            /// The findings as a JSON array, read as it is written (they
            /// may be in runs on disk); an error reading one is kept.
            struct Seq<'a> {
                iter: std::cell::RefCell<Option<findings::Iter<'a>>>,
                error: std::cell::RefCell<Option<std::io::Error>>,
            }
            impl Serialize for Seq<'_> {
                fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    let iter = self.iter.borrow_mut().take().into_iter().flatten();
                    s.collect_seq(
                        iter.map_while(|f| f.map_err(|e| *self.error.borrow_mut() = Some(e)).ok()),
                    )
                }
            }
            #[derive(Serialize)]
            struct Json<'a> {
                summary: Counts,
                findings: Seq<'a>,
            }
            let json = Json {
                summary: Counts {
                    checked: report.checked,
                    unit: if report.bilingual {
                        "segments"
                    } else {
                        "documents"
                    },
                    errors: report.count(Severity::Error),
                    warnings: report.count(Severity::Warning),
                    infos: report.count(Severity::Info),
                },
                findings: Seq {
                    iter: std::cell::RefCell::new(Some(report.findings.iter()?)),
                    error: std::cell::RefCell::new(None),
                },
            };
            serde_json::to_writer_pretty(&mut out, &json)?;
            if let Some(e) = json.findings.error.take() {
                return Err(e);
            }
            writeln!(out)?;
        }
    }
    out.flush()
}
