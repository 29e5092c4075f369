//! What a human format lists of the results (issue 20). The terminal table, Markdown and
//! HTML are read by people, so they list at most `--max-listed` results ([`MAX_LISTED`] by
//! default) and count the rest; the machine formats (JSON, CSV, JUnit, xlsx) list every one.
//!
//! When every listed result fits, they come in the export's order, case by case. When they do
//! not, the cap goes to the worst cases: those with the most material fails, then the most
//! fails, then the most results (the earlier case first on a tie), each case whole, the worst
//! first; the first case is cut at the cap if it alone is over it. The results left out are
//! counted by rule and team, the most fails first ([`REST_GROUPS`] groups shown, the others
//! summed), so a council sees where the rest lie and a case manager finds their team.
//!
//! The store is read twice (once to rank the cases, once to take their rows), in memory
//! bounded by the cap: a heap of at most `max` cases, the rows listed, and a count per rule
//! and team.
use super::{Counts, Report, ResultRow, ResultsMode};
use crate::lang::Msg;
use crate::rules::{Lang, Severity, Status};
use crate::{tr, tr_n};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::io;

/// The most results a human format lists unless `--max-listed` says otherwise.
pub const MAX_LISTED: usize = 500;

/// The most rule-and-team groups of the results not listed that are shown one by one.
pub const REST_GROUPS: usize = 50;

/// The results a human format shows.
#[derive(Debug, Default)]
pub struct Listing {
    /// The cases listed, each with its results (in the export's order), in the order shown.
    pub cases: Vec<Vec<ResultRow>>,
    /// Results listed, and all there are.
    pub listed: u64,
    pub total: u64,
    /// Cases with a listed result, and with any result in the list.
    pub listed_cases: u64,
    pub total_cases: u64,
    /// The results not listed, by rule and team, the most fails first.
    pub rest: Vec<RestGroup>,
    /// The rule-and-team groups beyond [`REST_GROUPS`]: how many, and their counts summed.
    pub rest_more: u64,
    pub rest_more_counts: Counts,
}

/// Results not listed, of one rule in one team's cases.
#[derive(Debug, Clone, PartialEq)]
pub struct RestGroup {
    pub rule: usize,
    pub team: Option<String>,
    pub counts: Counts,
}

impl Listing {
    /// Results left out.
    pub fn more(&self) -> u64 {
        self.total - self.listed
    }

    pub fn rows(&self) -> impl Iterator<Item = &ResultRow> {
        self.cases.iter().flatten()
    }

    /// The statuses the results not listed have, in the order of [`Status::ALL`].
    pub fn rest_statuses(&self) -> Vec<Status> {
        let mut all = self.rest_more_counts;
        for g in &self.rest {
            all.merge(&g.counts);
        }
        Status::ALL
            .into_iter()
            .filter(|s| all.get(*s) > 0)
            .collect()
    }
}

/// A case's place among the worst: material fails, fails, results, and the earlier case
/// ahead of a later one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Badness {
    material_fails: u64,
    fails: u64,
    rows: u64,
    earlier: Reverse<u64>,
}

