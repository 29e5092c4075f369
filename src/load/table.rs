//! Tables — CSV and spreadsheet sheets alike — into cases. A [`Rows`] source gives the
//! header and one row at a time; this module resolves the header once (mapping file,
//! Danish aliases, layout), then reads each row in the long, wide or case-level layout.
//! Nothing here knows whether a cell came from a CSV field or an Excel cell.
use super::fields::{CaseFields, Dates, EventBuilder, FieldError, RawValue, case_id_text};
use super::mapping::Mapping;
use super::values::{DateFormat, parse_time};
use super::vocab::{CASE_FIELDS, EventField, is_date_field};
use super::{Collector, Layout, Reason, vocab};
use crate::calendar::Moment;
use crate::model::EventType;
use chrono::NaiveTime;
use std::borrow::Cow;
use std::collections::HashMap;

/// A table's rows, read one at a time into a buffer the source reuses.
pub(crate) trait Rows {
    /// The header row's cells, as text.
    fn headers(&self) -> &[String];
    /// Moves to the next row: `None` at the end, `Err((line, reason))` for a row that
    /// could not be read at all.
    fn next_row(&mut self) -> Option<Result<(), (Option<u64>, Reason)>>;
    /// The current row's line (CSV) or row number (sheet), 1-based, the header being 1.
    fn line(&self) -> Option<u64>;
    /// Why the current row does not fit the header, if it does not.
    fn ragged(&self) -> Option<Reason>;
    fn is_blank(&self) -> bool;
    fn cell(&self, i: usize) -> RawValue<'_>;
    /// Is the cell empty (no text at all)? Most cells of a long export are: a source that
    /// can tell without making a value says so cheaply.
    fn is_empty(&self, i: usize) -> bool {
        matches!(self.cell(i), RawValue::Null | RawValue::Str(""))
    }
    /// Days to add to a plain number in a date column to make it a 1900-based Excel
    /// serial: 1462 in a workbook that counts dates from 1904.
    fn serial_offset(&self) -> f64 {
        0.0
    }
}

/// How to read a table.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct TableSettings<'m> {
    pub layout: Option<Layout>,
    pub date_format: DateFormat,
    pub mapping: Option<&'m Mapping>,
}

/// What reading a table found out about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TableInfo {
    pub layout: Layout,
    pub date_format: String,
}

/// A column that feeds the model.
#[derive(Debug)]
struct Col<'m> {
    index: usize,
    /// Canonical field name.
    field: &'static str,
    values: Option<&'m HashMap<String, String>>,
    date: bool,
    /// Resolved once, not compared as text on every row: a case-level field, and its bit
    /// in [`CaseFields::text_set`].
    case: bool,
    text_bit: u8,
    /// The event's field it fills, resolved once (`None` for a case field and the time).
    event: Option<EventField>,
    /// The time of day that completes the event's date.
    time: bool,
}

/// The columns of one event in the wide layout: `decision_2`, `decision_2_outcome` …
#[derive(Debug)]
struct Group<'m> {
    kind: EventType,
    n: u32,
    date: Option<Col<'m>>,
    attrs: Vec<Col<'m>>,
}

/// How many of a header's columns a refusal names.
const SHOWN_HEADERS: usize = 20;

/// One event of a wide row: its type and which of them (`decision_2`: the second).
type WideEvent = (EventType, u32);

/// Reads a table into `c`.
pub(crate) fn read<R: Rows>(
    rows: &mut R,
    c: &mut Collector,
    settings: &TableSettings,
) -> anyhow::Result<TableInfo> {
    let table = prepare(rows.headers().to_vec(), c, settings)?;
    let mut dates = Dates::new(settings.date_format);
    dates.serial_offset = rows.serial_offset();
    table.read_rows(rows, c, &mut dates)?;
    dates.check(&c.file)?;
    Ok(TableInfo {
        layout: table.layout,
        date_format: dates.describe(),
    })
}

/// A table's header, resolved once: the layout, and the columns that feed the model. A
/// streamed file's pieces are all read with the one resolved from its header.
#[derive(Debug)]
pub(crate) struct Table<'m> {
    headers: Vec<String>,
    pub layout: Layout,
    cols: Vec<Col<'m>>,
    groups: Vec<Group<'m>>,
    pub case_col: usize,
    /// The layout was detected as one row per case (no type column), not given.
    guessed_one_row_per_case: bool,
}

