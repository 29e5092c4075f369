//! Input files → the canonical case model. Every record read ends up in a case or in the
//! list of rejects with its file, line and reason: nothing is dropped silently.
//!
//! The formats (`delimited`, `sheet`, `json`, read through `table` where they are tables)
//! hand named values to three modules that depend one way: `vocab` (names and words) ←
//! `values` (dates and flags in text) ← `fields` (a cell's value, events and case fields).
//! None of them imports a module to its right.
mod delimited;
pub mod fields;
mod json;
pub mod mapping;
mod rejects;
mod sheet;
mod stream;
mod table;
pub mod unread;
pub mod values;
pub mod vocab;
mod workbook;

pub use crate::model::input::{Detected, InputSummary, Layout, Reason, Reject};
use crate::model::{Case, ProvisionTable, link_case};
use fields::{CaseFields, FieldError};
pub use mapping::Mapping;
pub use rejects::{LISTED, Rejects};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
pub use stream::{CaseSink, Progress, Route, audit_inputs};
pub use values::DateFormat;

/// A digest as lower-case hex, as reports show an input's SHA-256.
fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A text file's encoding, when the user states it (`--encoding`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Windows1252,
}

/// A file refused, in both languages.
pub(crate) fn refusal(da: String, en: String) -> anyhow::Error {
    anyhow::Error::new(Reason::new(da, en))
}

/// `e` (bilingual where it is) inside a refusal: `da` and `en` place its text in each
/// language's message.
pub(crate) fn restated(
    e: &anyhow::Error,
    da: impl FnOnce(String) -> String,
    en: impl FnOnce(String) -> String,
) -> anyhow::Error {
    use crate::lang::Lang;
    refusal(da(message(e, Lang::Da)), en(message(e, Lang::En)))
}

/// An error and its causes, joined with ": ", each bilingual one in `lang`.
pub fn message(e: &anyhow::Error, lang: crate::lang::Lang) -> String {
    use crate::rules::CatalogueError;
    e.chain()
        .map(|cause| {
            if let Some(reason) = cause.downcast_ref::<Reason>() {
                reason.text(lang).to_string()
            } else if let Some(io) = cause.downcast_ref::<std::io::Error>() {
                crate::lang::io_error(io, lang)
            } else if let Some(refused) = cause.downcast_ref::<CatalogueError>() {
                refused.text(lang)
            } else if lang == crate::lang::Lang::Da {
                crate::lang::detail::foreign_cause(cause)
            } else {
                cause.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(": ")
}

/// English, as machine formats are.
impl serde::Serialize for Reason {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.en)
    }
}

/// Everything loaded from the inputs, cases linked and ready to audit.
#[derive(Debug, Default)]
pub struct Loaded {
    pub cases: Vec<Case>,
    pub inputs: Vec<InputSummary>,
    pub rejects: Rejects,
    /// Records kept but worth a look (a `ref` that names nothing), as rejects are listed.
    pub warnings: Rejects,
}

/// A case as a loader collects it, before sorting and linking.
#[derive(Debug, Default, Clone)]
pub(crate) struct Draft {
    pub fields: CaseFields,
    pub events: Vec<crate::model::Event>,
    /// The line the case was read from, in a case-level file.
    pub line: Option<u64>,
}

/// Collects drafts by case id in first-seen order, and rejects. Reading a piece of a
/// stream ([`stream`]), it keeps only the case being read open, and each case is complete
/// when the next one begins.
pub(crate) struct Collector {
    pub file: String,
    pub drafts: Vec<Draft>,
    index: HashMap<String, usize>,
    pub rejects: Rejects,
    pub unmapped: Unmapped,
    /// Records read so far; each is accepted or rejected (one reject per record).
    pub records: usize,
    outlet: Option<stream::Outlet>,
}

impl std::fmt::Debug for Collector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Collector")
            .field("file", &self.file)
            .field("drafts", &self.drafts.len())
            .field("rejects", &self.rejects.total())
            .field("records", &self.records)
            .finish()
    }
}

