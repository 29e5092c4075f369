//! JSON (an array of cases, or `{"cases": [...]}`) and NDJSON (one case a line).
use super::fields::{Dates, EventBuilder, FieldError, MAX_FIELD, RawValue, head};
use super::values::DateFormat;
use super::vocab::{CASE_FIELDS, is_date_field, is_event_field};
use super::{Collector, Detected, Reason};
use crate::model::{Attr, AttrType};
use serde_json::Value;

/// A record here is an event, or a case that is refused as a whole or has no events; in
/// NDJSON a line that is not JSON is a record too, rejected with its line.
pub(super) fn read(
    mut c: Collector,
    bytes: &[u8],
    ndjson: bool,
    date_format: DateFormat,
) -> anyhow::Result<(Collector, Detected)> {
    let name = c.file.clone();
    let text =
        std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).map_err(|e| {
            super::refusal(
                format!("{name}: JSON skal være UTF-8: {e}"),
                format!("{name}: JSON must be UTF-8: {e}"),
            )
        })?;
    let mut dates = Dates::new(date_format);
    let format = if ndjson {
        read_lines(&mut c, &mut dates, text, 1, false);
        "ndjson"
    } else {
        match parse(text) {
            Ok(doc) => {
                read_document(&mut c, &mut dates, doc, &object_lines(text))?;
                "json"
            }
            // One object a line is NDJSON whatever the file is called: the document
            // parse stops after the first line, and the lines are then each parsed once.
            Err(e) if e.line() > 1 && read_lines(&mut c, &mut dates, text, 1, true) => "ndjson",
            Err(e) => {
                let (line, column) = (e.line(), e.column());
                return Err(super::refusal(
                    format!(
                        "{name}: linje {line}, kolonne {column}: ikke gyldig JSON: {}",
                        crate::lang::detail::json_message(&e).da
                    ),
                    format!("{name}: line {line}, column {column}: {e}"),
                ));
            }
        }
    };
    dates.check(&name)?;
    let detected = Detected {
        format,
        encoding: Some("utf-8"),
        date_format: Some(dates.describe()),
        ..Detected::default()
    };
    Ok((c, detected))
}

/// A whole JSON document: an array of cases, `{"cases": [...]}`, or one case.
fn read_document(
    c: &mut Collector,
    dates: &mut Dates,
    doc: Value,
    lines: &[Lines],
) -> anyhow::Result<()> {
    let at = |i: usize| lines.get(i).cloned().unwrap_or_default();
    let cases = match doc {
        Value::Array(cases) => cases,
        Value::Object(mut map) => match map.remove("cases") {
            Some(Value::Array(cases)) => cases,
            None if map.contains_key("case_id") => {
                read_case(c, dates, &Value::Object(map), &at(0), "case");
                return Ok(());
            }
            _ => return Err(not_cases(&c.file)),
        },
        _ => return Err(not_cases(&c.file)),
    };
    for (i, case) in cases.iter().enumerate() {
        read_case(c, dates, case, &at(i), &format!("cases[{i}]"));
    }
    Ok(())
}

/// A document that is not an array of cases, `{"cases": [...]}` or one case.
fn not_cases(file: &str) -> anyhow::Error {
    super::refusal(
        format!("{file}: forventede en liste af sager, {{\"cases\": [...]}} eller én sag"),
        format!("{file}: expected an array of cases, {{\"cases\": [...]}}, or one case"),
    )
}

/// One case a line, the first on line `first_line` (a streamed file's piece begins further
/// on). With `guessing` (a .json file that did not parse as one document), reads nothing
/// and returns false unless the first line is a JSON object.
pub(super) fn read_lines(
    c: &mut Collector,
    dates: &mut Dates,
    text: &str,
    first_line: u64,
    guessing: bool,
) -> bool {
    let mut first = true;
    for (line, n) in lines(text).zip(first_line..) {
        if line.trim().is_empty() {
            continue;
        }
        let parsed = parse(line);
        if std::mem::take(&mut first) && guessing && !matches!(parsed, Ok(Value::Object(_))) {
            return false;
        }
        read_line(c, dates, n, parsed);
    }
    true
}

