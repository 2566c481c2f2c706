//! The native glossary format: CSV, one row per term, the columns of
//! [`CSV_COLUMNS`] (the concept's own fields on its first row). Read by
//! [`Glossary::from_csv`] with every error at its line and field, written by
//! [`Glossary::write_csv`]; `glossary lint` reads the same rows through
//! `row_fields` and checks a glossary in memory through `csv_row`, the
//! row the writer writes. The model is in `crate::glossary`.

use crate::error::{Error, Result};
use crate::glossary::{
    BUILTIN_CSV, BUILTIN_NAME, Concept, Glossary, Guard, Pos, Status, Subject, Term, check_region,
    split_ids, term_length_problem,
};
use crate::input::strip_bom;
use crate::lang::Lang;
use std::io;
use std::path::Path;

/// The native CSV columns, in order.
pub const CSV_COLUMNS: [&str; 12] = [
    "concept",
    "lang",
    "term",
    "status",
    "pos",
    "region",
    "guard",
    "term_note",
    "concept_note",
    "source",
    "subject",
    "related",
];

/// The columns a glossary CSV must have; the others may be left out.
pub(crate) const REQUIRED_COLUMNS: [&str; 5] = ["concept", "lang", "term", "status", "pos"];

/// Where each of [`CSV_COLUMNS`] is in a header, None where it is left out.
pub(crate) fn column_positions(headers: &csv::StringRecord) -> Vec<Option<usize>> {
    CSV_COLUMNS
        .iter()
        .map(|&name| headers.iter().position(|h| h == name))
        .collect()
}

/// A row's fields in [`CSV_COLUMNS`]' order, `columns` being
/// [`column_positions`] of the header ("" where a column is left out).
pub(crate) fn row_fields<'r>(
    record: &'r csv::StringRecord,
    columns: &[Option<usize>],
) -> [&'r str; 12] {
    std::array::from_fn(|i| columns[i].and_then(|c| record.get(c)).unwrap_or(""))
}

/// The row `write_csv` writes for a concept's `i`th term, in
/// [`CSV_COLUMNS`]' order: the concept's own fields on its first row only.
/// `subjects` and `related` are the concept's, joined.
pub(crate) fn csv_row<'a>(
    concept: &'a Concept,
    i: usize,
    subjects: &'a str,
    related: &'a str,
) -> [&'a str; 12] {
    let term = &concept.terms[i];
    let [note, source, subjects, related] = if i == 0 {
        [concept.note.as_str(), &concept.source, subjects, related]
    } else {
        [""; 4]
    };
    [
        concept.id.as_str(),
        term.lang.code(),
        &term.text,
        term.status.as_str(),
        term.pos.as_str(),
        &term.region,
        term.guard.as_str(),
        &term.note,
        note,
        source,
        subjects,
        related,
    ]
}

/// The columns a header names a second time (or more), in order.
pub(crate) fn duplicate_columns(headers: &csv::StringRecord) -> impl Iterator<Item = &str> {
    headers
        .iter()
        .enumerate()
        .filter(|&(k, h)| headers.iter().take(k).any(|earlier| earlier == h))
        .map(|(_, h)| h)
}

impl Glossary {
    /// The glossary shipped with termalign.
    pub fn builtin() -> Glossary {
        Glossary::from_csv(BUILTIN_CSV.as_bytes(), Path::new(BUILTIN_NAME))
            .expect("the built-in glossary is valid (checked by tests)")
    }

