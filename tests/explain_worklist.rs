//! `caseaudit explain` and `caseaudit worklist` on the demo export at a fixed as-of date
//! (issue 8, acceptance 4), the narrowed `audit` results, and `--as-of` in Danish forms.
//! Every expected date below is worked out by hand from fixtures/demo/cases.json; the
//! comments show the arithmetic.
mod common;

use common::{caseaudit, json_ok, run_ok};
use serde_json::Value;

const DEMO: &str = "fixtures/demo/cases.json";
const AS_OF: &str = "2025-06-30";

fn text(args: &[&str]) -> String {
    String::from_utf8(run_ok(args)).unwrap()
}

/// The table row (terminal view) that holds every one of `cells`.
fn row_with<'a>(out: &'a str, cells: &[&str]) -> &'a str {
    out.lines()
        .find(|l| cells.iter().all(|c| l.contains(c)))
        .unwrap_or_else(|| panic!("no row with {cells:?} in\n{out}"))
}

fn cells(line: &str) -> Vec<String> {
    line.split(['│', '┆'])
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect()
}

// ---------------------------------------------------------------------------------------
// explain

#[test]
fn explain_shows_each_rules_clock_with_the_right_dates() {
    let out = text(&[
        "explain",
        DEMO,
        "--case",
        "K-2024-0219",
        "--as-of",
        AS_OF,
        "--lang",
        "en",
    ]);
    // H1, BL support: decision 2024-05-13 + 3 months = 2024-08-13; the plan came 2024-09-02,
    // 18 + 2 = 20 days late.
    assert_eq!(
        cells(row_with(&out, &["H1", "#2"]))[..7],
        [
            "H1",
            "#2",
            "2024-05-13",
            "2024-08-13",
            "2024-09-02",
            "fail",
            "20 days"
        ]
    );
    // H2: measure started 2024-05-20 + 3 months = 2024-08-20; first follow-up 2024-09-30,
    // 11 + 30 = 41 days late.
    assert_eq!(
        cells(row_with(&out, &["H2", "#3"]))[..7],
        [
            "H2",
            "#3",
            "2024-05-20",
            "2024-08-20",
            "2024-09-30",
            "fail",
            "41 days"
        ]
    );
    // H3: the follow-up of 2024-09-30 set next_due 2025-03-31, met 2025-03-25; the one of
    // 2025-03-25 set 2025-09-25, still open on 2025-06-30.
    assert_eq!(
        cells(row_with(&out, &["H3", "#5"]))[..6],
        ["H3", "#5", "2024-09-30", "2025-03-31", "2025-03-25", "pass"]
    );
    assert_eq!(
        cells(row_with(&out, &["H3", "#6"]))[..5],
        ["H3", "#6", "2025-03-25", "2025-09-25", "pending"]
    );
    // S1: the 6 months up to the decision 2024-05-13 start 2023-11-13; the waiver with a
    // reason of 2024-05-01 lies inside.
    assert_eq!(
        cells(row_with(&out, &["S1", "#2"]))[..6],
        [
            "S1",
            "#2",
            "2023-11-13",
            "2024-05-13",
            "2024-05-01",
            "exempt"
        ]
    );
    // The law in force and the rule's title are shown.
    assert!(row_with(&out, &["H1", "#2"]).contains("BL § 91, stk. 1"));
    assert!(out.contains("H1 Action plan"), "{out}");
}

#[test]
fn explain_and_worklist_apply_the_municipality_profile() {
    let args = |profile: bool| {
        let mut a = vec![
            "explain",
            DEMO,
            "--case",
            "K-2024-0219",
            "--as-of",
            AS_OF,
            "--lang",
            "en",
        ];
        if profile {
            a.extend(["--profile", "fixtures/review/profile.toml"]);
        }
        text(&a)
    };
    // S1 looks back 6 months from the decision of 2024-05-13 in the rule set, 12 months in
    // the profile (fixtures/review/profile.toml).
    assert_eq!(
        cells(row_with(&args(false), &["S1", "#2"]))[2..4],
        ["2023-11-13", "2024-05-13"]
    );
    assert_eq!(
        cells(row_with(&args(true), &["S1", "#2"]))[2..4],
        ["2023-05-13", "2024-05-13"]
    );
    // The worklist reads the same profile; a profile naming an unknown rule is refused.
    run_ok([
        "worklist",
        DEMO,
        "--as-of",
        AS_OF,
        "--profile",
        "fixtures/review/profile.toml",
    ]);
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "name = \"X\"\n[rules.Z9]\nwithin = \"3 days\"\n").unwrap();
    caseaudit()
        .args(["worklist", DEMO, "--as-of", AS_OF, "--profile"])
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("Z9"));
}

