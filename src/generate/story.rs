//! The scenarios a synthetic case is built from, and the status each requirement is meant
//! to get. Every requirement is kept or broken (late, missing, a missing attribute, a
//! waiver without reason …) with probability `defect_rate`; the intended status is then
//! read off the dates and attributes actually placed, by docs/contract.md's definitions.
//!
//! Exports rarely carry ids, so most cases are linked by date order (contract §2). The story
//! keeps that unambiguous: answers come before the next thing of their kind, an answer is
//! left out only for the last notification (or application) in a case, there is at most
//! one investigation and one measure decision in a case, and decisions never share a day.
//! A tenth of the cases carry ids and refs and skip those constraints.
use super::case::{Attrs, Case, DecisionFacts, InvestigationFacts, Rule, Status};
use super::rng::Rng;
use super::words::*;
use crate::calendar::{self, CalendarProfile, Moment, Span, add_months, add_workdays, is_workday};
use crate::model::{EventType, Kind};
use chrono::{Datelike, Days, NaiveDate, NaiveTime, TimeDelta};

/// Barnets Lov applies to events from this day (contract §3); Serviceloven before.
pub(super) fn bl_from() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).expect("valid date")
}

pub struct Params {
    pub defect_rate: f64,
    pub as_of: NaiveDate,
}

const STRICT: CalendarProfile = CalendarProfile::Strict;

fn plus(d: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        d + Days::new(days as u64)
    } else {
        d - Days::new(days.unsigned_abs())
    }
}

fn day(d: NaiveDate) -> Moment {
    Moment::day(d)
}

/// The first workday on or after `d`: municipalities receive and decide on workdays.
fn workday(mut d: NaiveDate) -> NaiveDate {
    while !is_workday(d, STRICT) {
        d = plus(d, 1);
    }
    d
}

struct Story<'a> {
    rng: &'a mut Rng,
    p: &'a Params,
    case: Case,
}

/// Builds case number `index` (0-based).
pub fn build(rng: &mut Rng, index: u64, p: &Params) -> Case {
    let first = NaiveDate::from_ymd_opt(2022, 1, 3).expect("valid date");
    // Most cases open over the whole period; a few in the last days, so that deadlines
    // are still running on the as-of date (pending).
    let start = if rng.chance(0.04) {
        plus(p.as_of, -rng.range(0, 10))
    } else {
        plus(first, rng.range(0, (p.as_of - first).num_days() - 20))
    };
    let vulnerable = rng.chance(0.6);
    let birth = plus(start, -rng.range(60, 17 * 365));
    let with_ids = rng.chance(0.1);
    let (area, team) = if vulnerable {
        ("vulnerable_children", *rng.pick(VULNERABLE_TEAMS))
    } else {
        ("child_disability", *rng.pick(DISABILITY_TEAMS))
    };
    let municipality = *rng.pick(MUNICIPALITIES);
    let case = Case::new(
        format!("K-{}-{:06}", start.year(), index + 1),
        area,
        municipality,
        team,
        birth,
        p.as_of,
        with_ids,
    );
    let mut story = Story { rng, p, case };
    if vulnerable {
        story.vulnerable(start);
    } else {
        story.disability(start);
    }
    story.caseworker_changes(start);
    story.documents(start);
    story.case
}

