//! `caseaudit diff OLD.json NEW.json`: what a later audit found that an earlier one did
//! not, what it no longer finds, and how each theme's score moved. The reports are read as
//! streams and compared in bounded memory (report/compare.rs); the table and Markdown list
//! at most `--max-listed` findings per list, and the Markdown, written for a CI job summary,
//! stays under 1 MiB whatever the reports' size. JSON lists every finding.
use super::Outcome;
use super::progress::{Bar, Unit};
use crate::cli::{DiffArgs, DiffFormatArg};
use crate::lang::Msg;
use crate::report::compare::{Diff, DiffFinding, SavedReport, Section};
use crate::report::{Files, grid};
use crate::rules::Lang;
use std::io::Write;

/// The most bytes the Markdown takes: GitHub cuts a job summary at 1 MiB (1,048,576 bytes);
/// a little under it, so it can follow another step's lines.
pub const MARKDOWN_BYTES: usize = 1_000_000;

/// Room kept for the lines after a list (its "… more" line and the next headings).
const TAIL: usize = 4 * 1024;

/// The most characters of a text from the reports (a case id, a team) a row shows.
const CELL_CHARS: usize = 200;

pub fn run(args: &DiffArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    // It prints: never into one of the reports it compares (report::output).
    let mut files = Files::default();
    files.read(&args.old).read(&args.new).stdout()?;
    let lang: Lang = args.lang.into();
    let bar = Bar::new(args.quiet, lang);
    let size = |p: &std::path::Path| std::fs::metadata(p).map_or(0, |m| m.len());
    let (old_size, new_size) = (size(&args.old), size(&args.new));
    bar.phase(
        Unit::Bytes,
        bar.say(crate::lang::Msg::ProgressReadingReports),
        old_size + new_size,
    );
    let old = SavedReport::read(&args.old, &|n| bar.set(n))?;
    let new = SavedReport::read(&args.new, &|n| bar.set(old_size + n))?;
    bar.phase(
        Unit::Spinner,
        bar.say(crate::lang::Msg::ProgressComparing),
        0,
    );
    let diff = Diff::between(old, new)?;
    // Shown while the diff goes to a pipe or file; printed on the terminal, it shows itself.
    if crate::terminal::stdout_is_terminal() {
        bar.finish();
    } else {
        bar.phase(Unit::Spinner, bar.say(crate::lang::Msg::ProgressWriting), 0);
    }
    let max = args.max_listed;
    match args.format {
        DiffFormatArg::Json => diff.write_json(out)?,
        DiffFormatArg::Table => table(&diff, lang, max, out)?,
        DiffFormatArg::Markdown => markdown(&diff, lang, max, out)?,
    }
    bar.finish();
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
fn sections(lang: Lang) -> [(&'static str, Section); 3] {
    [
        (lang.t(Msg::NewFindings), Section::New),
        (lang.t(Msg::ResolvedFindings), Section::Resolved),
        (lang.t(Msg::UnchangedFindings), Section::Unchanged),
    ]
}

fn headline(diff: &Diff, lang: Lang) -> String {
    format!(
        "{} {} → {}: {} {}, {} {}, {} {}",
        lang.t(Msg::Comparison),
        cut(&diff.old.as_of),
        cut(&diff.new.as_of),
        diff.count(Section::New),
        lang.t(Msg::New),
        diff.count(Section::Resolved),
        lang.t(Msg::Resolved),
        diff.count(Section::Unchanged),
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

/// After a list cut short: how many more, and which format lists them all.
fn more_line(more: u64, shown: u64, lang: Lang) -> String {
    crate::tr!(
        lang,
        DiffMore,
        more = lang.int(more),
        shown = lang.int(shown)
    )
}

/// A text from the reports as a row shows it: at most [`CELL_CHARS`] characters.
fn cut(text: &str) -> String {
    match text.char_indices().nth(CELL_CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

fn table(diff: &Diff, lang: Lang, max: usize, out: &mut dyn Write) -> std::io::Result<()> {
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
    for (title, section) in sections(lang) {
        let n = diff.count(section);
        writeln!(out, "\n{title}: {n}")?;
        if n == 0 {
            continue;
        }
        let mut g = grid(vec![
            lang.t(Msg::Case).into(),
            "Team".into(),
            lang.t(Msg::Rule).into(),
            lang.t(Msg::Subject).into(),
        ]);
        let mut shown = 0u64;
        for f in diff.section(section)?.take(max) {
            let f = f?;
            g.add_row(vec![
                cut(&f.key.case_id),
                cut(f.team.as_deref().unwrap_or_default()),
                cut(&f.key.rule),
                cut(&f.key.subject),
            ]);
            shown += 1;
        }
        if shown > 0 {
            writeln!(out, "{g}")?;
        }
        if shown < n {
            writeln!(out, "{}", more_line(n - shown, shown, lang))?;
        }
    }
    Ok(())
}

/// Markdown cells: a pipe inside an id would end the cell.
fn cell(text: &str) -> String {
    cut(text).replace('|', "\\|")
}

/// A writer that counts what it has written, so the Markdown stays under its bytes.
struct Counted<'a> {
    out: &'a mut dyn Write,
    written: usize,
}

impl Write for Counted<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.out.write(buf)?;
        self.written += n;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

impl Counted<'_> {
    /// Writes `line` if it leaves room for the tail within [`MARKDOWN_BYTES`].
    fn fits(&mut self, line: &str) -> std::io::Result<bool> {
        if self.written + line.len() + TAIL > MARKDOWN_BYTES {
            return Ok(false);
        }
        self.write_all(line.as_bytes())?;
        Ok(true)
    }
}

fn markdown(diff: &Diff, lang: Lang, max: usize, out: &mut dyn Write) -> std::io::Result<()> {
    let out = &mut Counted { out, written: 0 };
    writeln!(out, "## {}\n", headline(diff, lang))?;
    let header = score_header(lang);
    writeln!(out, "| {} |", header.join(" | "))?;
    writeln!(out, "|---|---:|---:|---:|")?;
    let mut themes = 0;
    for s in &diff.themes {
        let line = format!(
            "| {} | {} | {} | {} |\n",
            cell(&theme_name(&s.theme, lang)),
            lang.percent(s.old),
            lang.percent(s.new),
            points(s.change, lang)
        );
        if !out.fits(&line)? {
            break;
        }
        themes += 1;
    }
    if themes < diff.themes.len() {
        writeln!(
            out,
            "\n{}",
            more_line((diff.themes.len() - themes) as u64, themes as u64, lang)
        )?;
    }
    for (i, (title, section)) in sections(lang).into_iter().enumerate() {
        let n = diff.count(section);
        writeln!(out, "\n### {title}: {n}\n")?;
        if n == 0 {
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
        let mut shown = 0u64;
        for f in diff.section(section)?.take(max) {
            let f: DiffFinding = f?;
            let line = format!(
                "| {} | {} | {} | {} |\n",
                cell(&f.key.case_id),
                cell(f.team.as_deref().unwrap_or_default()),
                cell(&f.key.rule),
                cell(&f.key.subject)
            );
            if !out.fits(&line)? {
                break;
            }
            shown += 1;
        }
        if shown < n {
            writeln!(out, "\n{}", more_line(n - shown, shown, lang))?;
        }
        if folded {
            writeln!(out, "\n</details>")?;
        }
    }
    Ok(())
}
