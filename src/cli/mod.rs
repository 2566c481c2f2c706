//! The binary's side: flags become the library's options here and nowhere
//! else. [`args`] declares the flags (clap); [`common`] holds what every
//! subcommand shares; one file per subcommand runs it; [`progress`] draws
//! the progress bar.

pub mod align;
pub mod args;
pub mod check;
pub mod common;
pub mod concordance;
pub mod detect;
pub mod glossary;
pub mod messages;
pub mod partials;
pub mod progress;
pub mod suggest;
