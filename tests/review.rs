//! The review round-trip (`caseaudit review`, then `audit --review`), waivers and the
//! municipality profile, run on the real binary.
mod common;
use calamine::{Data, Reader};
use common::{caseaudit, json_ok, temp_file};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Two cases whose caseworker changes carry no handover note (J2 not assessable), and one
/// document journaled in time (J1 pass).
const CASES: &str = r#"[
  {"case_id": "K1", "team": "Øst", "events": [
    {"type": "caseworker_change", "date": "2024-03-01"},
    {"type": "document_received", "date": "2024-03-01", "journaled": "2024-03-04"}]},
  {"case_id": "K2", "team": "Vest", "events": [
    {"type": "caseworker_change", "date": "2024-04-01"}]}
]"#;

const AS_OF: &str = "2024-12-31";

fn cases() -> (tempfile::TempDir, PathBuf) {
    temp_file("cases.json", CASES)
}

fn audit_json(cases: &Path, extra: &[&str]) -> Value {
    let mut args = vec![
        "audit",
        cases.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--format",
        "json",
        "--results",
        "all",
    ];
    args.extend(extra);
    json_ok(args)
}

fn by_id<'a>(list: &'a Value, id: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == id)
        .unwrap_or_else(|| panic!("no {id} in {list}"))
}

/// (pass, fail, not_assessable, score) of an entry of `themes` or `rules`.
fn counts(entry: &Value) -> (u64, u64, u64, Option<f64>) {
    (
        entry["pass"].as_u64().unwrap(),
        entry["fail"].as_u64().unwrap(),
        entry["not_assessable"].as_u64().unwrap(),
        entry["score"].as_f64(),
    )
}

/// Every row of the first sheet as text.
fn read_sheet(path: &Path) -> Vec<Vec<String>> {
    let mut book = calamine::open_workbook_auto(path).unwrap();
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// Writes `rows` back as a workbook, as a reviewer's Excel would save it.
fn write_sheet(path: &Path, rows: &[Vec<String>]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if !cell.is_empty() {
                ws.write_string(r as u32, c as u16, cell).unwrap();
            }
        }
    }
    book.save(path).unwrap();
}

fn column(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
}

