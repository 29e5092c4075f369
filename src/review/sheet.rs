//! The review sheet's columns, and the verdicts read back from filled-in sheets (.xlsx, or
//! .csv as Excel saves it: `;` or `,`, UTF-8 with or without BOM, or Windows-1252). One
//! sheet per reviewer: two sheets that answer the same result are a double review, whose
//! agreement the report gives; a verdict marked in the adjudication column settles a result
//! the reviewers disagree on.
//!
//! A sheet is read row by row and only its verdicts are kept (compactly, by result), so a
//! sheet of a million rows is read in memory proportional to its verdicts, not its cells.
use super::{Orphan, at_row};
use crate::lang::{Msg, OrSay};
use crate::load::values::parse_flag;
use crate::model::Case;
use crate::privacy::{Pseudonyms, mask_cpr};
use crate::rules::{Catalogue, Finding, Lang, Status};
use chrono::NaiveDate;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{BufRead, Read};
use std::path::Path;

/// A column of the review sheet: its id (the English header) and its Danish header. A sheet
/// is read back with either.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub id: &'static str,
    pub da: &'static str,
}

impl Column {
    pub fn header(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Da => self.da,
            Lang::En => self.id,
        }
    }
}

const fn col(id: &'static str, da: &'static str) -> Column {
    Column { id, da }
}

/// The review sheet, left to right: the key, the question with the events to open and the
/// machine's findings for the case, the machine's own result and evidence, the reviewer's
/// four columns, and the as-of date the sheet was made at.
pub const COLUMNS: [Column; 19] = [
    col("case_id", "sag"),
    col("team", "team"),
    col("rule", "regel"),
    col("subject", "emne"),
    col("question", "spørgsmål"),
    col("events", "hændelser"),
    col("machine_findings", "maskinens fund"),
    col("status", "maskinens status"),
    col("start", "start"),
    col("due", "frist"),
    col("done", "udført"),
    col("late", "for sent"),
    col("law", "lov"),
    col("message", "besked"),
    col("verdict", "vurdering"),
    col("note", "note"),
    col("reviewer", "bedømmer"),
    col("adjudication", "opmand"),
    col("as_of", "måledato"),
];

/// The position of a column in [`COLUMNS`].
pub fn column(id: &str) -> usize {
    COLUMNS.iter().position(|c| c.id == id).unwrap_or(0)
}

/// How many verdicts the report lists by name where they could be many (orphans, the
/// subjects two reviewers disagree on); the rest are counted.
pub const LISTED: usize = 100;

/// The verdicts a reviewer may give, as the drop-down offers them in `lang`.
pub fn verdict_choices(lang: Lang) -> [&'static str; 3] {
    [Status::Pass, Status::Fail, Status::Exempt].map(|s| s.label(lang))
}

/// The mark of a verdict that is an adjudication, as the drop-down offers it.
pub fn adjudication_mark(lang: Lang) -> &'static str {
    lang.t(Msg::Yes)
}

/// A verdict as written: an English id or a Danish label, any case.
fn parse_verdict(text: &str) -> Option<Status> {
    let text = text.trim().to_lowercase();
    [Status::Pass, Status::Fail, Status::Exempt]
        .into_iter()
        .find(|s| text == s.name() || text == s.label(Lang::Da))
}

/// One verdict as a sheet gave it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Given {
    verdict: Status,
    /// The sheet (in the order given) and its row (the header is row 1).
    sheet: u16,
    row: u64,
}

/// What the sheets say about one result.
#[derive(Debug, Default)]
struct Entry {
    /// The reviewers' verdicts, at most one per sheet and two in all, in sheet order.
    given: [Option<Given>; 2],
    /// A verdict marked as adjudication: it settles the result.
    adjudication: Option<Given>,
    used: bool,
}

