//! What a glossary holds, counted: concepts and terms per subject field,
//! language, status and part of speech, guards and regional terms, and how
//! much of each reference source of the field it covers (`glossaries/
//! coverage/`). `termalign glossary stats` prints it; `glossaries/README.md`
//! shows the shipped glossary's.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

use crate::glossary::{Glossary, Guard, Pos, Status, Subject};
use crate::lang::Lang;

/// A reference source of the field and the coverage of its entries: each
/// entry (headword, as the source names it) mapped to concept ids, or left
/// out with a reason.
#[derive(Clone, Debug)]
pub struct Source {
    /// File name without `.tsv`: `iom-2019`.
    pub key: &'static str,
    /// The first comment line: the source's title.
    pub title: String,
    pub entries: Vec<Entry>,
}

/// One entry of a source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    /// The concepts it maps to; empty when left out.
    pub concepts: Vec<String>,
    /// Why it is left out, or a remark ("entry unverified").
    pub note: String,
}

/// The coverage files shipped in `glossaries/coverage/`, embedded.
const COVERAGE: [(&str, &str); 11] = [
    (
        "iom-2019",
        include_str!("../../glossaries/coverage/iom-2019.tsv"),
    ),
    ("emn", include_str!("../../glossaries/coverage/emn.tsv")),
    (
        "un-protocols-2000",
        include_str!("../../glossaries/coverage/un-protocols-2000.tsv"),
    ),
    (
        "refugee-convention-1951",
        include_str!("../../glossaries/coverage/refugee-convention-1951.tsv"),
    ),
    (
        "statelessness-conventions",
        include_str!("../../glossaries/coverage/statelessness-conventions.tsv"),
    ),
    (
        "migrant-workers-convention-1990",
        include_str!("../../glossaries/coverage/migrant-workers-convention-1990.tsv"),
    ),
    (
        "guiding-principles-idp-1998",
        include_str!("../../glossaries/coverage/guiding-principles-idp-1998.tsv"),
    ),
    (
        "gcm-2018",
        include_str!("../../glossaries/coverage/gcm-2018.tsv"),
    ),
    (
        "eu-pact-2024",
        include_str!("../../glossaries/coverage/eu-pact-2024.tsv"),
    ),
    (
        "us-immigration",
        include_str!("../../glossaries/coverage/us-immigration.tsv"),
    ),
    (
        "latam-instruments",
        include_str!("../../glossaries/coverage/latam-instruments.tsv"),
    ),
];

/// Reads one coverage file: `#` comment lines (the first gives the title),
/// the header `entry<TAB>concept<TAB>note`, then one row per entry.
pub fn parse_source(key: &'static str, text: &str) -> Result<Source, String> {
    let mut source = Source {
        key,
        title: String::new(),
        entries: Vec::new(),
    };
    let mut header = false;
    for (i, line) in text.lines().enumerate() {
        let at = |m: String| format!("glossaries/coverage/{key}.tsv:{}: {m}", i + 1);
        if let Some(comment) = line.strip_prefix('#') {
            if source.title.is_empty() {
                source.title = comment.trim().trim_end_matches('.').to_string();
            }
            continue;
        }
        if !header {
            if line != "entry\tconcept\tnote" {
                return Err(at("the header must be entry<TAB>concept<TAB>note".into()));
            }
            header = true;
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [name, concepts, note] = fields[..] else {
            return Err(at(format!("expected 3 fields, found {}", fields.len())));
        };
        let concepts = crate::glossary::split_ids(concepts);
        if name.trim().is_empty() {
            return Err(at("empty entry".into()));
        }
        if concepts.is_empty() && note.trim().is_empty() {
            return Err(at(format!("{name:?} is left out without a reason")));
        }
        source.entries.push(Entry {
            name: name.to_string(),
            concepts,
            note: note.to_string(),
        });
    }
    Ok(source)
}

/// The shipped coverage files.
pub fn sources() -> Vec<Source> {
    COVERAGE
        .iter()
        .map(|(key, text)| parse_source(key, text).expect("the shipped coverage files are valid"))
        .collect()
}

/// The coverage of one source by a glossary.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    pub entries: usize,
    /// Entries mapped to concepts that are all in the glossary.
    pub covered: usize,
    /// Entries left out on purpose, with their reason.
    pub left_out: usize,
    /// Entries mapped to a concept this glossary does not have.
    pub missing: Vec<(String, String)>,
}

impl Coverage {
    pub fn of(source: &Source, glossary: &Glossary) -> Coverage {
        let ids: HashSet<&str> = glossary.concepts.iter().map(|c| c.id.as_str()).collect();
        let mut out = Coverage {
            entries: source.entries.len(),
            ..Coverage::default()
        };
        for entry in &source.entries {
            if entry.concepts.is_empty() {
                out.left_out += 1;
            } else if let Some(id) = entry.concepts.iter().find(|c| !ids.contains(c.as_str())) {
                out.missing.push((entry.name.clone(), id.clone()));
            } else {
                out.covered += 1;
            }
        }
        out
    }
}

/// Counts of a glossary.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    pub concepts: usize,
    pub terms: usize,
    /// Per subject field (a concept of several fields counts in each):
    /// concepts, terms. `None`: no subject given.
    pub by_subject: BTreeMap<Option<Subject>, (usize, usize)>,
    /// Per language and status.
    pub by_status: BTreeMap<(Lang, Status), usize>,
    /// Per language and part of speech.
    pub by_pos: BTreeMap<(Lang, &'static str), usize>,
    /// Per language: terms guarded `context`, `nominal`; regional terms.
    pub guarded: BTreeMap<Lang, (usize, usize, usize)>,
}

