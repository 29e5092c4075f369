//! The vocabulary: the names of the model's fields, canonical names of values and the Danish
//! words exports use for them, and how a cell's text is trimmed before it is compared. The
//! bottom of the loader's value modules: it imports neither [`super::values`] nor
//! [`super::fields`] (see the module comment of [`super`]).
use super::Reason;
use crate::model::{
    APPEAL_OUTCOMES, Attr, AttrType, DECISION_OUTCOMES, EventType, KINDS, OUTCOMES, REPORTERS,
};

/// Empty or only white space (as `str::trim` has it); most cells of an export are empty,
/// and most others begin with a letter or digit, which settles it at the first byte.
pub fn blank(s: &str) -> bool {
    blank_bytes(s.as_bytes())
}

/// [`blank`] of a cell's bytes, read as text only when the first byte does not settle it
/// (bytes that are not UTF-8 are not blank).
pub fn blank_bytes(b: &[u8]) -> bool {
    match b.first() {
        None => true,
        Some(c) if c.is_ascii_alphanumeric() => false,
        Some(_) => std::str::from_utf8(b).is_ok_and(|s| s.trim().is_empty()),
    }
}

/// `str::trim`, settled at the ends' bytes when they are printable ASCII (never white
/// space), as nearly every cell's are: `trim` decodes a character at each end.
pub fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(a), Some(z)) if a.is_ascii_graphic() && z.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

/// The case-level fields of contract §2.
pub const CASE_FIELDS: [&str; 5] = [
    "case_id",
    "area",
    "municipality",
    "team",
    "child_birth_date",
];

/// A field an event can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventField {
    Type,
    Date,
    Id,
    Ref,
    /// An attribute (the outcome among them, read with the type in mind).
    Attr(Attr),
}

impl EventField {
    pub fn from_name(name: &str) -> Option<EventField> {
        Some(match name {
            "type" => EventField::Type,
            "date" => EventField::Date,
            "id" => EventField::Id,
            "ref" => EventField::Ref,
            _ => EventField::Attr(Attr::from_name(name)?),
        })
    }

    /// The canonical name.
    pub fn name(self) -> &'static str {
        match self {
            EventField::Type => "type",
            EventField::Date => "date",
            EventField::Id => "id",
            EventField::Ref => "ref",
            EventField::Attr(a) => a.name(),
        }
    }
}

/// Is `name` a field an event can carry?
pub fn is_event_field(name: &str) -> bool {
    EventField::from_name(name).is_some()
}

/// Is `name` a field that holds a date?
pub fn is_date_field(name: &str) -> bool {
    matches!(name, "date" | "child_birth_date")
        || Attr::from_name(name).is_some_and(|a| a.value_type() == AttrType::Moment)
}