/// One filled-in sheet, as read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sheet {
    pub file: String,
    /// Data rows read, with a verdict or without.
    pub rows: u64,
    /// Rows with a verdict, and those of them marked as adjudication.
    pub verdicts: u64,
    pub adjudications: u64,
    /// The as-of dates the sheet says it was made at (its `måledato` column; a sheet made
    /// before that column names none).
    pub as_of: BTreeSet<NaiveDate>,
}

/// The verdicts of one or more review sheets, by (case id, rule id, subject).
pub struct Verdicts {
    pub sheets: Vec<Sheet>,
    entries: HashMap<Box<str>, Entry>,
    /// Hashes of the case ids with a verdict: most cases of a large export have none.
    cases: HashSet<u64>,
}

/// The key of a result: case id, rule id and subject, joined by a separator no cell holds
/// after reading (control characters are not part of an id).
fn key(case: &str, rule: &str, subject: &str) -> String {
    format!("{case}\u{1f}{rule}\u{1f}{subject}")
}

fn case_hash(case: &str) -> u64 {
    let mut h = DefaultHasher::new();
    case.hash(&mut h);
    h.finish()
}

impl Verdicts {
    /// Reads filled-in review sheets, one per reviewer, in the order given. A verdict that is
    /// not pass, fail or exempt, a row with a verdict but no key, two different verdicts on
    /// one result in one sheet, verdicts on one result from more than two sheets and two
    /// adjudications that differ are errors that name the file and the row.
    pub fn read(paths: &[&Path]) -> anyhow::Result<Verdicts> {
        let mut out = Verdicts {
            sheets: Vec::new(),
            entries: HashMap::new(),
            cases: HashSet::new(),
        };
        for path in paths {
            out.read_sheet(path)?;
        }
        Ok(out)
    }

    fn read_sheet(&mut self, path: &Path) -> anyhow::Result<()> {
        let file = path.display().to_string();
        let index = self.sheets.len() as u16;
        let mut sheet = Sheet {
            file: file.clone(),
            ..Sheet::default()
        };
        let mut columns: Option<Columns> = None;
        let mut files = self
            .sheets
            .iter()
            .map(|s| s.file.clone())
            .collect::<Vec<_>>();
        files.push(file.clone());
        each_row(path, &mut |row, cells| {
            let Some(cols) = &columns else {
                columns = Some(Columns::find(&file, cells)?);
                return Ok(());
            };
            if cells.iter().all(|c| c.trim().is_empty()) {
                return Ok(());
            }
            sheet.rows += 1;
            let cell = |i: Option<usize>| {
                i.and_then(|i| cells.get(i))
                    .map(|c| plain(c.trim()))
                    .unwrap_or_default()
            };
            if sheet.as_of.len() < 8
                && let Some(date) = crate::load::values::parse_moment(&cell(cols.as_of))
            {
                sheet.as_of.insert(date.date);
            }
            let adjudication = match cell(cols.adjudication) {
                text if text.is_empty() => false,
                text => parse_flag(&text).ok_or_else(|| {
                    let text = format!("{text:?}");
                    at_row(
                        &file,
                        row,
                        crate::both!(SheetAdjudicationValue, text = text),
                    )
                })?,
            };
            let written = cell(Some(cols.verdict));
            if written.is_empty() {
                if adjudication {
                    return Err(at_row(&file, row, crate::both!(SheetAdjudicationNoVerdict)));
                }
                return Ok(());
            }
            let Some(verdict) = parse_verdict(&written) else {
                let [p, f, e] = verdict_choices(Lang::Da);
                let written = crate::privacy::quoted(&written);
                return Err(at_row(
                    &file,
                    row,
                    crate::both!(SheetBadVerdict, written = written, p = p, f = f, e = e),
                ));
            };
            let (case, rule, subject) = (
                cell(Some(cols.case)),
                cell(Some(cols.rule)),
                cell(Some(cols.subject)),
            );
            if case.is_empty() || rule.is_empty() || subject.is_empty() {
                return Err(at_row(&file, row, crate::both!(SheetVerdictNeedsKeys)));
            }
            sheet.verdicts += 1;
            sheet.adjudications += u64::from(adjudication);
            let given = Given {
                verdict,
                sheet: index,
                row,
            };
            let what = format!("{case} {rule} {subject}");
            self.cases.insert(case_hash(&case));
            let entry = self
                .entries
                .entry(key(&case, &rule, &subject).into_boxed_str())
                .or_default();
            add(entry, given, adjudication, &what, &files)
        })?;
        if columns.is_none() {
            return Err(anyhow::Error::new(crate::both!(SheetEmpty, file = file)));
        }
        self.sheets.push(sheet);
        Ok(())
    }

