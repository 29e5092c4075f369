//! The audit's way in: an input grouped by case (a long CSV or NDJSON export, one file) is
//! read on a thread of its own and handed on case by case, so memory is bounded by the
//! cases in flight, not by the file. Anything else — several files, case files beside
//! event files, wide or case-level tables, .xlsx, JSON documents, Windows-1252 text, and
//! an export whose case ids are not grouped — is collected whole first, as
//! [`super::load`] does, and its cost in memory grows with the file.
//!
//! The two ways give the same result: a stream that meets anything it cannot read exactly
//! as the collecting path would (an error, a case id seen again after another case) is
//! given up, the audit starts over, and the collecting path reads the file.
use super::{
    Collector, Detected, Draft, InputSummary, Layout, LoadOptions, Loaded, MAX_CASE_EVENTS, Reject,
    delimited, input_files, json, link, load, table,
};
use crate::model::{Case, ProvisionTable};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

/// Cases handed on together: enough to keep the workers busy, few enough to keep memory flat.
const BATCH: usize = 2048;

/// Where the audit's cases go, in input order.
pub trait CaseSink {
    fn cases(&mut self, cases: &[Case]) -> anyhow::Result<()>;
    /// Forgets every case taken: the input is read again from the start.
    fn reset(&mut self);
}

/// How far the reading has come, for a progress bar.
#[derive(Debug, Clone, Copy, Default)]
pub struct Progress {
    /// Bytes of the input read, and its size (0 when unknown).
    pub bytes: u64,
    pub total_bytes: u64,
    pub records: u64,
    pub cases: u64,
}

/// How the inputs reached the audit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// Case by case, in flat memory.
    Streamed,
    /// Collected whole first: the input cannot be streamed (several files, a layout or
    /// format read whole, Windows-1252 text …).
    Collected,
    /// Collected whole after a stream was given up: `case_id` came again after other cases.
    Ungrouped { file: String, case_id: String },
}

/// The reading side of a stream: the case being read is handed on when the next begins.
pub(crate) struct Outlet {
    tx: SyncSender<Batch>,
    batch: Vec<Draft>,
    /// Hashes of the case ids handed on: a hash seen again gives the stream up (rarely a
    /// collision does; the collecting path then reads the file exactly).
    seen: HashSet<u64>,
    ungrouped: Option<String>,
    /// The audit stopped taking cases.
    closed: bool,
}

struct Batch {
    drafts: Vec<Draft>,
    records: usize,
}

fn id_hash(case_id: &str) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    case_id.hash(&mut h);
    h.finish()
}

impl Outlet {
    /// A case id that is not the current case's: seen before, the input is not grouped.
    pub fn check(&mut self, case_id: &str) {
        if self.ungrouped.is_none() && self.seen.contains(&id_hash(case_id)) {
            self.ungrouped = Some(case_id.to_string());
        }
    }

    /// A case begins.
    pub fn begin(&mut self, case_id: &str) {
        self.check(case_id);
        self.seen.insert(id_hash(case_id));
    }

    pub fn hand_on(&mut self, draft: Draft, records: usize) {
        if self.given_up() {
            return;
        }
        self.batch.push(draft);
        if self.batch.len() >= BATCH {
            self.flush(records);
        }
    }

    fn flush(&mut self, records: usize) {
        let drafts = std::mem::take(&mut self.batch);
        if !self.closed && self.tx.send(Batch { drafts, records }).is_err() {
            self.closed = true;
        }
    }

    pub fn given_up(&self) -> bool {
        self.ungrouped.is_some() || self.closed
    }
}

impl Collector {
    fn streaming(file: &str, tx: SyncSender<Batch>) -> Collector {
        let mut c = Collector::new(file);
        c.outlet = Some(Outlet {
            tx,
            batch: Vec::with_capacity(BATCH),
            seen: HashSet::new(),
            ungrouped: None,
            closed: false,
        });
        c
    }

    /// Hands on the last case and closes the stream (the sending end is dropped, so the
    /// taking side sees the end); the case id that came again, if one did.
    fn finish_stream(&mut self) -> Option<String> {
        let mut outlet = self.outlet.take()?;
        if let Some(last) = self.drafts.pop() {
            outlet.hand_on(last, self.records);
        }
        if !outlet.given_up() {
            outlet.flush(self.records);
        }
        outlet.ungrouped
    }
}

