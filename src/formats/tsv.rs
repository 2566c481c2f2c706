//! The tab-separated bilingual glossaries: DeepL (`source<TAB>target`, no
//! header) and OmegaT (`source<TAB>target<TAB>comment`). Both hold one
//! language direction.

use crate::input::strip_bom;
use std::collections::{HashMap, HashSet};
use std::io::{self, Write};
use std::path::Path;

use crate::error::{Error, Result};
use crate::formats::{ExportReport, Pair};
use crate::glossary::{Concept, ConceptIds, Glossary, Pos, Status, Term};
use crate::lang::Lang;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavour {
    Deepl,
    Omegat,
}

/// Why a term cannot go into a tab-separated entry, if it cannot: DeepL
/// rejects control characters and surrounding whitespace, and a tab or line
/// break would break the line for both.
fn unfit(term: &str) -> Option<&'static str> {
    if term.trim().is_empty() {
        Some("empty")
    } else if term.chars().any(char::is_control) {
        Some("contains a control character")
    } else if term != term.trim() {
        Some("has surrounding whitespace")
    } else {
        None
    }
}

/// Comment text on one line: tabs, line breaks and other controls become spaces.
fn one_line(text: &str) -> String {
    let spaced: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    crate::analysis::normalize::collapse_whitespace(&spaced)
}

/// Source terms in order: preferred, admitted, then deprecated (a deprecated
/// source term still has to be translated with the preferred target).
fn source_terms(concept: &Concept, pair: Pair) -> Vec<&Term> {
    let mut terms: Vec<&Term> = concept.terms_in(pair.source).collect();
    terms.sort_by_key(|t| t.status);
    terms
}

/// Writes the entries of `pair` for every concept with a preferred target.
pub fn write<W: Write>(
    glossary: &Glossary,
    pair: Pair,
    flavour: Flavour,
    mut out: W,
) -> io::Result<ExportReport> {
    let mut report = ExportReport::default();
    // DeepL refuses a glossary with two entries for one source.
    let mut sources: HashSet<String> = HashSet::new();
    for concept in &glossary.concepts {
        let Some(target) = concept
            .terms_in(pair.target)
            .find(|t| t.status == Status::Preferred)
        else {
            report.skipped.push(format!(
                "{}: no preferred {} term",
                concept.id,
                pair.target.name()
            ));
            continue;
        };
        if let Some(why) = unfit(&target.text) {
            report
                .skipped
                .push(format!("{}: target {:?} {why}", concept.id, target.text));
            continue;
        }
        for source in source_terms(concept, pair) {
            if let Some(why) = unfit(&source.text) {
                report
                    .skipped
                    .push(format!("{}: source {:?} {why}", concept.id, source.text));
                continue;
            }
            match flavour {
                Flavour::Deepl => {
                    if !sources.insert(source.text.to_lowercase()) {
                        report.skipped.push(format!(
                            "{}: source {:?} already has an entry",
                            concept.id, source.text
                        ));
                        continue;
                    }
                    writeln!(out, "{}\t{}", source.text, target.text)?;
                    report.entries += 1;
                }
                Flavour::Omegat => {
                    let targets = concept
                        .terms_in(pair.target)
                        .filter(|t| t.status != Status::Deprecated && unfit(&t.text).is_none());
                    for t in targets {
                        let mut comment = String::new();
                        if source.status == Status::Deprecated {
                            comment.push_str(DEPRECATED_MARK);
                        }
                        if t.status == Status::Admitted {
                            comment.push_str(ADMITTED_MARK);
                        }
                        comment.push_str(&concept.id);
                        if !concept.note.is_empty() {
                            comment.push_str(": ");
                            comment.push_str(&concept.note);
                        }
                        writeln!(out, "{}\t{}\t{}", source.text, t.text, one_line(&comment))?;
                        report.entries += 1;
                    }
                }
            }
        }
    }
    out.flush()?;
    Ok(report)
}

/// What an OmegaT comment written by [`write`] says: `[source term
/// deprecated; ][admitted; ]concept-id[: concept note]`. Other comments are
/// kept whole as the note.
struct Comment<'a> {
    source_deprecated: bool,
    target_admitted: bool,
    id: &'a str,
    note: &'a str,
}

const DEPRECATED_MARK: &str = "source term deprecated; ";
const ADMITTED_MARK: &str = "admitted; ";