    /// Marks every verdict unused again.
    pub fn reset(&mut self) {
        for entry in self.entries.values_mut() {
            entry.used = false;
        }
    }

    /// How many results were given a verdict.
    pub fn verdicts(&self) -> u64 {
        self.entries.len() as u64
    }

    /// Data rows read, in every sheet.
    pub fn rows(&self) -> u64 {
        self.sheets.iter().map(|s| s.rows).sum()
    }

    /// Replaces the status of each finding of `case` that has a verdict, keeping the
    /// machine's status beside it: the adjudication if there is one; else the reviewers'
    /// verdict when they agree (or only one gave one); else not assessable, disputed.
    /// A sheet written with `--pseudonymize` names the case by its pseudonym and its subject
    /// with CPR numbers masked: with the same key, those match too. (A CPR number masked
    /// without a key cannot be told from another one: such a verdict matches nothing and is
    /// reported.)
    pub fn apply(
        &mut self,
        case: &Case,
        findings: &mut [Finding],
        catalogue: &Catalogue,
        pseudonyms: Option<&Pseudonyms>,
    ) {
        let mut ids = vec![case.id.clone()];
        ids.extend(pseudonyms.map(|p| p.id(&case.id)));
        ids.retain(|id| self.cases.contains(&case_hash(id)));
        if ids.is_empty() {
            return;
        }
        for f in findings {
            let rule = &catalogue.rules[f.rule].id;
            let subject = f.subject_label(case);
            let masked = mask_cpr(&subject).into_owned();
            let found = ids
                .iter()
                .flat_map(|id| [(id, &subject), (id, &masked)])
                .map(|(id, subject)| key(id, rule, subject))
                .find(|key| self.entries.contains_key(key.as_str()));
            let Some(entry) = found.and_then(|key| self.entries.get_mut(key.as_str())) else {
                continue;
            };
            entry.used = true;
            if let [Some(a), Some(b)] = entry.given {
                f.human.pair = Some((a.verdict, b.verdict));
            }
            let verdict = match (entry.adjudication, entry.given) {
                (Some(adjudication), _) => {
                    f.human.adjudicated = true;
                    adjudication.verdict
                }
                (None, [Some(a), Some(b)]) if a.verdict != b.verdict => Status::NotAssessable,
                (None, [Some(a), _]) => a.verdict,
                (None, [None, _]) => continue,
            };
            f.set_verdict(verdict);
        }
    }

    /// How many verdicts matched no result (the case, rule or subject no longer exists), and
    /// the first [`LISTED`] of them in sheet and row order.
    pub fn orphans(&self) -> (u64, Vec<Orphan>) {
        let mut total = 0;
        // The LISTED earliest, kept as they come: a max-heap by (sheet, row).
        let mut first: std::collections::BinaryHeap<(u16, u64, &str, Status)> =
            std::collections::BinaryHeap::new();
        for (key, entry) in self.entries.iter().filter(|(_, e)| !e.used) {
            let given = entry.given.iter().chain([&entry.adjudication]).flatten();
            for g in given {
                total += 1;
                first.push((g.sheet, g.row, key, g.verdict));
                if first.len() > LISTED {
                    first.pop();
                }
            }
        }
        let listed = first
            .into_sorted_vec()
            .into_iter()
            .map(|(sheet, row, key, verdict)| {
                let mut parts = key.splitn(3, '\u{1f}');
                let mut part = || parts.next().unwrap_or_default().to_string();
                Orphan {
                    case_id: part(),
                    rule: part(),
                    subject: Some(part()),
                    verdict: Some(verdict),
                    row,
                    file: Some(self.sheets[sheet as usize].file.clone()),
                }
            })
            .collect();
        (total, listed)
    }
}

