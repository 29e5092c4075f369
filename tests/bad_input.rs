//! Hostile and broken input (issue 9): every file gives exit 0, 1 or 2, never a panic, a
//! hang or unbounded memory, and every record is either used or listed as rejected.
mod common;

use common::temp_file;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::ffi::OsString;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// What one run gave: exit code, stdout, stderr.
struct Run {
    code: Option<i32>,
    out: String,
    err: String,
}

impl Run {
    fn all(&self) -> String {
        format!("{}\n{}", self.out, self.err)
    }
}

/// The most memory a run may take (issue 9, acceptance 1): 1 GB of address space.
const MEMORY_LIMIT: u64 = 1 << 30;

/// `command` under [`MEMORY_LIMIT`]: the child's address space is capped (RLIMIT_AS) before
/// it starts, so an allocation beyond it fails there, as an abort (`memory allocation of …
/// failed`), which [`run`] reports. glibc reserves 64 MB of address space for each malloc
/// arena (one a thread, up to eight a core), so arenas are capped at two: on a machine of
/// many cores the limit then still measures the heap, not reservations.
#[cfg(unix)]
fn limited(mut command: Command) -> Command {
    use std::os::unix::process::CommandExt;
    command.env("MALLOC_ARENA_MAX", "2");
    let limit = libc::rlimit {
        rlim_cur: MEMORY_LIMIT,
        rlim_max: MEMORY_LIMIT,
    };
    // SAFETY: setrlimit is async-signal-safe; the closure allocates nothing.
    unsafe {
        command.pre_exec(move || {
            if libc::setrlimit(libc::RLIMIT_AS, &limit) == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        });
    }
    command
}

/// Elsewhere the memory is not limited.
#[cfg(not(unix))]
fn limited(command: Command) -> Command {
    command
}

/// The binary, run from the project folder, under [`MEMORY_LIMIT`].
fn caseaudit() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_caseaudit"));
    command.current_dir(env!("CARGO_MANIFEST_DIR"));
    limited(command)
}

/// Runs the binary, checking the matrix's promise: an exit code of 0, 1 or 2, no panic,
/// done within seconds, within [`MEMORY_LIMIT`].
fn run(args: Vec<OsString>) -> Run {
    run_with(args, &[])
}

/// How long one run may take (a debug build, on a busy machine); a run still going then is
/// killed, and fails the test rather than holding it up.
const TIME_LIMIT: Duration = Duration::from_secs(20);

/// [`run`] with environment variables set.
fn run_with(args: Vec<OsString>, env: &[(&str, &str)]) -> Run {
    use std::io::Read;
    use std::process::Stdio;
    let started = Instant::now();
    let mut command = caseaudit();
    command.args(&args).envs(env.iter().copied());
    command.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = command.spawn().unwrap();
    let read = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            pipe.read_to_end(&mut bytes).unwrap();
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let out = read(Box::new(child.stdout.take().unwrap()));
    let err = read(Box::new(child.stderr.take().unwrap()));
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > TIME_LIMIT {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("still running after {TIME_LIMIT:?}: {args:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let run = Run {
        code: status.code(),
        out: out.join().unwrap(),
        err: err.join().unwrap(),
    };
    assert!(!run.err.contains("panicked"), "{}", run.err);
    assert!(
        matches!(run.code, Some(0..=2)),
        "exit {:?}: {}",
        run.code,
        run.all()
    );
    run
}

fn args(words: &[&str], path: &Path, extra: &[&str]) -> Vec<OsString> {
    let mut all: Vec<OsString> = words.iter().map(OsString::from).collect();
    all.push(path.into());
    all.extend(extra.iter().map(OsString::from));
    all
}

fn validate(path: &Path, extra: &[&str]) -> Run {
    run(args(&["validate", "--lang", "en"], path, extra))
}

fn audit_json(path: &Path, extra: &[&str]) -> Run {
    let words = [
        "audit",
        "--format",
        "json",
        "--results",
        "all",
        "--as-of",
        "2025-06-30",
    ];
    run(args(&words, path, extra))
}

#[test]
fn xlsx_one_cell_at_the_far_corner_is_read_sparsely() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("far.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["case_id", "type", "date"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (c, v) in ["K1", "notification_received", "2024-03-01"]
        .iter()
        .enumerate()
    {
        sheet.write_string(1, c as u16, *v).unwrap();
    }
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    book.save(&path).unwrap();
    let r = validate(&path, &[]);
    assert_eq!(r.code, Some(0), "{}", r.all());
    assert!(
        r.out.contains("2 read, 1 accepted, 1 rejected"),
        "{}",
        r.out
    );
    assert!(r.out.contains("XFD"), "{}", r.out);
}

/// The sheet limit (5,000,000 cells) refuses the file naming the cell where it was passed.
/// A workbook that large takes minutes to write and read in a debug build, so the test
/// lowers the limit through the loader's test-only environment variable.
#[test]
fn a_sheet_above_the_cell_limit_is_refused_naming_the_cell() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let rows = [
        ["case_id", "type", "date"],
        ["K1", "notification_received", "2024-03-01"],
        ["K1", "notification_assessed", "2024-03-02"],
        ["K2", "notification_received", "2024-03-03"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    book.save(&path).unwrap();
    let limit = |cells: &str, lang: &str| {
        let words = ["audit", "--as-of", "2025-06-30", "--lang", lang];
        run_with(
            args(&words, &path, &[]),
            &[("CASEAUDIT_TEST_MAX_SHEET_CELLS", cells)],
        )
    };
    // 12 cells: at a limit of 12 the sheet is read; at 11 the twelfth cell, C4, passes it.
    let r = limit("12", "en");
    assert!(matches!(r.code, Some(0 | 1)), "{}", r.all());
    let r = limit("11", "en");
    assert_eq!(r.code, Some(2), "{}", r.all());
    assert!(
        r.err.contains("big.xlsx") && r.err.contains("more than 11 cells (at C4)"),
        "{}",
        r.err
    );
    let r = limit("11", "da");
    assert!(r.err.contains("mere end 11 celler (ved C4)"), "{}", r.err);
    // The variable only lowers the limit.
    let r = limit("99999999999", "en");
    assert!(matches!(r.code, Some(0 | 1)), "{}", r.all());
}

/// Found by the `xlsx` fuzz target: a sheet whose `<dimension ref>` is written backwards
/// (`C3:A1`) made a debug build panic inside calamine. It reads as the same workbook with
/// the dimension the right way round.
#[test]
fn xlsx_with_a_backwards_dimension_reads_like_the_workbook_it_was() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/xlsx");
    let backwards = validate(&fixtures.join("reversed_dimension.xlsx"), &[]);
    let original = validate(&fixtures.join("date1904.xlsx"), &[]);
    assert_eq!(backwards.code, Some(0), "{}", backwards.all());
    let body = |r: &Run| r.out.replace("reversed_dimension", "date1904");
    assert_eq!(body(&backwards), body(&original));
}

#[test]
fn xlsx_date_system_comes_from_the_workbook_not_a_placeholder_cell() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("placeholder.xlsx");
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let sheet = book.add_worksheet();
    for (c, h) in ["case_id", "type", "date", "child_birth_date"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    // The first date cell is 1900-01-01 (serial 1), a common "no date" placeholder.
    sheet.write_string(1, 0, "K1").unwrap();
    sheet.write_string(1, 1, "notification_received").unwrap();
    sheet.write_number(1, 2, 45352.0).unwrap(); // 2024-03-01 as a plain serial
    let placeholder = ExcelDateTime::from_ymd(1900, 1, 1).unwrap();
    sheet
        .write_datetime_with_format(1, 3, &placeholder, &date)
        .unwrap();
    sheet.write_string(2, 0, "K1").unwrap();
    sheet.write_string(2, 1, "notification_assessed").unwrap();
    let assessed = ExcelDateTime::from_ymd(2024, 3, 2).unwrap();
    sheet
        .write_datetime_with_format(2, 2, &assessed, &date)
        .unwrap();
    book.save(&path).unwrap();
    let r = audit_json(&path, &[]);
    assert!(r.out.contains("2024-03-01"), "{}", r.all());
    assert!(!r.out.contains("2028-03-0"), "{}", r.out);
}

#[test]
fn rule_spans_beyond_the_limit_are_refused_naming_file_and_key() {
    for (file, from, to) in [
        (
            "B1.toml",
            "within = \"4 months\"",
            "within = \"4294967295 workdays\"",
        ),
        (
            "S2.toml",
            "every = \"12 months\"",
            "every = \"4294967295 months\"",
        ),
        (
            "S2.toml",
            "every = \"12 months\"",
            "every = \"4294967295 days\"",
        ),
        (
            "S1.toml",
            "lookback = \"6 months\"",
            "lookback = \"40000 days\"",
        ),
    ] {
        let rules = common::rules_copy();
        let path = rules.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} lacks {from}");
        std::fs::write(&path, text.replace(from, to)).unwrap();
        let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo/cases.json");
        let r = audit_json(&demo, &["--rules", rules.path().to_str().unwrap()]);
        assert_eq!(r.code, Some(2), "{to}: {}", r.all());
        let key = to.split(' ').next().unwrap();
        assert!(r.err.contains(file) && r.err.contains(key), "{}", r.err);
        assert!(r.err.contains("100"), "{}", r.err);
    }
}

