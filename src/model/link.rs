//! Linking (DOMAIN §2): which event each answer answers. An explicit `ref` wins; exports
//! rarely have ids, so without one the link follows date order.
use super::{Attr, Case, EventType, Kind, ProvisionTable, Value};
use std::collections::HashMap;

/// How an answer finds what it answers when it has no `ref`.
#[derive(Debug, Clone, Copy)]
enum Strategy {
    /// The earliest target dated on or before the answer that has no answer of this type yet.
    EarliestUnanswered,
    /// The measure running on the answer's date: the latest started on or before it, not yet ended.
    RunningMeasure,
    /// The latest measure decision (support, placement, placement without consent) on or before it.
    LatestMeasureDecision,
    /// The latest decision on or before it that has no appeal yet.
    LatestUnanswered,
    /// The first measure decision on or after it, else the latest one before it (plans may
    /// be made before or after their decision).
    NearestMeasureDecision,
    /// The first decision on or after it.
    FirstOnOrAfter,
}

/// What an event type answers, if anything.
fn answers(kind: EventType) -> Option<(EventType, Strategy)> {
    use EventType::*;
    use Strategy::*;
    Some(match kind {
        NotificationAssessed | NotificationAcknowledged => {
            (NotificationReceived, EarliestUnanswered)
        }
        ProvisionalAssessment | InvestigationCompleted => {
            (InvestigationStarted, EarliestUnanswered)
        }
        DelayNotice => (ApplicationReceived, EarliestUnanswered),
        FollowUp | SupervisionVisit | MeasureEnded => (MeasureStarted, RunningMeasure),
        MeasureStarted => (Decision, LatestMeasureDecision),
        AppealDecided => (Decision, LatestUnanswered),
        ActionPlan | ActionPlanWaived => (Decision, NearestMeasureDecision),
        PartyHearing | PartyHearingWaived => (Decision, FirstOnOrAfter),
        _ => return None,
    })
}

/// A `ref` that names no event of the type it should answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DanglingRef {
    pub event: usize,
    pub reference: String,
}

/// Sorts the events by date (stable: same-time events keep their input order), resolves
/// each event's kind and links every answer to what it answers. Returns the refs that
/// could not be resolved; those events are linked by date order instead.
pub fn link_case(case: &mut Case, provisions: &ProvisionTable) -> Vec<DanglingRef> {
    case.events.sort_by_key(|e| e.at.sort_key());
    let n = case.events.len();
    case.links = vec![None; n];
    case.kinds = case
        .events
        .iter()
        .map(|e| match e.attr(Attr::Kind) {
            Some(Value::Choice(k)) => Kind::from_name(k),
            _ if e.kind == EventType::Decision => {
                e.text(Attr::Provision).and_then(|p| provisions.kind_of(p))
            }
            _ => None,
        })
        .collect();

    let ids: HashMap<&str, usize> = case
        .events
        .iter()
        .enumerate()
        .filter_map(|(i, e)| e.id.as_deref().map(|id| (id, i)))
        .collect();
    // Explicit refs first, so that what they answer is taken before the answers without
    // one are placed by date order.
    let mut dangling = Vec::new();
    let mut links = vec![None; n];
    let mut by_date = Vec::new();
    for (i, event) in case.events.iter().enumerate() {
        let Some((target, strategy)) = answers(event.kind) else {
            continue;
        };
        if let Some(r) = event.reference.as_deref() {
            match ids.get(r) {
                Some(&j) if case.events[j].kind == target => {
                    links[i] = Some(j);
                    continue;
                }
                _ => dangling.push(DanglingRef {
                    event: i,
                    reference: r.to_string(),
                }),
            }
        }
        by_date.push((i, target, strategy));
    }
    for (i, target, strategy) in by_date {
        links[i] = find_target(case, &links, i, target, strategy);
    }
    case.links = links;

    // A measure without its own kind takes its decision's.
    for i in 0..n {
        if case.events[i].kind == EventType::MeasureStarted && case.kinds[i].is_none() {
            case.kinds[i] = case.links[i].and_then(|d| case.kinds[d]);
        }
    }
    dangling
}

