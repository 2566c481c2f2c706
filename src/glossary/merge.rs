//! The review loop of the term aligner: a reviewer marks rows of the
//! suggestions CSV (written by `termalign suggest`) in an added `accept`
//! column, and [`merge`] files the accepted pairs into a glossary as new
//! concepts or as variants of existing ones. Nothing already in the glossary
//! is changed, moved or removed; a pair that would need that is skipped and
//! reported as a conflict. The result is linted as `termalign glossary lint`
//! would lint the written file, with each finding traced back to the row of
//! the glossary or of the suggestions it comes from.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::analysis::matcher::{Matcher, Scratch};
use crate::analysis::tokenize::tokenize;
use crate::error::{Error, Result};
use crate::glossary::lint::{Finding, matching_key};
use crate::glossary::{Concept, Glossary, Pos, Status, Term};
use crate::lang::Lang;

/// The columns a suggestions file must have for a merge. `method` and `score`
/// are quoted in the provenance when present; the others `suggest` writes
/// (frequencies, evidence, status) are for the reviewer and are not read.
const REQUIRED_COLUMNS: [&str; 4] = ["lang_a", "term_a", "lang_b", "term_b"];

/// The reviewer's column.
const ACCEPT: &str = "accept";

/// Values of the `accept` column (trimmed, compared case-insensitively).
/// Sorted and unique (a test checks); empty also means not accepted.
const ACCEPTED: [&str; 7] = ["1", "accept", "accepted", "true", "x", "y", "yes"];
const NOT_ACCEPTED: [&str; 6] = ["0", "false", "n", "no", "reject", "rejected"];

/// What became of one accepted row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Neither term was in the glossary: both now form a new concept.
    NewConcept { concept: String },
    /// One term was in exactly one concept; the other was added to it.
    Added {
        concept: String,
        lang: Lang,
        term: String,
        status: Status,
    },
    /// Both terms were already in the same concept.
    Known { concept: String },
    /// The two terms are in two different concepts: skipped.
    Split {
        concept_a: String,
        concept_b: String,
    },
    /// One of the terms is in several concepts already: skipped.
    Ambiguous {
        lang: Lang,
        term: String,
        concepts: Vec<String>,
    },
}

impl Outcome {
    /// Whether the row was skipped because filing it would have meant
    /// changing or choosing between existing concepts.
    pub fn is_conflict(&self) -> bool {
        matches!(self, Outcome::Split { .. } | Outcome::Ambiguous { .. })
    }
}

/// One accepted row and what became of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowOutcome {
    /// 1-based line of the row in the suggestions file.
    pub line: u64,
    pub lang_a: Lang,
    pub term_a: String,
    pub lang_b: Lang,
    pub term_b: String,
    pub outcome: Outcome,
}

impl fmt::Display for RowOutcome {
    /// What happened, in a sentence (without the file and line).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (a, b) = (self.lang_a.name(), self.lang_b.name());
        let (term_a, term_b) = (&self.term_a, &self.term_b);
        match &self.outcome {
            Outcome::NewConcept { concept } => {
                write!(f, "new concept {concept}: {a} {term_a:?}, {b} {term_b:?}")
            }
            Outcome::Added {
                concept,
                lang,
                term,
                status,
            } => write!(
                f,
                "added {} {term:?} to concept {concept} ({status})",
                lang.name()
            ),
            Outcome::Known { concept } => {
                write!(
                    f,
                    "already known: {a} {term_a:?} and {b} {term_b:?} are in concept {concept}"
                )
            }
            Outcome::Split {
                concept_a,
                concept_b,
            } => write!(
                f,
                "conflict, skipped: {a} {term_a:?} is in concept {concept_a} but {b} {term_b:?} is in concept {concept_b}; \
                 if they name one concept, edit the glossary by hand"
            ),
            Outcome::Ambiguous {
                lang,
                term,
                concepts,
            } => write!(
                f,
                "conflict, skipped: {} {term:?} is in several concepts ({}); fix the glossary first",
                lang.name(),
                concepts.join(", ")
            ),
        }
    }
}

/// What a merge did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MergeReport {
    /// The accepted rows, in file order.
    pub rows: Vec<RowOutcome>,
    /// Rows not marked accepted.
    pub not_accepted: usize,
    /// The lint of the merged glossary, each finding placed at the row it
    /// comes from: a line of the base glossary, or of the suggestions for
    /// what the merge added.
    pub findings: Vec<Finding>,
}