#[test]
fn a_filled_in_review_sheet_changes_the_scores_exactly() {
    let (dir, cases) = cases();
    let sheet = dir.path().join("review.xlsx");
    caseaudit()
        .args(["review", cases.to_str().unwrap(), "--as-of", AS_OF, "-o"])
        .arg(&sheet)
        .assert()
        .success();

    // The sheet: a Danish header, one row per not-assessable result, the question.
    let mut rows = read_sheet(&sheet);
    let header = rows[0].clone();
    assert_eq!(header[0], "sag");
    let (case, rule, subject, status, question, verdict) = (
        column(&header, "sag"),
        column(&header, "regel"),
        column(&header, "emne"),
        column(&header, "maskinens status"),
        column(&header, "spørgsmål"),
        column(&header, "vurdering"),
    );
    assert_eq!(rows.len(), 3, "{rows:?}");
    for row in &rows[1..] {
        assert_eq!(row[rule], "J2");
        assert_eq!(row[status], "kan ikke vurderes");
        assert!(row[question].ends_with('?'), "{}", row[question]);
    }
    assert_eq!(rows[1][subject], "caseworker_change@2024-03-01");

    // Before review: J2 has nothing scored; documentation is J1's single pass.
    let before = audit_json(&cases, &[]);
    assert_eq!(counts(by_id(&before["rules"], "J2")), (0, 0, 2, None));
    assert_eq!(
        counts(by_id(&before["themes"], "documentation")),
        (1, 0, 2, Some(1.0))
    );
    assert_eq!(before["summary"]["case_error_rate"]["denominator"], 1);
    assert!(before.get("review").is_none());

    // The reviewer: K1's handover was documented (pass), K2's was not (fail).
    for row in rows.iter_mut().skip(1) {
        while row.len() < header.len() {
            row.push(String::new());
        }
        row[verdict] = match row[case].as_str() {
            "K1" => "opfyldt".into(),
            _ => "ikke opfyldt".into(),
        };
    }
    let filled = dir.path().join("filled.xlsx");
    write_sheet(&filled, &rows);
    let after = audit_json(&cases, &["--review", filled.to_str().unwrap()]);
    assert_eq!(counts(by_id(&after["rules"], "J2")), (1, 1, 0, Some(0.5)));
    assert_eq!(
        counts(by_id(&after["themes"], "documentation")),
        (2, 1, 0, Some(0.6667))
    );
    let rate = &after["summary"]["case_error_rate"];
    assert_eq!(
        (&rate["numerator"], &rate["denominator"]),
        (&1.into(), &2.into())
    );

    // The machine's results and the verdicts, counted apart.
    let review = &after["review"];
    assert_eq!(review["verdicts"], 2);
    assert_eq!(review["applied"], 2);
    assert_eq!(review["changed"], 2);
    assert_eq!(review["orphans"], serde_json::json!([]));
    assert_eq!(
        counts(by_id(&review["machine"]["rules"], "J2")),
        (0, 0, 2, None)
    );
    assert_eq!(
        counts(by_id(&review["reviewed"]["rules"], "J2")),
        (1, 1, 0, Some(0.5))
    );
    let reviewed: Vec<&Value> = after["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["source"] == "review")
        .collect();
    assert_eq!(reviewed.len(), 2);
    assert!(
        reviewed
            .iter()
            .all(|r| r["machine_status"] == "not_assessable")
    );
    let j1 = after["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule"] == "J1")
        .unwrap();
    assert_eq!(j1["source"], "machine");
    assert!(j1.get("machine_status").is_none());

    // The terminal report shows the review apart, with the score before and after.
    let table = caseaudit()
        .args([
            "audit",
            cases.to_str().unwrap(),
            "--as-of",
            AS_OF,
            "--review",
        ])
        .arg(&filled)
        .output()
        .unwrap();
    let text = String::from_utf8(table.stdout).unwrap();
    assert!(text.contains("Manuel gennemgang"), "{text}");
    assert!(
        text.contains("kan ikke vurderes → ikke opfyldt: 1"),
        "{text}"
    );
}

/// The CSV sheet `caseaudit review` writes for the cases, its rows replaced by `rows`, each
/// given as (column, value) pairs by the column's English id: as Danish Excel saves it.
fn csv_sheet(dir: &Path, rows: &[&[(&str, &str)]]) -> PathBuf {
    let cases = dir.join("cases.json");
    let sheet = dir.join("review.csv");
    caseaudit()
        .args(["review", cases.to_str().unwrap(), "--as-of", AS_OF, "-o"])
        .arg(&sheet)
        .assert()
        .success();
    let text = std::fs::read_to_string(&sheet).unwrap();
    assert!(text.starts_with('\u{feff}'));
    let header = text.split("\r\n").next().unwrap().to_string();
    let filled = dir.join("filled.csv");
    std::fs::write(&filled, sheet_text(&header, rows)).unwrap();
    filled
}

/// A sheet's text: its header line, then a line per row with each value in its column.
fn sheet_text(header: &str, rows: &[&[(&str, &str)]]) -> String {
    let columns: Vec<&str> = header.trim_start_matches('\u{feff}').split(';').collect();
    fn danish(id: &str) -> &str {
        match id {
            "case_id" => "sag",
            "rule" => "regel",
            "subject" => "emne",
            "verdict" => "vurdering",
            "reviewer" => "bedømmer",
            "adjudication" => "opmand",
            "as_of" => "måledato",
            other => other,
        }
    }
    let mut out = vec![header.to_string()];
    for row in rows {
        let mut cells = vec![String::new(); columns.len()];
        for (id, value) in *row {
            let at = columns
                .iter()
                .position(|c| *c == danish(id))
                .unwrap_or_else(|| panic!("no column {id} in {header}"));
            cells[at] = value.to_string();
        }
        out.push(cells.join(";"));
    }
    out.join("\r\n")
}

