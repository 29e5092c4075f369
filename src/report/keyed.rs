//! Findings sorted by key in bounded memory, for the comparisons (`diff`, `--baseline
//! --fail-on-new`): a report of any size is read as a stream, its findings gathered up to a
//! budget of bytes, sorted and written as a run to an anonymous temporary file, and the runs
//! merged when read (an external merge sort). Two sorted streams are then compared side by
//! side ([`Sorted::iter`]), never held whole.
//!
//! The temporary files hold case ids, rule ids, subjects and teams as the reports do; they
//! are made in the system's temporary folder and deleted however the run ends (as the
//! listed results' store, docs/privacy.md).
use super::compare::FindingKey;
use crate::spill::FileRange;
use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};

/// Bytes of findings kept in memory before a run is sorted and written: 32 MiB (a
/// finding of generated data takes about 150 bytes with its strings).
pub const BUDGET: usize = 32 << 20;

/// Tests set a smaller budget for the binary through this variable (never a larger one), so
/// that small reports take the path of large ones.
const BUDGET_FOR_TESTS: &str = "CASEAUDIT_TEST_COMPARE_BUDGET";

/// Runs merged at once; more are merged in rounds, so few files are open at a time.
const FAN_IN: usize = 64;

/// A finding and its case's team, as the comparisons read it.
pub type Keyed = (FindingKey, Option<String>);

/// What an entry costs in memory: its strings and the structs around them.
fn cost((key, team): &Keyed) -> usize {
    96 + key.case_id.len()
        + key.rule.len()
        + key.subject.len()
        + team.as_ref().map_or(0, String::len)
}

/// Gathers findings in any order; [`Sorter::finish`] gives them sorted by key.
pub struct Sorter {
    budget: usize,
    /// Keep one entry per key, the last pushed (as a map filled in order keeps it); else
    /// every entry.
    dedup: bool,
    memory: Vec<Keyed>,
    used: usize,
    runs: Vec<Run>,
}

impl Sorter {
    /// A sorter within [`BUDGET`], or less under [`BUDGET_FOR_TESTS`].
    pub fn new(dedup: bool) -> Sorter {
        let budget = std::env::var(BUDGET_FOR_TESTS)
            .ok()
            .and_then(|v| v.parse().ok())
            .map_or(BUDGET, |n: usize| n.min(BUDGET));
        Sorter::with_budget(budget, dedup)
    }

    pub fn with_budget(budget: usize, dedup: bool) -> Sorter {
        Sorter {
            budget,
            dedup,
            memory: Vec::new(),
            used: 0,
            runs: Vec::new(),
        }
    }

    pub fn push(&mut self, entry: Keyed) -> io::Result<()> {
        self.used += cost(&entry);
        self.memory.push(entry);
        if self.used > self.budget {
            self.spill()?;
        }
        Ok(())
    }

    /// The entries in memory, sorted (in the order pushed among equal keys), as a run.
    fn sorted_memory(&mut self) -> Vec<Keyed> {
        let mut entries = std::mem::take(&mut self.memory);
        self.used = 0;
        // Stable: equal keys stay in the order pushed, so the last is the one kept.
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        if self.dedup {
            dedup_keep_last(&mut entries);
        }
        entries
    }

    fn spill(&mut self) -> io::Result<()> {
        let entries = self.sorted_memory();
        self.runs.push(Run::write(entries.into_iter().map(Ok))?);
        if self.runs.len() >= FAN_IN {
            // Merge the runs into one, so that few files are open when reading.
            let runs = std::mem::take(&mut self.runs);
            let merged = Run::write(merge(&runs, self.dedup)?)?;
            self.runs.push(merged);
        }
        Ok(())
    }

    /// Every entry sorted by key: in memory when it fitted, else merged from the runs.
    pub fn finish(mut self) -> io::Result<Sorted> {
        if self.runs.is_empty() {
            let entries = self.sorted_memory();
            return Ok(Sorted {
                memory: entries,
                runs: Vec::new(),
                dedup: self.dedup,
            });
        }
        if !self.memory.is_empty() {
            self.spill()?;
        }
        Ok(Sorted {
            memory: Vec::new(),
            runs: self.runs,
            dedup: self.dedup,
        })
    }
}

fn dedup_keep_last(entries: &mut Vec<Keyed>) {
    // `dedup_by` keeps the first of equal neighbours: move each later one into its place.
    entries.dedup_by(|later, kept| {
        if later.0 == kept.0 {
            std::mem::swap(later, kept);
            true
        } else {
            false
        }
    });
}