impl MergeReport {
    pub fn new_concepts(&self) -> usize {
        self.count(|o| matches!(o, Outcome::NewConcept { .. }))
    }

    pub fn added(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Added { .. }))
    }

    pub fn known(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Known { .. }))
    }

    pub fn conflicts(&self) -> usize {
        self.count(Outcome::is_conflict)
    }

    /// Lint errors in the merged glossary (warnings do not count).
    pub fn errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == crate::glossary::lint::Severity::Error)
            .count()
    }

    fn count(&self, pred: impl Fn(&Outcome) -> bool) -> usize {
        self.rows.iter().filter(|r| pred(&r.outcome)).count()
    }
}

/// Whether an `accept` value marks the row; `None` for a value that is
/// neither yes nor no.
fn accepted(value: &str) -> Option<bool> {
    let value = value.trim().to_lowercase();
    if value.is_empty() || NOT_ACCEPTED.contains(&value.as_str()) {
        Some(false)
    } else if ACCEPTED.contains(&value.as_str()) {
        Some(true)
    } else {
        None
    }
}

/// Where each term of the merged glossary comes from, parallel to
/// `concepts[i].terms[j]`: `None` for the base glossary, the suggestions line
/// for a term the merge added.
type Origins = Vec<Vec<Option<u64>>>;

/// The merge in progress: the glossary, its terms by matching key and
/// compiled for the matcher, and where each term comes from.
struct Merger {
    glossary: Glossary,
    /// (language, matching key) → the concepts holding such a term, in order.
    index: HashMap<(Lang, String), Vec<usize>>,
    origins: Origins,
    /// The base glossary compiled, built once.
    base_matcher: Matcher,
    /// The terms the merge added, compiled when next needed after a change
    /// (a small glossary; concepts keep their indexes).
    added_matcher: Option<Matcher>,
    scratch: Scratch,
    /// The concept ids taken, for new concepts' ids.
    ids: crate::glossary::ConceptIds,
}

impl Merger {
    fn new(base: &Glossary) -> Merger {
        let mut merger = Merger {
            ids: crate::glossary::ConceptIds::new(base),
            glossary: base.clone(),
            index: HashMap::new(),
            origins: base
                .concepts
                .iter()
                .map(|c| vec![None; c.terms.len()])
                .collect(),
            base_matcher: Matcher::new(base),
            added_matcher: None,
            scratch: Scratch::default(),
        };
        for (i, concept) in base.concepts.iter().enumerate() {
            for term in &concept.terms {
                merger.note_term(i, term.lang, matching_key(&term.text));
            }
        }
        merger
    }

    fn note_term(&mut self, concept: usize, lang: Lang, key: String) {
        let owners = self.index.entry((lang, key)).or_default();
        if !owners.contains(&concept) {
            owners.push(concept);
        }
    }

    /// The concepts that hold a term: one of theirs in its language has the
    /// same matching key, or failing that, the matcher reads the whole of it
    /// as one of their terms (an inflected form: `suggest` writes a term as
    /// it is most often found in the corpus, "asylum seekers" as often as
    /// not, and the glossary lists the lemma).
    fn owners(&mut self, lang: Lang, text: &str, key: &str) -> Vec<usize> {
        if let Some(owners) = self.index.get(&(lang, key.to_string())) {
            return owners.clone();
        }
        let tokens = tokenize(text).tokens;
        let added = self.added_matcher.get_or_insert_with(|| {
            let concepts = self
                .glossary
                .concepts
                .iter()
                .zip(&self.origins)
                .map(|(c, origins)| Concept {
                    terms: c
                        .terms
                        .iter()
                        .zip(origins)
                        .filter(|(_, o)| o.is_some())
                        .map(|(t, _)| t.clone())
                        .collect(),
                    ..c.clone()
                })
                .collect();
            Matcher::new(&Glossary {
                path: PathBuf::new(),
                concepts,
            })
        });
        let mut found = Vec::new();
        for matcher in [&self.base_matcher, &*added] {
            matcher.find_all(lang, text, &tokens, 0, &mut self.scratch, &mut found);
        }
        let mut owners = Vec::new();
        for m in found {
            let concept = m.term.concept as usize;
            if m.first_token == 0 && m.end_token == tokens.len() && !owners.contains(&concept) {
                owners.push(concept);
            }
        }
        owners
    }

