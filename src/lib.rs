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

pub use analysis::pipeline::{Config, Pipeline};
pub use error::{Error, Result};
pub use glossary::Glossary;
pub use lang::Lang;
