//! The report formats (contract §7): a reviewed snapshot of each text format on the demo,
//! JUnit read back with an XML parser, the workbook with a spreadsheet reader, byte-identical
//! runs, `-o` picking the format and writing atomically, formula cells neutralised, and no
//! free text from the cases in any output.
mod common;

use calamine::{DataType, Reader, Xlsx, open_workbook};
use common::{caseaudit, run_ok, temp_file};
use std::path::Path;

const DEMO: &str = "fixtures/demo/cases.json";
const AS_OF: &str = "2025-06-30";

/// The formats are checked on the machine's audit (`--questions none`): its snapshots are
/// the report as it was before reviewer questions were added (issue 18, acceptance 4: the
/// same bytes). The questions' own section is checked in tests/questions.rs.
fn text(args: &[&str]) -> String {
    let mut all = vec!["audit", DEMO, "--as-of", AS_OF, "--questions", "none"];
    all.extend_from_slice(args);
    String::from_utf8(run_ok(all)).unwrap()
}

/// The report written with `-o dir/NAME`, as bytes.
fn to_file(dir: &Path, name: &str, args: &[&str]) -> Vec<u8> {
    let path = dir.join(name);
    let mut all = vec![
        "audit",
        DEMO,
        "--as-of",
        AS_OF,
        "--questions",
        "none",
        "-o",
        path.to_str().unwrap(),
    ];
    all.extend_from_slice(args);
    let printed = run_ok(all);
    assert!(printed.is_empty(), "-o prints nothing to stdout");
    std::fs::read(path).unwrap()
}

#[test]
fn csv_snapshot() {
    insta::assert_snapshot!(text(&["--format", "csv"]));
}

#[test]
fn csv_excel_da_has_bom_and_semicolons() {
    let out = text(&["--format", "csv", "--csv-dialect", "excel-da"]);
    assert!(out.starts_with("\u{feff}case_id;rule;theme;"));
    let plain = text(&["--format", "csv"]);
    assert_eq!(out.lines().count(), plain.lines().count());
}

#[test]
fn markdown_snapshot_da() {
    insta::assert_snapshot!(text(&["--format", "markdown"]));
}

#[test]
fn markdown_snapshot_en() {
    insta::assert_snapshot!(text(&["--format", "markdown", "--lang", "en"]));
}

#[test]
fn junit_snapshot() {
    insta::assert_snapshot!(text(&["--format", "junit"]));
}

#[test]
fn html_snapshot_da() {
    insta::assert_snapshot!(text(&["--format", "html"]));
}

#[test]
fn html_snapshot_en() {
    insta::assert_snapshot!(text(&["--format", "html", "--lang", "en"]));
}

// With --by: each format shows the groups the table and JSON show.

#[test]
fn markdown_by_team_snapshot_en() {
    insta::assert_snapshot!(text(&[
        "--format", "markdown", "--lang", "en", "--by", "team"
    ]));
}

#[test]
fn html_by_team_snapshot_da() {
    insta::assert_snapshot!(text(&[
        "--format",
        "html",
        "--by",
        "team",
        "--results",
        "none"
    ]));
}

#[test]
fn junit_by_team_snapshot() {
    insta::assert_snapshot!(text(&[
        "--format",
        "junit",
        "--by",
        "team",
        "--results",
        "none"
    ]));
}

#[test]
fn csv_by_area_snapshot() {
    insta::assert_snapshot!(text(&["--format", "csv", "--by", "area"]));
}

