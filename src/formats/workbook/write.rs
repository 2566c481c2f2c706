//! A glossary as a table (the native columns, or a [`Profile`]'s), written
//! as an XLSX workbook or, for a profile, as CSV.

use std::io::{self, Write};

use rust_xlsxwriter::{DataValidation, Format, Workbook, XlsxError};

use super::GLOSSARY_SHEET;
use super::profile::{Col, Profile, SEPARATOR};
use crate::formats::ExportReport;
use crate::formats::csv::{CSV_COLUMNS, csv_row};
use crate::glossary::{Glossary, Subject};
use crate::lang::Lang;

/// A glossary laid out as rows of text cells.
struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    /// Columns that hold one of a list of values a cell, for a drop-down.
    lists: Vec<(usize, Vec<&'static str>)>,
}

const STATUSES: [&str; 3] = ["preferred", "admitted", "deprecated"];
const POS: [&str; 5] = ["noun", "verb", "adjective", "adverb", "other"];
const GUARDS: [&str; 2] = ["context", "nominal"];

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message)
}

fn table(glossary: &Glossary, profile: Option<Profile>) -> io::Result<Table> {
    let Some(profile) = profile else {
        let mut rows = Vec::new();
        for concept in &glossary.concepts {
            let subjects = Subject::join(&concept.subjects);
            let related = concept.related.join("|");
            for i in 0..concept.terms.len() {
                let row = csv_row(concept, i, &subjects, &related);
                rows.push(row.iter().map(|s| s.to_string()).collect());
            }
        }
        let column = |name: &str| CSV_COLUMNS.iter().position(|&c| c == name).unwrap_or(0);
        return Ok(Table {
            headers: CSV_COLUMNS.iter().map(|s| s.to_string()).collect(),
            rows,
            lists: vec![
                (column("lang"), Lang::ALL.map(Lang::code).to_vec()),
                (column("status"), STATUSES.to_vec()),
                (column("pos"), POS.to_vec()),
                (column("guard"), GUARDS.to_vec()),
            ],
        });
    };
    let columns = profile.columns();
    let mut rows = Vec::new();
    for concept in &glossary.concepts {
        let subjects = Subject::join(&concept.subjects);
        if profile.by_term() {
            for (i, term) in concept.terms.iter().enumerate() {
                let first = i == 0;
                let cell = |c: Col| -> String {
                    match c {
                        Col::Id => concept.id.clone(),
                        Col::Subject if first => subjects.clone(),
                        Col::Definition if first => concept.note.clone(),
                        Col::Source => concept.source.clone(),
                        Col::Language => term.lang.code().into(),
                        Col::Term => term.text.clone(),
                        Col::Evaluation => profile.status_word(term.status).into(),
                        Col::TermType => "Term".into(),
                        Col::Reliability => {
                            if term.note.trim_start().starts_with("unverified") {
                                "1".into()
                            } else {
                                "3".into()
                            }
                        }
                        Col::TermNote => term.note.clone(),
                        _ => String::new(),
                    }
                };
                rows.push(columns.iter().map(|&(_, c)| cell(c)).collect());
            }
            continue;
        }
        let mut row = Vec::with_capacity(columns.len());
        for &(_, c) in &columns {
            row.push(match c {
                Col::Id => concept.id.clone(),
                Col::Subject => subjects.clone(),
                Col::Definition => concept.note.clone(),
                Col::Source => concept.source.clone(),
                Col::Terms(lang) => {
                    let mut texts = Vec::new();
                    for t in concept.terms.iter().filter(|t| t.lang == lang) {
                        if t.text.contains(SEPARATOR) {
                            return Err(invalid(format!(
                                "concept {}: the {} term {:?} holds {SEPARATOR}, which separates \
                                 a language's terms in a {} sheet: use the native layout \
                                 (no --profile)",
                                concept.id,
                                lang.name(),
                                t.text,
                                profile.name()
                            )));
                        }
                        texts.push(t.text.as_str());
                    }
                    texts.join(&SEPARATOR.to_string())
                }
                Col::Statuses(lang) => concept
                    .terms
                    .iter()
                    .filter(|t| t.lang == lang)
                    .map(|t| profile.status_word(t.status))
                    .collect::<Vec<_>>()
                    .join(&SEPARATOR.to_string()),
                _ => String::new(),
            });
        }
        rows.push(row);
    }
    let lists = if profile.by_term() {
        columns
            .iter()
            .enumerate()
            .filter(|(_, (_, c))| *c == Col::Evaluation)
            .map(|(i, _)| (i, profile.status_words().to_vec()))
            .collect()
    } else {
        // A cell holds several statuses joined: no list fits it.
        Vec::new()
    };
    Ok(Table {
        headers: columns.into_iter().map(|(h, _)| h).collect(),
        rows,
        lists,
    })
}

