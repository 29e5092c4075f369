//! The listed results of an audit, in input order, in bounded memory. Every format writes
//! the summary before the list, so the list is kept until the report is written: the first
//! [`BUDGET`] rows in memory, the rest spilled to an anonymous temporary file as they come
//! (one compact binary record each, [`codec`]) and read back, in order, by each format that
//! lists them.
//!
//! The temporary file is made by `tempfile::tempfile()` in the system's temporary folder
//! (`TMPDIR`); it has no name on Linux and is deleted when the audit ends, however it ends.
//! It holds the rows as reports show them (masked, and pseudonymised with
//! `--pseudonymize`): see docs/privacy.md.
use super::ResultRow;
use crate::lang::{Msg, OrSay};
use crate::spill::FileRange;
use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Rows kept in memory before the rest are spilled: a row is a few hundred bytes (more with
/// `--include-text`), about 23 MB on generated data; the findings of one
/// municipality seldom reach it.
pub const BUDGET: usize = 65_536;

/// Tests set a smaller budget for the binary through this variable (never a larger one),
/// so that a small export spills.
const BUDGET_FOR_TESTS: &str = "CASEAUDIT_TEST_RESULT_BUDGET";

/// Spilled rows are gathered in memory up to this many bytes, then written in one go.
const WRITE_CHUNK: usize = 64 * 1024;

/// The listed results: push them in order, read them back in that order as often as a
/// format needs.
pub struct ResultStore {
    budget: usize,
    memory: Vec<ResultRow>,
    spill: Option<Spill>,
    len: usize,
    /// Rows read back by the reading under way, for a progress bar.
    read: Arc<AtomicU64>,
}

/// The rows beyond the budget: those in the file, then those not yet written.
struct Spill {
    file: File,
    /// Bytes written to the file: whole records.
    written: u64,
    /// Encoded rows (whole records) waiting to be written.
    pending: Vec<u8>,
    rows: usize,
}

impl Default for ResultStore {
    /// [`BUDGET`] rows in memory, or fewer under [`BUDGET_FOR_TESTS`].
    fn default() -> ResultStore {
        let budget = std::env::var(BUDGET_FOR_TESTS)
            .ok()
            .and_then(|v| v.parse().ok())
            .map_or(BUDGET, |n: usize| n.min(BUDGET));
        ResultStore::with_budget(budget)
    }
}

impl std::fmt::Debug for ResultStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResultStore")
            .field("len", &self.len)
            .field("in_memory", &self.memory.len())
            .field("spilled", &self.spill.as_ref().map_or(0, |s| s.rows))
            .finish()
    }
}

impl ResultStore {
    /// A store that keeps `budget` rows in memory and spills the rest.
    pub fn with_budget(budget: usize) -> ResultStore {
        ResultStore {
            budget,
            memory: Vec::new(),
            spill: None,
            len: 0,
            read: Arc::default(),
        }
    }

    /// How many rows the latest reading ([`ResultStore::iter`]) has given so far: a format
    /// writing the list reads it once (the human formats twice).
    pub fn progress(&self) -> Arc<AtomicU64> {
        self.read.clone()
    }

    /// Adds a row after the others; beyond the budget it goes to the temporary file (made
    /// on the first spill).
    pub fn push(&mut self, row: ResultRow) -> anyhow::Result<()> {
        if self.spill.is_none() && self.memory.len() < self.budget {
            self.memory.push(row);
            self.len += 1;
            return Ok(());
        }
        let spill = match &mut self.spill {
            Some(spill) => spill,
            None => self.spill.insert(Spill::new()?),
        };
        spill
            .push(row)
            .or_say(Msg::CouldNotSpill, std::env::temp_dir().display())?;
        self.len += 1;
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The rows in the order they were pushed. A row that cannot be read back from the
    /// temporary file is an error (and the last item); it never ends the list silently.
    pub fn iter(&self) -> impl Iterator<Item = io::Result<ResultRow>> + '_ {
        let spilled = self.spill.as_ref().map(|spill| SpilledRows {
            lines: BufReader::with_capacity(
                WRITE_CHUNK,
                FileRange::new(&spill.file, 0, spill.written).chain(&spill.pending[..]),
            ),
            record: Vec::new(),
            left: spill.rows,
            failed: false,
        });
        self.read.store(0, Ordering::Relaxed);
        let read = &self.read;
        self.memory
            .iter()
            .cloned()
            .map(Ok)
            .chain(spilled.into_iter().flatten())
            .inspect(move |_| {
                read.fetch_add(1, Ordering::Relaxed);
            })
    }
}

