//! Month and workday arithmetic against simple reference implementations, over wide date
//! ranges and spans up to the rule limits (issue 9), including dates near chrono's end.
use caseaudit::calendar::{CalendarProfile, Span, add_months, add_workdays, is_workday};
use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;

/// Day by day: the n-th workday after `date`, saturating at the last date there is.
fn workdays_reference(date: NaiveDate, n: u32, profile: CalendarProfile) -> NaiveDate {
    let (mut d, mut left) = (date, n);
    while left > 0 {
        match d.succ_opt() {
            Some(next) => d = next,
            None => return NaiveDate::MAX,
        }
        if is_workday(d, profile) {
            left -= 1;
        }
    }
    d
}

/// Month by month: the same day-of-month, clamped to the month's last day.
fn months_reference(date: NaiveDate, n: i32) -> NaiveDate {
    let (mut year, mut month) = (date.year(), date.month());
    for _ in 0..n.unsigned_abs() {
        if n > 0 {
            (year, month) = if month == 12 {
                (year + 1, 1)
            } else {
                (year, month + 1)
            };
        } else {
            (year, month) = if month == 1 {
                (year - 1, 12)
            } else {
                (year, month - 1)
            };
        }
    }
    let mut day = date.day();
    loop {
        if let Some(d) = NaiveDate::from_ymd_opt(year, month, day) {
            return d;
        }
        if day <= 28 {
            return if n < 0 {
                NaiveDate::MIN
            } else {
                NaiveDate::MAX
            };
        }
        day -= 1;
    }
}

fn profile() -> impl Strategy<Value = CalendarProfile> {
    prop_oneof![
        Just(CalendarProfile::Strict),
        Just(CalendarProfile::Extended)
    ]
}

/// A date from year 1 to chrono's last day, weighted towards today's years and the end.
fn date() -> impl Strategy<Value = NaiveDate> {
    let last = NaiveDate::MAX.num_days_from_ce();
    prop_oneof![
        (693_596..767_010i32), // 1900–2100
        (1..last),
        ((last - 40_000)..=last),
    ]
    .prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn workdays_agree_with_counting_day_by_day(
        start in date(),
        n in prop_oneof![0..40u32, 0..=26_100u32, 26_000..=26_100u32],
        profile in profile(),
    ) {
        prop_assert_eq!(add_workdays(start, n, profile), workdays_reference(start, n, profile));
    }

    #[test]
    fn months_agree_with_stepping_month_by_month(
        start in date(),
        n in prop_oneof![-30..30i32, -1_200..=1_200i32],
    ) {
        prop_assert_eq!(add_months(start, n), months_reference(start, n));
    }
}

#[test]
fn spans_beyond_a_hundred_years_are_refused() {
    for text in [
        "4294967295 workdays",
        "4294967295 months",
        "4294967295 days",
        "99999999999999999999 hours",
        "1201 months",
        "26101 hverdage",
    ] {
        let err = text.parse::<Span>().unwrap_err().to_string();
        assert!(err.contains("too long"), "{text}: {err}");
    }
    for span in Span::MAX {
        assert_eq!(span.to_string().parse::<Span>(), Ok(span));
    }
}

#[test]
fn the_longest_workday_span_is_quick() {
    let started = std::time::Instant::now();
    let d = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    for _ in 0..1_000 {
        std::hint::black_box(add_workdays(d, 26_100, CalendarProfile::Strict));
    }
    assert!(
        started.elapsed() < std::time::Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}
