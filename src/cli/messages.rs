//! The binary's messages on standard error, each line prefixed with the
//! program's name, in one place (as ripgrep's `messages.rs`): `message!`
//! for a line, `warning!` for a warning, `prefixed!` for a line kept to be
//! printed later (a note collected on a worker thread, a progress note).
//! Every line goes through [`termalign::printable::text`]: a name holding a
//! newline or an escape sequence (a file name, a segment id, a field quoted
//! from a file) cannot print a line of its own or rewrite the terminal.

/// Prints `termalign: …` on standard error.
macro_rules! message {
    ($($arg:tt)*) => {
        eprintln!("termalign: {}", termalign::printable::text(&format!($($arg)*)))
    };
}

/// Prints `termalign: warning: …` on standard error.
macro_rules! warning {
    ($($arg:tt)*) => {
        eprintln!("termalign: warning: {}", termalign::printable::text(&format!($($arg)*)))
    };
}

/// `termalign: …` as a string.
macro_rules! prefixed {
    ($($arg:tt)*) => {
        format!("termalign: {}", termalign::printable::text(&format!($($arg)*)))
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
        Remedy::GlossaryFormat => {
            "; give --glossary-format csv|tbx|tbx2008|google|deepl|omegat|xlsx"
        }
        Remedy::GlossaryPair => "; give --glossary-pair, like en-fr",
        Remedy::Languages => ": check --source-lang and --target-lang",
        Remedy::UndeclaredLanguages => "; give --source-lang and --target-lang",
        Remedy::TargetLanguage => "; choose it with --target-lang",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// The long flags of every subcommand, `--help` and `--version` included.
    fn flags() -> std::collections::BTreeSet<String> {
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
        let mut cmd = crate::cli::args::Cli::command();
        cmd.build();
        let mut flags = std::collections::BTreeSet::new();
        collect(&cmd, &mut flags);
        flags
    }

    /// The `--flag`s a text names.
    fn named_flags(text: &str) -> impl Iterator<Item = &str> {
        text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .filter(|w| w.starts_with("--") && w[2..].starts_with(|c: char| c.is_ascii_lowercase()))
    }

    /// Every flag a message of the binary, its help or the README names is
    /// a flag of some subcommand: advice never sends a user to a flag that
    /// does not exist (cargo's and valgrind's own flags, which the README
    /// names too, aside).
    #[test]
    fn every_flag_a_message_or_the_readme_names_exists() {
        let flags = flags();
        let others = [
            "--all-targets",
            "--bench",
            "--check",
            "--example",
            "--locked",
            "--release",
            "--tool",
        ];
        let sources = [
            ("src/main.rs", include_str!("../main.rs")),
            ("src/cli/align.rs", include_str!("align.rs")),
            ("src/cli/args.rs", include_str!("args.rs")),
            ("src/cli/check.rs", include_str!("check.rs")),
            ("src/cli/common.rs", include_str!("common.rs")),
            ("src/cli/concordance.rs", include_str!("concordance.rs")),
            ("src/cli/detect.rs", include_str!("detect.rs")),
            ("src/cli/glossary.rs", include_str!("glossary.rs")),
            ("src/cli/partials.rs", include_str!("partials.rs")),
            ("src/cli/progress.rs", include_str!("progress.rs")),
            ("src/cli/suggest.rs", include_str!("suggest.rs")),
            ("README.md", include_str!("../../README.md")),
        ];
        let mut unknown = Vec::new();
        for (file, text) in sources {
            for (i, line) in text.lines().enumerate() {
                for flag in named_flags(line) {
                    if !flags.contains(flag) && !others.contains(&flag) {
                        unknown.push(format!("{file}:{}: {flag}", i + 1));
                    }
                }
            }
        }
        assert!(unknown.is_empty(), "no such flag: {unknown:#?}");
        // The test reads what it should.
        assert!(named_flags("give --glossary-pair, like en-fr").eq(["--glossary-pair"]));
    }

    /// Every flag an advice names is a flag of some subcommand.
    #[test]
    fn every_advised_flag_exists() {
        use termalign::Remedy;
        let flags = flags();
        for remedy in [
            Remedy::Encoding,
            Remedy::GlossaryFormat,
            Remedy::GlossaryPair,
            Remedy::Languages,
            Remedy::UndeclaredLanguages,
            Remedy::TargetLanguage,
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
