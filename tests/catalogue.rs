//! The catalogue as data: complete, documented, and never special-cased in code.
mod common;

use caseaudit::rules::Catalogue;
use std::path::Path;

#[test]
fn the_embedded_catalogue_is_the_rules_directory() {
    let embedded = Catalogue::embedded().unwrap();
    let on_disk = Catalogue::from_dir(Path::new("rules")).unwrap();
    assert_eq!(embedded.sha256, on_disk.sha256);
    // 21 machine checks and 5 reviewer questions.
    assert_eq!(embedded.rules.len(), 26);
    assert_eq!(embedded.question_ids(), ["Q5", "Q4", "Q3", "Q1", "Q2"]);
}

#[test]
fn every_rule_has_both_languages_and_a_law_per_variant() {
    let catalogue = Catalogue::embedded().unwrap();
    for rule in &catalogue.rules {
        assert_ne!(
            rule.da.title, rule.en.title,
            "{}: the Danish title is translated",
            rule.id
        );
        assert!(
            rule.variants.iter().all(|v| !v.law.trim().is_empty()),
            "{}",
            rule.id
        );
    }
}

#[test]
fn rules_with_sel_and_bl_variants_name_the_right_law() {
    let catalogue = Catalogue::embedded().unwrap();
    for rule in &catalogue.rules {
        for v in &rule.variants {
            match v.period.map(|p| catalogue.periods[p].id.as_str()) {
                Some("SEL") => assert!(v.law.starts_with("SEL"), "{}: {}", rule.id, v.law),
                Some("BL") => assert!(v.law.starts_with("BL"), "{}: {}", rule.id, v.law),
                _ => {}
            }
        }
    }
}

/// Acceptance: no code compares or matches a rule id. Rule ids are data: they are read
/// from rules/*.toml and printed, never written in src/ (the synthetic-data generator is
/// an independent test oracle and writes rule ids as data, so it is left out).
#[test]
fn no_rule_id_is_written_in_the_code() {
    let mut offenders = Vec::new();
    let mut stack = vec![Path::new("src").to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.to_string_lossy().contains("generate") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for (n, line) in text.lines().enumerate() {
                if has_rule_id_literal(line) {
                    offenders.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "rule ids in code:\n{}",
        offenders.join("\n")
    );
}

/// A string literal that is a rule id: `"U1"`, `"A7"` …
fn has_rule_id_literal(line: &str) -> bool {
    let b = line.as_bytes();
    (0..b.len()).any(|i| {
        b[i] == b'"' && b.get(i + 1).is_some_and(|c| b"UBHSATJQ".contains(c)) && {
            let digits = b[i + 2..].iter().take_while(|c| c.is_ascii_digit()).count();
            digits > 0 && b.get(i + 2 + digits) == Some(&b'"')
        }
    })
}

#[test]
fn the_scan_finds_a_rule_id() {
    assert!(has_rule_id_literal(r#"if rule.id == "U1" {"#));
    assert!(!has_rule_id_literal(r#"let x = "U";"#));
    assert!(has_rule_id_literal(r#"if rule.id == "Q1" {"#));
}

/// The complete rule in docs/rules.md works as written: copied beside the catalogue, its
/// examples pass.
#[test]
fn the_rule_in_the_writing_guide_runs_as_shown() {
    let guide = std::fs::read_to_string("docs/rules.md").unwrap();
    let start = guide
        .find("```toml\nid = \"K1\"")
        .expect("the guide's K1 example")
        + "```toml\n".len();
    let rule = &guide[start..start + guide[start..].find("```").unwrap()];
    let dir = common::rules_copy();
    std::fs::write(dir.path().join("K1.toml"), rule).unwrap();
    let catalogue = Catalogue::from_dir(dir.path()).unwrap();
    let k1: Vec<_> = caseaudit::cmd::rule_examples::run_examples(&catalogue)
        .into_iter()
        .filter(|o| o.rule == "K1")
        .collect();
    assert_eq!(k1.len(), 2);
    assert!(k1.iter().all(|o| o.passed()), "{k1:?}");
}

#[test]
fn unjudged_decisions_name_the_rules_the_catalogue_filters_by_kind_and_outcome() {
    let unjudged = Catalogue::embedded().unwrap().unjudged();
    // The reviewer questions that list kinds or outcomes are not asked of such a decision.
    assert_eq!(
        unjudged.skipped_without_kind,
        ["H1", "Q3", "S1", "A6", "A7", "Q1", "Q2"]
    );
    assert_eq!(
        unjudged.skipped_without_outcome,
        ["H1", "A1", "A2", "A3", "A4", "A5", "A7", "Q1", "Q2"]
    );
}

#[test]
fn every_rule_asks_its_question_in_both_languages() {
    let catalogue = Catalogue::embedded().unwrap();
    for rule in &catalogue.rules {
        for question in [&rule.da.question, &rule.en.question] {
            assert!(question.trim().ends_with('?'), "{}: {question}", rule.id);
        }
        assert_ne!(rule.da.question, rule.en.question, "{}", rule.id);
    }
}

#[test]
fn a_rule_without_a_question_is_refused() {
    let dir = common::rules_copy();
    let path = dir.path().join("U1.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let without: String = text
        .lines()
        .filter(|l| !l.starts_with("question = "))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&path, without).unwrap();
    let err = Catalogue::from_dir(dir.path()).unwrap_err().to_string();
    assert!(err.contains("U1.toml") && err.contains("question"), "{err}");
}
