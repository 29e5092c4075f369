//! JUnit XML, for CI test views: one testsuite per theme, one testcase per listed result
//! (rule × subject; classname = rule id, name = case id and subject). A fail is a
//! `<failure>` carrying the evidence (start, due, done, lateness, law); pending and
//! not-assessable results are `<skipped>`. English ids (a machine format). The testcases are
//! the listed results: with the default `--results findings` passes are not listed, so use
//! `--results all` for a test view that also counts what passed.
use super::{Format, Report, ResultRow, message};
use crate::calendar::Moment;
use crate::rules::{Lang, Status};
use std::io::Write;

pub struct Junit;

/// Escapes text for an XML attribute or element; drops characters XML 1.0 cannot carry.
pub(super) fn xml(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => s.push_str("&amp;"),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            '"' => s.push_str("&quot;"),
            '\'' => s.push_str("&apos;"),
            '\t' | '\n' | '\r' => s.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => s.push(c),
        }
    }
    s
}

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

#[cfg(test)]
mod tests {
    use super::xml;

    #[test]
    fn markup_and_control_characters_are_escaped() {
        assert_eq!(xml(r#"a<b & "c"'"#), "a&lt;b &amp; &quot;c&quot;&apos;");
        assert_eq!(xml("x\u{1}y"), "xy");
    }
}
