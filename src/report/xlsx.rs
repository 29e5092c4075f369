//! An Excel workbook for the auditor: sheets summary (with calibration and small-sample
//! warnings), themes, rules, groups (with `--by`), national yardstick, results, not
//! assessable and assessment basis, in the report's language. Text cells a spreadsheet would read as a
//! formula are neutralised, as in CSV. The workbook's creation date is the as-of date, so
//! identical runs give identical files.
use super::csv::neutralise;
use super::stats::Rate;
use super::{
    Counts, Format, Report, calibration_header, calibration_rows, compares_with_label, own_figure,
    rate_rows, rate_warnings, unjudged_line, yardstick_note,
};
use crate::lang::Msg;
use crate::rules::{Lang, Status};
use chrono::Datelike;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format as Style, Workbook, Worksheet};
use std::io::Write;

pub struct Xlsx;

/// The cell formats of a workbook in the report's language: a spreadsheet stores numbers,
/// shares and dates as such (so filters and sorting work) and shows them in these formats,
/// with the decimal mark of the reader's Excel; Danish adds the space before `%` and writes
/// dates day first.
pub(super) struct Styles {
    pub bold: Style,
    pub pct: Style,
    pub int: Style,
    pub date: Style,
    pub datetime: Style,
}

impl Styles {
    pub fn new(lang: Lang) -> Styles {
        let (pct, date, datetime) = match lang {
            Lang::Da => ("0.0 %", "dd-mm-yyyy", "dd-mm-yyyy hh:mm"),
            Lang::En => ("0.0%", "yyyy-mm-dd", "yyyy-mm-dd hh:mm"),
        };
        Styles {
            bold: Style::new().set_bold(),
            pct: Style::new().set_num_format(pct),
            int: Style::new().set_num_format("#,##0"),
            date: Style::new().set_num_format(date),
            datetime: Style::new().set_num_format(datetime),
        }
    }
}

/// A moment as a date cell (with its time of day when it has one); a year Excel cannot hold
/// (before 1900) is written as text.
pub(super) fn moment_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    m: crate::calendar::Moment,
    styles: &Styles,
) -> std::io::Result<()> {
    use chrono::Timelike;
    let d = m.date;
    let day = u16::try_from(d.year())
        .ok()
        .filter(|y| (1900..=9999).contains(y))
        .and_then(|y| ExcelDateTime::from_ymd(y, d.month() as u8, d.day() as u8).ok());
    let Some(day) = day else {
        return text_row_at(ws, row, col, &m.to_string());
    };
    match m.time {
        Some(t) => {
            let at = day
                .and_hms(t.hour() as u16, t.minute() as u8, t.second() as f64)
                .map_err(io)?;
            ws.write_datetime_with_format(row, col, &at, &styles.datetime)
        }
        None => ws.write_datetime_with_format(row, col, &day, &styles.date),
    }
    .map_err(io)?;
    Ok(())
}

fn text_row_at(ws: &mut Worksheet, row: u32, col: u16, text: &str) -> std::io::Result<()> {
    ws.write_string(row, col, neutralise(text).as_ref())
        .map_err(io)?;
    Ok(())
}

/// A cell of a table the human formats share ("12", "83,3 %", "1.234"): a number with its
/// format when it reads as one in `lang`, else text.
pub(super) fn shown_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    lang: Lang,
    styles: &Styles,
) -> std::io::Result<()> {
    match crate::lang::read_shown(text, lang) {
        Some((value, true)) => ws.write_number_with_format(row, col, value, &styles.pct),
        Some((value, false)) if value.fract() == 0.0 => {
            ws.write_number_with_format(row, col, value, &styles.int)
        }
        Some((value, false)) => ws.write_number(row, col, value),
        None if text.is_empty() => return Ok(()),
        None => return text_row_at(ws, row, col, text),
    }
    .map_err(io)?;
    Ok(())
}

