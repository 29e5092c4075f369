//! Cell values as exports write them: dates and booleans in ISO, Danish and Excel styles.
//! One parser for each, shared by every format. Reads text only: it imports
//! [`super::vocab`], never [`super::fields`].
use super::vocab::trim;
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
