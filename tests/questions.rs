//! Reviewer questions (issue 18): the check kind `question`, the default question set, the
//! review sheet that asks them, two reviewers' agreement and adjudication, and the machine's
//! report left as it was with `--questions none`. Run on the real binary.
mod common;
use common::{caseaudit, json_ok, run_ok, temp_file};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const DEMO: &str = "fixtures/demo/cases.json";
const AS_OF: &str = "2025-06-30";

/// A review sheet as rows of cells by header, read from or written to the CSV `review`
/// writes (`;`, a UTF-8 BOM).
struct Sheet {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Sheet {
    fn read(path: &Path) -> Sheet {
        let text = std::fs::read_to_string(path).unwrap();
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let header = reader.headers().unwrap().iter().map(String::from).collect();
        let rows = reader
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect();
        Sheet { header, rows }
    }

    fn at(&self, column: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == column)
            .unwrap_or_else(|| panic!("no column {column} in {:?}", self.header))
    }

    fn cell<'a>(&self, row: &'a [String], column: &str) -> &'a str {
        &row[self.at(column)]
    }

    /// Writes the sheet with each row's verdict as `verdict` gives it.
    fn write(&self, path: &Path, verdict: impl Fn(&Sheet, usize, &[String]) -> String) {
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .from_path(path)
            .unwrap();
        w.write_record(&self.header).unwrap();
        let v = self.at("vurdering");
        for (i, row) in self.rows.iter().enumerate() {
            let mut cells = row.clone();
            cells[v] = verdict(self, i, row);
            w.write_record(&cells).unwrap();
        }
        w.flush().unwrap();
    }
}

fn review(input: &Path, sheet: &Path, extra: &[&str]) {
    let mut args = vec![
        "review".to_string(),
        input.display().to_string(),
        "--as-of".into(),
        AS_OF.into(),
        "-o".into(),
        sheet.display().to_string(),
    ];
    args.extend(extra.iter().map(|a| a.to_string()));
    run_ok(args);
}

fn audit(input: &Path, extra: &[&str]) -> Value {
    let mut args = vec![
        "audit".to_string(),
        input.display().to_string(),
        "--as-of".into(),
        AS_OF.into(),
        "--format".into(),
        "json".into(),
        "--results".into(),
        "all".into(),
    ];
    args.extend(extra.iter().map(|a| a.to_string()));
    json_ok(args)
}

fn results(report: &Value) -> &Vec<Value> {
    report["results"].as_array().unwrap()
}

fn rule<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no rule {id}"))
}

/// Acceptance 1: `rules list` shows the question rules; `rules show` gives their text and law.
#[test]
fn the_question_rules_are_listed_and_shown_with_their_law() {
    let list = String::from_utf8(run_ok(["rules", "list", "--lang", "en"])).unwrap();
    for id in ["Q1", "Q2", "Q3", "Q4", "Q5"] {
        let line = list
            .lines()
            .find(|l| l.contains(&format!("│ {id} ")))
            .unwrap_or_else(|| panic!("{id} not listed:\n{list}"));
        assert!(line.contains("question"), "{line}");
    }
    assert!(
        list.lines()
            .any(|l| l.contains("│ U1 ") && l.contains("check"))
    );
    let q1 = String::from_utf8(run_ok(["rules", "show", "Q1"])).unwrap();
    assert!(q1.contains("## Spørgsmål til bedømmeren"), "{q1}");
    assert!(q1.contains("Var sagen tilstrækkeligt oplyst"), "{q1}");
    assert!(q1.contains("Rsl § 10"), "{q1}");
    assert!(
        q1.contains("LBK nr.\n1555 af 02/11/2020") || q1.contains("LBK nr. 1555"),
        "{q1}"
    );
    let q3 = String::from_utf8(run_ok(["rules", "show", "Q3", "--lang", "en"])).unwrap();
    assert!(
        q3.contains("SEL § 48, stk. 1") && q3.contains("BL § 5, stk. 3"),
        "{q3}"
    );
    assert!(q3.contains("Events to open"), "{q3}");
    assert!(q3.contains("the reviewer answers fail"), "{q3}");
}

