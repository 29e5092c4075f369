//! `caseaudit explain`: one case's timeline, as a terminal view and as a self-contained HTML
//! page with the timeline drawn as inline SVG. Every event in date order (type, date or
//! date-time, id, the event it answers, its recorded details), and every rule's clock per
//! subject (start, due, done, status, how late, the law in force). Like every report, it
//! shows records and deadlines, never free text from the case: a justification or a reason
//! is shown as given or not, never quoted.
use super::escape_markup as esc;
use super::html::page_start;
use super::table::grid;
use super::worklist::still_owed;
use super::{ResultRow, message};
use crate::calendar::Moment;
use crate::lang::Msg;
use crate::model::{Attr, Case, Value};
use crate::rules::{Catalogue, Lang, Status};
use crate::terminal::printable;
use chrono::{Datelike, NaiveDate};
use std::io::Write;

/// One rule's clock for one subject: a finding as reports list it, with its subject event.
#[derive(Debug, Clone)]
pub struct Clock {
    pub row: ResultRow,
    /// The subject event, an index into the case's events.
    pub event: usize,
    /// For a periodic rule, which period (1 = the first).
    pub period: Option<u32>,
}

/// One case as it stood on the as-of date, and what every rule made of it.
#[derive(Debug)]
pub struct Timeline<'a> {
    pub catalogue: &'a Catalogue,
    /// The case as it stood on the as-of date: its events after that day are not seen.
    pub case: &'a Case,
    /// How many of the export's events for the case are dated after the as-of date.
    pub later_events: usize,
    /// In catalogue order, then subject order (as the engine gives them).
    pub clocks: Vec<Clock>,
    pub as_of: NaiveDate,
    pub lang: Lang,
}

/// An event as the timeline names it: its number in date order, and its id if it has one.
fn event_ref(case: &Case, i: usize) -> String {
    match &case.events[i].id {
        Some(id) => format!("#{} {id}", i + 1),
        None => format!("#{}", i + 1),
    }
}

fn clock_ref(case: &Case, clock: &Clock) -> String {
    let event = event_ref(case, clock.event);
    match clock.period {
        Some(p) => format!("{event}/{p}"),
        None => event,
    }
}

/// A moment for reading: `2024-03-01 09:15`.
fn show(m: Option<Moment>) -> String {
    m.map(|m| m.to_string().replace('T', " "))
        .unwrap_or_default()
}

fn yes_no(b: bool, lang: Lang) -> &'static str {
    lang.yes_no(b)
}

/// What the export records about an event, free text left out: its provision, kind (given,
/// inherited or looked up), outcome, reporter, flags and dates.
fn details(case: &Case, i: usize, lang: Lang) -> String {
    let event = &case.events[i];
    let label = |a: Attr| match lang {
        Lang::Da => a.labels().0,
        Lang::En => a.labels().1,
    };
    let mut parts: Vec<String> = Vec::new();
    for (attr, value) in &event.attrs {
        match (attr, value) {
            // The resolved kind follows below.
            (Attr::Kind, _) => {}
            (Attr::Provision, Value::Text(p)) => parts.push(p.trim().to_string()),
            (_, Value::Text(text)) => parts.push(format!(
                "{}: {}",
                label(*attr),
                if text.trim().is_empty() {
                    lang.t(Msg::Blank)
                } else {
                    lang.t(Msg::Given)
                }
            )),
            (_, Value::Choice(c)) => parts.push(crate::lang::value_name(c, lang).to_string()),
            (_, Value::Flag(b)) => parts.push(format!("{}: {}", label(*attr), yes_no(*b, lang))),
            (_, Value::Moment(m)) => parts.push(format!("{}: {}", label(*attr), show(Some(*m)))),
        }
        if *attr == Attr::Provision
            && let Some(kind) = case.kinds.get(i).copied().flatten()
        {
            parts.push(crate::lang::value_name(kind.name(), lang).to_string());
        }
    }
    if event.attr(Attr::Provision).is_none()
        && let Some(kind) = case.kinds.get(i).copied().flatten()
    {
        parts.insert(0, crate::lang::value_name(kind.name(), lang).to_string());
    }
    parts.join("; ")
}

/// An event's type as a person reads it: "underretning", "notification".
fn event_name(kind: crate::model::EventType, lang: Lang) -> &'static str {
    let (da, en) = kind.nouns();
    match lang {
        Lang::Da => da,
        Lang::En => en,
    }
}

/// How late, as the reports say it.
fn late(row: &ResultRow, lang: Lang) -> String {
    super::message::late(row, lang)
}