impl Table<'_> {
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// Reads the rows under this header into `c`, their dates through `dates`.
    pub fn read_rows<R: Rows>(
        &self,
        rows: &mut R,
        c: &mut Collector,
        dates: &mut Dates,
    ) -> anyhow::Result<()> {
        let mut reader = TableReader {
            headers: &self.headers,
            case_col: self.case_col,
            dates,
            guessed_one_row_per_case: self.guessed_one_row_per_case,
            refusal: None,
            seen_case: String::new(),
            seen: Vec::new(),
            fresh: Vec::new(),
        };
        while let Some(next) = rows.next_row() {
            if let Err((line, reason)) = next {
                if let Ok(Some(id)) = case_id_text(&rows.cell(self.case_col)) {
                    c.note_case(&id);
                }
                c.records += 1;
                c.reject(line, None, None, reason);
                continue;
            }
            if rows.is_blank() {
                continue;
            }
            match self.layout {
                Layout::Long => reader.long_row(rows, c, &self.cols),
                Layout::Wide => reader.wide_row(rows, c, &self.cols, &self.groups),
                Layout::Cases => reader.case_row(rows, c, &self.cols),
            }
            if let Some(refusal) = reader.refusal.take() {
                let file = &c.file;
                return Err(super::refusal(
                    format!("{file}: {}", refusal.da),
                    format!("{file}: {}", refusal.en),
                ));
            }
        }
        Ok(())
    }
}

