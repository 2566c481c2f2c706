//! The properties the fuzz targets check, one function per target, shared
//! by `fuzz/` (libFuzzer, nightly) and by `tests/fuzz_regressions.rs`, which
//! replays the inputs that once broke them on every `cargo test`.
//!
//! Each function takes arbitrary bytes, must not panic on any of them, and
//! panics when a property fails. Errors are fine: bad input is meant to be
//! refused, with a message that names a line of the input, not to crash
//! or to come back changed. Time is checked too: the readers run within a
//! budget of bytes allocated linear in their input (`budget.rs`), and
//! libFuzzer's `-timeout` catches the rest (`fuzz/run`).
//!
//! Here: the glossary and bitext XML readers, tokenization, sentences and
//! matching; `text.rs`: decoding, mojibake repair and JSON Lines;
//! `tables.rs`: the line-based side inputs and tables (bitext TSV and
//! line-aligned files, the suggestions CSV, merge partials, align's and
//! suggest's side files).

mod budget;
mod tables;
mod text;

pub use budget::{CountingAllocator, linear};
pub use tables::{align_side_files, bitext_text, partials, suggest_gold, suggestions_csv};
pub use text::{decoding, json_lines, mojibake};

use std::path::Path;
use std::sync::OnceLock;

use crate::analysis::normalize::{fold_key, lower, nfc};
use crate::analysis::sentences;
use crate::analysis::tokenize::tokenize;
use crate::formats::bitext::{self, BitextFormat};
use crate::formats::tbx;
use crate::formats::{self, Format, Pair};
use crate::glossary::{Glossary, Status};
use crate::lang::Lang;
use crate::{Config, Error, MatchMode, Pipeline};

/// Lines in a file of these bytes (a last line without a break counts).
fn lines_in(bytes: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', bytes).count() as u64 + 1
}

/// An error names the file it is about (`path`) and, where it names a
/// line, one of its `lines` lines.
fn assert_located(e: &Error, path: &Path, lines: u64) {
    let message = e.to_string();
    if let Error::Usage(_) = e {
        return;
    }
    assert!(
        message.starts_with(&path.display().to_string()),
        "the error names another file: {message}"
    );
    if let Error::Format { at, .. } = e
        && let Some(line) = at.line
    {
        assert!(
            (1..=lines).contains(&line),
            "line {line} of {lines}: {message}"
        );
    }
    // "at line 3", in the reason of a decoding error; not in what the
    // message quotes of the input ("…#line 0…"), which may say anything.
    let message = unquoted(&message);
    for (i, _) in message.match_indices("line ") {
        let digits: String = message[i + 5..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if let Ok(line) = digits.parse::<u64>() {
            assert!(
                (1..=lines).contains(&line),
                "line {line} of {lines}: {message}"
            );
        }
    }
}

/// `message` without the text it quotes (`"…"`, as `{:?}` writes it, with
/// `\"` inside).
fn unquoted(message: &str) -> String {
    let mut out = String::new();
    let (mut quoted, mut escaped) = (false, false);
    for c in message.chars() {
        if quoted {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => quoted = false,
                _ => {}
            }
        } else if c == '"' {
            quoted = true;
        } else {
            out.push(c);
        }
    }
    out
}

/// What a glossary says, without where it said it (line numbers).
type Content = Vec<(
    String,
    String,
    String,
    String,
    Vec<String>,
    Vec<(Lang, String, Status, String, String, String, String)>,
)>;

fn content(glossary: &Glossary) -> Content {
    glossary
        .concepts
        .iter()
        .map(|c| {
            // A concept's terms in order per language; the order across
            // languages means nothing (TBX groups them by language).
            let mut terms: Vec<_> = c
                .terms
                .iter()
                .map(|t| {
                    (
                        t.lang,
                        t.text.clone(),
                        t.status,
                        t.pos.as_str().to_string(),
                        t.region.clone(),
                        t.guard.as_str().to_string(),
                        t.note.clone(),
                    )
                })
                .collect();
            terms.sort_by_key(|t| t.0);
            (
                c.id.clone(),
                c.note.clone(),
                c.source.clone(),
                crate::glossary::Subject::join(&c.subjects),
                c.related.clone(),
                terms,
            )
        })
        .collect()
}

