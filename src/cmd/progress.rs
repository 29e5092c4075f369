//! The progress bar of a long audit, on stderr: bytes read, records, cases, rate and ETA.
//! Shown only when it helps a person watching: after the first second, on a terminal,
//! not with `--quiet`, and never when the `CI` environment variable is set (a CI log
//! would fill with redrawn lines).
use crate::load::Progress;
use crate::rules::Lang;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

pub struct Bar {
    enabled: bool,
    started: Instant,
    bar: OnceLock<ProgressBar>,
}

impl Bar {
    pub fn new(quiet: bool) -> Bar {
        let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
        Bar {
            enabled: !quiet && !ci && std::io::stderr().is_terminal(),
            started: Instant::now(),
            bar: OnceLock::new(),
        }
    }

    pub fn show(&self, p: Progress, lang: Lang) {
        if !self.enabled || self.started.elapsed() < Duration::from_secs(1) {
            return;
        }
        let bar = self.bar.get_or_init(|| {
            let style = ProgressStyle::with_template(
                "{spinner} [{bar:30}] {percent:>3} % {msg} ({binary_bytes_per_sec}, ETA {eta})",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
            ProgressBar::new(p.total_bytes).with_style(style)
        });
        bar.set_length(p.total_bytes.max(p.bytes));
        bar.set_position(p.bytes);
        bar.set_message(match lang {
            Lang::Da => format!("{} poster, {} sager", p.records, p.cases),
            Lang::En => format!("{} records, {} cases", p.records, p.cases),
        });
    }

    pub fn finish(&self) {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
    }
}
