//! The column layouts translators' tools import (`--profile`), each a list
//! of columns ([`Profile::columns`]) that the writer writes and the reader
//! reads back.
//!
//! What the tools' own documentation says, and what is our choice (the
//! README's "Spreadsheet profiles" says the same to the user):
//!
//! - **memoQ** imports Excel term bases directly and maps columns to its
//!   fields by their names. `Entry_ID`, `Entry_Subject` and `Entry_Note` are
//!   the entry-level column names of memoQ's own CSV term base format (memoQ
//!   API documentation, "Term base in CSV format"); the language columns are
//!   named by the language's English name (`English`). The language-level
//!   definition column `English_Def` and the status column `English_Status`
//!   follow memoQ's `<Language>_<field>` naming but are not confirmed from
//!   memoQ's documentation: map them in memoQ's import window if it does not.
//!   memoQ has no entry-level source: the source goes to `Entry_Note`.
//! - **Phrase** (TMS) imports XLSX term bases with a locale-code header per
//!   language (`en`, `fr`, `es`, confirmed); it keeps a term's "preferred" and
//!   "forbidden" flags (confirmed, as booleans in its own exports). The names
//!   `en_definition`, `en_status`, `concept_id`, `subject`, `source` are ours,
//!   not confirmed.
//! - **Trados** through Glossary Converter (to MultiTerm): language columns
//!   named by the language (Glossary Converter recognises language names,
//!   confirmed), synonyms in one cell separated by `|` (Trados's documented
//!   default), other columns become descriptive fields (confirmed: "field
//!   columns are also permitted"). The field names (`ID`, `Subject`,
//!   `Definition`, `Source`, `English Status`) are ours.
//! - **XTM** imports XLS/XLSX with language-code headers for the term
//!   columns (confirmed) and term statuses VALID, NOT_APPROVED, REJECTED,
//!   FORBIDDEN (confirmed). The locale codes `en_GB`, `fr_FR`, `es_ES` and
//!   the other column names (`en_GB_status`, `Concept ID`…) are ours, not
//!   confirmed. XTM has no preferred/admitted distinction: both are VALID,
//!   and the first VALID term of a language reads back as its preferred term.
//! - **IATE**'s "Import new entries" template has one row per term, rows of
//!   one entry sharing an `ID`, and requires Domain, Language code, Term,
//!   Term reference, Reliability and Term type (confirmed, IATE online help).
//!   The exact header spelling and the optional `Evaluation`, `Definition`
//!   and `Term note` columns are not confirmed. Reliability is written `3`
//!   (reliable), or `1` (not verified) for a term whose note starts with
//!   `unverified`; Term type `Term`; Domain holds our subject codes, which
//!   IATE will want mapped to its own domains.
//!
//! In the one-row-per-concept layouts (all but IATE), a language's terms
//! share a cell, separated by `|`, and so do their statuses in the status
//! column, in the same order; parts of speech, regions, guards, term notes
//! and related concepts are not carried (the native layout carries all).

use std::collections::HashMap;
use std::path::Path;
use std::str::FromStr;

use super::{Sheet, error_at};
use crate::error::Result;
use crate::glossary::{
    Concept, ConceptIds, Glossary, Pos, Status, Subject, Term, term_length_problem,
};
use crate::lang::Lang;

/// A tool's column layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Profile {
    Memoq,
    Phrase,
    Trados,
    Xtm,
    IateImport,
}

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Col {
    /// The concept id.
    Id,
    /// The concept's subject codes, joined by `|`.
    Subject,
    /// The concept note (a definition).
    Definition,
    /// The concept's source.
    Source,
    /// A language's terms, joined by [`SEPARATOR`].
    Terms(Lang),
    /// Their statuses, in the same order.
    Statuses(Lang),
    /// One term a row: its language,
    Language,
    /// its text,
    Term,
    /// its status,
    Evaluation,
    /// IATE's term type,
    TermType,
    /// IATE's reliability code,
    Reliability,
    /// its note.
    TermNote,
}

