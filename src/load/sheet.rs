//! Spreadsheets (.xlsx, and what else calamine opens): the first sheet, or the one named
//! with `--sheet`, handed to the same table readers as CSV through [`Rows`].
use super::fields::{RawValue, head};
use super::table::Rows;
use super::{Reason, refusal};
use calamine::{CellErrorType, Data, DataRef, ExcelDateTime, ExcelDateTimeType, Reader, Sheets};
use chrono::{NaiveDate, NaiveTime};

use crate::calendar::Moment;

/// The most cells a sheet may hold (docs/robustness.md): a sheet is kept in memory, a few
/// dozen bytes a cell, so this bounds memory at a few hundred MB.
pub(crate) const MAX_CELLS: usize = 5_000_000;

/// Lowers [`MAX_CELLS`] for the test of the refusal (a workbook just over 5,000,000 cells
/// takes minutes to write and read in a debug build): not a user setting, and it can only
/// lower the limit.
const MAX_CELLS_FOR_TESTS: &str = "CASEAUDIT_TEST_MAX_SHEET_CELLS";

/// [`MAX_CELLS`], or less under [`MAX_CELLS_FOR_TESTS`].
fn max_cells() -> usize {
    std::env::var(MAX_CELLS_FOR_TESTS)
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(MAX_CELLS, |n: usize| n.min(MAX_CELLS))
}

/// One worksheet's cells, read sparsely (memory follows the cells present, not the used
/// range: one stray cell at XFD1048576 costs one cell), its first row the header.
pub(crate) struct SheetRows {
    /// The rows that hold a cell, in order: the 0-based sheet row and its cells as
    /// (0-based column, value), sorted by column.
    rows: Vec<(u32, Vec<(u32, Data)>)>,
    /// The leftmost column holding a cell: column `first_col + i` is header `i`.
    first_col: u32,
    headers: Vec<String>,
    /// The index in `rows` of the row being read (0 is the header).
    row: usize,
    /// The workbook counts dates from 1904.
    date1904: bool,
}

/// Opens a workbook and picks the sheet: `sheet` by name, else the first. Returns the
/// sheet's rows and its name.
pub(crate) fn open(bytes: &[u8], sheet: Option<&str>) -> anyhow::Result<(SheetRows, String)> {
    let max = max_cells();
    super::workbook::check(bytes, max)?;
    let mut book =
        calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).map_err(|e| {
            refusal(
                format!("er ikke en projektmappe, der kan læses: {e}"),
                format!("not a readable workbook: {e}"),
            )
        })?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(wanted) => names
            .iter()
            .find(|n| n.as_str() == wanted)
            .or_else(|| names.iter().find(|n| n.eq_ignore_ascii_case(wanted)))
            .cloned()
            .ok_or_else(|| {
                let sheets = names.join(", ");
                refusal(
                    format!("har intet ark med navnet {wanted:?}; dens ark er: {sheets}"),
                    format!("has no sheet named {wanted:?}; its sheets are: {sheets}"),
                )
            })?,
        None => names.first().cloned().ok_or_else(|| {
            refusal(
                "projektmappen har ingen ark".into(),
                "the workbook has no sheets".into(),
            )
        })?,
    };
    let unreadable = |e: &dyn std::fmt::Display| {
        refusal(
            format!("kunne ikke læse arket {name:?}: {e}"),
            format!("could not read sheet {name:?}: {e}"),
        )
    };
    let mut cells = Vec::new();
    // The date system is the workbook's own setting (workbookPr date1904), read where
    // calamine exposes it; an .xls carries it in each date cell; .ods has none.
    let date1904 = match &mut book {
        Sheets::Xlsx(x) => {
            let date1904 = x.has_1904_epoch();
            let mut reader = x
                .worksheet_cells_reader(&name)
                .map_err(|e| unreadable(&e))?;
            while let Some(cell) = reader.next_cell().map_err(|e| unreadable(&e))? {
                push(&mut cells, max, cell.get_position(), kept(cell.get_value()))?;
            }
            date1904
        }
        Sheets::Xlsb(x) => {
            let date1904 = x.has_1904_epoch();
            let mut reader = x
                .worksheet_cells_reader(&name)
                .map_err(|e| unreadable(&e))?;
            while let Some(cell) = reader.next_cell().map_err(|e| unreadable(&e))? {
                push(&mut cells, max, cell.get_position(), kept(cell.get_value()))?;
            }
            date1904
        }
        // calamine reads these only as a whole range; their formats cap a sheet's size
        // (.xls: 65,536 × 256).
        Sheets::Xls(_) | Sheets::Ods(_) => {
            let range = book.worksheet_range(&name).map_err(|e| unreadable(&e))?;
            let (row0, col0) = range.start().unwrap_or((0, 0));
            for (r, c, value) in range.used_cells() {
                let at = (row0 + r as u32, col0 + c as u32);
                let value = match value {
                    Data::String(s) => Data::String(head(s).to_string()),
                    other => other.clone(),
                };
                push(&mut cells, max, at, value)?;
            }
            cells.iter().any(|(_, _, d)| counts_from_1904(d))
        }
    };
    Ok((SheetRows::new(cells, date1904), name))
}