/// Lower-cases and folds spaces, hyphens and underscores, so `Delvis bevilget`,
/// `delvis_bevilget` and `delvis-bevilget` are one word.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(|c: char| c.is_whitespace() || c == '_' || c == '-') {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('_');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// Danish names of event types (folded) → the type. Used for `type` cells and, in the wide
/// layout, for column names.
pub const EVENT_ALIASES: &[(&str, EventType)] = &[
    ("underretning", EventType::NotificationReceived),
    ("underretning_modtaget", EventType::NotificationReceived),
    ("modtaget_underretning", EventType::NotificationReceived),
    ("underretning_vurderet", EventType::NotificationAssessed),
    ("vurdering_af_underretning", EventType::NotificationAssessed),
    ("24_timers_vurdering", EventType::NotificationAssessed),
    ("kvittering", EventType::NotificationAcknowledged),
    (
        "kvittering_til_underretter",
        EventType::NotificationAcknowledged,
    ),
    (
        "underretning_kvitteret",
        EventType::NotificationAcknowledged,
    ),
    ("opmærksom", EventType::Awareness),
    ("opmærksomhed", EventType::Awareness),
    ("opmærksom_på_behov", EventType::Awareness),
    ("opmærksom_på_behov_for_støtte", EventType::Awareness),
    ("undersøgelse_påbegyndt", EventType::InvestigationStarted),
    (
        "børnefaglig_undersøgelse_påbegyndt",
        EventType::InvestigationStarted,
    ),
    ("bfu_påbegyndt", EventType::InvestigationStarted),
    ("foreløbig_vurdering", EventType::ProvisionalAssessment),
    ("undersøgelse_afsluttet", EventType::InvestigationCompleted),
    (
        "børnefaglig_undersøgelse_afsluttet",
        EventType::InvestigationCompleted,
    ),
    ("bfu_afsluttet", EventType::InvestigationCompleted),
    ("børnesamtale", EventType::ChildConversation),
    ("samtale_med_barnet", EventType::ChildConversation),
    ("børnesamtale_undladt", EventType::ChildConversationWaived),
    ("børnesamtale_fravalgt", EventType::ChildConversationWaived),
    ("handleplan", EventType::ActionPlan),
    ("barnets_plan", EventType::ActionPlan),
    ("handleplan_undladt", EventType::ActionPlanWaived),
    ("handleplan_fravalgt", EventType::ActionPlanWaived),
    ("barnets_plan_undladt", EventType::ActionPlanWaived),
    ("ansøgning", EventType::ApplicationReceived),
    ("ansøgning_modtaget", EventType::ApplicationReceived),
    ("partshøring", EventType::PartyHearing),
    ("partshøring_undladt", EventType::PartyHearingWaived),
    ("afgørelse", EventType::Decision),
    ("orientering_om_sagsbehandlingstid", EventType::DelayNotice),
    (
        "orientering_om_forventet_sagsbehandlingstid",
        EventType::DelayNotice,
    ),
    ("indsats_iværksat", EventType::MeasureStarted),
    ("indsats_startet", EventType::MeasureStarted),
    ("indsats_ophørt", EventType::MeasureEnded),
    ("indsats_afsluttet", EventType::MeasureEnded),
    ("opfølgning", EventType::FollowUp),
    ("tilsynsbesøg", EventType::SupervisionVisit),
    ("tilsyn", EventType::SupervisionVisit),
    ("dokument_modtaget", EventType::DocumentReceived),
    ("skift_af_sagsbehandler", EventType::CaseworkerChange),
    ("sagsbehandlerskift", EventType::CaseworkerChange),
    ("ankestyrelsens_afgørelse", EventType::AppealDecided),
    ("klageafgørelse", EventType::AppealDecided),
    ("ankeafgørelse", EventType::AppealDecided),
];

/// Danish words for enumerated values (folded) → the attribute and canonical value.
pub const VALUE_ALIASES: &[(Attr, &str, &str)] = &[
    (Attr::Reporter, "fagperson", "professional"),
    (Attr::Reporter, "professionel", "professional"),
    (Attr::Reporter, "privat", "private"),
    (Attr::Reporter, "privatperson", "private"),
    (Attr::Reporter, "borger", "private"),
    (Attr::Reporter, "anonym", "anonymous"),
    (Attr::Outcome, "bevilget", "granted"),
    (Attr::Outcome, "bevilling", "granted"),
    (Attr::Outcome, "imødekommet", "granted"),
    (Attr::Outcome, "delvis_bevilget", "partly_granted"),
    (Attr::Outcome, "delvist_bevilget", "partly_granted"),
    (Attr::Outcome, "delvis_imødekommet", "partly_granted"),
    (Attr::Outcome, "afslag", "refused"),
    (Attr::Outcome, "afvist", "refused"),
    (Attr::Outcome, "stadfæstet", "upheld"),
    (Attr::Outcome, "ændret", "changed"),
    (Attr::Outcome, "ophævet", "annulled"),
    (Attr::Outcome, "hjemvist", "remanded"),
    (Attr::Outcome, "afvist_af_ankestyrelsen", "dismissed"),
    (Attr::Outcome, "videresendt", "referred"),
    (Attr::Outcome, "bortfaldet", "lapsed"),
    (Attr::Kind, "støtte", "support"),
    (Attr::Kind, "støttende_indsats", "support"),
    (Attr::Kind, "anbringelse", "placement"),
    (Attr::Kind, "frivillig_anbringelse", "placement"),
    (
        Attr::Kind,
        "anbringelse_uden_samtykke",
        "placement_without_consent",
    ),
    (Attr::Kind, "tvangsanbringelse", "placement_without_consent"),
    (Attr::Kind, "ydelse", "benefit"),
    (Attr::Kind, "økonomisk_ydelse", "benefit"),
    (Attr::Kind, "andet", "other"),
];