/// The case as it stood on `as_of`: events dated after it removed and the links made again
/// without them, so that nothing later (a decision a plan would otherwise link to) changes
/// the audit of that day. Borrowed when the case has nothing after `as_of`.
pub fn case_as_of<'a>(
    case: &'a Case,
    as_of: chrono::NaiveDate,
    provisions: &ProvisionTable,
) -> std::borrow::Cow<'a, Case> {
    let visible = case.visible_len(as_of);
    if visible == case.events.len() {
        return std::borrow::Cow::Borrowed(case);
    }
    let mut past = Case {
        events: case.events[..visible].to_vec(),
        links: Vec::new(),
        kinds: Vec::new(),
        ..case.clone_fields()
    };
    link_case(&mut past, provisions);
    std::borrow::Cow::Owned(past)
}

fn find_target(
    case: &Case,
    links: &[Option<usize>],
    i: usize,
    target: EventType,
    strategy: Strategy,
) -> Option<usize> {
    let events = &case.events;
    let at = events[i].at;
    let answered_by = |j: usize, kind: EventType| {
        links
            .iter()
            .enumerate()
            .any(|(k, l)| *l == Some(j) && events[k].kind == kind)
    };
    // A refused decision starts no measure and needs no plan.
    let is_measure_decision = |j: usize| {
        case.kinds[j].is_some_and(Kind::is_measure)
            && events[j].choice(Attr::Outcome) != Some("refused")
    };
    let before = || {
        (0..events.len())
            .filter(move |&j| events[j].kind == target && events[j].at.on_or_before(at))
    };
    let after = || {
        (0..events.len())
            .filter(move |&j| events[j].kind == target && at.on_or_before(events[j].at))
    };
    match strategy {
        Strategy::EarliestUnanswered => before().find(|&j| !answered_by(j, events[i].kind)),
        Strategy::LatestUnanswered => before().rfind(|&j| !answered_by(j, events[i].kind)),
        // A measure runs through the day it ends: a follow-up on that day is still its.
        // A measure end itself goes to a measure that has no end yet.
        Strategy::RunningMeasure => before().rfind(|&j| {
            !(0..events.len()).any(|k| {
                links[k] == Some(j)
                    && events[k].kind == EventType::MeasureEnded
                    && (events[i].kind == EventType::MeasureEnded || events[k].at.date < at.date)
            })
        }),
        Strategy::LatestMeasureDecision => before().rfind(|&j| is_measure_decision(j)),
        Strategy::NearestMeasureDecision => after()
            .find(|&j| is_measure_decision(j))
            .or_else(|| before().rfind(|&j| is_measure_decision(j))),
        Strategy::FirstOnOrAfter => after().next(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Moment;
    use crate::model::Event;

    fn ev(kind: EventType, date: &str) -> Event {
        Event {
            kind,
            at: Moment::parse_iso(date).unwrap(),
            id: None,
            reference: None,
            attrs: Vec::new(),
            line: None,
        }
    }

    fn with_kind(mut e: Event, kind: &'static str) -> Event {
        e.attrs.push((Attr::Kind, Value::Choice(kind)));
        e
    }

    fn linked(events: Vec<Event>) -> Case {
        let mut case = Case::new("K-1");
        case.events = events;
        assert!(link_case(&mut case, &ProvisionTable::default()).is_empty());
        case
    }

    #[test]
    fn answers_go_to_the_earliest_unanswered_notification() {
        use EventType::*;
        let case = linked(vec![
            ev(NotificationReceived, "2024-03-01"),
            ev(NotificationReceived, "2024-03-02"),
            ev(NotificationAssessed, "2024-03-03"),
            ev(NotificationAssessed, "2024-03-04"),
            ev(NotificationAcknowledged, "2024-03-05"),
        ]);
        assert_eq!(case.links, vec![None, None, Some(0), Some(1), Some(0)]);
    }

    #[test]
    fn follow_ups_go_to_the_running_measure() {
        use EventType::*;
        let case = linked(vec![
            ev(MeasureStarted, "2024-01-01"),
            ev(MeasureEnded, "2024-02-01"),
            ev(MeasureStarted, "2024-03-01"),
            ev(FollowUp, "2024-04-01"),
        ]);
        assert_eq!(case.links[1], Some(0));
        assert_eq!(case.links[3], Some(2));
    }

    #[test]
    fn plans_prefer_the_next_measure_decision_then_the_previous() {
        use EventType::*;
        let case = linked(vec![
            with_kind(ev(Decision, "2024-01-10"), "support"),
            ev(ActionPlan, "2024-02-01"),
            with_kind(ev(Decision, "2024-03-01"), "benefit"),
            with_kind(ev(Decision, "2024-04-01"), "placement"),
            ev(ActionPlan, "2024-05-01"),
        ]);
        assert_eq!(case.links[1], Some(3));
        assert_eq!(case.links[4], Some(3));
    }

    #[test]
    fn explicit_refs_win_and_dangling_refs_are_reported() {
        use EventType::*;
        let mut a = ev(NotificationReceived, "2024-03-01");
        a.id = Some("N1".into());
        let mut b = ev(NotificationReceived, "2024-03-02");
        b.id = Some("N2".into());
        let mut answer = ev(NotificationAssessed, "2024-03-03");
        answer.reference = Some("N2".into());
        let mut stray = ev(NotificationAssessed, "2024-03-04");
        stray.reference = Some("N9".into());
        let mut case = Case::new("K-1");
        case.events = vec![a, b, answer, stray];
        let dangling = link_case(&mut case, &ProvisionTable::default());
        assert_eq!(case.links[2], Some(1));
        assert_eq!(case.links[3], Some(0), "falls back to date order");
        assert_eq!(
            dangling,
            vec![DanglingRef {
                event: 3,
                reference: "N9".into()
            }]
        );
    }

    #[test]
    fn measures_inherit_their_decisions_kind() {
        use EventType::*;
        let case = linked(vec![
            with_kind(ev(Decision, "2024-01-10"), "placement"),
            ev(MeasureStarted, "2024-01-15"),
        ]);
        assert_eq!(case.links[1], Some(0));
        assert_eq!(case.kinds[1], Some(Kind::Placement));
    }

    #[test]
    fn refs_are_placed_before_answers_without_one() {
        use EventType::*;
        let mut n1 = ev(NotificationReceived, "2024-03-01T09:00");
        n1.id = Some("N1".into());
        let n2 = ev(NotificationReceived, "2024-03-01T10:00");
        let free = ev(NotificationAssessed, "2024-03-01T12:00");
        let mut by_ref = ev(NotificationAssessed, "2024-03-01T13:00");
        by_ref.reference = Some("N1".into());
        let case = linked(vec![n1, n2, free, by_ref]);
        assert_eq!(
            case.links[2],
            Some(1),
            "the free answer goes to the one N1's ref leaves"
        );
        assert_eq!(case.links[3], Some(0));
    }

    #[test]
    fn a_measure_runs_through_the_day_it_ends_whatever_the_row_order() {
        use EventType::*;
        for end_first in [true, false] {
            let mut events = vec![ev(MeasureStarted, "2024-01-10")];
            let (end, follow_up) = (ev(MeasureEnded, "2024-04-10"), ev(FollowUp, "2024-04-10"));
            if end_first {
                events.extend([end, follow_up]);
            } else {
                events.extend([follow_up, end]);
            }
            let case = linked(events);
            assert_eq!(
                case.links[1..],
                [Some(0), Some(0)],
                "end first: {end_first}"
            );
        }
    }

    #[test]
    fn a_refused_decision_starts_no_measure() {
        use EventType::*;
        let mut refused = with_kind(ev(Decision, "2024-02-01"), "support");
        refused
            .attrs
            .push((Attr::Outcome, Value::Choice("refused")));
        refused.attrs.sort_by_key(|(a, _)| *a);
        let case = linked(vec![
            with_kind(ev(Decision, "2024-01-10"), "placement"),
            refused,
            ev(MeasureStarted, "2024-02-15"),
        ]);
        assert_eq!(case.links[2], Some(0));
        assert_eq!(case.kinds[2], Some(Kind::Placement));
    }
}
