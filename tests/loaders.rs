//! Real exports in, every record accounted for: the formats, detection, validate, mapping
//! files and nasty inputs, through the real binary.
mod common;

use common::caseaudit;

use assert_cmd::Command;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// `caseaudit audit INPUT --format json --results all --as-of 2025-06-30` with extra args,
/// minus the `inputs` key (paths and checksums differ by format).
fn audit_json(input: &Path, extra: &[&str]) -> Value {
    let base = [
        "audit",
        "--format",
        "json",
        "--results",
        "all",
        "--as-of",
        "2025-06-30",
    ];
    let args = base.iter().map(|a| a.as_ref()).chain([input.as_os_str()]);
    let mut doc = common::json_ok(args.chain(extra.iter().map(|a| a.as_ref())));
    // What was read, and the command naming it, differ by file; the audit must not.
    doc.as_object_mut().unwrap().remove("inputs");
    doc["tool"].as_object_mut().unwrap().remove("command_line");
    doc
}

fn stdout_of(cmd: &mut Command) -> (String, Option<i32>) {
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    (
        String::from_utf8_lossy(&out.stdout).into_owned() + &stderr,
        out.status.code(),
    )
}

/// Writes the cases of a canonical JSON fixture as an .xlsx in the long layout: date cells
/// for dates, date-time cells for date-times, plain serial numbers for `next_due`,
/// booleans for flags — what Excel itself would hold.
fn write_xlsx_long(json: &Path, out: &Path) {
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap();
    let cases = doc["cases"].as_array().unwrap();
    let case_fields = [
        "case_id",
        "area",
        "municipality",
        "team",
        "child_birth_date",
    ];
    let mut attrs: Vec<String> = Vec::new();
    for case in cases {
        for event in case["events"].as_array().unwrap() {
            for key in event.as_object().unwrap().keys() {
                if key != "type" && key != "date" && !attrs.contains(key) {
                    attrs.push(key.clone());
                }
            }
        }
    }
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Hændelser").unwrap();
    let date_format = Format::new().set_num_format("dd-mm-yyyy");
    let time_format = Format::new().set_num_format("dd-mm-yyyy hh:mm");
    let headers: Vec<&str> = case_fields
        .iter()
        .copied()
        .chain(["type", "date"])
        .chain(attrs.iter().map(String::as_str))
        .collect();
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let mut row = 1u32;
    let moment = |s: &str| {
        let (date, time) = s.split_once('T').unwrap_or((s, ""));
        let p: Vec<u16> = date.split('-').map(|x| x.parse().unwrap()).collect();
        let d = ExcelDateTime::from_ymd(p[0], p[1] as u8, p[2] as u8).unwrap();
        if time.is_empty() {
            (d, false)
        } else {
            let t: Vec<u16> = time.split(':').map(|x| x.parse().unwrap()).collect();
            (d.and_hms(t[0], t[1] as u8, 0).unwrap(), true)
        }
    };
    for case in cases {
        for event in case["events"].as_array().unwrap() {
            for (c, h) in headers.iter().enumerate() {
                let col = c as u16;
                let value = if c < case_fields.len() {
                    &case[*h]
                } else {
                    &event[*h]
                };
                match value {
                    Value::Null => {}
                    Value::Bool(b) => {
                        sheet.write_boolean(row, col, *b).unwrap();
                    }
                    Value::String(s) if *h == "next_due" => {
                        // An unformatted serial number, as a formula result would be.
                        sheet
                            .write_number(row, col, moment(s).0.to_excel())
                            .unwrap();
                    }
                    Value::String(s) if matches!(*h, "date" | "child_birth_date" | "journaled") => {
                        let (dt, timed) = moment(s);
                        let format = if timed { &time_format } else { &date_format };
                        sheet
                            .write_datetime_with_format(row, col, &dt, format)
                            .unwrap();
                    }
                    Value::String(s) => {
                        sheet.write_string(row, col, s).unwrap();
                    }
                    other => panic!("unexpected value {other}"),
                }
            }
            row += 1;
        }
    }
    book.save(out).unwrap();
}

/// Copies a CSV's cells as text into the second sheet of a workbook whose first sheet is
/// a cover note, so only `--sheet` finds the data.
fn write_xlsx_from_csv(csv_path: &Path, sheet_name: &str, out: &Path) {
    let mut book = Workbook::new();
    let cover = book.add_worksheet();
    cover.set_name("Forside").unwrap();
    cover
        .write_string(0, 0, "Sagsgennemgang, fiktive data")
        .unwrap();
    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(csv_path)
        .unwrap();
    for (r, record) in reader.records().enumerate() {
        for (c, cell) in record.unwrap().iter().enumerate() {
            if !cell.is_empty() {
                sheet.write_string(r as u32, c as u16, cell).unwrap();
            }
        }
    }
    book.save(out).unwrap();
}

