//! Named fields → the canonical model. Every format (JSON, CSV, xlsx, the rule examples)
//! hands its fields to [`EventBuilder`] and [`CaseFields`], so a value means the same
//! thing whatever file it came from. Also the value a cell holds ([`RawValue`]), why one was
//! refused ([`FieldError`]), and a file's dates (`Dates`). The top of the value modules: it
//! reads text with [`super::values`] and names with [`super::vocab`], which import nothing of it.
use super::values::{
    DateFormat, DateStyle, excel_serial, parse_flag, parse_moment, parse_moment_as,
};
use super::vocab::{self, CASE_FIELDS, EventField, blank, trim};
use super::{Reason, refusal};
use crate::model::{Attr, AttrType, Event, EventType, Value};
use std::borrow::Cow;

/// A field's value as the file holds it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RawValue<'a> {
    Str(&'a str),
    Bool(bool),
    Num(f64),
    /// A date a spreadsheet cell (or a loader that already parsed it) gives.
    Moment(crate::calendar::Moment),
    Null,
}

impl RawValue<'_> {
    pub fn is_absent(&self) -> bool {
        match self {
            RawValue::Null => true,
            RawValue::Str(s) => blank(s),
            _ => false,
        }
    }

    /// The value as the file shows it (for rejects), a text longer than [`MAX_FIELD`]
    /// bytes only as far as [`head`] keeps it.
    pub fn display(&self) -> String {
        match self {
            RawValue::Str(s) => head(s).to_string(),
            RawValue::Bool(b) => b.to_string(),
            RawValue::Num(n) => n.to_string(),
            RawValue::Moment(m) => m.to_string(),
            RawValue::Null => String::new(),
        }
    }
}

/// Why a field was refused; the loader adds file and line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub value: String,
    pub reason: Reason,
}

/// The longest field read, in bytes (docs/robustness.md): a longer one rejects its record.
/// The longest free text of a real export (a justification) is a few pages.
pub const MAX_FIELD: usize = 100_000;

