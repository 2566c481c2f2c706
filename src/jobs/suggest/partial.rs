//! The counts of a shard, handed on: [`Partial`] is the counts of either
//! mode as one JSON value, and `Origin` is what they were made with (the
//! glossary's fingerprint, termalign's version), checked before counts are
//! added up or scored, so that only counts that add up are merged.

use std::fmt;
use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{ComparableCounts, Options, ParallelCounts, Suggested};
use crate::error::{Error, Result};
use crate::glossary::Glossary;

/// What counts were made with. Counts add up only when it is the same: the
/// glossary decides which spans are explained (and so which candidates are
/// counted) and numbers the concepts that context vectors are made of, and
/// another version of termalign may key candidates otherwise.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Origin {
    termalign: String,
    pub(super) glossary: Fingerprint,
}

impl Origin {
    pub(super) fn new(glossary: &Glossary) -> Origin {
        Origin {
            termalign: env!("CARGO_PKG_VERSION").to_string(),
            glossary: Fingerprint::of(glossary),
        }
    }

    /// Refuses to add up counts made otherwise than `self`.
    pub(super) fn check_merge(&self, other: &Origin) -> Result<()> {
        if self.termalign != other.termalign {
            return Err(Error::Usage(format!(
                "cannot merge counts made by termalign {} with counts made by termalign {}: \
                 count every shard with the same version",
                self.termalign, other.termalign
            )));
        }
        if self.glossary != other.glossary {
            return Err(Error::Usage(format!(
                "cannot merge counts made with different glossaries ({} and {}): count every \
                 shard with the same glossary",
                self.glossary, other.glossary
            )));
        }
        Ok(())
    }

    /// Refuses to score counts made by another version or with another
    /// glossary than `glossary`.
    pub(super) fn check_glossary(&self, glossary: &Glossary) -> Result<()> {
        let here = Origin::new(glossary);
        if self.termalign != here.termalign {
            return Err(Error::Usage(format!(
                "the counts were made by termalign {}, and this is termalign {}: count again \
                 with this version",
                self.termalign, here.termalign
            )));
        }
        if self.glossary != here.glossary {
            return Err(Error::Usage(format!(
                "the counts were made with another glossary ({}) than the one given ({}): give \
                 the glossary the shards were counted with",
                self.glossary, here.glossary
            )));
        }
        Ok(())
    }
}

/// A digest of what counting takes from a glossary: its concepts in order
/// (their indexes name context dimensions), with their terms' languages,
/// texts, statuses and parts of speech (what the matcher matches, and which
/// match wins). The glossary's path is left out: a copy is the same
/// glossary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Fingerprint {
    pub(super) concepts: usize,
    /// FNV-1a, 64 bits: the same on every platform and build, unlike the
    /// standard library's hashers.
    hash: u64,
}

impl Fingerprint {
    fn of(glossary: &Glossary) -> Fingerprint {
        const PRIME: u64 = 0x0000_0100_0000_01b3;
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        // Each field after its length, so that no two glossaries hash the
        // same bytes.
        let mut field = |bytes: &[u8]| {
            for &byte in (bytes.len() as u64).to_le_bytes().iter().chain(bytes) {
                hash = (hash ^ u64::from(byte)).wrapping_mul(PRIME);
            }
        };
        for concept in &glossary.concepts {
            field(concept.id.as_bytes());
            field(&(concept.terms.len() as u64).to_le_bytes());
            for term in &concept.terms {
                field(term.lang.code().as_bytes());
                field(term.text.as_bytes());
                field(term.status.as_str().as_bytes());
                field(term.pos.as_str().as_bytes());
            }
        }
        Fingerprint {
            concepts: glossary.concepts.len(),
            hash,
        }
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} concepts, fingerprint {:016x}",
            self.concepts, self.hash
        )
    }
}

/// The counts of either mode as one JSON value, `{"mode": "parallel",
/// "counts": {…}}` or `{"mode": "comparable", "counts": {…}}`: what a shard
/// of a corpus hands on, for `termalign merge` to add up.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "mode", content = "counts", rename_all = "lowercase")]
#[expect(
    clippy::large_enum_variant,
    reason = "one per shard read, and the counts themselves are on the heap"
)]
pub enum Partial {
    Parallel(ParallelCounts),
    Comparable(ComparableCounts),
}

impl Partial {
    /// Reads counts written by [`Partial::write_json`]; `path` names them in
    /// errors.
    pub fn from_json(text: &str, path: &Path) -> Result<Partial> {
        serde_json::from_str(text).map_err(|e| {
            // Counts of termalign before suggest kept examples for the
            // reviewer lack them: said as such, not as a broken file.
            let older = if e.to_string().contains("missing field `examples`") {
                " (counts written by an older termalign, before suggestions carried examples: \
                 count this shard again with this version)"
            } else {
                ""
            };
            Error::format(
                path,
                None,
                None,
                format!("not the counts of termalign suggest: {e}{older}"),
            )
        })
    }

    /// Writes the counts as one line of JSON (buffer `out`: it is written
    /// in small pieces).
    pub fn write_json<W: io::Write>(&self, out: W) -> io::Result<()> {
        serde_json::to_writer(out, self).map_err(io::Error::from)
    }

    /// Adds up the counts of two shards of one corpus; refuses counts of
    /// different modes (and what [`ParallelCounts::merge`] and
    /// [`ComparableCounts::merge`] refuse).
    pub fn merge(&mut self, other: Partial) -> Result<()> {
        match (self, other) {
            (Partial::Parallel(ours), Partial::Parallel(theirs)) => ours.merge(theirs),
            (Partial::Comparable(ours), Partial::Comparable(theirs)) => ours.merge(theirs),
            (ours, theirs) => Err(Error::Usage(format!(
                "cannot merge counts of {} with counts of {}: count every shard in the same mode",
                ours.what(),
                theirs.what()
            ))),
        }
    }

    fn what(&self) -> &'static str {
        match self {
            Partial::Parallel(_) => "translation pairs (parallel mode)",
            Partial::Comparable(_) => "articles (comparable mode)",
        }
    }

    /// Scores the counts (see [`ParallelCounts::suggest`],
    /// [`ComparableCounts::suggest`]).
    pub fn suggest(self, glossary: &Glossary, options: &Options) -> Result<Suggested> {
        match self {
            Partial::Parallel(counts) => counts.suggest(glossary, options),
            Partial::Comparable(counts) => counts.suggest(glossary, options),
        }
    }
}
