//! The inputs that are not one grouped stream — an export whose case ids are scattered,
//! several event files, case-level files beside them, wide tables, JSON documents, workbooks
//! — are put together here, by case id, in bounded memory (docs/performance.md, "Inputs that
//! do not stream as one grouped file").
//!
//! The loaders hand their cases over as *drafts*: a case as far as one stretch of one file
//! gave it, with the ordinal of its first record (its file's place among the inputs, then
//! the draft's place in the file). While what is held stays under the budget, the drafts
//! stay in memory. Past it, every draft held goes to one of [`BUCKETS`] anonymous temporary
//! files, chosen by a hash of its case id, and so does every later one: a case's drafts all
//! land in one bucket. The buckets are then read back one at a time: each bucket's drafts
//! are grouped by case id and put together ([`merge_parts`]), and its cases, sorted by
//! ordinal, are written to one more temporary file as a sorted run. The runs are merged by
//! ordinal as the cases are handed on, so they come out in the order the in-memory path
//! gives: the order in which their ids were first seen across the inputs (and cases found
//! only in case-level files after them, in those files' order). Held in memory or spilled,
//! the drafts go through the same grouping, so the two give the same report byte for byte.
//!
//! Putting a case together (contract §2, "Files"): its drafts from event files in ordinal
//! order — their events one after another, their case fields the first value given; an
//! event repeated identically (type, moment and attributes) in a later file is rejected as a
//! duplicate, naming both places — then the case-level file fills the gaps in its fields.
//! The same case id in two case-level files refuses the inputs.
use super::fields::CaseFields;
use super::{Draft, InputSummary, MAX_CASE_EVENTS, Reason, Reject, Rejects, refusal};
use crate::calendar::Moment;
use crate::model::{Attr, AttrType, Case, Event, EventType, ProvisionTable, Value};
use std::collections::HashMap;
use std::fs::File;
use std::hash::{Hash, Hasher};
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};

/// What the drafts held in memory may take before they go to the buckets: with the audit's
/// own memory (the pieces in flight, the results' store, the tallies) the whole audit stays
/// well under 300 MB at a million cases (docs/performance.md).
pub const DEFAULT_BUDGET: usize = 32 << 20;

/// What one record held is counted as (a draft's event with its attributes, or a case's
/// fields): about what a generated export's events take in memory.
pub(crate) const RECORD_COST: usize = 512;

/// The temporary files a spilled input is cut into by case id: at a million cases (about 2.5
/// GB of drafts) a bucket holds about 20 MB.
const BUCKETS: usize = 128;

/// An ordinal is its file's index shifted this far, plus the draft's place in the file.
pub(crate) const FILE_SHIFT: u32 = 40;

/// A merged case's event lines carry their file's index shifted this far, for the messages
/// of linking (a case's events may come from several files).
const LINE_SHIFT: u32 = 44;
const LINE_MASK: u64 = (1 << LINE_SHIFT) - 1;

/// The budget: [`DEFAULT_BUDGET`], or less when the tests say so
/// (`CASEAUDIT_TEST_PARTITION_BUDGET`, bytes; it can only lower it), to force the spill on
/// small inputs.
pub fn budget() -> usize {
    let test = std::env::var("CASEAUDIT_TEST_PARTITION_BUDGET").ok();
    match test.and_then(|b| b.trim().parse::<usize>().ok()) {
        Some(b) => b.min(DEFAULT_BUDGET),
        None => DEFAULT_BUDGET,
    }
}

/// A draft and the input file it came from.
#[derive(Debug)]
pub(crate) struct Part {
    pub file: u32,
    pub draft: Draft,
}

/// The drafts of the inputs read so far: in memory, or in the buckets once past the budget.
#[derive(Debug)]
pub(crate) struct Partition {
    budget: usize,
    /// What the drafts held (here and in the collector reading) are counted as.
    held: usize,
    memory: Vec<Part>,
    /// Empty until the first spill.
    buckets: Vec<BufWriter<File>>,
    error: Option<io::Error>,
    buf: Vec<u8>,
}

impl Partition {
    pub fn new(budget: usize) -> Partition {
        Partition {
            budget,
            held: 0,
            memory: Vec::new(),
            buckets: Vec::new(),
            error: None,
            buf: Vec::new(),
        }
    }

    /// Has anything gone to the buckets?
    pub fn spilled(&self) -> bool {
        !self.buckets.is_empty()
    }