/// The results sheets' columns: the CSV's, in the report's language, and the minutes late.
fn result_header(report: &Report) -> Vec<String> {
    let lang = report.lang;
    let mut header: Vec<String> = [
        Msg::Case,
        Msg::Rule,
        Msg::Theme,
        Msg::Severity,
        Msg::StatusLabel,
        Msg::Subject,
        Msg::StartLabel,
        Msg::Due,
        Msg::Done,
        Msg::DaysLate,
        Msg::HoursLate,
        Msg::MinutesLate,
        Msg::Law,
        Msg::Message,
        Msg::TeamLabel,
    ]
    .iter()
    .map(|m| lang.t(*m).to_string())
    .collect();
    if let Some(by) = report.tally.by.filter(|&b| b != super::GroupBy::Team) {
        header.push(by.label(lang).to_string());
    }
    header.extend(
        super::review::mark_columns(report)
            .into_iter()
            .map(String::from),
    );
    header
}

/// One listed result as a row: names in the report's language, dates as date cells,
/// lateness as numbers.
fn result_row(
    ws: &mut Worksheet,
    r: u32,
    report: &Report,
    row: &super::ResultRow,
    styles: &Styles,
) -> std::io::Result<()> {
    let lang = report.lang;
    let catalogue = report.catalogue;
    let rule = &catalogue.rules[row.rule];
    let message = super::message(row, lang);
    let subject = super::subject_label(&row.subject, lang);
    let texts: [(u16, &str); 7] = [
        (0, &row.case_id),
        (1, &rule.id),
        (2, catalogue.themes[rule.theme].title(lang)),
        (3, rule.severity.label(lang)),
        (4, row.status.label(lang)),
        (5, &subject),
        (12, &rule.variants[row.variant].law),
    ];
    for (col, text) in texts {
        text_row_at(ws, r, col, text)?;
    }
    for (col, m) in [(6, row.start), (7, row.due), (8, row.done)] {
        if let Some(m) = m {
            moment_cell(ws, r, col, m, styles)?;
        }
    }
    for (col, n) in [
        (9, row.late_days),
        (10, row.late_hours),
        (11, row.late_minutes),
    ] {
        if let Some(n) = n {
            ws.write_number_with_format(r, col, n as f64, &styles.int)
                .map_err(io)?;
        }
    }
    text_row_at(ws, r, 13, &message)?;
    let mut col = 14;
    if let Some(team) = &row.team {
        text_row_at(ws, r, col, team)?;
    }
    if report.tally.by.is_some_and(|b| b != super::GroupBy::Team) {
        col += 1;
        if let Some(group) = &row.group {
            text_row_at(ws, r, col, group)?;
        }
    }
    for mark in super::review::mark_cells(report, row) {
        col += 1;
        if !mark.is_empty() {
            text_row_at(ws, r, col, &mark)?;
        }
    }
    Ok(())
}

pub(super) fn io(e: rust_xlsxwriter::XlsxError) -> std::io::Error {
    std::io::Error::other(e.to_string())
}

/// Writes a row of text cells (neutralised) from column 0; empty ones stay blank.
pub(super) fn text_row(
    ws: &mut Worksheet,
    row: u32,
    cells: &[&str],
    style: Option<&Style>,
) -> std::io::Result<()> {
    for (col, cell) in cells.iter().enumerate() {
        if cell.is_empty() {
            continue;
        }
        let col = col as u16;
        let text = neutralise(cell);
        match style {
            Some(s) => ws.write_string_with_format(row, col, text.as_ref(), s),
            None => ws.write_string(row, col, text.as_ref()),
        }
        .map_err(io)?;
    }
    Ok(())
}

/// A rate from column `col`: numerator, denominator, then rate and interval as percentages.
fn rate_cells(
    ws: &mut Worksheet,
    r: u32,
    col: u16,
    rate: &Rate,
    pct: &Style,
) -> std::io::Result<()> {
    number(ws, r, col, rate.numerator as f64)?;
    number(ws, r, col + 1, rate.denominator as f64)?;
    for (i, v) in [rate.rate, rate.ci95_low, rate.ci95_high]
        .into_iter()
        .enumerate()
    {
        if let Some(v) = v {
            ws.write_number_with_format(r, col + 2 + i as u16, v, pct)
                .map_err(io)?;
        }
    }
    Ok(())
}

