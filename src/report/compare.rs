//! Two JSON reports side by side: the baseline of `audit --fail-on-new` and `caseaudit diff`.
//! A finding is a `fail` result, known by (case, rule, subject): subjects are stable ids
//! from the export (N1, D2 …), so the same defect keeps its key from one run to the next.
//!
//! A report is read as a stream ([`SavedReport::read`]): its results one at a time, the
//! findings among them sorted by key in bounded memory ([`super::keyed`]), never the whole
//! document in memory, so reports of any size are compared. The two sorted streams are then
//! walked side by side ([`Diff`]).
use super::keyed::{Keyed, Sorted, Sorter};
use crate::lang::{Msg, OrSay};
use crate::privacy::mask_in_place;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer as _, Serialize, Serializer};
use std::cmp::Ordering;
use std::fmt;
use std::io::{self, Read};
use std::path::Path;

/// What identifies a finding across runs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct FindingKey {
    pub case_id: String,
    pub rule: String,
    pub subject: String,
}

/// The parts of a JSON report that a comparison reads: its date and theme scores, and its
/// findings (fail results) sorted by key, each with its case's team.
pub struct SavedReport {
    pub as_of: String,
    pub themes: Vec<SavedTheme>,
    pub findings: Sorted,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SavedTheme {
    pub id: String,
    pub score: Option<f64>,
    #[serde(default)]
    pub pass: u64,
    #[serde(default)]
    pub exempt: u64,
    #[serde(default)]
    pub fail: u64,
}

impl SavedTheme {
    /// The score from the theme's counts, not rounded, so a comparison shows what the
    /// audit showed (its four-decimal `score` rounded again could differ by a tenth);
    /// the `score` itself for a report without counts.
    pub fn exact_score(&self) -> Option<f64> {
        let met = self.pass + self.exempt;
        match met + self.fail {
            0 => self.score,
            scored => Some(met as f64 / scored as f64),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct SavedResult {
    pub case_id: String,
    pub rule: String,
    pub status: String,
    pub subject: String,
    #[serde(default)]
    pub team: Option<String>,
}

/// The report's top level as it streams by: what is kept, and whether it lists results.
struct Header {
    schema_version: u32,
    as_of: String,
    themes: Vec<SavedTheme>,
    results: bool,
}

impl SavedReport {
    /// Reads the report at `path` as a stream; `bytes_read` is told how far it has come (for
    /// a progress bar). One that cannot be compared is refused in both languages.
    pub fn read(path: &Path, bytes_read: &dyn Fn(u64)) -> anyhow::Result<SavedReport> {
        let shown = path.display().to_string();
        let file = std::fs::File::open(path).or_say(Msg::CouldNotReadReport, &shown)?;
        let mut findings = Sorter::new(true);
        // A failure to keep the findings (a temporary file) is not the report's fault.
        let mut kept: io::Result<()> = Ok(());
        let header = {
            let input = Counted::new(file, bytes_read);
            let mut de = serde_json::Deserializer::from_reader(input);
            let mut take = |mut r: SavedResult| -> Result<(), String> {
                if r.status != "fail" {
                    return Ok(());
                }
                protect(&mut r);
                let key = FindingKey {
                    case_id: r.case_id,
                    rule: r.rule,
                    subject: r.subject,
                };
                findings.push((key, r.team)).map_err(|e| {
                    let message = e.to_string();
                    kept = Err(e);
                    message
                })
            };
            let header = (&mut de)
                .deserialize_map(ReportVisitor { take: &mut take })
                .and_then(|h| de.end().map(|()| h));
            match (header, kept) {
                (_, Err(e)) => {
                    return Err(e)
                        .or_say(Msg::CouldNotKeepFindings, std::env::temp_dir().display());
                }
                (Err(e), _) if e.is_io() => {
                    return Err(std::io::Error::from(e)).or_say(Msg::CouldNotReadReport, &shown);
                }
                (Err(e), _) => {
                    return Err(anyhow::Error::new(crate::lang::said(
                        Msg::NotAReport,
                        &[("path", &shown)],
                        &[("error", &crate::lang::detail::json_error(&e))],
                    )));
                }
                (Ok(h), Ok(())) => h,
            }
        };
        if header.schema_version != 1 {
            return Err(anyhow::Error::new(crate::both!(
                ReportVersion,
                path = shown,
                version = header.schema_version
            )));
        }
        if !header.results {
            return Err(anyhow::Error::new(crate::both!(
                ReportNoResults,
                path = shown
            )));
        }
        let Header {
            mut as_of,
            mut themes,
            ..
        } = header;
        // Masked as they are read: a report from elsewhere may hold CPR numbers (ours never
        // do), which `diff` would otherwise write again, JSON-escaped where the mask can no
        // longer find them. Masking what is masked changes nothing, so a baseline's keys still
        // match the audit's.
        mask_in_place(&mut as_of);
        for theme in &mut themes {
            mask_in_place(&mut theme.id);
        }
        let findings = findings
            .finish()
            .or_say(Msg::CouldNotKeepFindings, std::env::temp_dir().display())?;
        Ok(SavedReport {
            as_of,
            themes,
            findings,
        })
    }
}

/// A result's strings masked as it is read (see [`SavedReport::read`]).
fn protect(r: &mut SavedResult) {
    for text in [&mut r.case_id, &mut r.rule, &mut r.status, &mut r.subject] {
        mask_in_place(text);
    }
    r.team.as_mut().map(mask_in_place);
}

/// A report file read through a buffer, telling every 4 MiB how many bytes it has read (for
/// a progress bar).
pub struct Counted<'a, R> {
    inner: io::BufReader<R>,
    read: u64,
    told: u64,
    tell: &'a dyn Fn(u64),
}

impl<'a, R: Read> Counted<'a, R> {
    pub fn new(inner: R, tell: &'a dyn Fn(u64)) -> Counted<'a, R> {
        Counted {
            inner: io::BufReader::with_capacity(256 * 1024, inner),
            read: 0,
            told: 0,
            tell,
        }
    }
}

impl<R: Read> Read for Counted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        if self.read - self.told >= 4 << 20 || n == 0 {
            self.told = self.read;
            (self.tell)(self.read);
        }
        Ok(n)
    }
}

/// The report's top level: the keys a comparison reads, the rest skipped without being kept.
struct ReportVisitor<'a, F> {
    take: &'a mut F,
}

impl<'de, F: FnMut(SavedResult) -> Result<(), String>> Visitor<'de> for ReportVisitor<'_, F> {
    type Value = Header;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("struct SavedReport")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Header, A::Error> {
        let (mut version, mut as_of, mut themes, mut results) = (None, None, None, false);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "schema_version" => version = Some(map.next_value()?),
                "as_of" => as_of = Some(map.next_value()?),
                "themes" => themes = Some(map.next_value()?),
                "results" => {
                    results = map.next_value_seed(ResultsSeed {
                        take: &mut *self.take,
                    })?
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Header {
            schema_version: version.ok_or_else(|| de::Error::missing_field("schema_version"))?,
            as_of: as_of.ok_or_else(|| de::Error::missing_field("as_of"))?,
            themes: themes.ok_or_else(|| de::Error::missing_field("themes"))?,
            results,
        })
    }
}

