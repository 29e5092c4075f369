//! `caseaudit trend --format html`: the trend of earlier reports as a self-contained page:
//! one small chart per measure (cases aside), each report a point at its as-of date with its
//! 95 % interval as a whisker, and the same figures as a table below.
use super::escape_markup as esc;
use super::html::page_start;
use crate::lang::Msg;
use crate::rules::Lang;
use std::io::Write;

/// A share and its 95 % interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub rate: f64,
    pub low: f64,
    pub high: f64,
}

/// One measure over the reports, in as-of order: `None` where a report scored nothing.
#[derive(Debug, Clone)]
pub struct Series {
    pub label: String,
    /// Lower is better (an error rate), rather than higher (a score).
    pub lower_is_better: bool,
    pub points: Vec<Option<Point>>,
}

const EXTRA_STYLE: &str = "
.trend { display: grid; grid-template-columns: repeat(auto-fill, minmax(20rem, 1fr)); gap: 1rem; }
svg .line { fill: none; stroke: var(--bar); stroke-width: 2; }
svg .dot { fill: var(--bar); }
svg .whisker { stroke: var(--bar); stroke-width: 1.5; }
";

/// Writes the page: `dates` are the reports' as-of dates, `rows` the table (a header row,
/// then one row per measure, as the terminal trend shows it), `notes` lines under it.
pub fn page(
    out: &mut dyn Write,
    lang: Lang,
    dates: &[String],
    series: &[Series],
    rows: &[Vec<String>],
    notes: &[&str],
) -> std::io::Result<()> {
    let title = lang.t(Msg::CaseauditTrendOverTime);
    page_start(out, lang, title, EXTRA_STYLE)?;
    writeln!(out, "<h1>{}</h1>", esc(title))?;
    writeln!(
        out,
        "<p class=\"meta\">{} {}: {}</p>",
        dates.len(),
        if dates.len() == 1 {
            lang.t(Msg::Report)
        } else {
            lang.t(Msg::Reports)
        },
        esc(&dates.join(", "))
    )?;
    writeln!(out, "<div class=\"trend\">")?;
    for s in series {
        chart(out, lang, dates, s)?;
    }
    writeln!(out, "</div>")?;
    writeln!(out, "<h2>{}</h2>", lang.t(Msg::Figures))?;
    writeln!(out, "<table>\n<thead><tr>")?;
    for (i, cell) in rows[0].iter().enumerate() {
        let class = if i > 0 { " class=\"n\"" } else { "" };
        writeln!(out, "<th{class}>{}</th>", esc(cell))?;
    }
    writeln!(out, "</tr></thead>\n<tbody>")?;
    for row in &rows[1..] {
        write!(out, "<tr>")?;
        for (i, cell) in row.iter().enumerate() {
            let class = if i > 0 { " class=\"n\"" } else { "" };
            write!(out, "<td{class}>{}</td>", esc(cell))?;
        }
        writeln!(out, "</tr>")?;
    }
    writeln!(out, "</tbody>\n</table>")?;
    for note in notes {
        writeln!(out, "<p class=\"note\">{}</p>", esc(note))?;
    }
    writeln!(out, "</body>\n</html>")
}

/// One measure as a line chart on 0–100 %: a point per report with a whisker for its
/// interval; a report that scored nothing leaves a gap in the line.
fn chart(out: &mut dyn Write, lang: Lang, dates: &[String], s: &Series) -> std::io::Result<()> {
    const WIDTH: f64 = 320.0;
    const HEIGHT: f64 = 150.0;
    const LEFT: f64 = 48.0;
    const RIGHT: f64 = 32.0;
    const TOP: f64 = 10.0;
    const BOTTOM: f64 = 28.0;
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let x = |i: usize| {
        if dates.len() == 1 {
            LEFT + plot_w / 2.0
        } else {
            LEFT + plot_w * i as f64 / (dates.len() - 1) as f64
        }
    };
    let y = |share: f64| TOP + plot_h * (1.0 - share.clamp(0.0, 1.0));
    let direction = if s.lower_is_better {
        lang.t(Msg::LowerIsBetter)
    } else {
        lang.t(Msg::HigherIsBetter)
    };
    writeln!(
        out,
        r#"<figure><figcaption><strong>{}</strong> <span class="note">({direction})</span></figcaption><svg role="img" aria-label="{0}" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" xmlns="http://www.w3.org/2000/svg">"#,
        esc(&s.label)
    )?;
    for tick in [0.0, 0.5, 1.0] {
        writeln!(
            out,
            r#"<line class="grid" x1="{LEFT}" x2="{:.1}" y1="{:.1}" y2="{:.1}"/><text class="axis" x="{:.1}" y="{:.1}" text-anchor="end">{} %</text>"#,
            WIDTH - RIGHT,
            y(tick),
            y(tick),
            LEFT - 4.0,
            y(tick) + 3.0,
            tick * 100.0
        )?;
    }
    for (i, date) in dates.iter().enumerate() {
        writeln!(
            out,
            r#"<text class="axis" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            x(i),
            HEIGHT - 8.0,
            esc(date)
        )?;
    }
    // The line, broken where a report has no figure.
    let mut segment: Vec<String> = Vec::new();
    let mut segments: Vec<Vec<String>> = Vec::new();
    for (i, p) in s.points.iter().enumerate() {
        match p {
            Some(p) => segment.push(format!("{:.1},{:.1}", x(i), y(p.rate))),
            None => segments.push(std::mem::take(&mut segment)),
        }
    }
    segments.push(segment);
    for points in segments.iter().filter(|p| p.len() > 1) {
        writeln!(
            out,
            r#"<polyline class="line" points="{}"/>"#,
            points.join(" ")
        )?;
    }
    for (i, p) in s.points.iter().enumerate() {
        let Some(p) = p else { continue };
        writeln!(
            out,
            r#"<line class="whisker" x1="{0:.1}" x2="{0:.1}" y1="{1:.1}" y2="{2:.1}"/><circle class="dot" cx="{0:.1}" cy="{3:.1}" r="4"><title>{4}: {5} ({6} – {7})</title></circle>"#,
            x(i),
            y(p.high),
            y(p.low),
            y(p.rate),
            esc(&dates[i]),
            lang.percent(Some(p.rate)),
            lang.percent(Some(p.low)),
            lang.percent(Some(p.high))
        )?;
    }
    writeln!(out, "</svg></figure>")
}