/// A row of a filled-in sheet: case, rule, subject and verdict.
fn verdict<'a>(
    case: &'a str,
    rule: &'a str,
    subject: &'a str,
    v: &'a str,
) -> [(&'a str, &'a str); 5] {
    [
        ("case_id", case),
        ("rule", rule),
        ("subject", subject),
        ("verdict", v),
        ("reviewer", "AB"),
    ]
}

#[test]
fn a_verdict_without_its_result_is_reported_not_dropped() {
    let (dir, cases) = cases();
    let filled = csv_sheet(
        dir.path(),
        &[
            &verdict("K1", "J2", "caseworker_change@2024-03-01", "pass"),
            &verdict("K9", "J2", "caseworker_change@2024-03-01", "fail"),
            &verdict("K2", "J2", "caseworker_change@2024-04-01", ""),
        ],
    );
    let out = caseaudit()
        .args([
            "audit",
            cases.to_str().unwrap(),
            "--as-of",
            AS_OF,
            "--format",
            "json",
            "--review",
        ])
        .arg(&filled)
        .output()
        .unwrap();
    assert!(out.status.success());
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let review = &report["review"];
    assert_eq!(
        (review["rows"].as_u64(), review["verdicts"].as_u64()),
        (Some(3), Some(2))
    );
    assert_eq!(review["applied"], 1);
    assert_eq!(
        review["orphans"],
        serde_json::json!([{"case_id": "K9", "rule": "J2", "subject": "caseworker_change@2024-03-01", "verdict": "fail", "row": 3, "file": filled.to_str().unwrap()}])
    );
    assert_eq!(review["orphans_total"], 1);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("filled.csv, række 3"), "{stderr}");
    assert!(stderr.contains("K9 J2"), "{stderr}");
}

#[test]
fn a_bad_verdict_names_the_file_and_row() {
    let (dir, cases) = cases();
    let filled = csv_sheet(
        dir.path(),
        &[
            &verdict("K1", "J2", "caseworker_change@2024-03-01", "pass"),
            &verdict("K2", "J2", "caseworker_change@2024-04-01", "måske"),
        ],
    );
    caseaudit()
        .args([
            "audit",
            cases.to_str().unwrap(),
            "--as-of",
            AS_OF,
            "--lang",
            "en",
            "--review",
        ])
        .arg(&filled)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "filled.csv, row 3: the verdict \"måske\" is not pass, fail or exempt",
        ))
        // The row's refusal as it is, not wrapped as a failure to read the sheet.
        .stderr(predicates::str::contains("could not read").not());
    // Two different verdicts on one result.
    let filled = csv_sheet(
        dir.path(),
        &[
            &verdict("K1", "J2", "caseworker_change@2024-03-01", "pass"),
            &verdict("K1", "J2", "caseworker_change@2024-03-01", "fail"),
        ],
    );
    caseaudit()
        .args([
            "audit",
            cases.to_str().unwrap(),
            "--as-of",
            AS_OF,
            "--review",
        ])
        .arg(&filled)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("række 3").and(predicates::str::contains("række 2")));
}

