//! The glossary linter: every problem in a glossary file, each with its file
//! and line, instead of stopping at the first as loading does.

use crate::input::strip_bom;
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::analysis::detect::Detector;
use crate::analysis::normalize::fold_key;
use crate::analysis::tokenize::tokenize;
use crate::formats::csv::{
    CSV_COLUMNS, REQUIRED_COLUMNS, column_positions, duplicate_columns, row_fields,
};
use crate::glossary::{Glossary, Guard, Pos, Status, Subject, check_region, split_ids};
use crate::lang::Lang;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, at a line of a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub path: PathBuf,
    pub line: u64,
    pub severity: Severity,
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "",
            Severity::Warning => "warning: ",
        };
        // A line for people: the file's name and what the message quotes
        // from it printed so that neither can break the line.
        write!(
            f,
            "{}:{}: {severity}{}",
            crate::printable::path(&self.path),
            self.line,
            crate::printable::text(&self.message)
        )
    }
}

/// The key two terms share when the matcher cannot tell them apart: the
/// accent-folded lowercase keys of their words, joined by one space (so
/// hyphens, apostrophe shapes, case and accents do not count).
pub fn matching_key(term: &str) -> String {
    let mut key = String::new();
    let mut folded = String::new();
    for tok in tokenize(term).tokens {
        fold_key(
            &crate::analysis::normalize::lower(tok.text(term)),
            &mut folded,
        );
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(&folded);
    }
    key
}

struct Findings {
    path: PathBuf,
    list: Vec<Finding>,
}

impl Findings {
    fn error(&mut self, line: u64, message: String) {
        self.push(line, Severity::Error, message);
    }

    fn push(&mut self, line: u64, severity: Severity, message: String) {
        self.list.push(Finding {
            path: self.path.clone(),
            line,
            severity,
            message,
        });
    }
}

/// Whether a concept id is lowercase ASCII kebab-case (`migrant-smuggling`):
/// stable in URLs, file names and as an XML ID.
fn is_kebab_id(id: &str) -> bool {
    !id.is_empty()
        && id.starts_with(|c: char| c.is_ascii_lowercase())
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// Stray whitespace or control characters in a field.
fn whitespace_problem(value: &str) -> Option<&'static str> {
    if value.chars().any(|c| c.is_control()) {
        Some("a control character (tab, line break…)")
    } else if value != value.trim() {
        Some("leading or trailing whitespace")
    } else if value.contains("  ") {
        Some("a doubled space")
    } else if value.chars().any(|c| c.is_whitespace() && c != ' ') {
        Some("a non-ASCII space (no-break, thin…)")
    } else {
        None
    }
}

/// A row's values, each checked: what [`check_row`] hands back.
struct Row {
    id: String,
    lang: Lang,
    term: String,
    status: Status,
    pos: Pos,
    region: String,
    guard: Guard,
    term_note: String,
    concept_note: String,
    source: String,
    subjects: Vec<Subject>,
    related: String,
}

