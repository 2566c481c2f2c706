//! termalign's binary: parse arguments, call the library, report errors once,
//! map the outcome to an exit status (0 success, 1 found what fails the
//! command, as lint errors; 2 error).

mod cli;

use cli::messages::{message, shown, warning};
use std::process::ExitCode;

use clap::Parser;

use termalign::input;

use cli::args::{Cli, Command, GlossaryCommand};
use cli::common::{Env, Status, is_broken_pipe};
use cli::glossary::{export, import, lint, merge, stats};
use cli::partials::merge_partials;
use cli::{align::align, check::check, concordance::concordance, detect::detect, suggest::suggest};

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Outputs are written to temporary files: an interrupt removes them.
    if let Err(e) = termalign::output::remove_on_interrupt() {
        warning!("{e}");
    }
    let env = Env {
        jobs: usize::from(cli.jobs),
        runner: std::sync::OnceLock::new(),
        quiet: cli.quiet,
        text: input::TextOptions {
            encoding: cli.encoding.into(),
            fix_mojibake: cli.fix_mojibake,
        },
        csv: if cli.raw_csv {
            termalign::formats::spreadsheet::CsvFields::Raw
        } else {
            termalign::formats::spreadsheet::CsvFields::ForPeople
        },
        // 0: turned off (`--excel=off`, an empty TERMALIGN_EXCEL).
        excel: cli.excel.filter(|&d| d != 0),
    };
    let outcome = match cli.command {
        Command::Concordance(args) => concordance(args, &env),
        Command::Detect(args) => detect(args, &env),
        Command::Check(args) => check(args, &env),
        Command::Align(args) => align(args, &env),
        Command::Suggest(args) => suggest(args, &env),
        Command::Merge(args) => merge_partials(args, &env),
        Command::Glossary(GlossaryCommand::Lint(args)) => lint(args, &env),
        Command::Glossary(GlossaryCommand::Stats(args)) => stats(args, &env),
        Command::Glossary(GlossaryCommand::Export(args)) => export(args, &env),
        Command::Glossary(GlossaryCommand::Merge(args)) => merge(args, &env),
        Command::Glossary(GlossaryCommand::Import(args)) => import(args, &env),
    };
    match outcome {
        Ok(Status::Success) => ExitCode::SUCCESS,
        Ok(Status::Found) => ExitCode::from(1),
        Ok(Status::SomeInputsFailed) => ExitCode::from(2),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            message!("{}", shown(&e));
            ExitCode::from(2)
        }
    }
}
