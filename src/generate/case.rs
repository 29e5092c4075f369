//! One synthetic case under construction: its events, and the status the generator
//! intends each rule to give for each subject. The story (`story.rs`) adds events and
//! states intents; this module keeps the bookkeeping: what is visible on the as-of date,
//! date order, subject labels, and the few cross-event requirements (a child conversation
//! *anywhere* in a window, the previous decision …) that are easier to read off the
//! finished event list than to track while writing the story.
//!
//! Nothing here calls the rule engine: the intents follow contract §3–§5 directly, so the
//! round trip generate → audit tests the engine against an independent reading of the law.
use crate::calendar::{Moment, add_months};
use crate::model::{EventType, Kind};
pub use crate::rules::Status;
use chrono::NaiveDate;

/// The rules of contract §5, in the catalogue's table order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rule {
    U1,
    U2,
    B1,
    B2,
    B3,
    H1,
    H2,
    H3,
    S1,
    S2,
    A1,
    A2,
    A3,
    A4,
    A5,
    A6,
    A7,
    T1,
    T2,
    J1,
    J2,
}

impl Rule {
    pub fn id(self) -> &'static str {
        use Rule::*;
        match self {
            U1 => "U1",
            U2 => "U2",
            B1 => "B1",
            B2 => "B2",
            B3 => "B3",
            H1 => "H1",
            H2 => "H2",
            H3 => "H3",
            S1 => "S1",
            S2 => "S2",
            A1 => "A1",
            A2 => "A2",
            A3 => "A3",
            A4 => "A4",
            A5 => "A5",
            A6 => "A6",
            A7 => "A7",
            T1 => "T1",
            T2 => "T2",
            J1 => "J1",
            J2 => "J2",
        }
    }
}

/// The attribute columns of the long CSV layout (contract §2), as the generator fills them.
#[derive(Debug, Clone, Default)]
pub struct Attrs {
    pub reporter: Option<&'static str>,
    pub provision: Option<&'static str>,
    pub kind: Option<&'static str>,
    pub outcome: Option<&'static str>,
    pub acute: Option<bool>,
    pub justification: Option<String>,
    pub has_justification: Option<bool>,
    pub cites_legal_basis: Option<bool>,
    pub states_considerations: Option<bool>,
    pub appeal_guidance: Option<bool>,
    pub holistic_assessment: Option<bool>,
    pub reason: Option<&'static str>,
    pub next_due: Option<NaiveDate>,
    pub at_placement: Option<bool>,
    pub child_spoken_to: Option<bool>,
    pub journaled: Option<NaiveDate>,
    pub handover_note: Option<bool>,
}

#[derive(Debug, Clone)]
pub struct Event {
    pub kind: EventType,
    pub at: Moment,
    /// Set only in the minority of cases whose export carries ids.
    pub id: Option<String>,
    /// The event this one answers (its `ref` when the case carries ids). The story places
    /// answers so that date-order linking (contract §2) finds the same event.
    pub answers: Option<usize>,
    pub attrs: Attrs,
}

/// An intended result: rule, subject (an event index), 12-month period (S2) and status.
#[derive(Debug, Clone, Copy)]
struct Intent {
    rule: Rule,
    subject: usize,
    period: Option<u32>,
    status: Status,
}

/// What the story recorded about a decision, for the window rules judged at the end.
#[derive(Debug, Clone, Copy)]
pub struct DecisionFacts {
    pub event: usize,
    pub kind: Option<Kind>,
    pub refusal: bool,
    pub acute: bool,
}

/// What the story recorded about an investigation, for B3.
#[derive(Debug, Clone, Copy)]
pub struct InvestigationFacts {
    pub start: usize,
    /// The awareness date of B1: latest `awareness`, else latest notification, else start.
    pub anchor: Moment,
    pub completed: Option<usize>,
}

pub struct Case {
    pub id: String,
    pub area: &'static str,
    pub municipality: &'static str,
    pub team: &'static str,
    pub child_birth_date: NaiveDate,
    pub as_of: NaiveDate,
    pub with_ids: bool,
    pub events: Vec<Event>,
    intents: Vec<Intent>,
    pub decisions: Vec<DecisionFacts>,
    pub investigations: Vec<InvestigationFacts>,
    id_counters: [u32; 5],
}