/// The checks on one row of the native format, for a row read from a file
/// and for a row of a glossary in memory as it would be written: every
/// field's whitespace (`named` gives each column's name and value), then
/// each value. The row, if it can go into the glossary.
fn check_row<'a>(
    out: &mut Findings,
    line: u64,
    named: impl Iterator<Item = (&'a str, &'a str)>,
    fields: [&str; 12],
) -> Option<Row> {
    for (name, value) in named {
        if let Some(problem) = whitespace_problem(value) {
            out.error(line, format!("field {name}: {problem} in {value:?}"));
        }
    }
    let [
        id,
        lang,
        term,
        status,
        pos,
        region,
        guard,
        term_note,
        concept_note,
        source,
        subject,
        related,
    ] = fields.map(str::to_string);
    let mut ok = true;
    if !is_kebab_id(&id) {
        out.error(
            line,
            format!("concept id {id:?} is not lowercase kebab-case (like migrant-smuggling)"),
        );
        ok &= !id.is_empty();
    }
    // The file format takes the codes only, though the loader is lenient.
    let lang: Option<Lang> = match lang.as_str() {
        "en" | "fr" | "es" => lang.parse().ok(),
        _ => {
            out.error(
                line,
                format!("unknown language {lang:?}: expected one of en, fr, es"),
            );
            None
        }
    };
    let status: Option<Status> = status.parse().map_err(|e: String| out.error(line, e)).ok();
    let pos: Option<Pos> = pos.parse().map_err(|e: String| out.error(line, e)).ok();
    let guard: Option<Guard> = guard.parse().map_err(|e: String| out.error(line, e)).ok();
    let subjects = Subject::parse_list(&subject)
        .map_err(|e| out.error(line, e))
        .unwrap_or_default();
    if let (Some(lang), false) = (lang, region.is_empty())
        && let Err(e) = check_region(lang, &region)
    {
        out.error(line, e);
    }
    if term.trim().is_empty() {
        out.error(line, format!("empty term for concept {id}"));
        ok = false;
    } else if let Some(problem) = crate::glossary::term_length_problem(&term) {
        out.error(line, problem);
        ok = false;
    } else if let Some(lang) = lang
        && let Some(problem) = term_problem(lang, &term)
    {
        out.error(line, format!("field term: {problem}"));
    }
    let (Some(lang), Some(status), Some(pos), Some(guard), true) = (lang, status, pos, guard, ok)
    else {
        return None;
    };
    Some(Row {
        id,
        lang,
        term,
        status,
        pos,
        region,
        guard,
        term_note,
        concept_note,
        source,
        subjects,
        related,
    })
}

/// Why a term can never be found in a text, if it cannot: the one rule for
/// `glossary lint`, which reports such a term, and `glossary merge`, which
/// refuses it. A term needs a word the matcher reads (punctuation alone has
/// none), and no invisible format character: a soft hyphen, a zero-width
/// space or a bidirectional control is dropped from a text's words but
/// splits the term's, so "ab\u{ad}cd" would find "ab cd" and never itself.
pub fn term_problem(lang: Lang, term: &str) -> Option<String> {
    if term.is_empty() {
        return Some(format!("empty {} term", lang.name()));
    }
    if let Some(problem) = crate::glossary::term_length_problem(term) {
        return Some(format!("{} {problem}", lang.name()));
    }
    if let Some(c) = term.chars().find(|&c| is_invisible(c)) {
        return Some(format!(
            "{} term {term:?} holds U+{:04X}, an invisible format character no text is matched with; remove it",
            lang.name(),
            c as u32
        ));
    }
    if matching_key(term).is_empty() {
        return Some(format!(
            "{} term {term:?} has no word the matcher could find",
            lang.name()
        ));
    }
    None
}

/// Unicode's format characters (general category Cf): invisible, and read
/// as a break between words.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{600}'..='\u{605}'
            | '\u{61c}'
            | '\u{6dd}'
            | '\u{70f}'
            | '\u{890}'..='\u{891}'
            | '\u{8e2}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206f}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{110bd}'
            | '\u{110cd}'
            | '\u{13430}'..='\u{1343f}'
            | '\u{1bca0}'..='\u{1bca3}'
            | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0001}'
            | '\u{e0020}'..='\u{e007f}'
    )
}

/// Lints a glossary in memory as `glossary lint` lints the native CSV it
/// is written to (`Glossary::write_csv`), row by row, each finding at the
/// line of the term or concept it is about (`Term::line`, `Concept::line`).
pub fn lint_model(glossary: &Glossary) -> Vec<Finding> {
    let mut out = Findings {
        path: glossary.path.clone(),
        list: Vec::new(),
    };
    for concept in &glossary.concepts {
        let subjects = Subject::join(&concept.subjects);
        let related = concept.related.join("|");
        for (i, term) in concept.terms.iter().enumerate() {
            let fields = crate::formats::csv::csv_row(concept, i, &subjects, &related);
            check_row(
                &mut out,
                term.line,
                CSV_COLUMNS.iter().copied().zip(fields),
                fields,
            );
        }
    }
    out.list.extend(lint_glossary(glossary));
    out.list.sort_by_key(|f| (f.line, f.severity));
    out.list
}

