//! Thin: parse arguments, run the command, map the result to an exit code
//! (0 ok, 1 threshold breached or rule examples failed, 2 usage or input error).
use caseaudit::cli::{Cli, Command, LangArg, RulesCommand};
use caseaudit::cmd::{self, Outcome};
use caseaudit::lang::{Lang, Msg};
use caseaudit::privacy::Masked;
use caseaudit::terminal::{self, Printable};
use clap::FromArgMatches;
use std::io::Write;
use std::process::ExitCode;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // A panic's message may quote data: masked like every other message.
    std::panic::set_hook(Box::new(|info| {
        terminal::eprint(format!("internal error (a bug; please report it): {info}"));
    }));
    // --help and usage errors come before options are read: their language is --lang
    // found among the arguments, else CASEAUDIT_LANG, else Danish.
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let help_lang = Lang::from_args_or_env(&args);
    // `caseaudit help [COMMAND…]` is `caseaudit [COMMAND…] --help`.
    if args.get(1).is_some_and(|a| a == "help") {
        args.remove(1);
        args.push("--help".into());
    }
    let parsed = caseaudit::lang::localized_command(help_lang)
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        // Usage errors echo what was typed: masked like every other message.
        Err(e) => {
            let text = caseaudit::lang::usage::render(&e, help_lang);
            if e.use_stderr() {
                terminal::write_stderr(&text);
            } else {
                // --help and --version: through the mask and the filter, as all of stdout.
                let mut out = Masked::new(Printable::new(std::io::stdout().lock()));
                let _ = out
                    .write_all(text.as_bytes())
                    .and_then(|_| out.finish()?.finish().map(drop));
            }
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let stdout = std::io::stdout();
    // Everything on stdout passes the CPR mask (docs/privacy.md), then the filter of what a
    // terminal may show (src/terminal.rs).
    let mut out = Masked::new(Printable::new(std::io::BufWriter::new(stdout.lock())));
    let result = match &cli.command {
        Command::Audit(args) => cmd::audit::run(args, &mut out),
        Command::Rules(command) => cmd::rules::run(command, &mut out),
        Command::Validate(args) => cmd::validate::run(args, &mut out),
        Command::Generate(args) => cmd::generate::run(args, &mut out),
        Command::Diff(args) => cmd::diff::run(args, &mut out),
        Command::Sample(args) => cmd::sample::run(args, &mut out),
        Command::Trend(args) => cmd::trend::run(args, &mut out),
        Command::Review(args) => cmd::review::run(args, &mut out),
        Command::Explain(args) => cmd::explain::run(args, &mut out),
        Command::Worklist(args) => cmd::worklist::run(args, &mut out),
    };
    let flushed = out
        .finish()
        .and_then(Printable::finish)
        .and_then(|mut w| w.flush());
    match result.and_then(|o| flushed.map(|_| o).map_err(Into::into)) {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::Failed) => ExitCode::from(1),
        // `caseaudit audit … | head` closes the pipe early: not an error.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            // Errors follow --lang (Danish by default), as the reports do.
            let lang = lang(&cli.command);
            let label = lang.t(Msg::ErrorLabel);
            terminal::eprint(format!("{label}: {}", caseaudit::load::message(&e, lang)));
            ExitCode::from(2)
        }
    }
}

/// The command's `--lang`; Danish where it has none.
fn lang(command: &Command) -> Lang {
    let arg = match command {
        Command::Audit(args) => args.common.lang,
        Command::Validate(args) => args.common.lang,
        Command::Rules(RulesCommand::List(common) | RulesCommand::Show { common, .. }) => {
            common.lang
        }
        Command::Diff(args) => args.lang,
        Command::Sample(args) => args.common.lang,
        Command::Trend(args) => args.lang,
        Command::Review(args) => args.common.lang,
        Command::Explain(args) => args.common.lang,
        Command::Worklist(args) => args.common.lang,
        Command::Rules(RulesCommand::Test { lang, .. }) => *lang,
        Command::Generate(_) => LangArg::Da,
    };
    arg.into()
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain()
        .filter_map(|c| c.downcast_ref::<std::io::Error>())
        .any(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
}
