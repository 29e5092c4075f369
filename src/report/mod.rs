//! Results → reports. [`Tally`] accumulates one case at a time (so a national export can
//! stream through it), its listed results in a [`ResultStore`] (bounded memory); each
//! output format implements [`Format`] over the finished [`Report`].
mod atomic;
pub mod compare;
pub mod coverage;
mod csv;
pub mod filter;
pub mod gate;
mod html;
mod json;
mod junit;
pub mod keyed;
pub mod listing;
mod markdown;
mod message;
pub mod output;
pub mod protect;
mod questions;
mod rejects;
pub mod review;
pub mod review_sheet;
pub mod sample;
pub mod stats;
mod store;
mod table;
pub mod timeline;
pub mod trend;
pub mod worklist;
mod xlsx;

pub use atomic::{AtomicFile, write_atomic, write_atomic_as_is};
pub use csv::{Csv, CsvDialect};
pub use html::Html;
pub use json::Json;
pub use junit::Junit;
pub use markdown::Markdown;
pub use message::message;
pub use output::{Files, Output, OutputFile};
pub use rejects::write_rejects;
pub use store::ResultStore;
pub(crate) use table::{Grid, grid};
pub use table::{Table, terminal_width};
pub use xlsx::Xlsx;
pub use xlsx::sheet_rows;

use crate::calendar::Moment;
use crate::lang::Msg;
use crate::model::input::{InputSummary, Reject};
use crate::model::{Case, EventType};
use crate::privacy::Pseudonyms;
use crate::rules::yardstick::{ESTIMATED_REVERSAL_RATE, OBSERVED_REVERSAL_RATE};
use crate::rules::{Catalogue, Finding, Human, Lang, Note, Severity, Status};
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

/// What `--by` splits the report by: a case-level field of the export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    Team,
    Area,
    Municipality,
}

impl GroupBy {
    pub fn name(self) -> &'static str {
        match self {
            GroupBy::Team => "team",
            GroupBy::Area => "area",
            GroupBy::Municipality => "municipality",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        lang.t(match self {
            GroupBy::Team => Msg::ByTeam,
            GroupBy::Area => Msg::ByArea,
            GroupBy::Municipality => Msg::ByMunicipality,
        })
    }

    fn key(self, case: &Case) -> Option<&str> {
        match self {
            GroupBy::Team => case.team.as_deref(),
            GroupBy::Area => case.area.as_deref(),
            GroupBy::Municipality => case.municipality.as_deref(),
        }
    }
}

/// What is counted per group: a group's share of the tally, kept as cases stream by.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GroupTally {
    pub cases: u64,
    pub per_rule: Vec<Counts>,
    pub assessed_decisions: u64,
    pub failed_decisions: u64,
    pub assessed_cases: u64,
    pub failed_cases: u64,
}

impl GroupTally {
    pub fn estimated_reversal_rate(&self) -> Rate {
        Rate::new(self.failed_decisions, self.assessed_decisions)
    }

    pub fn case_error_rate(&self) -> Rate {
        Rate::new(self.failed_cases, self.assessed_cases)
    }

    pub fn per_theme(&self, catalogue: &Catalogue) -> Vec<Counts> {
        per_theme(&self.per_rule, catalogue)
    }
}

/// Appealed decisions: did the tool find a material error, and did Ankestyrelsen change
/// the decision? Only appeals decided on the merits count (contract §4).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Calibration {
    /// Predicted error (≥ 1 material fail): changed (changed/annulled/remanded) or upheld.
    pub flagged_changed: u64,
    pub flagged_upheld: u64,
    /// Material rules judged the decision and found nothing.
    pub clean_changed: u64,
    pub clean_upheld: u64,
    /// No material rule could judge the decision (or the appeal names none).
    pub unjudged_changed: u64,
    pub unjudged_upheld: u64,
}

/// One case's findings as the error rates count them: the decisions a material rule gave
/// pass, exempt or fail (each with whether one failed), and whether the case had any
/// pass/exempt/fail and any fail. `status` says how a finding is counted (its status, or the
/// machine's before review).
pub struct Judged {
    pub decisions: Vec<(usize, bool)>,
    pub scored: bool,
    pub failed: bool,
}