const EVENT_A: &str = r#"{"type":"notification_received","date":"2024-03-01"}"#;
const EVENT_B: &str = r#"{"type":"notification_assessed","date":"2024-03-02"}"#;

fn case_json(id: &str) -> String {
    format!(r#"{{"case_id":"{id}","events":[{EVENT_A},{EVENT_B}]}}"#)
}

#[test]
fn json_duplicate_cases_key_is_refused_not_dropped() {
    let text = format!(
        "{{\"cases\":[{},{}],\n\"cases\":[{}]}}",
        case_json("A"),
        case_json("B"),
        case_json("C")
    );
    let (_dir, path) = temp_file("dup.json", text);
    let r = validate(&path, &[]);
    assert_eq!(r.code, Some(2), "{}", r.all());
    assert!(
        r.out.contains("\"cases\"") && r.out.contains("line 2"),
        "{}",
        r.all()
    );
}

#[test]
fn json_two_events_arrays_in_one_case_are_refused_not_dropped() {
    let text = format!("[{{\"case_id\":\"A\",\"events\":[{EVENT_A}],\"events\":[{EVENT_B}]}}]");
    let (_dir, path) = temp_file("dup.json", text);
    let r = validate(&path, &[]);
    assert_eq!(r.code, Some(2), "{}", r.all());
    assert!(r.out.contains("\"events\""), "{}", r.all());
    // In NDJSON the line is rejected, the others read.
    let text = format!(
        "{}\n{{\"case_id\":\"B\",\"events\":[{EVENT_A}],\"events\":[{EVENT_B}]}}\n",
        case_json("A")
    );
    let (_dir, path) = temp_file("dup.ndjson", text);
    let r = validate(&path, &[]);
    assert_eq!(r.code, Some(0), "{}", r.all());
    assert!(
        r.out.contains("1 rejected") && r.out.contains("\"events\""),
        "{}",
        r.out
    );
}

#[test]
fn ndjson_with_lone_cr_line_endings_reads_each_line() {
    let text = format!(
        "{}\r{}\r{}\r",
        case_json("A"),
        case_json("B"),
        case_json("C")
    );
    let (_dir, path) = temp_file("mac.ndjson", text);
    let r = validate(&path, &[]);
    assert_eq!(r.code, Some(0), "{}", r.all());
    assert!(r.out.contains("cases             3,"), "{}", r.out);
    assert!(
        r.out.contains("6 read, 6 accepted, 0 rejected"),
        "{}",
        r.out
    );
}

/// `cases             N,` from validate's summary.
fn cases_of(r: &Run) -> String {
    let line = r.out.lines().find(|l| l.trim_start().starts_with("cases"));
    line.unwrap_or_else(|| panic!("{}", r.all())).to_string()
}

#[test]
fn a_case_whose_events_are_all_rejected_counts_the_same_from_json_csv_and_wide() {
    let json = r#"[
{"case_id":"A","events":[{"type":"notification_received","date":"2024-03-01"}]},
{"case_id":"B","events":[{"type":"notification_received","date":"2024-13-45"},{"type":"no_such_event","date":"2024-03-01"}]},
{"case_id":"C","events":[]}
]"#;
    let long = "case_id,type,date\nA,notification_received,2024-03-01\nB,notification_received,2024-13-45\nB,no_such_event,2024-03-01\n";
    let wide = "case_id,notification_received\nA,2024-03-01\nB,2024-13-45\nC,\n";
    let (_a, json) = temp_file("cases.json", json);
    let (_b, long) = temp_file("long.csv", long);
    let (_c, wide) = temp_file("wide.csv", wide);
    let json = validate(&json, &[]);
    let long = validate(&long, &[]);
    let wide = validate(&wide, &[]);
    // A and C are cases (C has no events, which is a record of its own); B is not: all its
    // records were rejected, and they are listed.
    assert!(cases_of(&json).contains(" 2, 1 event"), "{}", json.all());
    assert!(cases_of(&long).contains(" 1, 1 event"), "{}", long.all());
    assert!(cases_of(&wide).contains(" 2, 1 event"), "{}", wide.all());
    for r in [&json, &long, &wide] {
        assert!(r.out.contains("2024-13-45"), "{}", r.out);
    }
}

