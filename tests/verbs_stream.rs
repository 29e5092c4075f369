//! Every verb reads through the audit's pipeline (docs/performance.md, "How each verb reads"):
//! `validate`, `explain`, `worklist`, `review` and `sample` give the same output whether
//! the export streams (grouped by case) or is read whole (the same rows, not grouped), and
//! on any number of threads. An export not grouped by case is said on stderr as the audit
//! says it, which only the pipeline does: main's verbs read every export whole, silently.
mod common;
use common::caseaudit;
use std::path::Path;

const AS_OF: &str = "2025-06-30";

/// A generated export of 300 cases in `grouped/events.csv` (as `generate` writes it,
/// grouped by case) and the same rows interleaved case by case in `ungrouped/events.csv`.
fn exports() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let generated = dir.path().join("generated");
    let out = caseaudit()
        .args(["generate", "--seed", "11", "--cases", "300", "--out"])
        .arg(&generated)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = std::fs::read_to_string(generated.join("events.csv")).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    // Each case's first row in the cases' order, then each one's second row, and so on:
    // the cases are first met in the same order (the review sheet and the sample follow
    // it), and each keeps the order of its own rows.
    let mut cases: Vec<Vec<&str>> = Vec::new();
    for row in lines {
        let id = row.split(',').next();
        match cases.last_mut() {
            Some(case) if case[0].split(',').next() == id => case.push(row),
            _ => cases.push(vec![row]),
        }
    }
    let longest = cases.iter().map(Vec::len).max().unwrap_or(0);
    let rows: Vec<&str> = (0..longest)
        .flat_map(|i| cases.iter().filter_map(move |c| c.get(i).copied()))
        .collect();
    for (name, body) in [
        ("grouped", text.clone()),
        ("ungrouped", format!("{header}\n{}\n", rows.join("\n"))),
    ] {
        std::fs::create_dir(dir.path().join(name)).unwrap();
        std::fs::write(dir.path().join(name).join("events.csv"), body).unwrap();
    }
    dir
}

/// `caseaudit ARGS` run in `dir` (so the input is named `events.csv` in both), with
/// `threads` workers: exit code, stdout and stderr.
fn run(dir: &Path, threads: &str, args: &[&str]) -> (i32, Vec<u8>, String) {
    let out = caseaudit()
        .current_dir(dir)
        .env("RAYON_NUM_THREADS", threads)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        out.stdout,
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// A run: exit code, stdout, stderr less the note, the files written.
type Ran = (i32, Vec<u8>, String, Vec<Vec<u8>>);

const NOT_GROUPED: &str = "events.csv is not grouped by case";

/// Runs `args` on both exports (and the grouped one on one thread and on four): the same
/// exit code, stdout, stderr (less the note) and files written (`written`, in each
/// folder); the note only on the export not grouped.
fn same_both_ways(dir: &Path, args: &[&str], written: &[&str]) -> Vec<u8> {
    let mut seen: Option<Ran> = None;
    for (name, threads) in [("grouped", "1"), ("grouped", "4"), ("ungrouped", "2")] {
        let here = dir.join(name);
        let (code, stdout, stderr) = run(&here, threads, args);
        assert_eq!(
            stderr.contains(NOT_GROUPED),
            name == "ungrouped",
            "{args:?} on {name}: {stderr}"
        );
        let stderr: String = stderr
            .lines()
            .filter(|l| !l.contains(NOT_GROUPED))
            .map(|l| format!("{l}\n"))
            .collect();
        let files = written
            .iter()
            .map(|f| std::fs::read(here.join(f)).unwrap())
            .collect();
        let now = (code, stdout, stderr, files);
        match &seen {
            None => seen = Some(now),
            Some(first) => assert!(
                *first == now,
                "{args:?} differs on {name}, {threads} threads"
            ),
        }
    }
    seen.unwrap().1
}

#[test]
fn validate_explain_worklist_and_review_read_through_the_pipeline() {
    let dir = exports();
    let dir = dir.path();
    fn with<'a>(verb: &[&'a str]) -> Vec<&'a str> {
        [verb, &["--lang", "en", "--as-of", AS_OF][..]].concat()
    }
    let validated = same_both_ways(dir, &["validate", "events.csv", "--lang", "en"], &[]);
    assert!(String::from_utf8_lossy(&validated).contains("300, "));
    // The last case of the export, and one that is not there.
    let text = std::fs::read_to_string(dir.join("grouped/events.csv")).unwrap();
    let last = text.lines().last().unwrap().split(',').next().unwrap();
    let explained = same_both_ways(dir, &with(&["explain", "events.csv", "--case", last]), &[]);
    assert!(String::from_utf8_lossy(&explained).contains(last));
    let (code, _, stderr) = run(
        &dir.join("grouped"),
        "2",
        &with(&["explain", "events.csv", "--case", "K-0"]),
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("case K-0 is not in the inputs (300 cases read)"),
        "{stderr}"
    );
    same_both_ways(dir, &with(&["explain", "events.csv", "--case", "K-0"]), &[]);
    let listed = same_both_ways(dir, &with(&["worklist", "events.csv"]), &[]);
    assert!(String::from_utf8_lossy(&listed).contains("Team "));
    same_both_ways(
        dir,
        &with(&["worklist", "events.csv", "-o", "w.csv"]),
        &["w.csv"],
    );
    same_both_ways(
        dir,
        &with(&["worklist", "events.csv", "--team", "nobody"]),
        &[],
    );
    same_both_ways(
        dir,
        &with(&["review", "events.csv", "-o", "r.csv"]),
        &["r.csv"],
    );
}

