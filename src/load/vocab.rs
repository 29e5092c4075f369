//! The vocabulary of values: canonical names and the Danish words exports use for them.
use crate::model::{Attr, EventType, KINDS, OUTCOMES, REPORTERS};

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

/// Danish names of event types (folded) → the type.
const EVENT_ALIASES: &[(&str, EventType)] = &[
    ("underretning", EventType::NotificationReceived),
    ("underretning_modtaget", EventType::NotificationReceived),
    ("underretning_vurderet", EventType::NotificationAssessed),
    ("24_timers_vurdering", EventType::NotificationAssessed),
    ("kvittering", EventType::NotificationAcknowledged),
    (
        "kvittering_til_underretter",
        EventType::NotificationAcknowledged,
    ),
    ("opmærksom", EventType::Awareness),
    ("opmærksomhed", EventType::Awareness),
    ("undersøgelse_påbegyndt", EventType::InvestigationStarted),
    (
        "børnefaglig_undersøgelse_påbegyndt",
        EventType::InvestigationStarted,
    ),
    ("foreløbig_vurdering", EventType::ProvisionalAssessment),
    ("undersøgelse_afsluttet", EventType::InvestigationCompleted),
    (
        "børnefaglig_undersøgelse_afsluttet",
        EventType::InvestigationCompleted,
    ),
    ("børnesamtale", EventType::ChildConversation),
    ("børnesamtale_undladt", EventType::ChildConversationWaived),
    ("handleplan", EventType::ActionPlan),
    ("barnets_plan", EventType::ActionPlan),
    ("handleplan_undladt", EventType::ActionPlanWaived),
    ("handleplan_fravalgt", EventType::ActionPlanWaived),
    ("ansøgning", EventType::ApplicationReceived),
    ("ansøgning_modtaget", EventType::ApplicationReceived),
    ("partshøring", EventType::PartyHearing),
    ("partshøring_undladt", EventType::PartyHearingWaived),
    ("afgørelse", EventType::Decision),
    ("orientering_om_sagsbehandlingstid", EventType::DelayNotice),
    ("indsats_iværksat", EventType::MeasureStarted),
    ("indsats_ophørt", EventType::MeasureEnded),
    ("opfølgning", EventType::FollowUp),
    ("tilsynsbesøg", EventType::SupervisionVisit),
    ("tilsyn", EventType::SupervisionVisit),
    ("dokument_modtaget", EventType::DocumentReceived),
    ("skift_af_sagsbehandler", EventType::CaseworkerChange),
    ("sagsbehandlerskift", EventType::CaseworkerChange),
    ("ankestyrelsens_afgørelse", EventType::AppealDecided),
    ("klageafgørelse", EventType::AppealDecided),
];

/// Danish words for enumerated values (folded) → the attribute and canonical value.
const VALUE_ALIASES: &[(Attr, &str, &str)] = &[
    (Attr::Reporter, "fagperson", "professional"),
    (Attr::Reporter, "professionel", "professional"),
    (Attr::Reporter, "privat", "private"),
    (Attr::Reporter, "borger", "private"),
    (Attr::Reporter, "anonym", "anonymous"),
    (Attr::Outcome, "bevilget", "granted"),
    (Attr::Outcome, "bevilling", "granted"),
    (Attr::Outcome, "delvis_bevilget", "partly_granted"),
    (Attr::Outcome, "delvist_bevilget", "partly_granted"),
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
    (
        Attr::Kind,
        "anbringelse_uden_samtykke",
        "placement_without_consent",
    ),
    (Attr::Kind, "tvangsanbringelse", "placement_without_consent"),
    (Attr::Kind, "ydelse", "benefit"),
    (Attr::Kind, "andet", "other"),
];

/// The event type a cell names, canonical or Danish.
pub fn event_type(text: &str) -> Option<EventType> {
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
    let folded = fold(text);
    let canonical: &[&'static str] = match attr {
        Attr::Reporter => REPORTERS,
        Attr::Outcome => OUTCOMES,
        Attr::Kind => KINDS,
        _ => return None,
    };
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
    fn every_alias_names_a_canonical_value() {
        for (attr, _, canonical) in VALUE_ALIASES {
            assert_eq!(choice(*attr, canonical), Some(*canonical));
        }
    }
}

/// Danish column headers (folded) → canonical field names.
const COLUMN_ALIASES: &[(&str, &str)] = &[
    ("sagsnummer", "case_id"),
    ("sags_id", "case_id"),
    ("sagsid", "case_id"),
    ("sag", "case_id"),
    ("hændelse", "type"),
    ("hændelsestype", "type"),
    ("type", "type"),
    ("dato", "date"),
    ("tidspunkt", "date"),
    ("reference", "ref"),
    ("område", "area"),
    ("kommune", "municipality"),
    ("team", "team"),
    ("afdeling", "team"),
    ("fødselsdato", "child_birth_date"),
    ("barnets_fødselsdato", "child_birth_date"),
    ("underretter", "reporter"),
    ("bestemmelse", "provision"),
    ("paragraf", "provision"),
    ("hjemmel", "provision"),
    ("art", "kind"),
    ("udfald", "outcome"),
    ("resultat", "outcome"),
    ("akut", "acute"),
    ("begrundelse", "justification"),
    ("har_begrundelse", "has_justification"),
    ("henviser_til_regler", "cites_legal_basis"),
    ("hovedhensyn", "states_considerations"),
    ("klagevejledning", "appeal_guidance"),
    ("helhedsvurdering", "holistic_assessment"),
    ("årsag", "reason"),
    ("næste_opfølgning", "next_due"),
    ("på_anbringelsesstedet", "at_placement"),
    ("talt_med_barnet", "child_spoken_to"),
    ("journaliseret", "journaled"),
    ("overdragelsesnotat", "handover_note"),
];

/// The canonical field a column header names, canonical or Danish; None if unknown.
pub fn column(header: &str) -> Option<&'static str> {
    let folded = fold(header);
    if let Some(canonical) = super::fields::CASE_FIELDS.iter().find(|c| **c == folded) {
        return Some(canonical);
    }
    if let Some(attr) = crate::model::Attr::from_name(&folded) {
        return Some(attr.name());
    }
    match folded.as_str() {
        "type" => return Some("type"),
        "date" => return Some("date"),
        "id" => return Some("id"),
        "ref" => return Some("ref"),
        _ => {}
    }
    COLUMN_ALIASES
        .iter()
        .find(|(alias, _)| *alias == folded)
        .map(|(_, c)| *c)
}
