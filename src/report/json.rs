//! The JSON report of contract §7 (schema_version 1). English ids and messages throughout.
//! Serialized straight from the tally through borrowed structs: no JSON tree is built, and
//! the results are read from their store one at a time.
use super::stats::{Rate, round4};
use super::{
    Calibration, Counts, Format, Report, ResultRow, ResultsMode, message, own_figure,
    rate_warnings, yardstick_note,
};
use crate::calendar::Moment;
use crate::model::input::{InputSummary, Reject};
use crate::rules::{Catalogue, Lang, Status};
use serde::ser::{Error as _, SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

pub struct Json;

#[derive(Serialize)]
struct Doc<'a> {
    schema_version: u32,
    tool: Tool<'a>,
    as_of: String,
    /// The workday calendar the deadlines were counted with.
    calendar: &'static str,
    inputs: &'a [InputSummary],
    ruleset: Ruleset<'a>,
    summary: Summary,
    /// Decisions some rules could not judge, and why (contract §7 `unjudged`).
    unjudged: &'a crate::model::Unjudged,
    /// For each field a rule reads, how many of the events it was read on carried it.
    coverage: Vec<CoverageOut<'a>>,
    themes: Vec<Scored<'a>>,
    rules: Vec<Scored<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    results: Option<Results<'a>>,
    /// Rejected records by place and reason; their values stay out of a shared report.
    rejected: Rejected<'a>,
    /// Rejected records beyond those listed in `rejected` (the first 10,000).
    rejected_not_listed: usize,
    /// With `--by`: theme scores and error rates per team, area or municipality.
    #[serde(skip_serializing_if = "Option::is_none")]
    groups: Option<Groups<'a>>,
    /// Appealed decisions: the tool's predicted error against the appeal's outcome;
    /// null when the export has no appeal decided on the merits.
    calibration: Option<CalibrationOut>,
    /// Rates that rest on too few decisions or cases to generalise from.
    warnings: Vec<String>,
    /// Published national figures beside the rule or rate each compares with.
    yardstick: Yardstick<'a>,
    /// With `--review`: the human verdicts merged in, apart from the machine's results.
    #[serde(skip_serializing_if = "Option::is_none")]
    review: Option<serde_json::Value>,
    /// With `--waivers`: the waived results (status kept) and the waivers not applied.
    #[serde(skip_serializing_if = "Option::is_none")]
    waivers: Option<serde_json::Value>,
    /// With `--profile`: the municipality profile and the parameters it overrode.
    #[serde(skip_serializing_if = "Option::is_none")]
    profile: Option<&'a crate::rules::Profile>,
    /// When the rule set asks reviewer questions: asked, answered, and each question's
    /// answers.
    #[serde(skip_serializing_if = "Option::is_none")]
    questions: Option<serde_json::Value>,
    /// When the audited file is a sample drawn by `caseaudit sample`: its size, the
    /// population it was drawn from, the seed and the strata (from its manifest).
    #[serde(skip_serializing_if = "Option::is_none")]
    sample: Option<&'a super::sample::SampleNote>,
}

#[derive(Serialize)]
struct CoverageOut<'a> {
    rule: &'a str,
    /// The attribute, or several of which the rule needs any one.
    fields: Vec<&'static str>,
    /// `subject` (the events the rule applies to), `occurrence` (each one a recurring
    /// check judges), `counted` (the events a periodic count counts) or `waiver`.
    read_on: &'static str,
    /// Their types.
    events: Vec<&'static str>,
    carried: u64,
    of: u64,
    /// carried / of; null when the field was read on no event.
    share: Option<f64>,
}

fn coverage<'a>(report: &'a Report) -> Vec<CoverageOut<'a>> {
    let c = &report.tally.coverage;
    (c.fields.iter().zip(&c.counts))
        .map(|(f, &(carried, of))| CoverageOut {
            rule: &report.catalogue.rules[f.rule].id,
            fields: f.attrs.iter().map(|a| a.name()).collect(),
            read_on: f.on.name(),
            events: f.events.iter().map(|e| e.name()).collect(),
            carried,
            of,
            share: super::coverage::share(carried, of),
        })
        .collect()
}