/// Piped, the table never wraps (the same bytes on every machine); `COLUMNS` asks for a
/// width, and the table then wraps its long cells to fit it.
#[test]
fn the_table_fits_the_width_columns_asks_for() {
    // The tables' lines (sentences below them are left to the terminal to wrap).
    let width = |out: &str| {
        out.lines()
            .filter(|l| l.starts_with(['│', '┌', '╞', '└', '├']))
            .map(|l| l.chars().count())
            .max()
            .unwrap()
    };
    let wide = text(&["--lang", "en"]);
    assert!(width(&wide) > 200, "{}", width(&wide));
    let out = common::caseaudit()
        .args(["audit", DEMO, "--as-of", AS_OF, "--lang", "en"])
        .args(["--questions", "none"])
        .env("COLUMNS", "100")
        .output()
        .unwrap();
    let narrow = String::from_utf8(out.stdout).unwrap();
    assert!(width(&narrow) <= 100, "{narrow}");
    // Long cells wrap onto a second line rather than being cut.
    assert!(narrow.contains("│ (Ankestyrelsen)"), "{narrow}");
    assert!(!wide.contains("│ (Ankestyrelsen)"));
    // Written to a file, the table never wraps, whatever COLUMNS says.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.txt");
    common::caseaudit()
        .args(["audit", DEMO, "--as-of", AS_OF, "--lang", "en"])
        .args(["--questions", "none", "-o"])
        .arg(&file)
        .env("COLUMNS", "100")
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), wide);
}

