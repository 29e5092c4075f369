#![no_main]
//! A CSV or NDJSON export read two ways: by the audit's stream, cut into pieces of a few
//! bytes (the first input byte chooses the format, the size and the memory budget, which a
//! CSV export not grouped by case is regrouped in), and by the collecting path
//! (`load::load`). They must agree: the same error, or the same cases, input summary,
//! rejected records and warnings. The stream gives itself up where it cannot read exactly
//! as the collecting path would; what it does read must be what that path reads.
mod common;

use caseaudit::load::{self, CaseSink, LoadOptions};
use caseaudit::model::Case;
use libfuzzer_sys::fuzz_target;

/// Keeps the cases the audit is given.
struct Keep(Vec<Case>);

impl CaseSink<()> for Keep {
    fn take(&mut self, judged: Vec<(Case, ())>) -> anyhow::Result<()> {
        self.0.extend(judged.into_iter().map(|(case, ())| case));
        Ok(())
    }
    fn reset(&mut self) {
        self.0.clear();
    }
}

const PIECES: [usize; 8] = [1, 2, 3, 5, 8, 13, 64, 1000];

/// Budgets of the regrouping's buckets (bytes; `None` the default).
const BUDGETS: [Option<usize>; 4] = [None, Some(0), Some(100), Some(1000)];

fuzz_target!(|data: &[u8]| {
    let Some((&first, text)) = data.split_first() else {
        return;
    };
    let ext = if first & 1 == 0 { "csv" } else { "ndjson" };
    let piece = PIECES[usize::from(first >> 1) % PIECES.len()];
    let budget = BUDGETS[usize::from(first >> 4) % BUDGETS.len()];
    let dir = tempfile::tempdir().expect("a temporary folder");
    let paths = [dir.path().join(format!("input.{ext}"))];
    std::fs::write(&paths[0], text).expect("the input written");
    let provisions = &common::catalogue().provisions;
    let collected = load::load(&paths, provisions, &LoadOptions::default());
    let options = LoadOptions {
        piece: Some(piece),
        budget,
        ..LoadOptions::default()
    };
    let mut keep = Keep(Vec::new());
    let streamed = load::audit_inputs(&paths, provisions, &options, &|_| {}, &|_| (), &mut keep);
    match (collected, streamed) {
        (Err(c), Err(s)) => assert_eq!(format!("{c:#}"), format!("{s:#}")),
        (Ok(c), Ok((s, _))) => {
            assert!(keep.0 == c.cases, "the cases differ, in pieces of {piece}");
            assert_eq!(s.inputs, c.inputs, "in pieces of {piece}");
            let all = |r: &load::Rejects| (r.total(), r.listed().to_vec());
            assert_eq!(all(&s.rejects), all(&c.rejects), "in pieces of {piece}");
            assert_eq!(all(&s.warnings), all(&c.warnings), "in pieces of {piece}");
        }
        (c, s) => panic!(
            "collected {:?}, streamed {:?}, in pieces of {piece}",
            c.map(|_| ()),
            s.map(|_| ())
        ),
    }
});
