//! The review sheet (`caseaudit review`): one row per result that needs a person's eyes, a
//! case's reviewer questions first, each with the question, the events to open and the
//! machine's findings for the case beside it, the machine's evidence, and empty columns for
//! the verdict (a drop-down in xlsx), a note, the reviewer and the adjudication mark.
//! `audit --review` reads it back (`crate::review`). A working paper for local use: it
//! names cases.
use super::csv::neutralise;
use super::xlsx::{Widths, text_row};
use super::{ResultRow, message};
use crate::lang::Msg;
use crate::model::input::InputSummary;
use crate::model::{Case, case_as_of};
use crate::privacy::mask_cpr;
use crate::review::{COLUMNS, adjudication_mark, column, needs_review, verdict_choices};
use crate::rules::{Catalogue, Check, Finding, Lang, Status};
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{DataValidation, DocProperties, ExcelDateTime, Format as Style, Workbook};
use std::io::Write as _;

/// How many events and machine findings a row names; the rest are counted.
const NAMED: usize = 10;

/// What a row shows beside its result: the events the reviewer should open and the
/// machine's findings for the same case, in the sheet's language, CPR numbers masked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Beside {
    pub events: String,
    pub findings: String,
}

/// The rows of one case that need a person's eyes, its reviewer questions first (a
/// Task Force måleskema is read question by question), then the machine's results that
/// need review (not assessable; with `material` every result of a material rule). Each row
/// has its [`Beside`].
pub fn case_rows(
    case: &Case,
    findings: &[Finding],
    catalogue: &Catalogue,
    material: bool,
    as_of: NaiveDate,
    lang: Lang,
) -> Vec<(ResultRow, Beside)> {
    let question = |f: &&Finding| catalogue.rules[f.rule].is_question();
    let wanted = findings
        .iter()
        .filter(|f| needs_review(f, catalogue, material));
    let (questions, machine): (Vec<&Finding>, Vec<&Finding>) = wanted.partition(question);
    if questions.is_empty() && machine.is_empty() {
        return Vec::new();
    }
    let past = case_as_of(case, as_of, &catalogue.provisions);
    questions
        .into_iter()
        .chain(machine)
        .map(|f| {
            let beside = Beside {
                events: events_to_open(&past, f, catalogue, lang),
                findings: machine_findings(&past, f, findings, catalogue, lang),
            };
            (ResultRow::new(case, f), beside)
        })
        .collect()
}

/// The subject, the event it answers, its answers, and for a question the events of the
/// types it names dated on or before the subject: "afgørelse 2024-05-10 (D1); …".
fn events_to_open(case: &Case, f: &Finding, catalogue: &Catalogue, lang: Lang) -> String {
    let s = f.subject;
    let mut events: Vec<usize> = vec![s];
    events.extend(case.links.get(s).copied().flatten());
    events.extend((0..case.events.len()).filter(|&j| case.links.get(j) == Some(&Some(s))));
    if let Check::Question(q) = &catalogue.rules[f.rule].variants[f.variant].check {
        let at = case.events[s].at;
        events.extend(
            (0..case.events.len())
                .filter(|&j| q.open.contains(&case.events[j].kind))
                .filter(|&j| case.events[j].at.on_or_before(at)),
        );
    }
    events.sort_unstable();
    events.dedup();
    let named: Vec<String> = events
        .iter()
        .take(NAMED)
        .map(|&j| {
            let e = &case.events[j];
            let (da, en) = e.kind.nouns();
            let noun = if lang == Lang::Da { da } else { en };
            match &e.id {
                Some(id) => format!("{noun} {} ({id})", e.at),
                None => format!("{noun} {}", e.at),
            }
        })
        .collect();
    mask_cpr(&with_more(named, events.len(), lang)).into_owned()
}