#[test]
fn quiet_leaves_the_note_out_and_the_output_as_it_is() {
    let dir = exports();
    let here = dir.path().join("ungrouped");
    let audit = ["audit", "events.csv", "--lang", "en", "--as-of", AS_OF];
    let validate = ["validate", "events.csv", "--lang", "en"];
    for args in [&audit[..], &validate[..]] {
        let (code, stdout, stderr) = run(&here, "2", args);
        assert!(stderr.contains(NOT_GROUPED), "{args:?}: {stderr}");
        let quiet = [args, &["--quiet"]].concat();
        let (quiet_code, quiet_stdout, quiet_stderr) = run(&here, "2", &quiet);
        assert!(
            !quiet_stderr.contains(NOT_GROUPED),
            "{quiet:?}: {quiet_stderr}"
        );
        assert_eq!((code, stdout), (quiet_code, quiet_stdout), "{args:?}");
        // Only the note went: what else stderr says stays.
        let rest: Vec<&str> = stderr
            .lines()
            .filter(|l| !l.contains(NOT_GROUPED))
            .collect();
        assert_eq!(rest, quiet_stderr.lines().collect::<Vec<_>>(), "{args:?}");
    }
}

#[test]
fn sample_draws_the_same_cases_from_either_export() {
    let dir = exports();
    let dir = dir.path();
    let args = [
        "sample",
        "events.csv",
        "--size",
        "40",
        "--seed",
        "3",
        "--strata",
        "team",
        "-o",
        "s.csv",
        "--lang",
        "en",
    ];
    let mut drawn = Vec::new();
    for name in ["grouped", "ungrouped"] {
        let here = dir.join(name);
        let (code, stdout, stderr) = run(&here, "2", &args);
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(stderr.contains(NOT_GROUPED), name == "ungrouped");
        let manifest: serde_json::Value =
            serde_json::from_slice(&std::fs::read(here.join("s.csv.manifest.json")).unwrap())
                .unwrap();
        // The records copied as they were, in the input's order: the same lines.
        let sample = std::fs::read_to_string(here.join("s.csv")).unwrap();
        let mut lines: Vec<&str> = sample.lines().collect();
        lines.sort_unstable();
        let lines: Vec<String> = lines.into_iter().map(String::from).collect();
        drawn.push((
            stdout,
            manifest["selected"].clone(),
            manifest["strata"].clone(),
            manifest["cases_in_input"].clone(),
            lines,
        ));
    }
    assert_eq!(drawn[0], drawn[1]);
    assert_eq!(drawn[0].1.as_array().unwrap().len(), 40);
    assert_eq!(drawn[0].3, 300);
}

#[test]
fn a_review_sheet_past_its_rows_in_memory_is_the_same() {
    // The sheet's rows past the first few go to a temporary file and are read back.
    let dir = exports();
    let here = dir.path().join("grouped");
    for sheet in ["r.csv", "r.xlsx"] {
        let mut written = Vec::new();
        for budget in [None, Some("2")] {
            let mut cmd = caseaudit();
            cmd.current_dir(&here)
                .args(["review", "events.csv", "--as-of", AS_OF, "-o", sheet]);
            if let Some(budget) = budget {
                cmd.env("CASEAUDIT_TEST_RESULT_BUDGET", budget);
            }
            let out = cmd.output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            written.push((out.stdout, std::fs::read(here.join(sheet)).unwrap()));
        }
        assert!(written[0] == written[1], "{sheet}");
    }
}

#[test]
fn a_review_sheet_longer_than_an_xlsx_sheet_is_refused_and_the_csv_written() {
    let dir = exports();
    let here = dir.path().join("grouped");
    let review = |sheet: &str| {
        caseaudit()
            .current_dir(&here)
            .args([
                "review",
                "events.csv",
                "--as-of",
                AS_OF,
                "--lang",
                "en",
                "-o",
                sheet,
            ])
            .env("CASEAUDIT_TEST_MAX_SHEET_ROWS", "5")
            .output()
            .unwrap()
    };
    let out = review("r.xlsx");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("an .xlsx sheet holds 4: write it as .csv (-o r.csv)"),
        "{stderr}"
    );
    assert!(!here.join("r.xlsx").exists());
    let out = review("r.csv");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = std::fs::read_to_string(here.join("r.csv"))
        .unwrap()
        .lines()
        .count();
    assert!(rows > 5, "{rows}");
}