/// Acceptance 2: the sheet has a row per question subject; filled in, its verdicts are the
/// results (source review), and a material question's fail raises the estimated reversal
/// rate's numerator.
#[test]
fn answered_questions_count_with_source_review() {
    let dir = tempfile::tempdir().unwrap();
    let sheet_path = dir.path().join("s.csv");
    review(Path::new(DEMO), &sheet_path, &[]);
    let sheet = Sheet::read(&sheet_path);
    let before = audit(Path::new(DEMO), &[]);

    // A row per subject of each question: the question's count of results.
    for q in before["questions"]["rules"].as_array().unwrap() {
        let id = q["id"].as_str().unwrap();
        let rows = sheet
            .rows
            .iter()
            .filter(|r| sheet.cell(r, "regel") == id)
            .count();
        assert_eq!(rows as u64, q["asked"].as_u64().unwrap(), "{id}");
        assert!(rows > 0, "{id}");
    }
    // A case's questions come first, then what the machine could not assess.
    let mut seen_machine: BTreeSet<String> = BTreeSet::new();
    for row in &sheet.rows {
        let case = sheet.cell(row, "sag").to_string();
        if sheet.cell(row, "regel").starts_with('Q') {
            assert!(
                !seen_machine.contains(&case),
                "{case}: a question after a machine row"
            );
        } else {
            seen_machine.insert(case);
        }
        assert_eq!(sheet.cell(row, "måledato"), AS_OF);
    }
    let q1 = sheet
        .rows
        .iter()
        .find(|r| sheet.cell(r, "regel") == "Q1")
        .unwrap();
    assert!(
        sheet.cell(q1, "hændelser").contains("afgørelse 20"),
        "{q1:?}"
    );
    assert!(sheet.cell(q1, "spørgsmål").ends_with('?'));

    // A decision no material rule failed: its Q2 answered fail, every other question pass.
    let material_fails: BTreeSet<(String, String)> = results(&before)
        .iter()
        .filter(|r| r["status"] == "fail")
        .filter(|r| rule(&before, r["rule"].as_str().unwrap())["severity"] == "material")
        .map(|r| {
            (
                r["case_id"].as_str().unwrap().into(),
                r["subject"].as_str().unwrap().into(),
            )
        })
        .collect();
    let target = sheet
        .rows
        .iter()
        .position(|r| {
            sheet.cell(r, "regel") == "Q2"
                && !material_fails
                    .contains(&(sheet.cell(r, "sag").into(), sheet.cell(r, "emne").into()))
        })
        .expect("a decision without a material fail");
    let filled = dir.path().join("filled.csv");
    sheet.write(&filled, |s, i, row| {
        match s.cell(row, "regel") {
            _ if i == target => "ikke opfyldt",
            id if id.starts_with('Q') => "opfyldt",
            _ => "",
        }
        .to_string()
    });
    let after = audit(Path::new(DEMO), &["--review", filled.to_str().unwrap()]);
    let numerator = |r: &Value| {
        r["summary"]["estimated_reversal_rate"]["numerator"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(numerator(&after), numerator(&before) + 1);
    // Without the answers, the machine's own rate stands beside it.
    assert_eq!(
        after["review"]["machine_summary"]["estimated_reversal_rate"],
        before["summary"]["estimated_reversal_rate"]
    );
    let questions: Vec<&Value> = results(&after)
        .iter()
        .filter(|r| r["rule"].as_str().unwrap().starts_with('Q'))
        .collect();
    assert!(!questions.is_empty());
    for r in &questions {
        assert_eq!(r["source"], "review", "{r}");
        assert_eq!(r["machine_status"], "not_assessable", "{r}");
        assert!(r["status"] == "pass" || r["status"] == "fail", "{r}");
    }
    let failed = &results(&after)
        .iter()
        .filter(|r| r["rule"] == "Q2" && r["status"] == "fail")
        .collect::<Vec<_>>();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0]["message"], "answered by a reviewer");
    // Everything answered: asked = answered, and no warning rests on open questions.
    assert_eq!(after["questions"]["asked"], after["questions"]["answered"]);
    let warnings = after["warnings"].to_string();
    assert!(!warnings.contains("unanswered questions"), "{warnings}");
    assert!(
        before["warnings"]
            .to_string()
            .contains("unanswered questions")
    );
}