/// A cell's value as the sheet keeps it: a text only as far as [`head`] keeps it (a cell of
/// 400 MB is not copied whole).
fn kept(value: &DataRef) -> Data {
    let text = |s: &str| head(s).to_string();
    match value {
        DataRef::String(s) => Data::String(text(s)),
        DataRef::SharedString(s) => Data::String(text(s)),
        DataRef::DateTimeIso(s) => Data::DateTimeIso(text(s)),
        DataRef::DurationIso(s) => Data::DurationIso(text(s)),
        DataRef::Int(n) => Data::Int(*n),
        DataRef::Float(f) => Data::Float(*f),
        DataRef::Bool(b) => Data::Bool(*b),
        DataRef::DateTime(d) => Data::DateTime(*d),
        DataRef::Error(e) => Data::Error(e.clone()),
        DataRef::Empty => Data::Empty,
    }
}

/// Keeps a cell that holds something, refusing a sheet of more than `max` cells.
fn push(
    cells: &mut Vec<(u32, u32, Data)>,
    max: usize,
    at: (u32, u32),
    value: Data,
) -> anyhow::Result<()> {
    if matches!(value, Data::Empty) {
        return Ok(());
    }
    if cells.len() >= max {
        let cell = format!("{}{}", column_letters(at.1 as usize), at.0 + 1);
        return Err(refusal(
            format!(
                "arket rummer mere end {max} celler (ved {cell}); del det, eller eksportér det \
                 som CSV"
            ),
            format!(
                "the sheet holds more than {max} cells (at {cell}); split it or export it as CSV"
            ),
        ));
    }
    cells.push((at.0, at.1, value));
    Ok(())
}

/// Whether a date cell says its workbook counts from 1904 (an .xls keeps the setting in
/// each date cell).
fn counts_from_1904(d: &Data) -> bool {
    matches!(d, Data::DateTime(d)
        if *d == ExcelDateTime::new(d.as_f64(), ExcelDateTimeType::DateTime, true))
}

fn header_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
        other => other.to_string(),
    }
}

impl SheetRows {
    fn new(mut cells: Vec<(u32, u32, Data)>, date1904: bool) -> SheetRows {
        cells.sort_by_key(|&(r, c, _)| (r, c));
        let first_col = cells.iter().map(|&(_, c, _)| c).min().unwrap_or(0);
        let mut rows: Vec<(u32, Vec<(u32, Data)>)> = Vec::new();
        for (r, c, value) in cells {
            match rows.last_mut() {
                Some((last, row)) if *last == r => row.push((c, value)),
                _ => rows.push((r, vec![(c, value)])),
            }
        }
        let headers = rows
            .first()
            .map(|(_, cells)| {
                let width = cells
                    .last()
                    .map_or(0, |&(c, _)| (c - first_col) as usize + 1);
                let mut headers = vec![String::new(); width];
                for (c, value) in cells {
                    headers[(c - first_col) as usize] = header_text(value);
                }
                headers
            })
            .unwrap_or_default();
        SheetRows {
            rows,
            first_col,
            headers,
            row: 0,
            date1904,
        }
    }

    /// The current row's cells as (header index, value).
    fn current(&self) -> impl Iterator<Item = (usize, &Data)> {
        let cells = self.rows.get(self.row).map_or(&[][..], |(_, cells)| cells);
        cells
            .iter()
            .map(|(c, value)| ((c - self.first_col) as usize, value))
    }
}

