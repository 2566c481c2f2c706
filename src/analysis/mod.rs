//! The analysis of a text, one stage a file, in the order the pipeline
//! runs them: [`detect`] its language, [`tokenize`] it (offsets stay in the
//! original text), [`normalize`] each word into the keys it is matched by
//! (lower case, accents folded), generate the inflected forms of the
//! glossary's terms ([`morph`]; [`stem`] is the Snowball stemmer of the
//! `--match stem` mode), and [`matcher`] finds the glossary's terms.
//! [`pipeline`] composes the stages; [`sentences`] splits text into
//! sentences for alignment and the bilingual check.
//!
//! Stages never reach the jobs (`crate::jobs`) that run over them.

pub mod detect;
pub mod matcher;
pub mod morph;
pub mod normalize;
pub mod pipeline;
pub mod sentences;
pub mod stem;
pub mod tokenize;
