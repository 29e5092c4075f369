//! The national yardstick (`rules/yardstick.toml`): published national figures, each
//! with its source and year, mapped to the rule or rate of the catalogue it compares with.
//! Data like the catalogue; the report shows it as a reference, never a target.
use super::catalogue::{CatalogueError, Lang, Rule};
use serde::Deserialize;

/// The rate comparable with Ankestyrelsen's omgørelsesprocent.
pub const ESTIMATED_REVERSAL_RATE: &str = "estimated_reversal_rate";

/// The rates a figure may compare with besides a rule's score.
pub const RATES: &[&str] = &[ESTIMATED_REVERSAL_RATE];

/// One published figure.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    /// A rule id of the catalogue, or one of [`RATES`].
    pub compares_with: String,
    pub share: f64,
    pub year: i32,
    pub source: String,
    pub da: String,
    pub en: String,
}

impl Figure {
    pub fn title(&self, lang: Lang) -> &str {
        match lang {
            Lang::Da => &self.da,
            Lang::En => &self.en,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct YardstickFile {
    #[serde(default)]
    figure: Vec<Figure>,
}

/// Reads a yardstick file, checking each figure against the catalogue's rules.
pub fn parse(file: &str, text: &str, rules: &[Rule]) -> Result<Vec<Figure>, CatalogueError> {
    let error = |message: String| CatalogueError::File {
        file: file.to_string(),
        message,
    };
    let parsed: YardstickFile =
        toml::from_str(text).map_err(|e| error(e.to_string().trim_end().to_string()))?;
    for f in &parsed.figure {
        if !RATES.contains(&f.compares_with.as_str())
            && !rules.iter().any(|r| r.id == f.compares_with)
        {
            return Err(error(format!(
                "figure compares_with {:?}: not a rule id of the catalogue, nor one of {}",
                f.compares_with,
                RATES.join(", ")
            )));
        }
        if !(0.0..=1.0).contains(&f.share) {
            return Err(error(format!(
                "figure for {} ({}): share {} is not between 0 and 1 (write 65 % as 0.65)",
                f.compares_with, f.year, f.share
            )));
        }
    }
    Ok(parsed.figure)
}
