//! `caseaudit audit`: load → link → evaluate each case → tally → report.
use super::Outcome;
use crate::calendar::CalendarProfile;
use crate::cli::{AuditArgs, ByArg, CalendarArg, FormatArg, GateArgs, ResultsArg};
use crate::load::{self, LoadOptions};
use crate::report::compare::{FindingKey, SavedReport};
use crate::report::gate::{Gates, Intake, parse_min_score, parse_share};
use crate::report::{Format, GroupBy, Json, Report, ResultsMode, Table, Tally};
use crate::rules::{AuditContext, Catalogue, Status, evaluate};
use rayon::prelude::*;

/// Cases evaluated in parallel between two tallies: enough to keep both cores busy.
const CHUNK: usize = 4096;

pub fn run(args: &AuditArgs, out: &mut dyn std::io::Write) -> anyhow::Result<Outcome> {
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
    let options = LoadOptions::from_args(&args.read)?;
    let loaded = load::load(&args.inputs, &catalogue.provisions, &options)?;
    if let Some(path) = &args.rejects {
        load::write_rejects(path, &loaded.rejects)?;
    }
    let intake = Intake {
        records: loaded.inputs.iter().map(|i| i.records as u64).sum(),
        rejected: loaded.inputs.iter().map(|i| i.rejected as u64).sum(),
        new_fails: baseline.as_ref().map(|_| 0),
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
    if loaded.cases.is_empty() {
        anyhow::bail!(nothing_audited(&intake));
    }
    let mode = match args.results {
        ResultsArg::Findings => ResultsMode::Findings,
        ResultsArg::All => ResultsMode::All,
        ResultsArg::None => ResultsMode::None,
    };
    // Cases are independent: evaluate a chunk of them in parallel, tally it in input order,
    // and let its findings go, so only one chunk's findings are ever held.
    let by = args.by.map(|b| match b {
        ByArg::Team => GroupBy::Team,
        ByArg::Area => GroupBy::Area,
        ByArg::Municipality => GroupBy::Municipality,
    });
    let mut tally = Tally::new(&catalogue, by);
    let mut intake = intake;
    for chunk in loaded.cases.chunks(CHUNK) {
        let findings: Vec<_> = chunk
            .par_iter()
            .map(|case| evaluate(case, &catalogue, &ctx))
            .collect();
        for (case, found) in chunk.iter().zip(&findings) {
            tally.add_case(case, found, &catalogue, as_of, mode);
            if let (Some(known), Some(new)) = (&baseline, intake.new_fails.as_mut()) {
                *new += found
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
    match args.format {
        FormatArg::Table => Table.write(&report, out)?,
        FormatArg::Json => Json.write(&report, out)?,
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

/// The command as typed, for the audit trail: arguments only (paths and flags, never a
/// file's contents), quoted where a shell would need it, the program named `caseaudit`
/// wherever it was installed so identical runs give identical reports.
fn command_line() -> String {
    let mut words = vec!["caseaudit".to_string()];
    words.extend(std::env::args_os().skip(1).map(|a| {
        let a = a.to_string_lossy().into_owned();
        if !a.is_empty()
            && a.chars()
                .all(|c| c.is_alphanumeric() || "-_./=,:+@%".contains(c))
        {
            a
        } else {
            format!("'{}'", a.replace('\'', "'\\''"))
        }
    }));
    words.join(" ")
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
