//! Nothing judged less than given (issue 15): a column or key nothing reads is said on
//! stderr by every command that reads cases, naming the known name it is near, and the
//! report's data coverage shows what the rules missed.
mod common;
use common::{caseaudit, temp_file};
use serde_json::Value;
use std::path::{Path, PathBuf};

const LONG_DA: &str = "fixtures/formats/cases_long_da.csv";

/// The Danish long export (Windows-1252) with its `Klagevejledning` header misspelt; with
/// `utf8`, re-encoded as UTF-8, which the audit streams (Windows-1252 is read whole).
fn misspelt(utf8: bool) -> (tempfile::TempDir, PathBuf) {
    let bytes = std::fs::read(LONG_DA).unwrap();
    let text: String = bytes.iter().map(|&b| char::from(b)).collect();
    assert_eq!(text.matches("Klagevejledning").count(), 1);
    let text = text.replace("Klagevejledning", "Klagevejleding");
    let bytes = if utf8 {
        text.into_bytes()
    } else {
        text.chars().map(|c| c as u8).collect()
    };
    temp_file("export.csv", bytes)
}

/// `audit FILE --format json` (English): the report and stderr.
fn audit_json(file: &Path, extra: &[&str]) -> (Value, String) {
    audit_json_with(file, extra, ("RAYON_NUM_THREADS", "1"))
}

/// As [`audit_json`], with an environment variable set.
fn audit_json_with(file: &Path, extra: &[&str], (k, v): (&str, &str)) -> (Value, String) {
    let out = caseaudit()
        .args([
            "audit",
            "--as-of",
            "2025-06-30",
            "--format",
            "json",
            "--lang",
            "en",
        ])
        .args(extra)
        .arg(file)
        .env(k, v)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = serde_json::from_slice(&out.stdout).unwrap();
    (report, String::from_utf8(out.stderr).unwrap())
}

/// The coverage entry of `rule` for `field`: (carried, of).
fn coverage(report: &Value, rule: &str, field: &str) -> (u64, u64) {
    let entry = report["coverage"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["rule"] == rule && c["fields"] == serde_json::json!([field]))
        .unwrap_or_else(|| panic!("no coverage of {field} for {rule}"));
    (
        entry["carried"].as_u64().unwrap(),
        entry["of"].as_u64().unwrap(),
    )
}

/// Acceptance 3: `audit` of a CSV whose `klagevejledning` header is misspelt warns, naming
/// the column and the near field, and the JSON report's coverage shows 0 of N for it.
#[test]
fn a_misspelt_header_is_warned_about_and_shows_as_no_coverage() {
    for utf8 in [false, true] {
        let (_dir, file) = misspelt(utf8);
        let (report, stderr) = audit_json(&file, &[]);
        let warned: Vec<&str> = stderr
            .lines()
            .filter(|l| l.contains("Klagevejleding"))
            .collect();
        // One warning for the column, not one per row.
        assert_eq!(warned.len(), 1, "{stderr}");
        assert!(
            warned[0].contains("column \"Klagevejleding\" is not read")
                && warned[0].contains("did you mean \"klagevejledning\" (appeal_guidance)?"),
            "{stderr}"
        );
        let (carried, of) = coverage(&report, "A4", "appeal_guidance");
        assert_eq!(carried, 0);
        // Every decision A4 judged, each of them not assessable for want of the field.
        let a4 = report["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == "A4")
            .unwrap();
        assert!(of > 0);
        assert_eq!(a4["not_assessable"].as_u64(), Some(of));
    }
    // Spelt right, the same decisions carry it.
    let (report, stderr) = audit_json(Path::new(LONG_DA), &[]);
    assert!(!stderr.contains("not read"), "{stderr}");
    let (carried, of) = coverage(&report, "A4", "appeal_guidance");
    assert!(carried > 0 && carried <= of);
}

/// The streamed reading (UTF-8, cut into pieces, judged in parallel) and the whole one
/// (Windows-1252) count the same coverage, with one thread or four.
#[test]
fn coverage_is_the_same_streamed_or_read_whole() {
    let (_a, streamed) = misspelt(true);
    let (_b, whole) = misspelt(false);
    let one = audit_json(&streamed, &[]).0;
    let four = audit_json_with(&streamed, &[], ("RAYON_NUM_THREADS", "4")).0;
    let read_whole = audit_json(&whole, &[]).0;
    assert!(!one["coverage"].as_array().unwrap().is_empty());
    assert_eq!(one["coverage"], four["coverage"]);
    assert_eq!(one["coverage"], read_whole["coverage"]);
}

/// The table says it too, in Danish by default: the field, the events, 0 of N.
#[test]
fn the_table_lists_the_field_no_event_carried() {
    let (_dir, file) = misspelt(true);
    let out = caseaudit()
        .args(["audit", "--as-of", "2025-06-30"])
        .arg(&file)
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    let row = table
        .lines()
        .find(|l| l.contains("klagevejledning (appeal_guidance)"))
        .unwrap_or_else(|| panic!("{table}"));
    assert!(row.contains("A4") && row.contains("afgørelse") && row.contains("0 af "));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(
            "kolonnen \"Klagevejleding\" læses ikke (caseaudit kender ikke navnet); mente du \
             \"klagevejledning\" (appeal_guidance)?"
        ),
        "{stderr}"
    );
}