#[test]
fn same_cases_in_four_formats_audit_identically() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("cases_long.xlsx");
    write_xlsx_long(&fixture("fixtures/formats/cases.json"), &xlsx);
    let json = audit_json(&fixture("fixtures/formats/cases.json"), &[]);
    let results = json["results"].as_array().unwrap();
    assert!(results.len() > 200, "the fixture exercises the rules");
    assert_eq!(json["rejected"], Value::Array(vec![]));
    for other in [
        fixture("fixtures/formats/cases_long_da.csv"),
        fixture("fixtures/formats/cases_wide.csv"),
        xlsx,
    ] {
        let doc = audit_json(&other, &[]);
        assert!(
            doc == json,
            "{} audits differently from cases.json",
            other.display()
        );
    }
}

#[test]
fn detection_is_reported_by_validate() {
    let (out, code) = stdout_of(caseaudit().args([
        "validate",
        "fixtures/formats/cases_long_da.csv",
        "fixtures/formats/cases_wide.csv",
        "--lang",
        "en",
    ]));
    // The two files hold the same cases: one export, so every event of the second is a copy
    // of one in the first, rejected naming both places; each file is still described.
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("246 read, 0 accepted, 246 rejected")
            && out.contains(
                "the same event (type, moment and attributes) as in \
                 fixtures/formats/cases_long_da.csv line 2"
            ),
        "{out}"
    );
    let long = out.split("cases_wide.csv").next().unwrap();
    for expected in [
        "encoding          windows-1252",
        "delimiter         ';'",
        "layout            long",
        "date format       dmy",
    ] {
        assert!(long.contains(expected), "{expected} in {long}");
    }
    let wide = out.split("cases_wide.csv").nth(1).unwrap();
    for expected in [
        "layout            wide",
        "delimiter         ','",
        "encoding          utf-8",
    ] {
        assert!(wide.contains(expected), "{expected} in {wide}");
    }
    assert!(out.contains("246 read, 246 accepted, 0 rejected"), "{out}");
}

#[test]
fn xlsx_wide_layout_on_a_named_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("review.xlsx");
    write_xlsx_from_csv(&fixture("fixtures/formats/cases_wide.csv"), "Sager", &xlsx);
    let json = audit_json(&fixture("fixtures/formats/cases.json"), &[]);
    assert!(audit_json(&xlsx, &["--sheet", "Sager"]) == json);
    // The first sheet is a cover note: no case id column, and the message says so (in
    // Danish by default).
    let (out, code) = stdout_of(caseaudit().arg("audit").arg(&xlsx));
    assert_eq!(code, Some(2));
    assert!(out.contains("ingen kolonne med sagsnummer"), "{out}");
    let (out, code) = stdout_of(
        caseaudit()
            .arg("audit")
            .arg(&xlsx)
            .args(["--sheet", "Nope"]),
    );
    assert_eq!(code, Some(2));
    assert!(out.contains("Forside, Sager"), "{out}");
}

#[test]
fn validate_lists_each_problem_with_its_line_and_the_counts_add_up() {
    let (out, code) = stdout_of(caseaudit().args([
        "validate",
        "fixtures/validate/broken_long.csv",
        "--lang",
        "en",
    ]));
    assert_eq!(code, Some(0), "{out}");
    // 10 non-blank data rows: 3 accepted, 7 rejected.
    assert!(out.contains("10 read, 3 accepted, 7 rejected"), "{out}");
    let row = |line: &str| {
        out.lines()
            .find(|l| l.contains(&format!("┆ {line} ")))
            .unwrap_or_else(|| panic!("no row for line {line} in\n{out}"))
            .to_string()
    };
    assert!(row("4").contains("30-02-2024") && row("4").contains("not a date"));
    assert!(row("5").contains("kaffepause") && row("5").contains("unknown event type"));
    assert!(row("6").contains("row has 5 fields, the header has 4"));
    assert!(row("7").contains("row without case id"));
    assert!(row("9").contains("row has 3 fields"));
    assert!(row("10").contains("maybe") && row("10").contains("expected one of"));
    assert!(row("11").contains("i går"));
    // Numbers add up in the file summary too.
    let counts = out
        .lines()
        .find(|l| l.trim_start().starts_with("records"))
        .unwrap();
    let n: Vec<usize> = counts
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|s| s.parse().ok())
        .collect();
    assert_eq!(n[0], n[1] + n[2], "{counts}");
}

