//! A parser's own words — serde's, the TOML and JSON readers' — in the user's language.
//! English keeps the parser's text as it is; Danish gives the place (line, column, key) and
//! the message said in Danish where the catalogue knows its shape (`missing field`,
//! `unknown variant` … and caseaudit's own refusals of a value), else the parser's text as a
//! quoted technical note: «…».
use super::{Lang, Msg, fill};
use crate::model::input::Reason;

/// The shapes of the messages a parser gives, whole: their English text is the template
/// matched, their Danish text the translation.
const MESSAGES: &[Msg] = &[
    Msg::DetailInKey,
    Msg::DetailMissingField,
    Msg::DetailUnknownFieldNone,
    Msg::DetailUnknownField,
    Msg::DetailUnknownVariantNone,
    Msg::DetailUnknownVariant,
    Msg::DetailDuplicateField,
    Msg::DetailInvalidType,
    Msg::DetailInvalidValue,
    Msg::DetailInvalidLength,
    Msg::SpanMalformed,
    Msg::SpanTooLong,
    Msg::NotAnIsoDate,
    Msg::UnknownAttributeKnown,
    Msg::JsonEof,
    Msg::JsonExpectedValue,
    Msg::JsonExpectedIdent,
    Msg::JsonTrailing,
    Msg::JsonTrailingComma,
    Msg::JsonExpectedEitherOr,
    Msg::JsonExpectedColon,
    Msg::JsonKeyString,
];

/// What a parser expected or found (`one of …`, `a string`, `integer `3``).
const WORDS: &[Msg] = &[
    Msg::DetailOneOf,
    Msg::DetailEitherOr,
    Msg::DetailNothing,
    Msg::DetailInteger,
    Msg::DetailFloat,
    Msg::DetailString,
    Msg::DetailBoolean,
    Msg::DetailASequence,
    Msg::DetailSequence,
    Msg::DetailAMap,
    Msg::DetailMap,
    Msg::DetailAString,
    Msg::DetailABoolean,
    Msg::DetailAStruct,
    Msg::DetailAList,
    Msg::DetailAnObject,
    Msg::DetailAValue,
];

/// A TOML reader's error on `text`: English as the reader writes it (with the line quoted),
/// Danish with the line, column and key named.
pub fn toml_error(e: &toml::de::Error, text: &str) -> Reason {
    let en = e.to_string();
    let message = danish_message(e.message());
    let da = match e.span() {
        Some(span) => {
            let (line, column) = position(text, span.start);
            let at = crate::tr!(Lang::Da, DetailAt, line = line, column = column);
            match key_at(text, span.start) {
                Some(key) => format!("{at} ({key}): {message}"),
                None => format!("{at}: {message}"),
            }
        }
        None => message,
    };
    Reason::new(da, en)
}

/// A serde message without a place (a TOML table read into a type): English as it is.
pub fn serde_message(en: &str) -> Reason {
    let en = en.trim_end();
    Reason::new(danish_message(en), en)
}

/// Any other error's text (a CSV or workbook reader's): English as it is, Danish translated
/// where the catalogue knows its shape, else quoted.
pub fn foreign(e: &dyn std::fmt::Display) -> Reason {
    serde_message(&e.to_string())
}

/// The Danish of an error in a chain that is not one of caseaudit's own: a JSON or TOML
/// reader's said as [`json_error`] and [`serde_message`] say it, anything else quoted.
pub fn foreign_cause(cause: &(dyn std::error::Error + 'static)) -> String {
    if let Some(e) = cause.downcast_ref::<serde_json::Error>() {
        json_error(e).da
    } else if let Some(e) = cause.downcast_ref::<toml::de::Error>() {
        serde_message(e.message()).da
    } else {
        serde_message(&cause.to_string()).da
    }
}

/// A JSON reader's message without its place: English as serde_json writes it before
/// " at line …", Danish translated or quoted.
pub fn json_message(e: &serde_json::Error) -> Reason {
    let en = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let bare = en.strip_suffix(&suffix).unwrap_or(&en);
    Reason::new(danish_message(bare), bare)
}

/// A JSON reader's error: English as serde_json writes it, Danish with line and column.
pub fn json_error(e: &serde_json::Error) -> Reason {
    let en = e.to_string();
    let message = json_message(e).da;
    let da = if e.line() == 0 {
        message
    } else {
        let at = crate::tr!(Lang::Da, DetailAt, line = e.line(), column = e.column());
        format!("{at}: {message}")
    };
    Reason::new(da, en)
}

/// A parser's message in Danish: translated where the catalogue knows its shape, else
/// quoted as the parser wrote it.
fn danish_message(en: &str) -> String {
    let en = en.trim_end();
    translate(en, MESSAGES).unwrap_or_else(|| crate::tr!(Lang::Da, DetailParser, detail = en))
}

fn translate(en: &str, shapes: &[Msg]) -> Option<String> {
    shapes.iter().find_map(|m| {
        let values = matches(m.en(), en)?;
        let args: Vec<(&str, String)> = values
            .into_iter()
            .map(|(name, value)| {
                let said = match name {
                    "expected" | "found" | "what" => {
                        translate(value, WORDS).unwrap_or_else(|| quoted(value))
                    }
                    "detail" => danish_message(value),
                    // A span's longest, as `SpanTooLong` gives it: "1200 months".
                    "max" => value
                        .parse::<crate::calendar::Span>()
                        .map_or_else(|_| value.to_string(), |s| s.danish()),
                    _ => value.to_string(),
                };
                (name, said)
            })
            .collect();
        let args: Vec<(&str, &dyn std::fmt::Display)> = args
            .iter()
            .map(|(n, v)| (*n, v as &dyn std::fmt::Display))
            .collect();
        Some(fill(m.da(), &args))
    })
}

fn quoted(text: &str) -> String {
    format!("«{text}»")
}

/// The values of a template's `{placeholders}` in `text`, if `text` has the template's
/// shape: its literal pieces in order, each placeholder the shortest text up to the next
/// piece (the last one the rest).
fn matches<'t>(template: &'t str, text: &'t str) -> Option<Vec<(&'t str, &'t str)>> {
    let mut pieces = Vec::new();
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}')? + open;
        pieces.push(&rest[..open]);
        names.push(&rest[open + 1..close]);
        rest = &rest[close + 1..];
    }
    pieces.push(rest);
    let mut text = text.strip_prefix(pieces[0])?;
    let mut values = Vec::new();
    for (name, piece) in names.iter().zip(&pieces[1..]) {
        let end = if piece.is_empty() {
            text.len()
        } else {
            text.find(piece)?
        };
        if end == 0 {
            return None;
        }
        values.push((*name, &text[..end]));
        text = &text[end + piece.len()..];
    }
    text.is_empty().then_some(values)
}

