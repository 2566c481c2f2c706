//! Counting a corpus on several threads: translation pairs and documents
//! cut into chunks, each chunk counted on a thread with its own
//! [`Context`], the chunks' counts merged in input order, so the counts are
//! those of one thread (see the module's "Counting, then scoring"). This is
//! what `termalign suggest` does before scoring; a library caller gets the
//! same counts by calling the same two functions.

use super::{ComparableCounts, Context, ParallelCounts};
use crate::analysis::detect::Detector;
use crate::analysis::matcher::Matcher;
use crate::analysis::pipeline::document_language;
use crate::error::{Error, Result};
use crate::formats::bitext::SegmentPair;
use crate::glossary::Glossary;
use crate::input::Document;
use crate::lang::Lang;
use crate::parallel::Runner;

/// Translation pairs counted per chunk, one chunk per task.
pub const PAIRS_PER_CHUNK: usize = 2048;

/// Documents counted per chunk (about this many bytes), one chunk per task.
pub const CHUNK_BYTES: usize = 1 << 20;

/// Counts translation pairs into `counts` (made with a context of
/// `glossary` and `matcher`) on the runner's threads.
pub fn count_pairs(
    counts: &mut ParallelCounts,
    glossary: &Glossary,
    matcher: &Matcher,
    pairs: &[SegmentPair],
    runner: &Runner,
) -> Result<()> {
    let (source, target) = counts.langs();
    let weight =
        |chunk: &&[SegmentPair]| chunk.iter().map(|p| p.source.len() + p.target.len()).sum();
    let count = |chunk: &[SegmentPair]| {
        let mut context = Context::new(glossary, matcher);
        let mut part = ParallelCounts::new(&context, source, target);
        for pair in chunk {
            part.add_pair(&mut context, &pair.source, &pair.target);
        }
        part
    };
    runner.run(pairs.chunks(PAIRS_PER_CHUNK), weight, count, |part| {
        counts.merge(part)
    })
}

/// What became of a document that added nothing to comparable counts.
#[derive(Debug)]
pub enum Left {
    /// It could not be read.
    Unreadable(Error),
    /// Its language is none of ours (the document's name).
    OtherLanguage(String),
}

/// Counts documents into `counts` (made with a context of `glossary` and
/// `matcher`) on the runner's threads, each in its language as
/// [`document_language`] decides it (declared, else detected), a piece at a
/// time when `documents` gives pieces (as [`crate::input::Documents`]
/// does). `left` hears, in input order, of each document that added
/// nothing.
pub fn count_documents(
    counts: &mut ComparableCounts,
    glossary: &Glossary,
    matcher: &Matcher,
    documents: impl Iterator<Item = Result<Document>>,
    runner: &Runner,
    mut left: impl FnMut(Left),
) -> Result<()> {
    let detector = Detector::new();
    // A document of several pieces is in the language its first piece is
    // detected in (decided here, in input order, as pieces of one document
    // may be counted on different threads); a document of one piece is
    // detected where it is counted.
    let mut current = None;
    let first_detector = &detector;
    let documents = documents.map(move |doc| {
        doc.map(|doc| {
            let lang = match (doc.piece.index, doc.piece.last) {
                (0, true) => Decided::Detect,
                (0, false) => {
                    current = document_language(first_detector, &doc.text, None, doc.lang).lang;
                    Decided::Known(current)
                }
                _ => Decided::Known(current),
            };
            (doc, lang)
        })
    });
    let weight = |chunk: &Vec<Result<(Document, Decided)>>| {
        chunk
            .iter()
            .map(|d| d.as_ref().map_or(0, |(d, _)| d.text.len()))
            .sum()
    };
    let count = |chunk: Vec<Result<(Document, Decided)>>| {
        let mut context = Context::new(glossary, matcher);
        let mut part = ComparableCounts::new(&context);
        let mut lefts = Vec::new();
        for doc in chunk {
            let (doc, decided) = match doc {
                Ok(doc) => doc,
                Err(e) => {
                    lefts.push(Left::Unreadable(e));
                    continue;
                }
            };
            let first = doc.piece.index == 0;
            let lang = match decided {
                Decided::Detect => document_language(&detector, &doc.text, None, doc.lang).lang,
                Decided::Known(lang) => lang,
            };
            match lang {
                Some(lang) => part.add_text(&mut context, lang, &doc.text, first),
                // Said once a document.
                None if first => lefts.push(Left::OtherLanguage(doc.name)),
                None => {}
            }
        }
        (part, lefts)
    };
    runner.run(
        chunked(documents, CHUNK_BYTES, |(doc, _)| doc),
        weight,
        count,
        |(part, lefts)| {
            lefts.into_iter().for_each(&mut left);
            counts.merge(part)
        },
    )
}