#[derive(Serialize)]
struct Yardstick<'a> {
    note: &'static str,
    figures: Vec<FigureOut<'a>>,
    /// Files added with `--yardstick`, each with its sha256 (audit trail); the rule set's
    /// own yardstick.toml is in `ruleset.files`.
    files: Vec<YardstickFile<'a>>,
}

#[derive(Serialize)]
struct YardstickFile<'a> {
    file: &'a str,
    sha256: &'a str,
}

#[derive(Serialize)]
struct FigureOut<'a> {
    compares_with: &'a str,
    title: &'a str,
    share: f64,
    year: i32,
    /// The period of the cases behind the figure (the year when the source gives no other).
    period: String,
    published: Option<i32>,
    municipalities: Option<u32>,
    cases: Option<u32>,
    /// How the published definition differs from what it is compared with.
    definition: Option<&'a str>,
    /// A caution the source gives.
    note: Option<&'a str>,
    source: &'a str,
    /// This audit's score (a rule) or rate, for comparison.
    own: Option<f64>,
}

#[derive(Serialize)]
struct Groups<'a> {
    by: &'static str,
    items: Vec<GroupOut<'a>>,
}

#[derive(Serialize)]
struct GroupOut<'a> {
    /// The field's value; null for cases without one.
    name: Option<&'a str>,
    cases: u64,
    estimated_reversal_rate: Rate,
    case_error_rate: Rate,
    themes: Vec<Scored<'a>>,
}

/// Counts of appealed decisions, by the tool's verdict and Ankestyrelsen's.
#[derive(Serialize)]
pub(super) struct CalibrationOut {
    appealed_decisions: u64,
    /// ≥ 1 material fail.
    predicted_error: Outcomes,
    /// Material rules judged the decision and found no fail.
    no_predicted_error: Outcomes,
    /// No material rule could judge the decision.
    not_judged: Outcomes,
}

#[derive(Serialize)]
struct Outcomes {
    /// Changed, annulled or remanded.
    changed: u64,
    upheld: u64,
}

pub(super) fn calibration(c: &Calibration) -> CalibrationOut {
    CalibrationOut {
        appealed_decisions: c.total(),
        predicted_error: Outcomes {
            changed: c.flagged_changed,
            upheld: c.flagged_upheld,
        },
        no_predicted_error: Outcomes {
            changed: c.clean_changed,
            upheld: c.clean_upheld,
        },
        not_judged: Outcomes {
            changed: c.unjudged_changed,
            upheld: c.unjudged_upheld,
        },
    }
}

fn theme_scores<'a>(catalogue: &'a Catalogue, themes: Vec<Counts>) -> Vec<Scored<'a>> {
    catalogue
        .themes
        .iter()
        .zip(themes)
        .map(|(theme, counts)| Scored {
            head: vec![("id", theme.id.as_str())],
            counts,
        })
        .collect()
}

#[derive(Serialize)]
struct Tool<'a> {
    name: &'static str,
    version: &'static str,
    command_line: &'a str,
    calendar: &'static str,
}

#[derive(Serialize)]
struct Ruleset<'a> {
    sha256: &'a str,
    rules: usize,
    /// Each file of the rule set with its own sha256: the version of each rule audited.
    files: Vec<RuleFile<'a>>,
}

#[derive(Serialize)]
struct RuleFile<'a> {
    file: &'a str,
    sha256: &'a str,
    /// The rule the file holds; none for the catalogue's index and tables.
    rule: Option<&'a str>,
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
    team: Option<&'a str>,
    rule: &'a str,
    status: &'static str,
    subject: &'a str,
    start: Option<Moment>,
    due: Option<Moment>,
    done: Option<Moment>,
    late_days: Option<i64>,
    /// How late in hours, when both the deadline and the deed have a time of day.
    late_hours: Option<i64>,
    /// How late in minutes, when both the deadline and the deed have a time of day.
    late_minutes: Option<i64>,
    law: &'a str,
    message: String,
    /// Only with `--include-text`: the subject's free text.
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
    #[serde(flatten)]
    marks: super::review::ResultMarks,
}

/// The listed results, serialized one at a time.
struct Results<'a>(&'a Report<'a>);