/// Ten cases, a support decision each: Q1 asks ten questions.
fn ten_decisions() -> (tempfile::TempDir, PathBuf) {
    let cases: Vec<String> = (1..=10)
        .map(|i| {
            format!(
                r#"{{"case_id": "K{i}", "events": [{{"type": "decision", "date": "2024-05-{i:02}", "id": "D{i}", "kind": "support", "outcome": "granted"}}]}}"#
            )
        })
        .collect();
    temp_file("cases.json", format!("[{}]", cases.join(",\n")))
}

/// Acceptance 3: two filled sheets with known disagreements give the kappa computed by hand,
/// and the subjects they differ on stay not assessable until adjudicated.
#[test]
fn two_reviewers_agreement_is_cohens_kappa_and_differences_wait_for_adjudication() {
    let (dir, cases) = ten_decisions();
    let blank = dir.path().join("blank.csv");
    review(&cases, &blank, &["--questions", "Q1"]);
    let sheet = Sheet::read(&blank);
    assert_eq!(sheet.rows.len(), 10);
    // Reviewer A: K1–K6 pass, K7–K10 fail. Reviewer B: K1–K4 pass, K5–K9 fail, K10 pass.
    let a = ["p", "p", "p", "p", "p", "p", "f", "f", "f", "f"];
    let b = ["p", "p", "p", "p", "f", "f", "f", "f", "f", "p"];
    let word = |v: &str| if v == "p" { "opfyldt" } else { "ikke opfyldt" };
    let index = |s: &Sheet, row: &[String]| -> usize {
        s.cell(row, "sag")[1..].parse::<usize>().unwrap() - 1
    };
    let (first, second) = (dir.path().join("a.csv"), dir.path().join("b.csv"));
    sheet.write(&first, |s, _, row| word(a[index(s, row)]).into());
    sheet.write(&second, |s, _, row| word(b[index(s, row)]).into());

    // By hand: 10 pairs, 7 agree (K1–K4 pass, K7–K9 fail): p_o = 0.7. A gave 6 pass and
    // 4 fail, B 5 and 5: p_e = 0.6 × 0.5 + 0.4 × 0.5 = 0.5. kappa = (0.7 − 0.5) / (1 − 0.5).
    let (po, pe) = (7.0 / 10.0, 0.6 * 0.5 + 0.4 * 0.5);
    let kappa = (po - pe) / (1.0 - pe);
    assert!((kappa - 0.4_f64).abs() < 1e-12);

    let report = audit(
        &cases,
        &[
            "--questions",
            "Q1",
            "--review",
            first.to_str().unwrap(),
            "--review",
            second.to_str().unwrap(),
        ],
    );
    let agreement = &report["review"]["agreement"];
    assert_eq!(agreement["pairs"], 10);
    assert_eq!(agreement["agreeing"], 7);
    assert_eq!(agreement["share"].as_f64(), Some(po));
    assert!(
        (agreement["kappa"].as_f64().unwrap() - kappa).abs() < 1e-4,
        "{agreement}"
    );
    assert_eq!(agreement["rules"][0]["rule"], "Q1");
    assert_eq!(agreement["rules"][0]["pairs"], 10);
    assert_eq!(agreement["differences_total"], 3);
    assert_eq!(agreement["unsettled"], 3);
    let differing: Vec<&str> = agreement["differences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["case_id"].as_str().unwrap())
        .collect();
    assert_eq!(differing, ["K5", "K6", "K10"]);
    let status_of = |report: &Value, case: &str| {
        results(report)
            .iter()
            .find(|r| r["case_id"] == case && r["rule"] == "Q1")
            .unwrap()
            .clone()
    };
    for case in ["K5", "K6", "K10"] {
        let r = status_of(&report, case);
        assert_eq!(r["status"], "not_assessable", "{r}");
        assert_eq!(r["disputed"], true, "{r}");
        assert!(r["message"].as_str().unwrap().contains("disagree"), "{r}");
    }
    assert_eq!(status_of(&report, "K1")["status"], "pass");
    assert_eq!(status_of(&report, "K8")["status"], "fail");
    // Q1's score counts the seven agreed answers only: 4 pass, 3 fail.
    let q1 = rule(&report, "Q1");
    assert_eq!(
        (
            q1["pass"].as_u64(),
            q1["fail"].as_u64(),
            q1["not_assessable"].as_u64()
        ),
        (Some(4), Some(3), Some(3))
    );

    // The adjudicator settles K5 (fail) on a third sheet: a row marked in the column opmand.
    let third = dir.path().join("opmand.csv");
    let header = sheet.header.join(";");
    let row5 = sheet
        .rows
        .iter()
        .find(|r| sheet.cell(r, "sag") == "K5")
        .unwrap();
    let mut cells = row5.clone();
    cells[sheet.at("vurdering")] = "ikke opfyldt".into();
    cells[sheet.at("opmand")] = "ja".into();
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_path(&third)
        .unwrap();
    w.write_record(header.split(';')).unwrap();
    w.write_record(&cells).unwrap();
    w.flush().unwrap();
    let settled = audit(
        &cases,
        &[
            "--questions",
            "Q1",
            "--review",
            first.to_str().unwrap(),
            "--review",
            second.to_str().unwrap(),
            "--review",
            third.to_str().unwrap(),
        ],
    );
    let k5 = status_of(&settled, "K5");
    assert_eq!(k5["status"], "fail", "{k5}");
    assert_eq!(k5["adjudicated"], true, "{k5}");
    assert!(k5.get("disputed").is_none(), "{k5}");
    assert_eq!(status_of(&settled, "K6")["status"], "not_assessable");
    let agreement = &settled["review"]["agreement"];
    // The adjudication is no reviewer's answer: the agreement is the same.
    assert_eq!(agreement["agreeing"], 7);
    assert_eq!(agreement["unsettled"], 2);
    assert_eq!(agreement["differences"][0]["settled"], "fail");
    assert_eq!(settled["review"]["sheets"][2]["adjudications"], 1);
}

#[test]
fn a_third_reviewer_or_two_adjudications_that_differ_are_refused() {
    let (dir, cases) = ten_decisions();
    let blank = dir.path().join("blank.csv");
    review(&cases, &blank, &["--questions", "Q1"]);
    let sheet = Sheet::read(&blank);
    let sheets: Vec<PathBuf> = ["a", "b", "c"]
        .iter()
        .map(|n| {
            let path = dir.path().join(format!("{n}.csv"));
            sheet.write(&path, |_, _, _| "opfyldt".into());
            path
        })
        .collect();
    let mut args = vec![
        "audit",
        cases.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--lang",
        "en",
    ];
    for s in &sheets {
        args.extend(["--review", s.to_str().unwrap()]);
    }
    caseaudit()
        .args(&args)
        .args(["--questions", "Q1"])
        .assert()
        .code(2)
        .stderr(
            predicates::str::contains("c.csv, row 2").and(predicates::str::contains(
                "already has verdicts from two sheets",
            )),
        );
    // Two adjudications of one result that differ.
    let at = |c: &str| sheet.at(c);
    let mut rows = Vec::new();
    for v in ["opfyldt", "ikke opfyldt"] {
        let mut cells = sheet.rows[0].clone();
        cells[at("vurdering")] = v.into();
        cells[at("opmand")] = "ja".into();
        rows.push(cells);
    }
    let path = dir.path().join("opmand.csv");
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_path(&path)
        .unwrap();
    w.write_record(&sheet.header).unwrap();
    for r in &rows {
        w.write_record(r).unwrap();
    }
    w.flush().unwrap();
    caseaudit()
        .args([
            "audit",
            cases.to_str().unwrap(),
            "--as-of",
            AS_OF,
            "--lang",
            "en",
        ])
        .args(["--questions", "Q1", "--review", path.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "opmand.csv, row 3: the adjudication of K1 Q1 D1 is fail",
        ));
}

use predicates::prelude::PredicateBooleanExt;

/// The body of a reviewed insta snapshot (what the test printed).
fn snapshot(name: &str) -> String {
    let text = std::fs::read_to_string(format!("tests/snapshots/{name}.snap")).unwrap();
    let body = text.splitn(3, "---\n").nth(2).unwrap();
    body.trim_end().to_string()
}

/// Acceptance 4: `--questions none` gives the machine's report byte for byte, in every
/// format: the reviewed snapshots of the report as it was before reviewer questions were
/// added. Only the JSON report's record of the command names the flag.
#[test]
fn questions_none_gives_the_machine_only_report_byte_for_byte() {
    let run = |args: &[&str]| {
        let mut all = vec!["audit", DEMO, "--as-of", AS_OF];
        all.extend_from_slice(args);
        all.extend(["--questions", "none"]);
        String::from_utf8(run_ok(all)).unwrap()
    };
    let json = run(&["--format", "json"]);
    assert!(json.contains(
        r#""command_line": "caseaudit audit fixtures/demo/cases.json --as-of 2025-06-30 --questions none""#
    ));
    let json = json.replacen(" --questions none", "", 1);
    assert_eq!(json.trim_end(), snapshot("snapshots__audit_json_findings"));
    for (args, name) in [
        (&[][..], "snapshots__audit_table_da"),
        (&["--lang", "en"][..], "snapshots__audit_table_en"),
        (&["--format", "csv"][..], "formats__csv_snapshot"),
        (
            &["--format", "markdown"][..],
            "formats__markdown_snapshot_da",
        ),
        (&["--format", "html"][..], "formats__html_snapshot_da"),
        (&["--format", "junit"][..], "formats__junit_snapshot"),
    ] {
        // Insta keeps a snapshot's line ends as \n.
        assert_eq!(
            run(args).replace("\r\n", "\n").trim_end(),
            snapshot(name),
            "{name}"
        );
    }
    // The rule set it names is the catalogue without the question files.
    let dir = common::rules_copy();
    for q in ["Q1", "Q2", "Q3", "Q4", "Q5"] {
        std::fs::remove_file(dir.path().join(format!("{q}.toml"))).unwrap();
    }
    let without = audit(Path::new(DEMO), &["--rules", dir.path().to_str().unwrap()]);
    let none = audit(Path::new(DEMO), &["--questions", "none"]);
    assert_eq!(without["ruleset"], none["ruleset"]);
    assert!(none.get("questions").is_none());
    // By default the questions are asked, and the report says they await review.
    let default = audit(Path::new(DEMO), &[]);
    assert_ne!(default["ruleset"]["sha256"], none["ruleset"]["sha256"]);
    assert_eq!(default["summary"], none["summary"]);
}

#[test]
fn the_html_report_shows_the_questions_as_their_own_section() {
    let html = String::from_utf8(run_ok([
        "audit", DEMO, "--as-of", AS_OF, "--format", "html",
    ]))
    .unwrap();
    let start = html
        .find("<h2 id=\"questions\">Spørgsmål til bedømmeren</h2>")
        .expect("the section");
    let findings = html.find("<h2 id=\"findings\">").unwrap();
    assert!(start < findings);
    let section = &html[start..html[start..].find("</section>").unwrap() + start];
    assert!(
        section.contains("0 af 127 spørgsmål til bedømmeren er besvaret"),
        "{section}"
    );
    assert!(
        section.contains("<td>Q1</td><td>Var sagen tilstrækkeligt oplyst"),
        "{section}"
    );
    // Not in the machine's rule tables above it.
    let themes = &html[html.find("<h2>Temaer</h2>").unwrap()..start];
    assert!(!themes.contains("<strong>Q1</strong>"));
    insta::assert_snapshot!("html_questions_section_da", section);
}

#[test]
fn questions_are_chosen_on_the_command_line_or_by_the_profile() {
    let report = audit(Path::new(DEMO), &["--questions", "Q1,q3"]);
    let asked: Vec<&str> = report["questions"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_str().unwrap())
        .collect();
    assert_eq!(asked, ["Q3", "Q1"]);
    assert_eq!(report["ruleset"]["rules"], 23);
    for (flag, message) in [
        (
            "Q9",
            "--questions Q9: no such question \"Q9\"; the rule set's questions are Q5, Q4, Q3, Q1, Q2",
        ),
        (
            "U1",
            "--questions U1: U1 is a machine check, not a question",
        ),
    ] {
        caseaudit()
            .args([
                "audit",
                DEMO,
                "--as-of",
                AS_OF,
                "--lang",
                "en",
                "--questions",
                flag,
            ])
            .assert()
            .code(2)
            .stderr(predicates::str::contains(message));
    }
    caseaudit()
        .args(["audit", DEMO, "--as-of", AS_OF, "--questions", "U1"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "U1 er en maskinel kontrol, ikke et spørgsmål",
        ));
    // A municipality's måleskema: its profile asks Q2 only; --questions wins over it.
    let (dir, profile) = temp_file("profile.toml", "name = \"K\"\nquestions = [\"Q2\"]\n");
    let p = profile.to_str().unwrap();
    let report = audit(Path::new(DEMO), &["--profile", p]);
    assert_eq!(report["questions"]["rules"].as_array().unwrap().len(), 1);
    assert_eq!(report["questions"]["rules"][0]["id"], "Q2");
    assert_eq!(report["profile"]["questions"], serde_json::json!(["Q2"]));
    let all = audit(Path::new(DEMO), &["--profile", p, "--questions", "all"]);
    assert_eq!(all["questions"]["rules"].as_array().unwrap().len(), 5);
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "name = \"K\"\nquestions = [\"A1\"]\n").unwrap();
    caseaudit()
        .args([
            "audit",
            DEMO,
            "--as-of",
            AS_OF,
            "--profile",
            bad.to_str().unwrap(),
            "--lang",
            "en",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "bad.toml: questions: A1 is a machine check",
        ));
}

