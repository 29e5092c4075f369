//! `caseaudit validate`: what each file gave, what was detected, and every rejected record.
use super::Outcome;
use crate::cli::ValidateArgs;

pub fn run(_args: &ValidateArgs, _out: &mut dyn std::io::Write) -> anyhow::Result<Outcome> {
    anyhow::bail!("validate is being built (issue 3)")
}
