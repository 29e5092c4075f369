//! `caseaudit diff OLD.json NEW.json`: what a later audit found that an earlier one did
//! not, what it no longer finds, and how each theme's score moved.
use super::Outcome;
use crate::cli::{DiffArgs, DiffFormatArg};
use crate::lang::Msg;
use crate::report::compare::{Diff, DiffFinding, SavedReport};
use crate::report::{Files, grid};
use crate::rules::Lang;

pub fn run(args: &DiffArgs, out: &mut dyn std::io::Write) -> anyhow::Result<Outcome> {
    // It prints: never into one of the reports it compares (report::output).
    let mut files = Files::default();
    files.read(&args.old).read(&args.new).stdout()?;
    let old = SavedReport::read(&args.old)?;
    let new = SavedReport::read(&args.new)?;
    let diff = Diff::between(&old, &new);
    let lang: Lang = args.lang.into();
    match args.format {
        DiffFormatArg::Json => {
            serde_json::to_writer_pretty(&mut *out, &diff)?;
            writeln!(out)?;
        }
        DiffFormatArg::Table => table(&diff, lang, out)?,
        DiffFormatArg::Markdown => markdown(&diff, lang, out)?,
    }
    Ok(Outcome::Ok)
}

/// A change in percentage points, signed, rounded once from the exact change.
fn points(x: Option<f64>, lang: Lang) -> String {
    x.map(|v| {
        let shown = lang.percent(Some(v));
        let number = shown.trim_end_matches(" %");
        let sign = if number.starts_with('-') { "" } else { "+" };
        format!("{sign}{number} {}", lang.t(Msg::Points))
    })
    .unwrap_or_else(|| "–".into())
}

/// A theme as a person knows it: its name in the built-in catalogue, else its id.
fn theme_name(id: &str, lang: Lang) -> String {
    crate::rules::Catalogue::embedded()
        .ok()
        .and_then(|c| {
            c.themes
                .iter()
                .find(|t| t.id == id)
                .map(|t| t.title(lang).to_string())
        })
        .unwrap_or_else(|| id.to_string())
}

/// The three lists, each with its heading.
fn sections(diff: &Diff, lang: Lang) -> [(&'static str, &[DiffFinding]); 3] {
    [
        (lang.t(Msg::NewFindings), &diff.new),
        (lang.t(Msg::ResolvedFindings), &diff.resolved),
        (lang.t(Msg::UnchangedFindings), &diff.unchanged),
    ]
}

fn headline(diff: &Diff, lang: Lang) -> String {
    format!(
        "{} {} → {}: {} {}, {} {}, {} {}",
        lang.t(Msg::Comparison),
        diff.old_as_of,
        diff.new_as_of,
        diff.new.len(),
        lang.t(Msg::New),
        diff.resolved.len(),
        lang.t(Msg::Resolved),
        diff.unchanged.len(),
        lang.t(Msg::Unchanged),
    )
}

fn score_header(lang: Lang) -> Vec<String> {
    vec![
        lang.t(Msg::Theme).into(),
        lang.t(Msg::Before).into(),
        lang.t(Msg::Now).into(),
        lang.t(Msg::Change).into(),
    ]
}

fn table(diff: &Diff, lang: Lang, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    writeln!(out, "{}\n", headline(diff, lang))?;
    let mut scores = grid(score_header(lang));
    for s in &diff.themes {
        scores.add_row(vec![
            theme_name(&s.theme, lang),
            lang.percent(s.old),
            lang.percent(s.new),
            points(s.change, lang),
        ]);
    }
    writeln!(out, "{scores}")?;
    for (title, keys) in sections(diff, lang) {
        writeln!(out, "\n{title}: {}", keys.len())?;
        if keys.is_empty() {
            continue;
        }
        let mut g = grid(vec![
            lang.t(Msg::Case).into(),
            "Team".into(),
            lang.t(Msg::Rule).into(),
            lang.t(Msg::Subject).into(),
        ]);
        for f in keys {
            g.add_row(vec![
                f.key.case_id.clone(),
                f.team.clone().unwrap_or_default(),
                f.key.rule.clone(),
                f.key.subject.clone(),
            ]);
        }
        writeln!(out, "{g}")?;
    }
    Ok(())
}

/// Markdown cells: a pipe inside an id would end the cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

fn markdown(diff: &Diff, lang: Lang, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    writeln!(out, "## {}\n", headline(diff, lang))?;
    let header = score_header(lang);
    writeln!(out, "| {} |", header.join(" | "))?;
    writeln!(out, "|---|---:|---:|---:|")?;
    for s in &diff.themes {
        writeln!(
            out,
            "| {} | {} | {} | {} |",
            cell(&theme_name(&s.theme, lang)),
            lang.percent(s.old),
            lang.percent(s.new),
            points(s.change, lang)
        )?;
    }
    for (i, (title, keys)) in sections(diff, lang).into_iter().enumerate() {
        writeln!(out, "\n### {title}: {}\n", keys.len())?;
        if keys.is_empty() {
            continue;
        }
        // The unchanged findings fold away: a job summary leads with what changed.
        let folded = i == 2;
        if folded {
            writeln!(out, "<details><summary>{title}</summary>\n")?;
        }
        writeln!(
            out,
            "| {} | Team | {} | {} |\n|---|---|---|---|",
            lang.t(Msg::Case),
            lang.t(Msg::Rule),
            lang.t(Msg::Subject)
        )?;
        for f in keys {
            writeln!(
                out,
                "| {} | {} | {} | {} |",
                cell(&f.key.case_id),
                cell(f.team.as_deref().unwrap_or_default()),
                cell(&f.key.rule),
                cell(&f.key.subject)
            )?;
        }
        if folded {
            writeln!(out, "\n</details>")?;
        }
    }
    Ok(())
}
