//! Pure time arithmetic for legal deadlines (contract §3). No I/O, no clock: "today" is
//! always passed in by the caller (`--as-of`), so every result is reproducible.
//!
//! Exports give either dates or naive Danish local date-times. Deadlines are counted in
//! clock hours, calendar days/weeks, months or hverdage (workdays), each with its own
//! legal convention, implemented by [`due`]; [`Moment::on_or_before`] and [`lateness`]
//! then judge the action against the deadline.

mod holidays;

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Timelike};

pub use holidays::{LAST_STORE_BEDEDAG_YEAR, easter_sunday, holidays, is_workday};

/// A point in time from the export: a date, or a local date-time (Danish local time, naive).
///
/// Naive on purpose: the exports carry no offsets, and the law counts in local wall-clock
/// time, so DST shifts are not corrected for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Moment {
    pub date: NaiveDate,
    pub time: Option<NaiveTime>,
}

impl Moment {
    /// A date-only moment (the export only knew the day).
    pub fn day(date: NaiveDate) -> Moment {
        Moment { date, time: None }
    }

    /// A moment with a local wall-clock time.
    pub fn at(date: NaiveDate, time: NaiveTime) -> Moment {
        Moment {
            date,
            time: Some(time),
        }
    }

    /// Parses ISO `2024-03-01`, `2024-03-01T09:15`, `2024-03-01T09:15:30`, or the same
    /// with a space instead of `T`. Strict: zero-padded fields, no surrounding whitespace,
    /// no fractions or offsets; `None` on anything else (including impossible dates).
    pub fn parse_iso(s: &str) -> Option<Moment> {
        let b = s.as_bytes();
        if !matches!(b.len(), 10 | 16 | 19) {
            return None;
        }
        let date = NaiveDate::from_ymd_opt(
            digits(&b[0..4])? as i32,
            digits(&b[5..7])?,
            digits(&b[8..10])?,
        )
        .filter(|_| b[4] == b'-' && b[7] == b'-')?;
        if b.len() == 10 {
            return Some(Moment::day(date));
        }
        if !matches!(b[10], b'T' | b' ') || b[13] != b':' {
            return None;
        }
        let (hour, minute) = (digits(&b[11..13])?, digits(&b[14..16])?);
        let second = if b.len() == 19 {
            if b[16] != b':' {
                return None;
            }
            digits(&b[17..19])?
        } else {
            0
        };
        NaiveTime::from_hms_opt(hour, minute, second).map(|t| Moment::at(date, t))
    }

    /// True when `self` is on or before `other` (contract §3): if either side is date-only the
    /// dates are compared, because a date-only entry may have happened at any hour of that
    /// day and the law gives the benefit of the whole day; otherwise date-times are compared.
    pub fn on_or_before(self, other: Moment) -> bool {
        match (self.time, other.time) {
            (Some(a), Some(b)) => (self.date, a) <= (other.date, b),
            _ => self.date <= other.date,
        }
    }

    /// Total order for sorting events: (date, time or 00:00). A date-only moment sorts
    /// before any date-time on the same day (it ties with exactly 00:00:00).
    pub fn sort_key(self) -> (NaiveDate, NaiveTime) {
        (self.date, self.time.unwrap_or(NaiveTime::MIN))
    }

    fn datetime(self) -> Option<NaiveDateTime> {
        self.time.map(|t| self.date.and_time(t))
    }
}

/// Parses a run of ASCII digits (no sign) into a number.
fn digits(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |acc, &c| {
        c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
    })
}

impl fmt::Display for Moment {
    /// `2024-03-01`, `2024-03-01T09:15`, or `2024-03-01T09:15:30` when seconds are non-zero
    /// (sub-second parts are not shown; the exports never have them).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.date.year() {
            // Written digit by digit, not through a format string: a report writes millions
            // of dates (docs/performance.md).
            0..=9999 => f.write_str(IsoMoment::new(*self).as_str()),
            // chrono's `%Y` for years beyond four digits.
            _ => {
                write!(f, "{}", self.date.format("%Y-%m-%d"))?;
                if let Some(t) = self.time {
                    write!(f, "T{:02}:{:02}", t.hour(), t.minute())?;
                    if t.second() != 0 {
                        write!(f, ":{:02}", t.second())?;
                    }
                }
                Ok(())
            }
        }
    }
}

/// A moment of a four-digit year as its text, on the stack.
struct IsoMoment {
    bytes: [u8; 19],
    len: usize,
}

impl IsoMoment {
    fn new(m: Moment) -> IsoMoment {
        let mut bytes = *b"0000-00-00T00:00:00";
        let mut put = |at: usize, n: u32, width: usize| {
            let mut n = n;
            for i in (at..at + width).rev() {
                bytes[i] = b'0' + (n % 10) as u8;
                n /= 10;
            }
        };
        put(0, m.date.year().unsigned_abs(), 4);
        put(5, m.date.month(), 2);
        put(8, m.date.day(), 2);
        let len = match m.time {
            None => 10,
            Some(t) => {
                put(11, t.hour(), 2);
                put(14, t.minute(), 2);
                put(17, t.second(), 2);
                if t.second() != 0 { 19 } else { 16 }
            }
        };
        IsoMoment { bytes, len }
    }

