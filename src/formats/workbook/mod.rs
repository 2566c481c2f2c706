//! Glossaries in Excel workbooks (XLSX): read with calamine, written with
//! rust_xlsxwriter.
//!
//! Reading takes the sheet named `Glossary` (or, for `glossary merge`,
//! `Suggestions`), any case, else the first sheet, and turns every cell into
//! text ([`cell_text`]: a whole number without `.0`, a boolean as
//! `true`/`false`, so a TRUE in `accept` accepts the row). The header row
//! (the first row that is not empty) chooses the layout: the native columns
//! (`concept,lang,term,…`), Google's language columns (`en,fr,es` or
//! `English,Français,Español`), or one of the tool [`Profile`]s. The native
//! and Google layouts and merge's suggestions are read by the CSV readers
//! themselves, from the sheet written as CSV with each row on the line of
//! its sheet row ([`SheetCsv`]), so that a workbook and its CSV obey one set
//! of rules; their errors are moved back to the sheet and cell
//! ([`SheetCsv::locate`]): `g.xlsx: sheet "Glossary", cell D7: field status:
//! …`. A file that is not a workbook is named as such: a damaged ZIP archive,
//! or no ZIP archive at all. A workbook is read whole (calamine holds the
//! sheet), so one whose ZIP directory says it unpacks to more than
//! [`MAX_UNPACKED_BYTES`] is refused before anything is unpacked.
//!
//! Writing ([`write`]) makes one sheet, `Glossary`: a bold header row that
//! stays in view (frozen), an autofilter over the table, columns as wide as
//! their text (within bounds), and where a column holds one status (or part
//! of speech) a cell, a drop-down list of the values allowed.

mod profile;
mod write;

pub use profile::Profile;
pub use write::{write, write_csv};

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};

use crate::error::{Error, Location, Result};
use crate::glossary::Glossary;

/// The sheet a glossary is written to, and read from first.
pub const GLOSSARY_SHEET: &str = "Glossary";

/// The sheet merge's suggestions are read from first.
pub const SUGGESTIONS_SHEET: &str = "Suggestions";

/// The most a workbook may unpack to, as its ZIP directory says, as much as
/// a text input may be ([`crate::input::MAX_SIDE_BYTES`]).
pub const MAX_UNPACKED_BYTES: u64 = crate::input::MAX_SIDE_BYTES;

/// One sheet's cells as text.
#[derive(Debug)]
pub struct Sheet {
    pub name: String,
    /// The rows that are not empty: each row's 1-based number in the sheet,
    /// and its cells from column A.
    pub rows: Vec<(u32, Vec<String>)>,
}

/// The name of the cell at 0-based `column` of 1-based `row`: `C7`.
pub fn cell_name(column: usize, row: u32) -> String {
    let mut letters = Vec::new();
    let mut n = column + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!(
        "{}{row}",
        String::from_utf8(letters).expect("ASCII letters")
    )
}

/// An error at a place in a sheet: a cell when `column` is known, else the row.
pub fn error_at(
    path: &Path,
    sheet: &str,
    row: u32,
    column: Option<usize>,
    field: Option<&str>,
    message: impl Into<String>,
) -> Error {
    let place = match column {
        Some(c) => format!("sheet {sheet:?}, cell {}", cell_name(c, row)),
        None => format!("sheet {sheet:?}, row {row}"),
    };
    Error::Format {
        at: Location {
            path: path.to_path_buf(),
            line: Some(u64::from(row)),
            place: Some(place),
            field: field.map(str::to_string),
        },
        message: message.into(),
    }
}

/// Whether `bytes` start as a ZIP archive, as every XLSX file does.
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// A cell as text: a string as it is; a number as a spreadsheet shows it
/// with no format (`3`, not `3.0`; `0.5`); a boolean `true` or `false`; a
/// date as ISO 8601 text (`2026-12-07`), a duration as its number of days.
/// A cell holding an error (`#N/A`) is an error naming the cell.
fn cell_text(data: &Data) -> std::result::Result<String, String> {
    Ok(match data {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) if d.is_datetime() => {
            let (y, m, day, h, min, sec, _) = d.to_ymd_hms_milli();
            if (h, min, sec) == (0, 0, 0) {
                format!("{y:04}-{m:02}-{day:02}")
            } else {
                format!("{y:04}-{m:02}-{day:02}T{h:02}:{min:02}:{sec:02}")
            }
        }
        Data::DateTime(d) => number_text(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => {
            return Err(format!(
                "the cell holds the spreadsheet error {e}: give it a value"
            ));
        }
    })
}

fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

/// Reads one sheet of the workbook at `path`: the one named `preferred`
/// (any case), else the first.
pub fn read_sheet(path: &Path, preferred: &str) -> Result<Sheet> {
    let bytes = crate::input::read_side_bytes(path)?;
    read_sheet_from(bytes, path, preferred)
}

