//! Results → reports. [`Tally`] accumulates one case at a time (so a national export can
//! stream through it); each output format implements [`Format`] over the finished [`Report`].
mod atomic;
mod csv;
mod html;
mod json;
mod junit;
mod markdown;
mod message;
pub mod stats;
mod table;
mod xlsx;

pub use atomic::write_atomic;
pub use csv::{Csv, CsvDialect};
pub use html::Html;
pub use json::Json;
pub use junit::Junit;
pub use markdown::Markdown;
pub use message::message;
pub use table::Table;
pub(crate) use table::grid;
pub use xlsx::Xlsx;

use crate::calendar::Moment;
use crate::load::{InputSummary, Reject};
use crate::model::{Case, EventType};
use crate::rules::{Catalogue, Finding, Lang, Note, Severity, Status};
use chrono::NaiveDate;
use stats::Rate;

/// Which results a report lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ResultsMode {
    /// Every status but pass (the default).
    #[default]
    Findings,
    All,
    None,
}

/// Counts of each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts([u64; 5]);

impl Counts {
    pub fn add(&mut self, status: Status) {
        self.0[status as usize] += 1;
    }

    pub fn get(&self, status: Status) -> u64 {
        self.0[status as usize]
    }

    pub fn total(&self) -> u64 {
        self.0.iter().sum()
    }

    pub fn merge(&mut self, other: &Counts) {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a += b;
        }
    }

    /// (pass + exempt) / (pass + exempt + fail); None when nothing was scored.
    pub fn score(&self) -> Option<f64> {
        let met = self.get(Status::Pass) + self.get(Status::Exempt);
        let scored = met + self.get(Status::Fail);
        (scored > 0).then(|| met as f64 / scored as f64)
    }
}

/// One listed result, ready to print.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultRow {
    pub case_id: String,
    pub rule: usize,
    pub variant: usize,
    pub status: Status,
    pub subject: String,
    pub start: Option<Moment>,
    pub due: Option<Moment>,
    pub done: Option<Moment>,
    pub late_days: Option<i64>,
    pub late_hours: Option<i64>,
    pub note: Note,
}

/// Everything counted over the audited cases.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub cases: u64,
    pub decisions: u64,
    /// Events dated after the as-of date: in the export, but not seen by this audit.
    pub later_events: u64,
    pub per_rule: Vec<Counts>,
    /// Decisions with a material pass/exempt/fail, and those with a material fail.
    pub assessed_decisions: u64,
    pub failed_decisions: u64,
    /// Cases with any pass/exempt/fail, and those with a fail.
    pub assessed_cases: u64,
    pub failed_cases: u64,
    /// Appeal outcomes counted by Ankestyrelsen's definition; `appeals` is every appeal.
    pub appeals: u64,
    pub appeals_decided_on_merits: u64,
    pub appeals_changed: u64,
    /// Decisions some rules could not judge (unknown kind, no outcome), and why.
    pub unjudged: crate::model::Unjudged,
    pub rows: Vec<ResultRow>,
    /// The municipalities the cases name, for a report's header.
    pub municipalities: std::collections::BTreeSet<String>,
}

impl Tally {
    pub fn new(catalogue: &Catalogue) -> Tally {
        Tally {
            per_rule: vec![Counts::default(); catalogue.rules.len()],
            ..Tally::default()
        }
    }

