//! Report tables as people open them: the CSV a report writes, re-encoded
//! on its way out as the user asked. Every report (concordance, by-concept
//! table, check findings, suggestions, candidates, alignments, detect) and
//! every CSV export writes standard CSV (comma, no byte order mark); a
//! [`Table`] between the writer and the output passes it through unchanged
//! ([`Style::Csv`], the default: outputs stay byte for byte what they were),
//! or re-writes each record:
//!
//! - [`Style::Excel`] (`--excel`): UTF-8 with a byte order mark, so that
//!   Excel opened by a double-click shows accents right, and the delimiter
//!   of the user's choice (`;` where Excel's list separator is `;`, as in
//!   French and Spanish locales). termalign's readers sniff `,` `;` and tab
//!   and strip the mark, so what is written reads back.
//! - [`Style::Xlsx`] (an output named `.xlsx`): an Excel workbook, the same
//!   columns and cell values as the CSV, with a frozen bold header, an
//!   autofilter, widths by column, numbers as numbers, yes/no and true/false
//!   as booleans, the hit of a KWIC row as a bold run (rich text) with its
//!   left context aligned right, and one sheet per language or language pair
//!   where the report has those columns ([`Columns::sheet_by`]).
//!
//! The re-encoding sits at the format layer, so a report that gains a column
//! gets it in every style with no change here (an unknown column is text).
//! It costs a CSV parse per record, paid only when asked for.
//!
//! Memory stays bounded: a worksheet is written in rust_xlsxwriter's
//! constant-memory mode (a row at a time to an unnamed temporary file; its
//! strings are inline, not in a shared table), and the workbook is zipped
//! as a stream into the output. A sheet holds at most
//! [`XLSX_MAX_ROWS`] rows, header included: past that the table goes on in
//! a new sheet with the same header (`concordance (2)`, …), never cut. A
//! cell holds at most [`XLSX_MAX_CHARS`] characters: a longer field is an
//! error naming the sheet, row and column (write CSV instead), not a cell
//! cut short.

use std::collections::HashMap;
use std::io::{self, Write};

use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};

/// Rows in one worksheet, header included (Excel's limit, 2^20).
pub const XLSX_MAX_ROWS: u32 = 1_048_576;
/// Characters in one cell (Excel's limit).
pub const XLSX_MAX_CHARS: usize = 32_767;

/// What a workbook knows of a report's columns, by header name. A column
/// named in no list is text.
#[derive(Clone, Copy, Debug, Default)]
pub struct Columns {
    /// The sheet's name when the rows are not split ([`Columns::sheet_by`]).
    pub sheet: &'static str,
    /// Numbers: written as numbers (an empty cell stays empty; a value that
    /// is not a number stays text).
    pub numbers: &'static [&'static str],
    /// yes/no, true/false: written as booleans.
    pub booleans: &'static [&'static str],
    /// The hit of a KWIC row: a bold run.
    pub hit: Option<&'static str>,
    /// The context left of the hit: aligned right, against the hit.
    pub left: Option<&'static str>,
    /// Long text (contexts, messages, evidence): a wide column.
    pub wide: &'static [&'static str],
    /// One sheet per value of these columns joined by `-` (a language, a
    /// language pair), in order of first appearance; none: one sheet.
    pub sheet_by: &'static [&'static str],
}

impl Columns {
    /// A table of text columns on one sheet named `sheet`; the lists are
    /// filled in with `..Columns::named(sheet)`.
    pub const fn named(sheet: &'static str) -> Columns {
        Columns {
            sheet,
            numbers: &[],
            booleans: &[],
            hit: None,
            left: None,
            wide: &[],
            sheet_by: &[],
        }
    }
}

/// How a report table is written.
#[derive(Clone, Copy, Debug, Default)]
pub enum Style {
    /// Standard CSV, as the report writes it.
    #[default]
    Csv,
    /// CSV for Excel: a UTF-8 byte order mark, then records separated by
    /// `delimiter`.
    Excel { delimiter: u8 },
    /// An XLSX workbook.
    Xlsx(Columns),
}