impl Serialize for Results<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let report = self.0;
        let rows = &report.tally.rows;
        let mut seq = s.serialize_seq(Some(rows.len()))?;
        for row in rows.iter() {
            let row = row.map_err(S::Error::custom)?;
            seq.serialize_element(&result(report, &row))?;
        }
        seq.end()
    }
}

fn result<'a>(report: &'a Report, row: &'a ResultRow) -> ResultOut<'a> {
    let rule = &report.catalogue.rules[row.rule];
    ResultOut {
        case_id: &row.case_id,
        team: row.team.as_deref(),
        rule: &rule.id,
        status: row.status.name(),
        subject: &row.subject,
        start: row.start,
        due: row.due,
        done: row.done,
        late_days: row.late_days,
        late_hours: row.late_hours,
        late_minutes: row.late_minutes,
        law: &rule.variants[row.variant].law,
        message: message(row, Lang::En),
        text: row.text.as_deref(),
        marks: super::review::result_marks(report, row),
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
        let themes = theme_scores(catalogue, tally.per_theme(catalogue));
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
                command_line: &report.command_line,
                calendar: report.calendar.name(),
            },
            as_of: report.as_of.to_string(),
            calendar: report.calendar.name(),
            inputs: report.inputs,
            ruleset: Ruleset {
                sha256: &catalogue.sha256,
                rules: catalogue.rules.len(),
                files: catalogue
                    .files
                    .iter()
                    .map(|(file, sha256)| RuleFile {
                        file,
                        sha256,
                        rule: catalogue
                            .rules
                            .iter()
                            .find(|r| &r.file == file)
                            .map(|r| r.id.as_str()),
                    })
                    .collect(),
            },
            summary: Summary {
                cases: tally.cases,
                decisions: tally.decisions,
                estimated_reversal_rate: tally.estimated_reversal_rate(),
                case_error_rate: tally.case_error_rate(),
                observed_reversal_rate: tally.observed_reversal_rate(),
            },
            unjudged: &tally.unjudged,
            coverage: coverage(report),
            themes,
            rules,
            results: (report.mode != ResultsMode::None).then_some(Results(report)),
            rejected: Rejected(report.rejects),
            rejected_not_listed: report.rejected_not_listed(),
            groups: tally.by.map(|by| Groups {
                by: by.name(),
                items: tally
                    .groups
                    .iter()
                    .map(|(name, group)| GroupOut {
                        name: name.as_deref(),
                        cases: group.cases,
                        estimated_reversal_rate: group.estimated_reversal_rate(),
                        case_error_rate: group.case_error_rate(),
                        themes: theme_scores(catalogue, group.per_theme(catalogue)),
                    })
                    .collect(),
            }),
            calibration: (tally.calibration.total() > 0).then(|| calibration(&tally.calibration)),
            warnings: rate_warnings(report, Lang::En),
            yardstick: Yardstick {
                note: yardstick_note(Lang::En),
                figures: catalogue
                    .yardstick
                    .iter()
                    .map(|f| FigureOut {
                        compares_with: &f.compares_with,
                        title: f.title(Lang::En),
                        share: f.share,
                        year: f.year,
                        period: f.period(),
                        published: f.published,
                        municipalities: f.municipalities,
                        cases: f.cases,
                        definition: f.definition(Lang::En),
                        note: f.note(Lang::En),
                        source: &f.source,
                        own: own_figure(report, &f.compares_with).map(round4),
                    })
                    .collect(),
                files: catalogue
                    .yardstick_files
                    .iter()
                    .map(|(file, sha256)| YardstickFile { file, sha256 })
                    .collect(),
            },
            review: super::review::review_json(report),
            waivers: super::review::waivers_json(report),
            profile: catalogue.profile.as_ref(),
            questions: super::questions::questions_json(report),
            sample: report.sample,
        };
        // serde_json writes a token at a time: gathered here, in large pieces to `out`
        // (a `dyn Write`, called once per piece rather than once per token).
        use std::io::Write;
        let mut out = std::io::BufWriter::with_capacity(64 * 1024, out);
        serde_json::to_writer_pretty(&mut out, &doc)?;
        writeln!(out)?;
        out.flush()
    }
}