/// Lints a glossary in the native CSV format.
pub fn lint_csv(text: &str, path: &Path) -> Vec<Finding> {
    let mut out = Findings {
        path: path.to_path_buf(),
        list: Vec::new(),
    };
    let text = strip_bom(text);
    if let Err(crate::Error::Format { at, message }) = crate::input::check_csv_quotes(text, path) {
        out.error(at.line.unwrap_or(1), message);
        return out.list;
    }
    let delimiter = crate::input::sniff_delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            out.error(1, format!("unreadable header: {e}"));
            return out.list;
        }
    };
    let columns = column_positions(&headers);
    for (name, index) in CSV_COLUMNS.iter().zip(&columns) {
        if index.is_none() && REQUIRED_COLUMNS.contains(name) {
            out.error(
                1,
                format!(
                    "missing column {name:?} (read with {} as the delimiter)",
                    crate::input::delimiter_name(delimiter)
                ),
            );
        }
    }
    for h in duplicate_columns(&headers) {
        out.error(1, format!("duplicate column {h:?}: each column once"));
    }
    for h in headers.iter() {
        if !CSV_COLUMNS.contains(&h) {
            out.push(
                1,
                Severity::Warning,
                format!("unknown column {h:?} is ignored"),
            );
        }
    }
    if out.list.iter().any(|f| f.severity == Severity::Error) {
        return out.list;
    }
    let mut glossary = Glossary {
        path: path.to_path_buf(),
        concepts: Vec::new(),
    };
    // Each concept's index, the line its block of rows started at and the
    // line the last of its rows is at.
    let mut blocks: HashMap<String, (usize, u64, u64)> = HashMap::new();
    let mut previous_id = String::new();
    let mut lines = crate::input::CsvLines::new(text);
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = crate::input::csv_line(text, e.position());
                out.error(line, format!("unreadable row: {e}"));
                return out.list;
            }
        };
        let line = lines.line(record.position());
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if record.len() != headers.len() {
            out.error(
                line,
                format!("expected {} fields, found {}", headers.len(), record.len()),
            );
            continue;
        }
        let Some(Row {
            id,
            lang,
            term,
            status,
            pos,
            region,
            guard,
            term_note,
            concept_note,
            source,
            subjects,
            related,
        }) = check_row(
            &mut out,
            line,
            headers.iter().zip(record.iter()),
            row_fields(&record, &columns),
        )
        else {
            continue;
        };
        // A concept's rows come in one block.
        if id != previous_id {
            if let Some(&(_, first, last)) = blocks.get(&id) {
                out.error(
                    line,
                    format!(
                        "duplicate concept id {id}: already used at {}; keep a concept's rows together",
                        if first == last {
                            format!("line {first}")
                        } else {
                            format!("lines {first}–{last}")
                        }
                    ),
                );
            }
            previous_id = id.clone();
        }
        let next_index = glossary.concepts.len();
        let block = blocks.entry(id.clone()).or_insert((next_index, line, line));
        let index = block.0;
        block.2 = line;
        if index == next_index {
            glossary.concepts.push(crate::glossary::Concept {
                note: concept_note.clone(),
                source: source.clone(),
                subjects,
                related: split_ids(&related),
                line,
                ..crate::glossary::Concept::new(id.clone(), Vec::new())
            });
        } else {
            let concept = &glossary.concepts[index];
            let kept_subjects = Subject::join(&concept.subjects);
            let kept_related = concept.related.join("|");
            let given_subjects = Subject::join(&subjects);
            let given_related = split_ids(&related).join("|");
            for (name, given, kept) in [
                ("concept_note", &concept_note, &concept.note),
                ("source", &source, &concept.source),
                ("subject", &given_subjects, &kept_subjects),
                ("related", &given_related, &kept_related),
            ] {
                if !given.is_empty() && !kept.is_empty() && given != kept {
                    out.error(
                        line,
                        format!(
                            "{name} of concept {id} differs from the one at line {}; give it once, on the concept's first row",
                            concept.line
                        ),
                    );
                }
            }
        }
        glossary.concepts[index].terms.push(crate::glossary::Term {
            region,
            guard,
            note: term_note,
            line,
            ..crate::glossary::Term::new(lang, term, status, pos)
        });
    }
    out.list.extend(lint_glossary(&glossary));
    out.list.sort_by_key(|f| (f.line, f.severity));
    out.list
}

