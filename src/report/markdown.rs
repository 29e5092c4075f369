//! Markdown for a CI job summary (GitHub `$GITHUB_STEP_SUMMARY`, GitLab): a heading, the error
//! rates with their intervals, theme and rule tables, and the findings. GitHub caps a step's
//! summary at 1 MiB, so the findings stop after `--max-listed` rows (500 by default), the
//! worst cases first when not all fit, with a note of how many more and the rest counted by
//! rule and team ([`super::listing`]).
use super::listing::{listing, more_line, rest_header, rest_rows, rest_title, summary_line};
use super::{
    Counts, Format, GroupBy, Report, ResultsMode, calibration_header, calibration_rows,
    findings_header, group_grid, message, rate_rows, rate_table_row, rate_warnings, unjudged_line,
    yardstick_cell, yardstick_header, yardstick_note, yardstick_notes, yardstick_rows,
};
use crate::lang::Msg;
use crate::rules::{Lang, Status};
use std::io::Write;

pub struct Markdown;

/// Escapes a table cell: pipes, markup characters and line breaks.
pub(super) fn cell(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' | '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' => {
                s.push('\\');
                s.push(c);
            }
            '\n' | '\r' => s.push(' '),
            _ => s.push(c),
        }
    }
    s
}

pub(super) fn row(out: &mut dyn Write, cells: &[String]) -> std::io::Result<()> {
    writeln!(out, "| {} |", cells.join(" | "))
}

pub(super) fn header(
    out: &mut dyn Write,
    cells: &[String],
    right_from: usize,
) -> std::io::Result<()> {
    row(out, cells)?;
    let rule: Vec<String> = (0..cells.len())
        .map(|i| if i >= right_from { "---:" } else { "---" }.to_string())
        .collect();
    row(out, &rule)
}

fn counts_cells(lang: Lang, label: String, counts: &Counts) -> Vec<String> {
    let mut cells = vec![label];
    cells.extend(Status::ALL.iter().map(|s| lang.int(counts.get(*s))));
    cells.push(lang.percent(counts.score()));
    cells
}

fn counts_header(lang: Lang, first: &str) -> Vec<String> {
    let mut h = vec![first.to_string()];
    h.extend(Status::ALL.iter().map(|s| s.label(lang).to_string()));
    h.push("score".into());
    h
}

impl Format for Markdown {
    fn write(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        let lang = report.lang;
        let catalogue = report.catalogue;
        let tally = report.tally;
        writeln!(
            out,
            "## {} {}\n",
            lang.t(Msg::CaseauditAuditAsOf),
            report.as_of
        )?;
        writeln!(
            out,
            "{}, {}.\n",
            lang.count(tally.cases, Msg::Cases),
            lang.count(tally.decisions, Msg::Decisions),
        )?;
        if let Some(sample) = report.sample {
            writeln!(out, "**{}**\n", cell(&sample.sentence(lang)))?;
        }
        header(
            out,
            &[
                lang.t(Msg::ErrorRate).into(),
                lang.t(Msg::Numerator).into(),
                lang.t(Msg::Denominator).into(),
                lang.t(Msg::Rate).into(),
                lang.t(Msg::N95ConfidenceInterval).into(),
            ],
            1,
        )?;
        for (label, rate) in rate_rows(report) {
            row(out, &rate_table_row(label, rate, lang))?;
        }
        let warnings = rate_warnings(report, lang);
        if !warnings.is_empty() {
            writeln!(out)?;
            for w in warnings {
                // A list: consecutive quoted lines would run together as one paragraph.
                writeln!(out, "- ⚠ {}", cell(&w))?;
            }
        }
        if let Some(line) = unjudged_line(report) {
            writeln!(out, "\n{}", cell(&line))?;
        }

        writeln!(out, "\n### {}\n", lang.t(Msg::Themes))?;
        header(out, &counts_header(lang, lang.t(Msg::Theme)), 1)?;
        for (theme, counts) in catalogue.themes.iter().zip(tally.per_theme(catalogue)) {
            row(out, &counts_cells(lang, cell(theme.title(lang)), &counts))?;
        }

        writeln!(out, "\n### {}\n", lang.t(Msg::Rules2))?;
        // The national yardstick beside the rules it compares with.
        let yardstick = !catalogue.yardstick.is_empty();
        let mut head = counts_header(lang, lang.t(Msg::Rule));
        if yardstick {
            head.push(lang.t(Msg::National).into());
        }
        header(out, &head, 1)?;
        for (rule, counts) in catalogue.rules.iter().zip(&tally.per_rule) {
            let label = format!("{} {}", cell(&rule.id), cell(&rule.texts(lang).title));
            let mut cells = counts_cells(lang, label, counts);
            if yardstick {
                cells.push(cell(&yardstick_cell(catalogue, &rule.id, lang)));
            }
            row(out, &cells)?;
        }
        if yardstick {
            // Each figure with its population, period and source, this audit's own beside
            // it (the observed reversal rate beside the Danmarkskort figure).
            writeln!(out, "\n### {}\n", lang.t(Msg::NationalYardstick))?;
            let head: Vec<String> = yardstick_header(lang).iter().map(|h| cell(h)).collect();
            header(out, &head, head.len())?;
            for r in yardstick_rows(report) {
                let cells: Vec<String> = r.iter().map(|c| cell(c)).collect();
                row(out, &cells)?;
            }
            writeln!(out)?;
            for note in yardstick_notes(catalogue, lang) {
                writeln!(out, "- {}", cell(&note))?;
            }
            writeln!(out, "\n{}", cell(yardstick_note(lang)))?;
        }

        writeln!(out, "\n### {}\n", super::coverage::title(lang))?;
        let (head, rows) = super::coverage::poor_rows(report);
        if !rows.is_empty() {
            header(out, &head, 3)?;
            for r in rows {
                row(out, &r.iter().map(|c| cell(c)).collect::<Vec<_>>())?;
            }
            writeln!(out)?;
        }
        writeln!(out, "{}", cell(super::coverage::note(report)))?;

        if let Some(by) = tally.by {
            writeln!(out, "\n### {} {}\n", lang.t(Msg::By), by.label(lang))?;
            let (head, rows) = group_grid(report, by);
            let head: Vec<String> = head.iter().map(|h| cell(h)).collect();
            header(out, &head, 1)?;
            for r in rows {
                row(out, &r.iter().map(|c| cell(c)).collect::<Vec<_>>())?;
            }
        }

        if tally.calibration.total() > 0 {
            writeln!(
                out,
                "\n### {}\n",
                lang.t(Msg::AppealedDecisionsFindingsAgainstAnkestyrelsenS)
            )?;
            header(out, &calibration_header(lang).map(String::from), 1)?;
            for (label, changed, upheld) in calibration_rows(&tally.calibration, lang) {
                row(
                    out,
                    &[label.to_string(), lang.int(changed), lang.int(upheld)],
                )?;
            }
        }

        if report.mode != ResultsMode::None {
            findings(report, out)?;
        }
        let rejected = report.rejected() as u64;
        if rejected > 0 {
            writeln!(
                out,
                "\n{} {}",
                lang.count(rejected, Msg::Records),
                lang.t(Msg::RejectedAndNotAuditedCaseauditValidate)
            )?;
        }
        people_sections(report, out)
    }
}

