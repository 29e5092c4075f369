//! Big audits, readable outputs (issue 20, acceptance 1): an audit with more results than the
//! human formats list and than an xlsx sheet holds, with the caps made small (`--max-listed`,
//! CASEAUDIT_TEST_MAX_SHEET_ROWS) so a few hundred generated cases exceed them. Markdown and
//! HTML list at most the cap and say how many more; the terminal table too; the xlsx workbook
//! goes on in a second sheet and holds every result.
mod common;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::{caseaudit, run_ok};
use std::path::Path;

const AS_OF: &str = "2025-06-30";
const CAP: usize = 40;

/// A generated export of `cases` cases in `dir`.
fn generated(dir: &Path, cases: u32) -> String {
    run_ok([
        "generate",
        "--cases",
        &cases.to_string(),
        "--seed",
        "7",
        "--out",
        dir.to_str().unwrap(),
    ]);
    dir.join("events.csv").to_str().unwrap().to_string()
}

/// The audit's results as its CSV report lists them (every one), without the header.
fn csv_rows(events: &str) -> Vec<csv::StringRecord> {
    let csv = run_ok(["audit", events, "--as-of", AS_OF, "--format", "csv"]);
    csv::Reader::from_reader(&csv[..])
        .records()
        .map(Result::unwrap)
        .collect()
}

/// A count as English writes it: "1,234".
fn more_en(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn audit(events: &str, extra: &[&str]) -> String {
    let mut args = vec!["audit", events, "--as-of", AS_OF, "--lang", "en"];
    args.extend(extra);
    String::from_utf8(run_ok(args)).unwrap()
}

#[test]
fn human_formats_list_at_most_the_cap_and_xlsx_goes_on_in_a_second_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let events = generated(dir.path(), 300);
    let rows = csv_rows(&events);
    let total = rows.len();
    assert!(total > 5 * CAP, "{total} results: enough to exceed the cap");
    let cap = CAP.to_string();

    // Markdown: at most CAP rows in the findings table, then the "N more" line, and the rest
    // counted by rule and team, adding up to every result.
    let md = audit(&events, &["--format", "markdown", "--max-listed", &cap]);
    assert!(md.len() < 1 << 20, "{} bytes", md.len());
    let (_, findings) = md.split_once("### Findings").unwrap();
    let (listed, rest) = findings.split_once("\n… and ").unwrap();
    let listed_rows = listed.lines().filter(|l| l.starts_with("| ")).count() - 2;
    assert!(
        (1..=CAP).contains(&listed_rows),
        "{listed_rows} rows listed"
    );
    let more: usize = rest
        .split(' ')
        .next()
        .unwrap()
        .replace(',', "")
        .parse()
        .unwrap();
    assert_eq!(listed_rows + more, total);
    assert!(rest.contains("-o findings.csv, findings.json or findings.xlsx"));
    let (_, counted) = rest.split_once("#### Not listed").unwrap();
    let counted = counted.split("\n### ").next().unwrap();
    let counted: usize = counted
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| Rule") && !l.starts_with("| ---"))
        .map(|l| {
            l.trim_end_matches(" |")
                .rsplit("| ")
                .next()
                .unwrap()
                .parse::<usize>()
                .unwrap()
        })
        .sum();
    assert_eq!(counted, more, "the rest counted by rule and team");

    // HTML: at most CAP result rows, grouped under case headings, and the same "more" line.
    let html = audit(&events, &["--format", "html", "--max-listed", &cap]);
    let (_, table) = html.split_once(r#"<table class="findings">"#).unwrap();
    let (table, after) = table.split_once("</table>").unwrap();
    let result_rows =
        table.matches("<tr class=\"").count() - table.matches(r#"<tr class="case">"#).count();
    assert_eq!(result_rows, listed_rows, "HTML lists what Markdown lists");
    assert!(table.matches(r#"<tr class="case">"#).count() >= 1);
    let shown_more = more_en(more);
    assert!(after.contains(&format!("… and {shown_more} more findings")));
    assert!(after.contains(r#"<h3 id="not-listed">"#));

    // The terminal table: the same cap.
    let table = audit(&events, &["--max-listed", &cap]);
    assert!(
        table.contains(&format!("… and {more} more findings")),
        "{table}"
    );

    // xlsx: a sheet of at most 100 rows (header included) goes on in "Results (2)" and on;
    // together they hold every result, each sheet with the header.
    let xlsx = dir.path().join("report.xlsx");
    let out = caseaudit()
        .args(["audit", &events, "--as-of", AS_OF, "--lang", "en", "-o"])
        .arg(&xlsx)
        .env("CASEAUDIT_TEST_MAX_SHEET_ROWS", "100")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let names = book.sheet_names();
    let results: Vec<&String> = names
        .iter()
        .filter(|n| *n == "Results" || n.starts_with("Results ("))
        .collect();
    assert!(results.len() >= 2, "{names:?}");
    assert_eq!(results[1], "Results (2)");
    let mut case_ids = Vec::new();
    for name in results {
        let range = book.worksheet_range(name).unwrap();
        assert!(range.height() <= 100, "{name}: {} rows", range.height());
        let mut sheet = range.rows();
        assert_eq!(sheet.next().unwrap()[0], Data::String("Case".into()));
        case_ids.extend(sheet.map(|r| r[0].to_string()));
    }
    let expected: Vec<String> = rows.iter().map(|r| r[0].to_string()).collect();
    assert_eq!(
        case_ids, expected,
        "every result, in order, over the sheets"
    );
}

#[test]
fn markdown_lists_the_default_500_and_stays_under_a_mebibyte() {
    let dir = tempfile::tempdir().unwrap();
    let events = generated(dir.path(), 300);
    let total = csv_rows(&events).len();
    assert!(total > 500, "{total}");
    let md = audit(&events, &["--format", "markdown"]);
    assert!(md.len() < 1 << 20, "{} bytes", md.len());
    let (_, findings) = md.split_once("### Findings").unwrap();
    let (listed, rest) = findings.split_once("\n… and ").unwrap();
    let listed = listed.lines().filter(|l| l.starts_with("| ")).count() - 2;
    assert!(listed <= 500 && listed > 400, "{listed}");
    assert!(rest.starts_with(&format!("{} more findings", more_en(total - listed))));
}
