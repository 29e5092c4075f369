//! The audit's two routes in (docs/performance.md): an export grouped by case is audited
//! case by case as it is read, in parallel; one that is not is read whole first. Both,
//! and any number of threads, must give the same report byte for byte.
mod common;
use common::caseaudit;
use std::path::Path;

/// A generated export of `cases` cases (long CSV, grouped by case) in a fresh folder.
fn generated(cases: u32) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = caseaudit()
        .args([
            "generate",
            "--seed",
            "5",
            "--cases",
            &cases.to_string(),
            "--out",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

/// `audit FILE --format json --results all` with `env`; the report and stderr.
fn audit(file: &Path, env: &[(&str, &str)]) -> (Vec<u8>, String) {
    let mut cmd = caseaudit();
    cmd.args([
        "audit",
        "--as-of",
        "2025-06-30",
        "--format",
        "json",
        "--results",
        "all",
    ])
    .arg(file)
    .env_remove("CI");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (out.stdout, String::from_utf8(out.stderr).unwrap())
}

#[test]
fn a_parallel_run_is_byte_identical_to_a_single_threaded_one() {
    // 6,000 cases: three batches of the reader, two chunks of the workers.
    let dir = generated(6000);
    let file = dir.path().join("events.csv");
    let (one, _) = audit(&file, &[("RAYON_NUM_THREADS", "1")]);
    let (many, _) = audit(&file, &[("RAYON_NUM_THREADS", "4")]);
    assert!(one.len() > 1_000_000, "a report with every result");
    assert!(one == many, "the reports differ");
    // The data coverage is counted beside the findings, piece by piece: some of it to compare.
    let report: serde_json::Value = serde_json::from_slice(&one).unwrap();
    let coverage = report["coverage"].as_array().unwrap();
    assert!(
        coverage.iter().any(|c| c["of"].as_u64() > Some(1000)),
        "{coverage:?}"
    );
}

#[test]
fn an_export_not_grouped_by_case_is_regrouped_and_gives_the_same_report() {
    let dir = generated(3000);
    let file = dir.path().join("events.csv");
    let (grouped, stderr) = audit(&file, &[]);
    assert_eq!(stderr, "", "a grouped export streams without a word");
    // The first case's first row moved to the end: its case id comes again after the
    // others, and it was still seen first, so the cases keep their order.
    let text = std::fs::read_to_string(&file).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let first = lines.remove(1);
    lines.push(first);
    let ungrouped = dir.path().join("ungrouped.csv");
    std::fs::write(&ungrouped, lines.join("\n") + "\n").unwrap();
    let (report, stderr) = audit(&ungrouped, &[]);
    assert!(
        stderr.contains("is not grouped by case") || stderr.contains("ikke grupperet efter sag"),
        "{stderr}"
    );
    let case = first.split(',').next().unwrap();
    assert!(stderr.contains(case), "{stderr}");
    // Only the input's name and checksum differ.
    let strip = |r: &[u8]| {
        let v: serde_json::Value = serde_json::from_slice(r).unwrap();
        let mut v = v.as_object().unwrap().clone();
        v.remove("inputs");
        v.remove("tool");
        serde_json::to_string(&v).unwrap()
    };
    assert!(strip(&grouped) == strip(&report), "the reports differ");
}

#[test]
fn no_progress_bar_in_a_pipe_or_a_ci_log() {
    // Long enough (in a debug build) for the bar's first second to pass.
    let dir = generated(6000);
    let file = dir.path().join("events.csv");
    let (_, piped) = audit(&file, &[]);
    assert_eq!(piped, "", "stderr is a pipe here: no bar");
    let (_, ci) = audit(&file, &[("CI", "true")]);
    assert_eq!(ci, "");
    let out = caseaudit()
        .args([
            "audit",
            "--as-of",
            "2025-06-30",
            "--quiet",
            "--format",
            "json",
        ])
        .arg(&file)
        .env("CI", "true")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
