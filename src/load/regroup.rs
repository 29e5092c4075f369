//! An export not grouped by case — one long CSV file whose cases' rows are scattered, as a
//! system that writes events as they happen exports them — audited in two reads, in bounded
//! memory and on every worker (docs/performance.md, "An export not grouped by case").
//!
//! The first read cuts the file into pieces of whole records, in which the workers find each
//! record's case id. On this thread each case id gets its rank (the order in which it was
//! first seen), and each record goes, as the text it is, with its line, to the bucket of its
//! case: a bucket holds the cases of a stretch of ranks, as many as the records seen so far
//! say fill about a quarter of the partition's budget, and its records are written to one
//! temporary file in chunks as they gather.
//!
//! The second read takes the buckets in order of rank. A bucket's records, put in order of
//! rank (a case's in the order of their lines), are an export grouped by case: they are read,
//! linked and judged in pieces on the workers as a grouped stream is, each record on the line
//! it had in the file ([`CsvRows::placed`]).
//!
//! The cases come out in the order of their ranks. That is the collecting path's order (the
//! order in which each case's first accepted record comes) but for a case whose first records
//! were all rejected: it is held back until the cases before its first accepted record have
//! gone. Rejected records are put back in the order of their lines. What cannot be done
//! exactly in bounded memory this way — many cases held back, more rejected records than
//! [`HELD_REJECTS`], a month-first date (whose refusal names the first in the file), a case
//! over the event limit, a file that is not text — gives the regrouping up, and the
//! collecting path reads the file ([`super::partition`]), as before.
use super::Reject;
use super::delimited::CsvRows;
use super::fields::{RawValue, case_id_text};
use super::partition::{self, RECORD_COST};
use super::stream::{
    BATCH, CaseSink, Head, Judged, PIECE, Piece, PieceRead, Reading, Splitter, Taken, id_hash,
    in_order, read_piece,
};
use super::table::{Rows, Table};
use super::text::Text;
use crate::model::Case;
use crate::spill::FileRange;
use std::borrow::Cow;
use std::collections::{BinaryHeap, HashMap};
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{SyncSender, sync_channel};

/// A record in a bucket is its case's rank (4 bytes), its line (8), its length with
/// [`KEYED`] (4), then its text.
const HEADER: usize = 16;

/// The record names a case (else it has no case id, and is read with the case before it).
const KEYED: u32 = 1 << 31;

/// A bucket's records gathered in memory are written out past this many bytes.
const CHUNK: usize = 64 << 10;

/// Rejected records held to be put back in the order of their lines: past this many, the
/// collecting path (which keeps them in a temporary file as they come) reads the file.
pub(super) const HELD_REJECTS: usize = 50_000;

/// Why the regrouping was given up.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum GaveUp {
    /// A piece is not in the encoding read (UTF-8 unless stated): the file may be
    /// Windows-1252.
    NotText,
    /// Anything else: the collecting path reads the file exactly.
    Other,
}

/// Audits the ungrouped CSV file at `path` (its head and header read), regrouped: what was
/// taken and the file's SHA-256, or why the regrouping was given up (the sink may then hold
/// cases: it is to be reset).
#[allow(clippy::too_many_arguments)]
pub(super) fn audit<F: Send>(
    path: &Path,
    head: &Head,
    table: &Table,
    reading: &Reading,
    budget: usize,
    judge: &(dyn Fn(&Case) -> F + Sync),
    sink: &mut dyn CaseSink<F>,
    bytes_read: &AtomicU64,
    progress: &dyn Fn(u64, u64),
) -> Result<(Taken, String), GaveUp> {
    let (buckets, sha256) = first_read(path, head, table, reading, bytes_read, progress, budget)?;
    // The case ids' ranks are not needed again.
    let Buckets { gather, ranks, .. } = buckets;
    drop(ranks);
    // The second read's progress: the bytes of records regrouped, from 0 again.
    bytes_read.store(0, Ordering::Relaxed);
    let taken = second_read(gather, reading, judge, sink, bytes_read, progress);
    Ok((taken.ok_or(GaveUp::Other)?, sha256))
}

/// A piece's records, found by a worker: the piece's text (UTF-8), and each record's place
/// in it, line and case id.
struct Indexed {
    text: Vec<u8>,
    found: Vec<Found>,
}