#[test]
fn explain_lists_every_event_in_date_order_with_links() {
    let out = text(&[
        "explain",
        DEMO,
        "--case",
        "K-2024-0219",
        "--as-of",
        AS_OF,
        "--lang",
        "en",
    ]);
    let events: Vec<Vec<String>> = out
        .lines()
        .take_while(|l| !l.starts_with("Rules and deadlines"))
        .filter(|l| l.starts_with('│'))
        .skip(1) // the header
        .map(cells)
        .collect();
    let dates: Vec<&str> = events.iter().map(|e| e[1].as_str()).collect();
    assert_eq!(
        dates,
        [
            "2024-05-01",
            "2024-05-13",
            "2024-05-20",
            "2024-09-02",
            "2024-09-30",
            "2025-03-25"
        ]
    );
    // The measure answers the decision (#2), the follow-ups the measure (#3).
    assert_eq!(events[2][2], "measure");
    assert_eq!(events[2][3], "#2");
    assert_eq!(events[4][3], "#3");
    // The decision's details; the waiver's reason is said to be given, never quoted.
    assert!(
        events[1]
            .last()
            .unwrap()
            .contains("BL § 32; support; granted")
    );
    assert!(
        events[0]
            .last()
            .unwrap()
            .contains("reason for the waiver: given")
    );
}

#[test]
fn explain_sees_the_case_as_it_stood_on_the_as_of_date() {
    // On 2024-09-01 the plan (2024-09-02) and the follow-ups are not there yet: H1 is
    // overdue since 2024-08-13, by 18 + 1 = 19 days, and 3 events are left out.
    let out = text(&[
        "explain",
        DEMO,
        "--case",
        "K-2024-0219",
        "--as-of",
        "01-09-2024",
        "--lang",
        "en",
    ]);
    assert_eq!(
        cells(row_with(&out, &["H1", "#2"]))[..7],
        [
            "H1",
            "#2",
            "2024-05-13",
            "2024-08-13",
            "fail",
            "19 days",
            "BL § 91, stk. 1"
        ]
    );
    assert!(
        out.contains("3 events after the as-of date are not shown"),
        "{out}"
    );
    assert!(!out.contains("2024-09-30"));
}

#[test]
fn explain_of_an_unknown_case_is_a_clear_error() {
    let out = caseaudit()
        .args(["explain", DEMO, "--case", "K-9999-0001", "--as-of", AS_OF])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("sagen K-9999-0001 findes ikke i inddata (49 sager læst)"),
        "{err}"
    );
    let out = caseaudit()
        .args(["explain", DEMO, "--case", "K-9999-0001", "--lang", "en"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("case K-9999-0001 is not in the inputs"));
    assert!(out.stdout.is_empty());
}

#[test]
fn explain_html_is_a_self_contained_page_with_the_timeline_drawn() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("case.html");
    run_ok([
        "explain",
        DEMO,
        "--case",
        "K-2023-0212",
        "--as-of",
        AS_OF,
        "-o",
        path.to_str().unwrap(),
    ]);
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<svg role=\"img\""));
    // No scripts, no external resources: the only URL is the SVG namespace.
    assert!(!html.contains("<script"));
    assert!(!html.contains("src="));
    assert!(!html.contains("href="));
    assert_eq!(html.matches("http://").count(), 1, "{html}");
    assert!(!html.contains("https://"));
    assert!(html.contains("default-src 'none'"));
    // A bar per clock (a dot at its subject for one without dates: the reviewer questions)
    // and a dot per event (11 events).
    assert_eq!(html.matches("<circle class=\"ev\"").count(), 11);
    assert_eq!(
        html.matches("<rect class=\"s-").count() + html.matches("<circle class=\"s-").count(),
        html.matches("<tr class=\"").count()
    );
    // B1 (SEL): investigation started 2023-03-15, aware since the notification
    // 2023-03-02 + 4 months = 2023-07-02; completed 2023-08-01, 30 days late.
    assert!(html.contains(
        r#"<td class="id">2023-03-02 08:00</td><td class="id">2023-07-02</td><td class="id">2023-08-01</td><td class="status">ikke opfyldt</td><td class="n">30 dage</td>"#
    ), "{html}");
    // The waiver's reason (free text) never reaches the page.
    assert!(!html.contains("modenhed"));
}

