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

/// A theme's testcases held in memory up to this many bytes; beyond, in a temporary file.
const SPOOL: usize = 1 << 20;

/// One theme's testcases as they are written, in the order of the listed results: in
/// memory while they are few, then in an anonymous temporary file (deleted when dropped).
#[derive(Default)]
struct Spool {
    buf: Vec<u8>,
    file: Option<std::fs::File>,
}

impl Spool {
    /// Moves what is held to the temporary file once it is big enough.
    fn spill(&mut self, lang: Lang) -> std::io::Result<()> {
        if self.buf.len() < SPOOL {
            return Ok(());
        }
        if self.file.is_none() {
            self.file = Some(tempfile::tempfile().map_err(|e| {
                let path = std::env::temp_dir();
                let made = crate::tr!(lang, CouldNotMakeTemp, path = path.display());
                std::io::Error::new(e.kind(), format!("{made}: {e}"))
            })?);
        }
        if let Some(file) = &mut self.file {
            file.write_all(&self.buf)?;
        }
        self.buf.clear();
        Ok(())
    }

    /// Everything written, in order, to `out`.
    fn copy_to(self, out: &mut dyn Write) -> std::io::Result<()> {
        if let Some(mut file) = self.file {
            use std::io::Seek;
            file.rewind()?;
            std::io::copy(&mut file, out)?;
        }
        out.write_all(&self.buf)
    }
}

impl Format for Junit {
    /// The listed results are read once: each testcase goes to its theme's [`Spool`] and is
    /// counted there, then the suites are written in the themes' order, each with its counts
    /// and its testcases copied from the spool (a theme's results at most 1 MiB in memory).
    fn write(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        let catalogue = report.catalogue;
        let rows = &report.tally.rows;
        // Per theme: tests, failures, skipped.
        let mut counts = vec![[0usize; 3]; catalogue.themes.len()];
        let mut spools: Vec<Spool> = catalogue.themes.iter().map(|_| Spool::default()).collect();
        for row in rows.iter() {
            let row = &row?;
            let rule = &catalogue.rules[row.rule];
            let c = &mut counts[rule.theme];
            c[0] += 1;
            let spool = &mut spools[rule.theme];
            let w = &mut spool.buf;
            let open = format!(
                r#"    <testcase classname="{}" name="{} {}""#,
                xml(&rule.id),
                xml(&row.case_id),
                xml(&row.subject)
            );
            let text = xml(&message(row, Lang::En));
            match row.status {
                Status::Fail => {
                    c[1] += 1;
                    writeln!(w, "{open}>")?;
                    writeln!(
                        w,
                        r#"      <failure message="{text}" type="{}">{}</failure>"#,
                        rule.severity.name(),
                        xml(&evidence(report, row))
                    )?;
                    writeln!(w, "    </testcase>")?;
                }
                Status::Pending | Status::NotAssessable => {
                    c[2] += 1;
                    writeln!(w, "{open}>")?;
                    writeln!(
                        w,
                        r#"      <skipped message="{}: {text}"/>"#,
                        row.status.name()
                    )?;
                    writeln!(w, "    </testcase>")?;
                }
                Status::Pass | Status::Exempt => writeln!(w, "{open}/>")?,
            }
            spool.spill(report.lang)?;
        }
        // Gathered before the writer that masks CPR numbers, not written to it a line at a
        // time.
        let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
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
        for ((i, theme), spool) in catalogue.themes.iter().enumerate().zip(spools) {
            let [tests, failures, skipped] = counts[i];
            writeln!(
                out,
                r#"  <testsuite name="{}" tests="{tests}" failures="{failures}" errors="0" skipped="{skipped}">"#,
                xml(&theme.id),
            )?;
            properties(report, i, &mut out)?;
            spool.copy_to(&mut out)?;
            writeln!(out, "  </testsuite>")?;
        }
        writeln!(out, "</testsuites>")?;
        out.flush()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spool_gives_back_what_was_written_in_memory_and_past_it() {
        let mut want = Vec::new();
        let mut spool = Spool::default();
        for i in 0..200_000u32 {
            let line = format!("    <testcase name=\"{i}\"/>\n");
            want.extend_from_slice(line.as_bytes());
            spool.buf.extend_from_slice(line.as_bytes());
            spool.spill(Lang::En).unwrap();
        }
        assert!(spool.file.is_some(), "past {SPOOL} bytes it is in a file");
        assert!(spool.buf.len() < SPOOL);
        let mut got = Vec::new();
        spool.copy_to(&mut got).unwrap();
        assert_eq!(got, want);
        let mut small = Spool::default();
        small.buf.extend_from_slice(b"x");
        small.spill(Lang::En).unwrap();
        assert!(small.file.is_none());
    }
}