pub(super) fn number(ws: &mut Worksheet, row: u32, col: u16, value: f64) -> std::io::Result<()> {
    ws.write_number(row, col, value).map_err(io)?;
    Ok(())
}

fn counts_sheet<'a>(
    ws: &mut Worksheet,
    lang: Lang,
    head: &[&str],
    rows: impl Iterator<Item = (Vec<&'a str>, Counts)>,
    bold: &Style,
    pct: &Style,
) -> std::io::Result<()> {
    let mut header: Vec<&str> = head.to_vec();
    header.extend(Status::ALL.iter().map(|s| s.label(lang)));
    header.push("score");
    text_row(ws, 0, &header, Some(bold))?;
    for (i, (cells, counts)) in rows.enumerate() {
        let r = i as u32 + 1;
        text_row(ws, r, &cells, None)?;
        let mut col = cells.len() as u16;
        for status in Status::ALL {
            number(ws, r, col, counts.get(status) as f64)?;
            col += 1;
        }
        if let Some(score) = counts.score() {
            ws.write_number_with_format(r, col, score, pct)
                .map_err(io)?;
        }
    }
    ws.set_freeze_panes(1, 0).map_err(io)?;
    ws.autofit();
    Ok(())
}

/// A workbook created "on" the as-of date, so identical runs give identical files.
pub(super) fn workbook(as_of: chrono::NaiveDate) -> std::io::Result<Workbook> {
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(
        as_of.year().clamp(1900, 9999) as u16,
        as_of.month() as u8,
        as_of.day() as u8,
    )
    .map_err(io)?;
    book.set_properties(
        &DocProperties::new()
            .set_title("caseaudit")
            .set_creation_datetime(&created),
    );
    Ok(book)
}

