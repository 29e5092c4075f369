//! What people add to the machine's results: a reviewer's verdicts, read back from the review
//! sheet (`audit --review`), and the municipality's waivers (`audit --waivers`). Both are
//! matched to results by case id, rule id and the result's stable subject (contract §2), so a
//! verdict survives events added to the case since the sheet was written.
mod sheet;
mod waivers;

pub use sheet::{
    COLUMNS, Column, LISTED, Sheet, Verdicts, adjudication_mark, column, verdict_choices,
};
pub use waivers::{Waiver, Waivers};

use crate::model::Case;
use crate::privacy::Pseudonyms;
use crate::rules::{Catalogue, Finding, Severity, Status};
use chrono::NaiveDate;
use std::path::Path;

/// Everything people added to an audit: a review sheet's verdicts and the waivers.
#[derive(Default)]
pub struct People {
    pub verdicts: Option<Verdicts>,
    pub waivers: Option<Waivers>,
}

impl People {
    /// Reads the `--review` sheets (one per reviewer) and `--waivers`, each if given.
    pub fn read(
        reviews: &[&Path],
        waivers: Option<&Path>,
        catalogue: &Catalogue,
        as_of: NaiveDate,
    ) -> anyhow::Result<People> {
        Ok(People {
            verdicts: (!reviews.is_empty())
                .then(|| Verdicts::read(reviews))
                .transpose()?,
            waivers: waivers
                .map(|path| Waivers::read(path, catalogue, as_of))
                .transpose()?,
        })
    }

    /// People's word on one case's findings, after the machine's: verdicts replace a
    /// status, waivers mark one.
    pub fn apply(
        &mut self,
        case: &Case,
        findings: &mut [Finding],
        catalogue: &Catalogue,
        pseudonyms: Option<&Pseudonyms>,
    ) {
        if let Some(v) = &mut self.verdicts {
            v.apply(case, findings, catalogue, pseudonyms);
        }
        if let Some(w) = &mut self.waivers {
            w.apply(case, findings, catalogue);
        }
    }

    /// Forgets which verdicts and waivers were used, for an audit that starts over.
    pub fn reset(&mut self) {
        if let Some(v) = &mut self.verdicts {
            v.reset();
        }
        if let Some(w) = &mut self.waivers {
            w.reset();
        }
    }
}

/// Whether a result goes on the review sheet: every result the machine could not assess,
/// and with `--material` every result of a material rule.
pub fn needs_review(f: &Finding, catalogue: &Catalogue, material: bool) -> bool {
    f.status == Status::NotAssessable
        || (material && catalogue.rules[f.rule].severity == Severity::Material)
}

/// A verdict or waiver that matched no result of the audit, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Orphan {
    pub case_id: String,
    pub rule: String,
    pub subject: Option<String>,
    /// The verdict given (review sheet); none for a waiver.
    pub verdict: Option<Status>,
    /// The sheet's row (header is row 1), or the waiver's number in its file (from 1).
    pub row: u64,
    /// The review sheet it was written on; none for a waiver.
    pub file: Option<String>,
}

/// A refusal naming the file and the row, in both languages.
fn at_row(file: &str, row: u64, detail: crate::model::input::Reason) -> anyhow::Error {
    anyhow::Error::new(crate::lang::said(
        crate::lang::Msg::AtRow,
        &[("file", &file), ("row", &row)],
        &[("detail", &detail)],
    ))
}