impl Rows for SheetRows {
    fn headers(&self) -> &[String] {
        &self.headers
    }

    fn next_row(&mut self) -> Option<Result<(), (Option<u64>, Reason)>> {
        self.row += 1;
        (self.row < self.rows.len()).then_some(Ok(()))
    }

    fn line(&self) -> Option<u64> {
        self.rows.get(self.row).map(|(r, _)| u64::from(*r) + 1)
    }

    fn serial_offset(&self) -> f64 {
        if self.date1904 { 1462.0 } else { 0.0 }
    }

    /// A sheet row is ragged only when it has a value in a column the header leaves
    /// without a name.
    fn ragged(&self) -> Option<Reason> {
        let extra = self
            .current()
            .filter(|(i, _)| self.headers.get(*i).is_none_or(|h| h.trim().is_empty()))
            .find(|(_, d)| !is_blank(d))?;
        let column = column_letters(extra.0 + self.first_col as usize);
        Some(Reason::new(
            format!("en værdi i kolonne {column}, som ingen overskrift har"),
            format!("a value in column {column} which has no header"),
        ))
    }

    fn is_blank(&self) -> bool {
        self.current().all(|(_, d)| is_blank(d))
    }

    fn cell(&self, i: usize) -> RawValue<'_> {
        let col = self.first_col as usize + i;
        let cells = self.rows.get(self.row).map_or(&[][..], |(_, cells)| cells);
        let cell = cells
            .binary_search_by_key(&col, |(c, _)| *c as usize)
            .ok()
            .map(|k| &cells[k].1);
        match cell {
            None | Some(Data::Empty) => RawValue::Null,
            Some(Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s)) => RawValue::Str(s),
            Some(Data::Float(f)) => RawValue::Num(*f),
            Some(Data::Int(n)) => RawValue::Num(*n as f64),
            Some(Data::Bool(b)) => RawValue::Bool(*b),
            Some(Data::DateTime(d)) => {
                date_cell(d).map_or(RawValue::Num(d.as_f64()), RawValue::Moment)
            }
            Some(Data::Error(e)) => RawValue::Str(error_text(e)),
        }
    }
}

/// A date cell as a moment, through calamine's conversion, which honours the workbook's
/// date system (1900 or 1904); the time is rounded to the minute, and midnight exactly is
/// a date without time. `None` for a time-of-day cell (a serial below 1), which stays a
/// number (a fraction of a day), and for a duration.
fn date_cell(d: &ExcelDateTime) -> Option<Moment> {
    if !d.is_datetime() || !(1.0..2_958_466.0).contains(&d.as_f64()) {
        return None;
    }
    let (y, mo, day, h, mi, sec, milli) = d.to_ymd_hms_milli();
    let date = NaiveDate::from_ymd_opt(i32::from(y), u32::from(mo), u32::from(day))?;
    let time = NaiveTime::from_hms_opt(u32::from(h), u32::from(mi), 0)?;
    let mut at = date.and_time(time);
    if u32::from(sec) * 1000 + u32::from(milli) >= 30_000 {
        at += chrono::Duration::minutes(1);
    }
    Some(if at.time() == NaiveTime::MIN {
        Moment::day(at.date())
    } else {
        Moment::at(at.date(), at.time())
    })
}

fn is_blank(d: &Data) -> bool {
    match d {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

fn error_text(e: &CellErrorType) -> &'static str {
    match e {
        CellErrorType::Div0 => "#DIV/0!",
        CellErrorType::NA => "#N/A",
        CellErrorType::Name => "#NAME?",
        CellErrorType::Null => "#NULL!",
        CellErrorType::Num => "#NUM!",
        CellErrorType::Ref => "#REF!",
        CellErrorType::Value => "#VALUE!",
        CellErrorType::GettingData => "#GETTING_DATA",
    }
}

/// `0` → `A`, `27` → `AB`, as Excel names columns.
fn column_letters(mut i: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn garbage_is_not_a_workbook() {
        assert!(open(b"PK\x03\x04 not really", None).is_err());
        assert!(open(b"", None).is_err());
    }
}
