//! Tabular files: CSV in the long layout (one row per event). Encoding and delimiter are
//! detected from the bytes; headers may be canonical or Danish.
use super::fields::{CaseFields, EventBuilder, RawValue};
use super::{Collector, LoadOptions, vocab};
use anyhow::Context;
use std::borrow::Cow;

/// The text of a file: UTF-8 (with or without BOM), else Windows-1252, which is what
/// Excel writes when it saves "CSV" on a Danish Windows machine.
pub(crate) fn decode(bytes: &[u8]) -> (Cow<'_, str>, &'static str) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        if let Ok(text) = std::str::from_utf8(rest) {
            return (Cow::Borrowed(text), "utf-8 (BOM)");
        }
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (Cow::Borrowed(text), "utf-8"),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            (text, "windows-1252")
        }
    }
}

/// The delimiter that splits the header line into the most fields: `,`, `;` or tab.
pub(crate) fn detect_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or_default();
    [b';', b'\t', b',']
        .into_iter()
        .max_by_key(|d| (header.bytes().filter(|b| b == d).count(), *d == b','))
        .unwrap_or(b',')
}

fn delimiter_name(d: u8) -> String {
    match d {
        b'\t' => "tab".to_string(),
        other => format!("'{}'", other as char),
    }
}

pub(super) fn read_csv(
    name: &str,
    bytes: &[u8],
    options: &LoadOptions,
) -> anyhow::Result<(Collector, String)> {
    let (text, encoding) = decode(bytes);
    let delimiter = options.delimiter.unwrap_or_else(|| detect_delimiter(&text));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .with_context(|| format!("{name}: could not read the header line"))?
        .clone();
    let mut c = Collector::new(name);
    let columns: Vec<Option<&'static str>> = headers.iter().map(vocab::column).collect();
    for (header, column) in headers.iter().zip(&columns) {
        if column.is_none() && !header.trim().is_empty() {
            c.note_unmapped(header);
        }
    }
    let Some(case_col) = columns.iter().position(|c| *c == Some("case_id")) else {
        anyhow::bail!(
            "{name}: no case id column (looked for case_id, sagsnummer, sags_id …); found: {}",
            headers.iter().collect::<Vec<_>>().join(", ")
        );
    };
    for required in ["type", "date"] {
        if !columns.contains(&Some(required)) {
            anyhow::bail!(
                "{name}: no {required} column: the long layout needs case_id, type and date columns"
            );
        }
    }
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map(|p| p.line());
                c.reject(line, None, None, format!("unreadable row: {e}"));
                continue;
            }
        }
        let line = record.position().map(|p| p.line());
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if record.len() != headers.len() {
            c.reject(
                line,
                None,
                None,
                format!(
                    "row has {} fields, the header has {}",
                    record.len(),
                    headers.len()
                ),
            );
            continue;
        }
        let case_id = record[case_col].trim();
        if case_id.is_empty() {
            c.reject(
                line,
                Some(headers[case_col].to_string()),
                None,
                "row without case id",
            );
            continue;
        }
        read_row(
            &mut c,
            &headers,
            &columns,
            &record,
            line,
            case_id.to_string(),
        );
    }
    let format = format!("csv long ({encoding}, {})", delimiter_name(delimiter));
    Ok((c, format))
}

fn read_row(
    c: &mut Collector,
    headers: &csv::StringRecord,
    columns: &[Option<&'static str>],
    record: &csv::StringRecord,
    line: Option<u64>,
    case_id: String,
) {
    let mut fields = CaseFields::default();
    let mut builder = EventBuilder::default();
    let mut is_event = false;
    for ((column, header), value) in columns.iter().zip(headers.iter()).zip(record.iter()) {
        let Some(column) = column else { continue };
        let raw = RawValue::Str(value);
        let result = match fields.set(column, raw) {
            Ok(false) => builder.set(column, raw).map(|_| true),
            other => other,
        };
        if let Err(e) = result {
            c.reject_field(line, Some(header.to_string()), e);
            return;
        }
        is_event |= matches!(*column, "type" | "date") && !value.trim().is_empty();
    }
    let draft = c.draft(&case_id);
    draft.fields.fill_from(&fields);
    if !is_event {
        // A row with case fields only: the case is known, it has no event on this row.
        return;
    }
    match builder.finish(line) {
        Ok(event) => c.draft(&case_id).events.push(event),
        Err(e) => c.reject_field(line, None, e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_encoding() {
        assert_eq!(decode(b"\xEF\xBB\xBFsag").1, "utf-8 (BOM)");
        assert_eq!(decode("hændelse".as_bytes()).1, "utf-8");
        let (text, enc) = decode(b"h\xe6ndelse");
        assert_eq!((text.as_ref(), enc), ("hændelse", "windows-1252"));
    }

    #[test]
    fn detects_delimiter_from_the_header() {
        assert_eq!(detect_delimiter("sagsnummer;hændelse;dato\n1;2;3"), b';');
        assert_eq!(detect_delimiter("case_id,type,date"), b',');
        assert_eq!(detect_delimiter("a\tb\tc"), b'\t');
        assert_eq!(detect_delimiter("case_id"), b',');
    }
}
