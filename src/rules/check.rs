//! The closed set of check kinds a rule file can use, and the small vocabulary they share
//! (conditions, clock anchors, targets). This is what `[check]` and `[[variant]]` in a
//! rule file deserialize into; `docs/rules.md` documents every field.
use super::{Lang, Status};
use crate::both;
use crate::calendar::Span;
use crate::lang::Msg;
use crate::model::input::Reason;
use crate::model::{Attr, AttrType, Case, EventType, Kind};
use serde::Deserialize;

/// Conditions on a subject's attributes, all of which must hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Conditions(Vec<(Attr, Cond)>);

#[derive(Debug, Clone, PartialEq)]
enum Cond {
    /// A flag equals this; a missing flag counts as false (`acute = false` holds when the
    /// export does not say the decision was acute).
    Flag(bool),
    /// A flag is not this value, or not given (`hearing_required = { not = false }`).
    FlagNot(bool),
    /// A text attribute is present (non-blank) or absent.
    Present(bool),
    /// An enumerated attribute is one of these values. `kind` uses the resolved kind.
    OneOf(Vec<&'static str>),
    /// An enumerated attribute is none of these values, or not given
    /// (`reporter = { not = ["anonymous"] }`).
    NoneOf(Vec<&'static str>),
}

impl Conditions {
    pub fn compile(table: &toml::Table) -> Result<Conditions, Reason> {
        let mut out = Vec::new();
        for (name, value) in table {
            let attr = Attr::from_name(name)
                .ok_or_else(|| both!(CheckUnknownAttribute, name = format!("{name:?}")))?;
            let cond = match (attr.value_type(), value) {
                (AttrType::Flag, toml::Value::Boolean(b)) => Cond::Flag(*b),
                (AttrType::Flag, toml::Value::Table(t))
                    if t.len() == 1 && t.get("not").is_some_and(toml::Value::is_bool) =>
                {
                    Cond::FlagNot(t["not"].as_bool().unwrap_or_default())
                }
                (AttrType::Text, toml::Value::Boolean(b)) => Cond::Present(*b),
                (AttrType::Choice(allowed), toml::Value::Array(items)) => {
                    Cond::OneOf(choices(name, allowed, items)?)
                }
                (AttrType::Choice(allowed), toml::Value::Table(t))
                    if t.len() == 1 && t.get("not").is_some_and(toml::Value::is_array) =>
                {
                    let items = t["not"].as_array().map(Vec::as_slice).unwrap_or_default();
                    Cond::NoneOf(choices(name, allowed, items)?)
                }
                (AttrType::Choice(_), _) => {
                    return Err(both!(CheckChoiceList, name = name));
                }
                (AttrType::Moment, _) => {
                    return Err(both!(CheckDateNotCondition, name = name));
                }
                _ => return Err(both!(CheckExpectedBool, name = name)),
            };
            out.push((attr, cond));
        }
        Ok(Conditions(out))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether these conditions hold wherever `other` holds: each of them is one of
    /// `other`'s (no conditions hold everywhere).
    pub fn covers(&self, other: &Conditions) -> bool {
        self.0.iter().all(|c| other.0.contains(c))
    }

    /// The attributes the conditions read.
    pub fn attrs(&self) -> impl Iterator<Item = Attr> + '_ {
        self.0.iter().map(|(a, _)| *a)
    }

    /// Whether a condition restricts `attr` to listed values, so that a subject without a
    /// known value of it is left out.
    pub fn requires(&self, attr: Attr) -> bool {
        self.0
            .iter()
            .any(|(a, c)| *a == attr && matches!(c, Cond::OneOf(_)))
    }

    /// Whether every condition holds for event `i` of `case`.
    pub fn holds(&self, case: &Case, i: usize) -> bool {
        self.judge(case, i) == Some(true)
    }

    /// Three-valued: `None` when a flag a condition needs is missing from the export.
    pub fn judge(&self, case: &Case, i: usize) -> Option<bool> {
        let event = &case.events[i];
        let mut unknown = false;
        for (attr, cond) in &self.0 {
            let holds = match cond {
                Cond::Flag(want) => match event.flag(*attr) {
                    Some(b) => b == *want,
                    None if *want => {
                        unknown = true;
                        continue;
                    }
                    None => true,
                },
                Cond::FlagNot(not) => event.flag(*attr) != Some(*not),
                Cond::Present(want) => event.text(*attr).is_some() == *want,
                Cond::OneOf(values) | Cond::NoneOf(values) => {
                    let value = if *attr == Attr::Kind {
                        case.kinds[i].map(Kind::name)
                    } else {
                        event.choice(*attr)
                    };
                    let listed = value.is_some_and(|v| values.contains(&v));
                    listed == matches!(cond, Cond::OneOf(_))
                }
            };
            if !holds {
                return Some(false);
            }
        }
        if unknown { None } else { Some(true) }
    }
}

/// The canonical spellings of a list of enumerated values, or what is wrong with one.
fn choices(
    name: &str,
    allowed: &'static [&'static str],
    items: &[toml::Value],
) -> Result<Vec<&'static str>, Reason> {
    items
        .iter()
        .map(|item| {
            let text = item.as_str().unwrap_or_default();
            allowed
                .iter()
                .find(|a| **a == text)
                .copied()
                .ok_or_else(|| {
                    both!(
                        CheckNotOneOf,
                        name = name,
                        item = item,
                        allowed = allowed.join(", ")
                    )
                })
        })
        .collect()
}