/// One line of NDJSON, numbered `n`: a case, or a record rejected as not JSON.
fn read_line(c: &mut Collector, dates: &mut Dates, n: u64, parsed: serde_json::Result<Value>) {
    match parsed {
        Ok(case) => {
            let lines = Lines {
                case: Some(n),
                events: Vec::new(),
            };
            read_case(c, dates, &case, &lines, "case");
        }
        Err(e) => {
            c.records += 1;
            let message = e.to_string();
            let message = message.split(" at line ").next().unwrap_or_default();
            let column = e.column();
            let da = crate::lang::detail::json_message(&e).da;
            let reason = Reason::new(
                format!("ikke gyldig JSON ({da} i kolonne {column})"),
                format!("not valid JSON ({message} at column {column})"),
            );
            c.reject(Some(n), None, None, reason);
        }
    }
}

/// The lines of a text ending in `\n`, `\r\n` or a lone `\r` (old Mac exports), as CSV
/// accepts them.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let t = rest?;
        match memchr::memchr2(b'\n', b'\r', t.as_bytes()) {
            Some(at) => {
                let skip = if t[at..].starts_with("\r\n") { 2 } else { 1 };
                rest = Some(&t[at + skip..]).filter(|r| !r.is_empty());
                Some(&t[..at])
            }
            None => {
                rest = None;
                Some(t)
            }
        }
    })
}

/// Parses JSON, refusing an object with the same key twice: serde_json would keep only the
/// last (`{"cases":[A,B],"cases":[C]}` would read as C alone), silently losing records.
/// Nesting is bounded by serde_json's recursion limit (128). A string longer than a field
/// may be is cut first ([`cut_long_strings`]).
fn parse(text: &str) -> serde_json::Result<Value> {
    serde_json::from_str::<Unique>(&cut_long_strings(text)).map(|u| u.0)
}

/// The most bytes of a JSON string as written that serde_json reads: six times a field's
/// limit, as an escape of six bytes (`\u00e6`) may stand for a single one, so what is kept
/// still reads as longer than [`MAX_FIELD`] (and its record is rejected).
const LONGEST_STRING: usize = 6 * MAX_FIELD + 6;

/// `text` with every string longer than [`LONGEST_STRING`] bytes cut there (at an escape's
/// or a letter's end), before serde_json reads it: serde_json unescapes a string whole
/// into a buffer of its own, so a string of 400 MB with escapes in it would cost as much
/// again. A text with no such string is not copied. Lines stay as they were (a JSON string
/// holds no line break); only columns after a cut on its line move.
fn cut_long_strings(text: &str) -> std::borrow::Cow<'_, str> {
    if text.len() <= LONGEST_STRING {
        return text.into();
    }
    let bytes = text.as_bytes();
    let mut out = String::new();
    // `bytes[copied..]` is not yet in `out`; `at` is where the scan is.
    let (mut copied, mut at) = (0, 0);
    while let Some(k) = memchr::memchr(b'"', &bytes[at..]) {
        let open = at + k;
        // The first escape's or letter's start past the limit, if the string passes it.
        let limit = open + 1 + LONGEST_STRING;
        let mut cut = None;
        let mut i = open + 1;
        // To the closing quote (or the end), from escape to escape up to the cut, then from
        // quote to quote.
        let close = loop {
            if cut.is_some() {
                break closing_quote(bytes, i);
            }
            let special = memchr::memchr2(b'"', b'\\', bytes.get(i..).unwrap_or_default())
                .map_or(bytes.len(), |k| i + k);
            if cut.is_none() && special >= limit {
                // The first letter's start in the plain run before `special` (or `special`).
                cut = (limit.max(i)..=special).find(|&c| text.is_char_boundary(c));
            }
            if special == bytes.len() || bytes[special] == b'"' {
                break special;
            }
            i = special
                + match bytes[special..] {
                    // A surrogate pair is one letter: never cut between its halves.
                    [
                        b'\\',
                        b'u',
                        b'd' | b'D',
                        b'8'..=b'9' | b'a'..=b'b' | b'A'..=b'B',
                        _,
                        _,
                        b'\\',
                        b'u',
                        ..,
                    ] => 12,
                    [b'\\', b'u', ..] => 6,
                    _ => 2,
                };
        };
        if let Some(cut) = cut {
            out.push_str(&text[copied..cut]);
            copied = close; // from the closing quote on
        }
        at = close + 1;
        if at >= bytes.len() {
            break;
        }
    }
    if copied == 0 {
        return text.into();
    }
    out.push_str(&text[copied..]);
    out.into()
}

/// Where the string that `from` is inside (not in an escape) closes: the first quote after
/// it that an odd run of backslashes does not escape; the end when none does.
fn closing_quote(bytes: &[u8], mut from: usize) -> usize {
    while let Some(k) = memchr::memchr(b'"', bytes.get(from..).unwrap_or_default()) {
        let quote = from + k;
        let backslashes = bytes[from..quote]
            .iter()
            .rev()
            .take_while(|b| **b == b'\\')
            .count();
        if backslashes % 2 == 0 {
            return quote;
        }
        from = quote + 1;
    }
    bytes.len()
}