/// What a ZIP archive's directory says its files unpack to (0 where it
/// cannot be read: the reader then names what is wrong).
fn unpacked_size(bytes: &[u8]) -> u128 {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return 0;
    };
    (0..archive.len())
        .filter_map(|i| archive.by_index_raw(i).ok().map(|f| u128::from(f.size())))
        .sum()
}

/// [`read_sheet`] of a workbook's bytes; `path` names it in errors.
/// The widest header a sheet may have: a glossary has a dozen columns.
const MAX_COLUMNS: usize = 1024;

pub fn read_sheet_from(bytes: Vec<u8>, path: &Path, preferred: &str) -> Result<Sheet> {
    let bad = |reason: String| Error::BadInput {
        path: path.to_path_buf(),
        reason,
    };
    if !is_zip(&bytes) {
        return Err(bad(
            "not an Excel workbook (XLSX): an XLSX file is a ZIP archive, and this one does \
             not start as one (a CSV file named .xlsx? give it its real extension)"
                .into(),
        ));
    }
    // A workbook is read whole: one that says it unpacks to more than a
    // file termalign reads may hold is refused before anything is unpacked.
    if unpacked_size(&bytes) > u128::from(MAX_UNPACKED_BYTES) {
        return Err(bad(format!(
            "an Excel workbook (XLSX) that unpacks to more than {} GiB: termalign reads \
             workbooks of at most that; save the glossary as CSV",
            MAX_UNPACKED_BYTES >> 30
        )));
    }
    let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(|e| {
        bad(match e {
            calamine::XlsxError::Zip(z) => format!(
                "not a readable Excel workbook (XLSX): a damaged ZIP archive ({z}); \
                 save it again from the spreadsheet"
            ),
            other => format!("not a readable Excel workbook (XLSX): {other}"),
        })
    })?;
    let names = workbook.sheet_names();
    let Some(name) = names
        .iter()
        .find(|n| n.trim().eq_ignore_ascii_case(preferred))
        .or(names.first())
        .cloned()
    else {
        return Err(bad("an Excel workbook with no sheet".into()));
    };
    // Cells are read one at a time as the sheet stores them, never as the
    // dense rectangle they span: a stray cell at ZZ200000 costs one cell, not
    // a table of billions.
    let mut cells = workbook
        .worksheet_cells_reader(&name)
        .map_err(|e| bad(format!("sheet {name:?} cannot be read: {e}")))?;
    let mut by_row: std::collections::BTreeMap<u32, Vec<(u32, String)>> = Default::default();
    while let Some(cell) = cells
        .next_cell()
        .map_err(|e| bad(format!("sheet {name:?} cannot be read: {e}")))?
    {
        let (r, c) = cell.get_position();
        let data = Data::from(cell.get_value().clone());
        let text = cell_text(&data)
            .map_err(|m| error_at(path, &name, r + 1, Some(c as usize), None, m))?;
        if !text.is_empty() {
            by_row.entry(r + 1).or_default().push((c, text));
        }
    }
    drop(cells);
    // The table is as wide as its header, the first row holding text; a
    // value right of it is named, not read as a column without a name.
    let mut width = None;
    let mut rows = Vec::new();
    for (row, mut found) in by_row {
        if found.iter().all(|(_, t)| t.trim().is_empty()) {
            continue;
        }
        found.sort_by_key(|&(c, _)| c);
        let last = found.last().map_or(0, |&(c, _)| c as usize);
        if width.is_none() && last >= MAX_COLUMNS {
            return Err(error_at(
                path,
                &name,
                row,
                Some(last),
                None,
                format!(
                    "the header reaches this cell: a table of more than {MAX_COLUMNS} columns \
                     is not a glossary or a list of suggestions"
                ),
            ));
        }
        let width = *width.get_or_insert(last + 1);
        if let Some((c, _)) = found
            .iter()
            .find(|&&(c, ref t)| c as usize >= width && !t.trim().is_empty())
        {
            return Err(error_at(
                path,
                &name,
                row,
                Some(*c as usize),
                None,
                "a value right of the table's last column (the header names none there): \
                 move it into a column, or delete it"
                    .to_string(),
            ));
        }
        let mut texts = vec![String::new(); last.min(width - 1) + 1];
        for (c, text) in found {
            texts[c as usize] = text;
        }
        while texts.last().is_some_and(|t| t.is_empty()) {
            texts.pop();
        }
        rows.push((row, texts));
    }
    Ok(Sheet { name, rows })
}

impl Sheet {
    /// The header row: the first row that is not empty (none: an error).
    pub fn header(&self, path: &Path) -> Result<&(u32, Vec<String>)> {
        self.rows.first().ok_or_else(|| {
            error_at(
                path,
                &self.name,
                1,
                None,
                None,
                "the sheet is empty: the first row names the columns",
            )
        })
    }
}