/// Reads the inputs into `sink`, streaming where that is exact (see the module comment),
/// and returns what a report needs of them (`cases` left empty) and the route taken.
pub fn audit_inputs(
    paths: &[PathBuf],
    provisions: &ProvisionTable,
    options: &LoadOptions,
    progress: &(dyn Fn(Progress) + Sync),
    sink: &mut dyn CaseSink,
) -> anyhow::Result<(Loaded, Route)> {
    let files = input_files(paths, options);
    let mut route = Route::Collected;
    if let [(path, false)] = files.as_slice() {
        match stream_file(path, provisions, options, progress, sink) {
            Streamed::Done(loaded) => return Ok((loaded, Route::Streamed)),
            Streamed::Ungrouped(case_id) => {
                route = Route::Ungrouped {
                    file: path.display().to_string(),
                    case_id,
                }
            }
            Streamed::No => {}
        }
        sink.reset();
    }
    // No progress bar here: the time goes in reading the files whole.
    let mut loaded = load(paths, provisions, options)?;
    for chunk in loaded.cases.chunks(BATCH) {
        sink.cases(chunk)?;
    }
    loaded.cases = Vec::new();
    Ok((loaded, route))
}

enum Streamed {
    Done(Loaded),
    /// Not streamed: read it the collecting way (which gives any error exactly).
    No,
    Ungrouped(String),
}

fn stream_file(
    path: &Path,
    provisions: &ProvisionTable,
    options: &LoadOptions,
    progress: &(dyn Fn(Progress) + Sync),
    sink: &mut dyn CaseSink,
) -> Streamed {
    let name = path.display().to_string();
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let kind = match ext.as_str() {
        "csv" | "tsv" | "txt" if options.layout.is_none_or(|l| l == Layout::Long) => Kind::Csv,
        "ndjson" | "jsonl" => Kind::Ndjson,
        _ => return Streamed::No,
    };
    let total_bytes = std::fs::metadata(path).map_or(0, |m| m.len());
    let bytes_read = AtomicU64::new(0);
    let (tx, rx) = sync_channel(2);
    let counter = &bytes_read;
    let file = name.as_str();
    std::thread::scope(|scope| {
        // Named, so a profile shows the reading apart from the workers.
        let reader = std::thread::Builder::new()
            .name("reader".into())
            .spawn_scoped(scope, move || {
                let mut c = Collector::streaming(file, tx);
                let read = read_streamed(path, kind, options, &mut c, counter);
                let ungrouped = c.finish_stream();
                (read, c, ungrouped)
            });
        let Ok(reader) = reader else {
            return Streamed::No;
        };
        let taken = take(&name, rx, provisions, sink, &|records, cases| {
            progress(Progress {
                bytes: bytes_read.load(Ordering::Relaxed),
                total_bytes,
                records,
                cases,
            })
        });
        let Ok((read, c, ungrouped)) = reader.join() else {
            return Streamed::No;
        };
        if let Some(case_id) = ungrouped {
            return match kind {
                Kind::Csv => Streamed::Ungrouped(case_id),
                // A case id again in NDJSON is a copy the collecting path rejects, not a
                // question of order.
                Kind::Ndjson => Streamed::No,
            };
        }
        let (Ok(Some((sha256, detected))), Some(taken)) = (read, taken) else {
            return Streamed::No;
        };
        let accepted = c.records.saturating_sub(c.rejects.len());
        Streamed::Done(Loaded {
            cases: Vec::new(),
            inputs: vec![InputSummary {
                path: name.clone(),
                sha256,
                cases: taken.cases,
                events: taken.events,
                rejected: c.rejects.len(),
                detected,
                records: c.records,
                accepted,
                unmapped: c.unmapped,
                cpr_case_ids: taken.cpr_case_ids,
            }],
            rejects: c.rejects,
            warnings: taken.warnings,
        })
    })
}

