//! The canonical case model of contract §2: a case is an id, a few case-level fields and a
//! date-ordered list of events. Every input format is turned into this model by `load`.
pub mod input;
mod link;
mod provision;

pub use link::{case_as_of, link_case};
pub use provision::{ProvisionEntry, ProvisionKey, ProvisionTable};

use crate::calendar::Moment;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The event types of contract §2. The set is closed: the rules refer to these names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventType {
    NotificationReceived,
    NotificationAssessed,
    NotificationAcknowledged,
    Awareness,
    InvestigationStarted,
    ProvisionalAssessment,
    InvestigationCompleted,
    ChildConversation,
    ChildConversationWaived,
    ActionPlan,
    ActionPlanWaived,
    ApplicationReceived,
    PartyHearing,
    PartyHearingWaived,
    Decision,
    DelayNotice,
    MeasureStarted,
    MeasureEnded,
    FollowUp,
    SupervisionVisit,
    DocumentReceived,
    CaseworkerChange,
    AppealDecided,
}

impl EventType {
    pub const ALL: [EventType; 23] = [
        EventType::NotificationReceived,
        EventType::NotificationAssessed,
        EventType::NotificationAcknowledged,
        EventType::Awareness,
        EventType::InvestigationStarted,
        EventType::ProvisionalAssessment,
        EventType::InvestigationCompleted,
        EventType::ChildConversation,
        EventType::ChildConversationWaived,
        EventType::ActionPlan,
        EventType::ActionPlanWaived,
        EventType::ApplicationReceived,
        EventType::PartyHearing,
        EventType::PartyHearingWaived,
        EventType::Decision,
        EventType::DelayNotice,
        EventType::MeasureStarted,
        EventType::MeasureEnded,
        EventType::FollowUp,
        EventType::SupervisionVisit,
        EventType::DocumentReceived,
        EventType::CaseworkerChange,
        EventType::AppealDecided,
    ];

    /// The canonical (English, snake_case) name used in files and machine reports.
    pub fn name(self) -> &'static str {
        self.names().0
    }
    /// What the event is, as a noun phrase a report can use: (Danish, English).
    pub fn nouns(self) -> (&'static str, &'static str) {
        self.names().1
    }

    fn names(self) -> (&'static str, (&'static str, &'static str)) {
        use EventType::*;
        match self {
            NotificationReceived => ("notification_received", ("underretning", "notification")),
            NotificationAssessed => (
                "notification_assessed",
                (
                    "vurdering af underretningen",
                    "assessment of the notification",
                ),
            ),
            NotificationAcknowledged => (
                "notification_acknowledged",
                (
                    "kvittering til underretteren",
                    "acknowledgement to the reporter",
                ),
            ),
            Awareness => (
                "awareness",
                ("opmærksomhed på behov for støtte", "awareness of a need"),
            ),
            InvestigationStarted => (
                "investigation_started",
                ("børnefaglig undersøgelse", "child investigation"),
            ),
            ProvisionalAssessment => (
                "provisional_assessment",
                ("foreløbig vurdering", "provisional assessment"),
            ),
            InvestigationCompleted => (
                "investigation_completed",
                (
                    "afslutning af undersøgelsen",
                    "completion of the investigation",
                ),
            ),
            ChildConversation => ("child_conversation", ("børnesamtale", "child conversation")),
            ChildConversationWaived => (
                "child_conversation_waived",
                (
                    "undladelse af børnesamtale",
                    "waiver of the child conversation",
                ),
            ),
            ActionPlan => ("action_plan", ("handleplan", "action plan")),
            ActionPlanWaived => (
                "action_plan_waived",
                (
                    "beslutning om ikke at udarbejde plan",
                    "decision not to make a plan",
                ),
            ),
            ApplicationReceived => ("application_received", ("ansøgning", "application")),
            PartyHearing => ("party_hearing", ("partshøring", "party hearing")),
            PartyHearingWaived => (
                "party_hearing_waived",
                ("undladelse af partshøring", "waiver of the party hearing"),
            ),
            Decision => ("decision", ("afgørelse", "decision")),
            DelayNotice => (
                "delay_notice",
                (
                    "orientering om sagsbehandlingstid",
                    "notice of the processing time",
                ),
            ),
            MeasureStarted => ("measure_started", ("indsats", "measure")),
            MeasureEnded => (
                "measure_ended",
                ("ophør af indsatsen", "end of the measure"),
            ),
            FollowUp => ("follow_up", ("opfølgning", "follow-up")),
            SupervisionVisit => ("supervision_visit", ("tilsynsbesøg", "supervision visit")),
            DocumentReceived => ("document_received", ("dokument", "document")),
            CaseworkerChange => (
                "caseworker_change",
                ("skift af sagsbehandler", "change of caseworker"),
            ),
            AppealDecided => (
                "appeal_decided",
                ("Ankestyrelsens afgørelse", "Ankestyrelsen's decision"),
            ),
        }
    }

    pub fn from_name(name: &str) -> Option<EventType> {
        EventType::ALL.into_iter().find(|t| t.name() == name)
    }
}