/// Resolves a header into a [`Table`] (refusing one the rows could not be read under);
/// notes the columns that feed nothing in `c`.
pub(crate) fn prepare<'m>(
    headers: Vec<String>,
    c: &mut Collector,
    settings: &TableSettings<'m>,
) -> anyhow::Result<Table<'m>> {
    if headers.iter().all(|h| h.trim().is_empty()) {
        return Err(super::refusal(
            format!("{}: tom: ingen overskriftslinje og ingen poster", c.file),
            format!("{}: empty: no header line and no records", c.file),
        ));
    }
    // Each header resolved once: ignored by the mapping, renamed, or as it stands.
    let names: Vec<Option<&str>> = headers
        .iter()
        .map(|h| match settings.mapping {
            Some(m) => m.header(h),
            None => Some(h.as_str()),
        })
        .collect();
    let long: Vec<Option<&'static str>> = names.iter().map(|n| n.and_then(vocab::column)).collect();
    let wide: Vec<Option<(EventType, u32, &'static str)>> = names
        .iter()
        .map(|n| n.and_then(vocab::wide_column))
        .collect();
    // A column that means an event field (type, date, id, ref, an attribute) where the
    // layout would be case-level: its events would be lost, so refuse and say why.
    let event_column = || {
        long.iter()
            .zip(&headers)
            .find(|(f, _)| f.is_some_and(|f| !CASE_FIELDS.contains(&f)))
            .map(|(f, h)| (h.as_str(), f.unwrap_or_default()))
    };
    let layout = match settings.layout {
        Some(layout) => layout,
        None if long.contains(&Some("type")) => Layout::Long,
        None if wide.iter().any(Option::is_some) => Layout::Wide,
        None => {
            if let Some((header, field)) = event_column() {
                let (file, header) = (&c.file, crate::privacy::quoted(header));
                return Err(super::refusal(
                    format!(
                        "{file}: der er ingen typekolonne (ledte efter type, hændelse …), men \
                         kolonnen {header} er et hændelsesfelt ({field}), så det er heller ikke \
                         en fil på sagsniveau; navngiv typekolonnen med --mapping, eller angiv \
                         --layout long eller --layout wide"
                    ),
                    format!(
                        "{file}: there is no type column (looked for type, hændelse …), yet \
                         column {header} is an event field ({field}), so this is not a \
                         case-level file either; name the type column with --mapping, or pass \
                         --layout long or --layout wide"
                    ),
                ));
            }
            Layout::Cases
        }
    };
    if layout == Layout::Cases
        && let Some((header, field)) = event_column()
    {
        let (file, header) = (&c.file, crate::privacy::quoted(header));
        return Err(super::refusal(
            format!(
                "{file}: læst som en fil på sagsniveau (--layout cases eller --case-file), men \
                 kolonnen {header} er et hændelsesfelt ({field}), hvis værdier ville gå tabt; \
                 skriv den under `ignore` i en mappingfil, eller læs filen som en hændelsesfil"
            ),
            format!(
                "{file}: read as a case-level file (--layout cases or --case-file), but column \
                 {header} is an event field ({field}), whose values would be lost; list it \
                 under `ignore` in a mapping file, or read the file as an event file"
            ),
        ));
    }
    let col = |index: usize, field: &'static str| {
        let case = CASE_FIELDS.contains(&field);
        Col {
            index,
            field,
            values: settings.mapping.and_then(|m| m.values(field)),
            date: is_date_field(field),
            case,
            text_bit: CaseFields::text_bit(field),
            event: EventField::from_name(field).filter(|_| !case),
            time: field == "time",
        }
    };
    let mut case_col = None;
    let mut cols = Vec::new();
    let mut groups: Vec<Group> = Vec::new();
    // Each group's place in `groups` (a wide header may have a great many).
    let mut group_of: HashMap<WideEvent, usize> = HashMap::new();
    for (i, header) in headers.iter().enumerate() {
        let case_field = long[i].filter(|f| CASE_FIELDS.contains(f));
        if case_field == Some("case_id") && case_col.is_none() {
            case_col = Some(i);
        }
        let used = match layout {
            Layout::Long => long[i].map(|f| cols.push(col(i, f))).is_some(),
            Layout::Cases => case_field.map(|f| cols.push(col(i, f))).is_some(),
            Layout::Wide => match (case_field, wide[i]) {
                (Some(f), _) => {
                    cols.push(col(i, f));
                    true
                }
                (None, Some((kind, n, field))) => {
                    let g = *group_of.entry((kind, n)).or_insert_with(|| {
                        groups.push(Group {
                            kind,
                            n,
                            date: None,
                            attrs: Vec::new(),
                        });
                        groups.len() - 1
                    });
                    let g = &mut groups[g];
                    match field {
                        "date" if g.date.is_none() => g.date = Some(col(i, field)),
                        _ => g.attrs.push(col(i, field)),
                    }
                    true
                }
                (None, None) => {
                    if let Some(kind) = names[i].and_then(vocab::wide_prefix) {
                        let (file, kind) = (&c.file, kind.name());
                        let header = crate::privacy::quoted(header);
                        return Err(super::refusal(
                            format!(
                                "{file}: kolonnen {header} begynder med hændelsestypen {kind}, \
                                 men resten er hverken et gentagelsesnummer eller et felt, \
                                 caseaudit kender; navngiv den som follow_up_2, \
                                 decision_outcome eller decision_2_outcome, eller skriv den \
                                 under `ignore` i en mappingfil"
                            ),
                            format!(
                                "{file}: column {header} starts with the event type {kind} but \
                                 the rest is not a repeat number or a field caseaudit knows; \
                                 name it like follow_up_2, decision_outcome or \
                                 decision_2_outcome, or list it under `ignore` in a mapping file"
                            ),
                        ));
                    }
                    false
                }
            },
        };
        if !used && names[i].is_some() && !header.trim().is_empty() {
            c.note_unmapped(header);
        }
    }
    // Two columns meaning one field (of the case, or of one wide event): which one to read
    // would be a guess.
    let fields = cols
        .iter()
        .map(|c| (c.field, c.index, None))
        .chain(groups.iter().flat_map(|g| {
            g.date
                .iter()
                .chain(&g.attrs)
                .map(move |c| (c.field, c.index, Some((g.kind, g.n))))
        }));
    let mut seen: HashMap<(Option<WideEvent>, &str), usize> = HashMap::new();
    for (field, index, group) in fields {
        if let Some(&earlier) = seen.get(&(group, field)) {
            let file = &c.file;
            let (a, b) = (&headers[earlier], &headers[index]);
            let (a, b) = (crate::privacy::quoted(a), crate::privacy::quoted(b));
            return Err(super::refusal(
                format!(
                    "{file}: kolonnerne {a} og {b} betyder begge {field}, og caseaudit gætter \
                     ikke på, hvilken der skal læses; behold den ene, eller skriv den anden under \
                     `ignore` i en mappingfil"
                ),
                format!(
                    "{file}: columns {a} and {b} both mean {field}, and caseaudit will not \
                     guess which to read; keep one, or list the other under `ignore` in a \
                     mapping file"
                ),
            ));
        }
        seen.insert((group, field), index);
    }
    let file = &c.file;
    let Some(case_col) = case_col else {
        // A file without a header row: its first row is case data, which a message must not
        // echo (it may hold CPR numbers and free text).
        let digits = |h: &String| {
            h.as_bytes()
                .split(|b| !b.is_ascii_digit())
                .any(|run| run.len() >= 4)
        };
        if headers.iter().any(digits) {
            return Err(super::refusal(
                format!(
                    "{}: ingen kolonne med sagsnummer, og første række ligner data (datoer eller \
                     tal), ikke kolonnenavne: filen skal have en overskriftsrække (sagsnummer, \
                     hændelse, dato …; se docs/input.md)",
                    c.file
                ),
                format!(
                    "{}: no case id column, and the first row looks like data (dates or \
                     numbers), not column names: the file needs a header row (case_id, type, \
                     date …; see docs/input.md)",
                    c.file
                ),
            ));
        }
        // The first columns, each cut short: a header may have a million.
        let shown: Vec<String> = headers
            .iter()
            .take(SHOWN_HEADERS)
            .map(|h| match h.char_indices().nth(60) {
                Some((end, _)) => format!("{}…", &h[..end]),
                None => h.clone(),
            })
            .collect();
        let found = shown.join(", ");
        let n = headers.len();
        let (more_da, more_en) = match n > SHOWN_HEADERS {
            true => (format!(" … ({n} kolonner)"), format!(" … ({n} columns)")),
            false => Default::default(),
        };
        return Err(super::refusal(
            format!(
                "{file}: ingen kolonne med sagsnummer (ledte efter case_id, sagsnummer, sags_id …; \
                 en mappingfil kan navngive en anden); fandt: {found}{more_da}"
            ),
            format!(
                "{file}: no case id column (looked for case_id, sagsnummer, sags_id …; a mapping \
                 file can name another); found: {found}{more_en}"
            ),
        ));
    };
    if layout == Layout::Long {
        for (required, da) in [("type", "type"), ("date", "dato")] {
            if !long.contains(&Some(required)) {
                return Err(super::refusal(
                    format!(
                        "{file}: ingen kolonne med {da} ({required}): det lange layout kræver \
                         kolonner med case_id, type og date (angiv --layout wide for én række \
                         pr. sag)"
                    ),
                    format!(
                        "{file}: no {required} column: the long layout needs case_id, type and \
                         date columns (pass --layout wide for one row per case)"
                    ),
                ));
            }
        }
    }
    if layout == Layout::Wide && groups.is_empty() {
        return Err(super::refusal(
            format!(
                "{file}: ingen hændelseskolonner: det brede layout kræver en kolonne pr. \
                 hændelsestype (notification_received, decision, follow_up_2 …)"
            ),
            format!(
                "{file}: no event columns: the wide layout needs a column per event type \
                 (notification_received, decision, follow_up_2 …)"
            ),
        ));
    }
    Ok(Table {
        guessed_one_row_per_case: settings.layout.is_none() && layout != Layout::Long,
        headers,
        layout,
        cols,
        groups,
        case_col,
    })
}

