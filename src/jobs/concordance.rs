//! The concordance job's reports: every occurrence as a CSV row, and the
//! cross-language view per concept. Each analysed document becomes a
//! [`Part`] (on any thread); the reports take the parts in input order, so
//! the outputs are the same whatever the number of threads. Both are CSV
//! for people: text fields are written as [`CsvFields`] says (no field runs
//! as a formula in a spreadsheet, unless raw is asked for), and a table read
//! back by [`ByConcept::add_table`] is restored.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;

use serde::Serialize;

use crate::analysis::normalize::collapse_whitespace;
use crate::analysis::pipeline::Analysis;
use crate::error::{Error, Result};
use crate::formats::spreadsheet::{CsvFields, restore};
use crate::formats::table::Columns;
use crate::glossary::Glossary;
use crate::input::{Document, LineIndex};
use crate::lang::Lang;

/// About this many characters of context on each side of a hit.
pub const CONTEXT_CHARS: usize = 60;

/// One row of the concordance CSV; the field order is the column order.
/// Text fields are as written ([`CsvFields::text`]).
#[derive(Debug, Serialize)]
pub struct Row<'a> {
    pub concept: Cow<'a, str>,
    pub lang: &'static str,
    pub term: Cow<'a, str>,
    pub status: &'static str,
    #[serde(rename = "match")]
    pub kind: &'static str,
    pub doc: Cow<'a, str>,
    pub line: usize,
    pub start: usize,
    pub end: usize,
    pub hit: Cow<'a, str>,
    pub left: String,
    pub right: String,
    /// For a guarded term, the word that let the hit count: the nearest
    /// migration cue, or the determiner before an adjective used as a noun.
    pub cue: Cow<'a, str>,
}

/// The concordance columns, in order.
pub const COLUMNS: [&str; 13] = [
    "concept", "lang", "term", "status", "match", "doc", "line", "start", "end", "hit", "left",
    "right", "cue",
];

/// The concordance as a workbook: numbers, the hit in bold against its
/// left context.
pub const XLSX: Columns = Columns {
    numbers: &["line", "start", "end"],
    hit: Some("hit"),
    left: Some("left"),
    wide: &["left", "right"],
    ..Columns::named("concordance")
};

/// The view per concept as a workbook.
pub const BY_CONCEPT_XLSX: Columns = Columns {
    numbers: &[
        "en_count", "en_docs", "fr_count", "fr_docs", "es_count", "es_docs",
    ],
    wide: &["en_forms", "fr_forms", "es_forms"],
    ..Columns::named("by concept")
};

/// What one document contributes to the reports.
#[derive(Debug, Default)]
pub struct Part {
    /// The document's concordance rows, CSV-encoded.
    rows: Vec<u8>,
    /// Per hit: concept, language and surface form (whitespace collapsed),
    /// for the view per concept.
    forms: Vec<(u32, Lang, String)>,
    /// The text goes on from the previous part's (a later piece of a large
    /// document): its concepts are not a new document's.
    continues: bool,
}

impl Part {
    /// Renders what the reports need of one analysed document: the rows when
    /// `rows` (text fields as `fields` says), the forms when `forms`.
    pub fn new(
        glossary: &Glossary,
        doc: &Document,
        analysis: &Analysis,
        rows: bool,
        forms: bool,
        fields: CsvFields,
    ) -> Part {
        let mut part = Part {
            continues: !doc.piece.is_first(),
            ..Part::default()
        };
        let text = &doc.text;
        if forms {
            part.forms = analysis
                .matches
                .iter()
                .map(|m| {
                    let form = collapse_whitespace(&text[m.start..m.end]);
                    (m.term.concept, m.lang, form)
                })
                .collect();
        }
        if !rows || analysis.matches.is_empty() {
            return part;
        }
        let lines = LineIndex::new(text);
        let mut csv = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(Vec::with_capacity(analysis.matches.len() * 160));
        for m in &analysis.matches {
            let concept = &glossary.concepts[m.term.concept as usize];
            let term = &concept.terms[m.term.term as usize];
            let sentence =
                &analysis.tokens.sentences[analysis.tokens.tokens[m.first_token].sentence as usize];
            let left = left_context(near_end(&text[sentence.start..m.start.max(sentence.start)]));
            let right = right_context(near_start(&text[m.end.min(sentence.end)..sentence.end]));
            let row = Row {
                concept: fields.text(&concept.id),
                lang: m.lang.code(),
                term: fields.text(&term.text),
                status: term.status.as_str(),
                kind: m.kind.as_str(),
                doc: fields.text(doc.name()),
                line: lines.line(m.start) + doc.piece.lines as usize,
                start: m.start + doc.piece.offset,
                end: m.end + doc.piece.offset,
                hit: fields.text(&text[m.start..m.end]),
                left: fields.text(&left).into_owned(),
                right: fields.text(&right).into_owned(),
                cue: fields.text(m.cue.map_or("", |(a, b)| &text[a..b])),
            };
            // Rows of strings and numbers always serialize, and a Vec
            // never fails to take bytes.
            csv.serialize(&row).expect("a concordance row serializes");
        }
        part.rows = csv.into_inner().expect("writing to memory");
        part
    }
}

