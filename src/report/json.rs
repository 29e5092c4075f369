//! The JSON report of DOMAIN §7 (schema_version 1). English ids and messages throughout.
use super::{Format, Report, message};
use crate::rules::{Lang, Status};
use serde_json::{Map, Value, json};

pub struct Json;

fn counts_object(counts: &super::Counts) -> Map<String, Value> {
    let mut m = Map::new();
    for status in Status::ALL {
        m.insert(status.name().into(), json!(counts.get(status)));
    }
    m.insert(
        "score".into(),
        json!(counts.score().map(super::stats::round4)),
    );
    m
}

impl Format for Json {
    fn write(&self, report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let catalogue = report.catalogue;
        let tally = report.tally;
        let themes: Vec<Value> = catalogue
            .themes
            .iter()
            .zip(tally.per_theme(catalogue))
            .map(|(theme, counts)| {
                let mut m = Map::new();
                m.insert("id".into(), json!(theme.id));
                m.extend(counts_object(&counts));
                Value::Object(m)
            })
            .collect();
        let rules: Vec<Value> = catalogue
            .rules
            .iter()
            .zip(&tally.per_rule)
            .map(|(rule, counts)| {
                let mut m = Map::new();
                m.insert("id".into(), json!(rule.id));
                m.insert("name".into(), json!(rule.name));
                m.insert("theme".into(), json!(catalogue.themes[rule.theme].id));
                m.insert("severity".into(), json!(rule.severity.name()));
                m.extend(counts_object(counts));
                Value::Object(m)
            })
            .collect();
        let mut doc = json!({
            "schema_version": 1,
            "tool": {"name": "caseaudit", "version": env!("CARGO_PKG_VERSION")},
            "as_of": report.as_of.to_string(),
            "inputs": report.inputs,
            "ruleset": {"sha256": catalogue.sha256, "rules": catalogue.rules.len()},
            "summary": {
                "cases": tally.cases,
                "decisions": tally.decisions,
                "estimated_reversal_rate": tally.estimated_reversal_rate(),
                "case_error_rate": tally.case_error_rate(),
                "observed_reversal_rate": tally.observed_reversal_rate(),
            },
            "themes": themes,
            "rules": rules,
        });
        if report.mode != super::ResultsMode::None {
            let results: Vec<Value> = tally
                .rows
                .iter()
                .map(|row| {
                    json!({
                        "case_id": row.case_id,
                        "rule": catalogue.rules[row.rule].id,
                        "status": row.status.name(),
                        "subject": row.subject,
                        "start": row.start,
                        "due": row.due,
                        "done": row.done,
                        "late_days": row.late_days,
                        "law": catalogue.rules[row.rule].variants[row.variant].law,
                        "message": message(row, Lang::En),
                    })
                })
                .collect();
            doc["results"] = Value::Array(results);
        }
        // Rejected records by place and reason; their values stay out of a shared report.
        doc["rejected"] = report
            .rejects
            .iter()
            .map(
                |r| json!({"file": r.file, "line": r.line, "column": r.column, "reason": r.reason}),
            )
            .collect();
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)
    }
}