/// `results`: null (no results listed), or the list, each result handed on as it is read.
struct ResultsSeed<'a, F> {
    take: &'a mut F,
}

impl<'de, F: FnMut(SavedResult) -> Result<(), String>> DeserializeSeed<'de> for ResultsSeed<'_, F> {
    type Value = bool;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_option(self)
    }
}

impl<'de, F: FnMut(SavedResult) -> Result<(), String>> Visitor<'de> for ResultsSeed<'_, F> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of results or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_seq(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        while let Some(result) = seq.next_element::<SavedResult>()? {
            (self.take)(result).map_err(de::Error::custom)?;
        }
        Ok(true)
    }
}

/// A theme's score in both runs.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ScoreChange {
    pub theme: String,
    /// Exact; the JSON diff writes four decimals, as the report does.
    #[serde(serialize_with = "four_decimals")]
    pub old: Option<f64>,
    #[serde(serialize_with = "four_decimals")]
    pub new: Option<f64>,
    /// new − old, when both have a score.
    #[serde(serialize_with = "four_decimals")]
    pub change: Option<f64>,
}

fn four_decimals<S: serde::Serializer>(x: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&x.map(super::stats::round4), s)
}

/// A finding in a diff, with its case's team (from the later report, or the earlier
/// one for a resolved finding) so each team finds its own.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DiffFinding {
    #[serde(flatten)]
    pub key: FindingKey,
    pub team: Option<String>,
}

/// The three lists of a diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// In the later report only.
    New,
    /// In the earlier report only.
    Resolved,
    /// In both.
    Unchanged,
}

impl Section {
    pub const ALL: [Section; 3] = [Section::New, Section::Resolved, Section::Unchanged];
}