/// Writes the concordance CSV: the header, then each part's rows.
pub struct CsvSink<W: Write> {
    writer: W,
    output: String,
    header_written: bool,
}

impl<W: Write> CsvSink<W> {
    /// `output` names the destination in error messages.
    pub fn new(writer: W, output: &str) -> CsvSink<W> {
        CsvSink {
            writer,
            output: output.to_string(),
            header_written: false,
        }
    }

    /// The header goes out even when no document has a hit.
    fn header(&mut self) -> Result<()> {
        if !self.header_written {
            self.header_written = true;
            let mut csv = csv::Writer::from_writer(Vec::new());
            csv.write_record(COLUMNS).expect("writing to memory");
            let header = csv.into_inner().expect("writing to memory");
            self.write(&header)?;
        }
        Ok(())
    }

    fn write(&mut self, bytes: &[u8]) -> Result<()> {
        self.writer
            .write_all(bytes)
            .map_err(|e| Error::io(self.output.clone(), e))
    }

    /// Writes one document's rows.
    pub fn absorb(&mut self, part: &Part) -> Result<()> {
        self.header()?;
        self.write(&part.rows)
    }

    /// Writes the header if no part did, and flushes.
    pub fn finish(&mut self) -> Result<()> {
        self.header()?;
        self.writer
            .flush()
            .map_err(|e| Error::io(self.output.clone(), e))
    }

    /// Returns the underlying writer.
    pub fn into_inner(self) -> W {
        self.writer
    }
}

fn csv_write_error(output: &str, e: csv::Error) -> Error {
    Error::io(output, crate::error::csv_to_io(e))
}

/// Enough bytes for any context, however much whitespace it collapses: the
/// work per hit stays bounded in a sentence of any length.
const CONTEXT_WINDOW_BYTES: usize = CONTEXT_CHARS * 16;

/// The last [`CONTEXT_WINDOW_BYTES`] or so of `text`, on a char boundary.
fn near_end(text: &str) -> &str {
    let mut cut = text.len().saturating_sub(CONTEXT_WINDOW_BYTES);
    while !text.is_char_boundary(cut) {
        cut += 1;
    }
    &text[cut..]
}

/// The first [`CONTEXT_WINDOW_BYTES`] or so of `text`, on a char boundary.
fn near_start(text: &str) -> &str {
    let mut cut = text.len().min(CONTEXT_WINDOW_BYTES);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    &text[..cut]
}

/// The end of `before`, about [`CONTEXT_CHARS`] long, cut at a word boundary.
pub fn left_context(before: &str) -> String {
    let text = collapse_whitespace(before);
    let chars = text.chars().count();
    if chars <= CONTEXT_CHARS {
        return text;
    }
    let cut = text
        .char_indices()
        .nth(chars - CONTEXT_CHARS)
        .map_or(0, |(i, _)| i);
    // Drop the partial word at the cut.
    match text[cut..].find(' ') {
        Some(space) if !text[..cut].ends_with(' ') => text[cut + space + 1..].to_string(),
        _ => text[cut..].trim_start().to_string(),
    }
}

/// The start of `after`, about [`CONTEXT_CHARS`] long, cut at a word boundary.
pub fn right_context(after: &str) -> String {
    let text = collapse_whitespace(after);
    let chars = text.chars().count();
    if chars <= CONTEXT_CHARS {
        return text;
    }
    let cut = text
        .char_indices()
        .nth(CONTEXT_CHARS)
        .map_or(text.len(), |(i, _)| i);
    match text[..cut].rfind(' ') {
        Some(space) if !text[cut..].starts_with(' ') => text[..space].to_string(),
        _ => text[..cut].trim_end().to_string(),
    }
}

#[derive(Default)]
struct ConceptTally {
    count: u64,
    forms: HashMap<String, u64>,
    docs: u64,
}

/// The cross-language concordance: one row per concept found, with the
/// preferred term, count, surface forms (with their counts) and documents
/// per language. Every figure is a sum over documents, so tables made from
/// shards of a corpus add up ([`ByConcept::add_table`]) to the table of the
/// whole corpus.
pub struct ByConcept<'g> {
    glossary: &'g Glossary,
    /// (concept index, language index) → tally; sorted by concept order.
    tallies: BTreeMap<(u32, usize), ConceptTally>,
    /// The (concept, language) pairs the current document has counted, so
    /// that the pieces of a large document count it once.
    seen: Vec<(u32, usize)>,
}

