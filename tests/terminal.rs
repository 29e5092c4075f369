//! Issue 15, "Privacy and injection": control characters (ESC, BEL, the C1 CSI), DEL and
//! bidirectional overrides from an export, a report or a rule file never reach the terminal
//! as they are, on stdout or stderr, in any command or format: each passes one filter
//! (src/terminal.rs). Line breaks and tabs of the output's layout stay.
mod common;

use common::{caseaudit, rules_copy};
use std::path::Path;

/// Escapes that clear the screen, set the window title, colour text (through the C1 CSI),
/// and reverse a line.
const HOSTILE: &str = "\u{1b}[2J\u{1b}]0;pwned\u{7}\u{9b}31m\u{202e}gpj.exe\u{7f}";

fn unprintable(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// Asserts a terminal may show `bytes` as they are: UTF-8 without an unprintable character
/// but the layout's `\n`, `\r\n` and `\t`.
fn assert_printable(label: &str, bytes: &[u8]) {
    let text = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{label}: not UTF-8: {e}"));
    for (i, c) in text.char_indices() {
        let shown = match c {
            '\n' | '\t' => true,
            '\r' => text[i + 1..].starts_with('\n'),
            c => !unprintable(c),
        };
        assert!(
            shown,
            "{label}: U+{:04X} reaches the terminal at byte {i}:\n{text}",
            c as u32
        );
    }
}

/// Runs caseaudit in `dir`, asserts both its streams are printable, and returns its stdout.
fn printable_run(dir: &Path, args: &[&str]) -> String {
    let out = caseaudit().current_dir(dir).args(args).output().unwrap();
    assert_printable(&format!("stdout of {args:?}"), &out.stdout);
    assert_printable(&format!("stderr of {args:?}"), &out.stderr);
    assert!(
        out.status.code().is_some_and(|c| c < 2),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// An export not grouped by case (K-1 comes again after K-2), whose ids and team carry the
/// escapes.
fn hostile_export(dir: &Path) {
    let id = format!("K{HOSTILE}1");
    let team = format!("Team {HOSTILE}");
    let rows = [
        format!("{id},{team},notification_received,2024-03-01T09:00,professional"),
        format!("K-2,{team},notification_received,2024-03-02T09:00,professional"),
        format!("{id},{team},notification_assessed,2024-03-08T10:00,"),
        format!("K-3,{team},notification_{HOSTILE},2024-03-02,"),
    ];
    std::fs::write(
        dir.join("export.csv"),
        format!("case_id,team,type,date,reporter\n{}\n", rows.join("\n")),
    )
    .unwrap();
}

#[test]
fn the_not_grouped_note_and_every_format_on_stdout_are_printable() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    hostile_export(dir);
    let audit = [
        "audit",
        "export.csv",
        "--as-of",
        "2024-09-01",
        "--results",
        "all",
    ];
    let out = caseaudit().current_dir(dir).args(audit).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("ikke grupperet efter sag"), "{stderr}");
    for format in ["table", "csv", "markdown", "json", "html", "junit"] {
        for by in [&[][..], &["--by", "team"]] {
            let args = [&audit[..], &["--format", format], by].concat();
            printable_run(dir, &args);
        }
    }
    // JSON on stdout stays JSON.
    let json = printable_run(dir, &[&audit[..], &["--format", "json"]].concat());
    serde_json::from_str::<serde_json::Value>(&json).unwrap();
    for args in [
        &["validate", "export.csv"][..],
        &[
            "worklist",
            "export.csv",
            "--as-of",
            "2024-03-01",
            "--format",
            "csv",
        ],
        &[
            "worklist",
            "export.csv",
            "--as-of",
            "2024-03-01",
            "--format",
            "markdown",
        ],
        &[
            "explain",
            "export.csv",
            "--case",
            "K-2",
            "--as-of",
            "2024-09-01",
        ],
        &[
            "sample",
            "export.csv",
            "--size",
            "1",
            "--seed",
            "1",
            "-o",
            "s.csv",
        ],
        &[
            "review",
            "export.csv",
            "--as-of",
            "2024-09-01",
            "-o",
            "r.csv",
        ],
    ] {
        printable_run(dir, args);
    }
}

#[test]
fn diff_and_trend_print_reports_from_elsewhere_printably() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    hostile_export(dir);
    for (as_of, name) in [("2024-03-05", "old.json"), ("2024-09-01", "new.json")] {
        let out = caseaudit()
            .current_dir(dir)
            .args(["audit", "export.csv", "--as-of", as_of, "-o", name])
            .output()
            .unwrap();
        assert!(out.status.code().is_some_and(|c| c < 2));
    }
    for format in ["table", "markdown", "json"] {
        let diff = printable_run(dir, &["diff", "old.json", "new.json", "--format", format]);
        // The case is there, its escape replaced (JSON writes it as `\u001b`).
        assert!(
            diff.contains("K\u{FFFD}[2J") || diff.contains("K\\u001b[2J"),
            "{diff}"
        );
    }
    // A report written elsewhere, its date and theme ids escapes.
    let esc = serde_json::to_string(HOSTILE).unwrap();
    let esc = esc.trim_matches('"');
    let report = format!(
        r#"{{"schema_version": 1, "as_of": "2024-01-01{esc}", "ruleset": {{"sha256": "x"}},
           "summary": {{"cases": 3, "case_error_rate": {{"numerator": 1, "denominator": 3}},
                        "estimated_reversal_rate": {{"numerator": 1, "denominator": 3}}}},
           "themes": [{{"id": "theme{esc}", "pass": 2, "fail": 1, "exempt": 0}}]}}"#
    );
    std::fs::write(dir.join("elsewhere.json"), report).unwrap();
    for format in ["table", "markdown", "html"] {
        printable_run(
            dir,
            &["trend", "elsewhere.json", "new.json", "--format", format],
        );
    }
}

#[test]
fn custom_rule_titles_are_listed_and_shown_printably() {
    let rules = rules_copy();
    let path = rules.path().join("U1.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    // TOML's own escapes: the rule file is plain text, its title is not.
    let text = text.replace(
        "title = \"Notification assessed within 24 hours\"",
        "title = \"Notification \\u001B[2J\\u001B]0;pwned\\u0007 assessed \\u202Ewithin\\u009B31m\"",
    );
    std::fs::write(&path, text).unwrap();
    let dir = rules.path().to_str().unwrap();
    let listed = printable_run(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["rules", "list", "--rules", dir, "--lang", "en"],
    );
    assert!(listed.contains("assessed"), "{listed}");
    let shown = printable_run(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["rules", "show", "U1", "--rules", dir, "--lang", "en"],
    );
    assert!(shown.contains("\u{FFFD}[2J"), "{shown}");
    printable_run(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &[
            "audit",
            "fixtures/demo/cases.json",
            "--as-of",
            "2025-06-30",
            "--rules",
            dir,
            "--lang",
            "en",
            "--format",
            "markdown",
        ],
    );
}
