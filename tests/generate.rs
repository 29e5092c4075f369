//! `caseaudit generate` (issue 3, acceptance 3): the synthetic export audits to exactly the
//! statuses the generator built it to give, and the same seed gives the same bytes.
mod common;

use assert_cmd::Command;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn generate(dir: &Path, cases: u64, seed: u64, extra: &[&str]) {
    Command::cargo_bin("caseaudit")
        .unwrap()
        .args([
            "generate",
            "--cases",
            &cases.to_string(),
            "--seed",
            &seed.to_string(),
        ])
        .arg("--out")
        .arg(dir)
        .args(extra)
        .assert()
        .success();
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// (case_id, rule, subject) → status.
type Results = BTreeMap<(String, String, String), String>;

fn text(v: &Value, key: &str) -> String {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} missing in {v}"))
        .to_string()
}

fn insert(map: &mut Results, case_id: String, r: &Value) {
    let key = (case_id, text(r, "rule"), text(r, "subject"));
    let previous = map.insert(key.clone(), text(r, "status"));
    assert!(previous.is_none(), "duplicate result {key:?}");
}

fn truth_results(truth: &Value) -> Results {
    let mut map = Results::new();
    for case in truth["cases"].as_array().unwrap() {
        for r in case["results"].as_array().unwrap() {
            insert(&mut map, text(case, "case_id"), r);
        }
    }
    map
}

fn audit_results(events: &Path, as_of: &str, cases: u64) -> Results {
    // The generator is an oracle of the machine's checks; reviewer questions have no truth.
    let args = [
        "--as-of",
        as_of,
        "--format",
        "json",
        "--results",
        "all",
        "--questions",
        "none",
    ];
    let report: Value = common::json_ok(
        ["audit".as_ref(), events.as_os_str()]
            .into_iter()
            .chain(args.iter().map(|a| a.as_ref())),
    );
    assert_eq!(
        report["rejected"].as_array().map_or(0, Vec::len),
        0,
        "rows rejected"
    );
    assert_eq!(
        report["summary"]["cases"], cases,
        "every generated case is in the export"
    );
    let mut map = Results::new();
    for r in report["results"].as_array().unwrap() {
        insert(&mut map, text(r, "case_id"), r);
    }
    map
}

#[test]
fn the_audit_reproduces_truth_json_exactly() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), 1000, 1, &[]);
    let truth = read_json(&dir.path().join("truth.json"));
    assert_eq!(truth["seed"], 1);
    assert_eq!(truth["cases"].as_array().unwrap().len(), 1000);
    let expected = truth_results(&truth);
    let as_of = truth["as_of"].as_str().unwrap();
    let actual = audit_results(&dir.path().join("events.csv"), as_of, 1000);

    let mut differences = Vec::new();
    for key in expected
        .keys()
        .chain(actual.keys())
        .collect::<BTreeSet<_>>()
    {
        let (want, got) = (expected.get(key), actual.get(key));
        if want != got {
            differences.push(format!(
                "{} {} {}: truth {:?}, audit {:?}",
                key.0, key.1, key.2, want, got
            ));
        }
    }
    assert!(
        differences.is_empty(),
        "{} of {} results differ, e.g.:\n{}",
        differences.len(),
        expected.len(),
        differences[..differences.len().min(25)].join("\n")
    );
}

#[test]
fn every_rule_is_exercised_with_pass_and_fail() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), 1000, 1, &[]);
    let results = truth_results(&read_json(&dir.path().join("truth.json")));
    let seen: BTreeSet<(&str, &str)> = results
        .iter()
        .map(|((_, rule, _), status)| (rule.as_str(), status.as_str()))
        .collect();
    let rules = [
        "U1", "U2", "B1", "B2", "B3", "H1", "H2", "H3", "S1", "S2", "A1", "A2", "A3", "A4", "A5",
        "A6", "A7", "T1", "T2", "J1", "J2",
    ];
    for rule in rules {
        for status in ["pass", "fail"] {
            assert!(seen.contains(&(rule, status)), "no {rule} {status}");
        }
    }
    // The statuses that need a construction of their own.
    for (rule, status) in [
        ("U1", "pending"),
        ("B1", "pending"),
        ("B3", "exempt"),
        ("H1", "exempt"),
        ("H1", "pending"),
        ("H3", "pending"),
        ("S1", "exempt"),
        ("S2", "pending"),
        ("S2", "not_assessable"),
        ("A1", "not_assessable"),
        ("A5", "exempt"),
        ("T1", "not_assessable"),
        ("T1", "pending"),
        ("J1", "pending"),
        ("J2", "not_assessable"),
    ] {
        assert!(seen.contains(&(rule, status)), "no {rule} {status}");
    }
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_another_seed_does_not() {
    let (a, b, c) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    generate(a.path(), 300, 42, &["--defect-rate", "0.3"]);
    generate(b.path(), 300, 42, &["--defect-rate", "0.3"]);
    generate(c.path(), 300, 43, &["--defect-rate", "0.3"]);
    for file in ["events.csv", "truth.json"] {
        let read = |d: &tempfile::TempDir| std::fs::read(d.path().join(file)).unwrap();
        assert!(read(&a) == read(&b), "{file} differs for the same seed");
        assert!(read(&a) != read(&c), "{file} is the same for another seed");
    }
}

#[test]
fn a_defect_rate_outside_0_to_1_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    Command::cargo_bin("caseaudit")
        .unwrap()
        .args(["generate", "--cases", "5", "--defect-rate", "1.5", "--out"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--defect-rate"));
}

#[test]
fn generate_writes_only_provisions_the_table_knows() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), 1000, 1, &[]);
    let catalogue = caseaudit::rules::Catalogue::embedded().unwrap();
    let mut reader = csv::Reader::from_path(dir.path().join("events.csv")).unwrap();
    let column = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "provision")
        .expect("a provision column");
    let provisions: BTreeSet<String> = reader
        .records()
        .map(|r| r.unwrap()[column].to_string())
        .filter(|p| !p.is_empty())
        .collect();
    assert!(provisions.len() > 5, "{provisions:?}");
    let unknown: Vec<&String> = provisions
        .iter()
        .filter(|p| catalogue.provisions.kind_of(p).is_none())
        .collect();
    assert!(
        unknown.is_empty(),
        "not in rules/provisions.toml: {unknown:?}"
    );
}
