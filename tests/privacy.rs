//! Issue 8, acceptance 6: no output or message of any command, on a fixture with CPR numbers
//! in free text and case ids, contains those numbers — with or without the hyphen. Every
//! command and every format is run on fixtures/privacy, and every file written and every
//! byte on stdout and stderr is scanned. Also: `--pseudonymize`, and free text kept out.
mod common;

use calamine::{Reader, Xlsx, open_workbook};
use common::caseaudit;
use std::path::{Path, PathBuf};

/// The CPR numbers of fixtures/privacy (see its README), and one in a file name.
const CPRS: &[&str] = &[
    "0101801234",
    "0202852345",
    "0303903456",
    "1506124567",
    "2412995678",
    "1212121212",
    // After a JSON escape (`\n`, `\t`, `\u00e6`), written with an escaped digit (`\u0030…`),
    // and where a rejected value is cut (fixtures/privacy/escapes.*, long_value.csv).
    "0505701111",
    "0606602222",
    "0707703333",
    "0909905555",
    "0808804444",
];

/// Words of the fixture's free text (reasons, justifications).
const FREE_TEXT: &[&str] = &["journalen", "moderens", "ansøger", "(far)", "under 2 år"];

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/privacy")
        .join(name)
}

/// Everything the commands wrote, by where it came from.
#[derive(Default)]
struct Outputs(Vec<(String, Vec<u8>)>);

impl Outputs {
    fn add(&mut self, label: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.0.push((label.into(), bytes.into()));
    }

    /// Runs caseaudit in `dir` and keeps its stdout and stderr; returns the exit code.
    fn run(&mut self, dir: &Path, args: &[&str]) -> i32 {
        self.run_wrapped(dir, args, None)
    }

    /// As [`Outputs::run`], its tables wrapped to `columns` (an 80-column terminal).
    fn run_wrapped(&mut self, dir: &Path, args: &[&str], columns: Option<u16>) -> i32 {
        let mut command = caseaudit();
        if let Some(columns) = columns {
            command.env("COLUMNS", columns.to_string());
        }
        let out = command.current_dir(dir).args(args).output().unwrap();
        let label = args.join(" ");
        self.add(format!("stdout of {label}"), out.stdout);
        self.add(format!("stderr of {label}"), out.stderr);
        out.status.code().unwrap_or(-1)
    }

    fn file(&mut self, path: &Path) {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        self.add(path.display().to_string(), bytes);
    }

    /// No CPR number, with or without its hyphen, and no piece of one that a cut or a
    /// wrapped table cell would leave (`010180-123…`, `K-010180-123` / `4`): its birth date
    /// and the next character.
    fn assert_no_cpr(&self) {
        for (label, bytes) in &self.0 {
            let text = String::from_utf8_lossy(bytes);
            for cpr in CPRS {
                let hyphen = format!("{}-{}", &cpr[..6], &cpr[6..]);
                assert!(
                    !text.contains(cpr) && !text.contains(&hyphen),
                    "{label} shows the CPR number {hyphen}:\n{text}"
                );
                for piece in [&cpr[..7], &hyphen[..7]] {
                    assert!(
                        !text.contains(piece),
                        "{label} shows a piece of the CPR number {hyphen}: {piece}\n{text}"
                    );
                }
            }
        }
    }
}

/// Every cell of every sheet of a workbook, as text.
fn xlsx_text(path: &Path) -> String {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let mut text = String::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        for row in range.rows() {
            for cell in row {
                text.push_str(&cell.to_string());
                text.push('\t');
            }
            text.push('\n');
        }
    }
    text
}

/// Whether this build has `command` (the parts of issue 8 land one by one).
fn has_command(command: &str) -> bool {
    caseaudit()
        .args([command, "--help"])
        .output()
        .unwrap()
        .status
        .success()
}

/// The fixtures in a fresh folder, one of them under a name holding a CPR number.
fn workdir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "cases.json",
        "events.csv",
        "no_header.csv",
        "escapes.json",
        "escapes.ndjson",
        "long_value.csv",
    ] {
        std::fs::copy(fixture(name), dir.path().join(name)).unwrap();
    }
    std::fs::copy(
        fixture("cases.json"),
        dir.path().join("sager-1212121212.json"),
    )
    .unwrap();
    dir
}

const FORMATS: &[&str] = &["txt", "json", "csv", "md", "html", "xml", "xlsx"];