impl std::fmt::Display for Conditions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, (attr, cond)) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            match cond {
                Cond::Flag(b) | Cond::Present(b) => write!(f, "{} = {b}", attr.name())?,
                Cond::FlagNot(b) => write!(f, "{} ≠ {b}", attr.name())?,
                Cond::OneOf(values) => write!(f, "{} = {}", attr.name(), values.join(" | "))?,
                Cond::NoneOf(values) => write!(f, "{} ≠ {}", attr.name(), values.join(" | "))?,
            }
        }
        Ok(())
    }
}

/// Where a clock starts, or where a window begins or ends.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Anchor {
    /// The subject's own date.
    #[default]
    Subject,
    /// The latest event of the first listed type that has one on or before the subject;
    /// else the subject (B1's awareness date: awareness, else notification, else start).
    Latest(Vec<EventType>),
    /// The earliest event of this type linked to the subject (e.g. its completion).
    Linked(EventType),
    /// The latest event of this type dated before the subject's day (one on the same day
    /// does not count); a window starts the day after it.
    Previous(EventType),
}

/// Which events (or attribute) count as having done the thing.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Target {
    /// Events of these types linked to the subject (its answers).
    Linked(Vec<EventType>),
    /// Events of these types anywhere in the case.
    Any(Vec<EventType>),
    /// A date attribute of the subject itself (e.g. a document's `journaled`).
    Attribute(Attr),
    /// The first event of this type, on or after the clock start, about the same provision.
    SameProvision(EventType),
}

impl Target {
    fn validate(&self) -> Result<(), Reason> {
        match self {
            Target::Attribute(attr) if attr.value_type() != AttrType::Moment => Err(both!(
                CheckNotDateAttribute,
                name = format!("{:?}", attr.name())
            )),
            Target::Linked(types) | Target::Any(types) if types.is_empty() => {
                Err(both!(CheckTargetNeedsEvent))
            }
            _ => Ok(()),
        }
    }

    /// The first event type or attribute named, for messages.
    pub fn what(&self) -> What {
        match self {
            Target::Linked(t) | Target::Any(t) => What::Event(t[0]),
            Target::SameProvision(t) => What::Event(*t),
            Target::Attribute(attr) => What::Attr(*attr),
        }
    }
}

/// What a message talks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    Event(EventType),
    Attr(Attr),
}

/// How long the deadline is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Within {
    Span(Span),
    /// The municipality's published processing time for the subject's provision
    /// (`rules/provisions.toml`).
    ProcessingTime,
    /// A date attribute of the clock-start event sets the deadline itself (`next_due`).
    Attribute(Attr),
}

impl Within {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (Within::Span(span), Lang::En) => format!("within {span}"),
            (Within::Span(span), Lang::Da) => format!("inden for {}", span.danish()),
            (Within::ProcessingTime, Lang::En) => "within the published processing time".into(),
            (Within::ProcessingTime, Lang::Da) => {
                "inden for den offentliggjorte sagsbehandlingsfrist".into()
            }
            (Within::Attribute(attr), Lang::En) => format!("by the date in {}", attr.name()),
            (Within::Attribute(attr), Lang::Da) => format!("senest på datoen i {}", attr.name()),
        }
    }
}

impl Within {
    fn parse(text: &str) -> Result<Within, Reason> {
        if text == "processing_time" {
            return Ok(Within::ProcessingTime);
        }
        if let Some(attr) = Attr::from_name(text) {
            return match attr.value_type() {
                AttrType::Moment => Ok(Within::Attribute(attr)),
                _ => Err(both!(
                    CheckWithinNotDate,
                    text = format!("{text:?}"),
                    name = text
                )),
            };
        }
        text.parse::<Span>().map(Within::Span).map_err(|e| {
            let text = format!("{text:?}");
            let detail = span_error(&e);
            crate::lang::said(
                crate::lang::Msg::CheckWithinSpan,
                &[("text", &text)],
                &[("detail", &detail)],
            )
        })
    }
}

