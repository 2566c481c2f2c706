//! The review loop of the term aligner: a reviewer marks rows of the
//! suggestions CSV (written by `termalign suggest`) in an added `accept`
//! column, and [`merge`] files the accepted pairs into a glossary as new
//! concepts or as variants of existing ones. Nothing already in the glossary
//! is changed, moved or removed; a pair that would need that is skipped and
//! reported as a conflict. The result is linted as `termalign glossary lint`
//! would lint the written file, with each finding traced back to the row of
//! the glossary or of the suggestions it comes from.
//!
//! The `accept` cell may name the status the new term gets (preferred,
//! admitted, deprecated, in English, French or Spanish); each term is filed
//! in its dictionary form ([`crate::analysis::morph::dictionary_form`]) with
//! the part of speech the row gives (`pos_a`, `pos_b`) or else the one its
//! pair or its form suggests; new concepts get the subject fields of
//! [`MergeOptions`].

mod merger;

use crate::input::strip_bom;
use merger::*;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::analysis::matcher::{Matcher, Scratch};
use crate::analysis::morph::{dictionary_form, guess_suggested_pos};
use crate::analysis::tokenize::tokenize;
use crate::error::{Error, Result};
use crate::glossary::lint::{Finding, matching_key};
use crate::glossary::{Concept, Glossary, Pos, Status, Subject, Term};
use crate::lang::Lang;

/// The columns a suggestions file must have for a merge. `method` and `score`
/// are quoted in the provenance when present; the others `suggest` writes
/// (frequencies, evidence, status) are for the reviewer and are not read.
const REQUIRED_COLUMNS: [&str; 4] = ["lang_a", "term_a", "lang_b", "term_b"];

/// The reviewer's column.
const ACCEPT: &str = "accept";

/// Values of the `accept` column (trimmed, compared case-insensitively and
/// without accents, so "Sí", "si", "privilégié" and "privilegie" are
/// alike). Sorted and unique (a test checks); empty also means not
/// accepted.
const ACCEPTED: [&str; 9] = [
    "1", "accept", "accepted", "oui", "si", "true", "x", "y", "yes",
];

const NOT_ACCEPTED: [&str; 7] = ["0", "false", "n", "no", "non", "reject", "rejected"];

/// Values that accept the row and say which status the new term gets: the
/// English names of the glossary's statuses, and the words of ISO 704 /
/// IATE's French (terme privilégié, admis, déconseillé) and Spanish
/// (término preferente, admitido, desaconsejado) usage, in both genders
/// (the word agrees with "terme", "término" or "expression", "forma") and
/// with "préféré", "preferido" a reviewer may write for preferred. Folded
/// (no accents), sorted by value, each once (a test checks).
const STATUSES: [(&str, Status); 18] = [
    ("admis", Status::Admitted),
    ("admise", Status::Admitted),
    ("admitida", Status::Admitted),
    ("admitido", Status::Admitted),
    ("admitted", Status::Admitted),
    ("deconseille", Status::Deprecated),
    ("deconseillee", Status::Deprecated),
    ("deprecated", Status::Deprecated),
    ("desaconsejada", Status::Deprecated),
    ("desaconsejado", Status::Deprecated),
    ("prefere", Status::Preferred),
    ("preferee", Status::Preferred),
    ("preferente", Status::Preferred),
    ("preferida", Status::Preferred),
    ("preferido", Status::Preferred),
    ("preferred", Status::Preferred),
    ("privilegie", Status::Preferred),
    ("privilegiee", Status::Preferred),
];

/// A reviewer's decision on a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Decision {
    No,
    /// Accepted; with the status the reviewer chose, if any.
    Yes(Option<Status>),
}

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
    /// The status the reviewer chose cannot be given: skipped, and why.
    Refused { reason: String },
}