impl Judged {
    pub fn new(
        case: &Case,
        findings: &[Finding],
        catalogue: &Catalogue,
        visible_len: usize,
        status: impl Fn(&Finding) -> Status,
    ) -> Judged {
        let mut out = Judged {
            decisions: Vec::new(),
            scored: false,
            failed: false,
        };
        for f in findings {
            let status = status(f);
            out.scored |= status.is_scored();
            out.failed |= status == Status::Fail;
            let material = catalogue.rules[f.rule].severity == Severity::Material;
            // A material finding belongs to its subject decision, or the decision it answers.
            let decision = if case.events[f.subject].kind == EventType::Decision {
                Some(f.subject)
            } else {
                case.links[f.subject]
                    .filter(|&d| d < visible_len && case.events[d].kind == EventType::Decision)
            };
            if let (true, true, Some(d)) = (material, status.is_scored(), decision) {
                match out.decisions.iter_mut().find(|(x, _)| *x == d) {
                    Some(entry) => entry.1 |= status == Status::Fail,
                    None => out.decisions.push((d, status == Status::Fail)),
                }
            }
        }
        out
    }

    pub fn failed_decisions(&self) -> u64 {
        self.decisions.iter().filter(|(_, failed)| *failed).count() as u64
    }
}

impl Calibration {
    /// Counts the case's appeals decided on the merits by the decision each is linked to:
    /// did the tool find a material error in it, and did Ankestyrelsen change it?
    pub fn add(&mut self, case: &Case, visible_len: usize, judged: &Judged) {
        for (i, e) in case.events[..visible_len].iter().enumerate() {
            if e.kind != EventType::AppealDecided {
                continue;
            }
            let outcome = e.choice(crate::model::Attr::Outcome).unwrap_or_default();
            if !matches!(outcome, "upheld" | "changed" | "annulled" | "remanded") {
                continue;
            }
            let changed = outcome != "upheld";
            let found = case.links[i].and_then(|d| judged.decisions.iter().find(|(x, _)| *x == d));
            *match (found.map(|(_, failed)| *failed), changed) {
                (Some(true), true) => &mut self.flagged_changed,
                (Some(true), false) => &mut self.flagged_upheld,
                (Some(false), true) => &mut self.clean_changed,
                (Some(false), false) => &mut self.clean_upheld,
                (None, true) => &mut self.unjudged_changed,
                (None, false) => &mut self.unjudged_upheld,
            } += 1;
        }
    }

    pub fn total(&self) -> u64 {
        self.flagged_changed
            + self.flagged_upheld
            + self.clean_changed
            + self.clean_upheld
            + self.unjudged_changed
            + self.unjudged_upheld
    }
}

/// One listed result, ready to print.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultRow {
    pub case_id: String,
    /// The case's team, so a case manager finds their team's findings.
    pub team: Option<String>,
    /// With `--by area` or `--by municipality`: the case's value of it (a team is in `team`).
    pub group: Option<String>,
    pub rule: usize,
    pub variant: usize,
    pub status: Status,
    pub subject: String,
    /// The subject event's type, so a person reads "underretning 2024-03-01" where the
    /// machine formats write `notification_received@2024-03-01`.
    pub subject_kind: EventType,
    pub start: Option<Moment>,
    pub due: Option<Moment>,
    pub done: Option<Moment>,
    pub late_days: Option<i64>,
    pub late_hours: Option<i64>,
    /// Minutes late, when both the deadline and the deed have a time of day.
    pub late_minutes: Option<i64>,
    pub note: Note,
    /// With `--include-text`: the subject's free text (a decision's justification).
    pub text: Option<String>,
    /// A reviewer's verdict or a waiver on the result.
    pub human: Human,
}

impl ResultRow {
    /// A finding of `case` as reports list it.
    pub fn new(case: &Case, f: &Finding) -> ResultRow {
        ResultRow {
            case_id: case.id.clone(),
            team: case.team.clone(),
            group: None,
            rule: f.rule,
            variant: f.variant,
            status: f.status,
            subject: f.subject_label(case),
            subject_kind: case.events[f.subject].kind,
            start: f.start,
            due: f.due,
            done: f.done,
            late_days: f.late.map(|l| l.days),
            late_hours: f.late.and_then(|l| l.hours),
            late_minutes: f.late.and_then(|l| l.minutes),
            note: f.note.clone(),
            human: f.human,
            text: None,
        }
    }
}