/// The demo's results as CSV records (the count every format must agree with).
fn csv_rows(args: &[&str]) -> Vec<csv::StringRecord> {
    let mut all = vec!["--format", "csv"];
    all.extend_from_slice(args);
    let out = text(&all);
    csv::Reader::from_reader(out.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn junit_reads_back_with_one_suite_per_theme_and_one_case_per_result() {
    use quick_xml::Reader as XmlReader;
    use quick_xml::events::Event;
    let rows = csv_rows(&["--results", "all"]);
    let xml = text(&["--format", "junit", "--results", "all"]);
    let mut reader = XmlReader::from_str(&xml);
    let (mut suites, mut cases, mut failures, mut skipped) = (Vec::new(), 0, 0, 0);
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "testsuite" => {
                    let name = e.try_get_attribute("name").unwrap().unwrap();
                    suites.push(name.value.to_string());
                }
                "testcase" => cases += 1,
                "failure" => failures += 1,
                "skipped" => skipped += 1,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    let report: serde_json::Value = serde_json::from_str(&text(&["--format", "json"])).unwrap();
    let themes: Vec<&str> = report["themes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(suites, themes);
    assert_eq!(suites.len(), 7);
    assert_eq!(cases, rows.len());
    let status = |s: &str| rows.iter().filter(|r| &r[4] == s).count();
    assert_eq!(failures, status("fail"));
    assert_eq!(skipped, status("pending") + status("not_assessable"));
    assert!(failures > 0 && skipped > 0);
}

/// `xmllint` (Debian's libxml2-utils), or None with a note where there is none — but in CI
/// (`.ci/run` installs it) a missing validator is a failure.
fn xmllint() -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    let found = std::env::split_paths(&path)
        .map(|dir| dir.join("xmllint"))
        .find(|p| p.is_file());
    if found.is_none() {
        assert!(
            !std::env::var("CI").is_ok_and(|v| v == "true"),
            "CI=true but no xmllint on PATH; .ci/run installs it (apt-get install libxml2-utils)"
        );
        eprintln!("note: no xmllint on PATH; the JUnit schema test is skipped (CI runs it)");
    }
    found
}

/// Jenkins' xUnit plugin reads JUnit by its schema junit-10.xsd (tests/data, vendored with
/// its source and licence); every JUnit report must validate against it. Its root
/// `<testsuites>` takes no `skipped` attribute (each `<testsuite>` does), which GitLab reads
/// from the suites as well.
#[test]
fn junit_validates_against_the_jenkins_xunit_schema() {
    let Some(xmllint) = xmllint() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/junit-10.xsd");
    let runs: [&[&str]; 4] = [
        &[],
        &["--results", "all"],
        &["--by", "team"],
        &["--results", "none"],
    ];
    for (i, args) in runs.iter().enumerate() {
        let file = dir.path().join(format!("report-{i}.xml"));
        std::fs::write(&file, to_file(dir.path(), &format!("r{i}.xml"), args)).unwrap();
        let out = std::process::Command::new(&xmllint)
            .args(["--noout", "--schema"])
            .arg(&schema)
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // With the reviewer questions asked (the default audit), too.
    let file = dir.path().join("questions.xml");
    run_ok([
        "audit",
        DEMO,
        "--as-of",
        AS_OF,
        "-o",
        file.to_str().unwrap(),
    ]);
    let out = std::process::Command::new(&xmllint)
        .args(["--noout", "--schema"])
        .arg(&schema)
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn xlsx_reads_back_with_its_sheets_and_counts() {
    let dir = tempfile::tempdir().unwrap();
    to_file(dir.path(), "report.xlsx", &["--lang", "en"]);
    let mut book: Xlsx<_> = open_workbook(dir.path().join("report.xlsx")).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "Summary",
            "Themes",
            "Rules",
            "National yardstick",
            "Results",
            "Not assessable",
            "Data coverage",
            "Assessment basis"
        ]
    );
    let rows = csv_rows(&[]);
    let results = book.worksheet_range("Results").unwrap();
    assert_eq!(results.height(), rows.len() + 1);
    let na = book.worksheet_range("Not assessable").unwrap();
    let expected_na = rows.iter().filter(|r| &r[4] == "not_assessable").count();
    assert!(expected_na > 0);
    assert_eq!(na.height(), expected_na + 1);
    assert_eq!(results.get_value((0, 9)).unwrap().to_string(), "days late");
    let late: Vec<&calamine::Data> = results.rows().skip(1).map(|r| &r[9]).collect();
    assert!(late.iter().any(|d| matches!(d, calamine::Data::Float(_))));
    assert!(
        late.iter()
            .all(|d| matches!(d, calamine::Data::Float(_) | calamine::Data::Empty))
    );
    assert_eq!(book.worksheet_range("Themes").unwrap().height(), 8);
    assert_eq!(book.worksheet_range("Rules").unwrap().height(), 22);
    // Every field of the JSON report's coverage, with its counts as numbers.
    let json: serde_json::Value = serde_json::from_str(&text(&["--format", "json"])).unwrap();
    let coverage = json["coverage"].as_array().unwrap();
    let sheet = book.worksheet_range("Data coverage").unwrap();
    let counted: Vec<(String, f64, f64)> = sheet
        .rows()
        .skip(1)
        .take(coverage.len())
        .map(|r| {
            (
                r[0].to_string(),
                r[3].as_f64().unwrap(),
                r[4].as_f64().unwrap(),
            )
        })
        .collect();
    let expected: Vec<(String, f64, f64)> = coverage
        .iter()
        .map(|c| {
            let n = |k: &str| c[k].as_f64().unwrap();
            (
                c["rule"].as_str().unwrap().to_string(),
                n("carried"),
                n("of"),
            )
        })
        .collect();
    assert_eq!(counted, expected);

    let mut da: Xlsx<_> = {
        to_file(dir.path(), "da.xlsx", &[]);
        open_workbook(dir.path().join("da.xlsx")).unwrap()
    };
    assert_eq!(da.sheet_names()[0], "Oversigt");
    assert!(da.worksheet_range("Vurderingsgrundlag").is_ok());
}

/// Issue 17: a spreadsheet filters and sorts what it stores as dates and numbers, so the
/// workbook writes dates as date cells, counts, lateness and scores as numbers (with Danish
/// formats under --lang da), and the sheets, headers and names in the report's language.
#[test]
fn xlsx_stores_dates_numbers_and_percentages_as_such() {
    use calamine::Data;
    let dir = tempfile::tempdir().unwrap();
    to_file(dir.path(), "da.xlsx", &["--by", "team"]);
    let mut book: Xlsx<_> = open_workbook(dir.path().join("da.xlsx")).unwrap();
    let results = book.worksheet_range("Resultater").unwrap();
    let header: Vec<String> = results
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        &header[..6],
        ["Sag", "Regel", "Tema", "Alvor", "Status", "Emne"]
    );
    assert_eq!(header[9], "dage for sent");
    let rows: Vec<&[Data]> = results.rows().skip(1).collect();
    // Start, due and done: date cells where there is a date, never text.
    for col in [6, 7, 8] {
        assert!(
            rows.iter().any(|r| matches!(r[col], Data::DateTime(_))),
            "{col}"
        );
        assert!(
            rows.iter()
                .all(|r| matches!(r[col], Data::DateTime(_) | Data::Empty)),
            "column {col} holds only dates"
        );
    }
    // 2024-05-13, a date-only deadline, is the serial 45425 with no time of day.
    let due = rows.iter().find_map(|r| match &r[7] {
        Data::DateTime(d) if d.as_f64() == 45425.0 => Some(d),
        _ => None,
    });
    assert!(due.is_some(), "a due date of 2024-05-13");
    // Lateness in days, hours and minutes as numbers.
    for col in [9, 10, 11] {
        assert!(
            rows.iter()
                .all(|r| matches!(r[col], Data::Float(_) | Data::Empty)),
            "{col}"
        );
    }
    // Names in Danish: a status, a theme, an event type in the subject.
    assert!(rows.iter().any(|r| r[4] == "ikke opfyldt"));
    assert!(rows.iter().any(|r| r[2] == "Underretninger"));
    assert!(
        rows.iter()
            .any(|r| r[5].to_string().starts_with("underretning 20"))
    );
    // The summary's as-of date is a date; scores and rates are numbers.
    let summary = book.worksheet_range("Oversigt").unwrap();
    assert!(matches!(summary.get_value((0, 1)), Some(Data::DateTime(_))));
    let themes = book.worksheet_range("Temaer").unwrap();
    let last = themes.width() - 1;
    assert!(
        themes
            .rows()
            .skip(1)
            .all(|r| matches!(r[last], Data::Float(_) | Data::Empty))
    );
    // The people's sections (review and waivers) store scores and counts as numbers.
    to_file(
        dir.path(),
        "review.xlsx",
        &[
            "--review",
            "fixtures/review/review-filled.csv",
            "--waivers",
            "fixtures/review/waivers.toml",
        ],
    );
    let mut book: Xlsx<_> = open_workbook(dir.path().join("review.xlsx")).unwrap();
    let names = book.sheet_names();
    let review = names
        .iter()
        .find(|n| n.starts_with("Manuel gennemgang"))
        .unwrap();
    let sheet = book.worksheet_range(review).unwrap();
    let numbers = sheet
        .cells()
        .filter(|(_, _, d)| matches!(d, Data::Float(_)))
        .count();
    let numeric_text = sheet
        .cells()
        .filter(|(_, _, d)| match d {
            Data::String(s) => caseaudit::lang::read_shown(s, caseaudit::lang::Lang::Da).is_some(),
            _ => false,
        })
        .count();
    assert!(numbers > 5, "{numbers}");
    assert_eq!(numeric_text, 0, "no score or count stored as text");
}

/// What the table and JSON show beyond scores is in the workbook too: the team of each
/// result, a row per team, the national yardstick beside the own figure, the calibration,
/// the small-sample warnings and the decisions left unjudged.
#[test]
fn xlsx_carries_groups_yardstick_calibration_warnings_and_team() {
    use calamine::Data;
    let dir = tempfile::tempdir().unwrap();
    to_file(dir.path(), "team.xlsx", &["--lang", "en", "--by", "team"]);
    let mut book: Xlsx<_> = open_workbook(dir.path().join("team.xlsx")).unwrap();
    assert_eq!(book.sheet_names()[3], "Groups");
    let report: serde_json::Value =
        serde_json::from_str(&text(&["--format", "json", "--by", "team"])).unwrap();

    let groups = book.worksheet_range("Groups").unwrap();
    let items = report["groups"]["items"].as_array().unwrap();
    assert_eq!(groups.height(), items.len() + 1);
    for (row, item) in groups.rows().skip(1).zip(items) {
        assert_eq!(row[0].to_string(), item["name"].as_str().unwrap());
        assert_eq!(row[1], Data::Float(item["cases"].as_f64().unwrap()));
        let ert = &item["estimated_reversal_rate"];
        assert_eq!(row[2], Data::Float(ert["numerator"].as_f64().unwrap()));
        assert_eq!(row[3], Data::Float(ert["denominator"].as_f64().unwrap()));
        for (j, theme) in item["themes"].as_array().unwrap().iter().enumerate() {
            match theme["score"].as_f64() {
                Some(score) => match &row[12 + j] {
                    Data::Float(x) => assert!((x - score).abs() < 1e-4, "{x} {score}"),
                    other => panic!("theme {j}: {other:?}"),
                },
                None => assert_eq!(row[12 + j], Data::Empty),
            }
        }
    }

    let yardstick = book.worksheet_range("National yardstick").unwrap();
    let compared: Vec<String> = yardstick.rows().map(|r| r[0].to_string()).collect();
    for id in ["U1", "B1", "S1", "H2", "observed reversal rate"] {
        assert!(compared.iter().any(|c| c == id), "{id}: {compared:?}");
    }
    // Each figure with its period, publication year, population, share and this audit's own;
    // the Danmarkskort figure beside the observed reversal rate (6 of 9 appeals).
    let s1 = yardstick.rows().find(|r| r[0] == "S1").unwrap();
    assert_eq!(s1[2].to_string(), "2020–2022");
    assert_eq!(s1[3], Data::Float(2022.0));
    assert_eq!(
        (s1[4].clone(), s1[5].clone()),
        (Data::Float(95.0), Data::Float(2140.0))
    );
    assert!(matches!(s1[6], Data::Float(_)) && matches!(s1[7], Data::Float(_)));
    assert!(
        s1[9].to_string().contains("concrete measure"),
        "{:?}",
        s1[9]
    );
    let observed = yardstick
        .rows()
        .find(|r| r[0] == "observed reversal rate")
        .unwrap();
    match observed[7] {
        Data::Float(x) => assert!((x - 6.0 / 9.0).abs() < 1e-4, "{x}"),
        ref other => panic!("{other:?}"),
    }
    assert!(observed[10].to_string().contains("general quality"));
    assert!(
        compared
            .iter()
            .any(|c| c.contains("a reference, not a target"))
    );

    let summary = book.worksheet_range("Summary").unwrap();
    let cells: Vec<String> = summary.cells().map(|(_, _, d)| d.to_string()).collect();
    assert!(cells.iter().any(|c| c == "material error found"));
    assert!(cells.iter().any(|c| c.contains("only 9 appeals")));
    assert!(cells.iter().any(|c| c.contains("(team Udsatte Børn Syd)")));

    let results = book.worksheet_range("Results").unwrap();
    assert_eq!(results.get_value((0, 14)).unwrap().to_string(), "Team");
    assert!(
        results
            .rows()
            .skip(1)
            .all(|r| !r[14].to_string().is_empty())
    );
    let basis = book.worksheet_range("Assessment basis").unwrap();
    assert!(
        basis
            .cells()
            .any(|(_, _, d)| *d == "Decisions not every rule can judge")
    );
}

#[test]
fn identical_runs_are_byte_identical_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    for ext in ["txt", "json", "csv", "md", "html", "xml", "xlsx"] {
        let a = to_file(dir.path(), &format!("a.{ext}"), &[]);
        let b = to_file(dir.path(), &format!("b.{ext}"), &[]);
        assert!(!a.is_empty(), "{ext}");
        assert!(a == b, "{ext} differs between two runs");
    }
}

