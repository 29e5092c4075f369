//! `caseaudit review`: the review sheet, one row per result that needs a person's eyes
//! (each reviewer question, awaiting its answer; what the machine could not assess; with
//! `--material` every result of a material rule). Filled in, it goes back into
//! `caseaudit audit --review`.
use super::Outcome;
use super::progress::{Bar, Unit};
use crate::cli::ReviewArgs;
use crate::lang::Msg;
use crate::lang::OrSay;
use crate::load::{CaseSink, refusal};
use crate::model::Case;
use crate::report::review_sheet::{Beside, SheetRows, case_rows, cells, write_csv, write_xlsx};
use crate::report::{ResultRow, protect, write_atomic};
use crate::rules::{Lang, evaluate};
use crate::terminal;

/// The sheet's rows, as the cases come in input order, each as its cells.
#[derive(Default)]
struct Rows(SheetRows);

impl CaseSink<Vec<Vec<String>>> for Rows {
    fn take(&mut self, judged: Vec<(Case, Vec<Vec<String>>)>) -> anyhow::Result<()> {
        for (_, rows) in judged {
            for cells in rows {
                self.0.push(cells)?;
            }
        }
        Ok(())
    }

    fn reset(&mut self) {
        self.0.clear();
    }
}

pub fn run(args: &ReviewArgs, out: &mut dyn std::io::Write) -> anyhow::Result<Outcome> {
    let lang: Lang = args.common.lang.into();
    let path = &args.output;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let xlsx = match ext.as_deref() {
        Some("xlsx") => true,
        Some("csv") => false,
        _ => {
            return Err(refusal(
                format!(
                    "gennemgangsarket {} skal hedde .xlsx eller .csv",
                    path.display()
                ),
                format!(
                    "the review sheet {} must be named .xlsx or .csv",
                    path.display()
                ),
            ));
        }
    };
    let mut files = super::files_read(&args.inputs, &args.read, &args.common, Some(&args.local));
    files.read_all(&args.privacy.pseudonymize_key_file);
    let sheet = files.file("-o", path)?;
    files.stdout()?;
    let (catalogue, ctx) = super::standards(&args.common, &args.local, args.as_of)?;
    let as_of = ctx.as_of;
    let options = super::load_options(&args.read)?;
    let pseudonyms = super::pseudonyms(&args.privacy)?;
    let bar = Bar::new(args.quiet, lang);
    // Each case judged on the workers, and only its rows for the sheet kept, as their
    // cells. The sheet masks CPR numbers as every output does (docs/privacy.md); with
    // --pseudonymize it shows the pseudonyms, and `audit --review` with the same key matches
    // them back.
    let mut sheet_rows = Rows::default();
    let judge = |case: &Case| {
        let findings = evaluate(case, &catalogue, &ctx);
        let (mut rows, beside): (Vec<ResultRow>, Vec<Beside>) =
            case_rows(case, &findings, &catalogue, args.material, as_of, lang)
                .into_iter()
                .unzip();
        protect::protect_rows(&mut rows, pseudonyms.as_ref());
        rows.iter()
            .zip(&beside)
            .map(|(row, beside)| cells(row, beside, &catalogue, lang, as_of))
            .collect::<Vec<_>>()
    };
    let mut counted = super::Counted {
        sink: &mut sheet_rows,
        cases: 0,
    };
    let mut loaded = super::read_through(
        &args.inputs,
        &options,
        &catalogue,
        lang,
        &bar,
        &judge,
        &mut counted,
    )?;
    let cases = counted.cases;
    for line in protect::cpr_case_id_warnings(&loaded.inputs, lang) {
        terminal::eprint(line);
    }
    super::warn_unread(&loaded.inputs, &options, lang);
    let rejected: usize = loaded.inputs.iter().map(|i| i.rejected).sum();
    if rejected > 0 {
        terminal::eprint(match lang {
            Lang::Da => format!(
                "{rejected} inputposter afvist og ikke med på arket (se `caseaudit validate`)"
            ),
            Lang::En => format!(
                "{rejected} input records rejected and not on the sheet (see `caseaudit validate`)"
            ),
        });
    }
    if cases == 0 {
        return Err(refusal(
            "der er ingen sager at gennemgå: inputfilerne har ingen brugbare sager".into(),
            "nothing to review: the inputs hold no usable cases".into(),
        ));
    }
    bar.phase(
        Unit::Spinner,
        bar.say(crate::lang::Msg::ProgressWritingSheet),
        0,
    );
    let mut rows = sheet_rows.0;
    rows.finish()?;
    // An .xlsx sheet holds 1,048,575 rows under its header; the review is of a sample.
    let most = crate::report::sheet_rows() as usize - 1;
    if xlsx && rows.len() > most {
        let n = rows.len();
        return Err(refusal(
            format!(
                "gennemgangsarket ville få {n} rækker, og et .xlsx-ark rummer {most}: skriv det \
                 som .csv (-o {stem}.csv), eller gennemgå en stikprøve (caseaudit sample)",
                stem = path.with_extension("").display()
            ),
            format!(
                "the review sheet would have {n} rows, and an .xlsx sheet holds {most}: write it \
                 as .csv (-o {stem}.csv), or review a sample (caseaudit sample)",
                stem = path.with_extension("").display()
            ),
        ));
    }
    protect::protect_inputs(&mut loaded.inputs);
    write_atomic(&sheet, |w| {
        if xlsx {
            write_xlsx(&rows, &catalogue, lang, as_of, &loaded.inputs, w)
        } else {
            write_csv(&rows, lang, w)
        }
    })
    .or_say(Msg::CouldNotWrite, path.display())?;
    bar.finish();
    let n = rows.len();
    match lang {
        Lang::Da => writeln!(
            out,
            "{n} {} til gennemgang skrevet til {}; udfyld vurdering, note og bedømmer, og kør `caseaudit audit … --review {}`. Arket navngiver sagerne: hold det lokalt.",
            if n == 1 { "resultat" } else { "resultater" },
            path.display(),
            path.display()
        )?,
        Lang::En => writeln!(
            out,
            "{n} {} to review written to {}; fill in verdict, note and reviewer, then run `caseaudit audit … --review {}`. The sheet names the cases: keep it local.",
            if n == 1 { "result" } else { "results" },
            path.display(),
            path.display()
        )?,
    }
    Ok(Outcome::Ok)
}