    /// Counts one record more held; true when what is held is past the budget, and the
    /// reader's drafts are to be spilled ([`Partition::spill`]).
    pub fn count(&mut self) -> bool {
        self.held += RECORD_COST;
        self.held > self.budget
    }

    /// Writes the drafts of `file` (and those held of the files before it) to the buckets.
    pub fn spill(&mut self, file: u32, drafts: impl IntoIterator<Item = Draft>) {
        if self.buckets.is_empty() && self.error.is_none() {
            for _ in 0..BUCKETS {
                match tempfile::tempfile() {
                    Ok(f) => self.buckets.push(BufWriter::with_capacity(32 << 10, f)),
                    Err(e) => {
                        self.error = Some(e);
                        break;
                    }
                }
            }
        }
        let earlier = std::mem::take(&mut self.memory);
        let all = earlier
            .into_iter()
            .chain(drafts.into_iter().map(|draft| Part { file, draft }));
        for part in all {
            if self.error.is_some() {
                break;
            }
            self.buf.clear();
            encode_part(&mut self.buf, &part);
            let id = part.draft.fields.case_id.as_deref().unwrap_or_default();
            let bucket = (id_hash(id) % BUCKETS as u64) as usize;
            if let Err(e) = self.buckets[bucket].write_all(&self.buf) {
                self.error = Some(e);
            }
        }
        self.held = 0;
    }

    /// The drafts of a file read to its end.
    pub fn add(&mut self, file: u32, drafts: Vec<Draft>) {
        if self.spilled() || self.error.is_some() {
            self.spill(file, drafts);
        } else {
            self.memory
                .extend(drafts.into_iter().map(|draft| Part { file, draft }));
        }
    }
}

fn id_hash(case_id: &str) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    case_id.hash(&mut h);
    h.finish()
}

/// What is known of an input file once read: all but its drafts.
#[derive(Debug)]
pub(crate) struct FileMeta {
    pub path: String,
    pub sha256: String,
    pub detected: super::Detected,
    pub records: usize,
    pub rejects: Rejects,
    pub unmapped: Vec<String>,
    pub case_file: bool,
}

/// A case put together: where it goes in the order, the file it is counted with, and
/// whether it is only in a case-level file beside event files (a warning).
#[derive(Debug)]
struct Out {
    key: (u8, u64),
    file: u32,
    lone: bool,
    draft: Draft,
}

/// What a file gave, counted as its cases are put together.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    cases: usize,
    events: usize,
    cpr_case_ids: usize,
}

/// An event rejected as a copy of one in an earlier file.
#[derive(Debug)]
struct Dup {
    file: u32,
    line: Option<u64>,
    kind: EventType,
    at: Moment,
    first_file: u32,
    first_line: Option<u64>,
}

/// Why the inputs do not go together; the one that comes first in the inputs is said.
#[derive(Debug)]
enum Refused {
    /// A case in two case-level files (ordered by the second).
    TwoCaseFiles {
        id: String,
        first: u32,
        second: u32,
    },
    TooManyEvents {
        id: String,
        file: u32,
        n: usize,
    },
}

/// The buckets' (or the memory's) cases put together: their counts, copies and refusals.
#[derive(Debug)]
struct Merging<'a> {
    case_file: &'a [bool],
    event_files: bool,
    counts: Vec<Counts>,
    dups: Vec<Dup>,
    refused: Option<((u8, u64), Refused)>,
}