    /// Reads a glossary in the native CSV format; `path` names it in errors.
    pub fn from_csv<R: io::Read>(mut reader: R, path: &Path) -> Result<Glossary> {
        let mut bytes = Vec::new();
        reader
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io(path, e))?;
        // The bytes are the file's or what a reader decoded with the run's
        // options already (`formats::read`): UTF-8 either way.
        let text = crate::input::decode(bytes, path, crate::input::TextOptions::default())?;
        let text = strip_bom(&text);
        crate::input::check_csv_quotes(text, path)?;
        let delimiter = crate::input::sniff_delimiter(text);
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        let csv_error = |e: csv::Error| crate::input::csv_read_error(path, text, e);
        let headers = csv.headers().map_err(csv_error)?.clone();
        for column in REQUIRED_COLUMNS {
            if !headers.iter().any(|h| h == column) {
                return Err(Error::format(
                    path,
                    Some(1),
                    Some(column),
                    format!(
                        "missing column {column:?}; the header must name {} (read with {} as \
                         the delimiter); or, for one term per language a row, language \
                         columns: en,fr,es or English,Français,Español",
                        CSV_COLUMNS.join(","),
                        crate::input::delimiter_name(delimiter)
                    ),
                ));
            }
        }
        if let Some(h) = duplicate_columns(&headers).next() {
            return Err(Error::format(
                path,
                Some(1),
                Some(h),
                format!("duplicate column {h:?}: each column once"),
            ));
        }
        let mut glossary = Glossary {
            path: path.to_path_buf(),
            concepts: Vec::new(),
        };
        // Fields by position, read from the record as they are: no
        // allocation but for what the glossary keeps.
        let columns = column_positions(&headers);
        let mut index: std::collections::HashMap<String, usize> = Default::default();
        let mut record = csv::StringRecord::new();
        let mut lines = crate::input::CsvLines::new(text);
        while let Some(line) = crate::input::next_csv_row(&mut csv, &mut record, &mut lines, path)?
        {
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
            ] = row_fields(&record, &columns);
            let at = |field: &str, message: String| {
                Error::format(path, Some(line), Some(field), message)
            };
            if id.trim().is_empty() {
                return Err(at("concept", "empty concept id".into()));
            }
            let lang: Lang = lang
                .parse()
                .map_err(|e: crate::lang::UnknownLang| at("lang", e.to_string()))?;
            if term.trim().is_empty() {
                return Err(at(
                    "term",
                    format!("empty {} term for concept {id}", lang.name()),
                ));
            }
            if let Some(problem) = term_length_problem(term) {
                return Err(at("term", problem));
            }
            let status: Status = status.trim().parse().map_err(|e| at("status", e))?;
            let pos: Pos = pos.trim().parse().map_err(|e| at("pos", e))?;
            let region = region.trim();
            if !region.is_empty() {
                check_region(lang, region).map_err(|e| at("region", e))?;
            }
            let guard: Guard = guard.trim().parse().map_err(|e| at("guard", e))?;
            let subjects = Subject::parse_list(subject).map_err(|e| at("subject", e))?;
            let concept_index = match index.get(id) {
                Some(&i) => i,
                None => {
                    glossary.concepts.push(Concept {
                        line,
                        ..Concept::new(id, Vec::new())
                    });
                    index.insert(id.to_string(), glossary.concepts.len() - 1);
                    glossary.concepts.len() - 1
                }
            };
            let concept = &mut glossary.concepts[concept_index];
            if concept.note.is_empty() {
                concept.note = concept_note.to_string();
            }
            if concept.source.is_empty() {
                concept.source = source.to_string();
            }
            if concept.subjects.is_empty() {
                concept.subjects = subjects;
            }
            if concept.related.is_empty() {
                concept.related = split_ids(related);
            }
            concept.terms.push(Term {
                region: region.to_string(),
                guard,
                note: term_note.to_string(),
                line,
                ..Term::new(lang, term, status, pos)
            });
        }
        Ok(glossary)
    }

    /// Writes the glossary in the native CSV format; returns the number of
    /// term rows. Concept note and source go on each concept's first row.
    pub fn write_csv<W: io::Write>(&self, out: W) -> io::Result<usize> {
        let mut csv = csv::Writer::from_writer(out);
        let io_err = crate::error::csv_to_io;
        csv.write_record(CSV_COLUMNS).map_err(io_err)?;
        let mut rows = 0;
        for concept in &self.concepts {
            let subjects = Subject::join(&concept.subjects);
            let related = concept.related.join("|");
            for i in 0..concept.terms.len() {
                csv.write_record(csv_row(concept, i, &subjects, &related))
                    .map_err(io_err)?;
                rows += 1;
            }
        }
        csv.flush()?;
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Glossary> {
        Glossary::from_csv(text.as_bytes(), Path::new("g.csv"))
    }

    const HEADER: &str = "concept,lang,term,status,pos,term_note,concept_note,source\n";

    #[test]
    fn builtin_glossary_loads() {
        let g = Glossary::builtin();
        assert!(g.concepts.len() > 50);
        for c in &g.concepts {
            for lang in Lang::ALL {
                assert!(c.preferred(lang).is_some(), "{} lacks {lang}", c.id);
            }
        }
    }

    #[test]
    fn native_csv_round_trips() {
        let g = Glossary::builtin();
        let mut out = Vec::new();
        g.write_csv(&mut out).unwrap();
        assert_eq!(String::from_utf8(out.clone()).unwrap(), BUILTIN_CSV);
        let again = Glossary::from_csv(out.as_slice(), Path::new(BUILTIN_NAME)).unwrap();
        assert_eq!(again, g);
    }

    #[test]
    fn reads_concepts_and_terms() {
        let g = parse(&format!(
            "\u{feff}{HEADER}refugee,en,refugee,preferred,noun,,A person who fled.,UNHCR\r\n\
             refugee,fr,réfugié,preferred,noun,,,\n\
             refugee,es,\"refugiado\",preferred,noun,,,\n"
        ))
        .unwrap();
        assert_eq!(g.concepts.len(), 1);
        let c = &g.concepts[0];
        assert_eq!(
            (c.note.as_str(), c.source.as_str()),
            ("A person who fled.", "UNHCR")
        );
        assert_eq!(c.preferred(Lang::Fr).unwrap().text, "réfugié");
        assert_eq!(c.terms[2].line, 4);
    }

    #[test]
    fn errors_name_file_line_and_field() {
        let cases = [
            (
                "x,de,foo,preferred,noun,,,\n",
                "g.csv:2: field lang: unknown language \"de\"",
            ),
            (
                "x,en,,preferred,noun,,,\n",
                "g.csv:2: field term: empty English term for concept x",
            ),
            (
                "x,en,foo,favoured,noun,,,\n",
                "g.csv:2: field status: unknown status \"favoured\"",
            ),
            (
                "x,en,foo,preferred,thing,,,\n",
                "g.csv:2: field pos: unknown part of speech",
            ),
            (
                "x,en,foo,preferred\n",
                "g.csv:2: expected 8 fields, found 4",
            ),
            ("x,en,\"foo,preferred,noun,,,\n", "g.csv"),
        ];
        for (row, want) in cases {
            let err = parse(&format!("{HEADER}{row}")).unwrap_err().to_string();
            assert!(err.starts_with(want), "{row:?}: got {err:?}, want {want:?}");
        }
        let err = parse("concept,lang,term\n").unwrap_err().to_string();
        assert!(
            err.starts_with("g.csv:1: field status: missing column"),
            "{err}"
        );
    }
}
