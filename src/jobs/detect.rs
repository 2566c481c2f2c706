//! The detect job: each document's language, its number of words and the
//! signs of mojibake in it, one row per document. A document read in pieces
//! (a file larger than a piece, `crate::input`) is detected piece by piece
//! and its row made once its last piece is in: the language most of its
//! words were detected as, weighted by confidence.
//!
//! With `paragraphs` (`detect --paragraphs`), a row per paragraph instead:
//! its language on its own and the one the pipeline routes it to (a short
//! paragraph takes its document's), numbered across a document's pieces and
//! with its first line in the file.
//!
//! A document in none of our languages (`und`) is given the neighbour
//! language it looks most like, when detection has one (`guess`: `pt`,
//! `gl`…), so that "und" says what to do with it.

use crate::analysis::detect::{Detection, Neighbour};
use crate::analysis::pipeline::{ParagraphRoute, Pipeline};
use crate::analysis::tokenize::Tokens;
use crate::input::{self, Document};
use crate::lang::Lang;

/// The columns of the detect report.
pub const HEADER: [&str; 5] = ["doc", "lang", "confidence", "words", "guess"];

/// The report as a workbook.
pub const XLSX: crate::formats::table::Columns = crate::formats::table::Columns {
    numbers: &["confidence", "words"],
    ..crate::formats::table::Columns::named("languages")
};

/// The columns of the report by paragraph (`paragraphs`): `paragraph` is
/// its number in the document (from 1), `line` the line it starts at,
/// `lang` to `guess` what it reads as on its own, `routed` the language its
/// terms are looked for in (`und`: none).
pub const PARAGRAPH_HEADER: [&str; 8] = [
    "doc",
    "paragraph",
    "line",
    "lang",
    "confidence",
    "words",
    "guess",
    "routed",
];

/// The report by paragraph as a workbook.
pub const PARAGRAPH_XLSX: crate::formats::table::Columns = crate::formats::table::Columns {
    numbers: &["paragraph", "line", "confidence", "words"],
    ..crate::formats::table::Columns::named("paragraphs")
};

/// What one document, or one piece of it, showed.
pub struct Piece {
    pub doc: String,
    pub piece: input::Piece,
    pub detection: Detection,
    pub words: usize,
    pub mojibake: Mojibake,
    /// When asked for: each paragraph of the piece, with the line (in the
    /// whole document) it starts at.
    pub paragraphs: Vec<(u64, ParagraphRoute)>,
}

/// Detects a document (or a piece of one), and each of its paragraphs when
/// `paragraphs` says so; `tokens` is a buffer, reused from one document to
/// the next.
pub fn detect_piece(
    pipeline: &Pipeline,
    doc: Document,
    tokens: &mut Tokens,
    paragraphs: bool,
) -> Piece {
    let mut mojibake = Mojibake::default();
    mojibake.scan(&doc);
    let (detection, words, paragraphs) = if paragraphs {
        let (detection, words, routes) = pipeline.document_paragraphs(&doc);
        // Each paragraph's line (as `input::Piece::line_column` counts
        // them), counted on from the one before: counted from the start of
        // the text for each, 200,000 one-word paragraphs took 12 s.
        let bytes = doc.text.as_bytes();
        let (mut line, mut at) = (doc.piece.lines + 1, 0);
        let paragraphs = routes
            .into_iter()
            .map(|route| {
                let start = route.range.start;
                line += memchr::memchr_iter(b'\n', &bytes[at..start]).count() as u64;
                at = start;
                (line, route)
            })
            .collect();
        (detection, words, paragraphs)
    } else {
        let (detection, words) = pipeline.detect_document(&doc, tokens);
        (detection, words, Vec::new())
    };
    Piece {
        doc: doc.name,
        piece: doc.piece,
        detection,
        words,
        mojibake,
        paragraphs,
    }
}

/// A paragraph's row of the report by paragraph.
pub struct ParagraphRow {
    pub doc: String,
    /// Its number in the document, from 1.
    pub paragraph: usize,
    /// The line of the document it starts at, from 1.
    pub line: u64,
    pub route: ParagraphRoute,
}

impl ParagraphRow {
    /// The row as the report's fields, in [`PARAGRAPH_HEADER`]'s order, the
    /// document's name written as `fields` says.
    pub fn record(&self, fields: crate::formats::spreadsheet::CsvFields) -> [String; 8] {
        let detection = &self.route.detection;
        [
            fields.text(&self.doc).into_owned(),
            self.paragraph.to_string(),
            self.line.to_string(),
            lang_code(detection.lang).to_string(),
            format!("{:.2}", detection.confidence),
            self.route.words.to_string(),
            guess_code(detection.guess).to_string(),
            lang_code(self.route.routed).to_string(),
        ]
    }
}

