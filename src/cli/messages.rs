//! The binary's messages on standard error, each line prefixed with the
//! program's name, in one place (as ripgrep's `messages.rs`): `message!`
//! for a line, `warning!` for a warning, `prefixed!` for a line kept to be
//! printed later (a note collected on a worker thread, a progress note).

/// Prints `termalign: …` on standard error.
macro_rules! message {
    ($($arg:tt)*) => {
        eprintln!("termalign: {}", format_args!($($arg)*))
    };
}

/// Prints `termalign: warning: …` on standard error.
macro_rules! warning {
    ($($arg:tt)*) => {
        eprintln!("termalign: warning: {}", format_args!($($arg)*))
    };
}

/// `termalign: …` as a string.
macro_rules! prefixed {
    ($($arg:tt)*) => {
        format!("termalign: {}", format_args!($($arg)*))
    };
}

pub(crate) use {message, prefixed, warning};

/// An error as the binary shows it: the library's message, and where the
/// library says what would get past it, the flag that supplies it.
pub(crate) fn shown(e: &termalign::Error) -> String {
    match e.remedy() {
        Some(remedy) => format!("{e}{}", advice(remedy)),
        None => e.to_string(),
    }
}

/// The flag that supplies a remedy, as it ends an error's message.
fn advice(remedy: termalign::Remedy) -> &'static str {
    use termalign::Remedy;
    match remedy {
        Remedy::Encoding => ", or give --encoding latin1 or cp1252",
        Remedy::GlossaryFormat => "; give --glossary-format csv|tbx|google|deepl|omegat",
        Remedy::GlossaryPair => "; give --glossary-pair, like en-fr",
        Remedy::Languages => ": check --source-lang and --target-lang",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every flag an advice names is a flag of some subcommand.
    #[test]
    fn every_advised_flag_exists() {
        use termalign::Remedy;
        let mut flags = std::collections::BTreeSet::new();
        fn collect(cmd: &clap::Command, flags: &mut std::collections::BTreeSet<String>) {
            for arg in cmd.get_arguments() {
                if let Some(long) = arg.get_long() {
                    flags.insert(format!("--{long}"));
                }
            }
            for sub in cmd.get_subcommands() {
                collect(sub, flags);
            }
        }
        collect(&crate::cli::args::Cli::command(), &mut flags);
        for remedy in [
            Remedy::Encoding,
            Remedy::GlossaryFormat,
            Remedy::GlossaryPair,
            Remedy::Languages,
        ] {
            let text = advice(remedy);
            let named: Vec<&str> = text
                .split(|c: char| c.is_whitespace() || c == ',' || c == ':' || c == ';')
                .filter(|w| w.starts_with("--"))
                .collect();
            assert!(!named.is_empty(), "{remedy:?}: no flag in {text:?}");
            for flag in named {
                assert!(flags.contains(flag), "{remedy:?}: {flag} is no flag");
            }
        }
    }
}
