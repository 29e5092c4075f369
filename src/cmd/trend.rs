//! `caseaudit trend`: earlier JSON reports (schema_version 1, contract §7) side by side by
//! as-of date — the case count, each theme's score and the error rates, each with its 95 %
//! interval — as a table, markdown, or an HTML page of charts (issue 8): the municipality's own "62 % → 36 %".
//!
//! A theme's score is (pass + exempt) / (pass + exempt + fail), as in the report; its
//! interval is the Wilson interval of those counts, as the report gives for rates.
use super::Outcome;
use super::progress::{Bar, Unit};
use crate::cli::{TrendArgs, TrendFormatArg};
use crate::lang::Msg;
use crate::load::refusal;
use crate::privacy::mask_in_place;
use crate::report::compare::Counted;
use crate::report::stats::wilson;
use crate::report::trend::{self, Point, Series};
use crate::report::{Files, Grid};
use crate::rules::{Catalogue, Lang};
use serde::Deserialize;
use std::io::Write;
use std::path::Path;

/// The parts of a JSON report the trend reads.
#[derive(Debug, Deserialize)]
struct Report {
    schema_version: u32,
    as_of: String,
    ruleset: Ruleset,
    summary: Summary,
    themes: Vec<ThemeScore>,
}

#[derive(Debug, Deserialize)]
struct Ruleset {
    sha256: String,
}

#[derive(Debug, Deserialize)]
struct Summary {
    cases: u64,
    case_error_rate: Rate,
    estimated_reversal_rate: Rate,
}

/// A rate as the report writes it; the trend recomputes rate and interval from the counts.
#[derive(Debug, Deserialize)]
struct Rate {
    numerator: u64,
    denominator: u64,
}

#[derive(Debug, Deserialize)]
struct ThemeScore {
    id: String,
    pass: u64,
    fail: u64,
    exempt: u64,
}

/// Reads a report's counts as a stream: the results it lists (gigabytes in a national
/// report) are skipped as they go by, never held.
fn read(path: &Path, bytes_read: &dyn Fn(u64)) -> anyhow::Result<Report> {
    let name = path.display();
    let file = {
        use crate::lang::{Msg, OrSay};
        std::fs::File::open(path).or_say(Msg::CouldNotRead, &name)?
    };
    let input = Counted::new(file, bytes_read);
    let mut report: Report = serde_json::from_reader(input).map_err(|e| {
        let da = crate::lang::detail::json_error(&e).da;
        refusal(
            format!("{name} er ikke en JSON-rapport fra caseaudit (skriv en med `caseaudit audit -o rapport.json`): {da}"),
            format!("{name} is not a caseaudit JSON report (write one with `caseaudit audit -o report.json`): {e}"),
        )
    })?;
    // Its strings masked as they are read (a report from elsewhere may hold CPR numbers): the
    // page escapes them, the table may wrap them.
    mask_in_place(&mut report.as_of);
    for theme in &mut report.themes {
        mask_in_place(&mut theme.id);
    }
    if report.schema_version != 1 {
        return Err(refusal(
            format!(
                "{name}: schema_version {} kan denne version ikke læse (1)",
                report.schema_version
            ),
            format!(
                "{name}: schema_version {} is not one this version reads (1)",
                report.schema_version
            ),
        ));
    }
    Ok(report)
}

/// `62,5 % (55,1–69,3)`, or `–` when nothing was scored.
fn cell(k: u64, n: u64, lang: Lang) -> String {
    if n == 0 {
        return "–".into();
    }
    let pct = |x: f64| lang.percent(Some(x)).trim_end_matches(" %").to_string();
    match wilson(k, n) {
        Some((lo, hi)) => format!("{} % ({}–{})", pct(k as f64 / n as f64), pct(lo), pct(hi)),
        None => format!("{} %", pct(k as f64 / n as f64)),
    }
}

/// One measure over the reports: its label, whether lower is better, and per report the
/// counts (met or erroneous, out of) it rests on.
struct Measure {
    label: String,
    lower_is_better: bool,
    counts: Vec<(u64, u64)>,
}

/// Each theme's score, then the two error rates, over the reports (in as-of order).
fn measures(reports: &[Report], lang: Lang) -> Vec<Measure> {
    let catalogue = Catalogue::embedded().ok();
    let title = |id: &str| {
        catalogue
            .as_ref()
            .and_then(|c| c.themes.iter().find(|t| t.id == id))
            .map_or_else(|| id.to_string(), |t| t.title(lang).to_string())
    };
    // Themes in the order they first appear.
    let mut ids: Vec<&str> = Vec::new();
    for r in reports {
        for t in &r.themes {
            if !ids.contains(&t.id.as_str()) {
                ids.push(&t.id);
            }
        }
    }
    let mut out: Vec<Measure> = ids
        .into_iter()
        .map(|id| Measure {
            label: title(id),
            lower_is_better: false,
            counts: reports
                .iter()
                .map(|r| {
                    r.themes.iter().find(|t| t.id == id).map_or((0, 0), |t| {
                        let met = t.pass + t.exempt;
                        (met, met + t.fail)
                    })
                })
                .collect(),
        })
        .collect();
    let rate = |label: &str, rate: fn(&Summary) -> &Rate| Measure {
        label: label.to_string(),
        lower_is_better: true,
        counts: reports
            .iter()
            .map(|r| {
                let rate = rate(&r.summary);
                (rate.numerator, rate.denominator)
            })
            .collect(),
    };
    // The rates by the names every report gives them.
    out.push(rate(lang.t(Msg::CaseErrorRate), |s| &s.case_error_rate));
    out.push(rate(lang.t(Msg::EstimatedReversalRate2), |s| {
        &s.estimated_reversal_rate
    }));
    out
}