/// A glossary written as TBX (v3 and 2008) and as native CSV reads back the
/// same (TBX may refuse, with an error, what it cannot hold: an id that is
/// not an XML name).
pub fn assert_round_trips(glossary: &Glossary) {
    type TbxWriter = fn(&Glossary, &mut Vec<u8>) -> std::io::Result<()>;
    let writers: [(&str, TbxWriter); 2] = [
        ("TBX", |g, out| tbx::write(g, out)),
        ("TBX 2008", |g, out| tbx::write_2008(g, out)),
    ];
    for (name, write) in writers {
        let mut tbx_bytes = Vec::new();
        // The writer may refuse what TBX cannot hold (an id that is not an
        // XML name), with a message; what it writes must read back the same.
        if write(glossary, &mut tbx_bytes).is_err() {
            tbx_bytes.clear();
        }
        if !tbx_bytes.is_empty() {
            let again =
                tbx::read(tbx_bytes.as_slice(), Path::new("again.tbx")).unwrap_or_else(|e| {
                    panic!(
                        "own {name} unreadable: {e}\n{}",
                        String::from_utf8_lossy(&tbx_bytes)
                    )
                });
            assert_eq!(content(&again), content(glossary), "{name} round trip");
        }
    }
    let mut csv_bytes = Vec::new();
    glossary
        .write_csv(&mut csv_bytes)
        .expect("writing to memory");
    let again =
        Glossary::from_csv(csv_bytes.as_slice(), Path::new("again.csv")).unwrap_or_else(|e| {
            panic!(
                "own CSV unreadable: {e}\n{}",
                String::from_utf8_lossy(&csv_bytes)
            )
        });
    assert_eq!(content(&again), content(glossary), "CSV round trip");
}

/// The glossary readers for text formats (native CSV, Google CSV, DeepL and
/// OmegaT TSV); whatever one reads round-trips through TBX and CSV.
pub fn glossary_csv(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let pair = Some(Pair {
        source: Lang::En,
        target: Lang::Fr,
    });
    for format in [Format::Csv, Format::Google, Format::Deepl, Format::Omegat] {
        if let Ok(glossary) = formats::read_str(text, Path::new("fuzz.txt"), Some(format), pair) {
            assert_round_trips(&glossary);
        }
    }
}

/// The TBX reader; whatever it reads round-trips through TBX and CSV. Read as an IATE export
/// with a domain selected (`glossary import --from iate --subject 2811`), it gives concept ids
/// lint takes, lowercase kebab-case, and round-trips too.
pub fn glossary_tbx(data: &[u8]) {
    if let Ok(glossary) = tbx::read(data, Path::new("fuzz.tbx")) {
        assert_round_trips(&glossary);
    }
    let iate = tbx::ReadOptions {
        iate: true,
        domains: tbx::Domains::new(["2811", "migration"]),
    };
    if let Ok((glossary, _)) = tbx::read_with_options(data, Path::new("fuzz.tbx"), &iate) {
        for concept in &glossary.concepts {
            let id = &concept.id;
            assert!(
                id.starts_with(|c: char| c.is_ascii_lowercase())
                    && id.split('-').all(|part| {
                        !part.is_empty()
                            && part
                                .bytes()
                                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                    }),
                "IATE concept id {id:?} is not kebab-case"
            );
        }
        assert_round_trips(&glossary);
    }
}

fn bitext(data: &[u8], format: BitextFormat) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for (source, target) in [(Lang::En, Lang::Fr), (Lang::Es, Lang::En)] {
        if let Ok(bitext) = bitext::read_str(text, Path::new("fuzz"), format, source, target) {
            for pair in &bitext.pairs {
                assert!(!pair.source.is_empty(), "empty source kept: {pair:?}");
                assert!(!pair.target.is_empty(), "empty target kept: {pair:?}");
            }
        }
    }
}

/// The TMX reader.
pub fn tmx(data: &[u8]) {
    bitext(data, BitextFormat::Tmx);
}

/// The XLIFF reader (1.2 and 2.x).
pub fn xliff(data: &[u8]) {
    bitext(data, BitextFormat::Xliff);
}

fn assert_slice(text: &str, range: &std::ops::Range<usize>, what: &str) {
    assert!(
        range.start <= range.end && range.end <= text.len(),
        "{what} {range:?} out of the text"
    );
    assert!(
        text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
        "{what} {range:?} not on char boundaries"
    );
}

