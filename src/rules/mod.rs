//! Rules as data: the catalogue (`rules/*.toml`), the closed set of check kinds, and the
//! engine that applies them to one case at a time. No code here knows any rule by its id.
mod catalogue;
mod check;
mod engine;
mod profile;
mod reads;
pub mod yardstick;

pub use catalogue::{Catalogue, CatalogueError, Example, Lang, LawPeriod, Rule, Severity, Theme};
pub use check::{Anchor, Check, Question, What};
pub use engine::{AuditContext, CaseCoverage, evaluate, evaluate_covered, evaluate_rule};
pub use profile::{Override, Profile};
pub use reads::{FieldRead, ReadOn, Reads, carries};

use crate::calendar::{Lateness, Moment};
use crate::model::{Attr, Case};
use serde::{Deserialize, Serialize};

/// The status of one subject under one rule (contract §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pass,
    Exempt,
    Fail,
    Pending,
    NotAssessable,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Pass,
        Status::Exempt,
        Status::Fail,
        Status::Pending,
        Status::NotAssessable,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Exempt => "exempt",
            Status::Fail => "fail",
            Status::Pending => "pending",
            Status::NotAssessable => "not_assessable",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        use crate::lang::Msg;
        lang.t(match self {
            Status::Pass => Msg::StatusPass,
            Status::Exempt => Msg::StatusExempt,
            Status::Fail => Msg::StatusFail,
            Status::Pending => Msg::StatusPending,
            Status::NotAssessable => Msg::StatusNotAssessable,
        })
    }

    /// Pass, exempt and fail count in a score; pending and not assessable do not.
    pub fn is_scored(self) -> bool {
        matches!(self, Status::Pass | Status::Exempt | Status::Fail)
    }
}

/// Why a finding has its status; rendered as a message in the report's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// Done by the deadline.
    OnTime(What),
    /// Done, but after the deadline.
    Late(What),
    /// Not done, and the deadline has passed.
    Missing(What),
    /// Not done, and the deadline is still open on the as-of date.
    Open(What),
    /// Not done, but lawfully waived with a reason.
    Waived(What),
    /// Not done, and a waiver lacks the required reason.
    WaivedWithoutReason(What),
    /// The clock-start event does not set its own deadline (e.g. no `next_due`).
    NoDueDate(Attr),
    /// No published processing time for the provision.
    NoProcessingTime,
    /// Found in the window.
    Found(What),
    /// Not found in the window.
    NotFound(What),
    /// Not found, and the second is still open at the window's end.
    StillOpen(What, What),
    /// Counted qualifying events in a period.
    Counted {
        found: u32,
        needed: u32,
        unknown: u32,
    },
    /// A yes/no attribute decided it.
    Flag(Attr, bool),
    /// A text attribute is present (and contains what it must).
    Text(Attr),
    /// A text attribute lacks what it must contain.
    TextLacks(Attr, String),
    /// None of these attributes is in the export.
    NotRecorded(Vec<Attr>),
    /// A reviewer question: only a person reading the case can answer it.
    AwaitingReview,
}

/// One rule's verdict on one subject, with its evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: usize,
    /// Which of the rule's variants applied: gives the legal reference in force.
    pub variant: usize,
    pub status: Status,
    /// The subject event (a notification, a decision, a measure …).
    pub subject: usize,
    /// For periodic rules, which period of the subject (1 = the first).
    pub period: Option<u32>,
    pub start: Option<Moment>,
    pub due: Option<Moment>,
    pub done: Option<Moment>,
    pub late: Option<Lateness>,
    pub note: Note,
    /// What people added after the machine judged (`audit --review`, `--waivers`).
    pub human: Human,
}

/// A person's word on a finding: a reviewer's verdict replaces the status for scoring (the
/// machine's own is kept here), a waiver marks it without changing it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Human {
    /// The machine's status, when a reviewer's verdict replaced it.
    pub machine_status: Option<Status>,
    /// The index of the waiver that covers the finding, in the waiver file's order.
    pub waiver: Option<usize>,
    /// Two reviewers' verdicts (the earlier sheet's first), when two sheets answered it.
    pub pair: Option<(Status, Status)>,
    /// A verdict marked as adjudication settled the result.
    pub adjudicated: bool,
}

impl Human {
    /// Two reviewers disagree and no adjudication has settled it: the result is not
    /// assessable until one does.
    pub fn disputed(&self) -> bool {
        !self.adjudicated && self.pair.is_some_and(|(a, b)| a != b)
    }
}

impl Finding {
    /// The subject's name in reports: the event's id or `type@moment`, with `/n` for a period.
    pub fn subject_label(&self, case: &Case) -> String {
        let label = case.subject_label(self.subject);
        match self.period {
            Some(p) => format!("{label}/{p}"),
            None => label,
        }
    }

    /// A reviewer's verdict replaces the status; the machine's own is kept beside it.
    pub fn set_verdict(&mut self, verdict: Status) {
        self.human.machine_status.get_or_insert(self.status);
        self.status = verdict;
    }

    pub fn law<'a>(&self, catalogue: &'a Catalogue) -> &'a str {
        &catalogue.rules[self.rule].variants[self.variant].law
    }
}
