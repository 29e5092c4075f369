//! JUnit XML, for CI test views: one testsuite per theme, one testcase per listed result
//! (rule × subject; classname = rule id, name = case id and subject). A fail is a
//! `<failure>` carrying the evidence (start, due, done, lateness, law); pending and
//! not-assessable results are `<skipped>`. English ids (a machine format). The testcases are
//! the listed results: with the default `--results findings` passes are not listed, so use
//! `--results all` for a test view that also counts what passed.
use super::escape_markup as xml;
use super::{Format, Report, ResultRow, message};
use crate::calendar::Moment;
use crate::report::stats::round4;
use crate::rules::{Lang, Status};
use std::io::Write;

pub struct Junit;

fn evidence(report: &Report, row: &ResultRow) -> String {
    let moment = |m: Option<Moment>| m.map(|m| m.to_string()).unwrap_or_else(|| "-".into());
    let mut lines = vec![
        format!("start: {}", moment(row.start)),
        format!("due: {}", moment(row.due)),
        format!("done: {}", moment(row.done)),
    ];
    if let Some(d) = row.late_days {
        lines.push(format!("late_days: {d}"));
    }
    if let Some(h) = row.late_hours {
        lines.push(format!("late_hours: {h}"));
    }
    if let Some(m) = row.late_minutes {
        lines.push(format!("late_minutes: {m}"));
    }
    let rule = &report.catalogue.rules[row.rule];
    lines.push(format!("law: {}", rule.variants[row.variant].law));
    if let Some(team) = &row.team {
        lines.push(format!("team: {team}"));
    }
    // With --review and --waivers: where the status comes from, and the waiver.
    let marks = super::review::mark_columns(report)
        .into_iter()
        .zip(super::review::mark_cells(report, row));
    lines.extend(
        marks
            .filter(|(_, value)| !value.is_empty())
            .map(|(name, value)| format!("{name}: {value}")),
    );
    lines.join("\n")
}

impl Format for Junit {
    /// The listed results are read once to count each suite, then once per theme.
    fn write(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        let catalogue = report.catalogue;
        let rows = &report.tally.rows;
        // Per theme: tests, failures, skipped.
        let mut counts = vec![[0usize; 3]; catalogue.themes.len()];
        for row in rows.iter() {
            let row = row?;
            let c = &mut counts[catalogue.rules[row.rule].theme];
            c[0] += 1;
            match row.status {
                Status::Fail => c[1] += 1,
                Status::Pending | Status::NotAssessable => c[2] += 1,
                Status::Pass | Status::Exempt => {}
            }
        }
        let failures: usize = counts.iter().map(|c| c[1]).sum();
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        // The root has no `skipped`: the Jenkins xUnit schema (junit-10.xsd) refuses it
        // there; each testsuite carries its own, which Jenkins and GitLab both read.
        writeln!(
            out,
            r#"<testsuites name="caseaudit {}" tests="{}" failures="{failures}" errors="0">"#,
            report.as_of,
            rows.len()
        )?;
        for (i, theme) in catalogue.themes.iter().enumerate() {
            let [tests, failures, skipped] = counts[i];
            writeln!(
                out,
                r#"  <testsuite name="{}" tests="{tests}" failures="{failures}" errors="0" skipped="{skipped}">"#,
                xml(&theme.id),
            )?;
            properties(report, i, out)?;
            for row in rows.iter() {
                let row = &row?;
                let rule = &catalogue.rules[row.rule];
                if rule.theme != i {
                    continue;
                }
                let open = format!(
                    r#"    <testcase classname="{}" name="{} {}""#,
                    xml(&rule.id),
                    xml(&row.case_id),
                    xml(&row.subject)
                );
                let text = xml(&message(row, Lang::En));
                match row.status {
                    Status::Fail => {
                        writeln!(out, "{open}>")?;
                        writeln!(
                            out,
                            r#"      <failure message="{text}" type="{}">{}</failure>"#,
                            rule.severity.name(),
                            xml(&evidence(report, row))
                        )?;
                        writeln!(out, "    </testcase>")?;
                    }
                    Status::Pending | Status::NotAssessable => {
                        writeln!(out, "{open}>")?;
                        writeln!(
                            out,
                            r#"      <skipped message="{}: {text}"/>"#,
                            row.status.name()
                        )?;
                        writeln!(out, "    </testcase>")?;
                    }
                    Status::Pass | Status::Exempt => writeln!(out, "{open}/>")?,
                }
            }
            writeln!(out, "  </testsuite>")?;
        }
        writeln!(out, "</testsuites>")
    }
}

/// A theme's score over every result (not only the listed ones), and with `--by` the
/// score of each group: `score`, `score[team=Handicap Øst]`. A score with nothing scored
/// has no property. Properties are where JUnit readers (Jenkins, GitLab) keep a suite's
/// figures; the testcases stay one per result, so no result is counted twice.
fn properties(report: &Report, theme: usize, out: &mut dyn Write) -> std::io::Result<()> {
    let tally = report.tally;
    let mut props = vec![(
        "score".to_string(),
        tally.per_theme(report.catalogue)[theme].score(),
    )];
    if let Some(by) = tally.by {
        for (name, group) in &tally.groups {
            props.push((
                format!("score[{}={}]", by.name(), name.as_deref().unwrap_or("")),
                group.per_theme(report.catalogue)[theme].score(),
            ));
        }
    }
    let mut props: Vec<(String, String)> = props
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, round4(v).to_string())))
        .collect();
    // A sample says so in every suite: size, population and seed.
    if let Some(sample) = report.sample {
        props.extend([
            ("sample.size".to_string(), sample.size.to_string()),
            (
                "sample.population".to_string(),
                sample.population.to_string(),
            ),
            ("sample.seed".to_string(), sample.seed.to_string()),
        ]);
    }
    if props.is_empty() {
        return Ok(());
    }
    writeln!(out, "    <properties>")?;
    for (name, value) in props {
        writeln!(
            out,
            r#"      <property name="{}" value="{value}"/>"#,
            xml(&name)
        )?;
    }
    writeln!(out, "    </properties>")
}