/// What a loader keeps of a text (a field, a cell, a JSON string) as it reads it: all of it
/// up to [`MAX_FIELD`] bytes, else its first `MAX_FIELD` + 1 bytes or a little more, to the
/// end of a letter: enough to reject it as too long and show how it begins, while a
/// 400 MB field costs no more than that.
pub fn head(text: &str) -> &str {
    if text.len() <= MAX_FIELD {
        return text;
    }
    let end = (MAX_FIELD + 1..=text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(text.len());
    &text[..end]
}

impl FieldError {
    /// A field longer than [`MAX_FIELD`] bytes, as an error; `Ok` for any other.
    #[inline]
    pub fn check_size(field: &str, value: &RawValue) -> Result<(), FieldError> {
        match value {
            RawValue::Str(s) if s.len() > MAX_FIELD => Err(FieldError::too_long(field, value)),
            _ => Ok(()),
        }
    }

    /// The error for a text longer than [`MAX_FIELD`] bytes.
    pub fn too_long(field: &str, value: &RawValue) -> FieldError {
        let reason = Reason::new(
            format!("feltet er længere end {MAX_FIELD} bytes"),
            format!("the field is longer than {MAX_FIELD} bytes"),
        );
        FieldError::new(field, value, reason)
    }

    pub fn new(field: &str, value: &RawValue, reason: Reason) -> FieldError {
        FieldError {
            field: field.to_string(),
            value: value.display(),
            reason,
        }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.value.is_empty() {
            write!(f, "{}: {}", self.field, self.reason)
        } else {
            let value = crate::privacy::quoted(&self.value);
            write!(f, "{} = {value}: {}", self.field, self.reason)
        }
    }
}

/// Collects one event's fields.
#[derive(Debug, Default)]
pub struct EventBuilder {
    kind: Option<EventType>,
    at: Option<crate::calendar::Moment>,
    id: Option<Box<str>>,
    reference: Option<Box<str>>,
    attrs: Vec<(Attr, Value)>,
    /// The outcome as written: what it means depends on the type, which may come later.
    outcome: Option<String>,
}

impl EventBuilder {
    /// Sets one field by its canonical name. Absent values (null, empty) are skipped.
    /// Returns Ok(false) for a name that is not an event field, so the caller can report
    /// unmapped columns.
    pub fn set(&mut self, name: &str, value: RawValue) -> Result<bool, FieldError> {
        match EventField::from_name(name) {
            Some(field) => self.set_field(field, value).map(|()| true),
            None => Ok(false),
        }
    }

    /// Sets one field, resolved once (a table resolves each column's field from its
    /// header, not its name on every row). Absent values (null, empty) are skipped.
    pub fn set_field(&mut self, field: EventField, value: RawValue) -> Result<(), FieldError> {
        if value.is_absent() {
            return Ok(());
        }
        let name = field.name();
        match field {
            EventField::Type => {
                let text = as_text(name, &value)?;
                self.kind = Some(vocab::event_type(text).ok_or_else(|| {
                    FieldError::new(
                        name,
                        &value,
                        Reason::new(
                            "ukendt hændelsestype (se docs/input.md; en mappingfil kan omdøbe den)",
                            "unknown event type (docs/input.md lists them; a mapping file can \
                             rename it)",
                        ),
                    )
                })?);
            }
            EventField::Date => self.at = Some(as_moment(name, &value)?),
            EventField::Id => self.id = Some(as_plain_text(name, &value)?.into()),
            EventField::Ref => self.reference = Some(as_plain_text(name, &value)?.into()),
            EventField::Attr(Attr::Outcome) => {
                let text = as_text(name, &value)?;
                if vocab::choice(Attr::Outcome, text).is_none()
                    && !vocab::OUTCOME_ALIASES_BY_TYPE
                        .iter()
                        .any(|(_, alias, _)| *alias == vocab::fold(text))
                {
                    let known = |lang| crate::lang::choices(crate::model::OUTCOMES, lang);
                    let reason = Reason::new(
                        format!("forventet en af {}", known(crate::lang::Lang::Da)),
                        format!("expected one of {}", known(crate::lang::Lang::En)),
                    );
                    return Err(FieldError::new(name, &value, reason));
                }
                self.outcome = Some(text.to_string());
            }
            EventField::Attr(attr) => {
                let parsed = match attr.value_type() {
                    AttrType::Text => Value::Text(as_plain_text(name, &value)?.into()),
                    AttrType::Flag => Value::Flag(as_flag(name, &value)?),
                    AttrType::Moment => Value::Moment(as_moment(name, &value)?),
                    AttrType::Choice(allowed) => {
                        let text = as_text(name, &value)?;
                        Value::Choice(vocab::choice(attr, text).ok_or_else(|| {
                            let allowed = |lang| crate::lang::choices(allowed, lang);
                            FieldError::new(
                                name,
                                &value,
                                Reason::new(
                                    format!("forventet en af {}", allowed(crate::lang::Lang::Da)),
                                    format!("expected one of {}", allowed(crate::lang::Lang::En)),
                                ),
                            )
                        })?)
                    }
                };
                match self.attrs.binary_search_by(|(a, _)| a.cmp(&attr)) {
                    Ok(i) => self.attrs[i].1 = parsed,
                    Err(i) => self.attrs.insert(i, (attr, parsed)),
                }
            }
        }
        Ok(())
    }

    /// Sets the type directly (the wide layout has it from the column name).
    pub fn set_kind(&mut self, kind: EventType) {
        self.kind = Some(kind);
    }

    /// The event, once it has a type and a date.
    pub fn finish(self, line: Option<u64>) -> Result<Event, FieldError> {
        let missing = |field: &str| FieldError {
            field: field.to_string(),
            value: String::new(),
            reason: Reason::new(
                "mangler (enhver hændelse skal have en type og en dato)",
                "missing (every event needs a type and a date)",
            ),
        };
        let kind = self.kind.ok_or_else(|| missing("type"))?;
        let at = self.at.ok_or_else(|| missing("date"))?;
        let mut attrs = self.attrs;
        if let Some(text) = self.outcome {
            let outcome = vocab::outcome(kind, &text).map_err(|reason| FieldError {
                field: "outcome".to_string(),
                value: text,
                reason,
            })?;
            let i = attrs.partition_point(|(a, _)| *a < Attr::Outcome);
            attrs.insert(i, (Attr::Outcome, Value::Choice(outcome)));
        }
        Ok(Event {
            kind,
            at,
            id: self.id,
            reference: self.reference,
            attrs,
            line,
        })
    }
}

fn as_text<'a>(name: &str, value: &RawValue<'a>) -> Result<&'a str, FieldError> {
    match value {
        RawValue::Str(s) => Ok(trim(s)),
        _ => Err(FieldError::new(name, value, expected_text())),
    }
}

