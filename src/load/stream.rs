//! The audit's way in: an input grouped by case (a long CSV or NDJSON export, one file, in
//! UTF-8 or Windows-1252) is cut into pieces of whole cases, which the workers read, link and
//! audit in parallel, so memory is bounded by the pieces in flight, not by the file.
//! Anything else — several files, case files beside event files, wide or case-level tables,
//! .xlsx, JSON documents, and an export whose case ids are not grouped — is read (as a stream
//! where it is text) and put together by case id first ([`super::partition`]), in memory up
//! to a budget and through temporary files past it.
//!
//! The two ways give the same result: a stream that meets anything it cannot read exactly
//! as the collecting path would (an error, a case id seen again after another case) is
//! given up, the audit starts over, and the collecting path reads the file.
//!
//! One thread (`split`) reads the file in blocks: it hashes them, checks that they hold no
//! NUL byte, follows the quoting, and cuts the text into pieces of about [`PIECE`] bytes,
//! each ending where a record of another case begins (always at a line end, so never inside
//! a UTF-8 sequence). The pieces go over a channel to the audit, which reads a few at a time
//! in parallel (each on a worker, under the header resolved once; a piece that is not UTF-8
//! gives the stream up), then puts them together in input order: the records read and
//! rejected, the dates, and each case id begun, which must not have been begun before.
use super::delimited::{self, CsvRows, QuoteScan};
use super::fields::{Dates, RawValue, case_id_text};
use super::regroup::GaveUp;
use super::table::{self, Table, TableSettings};
use super::text::Text;
use super::values::DateFormat;
use super::{
    Collector, Detected, Draft, InputSummary, Layout, LoadOptions, Loaded, MAX_CASE_EVENTS,
    Rejects, Unmapped, input_files, json, link, load_partitioned,
};
use crate::model::{Case, ProvisionTable};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

/// The size a piece is cut at, at the first case that begins after it: big enough that a
/// worker reads hundreds of cases at a go, small enough to keep memory flat.
pub(super) const PIECE: usize = 1 << 20;

/// Pieces in the workers' hands, per worker: enough that none waits while the main thread
/// puts one in with those before it.
const IN_FLIGHT_PER_THREAD: usize = 3;

/// How much is read from the file at a time.
const BLOCK: usize = 1 << 18;

/// How much of a file is looked at first: a CSV header line must end in it.
const HEAD: usize = 1 << 20;

/// The longest piece: a case (or a record: a quote left open takes the rest of the file
/// into one) that runs on further gives the stream up, and the file is read the collecting
/// way, which reads it exactly; memory stays flat even then.
const PIECE_LIMIT: usize = 64 << 20;

/// Where the audit's cases go, in input order.
/// Each case is judged first, on any thread, by a function given beside the sink (what it
/// finds is an `F`); the sink takes the cases and what was found, in input order.
pub trait CaseSink<F> {
    fn take(&mut self, judged: Vec<(Case, F)>) -> anyhow::Result<()>;
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
    /// Collected and put together by case first: the input cannot be streamed case by case
    /// (several files, a case file, a wide or case-level table, a JSON document, .xlsx …).
    Collected,
    /// Collected and put together by case after a stream was given up: `case_id` came again
    /// after other cases.
    Ungrouped { file: String, case_id: String },
}

/// A collector reading a piece of a stream: each case is complete when the next begins.
#[derive(Debug, Default)]
pub(crate) struct Outlet {
    /// The cases read, in order.
    done: Vec<Draft>,
    /// Every case id begun, in order: a case begins at each record that names another case
    /// id than the record before it, whether its records are accepted or not (the pieces
    /// are cut there), so a case id that comes again after another case is begun twice.
    begun: Vec<String>,
}

impl Outlet {
    /// A record names this case.
    pub fn note(&mut self, case_id: &str) {
        if self.begun.last().is_none_or(|last| last != case_id) {
            self.begun.push(case_id.to_string());
        }
    }

    /// The case before it is complete.
    pub fn hand_on(&mut self, draft: Draft) {
        self.done.push(draft);
    }
}

impl Collector {
    fn piece(file: &str, keep_rejects: bool) -> Collector {
        let mut c = Collector::new(file, keep_rejects);
        c.outlet = Some(Outlet::default());
        c
    }

    /// The cases read and the case ids begun, in order.
    fn finish_piece(&mut self) -> (Vec<Draft>, Vec<String>) {
        let mut outlet = self.outlet.take().unwrap_or_default();
        outlet.done.extend(self.drafts.pop());
        (outlet.done, outlet.begun)
    }
}

pub(super) fn id_hash(case_id: &str) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    case_id.hash(&mut h);
    h.finish()
}

/// Cases handed to the sink together from the collecting path.
pub(super) const BATCH: usize = 2048;

/// Reads the inputs into `sink`, streaming where that is exact (see the module comment),
/// and returns what a report needs of them (`cases` left empty) and the route taken.
pub fn audit_inputs<F: Send>(
    paths: &[PathBuf],
    provisions: &ProvisionTable,
    options: &LoadOptions,
    progress: &(dyn Fn(Progress) + Sync),
    judge: &(dyn Fn(&Case) -> F + Sync),
    sink: &mut dyn CaseSink<F>,
) -> anyhow::Result<(Loaded, Route)> {
    let files = input_files(paths, options);
    let mut route = Route::Collected;
    if let [(path, false)] = files.as_slice() {
        let mut streamed = stream_file(path, provisions, options, progress, judge, sink);
        if let Streamed::NotUtf8 = streamed
            && super::text::is_windows_1252(path)
        {
            // Detected as the collecting path detects it, then streamed in it.
            sink.reset();
            let options = LoadOptions {
                encoding: Some(super::Encoding::Windows1252),
                ..options.clone()
            };
            streamed = stream_file(path, provisions, &options, progress, judge, sink);
        }
        match streamed {
            Streamed::Done(loaded) => return Ok((*loaded, Route::Streamed)),
            Streamed::Regrouped(loaded, case_id) => {
                let file = path.display().to_string();
                return Ok((*loaded, Route::Ungrouped { file, case_id }));
            }
            Streamed::Ungrouped(case_id) => {
                route = Route::Ungrouped {
                    file: path.display().to_string(),
                    case_id,
                }
            }
            Streamed::No | Streamed::NotUtf8 => {}
        }
        sink.reset();
    }
    // No progress bar here: the inputs are read, then partitioned by case.
    let mut batch = Vec::with_capacity(BATCH);
    let hand_on = |batch: &mut Vec<Case>, sink: &mut dyn CaseSink<F>| {
        let cases = std::mem::take(batch);
        sink.take(
            cases
                .into_par_iter()
                .map(|case| {
                    let found = judge(&case);
                    (case, found)
                })
                .collect(),
        )
    };
    let loaded = load_partitioned(paths, provisions, options, &mut |case| {
        batch.push(case);
        if batch.len() == BATCH {
            hand_on(&mut batch, &mut *sink)?;
        }
        Ok(())
    })?;
    hand_on(&mut batch, sink)?;
    Ok((loaded, route))
}