    fn as_str(&self) -> &str {
        // ASCII digits, hyphens, a T and colons.
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

impl serde::Serialize for Moment {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.date.year() {
            0..=9999 => serializer.serialize_str(IsoMoment::new(*self).as_str()),
            _ => serializer.collect_str(self),
        }
    }
}

/// A length of time from a rule file. Each unit has its own counting convention, see [`due`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    /// Clock hours ("inden for 24 timer").
    Hours(u32),
    /// Calendar days, deadline at the end of the last day.
    Days(u32),
    /// Calendar weeks (7 days each), deadline at the end of the last day.
    Weeks(u32),
    /// Calendar months, same day-of-month clamped to the month's end.
    Months(u32),
    /// Hverdage: weekdays that are not Danish holidays.
    Workdays(u32),
}

/// Why a span string from a rule file was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpanParseError {
    Malformed { input: String },
    TooLong { input: String, max: Span },
}

impl SpanParseError {
    /// The message in `lang` (the message catalogue's `SpanMalformed`, `SpanTooLong`).
    pub fn text(&self, lang: crate::lang::Lang) -> String {
        match self {
            SpanParseError::Malformed { input } => {
                crate::tr!(lang, SpanMalformed, input = format!("{input:?}"))
            }
            SpanParseError::TooLong { input, max } => {
                let max = match lang {
                    crate::lang::Lang::Da => max.danish(),
                    crate::lang::Lang::En => max.to_string(),
                };
                crate::tr!(lang, SpanTooLong, input = format!("{input:?}"), max = max)
            }
        }
    }
}

/// English, as serde carries it (`lang::detail` says it in Danish).
impl fmt::Display for SpanParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(crate::lang::Lang::En))
    }
}

impl std::error::Error for SpanParseError {}

impl Span {
    /// The longest span of each unit a rule may give: 100 years (docs/rules.md). Longer
    /// spans are refused when the catalogue loads, which keeps all date arithmetic far
    /// from overflow and quick.
    pub const MAX: [Span; 5] = [
        Span::Hours(876_600),
        Span::Days(36_525),
        Span::Weeks(5_218),
        Span::Months(1_200),
        Span::Workdays(26_100),
    ];

    fn count(self) -> u32 {
        match self {
            Span::Hours(n)
            | Span::Days(n)
            | Span::Weeks(n)
            | Span::Months(n)
            | Span::Workdays(n) => n,
        }
    }

    /// The longest span of this span's unit.
    pub fn max_of_unit(self) -> Span {
        Span::MAX
            .into_iter()
            .find(|m| std::mem::discriminant(m) == std::mem::discriminant(&self))
            .unwrap_or(self)
    }
}

impl FromStr for Span {
    type Err = SpanParseError;

    /// Accepts `<n> <unit>` in English or Danish, case-insensitive, e.g. "24 hours",
    /// "1 hour", "6 workdays", "4 months", "8 weeks", "0 days", "24 timer", "6 hverdage",
    /// "4 måneder", "8 uger", "5 dage", "1 dag".
    fn from_str(s: &str) -> Result<Span, SpanParseError> {
        let err = || SpanParseError::Malformed {
            input: s.to_string(),
        };
        let mut parts = s.split_whitespace();
        let (Some(num), Some(unit), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(err());
        };
        if !num.bytes().all(|c| c.is_ascii_digit()) {
            return Err(err());
        }
        // Longer than any unit's maximum: too long, whatever the unit.
        let n: u32 = num.parse().unwrap_or(u32::MAX);
        let make: fn(u32) -> Span = match unit.to_lowercase().as_str() {
            "hour" | "hours" | "time" | "timer" => Span::Hours,
            "day" | "days" | "dag" | "dage" => Span::Days,
            "week" | "weeks" | "uge" | "uger" => Span::Weeks,
            "month" | "months" | "måned" | "måneder" | "maaned" | "maaneder" => Span::Months,
            "workday" | "workdays" | "hverdag" | "hverdage" => Span::Workdays,
            _ => return Err(err()),
        };
        let span = make(n);
        let max = span.max_of_unit();
        if span.count() > max.count() {
            return Err(SpanParseError::TooLong {
                input: s.to_string(),
                max,
            });
        }
        Ok(span)
    }
}

impl fmt::Display for Span {
    /// English, singular for 1: "24 hours", "1 hour", "6 workdays", "4 months".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (n, unit) = match *self {
            Span::Hours(n) => (n, "hour"),
            Span::Days(n) => (n, "day"),
            Span::Weeks(n) => (n, "week"),
            Span::Months(n) => (n, "month"),
            Span::Workdays(n) => (n, "workday"),
        };
        write!(f, "{n} {unit}{}", if n == 1 { "" } else { "s" })
    }
}

