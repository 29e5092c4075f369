//! Records rejected (or warned about), in input order, in bounded memory: every one is
//! counted, the first [`LISTED`] are kept to show (in `validate` and the reports), and —
//! when they are to be written out (`--rejects`) — the rest go to an anonymous temporary
//! file as they come (one JSON line each), to be read back in order. Ten million bad rows
//! once held 4.1 GB (about 400 bytes each).
//!
//! The temporary file is made by `tempfile::tempfile()` in the system's temporary folder
//! (`TMPDIR`); it has no name on Linux and is deleted when the run ends, however it ends.
//! It holds the rejected values as read (docs/privacy.md): what `--rejects` writes.
use super::{Reason, Reject};
use crate::spill::FileRange;
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom, Write};

/// How many records are kept to show, in input order (docs/robustness.md): enough to see
/// what is wrong with an export; `--rejects` writes every one.
pub const LISTED: usize = 10_000;

/// Spilled records are gathered in memory up to this many bytes, then written in one go.
const WRITE_CHUNK: usize = 64 * 1024;

/// Rejected records (or warnings): push them in input order; see the module comment.
#[derive(Debug, Default)]
pub struct Rejects {
    listed: Vec<Reject>,
    total: usize,
    /// Keep the records past the listed ones (in `spill`), or only count them.
    keep_all: bool,
    spill: Option<Spill>,
    /// Why the temporary file could not be made or written, if it could not: the records
    /// are then incomplete, which [`Rejects::all`] says rather than ending short.
    failed: Option<String>,
}

/// The records past the listed ones: those in the file, then those not yet written.
#[derive(Debug)]
struct Spill {
    file: File,
    /// Bytes written to the file: whole lines.
    written: u64,
    /// Serialized records (whole lines) waiting to be written.
    pending: Vec<u8>,
    records: usize,
}

/// A record as a line of the temporary file: both languages of its reason.
#[derive(Serialize, Deserialize)]
struct Spilled {
    file: String,
    line: Option<u64>,
    column: Option<String>,
    value: Option<String>,
    da: String,
    en: String,
}

impl Rejects {
    /// Records of which all are to be written out (`--rejects`) when `keep_all`, else only
    /// the listed ones kept and the rest counted.
    pub fn new(keep_all: bool) -> Rejects {
        Rejects {
            keep_all,
            ..Rejects::default()
        }
    }

    /// Adds a record after the others.
    pub fn push(&mut self, reject: Reject) {
        self.total += 1;
        if self.listed.len() < LISTED {
            self.listed.push(reject);
        } else if self.keep_all && self.failed.is_none() {
            let spilled = match &mut self.spill {
                Some(spill) => spill.push(reject),
                None => Spill::new().and_then(|spill| self.spill.insert(spill).push(reject)),
            };
            if let Err(e) = spilled {
                self.failed = Some(format!(
                    "could not keep the rejected records beyond the first {LISTED} in a \
                     temporary file in {}: {e}",
                    std::env::temp_dir().display()
                ));
            }
        }
    }

    /// Adds the records of the input after this one (the next file, or a stream's next
    /// piece), in order.
    pub fn append(&mut self, after: Rejects) {
        let Rejects {
            listed,
            total,
            spill,
            failed,
            ..
        } = after;
        let unlisted = total - listed.len();
        for reject in listed {
            self.push(reject);
        }
        self.total += unlisted;
        self.failed = self.failed.take().or(failed);
        // `after` spilled only once its listed ones were as many as these can be: its
        // spilled records follow these as they are.
        if let (Some(spill), true) = (spill, self.keep_all) {
            let copied = match &mut self.spill {
                Some(mine) => mine.append(spill),
                None => {
                    self.spill = Some(spill);
                    Ok(())
                }
            };
            if let Err(e) = copied {
                self.failed = Some(format!("could not keep the rejected records: {e}"));
            }
        }
    }

    /// These records with `late` ones put among them by line (records found after the file
    /// was read: an event repeated from an earlier file); both in line order.
    pub fn with_late(self, late: Vec<Reject>) -> Rejects {
        if late.is_empty() {
            return self;
        }
        let total = self.total + late.len();
        let mut merged = Rejects::new(self.keep_all);
        let mut late = late.into_iter().peekable();
        // Records past the listed ones that were only counted come after every listed one,
        // so the first listed of the merge are exact.
        for reject in self.all().map_while(Result::ok) {
            while let Some(next) = late.next_if(|l| l.line < reject.line) {
                merged.push(next);
            }
            merged.push(reject);
        }
        late.for_each(|l| merged.push(l));
        merged.failed = merged.failed.take().or(self.failed.clone());
        merged.total = total;
        merged
    }

    /// The records, when every one is listed (none only counted, none in the temporary
    /// file).
    pub fn into_listed(self) -> Option<Vec<Reject>> {
        (self.not_listed() == 0 && self.failed.is_none()).then_some(self.listed)
    }

    /// Are all records kept, not only the listed ones?
    pub fn keeps_all(&self) -> bool {
        self.keep_all
    }

    /// The records kept to show: the first [`LISTED`].
    pub fn listed(&self) -> &[Reject] {
        &self.listed
    }

    pub fn listed_mut(&mut self) -> &mut [Reject] {
        &mut self.listed
    }

