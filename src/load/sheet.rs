//! Spreadsheets (.xlsx, and what else calamine opens): the first sheet, or the one named
//! with `--sheet`, handed to the same table readers as CSV through [`Rows`].
use super::Reason;
use super::fields::RawValue;
use super::table::Rows;
use super::values::excel_serial;
use crate::calendar::Moment;
use calamine::{CellErrorType, Data, ExcelDateTime, Range, Reader};
use chrono::{NaiveDate, NaiveTime};

/// One worksheet's used range, its first row the header.
pub(crate) struct SheetRows {
    range: Range<Data>,
    headers: Vec<String>,
    /// The 0-based row of the range being read (0 is the header).
    row: usize,
    /// The sheet row number of the range's first row (1-based, as Excel shows it).
    first_line: u64,
    /// The workbook counts dates from 1904.
    date1904: bool,
}

/// Opens a workbook and picks the sheet: `sheet` by name, else the first. Returns the
/// sheet's rows and its name.
pub(crate) fn open(bytes: &[u8], sheet: Option<&str>) -> anyhow::Result<(SheetRows, String)> {
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| anyhow::anyhow!("not a readable workbook: {e}"))?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(wanted) => names
            .iter()
            .find(|n| n.as_str() == wanted)
            .or_else(|| names.iter().find(|n| n.eq_ignore_ascii_case(wanted)))
            .cloned()
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "has no sheet named {wanted:?}; its sheets are: {}",
                    names.join(", ")
                )
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| anyhow::anyhow!("the workbook has no sheets"))?,
    };
    let range = book
        .worksheet_range(&name)
        .map_err(|e| anyhow::anyhow!("could not read sheet {name:?}: {e}"))?;
    let first_line = range.start().map_or(1, |(row, _)| u64::from(row) + 1);
    let headers = range
        .rows()
        .next()
        .map(|cells| cells.iter().map(header_text).collect())
        .unwrap_or_default();
    let date1904 = uses_1904(&range);
    Ok((
        SheetRows {
            range,
            headers,
            row: 0,
            first_line,
            date1904,
        },
        name,
    ))
}

fn header_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
        other => other.to_string(),
    }
}

impl SheetRows {
    /// The current row's cells (the range is rectangular: `width` cells a row).
    fn current(&self) -> impl Iterator<Item = &Data> {
        (0..self.range.width()).filter_map(|col| self.range.get((self.row, col)))
    }
}

impl Rows for SheetRows {
    fn headers(&self) -> &[String] {
        &self.headers
    }

    fn next_row(&mut self) -> Option<Result<(), (Option<u64>, Reason)>> {
        self.row += 1;
        (self.row < self.range.height()).then_some(Ok(()))
    }

    fn line(&self) -> Option<u64> {
        Some(self.first_line + self.row as u64)
    }

    fn serial_offset(&self) -> f64 {
        if self.date1904 { 1462.0 } else { 0.0 }
    }

    /// A sheet's range is rectangular, so a row is ragged only when it has a value in a
    /// column the header leaves without a name.
    fn ragged(&self) -> Option<Reason> {
        let extra = self
            .current()
            .enumerate()
            .filter(|(i, _)| self.headers.get(*i).is_none_or(|h| h.trim().is_empty()))
            .find(|(_, d)| !is_blank(d))?;
        let column = column_letters(extra.0 + self.range.start().map_or(0, |(_, c)| c as usize));
        Some(Reason::new(
            format!("en værdi i kolonne {column}, som ingen overskrift har"),
            format!("a value in column {column} which has no header"),
        ))
    }

    fn is_blank(&self) -> bool {
        self.current().all(is_blank)
    }

    fn cell(&self, i: usize) -> RawValue<'_> {
        match self.range.get((self.row, i)) {
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

/// Whether the sheet's dates count from 1904 (a Mac workbook setting), seen on its first
/// date cell: there calamine's date and the 1900-based serial differ. Plain numbers in
/// date columns are then serials in the same system.
fn uses_1904(range: &Range<Data>) -> bool {
    range
        .used_cells()
        .find_map(|(_, _, cell)| match cell {
            Data::DateTime(d) if d.is_datetime() && d.as_f64() >= 1.0 => Some(d),
            _ => None,
        })
        .is_some_and(|d| date_cell(d).map(|m| m.date) != excel_serial(d.as_f64()).map(|m| m.date))
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
