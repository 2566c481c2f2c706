//! Google Cloud Translation glossaries, "equivalent term sets" CSV: a header
//! row of language codes (optionally `pos` and `description` columns), then
//! one concept per row, one term per language.

use crate::input::strip_bom;
use std::io::{self, Write};
use std::path::Path;

use crate::error::{Error, Result};
use crate::formats::ExportReport;
use crate::glossary::{Concept, ConceptIds, Glossary, Pos, Status, Subject, Term};
use crate::lang::Lang;

const EXTRA_COLUMNS: [&str; 2] = ["pos", "description"];

/// A BCP 47 code's base language ("en-US" → "en").
fn base_language(code: &str) -> &str {
    code.split(['-', '_']).next().unwrap_or(code)
}

/// The language a header names in words, in English, French or Spanish
/// (`English`, `Français`, `Español`, any case, accents or not), as a
/// spreadsheet made by hand often has it.
fn language_name(field: &str) -> Option<Lang> {
    let mut name = String::new();
    crate::analysis::normalize::fold_key(&field.trim().to_lowercase(), &mut name);
    match name.as_str() {
        "english" | "anglais" | "ingles" => Some(Lang::En),
        "french" | "francais" | "frances" => Some(Lang::Fr),
        "spanish" | "espagnol" | "espanol" | "castellano" => Some(Lang::Es),
        _ => None,
    }
}

/// The language of a header: a code's base language, or a name.
pub(crate) fn header_language(field: &str) -> Option<Lang> {
    language_name(field).or_else(|| base_language(field.trim()).parse().ok())
}

fn is_language_code(field: &str) -> bool {
    let base = base_language(field);
    (2..=3).contains(&base.len()) && base.chars().all(|c| c.is_ascii_alphabetic())
}

/// Whether a CSV's header is a Google glossary's (language codes) rather than
/// the native one (`concept,lang,…`).
pub fn looks_like_google(text: &str) -> bool {
    let text = strip_bom(text);
    let header = text.lines().next().unwrap_or("");
    let delimiter = char::from(crate::input::sniff_delimiter(text));
    let fields: Vec<&str> = header.split(delimiter).collect();
    is_google_header(&fields)
}

/// Whether a header's fields are a Google glossary's: language codes or
/// names, and perhaps `pos` and `description`.
pub(crate) fn is_google_header(fields: &[&str]) -> bool {
    let language = |f: &str| is_language_code(f) || language_name(f).is_some();
    fields.iter().any(|f| language(f.trim()))
        && fields
            .iter()
            .all(|f| language(f.trim()) || EXTRA_COLUMNS.contains(&f.trim()))
}

/// Reads a Google glossary: every row a concept whose terms are preferred.
/// Columns of languages other than en, fr, es are ignored.
pub fn read(text: &str, path: &Path) -> Result<Glossary> {
    let text = strip_bom(text);
    crate::input::check_csv_quotes(text, path)?;
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(true)
        .delimiter(crate::input::sniff_delimiter(text))
        .from_reader(text.as_bytes());
    let err = |e: csv::Error| crate::input::csv_read_error(path, text, e);
    let headers = csv.headers().map_err(err)?.clone();
    let mut langs: Vec<Option<Lang>> = Vec::new();
    let (mut pos_column, mut description_column) = (None, None);
    for (i, h) in headers.iter().enumerate() {
        let h = h.trim();
        langs.push(header_language(h));
        match h {
            "pos" => pos_column = Some(i),
            "description" => description_column = Some(i),
            h if !is_language_code(h) && language_name(h).is_none() => {
                return Err(Error::format(
                    path,
                    Some(1),
                    Some(h),
                    "not a language code (en, fr-FR), a language name (English, Français, \
                     Español), pos or description: is this a Google glossary?",
                ));
            }
            _ => {}
        }
    }
    if langs.iter().all(Option::is_none) {
        return Err(Error::format(path, Some(1), None, "no en, fr or es column"));
    }
    let mut ids = ConceptIds::default();
    let mut glossary = Glossary {
        path: path.to_path_buf(),
        concepts: Vec::new(),
    };
    let mut lines = crate::input::CsvLines::new(text);
    for record in csv.records() {
        let record = record.map_err(err)?;
        let line = lines.line(record.position());
        let pos = match pos_column.map(|i| record[i].trim()) {
            None | Some("") => Pos::Noun,
            Some(p) => p
                .parse()
                .map_err(|e: String| Error::format(path, Some(line), Some("pos"), e))?,
        };
        let terms: Vec<Term> = langs
            .iter()
            .zip(record.iter())
            .filter_map(|(lang, text)| Some((((*lang)?), text.trim())))
            .filter(|(_, text)| !text.is_empty())
            .map(|(lang, text)| Term {
                lang,
                text: text.to_string(),
                status: Status::Preferred,
                pos,
                region: String::new(),
                guard: Default::default(),
                note: String::new(),
                line,
            })
            .collect();
        let Some(first) = terms.first() else { continue };
        let id = ids.make(&first.text);
        let description = description_column.map_or("", |i| record[i].trim());
        let (note, subjects) = split_description(description);
        glossary.concepts.push(Concept {
            id,
            note: note.to_string(),
            source: String::new(),
            subjects,
            related: Vec::new(),
            terms,
            line,
        });
    }
    Ok(glossary)
}

