//! `caseaudit sample`: plan a sample size, or draw a reproducible random sample of an
//! export, written in the export's own format with a manifest beside it (issue 8).
//! The arithmetic and the selection are in [`crate::sample`]; this file reads the frame
//! and copies the selected cases' records out of the input as they were.
use super::Outcome;
use crate::cli::{AllocationArg, LangArg, SampleArgs};
use crate::lang::Msg;
use crate::lang::OrSay;
use crate::load::fields::{RawValue, case_id_text};
use crate::load::{self, CaseSink, refusal, vocab};
use crate::model::Case;
use crate::privacy::mask_json_text;
use crate::report::{write_atomic, write_atomic_as_is};
use crate::rules::Lang;
use crate::sample::{self, Allocation, Plan};
use chrono::NaiveDate;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};

pub fn run(args: &SampleArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    if args.plan {
        let (Some(rate), Some(margin)) = (args.expected_rate, args.margin) else {
            return Err(refusal(
                "--plan kræver --expected-rate og --margin".into(),
                "--plan needs --expected-rate and --margin".into(),
            ));
        };
        let plan = sample::plan(rate, margin, args.confidence, args.population)
            .map_err(anyhow::Error::msg)?;
        writeln!(out, "{}", explain_plan(&plan, rate, margin, args))?;
        return Ok(Outcome::Ok);
    }
    draw(args, out)
}

/// The plan in one line, starting with the number.
fn explain_plan(plan: &Plan, rate: f64, margin: f64, args: &SampleArgs) -> String {
    let exact_n0 = plan.z * plan.z * rate * (1.0 - rate) / (margin * margin);
    let da = matches!(args.common.lang, LangArg::Da);
    // Danish writes a decimal comma.
    let num = |x: f64, decimals: usize| {
        let s = format!("{x:.decimals$}");
        if da { s.replace('.', ",") } else { s }
    };
    let pct = num(args.confidence * 100.0, 0);
    let lang = Lang::from(args.common.lang);
    // The figures as the formula gives them (no thousands separator), the noun agreeing.
    let cases = |n: u64| format!("{n} {}", lang.noun(n, crate::lang::Msg::Cases));
    let head = if da {
        format!(
            "{}: z = {} ({pct} % sikkerhed), forventet andel p = {}, usikkerhed M = ± {}; \
             n0 = z²·p(1−p)/M² = {} → {}",
            cases(plan.n),
            num(plan.z, 3).trim_end_matches('0'),
            num(rate, 2),
            num(margin, 2),
            num(exact_n0, 2),
            plan.n0
        )
    } else {
        format!(
            "{}: z = {} ({pct} % confidence), expected rate p = {}, margin M = ± {}; \
             n0 = z²·p(1−p)/M² = {} → {}",
            cases(plan.n),
            num(plan.z, 3).trim_end_matches('0'),
            num(rate, 2),
            num(margin, 2),
            num(exact_n0, 2),
            plan.n0
        )
    };
    match args.population {
        None => head,
        Some(big_n) => {
            let exact = plan.n0 as f64 / (1.0 + (plan.n0 as f64 - 1.0) / big_n as f64);
            if da {
                format!(
                    "{head}; med {} i alt: n = n0/(1 + (n0 − 1)/N) = {} → {}",
                    cases(big_n),
                    num(exact, 2),
                    plan.n
                )
            } else {
                format!(
                    "{head}; with {} in all: n = n0/(1 + (n0 − 1)/N) = {} → {}",
                    cases(big_n),
                    num(exact, 2),
                    plan.n
                )
            }
        }
    }
}

/// A period `FROM..TO` (dates as `--as-of` reads them, both included; either side may be
/// left open).
fn parse_period(text: &str) -> anyhow::Result<(Option<NaiveDate>, Option<NaiveDate>)> {
    let bad = || {
        refusal(
            format!(
                "--period {text:?} er ikke en periode; skriv FRA..TIL med datoer som ÅÅÅÅ-MM-DD \
                 eller DD-MM-ÅÅÅÅ, fx 2024-01-01..2024-12-31 eller 01-01-2024..31-12-2024 (den \
                 ene side kan udelades)"
            ),
            format!(
                "--period {text:?} is not a period; write FROM..TO with dates as YYYY-MM-DD or \
                 DD-MM-YYYY, e.g. 2024-01-01..2024-12-31 or 01-01-2024..31-12-2024 (either side \
                 may be left out)"
            ),
        )
    };
    let (from, to) = text.split_once("..").ok_or_else(bad)?;
    let date = |s: &str| -> anyhow::Result<Option<NaiveDate>> {
        let s = s.trim();
        if s.is_empty() {
            return Ok(None);
        }
        crate::load::values::parse_day(s).map(Some).ok_or_else(bad)
    };
    let (from, to) = (date(from)?, date(to)?);
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        return Err(refusal(
            format!("--period {text:?} slutter, før den begynder"),
            format!("--period {text:?} ends before it starts"),
        ));
    }
    Ok((from, to))
}