/// What the audit took of a stream.
struct Taken {
    cases: usize,
    events: usize,
    cpr_case_ids: usize,
    warnings: Vec<Reject>,
}

/// Links each batch of cases (in parallel) and gives it to the sink, in order. `None` when
/// the sink refused a batch or a case is too large: the stream is then given up.
fn take(
    name: &str,
    rx: Receiver<Batch>,
    provisions: &ProvisionTable,
    sink: &mut dyn CaseSink,
    progress: &dyn Fn(u64, u64),
) -> Option<Taken> {
    let mut taken = Taken {
        cases: 0,
        events: 0,
        cpr_case_ids: 0,
        warnings: Vec::new(),
    };
    for batch in rx {
        if batch
            .drafts
            .iter()
            .any(|d| d.events.len() > MAX_CASE_EVENTS)
        {
            return None;
        }
        let linked: Vec<(Case, Vec<Reject>)> = batch
            .drafts
            .into_par_iter()
            .map(|draft| link(name, draft, provisions))
            .collect();
        let mut cases = Vec::with_capacity(linked.len());
        for (case, warnings) in linked {
            taken.events += case.events.len();
            taken.cpr_case_ids += usize::from(crate::privacy::contains_cpr(&case.id));
            taken.warnings.extend(warnings);
            cases.push(case);
        }
        taken.cases += cases.len();
        sink.cases(&cases).ok()?;
        progress(batch.records as u64, taken.cases as u64);
    }
    Some(taken)
}

#[derive(Clone, Copy)]
enum Kind {
    Csv,
    Ndjson,
}

/// Counts the bytes read, for the progress bar; ends the file early when `stop` is set
/// (the check failed: the file is read the collecting way).
struct Counted<'a, R> {
    inner: R,
    read: &'a AtomicU64,
    stop: &'a AtomicBool,
}

impl<R: Read> Read for Counted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.stop.load(Ordering::Relaxed) {
            return Ok(0);
        }
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Reads a file into a streaming collector: `None` when it is not plain UTF-8 text that
/// streams exactly as it would be read whole. The whole file is checked (and hashed) on a
/// thread of its own while it is read; a check that fails stops the reading early.
fn read_streamed(
    path: &Path,
    kind: Kind,
    options: &LoadOptions,
    c: &mut Collector,
    bytes_read: &AtomicU64,
) -> anyhow::Result<Option<(String, Detected)>> {
    let delimiter = match kind {
        Kind::Csv if options.encoding == Some(super::Encoding::Windows1252) => return Ok(None),
        Kind::Csv => Some(options.delimiter),
        Kind::Ndjson => None,
    };
    let Some(head) = peek_text(path, delimiter)? else {
        return Ok(None);
    };
    let failed = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let check = std::thread::Builder::new()
            .name("check".into())
            .spawn_scoped(scope, || {
                let sha256 = check_text(path, &head, &failed);
                if !matches!(sha256, Ok(Some(_))) {
                    failed.store(true, Ordering::Relaxed);
                }
                sha256
            })?;
        let read = read_checked(path, kind, options, &head, c, bytes_read, &failed);
        if !matches!(read, Ok(Some(_))) {
            failed.store(true, Ordering::Relaxed); // the check is not needed
        }
        let sha256 = check.join().unwrap_or(Ok(None))?;
        match (read?, sha256) {
            (Some(detected), Some(sha256)) => Ok(Some((sha256, detected))),
            _ => Ok(None),
        }
    })
}

