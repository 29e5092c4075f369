//! The mapping file (`--mapping FILE`, TOML): how one case system's export maps onto the
//! model — column renames, value renames, columns to ignore, and its formats. See
//! docs/mapping.md for the format and a worked example.
use super::values::DateFormat;
use super::vocab::{self, fold};
use super::{Encoding, Layout, refusal, restated};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

/// The file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct MappingFile {
    /// What system the mapping is for (shown by `validate`).
    name: Option<String>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    format: FormatSection,
    #[serde(default)]
    columns: BTreeMap<String, String>,
    #[serde(default)]
    values: BTreeMap<String, BTreeMap<String, String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FormatSection {
    encoding: Option<String>,
    delimiter: Option<String>,
    layout: Option<String>,
    date_format: Option<String>,
    sheet: Option<String>,
}

/// A checked mapping: every target names something the loaders know.
#[derive(Debug, Clone, Default)]
pub struct Mapping {
    pub name: Option<String>,
    pub encoding: Option<Encoding>,
    pub delimiter: Option<u8>,
    pub layout: Option<Layout>,
    pub date_format: Option<DateFormat>,
    pub sheet: Option<String>,
    /// Folded header → the canonical header it stands for.
    columns: HashMap<String, String>,
    /// Folded headers to leave out (not reported as unmapped).
    ignore: HashSet<String>,
    /// Canonical field → folded value → the value to read instead.
    values: HashMap<&'static str, HashMap<String, String>>,
}

impl Mapping {
    pub fn from_file(path: &Path) -> anyhow::Result<Mapping> {
        let p = path.display();
        let text = {
            use crate::lang::{Msg, OrSay};
            std::fs::read_to_string(path).or_say(Msg::CouldNotReadMapping, &p)?
        };
        Mapping::parse(&text).map_err(|e| {
            restated(
                &e,
                |da| format!("mappingfil {p}: {da}"),
                |en| format!("mapping file {p}: {en}"),
            )
        })
    }

    pub fn parse(text: &str) -> anyhow::Result<Mapping> {
        let file: MappingFile = toml::from_str(text)
            .map_err(|e| anyhow::Error::new(crate::lang::detail::toml_error(&e, text)))?;
        let f = &file.format;
        let mut mapping = Mapping {
            name: file.name,
            encoding: f.encoding.as_deref().map(parse_encoding).transpose()?,
            delimiter: f.delimiter.as_deref().map(parse_delimiter).transpose()?,
            layout: f.layout.as_deref().map(parse_layout).transpose()?,
            date_format: f
                .date_format
                .as_deref()
                .map(|d| {
                    DateFormat::parse(d).ok_or_else(|| {
                        refusal(
                            format!(
                                "[format] date_format = {d:?}: brug \"iso\", \"dmy\" eller \"mdy\""
                            ),
                            format!(
                                "[format] date_format = {d:?}: use \"iso\", \"dmy\" or \"mdy\""
                            ),
                        )
                    })
                })
                .transpose()?,
            sheet: f.sheet.clone(),
            ..Mapping::default()
        };
        for (header, target) in &file.columns {
            if vocab::column(target).is_none() && vocab::wide_column(target).is_none() {
                return Err(refusal(
                    format!(
                        "[columns] {header:?} = {target:?}: {target:?} er ikke et felt, caseaudit \
                         kender (brug et kanonisk navn som case_id, type, date, outcome eller et \
                         navn fra det brede layout som decision_2_outcome; se docs/input.md)"
                    ),
                    format!(
                        "[columns] {header:?} = {target:?}: {target:?} is not a field caseaudit \
                         knows (use a canonical name such as case_id, type, date, outcome, or a \
                         wide-layout name such as decision_2_outcome; see docs/input.md)"
                    ),
                ));
            }
            mapping.columns.insert(fold(header), target.clone());
        }
        mapping.ignore = file.ignore.iter().map(|h| fold(h)).collect();
        for (field, renames) in &file.values {
            let Some(canonical) = vocab::column(field) else {
                return Err(refusal(
                    format!(
                        "[values.{field}]: {field:?} er ikke et felt, caseaudit kender (brug et \
                         kanonisk navn som type, outcome, reporter eller kind)"
                    ),
                    format!(
                        "[values.{field}]: {field:?} is not a field caseaudit knows (use a \
                         canonical name such as type, outcome, reporter or kind)"
                    ),
                ));
            };
            for (from, to) in renames {
                if let Err((da, en)) = check_value(canonical, to) {
                    return Err(refusal(
                        format!(
                            "[values.{field}] {from:?} = {to:?}: {to:?} er ikke {da} (se docs/input.md)"
                        ),
                        format!(
                            "[values.{field}] {from:?} = {to:?}: {to:?} is not {en} (see docs/input.md)"
                        ),
                    ));
                }
            }
            let map = renames
                .iter()
                .map(|(from, to)| (fold(from), to.clone()))
                .collect();
            mapping.values.insert(canonical, map);
        }
        Ok(mapping)
    }

    /// What a header means: `None` if it is to be ignored, else the name to resolve.
    pub fn header<'a>(&'a self, header: &'a str) -> Option<&'a str> {
        let folded = fold(header);
        if self.ignore.contains(&folded) {
            return None;
        }
        Some(self.columns.get(&folded).map_or(header, String::as_str))
    }

    /// The headers it renames (folded) and what each stands for, sorted by header.
    pub fn renamed(&self) -> impl Iterator<Item = (&str, &str)> {
        let mut renamed: Vec<(&str, &str)> = (self.columns.iter())
            .map(|(h, t)| (h.as_str(), t.as_str()))
            .collect();
        renamed.sort_unstable();
        renamed.into_iter()
    }

