//! `caseaudit worklist`: what is overdue now and what falls due soon, per team, with the
//! action needed (each rule's `action` text, rule data). As a table, CSV, xlsx or Markdown.
//!
//! What counts (docs/worklist in README): a result is *overdue* when its deadline has passed
//! (fail), the act it waits for is not recorded at all (or only as a waiver without a
//! reason), and the act is still owed on the as-of date. An act done late is history, not a
//! to-do; so is a requirement tied to a moment that has passed (a child heard *before* a
//! decision, a party hearing, a supervision period that is over, a decision letter's
//! contents), a provisional assessment once its investigation is completed, and a plan or
//! follow-up for a measure that has ended. A result is *due* when its deadline is still open
//! (pending) and falls on or before as-of + the window.
use super::csv::{CsvDialect, neutralise};
use super::markdown::{cell, header, row};
use super::table::grid;
use super::xlsx::{io, number, text_row, workbook};
use crate::calendar::Moment;
use crate::lang::Msg;
use crate::model::{Case, EventType};
use crate::privacy::mask_cpr;
use crate::rules::{Catalogue, Finding, Lang, Note, Status};
use crate::terminal::printable;
use chrono::NaiveDate;
use rust_xlsxwriter::Format as Style;
use std::io::Write;

/// Why a result is on the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Urgency {
    /// The deadline has passed and the act is still owed.
    Overdue,
    /// The deadline is on or after the as-of date, within the window.
    Due,
}

impl Urgency {
    pub fn name(self) -> &'static str {
        match self {
            Urgency::Overdue => "overdue",
            Urgency::Due => "due",
        }
    }
}

/// One thing to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub team: Option<String>,
    pub case_id: String,
    pub rule: usize,
    pub subject: String,
    pub due: Moment,
    pub urgency: Urgency,
    /// Days past the deadline (overdue, at least 1) or left until it (due; 0 = today).
    pub days: i64,
}

/// Whether a result's act is overdue and still owed on the as-of date (see the module docs):
/// a fail whose act is not recorded (or only waived without a reason). The engine counts a
/// missing act as overdue up to the day it stopped being owed — the as-of date while it
/// still is — so only those overdue up to today are to-dos.
pub fn still_owed(
    status: Status,
    done: Option<Moment>,
    note: &Note,
    due: Option<Moment>,
    late_days: Option<i64>,
    as_of: NaiveDate,
) -> bool {
    status == Status::Fail
        && done.is_none()
        && matches!(note, Note::Missing(_) | Note::WaivedWithoutReason(_))
        && due
            .zip(late_days)
            .is_some_and(|(due, late)| late == (as_of - due.date).num_days())
}

/// Whether a finding belongs on the worklist, and why: see the module docs.
pub fn classify(f: &Finding, as_of: NaiveDate, within_days: u32) -> Option<(Urgency, Moment, i64)> {
    let due = f.due?;
    let late = f.late.map(|l| l.days);
    match f.status {
        Status::Fail if still_owed(f.status, f.done, &f.note, f.due, late, as_of) => {
            Some((Urgency::Overdue, due, (as_of - due.date).num_days()))
        }
        Status::Pending => {
            let left = (due.date - as_of).num_days();
            (left <= i64::from(within_days)).then_some((Urgency::Due, due, left))
        }
        _ => None,
    }
}

/// Whether the subject is a measure that has ended, or a decision every measure of which has
/// ended, or an event of an ended measure (a follow-up): what was owed for it (a plan, a
/// follow-up) can no longer be done, so it is history. A decision with one measure still
/// running still owes its plan.
fn measure_ended(case: &Case, subject: usize) -> bool {
    let of_subject =
        |j: usize| j == subject || case.links[j] == Some(subject) || case.links[subject] == Some(j);
    let ended = |m: usize| {
        (0..case.events.len())
            .any(|k| case.events[k].kind == EventType::MeasureEnded && case.links[k] == Some(m))
    };
    let mut measures = (0..case.events.len())
        .filter(|&j| case.events[j].kind == EventType::MeasureStarted && of_subject(j))
        .peekable();
    measures.peek().is_some() && measures.all(ended)
}