impl Merging<'_> {
    fn refuse(&mut self, key: (u8, u64), why: Refused) {
        if self.refused.as_ref().is_none_or(|(k, _)| key < *k) {
            self.refused = Some((key, why));
        }
    }

    /// Groups `parts` (every draft of the cases they hold) by case id and puts each case
    /// together; the cases, sorted by their place in the order.
    fn merge_parts(&mut self, parts: Vec<Part>) -> Vec<Out> {
        let mut groups: HashMap<String, Vec<Part>, foldhash::fast::RandomState> =
            HashMap::default();
        for part in parts {
            let id = part.draft.fields.case_id.clone().unwrap_or_default();
            groups.entry(id).or_default().push(part);
        }
        let mut outs: Vec<Out> = Vec::with_capacity(groups.len());
        for (id, mut parts) in groups {
            parts.sort_by_key(|p| p.draft.ordinal);
            let (cases, events): (Vec<Part>, Vec<Part>) = parts
                .into_iter()
                .partition(|p| self.case_file[p.file as usize]);
            if let [first, second, ..] = cases.as_slice() {
                self.refuse(
                    (0, second.draft.ordinal),
                    Refused::TwoCaseFiles {
                        id: id.clone(),
                        first: first.file,
                        second: second.file,
                    },
                );
            }
            let case_fields = cases.into_iter().next();
            let out = match (events.is_empty(), case_fields) {
                (true, Some(case)) => Out {
                    key: (1, case.draft.ordinal),
                    file: case.file,
                    lone: self.event_files,
                    draft: case.draft,
                },
                (true, None) => continue,
                (false, case) => {
                    let mut out = self.merge_events(events);
                    if let Some(case) = case {
                        // The event files' own case fields win; the case file fills the gaps.
                        out.draft.fields.fill_from(case.draft.fields);
                    }
                    let n = out.draft.events.len();
                    if n > MAX_CASE_EVENTS {
                        let file = out.file;
                        self.refuse(out.key, Refused::TooManyEvents { id, file, n });
                    }
                    out
                }
            };
            let counts = &mut self.counts[out.file as usize];
            counts.cases += 1;
            counts.cpr_case_ids += usize::from(crate::privacy::contains_cpr(
                out.draft.fields.case_id.as_deref().unwrap_or_default(),
            ));
            outs.push(out);
        }
        outs.sort_by_key(|o| o.key);
        outs
    }

    /// A case's drafts from event files (in ordinal order) as one: events one after another,
    /// a copy of an earlier file's event rejected.
    fn merge_events(&mut self, events: Vec<Part>) -> Out {
        let first_file = events[0].file;
        let several = events.iter().any(|p| p.file != first_file);
        let mut parts = events.into_iter();
        let first = parts.next().expect("a draft");
        let mut draft = Draft {
            fields: first.draft.fields,
            events: Vec::new(),
            line: first.draft.line,
            ordinal: first.draft.ordinal,
        };
        let mut seen: HashMap<u64, Vec<(u32, usize)>> = HashMap::new();
        let rest = std::iter::once((first.file, first.draft.events)).chain(parts.map(|p| {
            draft.fields.fill_from(p.draft.fields.clone());
            (p.file, p.draft.events)
        }));
        let rest: Vec<(u32, Vec<Event>)> = rest.collect();
        for (file, events) in rest {
            for mut event in events {
                if several {
                    let h = event_hash(&event);
                    let copies = seen.entry(h).or_default();
                    let earlier = copies
                        .iter()
                        .find(|(f, i)| *f != file && same_event(&draft.events[*i], &event));
                    if let Some(&(first_file, i)) = earlier {
                        self.dups.push(Dup {
                            file,
                            line: event.line,
                            kind: event.kind,
                            at: event.at,
                            first_file,
                            first_line: draft.events[i].line.map(|l| l & LINE_MASK),
                        });
                        continue;
                    }
                    copies.push((file, draft.events.len()));
                }
                self.counts[file as usize].events += 1;
                event.line = event.line.map(|l| u64::from(file) << LINE_SHIFT | l);
                draft.events.push(event);
            }
        }
        Out {
            key: (0, draft.ordinal),
            file: first_file,
            lone: false,
            draft,
        }
    }
}

/// The same event, wherever it was read: type, moment, ids and attributes.
fn same_event(a: &Event, b: &Event) -> bool {
    a.kind == b.kind
        && a.at == b.at
        && a.id == b.id
        && a.reference == b.reference
        && a.attrs == b.attrs
}

fn event_hash(e: &Event) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    (e.kind, e.at, &e.id, &e.reference).hash(&mut h);
    for (attr, value) in &e.attrs {
        attr.hash(&mut h);
        match value {
            Value::Text(t) => (0u8, &**t).hash(&mut h),
            Value::Choice(c) => (1u8, *c).hash(&mut h),
            Value::Flag(b) => (2u8, *b).hash(&mut h),
            Value::Moment(m) => (3u8, m).hash(&mut h),
        }
    }
    h.finish()
}

/// What the inputs gave, their cases handed to `each` in order (see the module comment).
pub(crate) struct Finished {
    pub inputs: Vec<InputSummary>,
    pub rejects: Rejects,
    pub warnings: Rejects,
}