impl std::fmt::Display for EventType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// What a decision or measure is about (contract §2 "Kinds").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Support,
    Placement,
    PlacementWithoutConsent,
    Benefit,
    Other,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Support,
        Kind::Placement,
        Kind::PlacementWithoutConsent,
        Kind::Benefit,
        Kind::Other,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Support => "support",
            Kind::Placement => "placement",
            Kind::PlacementWithoutConsent => "placement_without_consent",
            Kind::Benefit => "benefit",
            Kind::Other => "other",
        }
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// A measure decision starts a measure and needs a plan: contract §2 linking.
    pub fn is_measure(self) -> bool {
        matches!(
            self,
            Kind::Support | Kind::Placement | Kind::PlacementWithoutConsent
        )
    }
}

/// The attributes an event may carry (contract §2). Rules name them; loaders fill them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Attr {
    Reporter,
    Provision,
    Kind,
    Outcome,
    Acute,
    Justification,
    HasJustification,
    CitesLegalBasis,
    StatesConsiderations,
    AppealGuidance,
    HolisticAssessment,
    HearingRequired,
    Reason,
    NextDue,
    AtPlacement,
    ChildSpokenTo,
    Journaled,
    HandoverNote,
}

/// Rule files name attributes by their canonical name.
impl<'de> Deserialize<'de> for Attr {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Attr, D::Error> {
        let name = String::deserialize(d)?;
        Attr::from_name(&name).ok_or_else(|| {
            let known: Vec<_> = Attr::ALL.iter().map(|a| a.name()).collect();
            serde::de::Error::custom(crate::tr!(
                crate::lang::Lang::En,
                UnknownAttributeKnown,
                name = format!("{name:?}"),
                known = known.join(", ")
            ))
        })
    }
}

/// The type of an attribute's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttrType {
    /// Free text (kept out of shared reports).
    Text,
    /// One of a closed set of canonical values.
    Choice(&'static [&'static str]),
    Flag,
    Moment,
}

pub const REPORTERS: &[&str] = &["professional", "private", "anonymous"];
/// Decision outcomes first, then those of Ankestyrelsen's decision on an appeal.
const ALL_OUTCOMES: [&str; 10] = [
    "granted",
    "partly_granted",
    "refused",
    "upheld",
    "changed",
    "annulled",
    "remanded",
    "dismissed",
    "referred",
    "lapsed",
];
pub const OUTCOMES: &[&str] = &ALL_OUTCOMES;
/// The outcomes a decision can have.
pub const DECISION_OUTCOMES: &[&str] = ALL_OUTCOMES.as_slice().split_at(3).0;
/// The outcomes of Ankestyrelsen's decision on an appeal.
pub const APPEAL_OUTCOMES: &[&str] = ALL_OUTCOMES.as_slice().split_at(3).1;
pub const KINDS: &[&str] = &[
    "support",
    "placement",
    "placement_without_consent",
    "benefit",
    "other",
];

