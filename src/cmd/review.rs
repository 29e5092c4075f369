//! `caseaudit review`: the review sheet, one row per result that needs a person's eyes
//! (each reviewer question, awaiting its answer; what the machine could not assess; with
//! `--material` every result of a material rule). Filled in, it goes back into
//! `caseaudit audit --review`.
use super::Outcome;
use super::progress::{Bar, Unit};
use crate::cli::ReviewArgs;
use crate::lang::Msg;
use crate::lang::OrSay;
use crate::load::{self, refusal};
use crate::report::protect;
use crate::report::review_sheet::{case_rows, write_csv, write_xlsx};
use crate::report::write_atomic;
use crate::rules::{Lang, evaluate};
use crate::terminal;
use rayon::prelude::*;

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
    bar.phase(
        Unit::Spinner,
        bar.say(crate::lang::Msg::ProgressReadingInputs),
        0,
    );
    let mut loaded = load::load(&args.inputs, &catalogue.provisions, &options)?;
    bar.finish();
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
    if loaded.cases.is_empty() {
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
    let (mut rows, beside): (Vec<_>, Vec<_>) = loaded
        .cases
        .par_iter()
        .map(|case| {
            let findings = evaluate(case, &catalogue, &ctx);
            case_rows(case, &findings, &catalogue, args.material, as_of, lang)
        })
        .collect::<Vec<_>>()
        .concat()
        .into_iter()
        .unzip();
    // The sheet masks CPR numbers as every output does (docs/privacy.md); with
    // --pseudonymize it shows the pseudonyms, and `audit --review` with the same key matches
    // them back.
    protect::protect_rows(&mut rows, pseudonyms.as_ref());
    protect::protect_inputs(&mut loaded.inputs);
    write_atomic(&sheet, |w| {
        if xlsx {
            write_xlsx(&rows, &beside, &catalogue, lang, as_of, &loaded.inputs, w)
        } else {
            write_csv(&rows, &beside, &catalogue, lang, as_of, w)
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
