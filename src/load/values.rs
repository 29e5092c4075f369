//! Cell values as exports write them: dates and booleans in ISO, Danish and Excel styles.
//! One parser for each, shared by every format.
use super::Reason;
use super::fields::{FieldError, RawValue, blank, not_a_date, trim};
use crate::calendar::Moment;
use chrono::{NaiveDate, NaiveTime};

/// How the dates of a file are written, as the user may state it (`--date-format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateFormat {
    /// ISO or day-first; month-first dates make the file ambiguous and it is refused.
    #[default]
    Auto,
    /// ISO only.
    Iso,
    /// ISO or day-first (`01-03-2024` is 1 March).
    Dmy,
    /// ISO or month-first (`03/01/2024` is 1 March), as US-configured Excel writes.
    Mdy,
}

impl DateFormat {
    pub fn parse(name: &str) -> Option<DateFormat> {
        match name.trim().to_lowercase().as_str() {
            "auto" => Some(DateFormat::Auto),
            "iso" => Some(DateFormat::Iso),
            "dmy" | "day-first" | "dd-mm-yyyy" => Some(DateFormat::Dmy),
            "mdy" | "month-first" | "mm-dd-yyyy" => Some(DateFormat::Mdy),
            _ => None,
        }
    }
}

/// How one date value was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateStyle {
    Iso,
    DayFirst,
    MonthFirst,
}

/// Parses a date or local date-time: ISO (`2024-03-01`, `2024-03-01T09:15`) or Danish
/// day-first (`01-03-2024`, `01.03.2024`, `01/03/2024`, `1.3.2024`), each with an optional
/// time `HH:MM` or `HH:MM:SS` after a space or `T`. Month-first dates are never guessed.
pub fn parse_moment(text: &str) -> Option<Moment> {
    parse_moment_as(text, DateFormat::Auto).map(|(m, _)| m)
}

/// A whole day as a person types one on the command line or in a TOML file (`--as-of`,
/// `--period`, a waiver's `expires`): the forms [`parse_moment`] reads, without a time.
pub fn parse_day(text: &str) -> Option<chrono::NaiveDate> {
    parse_moment(text)
        .filter(|m| m.time.is_none())
        .map(|m| m.date)
}

/// Parses a date in the given format and says which style it was written in.
pub fn parse_moment_as(text: &str, format: DateFormat) -> Option<(Moment, DateStyle)> {
    let text = trim(text);
    if let Some(m) = Moment::parse_iso(text) {
        return Some((m, DateStyle::Iso));
    }
    let style = match format {
        DateFormat::Iso => return None,
        DateFormat::Auto | DateFormat::Dmy => DateStyle::DayFirst,
        DateFormat::Mdy => DateStyle::MonthFirst,
    };
    let (date_part, time_part) = match text.split_once([' ', 'T']) {
        Some((d, t)) => (d, Some(t.trim())),
        None => (text, None),
    };
    let date = parse_numeric_date(date_part, style == DateStyle::MonthFirst)?;
    match time_part {
        None | Some("") => Some((Moment::day(date), style)),
        Some(t) => Some((Moment::at(date, parse_time(t)?), style)),
    }
}

/// A time of day as exports write it: `09:15`, `09:15:00` or `9.15`.
pub fn parse_time(text: &str) -> Option<NaiveTime> {
    let t = text.trim();
    NaiveTime::parse_from_str(t, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(t, "%H:%M:%S"))
        .or_else(|_| NaiveTime::parse_from_str(t, "%H.%M"))
        .ok()
}