/// Whether a file name asks for a workbook: it ends in `.xlsx`, in any case.
pub fn is_xlsx(path: &std::path::Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// The UTF-8 byte order mark.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A report's CSV on its way to `W`, written in a [`Style`]. Write the CSV
/// into it, then [`Table::finish`] it: a workbook is only saved there.
pub struct Table<W: Write + Send> {
    inner: Inner<W>,
}

enum Inner<W: Write + Send> {
    Csv(W),
    Excel {
        records: Box<Records>,
        out: Box<csv::Writer<W>>,
    },
    Xlsx {
        records: Box<Records>,
        book: Box<Book>,
        out: W,
    },
}

impl<W: Write + Send> Table<W> {
    /// A table written to `out` in `style`. The byte order mark of
    /// [`Style::Excel`] is written at once, so an empty report is still
    /// marked.
    pub fn new(mut out: W, style: Style) -> io::Result<Table<W>> {
        let inner = match style {
            Style::Csv => Inner::Csv(out),
            Style::Excel { delimiter } => {
                out.write_all(BOM)?;
                Inner::Excel {
                    records: Box::new(Records::new()),
                    out: Box::new(
                        csv::WriterBuilder::new()
                            .delimiter(delimiter)
                            .flexible(true)
                            .from_writer(out),
                    ),
                }
            }
            Style::Xlsx(columns) => Inner::Xlsx {
                records: Box::new(Records::new()),
                book: Box::new(Book::new(columns)),
                out,
            },
        };
        Ok(Table { inner })
    }

    /// Ends the table (a record left without its line end, the workbook
    /// saved) and returns the output, flushed.
    pub fn finish(self) -> io::Result<W> {
        match self.inner {
            Inner::Csv(mut out) => {
                out.flush()?;
                Ok(out)
            }
            Inner::Excel {
                mut records,
                mut out,
            } => {
                records.finish(|fields| write_record(&mut out, fields))?;
                out.flush()?;
                out.into_inner().map_err(|e| e.into_error())
            }
            Inner::Xlsx {
                mut records,
                mut book,
                mut out,
            } => {
                records.finish(|fields| book.row(fields))?;
                book.save(&mut out)?;
                out.flush()?;
                Ok(out)
            }
        }
    }
}

fn write_record<W: Write>(out: &mut csv::Writer<W>, fields: &[&str]) -> io::Result<()> {
    out.write_record(fields).map_err(crate::error::csv_to_io)
}

impl<W: Write + Send> Write for Table<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.inner {
            Inner::Csv(out) => out.write(buf),
            Inner::Excel { records, out } => {
                records.feed(buf, |fields| write_record(out, fields))?;
                Ok(buf.len())
            }
            Inner::Xlsx { records, book, .. } => {
                records.feed(buf, |fields| book.row(fields))?;
                Ok(buf.len())
            }
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.inner {
            Inner::Csv(out) => out.flush(),
            Inner::Excel { out, .. } => out.flush(),
            // Nothing is written before the workbook is saved.
            Inner::Xlsx { .. } => Ok(()),
        }
    }
}

/// CSV records parsed from bytes as they come, in pieces of any size.
struct Records {
    reader: csv_core::Reader,
    /// The fields of the record being read, one after the other.
    fields: Vec<u8>,
    /// Where each field ends in `fields`.
    ends: Vec<usize>,
    used: usize,
    ended: usize,
}

impl Records {
    fn new() -> Records {
        Records {
            reader: csv_core::Reader::new(),
            fields: vec![0; 4096],
            ends: vec![0; 64],
            used: 0,
            ended: 0,
        }
    }

    /// Parses `input`, handing each complete record to `record`.
    fn feed(
        &mut self,
        mut input: &[u8],
        mut record: impl FnMut(&[&str]) -> io::Result<()>,
    ) -> io::Result<()> {
        use csv_core::ReadRecordResult as R;
        loop {
            let (result, read, written, ends) = self.reader.read_record(
                input,
                &mut self.fields[self.used..],
                &mut self.ends[self.ended..],
            );
            input = &input[read..];
            // Field ends count from the record's start, over calls.
            self.used += written;
            self.ended += ends;
            match result {
                R::InputEmpty => return Ok(()),
                R::OutputFull => {
                    let grown = self.fields.len() * 2;
                    self.fields.resize(grown, 0);
                }
                R::OutputEndsFull => {
                    let grown = self.ends.len() * 2;
                    self.ends.resize(grown, 0);
                }
                R::Record => {
                    self.emit(&mut record)?;
                }
                R::End => return Ok(()),
            }
        }
    }

    /// Hands over the record being read, then forgets it.
    fn emit(&mut self, record: &mut impl FnMut(&[&str]) -> io::Result<()>) -> io::Result<()> {
        let text = std::str::from_utf8(&self.fields[..self.used])
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        let mut fields = Vec::with_capacity(self.ended);
        let mut start = 0;
        for &end in &self.ends[..self.ended] {
            fields.push(&text[start..end]);
            start = end;
        }
        let outcome = record(&fields);
        self.used = 0;
        self.ended = 0;
        outcome
    }