enum Streamed {
    Done(Box<Loaded>),
    /// Not grouped by case (`case_id` came again after other cases), and regrouped.
    Regrouped(Box<Loaded>, String),
    /// A CSV file that is not UTF-8, its encoding not stated: Windows-1252, maybe.
    NotUtf8,
    /// Not streamed: read it the collecting way (which gives any error exactly).
    No,
    Ungrouped(String),
}

#[derive(Clone, Copy)]
enum Kind {
    Csv,
    Ndjson,
}

fn stream_file<F: Send>(
    path: &Path,
    provisions: &ProvisionTable,
    options: &LoadOptions,
    progress: &(dyn Fn(Progress) + Sync),
    judge: &(dyn Fn(&Case) -> F + Sync),
    sink: &mut dyn CaseSink<F>,
) -> Streamed {
    let piece = options.piece.unwrap_or(PIECE);
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
    let Ok(Some(mut head)) = peek(path, kind, options) else {
        return Streamed::No;
    };
    let date_format = options.date_format.unwrap_or_default();
    let settings = TableSettings {
        layout: options.layout,
        date_format,
        mapping: options.mapping.as_ref(),
    };
    // The header, resolved once for every piece (its refusals are the collecting path's).
    let mut header = Collector::new(&name, false);
    let table = match head.headers.take() {
        Some(headers) => match table::prepare(headers, &mut header, &settings) {
            Ok(table) if table.layout == Layout::Long => Some(table),
            _ => return Streamed::No,
        },
        None => None,
    };
    let reading = Reading {
        file: &name,
        keep_rejects: options.keep_rejects,
        table: table.as_ref(),
        delimiter: head.delimiter.unwrap_or(b','),
        text: head.text,
        date_format,
        provisions,
    };
    let total_bytes = std::fs::metadata(path).map_or(0, |m| m.len());
    let bytes_read = AtomicU64::new(0);
    let report = |records, cases| {
        progress(Progress {
            bytes: bytes_read.load(Ordering::Relaxed),
            total_bytes,
            records,
            cases,
        })
    };
    let (taken, sha256) = std::thread::scope(|scope| {
        let (splitter, rx, spare_tx) =
            Splitter::new(piece, reading.table.map(|t| t.case_col), &head);
        let (head, bytes_read) = (&head, &bytes_read);
        // Named, so a profile shows the splitting apart from the workers.
        let split = std::thread::Builder::new()
            .name("split".into())
            .spawn_scoped(scope, move || splitter.run(path, head, bytes_read));
        let Ok(split) = split else {
            return (Err(Stop::No), None);
        };
        let taken = take(&reading, (rx, spare_tx), judge, sink, &report);
        let sha256 = split.join().ok().and_then(Result::ok).flatten();
        (taken, sha256)
    });
    let mut regrouped = None;
    let (taken, sha256) = match (taken, kind) {
        (Ok(taken), _) => (taken, sha256),
        // A case id again in NDJSON is a copy the collecting path rejects, not a question
        // of order. In CSV, the file is regrouped by case.
        (Err(Stop::Ungrouped(case_id)), Kind::Csv) => {
            sink.reset();
            bytes_read.store(0, Ordering::Relaxed);
            let budget = options.budget.unwrap_or_else(super::partition::budget);
            let Some(table) = reading.table else {
                return Streamed::Ungrouped(case_id);
            };
            let (r, b) = (&reading, &bytes_read);
            match super::regroup::audit(path, &head, table, r, budget, judge, sink, b, &report) {
                Ok((taken, sha256)) => {
                    regrouped = Some(case_id);
                    (taken, Some(sha256))
                }
                // Windows-1252, maybe: detected as the collecting path detects it, then
                // regrouped in it.
                Err(GaveUp::NotText) if options.encoding.is_none() => return Streamed::NotUtf8,
                Err(_) => return Streamed::Ungrouped(case_id),
            }
        }
        (Err(Stop::NotText), Kind::Csv) if options.encoding.is_none() => {
            return Streamed::NotUtf8;
        }
        (Err(_), _) => return Streamed::No,
    };
    let Some(sha256) = sha256 else {
        return Streamed::No;
    };
    if taken.dates.check(&name).is_err() {
        return Streamed::No;
    }
    let detected = match kind {
        Kind::Csv => Detected {
            format: "csv",
            encoding: Some(head.text.name()),
            delimiter: Some(delimited::delimiter_name(reading.delimiter)),
            layout: Some(Layout::Long),
            date_format: Some(taken.dates.describe()),
            ..Detected::default()
        },
        Kind::Ndjson => Detected {
            format: "ndjson",
            encoding: Some("utf-8"),
            date_format: Some(taken.dates.describe()),
            ..Detected::default()
        },
    };
    let rejected = taken.rejects.total();
    let mut unmapped = header.unmapped;
    unmapped.absorb(taken.unmapped);
    let loaded = Box::new(Loaded {
        cases: Vec::new(),
        inputs: vec![InputSummary {
            path: name,
            sha256,
            cases: taken.cases,
            events: taken.events,
            rejected,
            detected,
            records: taken.records,
            accepted: taken.records.saturating_sub(rejected),
            unmapped: unmapped.into_names(),
            cpr_case_ids: taken.cpr_case_ids,
        }],
        rejects: taken.rejects,
        warnings: taken.warnings,
    });
    match regrouped {
        Some(case_id) => Streamed::Regrouped(loaded, case_id),
        None => Streamed::Done(loaded),
    }
}

/// What the workers need to read a piece.
#[derive(Clone, Copy)]
pub(super) struct Reading<'a> {
    pub file: &'a str,
    /// Keep every rejected record (`--rejects`), not only the first listed.
    pub keep_rejects: bool,
    /// The CSV header, resolved; `None` for NDJSON.
    pub table: Option<&'a Table<'a>>,
    pub delimiter: u8,
    /// The encoding of the pieces.
    pub text: Text,
    pub date_format: DateFormat,
    pub provisions: &'a ProvisionTable,
}

