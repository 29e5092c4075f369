//! Comparisons stream (issue 20): `diff`, `--baseline --fail-on-new` and `trend` read reports
//! as streams, the findings sorted by key in bounded memory. The outputs are those of the
//! comparison held in memory (worked out here from the reports, as `diff` did before),
//! byte for byte, with the default budget and with a budget of a few bytes that sends every
//! finding through the temporary files (CASEAUDIT_TEST_COMPARE_BUDGET). The Markdown for a
//! CI summary stays under 1 MiB whatever the reports hold.
mod common;

use common::{caseaudit, run_ok};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Two audits a quarter apart: (old, new) JSON reports. The later one audits the export
/// without the cases whose id ends in 7, so some findings are resolved as well as new.
fn reports(dir: &Path, results: &str) -> (PathBuf, PathBuf) {
    let out = dir.to_str().unwrap();
    run_ok(["generate", "--cases", "400", "--seed", "13", "--out", out]);
    let events = dir.join("events.csv");
    let text = std::fs::read_to_string(&events).unwrap();
    let fewer: Vec<&str> = text
        .lines()
        .filter(|l| !l.split(',').next().unwrap().ends_with('7'))
        .collect();
    let later = dir.join("later.csv");
    std::fs::write(&later, fewer.join("\n") + "\n").unwrap();
    let report = |as_of: &str| {
        let path = dir.join(format!("{as_of}-{results}.json"));
        let events = if as_of == "2025-03-31" {
            &events
        } else {
            &later
        };
        run_ok([
            "audit",
            events.to_str().unwrap(),
            "--as-of",
            as_of,
            "--results",
            results,
            "-o",
            path.to_str().unwrap(),
        ]);
        path
    };
    (report("2025-03-31"), report("2025-06-30"))
}