/// What changed between two reports: the findings of each walked side by side, in key order,
/// as often as an output needs them.
pub struct Diff {
    pub old: SavedReport,
    pub new: SavedReport,
    pub themes: Vec<ScoreChange>,
    /// How many findings each [`Section`] holds.
    pub counts: [u64; 3],
}

impl Diff {
    pub fn between(old: SavedReport, new: SavedReport) -> io::Result<Diff> {
        let mut themes: Vec<ScoreChange> = new
            .themes
            .iter()
            .map(|t| {
                let old_score = old
                    .themes
                    .iter()
                    .find(|o| o.id == t.id)
                    .and_then(SavedTheme::exact_score);
                let new_score = t.exact_score();
                ScoreChange {
                    theme: t.id.clone(),
                    old: old_score,
                    new: new_score,
                    change: old_score.zip(new_score).map(|(o, n)| n - o),
                }
            })
            .collect();
        // A theme the new catalogue dropped still shows, with no new score.
        for t in &old.themes {
            if !new.themes.iter().any(|n| n.id == t.id) {
                themes.push(ScoreChange {
                    theme: t.id.clone(),
                    old: t.exact_score(),
                    new: None,
                    change: None,
                });
            }
        }
        let mut diff = Diff {
            old,
            new,
            themes,
            counts: [0; 3],
        };
        let mut counts = [0; 3];
        for entry in diff.walk()? {
            counts[entry?.0 as usize] += 1;
        }
        diff.counts = counts;
        Ok(diff)
    }

    pub fn count(&self, section: Section) -> u64 {
        self.counts[section as usize]
    }

    /// The findings of one section, in key order.
    pub fn section(
        &self,
        section: Section,
    ) -> io::Result<impl Iterator<Item = io::Result<DiffFinding>> + '_> {
        Ok(self.walk()?.filter_map(move |entry| match entry {
            Ok((s, finding)) if s == section => Some(Ok(finding)),
            Ok(_) => None,
            Err(e) => Some(Err(e)),
        }))
    }

    /// Both reports' findings side by side, in key order: each with its section, and the
    /// team of the later report (of the earlier for a resolved finding).
    fn walk(&self) -> io::Result<Walk<'_>> {
        Ok(Walk {
            old: self.old.findings.iter()?.peekable(),
            new: self.new.findings.iter()?.peekable(),
            failed: false,
        })
    }

    /// The diff as JSON, written as it is read: the same document as the struct of
    /// `old_as_of`, `new_as_of`, `new`, `resolved`, `unchanged` and `themes` serialized.
    pub fn write_json(&self, out: &mut dyn io::Write) -> io::Result<()> {
        let mut out = io::BufWriter::with_capacity(64 * 1024, out);
        serde_json::to_writer_pretty(&mut out, &JsonDiff(self))?;
        io::Write::write_all(&mut out, b"\n")?;
        io::Write::flush(&mut out)
    }
}

type Entries<'a> = std::iter::Peekable<Box<dyn Iterator<Item = io::Result<Keyed>> + 'a>>;

struct Walk<'a> {
    old: Entries<'a>,
    new: Entries<'a>,
    failed: bool,
}

impl Walk<'_> {
    fn step(&mut self) -> io::Result<Option<(Section, DiffFinding)>> {
        // An error ends the walk with it.
        if let Some(Err(_)) = self.old.peek() {
            return Err(self.old.next().and_then(Result::err).unwrap_or_else(failed));
        }
        if let Some(Err(_)) = self.new.peek() {
            return Err(self.new.next().and_then(Result::err).unwrap_or_else(failed));
        }
        let order = match (self.old.peek(), self.new.peek()) {
            (None, None) => return Ok(None),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (Some(Ok(o)), Some(Ok(n))) => o.0.cmp(&n.0),
            _ => unreachable!("errors are returned above"),
        };
        let finding = |(key, team): Keyed| DiffFinding { key, team };
        Ok(Some(match order {
            Ordering::Less => (Section::Resolved, finding(next(&mut self.old)?)),
            Ordering::Greater => (Section::New, finding(next(&mut self.new)?)),
            Ordering::Equal => {
                next(&mut self.old)?;
                (Section::Unchanged, finding(next(&mut self.new)?))
            }
        }))
    }
}

fn failed() -> io::Error {
    io::Error::other("the comparison failed")
}

fn next(entries: &mut Entries<'_>) -> io::Result<Keyed> {
    entries.next().unwrap_or_else(|| Err(failed()))
}

impl Iterator for Walk<'_> {
    type Item = io::Result<(Section, DiffFinding)>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        match self.step() {
            Ok(step) => step.map(Ok),
            Err(e) => {
                self.failed = true;
                Some(Err(e))
            }
        }
    }
}

