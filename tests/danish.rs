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

/// English words a Danish refusal must not hold outside quotes (`…`, "…", «…»): serde's,
/// the TOML and JSON readers', and caseaudit's own English.
const ENGLISH_WORDS: &[&str] = &[
    "the", "is", "of", "expected", "missing", "unknown", "invalid", "field", "must", "needs",
    "not", "with", "line", "column", "error", "parse", "found", "while", "or", "one", "no", "such",
    "has", "key", "value", "number", "never", "used", "share", "span", "sequence", "integer",
    "string", "could", "read", "row",
];

/// The words of `text` outside quotes and TOML table names (`[[variant]]`) that are English;
/// a key name (`compares_with`) is one word.
fn english_words(text: &str) -> Vec<String> {
    let mut plain = String::new();
    let mut close = None;
    for c in text.chars() {
        match close {
            Some(end) if c == end => close = None,
            Some(_) => {}
            None => match c {
                '`' => close = Some('`'),
                '"' => close = Some('"'),
                '«' => close = Some('»'),
                '[' => close = Some(']'),
                _ => plain.push(c),
            },
        }
    }
    plain
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .filter(|w| ENGLISH_WORDS.contains(&w.to_lowercase().as_str()))
        .map(str::to_string)
        .collect()
}

/// A bad input given to a command under `--lang da`: refused with exit 2, in Danish.
fn refused_in_danish(what: &str, args: &[&str]) -> Vec<String> {
    let mut all = args.to_vec();
    all.extend(["--lang", "da"]);
    let out = caseaudit().args(&all).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let mut found = Vec::new();
    if out.status.code() != Some(2) {
        found.push(format!(
            "{what}: exit {:?}, not 2: {stderr}",
            out.status.code()
        ));
    }
    if !stderr.contains("fejl:") {
        found.push(format!("{what}: no refusal: {stderr}"));
    }
    for phrase in leaks(&[(what.to_string(), stderr.clone())]) {
        found.push(format!("{phrase} in {stderr}"));
    }
    let words = english_words(&stderr);
    if !words.is_empty() {
        found.push(format!("{what}: English {words:?} in {stderr}"));
    }
    found
}

/// A copy of `rules/` with `U1.toml` edited (`from` replaced by `to`, which must be there).
fn rules_with(dir: &Path, from: &str, to: &str) -> String {
    let rules = dir.join(format!("rules-{}", dir.read_dir().unwrap().count()));
    std::fs::create_dir(&rules).unwrap();
    for entry in std::fs::read_dir("rules").unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, rules.join(path.file_name().unwrap())).unwrap();
    }
    let u1 = rules.join("U1.toml");
    let text = std::fs::read_to_string(&u1).unwrap();
    assert!(text.contains(from), "{from}");
    std::fs::write(&u1, text.replacen(from, to, 1)).unwrap();
    rules.to_str().unwrap().to_string()
}