struct Found {
    start: usize,
    end: usize,
    line: u64,
    /// A hash of its case id: two case ids with one hash (rarely) are seen in the second
    /// read, and give the regrouping up.
    key: Option<u64>,
}

/// Finds the records of a piece and their case ids, as the table reads them; `None` when
/// the piece is not in the file's encoding.
fn index(r: &Reading, case_col: usize, piece: Piece) -> Option<Indexed> {
    let (found, decoded) = {
        let text = r.text.decode(&piece.bytes)?;
        let mut found = Vec::new();
        let mut rows = CsvRows::piece(&text, r.delimiter, &[], piece.line);
        while rows.read_record() {
            let key = rows
                .field(case_col)
                .and_then(|s| case_id_text(&RawValue::Str(s)).ok().flatten())
                .map(|id| id_hash(&id));
            found.push(Found {
                start: rows.record_at().0,
                end: rows.record_end(),
                line: rows.line().unwrap_or_default(),
                key,
            });
        }
        let decoded = match text {
            Cow::Owned(text) => Some(text.into_bytes()),
            Cow::Borrowed(_) => None,
        };
        (found, decoded)
    };
    let text = decoded.unwrap_or(piece.bytes);
    Some(Indexed { text, found })
}

/// The first read: every record to its bucket; the buckets and the file's SHA-256.
fn first_read(
    path: &Path,
    head: &Head,
    table: &Table,
    reading: &Reading,
    bytes_read: &AtomicU64,
    progress: &dyn Fn(u64, u64),
    budget: usize,
) -> Result<(Buckets, String), GaveUp> {
    let mut buckets = Buckets::new(budget / 4).map_err(|_| GaveUp::Other)?;
    let case_col = table.case_col;
    let mut records = 0u64;
    let (taken, sha256) = std::thread::scope(|scope| {
        let (splitter, rx, spare) = Splitter::new(PIECE, None, head);
        let split = std::thread::Builder::new()
            .name("split".into())
            .spawn_scoped(scope, move || splitter.run(path, head, bytes_read));
        let Ok(split) = split else {
            return (Err(Some(GaveUp::Other)), None);
        };
        let work = |piece| index(reading, case_col, piece);
        let taken = in_order(rx, &work, |indexed: Option<Indexed>| {
            let indexed = indexed.ok_or(GaveUp::NotText)?;
            buckets.take(&indexed).map_err(|_| GaveUp::Other)?;
            records += indexed.found.len() as u64;
            progress(records, 0);
            let _ = spare.try_send(indexed.text);
            Ok(())
        });
        let sha256 = split.join().ok().and_then(Result::ok).flatten();
        (taken, sha256)
    });
    taken.map_err(|e| e.unwrap_or(GaveUp::Other))?;
    buckets.gather.flush_all().map_err(|_| GaveUp::Other)?;
    Ok((buckets, sha256.ok_or(GaveUp::Other)?))
}

/// Records gathered by bucket in memory and written to one temporary file in chunks.
struct Gather {
    file: File,
    written: u64,
    list: Vec<Bucket>,
    /// Bytes gathered in memory, not yet written.
    gathered: usize,
    /// About what a bucket's records come to: gathered, at most this much is held.
    target: usize,
}

/// The cases of the ranks `first..first + cases`, and their records.
#[derive(Default)]
struct Bucket {
    first: u32,
    cases: u32,
    bytes: u64,
    gathered: Vec<u8>,
    /// Where its chunks are in the file, and how long each is.
    chunks: Vec<(u64, u64)>,
}

impl Gather {
    /// Adds a record (its header and text, in parts) to bucket `b`.
    fn put(&mut self, b: usize, parts: &[&[u8]]) -> io::Result<()> {
        let bucket = &mut self.list[b];
        let len: usize = parts.iter().map(|p| p.len()).sum();
        parts
            .iter()
            .for_each(|p| bucket.gathered.extend_from_slice(p));
        bucket.bytes += len as u64;
        self.gathered += len;
        if bucket.gathered.len() >= CHUNK {
            self.flush(b)?;
        }
        if self.gathered > self.target {
            self.flush_all()?;
        }
        Ok(())
    }

