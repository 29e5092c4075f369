//! Inputs that do not stream as one grouped file are put together by case id in bounded
//! memory (src/load/partition.rs): past a budget their drafts go to temporary files by case
//! id and come back one bucket at a time. The report must not depend on it: every input
//! here is audited with the default budget (everything held in memory) and with budgets
//! that force the spill (`CASEAUDIT_TEST_PARTITION_BUDGET`, which can only lower it), and
//! the JSON report with every result, the `--rejects` file and stderr must be the same byte
//! for byte.
mod common;

use serde_json::{Map, Value, json};
use std::path::{Path, PathBuf};

/// The generated export's header and rows (grouped by case), with a few rows made bad
/// (an unknown type, a date that is none) and a `ref` that names nothing (a warning).
fn generated(dir: &Path, cases: usize) -> (String, Vec<String>) {
    let out = dir.join("gen");
    common::run_ok([
        "generate".as_ref(),
        "--cases".as_ref(),
        cases.to_string().as_ref(),
        "--seed".as_ref(),
        "11".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    let text = std::fs::read_to_string(out.join("events.csv")).unwrap();
    let mut lines = text.lines().map(str::to_string);
    let header = lines.next().unwrap();
    let mut rows: Vec<String> = lines.collect();
    for (i, row) in rows.iter_mut().enumerate() {
        let mut cells: Vec<String> = row.split(',').map(str::to_string).collect();
        match i % 97 {
            13 => cells[5] = "kaffepause".into(),
            41 => cells[6] = "2024-02-31".into(),
            67 if cells[8].is_empty() => cells[8] = "NOPE".into(),
            _ => continue,
        }
        *row = cells.join(",");
    }
    (header, rows)
}

/// The rows sorted by their date (not grouped by case), as a case system writes a log.
fn by_date(rows: &[String]) -> Vec<String> {
    let mut sorted = rows.to_vec();
    sorted.sort_by(|a, b| {
        let date = |r: &String| r.split(',').nth(6).unwrap_or_default().to_string();
        date(a).cmp(&date(b))
    });
    sorted
}

fn write_csv(path: &Path, header: &str, rows: &[String]) -> PathBuf {
    let mut text = format!("{header}\n");
    for row in rows {
        text += row;
        text += "\n";
    }
    std::fs::write(path, text).unwrap();
    path.to_path_buf()
}

/// The rows as JSON cases, in the order the case ids first appear in `rows`: each case with
/// the events of its rows (an event whose row is bad stays bad: its text is kept).
fn as_cases(header: &str, rows: &[String]) -> Vec<Value> {
    let names: Vec<&str> = header.split(',').collect();
    let mut order: Vec<String> = Vec::new();
    let mut cases: std::collections::HashMap<String, Map<String, Value>> = Default::default();
    for row in rows {
        let cells: Vec<&str> = row.split(',').collect();
        let id = cells[0].to_string();
        let case = cases.entry(id.clone()).or_insert_with(|| {
            order.push(id.clone());
            let mut case = Map::new();
            for (name, cell) in names.iter().zip(&cells).take(5) {
                if !cell.is_empty() {
                    case.insert(name.to_string(), json!(cell));
                }
            }
            case.insert("events".into(), json!([]));
            case
        });
        let mut event = Map::new();
        for (name, cell) in names.iter().zip(&cells).skip(5) {
            if !cell.is_empty() {
                event.insert(name.to_string(), json!(cell));
            }
        }
        case["events"]
            .as_array_mut()
            .unwrap()
            .push(Value::Object(event));
    }
    order
        .into_iter()
        .map(|id| Value::Object(cases.remove(&id).unwrap()))
        .collect()
}

fn ndjson(path: &Path, cases: &[Value]) -> PathBuf {
    let text: String = cases.iter().map(|c| format!("{c}\n")).collect();
    std::fs::write(path, text).unwrap();
    path.to_path_buf()
}

/// What `audit` gives: the JSON report (every result), the `--rejects` file, stderr.
/// (Written to the same paths each time: the report names the command line.)
fn audit(inputs: &[PathBuf], extra: &[&str], budget: Option<&str>) -> (String, String, String) {
    let dir = inputs[0].parent().unwrap();
    let (report, rejects) = (dir.join("report.json"), dir.join("rejects.csv"));
    let mut cmd = common::caseaudit();
    cmd.arg("audit")
        .args(inputs)
        .args(extra)
        .args([
            "--format",
            "json",
            "--results",
            "all",
            "--as-of",
            "2025-06-30",
        ])
        .args(["--lang", "en", "-o"])
        .arg(&report)
        .arg("--rejects")
        .arg(&rejects);
    match budget {
        Some(b) => cmd.env("CASEAUDIT_TEST_PARTITION_BUDGET", b),
        None => cmd.env_remove("CASEAUDIT_TEST_PARTITION_BUDGET"),
    };
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    (
        std::fs::read_to_string(report).unwrap(),
        std::fs::read_to_string(rejects).unwrap(),
        stderr,
    )
}

/// The inputs audit byte for byte the same held in memory and spilled; the report has
/// rejects and warnings (so their order is tested too), and is returned.
fn same_spilled_or_not(inputs: &[PathBuf], extra: &[&str]) -> Value {
    let held = audit(inputs, extra, None);
    for budget in ["0", "3000", "40000"] {
        let spilled = audit(inputs, extra, Some(budget));
        assert!(
            held.0 == spilled.0,
            "the report differs with a budget of {budget} bytes: {inputs:?}"
        );
        assert_eq!(held.1, spilled.1, "--rejects, budget {budget}: {inputs:?}");
        assert_eq!(held.2, spilled.2, "stderr, budget {budget}: {inputs:?}");
    }
    let doc: Value = serde_json::from_str(&held.0).unwrap();
    assert!(
        doc["summary"]["cases"].as_u64().unwrap() > 100,
        "{inputs:?}"
    );
    assert!(
        !doc["rejected"].as_array().unwrap().is_empty(),
        "{inputs:?}"
    );
    assert!(
        !doc["warnings"].as_array().unwrap().is_empty(),
        "{inputs:?}"
    );
    doc
}

#[test]
fn an_export_sorted_by_date_audits_the_same_spilled() {
    let dir = tempfile::tempdir().unwrap();
    let (header, rows) = generated(dir.path(), 160);
    let grouped = write_csv(&dir.path().join("grouped.csv"), &header, &rows);
    let sorted = write_csv(&dir.path().join("sorted.csv"), &header, &by_date(&rows));
    let doc = same_spilled_or_not(std::slice::from_ref(&sorted), &[]);
    // The same cases and results as the grouped export, in the order of their first rows.
    let grouped = common::json_ok([
        "audit".as_ref(),
        grouped.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
        "--results".as_ref(),
        "all".as_ref(),
        "--as-of".as_ref(),
        "2025-06-30".as_ref(),
    ]);
    assert_eq!(doc["summary"]["cases"], grouped["summary"]["cases"]);
    assert_eq!(
        doc["results"].as_array().unwrap().len(),
        grouped["results"].as_array().unwrap().len()
    );
}

#[test]
fn several_csv_files_with_a_case_file_audit_the_same_spilled() {
    let dir = tempfile::tempdir().unwrap();
    let (header, rows) = generated(dir.path(), 160);
    let rows = by_date(&rows);
    // Split by row into three files (a case's rows in all of them), and a row of the first
    // file repeated in the third: a copy, rejected naming both places.
    let mut parts = [Vec::new(), Vec::new(), Vec::new()];
    for (i, row) in rows.iter().enumerate() {
        parts[i % 3].push(row.clone());
    }
    let copy = parts[0][5].clone();
    parts[2].insert(7, copy);
    let mut inputs: Vec<PathBuf> = parts
        .iter()
        .enumerate()
        .map(|(i, rows)| write_csv(&dir.path().join(format!("part{i}.csv")), &header, rows))
        .collect();
    // A case-level file: the municipality of some cases, one case no event file has.
    let mut cases = String::from("case_id,municipality\n");
    let mut ids: Vec<&str> = rows.iter().map(|r| r.split(',').next().unwrap()).collect();
    ids.sort();
    ids.dedup();
    for id in ids.iter().step_by(9) {
        cases += &format!("{id},Køge\n");
    }
    cases += "K-9999-000001,Køge\n";
    let case_file = dir.path().join("cases.csv");
    std::fs::write(&case_file, cases).unwrap();
    inputs.push(case_file);
    let doc = same_spilled_or_not(&inputs, &[]);
    let rejected = doc["rejected"].as_array().unwrap();
    assert!(
        rejected
            .iter()
            .any(|r| r["file"].as_str().unwrap().ends_with("part2.csv")
                && r["reason"].as_str().unwrap().contains("part0.csv line")),
        "{rejected:?}"
    );
}

#[test]
fn ndjson_files_audit_the_same_spilled() {
    let dir = tempfile::tempdir().unwrap();
    let (header, rows) = generated(dir.path(), 160);
    let rows = by_date(&rows);
    // Two NDJSON files, each case's events split between them by row.
    let a: Vec<String> = rows.iter().step_by(2).cloned().collect();
    let b: Vec<String> = rows.iter().skip(1).step_by(2).cloned().collect();
    let inputs = [
        ndjson(&dir.path().join("a.ndjson"), &as_cases(&header, &a)),
        ndjson(&dir.path().join("b.ndjson"), &as_cases(&header, &b)),
    ];
    same_spilled_or_not(&inputs, &[]);
}

#[test]
fn json_documents_audit_the_same_spilled() {
    let dir = tempfile::tempdir().unwrap();
    let (header, rows) = generated(dir.path(), 160);
    let rows = by_date(&rows);
    let half = rows.len() / 2;
    let first = dir.path().join("first.json");
    let second = dir.path().join("second.json");
    std::fs::write(
        &first,
        Value::Array(as_cases(&header, &rows[..half])).to_string(),
    )
    .unwrap();
    let cases = json!({ "cases": as_cases(&header, &rows[half..]) });
    std::fs::write(&second, serde_json::to_string_pretty(&cases).unwrap()).unwrap();
    same_spilled_or_not(&[first, second], &[]);
}

#[test]
fn a_wide_table_beside_a_long_file_audits_the_same_spilled() {
    let dir = tempfile::tempdir().unwrap();
    let (header, rows) = generated(dir.path(), 160);
    let sorted = write_csv(&dir.path().join("sorted.csv"), &header, &by_date(&rows));
    let wide = dir.path().join("wide.csv");
    let mut text = String::from("sagsnummer,afgørelse,afgørelse_udfald,opfølgning\n");
    let mut ids: Vec<&str> = rows.iter().map(|r| r.split(',').next().unwrap()).collect();
    ids.dedup();
    for (i, id) in ids.iter().enumerate().step_by(11) {
        text += &format!("{id},0{}.03.2024,afslag,\n", 1 + i % 9);
    }
    text += "W-1,,bevilget,\n";
    std::fs::write(&wide, text).unwrap();
    same_spilled_or_not(&[sorted, wide], &["--date-format", "dmy"]);
}
