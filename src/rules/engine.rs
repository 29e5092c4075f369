//! Applies the catalogue to one case. Pure: the same case, catalogue and context give the
//! same findings, in catalogue order, then subject order.
use super::check::{
    Anchor, Check, Deadline, Evidence, PeriodicCount, Recurring, Target, What, Window, Within,
};
use super::reads::{ReadOn, Reads, carries};
use super::{Catalogue, Finding, Human, Note, Rule, Status};
use crate::calendar::{self, CalendarProfile, Lateness, Moment, Span};
use crate::model::{Attr, Case, EventType, case_as_of};
use chrono::NaiveDate;

/// The day of measurement and the workday calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuditContext {
    /// The day of measurement, still open: deadlines on or after it are pending. Events
    /// dated after it are not seen (the case as it stood on that day).
    pub as_of: NaiveDate,
    pub calendar: CalendarProfile,
}

/// Every finding of every rule for one case, as it stood on the as-of date: events dated
/// after it are not seen, not even by linking. Subjects are indices into `case.events`.
pub fn evaluate(case: &Case, catalogue: &Catalogue, ctx: &AuditContext) -> Vec<Finding> {
    let past = case_as_of(case, ctx.as_of, &catalogue.provisions);
    View::new(&past, catalogue, ctx).all()
}

/// What the events one case's findings judged by carried of the fields the rules read
/// ([`Reads`]): each field and event once, with whether the event carried the field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseCoverage(pub Vec<(usize, bool)>);

/// [`evaluate`], and the data coverage of what it judged (the audit's report counts it).
pub fn evaluate_covered(
    case: &Case,
    catalogue: &Catalogue,
    ctx: &AuditContext,
    reads: &Reads,
) -> (Vec<Finding>, CaseCoverage) {
    let past = case_as_of(case, ctx.as_of, &catalogue.provisions);
    let view = View::new(&past, catalogue, ctx);
    let findings = view.all();
    let coverage = view.coverage(reads, &findings);
    (findings, coverage)
}

/// The findings of one rule for one case (what `caseaudit rules test` runs).
pub fn evaluate_rule(
    case: &Case,
    catalogue: &Catalogue,
    rule: usize,
    ctx: &AuditContext,
) -> Vec<Finding> {
    let past = case_as_of(case, ctx.as_of, &catalogue.provisions);
    let mut out = Vec::new();
    View::new(&past, catalogue, ctx).rule(rule, &mut out);
    out
}

/// A case as seen on the as-of date: only its first `visible` events.
struct View<'a> {
    case: &'a Case,
    visible: usize,
    catalogue: &'a Catalogue,
    ctx: &'a AuditContext,
    index: Index,
}

/// The visible events of a case by type and by what they answer, built once per case: a rule
/// visits only the events of its subject's type, a target only the events it can be.
struct Index {
    /// Event indices grouped by type (in the order of the enum), each group in date order.
    by_type: Vec<usize>,
    /// Where each type's group starts in `by_type`, and after the last one where it ends.
    type_start: [usize; EventType::ALL.len() + 1],
    /// Event indices grouped by the event they answer, each group in date order.
    answers: Vec<usize>,
    /// Where the answers to each event start in `answers`, and after the last one the end.
    answer_start: Vec<usize>,
}

impl Index {
    fn new(case: &Case, visible: usize) -> Index {
        let events = &case.events[..visible];
        let mut type_start = [0; EventType::ALL.len() + 1];
        for e in events {
            type_start[e.kind as usize + 1] += 1;
        }
        for t in 1..type_start.len() {
            type_start[t] += type_start[t - 1];
        }
        let mut by_type = vec![0; visible];
        let mut next = type_start;
        for (j, e) in events.iter().enumerate() {
            by_type[next[e.kind as usize]] = j;
            next[e.kind as usize] += 1;
        }
        // A link to an event not seen (none after `case_as_of`) answers nothing here.
        let target = |j: usize| {
            case.links
                .get(j)
                .copied()
                .flatten()
                .filter(|&s| s < visible)
        };
        let mut answer_start = vec![0; visible + 1];
        for j in 0..visible {
            if let Some(s) = target(j) {
                answer_start[s + 1] += 1;
            }
        }
        for s in 1..answer_start.len() {
            answer_start[s] += answer_start[s - 1];
        }
        let mut answers = vec![0; answer_start[visible]];
        let mut next = answer_start.clone();
        for j in 0..visible {
            if let Some(s) = target(j) {
                answers[next[s]] = j;
                next[s] += 1;
            }
        }
        Index {
            by_type,
            type_start,
            answers,
            answer_start,
        }
    }

