//! The command line's help texts in Danish and English, keyed: `@` the program, `@audit`
//! a command's description (`@rules list` a sub-command's), `as_of` an option wherever it
//! is, `audit.as_of` an option of one command (that key wins). `localized_command` puts
//! them, and clap's headings, into the clap command before the arguments are read; a test
//! holds every command and option to a text in both languages.
use super::{Lang, Msg};
use clap::{Arg, ArgAction, Command};

/// (key, Danish, English).
const HELP: &[(&str, &str, &str)] = &[
    (
        "@",
        "Reviderer udtræk af danske børnesager mod lovens regler, som Task Force og Ankestyrelsen gør i hånden",
        "Audits exported Danish child-case files against the legal rules, as the Task Force and Ankestyrelsen do by hand",
    ),
    (
        "@after",
        "Slutkoder: 0 kørt og alle tærskler overholdt, 1 en tærskel overskredet (eller `rules test` fandt en afvigelse), 2 forkert brug, inddata der ikke kan læses, eller intet kunne revideres.",
        "Exit codes: 0 ran and met every threshold, 1 a threshold was breached (or `rules test` found a mismatch), 2 bad usage, unreadable input, or nothing could be audited.",
    ),
    (
        "@audit",
        "Reviderer udtræk af sager: score pr. tema, fejlrater og fund",
        "Audit case exports: per-theme scores, error rates and findings",
    ),
    (
        "@rules",
        "Vis, forklar og test regelsættet",
        "List, show and test the rule catalogue",
    ),
    (
        "@rules list",
        "Vis reglerne: id, navn, tema (med dets id), alvor, art og titel",
        "List the rules: id, name, theme (with its id), severity, kind and title",
    ),
    (
        "@rules show",
        "Vis én regels dokumentation: hvad den tjekker, hvorfor, loven og dens eksempler",
        "Show one rule's documentation: what it checks, why, the law, its examples",
    ),
    (
        "@rules test",
        "Kør alle reglers eksempler; slutkode 1, hvis et giver en anden status end ventet",
        "Run every rule's examples; exits 1 if any gives another status than expected",
    ),
    (
        "@validate",
        "Tjek udtræk uden at revidere: hvad blev læst, genkendt og afvist",
        "Check export files without auditing: what was read, detected and rejected",
    ),
    (
        "@generate",
        "Skriv et syntetisk, realistisk udtræk med de statusser, det er bygget til at give",
        "Write a synthetic, realistic export with the statuses it was built to give",
    ),
    (
        "@diff",
        "Sammenlign to JSON-rapporter: nye, løste og uændrede fund og temaernes score",
        "Compare two JSON reports: new, resolved and unchanged findings, and theme scores",
    ),
    (
        "@sample",
        "Beregn en stikprøvestørrelse (--plan), eller træk en reproducerbar tilfældig stikprøve af et udtræk, skrevet i udtrækkets eget format med et manifest ved siden af",
        "Plan a sample size (--plan), or draw a reproducible random sample of an export, written in the export's own format with a manifest beside it",
    ),
    (
        "@trend",
        "Tidligere JSON-rapporter side om side efter måledato: temaernes score og fejlrater",
        "Earlier JSON reports side by side by as-of date: theme scores and error rates",
    ),
    (
        "@explain",
        "Én sags tidslinje: hændelserne i datoorden og hver regels frist (start, frist, udført, status, lov). En visning i terminalen, eller en HTML-side med tidslinjen tegnet (-o .html)",
        "One case's timeline: its events in date order, and each rule's clock (start, due, done, status, law). A terminal view, or an HTML page with the timeline drawn (-o .html)",
    ),
    (
        "@worklist",
        "Hvad er overskredet nu, og hvad forfalder snart, pr. team, med den handling, der skal til",
        "What is overdue now and what falls due soon, per team, with the action needed",
    ),
    (
        "@review",
        "Skriv et gennemgangsark: en række pr. resultat, som en person skal se på, med dokumentationen, reglens spørgsmål og tomme kolonner til vurdering, note og bedømmer",
        "Write a review sheet: one row per result that needs a person's eyes, with its evidence, the rule's question and empty columns for verdict, note and reviewer",
    ),
    // Options shared by several commands.
    (
        "inputs",
        "Udtræk (de formater, audit læser)",
        "Export files (the formats audit reads)",
    ),
    (
        "lang",
        "Sprog i det, en person læser: da (dansk) eller en (engelsk). --help læser også miljøvariablen CASEAUDIT_LANG",
        "Language of what a person reads: da (Danish) or en (English). --help also reads the environment variable CASEAUDIT_LANG",
    ),
    (
        "rules",
        "En regelmappe i stedet for det indbyggede regelsæt (kopiér rules/, og ret i kopien)",
        "A rules directory replacing the built-in catalogue (copy rules/ and edit it)",
    ),
    (
        "sheet",
        "Det ark i en .xlsx-projektmappe, der skal læses (standard: det første)",
        "The sheet of an .xlsx workbook to read (default: the first)",
    ),
    (
        "layout",
        "Tabellens form: long (en række pr. hændelse), wide (en række pr. sag) eller cases (kun felter på sagsniveau). Standard: long, hvis der er en type-kolonne, wide, hvis kolonnerne er opkaldt efter hændelsestyper",
        "Table layout: long (a row per event), wide (a row per case) or cases (case-level fields only). Default: long if there is a type column, wide if columns are named after event types",
    ),
    (
        "date_format",
        "Hvordan datoer som 03/04/2024 er skrevet: iso alene, dmy (dag først, standardlæsningen) eller mdy (måned først). Standard: ISO eller dag først; en fil med måned først afvises, indtil dette er angivet",
        "How dates like 03/04/2024 are written: iso only, dmy (day first, the default reading) or mdy (month first). Default: ISO or day-first; a file with month-first dates is refused until this is given",
    ),
    (
        "encoding",
        "Tegnsæt i CSV (standard: UTF-8 med eller uden BOM, ellers Windows-1252)",
        "CSV text encoding (default: UTF-8, with or without BOM, else Windows-1252)",
    ),
    (
        "delimiter",
        "Feltadskiller i CSV, når den ikke skal genkendes fra overskriftslinjen: ',' ';' eller 'tab'",
        "CSV field delimiter, when detection from the header line is not wanted: ',' ';' or 'tab'",
    ),
    (
        "mapping",
        "En mappingfil (TOML) til et sagssystems udtræk: omdøbte kolonner og værdier, udeladte kolonner, formater. Se docs/mapping.md",
        "A mapping file (TOML) for a case system's export: column and value renames, ignored columns, formats. See docs/mapping.md",
    ),
    (
        "case_file",
        "En CSV/xlsx med felter på sagsniveau (case_id, area, municipality, team, child_birth_date) ved siden af en lang hændelsesfil. Kan gentages. En tabel med kun sådanne kolonner blandt inddata genkendes uden dette tilvalg",
        "A CSV/xlsx of case-level fields (case_id, area, municipality, team, child_birth_date) beside a long event file. Repeatable. A table with only such columns among the inputs is recognised without this flag",
    ),
    (
        "calendar",
        "Arbejdsdagskalender: strict (officielle helligdage) eller extended (også 5. juni, 24. og 31. december). Standard: profilens, ellers strict",
        "Workday calendar: strict (official holidays) or extended (also 5 June, 24 and 31 December). Default: the profile's, else strict",
    ),
    (
        "questions",
        "De spørgsmål til bedømmeren, der stilles: all (regelsættets, eller profilens valg), none (kun maskinens kontroller) eller en kommaliste af spørgsmåls-id'er (fx Q1,Q3)",
        "The reviewer questions to ask: all (the rule set's, or the profile's choice), none (the machine's checks only), or a comma list of question ids (e.g. Q1,Q3)",
    ),
    (
        "profile",
        "En kommuneprofil (TOML): navn, kalender, lokale standarder, der ændrer reglernes parametre, og de spørgsmål til bedømmeren, den stiller (se docs/review.md)",
        "A municipality profile (TOML): its name, calendar, local standards overriding rule parameters and the reviewer questions it asks (see docs/review.md)",
    ),
    (
        "pseudonymize",
        "Erstat sagsnumre med `P-` og 16 hex-cifre af HMAC-SHA256(NØGLE, sagsnummer): samme nøgle giver samme pseudonymer. Nøglen (mindst 16 tegn) holdes ude af rapportens kommandolinje; brug hellere --pseudonymize-key-file eller -env, så den heller ikke står i skallens historik",
        "Replace case ids by `P-` and 16 hex digits of HMAC-SHA256(KEY, case id): the same key gives the same pseudonyms. The key (16 characters or more) is kept out of the report's command line; prefer --pseudonymize-key-file or -env to keep it out of the shell history",
    ),
    (
        "pseudonymize_key_file",
        "Som --pseudonymize, med nøglen læst fra første linje i FIL",
        "As --pseudonymize, with the key read from the first line of FILE",
    ),
    (
        "pseudonymize_key_env",
        "Som --pseudonymize, med nøglen læst fra miljøvariablen VAR",
        "As --pseudonymize, with the key read from the environment variable VAR",
    ),
    (
        "format",
        "Rapportens format. Standard: efter -o-filens endelse, ellers table",
        "Output format. Default: from the -o file's extension, else table",
    ),
    (
        "csv_dialect",
        "CSV-dialekt: standard (komma, ingen BOM) eller excel-da (semikolon og en UTF-8-BOM, så dansk Excel åbner filen)",
        "CSV dialect: standard (comma, no BOM) or excel-da (semicolon and a UTF-8 BOM, so Danish Excel opens it)",
    ),
    ("help", "Vis hjælp", "Print help"),
    ("version", "Vis versionen", "Print version"),
    // audit
    (
        "audit.inputs",
        "Udtræk: .json (en liste eller {\"cases\": [...]}), .ndjson/.jsonl, .csv/.tsv og .xlsx (lang eller bred form, se docs/input.md)",
        "Export files: .json (array or {\"cases\": [...]}), .ndjson/.jsonl, .csv/.tsv and .xlsx (long or wide layout, see docs/input.md)",
    ),
    (
        "audit.as_of",
        "Måledatoen: ÅÅÅÅ-MM-DD eller dag først (30-06-2025, 30.06.2025, 30/06/2025); frister på eller efter den er ikke nået. Standard: i dag",
        "The day of measurement: YYYY-MM-DD or day-first (30-06-2025, 30.06.2025, 30/06/2025); deadlines on or after it are pending. Default: today",
    ),
    (
        "audit.output",
        "Skriv rapporten til FIL (atomisk: en kørsel, der fejler, efterlader en eksisterende fil, som den var; aldrig en fil, kommandoen læser), eller til stdout med `-`. Endelsen vælger formatet: .txt tabel, .json, .csv, .md, .html, .xml (JUnit), .xlsx",
        "Write the report to FILE (atomically: a failed run leaves an existing file as it was; never a file the command reads), or to stdout with `-`. The extension picks the format: .txt table, .json, .csv, .md, .html, .xml (JUnit), .xlsx",
    ),
    (
        "audit.results",
        "Hvilke resultater der listes: alle statusser undtagen opfyldt (og undtagen ubesvarede spørgsmål til bedømmeren, som tælles for sig), alle eller ingen",
        "Which results to list: every status but pass (and but reviewer questions not yet answered, which are counted apart), all, or none",
    ),
    (
        "audit.rejects",
        "Skriv de afviste poster med deres værdier til FIL som CSV (file,line,column,value,reason). Hold den lokalt: værdierne kan være personoplysninger",
        "Write the rejected records, with their values, to FILE as CSV (file,line,column,value,reason). Keep it local: values may be personal data",
    ),
    (
        "audit.by",
        "Tilføj score pr. tema og fejlrater pr. gruppe: team, område (area) eller kommune (municipality)",
        "Add per-group theme scores and error rates: by team, area or municipality",
    ),
    (
        "audit.yardstick",
        "En TOML-fil med flere landstal eller egne sammenligningstal i samme form som rules/yardstick.toml, vist ved siden af scorerne sammen med de indbyggede",
        "A TOML file of further national or own reference figures, in the form of rules/yardstick.toml, shown beside the scores with the built-in ones",
    ),
    (
        "audit.review",
        "Et udfyldt gennemgangsark (`caseaudit review`, .xlsx eller .csv): vurderingerne erstatter maskinens status i scoren og tælles for sig. Angiv det to gange for to bedømmere: deres enighed rapporteres, og et resultat, de er uenige om, kan ikke vurderes, før en vurdering markeret som opmandens afgør det (docs/review.md)",
        "A filled-in review sheet (`caseaudit review`, .xlsx or .csv): its verdicts replace the machine's status for scoring, and are counted apart. Give it twice for two reviewers: their agreement is reported, and a result they disagree on is not assessable until a verdict marked as adjudication settles it (docs/review.md)",
    ),
    (
        "audit.waivers",
        "En TOML-fil med dispensationer (sag, regel, evt. emne, begrundelse, godkendt af, udløber): resultater med dispensation beholder status og score og tælles for sig",
        "A TOML file of waivers (case, rule, optional subject, reason, approver, expires): waived results keep their status and score, and are counted apart",
    ),
    (
        "audit.sample_manifest",
        "Manifestet for den stikprøve, der revideres (`caseaudit sample`), når det ikke ligger ved siden af filen som FIL.manifest.json: rapporten siger, at den bygger på en stikprøve (størrelse, population, frø, strata)",
        "The manifest of the sample audited (`caseaudit sample`), when it is not beside the file as FILE.manifest.json: the report says it rests on a sample (size, population, seed, strata)",
    ),
    (
        "max_error_rate",
        "Slutkode 1, hvis den skønnede omgørelsesprocent er over R (en andel, fx 0,3 eller 0.3)",
        "Exit 1 if the estimated reversal rate is above R (a share, e.g. 0.3 or 0,3)",
    ),
    (
        "min_score",
        "Slutkode 1, hvis TEMAets score er under S (en andel), fx notifications=0,8; temaet ved id eller navn (`caseaudit rules list` viser dem). Kan gentages",
        "Exit 1 if THEME's score is below S (a share), e.g. notifications=0.8; the theme by id or name (`caseaudit rules list` shows them). Repeatable",
    ),
    (
        "max_fails",
        "Slutkode 1, hvis der er flere end N resultater med ikke opfyldt",
        "Exit 1 if there are more than N fail results",
    ),
    (
        "max_rejected",
        "Slutkode 1, hvis mere end ANDEL af posterne i inddata afvises (fx 0,01)",
        "Exit 1 if more than SHARE of the input records are rejected (e.g. 0.01)",
    ),
    (
        "baseline",
        "En tidligere JSON-rapport at sammenligne med (til --fail-on-new)",
        "An earlier JSON report to compare with (for --fail-on-new)",
    ),
    (
        "fail_on_new",
        "Slutkode 1, hvis et resultat med ikke opfyldt (sag, regel, emne) ikke er blandt baselinens",
        "Exit 1 if a fail result (case, rule, subject) is not among the baseline's",
    ),
    (
        "exit_zero",
        "Meld overskredne tærskler på stderr, men slut med 0",
        "Report breached thresholds on stderr, but exit 0",
    ),
    (
        "audit.case_id",
        "List kun denne sags resultater",
        "List only this case's results",
    ),
    (
        "audit.rule",
        "List kun denne regels resultater (fx U1). Kan gentages, eller en kommaliste",
        "List only this rule's results (e.g. U1). Repeatable, or a comma list",
    ),
    (
        "audit.status",
        "List kun resultater med denne status. Kan gentages, eller en kommaliste; `pass` lister opfyldte uden --results all",
        "List only results with this status. Repeatable, or a comma list; `pass` lists passes without --results all",
    ),
    (
        "audit.team",
        "List kun resultaterne af dette teams sager (store og små bogstaver er ligegyldige)",
        "List only the results of this team's cases (case does not matter)",
    ),
    (
        "audit.include_text",
        "Føj hvert listet resultats fritekst fra udtrækket (en afgørelses begrundelse) til JSON-rapporten til en bedømmer. Den kan rumme navne og andre personoplysninger (CPR-numre forbliver maskeret): hold en sådan rapport lokalt",
        "Add each listed result's free text from the export (a decision's justification) to the JSON report, for a reviewer. It may hold names and other personal data (CPR numbers stay masked): keep such a report local",
    ),
    (
        "quiet",
        "Ingen statuslinje og ingen bemærkninger på stderr (advarsler og fejl siges stadig). Statuslinjen vises kun på en terminal, efter det første sekund, og aldrig når miljøvariablen CI er sat",
        "No progress bar and no notes on stderr (warnings and errors are still said). The bar is shown only on a terminal, after the first second, and never when the CI environment variable is set",
    ),
    (
        "audit.max_listed",
        "Højst så mange resultater listes i de menneskelige formater (tabel, Markdown, HTML): de værste sager først, når ikke alle kan være der, og resten talt op pr. regel og team. JSON, CSV, JUnit og xlsx lister dem alle",
        "The most results the human formats (table, Markdown, HTML) list: the worst cases first when not all fit, the rest counted by rule and team. JSON, CSV, JUnit and xlsx list every one",
    ),
    // rules
    ("rules show.id", "Reglens id, fx U1", "The rule id, e.g. U1"),
    (
        "rules test.dir",
        "Den regelmappe, der skal testes (standard: det indbyggede regelsæt)",
        "The rules directory to test (default: the built-in catalogue)",
    ),
    (
        "rules test.rules",
        "Det samme som MAPPE, som de andre kommandoer skriver det",
        "The same as DIR, as the other commands spell it",
    ),
    // validate
    (
        "validate.inputs",
        "Udtræk, der skal tjekkes (de formater, audit læser)",
        "Export files to check (the formats audit reads)",
    ),
    (
        "validate.strict",
        "Slutkode 2, hvis en post afvises",
        "Exit 2 if any record is rejected",
    ),
    // generate
    ("generate.cases", "Hvor mange sager", "How many cases"),
    (
        "generate.seed",
        "Frøet: samme frø giver de samme filer",
        "The random seed: the same seed gives the same files",
    ),
    (
        "generate.out",
        "Mappen, der skrives til (oprettes, hvis den mangler): events.csv og truth.json",
        "Output directory (created if missing): events.csv and truth.json",
    ),
    (
        "generate.defect_rate",
        "Andelen af krav, generatoren bryder med vilje (0–1)",
        "Share of requirements the generator breaks on purpose (0–1)",
    ),
    // diff
    (
        "diff.old",
        "Den tidligere rapport (`audit --format json`)",
        "The earlier report (`audit --format json`)",
    ),
    ("diff.new", "Den senere rapport", "The later report"),
    ("diff.format", "Format", "Output format"),
    (
        "diff.max_listed",
        "Højst så mange fund af hver slags (nye, løste, uændrede) listes i tabellen og Markdown; Markdown stopper også før 1 MiB (en CI-opsummering). JSON lister dem alle",
        "The most findings of each kind (new, resolved, unchanged) the table and Markdown list; the Markdown also stops before 1 MiB (a CI job summary). JSON lists every one",
    ),
    // sample
    (
        "sample.input",
        "Udtrækket, der trækkes fra: .json, .ndjson/.jsonl eller .csv/.tsv (én fil)",
        "The export to draw from: .json, .ndjson/.jsonl or .csv/.tsv (one file)",
    ),
    (
        "sample.plan",
        "Vis den stikprøvestørrelse, der skal til, i stedet for at trække en stikprøve",
        "Print the sample size needed instead of drawing a sample",
    ),
    (
        "sample.expected_rate",
        "--plan: den forventede fejlrate (0–1), fx 0,3; 0,5, hvis intet vides",
        "--plan: the error rate expected (0–1), e.g. 0.3; 0.5 if nothing is known",
    ),
    (
        "sample.margin",
        "--plan: den ønskede fejlmargin (0–1), fx 0,1 for ± 10 procentpoint",
        "--plan: the margin of error wanted (0–1), e.g. 0.1 for ± 10 percentage points",
    ),
    (
        "sample.confidence",
        "--plan: konfidensniveauet: 0,80, 0,90, 0,95, 0,98 eller 0,99",
        "--plan: the confidence level: 0.80, 0.90, 0.95, 0.98 or 0.99",
    ),
    (
        "sample.population",
        "--plan: antallet af sager, der trækkes fra (korrektion for endelig population)",
        "--plan: the number of cases sampled from (finite-population correction)",
    ),
    (
        "sample.size",
        "Hvor mange sager der trækkes",
        "How many cases to draw",
    ),
    (
        "sample.seed",
        "Frøet: samme frø giver de samme sager, på enhver maskine og i enhver version",
        "The seed: the same seed gives the same cases, on any machine and any version",
    ),
    (
        "sample.strata",
        "Træk fra hvert område, team eller kommune for sig (area, team, municipality)",
        "Draw from each area, team or municipality separately",
    ),
    (
        "sample.allocation",
        "Hvordan størrelsen fordeles på strata",
        "How the size is shared among strata",
    ),
    (
        "sample.period",
        "Kun sager med en hændelse i FRA..TIL (datoer som --as-of, begge dage med; en side kan udelades)",
        "Only cases with an event in FROM..TO (dates as --as-of takes them, both days included; a side may be left out)",
    ),
    (
        "sample.output",
        "Stikprøvefilen (i inddatas format); manifestet skrives til UD.manifest.json",
        "The sample file (in the input's format); the manifest is written to OUT.manifest.json",
    ),
    // trend
    (
        "trend.reports",
        "JSON-rapporter fra `caseaudit audit` (schema_version 1), i vilkårlig rækkefølge",
        "JSON reports of `caseaudit audit` (schema_version 1), in any order",
    ),
    (
        "trend.format",
        "Format: table, markdown eller html (en selvstændig side: et diagram pr. mål, hver rapport et punkt med sit interval)",
        "Output format: table, markdown or html (a self-contained page: one chart per measure, each report a point with its interval)",
    ),
    // explain
    (
        "explain.inputs",
        "Udtræk, der rummer sagen (de formater, audit læser)",
        "Export files holding the case (the formats audit reads)",
    ),
    (
        "explain.case_id",
        "Sagsnummeret, som udtrækket skriver det",
        "The case id, as the export writes it",
    ),
    (
        "explain.as_of",
        "Måledatoen: ÅÅÅÅ-MM-DD eller dag først (30-06-2025, 30.06.2025, 30/06/2025); frister på eller efter den er ikke nået, hændelser efter den ses ikke. Standard: i dag",
        "The day of measurement: YYYY-MM-DD or day-first (30-06-2025, 30.06.2025, 30/06/2025); deadlines on or after it are pending, events after it are not seen. Default: today",
    ),
    (
        "explain.output",
        "Skriv til FIL: .html giver en selvstændig side med tidslinjen tegnet, .txt visningen fra terminalen. Standard (eller `-`): terminalvisningen på stdout",
        "Write to FILE: .html gives a self-contained page with the timeline drawn, .txt the terminal view. Default (or `-`): the terminal view on stdout",
    ),
    // worklist
    (
        "worklist.within",
        "Hvor langt frem der ses efter frister: dage (14d, 14) eller uger (2w, 2u)",
        "How far ahead to look for deadlines: days (14d, 14) or weeks (2w)",
    ),
    (
        "worklist.team",
        "Kun dette teams sager (som udtrækket skriver det; store og små bogstaver er ligegyldige)",
        "Only this team's cases (as the export names it; case does not matter)",
    ),
    (
        "worklist.as_of",
        "Måledatoen: ÅÅÅÅ-MM-DD eller dag først (30-06-2025, 30.06.2025, 30/06/2025). Standard: i dag",
        "The day of measurement: YYYY-MM-DD or day-first (30-06-2025, 30.06.2025, 30/06/2025). Default: today",
    ),
    (
        "worklist.output",
        "Skriv arbejdslisten til FIL (.txt, .csv, .xlsx eller .md), eller til stdout med `-`",
        "Write the worklist to FILE (.txt, .csv, .xlsx or .md), or to stdout with `-`",
    ),
    // review
    (
        "review.as_of",
        "Måledatoen, som for audit. Standard: i dag",
        "The day of measurement, as for audit. Default: today",
    ),
    (
        "review.material",
        "List også alle resultater af væsentlige regler, ikke kun dem, maskinen ikke kunne vurdere",
        "Also list every result of a material rule, not only those the machine could not assess",
    ),
    (
        "review.output",
        "Arket, der skrives: .xlsx (vurderingen som rulleliste) eller .csv (`;` og en BOM, til Excel)",
        "The sheet to write: .xlsx (the verdict a drop-down) or .csv (`;` and a BOM, for Excel)",
    ),
];

