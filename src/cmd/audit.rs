//! `caseaudit audit`: load → link → evaluate each case → tally → report.
use super::Outcome;
use crate::calendar::CalendarProfile;
use crate::cli::{AuditArgs, ByArg, CalendarArg, CsvDialectArg, FormatArg, GateArgs, ResultsArg};
use crate::load;
use crate::load::CaseSink;
use crate::model::Case;
use crate::report::compare::{FindingKey, SavedReport};
use crate::report::gate::{Gates, Intake, parse_min_score, parse_share};
use crate::report::{
    Csv, CsvDialect, Format, GroupBy, Html, Json, Junit, Markdown, Report, ResultsMode, Table,
    Tally, Xlsx, write_atomic,
};
use crate::rules::Lang;
use crate::rules::{AuditContext, Catalogue, Status, evaluate};
use anyhow::{Context, bail};
use rayon::prelude::*;
use std::collections::BTreeSet;

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

/// The audit as a [`CaseSink`]: cases are independent, so a chunk of them is evaluated
/// in parallel and tallied in input order, and its findings let go; new findings against
/// the baseline are counted on the way, for the same reason.
struct Audit<'a> {
    catalogue: &'a Catalogue,
    ctx: &'a AuditContext,
    mode: ResultsMode,
    baseline: Option<&'a BTreeSet<FindingKey>>,
    tally: Tally,
    new_fails: u64,
}

impl CaseSink for Audit<'_> {
    fn cases(&mut self, cases: &[Case]) -> anyhow::Result<()> {
        let catalogue = self.catalogue;
        for chunk in cases.chunks(CHUNK) {
            let findings: Vec<_> = chunk
                .par_iter()
                .map(|case| evaluate(case, catalogue, self.ctx))
                .collect();
            for (case, found) in chunk.iter().zip(&findings) {
                self.tally
                    .add_case(case, found, catalogue, self.ctx.as_of, self.mode);
                if let Some(known) = self.baseline {
                    self.new_fails += found
                        .iter()
                        .filter(|f| f.status == Status::Fail)
                        .filter(|f| {
                            !known.contains(&FindingKey {
                                case_id: case.id.clone(),
                                rule: catalogue.rules[f.rule].id.clone(),
                                subject: f.subject_label(case),
                            })
                        })
                        .count() as u64;
                }
            }
        }
        Ok(())
    }

    fn reset(&mut self) {
        self.tally = Tally::new(self.catalogue, self.tally.by);
        self.new_fails = 0;
    }
}

/// Why the audit read the whole input before auditing it.
fn ungrouped_note(file: &str, case_id: &str, lang: Lang) -> String {
    match lang {
        Lang::Da => format!(
            "{file} er ikke grupperet efter sag (sag {case_id} kommer igen efter andre sager), så \
             hele filen blev læst ind før revisionen; sortér udtrækket efter sagsnummer for at \
             revidere det sag for sag med mindre hukommelse"
        ),
        Lang::En => format!(
            "{file} is not grouped by case (case {case_id} comes again after other cases), so \
             the whole file was read before the audit; sort the export by case id to audit it \
             case by case in less memory"
        ),
    }
}

