//! Issue 17, acceptance 1: Danish all the way. Every command's `--help`, a usage error of
//! each, every human report format and the other human outputs, run in Danish (the
//! default, and `--lang da`), must hold no text of the English catalogue: every English
//! message of `caseaudit::lang::Msg`, every English help text, the English names of event
//! types and fields, and clap's own English words. A fragment counts when it is long enough
//! to be a phrase (12 characters and a space) and differs from its Danish counterpart.
mod common;

use caseaudit::lang::{Lang, Msg, localized_command};
use common::caseaudit;
use std::collections::BTreeSet;
use std::path::Path;

const DEMO: &str = "fixtures/demo/cases.json";
const AS_OF: &str = "2025-06-30";

/// The pieces of a template between its `{placeholders}` and plural bars.
fn fragments(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut piece = String::new();
    let mut depth = 0;
    for c in text.chars() {
        match c {
            '{' => {
                depth += 1;
                out.push(std::mem::take(&mut piece));
            }
            '}' if depth > 0 => depth -= 1,
            '|' if depth == 0 => out.push(std::mem::take(&mut piece)),
            _ if depth == 0 => piece.push(c),
            _ => {}
        }
    }
    out.push(piece);
    out.into_iter().map(|p| p.trim().to_string()).collect()
}

fn walk(cmd: &clap::Command, out: &mut Vec<(String, String)>, da: &clap::Command) {
    let pair = |a: Option<&clap::builder::StyledStr>, b: Option<&clap::builder::StyledStr>| {
        (
            a.map(ToString::to_string).unwrap_or_default(),
            b.map(ToString::to_string).unwrap_or_default(),
        )
    };
    out.push(pair(cmd.get_about(), da.get_about()));
    out.push(pair(cmd.get_after_help(), da.get_after_help()));
    for (a, b) in cmd.get_arguments().zip(da.get_arguments()) {
        out.push(pair(a.get_help(), b.get_help()));
    }
    for (a, b) in cmd.get_subcommands().zip(da.get_subcommands()) {
        walk(a, out, b);
    }
}

/// Every English text a Danish reader must never see, with its Danish counterpart.
fn english() -> BTreeSet<String> {
    let mut pairs: Vec<(String, String)> = Msg::ALL
        .iter()
        .map(|m| (m.en().to_string(), m.da().to_string()))
        .collect();
    walk(
        &localized_command(Lang::En),
        &mut pairs,
        &localized_command(Lang::Da),
    );
    for t in caseaudit::model::EventType::ALL {
        let (da, en) = t.nouns();
        pairs.push((en.into(), da.into()));
    }
    for a in caseaudit::model::Attr::ALL {
        let (da, en) = a.labels();
        pairs.push((en.into(), da.into()));
    }
    // clap's own English, which the Danish command line must never print.
    for clap in [
        "For more information, try",
        "the following required arguments were not provided",
        "unexpected argument",
        "possible values",
        "Print this message or the help",
        "Print help",
        "Print version",
        "Usage: caseaudit",
        "invalid value",
        "a similar argument exists",
        "[OPTIONS]",
        "[default:",
    ] {
        pairs.push((clap.into(), String::new()));
    }
    let mut out = BTreeSet::new();
    for (en, da) in pairs {
        let danish: BTreeSet<String> = fragments(&da).into_iter().collect();
        for f in fragments(&en) {
            let phrase = (f.chars().count() >= 12 && f.contains(' ')) || f.starts_with('[');
            if phrase && !danish.contains(&f) && !da.contains(&f) {
                out.insert(f);
            }
        }
    }
    out
}

/// What a run printed on stdout and stderr together.
fn run(args: &[&str]) -> String {
    let out = caseaudit().args(args).output().unwrap();
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The text of every cell of a workbook.
fn workbook_text(path: &Path) -> String {
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
    let mut text = book.sheet_names().join("\n");
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        for row in range.rows() {
            for c in row {
                text.push('\n');
                text.push_str(&c.to_string());
            }
        }
    }
    text
}

fn leaks(outputs: &[(String, String)]) -> Vec<String> {
    let english = english();
    assert!(
        english.len() > 250,
        "the English catalogue: {}",
        english.len()
    );
    let mut found = Vec::new();
    for (what, text) in outputs {
        for phrase in &english {
            if text.contains(phrase.as_str()) {
                found.push(format!("{what}: {phrase:?}"));
            }
        }
    }
    found
}

