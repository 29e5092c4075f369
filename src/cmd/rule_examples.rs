//! `caseaudit rules test`: every rule's examples, run through the same loader and engine
//! as a real audit, so a municipality that edits a rule file can check it without Rust. A
//! reviewer question's example may answer it (`verdicts`), as a review sheet would.
//! It lives with the commands because it uses both the loader (to build an example's events
//! as an export's are built) and the rules, and neither layer may reach the other this way.
use crate::load::fields::{EventBuilder, RawValue};
use crate::model::input::Reason;
use crate::model::{Case, link_case};
use crate::rules::{AuditContext, Catalogue, Example, Status, evaluate_rule};

/// One example's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleOutcome {
    pub rule: String,
    pub example: String,
    pub expected: Vec<Status>,
    /// The statuses the engine gave, or why the example's case could not be built.
    pub got: Result<Vec<Status>, Reason>,
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
                    return Err(crate::both!(
                        RulesTestVerdicts,
                        verdicts = example.verdicts.len(),
                        subjects = findings.len()
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
pub fn example_case(example: &Example, catalogue: &Catalogue) -> Result<Case, Reason> {
    let mut case = Case::new("EXAMPLE");
    for (n, table) in example.events.iter().enumerate() {
        let event = |detail: Reason| {
            crate::lang::said(
                crate::lang::Msg::RulesTestEvent,
                &[("n", &(n + 1))],
                &[("detail", &detail)],
            )
        };
        // A field refused, as the loaders say it.
        let field = |e: crate::load::fields::FieldError| {
            let da = if e.value.is_empty() {
                format!("{}: {}", e.field, e.reason.da)
            } else {
                let value = crate::privacy::quoted(&e.value);
                format!("{} = {value}: {}", e.field, e.reason.da)
            };
            event(Reason::new(da, e.to_string()))
        };
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
            let known = builder.set(name, raw).map_err(field)?;
            if !known {
                let name = format!("{name:?}");
                return Err(event(crate::both!(RulesTestUnknownField, name = name)));
            }
        }
        case.events.push(builder.finish(None).map_err(field)?);
    }
    let dangling = link_case(&mut case, &catalogue.provisions);
    if let Some(d) = dangling.first() {
        let reference = format!("{:?}", d.reference);
        return Err(crate::lang::said(
            crate::lang::Msg::RulesTestEvent,
            &[("n", &(d.event + 1))],
            &[(
                "detail",
                &crate::both!(RulesTestDangling, reference = reference),
            )],
        ));
    }
    Ok(case)
}