#[test]
fn material_adds_every_result_of_a_material_rule() {
    let (dir, cases) = temp_file(
        "cases.json",
        r#"[{"case_id": "K1", "events": [
            {"type": "child_conversation", "date": "2024-02-01"},
            {"type": "decision", "date": "2024-05-01", "id": "D1", "kind": "support", "outcome": "granted"}]}]"#,
    );
    let sheet = dir.path().join("r.csv");
    let run = |material: bool| {
        let mut cmd = caseaudit();
        cmd.args([
            "review",
            cases.to_str().unwrap(),
            "--as-of",
            AS_OF,
            "--lang",
            "en",
            "-o",
        ])
        .arg(&sheet);
        if material {
            cmd.arg("--material");
        }
        cmd.assert().success();
        std::fs::read_to_string(&sheet).unwrap()
    };
    assert!(!run(false).contains(";S1;"));
    let text = run(true);
    let s1 = text
        .lines()
        .find(|l| l.starts_with("K1;;S1;D1;"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(s1.contains(";pass;"), "{s1}");
}

use predicates::prelude::PredicateBooleanExt;

fn waivers(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("waivers.toml");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn waived_results_keep_their_status_and_score() {
    let (dir, cases) = temp_file(
        "cases.json",
        r#"[{"case_id": "K1", "events": [
            {"type": "document_received", "date": "2024-03-01", "journaled": "2024-04-01"},
            {"type": "document_received", "date": "2024-05-01", "journaled": "2024-06-01"}]}]"#,
    );
    let file = waivers(
        dir.path(),
        r#"
[[waiver]]
case_id = "K1"
rule = "J1"
subject = "document_received@2024-03-01"
reason = "Systemnedbrud i marts; journaliseret samlet"
approver = "Afdelingsleder"
expires = 2025-06-30

[[waiver]]
case_id = "K1"
rule = "U1"
reason = "Ingen underretning"
approver = "Afdelingsleder"
expires = 2025-06-30

[[waiver]]
case_id = "K1"
rule = "J1"
reason = "Gammel dispensation"
approver = "Afdelingsleder"
expires = "2024-01-31"
"#,
    );
    let out = caseaudit()
        .args([
            "audit",
            cases.to_str().unwrap(),
            "--as-of",
            AS_OF,
            "--format",
            "json",
            "--waivers",
        ])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    // Both documents fail and both count in the score; one is waived.
    assert_eq!(counts(by_id(&report["rules"], "J1")), (0, 2, 0, Some(0.0)));
    let w = &report["waivers"];
    assert_eq!(counts(by_id(&w["rules"], "J1")), (0, 1, 0, Some(0.0)));
    assert_eq!(w["in_force"], 2);
    assert_eq!(w["expired"][0]["number"], 3);
    assert_eq!(w["unmatched"][0]["rule"], "U1");
    let waived: Vec<&Value> = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r.get("waiver").is_some())
        .collect();
    assert_eq!(waived.len(), 1);
    assert_eq!(waived[0]["status"], "fail");
    assert_eq!(waived[0]["waiver"]["approver"], "Afdelingsleder");
    // The reason is the municipality's free text: it stays out of the report.
    assert!(!String::from_utf8_lossy(&out.stdout).contains("Systemnedbrud"));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("dispensation nr. 3: udløb 2024-01-31"),
        "{stderr}"
    );
    assert!(stderr.contains("dispensation nr. 2"), "{stderr}");
}

#[test]
fn a_waiver_for_an_unknown_rule_is_refused() {
    let (dir, cases) = cases();
    let file = waivers(
        dir.path(),
        "[[waiver]]\ncase_id = \"K1\"\nrule = \"Q9\"\nreason = \"x\"\napprover = \"y\"\nexpires = 2025-01-01\n",
    );
    caseaudit()
        .args([
            "audit",
            cases.to_str().unwrap(),
            "--as-of",
            AS_OF,
            "--lang",
            "en",
            "--waivers",
        ])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "waiver number 1: the rule \"Q9\" is not in the rule set",
        ));
}