#[test]
fn validate_strict_and_unreadable_files_exit_2() {
    let (_, code) =
        stdout_of(caseaudit().args(["validate", "fixtures/validate/broken_long.csv", "--strict"]));
    assert_eq!(code, Some(2));
    let (_, code) =
        stdout_of(caseaudit().args(["validate", "fixtures/formats/cases.json", "--strict"]));
    assert_eq!(code, Some(0));
    let (out, code) = stdout_of(caseaudit().args([
        "validate",
        "fixtures/validate/no_case_id.csv",
        "fixtures/formats/cases.json",
        "--lang",
        "en",
    ]));
    assert_eq!(code, Some(2));
    assert!(out.contains("no case id column"), "{out}");
    // The readable file is still reported.
    assert!(out.contains("246 read, 246 accepted, 0 rejected"), "{out}");
}

#[test]
fn audit_writes_rejected_rows_with_values() {
    let dir = tempfile::tempdir().unwrap();
    let rejects = dir.path().join("rejects.csv");
    let (_, code) = stdout_of(
        caseaudit()
            .args(["audit", "fixtures/validate/broken_long.csv", "--rejects"])
            .arg(&rejects)
            .args(["--format", "json"]),
    );
    assert_eq!(code, Some(0));
    let text = std::fs::read_to_string(&rejects).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("file,line,column,value,reason"));
    assert_eq!(lines.clone().count(), 7);
    assert!(text.contains(",4,date,30-02-2024,"), "{text}");
    assert!(text.contains(",5,type,kaffepause,"), "{text}");
    // Machine formats keep the English reasons (audit's --lang is Danish by default).
    assert!(text.contains(",7,case_id,,row without case id"), "{text}");
    assert!(!text.contains("rækken"), "{text}");
}

#[test]
fn validate_gives_reasons_in_the_users_language_and_machine_formats_in_english() {
    let file = "fixtures/validate/broken_long.csv";
    // Danish by default.
    let (out, code) = stdout_of(caseaudit().args(["validate", file]));
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("ikke en dato (forventet 2024-03-01"), "{out}");
    assert!(out.contains("ukendt hændelsestype"), "{out}");
    assert!(
        out.contains("rækken har 5 felter, overskriften har 4"),
        "{out}"
    );
    assert!(out.contains("rækken mangler sagsnummer"), "{out}");
    assert!(!out.contains("not a date"), "{out}");
    // English when asked.
    let (out, code) = stdout_of(caseaudit().args(["validate", file, "--lang", "en"]));
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("not a date (expected 2024-03-01"), "{out}");
    assert!(out.contains("row has 5 fields, the header has 4"), "{out}");
    assert!(!out.contains("ikke en dato"), "{out}");
    // The JSON report is English whatever the language.
    let doc = audit_json(&fixture(file), &["--lang", "da"]);
    let reasons: Vec<&str> = doc["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reason"].as_str().unwrap())
        .collect();
    assert!(reasons.contains(&"row without case id"), "{reasons:?}");
    assert!(reasons.iter().all(|r| !r.contains("rækken")), "{reasons:?}");
}

#[test]
fn unused_case_rows_are_warned_in_danish_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let events = dir.path().join("events.csv");
    let cases = dir.path().join("cases.csv");
    std::fs::write(
        &events,
        "sagsnummer;hændelse;dato
K1;underretning;01-03-2024
",
    )
    .unwrap();
    std::fs::write(
        &cases,
        "sagsnummer;kommune
K-2;Køge
",
    )
    .unwrap();
    let (out, code) = stdout_of(caseaudit().arg("validate").arg(&events).arg(&cases));
    assert_eq!(code, Some(0), "{out}");
    let warnings = out.split("Advarsler").nth(1).unwrap_or_default();
    assert!(
        warnings.contains("ingen hændelsesfil har denne sag"),
        "{out}"
    );
}

#[test]
fn month_first_dates_are_refused_until_the_format_is_given() {
    let (_dir, file) = common::temp_file(
        "us.csv",
        "case_id,type,date\nK1,notification_received,03/04/2024\nK1,notification_assessed,04/13/2024\n",
    );
    let (out, code) = stdout_of(caseaudit().arg("validate").arg(&file));
    assert_eq!(code, Some(2));
    assert!(
        out.contains("04/13/2024") && out.contains("--date-format"),
        "{out}"
    );
    let (out, code) = stdout_of(caseaudit().arg("validate").arg(&file).args([
        "--date-format",
        "mdy",
        "--lang",
        "en",
    ]));
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("2 read, 2 accepted, 0 rejected"), "{out}");
    let (out, code) = stdout_of(caseaudit().arg("validate").arg(&file).args([
        "--date-format",
        "dmy",
        "--lang",
        "en",
    ]));
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("2 read, 1 accepted, 1 rejected"), "{out}");
}

