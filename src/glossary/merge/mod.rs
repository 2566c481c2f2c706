//! The review loop of the term aligner: a reviewer marks rows of the
//! suggestions CSV (written by `termalign suggest`) in an added `accept`
//! column, and [`merge`] files the accepted pairs into a glossary as new
//! concepts or as variants of existing ones. Nothing already in the glossary
//! is changed, moved or removed; a pair that would need that is skipped and
//! reported as a conflict. The result is linted as `termalign glossary lint`
//! would lint the written file, with each finding traced back to the row of
//! the glossary or of the suggestions it comes from.

mod merger;

use crate::input::strip_bom;
use merger::*;

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
const ACCEPTED: [&str; 10] = [
    "1", "accept", "accepted", "oui", "si", "sí", "true", "x", "y", "yes",
];

const NOT_ACCEPTED: [&str; 7] = ["0", "false", "n", "no", "non", "reject", "rejected"];

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
    // A NUL would reach the merged glossary, which could not be read back.
    crate::input::refuse_nul(suggestions, path)?;
    let text = strip_bom(suggestions);
    crate::input::check_csv_quotes(text, path)?;
    let delimiter = crate::input::sniff_delimiter(text);
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let read_with = format!(
        " (read with {} as the delimiter)",
        crate::input::delimiter_name(delimiter)
    );
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
            format!(
                "missing column \"accept\": add a column named accept and mark the rows to add \
                 with yes (or oui, sí, x, 1, accept); leave the others empty or write no{read_with}"
            ),
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
                    "missing column {name:?}: a suggestions file (from termalign suggest) has the columns {}{read_with}",
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
        // `termalign suggest` writes its CSV for a spreadsheet: a term it
        // neutralised (`'-ism`) is read as it was.
        let get =
            |i: usize| crate::formats::spreadsheet::restore(record.get(i).unwrap_or_default());
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

/// The matching key of an accepted term, or why the term cannot be added
/// (the rule `glossary lint` reports by, [`term_problem`]).
fn checked_key(lang: Lang, term: &str) -> Result<String, String> {
    match crate::glossary::lint::term_problem(lang, term) {
        Some(problem) => Err(problem),
        None => Ok(matching_key(term)),
    }
}

/// Lints the merged glossary exactly as `termalign glossary lint` lints the
/// file it is written to, then places each finding at the row it comes from:
/// the base glossary's line for its own terms, the suggestions' line for a
/// term the merge added.
fn lint_merged(glossary: &Glossary, origins: &Origins, suggestions: &Path) -> Vec<Finding> {
    // The glossary as written: concepts with terms only, each row numbered
    // as its line in the file (the header is line 1); a concept's finding
    // goes to its first row. `places[row]` is where that row comes from.
    let mut written = Glossary {
        path: glossary.path.clone(),
        concepts: Vec::with_capacity(glossary.concepts.len()),
    };
    let mut places: Vec<(PathBuf, u64)> = Vec::new();
    for (concept, origins) in glossary.concepts.iter().zip(origins) {
        if concept.terms.is_empty() {
            continue;
        }
        let mut concept = concept.clone();
        concept.line = places.len() as u64 + 2;
        for (term, origin) in concept.terms.iter_mut().zip(origins) {
            places.push(match origin {
                Some(line) => (suggestions.to_path_buf(), *line),
                None => (glossary.path.clone(), term.line),
            });
            term.line = places.len() as u64 + 1;
        }
        written.concepts.push(concept);
    }
    let mut findings = crate::glossary::lint::lint_model(&written);
    for finding in &mut findings {
        if let Some((path, line)) =
            (finding.line.checked_sub(2)).and_then(|row| places.get(row as usize))
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
mod tests;