/// A diff as its JSON document.
struct JsonDiff<'a>(&'a Diff);

/// One section's findings as a JSON list, read as they are written.
struct JsonSection<'a>(&'a Diff, Section);

impl Serialize for JsonDiff<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let diff = self.0;
        let mut doc = s.serialize_struct("Diff", 6)?;
        doc.serialize_field("old_as_of", &diff.old.as_of)?;
        doc.serialize_field("new_as_of", &diff.new.as_of)?;
        doc.serialize_field("new", &JsonSection(diff, Section::New))?;
        doc.serialize_field("resolved", &JsonSection(diff, Section::Resolved))?;
        doc.serialize_field("unchanged", &JsonSection(diff, Section::Unchanged))?;
        doc.serialize_field("themes", &diff.themes)?;
        doc.end()
    }
}

impl Serialize for JsonSection<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeSeq};
        let mut list = s.serialize_seq(None)?;
        for finding in self.0.section(self.1).map_err(S::Error::custom)? {
            list.serialize_element(&finding.map_err(S::Error::custom)?)?;
        }
        list.end()
    }
}

/// How many of `audit`'s fail results (every one, in any order) are not among `baseline`'s:
/// both sorted, walked side by side.
pub fn new_fails(audit: &Sorted, baseline: &Sorted) -> io::Result<u64> {
    let mut known = baseline.iter()?.peekable();
    let mut new = 0;
    for entry in audit.iter()? {
        let (key, _) = entry?;
        loop {
            match known.peek() {
                Some(Ok((k, _))) if *k < key => {
                    known.next();
                }
                Some(Err(_)) => {
                    return Err(known.next().and_then(Result::err).unwrap_or_else(failed));
                }
                _ => break,
            }
        }
        if !matches!(known.peek(), Some(Ok((k, _))) if *k == key) {
            new += 1;
        }
    }
    Ok(new)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(fails: &[(&str, &str, &str)], score: Option<f64>, budget: usize) -> SavedReport {
        let mut findings = Sorter::with_budget(budget, true);
        for (c, r, s) in fails {
            let key = FindingKey {
                case_id: c.to_string(),
                rule: r.to_string(),
                subject: s.to_string(),
            };
            findings.push((key, None)).unwrap();
        }
        SavedReport {
            as_of: "2025-06-30".into(),
            themes: vec![SavedTheme {
                id: "notifications".into(),
                score,
                pass: 0,
                exempt: 0,
                fail: 0,
            }],
            findings: findings.finish().unwrap(),
        }
    }

    fn ids(diff: &Diff, s: Section) -> Vec<String> {
        diff.section(s)
            .unwrap()
            .map(|f| f.unwrap().key.case_id)
            .collect()
    }

    #[test]
    fn splits_findings_into_new_resolved_and_unchanged() {
        for budget in [0, usize::MAX] {
            let old = report(
                &[("K1", "X1", "N1"), ("K2", "X2", "BU1")],
                Some(0.5),
                budget,
            );
            let new = report(
                &[("K2", "X2", "BU1"), ("K3", "X3", "D1")],
                Some(0.75),
                budget,
            );
            let d = Diff::between(old, new).unwrap();
            assert_eq!(ids(&d, Section::New), ["K3"]);
            assert_eq!(ids(&d, Section::Resolved), ["K1"]);
            assert_eq!(ids(&d, Section::Unchanged), ["K2"]);
            assert_eq!(d.counts, [1, 1, 1]);
            assert_eq!(d.themes[0].change, Some(0.25));
        }
    }

    #[test]
    fn new_fails_counts_every_fail_not_in_the_baseline() {
        let key = |c: &str| FindingKey {
            case_id: c.into(),
            rule: "X1".into(),
            subject: "N1".into(),
        };
        for budget in [0, 100, usize::MAX] {
            let mut baseline = Sorter::with_budget(budget, true);
            let mut audit = Sorter::with_budget(budget, false);
            for c in ["K2", "K4", "K4", "K6"] {
                baseline.push((key(c), None)).unwrap();
            }
            for c in ["K5", "K1", "K2", "K4", "K7", "K5"] {
                audit.push((key(c), None)).unwrap();
            }
            let (audit, baseline) = (audit.finish().unwrap(), baseline.finish().unwrap());
            // K1, K5 twice and K7.
            assert_eq!(new_fails(&audit, &baseline).unwrap(), 4, "budget {budget}");
        }
    }
}