#[test]
fn an_empty_cell_mapped_to_no_reads_the_same_from_csv_and_xlsx() {
    let rows = [
        [
            "case_id",
            "type",
            "date",
            "outcome",
            "provision",
            "appeal_guidance",
        ],
        ["K1", "decision", "2024-03-01", "refused", "SEL § 52", "x"],
        ["K2", "decision", "2024-03-01", "refused", "SEL § 52", ""],
    ];
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("ticks.csv");
    let text: String = rows.iter().map(|r| r.join(";") + "\n").collect();
    std::fs::write(&csv, text).unwrap();
    let xlsx = dir.path().join("ticks.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                sheet.write_string(r as u32, c as u16, *v).unwrap();
            }
        }
    }
    book.save(&xlsx).unwrap();
    let mapping = dir.path().join("ticks.toml");
    std::fs::write(
        &mapping,
        "[values.appeal_guidance]\n\"x\" = \"ja\"\n\"\" = \"nej\"\n",
    )
    .unwrap();
    let m = mapping.to_str().unwrap();
    let results = |path: &Path| {
        let r = audit_json(path, &["--mapping", m]);
        let mut doc: serde_json::Value =
            serde_json::from_str(&r.out).unwrap_or_else(|_| panic!("{}", r.all()));
        // Inputs and the command line name the file; everything read from it must agree.
        doc.as_object_mut().unwrap().remove("inputs");
        doc.as_object_mut().unwrap().remove("tool");
        doc
    };
    let from_csv = results(&csv);
    assert_eq!(from_csv, results(&xlsx));
    // K2's empty cell said no: its guidance check fails rather than not being assessable.
    let text = from_csv.to_string();
    assert!(text.contains("appeal guidance: no"), "{text}");
}