/// The stratum field's value of a case; `(none)` when the case has none.
const NO_VALUE: &str = "(none)";

fn draw(args: &SampleArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let (Some(input), Some(size), Some(seed), Some(output)) =
        (&args.input, args.size, args.seed, &args.output)
    else {
        return Err(refusal(
            "sample kræver INPUT, --size, --seed og -o UD (eller --plan)".into(),
            "sample needs INPUT, --size, --seed and -o OUT (or --plan)".into(),
        ));
    };
    if !args.read.case_file.is_empty() {
        return Err(refusal(
            "sample trækker fra én eksportfil og kopierer dens poster; --case-file understøttes \
             ikke (flet sagsfelterne ind i eksporten først)"
                .into(),
            "sample draws from one export file and copies its records; --case-file is not \
             supported (merge the case fields into the export first)"
                .into(),
        ));
    }
    let strata_field = match args.strata.as_deref() {
        None => None,
        Some(f @ ("area" | "team" | "municipality")) => Some(f),
        Some(other) => {
            return Err(refusal(
                format!(
                    "--strata {other:?}: en sag stratificeres efter area, team eller municipality"
                ),
                format!("--strata {other:?}: a case is stratified by area, team or municipality"),
            ));
        }
    };
    let period = args.period.as_deref().map(parse_period).transpose()?;
    // The sample and its manifest may replace no file the command reads (report::output).
    let mut files = super::files_read(std::slice::from_ref(input), &args.read, &args.common, None);
    let sample_file = files.file("-o", output)?;
    let manifest_path = manifest_path(output);
    let manifest_file = files.file("-o", &manifest_path)?;
    files.stdout()?;
    let catalogue = super::catalogue(&args.common)?;
    let options = super::load_options(&args.read)?;
    let lang = Lang::from(args.common.lang);
    let bar = super::progress::Bar::new(args.quiet, lang);
    // The first pass, through the audit's pipeline: each case's stratum when it is in the
    // frame (an event in the period), worked out on the workers; only the ids are kept.
    let in_period = |case: &Case| match period {
        None => true,
        Some((from, to)) => case
            .events
            .iter()
            .any(|e| from.is_none_or(|f| e.at.date >= f) && to.is_none_or(|t| e.at.date <= t)),
    };
    let judge = |case: &Case| {
        in_period(case).then(|| {
            let value = match strata_field {
                None => None,
                Some("area") => case.area.as_deref(),
                Some("team") => case.team.as_deref(),
                Some(_) => case.municipality.as_deref(),
            };
            match strata_field {
                None => "all",
                Some(_) => value
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .unwrap_or(NO_VALUE),
            }
            .to_string()
        })
    };
    let mut frame_ids = Frame::default();
    let mut counted = super::Counted {
        sink: &mut frame_ids,
        cases: 0,
    };
    let loaded = super::read_through(
        std::slice::from_ref(input),
        &options,
        &catalogue,
        lang,
        &bar,
        &judge,
        &mut counted,
    )?;
    let cases_in_input = counted.cases;
    let detected = loaded
        .inputs
        .first()
        .map(|i| i.detected.clone())
        .unwrap_or_default();
    if detected.format == "xlsx" {
        return Err(refusal(
            format!(
                "{}: sample skriver stikprøven i inddatas eget format, og en .xlsx-projektmappe \
                 kan ikke kopieres række for række; gem arket som CSV (Filer → Gem som → CSV) \
                 og træk stikprøven fra CSV-filen",
                input.display()
            ),
            format!(
                "{}: sample writes the sample in the input's own format, and an .xlsx workbook \
                 cannot be copied row for row; save the sheet as CSV (File → Save as → CSV) and \
                 sample the CSV file",
                input.display()
            ),
        ));
    }
    check_output_extension(output, detected.format)?;
    if !loaded.rejects.is_empty() {
        let n = loaded.rejects.total();
        crate::terminal::eprint(match args.common.lang {
            LangArg::Da => format!(
                "advarsel: {n} {} i {} blev afvist (`caseaudit validate` viser {}); en sag, \
                 hvis poster alle blev afvist, er ikke i rammen",
                if n == 1 { "post" } else { "poster" },
                input.display(),
                if n == 1 { "den" } else { "dem" },
            ),
            LangArg::En => format!(
                "warning: {n} {} of {} {} rejected (`caseaudit validate` lists them); a case \
                 none of whose records was read is not in the frame",
                if n == 1 { "record" } else { "records" },
                input.display(),
                if n == 1 { "was" } else { "were" },
            ),
        });
    }
    for line in
        crate::report::protect::cpr_case_id_warnings(&loaded.inputs, args.common.lang.into())
    {
        crate::terminal::eprint(line);
    }
    super::warn_unread(&loaded.inputs, &options, args.common.lang.into());
    let sha256 = loaded
        .inputs
        .first()
        .map(|i| i.sha256.clone())
        .unwrap_or_default();

    // The frame: the cases with an event in the period, by stratum.
    let strata: BTreeMap<String, Vec<&str>> = frame_ids
        .0
        .iter()
        .map(|(key, ids)| (key.clone(), ids.iter().map(String::as_str).collect()))
        .collect();
    let frame: u64 = strata.values().map(|v| v.len() as u64).sum();
    if size > frame {
        let (da, en) = if period.is_some() {
            (" (i perioden)", " (in the period)")
        } else {
            ("", "")
        };
        return Err(refusal(
            format!("--size {size} er flere end de {frame} sager i rammen{da}"),
            format!("--size {size} is more than the {frame} cases in the frame{en}"),
        ));
    }
    let allocation = match args.allocation {
        AllocationArg::Proportional => Allocation::Proportional,
        AllocationArg::Equal => Allocation::Equal,
    };
    let sizes: BTreeMap<String, u64> = strata
        .iter()
        .map(|(k, v)| (k.clone(), v.len() as u64))
        .collect();
    let shares = sample::allocate(&sizes, size, allocation);
    let mut selected: BTreeSet<&str> = BTreeSet::new();
    for (name, ids) in &strata {
        selected.extend(sample::select(ids, shares[name], seed));
    }

    // The second pass: the chosen cases' records copied out of the input as they were,
    // read as a stream.
    let chosen: BTreeSet<String> = selected.iter().map(|s| s.to_string()).collect();
    let open = || std::fs::File::open(input).or_say(Msg::CouldNotRead, input.display());
    let copy: Box<Copier> = match detected.format {
        "json" => {
            let written = copy_json(open()?, &chosen)?;
            Box::new(move |w| Ok(w.write_all(&written)?))
        }
        "ndjson" => {
            let file = open()?;
            Box::new(|w| copy_ndjson(std::io::BufReader::new(file), &chosen, w))
        }
        _ => {
            let delimiter = match options.delimiter {
                Some(d) => d,
                None => match detected.delimiter.as_deref() {
                    Some("tab") => b'\t',
                    Some(d) => d.trim_matches('\'').bytes().next().unwrap_or(b','),
                    None => b',',
                },
            };
            let cp1252 = detected.encoding == Some("windows-1252");
            let crlf = has_crlf(open()?).or_say(Msg::CouldNotRead, input.display())?;
            let (records, raw) = (open()?, open()?);
            let mapping = options.mapping.as_ref();
            Box::new(move |w| {
                let newline: &[u8] = if crlf { b"\r\n" } else { b"\n" };
                let how = Dialect {
                    delimiter,
                    cp1252,
                    newline,
                };
                copy_csv(records, raw, how, mapping, &chosen, w)
            })
        }
    };
    // An error of the copy (the input changed under it) is said as it is, not as a write's.
    let mut failed = None;
    let written = write_atomic(&sample_file, |w| {
        copy(w).map_err(|e| {
            failed = Some(e);
            std::io::Error::other("copy")
        })
    });
    if let Some(e) = failed {
        return Err(e);
    }
    written.or_say(Msg::CouldNotWrite, output.display())?;
    // The sample is the export's own records: say who it is for, as --rejects does.
    let note = super::local_use_note(args.common.lang.into());
    crate::terminal::eprint(format!("{}: {note}", output.display()));

    let mut manifest = json!({
        "tool": {"name": "caseaudit", "version": env!("CARGO_PKG_VERSION")},
        "method": "rank = SHA-256(seed as 8 bytes little-endian, then the case id in UTF-8), \
                   its first 8 bytes as a big-endian number; each stratum takes its cases of \
                   lowest rank",
        "seed": seed,
        "input": {"path": input.display().to_string(), "sha256": sha256, "format": detected.format},
        "output": output.display().to_string(),
        "period": period.map(|(f, t)| json!({
            "from": f.map(|d| d.to_string()),
            "to": t.map(|d| d.to_string()),
        })),
        "cases_in_input": cases_in_input,
        "frame_size": frame,
        "size": size,
        "strata_field": strata_field,
        "allocation": allocation.name(),
        "strata": strata.keys().map(|name| json!({
            "name": name,
            "frame": sizes[name],
            "sample": shares[name],
        })).collect::<Vec<_>>(),
        "selected": selected,
    });
    // Its strings are masked here, so its numbers (the seed) are written as they are.
    crate::privacy::mask_json(&mut manifest);
    write_atomic_as_is(&manifest_file, |w| {
        serde_json::to_writer_pretty(&mut *w, &manifest)?;
        w.write_all(b"\n")
    })
    .or_say(Msg::CouldNotWrite, manifest_path.display())?;

    let how = match strata_field {
        None => String::new(),
        Some(f) => match args.common.lang {
            LangArg::Da => format!(", {} fordeling på {f}", allocation_da(allocation)),
            LangArg::En => format!(", {} allocation by {f}", allocation.name()),
        },
    };
    match args.common.lang {
        LangArg::Da => writeln!(
            out,
            "Stikprøve: {size} af {frame} sager (frø {seed}{how}) skrevet til {}; manifest: {}",
            output.display(),
            manifest_path.display()
        )?,
        LangArg::En => writeln!(
            out,
            "Sample: {size} of {frame} cases (seed {seed}{how}) written to {}; manifest: {}",
            output.display(),
            manifest_path.display()
        )?,
    }
    Ok(Outcome::Ok)
}

