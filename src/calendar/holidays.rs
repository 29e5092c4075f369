//! Danish official holidays (helligdage) and the workday (hverdag) test built on them.
//!
//! Deadlines in hverdage (contract §3) skip Saturdays, Sundays and the official holidays.
//! Most holidays hang off Easter, so Easter is computed arithmetically; [`is_workday`]
//! sits in the hot loop of every workday deadline and therefore never allocates.

use chrono::{Datelike, NaiveDate, Weekday};

use super::CalendarProfile;

/// Last year in which store bededag was a public holiday: it was abolished from 2024
/// by lov nr. 152 af 28. februar 2023 (lov om afskaffelse af store bededag).
pub const LAST_STORE_BEDEDAG_YEAR: i32 = 2023;

/// Gregorian Easter Sunday (anonymous Gregorian / Meeus–Jones–Butcher algorithm).
///
/// The Danish church follows the Gregorian computus, so this fixes skærtorsdag, langfredag,
/// påske, store bededag, Kristi himmelfart and pinse.
///
/// # Panics
/// Only if the resulting date is outside chrono's range (|year| > ~262 000).
pub fn easter_sunday(year: i32) -> NaiveDate {
    let (month, day) = easter_month_day(year);
    NaiveDate::from_ymd_opt(year, month, day).expect("Easter Sunday within chrono's date range")
}

/// Easter Sunday as (month, day); Euclidean arithmetic so negative years work too.
fn easter_month_day(year: i32) -> (u32, u32) {
    let y = i64::from(year);
    let a = y.rem_euclid(19);
    let b = y.div_euclid(100);
    let c = y.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c.div_euclid(4);
    let k = c.rem_euclid(4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l).div_euclid(451);
    let month = (h + l - 7 * m + 114).div_euclid(31);
    let day = (h + l - 7 * m + 114).rem_euclid(31) + 1;
    // month is 3 or 4 and day 1..=31 by construction of the algorithm.
    (month as u32, day as u32)
}

