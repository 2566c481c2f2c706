//! Glossary file formats: the native CSV, TBX, and the files translators'
//! tools and MT engines read (Google and DeepL glossaries, OmegaT). Each
//! format reads into and writes from the one `Glossary` model. `spreadsheet`
//! holds the rule for CSV written for people (no field runs as a formula);
//! `workbook` reads and writes glossaries in Excel workbooks (XLSX), in the
//! native columns or the layouts tools import (`--profile`).

pub mod bitext;
pub mod csv;
pub mod google;
pub mod spreadsheet;
pub mod table;
pub mod tbx;
pub mod tsv;
pub mod workbook;
pub(crate) mod xml;

use std::io::{self, Write};
use std::path::Path;
use std::str::FromStr;

use crate::error::{Error, Remedy, Result};
use crate::glossary::Glossary;
use crate::input::TextOptions;
use crate::lang::Lang;

/// A glossary file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// termalign's native CSV (`glossaries/README.md`).
    Csv,
    /// TBX-Basic (ISO 30042:2019); legacy TBX 2008 is read too.
    Tbx,
    /// TBX-Basic 2008 (`martif`), what translate-toolkit and most CAT tools
    /// read; read as [`Format::Tbx`] is (the root element tells).
    Tbx2008,
    /// Google Cloud Translation equivalent-term-sets CSV.
    Google,
    /// DeepL glossary entries: `source<TAB>target`, one direction.
    Deepl,
    /// OmegaT glossary: `source<TAB>target<TAB>comment`.
    Omegat,
    /// An Excel workbook (XLSX): the native columns, a Google glossary's, or
    /// a tool's layout ([`workbook::Profile`]).
    Xlsx,
}

impl Format {
    pub const ALL: [Format; 7] = [
        Format::Csv,
        Format::Tbx,
        Format::Tbx2008,
        Format::Google,
        Format::Deepl,
        Format::Omegat,
        Format::Xlsx,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Tbx => "tbx",
            Format::Tbx2008 => "tbx2008",
            Format::Google => "google",
            Format::Deepl => "deepl",
            Format::Omegat => "omegat",
            Format::Xlsx => "xlsx",
        }
    }

    /// Whether the format holds one language direction, so needs `--pair`.
    pub fn is_bilingual(self) -> bool {
        matches!(self, Format::Deepl | Format::Omegat)
    }

    /// The format a file's name suggests; `.csv` is told apart by its header
    /// when read (see [`read`]).
    pub fn from_path(path: &Path) -> Option<Format> {
        let mut ext = path.extension()?.to_str()?.to_ascii_lowercase();
        // A gzipped TBX is read as TBX (the reader unzips it): `g.tbx.gz`.
        if ext == "gz" {
            let inner = Path::new(path.file_stem()?).extension()?.to_str()?;
            ext = inner.to_ascii_lowercase();
            if !matches!(ext.as_str(), "tbx" | "tbx2" | "tbx3" | "xml") {
                return None;
            }
        }
        match ext.as_str() {
            "csv" => Some(Format::Csv),
            "tbx" | "tbx2" | "tbx3" | "xml" => Some(Format::Tbx),
            "tsv" => Some(Format::Deepl),
            "utf8" | "tab" => Some(Format::Omegat),
            "xlsx" | "xlsm" => Some(Format::Xlsx),
            _ => None,
        }
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Format, String> {
        Format::ALL
            .into_iter()
            .find(|f| f.name() == s)
            .ok_or_else(|| {
                format!("unknown glossary format {s:?}: expected csv, tbx, tbx2008, google, deepl, omegat or xlsx")
            })
    }
}

/// A language direction, written `en-fr`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pair {
    pub source: Lang,
    pub target: Lang,
}

impl FromStr for Pair {
    type Err = String;
    fn from_str(s: &str) -> Result<Pair, String> {
        let (a, b) = s
            .split_once(['-', '_', ':'])
            .ok_or_else(|| format!("language pair {s:?}: expected SOURCE-TARGET, like en-fr"))?;
        let source: Lang = a
            .parse()
            .map_err(|e: crate::lang::UnknownLang| e.to_string())?;
        let target: Lang = b
            .parse()
            .map_err(|e: crate::lang::UnknownLang| e.to_string())?;
        if source == target {
            return Err(format!(
                "language pair {s:?}: source and target are the same"
            ));
        }
        Ok(Pair { source, target })
    }
}

/// Reads a glossary file. `format` None: from the file name, and a `.csv`
/// whose header names languages rather than `concept` is a Google glossary.
/// The file is decoded as `options` say.
pub fn read(
    path: &Path,
    format: Option<Format>,
    pair: Option<Pair>,
    options: TextOptions,
) -> Result<Glossary> {
    read_reporting(path, format, pair, options).map(|(glossary, _)| glossary)
}

