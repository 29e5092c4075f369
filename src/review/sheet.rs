//! The review sheet's columns, and the verdicts read back from a filled-in sheet (.xlsx, or
//! .csv as Excel saves it: `;` or `,`, UTF-8 with or without BOM, or Windows-1252).
use super::{Orphan, at_row};
use crate::load::refusal;
use crate::model::Case;
use crate::privacy::{Pseudonyms, mask_cpr};
use crate::rules::{Catalogue, Finding, Lang, Status};
use anyhow::Context;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// A column of the review sheet: its id (the English header) and its Danish header. A sheet
/// is read back with either.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub id: &'static str,
    pub da: &'static str,
}

impl Column {
    pub fn header(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Da => self.da,
            Lang::En => self.id,
        }
    }
}

const fn col(id: &'static str, da: &'static str) -> Column {
    Column { id, da }
}

/// The review sheet, left to right: the key, the machine's evidence, the question, and the
/// reviewer's three columns.
pub const COLUMNS: [Column; 15] = [
    col("case_id", "sag"),
    col("team", "team"),
    col("rule", "regel"),
    col("subject", "emne"),
    col("status", "maskinens status"),
    col("start", "start"),
    col("due", "frist"),
    col("done", "udført"),
    col("late", "for sent"),
    col("law", "lov"),
    col("message", "besked"),
    col("question", "spørgsmål"),
    col("verdict", "vurdering"),
    col("note", "note"),
    col("reviewer", "bedømmer"),
];

/// The verdicts a reviewer may give, as the drop-down offers them in `lang`.
pub fn verdict_choices(lang: Lang) -> [&'static str; 3] {
    [Status::Pass, Status::Fail, Status::Exempt].map(|s| s.label(lang))
}

/// A verdict as written: an English id or a Danish label, any case.
fn parse_verdict(text: &str) -> Option<Status> {
    let text = text.trim().to_lowercase();
    [Status::Pass, Status::Fail, Status::Exempt]
        .into_iter()
        .find(|s| text == s.name() || text == s.label(Lang::Da))
}

struct Entry {
    verdict: Status,
    row: u64,
    used: bool,
}

/// The verdicts of one review sheet, by (case id, rule id, subject).
pub struct Verdicts {
    pub file: String,
    /// Data rows read, with a verdict or without.
    pub rows: u64,
    entries: HashMap<(String, String, String), Entry>,
    cases: HashSet<String>,
}

impl Verdicts {
    /// Reads a filled-in review sheet. A verdict that is not pass, fail or exempt, a row
    /// with a verdict but no key, and two different verdicts on one result are errors that
    /// name the file and the row.
    pub fn read(path: &Path) -> anyhow::Result<Verdicts> {
        let file = path.display().to_string();
        let bytes = std::fs::read(path).with_context(|| format!("could not read {file}"))?;
        let is_csv = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "csv" | "tsv" | "txt"));
        let grid = if is_csv {
            csv_grid(&bytes)
        } else {
            xlsx_grid(&bytes)
        }
        .with_context(|| format!("could not read the review sheet {file}"))?;
        let mut grid = grid.into_iter();
        let Some((_, header)) = grid.next() else {
            return Err(refusal(
                format!("{file}: arket er tomt; brug det ark, `caseaudit review` skrev"),
                format!("{file}: the sheet is empty; use the sheet `caseaudit review` wrote"),
            ));
        };
        let find = |id: &str| {
            let column = COLUMNS.iter().find(|c| c.id == id)?;
            header.iter().position(|h| {
                let h = h.trim().to_lowercase();
                h == column.id || h == column.da
            })
        };
        let [case, rule, subject, verdict] = ["case_id", "rule", "subject", "verdict"].map(find);
        let (Some(case), Some(rule), Some(subject), Some(verdict)) = (case, rule, subject, verdict)
        else {
            return Err(refusal(
                format!(
                    "{file}: arket mangler en af kolonnerne sag, regel, emne og vurdering (eller case_id, rule, subject, verdict); brug det ark, `caseaudit review` skrev"
                ),
                format!(
                    "{file}: the sheet lacks one of the columns case_id, rule, subject and verdict (or sag, regel, emne, vurdering); use the sheet `caseaudit review` wrote"
                ),
            ));
        };
        let mut out = Verdicts {
            file: file.clone(),
            rows: 0,
            entries: HashMap::new(),
            cases: HashSet::new(),
        };
        for (row, cells) in grid {
            let cell = |i: usize| cells.get(i).map(|c| plain(c.trim())).unwrap_or_default();
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            out.rows += 1;
            let written = cell(verdict);
            if written.is_empty() {
                continue;
            }
            let Some(status) = parse_verdict(&written) else {
                let [p, f, e] = verdict_choices(Lang::Da);
                let written = crate::privacy::quoted(&written);
                return Err(at_row(
                    &file,
                    row,
                    format!(
                        "vurderingen {written} er ikke {p}, {f} eller {e} (eller pass, fail, exempt)"
                    ),
                    format!("the verdict {written} is not pass, fail or exempt (or {p}, {f}, {e})"),
                ));
            };
            let key = (cell(case), cell(rule), cell(subject));
            if key.0.is_empty() || key.1.is_empty() || key.2.is_empty() {
                return Err(at_row(
                    &file,
                    row,
                    "en vurdering skal have sag, regel og emne udfyldt".into(),
                    "a verdict needs its case_id, rule and subject".into(),
                ));
            }
            match out.entries.get(&key) {
                Some(earlier) if earlier.verdict != status => {
                    return Err(at_row(
                        &file,
                        row,
                        format!(
                            "{} {} {} har allerede vurderingen {} i række {}",
                            key.0,
                            key.1,
                            key.2,
                            earlier.verdict.label(Lang::Da),
                            earlier.row
                        ),
                        format!(
                            "{} {} {} already has the verdict {} in row {}",
                            key.0,
                            key.1,
                            key.2,
                            earlier.verdict.name(),
                            earlier.row
                        ),
                    ));
                }
                Some(_) => {}
                None => {
                    out.cases.insert(key.0.clone());
                    out.entries.insert(
                        key,
                        Entry {
                            verdict: status,
                            row,
                            used: false,
                        },
                    );
                }
            }
        }
        Ok(out)
    }

    /// Marks every verdict unused again.
    pub fn reset(&mut self) {
        for entry in self.entries.values_mut() {
            entry.used = false;
        }
    }

    /// How many results were given a verdict.
    pub fn verdicts(&self) -> u64 {
        self.entries.len() as u64
    }

    /// Replaces the status of each finding of `case` that has a verdict, keeping the
    /// machine's status beside it.
    /// A sheet written with `--pseudonymize` names the case by its pseudonym and its subject
    /// with CPR numbers masked: with the same key, those match too. (A CPR number masked
    /// without a key cannot be told from another one: such a verdict matches nothing and is
    /// reported.)
    pub fn apply(
        &mut self,
        case: &Case,
        findings: &mut [Finding],
        catalogue: &Catalogue,
        pseudonyms: Option<&Pseudonyms>,
    ) {
        let mut ids = vec![case.id.clone()];
        ids.extend(pseudonyms.map(|p| p.id(&case.id)));
        ids.retain(|id| self.cases.contains(id));
        if ids.is_empty() {
            return;
        }
        for f in findings {
            let rule = &catalogue.rules[f.rule].id;
            let subject = f.subject_label(case);
            let masked = mask_cpr(&subject).into_owned();
            let key = ids
                .iter()
                .flat_map(|id| [(id, &subject), (id, &masked)])
                .map(|(id, subject)| (id.clone(), rule.clone(), subject.clone()))
                .find(|key| self.entries.contains_key(key));
            if let Some(entry) = key.and_then(|key| self.entries.get_mut(&key)) {
                entry.used = true;
                f.human.machine_status = Some(f.status);
                f.status = entry.verdict;
            }
        }
    }

    /// The verdicts that matched no result (the case, rule or subject no longer exists), in
    /// sheet order.
    pub fn orphans(&self) -> Vec<Orphan> {
        let mut out: Vec<Orphan> = self
            .entries
            .iter()
            .filter(|(_, e)| !e.used)
            .map(|((case_id, rule, subject), e)| Orphan {
                case_id: case_id.clone(),
                rule: rule.clone(),
                subject: Some(subject.clone()),
                verdict: Some(e.verdict),
                row: e.row,
            })
            .collect();
        out.sort_by_key(|o| o.row);
        out
    }
}

