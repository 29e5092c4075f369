//! One file per subcommand. Each takes parsed arguments and writes to `out`.
pub mod audit;
pub mod diff;
pub mod explain;
pub mod generate;
mod progress;
pub mod review;
pub mod rule_examples;
pub mod rules;
pub mod sample;
pub mod trend;
pub mod validate;
pub mod worklist;

use crate::calendar::CalendarProfile;
use crate::cli::{CalendarArg, Common, LangArg, LocalStandards, PrivacyArgs, ReadOptions};
use crate::lang::{Msg, OrSay};
use crate::load::{self, CaseSink, Encoding, Layout, LoadOptions, Loaded, Mapping, mapping};
use crate::model::Case;
use crate::privacy::Pseudonyms;
use crate::report::Files;
use crate::rules::{AuditContext, Catalogue, Lang};
use chrono::NaiveDate;
use std::path::PathBuf;

/// How a command ended, for the exit code (errors are exit 2, in `main`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Ok,
    /// Exit 1: a threshold was breached, or rule examples failed.
    Failed,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Da => Lang::Da,
            LangArg::En => Lang::En,
        }
    }
}

/// What `validate`, `--rejects` and `sample` say about themselves: they show the export's
/// values.
pub fn local_use_note(lang: Lang) -> &'static str {
    lang.t(Msg::LocalUse)
}

/// The pseudonymisation key from `--pseudonymize KEY`, `--pseudonymize-key-file FILE` (its
/// first line) or `--pseudonymize-key-env VAR`; None when none is given.
pub fn pseudonyms(args: &PrivacyArgs) -> anyhow::Result<Option<Pseudonyms>> {
    let key = if let Some(key) = &args.pseudonymize {
        key.clone()
    } else if let Some(path) = &args.pseudonymize_key_file {
        let text =
            std::fs::read_to_string(path).or_say(Msg::CouldNotReadKeyFile, path.display())?;
        text.lines().next().unwrap_or_default().trim().to_string()
    } else if let Some(var) = &args.pseudonymize_key_env {
        std::env::var(var).map_err(|_| anyhow::Error::new(crate::both!(KeyEnvNotSet, var = var)))?
    } else {
        return Ok(None);
    };
    Pseudonyms::new(&key).map(Some)
}

/// What a command that reads an export reads besides it: its case files, the mapping, the
/// rules (each file of `--rules DIR`) and the profile; no output may replace one of them
/// ([`Files`]). Each command adds what only it reads.
pub fn files_read(
    inputs: &[PathBuf],
    read: &ReadOptions,
    common: &Common,
    local: Option<&LocalStandards>,
) -> Files {
    let mut files = rules_read(common.rules.as_deref());
    files
        .read_all(inputs)
        .read_all(&read.case_file)
        .read_all(&read.mapping)
        .read_all(local.and_then(|l| l.profile.as_ref()));
    files
}

/// The files of a rules directory, read by every command that loads the catalogue.
pub fn rules_read(dir: Option<&std::path::Path>) -> Files {
    let mut files = Files::default();
    if let Some(dir) = dir {
        files.read_all(Catalogue::files_in(dir).unwrap_or_default());
    }
    files
}

/// The catalogue the user asked for: `--rules DIR`, else the built-in one.
pub fn catalogue(common: &Common) -> anyhow::Result<Catalogue> {
    Ok(match &common.rules {
        Some(dir) => Catalogue::from_dir(dir)?,
        None => Catalogue::embedded()?,
    })
}

/// The catalogue with the municipality profile's local standards applied (`--profile`), and
/// the audit's context: the day of measurement (`--as-of`, default today) and the workday
/// calendar (`--calendar`, else the profile's, else strict).
pub fn standards(
    common: &Common,
    local: &LocalStandards,
    as_of: Option<NaiveDate>,
) -> anyhow::Result<(Catalogue, AuditContext)> {
    let mut catalogue = catalogue(common)?;
    if let Some(path) = &local.profile {
        catalogue.apply_profile(path)?;
    }
    // The questions asked: --questions, else the profile's, else all of the rule set's.
    let chosen = match local.questions.as_deref().map(str::trim) {
        Some(all) if all.eq_ignore_ascii_case("all") => None,
        Some(none) if none.eq_ignore_ascii_case("none") => Some(Vec::new()),
        Some(list) => {
            let ids: Vec<String> = list
                .split(',')
                .map(|id| id.trim().to_string())
                .filter(|id| !id.is_empty())
                .collect();
            if let Some(why) = catalogue.refuse_question_ids(&ids) {
                return Err(load::refusal(
                    format!(
                        "--questions {list}: {}",
                        question_refusal_da(&catalogue, &ids)
                    ),
                    format!("--questions {list}: {why}"),
                ));
            }
            Some(ids)
        }
        None => catalogue.profile.as_ref().and_then(|p| p.questions.clone()),
    };
    if let Some(ids) = chosen {
        catalogue.keep_questions(&ids);
    }
    let calendar = match local.calendar {
        Some(CalendarArg::Strict) => CalendarProfile::Strict,
        Some(CalendarArg::Extended) => CalendarProfile::Extended,
        None => catalogue
            .profile
            .as_ref()
            .and_then(|p| p.calendar)
            .unwrap_or_default(),
    };
    let as_of = as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
    Ok((catalogue, AuditContext { as_of, calendar }))
}

/// Why `--questions` names something that is not a question, in Danish.
fn question_refusal_da(catalogue: &Catalogue, ids: &[String]) -> String {
    let questions = catalogue.question_ids().join(", ");
    let bad = ids
        .iter()
        .find(|id| !catalogue.rule(id).is_some_and(|r| r.is_question()))
        .map(String::as_str)
        .unwrap_or_default();
    match catalogue.rule(bad) {
        Some(r) => format!(
            "{} er en maskinel kontrol, ikke et spørgsmål; regelsættets spørgsmål er {questions}",
            r.id
        ),
        None => format!("intet spørgsmål {bad:?}; regelsættets spørgsmål er {questions}"),
    }
}

