//! TBX, the ISO 30042 TermBase eXchange format: the glossary written as TBX-Basic (ISO 30042:2019,
//! DCA style) or as TBX-Basic 2008 (`martif`, what translate-toolkit and most CAT tools read), and
//! read back from either, or from other TBX 2008 / TBX-Basic v2 files such as IATE exports.
//!
//! Where each field of the model goes. The data categories, their values and the levels where
//! they may appear are TBX-Basic's, as its DCA schematron (`TBX-Basic_DCA.sch`) lists them; the
//! order of the elements is the TBX core structure's (`TBXcoreStructV03.rng`).
//!
//! | model | TBX | rule relied on |
//! | --- | --- | --- |
//! | `Concept::id` | `<conceptEntry id>` | the id is an `xml:ID`; see [`write`](fn@write) for ids that are not |
//! | `Concept::note` | `<descrip type="definition">` in `conceptEntry` | `definition`: conceptEntry or langSec |
//! | `Concept::source` | `<admin type="source">` in `conceptEntry` | `source`: conceptEntry, langSec or termSec |
//! | `Concept::subjects` | one `<descrip type="subjectField">` each, the field's name ("asylum and refugees") | `subjectField`: conceptEntry only; read back from the name or the code |
//! | `Concept::related` | `<ref type="crossReference" target="ID">id</ref>` in `conceptEntry` (no `target` when the concept is not in the file) | `crossReference`: conceptEntry or termSec; `target` an IDREF |
//! | `Term::lang` | `<langSec xml:lang>` | one `langSec` per language, in order of first use |
//! | `Term::text` | `<term>` | |
//! | `Term::status` | `<termNote type="administrativeStatus">` | `preferredTerm-admn-sts`, `admittedTerm-admn-sts`, `deprecatedTerm-admn-sts`; termNote only in termSec |
//! | `Term::pos` | `<termNote type="partOfSpeech">` | `noun`, `verb`, `adjective`, `adverb`, `other` |
//! | `Term::region` | `<termNote type="geographicalUsage">` (`es-419`) | termNote in termSec; a value that is not such a tag is read into the note |
//! | `Term::guard` | `<admin type="projectSubset">termalign guard: context</admin>` | `projectSubset`: conceptEntry or termSec, free text |
//! | `Term::note` | `<note>` in `termSec`, after the termNotes | `note` is a core element, allowed at every level |
//!
//! TBX-Basic 2008 ([`write_2008`]) puts every field in the same place under its own names:
//! `martif type="TBX-Basic"` for `tbx`, `martifHeader` for `tbxHeader`, `termEntry id` for
//! `conceptEntry`, `langSet xml:lang` for `langSec`, `tig` for `termSec`. TBX-Basic 2008 has the
//! same data categories at the same levels (its XCS, `TBXBasicXCSV02.xcs`), so the guard is a
//! `projectSubset` and a related concept a `crossReference` there too.
//!
//! Reading is lenient about what it does not need (unknown data categories, other languages,
//! regional language tags) and strict about XML: a file that is not well-formed, that uses an
//! entity other than the five predefined ones, or whose DOCTYPE declares entities, is refused
//! with its line and column. DTD entities are never expanded.
//!
//! A term with no `partOfSpeech` (or one termalign does not know) gets the part of speech its
//! words suggest ([`crate::analysis::morph::guess_pos`]): a noun unless it looks like a verb
//! or an adverb, so that it is inflected ("asylum seeker" finds "asylum seekers").
//!
//! Where: this file holds what writing and reading share (the namespace, the status values, the
//! guard's prefix, the mapping of concept ids to `xml:ID`s); `write.rs` writes TBX-Basic v3 and
//! 2008; `read.rs` reads TBX-Basic v3 and the legacy `martif` dialect, streaming; `iate.rs`
//! reads IATE's data categories (ids, domains, reliability, packed synonyms); `tests.rs` holds
//! the tests, most of them round trips through both.

mod iate;
mod read;
#[cfg(test)]
mod tests;
mod write;

use crate::glossary::Status;

pub use self::iate::Domains;
pub use self::read::{
    Dialect, ReadOptions, ReadSummary, read, read_file, read_with_options, read_with_summary,
};
pub use self::write::{write, write_2008};

/// The TBX v3 namespace (ISO 30042:2019).
pub const TBX_NAMESPACE: &str = "urn:iso:std:iso:30042:ed-2";

/// The TBX-Basic value of `administrativeStatus` for a status.
pub fn administrative_status(status: Status) -> &'static str {
    match status {
        Status::Preferred => "preferredTerm-admn-sts",
        Status::Admitted => "admittedTerm-admn-sts",
        Status::Deprecated => "deprecatedTerm-admn-sts",
    }
}

/// The value of `projectSubset` that carries a term's guard.
const GUARD_PREFIX: &str = "termalign guard: ";

/// The `xml:ID` for a concept id: the id itself when it is an XML name, with one more leading
/// `_` when it starts with a digit or `_`; `None` when it cannot be made one.
fn encode_id(id: &str) -> Option<String> {
    let first = id.chars().next()?;
    let rest_ok = id
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '_' | '\u{B7}'));
    if !rest_ok {
        None
    } else if first.is_ascii_digit() || first == '_' {
        Some(format!("_{id}"))
    } else if first.is_alphabetic() {
        Some(id.to_string())
    } else {
        None
    }
}

/// The inverse of [`encode_id`].
fn decode_id(id: &str) -> &str {
    match id.strip_prefix('_') {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_digit() || c == '_') => rest,
        _ => id,
    }
}

/// Whether the TBX file at `path` is of the 2008 vintage: its root element,
/// found in its first 64 KiB (gzipped or not), is `martif`. A file that
/// cannot be read says no here; reading it says why.
pub fn is_2008(path: &std::path::Path) -> bool {
    use std::io::Read;
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let mut head = Vec::new();
    let mut file = std::io::BufReader::new(file);
    let gzipped = {
        use std::io::BufRead;
        file.fill_buf().is_ok_and(|b| b.starts_with(&[0x1f, 0x8b]))
    };
    let read = if gzipped {
        flate2::bufread::GzDecoder::new(file)
            .take(64 * 1024)
            .read_to_end(&mut head)
    } else {
        file.take(64 * 1024).read_to_end(&mut head)
    };
    if read.is_err() && head.is_empty() {
        return false;
    }
    let text = String::from_utf8_lossy(&head);
    match (text.find("<martif"), text.find("<tbx")) {
        (Some(m), Some(t)) => m < t,
        (Some(_), None) => true,
        _ => false,
    }
}