impl Timeline<'_> {
    fn heading(&self) -> (String, String) {
        let lang = self.lang;
        let case = self.case;
        let title = format!("{} {}", lang.t(Msg::Case), case.id);
        let mut meta = Vec::new();
        if let Some(team) = &case.team {
            meta.push(format!("team {team}"));
        }
        if let Some(area) = &case.area {
            meta.push(format!("{} {area}", lang.t(Msg::Area)));
        }
        if let Some(m) = &case.municipality {
            meta.push(format!("{} {m}", lang.t(Msg::Municipality)));
        }
        meta.push(format!("{} {}", lang.t(Msg::TimelineAsOf), self.as_of));
        meta.push(format!("caseaudit {}", env!("CARGO_PKG_VERSION")));
        (title, meta.join(" · "))
    }

    fn later_note(&self) -> Option<String> {
        let n = self.later_events;
        (n > 0).then(|| crate::tr_n!(self.lang, n, LaterEventsNotShown, n = n))
    }

    /// The rules with a clock in this case, once each, in catalogue order.
    fn rules(&self) -> Vec<usize> {
        let mut rules: Vec<usize> = self.clocks.iter().map(|c| c.row.rule).collect();
        rules.dedup();
        rules
    }

    /// The terminal view: the events, the clocks, and the titles of the rules named.
    pub fn write_text(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let lang = self.lang;
        let case = self.case;
        let (title, meta) = self.heading();
        writeln!(out, "{}\n{}\n", printable(&title), printable(&meta))?;

        writeln!(out, "{}", lang.t(Msg::Events3))?;
        let mut events = grid(vec![
            "#".into(),
            lang.t(Msg::Date).into(),
            lang.t(Msg::Event).into(),
            "Id".into(),
            lang.t(Msg::Answers).into(),
            lang.t(Msg::Details).into(),
        ]);
        for (i, e) in case.events.iter().enumerate() {
            events.add_row(vec![
                (i + 1).to_string(),
                show(Some(e.at)),
                event_name(e.kind, lang).to_string(),
                e.id.as_deref().unwrap_or_default().to_string(),
                case.links[i]
                    .map(|l| event_ref(case, l))
                    .unwrap_or_default(),
                details(case, i, lang),
            ]);
        }
        writeln!(out, "{events}")?;
        if let Some(note) = self.later_note() {
            writeln!(out, "{note}")?;
        }

        writeln!(out, "\n{}", lang.t(Msg::RulesAndDeadlines))?;
        if self.clocks.is_empty() {
            writeln!(out, "{}", lang.t(Msg::NoRuleAppliesToTheCase))?;
            return Ok(());
        }
        let mut clocks = grid(vec![
            lang.t(Msg::Rule).into(),
            lang.t(Msg::Subject).into(),
            "Start".into(),
            lang.t(Msg::Due).into(),
            lang.t(Msg::Done).into(),
            "Status".into(),
            lang.t(Msg::Late).into(),
            lang.t(Msg::Law).into(),
            lang.t(Msg::Message).into(),
        ]);
        for clock in &self.clocks {
            let row = &clock.row;
            let rule = &self.catalogue.rules[row.rule];
            clocks.add_row(vec![
                rule.id.clone(),
                clock_ref(case, clock),
                show(row.start),
                show(row.due),
                show(row.done),
                row.status.label(lang).to_string(),
                late(row, lang),
                rule.variants[row.variant].law.clone(),
                message(row, lang),
            ]);
        }
        writeln!(out, "{clocks}")?;
        for r in self.rules() {
            let rule = &self.catalogue.rules[r];
            writeln!(
                out,
                "  {} {} ({})",
                rule.id,
                rule.texts(lang).title,
                rule.severity.label(lang)
            )?;
        }
        Ok(())
    }

    /// A self-contained page: the timeline drawn, then the events and the clocks as tables.
    pub fn write_html(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let lang = self.lang;
        let case = self.case;
        let (title, meta) = self.heading();
        page_start(
            out,
            lang,
            &format!("{title} – {}", lang.t(Msg::Timeline)),
            STYLE,
        )?;
        writeln!(
            out,
            "<header>\n<h1>{}</h1>\n<p class=\"meta\">{}</p>\n</header>\n<main>",
            esc(&title),
            esc(&meta)
        )?;
        writeln!(out, "<h2>{}</h2>", lang.t(Msg::Timeline2))?;
        self.svg(out)?;
        write!(out, "<p class=\"key\">")?;
        for s in Status::ALL {
            write!(
                out,
                r#"<span class="k s-{}"></span>{} "#,
                s.name(),
                esc(s.label(lang))
            )?;
        }
        writeln!(
            out,
            "<br>{}</p>",
            esc(lang.t(Msg::DotsEventsNumberedAsInThe))
        )?;

        writeln!(out, "<h2>{}</h2>\n<table><thead><tr>", lang.t(Msg::Events3))?;
        for h in [
            "#",
            lang.t(Msg::Date),
            lang.t(Msg::Event),
            "Id",
            lang.t(Msg::Answers),
            lang.t(Msg::Details),
        ] {
            write!(out, "<th>{}</th>", esc(h))?;
        }
        writeln!(out, "</tr></thead><tbody>")?;
        for (i, e) in case.events.iter().enumerate() {
            writeln!(
                out,
                r#"<tr id="e{}"><td class="n">{}</td><td class="id">{}</td><td>{}</td><td class="id">{}</td><td class="id">{}</td><td>{}</td></tr>"#,
                i + 1,
                i + 1,
                esc(&show(Some(e.at))),
                esc(event_name(e.kind, lang)),
                esc(e.id.as_deref().unwrap_or_default()),
                case.links[i]
                    .map(|l| esc(&event_ref(case, l)))
                    .unwrap_or_default(),
                esc(&details(case, i, lang)),
            )?;
        }
        writeln!(out, "</tbody></table>")?;
        if let Some(note) = self.later_note() {
            writeln!(out, "<p class=\"note\">{}</p>", esc(&note))?;
        }

        writeln!(out, "<h2>{}</h2>", lang.t(Msg::RulesAndDeadlines))?;
        if self.clocks.is_empty() {
            writeln!(out, "<p>{}</p>", lang.t(Msg::NoRuleAppliesToTheCase))?;
        } else {
            writeln!(out, "<table class=\"findings\"><thead><tr>")?;
            for h in [
                lang.t(Msg::Rule),
                lang.t(Msg::Subject),
                "Start",
                lang.t(Msg::Due),
                lang.t(Msg::Done),
                "Status",
                lang.t(Msg::Late),
                lang.t(Msg::Law),
                lang.t(Msg::Message),
            ] {
                write!(out, "<th>{}</th>", esc(h))?;
            }
            writeln!(out, "</tr></thead><tbody>")?;
            for clock in &self.clocks {
                let row = &clock.row;
                let rule = &self.catalogue.rules[row.rule];
                writeln!(
                    out,
                    r#"<tr class="{}"><td><strong>{}</strong> {}</td><td class="subject" title="{}">{}</td><td class="id">{}</td><td class="id">{}</td><td class="id">{}</td><td class="status">{}</td><td class="n">{}</td><td>{}</td><td>{}</td></tr>"#,
                    row.status.name(),
                    esc(&rule.id),
                    esc(&rule.texts(lang).title),
                    esc(&super::subject_label(&row.subject, lang)),
                    esc(&clock_ref(case, clock)),
                    esc(&show(row.start)),
                    esc(&show(row.due)),
                    esc(&show(row.done)),
                    esc(row.status.label(lang)),
                    esc(&late(row, lang)),
                    esc(&rule.variants[row.variant].law),
                    esc(&message(row, lang)),
                )?;
            }
            writeln!(out, "</tbody></table>")?;
        }
        writeln!(
            out,
            "<p class=\"note\">{}</p>\n</main>\n</body>\n</html>",
            lang.t(Msg::ThePageShowsRecordsAndDeadlines)
        )
    }

    /// The timeline as inline SVG: a date axis, the events as dots, one lane per clock with
    /// a bar from its start to its deadline and a mark where it was done.
    fn svg(&self, out: &mut dyn Write) -> std::io::Result<()> {
        const WIDTH: f64 = 960.0;
        const LABEL: f64 = 120.0;
        const PLOT: f64 = WIDTH - LABEL - 20.0;
        const LANE: f64 = 20.0;
        const FIRST_LANE: f64 = 74.0;
        let lang = self.lang;
        let case = self.case;
        let moments = case
            .events
            .iter()
            .map(|e| e.at.date)
            .chain(
                self.clocks
                    .iter()
                    .flat_map(|c| [c.row.start, c.row.due, c.row.done])
                    .flatten()
                    .map(|m| m.date),
            )
            .chain([self.as_of]);
        let (lo, hi) = moments.fold((self.as_of, self.as_of), |(lo, hi), d| {
            (lo.min(d), hi.max(d))
        });
        let days = (hi - lo).num_days().max(30);
        let pad = (days / 40).max(1);
        let (lo, span) = (lo - chrono::Days::new(pad as u64), (days + 2 * pad) as f64);
        let x = |d: NaiveDate| LABEL + (d - lo).num_days() as f64 * PLOT / span;
        let bottom = FIRST_LANE + self.clocks.len() as f64 * LANE + 6.0;
        let height = bottom + 8.0;
        writeln!(
            out,
            r#"<figure class="timeline"><svg role="img" aria-label="{}" viewBox="0 0 {WIDTH} {height}" width="100%" xmlns="http://www.w3.org/2000/svg">"#,
            esc(&format!("{} {}", lang.t(Msg::TimelineOfCase), case.id))
        )?;
        // The axis: a tick at the start of every month, quarter, half year or year.
        let months = days / 30;
        let step = match months {
            0..=18 => 1,
            19..=48 => 3,
            49..=96 => 6,
            _ => 12,
        };
        let mut tick = NaiveDate::from_ymd_opt(lo.year(), lo.month(), 1).unwrap_or(lo);
        let end = lo + chrono::Days::new(span as u64);
        while tick <= end {
            if tick >= lo && tick.month0().is_multiple_of(step) {
                let tx = x(tick);
                let label = if step == 12 {
                    tick.format("%Y").to_string()
                } else {
                    tick.format("%Y-%m").to_string()
                };
                writeln!(
                    out,
                    r#"<line class="grid" x1="{tx:.1}" y1="16" x2="{tx:.1}" y2="{bottom:.1}"/><text class="axis" x="{tx:.1}" y="12" text-anchor="middle">{label}</text>"#
                )?;
            }
            tick = crate::calendar::add_months(tick, 1);
        }
        writeln!(
            out,
            r#"<text x="{}" y="44" text-anchor="end">{}</text>"#,
            LABEL - 6.0,
            lang.t(Msg::Events3)
        )?;
        // Events close in time share one label ("2–5"), at the middle of their dots;
        // labels alternate above and below the dots, so neighbours stay readable.
        let mut clusters: Vec<(usize, usize, f64, f64)> = Vec::new(); // first, last, x0, x1
        for (i, e) in case.events.iter().enumerate() {
            let ex = x(e.at.date);
            match clusters.last_mut() {
                Some(c) if ex - c.3 < 16.0 => (c.1, c.3) = (i, ex),
                _ => clusters.push((i, i, ex, ex)),
            }
            writeln!(
                out,
                r#"<circle class="ev" cx="{ex:.1}" cy="40" r="4"><title>#{} {} {}</title></circle>"#,
                i + 1,
                esc(event_name(e.kind, lang)),
                esc(&show(Some(e.at))),
            )?;
        }
        for (n, (first, last, x0, x1)) in clusters.into_iter().enumerate() {
            let label = if first == last {
                (first + 1).to_string()
            } else {
                format!("{}–{}", first + 1, last + 1)
            };
            let ty = if n.is_multiple_of(2) { 31.0 } else { 58.0 };
            writeln!(
                out,
                r#"<text class="axis" x="{:.1}" y="{ty}" text-anchor="middle">{label}</text>"#,
                (x0 + x1) / 2.0
            )?;
        }
        let ax = x(self.as_of);
        for (n, clock) in self.clocks.iter().enumerate() {
            let row = &clock.row;
            let rule = &self.catalogue.rules[row.rule];
            let y = FIRST_LANE + n as f64 * LANE;
            let or_dash = |m: Option<Moment>| m.map_or_else(|| "–".to_string(), |m| show(Some(m)));
            let tip = format!(
                "{} {}: {} · start {} · {} {} · {} {}",
                rule.id,
                clock_ref(case, clock),
                row.status.label(lang),
                or_dash(row.start),
                lang.t(Msg::Due2),
                or_dash(row.due),
                lang.t(Msg::Done2),
                or_dash(row.done)
            );
            writeln!(
                out,
                r#"<g><title>{}</title><text x="{}" y="{:.1}" text-anchor="end">{} {}</text>"#,
                esc(&tip),
                LABEL - 6.0,
                y + 10.0,
                esc(&rule.id),
                esc(&clock_ref(case, clock))
            )?;
            let class = format!("s-{}", row.status.name());
            match (row.start, row.due) {
                (Some(s), Some(d)) => {
                    let (x1, x2) = (x(s.date), x(d.date));
                    writeln!(
                        out,
                        r#"<rect class="{class}" x="{:.1}" y="{:.1}" width="{:.1}" height="10" rx="2"/>"#,
                        x1.min(x2),
                        y + 2.0,
                        (x2 - x1).abs().max(3.0)
                    )?;
                }
                (None, Some(m)) | (Some(m), None) => writeln!(
                    out,
                    r#"<rect class="{class}" x="{:.1}" y="{:.1}" width="3" height="10"/>"#,
                    x(m.date) - 1.5,
                    y + 2.0
                )?,
                (None, None) => writeln!(
                    out,
                    r#"<circle class="{class}" cx="{:.1}" cy="{:.1}" r="5"/>"#,
                    x(case.events[clock.event].at.date),
                    y + 7.0
                )?,
            }
            // Still not done after the deadline: the red line runs on to the as-of date.
            if let Some(due) = row.due.filter(|_| {
                still_owed(
                    row.status,
                    row.done,
                    &row.note,
                    row.due,
                    row.late_days,
                    self.as_of,
                )
            }) {
                writeln!(
                    out,
                    r#"<line class="late" x1="{:.1}" y1="{:.1}" x2="{ax:.1}" y2="{:.1}"/>"#,
                    x(due.date),
                    y + 7.0,
                    y + 7.0
                )?;
            }
            if let Some(done) = row.done {
                let dx = x(done.date);
                if let Some(due) = row.due.filter(|d| !done.on_or_before(*d)) {
                    writeln!(
                        out,
                        r#"<line class="late" x1="{:.1}" y1="{:.1}" x2="{dx:.1}" y2="{:.1}"/>"#,
                        x(due.date),
                        y + 7.0,
                        y + 7.0
                    )?;
                }
                writeln!(
                    out,
                    r#"<path class="done" d="M{dx:.1} {:.1} l5 7 l-5 7 l-5 -7 z"/>"#,
                    y
                )?;
            }
            writeln!(out, "</g>")?;
        }
        writeln!(
            out,
            r#"<line class="asof" x1="{ax:.1}" y1="16" x2="{ax:.1}" y2="{bottom:.1}"><title>{} {}</title></line>"#,
            lang.t(Msg::AsOf2),
            self.as_of
        )?;
        writeln!(out, "</svg></figure>")
    }
}

