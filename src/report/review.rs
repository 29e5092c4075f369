//! What people added to the audit, counted apart from the machine: reviewers' verdicts
//! (`audit --review`), waivers (`audit --waivers`) and the municipality profile
//! (`audit --profile`). Each format calls its section from here, after its own.
use super::stats::Rate;
use super::table::grid;
use super::{Calibration, Counts, Judged, Report, ResultRow, per_theme};
use crate::lang::Msg;
use crate::model::Case;
use crate::review::{LISTED, Orphan, People, Sheet, Verdicts, Waiver, Waivers};
use crate::rules::{Finding, Lang, Status};
use crate::terminal::printable;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The verdicts merged in, and the machine's own results they replaced.
#[derive(Debug, Clone, Default)]
pub struct ReviewTally {
    /// The sheets read, one per reviewer, in the order given.
    pub sheets: Vec<Sheet>,
    /// Data rows of the sheets, and the results with a verdict.
    pub rows: u64,
    pub verdicts: u64,
    /// Verdicts that matched a result, and those that changed its status.
    pub applied: u64,
    pub changed: u64,
    /// (machine status, verdict) → how many.
    pub changes: BTreeMap<(Status, Status), u64>,
    /// Per rule: every result as the machine judged it (the report before review).
    pub machine: Vec<Counts>,
    /// Per rule: the verdicts applied.
    pub reviewed: Vec<Counts>,
    /// Verdicts whose result no longer exists: how many, and the first [`LISTED`].
    pub orphans_total: u64,
    pub orphans: Vec<Orphan>,
    /// The error rates and the calibration without the reviewers' answers: every result
    /// counted by the machine's status.
    pub machine_assessed_decisions: u64,
    pub machine_failed_decisions: u64,
    pub machine_assessed_cases: u64,
    pub machine_failed_cases: u64,
    pub machine_calibration: Calibration,
    /// Per rule: the results two reviewers answered, as a table of their verdicts (the
    /// first sheet's by row, the second's by column: pass, fail, exempt).
    pub agreement: Vec<Agreement>,
    /// The results the two reviewers answered differently: how many, and the first
    /// [`LISTED`] (every one is listed in the results, marked disputed).
    pub differences_total: u64,
    pub differences: Vec<Difference>,
    /// Of those, the results no adjudication settled: not assessable.
    pub unsettled: u64,
}

/// Two reviewers' verdicts on the same results, counted: row = the first, column = the
/// second (pass, fail, exempt).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Agreement(pub [[u64; 3]; 3]);

fn verdict_index(s: Status) -> usize {
    match s {
        Status::Pass => 0,
        Status::Fail => 1,
        _ => 2,
    }
}

impl Agreement {
    pub fn add(&mut self, (a, b): (Status, Status)) {
        self.0[verdict_index(a)][verdict_index(b)] += 1;
    }

    pub fn merge(&mut self, other: &Agreement) {
        for (row, o) in self.0.iter_mut().zip(other.0) {
            for (x, y) in row.iter_mut().zip(o) {
                *x += y;
            }
        }
    }

    pub fn pairs(&self) -> u64 {
        self.0.iter().flatten().sum()
    }

    pub fn agreeing(&self) -> u64 {
        (0..3).map(|i| self.0[i][i]).sum()
    }

    /// The share of pairs that agree; None without pairs.
    pub fn share(&self) -> Option<f64> {
        let n = self.pairs();
        (n > 0).then(|| self.agreeing() as f64 / n as f64)
    }

    /// Cohen's kappa: (p_o − p_e) / (1 − p_e), p_o the share agreeing and p_e the share
    /// expected by chance from each reviewer's own shares of pass, fail and exempt. None
    /// without pairs, or when chance alone agrees fully (both gave one and the same verdict
    /// throughout).
    pub fn kappa(&self) -> Option<f64> {
        let n = self.pairs() as f64;
        let po = self.share()?;
        let pe: f64 = (0..3)
            .map(|k| {
                let first: u64 = self.0[k].iter().sum();
                let second: u64 = (0..3).map(|i| self.0[i][k]).sum();
                (first as f64 / n) * (second as f64 / n)
            })
            .sum();
        (pe < 1.0).then(|| (po - pe) / (1.0 - pe))
    }
}

/// A result two reviewers answered differently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub case_id: String,
    pub rule: usize,
    pub subject: String,
    /// The first sheet's verdict, then the second's.
    pub verdicts: (Status, Status),
    /// The adjudication that settled it; None while it is not assessable.
    pub settled: Option<Status>,
}