    /// Ends the input: a last record without a line end is handed over.
    fn finish(&mut self, mut record: impl FnMut(&[&str]) -> io::Result<()>) -> io::Result<()> {
        loop {
            let (result, _, written, ends) = self.reader.read_record(
                &[],
                &mut self.fields[self.used..],
                &mut self.ends[self.ended..],
            );
            self.used += written;
            self.ended += ends;
            match result {
                csv_core::ReadRecordResult::Record => self.emit(&mut record)?,
                csv_core::ReadRecordResult::OutputFull => {
                    let grown = self.fields.len() * 2;
                    self.fields.resize(grown, 0);
                }
                csv_core::ReadRecordResult::OutputEndsFull => {
                    let grown = self.ends.len() * 2;
                    self.ends.resize(grown, 0);
                }
                _ => return Ok(()),
            }
        }
    }
}

/// How a column's cells are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Text,
    Number,
    Boolean,
    Hit,
    Left,
}

/// A workbook being written, a row at a time.
struct Book {
    columns: Columns,
    workbook: Workbook,
    header: Vec<String>,
    kinds: Vec<Kind>,
    /// The positions of [`Columns::sheet_by`] in the header.
    split: Vec<usize>,
    /// Per sheet key: the sheets made for it (the last one being filled).
    sheets: HashMap<String, Vec<usize>>,
    /// Per worksheet (by index in the workbook): its name and rows written.
    written: Vec<(String, u32)>,
    bold: Format,
    right: Format,
    /// Rows a sheet takes, header included: [`XLSX_MAX_ROWS`] (fewer in
    /// tests).
    max_rows: u32,
}

impl Book {
    fn new(columns: Columns) -> Book {
        Book {
            columns,
            workbook: Workbook::new(),
            header: Vec::new(),
            kinds: Vec::new(),
            split: Vec::new(),
            sheets: HashMap::new(),
            written: Vec::new(),
            bold: Format::new().set_bold(),
            right: Format::new().set_align(FormatAlign::Right),
            max_rows: XLSX_MAX_ROWS,
        }
    }

    /// Takes the next record: the header first, then rows.
    fn row(&mut self, fields: &[&str]) -> io::Result<()> {
        if self.header.is_empty() {
            self.header = fields.iter().map(|f| f.to_string()).collect();
            let c = self.columns;
            self.kinds = self
                .header
                .iter()
                .map(|name| {
                    let name = name.as_str();
                    if c.numbers.contains(&name) {
                        Kind::Number
                    } else if c.booleans.contains(&name) {
                        Kind::Boolean
                    } else if c.hit == Some(name) {
                        Kind::Hit
                    } else if c.left == Some(name) {
                        Kind::Left
                    } else {
                        Kind::Text
                    }
                })
                .collect();
            self.split = c
                .sheet_by
                .iter()
                .filter_map(|want| self.header.iter().position(|h| h == want))
                .collect();
            if self.split.len() != c.sheet_by.len() {
                // A report without the columns to split by: one sheet.
                self.split.clear();
            }
            return Ok(());
        }
        let key = if self.split.is_empty() {
            self.columns.sheet.to_string()
        } else {
            self.split
                .iter()
                .map(|&i| fields.get(i).copied().unwrap_or(""))
                .collect::<Vec<_>>()
                .join("-")
        };
        let sheet = self.sheet_for(&key)?;
        let (name, rows) = self.written[sheet].clone();
        let kinds = &self.kinds;
        let (bold, right) = (&self.bold, &self.right);
        let worksheet = self
            .workbook
            .worksheet_from_index(sheet)
            .map_err(|e| xlsx_error(&name, rows, None, e))?;
        for (col, field) in fields.iter().enumerate() {
            let kind = kinds.get(col).copied().unwrap_or(Kind::Text);
            let column = self.header.get(col).map(String::as_str);
            write_cell(worksheet, rows, col as u16, kind, field, (bold, right))
                .map_err(|e| xlsx_error(&name, rows, column, e))?;
        }
        self.written[sheet].1 += 1;
        Ok(())
    }

