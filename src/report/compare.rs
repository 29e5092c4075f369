//! Two JSON reports side by side: the baseline of `audit --fail-on-new` and `caseaudit diff`.
//! A finding is a `fail` result, known by (case, rule, subject): subjects are stable ids
//! from the export (N1, D2 …), so the same defect keeps its key from one run to the next.
use crate::privacy::mask_in_place;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// What identifies a finding across runs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct FindingKey {
    pub case_id: String,
    pub rule: String,
    pub subject: String,
}

/// The parts of a JSON report that a comparison reads.
#[derive(Debug, Clone, Deserialize)]
pub struct SavedReport {
    pub schema_version: u32,
    pub as_of: String,
    pub themes: Vec<SavedTheme>,
    /// Absent when the report was written with `--results none`.
    pub results: Option<Vec<SavedResult>>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SavedTheme {
    pub id: String,
    pub score: Option<f64>,
    #[serde(default)]
    pub pass: u64,
    #[serde(default)]
    pub exempt: u64,
    #[serde(default)]
    pub fail: u64,
}

impl SavedTheme {
    /// The score from the theme's counts, not rounded, so a comparison shows what the
    /// audit showed (its four-decimal `score` rounded again could differ by a tenth);
    /// the `score` itself for a report without counts.
    pub fn exact_score(&self) -> Option<f64> {
        let met = self.pass + self.exempt;
        match met + self.fail {
            0 => self.score,
            scored => Some(met as f64 / scored as f64),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct SavedResult {
    pub case_id: String,
    pub rule: String,
    pub status: String,
    pub subject: String,
    #[serde(default)]
    pub team: Option<String>,
}

impl SavedReport {
    /// Reads a JSON report; one that cannot be compared is refused in both languages.
    pub fn read(path: &Path) -> anyhow::Result<SavedReport> {
        use crate::lang::{Msg, OrSay};
        let shown = path.display().to_string();
        let text = std::fs::read(path).or_say(Msg::CouldNotReadReport, &shown)?;
        let mut report: SavedReport = serde_json::from_slice(&text)
            .map_err(|e| anyhow::Error::new(crate::both!(NotAReport, path = shown, error = e)))?;
        if report.schema_version != 1 {
            return Err(anyhow::Error::new(crate::both!(
                ReportVersion,
                path = shown,
                version = report.schema_version
            )));
        }
        if report.results.is_none() {
            return Err(anyhow::Error::new(crate::both!(
                ReportNoResults,
                path = shown
            )));
        }
        report.protect();
        Ok(report)
    }

    /// Masks the report's strings as they are read: a report from elsewhere may hold CPR
    /// numbers (ours never do), which `diff` would otherwise write again, JSON-escaped where
    /// the mask can no longer find them. Masking what is masked changes nothing, so a
    /// baseline's keys still match the audit's.
    fn protect(&mut self) {
        mask_in_place(&mut self.as_of);
        for theme in &mut self.themes {
            mask_in_place(&mut theme.id);
        }
        for r in self.results.iter_mut().flatten() {
            for text in [&mut r.case_id, &mut r.rule, &mut r.status, &mut r.subject] {
                mask_in_place(text);
            }
            r.team.as_mut().map(mask_in_place);
        }
    }

    /// The report's findings (fail results) with the team each belongs to, if given.
    pub fn findings(&self) -> BTreeMap<FindingKey, Option<String>> {
        self.results
            .iter()
            .flatten()
            .filter(|r| r.status == "fail")
            .map(|r| {
                (
                    FindingKey {
                        case_id: r.case_id.clone(),
                        rule: r.rule.clone(),
                        subject: r.subject.clone(),
                    },
                    r.team.clone(),
                )
            })
            .collect()
    }

    pub fn finding_keys(&self) -> BTreeSet<FindingKey> {
        self.findings().into_keys().collect()
    }
}

/// A theme's score in both runs.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ScoreChange {
    pub theme: String,
    /// Exact; the JSON diff writes four decimals, as the report does.
    #[serde(serialize_with = "four_decimals")]
    pub old: Option<f64>,
    #[serde(serialize_with = "four_decimals")]
    pub new: Option<f64>,
    /// new − old, when both have a score.
    #[serde(serialize_with = "four_decimals")]
    pub change: Option<f64>,
}

fn four_decimals<S: serde::Serializer>(x: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&x.map(super::stats::round4), s)
}

/// A finding in a diff, with its case's team (from the later report, or the earlier
/// one for a resolved finding) so each team finds its own.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DiffFinding {
    #[serde(flatten)]
    pub key: FindingKey,
    pub team: Option<String>,
}

/// What changed between two reports.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Diff {
    pub old_as_of: String,
    pub new_as_of: String,
    pub new: Vec<DiffFinding>,
    pub resolved: Vec<DiffFinding>,
    pub unchanged: Vec<DiffFinding>,
    pub themes: Vec<ScoreChange>,
}