/// A piece of a streamed file: whole records of whole cases, from line `line` on (and,
/// regrouped, records on lines of their own: [`CsvRows::placed`]).
pub(super) struct Piece {
    pub bytes: Vec<u8>,
    pub line: u64,
    pub lines: Vec<(usize, u64)>,
}

/// A case read, linked and judged, with what linking it warned of and its draft's ordinal.
pub(super) struct Judged<F> {
    pub case: Case,
    pub found: F,
    pub warnings: Vec<super::Reject>,
    pub ordinal: u64,
}

/// A piece, read, its cases linked and judged.
pub(super) struct PieceRead<F> {
    pub cases: Vec<Judged<F>>,
    pub begun: Vec<String>,
    pub rejects: Rejects,
    /// Keys that feed nothing (NDJSON: the CSV header's are known before the pieces).
    pub unmapped: Unmapped,
    pub records: usize,
    pub dates: Dates,
    /// Not read as the collecting path would read it: an error, or a case over the event
    /// limit (which the collecting path rejects exactly).
    pub failed: bool,
    /// Not in the encoding the stream was read in (UTF-8 unless stated).
    pub not_text: bool,
}

pub(super) fn read_piece<F>(
    r: &Reading,
    piece: &Piece,
    judge: &(dyn Fn(&Case) -> F + Sync),
) -> PieceRead<F> {
    let mut c = Collector::piece(r.file, r.keep_rejects);
    let mut dates = Dates::new(r.date_format);
    // Checked as UTF-8 here, once for the piece (a piece that is not gives the stream up):
    // the cells and lines are slices of it.
    let text = r.text.decode(&piece.bytes);
    let read = match (&text, r.table) {
        (Some(text), Some(table)) => {
            let rows = CsvRows::piece(text, r.delimiter, table.headers(), piece.line);
            table.read_rows(&mut rows.placed(&piece.lines), &mut c, &mut dates)
        }
        (Some(text), None) => {
            json::read_lines(&mut c, &mut dates, text, piece.line, false);
            Ok(())
        }
        (None, _) => Err(anyhow::anyhow!("not {}", r.text.name())),
    };
    let (drafts, begun) = c.finish_piece();
    let not_text = text.is_none();
    let failed = read.is_err() || drafts.iter().any(|d| d.events.len() > MAX_CASE_EVENTS);
    let mut cases = Vec::new();
    if !failed {
        cases.reserve(drafts.len());
        for draft in drafts {
            let ordinal = draft.ordinal;
            let (case, warnings) = link(r.file, draft, r.provisions);
            let found = judge(&case);
            cases.push(Judged {
                case,
                found,
                warnings,
                ordinal,
            });
        }
    }
    PieceRead {
        cases,
        begun,
        rejects: c.rejects,
        unmapped: c.unmapped,
        records: c.records,
        dates,
        failed,
        not_text,
    }
}

/// What the audit took of a stream.
pub(super) struct Taken {
    pub cases: usize,
    pub events: usize,
    pub cpr_case_ids: usize,
    pub records: usize,
    pub rejects: Rejects,
    pub warnings: Rejects,
    pub unmapped: Unmapped,
    pub dates: Dates,
}

/// Why a stream was given up.
enum Stop {
    /// A case id came again after other cases.
    Ungrouped(String),
    /// The sink refused a batch, or a piece was not read as the collecting path reads it.
    No,
    /// A piece was not UTF-8: the file may be Windows-1252.
    NotText,
}

impl Taken {
    /// Puts the next piece with those before it, and its cases in the sink.
    fn add<F>(
        &mut self,
        piece: PieceRead<F>,
        seen: &mut HashSet<u64>,
        sink: &mut dyn CaseSink<F>,
    ) -> Result<(), Stop> {
        if let Some(id) = piece.begun.into_iter().find(|id| !seen.insert(id_hash(id))) {
            return Err(Stop::Ungrouped(id));
        }
        if piece.not_text {
            return Err(Stop::NotText);
        }
        if piece.failed {
            return Err(Stop::No);
        }
        self.records += piece.records;
        self.rejects.append(piece.rejects);
        self.unmapped.absorb(piece.unmapped);
        self.dates.absorb(piece.dates);
        let cases = piece.cases.into_iter().map(|j| self.count(j)).collect();
        sink.take(cases).map_err(|_| Stop::No)
    }

    /// Counts a case handed on, and its warnings, in input order.
    pub(super) fn count<F>(&mut self, judged: Judged<F>) -> (Case, F) {
        let Judged {
            case,
            found,
            warnings,
            ..
        } = judged;
        self.cases += 1;
        self.events += case.events.len();
        self.cpr_case_ids += usize::from(crate::privacy::contains_cpr(&case.id));
        warnings.into_iter().for_each(|w| self.warnings.push(w));
        (case, found)
    }
}

/// Reads, links and judges the pieces on the workers, several at a time, and puts them
/// together in input order on this thread while the workers go on.
fn take<F: Send>(
    r: &Reading,
    (rx, spare): (Receiver<Piece>, SyncSender<Vec<u8>>),
    judge: &(dyn Fn(&Case) -> F + Sync),
    sink: &mut dyn CaseSink<F>,
    progress: &dyn Fn(u64, u64),
) -> Result<Taken, Stop> {
    let mut taken = Taken::new(r);
    // Hashes of the case ids begun: a hash seen again gives the stream up (rarely a
    // collision does; the collecting path then reads the file exactly).
    let mut seen = HashSet::new();
    let read = |piece: Piece| {
        let read = read_piece(r, &piece, judge);
        let _ = spare.try_send(piece.bytes);
        read
    };
    in_order(rx, &read, |read| {
        taken.add(read, &mut seen, sink)?;
        progress(taken.records as u64, taken.cases as u64);
        Ok(())
    })
    .map_err(|e| e.unwrap_or(Stop::No))?;
    Ok(taken)
}

impl Taken {
    pub(super) fn new(r: &Reading) -> Taken {
        Taken {
            cases: 0,
            events: 0,
            cpr_case_ids: 0,
            records: 0,
            rejects: Rejects::new(r.keep_rejects),
            warnings: Rejects::default(),
            unmapped: Unmapped::default(),
            dates: Dates::new(r.date_format),
        }
    }
}