pub fn run(args: &AuditArgs, out: &mut dyn std::io::Write) -> anyhow::Result<Outcome> {
    let format = chosen_format(args)?;
    if format == FormatArg::Xlsx && args.output.is_none() {
        bail!("--format xlsx writes a workbook; give the file with -o FILE.xlsx");
    }
    let mut catalogue = super::catalogue(&args.common)?;
    if let Some(path) = &args.yardstick {
        catalogue.add_yardstick(path)?;
    }
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
    let gates = gates(&args.gates, &catalogue)?;
    let baseline = match &args.gates.baseline {
        Some(path) if args.gates.fail_on_new => Some(SavedReport::read(path)?.finding_keys()),
        _ => None,
    };
    let options = super::load_options(&args.read)?;
    for path in args.rejects.iter().chain(&args.output) {
        load::refuse_input_as_output(path, &args.inputs, &options)?;
    }
    let mode = match args.results {
        ResultsArg::Findings => ResultsMode::Findings,
        ResultsArg::All => ResultsMode::All,
        ResultsArg::None => ResultsMode::None,
    };
    let by = args.by.map(|b| match b {
        ByArg::Team => GroupBy::Team,
        ByArg::Area => GroupBy::Area,
        ByArg::Municipality => GroupBy::Municipality,
    });
    let mut audit = Audit {
        catalogue: &catalogue,
        ctx: &ctx,
        mode,
        baseline: baseline.as_ref(),
        tally: Tally::new(&catalogue, by),
        new_fails: 0,
    };
    let lang = args.common.lang.into();
    let bar = super::progress::Bar::new(args.quiet);
    let (loaded, route) = load::audit_inputs(
        &args.inputs,
        &catalogue.provisions,
        &options,
        &|p| bar.show(p, lang),
        &mut audit,
    )?;
    bar.finish();
    if let load::Route::Ungrouped { file, case_id } = &route {
        eprintln!("caseaudit: {}", ungrouped_note(file, case_id, lang));
    }
    let Audit {
        tally, new_fails, ..
    } = audit;
    if let Some(path) = &args.rejects {
        load::write_rejects(path, &loaded.rejects)?;
    }
    let intake = Intake {
        records: loaded.inputs.iter().map(|i| i.records as u64).sum(),
        rejected: loaded.inputs.iter().map(|i| i.rejected as u64).sum(),
        new_fails: baseline.as_ref().map(|_| new_fails),
    };
    // Rejected records always say so, whatever the format: a CI log must show them.
    if intake.rejected > 0 {
        eprintln!(
            "caseaudit: {} of {} input {} rejected and not audited (list them with `caseaudit validate` or --rejects FILE)",
            intake.rejected,
            intake.records,
            if intake.records == 1 {
                "record"
            } else {
                "records"
            }
        );
    }
    if tally.cases == 0 {
        bail!(nothing_audited(&intake));
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
        command_line: command_line(),
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
    let breaches = gates.breaches(&tally, &catalogue, intake);
    let ignored = if args.gates.exit_zero {
        " (--exit-zero: not failing)"
    } else {
        ""
    };
    for line in &breaches {
        eprintln!("caseaudit: threshold breached: {line}{ignored}");
    }
    Ok(if breaches.is_empty() || args.gates.exit_zero {
        Outcome::Ok
    } else {
        Outcome::Failed
    })
}

/// The typed thresholds of the command line; a malformed one is a usage error (exit 2).
fn gates(args: &GateArgs, catalogue: &Catalogue) -> anyhow::Result<Gates> {
    let share = |text: &Option<String>, flag| {
        text.as_deref()
            .map(|t| parse_share(t, flag))
            .transpose()
            .map_err(anyhow::Error::msg)
    };
    Ok(Gates {
        max_error_rate: share(&args.max_error_rate, "--max-error-rate")?,
        min_scores: args
            .min_score
            .iter()
            .map(|m| parse_min_score(m, catalogue).map_err(anyhow::Error::msg))
            .collect::<anyhow::Result<_>>()?,
        max_fails: args.max_fails,
        max_rejected: share(&args.max_rejected, "--max-rejected")?,
    })
}

/// Flags that choose only where and how the report is written, not what was audited.
const OUTPUT_FLAGS: &[&str] = &["-o", "--output", "--format", "--csv-dialect"];
/// Flags without a value that change only what is shown on stderr.
const QUIET_FLAGS: &[&str] = &["-q", "--quiet"];

/// The command as typed, for the audit trail: arguments only (paths and flags, never a
/// file's contents), quoted where a shell would need it, the program named `caseaudit`
/// wherever it was installed. The output flags are left out, so the same audit written to
/// two files, or in two formats, records the same command and stays byte-identical.
fn command_line() -> String {
    let mut words = vec!["caseaudit".to_string()];
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        let arg = arg.to_string_lossy().into_owned();
        let flag = arg.split('=').next().unwrap_or_default();
        if QUIET_FLAGS.contains(&arg.as_str()) {
            continue;
        }
        if OUTPUT_FLAGS.contains(&flag) || (arg.starts_with("-o") && !arg.starts_with("--")) {
            if !arg.contains('=') && (arg == "-o" || arg.starts_with("--")) {
                args.next(); // its value
            }
            continue;
        }
        words.push(shell_word(arg));
    }
    words.join(" ")
}

fn shell_word(a: String) -> String {
    if !a.is_empty()
        && a.chars()
            .all(|c| c.is_alphanumeric() || "-_./=,:+@%".contains(c))
    {
        a
    } else {
        format!("'{}'", a.replace('\'', "'\\''"))
    }
}

/// Why an audit found no case to audit, for the exit-2 message.
fn nothing_audited(intake: &Intake) -> String {
    if intake.records == 0 {
        "nothing could be audited: the inputs hold no cases".into()
    } else {
        format!(
            "nothing could be audited: every input record ({}) was rejected (see `caseaudit validate`)",
            intake.records
        )
    }
}