/// Everything counted over the audited cases.
#[derive(Debug, Default)]
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
    pub calibration: Calibration,
    /// With `--by`: the field, and a tally per value of it (cases without one under None).
    pub by: Option<GroupBy>,
    pub groups: std::collections::BTreeMap<Option<String>, GroupTally>,
    /// Decisions some rules could not judge (unknown kind, no outcome), and why.
    pub unjudged: crate::model::Unjudged,
    /// For each field a rule reads, the events it was read on and how many carried it.
    pub coverage: coverage::Coverage,
    /// The listed results, in input order, as reports show them: narrowed by `filter`,
    /// masked and pseudonymised before they are stored (a spilled row holds no CPR number).
    pub rows: ResultStore,
    /// With `audit --review`: the verdicts merged in, counted apart from the machine's.
    pub review: Option<review::ReviewTally>,
    /// With `audit --waivers`: the waived results, counted apart (their status is kept).
    pub waivers: Option<review::WaiverTally>,
    /// The municipalities the cases name, for a report's header.
    pub municipalities: std::collections::BTreeSet<String>,
    /// `--include-text`: listed results carry their subject's free text (docs/privacy.md).
    pub include_text: bool,
    /// `--case --rule --status --team`: which results are listed (on the ids as the user
    /// knows them, before pseudonymisation).
    pub filter: filter::ResultFilter,
    /// `--pseudonymize`: the listed results' case ids are replaced by keyed hashes.
    pub pseudonyms: Option<Pseudonyms>,
}

impl Tally {
    pub fn new(catalogue: &Catalogue, by: Option<GroupBy>) -> Tally {
        Tally {
            per_rule: vec![Counts::default(); catalogue.rules.len()],
            unjudged: catalogue.unjudged(),
            coverage: coverage::Coverage::new(catalogue),
            by,
            ..Tally::default()
        }
    }

    /// Adds one case's data coverage, worked out beside its findings
    /// ([`crate::rules::evaluate_covered`]).
    pub fn add_coverage(&mut self, case: &crate::rules::CaseCoverage) {
        self.coverage.add(case);
    }

    /// Adds one case and its findings (in the order `evaluate` gave them). An error is one
    /// writing listed results to their temporary file ([`ResultStore::push`]).
    pub fn add_case(
        &mut self,
        case: &Case,
        findings: &[Finding],
        catalogue: &Catalogue,
        as_of: NaiveDate,
        mode: ResultsMode,
    ) -> anyhow::Result<()> {
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

        let judged = Judged::new(case, findings, catalogue, visible_len, |f| f.status);
        let mut listed_rows = Vec::new();
        for f in findings {
            self.per_rule[f.rule].add(f.status);
            if let Some(review) = &mut self.review {
                review.add(case, f);
            }
            if let Some(waivers) = &mut self.waivers {
                waivers.add(f);
            }
            // A result a person has reviewed or waived is listed whatever its status, so the
            // report shows what people decided. A reviewer question nobody has answered yet is
            // not a finding: it is counted (`questions`) and on the review sheet, and listed
            // with `--results all`.
            let touched = f.human != Human::default();
            let unanswered = catalogue.rules[f.rule].is_question() && !touched;
            let listed = match mode {
                ResultsMode::All => true,
                ResultsMode::Findings => (f.status != Status::Pass && !unanswered) || touched,
                ResultsMode::None => false,
            };
            if listed {
                let mut row = ResultRow::new(case, f);
                row.group = self
                    .by
                    .filter(|&b| b != GroupBy::Team)
                    .and_then(|b| b.key(case))
                    .map(str::to_string);
                if self.include_text {
                    let subject = &case.events[f.subject];
                    row.text = subject
                        .text(crate::model::Attr::Justification)
                        .or_else(|| subject.text(crate::model::Attr::Reason))
                        .map(str::to_string);
                }
                if self.filter.keeps(&row) {
                    listed_rows.push(row);
                }
            }
        }
        // As every report shows them, before they are stored: the store may spill to disk.
        protect::protect_rows(&mut listed_rows, self.pseudonyms.as_ref());
        for row in listed_rows {
            self.rows.push(row)?;
        }
        let failed_decisions = judged.failed_decisions();
        self.assessed_decisions += judged.decisions.len() as u64;
        self.failed_decisions += failed_decisions;
        self.assessed_cases += u64::from(judged.scored);
        self.failed_cases += u64::from(judged.failed);
        // Without the reviewers' answers: each result as the machine judged it.
        if let Some(review) = &mut self.review {
            let machine = Judged::new(case, findings, catalogue, visible_len, |f| {
                f.human.machine_status.unwrap_or(f.status)
            });
            review.add_machine_case(case, visible_len, &machine);
        }

        for e in visible {
            if e.kind != EventType::AppealDecided {
                continue;
            }
            self.appeals += 1;
            let outcome = e.choice(crate::model::Attr::Outcome).unwrap_or_default();
            if matches!(outcome, "upheld" | "changed" | "annulled" | "remanded") {
                self.appeals_decided_on_merits += 1;
                self.appeals_changed += u64::from(outcome != "upheld");
            }
        }
        self.calibration.add(case, visible_len, &judged);

        if let Some(by) = self.by {
            let rules = self.per_rule.len();
            let group = self
                .groups
                .entry(by.key(case).map(str::to_string))
                .or_insert_with(|| GroupTally {
                    per_rule: vec![Counts::default(); rules],
                    ..GroupTally::default()
                });
            group.cases += 1;
            for f in findings {
                group.per_rule[f.rule].add(f.status);
            }
            group.assessed_decisions += judged.decisions.len() as u64;
            group.failed_decisions += failed_decisions;
            group.assessed_cases += u64::from(judged.scored);
            group.failed_cases += u64::from(judged.failed);
        }
        Ok(())
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
        per_theme(&self.per_rule, catalogue)
    }
}