/// Reads a file whose head was peeked at; `None` when it turns out not to stream.
fn read_checked(
    path: &Path,
    kind: Kind,
    options: &LoadOptions,
    head: &Head,
    c: &mut Collector,
    bytes_read: &AtomicU64,
    failed: &AtomicBool,
) -> anyhow::Result<Option<Detected>> {
    let mut file = std::fs::File::open(path)?;
    if head.bom {
        file.read_exact(&mut [0; 3])?;
    }
    let reader = Counted {
        inner: file,
        read: bytes_read,
        stop: failed,
    };
    let date_format = options.date_format.unwrap_or_default();
    match kind {
        Kind::Csv => {
            let delimiter = head.delimiter.unwrap_or(b',');
            let mut rows = delimited::CsvRows::streamed(reader, delimiter)?;
            let settings = table::TableSettings {
                layout: options.layout,
                date_format,
                mapping: options.mapping.as_ref(),
            };
            let info = table::read(&mut rows, c, &settings)?;
            if info.layout != Layout::Long || rows.cut_short() {
                return Ok(None);
            }
            Ok(Some(Detected {
                format: "csv",
                encoding: Some(if head.bom { "utf-8 (BOM)" } else { "utf-8" }),
                delimiter: Some(delimited::delimiter_name(delimiter)),
                layout: Some(info.layout),
                date_format: Some(info.date_format),
                ..Detected::default()
            }))
        }
        Kind::Ndjson => {
            let reader = std::io::BufReader::with_capacity(1 << 16, reader);
            Ok(Some(json::stream_lines(c, reader, date_format)?))
        }
    }
}

/// What the first block of a file says: it may stream when it is not UTF-16 and, as CSV,
/// its delimiter is known from the header line.
struct Head {
    bom: bool,
    /// `None` for NDJSON.
    delimiter: Option<u8>,
}

/// Block size of the check.
const BLOCK: usize = 1 << 20;

/// `delimiter`: `None` for NDJSON; for CSV, the one given (`Some(Some(d))`) or to detect.
fn peek_text(path: &Path, delimiter: Option<Option<u8>>) -> anyhow::Result<Option<Head>> {
    let mut buf = Vec::with_capacity(BLOCK);
    std::fs::File::open(path)?
        .take(BLOCK as u64)
        .read_to_end(&mut buf)?;
    if buf.starts_with(b"\xFF\xFE") || buf.starts_with(b"\xFE\xFF") {
        return Ok(None);
    }
    let (bom, block) = match buf.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (true, rest),
        None => (false, buf.as_slice()),
    };
    let delimiter = match delimiter {
        None => None,
        Some(Some(d)) => Some(d),
        // The header line must be in the first block to detect it from.
        Some(None) if header_ends_in(block) || buf.len() < BLOCK => {
            let text = match std::str::from_utf8(block) {
                Ok(t) => t,
                Err(e) => std::str::from_utf8(&block[..e.valid_up_to()]).unwrap_or_default(),
            };
            match delimited::detect_delimiter(text) {
                Ok(d) => Some(d),
                Err(_) => return Ok(None),
            }
        }
        Some(None) => return Ok(None),
    };
    Ok(Some(Head { bom, delimiter }))
}

/// One pass over the whole file: its SHA-256 when it is UTF-8 without NUL bytes and, as
/// CSV, no quote is left open; `None` otherwise, or as soon as `stop` is set.
fn check_text(path: &Path, head: &Head, stop: &AtomicBool) -> anyhow::Result<Option<String>> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; BLOCK];
    let mut quotes = head.delimiter.map(delimited::QuoteScan::new);
    // Bytes of a UTF-8 sequence cut at the end of the last block.
    let mut carry = 0;
    let mut first = true;
    loop {
        if stop.load(Ordering::Relaxed) {
            return Ok(None);
        }
        let n = file.read(&mut buf[carry..])?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[carry..carry + n]);
        let mut block = &buf[..carry + n];
        if std::mem::take(&mut first) && head.bom {
            block = block.get(3..).unwrap_or_default();
        }
        if memchr::memchr(0, block).is_some() {
            return Ok(None);
        }
        let valid = match std::str::from_utf8(block) {
            Ok(_) => block.len(),
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(_) => return Ok(None),
        };
        if let Some(q) = &mut quotes {
            q.feed(&block[..valid]);
        }
        let cut = block.len() - valid;
        let end = carry + n;
        buf.copy_within(end - cut..end, 0);
        carry = cut;
    }
    if carry > 0 || quotes.is_some_and(|q| q.unclosed().is_some()) {
        return Ok(None);
    }
    Ok(Some(
        hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
    ))
}

/// Does the header line end (outside quotes) within these bytes?
fn header_ends_in(bytes: &[u8]) -> bool {
    let mut quoted = false;
    for &b in bytes {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => return true,
            _ => {}
        }
    }
    false
}