fn allocation_da(a: Allocation) -> &'static str {
    match a {
        Allocation::Proportional => "proportional",
        Allocation::Equal => "lige",
    }
}

/// `OUT.manifest.json`: the output's name with `.manifest.json` added.
pub fn manifest_path(output: &Path) -> PathBuf {
    let mut name = output.as_os_str().to_owned();
    name.push(".manifest.json");
    PathBuf::from(name)
}

/// The output is written in the input's format, so its name must say that format.
fn check_output_extension(output: &Path, format: &str) -> anyhow::Result<()> {
    let ext = output
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let allowed: &[&str] = match format {
        "json" => &["json"],
        "ndjson" => &["ndjson", "jsonl", "json"],
        _ => &["csv", "tsv", "txt"],
    };
    if !allowed.contains(&ext.as_str()) {
        return Err(refusal(
            format!(
                "-o {}: stikprøven skrives i inddatas format ({format}); kald filen .{}",
                output.display(),
                allowed[0]
            ),
            format!(
                "-o {}: the sample is written in the input's format ({format}); name it .{}",
                output.display(),
                allowed[0]
            ),
        ));
    }
    Ok(())
}

/// A JSON value's case id, read as the loader reads it.
fn json_case_id(case: &Value) -> Option<String> {
    let raw = match case.get("case_id")? {
        Value::String(s) => RawValue::Str(s),
        // Its text as written, as the loader reads a number under a text key.
        Value::Number(n) => RawValue::Str(n.as_str()),
        _ => return None,
    };
    case_id_text(&raw).ok().flatten().map(|id| id.into_owned())
}

