//! `caseaudit trend`: earlier JSON reports (schema_version 1, DOMAIN §7) side by side by
//! as-of date — the case count, each theme's score and the error rates, each with its 95 %
//! interval — as a table or markdown (issue 8): the municipality's own "62 % → 36 %".
//!
//! A theme's score is (pass + exempt) / (pass + exempt + fail), as in the report; its
//! interval is the Wilson interval of those counts, as the report gives for rates.
use super::Outcome;
use crate::cli::{TrendArgs, TrendFormatArg};
use crate::report::stats::wilson;
use crate::rules::{Catalogue, Lang};
use anyhow::Context;
use comfy_table::{CellAlignment, ContentArrangement, Table, presets};
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

fn read(path: &Path) -> anyhow::Result<Report> {
    let name = path.display();
    let bytes = std::fs::read(path).with_context(|| format!("could not read {name}"))?;
    let report: Report = serde_json::from_slice(&bytes).with_context(|| {
        format!("{name} is not a caseaudit JSON report (write one with `caseaudit audit -o report.json`)")
    })?;
    if report.schema_version != 1 {
        anyhow::bail!(
            "{name}: schema_version {} is not one this version reads (1)",
            report.schema_version
        );
    }
    Ok(report)
}

/// `62.5 % (55.1–69.3)`, or `–` when nothing was scored.
fn cell(k: u64, n: u64) -> String {
    if n == 0 {
        return "–".into();
    }
    let pct = |x: f64| format!("{:.1}", x * 100.0);
    match wilson(k, n) {
        Some((lo, hi)) => format!("{} % ({}–{})", pct(k as f64 / n as f64), pct(lo), pct(hi)),
        None => format!("{} %", pct(k as f64 / n as f64)),
    }
}

/// The trend as rows of cells: a header row (the as-of dates), then one row per measure.
fn rows(reports: &[Report], lang: Lang) -> Vec<Vec<String>> {
    let catalogue = Catalogue::embedded().ok();
    let title = |id: &str| {
        catalogue
            .as_ref()
            .and_then(|c| c.themes.iter().find(|t| t.id == id))
            .map_or_else(|| id.to_string(), |t| t.title(lang).to_string())
    };
    let da = matches!(lang, Lang::Da);
    let mut header = vec![if da { "Opgjort pr." } else { "As of" }.to_string()];
    header.extend(reports.iter().map(|r| r.as_of.clone()));
    let mut out = vec![header];
    let mut row = vec![if da { "Sager" } else { "Cases" }.to_string()];
    row.extend(reports.iter().map(|r| r.summary.cases.to_string()));
    out.push(row);
    // Themes in the order they first appear.
    let mut ids: Vec<&str> = Vec::new();
    for r in reports {
        for t in &r.themes {
            if !ids.contains(&t.id.as_str()) {
                ids.push(&t.id);
            }
        }
    }
    for id in ids {
        let mut row = vec![title(id)];
        row.extend(reports.iter().map(|r| {
            r.themes
                .iter()
                .find(|t| t.id == id)
                .map_or("–".into(), |t| {
                    let met = t.pass + t.exempt;
                    cell(met, met + t.fail)
                })
        }));
        out.push(row);
    }
    let rate_row = |label: &str, rate: fn(&Summary) -> &Rate| {
        let mut row = vec![label.to_string()];
        row.extend(reports.iter().map(|r| {
            let rate = rate(&r.summary);
            cell(rate.numerator, rate.denominator)
        }));
        row
    };
    out.push(rate_row(
        if da {
            "Fejlrate (sager)"
        } else {
            "Case error rate"
        },
        |s| &s.case_error_rate,
    ));
    out.push(rate_row(
        if da {
            "Estimeret omgørelsesrate"
        } else {
            "Estimated reversal rate"
        },
        |s| &s.estimated_reversal_rate,
    ));
    out
}

pub fn run(args: &TrendArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let mut reports = args
        .reports
        .iter()
        .map(|p| read(p))
        .collect::<anyhow::Result<Vec<_>>>()?;
    // By as-of date (ISO dates sort as text); reports of one date keep the given order.
    reports.sort_by(|a, b| a.as_of.cmp(&b.as_of));
    let lang = Lang::from(args.lang);
    let rows = rows(&reports, lang);
    match args.format {
        TrendFormatArg::Table => {
            let mut table = Table::new();
            table
                .load_style(presets::UTF8_FULL_CONDENSED)
                .set_content_arrangement(ContentArrangement::Disabled)
                .set_header(rows[0].clone());
            for row in &rows[1..] {
                table.add_row(row.clone());
            }
            for i in 1..rows[0].len() {
                if let Some(column) = table.column_mut(i) {
                    column.set_cell_alignment(CellAlignment::Right);
                }
            }
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
    }
    writeln!(
        out,
        "{}",
        match lang {
            Lang::Da =>
                "Score = (opfyldt + undtaget) / (opfyldt + undtaget + ikke opfyldt); i parentes 95 %-interval (Wilson).",
            Lang::En =>
                "Score = (pass + exempt) / (pass + exempt + fail); in brackets the 95 % interval (Wilson).",
        }
    )?;
    if reports.windows(2).any(|w| w[0].as_of == w[1].as_of) {
        writeln!(
            out,
            "{}",
            match lang {
                Lang::Da => "Bemærk: flere rapporter er opgjort pr. samme dato.",
                Lang::En => "Note: several reports have the same as-of date.",
            }
        )?;
    }
    if reports
        .windows(2)
        .any(|w| w[0].ruleset.sha256 != w[1].ruleset.sha256)
    {
        writeln!(
            out,
            "{}",
            match lang {
                Lang::Da =>
                    "Bemærk: rapporterne bygger på forskellige regelsæt (ruleset.sha256), så tallene er ikke helt sammenlignelige.",
                Lang::En =>
                    "Note: the reports were made with different rule sets (ruleset.sha256), so the figures are not fully comparable.",
            }
        )?;
    }
    Ok(Outcome::Ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_show_rate_and_interval() {
        assert_eq!(cell(0, 0), "–");
        let c = cell(1, 2);
        assert!(c.starts_with("50.0 % ("), "{c}");
    }
}