/// The results of `report` as a human format lists them: at most `max`.
pub fn listing(report: &Report, max: usize) -> io::Result<Listing> {
    let rows = &report.tally.rows;
    let total = rows.len() as u64;
    let mut out = Listing {
        total,
        ..Listing::default()
    };
    if total <= max as u64 {
        for row in rows.iter() {
            let row = row?;
            match out.cases.last_mut() {
                Some(case) if case[0].case_id == row.case_id => case.push(row),
                _ => out.cases.push(vec![row]),
            }
        }
        out.listed = total;
        out.listed_cases = out.cases.len() as u64;
        out.total_cases = out.listed_cases;
        return Ok(out);
    }

    // First pass: the `max` worst cases (no more can be listed: each has a result).
    let catalogue = report.catalogue;
    let mut worst: BinaryHeap<Reverse<Badness>> = BinaryHeap::new();
    let keep = |b: Badness, worst: &mut BinaryHeap<Reverse<Badness>>| {
        worst.push(Reverse(b));
        if worst.len() > max {
            worst.pop();
        }
    };
    let mut current: Option<(String, Badness)> = None;
    let mut cases = 0u64;
    for row in rows.iter() {
        let row = row?;
        let fail = row.status == Status::Fail;
        let material = fail && catalogue.rules[row.rule].severity == Severity::Material;
        match &mut current {
            Some((id, b)) if *id == row.case_id => {
                b.rows += 1;
                b.fails += u64::from(fail);
                b.material_fails += u64::from(material);
            }
            _ => {
                if let Some((_, b)) = current.take() {
                    keep(b, &mut worst);
                }
                current = Some((
                    row.case_id,
                    Badness {
                        material_fails: u64::from(material),
                        fails: u64::from(fail),
                        rows: 1,
                        earlier: Reverse(cases),
                    },
                ));
                cases += 1;
            }
        }
    }
    if let Some((_, b)) = current.take() {
        keep(b, &mut worst);
    }
    out.total_cases = cases;
    // The worst first; whole cases while they fit (the first one in any case).
    let mut chosen: HashMap<u64, usize> = HashMap::new();
    let mut room = max as u64;
    for Reverse(b) in worst.into_sorted_vec() {
        if !chosen.is_empty() && b.rows > room {
            break;
        }
        chosen.insert(b.earlier.0, chosen.len());
        room = room.saturating_sub(b.rows);
    }

    // Second pass: the chosen cases' rows, and the others counted by rule and team.
    out.cases = vec![Vec::new(); chosen.len()];
    let mut rest: HashMap<(usize, Option<String>), Counts> = HashMap::new();
    let mut case = 0u64;
    let mut last_id: Option<String> = None;
    for row in rows.iter() {
        let row = row?;
        if last_id.as_ref().is_some_and(|id| *id != row.case_id) {
            case += 1;
        }
        if last_id.as_ref() != Some(&row.case_id) {
            last_id = Some(row.case_id.clone());
        }
        match chosen.get(&case) {
            Some(&rank) if out.listed < max as u64 => {
                out.cases[rank].push(row);
                out.listed += 1;
            }
            _ => rest
                .entry((row.rule, row.team))
                .or_default()
                .add(row.status),
        }
    }
    out.cases.retain(|c| !c.is_empty());
    out.listed_cases = out.cases.len() as u64;
    let mut rest: Vec<RestGroup> = rest
        .into_iter()
        .map(|((rule, team), counts)| RestGroup { rule, team, counts })
        .collect();
    rest.sort_by(|a, b| {
        (b.counts.get(Status::Fail), b.counts.total())
            .cmp(&(a.counts.get(Status::Fail), a.counts.total()))
            .then(a.rule.cmp(&b.rule))
            .then(a.team.cmp(&b.team))
    });
    for g in rest.iter().skip(REST_GROUPS) {
        out.rest_more += 1;
        out.rest_more_counts.merge(&g.counts);
    }
    rest.truncate(REST_GROUPS);
    out.rest = rest;
    Ok(out)
}

/// "results" with `--results all` (passes listed too), else "findings", as counted by `n`.
fn noun(report: &Report, n: u64) -> &'static str {
    let what = match report.mode {
        ResultsMode::All => Msg::ResultsNoun,
        _ => Msg::FindingsNoun,
    };
    report.lang.noun(n, what)
}

/// What is listed, in a sentence: "89 fund i 38 sager, …" or, when capped, which and how
/// many.
pub fn summary_line(report: &Report, listing: &Listing) -> String {
    let lang = report.lang;
    if listing.more() == 0 {
        return tr!(
            lang,
            ListedAll,
            n = lang.int(listing.total),
            what = noun(report, listing.total),
            cases = lang.count(listing.total_cases, Msg::Cases),
        );
    }
    tr!(
        lang,
        ListedWorst,
        n = lang.int(listing.total),
        what = noun(report, listing.total),
        cases = lang.count(listing.total_cases, Msg::Cases),
        listed = lang.int(listing.listed),
        listed_what = noun(report, listing.listed),
        listed_cases = lang.count(listing.listed_cases, Msg::Cases),
    )
}

