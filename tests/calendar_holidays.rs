//! Holiday table 2000–2040 checked against an independently published list of Easter
//! Sundays (tests/data/easter_sundays_2000_2040.txt, source named in its first line), so
//! a bug in our own Easter algorithm or holiday offsets cannot confirm itself.

use caseaudit::calendar::{CalendarProfile, easter_sunday, holidays, is_workday};
use chrono::{Datelike, Duration, NaiveDate, Weekday};

const EASTER_TABLE: &str = include_str!("data/easter_sundays_2000_2040.txt");

fn published_easter() -> Vec<NaiveDate> {
    let dates: Vec<NaiveDate> = EASTER_TABLE
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| NaiveDate::parse_from_str(l, "%Y-%m-%d").expect(l))
        .collect();
    // Sanity of the data file itself: one Sunday per year, 2000..=2040, in order.
    assert_eq!(dates.len(), 41);
    for (i, e) in dates.iter().enumerate() {
        assert_eq!(e.year(), 2000 + i as i32);
        assert_eq!(e.weekday(), Weekday::Sun, "{e}");
    }
    dates
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Danish official holidays derived from the published Easter date by fixed offsets.
fn expected_strict(easter: NaiveDate) -> Vec<(NaiveDate, &'static str)> {
    let y = easter.year();
    let rel = |days: i64| easter + Duration::days(days);
    let mut v = vec![
        (ymd(y, 1, 1), "nytårsdag"),
        (rel(-3), "skærtorsdag"),
        (rel(-2), "langfredag"),
        (rel(0), "påskedag"),
        (rel(1), "2. påskedag"),
        (rel(39), "Kristi himmelfartsdag"),
        (rel(49), "pinsedag"),
        (rel(50), "2. pinsedag"),
        (ymd(y, 12, 25), "juledag"),
        (ymd(y, 12, 26), "2. juledag"),
    ];
    if y <= 2023 {
        v.push((rel(26), "store bededag"));
    }
    v.sort();
    v
}

fn sorted(mut v: Vec<(NaiveDate, &'static str)>) -> Vec<(NaiveDate, &'static str)> {
    v.sort();
    v
}

#[test]
fn published_table_spot_checks() {
    let t = published_easter();
    for e in [
        ymd(2000, 4, 23),
        ymd(2008, 3, 23),
        ymd(2011, 4, 24),
        ymd(2019, 4, 21),
        ymd(2024, 3, 31),
        ymd(2025, 4, 20),
        ymd(2038, 4, 25),
    ] {
        assert_eq!(t[(e.year() - 2000) as usize], e);
    }
}

#[test]
fn easter_matches_published_table() {
    for e in published_easter() {
        assert_eq!(easter_sunday(e.year()), e);
    }
}

#[test]
fn strict_holidays_match_table_2000_2040() {
    for easter in published_easter() {
        let y = easter.year();
        let got = holidays(y, CalendarProfile::Strict);
        assert!(got.windows(2).all(|w| w[0].0 <= w[1].0), "{y} not sorted");
        assert_eq!(sorted(got), expected_strict(easter), "{y}");
        for (date, name) in expected_strict(easter) {
            assert!(!is_workday(date, CalendarProfile::Strict), "{date} {name}");
        }
    }
}

#[test]
fn store_bededag_counts_11_then_10() {
    for easter in published_easter() {
        let n = holidays(easter.year(), CalendarProfile::Strict).len();
        assert_eq!(n, if easter.year() <= 2023 { 11 } else { 10 });
    }
}

#[test]
fn extended_adds_exactly_three_days_2000_2040() {
    for easter in published_easter() {
        let y = easter.year();
        let mut extra = holidays(y, CalendarProfile::Extended);
        let strict = holidays(y, CalendarProfile::Strict);
        assert!(extra.windows(2).all(|w| w[0].0 <= w[1].0), "{y} not sorted");
        for h in &strict {
            let i = extra
                .iter()
                .position(|x| x == h)
                .unwrap_or_else(|| panic!("{y}: {h:?} missing in Extended"));
            extra.remove(i);
        }
        assert_eq!(
            sorted(extra),
            vec![
                (ymd(y, 6, 5), "grundlovsdag"),
                (ymd(y, 12, 24), "juleaftensdag"),
                (ymd(y, 12, 31), "nytårsaftensdag"),
            ],
            "{y}"
        );
        for (m, d) in [(6, 5), (12, 24), (12, 31)] {
            assert!(!is_workday(ymd(y, m, d), CalendarProfile::Extended));
        }
    }
}

#[test]
fn workdays_2000_2040_match_table() {
    // Every weekday that is not in the independently derived set is a workday, and
    // every date in it is not, for both profiles.
    for easter in published_easter() {
        let y = easter.year();
        let strict = expected_strict(easter);
        let mut ext = strict.clone();
        ext.extend([
            (ymd(y, 6, 5), "grundlovsdag"),
            (ymd(y, 12, 24), "juleaftensdag"),
            (ymd(y, 12, 31), "nytårsaftensdag"),
        ]);
        for (profile, table) in [
            (CalendarProfile::Strict, &strict),
            (CalendarProfile::Extended, &ext),
        ] {
            for date in ymd(y, 1, 1).iter_days().take_while(|d| d.year() == y) {
                let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
                let holiday = table.iter().any(|&(h, _)| h == date);
                assert_eq!(
                    is_workday(date, profile),
                    !weekend && !holiday,
                    "{date} {profile:?}"
                );
            }
        }
    }
}