/// A verdict as a message names it: its Danish label, its English id.
fn verdict_name(status: Status, lang: Lang) -> &'static str {
    match lang {
        Lang::Da => status.label(lang),
        Lang::En => status.name(),
    }
}

/// Adds a sheet's verdict on one result to what the earlier rows and sheets said.
fn add(
    entry: &mut Entry,
    given: Given,
    adjudication: bool,
    what: &str,
    files: &[String],
) -> anyhow::Result<()> {
    let place = |g: &Given, lang: Lang| {
        let row = lang.t(Msg::Row);
        format!("{}, {row} {}", files[g.sheet as usize], g.row)
    };
    let file = &files[given.sheet as usize];
    if adjudication {
        return match entry.adjudication {
            Some(earlier) if earlier.verdict != given.verdict => {
                let say = |lang: Lang| {
                    crate::tr!(
                        lang,
                        SheetAdjudicationDiffers,
                        what = what,
                        verdict = verdict_name(given.verdict, lang),
                        place = place(&earlier, lang),
                        earlier = verdict_name(earlier.verdict, lang)
                    )
                };
                let detail = crate::model::input::Reason::new(say(Lang::Da), say(Lang::En));
                Err(at_row(file, given.row, detail))
            }
            Some(_) => Ok(()),
            None => {
                entry.adjudication = Some(given);
                Ok(())
            }
        };
    }
    let same_sheet = entry
        .given
        .iter()
        .flatten()
        .find(|g| g.sheet == given.sheet);
    match same_sheet {
        Some(earlier) if earlier.verdict != given.verdict => {
            let say = |lang: Lang| {
                crate::tr!(
                    lang,
                    SheetVerdictTwice,
                    what = what,
                    verdict = verdict_name(earlier.verdict, lang),
                    row = earlier.row
                )
            };
            let detail = crate::model::input::Reason::new(say(Lang::Da), say(Lang::En));
            Err(at_row(file, given.row, detail))
        }
        Some(_) => Ok(()),
        None => match entry.given.iter_mut().find(|g| g.is_none()) {
            Some(free) => {
                *free = Some(given);
                Ok(())
            }
            None => {
                let say = |lang: Lang| {
                    let [a, b] = entry.given.map(|g| g.map(|g| place(&g, lang)));
                    crate::tr!(
                        lang,
                        SheetTwoSheets,
                        what = what,
                        a = a.unwrap_or_default(),
                        b = b.unwrap_or_default()
                    )
                };
                let detail = crate::model::input::Reason::new(say(Lang::Da), say(Lang::En));
                Err(at_row(file, given.row, detail))
            }
        },
    }
}

/// Where the columns a verdict is read from are, found by their header in either language.
struct Columns {
    case: usize,
    rule: usize,
    subject: usize,
    verdict: usize,
    adjudication: Option<usize>,
    as_of: Option<usize>,
}

impl Columns {
    fn find(file: &str, header: &[String]) -> anyhow::Result<Columns> {
        let find = |id: &str| {
            let column = COLUMNS[column(id)];
            header.iter().position(|h| {
                let h = h.trim().to_lowercase();
                h == column.id || h == column.da
            })
        };
        let [case, rule, subject, verdict] = ["case_id", "rule", "subject", "verdict"].map(find);
        let (Some(case), Some(rule), Some(subject), Some(verdict)) = (case, rule, subject, verdict)
        else {
            return Err(anyhow::Error::new(crate::both!(SheetColumns, file = file)));
        };
        Ok(Columns {
            case,
            rule,
            subject,
            verdict,
            adjudication: find("adjudication"),
            as_of: find("as_of"),
        })
    }
}

