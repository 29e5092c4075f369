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

/// Issue 16, acceptance 3: every child-disability provision and its Barnets Lov successor,
/// and SEL § 52 a / BL § 35, have a kind in the table, so `validate` counts none of their
/// decisions as left unjudged.
#[test]
fn validate_warns_about_none_of_the_mapped_provisions() {
    let provisions = [
        "SEL § 32",
        "SEL § 32 a",
        "SEL § 36",
        "SEL § 41",
        "SEL § 42",
        "SEL § 44",
        "SEL § 45",
        "SEL § 52 a",
        "BL § 35",
        "BL § 82",
        "BL § 83",
        "BL § 84",
        "BL § 85",
        "BL § 86",
        "BL § 87",
        "BL § 89",
        "BL § 90",
    ];
    let events: Vec<String> = provisions
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let year = if p.starts_with("SEL") { 2023 } else { 2024 };
            format!(
                r#"{{"type": "decision", "date": "{year}-03-{:02}", "provision": "{p}", "outcome": "refused"}}"#,
                i + 1
            )
        })
        .collect();
    let export = format!(
        r#"[{{"case_id": "K-1", "area": "child_disability", "events": [{}]}}]"#,
        events.join(", ")
    );
    let (_dir, path) = common::temp_file("cases.json", export);
    for lang in ["en", "da"] {
        let out = common::caseaudit()
            .args(["validate", path.to_str().unwrap(), "--lang", lang])
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        for p in provisions {
            assert!(!text.contains(p), "validate names {p}:\n{text}");
        }
        assert!(
            !text.contains("cannot be judged") && !text.contains("kan ikke bedømmes"),
            "{text}"
        );
    }
}

/// docs/contract.md is the contract that ships with the project: its rule table names every
/// rule of the catalogue and every variant's legal reference as the rule files give it.
#[test]
fn the_contract_names_every_rule_and_its_law() {
    let contract = std::fs::read_to_string("docs/contract.md").unwrap();
    let catalogue = Catalogue::embedded().unwrap();
    for rule in &catalogue.rules {
        assert!(
            contract.contains(&format!("\n| {} |", rule.id)),
            "docs/contract.md §5 has no row for {}",
            rule.id
        );
        for v in &rule.variants {
            assert!(
                contract.contains(v.law.as_str()),
                "docs/contract.md does not name {}'s law {:?}",
                rule.id,
                v.law
            );
        }
    }
}

/// Issue 15: a second variant for a period an earlier one already covers for every subject
/// was loaded and never used (the first that matches is used). It is refused when the
/// catalogue loads, naming the file, the rule and the period, with exit 2.
#[test]
fn a_second_variant_for_the_same_period_is_refused() {
    let dir = common::rules_copy();
    let path = dir.path().join("U1.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let twice = text.replacen(
        "[[variant]]\nperiod = \"BL\"",
        "[[variant]]\nperiod = \"SEL\"\nlaw = \"SEL § 155, stk. 3\"\nwithin = \"48 hours\"\n\n\
         [[variant]]\nperiod = \"BL\"",
        1,
    );
    assert_ne!(twice, text, "U1.toml has a BL variant");
    std::fs::write(&path, twice).unwrap();
    common::caseaudit()
        .args(["audit", "fixtures/demo/cases.json", "--as-of", "2025-06-30"])
        .args(["--rules", dir.path().to_str().unwrap(), "--lang", "en"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("U1.toml"))
        .stderr(predicates::str::contains("rule U1"))
        .stderr(predicates::str::contains("period SEL"));
}

/// A variant without a period after one without period or `when` is never used either;
/// variants told apart by `when` (H1, A6) are fine, as the bundled catalogue shows.
#[test]
fn a_variant_after_one_for_every_period_and_subject_is_refused() {
    let dir = common::rules_copy();
    let path = dir.path().join("J2.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let law = "law = \"god forvaltningsskik\"\n";
    let twice = text.replacen(law, &format!("{law}\n[[variant]]\n{law}"), 1);
    assert_ne!(twice, text);
    std::fs::write(&path, twice).unwrap();
    let err = Catalogue::from_dir(dir.path()).unwrap_err().to_string();
    assert!(
        err.contains("J2.toml") && err.contains("rule J2") && err.contains("every period"),
        "{err}"
    );
    assert!(Catalogue::embedded().is_ok());
}

/// What each rule reads, for the report's data coverage, follows from its check and TOML:
/// evidence on the subject (any one source will do), `count_where` on the events counted,
/// `next_due` on each occurrence, the waivers' reason, the provision a processing time needs.
#[test]
fn the_fields_a_rule_reads_follow_from_its_file() {
    use caseaudit::model::EventType::*;
    use caseaudit::rules::{ReadOn, Reads};
    let catalogue = Catalogue::embedded().unwrap();
    let reads = Reads::of(&catalogue);
    let of = |id: &str| -> Vec<(Vec<&str>, ReadOn, Vec<caseaudit::model::EventType>)> {
        let r = catalogue.rules.iter().position(|r| r.id == id).unwrap();
        (reads.fields.iter().filter(|f| f.rule == r))
            .map(|f| {
                let attrs = f.attrs.iter().map(|a| a.name()).collect();
                (attrs, f.on, f.events.clone())
            })
            .collect()
    };
    assert_eq!(
        of("A4"),
        [
            (vec!["outcome"], ReadOn::Subject, vec![Decision]),
            (vec!["appeal_guidance"], ReadOn::Subject, vec![Decision]),
        ]
    );
    assert!(of("A1").contains(&(
        vec!["justification", "has_justification"],
        ReadOn::Subject,
        vec![Decision]
    )));
    let s2 = of("S2");
    for attr in ["at_placement", "child_spoken_to"] {
        assert!(
            s2.contains(&(vec![attr], ReadOn::Counted, vec![SupervisionVisit])),
            "{s2:?}"
        );
    }
    assert!(of("H3").contains(&(vec!["next_due"], ReadOn::Occurrence, vec![FollowUp])));
    assert!(of("B3").contains(&(
        vec!["reason"],
        ReadOn::Waiver,
        vec![ChildConversationWaived]
    )));
    assert_eq!(
        of("T1"),
        [(
            vec!["provision"],
            ReadOn::Subject,
            vec![ApplicationReceived]
        )]
    );
    assert!(
        of("U1").is_empty(),
        "a deadline between two events reads no field"
    );
}
