//! Issue 15, "Data loss": no output replaces a file the command reads (compared by device
//! and inode, not by path), outputs are regular files (or `-` for stdout), written
//! atomically with the old file's mode kept, and no temporary file outlives the run, even a
//! run stopped by SIGTERM or SIGINT. Each test runs the real binary on files in a fresh
//! folder (docs/robustness.md, "Outputs").
mod common;

use common::caseaudit;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

const DEMO: &str = "fixtures/demo/cases.json";

fn demo_copy(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join(DEMO), &path).unwrap();
    path
}

fn run(dir: &Path, args: &[&str]) -> Output {
    caseaudit().current_dir(dir).args(args).output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The names in a folder, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn rejects_onto_a_hard_link_of_the_input_is_refused_and_the_export_kept() {
    let dir = tempfile::tempdir().unwrap();
    let text = "case_id,type,date\nA,notification_received,2024-03-01\nB,notification_received,2024-13-45\n";
    fs::write(dir.path().join("export.csv"), text).unwrap();
    fs::hard_link(dir.path().join("export.csv"), dir.path().join("link.csv")).unwrap();
    for (flag, lang, says) in [
        (
            "--rejects",
            "da",
            "er samme fil som export.csv, som kommandoen læser",
        ),
        (
            "-o",
            "en",
            "is the same file as export.csv, which the command reads",
        ),
    ] {
        let out = run(
            dir.path(),
            &[
                "audit",
                "export.csv",
                "--as-of",
                "2025-06-30",
                "--format",
                "json",
                flag,
                "link.csv",
                "--lang",
                lang,
            ],
        );
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains(says), "{}", stderr(&out));
        assert_eq!(
            fs::read_to_string(dir.path().join("export.csv")).unwrap(),
            text
        );
    }
}