impl Stats {
    pub fn of(glossary: &Glossary) -> Stats {
        let mut s = Stats {
            concepts: glossary.concepts.len(),
            terms: glossary.term_count(),
            ..Stats::default()
        };
        for concept in &glossary.concepts {
            let subjects: Vec<Option<Subject>> = if concept.subjects.is_empty() {
                vec![None]
            } else {
                concept.subjects.iter().copied().map(Some).collect()
            };
            for subject in subjects {
                let e = s.by_subject.entry(subject).or_default();
                e.0 += 1;
                e.1 += concept.terms.len();
            }
            for term in &concept.terms {
                *s.by_status.entry((term.lang, term.status)).or_default() += 1;
                *s.by_pos.entry((term.lang, term.pos.as_str())).or_default() += 1;
                let g = s.guarded.entry(term.lang).or_default();
                match term.guard {
                    Guard::Context => g.0 += 1,
                    Guard::Nominal => g.1 += 1,
                    Guard::None => {}
                }
                if !term.region.is_empty() {
                    g.2 += 1;
                }
            }
        }
        s
    }

    /// The counts as Markdown tables, with the coverage of each source.
    pub fn render(&self, coverage: &[(Source, Coverage)]) -> String {
        let mut out = String::new();
        let w = &mut out;
        let _ = writeln!(w, "Concepts: {}; terms: {}.\n", self.concepts, self.terms);
        let _ = writeln!(w, "| subject field | code | concepts | terms |");
        let _ = writeln!(w, "| --- | --- | ---: | ---: |");
        for (subject, (concepts, terms)) in &self.by_subject {
            let (name, code) = subject.map_or(("(none)", ""), |s| (s.name(), s.code()));
            let _ = writeln!(w, "| {name} | `{code}` | {concepts} | {terms} |");
        }
        let langs: Vec<Lang> = Lang::ALL
            .into_iter()
            .filter(|l| self.by_status.keys().any(|(x, _)| x == l))
            .collect();
        let _ = writeln!(
            w,
            "\n| lang | preferred | admitted | deprecated | total | noun | verb | adjective | other | guarded (context) | guarded (nominal) | regional |"
        );
        let _ = writeln!(
            w,
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
        );
        let mut all = [0usize; 11];
        for &lang in &langs {
            let status = |st| self.by_status.get(&(lang, st)).copied().unwrap_or(0);
            let pos = |p: Pos| self.by_pos.get(&(lang, p.as_str())).copied().unwrap_or(0);
            let other = pos(Pos::Adverb) + pos(Pos::Other);
            let (context, nominal, regional) = self.guarded.get(&lang).copied().unwrap_or_default();
            let row = [
                status(Status::Preferred),
                status(Status::Admitted),
                status(Status::Deprecated),
                status(Status::Preferred) + status(Status::Admitted) + status(Status::Deprecated),
                pos(Pos::Noun),
                pos(Pos::Verb),
                pos(Pos::Adjective),
                other,
                context,
                nominal,
                regional,
            ];
            for (a, b) in all.iter_mut().zip(row) {
                *a += b;
            }
            let cells: Vec<String> = row.iter().map(usize::to_string).collect();
            let _ = writeln!(w, "| {} | {} |", lang.code(), cells.join(" | "));
        }
        let cells: Vec<String> = all.iter().map(usize::to_string).collect();
        let _ = writeln!(w, "| all | {} |", cells.join(" | "));
        if !coverage.is_empty() {
            let _ = writeln!(
                w,
                "\n| source | entries | covered | left out (reason given) | mapped to a concept not in this glossary |"
            );
            let _ = writeln!(w, "| --- | ---: | ---: | ---: | ---: |");
            for (source, c) in coverage {
                let _ = writeln!(
                    w,
                    "| {} (`{}`) | {} | {} ({:.0}%) | {} | {} |",
                    source.title,
                    source.key,
                    c.entries,
                    c.covered,
                    100.0 * c.covered as f64 / c.entries.max(1) as f64,
                    c.left_out,
                    c.missing.len()
                );
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_coverage_maps_to_concepts_of_the_shipped_glossary() {
        let glossary = Glossary::builtin();
        let sources = sources();
        assert_eq!(sources.len(), COVERAGE.len());
        for source in &sources {
            assert!(!source.title.is_empty(), "{}", source.key);
            let c = Coverage::of(source, &glossary);
            assert!(c.missing.is_empty(), "{}: {:?}", source.key, c.missing);
            assert_eq!(c.covered + c.left_out, c.entries);
            let mut names = HashSet::new();
            for e in &source.entries {
                assert!(names.insert(&e.name), "{}: {:?} twice", source.key, e.name);
            }
        }
    }

    #[test]
    fn every_shipped_concept_has_a_subject() {
        let stats = Stats::of(&Glossary::builtin());
        assert!(!stats.by_subject.contains_key(&None));
        assert_eq!(stats.by_subject.len(), Subject::ALL.len());
    }

    #[test]
    fn coverage_files_are_checked() {
        let ok = "# T.\nentry\tconcept\tnote\nasylum\tasylum\t\nchild\t\tgeneral word\n";
        let s = parse_source("x", ok).unwrap();
        assert_eq!(s.title, "T");
        assert_eq!(s.entries.len(), 2);
        assert!(parse_source("x", "entry\tconcept\nasylum\tasylum\n").is_err());
        let err = parse_source("x", "entry\tconcept\tnote\nchild\t\t\n").unwrap_err();
        assert_eq!(
            err,
            "glossaries/coverage/x.tsv:2: \"child\" is left out without a reason"
        );
    }
}