/// Between the terms of a language in one cell.
pub(super) const SEPARATOR: char = '|';

impl Profile {
    pub const ALL: [Profile; 5] = [
        Profile::Memoq,
        Profile::Phrase,
        Profile::Trados,
        Profile::Xtm,
        Profile::IateImport,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Profile::Memoq => "memoq",
            Profile::Phrase => "phrase",
            Profile::Trados => "trados",
            Profile::Xtm => "xtm",
            Profile::IateImport => "iate-import",
        }
    }

    /// The columns, in order, with their headers.
    pub(super) fn columns(self) -> Vec<(String, Col)> {
        let mut out: Vec<(String, Col)> = Vec::new();
        let mut push = |h: String, c: Col| out.push((h, c));
        match self {
            Profile::Memoq => {
                push("Entry_ID".into(), Col::Id);
                push("Entry_Subject".into(), Col::Subject);
                push("Entry_Note".into(), Col::Source);
                push("English_Def".into(), Col::Definition);
                for lang in Lang::ALL {
                    push(lang.name().into(), Col::Terms(lang));
                    push(format!("{}_Status", lang.name()), Col::Statuses(lang));
                }
            }
            Profile::Phrase => {
                push("concept_id".into(), Col::Id);
                push("subject".into(), Col::Subject);
                push("source".into(), Col::Source);
                for lang in Lang::ALL {
                    push(lang.code().into(), Col::Terms(lang));
                    if lang == Lang::En {
                        push("en_definition".into(), Col::Definition);
                    }
                    push(format!("{}_status", lang.code()), Col::Statuses(lang));
                }
            }
            Profile::Trados => {
                push("ID".into(), Col::Id);
                push("Subject".into(), Col::Subject);
                push("Definition".into(), Col::Definition);
                push("Source".into(), Col::Source);
                for lang in Lang::ALL {
                    push(lang.name().into(), Col::Terms(lang));
                    push(format!("{} Status", lang.name()), Col::Statuses(lang));
                }
            }
            Profile::Xtm => {
                push("Concept ID".into(), Col::Id);
                push("Subject".into(), Col::Subject);
                push("Definition".into(), Col::Definition);
                push("Source".into(), Col::Source);
                for lang in Lang::ALL {
                    push(xtm_locale(lang).into(), Col::Terms(lang));
                    push(format!("{}_status", xtm_locale(lang)), Col::Statuses(lang));
                }
            }
            Profile::IateImport => {
                for (h, c) in [
                    ("ID", Col::Id),
                    ("Domain", Col::Subject),
                    ("Language code", Col::Language),
                    ("Term", Col::Term),
                    ("Term type", Col::TermType),
                    ("Reliability", Col::Reliability),
                    ("Evaluation", Col::Evaluation),
                    ("Term reference", Col::Source),
                    ("Definition", Col::Definition),
                    ("Term note", Col::TermNote),
                ] {
                    push(h.into(), c);
                }
            }
        }
        out
    }

    /// Whether the layout has one row per term (else one per concept).
    pub(super) fn by_term(self) -> bool {
        self == Profile::IateImport
    }

    /// The profile whose layout a header is: every header cell is one of the
    /// profile's columns, the columns it cannot do without are there, and
    /// some column is not a term column (a header of language columns only
    /// is a Google glossary's).
    pub fn detect(header: &[String]) -> Option<Profile> {
        let cells: Vec<&str> = header
            .iter()
            .map(|h| h.trim())
            .filter(|h| !h.is_empty())
            .collect();
        Profile::ALL.into_iter().find(|p| {
            let columns = p.columns();
            let col = |h: &str| columns.iter().find(|(name, _)| name == h).map(|c| c.1);
            let known = cells.iter().all(|h| col(h).is_some());
            let needed = if p.by_term() {
                cells.contains(&"Language code") && cells.contains(&"Term") && cells.contains(&"ID")
            } else {
                cells.iter().any(|h| matches!(col(h), Some(Col::Terms(_))))
            };
            let more = cells.iter().any(|h| !matches!(col(h), Some(Col::Terms(_))));
            known && needed && more
        })
    }

    /// How a status is written.
    pub(super) fn status_word(self, status: Status) -> &'static str {
        match (self, status) {
            (Profile::Phrase, Status::Admitted) => "approved",
            (Profile::Phrase, Status::Deprecated) => "forbidden",
            (Profile::Xtm, Status::Preferred | Status::Admitted) => "VALID",
            (Profile::Xtm, Status::Deprecated) => "FORBIDDEN",
            (_, status) => status.as_str(),
        }
    }

    /// The words a status column may hold, for its drop-down list.
    pub(super) fn status_words(self) -> &'static [&'static str] {
        match self {
            Profile::Phrase => &["preferred", "approved", "forbidden"],
            Profile::Xtm => &["VALID", "NOT_APPROVED", "REJECTED", "FORBIDDEN"],
            _ => &["preferred", "admitted", "deprecated"],
        }
    }

    /// A status read back; `first`: the term is its language's first in
    /// the concept (an empty status, or XTM's VALID, is then preferred).
    fn parse_status(self, word: &str, first: bool) -> std::result::Result<Status, String> {
        let lower = word.trim().to_lowercase();
        let valid = if first {
            Status::Preferred
        } else {
            Status::Admitted
        };
        Ok(match lower.as_str() {
            "" => valid,
            "valid" if self == Profile::Xtm => valid,
            "not_approved" if self == Profile::Xtm => Status::Admitted,
            "rejected" | "forbidden" if self == Profile::Xtm => Status::Deprecated,
            "approved" if self == Profile::Phrase => Status::Admitted,
            "forbidden" if self == Profile::Phrase => Status::Deprecated,
            other => other.parse().map_err(|_| {
                format!(
                    "unknown status {word:?}: expected {}",
                    self.status_words().join(", ")
                )
            })?,
        })
    }
}