    /// The worksheet the next row for `key` goes to: a new one for a new
    /// key, or when the last one for the key is full.
    fn sheet_for(&mut self, key: &str) -> io::Result<usize> {
        if let Some(&last) = self.sheets.get(key).and_then(|s| s.last())
            && self.written[last].1 < self.max_rows
        {
            return Ok(last);
        }
        let part = self.sheets.get(key).map_or(0, Vec::len) + 1;
        let base: String = if key.is_empty() {
            self.columns.sheet.to_string()
        } else {
            key.to_string()
        };
        let name = sheet_name(&base, part);
        let index = self.written.len();
        let widths: Vec<f64> = self
            .header
            .iter()
            .zip(&self.kinds)
            .map(|(name, kind)| width(name, *kind, &self.columns))
            .collect();
        let worksheet = self
            .workbook
            .add_worksheet_with_constant_memory()
            .map_err(|e| xlsx_error(&name, 0, None, e))?;
        let err = |e| xlsx_error(&name, 0, None, e);
        worksheet.set_name(&name).map_err(err)?;
        // Before any row: constant-memory mode writes rows as they come.
        for (col, width) in widths.into_iter().enumerate() {
            worksheet.set_column_width(col as u16, width).map_err(err)?;
        }
        worksheet.set_freeze_panes(1, 0).map_err(err)?;
        for (col, title) in self.header.iter().enumerate() {
            worksheet
                .write_string_with_format(0, col as u16, title, &self.bold)
                .map_err(err)?;
        }
        self.written.push((name, 1));
        self.sheets.entry(key.to_string()).or_default().push(index);
        Ok(index)
    }

    /// Adds the autofilters and writes the workbook to `out`.
    fn save<W: Write + Send>(&mut self, out: W) -> io::Result<()> {
        if self.written.is_empty() {
            // No row: one sheet, with the header alone.
            let key = self.columns.sheet.to_string();
            if self.header.is_empty() {
                self.workbook.add_worksheet();
            } else {
                self.sheet_for(&key)?;
            }
        }
        let columns = self.header.len().max(1) as u16 - 1;
        for (index, (name, rows)) in self.written.clone().into_iter().enumerate() {
            let worksheet = self
                .workbook
                .worksheet_from_index(index)
                .map_err(|e| xlsx_error(&name, 0, None, e))?;
            worksheet
                .autofilter(0, 0, rows - 1, columns)
                .map_err(|e| xlsx_error(&name, 0, None, e))?;
        }
        self.workbook.save_to_writer(out).map_err(|e| match e {
            XlsxError::IoError(e) => e,
            other => io::Error::other(other.to_string()),
        })
    }
}

/// One cell.
fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    kind: Kind,
    field: &str,
    (bold, right): (&Format, &Format),
) -> Result<(), XlsxError> {
    if field.is_empty() {
        return Ok(());
    }
    if field.chars().count() > XLSX_MAX_CHARS {
        return Err(XlsxError::MaxStringLengthExceeded);
    }
    match kind {
        Kind::Number => match field.parse::<f64>() {
            Ok(n) if n.is_finite() => sheet.write_number(row, col, n).map(drop),
            _ => sheet.write_string(row, col, field).map(drop),
        },
        Kind::Boolean => match field.to_ascii_lowercase().as_str() {
            "yes" | "true" => sheet.write_boolean(row, col, true).map(drop),
            "no" | "false" => sheet.write_boolean(row, col, false).map(drop),
            _ => sheet.write_string(row, col, field).map(drop),
        },
        Kind::Hit => sheet
            .write_rich_string(row, col, &[(bold, field)])
            .map(drop),
        Kind::Left => sheet
            .write_string_with_format(row, col, field, right)
            .map(drop),
        Kind::Text => sheet.write_string(row, col, field).map(drop),
    }
}

/// A column's width, in Excel's character units.
fn width(name: &str, kind: Kind, columns: &Columns) -> f64 {
    if columns.wide.contains(&name) {
        return 50.0;
    }
    let fits = name.chars().count() as f64 + 3.0;
    match kind {
        Kind::Number | Kind::Boolean => fits.max(8.0),
        Kind::Hit => fits.max(20.0),
        Kind::Left => 50.0,
        Kind::Text => fits.max(14.0),
    }
}

/// A sheet's name: `base`, then `base (2)`, `base (3)` for the sheets that
/// continue it; at most 31 characters, none of `[]:*?/\`.
fn sheet_name(base: &str, part: usize) -> String {
    let clean: String = base
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    let clean = if clean.trim().is_empty() {
        "sheet".to_string()
    } else {
        clean
    };
    let suffix = if part > 1 {
        format!(" ({part})")
    } else {
        String::new()
    };
    let room = 31 - suffix.chars().count();
    let cut: String = clean.chars().take(room).collect();
    format!("{cut}{suffix}")
}

