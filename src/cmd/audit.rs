//! `caseaudit audit`: load → link → evaluate each case → tally → report.
use super::Outcome;
use super::progress::Unit;
use crate::cli::{
    AuditArgs, ByArg, CsvDialectArg, FormatArg, GateArgs, ResultFilterArgs, ResultsArg, StatusArg,
};
use crate::lang::{Msg, OrSay};
use crate::load::{self, CaseSink, LoadOptions};
use crate::model::Case;
use crate::privacy::{self, Pseudonyms};
use crate::report::compare::{self, FindingKey, SavedReport};
use crate::report::filter::ResultFilter;
use crate::report::gate::{Gates, Intake, parse_min_score, parse_share};
use crate::report::keyed::Sorter;
use crate::report::protect;
use crate::report::{
    Csv, CsvDialect, Format, GroupBy, Html, Json, Junit, Markdown, Output, OutputFile, Report,
    ResultsMode, Table, Tally, Xlsx, terminal_width, write_atomic, write_rejects,
};
use crate::review::People;
use crate::rules::{
    AuditContext, CaseCoverage, Catalogue, Finding, Lang, Reads, Status, evaluate_covered,
};
use crate::terminal;

/// The format asked for: `--format`, or the `-o` file's extension; both must agree.
fn chosen_format(
    format: Option<FormatArg>,
    file: Option<&std::path::Path>,
) -> anyhow::Result<FormatArg> {
    let from_file = file.map(|p| (p, FormatArg::from_extension(p)));
    match (format, from_file) {
        (Some(f), Some((path, Some(g)))) if f != g => Err(load::refusal(
            format!(
                "--format {} og filnavnet {} passer ikke sammen; angiv kun det ene",
                name(f),
                path.display()
            ),
            format!(
                "--format {} and the file name {} disagree; give one of them",
                name(f),
                path.display()
            ),
        )),
        (Some(f), _) => Ok(f),
        (None, Some((_, Some(g)))) => Ok(g),
        (None, Some((path, None))) => Err(load::refusal(
            format!(
                "formatet kan ikke ses af filnavnet {}; brug .txt, .json, .csv, .md, .html, .xml (JUnit) eller .xlsx, eller angiv --format",
                path.display()
            ),
            format!(
                "cannot tell the format from the file name {}; use .txt, .json, .csv, .md, .html, .xml (JUnit) or .xlsx, or give --format",
                path.display()
            ),
        )),
        (None, None) => Ok(FormatArg::Table),
    }
}

fn name(f: FormatArg) -> String {
    use clap::ValueEnum;
    f.to_possible_value()
        .map(|v| v.get_name().to_string())
        .unwrap_or_default()
}

/// The audit as a [`CaseSink`]: cases are independent, so they are evaluated in parallel
/// (by `evaluate`, beside the sink) and tallied here in input order, and their findings let
/// go; with a baseline, the fail results' keys are gathered on the way (sorted in bounded
/// memory), to be compared with the baseline's after the audit.
struct Audit<'a> {
    catalogue: &'a Catalogue,
    ctx: &'a AuditContext,
    mode: ResultsMode,
    fails: Option<Sorter>,
    pseudonyms: Option<&'a Pseudonyms>,
    /// Reviewers' verdicts and waivers, applied to each case's findings after the machine.
    people: People,
    tally: Tally,
    /// `--case ID`, and whether a case of that id went by.
    wanted: Option<&'a str>,
    seen: bool,
}

impl CaseSink<(Vec<Finding>, CaseCoverage)> for Audit<'_> {
    fn take(&mut self, judged: Vec<(Case, (Vec<Finding>, CaseCoverage))>) -> anyhow::Result<()> {
        let catalogue = self.catalogue;
        for (case, (mut found, coverage)) in judged {
            self.tally.add_coverage(&coverage);
            if self.wanted.is_some_and(|id| case.id == id) {
                self.seen = true;
            }
            self.people
                .apply(&case, &mut found, catalogue, self.pseudonyms);
            self.tally
                .add_case(&case, &found, catalogue, self.ctx.as_of, self.mode)?;
            if let Some(fails) = &mut self.fails {
                for f in found.iter().filter(|f| f.status == Status::Fail) {
                    let key = FindingKey {
                        case_id: privacy::public_id(&case.id, self.pseudonyms),
                        rule: catalogue.rules[f.rule].id.clone(),
                        // As the baseline shows it (report data is masked).
                        subject: privacy::mask_cpr(&f.subject_label(&case)).into_owned(),
                    };
                    fails.push((key, None))?;
                }
            }
        }
        Ok(())
    }

    fn reset(&mut self) {
        // The settings stay; what was counted and listed goes (a spilled list's file too).
        let old = std::mem::take(&mut self.tally);
        self.tally = Tally {
            include_text: old.include_text,
            filter: old.filter,
            pseudonyms: old.pseudonyms,
            ..Tally::new(self.catalogue, old.by)
        };
        self.people.reset();
        self.tally.expect_people(&self.people);
        if self.fails.is_some() {
            self.fails = Some(Sorter::new(false));
        }
    }
}

