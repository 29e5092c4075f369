//! The HTML report in a real browser: headless Chromium renders the demo report, and the
//! rendered page must hold the charts (inline SVG with bars) and the tables. `.ci/run`
//! installs Chromium from Debian's packages; without a browser this test is skipped with a
//! note, except in CI (`CI=true`), where a missing browser is a failure.
//!
//! `UPDATE_SCREENSHOT=1 cargo test --test html_browser` refreshes docs/report-html.png.
mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]
    .iter()
    .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
    .find(|p| p.is_file())
}

fn headless(browser: &Path, profile: &Path) -> Command {
    let mut cmd = Command::new(browser);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--no-first-run",
        "--disable-extensions",
        "--disable-background-networking",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    cmd
}

/// The browser, or `None` (with a note) where there is none — but in CI a missing browser
/// is a failure.
fn browser() -> Option<PathBuf> {
    let found = chromium();
    if found.is_none() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!(
                "CI=true but no chromium on PATH; .ci/run installs it (apt-get install chromium)"
            );
        }
        eprintln!("note: no chromium on PATH; the browser test is skipped (CI runs it)");
    }
    found
}

/// The page's DOM after rendering: what the browser built from the file.
fn dump_dom(browser: &Path, dir: &Path, url: &str) -> String {
    let dom = headless(browser, &dir.join("profile-dom"))
        .arg("--dump-dom")
        .arg(url)
        .output()
        .unwrap();
    assert!(
        dom.status.success(),
        "{}",
        String::from_utf8_lossy(&dom.stderr)
    );
    String::from_utf8(dom.stdout).unwrap()
}

/// A screenshot of the page at `size` ("width,height"): a PNG of a painted page.
fn screenshot(browser: &Path, dir: &Path, url: &str, size: &str) -> Vec<u8> {
    let shot = dir.join("page.png");
    let status = headless(browser, &dir.join("profile-shot"))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("--window-size={size}"))
        .arg(url)
        .output()
        .unwrap();
    assert!(status.status.success());
    let png = std::fs::read(&shot).unwrap();
    assert_eq!(&png[1..4], b"PNG");
    assert!(png.len() > 20_000, "a painted page, not a blank one");
    png
}

#[test]
fn demo_report_renders_with_charts_and_tables_in_chromium() {
    let Some(browser) = browser() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.html");
    common::run_ok([
        "audit",
        "fixtures/demo/cases.json",
        "--as-of",
        "2025-06-30",
        "-o",
        report.to_str().unwrap(),
    ]);
    let url = format!("file://{}", report.display());

    // The DOM after rendering: what the browser built from the file.
    let dom = dump_dom(&browser, dir.path(), &url);
    let count = |needle: &str| dom.matches(needle).count();
    assert_eq!(
        count("<svg"),
        3,
        "a theme chart, a rule chart and the reversal rate beside the national one"
    );
    // The national yardstick marked beside U1, B3, S1, B1, H2 (10 figures) and the observed
    // reversal rate (3 Danmarkskort years).
    assert_eq!(count(r#"<line class="nat"#), 13);
    assert!(dom.contains(r#"<h3 id="yardstick">"#));
    assert!(dom.contains("en reference, ikke et mål"));
    assert!(
        count(r#"<rect class="bar""#) >= 7 + 21,
        "a bar per theme and rule"
    );
    // A table per theme (7), the findings and the inputs.
    assert!(count("<table") >= 9, "{}", count("<table"));
    assert!(dom.contains(r#"<h2 id="findings">"#) && dom.contains(r#"<h2 id="basis">"#));
    assert!(dom.contains("Sagsmåling – Køge"));

    // A screenshot: the page painted. Kept in docs/ when asked to refresh it.
    let png = screenshot(&browser, dir.path(), &url, "1280,1100");
    if std::env::var_os("UPDATE_SCREENSHOT").is_some() {
        let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/report-html.png");
        std::fs::write(docs, png).unwrap();
    }
}

/// `caseaudit explain -o case.html` in a real browser: the timeline is drawn (a dot per
/// event, a bar per rule clock) and the page is painted.
#[test]
fn explain_page_renders_its_timeline_in_chromium() {
    let Some(browser) = browser() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("case.html");
    common::run_ok([
        "explain",
        "fixtures/demo/cases.json",
        "--case",
        "K-2023-0305",
        "--as-of",
        "2025-06-30",
        "-o",
        page.to_str().unwrap(),
    ]);
    let url = format!("file://{}", page.display());
    let dom = dump_dom(&browser, dir.path(), &url);
    assert_eq!(dom.matches("<svg").count(), 1);
    // 16 events; 14 clocks (U1 … S2/3), each a bar.
    assert_eq!(dom.matches(r#"<circle class="ev""#).count(), 16);
    assert_eq!(dom.matches(r#"<rect class="s-"#).count(), 14);
    assert!(dom.contains("Sag K-2023-0305"));
    screenshot(&browser, dir.path(), &url, "1100,1000");
}
