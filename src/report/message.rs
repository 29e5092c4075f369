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
    use crate::tr;
    if let Some((a, b)) = row.human.pair.filter(|_| row.human.disputed()) {
        return tr!(lang, NoteDisputed, a = a.label(lang), b = b.label(lang));
    }
    let due = row.due.map(|d| d.to_string()).unwrap_or_default();
    let late = late(row, lang);
    match &row.note {
        Note::OnTime(w) => tr!(lang, NoteOnTime, what = what(*w, lang)),
        Note::Late(w) => tr!(lang, NoteLate, what = what(*w, lang), late = late),
        Note::Missing(w) => tr!(
            lang,
            NoteMissing,
            what = what(*w, lang),
            due = due,
            late = late
        ),
        Note::Open(w) => tr!(lang, NoteOpen, what = what(*w, lang), due = due),
        Note::Waived(w) => tr!(lang, NoteWaived, what = what(*w, lang)),
        Note::WaivedWithoutReason(w) => tr!(lang, NoteWaivedWithoutReason, what = what(*w, lang)),
        Note::NoDueDate(a) => tr!(lang, NoteNoDueDate, what = attr(*a, lang)),
        Note::NoProcessingTime => lang.t(Msg::NoteNoProcessingTime).to_string(),
        Note::Found(w) => tr!(lang, NoteFound, what = what(*w, lang)),
        Note::NotFound(w) => tr!(lang, NoteNotFound, what = what(*w, lang)),
        Note::StillOpen(w, o) => tr!(
            lang,
            NoteStillOpen,
            what = what(*w, lang),
            open = what(*o, lang)
        ),
        Note::Counted {
            found,
            needed,
            unknown,
        } => tr!(
            lang,
            NoteCounted,
            found = found,
            needed = needed,
            unknown = unknown
        ),
        Note::Flag(a, b) => format!("{}: {}", attr(*a, lang), lang.yes_no(*b)),
        Note::Text(a) => tr!(lang, NoteText, what = attr(*a, lang)),
        Note::TextLacks(a, p) => tr!(lang, NoteTextLacks, what = attr(*a, lang), text = p),
        Note::AwaitingReview if row.human.machine_status.is_some() => {
            lang.t(Msg::AnsweredByAReviewer).to_string()
        }
        Note::AwaitingReview => lang.t(Msg::AwaitingAReviewerSAnswer).to_string(),
        Note::NotRecorded(attrs) => {
            let names: Vec<&str> = attrs.iter().map(|a| attr(*a, lang)).collect();
            format!("{}: {}", lang.t(Msg::NotRecorded), names.join(", "))
        }
    }
}
