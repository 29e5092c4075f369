//! Waivers (`audit --waivers FILE.toml`): the municipality's own, approved decision to accept
//! a result for a while, scoped to a case and a rule (and optionally one subject). A waiver
//! is a local decision, not a lawful exemption (contract §4 `exempt`): the result keeps its
//! status and its place in the score, and is counted and listed as waived beside it.
use super::Orphan;
use crate::lang::Msg;
use crate::lang::OrSay;
use crate::model::Case;
use crate::rules::{Catalogue, Finding};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WaiverFile {
    #[serde(default)]
    waiver: Vec<toml::Table>,
}

/// One waiver as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiver {
    pub case_id: String,
    pub rule: String,
    /// One subject of the rule in the case; none covers all of them.
    pub subject: Option<String>,
    /// Why; the municipality's own words, kept out of the reports (docs/review.md).
    pub reason: String,
    pub approver: String,
    /// The last day the waiver holds.
    pub expires: NaiveDate,
    /// Its number in the file, from 1.
    pub number: u64,
}

/// The waivers of one file: those in force on the as-of date, and those that had expired.
pub struct Waivers {
    pub file: String,
    pub active: Vec<Waiver>,
    pub expired: Vec<Waiver>,
    used: Vec<bool>,
    /// The waivers in force by case id, in file order.
    by_case: HashMap<String, Vec<usize>>,
}

const KEYS: [&str; 6] = [
    "case_id", "rule", "subject", "reason", "approver", "expires",
];

impl Waivers {
    /// Reads a waiver file; every waiver needs case_id, rule, reason, approver and expires,
    /// and its rule must be in the catalogue. Waivers that expired before `as_of` are kept
    /// apart, to be warned about.
    pub fn read(path: &Path, catalogue: &Catalogue, as_of: NaiveDate) -> anyhow::Result<Waivers> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).or_say(Msg::CouldNotRead, &file)?;
        let parsed: WaiverFile = toml::from_str(&text).map_err(|e| {
            let da = crate::lang::detail::toml_error(&e, &text).da;
            let detail = crate::model::input::Reason::new(da, e.message());
            anyhow::Error::new(crate::lang::said(
                Msg::WaiverFileInvalid,
                &[("file", &file)],
                &[("detail", &detail)],
            ))
        })?;
        let mut out = Waivers {
            file: file.clone(),
            active: Vec::new(),
            expired: Vec::new(),
            used: Vec::new(),
            by_case: HashMap::new(),
        };
        for (i, table) in parsed.waiver.into_iter().enumerate() {
            let number = i as u64 + 1;
            let bad = |detail: crate::model::input::Reason| {
                anyhow::Error::new(crate::lang::said(
                    Msg::WaiverAt,
                    &[("file", &file), ("number", &number)],
                    &[("detail", &detail)],
                ))
            };
            if let Some(key) = table.keys().find(|k| !KEYS.contains(&k.as_str())) {
                return Err(bad(crate::both!(
                    WaiverUnknownKey,
                    key = format!("{key:?}"),
                    known = KEYS.join(", ")
                )));
            }
            let text = |key: &str| {
                table
                    .get(key)
                    .map(|v| match v {
                        toml::Value::String(s) => s.trim().to_string(),
                        other => other.to_string(),
                    })
                    .filter(|s| !s.is_empty())
            };
            let required =
                |key: &str| text(key).ok_or_else(|| bad(crate::both!(WaiverNeeds, key = key)));
            let case_id = required("case_id")?;
            let rule = required("rule")?;
            let reason = required("reason")?;
            let approver = required("approver")?;
            let expires_text = required("expires")?;
            let Some(known) = catalogue.rule(&rule) else {
                return Err(bad(crate::both!(
                    WaiverUnknownRule,
                    rule = format!("{rule:?}")
                )));
            };
            // The date forms of --as-of: 2025-12-31, 31-12-2025, 31.12.2025, 31/12/2025.
            let expires = crate::load::values::parse_day(&expires_text).ok_or_else(|| {
                bad(crate::both!(
                    WaiverBadDate,
                    text = format!("{expires_text:?}")
                ))
            })?;
            let waiver = Waiver {
                case_id,
                rule: known.id.clone(),
                subject: text("subject"),
                reason,
                approver,
                expires,
                number,
            };
            if expires < as_of {
                out.expired.push(waiver);
            } else {
                out.active.push(waiver);
            }
        }
        out.used = vec![false; out.active.len()];
        for (i, w) in out.active.iter().enumerate() {
            out.by_case.entry(w.case_id.clone()).or_default().push(i);
        }
        Ok(out)
    }

    /// Marks every waiver unused again.
    pub fn reset(&mut self) {
        self.used.fill(false);
    }

    /// Marks each finding of `case` that a waiver in force covers (the first that does).
    pub fn apply(&mut self, case: &Case, findings: &mut [Finding], catalogue: &Catalogue) {
        let Some(mine) = self.by_case.get(&case.id) else {
            return;
        };
        for f in findings {
            let rule = &catalogue.rules[f.rule].id;
            let subject = f.subject_label(case);
            if let Some(&i) = mine.iter().find(|&&i| {
                let w = &self.active[i];
                &w.rule == rule && w.subject.as_ref().is_none_or(|s| *s == subject)
            }) {
                self.used[i] = true;
                f.human.waiver = Some(i);
            }
        }
    }

    /// The waivers in force that covered no result.
    pub fn unmatched(&self) -> Vec<Orphan> {
        self.active
            .iter()
            .zip(&self.used)
            .filter(|(_, used)| !**used)
            .map(|(w, _)| Orphan {
                case_id: w.case_id.clone(),
                rule: w.rule.clone(),
                subject: w.subject.clone(),
                verdict: None,
                row: w.number,
                file: None,
            })
            .collect()
    }
}