fn expected_text() -> Reason {
    Reason::new("forventet tekst", "expected text")
}

/// A case id, the one way every layout reads it: trimmed text, or a whole number as its
/// digits; `1001.0` (a numeric id that went through Excel) is `1001`, so it pairs with the
/// `1001` of another file. `None` when empty.
/// Borrowed from the cell where it can be: the long layout reads one on every row.
pub fn case_id_text<'a>(value: &RawValue<'a>) -> Result<Option<Cow<'a, str>>, FieldError> {
    match *value {
        _ if value.is_absent() => Ok(None),
        // Refused before it is copied anywhere (a case id is kept, and compared per row).
        RawValue::Str(s) if s.len() > MAX_FIELD => Err(FieldError::too_long("case_id", value)),
        RawValue::Str(s) => {
            let s = trim(s);
            // `12345.0`, a number Excel wrote: only an id that begins with a digit can be one.
            let excel_number = match s.as_bytes().first() {
                Some(b) if b.is_ascii_digit() => s.split_once('.').filter(|(digits, zeros)| {
                    digits.bytes().all(|b| b.is_ascii_digit())
                        && !zeros.is_empty()
                        && zeros.bytes().all(|b| b == b'0')
                }),
                _ => None,
            };
            Ok(Some(excel_number.map_or(s, |(digits, _)| digits).into()))
        }
        RawValue::Num(n) if n.fract() == 0.0 && n.is_finite() => Ok(Some(format!("{n:.0}").into())),
        _ => Err(FieldError::new(
            "case_id",
            value,
            Reason::new("ikke et sagsnummer", "not a case id"),
        )),
    }
}

/// Text, where a number is accepted as its digits (ids are often numeric in exports).
fn as_plain_text(name: &str, value: &RawValue) -> Result<String, FieldError> {
    match value {
        RawValue::Str(s) => Ok(trim(s).to_string()),
        RawValue::Num(n) if n.fract() == 0.0 => Ok(format!("{n:.0}")),
        RawValue::Moment(m) => Ok(m.to_string()),
        _ => Err(FieldError::new(name, value, expected_text())),
    }
}

fn as_flag(name: &str, value: &RawValue) -> Result<bool, FieldError> {
    match value {
        RawValue::Bool(b) => Ok(*b),
        RawValue::Num(n) if *n == 0.0 || *n == 1.0 => Ok(*n == 1.0),
        RawValue::Str(s) => parse_flag(s).ok_or_else(|| {
            FieldError::new(
                name,
                value,
                Reason::new(
                    "forventet en ja/nej-værdi (ja/nej, true/false, 1/0, x)",
                    "expected a yes/no value (ja/nej, true/false, 1/0, x)",
                ),
            )
        }),
        _ => Err(FieldError::new(
            name,
            value,
            Reason::new("forventet en ja/nej-værdi", "expected a yes/no value"),
        )),
    }
}

fn as_moment(name: &str, value: &RawValue) -> Result<crate::calendar::Moment, FieldError> {
    match value {
        RawValue::Str(s) => parse_moment(s).ok_or_else(|| not_a_date(name, value)),
        RawValue::Moment(m) => Ok(*m),
        _ => Err(FieldError::new(
            name,
            value,
            Reason::new("forventet en dato", "expected a date"),
        )),
    }
}