/// The line after a capped list: how many more, where they are counted, and which file
/// lists them all. None when nothing was left out.
pub fn more_line(report: &Report, listing: &Listing) -> Option<String> {
    let lang = report.lang;
    let more = listing.more();
    (more > 0).then(|| {
        tr!(
            lang,
            ListedMore,
            more = lang.int(more),
            what = noun(report, more),
            listed = lang.int(listing.listed),
        )
    })
}

/// The heading of the count of results not listed.
pub fn rest_title(lang: Lang) -> &'static str {
    lang.t(Msg::NotListed)
}

/// The count of results not listed as rows for a table: rule (id and title), team, a count
/// per status in `statuses`, and the total; then a row for the groups beyond
/// [`REST_GROUPS`].
pub fn rest_rows(report: &Report, listing: &Listing, statuses: &[Status]) -> Vec<Vec<String>> {
    let lang = report.lang;
    let row = |label: String, team: String, counts: &Counts| {
        let mut r = vec![label, team];
        r.extend(statuses.iter().map(|s| lang.int(counts.get(*s))));
        r.push(lang.int(counts.total()));
        r
    };
    let mut rows: Vec<Vec<String>> = listing
        .rest
        .iter()
        .map(|g| {
            let rule = &report.catalogue.rules[g.rule];
            row(
                format!("{} {}", rule.id, rule.texts(lang).title),
                g.team.clone().unwrap_or_else(|| "–".into()),
                &g.counts,
            )
        })
        .collect();
    if listing.rest_more > 0 {
        let label = tr_n!(
            lang,
            listing.rest_more,
            OtherGroups,
            n = lang.int(listing.rest_more)
        );
        rows.push(row(label, String::new(), &listing.rest_more_counts));
    }
    rows
}