#[test]
fn ambiguous_text_is_refused_naming_the_flag() {
    let (dir, tie) = common::temp_file("tie.csv", "case_id;type,date\nK1;decision,2024-01-01\n");
    let (out, code) = stdout_of(caseaudit().arg("validate").arg(&tie));
    assert_eq!(code, Some(2));
    assert!(out.contains("--delimiter"), "{out}");
    let garbage = dir.path().join("garbage.csv");
    std::fs::write(&garbage, b"case_id,type,date\n\x81\x9d\xff\xfe\x90\n").unwrap();
    let (out, code) = stdout_of(caseaudit().arg("validate").arg(&garbage));
    assert_eq!(code, Some(2));
    assert!(out.contains("--encoding"), "{out}");
}

#[test]
fn case_file_beside_a_long_file_is_a_pair_not_a_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let events = dir.path().join("events.csv");
    let cases = dir.path().join("cases.csv");
    std::fs::write(
        &events,
        "sagsnummer;hændelse;dato\nK1;underretning modtaget;01-03-2024 09:00\nK1;underretning vurderet;01-03-2024 12:00\n",
    )
    .unwrap();
    std::fs::write(
        &cases,
        "sagsnummer;kommune;fødselsdato\nK1;Køge;02.05.2014\nK2;Køge;03.06.2015\n",
    )
    .unwrap();
    for args in [vec![&events, &cases], vec![&events]] {
        let mut cmd = caseaudit();
        cmd.arg("audit")
            .args(&args)
            .args(["--format", "json", "--as-of", "2025-06-30"]);
        if args.len() == 1 {
            cmd.arg("--case-file").arg(&cases);
        }
        let (out, code) = stdout_of(&mut cmd);
        assert_eq!(code, Some(0), "{out}");
        let doc: Value = serde_json::from_str(&out).unwrap();
        let inputs = doc["inputs"].as_array().unwrap();
        let cases_total: u64 = inputs.iter().map(|i| i["cases"].as_u64().unwrap()).sum();
        // K1 counted once (with its events), K2 (no events) in the case file.
        assert_eq!(cases_total, 2, "{out}");
        assert_eq!(doc["summary"]["cases"], 2);
    }
    // Two event files are one export: the copy's events are the first file's, each rejected
    // as a copy naming both places (file and line), and the case is audited once.
    let copy = dir.path().join("copy.csv");
    std::fs::copy(&events, &copy).unwrap();
    let doc = common::json_ok([
        "audit".as_ref(),
        events.as_os_str(),
        copy.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
        "--as-of".as_ref(),
        "2025-06-30".as_ref(),
    ]);
    let out = doc.to_string();
    assert_eq!(doc["summary"]["cases"], 1, "{out}");
    let rejected = doc["rejected"].as_array().unwrap();
    assert_eq!(rejected.len(), 2, "{out}");
    for (reject, line) in rejected.iter().zip([2, 3]) {
        assert!(
            reject["file"].as_str().unwrap().ends_with("copy.csv"),
            "{out}"
        );
        assert_eq!(reject["line"], line, "{out}");
        let reason = reject["reason"].as_str().unwrap();
        assert!(
            reason.contains(&format!("events.csv line {line}")),
            "{reason}"
        );
    }
    assert_eq!(doc["inputs"][1]["rejected"], 2, "{out}");
    assert_eq!(doc["inputs"][1]["cases"], 0, "{out}");
}

#[test]
fn a_case_split_over_two_event_files_is_one_case() {
    // An export split by year: K1's notification in one file, its assessment (and K2's) in the
    // other. One export: K1 has both events and they are linked (the assessment within 24
    // hours); cases in the order first seen across the files.
    let dir = tempfile::tempdir().unwrap();
    let early = dir.path().join("2023.csv");
    let late = dir.path().join("2024.csv");
    std::fs::write(
        &early,
        "case_id,type,date\nK1,notification_received,2023-12-31T22:00\n",
    )
    .unwrap();
    std::fs::write(
        &late,
        "case_id,type,date\nK2,notification_received,2024-01-02\nK1,notification_assessed,2024-01-01T09:00\n",
    )
    .unwrap();
    let doc = common::json_ok([
        "audit".as_ref(),
        early.as_os_str(),
        late.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
        "--results".as_ref(),
        "all".as_ref(),
        "--as-of".as_ref(),
        "2025-06-30".as_ref(),
    ]);
    let out = doc.to_string();
    assert_eq!(doc["summary"]["cases"], 2, "{out}");
    assert_eq!(doc["rejected"], Value::Array(vec![]), "{out}");
    assert_eq!(doc["inputs"][0]["cases"], 1, "{out}");
    assert_eq!(doc["inputs"][0]["events"], 1, "{out}");
    assert_eq!(doc["inputs"][1]["cases"], 1, "{out}");
    assert_eq!(doc["inputs"][1]["events"], 2, "{out}");
    let results = doc["results"].as_array().unwrap();
    let cases: Vec<&str> = results
        .iter()
        .map(|r| r["case_id"].as_str().unwrap())
        .collect();
    let first_k2 = cases.iter().position(|c| *c == "K2");
    let last_k1 = cases.iter().rposition(|c| *c == "K1");
    assert!(first_k2 > last_k1, "K1 was seen first: {cases:?}");
    // The 24-hour assessment is met: the notification has its answer from the other file.
    let assessed = results.iter().find(|r| {
        r["case_id"] == "K1"
            && r["subject"]
                .as_str()
                .unwrap()
                .starts_with("notification_received")
            && r["status"] == "pass"
    });
    assert!(assessed.is_some(), "{out}");
}