impl Span {
    /// Danish, as `FromStr` also reads it: "24 timer", "1 time", "6 hverdage", "4 måneder".
    pub fn danish(&self) -> String {
        let (n, one, many) = match *self {
            Span::Hours(n) => (n, "time", "timer"),
            Span::Days(n) => (n, "dag", "dage"),
            Span::Weeks(n) => (n, "uge", "uger"),
            Span::Months(n) => (n, "måned", "måneder"),
            Span::Workdays(n) => (n, "hverdag", "hverdage"),
        };
        format!("{n} {}", if n == 1 { one } else { many })
    }
}

impl<'de> serde::Deserialize<'de> for Span {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Span, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Which days count as non-workdays besides weekends: `Strict` uses only the official
/// holidays (the legal minimum); `Extended` also skips grundlovsdag, juleaftensdag and
/// nytårsaftensdag, when a municipality's offices are customarily closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CalendarProfile {
    #[default]
    Strict,
    Extended,
}

impl CalendarProfile {
    pub fn name(self) -> &'static str {
        match self {
            CalendarProfile::Strict => "strict",
            CalendarProfile::Extended => "extended",
        }
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Same day-of-month `n` months later, clamped to the month's last day, because a month
/// deadline ends on the corresponding date and a month without it ends on its last day
/// (2024-10-31 + 4 = 2025-02-28; 2024-01-31 + 1 = 2024-02-29). Negative `n` counts back
/// ("6 months before"): 2024-03-31 − 1 = 2024-02-29. Saturates at chrono's date limits.
///
/// ```
/// use caseaudit::calendar::add_months;
/// use chrono::NaiveDate;
/// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// assert_eq!(add_months(d(2024, 10, 31), 4), d(2025, 2, 28));
/// assert_eq!(add_months(d(2024, 3, 31), -1), d(2024, 2, 29));
/// ```
pub fn add_months(date: NaiveDate, n: i32) -> NaiveDate {
    let total = i64::from(date.year()) * 12 + i64::from(date.month0()) + i64::from(n);
    let year = total.div_euclid(12);
    let month = total.rem_euclid(12) as u32 + 1;
    let Ok(year) = i32::try_from(year) else {
        return if n < 0 {
            NaiveDate::MIN
        } else {
            NaiveDate::MAX
        };
    };
    let day = date.day().min(days_in_month(year, month));
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(if n < 0 {
        NaiveDate::MIN
    } else {
        NaiveDate::MAX
    })
}

/// "Within n workdays after X": X itself does not count, and the n-th workday after X is
/// the last day of the deadline. `n = 0` returns `date` unchanged. Saturates at
/// `NaiveDate::MAX`.
///
/// Whole weeks are skipped at once (seven days hold five weekdays, less the holidays on
/// weekdays among them), so the cost grows with the years spanned, not the days; the last
/// few workdays are stepped one by one.
pub fn add_workdays(date: NaiveDate, n: u32, profile: CalendarProfile) -> NaiveDate {
    let mut d = date;
    let mut left = n;
    // Jump while at least one workday stays to step to, so the result is a workday.
    while left > 5 {
        let weeks = (left - 1) / 5;
        let Some(end) = d.checked_add_days(Days::new(7 * u64::from(weeks))) else {
            break;
        };
        // At most five a week are gained, and at least one (no week is all holidays).
        let gained = (5 * weeks).saturating_sub(weekday_holidays(d, end, profile));
        if gained == 0 {
            break;
        }
        left -= gained;
        d = end;
    }
    while left > 0 {
        let Some(next) = d.succ_opt() else {
            return NaiveDate::MAX;
        };
        d = next;
        if is_workday(d, profile) {
            left -= 1;
        }
    }
    d
}

/// How many days in `(from, to]` are holidays falling on a weekday.
fn weekday_holidays(from: NaiveDate, to: NaiveDate, profile: CalendarProfile) -> u32 {
    holidays::tabled_weekday_holidays(from, to, profile)
        .unwrap_or_else(|| weekday_holidays_listed(from, to, profile))
}

/// [`weekday_holidays`] counted off each year's list of holidays.
fn weekday_holidays_listed(from: NaiveDate, to: NaiveDate, profile: CalendarProfile) -> u32 {
    let mut count = 0;
    for year in from.year()..=to.year() {
        let mut last = None;
        for (day, _) in holidays(year, profile) {
            if day > from
                && day <= to
                && last != Some(day)
                && !matches!(day.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun)
            {
                count += 1;
            }
            last = Some(day);
        }
    }
    count
}

fn add_days(date: NaiveDate, n: u64) -> NaiveDate {
    date.checked_add_days(Days::new(n))
        .unwrap_or(NaiveDate::MAX)
}

/// The deadline `span` after `start` (contract §3). Results saturate at chrono's limits.
///
/// - `Hours(h)`: with a start time, the exact wall-clock moment `h` hours later. From a
///   date-only start the hour is unknown, so the deadline is the date-only day
///   `ceil(h/24)` days later (24 h from a date = end of the next calendar day).
/// - `Days(n)` / `Weeks(n)`: date-only, `n` / `7n` days later (deadline is end of that day).
/// - `Months(n)`: date-only [`add_months`].
/// - `Workdays(n)`: date-only [`add_workdays`].
pub fn due(start: Moment, span: Span, profile: CalendarProfile) -> Moment {
    match span {
        Span::Hours(h) => match start.datetime() {
            Some(dt) => {
                let end = dt
                    .checked_add_signed(TimeDelta::hours(i64::from(h)))
                    .unwrap_or(NaiveDateTime::MAX);
                Moment::at(end.date(), end.time())
            }
            None => Moment::day(add_days(start.date, u64::from(h.div_ceil(24)))),
        },
        Span::Days(n) => Moment::day(add_days(start.date, u64::from(n))),
        Span::Weeks(n) => Moment::day(add_days(start.date, 7 * u64::from(n))),
        Span::Months(n) => {
            Moment::day(add_months(start.date, i32::try_from(n).unwrap_or(i32::MAX)))
        }
        Span::Workdays(n) => Moment::day(add_workdays(start.date, n, profile)),
    }
}

/// How late an action was against its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lateness {
    /// Days late: at least 1 for a late action.
    pub days: i64,
    /// Whole hours late, rounded up; only known when both moments have a time.
    pub hours: Option<i64>,
    /// Whole minutes late, rounded up; only known when both moments have a time (30
    /// minutes late is `hours: 1`, `minutes: 30`).
    pub minutes: Option<i64>,
}