impl Story<'_> {
    fn defect(&mut self) -> bool {
        self.rng.chance(self.p.defect_rate)
    }

    /// A day in `lo..=hi` (`lo` if the range is empty).
    fn between(&mut self, lo: NaiveDate, hi: NaiveDate) -> NaiveDate {
        let span = (hi - lo).num_days().max(0);
        plus(lo, self.rng.range(0, span))
    }

    fn add(&mut self, kind: EventType, at: Moment, answers: Option<usize>) -> Option<usize> {
        self.case.add(kind, at, answers, Attrs::default())
    }

    fn age_years(&self, on: NaiveDate) -> i64 {
        (on - self.case.child_birth_date).num_days() / 365
    }

    // ---- udsatte børn: notifications → investigation → measure ----

    fn vulnerable(&mut self, start: NaiveDate) {
        let last_notification = if self.rng.chance(0.85) {
            self.notifications(start)
        } else {
            None
        };
        let after = last_notification.map_or(start, |m| m.date);
        if self.rng.chance(0.8) {
            self.investigation(after, last_notification);
        } else if self.rng.chance(0.8) {
            // A measure decided without a child investigation (A6 fails for a placement).
            let d = workday(plus(after, self.rng.range(10, 60)));
            let acute = self.rng.chance(0.08);
            self.measure_decision(d, None, acute, None);
        }
    }

    /// 1–3 notifications, each assessed (U1) and, unless anonymous, acknowledged (U2).
    /// Returns the last one's receipt.
    fn notifications(&mut self, start: NaiveDate) -> Option<Moment> {
        let n = self.rng.weighted(&[(55, 1), (30, 2), (15, 3)]);
        let reporters: Vec<&'static str> = (0..n)
            .map(|_| {
                self.rng
                    .weighted(&[(60, "professional"), (30, "private"), (10, "anonymous")])
            })
            .collect();
        let mut t = start;
        let mut last = None;
        for &reporter in &reporters {
            let d = workday(t);
            let minute = self.rng.range(8 * 60, 16 * 60 - 1) as u32;
            let time = NaiveTime::from_hms_opt(minute / 60, minute % 60, 0).expect("valid time");
            let received = Moment::at(d, time);
            last = Some(received);
            let attrs = Attrs {
                reporter: Some(reporter),
                ..Attrs::default()
            };
            let Some(ni) = self
                .case
                .add(EventType::NotificationReceived, received, None, attrs)
            else {
                break;
            };
            // An answer goes to the latest open notification on or before it, and every answer
            // comes before the next notification: any answer may be missing.
            let assessed = if !self.defect() {
                if self.rng.chance(0.15) {
                    Some(day(plus(d, self.rng.range(0, 1))))
                } else {
                    Some(later(received, self.rng.range(30, 24 * 60)))
                }
            } else if self.rng.chance(0.4) {
                None
            } else if self.rng.chance(0.2) {
                Some(day(plus(d, self.rng.range(2, 4))))
            } else {
                Some(later(received, self.rng.range(24 * 60 + 1, 96 * 60)))
            };
            let assessed =
                assessed.and_then(|m| self.add(EventType::NotificationAssessed, m, Some(ni)));
            let due = calendar::due(received, Span::Hours(24), STRICT);
            let s = self.case.deadline(due, self.case.at(assessed), None);
            self.case.intend(Rule::U1, ni, s);

            if reporter != "anonymous" {
                let workdays = if !self.defect() {
                    Some(self.rng.range(0, 6))
                } else if self.rng.chance(0.4) {
                    None
                } else {
                    Some(self.rng.range(7, 15))
                };
                let ack = workdays.and_then(|w| {
                    let at = day(add_workdays(d, w as u32, STRICT));
                    self.add(EventType::NotificationAcknowledged, at, Some(ni))
                });
                let due = calendar::due(received, Span::Workdays(6), STRICT);
                let s = self.case.deadline(due, self.case.at(ack), None);
                self.case.intend(Rule::U2, ni, s);
            }
            // Far enough that a late acknowledgement (15 workdays) comes before the next one.
            t = plus(d, self.rng.range(30, 120));
        }
        last
    }

    /// A child investigation (B1–B3), then usually a measure decision.
    fn investigation(&mut self, after: NaiveDate, last_notification: Option<Moment>) {
        let awareness = if self.rng.chance(0.3) || last_notification.is_none() {
            let d = plus(after, self.rng.range(0, 10));
            self.add(EventType::Awareness, day(d), None);
            Some(day(d))
        } else {
            None
        };
        let start = workday(plus(
            awareness.map_or(after, |m| m.date),
            self.rng.range(3, 25),
        ));
        let Some(si) = self.add(EventType::InvestigationStarted, day(start), None) else {
            return;
        };
        // B1's clock: the latest awareness, else the latest notification, on or before the start.
        let anchor = awareness.or(last_notification).unwrap_or(day(start));
        let due = calendar::due(anchor, Span::Months(4), STRICT);
        let planned = if !self.defect() {
            Some(self.between(plus(start, 20), due.date))
        } else if self.rng.chance(0.7) {
            Some(plus(due.date, self.rng.range(5, 75)))
        } else {
            None
        };

        // B3: the child heard during the investigation (or a waiver).
        let window_end = planned.unwrap_or(plus(start, 90));
        let conversation_day = self.between(start, window_end);
        if !self.defect() {
            self.conversation_or_waiver(conversation_day, 0.1);
        } else if self.rng.chance(0.5) {
            self.waiver_without_reason(conversation_day);
        }

        let completed =
            planned.and_then(|d| self.add(EventType::InvestigationCompleted, day(d), Some(si)));
        let done = self.case.at(completed);
        let s = self.case.deadline(due, done, None);
        self.case.intend(Rule::B1, si, s);

        // B2 applies to investigations late at the B1 deadline.
        let late = match done {
            Some(c) => !c.on_or_before(due),
            None => due.date < self.p.as_of,
        };
        if late {
            let at = if !self.defect() {
                Some(self.between(plus(start, 20).min(due.date), due.date))
            } else if self.rng.chance(0.5) {
                Some(plus(due.date, self.rng.range(1, 30)))
            } else {
                None
            };
            let pa = at.and_then(|d| self.add(EventType::ProvisionalAssessment, day(d), Some(si)));
            let s = self.case.deadline(due, self.case.at(pa), None);
            self.case.intend(Rule::B2, si, s);
        } else if self.rng.chance(0.1) {
            let d = self.between(plus(start, 14), due.date);
            self.add(EventType::ProvisionalAssessment, day(d), Some(si));
        }
        self.case.investigations.push(InvestigationFacts {
            start: si,
            anchor,
            completed,
        });

        let investigation = Some((start, completed));
        if planned.is_some_and(|c| c > plus(start, 40)) && self.rng.chance(0.12) {
            // An interim support measure while the investigation runs (BL § 95's first
            // follow-up is then due by the investigation's completion, if earlier).
            let d = workday(plus(start, self.rng.range(5, 15)));
            self.measure_decision(d, Some(Kind::Support), true, investigation);
        } else if self.rng.chance(0.75) {
            let base = planned.unwrap_or_else(|| plus(start, 160));
            let d = workday(plus(base, self.rng.range(5, 60)));
            let acute = self.rng.chance(0.08);
            self.measure_decision(d, None, acute, investigation);
        }
    }

    fn conversation_or_waiver(&mut self, d: NaiveDate, waiver_share: f64) {
        if self.rng.chance(waiver_share) {
            let reason = if self.age_years(d) < 3 {
                *self.rng.pick(CONVERSATION_WAIVED_SMALL_CHILD)
            } else {
                *self.rng.pick(CONVERSATION_WAIVED)
            };
            let attrs = Attrs {
                reason: Some(reason),
                ..Attrs::default()
            };
            self.case
                .add(EventType::ChildConversationWaived, day(d), None, attrs);
        } else {
            self.add(EventType::ChildConversation, day(d), None);
        }
    }

    fn waiver_without_reason(&mut self, d: NaiveDate) {
        self.add(EventType::ChildConversationWaived, day(d), None);
    }

    /// A decision on a measure (support, placement, placement without consent): the child
    /// heard (S1), the plan (H1), the placement investigated (A6), and when granted the
    /// measure with its follow-ups (H2, H3) and supervision (S2).
    fn measure_decision(
        &mut self,
        d: NaiveDate,
        kind: Option<Kind>,
        acute: bool,
        investigation: Option<(NaiveDate, Option<usize>)>,
    ) {
        let kind = kind.unwrap_or_else(|| {
            self.rng.weighted(&[
                (55, Kind::Support),
                (30, Kind::Placement),
                (15, Kind::PlacementWithoutConsent),
            ])
        });
        let bl = d >= bl_from();
        let provision = match (kind, bl) {
            (Kind::Support, false) => *self.rng.pick(SUPPORT_SEL),
            (Kind::Support, true) => *self.rng.pick(SUPPORT_BL),
            (Kind::Placement, false) => PLACEMENT_SEL,
            (Kind::Placement, true) => PLACEMENT_BL,
            (_, false) => FORCED_SEL,
            (_, true) => FORCED_BL,
        };
        let outcome = if kind == Kind::PlacementWithoutConsent {
            "granted"
        } else {
            self.rng
                .weighted(&[(80, "granted"), (12, "partly_granted"), (8, "refused")])
        };
        let refusal = outcome != "granted";
        let mut attrs = Attrs {
            provision: Some(provision),
            kind: self.rng.chance(0.5).then_some(kind.name()),
            outcome: Some(outcome),
            acute: if acute {
                Some(true)
            } else {
                self.rng.chance(0.5).then_some(false)
            },
            ..Attrs::default()
        };
        let intents = if refusal {
            self.refusal(&mut attrs, provision, outcome == "partly_granted", false)
        } else {
            Vec::new()
        };

        // S1: the child heard in the 6 months before the decision (judged at the end, as
        // conversations from the investigation count too).
        let before = plus(d, -self.rng.range(0, 60));
        if !self.defect() {
            self.conversation_or_waiver(before, 0.1);
        } else if self.rng.chance(0.4) {
            self.waiver_without_reason(before);
        }

        let Some(di) = self.case.add(EventType::Decision, day(d), None, attrs) else {
            return;
        };
        for (rule, s) in intents {
            self.case.intend(rule, di, s);
        }
        self.case.decisions.push(DecisionFacts {
            event: di,
            kind: Some(kind),
            refusal,
            acute,
        });
        if refusal {
            self.party_hearing(di, d, plus(d, -30));
        }
        if outcome == "refused" {
            return;
        }
        self.plan(di, d, kind, acute);
        self.measure(di, d, kind, investigation);
    }

    /// H1: the plan for a granted measure.
    fn plan(&mut self, di: usize, d: NaiveDate, kind: Kind, acute: bool) {
        let (due, waivable) = match (d >= bl_from(), kind) {
            (false, _) if acute => (add_months(d, 4), false),
            (false, _) => (d, false),
            (true, Kind::Support) => (add_months(d, 3), true),
            (true, Kind::Placement) => (add_months(d, 3), false),
            (true, _) => (d, false),
        };
        let (mut plan, mut waiver) = (None, None);
        if !self.defect() {
            if waivable && self.rng.chance(0.15) {
                // contract §5 H1: the waiver counts when dated on or before the decision.
                let at = self.between(plus(d, -10), d);
                let reason = *self.rng.pick(PLAN_WAIVED);
                let attrs = Attrs {
                    reason: Some(reason),
                    ..Attrs::default()
                };
                waiver = self
                    .case
                    .add(EventType::ActionPlanWaived, day(at), Some(di), attrs);
            } else {
                let at = if due == d {
                    plus(d, -self.rng.range(0, 20))
                } else {
                    self.between(plus(d, -10), due)
                };
                plan = self.add(EventType::ActionPlan, day(at), Some(di));
            }
        } else if waivable && self.rng.chance(0.3) {
            let at = self.between(d, due);
            self.add(EventType::ActionPlanWaived, day(at), Some(di));
        } else if self.rng.chance(0.6) {
            let at = plus(due, self.rng.range(3, 60));
            plan = self.add(EventType::ActionPlan, day(at), Some(di));
        }
        let s = self
            .case
            .deadline(day(due), self.case.at(plan), self.case.at(waiver));
        self.case.intend(Rule::H1, di, s);
    }

    /// The measure a granted decision starts: first follow-up (H2), follow-ups (H3) and,
    /// for a placement, supervision visits (S2).
    fn measure(
        &mut self,
        di: usize,
        d: NaiveDate,
        kind: Kind,
        investigation: Option<(NaiveDate, Option<usize>)>,
    ) {
        let interim = investigation
            .and_then(|(_, c)| self.case.at(c))
            .is_some_and(|c| c.date > d);
        let start = if interim {
            plus(d, self.rng.range(0, 3))
        } else {
            workday(plus(d, self.rng.range(0, 14)))
        };
        // A placement without consent is still a placement: the measure says so, which
        // keeps H2/H3 applying whichever reading of "support or placement" the rules take.
        let (measure_kind, kind_column) = match kind {
            Kind::PlacementWithoutConsent => (Kind::Placement, Some("placement")),
            k => (k, self.rng.chance(0.5).then_some(k.name())),
        };
        let attrs = Attrs {
            kind: kind_column,
            ..Attrs::default()
        };
        let Some(mi) = self
            .case
            .add(EventType::MeasureStarted, day(start), Some(di), attrs)
        else {
            return;
        };
        let roll = self.rng.unit();
        let end = if roll < 0.06 {
            Some(plus(start, self.rng.range(30, 85)))
        } else if roll < 0.35 {
            Some(plus(start, self.rng.range(100, 900)))
        } else {
            None
        };
        let as_of = self.p.as_of;
        let ended = end.filter(|e| *e <= as_of);
        let running = |date: NaiveDate| end.is_none_or(|e| date < e);
        // A deadline falls away when the measure ended before it (H2, H3 `lapses_on`).
        let lapsed = |due: NaiveDate| ended.is_some_and(|e| e < due);

        // H2: first follow-up within 3 months; under BL by the completion of an
        // investigation open at the start, if that comes first.
        let mut due = add_months(start, 3);
        if let (true, Some((inv_start, Some(c)))) = (start >= bl_from(), investigation) {
            let c = self.case.events[c].at.date;
            if inv_start <= start && c > start && c < due {
                due = c;
            }
        }
        let first = if !self.defect() {
            Some(self.between(plus(start, 14).min(due), due))
        } else if self.rng.chance(0.6) {
            Some(plus(due, self.rng.range(1, 50)))
        } else {
            None
        };
        let mut follow_up = first
            .filter(|f| running(*f))
            .and_then(|f| self.follow_up(mi, f, end.is_some()));
        if !lapsed(due) {
            let s = self.case.deadline(
                day(due),
                follow_up.map(|(f, _, _)| self.case.events[f].at),
                None,
            );
            self.case.intend(Rule::H2, mi, s);
        }

        // H3: each follow-up sets the next one's deadline (SEL: 6 months; BL: next_due).
        while let Some((fi, fd, next_due)) = follow_up {
            let due = if fd >= bl_from() {
                next_due
            } else {
                Some(add_months(fd, 6))
            };
            let next = match due {
                Some(due) if !self.defect() => {
                    Some(self.between(plus(fd, 30).max(plus(due, -40)), due))
                }
                Some(due) if self.rng.chance(0.6) => Some(plus(due, self.rng.range(1, 60))),
                Some(_) => None,
                None => Some(plus(fd, self.rng.range(90, 200))),
            };
            follow_up = next
                .filter(|n| running(*n))
                .and_then(|n| self.follow_up(mi, n, end.is_some()));
            // An interval met by the next follow-up counts even when the measure ended
            // before its deadline; one left open when the measure ended falls away.
            let done = follow_up.map(|(f, _, _)| self.case.events[f].at);
            match due {
                // contract §5 H3: a follow-up dated on the measure's end day opens no
                // interval; any other without `next_due` fails, the last one included.
                None if done.is_none() && ended.is_some_and(|e| e == fd) => {}
                None => self.case.intend(Rule::H3, fi, Status::Fail),
                Some(due) if done.is_some() || !lapsed(due) => {
                    let s = self.case.deadline(day(due), done, None);
                    self.case.intend(Rule::H3, fi, s);
                }
                Some(_) => {}
            }
        }

        if measure_kind == Kind::Placement {
            self.supervision(mi, start, end);
        }
        if let Some(e) = end {
            self.add(EventType::MeasureEnded, day(e), Some(mi));
        }
    }

    /// A follow-up on measure `mi`; under BL it sets when the next is due (sometimes not).
    ///
    /// A missing `next_due` is only left out of measures that keep running (contract §5 H3:
    /// the last follow-up before the end day would fail too).
    fn follow_up(
        &mut self,
        mi: usize,
        d: NaiveDate,
        ends: bool,
    ) -> Option<(usize, NaiveDate, Option<NaiveDate>)> {
        let next_due = if d >= bl_from() {
            if !ends && self.rng.chance(self.p.defect_rate * 0.25) {
                None
            } else {
                Some(add_months(d, if self.rng.chance(0.3) { 3 } else { 6 }))
            }
        } else {
            self.rng.chance(0.3).then(|| add_months(d, 6))
        };
        let attrs = Attrs {
            next_due,
            ..Attrs::default()
        };
        let fi = self
            .case
            .add(EventType::FollowUp, day(d), Some(mi), attrs)?;
        Some((fi, d, next_due))
    }

    /// S2: supervision visits in each 12-month period of a placement.
    fn supervision(&mut self, mi: usize, start: NaiveDate, end: Option<NaiveDate>) {
        let as_of = self.p.as_of;
        let ended = end.filter(|e| *e <= as_of);
        for k in 0u32.. {
            let from = add_months(start, 12 * k as i32);
            let until = add_months(start, 12 * (k as i32 + 1));
            let last_day = plus(until, -1);
            if from > as_of {
                break;
            }
            let bl = from >= bl_from();
            // (at_placement, child_spoken_to) per visit.
            let flags = |ok: bool| (Some(ok), Some(ok));
            let visits: Vec<(Option<bool>, Option<bool>)> = if !self.defect() {
                let n = if self.rng.chance(0.2) { 3 } else { 2 };
                let known = bl || self.rng.chance(0.5);
                vec![if known { flags(true) } else { (None, None) }; n]
            } else {
                match self.rng.below(3) {
                    0 => vec![flags(true)],
                    1 => vec![flags(true), (Some(true), Some(false))],
                    _ => vec![flags(true), (None, None)],
                }
            };
            let span = (until - from).num_days();
            let share = span / visits.len() as i64;
            let (mut found, mut unknown) = (0, 0);
            for (i, (at_placement, spoken)) in visits.into_iter().enumerate() {
                let lo = plus(from, 15 + share * i as i64);
                let d = self.between(lo, plus(lo, share - 30));
                if end.is_some_and(|e| d >= e) {
                    continue;
                }
                let attrs = Attrs {
                    at_placement,
                    child_spoken_to: spoken,
                    ..Attrs::default()
                };
                if self
                    .case
                    .add(EventType::SupervisionVisit, day(d), Some(mi), attrs)
                    .is_none()
                {
                    continue;
                }
                // Both laws count only visits at the placement with the child spoken to; a
                // visit whose flags are missing might qualify (unknown).
                match (at_placement, spoken) {
                    (Some(true), Some(true)) => found += 1,
                    (Some(false), _) | (_, Some(false)) => {}
                    _ => unknown += 1,
                }
            }
            // A period cut short by the placement's end (before its last day) is not judged, nor any after it.
            if ended.is_some_and(|e| e < last_day) {
                break;
            }
            let s = if found >= 2 {
                Status::Pass
            } else if last_day >= as_of {
                Status::Pending
            } else if found + unknown >= 2 {
                Status::NotAssessable
            } else {
                Status::Fail
            };
            self.case.intend_period(Rule::S2, mi, k + 1, s);
        }
    }

    /// A5: the party heard before a refusal (judged at the end against the previous
    /// decision). The hearing is dated after `earliest`, which lies after any earlier decision.
    fn party_hearing(&mut self, di: usize, d: NaiveDate, earliest: NaiveDate) {
        let at = day(self.between(earliest.max(plus(d, -30)), plus(d, -1)));
        if self.defect() {
            if self.rng.chance(0.4) {
                self.add(EventType::PartyHearingWaived, at, Some(di));
            }
        } else if self.rng.chance(0.1) {
            let reason = *self.rng.pick(HEARING_WAIVED);
            let attrs = Attrs {
                reason: Some(reason),
                ..Attrs::default()
            };
            self.case
                .add(EventType::PartyHearingWaived, at, Some(di), attrs);
        } else {
            self.add(EventType::PartyHearing, at, Some(di));
        }
    }

    /// The justification attributes of a refusal or partial grant (A1–A4, A7 for benefits).
    fn refusal(
        &mut self,
        a: &mut Attrs,
        provision: &str,
        partly: bool,
        benefit: bool,
    ) -> Vec<(Rule, Status)> {
        let mut out = Vec::new();
        let flag = |ok: bool| if ok { Status::Pass } else { Status::Fail };
        if self.defect() {
            a.has_justification = Some(false);
            out.push((Rule::A1, Status::Fail));
        } else if self.rng.chance(0.06) {
            out.push((Rule::A1, Status::NotAssessable));
        } else {
            out.push((Rule::A1, Status::Pass));
            let cites = !self.defect();
            if self.rng.chance(0.65) {
                a.justification = Some(if cites {
                    justification_citing(provision, partly)
                } else {
                    self.rng.pick(JUSTIFICATIONS_UNCITED).to_string()
                });
                if self.rng.chance(0.5) {
                    a.cites_legal_basis = Some(cites);
                }
                out.push((Rule::A2, flag(cites)));
            } else {
                a.has_justification = Some(true);
                if self.rng.chance(0.8) {
                    a.cites_legal_basis = Some(cites);
                    out.push((Rule::A2, flag(cites)));
                } else {
                    out.push((Rule::A2, Status::NotAssessable));
                }
            }
            if self.rng.chance(0.85) {
                let ok = !self.defect();
                a.states_considerations = Some(ok);
                out.push((Rule::A3, flag(ok)));
            } else {
                out.push((Rule::A3, Status::NotAssessable));
            }
        }
        if self.rng.chance(0.9) {
            let ok = !self.defect();
            a.appeal_guidance = Some(ok);
            out.push((Rule::A4, flag(ok)));
        } else {
            out.push((Rule::A4, Status::NotAssessable));
        }
        if benefit {
            if self.rng.chance(0.85) {
                let ok = !self.defect();
                a.holistic_assessment = Some(ok);
                out.push((Rule::A7, flag(ok)));
            } else {
                out.push((Rule::A7, Status::NotAssessable));
            }
        }
        out
    }

    // ---- børnehandicap: benefit applications ----

    /// 1–3 applications for benefits, one after the other: processing time (T1), delay
    /// notice (T2), the decision's justification (A1–A5, A7), sometimes an appeal.
    fn disability(&mut self, start: NaiveDate) {
        let n = self.rng.weighted(&[(50, 1), (35, 2), (15, 3)]);
        let mut t = start;
        // Without refs a delay notice goes to the earliest application without one, so a
        // notice is only given when every earlier application got one.
        let mut notices_linkable = true;
        for _ in 0..n {
            let a = workday(t);
            let bl = a >= bl_from();
            let published = self.rng.chance(0.9);
            let provision = match (published, bl) {
                (true, false) => *self.rng.pick(BENEFIT_SEL),
                (true, true) => *self.rng.pick(BENEFIT_BL),
                (false, false) => UNPUBLISHED_SEL,
                (false, true) => UNPUBLISHED_BL,
            };
            let attrs = Attrs {
                provision: Some(provision),
                ..Attrs::default()
            };
            let Some(ai) = self
                .case
                .add(EventType::ApplicationReceived, day(a), None, attrs)
            else {
                return;
            };
            // Every published provision used here has 8 weeks in rules/provisions.toml.
            let due = plus(a, 56);
            let planned = if !published {
                Some(plus(a, self.rng.range(20, 120)))
            } else if !self.defect() {
                Some(plus(a, self.rng.range(10, 56)))
            } else if self.rng.chance(0.7) {
                Some(plus(due, self.rng.range(1, 45)))
            } else {
                None
            };
            // Decided on a workday: step back from a weekend (the status follows the day).
            let planned = planned.map(|d| {
                let mut d = d;
                while !is_workday(d, STRICT) {
                    d = plus(d, -1);
                }
                d
            });
            let late = planned.is_none_or(|d| d > due);
            let notice_day = if !(notices_linkable || self.case.with_ids) || !published {
                None
            } else if late {
                if !self.defect() {
                    Some(self.between(plus(a, 14), due))
                } else if self.rng.chance(0.5) {
                    Some(plus(due, self.rng.range(1, 20)))
                } else {
                    None
                }
            } else if self.rng.chance(0.05) {
                Some(self.between(plus(a, 14), due))
            } else {
                None
            };
            notices_linkable &= notice_day.is_some();
            let notice =
                notice_day.and_then(|d| self.add(EventType::DelayNotice, day(d), Some(ai)));

            let decision = planned.and_then(|d| self.benefit_decision(d, provision, published, a));
            let decided = self.case.at(decision);
            if published {
                let s = self.case.deadline(day(due), decided, None);
                self.case.intend(Rule::T1, ai, s);
                let t1_failed = match decided {
                    Some(m) => m.date > due,
                    None => due < self.p.as_of,
                };
                if t1_failed {
                    let s = self.case.deadline(day(due), self.case.at(notice), None);
                    self.case.intend(Rule::T2, ai, s);
                }
            } else {
                self.case.intend(Rule::T1, ai, Status::NotAssessable);
            }
            let Some(d) = planned else { return };
            t = plus(d, self.rng.range(30, 300));
        }
    }

    fn benefit_decision(
        &mut self,
        d: NaiveDate,
        provision: &'static str,
        published: bool,
        application: NaiveDate,
    ) -> Option<usize> {
        let outcome =
            self.rng
                .weighted(&[(50, "granted"), (22, "partly_granted"), (28, "refused")]);
        let refusal = outcome != "granted";
        let kind = if published {
            Kind::Benefit
        } else {
            Kind::Other
        };
        let kind_column = self.rng.chance(0.5).then_some(kind.name());
        let mut attrs = Attrs {
            provision: Some(provision),
            kind: kind_column,
            outcome: Some(outcome),
            ..Attrs::default()
        };
        let intents = if refusal {
            self.refusal(
                &mut attrs,
                provision,
                outcome == "partly_granted",
                published,
            )
        } else {
            Vec::new()
        };
        let di = self.case.add(EventType::Decision, day(d), None, attrs)?;
        for (rule, s) in intents {
            self.case.intend(rule, di, s);
        }
        self.case.decisions.push(DecisionFacts {
            event: di,
            // The provision table knows every provision written here.
            kind: Some(kind),
            refusal,
            acute: false,
        });
        if refusal {
            self.party_hearing(di, d, plus(application, 1));
            if self.rng.chance(0.3) {
                let outcome = self.rng.weighted(&[
                    (60, "upheld"),
                    (15, "changed"),
                    (10, "remanded"),
                    (5, "annulled"),
                    (10, "dismissed"),
                ]);
                let attrs = Attrs {
                    outcome: Some(outcome),
                    ..Attrs::default()
                };
                let at = day(plus(d, self.rng.range(40, 240)));
                self.case.add(EventType::AppealDecided, at, Some(di), attrs);
            }
        }
        Some(di)
    }

    // ---- every case: documents and caseworker changes ----

    /// J1: documents received and journaled within 5 workdays.
    fn documents(&mut self, start: NaiveDate) {
        let last = plus(start, 700).min(self.p.as_of);
        for _ in 0..self.rng.range(0, 4) {
            let received = self.between(start, last);
            self.document(received);
        }
        // A case just opened may have nothing else yet; an export never lists a case
        // without a record, so it holds at least the document that opened it.
        if self.case.events.is_empty() {
            self.document(start.min(self.p.as_of));
        }
    }

    fn document(&mut self, received: NaiveDate) {
        let journaled = if !self.defect() {
            Some(add_workdays(received, self.rng.range(0, 5) as u32, STRICT))
        } else if self.rng.chance(0.7) {
            Some(add_workdays(received, self.rng.range(6, 25) as u32, STRICT))
        } else {
            None
        };
        // An export taken on the as-of date cannot know a later journal date.
        let as_of = self.p.as_of;
        let journaled = journaled.filter(|j| *j <= as_of);
        let attrs = Attrs {
            journaled,
            ..Attrs::default()
        };
        let received = day(received);
        if let Some(di) = self
            .case
            .add(EventType::DocumentReceived, received, None, attrs)
        {
            let due = calendar::due(received, Span::Workdays(5), STRICT);
            let s = self.case.deadline(due, journaled.map(day), None);
            self.case.intend(Rule::J1, di, s);
        }
    }

    /// J2: a handover note at each change of caseworker.
    fn caseworker_changes(&mut self, start: NaiveDate) {
        let n = self.rng.weighted(&[(50, 0), (35, 1), (15, 2)]);
        for _ in 0..n {
            let d = workday(plus(start, self.rng.range(30, 900)));
            let (note, s) = if !self.defect() {
                (Some(true), Status::Pass)
            } else if self.rng.chance(0.7) {
                (Some(false), Status::Fail)
            } else {
                (None, Status::NotAssessable)
            };
            let attrs = Attrs {
                handover_note: note,
                ..Attrs::default()
            };
            if let Some(ci) = self
                .case
                .add(EventType::CaseworkerChange, day(d), None, attrs)
            {
                self.case.intend(Rule::J2, ci, s);
            }
        }
    }
}

/// `minutes` after a date-time.
fn later(at: Moment, minutes: i64) -> Moment {
    let t = at.time.unwrap_or(NaiveTime::MIN);
    let dt = at.date.and_time(t) + TimeDelta::minutes(minutes);
    Moment::at(dt.date(), dt.time())
}