/// Event types that get an id when the case carries ids, and the id's prefix.
fn id_prefix(kind: EventType) -> Option<(usize, &'static str)> {
    Some(match kind {
        EventType::NotificationReceived => (0, "N"),
        EventType::InvestigationStarted => (1, "BU"),
        EventType::ApplicationReceived => (2, "ANS"),
        EventType::Decision => (3, "D"),
        EventType::MeasureStarted => (4, "IND"),
        _ => return None,
    })
}

impl Case {
    pub fn new(
        id: String,
        area: &'static str,
        municipality: &'static str,
        team: &'static str,
        child_birth_date: NaiveDate,
        as_of: NaiveDate,
        with_ids: bool,
    ) -> Case {
        Case {
            id,
            area,
            municipality,
            team,
            child_birth_date,
            as_of,
            with_ids,
            events: Vec::new(),
            intents: Vec::new(),
            decisions: Vec::new(),
            investigations: Vec::new(),
            id_counters: [0; 5],
        }
    }

    /// Adds an event if it happened by the as-of date; an export taken that day cannot
    /// hold later events, so those are never written (and the audit would not see them).
    pub fn add(
        &mut self,
        kind: EventType,
        at: Moment,
        answers: Option<usize>,
        attrs: Attrs,
    ) -> Option<usize> {
        if at.date > self.as_of {
            return None;
        }
        let id = match id_prefix(kind) {
            Some((slot, prefix)) if self.with_ids => {
                self.id_counters[slot] += 1;
                Some(format!("{prefix}{}", self.id_counters[slot]))
            }
            _ => None,
        };
        self.events.push(Event {
            kind,
            at,
            id,
            answers,
            attrs,
        });
        Some(self.events.len() - 1)
    }

    /// The moment of an added event.
    pub fn at(&self, event: Option<usize>) -> Option<Moment> {
        event.map(|e| self.events[e].at)
    }

    pub fn intend(&mut self, rule: Rule, subject: usize, status: Status) {
        self.intents.push(Intent {
            rule,
            subject,
            period: None,
            status,
        });
    }

    pub fn intend_period(&mut self, rule: Rule, subject: usize, period: u32, status: Status) {
        self.intents.push(Intent {
            rule,
            subject,
            period: Some(period),
            status,
        });
    }

    /// contract §5 "deadline": done on time → pass; else a reasoned waiver by the deadline →
    /// exempt; done late → fail; nothing done → pending while the deadline is on or after
    /// the as-of date, else fail.
    pub fn deadline(&self, due: Moment, done: Option<Moment>, waiver: Option<Moment>) -> Status {
        match done {
            Some(d) if d.on_or_before(due) => Status::Pass,
            _ if waiver.is_some_and(|w| w.on_or_before(due)) => Status::Exempt,
            Some(_) => Status::Fail,
            None if due.date >= self.as_of => Status::Pending,
            None => Status::Fail,
        }
    }