/// Outcome words whose meaning depends on the event: `afvist` is a municipality's refusal
/// on a decision, and Ankestyrelsen's dismissal on an appeal decision. These win over
/// [`VALUE_ALIASES`] for their event type.
pub const OUTCOME_ALIASES_BY_TYPE: &[(EventType, &str, &str)] =
    &[(EventType::AppealDecided, "afvist", "dismissed")];

/// The canonical outcome of an event of type `kind`, from its canonical or Danish
/// spelling; Err says why not (no outcome for this type, or one of another type's).
pub fn outcome(kind: EventType, text: &str) -> Result<&'static str, Reason> {
    let name = kind.name();
    let allowed = match kind {
        EventType::Decision => DECISION_OUTCOMES,
        EventType::AppealDecided => APPEAL_OUTCOMES,
        _ => {
            return Err(Reason::new(
                format!(
                    "hændelsestypen {name} har intet udfald (kun decision og appeal_decided \
                     har et)"
                ),
                format!("a {name} has no outcome (only decision and appeal_decided have one)"),
            ));
        }
    };
    // An outcome as the export names it canonically: no folding (the common case).
    let trimmed = trim(text);
    if let Some(c) = allowed.iter().find(|c| **c == trimmed)
        && !OUTCOME_ALIASES_BY_TYPE
            .iter()
            .any(|(_, alias, _)| alias == c)
    {
        return Ok(c);
    }
    let folded = fold(text);
    let by_type = OUTCOME_ALIASES_BY_TYPE
        .iter()
        .find(|(k, alias, _)| *k == kind && *alias == folded)
        .map(|(_, _, c)| *c);
    // What is allowed, after a prefix in each language (built only for an error).
    let expected = |(da, en): (String, String)| {
        let list = |lang| crate::lang::choices(allowed, lang);
        Reason::new(
            format!(
                "{da}udfaldet for {name} skal være en af {}",
                list(crate::lang::Lang::Da)
            ),
            format!(
                "{en}a {name}'s outcome is one of {}",
                list(crate::lang::Lang::En)
            ),
        )
    };
    match by_type.or_else(|| choice(Attr::Outcome, text)) {
        Some(c) if allowed.contains(&c) => Ok(c),
        Some(c) => Err(expected((
            format!("{c} er ikke et udfald for {name}; "),
            format!("{c} is not an outcome of a {name}; "),
        ))),
        None => Err(expected(Default::default())),
    }
}

/// The event type a cell names, canonical or Danish.
pub fn event_type(text: &str) -> Option<EventType> {
    // Canonical names need no folding (and no allocation): the common case in big exports.
    if let Some(t) = EventType::from_name(trim(text)) {
        return Some(t);
    }
    let folded = fold(text);
    EventType::from_name(&folded).or_else(|| {
        EVENT_ALIASES
            .iter()
            .find(|(alias, _)| *alias == folded)
            .map(|(_, t)| *t)
    })
}

/// The canonical value of an enumerated attribute, from its canonical or Danish spelling.
pub fn choice(attr: Attr, text: &str) -> Option<&'static str> {
    let canonical: &[&'static str] = match attr {
        Attr::Reporter => REPORTERS,
        Attr::Outcome => OUTCOMES,
        Attr::Kind => KINDS,
        _ => return None,
    };
    if let Some(c) = canonical.iter().copied().find(|c| *c == trim(text)) {
        return Some(c);
    }
    let folded = fold(text);
    canonical
        .iter()
        .copied()
        .find(|c| *c == folded)
        .or_else(|| {
            VALUE_ALIASES
                .iter()
                .find(|(a, alias, _)| *a == attr && *alias == folded)
                .map(|(_, _, c)| *c)
        })
}