impl Spill {
    fn new() -> anyhow::Result<Spill> {
        let file =
            tempfile::tempfile().or_say(Msg::CouldNotMakeTemp, std::env::temp_dir().display())?;
        Ok(Spill {
            file,
            written: 0,
            pending: Vec::with_capacity(WRITE_CHUNK),
            rows: 0,
        })
    }

    /// A row as a record: its length (4 bytes, little-endian), then [`codec::encode`]'s bytes.
    fn push(&mut self, row: ResultRow) -> io::Result<()> {
        let at = self.pending.len();
        self.pending.extend_from_slice(&[0; 4]);
        codec::encode(&row, &mut self.pending);
        let len = u32::try_from(self.pending.len() - at - 4)
            .map_err(|_| io::Error::other("a listed result of more than 4 GB"))?;
        self.pending[at..at + 4].copy_from_slice(&len.to_le_bytes());
        self.rows += 1;
        if self.pending.len() >= WRITE_CHUNK {
            // A reader may have moved the file's position: write at the end of what is written.
            self.file.seek(SeekFrom::Start(self.written))?;
            self.file.write_all(&self.pending)?;
            self.written += self.pending.len() as u64;
            self.pending.clear();
        }
        Ok(())
    }
}

/// The spilled rows, one record each.
struct SpilledRows<'a> {
    lines: BufReader<io::Chain<FileRange<'a>, &'a [u8]>>,
    record: Vec<u8>,
    /// Rows still to come: the file must hold exactly as many as were pushed.
    left: usize,
    failed: bool,
}

impl SpilledRows<'_> {
    /// The next record's bytes; None at a clean end of the file.
    fn next_record(&mut self) -> Result<Option<&[u8]>, String> {
        let mut len = [0u8; 4];
        let mut got = 0;
        while got < 4 {
            match self.lines.read(&mut len[got..]) {
                Ok(0) if got == 0 => return Ok(None),
                Ok(0) => return Err("it ends inside a row".into()),
                Ok(n) => got += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e.to_string()),
            }
        }
        self.record.resize(u32::from_le_bytes(len) as usize, 0);
        self.lines
            .read_exact(&mut self.record)
            .map_err(|e| match e.kind() {
                io::ErrorKind::UnexpectedEof => "it ends inside a row".to_string(),
                _ => e.to_string(),
            })?;
        Ok(Some(&self.record))
    }
}

impl Iterator for SpilledRows<'_> {
    type Item = io::Result<ResultRow>;

    fn next(&mut self) -> Option<io::Result<ResultRow>> {
        if self.failed {
            return None;
        }
        let left = self.left;
        let row = match self.next_record() {
            Ok(None) if left == 0 => return None,
            Ok(None) => Err(format!("it ends {left} rows early")),
            Ok(Some(_)) if left == 0 => Err("it holds more rows than were written".into()),
            Ok(Some(record)) => codec::decode(record),
            Err(e) => Err(e),
        };
        self.left = self.left.saturating_sub(1);
        Some(row.map_err(|e| {
            self.failed = true;
            io::Error::other(format!(
                "could not read the listed results back from their temporary file: {e}"
            ))
        }))
    }
}

