//! The fuzz targets of the line-based side inputs and tables: bitext TSV
//! and line-aligned files, the suggestions CSV of `glossary merge`, the
//! partials of `merge`, the gold, dictionary and pair-list files of `align`,
//! and the gold file of `suggest`. Each reads arbitrary text, checks that
//! what it reads writes back and reads the same, that an error names a line
//! of the input, and that time (bytes allocated) is linear in the input.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use super::budget::linear;
use super::{assert_located, content, lines_in};
use crate::formats::bitext::{self, BitextFormat};
use crate::glossary::Glossary;
use crate::jobs::align::{
    AlignOptions, Aligner, Dictionary, batch::read_pair_list, format_gold, read_gold,
};
use crate::jobs::partials::{Partials, Total};
use crate::jobs::suggest::{Gold, Options, Partial};
use crate::lang::Lang;
use crate::{Matcher, formats};

/// The shipped glossary, read once.
pub(super) fn builtin() -> &'static Glossary {
    static GLOSSARY: OnceLock<Glossary> = OnceLock::new();
    GLOSSARY.get_or_init(Glossary::builtin)
}

/// Two-column TSV bitexts, and line-aligned pairs of files (the input cut
/// in two at its first byte 0xFF, which UTF-8 never holds). Checks: pairs
/// have text on both sides, on lines of the file, in order; written as TSV
/// they read back the same (line-aligned pairs too: the two readers agree);
/// errors name a line of the file.
pub fn bitext_text(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let lines = lines_in(text.as_bytes());
    let path = Path::new("fuzz.tsv");
    for (source, target) in [(Lang::En, Lang::Fr), (Lang::Fr, Lang::Es)] {
        let read = linear("bitext TSV", text.len(), 64, 1 << 14, || {
            bitext::read_str(&text, path, BitextFormat::Tsv, source, target)
        });
        match read {
            Ok(b) => assert_tsv_round_trips(&b, source, target, lines),
            Err(e) => assert_located(&e, path, lines),
        }
    }
    let cut = data.iter().position(|&b| b == 0xFF).unwrap_or(data.len());
    let (a, b) = (&data[..cut], data.get(cut + 1..).unwrap_or_default());
    let (a, b) = (String::from_utf8_lossy(a), String::from_utf8_lossy(b));
    let (pa, pb) = (Path::new("a.txt"), Path::new("b.txt"));
    let read = linear("line-aligned files", data.len(), 64, 1 << 14, || {
        bitext::read_line_aligned_str(&a, &b, pa, pb)
    });
    match read {
        Ok(bitext) => {
            let lines = lines_in(a.as_bytes()).min(lines_in(b.as_bytes()));
            assert_tsv_round_trips(&bitext, Lang::En, Lang::Fr, lines);
        }
        // The one error is the line counts, which names no line.
        Err(e) => assert_located(&e, pa, 0),
    }
}

/// The pairs of `b` are sound and read back the same from TSV.
fn assert_tsv_round_trips(b: &bitext::Bitext, source: Lang, target: Lang, lines: u64) {
    let mut last = 0;
    let mut tsv = format!("{source}\t{target}\n");
    for pair in &b.pairs {
        assert!(
            !pair.source.is_empty() && !pair.target.is_empty(),
            "{pair:?}"
        );
        assert!(pair.line > last && pair.line <= lines, "line of {pair:?}");
        assert_eq!(pair.id, pair.line.to_string());
        last = pair.line;
        for side in [&pair.source, &pair.target] {
            assert!(!side.contains(['\t', '\n', '\r']), "{pair:?}");
            assert_eq!(side.trim(), side, "not trimmed: {pair:?}");
        }
        tsv.push_str(&format!("{}\t{}\n", pair.source, pair.target));
    }
    let again = bitext::read_str(
        &tsv,
        Path::new("again.tsv"),
        BitextFormat::Tsv,
        source,
        target,
    )
    .unwrap_or_else(|e| panic!("own TSV unreadable: {e}\n{tsv}"));
    let texts = |b: &bitext::Bitext| -> Vec<(String, String)> {
        b.pairs
            .iter()
            .map(|p| (p.source.clone(), p.target.clone()))
            .collect()
    };
    assert_eq!(texts(&again), texts(b), "TSV round trip");
}

