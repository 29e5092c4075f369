//! What people added to the audit, counted apart from the machine: reviewers' verdicts
//! (`audit --review`), waivers (`audit --waivers`) and the municipality profile
//! (`audit --profile`). Each format calls its section from here, after its own.
use super::percent;
use super::table::grid;
use super::{Counts, Report, ResultRow, per_theme, t};
use crate::review::{Orphan, People, Verdicts, Waiver, Waivers};
use crate::rules::{Finding, Lang, Status};
use crate::terminal::printable;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The verdicts merged in, and the machine's own results they replaced.
#[derive(Debug, Clone, Default)]
pub struct ReviewTally {
    pub file: String,
    /// Data rows of the sheet, and those with a verdict.
    pub rows: u64,
    pub verdicts: u64,
    /// Verdicts that matched a result, and those that changed its status.
    pub applied: u64,
    pub changed: u64,
    /// (machine status, verdict) → how many.
    pub changes: BTreeMap<(Status, Status), u64>,
    /// Per rule: every result as the machine judged it (the report before review).
    pub machine: Vec<Counts>,
    /// Per rule: the verdicts applied.
    pub reviewed: Vec<Counts>,
    /// Verdicts whose result no longer exists.
    pub orphans: Vec<Orphan>,
}

impl ReviewTally {
    pub fn new(verdicts: &Verdicts, rules: usize) -> ReviewTally {
        ReviewTally {
            file: verdicts.file.clone(),
            rows: verdicts.rows,
            verdicts: verdicts.verdicts(),
            machine: vec![Counts::default(); rules],
            reviewed: vec![Counts::default(); rules],
            ..ReviewTally::default()
        }
    }

    pub(super) fn add(&mut self, f: &Finding) {
        let machine = f.human.machine_status.unwrap_or(f.status);
        self.machine[f.rule].add(machine);
        if f.human.machine_status.is_some() {
            self.applied += 1;
            self.reviewed[f.rule].add(f.status);
            if machine != f.status {
                self.changed += 1;
                *self.changes.entry((machine, f.status)).or_default() += 1;
            }
        }
    }
}

impl super::Tally {
    /// Before the first case: room to count what people added, apart.
    pub fn expect_people(&mut self, people: &People) {
        let rules = self.per_rule.len();
        self.review = people.verdicts.as_ref().map(|v| ReviewTally::new(v, rules));
        self.waivers = people.waivers.as_ref().map(|w| WaiverTally::new(w, rules));
    }

    /// What people added, as a shared report may show it: `public` gives a case id's public
    /// form (masked or pseudonymised), `mask` masks other text from the export or the sheet
    /// (subjects, approvers, file paths). See `privacy::protect_report`.
    pub fn protect_people(
        &mut self,
        public: &dyn Fn(&str) -> String,
        mask: &dyn Fn(&str) -> String,
    ) {
        let orphan = |o: &mut Orphan| {
            o.case_id = public(&o.case_id);
            o.rule = mask(&o.rule);
            o.subject = o.subject.as_deref().map(mask);
        };
        if let Some(r) = &mut self.review {
            r.file = mask(&r.file);
            r.orphans.iter_mut().for_each(orphan);
        }
        if let Some(w) = &mut self.waivers {
            w.file = mask(&w.file);
            w.unmatched.iter_mut().for_each(orphan);
            for x in w.active.iter_mut().chain(&mut w.expired) {
                x.case_id = public(&x.case_id);
                x.subject = x.subject.as_deref().map(mask);
                x.approver = mask(&x.approver);
                x.reason = String::new();
            }
        }
    }

    /// After the last case: the verdicts and waivers that matched no result.
    pub fn close_people(&mut self, people: &People) {
        if let (Some(t), Some(v)) = (self.review.as_mut(), &people.verdicts) {
            t.orphans = v.orphans();
        }
        if let (Some(t), Some(w)) = (self.waivers.as_mut(), &people.waivers) {
            t.unmatched = w.unmatched();
        }
    }
}

/// The waived results, by rule and the status they keep.
#[derive(Debug, Clone, Default)]
pub struct WaiverTally {
    pub file: String,
    /// The waivers in force on the as-of date (results point into this list).
    pub active: Vec<Waiver>,
    pub expired: Vec<Waiver>,
    /// Waivers in force that covered no result.
    pub unmatched: Vec<Orphan>,
    pub waived: Vec<Counts>,
}