/// The machine's results for the case: those on the row's subject first (whatever their
/// status), then the case's others that are not a pass: "S1 ikke opfyldt (D1); …".
fn machine_findings(
    case: &Case,
    row: &Finding,
    findings: &[Finding],
    catalogue: &Catalogue,
    lang: Lang,
) -> String {
    let machine = findings
        .iter()
        .filter(|f| !catalogue.rules[f.rule].is_question() && !std::ptr::eq(*f, row));
    let (same, other): (Vec<&Finding>, Vec<&Finding>) =
        machine.partition(|f| f.subject == row.subject);
    let shown: Vec<&Finding> = same
        .into_iter()
        .chain(other.into_iter().filter(|f| f.status != Status::Pass))
        .collect();
    let named: Vec<String> = shown
        .iter()
        .take(NAMED)
        .map(|f| {
            format!(
                "{} {} ({})",
                catalogue.rules[f.rule].id,
                f.status.label(lang),
                f.subject_label(case)
            )
        })
        .collect();
    mask_cpr(&with_more(named, shown.len(), lang)).into_owned()
}

/// Items joined by "; ", and how many more there are.
fn with_more(named: Vec<String>, all: usize, lang: Lang) -> String {
    let more = all - named.len();
    let mut text = named.join("; ");
    if more > 0 {
        text.push_str(&match lang {
            Lang::Da => format!("; … og {more} mere"),
            Lang::En => format!("; … and {more} more"),
        });
    }
    text
}

/// The cells of one row, in [`COLUMNS`] order, the reviewer's columns empty.
pub fn cells(
    row: &ResultRow,
    beside: &Beside,
    catalogue: &Catalogue,
    lang: Lang,
    as_of: NaiveDate,
) -> Vec<String> {
    let rule = &catalogue.rules[row.rule];
    let moment = |m: Option<crate::calendar::Moment>| m.map(|m| m.to_string()).unwrap_or_default();
    let mut cells = vec![String::new(); COLUMNS.len()];
    let mut set = |id: &str, text: String| cells[column(id)] = text;
    set("case_id", row.case_id.clone());
    set("team", row.team.clone().unwrap_or_default());
    set("rule", rule.id.clone());
    set("subject", row.subject.clone());
    set("question", rule.texts(lang).question.clone());
    set("events", beside.events.clone());
    set("machine_findings", beside.findings.clone());
    set("status", row.status.label(lang).to_string());
    set("start", moment(row.start));
    set("due", moment(row.due));
    set("done", moment(row.done));
    set("late", super::message::late(row, lang));
    set("law", rule.variants[row.variant].law.clone());
    set("message", message(row, lang));
    set("as_of", as_of.to_string());
    cells
}

fn io(e: rust_xlsxwriter::XlsxError) -> std::io::Error {
    std::io::Error::other(e.to_string())
}