/// A cell as typed: the sheet writer puts `'` before text a spreadsheet would run as a
/// formula (`-K1`, `=…`); that mark is not part of the value.
fn plain(cell: &str) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_string(),
        _ => cell.to_string(),
    }
}

/// A row's number as a spreadsheet shows it (1 for the first), and its cells as text.
type RowFn<'a> = dyn FnMut(u64, &[String]) -> anyhow::Result<()> + 'a;

/// Calls `f` with each row of the sheet, one at a time: a `.csv`/`.tsv`/`.txt` as CSV,
/// anything else as a workbook's first sheet. An error reading the sheet names it; an error
/// of `f` (a row's refusal, which names file and row) is passed on as it is.
fn each_row(path: &Path, f: &mut RowFn) -> anyhow::Result<()> {
    let is_csv = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "csv" | "tsv" | "txt"));
    let mut refused = None;
    let mut rows = |row: u64, cells: &[String]| {
        f(row, cells).map_err(|e| {
            refused = Some(e);
            anyhow::anyhow!("refused")
        })
    };
    let read = if is_csv {
        csv_rows(path, &mut rows)
    } else {
        workbook_rows(path, &mut rows)
    };
    match (refused, read) {
        (Some(e), _) => Err(e),
        (None, read) => read.or_say(Msg::CouldNotReadReviewSheet, path.display()),
    }
}

/// The first sheet's rows, each with its row number. An .xlsx is read cell by cell (its
/// shared strings are all a workbook keeps in memory); another workbook (.ods, .xls) whole.
fn workbook_rows(path: &Path, f: &mut RowFn) -> anyhow::Result<()> {
    use calamine::{Reader, Sheets};
    let mut book = calamine::open_workbook_auto(path).map_err(|e| {
        let error = crate::lang::detail::foreign(&e);
        anyhow::Error::new(crate::lang::said(
            Msg::NotAWorkbook,
            &[],
            &[("error", &error)],
        ))
    })?;
    let name = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| anyhow::Error::new(crate::both!(WorkbookWithoutSheets)))?;
    let sheet_error = |e: &dyn std::fmt::Display| {
        let sheet = format!("{name:?}");
        let error = crate::lang::detail::foreign(e);
        anyhow::Error::new(crate::lang::said(
            Msg::CouldNotReadSheet,
            &[("sheet", &sheet)],
            &[("error", &error)],
        ))
    };
    if let Sheets::Xlsx(xlsx) = &mut book {
        let mut cells = xlsx
            .worksheet_cells_reader(&name)
            .map_err(|e| sheet_error(&e))?;
        let mut row: Vec<String> = Vec::new();
        let mut current: Option<u32> = None;
        while let Some(cell) = cells.next_cell().map_err(|e| sheet_error(&e))? {
            let (r, c) = cell.get_position();
            if let Some(cur) = current.filter(|cur| *cur != r) {
                f(u64::from(cur) + 1, &row)?;
                row.clear();
            }
            current = Some(r);
            let c = c as usize;
            if row.len() <= c {
                row.resize(c + 1, String::new());
            }
            row[c] = cell_text(&cell.get_value().clone().into());
        }
        if let Some(r) = current {
            f(u64::from(r) + 1, &row)?;
        }
        return Ok(());
    }
    let range = book.worksheet_range(&name).map_err(|e| sheet_error(&e))?;
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    for (i, cells) in range.rows().enumerate() {
        let mut text = vec![String::new(); first_col as usize];
        text.extend(cells.iter().map(cell_text));
        f(u64::from(first_row) + i as u64 + 1, &text)?;
    }
    Ok(())
}