/// Why the audit read the whole input before auditing it.
pub(crate) fn ungrouped_note(file: &str, case_id: &str, lang: Lang) -> String {
    // Names from the export, on one line.
    let (file, case_id) = (terminal::printable(file), terminal::printable(case_id));
    crate::tr!(lang, NotGroupedByCase, file = file, case_id = case_id)
}

pub fn run(args: &AuditArgs, out: &mut dyn std::io::Write) -> anyhow::Result<Outcome> {
    // Every file the audit reads; no output may replace one (report::output).
    let mut files = super::files_read(&args.inputs, &args.read, &args.common, Some(&args.local));
    files
        .read_all(&args.yardstick)
        .read_all(&args.review)
        .read_all(&args.waivers)
        .read_all(&args.gates.baseline)
        .read_all(&args.privacy.pseudonymize_key_file)
        .read_all(&args.sample_manifest);
    // A sample's manifest beside an input is read too (the report says it is a sample).
    for input in &args.inputs {
        let manifest = crate::report::sample::beside(input);
        if manifest.is_file() {
            files.read(&manifest);
        }
    }
    let output = match &args.output {
        Some(path) => files.output("-o", path)?,
        None => {
            files.stdout()?;
            Output::Stdout
        }
    };
    let rejects_file = args
        .rejects
        .as_deref()
        .map(|path| files.file("--rejects", path))
        .transpose()?;
    let to_file = match &output {
        Output::File(file) => Some(file),
        Output::Stdout => None,
    };
    let format = chosen_format(args.format, to_file.map(OutputFile::path))?;
    if format == FormatArg::Xlsx && to_file.is_none() {
        return Err(load::refusal(
            "--format xlsx skriver en projektmappe; angiv filen med -o FIL.xlsx".into(),
            "--format xlsx writes a workbook; give the file with -o FILE.xlsx".into(),
        ));
    }
    let (mut catalogue, ctx) = super::standards(&args.common, &args.local, args.as_of)?;
    if let Some(path) = &args.yardstick {
        catalogue.add_yardstick(path)?;
    }
    let as_of = ctx.as_of;
    let filter = result_filter(&args.filter, &catalogue)?;
    let reviews: Vec<&std::path::Path> = args.review.iter().map(|p| p.as_path()).collect();
    let people = People::read(&reviews, args.waivers.as_deref(), &catalogue, as_of)?;
    let gates = gates(&args.gates, &catalogue)?;
    let lang: Lang = args.common.lang.into();
    let bar = super::progress::Bar::new(args.quiet, lang);
    let baseline = match &args.gates.baseline {
        Some(path) if args.gates.fail_on_new => {
            let size = std::fs::metadata(path).map_or(0, |m| m.len());
            bar.phase(
                Unit::Bytes,
                bar.say(crate::lang::Msg::ProgressReadingBaseline),
                size,
            );
            Some(SavedReport::read(path, &|n| bar.set(n))?.findings)
        }
        _ => None,
    };
    let pseudonyms = super::pseudonyms(&args.privacy)?;
    let sample = crate::report::sample::find(&args.inputs, args.sample_manifest.as_deref())?;
    let options = LoadOptions {
        // `--rejects` writes every rejected record, not only those a report lists.
        keep_rejects: args.rejects.is_some(),
        ..super::load_options(&args.read)?
    };
    let mode = match args.results {
        // `--status pass` asks for passes: list them without --results all.
        ResultsArg::Findings if filter.statuses.contains(&Status::Pass) => ResultsMode::All,
        ResultsArg::Findings => ResultsMode::Findings,
        ResultsArg::All => ResultsMode::All,
        ResultsArg::None => ResultsMode::None,
    };
    let by = args.by.map(|b| match b {
        ByArg::Team => GroupBy::Team,
        ByArg::Area => GroupBy::Area,
        ByArg::Municipality => GroupBy::Municipality,
    });
    let mut tally = Tally {
        include_text: args.include_text,
        filter: filter.clone(),
        pseudonyms: pseudonyms.clone(),
        ..Tally::new(&catalogue, by)
    };
    tally.expect_people(&people);
    let mut audit = Audit {
        catalogue: &catalogue,
        ctx: &ctx,
        mode,
        fails: baseline.as_ref().map(|_| Sorter::new(false)),
        pseudonyms: pseudonyms.as_ref(),
        people,
        tally,
        wanted: filter.case_id.as_deref(),
        seen: false,
    };
    let reads = Reads::of(&catalogue);
    bar.phase(
        Unit::Spinner,
        bar.say(crate::lang::Msg::ProgressReadingInputs),
        0,
    );
    let (mut loaded, route) = load::audit_inputs(
        &args.inputs,
        &catalogue.provisions,
        &options,
        &|p| bar.reading(p),
        &|case| evaluate_covered(case, &catalogue, &ctx, &reads),
        &mut audit,
    )?;
    let Audit {
        mut tally,
        fails,
        people,
        seen,
        ..
    } = audit;
    let new_fails = match (fails, &baseline) {
        (Some(fails), Some(baseline)) => {
            bar.phase(
                Unit::Spinner,
                bar.say(crate::lang::Msg::ProgressComparingBaseline),
                0,
            );
            Some(compare::new_fails(&fails.finish()?, baseline)?)
        }
        _ => None,
    };
    // Out of the way of what is said on stderr now; back for the writing.
    bar.finish();
    if let load::Route::Ungrouped { file, case_id } = &route {
        bar.note(ungrouped_note(file, case_id, lang));
    }
    tally.close_people(&people);
    // Nothing people wrote is dropped silently: what was not applied is said on stderr.
    for line in crate::report::review::warnings(&tally, lang, as_of) {
        terminal::eprint(line);
    }
    for line in protect::cpr_case_id_warnings(&loaded.inputs, lang) {
        terminal::eprint(line);
    }
    super::warn_unread(&loaded.inputs, &options, lang);
    if let Some(file) = &rejects_file {
        write_rejects(file, loaded.rejects.all())?;
        let note = super::local_use_note(args.common.lang.into());
        terminal::eprint(format!("--rejects {}: {note}", file.path().display()));
    }
    let intake = Intake {
        records: loaded.inputs.iter().map(|i| i.records as u64).sum(),
        rejected: loaded.inputs.iter().map(|i| i.rejected as u64).sum(),
        new_fails,
    };
    // Rejected records always say so, whatever the format: a CI log must show them.
    if intake.rejected > 0 {
        terminal::eprint(rejected_line(&intake, lang));
    }
    if tally.cases == 0 {
        return Err(nothing_audited(&intake));
    }
    // The listed results were narrowed as they were tallied (`Tally::filter`).
    if let Some(id) = &filter.case_id
        && !seen
    {
        terminal::eprint(crate::tr!(lang, NoSuchCase, id = id));
    }
    protect::protect_report(
        &mut tally,
        &mut loaded.inputs,
        loaded.rejects.listed_mut(),
        pseudonyms.as_ref(),
    );
    let report = Report {
        catalogue: &catalogue,
        as_of,
        calendar: ctx.calendar,
        lang,
        mode,
        inputs: &loaded.inputs,
        rejects: loaded.rejects.listed(),
        tally: &tally,
        command_line: privacy::mask_cpr(&command_line()).into_owned(),
        sample: sample.as_ref(),
        max_listed: args.max_listed,
    };
    let csv = Csv(match args.csv_dialect {
        CsvDialectArg::Standard => CsvDialect::Standard,
        CsvDialectArg::ExcelDa => CsvDialect::ExcelDa,
    });
    let writer: &dyn Format = match format {
        // On a terminal the table fits its width; written to a file it never wraps.
        FormatArg::Table => &Table {
            width: if to_file.is_none() {
                terminal_width()
            } else {
                None
            },
        },
        FormatArg::Json => &Json,
        FormatArg::Csv => &csv,
        FormatArg::Markdown => &Markdown,
        FormatArg::Html => &Html,
        FormatArg::Junit => &Junit,
        FormatArg::Xlsx => &Xlsx,
    };
    // Shown while the report goes to a file or a pipe; a report printed on the terminal is
    // its own progress.
    if to_file.is_some() || !terminal::stdout_is_terminal() {
        bar.phase_counted(
            Unit::Items,
            bar.say(crate::lang::Msg::ProgressWritingReport),
            tally.rows.len() as u64,
            tally.rows.progress(),
        );
    }
    match to_file {
        Some(file) => write_atomic(file, |w| writer.write(&report, w))
            .or_say(Msg::CouldNotWrite, file.path().display())?,
        None => writer.write(&report, out)?,
    }
    bar.finish();
    let breaches = gates.breaches(&tally, &catalogue, intake, lang);
    let ignored = if args.gates.exit_zero {
        lang.t(Msg::ExitZeroNotFailing)
    } else {
        ""
    };
    let breached = lang.t(Msg::ThresholdBreached);
    for line in &breaches {
        terminal::eprint(format!("{breached}: {line}{ignored}"));
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
            .map_err(anyhow::Error::new)
    };
    Ok(Gates {
        max_error_rate: share(&args.max_error_rate, "--max-error-rate")?,
        min_scores: args
            .min_score
            .iter()
            .map(|m| parse_min_score(m, catalogue).map_err(anyhow::Error::new))
            .collect::<anyhow::Result<_>>()?,
        max_fails: args.max_fails,
        max_rejected: share(&args.max_rejected, "--max-rejected")?,
    })
}

