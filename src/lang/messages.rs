//! The message catalogue: every text a person reads, in Danish and English, under a key.
//! A `{name}` is a placeholder ([`super::fill`], the `tr!` macro); `singular|plural` are the
//! forms of a noun counted with [`super::Lang::count`]. Machine formats (JSON, CSV, JUnit)
//! take the English text where they carry a message.

/// A canonical value of the export's choices (`granted`, `placement_without_consent` …) as
/// a person reads it in `lang`; a value the catalogue does not name is shown as it is.
pub fn value_name(canonical: &str, lang: super::Lang) -> &str {
    let key = match canonical {
        "professional" => Msg::ValueProfessional,
        "private" => Msg::ValuePrivate,
        "anonymous" => Msg::ValueAnonymous,
        "granted" => Msg::ValueGranted,
        "partly_granted" => Msg::ValuePartlyGranted,
        "refused" => Msg::ValueRefused,
        "upheld" => Msg::ValueUpheld,
        "changed" => Msg::ValueChanged,
        "annulled" => Msg::ValueAnnulled,
        "remanded" => Msg::ValueRemanded,
        "dismissed" => Msg::ValueDismissed,
        "referred" => Msg::ValueReferred,
        "lapsed" => Msg::ValueLapsed,
        "support" => Msg::ValueSupport,
        "placement" => Msg::ValuePlacement,
        "placement_without_consent" => Msg::ValuePlacementWithoutConsent,
        "benefit" => Msg::ValueBenefit,
        "other" => Msg::ValueOther,
        _ => return canonical,
    };
    lang.t(key)
}

macro_rules! catalogue {
    ($($key:ident: $da:literal, $en:literal;)*) => {
        /// A key of the message catalogue.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Msg {
            $($key),*
        }

        impl Msg {
            /// Every message, for the tests that hold the catalogue to its languages.
            pub const ALL: &'static [Msg] = &[$(Msg::$key),*];

            pub const fn da(self) -> &'static str {
                match self {
                    $(Msg::$key => $da),*
                }
            }

            pub const fn en(self) -> &'static str {
                match self {
                    $(Msg::$key => $en),*
                }
            }
        }
    };
}