/// Entries sorted by key, to be read as often as needed.
pub struct Sorted {
    memory: Vec<Keyed>,
    runs: Vec<Run>,
    dedup: bool,
}

impl Sorted {
    pub fn iter(&self) -> io::Result<Box<dyn Iterator<Item = io::Result<Keyed>> + '_>> {
        if self.runs.is_empty() {
            return Ok(Box::new(self.memory.iter().cloned().map(Ok)));
        }
        Ok(Box::new(merge(&self.runs, self.dedup)?))
    }
}

/// A sorted run in an anonymous temporary file: each entry as its strings, each a length
/// (4 bytes, little-endian) and its bytes; the team's length is u32::MAX when there is none.
struct Run {
    file: File,
    len: u64,
}

const NO_TEAM: u32 = u32::MAX;

impl Run {
    fn write(entries: impl Iterator<Item = io::Result<Keyed>>) -> io::Result<Run> {
        let file = tempfile::tempfile().map_err(|e| {
            io::Error::new(
                e.kind(),
                format!(
                    "could not make a temporary file in {} to compare the reports: {e}",
                    std::env::temp_dir().display()
                ),
            )
        })?;
        let mut out = BufWriter::with_capacity(64 * 1024, &file);
        let mut len = 0u64;
        let mut put = |out: &mut BufWriter<&File>, s: Option<&str>| -> io::Result<()> {
            let (n, bytes) = match s {
                Some(s) => (
                    u32::try_from(s.len()).map_err(|_| io::Error::other("a text of 4 GB"))?,
                    s.as_bytes(),
                ),
                None => (NO_TEAM, &[][..]),
            };
            out.write_all(&n.to_le_bytes())?;
            out.write_all(bytes)?;
            len += 4 + bytes.len() as u64;
            Ok(())
        };
        for entry in entries {
            let (key, team) = entry?;
            put(&mut out, Some(&key.case_id))?;
            put(&mut out, Some(&key.rule))?;
            put(&mut out, Some(&key.subject))?;
            put(&mut out, team.as_deref())?;
        }
        out.flush()?;
        drop(out);
        Ok(Run { file, len })
    }

    fn reader(&self) -> RunReader<'_> {
        RunReader {
            input: BufReader::with_capacity(64 * 1024, FileRange::new(&self.file, 0, self.len)),
        }
    }
}

struct RunReader<'a> {
    input: BufReader<FileRange<'a>>,
}

impl RunReader<'_> {
    fn text(&mut self) -> io::Result<Option<Option<String>>> {
        let mut n = [0u8; 4];
        match self.input.read_exact(&mut n) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
            Err(e) => return Err(e),
        }
        let n = u32::from_le_bytes(n);
        if n == NO_TEAM {
            return Ok(Some(None));
        }
        let mut bytes = vec![0; n as usize];
        self.input.read_exact(&mut bytes)?;
        String::from_utf8(bytes)
            .map(|s| Some(Some(s)))
            .map_err(io::Error::other)
    }

    fn next_entry(&mut self) -> io::Result<Option<Keyed>> {
        let Some(case_id) = self.text()? else {
            return Ok(None);
        };
        let mut field = || -> io::Result<Option<String>> {
            self.text()?.ok_or_else(|| {
                io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "a comparison's run ends early",
                )
            })
        };
        let missing = || io::Error::other("a comparison's run lacks a key");
        let (rule, subject, team) = (field()?, field()?, field()?);
        Ok(Some((
            FindingKey {
                case_id: case_id.ok_or_else(missing)?,
                rule: rule.ok_or_else(missing)?,
                subject: subject.ok_or_else(missing)?,
            },
            team,
        )))
    }
}

/// The head of one run in the merge: the smallest key first, and among equal keys the
/// earlier run (the one written first, from earlier in the report).
struct Head {
    entry: Keyed,
    run: usize,
}