/// Does `work` on the workers to each item `rx` gives, a few at a time, and hands what it
/// gave to `each` on this thread in the order of the items, while the workers go on. An
/// error from `each` stops it; `Err(None)` when a worker's result never came.
pub(super) fn in_order<T: Send, R: Send, E>(
    rx: Receiver<T>,
    work: &(dyn Fn(T) -> R + Sync),
    mut each: impl FnMut(R) -> Result<(), E>,
) -> Result<(), Option<E>> {
    let most = IN_FLIGHT_PER_THREAD * rayon::current_num_threads();
    let (done_tx, done_rx) = std::sync::mpsc::channel();
    rayon::in_place_scope_fifo(|scope| {
        let (mut handed, mut next) = (0usize, 0usize);
        let mut early = std::collections::BTreeMap::new();
        let mut open = true;
        loop {
            while open && handed - next < most {
                let Ok(item) = rx.recv() else {
                    open = false;
                    break;
                };
                let (done, i) = (done_tx.clone(), handed);
                scope.spawn_fifo(move |_| {
                    // A panic is handed on to this thread, which would otherwise wait for
                    // the result for ever.
                    let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(item)));
                    let _ = done.send((i, out));
                });
                handed += 1;
            }
            if next == handed {
                return Ok(());
            }
            let Ok((i, out)) = done_rx.recv() else {
                return Err(None);
            };
            let out = out.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            early.insert(i, out);
            while let Some(out) = early.remove(&next) {
                next += 1;
                each(out).map_err(Some)?;
            }
        }
    })
}

/// What the head of a file (its first MiB) says: it may stream when it is not UTF-16 and,
/// as CSV, its delimiter is known and its header line ends in the head.
pub(super) struct Head {
    bom: bool,
    /// The encoding the pieces are read in (NDJSON: UTF-8).
    text: Text,
    /// `None` for NDJSON.
    delimiter: Option<u8>,
    headers: Option<Vec<String>>,
    /// Where the records begin (after the BOM and the header line), and on which line.
    body_start: usize,
    body_line: u64,
}

fn peek(path: &Path, kind: Kind, options: &LoadOptions) -> anyhow::Result<Option<Head>> {
    let mut buf = Vec::with_capacity(HEAD);
    std::fs::File::open(path)?
        .take(HEAD as u64)
        .read_to_end(&mut buf)?;
    if buf.starts_with(b"\xFF\xFE") || buf.starts_with(b"\xFE\xFF") {
        return Ok(None);
    }
    let (bom, block) = match buf.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (true, rest),
        None => (false, buf.as_slice()),
    };
    let bom_len = if bom { 3 } else { 0 };
    let whole = buf.len() < HEAD;
    let delimiter = match kind {
        Kind::Ndjson => {
            return Ok(Some(Head {
                bom,
                text: Text::Utf8 { bom },
                delimiter: None,
                headers: None,
                body_start: bom_len,
                body_line: 1,
            }));
        }
        // A BOM with Windows-1252 is refused, by the collecting path.
        Kind::Csv if bom && options.encoding == Some(super::Encoding::Windows1252) => {
            return Ok(None);
        }
        Kind::Csv => match options.delimiter {
            Some(d) => d,
            // The header line must be in the head to detect it from.
            None if header_ends_in(block) || whole => {
                let text = match std::str::from_utf8(block) {
                    Ok(t) => t,
                    Err(e) => std::str::from_utf8(&block[..e.valid_up_to()]).unwrap_or_default(),
                };
                match delimited::detect_delimiter(text) {
                    Ok(d) => d,
                    Err(_) => return Ok(None),
                }
            }
            None => return Ok(None),
        },
    };
    let end = match QuoteScan::new(delimiter).next_record_end(block) {
        Some(end) => end,
        None if whole => block.len(),
        None => return Ok(None),
    };
    let text = match options.encoding {
        Some(super::Encoding::Windows1252) => Text::Windows1252,
        _ => Text::Utf8 { bom },
    };
    let Some(header) = text.decode(&block[..end]) else {
        return Ok(None);
    };
    let rows = CsvRows::new(&header, delimiter);
    use super::table::Rows;
    Ok(Some(Head {
        bom,
        text,
        delimiter: Some(delimiter),
        headers: Some(rows.headers().to_vec()),
        body_start: bom_len + end,
        body_line: 1 + delimited::line_breaks(&block[..end]) as u64,
    }))
}