/// The language a piece is counted in.
#[derive(Clone, Copy)]
enum Decided {
    /// A whole document: detected where it is counted.
    Detect,
    /// A piece of a larger document: its first piece's language.
    Known(Option<Lang>),
}

/// Groups `items` into chunks of about `bytes` bytes of document text
/// (`text` finds an item's document).
fn chunked<T>(
    items: impl Iterator<Item = Result<T>>,
    bytes: usize,
    text: impl Fn(&T) -> &Document,
) -> impl Iterator<Item = Vec<Result<T>>> {
    let mut items = items.peekable();
    std::iter::from_fn(move || {
        items.peek()?;
        let mut chunk = Vec::new();
        let mut size = 0;
        while size < bytes
            && let Some(item) = items.next()
        {
            size += item.as_ref().map_or(0, |d| text(d).text.len());
            chunk.push(item);
        }
        Some(chunk)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Piece;

    fn doc(name: &str, text: &str) -> Result<Document> {
        Ok(Document {
            name: name.to_string(),
            text: text.to_string(),
            lang: None,
            piece: Piece::WHOLE,
        })
    }

    #[test]
    fn chunks_hold_about_the_bytes_asked_and_keep_the_order() {
        let docs = (0..7).map(|i| doc(&i.to_string(), "abcd"));
        let chunks: Vec<Vec<String>> = chunked(docs, 10, |doc| doc)
            .map(|c| c.into_iter().map(|d| d.unwrap().name).collect())
            .collect();
        assert_eq!(
            chunks,
            [vec!["0", "1", "2"], vec!["3", "4", "5"], vec!["6"]]
        );
    }

    /// Counts do not depend on the number of threads, and every document
    /// that adds nothing is heard of in input order.
    #[test]
    fn documents_counted_on_one_thread_or_two_give_the_same_counts() {
        let glossary = Glossary::builtin();
        let matcher = Matcher::new(&glossary);
        let docs = || {
            vec![
                doc(
                    "en",
                    "Refugees and asylum seekers crossed the border at night.",
                ),
                Err(Error::Usage("unreadable".into())),
                doc(
                    "de",
                    "Die Flüchtlinge überquerten nachts die Grenze des Landes.",
                ),
                doc(
                    "fr",
                    "Les réfugiés et les demandeurs d'asile ont franchi la frontière.",
                ),
            ]
            .into_iter()
        };
        let mut json = Vec::new();
        for jobs in [1, 2] {
            let mut counts = ComparableCounts::new(&Context::new(&glossary, &matcher));
            let mut lefts = Vec::new();
            count_documents(
                &mut counts,
                &glossary,
                &matcher,
                docs(),
                &Runner::new(jobs).unwrap(),
                |l| lefts.push(format!("{l:?}")),
            )
            .unwrap();
            assert_eq!(lefts.len(), 2, "{lefts:?}");
            assert!(lefts[1].contains("OtherLanguage(\"de\")"), "{lefts:?}");
            let mut out = Vec::new();
            super::super::Partial::Comparable(counts)
                .write_json(&mut out)
                .unwrap();
            json.push(out);
        }
        assert_eq!(json[0], json[1]);
    }
}
