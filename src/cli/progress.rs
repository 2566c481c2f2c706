//! The progress bar on stderr: shown only when stderr is a terminal, the run
//! has lasted a moment, and `--quiet` is not given. Messages printed while
//! it shows go through [`Progress::note`] so they do not tear it.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A short run finishes before the bar would show.
const SHOW_AFTER: Duration = Duration::from_millis(800);

pub struct Progress {
    bar: ProgressBar,
    /// Whether the bar may show at all.
    wanted: bool,
    shown: bool,
    started: Instant,
    bytes: u64,
}

impl Progress {
    /// A bar over `total` documents when known (a spinner otherwise).
    pub fn new(total: Option<u64>, quiet: bool) -> Progress {
        let bar = ProgressBar::with_draw_target(total, ProgressDrawTarget::hidden());
        let template = match total {
            Some(_) => "{elapsed_precise} {bar:30} {pos}/{len} documents, {msg}",
            None => "{elapsed_precise} {spinner} {pos} documents, {msg}",
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style);
        }
        Progress {
            bar,
            wanted: !quiet && std::io::stderr().is_terminal(),
            shown: false,
            started: Instant::now(),
            bytes: 0,
        }
    }

    /// One more document of `bytes` done.
    pub fn document(&mut self, bytes: usize) {
        self.piece(bytes, true);
    }

    /// Counts `bytes` of a document read in pieces, and the document once
    /// its `last` piece is done.
    pub fn piece(&mut self, bytes: usize, last: bool) {
        self.bytes += bytes as u64;
        if last {
            self.bar.inc(1);
        }
        if self.wanted && !self.shown && self.started.elapsed() >= SHOW_AFTER {
            self.shown = true;
            self.bar
                .set_draw_target(ProgressDrawTarget::stderr_with_hz(4));
        }
        if self.shown {
            let seconds = self.started.elapsed().as_secs_f64().max(1e-3);
            let mb = self.bytes as f64 / 1e6;
            self.bar
                .set_message(format!("{mb:.0} MB, {:.1} MB/s", mb / seconds));
        }
    }

    /// Prints a line on stderr without tearing the bar.
    pub fn note(&self, line: &str) {
        self.bar.suspend(|| eprintln!("{line}"));
    }

    /// Removes the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