    /// Adds one case and its findings (in the order `evaluate` gave them).
    pub fn add_case(
        &mut self,
        case: &Case,
        findings: &[Finding],
        catalogue: &Catalogue,
        as_of: NaiveDate,
        mode: ResultsMode,
    ) {
        self.cases += 1;
        if let Some(m) = &case.municipality
            && !self.municipalities.contains(m)
        {
            self.municipalities.insert(m.clone());
        }
        let visible_len = case.visible_len(as_of);
        let visible = &case.events[..visible_len];
        self.later_events += (case.events.len() - visible_len) as u64;
        self.unjudged.add_case(case, visible_len);
        self.decisions += visible
            .iter()
            .filter(|e| e.kind == EventType::Decision)
            .count() as u64;
        for e in visible
            .iter()
            .filter(|e| e.kind == EventType::AppealDecided)
        {
            self.appeals += 1;
            let outcome = e.choice(crate::model::Attr::Outcome).unwrap_or_default();
            if matches!(outcome, "upheld" | "changed" | "annulled" | "remanded") {
                self.appeals_decided_on_merits += 1;
                self.appeals_changed += u64::from(outcome != "upheld");
            }
        }

        // Material findings per decision: the subject, or the decision the subject answers.
        let mut decisions: Vec<(usize, bool)> = Vec::new();
        let (mut case_scored, mut case_failed) = (false, false);
        for f in findings {
            self.per_rule[f.rule].add(f.status);
            case_scored |= f.status.is_scored();
            case_failed |= f.status == Status::Fail;
            let material = catalogue.rules[f.rule].severity == Severity::Material;
            let decision = if case.events[f.subject].kind == EventType::Decision {
                Some(f.subject)
            } else {
                case.links[f.subject]
                    .filter(|&d| d < visible_len && case.events[d].kind == EventType::Decision)
            };
            if let (true, true, Some(d)) = (material, f.status.is_scored(), decision) {
                match decisions.iter_mut().find(|(x, _)| *x == d) {
                    Some(entry) => entry.1 |= f.status == Status::Fail,
                    None => decisions.push((d, f.status == Status::Fail)),
                }
            }
            let listed = match mode {
                ResultsMode::All => true,
                ResultsMode::Findings => f.status != Status::Pass,
                ResultsMode::None => false,
            };
            if listed {
                self.rows.push(ResultRow {
                    case_id: case.id.clone(),
                    rule: f.rule,
                    variant: f.variant,
                    status: f.status,
                    subject: f.subject_label(case),
                    start: f.start,
                    due: f.due,
                    done: f.done,
                    late_days: f.late.map(|l| l.days),
                    late_hours: f.late.and_then(|l| l.hours),
                    note: f.note.clone(),
                });
            }
        }
        self.assessed_decisions += decisions.len() as u64;
        self.failed_decisions += decisions.iter().filter(|(_, failed)| *failed).count() as u64;
        self.assessed_cases += u64::from(case_scored);
        self.failed_cases += u64::from(case_failed);
    }

    pub fn estimated_reversal_rate(&self) -> Rate {
        Rate::new(self.failed_decisions, self.assessed_decisions)
    }

    pub fn case_error_rate(&self) -> Rate {
        Rate::new(self.failed_cases, self.assessed_cases)
    }

    /// Only when the export has appeal decisions at all.
    pub fn observed_reversal_rate(&self) -> Option<Rate> {
        (self.appeals > 0).then(|| Rate::new(self.appeals_changed, self.appeals_decided_on_merits))
    }

    /// Counts per theme, in catalogue order.
    pub fn per_theme(&self, catalogue: &Catalogue) -> Vec<Counts> {
        let mut themes = vec![Counts::default(); catalogue.themes.len()];
        for (rule, counts) in catalogue.rules.iter().zip(&self.per_rule) {
            themes[rule.theme].merge(counts);
        }
        themes
    }
}

/// A finished audit, as every format sees it.
#[derive(Debug)]
pub struct Report<'a> {
    pub catalogue: &'a Catalogue,
    pub as_of: NaiveDate,
    pub calendar: crate::calendar::CalendarProfile,
    pub lang: Lang,
    pub mode: ResultsMode,
    pub inputs: &'a [InputSummary],
    pub rejects: &'a [Reject],
    pub tally: &'a Tally,
}

/// An output format. Human formats honour `report.lang`; machine formats use English ids.
pub trait Format {
    fn write(&self, report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()>;
}