/// A document's row of the report.
pub struct Row {
    pub doc: String,
    /// None: a language other than ours (`und`).
    pub lang: Option<Lang>,
    pub confidence: f64,
    pub words: usize,
    /// For `und`: the neighbour language the document looks most like.
    pub guess: Option<Neighbour>,
    pub mojibake: Mojibake,
}

impl Row {
    /// The row as the report's fields, in [`HEADER`]'s order, the
    /// document's name written as `fields` says.
    pub fn record(&self, fields: crate::formats::spreadsheet::CsvFields) -> [String; 5] {
        [
            fields.text(&self.doc).into_owned(),
            lang_code(self.lang).to_string(),
            format!("{:.2}", self.confidence),
            self.words.to_string(),
            guess_code(self.guess).to_string(),
        ]
    }
}

/// A language as the report writes it: its code, `und` for none of ours.
fn lang_code(lang: Option<Lang>) -> &'static str {
    lang.map_or("und", |l| l.code())
}

/// A guess as the report writes it: the neighbour's code, or empty.
fn guess_code(guess: Option<Neighbour>) -> &'static str {
    guess.map_or("", |g| g.code())
}

/// Puts pieces together into documents' rows. Pieces come in the order of
/// the input (the parallel runner keeps it).
#[derive(Default)]
pub struct Rows {
    pending: Option<PieceTally>,
    /// Paragraphs of the current document given a row so far.
    paragraphs: usize,
}

impl Rows {
    /// The rows of a piece's paragraphs (taken from it), numbered on from
    /// those of the document's earlier pieces. A paragraph a piece's cut
    /// falls in (a piece is cut at a paragraph break when it can be) is
    /// two rows, one for each piece, as the matcher sees it.
    pub fn paragraph_rows(&mut self, piece: &mut Piece) -> Vec<ParagraphRow> {
        if piece.piece.is_first() {
            self.paragraphs = 0;
        }
        std::mem::take(&mut piece.paragraphs)
            .into_iter()
            .map(|(line, route)| {
                self.paragraphs += 1;
                ParagraphRow {
                    doc: piece.doc.clone(),
                    paragraph: self.paragraphs,
                    line,
                    route,
                }
            })
            .collect()
    }

    /// Adds a piece; returns its document's row once the document is
    /// complete (at once for a document read whole).
    pub fn add(&mut self, piece: Piece) -> Option<Row> {
        if piece.piece == input::Piece::WHOLE {
            return Some(Row {
                doc: piece.doc,
                lang: piece.detection.lang,
                confidence: piece.detection.confidence,
                words: piece.words,
                guess: piece.detection.guess,
                mojibake: piece.mojibake,
            });
        }
        if piece.piece.is_first() {
            self.pending = None;
        }
        let tally = self.pending.get_or_insert_with(PieceTally::default);
        tally.add(&piece.detection, piece.words);
        tally.mojibake.absorb(piece.mojibake);
        if !piece.piece.last {
            return None;
        }
        let tally = self.pending.take().unwrap_or_default();
        let (lang, confidence) = tally.detection();
        Some(Row {
            doc: piece.doc,
            lang,
            confidence,
            words: tally.words,
            guess: lang.is_none().then(|| tally.guess()).flatten(),
            mojibake: tally.mojibake,
        })
    }
}

/// The mojibake seen in a document (over its pieces).
#[derive(Default)]
pub struct Mojibake {
    c1: usize,
    /// Line, column and character of the first C1 control.
    first_c1: Option<(u64, usize, char)>,
    utf8: usize,
    /// Line, column and characters of the first misread UTF-8.
    first_utf8: Option<(u64, usize, String)>,
}

impl Mojibake {
    /// Adds what a document's (next piece's) text shows.
    fn scan(&mut self, doc: &Document) {
        let report = crate::input::mojibake::scan(&doc.text);
        let at = |offset| doc.piece.line_column(doc.text.as_bytes(), offset);
        self.c1 += report.c1;
        if let (None, Some((offset, c))) = (&self.first_c1, report.first_c1) {
            let (line, column) = at(offset);
            self.first_c1 = Some((line, column, c));
        }
        self.utf8 += report.utf8;
        if let (None, Some((offset, seen))) = (&self.first_utf8, report.first_utf8) {
            let (line, column) = at(offset);
            self.first_utf8 = Some((line, column, seen));
        }
    }

