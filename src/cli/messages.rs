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
