//! Narrowing the listed results for reading (`audit --case --rule --status --team`), as the
//! audit tallies them (`Tally::filter`). Only the list is narrowed: scores, rates, groups and thresholds are those of the whole audit,
//! so a narrowed report never passes off one case's or one team's figures as the total.
use super::ResultRow;
use crate::rules::Status;

/// Which listed results to keep; an empty criterion keeps every result.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResultFilter {
    pub case_id: Option<String>,
    /// Rule indices in the catalogue.
    pub rules: Vec<usize>,
    pub statuses: Vec<Status>,
    pub team: Option<String>,
}

impl ResultFilter {
    pub fn keeps(&self, row: &ResultRow) -> bool {
        self.case_id.as_ref().is_none_or(|c| row.case_id == *c)
            && (self.rules.is_empty() || self.rules.contains(&row.rule))
            && (self.statuses.is_empty() || self.statuses.contains(&row.status))
            && self
                .team
                .as_ref()
                .is_none_or(|t| row.team.as_deref().is_some_and(|r| same_team(r, t)))
    }
}

/// Team names as a user types them: surrounding spaces and letter case do not matter.
pub fn same_team(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{Note, What};

    fn row(case: &str, team: Option<&str>, rule: usize, status: Status) -> ResultRow {
        ResultRow {
            case_id: case.into(),
            team: team.map(Into::into),
            group: None,
            rule,
            variant: 0,
            status,
            subject: "N1".into(),
            subject_kind: crate::model::EventType::NotificationReceived,
            start: None,
            due: None,
            done: None,
            late_days: None,
            late_hours: None,
            late_minutes: None,
            note: Note::NotFound(What::Attr(crate::model::Attr::Reason)),
            text: None,
            human: Default::default(),
        }
    }

    #[test]
    fn every_criterion_must_hold() {
        let f = ResultFilter {
            case_id: Some("K-1".into()),
            rules: vec![0, 2],
            statuses: vec![Status::Fail, Status::Pending],
            team: Some(" handicap øst ".into()),
        };
        assert!(f.keeps(&row("K-1", Some("Handicap Øst"), 2, Status::Fail)));
        assert!(!f.keeps(&row("K-2", Some("Handicap Øst"), 2, Status::Fail)));
        assert!(!f.keeps(&row("K-1", Some("Handicap Øst"), 1, Status::Fail)));
        assert!(!f.keeps(&row("K-1", Some("Handicap Øst"), 0, Status::Pass)));
        assert!(!f.keeps(&row("K-1", Some("Handicap Vest"), 0, Status::Fail)));
        assert!(!f.keeps(&row("K-1", None, 0, Status::Fail)));
        assert!(ResultFilter::default().keeps(&row("K-9", None, 5, Status::Pass)));
    }
}
