//! The JSON report of DOMAIN §7 (schema_version 1). English ids and messages throughout.
//! Serialized straight from the tally through borrowed structs: no JSON tree is built, so
//! a report with a million results costs no more memory than the results themselves.
use super::stats::{Rate, round4};
use super::{Counts, Format, Report, ResultRow, ResultsMode, message};
use crate::calendar::Moment;
use crate::load::{InputSummary, Reject};
use crate::rules::{Lang, Status};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

pub struct Json;

#[derive(Serialize)]
struct Doc<'a> {
    schema_version: u32,
    tool: Tool,
    as_of: String,
    /// The workday calendar the deadlines were counted with.
    calendar: &'static str,
    inputs: &'a [InputSummary],
    ruleset: Ruleset<'a>,
    summary: Summary,
    /// Decisions some rules could not judge, and why (DOMAIN §7 `unjudged`).
    unjudged: &'a crate::model::Unjudged,
    themes: Vec<Scored<'a>>,
    rules: Vec<Scored<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    results: Option<Results<'a>>,
    /// Rejected records by place and reason; their values stay out of a shared report.
    rejected: Rejected<'a>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Ruleset<'a> {
    sha256: &'a str,
    rules: usize,
}

#[derive(Serialize)]
struct Summary {
    cases: u64,
    decisions: u64,
    estimated_reversal_rate: Rate,
    case_error_rate: Rate,
    observed_reversal_rate: Option<Rate>,
}

/// A theme or rule with its status counts and score.
struct Scored<'a> {
    head: Vec<(&'static str, &'a str)>,
    counts: Counts,
}

impl Serialize for Scored<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        for (key, value) in &self.head {
            map.serialize_entry(key, value)?;
        }
        for status in Status::ALL {
            map.serialize_entry(status.name(), &self.counts.get(status))?;
        }
        map.serialize_entry("score", &self.counts.score().map(round4))?;
        map.end()
    }
}

#[derive(Serialize)]
struct ResultOut<'a> {
    case_id: &'a str,
    rule: &'a str,
    status: &'static str,
    subject: &'a str,
    start: Option<Moment>,
    due: Option<Moment>,
    done: Option<Moment>,
    late_days: Option<i64>,
    /// How late in hours, when both the deadline and the deed have a time of day.
    late_hours: Option<i64>,
    law: &'a str,
    message: String,
}

/// The listed results, serialized one at a time.
struct Results<'a>(&'a Report<'a>);

impl Serialize for Results<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let report = self.0;
        let rows = &report.tally.rows;
        let mut seq = s.serialize_seq(Some(rows.len()))?;
        for row in rows {
            seq.serialize_element(&result(report, row))?;
        }
        seq.end()
    }
}

fn result<'a>(report: &'a Report, row: &'a ResultRow) -> ResultOut<'a> {
    let rule = &report.catalogue.rules[row.rule];
    ResultOut {
        case_id: &row.case_id,
        rule: &rule.id,
        status: row.status.name(),
        subject: &row.subject,
        start: row.start,
        due: row.due,
        done: row.done,
        late_days: row.late_days,
        late_hours: row.late_hours,
        law: &rule.variants[row.variant].law,
        message: message(row, Lang::En),
    }
}

#[derive(Serialize)]
struct RejectOut<'a> {
    file: &'a str,
    line: Option<u64>,
    column: Option<&'a str>,
    reason: &'a str,
}

struct Rejected<'a>(&'a [Reject]);

impl Serialize for Rejected<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|r| RejectOut {
            file: &r.file,
            line: r.line,
            column: r.column.as_deref(),
            reason: &r.reason.en,
        }))
    }
}

impl Format for Json {
    fn write(&self, report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let catalogue = report.catalogue;
        let tally = report.tally;
        let themes = catalogue
            .themes
            .iter()
            .zip(tally.per_theme(catalogue))
            .map(|(theme, counts)| Scored {
                head: vec![("id", theme.id.as_str())],
                counts,
            })
            .collect();
        let rules = catalogue
            .rules
            .iter()
            .zip(&tally.per_rule)
            .map(|(rule, counts)| Scored {
                head: vec![
                    ("id", rule.id.as_str()),
                    ("name", rule.name.as_str()),
                    ("theme", catalogue.themes[rule.theme].id.as_str()),
                    ("severity", rule.severity.name()),
                ],
                counts: *counts,
            })
            .collect();
        let doc = Doc {
            schema_version: 1,
            tool: Tool {
                name: "caseaudit",
                version: env!("CARGO_PKG_VERSION"),
            },
            as_of: report.as_of.to_string(),
            calendar: report.calendar.name(),
            inputs: report.inputs,
            ruleset: Ruleset {
                sha256: &catalogue.sha256,
                rules: catalogue.rules.len(),
            },
            summary: Summary {
                cases: tally.cases,
                decisions: tally.decisions,
                estimated_reversal_rate: tally.estimated_reversal_rate(),
                case_error_rate: tally.case_error_rate(),
                observed_reversal_rate: tally.observed_reversal_rate(),
            },
            unjudged: &tally.unjudged,
            themes,
            rules,
            results: (report.mode != ResultsMode::None).then_some(Results(report)),
            rejected: Rejected(report.rejects),
        };
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)
    }
}
