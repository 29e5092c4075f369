//! `caseaudit audit`: load → link → evaluate each case → tally → report.
use super::Outcome;
use crate::calendar::CalendarProfile;
use crate::cli::{AuditArgs, CalendarArg, FormatArg, ResultsArg};
use crate::load::{self, LoadOptions};
use crate::report::{Format, Json, Report, ResultsMode, Table, Tally};
use crate::rules::{AuditContext, evaluate};
use rayon::prelude::*;

/// Cases evaluated in parallel between two tallies: enough to keep both cores busy.
const CHUNK: usize = 4096;

pub fn run(args: &AuditArgs, out: &mut dyn std::io::Write) -> anyhow::Result<Outcome> {
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
    if let Some(path) = &args.rejects {
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
    match args.format {
        FormatArg::Table => Table.write(&report, out)?,
        FormatArg::Json => Json.write(&report, out)?,
    }
    Ok(Outcome::Ok)
}