fn per_theme(per_rule: &[Counts], catalogue: &Catalogue) -> Vec<Counts> {
    let mut themes = vec![Counts::default(); catalogue.themes.len()];
    for (rule, counts) in catalogue.rules.iter().zip(per_rule) {
        themes[rule.theme].merge(counts);
    }
    themes
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
    /// The rejected records a report lists: the first of them (`load::LISTED`), in input
    /// order; [`Report::rejected`] counts them all.
    pub rejects: &'a [Reject],
    pub tally: &'a Tally,
    /// The command that made the report (audit trail): arguments, never file contents.
    pub command_line: String,
    /// When the audited file is a sample drawn by `caseaudit sample`: what its manifest says.
    pub sample: Option<&'a sample::SampleNote>,
    /// `--max-listed`: the most results the human formats list ([`listing`]).
    pub max_listed: usize,
}

impl Report<'_> {
    /// Every record rejected, listed or not.
    pub fn rejected(&self) -> usize {
        self.inputs.iter().map(|i| i.rejected).sum()
    }

    /// Records rejected beyond those listed (`--rejects FILE` writes them all).
    pub fn rejected_not_listed(&self) -> usize {
        self.rejected().saturating_sub(self.rejects.len())
    }
}

/// The sentence every format prints with the national yardstick.
pub fn yardstick_note(lang: Lang) -> &'static str {
    lang.t(Msg::TheNationalFiguresAreAReference)
}

/// This audit's own figure for what a yardstick figure compares with (exact: the JSON
/// report rounds it to four decimals, a person's text to one in per cent).
pub fn own_figure(report: &Report, compares_with: &str) -> Option<f64> {
    let tally = report.tally;
    match report
        .catalogue
        .rules
        .iter()
        .position(|r| r.id == compares_with)
    {
        Some(i) => tally.per_rule[i].score(),
        None if compares_with == ESTIMATED_REVERSAL_RATE => tally.estimated_reversal_rate().exact(),
        None if compares_with == OBSERVED_REVERSAL_RATE => {
            tally.observed_reversal_rate().and_then(|r| r.exact())
        }
        None => None,
    }
}

/// What a yardstick figure compares with, for a person: the rule id, or the rate's name.
pub fn compares_with_label(compares_with: &str, lang: Lang) -> &str {
    match compares_with {
        ESTIMATED_REVERSAL_RATE => lang.t(Msg::EstimatedReversalRate),
        OBSERVED_REVERSAL_RATE => lang.t(Msg::ObservedReversalRate2),
        rule => rule,
    }
}

