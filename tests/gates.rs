//! CI gates, the exit-code contract and `caseaudit diff`, on the real binary (docs/ci.md).
mod common;
use common::{caseaudit, temp_file};
use predicates::prelude::*;
use serde_json::Value;

const DEMO: &str = "fixtures/demo/cases.json";

fn audit(extra: &[&str]) -> assert_cmd::assert::Assert {
    caseaudit()
        .args(["audit", DEMO, "--as-of", "2025-06-30", "--format", "json"])
        .args(extra)
        .assert()
}

#[test]
fn a_breached_threshold_exits_1_naming_each_breach() {
    // The demo's estimated reversal rate is 8 of 30 and it has dozens of fails.
    audit(&["--max-error-rate", "0.1", "--max-fails", "3"])
        .code(1)
        .stderr(predicate::str::contains("--max-error-rate 0,1"))
        .stderr(predicate::str::contains("over --max-fails 3"));
    // A Danish decimal comma is read as a decimal point (issue 17).
    audit(&["--max-error-rate", "0,35"]).code(0);
    audit(&["--max-error-rate", "0,29"])
        .code(1)
        .stderr(predicate::str::contains("--max-error-rate 0,29"));
    audit(&[
        "--min-score",
        "notifications=0.99",
        "--min-score",
        "decisions=0.0",
    ])
    .code(1)
    .stderr(predicate::str::contains("notifications"))
    .stderr(predicate::str::contains("decisions").not());
    // The theme by its Danish or English name, case ignored, with a decimal comma.
    for theme in [
        "underretninger=0,99",
        "Notifications=0.99",
        "UNDERRETNINGER=0,99",
    ] {
        audit(&["--min-score", theme])
            .code(1)
            .stderr(predicate::str::contains("(notifications)"));
    }
}

#[test]
fn thresholds_that_hold_exit_0() {
    audit(&[
        "--max-error-rate",
        "0.9",
        "--max-fails",
        "1000",
        "--max-rejected",
        "0",
        "--min-score",
        "notifications=0.5",
    ])
    .code(0)
    .stderr(predicate::str::is_empty());
}

#[test]
fn gate_messages_follow_lang_danish_by_default() {
    audit(&["--max-error-rate", "0.1", "--max-fails", "3"])
        .code(1)
        .stderr(predicate::str::contains(
            "caseaudit: tærskel overskredet: skønnet omgørelsesprocent 30,0 % (9 af 30) er over --max-error-rate 0,1\n",
        ))
        .stderr(predicate::str::contains(
            "tærskel overskredet: 45 resultater ikke opfyldt, over --max-fails 3",
        ));
    audit(&["--max-error-rate", "0.1", "--max-fails", "3", "--lang", "en"])
        .code(1)
        .stderr(predicate::str::contains(
            "caseaudit: threshold breached: estimated reversal rate 30.0 % (9 of 30) is above --max-error-rate 0.1\n",
        ))
        .stderr(predicate::str::contains(
            "threshold breached: 45 fail results, above --max-fails 3",
        ));
    audit(&["--max-error-rate", "0.1", "--exit-zero"])
        .code(0)
        .stderr(predicate::str::contains(
            "--max-error-rate 0,1 (--exit-zero: fejler ikke)",
        ));
}

#[test]
fn exit_zero_reports_the_breach_but_does_not_fail() {
    audit(&["--max-error-rate", "0.1", "--exit-zero"])
        .code(0)
        .stderr(predicate::str::contains("--max-error-rate"))
        .stdout(predicate::str::contains("\"schema_version\": 1"));
}

#[test]
fn a_malformed_threshold_is_a_usage_error() {
    audit(&["--max-error-rate", "30"])
        .code(2)
        .stderr(predicate::str::contains("mellem 0 og 1"));
    audit(&["--max-error-rate", "30", "--lang", "en"])
        .code(2)
        .stderr(predicate::str::contains("between 0 and 1"));
    audit(&["--min-score", "nosuchtheme=0.5"])
        .code(2)
        .stderr(predicate::str::contains("notifications"));
    audit(&["--fail-on-new"]).code(2);
    audit(&["--baseline", DEMO]).code(2);
}

#[test]
fn nothing_to_audit_exits_2_saying_why() {
    let (_dir, empty) = temp_file("empty.json", "[]");
    caseaudit()
        .args(["audit"])
        .arg(&empty)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "caseaudit: fejl: intet kunne revideres: inddata indeholder ingen sager",
        ));
    caseaudit()
        .args(["audit", "--lang", "en"])
        .arg(&empty)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "caseaudit: error: nothing could be audited: the inputs hold no cases",
        ));
    let (_dir, bad) = temp_file(
        "bad.csv",
        "case_id,type,date\nK1,no_such_event,2024-01-01\nK2,decision,not-a-date\n",
    );
    caseaudit()
        .args(["audit", "--as-of", "2025-01-01", "--lang", "en"])
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("2 of 2 input records rejected"))
        .stderr(predicate::str::contains(
            "every input record (2) was rejected",
        ));
    caseaudit()
        .args(["audit", "--as-of", "2025-01-01"])
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "caseaudit: 2 af 2 poster i inddata blev afvist og er ikke revideret",
        ))
        .stderr(predicate::str::contains(
            "intet kunne revideres: alle 2 poster i inddata blev afvist",
        ));
    // One record: singular in both languages.
    let (_dir, one) = temp_file(
        "one.csv",
        "case_id,type,date
K1,no_such_event,2024-01-01
",
    );
    caseaudit()
        .args(["audit", "--as-of", "2025-01-01"])
        .arg(&one)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "1 af 1 post i inddata blev afvist",
        ))
        .stderr(predicate::str::contains(
            "den ene post i inddata blev afvist",
        ));
    caseaudit()
        .args(["audit", "--as-of", "2025-01-01", "--lang", "en"])
        .arg(&one)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("1 of 1 input record rejected"))
        .stderr(predicate::str::contains(
            "the one input record was rejected",
        ));
}

