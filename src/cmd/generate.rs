//! `caseaudit generate`: a synthetic export and the statuses it was built to give.
//! The generator itself lives in `crate::generate`.
use super::Outcome;
use crate::cli::GenerateArgs;
use crate::rules::Lang;

pub fn run(args: &GenerateArgs, out: &mut dyn std::io::Write) -> anyhow::Result<Outcome> {
    let settings = crate::generate::Settings {
        cases: args.cases,
        seed: args.seed,
        out: args.out.clone(),
        defect_rate: args.defect_rate,
    };
    // generate has no --lang: its words are the default language's.
    let bar = super::progress::Bar::new(args.quiet, Lang::Da);
    bar.phase(
        super::progress::Unit::Items,
        bar.say(crate::lang::Msg::ProgressWritingCases),
        args.cases,
    );
    crate::generate::run(&settings, out, &|n| bar.set(n))?;
    bar.finish();
    Ok(Outcome::Ok)
}
