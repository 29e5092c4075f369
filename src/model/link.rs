//! Linking (contract §2): which event each answer answers. An explicit `ref` wins; exports
//! rarely have ids, so without one the link follows date order.
//!
//! Every strategy works on per-type lists of event indices in date order, with the targets
//! still open kept in [`Open`]: a case of n events links in O(n log n).
use super::{Attr, Case, EventType, Kind, ProvisionTable, Value};
use crate::calendar::Moment;
use chrono::NaiveDate;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// How an answer finds what it answers when it has no `ref`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Strategy {
    /// The latest target dated on or before the answer that has no answer of this type yet
    /// (the nearest open one).
    LatestUnanswered,
    /// The measure running on the answer's date: the latest started on or before it, not yet
    /// ended (a supervision visit prefers a running placement).
    RunningMeasure,
    /// The latest measure decision on or before it.
    LatestMeasureDecision,
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
        NotificationAssessed | NotificationAcknowledged => (NotificationReceived, LatestUnanswered),
        ProvisionalAssessment | InvestigationCompleted => (InvestigationStarted, LatestUnanswered),
        DelayNotice => (ApplicationReceived, LatestUnanswered),
        AppealDecided => (Decision, LatestUnanswered),
        FollowUp | SupervisionVisit | MeasureEnded => (MeasureStarted, RunningMeasure),
        MeasureStarted => (Decision, LatestMeasureDecision),
        ActionPlan | ActionPlanWaived => (Decision, NearestMeasureDecision),
        PartyHearing | PartyHearingWaived => (Decision, FirstOnOrAfter),
        _ => return None,
    })
}

/// Whether an answer found this way is dated on or before what it answers (plans and party
/// hearings may come before their decision).
fn follows_target(strategy: Strategy) -> bool {
    !matches!(
        strategy,
        Strategy::NearestMeasureDecision | Strategy::FirstOnOrAfter
    )
}

/// Whether `target` can take an answer of type `answer` found by date order: an
/// acknowledgement is owed only to a reporter who is not anonymous.
fn owed(answer: EventType, target: &super::Event) -> bool {
    answer != EventType::NotificationAcknowledged
        || target.choice(Attr::Reporter) != Some("anonymous")
}

/// A `ref` that names no event of the type it should answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DanglingRef {
    pub event: usize,
    pub reference: String,
}

/// A measure decision starts a measure and needs a plan: kind support, placement or
/// placement without consent, outcome granted or partly granted (contract §2). A refusal, or
/// a decision whose outcome is not recorded, is none.
pub fn is_measure_decision(case: &Case, j: usize) -> bool {
    case.events[j].kind == EventType::Decision
        && case.kinds[j].is_some_and(Kind::is_measure)
        && matches!(
            case.events[j].choice(Attr::Outcome),
            Some("granted" | "partly_granted")
        )
}