    /// The part of speech of a concept's term in `lang` with this key, else
    /// of its preferred term in `lang`.
    fn pos(&self, concept: usize, lang: Lang, key: &str) -> Pos {
        let c = &self.glossary.concepts[concept];
        c.terms_in(lang)
            .find(|t| matching_key(&t.text) == key)
            .or_else(|| c.preferred(lang))
            .map_or(Pos::Noun, |t| t.pos)
    }

    /// Adds a term to a concept, after the concept's terms of its language
    /// (languages in en, fr, es order, as the glossary format asks). It is
    /// admitted, unless the concept has no preferred term in its language yet:
    /// then it is the preferred one, since every language of a concept needs
    /// one (this is how a new concept gets its preferred terms).
    fn add_term(&mut self, concept: usize, new: NewTerm<'_>, line: u64, note: String) -> Status {
        let c = &mut self.glossary.concepts[concept];
        let status = if c.terms_in(new.lang).any(|t| t.status == Status::Preferred) {
            Status::Admitted
        } else {
            Status::Preferred
        };
        let at = c
            .terms
            .iter()
            .rposition(|t| t.lang <= new.lang)
            .map_or(0, |i| i + 1);
        c.terms.insert(
            at,
            Term {
                lang: new.lang,
                text: new.text.to_string(),
                status,
                pos: new.pos,
                region: String::new(),
                guard: Default::default(),
                note,
                line,
            },
        );
        self.origins[concept].insert(at, Some(line));
        self.note_term(concept, new.lang, new.key.to_string());
        self.added_matcher = None;
        status
    }

    fn new_concept(&mut self, id: String, source: String, line: u64) -> usize {
        self.glossary.concepts.push(Concept {
            id,
            note: String::new(),
            source,
            subjects: Vec::new(),
            related: Vec::new(),
            terms: Vec::new(),
            line,
        });
        self.origins.push(Vec::new());
        self.added_matcher = None;
        self.glossary.concepts.len() - 1
    }
}

/// A term of an accepted row, validated.
#[derive(Clone, Copy)]
struct NewTerm<'a> {
    lang: Lang,
    text: &'a str,
    key: &'a str,
    /// The part of speech it gets when added.
    pos: Pos,
}