fn diff(old: &Path, new: &Path, extra: &[&str], budget: Option<&str>) -> Vec<u8> {
    let mut cmd = caseaudit();
    cmd.arg("diff").arg(old).arg(new).args(extra);
    if let Some(b) = budget {
        cmd.env("CASEAUDIT_TEST_COMPARE_BUDGET", b);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// The findings of a report as a map filled in the report's order (a later copy of a key
/// wins), each with its team.
fn findings(report: &Path) -> BTreeMap<(String, String, String), Value> {
    let report: Value = serde_json::from_slice(&std::fs::read(report).unwrap()).unwrap();
    report["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "fail")
        .map(|r| {
            let key = ["case_id", "rule", "subject"].map(|k| r[k].as_str().unwrap().to_string());
            (key.into(), r["team"].clone())
        })
        .collect()
}

/// The diff's lists worked out in memory, as JSON values.
fn expected_lists(old: &Path, new: &Path) -> [Vec<Value>; 3] {
    let (before, after) = (findings(old), findings(new));
    let list = |from: &BTreeMap<(String, String, String), Value>,
                other: &BTreeMap<(String, String, String), Value>,
                present: bool| {
        from.iter()
            .filter(|(k, _)| other.contains_key(*k) == present)
            .map(|((case_id, rule, subject), team)| {
                serde_json::json!({"case_id": case_id, "rule": rule, "subject": subject, "team": team})
            })
            .collect::<Vec<_>>()
    };
    [
        list(&after, &before, false),
        list(&before, &after, false),
        list(&after, &before, true),
    ]
}

#[test]
fn diff_gives_the_same_bytes_in_memory_and_through_the_temporary_files() {
    let dir = tempfile::tempdir().unwrap();
    for results in ["findings", "all"] {
        let (old, new) = reports(dir.path(), results);
        let [new_list, resolved, unchanged] = expected_lists(&old, &new);
        assert!(!new_list.is_empty() && !resolved.is_empty() && unchanged.len() > 100);
        for format in ["json", "table", "markdown"] {
            let args = [
                "--format",
                format,
                "--max-listed",
                "1000000",
                "--lang",
                "en",
            ];
            let in_memory = diff(&old, &new, &args, None);
            for budget in ["0", "300", "20000"] {
                let spilled = diff(&old, &new, &args, Some(budget));
                assert!(
                    in_memory == spilled,
                    "{results} {format}: budget {budget} gives other bytes"
                );
            }
            if format == "json" {
                // Serialized as the struct of lists was, pretty, with a line end.
                let doc: Value = serde_json::from_slice(&in_memory).unwrap();
                let mut expected = serde_json::Map::new();
                expected.insert("old_as_of".into(), "2025-03-31".into());
                expected.insert("new_as_of".into(), "2025-06-30".into());
                expected.insert("new".into(), Value::Array(new_list.clone()));
                expected.insert("resolved".into(), Value::Array(resolved.clone()));
                expected.insert("unchanged".into(), Value::Array(unchanged.clone()));
                expected.insert("themes".into(), doc["themes"].clone());
                let expected =
                    serde_json::to_string_pretty(&Value::Object(expected)).unwrap() + "\n";
                assert!(
                    String::from_utf8(in_memory).unwrap() == expected,
                    "{results}: the JSON diff differs from the lists worked out in memory"
                );
            }
        }
    }
}

#[test]
fn fail_on_new_counts_the_same_in_memory_and_through_the_temporary_files() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = reports(dir.path(), "findings");
    let (before, after) = (findings(&old), findings(&new));
    let expected = after.keys().filter(|k| !before.contains_key(*k)).count();
    assert!(expected > 5, "{expected}");
    // The later export, as the new report audited it.
    let events = dir.path().join("later.csv");
    for budget in [None, Some("0"), Some("5000")] {
        let mut cmd = caseaudit();
        cmd.arg("audit")
            .arg(&events)
            .args(["--as-of", "2025-06-30", "--lang", "en", "--format", "json"])
            .args(["--fail-on-new", "--baseline"])
            .arg(&old);
        if let Some(b) = budget {
            cmd.env("CASEAUDIT_TEST_COMPARE_BUDGET", b);
        }
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            stderr.contains(&format!("{expected} new fail results not in the baseline")),
            "budget {budget:?}: {stderr}"
        );
    }
}

/// A report of `n` fail results whose case ids are `width` characters long.
fn synthetic(path: &Path, as_of: &str, n: usize, width: usize, from: usize) {
    let results: Vec<Value> = (from..from + n)
        .map(|i| {
            serde_json::json!({
                "case_id": format!("{i:0width$}"),
                "rule": "U1",
                "status": "fail",
                "subject": "N1",
                "team": "Team | Nord",
            })
        })
        .collect();
    let doc = serde_json::json!({
        "schema_version": 1,
        "as_of": as_of,
        "themes": [{"id": "notifications", "score": 0.5}],
        "results": results,
    });
    std::fs::write(path, serde_json::to_vec(&doc).unwrap()).unwrap();
}

#[test]
fn diff_markdown_stays_under_a_mebibyte_whatever_the_reports_hold() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = (dir.path().join("old.json"), dir.path().join("new.json"));
    // 20,000 findings each, half of them shared, with case ids of 1,000 characters.
    synthetic(&old, "2025-03-31", 20_000, 1_000, 0);
    synthetic(&new, "2025-06-30", 20_000, 1_000, 10_000);
    for max in ["500", "1000000"] {
        let md = diff(
            &old,
            &new,
            &["--format", "markdown", "--max-listed", max, "--lang", "en"],
            None,
        );
        let md = String::from_utf8(md).unwrap();
        assert!(md.len() < 1 << 20, "--max-listed {max}: {} bytes", md.len());
        assert!(md.contains(
            "## Comparison 2025-03-31 → 2025-06-30: 10000 new, 10000 resolved, 10000 unchanged"
        ));
        for heading in [
            "### New findings: 10000",
            "### Resolved findings: 10000",
            "### Unchanged findings: 10000",
        ] {
            assert!(md.contains(heading), "{heading}");
        }
        // Each list says how many it left out; a case id is cut, a pipe escaped.
        assert_eq!(md.matches("more (at most ").count(), 3, "{max}");
        assert!(md.contains("Team \\| Nord"));
        assert!(md.lines().all(|l| l.len() < 1_000), "cells are cut");
    }
    // The default cap: 500 of each list.
    let md = String::from_utf8(diff(
        &old,
        &new,
        &["--format", "markdown", "--lang", "en"],
        None,
    ))
    .unwrap();
    assert!(
        md.contains("… and 9,500 more (at most 500 are shown, --max-listed)"),
        "{}",
        &md[..2000]
    );
    // JSON lists every one.
    let json: Value =
        serde_json::from_slice(&diff(&old, &new, &["--format", "json"], None)).unwrap();
    assert_eq!(json["unchanged"].as_array().unwrap().len(), 10_000);
}

#[test]
fn trend_reads_a_report_with_every_result_as_it_did() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = reports(dir.path(), "all");
    let out = run_ok([
        "trend",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("2025-03-31") && text.contains("2025-06-30"),
        "{text}"
    );
    assert!(
        text.contains("| Cases ") || text.contains("Cases"),
        "{text}"
    );
}