    /// The window requirements that look at events anywhere in the case (B3, S1, A5, A6).
    fn judge_windows(&mut self) {
        for inv in self.investigations.clone() {
            if let Some(done) = self.at(inv.completed) {
                let s = self.conversation_in(inv.anchor, done);
                self.intend(Rule::B3, inv.start, s);
            }
        }
        for d in self.decisions.clone() {
            let at = self.events[d.event].at;
            if d.kind.is_some_and(Kind::is_measure) {
                let from = Moment::day(add_months(at.date, -6));
                let s = self.conversation_in(from, at);
                self.intend(Rule::S1, d.event, s);
            }
            if matches!(
                d.kind,
                Some(Kind::Placement | Kind::PlacementWithoutConsent)
            ) && !d.acute
            {
                // docs/contract.md §5 A6: a completed investigation on or before the decision
                // passes; one still open at the decision cannot be judged, except for a BL
                // placement without consent (§ 47, stk. 2 allows none alongside it), which
                // fails; a provisional assessment alone is not enough.
                let completed = |e: &Event| {
                    e.kind == EventType::InvestigationCompleted && e.at.on_or_before(at)
                };
                let open = self.investigations.iter().any(|inv| {
                    self.events[inv.start].at.on_or_before(at)
                        && self
                            .at(inv.completed)
                            .is_none_or(|done| !done.on_or_before(at))
                });
                let no_exception = d.kind == Some(Kind::PlacementWithoutConsent)
                    && at.date >= super::story::bl_from();
                let s = if self.events.iter().any(completed) {
                    Status::Pass
                } else if open && !no_exception {
                    Status::NotAssessable
                } else {
                    Status::Fail
                };
                self.intend(Rule::A6, d.event, s);
            }
            if d.refusal {
                // The window runs from (excluding) the previous decision to this one; the
                // story never dates two decisions of a case on the same day.
                let previous = self
                    .decisions
                    .iter()
                    .map(|o| self.events[o.event].at)
                    .filter(|o| o.date < at.date)
                    .max_by_key(|o| o.sort_key());
                let inside =
                    |m: Moment| m.on_or_before(at) && previous.is_none_or(|p| p.date < m.date);
                let answers = |kind| {
                    self.events.iter().filter(move |e| {
                        e.kind == kind && e.answers == Some(d.event) && inside(e.at)
                    })
                };
                let s = if answers(EventType::PartyHearing).next().is_some() {
                    Status::Pass
                } else if answers(EventType::PartyHearingWaived).any(|e| e.attrs.reason.is_some()) {
                    Status::Exempt
                } else {
                    Status::Fail
                };
                self.intend(Rule::A5, d.event, s);
            }
        }
    }

    /// A child conversation in `[from, to]`, else a waiver with a reason there (B3, S1).
    fn conversation_in(&self, from: Moment, to: Moment) -> Status {
        let inside = |e: &&Event| from.on_or_before(e.at) && e.at.on_or_before(to);
        let mut found = self.events.iter().filter(inside);
        if found
            .clone()
            .any(|e| e.kind == EventType::ChildConversation)
        {
            Status::Pass
        } else if found
            .any(|e| e.kind == EventType::ChildConversationWaived && e.attrs.reason.is_some())
        {
            Status::Exempt
        } else {
            Status::Fail
        }
    }

    /// Judges the window rules, puts the events in date order (stable, as the loader
    /// does) and returns the intents as (rule, subject label, status) in catalogue order,
    /// then subject order.
    pub fn finish(&mut self) -> Vec<(Rule, String, Status)> {
        self.judge_windows();
        let mut order: Vec<usize> = (0..self.events.len()).collect();
        order.sort_by_key(|&i| self.events[i].at.sort_key());
        let mut position = vec![0; order.len()];
        for (new, &old) in order.iter().enumerate() {
            position[old] = new;
        }
        let mut events: Vec<Event> = order.iter().map(|&i| self.events[i].clone()).collect();
        for e in &mut events {
            e.answers = e.answers.map(|a| position[a]);
        }
        self.events = events;
        // contract §2 subject: the id, else `type@moment`, `~n` for the n-th of that type at
        // the same moment.
        let labels: Vec<String> = (0..self.events.len())
            .map(|i| {
                let e = &self.events[i];
                if let Some(id) = &e.id {
                    return id.clone();
                }
                let n = 1 + self.events[..i]
                    .iter()
                    .filter(|o| o.kind == e.kind && o.at == e.at && o.id.is_none())
                    .count();
                match n {
                    1 => format!("{}@{}", e.kind.name(), e.at),
                    n => format!("{}@{}~{n}", e.kind.name(), e.at),
                }
            })
            .collect();
        let mut intents = std::mem::take(&mut self.intents);
        for i in &mut intents {
            i.subject = position[i.subject];
        }
        intents.sort_by_key(|i| (i.rule, i.subject, i.period));
        intents
            .into_iter()
            .map(|i| {
                let label = match i.period {
                    Some(p) => format!("{}/{p}", labels[i.subject]),
                    None => labels[i.subject].clone(),
                };
                (i.rule, label, i.status)
            })
            .collect()
    }
}