impl Partition {
    /// Puts the cases of the files read (`files`, in input order) together, links them and
    /// hands them to `each` in order; the inputs' summaries, rejects and warnings.
    pub fn finish(
        mut self,
        files: Vec<FileMeta>,
        provisions: &ProvisionTable,
        each: &mut dyn FnMut(Case) -> anyhow::Result<()>,
    ) -> anyhow::Result<Finished> {
        let case_file: Vec<bool> = files.iter().map(|f| f.case_file).collect();
        let mut merging = Merging {
            case_file: &case_file,
            event_files: case_file.iter().any(|c| !c),
            counts: vec![Counts::default(); files.len()],
            dups: Vec::new(),
            refused: None,
        };
        let owned: Vec<String> = files.iter().map(|f| f.path.clone()).collect();
        let paths: Vec<&str> = owned.iter().map(String::as_str).collect();
        let mut ordered: Box<dyn Iterator<Item = io::Result<Out>>> = if self.spilled() {
            self.spill(0, Vec::new());
            let runs = self.runs(&mut merging)?;
            Box::new(runs.into_iter())
        } else {
            let outs = merging.merge_parts(std::mem::take(&mut self.memory));
            Box::new(outs.into_iter().map(Ok))
        };
        if let Some((_, why)) = merging.refused.take() {
            return Err(refused(why, &paths));
        }
        let mut warnings = Rejects::default();
        for out in &mut ordered {
            let out = out.map_err(temp_error)?;
            let file = paths[out.file as usize];
            let id = out.draft.fields.case_id.clone().unwrap_or_default();
            if out.lone {
                // Often a case id written two ways (`K-1` and `K1`): worth a look.
                warnings.push(Reject {
                    file: file.to_string(),
                    line: out.draft.line,
                    column: Some("case_id".into()),
                    value: Some(id),
                    reason: Reason::new(
                        "ingen hændelsesfil har denne sag; den revideres som en sag uden \
                         hændelser (er sagsnummeret skrevet ens i begge filer?)",
                        "no event file has this case; it is audited as a case without \
                         events (is its id written the same way in both files?)",
                    ),
                });
            }
            let place = |line: Option<u64>| match line {
                Some(l) if out.key.0 == 0 => {
                    (paths[(l >> LINE_SHIFT) as usize], Some(l & LINE_MASK))
                }
                line => (file, line),
            };
            let (mut case, linking) = super::link_placed(out.draft, provisions, &place);
            linking.into_iter().for_each(|w| warnings.push(w));
            if out.key.0 == 0 {
                for event in &mut case.events {
                    event.line = event.line.map(|l| l & LINE_MASK);
                }
            }
            each(case)?;
        }
        // Each file's copies, by line, among its rejected records.
        let mut dups: Vec<Vec<Dup>> = files.iter().map(|_| Vec::new()).collect();
        for dup in merging.dups {
            dups[dup.file as usize].push(dup);
        }
        let keep_all = files.iter().any(|f| f.rejects.keeps_all());
        let mut rejects = Rejects::new(keep_all);
        let mut inputs = Vec::new();
        for ((meta, counts), mut dups) in files.into_iter().zip(merging.counts).zip(dups) {
            dups.sort_by_key(|d| d.line);
            let late: Vec<Reject> = dups.iter().map(|d| dup_reject(d, &paths)).collect();
            let theirs = meta.rejects.with_late(late);
            let rejected = theirs.total();
            inputs.push(InputSummary {
                path: meta.path,
                sha256: meta.sha256,
                cases: counts.cases,
                events: counts.events,
                rejected,
                detected: meta.detected,
                records: meta.records,
                accepted: meta.records.saturating_sub(rejected),
                unmapped: meta.unmapped,
                cpr_case_ids: counts.cpr_case_ids,
            });
            rejects.append(theirs);
        }
        Ok(Finished {
            inputs,
            rejects,
            warnings,
        })
    }