#[test]
fn explain_refuses_an_output_it_cannot_write() {
    let out = caseaudit()
        .args(["explain", DEMO, "--case", "K-2024-0219", "-o", "case.pdf"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains(".html"));
}

// ---------------------------------------------------------------------------------------
// worklist

/// The worklist as CSV records (header first).
fn worklist_csv(extra: &[&str]) -> Vec<Vec<String>> {
    let mut args = vec!["worklist", DEMO, "--as-of", AS_OF, "--format", "csv"];
    args.extend_from_slice(extra);
    let bytes = run_ok(&args);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes.as_slice())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn worklist_shows_what_is_overdue_and_due_with_the_right_dates() {
    let rows = worklist_csv(&["--lang", "en"]);
    let got: Vec<[&str; 8]> = rows
        .iter()
        .map(|r| {
            [
                r[0].as_str(),
                &r[1],
                &r[2],
                &r[4],
                &r[5],
                &r[6],
                &r[7],
                if r[8].is_empty() { "" } else { "action" },
            ]
        })
        .collect();
    let nord = "Familieafdelingen Nord";
    let syd = "Udsatte Børn Syd";
    let ost = "Handicap Øst";
    #[rustfmt::skip]
    let expected: Vec<[&str; 8]> = vec![
        // U2, private notification 2024-02-12 (Mon): 6th workday after = Tue 2024-02-20,
        // never acknowledged; 2024-02-20 → 2025-02-20 is 366 days (leap year), + 130.
        [nord, "K-2024-0102", "U2", "2024-02-20", "overdue", "496", "", "action"],
        // U2, professional notification 2024-06-24 (Mon): Tue 25 … Mon 1 July, Tue 2 July.
        [nord, "K-2024-0261", "U2", "2024-07-02", "overdue", "363", "", "action"],
        // U1, N1 received 2025-03-10 (date only): due the end of the next day, 2025-03-11,
        // never assessed: 20 + 30 + 31 + 30 = 111 days.
        [nord, "K-2024-0171", "U1", "2025-03-11", "overdue", "111", "", "action"],
        // U2, N1 (private): 6th workday after Mon 2025-03-10 = Tue 2025-03-18.
        [nord, "K-2024-0171", "U2", "2025-03-18", "overdue", "104", "", "action"],
        // U1, received 2025-06-29T14:20: due 2025-06-30T14:20, today.
        [nord, "K-2024-0102", "U1", "2025-06-30T14:20", "due", "", "0", "action"],
        // U2 of the same: 6th workday after Sun 2025-06-29 = Mon 2025-07-07.
        [nord, "K-2024-0102", "U2", "2025-07-07", "due", "", "7", "action"],
        // H3: the follow-up of 2025-01-14 set next_due 2025-07-14, the window's last day.
        [nord, "K-2023-0690", "H3", "2025-07-14", "due", "", "14", "action"],
        // H3: the follow-up of 2025-01-13 set next_due 2025-07-13.
        [ost, "K-2024-0470", "H3", "2025-07-13", "due", "", "13", "action"],
        // U2, private notification 2023-05-12 (Fri): Mon 15, 16, 17, Thu 18 is Kristi
        // himmelfartsdag, Fri 19, Mon 22, Tue 23 → 2023-05-23.
        [syd, "K-2023-0305", "U2", "2023-05-23", "overdue", "769", "", "action"],
        // U2, private notification 2023-11-13 (Mon): 6th workday after = Tue 2023-11-21.
        [syd, "K-2023-0611", "U2", "2023-11-21", "overdue", "587", "", "action"],
        // U2, private notification 2025-05-19 (Mon): 20, 21, 22, 23, 26, 27 → 2025-05-27.
        [syd, "K-2025-0095", "U2", "2025-05-27", "overdue", "34", "", "action"],
        // U1, anonymous notification 2025-06-29 (date only): due the end of 2025-06-30.
        [syd, "K-2024-0188", "U1", "2025-06-30", "due", "", "0", "action"],
        // J1, document received Fri 2025-06-27: 5th workday after = Fri 2025-07-04.
        [syd, "K-2024-0188", "J1", "2025-07-04", "due", "", "4", "action"],
        // H3: the follow-up of 2025-01-10 set next_due 2025-07-10.
        [syd, "K-2023-0305", "H3", "2025-07-10", "due", "", "10", "action"],
    ];
    assert_eq!(rows.len(), expected.len() + 1);
    assert_eq!(
        rows[0],
        [
            "team",
            "case_id",
            "rule",
            "subject",
            "due",
            "state",
            "days_overdue",
            "days_left",
            "action"
        ]
    );
    assert_eq!(got[1..], expected[..]);
    // The action is the rule's own text, in the language asked for.
    assert_eq!(
        rows[1][8],
        "Send the reporter an acknowledgement of receipt."
    );
}

#[test]
fn worklist_leaves_out_what_was_done_late_or_can_no_longer_be_done() {
    let rows = worklist_csv(&[]);
    let has = |case: &str, rule: &str| rows.iter().any(|r| r[1] == case && r[2] == rule);
    // Done late: B1 of K-2024-0058 (completed 2025-03-03, due 2025-02-28).
    assert!(!has("K-2024-0058", "B1"));
    // B2 of K-2024-0058: the provisional assessment was owed only until the investigation
    // was completed (2025-03-03).
    assert!(!has("K-2024-0058", "B2"));
    // A window that closed: no child conversation before the decision (S1, K-2024-0316).
    assert!(!has("K-2024-0316", "S1"));
    // A supervision period that is over (S2, K-2023-0690/1).
    assert!(!has("K-2023-0690", "S2"));
    // A plan owed for a measure that has ended: H1 of K-2024-0204 fails (decided
    // 2024-03-05, plan due 2024-06-05; the waiver of 2024-04-10 came after the decision,
    // where BL § 91 does not place it), but the measure ended 2024-06-14.
    assert!(!has("K-2024-0204", "H1"));
    let audit = String::from_utf8(run_ok([
        "audit",
        DEMO,
        "--as-of",
        AS_OF,
        "--case",
        "K-2024-0204",
        "--format",
        "csv",
    ]))
    .unwrap();
    assert!(
        audit.contains("K-2024-0204,H1,plans,formal,fail,decision@2024-03-05"),
        "{audit}"
    );
    // Pending, but beyond 14 days: B1 of K-2024-0119 (due 2025-08-28).
    assert!(!has("K-2024-0119", "B1"));
}

#[test]
fn worklist_window_and_team_narrow_the_list() {
    // 13 days: up to 2025-07-13, so H3 of K-2023-0690 (2025-07-14) falls out.
    let rows = worklist_csv(&["--within", "13d"]);
    assert!(!rows.iter().any(|r| r[1] == "K-2023-0690"));
    assert!(
        rows.iter()
            .any(|r| r[1] == "K-2024-0470" && r[4] == "2025-07-13")
    );
    // 2w is 14 days: the same list as the default.
    assert_eq!(worklist_csv(&["--within", "2w"]), worklist_csv(&[]));
    // One team, named in any case.
    let rows = worklist_csv(&["--team", "handicap øst"]);
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[1][1], "K-2024-0470");
}