fn profile(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("profile.toml");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_profile_overrides_rule_parameters_as_data() {
    // Journaled on the 7th workday, decided after 10 weeks.
    let (dir, cases) = temp_file(
        "cases.json",
        r#"[{"case_id": "K1", "events": [
            {"type": "document_received", "date": "2024-03-01", "journaled": "2024-03-12"},
            {"type": "application_received", "date": "2024-02-01", "provision": "BL § 86"},
            {"type": "decision", "date": "2024-04-11", "provision": "BL § 86", "outcome": "granted"}]}]"#,
    );
    let before = audit_json(&cases, &[]);
    assert_eq!(counts(by_id(&before["rules"], "J1")).1, 1);
    assert_eq!(counts(by_id(&before["rules"], "T1")).1, 1);
    let file = profile(
        dir.path(),
        r#"
name = "Eksempel Kommune"
calendar = "extended"

[rules.J1]
within = "8 workdays"

[processing_time]
"BL § 86" = "12 weeks"
"#,
    );
    let after = audit_json(&cases, &["--profile", file.to_str().unwrap()]);
    assert_eq!(counts(by_id(&after["rules"], "J1")), (1, 0, 0, Some(1.0)));
    assert_eq!(counts(by_id(&after["rules"], "T1")), (1, 0, 0, Some(1.0)));
    let p = &after["profile"];
    assert_eq!(p["name"], "Eksempel Kommune");
    assert_eq!(after["calendar"], "extended");
    assert_eq!(
        p["overrides"],
        serde_json::json!([
            {"scope": "J1", "key": "within", "from": "5 workdays", "to": "8 workdays"},
            {"scope": "processing_time", "key": "BL § 86", "from": "8 weeks", "to": "12 weeks"}
        ])
    );
    // --calendar wins over the profile's.
    let strict = audit_json(
        &cases,
        &["--profile", file.to_str().unwrap(), "--calendar", "strict"],
    );
    assert_eq!(strict["calendar"], "strict");
}

#[test]
fn a_profile_naming_an_unknown_rule_or_key_is_refused() {
    let (dir, cases) = cases();
    for (text, expected) in [
        (
            "name = \"X\"\n[rules.Q9]\nwithin = \"1 day\"\n",
            "rules.Q9: no such rule",
        ),
        (
            "name = \"X\"\n[rules.J1]\nwithn = \"1 day\"\n",
            "rules.J1.withn: rule J1 has no such parameter",
        ),
        (
            "name = \"X\"\n[rules.J1]\nwithin = \"soon\"\n",
            "rules.J1.within",
        ),
        (
            "name = \"X\"\n[processing_time]\n\"BL § 86\" = \"later\"\n",
            "processing_time.\"BL § 86\"",
        ),
        ("name = \"X\"\ncolour = \"red\"\n", "colour"),
    ] {
        let file = profile(dir.path(), text);
        caseaudit()
            .args([
                "audit",
                cases.to_str().unwrap(),
                "--as-of",
                AS_OF,
                "--lang",
                "en",
                "--profile",
            ])
            .arg(&file)
            .assert()
            .code(2)
            .stderr(
                predicates::str::contains("profile.toml").and(predicates::str::contains(expected)),
            );
    }
}

