//! CI gates (contract §7 exit codes): thresholds a finished audit is held to. Pure: the
//! command gathers the figures, this module says which thresholds they breach.
use super::Tally;
use super::stats::Rate;
use crate::lang::Msg;
use crate::model::input::Reason;
use crate::rules::{Catalogue, Lang, Status};

/// The thresholds given on the command line, checked against the catalogue.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Gates {
    /// Highest estimated reversal rate allowed (a share, 0–1).
    pub max_error_rate: Option<f64>,
    /// Lowest score allowed per theme: (theme index, share).
    pub min_scores: Vec<(usize, f64)>,
    /// Most fail results allowed.
    pub max_fails: Option<u64>,
    /// Highest share of input records that may be rejected.
    pub max_rejected: Option<f64>,
}

/// What the gates look at beyond the tally.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Intake {
    /// Records read from the inputs, accepted or rejected.
    pub records: u64,
    pub rejected: u64,
    /// Fail results not among the baseline's fails, when a baseline was given.
    pub new_fails: Option<u64>,
}

/// A threshold as it was given, with the language's decimal mark (0,35 / 0.35).
fn threshold(x: f64, lang: Lang) -> String {
    let text = x.to_string();
    match lang {
        Lang::Da => text.replace('.', ","),
        Lang::En => text,
    }
}

fn describe(rate: &Rate, lang: Lang) -> String {
    format!(
        "{} ({} {} {})",
        lang.percent(rate.exact()),
        rate.numerator,
        lang.t(Msg::Of),
        rate.denominator
    )
}

impl Gates {
    /// Each breached threshold, as one line in `lang` that names the flag and both
    /// figures. A rate or score with nothing to measure breaches nothing.
    pub fn breaches(
        &self,
        tally: &Tally,
        catalogue: &Catalogue,
        intake: Intake,
        lang: Lang,
    ) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(max) = self.max_error_rate {
            let rate = tally.estimated_reversal_rate();
            if rate.rate.is_some_and(|r| r > max) {
                out.push(crate::tr!(
                    lang,
                    GateMaxErrorRate,
                    rate = describe(&rate, lang),
                    max = threshold(max, lang)
                ));
            }
        }
        if !self.min_scores.is_empty() {
            let themes = tally.per_theme(catalogue);
            for &(theme, min) in &self.min_scores {
                if let Some(score) = themes[theme].score().filter(|s| *s < min) {
                    let theme = &catalogue.themes[theme];
                    out.push(crate::tr!(
                        lang,
                        GateMinScore,
                        name = theme.title(lang),
                        id = theme.id,
                        score = lang.percent(Some(score)),
                        min = threshold(min, lang)
                    ));
                }
            }
        }
        if let Some(max) = self.max_fails {
            let fails: u64 = tally.per_rule.iter().map(|c| c.get(Status::Fail)).sum();
            if fails > max {
                out.push(crate::tr!(
                    lang,
                    GateMaxFails,
                    fails = lang.count(fails, Msg::FailResults),
                    max = max
                ));
            }
        }
        if let Some(max) = self.max_rejected
            && intake.records > 0
        {
            let share = intake.rejected as f64 / intake.records as f64;
            if share > max {
                out.push(crate::tr!(
                    lang,
                    GateMaxRejected,
                    rejected = lang.int(intake.rejected),
                    records = lang.count(intake.records, Msg::InputRecords),
                    share = lang.percent(Some(share)),
                    max = threshold(max, lang)
                ));
            }
        }
        if let Some(n) = intake.new_fails.filter(|&n| n > 0) {
            out.push(crate::tr!(
                lang,
                GateNewFails,
                fails = lang.count(n, Msg::NewFailResultsNotInThe)
            ));
        }
        out
    }
}

/// `THEME=S` of `--min-score`: the theme's index in the catalogue and the share.
/// The theme is its id or its Danish or English name, letter case ignored
/// (`notifications`, `Underretninger`, `underretninger`); the share takes a decimal comma.
pub fn parse_min_score(text: &str, catalogue: &Catalogue) -> Result<(usize, f64), Reason> {
    let (theme, score) = text
        .rsplit_once('=')
        .ok_or_else(|| crate::both!(MinScoreForm, value = format!("{text:?}")))?;
    let theme = theme.trim();
    let index = catalogue
        .themes
        .iter()
        .position(|t| {
            [&t.id, &t.da, &t.en]
                .iter()
                .any(|name| name.trim().to_lowercase() == theme.to_lowercase())
        })
        .ok_or_else(|| {
            let ids: Vec<&str> = catalogue.themes.iter().map(|t| t.id.as_str()).collect();
            crate::both!(
                MinScoreNoTheme,
                theme = format!("{theme:?}"),
                themes = ids.join(", ")
            )
        })?;
    Ok((index, parse_share(score, "--min-score")?))
}

