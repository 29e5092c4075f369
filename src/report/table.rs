//! The terminal report: per-theme scores, error rates and findings, in Danish or English.
use super::stats::Rate;
use super::{
    Calibration, Counts, Format, GroupBy, Report, message, small_sample_warnings, t,
    yardstick_cell, yardstick_note,
};
use crate::rules::yardstick::ESTIMATED_REVERSAL_RATE;
use crate::rules::{Lang, Status};
use comfy_table::{CellAlignment, ContentArrangement, Table as Grid, presets};

pub struct Table;

pub(super) fn percent(x: Option<f64>) -> String {
    x.map(|v| format!("{:.1} %", v * 100.0))
        .unwrap_or_else(|| "–".into())
}

/// Text from the export (ids, teams, paths) as the terminal may show it: control characters
/// (ESC, BEL …) would move the cursor or ring the bell, so each becomes U+FFFD, one column
/// wide like the character it replaces.
pub(crate) fn printable(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect()
}

/// A table in the style every caseaudit table uses; no wrapping, so output is stable.
pub(crate) fn grid(header: Vec<String>) -> Grid {
    let mut g = Grid::new();
    g.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header);
    g
}

fn right_align(g: &mut Grid, from: usize) {
    let n = g.column_count();
    for i in from..n {
        if let Some(c) = g.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
}

fn counts_row(label: String, counts: &Counts) -> Vec<String> {
    let mut row = vec![label];
    row.extend(Status::ALL.iter().map(|s| counts.get(*s).to_string()));
    row.push(percent(counts.score()));
    row
}

fn counts_header(lang: Lang, first: &'static str) -> Vec<String> {
    let mut h = vec![first.to_string()];
    h.extend(Status::ALL.iter().map(|s| s.label(lang).to_string()));
    h.push(t(lang, "score", "score").into());
    h
}

fn rate_row(label: &str, rate: &Rate) -> Vec<String> {
    let interval = match (rate.ci95_low, rate.ci95_high) {
        (Some(lo), Some(hi)) => format!("{} – {}", percent(Some(lo)), percent(Some(hi))),
        _ => "–".into(),
    };
    vec![
        label.to_string(),
        rate.numerator.to_string(),
        rate.denominator.to_string(),
        percent(rate.rate),
        interval,
    ]
}

impl Format for Table {
    fn write(&self, report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let lang = report.lang;
        let catalogue = report.catalogue;
        let tally = report.tally;
        writeln!(
            out,
            "{} {}",
            t(
                lang,
                "caseaudit – sagsmåling pr.",
                "caseaudit – audit as of"
            ),
            report.as_of
        )?;
        for input in report.inputs {
            writeln!(
                out,
                "  {}: {} {}, {} {}, {} {}",
                printable(&input.path),
                input.cases,
                t(lang, "sager", "cases"),
                input.events,
                t(lang, "hændelser", "events"),
                input.rejected,
                t(lang, "afviste", "rejected"),
            )?;
        }
        writeln!(
            out,
            "  caseaudit {} · {} {} · {} {}",
            env!("CARGO_PKG_VERSION"),
            t(lang, "regelsæt sha256", "rule set sha256"),
            &catalogue.sha256[..catalogue.sha256.len().min(12)],
            t(lang, "kalender", "calendar"),
            report.calendar.name(),
        )?;
        if tally.later_events > 0 {
            let n = tally.later_events;
            let text = match lang {
                Lang::Da => format!(
                    "  {n} {} efter måledatoen indgår ikke (se --as-of)",
                    if n == 1 { "hændelse" } else { "hændelser" }
                ),
                Lang::En => format!(
                    "  {n} {} after the as-of date {} not seen (see --as-of)",
                    if n == 1 { "event" } else { "events" },
                    if n == 1 { "is" } else { "are" }
                ),
            };
            writeln!(out, "{text}")?;
        }
        writeln!(out)?;

        let mut themes = grid(counts_header(lang, t(lang, "Tema", "Theme")));
        for (theme, counts) in catalogue.themes.iter().zip(tally.per_theme(catalogue)) {
            themes.add_row(counts_row(theme.title(lang).to_string(), &counts));
        }
        right_align(&mut themes, 1);
        writeln!(out, "{themes}\n")?;

        // The national yardstick beside the rules it compares with.
        let national = t(lang, "landstal", "national");
        let yardstick = !catalogue.yardstick.is_empty();
        let mut header = counts_header(lang, t(lang, "Regel", "Rule"));
        if yardstick {
            header.push(national.into());
        }
        let mut rules = grid(header);
        for (rule, counts) in catalogue.rules.iter().zip(&tally.per_rule) {
            let mut row = counts_row(format!("{} {}", rule.id, rule.texts(lang).title), counts);
            if yardstick {
                row.push(yardstick_cell(catalogue, &rule.id));
            }
            rules.add_row(row);
        }
        right_align(&mut rules, 1);
        writeln!(out, "{rules}\n")?;

        let mut rates = grid(vec![
            t(lang, "Fejlrate", "Error rate").into(),
            t(lang, "tæller", "numerator").into(),
            t(lang, "nævner", "denominator").into(),
            t(lang, "andel", "rate").into(),
            t(lang, "95 % konfidensinterval", "95 % confidence interval").into(),
        ]);
        rates.add_row(rate_row(
            t(
                lang,
                "Skønnet omgørelsesprocent (afgørelser)",
                "Estimated reversal rate (decisions)",
            ),
            &tally.estimated_reversal_rate(),
        ));
        rates.add_row(rate_row(
            t(lang, "Sager med fejl", "Case error rate"),
            &tally.case_error_rate(),
        ));
        match tally.observed_reversal_rate() {
            Some(rate) => rates.add_row(rate_row(
                t(
                    lang,
                    "Faktisk omgørelsesprocent (Ankestyrelsen)",
                    "Observed reversal rate (Ankestyrelsen)",
                ),
                &rate,
            )),
            None => rates.add_row(vec![
                t(
                    lang,
                    "Faktisk omgørelsesprocent (Ankestyrelsen)",
                    "Observed reversal rate (Ankestyrelsen)",
                )
                .to_string(),
                "–".into(),
                "–".into(),
                "–".into(),
                t(
                    lang,
                    "ingen klagesager i udtrækket",
                    "no appeals in the export",
                )
                .into(),
            ]),
        };
        right_align(&mut rates, 1);
        writeln!(out, "{rates}")?;
        if yardstick {
            let err = yardstick_cell(catalogue, ESTIMATED_REVERSAL_RATE);
            if !err.is_empty() {
                writeln!(
                    out,
                    "{}: {err}",
                    t(
                        lang,
                        "Omgørelsesprocent på landsplan, børnehandicap",
                        "National reversal rate, child disability",
                    )
                )?;
            }
            writeln!(out, "{}", yardstick_note(lang))?;
        }
        writeln!(
            out,
            "{} {}, {} {}",
            tally.cases,
            t(lang, "sager", "cases"),
            tally.decisions,
            t(lang, "afgørelser", "decisions")
        )?;
        if !tally.unjudged.is_empty() {
            let (da, en) = tally.unjudged.describe();
            writeln!(out, "{}", if lang == Lang::Da { da } else { en })?;
        }

        if let Some(by) = tally.by {
            writeln!(out)?;
            groups(report, by, out)?;
        }
        if tally.calibration.total() > 0 {
            writeln!(out)?;
            calibration(&tally.calibration, lang, out)?;
        }
        let warnings = small_sample_warnings(report, lang);
        if !warnings.is_empty() {
            writeln!(out)?;
            for w in warnings {
                writeln!(out, "! {w}")?;
            }
        }

        if report.mode != super::ResultsMode::None && !tally.rows.is_empty() {
            // With --by team each finding names its team, so a case manager finds theirs.
            let team = tally.by == Some(GroupBy::Team);
            let mut header: Vec<String> = vec![t(lang, "Sag", "Case").into()];
            if team {
                header.push("Team".into());
            }
            header.extend([
                t(lang, "Regel", "Rule").into(),
                "Status".into(),
                t(lang, "Emne", "Subject").into(),
                t(lang, "Frist", "Due").into(),
                t(lang, "Udført", "Done").into(),
                t(lang, "Lov", "Law").into(),
                t(lang, "Besked", "Message").into(),
            ]);
            let mut findings = grid(header);
            for row in &tally.rows {
                let show = |m: Option<crate::calendar::Moment>| {
                    m.map(|m| m.to_string()).unwrap_or_default()
                };
                let mut cells = vec![printable(&row.case_id)];
                if team {
                    cells.push(printable(row.team.as_deref().unwrap_or_default()));
                }
                cells.extend([
                    catalogue.rules[row.rule].id.clone(),
                    row.status.label(lang).to_string(),
                    printable(&row.subject),
                    show(row.due),
                    show(row.done),
                    catalogue.rules[row.rule].variants[row.variant].law.clone(),
                    message(row, lang),
                ]);
                findings.add_row(cells);
            }
            writeln!(out, "\n{findings}")?;
        }
        let rejected = report.rejects.len();
        if rejected > 0 {
            let text = match (lang, rejected) {
                (Lang::Da, 1) => "post blev afvist og er ikke revideret",
                (Lang::Da, _) => "poster blev afvist og er ikke revideret",
                (Lang::En, 1) => "record was rejected and not audited",
                (Lang::En, _) => "records were rejected and not audited",
            };
            let hint = t(
                lang,
                "se dem med `caseaudit validate`",
                "list them with `caseaudit validate`",
            );
            writeln!(out, "\n{rejected} {text}; {hint}.")?;
        }
        super::review::write_table(report, out)?;
        Ok(())
    }
}

fn rate_cell(rate: &Rate) -> String {
    format!(
        "{} ({}/{})",
        percent(rate.rate),
        rate.numerator,
        rate.denominator
    )
}

/// Groups side by side: a column per team (area, municipality), a row per measure, so
/// the table stays narrow with the handful of teams a municipality has.
fn groups(report: &Report, by: GroupBy, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let lang = report.lang;
    let catalogue = report.catalogue;
    let tally = report.tally;
    let mut header = vec![format!("{} {}", t(lang, "Pr.", "By"), by.label(lang))];
    header.extend(
        tally
            .groups
            .keys()
            .map(|k| k.as_deref().map_or_else(|| "–".into(), printable)),
    );
    let mut g = grid(header);
    let cells = |f: &dyn Fn(&super::GroupTally) -> String| -> Vec<String> {
        tally.groups.values().map(f).collect()
    };
    let mut row = |label: &str, values: Vec<String>| {
        let mut r = vec![label.to_string()];
        r.extend(values);
        g.add_row(r);
    };
    row(t(lang, "sager", "cases"), cells(&|gr| gr.cases.to_string()));
    row(
        t(lang, "skønnet omgørelsesprocent", "estimated reversal rate"),
        cells(&|gr| rate_cell(&gr.estimated_reversal_rate())),
    );
    row(
        t(lang, "sager med fejl", "case error rate"),
        cells(&|gr| rate_cell(&gr.case_error_rate())),
    );
    let per_group: Vec<Vec<Counts>> = tally
        .groups
        .values()
        .map(|gr| gr.per_theme(catalogue))
        .collect();
    for (i, theme) in catalogue.themes.iter().enumerate() {
        row(
            theme.title(lang),
            per_group.iter().map(|c| percent(c[i].score())).collect(),
        );
    }
    right_align(&mut g, 1);
    writeln!(out, "{g}")
}

/// Appealed decisions: the tool's prediction against Ankestyrelsen's outcome.
fn calibration(c: &Calibration, lang: Lang, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut g = grid(vec![
        t(lang, "Påklagede afgørelser", "Appealed decisions").into(),
        t(
            lang,
            "ændret, ophævet, hjemvist",
            "changed, annulled, remanded",
        )
        .into(),
        t(lang, "stadfæstet", "upheld").into(),
    ]);
    let rows = [
        (
            t(lang, "væsentlig fejl fundet", "material error found"),
            c.flagged_changed,
            c.flagged_upheld,
        ),
        (
            t(lang, "ingen væsentlig fejl", "no material error"),
            c.clean_changed,
            c.clean_upheld,
        ),
        (
            t(lang, "ikke vurderet", "not judged"),
            c.unjudged_changed,
            c.unjudged_upheld,
        ),
    ];
    for (label, changed, upheld) in rows {
        g.add_row(vec![
            label.to_string(),
            changed.to_string(),
            upheld.to_string(),
        ]);
    }
    right_align(&mut g, 1);
    writeln!(out, "{g}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn control_characters_from_the_export_do_not_reach_the_terminal() {
        assert_eq!(
            super::printable("K\u{1b}[2J-1\u{7}"),
            "K\u{FFFD}[2J-1\u{FFFD}"
        );
        assert_eq!(super::printable("Køge Øst"), "Køge Øst");
    }
}