    /// Every record counted, listed or not.
    pub fn total(&self) -> usize {
        self.total
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// Records counted and not listed.
    pub fn not_listed(&self) -> usize {
        self.total - self.listed.len()
    }

    /// Every record in order, listed and spilled, for `--rejects` (made with `keep_all`).
    /// A record that cannot be read back, or was not kept, is an error (and the last
    /// item): the list never ends short silently.
    pub fn all(&self) -> impl Iterator<Item = anyhow::Result<Reject>> + '_ {
        let spilled = self.spill.as_ref().map(|spill| {
            let from_file = FileRange::new(&spill.file, 0, spill.written);
            BufReader::with_capacity(WRITE_CHUNK, from_file.chain(&spill.pending[..])).lines()
        });
        let spilled = spilled.into_iter().flatten().map(|line| {
            let s: Spilled = serde_json::from_str(&line?)?;
            Ok(Reject {
                file: s.file,
                line: s.line,
                column: s.column,
                value: s.value,
                reason: Reason::new(s.da, s.en),
            })
        });
        let missing = match (&self.failed, self.keep_all) {
            (Some(e), _) => Some(e.clone()),
            (None, false) if self.not_listed() > 0 => Some(format!(
                "{} rejected records were counted, not kept",
                self.not_listed()
            )),
            _ => None,
        };
        self.listed
            .iter()
            .cloned()
            .map(Ok)
            .chain(spilled)
            .chain(missing.map(|e| Err(anyhow::anyhow!(e))))
    }
}

impl Spill {
    fn new() -> io::Result<Spill> {
        Ok(Spill {
            file: tempfile::tempfile()?,
            written: 0,
            pending: Vec::with_capacity(WRITE_CHUNK),
            records: 0,
        })
    }

    fn push(&mut self, r: Reject) -> io::Result<()> {
        let line = Spilled {
            file: r.file,
            line: r.line,
            column: r.column,
            value: r.value,
            da: r.reason.da,
            en: r.reason.en,
        };
        serde_json::to_writer(&mut self.pending, &line)?;
        self.pending.push(b'\n');
        self.records += 1;
        if self.pending.len() >= WRITE_CHUNK {
            self.write_pending()?;
        }
        Ok(())
    }

    fn write_pending(&mut self) -> io::Result<()> {
        // A reader may have moved the file's position: write at the end of what is written.
        self.file.seek(SeekFrom::Start(self.written))?;
        self.file.write_all(&self.pending)?;
        self.written += self.pending.len() as u64;
        self.pending.clear();
        Ok(())
    }

    /// Adds the records of `after` behind these, as they are written.
    fn append(&mut self, mut after: Spill) -> io::Result<()> {
        self.write_pending()?;
        self.file.seek(SeekFrom::Start(self.written))?;
        after.file.seek(SeekFrom::Start(0))?;
        let copied = io::copy(&mut (&after.file).take(after.written), &mut self.file)?;
        self.written += copied;
        self.pending.append(&mut after.pending);
        self.records += after.records;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reject(i: usize) -> Reject {
        Reject {
            file: "x.csv".into(),
            line: Some(i as u64),
            column: i.is_multiple_of(2).then(|| "dato".into()),
            value: Some(format!("værdi {i}\n\"q\"")),
            reason: Reason::new(format!("grund {i}"), format!("reason {i}")),
        }
    }

    #[test]
    fn every_record_is_counted_the_first_listed_and_all_kept_when_asked() {
        let n = LISTED + 2 * WRITE_CHUNK / 50;
        for keep_all in [false, true] {
            let mut rejects = Rejects::new(keep_all);
            (0..n).for_each(|i| rejects.push(reject(i)));
            assert_eq!((rejects.total(), rejects.listed().len()), (n, LISTED));
            assert_eq!(rejects.not_listed(), n - LISTED);
            let all: Vec<_> = rejects.all().collect();
            if keep_all {
                let all: Vec<Reject> = all.into_iter().map(Result::unwrap).collect();
                assert_eq!(all, (0..n).map(reject).collect::<Vec<_>>());
            } else {
                // Only counted: reading them all says so at the end.
                assert_eq!(all.len(), LISTED + 1);
                assert!(all[LISTED].is_err());
            }
        }
    }

    #[test]
    fn appended_records_follow_in_order_whatever_was_listed_or_spilled() {
        // Files (or pieces) of 3, LISTED + 5 and 2 * LISTED records, put together.
        let sizes = [3, LISTED + 5, 2 * LISTED];
        let mut all = Rejects::new(true);
        let mut i = 0;
        for size in sizes {
            let mut one = Rejects::new(true);
            for _ in 0..size {
                one.push(reject(i));
                i += 1;
            }
            all.append(one);
        }
        assert_eq!(all.total(), i);
        assert_eq!(all.listed(), (0..LISTED).map(reject).collect::<Vec<_>>());
        let read: Vec<Reject> = all.all().map(Result::unwrap).collect();
        assert_eq!(read, (0..i).map(reject).collect::<Vec<_>>());
        // Counted only: the totals still add up.
        let mut counted = Rejects::new(false);
        for size in sizes {
            let mut one = Rejects::new(false);
            (0..size).for_each(|k| one.push(reject(k)));
            counted.append(one);
        }
        assert_eq!((counted.total(), counted.listed().len()), (i, LISTED));
    }
}
