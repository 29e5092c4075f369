//! The review sheet (`caseaudit review`): one row per result that needs a person's eyes,
//! with the machine's evidence, the rule's question, and empty columns for the verdict (a
//! drop-down in xlsx), a note and the reviewer. `audit --review` reads it back
//! (`crate::review`). A working paper for local use: it names cases.
use super::csv::neutralise;
use super::xlsx::text_row;
use super::{ResultRow, message};
use crate::model::input::InputSummary;
use crate::review::{COLUMNS, verdict_choices};
use crate::rules::{Catalogue, Lang};
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{DataValidation, DocProperties, ExcelDateTime, Format as Style, Workbook};

/// The column of the verdict, the first of the reviewer's columns.
const VERDICT: usize = 12;

/// The cells of one row, in [`COLUMNS`] order, the reviewer's columns empty.
fn cells(row: &ResultRow, catalogue: &Catalogue, lang: Lang) -> [String; 15] {
    let rule = &catalogue.rules[row.rule];
    let moment = |m: Option<crate::calendar::Moment>| m.map(|m| m.to_string()).unwrap_or_default();
    [
        row.case_id.clone(),
        row.team.clone().unwrap_or_default(),
        rule.id.clone(),
        row.subject.clone(),
        row.status.label(lang).to_string(),
        moment(row.start),
        moment(row.due),
        moment(row.done),
        super::message::late(row, lang),
        rule.variants[row.variant].law.clone(),
        message(row, lang),
        rule.texts(lang).question.clone(),
        String::new(),
        String::new(),
        String::new(),
    ]
}

fn io(e: rust_xlsxwriter::XlsxError) -> std::io::Error {
    std::io::Error::other(e.to_string())
}

/// The sheet as a workbook; its creation date is the as-of date, so runs are identical.
pub fn write_xlsx(
    rows: &[ResultRow],
    catalogue: &Catalogue,
    lang: Lang,
    as_of: NaiveDate,
    inputs: &[InputSummary],
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(
        as_of.year().clamp(1900, 9999) as u16,
        as_of.month() as u8,
        as_of.day() as u8,
    )
    .map_err(io)?;
    book.set_properties(
        &DocProperties::new()
            .set_title("caseaudit review")
            .set_creation_datetime(&created),
    );
    let bold = Style::new().set_bold();
    let ws = book.add_worksheet();
    ws.set_name(match lang {
        Lang::Da => "Gennemgang",
        Lang::En => "Review",
    })
    .map_err(io)?;
    let header: Vec<&str> = COLUMNS.iter().map(|c| c.header(lang)).collect();
    text_row(ws, 0, &header, Some(&bold))?;
    for (i, row) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        let cells = cells(row, catalogue, lang);
        let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
        text_row(ws, r, &cells, None)?;
    }
    if !rows.is_empty() {
        let (title, prompt) = match lang {
            Lang::Da => ("Vurdering", "Vælg opfyldt, ikke opfyldt eller undtaget."),
            Lang::En => ("Verdict", "Choose pass, fail or exempt."),
        };
        let choices = DataValidation::new()
            .allow_list_strings(&verdict_choices(lang))
            .and_then(|v| v.set_input_title(title))
            .and_then(|v| v.set_input_message(prompt))
            .and_then(|v| v.set_error_title(title))
            .and_then(|v| v.set_error_message(prompt))
            .map_err(io)?;
        let last = rows.len() as u32;
        ws.add_data_validation(1, VERDICT as u16, last, VERDICT as u16, &choices)
            .map_err(io)?;
        ws.autofilter(0, 0, last, COLUMNS.len() as u16 - 1)
            .map_err(io)?;
    }
    ws.set_freeze_panes(1, 4).map_err(io)?;
    ws.autofit();
    // The question is long: a fixed width, so the reviewer's columns stay in view.
    ws.set_column_width(11, 60).map_err(io)?;
    for col in VERDICT..COLUMNS.len() {
        ws.set_column_width(col as u16, 16).map_err(io)?;
    }
    guide(&mut book, lang, as_of, inputs, catalogue, &bold)?;
    out.write_all(&book.save_to_buffer().map_err(io)?)
}

