//! Micro-benchmarks of the audit's hot paths (docs/performance.md): reading a date as an
//! export writes it, workday arithmetic, and one case through the engine. Not part of CI;
//! `cargo bench --bench hot_paths` runs them, `cargo bench --no-run` only builds them.
use caseaudit::calendar::{CalendarProfile, add_workdays};
use caseaudit::load::values::{DateFormat, parse_moment_as};
use caseaudit::load::{self, LoadOptions};
use caseaudit::rules::{AuditContext, Catalogue, evaluate};
use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::PathBuf;

fn dates(c: &mut Criterion) {
    let mut group = c.benchmark_group("date");
    for (name, text) in [
        ("iso", "2024-03-01"),
        ("iso_time", "2024-03-01T09:15"),
        ("dmy", "01-03-2024"),
        ("dmy_dots", "1.3.2024 09.15"),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| parse_moment_as(black_box(text), DateFormat::Auto))
        });
    }
    group.finish();
}

fn workdays(c: &mut Criterion) {
    let start = NaiveDate::from_ymd_opt(2024, 12, 20).expect("a date");
    c.bench_function("add_workdays/10_over_christmas", |b| {
        b.iter(|| add_workdays(black_box(start), black_box(10), CalendarProfile::Strict))
    });
    c.bench_function("add_workdays/250", |b| {
        b.iter(|| add_workdays(black_box(start), black_box(250), CalendarProfile::Extended))
    });
}

fn engine(c: &mut Criterion) {
    let catalogue = Catalogue::embedded().expect("the built-in catalogue");
    let demo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo/cases.json");
    let loaded = load::load(&[demo], &catalogue.provisions, &LoadOptions::default())
        .expect("the demo export");
    let ctx = AuditContext {
        as_of: NaiveDate::from_ymd_opt(2025, 6, 30).expect("a date"),
        calendar: CalendarProfile::Strict,
    };
    // The demo case with the most events: one realistic case through every rule.
    let case = loaded
        .cases
        .iter()
        .max_by_key(|c| c.events.len())
        .expect("a case");
    c.bench_function("engine/one_case_all_rules", |b| {
        b.iter(|| evaluate(black_box(case), &catalogue, &ctx))
    });
}

criterion_group!(benches, dates, workdays, engine);
criterion_main!(benches);
