//! The terminal report: per-theme scores, error rates and findings, in Danish or English.
use super::listing::{listing, more_line, rest_header, rest_rows, rest_title, summary_line};
use super::{
    Counts, Format, GroupBy, Report, calibration_header, calibration_rows, findings_header,
    group_grid, message, rate_rows, rate_table_row, rate_warnings, unjudged_line, yardstick_cell,
    yardstick_header, yardstick_note, yardstick_notes, yardstick_rows,
};
use crate::lang::Msg;
use crate::privacy::mask_cpr;
use crate::rules::{Lang, Status};
use crate::terminal::printable;
use comfy_table::{CellAlignment, ContentArrangement, presets};

/// The terminal table. `width` is the most columns a table may take (long cells wrap to
/// fit); None never wraps.
pub struct Table {
    pub width: Option<u16>,
}

/// How wide a table printed on stdout may be: the terminal's width when stdout is a
/// terminal; otherwise `COLUMNS` when it is set (a CI log or a script can ask for a width);
/// otherwise unlimited, so output piped to a file is the same on every machine.
pub fn terminal_width() -> Option<u16> {
    comfy_table::Table::new().width().or_else(|| {
        std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse().ok())
            .filter(|&w: &u16| w > 0)
    })
}

/// A table as every caseaudit table looks, with the cells' text protected as it enters:
/// each cell's CPR numbers are masked and its unprintable characters replaced
/// ([`crate::terminal::printable`]) before comfy-table may wrap it to the terminal's width.
/// The mask on stdout cannot do it afterwards: a cell wrapped through a number
/// (`K-010180-123` / `4`) shows it in two pieces, neither of which is a CPR number.
pub struct Grid(comfy_table::Table);

/// A cell's text as a table may show it.
fn cell(text: &str) -> String {
    crate::terminal::printable(&mask_cpr(text)).into_owned()
}

impl Grid {
    /// A table that wraps its cells to fit `width` columns, or never wraps (None).
    pub fn new(header: Vec<String>, width: Option<u16>) -> Grid {
        let mut g = comfy_table::Table::new();
        g.load_style(presets::UTF8_FULL_CONDENSED)
            .set_header(header.iter().map(|h| cell(h)));
        // The width is decided here, never by comfy-table looking at stdout on its own.
        g.force_no_tty();
        match width {
            Some(w) => g
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_width(w),
            None => g.set_content_arrangement(ContentArrangement::Disabled),
        };
        Grid(g)
    }

    pub fn add_row<S: AsRef<str>>(&mut self, cells: impl IntoIterator<Item = S>) {
        self.0.add_row(cells.into_iter().map(|c| cell(c.as_ref())));
    }

    /// A row whose cells `right` says are numbers lined up on the right.
    pub fn add_row_aligned<S: AsRef<str>>(
        &mut self,
        cells: impl IntoIterator<Item = S>,
        right: impl Fn(&str) -> bool,
    ) {
        self.0.add_row(cells.into_iter().map(|c| {
            let text = c.as_ref();
            let shown = comfy_table::Cell::new(cell(text));
            if right(text) {
                shown.set_alignment(CellAlignment::Right)
            } else {
                shown
            }
        }));
    }

    /// Lines up the columns from `from` on the right (counts and shares).
    pub fn right_align(&mut self, from: usize) {
        let n = self.0.column_count();
        for i in from..n {
            if let Some(c) = self.0.column_mut(i) {
                c.set_cell_alignment(CellAlignment::Right);
            }
        }
    }
}

impl std::fmt::Display for Grid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A table for stdout: as wide as [`terminal_width`] allows.
pub(crate) fn grid(header: Vec<String>) -> Grid {
    Grid::new(header, terminal_width())
}

fn counts_row(lang: Lang, label: String, counts: &Counts) -> Vec<String> {
    let mut row = vec![label];
    row.extend(Status::ALL.iter().map(|s| lang.int(counts.get(*s))));
    row.push(lang.percent(counts.score()));
    row
}

fn counts_header(lang: Lang, first: &'static str) -> Vec<String> {
    let mut h = vec![first.to_string()];
    h.extend(Status::ALL.iter().map(|s| s.label(lang).to_string()));
    h.push(lang.t(Msg::Score).into());
    h
}