#[test]
fn the_verdict_column_is_a_drop_down() {
    let (dir, cases) = cases();
    let sheet = dir.path().join("review.xlsx");
    caseaudit()
        .args(["review", cases.to_str().unwrap(), "--as-of", AS_OF, "-o"])
        .arg(&sheet)
        .assert()
        .success();
    // The same audit writes the same bytes.
    let again = dir.path().join("again.xlsx");
    caseaudit()
        .args(["review", cases.to_str().unwrap(), "--as-of", AS_OF, "-o"])
        .arg(&again)
        .assert()
        .success();
    assert_eq!(
        std::fs::read(&sheet).unwrap(),
        std::fs::read(&again).unwrap()
    );
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&sheet).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    // Column O (the verdict), rows 2–3, offering the Danish labels; column R (opmand) "ja".
    assert!(xml.contains(r#"type="list""#), "{xml}");
    assert!(xml.contains(r#"sqref="O2:O3""#), "{xml}");
    assert!(xml.contains(r#"sqref="R2:R3""#), "{xml}");
    assert!(
        xml.contains("&quot;opfyldt,ikke opfyldt,undtaget&quot;")
            || xml.contains("\"opfyldt,ikke opfyldt,undtaget\""),
        "{xml}"
    );
}

#[test]
fn the_csv_report_marks_reviewed_results() {
    let (dir, cases) = cases();
    let filled = csv_sheet(
        dir.path(),
        &[&verdict("K1", "J2", "caseworker_change@2024-03-01", "fail")],
    );
    let out = common::run_ok([
        "audit".as_ref(),
        cases.as_os_str(),
        "--as-of".as_ref(),
        AS_OF.as_ref(),
        "--format".as_ref(),
        "csv".as_ref(),
        "--review".as_ref(),
        filled.as_os_str(),
    ]);
    let text = String::from_utf8(out).unwrap();
    // The marks come last, after the report's own columns.
    let header = text.lines().next().unwrap();
    assert!(header.ends_with(",source,machine_status"), "{header}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("K1,J2,") && l.ends_with(",review,not_assessable")),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("K2,J2,") && l.ends_with(",machine,")),
        "{text}"
    );
    // JUnit: the failure's evidence says where the status comes from.
    let junit = common::run_ok([
        "audit".as_ref(),
        cases.as_os_str(),
        "--as-of".as_ref(),
        AS_OF.as_ref(),
        "--format".as_ref(),
        "junit".as_ref(),
        "--review".as_ref(),
        filled.as_os_str(),
    ]);
    let junit = String::from_utf8(junit).unwrap();
    assert!(
        junit.contains("source: review\nmachine_status: not_assessable</failure>"),
        "{junit}"
    );
    // Without --review the columns are as before.
    let plain = common::run_ok([
        "audit".as_ref(),
        cases.as_os_str(),
        "--as-of".as_ref(),
        AS_OF.as_ref(),
        "--format".as_ref(),
        "csv".as_ref(),
    ]);
    let plain = String::from_utf8(plain).unwrap();
    let header = plain.lines().next().unwrap();
    assert!(!header.contains(",source"), "{header}");
}

/// The sections on the profile, the review and the waivers, from their heading on (the rest
/// of the report is snapshot-tested in tests/snapshots.rs).
fn people_part(text: &str, first: &str) -> String {
    text[text
        .find(first)
        .unwrap_or_else(|| panic!("no {first:?} in {text}"))..]
        .to_string()
}

#[test]
fn review_waiver_and_profile_sections_snapshot() {
    let args = [
        "audit",
        "fixtures/demo/cases.json",
        "--as-of",
        "2025-06-30",
        "--review",
        "fixtures/review/review-filled.csv",
        "--waivers",
        "fixtures/review/waivers.toml",
        "--profile",
        "fixtures/review/profile.toml",
    ];
    let table = String::from_utf8(common::run_ok(args)).unwrap();
    insta::assert_snapshot!(
        "people_sections_table_da",
        people_part(&table, "Kommuneprofil")
    );
    let mut en = args.to_vec();
    en.extend(["--lang", "en", "--format", "markdown"]);
    let markdown = String::from_utf8(common::run_ok(en)).unwrap();
    insta::assert_snapshot!(
        "people_sections_markdown_en",
        people_part(&markdown, "### Municipality profile")
    );
}

#[test]
fn review_sheet_csv_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("review.csv");
    common::run_ok([
        "review".as_ref(),
        "fixtures/demo/cases.json".as_ref(),
        "--as-of".as_ref(),
        "2025-06-30".as_ref(),
        "--lang".as_ref(),
        "en".as_ref(),
        "-o".as_ref(),
        sheet.as_os_str(),
    ]);
    insta::assert_snapshot!(
        "review_sheet_demo_en",
        std::fs::read_to_string(&sheet)
            .unwrap()
            .replace("\r\n", "\n")
    );
}

#[test]
fn a_sheet_saved_by_danish_excel_is_read() {
    // Windows-1252, `;`, the header in Danish with other capitals, columns reordered, a
    // case id Excel would have read as a formula (written with its `'` mark).
    let (dir, cases) = temp_file(
        "cases.json",
        r#"[{"case_id": "-K1", "team": "Øst", "events": [
            {"type": "caseworker_change", "date": "2024-03-01"}]}]"#,
    );
    let text = "Vurdering;Sag;Team;Regel;Emne;Note\r\nIkke opfyldt;'-K1;Øst;J2;caseworker_change@2024-03-01;Intet notat i journalen\r\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    let sheet = dir.path().join("excel.csv");
    std::fs::write(&sheet, &bytes).unwrap();
    let report = audit_json(&cases, &["--review", sheet.to_str().unwrap()]);
    assert_eq!(counts(by_id(&report["rules"], "J2")), (0, 1, 0, Some(0.0)));
    assert_eq!(report["review"]["applied"], 1);
    // The reviewer's note never reaches the report.
    assert!(!report.to_string().contains("Intet notat"));
}

#[test]
fn a_sheet_without_the_key_columns_is_refused() {
    let (dir, cases) = cases();
    let sheet = dir.path().join("other.csv");
    std::fs::write(&sheet, "case;verdict\r\nK1;pass\r\n").unwrap();
    caseaudit()
        .args([
            "audit",
            cases.to_str().unwrap(),
            "--as-of",
            AS_OF,
            "--lang",
            "en",
            "--review",
        ])
        .arg(&sheet)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "other.csv: the sheet lacks one of the columns",
        ));
}