impl<'g> ByConcept<'g> {
    pub fn new(glossary: &'g Glossary) -> ByConcept<'g> {
        ByConcept {
            glossary,
            tallies: BTreeMap::new(),
            seen: Vec::new(),
        }
    }

    /// The header: `concept`, then `<lang>_term,<lang>_count,<lang>_forms,<lang>_docs` per language.
    pub fn header() -> Vec<String> {
        let mut header = vec!["concept".to_string()];
        for lang in Lang::ALL {
            for field in ["term", "count", "forms", "docs"] {
                header.push(format!("{}_{field}", lang.code()));
            }
        }
        header
    }

    /// Counts one document's hits.
    pub fn absorb(&mut self, part: &Part) {
        if !part.continues {
            self.seen.clear();
        }
        let seen = &mut self.seen;
        for (concept, lang, form) in &part.forms {
            let key = (*concept, lang.index());
            let tally = self.tallies.entry(key).or_default();
            tally.count += 1;
            match tally.forms.get_mut(form.as_str()) {
                Some(n) => *n += 1,
                None => {
                    tally.forms.insert(form.clone(), 1);
                }
            }
            if !seen.contains(&key) {
                seen.push(key);
                tally.docs += 1;
            }
        }
    }

    /// Adds a table written by [`ByConcept::write`] (from a shard of the
    /// corpus, made with the same glossary); `path` names it in errors.
    pub fn add_table(&mut self, text: &str, path: &std::path::Path) -> Result<()> {
        crate::input::check_csv_quotes(text, path)?;
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(crate::input::sniff_delimiter(text))
            .from_reader(text.as_bytes());
        let mut record = csv::StringRecord::new();
        let mut lines = crate::input::CsvLines::new(text);
        let header = Self::header();
        match crate::input::next_csv_row(&mut csv, &mut record, &mut lines, path)? {
            Some(_) if record.iter().eq(header.iter().map(String::as_str)) => {}
            Some(line) => {
                return Err(Error::format(
                    path,
                    Some(line),
                    None,
                    "not a table of `concordance --by-concept`: the header differs",
                ));
            }
            None => return Ok(()),
        }
        let ids: HashMap<&str, u32> = self
            .glossary
            .concepts
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i as u32))
            .collect();
        // Each concept's row in this table: one row a concept.
        let mut rows: HashMap<u32, u64> = HashMap::new();
        while let Some(line) = crate::input::next_csv_row(&mut csv, &mut record, &mut lines, path)?
        {
            let at = |field: &str, message: String| {
                Error::format(path, Some(line), Some(field), message)
            };
            if record.len() != header.len() {
                return Err(Error::format(
                    path,
                    Some(line),
                    None,
                    format!("expected {} fields, found {}", header.len(), record.len()),
                ));
            }
            let id = restore(&record[0]);
            let &concept = ids.get(id).ok_or_else(|| {
                at(
                    "concept",
                    format!("{id:?} is not in the glossary; merge with the glossary the tables were made with (-g)"),
                )
            })?;
            if let Some(first) = rows.insert(concept, line) {
                return Err(at(
                    "concept",
                    format!(
                        "{id:?} has a row at line {first} already; a by-concept table has one row \
                         per concept (two would add up twice)"
                    ),
                ));
            }
            for lang in Lang::ALL {
                let field = |name: &str| format!("{}_{name}", lang.code());
                let column = 1 + 4 * lang.index();
                let number = |i: usize| -> Result<u64> {
                    record[i].trim().parse().map_err(|_| {
                        let name = &header[i];
                        at(name, format!("{:?} is not a count", &record[i]))
                    })
                };
                let (count, docs) = (number(column + 1)?, number(column + 3)?);
                let forms = parse_forms(restore(&record[column + 2]))
                    .ok_or_else(|| at(&field("forms"), format!("{:?} is not a list of forms with counts, as `refugees (3)|refugee (1)`", &record[column + 2])))?;
                if count == 0 {
                    continue;
                }
                let too_large = || {
                    at(
                        &field("count"),
                        format!(
                            "the counts add up past {}, the largest count termalign keeps",
                            u64::MAX
                        ),
                    )
                };
                let sum = forms
                    .iter()
                    .try_fold(0u64, |sum, (_, n)| sum.checked_add(*n))
                    .ok_or_else(too_large)?;
                if sum != count {
                    return Err(at(
                        &field("forms"),
                        format!(
                            "the forms' counts do not add up to {}_count {count}",
                            lang.code()
                        ),
                    ));
                }
                // Checked before anything is added, so a refused row adds
                // nothing. A form's count is part of its concept's, which
                // is the sum of its forms': if the count does not overflow,
                // no form's does.
                let tally = self.tallies.entry((concept, lang.index())).or_default();
                let (Some(total), Some(total_docs)) =
                    (tally.count.checked_add(count), tally.docs.checked_add(docs))
                else {
                    return Err(too_large());
                };
                tally.count = total;
                tally.docs = total_docs;
                for (form, n) in forms {
                    *tally.forms.entry(form.to_string()).or_default() += n;
                }
            }
        }
        Ok(())
    }

    /// Writes the table as CSV, text fields as `fields` says
    /// ([`ByConcept::add_table`] reads either); `output` names it in errors.
    pub fn write<W: Write>(&self, writer: W, output: &str, fields: CsvFields) -> Result<W> {
        let mut csv = csv::Writer::from_writer(writer);
        let err = |e: csv::Error| csv_write_error(output, e);
        csv.write_record(Self::header()).map_err(err)?;
        let mut concepts: Vec<u32> = self.tallies.keys().map(|&(c, _)| c).collect();
        concepts.dedup();
        for ci in concepts {
            let concept = &self.glossary.concepts[ci as usize];
            let mut record = vec![fields.text(&concept.id).into_owned()];
            for lang in Lang::ALL {
                let preferred = concept.preferred(lang).map_or("", |t| t.text.as_str());
                record.push(fields.text(preferred).into_owned());
                match self.tallies.get(&(ci, lang.index())) {
                    Some(t) => {
                        let mut forms: Vec<(&String, &u64)> = t.forms.iter().collect();
                        forms.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
                        let forms: Vec<String> =
                            forms.iter().map(|(f, n)| format!("{f} ({n})")).collect();
                        record.push(t.count.to_string());
                        record.push(fields.text(&forms.join("|")).into_owned());
                        record.push(t.docs.to_string());
                    }
                    None => record.extend(["0".into(), String::new(), "0".into()]),
                }
            }
            csv.write_record(&record).map_err(err)?;
        }
        csv.into_inner()
            .map_err(|e| Error::io(output, e.into_error()))
    }
}

