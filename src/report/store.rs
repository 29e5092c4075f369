//! The listed results of an audit, in input order, in bounded memory. Every format writes
//! the summary before the list, so the list is kept until the report is written: the first
//! [`BUDGET`] rows in memory, the rest spilled to an anonymous temporary file as they come
//! (one JSON line each) and read back, in order, by each format that lists them.
//!
//! The temporary file is made by `tempfile::tempfile()` in the system's temporary folder
//! (`TMPDIR`); it has no name on Linux and is deleted when the audit ends, however it ends.
//! It holds the rows as reports show them (masked, and pseudonymised with
//! `--pseudonymize`): see docs/privacy.md.
use super::ResultRow;
use crate::calendar::Moment;
use crate::lang::{Msg, OrSay};
use crate::rules::{Human, Note, Status};
use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom, Write};

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
}

/// The rows beyond the budget: those in the file, then those not yet written.
struct Spill {
    file: File,
    /// Bytes written to the file: whole lines.
    written: u64,
    /// Serialized rows (whole lines) waiting to be written.
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
        }
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
                FileRange {
                    file: &spill.file,
                    offset: 0,
                    end: spill.written,
                }
                .chain(&spill.pending[..]),
            ),
            line: String::new(),
            left: spill.rows,
            failed: false,
        });
        self.memory
            .iter()
            .cloned()
            .map(Ok)
            .chain(spilled.into_iter().flatten())
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

    fn push(&mut self, row: ResultRow) -> io::Result<()> {
        serde_json::to_writer(&mut self.pending, &Stored::from(row))?;
        self.pending.push(b'\n');
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

/// The bytes `offset..end` of a file, read through a shared handle: each read seeks first,
/// so two readers of one store (a format reading the rows twice) do not disturb each other.
struct FileRange<'a> {
    file: &'a File,
    offset: u64,
    end: u64,
}

impl Read for FileRange<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = usize::try_from(self.end - self.offset).unwrap_or(usize::MAX);
        if left == 0 {
            return Ok(0);
        }
        let want = buf.len().min(left);
        let mut file = self.file;
        file.seek(SeekFrom::Start(self.offset))?;
        let n = file.read(&mut buf[..want])?;
        if n == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the file is shorter than what was written to it",
            ));
        }
        self.offset += n as u64;
        Ok(n)
    }
}

/// The spilled rows, one JSON line each.
struct SpilledRows<'a> {
    lines: BufReader<io::Chain<FileRange<'a>, &'a [u8]>>,
    line: String,
    /// Rows still to come: the file must hold exactly as many as were pushed.
    left: usize,
    failed: bool,
}

impl Iterator for SpilledRows<'_> {
    type Item = io::Result<ResultRow>;

    fn next(&mut self) -> Option<io::Result<ResultRow>> {
        if self.failed {
            return None;
        }
        self.line.clear();
        let row = match self.lines.read_line(&mut self.line) {
            Ok(0) if self.left == 0 => return None,
            Ok(0) => Err(format!("it ends {} rows early", self.left)),
            Ok(_) if self.left == 0 => Err("it holds more rows than were written".into()),
            Ok(_) => serde_json::from_str::<Stored>(&self.line)
                .map_err(|e| e.to_string())
                .and_then(ResultRow::try_from),
            Err(e) => Err(e.to_string()),
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

/// A [`ResultRow`] as a line of the temporary file.
#[derive(Serialize, Deserialize)]
struct Stored {
    case_id: String,
    team: Option<String>,
    group: Option<String>,
    rule: usize,
    variant: usize,
    status: Status,
    subject: String,
    start: Option<StoredMoment>,
    due: Option<StoredMoment>,
    done: Option<StoredMoment>,
    late_days: Option<i64>,
    late_hours: Option<i64>,
    late_minutes: Option<i64>,
    note: Note,
    text: Option<String>,
    machine_status: Option<Status>,
    waiver: Option<usize>,
    pair: Option<(Status, Status)>,
    adjudicated: bool,
}

/// A moment exactly: its day counted from 1 January of year 1, and with a time of day the
/// seconds from midnight and the nanoseconds.
#[derive(Serialize, Deserialize)]
struct StoredMoment(i32, Option<(u32, u32)>);

impl From<Moment> for StoredMoment {
    fn from(m: Moment) -> StoredMoment {
        StoredMoment(
            m.date.num_days_from_ce(),
            m.time
                .map(|t| (t.num_seconds_from_midnight(), t.nanosecond())),
        )
    }
}

impl TryFrom<StoredMoment> for Moment {
    type Error = String;

    fn try_from(StoredMoment(days, time): StoredMoment) -> Result<Moment, String> {
        let bad = || format!("no such moment: day {days}, time {time:?}");
        let date = NaiveDate::from_num_days_from_ce_opt(days).ok_or_else(bad)?;
        let time = match time {
            Some((secs, nanos)) => {
                Some(NaiveTime::from_num_seconds_from_midnight_opt(secs, nanos).ok_or_else(bad)?)
            }
            None => None,
        };
        Ok(Moment { date, time })
    }
}

impl From<ResultRow> for Stored {
    fn from(r: ResultRow) -> Stored {
        Stored {
            case_id: r.case_id,
            team: r.team,
            group: r.group,
            rule: r.rule,
            variant: r.variant,
            status: r.status,
            subject: r.subject,
            start: r.start.map(Into::into),
            due: r.due.map(Into::into),
            done: r.done.map(Into::into),
            late_days: r.late_days,
            late_hours: r.late_hours,
            late_minutes: r.late_minutes,
            note: r.note,
            text: r.text,
            machine_status: r.human.machine_status,
            waiver: r.human.waiver,
            pair: r.human.pair,
            adjudicated: r.human.adjudicated,
        }
    }
}

impl TryFrom<Stored> for ResultRow {
    type Error = String;

    fn try_from(s: Stored) -> Result<ResultRow, String> {
        let moment = |m: Option<StoredMoment>| m.map(Moment::try_from).transpose();
        Ok(ResultRow {
            case_id: s.case_id,
            team: s.team,
            group: s.group,
            rule: s.rule,
            variant: s.variant,
            status: s.status,
            subject: s.subject,
            start: moment(s.start)?,
            due: moment(s.due)?,
            done: moment(s.done)?,
            late_days: s.late_days,
            late_hours: s.late_hours,
            late_minutes: s.late_minutes,
            note: s.note,
            text: s.text,
            human: Human {
                machine_status: s.machine_status,
                waiver: s.waiver,
                pair: s.pair,
                adjudicated: s.adjudicated,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Attr, EventType};
    use crate::rules::What;

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
