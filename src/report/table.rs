//! The terminal report: per-theme scores, error rates and findings, in Danish or English.
use super::stats::Rate;
use super::{Counts, Format, Report, message};
use crate::rules::{Lang, Status};
use comfy_table::{CellAlignment, ContentArrangement, Table as Grid, presets};

pub struct Table;

pub(super) fn t(lang: Lang, da: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Da => da,
        Lang::En => en,
    }
}

pub(super) fn percent(x: Option<f64>) -> String {
    x.map(|v| format!("{:.1} %", v * 100.0))
        .unwrap_or_else(|| "–".into())
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
                input.path,
                input.cases,
                t(lang, "sager", "cases"),
                input.events,
                t(lang, "hændelser", "events"),
                input.rejected,
                t(lang, "afviste", "rejected"),
            )?;
        }
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

        let mut rules = grid(counts_header(lang, t(lang, "Regel", "Rule")));
        for (rule, counts) in catalogue.rules.iter().zip(&tally.per_rule) {
            rules.add_row(counts_row(
                format!("{} {}", rule.id, rule.texts(lang).title),
                counts,
            ));
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

        if report.mode != super::ResultsMode::None && !tally.rows.is_empty() {
            let mut findings = grid(vec![
                t(lang, "Sag", "Case").into(),
                t(lang, "Regel", "Rule").into(),
                "Status".into(),
                t(lang, "Emne", "Subject").into(),
                t(lang, "Frist", "Due").into(),
                t(lang, "Udført", "Done").into(),
                t(lang, "Lov", "Law").into(),
                t(lang, "Besked", "Message").into(),
            ]);
            for row in &tally.rows {
                let show = |m: Option<crate::calendar::Moment>| {
                    m.map(|m| m.to_string()).unwrap_or_default()
                };
                findings.add_row(vec![
                    row.case_id.clone(),
                    catalogue.rules[row.rule].id.clone(),
                    row.status.label(lang).to_string(),
                    row.subject.clone(),
                    show(row.due),
                    show(row.done),
                    catalogue.rules[row.rule].variants[row.variant].law.clone(),
                    message(row, lang),
                ]);
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
        Ok(())
    }
}