    /// Reads the buckets back one at a time, and writes each one's cases, sorted, as a run
    /// of one temporary file; the runs, merged by their place in the order.
    fn runs(&mut self, merging: &mut Merging) -> anyhow::Result<Runs> {
        let mut out = BufWriter::with_capacity(64 << 10, tempfile::tempfile().map_err(temp_error)?);
        let mut ranges = Vec::with_capacity(BUCKETS);
        let mut written = 0u64;
        let mut buf = Vec::new();
        for bucket in std::mem::take(&mut self.buckets) {
            if let Some(e) = self.error.take() {
                return Err(temp_error(e));
            }
            let mut file = bucket
                .into_inner()
                .map_err(|e| temp_error(e.into_error()))?;
            file.seek(SeekFrom::Start(0)).map_err(temp_error)?;
            let mut parts = Vec::new();
            let mut reader = BufReader::with_capacity(64 << 10, file);
            while let Some(part) = read_part(&mut reader, &mut buf).map_err(temp_error)? {
                parts.push(part);
            }
            drop(reader);
            let start = written;
            for o in merging.merge_parts(parts) {
                buf.clear();
                buf.push(o.key.0);
                buf.extend_from_slice(&o.key.1.to_le_bytes());
                buf.push(u8::from(o.lone));
                encode_part(
                    &mut buf,
                    &Part {
                        file: o.file,
                        draft: o.draft,
                    },
                );
                out.write_all(&buf).map_err(temp_error)?;
                written += buf.len() as u64;
            }
            ranges.push((start, written));
        }
        if let Some(e) = self.error.take() {
            return Err(temp_error(e));
        }
        let file = out.into_inner().map_err(|e| temp_error(e.into_error()))?;
        Runs::new(file, ranges).map_err(temp_error)
    }
}

fn temp_error(e: io::Error) -> anyhow::Error {
    let dir = std::env::temp_dir().display().to_string();
    refusal(
        format!("kunne ikke dele inddata op efter sag i midlertidige filer i {dir}: {e}"),
        format!("could not partition the inputs by case into temporary files in {dir}: {e}"),
    )
}

fn refused(why: Refused, paths: &[&str]) -> anyhow::Error {
    match why {
        Refused::TwoCaseFiles { id, first, second } => {
            let (other, name) = (paths[first as usize], paths[second as usize]);
            refusal(
                format!(
                    "sag {id} står i begge sagsfiler {other} og {name}: angiv hver sags \
                     felter én gang"
                ),
                format!(
                    "case {id} is in both case files {other} and {name}: give each \
                     case's fields once"
                ),
            )
        }
        Refused::TooManyEvents { id, file, n } => {
            let name = paths[file as usize];
            let case = crate::privacy::quoted(&id);
            refusal(
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
            )
        }
    }
}

/// An event rejected as a copy of one in an earlier file, naming both places.
fn dup_reject(d: &Dup, paths: &[&str]) -> Reject {
    let first = paths[d.first_file as usize];
    let at = |word: &str| {
        d.first_line
            .map(|l| format!("{first} {word} {l}"))
            .unwrap_or_else(|| first.to_string())
    };
    let (da, en) = (at("linje"), at("line"));
    Reject {
        file: paths[d.file as usize].to_string(),
        line: d.line,
        column: None,
        value: Some(format!("{} {}", d.kind.name(), d.at)),
        reason: Reason::new(
            format!(
                "samme hændelse (type, tidspunkt og egenskaber) som i {da}; den revideres én gang"
            ),
            format!("the same event (type, moment and attributes) as in {en}; it is audited once"),
        ),
    }
}

/// The sorted runs of one temporary file, merged by their cases' place in the order.
struct Runs {
    file: File,
    /// Per run: its buffer, where in it the next case is, and what is left in the file.
    runs: Vec<Run>,
}

struct Run {
    buf: Vec<u8>,
    at: usize,
    offset: u64,
    end: u64,
    /// The next case of the run, read.
    next: Option<Out>,
}

impl Runs {
    fn new(file: File, ranges: Vec<(u64, u64)>) -> io::Result<Runs> {
        let mut runs = Runs {
            file,
            runs: Vec::new(),
        };
        for (offset, end) in ranges {
            let mut run = Run {
                buf: Vec::new(),
                at: 0,
                offset,
                end,
                next: None,
            };
            run.next = run.read(&runs.file)?;
            runs.runs.push(run);
        }
        Ok(runs)
    }
}

impl Run {
    /// Reads `n` more bytes than are buffered after `at`, if the run has them.
    fn fill(&mut self, file: &File, n: usize) -> io::Result<bool> {
        while self.buf.len() - self.at < n {
            if self.offset >= self.end {
                return Ok(false);
            }
            self.buf.drain(..self.at);
            self.at = 0;
            let want = ((64 << 10).max(n) as u64).min(self.end - self.offset) as usize;
            let old = self.buf.len();
            self.buf.resize(old + want, 0);
            read_exact_at(file, &mut self.buf[old..], self.offset)?;
            self.offset += want as u64;
        }
        Ok(true)
    }

