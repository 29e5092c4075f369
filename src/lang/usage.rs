//! clap's own words in the user's language: a usage error is rendered here from its kind
//! and context (clap writes them in English only), and `--help` and `--version` are the
//! localised command's own text ([`super::localized_command`]).
use super::{Lang, Msg, fill};
use clap::error::{ContextKind, ContextValue, ErrorKind};
use std::fmt::Write;

fn text(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn list(e: &clap::Error, kind: ContextKind) -> Vec<String> {
    match e.get(kind) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::StyledStrs(v)) => v.iter().map(ToString::to_string).collect(),
        _ => Vec::new(),
    }
}

fn quoted(items: &[String]) -> String {
    items
        .iter()
        .map(|s| format!("'{s}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A tip clap wrote, in `lang`: the ones clap gives are recognised by their form; one that
/// is not known is left out in Danish rather than shown in English.
fn tip(text: &str, lang: Lang) -> Option<String> {
    if lang == Lang::En {
        return Some(text.to_string());
    }
    let pieces: Vec<&str> = text.split('\'').collect();
    if text.starts_with("to pass '") && pieces.len() >= 5 {
        return Some(fill(
            lang.t(Msg::UsageTipPassAsValue),
            &[("arg", &pieces[1]), ("use", &pieces[3])],
        ));
    }
    if text.starts_with('\'') && text.ends_with("' exists") && pieces.len() == 3 {
        return Some(fill(lang.t(Msg::UsageTipExists), &[("arg", &pieces[1])]));
    }
    None
}

/// A usage error as the user reads it, ending in a line break: "fejl: …", the tips, the
/// usage line and where to read more.
pub fn render(e: &clap::Error, lang: Lang) -> String {
    if lang == Lang::En {
        let mut text = e.render().to_string();
        if !text.ends_with('\n') {
            text.push('\n');
        }
        return text;
    }
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let mut text = danish_usage(&e.render().to_string());
        if !text.ends_with('\n') {
            text.push('\n');
        }
        return text;
    }
    let arg = text(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = text(e, ContextKind::InvalidValue).unwrap_or_default();
    let t = |m: Msg| lang.t(m);
    let mut out = format!("{}: ", t(Msg::ErrorLabel));
    match e.kind() {
        ErrorKind::InvalidValue if value.is_empty() => {
            out += &fill(t(Msg::UsageValueMissing), &[("arg", &arg)]);
        }
        ErrorKind::InvalidValue => {
            out += &fill(
                t(Msg::UsageInvalidValue),
                &[("value", &value), ("arg", &arg)],
            );
            let valid = list(e, ContextKind::ValidValue);
            if !valid.is_empty() {
                let _ = write!(
                    out,
                    "\n  [{}: {}]",
                    t(Msg::UsagePossibleValues),
                    valid.join(", ")
                );
            }
        }
        ErrorKind::ValueValidation => {
            out += &fill(
                t(Msg::UsageInvalidValue),
                &[("value", &value), ("arg", &arg)],
            );
            // The value parsers of `cli` give their reason in both languages.
            if let Some(source) = std::error::Error::source(e) {
                match source.downcast_ref::<crate::model::input::Reason>() {
                    Some(reason) => {
                        let _ = write!(out, ": {}", reason.text(lang));
                    }
                    None => {
                        let _ = write!(out, ": {source}");
                    }
                }
            }
        }
        ErrorKind::UnknownArgument => {
            out += &fill(t(Msg::UsageUnexpectedArgument), &[("arg", &arg)]);
        }
        ErrorKind::InvalidSubcommand => {
            let sub = text(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            out += &fill(t(Msg::UsageUnknownCommand), &[("command", &sub)]);
        }
        ErrorKind::MissingRequiredArgument => {
            out += t(Msg::UsageMissingArguments);
            for a in list(e, ContextKind::InvalidArg) {
                let _ = write!(out, "\n  {a}");
            }
        }
        ErrorKind::MissingSubcommand => {
            let sub = text(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            out += &fill(t(Msg::UsageMissingCommand), &[("command", &sub)]);
            let valid = list(e, ContextKind::ValidSubcommand);
            if !valid.is_empty() {
                let _ = write!(out, "\n  [{}: {}]", t(Msg::UsageCommands), valid.join(", "));
            }
        }
        ErrorKind::ArgumentConflict => {
            let prior = list(e, ContextKind::PriorArg);
            if prior.len() == 1 && prior[0] == arg {
                out += &fill(t(Msg::UsageArgumentTwice), &[("arg", &arg)]);
            } else {
                out += &fill(
                    t(Msg::UsageArgumentConflict),
                    &[("arg", &arg), ("other", &quoted(&prior))],
                );
            }
        }
        ErrorKind::NoEquals => {
            out += &fill(t(Msg::UsageNoEquals), &[("arg", &arg)]);
        }
        ErrorKind::TooManyValues => {
            out += &fill(
                t(Msg::UsageTooManyValues),
                &[("value", &value), ("arg", &arg)],
            );
        }
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            let expected = text(e, ContextKind::MinValues)
                .or_else(|| text(e, ContextKind::ExpectedNumValues))
                .unwrap_or_default();
            let actual = text(e, ContextKind::ActualNumValues).unwrap_or_default();
            out += &fill(
                t(Msg::UsageWrongNumberOfValues),
                &[("arg", &arg), ("expected", &expected), ("actual", &actual)],
            );
        }
        _ => out += t(Msg::UsageOther),
    }
    let mut tips: Vec<String> = Vec::new();
    for (kind, msg) in [
        (ContextKind::SuggestedSubcommand, Msg::UsageSimilarCommand),
        (ContextKind::SuggestedArg, Msg::UsageSimilarArgument),
        (ContextKind::SuggestedValue, Msg::UsageSimilarValue),
    ] {
        let similar = list(e, kind);
        if !similar.is_empty() {
            tips.push(fill(t(msg), &[("similar", &quoted(&similar))]));
        }
    }
    tips.extend(
        list(e, ContextKind::Suggested)
            .iter()
            .filter_map(|s| tip(s, lang)),
    );
    if !tips.is_empty() {
        out.push('\n');
        for tip in tips {
            let _ = write!(out, "\n  {}: {tip}", t(Msg::UsageTip));
        }
    }
    if let Some(usage) = text(e, ContextKind::Usage) {
        let usage = usage.trim_start();
        let usage = usage.strip_prefix("Usage:").unwrap_or(usage).trim_start();
        let _ = write!(out, "\n\n{} {}", t(Msg::UsageHeading), danish_usage(usage));
    }
    let _ = write!(out, "\n\n{}\n", t(Msg::UsageMoreHelp));
    out
}

/// clap's placeholder for the options in a usage line, in Danish.
fn danish_usage(text: &str) -> String {
    text.replace("[OPTIONS]", "[TILVALG]")
}