/// `--case --rule --status --team`, typed; an unknown rule id is a usage error (exit 2).
fn result_filter(args: &ResultFilterArgs, catalogue: &Catalogue) -> anyhow::Result<ResultFilter> {
    let rules = args
        .rule
        .iter()
        .map(|id| {
            catalogue
                .rules
                .iter()
                .position(|r| r.id.eq_ignore_ascii_case(id.trim()))
                .ok_or_else(|| {
                    let known: Vec<&str> = catalogue.rules.iter().map(|r| r.id.as_str()).collect();
                    let known = known.join(", ");
                    load::refusal(
                        format!("--rule {id}: ingen sådan regel; regelsættet har {known}"),
                        format!("--rule {id}: no such rule; the catalogue has {known}"),
                    )
                })
        })
        .collect::<anyhow::Result<_>>()?;
    let statuses = args
        .status
        .iter()
        .map(|s| match s {
            StatusArg::Pass => Status::Pass,
            StatusArg::Exempt => Status::Exempt,
            StatusArg::Fail => Status::Fail,
            StatusArg::Pending => Status::Pending,
            StatusArg::NotAssessable => Status::NotAssessable,
        })
        .collect();
    Ok(ResultFilter {
        case_id: args.case_id.clone(),
        rules,
        statuses,
        team: args.team.clone(),
    })
}