    /// Adds what a later piece of the document showed.
    fn absorb(&mut self, later: Mojibake) {
        self.c1 += later.c1;
        self.utf8 += later.utf8;
        self.first_c1 = self.first_c1.take().or(later.first_c1);
        self.first_utf8 = self.first_utf8.take().or(later.first_utf8);
    }

    /// What the document shows, if there is mojibake: "looks like mojibake:
    /// 3 C1 control characters (U+0092 at line 2, column 7): Windows-1252
    /// read as Latin-1". (Repairing it is `TextOptions::fix_mojibake`.)
    pub fn signs(&self) -> Option<String> {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut signs = Vec::new();
        if let Some((line, column, c)) = self.first_c1 {
            signs.push(format!(
                "{} (U+{:04X} at line {line}, column {column}): Windows-1252 read as Latin-1",
                plural(self.c1, "C1 control character", "C1 control characters"),
                c as u32,
            ));
        }
        if let Some((line, column, seen)) = &self.first_utf8 {
            signs.push(format!(
                "{} ({seen:?} at line {line}, column {column}): UTF-8 read as Windows-1252",
                plural(self.utf8, "misread character", "misread characters"),
            ));
        }
        (!signs.is_empty()).then(|| format!("looks like mojibake: {}", signs.join("; ")))
    }
}

/// What has been seen of a document read in pieces, so far.
#[derive(Default)]
struct PieceTally {
    words: usize,
    /// Per language, words times confidence of the pieces detected as it.
    votes: [f64; 3],
    /// Per neighbour (in [`Neighbour::ALL`]'s order), the words of the
    /// `und` pieces guessed as it.
    guesses: [usize; Neighbour::ALL.len()],
    mojibake: Mojibake,
}

impl PieceTally {
    fn add(&mut self, detection: &Detection, words: usize) {
        self.words += words;
        if let Some(lang) = detection.lang {
            self.votes[lang.index()] += words as f64 * detection.confidence;
        } else if let Some(guess) = detection.guess
            && let Some(i) = Neighbour::ALL.iter().position(|&n| n == guess)
        {
            self.guesses[i] += words;
        }
    }

    /// The guess for a document that is `und`: the one most words of its
    /// `und` pieces had (the first in [`Neighbour::ALL`]'s order on a tie).
    fn guess(&self) -> Option<Neighbour> {
        let (i, &words) = self
            .guesses
            .iter()
            .enumerate()
            .rev()
            .max_by_key(|&(_, &n)| n)?;
        (words > 0).then(|| Neighbour::ALL[i])
    }

    /// The document's language: the one most words were detected as, and
    /// its share of the words, weighted by confidence.
    fn detection(&self) -> (Option<Lang>, f64) {
        let best = (0..3)
            .filter(|&i| self.votes[i] > 0.0)
            .max_by(|&a, &b| self.votes[a].total_cmp(&self.votes[b]));
        match best {
            Some(i) => (Some(Lang::ALL[i]), self.votes[i] / self.words.max(1) as f64),
            None => (None, 0.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn piece(index: u32, last: bool, detection: Detection, words: usize) -> Piece {
        Piece {
            doc: "big.txt".into(),
            piece: input::Piece {
                index,
                last,
                ..input::Piece::WHOLE
            },
            detection,
            words,
            mojibake: Mojibake::default(),
            paragraphs: Vec::new(),
        }
    }

    fn und(guess: Option<Neighbour>) -> Detection {
        Detection {
            lang: None,
            confidence: 0.9,
            guess,
        }
    }

    #[test]
    fn a_document_in_pieces_takes_the_guess_of_most_words() {
        let mut rows = Rows::default();
        assert!(
            rows.add(piece(0, false, und(Some(Neighbour::Pt)), 10))
                .is_none()
        );
        assert!(
            rows.add(piece(1, false, und(Some(Neighbour::Gl)), 30))
                .is_none()
        );
        let row = rows.add(piece(2, true, und(None), 5)).unwrap();
        assert_eq!((row.lang, row.guess), (None, Some(Neighbour::Gl)));
        assert_eq!(row.words, 45);
    }

    #[test]
    fn a_document_in_pieces_in_our_language_has_no_guess() {
        let mut rows = Rows::default();
        let en = Detection::imposed(Some(Lang::En));
        assert!(
            rows.add(piece(0, false, und(Some(Neighbour::Pt)), 10))
                .is_none()
        );
        let row = rows.add(piece(1, true, en, 30)).unwrap();
        assert_eq!((row.lang, row.guess), (Some(Lang::En), None));
    }
}