// --- verbs (issue 19): every verb reads through the audit's pipeline ---

/// Reads the inputs through the audit's pipeline (`load::audit_inputs`): the cases are
/// judged by `judge` on the workers and handed to `sink` in input order, so a verb keeps
/// only what its output needs, never the export. The reading shows on the progress bar as
/// the audit's does, and an export read again because it is not grouped by case is said on
/// stderr as the audit says it (not with `--quiet`). The [`Loaded`] returned holds no
/// cases.
pub fn read_through<F: Send>(
    inputs: &[PathBuf],
    options: &LoadOptions,
    catalogue: &Catalogue,
    lang: Lang,
    bar: &progress::Bar,
    judge: &(dyn Fn(&Case) -> F + Sync),
    sink: &mut dyn CaseSink<F>,
) -> anyhow::Result<Loaded> {
    bar.phase(
        progress::Unit::Spinner,
        bar.say(crate::lang::Msg::ProgressReadingInputs),
        0,
    );
    let read = load::audit_inputs(
        inputs,
        &catalogue.provisions,
        options,
        &|p| bar.reading(p),
        judge,
        sink,
    );
    bar.finish();
    let (loaded, route) = read?;
    if let load::Route::Ungrouped { file, case_id } = &route {
        bar.note(audit::ungrouped_note(file, case_id, lang));
    }
    Ok(loaded)
}

/// A sink that counts the cases it hands on to another.
pub struct Counted<'a, F> {
    pub sink: &'a mut dyn CaseSink<F>,
    pub cases: usize,
}

impl<F> CaseSink<F> for Counted<'_, F> {
    fn take(&mut self, judged: Vec<(Case, F)>) -> anyhow::Result<()> {
        self.cases += judged.len();
        self.sink.take(judged)
    }

    fn reset(&mut self) {
        self.cases = 0;
        self.sink.reset();
    }
}

/// Reads the inputs for a command that reads cases but writes no audit report (explain,
/// worklist) through the pipeline ([`read_through`]): rejected records are said on stderr in
/// `lang`, and no case at all is an error. Returns what was read and the number of cases.
#[allow(clippy::too_many_arguments)]
pub fn read_cases<F: Send>(
    inputs: &[PathBuf],
    read: &ReadOptions,
    catalogue: &Catalogue,
    lang: Lang,
    bar: &progress::Bar,
    judge: &(dyn Fn(&Case) -> F + Sync),
    sink: &mut dyn CaseSink<F>,
) -> anyhow::Result<(Loaded, usize)> {
    let options = load_options(read)?;
    let mut counted = Counted { sink, cases: 0 };
    let loaded = read_through(inputs, &options, catalogue, lang, bar, judge, &mut counted)?;
    warn_unread(&loaded.inputs, &options, lang);
    let rejected: usize = loaded.inputs.iter().map(|i| i.rejected).sum();
    if rejected > 0 {
        let records: usize = loaded.inputs.iter().map(|i| i.records).sum();
        crate::terminal::eprint(crate::tr!(
            lang,
            RejectedLeftOut,
            rejected = rejected,
            records = records
        ));
    }
    if counted.cases == 0 {
        return Err(load::refusal(
            "inddata indeholder ingen sager".into(),
            "the inputs hold no cases".into(),
        ));
    }
    Ok((loaded, counted.cases))
}

/// Says on stderr which columns and keys of the inputs nothing read, each with the known
/// name it is most likely meant as (`load::unread`): every command that reads cases.
pub fn warn_unread(inputs: &[load::InputSummary], options: &LoadOptions, lang: Lang) {
    for line in load::unread::warnings(inputs, options.mapping.as_ref(), lang) {
        crate::terminal::eprint(line);
    }
}

/// The typed read options of the command line; a mapping file's `[format]` fills in what
/// the command line leaves out.
pub fn load_options(args: &ReadOptions) -> anyhow::Result<LoadOptions> {
    use crate::cli::{DateFormatArg, EncodingArg, LayoutArg};
    use crate::load::DateFormat;
    let mapping = args
        .mapping
        .as_deref()
        .map(Mapping::from_file)
        .transpose()?;
    let m = mapping.clone().unwrap_or_default();
    let delimiter = match args.delimiter.as_deref() {
        None => m.delimiter,
        Some(d) => Some(mapping::parse_delimiter(d).map_err(|e| {
            crate::load::restated(&e, |da| format!("--{da}"), |en| format!("--{en}"))
        })?),
    };
    Ok(LoadOptions {
        encoding: args
            .encoding
            .map(|e| match e {
                EncodingArg::Utf8 => Encoding::Utf8,
                EncodingArg::Windows1252 => Encoding::Windows1252,
            })
            .or(m.encoding),
        delimiter,
        layout: args
            .layout
            .map(|l| match l {
                LayoutArg::Long => Layout::Long,
                LayoutArg::Wide => Layout::Wide,
                LayoutArg::Cases => Layout::Cases,
            })
            .or(m.layout),
        date_format: args
            .date_format
            .map(|d| match d {
                DateFormatArg::Iso => DateFormat::Iso,
                DateFormatArg::Dmy => DateFormat::Dmy,
                DateFormatArg::Mdy => DateFormat::Mdy,
            })
            .or(m.date_format),
        sheet: args.sheet.clone().or(m.sheet),
        mapping,
        case_files: args.case_file.clone(),
        keep_rejects: false,
        piece: None,
        budget: None,
    })
}