/// The figures comparable with a rule or rate, as "57.0 % (2020–2022), 61.0 % (2021)".
pub fn yardstick_cell(catalogue: &Catalogue, compares_with: &str, lang: Lang) -> String {
    catalogue
        .yardstick
        .iter()
        .filter(|f| f.compares_with == compares_with)
        .map(|f| format!("{} ({})", lang.percent(Some(f.share)), f.period()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The yardstick as rows for a table, one per figure: compares with, figure, period of the
/// cases, published, population, the national share, this audit's own, source.
pub fn yardstick_rows(report: &Report) -> Vec<[String; 8]> {
    let lang = report.lang;
    report
        .catalogue
        .yardstick
        .iter()
        .map(|f| {
            [
                compares_with_label(&f.compares_with, lang).to_string(),
                f.title(lang).to_string(),
                f.period(),
                f.published.map(|y| y.to_string()).unwrap_or_default(),
                f.population(lang).unwrap_or_default(),
                lang.percent(Some(f.share)),
                lang.percent(own_figure(report, &f.compares_with)),
                f.source.clone(),
            ]
        })
        .collect()
}

/// The yardstick table's header, in the order of [`yardstick_rows`].
pub fn yardstick_header(lang: Lang) -> [&'static str; 8] {
    [
        lang.t(Msg::ComparesWith),
        lang.t(Msg::Figure2),
        lang.t(Msg::CasesFrom),
        lang.t(Msg::Published),
        lang.t(Msg::Population),
        lang.t(Msg::National),
        lang.t(Msg::ThisAudit),
        lang.t(Msg::Source),
    ]
}

/// The definitions and cautions the figures carry, each said once: "S1: the barometer
/// counts only …".
pub fn yardstick_notes(catalogue: &Catalogue, lang: Lang) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for f in &catalogue.yardstick {
        let label = compares_with_label(&f.compares_with, lang);
        for text in [f.definition(lang), f.note(lang)].into_iter().flatten() {
            let line = format!("{label}: {text}");
            if !out.contains(&line) {
                out.push(line);
            }
        }
    }
    out
}

/// "Ingen klagesager i udtrækket": why the observed reversal rate is missing.
pub fn no_appeals(lang: Lang) -> &'static str {
    lang.t(Msg::NoAppealsInTheExport)
}

/// The error rates every human format lists, with labels in the report's language; the
/// observed one is None when the export has no appeals.
pub fn rate_rows(report: &Report) -> Vec<(&'static str, Option<Rate>)> {
    let lang = report.lang;
    let tally = report.tally;
    vec![
        (
            lang.t(Msg::EstimatedReversalRateDecisions),
            Some(tally.estimated_reversal_rate()),
        ),
        (lang.t(Msg::CaseErrorRate), Some(tally.case_error_rate())),
        (
            lang.t(Msg::ObservedReversalRateAnkestyrelsen),
            tally.observed_reversal_rate(),
        ),
    ]
}

/// An error rate as a table row: label, numerator, denominator, share and interval, or
/// dashes and "no appeals" when there is no rate.
pub fn rate_table_row(label: &str, rate: Option<Rate>, lang: Lang) -> Vec<String> {
    match rate {
        Some(rate) => vec![
            label.to_string(),
            lang.int(rate.numerator),
            lang.int(rate.denominator),
            lang.percent(rate.exact()),
            interval(lang, &rate),
        ],
        None => vec![
            label.to_string(),
            "–".into(),
            "–".into(),
            "–".into(),
            no_appeals(lang).into(),
        ],
    }
}

/// The header of a findings table; with `team`, each finding names its team.
pub fn findings_header(lang: Lang, team: bool) -> Vec<String> {
    let mut header: Vec<String> = vec![lang.t(Msg::Case).into()];
    if team {
        header.push("Team".into());
    }
    header.extend([
        lang.t(Msg::Rule).into(),
        "Status".into(),
        lang.t(Msg::Subject).into(),
        lang.t(Msg::Due).into(),
        lang.t(Msg::Done).into(),
        lang.t(Msg::Law).into(),
        lang.t(Msg::Message).into(),
    ]);
    header
}

/// A rate as a person reads it in a narrow cell: "25,0 % (3/12)".
pub fn rate_cell(lang: Lang, rate: &Rate) -> String {
    format!(
        "{} ({}/{})",
        lang.percent(rate.exact()),
        lang.int(rate.numerator),
        lang.int(rate.denominator)
    )
}

/// A rate's 95 % interval: "14,2 % – 44,5 %", or "–" when there is none. Each bound is
/// rounded once, from the exact interval (not from the JSON report's four decimals).
pub fn interval(lang: Lang, rate: &Rate) -> String {
    match rate.exact_interval() {
        Some((lo, hi)) => format!("{} – {}", lang.percent(Some(lo)), lang.percent(Some(hi))),
        None => "–".into(),
    }
}

/// With `--by`: the groups side by side, a column per team (area, municipality) and a row
/// per measure (cases, the two error rates, each theme's score), so the table stays narrow
/// with the handful of teams a municipality has. The header's first cell names the field;
/// a group without a value is "–". Text from the export is left raw for each format to
/// escape.
pub fn group_grid(report: &Report, by: GroupBy) -> (Vec<String>, Vec<Vec<String>>) {
    let lang = report.lang;
    let catalogue = report.catalogue;
    let groups = &report.tally.groups;
    let mut header = vec![format!("{} {}", lang.t(Msg::By), by.label(lang))];
    header.extend(
        groups
            .keys()
            .map(|k| k.clone().unwrap_or_else(|| "–".into())),
    );
    let row = |label: &str, cells: Vec<String>| {
        let mut r = vec![label.to_string()];
        r.extend(cells);
        r
    };
    let mut rows = vec![
        row(
            lang.t(Msg::Cases2),
            groups.values().map(|g| lang.int(g.cases)).collect(),
        ),
        row(
            lang.t(Msg::EstimatedReversalRate),
            groups
                .values()
                .map(|g| rate_cell(lang, &g.estimated_reversal_rate()))
                .collect(),
        ),
        row(
            lang.t(Msg::CaseErrorRate2),
            groups
                .values()
                .map(|g| rate_cell(lang, &g.case_error_rate()))
                .collect(),
        ),
    ];
    let per_group: Vec<Vec<Counts>> = groups.values().map(|g| g.per_theme(catalogue)).collect();
    for (i, theme) in catalogue.themes.iter().enumerate() {
        rows.push(row(
            theme.title(lang),
            per_group
                .iter()
                .map(|c| lang.percent(c[i].score()))
                .collect(),
        ));
    }
    (header, rows)
}

/// The calibration table's header: appealed decisions, then the two outcomes.
pub fn calibration_header(lang: Lang) -> [&'static str; 3] {
    [
        lang.t(Msg::AppealedDecisions),
        lang.t(Msg::ChangedAnnulledRemanded),
        lang.t(Msg::Upheld),
    ]
}

/// The calibration table's rows: the tool's verdict, then the count of each outcome.
pub fn calibration_rows(c: &Calibration, lang: Lang) -> [(&'static str, u64, u64); 3] {
    [
        (
            lang.t(Msg::MaterialErrorFound),
            c.flagged_changed,
            c.flagged_upheld,
        ),
        (
            lang.t(Msg::NoMaterialError),
            c.clean_changed,
            c.clean_upheld,
        ),
        (
            lang.t(Msg::NotJudged),
            c.unjudged_changed,
            c.unjudged_upheld,
        ),
    ]
}

/// The decisions some rules could not judge, as one sentence in `lang`; None when none.
pub fn unjudged_line(report: &Report) -> Option<String> {
    let unjudged = &report.tally.unjudged;
    (!unjudged.is_empty()).then(|| {
        let (da, en) = unjudged.describe();
        if report.lang == Lang::Da { da } else { en }
    })
}

/// A result's subject as a person reads it: `notification_received@2024-03-01` is
/// "underretning 2024-03-01" in Danish ("notification 2024-03-01" in English), with a
/// periodic rule's `/2` and a second event's `~2` kept; an event's own id (`N1`) is shown as
/// it is. Machine formats and the review sheet keep the subject itself, the key a verdict
/// is matched by.
pub fn subject_label(subject: &str, lang: Lang) -> String {
    let Some((kind, rest)) = subject.split_once('@') else {
        return subject.to_string();
    };
    match EventType::from_name(kind) {
        Some(t) => {
            let (da, en) = t.nouns();
            let noun = match lang {
                Lang::Da => da,
                Lang::En => en,
            };
            format!("{noun} {rest}")
        }
        None => subject.to_string(),
    }
}

/// "1 sag", "2 sager": a count with its noun in `lang`.
pub fn count(n: u64, lang: Lang, da: [&str; 2], en: [&str; 2]) -> String {
    let forms = match lang {
        Lang::Da => da,
        Lang::En => en,
    };
    format!("{n} {}", forms[usize::from(n != 1)])
}

/// Escapes text for XML and HTML (element content and quoted attributes) and drops the
/// characters XML 1.0 cannot carry (controls but tab and line breaks, U+FFFE, U+FFFF).
pub(crate) fn escape_markup(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => s.push_str("&amp;"),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            '"' => s.push_str("&quot;"),
            '\'' => s.push_str("&#39;"),
            '\t' | '\n' | '\r' => s.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => s.push(c),
        }
    }
    s
}