/// Every command that reads cases warns, not only `audit`; `validate` lists the near name.
#[test]
fn every_command_that_reads_cases_warns() {
    let (dir, file) = misspelt(true);
    let f = file.to_str().unwrap();
    let out = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let (sheet, sample) = (out("review.csv"), out("sample.csv"));
    let commands: Vec<Vec<&str>> = vec![
        vec![
            "explain",
            f,
            "--case",
            "K-2023-0212",
            "--as-of",
            "2025-06-30",
        ],
        vec!["worklist", f, "--as-of", "2025-06-30"],
        vec!["review", f, "--as-of", "2025-06-30", "-o", &sheet],
        vec!["sample", f, "--size", "2", "--seed", "1", "-o", &sample],
    ];
    for args in commands {
        let out = caseaudit()
            .args(&args)
            .args(["--lang", "en"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            stderr.contains("column \"Klagevejleding\" is not read")
                && stderr.contains("\"klagevejledning\" (appeal_guidance)"),
            "{args:?}: {stderr}"
        );
    }
    let out = caseaudit()
        .args(["validate", f, "--lang", "en"])
        .output()
        .unwrap();
    let shown = String::from_utf8(out.stdout).unwrap();
    assert!(
        shown.contains("unmapped columns  Klagevejleding → \"klagevejledning\" (appeal_guidance)?"),
        "{shown}"
    );
}

/// A JSON key caseaudit does not read — a Danish name, which JSON does not take — is near
/// its canonical key; a key near nothing is listed with the others.
#[test]
fn unknown_json_keys_are_warned_about_with_the_canonical_key() {
    let (_dir, file) = temp_file(
        "cases.json",
        r#"[{"case_id": "K-1", "kommune": "Køge", "sagsbehandler": "A",
             "events": [
               {"type": "decision", "date": "2024-03-01", "outcome": "refused", "klagevejledning": true},
               {"type": "decision", "date": "2024-04-01", "outcome": "refused", "klagevejledning": true}
             ]}]"#,
    );
    let (report, stderr) = audit_json(&file, &[]);
    assert!(
        stderr.contains(
            "key \"events.klagevejledning\" is not read (caseaudit does not know the name); \
             did you mean \"appeal_guidance\"?"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("key \"kommune\" is not read")
            && stderr.contains("did you mean \"municipality\"?"),
        "{stderr}"
    );
    assert!(
        stderr.contains("1 key is not read") && stderr.contains("\"sagsbehandler\""),
        "{stderr}"
    );
    assert_eq!(coverage(&report, "A4", "appeal_guidance"), (0, 2));
}

/// The wide layout and a case-level file compare with the names their layout reads.
#[test]
fn wide_and_case_level_columns_are_compared_with_their_layout_s_names() {
    let wide = std::fs::read_to_string("fixtures/formats/cases_wide.csv").unwrap();
    let wide = wide.replacen(",notification_assessed,", ",notifcation_assessed,", 1);
    let (_w, wide) = temp_file("wide.csv", wide);
    let (_, stderr) = audit_json(&wide, &[]);
    assert!(
        stderr.contains("column \"notifcation_assessed\" is not read")
            && stderr.contains("did you mean \"notification_assessed\"?"),
        "{stderr}"
    );
    let (_e, events) = temp_file(
        "events.csv",
        "case_id,type,date\nK-1,notification_received,2024-03-01\n",
    );
    let (_c, cases) = temp_file("cases.csv", "sagsnummer,Kommmune\nK-1,Køge\n");
    let (_, stderr) = audit_json(&events, &["--case-file", cases.to_str().unwrap()]);
    assert!(
        stderr.contains("column \"Kommmune\" is not read")
            && stderr.contains("did you mean \"kommune\" (municipality)?"),
        "{stderr}"
    );
}

/// A mapping's `ignore` is not warned about; a column of the export's own that is near
/// nothing is listed once, with the hint to ignore it.
#[test]
fn ignored_columns_are_not_mentioned() {
    let (dir, file) = temp_file(
        "events.csv",
        "case_id,type,date,Notat,Sagsbehandler\nK-1,notification_received,2024-03-01,x,A\n",
    );
    let (_, stderr) = audit_json(&file, &[]);
    let lines: Vec<&str> = stderr.lines().filter(|l| l.contains("not read")).collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(lines[0].contains("2 columns are not read") && lines[0].contains("`ignore`"));
    let mapping = dir.path().join("m.toml");
    std::fs::write(&mapping, "ignore = [\"Notat\", \"Sagsbehandler\"]\n").unwrap();
    let (_, stderr) = audit_json(&file, &["--mapping", mapping.to_str().unwrap()]);
    assert!(!stderr.contains("not read"), "{stderr}");
}