impl Collector {
    /// A collector of a file's records; `keep_rejects` keeps every rejected record, not
    /// only the first [`LISTED`] (for `--rejects`).
    pub fn new(file: &str, keep_rejects: bool) -> Collector {
        Collector {
            file: file.to_string(),
            drafts: Vec::new(),
            index: HashMap::new(),
            rejects: Rejects::new(keep_rejects),
            unmapped: Unmapped::default(),
            records: 0,
            outlet: None,
        }
    }

    /// Is the case being read (the last draft) this one?
    fn is_current(&self, case_id: &str) -> bool {
        self.drafts
            .last()
            .is_some_and(|d| d.fields.case_id.as_deref() == Some(case_id))
    }

    /// The draft for this case id, created on first sight.
    pub fn draft(&mut self, case_id: &str) -> &mut Draft {
        if self.outlet.is_some() {
            return self.stream_draft(case_id);
        }
        // Looked up first: a long export's rows mostly find their case already.
        let i = match self.index.get(case_id) {
            Some(&i) => i,
            None => {
                let i = self.drafts.len();
                self.index.insert(case_id.to_string(), i);
                let mut draft = Draft::default();
                draft.fields.case_id = Some(case_id.to_string());
                self.drafts.push(draft);
                i
            }
        };
        &mut self.drafts[i]
    }

    /// Reading a piece of a stream, only the current case is kept. When another begins, the
    /// one before it is complete if the input is grouped by case, and is handed on (whether
    /// it is grouped is seen from the case ids the records name, [`Collector::note_case`]).
    fn stream_draft(&mut self, case_id: &str) -> &mut Draft {
        if !self.is_current(case_id) {
            let previous = self.drafts.pop();
            if let (Some(outlet), Some(previous)) = (&mut self.outlet, previous) {
                outlet.hand_on(previous);
            }
            let mut draft = Draft::default();
            draft.fields.case_id = Some(case_id.to_string());
            self.drafts.push(draft);
        }
        self.drafts.last_mut().expect("the current case")
    }

    /// A record, accepted or not, names this case. Reading a piece of a stream, every case
    /// id begun is kept, so a case id that comes again after another case is seen when the
    /// pieces are put together, wherever they were cut.
    pub fn note_case(&mut self, case_id: &str) {
        if let Some(outlet) = &mut self.outlet {
            outlet.note(case_id);
        }
    }

    /// Forgets the case just read when it had events and every one was rejected: a case
    /// counts when at least one of its records was accepted (docs/input.md), whatever the
    /// format. A case read with no events at all is a record of its own and stays.
    pub fn forget_if_all_rejected(&mut self, case_id: &str, had_events: bool) {
        let last = self.drafts.last();
        if had_events
            && last.is_some_and(|d| {
                d.events.is_empty() && d.fields.case_id.as_deref() == Some(case_id)
            })
        {
            self.drafts.pop();
            self.index.remove(case_id);
        }
    }

    pub fn get(&self, case_id: &str) -> Option<&Draft> {
        if self.outlet.is_some() {
            return self.drafts.last().filter(|_| self.is_current(case_id));
        }
        self.index.get(case_id).map(|&i| &self.drafts[i])
    }

    /// Was this case id read before in this file? Reading a piece of a stream, only the
    /// current case is known (only the long layout streams, which does not ask).
    pub fn has(&mut self, case_id: &str) -> bool {
        if self.outlet.is_some() {
            return self.is_current(case_id);
        }
        self.index.contains_key(case_id)
    }

    pub fn reject(
        &mut self,
        line: Option<u64>,
        column: Option<String>,
        value: Option<String>,
        reason: Reason,
    ) {
        // A reject shows enough of a value to find it, not a whole 20 MB field; its CPR
        // numbers masked first, so that the cut cannot leave a piece of one the mask no
        // longer knows (`010180-123…`).
        let value = value.map(|mut v| {
            crate::privacy::mask_in_place(&mut v);
            match v.char_indices().nth(200) {
                Some((end, _)) => format!("{}…", &v[..end]),
                None => v,
            }
        });
        self.rejects.push(Reject {
            file: self.file.clone(),
            line,
            column,
            value,
            reason,
        });
    }