    fn flush(&mut self, b: usize) -> io::Result<()> {
        let bucket = &mut self.list[b];
        if bucket.gathered.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::take(&mut bucket.gathered);
        // The file is read between writes (a bucket split): written at the end.
        self.file.seek(SeekFrom::Start(self.written))?;
        self.file.write_all(&chunk)?;
        bucket.chunks.push((self.written, chunk.len() as u64));
        self.written += chunk.len() as u64;
        self.gathered -= chunk.len();
        Ok(())
    }

    fn flush_all(&mut self) -> io::Result<()> {
        (0..self.list.len()).try_for_each(|b| self.flush(b))
    }

    /// Reads a chunk written out to the end of `into`.
    fn read(&self, (at, len): (u64, u64), into: &mut Vec<u8>) -> io::Result<()> {
        FileRange::new(&self.file, at, at + len).read_to_end(into)?;
        Ok(())
    }
}

/// The records of the first read, by bucket.
struct Buckets {
    gather: Gather,
    /// Each case id's rank and bucket, by its hash.
    ranks: HashMap<u64, (u32, u32), foldhash::fast::RandomState>,
    /// The rank and bucket of the case last seen first, where a record without a case id
    /// goes.
    last: (u32, u32),
    /// Bytes of records taken.
    bytes: u64,
}

impl Buckets {
    fn new(target: usize) -> io::Result<Buckets> {
        let gather = Gather {
            file: tempfile::tempfile()?,
            written: 0,
            list: Vec::new(),
            gathered: 0,
            target,
        };
        Ok(Buckets {
            gather,
            ranks: HashMap::default(),
            last: (0, 0),
            bytes: 0,
        })
    }

    /// Puts the records of the next piece in their buckets.
    fn take(&mut self, indexed: &Indexed) -> io::Result<()> {
        for found in &indexed.found {
            let (rank, bucket) = match found.key {
                Some(key) => self.rank(key),
                None => self.last,
            };
            if self.gather.list.is_empty() {
                self.gather.list.push(Bucket::default());
            }
            let text = &indexed.text[found.start..found.end];
            // Each record ends its line, so that the next one put after it begins a line.
            let ended = text.ends_with(b"\n") || text.ends_with(b"\r");
            let len = u32::try_from(text.len() + usize::from(!ended))
                .ok()
                .filter(|len| len & KEYED == 0)
                .ok_or_else(|| io::Error::other("a record longer than 2 GiB"))?;
            let word = if found.key.is_some() {
                len | KEYED
            } else {
                len
            };
            let end: &[u8] = if ended { b"" } else { b"\n" };
            let (rank, line, word) = (
                rank.to_le_bytes(),
                found.line.to_le_bytes(),
                word.to_le_bytes(),
            );
            self.gather
                .put(bucket as usize, &[&rank, &line, &word, text, end])?;
            self.bytes += text.len() as u64;
        }
        Ok(())
    }

    /// The rank and bucket of a case id, given on first sight: in the open bucket while its
    /// cases, at the bytes a case has had on average so far, come to less than the target.
    /// (Cases seen early have most of their records still to come, so a bucket may come to
    /// several times the target: the second read splits it.)
    fn rank(&mut self, key: u64) -> (u32, u32) {
        if let Some(&at) = self.ranks.get(&key) {
            return at;
        }
        let rank = self.ranks.len() as u32;
        let seen = u64::from(rank.max(1));
        let target = self.gather.target as u64;
        let room = |b: &Bucket| u64::from(b.cases) * self.bytes < target * seen;
        let list = &mut self.gather.list;
        if !list.last().is_some_and(room) {
            list.push(Bucket {
                first: rank,
                ..Bucket::default()
            });
        }
        let bucket = list.len() - 1;
        list[bucket].cases += 1;
        let at = (rank, bucket as u32);
        self.ranks.insert(key, at);
        self.last = at;
        at
    }
}

/// A piece of a regrouped bucket, and the lines of its cases' first records (ascending).
type Regrouped = (Piece, Vec<u64>);

/// The rank of the record at `at` in a bucket's bytes, its line, its length and whether it
/// names a case.
fn header(bytes: &[u8], at: usize) -> (u32, u64, usize, bool) {
    let word = |from: usize| u32::from_le_bytes(bytes[from..from + 4].try_into().expect("4"));
    let line = u64::from_le_bytes(bytes[at + 4..at + 12].try_into().expect("8 bytes"));
    let len = word(at + 12);
    (word(at), line, (len & !KEYED) as usize, len & KEYED != 0)
}