impl ReviewTally {
    pub fn new(verdicts: &Verdicts, rules: usize) -> ReviewTally {
        ReviewTally {
            sheets: verdicts.sheets.clone(),
            rows: verdicts.rows(),
            verdicts: verdicts.verdicts(),
            machine: vec![Counts::default(); rules],
            reviewed: vec![Counts::default(); rules],
            agreement: vec![Agreement::default(); rules],
            ..ReviewTally::default()
        }
    }

    pub(super) fn add(&mut self, case: &Case, f: &Finding) {
        let machine = f.human.machine_status.unwrap_or(f.status);
        self.machine[f.rule].add(machine);
        if f.human.machine_status.is_some() {
            self.applied += 1;
            self.reviewed[f.rule].add(f.status);
            if machine != f.status {
                self.changed += 1;
                *self.changes.entry((machine, f.status)).or_default() += 1;
            }
        }
        if let Some(pair) = f.human.pair {
            self.agreement[f.rule].add(pair);
            if pair.0 != pair.1 {
                self.differences_total += 1;
                self.unsettled += u64::from(!f.human.adjudicated);
                if self.differences.len() < LISTED {
                    self.differences.push(Difference {
                        case_id: case.id.clone(),
                        rule: f.rule,
                        subject: f.subject_label(case),
                        verdicts: pair,
                        settled: f.human.adjudicated.then_some(f.status),
                    });
                }
            }
        }
    }

    /// A case's decisions and findings as the machine judged them, before review.
    pub(super) fn add_machine_case(&mut self, case: &Case, visible_len: usize, judged: &Judged) {
        self.machine_assessed_decisions += judged.decisions.len() as u64;
        self.machine_failed_decisions += judged.failed_decisions();
        self.machine_assessed_cases += u64::from(judged.scored);
        self.machine_failed_cases += u64::from(judged.failed);
        self.machine_calibration.add(case, visible_len, judged);
    }

    /// Every rule's pairs together.
    pub fn total_agreement(&self) -> Agreement {
        let mut all = Agreement::default();
        for a in &self.agreement {
            all.merge(a);
        }
        all
    }

    /// The estimated reversal rate without the reviewers' answers.
    pub fn machine_reversal_rate(&self) -> Rate {
        Rate::new(
            self.machine_failed_decisions,
            self.machine_assessed_decisions,
        )
    }

    /// The case error rate without the reviewers' answers.
    pub fn machine_case_error_rate(&self) -> Rate {
        Rate::new(self.machine_failed_cases, self.machine_assessed_cases)
    }
}

impl super::Tally {
    /// Before the first case: room to count what people added, apart.
    pub fn expect_people(&mut self, people: &People) {
        let rules = self.per_rule.len();
        self.review = people.verdicts.as_ref().map(|v| ReviewTally::new(v, rules));
        self.waivers = people.waivers.as_ref().map(|w| WaiverTally::new(w, rules));
    }

    /// What people added, as a shared report may show it: `public` gives a case id's public
    /// form (masked or pseudonymised), `mask` masks other text from the export or the sheet
    /// (subjects, approvers, file paths). See `report::protect::protect_report`.
    pub fn protect_people(
        &mut self,
        public: &dyn Fn(&str) -> String,
        mask: &dyn Fn(&str) -> String,
    ) {
        let orphan = |o: &mut Orphan| {
            o.case_id = public(&o.case_id);
            o.rule = mask(&o.rule);
            o.subject = o.subject.as_deref().map(mask);
        };
        if let Some(r) = &mut self.review {
            for sheet in &mut r.sheets {
                sheet.file = mask(&sheet.file);
            }
            r.orphans.iter_mut().for_each(orphan);
            for o in &mut r.orphans {
                o.file = o.file.as_deref().map(mask);
            }
            for d in &mut r.differences {
                d.case_id = public(&d.case_id);
                d.subject = mask(&d.subject);
            }
        }
        if let Some(w) = &mut self.waivers {
            w.file = mask(&w.file);
            w.unmatched.iter_mut().for_each(orphan);
            for x in w.active.iter_mut().chain(&mut w.expired) {
                x.case_id = public(&x.case_id);
                x.subject = x.subject.as_deref().map(mask);
                x.approver = mask(&x.approver);
                x.reason = String::new();
            }
        }
    }

    /// After the last case: the verdicts and waivers that matched no result.
    pub fn close_people(&mut self, people: &People) {
        if let (Some(t), Some(v)) = (self.review.as_mut(), &people.verdicts) {
            (t.orphans_total, t.orphans) = v.orphans();
        }
        if let (Some(t), Some(w)) = (self.waivers.as_mut(), &people.waivers) {
            t.unmatched = w.unmatched();
        }
    }
}

/// The waived results, by rule and the status they keep.
#[derive(Debug, Clone, Default)]
pub struct WaiverTally {
    pub file: String,
    /// The waivers in force on the as-of date (results point into this list).
    pub active: Vec<Waiver>,
    pub expired: Vec<Waiver>,
    /// Waivers in force that covered no result.
    pub unmatched: Vec<Orphan>,
    pub waived: Vec<Counts>,
}

