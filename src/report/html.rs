//! One self-contained HTML file for a council or a case manager: no network, no scripts, no
//! external fonts. A header with the municipality, the as-of date and the error rates with
//! their intervals; bar charts of theme and rule scores as inline SVG; a table per theme (each
//! rule with its law); the findings grouped by case, at most `--max-listed` of them, the rest
//! counted by rule and team; and the assessment basis (inputs with sha256, rejected records by
//! reason, the rule set). Prints on A4 (`@media print`: the findings and the basis each begin
//! a page, table heads repeat).
use super::ResultRow;
use super::escape_markup as esc;
use super::listing::{listing, more_line, rest_header, rest_rows, rest_title, summary_line};
use super::stats::Rate;
use super::{
    Counts, Format, GroupTally, Report, ResultsMode, calibration_header, calibration_rows,
    compares_with_label, interval, message, no_appeals, own_figure, rate_rows, rate_warnings,
    unjudged_line, yardstick_note,
};
use crate::calendar::Moment;
use crate::lang::Msg;
use crate::rules::yardstick::{ESTIMATED_REVERSAL_RATE, OBSERVED_REVERSAL_RATE};
use crate::rules::{Catalogue, Lang, Status};
use std::collections::BTreeMap;
use std::io::Write;

pub struct Html;

/// One bar of a chart: a share, and the national figures (share, year) to mark on it.
struct Bar {
    label: String,
    share: Option<f64>,
    national: Vec<(f64, i32)>,
}

/// The national figures comparable with a rule or rate, newest first.
fn national(catalogue: &Catalogue, compares_with: &str) -> Vec<(f64, i32)> {
    let mut figures: Vec<(f64, i32)> = catalogue
        .yardstick
        .iter()
        .filter(|f| f.compares_with == compares_with)
        .map(|f| (f.share, f.year))
        .collect();
    figures.sort_by_key(|f| std::cmp::Reverse(f.1));
    figures
}

/// Rejected records counted by reason, in the report's language (never their values): the
/// listed ones by their reason, and those not listed under a reason saying so, last.
pub(super) fn rejects_by_reason(report: &Report) -> Vec<(String, u64)> {
    let mut by = BTreeMap::new();
    for r in report.rejects {
        *by.entry(r.reason.text(report.lang)).or_insert(0) += 1;
    }
    let mut by: Vec<(String, u64)> = by.into_iter().map(|(r, n)| (r.to_string(), n)).collect();
    let more = report.rejected_not_listed();
    if more > 0 {
        let listed = report.rejects.len();
        let reason = crate::tr!(
            report.lang,
            RejectsNotListed,
            listed = report.lang.int(listed as u64)
        );
        by.push((reason, more as u64));
    }
    by
}