/// A JSON value whose objects have no repeated key.
struct Unique(Value);

impl<'de> serde::Deserialize<'de> for Unique {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Unique, D::Error> {
        d.deserialize_any(UniqueVisitor).map(Unique)
    }
}

struct UniqueVisitor;

/// The key under which serde_json (with `arbitrary_precision`, Cargo.toml) gives a number's
/// text to a visitor of its own, as serde_json's own `Value` reads it.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

impl<'de> serde::de::Visitor<'de> for UniqueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::from(n))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::from(n))
    }
    fn visit_f64<E>(self, n: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number))
    }
    /// A string only as far as a field's [`head`] keeps it (a string of 400 MB in the
    /// input is not copied whole).
    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(head(s).to_string()))
    }
    fn visit_string<E>(self, mut s: String) -> Result<Value, E> {
        if s.len() > MAX_FIELD {
            s = head(&s).to_string();
        }
        Ok(Value::String(s))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Unique(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            // A number, as serde_json hands it on with arbitrary_precision: a map of one key
            // whose value is the number's text.
            if key == NUMBER_TOKEN && object.is_empty() {
                let text: String = map.next_value()?;
                let number = text.parse().map_err(serde::de::Error::custom)?;
                return Ok(Value::Number(number));
            }
            if object.contains_key(&key) {
                return Err(serde::de::Error::custom(format_args!(
                    "the key {} appears twice in one object",
                    crate::privacy::quoted(&key)
                )));
            }
            let Unique(value) = map.next_value()?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

/// The value of `key`. A number under a key read as text (a case id, an event's id or
/// ref, a team …) is its text as written, as a CSV cell would be: `10000000000000001` stays
/// that, where the nearest f64 made it `…000`, one case with `10000000000000000`. Under
/// any other key (a date, a flag) it is a number.
fn raw<'a>(key: &str, value: &'a Value) -> Option<RawValue<'a>> {
    Some(match value {
        Value::String(s) => RawValue::Str(s),
        Value::Bool(b) => RawValue::Bool(*b),
        Value::Number(n) if reads_text(key) => RawValue::Str(n.as_str()),
        Value::Number(n) => RawValue::Num(n.as_f64()?),
        Value::Null => RawValue::Null,
        Value::Array(_) | Value::Object(_) => return None,
    })
}

/// Is `key` a field whose value is text (where a number is its digits)?
fn reads_text(key: &str) -> bool {
    matches!(
        key,
        "case_id" | "area" | "municipality" | "team" | "id" | "ref"
    ) || Attr::from_name(key).is_some_and(|a| a.value_type() == AttrType::Text)
}

/// A field's value; a date text read as `--date-format` says, as in tables. An array or
/// object is an error under a key the model knows (`known`), and `None` (unmapped) under
/// any other.
fn field<'a>(
    dates: &mut Dates,
    key: &str,
    value: &'a Value,
    line: Option<u64>,
    known: fn(&str) -> bool,
) -> Option<Result<RawValue<'a>, FieldError>> {
    let Some(raw) = raw(key, value) else {
        return known(key).then(|| Err(wrong_type(key, value)));
    };
    if let Err(e) = FieldError::check_size(key, &raw) {
        return Some(Err(e));
    }
    Some(match raw {
        RawValue::Str(_) if is_date_field(key) => dates.read(key, raw, line),
        _ => Ok(raw),
    })
}

/// A writer that takes bytes up to a number and fails past it.
struct Upto<'a>(&'a mut Vec<u8>, usize);

