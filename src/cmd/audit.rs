//! `caseaudit audit`: load → link → evaluate each case → tally → report.
use super::Outcome;
use crate::calendar::CalendarProfile;
use crate::cli::{AuditArgs, CalendarArg, CsvDialectArg, FormatArg, ResultsArg};
use crate::load::{self, LoadOptions};
use crate::report::{
    Csv, CsvDialect, Format, Html, Json, Junit, Markdown, Report, ResultsMode, Table, Tally, Xlsx,
    write_atomic,
};
use crate::rules::{AuditContext, evaluate};
use anyhow::{Context, bail};
use rayon::prelude::*;

/// Cases evaluated in parallel between two tallies: enough to keep both cores busy.
const CHUNK: usize = 4096;

/// The format asked for: `--format`, or the `-o` file's extension; both must agree.
fn chosen_format(args: &AuditArgs) -> anyhow::Result<FormatArg> {
    let from_file = args
        .output
        .as_deref()
        .map(|p| (p, FormatArg::from_extension(p)));
    match (args.format, from_file) {
        (Some(f), Some((path, Some(g)))) if f != g => bail!(
            "--format {} and the file name {} disagree; give one of them",
            name(f),
            path.display()
        ),
        (Some(f), _) => Ok(f),
        (None, Some((_, Some(g)))) => Ok(g),
        (None, Some((path, None))) => bail!(
            "cannot tell the format from the file name {}; use .txt, .json, .csv, .md, .html, .xml (JUnit) or .xlsx, or give --format",
            path.display()
        ),
        (None, None) => Ok(FormatArg::Table),
    }
}

fn name(f: FormatArg) -> String {
    use clap::ValueEnum;
    f.to_possible_value()
        .map(|v| v.get_name().to_string())
        .unwrap_or_default()
}

pub fn run(args: &AuditArgs, out: &mut dyn std::io::Write) -> anyhow::Result<Outcome> {
    let format = chosen_format(args)?;
    if format == FormatArg::Xlsx && args.output.is_none() {
        bail!("--format xlsx writes a workbook; give the file with -o FILE.xlsx");
    }
    let catalogue = super::catalogue(&args.common)?;
    let as_of = args
        .as_of
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let ctx = AuditContext {
        as_of,
        calendar: match args.calendar {
            CalendarArg::Strict => CalendarProfile::Strict,
            CalendarArg::Extended => CalendarProfile::Extended,
        },
    };
    let options = LoadOptions::from_args(&args.read)?;
    for path in args.rejects.iter().chain(&args.output) {
        load::refuse_input_as_output(path, &args.inputs, &options)?;
    }
    let loaded = load::load(&args.inputs, &catalogue.provisions, &options)?;
    if let Some(path) = &args.rejects {
        load::write_rejects(path, &loaded.rejects)?;
    }
    let mode = match args.results {
        ResultsArg::Findings => ResultsMode::Findings,
        ResultsArg::All => ResultsMode::All,
        ResultsArg::None => ResultsMode::None,
    };
    // Cases are independent: evaluate a chunk of them in parallel, tally it in input order,
    // and let its findings go, so only one chunk's findings are ever held.
    let mut tally = Tally::new(&catalogue);
    for chunk in loaded.cases.chunks(CHUNK) {
        let findings: Vec<_> = chunk
            .par_iter()
            .map(|case| evaluate(case, &catalogue, &ctx))
            .collect();
        for (case, found) in chunk.iter().zip(&findings) {
            tally.add_case(case, found, &catalogue, as_of, mode);
        }
    }
    let report = Report {
        catalogue: &catalogue,
        as_of,
        calendar: ctx.calendar,
        lang: args.common.lang.into(),
        mode,
        inputs: &loaded.inputs,
        rejects: &loaded.rejects,
        tally: &tally,
    };
    let csv = Csv(match args.csv_dialect {
        CsvDialectArg::Standard => CsvDialect::Standard,
        CsvDialectArg::ExcelDa => CsvDialect::ExcelDa,
    });
    let writer: &dyn Format = match format {
        FormatArg::Table => &Table,
        FormatArg::Json => &Json,
        FormatArg::Csv => &csv,
        FormatArg::Markdown => &Markdown,
        FormatArg::Html => &Html,
        FormatArg::Junit => &Junit,
        FormatArg::Xlsx => &Xlsx,
    };
    match &args.output {
        Some(path) => write_atomic(path, |w| writer.write(&report, w))
            .with_context(|| format!("could not write {}", path.display()))?,
        None => writer.write(&report, out)?,
    }
    Ok(Outcome::Ok)
}