#[test]
fn danish_output_holds_no_english_message() {
    let dir = tempfile::tempdir().unwrap();
    let d = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let mut outputs: Vec<(String, String)> = Vec::new();
    let mut add = |what: &str, text: String| outputs.push((what.to_string(), text));

    // Every command's --help, Danish by default and with --lang da, and a usage error each.
    let commands: [&[&str]; 13] = [
        &[],
        &["audit"],
        &["rules"],
        &["rules", "list"],
        &["rules", "show"],
        &["rules", "test"],
        &["validate"],
        &["generate"],
        &["diff"],
        &["sample"],
        &["trend"],
        &["explain"],
        &["worklist"],
    ];
    for cmd in commands.iter().chain([&["review"][..]].iter()) {
        let mut help = cmd.to_vec();
        help.push("--help");
        add(&format!("{cmd:?} --help"), run(&help));
        help.extend(["--lang", "da"]);
        add(&format!("{cmd:?} --help --lang da"), run(&help));
        let mut wrong = cmd.to_vec();
        wrong.push("--no-such-flag");
        add(&format!("{cmd:?} usage error"), run(&wrong));
    }
    add("missing inputs", run(&["audit"]));
    add("bad format", run(&["audit", DEMO, "--format", "pdf"]));
    add("bad date", run(&["audit", DEMO, "--as-of", "2025-13-01"]));
    add(
        "bad share",
        run(&["audit", DEMO, "--max-error-rate", "abc"]),
    );
    add("unknown command", run(&["audti"]));
    add(
        "missing file",
        run(&["audit", "nothere.csv", "--as-of", AS_OF]),
    );

    // Every human report format, Danish by default and with --lang da.
    for lang in [&[][..], &["--lang", "da"][..]] {
        for format in ["table", "markdown", "html"] {
            let mut args = vec!["audit", DEMO, "--as-of", AS_OF, "--by", "team"];
            args.extend(["--format", format, "--results", "all"]);
            args.extend(lang);
            add(&format!("audit {format} {lang:?}"), run(&args));
        }
        let xlsx = d("report.xlsx");
        let mut args = vec!["audit", DEMO, "--as-of", AS_OF, "--by", "team", "-o", &xlsx];
        args.extend(["--results", "all"]);
        args.extend(lang);
        add("audit xlsx", run(&args));
        add("audit xlsx cells", workbook_text(Path::new(&xlsx)));
    }
    // With a review, waivers and a profile, and gates breached.
    add(
        "audit people",
        run(&[
            "audit",
            DEMO,
            "--as-of",
            AS_OF,
            "--review",
            "fixtures/review/review-filled.csv",
            "--waivers",
            "fixtures/review/waivers.toml",
            "--profile",
            "fixtures/review/profile.toml",
            "--max-error-rate",
            "0,1",
            "--min-score",
            "underretninger=0,99",
            "--max-fails",
            "1",
        ]),
    );
    // The other human outputs.
    add("rules list", run(&["rules", "list"]));
    add("rules show", run(&["rules", "show", "U1"]));
    add(
        "explain",
        run(&["explain", DEMO, "--case", "K-2024-0219", "--as-of", AS_OF]),
    );
    let page = d("case.html");
    run(&[
        "explain",
        DEMO,
        "--case",
        "K-2023-0305",
        "--as-of",
        AS_OF,
        "-o",
        &page,
    ]);
    add("explain html", std::fs::read_to_string(&page).unwrap());
    add("worklist", run(&["worklist", DEMO, "--as-of", AS_OF]));
    add(
        "worklist md",
        run(&["worklist", DEMO, "--as-of", AS_OF, "--format", "markdown"]),
    );
    add("validate", run(&["validate", DEMO]));
    let (old, new) = (d("old.json"), d("new.json"));
    run(&["audit", DEMO, "--as-of", "2024-12-31", "-o", &old]);
    run(&["audit", DEMO, "--as-of", AS_OF, "-o", &new]);
    add("diff", run(&["diff", &old, &new]));
    add(
        "diff md",
        run(&["diff", &old, &new, "--format", "markdown"]),
    );
    add("trend", run(&["trend", &old, &new]));
    add(
        "trend md",
        run(&["trend", &old, &new, "--format", "markdown"]),
    );
    add(
        "trend html",
        run(&["trend", &old, &new, "--format", "html"]),
    );
    add(
        "sample plan",
        run(&[
            "sample",
            "--plan",
            "--expected-rate",
            "0,3",
            "--margin",
            "0,1",
        ]),
    );

    if let Some(dump) = std::env::var_os("DANISH_DUMP") {
        let all: Vec<String> = outputs
            .iter()
            .map(|(w, t)| format!("=== {w}\n{t}"))
            .collect();
        std::fs::write(dump, all.join("\n")).unwrap();
    }
    let found = leaks(&outputs);
    assert!(
        found.is_empty(),
        "English in Danish output:\n{}",
        found.join("\n")
    );
}

/// The test can fail: English output holds the English catalogue's phrases.
#[test]
fn english_output_is_found_by_the_same_search() {
    let outputs = vec![
        (
            "help".to_string(),
            run(&["audit", "--help", "--lang", "en"]),
        ),
        (
            "table".to_string(),
            run(&["audit", DEMO, "--as-of", AS_OF, "--lang", "en"]),
        ),
    ];
    let found = leaks(&outputs);
    assert!(found.len() > 20, "{found:?}");
}
