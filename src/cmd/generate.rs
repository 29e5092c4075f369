//! `caseaudit generate`: a synthetic export and the statuses it was built to give.
//! The generator itself lives in `crate::generate`.
use super::Outcome;
use crate::cli::GenerateArgs;

pub fn run(args: &GenerateArgs, out: &mut dyn std::io::Write) -> anyhow::Result<Outcome> {
    let settings = crate::generate::Settings {
        cases: args.cases,
        seed: args.seed,
        out: args.out.clone(),
        defect_rate: args.defect_rate,
    };
    crate::generate::run(&settings, out)?;
    Ok(Outcome::Ok)
}