/// `refugees (3)|refugee (1)` as (form, count) pairs; None when malformed.
fn parse_forms(cell: &str) -> Option<Vec<(&str, u64)>> {
    if cell.is_empty() {
        return Some(Vec::new());
    }
    cell.split('|')
        .map(|item| {
            let (form, count) = item.strip_suffix(')')?.rsplit_once(" (")?;
            let count = count.parse().ok().filter(|&n| n > 0)?;
            (!form.is_empty()).then_some((form, count))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn context_windows_stay_on_char_boundaries() {
        let text = "é".repeat(CONTEXT_WINDOW_BYTES);
        assert!(near_end(&text).len() <= CONTEXT_WINDOW_BYTES);
        assert!(near_start(&text).len() <= CONTEXT_WINDOW_BYTES);
        assert_eq!(left_context(near_end("a b c")), "a b c");
    }

    #[test]
    fn context_is_cut_at_word_boundaries() {
        let long = "word ".repeat(30);
        let left = left_context(&long);
        assert!(left.chars().count() <= CONTEXT_CHARS && left.starts_with("word"));
        let right = right_context(&format!(" {long}"));
        assert!(right.chars().count() <= CONTEXT_CHARS && right.ends_with("word"));
        assert_eq!(left_context("short\n  text "), "short text");
        assert_eq!(right_context(", and so"), ", and so");
    }

    /// A by-concept table of the shipped glossary's refugee concept, with
    /// `rows` as (English count, French count) rows.
    fn table(rows: &[(u64, u64)]) -> String {
        let mut text = ByConcept::header().join(",") + "\n";
        for &(en, fr) in rows {
            let cell = |n: u64, term: &str| {
                if n == 0 {
                    format!("{term},0,,0")
                } else {
                    format!("{term},{n},{term} ({n}),1")
                }
            };
            text += &format!(
                "refugee,{},{},{}\n",
                cell(en, "refugee"),
                cell(fr, "réfugié"),
                cell(0, "refugiado")
            );
        }
        text
    }

    #[test]
    fn counts_past_the_largest_are_refused_not_wrapped() {
        let glossary = Glossary::builtin();
        let mut sum = ByConcept::new(&glossary);
        sum.add_table(&table(&[(u64::MAX, 1)]), Path::new("a.csv"))
            .unwrap();
        // u64::MAX + 3 once wrapped to 2.
        let e = sum
            .add_table(&table(&[(3, 1)]), Path::new("b.csv"))
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("b.csv:2: field en_count: the counts add up past"),
            "{e}"
        );
    }

    #[test]
    fn a_concept_given_two_rows_is_refused() {
        let glossary = Glossary::builtin();
        let mut sum = ByConcept::new(&glossary);
        let e = sum
            .add_table(&table(&[(2, 1), (5, 0)]), Path::new("a.csv"))
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("a.csv:3: field concept: \"refugee\" has a row at line 2 already"),
            "{e}"
        );
    }
}
