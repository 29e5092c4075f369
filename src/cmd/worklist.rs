//! `caseaudit worklist`: every case evaluated as `audit` does, then only what is overdue now
//! or falls due within the window, per team (see [`crate::report::worklist`]).
use super::Outcome;
use crate::cli::{CsvDialectArg, FormatArg, WorklistArgs, WorklistFormatArg};
use crate::lang::{Msg, OrSay};
use crate::load::{self, CaseSink};
use crate::model::{Case, case_as_of};
use crate::report::filter::same_team;
use crate::report::worklist::{Item, Worklist, items_of};
use crate::report::{CsvDialect, Output, OutputFile, write_atomic};
use crate::rules::evaluate;
use std::collections::BTreeSet;

/// The format asked for: `--format`, or the `-o` file's extension; both must agree.
fn chosen_format(
    format: Option<WorklistFormatArg>,
    file: Option<&std::path::Path>,
) -> anyhow::Result<WorklistFormatArg> {
    let from_file = file.map(|p| {
        let f = match FormatArg::from_extension(p) {
            Some(FormatArg::Table) => Some(WorklistFormatArg::Table),
            Some(FormatArg::Csv) => Some(WorklistFormatArg::Csv),
            Some(FormatArg::Xlsx) => Some(WorklistFormatArg::Xlsx),
            Some(FormatArg::Markdown) => Some(WorklistFormatArg::Markdown),
            _ => None,
        };
        (p, f)
    });
    match (format, from_file) {
        (Some(f), Some((path, Some(g)))) if f != g => Err(load::refusal(
            format!(
                "--format og filnavnet {} er uenige; angiv kun det ene",
                path.display()
            ),
            format!(
                "--format and the file name {} disagree; give one of them",
                path.display()
            ),
        )),
        (Some(f), _) => Ok(f),
        (None, Some((_, Some(g)))) => Ok(g),
        (None, Some((path, None))) => Err(load::refusal(
            format!(
                "formatet kan ikke ses af filnavnet {}; brug .txt, .csv, .xlsx eller .md, eller angiv --format",
                path.display()
            ),
            format!(
                "cannot tell the format from the file name {}; use .txt, .csv, .xlsx or .md, or give --format",
                path.display()
            ),
        )),
        (None, None) => Ok(WorklistFormatArg::Table),
    }
}

/// A case judged for the worklist: `None` when it is not of `--team`; else its items.
type Judged = Option<Vec<Item>>;

/// The worklist as a [`CaseSink`]: each case's open items go on the list as it comes; with
/// `--team`, the teams of the export are gathered to name them when none matched.
struct Open<'a, 'c> {
    list: &'a mut Worklist<'c>,
    team: bool,
    teams: BTreeSet<String>,
    matched: bool,
}

impl CaseSink<Judged> for Open<'_, '_> {
    fn take(&mut self, judged: Vec<(Case, Judged)>) -> anyhow::Result<()> {
        for (case, judged) in judged {
            if self.team
                && let Some(team) = &case.team
            {
                self.teams.insert(team.clone());
            }
            if let Some(items) = judged {
                self.matched = true;
                self.list.add(items);
            }
        }
        Ok(())
    }

    fn reset(&mut self) {
        self.list.clear();
        self.teams.clear();
        self.matched = false;
    }
}

pub fn run(args: &WorklistArgs, out: &mut dyn std::io::Write) -> anyhow::Result<Outcome> {
    let lang = args.common.lang.into();
    let mut files = super::files_read(&args.inputs, &args.read, &args.common, Some(&args.local));
    let output = match &args.output {
        Some(path) => files.output("-o", path)?,
        None => {
            files.stdout()?;
            Output::Stdout
        }
    };
    let to_file = match &output {
        Output::File(file) => Some(file),
        Output::Stdout => None,
    };
    let format = chosen_format(args.format, to_file.map(OutputFile::path))?;
    if format == WorklistFormatArg::Xlsx && to_file.is_none() {
        return Err(load::refusal(
            "--format xlsx skriver en projektmappe; angiv filen med -o FIL.xlsx".into(),
            "--format xlsx writes a workbook; give the file with -o FILE.xlsx".into(),
        ));
    }
    let (catalogue, ctx) = super::standards(&args.common, &args.local, args.as_of)?;
    let bar = super::progress::Bar::new(args.quiet, lang);
    let mut list = Worklist::new(&catalogue, ctx.as_of, args.within, args.team.clone(), lang);
    let mut open = Open {
        list: &mut list,
        team: args.team.is_some(),
        teams: BTreeSet::new(),
        matched: false,
    };
    let in_team = |case: &Case| {
        args.team
            .as_deref()
            .is_none_or(|t| case.team.as_deref().is_some_and(|team| same_team(team, t)))
    };
    // Each case as it stood on the as-of date, judged on the workers: its links are those
    // the engine judged by. Only its open items come back (`worklist::items_of`).
    let judge = |case: &Case| {
        in_team(case).then(|| {
            let past = case_as_of(case, ctx.as_of, &catalogue.provisions);
            let findings = evaluate(&past, &catalogue, &ctx);
            items_of(&past, &findings, ctx.as_of, args.within)
        })
    };
    super::read_cases(
        &args.inputs,
        &args.read,
        &catalogue,
        lang,
        &bar,
        &judge,
        &mut open,
    )?;
    let Open { teams, matched, .. } = open;
    if let Some(team) = &args.team
        && !matched
    {
        let teams: Vec<&str> = teams.iter().map(String::as_str).collect();
        return Err(load::refusal(
            format!(
                "--team {team}: ingen sager med det team; udtrækket har {}",
                teams.join(", ")
            ),
            format!(
                "--team {team}: no case has that team; the export has {}",
                teams.join(", ")
            ),
        ));
    }
    let dialect = match args.csv_dialect {
        CsvDialectArg::Standard => CsvDialect::Standard,
        CsvDialectArg::ExcelDa => CsvDialect::ExcelDa,
    };
    let mut write = |w: &mut dyn std::io::Write| match format {
        WorklistFormatArg::Table => list.write_table(w),
        WorklistFormatArg::Csv => list.write_csv(dialect, w),
        WorklistFormatArg::Markdown => list.write_markdown(w),
        WorklistFormatArg::Xlsx => list.write_xlsx(w),
    };
    match to_file {
        Some(file) => {
            write_atomic(file, &mut write).or_say(Msg::CouldNotWrite, file.path().display())?
        }
        None => write(out)?,
    }
    Ok(Outcome::Ok)
}