impl<'a> Comment<'a> {
    fn parse(comment: &'a str) -> Comment<'a> {
        let mut rest = comment.trim();
        let source_deprecated = rest.starts_with(DEPRECATED_MARK);
        rest = rest.strip_prefix(DEPRECATED_MARK).unwrap_or(rest);
        let target_admitted = rest.starts_with(ADMITTED_MARK);
        rest = rest.strip_prefix(ADMITTED_MARK).unwrap_or(rest);
        let (id, note) = rest.split_once(": ").unwrap_or((rest, ""));
        let is_id = !id.is_empty()
            && id.starts_with(|c: char| c.is_ascii_lowercase())
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if is_id {
            Comment {
                source_deprecated,
                target_admitted,
                id,
                note,
            }
        } else {
            Comment {
                source_deprecated,
                target_admitted,
                id: "",
                note: rest,
            }
        }
    }
}

/// Reads a bilingual glossary. Lines that share a source or a target term
/// are one concept (its synonyms); the first term seen in each language is
/// preferred, the others admitted.
pub fn read(text: &str, path: &Path, pair: Pair, flavour: Flavour) -> Result<Glossary> {
    let text = strip_bom(text);
    // Concepts being built, None once merged into another.
    let mut concepts: Vec<Option<Concept>> = Vec::new();
    // (language, term) → index into `concepts`.
    let mut owner: HashMap<(Lang, String), usize> = HashMap::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i as u64 + 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if raw.trim().is_empty() || (flavour == Flavour::Omegat && raw.starts_with('#')) {
            continue;
        }
        let fields: Vec<&str> = raw.split('\t').collect();
        let fit = match flavour {
            Flavour::Deepl => fields.len() == 2,
            Flavour::Omegat => (2..=3).contains(&fields.len()),
        };
        if !fit {
            let want = match flavour {
                Flavour::Deepl => "2 tab-separated fields (source, target)",
                Flavour::Omegat => "2 or 3 tab-separated fields (source, target, comment)",
            };
            return Err(Error::format(
                path,
                Some(line),
                None,
                format!("expected {want}, found {}", fields.len()),
            ));
        }
        let (source, target) = (fields[0].trim(), fields[1].trim());
        for (name, value) in [("source", source), ("target", target)] {
            if value.is_empty() {
                return Err(Error::format(path, Some(line), Some(name), "empty term"));
            }
        }
        let comment = Comment::parse(fields.get(2).copied().unwrap_or(""));
        let source_key = (pair.source, source.to_string());
        let target_key = (pair.target, target.to_string());
        let index = match (
            owner.get(&source_key).copied(),
            owner.get(&target_key).copied(),
        ) {
            (Some(a), Some(b)) if a != b => {
                // The line joins two concepts: move b's terms into a.
                let merged = concepts[b].take().expect("owners point at live concepts");
                for term in merged.terms {
                    owner.insert((term.lang, term.text.clone()), a);
                    let into = concepts[a].as_mut().expect("live");
                    let status = if into.terms_in(term.lang).next().is_some() {
                        Status::Admitted
                    } else {
                        term.status
                    };
                    into.terms.push(Term { status, ..term });
                }
                a
            }
            (Some(a), _) | (None, Some(a)) => a,
            (None, None) => {
                concepts.push(Some(Concept {
                    id: comment.id.to_string(),
                    note: comment.note.to_string(),
                    source: String::new(),
                    subjects: Vec::new(),
                    related: Vec::new(),
                    terms: Vec::new(),
                    line,
                }));
                concepts.len() - 1
            }
        };
        let concept = concepts[index].as_mut().expect("live");
        let marks = [
            (pair.source, source, comment.source_deprecated),
            (pair.target, target, comment.target_admitted),
        ];
        for (lang, term, marked) in marks {
            if owner.contains_key(&(lang, term.to_string())) {
                continue;
            }
            let has_preferred = concept
                .terms_in(lang)
                .any(|t| t.status == Status::Preferred);
            let status = match (lang == pair.source, marked) {
                (true, true) => Status::Deprecated,
                (false, true) => Status::Admitted,
                _ if has_preferred => Status::Admitted,
                _ => Status::Preferred,
            };
            concept.terms.push(Term {
                lang,
                text: term.to_string(),
                status,
                pos: Pos::Noun,
                region: String::new(),
                guard: Default::default(),
                note: String::new(),
                line,
            });
            owner.insert((lang, term.to_string()), index);
        }
    }
    let mut glossary = Glossary {
        path: path.to_path_buf(),
        concepts: Vec::new(),
    };
    let mut ids = ConceptIds::default();
    for mut concept in concepts.into_iter().flatten() {
        let named = !concept.id.is_empty() && ids.take(&concept.id);
        if !named {
            concept.id = ids.make(&concept.terms[0].text);
        }
        glossary.concepts.push(concept);
    }
    Ok(glossary)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en_fr() -> Pair {
        Pair {
            source: Lang::En,
            target: Lang::Fr,
        }
    }

