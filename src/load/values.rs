//! Cell values as exports write them: dates and booleans in ISO, Danish and Excel styles.
//! One parser for each, shared by every format.
use crate::calendar::Moment;
use chrono::{NaiveDate, NaiveTime};

/// Parses a date or local date-time: ISO (`2024-03-01`, `2024-03-01T09:15`) or Danish
/// day-first (`01-03-2024`, `01.03.2024`, `01/03/2024`, `1.3.2024`), each with an optional
/// time `HH:MM` or `HH:MM:SS` after a space or `T`. Month-first dates are never guessed.
pub fn parse_moment(text: &str) -> Option<Moment> {
    let text = text.trim();
    if let Some(m) = Moment::parse_iso(text) {
        return Some(m);
    }
    let (date_part, time_part) = match text.split_once([' ', 'T']) {
        Some((d, t)) => (d, Some(t.trim())),
        None => (text, None),
    };
    let date = parse_day_first(date_part)?;
    match time_part {
        None | Some("") => Some(Moment::day(date)),
        Some(t) => {
            let time = NaiveTime::parse_from_str(t, "%H:%M")
                .or_else(|_| NaiveTime::parse_from_str(t, "%H:%M:%S"))
                .or_else(|_| NaiveTime::parse_from_str(t, "%H.%M"))
                .ok()?;
            Some(Moment::at(date, time))
        }
    }
}

fn parse_day_first(text: &str) -> Option<NaiveDate> {
    let sep = text.chars().find(|c| matches!(c, '-' | '.' | '/'))?;
    let mut parts = text.split(sep);
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some()
        || y.len() != 4
        || d.is_empty()
        || d.len() > 2
        || m.is_empty()
        || m.len() > 2
    {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// Parses a boolean as exports write it: `true/false`, `ja/nej`, `j/n`, `yes/no`, `1/0`,
/// `x` (a ticked cell). An empty cell is absent, not false: the caller decides.
pub fn parse_flag(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "true" | "ja" | "j" | "yes" | "y" | "1" | "x" | "sand" => Some(true),
        "false" | "nej" | "n" | "no" | "0" | "falsk" => Some(false),
        _ => None,
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
    fn flags() {
        assert_eq!(parse_flag("Ja"), Some(true));
        assert_eq!(parse_flag("x"), Some(true));
        assert_eq!(parse_flag("nej"), Some(false));
        assert_eq!(parse_flag("0"), Some(false));
        assert_eq!(parse_flag("måske"), None);
    }
}