impl Format for Xlsx {
    fn write(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        let lang = report.lang;
        let catalogue = report.catalogue;
        let tally = report.tally;
        let styles = Styles::new(lang);
        let bold = styles.bold.clone();
        let pct = styles.pct.clone();
        let mut book = workbook(report.as_of)?;

        // Summary: as-of date, counts, error rates with intervals.
        let ws = book.add_worksheet();
        ws.set_name(lang.t(Msg::Summary)).map_err(io)?;
        text_row(ws, 0, &[lang.t(Msg::AsOf)], Some(&bold))?;
        moment_cell(
            ws,
            0,
            1,
            crate::calendar::Moment::day(report.as_of),
            &styles,
        )?;
        let municipalities: Vec<&str> = tally.municipalities.iter().map(String::as_str).collect();
        text_row(
            ws,
            1,
            &[lang.t(Msg::Municipality2), &municipalities.join(", ")],
            None,
        )?;
        if let Some(sample) = report.sample {
            text_row(
                ws,
                4,
                &[lang.t(Msg::SampleHeading), &sample.sentence(lang)],
                None,
            )?;
        }
        text_row(ws, 2, &[lang.t(Msg::Cases3)], None)?;
        number(ws, 2, 1, tally.cases as f64)?;
        text_row(ws, 3, &[lang.t(Msg::Decisions3)], None)?;
        number(ws, 3, 1, tally.decisions as f64)?;
        text_row(
            ws,
            5,
            &[
                lang.t(Msg::ErrorRate),
                lang.t(Msg::Numerator),
                lang.t(Msg::Denominator),
                lang.t(Msg::Rate),
                lang.t(Msg::N95Low),
                lang.t(Msg::N95High),
            ],
            Some(&bold),
        )?;
        let mut r = 5;
        for (label, rate) in rate_rows(report) {
            r += 1;
            text_row(ws, r, &[label], None)?;
            match rate {
                Some(rate) => rate_cells(ws, r, 1, &rate, &pct)?,
                None => text_row(ws, r, &["", lang.t(Msg::NoAppeals)], None)?,
            }
        }
        if tally.calibration.total() > 0 {
            r += 2;
            text_row(ws, r, &calibration_header(lang), Some(&bold))?;
            for (label, changed, upheld) in calibration_rows(&tally.calibration, lang) {
                r += 1;
                text_row(ws, r, &[label], None)?;
                number(ws, r, 1, changed as f64)?;
                number(ws, r, 2, upheld as f64)?;
            }
        }
        // Sized before the warnings, whose long sentences would widen the first column.
        ws.autofit();
        let warnings = rate_warnings(report, lang);
        if !warnings.is_empty() {
            r += 2;
            text_row(ws, r, &[lang.t(Msg::Warnings)], Some(&bold))?;
            for w in &warnings {
                r += 1;
                text_row(ws, r, &[w], None)?;
            }
        }

        let ws = book.add_worksheet();
        ws.set_name(lang.t(Msg::Themes)).map_err(io)?;
        counts_sheet(
            ws,
            lang,
            &["id", lang.t(Msg::Theme)],
            catalogue
                .themes
                .iter()
                .zip(tally.per_theme(catalogue))
                .map(|(th, c)| (vec![th.id.as_str(), th.title(lang)], c)),
            &bold,
            &pct,
        )?;

        let ws = book.add_worksheet();
        ws.set_name(lang.t(Msg::Rules2)).map_err(io)?;
        counts_sheet(
            ws,
            lang,
            &[
                "id",
                lang.t(Msg::Rule),
                lang.t(Msg::Theme),
                lang.t(Msg::Severity),
            ],
            catalogue.rules.iter().zip(&tally.per_rule).map(|(r, c)| {
                (
                    vec![
                        r.id.as_str(),
                        r.texts(lang).title.as_str(),
                        catalogue.themes[r.theme].id.as_str(),
                        r.severity.label(lang),
                    ],
                    *c,
                )
            }),
            &bold,
            &pct,
        )?;

        // With --by: a row per group, its error rates and theme scores.
        if let Some(by) = tally.by {
            let ws = book.add_worksheet();
            ws.set_name(lang.t(Msg::Groups)).map_err(io)?;
            let ert = lang.t(Msg::EstimatedReversalRate);
            let cer = lang.t(Msg::CaseErrorRate2);
            let mut header: Vec<String> = vec![by.label(lang).into(), lang.t(Msg::Cases2).into()];
            for rate in [ert, cer] {
                header.extend([
                    format!("{rate}: {}", lang.t(Msg::Numerator)),
                    format!("{rate}: {}", lang.t(Msg::Denominator)),
                    rate.to_string(),
                    format!("{rate}: {}", lang.t(Msg::N95Low)),
                    format!("{rate}: {}", lang.t(Msg::N95High)),
                ]);
            }
            header.extend(catalogue.themes.iter().map(|th| th.title(lang).to_string()));
            let header: Vec<&str> = header.iter().map(String::as_str).collect();
            text_row(ws, 0, &header, Some(&bold))?;
            for (i, (name, group)) in tally.groups.iter().enumerate() {
                let r = i as u32 + 1;
                text_row(ws, r, &[name.as_deref().unwrap_or("–")], None)?;
                number(ws, r, 1, group.cases as f64)?;
                rate_cells(ws, r, 2, &group.estimated_reversal_rate(), &pct)?;
                rate_cells(ws, r, 7, &group.case_error_rate(), &pct)?;
                for (j, counts) in group.per_theme(catalogue).iter().enumerate() {
                    if let Some(score) = counts.score() {
                        ws.write_number_with_format(r, 12 + j as u16, score, &pct)
                            .map_err(io)?;
                    }
                }
            }
            ws.set_freeze_panes(1, 1).map_err(io)?;
            ws.autofit();
        }

        // The national yardstick beside this audit's own figure: a reference, not a target.
        if !catalogue.yardstick.is_empty() {
            let ws = book.add_worksheet();
            ws.set_name(lang.t(Msg::NationalYardstick)).map_err(io)?;
            text_row(
                ws,
                0,
                &[
                    lang.t(Msg::ComparesWith),
                    lang.t(Msg::Figure),
                    lang.t(Msg::CasesFrom),
                    lang.t(Msg::Published),
                    lang.t(Msg::Municipalities),
                    lang.t(Msg::Cases2),
                    lang.t(Msg::National2),
                    lang.t(Msg::ThisAudit),
                    lang.t(Msg::Source),
                    lang.t(Msg::Definition),
                    lang.t(Msg::Note),
                ],
                Some(&bold),
            )?;
            for (i, f) in catalogue.yardstick.iter().enumerate() {
                let r = i as u32 + 1;
                let with = compares_with_label(&f.compares_with, lang);
                text_row(ws, r, &[with, f.title(lang), &f.period()], None)?;
                if let Some(year) = f.published {
                    number(ws, r, 3, f64::from(year))?;
                }
                if let Some(m) = f.municipalities {
                    number(ws, r, 4, f64::from(m))?;
                }
                if let Some(c) = f.cases {
                    number(ws, r, 5, f64::from(c))?;
                }
                ws.write_number_with_format(r, 6, f.share, &pct)
                    .map_err(io)?;
                if let Some(own) = own_figure(report, &f.compares_with) {
                    ws.write_number_with_format(r, 7, own, &pct).map_err(io)?;
                }
                let (definition, note) = (
                    f.definition(lang).unwrap_or_default(),
                    f.note(lang).unwrap_or_default(),
                );
                for (col, text) in [(8, f.source.as_str()), (9, definition), (10, note)] {
                    if !text.is_empty() {
                        ws.write_string(r, col, neutralise(text).as_ref())
                            .map_err(io)?;
                    }
                }
            }
            ws.autofit();
            let note = catalogue.yardstick.len() as u32 + 2;
            text_row(ws, note, &[yardstick_note(lang)], None)?;
        }

        // Results, and apart from them the results that could not be assessed; each goes on
        // in further sheets past a sheet's rows ([`results_sheets`]).
        let sheets = [
            (lang.t(Msg::Results), None),
            (lang.t(Msg::NotAssessable), Some(Status::NotAssessable)),
        ];
        let header = result_header(report);
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        for (name, only) in sheets {
            let mut sheets = ResultSheets::new(name, header.clone(), &bold);
            for row in tally.rows.iter() {
                let row = row?;
                if only.is_some_and(|s| row.status != s) {
                    continue;
                }
                let (ws, r) = sheets.next_row(&mut book)?;
                result_row(ws, r, report, &row, &styles)?;
                sheets.measure(|| super::csv::result_cells(report, &row));
            }
            sheets.finish(&mut book)?;
        }

        // Data coverage: every field the rules read, with numbers a spreadsheet can sort.
        let ws = book.add_worksheet();
        ws.set_name(super::coverage::title(lang)).map_err(io)?;
        let mut head = super::coverage::header(lang).to_vec();
        head.extend([
            lang.t(Msg::CarriedIt2),
            lang.t(Msg::EventsRead),
            lang.t(Msg::Share),
        ]);
        text_row(ws, 0, &head, Some(&bold))?;
        let coverage = &report.tally.coverage;
        for (r, (f, &(carried, read))) in coverage.fields.iter().zip(&coverage.counts).enumerate() {
            let r = r as u32 + 1;
            let cells = super::coverage::cells(report, f);
            text_row(ws, r, &cells.each_ref().map(String::as_str), None)?;
            number(ws, r, 3, carried as f64)?;
            number(ws, r, 4, read as f64)?;
            if let Some(share) = super::coverage::share(carried, read) {
                ws.write_number_with_format(r, 5, share, &pct).map_err(io)?;
            }
        }
        let below = coverage.fields.len() as u32 + 2;
        text_row(ws, below, &[super::coverage::sheet_note(lang)], None)?;
        ws.set_freeze_panes(1, 0).map_err(io)?;
        ws.autofit();

        // Assessment basis: inputs with sha256, rejected records by reason, the rule set.
        let ws = book.add_worksheet();
        ws.set_name(lang.t(Msg::AssessmentBasis)).map_err(io)?;
        let mut r = 0u32;
        text_row(
            ws,
            r,
            &[
                lang.t(Msg::File),
                "sha256",
                lang.t(Msg::Cases2),
                lang.t(Msg::Events),
                lang.t(Msg::Rejected),
            ],
            Some(&bold),
        )?;
        for input in report.inputs {
            r += 1;
            text_row(ws, r, &[&input.path, &input.sha256], None)?;
            number(ws, r, 2, input.cases as f64)?;
            number(ws, r, 3, input.events as f64)?;
            number(ws, r, 4, input.rejected as f64)?;
        }
        r += 2;
        text_row(
            ws,
            r,
            &[lang.t(Msg::ReasonRejected), lang.t(Msg::Count)],
            Some(&bold),
        )?;
        for (reason, n) in super::html::rejects_by_reason(report) {
            r += 1;
            text_row(ws, r, &[&reason], None)?;
            number(ws, r, 1, n as f64)?;
        }
        r += 2;
        text_row(ws, r, &[lang.t(Msg::RuleSet), "sha256"], Some(&bold))?;
        r += 1;
        let rules = catalogue.rules.len().to_string();
        text_row(ws, r, &[&rules, &catalogue.sha256], None)?;
        ws.autofit();
        r += 2;
        text_row(
            ws,
            r,
            &[lang.t(Msg::DecisionsNotEveryRuleCanJudge)],
            Some(&bold),
        )?;
        let unjudged = unjudged_line(report).unwrap_or_else(|| lang.t(Msg::NoneFound).into());
        text_row(ws, r + 1, &[&unjudged], None)?;

        people_sheets(report, &mut book, &styles)?;
        out.write_all(&book.save_to_buffer().map_err(io)?)
    }
}

