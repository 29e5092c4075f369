//! CSV: one row per listed result, English ids (a machine format). `excel-da` writes `;` and
//! a UTF-8 BOM so Danish Excel opens the file as columns. Cells a spreadsheet would read as a
//! formula are neutralised.
use super::{Format, GroupBy, Report, message};
use crate::calendar::Moment;
use crate::rules::Lang;
use std::borrow::Cow;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CsvDialect {
    /// Comma, no BOM.
    #[default]
    Standard,
    /// Semicolon and a UTF-8 BOM.
    ExcelDa,
}

pub struct Csv(pub CsvDialect);

/// The columns of every CSV; `team` came after the first release, so it is last.
pub(super) const COLUMNS: [&str; 14] = [
    "case_id",
    "rule",
    "theme",
    "severity",
    "status",
    "subject",
    "start",
    "due",
    "done",
    "late_days",
    "late_hours",
    "law",
    "message",
    "team",
];

/// The columns of this report: [`COLUMNS`], and with `--by area` or `--by municipality`
/// that field too, so a pivot table splits the results as the report's groups do.
pub(super) fn columns(report: &Report) -> Vec<&'static str> {
    let mut columns = COLUMNS.to_vec();
    if let Some(by) = report.tally.by.filter(|&b| b != GroupBy::Team) {
        columns.push(by.name());
    }
    columns.extend(super::review::mark_columns(report));
    columns
}

/// A cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return) would run as a
/// formula in a spreadsheet; a leading `'` makes it text. Applied to every text cell of CSV
/// and xlsx.
pub(super) fn neutralise(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// The cells of one listed result, in [`columns`] order (not yet neutralised).
pub(super) fn result_cells(report: &Report, row: &super::ResultRow) -> Vec<String> {
    let rule = &report.catalogue.rules[row.rule];
    let moment = |m: Option<Moment>| m.map(|m| m.to_string()).unwrap_or_default();
    let number = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
    let mut cells = vec![
        row.case_id.clone(),
        rule.id.clone(),
        report.catalogue.themes[rule.theme].id.clone(),
        rule.severity.name().to_string(),
        row.status.name().to_string(),
        row.subject.clone(),
        moment(row.start),
        moment(row.due),
        moment(row.done),
        number(row.late_days),
        number(row.late_hours),
        rule.variants[row.variant].law.clone(),
        message(row, Lang::En),
        row.team.clone().unwrap_or_default(),
    ];
    if report.tally.by.is_some_and(|b| b != GroupBy::Team) {
        cells.push(row.group.clone().unwrap_or_default());
    }
    cells.extend(super::review::mark_cells(report, row));
    cells
}

impl Format for Csv {
    fn write(&self, report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let delimiter = match self.0 {
            CsvDialect::Standard => b',',
            CsvDialect::ExcelDa => {
                out.write_all("\u{feff}".as_bytes())?;
                b';'
            }
        };
        let mut w = csv::WriterBuilder::new()
            .delimiter(delimiter)
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        w.write_record(columns(report))?;
        for row in report.tally.rows.iter() {
            let cells = result_cells(report, &row?);
            w.write_record(cells.iter().map(|c| neutralise(c).into_owned()))?;
        }
        w.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn formula_cells_become_text() {
        for bad in ["=1+1", "+45", "-3", "@SUM(A1)", "\tx"] {
            assert_eq!(neutralise(bad), format!("'{bad}"));
        }
        assert_eq!(neutralise("BL § 136"), "BL § 136");
        assert_eq!(neutralise(""), "");
    }
}