/// The header of [`rest_rows`].
pub fn rest_header(lang: Lang, statuses: &[Status]) -> Vec<String> {
    let mut h = vec![
        lang.t(Msg::Rule).to_string(),
        lang.t(Msg::TeamLabel).to_string(),
    ];
    h.extend(statuses.iter().map(|s| s.label(lang).to_string()));
    h.push(lang.t(Msg::InAll).into());
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EventType;
    use crate::report::{ResultStore, Tally};
    use crate::rules::{Catalogue, Human, Note, What};

    fn row(case: &str, team: &str, rule: usize, status: Status) -> ResultRow {
        ResultRow {
            case_id: case.into(),
            team: Some(team.into()),
            group: None,
            rule,
            variant: 0,
            status,
            subject: "N1".into(),
            subject_kind: EventType::NotificationReceived,
            start: None,
            due: None,
            done: None,
            late_days: None,
            late_hours: None,
            late_minutes: None,
            note: Note::NotFound(What::Event(EventType::Decision)),
            text: None,
            human: Human::default(),
        }
    }

    fn listed(rows: Vec<ResultRow>, max: usize, budget: usize) -> Listing {
        let catalogue = Catalogue::embedded().unwrap();
        let mut store = ResultStore::with_budget(budget);
        for r in rows {
            store.push(r).unwrap();
        }
        let tally = Tally {
            rows: store,
            ..Tally::new(&catalogue, None)
        };
        let report = Report {
            catalogue: &catalogue,
            as_of: chrono::NaiveDate::from_ymd_opt(2025, 6, 30).unwrap(),
            calendar: Default::default(),
            lang: Lang::En,
            mode: ResultsMode::Findings,
            inputs: &[],
            rejects: &[],
            tally: &tally,
            command_line: String::new(),
            sample: None,
            max_listed: max,
        };
        listing(&report, max).unwrap()
    }

    fn ids(l: &Listing) -> Vec<String> {
        l.rows()
            .map(|r| format!("{}:{}", r.case_id, r.rule))
            .collect()
    }

    #[test]
    fn everything_that_fits_is_listed_in_the_exports_order() {
        let rows = vec![
            row("K-1", "A", 0, Status::Pending),
            row("K-2", "A", 0, Status::Fail),
            row("K-2", "A", 1, Status::Fail),
        ];
        let l = listed(rows, 3, 1);
        assert_eq!(ids(&l), ["K-1:0", "K-2:0", "K-2:1"]);
        assert_eq!((l.listed, l.total, l.total_cases, l.more()), (3, 3, 2, 0));
        assert!(l.rest.is_empty());
    }

    #[test]
    fn a_capped_list_takes_the_worst_whole_cases_and_counts_the_rest() {
        let catalogue = Catalogue::embedded().unwrap();
        let material = catalogue
            .rules
            .iter()
            .position(|r| r.severity == Severity::Material && !r.is_question())
            .unwrap();
        let formal = catalogue
            .rules
            .iter()
            .position(|r| r.severity == Severity::Formal)
            .unwrap();
        let rows = vec![
            row("K-1", "A", formal, Status::Pending),
            row("K-2", "A", formal, Status::Fail),
            row("K-2", "A", formal, Status::Fail),
            row("K-3", "B", material, Status::Fail),
            row("K-4", "B", formal, Status::Fail),
            row("K-4", "B", formal, Status::Pending),
            row("K-5", "B", formal, Status::Fail),
        ];
        // Budget 2: the store spills, and is read twice.
        let l = listed(rows, 4, 2);
        // K-3 (a material fail), then K-2 (two fails); K-4 (a fail and a pending) no longer
        // fits whole after them (1 + 2 of 4 taken), so it is left out, and so is K-5, which
        // would fit but ranks after it.
        assert_eq!(
            ids(&l),
            [
                format!("K-3:{material}"),
                format!("K-2:{formal}"),
                format!("K-2:{formal}")
            ]
        );
        assert_eq!(
            (l.listed, l.total, l.listed_cases, l.total_cases),
            (3, 7, 2, 5)
        );
        // The rest by rule and team, the most fails first: team B (K-4, K-5) before A (K-1).
        let rest: Vec<(Option<&str>, u64, u64)> = l
            .rest
            .iter()
            .map(|g| {
                (
                    g.team.as_deref(),
                    g.counts.get(Status::Fail),
                    g.counts.total(),
                )
            })
            .collect();
        assert_eq!(rest, [(Some("B"), 2, 3), (Some("A"), 0, 1)]);
        assert_eq!(l.rest_statuses(), [Status::Fail, Status::Pending]);
    }

    #[test]
    fn one_case_over_the_cap_is_cut_at_it() {
        let rows: Vec<ResultRow> = (0..5).map(|r| row("K-1", "A", r, Status::Fail)).collect();
        let l = listed(rows, 3, 0);
        assert_eq!(l.listed, 3);
        assert_eq!(l.more(), 2);
        assert_eq!(l.rest.iter().map(|g| g.counts.total()).sum::<u64>(), 2);
    }

    #[test]
    fn beyond_the_groups_shown_the_rest_is_summed() {
        let rows: Vec<ResultRow> = (0..REST_GROUPS + 5)
            .map(|i| row(&format!("K-{i}"), &format!("team {i:03}"), 0, Status::Fail))
            .collect();
        let l = listed(rows, 0, 10);
        assert_eq!(l.listed, 0);
        assert_eq!(l.rest.len(), REST_GROUPS);
        assert_eq!((l.rest_more, l.rest_more_counts.total()), (5, 5));
        // Ties on fails and total: by rule, then team.
        assert_eq!(l.rest[0].team.as_deref(), Some("team 000"));
    }
}