/// Issue 17: every refusal of a bad rule file, mapping, waiver file, yardstick, profile,
/// review sheet, baseline, report or manifest is Danish under --lang da, the parser's own
/// words translated or quoted.
#[test]
fn bad_inputs_are_refused_in_danish() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let file = |name: &str, text: &str| {
        let path = d.join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_string()
    };
    let mut found = Vec::new();
    let mut check = |what: &str, args: &[&str]| found.extend(refused_in_danish(what, args));

    // Rule files (--rules DIR), each with one mistake in U1.toml.
    let rules: &[(&str, &str, &str)] = &[
        (
            "unknown check kind",
            "kind = \"deadline\"",
            "kind = \"deadlin\"",
        ),
        ("missing field", "theme = \"notifications\"\n", ""),
        (
            "unknown theme",
            "theme = \"notifications\"",
            "theme = \"nope\"",
        ),
        (
            "bad duration",
            "within = \"24 hours\"",
            "within = \"24 hrs\"",
        ),
        (
            "too long",
            "within = \"24 hours\"",
            "within = \"99999999 days\"",
        ),
        (
            "overlapping variants",
            "period = \"BL\"",
            "period = \"SEL\"",
        ),
        (
            "unknown field",
            "severity = \"formal\"",
            "severity = \"formal\"\nfoo = 1",
        ),
        (
            "unknown severity",
            "severity = \"formal\"",
            "severity = \"grave\"",
        ),
        ("TOML syntax", "severity = \"formal\"", "severity = formal"),
        (
            "unknown event type",
            "event = \"notification_received\"",
            "event = \"notification_recieved\"",
        ),
        (
            "bad example date",
            "as_of = 2024-06-30",
            "as_of = \"30-06-2024\"",
        ),
        (
            "unknown status",
            "expect = [\"pass\"]",
            "expect = [\"passed\"]",
        ),
        (
            "unknown check key",
            "within = \"24 hours\"",
            "within = \"24 hours\"\nwithn = 3",
        ),
        ("unknown period", "period = \"BL\"", "period = \"XX\""),
        ("no law", "law = \"BL § 136, stk. 2\"", "law = \"\""),
        (
            "unknown attribute",
            "event = \"notification_received\"",
            "event = \"notification_received\"\nwhere = { acutte = true }",
        ),
        (
            "verdicts without a question",
            "expect = [\"pass\"]",
            "expect = [\"pass\"]\nverdicts = [\"pass\"]",
        ),
        ("no action", "action = \"Vurdér", "action = \"\"\nx = \""),
    ];
    for (what, from, to) in rules {
        let rules = rules_with(d, from, to);
        check(
            &format!("rule file: {what}"),
            &["audit", DEMO, "--as-of", AS_OF, "--rules", &rules],
        );
        if *what == "unknown check kind" {
            check(
                "rules list: unknown check kind",
                &["rules", "list", "--rules", &rules],
            );
        }
    }

    // Mapping files.
    for (what, text) in [
        ("TOML syntax", "nope\n"),
        ("unknown key", "name = \"x\"\nfoo = 1\n"),
        ("wrong type", "name = \"x\"\nignore = 3\n"),
        (
            "unknown field",
            "name = \"x\"\n[columns]\n\"A\" = \"nope\"\n",
        ),
    ] {
        let m = file("mapping.toml", text);
        check(
            &format!("mapping: {what}"),
            &["audit", DEMO, "--as-of", AS_OF, "--mapping", &m],
        );
    }

    // Waiver files.
    let full =
        "[[waiver]]\ncase_id = \"K-2025-0095\"\nrule = \"U2\"\nreason = \"x\"\napprover = \"y\"\n";
    for (what, text) in [
        ("wrong type", "waiver = 3\n".to_string()),
        ("TOML syntax", "[[waiver]\n".to_string()),
        (
            "unknown key",
            format!("{full}expires = 2025-12-31\nfoo = 1\n"),
        ),
        ("no expiry", full.to_string()),
        ("bad date", format!("{full}expires = \"31-13-2025\"\n")),
        (
            "unknown rule",
            format!("{full}expires = 2025-12-31\n").replace("U2", "ZZ"),
        ),
    ] {
        let w = file("waivers.toml", &text);
        check(
            &format!("waivers: {what}"),
            &["audit", DEMO, "--as-of", AS_OF, "--waivers", &w],
        );
    }

    // Yardstick files.
    let figure =
        "[[figure]]\ncompares_with = \"U1\"\nyear = 2024\nsource = \"s\"\nda = \"d\"\nen = \"e\"\n";
    for (what, text) in [
        ("missing field", figure.to_string()),
        ("share out of range", format!("{figure}share = 1.5\n")),
        (
            "unknown rule",
            format!("{figure}share = 0.5\n").replace("U1", "ZZ"),
        ),
        ("unknown field", format!("{figure}share = 0.5\nfoo = 1\n")),
        (
            "one language",
            format!("{figure}share = 0.5\nnote_da = \"x\"\n"),
        ),
    ] {
        let y = file("yardstick.toml", &text);
        check(
            &format!("yardstick: {what}"),
            &["audit", DEMO, "--as-of", AS_OF, "--yardstick", &y],
        );
    }
    check(
        "yardstick: missing file",
        &[
            "audit",
            DEMO,
            "--as-of",
            AS_OF,
            "--yardstick",
            &d.join("none.toml").to_string_lossy(),
        ],
    );

    // Profiles.
    for (what, text) in [
        ("unknown calendar", "name = \"X\"\ncalendar = \"weird\"\n"),
        (
            "bad span",
            "name = \"X\"\n[rules.J1]\nwithin = \"3 wrkdays\"\n",
        ),
        (
            "unknown rule",
            "name = \"X\"\n[rules.ZZ]\nwithin = \"3 workdays\"\n",
        ),
        (
            "unknown parameter",
            "name = \"X\"\n[rules.J1]\nbogus = \"3 workdays\"\n",
        ),
        ("no name", "name = \" \"\n"),
        ("not a question", "name = \"X\"\nquestions = [\"U1\"]\n"),
    ] {
        let p = file("profile.toml", text);
        check(
            &format!("profile: {what}"),
            &["audit", DEMO, "--as-of", AS_OF, "--profile", &p],
        );
    }

    // Review sheets.
    let header = std::fs::read_to_string("fixtures/review/review-filled.csv").unwrap();
    let header = header.lines().next().unwrap();
    for (what, name, text) in [
        ("bad header", "sheet.csv", "a;b;c\n1;2;3\n".to_string()),
        (
            "bad verdict",
            "sheet.csv",
            format!(
                "{header}\nK-2023-0305;T;S2;M1/1;kan ikke vurderes;2023-05-13;2024-05-12;;;l;b;q;måske;;\n"
            ),
        ),
        ("not a workbook", "sheet.xlsx", "x".to_string()),
    ] {
        let s = file(name, &text);
        check(
            &format!("review sheet: {what}"),
            &["audit", DEMO, "--as-of", AS_OF, "--review", &s],
        );
    }

    // A result answered on three sheets, and twice on one.
    let filled = std::fs::read_to_string("fixtures/review/review-filled.csv").unwrap();
    let sheets: Vec<String> = (1..=3)
        .map(|n| file(&format!("sheet{n}.csv"), &filled))
        .collect();
    check(
        "review sheets: three verdicts",
        &[
            "audit", DEMO, "--as-of", AS_OF, "--review", &sheets[0], "--review", &sheets[1],
            "--review", &sheets[2],
        ],
    );
    let row = filled.lines().nth(1).unwrap();
    let other = row.replacen(";opfyldt;", ";ikke opfyldt;", 1);
    assert_ne!(row, other);
    let twice = file("twice.csv", &format!("{header}\n{row}\n{other}\n"));
    check(
        "review sheet: two verdicts on one sheet",
        &["audit", DEMO, "--as-of", AS_OF, "--review", &twice],
    );

    // Reports read back: baselines, diff, trend, and sample manifests.
    let report = d.join("report.json").to_str().unwrap().to_string();
    run(&["audit", DEMO, "--as-of", AS_OF, "-o", &report]);
    let v2 = std::fs::read_to_string(&report).unwrap().replacen(
        "\"schema_version\": 1",
        "\"schema_version\": 2",
        1,
    );
    let bad_reports = [
        ("not JSON", file("garbage.json", "nope")),
        ("not a report", file("other.json", "{\"a\": 1}")),
        ("wrong version", file("v2.json", &v2)),
    ];
    for (what, path) in &bad_reports {
        check(
            &format!("baseline: {what}"),
            &[
                "audit",
                DEMO,
                "--as-of",
                AS_OF,
                "--baseline",
                path,
                "--fail-on-new",
            ],
        );
        check(&format!("diff: {what}"), &["diff", path, &report]);
        check(&format!("trend: {what}"), &["trend", path, &report]);
    }
    check(
        "sample manifest: not JSON",
        &[
            "audit",
            DEMO,
            "--as-of",
            AS_OF,
            "--sample-manifest",
            &bad_reports[0].1,
        ],
    );
    check(
        "sample manifest: not a manifest",
        &[
            "audit",
            DEMO,
            "--as-of",
            AS_OF,
            "--sample-manifest",
            &bad_reports[1].1,
        ],
    );
    let cut = file("cut.json", "{\"cases\": [");
    check("input: JSON cut short", &["audit", &cut, "--as-of", AS_OF]);
    check(
        "sample input: JSON cut short",
        &["sample", &cut, "--size", "1", "--seed", "1"],
    );
    check("rules show: unknown rule", &["rules", "show", "UNKNOWN"]);
    check(
        "-o the input",
        &["audit", DEMO, "--as-of", AS_OF, "-o", DEMO],
    );

    assert!(
        found.is_empty(),
        "English in Danish refusals:\n{}",
        found.join("\n")
    );
}

/// The search for English words outside quotes can fail.
#[test]
fn english_words_outside_quotes_are_found() {
    assert_eq!(
        english_words("U1.toml: missing field `theme`"),
        vec!["missing", "field"]
    );
    assert!(english_words("linje 1: fortolkeren melder: «missing field `x`»").is_empty());
    assert!(english_words("feltet `theme` mangler; \"the rule\"").is_empty());
}