/// The glossary `glossary merge` merges into when fuzzed: the shipped
/// one's first 40 concepts (compiling all of it for every input would
/// make fuzzing slow).
fn merge_base() -> &'static Glossary {
    static BASE: OnceLock<Glossary> = OnceLock::new();
    BASE.get_or_init(|| {
        let mut glossary = builtin().clone();
        glossary.concepts.truncate(40);
        glossary
    })
}

/// The suggestions CSV of `glossary merge`. Checks: the merged glossary
/// keeps every concept and term it had, round-trips through TBX and CSV,
/// and merging the same suggestions again changes nothing; accepted rows
/// are reported in file order, on lines of the file; errors name a line of
/// the file; time linear.
pub fn suggestions_csv(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let lines = lines_in(text.as_bytes());
    let path = Path::new("fuzz.csv");
    let base = merge_base();
    let merged = linear("glossary merge", text.len(), 8192, 4 << 20, || {
        crate::glossary::merge::merge(base, &text, path)
    });
    let (glossary, report) = match merged {
        Ok(merged) => merged,
        Err(e) => return assert_located(&e, path, lines),
    };
    let mut last = 0;
    for row in &report.rows {
        assert!(row.line > last && row.line <= lines, "line of {row:?}");
        last = row.line;
    }
    let (before, after) = (content(base), content(&glossary));
    assert!(after.len() >= before.len(), "concepts removed");
    for (old, new) in before.iter().zip(&after) {
        assert_eq!(
            (&old.0, &old.1, &old.2),
            (&new.0, &new.1, &new.2),
            "concept changed"
        );
        for term in &old.5 {
            assert!(new.5.contains(term), "term {term:?} of {} lost", old.0);
        }
    }
    super::assert_round_trips(&glossary);
    let (again, _) = crate::glossary::merge::merge(&glossary, &text, path)
        .unwrap_or_else(|e| panic!("merging again fails: {e}"));
    assert_eq!(content(&again), after, "merging again changed the glossary");
}

/// The partials of `termalign merge`: by-concept tables (CSV, read against
/// the shipped glossary) and suggest counts (JSON). Byte 0, bit 0: the rest
/// is one partial, or two cut at the first byte 0xFF. Checks: the sum,
/// written out, reads back and writes the same; counts add up with
/// themselves or fail with a message, and score without panicking; errors
/// name a line of the file; time linear.
pub fn partials(data: &[u8]) {
    let [first, rest @ ..] = data else {
        return;
    };
    let glossary = builtin();
    let text = String::from_utf8_lossy(rest);
    let parts: Vec<&str> = if first & 1 == 0 {
        vec![&text]
    } else {
        text.splitn(2, '\u{FFFD}').collect()
    };
    let lines = lines_in(text.as_bytes());
    let mut partials = Partials::new(glossary);
    for (k, part) in parts.iter().enumerate() {
        let path = format!("part{k}");
        let path = Path::new(&path);
        // Reading one partial, measured on its own.
        let _ = linear("merge partials", part.len(), 256, 1 << 16, || {
            Partials::new(glossary).add(part, path)
        });
        if let Err(e) = partials.add(part, path) {
            return assert_located(&e, path, lines);
        }
    }
    match partials.total() {
        Total::ByConcept(table) => {
            let written = table
                .write(Vec::new(), "sum.csv", Default::default())
                .expect("in memory");
            let written = String::from_utf8(written).expect("UTF-8");
            let mut again = Partials::new(glossary);
            again
                .add(&written, Path::new("sum.csv"))
                .unwrap_or_else(|e| panic!("own table unreadable: {e}\n{written}"));
            let Total::ByConcept(again) = again.total() else {
                panic!("a table read back as counts");
            };
            let rewritten = again
                .write(Vec::new(), "again.csv", Default::default())
                .expect("in memory");
            assert_eq!(
                String::from_utf8_lossy(&rewritten),
                written,
                "by-concept round trip"
            );
        }
        Total::Counts(counts) => {
            let mut json = Vec::new();
            counts.write_json(&mut json).expect("in memory");
            let json = String::from_utf8(json).expect("UTF-8");
            let again = Partial::from_json(&json, Path::new("sum.json"))
                .unwrap_or_else(|e| panic!("own counts unreadable: {e}\n{json}"));
            let mut rewritten = Vec::new();
            again.write_json(&mut rewritten).expect("in memory");
            // The same values: counts held in hash maps are written in any
            // order, so every list is compared sorted.
            let value = |json: &[u8]| -> serde_json::Value {
                sorted(serde_json::from_slice(json).expect("own JSON"))
            };
            assert!(
                value(&rewritten) == value(json.as_bytes()),
                "counts round trip: {json}"
            );
            // The sum added to itself (or refused, with a message), then
            // scored.
            let _ = linear("scoring counts", json.len(), 2048, 32 << 20, || {
                let read = || Partial::from_json(&json, Path::new("sum.json")).expect("read once");
                let mut twice = read();
                twice.merge(read()).ok()?;
                let options = match twice {
                    Partial::Parallel(_) => Options::parallel(),
                    Partial::Comparable(_) => Options::comparable(),
                };
                Some(twice.suggest(glossary, &options))
            });
            drop(again);
        }
    }
}

