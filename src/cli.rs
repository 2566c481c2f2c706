//! The command line: clap types live here and nowhere else.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use termalign::Lang;
use termalign::matcher::MatchMode;

#[derive(Debug, Parser)]
#[command(
    name = "termalign",
    version,
    about = "Multilingual terminology for migration policy (English, French, Spanish)",
    after_help = "Exit status: 0 success; 2 an error, or some input could not be read (the others were processed)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Find every glossary term in the documents and write a CSV concordance.
    Concordance(ConcordanceArgs),
    /// Detect each document's language (en, fr, es, or und for none of these).
    Detect(DetectArgs),
}

#[derive(Debug, Args)]
pub struct InputArgs {
    /// Files and folders (walked recursively for .txt and .md); - reads standard input.
    #[arg(value_name = "PATHS")]
    pub paths: Vec<PathBuf>,
    /// Use this language for every document instead of detecting it.
    #[arg(long, value_parser = parse_lang)]
    pub lang: Option<Lang>,
}

#[derive(Debug, Args)]
pub struct ConcordanceArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Glossary CSV (default: the built-in migration glossary).
    #[arg(short, long, value_name = "FILE")]
    pub glossary: Option<PathBuf>,
    /// Write the concordance here instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also write the cross-language view, one row per concept, to FILE.
    #[arg(long, value_name = "FILE")]
    pub by_concept: Option<PathBuf>,
    /// How words are compared with glossary words.
    #[arg(long, value_enum, default_value_t = MatchModeArg::Inflect)]
    pub match_mode: MatchModeArg,
}

#[derive(Debug, Args)]
pub struct DetectArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Write the CSV here instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum MatchModeArg {
    /// Inflected forms of the glossary words (plural, gender, conjugation).
    Inflect,
    /// Any word with the same Snowball stem (naive; for comparison).
    Stem,
}

impl From<MatchModeArg> for MatchMode {
    fn from(arg: MatchModeArg) -> MatchMode {
        match arg {
            MatchModeArg::Inflect => MatchMode::Inflect,
            MatchModeArg::Stem => MatchMode::Stem,
        }
    }
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    s.parse()
        .map_err(|e: termalign::lang::UnknownLang| e.to_string())
}