/// An XLSX error as an I/O error naming the sheet, the row (from 1, as
/// Excel numbers them) and the column.
fn xlsx_error(sheet: &str, row: u32, column: Option<&str>, e: XlsxError) -> io::Error {
    let place = match column {
        Some(column) => format!("sheet {sheet:?}, row {}, column {column:?}", row + 1),
        None => format!("sheet {sheet:?}"),
    };
    let what = match e {
        XlsxError::MaxStringLengthExceeded => format!(
            "a field longer than the {XLSX_MAX_CHARS} characters an XLSX cell holds \
             (write CSV instead)"
        ),
        XlsxError::IoError(e) => return io::Error::new(e.kind(), format!("{place}: {e}")),
        other => other.to_string(),
    };
    io::Error::other(format!("{place}: {what}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through(style: Style, csv: &[u8], piece: usize) -> Vec<u8> {
        let mut table = Table::new(Vec::new(), style).unwrap();
        for chunk in csv.chunks(piece) {
            table.write_all(chunk).unwrap();
        }
        table.finish().unwrap()
    }

    #[test]
    fn csv_passes_through_and_excel_rewrites_records() {
        let csv = "a,b,c\n\"x;y\",\"line\nbreak\",é\n1,,\"q\"\"uote\"".as_bytes();
        for piece in [1, 3, 1000] {
            assert_eq!(through(Style::Csv, csv, piece), csv);
            let excel = through(Style::Excel { delimiter: b';' }, csv, piece);
            assert_eq!(
                String::from_utf8(excel).unwrap(),
                "\u{feff}a;b;c\n\"x;y\";\"line\nbreak\";é\n1;;\"q\"\"uote\"\n"
            );
            let tab = through(Style::Excel { delimiter: b'\t' }, b"a,b\n1,2\n", piece);
            assert_eq!(tab, b"\xEF\xBB\xBFa\tb\n1\t2\n");
        }
        // An empty report is still marked.
        assert_eq!(through(Style::Excel { delimiter: b',' }, b"", 1), BOM);
    }

    #[test]
    fn long_records_grow_the_buffers() {
        let field = "x".repeat(10_000);
        let fields: Vec<String> = (0..200).map(|i| format!("{i}")).collect();
        let csv = format!("{field},{}\n", fields.join(","));
        let out = through(Style::Excel { delimiter: b';' }, csv.as_bytes(), 7);
        let expected = format!("\u{feff}{field};{}\n", fields.join(";"));
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }

    #[test]
    fn sheet_names_are_cut_and_cleaned() {
        assert_eq!(sheet_name("en-fr", 1), "en-fr");
        assert_eq!(sheet_name("en-fr", 2), "en-fr (2)");
        assert_eq!(sheet_name("a/b:c", 1), "a_b_c");
        assert_eq!(sheet_name(&"x".repeat(40), 12).chars().count(), 31);
        assert_eq!(sheet_name("", 1), "sheet");
    }

    #[test]
    fn a_workbook_is_a_zip_with_its_sheets() {
        let columns = Columns {
            sheet: "rows",
            numbers: &["n"],
            sheet_by: &["lang"],
            ..Columns::default()
        };
        let out = through(Style::Xlsx(columns), b"lang,n\nen,1\nfr,2\nen,3\n", 5);
        assert!(out.starts_with(b"PK"));
        let text = String::from_utf8_lossy(&out);
        assert!(text.contains("xl/worksheets/sheet2.xml"));
        assert!(!text.contains("xl/worksheets/sheet3.xml"));
    }

    #[test]
    fn a_full_sheet_goes_on_in_a_new_one() {
        let columns = Columns {
            numbers: &["n"],
            ..Columns::named("rows")
        };
        let mut table = Table::new(Vec::new(), Style::Xlsx(columns)).unwrap();
        if let Inner::Xlsx { book, .. } = &mut table.inner {
            book.max_rows = 3;
        }
        table.write_all(b"n\n1\n2\n3\n4\n5\n").unwrap();
        if let Inner::Xlsx { book, .. } = &table.inner {
            let sheets: Vec<(&str, u32)> =
                book.written.iter().map(|(n, r)| (n.as_str(), *r)).collect();
            assert_eq!(sheets, [("rows", 3), ("rows (2)", 3), ("rows (3)", 2)]);
        }
        let out = table.finish().unwrap();
        assert!(String::from_utf8_lossy(&out).contains("xl/worksheets/sheet3.xml"));
    }

    #[test]
    fn a_cell_too_long_is_an_error_naming_its_place() {
        let long = "y".repeat(XLSX_MAX_CHARS + 1);
        let csv = format!("a,b\n1,{long}\n");
        let mut table = Table::new(Vec::new(), Style::Xlsx(Columns::default())).unwrap();
        let e = table.write_all(csv.as_bytes()).unwrap_err();
        let message = e.to_string();
        assert!(message.contains("row 2, column \"b\""), "{message}");
        assert!(message.contains("32767"), "{message}");
    }
}
