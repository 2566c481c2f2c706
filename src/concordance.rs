//! The concordance job's reports: every occurrence as a CSV row, and the
//! cross-language view per concept. Both are sinks fed one analysed document
//! at a time, so a new report is a new sink, not a branch in the matcher.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::glossary::Glossary;
use crate::input::{Document, LineIndex};
use crate::lang::Lang;
use crate::normalize::collapse_whitespace;
use crate::pipeline::Analysis;

/// About this many characters of context on each side of a hit.
pub const CONTEXT_CHARS: usize = 60;

/// Receives analysed documents, in input order.
pub trait Sink {
    fn document(&mut self, doc: &Document, analysis: &Analysis) -> Result<()>;
    fn finish(&mut self) -> Result<()>;
}

/// One row of the concordance CSV; the field order is the column order.
#[derive(Debug, Serialize)]
pub struct Row<'a> {
    pub concept: &'a str,
    pub lang: &'static str,
    pub term: &'a str,
    pub status: &'static str,
    #[serde(rename = "match")]
    pub kind: &'static str,
    pub doc: &'a str,
    pub line: usize,
    pub start: usize,
    pub end: usize,
    pub hit: &'a str,
    pub left: String,
    pub right: String,
}

/// The concordance columns, in order.
pub const COLUMNS: [&str; 12] = [
    "concept", "lang", "term", "status", "match", "doc", "line", "start", "end", "hit", "left",
    "right",
];

/// Writes one CSV row per occurrence.
pub struct CsvSink<'g, W: Write> {
    glossary: &'g Glossary,
    writer: csv::Writer<W>,
    output: String,
    header_written: bool,
}

impl<'g, W: Write> CsvSink<'g, W> {
    /// `output` names the destination in error messages.
    pub fn new(glossary: &'g Glossary, writer: W, output: &str) -> CsvSink<'g, W> {
        CsvSink {
            glossary,
            writer: csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(writer),
            output: output.to_string(),
            header_written: false,
        }
    }

    /// Flushes and returns the underlying writer.
    pub fn into_inner(self) -> Result<W> {
        let output = self.output;
        self.writer
            .into_inner()
            .map_err(|e| Error::io(output, e.into_error()))
    }
}

impl<W: Write> CsvSink<'_, W> {
    /// The header goes out even when no document has a hit.
    fn header(&mut self) -> Result<()> {
        if !self.header_written {
            self.header_written = true;
            self.writer
                .write_record(COLUMNS)
                .map_err(|e| csv_write_error(&self.output, e))?;
        }
        Ok(())
    }
}

impl<W: Write> Sink for CsvSink<'_, W> {
    fn document(&mut self, doc: &Document, analysis: &Analysis) -> Result<()> {
        self.header()?;
        let text = &doc.text;
        let name = doc.name();
        let lines = LineIndex::new(text);
        for m in &analysis.matches {
            let concept = &self.glossary.concepts[m.term.concept as usize];
            let term = &concept.terms[m.term.term as usize];
            let sentence =
                &analysis.tokens.sentences[analysis.tokens.tokens[m.first_token].sentence as usize];
            let row = Row {
                concept: &concept.id,
                lang: m.lang.code(),
                term: &term.text,
                status: term.status.as_str(),
                kind: m.kind.as_str(),
                doc: &name,
                line: lines.line(m.start),
                start: m.start,
                end: m.end,
                hit: &text[m.start..m.end],
                left: left_context(near_end(&text[sentence.start..m.start.max(sentence.start)])),
                right: right_context(near_start(&text[m.end.min(sentence.end)..sentence.end])),
            };
            self.writer
                .serialize(&row)
                .map_err(|e| csv_write_error(&self.output, e))?;
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        self.header()?;
        self.writer
            .flush()
            .map_err(|e| Error::io(self.output.clone(), e))
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
    count: usize,
    forms: HashMap<String, usize>,
    docs: usize,
    last_doc: Option<usize>,
}

/// The cross-language concordance: one row per concept found, with the
/// preferred term, count, surface forms and documents per language.
pub struct ByConcept<'g> {
    glossary: &'g Glossary,
    /// (concept index, language index) → tally; sorted by concept order.
    tallies: BTreeMap<(u32, usize), ConceptTally>,
    docs_seen: usize,
}

impl<'g> ByConcept<'g> {
    pub fn new(glossary: &'g Glossary) -> ByConcept<'g> {
        ByConcept {
            glossary,
            tallies: BTreeMap::new(),
            docs_seen: 0,
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

    /// Writes the table as CSV; `output` names it in errors.
    pub fn write<W: Write>(&self, writer: W, output: &str) -> Result<W> {
        let mut csv = csv::Writer::from_writer(writer);
        let err = |e: csv::Error| csv_write_error(output, e);
        csv.write_record(Self::header()).map_err(err)?;
        let mut concepts: Vec<u32> = self.tallies.keys().map(|&(c, _)| c).collect();
        concepts.dedup();
        for ci in concepts {
            let concept = &self.glossary.concepts[ci as usize];
            let mut record = vec![concept.id.clone()];
            for lang in Lang::ALL {
                let preferred = concept.preferred(lang).map_or("", |t| t.text.as_str());
                record.push(preferred.to_string());
                match self.tallies.get(&(ci, lang.index())) {
                    Some(t) => {
                        let mut forms: Vec<(&String, &usize)> = t.forms.iter().collect();
                        forms.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
                        let forms: Vec<&str> = forms.iter().map(|(f, _)| f.as_str()).collect();
                        record.push(t.count.to_string());
                        record.push(forms.join("|"));
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

impl Sink for ByConcept<'_> {
    fn document(&mut self, doc: &Document, analysis: &Analysis) -> Result<()> {
        let doc_index = self.docs_seen;
        self.docs_seen += 1;
        for m in &analysis.matches {
            let tally = self
                .tallies
                .entry((m.term.concept, m.lang.index()))
                .or_default();
            tally.count += 1;
            let form = collapse_whitespace(&doc.text[m.start..m.end]);
            *tally.forms.entry(form).or_default() += 1;
            if tally.last_doc != Some(doc_index) {
                tally.last_doc = Some(doc_index);
                tally.docs += 1;
            }
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
