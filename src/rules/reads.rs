//! What each rule reads of the events it judges, worked out from its data — the check kind
//! and its TOML, never its id — for the report's data coverage: how many of those events
//! carried each field. A misspelt column reads as nothing, and a rule that needs it then
//! says "not assessable" or takes the missing value's default; coverage makes that visible
//! ("A4: 0 of 47 decisions had appeal guidance").
use super::Catalogue;
use super::check::{Check, Conditions, Evidence, Target, Within};
use crate::model::{Attr, AttrType, Case, EventType};

/// On which events a rule reads a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadOn {
    /// The rule's subjects, the events it applies to: `[applies_to]` conditions, the
    /// variants' `when`, and the attributes of the subject its check names (`within =
    /// "next_due"` or `"processing_time"`, `{ attribute = … }`, `same_provision`, evidence).
    Subject,
    /// Each occurrence a recurring check judges (`each`): `within = "next_due"`.
    Occurrence,
    /// The events a periodic count counts (`count`): `count_where`.
    Counted,
    /// The waivers that can exempt a subject (`exempt_by`): their `reason`.
    Waiver,
}

impl ReadOn {
    pub fn name(self) -> &'static str {
        match self {
            ReadOn::Subject => "subject",
            ReadOn::Occurrence => "occurrence",
            ReadOn::Counted => "counted",
            ReadOn::Waiver => "waiver",
        }
    }
}

/// One field a rule reads: an attribute, or several of which the rule needs any one (an
/// attribute check's evidence sources, `any_of`), on the events `on` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldRead {
    pub rule: usize,
    pub attrs: Vec<Attr>,
    pub on: ReadOn,
    /// The types of those events: the subject's, `each`, or the target's.
    pub events: Vec<EventType>,
}

/// Every field every rule reads, in catalogue order, and which of them a finding of each
/// variant reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reads {
    pub fields: Vec<FieldRead>,
    /// By rule, then variant: indices into `fields`.
    by_variant: Vec<Vec<Vec<usize>>>,
}

impl Reads {
    pub fn of(catalogue: &Catalogue) -> Reads {
        let mut fields: Vec<FieldRead> = Vec::new();
        let mut by_variant = Vec::new();
        for (r, rule) in catalogue.rules.iter().enumerate() {
            let subject = rule.applies_to.event;
            // The field's index, added on first sight.
            let mut slot = |(attrs, on, events): Read| {
                let read = FieldRead {
                    rule: r,
                    attrs,
                    on,
                    events,
                };
                match fields.iter().position(|f| *f == read) {
                    Some(i) => i,
                    None => {
                        fields.push(read);
                        fields.len() - 1
                    }
                }
            };
            let on_subject = |a: Attr| (vec![a], ReadOn::Subject, vec![subject]);
            // Whether the rule applies: read for every subject, whatever the variant.
            let sel = &rule.applies_to;
            let mut always: Vec<usize> = sel
                .conditions
                .attrs()
                .map(on_subject)
                .map(&mut slot)
                .collect();
            let any_of: Vec<Attr> = sel.any_of.iter().flat_map(Conditions::attrs).collect();
            if !any_of.is_empty() {
                always.push(slot((any_of, ReadOn::Subject, vec![subject])));
            }
            let mut variants = Vec::new();
            for (v, variant) in rule.variants.iter().enumerate() {
                let mut read = always.clone();
                // Choosing the variant reads the `when` of those tried before it, in force
                // in the same period.
                for earlier in &rule.variants[..=v] {
                    let overlaps = earlier.period.is_none()
                        || variant.period.is_none()
                        || earlier.period == variant.period;
                    if overlaps {
                        read.extend(earlier.when.attrs().map(on_subject).map(&mut slot));
                    }
                }
                read.extend(
                    check_reads(&variant.check, subject)
                        .into_iter()
                        .map(&mut slot),
                );
                read.sort_unstable();
                read.dedup();
                variants.push(read);
            }
            by_variant.push(variants);
        }
        Reads { fields, by_variant }
    }

    /// The fields a finding of this rule's variant reads.
    pub fn of_variant(&self, rule: usize, variant: usize) -> &[usize] {
        &self.by_variant[rule][variant]
    }
}

type Read = (Vec<Attr>, ReadOn, Vec<EventType>);