/// The items of `case` (the case as it stood on the as-of date) from its findings: those
/// overdue and still owed, and those due within `within_days` of `as_of`. Worked out case by
/// case on any thread; the list only gathers them ([`Worklist::add`]).
pub fn items_of(
    case: &Case,
    findings: &[Finding],
    as_of: NaiveDate,
    within_days: u32,
) -> Vec<Item> {
    let mut items = Vec::new();
    for f in findings {
        if let Some((urgency, due, days)) = classify(f, as_of, within_days) {
            if urgency == Urgency::Overdue && measure_ended(case, f.subject) {
                continue;
            }
            // Masked as they enter the list, before a table wraps them or a format
            // escapes them (docs/privacy.md).
            let masked = |text: &str| mask_cpr(text).into_owned();
            items.push(Item {
                team: case.team.as_deref().map(masked),
                case_id: masked(&case.id),
                rule: f.rule,
                subject: masked(&f.subject_label(case)),
                due,
                urgency,
                days,
            });
        }
    }
    items
}

/// Rows of a team's table drawn together (its columns fitted to them); a longer team's table
/// goes on in another with the head repeated.
const TABLE_PAGE: usize = 1000;

/// The worklist being built, case by case, and written in one of its formats.
#[derive(Debug)]
pub struct Worklist<'a> {
    pub catalogue: &'a Catalogue,
    pub as_of: NaiveDate,
    pub within_days: u32,
    /// `--team`, as given.
    pub team: Option<String>,
    pub lang: Lang,
    items: Vec<Item>,
}