/// The warnings every format prints with the error rates: a rate that rests on too few
/// decisions or cases, and one that rests on reviewer questions not yet answered.
pub fn rate_warnings(report: &Report, lang: Lang) -> Vec<String> {
    let mut out = small_sample_warnings(report, lang);
    out.extend(questions::warnings(report, lang));
    out
}

/// One sentence per rate that rests on fewer than [`stats::SMALL_SAMPLE`] decisions or
/// cases, overall and per group.
fn small_sample_warnings(report: &Report, lang: Lang) -> Vec<String> {
    let tally = report.tally;
    // (one, several): "1 sag", "2 sager".
    let decisions = (lang.t(Msg::Decision), lang.t(Msg::Decisions2));
    let cases = (lang.t(Msg::Case2), lang.t(Msg::Cases2));
    let appeals = (lang.t(Msg::Appeal), lang.t(Msg::Appeals));
    let ert = lang.t(Msg::EstimatedReversalRate);
    let mut rates: Vec<(String, (&str, &str), Rate)> = vec![
        (ert.into(), decisions, tally.estimated_reversal_rate()),
        (
            lang.t(Msg::CaseErrorRate3).into(),
            cases,
            tally.case_error_rate(),
        ),
    ];
    if let Some(rate) = tally.observed_reversal_rate() {
        let what = lang.t(Msg::ObservedReversalRate2);
        rates.push((what.into(), appeals, rate));
    }
    if let Some(by) = tally.by {
        for (name, group) in &tally.groups {
            let name = name.as_deref().unwrap_or("–");
            let what = format!("{ert} ({} {name})", by.label(lang));
            rates.push((what, decisions, group.estimated_reversal_rate()));
        }
    }
    rates
        .into_iter()
        .filter(|(_, _, rate)| rate.small_sample())
        .map(|(what, unit, rate)| {
            let n = rate.denominator;
            let unit = if n == 1 { unit.0 } else { unit.1 };
            let min = stats::SMALL_SAMPLE;
            crate::tr!(
                lang,
                SmallSample,
                what = what,
                n = n,
                unit = unit,
                min = min
            )
        })
        .collect()
}