/// Flags that choose only where and how the report is written, not what was audited.
const OUTPUT_FLAGS: &[&str] = &[
    "-o",
    "--output",
    "--format",
    "--csv-dialect",
    "--max-listed",
];
/// Flags without a value that change only what is shown on stderr.
const QUIET_FLAGS: &[&str] = &["-q", "--quiet"];

/// Flags whose value is a secret: recorded as `KEY`, never as given.
const SECRET_FLAGS: &[&str] = &["--pseudonymize"];

/// The command as typed, for the audit trail: arguments only (paths and flags, never a
/// file's contents), quoted where a shell would need it, the program named `caseaudit`
/// wherever it was installed. A secret (the pseudonymisation key) is recorded as `KEY`, and
/// CPR numbers are masked as everywhere. The output flags are left out, so the same audit written to
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
        if SECRET_FLAGS.contains(&flag) {
            if !arg.contains('=') {
                args.next(); // the key
            }
            words.extend([flag.to_string(), "KEY".to_string()]);
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

/// "N of M input records rejected", in `lang`, with the noun after M as a person says it.
fn rejected_line(intake: &Intake, lang: Lang) -> String {
    crate::tr!(
        lang,
        RejectedNotAudited,
        rejected = lang.int(intake.rejected),
        records = lang.count(intake.records, Msg::InputRecords)
    )
}

/// Why an audit found no case to audit: the exit-2 error, in both languages.
fn nothing_audited(intake: &Intake) -> anyhow::Error {
    let n = intake.records;
    let (da, en) = if n == 0 {
        (
            "intet kunne revideres: inddata indeholder ingen sager".to_string(),
            "nothing could be audited: the inputs hold no cases".to_string(),
        )
    } else {
        (
            format!(
                "intet kunne revideres: {} i inddata blev afvist (se `caseaudit validate`)",
                if n == 1 {
                    "den ene post".to_string()
                } else {
                    format!("alle {n} poster")
                }
            ),
            format!(
                "nothing could be audited: {} was rejected (see `caseaudit validate`)",
                if n == 1 {
                    "the one input record".to_string()
                } else {
                    format!("every input record ({n})")
                }
            ),
        )
    };
    crate::load::refusal(da, en)
}
