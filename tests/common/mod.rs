//! Running the real binary, shared by the CLI test files.
#![allow(dead_code)] // each test file uses what it needs
use assert_cmd::Command;
use std::ffi::OsStr;

pub fn caseaudit() -> Command {
    Command::cargo_bin("caseaudit").unwrap()
}

/// Runs `caseaudit ARGS`, asserts it succeeded, and returns what it printed.
pub fn run_ok<I, S>(args: I) -> Vec<u8>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let out = caseaudit().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "caseaudit failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// As [`run_ok`], for a command that prints JSON.
pub fn json_ok<I, S>(args: I) -> serde_json::Value
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    serde_json::from_slice(&run_ok(args)).unwrap()
}