    fn read(&mut self, file: &File) -> io::Result<Option<Out>> {
        if !self.fill(file, 14)? {
            return Ok(None);
        }
        let head = &self.buf[self.at..];
        let class = head[0];
        let ordinal = u64::from_le_bytes(head[1..9].try_into().expect("8 bytes"));
        let lone = head[9] == 1;
        let len = u32::from_le_bytes(head[10..14].try_into().expect("4 bytes")) as usize;
        if !self.fill(file, 14 + len)? {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "a run ends short",
            ));
        }
        let part = decode_part(&self.buf[self.at + 14..self.at + 14 + len])?;
        self.at += 14 + len;
        Ok(Some(Out {
            key: (class, ordinal),
            file: part.file,
            lone,
            draft: part.draft,
        }))
    }
}

#[cfg(unix)]
fn read_exact_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> io::Result<()> {
    while !buf.is_empty() {
        match std::os::windows::fs::FileExt::seek_read(file, buf, offset)? {
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
        }
    }
    Ok(())
}

impl Iterator for Runs {
    type Item = io::Result<Out>;

    fn next(&mut self) -> Option<io::Result<Out>> {
        // Few runs (one per bucket): the least is found by a look at each.
        let i = (0..self.runs.len())
            .filter(|&i| self.runs[i].next.is_some())
            .min_by_key(|&i| self.runs[i].next.as_ref().map(|o| o.key))?;
        let run = &mut self.runs[i];
        let out = run.next.take();
        match run.read(&self.file) {
            Ok(next) => run.next = next,
            Err(e) => return Some(Err(e)),
        }
        out.map(Ok)
    }
}

// A draft as bytes: a length, then its file, ordinal, line, case fields and events.

fn put_u32(buf: &mut Vec<u8>, n: u32) {
    buf.extend_from_slice(&n.to_le_bytes());
}

fn put_u64(buf: &mut Vec<u8>, n: u64) {
    buf.extend_from_slice(&n.to_le_bytes());
}

fn put_str(buf: &mut Vec<u8>, s: &str) {
    put_u32(buf, s.len() as u32);
    buf.extend_from_slice(s.as_bytes());
}

fn put_opt_str(buf: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => {
            buf.push(1);
            put_str(buf, s);
        }
        None => buf.push(0),
    }
}

fn put_opt_u64(buf: &mut Vec<u8>, n: Option<u64>) {
    match n {
        Some(n) => {
            buf.push(1);
            put_u64(buf, n);
        }
        None => buf.push(0),
    }
}

fn put_date(buf: &mut Vec<u8>, d: chrono::NaiveDate) {
    use chrono::Datelike;
    buf.extend_from_slice(&d.num_days_from_ce().to_le_bytes());
}

fn put_moment(buf: &mut Vec<u8>, m: &Moment) {
    use chrono::Timelike;
    put_date(buf, m.date);
    match m.time {
        Some(t) => {
            buf.push(1);
            put_u32(buf, t.num_seconds_from_midnight());
            put_u32(buf, t.nanosecond());
        }
        None => buf.push(0),
    }
}

fn encode_part(buf: &mut Vec<u8>, part: &Part) {
    let start = buf.len();
    put_u32(buf, 0);
    put_u32(buf, part.file);
    let d = &part.draft;
    put_u64(buf, d.ordinal);
    put_opt_u64(buf, d.line);
    let f = &d.fields;
    for text in [&f.case_id, &f.area, &f.municipality, &f.team] {
        put_opt_str(buf, text.as_deref());
    }
    match f.child_birth_date {
        Some(date) => {
            buf.push(1);
            put_date(buf, date);
        }
        None => buf.push(0),
    }
    put_u32(buf, d.events.len() as u32);
    for e in &d.events {
        let kind = EventType::ALL
            .iter()
            .position(|k| *k == e.kind)
            .unwrap_or(0);
        buf.push(kind as u8);
        put_moment(buf, &e.at);
        put_opt_str(buf, e.id.as_deref());
        put_opt_str(buf, e.reference.as_deref());
        put_opt_u64(buf, e.line);
        put_u32(buf, e.attrs.len() as u32);
        for (attr, value) in &e.attrs {
            let a = Attr::ALL.iter().position(|x| x == attr).unwrap_or(0);
            buf.push(a as u8);
            match value {
                Value::Text(t) => {
                    buf.push(0);
                    put_str(buf, t);
                }
                Value::Choice(c) => {
                    buf.push(1);
                    put_str(buf, c);
                }
                Value::Flag(b) => {
                    buf.push(2);
                    buf.push(u8::from(*b));
                }
                Value::Moment(m) => {
                    buf.push(3);
                    put_moment(buf, m);
                }
            }
        }
    }
    let len = (buf.len() - start - 4) as u32;
    buf[start..start + 4].copy_from_slice(&len.to_le_bytes());
}