#[test]
fn wide_attribute_without_its_date_is_rejected() {
    let (_dir, file) = common::temp_file(
        "wide.csv",
        "sagsnummer,afgørelse,afgørelse_udfald,afgørelse_2,afgørelse_2_udfald\nK1,01.03.2024,afslag,,bevilget\nK2,,,,\nK2,02.03.2024,,,\n",
    );
    let (out, code) = stdout_of(
        caseaudit()
            .arg("validate")
            .arg(&file)
            .args(["--lang", "en", "--layout", "wide"]),
    );
    assert_eq!(code, Some(0), "{out}");
    // K1: 2 event records (1 rejected); K2: 1 row without events; the second K2 row: 1.
    assert!(out.contains("4 read, 2 accepted, 2 rejected"), "{out}");
    assert!(out.contains("no decision_2 date"), "{out}");
    assert!(out.contains("a case is one row"), "{out}");
    // Detected (not given), a repeated case means the guess of one row per case is wrong.
    let (out, code) = stdout_of(caseaudit().arg("validate").arg(&file));
    assert_eq!(code, Some(2));
    assert!(out.contains("--layout long"), "{out}");
}

#[test]
fn nasty_inputs_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    let mut garbage = Vec::new();
    let mut x: u32 = 12345;
    for _ in 0..4096 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        garbage.push((x >> 16) as u8);
    }
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty.csv", vec![]),
        ("bom_only.csv", b"\xEF\xBB\xBF".to_vec()),
        ("header_only.csv", b"case_id,type,date\n".to_vec()),
        ("one_column.csv", b"case_id\nK1\nK2\n".to_vec()),
        ("only_delimiters.csv", b";;;\n;;;\n".to_vec()),
        (
            "unbalanced_quotes.csv",
            b"case_id,type,date\n\"K1,decision,2024-01-01\n".to_vec(),
        ),
        ("garbage.csv", garbage.clone()),
        ("garbage.xlsx", garbage.clone()),
        ("garbage.json", garbage.clone()),
        ("garbage.ndjson", garbage),
        ("empty.xlsx", vec![]),
        ("empty.json", vec![]),
        ("wide_no_events.csv", b"sagsnummer,kommune\n,\n".to_vec()),
        (
            "huge_cell.csv",
            [
                b"case_id,type,date\nK1,".as_slice(),
                &[b'a'; 100_000],
                b",2024-01-01\n",
            ]
            .concat(),
        ),
    ];
    for (name, bytes) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        for command in ["validate", "audit"] {
            let (out, code) = stdout_of(caseaudit().arg(command).arg(&path));
            assert!(
                matches!(code, Some(0 | 2)),
                "{command} {name}: {code:?} {out}"
            );
        }
    }
}

/// Writes `bytes` as `name` in a fresh directory and runs `caseaudit validate` on it with
/// `extra` args (English); returns what it printed and the exit code.
fn validate_bytes(name: &str, bytes: &[u8], extra: &[&str]) -> (String, Option<i32>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    stdout_of(
        caseaudit()
            .arg("validate")
            .arg(&path)
            .args(["--lang", "en"])
            .args(extra),
    )
}

#[test]
fn long_file_with_an_unknown_type_column_is_refused_not_read_as_case_level() {
    let text =
        b"sagsnummer;kode;dato;udfald\nK1;AFG;01.03.2024;afslag\nK2;AFG;02.03.2024;bevilget\n";
    let (out, code) = validate_bytes("t1.csv", text, &[]);
    assert_eq!(code, Some(2), "{out}");
    assert!(out.contains("no type column"), "{out}");
    assert!(
        out.contains("--mapping") && out.contains("--layout"),
        "{out}"
    );
    // Forcing the case-level layout would lose the events too.
    let (out, code) = validate_bytes("t1.csv", text, &["--layout", "cases"]);
    assert_eq!(code, Some(2), "{out}");
    assert!(out.contains("\"dato\" is an event field"), "{out}");
    // A real case-level file is still one.
    let (out, code) = validate_bytes("cs.csv", b"sagsnummer;kommune\nK1;K\xc3\xb8ge\n", &[]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("layout            cases"), "{out}");
}