/// The selected case objects as they were, in input order, in the document's own shape:
/// an array stays an array; `{"cases": [...]}` keeps its other keys. The document is read
/// as a stream, a case at a time: only the chosen cases (and the other keys) are kept.
fn copy_json(input: impl Read, chosen: &BTreeSet<String>) -> anyhow::Result<Vec<u8>> {
    let mut input = std::io::BufReader::new(input);
    if input.fill_buf()?.starts_with(b"\xEF\xBB\xBF") {
        input.consume(3);
    }
    let keep = |case: &Value| json_case_id(case).is_some_and(|id| chosen.contains(&id));
    let not_json = |e: serde_json::Error| {
        let error = crate::lang::detail::json_error(&e);
        anyhow::Error::new(crate::lang::said(
            Msg::SampleInputNotJson,
            &[],
            &[("error", &error)],
        ))
    };
    let mut de = serde_json::Deserializer::from_reader(input);
    let mut doc = serde::de::DeserializeSeed::deserialize(Chosen::Document(&keep), &mut de)
        .map_err(not_json)?;
    de.end().map_err(not_json)?;
    // Masked as decoded values, before they are written as JSON again (docs/privacy.md).
    crate::privacy::mask_json(&mut doc);
    let mut out = serde_json::to_vec_pretty(&doc)?;
    out.push(b'\n');
    Ok(out)
}

