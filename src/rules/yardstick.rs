//! The national yardstick (`rules/yardstick.toml`): published national figures, each
//! with its source and year, mapped to the rule or rate of the catalogue it compares with.
//! Data like the catalogue; the report shows it as a reference, never a target.
use super::catalogue::{CatalogueError, Lang, Rule};
use serde::Deserialize;

/// The rate estimated from the rules' material fails, among all decisions judged.
pub const ESTIMATED_REVERSAL_RATE: &str = "estimated_reversal_rate";

/// The rate of the export's own appeals: what Ankestyrelsen's published omgørelsesprocent
/// (appealed decisions only) compares with.
pub const OBSERVED_REVERSAL_RATE: &str = "observed_reversal_rate";

/// The rates a figure may compare with besides a rule's score.
pub const RATES: &[&str] = &[ESTIMATED_REVERSAL_RATE, OBSERVED_REVERSAL_RATE];

/// One published figure.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    /// A rule id of the catalogue, or one of [`RATES`].
    pub compares_with: String,
    pub share: f64,
    /// The year the figure describes (its round, or the year of the appeals).
    pub year: i32,
    /// The period of the cases behind it, as the source states it (`2020–2022`); the year
    /// when not given.
    #[serde(default)]
    pub period: Option<String>,
    /// The year the figure was published.
    #[serde(default)]
    pub published: Option<i32>,
    /// How many municipalities and cases it rests on, where the source says.
    #[serde(default)]
    pub municipalities: Option<u32>,
    #[serde(default)]
    pub cases: Option<u32>,
    pub source: String,
    pub da: String,
    pub en: String,
    /// How the published figure's definition differs from what it is compared with.
    #[serde(default)]
    pub definition_da: Option<String>,
    #[serde(default)]
    pub definition_en: Option<String>,
    /// A caution the source itself gives, or that the figure is not verified.
    #[serde(default)]
    pub note_da: Option<String>,
    #[serde(default)]
    pub note_en: Option<String>,
}

impl Figure {
    pub fn title(&self, lang: Lang) -> &str {
        match lang {
            Lang::Da => &self.da,
            Lang::En => &self.en,
        }
    }

    /// The period of the cases: as given, else the year.
    pub fn period(&self) -> String {
        self.period.clone().unwrap_or_else(|| self.year.to_string())
    }

    /// "95 kommuner, 2.140 sager" / "95 municipalities, 2,140 cases"; None when the source
    /// gives neither.
    pub fn population(&self, lang: Lang) -> Option<String> {
        use crate::lang::Msg;
        let parts: Vec<String> = [
            (self.municipalities).map(|m| lang.count(m.into(), Msg::MunicipalitiesCounted)),
            (self.cases).map(|c| lang.count(c.into(), Msg::Cases)),
        ]
        .into_iter()
        .flatten()
        .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    }

    pub fn definition(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::Da => self.definition_da.as_deref(),
            Lang::En => self.definition_en.as_deref(),
        }
    }

    pub fn note(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::Da => self.note_da.as_deref(),
            Lang::En => self.note_en.as_deref(),
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
    let error = |message| super::catalogue::file_error(file, message);
    let parsed: YardstickFile =
        toml::from_str(text).map_err(|e| super::catalogue::toml_file_error(file, text, &e))?;
    for f in &parsed.figure {
        if !RATES.contains(&f.compares_with.as_str())
            && !rules.iter().any(|r| r.id == f.compares_with)
        {
            return Err(error(crate::both!(
                YardstickNotARule,
                id = format!("{:?}", f.compares_with),
                rates = RATES.join(", ")
            )));
        }
        if f.definition_da.is_some() != f.definition_en.is_some()
            || f.note_da.is_some() != f.note_en.is_some()
        {
            return Err(error(crate::both!(
                YardstickBothLanguages,
                id = f.compares_with,
                year = f.year
            )));
        }
        if !(0.0..=1.0).contains(&f.share) {
            let share = |lang: crate::lang::Lang| match lang {
                crate::lang::Lang::Da => f.share.to_string().replace('.', ","),
                crate::lang::Lang::En => f.share.to_string(),
            };
            let one = |lang: crate::lang::Lang| {
                crate::tr!(
                    lang,
                    YardstickShare,
                    id = f.compares_with,
                    year = f.year,
                    share = share(lang)
                )
            };
            return Err(error(crate::model::input::Reason::new(
                one(crate::lang::Lang::Da),
                one(crate::lang::Lang::En),
            )));
        }
    }
    Ok(parsed.figure)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(text: &str) -> Result<Vec<Figure>, CatalogueError> {
        parse("yardstick.toml", text, &[])
    }

    #[test]
    fn a_figure_carries_its_population_period_and_definition() {
        let f = &figure(
            r#"[[figure]]
compares_with = "observed_reversal_rate"
share = 0.5
year = 2022
period = "2020–2022"
published = 2022
municipalities = 95
cases = 2140
source = "s"
da = "d"
en = "e"
definition_da = "kun påklagede"
definition_en = "appealed only"
"#,
        )
        .unwrap()[0];
        assert_eq!(f.period(), "2020–2022");
        assert_eq!(f.population(Lang::Da).unwrap(), "95 kommuner, 2.140 sager");
        assert_eq!(
            f.population(Lang::En).unwrap(),
            "95 municipalities, 2,140 cases"
        );
        assert_eq!(f.definition(Lang::En), Some("appealed only"));
        assert_eq!(f.note(Lang::Da), None);
    }

    #[test]
    fn a_text_in_one_language_only_is_refused() {
        let e = figure(
            r#"[[figure]]
compares_with = "estimated_reversal_rate"
share = 0.5
year = 2022
source = "s"
da = "d"
en = "e"
note_da = "kun dansk"
"#,
        )
        .unwrap_err();
        assert!(e.to_string().contains("note_en"), "{e}");
    }
}