impl<'a> Worklist<'a> {
    pub fn new(
        catalogue: &'a Catalogue,
        as_of: NaiveDate,
        within_days: u32,
        team: Option<String>,
        lang: Lang,
    ) -> Worklist<'a> {
        Worklist {
            catalogue,
            as_of,
            within_days,
            team,
            lang,
            items: Vec::new(),
        }
    }

    /// Adds a case's items ([`items_of`]) after the others.
    pub fn add(&mut self, items: Vec<Item>) {
        self.items.extend(items);
    }

    /// Forgets every item: the inputs are read again from the start.
    pub fn clear(&mut self) {
        self.items.clear();
    }

    /// Grouped by team (by name; cases without a team last), then by deadline; ties by
    /// case, rule and subject, so the order never depends on the input's.
    pub fn items(&mut self) -> &[Item] {
        self.items.sort_by(|a, b| {
            (
                a.team.is_none(),
                &a.team,
                a.due.sort_key(),
                &a.case_id,
                a.rule,
                &a.subject,
            )
                .cmp(&(
                    b.team.is_none(),
                    &b.team,
                    b.due.sort_key(),
                    &b.case_id,
                    b.rule,
                    &b.subject,
                ))
        });
        &self.items
    }

    fn until(&self) -> NaiveDate {
        self.as_of + chrono::Days::new(u64::from(self.within_days))
    }

    /// One line: how many are overdue and how many fall due, up to which day.
    fn summary(&self) -> String {
        let overdue = self
            .items
            .iter()
            .filter(|i| i.urgency == Urgency::Overdue)
            .count();
        let due = self.items.len() - overdue;
        let n = self.within_days;
        let team = self
            .team
            .as_deref()
            .map(|t| format!(" · team {}", t.trim()))
            .unwrap_or_default();
        let lang = self.lang;
        crate::tr!(
            lang,
            WorklistHeading,
            as_of = self.as_of,
            team = team,
            overdue = lang.count(overdue as u64, Msg::OverdueDeadlines),
            due = lang.count(due as u64, Msg::DueDeadlines),
            days = lang.count(u64::from(n), Msg::Days),
            until = self.until()
        )
    }

    fn nothing(&self) -> &'static str {
        self.lang.t(Msg::NothingIsOverdueAndNothingFalls)
    }

    fn team_heading(&self, team: &Option<String>) -> String {
        match team {
            Some(team) => format!("Team {team}"),
            None => self.lang.t(Msg::NoTeam).into(),
        }
    }

    /// "overskredet 12 dage", "om 3 dage", "i dag".
    fn days_text(&self, item: &Item) -> String {
        let d = item.days;
        let days = self.lang.count(d.max(0) as u64, Msg::Days);
        match item.urgency {
            Urgency::Overdue => crate::tr!(self.lang, OverdueBy, days = days),
            Urgency::Due if d == 0 => self.lang.t(Msg::Today).into(),
            Urgency::Due => crate::tr!(self.lang, DueIn, days = days),
        }
    }

    fn action(&self, item: &Item) -> &str {
        self.catalogue.rules[item.rule]
            .texts(self.lang)
            .action
            .trim()
    }

    fn cells(&self, item: &Item) -> [String; 6] {
        [
            item.case_id.clone(),
            self.catalogue.rules[item.rule].id.clone(),
            super::subject_label(&item.subject, self.lang),
            item.due.to_string().replace('T', " "),
            self.days_text(item),
            self.action(item).to_string(),
        ]
    }

    fn header(&self) -> Vec<String> {
        let lang = self.lang;
        [
            lang.t(Msg::Case),
            lang.t(Msg::Rule),
            lang.t(Msg::Subject),
            lang.t(Msg::Due),
            lang.t(Msg::OverdueLeft),
            lang.t(Msg::ActionNeeded),
        ]
        .map(String::from)
        .to_vec()
    }

    pub fn write_table(&mut self, out: &mut dyn Write) -> std::io::Result<()> {
        writeln!(out, "{}", printable(&self.summary()))?;
        self.items();
        let this = &*self;
        let groups = this.items.chunk_by(|a, b| a.team == b.team);
        if this.items.is_empty() {
            return writeln!(out, "\n{}", this.nothing());
        }
        for items in groups {
            writeln!(out, "\n{}", printable(&this.team_heading(&items[0].team)))?;
            // A team's table is drawn a page at a time, its head repeated, so that a team of
            // half a million items is not one table held whole to fit its columns.
            for page in items.chunks(TABLE_PAGE) {
                let mut g = grid(this.header());
                for item in page {
                    g.add_row(this.cells(item));
                }
                writeln!(out, "{g}")?;
            }
        }
        Ok(())
    }

    pub fn write_markdown(&mut self, out: &mut dyn Write) -> std::io::Result<()> {
        writeln!(out, "# {}\n", cell(&self.summary()))?;
        self.items();
        let this = &*self;
        if this.items.is_empty() {
            return writeln!(out, "{}", this.nothing());
        }
        for items in this.items.chunk_by(|a, b| a.team == b.team) {
            writeln!(out, "## {}\n", cell(&this.team_heading(&items[0].team)))?;
            header(out, &this.header(), 6)?;
            for item in items {
                row(out, &this.cells(item).map(|c| cell(&c)))?;
            }
            writeln!(out)?;
        }
        Ok(())
    }

    /// CSV: English column names and ids (a machine format); the action in `--lang`.
    pub fn write_csv(&mut self, dialect: CsvDialect, out: &mut dyn Write) -> std::io::Result<()> {
        let delimiter = match dialect {
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
        w.write_record(CSV_COLUMNS)?;
        self.items();
        for item in &self.items {
            let (overdue, left) = match item.urgency {
                Urgency::Overdue => (item.days.to_string(), String::new()),
                Urgency::Due => (String::new(), item.days.to_string()),
            };
            let record = [
                item.team.clone().unwrap_or_default(),
                item.case_id.clone(),
                self.catalogue.rules[item.rule].id.clone(),
                item.subject.clone(),
                item.due.to_string(),
                item.urgency.name().to_string(),
                overdue,
                left,
                self.action(item).to_string(),
            ];
            w.write_record(record.iter().map(|c| neutralise(c).into_owned()))?;
        }
        w.flush()
    }

    /// One sheet, a row per item with its team; days as numbers, so Excel can sort them.
    pub fn write_xlsx(&mut self, out: &mut dyn Write) -> std::io::Result<()> {
        let lang = self.lang;
        let mut book = workbook(self.as_of)?;
        let bold = Style::new().set_bold();
        let summary = self.summary();
        self.items();
        let items = &self.items;
        let ws = book.add_worksheet();
        ws.set_name(lang.t(Msg::Worklist)).map_err(io)?;
        text_row(ws, 0, &[&summary], Some(&bold))?;
        text_row(
            ws,
            2,
            &[
                "Team",
                lang.t(Msg::Case),
                lang.t(Msg::Rule),
                lang.t(Msg::Subject),
                lang.t(Msg::Due),
                lang.t(Msg::DaysOverdue),
                lang.t(Msg::DaysLeft),
                lang.t(Msg::ActionNeeded),
            ],
            Some(&bold),
        )?;
        for (i, item) in items.iter().enumerate() {
            let r = i as u32 + 3;
            let due = item.due.to_string().replace('T', " ");
            text_row(
                ws,
                r,
                &[
                    item.team.as_deref().unwrap_or_default(),
                    &item.case_id,
                    &self.catalogue.rules[item.rule].id,
                    &super::subject_label(&item.subject, self.lang),
                    &due,
                ],
                None,
            )?;
            let col = match item.urgency {
                Urgency::Overdue => 5,
                Urgency::Due => 6,
            };
            number(ws, r, col, item.days as f64)?;
            text_row(
                ws,
                r,
                &["", "", "", "", "", "", "", self.action(item)],
                None,
            )?;
        }
        ws.set_freeze_panes(3, 0).map_err(io)?;
        ws.autofit();
        out.write_all(&book.save_to_buffer().map_err(io)?)
    }
}

