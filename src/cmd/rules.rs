//! `caseaudit rules list | show ID | test [DIR]`.
use super::Outcome;
use super::rule_examples::run_examples;
use crate::cli::RulesCommand;
use crate::lang::Msg;
use crate::rules::{Catalogue, Lang, Rule, Status};

pub fn run(command: &RulesCommand, out: &mut dyn std::io::Write) -> anyhow::Result<Outcome> {
    // It prints: never into one of the rule files it reads (report::output).
    let dir = match command {
        RulesCommand::List(common) | RulesCommand::Show { common, .. } => common.rules.as_ref(),
        RulesCommand::Test { dir, rules, .. } => dir.as_ref().or(rules.as_ref()),
    };
    super::rules_read(dir.map(|d| d.as_path())).stdout()?;
    match command {
        RulesCommand::List(common) => {
            let catalogue = super::catalogue(common)?;
            list(&catalogue, common.lang.into(), out)?;
        }
        RulesCommand::Show { id, common } => {
            let catalogue = super::catalogue(common)?;
            let rule = catalogue.rule(id).ok_or_else(|| {
                let ids: Vec<_> = catalogue.rules.iter().map(|r| r.id.as_str()).collect();
                crate::load::refusal(
                    format!("ingen regel {id:?}; kataloget har {}", ids.join(", ")),
                    format!("no rule {id:?}; the catalogue has {}", ids.join(", ")),
                )
            })?;
            show(&catalogue, rule, common.lang.into(), out)?;
        }
        RulesCommand::Test { dir, rules, lang } => {
            let catalogue = match dir.as_ref().or(rules.as_ref()) {
                Some(dir) => Catalogue::from_dir(dir)?,
                None => Catalogue::embedded()?,
            };
            return test(&catalogue, (*lang).into(), out);
        }
    }
    Ok(Outcome::Ok)
}

fn list(catalogue: &Catalogue, lang: Lang, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let header = [
        Msg::RulesListId,
        Msg::RulesListName,
        Msg::RulesListTheme,
        Msg::RulesListSeverity,
        Msg::RulesListKind,
        Msg::RulesListTitle,
    ];
    let mut table = crate::report::grid(header.map(|m| lang.t(m).to_string()).to_vec());
    for rule in &catalogue.rules {
        let kind = lang.t(if rule.is_question() {
            Msg::KindQuestion
        } else {
            Msg::KindCheck
        });
        table.add_row(vec![
            rule.id.clone(),
            rule.name.clone(),
            catalogue.themes[rule.theme].title(lang).to_string(),
            rule.severity.label(lang).to_string(),
            kind.to_string(),
            rule.texts(lang).title.clone(),
        ]);
    }
    writeln!(out, "{table}")?;
    // The themes by id, as `--min-score THEME=S` and the JSON report name them.
    let mut themes = crate::report::grid(vec![
        lang.t(Msg::ThemeId).into(),
        lang.t(Msg::DanishName).into(),
        lang.t(Msg::EnglishName).into(),
        lang.t(Msg::Rules2).into(),
    ]);
    for (i, theme) in catalogue.themes.iter().enumerate() {
        let rules: Vec<&str> = catalogue
            .rules
            .iter()
            .filter(|r| r.theme == i)
            .map(|r| r.id.as_str())
            .collect();
        themes.add_row(vec![
            theme.id.clone(),
            theme.da.clone(),
            theme.en.clone(),
            rules.join(", "),
        ]);
    }
    writeln!(out, "\n{}\n{themes}", lang.t(Msg::ThemesForMinScore))
}

