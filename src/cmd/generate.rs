//! `caseaudit generate`: a synthetic export and the statuses it was built to give.
use super::Outcome;
use crate::cli::GenerateArgs;

pub fn run(_args: &GenerateArgs, _out: &mut dyn std::io::Write) -> anyhow::Result<Outcome> {
    anyhow::bail!("generate is being built (issue 3)")
}