    pub fn reject_field(&mut self, line: Option<u64>, at: Option<String>, e: FieldError) {
        let value = (!e.value.is_empty()).then_some(e.value);
        self.reject(line, at.or(Some(e.field)), value, e.reason);
    }

    pub fn note_unmapped(&mut self, name: &str) {
        self.unmapped.note(name);
    }
}

/// Columns or keys that feed nothing, each once, in the order first met (a header may have
/// a million of them: each is looked up in a set, not in the list).
#[derive(Debug, Default)]
pub(crate) struct Unmapped {
    names: Vec<String>,
    seen: HashSet<String>,
}

impl Unmapped {
    pub fn note(&mut self, name: &str) {
        if !self.seen.contains(name) {
            self.seen.insert(name.to_string());
            self.names.push(name.to_string());
        }
    }

    /// Adds those of the text after this one (a streamed file's next piece).
    pub fn absorb(&mut self, after: Unmapped) {
        for name in after.names {
            self.note(&name);
        }
    }

    pub fn into_names(self) -> Vec<String> {
        self.names
    }
}

/// How to read the inputs; `None` means detect.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    pub encoding: Option<Encoding>,
    pub delimiter: Option<u8>,
    pub layout: Option<Layout>,
    pub date_format: Option<DateFormat>,
    pub sheet: Option<String>,
    pub mapping: Option<Mapping>,
    /// Case-level files beside long event files (`--case-file`).
    pub case_files: Vec<PathBuf>,
    /// Keep every rejected record, to write them all out (`--rejects`); else only the
    /// first [`LISTED`] are kept, and the rest counted.
    pub keep_rejects: bool,
    /// The size a streamed export is cut into pieces at (about 1 MiB when `None`); tests
    /// and the fuzz target cut it at every few bytes, where its output must not change.
    pub piece: Option<usize>,
}

/// One input file read, before its cases are linked.
#[derive(Debug)]
pub struct FileRead {
    path: String,
    sha256: String,
    collector: Collector,
    detected: Detected,
}

impl FileRead {
    pub fn detected(&self) -> &Detected {
        &self.detected
    }

    fn is_case_file(&self) -> bool {
        self.detected.layout == Some(Layout::Cases)
    }
}

/// Reads one input file. `case_file` forces the case-level layout.
pub fn read_input(path: &Path, options: &LoadOptions, case_file: bool) -> anyhow::Result<FileRead> {
    let name = path.display().to_string();
    let bytes = {
        use crate::lang::{Msg, OrSay};
        std::fs::read(path).or_say(Msg::CouldNotRead, &name)?
    };
    let sha256 = hex(&Sha256::digest(&bytes));
    let (collector, detected) = read_file(path, &name, &bytes, options, case_file)?;
    Ok(FileRead {
        path: name,
        sha256,
        collector,
        detected,
    })
}

/// The files to read, each once, and whether it is a case-level file: the inputs that
/// are not also given with `--case-file`, then the `--case-file`s. Paths are compared
/// canonicalised, so `./cs.csv` and `cs.csv` are one file.
pub fn input_files<'a>(paths: &'a [PathBuf], options: &'a LoadOptions) -> Vec<(&'a Path, bool)> {
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let mut seen = std::collections::HashSet::new();
    let case_files: Vec<PathBuf> = options.case_files.iter().map(|p| canonical(p)).collect();
    let mut files = Vec::new();
    for path in paths {
        let c = canonical(path);
        if !case_files.contains(&c) && seen.insert(c) {
            files.push((path.as_path(), false));
        }
    }
    for (path, c) in options.case_files.iter().zip(case_files) {
        if seen.insert(c) {
            files.push((path.as_path(), true));
        }
    }
    files
}

/// Loads every input, links its cases, and checks that no case id is in two files.
/// Case-level files (`--case-file`, or any table with case fields only) are merged into
/// the cases of the event files beside them.
pub fn load(
    paths: &[PathBuf],
    provisions: &ProvisionTable,
    options: &LoadOptions,
) -> anyhow::Result<Loaded> {
    let mut reads = Vec::new();
    for (path, case_file) in input_files(paths, options) {
        reads.push(read_input(path, options, case_file)?);
    }
    assemble(reads, provisions)
}

