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
    let rule = &report.catalogue.rules[row.rule];
    lines.push(format!("law: {}", rule.variants[row.variant].law));
    if let Some(team) = &row.team {
        lines.push(format!("team: {team}"));
    }
    lines.join("\n")
}

impl Format for Junit {
    fn write(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        let catalogue = report.catalogue;
        let rows = &report.tally.rows;
        let count = |theme: usize, status: Option<&[Status]>| {
            rows.iter()
                .filter(|r| catalogue.rules[r.rule].theme == theme)
                .filter(|r| status.is_none_or(|s| s.contains(&r.status)))
                .count()
        };
        const SKIPPED: &[Status] = &[Status::Pending, Status::NotAssessable];
        let failures: usize = (0..catalogue.themes.len())
            .map(|i| count(i, Some(&[Status::Fail])))
            .sum();
        let skipped: usize = (0..catalogue.themes.len())
            .map(|i| count(i, Some(SKIPPED)))
            .sum();
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(
            out,
            r#"<testsuites name="caseaudit {}" tests="{}" failures="{failures}" errors="0" skipped="{skipped}">"#,
            report.as_of,
            rows.len()
        )?;
        for (i, theme) in catalogue.themes.iter().enumerate() {
            writeln!(
                out,
                r#"  <testsuite name="{}" tests="{}" failures="{}" errors="0" skipped="{}">"#,
                xml(&theme.id),
                count(i, None),
                count(i, Some(&[Status::Fail])),
                count(i, Some(SKIPPED)),
            )?;
            properties(report, i, out)?;
            for row in rows.iter().filter(|r| catalogue.rules[r.rule].theme == i) {
                let rule = &catalogue.rules[row.rule];
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
    let props: Vec<(String, f64)> = props
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, round4(v))))
        .collect();
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