/// Calibration with and without the reviewers' answers: an appeal changed a decision no
/// machine rule found wrong; the reviewer finds it wrong in substance.
#[test]
fn calibration_is_shown_with_and_without_the_answers() {
    let (dir, cases) = temp_file(
        "cases.json",
        r#"[{"case_id": "K1", "events": [
            {"type": "child_conversation", "date": "2024-04-01"},
            {"type": "decision", "date": "2024-05-01", "id": "D1", "kind": "support", "outcome": "granted"},
            {"type": "appeal_decided", "date": "2024-09-01", "ref": "D1", "outcome": "changed"}]}]"#,
    );
    let blank = dir.path().join("blank.csv");
    review(&cases, &blank, &["--questions", "Q2"]);
    let sheet = Sheet::read(&blank);
    let filled = dir.path().join("filled.csv");
    sheet.write(&filled, |_, _, _| "ikke opfyldt".into());
    let report = audit(
        &cases,
        &["--questions", "Q2", "--review", filled.to_str().unwrap()],
    );
    assert_eq!(report["calibration"]["predicted_error"]["changed"], 1);
    let machine = &report["review"]["machine_calibration"];
    assert_eq!(machine["no_predicted_error"]["changed"], 1, "{machine}");
    assert_eq!(machine["predicted_error"]["changed"], 0);
}