/// A date with the time of day from a separate time column (`Dato;Tidspunkt`): `09:15`,
/// `9.15`, or in .xlsx a time cell (a fraction of a day).
fn with_time<'a>(date: RawValue<'a>, time: RawValue) -> Result<RawValue<'a>, FieldError> {
    let RawValue::Moment(moment) = date else {
        // No date (or not one): the row is rejected for that.
        return Ok(date);
    };
    let parsed = match time {
        _ if time.is_absent() => return Ok(date),
        RawValue::Str(s) => parse_time(s),
        RawValue::Num(f) if (0.0..1.0).contains(&f) => {
            let minutes = ((f * 1440.0).round() as u32).min(1439);
            NaiveTime::from_hms_opt(minutes / 60, minutes % 60, 0)
        }
        _ => None,
    };
    let Some(t) = parsed else {
        return Err(FieldError::new(
            "time",
            &time,
            Reason::new(
                "ikke et klokkeslæt (forventet 09:15 eller 9.15)",
                "not a time of day (expected 09:15 or 9.15)",
            ),
        ));
    };
    match moment.time {
        Some(own) if own != t => Err(FieldError::new(
            "time",
            &time,
            Reason::new(
                format!("datokolonnen har allerede et andet klokkeslæt ({moment})"),
                format!("the date column already has a different time ({moment})"),
            ),
        )),
        _ => Ok(RawValue::Moment(Moment::at(moment.date, t))),
    }
}