/// A sheet written as CSV for a CSV reader, each row on the line of its
/// sheet row where it can be (a cell holding a line break pushes the rows
/// after it down; [`SheetCsv::locate`] still finds their rows).
pub struct SheetCsv<'s> {
    sheet: &'s Sheet,
    pub text: String,
    /// Each row's first line in `text`, and its sheet row.
    lines: Vec<(u64, u32)>,
}

impl<'s> SheetCsv<'s> {
    pub fn new(sheet: &'s Sheet) -> SheetCsv<'s> {
        let width = sheet.rows.iter().map(|(_, c)| c.len()).max().unwrap_or(0);
        let mut text = String::new();
        let mut lines = Vec::with_capacity(sheet.rows.len());
        let mut line: u64 = 1;
        let mut field = String::new();
        for (row, cells) in &sheet.rows {
            while line < u64::from(*row) {
                text.push('\n');
                line += 1;
            }
            lines.push((line, *row));
            // Every field quoted, so the reader takes `,` for the delimiter
            // whatever the cells hold; every row as wide as the widest.
            for i in 0..width {
                if i > 0 {
                    text.push(',');
                }
                field.clear();
                field.push('"');
                let cell = cells.get(i).map_or("", String::as_str);
                field.push_str(&cell.replace('"', "\"\""));
                field.push('"');
                line += cell.matches('\n').count() as u64;
                text.push_str(&field);
            }
            text.push('\n');
            line += 1;
        }
        SheetCsv { sheet, text, lines }
    }

    /// The sheet row of a line of [`SheetCsv::text`].
    pub fn row(&self, line: u64) -> u32 {
        match self.lines.partition_point(|&(l, _)| l <= line) {
            0 => self.lines.first().map_or(1, |&(_, row)| row),
            i => self.lines[i - 1].1,
        }
    }

    /// An error a CSV reader made of [`SheetCsv::text`], moved to the sheet:
    /// its line becomes the row, its field the cell of the column so named
    /// in the header (`same` tells a header cell names a field), and what it
    /// says of the CSV's delimiter is left out.
    pub fn locate(&self, error: Error, path: &Path, same: impl Fn(&str, &str) -> bool) -> Error {
        let Error::Format { at, message } = error else {
            return match error {
                Error::BadInput { path: p, reason } if p == path => Error::BadInput {
                    path: p,
                    reason: format!("sheet {:?}: {reason}", self.sheet.name),
                },
                other => other,
            };
        };
        if at.path != path || at.place.is_some() {
            return Error::Format { at, message };
        }
        let row = at.line.map_or(1, |l| self.row(l));
        let header = self.sheet.rows.first().map(|(_, c)| c.as_slice());
        let column = match (&at.field, header) {
            (Some(field), Some(header)) if row != header_row(self.sheet) => {
                header.iter().position(|h| same(h, field))
            }
            _ => None,
        };
        let message = message
            .replace(" (read with \",\" as the delimiter)", "")
            .replace("expected 0 fields", "expected no cells");
        error_at(
            path,
            &self.sheet.name,
            row,
            column,
            at.field.as_deref(),
            message,
        )
    }
}

fn header_row(sheet: &Sheet) -> u32 {
    sheet.rows.first().map_or(1, |(r, _)| *r)
}

/// Reads a glossary from the workbook at `path`, in the layout its header
/// says (see the module's documentation).
pub fn read_glossary(path: &Path) -> Result<Glossary> {
    let sheet = read_sheet(path, GLOSSARY_SHEET)?;
    glossary_of(&sheet, path)
}

/// The glossary a sheet holds; `path` names it in errors.
pub fn glossary_of(sheet: &Sheet, path: &Path) -> Result<Glossary> {
    let (row, header) = sheet.header(path)?;
    let native = |name: &str| header.iter().any(|h| h == name);
    if native("concept") || native("lang") || (native("term") && native("status")) {
        let csv = SheetCsv::new(sheet);
        return Glossary::from_csv(csv.text.as_bytes(), path)
            .map_err(|e| csv.locate(e, path, |h, f| h == f));
    }
    if let Some(profile) = Profile::detect(header) {
        return profile::read(sheet, profile, path);
    }
    let fields: Vec<&str> = header.iter().map(String::as_str).collect();
    if crate::formats::google::is_google_header(&fields) {
        let csv = SheetCsv::new(sheet);
        return crate::formats::google::read(&csv.text, path)
            .map_err(|e| csv.locate(e, path, |h, f| h.trim() == f));
    }
    Err(error_at(
        path,
        &sheet.name,
        *row,
        None,
        None,
        format!(
            "the header is neither termalign's glossary columns ({}), nor language columns \
             (en,fr,es or English,Français,Español), nor a layout of --profile {}",
            crate::formats::csv::CSV_COLUMNS.join(","),
            Profile::ALL.map(Profile::name).join(", ")
        ),
    ))
}

#[cfg(test)]
mod tests;
