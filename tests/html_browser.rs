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

/// The demo's cases spread over twelve teams with the long names municipalities give them,
/// in two municipalities: a council's `--by team` report.
fn twelve_teams(dir: &Path) -> PathBuf {
    let demo = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo/cases.json"),
    )
    .unwrap();
    let mut cases: serde_json::Value = serde_json::from_str(&demo).unwrap();
    let list = match cases.as_array_mut() {
        Some(list) => list,
        None => cases["cases"].as_array_mut().unwrap(),
    };
    let teams = [
        "Handicap Øst",
        "Udsatte Børn Syd",
        "Familieafdelingen Nord",
        "Børn og Unge med Handicap, Vest",
        "Myndighedsteam Ungeindsatsen",
        "Tidlig Indsats og Forebyggelse",
        "Familierådgivningen Centrum",
        "Anbringelsesteamet",
        "Team Underretninger og Akut",
        "Specialrådgivningen for Handicappede Børn",
        "Ungeteam 15-17 år",
        "Familiepleje og Netværk",
    ];
    for (i, case) in list.iter_mut().enumerate() {
        case["team"] = teams[i % teams.len()].into();
    }
    let path = dir.join("twelve-teams.json");
    std::fs::write(&path, serde_json::to_string(&cases).unwrap()).unwrap();
    path
}

/// What overflows the page at `width` px: the page's own horizontal scroll, each table wider
/// than the box it is in, and each element whose right edge passes the viewport. Measured by
/// a script added to a copy of the page (the report itself forbids scripts).
fn overflow_at(browser: &Path, dir: &Path, page: &Path, width: u32) -> serde_json::Value {
    let html = std::fs::read_to_string(page).unwrap();
    let csp = html
        .lines()
        .find(|l| l.contains("Content-Security-Policy"))
        .unwrap()
        .to_string();
    let probe = r#"<script>
const vw = document.documentElement.clientWidth;
const out = { viewport: vw, page: document.documentElement.scrollWidth, tables: [], elements: [] };
for (const t of document.querySelectorAll('table')) {
  const box = t.parentElement.getBoundingClientRect();
  const r = t.getBoundingClientRect();
  if (t.scrollWidth > t.clientWidth + 1 || r.right > box.right + 1) out.tables.push(t.outerHTML.slice(0, 120));
}
for (const e of document.querySelectorAll('body *')) {
  const r = e.getBoundingClientRect();
  if (r.width > 0 && r.right > vw + 1) out.elements.push(e.tagName + '.' + e.className + ': ' + Math.round(r.right));
}
document.body.setAttribute('data-overflow', JSON.stringify(out));
</script></body>"#;
    let probed = html.replace(&csp, "").replace("</body>", probe);
    let copy = dir.join(format!("probe-{width}.html"));
    std::fs::write(&copy, probed).unwrap();
    let dom = headless(browser, &dir.join(format!("profile-{width}")))
        .arg(format!("--window-size={width},1200"))
        .arg("--dump-dom")
        .arg(format!("file://{}", copy.display()))
        .output()
        .unwrap();
    assert!(dom.status.success());
    let dom = String::from_utf8(dom.stdout).unwrap();
    let start = dom.find("data-overflow=\"").unwrap() + "data-overflow=\"".len();
    let end = start + dom[start..].find('"').unwrap();
    let json = dom[start..end]
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    serde_json::from_str(&json).unwrap()
}

/// Issue 17: `--by team` with twelve teams ran off the page (a column per team). The group
/// view is a card per measure, so the page fits 800 px and 1400 px with nothing cut off.
/// (Without the listed findings: their table is being rebuilt, grouped by case, and is
/// measured on its own.)
#[test]
fn twelve_teams_fit_the_page_at_800_and_1400_px() {
    let Some(browser) = browser() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let input = twelve_teams(dir.path());
    let page = dir.path().join("teams.html");
    common::run_ok([
        "audit",
        input.to_str().unwrap(),
        "--as-of",
        "2025-06-30",
        "--by",
        "team",
        "--results",
        "none",
        "-o",
        page.to_str().unwrap(),
    ]);
    let html = std::fs::read_to_string(&page).unwrap();
    assert_eq!(html.matches(r#"<figure class="multiple">"#).count(), 3 + 7);
    assert!(html.contains("Specialrådgivningen for Handicappede Børn"));
    for width in [800, 1400] {
        let o = overflow_at(&browser, dir.path(), &page, width);
        assert_eq!(
            o["page"], o["viewport"],
            "{width} px: the page scrolls sideways: {o}"
        );
        assert_eq!(o["tables"], serde_json::json!([]), "{width} px: {o}");
        assert_eq!(o["elements"], serde_json::json!([]), "{width} px: {o}");
    }
}

/// The pages of a printed page: `--print-to-pdf` on A4 (the report's `@page`), counted
/// by the page objects in the PDF.
fn printed_pages(browser: &Path, dir: &Path, html: &Path) -> usize {
    let pdf = dir.join("page.pdf");
    let out = headless(browser, &dir.join("profile-pdf"))
        .arg("--no-pdf-header-footer")
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    // A4 is 595 × 842 points.
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("/MediaBox [0 0 594.9"), "not A4");
    // `/Type /Page` names a page; `/Type /Pages` a node of the page tree.
    text.match_indices("/Type /Page")
        .filter(|(i, m)| text[i + m.len()..].starts_with(|c: char| c != 's'))
        .count()
}

/// Issue 17: the findings, grouped by case in short rows, print on fewer A4 pages. The demo
/// report is printed with and without its findings (`--results none`); the difference is
/// the pages the findings take (they and the assessment basis each begin a page). Measured
/// before the change, with this test's method: 13 pages with the findings, 7 without, so 6
/// for the 89 findings; now 3.
#[test]
fn the_demos_findings_print_on_fewer_a4_pages() {
    let Some(browser) = browser() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let pages = |extra: &[&str], name: &str| {
        let html = dir.path().join(name);
        let mut args = vec!["audit", "fixtures/demo/cases.json", "--as-of", "2025-06-30"];
        args.extend(extra);
        args.extend(["-o", html.to_str().unwrap()]);
        common::run_ok(args);
        printed_pages(&browser, dir.path(), &html)
    };
    let all = pages(&[], "all.html");
    let without = pages(&["--results", "none"], "none.html");
    let findings = all - without;
    assert!(
        findings < 6,
        "the findings take {findings} pages (6 before)"
    );
    assert!(findings <= 3, "the findings take {findings} pages");
    assert!(all < 13, "{all} pages in all (13 before)");
}
