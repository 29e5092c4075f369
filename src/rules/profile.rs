//! A municipality profile (`--profile FILE.toml`): the municipality's name, its workday
//! calendar, and its local standards as data: any check parameter of a rule, by rule id and
//! key (J1's `within`, S1's `lookback` …), and its published processing times per provision
//! (T1). Checked like the catalogue: an unknown rule, key or value is refused with the file
//! and the key. No code here knows a rule by its id.
use super::catalogue::{Catalogue, CatalogueError};
use super::check::Check;
use crate::both;
use crate::calendar::{CalendarProfile, Span};
use crate::lang::{Lang, io_error};
use crate::model::input::Reason;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileFile {
    name: String,
    calendar: Option<CalendarProfile>,
    #[serde(default)]
    rules: BTreeMap<String, toml::Table>,
    #[serde(default)]
    processing_time: BTreeMap<String, String>,
    /// The reviewer questions the municipality's review asks (its måleskema); absent: all
    /// of the rule set's.
    questions: Option<Vec<String>>,
}

/// A parameter the profile changed, for the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Override {
    /// A rule id, or `processing_time` for the provision table.
    pub scope: String,
    /// The parameter (a rule's check key) or the provision.
    pub key: String,
    /// The value before, as the catalogue had it (none: a provision without a deadline).
    pub from: Option<String>,
    pub to: String,
}

/// The profile as applied to the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Profile {
    pub name: String,
    pub file: String,
    pub sha256: String,
    pub calendar: Option<CalendarProfile>,
    pub overrides: Vec<Override>,
    /// The reviewer questions the profile asks, as written; absent: all of the rule set's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub questions: Option<Vec<String>>,
}

fn bad(file: &str, key: &str, message: Reason) -> CatalogueError {
    let key = Reason::new(key, key);
    super::catalogue::file_error(file, super::catalogue::within(&key, &message))
}

