//! `caseaudit generate`: a synthetic, realistic export (long CSV layout) and, beside it,
//! the status every rule was *meant* to give (truth.json), for round-trip tests and
//! benchmarks. The intents come from the generator's own construction (see `story.rs`),
//! never from the rule engine, so an audit that reproduces truth.json checks the engine
//! against an independent reading of docs/contract.md.
//!
//! truth.json, one case a line, comparable with `audit --format json --results all`:
//! `{"as_of": "2025-06-30", "seed": 1, "defect_rate": 0.2, "cases": [{"case_id": "K-2024-000001",
//! "results": [{"rule": "U1", "subject": "notification_received#1", "status": "fail"}, …]}]}`
//! — every (rule, subject) the audit must report for the case, and nothing else.
//!
//! Same seed, same bytes: each case draws from its own SplitMix64 stream, so cases can be
//! built in parallel and written in order, in chunks, with constant memory.
mod case;
mod rng;
mod story;
mod words;

use crate::lang::Msg;
use crate::lang::OrSay;
use crate::report::{AtomicFile, Files};
use case::{Case, Rule, Status};
use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use std::io::Write;

/// The day of measurement the intents assume: run the audit with `--as-of` this date
/// (truth.json says so too). Fixed, so the files do not change with the calendar.
pub fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 30).expect("valid date")
}

const COLUMNS: &str = "case_id,area,municipality,team,child_birth_date,type,date,id,ref,\
reporter,provision,kind,outcome,acute,justification,has_justification,cites_legal_basis,\
states_considerations,appeal_guidance,holistic_assessment,reason,next_due,at_placement,\
child_spoken_to,journaled,handover_note\n";

/// Cases built in parallel per chunk, then written in order.
const CHUNK: u64 = 8192;

/// What to generate, as the command gives it.
#[derive(Debug, Clone)]
pub struct Settings {
    pub cases: u64,
    /// The same seed gives the same files.
    pub seed: u64,
    /// The folder for events.csv and truth.json (created if missing).
    pub out: std::path::PathBuf,
    /// Share of requirements broken on purpose (0.0–1.0).
    pub defect_rate: f64,
}

/// Writes the export and its truth; `progress` is told the cases written so far.
pub fn run(args: &Settings, out: &mut dyn Write, progress: &dyn Fn(u64)) -> anyhow::Result<()> {
    if !(0.0..=1.0).contains(&args.defect_rate) {
        return Err(anyhow::Error::new(crate::both!(
            DefectRateRange,
            value = args.defect_rate
        )));
    }
    let dir = &args.out;
    std::fs::create_dir_all(dir).or_say(Msg::CouldNotCreate, dir.display())?;
    let events_path = dir.join("events.csv");
    let truth_path = dir.join("truth.json");
    // Written as every output is (report::output, report::atomic): regular files, replaced
    // whole when the run succeeds, removed when it fails or is stopped.
    let mut files = Files::default();
    let create = |files: &mut Files, path: &std::path::Path| -> anyhow::Result<AtomicFile> {
        let file = files.file("--out", path)?;
        AtomicFile::create(&file).or_say(Msg::CouldNotWrite, path.display())
    };
    let mut events = create(&mut files, &events_path)?;
    let mut truth = create(&mut files, &truth_path)?;
    let params = story::Params {
        defect_rate: args.defect_rate,
        as_of: as_of(),
    };
    events.write_all(COLUMNS.as_bytes())?;
    write!(
        truth,
        "{{\"as_of\":\"{}\",\"seed\":{},\"defect_rate\":{},\"cases\":[",
        params.as_of, args.seed, args.defect_rate
    )?;
    let (mut event_count, mut result_count) = (0u64, 0u64);
    let mut first = 0;
    while first < args.cases {
        let last = (first + CHUNK).min(args.cases);
        let rendered: Vec<Rendered> = (first..last)
            .into_par_iter()
            .map(|i| {
                let mut rng = rng::Rng::for_case(args.seed, i);
                let mut case = story::build(&mut rng, i, &params);
                render(&mut case, i == 0)
            })
            .collect();
        for r in rendered {
            events.write_all(&r.csv)?;
            truth.write_all(&r.truth)?;
            event_count += r.events;
            result_count += r.results;
        }
        first = last;
        progress(first);
    }
    truth.write_all(b"\n]}\n")?;
    events
        .commit()
        .or_say(Msg::CouldNotWrite, events_path.display())?;
    truth
        .commit()
        .or_say(Msg::CouldNotWrite, truth_path.display())?;
    writeln!(
        out,
        "wrote {} ({} cases, {} events) and {} ({} intended results; audit with --as-of {})",
        events_path.display(),
        args.cases,
        event_count,
        truth_path.display(),
        result_count,
        params.as_of
    )?;
    Ok(())
}

struct Rendered {
    csv: Vec<u8>,
    truth: Vec<u8>,
    events: u64,
    results: u64,
}