impl Attr {
    pub const ALL: [Attr; 18] = [
        Attr::Reporter,
        Attr::Provision,
        Attr::Kind,
        Attr::Outcome,
        Attr::Acute,
        Attr::Justification,
        Attr::HasJustification,
        Attr::CitesLegalBasis,
        Attr::StatesConsiderations,
        Attr::AppealGuidance,
        Attr::HolisticAssessment,
        Attr::HearingRequired,
        Attr::Reason,
        Attr::NextDue,
        Attr::AtPlacement,
        Attr::ChildSpokenTo,
        Attr::Journaled,
        Attr::HandoverNote,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Attr::Reporter => "reporter",
            Attr::Provision => "provision",
            Attr::Kind => "kind",
            Attr::Outcome => "outcome",
            Attr::Acute => "acute",
            Attr::Justification => "justification",
            Attr::HasJustification => "has_justification",
            Attr::CitesLegalBasis => "cites_legal_basis",
            Attr::StatesConsiderations => "states_considerations",
            Attr::AppealGuidance => "appeal_guidance",
            Attr::HolisticAssessment => "holistic_assessment",
            Attr::HearingRequired => "hearing_required",
            Attr::Reason => "reason",
            Attr::NextDue => "next_due",
            Attr::AtPlacement => "at_placement",
            Attr::ChildSpokenTo => "child_spoken_to",
            Attr::Journaled => "journaled",
            Attr::HandoverNote => "handover_note",
        }
    }

    pub fn from_name(name: &str) -> Option<Attr> {
        Attr::ALL.into_iter().find(|a| a.name() == name)
    }

    /// What the attribute records, for messages: (Danish, English).
    pub fn labels(self) -> (&'static str, &'static str) {
        match self {
            Attr::Reporter => ("underretter", "reporter"),
            Attr::Provision => ("bestemmelse", "provision"),
            Attr::Kind => ("art", "kind"),
            Attr::Outcome => ("udfald", "outcome"),
            Attr::Acute => ("akut", "acute"),
            Attr::Justification => ("begrundelsen", "the justification"),
            Attr::HasJustification => ("markering af begrundelse", "justification flag"),
            Attr::CitesLegalBasis => ("henvisning til retsregler", "reference to the legal rules"),
            Attr::StatesConsiderations => (
                "hovedhensyn og faktiske forhold",
                "main considerations and facts",
            ),
            Attr::AppealGuidance => ("klagevejledning", "appeal guidance"),
            Attr::HolisticAssessment => ("helhedsvurdering", "holistic assessment"),
            Attr::HearingRequired => ("pligt til partshøring", "party hearing required"),
            Attr::Reason => ("begrundelse for undladelse", "reason for the waiver"),
            Attr::NextDue => ("dato for næste opfølgning", "date of the next follow-up"),
            Attr::AtPlacement => ("besøg på anbringelsesstedet", "visit at the placement"),
            Attr::ChildSpokenTo => ("samtale med barnet", "conversation with the child"),
            Attr::Journaled => ("journalisering", "journaling"),
            Attr::HandoverNote => ("overdragelsesnotat", "handover note"),
        }
    }

    pub fn value_type(self) -> AttrType {
        match self {
            Attr::Reporter => AttrType::Choice(REPORTERS),
            Attr::Outcome => AttrType::Choice(OUTCOMES),
            Attr::Kind => AttrType::Choice(KINDS),
            Attr::Provision | Attr::Justification | Attr::Reason => AttrType::Text,
            Attr::NextDue | Attr::Journaled => AttrType::Moment,
            Attr::Acute
            | Attr::HasJustification
            | Attr::CitesLegalBasis
            | Attr::StatesConsiderations
            | Attr::AppealGuidance
            | Attr::HolisticAssessment
            | Attr::HearingRequired
            | Attr::AtPlacement
            | Attr::ChildSpokenTo
            | Attr::HandoverNote => AttrType::Flag,
        }
    }
}