catalogue! {
    // Words used everywhere.
    Yes: "ja", "yes";
    No: "nej", "no";

    // The command line: clap's words (src/lang/usage.rs, help.rs).
    ErrorLabel: "fejl", "error";
    WarningLabel: "advarsel", "warning";
    UsageHeading: "Brug:", "Usage:";
    UsageMoreHelp: "Se mere med '--help'.", "For more information, try '--help'.";
    UsageTip: "tip", "tip";
    UsageTipPassAsValue: "for at give '{arg}' som en værdi, skriv '{use}'", "to pass '{arg}' as a value, use '{use}'";
    UsageTipExists: "'{arg}' findes", "'{arg}' exists";
    UsageValueMissing: "'{arg}' skal have en værdi, men fik ingen", "a value is required for '{arg}' but none was supplied";
    UsageInvalidValue: "ugyldig værdi '{value}' til '{arg}'", "invalid value '{value}' for '{arg}'";
    UsagePossibleValues: "mulige værdier", "possible values";
    UsageUnexpectedArgument: "uventet argument '{arg}'", "unexpected argument '{arg}' found";
    UsageUnknownCommand: "ukendt kommando '{command}'", "unrecognized subcommand '{command}'";
    UsageMissingArguments: "disse krævede argumenter mangler:", "the following required arguments were not provided:";
    UsageMissingCommand: "'{command}' skal have en kommando, men fik ingen", "'{command}' requires a subcommand but one was not provided";
    UsageCommands: "kommandoer", "subcommands";
    UsageArgumentTwice: "argumentet '{arg}' kan kun gives én gang", "the argument '{arg}' cannot be used multiple times";
    UsageArgumentConflict: "argumentet '{arg}' kan ikke bruges sammen med {other}", "the argument '{arg}' cannot be used with {other}";
    UsageNoEquals: "skriv et lighedstegn, når '{arg}' får en værdi", "equal sign is needed when assigning values to '{arg}'";
    UsageTooManyValues: "uventet værdi '{value}' til '{arg}'; der skulle ikke være flere", "unexpected value '{value}' for '{arg}' found; no more were expected";
    UsageWrongNumberOfValues: "'{arg}' skal have {expected} værdier, men fik {actual}", "{expected} values required for '{arg}' but {actual} were provided";
    UsageOther: "kommandolinjen kan ikke læses", "the command line cannot be read";
    UsageSimilarCommand: "en lignende kommando findes: {similar}", "a similar subcommand exists: {similar}";
    UsageSimilarArgument: "et lignende argument findes: {similar}", "a similar argument exists: {similar}";
    UsageSimilarValue: "en lignende værdi findes: {similar}", "a similar value exists: {similar}";
    HelpCommands: "Kommandoer", "Commands";
    HelpCommandValue: "KOMMANDO", "COMMAND";
    HelpArguments: "Argumenter", "Arguments";
    HelpOptions: "Tilvalg", "Options";
    HelpDefault: "standard", "default";
    GateMaxErrorRate: "skønnet omgørelsesprocent {rate} er over --max-error-rate {max}", "estimated reversal rate {rate} is above --max-error-rate {max}";
    GateMinScore: "tema {name} ({id}) har score {score} (under --min-score {id}={min})", "theme {name} ({id}) scores {score} (below --min-score {id}={min})";
    GateMaxFails: "{fails}, over --max-fails {max}", "{fails}, above --max-fails {max}";
    GateMaxRejected: "{rejected} af {records} afvist ({share}), over --max-rejected {max}", "{rejected} of {records} rejected ({share}), above --max-rejected {max}";
    GateNewFails: "{fails} (--fail-on-new)", "{fails} (--fail-on-new)";
    RejectedNotAudited: "{rejected} af {records} i inddata blev afvist og er ikke revideret (se dem med `caseaudit validate` eller --rejects FIL)", "{rejected} of {records} rejected and not audited (list them with `caseaudit validate` or --rejects FILE)";
    InputRecords: "post|poster", "input record|input records";
    // Canonical values of the export's choices, as a person reads them (`value_name`).
    ValueProfessional: "fagperson", "professional";
    ValuePrivate: "privatperson", "private person";
    ValueAnonymous: "anonym", "anonymous";
    ValueGranted: "bevilget", "granted";
    ValuePartlyGranted: "delvis bevilget", "partly granted";
    ValueRefused: "afslag", "refused";
    ValueUpheld: "stadfæstet", "upheld";
    ValueChanged: "ændret", "changed";
    ValueAnnulled: "ophævet", "annulled";
    ValueRemanded: "hjemvist", "remanded";
    ValueDismissed: "afvist af Ankestyrelsen", "dismissed";
    ValueReferred: "videresendt", "referred";
    ValueLapsed: "bortfaldet", "lapsed";
    ValueSupport: "støtte", "support";
    ValuePlacement: "anbringelse", "placement";
    ValuePlacementWithoutConsent: "anbringelse uden samtykke", "placement without consent";
    ValueBenefit: "ydelse", "benefit";
    ValueOther: "andet", "other";
    SampleSentence: "Stikprøve: {size} af {population}, trukket med frø {seed} (caseaudit sample)", "Sample: {size} of {population}, drawn with seed {seed} (caseaudit sample)";
    SampleStrata: ", fordelt {allocation} efter {field}: {strata}", ", shared {allocation} by {field}: {strata}";
    SampleProportional: "proportionalt", "proportionally";
    SampleEqual: "ligeligt", "equally";
    SampleHeading: "Stikprøve", "Sample";
    CouldNotRead: "kunne ikke læse {path}", "could not read {path}";
    CouldNotWrite: "kunne ikke skrive {path}", "could not write {path}";
    CouldNotCreate: "kunne ikke oprette {path}", "could not create {path}";
    CouldNotReadReviewSheet: "kunne ikke læse gennemgangsarket {path}", "could not read the review sheet {path}";
    CouldNotReadKeyFile: "kunne ikke læse nøglefilen {path}", "could not read the key file {path}";
    CouldNotSpill: "kunne ikke skrive de listede resultater ud over de første i en midlertidig fil i {path}", "could not write the listed results beyond the first to a temporary file in {path}";
    CouldNotMakeTemp: "kunne ikke oprette en midlertidig fil til de listede resultater i {path}", "could not make a temporary file in {path} for the listed results";
    IoNotFound: "filen eller mappen findes ikke", "No such file or directory";
    IoPermissionDenied: "adgang nægtet", "Permission denied";
    IoAlreadyExists: "findes allerede", "File exists";
    IoIsADirectory: "det er en mappe, ikke en fil", "Is a directory";
    IoNotADirectory: "en del af stien er ikke en mappe", "Not a directory";
    IoStorageFull: "disken er fuld", "No space left on device";
    IoReadOnly: "filsystemet er skrivebeskyttet", "Read-only file system";
    IoInvalidData: "ugyldige data", "invalid data";
    IoUnexpectedEof: "filen slutter for tidligt", "unexpected end of file";
    IoBrokenPipe: "modtageren lukkede forbindelsen", "Broken pipe";
    IoInterrupted: "afbrudt", "Interrupted";
    IoOther: "fejl fra styresystemet", "error from the operating system";
    KeyTooShort: "pseudonymiseringsnøglen har {n} tegn; brug mindst {min} (en kort nøgle kan gættes, og med den alle sagsnumre)", "the pseudonymisation key is {n} characters; use at least {min} (a short key can be guessed, and with it every case id)";
    KeyUnusable: "pseudonymiseringsnøglen kan ikke bruges: {error}", "unusable pseudonymisation key: {error}";
    SampleInputNotJson: "inddata er ikke længere gyldig JSON: {error}", "the input is no longer valid JSON: {error}";
    SampleInputNotCsv: "inddata kan ikke længere læses som CSV: {error}", "the input is no longer readable CSV: {error}";
    NotAWorkbook: "ikke en projektmappe, der kan læses: {error}", "not a readable workbook: {error}";
    WorkbookWithoutSheets: "projektmappen har ingen ark", "the workbook has no sheets";
    CouldNotReadSheet: "kunne ikke læse arket {sheet}: {error}", "could not read sheet {sheet}: {error}";
    CouldNotReadMapping: "kunne ikke læse mappingfilen {path}", "could not read mapping file {path}";
    CouldNotReadReport: "kunne ikke læse rapporten {path}", "could not read report {path}";
    NotAReport: "{path} er ikke en JSON-rapport fra caseaudit ({error}); skriv en med `audit --format json`", "{path} is not a caseaudit JSON report ({error}); write one with `audit --format json`";
    ReportVersion: "{path} har schema_version {version}; denne caseaudit læser version 1", "{path} is schema_version {version}; this caseaudit reads version 1";
    ReportNoResults: "{path} lister ingen resultater (skrevet med --results none); skriv den med --results findings", "{path} lists no results (written with --results none); write it with --results findings";
    CouldNotKeepFindings: "kunne ikke skrive rapporternes fund i en midlertidig fil i {path}", "could not write the reports' findings to a temporary file in {path}";
    DefectRateRange: "--defect-rate skal være mellem 0 og 1 (fik {value})", "--defect-rate must be between 0.0 and 1.0 (got {value})";
    RulesDirUnreadable: "kunne ikke læse regelmappen {dir}", "could not read rules directory {dir}";
    KeyEnvNotSet: "--pseudonymize-key-env {var}: miljøvariablen er ikke sat", "--pseudonymize-key-env {var}: the environment variable is not set";
    MunicipalitiesCounted: "kommune|kommuner", "municipality|municipalities";
    StatusLabel: "Status", "Status";
    StartLabel: "Start", "Start";
    DaysLate: "dage for sent", "days late";
    HoursLate: "timer for sent", "hours late";
    MinutesLate: "minutter for sent", "minutes late";
    TeamLabel: "Team", "Team";
    LateMinutes: "{n} min", "{n} min";
    Hours: "time|timer", "hour|hours";
    Days: "dag|dage", "day|days";
    ThemeId: "tema-id", "theme id";
    DanishName: "dansk navn", "Danish name";
    EnglishName: "engelsk navn", "English name";
    ThemesForMinScore: "Temaer (til --min-score TEMA=S: id eller navn)", "Themes (for --min-score THEME=S: id or name)";
    MinScoreForm: "--min-score {value}: skriv det som TEMA=ANDEL, fx notifications=0,8", "--min-score {value}: write it as THEME=SHARE, e.g. notifications=0.8";
    MinScoreNoTheme: "--min-score: intet tema {theme}; temaerne er {themes} (id eller navn, se `caseaudit rules list`)", "--min-score: no theme {theme}; the themes are {themes} (id or name, see `caseaudit rules list`)";
    NotADate: "{value} er ikke en dato; skriv den som ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ, fx 2025-06-30 eller 30-06-2025", "{value} is not a date; write it as YYYY-MM-DD or DD-MM-YYYY, e.g. 2025-06-30 or 30-06-2025";
    NotANumber: "{value} er ikke et tal; skriv fx 0,3 eller 0.3", "{value} is not a number; write e.g. 0.3 or 0,3";
    NotAShare: "{flag}: {value} er ikke et tal; skriv en andel som 0,25 (eller 0.25)", "{flag}: {value} is not a number; write a share such as 0.25 (or 0,25)";
    ShareOutOfRange: "{flag}: {value} er ikke en andel mellem 0 og 1 (skriv 25 % som 0,25)", "{flag}: {value} is not a share between 0 and 1 (write 25 % as 0.25)";
    NotASpanOfDays: "{value} er ikke et antal dage; skriv fx 14d, 14 eller 2u (højst 3660 dage)", "{value} is not a span of days; write e.g. 14d, 14 or 2w (at most 3660 days)";

    // report/coverage.rs
    CarriedIt: "Havde feltet", "Carried it";
    Of: "af", "of";
    Rule: "Regel", "Rule";
    Field: "Felt", "Field";
    ReadOn: "Læst på", "Read on";
    FieldsTheRulesReadThatFewer: "Felter, som reglerne læser, men som under halvdelen af de hændelser, de læses på, havde (en kolonne, der mangler eller er stavet forkert, giver 0): uden feltet kan en regel ikke vurdere hændelsen, eller den læser feltet med sin standard (akut: nej). JSON-rapporten har dækningen af alle felter.", "Fields the rules read that fewer than half of the events they are read on carried (a column missing or misspelt gives 0): without the field a rule cannot assess the event, or reads the field at its default (acute: no). The JSON report has the coverage of every field.";
    EveryFieldTheRulesReadWas: "Hvert felt, reglerne læser, var med på mindst halvdelen af de hændelser, det blev læst på (JSON-rapporten har dækningen af alle felter).", "Every field the rules read was carried by at least half of the events it was read on (the JSON report has the coverage of every field).";
    EachRowIsAFieldA: "Hver række er et felt, en regel læser, og hvor mange af de hændelser, det blev læst på, der havde det. En kolonne, der mangler eller er stavet forkert, giver 0.", "Each row is a field a rule reads, and how many of the events it was read on carried it. A column missing or misspelt gives 0.";
    DataCoverage: "Datadækning", "Data coverage";

    // report/gate.rs
    FailResults: "resultat ikke opfyldt|resultater ikke opfyldt", "fail result|fail results";
    NewFailResultsNotInThe: "nyt resultat, der ikke er opfyldt, og som ikke er i baseline|nye resultater, der ikke er opfyldt, og som ikke er i baseline", "new fail result not in the baseline|new fail results not in the baseline";
    EstimatedReversalRate: "skønnet omgørelsesprocent", "estimated reversal rate";
    IsAbove: "er over", "is above";
    Above: "over", "above";

    // report/html.rs
    Cases: "sag|sager", "case|cases";
    Decisions: "afgørelse|afgørelser", "decision|decisions";
    Rules: "regel|regler", "rule|rules";
    HtmlLangCode: "da", "en";
    National: "landstal", "national";
    CaseAudit: "Sagsmåling", "Case audit";
    AsOf: "Måledato", "As of";
    ConfidenceInterval: "konfidensinterval", "confidence interval";
    ScoresByThemeAndRule: "Score pr. tema og regel", "Scores by theme and rule";
    Themes: "Temaer", "Themes";
    ObservedReversalRate: "Faktisk omgørelsesprocent", "Observed reversal rate";
    EstimatedReversalRate2: "Skønnet omgørelsesprocent", "Estimated reversal rate";
    ReversalRateLowerIsBetter: "Omgørelsesprocent (lavere er bedre)", "Reversal rate (lower is better)";
    Rules2: "Regler", "Rules";
    ScorePassExemptPassExemptFail: "Score = (opfyldt + undtaget) / (opfyldt + undtaget + ikke opfyldt). Afventende og ikke vurderbare tæller ikke med.", "Score = (pass + exempt) / (pass + exempt + fail). Pending and not assessable results do not count.";
    By: "Pr.", "By";
    AppealedDecisions: "Påklagede afgørelser", "Appealed decisions";
    DoTheToolSFindingsForetell: "Forudsiger værktøjets fund Ankestyrelsens afgørelse? Kun klager afgjort på det foreliggende grundlag tæller.", "Do the tool's findings foretell Ankestyrelsen's verdict? Only appeals decided on the merits count.";
    Severity: "Alvor", "Severity";
    Law: "Lov", "Law";
    AssessmentBasis: "Vurderingsgrundlag", "Assessment basis";
    Inputs: "Inddata", "Inputs";
    File: "Fil", "File";
    Cases2: "sager", "cases";
    Events: "hændelser", "events";
    Rejected: "afviste", "rejected";
    RejectedRecords: "Afviste poster", "Rejected records";
    NoneFound: "Ingen.", "None.";
    Reason: "Grund", "Reason";
    Count: "antal", "count";
    DecisionsNotEveryRuleCanJudge: "Afgørelser som ikke alle regler kan bedømme", "Decisions not every rule can judge";
    RuleSet: "Regelsæt", "Rule set";
    Calendar: "kalender", "calendar";
    OwnYardstick: "Egne landstal:", "Own yardstick:";
    TheReportShowsRecordsAndDeadlines: "Rapporten viser registreringer og frister, aldrig fritekst fra sagerne. Intervaller er 95 % Wilson-intervaller.", "The report shows records and deadlines, never free text from the cases. Intervals are 95 % Wilson intervals.";
    NationalYardstick: "Landstal", "National yardstick";
    Figure: "Tal", "Figure";
    Definition: "definition", "definition";
    CasesFrom: "sager fra", "cases from";
    Published: "offentliggjort", "published";
    Population: "grundlag", "population";
    ThisAudit: "denne måling", "this audit";
    Source: "kilde", "source";
    YellowMarkInTheChartsThe: "Gul streg i diagrammerne: landstallet (stiplet: tidligere år).", "Yellow mark in the charts: the national figure (dashed: earlier years).";

    // report/markdown.rs
    Records: "post|poster", "record|records";
    CaseauditAuditAsOf: "caseaudit – sagsmåling pr.", "caseaudit – audit as of";
    ErrorRate: "Fejlrate", "Error rate";
    Numerator: "tæller", "numerator";
    Denominator: "nævner", "denominator";
    Rate: "andel", "rate";
    N95ConfidenceInterval: "95 % konfidensinterval", "95 % confidence interval";
    Theme: "Tema", "Theme";
    AppealedDecisionsFindingsAgainstAnkestyrelsenS: "Påklagede afgørelser: fund mod Ankestyrelsens afgørelse", "Appealed decisions: findings against Ankestyrelsen's verdict";
    Findings: "Fund", "Findings";
    NoFindings: "Ingen fund.", "No findings.";
    RejectedAndNotAuditedCaseauditValidate: "afvist og ikke revideret (`caseaudit validate` viser dem).", "rejected and not audited (`caseaudit validate` lists them).";

    StatusPass: "opfyldt", "pass";
    StatusExempt: "undtaget", "exempt";
    StatusFail: "ikke opfyldt", "fail";
    StatusPending: "frist ikke nået", "pending";
    StatusNotAssessable: "kan ikke vurderes", "not_assessable";
    SeverityMaterial: "væsentlig", "material";
    SeverityFormal: "formel", "formal";
    TrendScoreNote: "Score = (opfyldt + undtaget) / (opfyldt + undtaget + ikke opfyldt); i parentes 95 %-interval (Wilson).", "Score = (pass + exempt) / (pass + exempt + fail); in brackets the 95 % interval (Wilson).";
    TrendSameDate: "Bemærk: flere rapporter er opgjort pr. samme dato.", "Note: several reports have the same as-of date.";
    TrendOtherRuleSets: "Bemærk: rapporterne bygger på forskellige regelsæt (ruleset.sha256), så tallene er ikke helt sammenlignelige.", "Note: the reports were made with different rule sets (ruleset.sha256), so the figures are not fully comparable.";
    LaterEventsNotCounted: "{n} hændelse efter måledatoen indgår ikke (se --as-of)|{n} hændelser efter måledatoen indgår ikke (se --as-of)", "{n} event after the as-of date is not seen (see --as-of)|{n} events after the as-of date are not seen (see --as-of)";
    LaterEventsNotShown: "{n} hændelse efter måledatoen er ikke med (se --as-of).|{n} hændelser efter måledatoen er ikke med (se --as-of).", "{n} event after the as-of date is not shown (see --as-of).|{n} events after the as-of date are not shown (see --as-of).";
    RecordsRejectedNotAudited: "post blev afvist og er ikke revideret|poster blev afvist og er ikke revideret", "record was rejected and not audited|records were rejected and not audited";
    WorklistHeading: "Arbejdsliste pr. {as_of}{team}: {overdue} og {due} inden for {days} (til og med {until})", "Worklist as of {as_of}{team}: {overdue} and {due} within {days} (up to and including {until})";
    OverdueDeadlines: "overskredet frist|overskredne frister", "overdue|overdue";
    DueDeadlines: "frist|frister", "due|due";
    OverdueBy: "overskredet {days}", "{days} overdue";
    DueIn: "om {days}", "in {days}";
    SmallSample: "Usikkert: {what} bygger på kun {n} {unit} (under {min}); én kommunes stikprøve er for lille til at generalisere fra.", "Uncertain: the {what} rests on only {n} {unit} (fewer than {min}); one municipality's sample is too small to generalise from.";
    ByTeam: "team", "team";
    ByArea: "område", "area";
    ByMunicipality: "kommune", "municipality";
    LocalUse: "Til lokal brug: viser værdier fra eksporten (CPR-numre maskeret); del det ikke uden for kommunen.", "For local use: shows values from the export (CPR numbers masked); do not share it outside the municipality.";
    NoSuchCase: "--case {id}: sagen findes ikke i inddata", "--case {id}: no such case in the inputs";
    NotGroupedByCase: "{file} er ikke grupperet efter sag (sag {case_id} kommer igen efter andre sager), så den blev læst igen og samlet efter sag (i midlertidige filer, hvor den ikke kan holdes i hukommelsen) før revisionen; sortér udtrækket efter sagsnummer for at revidere det sag for sag i én læsning", "{file} is not grouped by case (case {case_id} comes again after other cases), so it was read again and put together by case (in temporary files where it does not fit in memory) before the audit; sort the export by case id to audit it case by case in one read";
    ResultsCovered: "resultat dækket|resultater dækket", "result covered|results covered";
    MoreOrphans: "… og {n} vurderinger mere uden resultat (de første {listed} står i JSON-rapportens review.orphans)", "… and {n} more verdicts without a result (the first {listed} are in the JSON report's review.orphans)";
    Unsettled: "{n} resultat, som bedømmerne er uenige om, kan ikke vurderes, før opmanden har afgjort det (kolonnen opmand)|{n} resultater, som bedømmerne er uenige om, kan ikke vurderes, før opmanden har afgjort dem (kolonnen opmand)", "{n} result the reviewers disagree on is not assessable until adjudicated (the adjudication column)|{n} results the reviewers disagree on are not assessable until adjudicated (the adjudication column)";
    SheetOtherAsOf: "{file} er lavet med --as-of {made}, men denne revision er pr. {as_of}: frister og emner kan være andre, så vurderingerne passer måske ikke; lav arket igen med `caseaudit review … --as-of {as_of}`, eller revidér pr. {made}", "{file} was made with --as-of {made}, but this audit is as of {as_of}: deadlines and subjects may differ, so the verdicts may not fit; make the sheet again with `caseaudit review … --as-of {as_of}`, or audit as of {made}";
    VerdictOrphan: "{file}, række {row}: vurderingen af {what} passer ikke til noget resultat (sagen, reglen eller emnet findes ikke længere); den er ikke brugt", "{file}, row {row}: the verdict on {what} matches no result (the case, rule or subject no longer exists); it was not applied";
    WaiverExpired: "{file}, dispensation nr. {number}: udløb {expires} og er ikke brugt", "{file}, waiver number {number}: expired on {expires} and was not applied";
    WaiverUnmatched: "{file}, dispensation nr. {number}: {what} passer ikke til noget resultat", "{file}, waiver number {number}: {what} matches no result";
    CprCaseIds: "advarsel: {path}: {n} sagsnummer rummer et CPR-nummer; caseaudit maskerer CPR-numre i alt, hvad det skriver, så i en rapport kan sagerne kun skelnes med --pseudonymize|advarsel: {path}: {n} sagsnumre rummer et CPR-nummer; caseaudit maskerer CPR-numre i alt, hvad det skriver, så i en rapport kan sagerne kun skelnes med --pseudonymize", "warning: {path}: {n} case id holds a CPR number; caseaudit masks CPR numbers in everything it writes, so in a report these cases are told apart only with --pseudonymize|warning: {path}: {n} case ids hold a CPR number; caseaudit masks CPR numbers in everything it writes, so in a report these cases are told apart only with --pseudonymize";
    Provisional: "Foreløbigt: {rate} hviler på ubesvarede spørgsmål: {n} {what} afventer en bedømmers svar ({answered} af {all} spørgsmål er besvaret). Indtil de er besvaret, tæller satsen kun det, maskinen og bedømmerne har vurderet, og kan være for lav.", "Provisional: the {rate} rests on unanswered questions: {n} {what} await a reviewer's answer ({answered} of {all} questions answered). Until they are answered the rate counts only what the machine and the reviewers judged, and may be too low.";
    RejectedLeftOut: "{rejected} af {records} poster i inddata blev afvist og er ikke med (se dem med `caseaudit validate`)", "{rejected} of {records} input records rejected and left out (list them with `caseaudit validate`)";
    QuestionForTheReviewer: "Spørgsmål til bedømmeren", "Question for the reviewer";
    TheMachineGivesNoAnswerUnanswered: "Maskinen giver intet svar: ubesvaret kan spørgsmålet ikke vurderes (afventer bedømmerens svar); besvaret på gennemgangsarket (caseaudit review) tæller bedømmerens vurdering.", "The machine gives no answer: unanswered the question is not assessable (awaiting a reviewer's answer); answered on the review sheet (caseaudit review), the reviewer's verdict counts.";
    EventsToOpenBesidesTheSubject: "Hændelser at åbne ud over emnet og dets svar", "Events to open besides the subject and its answers";
    WhatItChecks: "Hvad reglen kontrollerer", "What it checks";
    WhyItMatters: "Hvorfor det er vigtigt", "Why it matters";
    LegalBasis: "Lovgrundlag", "Legal basis";
    AllPeriods: "alle perioder", "all periods";
    ActionWhenTheAnswerIsNo: "Handling, hvis svaret er nej", "Action when the answer is no";
    ActionWhenOverdueOrDueWorklist: "Handling ved overskredet eller nær frist (worklist)", "Action when overdue or due (worklist)";
    Examples: "Eksempler", "Examples";
    DoesNotApply: "gælder ikke", "does not apply";
    TheReviewerAnswers: "bedømmerens svar:", "the reviewer answers";
    AsOf3: "pr.", "as of";
    Review: "Gennemgang", "Review";
    Guide: "Vejledning", "Guide";
    With: "med", "with";
    TrendAsOf: "Opgjort pr.", "As of";
    RulesListId: "id", "id";
    RulesListName: "navn", "name";
    RulesListTheme: "tema", "theme";
    RulesListSeverity: "alvor", "severity";
    RulesListKind: "art", "kind";
    RulesListTitle: "titel", "title";
    KindCheck: "kontrol", "check";
    KindQuestion: "spørgsmål", "question";

    // report/message.rs: a finding's message.
    NoteDisputed: "bedømmerne er uenige ({a} / {b}); afventer opmandens afgørelse", "the reviewers disagree ({a} / {b}); awaiting adjudication";
    NoteOnTime: "{what} kom rettidigt", "{what} on time";
    NoteLate: "{what} kom {late} for sent", "{what} came {late} late";
    NoteMissing: "ingen {what}; fristen {due} er overskredet med {late}", "no {what}; deadline {due} passed {late} ago";
    NoteOpen: "ingen {what} endnu; frist {due}", "no {what} yet; due {due}";
    NoteWaived: "{what} med begrundelse", "{what} with a reason";
    NoteWaivedWithoutReason: "ingen {what}, og undladelsen er ikke begrundet", "no {what}, and the waiver gives no reason";
    NoteNoDueDate: "{what} er ikke angivet", "no {what} set";
    NoteNoProcessingTime: "ingen offentliggjort sagsbehandlingsfrist for bestemmelsen", "no published processing time for the provision";
    NoteFound: "{what} fundet", "{what} found";
    NoteNotFound: "ingen {what} i perioden", "no {what} in the period";
    NoteStillOpen: "ingen {what}; kun en åben {open} (manuel vurdering)", "no {what}; only an open {open} (manual review)";
    NoteCounted: "{found} af {needed} krævede i perioden ({unknown} uden de nødvendige oplysninger)", "{found} of {needed} required in the period ({unknown} lacking the needed details)";
    NoteText: "{what} findes", "{what} is given";
    NoteTextLacks: "{what} nævner ikke \"{text}\"", "{what} does not mention \"{text}\"";
    AnsweredByAReviewer: "besvaret af bedømmer", "answered by a reviewer";
    AwaitingAReviewerSAnswer: "afventer bedømmerens svar", "awaiting a reviewer's answer";
    NotRecorded: "ikke registreret", "not recorded";

    // report/mod.rs
    TheNationalFiguresAreAReference: "Landstallene er en reference, ikke et mål: de bygger på andre stikprøver, perioder og Ankestyrelsens egen vurdering af sagerne.", "The national figures are a reference, not a target: they rest on other samples, periods and Ankestyrelsen's own reading of the cases.";
    ObservedReversalRate2: "faktisk omgørelsesprocent", "observed reversal rate";
    ComparesWith: "sammenlignes med", "compares with";
    Figure2: "tal", "figure";
    NoAppealsInTheExport: "ingen klagesager i udtrækket", "no appeals in the export";
    EstimatedReversalRateDecisions: "Skønnet omgørelsesprocent (afgørelser)", "Estimated reversal rate (decisions)";
    CaseErrorRate: "Sager med fejl", "Case error rate";
    ObservedReversalRateAnkestyrelsen: "Faktisk omgørelsesprocent (Ankestyrelsen)", "Observed reversal rate (Ankestyrelsen)";
    Case: "Sag", "Case";
    Subject: "Emne", "Subject";
    Due: "Frist", "Due";
    Done: "Udført", "Done";
    Message: "Besked", "Message";
    CaseErrorRate2: "sager med fejl", "case error rate";
    ChangedAnnulledRemanded: "ændret, ophævet, hjemvist", "changed, annulled, remanded";
    Upheld: "stadfæstet", "upheld";
    MaterialErrorFound: "væsentlig fejl fundet", "material error found";
    NoMaterialError: "ingen væsentlig fejl", "no material error";
    NotJudged: "ikke vurderet", "not judged";
    Decision: "afgørelse", "decision";
    Decisions2: "afgørelser", "decisions";
    Case2: "sag", "case";
    Appeal: "klagesag", "appeal";
    Appeals: "klagesager", "appeals";
    CaseErrorRate3: "andel sager med fejl", "case error rate";

    // report/questions.rs
    EstimatedReversalRate3: "den skønnede omgørelsesprocent", "estimated reversal rate";
    MaterialQuestions: "væsentlige spørgsmål", "material questions";
    CaseErrorRate4: "andelen af sager med fejl", "case error rate";
    Questions: "spørgsmål", "questions";
    ReviewerQuestionsAreAnswered: "spørgsmål til bedømmeren er besvaret", "reviewer questions are answered";
    OnlyAPersonReadingTheCase: "Et spørgsmål kan kun besvares af en person, der læser sagen (caseaudit review). Ubesvaret kan det ikke vurderes; besvaret tæller det i scoren og, når det er væsentligt, i den skønnede omgørelsesprocent.", "Only a person reading the case can answer a question (caseaudit review). Unanswered it is not assessable; answered it counts in the score and, when material, in the estimated reversal rate.";
    Question: "Spørgsmål", "Question";
    Asked: "stillet", "asked";
    Answered: "besvaret", "answered";
    ReviewerQuestions: "Spørgsmål til bedømmeren", "Reviewer questions";

    // report/review.rs
    MunicipalityProfile: "Kommuneprofil", "Municipality profile";
    RuleTable: "Regel / tabel", "Rule / table";
    Parameter: "Parameter", "Parameter";
    RuleSetSValue: "Regelsættets værdi", "Rule set's value";
    LocalStandard: "Lokal standard", "Local standard";
    InForce: "gældende", "in force";
    Expired: "udløbet", "expired";
    AWaiverIsALocalDecision: "En dispensation er en lokal beslutning, ikke en lovlig undtagelse: resultaterne beholder deres status og tæller med i scoren.", "A waiver is a local decision, not a lawful exemption: the results keep their status and count in the score.";
    Expired2: "Udløbet", "Expired";
    Number: "nr.", "number";
    CoversNoResult: "Dækker intet resultat", "Covers no result";
    Waivers: "Dispensationer", "Waivers";
    Approver: "godkendt af", "approver";
    Expires: "udløber", "expires";
    Verdicts: "vurderinger", "verdicts";
    Applied: "anvendt", "applied";
    ChangedTheStatus: "ændrede status", "changed the status";
    WithoutAResult: "uden resultat", "without a result";
    AVerdictReplacesTheMachineS: "En vurdering erstatter maskinens status i scoren; maskinens egne tal står ved siden af.", "A verdict replaces the machine's status in the score; the machine's own figures stand beside it.";
    WithoutTheReviewersAnswers: "Uden bedømmernes svar", "Without the reviewers' answers";
    WithTheAnswers: "Med svarene", "With the answers";
    TwoReviewers: "To bedømmere", "Two reviewers";
    PairsAgree: "par enige", "pairs agree";
    MachineScore: "maskinens score", "machine score";
    Reviewed: "vurderet", "reviewed";
    ReviewersScore: "bedømmernes score", "reviewers' score";
    ScoreAfterReview: "score efter gennemgang", "score after review";
    WithoutTheReviewersAnswers2: "uden bedømmernes svar", "without the reviewers' answers";
    Pairs: "par", "pairs";
    Agree: "enige", "agree";
    Share: "andel", "share";
    FirstReviewer: "første bedømmer", "first reviewer";
    SecondReviewer: "anden bedømmer", "second reviewer";
    Adjudication: "opmand", "adjudication";
    Machine: "maskinen", "machine";
    Verdict: "vurdering", "verdict";
    Row: "række", "row";
    TheResultNoLongerExistsThe: "resultatet findes ikke længere; vurderingen er ikke brugt", "the result no longer exists; the verdict was not applied";
    HumanReview: "Manuel gennemgang", "Human review";

    // report/table.rs
    Events2: "hændelse|hændelser", "event|events";
    Score: "score", "score";
    RuleSetSha256: "regelsæt sha256", "rule set sha256";
    ListThemWithCaseauditValidate: "se dem med `caseaudit validate`", "list them with `caseaudit validate`";
    RejectsNotListed: "(ikke vist: afviste efter de første {listed}; --rejects FIL skriver dem alle)", "(not listed: rejected after the first {listed}; --rejects FILE writes them all)";

    // report/timeline.rs
    Blank: "tom", "blank";
    Given: "angivet", "given";
    Area: "område", "area";
    Municipality: "kommune", "municipality";
    TimelineAsOf: "tidslinje pr.", "timeline as of";
    Events3: "Hændelser", "Events";
    Date: "Dato", "Date";
    Event: "Hændelse", "Event";
    Answers: "Svarer på", "Answers";
    Details: "Oplysninger", "Details";
    RulesAndDeadlines: "Regler og frister", "Rules and deadlines";
    NoRuleAppliesToTheCase: "Ingen regel gælder for sagen pr. måledatoen.", "No rule applies to the case as of the as-of date.";
    Late: "Forsinkelse", "Late";
    Timeline: "tidslinje", "timeline";
    Timeline2: "Tidslinje", "Timeline";
    DotsEventsNumberedAsInThe: "Prikker: hændelser (nummer som i listen). Bjælker: fra fristens start til fristen; ◆ udført; stiplet rødt: for sent, eller stadig ikke gjort; lodret stiplet linje: måledatoen.", "Dots: events (numbered as in the list). Bars: from the clock's start to the deadline; ◆ done; dashed red: late, or still not done; dashed vertical line: the as-of date.";
    ThePageShowsRecordsAndDeadlines: "Siden viser registreringer og frister, aldrig fritekst fra sagen: en begrundelse vises kun som angivet eller ej.", "The page shows records and deadlines, never free text from the case: a justification is only shown as given or not.";
    TimelineOfCase: "Tidslinje for sag", "Timeline of case";
    Due2: "frist", "due";
    Done2: "udført", "done";
    AsOf2: "måledato", "as of";

    // report/trend.rs
    CaseauditTrendOverTime: "caseaudit – udvikling over tid", "caseaudit – trend over time";
    Report: "rapport", "report";
    Reports: "rapporter", "reports";
    Figures: "Tal", "Figures";
    LowerIsBetter: "lavere er bedre", "lower is better";
    HigherIsBetter: "højere er bedre", "higher is better";

    // report/worklist.rs
    NothingIsOverdueAndNothingFalls: "Intet er overskredet, og intet forfalder i perioden.", "Nothing is overdue, and nothing falls due in the window.";
    NoTeam: "Uden team", "No team";
    Today: "i dag", "today";
    OverdueLeft: "Overskredet / tilbage", "Overdue / left";
    ActionNeeded: "Handling", "Action needed";
    Worklist: "Arbejdsliste", "Worklist";
    DaysOverdue: "Dage overskredet", "Days overdue";
    DaysLeft: "Dage tilbage", "Days left";

    // report/xlsx.rs
    Summary: "Oversigt", "Summary";
    Municipality2: "Kommune", "Municipality";
    Cases3: "Sager", "Cases";
    Decisions3: "Afgørelser", "Decisions";
    N95Low: "95 % nedre", "95 % low";
    N95High: "95 % øvre", "95 % high";
    NoAppeals: "ingen klagesager", "no appeals";
    Warnings: "Advarsler", "Warnings";
    Groups: "Grupper", "Groups";
    Municipalities: "kommuner", "municipalities";
    National2: "landsplan", "national";
    Note: "bemærkning", "note";
    Results: "Resultater", "Results";
    NotAssessable: "Ikke vurderbare", "Not assessable";
    CarriedIt2: "havde feltet", "carried it";
    EventsRead: "hændelser læst", "events read";
    ReasonRejected: "Afvisningsgrund", "Reason rejected";

    // cmd/audit.rs
    ExitZeroNotFailing: " (--exit-zero: fejler ikke)", " (--exit-zero: not failing)";
    ThresholdBreached: "tærskel overskredet", "threshold breached";

    // cmd/diff.rs
    Points: "procentpoint", "points";
    NewFindings: "Nye fund", "New findings";
    ResolvedFindings: "Løste fund", "Resolved findings";
    UnchangedFindings: "Uændrede fund", "Unchanged findings";
    Comparison: "Sammenligning", "Comparison";
    New: "nye", "new";
    Resolved: "løste", "resolved";
    Unchanged: "uændrede", "unchanged";
    Before: "før", "before";
    Now: "nu", "now";
    Change: "ændring", "change";
    DiffMore: "… og {more} mere (højst {shown} vises, --max-listed); `caseaudit diff --format json` lister dem alle.", "… and {more} more (at most {shown} are shown, --max-listed); `caseaudit diff --format json` lists them all.";

    // src/lang/detail.rs: a parser's own words, matched by their English shape (da2)
    DetailAt: "linje {line}, kolonne {column}", "line {line}, column {column}";
    DetailKey: "nøglen `{key}`", "key `{key}`";
    DetailTable: "tabellen {table}", "table {table}";
    DetailParser: "fortolkeren melder: «{detail}»", "{detail}";
    DetailInKey: "{detail} (nøglen `{key}`)", "{detail}\nin `{key}`";
    DetailMissingField: "feltet `{field}` mangler", "missing field `{field}`";
    DetailUnknownFieldNone: "ukendt felt `{field}`; her hører ingen felter til", "unknown field `{field}`, there are no fields";
    DetailUnknownField: "ukendt felt `{field}`; forventet {expected}", "unknown field `{field}`, expected {expected}";
    DetailUnknownVariantNone: "ukendt værdi `{variant}`; her er ingen værdier at vælge", "unknown variant `{variant}`, there are no variants";
    DetailUnknownVariant: "ukendt værdi `{variant}`; forventet {expected}", "unknown variant `{variant}`, expected {expected}";
    DetailDuplicateField: "feltet `{field}` står der to gange", "duplicate field `{field}`";
    DetailInvalidType: "forkert type: fik {found}, forventede {expected}", "invalid type: {found}, expected {expected}";
    DetailInvalidValue: "ugyldig værdi: fik {found}, forventede {expected}", "invalid value: {found}, expected {expected}";
    DetailInvalidLength: "forkert længde {found}, forventede {expected}", "invalid length {found}, expected {expected}";
    DetailOneOf: "en af {list}", "one of {list}";
    DetailEitherOr: "`{a}` eller `{b}`", "`{a}` or `{b}`";
    DetailNothing: "ingenting", "nothing";
    DetailInteger: "heltallet `{value}`", "integer `{value}`";
    DetailFloat: "decimaltallet `{value}`", "floating point `{value}`";
    DetailString: "teksten {value}", "string {value}";
    DetailBoolean: "sandhedsværdien `{value}`", "boolean `{value}`";
    DetailASequence: "en liste", "a sequence";
    DetailSequence: "en liste", "sequence";
    DetailAMap: "en tabel", "a map";
    DetailMap: "en tabel", "map";
    DetailAString: "en tekst", "a string";
    DetailABoolean: "true eller false", "a boolean";
    DetailAStruct: "en tabel ({name})", "struct {name}";
    SpanMalformed: "ugyldig varighed {input}: skriv \"<helt tal> <enhed>\" med enheden timer/hours, dage/days, uger/weeks, måneder/months eller hverdage/workdays (også i ental), fx \"24 timer\", \"6 hverdage\", \"4 måneder\"", "invalid span {input}: expected \"<whole number> <unit>\" with unit hours/timer, days/dage, weeks/uger, months/måneder or workdays/hverdage (singular also accepted), e.g. \"24 hours\", \"6 hverdage\", \"4 months\"";
    SpanTooLong: "varigheden {input} er for lang: højst {max} (100 år)", "span {input} is too long: at most {max} (100 years)";
    JsonEof: "filen slutter midt i {what}", "EOF while parsing {what}";
    JsonExpectedValue: "forventede en værdi", "expected value";
    JsonExpectedIdent: "forventede true, false eller null", "expected ident";
    JsonTrailing: "der står mere efter slutningen", "trailing characters";
    JsonTrailingComma: "et komma for meget før slutningen", "trailing comma";
    JsonExpectedEitherOr: "forventede `{a}` eller `{b}`", "expected `{a}` or `{b}`";
    JsonExpectedColon: "forventede `:`", "expected `:`";
    JsonKeyString: "en nøgle skal være en tekst i anførselstegn", "key must be a string";
    DetailAList: "en liste", "a list";
    DetailAnObject: "et objekt", "an object";
    DetailAValue: "en værdi", "a value";
    NotAnIsoDate: "{text} er ikke en dato (ÅÅÅÅ-MM-DD)", "{text} is not a date (YYYY-MM-DD)";
    UnknownAttributeKnown: "ukendt attribut {name}; kendte: {known}", "unknown attribute {name}; known: {known}";

    // src/rules: a rule file, yardstick or profile refused (da2)
    RuleFileSays: "{file}: {detail}", "{file}: {detail}";
    RuleSays: "regel {rule}: {detail}", "rule {rule}: {detail}";
    RuleMissingIndex: "mangler: regelmappen skal have sin catalogue.toml (temaer og lovperioder)", "missing: the rules directory needs its catalogue.toml (themes and law periods)";
    RuleMissingProvisions: "mangler: regelmappen skal have sin provisions.toml (tabellen over bestemmelser)", "missing: the rules directory needs its provisions.toml (the provision table)";
    RuleIdTwice: "regel-id'et {id} bruges også af {other}", "rule id {id} is used by {other} too";
    RuleNoFiles: "regelmappen har ingen regelfiler", "the rules directory holds no rule files";
    RuleUnknownKind: "ukendt sagsart {name}; brug en af {kinds}", "unknown kind {name}; use one of {kinds}";
    RuleEmptyProvision: "en linje i tabellen over bestemmelser har en tom provision", "a provision entry has an empty provision";
    RuleLawNoteBoth: "en law_note skal have både en dansk og en engelsk tekst", "a law_note needs both a Danish and an English text";
    RuleNeedsIdName: "en regel skal have id og name", "a rule needs an id and a name";
    RuleNeedsTexts: "[{lang}] skal have title, question (til bedømmeren), what (hvad reglen kontrollerer) og why (hvorfor det betyder noget)", "[{lang}] needs a title, question (for the reviewer), what (what it checks) and why (why it matters)";
    RuleNeedsAction: "[{lang}] skal have action = \"…\" (hvad en sagsbehandler gør, når fristen er overskredet eller nær; vises i `caseaudit worklist`)", "[{lang}] needs action = \"…\" (what a case manager does when the result is overdue or due, shown in `caseaudit worklist`)";
    RuleUnknownTheme: "ukendt tema {theme}; catalogue.toml har {known}", "unknown theme {theme}; catalogue.toml has {known}";
    RuleNeedsVariant: "skal have mindst én [[variant]] med sin lovhenvisning (law = \"…\")", "needs at least one [[variant]] with its law reference (law = \"…\")";
    RuleVariantNumber: "[[variant]] nr. {n}", "[[variant]] number {n}";
    RuleCheckWithVariant: "[check] med [[variant]] nr. {n}", "[check] with [[variant]] number {n}";
    RuleUnknownPeriod: "ukendt periode {id}; catalogue.toml har {known}", "unknown period {id}; catalogue.toml has {known}";
    RuleWhenTable: "when skal være en tabel af betingelser", "when must be a table of conditions";
    RuleBelongsInCheck: "{key} hører til i [check] og er ens for alle varianter", "{key} belongs in [check], the same for every variant";
    RuleNeedsLaw: "skal have law = \"…\" (den gældende lovhenvisning)", "needs law = \"…\" (the legal reference in force)";
    RulePeriodNamed: "perioden {id}", "period {id}";
    RuleEveryPeriod: "alle perioder", "every period";
    RuleVariantNeverUsed: "bruges aldrig: [[variant]] nr. {earlier} gælder også for {period} og for alle de emner, denne ville gælde for (den første variant, der passer, bruges); giv denne en anden periode eller en `when`, som den tidligere ikke dækker, eller fjern den", "never used: [[variant]] number {earlier} is for {period} too and applies to every subject this one would (the first variant that matches is used); give this one another period or a `when` the earlier one does not cover, or remove it";
    RuleExampleVerdictsNotQuestion: "eksemplet {name} giver vurderinger (verdicts), men kun et spørgsmål til bedømmeren (kind = \"question\") besvares af en bedømmer", "example {name} gives verdicts, but only a reviewer question (kind = \"question\") is answered by a reviewer";
    RuleExampleVerdictNotScored: "eksemplet {name}: vurderingen {verdict} er ikke pass, fail eller exempt", "example {name}: the verdict {verdict} is not pass, fail or exempt";
    RuleNeedsExamples: "skal have [[example]]s, der viser {what} (intet forventer {status})", "needs [[example]]s that show {what} (none expects {status})";
    RuleExamplesQuestion: "et ubesvaret spørgsmål (not_assessable) og besvarede med pass og fail (med verdicts)", "a question unanswered (not_assessable) and answered pass and fail (with verdicts)";
    RuleExamplesBoth: "både pass og fail", "both pass and fail";
    RuleNoQuestions: "regelsættet har ingen spørgsmål", "the rule set has no questions";
    RuleQuestionsAre: "regelsættets spørgsmål er {ids}", "the rule set's questions are {ids}";
    RuleMachineCheck: "{id} er en maskinel kontrol, ikke et spørgsmål; {listed}", "{id} is a machine check, not a question; {listed}";
    RuleNoSuchQuestion: "intet spørgsmål {id}; {listed}", "no such question {id}; {listed}";
    CheckUnknownAttribute: "ukendt attribut {name}", "unknown attribute {name}";
    CheckChoiceList: "{name}: giv en liste af værdier, fx {name} = [\"…\"] eller {name} = { not = [\"…\"] }", "{name}: give a list of values, e.g. {name} = [\"…\"], or {name} = { not = [\"…\"] }";
    CheckDateNotCondition: "{name}: datoattributter kan ikke være betingelser", "{name}: date attributes cannot be conditions";
    CheckExpectedBool: "{name}: forventede true eller false", "{name}: expected true or false";
    CheckNotOneOf: "{name}: {item} er ikke en af {allowed}", "{name}: {item} is not one of {allowed}";
    CheckNotDateAttribute: "attributten {name} er ikke en datoattribut", "attribute {name} is not a date attribute";
    CheckTargetNeedsEvent: "et mål skal have mindst én hændelsestype", "a target needs at least one event type";
    CheckWithinNotDate: "within = {text}: {name} er ikke en datoattribut", "within = {text}: {name} is not a date attribute";
    CheckWithinSpan: "within = {text}: {detail}; eller \"processing_time\" eller en datoattribut som \"next_due\"", "within = {text}: {detail}; or \"processing_time\", or a date attribute such as \"next_due\"";
    CheckNotAttrOfType: "{name} er ikke en {what}-attribut", "{name} is not a {what} attribute";
    CheckYesNo: "ja/nej", "yes/no";
    CheckText: "tekst", "text";
    CheckFromOrLookback: "et vindue har enten from eller lookback, ikke begge", "a window has either from or lookback, not both";
    CheckLookbackUnits: "lookback skal være i dage, uger eller måneder", "lookback must be in days, weeks or months";
    CheckEveryPositive: "every skal være et positivt antal dage, uger eller måneder", "every must be a positive number of days, weeks or months";
    CheckNeedsEvidence: "en attributkontrol skal have mindst én kilde i evidence", "an attribute check needs at least one evidence source";
    CheckEvidenceShape: "hver kilde i evidence er { flag = \"…\" } eller { text = \"…\" } (evt. med contains)", "each evidence source is { flag = \"…\" } or { text = \"…\" } (with optional contains)";
    YardstickNotARule: "tallet med compares_with {id}: ikke et regel-id i kataloget og ikke en af {rates}", "figure compares_with {id}: not a rule id of the catalogue, nor one of {rates}";
    YardstickBothLanguages: "tallet for {id} ({year}): giv definition og note på begge sprog (definition_da og definition_en, note_da og note_en) eller ingen af dem", "figure for {id} ({year}): give definition and note in both languages (definition_da and definition_en, note_da and note_en), or neither";
    YardstickShare: "tallet for {id} ({year}): andelen {share} er ikke mellem 0 og 1 (skriv 65 % som 0,65)", "figure for {id} ({year}): share {share} is not between 0 and 1 (write 65 % as 0.65)";
    ProfileNotUtf8: "ikke UTF-8-tekst", "not UTF-8 text";
    ProfileNeedsName: "profilen skal have kommunens navn", "the profile needs the municipality's name";
    ProfileNoSuchRule: "ingen sådan regel; regelsættet har {known}", "no such rule; the rule set has {known}";
    ProfileNoSuchParameter: "reglen {id} har ingen sådan parameter; dens parametre er {known}", "rule {id} has no such parameter; its parameters are {known}";
    ProfileEmptyProvision: "en tom bestemmelse", "an empty provision";

    // src/review: review sheets and waiver files refused (da2)
    AtRow: "{file}, række {row}: {detail}", "{file}, row {row}: {detail}";
    SheetAdjudicationValue: "opmand skal være ja eller tom, ikke {text}", "adjudication must be yes or empty, not {text}";
    SheetAdjudicationNoVerdict: "rækken er markeret som opmandens afgørelse, men har ingen vurdering", "the row is marked as adjudication but gives no verdict";
    SheetBadVerdict: "vurderingen {written} er ikke {p}, {f} eller {e} (eller pass, fail, exempt)", "the verdict {written} is not pass, fail or exempt (or {p}, {f}, {e})";
    SheetVerdictNeedsKeys: "en vurdering skal have sag, regel og emne udfyldt", "a verdict needs its case_id, rule and subject";
    SheetEmpty: "{file}: arket er tomt; brug det ark, `caseaudit review` skrev", "{file}: the sheet is empty; use the sheet `caseaudit review` wrote";
    SheetColumns: "{file}: arket mangler en af kolonnerne sag, regel, emne og vurdering (eller case_id, rule, subject, verdict); brug det ark, `caseaudit review` skrev", "{file}: the sheet lacks one of the columns case_id, rule, subject and verdict (or sag, regel, emne, vurdering); use the sheet `caseaudit review` wrote";
    SheetAdjudicationDiffers: "opmandens afgørelse af {what} er {verdict}, men {place} siger {earlier}", "the adjudication of {what} is {verdict}, but {place} says {earlier}";
    SheetVerdictTwice: "{what} har allerede vurderingen {verdict} i række {row}", "{what} already has the verdict {verdict} in row {row}";
    SheetTwoSheets: "{what} er allerede vurderet på to ark ({a}, {b}); enighed måles mellem to bedømmere: markér en tredje vurdering som opmandens (kolonnen opmand)", "{what} already has verdicts from two sheets ({a}, {b}); agreement is measured between two reviewers: mark a third verdict as adjudication (the adjudication column)";
    WaiverFileInvalid: "{file}: ikke en gyldig dispensationsfil: {detail}", "{file}: not a valid waiver file: {detail}";
    WaiverAt: "{file}, dispensation nr. {number}: {detail}", "{file}, waiver number {number}: {detail}";
    WaiverUnknownKey: "ukendt nøgle {key}; kendte: {known}", "unknown key {key}; known: {known}";
    WaiverNeeds: "mangler {key} (sag, regel, begrundelse, godkender og udløbsdato skal udfyldes)", "needs {key} (case_id, rule, reason, approver and expires are required)";
    WaiverUnknownRule: "reglen {rule} findes ikke i regelsættet", "the rule {rule} is not in the rule set";
    WaiverBadDate: "expires = {text} er ikke en dato (ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ)", "expires = {text} is not a date (YYYY-MM-DD or DD-MM-YYYY)";

    // cmd/rules.rs, cmd/rule_examples.rs: `rules test` (da2)
    RulesTestOk: "ok  ", "ok  ";
    RulesTestFail: "FEJL", "FAIL";
    RulesTestExpectedGot: "forventede [{expected}], fik [{got}]", "expected [{expected}], got [{got}]";
    RulesTestInvalidCase: "eksemplets sag er ugyldig: {error}", "the example's case is invalid: {error}";
    RulesTestSummary: "{passed} bestået, {failed} fejlet", "{passed} passed, {failed} failed";
    RulesTestEvent: "hændelse {n}: {detail}", "event {n}: {detail}";
    RulesTestUnknownField: "ukendt felt {name}", "unknown field {name}";
    RulesTestDangling: "ref {reference} peger ikke på en hændelse, den kan besvare", "ref {reference} names no event it can answer";
    RulesTestVerdicts: "eksemplet giver {verdicts} vurderinger til {subjects} emner", "the example gives {verdicts} verdicts for {subjects} subjects";

    // report/listing.rs: what a human format lists, and what it counts
    FindingsNoun: "fund|fund", "finding|findings";
    ResultsNoun: "resultat|resultater", "result|results";
    ListedAll: "{n} {what} i {cases}, sag for sag i udtrækkets rækkefølge.", "{n} {what} in {cases}, case by case in the export's order.";
    ListedWorst: "{n} {what} i {cases}. Her vises {listed} {listed_what} i de {listed_cases} med flest væsentlige fejl (derefter flest fejl), den værste først.", "{n} {what} in {cases}. Shown: the {listed} {listed_what} of the {listed_cases} with the most material fails (then the most fails), the worst first.";
    ListedMore: "… og {more} {what} mere (højst {listed} vises, --max-listed), talt op pr. regel og team herunder. Hele listen står i en maskinlæsbar rapport: -o fund.csv, fund.json eller fund.xlsx.", "… and {more} more {what} (at most {listed} are shown, --max-listed), counted by rule and team below. A machine-readable report lists them all: -o findings.csv, findings.json or findings.xlsx.";
    NotListed: "Ikke listet: pr. regel og team, flest fejl først", "Not listed: by rule and team, the most fails first";
    OtherGroups: "{n} anden gruppe|{n} andre grupper", "{n} other group|{n} other groups";
    InAll: "i alt", "total";
    Remark: "Bemærkning", "Remark";
    LateRemark: "{late} for sent", "{late} late";

    // cmd/progress.rs: what a command is doing, on its progress bar
    ProgressStarting: "begynder", "starting";
    ProgressReadingInputs: "læser inddata", "reading the inputs";
    ProgressReadingBaseline: "læser baseline", "reading the baseline";
    ProgressComparingBaseline: "sammenligner med baseline", "comparing with the baseline";
    ProgressWritingReport: "skriver rapporten", "writing the report";
    ProgressReadingReports: "læser rapporterne", "reading the reports";
    ProgressComparing: "sammenligner", "comparing";
    ProgressWriting: "skriver", "writing";
    ProgressWritingSheet: "skriver arket", "writing the sheet";
    ProgressWritingCases: "skriver sager", "writing cases";
}