#[test]
fn long_row_with_attributes_but_no_type_or_date_is_rejected() {
    let text = "case_id,type,date,outcome,provision\nK1,decision,2024-03-01,refused,BL § 86\nK1,,,granted,BL § 32\nK2,decision,,granted,\n";
    let (out, code) = validate_bytes("t2.csv", text.as_bytes(), &[]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("3 read, 1 accepted, 2 rejected"), "{out}");
    // K2's only row was rejected (no date): it does not make a case of its own.
    assert!(out.contains("cases             1, 1 events"), "{out}");
}

#[test]
fn an_unclosed_quote_is_refused_not_swallowed() {
    let text = b"case_id,type,date\nK1,decision,2024-01-01\nK2,\"decision,2024-01-02\nK3,decision,2024-01-03\n";
    let (out, code) = validate_bytes("q.csv", text, &[]);
    assert_eq!(code, Some(2), "{out}");
    assert!(out.contains("on line 3 is never closed"), "{out}");
}

/// `(rule, start, done)` of each result of auditing `input`.
fn result_dates(input: &Path) -> Vec<(String, String, String)> {
    let doc = audit_json(input, &[]);
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (text(&r["rule"]), text(&r["start"]), text(&r["done"])))
        .collect()
}

#[test]
fn xlsx_with_the_1904_date_system_reads_the_right_dates() {
    let results = result_dates(&fixture("fixtures/xlsx/date1904.xlsx"));
    let s = |t: &str| t.to_string();
    // The notification gives no reporter: U2 applies (contract §5), and nothing answers it.
    assert_eq!(
        results,
        [
            (s("U1"), s("2024-03-01"), s("2024-03-01T12:00")),
            (s("U2"), s("2024-03-01"), s("")),
        ]
    );
}

#[test]
fn xlsx_plain_numbers_in_date_columns_are_not_1900_dates() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("numbers.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["case_id", "type", "date"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, date) in [45352.0, 2024.0, 1.0].iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write_string(r, 0, "K1").unwrap();
        sheet.write_string(r, 1, "follow_up").unwrap();
        sheet.write_number(r, 2, *date).unwrap();
    }
    book.save(&path).unwrap();
    let (out, code) = stdout_of(
        caseaudit()
            .arg("validate")
            .arg(&path)
            .args(["--lang", "en"]),
    );
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("3 read, 1 accepted, 2 rejected"), "{out}");
    assert!(out.contains("a number, not a date"), "{out}");
}

#[test]
fn json_dates_follow_the_date_format_as_tables_do() {
    let text = br#"[{"case_id":"K1","events":[{"type":"notification_received","date":"03/04/2024"},{"type":"notification_assessed","date":"04/13/2024"}]}]"#;
    let (out, code) = validate_bytes("us.json", text, &[]);
    assert_eq!(code, Some(2), "{out}");
    assert!(
        out.contains("04/13/2024") && out.contains("--date-format"),
        "{out}"
    );
    let (out, code) = validate_bytes("us.json", text, &["--date-format", "mdy"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("2 read, 2 accepted, 0 rejected"), "{out}");
    assert!(out.contains("date format       mdy"), "{out}");
    let (out, code) = validate_bytes("us.json", text, &["--date-format", "iso"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("2 read, 0 accepted, 2 rejected"), "{out}");
}

#[test]
fn ndjson_line_that_is_not_json_is_one_rejected_record() {
    let text = b"{\"case_id\":\"K1\",\"events\":[{\"type\":\"decision\",\"date\":\"2024-03-01\"}]}\n{\"case_id\":\"K2\",\"events\":[\n{\"case_id\":\"K3\"}\n";
    for name in ["cases.ndjson", "cases.json"] {
        let (out, code) = validate_bytes(name, text, &[]);
        assert_eq!(code, Some(0), "{name}: {out}");
        assert!(
            out.contains("3 read, 2 accepted, 1 rejected"),
            "{name}: {out}"
        );
        assert!(out.contains("┆ 2    ┆"), "{name}: {out}");
        assert!(out.contains("not valid JSON"), "{name}: {out}");
    }
}

#[test]
fn a_json_file_with_one_case_object_is_one_case() {
    let text = br#"{"case_id":"K1","municipality":"Koge","events":[{"type":"decision","date":"2024-03-01"}]}"#;
    let (out, code) = validate_bytes("one.json", text, &[]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("cases             1, 1 events"), "{out}");
    // An object that is neither is still refused.
    let (out, code) = validate_bytes("other.json", br#"{"name":"x"}"#, &[]);
    assert_eq!(code, Some(2), "{out}");
    assert!(out.contains("or one case"), "{out}");
}

#[test]
fn json_known_keys_with_arrays_or_objects_are_rejected_not_unmapped() {
    let text = br#"[{"case_id":"K1","events":[
        {"type":"decision","date":"2024-03-01","outcome":{"code":"refused"}},
        {"type":"decision","date":["2024-03-02"]},
        {"type":"decision","date":"2024-03-03","appeal_guidance":[true]},
        {"type":"decision","date":"2024-03-04","colour":["blue"]}
    ]},
    {"case_id":"K2","area":["x"],"events":[]}]"#;
    let (out, code) = validate_bytes("typed.json", text, &[]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("5 read, 1 accepted, 4 rejected"), "{out}");
    assert!(out.contains("expected text, got object"), "{out}");
    assert!(out.contains("expected a date, got array"), "{out}");
    assert!(out.contains("expected yes/no, got array"), "{out}");
    assert!(out.contains("cases[1].area"), "{out}");
    // An unknown key is still just unmapped.
    assert!(out.contains("events.colour"), "{out}");
}