#[test]
fn output_file_extension_picks_the_format() {
    let dir = tempfile::tempdir().unwrap();
    let json = to_file(dir.path(), "r.json", &[]);
    assert_eq!(json, text(&["--format", "json"]).into_bytes());
    let md = to_file(dir.path(), "r.md", &["--format", "markdown"]);
    assert_eq!(md, text(&["--format", "markdown"]).into_bytes());
    let txt = to_file(dir.path(), "r.txt", &[]);
    assert_eq!(txt, text(&[]).into_bytes());
    let xlsx = to_file(dir.path(), "r.xlsx", &[]);
    assert_eq!(&xlsx[..2], b"PK");
}

#[test]
fn disagreeing_or_unknown_formats_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.csv");
    caseaudit()
        .args(["audit", DEMO, "--format", "json", "-o"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("passer ikke sammen"));
    caseaudit()
        .args(["audit", DEMO, "-o"])
        .arg(dir.path().join("r.pdf"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains(".xlsx"));
    caseaudit()
        .args(["audit", DEMO, "--format", "xlsx"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("-o FIL.xlsx"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn a_failed_run_leaves_the_existing_report_untouched() {
    let (dir, bad) = temp_file("bad.json", "{ not json");
    let report = dir.path().join("report.html");
    std::fs::write(&report, "the old report").unwrap();
    caseaudit()
        .arg("audit")
        .arg(&bad)
        .arg("-o")
        .arg(&report)
        .assert()
        .code(2);
    assert_eq!(std::fs::read_to_string(&report).unwrap(), "the old report");
    // Nothing else (no temporary file) is left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}

const FORMULA_CASE: &str = r#"[{"case_id": "=HYPERLINK(\"http://x\")", "municipality": "Køge",
  "events": [{"type": "notification_received", "date": "2025-03-10", "id": "N1", "reporter": "professional"}]}]"#;

#[test]
fn formula_cells_are_neutralised_in_csv_and_xlsx() {
    let (dir, input) = temp_file("cases.json", FORMULA_CASE);
    let csv_out = run_ok([
        "audit",
        input.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--format",
        "csv",
    ]);
    let csv_out = String::from_utf8(csv_out).unwrap();
    let first = csv_out.lines().nth(1).expect("a finding for the case");
    assert!(first.starts_with(r#""'=HYPERLINK("#), "{first}");

    let xlsx = dir.path().join("r.xlsx");
    run_ok([
        "audit",
        input.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "-o",
        xlsx.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let results = book.worksheet_range("Results").unwrap();
    let cell = results.get_value((1, 0)).unwrap().to_string();
    assert!(cell.starts_with("'=HYPERLINK"), "{cell}");
}

/// Every justification and reason written in the demo's cases.
fn free_texts() -> Vec<String> {
    let demo: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(DEMO).unwrap()).unwrap();
    let mut texts = Vec::new();
    fn walk(v: &serde_json::Value, texts: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    match v {
                        serde_json::Value::String(s) if k == "justification" || k == "reason" => {
                            texts.push(s.clone())
                        }
                        _ => walk(v, texts),
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, texts)),
            _ => {}
        }
    }
    walk(&demo, &mut texts);
    texts
}

#[test]
fn no_free_text_from_the_cases_in_any_format() {
    let texts = free_texts();
    assert!(texts.len() > 5, "the demo has justifications and reasons");
    let dir = tempfile::tempdir().unwrap();
    for lang in ["da", "en"] {
        for ext in ["txt", "json", "csv", "md", "html", "xml"] {
            let out = to_file(
                dir.path(),
                &format!("r.{ext}"),
                &["--results", "all", "--lang", lang],
            );
            let out = String::from_utf8(out).unwrap();
            for t in &texts {
                // A distinctive stretch of each text: its first 40 characters.
                let probe: String = t.chars().take(40).collect();
                assert!(!out.contains(&probe), "{ext} contains {probe:?}");
            }
        }
        to_file(dir.path(), "r.xlsx", &["--results", "all", "--lang", lang]);
        let mut book: Xlsx<_> = open_workbook(dir.path().join("r.xlsx")).unwrap();
        for name in book.sheet_names() {
            let range = book.worksheet_range(&name).unwrap();
            for cell in range.used_cells() {
                let value = cell.2.to_string();
                for t in &texts {
                    let probe: String = t.chars().take(40).collect();
                    assert!(
                        !value.contains(&probe),
                        "xlsx sheet {name} contains {probe:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn rejected_records_are_counted_by_reason_without_their_values() {
    let dir = tempfile::tempdir().unwrap();
    let broken = "fixtures/validate/broken_long.csv";
    for ext in ["html", "md", "csv", "json", "xml", "txt"] {
        let path = dir.path().join(format!("r.{ext}"));
        run_ok([
            "audit",
            broken,
            "--as-of",
            AS_OF,
            "--lang",
            "en",
            "-o",
            path.to_str().unwrap(),
        ]);
        let out = std::fs::read_to_string(&path).unwrap();
        for value in ["kaffepause", "i går", "30-02-2024", "maybe"] {
            assert!(
                !out.contains(value),
                "{ext} shows the rejected value {value:?}"
            );
        }
        if ext == "html" {
            let (_, basis) = out.split_once(r#"id="basis""#).unwrap();
            assert!(basis.contains("<td>unknown event type"));
            assert!(basis.contains(
                r#"<td>not a date (expected 2024-03-01, 01-03-2024 or 01.03.2024, optionally with HH:MM)</td><td class="n">2</td>"#
            ));
        }
    }
}

/// `audit` keeps 65,536 listed results in memory and spills the rest to a temporary file
/// (src/report/store.rs). With the budget lowered to 3 (or 0) rows the demo's results spill,
/// and every format reads them back byte for byte as when they stay in memory, with the
/// groups, review, waivers, pseudonyms, free text and filters that read or shape them too.
#[test]
fn reports_are_byte_identical_when_the_results_spill_to_a_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let run = |name: &str, budget: Option<&str>, extra: &[&str]| -> Vec<u8> {
        let path = dir.path().join(name);
        let mut cmd = caseaudit();
        cmd.args(["audit", DEMO, "--as-of", AS_OF, "--results", "all", "-o"])
            .arg(&path)
            .args(extra);
        if let Some(budget) = budget {
            cmd.env("CASEAUDIT_TEST_RESULT_BUDGET", budget);
        }
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::read(path).unwrap()
    };
    let listed = csv_rows(&["--results", "all"]).len();
    assert!(
        listed > 100,
        "the demo lists more than the budget: {listed}"
    );
    let variants: [(&[&str], &[&str]); 3] = [
        (&[], &["3", "0"]),
        (
            &[
                "--by",
                "area",
                "--lang",
                "en",
                "--review",
                "fixtures/review/review-filled.csv",
                "--waivers",
                "fixtures/review/waivers.toml",
                "--pseudonymize",
                "a key of at least sixteen characters",
                "--include-text",
            ],
            &["3"],
        ),
        (
            &["--by", "team", "--status", "fail", "--status", "pending"],
            &["3"],
        ),
    ];
    for (v, (extra, budgets)) in variants.iter().enumerate() {
        for ext in ["json", "csv", "md", "xml", "html", "txt", "xlsx"] {
            let in_memory = run(&format!("{v}.{ext}"), None, extra);
            for budget in *budgets {
                let spilled = run(&format!("{v}-{budget}.{ext}"), Some(budget), extra);
                assert!(
                    spilled == in_memory,
                    "{ext} {extra:?}: differs when the results spill (budget {budget})"
                );
            }
        }
    }
}

/// The spill really happens under the test budget: with no usable temporary folder the
/// audit stops with exit 2 and says why (no panic, no report), and without the lowered
/// budget the demo's results stay in memory and need no temporary file.
#[test]
fn results_that_cannot_spill_are_an_error_naming_the_temporary_folder() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("out.json");
    let missing = dir.path().join("no-such-folder");
    let audit = |budget: Option<&str>| {
        let mut cmd = caseaudit();
        cmd.args([
            "audit",
            DEMO,
            "--as-of",
            AS_OF,
            "--results",
            "all",
            "--lang",
        ])
        .args(["en", "-o"])
        .arg(&report)
        .env("TMPDIR", &missing);
        if let Some(budget) = budget {
            cmd.env("CASEAUDIT_TEST_RESULT_BUDGET", budget);
        }
        cmd.output().unwrap()
    };
    let out = audit(Some("3"));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("could not make a temporary file in")
            && err.contains("no-such-folder")
            && err.contains("for the listed results")
            && !err.contains("panic")
            && !err.contains("internal error"),
        "{err}"
    );
    assert!(!report.exists(), "no report is written");
    let out = audit(None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(report.exists());
}
