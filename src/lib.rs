//! termalign: multilingual terminology for migration policy, in English,
//! French and Spanish.
//!
//! A map of the crate, one question per folder:
//!
//! - [`input`]: where do documents come from? Files, folders, JSON Lines,
//!   gzip; decoding and mojibake repair.
//! - [`analysis`]: what does a text say? The pipeline, a stage a file:
//!   detect → tokenize → normalize → match ([`Pipeline`] composes them).
//! - [`glossary`]: what is the terminology? The model, its lint, its
//!   statistics and the review loop that merges suggestions into it.
//! - [`formats`]: how is it written down? Every file format, read and
//!   written: glossary formats (native CSV, TBX, Google, DeepL, OmegaT) and
//!   bitexts (TMX, XLIFF, TSV, line-aligned files).
//! - [`jobs`]: what does a user run? Detect, concordance, check, align,
//!   suggest, and the adding-up of shards' partial results.
//! - [`output`] (atomic files), [`parallel`] (several threads, results in
//!   input order), [`error`] (one located error type), [`lang`],
//!   [`printable`] (names as people read them: control characters escaped).
//!
//! The rules that hold the layers: the stages of `analysis` never reach
//! `jobs`; `formats` never reach `jobs`; nothing in the library reaches the
//! command line (the binary, `src/main.rs` and `src/cli/`, is glue: it turns
//! flags into the options of these modules and adds the flag to type to
//! an error's message).

pub mod analysis;
pub mod error;
pub mod formats;
#[doc(hidden)]
pub mod fuzz;
pub mod glossary;
pub mod input;
pub mod jobs;
pub mod lang;
pub mod output;
pub mod parallel;
pub mod printable;

// The public API at a glance: what a library user reaches for first, by
// stage. The modules stay public for the rest (each module's own page says
// what it holds), as tantivy does.

// Where documents come from.
pub use input::{Document, Documents, Source, TextOptions};
// The analysis.
pub use analysis::detect::Detector;
pub use analysis::matcher::{Match, MatchMode, Matcher};
pub use analysis::pipeline::{Config, Pipeline, document_language};
// The terminology.
pub use glossary::Glossary;
// The jobs.
pub use jobs::align::{AlignOptions, Aligner, Bead, Dictionary};
pub use jobs::check::{DocumentChecker, Finding, PairChecker};
pub use jobs::concordance::ByConcept;
// Outputs, threads, errors, languages.
pub use error::{Error, Remedy, Result};
pub use lang::Lang;
pub use output::Output;
pub use parallel::Runner;