/// The timeline's own style, added to the report's.
const STYLE: &str = r#"
figure.timeline { margin: 0; }
svg .ev, svg .done { fill: var(--ink); }
svg .done { stroke: #fff; stroke-width: 1; }
svg .late { stroke: var(--bad); stroke-width: 2; stroke-dasharray: 3 2; }
svg .asof { stroke: var(--muted); stroke-width: 1.5; stroke-dasharray: 5 3; }
.s-pass { fill: #2e7d32; background: #2e7d32; }
.s-exempt { fill: #00796b; background: #00796b; }
.s-fail { fill: #b42318; background: #b42318; }
.s-pending { fill: #b7791f; background: #b7791f; }
.s-not_assessable { fill: #8c959f; background: #8c959f; }
.key { font-size: .85rem; color: var(--muted); }
td code { word-break: normal; white-space: nowrap; }
.key .k { display: inline-block; width: .8em; height: .8em; margin: 0 .3em 0 .6em; vertical-align: middle; }
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Event, EventType, ProvisionTable, link_case};

    fn event(kind: EventType, date: &str, attrs: Vec<(Attr, Value)>) -> Event {
        Event {
            kind,
            at: Moment::parse_iso(date).unwrap(),
            id: None,
            reference: None,
            attrs,
            line: None,
        }
    }

    #[test]
    fn details_never_show_free_text() {
        let mut case = Case::new("K-1");
        case.events = vec![event(
            EventType::Decision,
            "2024-05-10",
            vec![
                (Attr::Provision, Value::Text("BL § 32".into())),
                (Attr::Kind, Value::Choice("support")),
                (Attr::Outcome, Value::Choice("refused")),
                (
                    Attr::Justification,
                    Value::Text("Barnet Anna har CPR 010203-1234".into()),
                ),
                (Attr::AppealGuidance, Value::Flag(true)),
            ],
        )];
        link_case(&mut case, &ProvisionTable::default());
        let da = details(&case, 0, Lang::Da);
        assert_eq!(
            da,
            "BL § 32; støtte; afslag; begrundelsen: angivet; klagevejledning: ja"
        );
        assert!(!details(&case, 0, Lang::En).contains("Anna"));
    }
}