fn render(case: &mut Case, first: bool) -> Rendered {
    let results = case.finish();
    let mut csv = Vec::with_capacity(160 * case.events.len());
    let mut prefix = Vec::with_capacity(96);
    field(&mut prefix, &case.id);
    prefix.push(b',');
    field(&mut prefix, case.area);
    prefix.push(b',');
    field(&mut prefix, case.municipality);
    prefix.push(b',');
    field(&mut prefix, case.team);
    prefix.push(b',');
    date(&mut prefix, case.child_birth_date);
    for e in &case.events {
        csv.extend_from_slice(&prefix);
        csv.push(b',');
        csv.extend_from_slice(e.kind.name().as_bytes());
        csv.push(b',');
        date(&mut csv, e.at.date);
        if let Some(t) = e.at.time {
            use chrono::Timelike;
            two(&mut csv, b'T', t.hour());
            two(&mut csv, b':', t.minute());
        }
        csv.push(b',');
        if let Some(id) = &e.id {
            field(&mut csv, id);
        }
        csv.push(b',');
        if let Some(target) = e.answers.and_then(|a| case.events[a].id.as_deref()) {
            field(&mut csv, target);
        }
        let a = &e.attrs;
        let texts = [a.reporter, a.provision, a.kind, a.outcome];
        for t in texts {
            csv.push(b',');
            if let Some(t) = t {
                field(&mut csv, t);
            }
        }
        flag(&mut csv, a.acute);
        csv.push(b',');
        if let Some(j) = &a.justification {
            field(&mut csv, j);
        }
        for f in [
            a.has_justification,
            a.cites_legal_basis,
            a.states_considerations,
            a.appeal_guidance,
            a.holistic_assessment,
        ] {
            flag(&mut csv, f);
        }
        csv.push(b',');
        if let Some(r) = a.reason {
            field(&mut csv, r);
        }
        csv.push(b',');
        if let Some(d) = a.next_due {
            date(&mut csv, d);
        }
        flag(&mut csv, a.at_placement);
        flag(&mut csv, a.child_spoken_to);
        csv.push(b',');
        if let Some(d) = a.journaled {
            date(&mut csv, d);
        }
        flag(&mut csv, a.handover_note);
        csv.push(b'\n');
    }

    // One case per line; ids and labels never need JSON escaping (ASCII, no quotes).
    let mut truth = Vec::with_capacity(64 + 64 * results.len());
    truth.extend_from_slice(if first { b"\n" } else { b",\n" });
    truth.extend_from_slice(b"{\"case_id\":\"");
    truth.extend_from_slice(case.id.as_bytes());
    truth.extend_from_slice(b"\",\"results\":[");
    for (i, (rule, subject, status)) in results.iter().enumerate() {
        if i > 0 {
            truth.push(b',');
        }
        result(&mut truth, *rule, subject, *status);
    }
    truth.extend_from_slice(b"]}");
    Rendered {
        csv,
        truth,
        events: case.events.len() as u64,
        results: results.len() as u64,
    }
}

fn result(out: &mut Vec<u8>, rule: Rule, subject: &str, status: Status) {
    out.extend_from_slice(b"{\"rule\":\"");
    out.extend_from_slice(rule.id().as_bytes());
    out.extend_from_slice(b"\",\"subject\":\"");
    out.extend_from_slice(subject.as_bytes());
    out.extend_from_slice(b"\",\"status\":\"");
    out.extend_from_slice(status.name().as_bytes());
    out.extend_from_slice(b"\"}");
}

/// A CSV field, quoted when it holds a delimiter, quote or line break (RFC 4180).
fn field(out: &mut Vec<u8>, text: &str) {
    if text.contains([',', '"', '\n', '\r']) {
        out.push(b'"');
        for b in text.bytes() {
            if b == b'"' {
                out.push(b'"');
            }
            out.push(b);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(text.as_bytes());
    }
}

/// `,true`, `,false` or `,` (absent).
fn flag(out: &mut Vec<u8>, value: Option<bool>) {
    out.push(b',');
    match value {
        Some(true) => out.extend_from_slice(b"true"),
        Some(false) => out.extend_from_slice(b"false"),
        None => {}
    }
}

/// ISO `YYYY-MM-DD` without going through a formatter (the hot path at a million cases).
fn date(out: &mut Vec<u8>, d: NaiveDate) {
    let y = d.year() as u32;
    out.extend_from_slice(&[
        b'0' + (y / 1000 % 10) as u8,
        b'0' + (y / 100 % 10) as u8,
        b'0' + (y / 10 % 10) as u8,
        b'0' + (y % 10) as u8,
    ]);
    two(out, b'-', d.month());
    two(out, b'-', d.day());
}

fn two(out: &mut Vec<u8>, sep: u8, n: u32) {
    out.extend_from_slice(&[sep, b'0' + (n / 10) as u8, b'0' + (n % 10) as u8]);
}