/// Line and column (from 1, in characters) of a byte offset.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The key (`nøglen `severity``) whose value starts at `offset`, or the table
/// (`tabellen [[figure]]`) whose header is there.
fn key_at(text: &str, offset: usize) -> Option<String> {
    let offset = floor_char(text, offset.min(text.len()));
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = text[start..end].trim();
    let before = &text[start..offset];
    if line.starts_with('[') && before.trim().is_empty() {
        return Some(crate::tr!(Lang::Da, DetailTable, table = line));
    }
    let (key, _) = before.rsplit_once('=')?;
    let key = key.trim_end();
    let name: String = key
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '"'))
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let name = name.trim_matches('"');
    (!name.is_empty()).then(|| crate::tr!(Lang::Da, DetailKey, key = name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn da(en: &str) -> String {
        danish_message(en)
    }

    #[test]
    fn serde_shapes_are_said_in_danish() {
        assert_eq!(da("missing field `theme`"), "feltet `theme` mangler");
        assert_eq!(
            da("unknown variant `grave`, expected `material` or `formal`"),
            "ukendt værdi `grave`; forventet `material` eller `formal`"
        );
        assert_eq!(
            da("unknown field `foo`, expected one of `id`, `name`"),
            "ukendt felt `foo`; forventet en af `id`, `name`"
        );
        assert_eq!(
            da("invalid type: integer `3`, expected a sequence"),
            "forkert type: fik heltallet `3`, forventede en liste"
        );
        assert_eq!(
            da("unknown variant `deadlin`, expected one of `deadline`, `window`\nin `kind`"),
            "ukendt værdi `deadlin`; forventet en af `deadline`, `window` (nøglen `kind`)"
        );
    }

    #[test]
    fn what_is_not_known_is_quoted() {
        assert_eq!(
            da("invalid boolean, expected `false`"),
            "fortolkeren melder: «invalid boolean, expected `false`»"
        );
        assert_eq!(
            da("invalid type: sequence, expected something odd"),
            "forkert type: fik en liste, forventede «something odd»"
        );
    }

    #[test]
    fn a_toml_error_names_line_column_and_key() {
        let text = "id = \"U1\"\nseverity = \"grave\"\n";
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct F {
            id: String,
            severity: crate::rules::Severity,
        }
        let e = toml::from_str::<F>(text).unwrap_err();
        let r = toml_error(&e, text);
        assert_eq!(
            r.da,
            "linje 2, kolonne 12 (nøglen `severity`): ukendt værdi `grave`; forventet `material` eller `formal`"
        );
        assert_eq!(r.en, e.to_string());
    }

    #[test]
    fn a_json_error_names_line_and_column() {
        let e = serde_json::from_str::<serde_json::Value>("nope").unwrap_err();
        let r = json_error(&e);
        assert_eq!(
            r.da,
            "linje 1, kolonne 2: forventede true, false eller null"
        );
        assert_eq!(r.en, "expected ident at line 1 column 2");
    }

    #[test]
    fn templates_match_only_their_shape() {
        assert_eq!(
            matches("missing field `{field}`", "missing field `x`"),
            Some(vec![("field", "x")])
        );
        assert_eq!(
            matches("missing field `{field}`", "missing field `x` y"),
            None
        );
        assert_eq!(
            matches("`{a}` or `{b}`", "`x` or `y`"),
            Some(vec![("a", "x"), ("b", "y")])
        );
    }
}