pub(super) const STYLE: &str = r#"
:root { --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --bar: #2f6f9f; --bad: #b42318; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       color: var(--ink); margin: 0 auto; max-width: 72rem; padding: 1.5rem; line-height: 1.4; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; border-bottom: 2px solid var(--line); padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .4rem; }
.meta { color: var(--muted); margin: 0 0 1rem; }
.rates { display: flex; gap: 1rem; flex-wrap: wrap; }
.rate { border: 1px solid var(--line); border-radius: 6px; padding: .6rem .9rem; min-width: 14rem; flex: 1; }
.rate .value { font-size: 1.6rem; font-weight: 600; }
.rate .ci, .rate .basis { color: var(--muted); font-size: .85rem; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 1.5rem; }
svg text { font-family: inherit; font-size: 12px; fill: var(--ink); }
svg .bar { fill: var(--bar); }
svg .track { fill: #eef1f4; fill-opacity: .6; }
table { border-collapse: collapse; width: 100%; font-size: .88rem; margin: .3rem 0 1rem; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .45rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
td.n, td.id { white-space: nowrap; }
table.findings { font-size: .8rem; table-layout: fixed; }
table.findings col.rule { width: 33%; }
table.findings col.subject { width: 22%; }
table.findings col.status { width: 11%; }
table.findings col.date { width: 9%; }
table.findings col.remark { width: 16%; }
table.findings tr.case th { background: #eef1f4; padding-top: .4rem; }
table.findings tr.case .team, table.findings tr.case .count { font-weight: normal; color: var(--muted); margin-left: .6rem; }
table.findings td, table.findings th { overflow-wrap: break-word; }
p.more { font-weight: 600; }
td.subject { overflow-wrap: anywhere; }
span.d { white-space: nowrap; }
svg .grid { stroke: #c9d1d9; stroke-width: 1; }
svg .nat { stroke: #d4a017; stroke-width: 3; }
svg .nat.old { stroke-width: 2; stroke-dasharray: 3 2; }
.warn { border-left: 4px solid #d4a017; background: #fff8e5; padding: .4rem .7rem; margin: .8rem 0; font-size: .88rem; }
.warn p { margin: .2rem 0; }
svg .axis { fill: var(--muted); font-size: 10px; }
tr.fail td.status { color: var(--bad); font-weight: 600; }
.note { color: var(--muted); font-size: .85rem; }
td.def { font-size: .8rem; color: var(--muted); max-width: 22rem; }
code { font-size: .8rem; word-break: break-all; }
@media (max-width: 50rem) { .charts { grid-template-columns: 1fr; } }
@media print {
  @page { size: A4; margin: 15mm 12mm; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  .charts { grid-template-columns: 1fr 1fr; }
  h2 { break-after: avoid; }
  table, svg, .rate { break-inside: avoid; }
  tr { break-inside: avoid; }
  thead { display: table-header-group; }
  /* The findings and the assessment basis each begin a page; the findings table runs over
     pages with its head repeated, a case's rows kept together where they fit. */
  h2#findings, h2#basis { break-before: page; }
  table.findings { break-inside: auto; font-size: 7.5pt; }
  table.findings tbody { break-inside: avoid; }
  table.findings td, table.findings th { padding: .1rem .3rem; }
}
"#;

/// The start of a self-contained page, up to `<body>`: no network (a Content-Security-Policy
/// that allows nothing but inline style and data images), the shared style and `extra` style.
pub(super) fn page_start(
    out: &mut dyn Write,
    lang: Lang,
    title: &str,
    extra: &str,
) -> std::io::Result<()> {
    writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">",
        lang.t(Msg::HtmlLangCode)
    )?;
    writeln!(
        out,
        r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#
    )?;
    writeln!(
        out,
        r#"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">"#
    )?;
    writeln!(
        out,
        "<title>{}</title>\n<style>{STYLE}{extra}</style>\n</head>\n<body>",
        esc(title)
    )
}

/// A horizontal bar chart of shares, as inline SVG with a title for screen readers. A bar
/// with national figures carries a mark for each (solid for the newest year, dashed for
/// older ones), so the own figure stands beside the national one.
fn chart(out: &mut dyn Write, lang: Lang, title: &str, bars: &[Bar]) -> std::io::Result<()> {
    const ROW: usize = 22;
    const LABEL: usize = 200;
    const WIDTH: usize = 460;
    const BAR: usize = WIDTH - LABEL - 60;
    let height = bars.len() * ROW + 24;
    writeln!(
        out,
        r#"<figure><figcaption><strong>{}</strong></figcaption><svg role="img" aria-label="{0}" viewBox="0 0 {WIDTH} {height}" width="100%" xmlns="http://www.w3.org/2000/svg">"#,
        esc(title)
    )?;
    // A scale: gridlines at 0, 25, 50, 75 and 100 %.
    let bottom = bars.len() * ROW + 4;
    for step in 0..=4 {
        let x = LABEL + BAR * step / 4;
        writeln!(
            out,
            r#"<line class="grid" x1="{x}" y1="2" x2="{x}" y2="{bottom}"/><text class="axis" x="{x}" y="{}" text-anchor="middle">{} %</text>"#,
            bottom + 14,
            step * 25
        )?;
    }
    for (i, bar) in bars.iter().enumerate() {
        let (label, score) = (&bar.label, &bar.share);
        let y = i * ROW + 4;
        let short: String = if label.chars().count() > 28 {
            label.chars().take(27).chain(['…']).collect()
        } else {
            label.clone()
        };
        writeln!(
            out,
            r#"<text x="{}" y="{}" text-anchor="end">{}</text><rect class="track" x="{}" y="{y}" width="{BAR}" height="{}"/>"#,
            LABEL - 6,
            y + 14,
            esc(&short),
            LABEL,
            ROW - 6
        )?;
        match score {
            Some(s) => writeln!(
                out,
                r#"<rect class="bar" x="{LABEL}" y="{y}" width="{:.1}" height="{}"><title>{}: {}</title></rect><text x="{}" y="{}">{}</text>"#,
                s * BAR as f64,
                ROW - 6,
                esc(label),
                lang.percent(Some(*s)),
                LABEL + BAR + 6,
                y + 14,
                lang.percent(Some(*s))
            )?,
            None => writeln!(
                out,
                r#"<text x="{}" y="{}">–</text>"#,
                LABEL + BAR + 6,
                y + 14
            )?,
        }
        for (n, (share, year)) in bar.national.iter().enumerate() {
            let x = LABEL as f64 + share * BAR as f64;
            writeln!(
                out,
                r#"<line class="nat{}" x1="{x:.1}" y1="{}" x2="{x:.1}" y2="{}"><title>{} {} ({year})</title></line>"#,
                if n == 0 { "" } else { " old" },
                y.saturating_sub(2),
                y + ROW - 4,
                lang.t(Msg::National),
                lang.percent(Some(*share)),
            )?;
        }
    }
    writeln!(out, "</svg></figure>")
}

fn counts_header(out: &mut dyn Write, lang: Lang, first: &[&str]) -> std::io::Result<()> {
    write!(out, "<thead><tr>")?;
    for h in first {
        write!(out, "<th>{}</th>", esc(h))?;
    }
    for s in Status::ALL {
        write!(out, r#"<th class="n">{}</th>"#, esc(s.label(lang)))?;
    }
    writeln!(out, r#"<th class="n">score</th></tr></thead>"#)
}

fn counts_cells(out: &mut dyn Write, lang: Lang, counts: &Counts) -> std::io::Result<()> {
    for s in Status::ALL {
        write!(out, r#"<td class="n">{}</td>"#, lang.int(counts.get(s)))?;
    }
    writeln!(
        out,
        r#"<td class="n">{}</td></tr>"#,
        lang.percent(counts.score())
    )
}

impl Format for Html {
    fn write(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        let lang = report.lang;
        let catalogue = report.catalogue;
        let tally = report.tally;
        // The municipality by name, or how many: a council reads "20 kommuner", not a list.
        let title = match tally.municipalities.len() {
            0 => lang.t(Msg::CaseAudit).to_string(),
            1 => format!(
                "{} – {}",
                lang.t(Msg::CaseAudit),
                tally
                    .municipalities
                    .first()
                    .map(String::as_str)
                    .unwrap_or_default()
            ),
            n => format!(
                "{} – {}",
                lang.t(Msg::CaseAudit),
                lang.count(n as u64, Msg::MunicipalitiesCounted)
            ),
        };
        let extra = match tally.by {
            Some(_) => format!("{AUDIT_STYLE}{GROUP_STYLE}"),
            None => AUDIT_STYLE.to_string(),
        };
        page_start(out, lang, &format!("{title} {}", report.as_of), &extra)?;

        // Header.
        writeln!(out, "<header>\n<h1>{}</h1>", esc(&title))?;
        writeln!(
            out,
            r#"<p class="meta">{} {} · {} · {} · caseaudit {}</p>"#,
            lang.t(Msg::AsOf),
            report.as_of,
            lang.count(tally.cases, Msg::Cases),
            lang.count(tally.decisions, Msg::Decisions),
            env!("CARGO_PKG_VERSION")
        )?;
        if let Some(sample) = report.sample {
            writeln!(
                out,
                r#"<p class="warn sample">{}</p>"#,
                esc(&sample.sentence(lang))
            )?;
        }
        writeln!(out, r#"<section class="rates">"#)?;
        for (label, rate) in rate_rows(report) {
            write!(out, r#"<div class="rate"><div>{}</div>"#, esc(label))?;
            match rate {
                Some(r) => writeln!(
                    out,
                    r#"<div class="value">{}</div><div class="ci">95 % {}: {}</div><div class="basis">{} / {}</div></div>"#,
                    lang.percent(r.rate),
                    lang.t(Msg::ConfidenceInterval),
                    interval(lang, &r),
                    r.numerator,
                    r.denominator
                )?,
                None => writeln!(
                    out,
                    r#"<div class="value">–</div><div class="ci">{}</div></div>"#,
                    no_appeals(lang)
                )?,
            }
        }
        writeln!(out, "</section>")?;
        let warnings = rate_warnings(report, lang);
        if !warnings.is_empty() {
            writeln!(out, r#"<div class="warn">"#)?;
            for w in warnings {
                writeln!(out, "<p>{}</p>", esc(&w))?;
            }
            writeln!(out, "</div>")?;
        }
        writeln!(out, "</header>\n<main>")?;

        // Charts.
        let per_theme = tally.per_theme(catalogue);
        writeln!(
            out,
            "<h2>{}</h2>\n<section class=\"charts\">",
            lang.t(Msg::ScoresByThemeAndRule)
        )?;
        let theme_bars: Vec<Bar> = catalogue
            .themes
            .iter()
            .zip(&per_theme)
            .map(|(th, c)| Bar {
                label: th.title(lang).to_string(),
                share: c.score(),
                national: Vec::new(),
            })
            .collect();
        // The theme chart and, below it, the reversal rate share the first column.
        writeln!(out, "<div>")?;
        chart(out, lang, lang.t(Msg::Themes), &theme_bars)?;
        // Each reversal rate beside the national figures published for it: Ankestyrelsen's
        // omgørelsesprocent counts appealed decisions only, so it stands by the observed rate.
        let observed = national(catalogue, OBSERVED_REVERSAL_RATE);
        let estimated = national(catalogue, ESTIMATED_REVERSAL_RATE);
        if !(observed.is_empty() && estimated.is_empty()) {
            let bars = [
                Bar {
                    label: lang.t(Msg::ObservedReversalRate).to_string(),
                    share: tally.observed_reversal_rate().and_then(|r| r.rate),
                    national: observed,
                },
                Bar {
                    label: lang.t(Msg::EstimatedReversalRate2).to_string(),
                    share: tally.estimated_reversal_rate().rate,
                    national: estimated,
                },
            ];
            chart(out, lang, lang.t(Msg::ReversalRateLowerIsBetter), &bars)?;
        }
        writeln!(out, "</div>")?;
        // The reviewer questions have a section of their own.
        let rule_bars: Vec<Bar> = catalogue
            .rules
            .iter()
            .zip(&tally.per_rule)
            .filter(|(r, _)| !r.is_question())
            .map(|(r, c)| Bar {
                label: format!("{} {}", r.id, r.texts(lang).title),
                share: c.score(),
                national: national(catalogue, &r.id),
            })
            .collect();
        chart(out, lang, lang.t(Msg::Rules2), &rule_bars)?;
        writeln!(
            out,
            "</section>\n<p class=\"note\">{}</p>",
            lang.t(Msg::ScorePassExemptPassExemptFail)
        )?;
        yardstick(out, report)?;
        if let Some(by) = tally.by {
            writeln!(
                out,
                "<h2 id=\"groups\">{} {}</h2>",
                lang.t(Msg::By),
                esc(by.label(lang))
            )?;
            groups(out, report)?;
        }
        if tally.calibration.total() > 0 {
            writeln!(
                out,
                "<h2 id=\"calibration\">{}</h2>\n<p class=\"note\">{}</p>\n<table><thead><tr>",
                lang.t(Msg::AppealedDecisions),
                lang.t(Msg::DoTheToolSFindingsForetell)
            )?;
            for (i, h) in calibration_header(lang).iter().enumerate() {
                let class = if i == 0 { "" } else { r#" class="n""# };
                write!(out, "<th{class}>{}</th>", esc(h))?;
            }
            writeln!(out, "</tr></thead><tbody>")?;
            for (label, changed, upheld) in calibration_rows(&tally.calibration, lang) {
                writeln!(
                    out,
                    r#"<tr><td>{}</td><td class="n">{changed}</td><td class="n">{upheld}</td></tr>"#,
                    esc(label)
                )?;
            }
            writeln!(out, "</tbody></table>")?;
        }

        // Per-theme tables.
        writeln!(out, "<h2>{}</h2>", lang.t(Msg::Themes))?;
        for (i, theme) in catalogue.themes.iter().enumerate() {
            writeln!(
                out,
                "<h3>{} <span class=\"note\">{}</span></h3>\n<table>",
                esc(theme.title(lang)),
                lang.percent(per_theme[i].score())
            )?;
            counts_header(
                out,
                lang,
                &[lang.t(Msg::Rule), lang.t(Msg::Severity), lang.t(Msg::Law)],
            )?;
            writeln!(out, "<tbody>")?;
            for (rule, counts) in catalogue
                .rules
                .iter()
                .zip(&tally.per_rule)
                .filter(|(r, _)| r.theme == i && !r.is_question())
            {
                let mut laws: Vec<&str> = rule.variants.iter().map(|v| v.law.as_str()).collect();
                laws.dedup();
                write!(
                    out,
                    "<tr><td><strong>{}</strong> {}</td><td>{}</td><td>{}</td>",
                    esc(&rule.id),
                    esc(&rule.texts(lang).title),
                    esc(rule.severity.label(lang)),
                    esc(&laws.join("; "))
                )?;
                counts_cells(out, lang, counts)?;
            }
            writeln!(out, "</tbody></table>")?;
        }

        // Data coverage: the fields the rules read that the export seldom carried.
        writeln!(
            out,
            "<h2 id=\"coverage\">{}</h2>",
            super::coverage::title(lang)
        )?;
        let (head, rows) = super::coverage::poor_rows(report);
        if !rows.is_empty() {
            writeln!(out, "<table><thead><tr>")?;
            for (i, h) in head.iter().enumerate() {
                let class = if i == 3 { " class=\"n\"" } else { "" };
                writeln!(out, "<th{class}>{}</th>", esc(h))?;
            }
            writeln!(out, "</tr></thead><tbody>")?;
            for r in rows {
                writeln!(
                    out,
                    r#"<tr><td>{}</td><td>{}</td><td>{}</td><td class="n">{}</td></tr>"#,
                    esc(&r[0]),
                    esc(&r[1]),
                    esc(&r[2]),
                    esc(&r[3])
                )?;
            }
            writeln!(out, "</tbody></table>")?;
        }
        writeln!(
            out,
            "<p class=\"note\">{}</p>",
            esc(super::coverage::note(report))
        )?;
        if let Some(section) = super::questions::section(report) {
            write_section(out, &section, "h2", "questions")?;
        }

        // Findings.
        if report.mode != ResultsMode::None {
            findings(report, out)?;
        }

        // Assessment basis.
        writeln!(
            out,
            "<h2 id=\"basis\">{}</h2>\n<h3>{}</h3>\n<table><thead><tr><th>{}</th><th>sha256</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr></thead><tbody>",
            lang.t(Msg::AssessmentBasis),
            lang.t(Msg::Inputs),
            lang.t(Msg::File),
            lang.t(Msg::Cases2),
            lang.t(Msg::Events),
            lang.t(Msg::Rejected),
        )?;
        for input in report.inputs {
            writeln!(
                out,
                r#"<tr><td>{}</td><td><code>{}</code></td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td></tr>"#,
                esc(&input.path),
                esc(&input.sha256),
                input.cases,
                input.events,
                input.rejected
            )?;
        }
        writeln!(out, "</tbody></table>")?;
        writeln!(out, "<h3>{}</h3>", lang.t(Msg::RejectedRecords))?;
        let by_reason = rejects_by_reason(report);
        if by_reason.is_empty() {
            writeln!(out, "<p>{}</p>", lang.t(Msg::NoneFound))?;
        } else {
            writeln!(
                out,
                "<table><thead><tr><th>{}</th><th class=\"n\">{}</th></tr></thead><tbody>",
                lang.t(Msg::Reason),
                lang.t(Msg::Count)
            )?;
            for (reason, n) in by_reason {
                writeln!(
                    out,
                    r#"<tr><td>{}</td><td class="n">{n}</td></tr>"#,
                    esc(&reason)
                )?;
            }
            writeln!(out, "</tbody></table>")?;
        }
        writeln!(
            out,
            "<h3>{}</h3>\n<p>{}</p>",
            lang.t(Msg::DecisionsNotEveryRuleCanJudge),
            esc(&unjudged_line(report).unwrap_or_else(|| lang.t(Msg::NoneFound).into()))
        )?;
        writeln!(
            out,
            "<h3>{}</h3>\n<p>{} · sha256 <code>{}</code> · {} {}</p>",
            lang.t(Msg::RuleSet),
            lang.count(catalogue.rules.len() as u64, Msg::Rules),
            esc(&catalogue.sha256),
            lang.t(Msg::Calendar),
            report.calendar.name()
        )?;
        for (file, sha256) in &catalogue.yardstick_files {
            writeln!(
                out,
                "<p>{} {} · sha256 <code>{}</code></p>",
                lang.t(Msg::OwnYardstick),
                esc(file),
                esc(sha256)
            )?;
        }
        people_sections(report, out)?;
        writeln!(
            out,
            "<p class=\"note\">{}</p>\n</main>\n</body>\n</html>",
            lang.t(Msg::TheReportShowsRecordsAndDeadlines)
        )
    }
}

/// The audit page's own style: on a narrow screen the yardstick's eight columns become one
/// card per figure, so the table never runs off the page.
const AUDIT_STYLE: &str = r#"
/* On a narrow screen the yardstick's eight columns become one card per figure. */
@media screen and (max-width: 64rem) {
  table.yardstick thead { display: none; }
  table.yardstick, table.yardstick tbody, table.yardstick tr, table.yardstick td { display: block; width: auto; }
  table.yardstick tr { border-bottom: 2px solid var(--line); padding: .3rem 0; }
  table.yardstick td { border: none; padding: .1rem .45rem; text-align: left; white-space: normal; max-width: none; }
  table.yardstick td[data-label]::before { content: attr(data-label) ": "; color: var(--muted); }
  table.yardstick td:first-child::before { content: none; }
  table.yardstick td:empty { display: none; }
}
"#;

/// The style of the group view: small multiples, one card per measure with a bar per group,
/// as many cards side by side as the page is wide, so any number of teams fits any width.
const GROUP_STYLE: &str = r#"
.multiples { display: grid; grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr)); gap: .8rem; margin: .5rem 0 1rem; }
.multiple { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: .4rem .6rem; break-inside: avoid; min-width: 0; }
.multiple figcaption { font-weight: 600; font-size: .9rem; margin-bottom: .2rem; }
table.bars { font-size: .8rem; margin: 0; table-layout: fixed; }
table.bars th { background: none; font-weight: normal; overflow-wrap: anywhere; width: 42%; }
table.bars td { border-bottom: none; padding: .15rem .3rem; }
table.bars td.track { width: 30%; }
table.bars td.n { width: 28%; white-space: normal; }
.hbar { display: block; height: .65rem; background: var(--bar); min-width: 1px; }
"#;

/// A card of the group view: its title, and per group the share its bar shows and its
/// figure as text.
type Measure = (String, Vec<(Option<f64>, String)>);

/// With `--by`: per measure (cases, the two error rates, each theme's score) a small card
/// listing every group with a bar and its figure. The table, Markdown and xlsx keep the
/// grid ([`super::group_grid`]); a page must fit a screen of any width with any number of
/// teams, and a card per measure wraps where a column per team cannot.
fn groups(out: &mut dyn Write, report: &Report) -> std::io::Result<()> {
    let lang = report.lang;
    let catalogue = report.catalogue;
    let groups = &report.tally.groups;
    let name = |k: &Option<String>| k.clone().unwrap_or_else(|| "–".into());
    // (title, per group: the share a bar shows, and the figure as text).
    let mut measures: Vec<Measure> = vec![(
        lang.t(Msg::Cases2).to_string(),
        groups.values().map(|g| (None, lang.int(g.cases))).collect(),
    )];
    for (title, rate) in [
        (
            lang.t(Msg::EstimatedReversalRate2),
            GroupTally::estimated_reversal_rate as fn(&GroupTally) -> Rate,
        ),
        (lang.t(Msg::CaseErrorRate), GroupTally::case_error_rate),
    ] {
        measures.push((
            title.to_string(),
            groups
                .values()
                .map(|g| {
                    let r = rate(g);
                    (r.exact(), super::rate_cell(lang, &r))
                })
                .collect(),
        ));
    }
    let per_group: Vec<Vec<Counts>> = groups.values().map(|g| g.per_theme(catalogue)).collect();
    for (i, theme) in catalogue.themes.iter().enumerate() {
        measures.push((
            theme.title(lang).to_string(),
            per_group
                .iter()
                .map(|c| (c[i].score(), lang.percent(c[i].score())))
                .collect(),
        ));
    }
    writeln!(out, r#"<div class="multiples">"#)?;
    for (title, values) in measures {
        writeln!(
            out,
            r#"<figure class="multiple"><figcaption>{}</figcaption><table class="bars"><tbody>"#,
            esc(&title)
        )?;
        for (key, (share, text)) in groups.keys().zip(values) {
            let bar = share
                .map(|s| {
                    format!(
                        r#"<span class="hbar" style="width:{:.1}%"></span>"#,
                        s * 100.0
                    )
                })
                .unwrap_or_default();
            writeln!(
                out,
                r#"<tr><th scope="row">{}</th><td class="track">{bar}</td><td class="n">{}</td></tr>"#,
                esc(&name(key)),
                esc(&text)
            )?;
        }
        writeln!(out, "</tbody></table></figure>")?;
    }
    writeln!(out, "</div>")
}

/// The findings, grouped by case: a heading row per case (its id and team), then one short
/// row per result: the rule, the subject as a person reads it, status, deadline, done, and
/// how late (or, when not late and not pending, the message). At most `--max-listed`
/// results ([`super::listing`]); the rest counted by rule and team, the most fails first.
/// One table, so its head repeats on every printed page; a case's rows stay on one page
/// where they fit (a `tbody` each).
fn findings(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let lang = report.lang;
    let catalogue = report.catalogue;
    writeln!(out, "<h2 id=\"findings\">{}</h2>", lang.t(Msg::Findings))?;
    if report.tally.rows.is_empty() {
        return writeln!(out, "<p>{}</p>", lang.t(Msg::NoFindings));
    }
    let listing = listing(report, report.max_listed)?;
    writeln!(
        out,
        "<p class=\"note\">{}</p>",
        esc(&summary_line(report, &listing))
    )?;
    if listing.listed > 0 {
        writeln!(
            out,
            "<table class=\"findings\"><colgroup><col class=\"rule\"><col class=\"subject\"><col class=\"status\"><col class=\"date\"><col class=\"date\"><col class=\"remark\"></colgroup>"
        )?;
        write!(out, "<thead><tr>")?;
        for h in [
            Msg::Rule,
            Msg::Subject,
            Msg::StatusLabel,
            Msg::Due,
            Msg::Done,
            Msg::Remark,
        ] {
            write!(out, "<th>{}</th>", esc(lang.t(h)))?;
        }
        writeln!(out, "</tr></thead>")?;
        for case in &listing.cases {
            let first = &case[0];
            let team = first
                .team
                .as_deref()
                .map(|t| format!(" <span class=\"team\">{}</span>", esc(t)))
                .unwrap_or_default();
            writeln!(
                out,
                "<tbody><tr class=\"case\"><th colspan=\"6\">{}{team} <span class=\"count\">{}</span></th></tr>",
                esc(&first.case_id),
                esc(&lang.count(case.len() as u64, Msg::ResultsNoun)),
            )?;
            for row in case {
                let rule = &catalogue.rules[row.rule];
                writeln!(
                    out,
                    r#"<tr class="{}"><td><strong>{}</strong> {}</td><td>{}</td><td class="status">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
                    row.status.name(),
                    esc(&rule.id),
                    esc(&rule.texts(lang).title),
                    esc(&subject_cell(row, lang)),
                    esc(row.status.label(lang)),
                    show_moment(row.due),
                    show_moment(row.done),
                    esc(&remark(row, lang)),
                )?;
            }
            writeln!(out, "</tbody>")?;
        }
        writeln!(out, "</table>")?;
    }
    if let Some(more) = more_line(report, &listing) {
        writeln!(out, "<p class=\"more\">{}</p>", esc(&more))?;
        writeln!(out, "<h3 id=\"not-listed\">{}</h3>", esc(rest_title(lang)))?;
        let statuses = listing.rest_statuses();
        write!(out, "<table class=\"rest\"><thead><tr>")?;
        for (i, h) in rest_header(lang, &statuses).iter().enumerate() {
            let class = if i >= 2 { r#" class="n""# } else { "" };
            write!(out, "<th{class}>{}</th>", esc(h))?;
        }
        writeln!(out, "</tr></thead><tbody>")?;
        for r in rest_rows(report, &listing, &statuses) {
            write!(out, "<tr>")?;
            for (i, c) in r.iter().enumerate() {
                let class = if i >= 2 { r#" class="n""# } else { "" };
                write!(out, "<td{class}>{}</td>", esc(c))?;
            }
            writeln!(out, "</tr>")?;
        }
        writeln!(out, "</tbody></table>")?;
    }
    Ok(())
}

/// "2023-03-02 08:00", wrapping between date and time but never inside either.
fn show_moment(m: Option<Moment>) -> String {
    m.map(|m| {
        m.to_string()
            .split('T')
            .map(|part| format!(r#"<span class="d">{part}</span>"#))
            .collect::<Vec<_>>()
            .join(" ")
    })
    .unwrap_or_default()
}

/// A finding's subject as the page shows it: [`super::subject_label`] ("underretning
/// 2023-03-02T08:00"), and an event's own id after the event's name ("underretning N1").
fn subject_cell(row: &ResultRow, lang: Lang) -> String {
    if row.subject.contains('@') {
        return super::subject_label(&row.subject, lang);
    }
    let (da, en) = row.subject_kind.nouns();
    let noun = match lang {
        Lang::Da => da,
        Lang::En => en,
    };
    format!("{noun} {}", row.subject)
}

/// What a finding's last column says: how late when it was late, nothing for a deadline not
/// yet reached (the due date says it), else the message.
fn remark(row: &ResultRow, lang: Lang) -> String {
    let late = super::message::late(row, lang);
    if !late.is_empty() {
        return crate::tr!(lang, LateRemark, late = late);
    }
    if row.status == Status::Pending && !row.human.disputed() {
        return String::new();
    }
    message(row, lang)
}

/// What people added (profile, review, waivers): see `review::sections`.
fn people_sections(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    for section in super::review::sections(report)? {
        write_section(out, &section, "h3", "")?;
    }
    Ok(())
}

/// One section of [`super::review::Section`] as HTML, under a heading of `level`.
fn write_section(
    out: &mut dyn Write,
    section: &super::review::Section,
    level: &str,
    id: &str,
) -> std::io::Result<()> {
    {
        let id = if id.is_empty() {
            String::new()
        } else {
            format!(" id=\"{id}\"")
        };
        writeln!(
            out,
            "<section>\n<{level}{id}>{}</{level}>",
            esc(&section.title)
        )?;
        for line in &section.lines {
            writeln!(out, "<p>{}</p>", esc(line))?;
        }
        for (head, rows) in &section.tables {
            if rows.is_empty() {
                continue;
            }
            write!(out, "<table><thead><tr>")?;
            for h in head {
                write!(out, "<th>{}</th>", esc(h))?;
            }
            writeln!(out, "</tr></thead><tbody>")?;
            for r in rows {
                write!(out, "<tr>")?;
                for c in r {
                    let class = if super::review::is_number(c) {
                        r#" class="n""#
                    } else {
                        ""
                    };
                    write!(out, "<td{class}>{}</td>", esc(c))?;
                }
                writeln!(out, "</tr>")?;
            }
            writeln!(out, "</tbody></table>")?;
        }
        for w in &section.warnings {
            writeln!(out, "<p><strong>⚠</strong> {}</p>", esc(w))?;
        }
        writeln!(out, "</section>")?;
    }
    Ok(())
}

/// The national yardstick as a table: each figure with its year and source beside this
/// audit's own figure, and the sentence that it is a reference, not a target.
fn yardstick(out: &mut dyn Write, report: &Report) -> std::io::Result<()> {
    let lang = report.lang;
    let figures = &report.catalogue.yardstick;
    if figures.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "<h3 id=\"yardstick\">{}</h3>\n<table class=\"yardstick\"><thead><tr><th>{}</th><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th>{}</th></tr></thead><tbody>",
        lang.t(Msg::NationalYardstick),
        lang.t(Msg::Figure),
        lang.t(Msg::Definition),
        lang.t(Msg::CasesFrom),
        lang.t(Msg::Published),
        lang.t(Msg::Population),
        lang.t(Msg::National),
        lang.t(Msg::ThisAudit),
        lang.t(Msg::Source),
    )?;
    for f in figures {
        // A rule's figure names the rule; a rate's figure names the rate it stands beside.
        let with = match report.catalogue.rule(&f.compares_with) {
            Some(r) => format!("<strong>{}</strong> ", esc(&r.id)),
            None => format!(
                "<strong>{}:</strong> ",
                esc(compares_with_label(&f.compares_with, lang))
            ),
        };
        let definition = [f.definition(lang), f.note(lang)]
            .into_iter()
            .flatten()
            .map(esc)
            .collect::<Vec<_>>()
            .join(" ");
        writeln!(
            out,
            r#"<tr><td data-label="{}">{with}{}</td><td class="def" data-label="{}">{definition}</td><td class="n" data-label="{}">{}</td><td class="n" data-label="{}">{}</td><td data-label="{}">{}</td><td class="n" data-label="{}">{}</td><td class="n" data-label="{}">{}</td><td data-label="{}">{}</td></tr>"#,
            lang.t(Msg::Figure),
            esc(f.title(lang)),
            lang.t(Msg::Definition),
            lang.t(Msg::CasesFrom),
            esc(&f.period()),
            lang.t(Msg::Published),
            f.published.map(|y| y.to_string()).unwrap_or_default(),
            lang.t(Msg::Population),
            esc(&f.population(lang).unwrap_or_default()),
            lang.t(Msg::National),
            lang.percent(Some(f.share)),
            lang.t(Msg::ThisAudit),
            lang.percent(own_figure(report, &f.compares_with)),
            lang.t(Msg::Source),
            esc(&f.source)
        )?;
    }
    writeln!(
        out,
        "</tbody></table>\n<p class=\"note\">{} {}</p>",
        lang.t(Msg::YellowMarkInTheChartsThe),
        esc(yardstick_note(lang))
    )
}

#[cfg(test)]
mod tests {
    use super::subject_cell;
    use crate::model::EventType;
    use crate::report::ResultRow;
    use crate::rules::{Human, Lang, Note, Status};

    fn subject(label: &str, kind: EventType, lang: Lang) -> String {
        let row = ResultRow {
            case_id: "K-1".into(),
            team: None,
            group: None,
            rule: 0,
            variant: 0,
            status: Status::Fail,
            subject: label.into(),
            subject_kind: kind,
            start: None,
            due: None,
            done: None,
            late_days: None,
            late_hours: None,
            late_minutes: None,
            note: Note::NoProcessingTime,
            text: None,
            human: Human::default(),
        };
        subject_cell(&row, lang)
    }

    #[test]
    fn a_subject_reads_as_the_events_name_and_its_id_or_moment() {
        use EventType::*;
        let cases = [
            (
                "notification_received@2023-03-02T08:00",
                NotificationReceived,
                Lang::Da,
                "underretning 2023-03-02T08:00",
            ),
            ("M1/1", MeasureStarted, Lang::Da, "indsats M1/1"),
            ("D1", Decision, Lang::Da, "afgørelse D1"),
            ("N1", NotificationReceived, Lang::En, "notification N1"),
        ];
        for (label, kind, lang, want) in cases {
            assert_eq!(subject(label, kind, lang), want, "{label}");
        }
    }
}