/// Danish names for the value placeholders of the help (`<FIL>` for `<FILE>`).
const VALUE_NAMES: &[(&str, &str)] = &[
    ("FILE", "FIL"),
    ("DATE", "DATO"),
    ("DIR", "MAPPE"),
    ("INPUT", "INDDATA"),
    ("FORMAT", "FORMAT"),
    ("ID", "ID"),
    ("TEAM", "TEAM"),
    ("SPAN", "SPÆND"),
    ("STATUS", "STATUS"),
    ("FIELD", "FELT"),
    ("KEY", "NØGLE"),
    ("VAR", "VAR"),
    ("CHAR", "TEGN"),
    ("NAME", "NAVN"),
    ("ENCODING", "TEGNSÆT"),
    ("THEME=S", "TEMA=S"),
    ("SHARE", "ANDEL"),
    ("OLD.json", "GAMMEL.json"),
    ("REPORT.json", "RAPPORT.json"),
    ("OLD", "GAMMEL"),
    ("NEW", "NY"),
    ("OUT", "UD"),
    ("FROM..TO", "FRA..TIL"),
    ("LEVEL", "NIVEAU"),
    ("all|none|IDS", "all|none|ID'ER"),
];

/// The help text of `key` in `lang`, if the table has it.
pub(super) fn text(key: &str, lang: Lang) -> Option<&'static str> {
    HELP.iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, da, en)| match lang {
            Lang::Da => *da,
            Lang::En => *en,
        })
}