/// A workbook cell as text: a whole number without its decimals, a date (the as-of
/// column, if a spreadsheet made a date of it) as YYYY-MM-DD.
fn cell_text(cell: &calamine::Data) -> String {
    use calamine::Data;
    match cell {
        Data::Float(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", *x as i64),
        Data::Empty => String::new(),
        Data::DateTime(d) => crate::load::values::excel_serial(d.as_f64())
            .map(|m| m.date.to_string())
            .unwrap_or_else(|| d.to_string()),
        other => other.to_string(),
    }
}

/// A CSV's records, each with the line it begins on. The delimiter is the header line's
/// most frequent of `;`, `,` and tab; the text is UTF-8 (with or without BOM) if the whole
/// file is, else Windows-1252. The file is read twice, a line at a time: once to tell the
/// encoding, once for the records (a quoted field may run over lines).
fn csv_rows(path: &Path, f: &mut RowFn) -> anyhow::Result<()> {
    let utf8 = is_utf8(std::fs::File::open(path)?)?;
    let mut input = std::io::BufReader::new(std::fs::File::open(path)?);
    let mut line = Vec::new();
    input.read_until(b'\n', &mut line)?;
    let header = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&line);
    let delimiter = [b';', b',', b'\t']
        .into_iter()
        .max_by_key(|d| header.iter().filter(|b| *b == d).count())
        .unwrap_or(b',');
    let mut input = std::io::BufReader::new(std::fs::File::open(path)?);
    let mut records = CsvRecords {
        reader: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
        line: Vec::new(),
        pos: 0,
        lines: 0,
        eof: false,
        output: vec![0; 1024],
        ends: vec![0; 32],
    };
    let mut cells: Vec<String> = Vec::new();
    let mut first = true;
    while let Some(at) = records.next(&mut input, &mut cells, utf8)? {
        if first {
            first = false;
            if let Some(c) = cells.first_mut()
                && let Some(rest) = c.strip_prefix('\u{feff}')
            {
                *c = rest.to_string();
            }
        }
        f(at, &cells)?;
    }
    Ok(())
}

/// Whether a file is UTF-8 throughout, read a block at a time.
fn is_utf8(mut file: impl Read) -> std::io::Result<bool> {
    let mut buf = vec![0u8; 1 << 16];
    let mut carry = 0;
    loop {
        let n = file.read(&mut buf[carry..])?;
        let filled = carry + n;
        if n == 0 {
            return Ok(carry == 0);
        }
        match std::str::from_utf8(&buf[..filled]) {
            Ok(_) => carry = 0,
            // A letter cut by the block's end: keep its start for the next block.
            Err(e) if e.error_len().is_none() => {
                let valid = e.valid_up_to();
                buf.copy_within(valid..filled, 0);
                carry = filled - valid;
            }
            Err(_) => return Ok(false),
        }
    }
}

/// CSV records read a line at a time with the csv crate's own parser, so a record's first
/// line is known (blank lines between records are skipped, as the csv crate skips them).
struct CsvRecords {
    reader: csv_core::Reader,
    /// The line being parsed, and how much of it the parser has taken.
    line: Vec<u8>,
    pos: usize,
    /// Lines read so far.
    lines: u64,
    eof: bool,
    output: Vec<u8>,
    ends: Vec<usize>,
}

