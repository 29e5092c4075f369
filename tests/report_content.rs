//! What the report says beyond scores: groups, calibration, small-sample warnings, the
//! national yardstick and the audit trail (contract §7), read from the real binary's JSON.
mod common;
use serde_json::Value;

const DEMO: &str = "fixtures/demo/cases.json";

fn demo_json(extra: &[&str]) -> Value {
    let mut args = vec!["audit", DEMO, "--as-of", "2025-06-30", "--format", "json"];
    args.extend_from_slice(extra);
    common::json_ok(args)
}

#[test]
fn by_team_splits_every_count_without_losing_one() {
    let report = demo_json(&["--by", "team"]);
    let groups = &report["groups"];
    assert_eq!(groups["by"], "team");
    let items = groups["items"].as_array().unwrap();
    let names: Vec<&str> = items.iter().map(|g| g["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        ["Familieafdelingen Nord", "Handicap Øst", "Udsatte Børn Syd"]
    );
    let sum = |key: &str| items.iter().map(|g| g[key].as_u64().unwrap()).sum::<u64>();
    assert_eq!(sum("cases"), report["summary"]["cases"].as_u64().unwrap());
    for rate in ["estimated_reversal_rate", "case_error_rate"] {
        for part in ["numerator", "denominator"] {
            let total: u64 = items.iter().map(|g| g[rate][part].as_u64().unwrap()).sum();
            assert_eq!(total, report["summary"][rate][part], "{rate}.{part}");
        }
    }
    for (i, theme) in report["themes"].as_array().unwrap().iter().enumerate() {
        for status in ["pass", "exempt", "fail", "pending", "not_assessable"] {
            let total: u64 = items
                .iter()
                .map(|g| g["themes"][i][status].as_u64().unwrap())
                .sum();
            assert_eq!(total, theme[status], "{} {status}", theme["id"]);
        }
    }
    // Without --by there is no groups key.
    assert!(demo_json(&[]).get("groups").is_none());
}

#[test]
fn results_carry_the_team() {
    let report = demo_json(&[]);
    let results = report["results"].as_array().unwrap();
    assert!(results.iter().all(|r| r["team"].is_string()));
    assert!(results.iter().any(|r| r["team"] == "Handicap Øst"));
}

#[test]
fn by_team_shows_each_team_in_the_table() {
    let text = String::from_utf8(common::run_ok([
        "audit",
        DEMO,
        "--as-of",
        "2025-06-30",
        "--by",
        "team",
        "--lang",
        "en",
    ]))
    .unwrap();
    for team in [
        "Familieafdelingen Nord",
        "Handicap Øst",
        "Udsatte Børn Syd",
        "By team",
    ] {
        assert!(text.contains(team), "{team}");
    }
    // Each finding names its team.
    let finding = text
        .lines()
        .find(|l| l.contains("K-2025-0095") && l.contains("U1"))
        .unwrap();
    assert!(finding.contains("Udsatte Børn Syd"), "{finding}");
}

#[test]
fn calibration_counts_every_appeal_decided_on_the_merits() {
    let report = demo_json(&[]);
    let c = &report["calibration"];
    let observed = &report["summary"]["observed_reversal_rate"];
    assert_eq!(c["appealed_decisions"], observed["denominator"]);
    let changed: u64 = ["predicted_error", "no_predicted_error", "not_judged"]
        .iter()
        .map(|k| c[k]["changed"].as_u64().unwrap())
        .sum();
    assert_eq!(changed, observed["numerator"].as_u64().unwrap());
}

#[test]
fn a_rate_on_fewer_than_20_decisions_is_warned_about() {
    // The demo has 9 appeals decided on the merits: too few.
    let report = demo_json(&[]);
    let warnings: Vec<&str> = report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("observed reversal rate") && w.contains("only 9 appeals")),
        "{warnings:?}"
    );
    // 30 decisions carry the estimated reversal rate: no warning for it.
    assert!(
        !warnings
            .iter()
            .any(|w| w.starts_with("Uncertain: the estimated"))
    );
}