fn xtm_locale(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en_GB",
        Lang::Fr => "fr_FR",
        Lang::Es => "es_ES",
    }
}

impl FromStr for Profile {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Profile, String> {
        Profile::ALL
            .into_iter()
            .find(|p| p.name() == s)
            .ok_or_else(|| {
                format!(
                    "unknown profile {s:?}: expected {}",
                    Profile::ALL.map(Profile::name).join(", ")
                )
            })
    }
}

/// Reads a sheet in `profile`'s layout; every error names its cell.
pub(super) fn read(sheet: &Sheet, profile: Profile, path: &Path) -> Result<Glossary> {
    let (_, header) = sheet.header(path)?;
    let columns = profile.columns();
    // Where each kind of column is in this sheet.
    let at: Vec<(usize, Col)> = header
        .iter()
        .enumerate()
        .filter_map(|(i, h)| {
            let h = h.trim();
            columns.iter().find(|(n, _)| n == h).map(|&(_, c)| (i, c))
        })
        .collect();
    let find = |c: Col| at.iter().find(|&&(_, k)| k == c).map(|&(i, _)| i);
    let name_of = |c: Col| {
        columns
            .iter()
            .find(|&&(_, k)| k == c)
            .map_or("", |(n, _)| n.as_str())
    };
    let mut glossary = Glossary {
        path: path.to_path_buf(),
        concepts: Vec::new(),
    };
    let mut ids = ConceptIds::default();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (row, cells) in sheet.rows.iter().skip(1) {
        let row = *row;
        let get = |c: Col| find(c).and_then(|i| cells.get(i)).map_or("", |s| s.trim());
        let err = |c: Col, message: String| {
            error_at(path, &sheet.name, row, find(c), Some(name_of(c)), message)
        };
        let subjects = Subject::parse_list(get(Col::Subject)).map_err(|e| err(Col::Subject, e))?;
        let line = u64::from(row);
        if profile.by_term() {
            let id = get(Col::Id);
            if id.is_empty() {
                return Err(err(
                    Col::Id,
                    "empty ID: the rows of one entry share an ID".into(),
                ));
            }
            let code = get(Col::Language);
            let lang = crate::formats::google::header_language(code).ok_or_else(|| {
                err(
                    Col::Language,
                    format!("unknown language {code:?}: expected en, fr or es"),
                )
            })?;
            let text = get(Col::Term);
            check_term(text, lang, id).map_err(|m| err(Col::Term, m))?;
            let i = *index.entry(id.to_string()).or_insert_with(|| {
                ids.take(id);
                glossary.concepts.push(Concept {
                    line,
                    ..Concept::new(id, Vec::new())
                });
                glossary.concepts.len() - 1
            });
            let concept = &mut glossary.concepts[i];
            let first = !concept.terms.iter().any(|t| t.lang == lang);
            let status = profile
                .parse_status(get(Col::Evaluation), first)
                .map_err(|m| err(Col::Evaluation, m))?;
            fill(&mut concept.note, get(Col::Definition));
            fill(&mut concept.source, get(Col::Source));
            if concept.subjects.is_empty() {
                concept.subjects = subjects;
            }
            concept.terms.push(Term {
                note: get(Col::TermNote).to_string(),
                line,
                ..Term::new(lang, text, status, Pos::Noun)
            });
            continue;
        }
        let mut terms = Vec::new();
        for lang in Lang::ALL {
            let statuses: Vec<&str> = get(Col::Statuses(lang)).split(SEPARATOR).collect();
            // A term's status is the one in the same place: an empty
            // alternative (`asylum||haven`) keeps its slot, so "haven"
            // takes the third status, not the second.
            let mut kept = 0;
            for (k, text) in get(Col::Terms(lang)).split(SEPARATOR).enumerate() {
                let text = text.trim();
                if text.is_empty() {
                    continue;
                }
                kept += 1;
                check_term(text, lang, "").map_err(|m| err(Col::Terms(lang), m))?;
                let status = profile
                    .parse_status(statuses.get(k).copied().unwrap_or(""), kept == 1)
                    .map_err(|m| err(Col::Statuses(lang), m))?;
                terms.push(Term {
                    line,
                    ..Term::new(lang, text, status, Pos::Noun)
                });
            }
        }
        let Some(first) = terms.first() else {
            // A row with something in it but no term would be lost: named.
            if !get(Col::Id).is_empty() || !get(Col::Definition).is_empty() {
                return Err(err(
                    Col::Terms(Lang::En),
                    "a concept with no term in any language: give its terms, or delete the row"
                        .to_string(),
                ));
            }
            continue;
        };
        let id = match get(Col::Id) {
            "" => ids.make(&first.text),
            id if ids.take(id) => id.to_string(),
            id => {
                return Err(err(
                    Col::Id,
                    format!("concept {id} again: each row is one concept"),
                ));
            }
        };
        glossary.concepts.push(Concept {
            note: get(Col::Definition).to_string(),
            source: get(Col::Source).to_string(),
            subjects,
            line,
            ..Concept::new(id, terms)
        });
    }
    Ok(glossary)
}

fn fill(field: &mut String, value: &str) {
    if field.is_empty() {
        field.push_str(value);
    }
}

fn check_term(text: &str, lang: Lang, id: &str) -> std::result::Result<(), String> {
    if text.is_empty() {
        let of = if id.is_empty() {
            String::new()
        } else {
            format!(" for concept {id}")
        };
        return Err(format!("empty {} term{of}", lang.name()));
    }
    match term_length_problem(text) {
        Some(problem) => Err(problem),
        None => Ok(()),
    }
}
