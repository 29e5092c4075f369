//! `caseaudit validate`: what each file gave, what was detected, and every rejected record.
//!
//! Unlike the shared audit report, this lists rejected values: it is for the person who
//! holds the export, to fix it, and says so first (CPR numbers are masked all the same).
//! Exit 2 when a file cannot be read at all, or (`--strict`) when any record is rejected.
use super::Outcome;
use crate::cli::{LangArg, ValidateArgs};
use crate::load::{self, CaseSink, LoadOptions, Reject};
use crate::model::Case;
use crate::report::Grid;
use crate::rules::Catalogue;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What the rules could not judge, counted as the cases go by; no case is kept.
struct Unjudged<'a>(crate::model::Unjudged, &'a Catalogue);

impl CaseSink<()> for Unjudged<'_> {
    fn take(&mut self, judged: Vec<(Case, ())>) -> anyhow::Result<()> {
        for (case, ()) in &judged {
            self.0.add_case(case, case.events.len());
        }
        Ok(())
    }

    fn reset(&mut self) {
        self.0 = self.1.unjudged();
    }
}

/// The inputs and options to read just these files (event files, and case files by
/// `--case-file` or their own layout).
fn files(these: &[(&Path, bool)], options: &LoadOptions) -> (Vec<PathBuf>, LoadOptions) {
    let of = |case: bool| {
        these
            .iter()
            .filter(move |(_, c)| *c == case)
            .map(|(p, _)| p.to_path_buf())
    };
    let options = LoadOptions {
        case_files: of(true).collect(),
        ..options.clone()
    };
    (of(false).collect(), options)
}