/// Sorts the events by date (stable: same-time events keep their input order), resolves
/// each event's kind and links every answer to what it answers. Returns the refs that
/// could not be resolved; those events are linked by date order instead.
pub fn link_case(case: &mut Case, provisions: &ProvisionTable) -> Vec<DanglingRef> {
    case.events.sort_by_key(|e| e.at.sort_key());
    let n = case.events.len();
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

    // Sorted by id, stably: of events sharing an id, the ref names the last.
    let mut ids: Vec<(&str, usize)> = case
        .events
        .iter()
        .enumerate()
        .filter_map(|(i, e)| e.id.as_deref().map(|id| (id, i)))
        .collect();
    ids.sort_by(|a, b| a.0.cmp(b.0));
    let event_named = |r: &str| {
        let after = ids.partition_point(|&(id, _)| id <= r);
        after
            .checked_sub(1)
            .map(|p| ids[p])
            .filter(|&(id, _)| id == r)
            .map(|(_, j)| j)
    };
    // Explicit refs first, so that what they answer is taken before the answers without
    // one are placed by date order.
    let mut dangling = Vec::new();
    let mut links = vec![None; n];
    let mut free = Vec::new();
    for (i, event) in case.events.iter().enumerate() {
        let Some((target, strategy)) = answers(event.kind) else {
            continue;
        };
        if let Some(r) = event.reference.as_deref() {
            match event_named(r) {
                // An answer that follows what it answers cannot name a later event: such a
                // ref is dangling (a deadline would otherwise end before it starts).
                Some(j)
                    if case.events[j].kind == target
                        && (!follows_target(strategy)
                            || case.events[j].at.on_or_before(event.at)) =>
                {
                    links[i] = Some(j);
                    continue;
                }
                _ => dangling.push(DanglingRef {
                    event: i,
                    reference: r.to_string(),
                }),
            }
        }
        free.push(i);
    }
    drop(ids);

    let decisions = of_type(case, EventType::Decision);
    let measure_decisions: Vec<usize> = decisions
        .iter()
        .copied()
        .filter(|&j| is_measure_decision(case, j))
        .collect();

    // Measure starts first: a measure's kind (its own, else its decision's) decides where a
    // supervision visit goes.
    for &i in &free {
        if case.events[i].kind == EventType::MeasureStarted {
            let at = case.events[i].at;
            let p = upto(case, &measure_decisions, at);
            links[i] = p.checked_sub(1).map(|p| measure_decisions[p]);
        }
    }
    for (i, link) in links.iter().enumerate() {
        if case.events[i].kind == EventType::MeasureStarted && case.kinds[i].is_none() {
            case.kinds[i] = link.and_then(|d| case.kinds[d]);
        }
    }

    link_unanswered(case, &free, &mut links);
    link_running_measures(case, &free, &mut links);
    for &i in &free {
        let at = case.events[i].at;
        let list = match answers(case.events[i].kind) {
            Some((_, Strategy::NearestMeasureDecision)) => &measure_decisions,
            Some((_, Strategy::FirstOnOrAfter)) => &decisions,
            _ => continue,
        };
        let after = first_from(case, list, at);
        links[i] = match answers(case.events[i].kind) {
            Some((_, Strategy::NearestMeasureDecision)) => {
                after.or_else(|| upto(case, list, at).checked_sub(1).map(|p| list[p]))
            }
            _ => after,
        };
    }
    case.links = links;
    dangling
}

/// The indices of the case's events of one type, in date order.
fn of_type(case: &Case, kind: EventType) -> Vec<usize> {
    (0..case.events.len())
        .filter(|&j| case.events[j].kind == kind)
        .collect()
}

/// How many entries of `list` (date-ordered event indices) are dated on or before `at`:
/// they are a prefix, because a date-only moment sorts first on its day.
fn upto(case: &Case, list: &[usize], at: Moment) -> usize {
    let events = &case.events;
    match at.time {
        None => list.partition_point(|&j| events[j].at.date <= at.date),
        Some(_) => list.partition_point(|&j| events[j].at.sort_key() <= at.sort_key()),
    }
}

/// The first entry of `list` dated on or after `at`.
fn first_from(case: &Case, list: &[usize], at: Moment) -> Option<usize> {
    let events = &case.events;
    let p = list.partition_point(|&j| events[j].at.date < at.date);
    list[p..]
        .iter()
        .copied()
        .find(|&j| at.on_or_before(events[j].at))
}

/// Answers that go to the latest open target on or before them, one open set per answer
/// type.
fn link_unanswered(case: &Case, free: &[usize], links: &mut [Option<usize>]) {
    // By answer type: its targets, and the positions among them still open.
    let mut open: [Option<(Vec<usize>, Open)>; EventType::ALL.len()] =
        std::array::from_fn(|_| None);
    for &i in free {
        let answer = case.events[i].kind;
        let Some((target, Strategy::LatestUnanswered)) = answers(answer) else {
            continue;
        };
        let (list, set) = open[answer as usize].get_or_insert_with(|| {
            let list = of_type(case, target);
            let mut set = Open::new(list.len(), |p| owed(answer, &case.events[list[p]]));
            // What an answer of this type names by its ref is taken.
            for k in (0..case.events.len()).filter(|&k| case.events[k].kind == answer) {
                if let Some(p) = links[k].and_then(|j| list.binary_search(&j).ok()) {
                    set.take(p);
                }
            }
            (list, set)
        });
        let bound = upto(case, list, case.events[i].at);
        if let Some(p) = set.latest_before(bound) {
            set.take(p);
            links[i] = Some(list[p]);
        }
    }
}

