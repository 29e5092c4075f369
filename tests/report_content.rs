//! What the report says beyond scores: groups, calibration, small-sample warnings, the
//! national yardstick and the audit trail (DOMAIN §7), read from the real binary's JSON.
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
