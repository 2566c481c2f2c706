//! termalign: multilingual terminology for migration policy, in English,
//! French and Spanish.
//!
//! The pipeline (see [`pipeline`]) runs detect → tokenize → normalize → match;
//! the jobs ([`concordance`]) turn its analyses into reports; [`parallel`]
//! runs documents on several threads with results in input order. The
//! binary in `src/main.rs` is only glue around this library.

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

// The modules' former paths, while the crate moves to its folders.
pub use analysis::{detect, matcher, morph, normalize, pipeline, sentences, stem, tokenize};
pub(crate) use formats::xml;
pub use formats::{bitext as segments, bitext::tmx, tbx};
pub use glossary::{lint, merge as review, stats};
pub use input::mojibake;
pub use jobs::align::report as align_output;
pub use jobs::suggest::{candidates as terms, profile};
pub use jobs::{align, check, concordance, suggest};

pub use error::{Error, Result};
pub use glossary::Glossary;
pub use lang::Lang;
pub use pipeline::{Config, Pipeline};