impl WaiverTally {
    pub fn new(waivers: &Waivers, rules: usize) -> WaiverTally {
        WaiverTally {
            file: waivers.file.clone(),
            active: waivers.active.clone(),
            expired: waivers.expired.clone(),
            waived: vec![Counts::default(); rules],
            ..WaiverTally::default()
        }
    }

    pub(super) fn add(&mut self, f: &Finding) {
        if f.human.waiver.is_some() {
            self.waived[f.rule].add(f.status);
        }
    }
}

fn counts_json(id: &str, counts: &Counts) -> Value {
    let mut map = serde_json::Map::new();
    map.insert("id".into(), id.into());
    for status in Status::ALL {
        map.insert(status.name().into(), counts.get(status).into());
    }
    map.insert(
        "score".into(),
        counts.score().map(super::stats::round4).into(),
    );
    Value::Object(map)
}

/// Theme and rule counts, as the report's own `themes` and `rules` give them.
fn scored_json(report: &Report, per_rule: &[Counts]) -> Value {
    let catalogue = report.catalogue;
    let themes: Vec<Value> = catalogue
        .themes
        .iter()
        .zip(per_theme(per_rule, catalogue))
        .map(|(th, c)| counts_json(&th.id, &c))
        .collect();
    let rules: Vec<Value> = catalogue
        .rules
        .iter()
        .zip(per_rule)
        .map(|(r, c)| counts_json(&r.id, c))
        .collect();
    json!({"themes": themes, "rules": rules})
}

fn orphans_json(orphans: &[Orphan], row: &str) -> Value {
    orphans
        .iter()
        .map(|o| {
            let mut v = json!({"case_id": o.case_id, "rule": o.rule, "subject": o.subject});
            if let Some(verdict) = o.verdict {
                v["verdict"] = verdict.name().into();
            }
            v[row] = o.row.into();
            v
        })
        .collect()
}

/// The JSON `review` key (contract §7): what was read, applied and changed, the verdicts
/// that found no result, and the counts before review and of the verdicts alone.
pub(super) fn review_json(report: &Report) -> Option<Value> {
    let r = report.tally.review.as_ref()?;
    let changes: Vec<Value> = r
        .changes
        .iter()
        .map(|((from, to), n)| json!({"from": from.name(), "to": to.name(), "count": n}))
        .collect();
    Some(json!({
        "file": r.file,
        "rows": r.rows,
        "verdicts": r.verdicts,
        "applied": r.applied,
        "changed": r.changed,
        "changes": changes,
        "orphans": orphans_json(&r.orphans, "row"),
        "machine": scored_json(report, &r.machine),
        "reviewed": scored_json(report, &r.reviewed),
    }))
}

/// The JSON `waivers` key: waivers in force, expired and unmatched, and the waived results
/// per theme and rule (they keep their status and count in the scores).
pub(super) fn waivers_json(report: &Report) -> Option<Value> {
    let w = report.tally.waivers.as_ref()?;
    let expired: Vec<Value> = w
        .expired
        .iter()
        .map(|x| {
            json!({"case_id": x.case_id, "rule": x.rule, "subject": x.subject,
                   "expires": x.expires.to_string(), "number": x.number})
        })
        .collect();
    let mut v = json!({
        "file": w.file,
        "in_force": w.active.len(),
        "expired": expired,
        "unmatched": orphans_json(&w.unmatched, "number"),
    });
    let scored = scored_json(report, &w.waived);
    v["themes"] = scored["themes"].clone();
    v["rules"] = scored["rules"].clone();
    Some(v)
}

/// A listed result's marks for the JSON report: where its status comes from (with
/// --review), the machine's own status when a verdict replaced it, and its waiver.
pub(super) fn result_marks(report: &Report, row: &ResultRow) -> ResultMarks {
    let tally = report.tally;
    ResultMarks {
        source: tally.review.as_ref().map(|_| {
            if row.human.machine_status.is_some() {
                "review"
            } else {
                "machine"
            }
        }),
        machine_status: row.human.machine_status.map(Status::name),
        waiver: row
            .human
            .waiver
            .zip(tally.waivers.as_ref())
            .map(|(i, w)| WaiverMark {
                approver: w.active[i].approver.clone(),
                expires: w.active[i].expires.to_string(),
            }),
    }
}