impl WaiverTally {
    pub fn new(waivers: &Waivers, rules: usize) -> WaiverTally {
        WaiverTally {
            file: waivers.file.clone(),
            active: waivers.active.clone(),
            expired: waivers.expired.clone(),
            waived: vec![Counts::default(); rules],
            ..WaiverTally::default()
        }
    }

    pub(super) fn add(&mut self, f: &Finding) {
        if f.human.waiver.is_some() {
            self.waived[f.rule].add(f.status);
        }
    }
}

fn counts_json(id: &str, counts: &Counts) -> Value {
    let mut map = serde_json::Map::new();
    map.insert("id".into(), id.into());
    for status in Status::ALL {
        map.insert(status.name().into(), counts.get(status).into());
    }
    map.insert(
        "score".into(),
        counts.score().map(super::stats::round4).into(),
    );
    Value::Object(map)
}

/// Theme and rule counts, as the report's own `themes` and `rules` give them.
fn scored_json(report: &Report, per_rule: &[Counts]) -> Value {
    let catalogue = report.catalogue;
    let themes: Vec<Value> = catalogue
        .themes
        .iter()
        .zip(per_theme(per_rule, catalogue))
        .map(|(th, c)| counts_json(&th.id, &c))
        .collect();
    let rules: Vec<Value> = catalogue
        .rules
        .iter()
        .zip(per_rule)
        .map(|(r, c)| counts_json(&r.id, c))
        .collect();
    json!({"themes": themes, "rules": rules})
}

fn orphans_json(orphans: &[Orphan], row: &str) -> Value {
    orphans
        .iter()
        .map(|o| {
            let mut v = json!({"case_id": o.case_id, "rule": o.rule, "subject": o.subject});
            if let Some(verdict) = o.verdict {
                v["verdict"] = verdict.name().into();
            }
            v[row] = o.row.into();
            if let Some(file) = &o.file {
                v["file"] = file.as_str().into();
            }
            v
        })
        .collect()
}

/// A share or kappa as the report gives it: four decimals, or null.
fn share(x: Option<f64>) -> Value {
    x.map(super::stats::round4).into()
}

/// `review.agreement`: how often two reviewers gave the same verdict, overall and per rule
/// (only rules with pairs), with Cohen's kappa, and the results they differ on.
fn agreement_json(report: &Report, r: &ReviewTally) -> Value {
    let figures = |a: &Agreement| {
        json!({"pairs": a.pairs(), "agreeing": a.agreeing(), "share": share(a.share()),
               "kappa": share(a.kappa())})
    };
    let mut v = figures(&r.total_agreement());
    let rules: Vec<Value> = (report.catalogue.rules.iter())
        .zip(&r.agreement)
        .filter(|(_, a)| a.pairs() > 0)
        .map(|(rule, a)| {
            let mut x = figures(a);
            x["rule"] = rule.id.as_str().into();
            x
        })
        .collect();
    v["rules"] = rules.into();
    v["differences_total"] = r.differences_total.into();
    v["unsettled"] = r.unsettled.into();
    v["differences"] = (r.differences.iter())
        .map(|d| {
            json!({"case_id": d.case_id, "rule": report.catalogue.rules[d.rule].id,
                   "subject": d.subject, "verdicts": [d.verdicts.0.name(), d.verdicts.1.name()],
                   "settled": d.settled.map(Status::name)})
        })
        .collect::<Vec<_>>()
        .into();
    v
}

/// The JSON `review` key (contract §7): what was read, applied and changed, the verdicts
/// that found no result, and the counts before review and of the verdicts alone.
pub(super) fn review_json(report: &Report) -> Option<Value> {
    let r = report.tally.review.as_ref()?;
    let changes: Vec<Value> = r
        .changes
        .iter()
        .map(|((from, to), n)| json!({"from": from.name(), "to": to.name(), "count": n}))
        .collect();
    let sheets: Vec<Value> = (r.sheets.iter())
        .map(|s| {
            json!({"file": s.file, "rows": s.rows, "verdicts": s.verdicts,
                   "adjudications": s.adjudications,
                   "as_of": s.as_of.iter().map(|d| d.to_string()).collect::<Vec<_>>()})
        })
        .collect();
    let calibration = &r.machine_calibration;
    Some(json!({
        "file": r.sheets.first().map(|s| s.file.as_str()).unwrap_or_default(),
        "sheets": sheets,
        "rows": r.rows,
        "verdicts": r.verdicts,
        "applied": r.applied,
        "changed": r.changed,
        "changes": changes,
        "orphans": orphans_json(&r.orphans, "row"),
        "orphans_total": r.orphans_total,
        "machine": scored_json(report, &r.machine),
        "reviewed": scored_json(report, &r.reviewed),
        "agreement": agreement_json(report, r),
        "machine_summary": {
            "estimated_reversal_rate": r.machine_reversal_rate(),
            "case_error_rate": r.machine_case_error_rate(),
        },
        "machine_calibration": (calibration.total() > 0)
            .then(|| super::json::calibration(calibration)),
    }))
}