/// Excel's rows per sheet (2^20), the header one of them.
pub const SHEET_ROWS: u32 = 1_048_576;

/// Tests set fewer rows per results sheet for the binary through this variable (never more),
/// so that a small audit goes on to a second sheet.
const SHEET_ROWS_FOR_TESTS: &str = "CASEAUDIT_TEST_MAX_SHEET_ROWS";

/// Rows per results sheet, the header one of them: [`SHEET_ROWS`], or fewer under
/// [`SHEET_ROWS_FOR_TESTS`] (at least 2: a header and a row).
pub fn sheet_rows() -> u32 {
    std::env::var(SHEET_ROWS_FOR_TESTS)
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(SHEET_ROWS, |n: u32| n.clamp(2, SHEET_ROWS))
}

/// Rows read to size a results sheet's columns: its first ones (a sheet of a million rows
/// is written as it goes, so it cannot be measured whole).
const MEASURED_ROWS: u32 = 1_000;

/// The widths of a sheet written row by row, which cannot be measured whole: the widest cell
/// (in characters) of each column among its header and first [`MEASURED_ROWS`] rows.
pub(super) struct Widths(Vec<usize>);

impl Widths {
    pub fn new(header: &[&str]) -> Widths {
        Widths(header.iter().map(|h| h.chars().count()).collect())
    }