/// A share between 0 and 1, with a decimal point or a Danish decimal comma (`0.35`,
/// `0,35`); a percentage is refused with a hint, not guessed at.
pub fn parse_share(text: &str, flag: &str) -> Result<f64, Reason> {
    let value = crate::lang::parse_decimal(text)
        .ok_or_else(|| crate::both!(NotAShare, flag = flag, value = format!("{text:?}")))?;
    if !(0.0..=1.0).contains(&value) {
        return Err(crate::both!(
            ShareOutOfRange,
            flag = flag,
            value = text.trim()
        ));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalogue() -> Catalogue {
        Catalogue::embedded().unwrap()
    }

    #[test]
    fn nothing_breached_without_gates() {
        let c = catalogue();
        let mut tally = Tally::new(&c, None);
        tally.per_rule[0].add(Status::Fail);
        assert!(
            Gates::default()
                .breaches(&tally, &c, Intake::default(), Lang::En)
                .is_empty()
        );
    }

    #[test]
    fn each_gate_names_its_flag() {
        let c = catalogue();
        let mut tally = Tally::new(&c, None);
        tally.per_rule[0].add(Status::Fail);
        tally.per_rule[0].add(Status::Pass);
        tally.assessed_decisions = 4;
        tally.failed_decisions = 2;
        let gates = Gates {
            max_error_rate: Some(0.4),
            min_scores: vec![(c.rules[0].theme, 0.6)],
            max_fails: Some(0),
            max_rejected: Some(0.1),
        };
        let intake = Intake {
            records: 10,
            rejected: 2,
            new_fails: Some(1),
        };
        let lines = gates.breaches(&tally, &c, intake, Lang::En);
        let danish = gates.breaches(&tally, &c, intake, Lang::Da);
        assert_eq!(
            danish,
            [
                "skønnet omgørelsesprocent 50,0 % (2 af 4) er over --max-error-rate 0,4",
                "tema Underretninger (notifications) har score 50,0 % (under --min-score notifications=0,6)",
                "1 resultat ikke opfyldt, over --max-fails 0",
                "2 af 10 poster afvist (20,0 %), over --max-rejected 0,1",
                "1 nyt resultat, der ikke er opfyldt, og som ikke er i baseline (--fail-on-new)",
            ]
        );
        for flag in [
            "--max-error-rate",
            "--min-score",
            "--max-fails",
            "--max-rejected",
            "--fail-on-new",
        ] {
            assert!(lines.iter().any(|l| l.contains(flag)), "{flag}: {lines:?}");
        }
        assert_eq!(lines.len(), 5);
        // At the threshold is not above it.
        let at = Gates {
            max_error_rate: Some(0.5),
            min_scores: vec![(c.rules[0].theme, 0.5)],
            max_fails: Some(1),
            max_rejected: Some(0.2),
        };
        let intake = Intake {
            new_fails: Some(0),
            ..intake
        };
        assert!(at.breaches(&tally, &c, intake, Lang::En).is_empty());
    }

    #[test]
    fn min_score_is_parsed_against_the_themes() {
        let c = catalogue();
        assert_eq!(parse_min_score("notifications=0.8", &c), Ok((0, 0.8)));
        // By id or either name, letter case ignored, and with a decimal comma.
        for text in [
            "notifications=0,9",
            "Underretninger=0.9",
            "underretninger = 0,9",
            "NOTIFICATIONS=0.9",
            "notifications=0.9",
        ] {
            assert_eq!(parse_min_score(text, &c), Ok((0, 0.9)), "{text}");
        }
        let en = c.themes[1].en.to_lowercase();
        assert_eq!(parse_min_score(&format!("{en}=0,5"), &c), Ok((1, 0.5)));
        assert!(
            parse_min_score("nope=0.8", &c)
                .unwrap_err()
                .text(Lang::Da)
                .contains("notifications")
        );
        assert!(parse_min_score("notifications=80", &c).is_err());
        assert!(parse_min_score("notifications", &c).is_err());
    }
}