/// Reads the next draft of a bucket; `None` at its end.
fn read_part(r: &mut impl Read, buf: &mut Vec<u8>) -> io::Result<Option<Part>> {
    let mut len = [0u8; 4];
    match r.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    buf.resize(u32::from_le_bytes(len) as usize, 0);
    r.read_exact(buf)?;
    decode_part(buf).map(Some)
}

struct Cursor<'a> {
    bytes: &'a [u8],
}

fn corrupt() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, "a temporary file was changed")
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> io::Result<&'a [u8]> {
        if self.bytes.len() < n {
            return Err(corrupt());
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }
    fn u8(&mut self) -> io::Result<u8> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> io::Result<u32> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().expect("4")))
    }
    fn i32(&mut self) -> io::Result<i32> {
        Ok(i32::from_le_bytes(self.take(4)?.try_into().expect("4")))
    }
    fn u64(&mut self) -> io::Result<u64> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().expect("8")))
    }
    fn str(&mut self) -> io::Result<&'a str> {
        let n = self.u32()? as usize;
        std::str::from_utf8(self.take(n)?).map_err(|_| corrupt())
    }
    fn opt_str(&mut self) -> io::Result<Option<&'a str>> {
        Ok(match self.u8()? {
            0 => None,
            _ => Some(self.str()?),
        })
    }
    fn opt_u64(&mut self) -> io::Result<Option<u64>> {
        Ok(match self.u8()? {
            0 => None,
            _ => Some(self.u64()?),
        })
    }
    fn date(&mut self) -> io::Result<chrono::NaiveDate> {
        chrono::NaiveDate::from_num_days_from_ce_opt(self.i32()?).ok_or_else(corrupt)
    }
    fn moment(&mut self) -> io::Result<Moment> {
        let date = self.date()?;
        let time = match self.u8()? {
            0 => None,
            _ => {
                let (secs, nanos) = (self.u32()?, self.u32()?);
                Some(
                    chrono::NaiveTime::from_num_seconds_from_midnight_opt(secs, nanos)
                        .ok_or_else(corrupt)?,
                )
            }
        };
        Ok(Moment { date, time })
    }
}

/// A choice by its canonical spelling, as the model keeps it (`&'static str`).
fn choice(attr: Attr, text: &str) -> io::Result<&'static str> {
    let AttrType::Choice(allowed) = attr.value_type() else {
        return Err(corrupt());
    };
    allowed
        .iter()
        .copied()
        .find(|c| *c == text)
        .ok_or_else(corrupt)
}