#[test]
fn the_national_yardstick_carries_population_period_and_definition() {
    let report = demo_json(&[]);
    let y = &report["yardstick"];
    assert!(
        y["note"]
            .as_str()
            .unwrap()
            .contains("a reference, not a target")
    );
    let figures = y["figures"].as_array().unwrap();
    let find = |with: &str, year: i64| {
        figures
            .iter()
            .find(|f| f["compares_with"] == with && f["year"] == year)
            .unwrap_or_else(|| panic!("{with} {year}"))
    };
    // The national figures: the rounds 2020-2022 combined (95 municipalities, 2,140 cases,
    // published June 2022).
    for (rule, share) in [("U1", 0.92), ("S1", 0.57), ("H2", 0.5)] {
        let f = find(rule, 2022);
        assert_eq!(f["share"], share);
        assert_eq!(f["period"], "2020–2022");
        assert_eq!(f["published"], 2022);
        assert_eq!(
            (&f["municipalities"], &f["cases"]),
            (&95.into(), &2140.into())
        );
    }
    assert!(
        find("S1", 2022)["definition"]
            .as_str()
            .unwrap()
            .contains("only a conversation about the concrete measure")
    );
    // The barometer rounds cover about a third of the municipalities, not the country.
    assert_eq!(find("S1", 2021)["share"], 0.61);
    assert_eq!(find("S1", 2021)["municipalities"], 27);
    assert_eq!(find("S1", 2021)["cases"], 708);
    assert_eq!(find("S1", 2024)["share"], 0.65);
    assert!(find("S1", 2024)["cases"].is_null());
    assert_eq!(find("B1", 2024)["share"], 0.5);
    assert_eq!(find("B1", 2021)["share"], 0.6);
    assert_eq!(find("H2", 2024)["share"], 0.75);
    // The Danmarkskort counts appealed decisions: beside the observed rate, with the
    // ministry's caution; nothing compares with the estimated rate.
    for (year, share) in [(2019, 0.506), (2020, 0.52), (2021, 0.359)] {
        let f = find("observed_reversal_rate", year);
        assert_eq!(f["share"], share);
        assert_eq!(
            f["own"],
            report["summary"]["observed_reversal_rate"]["rate"]
        );
        assert!(f["note"].as_str().unwrap().contains("general quality"));
    }
    assert!(
        figures
            .iter()
            .all(|f| f["compares_with"] != "estimated_reversal_rate")
    );
    let s1 = report["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "S1")
        .unwrap();
    assert_eq!(find("S1", 2024)["own"], s1["score"]);

    let table = String::from_utf8(common::run_ok([
        "audit",
        DEMO,
        "--as-of",
        "2025-06-30",
        "--results",
        "none",
        "--lang",
        "en",
    ]))
    .unwrap();
    let line = |start: &str, has: &str| {
        table
            .lines()
            .find(|l| l.starts_with(&format!("│ {start} ")) && l.contains(has))
            .unwrap_or_else(|| panic!("{start} {has}\n{table}"))
    };
    assert!(line("S1", "%").contains("57.0 % (2020–2022), 61.0 % (2021), 65.0 % (2024)"));
    // The yardstick table: population, period, publication year, own figure.
    let s1 = line("S1", "about the intended measure");
    for cell in [
        "2020–2022",
        "2022",
        "95 municipalities, 2,140 cases",
        "57.0 %",
        "89.5 %",
    ] {
        assert!(s1.contains(cell), "{cell}: {s1}");
    }
    let observed = line("observed reversal rate", "2021");
    assert!(
        observed.contains("35.9 %") && observed.contains("66.7 %"),
        "{observed}"
    );
    assert!(
        table.contains("S1: The barometer counts only a conversation about the concrete measure")
    );
    assert!(table.contains("nothing about the general quality"));
    assert!(table.contains("a reference, not a target"));

    // Markdown: the same table and notes.
    let md = audit_text(&["--format", "markdown", "--results", "none", "--lang", "en"]);
    assert!(md.contains(
        "| S1 | Conversation with the child about the intended measure before the decision | 2020–2022 | 2022 | 95 municipalities, 2,140 cases | 57.0 % | 89.5 % |"
    ));
    assert!(md.contains("| observed reversal rate | Ankestyrelsen's reversal rate"));
    assert!(md.contains("- S1: The barometer counts only"));
    assert!(md.contains("a reference, not a target"));

    // HTML: a mark on the bars of U1, B3, B1, S1, H2 and of the observed rate, and the table
    // with the definition, period, publication year and population.
    let html = audit_text(&["--format", "html", "--results", "none", "--lang", "en"]);
    for mark in [
        "national 92.0 % (2022)",
        "national 57.0 % (2022)",
        "national 65.0 % (2024)",
        "national 61.0 % (2021)",
        "national 50.0 % (2024)",
        "national 75.0 % (2024)",
        "national 35.9 % (2021)",
        "national 52.0 % (2020)",
        "national 50.6 % (2019)",
    ] {
        assert!(
            html.contains(&format!("<title>{mark}</title></line>")),
            "{mark}"
        );
    }
    assert!(html.contains("<title>Observed reversal rate: 66.7 %</title>"));
    assert!(html.contains(
        r#"<td class="n" data-label="cases from">2020–2022</td><td class="n" data-label="published">2022</td><td data-label="population">95 municipalities, 2,140 cases</td>"#
    ));
    assert!(html.contains("only a conversation about the concrete measure"));
}

fn audit_text(extra: &[&str]) -> String {
    let mut args = vec!["audit", DEMO, "--as-of", "2025-06-30"];
    args.extend_from_slice(extra);
    String::from_utf8(common::run_ok(args)).unwrap()
}

/// Acceptance 5 in every human format: `--by team` shows each team's theme scores and
/// error rates, as the JSON gives them.
#[test]
fn by_team_shows_each_teams_scores_in_markdown_and_html() {
    let report = demo_json(&["--by", "team"]);
    let items = report["groups"]["items"].as_array().unwrap();
    let md = audit_text(&["--format", "markdown", "--by", "team", "--lang", "en"]);
    let html = audit_text(&["--format", "html", "--by", "team", "--lang", "en"]);
    let header = md.lines().find(|l| l.starts_with("| By team |")).unwrap();
    assert_eq!(
        header,
        "| By team | Familieafdelingen Nord | Handicap Øst | Udsatte Børn Syd |"
    );
    let pct = |v: &serde_json::Value| match v.as_f64() {
        Some(x) => format!("{:.1} %", x * 100.0),
        None => "–".into(),
    };
    let ert: Vec<String> = items
        .iter()
        .map(|g| {
            let r = &g["estimated_reversal_rate"];
            format!(
                "{} ({}/{})",
                pct(&r["rate"]),
                r["numerator"],
                r["denominator"]
            )
        })
        .collect();
    assert_eq!(
        md.lines()
            .find(|l| l.starts_with("| estimated reversal rate |"))
            .unwrap(),
        format!("| estimated reversal rate | {} |", ert.join(" | "))
    );
    let plans: Vec<String> = items
        .iter()
        .map(|g| pct(&g["themes"][2]["score"]))
        .collect();
    assert_eq!(
        // The themes table comes first; the groups' row is the last with this label.
        md.lines()
            .rfind(|l| l.starts_with("| Plans and follow-up |"))
            .unwrap(),
        format!("| Plans and follow-up | {} |", plans.join(" | "))
    );
    assert!(html.contains(r#"<h2 id="groups">By team</h2>"#));
    for cell in ert.iter().chain(&plans) {
        assert!(
            html.contains(&format!(r#"<td class="n">{cell}</td>"#)),
            "{cell}"
        );
    }
    // Each finding names its team: in the HTML, under its case's heading; in the markdown
    // summary, on its row.
    assert!(
        html.contains(r#"<th colspan="6">K-2025-0095 <span class="team">Udsatte Børn Syd</span>"#)
    );
    assert!(md.contains("| K-2025-0095 | Udsatte Børn Syd |"));
}

#[test]
fn a_municipality_adds_its_own_figures_and_a_bad_one_is_refused() {
    let (_dir, own) = common::temp_file(
        "own.toml",
        "[[figure]]\ncompares_with = \"U1\"\nshare = 0.9\nyear = 2025\nsource = \"Køge Kommune, egen måling\"\nda = \"Vurdering inden for 24 timer\"\nen = \"Assessed within 24 hours\"\n",
    );
    let report = demo_json(&["--yardstick", own.to_str().unwrap()]);
    let figures = report["yardstick"]["figures"].as_array().unwrap();
    assert!(
        figures
            .iter()
            .any(|f| f["compares_with"] == "U1" && f["year"] == 2025)
    );
    assert!(figures.iter().any(|f| f["compares_with"] == "S1"));
    // The added file is in the audit trail with its sha256.
    use sha2::Digest;
    let sha = sha2::Sha256::digest(std::fs::read(&own).unwrap());
    let hex: String = sha.iter().map(|b| format!("{b:02x}")).collect();
    let files = report["yardstick"]["files"].as_array().unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0]["file"], own.to_str().unwrap());
    assert_eq!(files[0]["sha256"], hex);
    assert_eq!(demo_json(&[])["yardstick"]["files"], serde_json::json!([]));

    let (_dir, bad) = common::temp_file(
        "bad.toml",
        "[[figure]]\ncompares_with = \"Z9\"\nshare = 0.9\nyear = 2025\nsource = \"x\"\nda = \"x\"\nen = \"x\"\n",
    );
    common::caseaudit()
        .args(["audit", DEMO, "--lang", "en", "--yardstick"])
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("not a rule id"));
}

#[test]
fn the_report_carries_its_audit_trail() {
    let report = demo_json(&["--calendar", "extended"]);
    let tool = &report["tool"];
    assert_eq!(
        tool["command_line"],
        "caseaudit audit fixtures/demo/cases.json --as-of 2025-06-30 --calendar extended"
    );
    assert_eq!(tool["calendar"], "extended");
    assert_eq!(tool["version"], env!("CARGO_PKG_VERSION"));
    let input = &report["inputs"][0];
    assert_eq!(input["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(input["cases"], 49);
    let files = report["ruleset"]["files"].as_array().unwrap();
    for rule in report["rules"].as_array().unwrap() {
        let file = files.iter().find(|f| f["rule"] == rule["id"]).unwrap();
        assert_eq!(file["sha256"].as_str().unwrap().len(), 64);
    }
    assert!(
        files
            .iter()
            .any(|f| f["file"] == "yardstick.toml" && f["rule"].is_null())
    );
}

/// Decisions no rule could fully judge are named in every human format, not only the table.
#[test]
fn unjudged_decisions_are_named_in_markdown_html_and_xlsx() {
    let csv = "case_id,type,date,provision,outcome\nK1,decision,2024-05-01,BL § 999,granted\nK1,decision,2024-06-01,BL § 32,\n";
    let (dir, path) = common::temp_file("unknown.csv", csv);
    let path = path.to_str().unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec!["audit", path, "--as-of", "2024-12-31", "--lang", "en"];
        args.extend_from_slice(extra);
        String::from_utf8(common::run_ok(args)).unwrap()
    };
    let sentence =
        "2 decisions cannot be judged by every rule: 1 of unknown kind (provisions: BL § 999";
    assert!(run(&["--format", "markdown"]).contains(sentence));
    assert!(run(&["--format", "html"]).contains(sentence));
    let xlsx = dir.path().join("r.xlsx");
    run(&["-o", xlsx.to_str().unwrap()]);
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let basis = book.worksheet_range("Assessment basis").unwrap();
    assert!(
        basis
            .cells()
            .any(|(_, _, d)| d.to_string().contains(sentence))
    );
}