/// `value` with every array sorted (by its elements' JSON), recursively.
fn sorted(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Array(items) => {
            let mut items: Vec<Value> = items.into_iter().map(sorted).collect();
            items.sort_by_cached_key(Value::to_string);
            Value::Array(items)
        }
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, sorted(v))).collect()),
        other => other,
    }
}

/// A matcher of no terms, for aligners fuzzed with a dictionary.
fn no_terms() -> Arc<Matcher> {
    static MATCHER: OnceLock<Arc<Matcher>> = OnceLock::new();
    MATCHER
        .get_or_init(|| {
            Arc::new(Matcher::new(&Glossary {
                path: "none".into(),
                concepts: Vec::new(),
            }))
        })
        .clone()
}

/// The side files of `align`; byte 0 picks which. 0: `--gold` (what is
/// read formats and reads back the same); 1: `--dictionary` (what is read
/// writes and reads back the same; an aligner built with it aligns its
/// first entries); 2: `--pairs` (the pairs are non-empty paths beside the
/// list, and read back the same). Errors name a line of the file; time
/// linear.
pub fn align_side_files(data: &[u8]) {
    let [first, rest @ ..] = data else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let lines = lines_in(text.as_bytes());
    match first % 3 {
        0 => {
            let path = Path::new("gold.tsv");
            let read = linear("align --gold", text.len(), 64, 1 << 14, || {
                read_gold(&text, path)
            });
            let beads = match read {
                Ok(beads) => beads,
                Err(e) => return assert_located(&e, path, lines),
            };
            let written = format_gold(&beads);
            let again = read_gold(&written, path)
                .unwrap_or_else(|e| panic!("own gold unreadable: {e}\n{written}"));
            assert_eq!(again, beads, "gold round trip");
        }
        1 => {
            let path = Path::new("dictionary.tsv");
            let read = linear("align --dictionary", text.len(), 64, 1 << 14, || {
                Dictionary::from_tsv(&text, path)
            });
            let dictionary = match read {
                Ok(dictionary) => dictionary,
                Err(e) => return assert_located(&e, path, lines),
            };
            let mut written = String::new();
            if let Some((s, t)) = dictionary.langs {
                written.push_str(&format!("{s}\t{t}\n"));
            }
            for (s, t) in dictionary.entries() {
                assert!(!s.is_empty() && !t.is_empty(), "an empty entry");
                assert!(!format!("{s}{t}").contains(['\t', '\n']), "{s:?} {t:?}");
                // A line starting with # is a comment: an entry that does
                // is written after a space, which reading trims.
                let space = if s.starts_with('#') { " " } else { "" };
                written.push_str(&format!("{space}{s}\t{t}\n"));
            }
            // Without a header, a first entry of two language codes
            // (`en<TAB>fr`) would be read back as one: the format cannot
            // hold it.
            let lang = |field: &str| field.split(['-', '_']).next()?.parse::<Lang>().ok();
            let header_like = dictionary.langs.is_none()
                && dictionary
                    .entries()
                    .next()
                    .is_some_and(|(s, t)| lang(s).is_some() && lang(t).is_some());
            let again = Dictionary::from_tsv(&written, path)
                .unwrap_or_else(|e| panic!("own dictionary unreadable: {e}\n{written}"));
            if !header_like {
                assert_eq!(again, dictionary, "dictionary round trip");
            }
            let entries: Vec<(&str, &str)> = dictionary.entries().take(8).collect();
            let (sources, targets): (Vec<&str>, Vec<&str>) = entries.into_iter().unzip();
            let options = AlignOptions {
                dictionary: Some(dictionary.clone()),
                ..AlignOptions::default()
            };
            linear(
                "aligning with a dictionary",
                text.len(),
                512,
                2 << 20,
                || {
                    Aligner::with_matcher(no_terms(), Lang::En, Lang::Fr, options.clone())
                        .align(&sources, &targets)
                },
            );
        }
        _ => {
            let path = Path::new("lists/pairs.tsv");
            let read = linear("align --pairs", text.len(), 64, 1 << 14, || {
                read_pair_list(&text, path)
            });
            let pairs = match read {
                Ok(pairs) => pairs,
                Err(e) => return assert_located(&e, path, lines),
            };
            // A path as the list gave it: relative to the list's folder,
            // or absolute.
            let field = |p: &std::path::PathBuf| -> String {
                let p = p.to_str().expect("from text");
                p.strip_prefix("lists/").unwrap_or(p).to_string()
            };
            if let Some((a, _)) = pairs.first() {
                assert!(
                    !field(a).starts_with('\u{feff}'),
                    "a byte order mark in {a:?}"
                );
            }
            let mut written = String::new();
            for (a, b) in &pairs {
                // A line starting with # is a comment: a path that does is
                // written after a space, which reading trims (as for a
                // dictionary entry).
                let (a, b) = (field(a), field(b));
                let space = if a.starts_with('#') { " " } else { "" };
                written.push_str(&format!("{space}{a}\t{b}\n"));
            }
            let again = read_pair_list(&written, path)
                .unwrap_or_else(|e| panic!("own pair list unreadable: {e}\n{written}"));
            assert_eq!(again, pairs, "pair list round trip");
        }
    }
}

/// The gold file of `suggest --gold`. Checks: what is read counts one pair
/// per line at most; errors name a line of the file and, where they name a
/// field, one of its four; time linear.
pub fn suggest_gold(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let lines = lines_in(text.as_bytes());
    let path = Path::new("gold.tsv");
    let read = linear("suggest --gold", text.len(), 256, 1 << 16, || {
        Gold::from_tsv(&text, path)
    });
    match read {
        Ok(gold) => assert!(gold.len as u64 <= lines, "{} pairs", gold.len),
        Err(e) => {
            assert_located(&e, path, lines);
            if let crate::Error::Format { at, .. } = &e
                && let Some(field) = &at.field
            {
                assert!(
                    ["lang_a", "term_a", "lang_b", "term_b"].contains(&field.as_str()),
                    "{e}"
                );
            }
        }
    }
}

/// Reads a native CSV glossary from fuzz input, for the matcher target.
pub(super) fn glossary_of(text: &str) -> Option<Glossary> {
    formats::read_str(
        text,
        Path::new("fuzz.csv"),
        Some(formats::Format::Csv),
        None,
    )
    .ok()
}