#[test]
fn a_pseudonymised_sheet_is_matched_back_with_the_same_key() {
    // A case id shaped like a CPR number: masked on every sheet, pseudonymised with a key.
    let (dir, cases) = temp_file(
        "cases.json",
        r#"[{"case_id": "010180-1234", "events": [
            {"type": "caseworker_change", "date": "2024-03-01"}]}]"#,
    );
    let key = "en-lang-nok-hemmelig-noegle";
    let sheet = dir.path().join("review.csv");
    caseaudit()
        .args([
            "review",
            cases.to_str().unwrap(),
            "--as-of",
            AS_OF,
            "--pseudonymize",
            key,
            "-o",
        ])
        .arg(&sheet)
        .assert()
        .success();
    let text = std::fs::read_to_string(&sheet).unwrap();
    assert!(!text.contains("010180-1234"), "{text}");
    let row = text.lines().nth(1).unwrap().to_string();
    assert!(row.starts_with("P-"), "{row}");
    let cells: Vec<&str> = row.split(';').collect();
    let header = text.split("\r\n").next().unwrap();
    let filled = sheet_text(
        header,
        &[&verdict(cells[0], cells[2], cells[3], "ikke opfyldt")],
    );
    std::fs::write(&sheet, filled).unwrap();
    let with_key = audit_json(
        &cases,
        &["--review", sheet.to_str().unwrap(), "--pseudonymize", key],
    );
    assert_eq!(with_key["review"]["applied"], 1);
    assert_eq!(
        counts(by_id(&with_key["rules"], "J2")),
        (0, 1, 0, Some(0.0))
    );
    // Without the key the verdict finds nothing, and is reported.
    let without = audit_json(&cases, &["--review", sheet.to_str().unwrap()]);
    assert_eq!(without["review"]["applied"], 0);
    assert_eq!(without["review"]["orphans"].as_array().unwrap().len(), 1);
}

/// Issue 17: a waiver's `expires` takes the date forms of `--as-of` (30-06-2025, 30.06.2025,
/// 30/06/2025 as well as 2025-06-30), and a date that is none is refused naming the forms.
#[test]
fn a_waivers_expiry_takes_the_date_forms_of_as_of() {
    let (dir, cases) = temp_file(
        "cases.json",
        r#"[{"case_id": "K1", "events": [
            {"type": "document_received", "date": "2024-03-01", "journaled": "2024-04-01"}]}]"#,
    );
    let audit = |expires: &str| {
        let file = waivers(
            dir.path(),
            &format!(
                "[[waiver]]\ncase_id = \"K1\"\nrule = \"J1\"\nreason = \"Systemnedbrud\"\n\
                 approver = \"Afdelingsleder\"\nexpires = \"{expires}\"\n"
            ),
        );
        caseaudit()
            .args(["audit", cases.to_str().unwrap(), "--as-of", AS_OF])
            .args(["--format", "json", "--waivers"])
            .arg(&file)
            .output()
            .unwrap()
    };
    for expires in ["31-12-2025", "31.12.2025", "31/12/2025", "2025-12-31"] {
        let out = audit(expires);
        assert!(
            out.status.success(),
            "{expires}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(report["waivers"]["in_force"], 1, "{expires}");
    }
    let out = audit("31-13-2025");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("DD-MM-ÅÅÅÅ"));
}