#[test]
fn excel_style_case_ids_pair_and_unused_case_rows_are_warned() {
    let dir = tempfile::tempdir().unwrap();
    let events = dir.path().join("events.csv");
    let cases = dir.path().join("cases.csv");
    std::fs::write(
        &events,
        "sagsnummer;hændelse;dato\n1001;underretning;01-03-2024\n",
    )
    .unwrap();
    std::fs::write(&cases, "sagsnummer;kommune\n1001.0;Køge\nK-1002;Køge\n").unwrap();
    let (out, code) = stdout_of(
        caseaudit()
            .arg("validate")
            .arg(&events)
            .arg(&cases)
            .args(["--lang", "en"]),
    );
    assert_eq!(code, Some(0), "{out}");
    let warnings = out.split("Warnings").nth(1).unwrap_or_default();
    assert!(warnings.contains("K-1002"), "{out}");
    assert!(!warnings.contains("1001"), "{out}");
    // 1001 paired: its case is counted once, with its events.
    assert!(out.contains("cases             1, 1 events"), "{out}");
}

#[test]
fn wide_repeats_written_with_digits_or_parentheses_are_read() {
    let text = "sagsnummer;indsats iværksat;opfølgning;Opfølgning2;Opfølgning (3)\nK1;01.03.2024;01.06.2024;01.09.2024;01.12.2024\n";
    let (out, code) = validate_bytes("wide.csv", text.as_bytes(), &[]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("cases             1, 4 events"), "{out}");
    assert!(out.contains("unmapped columns  –"), "{out}");
    // A column that starts with an event type but cannot be read is refused, not dropped.
    let text = "sagsnummer;opfølgning;Opfølgning #2\nK1;01.06.2024;01.09.2024\n";
    let (out, code) = validate_bytes("wide.csv", text.as_bytes(), &[]);
    assert_eq!(code, Some(2), "{out}");
    assert!(
        out.contains("\"Opfølgning #2\" starts with the event type follow_up"),
        "{out}"
    );
}

#[test]
fn a_mapping_value_target_caseaudit_does_not_know_is_refused_at_load() {
    let (_dir, mapping) =
        common::temp_file("m.toml", "[values.outcome]\n\"Afslået\" = \"refussed\"\n");
    let (out, code) = stdout_of(
        caseaudit()
            .args(["validate", "fixtures/formats/cases.json", "--mapping"])
            .arg(&mapping),
    );
    assert_eq!(code, Some(2), "{out}");
    assert!(
        out.contains("[values.outcome] \"Afslået\" = \"refussed\""),
        "{out}"
    );
}

#[test]
fn trailing_empty_fields_are_not_ragged() {
    let text = "sagsnummer;hændelse;dato\nK1;underretning;01-03-2024;\nK1;underretning vurderet;01-03-2024;;\nK1;kvittering;02-03-2024;x\n";
    let (out, code) = validate_bytes("trail.csv", text.as_bytes(), &[]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("3 read, 2 accepted, 1 rejected"), "{out}");
    assert!(out.contains("row has 4 fields, the header has 3"), "{out}");
}