/// Does the header line end (outside quotes) within these bytes?
pub(super) fn header_ends_in(bytes: &[u8]) -> bool {
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

/// Cuts a file into pieces of whole cases (see the module comment) while it checks it.
pub(super) struct Splitter {
    /// The size a piece is cut at ([`PIECE`]).
    piece: usize,
    /// The CSV column of the case id; `None` for NDJSON, where every line is a case.
    case_col: Option<usize>,
    delimiter: u8,
    /// Bytes read and not handed on; they begin at a case's first record.
    pending: Vec<u8>,
    /// `pending[..scanned]` is fed to the quote scan (CSV) or searched for a line end.
    scanned: usize,
    /// A record's end past the piece's size, the case after it not yet known.
    record_end: Option<usize>,
    /// The search for the next case from `record_end` on (CSV).
    next: Option<NextCase>,
    quotes: Option<QuoteScan>,
    /// The encoding of the file.
    text: Text,
    /// The line `pending` begins on.
    line: u64,
    tx: SyncSender<Piece>,
    /// Pieces read, to fill again.
    spare: Receiver<Vec<u8>>,
}

impl Splitter {
    /// A splitter of the file `head` begins, cutting pieces of about `piece` bytes: at the
    /// first case to begin after it, or — no `case_col` — the first record. Its pieces come
    /// on the receiver; the pieces' bytes, read, go back on the sender to be filled again
    /// (fresh memory is paged in and zeroed by the kernel, which cost more than the copy it
    /// saves).
    pub(super) fn new(
        piece: usize,
        case_col: Option<usize>,
        head: &Head,
    ) -> (Splitter, Receiver<Piece>, SyncSender<Vec<u8>>) {
        let threads = rayon::current_num_threads();
        let (tx, rx) = sync_channel(2 * threads);
        let (spare_tx, spare_rx) = sync_channel(IN_FLIGHT_PER_THREAD * threads);
        let splitter = Splitter {
            piece,
            case_col,
            delimiter: head.delimiter.unwrap_or(b','),
            pending: Vec::new(),
            scanned: 0,
            record_end: None,
            next: None,
            quotes: head.delimiter.map(QuoteScan::new),
            text: head.text,
            line: head.body_line,
            tx,
            spare: spare_rx,
        };
        (splitter, rx, spare_tx)
    }

    /// Reads, checks and cuts the whole file: its SHA-256 when it holds no NUL byte and, as
    /// CSV, no quote is left open (whether it is UTF-8 the workers see, piece by piece);
    /// `None` otherwise, when a case runs on past [`PIECE_LIMIT`], or when the audit stopped
    /// taking pieces.
    pub(super) fn run(
        mut self,
        path: &Path,
        head: &Head,
        bytes_read: &AtomicU64,
    ) -> anyhow::Result<Option<String>> {
        let mut file = std::fs::File::open(path)?;
        let mut hasher = Sha256::new();
        // The BOM and the header: hashed and scanned, not handed on.
        let mut skip = head.body_start;
        self.pending.reserve(self.piece + 2 * BLOCK);
        loop {
            let start = self.pending.len();
            let n = (&mut file)
                .take(BLOCK as u64)
                .read_to_end(&mut self.pending)?;
            bytes_read.fetch_add(n as u64, Ordering::Relaxed);
            let eof = n == 0;
            let new = &self.pending[start..];
            hasher.update(new);
            if memchr::memchr(0, new).is_some() {
                return Ok(None);
            }
            if skip > 0 {
                let k = skip.min(self.pending.len());
                let bom = if head.bom && start == 0 { 3.min(k) } else { 0 };
                if let Some(q) = &mut self.quotes {
                    q.feed(&self.pending[bom..k]);
                }
                self.pending.drain(..k);
                skip -= k;
                if skip > 0 {
                    continue;
                }
            }
            loop {
                let cut = match eof {
                    true if self.pending.is_empty() => break,
                    true => self.pending.len(),
                    false => match self.cut() {
                        Some(cut) => cut,
                        None => break,
                    },
                };
                if !self.hand_on(cut) {
                    return Ok(None);
                }
            }
            if eof {
                break;
            }
            if self.pending.len() > PIECE_LIMIT {
                return Ok(None);
            }
        }
        if self.quotes.is_some_and(|q| q.unclosed().is_some()) {
            return Ok(None);
        }
        Ok(Some(super::hex(&hasher.finalize())))
    }

    /// Where the next piece ends: at the first case to begin after its size; `None` while
    /// the bytes read do not tell.
    fn cut(&mut self) -> Option<usize> {
        if self.pending.len() < self.piece {
            return None;
        }
        let end = match self.record_end {
            Some(end) => end,
            None => {
                let from = self.scanned.max(self.piece);
                let read = &self.pending[..];
                let found = match &mut self.quotes {
                    Some(q) => {
                        q.feed(&read[self.scanned..from]);
                        let found = q.next_record_end(&read[from..]).map(|k| from + k);
                        let to = found.unwrap_or(read.len());
                        q.feed(&read[from..to]);
                        self.scanned = to;
                        found
                    }
                    None => {
                        let found = line_end(&read[from..]).map(|k| from + k);
                        // A `\r` last may end a line with the `\n` after it: looked at again.
                        self.scanned =
                            found.unwrap_or(read.len() - usize::from(read.ends_with(b"\r")));
                        found
                    }
                };
                self.record_end = Some(found?);
                found?
            }
        };
        let (Some(col), Some(quotes)) = (self.case_col, &self.quotes) else {
            return Some(end); // every NDJSON line is a case
        };
        let next = self.next.get_or_insert_with(|| NextCase {
            quotes: quotes.clone(),
            fed: end,
            ended: end,
            read: end,
            first: None,
            text: self.text,
        });
        next.find(&self.pending, self.delimiter, col)
    }

    /// Hands on the bytes before `cut` as a piece; false when the audit stopped taking them.
    fn hand_on(&mut self, cut: usize) -> bool {
        if let Some(q) = &mut self.quotes
            && self.scanned < cut
        {
            q.feed(&self.pending[self.scanned..cut]);
        }
        let mut rest = self
            .spare
            .try_recv()
            .unwrap_or_else(|_| Vec::with_capacity(self.piece + 2 * BLOCK));
        rest.clear();
        rest.extend_from_slice(&self.pending[cut..]);
        let mut bytes = std::mem::replace(&mut self.pending, rest);
        bytes.truncate(cut);
        let line = self.line;
        self.line += delimited::line_breaks(&bytes) as u64;
        self.scanned = 0;
        self.record_end = None;
        self.next = None;
        let lines = Vec::new();
        self.tx.send(Piece { bytes, line, lines }).is_ok()
    }
}

/// Where the first line ends in `bytes`: after `\n`, `\r\n` or a lone `\r`; `None` when no
/// line ends in them, or the last byte is a `\r` that a `\n` may follow.
pub(super) fn line_end(bytes: &[u8]) -> Option<usize> {
    let at = memchr::memchr2(b'\n', b'\r', bytes)?;
    match (bytes[at], bytes.get(at + 1)) {
        (b'\n', _) => Some(at + 1),
        (_, Some(b'\n')) => Some(at + 2),
        (_, Some(_)) => Some(at + 1),
        (_, None) => None,
    }
}

/// The search for where the next case begins, from the first record end past a piece's
/// size: each record after it is read once, when it has ended. (One case may run on for
/// many blocks; reading its records again from the start at each block made a case of 62
/// MB take 32 s.)
struct NextCase {
    /// The quote scan at `fed`: the bytes of `pending` before it are fed.
    quotes: QuoteScan,
    fed: usize,
    /// The records before `ended` have ended; those before `read` were read.
    ended: usize,
    read: usize,
    /// The case id of the first record read: the case the piece ends with.
    first: Option<String>,
    text: Text,
}

impl NextCase {
    /// Where in `pending` the first record of another case than the first one's begins;
    /// `None` while the bytes read do not tell. The records are read as the workers read
    /// them, and a case id as the table reads it; a record without one belongs to no case
    /// and cuts nothing.
    fn find(&mut self, pending: &[u8], delimiter: u8, case_col: usize) -> Option<usize> {
        loop {
            let rest = &pending[self.fed..];
            match self.quotes.next_record_end(rest) {
                Some(k) => {
                    self.quotes.feed(&rest[..k]);
                    self.fed += k;
                    self.ended = self.fed;
                }
                None => {
                    // Up to a `\r` last, which a `\n` may follow.
                    let k = rest.len() - usize::from(rest.ends_with(b"\r"));
                    self.quotes.feed(&rest[..k]);
                    self.fed += k;
                    break;
                }
            }
        }
        let Some(text) = self.text.decode(&pending[self.read..self.ended]) else {
            // Not UTF-8: the worker of the piece after this cut gives the stream up.
            return Some(self.read);
        };
        // A place in the text as a place in the bytes: Windows-1252 is a byte a character.
        let raw = |at: usize| match self.text {
            Text::Utf8 { .. } => at,
            Text::Windows1252 => text[..at].chars().count(),
        };
        let mut rows = CsvRows::piece(&text, delimiter, &[], 1);
        while rows.read_record() {
            let (start, _) = rows.record_at();
            let id = rows
                .field(case_col)
                .and_then(|s| case_id_text(&RawValue::Str(s)).ok().flatten());
            match (&self.first, id) {
                (_, None) => {}
                (None, Some(id)) => self.first = Some(id.into_owned()),
                (Some(first), Some(id)) if *first != *id => return Some(self.read + raw(start)),
                (Some(_), Some(_)) => {}
            }
        }
        self.read = self.ended;
        None
    }
}

#[cfg(test)]
mod tests {
    use super::super::load;
    use super::*;

    /// Keeps the cases it is given.
    #[derive(Default)]
    struct Keep(Vec<Case>);

    impl CaseSink<()> for Keep {
        fn take(&mut self, judged: Vec<(Case, ())>) -> anyhow::Result<()> {
            self.0.extend(judged.into_iter().map(|(case, ())| case));
            Ok(())
        }
        fn reset(&mut self) {
            self.0.clear();
        }
    }

    /// An export with what real ones hold: line breaks and delimiters in quoted text,
    /// blank lines, rows without a case id, unreadable dates, ragged rows, and cases of one
    /// row to several; with `\r\n` line ends when `crlf`.
    fn messy_csv(cases: usize, crlf: bool) -> String {
        let nl = if crlf { "\r\n" } else { "\n" };
        let types = ["awareness", "investigation_started", "child_conversation"];
        let mut s = format!("case_id;team;type;date;reason{nl}");
        for i in 0..cases {
            let id = format!("K-{i:04}");
            for r in 0..=i % 4 {
                let kind = types[(i + r) % 3];
                let date = match (i * 7 + r) % 13 {
                    0 => "31-02-2024".to_string(),
                    1 => format!("0{}.03.2024", 1 + r),
                    _ => format!("2024-0{}-1{}", 1 + r, i % 10),
                };
                let reason = match (i + r) % 5 {
                    0 => "\"a \"\"quoted\"\" reason;\nover two lines\"".to_string(),
                    1 => format!("\"{}\"", "x".repeat(i % 50)),
                    _ => String::new(),
                };
                let case = if (i + r) % 11 == 0 { "" } else { id.as_str() };
                s += &format!("{case};Team {};{kind};{date};{reason}", i % 3);
                if (i + r) % 19 == 0 {
                    s += ";extra";
                }
                s += nl;
                if (i + r) % 7 == 0 {
                    s += nl;
                }
            }
        }
        s
    }

    /// The same cases as NDJSON, one a line, with a blank line and a broken one here and
    /// there, keys caseaudit does not know (first met far into the file), and lone `\r`
    /// line ends when `cr`.
    fn messy_ndjson(cases: usize, cr: bool) -> String {
        let nl = if cr { "\r" } else { "\n" };
        let mut s = String::new();
        for i in 0..cases {
            let events: Vec<String> = (0..=i % 4)
                .map(|r| {
                    let colour = if (i + r) % 13 == 12 {
                        r#","colour":"blå""#
                    } else {
                        ""
                    };
                    format!(
                        r#"{{"type":"awareness","date":"2024-0{}-1{}"{colour}}}"#,
                        1 + r,
                        i % 10
                    )
                })
                .collect();
            let note = match i % 17 {
                16 => format!(r#","note_{}":"x""#, i % 3),
                _ => String::new(),
            };
            s += &format!(
                r#"{{"case_id":"K-{i:04}"{note},"events":[{}]}}"#,
                events.join(",")
            );
            s += nl;
            match i % 9 {
                0 => s += nl,
                4 => s += &format!("{{\"case_id\":{nl}"),
                _ => {}
            }
        }
        s
    }

    /// Streams `text` as a file named `name` in pieces of `piece` bytes; what it gives, to
    /// compare with the collecting path, or `None` when the stream was given up.
    fn stream(path: &Path, piece: usize) -> Option<(Vec<Case>, Loaded)> {
        let mut keep = Keep::default();
        let provisions = ProvisionTable::default();
        match stream_file(
            path,
            &provisions,
            &in_pieces(piece),
            &|_| {},
            &|_| (),
            &mut keep,
        ) {
            Streamed::Done(loaded) => Some((keep.0, *loaded)),
            _ => None,
        }
    }

    /// Options that cut a stream into pieces of `piece` bytes.
    fn in_pieces(piece: usize) -> LoadOptions {
        LoadOptions {
            piece: Some(piece),
            ..LoadOptions::default()
        }
    }

    /// The cases read and what was loaded are the collecting path's: the same cases in the
    /// same order, inputs, rejects and warnings (`what` says which reading, if not).
    fn assert_as_collected(cases: &[Case], loaded: &Loaded, collected: &Loaded, what: &str) {
        let all = |r: &Rejects| (r.total(), r.listed().to_vec());
        assert!(cases == collected.cases, "{what}: cases");
        assert_eq!(loaded.inputs, collected.inputs, "{what}");
        assert_eq!(all(&loaded.rejects), all(&collected.rejects), "{what}");
        assert_eq!(all(&loaded.warnings), all(&collected.warnings), "{what}");
    }

    fn assert_streams_as_collected(name: &str, text: &str) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let collected = load(
            std::slice::from_ref(&path),
            &ProvisionTable::default(),
            &LoadOptions::default(),
        )
        .unwrap();
        assert!(!collected.rejects.is_empty(), "the text has rows to reject");
        for piece in [1, 2, 3, 7, 64, 500, 4096, PIECE] {
            let (cases, streamed) = stream(&path, piece).expect("the text streams");
            assert_as_collected(&cases, &streamed, &collected, &format!("{name}, {piece}"));
        }
    }

    #[test]
    fn a_csv_export_reads_in_pieces_of_any_size_as_whole() {
        assert_streams_as_collected("lf.csv", &messy_csv(120, false));
        assert_streams_as_collected("crlf.csv", &messy_csv(120, true));
        let bom = format!("\u{feff}{}", messy_csv(40, true));
        assert_streams_as_collected("bom.csv", &bom);
    }

    /// `text`'s records (under its header) in another order, the same for the same `seed`,
    /// with a blank line here and there.
    fn shuffled(text: &str, seed: u64) -> String {
        let mut rows = CsvRows::new(text, b';');
        let header_end = rows.record_end();
        let mut records = Vec::new();
        while rows.read_record() {
            records.push(&text[rows.record_at().0..rows.record_end()]);
        }
        let mut state = seed;
        for i in (1..records.len()).rev() {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            records.swap(i, (state >> 33) as usize % (i + 1));
        }
        let mut out = text[..header_end].to_string();
        for (i, record) in records.iter().enumerate() {
            out += record;
            if i % 9 == 4 {
                out += "\n";
            }
        }
        out
    }

    /// An export whose cases' rows are scattered audits as the collecting path reads it,
    /// regrouped through buckets of any size and in pieces of any size: the same cases in the
    /// same order (a case whose first rows were rejected where its first accepted row is),
    /// the same rejects in the order of their lines.
    fn assert_regroups_as_collected(path: &Path, options: &LoadOptions) {
        let provisions = ProvisionTable::default();
        let collected = load(
            std::slice::from_ref(&path.to_path_buf()),
            &provisions,
            options,
        );
        let collected = collected.unwrap();
        assert!(
            collected.rejects.total() > 20,
            "the text has rows to reject"
        );
        for (budget, piece) in [
            (0, 1),
            (200, 64),
            (5000, 7),
            (1 << 20, PIECE),
            (1 << 30, 500),
        ] {
            let options = LoadOptions {
                piece: Some(piece),
                budget: Some(budget),
                ..options.clone()
            };
            let mut keep = Keep::default();
            let streamed = stream_file(path, &provisions, &options, &|_| {}, &|_| (), &mut keep);
            let Streamed::Regrouped(regrouped, _) = streamed else {
                panic!("budget {budget}, pieces of {piece}: not regrouped");
            };
            let what = format!("budget {budget}, pieces of {piece}");
            assert_as_collected(&keep.0, &regrouped, &collected, &what);
        }
    }

    #[test]
    fn an_export_not_grouped_by_case_audits_regrouped_as_collected() {
        let dir = tempfile::tempdir().unwrap();
        for (seed, crlf) in [(1, false), (2, true), (3, false)] {
            let text = shuffled(&messy_csv(150, crlf), seed);
            // Some case's first row is rejected and a later one accepted: it goes where the
            // accepted one is, not where its first row is.
            let first_rows_rejected = text
                .lines()
                .filter(|l| l.starts_with("K-"))
                .any(|l| l.contains("31-02-2024"));
            assert!(first_rows_rejected);
            let path = dir.path().join(format!("scattered-{seed}.csv"));
            std::fs::write(&path, &text).unwrap();
            assert_regroups_as_collected(&path, &LoadOptions::default());
        }
        // Windows-1252, its Danish letters in the case ids too.
        let text = shuffled(&messy_csv(150, true), 4).replace("K-", "K-Æ");
        let bytes = encoding_rs::WINDOWS_1252.encode(&text).0.into_owned();
        let path = dir.path().join("latin.csv");
        std::fs::write(&path, &bytes).unwrap();
        let options = LoadOptions {
            encoding: Some(super::super::Encoding::Windows1252),
            ..LoadOptions::default()
        };
        assert_regroups_as_collected(&path, &options);
        // Not stated, it is detected and regrouped all the same.
        let provisions = ProvisionTable::default();
        let collected = load(std::slice::from_ref(&path), &provisions, &options).unwrap();
        let unstated = LoadOptions::default();
        let mut keep = Keep::default();
        let streamed = stream_file(&path, &provisions, &unstated, &|_| {}, &|_| (), &mut keep);
        assert!(matches!(streamed, Streamed::NotUtf8));
        let mut keep = Keep::default();
        let paths = std::slice::from_ref(&path);
        let (loaded, route) =
            audit_inputs(paths, &provisions, &unstated, &|_| {}, &|_| (), &mut keep).unwrap();
        assert!(matches!(route, Route::Ungrouped { .. }), "{route:?}");
        assert_eq!(loaded.inputs[0].detected.encoding, Some("windows-1252"));
        assert_as_collected(&keep.0, &loaded, &collected, "detected");
    }

    #[test]
    fn a_regrouping_that_cannot_be_exact_in_bounded_memory_is_given_up_for_the_collecting_path() {
        // More rejected records than are held to be put back in order.
        let mut text = String::from("case_id;type;date\nK1;awareness;2024-01-01\n");
        text += "K2;awareness;2024-01-02\nK1;awareness;2024-01-03\n";
        text += &"K2;awareness;2024-13-45\n".repeat(super::super::regroup::HELD_REJECTS + 1);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rejects.csv");
        std::fs::write(&path, &text).unwrap();
        let provisions = ProvisionTable::default();
        let options = LoadOptions::default();
        let mut keep = Keep::default();
        let streamed = stream_file(&path, &provisions, &options, &|_| {}, &|_| (), &mut keep);
        assert!(matches!(&streamed, Streamed::Ungrouped(id) if id == "K1"));
        // The audit then reads it the collecting way: the same as that path, said the same.
        let collected = load(std::slice::from_ref(&path), &provisions, &options).unwrap();
        let mut keep = Keep::default();
        let paths = std::slice::from_ref(&path);
        let (loaded, route) =
            audit_inputs(paths, &provisions, &options, &|_| {}, &|_| (), &mut keep).unwrap();
        assert!(matches!(route, Route::Ungrouped { .. }), "{route:?}");
        assert_eq!(
            loaded.rejects.total(),
            super::super::regroup::HELD_REJECTS + 1
        );
        assert_as_collected(&keep.0, &loaded, &collected, "given up");
    }

    #[test]
    fn a_windows_1252_export_streams_in_pieces_of_any_size_as_whole() {
        // Danish letters in the case ids too: a cut is found in the decoded text and made in
        // the bytes, where each letter is one byte.
        let text = messy_csv(120, true)
            .replace("K-", "K-Æ")
            .replace("Team", "Tæm Østerbro");
        let bytes = encoding_rs::WINDOWS_1252.encode(&text).0.into_owned();
        assert!(std::str::from_utf8(&bytes).is_err());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("latin.csv");
        std::fs::write(&path, &bytes).unwrap();
        let provisions = ProvisionTable::default();
        let collected = load(
            std::slice::from_ref(&path),
            &provisions,
            &LoadOptions::default(),
        )
        .unwrap();
        assert_eq!(collected.inputs[0].detected.encoding, Some("windows-1252"));
        assert!(!collected.rejects.is_empty(), "the text has rows to reject");
        for piece in [1, 3, 7, 64, 500, 4096, PIECE] {
            let options = LoadOptions {
                encoding: Some(super::super::Encoding::Windows1252),
                piece: Some(piece),
                ..LoadOptions::default()
            };
            let mut keep = Keep::default();
            let streamed = stream_file(&path, &provisions, &options, &|_| {}, &|_| (), &mut keep);
            let Streamed::Done(streamed) = streamed else {
                panic!("in pieces of {piece}: not streamed");
            };
            assert_as_collected(
                &keep.0,
                &streamed,
                &collected,
                &format!("pieces of {piece}"),
            );
        }
        // Not stated, it is detected and streamed all the same.
        let mut keep = Keep::default();
        let (loaded, route) = audit_inputs(
            std::slice::from_ref(&path),
            &provisions,
            &LoadOptions::default(),
            &|_| {},
            &|_| (),
            &mut keep,
        )
        .unwrap();
        assert_eq!(route, Route::Streamed);
        assert!(keep.0 == collected.cases);
        assert_eq!(loaded.inputs, collected.inputs);
    }

    #[test]
    fn an_ndjson_export_reads_in_pieces_of_any_size_as_whole() {
        assert_streams_as_collected("lf.ndjson", &messy_ndjson(120, false));
        assert_streams_as_collected("cr.ndjson", &messy_ndjson(120, true));
    }

    #[test]
    fn a_case_again_after_another_gives_the_stream_up_whatever_the_pieces() {
        let mut text = messy_csv(60, false);
        text += "K-0003;Team 0;awareness;2024-05-05;\n";
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ungrouped.csv");
        std::fs::write(&path, &text).unwrap();
        for piece in [1, 64, PIECE] {
            let mut keep = Keep::default();
            let streamed = stream_file(
                &path,
                &ProvisionTable::default(),
                &in_pieces(piece),
                &|_| {},
                &|_| (),
                &mut keep,
            );
            assert!(
                matches!(&streamed, Streamed::Regrouped(_, id) if id == "K-0003"),
                "in pieces of {piece}"
            );
        }
    }

    #[test]
    fn a_rejected_row_of_another_case_inside_a_case_ungroups_it_wherever_the_cut() {
        // K-1's rows with a row of K-2 among them, rejected (no such date, a ragged row,
        // a swallowed row): the export is not grouped by case, whichever row a piece is cut
        // at. (Only accepted rows began a case, and the cut only found the rejected one when
        // a piece ended just before it.)
        let rows = [
            "K-2;T;awareness;2024-13-45;",
            "K-2;T;awareness",
            "K-2;T;awareness;2024-01-01;\"a\nK-7;T;awareness;2024-01-01;x\"",
        ];
        for row in rows {
            let mut text = String::from("case_id;team;type;date;reason\n");
            text += &"K-1;T;awareness;2024-01-02;\n".repeat(40);
            text += &format!("{row}\n");
            text += &"K-1;T;awareness;2024-01-03;\n".repeat(40);
            text += "K-3;T;awareness;2024-01-04;\n";
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("ungrouped.csv");
            std::fs::write(&path, &text).unwrap();
            for piece in [1, 64, 1000, 1024, 1100, PIECE] {
                let streamed = stream_file(
                    &path,
                    &ProvisionTable::default(),
                    &in_pieces(piece),
                    &|_| {},
                    &|_| (),
                    &mut Keep::default(),
                );
                assert!(
                    matches!(&streamed, Streamed::Regrouped(_, id) if id == "K-1"),
                    "{row:?} in pieces of {piece}"
                );
            }
        }
    }

    #[test]
    fn the_next_case_is_found_as_the_bytes_come_in() {
        // Where the search finds the next case in `text`, given it `step` bytes at a time
        // (cutting rows, quoted line breaks and Danish letters), and how much it had then.
        let find = |text: &str, step: usize| {
            let mut next = NextCase {
                quotes: QuoteScan::new(b';'),
                fed: 0,
                ended: 0,
                read: 0,
                first: None,
                text: Text::Utf8 { bom: false },
            };
            (step..text.len() + step).step_by(step).find_map(|to| {
                let to = to.min(text.len());
                next.find(&text.as_bytes()[..to], b';', 0)
                    .map(|at| (at, to))
            })
        };
        let row = "K-1;Familierådgivningen;awareness;2024-01-01;\"a;b\nK-3;c\"\n";
        let first = row.repeat(40_000 / row.len());
        let text = format!("{first}\n\nK-2;Team;awareness;2024-01-02;\n");
        for step in [1, 7, 1000, 4096, text.len()] {
            // Known once the next case's row has ended, not before.
            assert_eq!(
                find(&text, step),
                Some((first.len() + 2, text.len())),
                "{step}"
            );
            assert_eq!(find(&text[..text.len() - 1], step), None, "{step}");
        }
        // Rows without a case id cut nothing.
        let text = "K-1;a\n;b\n  ;c\nK-2;d\n";
        assert_eq!(find(text, 3).map(|(at, _)| at), text.find("K-2"));
    }

    #[test]
    #[should_panic(expected = "judged")]
    fn a_panic_on_a_worker_reaches_the_caller_rather_than_a_wait_for_ever() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.csv");
        std::fs::write(&path, messy_csv(40, false)).unwrap();
        let judge = |_: &Case| panic!("judged");
        let provisions = ProvisionTable::default();
        let mut keep = Keep::default();
        stream_file(
            &path,
            &provisions,
            &in_pieces(64),
            &|_| {},
            &judge,
            &mut keep,
        );
    }

    #[test]
    fn what_is_not_checked_text_does_not_stream() {
        let dir = tempfile::tempdir().unwrap();
        let csv = messy_csv(30, false);
        let unclosed = format!("{csv}K-9999;Team 0;awareness;2024-01-01;\"never closed\n");
        let nul = format!("{csv}K-9999;Team\0;awareness;2024-01-01;\n");
        // UTF-8 (`æ`) and a byte that is not: streamed as UTF-8, then given up.
        let mut latin = csv.clone().into_bytes();
        latin.extend(b"K-9999;Team \xc3\xa6;awareness;2024-01-01;\n");
        latin.extend(b"K-9999;Team \xe6;awareness;2024-01-01;\n");
        let mut latin_ndjson = messy_ndjson(30, false).into_bytes();
        latin_ndjson.extend(b"{\"case_id\":\"K-\xe6\",\"events\":[]}\n");
        let mut cut_short = messy_ndjson(30, false).into_bytes();
        cut_short.extend(b"{\"case_id\":\"K-\xc3");
        for (name, bytes) in [
            ("unclosed.csv", unclosed.into_bytes()),
            ("nul.csv", nul.into_bytes()),
            ("latin.csv", latin),
            ("latin.ndjson", latin_ndjson),
            ("cut-short.ndjson", cut_short),
        ] {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            for piece in [1, 64, PIECE] {
                assert!(
                    stream(&path, piece).is_none(),
                    "{name} in pieces of {piece}"
                );
            }
        }
    }
}