/// Follow-ups, supervision visits and measure ends go to the measure running on their date.
/// A measure runs through the day it ends; a measure end goes to the latest measure that has
/// no end yet; a supervision visit prefers a running placement.
fn link_running_measures(case: &Case, free: &[usize], links: &mut [Option<usize>]) {
    let events = &case.events;
    let measures = of_type(case, EventType::MeasureStarted);
    if measures.is_empty() {
        return;
    }
    let is_placement = |p: usize| {
        matches!(
            case.kinds[measures[p]],
            Some(Kind::Placement | Kind::PlacementWithoutConsent)
        )
    };
    let mut unended = Open::new(measures.len(), |_| true);
    let mut running = Open::new(measures.len(), |_| true);
    let mut placements = Open::new(measures.len(), is_placement);
    // Ends known so far, by date: a measure stops running the day after its end.
    let mut ends: BinaryHeap<Reverse<(NaiveDate, usize)>> = BinaryHeap::new();
    for (k, l) in links.iter().enumerate() {
        if let (EventType::MeasureEnded, Some(j)) = (events[k].kind, l)
            && let Ok(p) = measures.binary_search(j)
        {
            unended.take(p);
            ends.push(Reverse((events[k].at.date, p)));
        }
    }
    for &i in free {
        let kind = events[i].kind;
        if answers(kind).map(|(_, s)| s) != Some(Strategy::RunningMeasure) {
            continue;
        }
        let at = events[i].at;
        while let Some(&Reverse((date, p))) = ends.peek() {
            if date >= at.date {
                break;
            }
            ends.pop();
            running.take(p);
            placements.take(p);
        }
        let bound = upto(case, &measures, at);
        let found = match kind {
            EventType::MeasureEnded => unended.latest_before(bound),
            EventType::SupervisionVisit => placements
                .latest_before(bound)
                .or_else(|| running.latest_before(bound)),
            _ => running.latest_before(bound),
        };
        if let Some(p) = found {
            links[i] = Some(measures[p]);
            if kind == EventType::MeasureEnded {
                unended.take(p);
                ends.push(Reverse((at.date, p)));
            }
        }
    }
}

/// Positions `0..n` of a date-ordered list, each open until taken, and the latest open one
/// before a bound found in near-constant time: a disjoint-set forest in which a taken
/// position points to the one before it.
#[derive(Debug, Clone)]
struct Open {
    /// Slot `p + 1` stands for position `p`, slot 0 for none. An open position's slot is its
    /// own root; every position between a slot and the one it points to is taken.
    left: Vec<usize>,
}

impl Open {
    fn new(n: usize, open: impl Fn(usize) -> bool) -> Open {
        let left = (0..=n)
            .map(|slot| match slot.checked_sub(1) {
                Some(p) if !open(p) => p,
                _ => slot,
            })
            .collect();
        Open { left }
    }

    /// The latest open position before `bound`.
    fn latest_before(&mut self, bound: usize) -> Option<usize> {
        let mut root = bound;
        while self.left[root] != root {
            root = self.left[root];
        }
        // Every slot on the way points straight at the root from now on.
        let mut slot = bound;
        while slot != root {
            slot = std::mem::replace(&mut self.left[slot], root);
        }
        root.checked_sub(1)
    }

    fn take(&mut self, p: usize) {
        self.left[p + 1] = p;
    }
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

    /// A granted decision (or a measure) of this kind.
    fn with_kind(mut e: Event, kind: &'static str) -> Event {
        e.attrs.push((Attr::Kind, Value::Choice(kind)));
        if e.kind == EventType::Decision {
            e.attrs.push((Attr::Outcome, Value::Choice("granted")));
        }
        e.attrs.sort_by_key(|(a, _)| *a);
        e
    }

    fn with_attr(mut e: Event, attr: Attr, value: Value) -> Event {
        e.attrs.retain(|(a, _)| *a != attr);
        e.attrs.push((attr, value));
        e.attrs.sort_by_key(|(a, _)| *a);
        e
    }

    fn linked(events: Vec<Event>) -> Case {
        let mut case = Case::new("K-1");
        case.events = events;
        assert!(link_case(&mut case, &ProvisionTable::default()).is_empty());
        case
    }