impl std::io::Write for Upto<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let room = self.1.saturating_sub(self.0.len());
        if room == 0 {
            return Err(std::io::ErrorKind::WriteZero.into());
        }
        let n = buf.len().min(room);
        self.0.extend_from_slice(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A known key holding an array or object.
fn wrong_type(key: &str, value: &Value) -> FieldError {
    let (expected_da, expected) = if is_date_field(key) {
        ("en dato", "a date")
    } else if Attr::from_name(key).is_some_and(|a| a.value_type() == AttrType::Flag) {
        ("ja/nej", "yes/no")
    } else {
        ("tekst", "text")
    };
    let (got_da, got) = if value.is_array() {
        ("et array", "array")
    } else {
        ("et objekt", "object")
    };
    // Its strings masked before it is written as JSON again and cut: an escape (`\n`)
    // glued to a CPR number, or a cut through one, hides it from the mask. Written only as
    // far as it is shown (an array may hold millions of values).
    let mut shown = value.clone();
    crate::privacy::mask_json(&mut shown);
    let mut bytes = Vec::new();
    let _ = serde_json::to_writer(Upto(&mut bytes, 64), &shown);
    let mut text = String::from_utf8_lossy(&bytes).into_owned();
    if text.len() > 60 {
        let cut = (0..=57)
            .rev()
            .find(|i| text.is_char_boundary(*i))
            .unwrap_or(0);
        text.truncate(cut);
        text.push('…');
    }
    FieldError {
        field: key.to_string(),
        value: text,
        reason: Reason::new(
            format!("forventet {expected_da}, ikke {got_da}"),
            format!("expected {expected}, got {got}"),
        ),
    }
}

fn read_case(c: &mut Collector, dates: &mut Dates, case: &Value, lines: &Lines, path: &str) {
    let line = lines.case;
    c.records += 1;
    let Value::Object(map) = case else {
        c.reject(
            line,
            Some(path.into()),
            None,
            Reason::new(
                "en sag skal være et JSON-objekt",
                "a case must be a JSON object",
            ),
        );
        return;
    };
    let mut fields = super::fields::CaseFields::default();
    for (key, value) in map {
        if key == "events" {
            continue;
        }
        let is_case_field = |key: &str| CASE_FIELDS.contains(&key);
        match field(dates, key, value, line, is_case_field)
            .map(|v| v.and_then(|v| fields.set(key, v)))
        {
            Some(Ok(true)) => {}
            Some(Ok(false)) => c.note_unmapped(key),
            Some(Err(e)) => {
                c.reject_field(line, Some(format!("{path}.{key}")), e);
                return;
            }
            None => c.note_unmapped(key),
        }
    }
    let events = match map.get("events") {
        Some(Value::Array(events)) => events.as_slice(),
        None | Some(Value::Null) => &[],
        Some(_) => {
            c.reject(
                line,
                Some(format!("{path}.events")),
                None,
                Reason::new("events skal være et array", "events must be an array"),
            );
            return;
        }
    };
    let Some(case_id) = fields.case_id.clone() else {
        let n = events.len();
        c.reject(
            line,
            Some(format!("{path}.case_id")),
            None,
            Reason::new(
                format!(
                    "sag uden case_id (dens {n} {} revideres ikke)",
                    if n == 1 { "hændelse" } else { "hændelser" }
                ),
                format!(
                    "case without case_id (its {n} {} not audited)",
                    if n == 1 { "event is" } else { "events are" }
                ),
            ),
        );
        return;
    };
    c.note_case(&case_id);
    if c.has(&case_id) {
        c.reject(
            line,
            Some(format!("{path}.case_id")),
            Some(case_id),
            Reason::new(
                "samme case_id står tidligere i filen; denne kopi revideres ikke",
                "the same case_id appears earlier in this file; this copy is not audited",
            ),
        );
        return;
    }
    c.draft(&case_id).fields = fields;
    // The case was counted as one record; from here each event is one.
    c.records += events.len().saturating_sub(1);
    for (j, event) in events.iter().enumerate() {
        // Where the event is, for a message (made only for one).
        let at = || format!("{path}.events[{j}]");
        let line = lines.events.get(j).copied().or(line);
        let Value::Object(map) = event else {
            let reason = Reason::new(
                "en hændelse skal være et JSON-objekt",
                "an event must be a JSON object",
            );
            c.reject(line, Some(at()), None, reason);
            continue;
        };
        let mut builder = EventBuilder::default();
        let mut failed = None;
        for (key, value) in map {
            match field(dates, key, value, line, is_event_field)
                .map(|v| v.and_then(|v| builder.set(key, v)))
            {
                Some(Ok(true)) => {}
                Some(Ok(false)) | None => c.note_unmapped(&format!("events.{key}")),
                Some(Err(e)) => {
                    failed = Some((format!("{}.{key}", at()), e));
                    break;
                }
            }
        }
        let result = match failed {
            Some((at, e)) => Err((Some(at), e)),
            None => builder
                .finish(line)
                .map_err(|e| (Some(format!("{}.{}", at(), e.field)), e)),
        };
        match result {
            Ok(e) => c.draft(&case_id).events.push(e),
            Err((at, e)) => c.reject_field(line, at, e),
        }
    }
    c.forget_if_all_rejected(&case_id, !events.is_empty());
}

/// Where a case object, and each of its event objects, starts in the document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Lines {
    case: Option<u64>,
    events: Vec<u64>,
}