/// An attribute's value. Choices are stored by their canonical spelling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(Box<str>),
    Choice(&'static str),
    Flag(bool),
    Moment(Moment),
}

/// One dated event of a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub kind: EventType,
    pub at: Moment,
    pub id: Option<Box<str>>,
    /// The id of the event this one answers, when the export has ids.
    pub reference: Option<Box<str>>,
    /// Sorted by attribute; at most one value per attribute.
    pub attrs: Vec<(Attr, Value)>,
    /// Where the event came from (line in its file), for messages.
    pub line: Option<u64>,
}

impl Event {
    pub fn attr(&self, attr: Attr) -> Option<&Value> {
        self.attrs
            .binary_search_by(|(a, _)| a.cmp(&attr))
            .ok()
            .map(|i| &self.attrs[i].1)
    }

    pub fn flag(&self, attr: Attr) -> Option<bool> {
        match self.attr(attr) {
            Some(Value::Flag(b)) => Some(*b),
            _ => None,
        }
    }

    /// A text attribute that is present and not blank.
    pub fn text(&self, attr: Attr) -> Option<&str> {
        match self.attr(attr) {
            Some(Value::Text(t)) if !t.trim().is_empty() => Some(t),
            _ => None,
        }
    }

    pub fn choice(&self, attr: Attr) -> Option<&'static str> {
        match self.attr(attr) {
            Some(Value::Choice(c)) => Some(c),
            _ => None,
        }
    }

    pub fn moment(&self, attr: Attr) -> Option<Moment> {
        match self.attr(attr) {
            Some(Value::Moment(m)) => Some(*m),
            _ => None,
        }
    }
}

/// A case with its events in date order and their links resolved (see [`link_case`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    pub id: String,
    pub area: Option<String>,
    pub municipality: Option<String>,
    pub team: Option<String>,
    pub child_birth_date: Option<NaiveDate>,
    pub events: Vec<Event>,
    /// For each event, the index of the event it answers (contract §2 "Linking").
    pub links: Vec<Option<usize>>,
    /// For each decision and measure, its kind: given, inherited or looked up.
    pub kinds: Vec<Option<Kind>>,
}

impl Case {
    /// A case without events; add them, then call [`link_case`].
    pub fn new(id: impl Into<String>) -> Case {
        Case {
            id: id.into(),
            area: None,
            municipality: None,
            team: None,
            child_birth_date: None,
            events: Vec::new(),
            links: Vec::new(),
            kinds: Vec::new(),
        }
    }

    /// The case-level fields without the events.
    fn clone_fields(&self) -> Case {
        Case {
            id: self.id.clone(),
            area: self.area.clone(),
            municipality: self.municipality.clone(),
            team: self.team.clone(),
            child_birth_date: self.child_birth_date,
            events: Vec::new(),
            links: Vec::new(),
            kinds: Vec::new(),
        }
    }

    /// How many events are dated on or before `as_of` (they come first: events are sorted).
    pub fn visible_len(&self, as_of: NaiveDate) -> usize {
        self.events.partition_point(|e| e.at.date <= as_of)
    }