    #[test]
    fn answers_go_to_the_latest_unanswered_notification() {
        use EventType::*;
        let case = linked(vec![
            ev(NotificationReceived, "2024-03-01"),
            ev(NotificationReceived, "2024-03-02"),
            ev(NotificationAssessed, "2024-03-03"),
            ev(NotificationAssessed, "2024-03-04"),
            ev(NotificationAcknowledged, "2024-03-05"),
        ]);
        assert_eq!(case.links, vec![None, None, Some(1), Some(0), Some(1)]);
    }

    #[test]
    fn a_receipt_answers_the_nearest_open_notification() {
        use EventType::*;
        let private = with_attr(
            ev(NotificationReceived, "2024-03-01"),
            Attr::Reporter,
            Value::Choice("private"),
        );
        let professional = with_attr(
            ev(NotificationReceived, "2024-04-02T02:15"),
            Attr::Reporter,
            Value::Choice("professional"),
        );
        // Date-only on the day of a timed notification: on or after it.
        let case = linked(vec![
            private,
            professional,
            ev(NotificationAcknowledged, "2024-04-02"),
        ]);
        assert_eq!(case.events[1].kind, NotificationAcknowledged);
        assert_eq!(case.links[1], Some(2));
    }

    #[test]
    fn acknowledgements_skip_anonymous_notifications() {
        use EventType::*;
        let anonymous = with_attr(
            ev(NotificationReceived, "2024-03-02"),
            Attr::Reporter,
            Value::Choice("anonymous"),
        );
        let case = linked(vec![
            ev(NotificationReceived, "2024-03-01"),
            anonymous,
            ev(NotificationAcknowledged, "2024-03-03"),
            ev(NotificationAssessed, "2024-03-03"),
        ]);
        assert_eq!(
            case.links[2],
            Some(0),
            "the acknowledgement skips the anonymous one"
        );
        assert_eq!(case.links[3], Some(1), "the assessment does not");
    }

    #[test]
    fn mixed_refs_and_date_order_link_each_notification_once() {
        use EventType::*;
        // Whichever notification the ref names, the free answer takes the other one.
        for (named, other) in [("N1", "N2"), ("N2", "N1")] {
            let mut n1 = ev(NotificationReceived, "2024-03-01");
            n1.id = Some("N1".into());
            let mut n2 = ev(NotificationReceived, "2024-03-02");
            n2.id = Some("N2".into());
            let free = ev(NotificationAssessed, "2024-03-02");
            let mut by_ref = ev(NotificationAssessed, "2024-03-05");
            by_ref.reference = Some(named.into());
            for events in [
                vec![n1.clone(), n2.clone(), free.clone(), by_ref.clone()],
                vec![by_ref.clone(), free.clone(), n2.clone(), n1.clone()],
            ] {
                let case = linked(events);
                let answered: Vec<_> = (0..4)
                    .filter(|&i| case.events[i].kind == NotificationAssessed)
                    .map(|i| {
                        let target = case.links[i].and_then(|j| case.events[j].id.as_deref());
                        (case.events[i].reference.is_some(), target)
                    })
                    .collect();
                assert!(answered.contains(&(true, Some(named))), "{named}");
                assert!(answered.contains(&(false, Some(other))), "{named}");
            }
        }
    }

    #[test]
    fn supervision_visits_go_to_the_running_placement() {
        use EventType::*;
        let case = linked(vec![
            with_kind(ev(MeasureStarted, "2024-01-10"), "placement"),
            with_kind(ev(MeasureStarted, "2024-02-01"), "support"),
            ev(SupervisionVisit, "2024-03-01"),
            ev(FollowUp, "2024-03-01"),
        ]);
        assert_eq!(case.links[2], Some(0));
        assert_eq!(case.links[3], Some(1));
    }

    #[test]
    fn a_decision_without_outcome_is_no_measure_decision() {
        use EventType::*;
        let granted = with_kind(ev(Decision, "2024-01-10"), "support");
        let mut unknown = with_kind(ev(Decision, "2024-02-01"), "placement");
        unknown.attrs.retain(|(a, _)| *a != Attr::Outcome);
        let case = linked(vec![granted, unknown, ev(MeasureStarted, "2024-02-15")]);
        assert_eq!(case.links[2], Some(0));
    }

