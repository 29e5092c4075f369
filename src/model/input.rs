//! What the audit tells a report about its inputs: each file read (what was detected, how
//! many records, cases and events), and each record rejected or warned about. The loader
//! fills these in; the report reads them, without knowing the loader.

/// How a table is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One row per event: case_id, type, date and attribute columns.
    Long,
    /// One row per case: a date column per event type, `decision_2_outcome` style attributes.
    Wide,
    /// One row per case with case-level fields only, beside a long file.
    Cases,
}

impl Layout {
    pub fn name(self) -> &'static str {
        match self {
            Layout::Long => "long",
            Layout::Wide => "wide",
            Layout::Cases => "cases",
        }
    }
}

/// What was detected (or given) about one input file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Detected {
    /// `json`, `ndjson`, `csv` or `xlsx`.
    pub format: &'static str,
    pub encoding: Option<&'static str>,
    /// As shown to the user: `';'`, `','`, `tab`.
    pub delimiter: Option<String>,
    pub layout: Option<Layout>,
    /// The date styles the file held: `iso`, `dmy`, `iso + dmy`, `excel dates` …
    pub date_format: Option<String>,
    pub sheet: Option<String>,
}

/// Why a record was rejected (or warned about), in both languages: `validate` shows it in
/// the user's language, machine formats (the JSON report, `--rejects`) in English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    pub da: String,
    pub en: String,
}

impl Reason {
    pub fn new(da: impl Into<String>, en: impl Into<String>) -> Reason {
        Reason {
            da: da.into(),
            en: en.into(),
        }
    }

    pub fn text(&self, lang: crate::lang::Lang) -> &str {
        match lang {
            crate::lang::Lang::Da => &self.da,
            crate::lang::Lang::En => &self.en,
        }
    }
}

/// English, as in machine formats and error messages.
impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

/// A refusal in both languages: loaders raise it, [`message`] shows it in the user's.
impl std::error::Error for Reason {}

/// A record that could not be used, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Reject {
    pub file: String,
    /// The line in the file (1-based, the header is line 1 in CSV), where there is one.
    pub line: Option<u64>,
    /// The column or JSON path of the offending field.
    pub column: Option<String>,
    pub value: Option<String>,
    pub reason: Reason,
}

/// What one input file gave.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct InputSummary {
    pub path: String,
    pub sha256: String,
    pub cases: usize,
    pub events: usize,
    pub rejected: usize,
    /// What was detected, in parts.
    #[serde(skip)]
    pub detected: Detected,
    /// Records read: rows (long layout, case files), events or event-less cases (wide
    /// layout, JSON), each either accepted or rejected.
    #[serde(skip)]
    pub records: usize,
    #[serde(skip)]
    pub accepted: usize,
    /// Columns or keys that are not part of the model, in file order.
    #[serde(skip)]
    pub unmapped: Vec<String>,
    /// Cases whose id holds a CPR number (a warning: see `privacy`).
    #[serde(skip)]
    pub cpr_case_ids: usize,
}
