//! `caseaudit explain`: one case's timeline and every rule's clock, as the audit sees the
//! case on the as-of date. The same loading and the same engine as `audit`; the views are in
//! [`crate::report::timeline`].
use super::Outcome;
use crate::cli::ExplainArgs;
use crate::lang::{Msg, OrSay};
use crate::load::{self, CaseSink};
use crate::model::{Case, case_as_of};
use crate::report::timeline::{Clock, Timeline};
use crate::report::{Output, ResultRow, protect, write_atomic};
use crate::rules::evaluate;

/// Where the view goes, as the `-o` file's extension says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum View {
    Text,
    Html,
}

/// The case asked for, kept as the cases go by; the first of that id.
struct OneCase<'a> {
    wanted: &'a str,
    case: Option<Case>,
}

impl CaseSink<()> for OneCase<'_> {
    fn take(&mut self, judged: Vec<(Case, ())>) -> anyhow::Result<()> {
        if self.case.is_none() {
            self.case = judged
                .into_iter()
                .map(|(case, ())| case)
                .find(|case| case.id == self.wanted);
        }
        Ok(())
    }

    fn reset(&mut self) {
        self.case = None;
    }
}

pub fn run(args: &ExplainArgs, out: &mut dyn std::io::Write) -> anyhow::Result<Outcome> {
    let lang = args.common.lang.into();
    let mut files = super::files_read(&args.inputs, &args.read, &args.common, Some(&args.local));
    let output = match &args.output {
        Some(path) => files.output("-o", path)?,
        None => {
            files.stdout()?;
            Output::Stdout
        }
    };
    let view = match &output {
        Output::Stdout => View::Text,
        Output::File(file) => match file
            .path()
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("html" | "htm") => View::Html,
            Some("txt") => View::Text,
            _ => {
                return Err(load::refusal(
                    format!(
                        "formatet kan ikke ses af filnavnet {}; brug .html (tidslinjen tegnet) eller .txt",
                        file.path().display()
                    ),
                    format!(
                        "cannot tell the format from the file name {}; use .html (the timeline drawn) or .txt",
                        file.path().display()
                    ),
                ));
            }
        },
    };
    let (catalogue, ctx) = super::standards(&args.common, &args.local, args.as_of)?;
    let bar = super::progress::Bar::new(args.quiet, lang);
    let wanted = args.case_id.trim();
    // Only the case asked for is kept; the others are counted and let go as they are read.
    let mut one = OneCase { wanted, case: None };
    let (_, read) = super::read_cases(
        &args.inputs,
        &args.read,
        &catalogue,
        lang,
        &bar,
        &|_| (),
        &mut one,
    )?;
    let Some(case) = &one.case else {
        return Err(load::refusal(
            format!(
                "sagen {wanted} findes ikke i inddata ({read} sager læst); skriv sagsnummeret, som udtrækket skriver det"
            ),
            format!(
                "case {wanted} is not in the inputs ({read} cases read); give the case id as the export writes it"
            ),
        ));
    };
    let past = case_as_of(case, ctx.as_of, &catalogue.provisions);
    let findings = evaluate(&past, &catalogue, &ctx);
    let mut rows: Vec<ResultRow> = findings.iter().map(|f| ResultRow::new(&past, f)).collect();
    // What the views show of the case is masked as it enters them, before a table wraps a
    // cell or the page escapes it (docs/privacy.md); the rules judged the case as it is.
    protect::protect_rows(&mut rows, None);
    let mut shown = past.clone().into_owned();
    protect::protect_case(&mut shown);
    let clocks = rows
        .into_iter()
        .zip(&findings)
        .map(|(row, f)| Clock {
            row,
            event: f.subject,
            period: f.period,
        })
        .collect();
    let timeline = Timeline {
        catalogue: &catalogue,
        case: &shown,
        later_events: case.events.len() - past.events.len(),
        clocks,
        as_of: ctx.as_of,
        lang,
    };
    let write = |w: &mut dyn std::io::Write| match view {
        View::Text => timeline.write_text(w),
        View::Html => timeline.write_html(w),
    };
    match &output {
        Output::File(file) => {
            write_atomic(file, write).or_say(Msg::CouldNotWrite, file.path().display())?
        }
        Output::Stdout => write(out)?,
    }
    Ok(Outcome::Ok)
}
