//! The docs are the single source of their examples: every ```console block in README.md and
//! docs/*.md is run, and what it shows must be what the tool prints (issue 16). And the
//! project ships its own contract: no file refers to a contract file outside the repository.
//!
//! A console block holds commands (`$ caseaudit …`, run with `sh` in a scratch folder that
//! sees the project's `fixtures/` and `rules/`, `caseaudit` being the binary under test) each
//! followed by the lines it prints, stdout then stderr. A line `…` stands for any number of
//! lines; a line ending in `…` for a line that begins with the text before it. Every other
//! line must be printed as written (trailing spaces aside). A command with no lines after it
//! must print nothing.
use std::path::{Path, PathBuf};
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const ELLIPSIS: &str = "…";

/// One command of a console block and the lines it is shown to print.
struct Example {
    file: String,
    line: usize,
    command: String,
    expected: Vec<String>,
}

/// The console blocks of a Markdown file, as groups of examples run in one folder.
fn console_blocks(file: &str, text: &str) -> Vec<Vec<Example>> {
    let mut blocks = Vec::new();
    let mut current: Option<Vec<Example>> = None;
    for (i, line) in text.lines().enumerate() {
        let number = i + 1;
        match &mut current {
            None if line.trim_start().starts_with("```console") => current = Some(Vec::new()),
            None => {}
            Some(_) if line.trim_start().starts_with("```") => {
                blocks.push(current.take().unwrap_or_default());
            }
            Some(examples) => {
                if let Some(command) = line.strip_prefix("$ ") {
                    examples.push(Example {
                        file: file.to_string(),
                        line: number,
                        command: command.to_string(),
                        expected: Vec::new(),
                    });
                } else if let Some(example) = examples.last_mut() {
                    example.expected.push(line.to_string());
                } else {
                    panic!("{file}:{number}: a console block starts with a `$ ` command");
                }
            }
        }
    }
    assert!(current.is_none(), "{file}: a console block is not closed");
    blocks
}

/// Whether `actual` is what `expected` shows, with `…` lines and line ends as wildcards.
fn matches(expected: &[String], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((e, rest)) if e.trim() == ELLIPSIS => {
            (0..=actual.len()).any(|skip| matches(rest, &actual[skip..]))
        }
        Some((e, rest)) => match actual.split_first() {
            None => false,
            Some((a, after)) => {
                let (e, a) = (e.trim_end(), a.trim_end());
                let same = match e.strip_suffix(ELLIPSIS) {
                    Some(prefix) => a.starts_with(prefix),
                    None => e == a,
                };
                same && matches(rest, after)
            }
        },
    }
}

/// A scratch folder that sees the project's fixtures and rules, as the docs' commands do.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in ["fixtures", "rules"] {
        std::os::unix::fs::symlink(Path::new(ROOT).join(name), dir.path().join(name)).unwrap();
    }
    dir
}

fn run(example: &Example, dir: &Path) -> String {
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_caseaudit"));
    let path = format!(
        "{}:{}",
        binary.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("sh")
        .arg("-c")
        .arg(&example.command)
        .current_dir(dir)
        .env("PATH", path)
        .env_remove("COLUMNS")
        .env_remove("CI")
        .output()
        .unwrap();
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn documents() -> Vec<PathBuf> {
    let mut files = vec![Path::new(ROOT).join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(Path::new(ROOT).join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    docs.sort();
    files.extend(docs);
    files
}

#[test]
fn every_example_output_in_the_docs_is_what_the_tool_prints() {
    let mut stale = Vec::new();
    let mut ran = 0;
    for path in documents() {
        let file = path.strip_prefix(ROOT).unwrap().display().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        for block in console_blocks(&file, &text) {
            let dir = scratch();
            for example in block {
                let printed = run(&example, dir.path());
                let actual: Vec<&str> = printed.lines().collect();
                ran += 1;
                if !matches(&example.expected, &actual) {
                    stale.push(format!(
                        "{}:{}: `{}` printed:\n{printed}\n  but the docs show:\n{}",
                        example.file,
                        example.line,
                        example.command,
                        example.expected.join("\n")
                    ));
                }
            }
        }
    }
    assert!(ran >= 10, "only {ran} examples found");
    assert!(
        stale.is_empty(),
        "{} stale example(s):\n\n{}",
        stale.len(),
        stale.join("\n\n")
    );
}

/// The README's set-up command is one of the tested examples, so its output is the sample's.
#[test]
fn the_readme_set_up_command_is_a_tested_example() {
    let text = std::fs::read_to_string(Path::new(ROOT).join("README.md")).unwrap();
    let tested: Vec<String> = console_blocks("README.md", &text)
        .into_iter()
        .flatten()
        .filter_map(|e| e.command.strip_prefix("caseaudit ").map(str::to_string))
        .collect();
    let set_up: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("cargo run --release -- "))
        .map(|l| l.split('#').next().unwrap().trim())
        .collect();
    assert!(!set_up.is_empty());
    for args in set_up {
        assert!(
            args.contains("--as-of"),
            "README set-up `{args}` audits as of today"
        );
        assert!(
            tested.iter().any(|t| t == args),
            "README set-up `{args}` is not a console example, so its output is not checked"
        );
    }
}

#[test]
fn the_matcher_takes_ellipses_as_wildcards() {
    let e = |lines: &[&str]| lines.iter().map(|l| l.to_string()).collect::<Vec<_>>();
    assert!(matches(&e(&["a", "…", "d"]), &["a", "b", "c", "d"]));
    assert!(matches(&e(&["a", "…"]), &["a"]));
    assert!(matches(&e(&["ab…"]), &["abc"]));
    assert!(!matches(&e(&["a", "d"]), &["a", "b", "d"]));
    assert!(!matches(&e(&[]), &["a"]));
    assert!(!matches(&e(&["a"]), &["b"]));
}

/// Acceptance 4: the contract ships with the project; nothing refers to one outside it.
#[test]
fn no_file_refers_to_a_contract_outside_the_repository() {
    fn walk(dir: &Path, found: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if path.is_dir() {
                // Built, or fuzz/'s own corpus and crashes (not in the repository: mutated
                // copies of inputs, old rule files among them).
                if !["target", ".git", "corpus", "artifacts"].contains(&name.as_str()) {
                    walk(&path, found);
                }
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                let needle = ["DOMAIN", ".md"].concat();
                let short = ["DOMAIN", " §"].concat();
                if text.contains(&needle) || text.contains(&short) {
                    found.push(path.display().to_string());
                }
            }
        }
    }
    let mut found = Vec::new();
    walk(Path::new(ROOT), &mut found);
    assert!(found.is_empty(), "refer to an outside contract: {found:?}");
}