/// Reads the buckets back in order and cuts each, regrouped by case, into pieces; a bucket
/// that came to more than twice the target is split by rank first.
fn regroup(mut gather: Gather, tx: SyncSender<Regrouped>, done: &AtomicU64) -> io::Result<()> {
    let mut bytes = Vec::new();
    let mut order: Vec<(u32, usize)> = Vec::new();
    let mut todo = std::mem::take(&mut gather.list);
    todo.reverse();
    while let Some(bucket) = todo.pop() {
        if bucket.bytes > 2 * gather.target as u64 && bucket.cases > 1 {
            todo.extend(split(&mut gather, &bucket)?.into_iter().rev());
            continue;
        }
        bytes.clear();
        for &chunk in &bucket.chunks {
            gather.read(chunk, &mut bytes)?;
        }
        order.clear();
        let mut at = 0;
        while at < bytes.len() {
            let (rank, _, len, _) = header(&bytes, at);
            order.push((rank, at));
            at += HEADER + len;
        }
        // Stable: a case's records stay in the order of their lines.
        order.sort_by_key(|&(rank, _)| rank);
        for piece in pieces(&bytes, &order) {
            let len = piece.0.bytes.len() as u64;
            if tx.send(piece).is_err() {
                return Ok(());
            }
            done.fetch_add(len, Ordering::Relaxed);
        }
    }
    Ok(())
}

/// A bucket's records, in `order`, cut into pieces of whole cases.
fn pieces<'a>(bytes: &'a [u8], order: &'a [(u32, usize)]) -> impl Iterator<Item = Regrouped> + 'a {
    let mut order = order.iter().peekable();
    std::iter::from_fn(move || {
        order.peek()?;
        let mut piece = Piece {
            bytes: Vec::with_capacity(PIECE + PIECE / 8),
            line: 0,
            lines: Vec::new(),
        };
        let mut firsts = Vec::new();
        let mut case: Option<(u32, bool)> = None;
        while let Some(&&(rank, at)) = order.peek() {
            if case.is_none_or(|(r, _)| r != rank) {
                if piece.bytes.len() >= PIECE {
                    break;
                }
                case = Some((rank, false));
            }
            let (_, line, len, keyed) = header(bytes, at);
            if let Some((_, first @ false)) = &mut case
                && keyed
            {
                *first = true;
                firsts.push(line);
            }
            if piece.lines.is_empty() {
                piece.line = line;
            }
            piece.lines.push((piece.bytes.len(), line));
            piece
                .bytes
                .extend_from_slice(&bytes[at + HEADER..at + HEADER + len]);
            order.next();
        }
        Some((piece, firsts))
    })
}

/// Splits a bucket into buckets of about the target each, by rank, through the file.
fn split(gather: &mut Gather, bucket: &Bucket) -> io::Result<Vec<Bucket>> {
    let parts = bucket.bytes.div_ceil(gather.target.max(1) as u64).max(2);
    let size = u64::from(bucket.cases).div_ceil(parts) as u32;
    gather.list = (0..bucket.cases.div_ceil(size))
        .map(|i| Bucket {
            first: bucket.first + i * size,
            cases: size.min(bucket.cases - i * size),
            ..Bucket::default()
        })
        .collect();
    let mut chunk = Vec::new();
    for &at_len in &bucket.chunks {
        chunk.clear();
        gather.read(at_len, &mut chunk)?;
        let mut at = 0;
        while at < chunk.len() {
            let (rank, _, len, _) = header(&chunk, at);
            let part = ((rank - bucket.first) / size) as usize;
            gather.put(part, &[&chunk[at..at + HEADER + len]])?;
            at += HEADER + len;
        }
    }
    gather.flush_all()?;
    Ok(std::mem::take(&mut gather.list))
}

/// A case held back: its first records were rejected, and it goes where its first accepted
/// record is (the smallest ordinal first).
struct Late<F>(Judged<F>);

impl<F> PartialEq for Late<F> {
    fn eq(&self, other: &Self) -> bool {
        self.0.ordinal == other.0.ordinal
    }
}

impl<F> Eq for Late<F> {}

impl<F> PartialOrd for Late<F> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl<F> Ord for Late<F> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        other.0.ordinal.cmp(&self.0.ordinal)
    }
}

