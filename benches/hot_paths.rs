//! Micro-benchmarks of the audit's hot paths (docs/performance.md): reading a date as an
//! export writes it, workday arithmetic, one case through the engine, and linking a case as
//! it grows (4,000 and 16,000 pairs: a quadratic linking would take 16 times as long for four
//! times the pairs), and stdout's two filters (the CPR mask, then what a terminal may show)
//! against the mask alone, over 8 MB of a JSON report. Not part of CI;
//! `cargo bench --bench hot_paths` runs them, `cargo bench --no-run` only builds them.
use caseaudit::calendar::Moment;
use caseaudit::calendar::{CalendarProfile, add_workdays};
use caseaudit::load::values::{DateFormat, parse_moment_as};
use caseaudit::load::{self, LoadOptions};
use caseaudit::model::{Case, Event, EventType, ProvisionTable, link_case};
use caseaudit::privacy::Masked;
use caseaudit::rules::{AuditContext, Catalogue, evaluate};
use caseaudit::terminal::Printable;
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

/// A case of `pairs` notifications, each assessed the same hour.
fn pairs_case(pairs: u64) -> Case {
    let first = NaiveDate::from_ymd_opt(2000, 1, 1).expect("a date");
    let mut case = Case::new("K-1");
    for d in 0..pairs {
        let at = Moment::at(
            first + chrono::Days::new(d / 2),
            chrono::NaiveTime::from_hms_opt((d % 2 * 10) as u32, 0, 0).expect("a time"),
        );
        for kind in [
            EventType::NotificationReceived,
            EventType::NotificationAssessed,
        ] {
            case.events.push(Event {
                kind,
                at,
                id: None,
                reference: None,
                attrs: Vec::new(),
                line: None,
            });
        }
    }
    case
}

fn linking(c: &mut Criterion) {
    let mut group = c.benchmark_group("link/pairs");
    group.sample_size(10);
    for pairs in [4_000, 16_000] {
        let case = pairs_case(pairs);
        group.bench_function(pairs.to_string(), |b| {
            b.iter(|| {
                let mut case = case.clone();
                link_case(&mut case, &ProvisionTable::default())
            })
        });
    }
    group.finish();
}

fn stdout(c: &mut Criterion) {
    use std::io::Write;
    let row = r#"{"case_id": "K-2024-000123", "rule": "U1", "team": "Handicap Øst", "status": "fail", "subject": "notification_received@2024-03-01T09:00", "due": "2024-03-02T09:00", "law": "BL § 133, stk. 2", "message": "vurderet 3 dage for sent"},
"#;
    let text = row.repeat(8 * 1024 * 1024 / row.len());
    let mut group = c.benchmark_group("stdout/8MB");
    group.sample_size(10);
    group.throughput(criterion::Throughput::Bytes(text.len() as u64));
    // As formats write: in pieces of a few hundred bytes.
    let pieces: Vec<&[u8]> = text.as_bytes().chunks(300).collect();
    group.bench_function("mask", |b| {
        b.iter(|| {
            let mut out = Masked::new(Vec::with_capacity(text.len()));
            for piece in &pieces {
                out.write_all(piece).unwrap();
            }
            out.finish().unwrap().len()
        })
    });
    group.bench_function("mask+printable", |b| {
        b.iter(|| {
            let mut out = Masked::new(Printable::new(Vec::with_capacity(text.len())));
            for piece in &pieces {
                out.write_all(piece).unwrap();
            }
            out.finish().unwrap().finish().unwrap().len()
        })
    });
    group.finish();
}

criterion_group!(benches, dates, workdays, engine, linking, stdout);
criterion_main!(benches);