/// An output format. Human formats honour `report.lang`; machine formats use English ids.
pub trait Format {
    fn write(&self, report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()>;
}

#[cfg(test)]
mod tests {
    use super::{count, escape_markup};
    use crate::rules::Lang;

    #[test]
    fn markup_and_control_characters_are_escaped() {
        assert_eq!(
            escape_markup(r#"<script>alert("x")</script>&'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;"
        );
        assert_eq!(escape_markup("x\u{1}y\u{1b}z"), "xyz");
        assert_eq!(escape_markup("a\tb\nc"), "a\tb\nc");
    }

    #[test]
    fn subjects_read_as_event_names() {
        use super::subject_label;
        assert_eq!(
            subject_label("notification_received@2024-03-01", Lang::Da),
            "underretning 2024-03-01"
        );
        assert_eq!(
            subject_label("follow_up@2025-01-13T09:15~2/3", Lang::En),
            "follow-up 2025-01-13T09:15~2/3"
        );
        assert_eq!(subject_label("N1", Lang::Da), "N1");
        assert_eq!(subject_label("odd@x", Lang::Da), "odd@x");
    }

    #[test]
    fn danish_and_english_singular_and_plural() {
        let (da, en) = (["sag", "sager"], ["case", "cases"]);
        assert_eq!(count(1, Lang::Da, da, en), "1 sag");
        assert_eq!(count(2, Lang::Da, da, en), "2 sager");
        assert_eq!(count(0, Lang::En, da, en), "0 cases");
        assert_eq!(count(1, Lang::En, da, en), "1 case");
    }
}