pub fn run(args: &ValidateArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let lang = args.common.lang;
    let t = |da: &'static str, en: &'static str| match lang {
        LangArg::Da => da,
        LangArg::En => en,
    };
    // It prints what it read: never into one of the files it reads (report::output).
    super::files_read(&args.inputs, &args.read, &args.common, None).stdout()?;
    let catalogue = super::catalogue(&args.common)?;
    let options = super::load_options(&args.read)?;
    let inputs = load::input_files(&args.inputs, &options);
    let input_count = inputs.len();
    let bar = super::progress::Bar::new(args.quiet, lang.into());
    // Read through the audit's pipeline, keeping no case: only what the rules could not
    // judge is counted as the cases go by.
    let mut unjudged = Unjudged(catalogue.unjudged(), &catalogue);
    let streamed = super::read_through(
        &args.inputs,
        &options,
        &catalogue,
        lang.into(),
        &bar,
        &|_| (),
        &mut unjudged,
    );
    let mut refused = Vec::new();
    let (loaded, unjudged) = match streamed {
        Ok(loaded) => (loaded, unjudged.0),
        // A file refused, or files that do not go together: each file is read on its own
        // (through the pipeline, in bounded memory as always), so every one that can be read
        // is still shown and each refusal said; then those read, together.
        Err(together) => {
            let lang = lang.into();
            let mut each = Vec::new();
            for (path, case_file) in inputs {
                let (paths, one) = files(&[(path, case_file)], &options);
                let mut sink = Unjudged(catalogue.unjudged(), &catalogue);
                let read =
                    super::read_through(&paths, &one, &catalogue, lang, &bar, &|_| (), &mut sink);
                match read {
                    Ok(loaded) => each.push(((path, case_file), loaded, sink.0)),
                    Err(e) => refused.push((path.display().to_string(), load::message(&e, lang))),
                }
            }
            let read: Vec<_> = each.iter().map(|(file, ..)| *file).collect();
            let mut sink = Unjudged(catalogue.unjudged(), &catalogue);
            let together = match read.len() {
                // Nothing read, one file, or all of them (which did not go together).
                _ if read.len() <= 1 || refused.is_empty() => Err(together),
                _ => {
                    let (paths, these) = files(&read, &options);
                    super::read_through(&paths, &these, &catalogue, lang, &bar, &|_| (), &mut sink)
                }
            };
            match together {
                Ok(loaded) => (loaded, sink.0),
                Err(e) => {
                    if read.len() > 1 {
                        // The files do not go together (a case in two case files): each is
                        // still shown.
                        let all = t("(alle filer)", "(all files)").to_string();
                        refused.push((all, load::message(&e, lang)));
                    }
                    let mut loaded = load::Loaded::default();
                    let mut unjudged = catalogue.unjudged();
                    for (_, one, counted) in each {
                        loaded.inputs.extend(one.inputs);
                        loaded.rejects.append(one.rejects);
                        loaded.warnings.append(one.warnings);
                        unjudged.absorb(counted);
                    }
                    (loaded, unjudged)
                }
            }
        }
    };
    // It lists the export's own values: say who it is for before anything else.
    writeln!(out, "{}\n", super::local_use_note(lang.into()))?;
    if let Some(mapping) = &options.mapping {
        let name = mapping.name.as_deref().unwrap_or("-");
        writeln!(out, "{}: {name}\n", t("Mapning", "Mapping"))?;
    }
    for line in crate::report::protect::cpr_case_id_warnings(&loaded.inputs, lang.into()) {
        crate::terminal::eprint(line);
    }
    for input in &loaded.inputs {
        let d = &input.detected;
        writeln!(out, "{}", input.path)?;
        let mut facts = vec![(t("format", "format"), d.format.to_string())];
        if let Some(layout) = d.layout {
            facts.push((t("layout", "layout"), layout.name().to_string()));
        }
        if let Some(sheet) = &d.sheet {
            facts.push((t("ark", "sheet"), sheet.clone()));
        }
        if let Some(encoding) = d.encoding {
            facts.push((t("tegnsæt", "encoding"), encoding.to_string()));
        }
        if let Some(delimiter) = &d.delimiter {
            facts.push((t("skilletegn", "delimiter"), delimiter.clone()));
        }
        if let Some(dates) = &d.date_format {
            facts.push((t("datoformat", "date format"), dates.clone()));
        }
        let records = if input.records == 0 {
            // A header without rows (or an empty JSON array): worth saying plainly.
            t("ingen poster", "no records").to_string()
        } else {
            format!(
                "{} {}, {} {}, {} {}",
                input.records,
                t("læst", "read"),
                input.accepted,
                t("godkendt", "accepted"),
                input.rejected,
                t("afvist", "rejected"),
            )
        };
        facts.push((t("poster", "records"), records));
        facts.push((
            t("sager", "cases"),
            format!(
                "{}, {} {}",
                input.cases,
                input.events,
                t("hændelser", "events")
            ),
        ));
        let unmapped = if input.unmapped.is_empty() {
            "–".to_string()
        } else {
            // Each with the known name it is near: `Klagevejleding → "klagevejledning"
            // (appeal_guidance)?`, as the other commands warn.
            load::unread::unread(input, options.mapping.as_ref())
                .iter()
                .map(|u| match &u.near {
                    Some(near) => format!("{} → {}?", u.name, near.shown()),
                    None => u.name.to_string(),
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        facts.push((t("ukendte kolonner", "unmapped columns"), unmapped));
        let width = facts.iter().map(|(k, _)| k.chars().count()).max();
        for (key, value) in &facts {
            let pad = width.unwrap_or(0) - key.chars().count();
            writeln!(out, "  {key}{:pad$}  {value}", "")?;
        }
        writeln!(out)?;
    }
    for (path, error) in &refused {
        writeln!(out, "{path}\n  {}: {error}\n", t("ikke læst", "refused"))?;
    }
    let rejected = loaded.rejects.total();
    if rejected > 0 {
        writeln!(
            out,
            "{} ({rejected})",
            t("Afviste poster", "Rejected records")
        )?;
        writeln!(out, "{}", records_table(loaded.rejects.listed(), lang))?;
        not_listed(out, &loaded.rejects, lang, true)?;
    } else {
        writeln!(
            out,
            "{}",
            if refused.is_empty() {
                t("Ingen afviste poster.", "No rejected records.")
            } else {
                t(
                    "Ingen afviste poster i de læste filer.",
                    "No rejected records in the files read.",
                )
            }
        )?;
    }
    if !loaded.warnings.is_empty() {
        writeln!(
            out,
            "\n{} ({})",
            t("Advarsler", "Warnings"),
            loaded.warnings.total()
        )?;
        writeln!(out, "{}", records_table(loaded.warnings.listed(), lang))?;
        not_listed(out, &loaded.warnings, lang, false)?;
    }
    if !unjudged.is_empty() {
        let (da, en) = unjudged.describe();
        writeln!(
            out,
            "\n{}: {}",
            t("Advarsel", "Warning"),
            if matches!(lang, LangArg::Da) { da } else { en }
        )?;
    }
    if !refused.is_empty() {
        return Err(load::refusal(
            format!(
                "{} af {} inddatafiler kunne ikke læses",
                refused.len(),
                input_count
            ),
            format!(
                "{} of {} inputs could not be read",
                refused.len(),
                input_count
            ),
        ));
    }
    if args.strict && rejected > 0 {
        let (da, en) = if rejected == 1 {
            ("post blev", "record was")
        } else {
            ("poster blev", "records were")
        };
        return Err(load::refusal(
            format!("--strict: {rejected} {da} afvist"),
            format!("--strict: {rejected} {en} rejected"),
        ));
    }
    Ok(Outcome::Ok)
}

/// How many records (`rejects`, else warnings) the table above left out, if any.
fn not_listed(
    out: &mut dyn Write,
    records: &load::Rejects,
    lang: LangArg,
    rejects: bool,
) -> std::io::Result<()> {
    if records.not_listed() == 0 {
        return Ok(());
    }
    let int = |n: usize| crate::lang::Lang::from(lang).int(n as u64);
    let (n, first) = (int(records.not_listed()), int(load::LISTED));
    let line = match (lang, rejects) {
        (LangArg::Da, true) => format!(
            "… og {n} afviste poster mere, som ikke er vist (kun de første {first}); \
             `caseaudit audit --rejects FIL` skriver dem alle"
        ),
        (LangArg::En, true) => format!(
            "… and {n} more rejected records, not listed (only the first {first}); \
             `caseaudit audit --rejects FILE` writes them all"
        ),
        (LangArg::Da, false) => {
            format!("… og {n} advarsler mere, som ikke er vist (kun de første {first})")
        }
        (LangArg::En, false) => {
            format!("… and {n} more warnings, not listed (only the first {first})")
        }
    };
    writeln!(out, "{line}")
}

/// Rejected records (or warnings) as a table: file, line, column, value, reason.
fn records_table(records: &[Reject], lang: LangArg) -> Grid {
    let header = match lang {
        LangArg::Da => ["fil", "linje", "kolonne", "værdi", "årsag"],
        LangArg::En => ["file", "line", "column", "value", "reason"],
    };
    let mut table = Grid::new(header.map(String::from).to_vec(), None);
    for r in records {
        table.add_row([
            r.file.clone(),
            r.line.map(|l| l.to_string()).unwrap_or_default(),
            r.column.clone().unwrap_or_default(),
            r.value.clone().unwrap_or_default(),
            r.reason.text(lang.into()).to_string(),
        ]);
    }
    table
}