/// A field error showing the cell as the file has it, not as a mapping renamed it.
fn as_written<R: Rows>(rows: &R, col: &Col, mut e: FieldError) -> FieldError {
    if col.values.is_some() {
        e.value = rows.cell(col.index).display();
    }
    e
}

struct TableReader<'h, 'd> {
    headers: &'h [String],
    case_col: usize,
    dates: &'d mut Dates,
    /// The layout was detected as one row per case (no type column), not given.
    guessed_one_row_per_case: bool,
    /// Set when the rows show the detected layout is wrong: the file is refused.
    refusal: Option<Reason>,
    /// Long layout: the case-level values that are not text (the birth date) of accepted
    /// rows of the case `seen_case`, by column, as written. The same text on a later row of
    /// the case reads the same, and is not read again; another is read (and rejected when
    /// it is no date), as always. `fresh`: those of the row being read, until it is
    /// accepted.
    seen_case: String,
    seen: Vec<(usize, String)>,
    fresh: Vec<usize>,
}

impl TableReader<'_, '_> {
    /// A column's value, renamed by the mapping and, in a date column, parsed as a date.
    fn value<'a, R: Rows>(
        &mut self,
        rows: &'a R,
        col: &'a Col,
        line: Option<u64>,
    ) -> Result<RawValue<'a>, FieldError> {
        self.read_cell(rows.cell(col.index), col, line)
    }

    /// [`TableReader::value`] of a cell already taken from its row.
    fn read_cell<'a>(
        &mut self,
        mut raw: RawValue<'a>,
        col: &'a Col,
        line: Option<u64>,
    ) -> Result<RawValue<'a>, FieldError> {
        FieldError::check_size(col.field, &raw)?;
        // An empty cell is the empty text, whatever the format: a sheet's empty cell and a
        // CSV's empty field both match a mapping's `"" = "nej"` (docs/mapping.md).
        let text = match raw {
            RawValue::Str(s) => Some(s),
            RawValue::Null => Some(""),
            _ => None,
        };
        if let (Some(values), Some(text)) = (col.values, text)
            && let Some(renamed) = values.get(&vocab::fold(text))
        {
            raw = RawValue::Str(renamed);
        }
        if col.date {
            raw = self.dates.read(col.field, raw, line)?;
        }
        Ok(raw)
    }

    /// The row's case id; rejects the row (one record) when it is missing or it does not
    /// fit the header.
    fn case_id<'r, R: Rows>(&self, rows: &'r R, c: &mut Collector) -> Option<Cow<'r, str>> {
        let line = rows.line();
        let id = case_id_text(&rows.cell(self.case_col));
        if let Ok(Some(id)) = &id {
            c.note_case(id);
        }
        if let Some(reason) = rows.ragged() {
            c.records += 1;
            c.reject(line, None, None, reason);
            return None;
        }
        let column = || Some(self.headers[self.case_col].clone());
        let id = match id {
            Ok(Some(id)) => id,
            Ok(None) => {
                c.records += 1;
                let reason = Reason::new("rækken mangler sagsnummer", "row without case id");
                c.reject(line, column(), None, reason);
                return None;
            }
            Err(e) => {
                c.records += 1;
                c.reject_field(line, column(), e);
                return None;
            }
        };
        Some(id)
    }

    /// A case id seen on an earlier row, where a case should be one row. If the layout was
    /// only guessed, the guess is wrong: refuse the file and name what settles it.
    fn repeated_case(&mut self, c: &mut Collector, case_id: &str, line: Option<u64>) -> bool {
        if !c.has(case_id) {
            return false;
        }
        if self.guessed_one_row_per_case {
            let at = line.map(|l| format!(" (line {l})")).unwrap_or_default();
            let at_da = line.map(|l| format!(" (linje {l})")).unwrap_or_default();
            self.refusal = Some(Reason::new(
                format!(
                    "sag {case_id} står på mere end én række{at_da}, så det er ikke én række pr. \
                     sag, men der er ingen typekolonne (ledte efter type, hændelse …) til at læse \
                     den som én række pr. hændelse; navngiv kolonnerne med --mapping, eller angiv \
                     --layout long eller --layout wide"
                ),
                format!(
                    "case {case_id} is on more than one row{at}, so this is not one row per \
                     case, yet there is no type column (looked for type, hændelse …) to read it \
                     one row per event; name the columns with --mapping, or pass --layout long \
                     or --layout wide"
                ),
            ));
        }
        true
    }

    /// Case-level fields from a row; an error names the column.
    fn case_fields<R: Rows>(
        &mut self,
        rows: &R,
        cols: &[Col],
        fields: &mut CaseFields,
    ) -> Result<(), (String, FieldError)> {
        let line = rows.line();
        for col in cols {
            let header = || self.headers[col.index].clone();
            let raw = self.value(rows, col, line);
            let result = raw.and_then(|raw| fields.set(col.field, raw));
            result.map_err(|e| (header(), as_written(rows, col, e)))?;
        }
        Ok(())
    }

    /// Rejects an event that could not be finished, under the column of the field at
    /// fault (an outcome another type has, a missing type or date) where there is one.
    fn reject_event<'c, R: Rows>(
        &self,
        rows: &R,
        c: &mut Collector,
        mut cols: impl Iterator<Item = &'c Col<'c>>,
        e: FieldError,
    ) {
        match cols.find(|col| col.field == e.field) {
            Some(col) => {
                let header = self.headers[col.index].clone();
                c.reject_field(rows.line(), Some(header), as_written(rows, col, e));
            }
            None => c.reject_field(rows.line(), None, e),
        }
    }

    /// Long layout: one row is one record, an event (or case fields only).
    fn long_row<R: Rows>(&mut self, rows: &R, c: &mut Collector, cols: &[Col]) {
        let Some(case_id) = self.case_id(rows, c) else {
            return;
        };
        c.records += 1;
        let line = rows.line();
        c.line = line;
        let mut fields = CaseFields::default();
        let mut builder = EventBuilder::default();
        let mut is_event = false;
        let time_col = cols.iter().find(|col| col.time);
        // Case text fields the case already has: the first value wins, so they are not
        // read (nor allocated) again on every row.
        let known = c.known_text(&case_id);
        if self.seen_case != *case_id {
            self.seen_case.clear();
            self.seen_case.push_str(&case_id);
            self.seen.clear();
        }
        self.fresh.clear();
        for col in cols {
            if col.text_bit & known != 0 {
                continue; // a case field: it is not an event's
            }
            if col.values.is_none() && rows.is_empty(col.index) {
                continue; // sets nothing and makes no event (most cells)
            }
            let cell = rows.cell(col.index);
            let absent = cell.is_absent();
            // Any event column filled makes the row an event (which then needs its type
            // and date): attributes are never dropped for want of them.
            is_event |= !col.case && !absent;
            if col.time {
                continue; // the time is read with the date
            }
            if col.case && col.text_bit == 0 && !absent {
                if let RawValue::Str(text) = cell
                    && self.seen.iter().any(|(i, t)| *i == col.index && t == text)
                {
                    continue; // read on an earlier row of the case
                }
                self.fresh.push(col.index);
            }
            // An empty cell sets nothing, in the case or the event, unless a mapping
            // renames the empty text (most cells of a long export are empty).
            if absent && col.values.is_none() && FieldError::check_size(col.field, &cell).is_ok() {
                continue;
            }
            let mut result = self.read_cell(cell, col, line);
            if col.event == Some(EventField::Date)
                && let (Ok(date), Some(time_col)) = (&result, time_col)
            {
                match with_time(*date, rows.cell(time_col.index)) {
                    Ok(moment) => result = Ok(moment),
                    Err(e) => {
                        c.reject_field(line, Some(self.headers[time_col.index].clone()), e);
                        return;
                    }
                }
            }
            if result.as_ref().is_ok_and(RawValue::is_absent) {
                continue; // an empty cell sets nothing, in the case or the event
            }
            // Resolved once per column: a case-level field, else the event's.
            let result = result.and_then(|raw| match col.event {
                Some(field) => builder.set_field(field, raw).map(|()| true),
                None => fields.set(col.field, raw),
            });
            if let Err(e) = result {
                if c.gone_text(&case_id) & col.text_bit != 0 {
                    continue; // known from the case's drafts gone to the partition
                }
                let e = as_written(rows, col, e);
                c.reject_field(line, Some(self.headers[col.index].clone()), e);
                return;
            }
        }
        if !is_event {
            // A row with case fields only: the case is known, it has no event on this row.
            c.draft(&case_id).fields.fill_from(fields);
            self.remember(rows);
            return;
        }
        // A rejected row gives nothing, not even its case.
        match builder.finish(line) {
            Ok(event) => {
                let draft = c.draft(&case_id);
                draft.fields.fill_from(fields);
                draft.events.push(event);
                self.remember(rows);
            }
            Err(e) => self.reject_event(rows, c, cols.iter(), e),
        }
    }

    /// The row was accepted: its case-level values read are the case's to skip.
    fn remember<R: Rows>(&mut self, rows: &R) {
        for &i in &self.fresh {
            if let RawValue::Str(text) = rows.cell(i) {
                self.seen.push((i, text.to_string()));
            }
        }
    }

    /// Wide layout: one row is one case; each filled event column (with its attribute
    /// columns) is one record, and a row without any is one record too.
    fn wide_row<R: Rows>(&mut self, rows: &R, c: &mut Collector, cols: &[Col], groups: &[Group]) {
        let Some(case_id) = self.case_id(rows, c) else {
            return;
        };
        let line = rows.line();
        let mut fields = CaseFields::default();
        if let Err((header, e)) = self.case_fields(rows, cols, &mut fields) {
            c.records += 1;
            c.reject_field(line, Some(header), e);
            return;
        }
        if self.repeated_case(c, &case_id, line) {
            c.records += 1;
            c.reject(
                line,
                Some(self.headers[self.case_col].clone()),
                Some(case_id.into_owned()),
                Reason::new(
                    "samme sag står på en tidligere række; i det brede layout er en sag én \
                     række, så denne række revideres ikke",
                    "the same case is on an earlier row; in the wide layout a case is one row, \
                     so this row is not audited",
                ),
            );
            return;
        }
        c.draft(&case_id).fields = fields;
        let mut records = 0;
        for group in groups {
            let filled = |col: &Col| !rows.cell(col.index).is_absent();
            let date_filled = group.date.as_ref().is_some_and(filled);
            let attr = group.attrs.iter().find(|a| filled(a));
            if !date_filled && attr.is_none() {
                continue;
            }
            records += 1;
            c.records += 1;
            match attr {
                Some(attr) if !date_filled => {
                    let n = if group.n > 1 {
                        format!("_{}", group.n)
                    } else {
                        String::new()
                    };
                    c.reject(
                        line,
                        Some(self.headers[attr.index].clone()),
                        None,
                        Reason::new(
                            format!(
                                "har en værdi, men hændelsen har ingen dato (ingen {}{n}-dato på \
                                 denne række)",
                                group.kind.name()
                            ),
                            format!(
                                "has a value but the event has no date (no {}{n} date on this \
                                 row)",
                                group.kind.name()
                            ),
                        ),
                    );
                }
                _ => self.wide_event(rows, c, &case_id, group),
            }
        }
        if records == 0 {
            // A case with no events yet is still a case.
            c.records += 1;
        }
        c.forget_if_all_rejected(&case_id, records > 0);
    }

    fn wide_event<R: Rows>(&mut self, rows: &R, c: &mut Collector, case_id: &str, group: &Group) {
        let line = rows.line();
        let mut builder = EventBuilder::default();
        builder.set_kind(group.kind);
        for col in group.date.iter().chain(&group.attrs) {
            let result = self
                .value(rows, col, line)
                .and_then(|raw| builder.set(col.field, raw));
            if let Err(e) = result {
                let e = as_written(rows, col, e);
                c.reject_field(line, Some(self.headers[col.index].clone()), e);
                return;
            }
        }
        match builder.finish(line) {
            Ok(event) => c.draft(case_id).events.push(event),
            Err(e) => self.reject_event(rows, c, group.date.iter().chain(&group.attrs), e),
        }
    }

    /// A case-level file: one row is one case's fields.
    fn case_row<R: Rows>(&mut self, rows: &R, c: &mut Collector, cols: &[Col]) {
        let Some(case_id) = self.case_id(rows, c) else {
            return;
        };
        c.records += 1;
        let line = rows.line();
        let mut fields = CaseFields::default();
        if let Err((header, e)) = self.case_fields(rows, cols, &mut fields) {
            c.reject_field(line, Some(header), e);
            return;
        }
        if self.repeated_case(c, &case_id, line) {
            c.reject(
                line,
                Some(self.headers[self.case_col].clone()),
                Some(case_id.into_owned()),
                Reason::new(
                    "samme sag står på en tidligere række i denne sagsfil; rækken bruges ikke",
                    "the same case is on an earlier row of this case file; this row is not used",
                ),
            );
            return;
        }
        let draft = c.draft(&case_id);
        draft.fields = fields;
        draft.line = line;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::delimited::CsvRows;

    /// Reads a CSV text (delimiter `;`) as caseaudit would, with default settings.
    fn read_csv(text: &str) -> anyhow::Result<Collector> {
        let mut c = Collector::new("t.csv", false);
        let mut rows = CsvRows::new(text, b';');
        read(&mut rows, &mut c, &TableSettings::default())?;
        Ok(c)
    }

    fn events(c: &Collector) -> Vec<String> {
        let draft = &c.drafts[0];
        draft.events.iter().map(|e| e.at.to_string()).collect()
    }

    #[test]
    fn a_time_column_completes_the_date() {
        let c = read_csv(
            "Sagsnummer;Hændelse;Dato;Tidspunkt\nK1;underretning;01-03-2024;09:15\n\
             K1;underretning vurderet;01-03-2024;\nK1;afgørelse;02-03-2024 10:00;11:00\n",
        )
        .unwrap();
        assert_eq!(events(&c), ["2024-03-01T09:15", "2024-03-01"]);
        assert_eq!(c.rejects.total(), 1);
        assert_eq!(c.rejects.listed()[0].column.as_deref(), Some("Tidspunkt"));
    }

    #[test]
    fn a_birth_date_repeated_on_a_case_rows_reads_as_each_row_alone() {
        let c = read_csv(
            "sagsnummer;fødselsdato;hændelse;dato\n\
             K1;01-02-2015;underretning;31-02-2024\n\
             K1;01-02-2015;underretning;01-03-2024\n\
             K1;01-02-2015;kvittering;02-03-2024\n\
             K1;not a date;kvittering;03-03-2024\n\
             K1;01-02-2015;kvittering;04-03-2024\n\
             K2;01-02-2015;underretning;01-03-2024\n\
             K2;02-02-2015;kvittering;02-03-2024\n",
        )
        .unwrap();
        // The first row is rejected for its event date: the birth date comes from the second.
        let birth = |i: usize| c.drafts[i].fields.child_birth_date.map(|d| d.to_string());
        assert_eq!(birth(0).as_deref(), Some("2015-02-01"));
        assert_eq!(birth(1).as_deref(), Some("2015-02-01"));
        // A value that is no date is rejected on whichever row it stands.
        let lines: Vec<_> = c.rejects.listed().iter().map(|r| r.line).collect();
        assert_eq!(lines, [Some(2), Some(5)]);
        assert_eq!(c.drafts[0].events.len(), 3);
        assert_eq!(c.drafts[1].events.len(), 2);
    }

    #[test]
    fn the_first_case_field_value_wins_in_the_long_layout() {
        let c = read_csv(
            "sagsnummer;kommune;hændelse;dato\nK1;;underretning;01-03-2024\n\
             K1;Køge;underretning vurderet;01-03-2024\nK1;Roskilde;kvittering;02-03-2024\n",
        )
        .unwrap();
        assert_eq!(c.drafts.len(), 1);
        assert_eq!(c.drafts[0].fields.municipality.as_deref(), Some("Køge"));
        assert_eq!(c.drafts[0].events.len(), 3);
    }

    #[test]
    fn two_columns_for_one_field_are_refused() {
        let err = read_csv(
            "sagsnummer;hændelse;dato;hændelsesdato\nK1;afgørelse;01-03-2024;02-03-2024\n",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("\"dato\" and \"hændelsesdato\""), "{err}");
        assert!(err.contains("ignore"), "{err}");
        let err = read_csv("sag;afgørelse;decision;afgørelse_udfald;decision_outcome\nK1;;;;\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("\"afgørelse\" and \"decision\""), "{err}");
    }
}
