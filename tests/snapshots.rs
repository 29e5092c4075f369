//! Reviewed snapshots of every output format (insta). After an intended change, run
//! `cargo insta review` (or `INSTA_UPDATE=always cargo test`) and read the diff.
mod common;

fn run(args: &[&str]) -> String {
    String::from_utf8(common::run_ok(args)).unwrap()
}

const DEMO: &str = "fixtures/demo/cases.json";

// The audit snapshots are of the machine's audit (`--questions none`): they are the report as
// it was before reviewer questions were added, and must stay so byte for byte (issue 18,
// acceptance 4). The audit with its questions is snapshotted in tests/questions.rs.

#[test]
fn audit_table_da() {
    insta::assert_snapshot!(run(&[
        "audit",
        DEMO,
        "--as-of",
        "2025-06-30",
        "--questions",
        "none"
    ]));
}

#[test]
fn audit_table_en() {
    insta::assert_snapshot!(run(&[
        "audit",
        DEMO,
        "--as-of",
        "2025-06-30",
        "--lang",
        "en",
        "--questions",
        "none"
    ]));
}

#[test]
fn audit_json_findings() {
    let json = run(&[
        "audit",
        DEMO,
        "--as-of",
        "2025-06-30",
        "--format",
        "json",
        "--questions",
        "none",
    ]);
    // The report records the command as typed: every byte but the flag is the same.
    insta::assert_snapshot!(json.replacen(" --questions none", "", 1));
}

#[test]
fn rules_list_da() {
    insta::assert_snapshot!(run(&["rules", "list"]));
}

#[test]
fn rules_show_u1_da() {
    insta::assert_snapshot!(run(&["rules", "show", "U1"]));
}

#[test]
fn rules_show_h1_en() {
    insta::assert_snapshot!(run(&["rules", "show", "H1", "--lang", "en"]));
}

#[test]
fn validate_broken_file_da() {
    // validate exits 0 without --strict; the rejected rows are the output.
    insta::assert_snapshot!(run(&["validate", "fixtures/validate/broken_long.csv"]));
}

#[test]
fn validate_danish_export_en() {
    insta::assert_snapshot!(run(&[
        "validate",
        "fixtures/formats/cases_long_da.csv",
        "--lang",
        "en"
    ]));
}

#[test]
fn rules_test_output() {
    insta::assert_snapshot!(run(&["rules", "test", "--lang", "en"]));
}

#[test]
fn audit_table_by_team_en() {
    insta::assert_snapshot!(run(&[
        "audit",
        DEMO,
        "--as-of",
        "2025-06-30",
        "--lang",
        "en",
        "--by",
        "team",
        "--results",
        "none",
        "--questions",
        "none"
    ]));
}