impl Table {
    fn grid(&self, header: Vec<String>) -> Grid {
        Grid::new(header, self.width)
    }

    /// The findings: at most `--max-listed` rows, then how many more and the rest counted by
    /// rule and team ([`super::listing`]).
    fn findings(&self, report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let lang = report.lang;
        let catalogue = report.catalogue;
        let listing = listing(report, report.max_listed)?;
        if listing.more() > 0 {
            writeln!(out, "\n{}", summary_line(report, &listing))?;
        }
        if listing.listed > 0 {
            // With --by team each finding names its team, so a case manager finds theirs.
            let team = report.tally.by == Some(GroupBy::Team);
            let mut findings = self.grid(findings_header(lang, team));
            let show =
                |m: Option<crate::calendar::Moment>| m.map(|m| m.to_string()).unwrap_or_default();
            for row in listing.rows() {
                let mut cells = vec![row.case_id.clone()];
                if team {
                    cells.push(row.team.clone().unwrap_or_default());
                }
                cells.extend([
                    catalogue.rules[row.rule].id.clone(),
                    row.status.label(lang).to_string(),
                    super::subject_label(&row.subject, lang),
                    show(row.due),
                    show(row.done),
                    catalogue.rules[row.rule].variants[row.variant].law.clone(),
                    message(row, lang),
                ]);
                findings.add_row(cells);
            }
            writeln!(out, "\n{findings}")?;
        }
        if let Some(more) = more_line(report, &listing) {
            writeln!(out, "{more}\n\n{}", rest_title(lang))?;
            let statuses = listing.rest_statuses();
            let mut rest = self.grid(rest_header(lang, &statuses));
            for row in rest_rows(report, &listing, &statuses) {
                rest.add_row(row);
            }
            rest.right_align(2);
            writeln!(out, "{rest}")?;
        }
        Ok(())
    }
}