#[test]
fn a_rejected_record_is_counted_on_stderr_and_can_be_gated() {
    let (_dir, mixed) = temp_file(
        "mixed.csv",
        "case_id,type,date,id\nK1,notification_received,2024-03-01,N1\nK1,no_such_event,2024-03-02,\n",
    );
    let run = |extra: &[&str]| {
        caseaudit()
            .args(["audit", "--as-of", "2025-01-01"])
            .arg(&mixed)
            .args(extra)
            .assert()
    };
    run(&["--lang", "en"])
        .code(0)
        .stderr(predicate::str::contains("1 of 2 input records rejected"));
    run(&[]).code(0).stderr(predicate::str::contains(
        "1 af 2 poster i inddata blev afvist",
    ));
    run(&["--max-rejected", "0.25"])
        .code(1)
        .stderr(predicate::str::contains("--max-rejected 0,25"));
}

/// The demo with one U1 defect fixed (K-2023-0212 assessed in time) and one made
/// (K-2024-0102's first notification assessed two days late).
fn demo_next_run() -> String {
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(DEMO).unwrap()).unwrap();
    let cases = doc["cases"].as_array_mut().unwrap();
    let mut set_assessed = |case: &str, date: &str| {
        let case = cases.iter_mut().find(|c| c["case_id"] == case).unwrap();
        let event = case["events"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .find(|e| e["type"] == "notification_assessed")
            .unwrap();
        event["date"] = date.into();
    };
    set_assessed("K-2023-0212", "2023-03-02T15:00");
    set_assessed("K-2024-0102", "2024-02-14T15:45");
    serde_json::to_string_pretty(&doc).unwrap()
}

#[test]
fn fail_on_new_and_diff_see_the_fixed_and_the_new_defect() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.json");
    let new = dir.path().join("new.json");
    let next = dir.path().join("cases.json");
    std::fs::write(&next, demo_next_run()).unwrap();
    let report = |input: &std::path::Path, path: &std::path::Path| {
        let out = caseaudit()
            .arg("audit")
            .arg(input)
            .args(["--as-of", "2025-06-30", "--format", "json"])
            .output()
            .unwrap();
        assert!(out.status.success());
        std::fs::write(path, out.stdout).unwrap();
    };
    report(std::path::Path::new(DEMO), &old);
    report(&next, &new);

    // The same export against its own baseline: nothing new.
    audit(&["--fail-on-new", "--baseline"]).code(2); // --baseline needs its file
    caseaudit()
        .args([
            "audit",
            DEMO,
            "--as-of",
            "2025-06-30",
            "--fail-on-new",
            "--baseline",
        ])
        .arg(&old)
        .assert()
        .code(0);
    caseaudit()
        .arg("audit")
        .arg(&next)
        .args(["--as-of", "2025-06-30", "--fail-on-new", "--baseline"])
        .arg(&old)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "1 nyt resultat, der ikke er opfyldt, og som ikke er i baseline (--fail-on-new)",
        ));

    let out = caseaudit()
        .arg("diff")
        .arg(&old)
        .arg(&new)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let diff: Value = serde_json::from_slice(&out.stdout).unwrap();
    let keys = |list: &str| {
        diff[list]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| {
                format!(
                    "{} {}",
                    k["case_id"].as_str().unwrap(),
                    k["rule"].as_str().unwrap()
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(keys("new"), ["K-2024-0102 U1"]);
    assert_eq!(keys("resolved"), ["K-2023-0212 U1"]);
    assert!(keys("unchanged").len() > 10);
    let notifications = diff["themes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["theme"] == "notifications")
        .unwrap();
    assert_eq!(notifications["change"], 0.0);

    assert_eq!(diff["new"][0]["team"], "Familieafdelingen Nord");
    for format in ["table", "markdown"] {
        let out = caseaudit()
            .arg("diff")
            .arg(&old)
            .arg(&new)
            .args(["--format", format, "--lang", "en"])
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("New findings: 1"), "{text}");
        insta::assert_snapshot!(format!("diff_{format}"), text);
    }
}

#[test]
fn diff_refuses_a_file_that_is_not_a_report() {
    caseaudit()
        .args(["diff", DEMO, DEMO])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "er ikke en JSON-rapport fra caseaudit",
        ));
}

#[test]
fn every_flag_in_the_ci_guide_exists() {
    let guide = std::fs::read_to_string("docs/ci.md").unwrap();
    let help = String::from_utf8(common::run_ok(["audit", "--help"])).unwrap();
    let flags: std::collections::BTreeSet<&str> = guide
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|w| w.starts_with("--") && w.as_bytes().get(2).is_some_and(u8::is_ascii_alphabetic))
        .collect();
    assert!(flags.contains("--fail-on-new"), "{flags:?}");
    // cargo's and curl's own flags in the recipes.
    let others = [
        "--locked", "--path", "--fail", "--silent", "--header", "--output",
    ];
    for flag in flags {
        let known = help.contains(flag) || others.contains(&flag);
        assert!(known, "docs/ci.md names {flag}, which audit does not take");
    }
}