/// The columns a result table adds when people added to the audit: where the status comes
/// from and the machine's own (with --review), the waiver's approver and expiry (with
/// --waivers). None without them, so a plain audit's table is unchanged.
pub(super) fn mark_columns(report: &Report) -> Vec<&'static str> {
    let mut out = Vec::new();
    if report.tally.review.is_some() {
        out.extend(["source", "machine_status"]);
    }
    if report.tally.waivers.is_some() {
        out.extend(["waiver_approver", "waiver_expires"]);
    }
    out
}

/// A result's cells for [`mark_columns`].
pub(super) fn mark_cells(report: &Report, row: &ResultRow) -> Vec<String> {
    let marks = result_marks(report, row);
    let mut out = Vec::new();
    if report.tally.review.is_some() {
        out.push(marks.source.unwrap_or_default().to_string());
        out.push(marks.machine_status.unwrap_or_default().to_string());
    }
    if report.tally.waivers.is_some() {
        let (approver, expires) = marks
            .waiver
            .map(|w| (w.approver, w.expires))
            .unwrap_or_default();
        out.extend([approver, expires]);
    }
    out
}

#[derive(serde::Serialize)]
pub(super) struct ResultMarks {
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    machine_status: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    waiver: Option<WaiverMark>,
}

#[derive(serde::Serialize)]
struct WaiverMark {
    approver: String,
    expires: String,
}

fn orphan_line(o: &Orphan, lang: Lang) -> String {
    let subject = o.subject.as_deref().unwrap_or("*");
    let verdict = o.verdict.map(|v| format!(" → {}", v.label(lang)));
    format!(
        "{} {} {}{}",
        o.case_id,
        o.rule,
        subject,
        verdict.unwrap_or_default()
    )
}

/// A table: its header and rows, text as written (each format escapes it).
pub(super) type Grid = (Vec<String>, Vec<Vec<String>>);

/// A part of the report on what people added, in the report's language, for every human
/// format to render alike.
pub(super) struct Section {
    pub title: String,
    pub lines: Vec<String>,
    pub tables: Vec<Grid>,
    /// What was not applied and why: never dropped silently.
    pub warnings: Vec<String>,
}