fn show(
    catalogue: &Catalogue,
    rule: &Rule,
    lang: Lang,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let (da, en) = (lang == Lang::Da, lang == Lang::En);
    let texts = rule.texts(lang);
    writeln!(out, "{} ({}): {}", rule.id, rule.name, texts.title)?;
    writeln!(
        out,
        "{}: {} · {}: {}\n",
        lang.t(Msg::Theme),
        catalogue.themes[rule.theme].title(lang),
        lang.t(Msg::Severity),
        rule.severity.label(lang)
    )?;
    if let crate::rules::Check::Question(q) = &rule.variants[0].check {
        writeln!(
            out,
            "## {}\n{}\n",
            lang.t(Msg::QuestionForTheReviewer),
            texts.question.trim()
        )?;
        writeln!(out, "{}\n", lang.t(Msg::TheMachineGivesNoAnswerUnanswered))?;
        if !q.open.is_empty() {
            let names: Vec<&str> = q
                .open
                .iter()
                .map(|t| if da { t.nouns().0 } else { t.nouns().1 })
                .collect();
            writeln!(
                out,
                "{}: {}\n",
                lang.t(Msg::EventsToOpenBesidesTheSubject),
                names.join(", ")
            )?;
        }
    }
    writeln!(
        out,
        "## {}\n{}\n",
        lang.t(Msg::WhatItChecks),
        texts.what.trim()
    )?;
    writeln!(
        out,
        "## {}\n{}\n",
        lang.t(Msg::WhyItMatters),
        texts.why.trim()
    )?;
    writeln!(out, "## {}", lang.t(Msg::LegalBasis))?;
    for variant in &rule.variants {
        let mut line = variant
            .period
            .map(|p| {
                let p = &catalogue.periods[p];
                if en { p.en.clone() } else { p.da.clone() }
            })
            .unwrap_or_else(|| lang.t(Msg::AllPeriods).to_string());
        if !variant.when.is_empty() {
            line.push_str(&format!(" ({})", variant.when));
        }
        line.push_str(&format!(": {}", variant.law));
        let params = variant.check.describe(lang);
        if !params.is_empty() {
            line.push_str(&format!(" — {params}"));
        }
        writeln!(out, "- {line}")?;
    }
    if let Some(note) = &texts.law_note {
        writeln!(out, "\n{}", note.trim())?;
    }
    let action = if rule.is_question() {
        lang.t(Msg::ActionWhenTheAnswerIsNo)
    } else {
        lang.t(Msg::ActionWhenOverdueOrDueWorklist)
    };
    writeln!(out, "\n## {action}\n{}", texts.action.trim())?;
    writeln!(out, "\n## {}", lang.t(Msg::Examples))?;
    for example in &rule.examples {
        let statuses: Vec<_> = example.expect.iter().map(|s| s.label(lang)).collect();
        let expect = if statuses.is_empty() {
            lang.t(Msg::DoesNotApply).to_string()
        } else {
            statuses.join(", ")
        };
        let answered = if example.verdicts.is_empty() {
            String::new()
        } else {
            let verdicts: Vec<_> = example.verdicts.iter().map(|s| s.label(lang)).collect();
            format!(
                ", {} {}",
                lang.t(Msg::TheReviewerAnswers),
                verdicts.join(", ")
            )
        };
        writeln!(
            out,
            "- {} ({} {}{answered}) → {}",
            example.name,
            lang.t(Msg::AsOf3),
            example.as_of,
            expect
        )?;
        for event in &example.events {
            // type and date first, as an auditor reads an event; then its attributes.
            let first = ["type", "date"]
                .iter()
                .filter_map(|k| event.get(*k).map(|v| (*k, v)));
            let rest = event
                .iter()
                .filter(|(k, _)| !matches!(k.as_str(), "type" | "date"));
            let fields: Vec<String> = first
                .chain(rest.map(|(k, v)| (k.as_str(), v)))
                .map(|(k, v)| match v.as_str() {
                    Some(text) => format!("{k}={text}"),
                    None => format!("{k}={v}"),
                })
                .collect();
            writeln!(out, "    {}", fields.join(" "))?;
        }
    }
    Ok(())
}

fn test(
    catalogue: &Catalogue,
    lang: Lang,
    out: &mut dyn std::io::Write,
) -> anyhow::Result<Outcome> {
    let outcomes = run_examples(catalogue);
    let mut failed = 0;
    for o in &outcomes {
        // Statuses as the example's `expect` writes them.
        let names = |s: &[Status]| s.iter().map(|s| s.name()).collect::<Vec<_>>().join(", ");
        let verdict = lang.t(if o.passed() {
            Msg::RulesTestOk
        } else {
            Msg::RulesTestFail
        });
        writeln!(out, "{verdict} {} {}", o.rule, o.example)?;
        if !o.passed() {
            failed += 1;
            let why = match &o.got {
                Ok(got) => crate::tr!(
                    lang,
                    RulesTestExpectedGot,
                    expected = names(&o.expected),
                    got = names(got)
                ),
                Err(e) => crate::tr!(lang, RulesTestInvalidCase, error = e.text(lang)),
            };
            writeln!(out, "       {why}")?;
        }
    }
    let passed = outcomes.len() - failed;
    let summary = crate::tr!(lang, RulesTestSummary, passed = passed, failed = failed);
    writeln!(out, "{summary}")?;
    Ok(if failed == 0 {
        Outcome::Ok
    } else {
        Outcome::Failed
    })
}
