//! Invariants that must hold for any case, checked on random ones: the engine never panics,
//! every finding is counted exactly once, scores stay in [0, 1], and each result cites the
//! law of the period its clock started in.
use caseaudit::calendar::Moment;
use caseaudit::model::{Attr, Case, Event, EventType, Value, link_case};
use caseaudit::report::{GroupBy, ResultsMode, Tally};
use caseaudit::rules::{Anchor, AuditContext, Catalogue, Check, Status, evaluate};
use chrono::NaiveDate;
use proptest::prelude::*;

fn event(kind: usize, day: i64, flags: u8, outcome: usize, kind_of: usize) -> Event {
    let kind = EventType::ALL[kind % EventType::ALL.len()];
    let date = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap() + chrono::Duration::days(day);
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
    Event {
        kind,
        at: Moment::day(date),
        id: None,
        reference: None,
        attrs,
        line: None,
    }
}

fn arb_case() -> impl Strategy<Value = Vec<(usize, i64, u8, usize, usize)>> {
    prop::collection::vec(
        (0usize..23, 0i64..1100, any::<u8>(), 0usize..10, 0usize..5),
        0..40,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn every_finding_is_counted_once_and_scores_are_shares(raw in arb_case(), as_of_day in 0i64..1200) {
        let catalogue = Catalogue::embedded().unwrap();
        let mut case = Case::new("K-PROP");
        case.events = raw.into_iter().map(|(k, d, f, o, kd)| event(k, d, f, o, kd)).collect();
        link_case(&mut case, &catalogue.provisions);
        let as_of = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap() + chrono::Duration::days(as_of_day);
        let ctx = AuditContext { as_of, calendar: Default::default() };
        let findings = evaluate(&case, &catalogue, &ctx);

        let mut tally = Tally::new(&catalogue, Some(GroupBy::Team));
        tally.add_case(&case, &findings, &catalogue, as_of, ResultsMode::All);
        // One case without a team: its group holds everything the tally does.
        let group = &tally.groups[&None];
        prop_assert_eq!(&group.per_rule, &tally.per_rule);
        prop_assert_eq!(group.estimated_reversal_rate(), tally.estimated_reversal_rate());
        prop_assert_eq!(group.case_error_rate(), tally.case_error_rate());
        // Every appeal decided on the merits lands in one calibration cell.
        prop_assert_eq!(tally.calibration.total(), tally.appeals_decided_on_merits);
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
                Check::Window(_) | Check::Attribute(_) => Some(case.events[f.subject].at.date),
            };
            if let (Some(p), Some(date)) = (variant.period, date) {
                prop_assert!(catalogue.periods[p].contains(date), "{} {} {}", rule.id, variant.law, date);
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