/// The error for a date field whose text is not a date.
pub fn not_a_date(name: &str, value: &RawValue) -> FieldError {
    FieldError::new(
        name,
        value,
        Reason::new(
            "ikke en dato (forventet 2024-03-01, 01-03-2024 eller 01.03.2024, evt. med TT:MM)",
            "not a date (expected 2024-03-01, 01-03-2024 or 01.03.2024, optionally with HH:MM)",
        ),
    )
}

/// The case-level fields of one case.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct CaseFields {
    pub case_id: Option<String>,
    pub area: Option<String>,
    pub municipality: Option<String>,
    pub team: Option<String>,
    pub child_birth_date: Option<chrono::NaiveDate>,
}

impl CaseFields {
    /// Sets a case-level field; Ok(false) if `name` is not one. A field already set keeps
    /// its first value (long layouts repeat case fields on every row).
    pub fn set(&mut self, name: &str, value: RawValue) -> Result<bool, FieldError> {
        if !CASE_FIELDS.contains(&name) {
            return Ok(false);
        }
        if value.is_absent() {
            return Ok(true);
        }
        let slot = match name {
            "case_id" => {
                if self.case_id.is_none() {
                    self.case_id = case_id_text(&value)?.map(Cow::into_owned);
                }
                return Ok(true);
            }
            "area" => &mut self.area,
            "municipality" => &mut self.municipality,
            "team" => &mut self.team,
            _ => {
                let date = as_moment(name, &value)?.date;
                self.child_birth_date.get_or_insert(date);
                return Ok(true);
            }
        };
        if slot.is_none() {
            *slot = Some(as_plain_text(name, &value)?);
        }
        Ok(true)
    }

    /// The text fields already set, one bit each ([`CaseFields::text_bit`]): a long
    /// layout's later rows of a case need not read them again, as the first value wins.
    pub fn text_set(&self) -> u8 {
        [&self.case_id, &self.area, &self.municipality, &self.team]
            .iter()
            .enumerate()
            .filter(|(_, f)| f.is_some())
            .fold(0, |bits, (i, _)| bits | 1 << i)
    }

    /// The bit of a text field in [`CaseFields::text_set`]; 0 for any other field.
    pub fn text_bit(name: &str) -> u8 {
        CASE_FIELDS[..4]
            .iter()
            .position(|f| *f == name)
            .map_or(0, |i| 1 << i)
    }

    /// Fills what `self` lacks from `other` (a later row of the case, or a case-level file
    /// beside an event file), moving its values.
    pub fn fill_from(&mut self, other: CaseFields) {
        let CaseFields {
            case_id,
            area,
            municipality,
            team,
            child_birth_date,
        } = other;
        self.case_id = self.case_id.take().or(case_id);
        self.area = self.area.take().or(area);
        self.municipality = self.municipality.take().or(municipality);
        self.team = self.team.take().or(team);
        self.child_birth_date = self.child_birth_date.or(child_birth_date);
    }
}

/// The dates a file held, and how they were written: every date text of a file (table or
/// JSON) is read through one of these, so `--date-format` means the same everywhere.
#[derive(Debug, Default)]
pub(crate) struct Dates {
    pub format: DateFormat,
    iso: usize,
    day_first: usize,
    month_first: usize,
    cells: usize,
    /// The first value that reads only month-first, and its line.
    month_first_example: Option<(Option<u64>, String)>,
    /// Days added to a plain number before it is read as a 1900-based Excel serial (1462
    /// in a workbook that counts from 1904).
    pub serial_offset: f64,
}

/// Plain numbers in a date column are Excel date serials only from 1970-01-01 (25569) to
/// 9999-12-31: below that, a number is far likelier a count or a code than a date.
const SERIALS: std::ops::Range<f64> = 25_569.0..2_958_466.0;

impl Dates {
    pub fn new(format: DateFormat) -> Dates {
        Dates {
            format,
            ..Dates::default()
        }
    }

