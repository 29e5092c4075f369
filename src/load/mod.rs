//! Input files → the canonical case model. Every record read ends up in a case or in the
//! list of rejects with its file, line and reason: nothing is dropped silently.
pub mod fields;
mod json;
mod table;
pub mod values;
pub mod vocab;

use crate::model::{Case, ProvisionTable, link_case};
use anyhow::Context;
use fields::{CaseFields, FieldError};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A record that could not be used, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Reject {
    pub file: String,
    /// The line in the file (1-based, the header is line 1 in CSV), where there is one.
    pub line: Option<u64>,
    /// The column or JSON path of the offending field.
    pub column: Option<String>,
    pub value: Option<String>,
    pub reason: String,
}

/// What one input file gave.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct InputSummary {
    pub path: String,
    pub sha256: String,
    pub cases: usize,
    pub events: usize,
    pub rejected: usize,
    /// Detected format, e.g. `json`, `ndjson`, `csv long (utf-8, ';')`.
    #[serde(skip)]
    pub format: String,
    /// Columns or keys that are not part of the model, in file order.
    #[serde(skip)]
    pub unmapped: Vec<String>,
}

/// Everything loaded from the inputs, cases linked and ready to audit.
#[derive(Debug, Default)]
pub struct Loaded {
    pub cases: Vec<Case>,
    pub inputs: Vec<InputSummary>,
    pub rejects: Vec<Reject>,
    /// Records kept but worth a look (a `ref` that names nothing), as rejects are listed.
    pub warnings: Vec<Reject>,
}

/// A case as a loader collects it, before sorting and linking.
#[derive(Debug, Default)]
pub(crate) struct Draft {
    pub fields: CaseFields,
    pub events: Vec<crate::model::Event>,
}

/// Collects drafts by case id in first-seen order, and rejects.
#[derive(Debug)]
pub(crate) struct Collector {
    pub file: String,
    pub drafts: Vec<Draft>,
    index: HashMap<String, usize>,
    pub rejects: Vec<Reject>,
    pub unmapped: Vec<String>,
}

impl Collector {
    pub fn new(file: &str) -> Collector {
        Collector {
            file: file.to_string(),
            drafts: Vec::new(),
            index: HashMap::new(),
            rejects: Vec::new(),
            unmapped: Vec::new(),
        }
    }

    /// The draft for this case id, created on first sight.
    pub fn draft(&mut self, case_id: &str) -> &mut Draft {
        let n = self.drafts.len();
        let i = *self.index.entry(case_id.to_string()).or_insert(n);
        if i == n {
            let mut draft = Draft::default();
            draft.fields.case_id = Some(case_id.to_string());
            self.drafts.push(draft);
        }
        &mut self.drafts[i]
    }

    pub fn has(&self, case_id: &str) -> bool {
        self.index.contains_key(case_id)
    }

    pub fn reject(
        &mut self,
        line: Option<u64>,
        column: Option<String>,
        value: Option<String>,
        reason: impl Into<String>,
    ) {
        self.rejects.push(Reject {
            file: self.file.clone(),
            line,
            column,
            value,
            reason: reason.into(),
        });
    }

    pub fn reject_field(&mut self, line: Option<u64>, at: Option<String>, e: FieldError) {
        let value = (!e.value.is_empty()).then_some(e.value);
        self.reject(line, at.or(Some(e.field)), value, e.reason);
    }

    pub fn note_unmapped(&mut self, name: &str) {
        if !self.unmapped.iter().any(|u| u == name) {
            self.unmapped.push(name.to_string());
        }
    }
}

/// How to read the inputs; `None` means detect.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    pub delimiter: Option<u8>,
}

impl LoadOptions {
    /// Checks the command line's read options.
    pub fn from_args(args: &crate::cli::ReadOptions) -> anyhow::Result<LoadOptions> {
        let delimiter = match args.delimiter.as_deref() {
            None => None,
            Some("," | "comma") => Some(b','),
            Some(";" | "semicolon") => Some(b';'),
            Some("tab" | "\t") => Some(b'\t'),
            Some(other) => anyhow::bail!("--delimiter {other:?}: use ',', ';' or 'tab'"),
        };
        Ok(LoadOptions { delimiter })
    }
}

/// Loads every input, links its cases, and checks that no case id is in two files.
pub fn load(
    paths: &[PathBuf],
    provisions: &ProvisionTable,
    options: &LoadOptions,
) -> anyhow::Result<Loaded> {
    let mut loaded = Loaded::default();
    let mut seen: HashMap<String, String> = HashMap::new();
    for path in paths {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).with_context(|| format!("could not read {name}"))?;
        let sha256 = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let (collector, format) = read_file(path, &name, &bytes, options)?;
        let mut summary = InputSummary {
            path: name.clone(),
            sha256,
            cases: 0,
            events: 0,
            rejected: collector.rejects.len(),
            format,
            unmapped: collector.unmapped.clone(),
        };
        for draft in collector.drafts {
            let id = draft.fields.case_id.clone().unwrap_or_default();
            if let Some(other) = seen.insert(id.clone(), name.clone()) {
                anyhow::bail!(
                    "case {id} is in both {other} and {name}: a case must come from one export \
                     (audit the files separately, or merge the exports into one file)"
                );
            }
            summary.cases += 1;
            summary.events += draft.events.len();
            let mut case = Case::new(id);
            let f = draft.fields;
            (
                case.area,
                case.municipality,
                case.team,
                case.child_birth_date,
            ) = (f.area, f.municipality, f.team, f.child_birth_date);
            case.events = draft.events;
            for d in link_case(&mut case, provisions) {
                let event = &case.events[d.event];
                loaded.warnings.push(Reject {
                    file: name.clone(),
                    line: event.line,
                    column: Some("ref".into()),
                    value: Some(d.reference),
                    reason: format!(
                        "case {}: ref names no event a {} can answer; linked by date order instead",
                        case.id, event.kind
                    ),
                });
            }
            loaded.cases.push(case);
        }
        loaded.rejects.extend(collector.rejects);
        loaded.inputs.push(summary);
    }
    Ok(loaded)
}

fn read_file(
    path: &Path,
    name: &str,
    bytes: &[u8],
    options: &LoadOptions,
) -> anyhow::Result<(Collector, String)> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "json" => json::read(name, bytes, false),
        "ndjson" | "jsonl" => json::read(name, bytes, true),
        "csv" | "tsv" | "txt" => table::read_csv(name, bytes, options),
        _ => anyhow::bail!(
            "{name}: unknown file type {ext:?}; caseaudit reads .json, .ndjson/.jsonl and .csv/.tsv/.txt"
        ),
    }
}
