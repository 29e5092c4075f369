//! The real binary on real files, as a user runs it.
mod common;

use common::caseaudit;
use predicates::prelude::*;
use serde_json::Value;
use std::path::Path;

const DEMO: &str = "fixtures/demo/cases.json";

fn audit_json(args: &[&str]) -> Value {
    let base = ["audit", DEMO, "--as-of", "2025-06-30", "--format", "json"];
    common::json_ok(base.iter().chain(args))
}

#[test]
fn audit_prints_themes_and_error_rates_in_danish() {
    caseaudit()
        .args(["audit", DEMO, "--as-of", "2025-06-30"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Underretninger"))
        .stdout(predicate::str::contains("Børnefaglige undersøgelser"))
        .stdout(predicate::str::contains("Skønnet omgørelsesprocent"))
        .stdout(predicate::str::contains("95 % konfidensinterval"));
}

#[test]
fn audit_prints_english_with_lang_en() {
    caseaudit()
        .args(["audit", DEMO, "--as-of", "2025-06-30", "--lang", "en"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Notifications"))
        .stdout(predicate::str::contains("Estimated reversal rate"))
        .stdout(predicate::str::contains("Underretninger").not());
}

#[test]
fn json_report_has_every_key_of_the_contract() {
    let doc = audit_json(&["--results", "all"]);
    for key in [
        "schema_version",
        "tool",
        "as_of",
        "inputs",
        "ruleset",
        "summary",
        "themes",
        "rules",
        "results",
    ] {
        assert!(doc.get(key).is_some(), "missing {key}");
    }
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["as_of"], "2025-06-30");
    assert_eq!(doc["calendar"], "strict");
    // The 21 machine checks and the 5 reviewer questions.
    assert_eq!(doc["ruleset"]["rules"], 26);
    assert_eq!(doc["questions"]["asked"], doc["questions"]["unanswered"]);
    let input = &doc["inputs"][0];
    for key in ["path", "sha256", "cases", "events", "rejected"] {
        assert!(input.get(key).is_some(), "inputs[0] lacks {key}");
    }
    let summary = &doc["summary"];
    for key in [
        "cases",
        "decisions",
        "estimated_reversal_rate",
        "case_error_rate",
        "observed_reversal_rate",
    ] {
        assert!(summary.get(key).is_some(), "summary lacks {key}");
    }
    for key in ["numerator", "denominator", "rate", "ci95_low", "ci95_high"] {
        assert!(
            summary["estimated_reversal_rate"].get(key).is_some(),
            "rate lacks {key}"
        );
    }
    assert_eq!(doc["themes"].as_array().unwrap().len(), 7);
    assert_eq!(doc["rules"].as_array().unwrap().len(), 26);
    let results = doc["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        for key in [
            "case_id",
            "rule",
            "status",
            "subject",
            "start",
            "due",
            "done",
            "late_days",
            "late_hours",
            "law",
            "message",
        ] {
            assert!(r.get(key).is_some(), "a result lacks {key}: {r}");
        }
        assert!(!r["law"].as_str().unwrap().is_empty());
    }
}

#[test]
fn results_modes_list_what_they_say() {
    let all = audit_json(&["--results", "all"]);
    let findings = audit_json(&[]);
    let none = audit_json(&["--results", "none"]);
    let statuses = |d: &Value| {
        d["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["status"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert!(statuses(&all).iter().any(|s| s == "pass"));
    assert!(!statuses(&findings).iter().any(|s| s == "pass"));
    // Findings leave out the passes and the reviewer questions nobody has answered yet
    // (counted in `questions`).
    let unanswered = all["questions"]["unanswered"].as_u64().unwrap() as usize;
    assert!(unanswered > 0);
    assert_eq!(
        statuses(&all).len() - statuses(&findings).len(),
        statuses(&all).iter().filter(|s| *s == "pass").count() + unanswered
    );
    let rules = |d: &Value| {
        d["results"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["rule"].as_str().unwrap().starts_with('Q'))
    };
    assert!(rules(&all) && !rules(&findings));
    assert!(none.get("results").is_none());
    // Counts do not depend on what is listed.
    assert_eq!(all["themes"], none["themes"]);
}

#[test]
fn the_demo_exercises_every_rule_and_every_status() {
    let doc = audit_json(&["--results", "all"]);
    let results = doc["results"].as_array().unwrap();
    let questions: Vec<&str> = doc["questions"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_str().unwrap())
        .collect();
    for rule in doc["rules"].as_array().unwrap() {
        let id = rule["id"].as_str().unwrap();
        if questions.contains(&id) {
            // A question has no machine verdict: every subject awaits a reviewer.
            assert!(rule["not_assessable"].as_u64().unwrap() > 0, "{id}");
            assert_eq!(rule["not_assessable"], rule_total(rule), "{id}");
            continue;
        }
        for status in ["pass", "fail"] {
            assert!(
                results
                    .iter()
                    .any(|r| r["rule"] == id && r["status"] == status),
                "the demo gives {id} no {status}"
            );
        }
    }
    for status in ["pass", "exempt", "fail", "pending", "not_assessable"] {
        assert!(
            results.iter().any(|r| r["status"] == status),
            "no {status} in the demo"
        );
    }
}

/// Every result a rule gave, whatever its status.
fn rule_total(rule: &serde_json::Value) -> u64 {
    ["pass", "exempt", "fail", "pending", "not_assessable"]
        .iter()
        .map(|s| rule[s].as_u64().unwrap())
        .sum()
}

#[test]
fn two_runs_give_byte_identical_output() {
    for format in ["json", "table"] {
        let run = || {
            caseaudit()
                .args([
                    "audit",
                    DEMO,
                    "--as-of",
                    "2025-06-30",
                    "--results",
                    "all",
                    "--format",
                    format,
                ])
                .output()
                .unwrap()
                .stdout
        };
        assert_eq!(run(), run(), "{format}");
    }
}

#[test]
fn a_malformed_file_gives_exit_2_naming_file_and_line() {
    let (_dir, path) = common::temp_file(
        "broken.json",
        "{\"cases\": [\n  {\"case_id\": \"K-1\",\n  \"events\": [}\n]}",
    );
    caseaudit()
        .args(["audit", path.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("broken.json"))
        .stderr(predicate::str::contains("linje 3"));
}

#[test]
fn a_missing_file_or_bad_usage_gives_exit_2() {
    caseaudit()
        .args(["audit", "no/such/file.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no/such/file.json"));
    // Day-first dates are read as the loaders read them; an impossible one is refused.
    caseaudit()
        .args(["audit", DEMO, "--as-of", "31-06-2025"])
        .assert()
        .code(2);
    caseaudit().args(["audit"]).assert().code(2);
}

#[test]
fn a_bad_record_is_reported_not_dropped() {
    let (_dir, path) = common::temp_file(
        "cases.csv",
        "case_id,type,date\nK-1,notification_received,2024-03-01\nK-1,notification_assessed,2024-02-30\n,decision,2024-03-01\n",
    );
    let out = caseaudit()
        .args([
            "audit",
            path.to_str().unwrap(),
            "--as-of",
            "2024-06-30",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["inputs"][0]["rejected"], 2);
    assert_eq!(doc["inputs"][0]["events"], 1);
    let rejected = doc["rejected"].as_array().unwrap();
    assert_eq!(rejected[0]["line"], 3);
    assert_eq!(rejected[1]["line"], 4);
}

#[test]
fn rules_list_and_show() {
    caseaudit()
        .args(["rules", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("U1"))
        .stdout(predicate::str::contains("J2"));
    caseaudit()
        .args(["rules", "show", "U1", "--lang", "en"])
        .assert()
        .success()
        .stdout(predicate::str::contains("What it checks"))
        .stdout(predicate::str::contains("BL § 136"));
    caseaudit()
        .args(["rules", "show", "X9"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("ingen regel \"X9\""));
    caseaudit()
        .args(["rules", "show", "X9", "--lang", "en"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no rule \"X9\""));
}

#[test]
fn rules_test_passes_and_fails_on_a_broken_example() {
    caseaudit()
        .args(["rules", "test", "--lang", "en"])
        .assert()
        .success()
        .stdout(predicate::str::contains(" 0 failed"));
    let dir = common::rules_copy();
    let u1 = dir.path().join("U1.toml");
    let text = std::fs::read_to_string(&u1).unwrap();
    // The first example expects pass; claim it fails.
    let broken = text.replacen("expect = [\"pass\"]", "expect = [\"fail\"]", 1);
    assert_ne!(text, broken);
    std::fs::write(&u1, broken).unwrap();
    caseaudit()
        .args([
            "rules",
            "test",
            dir.path().to_str().unwrap(),
            "--lang",
            "en",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("FAIL U1"));
}

#[test]
fn a_broken_rule_file_is_refused_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["catalogue.toml", "provisions.toml", "U1.toml"] {
        std::fs::copy(Path::new("rules").join(name), dir.path().join(name)).unwrap();
    }
    let u1 = dir.path().join("U1.toml");
    let text = std::fs::read_to_string(&u1)
        .unwrap()
        .replace("within = \"24 hours\"", "within = \"24 fortnights\"");
    std::fs::write(&u1, text).unwrap();
    caseaudit()
        .args(["audit", DEMO, "--rules", dir.path().to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("U1.toml"))
        .stderr(predicate::str::contains("24 fortnights"));
}

#[test]
fn a_bad_json_event_is_rejected_with_its_line() {
    let (_dir, path) = common::temp_file(
        "cases.json",
        "[\n  {\"case_id\": \"K-1\", \"events\": [\n    {\"type\": \"notification_received\", \"date\": \"2024-03-01\"},\n    {\"type\": \"notification_assessed\", \"date\": \"2024-02-30\"}\n  ]},\n  {\"events\": []}\n]\n",
    );
    let doc = common::json_ok([
        "audit",
        path.to_str().unwrap(),
        "--as-of",
        "2024-06-30",
        "--format",
        "json",
    ]);
    let rejected = doc["rejected"].as_array().unwrap();
    assert_eq!(rejected.len(), 2);
    assert_eq!(rejected[0]["line"], 4);
    assert_eq!(rejected[0]["column"], "cases[0].events[1].date");
    assert_eq!(rejected[1]["line"], 6);
}

#[test]
fn events_after_the_as_of_date_are_counted_as_not_seen() {
    caseaudit()
        .args(["audit", DEMO, "--as-of", "2024-06-30", "--results", "none"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "157 hændelser efter måledatoen indgår ikke",
        ));
    caseaudit()
        .args(["audit", DEMO, "--as-of", "2025-06-30", "--results", "none"])
        .assert()
        .success()
        .stdout(predicate::str::contains("efter måledatoen").not());
}

/// The (rule, subject, status) triples of a JSON audit of `cases`.
fn audit_cases(cases: &Value, as_of: &str) -> Vec<(String, String, String)> {
    let (_dir, path) = common::temp_file("cases.json", cases.to_string());
    let path = path.to_str().unwrap();
    let doc = common::json_ok([
        "audit",
        path,
        "--as-of",
        as_of,
        "--format",
        "json",
        "--results",
        "all",
    ]);
    doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let s = |k: &str| r[k].as_str().unwrap_or_default().to_string();
            (s("rule"), s("subject"), s("status"))
        })
        .collect()
}

#[test]
fn one_receipt_answers_the_nearest_open_notification() {
    let cases = serde_json::json!([{ "case_id": "K-1", "events": [
        {"type": "notification_received", "date": "01-03-2024", "reporter": "private"},
        {"type": "notification_received", "date": "02-04-2024", "reporter": "professional"},
        {"type": "notification_acknowledged", "date": "03-04-2024"},
        {"type": "notification_received", "date": "2024-05-06", "reporter": "anonymous"},
    ]}]);
    let results = audit_cases(&cases, "2024-06-30");
    let u2: Vec<_> = results
        .iter()
        .filter(|(rule, _, _)| rule == "U2")
        .map(|(_, subject, status)| (subject.as_str(), status.as_str()))
        .collect();
    assert_eq!(
        u2,
        [
            ("notification_received@2024-03-01", "fail"),
            ("notification_received@2024-04-02", "pass"),
        ]
    );
}

#[test]
fn adding_an_older_event_renames_no_subject() {
    let events = serde_json::json!([
        {"type": "notification_received", "date": "2024-03-01T09:15", "reporter": "professional"},
        {"type": "notification_received", "date": "2024-03-01T09:15", "reporter": "private"},
        {"type": "notification_assessed", "date": "2024-03-01T12:00"},
        {"type": "investigation_started", "date": "2024-03-05"},
        {"type": "decision", "date": "2024-06-10", "provision": "BL § 32", "outcome": "granted"},
        {"type": "measure_started", "date": "2024-06-11", "id": "M1"},
        {"type": "document_received", "date": "2024-06-12", "journaled": "2024-06-13"},
    ]);
    let case = |events: &Value| serde_json::json!([{ "case_id": "K-1", "events": events }]);
    let before = audit_cases(&case(&events), "2025-06-30");
    let mut more = events.as_array().unwrap().clone();
    more.insert(
        0,
        serde_json::json!({"type": "notification_received", "date": "2024-01-15", "reporter": "private"}),
    );
    more.push(serde_json::json!({"type": "decision", "date": "2024-01-20", "provision": "BL § 32", "outcome": "refused"}));
    let after = audit_cases(&case(&Value::Array(more)), "2025-06-30");
    let subjects = |r: &[(String, String, String)]| {
        r.iter()
            .map(|(rule, subject, _)| format!("{rule} {subject}"))
            .collect::<std::collections::BTreeSet<_>>()
    };
    let (before, after) = (subjects(&before), subjects(&after));
    assert!(
        before.contains("U1 notification_received@2024-03-01T09:15~2"),
        "{before:?}"
    );
    assert!(before.iter().any(|s| s.starts_with("H2 M1")), "{before:?}");
    let lost: Vec<_> = before.difference(&after).collect();
    assert!(lost.is_empty(), "renamed or lost: {lost:?}");
    assert!(after.contains("U1 notification_received@2024-01-15"));
}

#[test]
fn decisions_no_rule_can_fully_judge_are_counted_not_dropped() {
    let csv = "case_id,type,date,provision,outcome\nK1,decision,2024-05-01,BL § 999,granted\nK1,decision,2024-06-01,BL § 32,\n";
    let (_dir, path) = common::temp_file("unknown.csv", csv);
    let path = path.to_str().unwrap();
    caseaudit()
        .args(["validate", path, "--lang", "en"])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "2 decisions cannot be judged by every rule: 1 of unknown kind (provisions: BL § 999",
        ))
        .stdout(predicates::str::contains("1 without an outcome"));
    let doc = common::json_ok(["audit", path, "--as-of", "2024-12-31", "--format", "json"]);
    assert_eq!(doc["unjudged"]["decisions"], 2);
    assert_eq!(doc["unjudged"]["unknown_kind"], 1);
    assert_eq!(doc["unjudged"]["provisions"][0], "BL § 999");
}

#[test]
fn a_case_above_the_size_limit_is_refused_with_exit_2() {
    let mut csv = String::from("case_id,type,date\n");
    for _ in 0..=caseaudit::load::MAX_CASE_EVENTS {
        csv.push_str("K1,document_received,2024-03-01\n");
    }
    let (_dir, path) = common::temp_file("huge.csv", csv);
    // validate shows the file as refused, as any file it cannot read.
    caseaudit()
        .args(["validate", path.to_str().unwrap(), "--lang", "en"])
        .assert()
        .code(2)
        .stdout(predicates::str::contains("at most 100000 events per case"))
        .stderr(predicates::str::contains("1 of 1 inputs could not be read"));
    caseaudit()
        .args(["audit", path.to_str().unwrap(), "--lang", "en"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("at most 100000 events per case"));
}

#[test]
fn rules_show_names_the_checked_references() {
    let show = |args: &[&str]| String::from_utf8(common::run_ok(args)).unwrap();
    let s2 = show(&["rules", "show", "S2", "--lang", "en"]);
    assert!(
        s2.contains("SEL § 70, stk. 2 (jf. § 148, stk. 1 og 3) — at least 2 every 12 months with at_placement = true, child_spoken_to = true"),
        "{s2}"
    );
    assert!(
        s2.contains("BL § 156, stk. 5 — at least 2 every 12 months with at_placement = true, child_spoken_to = true"),
        "{s2}"
    );
    assert!(!s2.contains("tightened"), "{s2}");
    assert!(show(&["rules", "show", "U2"]).contains("BL § 138, stk. 1"));
    assert!(show(&["rules", "show", "U1"]).contains("BL § 136, stk. 2"));
}