    /// The visible events of this type, in date order.
    fn of_type(&self, kind: EventType) -> &[usize] {
        let t = kind as usize;
        &self.by_type[self.type_start[t]..self.type_start[t + 1]]
    }

    /// The visible events linked to event `s`, in date order.
    fn answers_to(&self, s: usize) -> &[usize] {
        &self.answers[self.answer_start[s]..self.answer_start[s + 1]]
    }
}

/// A dated piece of evidence: an event, or a date attribute of the subject.
#[derive(Debug, Clone, Copy)]
struct Hit {
    at: Moment,
    event: Option<usize>,
}

/// The parts of a finding every check kind fills.
struct Verdict {
    status: Status,
    start: Option<Moment>,
    due: Option<Moment>,
    done: Option<Moment>,
    late: Option<Lateness>,
    note: Note,
}

impl Verdict {
    /// A reviewer question before anyone answered it.
    fn awaiting_review() -> Verdict {
        Verdict {
            status: Status::NotAssessable,
            start: None,
            due: None,
            done: None,
            late: None,
            note: Note::AwaitingReview,
        }
    }
}

impl<'a> View<'a> {
    fn new(case: &'a Case, catalogue: &'a Catalogue, ctx: &'a AuditContext) -> View<'a> {
        let visible = case.visible_len(ctx.as_of);
        View {
            case,
            visible,
            catalogue,
            ctx,
            index: Index::new(case, visible),
        }
    }

    fn all(&self) -> Vec<Finding> {
        // Most rules give one finding per subject: room for those at once, not grown by
        // doubling.
        let subjects = (self.catalogue.rules.iter())
            .map(|rule| self.index.of_type(rule.applies_to.event).len())
            .sum();
        let mut out = Vec::with_capacity(subjects);
        for r in 0..self.catalogue.rules.len() {
            self.rule(r, &mut out);
        }
        out
    }

    /// The fields each finding's variant reads ([`Reads::of_variant`]), on the events it
    /// reads them on: the rule's subject (for a recurring check, the event each occurrence
    /// answers), the occurrence, the events counted, the waivers.
    fn coverage(&self, reads: &Reads, findings: &[Finding]) -> CaseCoverage {
        let carried = |i: usize, j: usize| (i, carries(self.case, j, &reads.fields[i].attrs));
        let mut out = Vec::new();
        // A rule's findings for one subject come one after another (its periods, its
        // occurrences): the subject's fields are counted once for them all.
        let mut subject = None;
        let mut on_subject: Vec<usize> = Vec::new();
        // Events other than the subject (waivers, counted events) may serve several
        // subjects: each is counted once.
        let mut others: Vec<(usize, usize)> = Vec::new();
        for f in findings {
            let check = &self.catalogue.rules[f.rule].variants[f.variant].check;
            let s = match check {
                Check::Recurring(_) => self.case.links[f.subject].unwrap_or(f.subject),
                _ => f.subject,
            };
            if subject != Some((f.rule, s)) {
                subject = Some((f.rule, s));
                on_subject.clear();
            }
            for &i in reads.of_variant(f.rule, f.variant) {
                let target = match (reads.fields[i].on, check) {
                    (ReadOn::Subject, _) => {
                        if !on_subject.contains(&i) {
                            on_subject.push(i);
                            out.push(carried(i, s));
                        }
                        continue;
                    }
                    // Each occurrence is one finding's subject.
                    (ReadOn::Occurrence, _) => {
                        out.push(carried(i, f.subject));
                        continue;
                    }
                    (ReadOn::Counted, Check::PeriodicCount(pc)) => Some(&pc.count),
                    (ReadOn::Waiver, Check::Deadline(d)) => d.exempt_by.as_ref(),
                    (ReadOn::Waiver, Check::Window(w)) => w.exempt_by.as_ref(),
                    _ => None,
                };
                if let Some(target) = target {
                    self.each_hit(s, target, self.case.events[s].at, |h| {
                        others.extend(h.event.map(|j| (i, j)));
                    });
                }
            }
        }
        others.sort_unstable();
        others.dedup();
        out.extend(others.into_iter().map(|(i, j)| carried(i, j)));
        CaseCoverage(out)
    }

    fn rule(&self, r: usize, out: &mut Vec<Finding>) {
        let rule = &self.catalogue.rules[r];
        for &s in self.index.of_type(rule.applies_to.event) {
            if self.applies(rule, s) {
                self.judge(r, rule, s, out);
            }
        }
    }

    /// Whether the rule applies to `s`, an event of its subject's type.
    fn applies(&self, rule: &Rule, s: usize) -> bool {
        let sel = &rule.applies_to;
        sel.conditions.holds(self.case, s)
            && (sel.any_of.is_empty() || sel.any_of.iter().any(|c| c.holds(self.case, s)))
            && sel
                .answered_by
                .is_none_or(|t| self.linked(s, &[t]).next().is_some())
    }

    /// The first variant in force on `date` whose conditions hold for subject `s`.
    fn variant(&self, rule: &Rule, date: NaiveDate, s: usize) -> Option<usize> {
        let period = self.catalogue.period_of(date);
        rule.variants
            .iter()
            .position(|v| v.period.is_none_or(|p| Some(p) == period) && v.when.holds(self.case, s))
    }

    fn judge(&self, r: usize, rule: &Rule, s: usize, out: &mut Vec<Finding>) {
        let mut push = |variant: usize, subject: usize, period: Option<u32>, v: Verdict| {
            out.push(Finding {
                rule: r,
                variant,
                status: v.status,
                subject,
                period,
                start: v.start,
                due: v.due,
                done: v.done,
                late: v.late,
                note: v.note,
                human: Human::default(),
            })
        };
        let subject_date = self.case.events[s].at.date;
        match &rule.variants[0].check {
            Check::Deadline(d) => {
                let start = self.anchor(s, &d.start).unwrap_or(self.case.events[s].at);
                let Some(v) = self.variant(rule, start.date, s) else {
                    return;
                };
                let Check::Deadline(d) = &rule.variants[v].check else {
                    return;
                };
                if let Some(verdict) = self.deadline(s, start, d) {
                    push(v, s, None, verdict);
                }
            }
            Check::Window(first) => {
                // The law of the window's start when it starts at an earlier event (the
                // awareness that starts an investigation's clock), else of the subject's date.
                let clock = match &first.from {
                    Some(a @ (Anchor::Latest(_) | Anchor::Linked(_))) => self.anchor(s, a),
                    _ => None,
                };
                let date = clock.map_or(subject_date, |m| m.date);
                let Some(v) = self.variant(rule, date, s) else {
                    return;
                };
                let Check::Window(w) = &rule.variants[v].check else {
                    return;
                };
                if let Some(verdict) = self.window(s, w) {
                    push(v, s, None, verdict);
                }
            }
            Check::Question(_) => {
                let Some(v) = self.variant(rule, subject_date, s) else {
                    return;
                };
                push(v, s, None, Verdict::awaiting_review());
            }
            Check::Attribute(_) => {
                let Some(v) = self.variant(rule, subject_date, s) else {
                    return;
                };
                let Check::Attribute(evidence) = &rule.variants[v].check else {
                    return;
                };
                push(v, s, None, self.attribute(s, evidence));
            }
            Check::Recurring(first) => {
                // What ends the subject (a measure's end): occurrences dated on or after its
                // day open no interval, and an interval is judged only while it runs.
                let end = first
                    .lapses_on
                    .as_ref()
                    .and_then(|t| self.first_hit(s, t, self.case.events[s].at))
                    .map(|h| h.at.date);
                let mut each = self.linked(s, std::slice::from_ref(&first.each)).peekable();
                while let Some(f) = each.next() {
                    let date = self.case.events[f].at.date;
                    if end.is_some_and(|e| date >= e) {
                        continue;
                    }
                    let Some(v) = self.variant(rule, date, s) else {
                        continue;
                    };
                    let Check::Recurring(rc) = &rule.variants[v].check else {
                        continue;
                    };
                    if let Some(verdict) = self.recurring(f, each.peek().copied(), end, rc) {
                        push(v, f, None, verdict);
                    }
                }
            }
            Check::PeriodicCount(first) => {
                let start = self.case.events[s].at.date;
                let end = first
                    .ends_on
                    .as_ref()
                    .and_then(|t| self.first_hit(s, t, self.case.events[s].at));
                for k in 0u32.. {
                    let (period_start, period_end) = (
                        shift(start, first.every, k as i32),
                        shift(start, first.every, k as i32 + 1),
                    );
                    let last_day = period_end.pred_opt().unwrap_or(period_end);
                    if period_start > self.ctx.as_of || end.is_some_and(|e| e.at.date < last_day) {
                        break;
                    }
                    let Some(v) = self.variant(rule, period_start, s) else {
                        continue;
                    };
                    let Check::PeriodicCount(pc) = &rule.variants[v].check else {
                        continue;
                    };
                    push(
                        v,
                        s,
                        Some(k + 1),
                        self.periodic(s, pc, period_start, period_end, last_day),
                    );
                }
            }
        }
    }

    /// Linked answers of these types to event `s`, in date order.
    fn linked<'b>(&'b self, s: usize, types: &'b [EventType]) -> impl Iterator<Item = usize> + 'b {
        self.index
            .answers_to(s)
            .iter()
            .copied()
            .filter(move |&j| types.contains(&self.case.events[j].kind))
    }

    /// The visible events of these types, in date order.
    fn of_types<'b>(&'b self, types: &'b [EventType]) -> OfTypes<'b> {
        match types {
            [t] => OfTypes::One(self.index.of_type(*t).iter()),
            _ => OfTypes::Many(self, types, 0..self.visible),
        }
    }

    /// Each piece of evidence for `target`, in event order (not collected: a rule asks for
    /// the earliest, or whether any is there).
    fn each_hit(&self, s: usize, target: &Target, start: Moment, mut f: impl FnMut(Hit)) {
        let events = &self.case.events;
        let hit = |j: usize| Hit {
            at: events[j].at,
            event: Some(j),
        };
        match target {
            Target::Linked(types) => self.linked(s, types).map(hit).for_each(f),
            Target::Any(types) => self.of_types(types).map(hit).for_each(f),
            Target::Attribute(attr) => {
                if let Some(at) = events[s].moment(*attr).filter(|m| m.date <= self.ctx.as_of) {
                    f(Hit { at, event: None });
                }
            }
            Target::SameProvision(kind) => {
                let Some(provision) = events[s].text(Attr::Provision) else {
                    return;
                };
                let provisions = &self.catalogue.provisions;
                let found = (self.index.of_type(*kind).iter().copied())
                    .filter(|&j| start.on_or_before(events[j].at))
                    .find(|&j| {
                        events[j]
                            .text(Attr::Provision)
                            .is_some_and(|p| provisions.same_matter(p, provision))
                    });
                if let Some(j) = found {
                    f(hit(j));
                }
            }
        }
    }

    /// The first evidence for `target`, in event order, for which `test` holds.
    fn find_hit(
        &self,
        s: usize,
        target: &Target,
        start: Moment,
        test: impl Fn(Hit) -> bool,
    ) -> Option<Hit> {
        let mut found = None;
        self.each_hit(s, target, start, |h| {
            if found.is_none() && test(h) {
                found = Some(h);
            }
        });
        found
    }

    /// The earliest evidence (the first of those equally early).
    fn first_hit(&self, s: usize, target: &Target, start: Moment) -> Option<Hit> {
        let mut first: Option<Hit> = None;
        self.each_hit(s, target, start, |h| {
            if first.is_none_or(|f| h.at.sort_key() < f.at.sort_key()) {
                first = Some(h);
            }
        });
        first
    }

    /// An exemption needs its reason written down: a waiver without one does not count.
    fn waiver(
        &self,
        s: usize,
        target: &Option<Target>,
        start: Moment,
        by: impl Fn(Moment) -> bool,
    ) -> (Option<Hit>, bool) {
        let Some(target) = target else {
            return (None, false);
        };
        let (mut reasoned, mut any) = (None, false);
        self.each_hit(s, target, start, |h| {
            if !by(h.at) {
                return;
            }
            any = true;
            let has_reason = h
                .event
                .is_some_and(|j| self.case.events[j].text(Attr::Reason).is_some());
            if reasoned.is_none() && has_reason {
                reasoned = Some(h);
            }
        });
        (reasoned, any)
    }

    /// The rule does not apply when what ends the subject (a measure's end) came before
    /// the deadline.
    fn lapsed(&self, s: usize, lapses_on: &Option<Target>, start: Moment, due: Moment) -> bool {
        lapses_on.as_ref().is_some_and(|t| {
            self.find_hit(s, t, start, |h| h.at.date < due.date)
                .is_some()
        })
    }

    fn anchor(&self, s: usize, anchor: &Anchor) -> Option<Moment> {
        let events = &self.case.events;
        let at = events[s].at;
        match anchor {
            Anchor::Subject => Some(at),
            Anchor::Latest(types) => types
                .iter()
                .find_map(|t| {
                    (self.index.of_type(*t).iter().copied())
                        .rfind(|&j| events[j].at.on_or_before(at))
                })
                .map(|j| events[j].at)
                .or(Some(at)),
            Anchor::Linked(t) => self.linked(s, &[*t]).next().map(|j| events[j].at),
            // Dated before the subject's day: one on the same day does not close a window.
            Anchor::Previous(t) => {
                let of_type = self.index.of_type(*t);
                of_type[..of_type.partition_point(|&j| events[j].at.date < at.date)]
                    .last()
                    .map(|&j| events[j].at)
            }
        }
    }

    /// How many days a deadline has passed by `until` (the as-of date, unless owed less long).
    fn overdue(due: Moment, until: NaiveDate) -> Lateness {
        Lateness {
            days: (until - due.date).num_days(),
            hours: None,
            minutes: None,
        }
    }

    fn deadline(&self, s: usize, start: Moment, d: &Deadline) -> Option<Verdict> {
        let subject = &self.case.events[s];
        let what = d.done_by.what();
        let verdict = |status, due, done, late, note| Verdict {
            status,
            start: Some(start),
            due,
            done,
            late,
            note,
        };
        let mut due = match d.within {
            Within::Span(span) => calendar::due(start, span, self.ctx.calendar),
            Within::ProcessingTime => {
                let span = subject
                    .text(Attr::Provision)
                    .and_then(|p| self.catalogue.provisions.processing_time(p));
                match span {
                    Some(span) => calendar::due(start, span, self.ctx.calendar),
                    None if d.applies_if_late.is_some() => return None,
                    None => {
                        return Some(verdict(
                            Status::NotAssessable,
                            None,
                            None,
                            None,
                            Note::NoProcessingTime,
                        ));
                    }
                }
            }
            Within::Attribute(attr) => match subject.moment(attr) {
                Some(m) => m,
                None => {
                    return Some(verdict(
                        Status::Fail,
                        None,
                        None,
                        None,
                        Note::NoDueDate(attr),
                    ));
                }
            },
        };
        if let Some(cap) = &d.cap {
            let events = &self.case.events;
            let open = (self.index.of_type(cap.open).iter().copied())
                .filter(|&j| events[j].at.on_or_before(start));
            let closing = open
                .filter_map(|j| self.linked(j, &[cap.closed_by]).next())
                .map(|c| events[c].at)
                .filter(|c| !c.on_or_before(start))
                .min_by_key(|c| c.sort_key());
            if let Some(c) = closing.filter(|c| c.date < due.date) {
                due = Moment::day(c.date);
            }
        }
        // What the rule waits on, once late, ends how long it can be overdue: a provisional
        // assessment is owed only until the investigation is completed.
        let mut owed_until = self.ctx.as_of;
        if let Some(t) = &d.applies_if_late {
            match self.first_hit(s, t, start) {
                Some(h) if h.at.on_or_before(due) => return None,
                None if due.date >= self.ctx.as_of => return None,
                Some(h) => owed_until = h.at.date,
                None => {}
            }
        }
        if self.lapsed(s, &d.lapses_on, start, due) {
            return None;
        }
        let done = self.first_hit(s, &d.done_by, start).map(|h| h.at);
        // A waiver counts when made between the clock start and the deadline ("within those
        // 3 months"), not before the decision it waives a plan for.
        // With `exempt_by_start` the law places the choice at the clock start (BL § 91: the
        // decision not to make a plan is taken with the decision): only a waiver dated on or
        // before it counts.
        let (waiver, unreasoned) = self.waiver(s, &d.exempt_by, start, |at| {
            if d.exempt_by_start {
                at.on_or_before(start)
            } else {
                start.date <= at.date && at.on_or_before(due)
            }
        });
        if !done.is_some_and(|at| at.on_or_before(due))
            && let (Some(w), Some(t)) = (waiver, &d.exempt_by)
        {
            return Some(Verdict {
                status: Status::Exempt,
                start: Some(start),
                due: Some(due),
                done: Some(w.at),
                late: None,
                note: Note::Waived(t.what()),
            });
        }
        let missing = if unreasoned {
            Note::WaivedWithoutReason(what)
        } else {
            Note::Missing(what)
        };
        Some(self.settle(start, due, done, what, missing, owed_until))
    }

    /// Done on time → pass; done late → fail with how late; not done → pending while the
    /// deadline is open on the as-of date, else fail (`missing` says why), overdue until
    /// `owed_until`.
    fn settle(
        &self,
        start: Moment,
        due: Moment,
        done: Option<Moment>,
        what: What,
        missing: Note,
        owed_until: NaiveDate,
    ) -> Verdict {
        let (status, late, note) = match done {
            Some(at) if at.on_or_before(due) => (Status::Pass, None, Note::OnTime(what)),
            Some(at) => (
                Status::Fail,
                Some(calendar::lateness(at, due)),
                Note::Late(what),
            ),
            None if due.date >= self.ctx.as_of => (Status::Pending, None, Note::Open(what)),
            None => (Status::Fail, Some(Self::overdue(due, owed_until)), missing),
        };
        Verdict {
            status,
            start: Some(start),
            due: Some(due),
            done,
            late,
            note,
        }
    }

    /// The interval after occurrence `f` (dated before `end`, the day the subject ended, if
    /// it did), met by the `next` occurrence.
    fn recurring(
        &self,
        f: usize,
        next: Option<usize>,
        end: Option<NaiveDate>,
        rc: &Recurring,
    ) -> Option<Verdict> {
        let start = self.case.events[f].at;
        let what = What::Event(rc.each);
        let verdict = |status, due, done, late, note| Verdict {
            status,
            start: Some(start),
            due,
            done,
            late,
            note,
        };
        let due = match rc.within {
            Within::Span(span) => calendar::due(start, span, self.ctx.calendar),
            Within::Attribute(attr) => match self.case.events[f].moment(attr) {
                Some(m) => m,
                // A follow-up without a next date fails, the last before the end included
                // (one on the end day opens no interval at all).
                None => {
                    return Some(verdict(
                        Status::Fail,
                        None,
                        None,
                        None,
                        Note::NoDueDate(attr),
                    ));
                }
            },
            Within::ProcessingTime => return None,
        };
        // An interval due after the end is judged only while the subject ran: met if the
        // next occurrence came by the end day, else not judged (a later one, even linked,
        // is after the end).
        let done = next.map(|n| self.case.events[n].at);
        if let Some(e) = end
            && due.date > e
            && done.is_none_or(|d| d.date > e)
        {
            return None;
        }
        Some(self.settle(start, due, done, what, Note::Missing(what), self.ctx.as_of))
    }

    fn window(&self, s: usize, w: &Window) -> Option<Verdict> {
        let to = self.anchor(s, &w.to)?;
        let from = match (&w.from, w.lookback) {
            (Some(anchor), _) => self
                .anchor(s, anchor)
                .map(|m| (m, matches!(anchor, Anchor::Previous(_)))),
            (None, Some(span)) => Some((Moment::day(shift(to.date, span, -1)), false)),
            (None, None) => None,
        };
        // "Up to and including the decision date": the window's end is a whole day, or with
        // `to_moment` the anchor's time when both carry one. After a `previous` anchor it
        // starts the next day.
        let inside = |at: Moment| {
            (if w.to_moment {
                at.on_or_before(to)
            } else {
                at.date <= to.date
            }) && from.is_none_or(|(f, after_day)| {
                if after_day {
                    at.date > f.date
                } else {
                    f.on_or_before(at)
                }
            })
        };
        let start = from.map(|(f, _)| f);
        let verdict = |status, done, note| Verdict {
            status,
            start,
            due: Some(to),
            done,
            late: None,
            note,
        };
        let what = w.require.what();
        if let Some(h) = self.find_hit(s, &w.require, to, |h| inside(h.at)) {
            return Some(verdict(Status::Pass, Some(h.at), Note::Found(what)));
        }
        let (waiver, unreasoned) = self.waiver(s, &w.exempt_by, to, inside);
        let still_open = w.unassessable_if_open.as_ref().filter(|cap| {
            let events = &self.case.events;
            self.index.of_type(cap.open).iter().any(|&j| {
                events[j].at.on_or_before(to)
                    && self
                        .linked(j, &[cap.closed_by])
                        .all(|c| !events[c].at.on_or_before(to))
            })
        });
        Some(match (waiver, &w.exempt_by) {
            (Some(h), Some(t)) => verdict(Status::Exempt, Some(h.at), Note::Waived(t.what())),
            _ if unreasoned => verdict(Status::Fail, None, Note::WaivedWithoutReason(what)),
            _ if still_open.is_some() => verdict(
                Status::NotAssessable,
                None,
                Note::StillOpen(what, still_open.map_or(what, |c| What::Event(c.open))),
            ),
            _ => verdict(Status::Fail, None, Note::NotFound(what)),
        })
    }

    fn periodic(
        &self,
        s: usize,
        pc: &PeriodicCount,
        start: NaiveDate,
        end: NaiveDate,
        last_day: NaiveDate,
    ) -> Verdict {
        let mut in_period: Vec<Hit> = Vec::new();
        self.each_hit(s, &pc.count, Moment::day(start), |h| {
            if start <= h.at.date && h.at.date < end {
                in_period.push(h);
            }
        });
        let judge = |h: &Hit| {
            h.event
                .map_or(Some(false), |j| pc.count_where.judge(self.case, j))
        };
        let qualifying: Vec<&Hit> = in_period
            .iter()
            .filter(|h| judge(h) == Some(true))
            .collect();
        let unknown = in_period.iter().filter(|h| judge(h).is_none()).count() as u32;
        let found = qualifying.len() as u32;
        let due = Moment::day(last_day);
        let note = Note::Counted {
            found,
            needed: pc.at_least,
            unknown,
        };
        let verdict = |status, done, late| Verdict {
            status,
            start: Some(Moment::day(start)),
            due: Some(due),
            done,
            late,
            note: note.clone(),
        };
        if found >= pc.at_least {
            let nth = qualifying
                .get(pc.at_least.saturating_sub(1) as usize)
                .map(|h| h.at);
            verdict(Status::Pass, nth, None)
        } else if last_day >= self.ctx.as_of {
            verdict(Status::Pending, None, None)
        } else if found + unknown >= pc.at_least {
            verdict(Status::NotAssessable, None, None)
        } else {
            verdict(Status::Fail, None, Some(Self::overdue(due, self.ctx.as_of)))
        }
    }

    fn attribute(&self, s: usize, evidence: &[Evidence]) -> Verdict {
        let event = &self.case.events[s];
        let verdict = |status, note| Verdict {
            status,
            start: Some(event.at),
            due: None,
            done: None,
            late: None,
            note,
        };
        for source in evidence {
            match source {
                Evidence::Flag(attr) => {
                    if let Some(b) = event.flag(*attr) {
                        let status = if b { Status::Pass } else { Status::Fail };
                        return verdict(status, Note::Flag(*attr, b));
                    }
                }
                Evidence::Text { attr, contains } => {
                    if let Some(text) = event.text(*attr) {
                        return match contains {
                            Some(p) if !text.contains(p.as_str()) => {
                                verdict(Status::Fail, Note::TextLacks(*attr, p.clone()))
                            }
                            _ => verdict(Status::Pass, Note::Text(*attr)),
                        };
                    }
                }
            }
        }
        let attrs = evidence
            .iter()
            .map(|e| match e {
                Evidence::Flag(a) | Evidence::Text { attr: a, .. } => *a,
            })
            .collect();
        verdict(Status::NotAssessable, Note::NotRecorded(attrs))
    }
}

/// The events of a target's types in date order: one type's group as it is, several types'
/// picked out of all events.
enum OfTypes<'a> {
    One(std::slice::Iter<'a, usize>),
    Many(&'a View<'a>, &'a [EventType], std::ops::Range<usize>),
}

impl Iterator for OfTypes<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        match self {
            OfTypes::One(group) => group.next().copied(),
            OfTypes::Many(view, types, rest) => {
                rest.find(|&j| types.contains(&view.case.events[j].kind))
            }
        }
    }
}

