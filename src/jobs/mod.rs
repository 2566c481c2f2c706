//! The jobs a user runs over the analysis: each document's language
//! ([`detect`]), a [`concordance`] of the glossary's terms, a [`check`] of term consistency (in one language or
//! across a translation), sentence alignment ([`align`]) and term
//! alignment ([`suggest`]); [`partials`] adds up the results of shards
//! run apart. Each reads documents or segments, runs the
//! analysis (`crate::analysis`) and writes its report through
//! `crate::formats` and `crate::output`.

pub mod align;
pub mod check;
pub mod concordance;
pub mod detect;
pub mod partials;
pub mod suggest;