/// The option `id` of the command at `path`: its own text, else the shared one.
fn option_text(path: &str, id: &str, lang: Lang) -> Option<&'static str> {
    text(&format!("{path}.{id}"), lang).or_else(|| text(id, lang))
}

/// The clap command with its help texts, headings and placeholders in `lang`.
pub fn localized_command(lang: Lang) -> Command {
    let cmd = <crate::cli::Cli as clap::CommandFactory>::command()
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version),
        )
        // `caseaudit help audit` is read as `caseaudit audit --help` (`main`), so the
        // command list holds no help sub-command in English.
        .disable_help_subcommand(true);
    localize(cmd, "", lang)
}

fn localize(mut cmd: Command, path: &str, lang: Lang) -> Command {
    let t = |m: Msg| lang.t(m);
    let about = if path.is_empty() {
        "@".to_string()
    } else {
        format!("@{path}")
    };
    if let Some(about) = text(&about, lang) {
        cmd = cmd.about(about).long_about(None);
    }
    if path.is_empty() {
        cmd = cmd.after_help(text("@after", lang).unwrap_or_default());
    }
    cmd = cmd
        .help_template(format!(
            "{{before-help}}{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
            t(Msg::UsageHeading)
        ))
        .subcommand_help_heading(t(Msg::HelpCommands))
        .subcommand_value_name(t(Msg::HelpCommandValue))
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help),
        );
    let ids: Vec<clap::Id> = cmd.get_arguments().map(|a| a.get_id().clone()).collect();
    for id in ids {
        cmd = cmd.mut_arg(id.clone(), |a| {
            let mut help = option_text(path, id.as_str(), lang)
                .unwrap_or_default()
                .to_string();
            // clap's "[default: …]" and "[possible values: …]", in `lang`.
            let values: Vec<String> = a
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_string())
                .collect();
            let takes_value = a.get_action().takes_values();
            let defaults: Vec<String> = a
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .collect();
            if takes_value && !defaults.is_empty() && !a.is_hide_default_value_set() {
                help += &format!(" [{}: {}]", t(Msg::HelpDefault), defaults.join(", "));
            }
            if takes_value && !values.is_empty() {
                help += &format!(" [{}: {}]", t(Msg::UsagePossibleValues), values.join(", "));
            }
            let heading = if a.is_positional() {
                t(Msg::HelpArguments)
            } else {
                t(Msg::HelpOptions)
            };
            let mut a = a.help(help).long_help(None).help_heading(heading);
            if takes_value {
                a = a.hide_default_value(true).hide_possible_values(true);
            }
            if lang == Lang::Da {
                let names: Vec<&'static str> = a
                    .get_value_names()
                    .unwrap_or_default()
                    .iter()
                    .map(|n| {
                        let n = n.as_str();
                        VALUE_NAMES
                            .iter()
                            .find(|(en, _)| *en == n)
                            .map_or_else(|| leak_upper(n), |(_, da)| *da)
                    })
                    .collect();
                if !names.is_empty() {
                    a = a.value_names(names);
                }
            }
            a
        });
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in subs {
        let sub_path = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        cmd = cmd.mut_subcommand(name, |s| localize(s, &sub_path, lang));
    }
    cmd
}