    pub fn read<'a>(
        &mut self,
        field: &str,
        raw: RawValue<'a>,
        line: Option<u64>,
    ) -> Result<RawValue<'a>, FieldError> {
        match raw {
            RawValue::Str(s) if !blank(s) => match parse_moment_as(s, self.format) {
                Some((m, style)) => {
                    match style {
                        DateStyle::Iso => self.iso += 1,
                        DateStyle::DayFirst => self.day_first += 1,
                        DateStyle::MonthFirst => self.month_first += 1,
                    }
                    Ok(RawValue::Moment(m))
                }
                None if self.format == DateFormat::Auto
                    && parse_moment_as(s, DateFormat::Mdy).is_some() =>
                {
                    self.month_first_example
                        .get_or_insert_with(|| (line, s.to_string()));
                    Err(FieldError::new(
                        field,
                        &raw,
                        Reason::new(
                            "en dato med måneden først; caseaudit læser datoer med dagen først \
                             (se --date-format)",
                            "a month-first date; caseaudit reads dates day-first (see \
                             --date-format)",
                        ),
                    ))
                }
                None if self.format == DateFormat::Iso => Err(FieldError::new(
                    field,
                    &raw,
                    Reason::new(
                        "ikke en ISO-dato (2024-03-01 eller 2024-03-01T09:15), som \
                         --date-format iso kræver",
                        "not an ISO date (2024-03-01 or 2024-03-01T09:15), as --date-format iso \
                         says",
                    ),
                )),
                None => Err(not_a_date(field, &raw)),
            },
            RawValue::Num(n) => match Some(n + self.serial_offset)
                .filter(|n| SERIALS.contains(n))
                .and_then(excel_serial)
            {
                Some(m) => {
                    self.cells += 1;
                    Ok(RawValue::Moment(m))
                }
                None => Err(FieldError::new(
                    field,
                    &raw,
                    Reason::new(
                        "et tal, ikke en dato (som Excel-datoserienummer ville det ligge før 1970)",
                        "a number, not a date (as an Excel date serial it would be before 1970)",
                    ),
                )),
            },
            RawValue::Moment(_) => {
                self.cells += 1;
                Ok(raw)
            }
            other => Ok(other),
        }
    }

    /// What was seen, e.g. `iso + dmy`; `none` for a table without dates.
    /// Adds the dates of the text after this one (a streamed file's next piece).
    pub fn absorb(&mut self, after: Dates) {
        self.iso += after.iso;
        self.day_first += after.day_first;
        self.month_first += after.month_first;
        self.cells += after.cells;
        if self.month_first_example.is_none() {
            self.month_first_example = after.month_first_example;
        }
    }

    pub fn describe(&self) -> String {
        let parts: Vec<&str> = [
            (self.iso, "iso"),
            (self.day_first, "dmy"),
            (self.month_first, "mdy"),
            (self.cells, "excel dates"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(_, name)| name)
        .collect();
        if parts.is_empty() {
            "none".to_string()
        } else {
            parts.join(" + ")
        }
    }

    /// Month-first values in a file read day-first make every date like 03/04/2024 in it
    /// doubtful: refuse, and name the flag that settles it.
    pub fn check(&self, file: &str) -> anyhow::Result<()> {
        if let Some((line, value)) = &self.month_first_example {
            let at = line.map(|l| format!(" (line {l})")).unwrap_or_default();
            let at_da = line.map(|l| format!(" (linje {l})")).unwrap_or_default();
            return Err(refusal(
                format!(
                    "{file}: datoen {value:?}{at_da} har måneden først, så datoer som 03/04/2024 \
                     i filen kan ikke læses sikkert; angiv --date-format mdy, hvis filen skriver \
                     måneden først, eller --date-format dmy for at læse dag først og afvise de \
                     umulige datoer"
                ),
                format!(
                    "{file}: the date {value:?}{at} is month-first, so dates such as 03/04/2024 \
                     in this file cannot be read safely; pass --date-format mdy if the file \
                     writes month first, or --date-format dmy to read it day-first and reject \
                     the impossible dates"
                ),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_an_event_from_named_fields() {
        let mut b = EventBuilder::default();
        assert_eq!(b.set("type", RawValue::Str("decision")), Ok(true));
        assert_eq!(b.set("date", RawValue::Str("10-05-2024")), Ok(true));
        assert_eq!(b.set("outcome", RawValue::Str("refused")), Ok(true));
        assert_eq!(b.set("appeal_guidance", RawValue::Str("ja")), Ok(true));
        assert_eq!(b.set("justification", RawValue::Null), Ok(true));
        assert_eq!(b.set("colour", RawValue::Str("blue")), Ok(false));
        let e = b.finish(Some(3)).unwrap();
        assert_eq!(e.kind, EventType::Decision);
        assert_eq!(e.at.to_string(), "2024-05-10");
        assert_eq!(e.choice(Attr::Outcome), Some("refused"));
        assert_eq!(e.flag(Attr::AppealGuidance), Some(true));
        assert_eq!(e.attr(Attr::Justification), None);
    }

    #[test]
    fn case_ids_written_by_excel_pair_with_plain_ones() {
        let id = |v: RawValue| {
            case_id_text(&v)
                .map(|id| id.map(Cow::into_owned))
                .map_err(|e| e.reason.en)
        };
        assert_eq!(id(RawValue::Str(" 1001.0 ")), Ok(Some("1001".into())));
        assert_eq!(id(RawValue::Str("1001.00")), Ok(Some("1001".into())));
        assert_eq!(id(RawValue::Num(1001.0)), Ok(Some("1001".into())));
        assert_eq!(id(RawValue::Str("1001.5")), Ok(Some("1001.5".into())));
        assert_eq!(id(RawValue::Str("K-1.0")), Ok(Some("K-1.0".into())));
        assert_eq!(id(RawValue::Str(".0")), Ok(Some(".0".into())));
        assert_eq!(id(RawValue::Str(" ")), Ok(None));
        assert!(id(RawValue::Num(1001.5)).is_err());
        let mut fields = CaseFields::default();
        fields.set("case_id", RawValue::Str("1001.0")).unwrap();
        assert_eq!(fields.case_id.as_deref(), Some("1001"));
    }

    #[test]
    fn an_outcome_is_read_for_its_event_type() {
        let event = |kind: &str, outcome: &str| {
            let mut b = EventBuilder::default();
            // The outcome first, as a JSON object's keys may come.
            b.set("outcome", RawValue::Str(outcome))?;
            b.set("type", RawValue::Str(kind))?;
            b.set("date", RawValue::Str("2024-03-01"))?;
            b.finish(None)
        };
        let outcome = |kind, text| event(kind, text).map(|e| e.choice(Attr::Outcome));
        assert_eq!(outcome("decision", "afvist"), Ok(Some("refused")));
        assert_eq!(outcome("appeal_decided", "afvist"), Ok(Some("dismissed")));
        let err = event("decision", "upheld").unwrap_err();
        assert_eq!(
            (err.field.as_str(), err.value.as_str()),
            ("outcome", "upheld")
        );
        assert!(
            err.reason.en.contains("not an outcome of a decision"),
            "{err}"
        );
        assert!(
            err.reason.da.contains("ikke et udfald for decision"),
            "{err}"
        );
        let err = event("notification_received", "granted").unwrap_err();
        assert!(err.reason.en.contains("has no outcome"), "{err}");
    }

    #[test]
    fn refuses_bad_values_with_the_field_named() {
        let mut b = EventBuilder::default();
        let err = b.set("outcome", RawValue::Str("maybe")).unwrap_err();
        assert_eq!(err.field, "outcome");
        assert!(err.reason.en.contains("refused"), "{err}");
        assert!(err.reason.da.starts_with("forventet en af"), "{err}");
        assert!(b.set("date", RawValue::Str("2024-02-30")).is_err());
        assert!(b.set("type", RawValue::Str("party")).is_err());
        assert_eq!(
            EventBuilder::default().finish(None).unwrap_err().field,
            "type"
        );
    }
}
