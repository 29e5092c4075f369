//! The language of what a person reads: messages on stderr, `--help` and usage errors, the
//! table, Markdown, HTML, xlsx, `explain`, `worklist` and `rules show` (Danish by default).
//! Here, beside `calendar`, so that `load`, `rules` and `report` all use it without one
//! depending on another.
//!
//! One catalogue holds every message a person reads, in Danish and English, under a key
//! ([`Msg`], `messages.rs`); the command line's help texts are keyed by command and option
//! (`help.rs`), and clap's own words — "Usage", "error:", its usage errors — are rendered in
//! the user's language from clap's error kinds (`usage.rs`). Numbers are written as each
//! language writes them, through one rounding function ([`round`]).
pub mod detail;
mod help;
mod messages;
mod number;
pub mod usage;

pub use help::localized_command;
pub use messages::{Msg, value_name};
pub use number::{parse_decimal, read_shown, round};

use std::fmt::Display;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Da,
    En,
}

impl Lang {
    /// A message of the catalogue in this language.
    pub fn t(self, m: Msg) -> &'static str {
        match self {
            Lang::Da => m.da(),
            Lang::En => m.en(),
        }
    }

    /// The noun of a catalogue entry written `singular|plural` that goes with `n`.
    pub fn noun(self, n: u64, m: Msg) -> &'static str {
        let text = self.t(m);
        let (one, many) = text.split_once('|').unwrap_or((text, text));
        if n == 1 { one } else { many }
    }

    /// "1 sag", "2.345 sager": a count with its noun (a `singular|plural` entry).
    pub fn count(self, n: u64, m: Msg) -> String {
        format!("{} {}", self.int(n), self.noun(n, m))
    }

    /// A whole number as the language writes it: "1.234" in Danish, "1,234" in English.
    pub fn int(self, n: impl Into<i128>) -> String {
        number::int(n.into(), self)
    }

    /// A share as a percentage with one decimal, rounded once from the exact value:
    /// "35,7 %" in Danish, "35.7 %" in English; "–" for none.
    pub fn percent(self, share: Option<f64>) -> String {
        share.map_or_else(|| "–".into(), |x| number::percent(x, self))
    }

    /// A number with `decimals` decimals and the language's decimal mark.
    pub fn decimal(self, x: f64, decimals: u32) -> String {
        number::decimal(x, decimals, self)
    }

    /// "ja"/"nej", "yes"/"no".
    pub fn yes_no(self, b: bool) -> &'static str {
        self.t(if b { Msg::Yes } else { Msg::No })
    }

    /// The language asked for before options are read (for `--help` and usage errors):
    /// `--lang X` or `--lang=X` among the arguments, else the environment variable
    /// `CASEAUDIT_LANG`, else Danish.
    pub fn from_args_or_env(args: &[std::ffi::OsString]) -> Lang {
        let given = args
            .iter()
            .zip(args.iter().skip(1).map(Some).chain([None]))
            .find_map(|(a, next)| {
                let a = a.to_str()?;
                match a.strip_prefix("--lang") {
                    Some("") => next.and_then(|n| n.to_str()).map(str::to_string),
                    Some(rest) => rest.strip_prefix('=').map(str::to_string),
                    None => None,
                }
            })
            .or_else(|| std::env::var("CASEAUDIT_LANG").ok());
        match given.as_deref().map(str::trim) {
            Some(l)
                if l.eq_ignore_ascii_case("en") || l.to_ascii_lowercase().starts_with("en_") =>
            {
                Lang::En
            }
            _ => Lang::Da,
        }
    }
}

/// An I/O error as the user reads it: the operating system's message in English, and in
/// Danish a sentence for the errors a user meets (a file missing, no access, a folder).
pub fn io_error(e: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind::*;
    let key = match e.kind() {
        NotFound => Msg::IoNotFound,
        PermissionDenied => Msg::IoPermissionDenied,
        AlreadyExists => Msg::IoAlreadyExists,
        IsADirectory => Msg::IoIsADirectory,
        NotADirectory => Msg::IoNotADirectory,
        StorageFull => Msg::IoStorageFull,
        ReadOnlyFilesystem => Msg::IoReadOnly,
        InvalidData => Msg::IoInvalidData,
        UnexpectedEof => Msg::IoUnexpectedEof,
        BrokenPipe => Msg::IoBrokenPipe,
        Interrupted => Msg::IoInterrupted,
        _ if lang == Lang::En => return e.to_string(),
        _ => return format!("{} ({e})", lang.t(Msg::IoOther)),
    };
    match lang {
        Lang::En => e.to_string(),
        Lang::Da => lang.t(key).to_string(),
    }
}

/// An error that happened while doing something to a file, said in both languages:
/// `read(path).or_say(Msg::CouldNotRead, path)` gives "kunne ikke læse x.csv: filen findes
/// ikke" / "could not read x.csv: No such file or directory (os error 2)".
pub trait OrSay<T> {
    fn or_say(self, key: Msg, path: impl Display) -> anyhow::Result<T>;
}

/// What caused an error, in each language.
pub trait Cause {
    fn cause(&self, lang: Lang) -> String;
}

impl Cause for std::io::Error {
    fn cause(&self, lang: Lang) -> String {
        io_error(self, lang)
    }
}

impl Cause for anyhow::Error {
    fn cause(&self, lang: Lang) -> String {
        crate::load::message(self, lang)
    }
}

impl<T, E: Cause> OrSay<T> for Result<T, E> {
    fn or_say(self, key: Msg, path: impl Display) -> anyhow::Result<T> {
        self.map_err(|e| {
            let say = |lang: Lang| {
                format!(
                    "{}: {}",
                    fill(lang.t(key), &[("path", &path)]),
                    e.cause(lang)
                )
            };
            anyhow::Error::new(crate::model::input::Reason::new(
                say(Lang::Da),
                say(Lang::En),
            ))
        })
    }
}

