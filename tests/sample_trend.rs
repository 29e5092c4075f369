//! `caseaudit sample` and `caseaudit trend` (issue 8, acceptance 1, 2 and 5), run as a user
//! would on the fixtures.
mod common;

use common::caseaudit;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const DEMO: &str = "fixtures/demo/cases.json";
const LONG_DA: &str = "fixtures/formats/cases_long_da.csv";

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// Draws a sample into `dir` (run from `dir`, so the manifest names the output the same
/// way every run) and returns the sample's bytes and its manifest.
fn sample(dir: &Path, input: &str, out: &str, args: &[&str]) -> (Vec<u8>, Value) {
    caseaudit()
        .current_dir(dir)
        .arg("sample")
        .arg(fixture(input))
        .args(args)
        .args(["-o", out])
        .assert()
        .success();
    let bytes = std::fs::read(dir.join(out)).unwrap();
    let manifest = read_json(&dir.join(format!("{out}.manifest.json")));
    (bytes, manifest)
}

fn selected(manifest: &Value) -> Vec<String> {
    manifest["selected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn plan_prints_81_for_30_percent_within_10_points() {
    let out = caseaudit()
        .args([
            "sample",
            "--plan",
            "--expected-rate",
            "0.3",
            "--margin",
            "0.1",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(out.starts_with("81 sager: z = 1,96"), "{out}");
    assert_eq!(out.lines().count(), 1, "{out}");
}

#[test]
fn plan_with_a_population_shows_the_correction() {
    let out = caseaudit()
        .args([
            "sample",
            "--plan",
            "--expected-rate",
            "0.5",
            "--margin",
            "0.05",
        ])
        .args(["--population", "1000", "--lang", "en"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(out.starts_with("279 cases"), "{out}");
    assert!(out.contains("384.16 → 385"), "{out}");
    assert!(out.contains("278.18 → 279"), "{out}");
    caseaudit()
        .args([
            "sample",
            "--plan",
            "--expected-rate",
            "1.5",
            "--margin",
            "0.1",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--expected-rate"));
}

#[test]
fn same_seed_same_files_other_seed_other_sample() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let args = ["--size", "8", "--seed", "2025"];
    let (bytes_a, manifest_a) = sample(a.path(), DEMO, "s.json", &args);
    let (bytes_b, manifest_b) = sample(b.path(), DEMO, "s.json", &args);
    assert_eq!(bytes_a, bytes_b);
    assert_eq!(manifest_a, manifest_b);
    assert_eq!(
        std::fs::read(a.path().join("s.json.manifest.json")).unwrap(),
        std::fs::read(b.path().join("s.json.manifest.json")).unwrap()
    );
    let (_, other) = sample(b.path(), DEMO, "t.json", &["--size", "8", "--seed", "2026"]);
    assert_ne!(selected(&manifest_a), selected(&other));

    // The sample holds exactly the selected cases, as they were in the input.
    let input = read_json(&fixture(DEMO));
    let doc: Value = serde_json::from_slice(&bytes_a).unwrap();
    let cases = doc["cases"].as_array().unwrap();
    let ids: Vec<String> = cases
        .iter()
        .map(|c| c["case_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        ids.iter().cloned().collect::<BTreeSet<_>>(),
        selected(&manifest_a).into_iter().collect()
    );
    for case in cases {
        assert!(input["cases"].as_array().unwrap().contains(case));
    }
    assert_eq!(manifest_a["frame_size"], 49);
    assert_eq!(manifest_a["seed"], 2025);
    assert_eq!(manifest_a["input"]["sha256"].as_str().unwrap().len(), 64);
}

/// The teams of the demo, counted in `cases`.
fn by_team(cases: &[Value]) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    for c in cases {
        *out.entry(c["team"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    out
}

#[test]
fn strata_sizes_match_the_allocation() {
    let dir = tempfile::tempdir().unwrap();
    let input = read_json(&fixture(DEMO));
    let frame = by_team(input["cases"].as_array().unwrap());
    let total: u64 = frame.values().sum();
    for (allocation, size) in [("proportional", 10u64), ("equal", 10), ("equal", 40)] {
        let out = format!("{allocation}{size}.json");
        let size_text = size.to_string();
        let args = [
            "--size",
            &size_text,
            "--seed",
            "7",
            "--strata",
            "team",
            "--allocation",
            allocation,
        ];
        let (bytes, manifest) = sample(dir.path(), DEMO, &out, &args);
        let doc: Value = serde_json::from_slice(&bytes).unwrap();
        let drawn = by_team(doc["cases"].as_array().unwrap());
        let strata = manifest["strata"].as_array().unwrap();
        assert_eq!(strata.len(), frame.len());
        for s in strata {
            let name = s["name"].as_str().unwrap();
            let sample = s["sample"].as_u64().unwrap();
            assert_eq!(s["frame"].as_u64().unwrap(), frame[name]);
            assert_eq!(drawn.get(name).copied().unwrap_or(0), sample, "{name}");
            match allocation {
                // Within one of the exact quota.
                "proportional" => {
                    let quota = size as f64 * frame[name] as f64 / total as f64;
                    assert!(
                        (sample as f64 - quota).abs() < 1.0,
                        "{name}: {sample} vs {quota}"
                    );
                }
                _ => assert!(sample <= frame[name]),
            }
        }
        assert_eq!(drawn.values().sum::<u64>(), size);
        if allocation == "equal" {
            // Equal shares, except where a stratum has no more cases to give.
            let open: Vec<u64> = strata
                .iter()
                .filter(|s| s["sample"] != s["frame"])
                .map(|s| s["sample"].as_u64().unwrap())
                .collect();
            let capped_max = strata
                .iter()
                .filter(|s| s["sample"] == s["frame"])
                .map(|s| s["sample"].as_u64().unwrap())
                .max()
                .unwrap_or(0);
            if let (Some(lo), Some(hi)) = (open.iter().min(), open.iter().max()) {
                assert!(hi - lo <= 1, "{strata:?}");
                assert!(capped_max <= lo + 1, "{strata:?}");
            }
        }
    }
}

#[test]
fn a_long_danish_csv_is_sampled_row_for_row() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["--size", "5", "--seed", "11", "--strata", "area"];
    let (bytes, manifest) = sample(dir.path(), LONG_DA, "s.csv", &args);
    let (again, _) = sample(dir.path(), LONG_DA, "t.csv", &args);
    assert_eq!(bytes, again);
    let input = std::fs::read(fixture(LONG_DA)).unwrap();
    // Windows-1252, semicolons, CRLF: every line as it was, the header first.
    let lines = |b: &[u8]| -> Vec<Vec<u8>> {
        b.split(|c| *c == b'\n')
            .filter(|l| !l.is_empty())
            .map(<[u8]>::to_vec)
            .collect()
    };
    let (input_lines, sample_lines) = (lines(&input), lines(&bytes));
    assert_eq!(sample_lines[0], input_lines[0]);
    let ids: BTreeSet<String> = selected(&manifest).into_iter().collect();
    assert_eq!(ids.len(), 5);
    let of_selected: Vec<&Vec<u8>> = input_lines[1..]
        .iter()
        .filter(|l| {
            let id = l.split(|c| *c == b';').next().unwrap();
            ids.contains(std::str::from_utf8(id).unwrap())
        })
        .collect();
    assert_eq!(sample_lines[1..].iter().collect::<Vec<_>>(), of_selected);
    // The sample audits as the export does.
    caseaudit()
        .current_dir(dir.path())
        .args(["validate", "s.csv", "--strict"])
        .assert()
        .success();
}

#[test]
fn period_limits_the_frame() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["--size", "3", "--seed", "1", "--period", "2025-01-01.."];
    let (bytes, manifest) = sample(dir.path(), DEMO, "p.json", &args);
    assert!(manifest["frame_size"].as_u64().unwrap() < 49);
    let doc: Value = serde_json::from_slice(&bytes).unwrap();
    for case in doc["cases"].as_array().unwrap() {
        let events = case["events"].as_array().unwrap();
        assert!(
            events
                .iter()
                .any(|e| e["date"].as_str().unwrap() >= "2025-01-01"),
            "{}",
            case["case_id"]
        );
    }
}

#[test]
fn bad_requests_are_refused_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str], message: &str| {
        caseaudit()
            .arg("sample")
            .args(args)
            .arg("-o")
            .arg(dir.path().join("x.json"))
            .assert()
            .code(2)
            .stderr(predicates::str::contains(message));
    };
    run(
        &[DEMO, "--size", "50", "--seed", "1"],
        "flere end de 49 sager",
    );
    run(
        &[
            DEMO, "--size", "5", "--seed", "1", "--strata", "colour", "--lang", "en",
        ],
        "area, team or municipality",
    );
    run(
        &[DEMO, "--size", "5", "--seed", "1", "--period", "2025"],
        "FRA..TIL",
    );
    caseaudit()
        .args(["sample", DEMO, "--size", "5", "--seed", "1"])
        .arg("-o")
        .arg(dir.path().join("x.csv"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("kald filen .json"));
    caseaudit()
        .args([
            "sample",
            "fixtures/xlsx/date1904.xlsx",
            "--size",
            "1",
            "--seed",
            "1",
        ])
        .arg("-o")
        .arg(dir.path().join("x.xlsx"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("gem arket som CSV"));
}

#[test]
fn trend_shows_three_reports_as_three_columns() {
    let dir = tempfile::tempdir().unwrap();
    let dates = ["2025-06-30", "2024-06-30", "2024-12-31"];
    for date in dates {
        caseaudit()
            .args(["audit", DEMO, "--as-of", date, "--results", "none"])
            .arg("-o")
            .arg(dir.path().join(format!("{date}.json")))
            .assert()
            .code(predicates::ord::lt(2));
    }
    let reports: Vec<PathBuf> = dates
        .iter()
        .map(|d| dir.path().join(format!("{d}.json")))
        .collect();
    for format in ["markdown", "table"] {
        let out = caseaudit()
            .arg("trend")
            .args(&reports)
            .args(["--format", format])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let out = String::from_utf8(out).unwrap();
        let header = out
            .lines()
            .find(|l| l.contains("Opgjort pr."))
            .unwrap_or_else(|| panic!("{out}"));
        // The dates in order, each once.
        let at = |d: &str| header.find(d).unwrap_or_else(|| panic!("{header}"));
        assert!(at("2024-06-30") < at("2024-12-31") && at("2024-12-31") < at("2025-06-30"));
        if format == "markdown" {
            assert_eq!(header.matches(" | ").count(), 3, "{header}");
            assert!(out.contains("| Sager | 49 | 49 | 49 |"), "{out}");
            let error_rate = out
                .lines()
                .find(|l| l.starts_with("| Sager med fejl"))
                .unwrap();
            assert_eq!(error_rate.matches(" % (").count(), 3, "{error_rate}");
        }
    }
    // The HTML page: one chart per measure (seven themes, two error rates), each with a
    // point and an interval per report, the same figures as a table, nothing fetched.
    let html = caseaudit()
        .arg("trend")
        .args(&reports)
        .args(["--format", "html", "--lang", "en"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let html = String::from_utf8(html).unwrap();
    assert_eq!(html.matches("<figure>").count(), 9, "{html}");
    assert_eq!(html.matches(r#"<circle class="dot""#).count(), 27);
    assert_eq!(html.matches(r#"class="whisker""#).count(), 27);
    assert!(
        html.contains("Estimated reversal rate</strong> <span class=\"note\">(lower is better)")
    );
    assert!(
        html.contains(
            "<td>Cases</td><td class=\"n\">49</td><td class=\"n\">49</td><td class=\"n\">49</td>"
        ),
        "{html}"
    );
    assert!(!html.contains("<script") && !html.contains("src=\"http"));
    caseaudit()
        .args(["trend", DEMO])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "ikke en JSON-rapport fra caseaudit",
        ));
}

#[test]
fn the_same_cases_in_every_format_give_the_same_sample() {
    let dir = tempfile::tempdir().unwrap();
    // NDJSON: the canonical JSON's cases, one a line.
    let doc = read_json(&fixture("fixtures/formats/cases.json"));
    let cases = doc["cases"].as_array().unwrap();
    let ndjson: String = cases.iter().map(|c| format!("{c}\n")).collect();
    let nd_path = dir.path().join("cases.ndjson");
    std::fs::write(&nd_path, &ndjson).unwrap();
    let args = ["--size", "9", "--seed", "3", "--strata", "area"];
    let (_, json) = sample(dir.path(), "fixtures/formats/cases.json", "a.json", &args);
    let (_, long) = sample(dir.path(), LONG_DA, "b.csv", &args);
    let (_, wide) = sample(
        dir.path(),
        "fixtures/formats/cases_wide.csv",
        "c.csv",
        &args,
    );
    caseaudit()
        .current_dir(dir.path())
        .args(["sample", "cases.ndjson", "-o", "d.ndjson"])
        .args(args)
        .assert()
        .success();
    let nd = read_json(&dir.path().join("d.ndjson.manifest.json"));
    assert_eq!(selected(&json), selected(&long));
    assert_eq!(selected(&json), selected(&wide));
    assert_eq!(selected(&json), selected(&nd));
    assert_eq!(json["strata"], long["strata"]);
    // NDJSON lines byte for byte, in input order.
    let out = std::fs::read_to_string(dir.path().join("d.ndjson")).unwrap();
    let ids: BTreeSet<String> = selected(&nd).into_iter().collect();
    let expected: String = ndjson
        .lines()
        .filter(|l| {
            let case: Value = serde_json::from_str(l).unwrap();
            ids.contains(case["case_id"].as_str().unwrap())
        })
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(out, expected);
}

#[test]
fn trend_markdown_and_html_snapshots() {
    let dir = tempfile::tempdir().unwrap();
    let mut reports = Vec::new();
    for date in ["2024-06-30", "2025-06-30"] {
        let path = dir.path().join(format!("{date}.json"));
        caseaudit()
            .args(["audit", DEMO, "--as-of", date, "--results", "none"])
            .arg("-o")
            .arg(&path)
            .assert()
            .code(predicates::ord::lt(2));
        reports.push(path);
    }
    let trend = |format: &str| {
        let out = caseaudit()
            .arg("trend")
            .args(&reports)
            .args(["--format", format, "--lang", "en"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).unwrap()
    };
    insta::assert_snapshot!("trend_markdown_snapshot", trend("markdown"));
    insta::assert_snapshot!("trend_html_snapshot", trend("html"));
}

#[test]
fn a_mapped_export_is_sampled_by_its_own_id_column() {
    let dir = tempfile::tempdir().unwrap();
    let mapping = fixture("fixtures/mapping/sagspilot4.toml");
    caseaudit()
        .current_dir(dir.path())
        .arg("sample")
        .arg(fixture("fixtures/mapping/sagspilot4.csv"))
        .arg("--mapping")
        .arg(&mapping)
        .args(["--size", "2", "--seed", "1", "-o", "m.csv"])
        .assert()
        .success()
        .stderr(predicates::str::contains("1 post i"));
    let manifest = read_json(&dir.path().join("m.csv.manifest.json"));
    let ids: BTreeSet<String> = selected(&manifest).into_iter().collect();
    let out = std::fs::read(dir.path().join("m.csv")).unwrap();
    let rows: Vec<&[u8]> = out
        .split(|b| *b == b'\n')
        .skip(1)
        .filter(|l| !l.is_empty())
        .collect();
    assert!(!rows.is_empty());
    for row in rows {
        let id = std::str::from_utf8(row.split(|b| *b == b';').next().unwrap()).unwrap();
        assert!(ids.contains(id), "{id}");
    }
}

/// Issue 17: a report on a sample says so — size, population, seed and strata — in every
/// format, whether the manifest lies beside the file or is named with --sample-manifest;
/// the JSON report carries it as `sample`.
#[test]
fn every_report_on_a_sample_says_it_is_one() {
    let dir = tempfile::tempdir().unwrap();
    sample(
        dir.path(),
        DEMO,
        "s.json",
        &["--size", "20", "--seed", "7", "--strata", "team"],
    );
    let audit = |args: &[&str]| -> Vec<u8> {
        let out = caseaudit()
            .current_dir(dir.path())
            .args(["audit", "s.json", "--as-of", "2025-06-30"])
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let da = "Stikprøve: 20 af 49 sager, trukket med frø 7 (caseaudit sample), fordelt \
              proportionalt efter team: Familieafdelingen Nord 6 af 16";
    for format in ["table", "markdown", "html"] {
        let text = String::from_utf8(audit(&["--format", format])).unwrap();
        assert!(text.contains(da), "{format}: {text}");
    }
    let en = String::from_utf8(audit(&["--lang", "en"])).unwrap();
    assert!(
        en.contains("Sample: 20 of 49 cases, drawn with seed 7"),
        "{en}"
    );
    let junit = String::from_utf8(audit(&["--format", "junit"])).unwrap();
    assert!(junit.contains(r#"<property name="sample.size" value="20"/>"#));
    assert!(junit.contains(r#"<property name="sample.population" value="49"/>"#));
    let json: Value = serde_json::from_slice(&audit(&["--format", "json"])).unwrap();
    assert_eq!(json["sample"]["size"], 20);
    assert_eq!(json["sample"]["population"], 49);
    assert_eq!(json["sample"]["seed"], 7);
    assert_eq!(json["sample"]["strata_field"], "team");
    assert_eq!(json["sample"]["strata"].as_array().unwrap().len(), 3);
    audit(&["-o", "s.xlsx"]);
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(dir.path().join("s.xlsx")).unwrap();
    use calamine::Reader;
    let summary = book.worksheet_range("Oversigt").unwrap();
    assert!(
        summary.rows().any(|r| r
            .iter()
            .any(|c| c.to_string().starts_with("Stikprøve: 20 af 49"))),
        "the summary sheet says it is a sample"
    );

    // Moved away from its manifest, the file is a sample only when told so.
    std::fs::rename(dir.path().join("s.json"), dir.path().join("moved.json")).unwrap();
    let plain = caseaudit()
        .current_dir(dir.path())
        .args([
            "audit",
            "moved.json",
            "--as-of",
            "2025-06-30",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let plain: Value = serde_json::from_slice(&plain.stdout).unwrap();
    assert!(plain.get("sample").is_none());
    let told = caseaudit()
        .current_dir(dir.path())
        .args([
            "audit",
            "moved.json",
            "--as-of",
            "2025-06-30",
            "--format",
            "json",
        ])
        .args(["--sample-manifest", "s.json.manifest.json"])
        .output()
        .unwrap();
    let told: Value = serde_json::from_slice(&told.stdout).unwrap();
    assert_eq!(told["sample"]["size"], 20);
}