    /// The renames for one canonical field's values, if the mapping has any.
    pub fn values(&self, field: &str) -> Option<&HashMap<String, String>> {
        self.values.get(field)
    }
}

/// Is `value` something `field` can hold, as the loaders read it? Err names what is, in
/// Danish and English.
fn check_value(field: &str, value: &str) -> Result<(), (String, String)> {
    use crate::model::{Attr, AttrType};
    let ok = match field {
        "type" => vocab::event_type(value).is_some(),
        _ if vocab::is_date_field(field) => super::values::parse_moment(value).is_some(),
        _ => match Attr::from_name(field).map(|a| (a, a.value_type())) {
            Some((_, AttrType::Flag)) => super::values::parse_flag(value).is_some(),
            Some((attr, AttrType::Choice(allowed))) => {
                return vocab::choice(attr, value).map(|_| ()).ok_or_else(|| {
                    let allowed = |lang| crate::lang::choices(allowed, lang);
                    (
                        format!("en af {}", allowed(crate::lang::Lang::Da)),
                        format!("one of {}", allowed(crate::lang::Lang::En)),
                    )
                });
            }
            _ => true,
        },
    };
    let (da, en) = match field {
        _ if ok => return Ok(()),
        "type" => ("en hændelsestype", "an event type"),
        _ if vocab::is_date_field(field) => ("en dato", "a date"),
        _ => (
            "en ja/nej-værdi (ja/nej, true/false, 1/0, x)",
            "a yes/no value (ja/nej, true/false, 1/0, x)",
        ),
    };
    Err((da.into(), en.into()))
}

pub(crate) fn parse_encoding(name: &str) -> anyhow::Result<Encoding> {
    match name.trim().to_lowercase().as_str() {
        "utf-8" | "utf8" => Ok(Encoding::Utf8),
        "windows-1252" | "cp1252" | "latin1" | "iso-8859-1" => Ok(Encoding::Windows1252),
        other => Err(refusal(
            format!("tegnsæt {other:?}: brug \"utf-8\" eller \"windows-1252\""),
            format!("encoding {other:?}: use \"utf-8\" or \"windows-1252\""),
        )),
    }
}

pub(crate) fn parse_delimiter(name: &str) -> anyhow::Result<u8> {
    match name {
        "," | "comma" => Ok(b','),
        ";" | "semicolon" => Ok(b';'),
        "\t" | "tab" => Ok(b'\t'),
        other => Err(refusal(
            format!("delimiter {other:?}: brug ',', ';' eller 'tab'"),
            format!("delimiter {other:?}: use ',', ';' or 'tab'"),
        )),
    }
}

pub(crate) fn parse_layout(name: &str) -> anyhow::Result<Layout> {
    match name.trim().to_lowercase().as_str() {
        "long" => Ok(Layout::Long),
        "wide" => Ok(Layout::Wide),
        "cases" => Ok(Layout::Cases),
        other => Err(refusal(
            format!("layout {other:?}: brug \"long\", \"wide\" eller \"cases\""),
            format!("layout {other:?}: use \"long\", \"wide\" or \"cases\""),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = r#"
        name = "Test system"
        ignore = ["CPR", "Sagsbehandler"]
        [format]
        delimiter = ";"
        encoding = "windows-1252"
        date_format = "dmy"
        [columns]
        "Sags-ID" = "case_id"
        "Kode" = "type"
        "Anden afgørelse" = "decision_2"
        [values.type]
        "UNDERR" = "notification_received"
        [values.udfald]
        "Imødekommet delvist" = "partly_granted"
    "#;

    #[test]
    fn reads_a_mapping() {
        let m = Mapping::parse(EXAMPLE).unwrap();
        assert_eq!(m.delimiter, Some(b';'));
        assert_eq!(m.encoding, Some(Encoding::Windows1252));
        assert_eq!(m.date_format, Some(DateFormat::Dmy));
        assert_eq!(m.header("sags-id"), Some("case_id"));
        assert_eq!(m.header("anden afgørelse"), Some("decision_2"));
        assert_eq!(m.header("CPR"), None);
        assert_eq!(m.header("Dato"), Some("Dato"));
        let outcome = m.values("outcome").unwrap();
        assert_eq!(outcome["imødekommet_delvist"], "partly_granted");
        assert_eq!(m.values("type").unwrap()["underr"], "notification_received");
    }

    #[test]
    fn refuses_unknown_targets_and_keys() {
        let err = Mapping::parse("[columns]\nA = \"colour\"").unwrap_err();
        assert!(err.to_string().contains("colour"), "{err}");
        assert!(Mapping::parse("[values.colour]\na = \"b\"").is_err());
        // Value targets are checked per field when the mapping loads.
        let err = Mapping::parse("[values.outcome]\n\"Afslået\" = \"refussed\"").unwrap_err();
        assert!(
            err.to_string()
                .contains("\"refussed\" is not one of granted"),
            "{err}"
        );
        assert!(Mapping::parse("[values.type]\nX = \"decison\"").is_err());
        assert!(Mapping::parse("[values.appeal_guidance]\nVedlagt = \"jo\"").is_err());
        assert!(Mapping::parse("[values.udfald]\n\"Afslået\" = \"afslag\"").is_ok());
        assert!(Mapping::parse("[values.provision]\n\"86\" = \"BL § 86\"").is_ok());
        assert!(Mapping::parse("[format]\ndelimiter = \"|\"").is_err());
        assert!(Mapping::parse("colums = {}").is_err());
    }
}