    /// Takes row `row`'s cells into the widths, if it is among the first rows.
    pub fn measure(&mut self, row: u32, cells: &[&str]) {
        if row > MEASURED_ROWS {
            return;
        }
        for (width, cell) in self.0.iter_mut().zip(cells) {
            *width = (*width).max(cell.chars().count());
        }
    }

    /// Sets the columns' widths: Excel's width is in characters of the default font, and a
    /// long text wraps rather than widening its column past 60.
    pub fn size(&self, ws: &mut Worksheet) -> std::io::Result<()> {
        for (col, width) in self.0.iter().enumerate() {
            ws.set_column_width(col as u16, (*width).clamp(6, 60) as f64 + 1.0)
                .map_err(io)?;
        }
        Ok(())
    }
}

/// A list of results as sheets: "Resultater", then "Resultater (2)", "(3)" … each with the
/// header, so a list longer than a sheet goes on where Excel can open it. The sheets are
/// written row by row to temporary files (rust_xlsxwriter's constant memory mode), not
/// held in memory; their columns are sized by the first rows.
struct ResultSheets<'a> {
    name: &'a str,
    header: Vec<&'a str>,
    bold: &'a Style,
    /// Sheets begun, and rows written in the last one (its header included).
    sheets: u32,
    rows: u32,
    per_sheet: u32,
    widths: Widths,
}

