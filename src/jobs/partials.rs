//! Partial results of shards added up, as `termalign merge` does: a
//! corpus cut into shards, each run on its own (`concordance --by-concept`,
//! `suggest --partial`), and the shards' results added into what one run
//! over the whole corpus gives. All the partials of one merge are of one
//! kind, told apart by their first character: suggest counts are one JSON
//! object, a by-concept table is CSV.

use crate::error::{Error, Result};
use crate::glossary::Glossary;
use crate::input::strip_bom;
use crate::jobs::concordance::ByConcept;
use crate::jobs::suggest::Partial;
use std::path::{Path, PathBuf};

/// What kind of partial a shard's file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A `concordance --by-concept` table (CSV).
    ByConcept,
    /// `suggest --partial` counts (a JSON object).
    Counts,
}

impl Kind {
    /// The kind of a partial's text; `None` for a shard with nothing in it.
    /// JSON that is not an object (an array, `null`, a number) is neither.
    pub fn of(text: &str, path: &Path) -> Result<Option<Kind>> {
        let text = strip_bom(text).trim();
        if text.is_empty() {
            return Ok(None);
        }
        if text.starts_with('{') {
            return Ok(Some(Kind::Counts));
        }
        let json_scalar = matches!(text, "null" | "true" | "false")
            || (text.starts_with(['-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
                && serde_json::from_str::<serde_json::Number>(text).is_ok());
        if text.starts_with('[') || json_scalar {
            return Err(Error::BadInput {
                path: path.to_path_buf(),
                reason: "JSON that is not an object: neither suggest counts (a JSON object \
                         from suggest --partial) nor a by-concept table (CSV from concordance \
                         --by-concept)"
                    .into(),
            });
        }
        Ok(Some(Kind::ByConcept))
    }

    /// What a message calls it.
    pub fn name(self) -> &'static str {
        match self {
            Kind::ByConcept => "a by-concept table",
            Kind::Counts => "suggest counts",
        }
    }
}

/// The sum of the partials so far.
pub enum Total<'g> {
    /// By-concept tables (also when every partial was empty).
    ByConcept(ByConcept<'g>),
    Counts(Box<Partial>),
}

/// Partials being added up, in the order given.
pub struct Partials<'g> {
    table: ByConcept<'g>,
    counts: Option<Partial>,
    /// The kind of the first partial that held anything, and its path.
    kind: Option<(Kind, PathBuf)>,
}

impl<'g> Partials<'g> {
    /// None yet; by-concept tables are read against `glossary`.
    pub fn new(glossary: &'g Glossary) -> Partials<'g> {
        Partials {
            table: ByConcept::new(glossary),
            counts: None,
            kind: None,
        }
    }

    /// Adds a partial's text, read from `path`; one of another kind than
    /// the first is refused.
    pub fn add(&mut self, text: &str, path: &Path) -> Result<()> {
        let text = strip_bom(text);
        let Some(kind) = Kind::of(text, path)? else {
            return Ok(()); // A shard with nothing in it.
        };
        match &self.kind {
            Some((first, first_path)) if *first != kind => {
                return Err(Error::Usage(format!(
                    "{} is {} but {} is {}: merge partials of one kind",
                    crate::printable::path(path),
                    kind.name(),
                    crate::printable::path(first_path),
                    first.name()
                )));
            }
            Some(_) => {}
            None => self.kind = Some((kind, path.to_path_buf())),
        }
        if kind == Kind::ByConcept {
            return self.table.add_table(text, path);
        }
        let partial = Partial::from_json(text, path)?;
        match &mut self.counts {
            None => self.counts = Some(partial),
            Some(total) => total.merge(partial).map_err(|e| Error::BadInput {
                path: path.to_path_buf(),
                reason: e.to_string(),
            })?,
        }
        Ok(())
    }

    /// The sum.
    pub fn total(self) -> Total<'g> {
        match self.counts {
            Some(counts) => Total::Counts(Box::new(counts)),
            None => Total::ByConcept(self.table),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_told_by_their_first_character() {
        let p = Path::new("p");
        assert_eq!(Kind::of("\u{feff} \n", p).unwrap(), None);
        assert_eq!(
            Kind::of("\u{feff}{\"x\":1}", p).unwrap(),
            Some(Kind::Counts)
        );
        assert_eq!(
            Kind::of("concept,lang,term\n", p).unwrap(),
            Some(Kind::ByConcept)
        );
        for json in ["[[[]]]", "null", " 12.5e3\n", "-1", "true"] {
            let e = Kind::of(json, p).unwrap_err().to_string();
            assert!(e.contains("JSON that is not an object"), "{json}: {e}");
        }
    }

    #[test]
    fn partials_of_two_kinds_are_refused_naming_both() {
        let glossary = Glossary::builtin();
        let mut partials = Partials::new(&glossary);
        partials.add("", Path::new("empty.csv")).unwrap();
        partials
            .add(&ByConcept::header().join(","), Path::new("a.csv"))
            .unwrap();
        let e = partials
            .add("{}", Path::new("b.json"))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("b.json is suggest counts but a.csv is a by-concept table"),
            "{e}"
        );
    }
}
