//! The progress bar on a terminal (issue 20, acceptance 3): the real binary with its stderr
//! on a pseudo-terminal. `audit` shows the reading of the export (its first frame's rate is
//! the bytes read over the time taken, not gigabytes in a microsecond) and then the writing
//! of the report; `diff`, a second verb, shows the reading of the reports. In a pipe, under
//! `CI` and with `--quiet` nothing is shown (tests/streaming.rs).
#![cfg(unix)]
mod common;

use common::run_ok;
use std::io::Read;
use std::os::fd::{FromRawFd, OwnedFd};
use std::path::Path;
use std::process::{Command, Stdio};

/// Runs caseaudit with `args`, stdout to a pipe and stderr to a terminal of 120 columns;
/// what the terminal received.
fn on_a_terminal(args: &[&str]) -> String {
    let (mut master, mut slave) = (0, 0);
    let size = libc::winsize {
        ws_row: 40,
        ws_col: 120,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    let opened = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            &size,
        )
    };
    assert_eq!(opened, 0, "openpty: {}", std::io::Error::last_os_error());
    let (master, slave) = unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
    let mut child = {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_caseaudit"));
        cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(args)
            .env_remove("CI")
            // Shown after 20 ms, not a second: the phases of a fast machine are short.
            .env("CASEAUDIT_TEST_PROGRESS_DELAY_MS", "20")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(slave));
        cmd.spawn().unwrap()
        // `cmd`, holding the parent's end of the terminal's slave side, is dropped here, so
        // the reader below ends when the child does.
    };
    let mut stdout = child.stdout.take().unwrap();
    let drain = std::thread::spawn(move || {
        let mut out = Vec::new();
        stdout.read_to_end(&mut out).unwrap();
        out
    });
    let mut terminal = std::fs::File::from(master);
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    // The master reads until the slave side is closed (EIO on Linux).
    while let Ok(n) = terminal.read(&mut buf) {
        if n == 0 {
            break;
        }
        seen.extend_from_slice(&buf[..n]);
    }
    let status = child.wait().unwrap();
    drain.join().unwrap();
    let seen = String::from_utf8_lossy(&seen).into_owned();
    assert!(status.success() || status.code() == Some(1), "{seen}");
    seen
}

/// The bytes per second a frame shows ("(7.95 MiB, 3.12 MiB/s, ETA 2s)"), in bytes.
fn rate(frame: &str) -> f64 {
    let (_, figures) = frame.rsplit_once('(').unwrap();
    let (_, after) = figures.split_once(", ").unwrap();
    let (rate, _) = after.split_once("/s").unwrap();
    let (number, unit) = rate.trim().split_once(' ').unwrap();
    let scale = match unit {
        "B" => 1.0,
        "KiB" => 1024.0,
        "MiB" => 1024.0 * 1024.0,
        "GiB" => 1024.0 * 1024.0 * 1024.0,
        "TiB" => 1024.0f64.powi(4),
        other => panic!("unit {other} in {frame}"),
    };
    number.parse::<f64>().unwrap() * scale
}

fn generated(dir: &Path, cases: u32) -> String {
    run_ok([
        "generate",
        "--cases",
        &cases.to_string(),
        "--seed",
        "5",
        "--quiet",
        "--out",
        dir.to_str().unwrap(),
    ]);
    dir.join("events.csv").to_str().unwrap().to_string()
}

#[test]
fn audit_and_diff_show_their_progress_on_a_terminal_and_the_first_rate_is_sane() {
    let dir = tempfile::tempdir().unwrap();
    // Long enough for each phase to outlast the bar's delay (20 ms in tests).
    let events = generated(dir.path(), 6000);
    let size = std::fs::metadata(&events).unwrap().len() as f64;
    let report = |as_of: &str| dir.path().join(format!("{as_of}.json"));
    let audit = |as_of: &str| {
        on_a_terminal(&[
            "audit",
            &events,
            "--as-of",
            as_of,
            "--lang",
            "en",
            "--results",
            "all",
            "-o",
            report(as_of).to_str().unwrap(),
        ])
    };
    let seen = audit("2025-06-30");
    // Reading: records and cases; the first frame's rate is measured since the reading began,
    // so it cannot claim the file was read in a thousandth of a second (a bar made only when
    // first shown saw megabytes arrive in microseconds: "870 GiB/s", 100,000 times the file
    // per second). The bound leaves room for a burst from the page cache in the first 20 ms
    // on a loaded machine, which reached 100 times the file per second.
    let first = seen
        .split(['\r', '\n'])
        .find(|f| f.contains(" records, ") && f.contains("/s"))
        .unwrap_or_else(|| panic!("no reading frame in {seen:?}"));
    assert!(
        rate(first) < 1000.0 * size,
        "{first} for a file of {size} bytes"
    );
    assert!(first.contains("ETA"), "{first}");
    // Writing the report: the rows of the list.
    assert!(seen.contains("writing the report"), "{seen:?}");

    // diff, a second verb: reading the two reports.
    audit("2025-03-31");
    let seen = on_a_terminal(&[
        "diff",
        report("2025-03-31").to_str().unwrap(),
        report("2025-06-30").to_str().unwrap(),
        "--lang",
        "en",
        "--format",
        "json",
    ]);
    assert!(seen.contains("reading the reports"), "{seen:?}");
    // The bar is cleared at the end: the last thing on the terminal is no frame.
    assert!(
        !seen.trim_end_matches(['\r', '\n', ' ']).ends_with(')'),
        "{seen:?}"
    );
}