/// What a JSON value read by [`copy_json`] is: the whole document, or its `cases`.
#[derive(Clone, Copy)]
enum Chosen<'a> {
    /// An array of cases (only the chosen ones kept), an object with `cases` (its other
    /// keys kept), or an object that is one case (kept if chosen); anything else gives
    /// an empty array.
    Document(&'a dyn Fn(&Value) -> bool),
    /// The value of `cases`: an array keeps only the chosen ones; any other value is kept
    /// as it is (the object holding it is then a case).
    Cases(&'a dyn Fn(&Value) -> bool),
}

impl<'de> serde::de::DeserializeSeed<'de> for Chosen<'_> {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl Chosen<'_> {
    /// A value that is not an array or object: itself as `cases`, else nothing.
    fn other(self, value: Value) -> Value {
        match self {
            Chosen::Document(_) => Value::Array(Vec::new()),
            Chosen::Cases(_) => value,
        }
    }
}

impl<'de> serde::de::Visitor<'de> for Chosen<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let (Chosen::Document(keep) | Chosen::Cases(keep)) = self;
        let mut kept = Vec::new();
        while let Some(case) = seq.next_element::<Value>()? {
            if keep(&case) {
                kept.push(case);
            }
        }
        Ok(Value::Array(kept))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Value, A::Error> {
        let Chosen::Document(keep) = self else {
            // An object (or, read with arbitrary precision, a number) as `cases`: as it is.
            use serde::Deserialize;
            return Value::deserialize(serde::de::value::MapAccessDeserializer::new(map));
        };
        let mut map = map;
        let mut object = serde_json::Map::new();
        let mut cases_array = false;
        while let Some(key) = map.next_key::<String>()? {
            if key == "cases" {
                let cases = map.next_value_seed(Chosen::Cases(keep))?;
                cases_array = cases.is_array();
                object.insert(key, cases);
            } else {
                let value: Value = map.next_value()?;
                object.insert(key, value);
            }
        }
        if cases_array {
            return Ok(Value::Object(object));
        }
        let case = Value::Object(object);
        Ok(Value::Array(if keep(&case) { vec![case] } else { vec![] }))
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(self.other(Value::Bool(v)))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(self.other(Value::from(v)))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(self.other(Value::from(v)))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(self.other(Value::from(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(self.other(Value::String(v.to_string())))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(self.other(Value::String(v)))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(self.other(Value::Null))
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(self.other(Value::Null))
    }
}

/// The lines of the selected cases, byte for byte, in input order; a JSON string whose
/// decoded text holds a CPR number is written again, masked ([`mask_json_text`]). Read a
/// line at a time.
fn copy_ndjson(
    mut lines: impl BufRead,
    chosen: &BTreeSet<String>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let mut line = Vec::new();
    loop {
        line.clear();
        if lines.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        let text = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&line);
        let keep = serde_json::from_slice::<Value>(text)
            .ok()
            .and_then(|case| json_case_id(&case))
            .is_some_and(|id| chosen.contains(&id));
        if keep {
            out.write_all(&mask_json_text(text))?;
            if !text.ends_with(b"\n") {
                out.write_all(b"\n")?;
            }
        }
    }
}

/// Whether the file holds a `\r\n` anywhere (its copied records end the same way when the
/// last has no line end), read in blocks until one is found.
fn has_crlf(mut file: impl Read) -> std::io::Result<bool> {
    let mut block = vec![0u8; 1 << 16];
    let mut after_cr = false;
    loop {
        let n = file.read(&mut block)?;
        if n == 0 {
            return Ok(false);
        }
        let block = &block[..n];
        if (after_cr && block[0] == b'\n') || block.windows(2).any(|w| w == b"\r\n") {
            return Ok(true);
        }
        after_cr = block[n - 1] == b'\r';
    }
}

/// How a delimited export is written: its delimiter, its encoding, and the line end added
/// after a last record that has none.
#[derive(Debug, Clone, Copy)]
struct Dialect<'a> {
    delimiter: u8,
    cp1252: bool,
    newline: &'a [u8],
}

/// The header and the selected cases' records, byte for byte: same encoding, delimiter,
/// quoting and line ends, in input order. The case id column is found as the loader finds
/// it (the mapping file, then the column names it knows). `records` is read by the csv
/// parser for where each record begins and its case id; `raw`, the same bytes, is copied
/// (or passed over) up to there, so the file streams through in constant memory.
fn copy_csv(
    records: impl Read,
    raw: impl Read,
    how: Dialect,
    mapping: Option<&load::Mapping>,
    chosen: &BTreeSet<String>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let decode = |field: &[u8]| -> String {
        if how.cp1252 {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(field)
                .0
                .into_owned()
        } else {
            String::from_utf8_lossy(field).into_owned()
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(how.delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(records);
    let mut copy = Copy {
        raw: std::io::BufReader::new(raw),
        at: 0,
        keep: true,
        last: None,
        newline: how.newline,
    };
    let mut case_col = None;
    let mut record = csv::ByteRecord::new();
    while reader.read_byte_record(&mut record).map_err(|e| {
        let error = crate::lang::detail::foreign(&e);
        anyhow::Error::new(crate::lang::said(
            Msg::SampleInputNotCsv,
            &[],
            &[("error", &error)],
        ))
    })? {
        let Some(col) = case_col else {
            // The header line; it is kept from the file's first byte.
            case_col = record.iter().position(|h| {
                let h = decode(h);
                let h = h.trim_start_matches('\u{feff}');
                let name = match mapping {
                    Some(m) => m.header(h),
                    None => Some(h),
                };
                name.and_then(vocab::column) == Some("case_id")
            });
            if case_col.is_none() {
                return Err(refusal(
                    "inddata har ingen kolonne med sagsnummer".into(),
                    "the input has no case id column".into(),
                ));
            }
            continue;
        };
        // The reader's position can be on the line break before the record (after a
        // `\r\n`, on its `\n`): the record starts after the line breaks, which end the
        // record before it.
        let start = record.position().map_or(0, |p| p.byte());
        copy.to(start, out)?;
        copy.line_breaks(out)?;
        let id = record.get(col).and_then(|f| {
            case_id_text(&RawValue::Str(&decode(f)))
                .ok()
                .flatten()
                .map(|id| id.into_owned())
        });
        copy.keep = id.as_ref().is_some_and(|id| chosen.contains(id));
    }
    Ok(copy.to(u64::MAX, out)?)
}

/// The raw bytes of a delimited file, copied to `out` record by record when the record is
/// kept, passed over when not.
struct Copy<'a, R: Read> {
    raw: std::io::BufReader<R>,
    /// Where `raw` is.
    at: u64,
    /// Whether the record being passed is copied.
    keep: bool,
    /// The last byte of the record copied.
    last: Option<u8>,
    newline: &'a [u8],
}

impl<R: Read> Copy<'_, R> {
    /// Copies or passes over the bytes up to `end` (the file's end at most), and when that
    /// ends the file, the line end a kept last record lacks.
    fn to(&mut self, end: u64, out: &mut dyn Write) -> std::io::Result<()> {
        while self.at < end {
            let buf = self.raw.fill_buf()?;
            if buf.is_empty() {
                if self.keep && self.last.is_some_and(|b| b != b'\n') {
                    out.write_all(self.newline)?;
                }
                self.last = None;
                return Ok(());
            }
            let n = buf
                .len()
                .min(usize::try_from(end - self.at).unwrap_or(usize::MAX));
            if self.keep {
                out.write_all(&buf[..n])?;
                self.last = Some(buf[n - 1]);
            }
            self.raw.consume(n);
            self.at += n as u64;
        }
        Ok(())
    }

    /// The line breaks the parser's position left before the record just begun: they end
    /// the record before it.
    fn line_breaks(&mut self, out: &mut dyn Write) -> std::io::Result<()> {
        loop {
            let buf = self.raw.fill_buf()?;
            match buf.first() {
                Some(&b @ (b'\r' | b'\n')) => {
                    if self.keep {
                        out.write_all(&[b])?;
                        self.last = Some(b);
                    }
                    self.raw.consume(1);
                    self.at += 1;
                }
                _ => break,
            }
        }
        if self.keep && self.last.is_some_and(|b| b != b'\n') {
            out.write_all(self.newline)?;
        }
        self.last = None;
        Ok(())
    }
}

/// Writes the sample's records to the sample file.
type Copier<'a> = dyn FnOnce(&mut dyn Write) -> anyhow::Result<()> + 'a;

/// The frame's case ids by stratum, as the cases come (the first pass of a sample).
#[derive(Default)]
struct Frame(BTreeMap<String, Vec<String>>);

impl CaseSink<Option<String>> for Frame {
    fn take(&mut self, judged: Vec<(Case, Option<String>)>) -> anyhow::Result<()> {
        for (case, stratum) in judged {
            if let Some(key) = stratum {
                self.0.entry(key).or_default().push(case.id);
            }
        }
        Ok(())
    }

    fn reset(&mut self) {
        self.0.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(
            parse_period("2024-01-01..2024-12-31").unwrap(),
            (Some(d("2024-01-01")), Some(d("2024-12-31")))
        );
        assert_eq!(parse_period("..2024-12-31").unwrap().0, None);
        assert!(parse_period("2024-12-31..2024-01-01").is_err());
        assert!(parse_period("2024").is_err());
        // The date forms of --as-of.
        assert_eq!(
            parse_period("01-01-2024..31.12.2024").unwrap(),
            parse_period("2024-01-01..2024-12-31").unwrap()
        );
        assert!(parse_period("31-13-2024..").is_err());
        assert!(parse_period("2024-01-01T10:00..").is_err());
    }

    /// `copy_csv` of a text, its newline found as `sample` finds it.
    fn copied(
        input: &[u8],
        delimiter: u8,
        cp1252: bool,
        chosen: &BTreeSet<String>,
    ) -> anyhow::Result<Vec<u8>> {
        let crlf = has_crlf(input)?;
        let how = Dialect {
            delimiter,
            cp1252,
            newline: if crlf { b"\r\n" } else { b"\n" },
        };
        let mut out = Vec::new();
        copy_csv(input, input, how, None, chosen, &mut out)?;
        Ok(out)
    }

    #[test]
    fn csv_rows_are_copied_byte_for_byte() {
        let input = b"Sagsnummer;Dato\r\nA;1\r\n\"B\";\"x\r\ny\"\r\nA;2\r\nC;3";
        let chosen: BTreeSet<String> = ["A", "C"].iter().map(|s| s.to_string()).collect();
        let got = copied(input, b';', true, &chosen).unwrap();
        assert_eq!(got, b"Sagsnummer;Dato\r\nA;1\r\nA;2\r\nC;3\r\n");
        let chosen: BTreeSet<String> = ["B"].iter().map(|s| s.to_string()).collect();
        let got = copied(input, b';', true, &chosen).unwrap();
        assert_eq!(got, b"Sagsnummer;Dato\r\n\"B\";\"x\r\ny\"\r\n");
    }

    #[test]
    fn a_utf8_bom_stays_and_does_not_hide_the_id_column() {
        let input = "\u{feff}case_id,type\nÆ-1,x\nB,y\n".as_bytes();
        let chosen: BTreeSet<String> = ["Æ-1"].iter().map(|s| s.to_string()).collect();
        let got = copied(input, b',', false, &chosen).unwrap();
        assert_eq!(got, "\u{feff}case_id,type\nÆ-1,x\n".as_bytes());
        assert!(copied(b"a,b\n1,2\n", b',', false, &chosen).is_err());
    }

    #[test]
    fn copies_stream_as_the_whole_file_was_copied() {
        // Records kept and dropped around a last record without a line end, lone CRs and
        // blank lines; the copy's reads cut at every size must not matter.
        let chosen: BTreeSet<String> = ["A", "C"].iter().map(|s| s.to_string()).collect();
        let input = b"case_id;x\nA;1\r\rB;2\n\nC;\"q\nr\"\nB;3\nC;4";
        let whole = copied(input, b';', false, &chosen).unwrap();
        assert_eq!(whole, b"case_id;x\nA;1\r\r\nC;\"q\nr\"\nC;4\n");
        for size in 1..8 {
            let how = Dialect {
                delimiter: b';',
                cp1252: false,
                newline: b"\n",
            };
            let mut out = Vec::new();
            copy_csv(
                Trickle(input, size),
                Trickle(input, size),
                how,
                None,
                &chosen,
                &mut out,
            )
            .unwrap();
            assert_eq!(out, whole, "read {size} bytes at a time");
        }
        assert!(has_crlf(Trickle(b"a\rx\r\n", 1)).unwrap());
        assert!(!has_crlf(Trickle(b"a\rx\n\r", 1)).unwrap());
        let lines = b"{\"case_id\":\"A\"}\n{\"case_id\":\"B\"}\n{\"case_id\":\"C\"}";
        let mut out = Vec::new();
        copy_ndjson(
            std::io::BufReader::with_capacity(2, &lines[..]),
            &chosen,
            &mut out,
        )
        .unwrap();
        assert_eq!(out, b"{\"case_id\":\"A\"}\n{\"case_id\":\"C\"}\n");
    }

    /// `copy_json` as it was, the whole document read into a tree first: the reference.
    fn copy_json_whole(bytes: &[u8], chosen: &BTreeSet<String>) -> anyhow::Result<Vec<u8>> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let keep = |case: &Value| json_case_id(case).is_some_and(|id| chosen.contains(&id));
        let doc: Value = serde_json::from_slice(bytes)?;
        let mut doc = match doc {
            Value::Array(cases) => Value::Array(cases.into_iter().filter(keep).collect()),
            Value::Object(mut map) => match map.get_mut("cases") {
                Some(Value::Array(cases)) => {
                    cases.retain(keep);
                    Value::Object(map)
                }
                _ => {
                    let case = Value::Object(map);
                    Value::Array(if keep(&case) { vec![case] } else { vec![] })
                }
            },
            _ => Value::Array(Vec::new()),
        };
        crate::privacy::mask_json(&mut doc);
        let mut out = serde_json::to_vec_pretty(&doc)?;
        out.push(b'\n');
        Ok(out)
    }

    #[test]
    fn a_json_document_is_copied_as_a_stream_as_it_was_whole() {
        let chosen: BTreeSet<String> = ["A", "10000000000000001"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let docs = [
            r#"[{"case_id":"A","events":[{"type":"x","n":1.50}]},{"case_id":"B"}]"#,
            "\u{feff}{\"cases\":[{\"case_id\":10000000000000001},{\"case_id\":10000000000000000}],\"export\":{\"by\":\"0101901234\"},\"n\":1e400}",
            r#"{"meta":1,"cases":[{"case_id":"B"},{"case_id":"A"}],"cases":[{"case_id":"A","x":null}]}"#,
            r#"{"case_id":"A","cases":{"a":[1,2]},"events":[]}"#,
            r#"{"case_id":"A","cases":7}"#,
            r#"{"case_id":"B","events":[]}"#,
            r#"[]"#,
            r#""text""#,
            r#"12345678901234567890123"#,
        ];
        for doc in docs {
            let want = copy_json_whole(doc.as_bytes(), &chosen).unwrap();
            let got = copy_json(Trickle(doc.as_bytes(), 3), &chosen).unwrap();
            assert_eq!(
                String::from_utf8(got).unwrap(),
                String::from_utf8(want).unwrap(),
                "{doc}"
            );
        }
        for bad in [r#"[{"case_id":"A"},]"#, r#"{"cases":[]} x"#, ""] {
            assert!(copy_json(bad.as_bytes(), &chosen).is_err(), "{bad}");
        }
    }

    /// A reader that hands out at most `.1` bytes at a time.
    struct Trickle<'a>(&'a [u8], usize);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.1.min(buf.len()).min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn manifest_is_beside_the_output() {
        assert_eq!(
            manifest_path(Path::new("out/s.csv")),
            PathBuf::from("out/s.csv.manifest.json")
        );
    }
}