/// A process that is open at a moment: started (`open`) on or before it and not yet closed
/// (`closed_by`, linked to it). A deadline is capped by its closing (BL § 95: the first
/// follow-up comes by an open investigation's completion, if earlier); a window that finds
/// nothing is not assessable while one is open (A6).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cap {
    pub open: EventType,
    pub closed_by: EventType,
}

/// Where an attribute check looks, in order; the first source present decides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Evidence {
    /// A yes/no attribute: true passes, false fails.
    Flag(Attr),
    /// A text attribute: present passes, or, with `contains`, passes if it contains it.
    Text {
        attr: Attr,
        contains: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Deadline {
    pub start: Anchor,
    pub within: Within,
    pub done_by: Target,
    pub exempt_by: Option<Target>,
    /// The waiver counts only when dated on or before the clock start, not within the
    /// deadline.
    pub exempt_by_start: bool,
    pub applies_if_late: Option<Target>,
    pub lapses_on: Option<Target>,
    pub cap: Option<Cap>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Recurring {
    pub each: EventType,
    pub within: Within,
    pub lapses_on: Option<Target>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    pub require: Target,
    pub exempt_by: Option<Target>,
    /// Not met, but a process of this kind is still open at the window's end: the export
    /// cannot show whether that was lawful (not_assessable instead of fail).
    pub unassessable_if_open: Option<Cap>,
    pub from: Option<Anchor>,
    pub lookback: Option<Span>,
    pub to: Anchor,
    /// The window ends at the `to` anchor's time of day when both it and the event carry
    /// one (a party hearing at 15:00 comes after a decision at 09:00), not with its day.
    pub to_moment: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PeriodicCount {
    pub count: Target,
    pub every: Span,
    pub at_least: u32,
    pub count_where: Conditions,
    pub ends_on: Option<Target>,
}

/// One check, compiled and validated.
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    /// Something must be done by a deadline counted from a clock start.
    Deadline(Deadline),
    /// Each occurrence sets the deadline for the next one (follow-up after follow-up).
    Recurring(Recurring),
    /// Something must be found in a window of time (or an exemption with a reason).
    Window(Window),
    /// At least N qualifying events in each period counted from the subject's start.
    PeriodicCount(PeriodicCount),
    /// The subject's own attributes show the requirement is met.
    Attribute(Vec<Evidence>),
    /// A question only a person reading the case can answer: no machine verdict (not
    /// assessable, awaiting review) until a reviewer's verdict is merged in.
    Question(Question),
}

/// A reviewer question's parameters: what the review sheet shows beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    /// Event types the reviewer should open besides the subject and its linked events: those
    /// dated on or before the subject (the investigation and conversations before a decision).
    pub open: Vec<EventType>,
}

#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
enum CheckFile {
    Deadline {
        #[serde(default)]
        start: Anchor,
        within: String,
        done_by: Target,
        exempt_by: Option<Target>,
        #[serde(default)]
        exempt_by_start: bool,
        applies_if_late: Option<Target>,
        lapses_on: Option<Target>,
        cap: Option<Cap>,
    },
    Recurring {
        each: EventType,
        within: String,
        lapses_on: Option<Target>,
    },
    Window {
        require: Target,
        exempt_by: Option<Target>,
        unassessable_if_open: Option<Cap>,
        from: Option<Anchor>,
        lookback: Option<Span>,
        #[serde(default)]
        to: Anchor,
        #[serde(default)]
        to_moment: bool,
    },
    PeriodicCount {
        count: Target,
        every: Span,
        at_least: u32,
        #[serde(default)]
        count_where: toml::Table,
        ends_on: Option<Target>,
    },
    Attribute {
        evidence: Vec<EvidenceFile>,
    },
    Question {
        #[serde(default)]
        open: Vec<EventType>,
    },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EvidenceFile {
    flag: Option<String>,
    text: Option<String>,
    contains: Option<String>,
}

fn attr_of_type(name: &str, want: fn(AttrType) -> bool, what: Reason) -> Result<Attr, Reason> {
    Attr::from_name(name)
        .filter(|a| want(a.value_type()))
        .ok_or_else(|| {
            let name = format!("{name:?}");
            crate::lang::said(
                crate::lang::Msg::CheckNotAttrOfType,
                &[("name", &name)],
                &[("what", &what)],
            )
        })
}

/// A span refused, in both languages.
fn span_error(e: &crate::calendar::SpanParseError) -> Reason {
    use crate::lang::Lang;
    Reason::new(e.text(Lang::Da), e.text(Lang::En))
}

fn validate_all<'a>(targets: impl IntoIterator<Item = &'a Option<Target>>) -> Result<(), Reason> {
    targets.into_iter().flatten().try_for_each(Target::validate)
}

impl Check {
    /// Compiles the merged `[check]` + `[[variant]]` table.
    pub fn compile(table: toml::Table) -> Result<Check, Reason> {
        // Span keys named in their errors: serde's errors for a value carry no key.
        for key in ["every", "lookback"] {
            if let Some(toml::Value::String(text)) = table.get(key) {
                text.parse::<Span>().map_err(|e| {
                    let key = Reason::new(format!("{key} = {text:?}"), format!("{key} = {text:?}"));
                    super::catalogue::within(&key, &span_error(&e))
                })?;
            }
        }
        let file: CheckFile = toml::Value::Table(table)
            .try_into()
            .map_err(|e: toml::de::Error| crate::lang::detail::serde_message(&e.to_string()))?;
        Ok(match file {
            CheckFile::Deadline {
                start,
                within,
                done_by,
                exempt_by,
                exempt_by_start,
                applies_if_late,
                lapses_on,
                cap,
            } => {
                done_by.validate()?;
                validate_all([&exempt_by, &applies_if_late, &lapses_on])?;
                Check::Deadline(Deadline {
                    start,
                    within: Within::parse(&within)?,
                    done_by,
                    exempt_by,
                    exempt_by_start,
                    applies_if_late,
                    lapses_on,
                    cap,
                })
            }
            CheckFile::Recurring {
                each,
                within,
                lapses_on,
            } => {
                validate_all([&lapses_on])?;
                Check::Recurring(Recurring {
                    each,
                    within: Within::parse(&within)?,
                    lapses_on,
                })
            }
            CheckFile::Window {
                require,
                exempt_by,
                unassessable_if_open,
                from,
                lookback,
                to,
                to_moment,
            } => {
                require.validate()?;
                validate_all([&exempt_by])?;
                if from.is_some() && lookback.is_some() {
                    return Err(both!(CheckFromOrLookback));
                }
                if matches!(lookback, Some(Span::Hours(_) | Span::Workdays(_))) {
                    return Err(both!(CheckLookbackUnits));
                }
                Check::Window(Window {
                    require,
                    exempt_by,
                    unassessable_if_open,
                    from,
                    lookback,
                    to,
                    to_moment,
                })
            }
            CheckFile::PeriodicCount {
                count,
                every,
                at_least,
                count_where,
                ends_on,
            } => {
                count.validate()?;
                validate_all([&ends_on])?;
                if !matches!(
                    every,
                    Span::Days(1..) | Span::Weeks(1..) | Span::Months(1..)
                ) {
                    return Err(both!(CheckEveryPositive));
                }
                Check::PeriodicCount(PeriodicCount {
                    count,
                    every,
                    at_least,
                    count_where: Conditions::compile(&count_where)?,
                    ends_on,
                })
            }
            CheckFile::Attribute { evidence } => {
                if evidence.is_empty() {
                    return Err(both!(CheckNeedsEvidence));
                }
                let sources = evidence
                    .into_iter()
                    .map(|e| match (e.flag, e.text, e.contains) {
                        (Some(flag), None, None) => Ok(Evidence::Flag(attr_of_type(
                            &flag,
                            |t| t == AttrType::Flag,
                            both!(CheckYesNo),
                        )?)),
                        (None, Some(text), contains) => Ok(Evidence::Text {
                            attr: attr_of_type(&text, |t| t == AttrType::Text, both!(CheckText))?,
                            contains,
                        }),
                        _ => Err(both!(CheckEvidenceShape)),
                    })
                    .collect::<Result<_, Reason>>()?;
                Check::Attribute(sources)
            }
            CheckFile::Question { open } => Check::Question(Question { open }),
        })
    }

    /// Whether this is a reviewer question rather than a machine check.
    pub fn is_question(&self) -> bool {
        matches!(self, Check::Question(_))
    }

    /// Every status this check can give (a rule's examples should show each one). A
    /// question gives pass and fail only by a reviewer's verdict (an example's `verdicts`).
    pub fn statuses(&self) -> Vec<Status> {
        let mut out = vec![Status::Pass, Status::Fail];
        let mut add = |yes: bool, status| {
            if yes {
                out.push(status);
            }
        };
        match self {
            Check::Deadline(d) => {
                add(d.exempt_by.is_some(), Status::Exempt);
                add(d.applies_if_late.is_none(), Status::Pending);
                // Without a processing time a rule that applies only once late does not apply.
                add(
                    d.within == Within::ProcessingTime && d.applies_if_late.is_none(),
                    Status::NotAssessable,
                );
            }
            Check::Recurring(_) => add(true, Status::Pending),
            Check::Window(w) => {
                add(w.exempt_by.is_some(), Status::Exempt);
                add(w.unassessable_if_open.is_some(), Status::NotAssessable);
            }
            Check::PeriodicCount(p) => {
                add(true, Status::Pending);
                add(!p.count_where.is_empty(), Status::NotAssessable);
            }
            Check::Attribute(_) | Check::Question(_) => add(true, Status::NotAssessable),
        }
        out
    }

    /// The parameters that differ between variants, in a few words (for `rules show`).
    pub fn describe(&self, lang: Lang) -> String {
        let span = |s: Span| match lang {
            Lang::En => s.to_string(),
            Lang::Da => s.danish(),
        };
        match (self, lang) {
            (Check::Deadline(d), _) => d.within.describe(lang),
            (Check::Recurring(r), Lang::En) => {
                format!("next {} {}", r.each, r.within.describe(lang))
            }
            (Check::Recurring(r), Lang::Da) => {
                format!("næste {} {}", r.each.nouns().0, r.within.describe(lang))
            }
            (Check::Window(w), _) => match (w.lookback, lang) {
                (Some(l), Lang::En) => format!("within the {} before", span(l)),
                (Some(l), Lang::Da) => format!("inden for {} før", span(l)),
                (None, _) => String::new(),
            },
            (Check::PeriodicCount(p), _) => {
                let mut text = match lang {
                    Lang::En => format!("at least {} every {}", p.at_least, span(p.every)),
                    Lang::Da => format!("mindst {} pr. {}", p.at_least, span(p.every)),
                };
                if !p.count_where.is_empty() {
                    let with = lang.t(Msg::With);
                    text.push_str(&format!(" {with} {}", p.count_where));
                }
                text
            }
            (Check::Attribute(_) | Check::Question(_), _) => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compile(text: &str) -> Result<Check, String> {
        Check::compile(toml::from_str(text).unwrap()).map_err(|e| e.en)
    }

    #[test]
    fn compiles_a_deadline() {
        let check = compile(
            "kind = \"deadline\"\nwithin = \"24 hours\"\ndone_by = { linked = [\"notification_assessed\"] }",
        )
        .unwrap();
        let Check::Deadline(d) = check else {
            panic!("not a deadline")
        };
        assert_eq!(d.within, Within::Span(Span::Hours(24)));
        assert_eq!(d.start, Anchor::Subject);
    }

    #[test]
    fn names_what_is_wrong() {
        let e = compile("kind = \"deadline\"\nwithin = \"3 fortnights\"\ndone_by = { linked = [\"follow_up\"] }").unwrap_err();
        assert!(e.contains("3 fortnights"), "{e}");
        let e = compile("kind = \"deadlin\"").unwrap_err();
        assert!(e.contains("deadline"), "{e}");
        let e = compile(
            "kind = \"deadline\"\nwithin = \"1 day\"\ndone_by = { attribute = \"reason\" }",
        )
        .unwrap_err();
        assert!(e.contains("not a date attribute"), "{e}");
        let e =
            compile("kind = \"attribute\"\nevidence = [{ flag = \"justification\" }]").unwrap_err();
        assert!(e.contains("yes/no"), "{e}");
        let e = compile("kind = \"window\"\nrequire = { any = [\"child_conversation\"] }\nlookback = \"6 hverdage\"").unwrap_err();
        assert!(e.contains("lookback"), "{e}");
    }

    #[test]
    fn conditions_refuse_unknown_values() {
        let t: toml::Table = toml::from_str("outcome = [\"refused\", \"maybe\"]").unwrap();
        assert!(Conditions::compile(&t).unwrap_err().en.contains("maybe"));
        let t: toml::Table = toml::from_str("reporter = { not = [\"nobody\"] }").unwrap();
        assert!(Conditions::compile(&t).unwrap_err().en.contains("nobody"));
        let t: toml::Table = toml::from_str("colour = true").unwrap();
        assert!(Conditions::compile(&t).unwrap_err().en.contains("colour"));
    }
}
