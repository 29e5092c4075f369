//! "This report rests on a sample": when the audited file was drawn by `caseaudit sample`
//! (its manifest beside it as `FILE.manifest.json`, or `audit --sample-manifest FILE`),
//! every report says so with the sample's size, the population it was drawn from, the seed
//! and the strata, so a council never reads a sample's rates as the whole caseload's.
use crate::lang::{Lang, Msg};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// One stratum of the sample: its value of the strata field, cases in the frame, drawn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stratum {
    pub name: String,
    pub population: u64,
    pub sample: u64,
}

/// What the manifest says about the draw (the JSON report's `sample`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SampleNote {
    /// The manifest read, as the command line named it or found it.
    pub manifest: String,
    /// Cases drawn.
    pub size: u64,
    /// Cases drawn from: the frame (the input's cases, within `--period` when given).
    pub population: u64,
    pub seed: u64,
    /// The case-level field the sample was stratified by (team, area, municipality).
    pub strata_field: Option<String>,
    pub allocation: Option<String>,
    pub strata: Vec<Stratum>,
}

/// The manifest `sample` writes beside its output.
pub fn beside(input: &Path) -> PathBuf {
    crate::cmd::sample::manifest_path(input)
}

impl SampleNote {
    /// Reads a manifest of `caseaudit sample`; a file that is not one is refused, naming it.
    pub fn read(path: &Path) -> anyhow::Result<SampleNote> {
        let shown = path.display().to_string();
        let refused_because = |why: crate::model::input::Reason| {
            anyhow::Error::new(crate::model::input::Reason::new(
                format!(
                    "{shown} er ikke et manifest fra `caseaudit sample` ({})",
                    why.da
                ),
                format!(
                    "{shown} is not a manifest of `caseaudit sample` ({})",
                    why.en
                ),
            ))
        };
        let refused = |key: &str| refused_because(crate::model::input::Reason::new(key, key));
        let text = std::fs::read(path).map_err(|e| {
            use crate::lang::{Lang, io_error};
            refused_because(crate::model::input::Reason::new(
                io_error(&e, Lang::Da),
                io_error(&e, Lang::En),
            ))
        })?;
        let v: serde_json::Value = serde_json::from_slice(&text)
            .map_err(|e| refused_because(crate::lang::detail::json_error(&e)))?;
        let number = |key: &str| v[key].as_u64().ok_or_else(|| refused(key));
        let strata = v["strata"]
            .as_array()
            .map(|list| {
                list.iter()
                    .map(|s| Stratum {
                        name: s["name"].as_str().unwrap_or_default().to_string(),
                        population: s["frame"].as_u64().unwrap_or_default(),
                        sample: s["sample"].as_u64().unwrap_or_default(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let strata_field = v["strata_field"].as_str().map(str::to_string);
        Ok(SampleNote {
            manifest: shown.clone(),
            size: number("size")?,
            population: number("frame_size")?,
            seed: number("seed")?,
            allocation: strata_field
                .as_ref()
                .and(v["allocation"].as_str().map(str::to_string)),
            strata: if strata_field.is_some() {
                strata
            } else {
                Vec::new()
            },
            strata_field,
        })
    }

    /// The sentence every human format prints: "Stikprøve: 78 af 1.234 sager (frø 42),
    /// fordelt proportionalt efter team: Handicap Øst 26 af 400, …".
    pub fn sentence(&self, lang: Lang) -> String {
        let mut text = crate::tr!(
            lang,
            SampleSentence,
            size = lang.int(self.size),
            population = lang.count(self.population, Msg::Cases),
            seed = self.seed
        );
        if let Some(field) = &self.strata_field {
            let allocation = match self.allocation.as_deref() {
                Some("equal") => lang.t(Msg::SampleEqual),
                _ => lang.t(Msg::SampleProportional),
            };
            let strata: Vec<String> = self
                .strata
                .iter()
                .map(|s| {
                    format!(
                        "{} {} {} {}",
                        s.name,
                        lang.int(s.sample),
                        lang.t(Msg::Of),
                        lang.int(s.population)
                    )
                })
                .collect();
            text.push_str(&crate::tr!(
                lang,
                SampleStrata,
                allocation = allocation,
                field = field_name(field, lang),
                strata = strata.join(", ")
            ));
        }
        text.push('.');
        text
    }
}

fn field_name(field: &str, lang: Lang) -> &str {
    match (field, lang) {
        ("area", Lang::Da) => "område",
        ("municipality", Lang::Da) => "kommune",
        _ => field,
    }
}

/// The sample the audited inputs were drawn as: `--sample-manifest FILE`, else a manifest
/// beside an input (`INPUT.manifest.json`).
pub fn find(inputs: &[PathBuf], given: Option<&Path>) -> anyhow::Result<Option<SampleNote>> {
    if let Some(path) = given {
        return SampleNote::read(path).map(Some);
    }
    for input in inputs {
        let path = beside(input);
        if path.is_file() {
            return SampleNote::read(&path).map(Some);
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stratified_sample_is_said_in_both_languages() {
        let note = SampleNote {
            manifest: "s.csv.manifest.json".into(),
            size: 78,
            population: 1234,
            seed: 42,
            strata_field: Some("team".into()),
            allocation: Some("proportional".into()),
            strata: vec![Stratum {
                name: "Handicap Øst".into(),
                population: 400,
                sample: 26,
            }],
        };
        assert_eq!(
            note.sentence(Lang::Da),
            "Stikprøve: 78 af 1.234 sager, trukket med frø 42 (caseaudit sample), fordelt \
             proportionalt efter team: Handicap Øst 26 af 400."
        );
        assert!(
            note.sentence(Lang::En)
                .starts_with("Sample: 78 of 1,234 cases")
        );
    }
}