/// A placeholder clap made from a field's name (`CSV_DIALECT`): kept as it is.
fn leak_upper(n: &str) -> &'static str {
    match n {
        "CSV_DIALECT" => "DIALEKT",
        "RESULTS" => "RESULTATER",
        "LAYOUT" => "FORM",
        "CALENDAR" => "KALENDER",
        "LANG" => "SPROG",
        "ALLOCATION" => "FORDELING",
        "WITHIN" => "SPÆND",
        "CASES" => "SAGER",
        "SEED" => "FRØ",
        "DEFECT_RATE" => "ANDEL",
        "P" => "P",
        "M" => "M",
        "N" => "N",
        "S" => "S",
        "R" => "R",
        _ => "VÆRDI",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walk(c: &Command, path: &str, out: &mut Vec<String>) {
        if !path.is_empty() {
            out.push(format!("@{path}"));
        }
        for a in c.get_arguments() {
            let id = a.get_id().as_str();
            if id != "help" && id != "version" {
                out.push(format!("{path}.{id}"));
            }
        }
        for s in c.get_subcommands() {
            let p = if path.is_empty() {
                s.get_name().to_string()
            } else {
                format!("{path} {}", s.get_name())
            };
            walk(s, &p, out);
        }
    }

    #[test]
    fn every_command_and_option_has_a_help_text_in_both_languages() {
        let cmd = <crate::cli::Cli as clap::CommandFactory>::command();
        let mut keys = Vec::new();
        walk(&cmd, "", &mut keys);
        let mut used = std::collections::BTreeSet::new();
        for key in &keys {
            let found = if key.starts_with('@') {
                text(key, Lang::Da).map(|_| key.clone())
            } else if text(key, Lang::Da).is_some() {
                Some(key.clone())
            } else {
                let id = key.rsplit_once('.').unwrap().1;
                text(id, Lang::Da).map(|_| id.to_string())
            };
            let found = found.unwrap_or_else(|| panic!("no help text for {key}"));
            used.insert(found);
        }
        used.extend(["@".into(), "@after".into(), "help".into(), "version".into()]);
        for (key, da, en) in HELP {
            assert!(used.contains(*key), "help text {key} is used by no option");
            assert!(!da.is_empty() && !en.is_empty(), "{key}");
        }
    }

    #[test]
    fn the_localised_command_is_consistent() {
        localized_command(Lang::Da).debug_assert();
        localized_command(Lang::En).debug_assert();
    }
}