fn is_leap_year(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Day of the year (1-based) of Easter Sunday, without building a `NaiveDate`.
fn easter_ordinal(year: i32) -> i64 {
    let (month, day) = easter_month_day(year);
    // 31 (Jan) + 28/29 (Feb) days precede March 1; April adds March's 31.
    let before_march = 59 + i64::from(is_leap_year(year));
    let before_month = if month == 3 {
        before_march
    } else {
        before_march + 31
    };
    before_month + i64::from(day)
}

/// Easter-relative holidays: (offset in days from Easter Sunday, Danish name).
/// Store bededag (+26, 4th Friday after Easter) is handled separately because of its
/// abolition after [`LAST_STORE_BEDEDAG_YEAR`].
const EASTER_HOLIDAYS: [(i64, &str); 7] = [
    (-3, "skærtorsdag"),
    (-2, "langfredag"),
    (0, "påskedag"),
    (1, "2. påskedag"),
    (39, "Kristi himmelfartsdag"),
    (49, "pinsedag"),
    (50, "2. pinsedag"),
];
const STORE_BEDEDAG_OFFSET: i64 = 26;

/// Official holidays on fixed dates: (month, day, name).
const FIXED_HOLIDAYS: [(u32, u32, &str); 3] = [
    (1, 1, "nytårsdag"),
    (12, 25, "juledag"),
    (12, 26, "2. juledag"),
];

/// Days that are not official holidays but on which municipal offices are customarily
/// closed (grundlovsdag, juleaftensdag, nytårsaftensdag). Only the `Extended` profile
/// treats them as non-workdays, because whether a deadline may run over them depends on
/// the municipality's own practice rather than on law.
const EXTENDED_DAYS: [(u32, u32, &str); 3] = [
    (6, 5, "grundlovsdag"),
    (12, 24, "juleaftensdag"),
    (12, 31, "nytårsaftensdag"),
];

/// The official Danish holidays of `year` with their Danish names, sorted by date; with
/// [`CalendarProfile::Extended`] also grundlovsdag, juleaftensdag and nytårsaftensdag.
///
/// Two entries may share a date (pinsedag 2022 fell on grundlovsdag, 5 June): both names
/// are kept, the official holiday first.
///
/// # Panics
/// Only for years outside chrono's date range (see [`easter_sunday`]).
pub fn holidays(year: i32, profile: CalendarProfile) -> Vec<(NaiveDate, &'static str)> {
    let mut out = Vec::with_capacity(15);
    let ymd = |m, d| NaiveDate::from_ymd_opt(year, m, d).expect("valid fixed holiday date");
    for (m, d, name) in FIXED_HOLIDAYS {
        out.push((ymd(m, d), name));
    }
    let easter = easter_sunday(year);
    for (offset, name) in EASTER_HOLIDAYS {
        out.push((easter + chrono::Duration::days(offset), name));
    }
    if year <= LAST_STORE_BEDEDAG_YEAR {
        out.push((
            easter + chrono::Duration::days(STORE_BEDEDAG_OFFSET),
            "store bededag",
        ));
    }
    if profile == CalendarProfile::Extended {
        for (m, d, name) in EXTENDED_DAYS {
            out.push((ymd(m, d), name));
        }
    }
    // Stable sort: on a shared date the official holiday (pushed earlier) stays first.
    out.sort_by_key(|&(date, _)| date);
    out
}

/// True when `date` is a hverdag: not Saturday, not Sunday, and not a holiday of `profile`.
///
/// Read off a table of the workdays of the years audits meet ([`WORKDAY_YEARS`]), worked out
/// once per process; other years are worked out each time.
pub fn is_workday(date: NaiveDate, profile: CalendarProfile) -> bool {
    match workday_table().get(&date, profile) {
        Some(workday) => workday,
        None => is_workday_computed(date, profile),
    }
}

/// The years whose workdays are tabled: every date of the exports seen, with room for
/// deadlines that run years ahead. A date outside them is still judged, more slowly.
pub const WORKDAY_YEARS: std::ops::RangeInclusive<i32> = 1970..=2100;

/// For each tabled year and profile, its days as bits (bit `ordinal - 1`).
struct WorkdayTable {
    years: Vec<[YearDays; 2]>,
}

#[derive(Clone, Copy)]
struct YearDays {
    workdays: [u64; 6],
    /// Holidays on a Monday to Friday.
    weekday_holidays: [u64; 6],
}

/// How many of the bits `lo..hi` are set.
fn count_bits(bits: &[u64; 6], lo: u32, hi: u32) -> u32 {
    (0..6u32)
        .map(|w| {
            let (from, to) = (lo.max(64 * w), hi.min(64 * w + 64));
            if from >= to {
                return 0;
            }
            let width = to - from;
            let mask = u64::MAX.checked_shr(64 - width).unwrap_or(u64::MAX) << (from - 64 * w);
            (bits[w as usize] & mask).count_ones()
        })
        .sum()
}

/// How many days in `(from, to]` are holidays on a weekday, when every year of them is
/// tabled.
pub(super) fn tabled_weekday_holidays(
    from: NaiveDate,
    to: NaiveDate,
    profile: CalendarProfile,
) -> Option<u32> {
    let table = workday_table();
    let mut count = 0;
    for year in from.year()..=to.year() {
        let days = table.year(year, profile)?;
        let lo = if year == from.year() {
            from.ordinal0() + 1
        } else {
            0
        };
        let hi = if year == to.year() {
            to.ordinal0() + 1
        } else {
            366
        };
        count += count_bits(&days.weekday_holidays, lo, hi);
    }
    Some(count)
}

impl WorkdayTable {
    fn new() -> WorkdayTable {
        let years = WORKDAY_YEARS
            .map(|year| {
                [CalendarProfile::Strict, CalendarProfile::Extended].map(|profile| {
                    let mut weekdays = [0u64; 6];
                    let days = if is_leap_year(year) { 366 } else { 365 };
                    let monday = NaiveDate::from_yo_opt(year, 1)
                        .map_or(0, |first| first.weekday().num_days_from_monday());
                    for i in 0..days {
                        if (monday + i) % 7 < 5 {
                            weekdays[i as usize / 64] |= 1 << (i % 64);
                        }
                    }
                    let mut holiday = [0u64; 6];
                    for (day, _) in holidays(year, profile) {
                        let i = day.ordinal0();
                        holiday[i as usize / 64] |= 1 << (i % 64);
                    }
                    YearDays {
                        workdays: std::array::from_fn(|w| weekdays[w] & !holiday[w]),
                        weekday_holidays: std::array::from_fn(|w| weekdays[w] & holiday[w]),
                    }
                })
            })
            .collect();
        WorkdayTable { years }
    }

    fn year(&self, year: i32, profile: CalendarProfile) -> Option<&YearDays> {
        let year = usize::try_from(year - WORKDAY_YEARS.start()).ok()?;
        Some(&self.years.get(year)?[usize::from(profile == CalendarProfile::Extended)])
    }

    /// Whether `date` is a workday, when its year is tabled.
    fn get(&self, date: &NaiveDate, profile: CalendarProfile) -> Option<bool> {
        let bits = &self.year(date.year(), profile)?.workdays;
        let i = date.ordinal0() as usize;
        Some(bits[i / 64] & (1 << (i % 64)) != 0)
    }
}

fn workday_table() -> &'static WorkdayTable {
    static TABLE: std::sync::OnceLock<WorkdayTable> = std::sync::OnceLock::new();
    TABLE.get_or_init(WorkdayTable::new)
}