#[test]
fn worklist_of_an_unknown_team_is_a_clear_error() {
    let out = caseaudit()
        .args([
            "worklist",
            DEMO,
            "--as-of",
            AS_OF,
            "--team",
            "Team Ukendt",
            "--lang",
            "en",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no case has that team"), "{err}");
    assert!(err.contains("Handicap Øst"), "{err}");
}

#[test]
fn worklist_xlsx_holds_the_same_rows() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("worklist.xlsx");
    run_ok([
        "worklist",
        DEMO,
        "--as-of",
        AS_OF,
        "-o",
        path.to_str().unwrap(),
    ]);
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let sheet = book.worksheet_range("Arbejdsliste").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    let csv = worklist_csv(&[]);
    // A summary line, an empty line, the header, then the same rows as the CSV.
    assert_eq!(rows.len(), 3 + csv.len() - 1);
    assert_eq!(rows[3][1], Data::String("K-2024-0102".into()));
    assert_eq!(rows[3][5], Data::Float(496.0));
    assert_eq!(rows[7][6], Data::Float(0.0));
    assert_eq!(
        rows[3][7],
        Data::String("Send underretteren en kvittering for modtagelsen.".into())
    );
}

#[test]
fn worklist_is_deterministic_across_formats_and_runs() {
    for format in ["table", "csv", "markdown"] {
        let a = run_ok(["worklist", DEMO, "--as-of", AS_OF, "--format", format]);
        let b = run_ok([
            "worklist",
            DEMO,
            "--as-of",
            "30.06.2025",
            "--format",
            format,
        ]);
        assert_eq!(a, b, "{format}");
    }
}

// ---------------------------------------------------------------------------------------
// audit: narrowed results

fn audit_json(extra: &[&str]) -> Value {
    let mut args = vec!["audit", DEMO, "--as-of", AS_OF, "--format", "json"];
    args.extend_from_slice(extra);
    json_ok(&args)
}

fn results(report: &Value) -> Vec<(String, String, String)> {
    report["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["case_id"].as_str().unwrap().to_string(),
                r["rule"].as_str().unwrap().to_string(),
                r["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn audit_filters_narrow_the_results_but_not_the_scores() {
    let whole = audit_json(&["--questions", "none"]);
    let one = audit_json(&["--case", "K-2024-0219", "--questions", "none"]);
    assert_eq!(one["summary"], whole["summary"]);
    assert_eq!(one["themes"], whole["themes"]);
    assert_eq!(one["rules"], whole["rules"]);
    assert_eq!(
        results(&one),
        [
            ("K-2024-0219".into(), "H1".into(), "fail".into()),
            ("K-2024-0219".into(), "H2".into(), "fail".into()),
            ("K-2024-0219".into(), "H3".into(), "pending".into()),
            ("K-2024-0219".into(), "S1".into(), "exempt".into()),
        ]
    );
    // Rules and statuses: repeatable or comma lists; ids in any case.
    let narrowed = audit_json(&["--rule", "h1,H2", "--status", "fail", "--status", "pending"]);
    let all = results(&whole);
    let expected: Vec<_> = all
        .iter()
        .filter(|(_, rule, status)| {
            (rule == "H1" || rule == "H2") && (status == "fail" || status == "pending")
        })
        .cloned()
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(results(&narrowed), expected);
    // A team.
    let team = audit_json(&["--team", "Handicap Øst", "--status", "not_assessable"]);
    assert!(!results(&team).is_empty());
    assert!(
        team["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["team"] == "Handicap Øst" && r["status"] == "not_assessable")
    );
}

#[test]
fn audit_status_pass_lists_passes_without_results_all() {
    let passes = audit_json(&["--case", "K-2024-0330", "--status", "pass"]);
    let listed = results(&passes);
    // A clean BL § 86 refusal: T1, J1, A1–A5, A7 pass.
    assert_eq!(listed.len(), 8, "{listed:?}");
    assert!(listed.iter().all(|(_, _, s)| s == "pass"));
}

#[test]
fn audit_filter_with_an_unknown_rule_is_a_usage_error() {
    let out = caseaudit()
        .args(["audit", DEMO, "--as-of", AS_OF, "--rule", "X9"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--rule X9: ingen sådan regel"));
    let out = caseaudit()
        .args(["audit", DEMO, "--rule", "X9", "--lang", "en"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--rule X9: no such rule"));
    let out = caseaudit()
        .args(["audit", DEMO, "--as-of", AS_OF, "--status", "failed"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn audit_filter_with_an_unknown_case_says_so() {
    let out = caseaudit()
        .args([
            "audit", DEMO, "--as-of", AS_OF, "--case", "K-0000", "--lang", "en",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--case K-0000: no such case"));
}

// ---------------------------------------------------------------------------------------
// --as-of in the forms the loaders read

#[test]
fn as_of_takes_danish_date_forms_on_every_command() {
    let iso = run_ok(["audit", DEMO, "--as-of", AS_OF, "--format", "csv"]);
    for form in ["30-06-2025", "30.06.2025", "30/06/2025"] {
        assert_eq!(
            run_ok(["audit", DEMO, "--as-of", form, "--format", "csv"]),
            iso,
            "{form}"
        );
        assert_eq!(
            run_ok(["explain", DEMO, "--case", "K-2024-0219", "--as-of", form]),
            run_ok(["explain", DEMO, "--case", "K-2024-0219", "--as-of", AS_OF]),
        );
    }
}

#[test]
fn a_bad_as_of_is_a_usage_error() {
    for (command, bad) in [
        ("audit", "31-06-2025"),
        ("explain", "2025-13-01"),
        ("worklist", "06/30/2025"),
    ] {
        let mut cmd = caseaudit();
        cmd.args([command, DEMO, "--as-of", bad]);
        if command == "explain" {
            cmd.args(["--case", "K-2024-0219"]);
        }
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{command} {bad}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("er ikke en dato"), "{err}");
    }
}

// ---------------------------------------------------------------------------------------
// Snapshots of the views

#[test]
fn snapshot_explain_table_da() {
    insta::assert_snapshot!(text(&[
        "explain",
        DEMO,
        "--case",
        "K-2023-0305",
        "--as-of",
        AS_OF
    ]));
}

#[test]
fn snapshot_explain_html_en() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("case.html");
    run_ok([
        "explain",
        DEMO,
        "--case",
        "K-2024-0456",
        "--as-of",
        AS_OF,
        "--lang",
        "en",
        "-o",
        path.to_str().unwrap(),
    ]);
    insta::assert_snapshot!(std::fs::read_to_string(&path).unwrap());
}

#[test]
fn snapshot_worklist_table_da() {
    insta::assert_snapshot!(text(&["worklist", DEMO, "--as-of", AS_OF]));
}

#[test]
fn snapshot_worklist_markdown_en() {
    insta::assert_snapshot!(text(&[
        "worklist", DEMO, "--as-of", AS_OF, "--format", "markdown", "--lang", "en", "--within",
        "30d"
    ]));
}

#[test]
fn snapshot_worklist_csv_excel_da() {
    let bytes = run_ok([
        "worklist",
        DEMO,
        "--as-of",
        AS_OF,
        "--format",
        "csv",
        "--csv-dialect",
        "excel-da",
    ]);
    insta::assert_snapshot!(String::from_utf8(bytes).unwrap());
}

// ---------------------------------------------------------------------------------------
// The action text is rule data

#[test]
fn every_rule_says_what_to_do_in_both_languages() {
    let catalogue = caseaudit::rules::Catalogue::embedded().unwrap();
    for rule in &catalogue.rules {
        assert!(!rule.da.action.trim().is_empty(), "{}", rule.id);
        assert!(!rule.en.action.trim().is_empty(), "{}", rule.id);
    }
}

#[test]
fn a_rule_without_an_action_is_refused() {
    let dir = common::rules_copy();
    let path = dir.path().join("J2.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let en = text.find("[en]").unwrap();
    let line = en + text[en..].find("\naction = ").unwrap();
    let end = line + 1 + text[line + 1..].find('\n').unwrap();
    std::fs::write(&path, format!("{}{}", &text[..line], &text[end..])).unwrap();
    let out = caseaudit()
        .args(["rules", "test", "--lang", "en"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("J2.toml: rule J2: [en] needs action = "),
        "{err}"
    );
}

#[test]
fn worklist_formats_follow_the_file_name_and_refuse_what_they_cannot_write() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("list.md");
    run_ok([
        "worklist",
        DEMO,
        "--as-of",
        AS_OF,
        "-o",
        md.to_str().unwrap(),
    ]);
    assert_eq!(
        std::fs::read(&md).unwrap(),
        run_ok(["worklist", DEMO, "--as-of", AS_OF, "--format", "markdown"])
    );
    for args in [
        vec!["-o", "list.pdf"],
        vec!["--format", "xlsx"],
        vec!["--format", "csv", "-o", "list.md"],
    ] {
        let out = caseaudit()
            .args(["worklist", DEMO, "--as-of", AS_OF])
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty());
    }
}

#[test]
fn worklist_keeps_a_plan_owed_while_one_of_the_decisions_measures_runs() {
    // A BL support decision that started two measures, one ended, one running, and no plan:
    // the plan was due 2024-06-01 (3 months after 2024-03-01) and is still owed.
    let case = r#"[{"case_id": "K-1", "team": "T", "events": [
        {"type": "decision", "date": "2024-03-01", "id": "D1", "kind": "support", "outcome": "granted"},
        {"type": "measure_started", "date": "2024-03-05", "id": "M1", "ref": "D1"},
        {"type": "measure_started", "date": "2024-03-06", "id": "M2", "ref": "D1"},
        {"type": "measure_ended", "date": "2024-05-01", "ref": "M1"}]}]"#;
    let (_dir, path) = common::temp_file("cases.json", case);
    let path = path.to_str().unwrap();
    let audit = json_ok(["audit", path, "--as-of", "2024-09-01", "--format", "json"]);
    let h1: Vec<&Value> = audit["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["rule"] == "H1")
        .collect();
    assert_eq!(h1.len(), 1);
    assert_eq!(h1[0]["status"], "fail");
    let list = String::from_utf8(run_ok([
        "worklist",
        path,
        "--as-of",
        "2024-09-01",
        "--format",
        "csv",
    ]))
    .unwrap();
    assert!(
        list.lines()
            .any(|l| l.contains(",K-1,H1,D1,2024-06-01,overdue,")),
        "{list}"
    );
}