#[test]
fn rejects_pointed_at_the_input_is_refused_and_the_export_kept() {
    let text = "case_id,type,date\nA,notification_received,2024-03-01\nB,notification_received,2024-13-45\n";
    let (dir, path) = temp_file("export.csv", text);
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let roundabout = dir.path().join("sub").join("..").join("export.csv");
    for target in [&path, &roundabout] {
        let r = audit_json(&path, &["--rejects", target.to_str().unwrap()]);
        assert_eq!(r.code, Some(2), "{}", r.all());
        assert!(r.err.contains("som kommandoen læser"), "{}", r.err);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    }
    // The report's -o too.
    let words = [
        "audit",
        "--as-of",
        "2025-06-30",
        "-o",
        roundabout.to_str().unwrap(),
    ];
    let r = run(args(&words, &path, &[]));
    assert_eq!(r.code, Some(2), "{}", r.all());
    assert!(r.err.contains("som kommandoen læser"), "{}", r.err);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

/// One bad input: file name, bytes, the exit code `validate --lang en` gives, and a text
/// its output holds (the rejected value, or the refusal).
struct Bad {
    name: &'static str,
    file: &'static str,
    bytes: Vec<u8>,
    code: i32,
    says: &'static str,
}

fn bad(
    name: &'static str,
    file: &'static str,
    bytes: impl Into<Vec<u8>>,
    code: i32,
    says: &'static str,
) -> Bad {
    Bad {
        name,
        file,
        bytes: bytes.into(),
        code,
        says,
    }
}

const LONG_HEADER: &str = "case_id,type,date,child_birth_date,outcome,id,ref\n";

fn long(rows: &str) -> Vec<u8> {
    format!("{LONG_HEADER}{rows}").into_bytes()
}

/// A header of `known` (comma-separated) and `n` more columns named `prefix1`, `prefix2` …
/// (with a prefix not ending in `_`, the number in letters: `xa`, `xb` … `xaa`, as digits
/// would make the header look like data), and one row: `K1` (when the first known column is the case id),
/// `notification_received`, `2024-03-01`, then dates under the first three of the others.
fn many_columns(n: usize, known: &str, prefix: &str) -> String {
    let mut text = known.to_string();
    for i in 1..=n {
        match prefix.ends_with('_') {
            true => text += &format!(",{prefix}{i}"),
            false => text += &format!(",{prefix}{}", letters(i)),
        }
    }
    let values = ["K1", "notification_received", "2024-03-01"];
    let first: Vec<&str> = match known.split(',').count() {
        1 => vec!["K1"],
        2 => values[1..].to_vec(),
        _ => values.to_vec(),
    };
    text += &format!("\n{}", first.join(","));
    for i in 0..n {
        text += if i < 3 { ",2024-03-01" } else { "," };
    }
    text + "\n"
}

/// `1` → `a`, `26` → `z`, `27` → `aa` …
fn letters(mut i: usize) -> String {
    let mut out = Vec::new();
    while i > 0 {
        i -= 1;
        out.push(b'a' + (i % 26) as u8);
        i /= 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap()
}

fn matrix() -> Vec<Bad> {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let deep_ndjson = format!(
        "{}\n{{\"case_id\":\"K\",\"x\":{}{}}}\n",
        case_json("A"),
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let big_field = long(&format!(
        "A,notification_received,2024-03-01,,{},,\n",
        "x".repeat(20 << 20)
    ));
    let mut invalid_utf8_json = br#"[{"case_id":"A","events":[{"type":"notification_received","date":"2024-03-01","reporter":""#.to_vec();
    invalid_utf8_json.extend(b"\xff\xfe\"}]}]");
    vec![
        bad("empty csv", "x.csv", "", 2, "empty"),
        bad("empty json", "x.json", "", 2, "x.json"),
        bad("empty ndjson", "x.ndjson", "", 0, "no records"),
        bad("header only", "x.csv", LONG_HEADER, 0, "no records"),
        bad(
            "truncated json",
            "x.json",
            &case_json("A")[..40],
            2,
            "line 1",
        ),
        bad("json nested 100,000 deep", "x.json", deep, 2, "recursion"),
        bad(
            "ndjson line nested 100,000 deep",
            "x.ndjson",
            deep_ndjson,
            0,
            "recursion",
        ),
        bad(
            "json top level is a string",
            "x.json",
            "\"cases\"",
            2,
            "expected an array of cases",
        ),
        bad(
            "json cases not an array",
            "x.json",
            r#"{"cases":{"case_id":"A"}}"#,
            2,
            "expected an array of cases",
        ),
        bad(
            "json case id a number, events an object",
            "x.json",
            r#"[{"case_id":"A","events":{"type":"decision"}},{"case_id":5,"events":[]}]"#,
            0,
            "events must be an array",
        ),
        bad(
            "json date a number",
            "x.json",
            r#"[{"case_id":"A","events":[{"type":"notification_received","date":20240301}]}]"#,
            0,
            "20240301",
        ),
        bad(
            "json invalid utf-8",
            "x.json",
            invalid_utf8_json,
            2,
            "UTF-8",
        ),
        bad(
            "csv invalid utf-8 and not 1252",
            "x.csv",
            long("A,notification_received,2024-03-01,,\u{1}\u{2},,\n")
                .into_iter()
                .chain(b"\x81\x8d\x8f\x90\x9d\n".iter().copied())
                .collect::<Vec<u8>>(),
            2,
            "x.csv",
        ),
        bad(
            "csv NUL bytes",
            "x.csv",
            long("A,notification_received,2024-03-01,,a\0b,,\n"),
            2,
            "x.csv",
        ),
        bad(
            "json NUL bytes",
            "x.json",
            b"[{\"case_id\":\"A\0\",\"events\":[]}]\0".to_vec(),
            2,
            "x.json",
        ),
        bad("a 20 MB field", "x.csv", big_field, 0, "1 rejected"),
        bad(
            "ragged rows",
            "x.csv",
            long("A,notification_received,2024-03-01,,,,,extra\nB,notification_received\n"),
            0,
            "2 rejected",
        ),
        bad(
            "unknown event type",
            "x.csv",
            long("A,moon_landing,2024-03-01,,,,\n"),
            0,
            "moon_landing",
        ),
        bad(
            "month 13 day 45",
            "x.csv",
            long("A,notification_received,2024-13-45,,,,\n"),
            0,
            "2024-13-45",
        ),
        bad(
            "29 February 2023",
            "x.csv",
            long("A,notification_received,2023-02-29,,,,\n"),
            0,
            "2023-02-29",
        ),
        bad(
            "a date with a zone",
            "x.csv",
            long(
                "A,notification_received,2024-03-01T10:00+01:00,,,,\nB,notification_received,2024-03-01T10:00Z,,,,\n",
            ),
            0,
            "2 rejected",
        ),
        bad(
            "an event before the child's birth",
            "x.csv",
            long("A,notification_received,2020-03-01,2021-01-01,,,\n"),
            0,
            "2020-03-01",
        ),
        bad(
            "duplicate case ids in json",
            "x.json",
            format!("[{},{}]", case_json("A"), case_json("A")),
            0,
            "appears earlier",
        ),
        bad(
            "duplicate case ids in a wide file",
            "x.csv",
            "case_id,notification_received\nA,2024-03-01\nA,2024-03-02\n",
            2,
            "--layout",
        ),
        bad(
            "a dangling ref",
            "x.csv",
            long(
                "A,notification_received,2024-03-01,,,n1,\nA,notification_assessed,2024-03-02,,,,n9\n",
            ),
            0,
            "n9",
        ),
        bad(
            "an unknown outcome",
            "x.csv",
            long("A,decision,2024-03-01,,maybe_later,,\n"),
            0,
            "maybe_later",
        ),
        bad(
            "json duplicate cases key",
            "x.json",
            format!("{{\"cases\":[{}],\"cases\":[]}}", case_json("A")),
            2,
            "appears twice",
        ),
        bad(
            "ndjson with lone CR",
            "x.ndjson",
            format!("{}\r{}\r", case_json("A"), case_json("B")),
            0,
            "0 rejected",
        ),
        bad(
            "xlsx that is not a workbook",
            "x.xlsx",
            b"PK\x03\x04 not a zip".to_vec(),
            2,
            "workbook",
        ),
    ]
}

#[test]
fn bad_input_matrix() {
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for (i, case) in matrix().into_iter().enumerate() {
        let path = dir.path().join(format!("{i}-{}", case.file));
        std::fs::write(&path, &case.bytes).unwrap();
        let r = validate(&path, &[]);
        let shown = r.all();
        if r.code != Some(case.code) || !shown.contains(case.says) {
            let head: String = shown.chars().take(1500).collect();
            failures.push(format!(
                "{}: exit {:?}, wanted {} and {:?}:\n{head}",
                case.name, r.code, case.code, case.says
            ));
        }
        // The audit gives the same answer: the records are read the same way. An input
        // with no accepted record is exit 2 for the audit alone (nothing could be audited;
        // Danish by default: "intet kunne revideres").
        let a = audit_json(&path, &[]);
        if a.code == Some(2) && case.code != 2 && !a.err.contains("intet kunne revideres") {
            failures.push(format!("{}: audit exit 2: {}", case.name, a.err));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Runs one bad input as [`bad_input_matrix`] runs each of its own: `validate` gives the
/// exit code and text the case says, and `audit` the same answer.
fn check(case: Bad) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(case.file);
    std::fs::write(&path, &case.bytes).unwrap();
    let r = validate(&path, &[]);
    let shown = r.all();
    let head: String = shown.chars().take(1500).collect();
    assert_eq!(r.code, Some(case.code), "{}: {head}", case.name);
    assert!(
        shown.contains(case.says),
        "{}: wanted {:?}: {head}",
        case.name,
        case.says
    );
    let a = audit_json(&path, &[]);
    assert!(
        a.code != Some(2) || case.code == 2 || a.err.contains("intet kunne revideres"),
        "{}: audit exit 2: {}",
        case.name,
        a.err
    );
}

// Issue 15, "Resources": each find of the attack run, in time and memory.

#[test]
fn a_header_of_100_000_unknown_columns_reads_in_linear_time() {
    check(bad(
        "a header of 100,000 unknown columns",
        "x.csv",
        many_columns(100_000, "case_id,type,date", "x"),
        0,
        "1 read, 1 accepted",
    ));
}

#[test]
fn a_header_of_100_000_wide_event_columns_reads_in_linear_time() {
    check(bad(
        "100,000 wide event columns",
        "x.csv",
        many_columns(100_000, "case_id", "follow_up_"),
        0,
        "3 read, 3 accepted",
    ));
}

#[test]
fn a_column_name_of_100_000_bytes_is_not_cut_word_by_word() {
    check(bad(
        "a column name of 100,000 bytes",
        "x.csv",
        LONG_HEADER.replace("ref", &"a_".repeat(50_000))
            + "A,notification_received,2024-03-01,,,,\n",
        0,
        "1 read, 1 accepted",
    ));
}

#[test]
fn a_refusal_names_the_first_columns_of_100_000_not_all() {
    let case = bad(
        "100,000 columns and none a case id",
        "x.csv",
        many_columns(100_000, "type,date", "x"),
        2,
        "(100002 columns)",
    );
    let (_dir, path) = temp_file("x.csv", case.bytes);
    let r = validate(&path, &[]);
    assert_eq!(r.code, Some(2), "{}", r.all());
    assert!(r.out.contains(case.says) && r.out.len() < 2000, "{}", r.out);
}

/// `validate --lang en` and `audit` (JSON) of `path`.
fn validate_and_audit(path: &Path) -> (Run, Run) {
    let validate = validate(path, &[]);
    let audit = audit_json(path, &["--lang", "en"]);
    (validate, audit)
}

/// A quoted field of 40 MB: the reader kept every byte of it, and copied it twice more
/// (unescaped, then as the rejected value), so 400 MB aborted under 1 GB; it is now cut
/// as it is read (streamed and collected alike), and its record rejected. What it costs is
/// counted in tests/reading_memory.rs.
#[test]
fn a_40_mb_quoted_field_is_rejected() {
    let text = format!(
        "case_id,type,date,outcome\nK1,decision,2024-03-01,\"{}\"\nK2,notification_received,2024-03-01,\n",
        "x".repeat(40_000_000)
    );
    let (_dir, path) = temp_file("field.csv", text);
    let (validate, audit) = validate_and_audit(&path);
    assert_eq!(validate.code, Some(0), "{}", validate.all());
    assert!(
        validate.out.contains("2 read, 1 accepted, 1 rejected"),
        "{}",
        validate.out
    );
    assert!(
        validate.out.contains("longer than 100000 bytes"),
        "{}",
        validate.out
    );
    assert_eq!(audit.code, Some(0), "{}", audit.all());
}

/// An NDJSON string of 40 MB written with escapes (`\n`): serde_json unescapes a string
/// whole before it is handed on, so it is cut before serde_json reads it (counted in
/// tests/reading_memory.rs).
#[test]
fn a_40_mb_json_string_is_rejected() {
    let text = format!(
        "{{\"case_id\":\"K1\",\"events\":[{{\"type\":\"decision\",\"date\":\"2024-03-01\",\"outcome\":\"{}\"}}]}}\n\
         {{\"case_id\":\"K2\",\"events\":[{{\"type\":\"notification_received\",\"date\":\"2024-03-01\"}}]}}\n",
        "x\\n".repeat(13_333_333)
    );
    let (_dir, path) = temp_file("string.ndjson", text);
    let (validate, audit) = validate_and_audit(&path);
    assert_eq!(validate.code, Some(0), "{}", validate.all());
    assert!(
        validate.out.contains("2 read, 1 accepted, 1 rejected"),
        "{}",
        validate.out
    );
    assert!(
        validate.out.contains("longer than 100000 bytes"),
        "{}",
        validate.out
    );
    assert_eq!(audit.code, Some(0), "{}", audit.all());
}

/// 400,000 rejected rows (each about 400 bytes held: ten million took 4.1 GB): all counted,
/// the first 10,000 listed, and every one written by `--rejects` (the memory they cost is
/// counted in tests/reading_memory.rs).
#[test]
fn four_hundred_thousand_rejected_rows_are_counted_listed_and_written() {
    let mut text = String::from("case_id,type,date\nK0,notification_received,2024-03-01\n");
    for i in 1..=400_000 {
        text += &format!("{i}\n"); // one field where the header has three
    }
    let (dir, path) = temp_file("bad.csv", text);
    let rejects = dir.path().join("rejects.csv");
    let run = |words: &[&str]| run_with(args(words, &path, &["--lang", "en"]), &[]);
    let v = run(&["validate"]);
    assert_eq!(v.code, Some(0), "{}", v.all());
    assert!(
        v.out.contains("400001 read, 1 accepted, 400000 rejected"),
        "{}",
        v.out
    );
    assert!(
        v.out
            .contains("and 390,000 more rejected records, not listed"),
        "{}",
        v.out
    );
    let r = rejects.to_str().unwrap();
    let a = run(&[
        "audit",
        "--format",
        "json",
        "--as-of",
        "2025-06-30",
        "--rejects",
        r,
    ]);
    assert_eq!(a.code, Some(0), "{}", a.all());
    let report: serde_json::Value = serde_json::from_str(&a.out).unwrap();
    assert_eq!(report["rejected"].as_array().unwrap().len(), 10_000);
    assert_eq!(report["rejected_not_listed"], 390_000);
    let written = std::fs::read_to_string(&rejects).unwrap();
    assert_eq!(written.lines().count(), 1 + 400_000);
    assert!(
        written.lines().last().unwrap().contains(",400002,"),
        "{}",
        written.lines().last().unwrap()
    );
}

/// Numeric JSON case ids went through f64: `10000000000000001` became `…000`, so two
/// cases were one (the second rejected as a copy). A number is read as its text.
#[test]
fn numeric_json_case_ids_keep_their_digits() {
    let event =
        r#"{"type":"notification_received","date":"2024-03-01","id":123456789012345678901234}"#;
    let text = format!(
        "{{\"case_id\":10000000000000001,\"events\":[{event}]}}\n\
         {{\"case_id\":10000000000000000,\"events\":[{event}]}}\n"
    );
    for name in ["ids.ndjson", "ids.json"] {
        let text = match name {
            "ids.json" => format!("[{}]", text.trim_end().replace('\n', ",")),
            _ => text.clone(),
        };
        let (_dir, path) = temp_file(name, text);
        let r = validate(&path, &[]);
        assert!(
            r.out.contains("2 read, 2 accepted, 0 rejected"),
            "{name}: {}",
            r.out
        );
        let a = audit_json(&path, &[]);
        for id in [
            "10000000000000001",
            "10000000000000000",
            "123456789012345678901234",
        ] {
            assert!(a.out.contains(id), "{name}: {id}: {}", a.out);
        }
    }
}

/// A part of a zip file written by hand, so that it can say another size than it holds.
struct Part {
    name: &'static str,
    /// Raw deflate data, or the bytes stored.
    data: Vec<u8>,
    deflated: bool,
    crc: u32,
    /// The size the zip says the part inflates to.
    size: u32,
}

impl Part {
    fn stored(name: &'static str, bytes: &[u8]) -> Part {
        Part {
            name,
            data: bytes.to_vec(),
            deflated: false,
            crc: crc32fast::hash(bytes),
            size: bytes.len() as u32,
        }
    }

    /// `head`, then `unit` `count` times, then `tail`, deflated a block at a time (each
    /// block compressed once and repeated: gigabytes without compressing gigabytes).
    fn deflated(name: &'static str, head: &str, unit: &str, count: usize, tail: &str) -> Part {
        use std::io::Write;
        let block = |bytes: &[u8], last: bool| {
            let level = flate2::Compression::best();
            let mut e = flate2::write::DeflateEncoder::new(Vec::new(), level);
            e.write_all(bytes).unwrap();
            if last {
                return e.finish().unwrap();
            }
            e.flush().unwrap(); // a sync flush: the block ends on a byte
            e.get_ref().clone()
        };
        let unit = unit.repeat((1 << 20) / unit.len());
        let (head_z, unit_z) = (block(head.as_bytes(), false), block(unit.as_bytes(), false));
        let mut data = head_z;
        for _ in 0..count {
            data.extend(&unit_z);
        }
        data.extend(block(tail.as_bytes(), true));
        let mut crc = crc32fast::Hasher::new();
        crc.update(head.as_bytes());
        let mut unit_crc = crc32fast::Hasher::new();
        unit_crc.update(unit.as_bytes());
        for _ in 0..count {
            crc.combine(&unit_crc);
        }
        crc.update(tail.as_bytes());
        let size = head.len() as u64 + (unit.len() * count) as u64 + tail.len() as u64;
        Part {
            name,
            data,
            deflated: true,
            crc: crc.finalize(),
            size: u32::try_from(size).unwrap(),
        }
    }

    /// The part, saying it inflates to `size` bytes.
    fn saying(self, size: u32) -> Part {
        Part { size, ..self }
    }
}

/// A zip file of `parts` (no zip64: each below 4 GiB).
fn zip_file(parts: &[Part]) -> Vec<u8> {
    let (mut out, mut central) = (Vec::new(), Vec::new());
    let u16s = |v: &mut Vec<u8>, xs: &[u16]| xs.iter().for_each(|x| v.extend(x.to_le_bytes()));
    let u32s = |v: &mut Vec<u8>, xs: &[u32]| xs.iter().for_each(|x| v.extend(x.to_le_bytes()));
    for p in parts {
        let offset = out.len() as u32;
        let method = if p.deflated { 8 } else { 0 };
        let (csize, name) = (p.data.len() as u32, p.name.as_bytes());
        u32s(&mut out, &[0x0403_4b50]);
        u16s(&mut out, &[20, 0, method, 0, 0x21]);
        u32s(&mut out, &[p.crc, csize, p.size]);
        u16s(&mut out, &[name.len() as u16, 0]);
        out.extend(name);
        out.extend(&p.data);
        u32s(&mut central, &[0x0201_4b50]);
        u16s(&mut central, &[20, 20, 0, method, 0, 0x21]);
        u32s(&mut central, &[p.crc, csize, p.size]);
        u16s(&mut central, &[name.len() as u16, 0, 0, 0, 0]);
        u32s(&mut central, &[0, offset]);
        central.extend(name);
    }
    let at = out.len() as u32;
    out.extend(&central);
    u32s(&mut out, &[0x0605_4b50]);
    u16s(&mut out, &[0, 0, parts.len() as u16, parts.len() as u16]);
    u32s(&mut out, &[central.len() as u32, at]);
    u16s(&mut out, &[0]);
    out
}

const XLSX_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>"#;
const XLSX_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const XLSX_BOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const XLSX_BOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
const SHEET_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>case_id</t></is></c><c r="B1" t="inlineStr"><is><t>type</t></is></c><c r="C1" t="inlineStr"><is><t>date</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>K1</t></is></c><c r="B2" t="inlineStr"><is><t>notification_received</t></is></c><c r="C2" t="inlineStr"><is><t>2024-03-01</t></is></c></row>"#;
const SHEET_TAIL: &str = "</sheetData></worksheet>";

/// An .xlsx of one sheet (a header and one record, then `sheet`'s own part, if given) and
/// `more` parts.
fn xlsx_with(sheet: Option<Part>, more: Vec<Part>) -> Vec<u8> {
    let mut parts = vec![
        Part::stored("[Content_Types].xml", XLSX_TYPES.as_bytes()),
        Part::stored("_rels/.rels", XLSX_RELS.as_bytes()),
        Part::stored("xl/workbook.xml", XLSX_BOOK.as_bytes()),
        Part::stored("xl/_rels/workbook.xml.rels", XLSX_BOOK_RELS.as_bytes()),
    ];
    let plain = format!("{SHEET_HEAD}{SHEET_TAIL}");
    parts.push(sheet.unwrap_or_else(|| Part::stored("xl/worksheets/sheet1.xml", plain.as_bytes())));
    parts.extend(more);
    zip_file(&parts)
}

/// `validate` of a workbook: refused (exit 2) saying `says`.
fn refused_workbook(name: &str, bytes: Vec<u8>, says: &str) {
    let (_dir, path) = temp_file(name, bytes);
    let r = validate(&path, &[]);
    assert_eq!(r.code, Some(2), "{name}: {}", r.all());
    assert!(r.all().contains(says), "{name}: {}", r.all());
    let a = audit_json(&path, &[]);
    assert_eq!(a.code, Some(2), "{name}: {}", a.all());
}

/// Issue 15's zip bombs: workbooks of 1.5–3 MB whose parts inflate to gigabytes (one
/// shared string, one inline string, white space between rows), or whose styles are 50
/// million formats, or whose shared strings say they are four billion: calamine built them
/// before any limit applied. Each part's size is checked, as the zip says it and as it
/// inflates, and the formats and strings are counted, before calamine opens the workbook.
#[test]
fn workbooks_whose_parts_inflate_to_gigabytes_are_refused() {
    let gb = 3000; // blocks of 1 MiB
    let sst = r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>"#;
    let shared = Part::deflated("xl/sharedStrings.xml", sst, "x", gb, "</t></si></sst>");
    let book = xlsx_with(None, vec![shared]);
    assert!(book.len() < 4 << 20, "{}", book.len());
    refused_workbook(
        "shared.xlsx",
        book,
        "xl/sharedStrings.xml inflates to more than 128 MiB",
    );
    // The same inline in a cell, and as white space between rows.
    let cell = format!(r#"{SHEET_HEAD}<row r="3"><c r="A3" t="inlineStr"><is><t>"#);
    let tail = "</t></is></c></row></sheetData></worksheet>";
    let inline = || Part::deflated("xl/worksheets/sheet1.xml", &cell, "x", gb, tail);
    let book = xlsx_with(Some(inline()), vec![]);
    refused_workbook(
        "inline.xlsx",
        book,
        "sheet1.xml inflates to more than 128 MiB",
    );
    let space = Part::deflated("xl/worksheets/sheet1.xml", SHEET_HEAD, " ", gb, SHEET_TAIL);
    let book = xlsx_with(Some(space), vec![]);
    refused_workbook(
        "space.xlsx",
        book,
        "sheet1.xml inflates to more than 128 MiB",
    );
    // A part that says it is small and inflates past that is cut where it said it ends.
    let book = xlsx_with(Some(inline().saying(1000)), vec![]);
    refused_workbook(
        "lying.xlsx",
        book,
        "larger than its declared uncompressed size",
    );
    // 50 million formats (250 MB), and three million in a part of 16 MB: counted.
    let head = r#"<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs>"#;
    let tail = "</cellXfs></styleSheet>";
    let styles = |blocks| Part::deflated("xl/styles.xml", head, "<xf/>", blocks, tail);
    let book = xlsx_with(None, vec![styles(240)]);
    refused_workbook(
        "styles.xlsx",
        book,
        "styles.xml inflates to more than 128 MiB",
    );
    let book = xlsx_with(None, vec![styles(16)]);
    refused_workbook("styles.xlsx", book, "more than 65536 of a kind");
    // Four billion shared strings said, none there.
    let said = r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="4000000000"></sst>"#;
    let book = xlsx_with(
        None,
        vec![Part::stored("xl/sharedStrings.xml", said.as_bytes())],
    );
    refused_workbook("said.xlsx", book, "more than 5000000 shared strings");
}

/// An .ods of a header, `rows` (each `<table:table-row>…</table:table-row>`), as LibreOffice
/// writes it.
fn ods(rows: &str) -> Vec<u8> {
    let cell = |v: &str| {
        format!(
            r#"<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>"#
        )
    };
    let row = |vs: &[&str]| {
        format!(
            "<table:table-row>{}</table:table-row>",
            vs.iter().map(|v| cell(v)).collect::<String>()
        )
    };
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Ark1">{}{}{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#,
        row(&["case_id", "type", "date"]),
        row(&["K1", "notification_received", "2024-03-01"]),
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    zip_file(&[
        Part::stored(
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        Part::stored("META-INF/manifest.xml", manifest.as_bytes()),
        Part::stored("content.xml", content.as_bytes()),
    ])
}

/// Issue 15: an .ods of under a kilobyte became 98 million cells (calamine reads an .ods as
/// whole ranges, repeats expanded): a row repeated 6,000 times, 16,384 values wide; one
/// value in a far corner; a run of two billion spaces. Counted before calamine builds them,
/// and refused. Empty rows and columns repeated to the sheet's end, as LibreOffice writes
/// them, cost nothing and are read.
#[test]
fn an_ods_of_a_kilobyte_that_would_be_98_million_cells_is_refused() {
    let wide = r#"<table:table-row table:number-rows-repeated="6000"><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/></table:table-row>"#;
    let book = ods(wide);
    assert!(book.len() < 2000, "{}", book.len());
    refused_workbook("repeated.ods", book, "more than 5000000 cells");
    let corner = r#"<table:table-row table:number-rows-repeated="5997"><table:table-cell/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="16383"/><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#;
    refused_workbook("corner.ods", ods(corner), "more than 5000000 cells");
    let spaces = r#"<table:table-row><table:table-cell office:value-type="string"><text:p>K2<text:s text:c="2000000000"/></text:p></table:table-cell></table:table-row>"#;
    refused_workbook("spaces.ods", ods(spaces), "MiB of text");
    let trailing = r#"<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#;
    let (_dir, path) = temp_file("trailing.ods", ods(trailing));
    let r = validate(&path, &[]);
    assert_eq!(r.code, Some(0), "{}", r.all());
    assert!(r.out.contains("1 read, 1 accepted"), "{}", r.out);
}

/// One case of 24 MB (100,000 rows), streamed: where the next case begins was searched
/// again from the case's first row at each block read, so the work grew with the square of
/// the case (24 MB took 53 s in a debug build, 62 MB 32 s in release).
#[test]
fn one_case_of_24_mb_streams_in_linear_time() {
    let row = format!("K1,child_conversation,2024-03-01,{}\n", "x".repeat(210));
    let text = format!(
        "case_id,type,date,reason\n{}K2,child_conversation,2024-03-02,y\n",
        row.repeat(100_000)
    );
    let (_dir, path) = temp_file("one_case.csv", text);
    let words = [
        "audit",
        "--format",
        "json",
        "--results",
        "none",
        "--as-of",
        "2025-06-30",
    ];
    let r = run(args(&words, &path, &["--quiet"]));
    assert_eq!(r.code, Some(0), "{}", r.all());
    assert!(r.out.contains("\"cases\": 2,"), "{}", r.out);
}

#[test]
fn loader_errors_follow_lang_danish_by_default() {
    let (_dir, empty) = temp_file("empty.csv", "");
    let (_dir2, dates) = temp_file(
        "us.csv",
        "case_id,type,date\nA,notification_received,04/13/2024\n",
    );
    let (_dir3, ambiguous) = temp_file("amb.csv", "case_id;type,date\nA;x,1\n");
    let missing = Path::new("no/such/export.csv");
    // The rarer refusals too.
    let (_dir4, no_id) = temp_file("no_id.csv", "type,date\nx,2024-03-01\n");
    let (_dir5, pdf) = temp_file("export.pdf", "%PDF-1.4");
    let (_dir6, string) = temp_file("string.json", "\"cases\"");
    let (_dir7, twice) = temp_file(
        "twice.csv",
        "case_id,sagsnummer,type,date\nA,A,notification_received,2024-03-01\n",
    );
    let (_dir8, no_book) = temp_file("book.xlsx", "PK\x03\x04 not a zip");
    let (_dir9, no_date) = temp_file("no_date.csv", "case_id,type\nA,decision\n");
    for (path, da, en) in [
        (missing, "kunne ikke læse", "could not read"),
        (empty.as_path(), "tom", "empty"),
        (dates.as_path(), "måneden først", "month-first"),
        (ambiguous.as_path(), "tvetydigt", "ambiguous"),
        (
            no_id.as_path(),
            "ingen kolonne med sagsnummer",
            "no case id column",
        ),
        (pdf.as_path(), "ukendt filtype", "unknown file type"),
        (
            string.as_path(),
            "forventede en liste af sager",
            "expected an array",
        ),
        (
            twice.as_path(),
            "betyder begge case_id",
            "both mean case_id",
        ),
        (
            no_book.as_path(),
            "ikke en projektmappe",
            "not a readable workbook",
        ),
        (
            no_date.as_path(),
            "ingen kolonne med dato",
            "no date column",
        ),
    ] {
        let words = ["audit", "--as-of", "2025-06-30"];
        let r = run(args(&words, path, &[]));
        assert_eq!(r.code, Some(2), "{}", r.all());
        assert!(
            r.err.contains("caseaudit: fejl:") && r.err.contains(da),
            "{}",
            r.err
        );
        let r = run(args(&words, path, &["--lang", "en"]));
        assert!(
            r.err.contains("caseaudit: error:") && r.err.contains(en),
            "{}",
            r.err
        );
        let r = run(args(&["validate"], path, &[]));
        assert!(r.out.contains(da), "{}", r.all());
    }
}

#[test]
fn mapping_file_errors_follow_lang() {
    let (_dir, mapping) = temp_file("bad.toml", "[columns]\nA = \"colour\"\n");
    let (_dir2, export) = temp_file("x.csv", "case_id,type,date\n");
    let m = mapping.to_str().unwrap();
    for (lang, says) in [
        ("da", "mappingfil"),
        ("da", "\"colour\" er ikke et felt, caseaudit kender"),
        ("en", "mapping file"),
        ("en", "\"colour\" is not a field caseaudit knows"),
    ] {
        let words = [
            "audit",
            "--as-of",
            "2025-06-30",
            "--lang",
            lang,
            "--mapping",
            m,
        ];
        let r = run(args(&words, &export, &[]));
        assert_eq!(r.code, Some(2), "{}", r.all());
        assert!(r.err.contains(says), "{}", r.err);
    }
    let words = ["audit", "--delimiter", "|"];
    let r = run(args(&words, &export, &[]));
    assert!(r.err.contains("--delimiter \"|\": brug"), "{}", r.err);
}

#[test]
fn control_characters_in_ids_do_not_reach_the_terminal_table() {
    let (_dir, path) = temp_file(
        "esc.json",
        r#"[{"case_id":"K\u001b[2J\u0007-1","events":[{"type":"notification_received","date":"2024-03-01","reporter":"professional"}]}]"#,
    );
    let out = caseaudit()
        .args(["audit", "--as-of", "2025-06-30"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("K\u{FFFD}[2J\u{FFFD}-1"), "{text}");
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{text}"
    );
}

/// Set in the child [`the_memory_limit_takes_effect`] starts: [`allocate_beyond_the_limit`]
/// then allocates.
const PROBE: &str = "CASEAUDIT_TEST_ALLOCATE_BEYOND_THE_LIMIT";

/// Reserves 1.5 GB, more than [`MEMORY_LIMIT`], when run as the probe; otherwise does
/// nothing (the memory is reserved, never touched, so even unlimited it costs nothing).
#[test]
fn allocate_beyond_the_limit() {
    if std::env::var_os(PROBE).is_some() {
        let big: Vec<u8> = Vec::with_capacity(3 << 29);
        println!("allocated {}", std::hint::black_box(big).capacity());
    }
}

/// The limit [`run`] sets really holds: this test binary, run again under it to do
/// nothing but [`allocate_beyond_the_limit`], fails where it succeeds without the limit.
#[cfg(unix)]
#[test]
fn the_memory_limit_takes_effect() {
    let probe = |command: Command| {
        let mut command = command;
        let out = command
            .args(["allocate_beyond_the_limit", "--exact", "--nocapture"])
            .env(PROBE, "1")
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.success(), text)
    };
    let me = std::env::current_exe().unwrap();
    let (ok, text) = probe(Command::new(&me));
    assert!(ok && text.contains("allocated 1610612736"), "{text}");
    let (ok, text) = probe(limited(Command::new(&me)));
    assert!(!ok, "{text}");
    assert!(text.contains("memory allocation of"), "{text}");
}