impl<'a> ResultSheets<'a> {
    fn new(name: &'a str, header: Vec<&'a str>, bold: &'a Style) -> ResultSheets<'a> {
        ResultSheets {
            name,
            widths: Widths::new(&header),
            header,
            bold,
            sheets: 0,
            rows: 0,
            per_sheet: sheet_rows(),
        }
    }

    /// The sheet and row to write the next result in: a new sheet, with its header, when
    /// the last one is full (or none is begun).
    fn next_row<'b>(
        &mut self,
        book: &'b mut Workbook,
    ) -> std::io::Result<(&'b mut Worksheet, u32)> {
        if self.sheets == 0 || self.rows == self.per_sheet {
            self.begin(book)?;
        }
        let r = self.rows;
        self.rows += 1;
        let last = book.worksheets_mut().len() - 1;
        Ok((&mut book.worksheets_mut()[last], r))
    }

    fn begin(&mut self, book: &mut Workbook) -> std::io::Result<()> {
        if self.sheets > 0 {
            self.size_columns(book)?;
        }
        self.sheets += 1;
        let name = match self.sheets {
            1 => self.name.to_string(),
            n => format!("{} ({n})", self.name),
        };
        let ws = book.add_worksheet_with_constant_memory().map_err(io)?;
        ws.set_name(name).map_err(io)?;
        text_row(ws, 0, &self.header, Some(self.bold))?;
        ws.set_freeze_panes(1, 0).map_err(io)?;
        self.rows = 1;
        Ok(())
    }

    /// Takes a written row's cells (as text) into the columns' widths, among the first rows
    /// of a sheet.
    fn measure(&mut self, cells: impl FnOnce() -> Vec<String>) {
        if self.rows > MEASURED_ROWS + 1 {
            return;
        }
        let cells = cells();
        let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
        self.widths.measure(1, &cells);
    }

    fn size_columns(&self, book: &mut Workbook) -> std::io::Result<()> {
        let last = book.worksheets_mut().len() - 1;
        self.widths.size(&mut book.worksheets_mut()[last])
    }

    /// Ends the list: sizes the last sheet's columns, or, for an empty list, writes a sheet
    /// with the header alone.
    fn finish(mut self, book: &mut Workbook) -> std::io::Result<()> {
        if self.sheets == 0 {
            self.begin(book)?;
        }
        self.size_columns(book)
    }
}

/// What people added (profile, review, waivers), a sheet each: see `review::sections`.
fn people_sheets(report: &Report, book: &mut Workbook, styles: &Styles) -> std::io::Result<()> {
    let bold = &styles.bold;
    for section in super::review::report_sections(report)? {
        let ws = book.add_worksheet();
        // A sheet name is at most 31 characters and has no ':'.
        let name: String = section
            .title
            .split(':')
            .next()
            .unwrap_or_default()
            .chars()
            .take(31)
            .collect();
        ws.set_name(name.trim()).map_err(io)?;
        let mut r = 0u32;
        text_row(ws, r, &[&section.title], Some(bold))?;
        for line in section.lines.iter().chain(&section.warnings) {
            r += 1;
            text_row(ws, r, &[line], None)?;
        }
        for (header, rows) in &section.tables {
            if rows.is_empty() {
                continue;
            }
            r += 2;
            let header: Vec<&str> = header.iter().map(String::as_str).collect();
            text_row(ws, r, &header, Some(bold))?;
            // Scores, shares and counts as numbers, so the sheet sorts and filters.
            for row in rows {
                r += 1;
                for (col, cell) in row.iter().enumerate() {
                    shown_cell(ws, r, col as u16, cell, report.lang, styles)?;
                }
            }
        }
        ws.autofit();
    }
    Ok(())
}