fn decode_part(bytes: &[u8]) -> io::Result<Part> {
    let mut c = Cursor { bytes };
    let file = c.u32()?;
    let ordinal = c.u64()?;
    let line = c.opt_u64()?;
    let mut texts = [None, None, None, None];
    for t in &mut texts {
        *t = c.opt_str()?.map(str::to_string);
    }
    let [case_id, area, municipality, team] = texts;
    let child_birth_date = match c.u8()? {
        0 => None,
        _ => Some(c.date()?),
    };
    let n = c.u32()? as usize;
    let mut events = Vec::with_capacity(n.min(1 << 16));
    for _ in 0..n {
        let kind = *EventType::ALL.get(c.u8()? as usize).ok_or_else(corrupt)?;
        let at = c.moment()?;
        let id = c.opt_str()?.map(Box::from);
        let reference = c.opt_str()?.map(Box::from);
        let line = c.opt_u64()?;
        let k = c.u32()? as usize;
        let mut attrs = Vec::with_capacity(k.min(64));
        for _ in 0..k {
            let attr = *Attr::ALL.get(c.u8()? as usize).ok_or_else(corrupt)?;
            let value = match c.u8()? {
                0 => Value::Text(Box::from(c.str()?)),
                1 => Value::Choice(choice(attr, c.str()?)?),
                2 => Value::Flag(c.u8()? == 1),
                3 => Value::Moment(c.moment()?),
                _ => return Err(corrupt()),
            };
            attrs.push((attr, value));
        }
        events.push(Event {
            kind,
            at,
            id,
            reference,
            attrs,
            line,
        });
    }
    Ok(Part {
        file,
        draft: Draft {
            fields: CaseFields {
                case_id,
                area,
                municipality,
                team,
                child_birth_date,
            },
            events,
            line,
            ordinal,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(kind: EventType, day: u32, line: u64) -> Event {
        Event {
            kind,
            at: Moment {
                date: chrono::NaiveDate::from_ymd_opt(2024, 3, day).unwrap(),
                time: day
                    .is_multiple_of(2)
                    .then(|| chrono::NaiveTime::from_hms_opt(9, 15, 0).unwrap()),
            },
            id: day.is_multiple_of(3).then(|| Box::from("N1")),
            reference: None,
            attrs: vec![
                (Attr::Reporter, Value::Choice("private")),
                (Attr::Justification, Value::Text("Afslag, fordi …".into())),
                (Attr::AppealGuidance, Value::Flag(true)),
            ],
            line: Some(line),
        }
    }

    fn draft(id: &str, ordinal: u64, events: Vec<Event>) -> Draft {
        Draft {
            fields: CaseFields {
                case_id: Some(id.into()),
                team: Some("Øst".into()),
                ..CaseFields::default()
            },
            events,
            line: None,
            ordinal,
        }
    }

    #[test]
    fn a_draft_reads_back_as_written() {
        let part = Part {
            file: 3,
            draft: draft(
                "K-1",
                (3 << FILE_SHIFT) | 7,
                vec![
                    event(EventType::NotificationReceived, 1, 2),
                    event(EventType::Decision, 6, 9),
                ],
            ),
        };
        let mut buf = Vec::new();
        encode_part(&mut buf, &part);
        let back = read_part(&mut &buf[..], &mut Vec::new()).unwrap().unwrap();
        assert_eq!(back.file, 3);
        assert_eq!(back.draft.ordinal, part.draft.ordinal);
        assert_eq!(back.draft.fields, part.draft.fields);
        assert_eq!(back.draft.events, part.draft.events);
    }

    /// Cases put together from drafts held in memory and from drafts spilled to the buckets
    /// come in the same order, with the same events, whatever order the drafts were given in.
    #[test]
    fn spilled_cases_come_back_in_first_seen_order() {
        // 300 cases over two event files, each case's drafts scattered; the second file
        // repeats some events of the first.
        let drafts = |spill_at: usize| {
            let mut partition = Partition::new(if spill_at == 0 { usize::MAX } else { 0 });
            let mut all = Vec::new();
            for file in 0..2u32 {
                for i in 0..900u64 {
                    let case = (i * 7919 + u64::from(file) * 13) % 300;
                    let ordinal = (u64::from(file) << FILE_SHIFT) | i;
                    let kind =
                        EventType::ALL[((case + i / 300 + u64::from(file) * 2) % 5) as usize];
                    let day = 1 + (case % 27) as u32;
                    all.push((
                        file,
                        draft(&format!("K-{case}"), ordinal, vec![event(kind, day, i + 2)]),
                    ));
                }
            }
            for (file, d) in all {
                partition.add(file, vec![d]);
            }
            let files = (0..2)
                .map(|i| FileMeta {
                    path: format!("f{i}.csv"),
                    sha256: String::new(),
                    detected: super::super::Detected::default(),
                    records: 900,
                    rejects: Rejects::default(),
                    unmapped: Vec::new(),
                    case_file: false,
                })
                .collect();
            let mut cases = Vec::new();
            let done = partition
                .finish(files, &ProvisionTable::default(), &mut |c| {
                    cases.push(c);
                    Ok(())
                })
                .unwrap();
            (cases, done.inputs, done.rejects.listed().to_vec())
        };
        let (memory, inputs, rejects) = drafts(0);
        let (spilled, spilled_inputs, spilled_rejects) = drafts(1);
        assert_eq!(memory.len(), 300);
        assert!(memory == spilled);
        assert_eq!(inputs, spilled_inputs);
        assert_eq!(rejects, spilled_rejects);
        assert!(
            !rejects.is_empty(),
            "the second file repeats events of the first"
        );
        // First-seen order: K-0 (file 0, draft 0), then the ids in the order met.
        let mut first_seen = Vec::new();
        for i in 0..900u64 {
            let id = format!("K-{}", (i * 7919) % 300);
            if !first_seen.contains(&id) {
                first_seen.push(id);
            }
        }
        let ids: Vec<&str> = memory.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, first_seen);
        // The copies are the second file's, in line order.
        assert!(rejects.iter().all(|r| r.file == "f1.csv"));
        assert!(rejects.windows(2).all(|w| w[0].line < w[1].line));
    }
}