/// Danish column headers (folded) → canonical field names. Canonical names are accepted
/// as they are; this table lists only the Danish (and common export) spellings.
pub const COLUMN_ALIASES: &[(&str, &str)] = &[
    ("sagsnummer", "case_id"),
    ("sagsnr", "case_id"),
    ("sags_nr", "case_id"),
    ("sags_id", "case_id"),
    ("sagsid", "case_id"),
    ("sag", "case_id"),
    ("hændelse", "type"),
    ("hændelsestype", "type"),
    ("dato", "date"),
    ("hændelsesdato", "date"),
    ("tid", "time"),
    ("tidspunkt", "time"),
    ("klokkeslæt", "time"),
    ("hændelses_id", "id"),
    ("reference", "ref"),
    ("henvisning", "ref"),
    ("område", "area"),
    ("sagsområde", "area"),
    ("kommune", "municipality"),
    ("afdeling", "team"),
    ("enhed", "team"),
    ("fødselsdato", "child_birth_date"),
    ("barnets_fødselsdato", "child_birth_date"),
    ("underretter", "reporter"),
    ("bestemmelse", "provision"),
    ("paragraf", "provision"),
    ("hjemmel", "provision"),
    ("lovhjemmel", "provision"),
    ("art", "kind"),
    ("indsatstype", "kind"),
    ("udfald", "outcome"),
    ("resultat", "outcome"),
    ("akut", "acute"),
    ("begrundelse", "justification"),
    ("har_begrundelse", "has_justification"),
    ("begrundet", "has_justification"),
    ("henviser_til_regler", "cites_legal_basis"),
    ("regler_angivet", "cites_legal_basis"),
    ("hovedhensyn", "states_considerations"),
    ("angiver_hovedhensyn", "states_considerations"),
    ("klagevejledning", "appeal_guidance"),
    ("helhedsvurdering", "holistic_assessment"),
    ("partshøring_påkrævet", "hearing_required"),
    ("årsag", "reason"),
    ("næste_opfølgning", "next_due"),
    ("på_anbringelsesstedet", "at_placement"),
    ("talt_med_barnet", "child_spoken_to"),
    ("journaliseret", "journaled"),
    ("journaliseringsdato", "journaled"),
    ("overdragelsesnotat", "handover_note"),
];

/// No field's name is longer, with its event type and repeat number in the wide layout
/// (`børnesamtale_undladt_(12)_begrundelse`), nor its Danish spelling: a longer header names
/// none, and is not read word by word (a cut at each `_` of a long header would make the
/// work grow with the square of its length).
const LONGEST_NAME: usize = 200;

/// `header`, when it is short enough to name a field ([`LONGEST_NAME`]).
fn nameable(header: &str) -> Option<&str> {
    Some(header.trim()).filter(|h| h.len() <= LONGEST_NAME)
}