/// The trend as rows of cells: a header row (the as-of dates), the case count, then one
/// row per measure.
fn rows(reports: &[Report], measures: &[Measure], lang: Lang) -> Vec<Vec<String>> {
    let mut header = vec![lang.t(Msg::TrendAsOf).to_string()];
    header.extend(reports.iter().map(|r| r.as_of.clone()));
    let mut out = vec![header];
    let mut row = vec![lang.t(Msg::Cases3).to_string()];
    row.extend(reports.iter().map(|r| lang.int(r.summary.cases)));
    out.push(row);
    for m in measures {
        let mut row = vec![m.label.clone()];
        row.extend(m.counts.iter().map(|&(k, n)| cell(k, n, lang)));
        out.push(row);
    }
    out
}

/// A measure as the HTML page draws it: each report's share and interval.
fn series(m: &Measure) -> Series {
    Series {
        label: m.label.clone(),
        lower_is_better: m.lower_is_better,
        points: m
            .counts
            .iter()
            .map(|&(k, n)| {
                wilson(k, n).map(|(low, high)| Point {
                    rate: k as f64 / n as f64,
                    low,
                    high,
                })
            })
            .collect(),
    }
}

pub fn run(args: &TrendArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    // It prints: never into one of the reports it reads (report::output).
    Files::default().read_all(&args.reports).stdout()?;
    let lang = Lang::from(args.lang);
    let bar = Bar::new(args.quiet, lang);
    let sizes: Vec<u64> = args
        .reports
        .iter()
        .map(|p| std::fs::metadata(p).map_or(0, |m| m.len()))
        .collect();
    bar.phase(
        Unit::Bytes,
        bar.say(crate::lang::Msg::ProgressReadingReports),
        sizes.iter().sum(),
    );
    let mut before = 0;
    let mut reports = Vec::new();
    for (path, size) in args.reports.iter().zip(&sizes) {
        reports.push(read(path, &|n| bar.set(before + n))?);
        before += size;
    }
    bar.finish();
    // By as-of date (ISO dates sort as text); reports of one date keep the given order.
    reports.sort_by(|a, b| a.as_of.cmp(&b.as_of));
    let measures = measures(&reports, lang);
    let rows = rows(&reports, &measures, lang);
    let notes = notes(&reports, lang);
    match args.format {
        TrendFormatArg::Table => {
            let mut table = Grid::new(rows[0].clone(), None);
            for row in &rows[1..] {
                table.add_row(row);
            }
            table.right_align(1);
            writeln!(out, "{table}")?;
        }
        TrendFormatArg::Markdown => {
            let line = |cells: &[String]| format!("| {} |", cells.join(" | "));
            writeln!(out, "{}", line(&rows[0]))?;
            let mut rule = vec!["---".to_string()];
            rule.extend((1..rows[0].len()).map(|_| "---:".to_string()));
            writeln!(out, "{}", line(&rule))?;
            for row in &rows[1..] {
                writeln!(out, "{}", line(row))?;
            }
            // A line after a table without a blank one is read as another row.
            writeln!(out)?;
        }
        TrendFormatArg::Html => {
            let dates: Vec<String> = reports.iter().map(|r| r.as_of.clone()).collect();
            let series: Vec<Series> = measures.iter().map(series).collect();
            trend::page(out, lang, &dates, &series, &rows, &notes)?;
            return Ok(Outcome::Ok);
        }
    }
    for note in notes {
        writeln!(out, "{note}")?;
    }
    Ok(Outcome::Ok)
}

/// What the figures rest on, and what makes reports less comparable.
fn notes(reports: &[Report], lang: Lang) -> Vec<&'static str> {
    let mut notes = vec![lang.t(Msg::TrendScoreNote)];
    if reports.windows(2).any(|w| w[0].as_of == w[1].as_of) {
        notes.push(lang.t(Msg::TrendSameDate));
    }
    if reports
        .windows(2)
        .any(|w| w[0].ruleset.sha256 != w[1].ruleset.sha256)
    {
        notes.push(lang.t(Msg::TrendOtherRuleSets));
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_show_rate_and_interval() {
        assert_eq!(cell(0, 0, Lang::En), "–");
        let c = cell(1, 2, Lang::En);
        assert!(c.starts_with("50.0 % ("), "{c}");
    }
}