/// [`is_workday`] worked out from the rules: allocation-free, weekends and fixed dates are
/// checked first, and Easter is only computed for dates in March–June, the only months
/// Easter-relative holidays can fall in (skærtorsdag ≥ 19 March, 2. pinsedag ≤ 14 June).
fn is_workday_computed(date: NaiveDate, profile: CalendarProfile) -> bool {
    if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
        return false;
    }
    let (month, day) = (date.month(), date.day());
    if FIXED_HOLIDAYS
        .iter()
        .any(|&(m, d, _)| m == month && d == day)
    {
        return false;
    }
    if profile == CalendarProfile::Extended
        && EXTENDED_DAYS
            .iter()
            .any(|&(m, d, _)| m == month && d == day)
    {
        return false;
    }
    if !(3..=6).contains(&month) {
        return true;
    }
    let year = date.year();
    let offset = i64::from(date.ordinal()) - easter_ordinal(year);
    if EASTER_HOLIDAYS.iter().any(|&(o, _)| o == offset) {
        return false;
    }
    !(offset == STORE_BEDEDAG_OFFSET && year <= LAST_STORE_BEDEDAG_YEAR)
}

#[cfg(test)]
mod tests {
    use super::*;
    use CalendarProfile::{Extended, Strict};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// The table agrees with the rules on every day of the tabled years and a year either
    /// side (which are worked out).
    #[test]
    fn workday_table_agrees_with_the_rules() {
        let from = d(*WORKDAY_YEARS.start() - 1, 1, 1);
        let to = d(*WORKDAY_YEARS.end() + 1, 12, 31);
        for day in from.iter_days().take_while(|&x| x <= to) {
            for profile in [Strict, Extended] {
                assert_eq!(
                    is_workday(day, profile),
                    is_workday_computed(day, profile),
                    "{day} {profile:?}"
                );
            }
        }
    }

    #[test]
    fn easter_known_years() {
        assert_eq!(easter_sunday(2000), d(2000, 4, 23));
        assert_eq!(easter_sunday(2008), d(2008, 3, 23));
        assert_eq!(easter_sunday(2011), d(2011, 4, 24));
        assert_eq!(easter_sunday(2019), d(2019, 4, 21));
        assert_eq!(easter_sunday(2023), d(2023, 4, 9));
        assert_eq!(easter_sunday(2024), d(2024, 3, 31));
        assert_eq!(easter_sunday(2025), d(2025, 4, 20));
        assert_eq!(easter_sunday(2038), d(2038, 4, 25));
        // Extremes of the Gregorian Easter range: 22 March and 25 April.
        assert_eq!(easter_sunday(2285), d(2285, 3, 22));
        assert_eq!(easter_sunday(1943), d(1943, 4, 25));
    }