#[test]
fn no_command_shows_a_cpr_number() {
    let tmp = workdir();
    let dir = tmp.path();
    let mut outputs = Outputs::default();
    let mut shared = Outputs::default();
    let audit = [
        "audit",
        "cases.json",
        "events.csv",
        "--as-of",
        "2024-09-01",
        "--results",
        "all",
        "--by",
        "team",
    ];
    for lang in ["da", "en"] {
        for ext in FORMATS {
            let out = format!("report-{lang}.{ext}");
            let mut args = audit.to_vec();
            args.extend(["--lang", lang, "-o", &out]);
            assert_eq!(outputs.run(dir, &args), 0, "{args:?}");
            let path = dir.join(&out);
            if *ext == "xlsx" {
                let text = xlsx_text(&path);
                assert!(text.contains("xxxxxx-xxxx"), "the workbook lists the cases");
                shared.add(out, text);
            } else {
                shared.file(&path);
            }
        }
        // And on stdout.
        for format in ["table", "json", "csv", "markdown", "html", "junit"] {
            let mut args = audit.to_vec();
            args.extend(["--lang", lang, "--format", format]);
            let out = caseaudit().current_dir(dir).args(&args).output().unwrap();
            shared.add(format!("stdout of {args:?}"), out.stdout);
            outputs.add(format!("stderr of {args:?}"), out.stderr);
        }
    }
    // The masking leaves the machine formats readable.
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("report-en.json")).unwrap()).unwrap();
    let ids: Vec<&str> = json["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["case_id"].as_str().unwrap())
        .collect();
    for id in ["xxxxxx-xxxx", "xxxxxxxxxx", "K-xxxxxx-xxxx", "K-2024-0003"] {
        assert!(ids.contains(&id), "{id} in {ids:?}");
    }
    let rows = csv::Reader::from_path(dir.join("report-en.csv"))
        .unwrap()
        .records()
        .count();
    assert!(rows > 10);
    let xml = std::fs::read_to_string(dir.join("report-en.xml")).unwrap();
    let mut reader = quick_xml::Reader::from_str(&xml);
    loop {
        match reader.read_event().unwrap() {
            quick_xml::events::Event::Eof => break,
            _ => continue,
        }
    }

    // A file name with a CPR number; the rejected records, kept local.
    let args = [
        "audit",
        "sager-1212121212.json",
        "--as-of",
        "2024-09-01",
        "--rejects",
        "rejects.csv",
        "--format",
        "json",
    ];
    let out = caseaudit().current_dir(dir).args(args).output().unwrap();
    assert!(out.status.success());
    shared.add("stdout of audit sager-….json", out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(stderr.contains("lokal brug"), "{stderr}");
    assert!(stderr.contains("sager-xxxxxxxxxx.json"), "{stderr}");
    outputs.add("stderr of audit --rejects", stderr);
    outputs.file(&dir.join("rejects.csv"));
    let rejects = std::fs::read_to_string(dir.join("rejects.csv")).unwrap();
    assert!(rejects.contains("xxxxxxxxxx"), "{rejects}");

    // diff and trend over reports of two as-of dates.
    for as_of in ["2024-06-01", "2024-09-01"] {
        let out = format!("r-{as_of}.json");
        let args = [
            "audit",
            "cases.json",
            "events.csv",
            "--as-of",
            as_of,
            "-o",
            &out,
        ];
        assert_eq!(outputs.run(dir, &args), 0);
    }
    for format in ["table", "markdown", "json"] {
        let args = [
            "diff",
            "r-2024-06-01.json",
            "r-2024-09-01.json",
            "--format",
            format,
        ];
        outputs.run(dir, &args);
    }
    for format in ["table", "markdown"] {
        let args = [
            "trend",
            "r-2024-06-01.json",
            "r-2024-09-01.json",
            "--format",
            format,
        ];
        assert_eq!(outputs.run(dir, &args), 0);
    }

    // validate (local use, and says so), in both languages, header-less file included.
    for lang in ["da", "en"] {
        let args = [
            "validate",
            "cases.json",
            "events.csv",
            "no_header.csv",
            "--lang",
            lang,
        ];
        outputs.run(dir, &args);
    }
    // The header-less CSV: refused without echoing its first row.
    let out = caseaudit()
        .current_dir(dir)
        .args(["audit", "no_header.csv", "--lang", "en"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(stderr.contains("header row"), "{stderr}");
    assert!(!stderr.contains("Barnets"), "{stderr}");
    outputs.add("stderr of audit no_header.csv", stderr);

    // sample: the sample file, its manifest, and what it says; CPR numbers after a JSON
    // escape are masked as decoded.
    for input in [
        "cases.json",
        "events.csv",
        "sager-1212121212.json",
        "escapes.json",
        "escapes.ndjson",
    ] {
        let out = format!("sample-{input}");
        let args = ["sample", input, "--size", "2", "--seed", "7", "-o", &out];
        assert_eq!(outputs.run(dir, &args), 0, "{args:?}");
        outputs.file(&dir.join(&out));
        outputs.file(&dir.join(format!("{out}.manifest.json")));
    }

    // --include-text: the justifications come along, their CPR numbers masked.
    let args = [
        "audit",
        "cases.json",
        "events.csv",
        "--as-of",
        "2024-09-01",
        "--include-text",
        "-o",
        "text.json",
    ];
    assert_eq!(outputs.run(dir, &args), 0);
    outputs.file(&dir.join("text.json"));

    // The commands of the other parts of issue 8, once they are built (each is skipped
    // until `caseaudit COMMAND --help` knows it).
    if has_command("explain") {
        for case in ["010180-1234", "0202852345", "K-241299-5678"] {
            let html = format!("explain-{case}.html");
            for extra in [&[][..], &["-o", &html]] {
                let mut args = vec![
                    "explain",
                    "cases.json",
                    "events.csv",
                    "--case",
                    case,
                    "--as-of",
                    "2024-09-01",
                ];
                args.extend(extra);
                assert_eq!(outputs.run(dir, &args), 0, "{args:?}");
            }
            outputs.file(&dir.join(&html));
        }
    }
    if has_command("worklist") {
        for ext in ["txt", "csv", "md", "xlsx"] {
            let out = format!("worklist.{ext}");
            let args = [
                "worklist",
                "cases.json",
                "events.csv",
                "--as-of",
                "2024-04-01",
                "--within",
                "60d",
                "-o",
                &out,
            ];
            assert_eq!(outputs.run(dir, &args), 0, "{args:?}");
            if ext == "xlsx" {
                outputs.add(out.clone(), xlsx_text(&dir.join(&out)));
            } else {
                outputs.file(&dir.join(&out));
            }
        }
    }
    if has_command("review") {
        let args = [
            "review",
            "cases.json",
            "events.csv",
            "--as-of",
            "2024-09-01",
            "--material",
            "-o",
            "review.xlsx",
        ];
        assert_eq!(outputs.run(dir, &args), 0, "{args:?}");
        outputs.add("review.xlsx", xlsx_text(&dir.join("review.xlsx")));
    }

    // A rejected value is cut to 200 characters after its CPR numbers are masked, never
    // through one: in validate and in --rejects.
    outputs.run(dir, &["validate", "long_value.csv"]);
    let args = ["audit", "long_value.csv", "--rejects", "rejects-long.csv"];
    assert_eq!(outputs.run(dir, &args), 0);
    outputs.file(&dir.join("rejects-long.csv"));
    // Tables wrapped to an 80-column terminal: no cell wraps through a CPR number.
    for (args, columns) in [
        (
            &[
                "audit",
                "escapes.ndjson",
                "--as-of",
                "2024-09-01",
                "--results",
                "all",
                "--by",
                "team",
            ][..],
            80,
        ),
        (
            &[
                "audit",
                "cases.json",
                "events.csv",
                "--as-of",
                "2024-09-01",
                "--results",
                "all",
            ],
            80,
        ),
        (
            &[
                "worklist",
                "cases.json",
                "events.csv",
                "--as-of",
                "2024-04-01",
                "--within",
                "60d",
            ],
            80,
        ),
        (
            &[
                "explain",
                "cases.json",
                "events.csv",
                "--case",
                "K-241299-5678",
                "--as-of",
                "2024-09-01",
            ],
            80,
        ),
        (
            &[
                "explain",
                "cases.json",
                "events.csv",
                "--case",
                "010180-1234",
                "--as-of",
                "2024-09-01",
            ],
            70,
        ),
    ] {
        assert_eq!(outputs.run_wrapped(dir, args, Some(columns)), 0, "{args:?}");
    }

    // A usage error echoes what was typed.
    outputs.run(dir, &["audit", "cases.json", "--as-of", "010180-1234"]);

    outputs.assert_no_cpr();
    shared.assert_no_cpr();
    // The shared reports show no free text either.
    for (label, bytes) in &shared.0 {
        let text = String::from_utf8_lossy(bytes);
        for word in FREE_TEXT {
            assert!(!text.contains(word), "{label} shows free text {word:?}");
        }
    }
    // And the scan saw the masks, so the numbers did reach the outputs.
    let all: String = outputs
        .0
        .iter()
        .chain(&shared.0)
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert!(all.contains("xxxxxx-xxxx") && all.contains("xxxxxxxxxx"));
}

/// Every byte on stdout and stderr passes the mask only if no code writes there by another
/// way: stdout is wrapped once in main.rs, stderr is written by `terminal::write_stderr`.
#[test]
fn only_the_choke_points_write_to_stdout_and_stderr() {
    fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                rust_files(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
    }
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut offenders = Vec::new();
    for file in files {
        let name = file
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            // Asking whether stderr is a terminal writes nothing.
            let stderr = ["eprintln!", "eprint!", "io::stderr"]
                .iter()
                .any(|w| code.contains(w))
                && !code.contains("is_terminal()");
            // Nor does asking what file stdout is (its descriptor, for its identity), or
            // whether it is a terminal.
            let stdout = ["println!", "print!(", "io::stdout"]
                .iter()
                .any(|w| code.contains(w) && !code.contains(&format!("e{w}")))
                && !code.contains("as_fd()")
                && !code.contains("is_terminal()");
            let allowed = match name.as_str() {
                "terminal.rs" => !stdout,
                "main.rs" => !stderr,
                _ => false,
            };
            if (stderr || stdout) && !allowed {
                offenders.push(format!("src/{name}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "write to stderr with caseaudit::terminal::eprint, and to stdout through the `out` \
         each command is given, so CPR numbers are masked:\n{}",
        offenders.join("\n")
    );
}

/// Issue 15, acceptance 4: `src/privacy*` holds the primitives (detect, mask, pseudonymise)
/// and imports nothing from the loaders, the reports, the rules, the command line or the
/// commands; those use it, never the other way round.
#[test]
fn privacy_imports_no_loader_report_rule_or_command() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let under_privacy = path
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .starts_with("privacy");
            if path.is_dir() && under_privacy {
                stack.push(path);
            } else if under_privacy && path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    assert!(!files.is_empty(), "src/privacy.rs is where the masking is");
    // `crate::load…`, `super::report…`, or one of them inside `crate::{…}`.
    let forbidden = regex::Regex::new(
        r"\b(crate|super|caseaudit)\s*::\s*(\{[^}]*\b(load|report|rules|cli|cmd)\b|(load|report|rules|cli|cmd)\b)",
    )
    .unwrap();
    let mut offenders = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let code: String = text
            .lines()
            .map(|line| line.split("//").next().unwrap_or_default())
            .collect::<Vec<_>>()
            .join("\n");
        for m in forbidden.find_iter(&code) {
            offenders.push(format!("{}: {}", file.display(), m.as_str()));
        }
    }
    assert!(
        offenders.is_empty(),
        "privacy is primitives only; report-level protection lives in src/report/protect.rs, \
         the key from the command line in src/cmd/mod.rs:\n{}",
        offenders.join("\n")
    );
}

#[test]
fn free_text_comes_only_with_include_text() {
    let tmp = workdir();
    let texts = |extra: &[&str]| -> Vec<String> {
        let mut args = vec![
            "audit",
            "cases.json",
            "--as-of",
            "2024-09-01",
            "--format",
            "json",
        ];
        args.extend(extra);
        let out = caseaudit()
            .current_dir(tmp.path())
            .args(&args)
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        report["results"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|r| r.get("text"))
            .map(|t| t.as_str().unwrap().to_string())
            .collect()
    };
    assert!(texts(&[]).is_empty());
    let with = texts(&["--include-text"]);
    assert!(
        with.iter()
            .any(|t| t == "Delvist afslag; ansøger xxxxxxxxxx har fået oplyst ..."),
        "{with:?}"
    );
}

#[test]
fn a_seed_of_ten_digits_stays_a_number_in_the_manifest() {
    let tmp = workdir();
    let args = [
        "sample",
        "cases.json",
        "--size",
        "2",
        "--seed",
        "1710001234",
        "-o",
        "s.json",
    ];
    let out = caseaudit()
        .current_dir(tmp.path())
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success());
    // The sample is the export's own records, for local use, and it says so.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("s.json: Til lokal brug"), "{stderr}");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tmp.path().join("s.json.manifest.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["seed"], 1710001234u64);
    assert!(
        manifest["selected"]
            .as_array()
            .unwrap()
            .contains(&"xxxxxx-xxxx".into())
    );
}

#[test]
fn case_ids_like_cpr_numbers_are_warned_about_once_per_input() {
    let tmp = workdir();
    let out = caseaudit()
        .current_dir(tmp.path())
        .args([
            "audit",
            "cases.json",
            "events.csv",
            "--as-of",
            "2024-09-01",
            "--lang",
            "en",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("CPR")).collect();
    assert_eq!(
        warnings,
        [
            "caseaudit: warning: cases.json: 2 case ids hold a CPR number; caseaudit masks CPR numbers in everything it writes, so in a report these cases are told apart only with --pseudonymize",
            "caseaudit: warning: events.csv: 2 case ids hold a CPR number; caseaudit masks CPR numbers in everything it writes, so in a report these cases are told apart only with --pseudonymize",
        ]
    );
}

fn pseudonymized(dir: &Path, key_args: &[&str]) -> (serde_json::Value, String) {
    let mut args = vec![
        "audit",
        "cases.json",
        "events.csv",
        "--as-of",
        "2024-09-01",
        "--format",
        "json",
    ];
    args.extend(key_args);
    let out = caseaudit()
        .current_dir(dir)
        .env("CASEAUDIT_TEST_KEY", "a secret of the municipality")
        .args(&args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    (serde_json::from_str(&text).unwrap(), text)
}

fn case_ids(report: &serde_json::Value) -> std::collections::BTreeSet<String> {
    report["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["case_id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn pseudonymize_replaces_case_ids_by_stable_keyed_hashes() {
    let tmp = workdir();
    let dir = tmp.path();
    let key = "a secret of the municipality";
    std::fs::write(dir.join("key.txt"), format!("{key}\n")).unwrap();
    let (report, text) = pseudonymized(dir, &["--pseudonymize", key]);
    let ids = case_ids(&report);
    // Five cases, five pseudonyms: the CPR-shaped ids are told apart again.
    assert_eq!(ids.len(), 5, "{ids:?}");
    for id in &ids {
        assert!(id.starts_with("P-") && id.len() == 18, "{id}");
    }
    for secret in [key, "K-2024-0003", "xxxxxx-xxxx"] {
        assert!(!text.contains(secret), "the report shows {secret}");
    }
    assert!(
        report["tool"]["command_line"]
            .as_str()
            .unwrap()
            .contains("--pseudonymize KEY")
    );
    // The same key, given any of the three ways, gives the same pseudonyms.
    let (from_file, _) = pseudonymized(dir, &["--pseudonymize-key-file", "key.txt"]);
    let (from_env, _) = pseudonymized(dir, &["--pseudonymize-key-env", "CASEAUDIT_TEST_KEY"]);
    assert_eq!(case_ids(&from_file), ids);
    assert_eq!(case_ids(&from_env), ids);
    // Another key, other pseudonyms.
    let (other, _) = pseudonymized(dir, &["--pseudonymize", "another secret, as long"]);
    assert!(case_ids(&other).is_disjoint(&ids));
    // A baseline made with the key knows today's findings under the same pseudonyms.
    let audit = |extra: &[&str]| {
        let mut args = vec!["audit", "cases.json", "events.csv", "--as-of", "2024-09-01"];
        args.extend(extra);
        caseaudit()
            .current_dir(dir)
            .args(&args)
            .output()
            .unwrap()
            .status
            .code()
    };
    let keyed = ["--pseudonymize-key-file", "key.txt"];
    assert_eq!(audit(&[&keyed[..], &["-o", "base.json"]].concat()), Some(0));
    let gate = ["--baseline", "base.json", "--fail-on-new"];
    assert_eq!(audit(&[&keyed[..], &gate[..]].concat()), Some(0));
    // Without the key every fail is new to that baseline.
    assert_eq!(audit(&gate), Some(1));
    // Masked subjects (an event id holding a CPR number) match their baseline too.
    assert_eq!(audit(&["-o", "plain.json"]), Some(0));
    let plain = ["--baseline", "plain.json", "--fail-on-new"];
    assert_eq!(audit(&plain), Some(0));
    // A short key is refused.
    caseaudit()
        .current_dir(dir)
        .args(["audit", "cases.json", "--pseudonymize", "short"])
        .assert()
        .code(2);
}