#[test]
fn a_case_file_named_two_ways_is_read_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("ev.csv"),
        "sagsnummer;hændelse;dato\nK1;underretning;01-03-2024\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("cs.csv"), "sagsnummer;kommune\nK1;Køge\n").unwrap();
    let (out, code) = stdout_of(
        common::caseaudit()
            .current_dir(dir.path())
            .args(["validate", "ev.csv", "cs.csv", "--case-file", "./cs.csv"])
            .args(["--lang", "en"]),
    );
    assert_eq!(code, Some(0), "{out}");
    assert_eq!(out.matches("cs.csv\n").count(), 1, "{out}");
    let (out, code) = stdout_of(
        common::caseaudit()
            .current_dir(dir.path())
            .args(["audit", "ev.csv", "cs.csv", "--case-file", "./cs.csv"])
            .args(["--format", "json", "--as-of", "2025-01-01"]),
    );
    assert_eq!(code, Some(0), "{out}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["inputs"].as_array().unwrap().len(), 2, "{out}");
}

#[test]
fn outcomes_are_read_per_event_type_and_rejects_show_the_cell_as_written() {
    let (dir, file) = common::temp_file(
        "out.csv",
        "sagsnummer;hændelse;dato;Udfald\n\
         K1;afgørelse;01-03-2024;afvist\n\
         K1;klageafgørelse;01-06-2024;afvist\n\
         K1;afgørelse;02-03-2024;Stadf\n\
         K1;underretning;03-03-2024;bevilget\n",
    );
    let mapping = dir.path().join("m.toml");
    std::fs::write(&mapping, "[values.outcome]\n\"Stadf\" = \"upheld\"\n").unwrap();
    let (out, code) = stdout_of(
        caseaudit()
            .arg("validate")
            .arg(&file)
            .arg("--mapping")
            .arg(&mapping)
            .args(["--lang", "en"]),
    );
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("4 read, 2 accepted, 2 rejected"), "{out}");
    let row = |line: &str| {
        out.lines()
            .find(|l| l.contains(&format!("┆ {line} ")))
            .unwrap_or_else(|| panic!("no row for line {line} in\n{out}"))
            .to_string()
    };
    // The value as the export has it, under its own column. (afvist on line 3, an appeal
    // decision, is a dismissal; the unit tests check the value.)
    assert!(
        row("4").contains("Udfald") && row("4").contains("Stadf"),
        "{out}"
    );
    assert!(row("4").contains("not an outcome of a decision"), "{out}");
    assert!(row("5").contains("has no outcome"), "{out}");
}

#[test]
fn a_file_without_records_says_so() {
    for (name, bytes) in [
        (
            "header_only.csv",
            b"sagsnummer;h\xc3\xa6ndelse;dato\n".as_slice(),
        ),
        ("empty_array.json", b"[]".as_slice()),
    ] {
        let (out, code) = validate_bytes(name, bytes, &[]);
        assert_eq!(code, Some(0), "{name}: {out}");
        assert!(
            out.contains("records           no records"),
            "{name}: {out}"
        );
    }
    let (out, code) = validate_bytes("empty.csv", b"", &[]);
    assert_eq!(code, Some(2), "{out}");
    assert!(out.contains("no header line and no records"), "{out}");
}

#[test]
fn validate_shows_each_file_when_one_is_refused_or_they_do_not_go_together() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let events = write(
        "events.csv",
        "case_id;type;date\nK1;awareness;2024-03-01\nK2;awareness;2024-03-02\nK1;awareness;x\n",
    );
    let a = write("a.csv", "case_id;municipality\nK1;Køge\n");
    let b = write("b.csv", "case_id;municipality\nK1;Roskilde\nK2;Køge\n");
    let broken = write("broken.csv", "no;case;column\n1;2;3\n");
    // Two case files give K1: they do not go together, and each file is still shown.
    let (out, code) = stdout_of(
        caseaudit()
            .arg("validate")
            .arg(&events)
            .arg("--case-file")
            .arg(&a)
            .arg("--case-file")
            .arg(&b)
            .args(["--lang", "en"]),
    );
    assert_eq!(code, Some(2), "{out}");
    assert!(out.contains("(all files)"), "{out}");
    assert!(out.contains("case K1 is in both case files"), "{out}");
    assert!(out.contains("3 read, 2 accepted, 1 rejected"), "{out}");
    assert!(out.contains("2 read, 2 accepted, 0 rejected"), "{out}");
    assert!(out.contains("events.csv ┆ 4 "), "{out}");
    // A file refused: the others are read together (b's fields fill the events' cases).
    let (out, code) = stdout_of(
        caseaudit()
            .arg("validate")
            .arg(&events)
            .arg(&broken)
            .arg("--case-file")
            .arg(&b)
            .args(["--lang", "en"]),
    );
    assert_eq!(code, Some(2), "{out}");
    assert!(out.contains("no case id column"), "{out}");
    assert!(!out.contains("(all files)"), "{out}");
    assert!(out.contains("3 read, 2 accepted, 1 rejected"), "{out}");
    assert!(out.contains("1 of 3 inputs could not be read"), "{out}");
}