/// A [`ResultRow`] in the temporary file: a compact binary record, not a text format, as the
/// rows are only ever read back by this program (a million rows are written and read back
/// several times faster than as JSON lines: docs/performance.md). Strings are a length and
/// their UTF-8 bytes; numbers little-endian; enums their index; options a tag byte.
mod codec {
    use super::ResultRow;
    use crate::calendar::Moment;
    use crate::model::{Attr, EventType};
    use crate::rules::{Human, Note, Status, What};
    use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};

    pub fn encode(r: &ResultRow, out: &mut Vec<u8>) {
        str(out, &r.case_id);
        opt_str(out, r.team.as_deref());
        opt_str(out, r.group.as_deref());
        uint(out, r.rule as u64);
        uint(out, r.variant as u64);
        out.push(r.status as u8);
        str(out, &r.subject);
        out.push(r.subject_kind as u8);
        for m in [r.start, r.due, r.done] {
            moment(out, m);
        }
        for n in [r.late_days, r.late_hours, r.late_minutes] {
            match n {
                None => out.push(0),
                Some(n) => {
                    out.push(1);
                    out.extend_from_slice(&n.to_le_bytes());
                }
            }
        }
        note(out, &r.note);
        opt_str(out, r.text.as_deref());
        let h = &r.human;
        out.push(h.machine_status.map_or(0, |s| s as u8 + 1));
        match h.waiver {
            None => out.push(0),
            Some(w) => {
                out.push(1);
                uint(out, w as u64);
            }
        }
        match h.pair {
            None => out.push(0),
            Some((a, b)) => out.extend_from_slice(&[1, a as u8, b as u8]),
        }
        out.push(u8::from(h.adjudicated));
    }

    pub fn decode(mut b: &[u8]) -> Result<ResultRow, String> {
        let b = &mut b;
        let row = ResultRow {
            case_id: string(b)?,
            team: opt_string(b)?,
            group: opt_string(b)?,
            rule: read_uint(b)? as usize,
            variant: read_uint(b)? as usize,
            status: status(byte(b)?)?,
            subject: string(b)?,
            subject_kind: event_type(byte(b)?)?,
            start: read_moment(b)?,
            due: read_moment(b)?,
            done: read_moment(b)?,
            late_days: opt_i64(b)?,
            late_hours: opt_i64(b)?,
            late_minutes: opt_i64(b)?,
            note: read_note(b)?,
            text: opt_string(b)?,
            human: Human {
                machine_status: match byte(b)? {
                    0 => None,
                    s => Some(status(s - 1)?),
                },
                waiver: match byte(b)? {
                    0 => None,
                    _ => Some(read_uint(b)? as usize),
                },
                pair: match byte(b)? {
                    0 => None,
                    _ => Some((status(byte(b)?)?, status(byte(b)?)?)),
                },
                adjudicated: byte(b)? != 0,
            },
        };
        if !b.is_empty() {
            return Err(format!("{} bytes too many in a row", b.len()));
        }
        Ok(row)
    }

    /// An unsigned number in 7-bit groups, low first (most are below 128: one byte).
    fn uint(out: &mut Vec<u8>, mut n: u64) {
        while n >= 0x80 {
            out.push(n as u8 | 0x80);
            n >>= 7;
        }
        out.push(n as u8);
    }

    fn str(out: &mut Vec<u8>, s: &str) {
        uint(out, s.len() as u64);
        out.extend_from_slice(s.as_bytes());
    }

    fn opt_str(out: &mut Vec<u8>, s: Option<&str>) {
        match s {
            None => out.push(0),
            Some(s) => {
                out.push(1);
                str(out, s);
            }
        }
    }

    /// A moment exactly: its day counted from 1 January of year 1, and with a time of day
    /// the seconds from midnight and the nanoseconds.
    fn moment(out: &mut Vec<u8>, m: Option<Moment>) {
        let Some(m) = m else {
            out.push(0);
            return;
        };
        out.push(if m.time.is_some() { 2 } else { 1 });
        out.extend_from_slice(&m.date.num_days_from_ce().to_le_bytes());
        if let Some(t) = m.time {
            out.extend_from_slice(&t.num_seconds_from_midnight().to_le_bytes());
            out.extend_from_slice(&t.nanosecond().to_le_bytes());
        }
    }

    fn what(out: &mut Vec<u8>, w: What) {
        match w {
            What::Event(e) => out.extend_from_slice(&[0, e as u8]),
            What::Attr(a) => out.extend_from_slice(&[1, a as u8]),
        }
    }

    fn note(out: &mut Vec<u8>, n: &Note) {
        match n {
            Note::OnTime(w) => tagged(out, 0, *w),
            Note::Late(w) => tagged(out, 1, *w),
            Note::Missing(w) => tagged(out, 2, *w),
            Note::Open(w) => tagged(out, 3, *w),
            Note::Waived(w) => tagged(out, 4, *w),
            Note::WaivedWithoutReason(w) => tagged(out, 5, *w),
            Note::NoDueDate(a) => out.extend_from_slice(&[6, *a as u8]),
            Note::NoProcessingTime => out.push(7),
            Note::Found(w) => tagged(out, 8, *w),
            Note::NotFound(w) => tagged(out, 9, *w),
            Note::StillOpen(w, o) => {
                out.push(10);
                what(out, *w);
                what(out, *o);
            }
            Note::Counted {
                found,
                needed,
                unknown,
            } => {
                out.push(11);
                for n in [found, needed, unknown] {
                    uint(out, u64::from(*n));
                }
            }
            Note::Flag(a, v) => out.extend_from_slice(&[12, *a as u8, u8::from(*v)]),
            Note::Text(a) => out.extend_from_slice(&[13, *a as u8]),
            Note::TextLacks(a, s) => {
                out.extend_from_slice(&[14, *a as u8]);
                str(out, s);
            }
            Note::NotRecorded(attrs) => {
                out.push(15);
                uint(out, attrs.len() as u64);
                out.extend(attrs.iter().map(|a| *a as u8));
            }
            Note::AwaitingReview => out.push(16),
        }
    }

    /// A note's tag, then what it talks about.
    fn tagged(out: &mut Vec<u8>, tag: u8, w: What) {
        out.push(tag);
        what(out, w);
    }

    fn short() -> String {
        "a row ends early".into()
    }

    fn byte(b: &mut &[u8]) -> Result<u8, String> {
        let (&first, rest) = b.split_first().ok_or_else(short)?;
        *b = rest;
        Ok(first)
    }

    fn bytes<'a>(b: &mut &'a [u8], n: usize) -> Result<&'a [u8], String> {
        if b.len() < n {
            return Err(short());
        }
        let (head, rest) = b.split_at(n);
        *b = rest;
        Ok(head)
    }

    fn array<const N: usize>(b: &mut &[u8]) -> Result<[u8; N], String> {
        Ok(bytes(b, N)?.try_into().unwrap_or([0; N]))
    }

    fn read_uint(b: &mut &[u8]) -> Result<u64, String> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let next = byte(b)?;
            n |= u64::from(next & 0x7f) << shift;
            if next < 0x80 {
                return Ok(n);
            }
        }
        Err("a number too long".into())
    }

    fn string(b: &mut &[u8]) -> Result<String, String> {
        let n = usize::try_from(read_uint(b)?).map_err(|e| e.to_string())?;
        String::from_utf8(bytes(b, n)?.to_vec()).map_err(|e| e.to_string())
    }

    fn opt_string(b: &mut &[u8]) -> Result<Option<String>, String> {
        match byte(b)? {
            0 => Ok(None),
            _ => string(b).map(Some),
        }
    }

    fn opt_i64(b: &mut &[u8]) -> Result<Option<i64>, String> {
        match byte(b)? {
            0 => Ok(None),
            _ => Ok(Some(i64::from_le_bytes(array(b)?))),
        }
    }

    fn status(i: u8) -> Result<Status, String> {
        Status::ALL
            .get(usize::from(i))
            .copied()
            .ok_or_else(|| format!("no status {i}"))
    }

    fn read_moment(b: &mut &[u8]) -> Result<Option<Moment>, String> {
        let tag = byte(b)?;
        if tag == 0 {
            return Ok(None);
        }
        let days = i32::from_le_bytes(array(b)?);
        let date = NaiveDate::from_num_days_from_ce_opt(days)
            .ok_or_else(|| format!("no such day: {days}"))?;
        let time = if tag == 2 {
            let (secs, nanos) = (u32::from_le_bytes(array(b)?), u32::from_le_bytes(array(b)?));
            Some(
                NaiveTime::from_num_seconds_from_midnight_opt(secs, nanos)
                    .ok_or_else(|| format!("no such time: {secs} s {nanos} ns"))?,
            )
        } else {
            None
        };
        Ok(Some(Moment { date, time }))
    }

    fn attr(i: u8) -> Result<Attr, String> {
        Attr::ALL
            .get(usize::from(i))
            .copied()
            .ok_or_else(|| format!("no attribute {i}"))
    }

    fn event_type(i: u8) -> Result<EventType, String> {
        EventType::ALL
            .get(usize::from(i))
            .copied()
            .ok_or_else(|| format!("no event type {i}"))
    }

    fn read_what(b: &mut &[u8]) -> Result<What, String> {
        let (kind, i) = (byte(b)?, byte(b)?);
        match kind {
            0 => event_type(i).map(What::Event),
            _ => attr(i).map(What::Attr),
        }
    }

    fn read_note(b: &mut &[u8]) -> Result<Note, String> {
        Ok(match byte(b)? {
            0 => Note::OnTime(read_what(b)?),
            1 => Note::Late(read_what(b)?),
            2 => Note::Missing(read_what(b)?),
            3 => Note::Open(read_what(b)?),
            4 => Note::Waived(read_what(b)?),
            5 => Note::WaivedWithoutReason(read_what(b)?),
            6 => Note::NoDueDate(attr(byte(b)?)?),
            7 => Note::NoProcessingTime,
            8 => Note::Found(read_what(b)?),
            9 => Note::NotFound(read_what(b)?),
            10 => Note::StillOpen(read_what(b)?, read_what(b)?),
            11 => Note::Counted {
                found: u32::try_from(read_uint(b)?).map_err(|e| e.to_string())?,
                needed: u32::try_from(read_uint(b)?).map_err(|e| e.to_string())?,
                unknown: u32::try_from(read_uint(b)?).map_err(|e| e.to_string())?,
            },
            12 => Note::Flag(attr(byte(b)?)?, byte(b)? != 0),
            13 => Note::Text(attr(byte(b)?)?),
            14 => Note::TextLacks(attr(byte(b)?)?, string(b)?),
            15 => {
                let n = read_uint(b)?;
                let mut attrs = Vec::new();
                for _ in 0..n {
                    attrs.push(attr(byte(b)?)?);
                }
                Note::NotRecorded(attrs)
            }
            16 => Note::AwaitingReview,
            tag => return Err(format!("no note {tag}")),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Moment;
    use crate::model::{Attr, EventType};
    use crate::rules::{Human, Note, Status, What};
    use chrono::{NaiveDate, NaiveTime};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// Rows with every optional field unset, and set; every kind of note; text from
    /// outside ASCII; masked and pseudonymised case ids.
    fn rows() -> Vec<ResultRow> {
        let bare = ResultRow {
            case_id: "K-1".into(),
            team: None,
            group: None,
            rule: 0,
            variant: 0,
            status: Status::Pass,
            subject: "N1".into(),
            subject_kind: EventType::NotificationReceived,
            start: None,
            due: None,
            done: None,
            late_days: None,
            late_hours: None,
            late_minutes: None,
            note: Note::NoProcessingTime,
            text: None,
            human: Human::default(),
        };
        let full = ResultRow {
            case_id: "xxxxxx-xxxx/Ærø".into(),
            team: Some("Handicap Øst – børn".into()),
            group: Some("Område \"Nord\"\nlinje 2".into()),
            rule: 17,
            variant: 2,
            status: Status::Fail,
            subject: "decision@2024-03-01T09:15:30/2".into(),
            subject_kind: EventType::Decision,
            start: Some(Moment::day(day(2024, 2, 29))),
            due: Some(Moment::at(
                day(2024, 3, 1),
                NaiveTime::from_hms_nano_opt(23, 59, 59, 999_999_999).unwrap(),
            )),
            done: Some(Moment::at(
                day(1, 1, 1),
                NaiveTime::from_hms_opt(0, 0, 0).unwrap(),
            )),
            late_days: Some(-3),
            late_hours: Some(i64::MAX),
            late_minutes: Some(i64::MIN),
            note: Note::TextLacks(Attr::Justification, "§ 52, stk. 3 — ½ \u{1F600}".into()),
            text: Some("Begrundelse: barnet (010180-xxxx) ønsker …\t\u{0}".into()),
            human: Human {
                machine_status: Some(Status::NotAssessable),
                waiver: Some(4),
                pair: Some((Status::Pass, Status::Exempt)),
                adjudicated: true,
            },
        };
        let notes = [
            Note::OnTime(What::Event(EventType::Decision)),
            Note::Late(What::Attr(Attr::Reason)),
            Note::Missing(What::Event(EventType::NotificationReceived)),
            Note::Open(What::Attr(Attr::NextDue)),
            Note::Waived(What::Attr(Attr::Reason)),
            Note::WaivedWithoutReason(What::Attr(Attr::Reason)),
            Note::NoDueDate(Attr::NextDue),
            Note::Found(What::Event(EventType::Decision)),
            Note::NotFound(What::Attr(Attr::ChildSpokenTo)),
            Note::StillOpen(What::Event(EventType::Decision), What::Attr(Attr::Kind)),
            Note::Counted {
                found: 1,
                needed: 4,
                unknown: 2,
            },
            Note::Flag(Attr::Acute, false),
            Note::Text(Attr::Justification),
            Note::NotRecorded(vec![Attr::Reason, Attr::Outcome]),
            Note::NotRecorded(vec![]),
            Note::AwaitingReview,
        ];
        let mut rows = vec![bare.clone(), full.clone()];
        for (i, note) in notes.into_iter().enumerate() {
            let mut row = if i % 2 == 0 {
                bare.clone()
            } else {
                full.clone()
            };
            row.case_id = format!("P-{i:016x}");
            row.status = Status::ALL[i % Status::ALL.len()];
            row.note = note;
            rows.push(row);
        }
        rows
    }

    fn read(store: &ResultStore) -> Vec<ResultRow> {
        store.iter().collect::<io::Result<_>>().unwrap()
    }

    #[test]
    fn rows_beyond_the_budget_come_back_equal_and_in_order() {
        let rows = rows();
        assert!(rows.len() > 3);
        for budget in [0, 3, rows.len(), BUDGET] {
            let mut store = ResultStore::with_budget(budget);
            for row in rows.clone() {
                store.push(row).unwrap();
            }
            assert_eq!(store.len(), rows.len());
            assert_eq!(store.memory.len(), budget.min(rows.len()));
            assert_eq!(
                store.spill.as_ref().map_or(0, |s| s.rows),
                rows.len().saturating_sub(budget)
            );
            assert_eq!(read(&store), rows, "budget {budget}");
            // Read again, and with two readers at once: each has its own place in the file.
            let (mut a, mut b) = (store.iter(), store.iter());
            for row in &rows {
                assert_eq!(&a.next().unwrap().unwrap(), row);
                assert_eq!(&b.next().unwrap().unwrap(), row);
            }
            assert!(a.next().is_none() && b.next().is_none());
        }
    }

    #[test]
    fn rows_written_to_the_file_and_rows_still_pending_come_back_in_order() {
        // Enough rows that several chunks are written and some stay pending.
        let template = rows();
        let mut store = ResultStore::with_budget(3);
        let mut pushed = Vec::new();
        for i in 0..2_000 {
            let mut row = template[i % template.len()].clone();
            row.subject = format!("{}#{i}", row.subject);
            pushed.push(row.clone());
            store.push(row).unwrap();
            if i == 1_000 {
                // Reading in between moves the file's position; writing goes on at the end.
                assert_eq!(read(&store), pushed);
            }
        }
        let spill = store.spill.as_ref().unwrap();
        assert!(spill.written > 0 && !spill.pending.is_empty());
        assert_eq!(store.len(), 2_000);
        assert_eq!(read(&store), pushed);
    }

    #[test]
    fn the_codec_numbers_enums_as_their_lists_do() {
        // Encoded as `as u8`, decoded by position in ALL: the two must agree.
        for (i, s) in Status::ALL.iter().enumerate() {
            assert_eq!(*s as usize, i);
        }
        for (i, e) in EventType::ALL.iter().enumerate() {
            assert_eq!(*e as usize, i);
        }
        for (i, a) in Attr::ALL.iter().enumerate() {
            assert_eq!(*a as usize, i);
        }
    }

    #[test]
    fn an_empty_store_lists_nothing() {
        let store = ResultStore::with_budget(0);
        assert!(store.is_empty());
        assert_eq!(store.iter().count(), 0);
    }

    #[test]
    fn a_damaged_temporary_file_is_an_error_not_a_panic_nor_a_shorter_list() {
        let rows = rows();
        let mut store = ResultStore::with_budget(2);
        for row in rows.clone() {
            store.push(row).unwrap();
        }
        // Write out what is pending, then cut the file in the middle of a row.
        {
            let spill = store.spill.as_mut().unwrap();
            spill.file.seek(SeekFrom::Start(spill.written)).unwrap();
            spill.file.write_all(&spill.pending).unwrap();
            spill.written += spill.pending.len() as u64;
            spill.pending.clear();
            spill.file.set_len(spill.written / 2).unwrap();
        }
        let read: Vec<io::Result<ResultRow>> = store.iter().collect();
        let last = read.last().unwrap().as_ref().unwrap_err();
        assert!(
            last.to_string()
                .starts_with("could not read the listed results back from their temporary file"),
            "{last}"
        );
        assert_ne!(last.kind(), io::ErrorKind::BrokenPipe);
        assert!(read[..read.len() - 1].iter().all(Result::is_ok));
        assert!(read.len() < rows.len() + 1);

        // A file that ends on a whole line, but early, is an error too.
        let spill = store.spill.as_mut().unwrap();
        spill.file.set_len(0).unwrap();
        spill.written = 0;
        let read: Vec<io::Result<ResultRow>> = store.iter().collect();
        assert_eq!(read.len(), 3);
        let last = read[2].as_ref().unwrap_err().to_string();
        assert!(
            last.ends_with(&format!("it ends {} rows early", rows.len() - 2)),
            "{last}"
        );
    }
}