/// What a check reads beyond the rule's conditions.
fn check_reads(check: &Check, subject: EventType) -> Vec<Read> {
    let on_subject = |a: Attr| (vec![a], ReadOn::Subject, vec![subject]);
    // A target that is an attribute of the subject, or that matches it by provision.
    let target = |t: &Option<Target>| match t {
        Some(Target::Attribute(a)) => Some(on_subject(*a)),
        Some(Target::SameProvision(_)) => Some(on_subject(Attr::Provision)),
        _ => None,
    };
    let within = |w: &Within| match w {
        Within::Attribute(a) => Some(*a),
        Within::ProcessingTime => Some(Attr::Provision),
        Within::Span(_) => None,
    };
    let waiver = |t: &Option<Target>| match t {
        Some(Target::Linked(types) | Target::Any(types)) => {
            Some((vec![Attr::Reason], ReadOn::Waiver, types.clone()))
        }
        _ => None,
    };
    let mut reads = Vec::new();
    match check {
        Check::Deadline(d) => {
            reads.extend(within(&d.within).map(on_subject));
            for t in [
                Some(d.done_by.clone()),
                d.exempt_by.clone(),
                d.applies_if_late.clone(),
                d.lapses_on.clone(),
            ] {
                reads.extend(target(&t));
            }
            reads.extend(waiver(&d.exempt_by));
        }
        Check::Window(w) => {
            reads.extend(target(&Some(w.require.clone())));
            reads.extend(target(&w.exempt_by));
            reads.extend(waiver(&w.exempt_by));
        }
        Check::Recurring(rc) => {
            reads.extend(within(&rc.within).map(|a| (vec![a], ReadOn::Occurrence, vec![rc.each])));
            reads.extend(target(&rc.lapses_on));
        }
        Check::PeriodicCount(pc) => {
            reads.extend(target(&Some(pc.count.clone())));
            reads.extend(target(&pc.ends_on));
            let counted = match &pc.count {
                Target::Linked(types) | Target::Any(types) => types.clone(),
                Target::SameProvision(t) => vec![*t],
                Target::Attribute(_) => Vec::new(),
            };
            if !counted.is_empty() {
                reads.extend(
                    pc.count_where
                        .attrs()
                        .map(|a| (vec![a], ReadOn::Counted, counted.clone())),
                );
            }
        }
        Check::Attribute(evidence) => {
            let attrs = evidence
                .iter()
                .map(|e| match e {
                    Evidence::Flag(a) | Evidence::Text { attr: a, .. } => *a,
                })
                .collect();
            reads.push((attrs, ReadOn::Subject, vec![subject]));
        }
        // A reviewer answers a question: it reads nothing of the export beyond its conditions.
        Check::Question(_) => {}
    }
    reads
}

/// Whether event `i` of `case` carries any of `attrs`, as a rule reads it: a text that is
/// not blank, a yes/no, a date, a choice; `kind` as resolved (given, the decision's, or
/// from the provision table), as conditions read it.
pub fn carries(case: &Case, i: usize, attrs: &[Attr]) -> bool {
    let event = &case.events[i];
    attrs.iter().any(|&a| match a.value_type() {
        _ if a == Attr::Kind => case.kinds.get(i).copied().flatten().is_some(),
        AttrType::Text => event.text(a).is_some(),
        AttrType::Flag => event.flag(a).is_some(),
        AttrType::Moment => event.moment(a).is_some(),
        AttrType::Choice(_) => event.choice(a).is_some(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_variant_reads_only_its_own_parameters() {
        let catalogue = Catalogue::embedded().unwrap();
        let reads = Reads::of(&catalogue);
        // The recurring follow-up rule: within 6 months (SEL), by next_due (BL).
        let rule = (catalogue.rules.iter())
            .position(|r| matches!(r.variants[0].check, Check::Recurring(_)))
            .unwrap();
        let reads_next_due = |v: usize| {
            reads
                .of_variant(rule, v)
                .iter()
                .any(|&i| reads.fields[i].attrs == [Attr::NextDue])
        };
        assert!(!reads_next_due(0));
        assert!(reads_next_due(1));
        let next_due = reads
            .fields
            .iter()
            .find(|f| f.attrs == [Attr::NextDue])
            .unwrap();
        assert_eq!(next_due.on, ReadOn::Occurrence);
    }
}