/// Merges the rows of `suggestions` (the text of the suggestions CSV; `path`
/// names it in errors and provenance) marked in their `accept` column into a
/// copy of `base`, in file order, so a later row sees what an earlier one
/// added (`en X, fr Y` then `en X, es Z` make one concept).
///
/// A pair neither of whose terms is in the glossary becomes a new concept
/// (its id made from the English term when there is one, else from `term_a`),
/// with the source `termalign suggest: FILE:LINE (METHOD, score SCORE)`. When
/// one term is in exactly one concept, the other is added to that concept as
/// an admitted term with the same part of speech, its term note saying
/// `from termalign suggest: …`. A term is "in" a concept when one of the
/// concept's terms of its language has the same [`matching_key`], so case,
/// accents and hyphens never make a duplicate, or else when the matcher
/// reads the whole term as one of the concept's (an inflected form, as
/// "asylum seekers" of "asylum seeker"). Pairs already in one concept
/// are reported as known; pairs whose terms are in two concepts, or a term in
/// several, are reported as conflicts and skipped.
///
/// The first term a concept gets in a language is its preferred term there
/// (a new concept's terms, or a language the concept lacked): the glossary
/// format and the linter need one per language. Existing terms never change.
///
/// Errors (a missing column, an `accept` value that is neither yes nor no, a
/// bad language or an empty term in an accepted row) name the file, line and
/// field; on error nothing is merged.
pub fn merge(base: &Glossary, suggestions: &str, path: &Path) -> Result<(Glossary, MergeReport)> {
    let text = suggestions.strip_prefix('\u{feff}').unwrap_or(suggestions);
    crate::input::check_csv_quotes(text, path)?;
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(text.as_bytes());
    let csv_error = |e: csv::Error| crate::input::csv_read_error(path, text, e);
    let headers = csv.headers().map_err(csv_error)?.clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let Some(accept_column) = column(ACCEPT) else {
        return Err(Error::format(
            path,
            Some(1),
            Some(ACCEPT),
            "missing column \"accept\": add a column named accept and mark the rows to add \
             with yes (or x, 1, accept); leave the others empty or write no",
        ));
    };
    let mut required = [0; 4];
    for (slot, name) in required.iter_mut().zip(REQUIRED_COLUMNS) {
        *slot = column(name).ok_or_else(|| {
            Error::format(
                path,
                Some(1),
                Some(name),
                format!(
                    "missing column {name:?}: a suggestions file (from termalign suggest) has the columns {}",
                    REQUIRED_COLUMNS.join(",")
                ),
            )
        })?;
    }
    let [lang_a_column, term_a_column, lang_b_column, term_b_column] = required;
    let (method_column, score_column) = (column("method"), column("score"));
    let file_name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );

    let mut merger = Merger::new(base);
    let mut report = MergeReport::default();
    let mut record = csv::StringRecord::new();
    let mut lines = crate::input::CsvLines::new(text);
    while let Some(line) = crate::input::next_csv_row(&mut csv, &mut record, &mut lines, path)? {
        let at =
            |field: &str, message: String| Error::format(path, Some(line), Some(field), message);
        let get = |i: usize| record.get(i).unwrap_or_default();
        let accept = get(accept_column);
        match accepted(accept) {
            Some(true) => {}
            Some(false) => {
                report.not_accepted += 1;
                continue;
            }
            None => {
                return Err(at(
                    ACCEPT,
                    format!(
                        "{:?} is neither yes nor no: write yes, y, x, 1, true or accept to add the row; \
                         no, n, 0, false, reject or nothing to leave it out",
                        accept.trim()
                    ),
                ));
            }
        }
        let lang = |i: usize, field: &str| -> Result<Lang> {
            get(i)
                .parse()
                .map_err(|e: crate::lang::UnknownLang| at(field, e.to_string()))
        };
        let lang_a = lang(lang_a_column, "lang_a")?;
        let lang_b = lang(lang_b_column, "lang_b")?;
        let term_a = get(term_a_column).trim();
        let term_b = get(term_b_column).trim();
        let key_a = checked_key(lang_a, term_a).map_err(|m| at("term_a", m))?;
        let key_b = checked_key(lang_b, term_b).map_err(|m| at("term_b", m))?;
        if lang_a == lang_b && key_a == key_b {
            return Err(at(
                "term_b",
                format!(
                    "{term_b:?} is the same {} term as {term_a:?} for the matcher (key {key_a:?}): nothing to pair",
                    lang_a.name()
                ),
            ));
        }
        let method = method_column.map_or("", |i| get(i).trim());
        let score = score_column.map_or("", |i| get(i).trim());
        let provenance = {
            let mut p = format!("termalign suggest: {file_name}:{line}");
            match (method.is_empty(), score.is_empty()) {
                (false, false) => p.push_str(&format!(" ({method}, score {score})")),
                (false, true) => p.push_str(&format!(" ({method})")),
                (true, false) => p.push_str(&format!(" (score {score})")),
                (true, true) => {}
            }
            p
        };
        let owners_a = merger.owners(lang_a, term_a, &key_a);
        let owners_b = merger.owners(lang_b, term_b, &key_b);
        let ids = |owners: &[usize]| -> Vec<String> {
            owners
                .iter()
                .map(|&i| merger.glossary.concepts[i].id.clone())
                .collect()
        };
        // Nouns unless the term they are paired with says otherwise.
        let a = NewTerm {
            lang: lang_a,
            text: term_a,
            key: &key_a,
            pos: Pos::Noun,
        };
        let b = NewTerm {
            lang: lang_b,
            text: term_b,
            key: &key_b,
            pos: Pos::Noun,
        };
        let outcome = match (owners_a.as_slice(), owners_b.as_slice()) {
            (owners, _) if owners.len() > 1 => Outcome::Ambiguous {
                lang: lang_a,
                term: term_a.to_string(),
                concepts: ids(owners),
            },
            (_, owners) if owners.len() > 1 => Outcome::Ambiguous {
                lang: lang_b,
                term: term_b.to_string(),
                concepts: ids(owners),
            },
            ([], []) => {
                // Ids are made from the English term, as the glossary's are.
                let name = if lang_b == Lang::En && lang_a != Lang::En {
                    term_b
                } else {
                    term_a
                };
                let id = merger.ids.make(name);
                let i = merger.new_concept(id.clone(), provenance, line);
                for t in [a, b] {
                    merger.add_term(i, t, line, String::new());
                }
                Outcome::NewConcept { concept: id }
            }
            ([i], []) | ([], [i]) => {
                let (found, new) = if owners_a.is_empty() { (b, a) } else { (a, b) };
                // The new term names what the term it was paired with names.
                let pos = merger.pos(*i, found.lang, found.key);
                let id = merger.glossary.concepts[*i].id.clone();
                let status = merger.add_term(
                    *i,
                    NewTerm { pos, ..new },
                    line,
                    format!("from {provenance}"),
                );
                Outcome::Added {
                    concept: id,
                    lang: new.lang,
                    term: new.text.to_string(),
                    status,
                }
            }
            ([i], [j]) if i == j => Outcome::Known {
                concept: merger.glossary.concepts[*i].id.clone(),
            },
            ([i], [j]) => Outcome::Split {
                concept_a: merger.glossary.concepts[*i].id.clone(),
                concept_b: merger.glossary.concepts[*j].id.clone(),
            },
            _ => unreachable!("every length of owners is covered above"),
        };
        report.rows.push(RowOutcome {
            line,
            lang_a,
            term_a: term_a.to_string(),
            lang_b,
            term_b: term_b.to_string(),
            outcome,
        });
    }
    report.findings = lint_merged(&merger.glossary, &merger.origins, path);
    Ok((merger.glossary, report))
}