/// `date` moved by `k` times `span` (back when `k` is negative). Periods and lookbacks
/// count from their origin each time, so month clamping does not drift (31 Jan, 28 Feb,
/// 31 Mar …). Rule files may use only days, weeks and months here (checked at load).
fn shift(date: NaiveDate, span: Span, k: i32) -> NaiveDate {
    let days = |n: u32| {
        date.checked_add_signed(chrono::Duration::days(i64::from(n) * i64::from(k)))
            .unwrap_or(date)
    };
    match span {
        Span::Months(n) => calendar::add_months(date, n as i32 * k),
        Span::Weeks(n) => days(7 * n),
        Span::Days(n) | Span::Workdays(n) => days(n),
        Span::Hours(h) => days(h.div_ceil(24)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Event, ProvisionTable, link_case};
    use proptest::prelude::*;

    /// A linked case of events of these types on these days of 2024.
    fn case_of(events: &[(usize, u32)]) -> Case {
        let mut case = Case::new("K-1");
        case.events = events
            .iter()
            .map(|&(t, day)| Event {
                kind: EventType::ALL[t],
                at: Moment::day(NaiveDate::from_yo_opt(2024, day).expect("a day of 2024")),
                id: None,
                reference: None,
                attrs: Vec::new(),
                line: None,
            })
            .collect();
        link_case(&mut case, &ProvisionTable::default());
        case
    }

    proptest! {
        /// The index holds what a walk over every visible event finds: each type's events
        /// and each event's answers, in date order.
        #[test]
        fn index_agrees_with_a_scan(
            events in proptest::collection::vec((0..EventType::ALL.len(), 1..=366u32), 0..40),
            hidden in 0..5usize,
        ) {
            let case = case_of(&events);
            let visible = case.events.len().saturating_sub(hidden);
            let index = Index::new(&case, visible);
            for t in EventType::ALL {
                let scan: Vec<usize> =
                    (0..visible).filter(|&j| case.events[j].kind == t).collect();
                prop_assert_eq!(index.of_type(t), scan.as_slice());
            }
            for s in 0..visible {
                let scan: Vec<usize> =
                    (0..visible).filter(|&j| case.links[j] == Some(s)).collect();
                prop_assert_eq!(index.answers_to(s), scan.as_slice());
            }
        }
    }
}