fn parse_numeric_date(text: &str, month_first: bool) -> Option<NaiveDate> {
    let sep = text.chars().find(|c| matches!(c, '-' | '.' | '/'))?;
    let mut parts = text.split(sep);
    let (a, b, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some()
        || y.len() != 4
        || a.is_empty()
        || a.len() > 2
        || b.is_empty()
        || b.len() > 2
    {
        return None;
    }
    let (d, m) = if month_first { (b, a) } else { (a, b) };
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// An Excel date serial (days since 1899-12-30, the fraction is the time of day) as a
/// moment; midnight exactly is a date-only moment, as a date cell holds no time. Times are
/// rounded to the minute. `None` outside Excel's range (1900-01-01 to 9999-12-31).
pub fn excel_serial(serial: f64) -> Option<Moment> {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let mut days = serial.floor() as i64;
    let mut minutes = ((serial - serial.floor()) * 1440.0).round() as u32;
    if minutes == 1440 {
        days += 1;
        minutes = 0;
    }
    let date =
        NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(days as u64))?;
    if minutes == 0 {
        return Some(Moment::day(date));
    }
    NaiveTime::from_hms_opt(minutes / 60, minutes % 60, 0).map(|t| Moment::at(date, t))
}

/// The dates a file held, and how they were written: every date text of a file (table or
/// JSON) is read through one of these, so `--date-format` means the same everywhere.
#[derive(Debug, Default)]
pub(crate) struct Dates {
    pub format: DateFormat,
    iso: usize,
    day_first: usize,
    month_first: usize,
    cells: usize,
    /// The first value that reads only month-first, and its line.
    month_first_example: Option<(Option<u64>, String)>,
    /// Days added to a plain number before it is read as a 1900-based Excel serial (1462
    /// in a workbook that counts from 1904).
    pub serial_offset: f64,
}

/// Plain numbers in a date column are Excel date serials only from 1970-01-01 (25569) to
/// 9999-12-31: below that, a number is far likelier a count or a code than a date.
const SERIALS: std::ops::Range<f64> = 25_569.0..2_958_466.0;

impl Dates {
    pub fn new(format: DateFormat) -> Dates {
        Dates {
            format,
            ..Dates::default()
        }
    }

    pub fn read<'a>(
        &mut self,
        field: &str,
        raw: RawValue<'a>,
        line: Option<u64>,
    ) -> Result<RawValue<'a>, FieldError> {
        match raw {
            RawValue::Str(s) if !blank(s) => match parse_moment_as(s, self.format) {
                Some((m, style)) => {
                    match style {
                        DateStyle::Iso => self.iso += 1,
                        DateStyle::DayFirst => self.day_first += 1,
                        DateStyle::MonthFirst => self.month_first += 1,
                    }
                    Ok(RawValue::Moment(m))
                }
                None if self.format == DateFormat::Auto
                    && parse_moment_as(s, DateFormat::Mdy).is_some() =>
                {
                    self.month_first_example
                        .get_or_insert_with(|| (line, s.to_string()));
                    Err(FieldError::new(
                        field,
                        &raw,
                        Reason::new(
                            "en dato med måneden først; caseaudit læser datoer med dagen først \
                             (se --date-format)",
                            "a month-first date; caseaudit reads dates day-first (see \
                             --date-format)",
                        ),
                    ))
                }
                None if self.format == DateFormat::Iso => Err(FieldError::new(
                    field,
                    &raw,
                    Reason::new(
                        "ikke en ISO-dato (2024-03-01 eller 2024-03-01T09:15), som \
                         --date-format iso kræver",
                        "not an ISO date (2024-03-01 or 2024-03-01T09:15), as --date-format iso \
                         says",
                    ),
                )),
                None => Err(not_a_date(field, &raw)),
            },
            RawValue::Num(n) => match Some(n + self.serial_offset)
                .filter(|n| SERIALS.contains(n))
                .and_then(excel_serial)
            {
                Some(m) => {
                    self.cells += 1;
                    Ok(RawValue::Moment(m))
                }
                None => Err(FieldError::new(
                    field,
                    &raw,
                    Reason::new(
                        "et tal, ikke en dato (som Excel-datoserienummer ville det ligge før 1970)",
                        "a number, not a date (as an Excel date serial it would be before 1970)",
                    ),
                )),
            },
            RawValue::Moment(_) => {
                self.cells += 1;
                Ok(raw)
            }
            other => Ok(other),
        }
    }

    /// What was seen, e.g. `iso + dmy`; `none` for a table without dates.
    /// Adds the dates of the text after this one (a streamed file's next piece).
    pub fn absorb(&mut self, after: Dates) {
        self.iso += after.iso;
        self.day_first += after.day_first;
        self.month_first += after.month_first;
        self.cells += after.cells;
        if self.month_first_example.is_none() {
            self.month_first_example = after.month_first_example;
        }
    }

    pub fn describe(&self) -> String {
        let parts: Vec<&str> = [
            (self.iso, "iso"),
            (self.day_first, "dmy"),
            (self.month_first, "mdy"),
            (self.cells, "excel dates"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(_, name)| name)
        .collect();
        if parts.is_empty() {
            "none".to_string()
        } else {
            parts.join(" + ")
        }
    }

    /// Month-first values in a file read day-first make every date like 03/04/2024 in it
    /// doubtful: refuse, and name the flag that settles it.
    pub fn check(&self, file: &str) -> anyhow::Result<()> {
        if let Some((line, value)) = &self.month_first_example {
            let at = line.map(|l| format!(" (line {l})")).unwrap_or_default();
            let at_da = line.map(|l| format!(" (linje {l})")).unwrap_or_default();
            return Err(super::refusal(
                format!(
                    "{file}: datoen {value:?}{at_da} har måneden først, så datoer som 03/04/2024 \
                     i filen kan ikke læses sikkert; angiv --date-format mdy, hvis filen skriver \
                     måneden først, eller --date-format dmy for at læse dag først og afvise de \
                     umulige datoer"
                ),
                format!(
                    "{file}: the date {value:?}{at} is month-first, so dates such as 03/04/2024 \
                     in this file cannot be read safely; pass --date-format mdy if the file \
                     writes month first, or --date-format dmy to read it day-first and reject \
                     the impossible dates"
                ),
            ));
        }
        Ok(())
    }
}

