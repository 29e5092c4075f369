//! The progress of a long run, on stderr: what the command is doing (reading the export,
//! writing the report, reading the reports …), how far it has come, its rate and ETA.
//! Shown only when it helps a person watching: once the run has taken a second, on a
//! terminal, not with `--quiet`, and never when the `CI` environment variable is set (a CI
//! log would fill with redrawn lines).
//!
//! The bar exists, hidden, from the start of the run, and is told every step from then on,
//! so that its first frame shows the rate measured since the phase began (a bar made only
//! when it was first shown saw gigabytes arrive in a microsecond: "870 GiB/s, ETA 0s"). A
//! watcher thread shows it after the first second, moves it along from a counter the work
//! keeps (rows of the report written), and turns a spinner for work it cannot measure.
use crate::lang::{Lang, Msg};
use crate::load::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{RecvTimeoutError, Sender, channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long a run goes before the bar is shown.
const DELAY: Duration = Duration::from_secs(1);

/// How often the watcher moves the bar along and turns the spinner.
const TICK: Duration = Duration::from_millis(100);

/// Tests set a shorter delay (in milliseconds, never a longer one) through this variable, so
/// that a phase shorter than a second on a fast machine still shows its frames; the watcher
/// then looks every 10 ms.
const DELAY_FOR_TESTS: &str = "CASEAUDIT_TEST_PROGRESS_DELAY_MS";

/// The delay before the bar is shown and the watcher's tick.
fn timing() -> (Duration, Duration) {
    let delay = std::env::var(DELAY_FOR_TESTS)
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .map(Duration::from_millis)
        .filter(|d| *d < DELAY);
    match delay {
        Some(d) => (d, Duration::from_millis(10)),
        None => (DELAY, TICK),
    }
}

/// What a phase counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Bytes of a known total: a bar with the rate in bytes per second and the ETA.
    Bytes,
    /// Things of a known total (rows, cases): a bar with the count and the ETA.
    Items,
    /// Nothing that can be measured: a spinner with the time taken.
    Spinner,
}

pub struct Bar {
    bar: ProgressBar,
    lang: Lang,
    /// The counter the watcher reads the position from, in a phase that keeps one.
    counter: Arc<Mutex<Option<Arc<AtomicU64>>>>,
    /// The reading of an export has begun to count bytes ([`Bar::reading`]).
    measuring: AtomicBool,
    watcher: Option<(Sender<()>, JoinHandle<()>)>,
    /// `--quiet`: no bar, and no notes on stderr either (warnings and errors are said).
    quiet: bool,
}

impl Bar {
    /// A bar for this run, hidden until the first second has passed (and for good in a
    /// pipe, under `CI` and with `--quiet`).
    pub fn new(quiet: bool, lang: Lang) -> Bar {
        let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
        let enabled = !quiet && !ci && std::io::stderr().is_terminal();
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        let counter: Arc<Mutex<Option<Arc<AtomicU64>>>> = Arc::default();
        let watcher = enabled.then(|| {
            let (stop, stopped) = channel::<()>();
            let (bar, counter) = (bar.clone(), counter.clone());
            let started = Instant::now();
            let (delay, tick) = timing();
            let watch = std::thread::spawn(move || {
                let mut shown = false;
                loop {
                    match stopped.recv_timeout(tick) {
                        Err(RecvTimeoutError::Timeout) => {}
                        _ => return,
                    }
                    if let Some(c) = counter.lock().ok().and_then(|c| c.clone()) {
                        let at = c.load(Ordering::Relaxed);
                        bar.set_length(bar.length().unwrap_or(0).max(at));
                        bar.set_position(at);
                    }
                    if !shown && started.elapsed() >= delay {
                        bar.set_draw_target(ProgressDrawTarget::stderr());
                        shown = true;
                    }
                    if shown {
                        bar.tick();
                    }
                }
            });
            (stop, watch)
        });
        let bar = Bar {
            bar,
            lang,
            counter,
            measuring: AtomicBool::new(false),
            watcher,
            quiet,
        };
        bar.phase(Unit::Spinner, bar.say(Msg::ProgressStarting), 0);
        bar
    }

    /// A note on stderr (not a warning, not an error): not with `--quiet`.
    pub fn note(&self, line: String) {
        if !self.quiet {
            crate::terminal::eprint(line);
        }
    }

    /// A message of the catalogue in the run's language.
    pub fn say(&self, m: Msg) -> String {
        self.lang.t(m).to_string()
    }

    /// A new phase: what is being done, what it counts and how much of it there is; its
    /// rate and ETA are measured from now.
    pub fn phase(&self, unit: Unit, message: String, total: u64) {
        self.set_counter(None);
        self.measuring.store(false, Ordering::Relaxed);
        let template = match unit {
            Unit::Bytes => {
                "{spinner} [{bar:30}] {percent:>3} % {msg} ({binary_bytes}, {binary_bytes_per_sec}, ETA {eta})"
            }
            Unit::Items => {
                "{spinner} [{bar:30}] {percent:>3} % {msg} ({human_pos}/{human_len}, ETA {eta})"
            }
            Unit::Spinner => "{spinner} {msg} ({elapsed})",
        };
        let style = ProgressStyle::with_template(template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        self.bar.reset();
        self.bar.set_style(style);
        self.bar.set_length(total);
        self.bar.set_message(message);
    }

    /// As [`Bar::phase`], the position read from `counter` as the work goes on.
    pub fn phase_counted(&self, unit: Unit, message: String, total: u64, counter: Arc<AtomicU64>) {
        self.phase(unit, message, total);
        self.set_counter(Some(counter));
    }

    fn set_counter(&self, counter: Option<Arc<AtomicU64>>) {
        if let Ok(mut c) = self.counter.lock() {
            *c = counter;
        }
    }

    /// How far the phase has come.
    pub fn set(&self, position: u64) {
        self.bar
            .set_length(self.bar.length().unwrap_or(0).max(position));
        self.bar.set_position(position);
    }

    /// The audit reading an export case by case: bytes read, records and cases. The phase
    /// (a spinner while the audit cannot tell whether it streams) turns into a bar of bytes
    /// at the first report.
    pub fn reading(&self, p: Progress) {
        if !self.measuring.swap(true, Ordering::Relaxed) {
            let message = self.bar.message();
            self.phase(Unit::Bytes, message, p.total_bytes);
            self.measuring.store(true, Ordering::Relaxed);
        }
        self.bar.set_length(p.total_bytes.max(p.bytes));
        self.bar.set_position(p.bytes);
        self.bar.set_message(format!(
            "{}, {}",
            self.lang.count(p.records, Msg::Records),
            self.lang.count(p.cases, Msg::Cases)
        ));
    }

    /// Clears the bar from the terminal, so that lines can be written to stderr; the next
    /// phase shows it again. The end of a run.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        if let Some((stop, watch)) = self.watcher.take() {
            drop(stop);
            let _ = watch.join();
        }
        self.bar.finish_and_clear();
    }
}
