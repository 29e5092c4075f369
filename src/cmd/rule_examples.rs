//! `caseaudit rules test`: every rule's examples, run through the same loader and engine
//! as a real audit, so a municipality that edits a rule file can check it without Rust. A
//! reviewer question's example may answer it (`verdicts`), as a review sheet would.
//! It lives with the commands because it uses both the loader (to build an example's events
//! as an export's are built) and the rules, and neither layer may reach the other this way.
use crate::load::fields::{EventBuilder, RawValue};
use crate::model::{Case, link_case};
use crate::rules::{AuditContext, Catalogue, Example, Status, evaluate_rule};

/// One example's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleOutcome {
    pub rule: String,
    pub example: String,
    pub expected: Vec<Status>,
    /// The statuses the engine gave, or why the example's case could not be built.
    pub got: Result<Vec<Status>, String>,
}

impl ExampleOutcome {
    pub fn passed(&self) -> bool {
        self.got.as_ref() == Ok(&self.expected)
    }
}

/// Runs every example of every rule, in catalogue order.
pub fn run_examples(catalogue: &Catalogue) -> Vec<ExampleOutcome> {
    let mut out = Vec::new();
    for (r, rule) in catalogue.rules.iter().enumerate() {
        for example in &rule.examples {
            let got = example_case(example, catalogue).and_then(|case| {
                let ctx = AuditContext {
                    as_of: example.as_of,
                    calendar: example.calendar,
                };
                let mut findings = evaluate_rule(&case, catalogue, r, &ctx);
                // A question's answers, as a reviewer's verdicts are merged in.
                if example.verdicts.len() > findings.len() {
                    return Err(format!(
                        "the example gives {} verdicts for {} subjects",
                        example.verdicts.len(),
                        findings.len()
                    ));
                }
                for (f, verdict) in findings.iter_mut().zip(&example.verdicts) {
                    f.set_verdict(*verdict);
                }
                Ok(findings.iter().map(|f| f.status).collect())
            });
            out.push(ExampleOutcome {
                rule: rule.id.clone(),
                example: example.name.clone(),
                expected: example.expect.clone(),
                got,
            });
        }
    }
    out
}

/// The example's events as a linked case, built exactly as the loaders build one.
pub fn example_case(example: &Example, catalogue: &Catalogue) -> Result<Case, String> {
    let mut case = Case::new("EXAMPLE");
    for (n, table) in example.events.iter().enumerate() {
        let mut builder = EventBuilder::default();
        for (name, value) in table {
            let text;
            let raw = match value {
                toml::Value::String(s) => RawValue::Str(s),
                toml::Value::Boolean(b) => RawValue::Bool(*b),
                toml::Value::Integer(i) => RawValue::Num(*i as f64),
                toml::Value::Float(f) => RawValue::Num(*f),
                other => {
                    text = other.to_string();
                    RawValue::Str(&text)
                }
            };
            let known = builder
                .set(name, raw)
                .map_err(|e| format!("event {}: {e}", n + 1))?;
            if !known {
                return Err(format!("event {}: unknown field {name:?}", n + 1));
            }
        }
        case.events.push(
            builder
                .finish(None)
                .map_err(|e| format!("event {}: {e}", n + 1))?,
        );
    }
    let dangling = link_case(&mut case, &catalogue.provisions);
    if let Some(d) = dangling.first() {
        return Err(format!(
            "event {}: ref {:?} names no event it can answer",
            d.event + 1,
            d.reference
        ));
    }
    Ok(case)
}
