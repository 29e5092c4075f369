//! What a report shows of the export, protected before any format sees it: CPR numbers masked
//! and, with `--pseudonymize`, case ids replaced by their pseudonyms. The primitives are in
//! [`crate::privacy`]; this module applies them to the report's data (docs/privacy.md,
//! "The masking rule", choke point 3).
use super::{ResultRow, Tally};
use crate::lang::Lang;
use crate::model::input::{InputSummary, Reject};
use crate::model::{Case, Value};
use crate::privacy::{Pseudonyms, mask_cpr, mask_in_place, public_id};

/// Masks (and with `pseudonyms`, pseudonymises) what listed results show: case ids, teams,
/// group names, subjects and texts. Shared by the audit (as it lists each case's results,
/// [`Tally::add_case`]), the review sheet and `explain`.
pub fn protect_rows(rows: &mut [ResultRow], pseudonyms: Option<&Pseudonyms>) {
    let mut last: Option<(String, String)> = None;
    for row in rows.iter_mut() {
        // A case's rows come together: one hash per case.
        let public = match &last {
            Some((id, public)) if *id == row.case_id => public.clone(),
            _ => {
                let public = public_id(&row.case_id, pseudonyms);
                last = Some((row.case_id.clone(), public.clone()));
                public
            }
        };
        row.case_id = public;
        row.team.as_mut().map(mask_in_place);
        row.group.as_mut().map(mask_in_place);
        mask_in_place(&mut row.subject);
        row.text.as_mut().map(mask_in_place);
    }
}

/// Masks the input paths a report or review sheet shows.
pub fn protect_inputs(inputs: &mut [InputSummary]) {
    for input in inputs {
        mask_in_place(&mut input.path);
    }
}

/// Masks what a view of one case shows of it (`explain`): its id, team, area,
/// municipality, and its events' ids, references and texts. Its dates, types and choices
/// stay as they are, so the view is drawn from the same case the rules judged.
pub fn protect_case(case: &mut Case) {
    mask_in_place(&mut case.id);
    for field in [&mut case.team, &mut case.area, &mut case.municipality] {
        field.as_mut().map(mask_in_place);
    }
    let mask_box = |b: &mut Box<str>| {
        if let std::borrow::Cow::Owned(masked) = mask_cpr(b) {
            *b = masked.into_boxed_str();
        }
    };
    for event in &mut case.events {
        event.id.as_mut().map(mask_box);
        event.reference.as_mut().map(mask_box);
        for (_, value) in &mut event.attrs {
            if let Value::Text(text) = value {
                mask_box(text);
            }
        }
    }
}

/// Masks (and with `pseudonyms`, pseudonymises) everything from the export that a report
/// shows beyond the listed results (protected as they are tallied, [`protect_rows`]):
/// people's case ids and subjects, group names, municipalities, provisions, input paths,
/// and the place and reason of rejected records. Formats see only what this leaves.
pub fn protect_report(
    tally: &mut Tally,
    inputs: &mut [InputSummary],
    rejects: &mut [Reject],
    pseudonyms: Option<&Pseudonyms>,
) {
    protect_inputs(inputs);
    tally.protect_people(&|id| public_id(id, pseudonyms), &|text| {
        mask_cpr(text).into_owned()
    });
    let groups = std::mem::take(&mut tally.groups);
    for (name, group) in groups {
        let name = name.map(|n| mask_cpr(&n).into_owned());
        match tally.groups.get_mut(&name) {
            // Two names that differ only in a CPR number are one group once masked.
            Some(known) => {
                known.cases += group.cases;
                for (a, b) in known.per_rule.iter_mut().zip(&group.per_rule) {
                    a.merge(b);
                }
                known.assessed_decisions += group.assessed_decisions;
                known.failed_decisions += group.failed_decisions;
                known.assessed_cases += group.assessed_cases;
                known.failed_cases += group.failed_cases;
            }
            None => {
                tally.groups.insert(name, group);
            }
        }
    }
    for set in [&mut tally.municipalities, &mut tally.unjudged.provisions] {
        *set = std::mem::take(set)
            .into_iter()
            .map(|s| mask_cpr(&s).into_owned())
            .collect();
    }
    for r in rejects {
        mask_in_place(&mut r.file);
        r.column.as_mut().map(mask_in_place);
        r.value.as_mut().map(mask_in_place);
        mask_in_place(&mut r.reason.da);
        mask_in_place(&mut r.reason.en);
    }
}

/// One warning per input whose case ids hold CPR numbers (the ids are masked in every
/// output, so such cases cannot be told apart there; `--pseudonymize` can).
pub fn cpr_case_id_warnings(inputs: &[InputSummary], lang: Lang) -> Vec<String> {
    inputs
        .iter()
        .filter(|i| i.cpr_case_ids > 0)
        .map(|input| {
            let n = input.cpr_case_ids;
            let path = &input.path;
            crate::tr_n!(lang, n, CprCaseIds, path = path, n = n)
        })
        .collect()
}