/// A question example can be answered; a machine rule's example cannot.
#[test]
fn rules_test_runs_question_examples_with_verdicts() {
    let dir = common::rules_copy();
    let q1 = dir.path().join("Q1.toml");
    let text = std::fs::read_to_string(&q1).unwrap();
    std::fs::write(
        &q1,
        text.replacen("verdicts = [\"fail\"]", "verdicts = [\"exempt\"]", 1),
    )
    .unwrap();
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
        .stdout(predicates::str::contains("expected [fail], got [exempt]"));
    std::fs::write(&q1, text).unwrap();
    let u1 = dir.path().join("U1.toml");
    let text = std::fs::read_to_string(&u1).unwrap();
    std::fs::write(
        &u1,
        text.replacen(
            "expect = [\"pass\"]",
            "verdicts = [\"pass\"]\nexpect = [\"pass\"]",
            1,
        ),
    )
    .unwrap();
    caseaudit()
        .args([
            "rules",
            "test",
            dir.path().to_str().unwrap(),
            "--lang",
            "en",
        ])
        .assert()
        .code(2)
        .stderr(
            predicates::str::contains("U1.toml")
                .and(predicates::str::contains("only a reviewer question")),
        );
}

/// Issue 15: a review sheet made at another as-of date merges with a warning naming both.
#[test]
fn a_sheet_made_at_another_as_of_date_is_warned_about() {
    let (dir, cases) = ten_decisions();
    let sheet = dir.path().join("s.csv");
    review(&cases, &sheet, &["--questions", "Q1"]);
    let out = caseaudit()
        .args([
            "audit",
            cases.to_str().unwrap(),
            "--as-of",
            "2025-07-31",
            "--questions",
            "Q1",
        ])
        .args(["--review", sheet.to_str().unwrap(), "--lang", "en"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr
            .contains("s.csv was made with --as-of 2025-06-30, but this audit is as of 2025-07-31"),
        "{stderr}"
    );
    let same = caseaudit()
        .args([
            "audit",
            cases.to_str().unwrap(),
            "--as-of",
            AS_OF,
            "--questions",
            "Q1",
        ])
        .args(["--review", sheet.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!String::from_utf8(same.stderr).unwrap().contains("--as-of"));
}

/// Issue 15: verdicts that match no result are counted, the first few named on stderr and the
/// first hundred in the report, not one line each.
#[test]
fn orphan_verdicts_are_summarised() {
    let (dir, cases) = ten_decisions();
    let blank = dir.path().join("blank.csv");
    review(&cases, &blank, &["--questions", "Q1"]);
    let sheet = Sheet::read(&blank);
    let path = dir.path().join("orphans.csv");
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_path(&path)
        .unwrap();
    w.write_record(&sheet.header).unwrap();
    for i in 0..150 {
        let mut cells = vec![String::new(); sheet.header.len()];
        cells[sheet.at("sag")] = format!("X{i}");
        cells[sheet.at("regel")] = "Q1".into();
        cells[sheet.at("emne")] = "D1".into();
        cells[sheet.at("vurdering")] = "opfyldt".into();
        w.write_record(&cells).unwrap();
    }
    w.flush().unwrap();
    let out = caseaudit()
        .args([
            "audit",
            cases.to_str().unwrap(),
            "--as-of",
            AS_OF,
            "--questions",
            "Q1",
        ])
        .args([
            "--review",
            path.to_str().unwrap(),
            "--format",
            "json",
            "--lang",
            "en",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    let named = stderr
        .lines()
        .filter(|l| l.contains("matches no result"))
        .count();
    assert_eq!(named, 5, "{stderr}");
    assert!(
        stderr.contains("… and 145 more verdicts without a result"),
        "{stderr}"
    );
    assert!(stderr.lines().count() < 10, "{stderr}");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["review"]["orphans_total"], 150);
    let orphans = report["review"]["orphans"].as_array().unwrap();
    assert_eq!(orphans.len(), 100);
    assert_eq!(orphans[0]["case_id"], "X0");
    assert_eq!(orphans[0]["row"], 2);
    assert_eq!(orphans[99]["row"], 101);
}

/// The default audit, with its questions awaiting review: the rule rows, the warnings and the
/// questions section (the listed results are the machine's, as with --questions none).
#[test]
fn the_default_audit_with_its_questions_snapshot() {
    let table = String::from_utf8(run_ok([
        "audit",
        DEMO,
        "--as-of",
        AS_OF,
        "--results",
        "none",
    ]))
    .unwrap();
    insta::assert_snapshot!("audit_table_da_with_questions", table);
}