/// How late `done` is against `due`, meant for when `!done.on_or_before(due)`.
///
/// If both have times: `hours` = whole hours of the difference rounded up, `days` =
/// `ceil(hours / 24)` (at least 1). Otherwise `days = done.date − due.date`, `hours = None`.
/// An on-time `done` yields `days: 0` (and `hours: Some(0)` when both have times).
pub fn lateness(done: Moment, due: Moment) -> Lateness {
    if done.on_or_before(due) {
        let hours = done.time.and(due.time).map(|_| 0);
        return Lateness {
            days: 0,
            hours,
            minutes: hours,
        };
    }
    match (done.datetime(), due.datetime()) {
        (Some(a), Some(b)) => {
            let diff = a - b;
            let secs = diff.num_seconds() + i64::from(diff.subsec_nanos() > 0);
            // secs > 0 here (done is strictly after due), so this rounds up.
            let hours = (secs + 3599) / 3600;
            Lateness {
                days: ((hours + 23) / 24).max(1),
                hours: Some(hours),
                minutes: Some((secs + 59) / 60),
            }
        }
        _ => Lateness {
            days: (done.date - due.date).num_days(),
            hours: None,
            minutes: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CalendarProfile::{Extended, Strict};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }
    fn m(s: &str) -> Moment {
        Moment::parse_iso(s).unwrap_or_else(|| panic!("parse {s}"))
    }

    #[test]
    fn add_months_clamps_to_month_end() {
        assert_eq!(add_months(d(2024, 10, 31), 4), d(2025, 2, 28));
        assert_eq!(add_months(d(2024, 1, 31), 1), d(2024, 2, 29));
        assert_eq!(add_months(d(2023, 1, 31), 1), d(2023, 2, 28));
        assert_eq!(add_months(d(2024, 3, 31), 1), d(2024, 4, 30));
        assert_eq!(add_months(d(2024, 2, 29), 12), d(2025, 2, 28));
        assert_eq!(add_months(d(2024, 2, 29), 48), d(2028, 2, 29));
        assert_eq!(add_months(d(2100, 1, 29), 1), d(2100, 2, 28)); // 2100 not leap
        assert_eq!(add_months(d(2000, 1, 30), 1), d(2000, 2, 29)); // 2000 leap
        assert_eq!(add_months(d(2024, 11, 15), 2), d(2025, 1, 15));
        assert_eq!(add_months(d(2024, 5, 17), 0), d(2024, 5, 17));
    }

    #[test]
    fn add_months_negative() {
        assert_eq!(add_months(d(2024, 3, 31), -1), d(2024, 2, 29));
        assert_eq!(add_months(d(2023, 3, 31), -1), d(2023, 2, 28));
        assert_eq!(add_months(d(2024, 8, 31), -6), d(2024, 2, 29));
        assert_eq!(add_months(d(2024, 1, 15), -1), d(2023, 12, 15));
        assert_eq!(add_months(d(2024, 1, 15), -25), d(2021, 12, 15));
    }

    #[test]
    fn add_months_saturates() {
        assert_eq!(add_months(d(2024, 1, 1), i32::MAX), NaiveDate::MAX);
        assert_eq!(add_months(d(2024, 1, 1), i32::MIN), NaiveDate::MIN);
    }

    #[test]
    fn workdays_across_easter_2024() {
        // Wed 27 March; Thu 28 (skærtorsdag), Fri 29 (langfredag), weekend,
        // Mon 1 April (2. påskedag) are all off; Tue 2 April is the 1st workday after.
        assert_eq!(add_workdays(d(2024, 3, 27), 1, Strict), d(2024, 4, 2));
        assert_eq!(add_workdays(d(2024, 3, 27), 6, Strict), d(2024, 4, 9));
        assert_eq!(add_workdays(d(2024, 3, 26), 1, Strict), d(2024, 3, 27));
        assert_eq!(add_workdays(d(2024, 3, 27), 0, Strict), d(2024, 3, 27));
        // Start on a holiday: the day itself never counts.
        assert_eq!(add_workdays(d(2024, 3, 29), 1, Strict), d(2024, 4, 2));
    }

    #[test]
    fn workdays_across_store_bededag() {
        // 2023: Thu 4 May + 1 skips store bededag Fri 5 May and the weekend.
        assert!(!is_workday(d(2023, 5, 5), Strict));
        assert_eq!(add_workdays(d(2023, 5, 4), 1, Strict), d(2023, 5, 8));
        // 2024: store bededag abolished, Fri 26 April is an ordinary workday.
        assert!(is_workday(d(2024, 4, 26), Strict));
        assert_eq!(add_workdays(d(2024, 4, 25), 1, Strict), d(2024, 4, 26));
    }

    #[test]
    fn workdays_extended_profile() {
        // Mon 23 Dec 2024 + 1: Strict → Tue 24 Dec; Extended skips 24–26 Dec → Fri 27 Dec.
        assert!(is_workday(d(2024, 12, 24), Strict));
        assert!(!is_workday(d(2024, 12, 24), Extended));
        assert_eq!(add_workdays(d(2024, 12, 23), 1, Strict), d(2024, 12, 24));
        assert_eq!(add_workdays(d(2024, 12, 23), 1, Extended), d(2024, 12, 27));
        // Fri 27 Dec + 2: Strict → Mon 30, Tue 31; Extended → Mon 30, Thu 2 Jan.
        assert_eq!(add_workdays(d(2024, 12, 27), 2, Strict), d(2024, 12, 31));
        assert_eq!(add_workdays(d(2024, 12, 27), 2, Extended), d(2025, 1, 2));
    }

    #[test]
    fn parse_iso_accepts_documented_forms() {
        assert_eq!(m("2024-03-01"), Moment::day(d(2024, 3, 1)));
        assert_eq!(m("2024-03-01T09:15"), Moment::at(d(2024, 3, 1), t(9, 15)));
        assert_eq!(m("2024-03-01 09:15"), Moment::at(d(2024, 3, 1), t(9, 15)));
        assert_eq!(
            m("2024-03-01T09:15:30"),
            Moment::at(d(2024, 3, 1), NaiveTime::from_hms_opt(9, 15, 30).unwrap())
        );
        assert_eq!(
            m("2024-03-01 23:59:59").time,
            NaiveTime::from_hms_opt(23, 59, 59)
        );
    }

    #[test]
    fn parse_iso_rejects_everything_else() {
        for bad in [
            "",
            "2024-3-1",
            "2024-02-30",
            "2023-02-29",
            "01-03-2024",
            "2024/03/01",
            " 2024-03-01",
            "2024-03-01 ",
            "2024-03-01T",
            "2024-03-01T9:15",
            "2024-03-01T24:00",
            "2024-03-01T09:60",
            "2024-03-01T09:15:60",
            "2024-03-01X09:15",
            "2024-03-01T09.15",
            "2024-03-01T09:15:3",
            "2024-03-01T09:15Z",
            "2024-03-01T09:15:30.5",
            "2024-03-01T09:15:30+01:00",
            "+024-03-01",
            "2024-+3-01",
            "２０２４-03-01",
        ] {
            assert_eq!(Moment::parse_iso(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn display_and_serialize() {
        assert_eq!(m("2024-03-01").to_string(), "2024-03-01");
        assert_eq!(m("2024-03-01 09:15").to_string(), "2024-03-01T09:15");
        assert_eq!(m("2024-03-01T09:15:00").to_string(), "2024-03-01T09:15");
        assert_eq!(m("2024-03-01T09:15:30").to_string(), "2024-03-01T09:15:30");
        assert_eq!(
            serde_json::to_string(&m("2024-03-01T09:05")).unwrap(),
            "\"2024-03-01T09:05\""
        );
        assert_eq!(
            serde_json::to_string(&m("2024-03-01")).unwrap(),
            "\"2024-03-01\""
        );
        for s in ["2024-03-01", "2024-03-01T00:00", "2024-12-31T23:59:59"] {
            assert_eq!(m(s).to_string(), s);
            assert_eq!(Moment::parse_iso(&m(s).to_string()), Some(m(s)));
        }
    }

    #[test]
    fn on_or_before_mixed() {
        // Both timed: exact comparison.
        assert!(m("2024-03-01T09:15").on_or_before(m("2024-03-01T09:15")));
        assert!(m("2024-03-01T09:14").on_or_before(m("2024-03-01T09:15")));
        assert!(!m("2024-03-01T09:16").on_or_before(m("2024-03-01T09:15")));
        assert!(!m("2024-03-02T00:00").on_or_before(m("2024-03-01T23:59")));
        // Either side date-only: the whole day counts.
        assert!(m("2024-03-01T23:59").on_or_before(m("2024-03-01")));
        assert!(m("2024-03-01").on_or_before(m("2024-03-01T00:00")));
        assert!(!m("2024-03-02T00:00").on_or_before(m("2024-03-01")));
        assert!(!m("2024-03-02").on_or_before(m("2024-03-01T23:59")));
        assert!(m("2024-02-29").on_or_before(m("2024-03-01")));
        assert!(!m("2024-03-02").on_or_before(m("2024-03-01")));
    }

    #[test]
    fn sort_key_orders_date_only_first() {
        let mut v = [
            m("2024-03-02"),
            m("2024-03-01T09:00"),
            m("2024-03-01"),
            m("2024-02-28T23:00"),
        ];
        v.sort_by_key(|x| x.sort_key());
        let s: Vec<String> = v.iter().map(|x| x.to_string()).collect();
        assert_eq!(
            s,
            [
                "2024-02-28T23:00",
                "2024-03-01",
                "2024-03-01T09:00",
                "2024-03-02"
            ]
        );
    }

    #[test]
    fn span_parse_display_round_trip() {
        let cases = [
            ("24 hours", Span::Hours(24)),
            ("1 hour", Span::Hours(1)),
            ("6 workdays", Span::Workdays(6)),
            ("4 months", Span::Months(4)),
            ("1 month", Span::Months(1)),
            ("8 weeks", Span::Weeks(8)),
            ("5 days", Span::Days(5)),
            ("0 days", Span::Days(0)),
        ];
        for (s, span) in cases {
            assert_eq!(s.parse::<Span>(), Ok(span), "{s}");
            assert_eq!(span.to_string(), s);
        }
        let danish = [
            ("24 timer", Span::Hours(24)),
            ("1 time", Span::Hours(1)),
            ("6 hverdage", Span::Workdays(6)),
            ("1 hverdag", Span::Workdays(1)),
            ("4 måneder", Span::Months(4)),
            ("1 måned", Span::Months(1)),
            ("8 uger", Span::Weeks(8)),
            ("5 dage", Span::Days(5)),
            ("1 dag", Span::Days(1)),
            ("  3   Måneder ", Span::Months(3)),
            ("2 WEEKS", Span::Weeks(2)),
        ];
        for (s, span) in danish {
            assert_eq!(s.parse::<Span>(), Ok(span), "{s}");
            assert_eq!(span.to_string().parse::<Span>(), Ok(span));
        }
    }

    #[test]
    fn danish_spans_read_back() {
        for span in [
            Span::Hours(24),
            Span::Hours(1),
            Span::Workdays(6),
            Span::Months(4),
            Span::Weeks(1),
            Span::Days(0),
        ] {
            assert_eq!(
                span.danish().parse::<Span>().unwrap(),
                span,
                "{}",
                span.danish()
            );
        }
        assert_eq!(Span::Months(4).danish(), "4 måneder");
    }

    #[test]
    fn span_parse_errors() {
        let e = "3 fortnights".parse::<Span>().unwrap_err();
        assert_eq!(
            e,
            SpanParseError::Malformed {
                input: "3 fortnights".into()
            }
        );
        let msg = e.to_string();
        assert!(
            msg.contains("3 fortnights") && msg.contains("hverdage"),
            "{msg}"
        );
        for bad in [
            "",
            "days",
            "6",
            "-1 days",
            "+1 days",
            "1.5 days",
            "6workdays",
            "6 work days",
            "x days",
        ] {
            assert!(bad.parse::<Span>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn span_and_profile_serde() {
        let s: Span = serde_json::from_str("\"6 hverdage\"").unwrap();
        assert_eq!(s, Span::Workdays(6));
        let err = serde_json::from_str::<Span>("\"3 fortnights\"").unwrap_err();
        assert!(err.to_string().contains("expected"), "{err}");
        let p: CalendarProfile = serde_json::from_str("\"extended\"").unwrap();
        assert_eq!(p, Extended);
        assert_eq!(serde_json::to_string(&Strict).unwrap(), "\"strict\"");
        assert_eq!(CalendarProfile::default(), Strict);
    }

    #[test]
    fn due_hours() {
        assert_eq!(
            due(m("2024-03-01T09:15"), Span::Hours(24), Strict),
            m("2024-03-02T09:15")
        );
        assert_eq!(
            due(m("2024-03-01T23:30"), Span::Hours(1), Strict),
            m("2024-03-02T00:30")
        );
        // Naive local time: 48 h over the DST change still lands on the same wall clock.
        assert_eq!(
            due(m("2024-03-30T12:00"), Span::Hours(48), Strict),
            m("2024-04-01T12:00")
        );
        // Date-only start: end of the next calendar day (ceil(h/24) days).
        assert_eq!(
            due(m("2024-03-01"), Span::Hours(24), Strict),
            m("2024-03-02")
        );
        assert_eq!(
            due(m("2024-03-01"), Span::Hours(1), Strict),
            m("2024-03-02")
        );
        assert_eq!(
            due(m("2024-03-01"), Span::Hours(25), Strict),
            m("2024-03-03")
        );
        assert_eq!(
            due(m("2024-03-01"), Span::Hours(0), Strict),
            m("2024-03-01")
        );
    }

    #[test]
    fn due_calendar_units() {
        let start = m("2024-03-01T09:15");
        assert_eq!(due(start, Span::Days(5), Strict), m("2024-03-06"));
        assert_eq!(due(start, Span::Days(0), Strict), m("2024-03-01"));
        assert_eq!(due(start, Span::Weeks(8), Strict), m("2024-04-26"));
        assert_eq!(
            due(m("2024-10-31"), Span::Months(4), Strict),
            m("2025-02-28")
        );
        assert_eq!(due(start, Span::Months(1), Strict), m("2024-04-01"));
        // Fri 1 March 2024 + 6 hverdage = Mon 4 .. Fri 8 (5), Mon 11 (6).
        assert_eq!(due(start, Span::Workdays(6), Strict), m("2024-03-11"));
        assert_eq!(
            due(m("2024-12-23"), Span::Workdays(1), Extended),
            m("2024-12-27")
        );
        // Every non-hour span is date-only, whatever the start.
        for span in [
            Span::Days(1),
            Span::Weeks(1),
            Span::Months(1),
            Span::Workdays(1),
        ] {
            assert_eq!(due(start, span, Strict).time, None, "{span}");
        }
    }

    #[test]
    fn due_saturates_instead_of_panicking() {
        let big = Moment::day(d(262_000, 1, 1));
        assert_eq!(due(big, Span::Days(u32::MAX), Strict).date, NaiveDate::MAX);
        assert_eq!(
            due(big, Span::Months(u32::MAX), Strict).date,
            NaiveDate::MAX
        );
        let timed = Moment::at(d(262_000, 1, 1), t(0, 0));
        assert_eq!(
            due(timed, Span::Hours(u32::MAX), Strict).date,
            NaiveDate::MAX
        );
    }

    #[test]
    fn lateness_cases() {
        // Both timed: hours rounded up, days = ceil(hours/24), at least 1.
        let due_t = m("2024-03-02T09:15");
        assert_eq!(
            lateness(m("2024-03-02T09:16"), due_t),
            Lateness {
                days: 1,
                hours: Some(1),
                minutes: Some(1)
            }
        );
        // 30 minutes late: an hour and a day as counted, 30 minutes as it was.
        assert_eq!(
            lateness(m("2024-03-02T09:45"), due_t),
            Lateness {
                days: 1,
                hours: Some(1),
                minutes: Some(30)
            }
        );
        assert_eq!(
            lateness(m("2024-03-03T09:15"), due_t),
            Lateness {
                days: 1,
                hours: Some(24),
                minutes: Some(1440)
            }
        );
        assert_eq!(
            lateness(m("2024-03-03T09:16"), due_t),
            Lateness {
                days: 2,
                hours: Some(25),
                minutes: Some(1441)
            }
        );
        assert_eq!(
            lateness(m("2024-03-02T09:15:01"), due_t),
            Lateness {
                days: 1,
                hours: Some(1),
                minutes: Some(1)
            }
        );
        // Date-only on either side: difference in dates.
        assert_eq!(
            lateness(m("2024-03-05T08:00"), m("2024-03-02")),
            Lateness {
                days: 3,
                hours: None,
                minutes: None
            }
        );
        assert_eq!(
            lateness(m("2024-03-03"), due_t),
            Lateness {
                days: 1,
                hours: None,
                minutes: None
            }
        );
        // On time: zero.
        assert_eq!(
            lateness(m("2024-03-02T23:00"), m("2024-03-02")),
            Lateness {
                days: 0,
                hours: None,
                minutes: None
            }
        );
        assert_eq!(
            lateness(m("2024-03-02T09:00"), due_t),
            Lateness {
                days: 0,
                hours: Some(0),
                minutes: Some(0)
            }
        );
    }
}

#[cfg(test)]
mod proptests {
    use super::*;
    use chrono::Weekday;
    use proptest::prelude::*;

    /// Dates 1900-01-01 ..= 2199-12-31.
    fn date() -> impl Strategy<Value = NaiveDate> {
        let lo = NaiveDate::from_ymd_opt(1900, 1, 1)
            .unwrap()
            .num_days_from_ce();
        let hi = NaiveDate::from_ymd_opt(2199, 12, 31)
            .unwrap()
            .num_days_from_ce();
        (lo..=hi).prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap())
    }

    fn profile() -> impl Strategy<Value = CalendarProfile> {
        prop_oneof![
            Just(CalendarProfile::Strict),
            Just(CalendarProfile::Extended)
        ]
    }

    proptest! {
        /// A moment's date is written as chrono's `%Y-%m-%d` writes it, over every year
        /// chrono has (negative, five-digit) as well as the four-digit ones.
        #[test]
        fn a_moment_writes_its_date_as_chrono_does(
            n in prop_oneof![
                NaiveDate::MIN.num_days_from_ce()..=NaiveDate::MAX.num_days_from_ce(),
                -400i32..=3_652_500,
            ],
        ) {
            let date = NaiveDate::from_num_days_from_ce_opt(n).unwrap();
            prop_assert_eq!(Moment::day(date).to_string(), date.format("%Y-%m-%d").to_string());
        }

        /// With a time of day: `T%H:%M`, and `:%S` when the seconds are not zero; the JSON
        /// string is the same text.
        #[test]
        fn a_moment_writes_its_time_as_chrono_does(
            n in -400i32..=3_652_500,
            secs in 0u32..86_400,
        ) {
            let date = NaiveDate::from_num_days_from_ce_opt(n).unwrap();
            let time = NaiveTime::from_num_seconds_from_midnight_opt(secs, 0).unwrap();
            let format = if time.second() == 0 { "%Y-%m-%dT%H:%M" } else { "%Y-%m-%dT%H:%M:%S" };
            let expected = date.and_time(time).format(format).to_string();
            let m = Moment::at(date, time);
            prop_assert_eq!(&m.to_string(), &expected);
            prop_assert_eq!(serde_json::to_string(&m).unwrap(), format!("\"{expected}\""));
        }

        #[test]
        fn add_months_lands_on_clamped_day(dt in date(), n in -1200i32..=1200) {
            let r = add_months(dt, n);
            let months = |x: NaiveDate| i64::from(x.year()) * 12 + i64::from(x.month0());
            prop_assert_eq!(months(r) - months(dt), i64::from(n));
            prop_assert_eq!(r.day(), dt.day().min(days_in_month(r.year(), r.month())));
        }

        #[test]
        fn add_months_monotone_in_date(a in date(), b in date(), n in -1200i32..=1200) {
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            prop_assert!(add_months(lo, n) <= add_months(hi, n));
        }

        #[test]
        fn add_workdays_counts_exactly(dt in date(), n in 0u32..60, p in profile()) {
            let r = add_workdays(dt, n, p);
            prop_assert!(r >= dt);
            if n >= 1 {
                prop_assert!(is_workday(r, p));
            } else {
                prop_assert_eq!(r, dt);
            }
            let count = dt
                .iter_days()
                .skip(1)
                .take_while(|x| *x <= r)
                .filter(|x| is_workday(*x, p))
                .count();
            prop_assert_eq!(count, n as usize);
        }

        /// Counted off the workday table (within its years) as off the holiday lists.
        #[test]
        fn weekday_holidays_as_listed(from in date(), days in 0u64..4000, p in profile()) {
            let to = add_days(from, days);
            prop_assert_eq!(
                weekday_holidays(from, to, p),
                weekday_holidays_listed(from, to, p)
            );
        }

        #[test]
        fn weekends_never_workdays(dt in date(), p in profile()) {
            if matches!(dt.weekday(), Weekday::Sat | Weekday::Sun) {
                prop_assert!(!is_workday(dt, p));
            }
            // Extended only ever removes workdays.
            if is_workday(dt, CalendarProfile::Extended) {
                prop_assert!(is_workday(dt, CalendarProfile::Strict));
            }
        }

        #[test]
        fn due_months_not_before_start(dt in date(), n in 0u32..1200, p in profile()) {
            let start = Moment::day(dt);
            let end = due(start, Span::Months(n), p);
            prop_assert!(end.date >= dt);
            prop_assert!(start.on_or_before(end));
        }

        #[test]
        fn parse_display_round_trip(dt in date(), secs in 0u32..86_400, timed in any::<bool>()) {
            let mo = if timed {
                Moment::at(dt, NaiveTime::from_num_seconds_from_midnight_opt(secs, 0).unwrap())
            } else {
                Moment::day(dt)
            };
            prop_assert_eq!(Moment::parse_iso(&mo.to_string()), Some(mo));
        }
    }
}