/// The line of every case and event object of a document (an array of cases, `{"cases":
/// [...]}` or one case), in document order, so that a rejected record can be found in the
/// file. serde_json keeps no positions, so this is a small scan of its own: strings (with
/// escapes), nesting, and the keys `cases` and `events`.
fn object_lines(text: &str) -> Vec<Lines> {
    #[derive(Clone, Copy, PartialEq)]
    enum Role {
        Other,
        Root,
        Cases,
        Case,
        Events,
    }
    struct Frame {
        role: Role,
        object: bool,
        key: Option<String>,
        expect_key: bool,
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut out: Vec<Lines> = Vec::new();
    let mut root_case = None;
    let mut line = 1u64;
    let mut chars = text.chars();
    while let Some(ch) = chars.next() {
        match ch {
            '\n' => line += 1,
            '"' => {
                // Only a key is kept; values are skipped without copying them.
                let is_key = stack.last().is_some_and(|f| f.object && f.expect_key);
                let mut string = String::new();
                let mut escaped = false;
                for ch in chars.by_ref() {
                    match (escaped, ch) {
                        (false, '\\') => escaped = true,
                        (false, '"') => break,
                        (_, ch) => {
                            escaped = false;
                            line += u64::from(ch == '\n');
                            if is_key {
                                string.push(ch);
                            }
                        }
                    }
                }
                if let Some(frame) = stack.last_mut().filter(|_| is_key) {
                    frame.key = Some(string);
                    frame.expect_key = false;
                }
            }
            '{' | '[' => {
                let parent = stack.last().map(|f| (f.role, f.key.as_deref()));
                let role = match (ch, parent) {
                    ('{', None) => Role::Root,
                    ('[', None) => Role::Cases,
                    ('[', Some((Role::Root, Some("cases")))) => Role::Cases,
                    ('{', Some((Role::Cases, _))) => Role::Case,
                    ('[', Some((Role::Case | Role::Root, Some("events")))) => Role::Events,
                    _ => Role::Other,
                };
                match role {
                    Role::Case => out.push(Lines {
                        case: Some(line),
                        events: Vec::new(),
                    }),
                    Role::Root => root_case = Some(line),
                    _ => {}
                }
                if ch == '{' && parent.is_some_and(|(r, _)| r == Role::Events) {
                    match out.last_mut() {
                        Some(case) if stack.len() > 2 => case.events.push(line),
                        _ => {
                            // The events of a single-case document.
                            if out.is_empty() {
                                out.push(Lines {
                                    case: root_case,
                                    events: Vec::new(),
                                });
                            }
                            out[0].events.push(line);
                        }
                    }
                }
                stack.push(Frame {
                    role,
                    object: ch == '{',
                    key: None,
                    expect_key: ch == '{',
                });
            }
            '}' | ']' => {
                stack.pop();
            }
            ',' => {
                if let Some(frame) = stack.last_mut().filter(|f| f.object) {
                    frame.expect_key = true;
                    frame.key = None;
                }
            }
            _ => {}
        }
    }
    if out.is_empty() && root_case.is_some() {
        out.push(Lines {
            case: root_case,
            events: Vec::new(),
        });
    }
    out
}

#[cfg(test)]
mod line_tests {
    use super::*;

    #[test]
    fn finds_the_lines_of_cases_and_events() {
        let text = "{\"cases\": [\n  {\"case_id\": \"K-1\", \"note\": \"a \\\" { [\",\n   \"events\": [\n    {\"type\": \"x\"},\n    {\"type\": \"y\", \"nested\": {\"events\": [{}]}}\n  ]},\n  {\"case_id\": \"K-2\"}\n]}";
        assert_eq!(
            object_lines(text),
            vec![
                Lines {
                    case: Some(2),
                    events: vec![4, 5]
                },
                Lines {
                    case: Some(7),
                    events: vec![]
                },
            ]
        );
    }

    #[test]
    fn strings_longer_than_a_field_can_be_are_cut_before_serde_json_reads_them() {
        // Every kind of letter and escape, so that the cut falls at each.
        for unit in [
            "a",
            "æ",
            "\\n",
            "\\u00e6",
            "\\ud83d\\ude00",
            "\\\"",
            "a\\\\",
        ] {
            let long = unit.repeat(LONGEST_STRING / unit.len() + 3);
            let text = format!("{{\"k\": \"{long}\", \"{long}\": [1, \"x\\\"y\"]}}\n{{\"z\": 2}}");
            let cut = cut_long_strings(&text);
            assert!(cut.len() < text.len() && cut.lines().count() == 2, "{unit}");
            let whole: serde_json::Value =
                serde_json::from_str(text.lines().next().unwrap()).unwrap();
            let read: serde_json::Value = serde_json::from_str(cut.lines().next().unwrap())
                .unwrap_or_else(|e| panic!("{unit}: {e}"));
            let (whole_k, read_k) = (whole["k"].as_str().unwrap(), read["k"].as_str().unwrap());
            assert!(
                read_k.len() > MAX_FIELD && whole_k.starts_with(read_k),
                "{unit}"
            );
            let (_, value) = read.as_object().unwrap().iter().nth(1).unwrap();
            assert_eq!(value, &serde_json::json!([1, "x\"y"]), "{unit}");
        }
        // A string never closed is cut too (serde_json would unescape all of it first).
        let open = format!("{{\"k\": \"{}", "\\n".repeat(LONGEST_STRING));
        assert!(cut_long_strings(&open).len() < LONGEST_STRING + 20);
        let short = "{\"k\": \"v\"}";
        assert!(matches!(
            cut_long_strings(short),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn a_number_keeps_its_text_and_one_key_more_is_no_number() {
        let parsed = parse("[10000000000000001, 1.50, -0]").unwrap();
        let texts: Vec<&str> = parsed
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_number().unwrap().as_str())
            .collect();
        assert_eq!(texts, ["10000000000000001", "1.50", "-0"]);
        assert!(parse(r#"{"a": 1, "a": 2}"#).is_err());
        assert!(parse(r#"{"$serde_json::private::Number": 5}"#).is_err());
    }

    #[test]
    fn an_array_of_cases_and_a_single_case() {
        assert_eq!(
            object_lines("[\n{\"case_id\": \"K-1\", \"events\": [\n{}]}]"),
            vec![Lines {
                case: Some(2),
                events: vec![3]
            }]
        );
        assert_eq!(
            object_lines("{\"case_id\": \"K-1\",\n \"events\": [\n{},\n{}]}"),
            vec![Lines {
                case: Some(1),
                events: vec![3, 4]
            }]
        );
    }
}

/// A JSON document (an array of cases, or `{"cases": [...]}`) read case by case from the
/// file, never whole: a first pass checks the document's own structure (brackets, commas,
/// keys, each value parsed on its own as serde_json parses it, no key twice) and hashes the
/// file; a second reads each case as it comes. A document the first pass doubts (not UTF-8,
/// JSON that does not parse, a key twice, a single case, nesting near serde_json's limit, an
/// element that is not an object) is read whole, which refuses it or reads it exactly as
/// before. `Ok(Err(c))`: read it whole.
pub(super) fn read_document_streamed(
    path: &std::path::Path,
    date_format: DateFormat,
    mut c: Collector,
) -> anyhow::Result<Result<(Collector, Detected, String), Collector>> {
    use crate::lang::{Msg, OrSay};
    let name = c.file.clone();
    let mut hasher = Some(<sha2::Sha256 as sha2::Digest>::new());
    let checked = walk(path, &mut hasher, &mut |element, _| parse(element).is_ok())
        .or_say(Msg::CouldNotRead, &name)?;
    let Some(hasher) = hasher.filter(|_| checked) else {
        return Ok(Err(c));
    };
    let sha256 = super::hex(&sha2::Digest::finalize(hasher));
    let mut dates = Dates::new(date_format);
    let mut i = 0;
    let read = walk(path, &mut None, &mut |element, line| {
        let Ok(case) = parse(element) else {
            return false;
        };
        // The lines of the case's own objects, counted from its first line.
        let lines = object_lines(element).into_iter().next().unwrap_or_default();
        let lines = Lines {
            case: Some(line),
            events: lines.events.iter().map(|l| line + l - 1).collect(),
        };
        read_case(&mut c, &mut dates, &case, &lines, &format!("cases[{i}]"));
        i += 1;
        true
    })
    .or_say(Msg::CouldNotRead, &name)?;
    if !read {
        // The first pass found every element to parse; never so.
        return Err(not_cases(&name));
    }
    dates.check(&name)?;
    let detected = Detected {
        format: "json",
        encoding: Some("utf-8"),
        date_format: Some(dates.describe()),
        ..Detected::default()
    };
    Ok(Ok((c, detected, sha256)))
}

/// The deepest nesting a streamed document may have: serde_json refuses more than 128, and
/// a document near it is read whole, which refuses it as before.
const STREAMED_DEPTH: usize = 100;

/// The bytes of a file, a block at a time, hashed as they are read when asked.
struct Source<'h> {
    file: std::fs::File,
    buf: Vec<u8>,
    at: usize,
    hasher: &'h mut Option<sha2::Sha256>,
    line: u64,
}

impl Source<'_> {
    fn next(&mut self) -> std::io::Result<Option<u8>> {
        if self.at == self.buf.len() {
            self.buf.resize(1 << 18, 0);
            let n = std::io::Read::read(&mut self.file, &mut self.buf)?;
            self.buf.truncate(n);
            self.at = 0;
            if let Some(h) = self.hasher.as_mut() {
                sha2::Digest::update(h, &self.buf);
            }
            if n == 0 {
                return Ok(None);
            }
        }
        let b = self.buf[self.at];
        self.at += 1;
        self.line += u64::from(b == b'\n');
        Ok(Some(b))
    }

    /// The next byte that is not JSON whitespace.
    fn next_token(&mut self) -> std::io::Result<Option<u8>> {
        loop {
            match self.next()? {
                Some(b' ' | b'\t' | b'\n' | b'\r') => {}
                other => return Ok(other),
            }
        }
    }

    /// An object, array or string whose first byte is `first`, into `out`; `None` when the
    /// file ends inside it or it nests too deep.
    fn value(&mut self, first: u8, out: &mut Vec<u8>) -> std::io::Result<Option<()>> {
        out.clear();
        out.push(first);
        let mut depth = usize::from(matches!(first, b'{' | b'['));
        let mut string = first == b'"';
        let mut escaped = false;
        loop {
            let Some(b) = self.next()? else {
                return Ok(None);
            };
            out.push(b);
            if string {
                match (escaped, b) {
                    (false, b'\\') => escaped = true,
                    (false, b'"') => {
                        string = false;
                        if depth == 0 {
                            return Ok(Some(()));
                        }
                    }
                    _ => escaped = false,
                }
                continue;
            }
            match b {
                b'"' => string = true,
                b'{' | b'[' => {
                    depth += 1;
                    if depth > STREAMED_DEPTH {
                        return Ok(None);
                    }
                }
                b'}' | b']' => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(Some(()));
                    }
                }
                _ => {}
            }
        }
    }
}

/// The values of a cases array after its `[`, each handed to `each` with the line it begins
/// on; false when it is not one to stream or `each` said so.
fn cases_array(
    src: &mut Source,
    value: &mut Vec<u8>,
    each: &mut dyn FnMut(&str, u64) -> bool,
) -> std::io::Result<bool> {
    let mut next = src.next_token()?;
    if next == Some(b']') {
        return Ok(true);
    }
    loop {
        // An element that is not an object is read whole.
        if next != Some(b'{') {
            return Ok(false);
        }
        let line = src.line;
        if src.value(b'{', value)?.is_none() {
            return Ok(false);
        }
        let Ok(text) = std::str::from_utf8(value) else {
            return Ok(false);
        };
        if !each(text, line) {
            return Ok(false);
        }
        match src.next_token()? {
            Some(b',') => next = src.next_token()?,
            Some(b']') => return Ok(true),
            _ => return Ok(false),
        }
    }
}

/// Walks a document of cases (`[...]` or `{"cases": [...]}`), handing each case to `each`
/// with the line it begins on; false when the document is not one to stream (see
/// [`read_document_streamed`]) or `each` said so.
fn walk(
    path: &std::path::Path,
    hasher: &mut Option<sha2::Sha256>,
    each: &mut dyn FnMut(&str, u64) -> bool,
) -> std::io::Result<bool> {
    let mut src = Source {
        file: std::fs::File::open(path)?,
        buf: Vec::new(),
        at: 0,
        hasher,
        line: 1,
    };
    let mut value = Vec::new();
    // A BOM first, then the root.
    let mut first = src.next_token()?;
    if first == Some(0xEF) {
        if (src.next()?, src.next()?) != (Some(0xBB), Some(0xBF)) {
            return Ok(false);
        }
        first = src.next_token()?;
    }
    match first {
        Some(b'[') => {
            if !cases_array(&mut src, &mut value, each)? {
                return Ok(false);
            }
        }
        Some(b'{') => {
            // `{"cases": [...]}`, no other key (one that is, or a single case, is read whole).
            if src.next_token()? != Some(b'"') {
                return Ok(false);
            }
            let Some(_) = src.value(b'"', &mut value)? else {
                return Ok(false);
            };
            if value != b"\"cases\"" || src.next_token()? != Some(b':') {
                return Ok(false);
            }
            if src.next_token()? != Some(b'[') || !cases_array(&mut src, &mut value, each)? {
                return Ok(false);
            }
            if src.next_token()? != Some(b'}') {
                return Ok(false);
            }
        }
        _ => return Ok(false),
    }
    // Nothing but whitespace after the root.
    Ok(src.next_token()?.is_none())
}

#[cfg(test)]
mod streamed_tests {
    use super::*;

    /// What a collector read, to compare.
    fn seen(c: &Collector) -> String {
        format!(
            "{:?}\n{:?}\n{}\n{:?}",
            c.drafts
                .iter()
                .map(|d| (&d.fields, &d.events, d.line))
                .collect::<Vec<_>>(),
            c.rejects.listed(),
            c.records,
            c.unmapped
        )
    }

    /// Reads `text` as a `.json` file whole and streamed; whether it streamed.
    fn both(text: &str) -> bool {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("doc.json");
        std::fs::write(&path, text).unwrap();
        let whole = read(
            Collector::new("doc.json", false),
            text.as_bytes(),
            false,
            DateFormat::default(),
        );
        let streamed = read_document_streamed(
            &path,
            DateFormat::default(),
            Collector::new("doc.json", false),
        );
        match (whole, streamed) {
            (Ok((c, detected)), Ok(Ok((s, s_detected, sha)))) => {
                assert_eq!(seen(&c), seen(&s), "{text}");
                assert_eq!(detected, s_detected, "{text}");
                use sha2::Digest;
                assert_eq!(
                    sha,
                    super::super::hex(&sha2::Sha256::digest(text.as_bytes()))
                );
                true
            }
            (_, Ok(Err(_))) => false,
            (whole, streamed) => panic!("{text}: {:?} against {:?}", whole.err(), streamed.err()),
        }
    }

    #[test]
    fn a_document_reads_case_by_case_as_whole() {
        let case = |i: usize| {
            format!(
                "{{\"case_id\": \"K-{i}\", \"team\": \"Øst\", \"colour\": 1,\n  \"events\": [\n    \
                 {{\"type\": \"decision\", \"date\": \"0{}-03-2024\", \"outcome\": \"afslag\"}},\n    \
                 {{\"type\": \"nope\", \"date\": \"2024-03-01\"}},\n    {{\"type\": \"awareness\", \
                 \"date\": \"2024-02-30\", \"x\": {{\"events\": [{{}}]}}}}, 5\n  ]}}",
                1 + i % 9
            )
        };
        let cases: Vec<String> = (0..40).map(case).collect();
        let array = format!("[\n{}\n]\n", cases.join(",\n"));
        assert!(both(&array));
        assert!(both(&format!(
            "\u{feff}{{\"cases\": [{}]}}",
            cases.join(",")
        )));
        assert!(both("[]"));
        assert!(both(" { \"cases\" : [ ] } \n"));
        // Numbers keep their text; a long string is cut as whole.
        let long = "y".repeat(700_000);
        assert!(both(&format!(
            "[{{\"case_id\": 10000000000000001, \"events\": [{{\"type\": \"decision\", \
             \"date\": \"2024-01-01\", \"justification\": \"{long}\"}}]}}]"
        )));
    }

    #[test]
    fn what_a_stream_doubts_is_read_whole() {
        for text in [
            // A key twice, in a case or at the root; not JSON; trailing text; one case.
            "[{\"case_id\": \"K\", \"case_id\": \"L\"}]",
            "{\"cases\": [], \"cases\": [{\"case_id\": \"K\"}]}",
            "[{\"case_id\": \"K\"},]",
            "[{\"case_id\": \"K\"}] x",
            "{\"case_id\": \"K\", \"events\": []}",
            // An element that is not an object; another key beside the cases.
            "[5, {\"case_id\": \"K\"}]",
            "{\"note\": 1, \"cases\": [{\"case_id\": \"K\"}]}",
            // One case a line: NDJSON in a .json file.
            "{\"case_id\": \"K\"}\n{\"case_id\": \"L\"}\n",
            "",
        ] {
            assert!(!both(text), "{text}");
        }
        let deep = format!(
            "[{{\"case_id\": \"K\", \"x\": {}{}}}]",
            "[".repeat(120),
            "]".repeat(120)
        );
        assert!(!both(&deep));
    }
}