/// The canonical field a column header names, canonical or Danish; None if unknown.
pub fn column(header: &str) -> Option<&'static str> {
    let folded = fold(nameable(header)?);
    if let Some(canonical) = CASE_FIELDS.iter().find(|c| **c == folded) {
        return Some(canonical);
    }
    if let Some(attr) = crate::model::Attr::from_name(&folded) {
        return Some(attr.name());
    }
    match folded.as_str() {
        "type" => return Some("type"),
        "date" => return Some("date"),
        "time" => return Some("time"),
        "id" => return Some("id"),
        "ref" => return Some("ref"),
        _ => {}
    }
    COLUMN_ALIASES
        .iter()
        .find(|(alias, _)| *alias == folded)
        .map(|(_, c)| *c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_space_and_separators() {
        assert_eq!(fold("  Delvis  bevilget "), "delvis_bevilget");
        assert_eq!(fold("Underretning-Modtaget"), "underretning_modtaget");
    }

    #[test]
    fn danish_and_canonical_values() {
        assert_eq!(
            event_type("Underretning modtaget"),
            Some(EventType::NotificationReceived)
        );
        assert_eq!(event_type("decision"), Some(EventType::Decision));
        assert_eq!(event_type("kaffe"), None);
        assert_eq!(
            choice(Attr::Outcome, "Delvis bevilget"),
            Some("partly_granted")
        );
        assert_eq!(choice(Attr::Reporter, "fagperson"), Some("professional"));
        assert_eq!(
            choice(Attr::Kind, "placement_without_consent"),
            Some("placement_without_consent")
        );
        assert_eq!(choice(Attr::Outcome, "måske"), None);
    }

    #[test]
    fn outcomes_belong_to_their_event_type() {
        use EventType::*;
        assert_eq!(outcome(Decision, "afvist"), Ok("refused"));
        assert_eq!(outcome(AppealDecided, "afvist"), Ok("dismissed"));
        assert_eq!(
            outcome(AppealDecided, "Afvist af Ankestyrelsen"),
            Ok("dismissed")
        );
        assert_eq!(outcome(AppealDecided, "stadfæstet"), Ok("upheld"));
        let err = outcome(Decision, "upheld").unwrap_err();
        assert!(err.en.contains("granted, partly_granted, refused"), "{err}");
        assert!(outcome(AppealDecided, "granted").is_err());
        let err = outcome(NotificationReceived, "granted").unwrap_err();
        assert!(err.en.contains("has no outcome"), "{err}");
    }

    #[test]
    fn every_alias_names_a_canonical_value() {
        for (attr, _, canonical) in VALUE_ALIASES {
            assert_eq!(choice(*attr, canonical), Some(*canonical));
        }
    }

    proptest::proptest! {
        /// The fast paths agree with `str::trim` on any text, white space of every kind
        /// (NBSP, ideographic space) at either end included.
        #[test]
        fn trim_and_blank_agree_with_str_trim(
            s in "[ \\t\u{a0}\u{3000}a-zA-Z0-9æøå.:-]{0,12}",
        ) {
            proptest::prop_assert_eq!(trim(&s), s.trim());
            proptest::prop_assert_eq!(blank(&s), s.trim().is_empty());
            proptest::prop_assert_eq!(blank_bytes(s.as_bytes()), s.trim().is_empty());
        }
    }
}

/// A wide-layout column: an event type, which occurrence (1 for `decision`, 2 for
/// `decision_2`) and the field it holds (`date` for the event's own column, else an
/// attribute, `id` or `ref`): `decision_2_outcome`, `afgørelse_2_udfald`, `follow_up_3`.
pub fn wide_column(header: &str) -> Option<(EventType, u32, &'static str)> {
    let folded = repeats_apart(&fold(nameable(header)?));
    // The longest event-type prefix whose remainder is a valid suffix wins, so
    // `child_conversation_waived` is one type, not `child_conversation` + `waived`.
    let cuts = folded
        .char_indices()
        .filter(|(_, c)| *c == '_')
        .map(|(i, _)| i)
        .chain([folded.len()]);
    let mut cuts: Vec<usize> = cuts.collect();
    cuts.reverse();
    cuts.into_iter().find_map(|cut| {
        let kind = event_type(&folded[..cut])?;
        let (n, field) = wide_suffix(&folded[cut..])?;
        Some((kind, n, field))
    })
}

/// A folded header with its repeat number set apart as `_n`: `opfølgning2` →
/// `opfølgning_2`, `opfølgning_(3)` → `opfølgning_3`, `afgørelse_(2)_udfald` →
/// `afgørelse_2_udfald`. Digits that start a word (`24_timers_vurdering`) stay.
fn repeats_apart(folded: &str) -> String {
    let mut out = String::with_capacity(folded.len() + 2);
    let mut prev = '_';
    for ch in folded.chars() {
        let ch = if matches!(ch, '(' | ')') { '_' } else { ch };
        if ch == '_' {
            if prev != '_' {
                out.push('_');
            }
        } else {
            if ch.is_ascii_digit() && prev.is_alphabetic() {
                out.push('_');
            }
            out.push(ch);
        }
        prev = ch;
    }
    while out.ends_with('_') {
        out.pop();
    }
    out
}

/// The event type a header starts with, as a whole word, when the header is not a
/// wide-layout column: `decision_colour`, `opfølgning_#3`. In a wide sheet such a column
/// is most likely meant for that event, so it is refused rather than left unread.
pub fn wide_prefix(header: &str) -> Option<EventType> {
    if wide_column(header).is_some() {
        return None;
    }
    let folded = repeats_apart(&fold(nameable(header)?));
    folded
        .char_indices()
        .filter(|(_, c)| *c == '_')
        .find_map(|(i, _)| event_type(&folded[..i]))
}

