//! termalign: multilingual terminology for migration policy, in English,
//! French and Spanish.
//!
//! The pipeline (see [`pipeline`]) runs detect → tokenize → normalize → match;
//! the jobs ([`concordance`]) turn its analyses into reports; [`parallel`]
//! runs documents on several threads with results in input order. The
//! binary in `src/main.rs` is only glue around this library.

pub mod align;
pub mod align_output;
pub mod check;
pub mod concordance;
pub mod detect;
pub mod error;
pub mod formats;
#[doc(hidden)]
pub mod fuzz;
pub mod glossary;
pub mod input;
pub mod lang;
pub mod lint;
pub mod matcher;
pub mod mojibake;
pub mod morph;
pub mod normalize;
pub mod output;
pub mod parallel;
pub mod pipeline;
pub mod profile;
pub mod review;
pub mod segments;
pub mod sentences;
pub mod stats;
pub mod stem;
pub mod suggest;
pub mod tbx;
pub mod terms;
pub mod tmx;
pub mod tokenize;
pub(crate) mod xml;

pub use error::{Error, Result};
pub use glossary::Glossary;
pub use lang::Lang;
pub use pipeline::{Config, Pipeline};
