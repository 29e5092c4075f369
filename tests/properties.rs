//! Invariants that must hold for any case, checked on random ones (random event types,
//! dates and times, ids and refs — some dangling, some naming the wrong type — outcomes and
//! attributes): the engine never panics, every finding is counted exactly once, scores stay
//! in [0, 1], no deadline falls before its start, and each result cites the law of the
//! period its clock started in.
use caseaudit::calendar::Moment;
use caseaudit::model::{Attr, Case, Event, EventType, Value, link_case};
use caseaudit::report::{GroupBy, ResultsMode, Tally};
use caseaudit::rules::{Anchor, AuditContext, Catalogue, Check, Status, evaluate};
use chrono::{NaiveDate, NaiveTime};
use proptest::prelude::*;

/// One random event: its type, day (from 2023-01-01), attribute flags, outcome and kind
/// choices, and its [`Extra`].
fn event(kind: usize, day: i64, flags: u8, outcome: usize, kind_of: usize, extra: Extra) -> Event {
    let kind = EventType::ALL[kind % EventType::ALL.len()];
    let date = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap() + chrono::Duration::days(day);
    let (id, reference, minute) = extra;
    let mut attrs = Vec::new();
    let choice = |values: &[&'static str], i: usize| values[i % values.len()];
    attrs.push((
        Attr::Reporter,
        Value::Choice(choice(caseaudit::model::REPORTERS, outcome)),
    ));
    attrs.push((
        Attr::Kind,
        Value::Choice(choice(caseaudit::model::KINDS, kind_of)),
    ));
    attrs.push((
        Attr::Outcome,
        Value::Choice(choice(caseaudit::model::OUTCOMES, outcome)),
    ));
    attrs.push((Attr::Acute, Value::Flag(flags & 1 == 1)));
    if flags & 2 == 2 {
        attrs.push((
            Attr::Justification,
            Value::Text("Afslag efter § 86, fordi …".into()),
        ));
    }
    if flags & 4 == 4 {
        attrs.push((Attr::AppealGuidance, Value::Flag(flags & 8 == 8)));
    }
    if flags & 16 == 16 {
        attrs.push((Attr::Reason, Value::Text("begrundelse".into())));
    }
    if flags & 32 == 32 {
        attrs.push((
            Attr::NextDue,
            Value::Moment(Moment::day(date + chrono::Duration::days(90))),
        ));
    }
    attrs.sort_by_key(|(a, _)| *a);
    let at = match minute {
        Some(m) => Moment::at(
            date,
            NaiveTime::from_num_seconds_from_midnight_opt(u32::from(m) * 60, 0).unwrap(),
        ),
        None => Moment::day(date),
    };
    Event {
        kind,
        at,
        id: id.map(|n| format!("e{n}").into()),
        reference: reference.map(|n| format!("e{n}").into()),
        attrs,
        line: None,
    }
}

/// An event's id `e<n>`, the id it refers to (`ref`), and its minute of the day: each may
/// be missing. Ids and refs are drawn from a few numbers, so refs often name an event of
/// the case (of the right type or not), ids repeat, and some refs dangle.
type Extra = (Option<u8>, Option<u8>, Option<u16>);

type RawEvent = (usize, i64, u8, usize, usize, Extra);

fn arb_case() -> impl Strategy<Value = (Vec<RawEvent>, Option<i64>)> {
    let extra = (
        prop::option::of(0u8..12),
        prop::option::of(0u8..14),
        prop::option::of(0u16..1440),
    );
    let events = prop::collection::vec(
        (
            0usize..23,
            0i64..1100,
            any::<u8>(),
            0usize..10,
            0usize..5,
            extra,
        ),
        0..40,
    );
    // The child's birth, from 18 years before the first day to after the last event.
    (events, prop::option::of(-6600i64..1200))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn every_finding_is_counted_once_and_scores_are_shares((raw, birth) in arb_case(), as_of_day in 0i64..1200) {
        let catalogue = Catalogue::embedded().unwrap();
        let mut case = Case::new("K-PROP");
        let first = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap();
        case.child_birth_date = birth.map(|d| first + chrono::Duration::days(d));
        case.events = raw.into_iter().map(|(k, d, f, o, kd, x)| event(k, d, f, o, kd, x)).collect();
        link_case(&mut case, &catalogue.provisions);
        let as_of = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap() + chrono::Duration::days(as_of_day);
        let ctx = AuditContext { as_of, calendar: Default::default() };
        let findings = evaluate(&case, &catalogue, &ctx);

        let mut tally = Tally::new(&catalogue, Some(GroupBy::Team));
        tally
            .add_case(&case, &findings, &catalogue, as_of, ResultsMode::All)
            .expect("the listed results fit in memory");
        // One case without a team: its group holds everything the tally does.
        let group = &tally.groups[&None];
        prop_assert_eq!(&group.per_rule, &tally.per_rule);
        prop_assert_eq!(group.estimated_reversal_rate(), tally.estimated_reversal_rate());
        prop_assert_eq!(group.case_error_rate(), tally.case_error_rate());
        // Every appeal decided on the merits lands in one calibration cell.
        prop_assert_eq!(tally.calibration.total(), tally.appeals_decided_on_merits);
        // Each rule's count of each status is its findings of that status.
        for (r, counts) in tally.per_rule.iter().enumerate() {
            for status in Status::ALL {
                let found = findings.iter().filter(|f| f.rule == r && f.status == status).count();
                prop_assert_eq!(counts.get(status), found as u64, "{} {:?}", catalogue.rules[r].id, status);
            }
        }
        let counted: u64 = tally.per_rule.iter().map(|c| c.total()).sum();
        prop_assert_eq!(counted, findings.len() as u64);
        prop_assert_eq!(tally.rows.len(), findings.len());
        let themes: u64 = tally.per_theme(&catalogue).iter().map(|c| c.total()).sum();
        prop_assert_eq!(themes, counted);
        for counts in &tally.per_rule {
            let by_status: u64 = Status::ALL.iter().map(|s| counts.get(*s)).sum();
            prop_assert_eq!(by_status, counts.total());
            if let Some(score) = counts.score() {
                prop_assert!((0.0..=1.0).contains(&score));
            }
        }
        prop_assert!(tally.failed_decisions <= tally.assessed_decisions);
        prop_assert!(tally.failed_cases <= tally.assessed_cases);

        for f in &findings {
            let rule = &catalogue.rules[f.rule];
            let variant = &rule.variants[f.variant];
            // The date that picks the law: the clock start for deadlines, recurring and
            // periodic checks, and for windows that start at an earlier event (B3's
            // awareness); otherwise the subject's own date.
            let date = match &variant.check {
                Check::Deadline(_) | Check::Recurring(_) | Check::PeriodicCount(_) => f.start.map(|m| m.date),
                Check::Window(w) if matches!(w.from, Some(Anchor::Latest(_) | Anchor::Linked(_))) => {
                    f.start.map(|m| m.date)
                }
                Check::Window(_) | Check::Attribute(_) | Check::Question(_) => {
                    Some(case.events[f.subject].at.date)
                }
            };
            if let (Some(p), Some(date)) = (variant.period, date) {
                prop_assert!(catalogue.periods[p].contains(date), "{} {} {}", rule.id, variant.law, date);
            }
            // No deadline before its start (a date-only side compares by date).
            if let (Some(start), Some(due)) = (f.start, f.due) {
                prop_assert!(start.on_or_before(due), "{} due {} before start {}", rule.id, due, start);
            }
            // Pending only while the deadline is open on the as-of date.
            if f.status == Status::Pending {
                prop_assert!(f.due.is_some_and(|d| d.date >= as_of));
            }
            // Nothing after the as-of date is evidence.
            if let Some(done) = f.done {
                prop_assert!(done.date <= as_of);
            }
        }
    }
}
