//! Danish-flavoured values for the synthetic export: municipalities, teams, provisions and
//! the free texts caseworkers write (justifications, reasons for waivers).

pub const MUNICIPALITIES: &[&str] = &[
    "Køge",
    "Roskilde",
    "Holbæk",
    "Næstved",
    "Slagelse",
    "Aarhus",
    "Odense",
    "Aalborg",
    "Esbjerg",
    "Vejle",
    "Herning",
    "Silkeborg",
    "Horsens",
    "Randers",
    "Kolding",
    "Frederiksberg",
    "Gentofte",
    "Lyngby-Taarbæk",
    "Hillerød",
    "Svendborg",
    "Hjørring",
    "Viborg",
    "Guldborgsund",
    "Tønder",
];

pub const DISABILITY_TEAMS: &[&str] = &[
    "Handicap Øst",
    "Handicap Vest",
    "Børnehandicap",
    "Specialrådgivningen",
];

pub const VULNERABLE_TEAMS: &[&str] = &[
    "Børn og Unge Nord",
    "Børn og Unge Syd",
    "Familierådgivningen",
    "Myndighed Udsatte Børn",
    "Modtagelsen",
];

/// Support measures (støttende indsatser) before and after Barnets Lov.
pub const SUPPORT_SEL: &[&str] = &[
    "SEL § 52, stk. 3, nr. 2",
    "SEL § 52, stk. 3, nr. 3",
    "SEL § 52, stk. 3, nr. 6",
];
pub const SUPPORT_BL: &[&str] = &[
    "BL § 32",
    "BL § 32, stk. 1, nr. 2",
    "BL § 32, stk. 1, nr. 3",
];
pub const PLACEMENT_SEL: &str = "SEL § 52, stk. 3, nr. 7";
pub const PLACEMENT_BL: &str = "BL § 46";
pub const FORCED_SEL: &str = "SEL § 58";
pub const FORCED_BL: &str = "BL § 47";

/// Benefit provisions (merudgifter, tabt arbejdsfortjeneste) with a published 8-week
/// processing time in the default `rules/provisions.toml`.
pub const BENEFIT_SEL: &[&str] = &["SEL § 41", "SEL § 42"];
pub const BENEFIT_BL: &[&str] = &["BL § 86", "BL § 87"];
/// Provisions of kind other in the table, with no published processing time: T1 cannot
/// be judged (not_assessable). Every provision the generator writes is in the table.
pub const UNPUBLISHED_SEL: &str = "SEL § 44";
pub const UNPUBLISHED_BL: &str = "BL § 90";

/// A justification that cites the provision (A2 can read the § from the text).
pub fn justification_citing(provision: &str, partly: bool) -> String {
    let body = match provision {
        p if p.contains("86") || p.contains("41") => {
            "da de dokumenterede merudgifter ikke overstiger minimumsbeløbet, og udgifterne til kost og befordring afholdes også af familier med børn uden funktionsnedsættelse"
        }
        p if p.contains("87") || p.contains("42") => {
            "da barnets funktionsnedsættelse ikke nødvendiggør, at forælderen passer barnet i hjemmet i hele det ansøgte omfang"
        }
        _ => "da kommunen vurderer, at barnets behov kan dækkes af de almindelige tilbud",
    };
    let verb = if partly {
        "Ansøgningen imødekommes delvist efter"
    } else {
        "Afslag efter"
    };
    format!("{verb} {provision}, {body}.")
}

/// Justifications without a legal reference.
pub const JUSTIFICATIONS_UNCITED: &[&str] = &[
    "Du får afslag, fordi du ikke opfylder betingelserne.",
    "Kommunen vurderer ikke, at der er behov for hjælpen.",
    "Ansøgningen imødekommes kun delvist, da en del af udgifterne ikke er nødvendige.",
    "Familien har efter en samlet vurdering ikke behov for yderligere støtte.",
];

pub const CONVERSATION_WAIVED_SMALL_CHILD: &[&str] = &[
    "Barnet er under 3 år og kan ikke udtrykke sig verbalt",
    "Barnets alder og modenhed taler imod en samtale; barnet er observeret i hjemmet",
];
pub const CONVERSATION_WAIVED: &[&str] = &[
    "Barnet ønsker ikke at deltage i en samtale; barnets synspunkter er indhentet via kontaktpersonen",
    "En samtale vil efter psykologens vurdering være skadelig for barnet",
    "Barnets funktionsnedsættelse gør en samtale umulig; barnet er observeret i aflastningen",
];

pub const HEARING_WAIVED: &[&str] = &[
    "Afgørelsen bygger alene på partens egne oplysninger",
    "Afgørelsen kan ikke udsættes af hensyn til barnet (forvaltningslovens § 19, stk. 2, nr. 2)",
];

pub const PLAN_WAIVED: &[&str] = &[
    "Indsatsen er kortvarig og afgrænset; en plan tilfører ikke sagen noget",
    "Forældrene ønsker ikke en plan, og indsatsen er rådgivning af kort varighed",
];