    #[test]
    fn easter_is_always_a_sunday_in_range() {
        for y in 1583..=4000 {
            let e = easter_sunday(y);
            assert_eq!(e.weekday(), Weekday::Sun, "{y}");
            assert!(e >= d(y, 3, 22) && e <= d(y, 4, 25), "{y}: {e}");
            assert_eq!(i64::from(e.ordinal()), easter_ordinal(y), "{y}");
        }
    }

    #[test]
    fn holidays_2024_strict() {
        let got: Vec<String> = holidays(2024, Strict)
            .iter()
            .map(|(dt, n)| format!("{dt} {n}"))
            .collect();
        assert_eq!(
            got,
            [
                "2024-01-01 nytårsdag",
                "2024-03-28 skærtorsdag",
                "2024-03-29 langfredag",
                "2024-03-31 påskedag",
                "2024-04-01 2. påskedag",
                "2024-05-09 Kristi himmelfartsdag",
                "2024-05-19 pinsedag",
                "2024-05-20 2. pinsedag",
                "2024-12-25 juledag",
                "2024-12-26 2. juledag",
            ]
        );
    }

    #[test]
    fn store_bededag_only_up_to_2023() {
        let sb = |y| {
            holidays(y, Strict)
                .into_iter()
                .find(|&(_, n)| n == "store bededag")
                .map(|(dt, _)| dt)
        };
        assert_eq!(sb(2023), Some(d(2023, 5, 5)));
        assert_eq!(sb(2022), Some(d(2022, 5, 13)));
        assert_eq!(sb(2024), None);
        assert_eq!(sb(2025), None);
        assert!(!is_workday(d(2023, 5, 5), Strict));
        assert!(!is_workday(d(2023, 5, 5), Extended));
        // 2024-04-26 would have been store bededag (Easter 31 March + 26) but is a workday.
        assert!(is_workday(d(2024, 4, 26), Strict));
        assert!(is_workday(d(2024, 4, 26), Extended));
    }

    #[test]
    fn extended_profile_days() {
        // 2024-12-24 and 2024-12-31 are Tuesdays, 2024-06-05 a Wednesday.
        for (m, day) in [(12, 24), (12, 31), (6, 5)] {
            let dt = d(2024, m, day);
            assert!(is_workday(dt, Strict), "{dt}");
            assert!(!is_workday(dt, Extended), "{dt}");
        }
        let ext = holidays(2024, Extended);
        assert_eq!(ext.len(), holidays(2024, Strict).len() + 3);
        assert!(ext.contains(&(d(2024, 12, 24), "juleaftensdag")));
        assert!(ext.windows(2).all(|w| w[0].0 <= w[1].0));
    }

    #[test]
    fn extended_keeps_both_names_on_shared_date() {
        // Pinsedag 2022 was 5 June (Easter 17 April + 49).
        let ext = holidays(2022, Extended);
        let june5: Vec<_> = ext
            .iter()
            .filter(|(dt, _)| *dt == d(2022, 6, 5))
            .map(|&(_, n)| n)
            .collect();
        assert_eq!(june5, ["pinsedag", "grundlovsdag"]);
    }

    #[test]
    fn weekends_are_not_workdays() {
        assert!(!is_workday(d(2024, 3, 2), Strict)); // Saturday
        assert!(!is_workday(d(2024, 3, 3), Strict)); // Sunday
        assert!(is_workday(d(2024, 3, 4), Strict)); // Monday
    }

    #[test]
    fn is_workday_agrees_with_holiday_list() {
        for y in 1900..=2100 {
            for profile in [Strict, Extended] {
                let hs = holidays(y, profile);
                let mut dt = d(y, 1, 1);
                while dt.year() == y {
                    let weekend = matches!(dt.weekday(), Weekday::Sat | Weekday::Sun);
                    let holiday = hs.iter().any(|&(h, _)| h == dt);
                    assert_eq!(
                        is_workday(dt, profile),
                        !weekend && !holiday,
                        "{dt} {profile:?}"
                    );
                    dt = dt.succ_opt().unwrap();
                }
            }
        }
    }

    #[test]
    fn is_workday_at_chrono_extremes_does_not_panic() {
        let _ = is_workday(NaiveDate::MAX, Strict);
        let _ = is_workday(NaiveDate::MIN, Extended);
    }
}