    fn export(flavour: Flavour, g: &Glossary) -> (String, ExportReport) {
        let mut out = Vec::new();
        let report = write(g, en_fr(), flavour, &mut out).unwrap();
        (String::from_utf8(out).unwrap(), report)
    }

    #[test]
    fn deepl_never_has_duplicate_sources_or_controls() {
        let (text, report) = export(Flavour::Deepl, &Glossary::builtin());
        let mut seen = HashSet::new();
        for line in text.lines() {
            let (source, target) = line.split_once('\t').unwrap();
            assert!(!target.contains('\t'));
            assert!(seen.insert(source.to_lowercase()), "duplicate {source:?}");
            assert!(!line.chars().any(char::is_control) || line.contains('\t'));
        }
        assert_eq!(report.entries, text.lines().count());
        assert!(
            text.contains("illegal migrant\tmigrant en situation irrégulière\n"),
            "deprecated sources map to the preferred target"
        );
    }

    #[test]
    fn deepl_drops_a_second_entry_for_one_source() {
        let csv = "concept,lang,term,status,pos,term_note,concept_note,source\n\
                   a,en,asylum,preferred,noun,,,\na,fr,asile,preferred,noun,,,\n\
                   b,en,Asylum,preferred,noun,,,\nb,fr,droit d'asile,preferred,noun,,,\n\
                   c,en,bad\u{7}term,preferred,noun,,,\nc,fr,x,preferred,noun,,,\n";
        let g = Glossary::from_csv(csv.as_bytes(), Path::new("g.csv")).unwrap();
        let (text, report) = export(Flavour::Deepl, &g);
        assert_eq!(text, "asylum\tasile\n");
        assert_eq!(
            report.skipped,
            [
                "b: source \"Asylum\" already has an entry",
                "c: source \"bad\\u{7}term\" contains a control character"
            ]
        );
    }

    #[test]
    fn omegat_lines_have_three_fields_and_read_back() {
        // Concepts that share a designation (related ones: fr "expulsion"
        // names deportation and expulsion) come back as one, as lines that
        // share a term do; the others come back one for one.
        let mut g = Glossary::builtin();
        let related: std::collections::HashSet<String> = g
            .concepts
            .iter()
            .filter(|c| !c.related.is_empty())
            .flat_map(|c| c.related.iter().cloned().chain([c.id.clone()]))
            .collect();
        g.concepts.retain(|c| !related.contains(&c.id));
        let (text, _) = export(Flavour::Omegat, &g);
        assert!(text.lines().all(|l| l.split('\t').count() == 3));
        let back = read(&text, Path::new("g.utf8"), en_fr(), Flavour::Omegat).unwrap();
        // Sources and targets that share a line are one concept again, with
        // its id, note and statuses.
        assert_eq!(back.concepts.len(), g.concepts.len());
        assert!(crate::glossary::lint::lint_glossary(&back).is_empty());
        for (a, b) in g.concepts.iter().zip(&back.concepts) {
            assert_eq!((&a.id, &a.note), (&b.id, &b.note));
            for lang in [Lang::En, Lang::Fr] {
                let statuses = |c: &Concept| {
                    let mut v: Vec<(String, Status)> = c
                        .terms_in(lang)
                        .filter(|t| lang == Lang::En || t.status != Status::Deprecated)
                        .map(|t| (t.text.clone(), t.status))
                        .collect();
                    v.sort();
                    v
                };
                assert_eq!(statuses(a), statuses(b), "{} {lang}", a.id);
            }
        }
        let smuggling = back
            .concepts
            .iter()
            .find(|c| c.preferred(Lang::Fr).unwrap().text == "trafic illicite de migrants")
            .unwrap();
        assert_eq!(
            smuggling.preferred(Lang::En).unwrap().text,
            "migrant smuggling"
        );
    }

    #[test]
    fn malformed_lines_are_refused_with_their_number() {
        let err = read(
            "a\tb\nonly one field\n",
            Path::new("d.tsv"),
            en_fr(),
            Flavour::Deepl,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "d.tsv:2: expected 2 tab-separated fields (source, target), found 1"
        );
        let err = read(
            "\u{feff}a\tb\r\n\tc\r\n",
            Path::new("d.tsv"),
            en_fr(),
            Flavour::Deepl,
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "d.tsv:2: field source: empty term");
        let g = read(
            "\u{feff}asylum\tasile\r\nasylum right\tasile\r\n",
            Path::new("d.tsv"),
            en_fr(),
            Flavour::Deepl,
        )
        .unwrap();
        assert_eq!(g.concepts.len(), 1);
        assert_eq!(g.concepts[0].terms.len(), 3);
    }
}