/// A cell as typed: the sheet writer puts `'` before text a spreadsheet would run as a
/// formula (`-K1`, `=…`); that mark is not part of the value.
fn plain(cell: &str) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_string(),
        _ => cell.to_string(),
    }
}

type Grid = Vec<(u64, Vec<String>)>;

/// The first sheet's rows as text, each with its row number as a spreadsheet shows it.
fn xlsx_grid(bytes: &[u8]) -> anyhow::Result<Grid> {
    use calamine::{Data, Reader};
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| anyhow::anyhow!("not a readable workbook: {e}"))?;
    let name = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| anyhow::anyhow!("the workbook has no sheets"))?;
    let range = book
        .worksheet_range(&name)
        .map_err(|e| anyhow::anyhow!("could not read sheet {name:?}: {e}"))?;
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            let mut text = vec![String::new(); first_col as usize];
            text.extend(cells.iter().map(|c| match c {
                Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
                Data::Empty => String::new(),
                other => other.to_string(),
            }));
            (u64::from(first_row) + i as u64 + 1, text)
        })
        .collect())
}

/// A CSV's records as text, each with its line number; the delimiter is the header line's
/// most frequent of `;`, `,` and tab.
fn csv_grid(bytes: &[u8]) -> anyhow::Result<Grid> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => std::borrow::Cow::Borrowed(t),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0,
    };
    let header = text.lines().next().unwrap_or_default();
    let delimiter = [b';', b',', b'\t']
        .into_iter()
        .max_by_key(|d| header.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record?;
        // A record's position is where reading it began, blank lines before it included.
        let line = record.position().map_or(0, |p| {
            let blank = text.as_bytes()[p.byte() as usize..]
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .filter(|b| **b == b'\n')
                .count();
            p.line() + blank as u64
        });
        out.push((line, record.iter().map(str::to_string).collect()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_are_read_in_english_and_danish() {
        assert_eq!(parse_verdict("pass"), Some(Status::Pass));
        assert_eq!(parse_verdict(" Ikke opfyldt "), Some(Status::Fail));
        assert_eq!(parse_verdict("UNDTAGET"), Some(Status::Exempt));
        assert_eq!(parse_verdict("pending"), None);
        assert_eq!(parse_verdict("måske"), None);
    }

    #[test]
    fn the_formula_mark_is_not_part_of_a_value() {
        assert_eq!(plain("'-K1"), "-K1");
        assert_eq!(plain("'=1+1"), "=1+1");
        assert_eq!(plain("'t Hoff"), "'t Hoff");
        assert_eq!(plain("K1"), "K1");
    }

    #[test]
    fn csv_delimiter_and_line_numbers() {
        let grid = csv_grid("\u{feff}sag;regel\nK1;R1\n\nK2;R2\n".as_bytes()).unwrap();
        assert_eq!(grid[0].1, vec!["sag", "regel"]);
        assert_eq!(grid[1], (2, vec!["K1".to_string(), "R1".to_string()]));
        assert_eq!(grid[2].0, 4);
    }
}