impl Outcome {
    /// Whether the row was skipped because filing it would have meant
    /// changing or choosing between existing concepts.
    pub fn is_conflict(&self) -> bool {
        matches!(
            self,
            Outcome::Split { .. } | Outcome::Ambiguous { .. } | Outcome::Refused { .. }
        )
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
    /// What the reviewer should know of how the row was filed: a term
    /// filed in its dictionary form rather than as seen, a form kept as
    /// seen because it reads two ways, a status other than the one asked.
    pub notes: Vec<String>,
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
            Outcome::Refused { reason } => write!(f, "conflict, skipped: {reason}"),
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

/// What an `accept` value decides; `None` for a value that is neither yes,
/// no nor a status.
fn accepted(value: &str) -> Option<Decision> {
    let value = crate::analysis::normalize::folded(value.trim());
    if value.is_empty() || NOT_ACCEPTED.contains(&value.as_str()) {
        Some(Decision::No)
    } else if ACCEPTED.contains(&value.as_str()) {
        Some(Decision::Yes(None))
    } else {
        STATUSES
            .binary_search_by_key(&value.as_str(), |(v, _)| v)
            .ok()
            .map(|i| Decision::Yes(Some(STATUSES[i].1)))
    }
}

/// A part of speech as a reviewer writes it in `pos_a`, `pos_b`: the
/// glossary's English names, or the French and Spanish words.
fn parse_pos(value: &str) -> Option<Pos> {
    let value = crate::analysis::normalize::folded(value.trim());
    Some(match value.as_str() {
        "noun" | "nom" | "sustantivo" | "nombre" => Pos::Noun,
        "adjective" | "adjectif" | "adjetivo" => Pos::Adjective,
        "verb" | "verbe" | "verbo" => Pos::Verb,
        "adverb" | "adverbe" | "adverbio" => Pos::Adverb,
        "other" | "autre" | "otro" => Pos::Other,
        _ => return None,
    })
}

/// What a merge is told beside the glossary and the suggestions.
#[derive(Clone, Debug, Default)]
pub struct MergeOptions {
    /// Subject fields every new concept gets.
    pub subjects: Vec<Subject>,
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
/// an admitted term (or with the status the `accept` cell names) with the
/// part of speech of the row's `pos_*` column, else of the term it was
/// paired with, its term note saying `from termalign suggest: …`. Terms are
/// filed in their dictionary form, each change and each form kept as seen
/// for being ambiguous noted in [`RowOutcome::notes`]. A term is "in" a concept when one of the
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
/// A status that would break that rule (a second preferred term, a
/// deprecated term alone in its language) skips the row as
/// [`Outcome::Refused`].
///
/// Errors (a missing column, an `accept` value that is neither yes, no nor
/// a status, a bad language or part of speech, two sides in one language,
/// an empty term in an accepted row) name the file, line and field; on error
/// nothing is merged.
pub fn merge(base: &Glossary, suggestions: &str, path: &Path) -> Result<(Glossary, MergeReport)> {
    merge_with(base, suggestions, path, &MergeOptions::default())
}

/// [`merge`], with what the user told beside the files.
pub fn merge_with(
    base: &Glossary,
    suggestions: &str,
    path: &Path,
    options: &MergeOptions,
) -> Result<(Glossary, MergeReport)> {
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
    let (pos_a_column, pos_b_column) = (column("pos_a"), column("pos_b"));
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
        let wanted = match accepted(accept) {
            Some(Decision::Yes(status)) => status,
            Some(Decision::No) => {
                report.not_accepted += 1;
                continue;
            }
            None => {
                return Err(at(
                    ACCEPT,
                    format!(
                        "{:?} is neither yes nor no: write yes, y, x, 1, true or accept to add the row \
                         (or the status its new term gets: preferred, admitted, deprecated; \
                         privilégié, admis, déconseillé; preferente, admitido, desaconsejado); \
                         no, n, 0, false, reject or nothing to leave it out",
                        accept.trim()
                    ),
                ));
            }
        };
        let lang = |i: usize, field: &str| -> Result<Lang> {
            get(i)
                .parse()
                .map_err(|e: crate::lang::UnknownLang| at(field, e.to_string()))
        };
        let lang_a = lang(lang_a_column, "lang_a")?;
        let lang_b = lang(lang_b_column, "lang_b")?;
        let term_a = get(term_a_column).trim();
        let term_b = get(term_b_column).trim();
        if lang_a == lang_b {
            return Err(at(
                "lang_b",
                format!(
                    "both terms are {} ({term_a:?}, {term_b:?}): a row pairs terms of two languages; \
                     synonyms of one language are added to the glossary by hand",
                    lang_a.name()
                ),
            ));
        }
        let key_a = checked_key(lang_a, term_a).map_err(|m| at("term_a", m))?;
        let key_b = checked_key(lang_b, term_b).map_err(|m| at("term_b", m))?;
        let pos = |column: Option<usize>, field: &str| -> Result<Option<Pos>> {
            let Some(value) = column.map(|i| get(i).trim()).filter(|v| !v.is_empty()) else {
                return Ok(None);
            };
            parse_pos(value).map(Some).ok_or_else(|| {
                at(
                    field,
                    format!(
                        "unknown part of speech {value:?}: write noun, adjective, verb, adverb or other \
                         (or nom, adjectif, verbe; sustantivo, adjetivo, verbo), or leave it empty"
                    ),
                )
            })
        };
        let given_a = pos(pos_a_column, "pos_a")?;
        let given_b = pos(pos_b_column, "pos_b")?;
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
        // A term is looked for as seen, then in its dictionary form, which
        // is what would be filed ("étrangers" is the glossary's "étranger").
        let mut owners_of = |lang: Lang, term: &str, key: &str, given: Option<Pos>| {
            let owners = merger.owners(lang, term, key);
            if !owners.is_empty() {
                return owners;
            }
            let pos = given.unwrap_or_else(|| guess_suggested_pos(lang, term));
            let form = dictionary_form(lang, pos, term).text;
            if form == term {
                return owners;
            }
            merger.owners(lang, &form, &matching_key(&form))
        };
        let owners_a = owners_of(lang_a, term_a, &key_a, given_a);
        let owners_b = owners_of(lang_b, term_b, &key_b, given_b);
        let ids = |owners: &[usize]| -> Vec<String> {
            owners
                .iter()
                .map(|&i| merger.glossary.concepts[i].id.clone())
                .collect()
        };
        let mut notes = Vec::new();
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
            ([], []) if wanted == Some(Status::Deprecated) => Outcome::Refused {
                reason: format!(
                    "{} {term_a:?} and {} {term_b:?} are not in the glossary: a deprecated term is \
                     filed beside the preferred term of a concept the glossary has; accept the row \
                     as preferred or admitted, or add the concept first",
                    lang_a.name(),
                    lang_b.name()
                ),
            },
            ([], []) => {
                // Each term in its dictionary form, of the part of speech
                // the row gives or, failing that, its form suggests.
                // A term given no part of speech takes the other's (a
                // translation names the same kind of thing), and two
                // guesses agree on the adjective when either sees one.
                let (pos_a, pos_b) = match (given_a, given_b) {
                    (Some(a), Some(b)) => (a, b),
                    (Some(a), None) => (a, a),
                    (None, Some(b)) => (b, b),
                    (None, None) => {
                        let (a, b) = (
                            guess_suggested_pos(lang_a, term_a),
                            guess_suggested_pos(lang_b, term_b),
                        );
                        let one_word = !term_a.contains(' ') && !term_b.contains(' ');
                        if one_word && (a == Pos::Adjective || b == Pos::Adjective) {
                            (Pos::Adjective, Pos::Adjective)
                        } else {
                            (a, b)
                        }
                    }
                };
                let text_a = filed_form(lang_a, pos_a, term_a, &mut notes);
                let text_b = filed_form(lang_b, pos_b, term_b, &mut notes);
                // Ids are made from the English term, as the glossary's are.
                let name = if lang_b == Lang::En && lang_a != Lang::En {
                    &text_b
                } else {
                    &text_a
                };
                let id = merger.ids.make(name);
                let i = merger.new_concept(id.clone(), provenance, line, &options.subjects);
                for (lang, text, pos) in [(lang_a, &text_a, pos_a), (lang_b, &text_b, pos_b)] {
                    let key = matching_key(text);
                    let new = NewTerm {
                        lang,
                        text,
                        key: &key,
                        pos,
                    };
                    // The first term of a language in a concept is its
                    // preferred one.
                    let status = Status::Preferred;
                    if wanted == Some(Status::Admitted) {
                        notes.push(format!(
                            "{} {text:?} filed as preferred, not admitted: it is the new concept's first {} term, \
                             and each language of a concept needs a preferred one",
                            lang.name(),
                            lang.name()
                        ));
                    }
                    merger.add_term(i, new, line, String::new(), status);
                }
                Outcome::NewConcept { concept: id }
            }
            ([i], []) | ([], [i]) => {
                let a_found = !owners_a.is_empty();
                let (found_lang, found_key) = if a_found {
                    (lang_a, &key_a)
                } else {
                    (lang_b, &key_b)
                };
                let (new_lang, new_seen, given) = if a_found {
                    (lang_b, term_b, given_b)
                } else {
                    (lang_a, term_a, given_a)
                };
                // The new term names what the term it was paired with names:
                // its part of speech, unless the row gives one.
                let pos = given.unwrap_or_else(|| merger.pos(*i, found_lang, found_key));
                let text = filed_form(new_lang, pos, new_seen, &mut notes);
                let concept = &merger.glossary.concepts[*i];
                let id = concept.id.clone();
                // Its dictionary form may be a term the concept has, which
                // the form seen did not find (a term under a context guard,
                // "coyote", is not found in "coyotes" alone).
                let key = matching_key(&text);
                if concept
                    .terms_in(new_lang)
                    .any(|t| matching_key(&t.text) == key)
                {
                    report.rows.push(RowOutcome {
                        line,
                        lang_a,
                        term_a: term_a.to_string(),
                        lang_b,
                        term_b: term_b.to_string(),
                        outcome: Outcome::Known { concept: id },
                        notes: Vec::new(),
                    });
                    continue;
                }
                let preferred = concept
                    .terms_in(new_lang)
                    .find(|t| t.status == Status::Preferred)
                    .map(|t| t.text.clone());
                let status = match (wanted, preferred) {
                    (Some(Status::Preferred), Some(p)) => Err(format!(
                        "{} {text:?} is not filed as preferred: concept {id} has the preferred {} term {p:?}, \
                         and a concept has one preferred term per language; accept the row as admitted, \
                         or change the glossary by hand",
                        new_lang.name(),
                        new_lang.name()
                    )),
                    (Some(Status::Deprecated), None) => Err(format!(
                        "{} {text:?} is not filed as deprecated: concept {id} has no {} term yet, and a \
                         language needs a preferred term beside a deprecated one; accept the row as \
                         preferred or admitted",
                        new_lang.name(),
                        new_lang.name()
                    )),
                    (Some(status), Some(_)) => Ok(status),
                    (None, Some(_)) => Ok(Status::Admitted),
                    (Some(Status::Admitted), None) => {
                        notes.push(format!(
                            "{} {text:?} filed as preferred, not admitted: concept {id} had no {} term, \
                             and each language of a concept needs a preferred one",
                            new_lang.name(),
                            new_lang.name()
                        ));
                        Ok(Status::Preferred)
                    }
                    (_, None) => Ok(Status::Preferred),
                };
                match status {
                    Err(reason) => Outcome::Refused { reason },
                    Ok(status) => {
                        let key = matching_key(&text);
                        let new = NewTerm {
                            lang: new_lang,
                            text: &text,
                            key: &key,
                            pos,
                        };
                        merger.add_term(*i, new, line, format!("from {provenance}"), status);
                        Outcome::Added {
                            concept: id,
                            lang: new_lang,
                            term: text.clone(),
                            status,
                        }
                    }
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
        if outcome.is_conflict() {
            notes.clear();
        }
        report.rows.push(RowOutcome {
            line,
            lang_a,
            term_a: term_a.to_string(),
            lang_b,
            term_b: term_b.to_string(),
            outcome,
            notes,
        });
    }
    report.findings = lint_merged(&merger.glossary, &merger.origins, path);
    Ok((merger.glossary, report))
}

/// The form a term seen as `seen` is filed in: its dictionary form, with a
/// note when that differs from what was seen or when a word reads two ways
/// and was kept as seen.
fn filed_form(lang: Lang, pos: Pos, seen: &str, notes: &mut Vec<String>) -> String {
    let form = dictionary_form(lang, pos, seen);
    if !form.ambiguous.is_empty() {
        notes.push(format!(
            "{} {seen:?} filed as seen: {} may be singular or plural; check it in the merged glossary",
            lang.name(),
            form.ambiguous
                .iter()
                .map(|w| format!("{w:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if form.text != seen {
        notes.push(format!(
            "{} {seen:?} filed in its dictionary form {:?} ({})",
            lang.name(),
            form.text,
            pos.as_str()
        ));
    }
    form.text
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