/// What the second read hands on, in order.
struct Out<'s, F> {
    taken: Taken,
    batch: Vec<(Case, F)>,
    sink: &'s mut dyn CaseSink<F>,
    held: Vec<Reject>,
    late: BinaryHeap<Late<F>>,
    /// What the cases held back are counted as: at most the partition's whole budget,
    /// whatever budget the buckets had.
    late_cost: usize,
}

impl<F> Out<'_, F> {
    fn emit(&mut self, judged: Judged<F>) -> Result<(), ()> {
        let case = self.taken.count(judged);
        self.batch.push(case);
        if self.batch.len() == BATCH {
            self.sink
                .take(std::mem::take(&mut self.batch))
                .map_err(|_| ())?;
        }
        Ok(())
    }

    /// The held-back cases that come before `ordinal`.
    fn emit_late(&mut self, before: u64) -> Result<(), ()> {
        while self.late.peek().is_some_and(|l| l.0.ordinal < before) {
            let Some(Late(judged)) = self.late.pop() else {
                break;
            };
            self.late_cost -= cost(&judged);
            self.emit(judged)?;
        }
        Ok(())
    }

    fn add(&mut self, (read, firsts): (PieceRead<F>, Vec<u64>)) -> Result<(), ()> {
        if read.failed || read.not_text || !distinct(&read.begun) {
            return Err(());
        }
        self.taken.records += read.records;
        self.taken.dates.absorb(read.dates);
        self.taken.unmapped.absorb(read.unmapped);
        self.held.extend(read.rejects.into_listed().ok_or(())?);
        if self.held.len() > HELD_REJECTS {
            return Err(());
        }
        for judged in read.cases {
            if firsts.binary_search(&judged.ordinal).is_ok() {
                self.emit_late(judged.ordinal)?;
                self.emit(judged)?;
            } else {
                self.late_cost += cost(&judged);
                if self.late_cost > partition::DEFAULT_BUDGET {
                    return Err(());
                }
                self.late.push(Late(judged));
            }
        }
        Ok(())
    }
}

/// Is each case id begun once in a regrouped piece? Twice, two case ids had one hash, and
/// their records were put together.
fn distinct(begun: &[String]) -> bool {
    let mut seen = std::collections::HashSet::with_capacity(begun.len());
    begun.iter().all(|id| seen.insert(id.as_str()))
}

/// What a case held back is counted as.
fn cost<F>(judged: &Judged<F>) -> usize {
    RECORD_COST * (1 + judged.case.events.len())
}

/// The second read: the buckets regrouped, read, judged and handed on in order.
fn second_read<F: Send>(
    gather: Gather,
    reading: &Reading,
    judge: &(dyn Fn(&Case) -> F + Sync),
    sink: &mut dyn CaseSink<F>,
    regrouped: &AtomicU64,
    progress: &dyn Fn(u64, u64),
) -> Option<Taken> {
    // The records were decoded in the first read.
    let r = Reading {
        text: Text::Utf8 { bom: false },
        ..*reading
    };
    let mut out = Out {
        taken: Taken::new(&r),
        batch: Vec::with_capacity(BATCH),
        sink,
        held: Vec::new(),
        late: BinaryHeap::new(),
        late_cost: 0,
    };
    let done = std::thread::scope(|scope| {
        let (tx, rx) = sync_channel(2 * rayon::current_num_threads());
        let regrouping = std::thread::Builder::new()
            .name("regroup".into())
            .spawn_scoped(scope, move || regroup(gather, tx, regrouped));
        let Ok(regrouping) = regrouping else {
            return false;
        };
        let work = |(piece, firsts): Regrouped| (read_piece(&r, &piece, judge), firsts);
        let done = in_order(rx, &work, |read| {
            out.add(read)?;
            progress(out.taken.records as u64, out.taken.cases as u64);
            Ok::<(), ()>(())
        });
        let regrouped = regrouping.join().ok().is_some_and(|r| r.is_ok());
        done.is_ok() && regrouped
    });
    if !done {
        return None;
    }
    out.emit_late(u64::MAX).ok()?;
    let Out {
        mut taken,
        batch,
        sink,
        mut held,
        ..
    } = out;
    sink.take(batch).ok()?;
    held.sort_by_key(|r| r.line);
    held.into_iter().for_each(|r| taken.rejects.push(r));
    Some(taken)
}