const CSV_COLUMNS: [&str; 9] = [
    "team",
    "case_id",
    "rule",
    "subject",
    "due",
    "state",
    "days_overdue",
    "days_left",
    "action",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Lateness;
    use crate::rules::What;

    fn finding(
        status: Status,
        due: &str,
        done: Option<&str>,
        late: Option<i64>,
        note: Note,
    ) -> Finding {
        Finding {
            rule: 0,
            variant: 0,
            status,
            subject: 0,
            period: None,
            start: None,
            due: Moment::parse_iso(due),
            done: done.and_then(Moment::parse_iso),
            late: late.map(|days| Lateness {
                days,
                hours: None,
                minutes: None,
            }),
            note,
            human: Default::default(),
        }
    }

    fn as_of() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()
    }

    #[test]
    fn a_long_team_table_goes_on_a_page_at_a_time_with_its_head() {
        let catalogue = Catalogue::embedded().unwrap();
        let mut list = Worklist::new(&catalogue, as_of(), 14, None, Lang::En);
        let item = |i: usize, team: &str| Item {
            team: Some(team.to_string()),
            case_id: format!("K-{i:05}"),
            rule: 0,
            subject: "notification".into(),
            due: Moment::parse_iso("2025-06-01").unwrap(),
            urgency: Urgency::Overdue,
            days: 29,
        };
        list.add((0..TABLE_PAGE + 1).map(|i| item(i, "Nord")).collect());
        list.add(vec![item(99_999, "Syd")]);
        let mut out = Vec::new();
        list.write_table(&mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        // Nord: a page of TABLE_PAGE rows and one of the last row, each with the head; Syd one.
        assert_eq!(out.matches("Action needed").count(), 3, "{out}");
        assert_eq!(out.matches("K-").count(), TABLE_PAGE + 2);
        let last = out.find("K-01000").unwrap();
        let heads: Vec<usize> = out.match_indices("Action needed").map(|(i, _)| i).collect();
        assert!(heads[0] < out.find("K-00999").unwrap());
        assert!(heads[1] > out.find("K-00999").unwrap() && heads[1] < last);
    }

    #[test]
    fn overdue_is_a_missed_deadline_whose_act_is_still_owed() {
        let w = What::Event(crate::model::EventType::ActionPlan);
        // Missing, still owed today: 2025-06-30 − 2025-06-20 = 10 days.
        let missing = finding(Status::Fail, "2025-06-20", None, Some(10), Note::Missing(w));
        assert_eq!(
            classify(&missing, as_of(), 14),
            Some((
                Urgency::Overdue,
                Moment::parse_iso("2025-06-20").unwrap(),
                10
            ))
        );
        // Owed only until an earlier day (B2 once the investigation was completed): history.
        let lapsed = finding(Status::Fail, "2025-06-20", None, Some(4), Note::Missing(w));
        assert_eq!(classify(&lapsed, as_of(), 14), None);
        // Done late: history.
        let late = finding(
            Status::Fail,
            "2025-06-20",
            Some("2025-06-25"),
            Some(5),
            Note::Late(w),
        );
        assert_eq!(classify(&late, as_of(), 14), None);
        // A window that closed without the act (S1, A5): no longer a to-do.
        let window = finding(Status::Fail, "2025-06-20", None, None, Note::NotFound(w));
        assert_eq!(classify(&window, as_of(), 14), None);
        let unreasoned = finding(
            Status::Fail,
            "2025-06-20",
            None,
            Some(10),
            Note::WaivedWithoutReason(w),
        );
        assert_eq!(
            classify(&unreasoned, as_of(), 14).map(|c| c.0),
            Some(Urgency::Overdue)
        );
    }

    #[test]
    fn what_was_owed_for_an_ended_measure_is_history() {
        use crate::model::{Attr, Event, ProvisionTable, Value, link_case};
        let event = |kind, date: &str, attrs: Vec<(Attr, Value)>| Event {
            kind,
            at: Moment::parse_iso(date).unwrap(),
            id: None,
            reference: None,
            attrs,
            line: None,
        };
        let mut case = Case::new("K-1");
        case.events = vec![
            event(
                EventType::Decision,
                "2024-03-01",
                vec![
                    (Attr::Kind, Value::Choice("support")),
                    (Attr::Outcome, Value::Choice("granted")),
                ],
            ),
            event(EventType::MeasureStarted, "2024-03-05", vec![]),
            event(
                EventType::FollowUp,
                "2024-06-01",
                vec![(
                    Attr::NextDue,
                    Value::Moment(Moment::parse_iso("2024-09-01").unwrap()),
                )],
            ),
            event(EventType::DocumentReceived, "2024-06-02", vec![]),
        ];
        link_case(&mut case, &ProvisionTable::default());
        // Still running: nothing is history.
        assert!(!(0..4).any(|s| measure_ended(&case, s)));
        case.events
            .push(event(EventType::MeasureEnded, "2024-10-01", vec![]));
        link_case(&mut case, &ProvisionTable::default());
        // The decision, the measure and its follow-up; not an unrelated document.
        assert!(measure_ended(&case, 0));
        assert!(measure_ended(&case, 1));
        assert!(measure_ended(&case, 2));
        assert!(!measure_ended(&case, 3));
    }

    #[test]
    fn a_decision_owes_its_plan_while_one_of_its_measures_runs() {
        use crate::model::{Attr, Event, ProvisionTable, Value, link_case};
        let event = |kind, date: &str, id: Option<&str>, reference: Option<&str>| Event {
            kind,
            at: Moment::parse_iso(date).unwrap(),
            id: id.map(Into::into),
            reference: reference.map(Into::into),
            attrs: if kind == EventType::Decision {
                vec![
                    (Attr::Kind, Value::Choice("support")),
                    (Attr::Outcome, Value::Choice("granted")),
                ]
            } else {
                Vec::new()
            },
            line: None,
        };
        let mut case = Case::new("K-1");
        case.events = vec![
            event(EventType::Decision, "2024-03-01", Some("D1"), None),
            event(
                EventType::MeasureStarted,
                "2024-03-05",
                Some("M1"),
                Some("D1"),
            ),
            event(
                EventType::MeasureStarted,
                "2024-03-06",
                Some("M2"),
                Some("D1"),
            ),
            event(EventType::MeasureEnded, "2024-05-01", None, Some("M1")),
        ];
        link_case(&mut case, &ProvisionTable::default());
        // One of the decision's two measures runs: its plan is still owed.
        assert!(!measure_ended(&case, 0));
        assert!(measure_ended(&case, 1));
        assert!(!measure_ended(&case, 2));
        case.events.push(event(
            EventType::MeasureEnded,
            "2024-06-01",
            None,
            Some("M2"),
        ));
        link_case(&mut case, &ProvisionTable::default());
        // Both ended: the plan is moot.
        assert!(measure_ended(&case, 0));
    }

    #[test]
    fn due_is_pending_within_the_window_inclusive() {
        let w = What::Event(crate::model::EventType::FollowUp);
        let on_edge = finding(Status::Pending, "2025-07-14", None, None, Note::Open(w));
        assert_eq!(classify(&on_edge, as_of(), 14).map(|c| c.2), Some(14));
        assert_eq!(classify(&on_edge, as_of(), 13), None);
        let today = finding(
            Status::Pending,
            "2025-06-30T14:20",
            None,
            None,
            Note::Open(w),
        );
        assert_eq!(classify(&today, as_of(), 0).map(|c| c.2), Some(0));
        let pass = finding(
            Status::Pass,
            "2025-07-01",
            Some("2025-06-29"),
            None,
            Note::OnTime(w),
        );
        assert_eq!(classify(&pass, as_of(), 14), None);
    }
}