/// Canonical choices as a list a person reads: "bevilget, delvis bevilget, afslag" in
/// Danish; the canonical ids in English (as mapping files and machine formats write them).
pub fn choices(allowed: &[&str], lang: Lang) -> String {
    allowed
        .iter()
        .map(|v| match lang {
            Lang::Da => value_name(v, lang),
            Lang::En => v,
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A catalogue text with its `{name}` placeholders filled in. A placeholder without a
/// value stays as written.
pub fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}');
        let value = close.and_then(|c| args.iter().find(|(name, _)| *name == &after[..c]));
        match (close, value) {
            (Some(c), Some((_, v))) => {
                use std::fmt::Write;
                let _ = write!(out, "{v}");
                rest = &after[c + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A catalogue message in both languages whose placeholders are plain values (`args`, the
/// same in each) or texts said in both languages themselves (`parts`): "rule U1: {detail}"
/// around a message about the rule.
pub fn said(
    key: Msg,
    args: &[(&str, &dyn Display)],
    parts: &[(&str, &crate::model::input::Reason)],
) -> crate::model::input::Reason {
    let one = |lang: Lang| {
        let mut all: Vec<(&str, &dyn Display)> = args.to_vec();
        let texts: Vec<(&str, &str)> = parts.iter().map(|(n, r)| (*n, r.text(lang))).collect();
        all.extend(texts.iter().map(|(n, t)| (*n, t as &dyn Display)));
        fill(lang.t(key), &all)
    };
    crate::model::input::Reason::new(one(Lang::Da), one(Lang::En))
}

/// A catalogue message in `lang` with its placeholders filled in:
/// `tr!(lang, LateBy, what = noun, late = late)`.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $key:ident $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::lang::fill(
            $lang.t($crate::lang::Msg::$key),
            &[$((stringify!($name), &$value as &dyn ::std::fmt::Display)),*],
        )
    };
}

/// A catalogue message written `singular|plural`, the form that goes with `n`, its
/// placeholders filled in: `tr_n!(lang, n, LaterEvents, n = n)`.
#[macro_export]
macro_rules! tr_n {
    ($lang:expr, $count:expr, $key:ident $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::lang::fill(
            $lang.noun($count as u64, $crate::lang::Msg::$key),
            &[$((stringify!($name), &$value as &dyn ::std::fmt::Display)),*],
        )
    };
}

/// A catalogue message in both languages, for an error or a rejected record's reason that
/// is shown in the user's language and written in English in machine formats:
/// `both!(NotADate, value = v)` gives a [`crate::model::input::Reason`].
#[macro_export]
macro_rules! both {
    ($key:ident $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::model::input::Reason::new(
            $crate::tr!($crate::lang::Lang::Da, $key $(, $name = $value)*),
            $crate::tr!($crate::lang::Lang::En, $key $(, $name = $value)*),
        )
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_by_name() {
        assert_eq!(fill("{n} af {m}", &[("n", &3), ("m", &"fem")]), "3 af fem");
        assert_eq!(fill("{x} {n}", &[("n", &1)]), "{x} 1");
        assert_eq!(fill("{\"cases\": []}", &[]), "{\"cases\": []}");
        assert_eq!(fill("a {", &[]), "a {");
    }

    #[test]
    fn every_message_has_both_languages_with_the_same_placeholders() {
        fn names(s: &str) -> std::collections::BTreeSet<String> {
            let mut out = std::collections::BTreeSet::new();
            let mut rest = s;
            while let Some(i) = rest.find('{') {
                rest = &rest[i + 1..];
                if let Some(j) = rest.find('}') {
                    let name = &rest[..j];
                    if !name.is_empty()
                        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    {
                        out.insert(name.to_string());
                    }
                }
            }
            out
        }
        for m in Msg::ALL {
            assert!(!m.da().is_empty() || m.en().is_empty(), "{m:?}");
            assert_eq!(names(m.da()), names(m.en()), "{m:?}");
            assert_eq!(
                m.da().contains('|'),
                m.en().contains('|'),
                "{m:?}: plural forms"
            );
        }
    }

    #[test]
    fn every_canonical_choice_has_a_name_in_both_languages() {
        use crate::model::{KINDS, OUTCOMES, REPORTERS};
        for v in KINDS.iter().chain(OUTCOMES).chain(REPORTERS) {
            assert_ne!(value_name(v, Lang::Da), *v, "{v}");
            assert!(!value_name(v, Lang::En).contains('_'), "{v}");
        }
    }

    #[test]
    fn nouns_agree_with_their_count() {
        assert_eq!(Lang::Da.count(1, Msg::Cases), "1 sag");
        assert_eq!(Lang::Da.count(2345, Msg::Cases), "2.345 sager");
        assert_eq!(Lang::En.count(0, Msg::Cases), "0 cases");
        assert_eq!(Lang::En.count(1, Msg::Cases), "1 case");
    }

    #[test]
    fn help_language_comes_from_the_arguments_then_the_environment() {
        let args = |v: &[&str]| v.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert_eq!(
            Lang::from_args_or_env(&args(&["caseaudit", "audit", "--lang", "en", "--help"])),
            Lang::En
        );
        assert_eq!(
            Lang::from_args_or_env(&args(&["caseaudit", "--lang=en", "-h"])),
            Lang::En
        );
        assert_eq!(
            Lang::from_args_or_env(&args(&["caseaudit", "--lang", "da", "-h"])),
            Lang::Da
        );
    }
}
