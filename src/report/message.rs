//! A finding's message in the report's language. Messages name events, attributes and
//! numbers only: free text from the case (justifications, reasons) never enters a report.
use super::ResultRow;
use crate::lang::Msg;
use crate::model::Attr;
use crate::rules::{Lang, Note, What};

fn what(w: What, lang: Lang) -> &'static str {
    let (da, en) = match w {
        What::Event(e) => e.nouns(),
        What::Attr(a) => a.labels(),
    };
    pick(lang, da, en)
}

fn attr(a: Attr, lang: Lang) -> &'static str {
    let (da, en) = a.labels();
    pick(lang, da, en)
}

fn pick(lang: Lang, da: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Da => da,
        Lang::En => en,
    }
}

/// How late, as a person reads it: "30 min" and "2 timer 15 min" under a day when both
/// moments had a time, "25 timer" beyond, "3 dage" for dates; empty when not late.
pub fn late(row: &ResultRow, lang: Lang) -> String {
    match (row.late_minutes, row.late_hours, row.late_days) {
        (Some(m), _, _) if m < 60 => crate::tr!(lang, LateMinutes, n = m),
        (Some(m), _, _) if m < 24 * 60 => {
            let hours = lang.count((m / 60) as u64, Msg::Hours);
            match m % 60 {
                0 => hours,
                rest => format!("{hours} {}", crate::tr!(lang, LateMinutes, n = rest)),
            }
        }
        (_, Some(h), _) => lang.count(h.max(0) as u64, Msg::Hours),
        (_, None, Some(d)) => lang.count(d.max(0) as u64, Msg::Days),
        (_, None, None) => String::new(),
    }
}

/// The message for a listed result.
pub fn message(row: &ResultRow, lang: Lang) -> String {
    if let Some((a, b)) = row.human.pair.filter(|_| row.human.disputed()) {
        let (a, b) = (a.label(lang), b.label(lang));
        return match lang {
            Lang::Da => format!("bedømmerne er uenige ({a} / {b}); afventer opmandens afgørelse"),
            Lang::En => format!("the reviewers disagree ({a} / {b}); awaiting adjudication"),
        };
    }
    let due = row.due.map(|d| d.to_string()).unwrap_or_default();
    let late = late(row, lang);
    match (&row.note, lang) {
        (Note::OnTime(w), Lang::Da) => format!("{} kom rettidigt", what(*w, lang)),
        (Note::OnTime(w), Lang::En) => format!("{} on time", what(*w, lang)),
        (Note::Late(w), Lang::Da) => format!("{} kom {late} for sent", what(*w, lang)),
        (Note::Late(w), Lang::En) => format!("{} came {late} late", what(*w, lang)),
        (Note::Missing(w), Lang::Da) => {
            format!(
                "ingen {}; fristen {due} er overskredet med {late}",
                what(*w, lang)
            )
        }
        (Note::Missing(w), Lang::En) => {
            format!("no {}; deadline {due} passed {late} ago", what(*w, lang))
        }
        (Note::Open(w), Lang::Da) => format!("ingen {} endnu; frist {due}", what(*w, lang)),
        (Note::Open(w), Lang::En) => format!("no {} yet; due {due}", what(*w, lang)),
        (Note::Waived(w), Lang::Da) => format!("{} med begrundelse", what(*w, lang)),
        (Note::Waived(w), Lang::En) => format!("{} with a reason", what(*w, lang)),
        (Note::WaivedWithoutReason(w), Lang::Da) => {
            format!("ingen {}, og undladelsen er ikke begrundet", what(*w, lang))
        }
        (Note::WaivedWithoutReason(w), Lang::En) => {
            format!("no {}, and the waiver gives no reason", what(*w, lang))
        }
        (Note::NoDueDate(a), Lang::Da) => format!("{} er ikke angivet", attr(*a, lang)),
        (Note::NoDueDate(a), Lang::En) => format!("no {} set", attr(*a, lang)),
        (Note::NoProcessingTime, Lang::Da) => {
            "ingen offentliggjort sagsbehandlingsfrist for bestemmelsen".to_string()
        }
        (Note::NoProcessingTime, Lang::En) => {
            "no published processing time for the provision".to_string()
        }
        (Note::Found(w), Lang::Da) => format!("{} fundet", what(*w, lang)),
        (Note::Found(w), Lang::En) => format!("{} found", what(*w, lang)),
        (Note::NotFound(w), Lang::Da) => format!("ingen {} i perioden", what(*w, lang)),
        (Note::NotFound(w), Lang::En) => format!("no {} in the period", what(*w, lang)),
        (Note::StillOpen(w, o), Lang::Da) => format!(
            "ingen {}; kun en åben {} (manuel vurdering)",
            what(*w, lang),
            what(*o, lang)
        ),
        (Note::StillOpen(w, o), Lang::En) => format!(
            "no {}; only an open {} (manual review)",
            what(*w, lang),
            what(*o, lang)
        ),
        (
            Note::Counted {
                found,
                needed,
                unknown,
            },
            Lang::Da,
        ) => {
            format!(
                "{found} af {needed} krævede i perioden ({unknown} uden de nødvendige oplysninger)"
            )
        }
        (
            Note::Counted {
                found,
                needed,
                unknown,
            },
            Lang::En,
        ) => {
            format!(
                "{found} of {needed} required in the period ({unknown} lacking the needed details)"
            )
        }
        (Note::Flag(a, b), Lang::Da) => {
            format!("{}: {}", attr(*a, lang), if *b { "ja" } else { "nej" })
        }
        (Note::Flag(a, b), Lang::En) => {
            format!("{}: {}", attr(*a, lang), if *b { "yes" } else { "no" })
        }
        (Note::Text(a), Lang::Da) => format!("{} findes", attr(*a, lang)),
        (Note::Text(a), Lang::En) => format!("{} is given", attr(*a, lang)),
        (Note::TextLacks(a, p), Lang::Da) => format!("{} nævner ikke \"{p}\"", attr(*a, lang)),
        (Note::TextLacks(a, p), Lang::En) => format!("{} does not mention \"{p}\"", attr(*a, lang)),
        (Note::AwaitingReview, _) if row.human.machine_status.is_some() => {
            lang.t(Msg::AnsweredByAReviewer).to_string()
        }
        (Note::AwaitingReview, _) => lang.t(Msg::AwaitingAReviewerSAnswer).to_string(),
        (Note::NotRecorded(attrs), lang) => {
            let names: Vec<&str> = attrs.iter().map(|a| attr(*a, lang)).collect();
            let head = lang.t(Msg::NotRecorded);
            format!("{head}: {}", names.join(", "))
        }
    }
}