/// The JSON `waivers` key: waivers in force, expired and unmatched, and the waived results
/// per theme and rule (they keep their status and count in the scores).
pub(super) fn waivers_json(report: &Report) -> Option<Value> {
    let w = report.tally.waivers.as_ref()?;
    let expired: Vec<Value> = w
        .expired
        .iter()
        .map(|x| {
            json!({"case_id": x.case_id, "rule": x.rule, "subject": x.subject,
                   "expires": x.expires.to_string(), "number": x.number})
        })
        .collect();
    let mut v = json!({
        "file": w.file,
        "in_force": w.active.len(),
        "expired": expired,
        "unmatched": orphans_json(&w.unmatched, "number"),
    });
    let scored = scored_json(report, &w.waived);
    v["themes"] = scored["themes"].clone();
    v["rules"] = scored["rules"].clone();
    Some(v)
}

/// A listed result's marks for the JSON report: where its status comes from (with
/// --review), the machine's own status when a verdict replaced it, and its waiver.
pub(super) fn result_marks(report: &Report, row: &ResultRow) -> ResultMarks {
    let tally = report.tally;
    ResultMarks {
        source: tally.review.as_ref().map(|_| {
            if row.human.machine_status.is_some() {
                "review"
            } else {
                "machine"
            }
        }),
        machine_status: row.human.machine_status.map(Status::name),
        disputed: row.human.disputed(),
        adjudicated: row.human.adjudicated,
        waiver: row
            .human
            .waiver
            .zip(tally.waivers.as_ref())
            .map(|(i, w)| WaiverMark {
                approver: w.active[i].approver.clone(),
                expires: w.active[i].expires.to_string(),
            }),
    }
}

/// The columns a result table adds when people added to the audit: where the status comes
/// from and the machine's own (with --review), the waiver's approver and expiry (with
/// --waivers). None without them, so a plain audit's table is unchanged.
pub(super) fn mark_columns(report: &Report) -> Vec<&'static str> {
    let mut out = Vec::new();
    if report.tally.review.is_some() {
        out.extend(["source", "machine_status"]);
    }
    if report.tally.waivers.is_some() {
        out.extend(["waiver_approver", "waiver_expires"]);
    }
    out
}

/// A result's cells for [`mark_columns`].
pub(super) fn mark_cells(report: &Report, row: &ResultRow) -> Vec<String> {
    let marks = result_marks(report, row);
    let mut out = Vec::new();
    if report.tally.review.is_some() {
        out.push(marks.source.unwrap_or_default().to_string());
        out.push(marks.machine_status.unwrap_or_default().to_string());
    }
    if report.tally.waivers.is_some() {
        let (approver, expires) = marks
            .waiver
            .map(|w| (w.approver, w.expires))
            .unwrap_or_default();
        out.extend([approver, expires]);
    }
    out
}

#[derive(serde::Serialize)]
pub(super) struct ResultMarks {
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    machine_status: Option<&'static str>,
    /// Two reviewers disagree and no adjudication settled it (the status is not_assessable).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    disputed: bool,
    /// A verdict marked as adjudication settled it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    adjudicated: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    waiver: Option<WaiverMark>,
}

#[derive(serde::Serialize)]
struct WaiverMark {
    approver: String,
    expires: String,
}

fn orphan_line(o: &Orphan, lang: Lang) -> String {
    let subject = o.subject.as_deref().unwrap_or("*");
    let verdict = o.verdict.map(|v| format!(" → {}", v.label(lang)));
    format!(
        "{} {} {}{}",
        o.case_id,
        o.rule,
        subject,
        verdict.unwrap_or_default()
    )
}

/// A table: its header and rows, text as written (each format escapes it).
pub(super) type Grid = (Vec<String>, Vec<Vec<String>>);

/// A part of the report on what people added, in the report's language, for every human
/// format to render alike.
pub(super) struct Section {
    pub title: String,
    pub lines: Vec<String>,
    pub tables: Vec<Grid>,
    /// What was not applied and why: never dropped silently.
    pub warnings: Vec<String>,
}