/// A device node made for the test (never the system's own: a regression run as root would
/// replace it), a named pipe, and a symbolic link to the command's own stdout.
#[cfg(unix)]
#[test]
fn outputs_onto_a_device_a_pipe_or_a_link_to_stdout_are_refused_and_left_as_they_were() {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    demo_copy(dir.path(), "cases.json");
    let c = |p: &Path| CString::new(p.as_os_str().as_bytes()).unwrap();
    let fifo = dir.path().join("fifo.json");
    assert_eq!(unsafe { libc::mkfifo(c(&fifo).as_ptr(), 0o644) }, 0);
    let stdout_link = dir.path().join("stdout.json");
    std::os::unix::fs::symlink("/proc/self/fd/1", &stdout_link).unwrap();
    let mut targets = vec![(fifo.clone(), "pipe")];
    // The null device's numbers (1, 3), on a node of the test's own; only root may make one.
    let null = dir.path().join("null.json");
    let made = unsafe {
        libc::mknod(
            c(&null).as_ptr(),
            libc::S_IFCHR | 0o666,
            libc::makedev(1, 3),
        )
    };
    if made == 0 {
        targets.push((null.clone(), "device"));
    }
    if Path::new("/proc/self/fd/1").exists() {
        targets.push((stdout_link.clone(), "pipe"));
    }
    for (target, kind) in &targets {
        let name = target.file_name().unwrap().to_str().unwrap();
        for command in [
            &["audit", "cases.json", "--as-of", "2025-06-30", "-o"][..],
            &["audit", "cases.json", "--as-of", "2025-06-30", "--rejects"],
            &["worklist", "cases.json", "--as-of", "2025-06-30", "-o"],
            &["sample", "cases.json", "--size", "1", "--seed", "1", "-o"],
        ] {
            let mut args = command.to_vec();
            args.extend([name, "--lang", "en"]);
            let out = run(dir.path(), &args);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
            assert!(
                stderr(&out).contains(&format!("{name} is a {kind}")),
                "{args:?}: {}",
                stderr(&out)
            );
        }
    }
    // Still a pipe, a device, a link: nothing replaced them with a regular file.
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    if made == 0 {
        assert!(
            fs::symlink_metadata(&null)
                .unwrap()
                .file_type()
                .is_char_device()
        );
    }
    assert!(
        fs::symlink_metadata(&stdout_link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    // In Danish by default.
    let out = run(dir.path(), &["audit", "cases.json", "-o", "fifo.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("fifo.json er et rør"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn dash_is_stdout_and_no_file_is_named_dash() {
    let dir = tempfile::tempdir().unwrap();
    demo_copy(dir.path(), "cases.json");
    let out = run(
        dir.path(),
        &[
            "audit",
            "cases.json",
            "--as-of",
            "2025-06-30",
            "--format",
            "json",
            "-o",
            "-",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["schema_version"], 1);
    let out = run(
        dir.path(),
        &["worklist", "cases.json", "--as-of", "2025-06-30", "-o", "-"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("2025-06-30"));
    assert_eq!(names(dir.path()), ["cases.json"]);
    // A sample needs a file: its manifest goes beside it.
    let out = run(
        dir.path(),
        &[
            "sample",
            "cases.json",
            "--size",
            "1",
            "--seed",
            "1",
            "-o",
            "-",
            "--lang",
            "en",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("-o must name a file"),
        "{}",
        stderr(&out)
    );
}

/// Every file `audit` reads besides the export, named as its `-o`: refused, and left as it
/// was. Each run would succeed with another `-o`.
#[test]
fn the_report_never_replaces_a_file_the_audit_reads() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    demo_copy(d, "cases.json");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::copy(
        root.join("fixtures/review/review-filled.csv"),
        d.join("sheet.csv"),
    )
    .unwrap();
    fs::copy(
        root.join("fixtures/review/waivers.toml"),
        d.join("waivers.toml"),
    )
    .unwrap();
    fs::copy(
        root.join("fixtures/review/profile.toml"),
        d.join("profile.toml"),
    )
    .unwrap();
    fs::write(
        d.join("mapping.toml"),
        "[columns]\n\"Sagsnr\" = \"case_id\"\n",
    )
    .unwrap();
    fs::write(d.join("key.txt"), "a secret of the municipality\n").unwrap();
    fs::write(
        d.join("yardstick.toml"),
        "[[figure]]\ncompares_with = \"U1\"\nshare = 0.5\nyear = 2024\nsource = \"Kommunen\"\n\
         da = \"Egen\"\nen = \"Own\"\n",
    )
    .unwrap();
    fs::create_dir(d.join("rules")).unwrap();
    for entry in fs::read_dir(root.join("rules")).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, d.join("rules").join(path.file_name().unwrap())).unwrap();
    }
    let base = ["audit", "cases.json", "--as-of", "2025-06-30"];
    assert!(
        run(d, &[&base[..], &["-o", "baseline.json"]].concat())
            .status
            .success()
    );
    // The file, the flags that make the audit read it, and the format when the file's name
    // does not give one.
    let cases: [(&str, &[&str], &[&str]); 8] = [
        ("sheet.csv", &["--review", "sheet.csv"], &[]),
        (
            "waivers.toml",
            &["--waivers", "waivers.toml"],
            &["--format", "json"],
        ),
        (
            "mapping.toml",
            &["--mapping", "mapping.toml"],
            &["--format", "json"],
        ),
        (
            "profile.toml",
            &["--profile", "profile.toml"],
            &["--format", "json"],
        ),
        (
            "yardstick.toml",
            &["--yardstick", "yardstick.toml"],
            &["--format", "json"],
        ),
        (
            "rules/U1.toml",
            &["--rules", "rules"],
            &["--format", "json"],
        ),
        (
            "baseline.json",
            &[
                "--baseline",
                "baseline.json",
                "--fail-on-new",
                "--exit-zero",
            ],
            &[],
        ),
        ("key.txt", &["--pseudonymize-key-file", "key.txt"], &[]),
    ];
    let mut replaced = Vec::new();
    for (file, flags, format) in cases {
        let before = fs::read(d.join(file)).unwrap();
        let ok = run(d, &[&base[..], flags, &["-o", "other.json"]].concat());
        assert!(ok.status.success(), "{flags:?}: {}", stderr(&ok));
        let args = [&base[..], flags, format, &["-o", file, "--lang", "en"]].concat();
        let out = run(d, &args);
        if out.status.code() != Some(2)
            || !stderr(&out).contains("is a file the command reads")
            || fs::read(d.join(file)).unwrap() != before
        {
            replaced.push(format!(
                "{args:?}: {:?} {}",
                out.status.code(),
                stderr(&out)
            ));
        }
    }
    assert!(replaced.is_empty(), "{}", replaced.join("\n"));
    // Nor one output another.
    let out = run(
        d,
        &[
            &base[..],
            &["-o", "r.csv", "--rejects", "./r.csv", "--lang", "en"],
        ]
        .concat(),
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("is the same file as -o r.csv"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn sample_never_writes_its_manifest_over_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let export = demo_copy(dir.path(), "X.json.manifest.json");
    let before = fs::read(&export).unwrap();
    let out = run(
        dir.path(),
        &[
            "sample",
            "X.json.manifest.json",
            "--size",
            "2",
            "--seed",
            "1",
            "-o",
            "X.json",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(fs::read(&export).unwrap(), before);
    assert_eq!(names(dir.path()), ["X.json.manifest.json"]);
}

#[test]
fn review_and_explain_refuse_what_they_read_as_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let export = demo_copy(d, "cases.json");
    let before = fs::read(&export).unwrap();
    fs::hard_link(&export, d.join("sheet.csv")).unwrap();
    let out = run(
        d,
        &[
            "review",
            "cases.json",
            "--as-of",
            "2025-06-30",
            "-o",
            "sheet.csv",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(fs::read(&export).unwrap(), before);
    // A mapping file may have any name; explain writes .txt.
    let mapping = "[columns]\n\"Sagsnr\" = \"case_id\"\n";
    fs::write(d.join("mapping.txt"), mapping).unwrap();
    let args = [
        "explain",
        "cases.json",
        "--case",
        "K-2023-0305",
        "--mapping",
        "mapping.txt",
    ];
    assert!(run(d, &args).status.success());
    let out = run(d, &[&args[..], &["-o", "mapping.txt"]].concat());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(d.join("mapping.txt")).unwrap(), mapping);
}

/// `caseaudit audit export.csv >> export.csv` would append the report to the export it reads.
#[test]
fn stdout_redirected_into_an_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let export = demo_copy(dir.path(), "cases.json");
    let before = fs::read(&export).unwrap();
    let appending = fs::OpenOptions::new().append(true).open(&export).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_caseaudit"))
        .current_dir(dir.path())
        .args([
            "audit",
            "cases.json",
            "--as-of",
            "2025-06-30",
            "--lang",
            "en",
        ])
        .stdout(appending)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("stdout goes to cases.json"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fs::read(&export).unwrap(), before);
}

#[cfg(unix)]
#[test]
fn a_replaced_output_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(
        d.join("export.csv"),
        "case_id,type,date\nA,notification_received,2024-03-01\nB,notification_received,2024-13-45\n",
    )
    .unwrap();
    for name in ["report.json", "rejects.csv"] {
        fs::write(d.join(name), "old").unwrap();
        fs::set_permissions(d.join(name), fs::Permissions::from_mode(0o600)).unwrap();
    }
    let out = run(
        d,
        &[
            "audit",
            "export.csv",
            "--as-of",
            "2025-06-30",
            "-o",
            "report.json",
            "--rejects",
            "rejects.csv",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    for name in ["report.json", "rejects.csv"] {
        let meta = fs::metadata(d.join(name)).unwrap();
        assert_eq!(meta.permissions().mode() & 0o777, 0o600, "{name}");
        assert_ne!(fs::read_to_string(d.join(name)).unwrap(), "old");
    }
    assert_eq!(names(d), ["export.csv", "rejects.csv", "report.json"]);
}

#[test]
fn rejects_are_neutralised_as_the_reports_are() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(
        d.join("export.csv"),
        "case_id,type,date\nA,notification_received,2024-03-01\n\
         B,\"=HYPERLINK(\"\"http://x\"\")\",2024-03-01\nC,@SUM(1),2024-03-01\nD,+1+2,2024-03-01\n",
    )
    .unwrap();
    let out = run(
        d,
        &[
            "audit",
            "export.csv",
            "--as-of",
            "2025-06-30",
            "--rejects",
            "rejects.csv",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let mut reader = csv::Reader::from_path(d.join("rejects.csv")).unwrap();
    let values: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[3].to_string())
        .collect();
    assert_eq!(
        values,
        ["'=HYPERLINK(\"http://x\")", "'@SUM(1)", "'+1+2"],
        "every formula starts with ' as in the CSV report"
    );
}

/// Stops a run with `signal` once `ready` says it is writing, and returns how it ended.
#[cfg(unix)]
fn stop_while_writing(
    mut command: std::process::Command,
    signal: i32,
    ready: impl Fn() -> bool,
) -> std::process::ExitStatus {
    use std::time::{Duration, Instant};
    let mut child = command
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the run ended ({status}) before it was seen writing; make the input larger");
        }
        if ready() {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(300),
            "never seen writing"
        );
        std::thread::sleep(Duration::from_micros(200));
    }
    unsafe { libc::kill(child.id() as i32, signal) };
    child.wait().unwrap()
}

/// The temporary files `.NAME.PID.N.tmp` in `dir`.
fn temps(dir: &Path) -> Vec<String> {
    names(dir)
        .into_iter()
        .filter(|n| n.starts_with('.') && n.ends_with(".tmp"))
        .collect()
}

/// A large export: `n` cases with a rejected record each, so the audit has many results to
/// list and many rejected records to write.
fn large_export(dir: &Path, n: usize) -> PathBuf {
    use std::io::Write;
    let path = dir.join("export.csv");
    let mut w = std::io::BufWriter::new(fs::File::create(&path).unwrap());
    writeln!(w, "case_id,type,date,reporter").unwrap();
    for i in 0..n {
        writeln!(
            w,
            "K-{i},notification_received,2024-03-01T09:00,professional"
        )
        .unwrap();
        writeln!(w, "K-{i},notification_assessed,2024-03-09,").unwrap();
        writeln!(w, "K-{i},no_such_event_{i},2024-03-10,").unwrap();
    }
    path
}

#[cfg(unix)]
#[test]
fn a_run_stopped_mid_write_leaves_the_old_files_and_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("out");
    fs::create_dir(&d).unwrap();
    // The spilled result list's temporary file goes here: it must not stay either.
    let tmp = dir.path().join("tmp");
    fs::create_dir(&tmp).unwrap();
    let export = large_export(dir.path(), 60_000);
    for (signal, output, flag) in [
        (libc::SIGTERM, "rejects.csv", "--rejects"),
        (libc::SIGINT, "report.csv", "-o"),
    ] {
        let target = d.join(output);
        fs::write(&target, "the old file").unwrap();
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_caseaudit"));
        command
            .args([
                "audit",
                "--as-of",
                "2025-06-30",
                "--results",
                "all",
                "--format",
                "csv",
            ])
            .arg(&export)
            .arg(flag)
            .arg(&target)
            .env("TMPDIR", &tmp)
            .env("CASEAUDIT_TEST_RESULT_BUDGET", "100");
        // Writing: a temporary file is there, or (as before the fix) the old file is gone.
        let status = stop_while_writing(command, signal, || {
            !temps(&d).is_empty() || fs::read(&target).map_or(true, |b| b != b"the old file")
        });
        assert!(!status.success(), "stopped by the signal: {status}");
        assert_eq!(
            fs::read_to_string(&target).unwrap(),
            "the old file",
            "{output}"
        );
        assert!(temps(&d).is_empty(), "{:?}", names(&d));
        assert_eq!(
            names(&tmp),
            Vec::<String>::new(),
            "the spill file is gone too"
        );
    }
}