/// The sheet as a workbook; its creation date is the as-of date, so runs are identical.
pub fn write_xlsx(
    rows: &SheetRows,
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
    // Written row by row to a temporary file, not held (constant memory mode); its columns
    // sized by the first rows.
    let ws = book.add_worksheet_with_constant_memory().map_err(io)?;
    ws.set_name(lang.t(Msg::Review)).map_err(io)?;
    let header: Vec<&str> = COLUMNS.iter().map(|c| c.header(lang)).collect();
    text_row(ws, 0, &header, Some(&bold))?;
    let mut widths = Widths::new(&header);
    for (i, cells) in rows.iter()?.enumerate() {
        let r = i as u32 + 1;
        let cells = cells?;
        let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
        text_row(ws, r, &cells, None)?;
        widths.measure(r, &cells);
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
        let verdict = column("verdict") as u16;
        ws.add_data_validation(1, verdict, last, verdict, &choices)
            .map_err(io)?;
        let (title, prompt) = match lang {
            Lang::Da => (
                "Opmand",
                "Skriv ja, når vurderingen er opmandens afgørelse af en uenighed mellem to bedømmere.",
            ),
            Lang::En => (
                "Adjudication",
                "Write yes when the verdict is the adjudication of two reviewers' disagreement.",
            ),
        };
        let mark = DataValidation::new()
            .allow_list_strings(&[adjudication_mark(lang)])
            .and_then(|v| v.set_input_title(title))
            .and_then(|v| v.set_input_message(prompt))
            .map_err(io)?;
        let adjudication = column("adjudication") as u16;
        ws.add_data_validation(1, adjudication, last, adjudication, &mark)
            .map_err(io)?;
        ws.autofilter(0, 0, last, COLUMNS.len() as u16 - 1)
            .map_err(io)?;
    }
    ws.set_freeze_panes(1, 4).map_err(io)?;
    widths.size(ws)?;
    // The question and what to open are long: fixed widths, so the reviewer's columns stay
    // in view.
    ws.set_column_width(column("question") as u16, 60)
        .map_err(io)?;
    for id in ["events", "machine_findings"] {
        ws.set_column_width(column(id) as u16, 40).map_err(io)?;
    }
    for id in ["verdict", "note", "reviewer", "adjudication"] {
        ws.set_column_width(column(id) as u16, 16).map_err(io)?;
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
    ws.set_name(lang.t(Msg::Guide)).map_err(io)?;
    let [pass, fail, exempt] = verdict_choices(lang);
    let lines: Vec<String> = match lang {
        Lang::Da => vec![
            "Sådan udfyldes arket".into(),
            "Hver sag begynder med dens spørgsmål til bedømmeren (som en Task Force-måling), derefter de resultater, maskinen ikke kunne vurdere ud fra udtrækket (med --material også resultaterne af de væsentlige regler).".into(),
            "Læs sagen, og svar på spørgsmålet i kolonnen spørgsmål. Kolonnen hændelser siger, hvilke hændelser (dato og id) du skal åbne; maskinens fund viser, hvad maskinen fandt i samme sag.".into(),
            format!("Vælg i kolonnen vurdering: {pass} (ja: kravet er opfyldt), {fail} (nej: kravet er ikke opfyldt) eller {exempt} (der er en lovlig, dokumenteret grund til at undlade det)."),
            "Lad vurdering stå tom, hvis resultatet ikke er vurderet: så gælder maskinens status (et spørgsmål afventer da stadig svar).".into(),
            "Skriv begrundelsen i note og dit navn i bedømmer. De bliver på arket og kommer ikke med i rapporten.".into(),
            "Ret ikke i sag, regel, emne og måledato: vurderingen findes ud fra dem.".into(),
            "To bedømmere: hver udfylder sin egen kopi af arket. Er de uenige, afgør en opmand sagen: tilføj en række med sag, regel og emne, opmandens vurdering og ja i kolonnen opmand (på et af arkene eller et tredje ark).".into(),
            "Flet vurderingerne ind med: caseaudit audit INPUT --as-of DATO --review ARK.xlsx (to bedømmere: --review A.xlsx --review B.xlsx)".into(),
            String::new(),
            format!("Måledato: {as_of}"),
            format!("Regelsæt sha256: {}", catalogue.sha256),
        ],
        Lang::En => vec![
            "How to fill in the sheet".into(),
            "Each case begins with its reviewer questions (as in a Task Force measurement), then the results the machine could not assess from the export (with --material also the results of the material rules).".into(),
            "Read the case and answer the question in the question column. The events column says which events (date and id) to open; machine_findings shows what the machine found in the same case.".into(),
            format!("Choose in the verdict column: {pass} (yes: the requirement is met), {fail} (no: it is not met) or {exempt} (there is a lawful, documented reason not to)."),
            "Leave the verdict empty if the result was not reviewed: the machine's status stands (a question then still awaits an answer).".into(),
            "Write the reason in note and your name in reviewer. They stay on the sheet and never enter the report.".into(),
            "Do not change case_id, rule, subject and as_of: the verdict is matched by them.".into(),
            "Two reviewers: each fills in a copy of the sheet of their own. Where they disagree, an adjudicator decides: add a row with the case_id, rule and subject, the adjudicator's verdict and yes in the adjudication column (on either sheet or a third one).".into(),
            "Merge the verdicts with: caseaudit audit INPUT --as-of DATE --review SHEET.xlsx (two reviewers: --review A.xlsx --review B.xlsx)".into(),
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
    rows: &SheetRows,
    lang: Lang,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    out.write_all("\u{feff}".as_bytes())?;
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(COLUMNS.iter().map(|c| c.header(lang)))?;
    for cells in rows.iter()? {
        w.write_record(cells?.iter().map(|c| neutralise(c).into_owned()))?;
    }
    w.flush()
}

/// Sheet rows held in memory before the rest go to a temporary file: a row's cells are
/// about a kilobyte, so a few megabytes.
pub const HELD: usize = 8_192;

/// The sheet's rows as their cells ([`cells`]), in order, in bounded memory: the first
/// [`HELD`] in memory, the rest written as they come to an anonymous temporary file in the
/// system's temporary folder (a count, then each cell's length and bytes) and read back
/// when the sheet is written. The rows are masked (and pseudonymised) before they come.
pub struct SheetRows {
    held: Vec<Vec<String>>,
    budget: usize,
    spill: Option<std::io::BufWriter<std::fs::File>>,
    len: usize,
}

impl Default for SheetRows {
    /// [`HELD`] rows in memory, or fewer under the results' test budget
    /// (`CASEAUDIT_TEST_RESULT_BUDGET`, as [`super::store`]).
    fn default() -> SheetRows {
        let budget = std::env::var("CASEAUDIT_TEST_RESULT_BUDGET")
            .ok()
            .and_then(|v| v.parse().ok())
            .map_or(HELD, |n: usize| n.min(HELD));
        SheetRows {
            held: Vec::new(),
            budget,
            spill: None,
            len: 0,
        }
    }
}

impl SheetRows {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Adds a row after the others.
    pub fn push(&mut self, cells: Vec<String>) -> anyhow::Result<()> {
        use crate::lang::OrSay;
        self.len += 1;
        if self.spill.is_none() && self.held.len() < self.budget {
            self.held.push(cells);
            return Ok(());
        }
        let spill = match &mut self.spill {
            Some(spill) => spill,
            None => {
                let file = tempfile::tempfile()
                    .or_say(Msg::CouldNotMakeTemp, std::env::temp_dir().display())?;
                self.spill
                    .insert(std::io::BufWriter::with_capacity(1 << 16, file))
            }
        };
        let write = |spill: &mut std::io::BufWriter<std::fs::File>| -> std::io::Result<()> {
            spill.write_all(&(cells.len() as u32).to_le_bytes())?;
            for cell in &cells {
                spill.write_all(&(cell.len() as u32).to_le_bytes())?;
                spill.write_all(cell.as_bytes())?;
            }
            Ok(())
        };
        write(spill).or_say(Msg::CouldNotSpill, std::env::temp_dir().display())
    }

    /// Forgets every row: the inputs are read again from the start.
    pub fn clear(&mut self) {
        *self = SheetRows {
            budget: self.budget,
            ..SheetRows::default()
        };
    }

    /// Writes out what the file's buffer holds: the rows are all pushed.
    pub fn finish(&mut self) -> anyhow::Result<()> {
        use crate::lang::OrSay;
        match &mut self.spill {
            Some(spill) => spill
                .flush()
                .or_say(Msg::CouldNotSpill, std::env::temp_dir().display()),
            None => Ok(()),
        }
    }

    /// The rows in order: those held, then those in the file, read back from its start
    /// (after [`SheetRows::finish`]).
    pub fn iter(&self) -> std::io::Result<impl Iterator<Item = std::io::Result<Vec<String>>> + '_> {
        let spilled = match &self.spill {
            Some(spill) => {
                if !spill.buffer().is_empty() {
                    return Err(std::io::Error::other("the sheet's rows are not finished"));
                }
                let mut file = spill.get_ref().try_clone()?;
                use std::io::Seek;
                file.rewind()?;
                Some((std::io::BufReader::new(file), self.len - self.held.len()))
            }
            None => None,
        };
        let read = spilled
            .into_iter()
            .flat_map(|(mut file, rows)| (0..rows).map(move |_| read_row(&mut file)));
        Ok(self.held.iter().cloned().map(Ok).chain(read))
    }
}

/// A row as [`SheetRows::push`] wrote it.
fn read_row(file: &mut impl std::io::Read) -> std::io::Result<Vec<String>> {
    let mut n = [0u8; 4];
    let mut count = |file: &mut dyn std::io::Read| -> std::io::Result<usize> {
        file.read_exact(&mut n)?;
        Ok(u32::from_le_bytes(n) as usize)
    };
    let cells = count(file)?;
    (0..cells)
        .map(|_| {
            let mut cell = vec![0u8; count(file)?];
            file.read_exact(&mut cell)?;
            String::from_utf8(cell).map_err(std::io::Error::other)
        })
        .collect()
}
