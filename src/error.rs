//! The library's one error type. Every error names what the user must look
//! at: the file, and where there is one, the line and the field (the file's
//! name printed by [`crate::printable`], so that no name can forge a line).

use std::fmt;
use std::io;
use std::path::PathBuf;

/// Where an error is: a file, optionally a line (or, in a workbook, a sheet
/// and cell) and a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    pub line: Option<u64>,
    /// In a workbook, where a line would be: `sheet "Glossary", cell D7`.
    pub place: Option<String>,
    pub field: Option<String>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", crate::printable::path(&self.path))?;
        if let Some(place) = &self.place {
            write!(f, ": {place}")?;
        } else if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ": field {field}")?;
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{}: {source}", crate::printable::path(path))]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// An input is not text we can read.
    #[error("{}: {reason}", crate::printable::path(path))]
    BadInput { path: PathBuf, reason: String },
    /// A glossary (or another structured input) has a bad record.
    #[error("{at}: {message}")]
    Format { at: Location, message: String },
    /// A request that cannot be carried out as given (two outputs to one
    /// file, the same language on both sides of a bitext, a merge of
    /// partial results made differently).
    #[error("{0}")]
    Usage(String),
    /// An error the caller gets past by supplying what `remedy` names. Its
    /// message says what is wrong; the caller adds how to supply it (the
    /// binary: the flag to type).
    #[error("{error}")]
    Needs { error: Box<Error>, remedy: Remedy },
}

/// What a caller can supply to get past an error ([`Error::Needs`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Remedy {
    /// The encoding of a file that is not UTF-8 (Latin-1 or Windows-1252).
    Encoding,
    /// The format of a glossary whose file name does not tell it.
    GlossaryFormat,
    /// The language direction of a glossary that holds one (DeepL, OmegaT).
    GlossaryPair,
    /// The languages of the two sides of a bitext.
    Languages,
    /// The languages of a bitext that declares none (or not both).
    UndeclaredLanguages,
    /// The target language of a TMX that holds several besides its source.
    TargetLanguage,
}

impl Error {
    /// This error, to be got past by supplying what `remedy` names.
    pub fn needs(self, remedy: Remedy) -> Error {
        Error::Needs {
            error: Box::new(self),
            remedy,
        }
    }

    /// What the caller can supply to get past this error, if anything.
    pub fn remedy(&self) -> Option<Remedy> {
        match self {
            Error::Needs { remedy, .. } => Some(*remedy),
            _ => None,
        }
    }

    pub fn io(path: impl Into<PathBuf>, source: io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    pub fn format(
        path: impl Into<PathBuf>,
        line: Option<u64>,
        field: Option<&str>,
        message: impl Into<String>,
    ) -> Error {
        Error::Format {
            at: Location {
                path: path.into(),
                line,
                place: None,
                field: field.map(str::to_string),
            },
            message: message.into(),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A csv error as the I/O error underneath it when there is one, so that a
/// closed pipe stays recognisable as one.
pub fn csv_to_io(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => io::Error::other(format!("{other:?}")),
    }
}