fn xlsx_error(e: XlsxError) -> io::Error {
    io::Error::other(format!("cannot write the workbook: {e}"))
}

/// Column widths, in characters: the longest cell's, within 8 and 60.
fn width(table: &Table, column: usize) -> f64 {
    let longest = std::iter::once(&table.headers[column])
        .chain(table.rows.iter().filter_map(|r| r.get(column)))
        .map(|s| s.lines().map(|l| l.chars().count()).max().unwrap_or(0))
        .max()
        .unwrap_or(0);
    (longest + 2).clamp(8, 60) as f64
}

/// Writes `glossary` as an XLSX workbook, in `profile`'s layout or (None)
/// the native columns, one row per term.
pub fn write<W: Write>(
    glossary: &Glossary,
    profile: Option<Profile>,
    mut out: W,
) -> io::Result<ExportReport> {
    let table = table(glossary, profile)?;
    fits_a_sheet(&table)?;
    let bytes = workbook(&table).map_err(xlsx_error)?;
    out.write_all(&bytes)?;
    out.flush()?;
    Ok(ExportReport {
        entries: table.rows.len(),
        ..Default::default()
    })
}

/// Rows below the header a sheet holds, and characters a cell holds
/// (Excel's limits).
const MAX_ROWS: usize = 1_048_575;
const MAX_CELL_CHARS: usize = 32_767;

/// Refuses, before anything is written, a table Excel cannot hold: too many
/// rows, or a cell too long (named by its row's first cell, the concept).
fn fits_a_sheet(table: &Table) -> io::Result<()> {
    if table.rows.len() > MAX_ROWS {
        return Err(invalid(format!(
            "the glossary takes {} rows, and a sheet holds {MAX_ROWS} below its header: \
             export it as CSV or TBX",
            table.rows.len()
        )));
    }
    for (r, row) in table.rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if cell.len() > MAX_CELL_CHARS && cell.chars().count() > MAX_CELL_CHARS {
                return Err(invalid(format!(
                    "row {} ({}), column {}: {} characters, and a cell holds {MAX_CELL_CHARS}: \
                     shorten it, or export the glossary as CSV or TBX",
                    r + 2,
                    row.first().map_or("", String::as_str),
                    table.headers.get(c).map_or("", String::as_str),
                    cell.chars().count()
                )));
            }
        }
    }
    Ok(())
}

fn workbook(table: &Table) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(GLOSSARY_SHEET)?;
    let bold = Format::new().set_bold();
    for (c, header) in table.headers.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, header, &bold)?;
        sheet.set_column_width(c as u16, width(table, c))?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if !cell.is_empty() {
                sheet.write_string(r as u32 + 1, c as u16, cell)?;
            }
        }
    }
    let last_row = table.rows.len() as u32;
    let last_column = table.headers.len().saturating_sub(1) as u16;
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last_row, last_column)?;
    if last_row > 0 {
        for (c, values) in &table.lists {
            let list = DataValidation::new().allow_list_strings(values)?;
            sheet.add_data_validation(1, *c as u16, last_row, *c as u16, &list)?;
        }
    }
    workbook.save_to_buffer()
}

/// Writes `glossary` as CSV in `profile`'s layout (the native CSV is
/// [`Glossary::write_csv`]).
pub fn write_csv<W: Write>(
    glossary: &Glossary,
    profile: Profile,
    out: W,
) -> io::Result<ExportReport> {
    let table = table(glossary, Some(profile))?;
    let mut csv = csv::Writer::from_writer(out);
    let io_err = crate::error::csv_to_io;
    csv.write_record(&table.headers).map_err(io_err)?;
    for row in &table.rows {
        csv.write_record(row).map_err(io_err)?;
    }
    csv.flush()?;
    Ok(ExportReport {
        entries: table.rows.len(),
        ..Default::default()
    })
}