/// Checks that files read with [`read_input`] go together: no case id in two event
/// files, nor in two case files.
pub fn check_disjoint(reads: &[FileRead]) -> anyhow::Result<()> {
    let mut events: HashMap<&str, &str> = HashMap::new();
    let mut cases: HashMap<&str, &str> = HashMap::new();
    for read in reads {
        let seen = if read.is_case_file() {
            &mut cases
        } else {
            &mut events
        };
        for draft in &read.collector.drafts {
            let id = draft.fields.case_id.as_deref().unwrap_or_default();
            if let Some(other) = seen.insert(id, &read.path) {
                let name = &read.path;
                if read.is_case_file() {
                    return Err(refusal(
                        format!(
                            "sag {id} står i begge sagsfiler {other} og {name}: angiv hver sags \
                             felter én gang"
                        ),
                        format!(
                            "case {id} is in both case files {other} and {name}: give each \
                             case's fields once"
                        ),
                    ));
                }
                return Err(refusal(
                    format!(
                        "sag {id} står i både {other} og {name}: en sag skal komme fra ét \
                         udtræk (revidér filerne hver for sig, eller flet udtrækkene til én fil)"
                    ),
                    format!(
                        "case {id} is in both {other} and {name}: a case must come from one \
                         export (audit the files separately, or merge the exports into one file)"
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Links the cases of files read with [`read_input`] into one [`Loaded`]; fails if they
/// do not go together ([`check_disjoint`]).
/// The most events one case may have (docs/input.md): linking is O(n log n) in a case's
/// events, the rules O(n²) in the worst case; a real case has a few hundred at most.
pub const MAX_CASE_EVENTS: usize = 100_000;

pub fn assemble(reads: Vec<FileRead>, provisions: &ProvisionTable) -> anyhow::Result<Loaded> {
    check_disjoint(&reads)?;
    // Every rejected record kept when the files kept them (`--rejects`).
    let keep_rejects = reads.iter().any(|r| r.collector.rejects.keeps_all());
    let mut loaded = Loaded {
        rejects: Rejects::new(keep_rejects),
        ..Loaded::default()
    };
    // Case-level fields by case id, from case files: (file, fields, used by an event file).
    let mut case_rows: HashMap<String, (String, CaseFields, bool)> = HashMap::new();
    for read in reads.iter().filter(|r| r.is_case_file()) {
        for draft in &read.collector.drafts {
            let id = draft.fields.case_id.clone().unwrap_or_default();
            case_rows.insert(id, (read.path.clone(), draft.fields.clone(), false));
        }
    }
    let mut summaries = Vec::new();
    for read in reads {
        let FileRead {
            path: name,
            sha256,
            collector,
            detected,
        } = read;
        let case_file = detected.layout == Some(Layout::Cases);
        let records = collector.records;
        let mut summary = InputSummary {
            path: name.clone(),
            sha256,
            cases: 0,
            events: 0,
            rejected: collector.rejects.total(),
            detected,
            records,
            accepted: records.saturating_sub(collector.rejects.total()),
            unmapped: collector.unmapped.into_names(),
            cpr_case_ids: 0,
        };
        loaded.rejects.append(collector.rejects);
        if case_file {
            // Its cases are counted where their events are, or below if they have none.
            summaries.push((summary, collector.drafts));
            continue;
        }
        for mut draft in collector.drafts {
            let id = draft.fields.case_id.as_deref().unwrap_or_default();
            if let Some((_, fields, used)) = case_rows.get_mut(id) {
                // The event file's own case fields win; the case file fills the gaps.
                draft.fields.fill_from(fields.clone());
                *used = true;
            }
            if draft.events.len() > MAX_CASE_EVENTS {
                let case =
                    crate::privacy::quoted(draft.fields.case_id.as_deref().unwrap_or_default());
                let n = draft.events.len();
                return Err(refusal(
                    format!(
                        "{name}: sag {case} har {n} hændelser; caseaudit reviderer højst \
                         {MAX_CASE_EVENTS} hændelser pr. sag (står der den samme værdi i hele \
                         kolonnen med sagsnummer?)"
                    ),
                    format!(
                        "{name}: case {case} has {n} events; caseaudit audits at most \
                         {MAX_CASE_EVENTS} events per case (is the case-id column filled with \
                         one value?)"
                    ),
                ));
            }
            summary.cases += 1;
            summary.cpr_case_ids += usize::from(crate::privacy::contains_cpr(
                draft.fields.case_id.as_deref().unwrap_or_default(),
            ));
            summary.events += draft.events.len();
            loaded.push_case(&name, draft, provisions);
        }
        summaries.push((summary, Vec::new()));
    }
    let event_files = summaries
        .iter()
        .any(|(s, _)| s.detected.layout != Some(Layout::Cases));
    for (mut summary, drafts) in summaries {
        for draft in drafts {
            let id = draft.fields.case_id.as_deref().unwrap_or_default();
            if case_rows.get(id).is_some_and(|(_, _, used)| !used) {
                if event_files {
                    // Often a case id written two ways (`K-1` and `K1`): worth a look.
                    loaded.warnings.push(Reject {
                        file: summary.path.clone(),
                        line: draft.line,
                        column: Some("case_id".into()),
                        value: Some(id.to_string()),
                        reason: Reason::new(
                            "ingen hændelsesfil har denne sag; den revideres som en sag uden \
                             hændelser (er sagsnummeret skrevet ens i begge filer?)",
                            "no event file has this case; it is audited as a case without \
                             events (is its id written the same way in both files?)",
                        ),
                    });
                }
                // A case with no events in any file is still a case of the export.
                summary.cases += 1;
                summary.cpr_case_ids += usize::from(crate::privacy::contains_cpr(id));
                loaded.push_case(&summary.path, draft, provisions);
            }
        }
        loaded.inputs.push(summary);
    }
    Ok(loaded)
}

impl Loaded {
    fn push_case(&mut self, file: &str, draft: Draft, provisions: &ProvisionTable) {
        let (case, warnings) = link(file, draft, provisions);
        warnings.into_iter().for_each(|w| self.warnings.push(w));
        self.cases.push(case);
    }
}

/// A case read, sorted and linked, and the warnings it gives.
fn link(file: &str, draft: Draft, provisions: &ProvisionTable) -> (Case, Vec<Reject>) {
    let mut warnings = Vec::new();
    let f = draft.fields;
    let mut case = Case::new(f.case_id.unwrap_or_default());
    (
        case.area,
        case.municipality,
        case.team,
        case.child_birth_date,
    ) = (f.area, f.municipality, f.team, f.child_birth_date);
    case.events = draft.events;
    if let Some(birth) = case.child_birth_date {
        // Kept (a notification may concern an unborn child), but worth a look: often a
        // date typed wrong or the parent's birth date.
        for event in case.events.iter().filter(|e| e.at.date < birth) {
            warnings.push(Reject {
                file: file.to_string(),
                line: event.line,
                column: Some("date".into()),
                value: Some(event.at.to_string()),
                reason: Reason::new(
                    format!(
                        "sag {}: hændelsen er dateret før barnets fødselsdato {birth}",
                        case.id
                    ),
                    format!(
                        "case {}: the event is dated before the child's birth date {birth}",
                        case.id
                    ),
                ),
            });
        }
    }
    for d in link_case(&mut case, provisions) {
        let event = &case.events[d.event];
        warnings.push(Reject {
            file: file.to_string(),
            line: event.line,
            column: Some("ref".into()),
            value: Some(d.reference),
            reason: Reason::new(
                format!(
                    "sag {}: ref peger ikke på en hændelse, som en hændelse af typen {} \
                     kan besvare; knyttet efter datorækkefølge i stedet",
                    case.id, event.kind
                ),
                format!(
                    "case {}: ref names no event a {} can answer; linked by date order instead",
                    case.id, event.kind
                ),
            ),
        });
    }
    (case, warnings)
}

fn read_file(
    path: &Path,
    name: &str,
    bytes: &[u8],
    options: &LoadOptions,
    case_file: bool,
) -> anyhow::Result<(Collector, Detected)> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let settings = table::TableSettings {
        layout: if case_file {
            Some(Layout::Cases)
        } else {
            options.layout
        },
        date_format: options.date_format.unwrap_or_default(),
        mapping: options.mapping.as_ref(),
    };
    let mut c = Collector::new(name, options.keep_rejects);
    // What is known of a table before its rows are read; the layout and date styles
    // are added from reading them.
    let (mut detected, info) = match ext.as_str() {
        "json" => return json::read(c, bytes, false, settings.date_format),
        "ndjson" | "jsonl" => return json::read(c, bytes, true, settings.date_format),
        "csv" | "tsv" | "txt" => {
            let (text, encoding) = delimited::decode(bytes, options.encoding)
                .map_err(|e| refusal(format!("{name} {}", e.danish()), format!("{name} {e}")))?;
            let delimiter = match options.delimiter {
                Some(d) => d,
                None => delimited::detect_delimiter(&text).map_err(|e| {
                    refusal(format!("{name}: {}", e.danish()), format!("{name}: {e}"))
                })?,
            };
            if let Some(line) = delimited::unclosed_quote(&text, delimiter) {
                return Err(refusal(
                    format!(
                        "{name}: anførselstegnet, der åbner et felt på linje {line}, lukkes \
                         aldrig, så resten af filen ville blive læst som ét felt; luk eller fjern \
                         det"
                    ),
                    format!(
                        "{name}: the quote that opens a field on line {line} is never closed, so \
                         everything after it would be read as one field; close or remove it"
                    ),
                ));
            }
            let mut rows = delimited::CsvRows::new(&text, delimiter);
            let detected = Detected {
                format: "csv",
                encoding: Some(encoding),
                delimiter: Some(delimited::delimiter_name(delimiter)),
                ..Detected::default()
            };
            (detected, table::read(&mut rows, &mut c, &settings)?)
        }
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => {
            let (mut rows, sheet) = sheet::open(bytes, options.sheet.as_deref()).map_err(|e| {
                restated(
                    &e,
                    |da| format!("{name}: {da}"),
                    |en| format!("{name}: {en}"),
                )
            })?;
            let detected = Detected {
                format: "xlsx",
                sheet: Some(sheet),
                ..Detected::default()
            };
            (detected, table::read(&mut rows, &mut c, &settings)?)
        }
        _ => {
            return Err(refusal(
                format!(
                    "{name}: ukendt filtype {ext:?}; caseaudit læser .json, .ndjson/.jsonl, \
                     .csv/.tsv/.txt og .xlsx"
                ),
                format!(
                    "{name}: unknown file type {ext:?}; caseaudit reads .json, .ndjson/.jsonl, \
                     .csv/.tsv/.txt and .xlsx"
                ),
            ));
        }
    };
    detected.layout = Some(info.layout);
    detected.date_format = Some(info.date_format);
    Ok((c, detected))
}

#[cfg(test)]
mod tests {
    /// The code of a module, comments left out.
    fn code(text: &str) -> String {
        let lines = text.lines().filter(|l| !l.trim_start().starts_with("//"));
        lines.collect::<Vec<_>>().join("\n")
    }

    /// The value modules depend one way (the module comment): vocab ← values ← fields.
    #[test]
    fn the_value_modules_depend_one_way() {
        let vocab = code(include_str!("vocab.rs"));
        let values = code(include_str!("values.rs"));
        for (name, text, below) in [
            ("vocab", &vocab, ["values", "fields"].as_slice()),
            ("values", &values, ["fields"].as_slice()),
        ] {
            for module in below {
                assert!(
                    !text.contains(&format!("{module}::"))
                        && !text.contains(&format!("{module}}}"))
                        && !text.contains(&format!("{module},")),
                    "{name} imports {module}"
                );
            }
        }
    }
}
