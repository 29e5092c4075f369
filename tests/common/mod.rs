//! Running the real binary, shared by the CLI test files.
#![allow(dead_code)] // each test file uses what it needs
use assert_cmd::Command;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// The binary, run from the project folder (fixture paths are relative to it).
pub fn caseaudit() -> Command {
    let mut cmd = Command::cargo_bin("caseaudit").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    // The terminal table honours COLUMNS; snapshots must not depend on the shell's.
    cmd.env_remove("COLUMNS");
    cmd
}

/// A file with `contents` in a fresh temporary folder (kept while the folder lives).
pub fn temp_file(name: &str, contents: impl AsRef<[u8]>) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, contents).unwrap();
    (dir, path)
}

/// A copy of the rules folder to edit, as a municipality would.
pub fn rules_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    for entry in std::fs::read_dir(rules).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    dir
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