/// [`read`], also saying what a TBX file left out (other languages, entries without terms):
/// a TBX file is read streaming ([`tbx::read_file`]), whatever its size, entries with IATE's
/// ids as IATE's.
pub fn read_reporting(
    path: &Path,
    format: Option<Format>,
    pair: Option<Pair>,
    options: TextOptions,
) -> Result<(Glossary, Option<tbx::ReadSummary>)> {
    if matches!(
        format.or_else(|| Format::from_path(path)),
        Some(Format::Tbx | Format::Tbx2008)
    ) {
        let (glossary, summary) = tbx::read_file(path, options, &tbx::ReadOptions::default())?;
        return Ok((glossary, Some(summary)));
    }
    if format.or_else(|| Format::from_path(path)) == Some(Format::Xlsx) {
        let glossary = workbook::read_glossary(path)?;
        glossary.check_term_lengths()?;
        return Ok((glossary, None));
    }
    let text = read_text(path, format, options)?;
    Ok((read_str(&text, path, format, pair)?, None))
}

/// The text of a glossary file in `format` (None: as its name says),
/// decoded as `options` say; a TBX file in the encoding its XML declaration
/// names.
pub fn read_text(path: &Path, format: Option<Format>, options: TextOptions) -> Result<String> {
    if matches!(
        format.or_else(|| Format::from_path(path)),
        Some(Format::Tbx | Format::Tbx2008)
    ) {
        let bytes = crate::input::gunzip(crate::input::read_side_bytes(path)?, path)?;
        crate::formats::xml::decode(bytes, path, options)
    } else {
        crate::input::read_side(path, options)
    }
}

/// Reads a glossary from text; `path` names it in errors.
pub fn read_str(
    text: &str,
    path: &Path,
    format: Option<Format>,
    pair: Option<Pair>,
) -> Result<Glossary> {
    crate::input::refuse_nul(text, path)?;
    let format = match format.or_else(|| Format::from_path(path)) {
        Some(Format::Csv) | None if google::looks_like_google(text) => Format::Google,
        Some(f) => f,
        None => {
            return Err(Error::Usage(format!(
                "{}: cannot tell the glossary format from the file name",
                crate::printable::path(path)
            ))
            .needs(Remedy::GlossaryFormat));
        }
    };
    let need_pair = || {
        pair.ok_or_else(|| {
            Error::Usage(format!(
                "{}: a {} glossary holds one language direction",
                crate::printable::path(path),
                format.name()
            ))
            .needs(Remedy::GlossaryPair)
        })
    };
    let glossary = match format {
        Format::Csv => Glossary::from_csv(text.as_bytes(), path),
        Format::Tbx | Format::Tbx2008 => crate::formats::tbx::read(text.as_bytes(), path),
        Format::Google => google::read(text, path),
        Format::Deepl => tsv::read(text, path, need_pair()?, tsv::Flavour::Deepl),
        Format::Omegat => tsv::read(text, path, need_pair()?, tsv::Flavour::Omegat),
        Format::Xlsx => Err(Error::BadInput {
            path: path.to_path_buf(),
            reason: "an Excel workbook (XLSX) is read from its file, not from text".into(),
        }),
    }?;
    // Before anything compiles it: a runaway term costs the matcher many
    // times its size.
    glossary.check_term_lengths()?;
    Ok(glossary)
}

/// What an export left out, and why (a DeepL glossary cannot hold two
/// entries with one source, for instance).
#[derive(Debug, Default)]
pub struct ExportReport {
    pub entries: usize,
    pub skipped: Vec<String>,
}

/// Writes `glossary` in `format`.
pub fn write<W: Write>(
    glossary: &Glossary,
    format: Format,
    pair: Option<Pair>,
    out: W,
) -> io::Result<ExportReport> {
    write_with(glossary, format, pair, None, out)
}

/// Writes `glossary` in `format`, in `profile`'s column layout where one is
/// given (XLSX or CSV only: another format is an error).
pub fn write_with<W: Write>(
    glossary: &Glossary,
    format: Format,
    pair: Option<Pair>,
    profile: Option<workbook::Profile>,
    out: W,
) -> io::Result<ExportReport> {
    if let Some(profile) = profile {
        return match format {
            Format::Xlsx => workbook::write(glossary, Some(profile), out),
            Format::Csv => workbook::write_csv(glossary, profile, out),
            other => Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "the {} profile lays out an xlsx or csv export, not {}",
                    profile.name(),
                    other.name()
                ),
            )),
        };
    }
    let need_pair = || {
        pair.ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "a {} export holds one language direction: give it a pair",
                    format.name()
                ),
            )
        })
    };
    match format {
        Format::Csv => glossary.write_csv(out).map(|n| ExportReport {
            entries: n,
            ..Default::default()
        }),
        Format::Tbx => crate::formats::tbx::write(glossary, out).map(|()| ExportReport {
            entries: glossary.concepts.len(),
            ..Default::default()
        }),
        Format::Tbx2008 => crate::formats::tbx::write_2008(glossary, out).map(|()| ExportReport {
            entries: glossary.concepts.len(),
            ..Default::default()
        }),
        Format::Google => google::write(glossary, out),
        Format::Deepl => tsv::write(glossary, need_pair()?, tsv::Flavour::Deepl, out),
        Format::Omegat => tsv::write(glossary, need_pair()?, tsv::Flavour::Omegat, out),
        Format::Xlsx => workbook::write(glossary, None, out),
    }
}