/// A second sheet telling the reviewer what to do, and what the sheet was made from: the
/// verdicts are matched to the same audit (as-of date, inputs, rule set).
fn guide(
    book: &mut Workbook,
    lang: Lang,
    as_of: NaiveDate,
    inputs: &[InputSummary],
    catalogue: &Catalogue,
    bold: &Style,
) -> std::io::Result<()> {
    let ws = book.add_worksheet();
    ws.set_name(match lang {
        Lang::Da => "Vejledning",
        Lang::En => "Guide",
    })
    .map_err(io)?;
    let [pass, fail, exempt] = verdict_choices(lang);
    let lines: Vec<String> = match lang {
        Lang::Da => vec![
            "Sådan udfyldes arket".into(),
            "Hver række er et resultat, som maskinen ikke kunne vurdere ud fra udtrækket (eller, med --material, et resultat af en væsentlig regel).".into(),
            "Læs sagen, og svar på spørgsmålet i kolonnen spørgsmål.".into(),
            format!("Vælg i kolonnen vurdering: {pass} (kravet er opfyldt), {fail} (kravet er ikke opfyldt) eller {exempt} (der er en lovlig, dokumenteret grund til at undlade det)."),
            "Lad vurdering stå tom, hvis resultatet ikke er vurderet: så gælder maskinens status.".into(),
            "Skriv begrundelsen i note og dit navn i bedømmer. De bliver på arket og kommer ikke med i rapporten.".into(),
            "Ret ikke i sag, regel og emne: vurderingen findes ud fra dem.".into(),
            "Flet vurderingerne ind med: caseaudit audit INPUT --as-of DATO --review ARK.xlsx".into(),
            String::new(),
            format!("Måledato: {as_of}"),
            format!("Regelsæt sha256: {}", catalogue.sha256),
        ],
        Lang::En => vec![
            "How to fill in the sheet".into(),
            "Each row is a result the machine could not assess from the export (or, with --material, a result of a material rule).".into(),
            "Read the case and answer the question in the question column.".into(),
            format!("Choose in the verdict column: {pass} (the requirement is met), {fail} (it is not met) or {exempt} (there is a lawful, documented reason not to)."),
            "Leave the verdict empty if the result was not reviewed: the machine's status stands.".into(),
            "Write the reason in note and your name in reviewer. They stay on the sheet and never enter the report.".into(),
            "Do not change case_id, rule and subject: the verdict is matched by them.".into(),
            "Merge the verdicts with: caseaudit audit INPUT --as-of DATE --review SHEET.xlsx".into(),
            String::new(),
            format!("As of: {as_of}"),
            format!("Rule set sha256: {}", catalogue.sha256),
        ],
    };
    for (r, line) in lines.iter().enumerate() {
        text_row(ws, r as u32, &[line], (r == 0).then_some(bold))?;
    }
    for (r, input) in (lines.len() as u32..).zip(inputs) {
        text_row(ws, r, &[&input.path, &input.sha256], None)?;
    }
    ws.set_column_width(0, 110).map_err(io)?;
    Ok(())
}

/// The sheet as CSV in Danish Excel's dialect (`;` and a UTF-8 BOM), so it opens as columns
/// where the reviewers work; `audit --review` reads `,` too.
pub fn write_csv(
    rows: &[ResultRow],
    catalogue: &Catalogue,
    lang: Lang,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    out.write_all("\u{feff}".as_bytes())?;
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(COLUMNS.iter().map(|c| c.header(lang)))?;
    for row in rows {
        let cells = cells(row, catalogue, lang);
        w.write_record(cells.iter().map(|c| neutralise(c).into_owned()))?;
    }
    w.flush()
}