    /// A case at the events limit's scale links every answer right. How long linking takes
    /// as a case grows is measured in `benches/hot_paths.rs` (`link/pairs`), not here.
    #[test]
    fn a_case_of_twenty_thousand_pairs_links_every_answer() {
        use EventType::*;
        let mut events = Vec::new();
        for d in 0..20_000 {
            let day =
                chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + chrono::Days::new(d / 2);
            let at = format!("{day}T{:02}:00", d % 2 * 10);
            events.push(ev(NotificationReceived, &at));
            events.push(ev(NotificationAssessed, &at));
        }
        let case = linked(events);
        assert!(
            (0..case.events.len())
                .step_by(2)
                .all(|i| case.links[i + 1] == Some(i))
        );
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

    proptest::proptest! {
        /// Open finds what an ordered set of the open positions finds.
        #[test]
        fn open_positions_agree_with_an_ordered_set(
            n in 0..40usize,
            initially in proptest::collection::vec(proptest::bool::ANY, 40),
            steps in proptest::collection::vec((0..=40usize, proptest::bool::ANY), 0..80),
        ) {
            let mut open = Open::new(n, |p| initially[p]);
            let mut set: std::collections::BTreeSet<usize> =
                (0..n).filter(|&p| initially[p]).collect();
            for (at, take_found) in steps {
                let bound = at.min(n);
                let found = open.latest_before(bound);
                proptest::prop_assert_eq!(found, set.range(..bound).next_back().copied());
                if let (true, Some(p)) = (take_found, found) {
                    open.take(p);
                    set.remove(&p);
                } else if at < n {
                    // Any position, open or taken already.
                    open.take(at);
                    set.remove(&at);
                }
            }
        }
    }

    #[test]
    fn a_ref_to_an_id_two_events_share_names_the_later() {
        use EventType::*;
        let mut a = ev(NotificationReceived, "2024-03-01");
        a.id = Some("N1".into());
        let mut b = ev(NotificationReceived, "2024-03-02");
        b.id = Some("N1".into());
        let mut c = ev(NotificationReceived, "2024-03-02");
        c.id = Some("N0".into());
        let mut answer = ev(NotificationAssessed, "2024-03-03");
        answer.reference = Some("N1".into());
        let mut case = Case::new("K-1");
        case.events = vec![a, b, c, answer];
        assert!(link_case(&mut case, &ProvisionTable::default()).is_empty());
        assert_eq!(case.links[3], Some(1));
    }

    #[test]
    fn a_ref_to_a_later_event_is_dangling_where_the_answer_follows() {
        use EventType::*;
        // Found by tests/properties.rs: a completion whose ref names an investigation
        // started the next day gave B3 a window ending before it starts.
        let mut completed = ev(InvestigationCompleted, "2023-01-01");
        completed.reference = Some("inv-1".into());
        let mut started = ev(InvestigationStarted, "2023-01-02");
        started.id = Some("inv-1".into());
        // A party hearing is not bound to follow its decision: its ref stands, even to an
        // earlier one.
        let mut hearing = ev(PartyHearing, "2023-02-01");
        hearing.reference = Some("D1".into());
        let mut decision = ev(Decision, "2023-01-15");
        decision.id = Some("D1".into());
        let mut case = Case::new("K-1");
        case.events = vec![completed, started, decision, hearing];
        let dangling = link_case(&mut case, &ProvisionTable::default());
        assert_eq!(case.links, vec![None, None, None, Some(2)]);
        assert_eq!(
            dangling,
            vec![DanglingRef {
                event: 0,
                reference: "inv-1".into()
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
        let refused = with_attr(
            with_kind(ev(Decision, "2024-02-01"), "support"),
            Attr::Outcome,
            Value::Choice("refused"),
        );
        let case = linked(vec![
            with_kind(ev(Decision, "2024-01-10"), "placement"),
            refused,
            ev(MeasureStarted, "2024-02-15"),
        ]);
        assert_eq!(case.links[2], Some(0));
        assert_eq!(case.kinds[2], Some(Kind::Placement));
    }
}