/// The description column: the concept note, then its subject fields as
/// `(subject: asylum|borders)`.
fn description(concept: &Concept) -> String {
    if concept.subjects.is_empty() {
        return concept.note.clone();
    }
    let subjects = format!("(subject: {})", Subject::join(&concept.subjects));
    if concept.note.is_empty() {
        subjects
    } else {
        format!("{} {subjects}", concept.note)
    }
}

/// The inverse of [`description`]: the note, and the subjects of a trailing
/// `(subject: …)` whose codes are all known (other text stays in the note).
fn split_description(text: &str) -> (&str, Vec<Subject>) {
    if let Some(open) = text.rfind("(subject: ")
        && let Some(list) = text[open..]
            .strip_prefix("(subject: ")
            .and_then(|r| r.strip_suffix(')'))
        && let Ok(subjects) = Subject::parse_list(list)
        && !subjects.is_empty()
    {
        return (text[..open].trim_end(), subjects);
    }
    (text, Vec::new())
}

/// Writes the preferred terms of each concept, with `pos`, and the concept
/// note and subject fields as `description`.
pub fn write<W: Write>(glossary: &Glossary, out: W) -> io::Result<ExportReport> {
    let mut csv = csv::Writer::from_writer(out);
    let io_err = crate::error::csv_to_io;
    let mut header: Vec<&str> = Lang::ALL.iter().map(|l| l.code()).collect();
    header.extend(EXTRA_COLUMNS);
    csv.write_record(&header).map_err(io_err)?;
    let mut report = ExportReport::default();
    for concept in &glossary.concepts {
        let preferred: Vec<Option<&Term>> =
            Lang::ALL.iter().map(|&l| concept.preferred(l)).collect();
        if preferred.iter().filter(|t| t.is_some()).count() < 2 {
            report
                .skipped
                .push(format!("{}: fewer than two languages", concept.id));
            continue;
        }
        let pos = preferred
            .iter()
            .flatten()
            .next()
            .map_or("", |t| t.pos.as_str());
        let mut record: Vec<&str> = preferred
            .iter()
            .map(|t| t.map_or("", |t| t.text.as_str()))
            .collect();
        record.push(pos);
        let description = description(concept);
        record.push(&description);
        csv.write_record(&record).map_err(io_err)?;
        report.entries += 1;
    }
    csv.flush()?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preferred_terms_round_trip() {
        let g = Glossary::builtin();
        let mut out = Vec::new();
        let report = write(&g, &mut out).unwrap();
        assert_eq!(report.entries, g.concepts.len());
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("en,fr,es,pos,description\n"));
        assert!(looks_like_google(&text));
        let back = read(&text, Path::new("g.csv")).unwrap();
        assert_eq!(back.concepts.len(), g.concepts.len());
        for (a, b) in g.concepts.iter().zip(&back.concepts) {
            assert_eq!((&a.note, &a.subjects), (&b.note, &b.subjects));
            for lang in Lang::ALL {
                let (ta, tb) = (a.preferred(lang).unwrap(), b.preferred(lang).unwrap());
                assert_eq!((&ta.text, ta.pos), (&tb.text, tb.pos), "{}", a.id);
            }
        }
    }

    #[test]
    fn reads_bom_crlf_regional_codes_and_other_languages() {
        let text = "\u{feff}en-US,de,es-419,description\r\nasylum seeker,Asylbewerber,solicitante de asilo,\"a person, seeking\"\r\n";
        let g = read(text, Path::new("g.csv")).unwrap();
        let c = &g.concepts[0];
        assert_eq!(c.id, "asylum-seeker");
        assert_eq!(c.note, "a person, seeking");
        assert_eq!(c.terms.len(), 2);
        assert_eq!(c.preferred(Lang::Es).unwrap().text, "solicitante de asilo");
    }

    #[test]
    fn malformed_input_is_refused_with_its_line() {
        let err = read("en,fr\nrefugee\n", Path::new("g.csv")).unwrap_err();
        assert_eq!(err.to_string(), "g.csv:2: expected 2 fields, found 1");
        let err = read("en,fr,pos\nrefugee,réfugié,thing\n", Path::new("g.csv")).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("g.csv:2: field pos: unknown part of speech"),
            "{err}"
        );
        assert!(!looks_like_google("concept,lang,term,status,pos\n"));
    }
}