/// How sure detection must be that a term is in another of our languages
/// than the one it is filed under for `glossary lint` to warn. High: a term
/// is a few words, and detection reads a text. (A term detected as none of
/// ours, a name or a loanword, is never warned about.)
pub const OTHER_LANGUAGE_CONFIDENCE: f64 = 0.9;

/// Warns of each term that reads as another of our languages than its own:
/// a French term filed as Spanish, a column pasted into the wrong one. Two
/// signs must agree: the term's function words ("d'", "dont", "with") lead
/// for that language and not for its own ([`Detector::agrees_with`]), and
/// detection gives that language with at least
/// [`OTHER_LANGUAGE_CONFIDENCE`]. Detection alone is not enough on a few
/// words of shared vocabulary: it read 48 terms of the shipped glossary as
/// another language ("migration route",
/// "durable solution" as French; acronyms; "de jure", "in situ"), none of
/// them misfiled. Nor is an acronym (no lowercase letter), or a term spelt
/// as one of its concept's terms in the language it reads as (accents and
/// case aside: "migrant" in English and French).
fn wrong_language_terms(out: &mut Findings, glossary: &Glossary) {
    let detector = Detector::new();
    for concept in &glossary.concepts {
        for term in &concept.terms {
            // An acronym is no language's words, though it may spell one
            // ("SES", French "ses"). Then function words: cheap, and most
            // terms have none.
            let text = term.text.as_str();
            if !text.chars().any(char::is_lowercase) {
                continue;
            }
            let counts = detector.sample_counts(text);
            if Detector::agrees_counted(&counts, term.lang) {
                continue;
            }
            let Some(read) = Lang::ALL
                .into_iter()
                .find(|&lang| lang != term.lang && Detector::agrees_counted(&counts, lang))
            else {
                continue;
            };
            let detection = detector.detect(text);
            if detection.lang != Some(read) || detection.confidence < OTHER_LANGUAGE_CONFIDENCE {
                continue;
            }
            let key = matching_key(text);
            if concept.terms_in(read).any(|t| matching_key(&t.text) == key) {
                continue;
            }
            out.push(
                term.line,
                Severity::Warning,
                format!(
                    "term {:?} (concept {}) is filed as {} but reads as {} (confidence {:.2})",
                    term.text,
                    concept.id,
                    term.lang.name(),
                    read.name(),
                    detection.confidence
                ),
            );
        }
    }
}