/// Parses a boolean as exports write it: `true/false`, `ja/nej`, `j/n`, `yes/no`, `1/0`,
/// `x` (a ticked cell). An empty cell is absent, not false: the caller decides.
pub fn parse_flag(text: &str) -> Option<bool> {
    const YES: [&str; 8] = ["true", "ja", "j", "yes", "y", "1", "x", "sand"];
    const NO: [&str; 6] = ["false", "nej", "n", "no", "0", "falsk"];
    let text = trim(text);
    // ASCII text is compared as it stands (no lower-cased copy); other text lower-cased.
    let is = |words: &[&str]| match text.is_ascii() {
        true => words.iter().any(|w| text.eq_ignore_ascii_case(w)),
        false => words.contains(&text.to_lowercase().as_str()),
    };
    if is(&YES) {
        Some(true)
    } else if is(&NO) {
        Some(false)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> String {
        parse_moment(s).map(|m| m.to_string()).unwrap_or_default()
    }

    #[test]
    fn iso_and_danish_dates() {
        assert_eq!(m("2024-03-01"), "2024-03-01");
        assert_eq!(m("2024-03-01T09:15"), "2024-03-01T09:15");
        assert_eq!(m("01-03-2024"), "2024-03-01");
        assert_eq!(m("01.03.2024"), "2024-03-01");
        assert_eq!(m("1/3/2024"), "2024-03-01");
        assert_eq!(m("01.03.2024 09:15"), "2024-03-01T09:15");
        assert_eq!(m("01-03-2024 9.15"), "2024-03-01T09:15");
    }

    #[test]
    fn impossible_or_odd_dates_are_refused() {
        for bad in [
            "31-02-2024",
            "2024/03/01x",
            "03-2024",
            "1-3-24",
            "",
            "i går",
            "01-03-2024 25:00",
        ] {
            assert_eq!(parse_moment(bad), None, "{bad}");
        }
    }

    #[test]
    fn date_formats_and_styles() {
        let style = |s, f| parse_moment_as(s, f).map(|(m, st)| (m.to_string(), st));
        assert_eq!(
            style("03/04/2024", DateFormat::Mdy),
            Some(("2024-03-04".into(), DateStyle::MonthFirst))
        );
        assert_eq!(
            style("03/04/2024", DateFormat::Dmy),
            Some(("2024-04-03".into(), DateStyle::DayFirst))
        );
        assert_eq!(style("04/13/2024", DateFormat::Auto), None);
        assert_eq!(style("01-03-2024", DateFormat::Iso), None);
        assert_eq!(
            style("2024-03-01", DateFormat::Mdy),
            Some(("2024-03-01".into(), DateStyle::Iso))
        );
    }

    #[test]
    fn excel_serials() {
        let m = |f| excel_serial(f).map(|m| m.to_string());
        assert_eq!(m(45352.0).as_deref(), Some("2024-03-01"));
        assert_eq!(m(45352.385416666664).as_deref(), Some("2024-03-01T09:15"));
        assert_eq!(m(45352.9999999).as_deref(), Some("2024-03-02"));
        assert_eq!(m(0.5), None);
        assert_eq!(m(f64::NAN), None);
        assert_eq!(m(1e12), None);
    }

    #[test]
    fn flags() {
        assert_eq!(parse_flag("Ja"), Some(true));
        assert_eq!(parse_flag("x"), Some(true));
        assert_eq!(parse_flag("nej"), Some(false));
        assert_eq!(parse_flag("0"), Some(false));
        assert_eq!(parse_flag("måske"), None);
        assert_eq!(parse_flag(" JA "), Some(true));
        assert_eq!(parse_flag("Sand"), Some(true));
        assert_eq!(parse_flag("FALSK\u{a0}"), Some(false));
        assert_eq!(parse_flag("nejtak"), None);
    }
}