/// A TOML value as the report shows it: a string without its quotes.
fn shown(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

impl Catalogue {
    /// Reads a profile and applies its local standards to the catalogue.
    pub fn apply_profile(&mut self, path: &Path) -> Result<(), CatalogueError> {
        let file = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| {
            let cause = Reason::new(io_error(&e, Lang::Da), io_error(&e, Lang::En));
            bad(&file, "profile", cause)
        })?;
        self.apply_profile_bytes(file, &bytes)
    }

    /// As [`Catalogue::apply_profile`], for a profile's bytes named `file` in messages.
    pub fn apply_profile_bytes(
        &mut self,
        file: String,
        bytes: &[u8],
    ) -> Result<(), CatalogueError> {
        let text =
            std::str::from_utf8(bytes).map_err(|_| bad(&file, "profile", both!(ProfileNotUtf8)))?;
        let raw: ProfileFile =
            toml::from_str(text).map_err(|e| super::catalogue::toml_file_error(&file, text, &e))?;
        if raw.name.trim().is_empty() {
            return Err(bad(&file, "name", both!(ProfileNeedsName)));
        }
        if let Some(msg) = raw
            .questions
            .as_deref()
            .and_then(|q| self.refuse_question_ids(q))
        {
            return Err(bad(&file, "questions", msg));
        }
        let mut overrides = Vec::new();
        for (id, params) in raw.rules {
            let shown_key = |key: &str| format!("rules.{id}.{key}");
            let r = self.rules.iter().position(|r| r.id == id).ok_or_else(|| {
                let known: Vec<_> = self.rules.iter().map(|r| r.id.as_str()).collect();
                bad(
                    &file,
                    &format!("rules.{id}"),
                    both!(ProfileNoSuchRule, known = known.join(", ")),
                )
            })?;
            let rule = &mut self.rules[r];
            for (key, value) in params {
                // The check kind is what the rule is, not a local standard.
                let holders: Vec<usize> = (0..rule.variants.len())
                    .filter(|&v| key != "kind" && rule.variants[v].params.contains_key(&key))
                    .collect();
                if holders.is_empty() {
                    let mut known: Vec<&str> = rule
                        .variants
                        .iter()
                        .flat_map(|v| v.params.keys().map(String::as_str))
                        .filter(|k| *k != "kind")
                        .collect();
                    known.sort_unstable();
                    known.dedup();
                    return Err(bad(
                        &file,
                        &shown_key(&key),
                        both!(ProfileNoSuchParameter, id = id, known = known.join(", ")),
                    ));
                }
                let mut before: Vec<String> = Vec::new();
                for v in holders {
                    let variant = &mut rule.variants[v];
                    let old = variant.params.insert(key.clone(), value.clone());
                    if let Some(old) = old.map(|o| shown(&o))
                        && !before.contains(&old)
                    {
                        before.push(old);
                    }
                    variant.check = Check::compile(variant.params.clone())
                        .map_err(|e| bad(&file, &shown_key(&key), e))?;
                }
                overrides.push(Override {
                    scope: id.clone(),
                    key,
                    from: Some(before.join(" / ")),
                    to: shown(&value),
                });
            }
        }
        for (provision, text) in raw.processing_time {
            let key = format!("processing_time.{provision:?}");
            if crate::model::ProvisionKey::new(&provision).is_empty() {
                return Err(bad(&file, &key, both!(ProfileEmptyProvision)));
            }
            let span: Span = text.parse().map_err(|e: crate::calendar::SpanParseError| {
                bad(&file, &key, Reason::new(e.text(Lang::Da), e.text(Lang::En)))
            })?;
            let from = self.provisions.set_processing_time(&provision, span);
            overrides.push(Override {
                scope: "processing_time".into(),
                key: provision,
                from: from.map(|s| s.to_string()),
                to: span.to_string(),
            });
        }
        self.profile = Some(Profile {
            name: raw.name,
            file,
            sha256: super::catalogue::hex(&Sha256::digest(bytes)),
            calendar: raw.calendar,
            overrides,
            questions: raw.questions,
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Check;

    fn applied(text: &str) -> Result<Catalogue, String> {
        let mut c = Catalogue::embedded().unwrap();
        c.apply_profile_bytes("p.toml".into(), text.as_bytes())
            .map(|_| c)
            .map_err(|e| e.to_string())
    }

    /// The first rule whose check has this key, and the key's value in the catalogue.
    fn rule_with(c: &Catalogue, key: &str) -> (String, toml::Value) {
        c.rules
            .iter()
            .find_map(|r| Some((r.id.clone(), r.variants[0].params.get(key)?.clone())))
            .unwrap()
    }

    #[test]
    fn an_override_is_compiled_into_every_variant_that_has_the_key() {
        let base = Catalogue::embedded().unwrap();
        let (id, before) = rule_with(&base, "lookback");
        let c = applied(&format!(
            "name = \"K\"\n[rules.{id}]\nlookback = \"9 months\"\n"
        ))
        .unwrap();
        let rule = c.rule(&id).unwrap();
        for v in &rule.variants {
            assert_eq!(v.params["lookback"].as_str(), Some("9 months"));
            let Check::Window(w) = &v.check else {
                panic!("{id} is a window check")
            };
            assert_eq!(w.lookback, Some(Span::Months(9)));
        }
        let p = c.profile.unwrap();
        assert_eq!(p.overrides[0].from.as_deref(), before.as_str());
        assert_eq!(p.overrides[0].to, "9 months");
    }

    #[test]
    fn the_check_kind_and_unknown_keys_are_refused() {
        let (id, _) = rule_with(&Catalogue::embedded().unwrap(), "lookback");
        for key in ["kind", "no_such_key"] {
            let err = applied(&format!("name = \"K\"\n[rules.{id}]\n{key} = \"x\"\n")).unwrap_err();
            assert!(err.contains(&format!("rules.{id}.{key}")), "{err}");
            assert!(err.contains("no such parameter"), "{err}");
        }
        assert!(applied("name = \" \"\n").unwrap_err().contains("name"));
    }

    #[test]
    fn a_processing_time_is_set_for_exactly_that_provision() {
        let c = applied("name = \"K\"\n[processing_time]\n\"BL § 86, stk. 2\" = \"5 weeks\"\n")
            .unwrap();
        assert_eq!(
            c.provisions.processing_time("BL § 86, stk. 2"),
            Some(Span::Weeks(5))
        );
        assert_eq!(
            c.provisions.processing_time("BL § 86"),
            Some(Span::Weeks(8))
        );
        // The kind still comes from the provision it belongs to.
        assert_eq!(
            c.provisions.kind_of("BL § 86, stk. 2"),
            Catalogue::embedded().unwrap().provisions.kind_of("BL § 86")
        );
    }
}