fn strings(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

/// The sections on the municipality profile, the review and the waivers, those in use. An
/// error is one reading the listed results back ([`super::ResultStore::iter`]).
pub(super) fn sections(report: &Report) -> std::io::Result<Vec<Section>> {
    let lang = report.lang;
    let catalogue = report.catalogue;
    let tally = report.tally;
    let mut out = Vec::new();
    if let Some(p) = &catalogue.profile {
        let rows = p
            .overrides
            .iter()
            .map(|o| {
                vec![
                    o.scope.clone(),
                    o.key.clone(),
                    o.from.clone().unwrap_or_else(|| "–".into()),
                    o.to.clone(),
                ]
            })
            .collect();
        out.push(Section {
            title: format!(
                "{}: {}",
                t(lang, "Kommuneprofil", "Municipality profile"),
                p.name
            ),
            lines: vec![format!(
                "{} · sha256 {} · {} {}",
                p.file,
                &p.sha256[..p.sha256.len().min(12)],
                t(lang, "kalender", "calendar"),
                report.calendar.name()
            )],
            tables: vec![(
                strings(&[
                    t(lang, "Regel / tabel", "Rule / table"),
                    t(lang, "Parameter", "Parameter"),
                    t(lang, "Regelsættets værdi", "Rule set's value"),
                    t(lang, "Lokal standard", "Local standard"),
                ]),
                rows,
            )],
            warnings: Vec::new(),
        });
    }
    if let Some(r) = &tally.review {
        let mut lines = vec![format!(
            "{}: {} {}, {} {}, {} {}, {} {}.",
            r.file,
            r.verdicts,
            t(lang, "vurderinger", "verdicts"),
            r.applied,
            t(lang, "anvendt", "applied"),
            r.changed,
            t(lang, "ændrede status", "changed the status"),
            r.orphans.len(),
            t(lang, "uden resultat", "without a result"),
        )];
        lines.push(
            t(
                lang,
                "En vurdering erstatter maskinens status i scoren; maskinens egne tal står ved siden af.",
                "A verdict replaces the machine's status in the score; the machine's own figures stand beside it.",
            )
            .into(),
        );
        lines.extend(
            r.changes
                .iter()
                .map(|((from, to), n)| format!("{} → {}: {n}", from.label(lang), to.label(lang))),
        );
        let machine = per_theme(&r.machine, catalogue);
        let reviewed = per_theme(&r.reviewed, catalogue);
        let merged = tally.per_theme(catalogue);
        let themes = catalogue
            .themes
            .iter()
            .enumerate()
            .map(|(i, theme)| {
                vec![
                    theme.title(lang).to_string(),
                    percent(machine[i].score()),
                    reviewed[i].total().to_string(),
                    reviewed[i].get(Status::Pass).to_string(),
                    reviewed[i].get(Status::Fail).to_string(),
                    reviewed[i].get(Status::Exempt).to_string(),
                    percent(merged[i].score()),
                ]
            })
            .collect();
        let mut tables = vec![(
            strings(&[
                t(lang, "Tema", "Theme"),
                t(lang, "maskinens score", "machine score"),
                t(lang, "vurderet", "reviewed"),
                Status::Pass.label(lang),
                Status::Fail.label(lang),
                Status::Exempt.label(lang),
                t(lang, "score efter gennemgang", "score after review"),
            ]),
            themes,
        )];
        let mut results: Vec<Vec<String>> = Vec::new();
        for row in tally.rows.iter() {
            let row = row?;
            if let Some(machine) = row.human.machine_status {
                results.push(vec![
                    row.case_id,
                    catalogue.rules[row.rule].id.clone(),
                    row.subject,
                    machine.label(lang).to_string(),
                    row.status.label(lang).to_string(),
                ]);
            }
        }
        if !results.is_empty() {
            tables.push((
                strings(&[
                    t(lang, "Sag", "Case"),
                    t(lang, "Regel", "Rule"),
                    t(lang, "Emne", "Subject"),
                    t(lang, "maskinen", "machine"),
                    t(lang, "vurdering", "verdict"),
                ]),
                results,
            ));
        }
        out.push(Section {
            title: t(lang, "Manuel gennemgang", "Human review").into(),
            lines,
            tables,
            warnings: r
                .orphans
                .iter()
                .map(|o| {
                    format!(
                        "{} ({} {}): {}",
                        orphan_line(o, lang),
                        t(lang, "række", "row"),
                        o.row,
                        t(
                            lang,
                            "resultatet findes ikke længere; vurderingen er ikke brugt",
                            "the result no longer exists; the verdict was not applied"
                        )
                    )
                })
                .collect(),
        });
    }
    if let Some(w) = &tally.waivers {
        let waived: Counts = w.waived.iter().fold(Counts::default(), |mut a, c| {
            a.merge(c);
            a
        });
        let lines = vec![
            format!(
                "{}: {} {}, {} {}; {} {}.",
                w.file,
                w.active.len(),
                t(lang, "gældende", "in force"),
                w.expired.len(),
                t(lang, "udløbet", "expired"),
                waived.total(),
                match (lang, waived.total()) {
                    (Lang::Da, 1) => "resultat dækket",
                    (Lang::Da, _) => "resultater dækket",
                    (Lang::En, 1) => "result covered",
                    (Lang::En, _) => "results covered",
                },
            ),
            t(
                lang,
                "En dispensation er en lokal beslutning, ikke en lovlig undtagelse: resultaterne beholder deres status og tæller med i scoren.",
                "A waiver is a local decision, not a lawful exemption: the results keep their status and count in the score.",
            )
            .into(),
        ];
        let mut results: Vec<Vec<String>> = Vec::new();
        for row in tally.rows.iter() {
            let row = row?;
            if let Some(i) = row.human.waiver {
                let waiver = &w.active[i];
                results.push(vec![
                    row.case_id,
                    catalogue.rules[row.rule].id.clone(),
                    row.subject,
                    row.status.label(lang).to_string(),
                    waiver.approver.clone(),
                    waiver.expires.to_string(),
                ]);
            }
        }
        let mut warnings: Vec<String> = w
            .expired
            .iter()
            .map(|x| {
                format!(
                    "{} {}: {} {} {} ({} {})",
                    t(lang, "Udløbet", "Expired"),
                    x.expires,
                    x.case_id,
                    x.rule,
                    x.subject.as_deref().unwrap_or("*"),
                    t(lang, "nr.", "number"),
                    x.number
                )
            })
            .collect();
        warnings.extend(w.unmatched.iter().map(|o| {
            format!(
                "{}: {} ({} {})",
                t(lang, "Dækker intet resultat", "Covers no result"),
                orphan_line(o, lang),
                t(lang, "nr.", "number"),
                o.row
            )
        }));
        out.push(Section {
            title: t(lang, "Dispensationer", "Waivers").into(),
            lines,
            tables: vec![(
                strings(&[
                    t(lang, "Sag", "Case"),
                    t(lang, "Regel", "Rule"),
                    t(lang, "Emne", "Subject"),
                    "Status",
                    t(lang, "godkendt af", "approver"),
                    t(lang, "udløber", "expires"),
                ]),
                results,
            )],
            warnings,
        });
    }
    Ok(out)
}

/// A count or a share: lined up on the right, as in the report's own tables.
pub(super) fn is_number(cell: &str) -> bool {
    cell.trim_end_matches(" %").parse::<f64>().is_ok()
}

/// The terminal rendering of [`sections`].
pub(super) fn write_table(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    for section in sections(report)? {
        writeln!(out, "\n{}", printable(&section.title))?;
        for line in &section.lines {
            writeln!(out, "  {}", printable(line))?;
        }
        for (header, rows) in &section.tables {
            if rows.is_empty() {
                continue;
            }
            let mut g = grid(header.clone());
            for row in rows {
                g.add_row_aligned(row, is_number);
            }
            writeln!(out, "{g}")?;
        }
        for w in &section.warnings {
            writeln!(out, "! {}", printable(w))?;
        }
    }
    Ok(())
}

/// The warnings on stderr, in the user's language: verdicts and waivers that matched
/// nothing, and waivers that had expired.
pub fn warnings(tally: &super::Tally, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(r) = &tally.review {
        for o in &r.orphans {
            out.push(match lang {
                Lang::Da => format!(
                    "{}, række {}: vurderingen af {} passer ikke til noget resultat (sagen, reglen eller emnet findes ikke længere); den er ikke brugt",
                    r.file,
                    o.row,
                    orphan_line(o, lang)
                ),
                Lang::En => format!(
                    "{}, row {}: the verdict on {} matches no result (the case, rule or subject no longer exists); it was not applied",
                    r.file,
                    o.row,
                    orphan_line(o, lang)
                ),
            });
        }
    }
    if let Some(w) = &tally.waivers {
        for x in &w.expired {
            out.push(match lang {
                Lang::Da => format!(
                    "{}, dispensation nr. {}: udløb {} og er ikke brugt",
                    w.file, x.number, x.expires
                ),
                Lang::En => format!(
                    "{}, waiver number {}: expired on {} and was not applied",
                    w.file, x.number, x.expires
                ),
            });
        }
        for o in &w.unmatched {
            out.push(match lang {
                Lang::Da => format!(
                    "{}, dispensation nr. {}: {} passer ikke til noget resultat",
                    w.file,
                    o.row,
                    orphan_line(o, lang)
                ),
                Lang::En => format!(
                    "{}, waiver number {}: {} matches no result",
                    w.file,
                    o.row,
                    orphan_line(o, lang)
                ),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{Human, Note};

    fn finding(rule: usize, status: Status, machine: Option<Status>) -> Finding {
        Finding {
            rule,
            variant: 0,
            status,
            subject: 0,
            period: None,
            start: None,
            due: None,
            done: None,
            late: None,
            note: Note::NoProcessingTime,
            human: Human {
                machine_status: machine,
                waiver: None,
            },
        }
    }

    #[test]
    fn the_machine_and_the_verdicts_are_counted_apart() {
        let mut r = ReviewTally {
            machine: vec![Counts::default(); 2],
            reviewed: vec![Counts::default(); 2],
            ..ReviewTally::default()
        };
        r.add(&finding(0, Status::Pass, Some(Status::NotAssessable)));
        r.add(&finding(0, Status::Fail, Some(Status::Fail)));
        r.add(&finding(1, Status::Pending, None));
        assert_eq!(r.machine[0].get(Status::NotAssessable), 1);
        assert_eq!(r.machine[0].get(Status::Fail), 1);
        assert_eq!(r.machine[1].get(Status::Pending), 1);
        assert_eq!(r.reviewed[0].get(Status::Pass), 1);
        assert_eq!(r.reviewed[0].total(), 2);
        assert_eq!(r.reviewed[1].total(), 0);
        assert_eq!((r.applied, r.changed), (2, 1));
        assert_eq!(
            r.changes.into_iter().collect::<Vec<_>>(),
            vec![((Status::NotAssessable, Status::Pass), 1)]
        );
    }
}