/// The matching key of an accepted term, or why the term cannot be added.
fn checked_key(lang: Lang, term: &str) -> Result<String, String> {
    if term.is_empty() {
        return Err(format!("empty {} term", lang.name()));
    }
    let key = matching_key(term);
    if key.is_empty() {
        return Err(format!(
            "{} term {term:?} has no word the matcher could find",
            lang.name()
        ));
    }
    Ok(key)
}

/// Lints the merged glossary exactly as `termalign glossary lint` lints the
/// file it is written to, then places each finding at the row it comes from:
/// the base glossary's line for its own terms, the suggestions' line for a
/// term the merge added.
fn lint_merged(glossary: &Glossary, origins: &Origins, suggestions: &Path) -> Vec<Finding> {
    let mut text = Vec::new();
    glossary
        .write_csv(&mut text)
        .expect("writing to memory does not fail");
    let text = String::from_utf8(text).expect("the glossary is UTF-8");
    let mut findings = crate::glossary::lint::lint_csv(&text, &glossary.path);
    // Output line of each record → where its term comes from. A quoted line
    // break makes a record span lines, so read the records back.
    let places: Vec<(PathBuf, u64)> = glossary
        .concepts
        .iter()
        .zip(origins)
        .flat_map(|(c, o)| c.terms.iter().zip(o))
        .map(|(term, origin)| match origin {
            Some(line) => (suggestions.to_path_buf(), *line),
            None => (glossary.path.clone(), term.line),
        })
        .collect();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut csv_lines = crate::input::CsvLines::new(&text);
    let lines: HashMap<u64, usize> = reader
        .records()
        .enumerate()
        .filter_map(|(i, r)| Some((csv_lines.line(r.ok()?.position()), i)))
        .collect();
    for finding in &mut findings {
        if let Some((path, line)) = lines.get(&finding.line).and_then(|&i| places.get(i))
            && *line > 0
        {
            finding.path = path.clone();
            finding.line = *line;
        }
    }
    findings.sort_by(|a, b| (&a.path, a.line, a.severity).cmp(&(&b.path, b.line, b.severity)));
    findings
}

#[cfg(test)]
mod tests {
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
        for list in [&ACCEPTED[..], &NOT_ACCEPTED[..]] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
        assert!(ACCEPTED.iter().all(|v| !NOT_ACCEPTED.contains(v)));
        assert_eq!(accepted(" YES "), Some(true));
        assert_eq!(accepted("Rejected"), Some(false));
        assert_eq!(accepted(""), Some(false));
        assert_eq!(accepted("maybe"), None);
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
                term: "solicitantes de asilo".into(),
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
                "dir/s.csv:2: field term_b: \"asylum seeker\" is the same English term",
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
        let (twice, report) =
            merge(&once, &format!("{HEADER}{rows}"), Path::new("dir/s.csv")).unwrap();
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
}