/// `""` → (1, date); `_2` → (2, date); `_outcome` → (1, outcome); `_2_udfald` → (2, outcome).
fn wide_suffix(rest: &str) -> Option<(u32, &'static str)> {
    let Some(rest) = rest.strip_prefix('_') else {
        return rest.is_empty().then_some((1, "date"));
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let (n, rest) = if digits > 0 {
        let n: u32 = rest[..digits].parse().ok().filter(|n| *n >= 1)?;
        match &rest[digits..] {
            "" => return Some((n, "date")),
            more => (n, more.strip_prefix('_')?),
        }
    } else {
        (1, rest)
    };
    let field = column(rest)?;
    let event_field = field == "date" || is_event_field(field);
    (event_field && field != "type").then_some((n, field))
}

#[cfg(test)]
mod wide_tests {
    use super::*;

    #[test]
    fn wide_column_names() {
        use EventType::*;
        assert_eq!(wide_column("decision"), Some((Decision, 1, "date")));
        assert_eq!(wide_column("follow_up_3"), Some((FollowUp, 3, "date")));
        assert_eq!(
            wide_column("decision_2_outcome"),
            Some((Decision, 2, "outcome"))
        );
        assert_eq!(
            wide_column("Afgørelse udfald"),
            Some((Decision, 1, "outcome"))
        );
        assert_eq!(
            wide_column("afgørelse_2_bestemmelse"),
            Some((Decision, 2, "provision"))
        );
        assert_eq!(
            wide_column("underretning_modtaget"),
            Some((NotificationReceived, 1, "date"))
        );
        assert_eq!(
            wide_column("underretning_modtaget_underretter"),
            Some((NotificationReceived, 1, "reporter"))
        );
        assert_eq!(
            wide_column("child_conversation_waived_reason"),
            Some((ChildConversationWaived, 1, "reason"))
        );
        assert_eq!(wide_column("decision_dato"), Some((Decision, 1, "date")));
        assert_eq!(wide_column("Opfølgning2"), Some((FollowUp, 2, "date")));
        assert_eq!(wide_column("Opfølgning (3)"), Some((FollowUp, 3, "date")));
        assert_eq!(
            wide_column("Afgørelse (2) udfald"),
            Some((Decision, 2, "outcome"))
        );
        assert_eq!(
            wide_column("afgørelse2_udfald"),
            Some((Decision, 2, "outcome"))
        );
        assert_eq!(
            wide_column("24-timers vurdering"),
            Some((NotificationAssessed, 1, "date"))
        );
        assert_eq!(wide_prefix("Opfølgning #3"), Some(FollowUp));
        assert_eq!(wide_prefix("decision_colour"), Some(Decision));
        assert_eq!(wide_prefix("decision_2"), None);
        assert_eq!(wide_prefix("opfølgningsnotat"), None);
        assert_eq!(wide_prefix("sagsnummer"), None);
        assert_eq!(wide_column("decision_0"), None);
        assert_eq!(wide_column("decision_colour"), None);
        assert_eq!(wide_column("decision_type"), None);
        assert_eq!(wide_column("sagsnummer"), None);
        // A header longer than any name names none, whatever it holds.
        let long = format!("{}_2_outcome", "decision_".repeat(30));
        assert_eq!(
            (column(&long), wide_column(&long), wide_prefix(&long)),
            (None, None, None)
        );
        let padded = format!("  {}decision_2  ", " ".repeat(LONGEST_NAME));
        assert_eq!(wide_column(&padded), Some((Decision, 2, "date")));
    }

    #[test]
    fn every_canonical_name_and_alias_resolves() {
        for t in EventType::ALL {
            assert_eq!(event_type(t.name()), Some(t));
            assert_eq!(wide_column(t.name()), Some((t, 1, "date")));
        }
        for (alias, t) in EVENT_ALIASES {
            assert_eq!(event_type(alias), Some(*t), "{alias}");
        }
        for a in Attr::ALL {
            assert_eq!(column(a.name()), Some(a.name()));
        }
        for (alias, canonical) in COLUMN_ALIASES {
            assert_eq!(column(alias), Some(*canonical), "{alias}");
        }
        for f in super::CASE_FIELDS {
            assert_eq!(column(f), Some(f));
        }
    }
}