impl PartialEq for Head {
    fn eq(&self, other: &Head) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Head {}

impl PartialOrd for Head {
    fn partial_cmp(&self, other: &Head) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Head {
    fn cmp(&self, other: &Head) -> Ordering {
        self.entry
            .0
            .cmp(&other.entry.0)
            .then(self.run.cmp(&other.run))
    }
}

/// The runs merged in key order; with `dedup`, one entry per key, the last run's.
fn merge(runs: &[Run], dedup: bool) -> io::Result<Merge<'_>> {
    let mut readers: Vec<RunReader> = runs.iter().map(Run::reader).collect();
    let mut heads = BinaryHeap::new();
    for (run, reader) in readers.iter_mut().enumerate() {
        if let Some(entry) = reader.next_entry()? {
            heads.push(Reverse(Head { entry, run }));
        }
    }
    Ok(Merge {
        readers,
        heads,
        dedup,
        failed: false,
    })
}

struct Merge<'a> {
    readers: Vec<RunReader<'a>>,
    heads: BinaryHeap<Reverse<Head>>,
    dedup: bool,
    failed: bool,
}

impl Merge<'_> {
    fn pop(&mut self) -> io::Result<Option<Keyed>> {
        let Some(Reverse(Head { entry, run })) = self.heads.pop() else {
            return Ok(None);
        };
        if let Some(next) = self.readers[run].next_entry()? {
            self.heads.push(Reverse(Head { entry: next, run }));
        }
        Ok(Some(entry))
    }

    fn next_entry(&mut self) -> io::Result<Option<Keyed>> {
        let Some(mut entry) = self.pop()? else {
            return Ok(None);
        };
        if self.dedup {
            while self
                .heads
                .peek()
                .is_some_and(|Reverse(h)| h.entry.0 == entry.0)
            {
                if let Some(later) = self.pop()? {
                    entry = later;
                }
            }
        }
        Ok(Some(entry))
    }
}

impl Iterator for Merge<'_> {
    type Item = io::Result<Keyed>;

    fn next(&mut self) -> Option<io::Result<Keyed>> {
        if self.failed {
            return None;
        }
        match self.next_entry() {
            Ok(entry) => entry.map(Ok),
            Err(e) => {
                self.failed = true;
                Some(Err(e))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn key(case: u32, rule: u32, subject: u32) -> FindingKey {
        FindingKey {
            case_id: format!("K-{case}"),
            rule: format!("R{rule}"),
            subject: format!("S{subject}"),
        }
    }

    /// Entries with repeated keys, in no order; teams tell the copies apart.
    fn entries(n: u32) -> Vec<Keyed> {
        (0..n)
            .map(|i| {
                let k = key(i * 7919 % 97, i % 3, i * 31 % 5);
                let team = (i % 4 != 0).then(|| format!("team {i}"));
                (k, team)
            })
            .collect()
    }

    fn sorted(entries: &[Keyed], budget: usize, dedup: bool) -> Vec<Keyed> {
        let mut s = Sorter::with_budget(budget, dedup);
        for e in entries {
            s.push(e.clone()).unwrap();
        }
        let sorted = s.finish().unwrap();
        let first: Vec<Keyed> = sorted.iter().unwrap().map(Result::unwrap).collect();
        let again: Vec<Keyed> = sorted.iter().unwrap().map(Result::unwrap).collect();
        assert_eq!(first, again, "read twice, the same");
        first
    }

    #[test]
    fn with_a_budget_of_any_size_the_keys_come_sorted_the_last_copy_kept() {
        let entries = entries(2_000);
        // As a map filled in order keeps them.
        let map: BTreeMap<FindingKey, Option<String>> = entries.iter().cloned().collect();
        let expected: Vec<Keyed> = map.into_iter().collect();
        for budget in [0, 1, 500, 5_000, 50_000, usize::MAX] {
            assert_eq!(sorted(&entries, budget, true), expected, "budget {budget}");
        }
    }

    #[test]
    fn without_dedup_every_copy_is_kept_in_order() {
        let entries = entries(1_000);
        let mut expected = entries.clone();
        expected.sort_by(|a, b| a.0.cmp(&b.0));
        for budget in [0, 700, usize::MAX] {
            assert_eq!(sorted(&entries, budget, false), expected, "budget {budget}");
        }
    }

    #[test]
    fn more_runs_than_are_merged_at_once_are_merged_in_rounds() {
        // A run per entry or two: hundreds of runs, merged FAN_IN at a time.
        let entries = entries(3 * FAN_IN as u32 * 4);
        let map: BTreeMap<FindingKey, Option<String>> = entries.iter().cloned().collect();
        let expected: Vec<Keyed> = map.into_iter().collect();
        let mut s = Sorter::with_budget(200, true);
        for e in &entries {
            s.push(e.clone()).unwrap();
        }
        assert!(s.runs.len() < FAN_IN);
        let got: Vec<Keyed> = s
            .finish()
            .unwrap()
            .iter()
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(got, expected);
    }
}
