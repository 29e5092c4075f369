//! The JSON report validates against docs/report.schema.json. A small validator for the
//! part of JSON Schema the schema uses ($ref to $defs, type, const, enum, required,
//! properties, additionalProperties: false, items, oneOf, minimum, maximum, pattern): a
//! full validator crate would pull in a network client and more than the test needs.
mod common;
use serde_json::Value;

fn resolve<'a>(root: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let name = r.strip_prefix("#/$defs/").expect("local $ref");
            resolve(root, &root["$defs"][name])
        }
        None => schema,
    }
}

fn type_ok(ty: &str, v: &Value) -> bool {
    match ty {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        other => panic!("schema type {other} not handled"),
    }
}

/// Every violation, each with the JSON path where it is.
fn validate(root: &Value, schema: &Value, v: &Value, path: &str, errors: &mut Vec<String>) {
    let schema = resolve(root, schema);
    let mut fail = |what: String| errors.push(format!("{path}: {what}"));
    if let Some(ty) = schema.get("type") {
        let ok = match ty {
            Value::String(t) => type_ok(t, v),
            Value::Array(ts) => ts.iter().any(|t| type_ok(t.as_str().unwrap(), v)),
            _ => panic!("bad type in schema"),
        };
        if !ok {
            fail(format!("{v} is not of type {ty}"));
            return;
        }
    }
    if let Some(c) = schema.get("const")
        && c != v
    {
        fail(format!("{v} is not {c}"));
    }
    if let Some(Value::Array(options)) = schema.get("enum")
        && !options.contains(v)
    {
        fail(format!("{v} is not one of {options:?}"));
    }
    if let (Some(min), Some(x)) = (schema.get("minimum").and_then(Value::as_f64), v.as_f64())
        && x < min
    {
        fail(format!("{x} < {min}"));
    }
    if let (Some(max), Some(x)) = (schema.get("maximum").and_then(Value::as_f64), v.as_f64())
        && x > max
    {
        fail(format!("{x} > {max}"));
    }
    if let (Some(p), Some(s)) = (schema.get("pattern").and_then(Value::as_str), v.as_str())
        && !regex::Regex::new(p).unwrap().is_match(s)
    {
        fail(format!("{s:?} does not match {p}"));
    }
    if let Some(Value::Array(options)) = schema.get("oneOf") {
        let matching = options
            .iter()
            .filter(|o| {
                let mut e = Vec::new();
                validate(root, o, v, path, &mut e);
                e.is_empty()
            })
            .count();
        if matching != 1 {
            fail(format!("matches {matching} of oneOf, not 1"));
        }
    }
    if let Value::Object(map) = v {
        for key in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if !map.contains_key(key.as_str().unwrap()) {
                errors.push(format!("{path}: missing {key}"));
            }
        }
        let props = schema.get("properties").and_then(Value::as_object);
        for (key, value) in map {
            match props.and_then(|p| p.get(key)) {
                Some(sub) => validate(root, sub, value, &format!("{path}.{key}"), errors),
                None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    errors.push(format!("{path}: key {key:?} is not in the schema"))
                }
                None => {}
            }
        }
    }
    if let (Value::Array(items), Some(sub)) = (v, schema.get("items")) {
        for (i, item) in items.iter().enumerate() {
            validate(root, sub, item, &format!("{path}[{i}]"), errors);
        }
    }
}

fn schema() -> Value {
    serde_json::from_str(&std::fs::read_to_string("docs/report.schema.json").unwrap()).unwrap()
}

fn errors(report: &Value) -> Vec<String> {
    let schema = schema();
    let mut errors = Vec::new();
    validate(&schema, &schema, report, "$", &mut errors);
    errors
}

#[test]
fn demo_reports_validate_against_the_schema() {
    let base = [
        "audit",
        "fixtures/demo/cases.json",
        "--as-of",
        "2025-06-30",
        "--format",
        "json",
    ];
    for extra in [
        &[][..],
        &["--results", "all", "--by", "team"][..],
        &["--results", "none", "--by", "municipality"][..],
        &["--calendar", "extended", "--lang", "en"][..],
        &["--yardstick", "rules/yardstick.toml"][..],
    ] {
        let report = common::json_ok(base.iter().chain(extra));
        let errors = errors(&report);
        assert!(errors.is_empty(), "{extra:?}:\n{}", errors.join("\n"));
    }
}