/// Normalization (idempotent) and tokenization (tokens are slices of the
/// text, in order, on char boundaries).
pub fn tokenize_text(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let once = nfc(&text).into_owned();
    assert_eq!(nfc(&once), once.as_str(), "nfc idempotent");
    let key = lower(&text);
    assert_eq!(lower(&key), key, "lowercasing idempotent");
    let (mut folded, mut twice) = (String::new(), String::new());
    fold_key(&key, &mut folded);
    fold_key(&folded, &mut twice);
    assert_eq!(folded, twice, "folding idempotent");

    let tokens = tokenize(&text);
    let mut end = 0;
    for token in &tokens.tokens {
        assert_slice(&text, &(token.start..token.end), "token");
        assert!(token.start < token.end, "empty token {token:?}");
        assert!(token.start >= end, "tokens overlap or go back: {token:?}");
        end = token.end;
        assert!((token.sentence as usize) < tokens.sentences.len().max(1));
        assert!((token.paragraph as usize) < tokens.paragraphs.len().max(1));
    }
    for range in tokens.sentences.iter().chain(&tokens.paragraphs) {
        assert_slice(&text, range, "sentence or paragraph");
    }
}

/// Sentence splitting in every language: trimmed, non-empty ranges, in
/// order, on char boundaries.
pub fn sentences(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for lang in Lang::ALL {
        let mut end = 0;
        for range in sentences::split(&text, lang) {
            assert_slice(&text, &range, "sentence");
            assert!(range.start >= end, "sentences overlap: {range:?}");
            let sentence = &text[range.clone()];
            assert!(!sentence.is_empty(), "empty sentence at {range:?}");
            assert_eq!(sentence.trim(), sentence, "sentence not trimmed");
            end = range.end;
        }
    }
}

/// Detection, routing and matching with the built-in glossary: every hit is
/// the text at its offsets, on char boundaries, and spans its tokens.
pub fn matcher(data: &[u8]) {
    static PIPELINES: OnceLock<Vec<Pipeline>> = OnceLock::new();
    let pipelines = PIPELINES.get_or_init(|| {
        let glossary = Glossary::builtin();
        std::iter::once(None)
            .chain(Lang::ALL.map(Some))
            .map(|lang| {
                let config = Config {
                    lang,
                    ..Config::default()
                };
                Pipeline::new(&glossary, config)
            })
            .collect()
    });
    let text = String::from_utf8_lossy(data);
    for pipeline in pipelines {
        assert_matches(&text, &pipeline.analyze(&text));
    }
}

/// The matches of an analysis of `text` are slices of it that span their
/// tokens, in order, without overlapping.
fn assert_matches(text: &str, analysis: &crate::analysis::pipeline::Analysis) {
    let tokens = &analysis.tokens.tokens;
    let mut end = 0;
    for m in &analysis.matches {
        assert_slice(text, &(m.start..m.end), "match");
        assert!(m.first_token < m.end_token && m.end_token <= tokens.len());
        assert_eq!(
            (tokens[m.first_token].start, tokens[m.end_token - 1].end),
            (m.start, m.end),
            "a match spans its tokens"
        );
        assert!(m.start >= end, "matches overlap");
        end = m.end;
    }
}

/// Matching with an arbitrary glossary: the input cut at its first byte
/// 0xFF into a native CSV glossary and a text; byte 0 picks the language
/// (detected, en, fr, es) and the match mode. Every hit is a slice of the
/// text spanning its tokens, hits do not overlap, and each names a term of
/// the glossary in the hit's language; compiling and matching take time
/// linear in the glossary and the text.
pub fn matcher_glossary(data: &[u8]) {
    let [first, rest @ ..] = data else {
        return;
    };
    let cut = rest.iter().position(|&b| b == 0xFF).unwrap_or(rest.len());
    let glossary = String::from_utf8_lossy(&rest[..cut]);
    let text = String::from_utf8_lossy(rest.get(cut + 1..).unwrap_or_default());
    let Some(glossary) = linear("glossary read", glossary.len(), 256, 1 << 16, || {
        tables::glossary_of(&glossary)
    }) else {
        return;
    };
    let config = Config {
        lang: [None, Some(Lang::En), Some(Lang::Fr), Some(Lang::Es)][usize::from(first & 3)],
        match_mode: if first & 4 == 0 {
            MatchMode::Inflect
        } else {
            MatchMode::Stem
        },
    };
    let analysis = linear("compiling and matching", data.len(), 1024, 8 << 20, || {
        Pipeline::new(&glossary, config.clone()).analyze(&text)
    });
    assert_matches(&text, &analysis);
    for m in &analysis.matches {
        let term = glossary
            .concepts
            .get(m.term.concept as usize)
            .and_then(|c| c.terms.get(m.term.term as usize))
            .unwrap_or_else(|| panic!("no such term: {:?}", m.term));
        assert_eq!(term.lang, m.lang, "a hit in another language than its term");
    }
}