/// The findings: at most `--max-listed` rows, then how many more and the rest counted by rule
/// and team ([`super::listing`]).
fn findings(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let lang = report.lang;
    let catalogue = report.catalogue;
    writeln!(out, "\n### {}\n", lang.t(Msg::Findings))?;
    if report.tally.rows.is_empty() {
        return writeln!(out, "{}", lang.t(Msg::NoFindings));
    }
    let listing = listing(report, report.max_listed)?;
    if listing.more() > 0 {
        writeln!(out, "{}\n", cell(&summary_line(report, &listing)))?;
    }
    if listing.listed > 0 {
        // With --by team each finding names its team, as in the terminal table.
        let team = report.tally.by == Some(GroupBy::Team);
        header(out, &findings_header(lang, team), usize::MAX)?;
        let show =
            |m: Option<crate::calendar::Moment>| m.map(|m| m.to_string()).unwrap_or_default();
        for r in listing.rows() {
            let rule = &catalogue.rules[r.rule];
            let mut cells = vec![cell(&r.case_id)];
            if team {
                cells.push(cell(r.team.as_deref().unwrap_or_default()));
            }
            cells.extend([
                cell(&rule.id),
                r.status.label(lang).to_string(),
                cell(&super::subject_label(&r.subject, lang)),
                show(r.due),
                show(r.done),
                cell(&rule.variants[r.variant].law),
                cell(&message(r, lang)),
            ]);
            row(out, &cells)?;
        }
    }
    if let Some(more) = more_line(report, &listing) {
        writeln!(out, "\n{}", cell(&more))?;
        writeln!(out, "\n#### {}\n", rest_title(lang))?;
        let statuses = listing.rest_statuses();
        let head: Vec<String> = rest_header(lang, &statuses)
            .iter()
            .map(|h| cell(h))
            .collect();
        header(out, &head, 2)?;
        for r in rest_rows(report, &listing, &statuses) {
            row(out, &r.iter().map(|c| cell(c)).collect::<Vec<_>>())?;
        }
    }
    Ok(())
}

/// What people added (profile, review, waivers): see `review::sections`.
fn people_sections(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    for section in super::review::report_sections(report)? {
        writeln!(out, "\n### {}\n", cell(&section.title))?;
        for line in &section.lines {
            writeln!(out, "{}  ", cell(line))?;
        }
        for (head, rows) in &section.tables {
            if rows.is_empty() {
                continue;
            }
            writeln!(out)?;
            header(
                out,
                &head.iter().map(|h| cell(h)).collect::<Vec<_>>(),
                usize::MAX,
            )?;
            for r in rows {
                row(out, &r.iter().map(|c| cell(c)).collect::<Vec<_>>())?;
            }
        }
        if !section.warnings.is_empty() {
            writeln!(out)?;
            for w in &section.warnings {
                writeln!(out, "- ⚠ {}", cell(w))?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn cells_cannot_break_the_table() {
        assert_eq!(cell("a|b\nc"), "a\\|b c");
        assert_eq!(cell("<script>"), "\\<script\\>");
    }
}