    /// A stable, readable name for the event as a rule's subject (contract §2 "Subjects"): its
    /// id, else `type@moment` with the moment in canonical ISO form (`2024-03-01` or
    /// `2024-03-01T09:15`), and `~2`, `~3` … for a second or third event of that type at the
    /// same moment, in file order. Adding an event at another moment renames nothing.
    pub fn subject_label(&self, index: usize) -> String {
        let event = &self.events[index];
        if let Some(id) = &event.id {
            return id.to_string();
        }
        // Events are sorted stably by moment: the same moment's events are adjacent and in
        // file order (a date-only event ties with 00:00 but is a different moment).
        let key = event.at.sort_key();
        let n = 1 + self.events[..index]
            .iter()
            .rev()
            .take_while(|e| e.at.sort_key() == key)
            .filter(|e| e.kind == event.kind && e.at == event.at && e.id.is_none())
            .count();
        match n {
            1 => format!("{}@{}", event.kind.name(), event.at),
            n => format!("{}@{}~{n}", event.kind.name(), event.at),
        }
    }
}

/// Decisions that some rules of contract §5 cannot judge (§5 notes): one whose kind cannot be
/// determined (no `kind`, provision missing or not in the table) escapes the rules that apply
/// to decisions of listed kinds; one with no outcome escapes those that apply to listed
/// outcomes. Counted so that nothing is left out silently.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Unjudged {
    /// The rules a decision of unknown kind escapes, from the catalogue (for the message).
    #[serde(skip)]
    pub skipped_without_kind: Vec<String>,
    /// The rules a decision without an outcome escapes, from the catalogue.
    #[serde(skip)]
    pub skipped_without_outcome: Vec<String>,
    /// Decisions with either gap (each counted once).
    pub decisions: u64,
    pub unknown_kind: u64,
    pub no_outcome: u64,
    /// The provisions of the decisions of unknown kind, as written (`""` for none).
    pub provisions: std::collections::BTreeSet<String>,
}

impl Unjudged {
    /// Counts the decisions among the first `visible` events of a linked case.
    pub fn add_case(&mut self, case: &Case, visible: usize) {
        for (i, e) in case.events[..visible].iter().enumerate() {
            if e.kind != EventType::Decision {
                continue;
            }
            let unknown_kind = case.kinds.get(i).copied().flatten().is_none();
            let no_outcome = e
                .choice(Attr::Outcome)
                .is_none_or(|o| !DECISION_OUTCOMES.contains(&o));
            if unknown_kind {
                self.unknown_kind += 1;
                let provision = e.text(Attr::Provision).unwrap_or_default();
                self.provisions.insert(provision.trim().to_string());
            }
            self.no_outcome += u64::from(no_outcome);
            self.decisions += u64::from(unknown_kind || no_outcome);
        }
    }

    /// Adds what was counted of other cases.
    pub fn absorb(&mut self, other: Unjudged) {
        self.decisions += other.decisions;
        self.unknown_kind += other.unknown_kind;
        self.no_outcome += other.no_outcome;
        self.provisions.extend(other.provisions);
    }

    pub fn is_empty(&self) -> bool {
        self.decisions == 0
    }

    /// One line for a person: (Danish, English).
    pub fn describe(&self) -> (String, String) {
        let provisions: Vec<&str> = self
            .provisions
            .iter()
            .map(|p| if p.is_empty() { "–" } else { p.as_str() })
            .collect();
        let provisions = provisions.join(", ");
        let by_kind = self.skipped_without_kind.join(", ");
        let by_outcome = self.skipped_without_outcome.join(", ");
        (
            format!(
                "{} {} kan ikke bedømmes af alle regler: {} uden kendt art (bestemmelser: {provisions}; {by_kind} springes over), {} uden udfald ({by_outcome} springes over)",
                self.decisions,
                if self.decisions == 1 {
                    "afgørelse"
                } else {
                    "afgørelser"
                },
                self.unknown_kind,
                self.no_outcome
            ),
            format!(
                "{} {} cannot be judged by every rule: {} of unknown kind (provisions: {provisions}; {by_kind} skipped), {} without an outcome ({by_outcome} skipped)",
                self.decisions,
                if self.decisions == 1 {
                    "decision"
                } else {
                    "decisions"
                },
                self.unknown_kind,
                self.no_outcome
            ),
        )
    }
}