fn strings(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

/// The sections after a human report's own: the reviewer questions (when asked), then
/// [`sections`]. HTML shows the questions as a section of its own, before the findings.
pub(super) fn report_sections(report: &Report) -> std::io::Result<Vec<Section>> {
    let mut out: Vec<Section> = super::questions::section(report).into_iter().collect();
    out.extend(sections(report)?);
    Ok(out)
}

/// The sections on the municipality profile, the review and the waivers, those in use. An
/// error is one reading the listed results back ([`super::ResultStore::iter`]).
pub(super) fn sections(report: &Report) -> std::io::Result<Vec<Section>> {
    let lang = report.lang;
    let catalogue = report.catalogue;
    let tally = report.tally;
    let mut out = Vec::new();
    if let Some(p) = &catalogue.profile {
        let rows = p
            .overrides
            .iter()
            .map(|o| {
                vec![
                    o.scope.clone(),
                    o.key.clone(),
                    o.from.clone().unwrap_or_else(|| "–".into()),
                    o.to.clone(),
                ]
            })
            .collect();
        out.push(Section {
            title: format!("{}: {}", lang.t(Msg::MunicipalityProfile), p.name),
            lines: vec![format!(
                "{} · sha256 {} · {} {}",
                p.file,
                &p.sha256[..p.sha256.len().min(12)],
                lang.t(Msg::Calendar),
                report.calendar.name()
            )],
            tables: vec![(
                strings(&[
                    lang.t(Msg::RuleTable),
                    lang.t(Msg::Parameter),
                    lang.t(Msg::RuleSetSValue),
                    lang.t(Msg::LocalStandard),
                ]),
                rows,
            )],
            warnings: Vec::new(),
        });
    }
    if let Some(r) = &tally.review {
        out.push(review_section(report, r)?);
    }
    if let Some(w) = &tally.waivers {
        let waived: Counts = w.waived.iter().fold(Counts::default(), |mut a, c| {
            a.merge(c);
            a
        });
        let lines = vec![
            format!(
                "{}: {} {}, {} {}; {} {}.",
                w.file,
                w.active.len(),
                lang.t(Msg::InForce),
                w.expired.len(),
                lang.t(Msg::Expired),
                waived.total(),
                lang.noun(waived.total(), Msg::ResultsCovered),
            ),
            lang.t(Msg::AWaiverIsALocalDecision).into(),
        ];
        let mut results: Vec<Vec<String>> = Vec::new();
        for row in tally.rows.iter() {
            let row = row?;
            if let Some(i) = row.human.waiver {
                let waiver = &w.active[i];
                results.push(vec![
                    row.case_id,
                    catalogue.rules[row.rule].id.clone(),
                    row.subject,
                    row.status.label(lang).to_string(),
                    waiver.approver.clone(),
                    waiver.expires.to_string(),
                ]);
            }
        }
        let mut warnings: Vec<String> = w
            .expired
            .iter()
            .map(|x| {
                format!(
                    "{} {}: {} {} {} ({} {})",
                    lang.t(Msg::Expired2),
                    x.expires,
                    x.case_id,
                    x.rule,
                    x.subject.as_deref().unwrap_or("*"),
                    lang.t(Msg::Number),
                    x.number
                )
            })
            .collect();
        warnings.extend(w.unmatched.iter().map(|o| {
            format!(
                "{}: {} ({} {})",
                lang.t(Msg::CoversNoResult),
                orphan_line(o, lang),
                lang.t(Msg::Number),
                o.row
            )
        }));
        out.push(Section {
            title: lang.t(Msg::Waivers).into(),
            lines,
            tables: vec![(
                strings(&[
                    lang.t(Msg::Case),
                    lang.t(Msg::Rule),
                    lang.t(Msg::Subject),
                    "Status",
                    lang.t(Msg::Approver),
                    lang.t(Msg::Expires),
                ]),
                results,
            )],
            warnings,
        });
    }
    Ok(out)
}

/// The section "Manuel gennemgang": what the sheets gave and changed, the scores by the
/// machine, by the reviewers and combined, the error rates and calibration without the
/// reviewers' answers, two reviewers' agreement, and the reviewed results.
fn review_section(report: &Report, r: &ReviewTally) -> std::io::Result<Section> {
    let lang = report.lang;
    let catalogue = report.catalogue;
    let tally = report.tally;
    let files: Vec<&str> = r.sheets.iter().map(|s| s.file.as_str()).collect();
    let mut lines = vec![format!(
        "{}: {} {}, {} {}, {} {}, {} {}.",
        files.join(", "),
        r.verdicts,
        lang.t(Msg::Verdicts),
        r.applied,
        lang.t(Msg::Applied),
        r.changed,
        lang.t(Msg::ChangedTheStatus),
        r.orphans_total,
        lang.t(Msg::WithoutAResult),
    )];
    lines.push(lang.t(Msg::AVerdictReplacesTheMachineS).into());
    lines.extend(
        r.changes
            .iter()
            .map(|((from, to), n)| format!("{} → {}: {n}", from.label(lang), to.label(lang))),
    );
    let cell = |rate: &super::stats::Rate| super::rate_cell(lang, rate);
    lines.push(format!(
        "{}: {} {}, {} {}. {}: {}, {}.",
        lang.t(Msg::WithoutTheReviewersAnswers),
        lang.t(Msg::EstimatedReversalRate),
        cell(&r.machine_reversal_rate()),
        lang.t(Msg::CaseErrorRate2),
        cell(&r.machine_case_error_rate()),
        lang.t(Msg::WithTheAnswers),
        cell(&tally.estimated_reversal_rate()),
        cell(&tally.case_error_rate()),
    ));
    let all = r.total_agreement();
    if all.pairs() > 0 {
        lines.push(format!(
            "{}: {} {} {} {} ({}), Cohens kappa {}.",
            lang.t(Msg::TwoReviewers),
            all.agreeing(),
            lang.t(Msg::Of),
            all.pairs(),
            lang.t(Msg::PairsAgree),
            lang.percent(all.share()),
            kappa_text(all.kappa()),
        ));
    }
    let machine = per_theme(&r.machine, catalogue);
    let reviewed = per_theme(&r.reviewed, catalogue);
    let merged = tally.per_theme(catalogue);
    let themes = catalogue
        .themes
        .iter()
        .enumerate()
        .map(|(i, theme)| {
            vec![
                theme.title(lang).to_string(),
                lang.percent(machine[i].score()),
                reviewed[i].total().to_string(),
                reviewed[i].get(Status::Pass).to_string(),
                reviewed[i].get(Status::Fail).to_string(),
                reviewed[i].get(Status::Exempt).to_string(),
                lang.percent(reviewed[i].score()),
                lang.percent(merged[i].score()),
            ]
        })
        .collect();
    let mut tables = vec![(
        strings(&[
            lang.t(Msg::Theme),
            lang.t(Msg::MachineScore),
            lang.t(Msg::Reviewed),
            Status::Pass.label(lang),
            Status::Fail.label(lang),
            Status::Exempt.label(lang),
            lang.t(Msg::ReviewersScore),
            lang.t(Msg::ScoreAfterReview),
        ]),
        themes,
    )];
    if r.machine_calibration.total() > 0 {
        let mut header = strings(&super::calibration_header(lang));
        header[0] = format!(
            "{}, {}",
            header[0],
            lang.t(Msg::WithoutTheReviewersAnswers2)
        );
        let rows = super::calibration_rows(&r.machine_calibration, lang)
            .iter()
            .map(|(label, changed, upheld)| {
                vec![label.to_string(), lang.int(*changed), lang.int(*upheld)]
            })
            .collect();
        tables.push((header, rows));
    }
    let agreement: Vec<Vec<String>> = (catalogue.rules.iter())
        .zip(&r.agreement)
        .filter(|(_, a)| a.pairs() > 0)
        .map(|(rule, a)| {
            vec![
                rule.id.clone(),
                a.pairs().to_string(),
                a.agreeing().to_string(),
                lang.percent(a.share()),
                kappa_text(a.kappa()),
            ]
        })
        .collect();
    tables.push((
        strings(&[
            lang.t(Msg::Rule),
            lang.t(Msg::Pairs),
            lang.t(Msg::Agree),
            lang.t(Msg::Share),
            "kappa",
        ]),
        agreement,
    ));
    let differences = (r.differences.iter())
        .map(|d| {
            vec![
                d.case_id.clone(),
                catalogue.rules[d.rule].id.clone(),
                d.subject.clone(),
                d.verdicts.0.label(lang).to_string(),
                d.verdicts.1.label(lang).to_string(),
                d.settled.map_or("–", |s| s.label(lang)).to_string(),
            ]
        })
        .collect();
    tables.push((
        strings(&[
            lang.t(Msg::Case),
            lang.t(Msg::Rule),
            lang.t(Msg::Subject),
            lang.t(Msg::FirstReviewer),
            lang.t(Msg::SecondReviewer),
            lang.t(Msg::Adjudication),
        ]),
        differences,
    ));
    let mut results: Vec<Vec<String>> = Vec::new();
    for row in tally.rows.iter() {
        let row = row?;
        if let Some(machine) = row.human.machine_status {
            results.push(vec![
                row.case_id,
                catalogue.rules[row.rule].id.clone(),
                row.subject,
                machine.label(lang).to_string(),
                row.status.label(lang).to_string(),
            ]);
        }
    }
    tables.push((
        strings(&[
            lang.t(Msg::Case),
            lang.t(Msg::Rule),
            lang.t(Msg::Subject),
            lang.t(Msg::Machine),
            lang.t(Msg::Verdict),
        ]),
        results,
    ));
    let mut warnings: Vec<String> = r
        .orphans
        .iter()
        .take(ORPHANS_NAMED)
        .map(|o| {
            format!(
                "{} ({}, {} {}): {}",
                orphan_line(o, lang),
                o.file.as_deref().unwrap_or_default(),
                lang.t(Msg::Row),
                o.row,
                lang.t(Msg::TheResultNoLongerExistsThe)
            )
        })
        .collect();
    if r.orphans_total > ORPHANS_NAMED as u64 {
        warnings.push(more_orphans(r.orphans_total - ORPHANS_NAMED as u64, lang));
    }
    if r.unsettled > 0 {
        warnings.push(unsettled_line(r.unsettled, lang));
    }
    Ok(Section {
        title: lang.t(Msg::HumanReview).into(),
        lines,
        tables,
        warnings,
    })
}

/// How many orphans are named one by one, in a report and on stderr; the rest are counted.
const ORPHANS_NAMED: usize = 5;

fn more_orphans(n: u64, lang: Lang) -> String {
    crate::tr!(lang, MoreOrphans, n = n, listed = LISTED)
}

fn unsettled_line(n: u64, lang: Lang) -> String {
    crate::tr_n!(lang, n, Unsettled, n = n)
}

/// Cohen's kappa with two decimals, or "–" when it is undefined.
fn kappa_text(kappa: Option<f64>) -> String {
    kappa.map_or_else(|| "–".into(), |k| format!("{k:.2}"))
}

/// A count or a share: lined up on the right, as in the report's own tables.
pub(super) fn is_number(cell: &str) -> bool {
    [Lang::Da, Lang::En]
        .into_iter()
        .any(|lang| crate::lang::read_shown(cell, lang).is_some())
}

/// The terminal rendering of [`sections`].
pub(super) fn write_table(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    for section in report_sections(report)? {
        writeln!(out, "\n{}", printable(&section.title))?;
        for line in &section.lines {
            writeln!(out, "  {}", printable(line))?;
        }
        for (header, rows) in &section.tables {
            if rows.is_empty() {
                continue;
            }
            let mut g = grid(header.clone());
            for row in rows {
                g.add_row_aligned(row, is_number);
            }
            writeln!(out, "{g}")?;
        }
        for w in &section.warnings {
            writeln!(out, "! {}", printable(w))?;
        }
    }
    Ok(())
}

/// The warnings on stderr, in the user's language: verdicts and waivers that matched
/// nothing, and waivers that had expired.
pub fn warnings(tally: &super::Tally, lang: Lang, as_of: chrono::NaiveDate) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(r) = &tally.review {
        // A sheet made for another day of measurement: its subjects and deadlines may differ.
        for sheet in &r.sheets {
            for made in sheet.as_of.iter().filter(|d| **d != as_of) {
                out.push(crate::tr!(
                    lang,
                    SheetOtherAsOf,
                    file = sheet.file,
                    made = made,
                    as_of = as_of
                ));
            }
        }
        for o in r.orphans.iter().take(ORPHANS_NAMED) {
            let file = o.file.as_deref().unwrap_or_default();
            out.push(crate::tr!(
                lang,
                VerdictOrphan,
                file = file,
                row = o.row,
                what = orphan_line(o, lang)
            ));
        }
        if r.orphans_total > ORPHANS_NAMED as u64 {
            out.push(more_orphans(r.orphans_total - ORPHANS_NAMED as u64, lang));
        }
        if r.unsettled > 0 {
            out.push(unsettled_line(r.unsettled, lang));
        }
    }
    if let Some(w) = &tally.waivers {
        for x in &w.expired {
            out.push(crate::tr!(
                lang,
                WaiverExpired,
                file = w.file,
                number = x.number,
                expires = x.expires
            ));
        }
        for o in &w.unmatched {
            out.push(crate::tr!(
                lang,
                WaiverUnmatched,
                file = w.file,
                number = o.row,
                what = orphan_line(o, lang)
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Event, EventType};
    use crate::rules::{Human, Note};
    use proptest::prelude::*;

    fn finding(rule: usize, status: Status, human: Human) -> Finding {
        Finding {
            rule,
            variant: 0,
            status,
            subject: 0,
            period: None,
            start: None,
            due: None,
            done: None,
            late: None,
            note: Note::NoProcessingTime,
            human,
        }
    }

    fn reviewed(machine: Status) -> Human {
        Human {
            machine_status: Some(machine),
            ..Human::default()
        }
    }

    fn case() -> Case {
        let mut case = Case::new("K1");
        case.events.push(Event {
            kind: EventType::Decision,
            at: crate::calendar::Moment::parse_iso("2024-05-01").unwrap(),
            id: Some("D1".into()),
            reference: None,
            attrs: Vec::new(),
            line: None,
        });
        case
    }

    #[test]
    fn the_machine_and_the_verdicts_are_counted_apart() {
        let mut r = ReviewTally {
            machine: vec![Counts::default(); 2],
            reviewed: vec![Counts::default(); 2],
            agreement: vec![Agreement::default(); 2],
            ..ReviewTally::default()
        };
        let case = case();
        r.add(
            &case,
            &finding(0, Status::Pass, reviewed(Status::NotAssessable)),
        );
        r.add(&case, &finding(0, Status::Fail, reviewed(Status::Fail)));
        r.add(&case, &finding(1, Status::Pending, Human::default()));
        assert_eq!(r.machine[0].get(Status::NotAssessable), 1);
        assert_eq!(r.machine[0].get(Status::Fail), 1);
        assert_eq!(r.machine[1].get(Status::Pending), 1);
        assert_eq!(r.reviewed[0].get(Status::Pass), 1);
        assert_eq!(r.reviewed[0].total(), 2);
        assert_eq!(r.reviewed[1].total(), 0);
        assert_eq!((r.applied, r.changed), (2, 1));
        assert_eq!(
            r.changes.into_iter().collect::<Vec<_>>(),
            vec![((Status::NotAssessable, Status::Pass), 1)]
        );
    }

    #[test]
    fn two_reviewers_disagreeing_are_listed_until_adjudicated() {
        let mut r = ReviewTally {
            machine: vec![Counts::default(); 1],
            reviewed: vec![Counts::default(); 1],
            agreement: vec![Agreement::default(); 1],
            ..ReviewTally::default()
        };
        let case = case();
        let pair = |a, b, adjudicated| Human {
            machine_status: Some(Status::NotAssessable),
            pair: Some((a, b)),
            adjudicated,
            waiver: None,
        };
        let (p, f) = (Status::Pass, Status::Fail);
        r.add(&case, &finding(0, p, pair(p, p, false)));
        r.add(&case, &finding(0, Status::NotAssessable, pair(p, f, false)));
        r.add(&case, &finding(0, f, pair(f, p, true)));
        assert_eq!(r.agreement[0].pairs(), 3);
        assert_eq!(r.agreement[0].agreeing(), 1);
        assert_eq!((r.differences_total, r.unsettled), (2, 1));
        assert_eq!(r.differences[0].subject, "D1");
        assert_eq!(r.differences[0].settled, None);
        assert_eq!(r.differences[1].settled, Some(Status::Fail));
    }

    #[test]
    fn kappa_by_hand() {
        // 10 pairs: both pass 4, both fail 3, pass/fail 2, fail/pass 1.
        // p_o = 7/10; first: pass 6, fail 4; second: pass 5, fail 5;
        // p_e = 0.6·0.5 + 0.4·0.5 = 0.5; kappa = (0.7 − 0.5) / 0.5 = 0.4.
        let a = Agreement([[4, 2, 0], [1, 3, 0], [0, 0, 0]]);
        assert_eq!(a.pairs(), 10);
        assert_eq!(a.share(), Some(0.7));
        assert!((a.kappa().unwrap() - 0.4).abs() < 1e-12);
        // No pairs, and agreement by chance alone: no kappa.
        assert_eq!(Agreement::default().kappa(), None);
        assert_eq!(Agreement([[5, 0, 0], [0, 0, 0], [0, 0, 0]]).kappa(), None);
        // Perfect agreement over two verdicts: 1.
        assert_eq!(
            Agreement([[2, 0, 0], [0, 3, 0], [0, 0, 0]]).kappa(),
            Some(1.0)
        );
    }

    proptest! {
        /// Kappa is at most 1, the same whichever reviewer is first, 1 exactly when every
        /// pair agrees, and the share lies in [0, 1].
        #[test]
        fn kappa_is_bounded_and_symmetric(cells in proptest::array::uniform9(0u64..40)) {
            let m = [[cells[0], cells[1], cells[2]], [cells[3], cells[4], cells[5]], [cells[6], cells[7], cells[8]]];
            let a = Agreement(m);
            let mut t = [[0; 3]; 3];
            for (i, row) in m.iter().enumerate() {
                for (j, x) in row.iter().enumerate() {
                    t[j][i] = *x;
                }
            }
            let b = Agreement(t);
            if let Some(share) = a.share() {
                prop_assert!((0.0..=1.0).contains(&share));
            }
            match (a.kappa(), b.kappa()) {
                (Some(x), Some(y)) => {
                    prop_assert!(x <= 1.0 + 1e-12);
                    prop_assert!((x - y).abs() < 1e-9);
                    prop_assert_eq!((x - 1.0).abs() < 1e-12, a.agreeing() == a.pairs());
                }
                (x, y) => prop_assert_eq!(x.is_none(), y.is_none()),
            }
        }
    }
}
