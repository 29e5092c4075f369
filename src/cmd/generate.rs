//! `caseaudit generate`: a synthetic export and the statuses it was built to give.
//! The generator itself lives in `crate::generate`.
use super::Outcome;
use crate::cli::GenerateArgs;

pub fn run(args: &GenerateArgs, out: &mut dyn std::io::Write) -> anyhow::Result<Outcome> {
    crate::generate::run(args, out)
}
