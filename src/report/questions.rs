//! The reviewer questions of an audit (rules of check kind `question`): how many were asked
//! and answered, each question's answers, and the warning when a rate rests on questions
//! nobody has answered yet. A question's counts are its rule's counts: unanswered it is not
//! assessable, answered pass, fail or exempt (the reviewer's verdict, `source: "review"`).
use super::review::Section;
use crate::lang::Msg;

use super::{Counts, Report};
use crate::rules::{Lang, Rule, Severity, Status};
use serde_json::{Value, json};

/// The question rules of the audit with their counts, in catalogue order.
fn asked<'a>(report: &'a Report) -> Vec<(&'a Rule, &'a Counts)> {
    (report.catalogue.rules.iter())
        .zip(&report.tally.per_rule)
        .filter(|(rule, _)| rule.is_question())
        .collect()
}

/// Asked, answered (pass, fail or exempt), and of the unanswered those of material questions.
fn totals(report: &Report) -> (u64, u64, u64) {
    let (mut all, mut answered, mut material) = (0, 0, 0);
    for (rule, counts) in asked(report) {
        let open = counts.get(Status::NotAssessable);
        all += counts.total();
        answered += counts.total() - open;
        if rule.severity == Severity::Material {
            material += open;
        }
    }
    (all, answered, material)
}

/// The JSON `questions` key, when the audit asks questions: how many were asked and
/// answered, and per question its answers.
pub(super) fn questions_json(report: &Report) -> Option<Value> {
    let questions = asked(report);
    if questions.is_empty() {
        return None;
    }
    let (all, answered, _) = totals(report);
    let rules: Vec<Value> = questions
        .iter()
        .map(|(rule, c)| {
            json!({
                "id": rule.id,
                "theme": report.catalogue.themes[rule.theme].id,
                "severity": rule.severity.name(),
                "asked": c.total(),
                "answered": c.total() - c.get(Status::NotAssessable),
                "pass": c.get(Status::Pass),
                "fail": c.get(Status::Fail),
                "exempt": c.get(Status::Exempt),
                "awaiting": c.get(Status::NotAssessable),
                "score": c.score().map(super::stats::round4),
            })
        })
        .collect();
    Some(json!({
        "asked": all,
        "answered": answered,
        "unanswered": all - answered,
        "rules": rules,
    }))
}

/// One warning per error rate that rests on unanswered questions: the estimated reversal
/// rate while a material question is unanswered, the case error rate while any is. Until
/// they are answered a rate counts only what the machine and the reviewers judged, and may
/// be too low.
pub fn warnings(report: &Report, lang: Lang) -> Vec<String> {
    let (all, answered, material) = totals(report);
    let open = all - answered;
    let mut out = Vec::new();
    let say = |rate: &str, n: u64, what: &str| {
        crate::tr!(
            lang,
            Provisional,
            rate = rate,
            n = n,
            what = what,
            answered = answered,
            all = all
        )
    };
    if material > 0 {
        out.push(say(
            lang.t(Msg::EstimatedReversalRate3),
            material,
            lang.t(Msg::MaterialQuestions),
        ));
    }
    if open > 0 {
        out.push(say(
            lang.t(Msg::CaseErrorRate4),
            open,
            lang.t(Msg::Questions),
        ));
    }
    out
}

/// The human formats' section on the reviewer questions, when the audit asks any: answered
/// of asked, and each question with its answers and score.
pub(super) fn section(report: &Report) -> Option<Section> {
    let lang = report.lang;
    let questions = asked(report);
    if questions.is_empty() {
        return None;
    }
    let (all, answered, _) = totals(report);
    let lines = vec![
        format!(
            "{answered} {} {all} {}.",
            lang.t(Msg::Of),
            lang.t(Msg::ReviewerQuestionsAreAnswered)
        ),
        lang.t(Msg::OnlyAPersonReadingTheCase).to_string(),
    ];
    let rows = questions
        .iter()
        .map(|(rule, c)| {
            vec![
                rule.id.clone(),
                rule.texts(lang).question.clone(),
                rule.severity.label(lang).to_string(),
                c.total().to_string(),
                (c.total() - c.get(Status::NotAssessable)).to_string(),
                c.get(Status::Pass).to_string(),
                c.get(Status::Fail).to_string(),
                c.get(Status::Exempt).to_string(),
                lang.percent(c.score()),
            ]
        })
        .collect();
    let header = [
        lang.t(Msg::Rule),
        lang.t(Msg::Question),
        lang.t(Msg::Severity),
        lang.t(Msg::Asked),
        lang.t(Msg::Answered),
        Status::Pass.label(lang),
        Status::Fail.label(lang),
        Status::Exempt.label(lang),
        "score",
    ];
    Some(Section {
        title: lang.t(Msg::ReviewerQuestions).into(),
        lines,
        tables: vec![(header.iter().map(|h| h.to_string()).collect(), rows)],
        warnings: Vec::new(),
    })
}