/// A report on a sample (issue 17) carries `sample`, and late results `late_minutes`.
#[test]
fn a_report_on_a_sample_validates() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s.json");
    common::run_ok([
        "sample",
        "fixtures/demo/cases.json",
        "--size",
        "20",
        "--seed",
        "3",
        "--strata",
        "area",
        "-o",
        out.to_str().unwrap(),
    ]);
    let report = common::json_ok([
        "audit",
        out.to_str().unwrap(),
        "--as-of",
        "2025-06-30",
        "--format",
        "json",
        "--results",
        "all",
    ]);
    assert_eq!(report["sample"]["size"], 20);
    let errors = errors(&report);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn a_report_with_rejects_and_no_appeals_validates() {
    let (_dir, mixed) = common::temp_file(
        "mixed.csv",
        "case_id,type,date,id\nK1,notification_received,2024-03-01,N1\nK1,no_such_event,2024-03-02,\n",
    );
    let report = common::json_ok([
        "audit".as_ref(),
        mixed.as_os_str(),
        "--as-of".as_ref(),
        "2025-01-01".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    assert!(report["calibration"].is_null());
    let errors = errors(&report);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn the_validator_catches_what_the_schema_forbids() {
    let mut report = common::json_ok([
        "audit",
        "fixtures/demo/cases.json",
        "--as-of",
        "2025-06-30",
        "--format",
        "json",
    ]);
    report["unknown_key"] = 1.into();
    report["summary"]["estimated_reversal_rate"]["rate"] = 1.5.into();
    report["results"][0]["status"] = "maybe".into();
    report["inputs"][0]["sha256"] = "xyz".into();
    report["coverage"][0]["read_on"] = "elsewhere".into();
    report["coverage"][1]["carried"] = (-1).into();
    report.as_object_mut().unwrap().remove("as_of");
    let errors = errors(&report);
    for expected in [
        "unknown_key",
        "1.5 > 1",
        "\"maybe\" is not one of",
        "\"elsewhere\" is not one of",
        "coverage[1].carried",
        "does not match",
        "missing \"as_of\"",
    ] {
        assert!(
            errors.iter().any(|e| e.contains(expected)),
            "{expected}: {errors:?}"
        );
    }
}

#[test]
fn a_report_with_review_waivers_and_profile_validates() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("review.csv");
    let review = common::run_ok([
        "review".as_ref(),
        "fixtures/demo/cases.json".as_ref(),
        "--as-of".as_ref(),
        "2025-06-30".as_ref(),
        "-o".as_ref(),
        sheet.as_os_str(),
    ]);
    assert!(!review.is_empty());
    // Two reviewers: the first judges every row pass, the second fails every fifth row, and
    // one difference is adjudicated; one verdict whose result does not exist.
    let text = std::fs::read_to_string(&sheet).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header = reader.headers().unwrap().clone();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (verdict, adjudication) = (at("vurdering"), at("opmand"));
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let write = |name: &str, verdict_of: &dyn Fn(usize) -> &'static str, extra: &[Vec<String>]| {
        let path = dir.path().join(name);
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .from_path(&path)
            .unwrap();
        w.write_record(&header).unwrap();
        for (i, row) in rows.iter().enumerate() {
            let mut cells: Vec<String> = row.iter().map(str::to_string).collect();
            cells[verdict] = verdict_of(i).to_string();
            w.write_record(&cells).unwrap();
        }
        for cells in extra {
            w.write_record(cells).unwrap();
        }
        w.flush().unwrap();
        path
    };
    let mut orphan = vec![String::new(); header.len()];
    orphan[at("sag")] = "K-0".into();
    orphan[at("regel")] = "U1".into();
    orphan[at("emne")] = "N1".into();
    orphan[verdict] = "fail".into();
    let mut settled: Vec<String> = rows[0].iter().map(str::to_string).collect();
    settled[verdict] = "fail".into();
    settled[adjudication] = "ja".into();
    let first = write("a.csv", &|_| "pass", &[orphan]);
    let second = write(
        "b.csv",
        &|i| if i % 5 == 0 { "fail" } else { "pass" },
        &[settled],
    );
    let waivers = std::path::Path::new("fixtures/review/waivers.toml");
    let profile = std::path::Path::new("fixtures/review/profile.toml");
    let report = common::json_ok([
        "audit".as_ref(),
        "fixtures/demo/cases.json".as_ref(),
        "--as-of".as_ref(),
        "2025-06-30".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        "--review".as_ref(),
        first.as_os_str(),
        "--review".as_ref(),
        second.as_os_str(),
        "--waivers".as_ref(),
        waivers.as_os_str(),
        "--profile".as_ref(),
        profile.as_os_str(),
    ]);
    assert_eq!(report["review"]["orphans"].as_array().unwrap().len(), 1);
    let agreement = &report["review"]["agreement"];
    assert_eq!(agreement["pairs"].as_u64(), Some(rows.len() as u64));
    assert_eq!(
        agreement["differences_total"].as_u64(),
        Some(rows.len().div_ceil(5) as u64)
    );
    assert_eq!(
        agreement["unsettled"].as_u64(),
        Some(rows.len().div_ceil(5) as u64 - 1)
    );
    assert_eq!(report["waivers"]["expired"].as_array().unwrap().len(), 1);
    assert_eq!(report["profile"]["overrides"].as_array().unwrap().len(), 4);
    assert_eq!(report["waivers"]["in_force"], 1);
    let errors = errors(&report);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}
