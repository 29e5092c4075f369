//! Data coverage: for each field a rule reads ([`Reads`]), on how many events it was read
//! and how many of them carried it. Counted case by case as the audit streams (each
//! case's share is worked out beside its findings, [`CaseCoverage`]), so the totals are
//! the same however the input was cut into pieces. The JSON report lists every field; the
//! human formats list those carried by fewer than [`POOR`] of the events read.
use super::Report;
use crate::lang::Msg;
use crate::rules::{CaseCoverage, Catalogue, FieldRead, Lang, Reads};

/// Below this share of the events read, a field is listed in the human formats: a column
/// that is missing or misspelt gives 0 %, one an export fills only now and then less than
/// half. (The JSON report has every field.)
pub const POOR: f64 = 0.5;

/// The coverage counted so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Coverage {
    pub fields: Vec<FieldRead>,
    /// By field: events that carried it, and events it was read on.
    pub counts: Vec<(u64, u64)>,
}

impl Coverage {
    pub fn new(catalogue: &Catalogue) -> Coverage {
        let fields = Reads::of(catalogue).fields;
        Coverage {
            counts: vec![(0, 0); fields.len()],
            fields,
        }
    }

    /// Adds one case's share.
    pub fn add(&mut self, case: &CaseCoverage) {
        for &(field, carried) in &case.0 {
            let (c, n) = &mut self.counts[field];
            *c += u64::from(carried);
            *n += 1;
        }
    }

    /// The fields carried by fewer than [`POOR`] of the events they were read on (and read
    /// at least once), in catalogue order: (field, carried, read).
    pub fn poor(&self) -> impl Iterator<Item = (&FieldRead, u64, u64)> {
        (self.fields.iter().zip(&self.counts))
            .filter(|(_, (c, n))| *n > 0 && (*c as f64) < POOR * *n as f64)
            .map(|(f, (c, n))| (f, *c, *n))
    }
}

/// The share of events that carried a field, as the JSON report gives it (four decimals);
/// None when it was read on none.
pub fn share(carried: u64, read: u64) -> Option<f64> {
    (read > 0).then(|| super::stats::round4(carried as f64 / read as f64))
}

/// The human formats' coverage table: its header, and a row per poorly covered field —
/// rule, field, the events read ([`cells`]), and "0 of 47 (0.0 %)".
pub fn poor_rows(report: &Report) -> (Vec<String>, Vec<Vec<String>>) {
    let lang = report.lang;
    let mut header = header(lang).map(String::from).to_vec();
    header.push(lang.t(Msg::CarriedIt).to_string());
    let rows = report
        .tally
        .coverage
        .poor()
        .map(|(f, carried, read)| {
            let of = lang.t(Msg::Of);
            // Rounded once from the counts (`share` gives the JSON report's four decimals).
            let share = lang.percent((read > 0).then(|| carried as f64 / read as f64));
            let (carried, read) = (lang.int(carried), lang.int(read));
            let mut row = cells(report, f).to_vec();
            row.push(format!("{carried} {of} {read} ({share})"));
            row
        })
        .collect();
    (header, rows)
}

/// The headers of [`cells`].
pub fn header(lang: Lang) -> [&'static str; 3] {
    [lang.t(Msg::Rule), lang.t(Msg::Field), lang.t(Msg::ReadOn)]
}

/// A field as the human formats name it: its rule; the attribute (in Danish its label
/// beside the canonical name, `klagevejledning (appeal_guidance)`), alternatives joined
/// with " / "; and the events it was read on, as nouns (`afgørelse`, `tilsynsbesøg`).
pub fn cells(report: &Report, f: &FieldRead) -> [String; 3] {
    let lang = report.lang;
    let field = (f.attrs.iter())
        .map(|a| match lang {
            Lang::Da => format!("{} ({})", a.labels().0, a.name()),
            Lang::En => a.name().to_string(),
        })
        .collect::<Vec<_>>()
        .join(" / ");
    let events = (f.events.iter())
        .map(|e| match lang {
            Lang::Da => e.nouns().0,
            Lang::En => e.nouns().1,
        })
        .collect::<Vec<_>>()
        .join(" / ");
    [report.catalogue.rules[f.rule].id.clone(), field, events]
}

/// The sentence under the coverage table, or in its place when no field is poorly covered.
pub fn note(report: &Report) -> &'static str {
    let lang = report.lang;
    if report.tally.coverage.poor().next().is_some() {
        lang.t(Msg::FieldsTheRulesReadThatFewer)
    } else {
        lang.t(Msg::EveryFieldTheRulesReadWas)
    }
}

/// What the xlsx report's sheet of every field shows.
pub fn sheet_note(lang: Lang) -> &'static str {
    lang.t(Msg::EachRowIsAFieldA)
}

/// The section's title.
pub fn title(lang: Lang) -> &'static str {
    lang.t(Msg::DataCoverage)
}