impl Format for Table {
    fn write(&self, report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let lang = report.lang;
        let catalogue = report.catalogue;
        let tally = report.tally;
        writeln!(out, "{} {}", lang.t(Msg::CaseauditAuditAsOf), report.as_of)?;
        for input in report.inputs {
            writeln!(
                out,
                "  {}: {}, {}, {} {}",
                printable(&input.path),
                lang.count(input.cases as u64, Msg::Cases),
                lang.count(input.events as u64, Msg::Events2),
                input.rejected,
                lang.t(Msg::Rejected),
            )?;
        }
        writeln!(
            out,
            "  caseaudit {} · {} {} · {} {}",
            env!("CARGO_PKG_VERSION"),
            lang.t(Msg::RuleSetSha256),
            &catalogue.sha256[..catalogue.sha256.len().min(12)],
            lang.t(Msg::Calendar),
            report.calendar.name(),
        )?;
        if let Some(sample) = report.sample {
            writeln!(out, "  {}", sample.sentence(lang))?;
        }
        if tally.later_events > 0 {
            let n = tally.later_events;
            let text = format!("  {}", crate::tr_n!(lang, n, LaterEventsNotCounted, n = n));
            writeln!(out, "{text}")?;
        }
        writeln!(out)?;

        let mut themes = self.grid(counts_header(lang, lang.t(Msg::Theme)));
        for (theme, counts) in catalogue.themes.iter().zip(tally.per_theme(catalogue)) {
            themes.add_row(counts_row(lang, theme.title(lang).to_string(), &counts));
        }
        themes.right_align(1);
        writeln!(out, "{themes}\n")?;

        // The national yardstick beside the rules it compares with.
        let national = lang.t(Msg::National);
        let yardstick = !catalogue.yardstick.is_empty();
        let mut header = counts_header(lang, lang.t(Msg::Rule));
        if yardstick {
            header.push(national.into());
        }
        let mut rules = self.grid(header);
        for (rule, counts) in catalogue.rules.iter().zip(&tally.per_rule) {
            let mut row = counts_row(
                lang,
                format!("{} {}", rule.id, rule.texts(lang).title),
                counts,
            );
            if yardstick {
                row.push(yardstick_cell(catalogue, &rule.id, lang));
            }
            rules.add_row(row);
        }
        rules.right_align(1);
        writeln!(out, "{rules}\n")?;

        let mut rates = self.grid(vec![
            lang.t(Msg::ErrorRate).into(),
            lang.t(Msg::Numerator).into(),
            lang.t(Msg::Denominator).into(),
            lang.t(Msg::Rate).into(),
            lang.t(Msg::N95ConfidenceInterval).into(),
        ]);
        for (label, rate) in rate_rows(report) {
            rates.add_row(rate_table_row(label, rate, lang));
        }
        rates.right_align(1);
        writeln!(out, "{rates}")?;
        if yardstick {
            // Each figure with its population, period and source, and this audit's own
            // figure beside it (the observed reversal rate beside the Danmarkskort).
            let mut figures = self.grid(
                yardstick_header(lang)
                    .iter()
                    .map(|h| h.to_string())
                    .collect(),
            );
            for row in yardstick_rows(report) {
                figures.add_row(row.to_vec());
            }
            writeln!(out, "\n{}", lang.t(Msg::NationalYardstick))?;
            writeln!(out, "{figures}")?;
            for note in yardstick_notes(catalogue, lang) {
                writeln!(out, "{note}")?;
            }
            writeln!(out, "{}", yardstick_note(lang))?;
        }
        writeln!(
            out,
            "{}, {}",
            lang.count(tally.cases, Msg::Cases),
            lang.count(tally.decisions, Msg::Decisions),
        )?;
        if let Some(line) = unjudged_line(report) {
            writeln!(out, "{line}")?;
        }
        let (header, rows) = super::coverage::poor_rows(report);
        let title = super::coverage::title(lang);
        let note = super::coverage::note(report);
        if rows.is_empty() {
            writeln!(out, "\n{title}: {note}")?;
        } else {
            let mut g = self.grid(header);
            for row in rows {
                g.add_row(row);
            }
            g.right_align(3);
            writeln!(out, "\n{title}\n{g}\n{note}")?;
        }

        if let Some(by) = tally.by {
            writeln!(out)?;
            let (header, rows) = group_grid(report, by);
            let mut g = self.grid(header);
            for row in rows {
                g.add_row(row);
            }
            g.right_align(1);
            writeln!(out, "{g}")?;
        }
        if tally.calibration.total() > 0 {
            writeln!(out)?;
            let mut g = self.grid(calibration_header(lang).map(String::from).to_vec());
            for (label, changed, upheld) in calibration_rows(&tally.calibration, lang) {
                g.add_row(vec![label.to_string(), lang.int(changed), lang.int(upheld)]);
            }
            g.right_align(1);
            writeln!(out, "{g}")?;
        }
        let warnings = rate_warnings(report, lang);
        if !warnings.is_empty() {
            writeln!(out)?;
            for w in warnings {
                writeln!(out, "! {w}")?;
            }
        }

        if report.mode != super::ResultsMode::None && !tally.rows.is_empty() {
            self.findings(report, out)?;
        }
        let rejected = report.rejected();
        if rejected > 0 {
            let text = lang.noun(rejected as u64, Msg::RecordsRejectedNotAudited);
            let hint = lang.t(Msg::ListThemWithCaseauditValidate);
            writeln!(out, "\n{rejected} {text}; {hint}.")?;
        }
        super::review::write_table(report, out)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::Grid;

    #[test]
    fn a_wrapped_cell_never_splits_a_cpr_number_nor_carries_a_control() {
        let mut g = Grid::new(vec!["Sag".into(), "Emne".into()], Some(20));
        g.add_row(["K-010180-1234", "a\u{1b}[2J\u{202e}b"]);
        let shown = g.to_string();
        assert!(shown.contains("xxxx"), "{shown}");
        let digits: String = shown.chars().filter(char::is_ascii_digit).collect();
        assert!(!digits.contains("010180"), "{shown}");
        assert!(
            !shown.contains('\u{1b}') && !shown.contains('\u{202e}'),
            "{shown}"
        );
    }
}