/// The checks that hold for a glossary whatever its file format: one
/// preferred term per language, a term under one concept only, no two terms
/// of a concept the matcher cannot tell apart, no term that plainly reads as
/// another language than its own (a warning).
pub fn lint_glossary(glossary: &Glossary) -> Vec<Finding> {
    let mut out = Findings {
        path: glossary.path.clone(),
        list: Vec::new(),
    };
    // (lang, key) → (concept id, term, line) of the first term with that key.
    let mut owners: HashMap<(Lang, String), (&str, &str, u64)> = HashMap::new();
    // A bilingual glossary (DeepL, OmegaT) is checked in its two languages.
    let langs: Vec<Lang> = Lang::ALL
        .into_iter()
        .filter(|&l| {
            glossary
                .concepts
                .iter()
                .any(|c| c.terms_in(l).next().is_some())
        })
        .collect();
    let by_id: HashMap<&str, &crate::glossary::Concept> = glossary
        .concepts
        .iter()
        .map(|c| (c.id.as_str(), c))
        .collect();
    let related = |a: &str, b: &str| {
        let lists = |x: &str, y: &str| {
            by_id
                .get(x)
                .is_some_and(|c| c.related.iter().any(|r| r == y))
        };
        lists(a, b) || lists(b, a)
    };
    for concept in &glossary.concepts {
        for other in &concept.related {
            if other == &concept.id {
                out.error(
                    concept.line,
                    format!("concept {} lists itself as related", concept.id),
                );
            } else if let Some(back) = by_id.get(other.as_str()) {
                if !back.related.iter().any(|r| r == &concept.id) {
                    out.push(
                        concept.line,
                        Severity::Warning,
                        format!(
                            "concept {} lists {other} as related, but {other} does not list {}: a relation goes both ways",
                            concept.id, concept.id
                        ),
                    );
                }
            } else {
                out.error(
                    concept.line,
                    format!(
                        "concept {} is related to {other:?}, which is not a concept of this glossary",
                        concept.id
                    ),
                );
            }
        }
        for &lang in &langs {
            let preferred: Vec<_> = concept
                .terms_in(lang)
                .filter(|t| t.status == Status::Preferred)
                .collect();
            match preferred.as_slice() {
                // A concept not yet named in a language is work to do, not
                // a broken glossary.
                [] if concept.terms_in(lang).next().is_none() => out.push(
                    concept.line,
                    Severity::Warning,
                    format!("concept {} has no {} term yet", concept.id, lang.name()),
                ),
                [] => out.error(
                    concept.line,
                    format!(
                        "concept {} has no preferred {} term",
                        concept.id,
                        lang.name()
                    ),
                ),
                [_] => {}
                [first, second, ..] => out.error(
                    second.line,
                    format!(
                        "concept {} has two preferred {} terms: {:?} (line {}) and {:?}",
                        concept.id,
                        lang.name(),
                        first.text,
                        first.line,
                        second.text
                    ),
                ),
            }
        }
        let mut own: HashMap<(Lang, String), &crate::glossary::Term> = HashMap::new();
        for term in &concept.terms {
            let key = matching_key(&term.text);
            if let Some(other) = own.get(&(term.lang, key.clone())) {
                out.error(
                    term.line,
                    format!(
                        "{:?} and {:?} (line {}) of concept {} have the same matching key {key:?}; keep one",
                        term.text, other.text, other.line, concept.id
                    ),
                );
                continue;
            }
            own.insert((term.lang, key.clone()), term);
            match owners.get(&(term.lang, key.clone())) {
                // A designation two related concepts share (fr "expulsion"
                // for deportation and expulsion), said so in a note.
                Some(&(owner, _, _))
                    if owner != concept.id
                        && related(concept.id.as_str(), owner)
                        && !term.note.is_empty() => {}
                Some(&(owner, text, line)) if owner != concept.id => out.error(
                    term.line,
                    format!(
                        "{} term {:?} is filed under two concepts: {} (here) and {owner} ({text:?}, line {line}); to share it, relate the two concepts and give the term a note",
                        term.lang.name(),
                        term.text,
                        concept.id
                    ),
                ),
                Some(_) => {}
                None => {
                    owners.insert((term.lang, key), (&concept.id, &term.text, term.line));
                }
            }
        }
    }
    wrong_language_terms(&mut out, glossary);
    out.list.sort_by_key(|f| (f.line, f.severity));
    out.list
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "concept,lang,term,status,pos,term_note,concept_note,source\n";

    fn lint(rows: &str) -> Vec<String> {
        lint_csv(&format!("{HEADER}{rows}"), Path::new("g.csv"))
            .iter()
            .map(|f| f.to_string())
            .collect()
    }

    fn complete(id: &str, en: &str, fr: &str, es: &str) -> String {
        format!(
            "{id},en,{en},preferred,noun,,,\n{id},fr,{fr},preferred,noun,,,\n{id},es,{es},preferred,noun,,,\n"
        )
    }

    #[test]
    fn the_shipped_glossary_is_clean() {
        let findings = lint_csv(crate::glossary::BUILTIN_CSV, Path::new("migration.csv"));
        assert!(findings.is_empty(), "{findings:#?}");
    }

    #[test]
    fn a_clean_glossary_has_no_findings() {
        assert_eq!(
            lint(&complete("refugee", "refugee", "réfugié", "refugiado")),
            Vec::<String>::new()
        );
    }

    #[test]
    fn row_problems_are_reported_with_their_line() {
        let rows = "x,de,foo,preferred,noun,,,\n\
                    x,en,,preferred,noun,,,\n\
                    x,en,foo,favoured,thing,,,\n\
                    x,en, foo,preferred,noun,,,\n\
                    X_1,en,bar,preferred,noun,,,\n\
                    x,en,a\u{7}b,preferred,noun,,,\n\
                    x,en\n";
        let got = lint(rows);
        let want = [
            "g.csv:2: unknown language \"de\": expected one of en, fr, es",
            "g.csv:3: empty term for concept x",
            "g.csv:4: unknown status \"favoured\": expected preferred, admitted or deprecated",
            "g.csv:4: unknown part of speech \"thing\": expected noun, verb, adjective, adverb or other",
            "g.csv:5: field term: leading or trailing whitespace in \" foo\"",
            "g.csv:6: concept id \"X_1\" is not lowercase kebab-case (like migrant-smuggling)",
            "g.csv:7: field term: a control character (tab, line break…) in \"a\\u{7}b\"",
            "g.csv:8: expected 8 fields, found 2",
        ];
        for w in want {
            assert!(got.iter().any(|g| g == w), "missing {w:?} in {got:#?}");
        }
    }

    #[test]
    fn a_term_reading_as_another_language_is_warned_about() {
        let rows = complete(
            "rejected-asylum-seeker",
            "rejected asylum seeker",
            "débouté du droit d'asile",
            "demandeur d'asile dont la demande a été rejetée",
        ) + &complete(
            "unaccompanied-child",
            "unaccompanied child",
            "child who is not with his family",
            "niño no acompañado",
        ) + &complete(
            "idp",
            "person who is displaced within the borders of the country",
            "personne déplacée à l'intérieur de son propre pays",
            "desplazado interno",
        ) + &complete(
            // Spelt alike in two languages: not a wrong column.
            "separated-child",
            "child who is not with the parents",
            "Child who is not with the parents",
            "niño separado",
        ) + &complete(
            // An acronym that spells a French word, in Spanish.
            "entry-exit-system",
            "Entry/Exit System",
            "système d'entrée/de sortie",
            "SES",
        ) + &complete(
            // No function word: shared vocabulary, whatever detection says.
            "durable-solution",
            "durable solution",
            "solution durable",
            "solución duradera",
        ) + &complete(
            // A neighbour's words (und): names and loanwords are common.
            "asylum-seeker",
            "asylum seeker",
            "demandeur d'asile",
            "pessoa que procura asilo no país",
        );
        let got = lint(&rows);
        let warnings: Vec<&String> = got.iter().filter(|g| g.contains("reads as")).collect();
        let want = [
            "g.csv:4: warning: term \"demandeur d'asile dont la demande a été rejetée\" (concept rejected-asylum-seeker) is filed as Spanish but reads as French (confidence ",
            "g.csv:6: warning: term \"child who is not with his family\" (concept unaccompanied-child) is filed as French but reads as English (confidence ",
        ];
        for w in want {
            assert!(warnings.iter().any(|g| g.starts_with(w)), "{w}\n{got:#?}");
        }
        assert_eq!(warnings.len(), want.len(), "{got:#?}");
    }

    #[test]
    fn structure_problems_name_both_places() {
        let rows = complete("refugee", "refugee", "réfugié", "refugiado")
            + &complete("asylum", "asylum", "asile", "asilo")
            + "refugee,en,Refugee,admitted,noun,,,\n\
               asylum,fr,Réfugie,admitted,noun,,,\n\
               asylum,es,asilo político,preferred,noun,,,\n\
               asylum,en,non-refoulement,admitted,noun,,,\n\
               asylum,en,non refoulement,admitted,noun,,,\n"
            + "other,en,x,preferred,noun,,,\n";
        let got = lint(&rows);
        let want = [
            "g.csv:8: duplicate concept id refugee: already used at lines 2–4; keep a concept's rows together",
            "g.csv:8: \"Refugee\" and \"refugee\" (line 2) of concept refugee have the same matching key \"refugee\"",
            "g.csv:9: French term \"Réfugie\" is filed under two concepts: asylum (here) and refugee (\"réfugié\", line 3)",
            "g.csv:10: concept asylum has two preferred Spanish terms: \"asilo\" (line 7) and \"asilo político\"",
            "g.csv:12: \"non refoulement\" and \"non-refoulement\" (line 11) of concept asylum have the same matching key",
            "g.csv:13: warning: concept other has no French term yet",
        ];
        for w in want {
            assert!(
                got.iter().any(|g| g.starts_with(w)),
                "missing {w:?} in {got:#?}"
            );
        }
    }
}