impl Diff {
    pub fn between(old: &SavedReport, new: &SavedReport) -> Diff {
        let (before, after) = (old.findings(), new.findings());
        // Keys in `from` whose presence in `other` is `present`, with `from`'s team.
        let pick = |from: &BTreeMap<FindingKey, Option<String>>,
                    other: &BTreeMap<FindingKey, Option<String>>,
                    present: bool| {
            from.iter()
                .filter(|(k, _)| other.contains_key(*k) == present)
                .map(|(k, team)| DiffFinding {
                    key: k.clone(),
                    team: team.clone(),
                })
                .collect()
        };
        let mut themes: Vec<ScoreChange> = new
            .themes
            .iter()
            .map(|t| {
                let old_score = old
                    .themes
                    .iter()
                    .find(|o| o.id == t.id)
                    .and_then(SavedTheme::exact_score);
                let new_score = t.exact_score();
                ScoreChange {
                    theme: t.id.clone(),
                    old: old_score,
                    new: new_score,
                    change: old_score.zip(new_score).map(|(o, n)| n - o),
                }
            })
            .collect();
        // A theme the new catalogue dropped still shows, with no new score.
        for t in &old.themes {
            if !new.themes.iter().any(|n| n.id == t.id) {
                themes.push(ScoreChange {
                    theme: t.id.clone(),
                    old: t.exact_score(),
                    new: None,
                    change: None,
                });
            }
        }
        Diff {
            old_as_of: old.as_of.clone(),
            new_as_of: new.as_of.clone(),
            new: pick(&after, &before, false),
            resolved: pick(&before, &after, false),
            unchanged: pick(&after, &before, true),
            themes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(fails: &[(&str, &str, &str)], score: Option<f64>) -> SavedReport {
        SavedReport {
            schema_version: 1,
            as_of: "2025-06-30".into(),
            themes: vec![SavedTheme {
                id: "notifications".into(),
                score,
                pass: 0,
                exempt: 0,
                fail: 0,
            }],
            results: Some(
                fails
                    .iter()
                    .map(|(c, r, s)| SavedResult {
                        case_id: c.to_string(),
                        rule: r.to_string(),
                        status: "fail".into(),
                        subject: s.to_string(),
                        team: None,
                    })
                    .chain(std::iter::once(SavedResult {
                        case_id: "K9".into(),
                        rule: "X1".into(),
                        status: "pending".into(),
                        subject: "N1".into(),
                        team: None,
                    }))
                    .collect(),
            ),
        }
    }

    #[test]
    fn splits_findings_into_new_resolved_and_unchanged() {
        let old = report(&[("K1", "X1", "N1"), ("K2", "X2", "BU1")], Some(0.5));
        let new = report(&[("K2", "X2", "BU1"), ("K3", "X3", "D1")], Some(0.75));
        let d = Diff::between(&old, &new);
        let ids = |v: &[DiffFinding]| v.iter().map(|k| k.key.case_id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&d.new), ["K3"]);
        assert_eq!(ids(&d.resolved), ["K1"]);
        assert_eq!(ids(&d.unchanged), ["K2"]);
        assert_eq!(d.themes[0].change, Some(0.25));
    }
}