impl CsvRecords {
    /// The next record's cells, and the line it begins on; None at the end.
    fn next(
        &mut self,
        input: &mut impl BufRead,
        cells: &mut Vec<String>,
        utf8: bool,
    ) -> std::io::Result<Option<u64>> {
        use csv_core::ReadRecordResult::*;
        let (mut out, mut ends) = (0, 0);
        let mut start: Option<u64> = None;
        loop {
            if self.pos == self.line.len() && !self.eof {
                self.line.clear();
                self.pos = 0;
                if input.read_until(b'\n', &mut self.line)? == 0 {
                    self.eof = true;
                } else {
                    self.lines += 1;
                    let blank = self.line.iter().all(|b| matches!(b, b'\r' | b'\n'));
                    if start.is_none() && blank {
                        self.pos = self.line.len();
                        continue;
                    }
                    start.get_or_insert(self.lines);
                }
            }
            let (result, taken, written, ended) = self.reader.read_record(
                &self.line[self.pos..],
                &mut self.output[out..],
                &mut self.ends[ends..],
            );
            self.pos += taken;
            out += written;
            ends += ended;
            match result {
                InputEmpty => {}
                OutputFull => self.output.resize(self.output.len() * 2, 0),
                OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                Record => {
                    cells.clear();
                    let mut from = 0;
                    for &end in &self.ends[..ends] {
                        let bytes = &self.output[from..end];
                        cells.push(if utf8 {
                            String::from_utf8_lossy(bytes).into_owned()
                        } else {
                            encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned()
                        });
                        from = end;
                    }
                    return Ok(Some(start.unwrap_or(self.lines)));
                }
                End => return Ok(None),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_are_read_in_english_and_danish() {
        assert_eq!(parse_verdict("pass"), Some(Status::Pass));
        assert_eq!(parse_verdict(" Ikke opfyldt "), Some(Status::Fail));
        assert_eq!(parse_verdict("UNDTAGET"), Some(Status::Exempt));
        assert_eq!(parse_verdict("pending"), None);
        assert_eq!(parse_verdict("måske"), None);
    }

    #[test]
    fn the_formula_mark_is_not_part_of_a_value() {
        assert_eq!(plain("'-K1"), "-K1");
        assert_eq!(plain("'=1+1"), "=1+1");
        assert_eq!(plain("'t Hoff"), "'t Hoff");
        assert_eq!(plain("K1"), "K1");
    }

    fn rows_of(text: &[u8]) -> Vec<(u64, Vec<String>)> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.csv");
        std::fs::write(&path, text).unwrap();
        let mut out = Vec::new();
        each_row(&path, &mut |row, cells| {
            out.push((row, cells.to_vec()));
            Ok(())
        })
        .unwrap();
        out
    }

    #[test]
    fn csv_delimiter_and_line_numbers() {
        let grid = rows_of("\u{feff}sag;regel\nK1;R1\n\nK2;R2\n".as_bytes());
        assert_eq!(grid[0].1, vec!["sag", "regel"]);
        assert_eq!(grid[1], (2, vec!["K1".to_string(), "R1".to_string()]));
        assert_eq!(grid[2].0, 4);
        // A quoted field over two lines, CRLF, and a last line without its end.
        let grid = rows_of(b"a,b\r\n\"x\r\ny\",z\r\n\r\nq,\"r\"\"s\"");
        assert_eq!(grid[1], (2, vec!["x\r\ny".to_string(), "z".to_string()]));
        assert_eq!(grid[2], (5, vec!["q".to_string(), "r\"s".to_string()]));
    }

    #[test]
    fn csv_text_is_utf8_or_windows_1252_as_the_whole_file_is() {
        let grid = rows_of(b"sag;team\nK1;\xD8st\n");
        assert_eq!(grid[1].1[1], "Øst");
        let grid = rows_of("sag;team\nK1;Øst\n".as_bytes());
        assert_eq!(grid[1].1[1], "Øst");
    }

    #[test]
    fn utf8_is_told_across_block_ends() {
        let mut text = vec![b'a'; (1 << 16) - 1];
        text.extend("ø".as_bytes());
        assert!(is_utf8(&text[..]).unwrap());
        text.push(0xC3);
        assert!(!is_utf8(&text[..]).unwrap());
        assert!(!is_utf8(&b"\xD8st"[..]).unwrap());
    }
}
