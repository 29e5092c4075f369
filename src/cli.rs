//! What the user types: clap definitions and help texts only. Commands turn these into
//! typed settings (see `cmd/`).
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "caseaudit",
    version,
    about = "Audits exported Danish child-case files against the legal rules, as the Task Force and Ankestyrelsen do by hand",
    after_help = "Exit codes: 0 ran and met every threshold, 1 a threshold was breached (or `rules test` found a mismatch), 2 bad usage, unreadable input, or nothing could be audited."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Audit case exports: per-theme scores, error rates and findings.
    Audit(Box<AuditArgs>),
    /// List, show and test the rule catalogue.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Check export files without auditing: what was read, detected and rejected.
    Validate(ValidateArgs),
    /// Write a synthetic, realistic export with the statuses it was built to give.
    Generate(GenerateArgs),
    /// Compare two JSON reports: new, resolved and unchanged findings, and theme scores.
    Diff(DiffArgs),
    /// Plan a sample size (--plan), or draw a reproducible random sample of an export,
    /// written in the export's own format with a manifest beside it.
    Sample(SampleArgs),
    /// Earlier JSON reports side by side by as-of date: theme scores and error rates.
    Trend(TrendArgs),
    /// One case's timeline: its events in date order, and each rule's clock (start, due,
    /// done, status, law). A terminal view, or an HTML page with the timeline drawn (-o .html).
    Explain(ExplainArgs),
    /// What is overdue now and what falls due soon, per team, with the action needed.
    Worklist(WorklistArgs),
    /// Write a review sheet: one row per result that needs a person's eyes, with its
    /// evidence, the rule's question and empty columns for verdict, note and reviewer.
    Review(ReviewArgs),
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Export files holding the case (the formats audit reads).
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// The case id, as the export writes it.
    #[arg(long = "case", value_name = "ID")]
    pub case_id: String,
    /// The day of measurement: YYYY-MM-DD or day-first (30-06-2025, 30.06.2025, 30/06/2025);
    /// deadlines on or after it are pending, events after it are not seen. Default: today.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// Write to FILE: .html gives a self-contained page with the timeline drawn, .txt the
    /// terminal view. Default (or `-`): the terminal view on stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub common: Common,
    #[command(flatten)]
    pub local: LocalStandards,
    #[command(flatten)]
    pub read: ReadOptions,
}

#[derive(Debug, Args)]
pub struct WorklistArgs {
    /// Export files (the formats audit reads).
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// How far ahead to look for deadlines: days (14d, 14) or weeks (2w).
    #[arg(long, value_name = "SPAN", default_value = "14d", value_parser = parse_within)]
    pub within: u32,
    /// Only this team's cases (as the export names it; case does not matter).
    #[arg(long, value_name = "TEAM")]
    pub team: Option<String>,
    /// The day of measurement: YYYY-MM-DD or day-first (30-06-2025, 30.06.2025, 30/06/2025).
    /// Default: today.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// Output format. Default: from the -o file's extension, else table.
    #[arg(long, value_enum)]
    pub format: Option<WorklistFormatArg>,
    /// Write the worklist to FILE (.txt, .csv, .xlsx or .md), or to stdout with `-`.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// CSV dialect: standard (comma, no BOM) or excel-da (semicolon and a UTF-8 BOM).
    #[arg(long, value_enum, default_value_t = CsvDialectArg::Standard)]
    pub csv_dialect: CsvDialectArg,
    #[command(flatten)]
    pub common: Common,
    #[command(flatten)]
    pub local: LocalStandards,
    #[command(flatten)]
    pub read: ReadOptions,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WorklistFormatArg {
    Table,
    Csv,
    Xlsx,
    Markdown,
}

/// Narrow the listed results for reading; scores, rates and thresholds stay those of the
/// whole audit.
#[derive(Debug, Args)]
pub struct ResultFilterArgs {
    /// List only this case's results.
    #[arg(long = "case", value_name = "ID")]
    pub case_id: Option<String>,
    /// List only this rule's results (e.g. U1). Repeatable, or a comma list.
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    pub rule: Vec<String>,
    /// List only results with this status. Repeatable, or a comma list; `pass` lists passes
    /// without --results all.
    #[arg(long, value_enum, value_name = "STATUS", value_delimiter = ',')]
    pub status: Vec<StatusArg>,
    /// List only the results of this team's cases (case does not matter).
    #[arg(long, value_name = "TEAM")]
    pub team: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusArg {
    Pass,
    Exempt,
    Fail,
    Pending,
    #[value(name = "not_assessable", alias = "not-assessable")]
    NotAssessable,
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// Export files (the formats audit reads).
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// The day of measurement (YYYY-MM-DD), as for audit. Default: today.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// Also list every result of a material rule, not only those the machine could not assess.
    #[arg(long)]
    pub material: bool,
    /// The sheet to write: .xlsx (the verdict a drop-down) or .csv (`;` and a BOM, for Excel).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
    #[command(flatten)]
    pub common: Common,
    #[command(flatten)]
    pub local: LocalStandards,
    #[command(flatten)]
    pub read: ReadOptions,
    #[command(flatten)]
    pub privacy: PrivacyArgs,
}

/// The municipality's own standards, as audit and review both apply them.
#[derive(Debug, Args)]
pub struct LocalStandards {
    /// Workday calendar: strict (official holidays) or extended (also 5 June, 24 and 31
    /// December). Default: the profile's, else strict.
    #[arg(long, value_enum)]
    pub calendar: Option<CalendarArg>,
    /// A municipality profile (TOML): its name, calendar, local standards overriding rule
    /// parameters and the reviewer questions it asks (see docs/review.md).
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,
    /// The reviewer questions to ask: all (the rule set's, or the profile's choice), none
    /// (the machine's checks only), or a comma list of question ids (e.g. Q1,Q3).
    #[arg(long, value_name = "all|none|IDS")]
    pub questions: Option<String>,
}

#[derive(Debug, Args)]
pub struct SampleArgs {
    /// The export to draw from: .json, .ndjson/.jsonl or .csv/.tsv (one file).
    #[arg(
        value_name = "INPUT",
        required_unless_present = "plan",
        conflicts_with = "plan"
    )]
    pub input: Option<PathBuf>,
    /// Print the sample size needed instead of drawing a sample.
    #[arg(long, requires_all = ["expected_rate", "margin"])]
    pub plan: bool,
    /// --plan: the error rate expected (0–1), e.g. 0.3; 0.5 if nothing is known.
    #[arg(long, value_name = "P", requires = "plan")]
    pub expected_rate: Option<f64>,
    /// --plan: the margin of error wanted (0–1), e.g. 0.1 for ± 10 percentage points.
    #[arg(long, value_name = "M", requires = "plan")]
    pub margin: Option<f64>,
    /// --plan: the confidence level: 0.80, 0.90, 0.95, 0.98 or 0.99.
    #[arg(long, value_name = "LEVEL", default_value_t = 0.95)]
    pub confidence: f64,
    /// --plan: the number of cases sampled from (finite-population correction).
    #[arg(long, value_name = "N", requires = "plan")]
    pub population: Option<u64>,
    /// How many cases to draw.
    #[arg(
        long,
        value_name = "N",
        required_unless_present = "plan",
        conflicts_with = "plan"
    )]
    pub size: Option<u64>,
    /// The seed: the same seed gives the same cases, on any machine and any version.
    #[arg(
        long,
        value_name = "S",
        required_unless_present = "plan",
        conflicts_with = "plan"
    )]
    pub seed: Option<u64>,
    /// Draw from each area, team or municipality separately.
    #[arg(long, value_name = "FIELD", conflicts_with = "plan")]
    pub strata: Option<String>,
    /// How the size is shared among strata.
    #[arg(long, value_enum, default_value_t = AllocationArg::Proportional)]
    pub allocation: AllocationArg,
    /// Only cases with an event in FROM..TO (YYYY-MM-DD, both days included; a side may be
    /// left out).
    #[arg(long, value_name = "FROM..TO", conflicts_with = "plan")]
    pub period: Option<String>,
    /// The sample file (in the input's format); the manifest is written to OUT.manifest.json.
    #[arg(
        short = 'o',
        long = "output",
        value_name = "OUT",
        required_unless_present = "plan"
    )]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub common: Common,
    #[command(flatten)]
    pub read: ReadOptions,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum AllocationArg {
    Proportional,
    Equal,
}

#[derive(Debug, Args)]
pub struct TrendArgs {
    /// JSON reports of `caseaudit audit` (schema_version 1), in any order.
    #[arg(required = true, value_name = "REPORT.json")]
    pub reports: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TrendFormatArg::Table)]
    pub format: TrendFormatArg,
    /// Language of the labels.
    #[arg(long, value_enum, default_value_t = LangArg::Da)]
    pub lang: LangArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TrendFormatArg {
    Table,
    Markdown,
    /// A self-contained page: one chart per measure, each report a point with its interval.
    Html,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier report (`audit --format json`).
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The later report.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    #[arg(long, value_enum, default_value_t = DiffFormatArg::Table)]
    pub format: DiffFormatArg,
    /// Language of the table and markdown formats.
    #[arg(long, value_enum, default_value_t = LangArg::Da)]
    pub lang: LangArg,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DiffFormatArg {
    Table,
    Markdown,
    Json,
}

/// Thresholds for CI: audit exits 1 when one is breached (see docs/ci.md).
#[derive(Debug, Args)]
pub struct GateArgs {
    /// Exit 1 if the estimated reversal rate is above R (a share, e.g. 0.3).
    #[arg(long, value_name = "R")]
    pub max_error_rate: Option<String>,
    /// Exit 1 if THEME's score is below S (a share), e.g. notifications=0.8. Repeatable.
    #[arg(long, value_name = "THEME=S")]
    pub min_score: Vec<String>,
    /// Exit 1 if there are more than N fail results.
    #[arg(long, value_name = "N")]
    pub max_fails: Option<u64>,
    /// Exit 1 if more than SHARE of the input records are rejected (e.g. 0.01).
    #[arg(long, value_name = "SHARE")]
    pub max_rejected: Option<String>,
    /// An earlier JSON report to compare with (for --fail-on-new).
    #[arg(long, value_name = "OLD.json", requires = "fail_on_new")]
    pub baseline: Option<PathBuf>,
    /// Exit 1 if a fail result (case, rule, subject) is not among the baseline's.
    #[arg(long, requires = "baseline")]
    pub fail_on_new: bool,
    /// Report breached thresholds on stderr, but exit 0.
    #[arg(long)]
    pub exit_zero: bool,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Export files to check (the formats audit reads).
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Exit 2 if any record is rejected.
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    pub common: Common,
    #[command(flatten)]
    pub read: ReadOptions,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// How many cases.
    #[arg(long, default_value_t = 100)]
    pub cases: u64,
    /// The random seed: the same seed gives the same files.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Output directory (created if missing): events.csv and truth.json.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Share of requirements the generator breaks on purpose (0.0–1.0).
    #[arg(long, default_value_t = 0.2)]
    pub defect_rate: f64,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Export files: .json (array or {"cases": [...]}), .ndjson/.jsonl, .csv/.tsv and .xlsx
    /// (long or wide layout, see docs/input.md).
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// The day of measurement: YYYY-MM-DD or day-first (30-06-2025, 30.06.2025, 30/06/2025);
    /// deadlines on or after it are pending. Default: today.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// Output format. Default: from the -o file's extension, else table.
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Write the report to FILE (atomically: a failed run leaves an existing file as it was;
    /// never a file the command reads), or to stdout with `-`. The extension picks the
    /// format: .txt table, .json, .csv, .md, .html, .xml (JUnit), .xlsx.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// CSV dialect: standard (comma, no BOM) or excel-da (semicolon and a UTF-8 BOM, so Danish
    /// Excel opens it).
    #[arg(long, value_enum, default_value_t = CsvDialectArg::Standard)]
    pub csv_dialect: CsvDialectArg,
    /// Which results to list: every status but pass (and but reviewer questions not yet
    /// answered, which are counted apart), all, or none.
    #[arg(long, value_enum, default_value_t = ResultsArg::Findings)]
    pub results: ResultsArg,
    #[command(flatten)]
    pub common: Common,
    #[command(flatten)]
    pub local: LocalStandards,
    /// Write the rejected records, with their values, to FILE as CSV
    /// (file,line,column,value,reason). Keep it local: values may be personal data.
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,
    #[command(flatten)]
    pub read: ReadOptions,
    /// Add per-group theme scores and error rates: by team, area or municipality.
    #[arg(long, value_enum, value_name = "FIELD")]
    pub by: Option<ByArg>,
    /// A TOML file of further national or own reference figures, in the form of
    /// rules/yardstick.toml, shown beside the scores with the built-in ones.
    #[arg(long, value_name = "FILE")]
    pub yardstick: Option<PathBuf>,
    /// A filled-in review sheet (`caseaudit review`, .xlsx or .csv): its verdicts replace
    /// the machine's status for scoring, and are counted apart. Give it twice for two
    /// reviewers: their agreement is reported, and a result they disagree on is not
    /// assessable until a verdict marked as adjudication settles it (docs/review.md).
    #[arg(long, value_name = "FILE")]
    pub review: Vec<PathBuf>,
    /// A TOML file of waivers (case, rule, optional subject, reason, approver, expires):
    /// waived results keep their status and score, and are counted apart.
    #[arg(long, value_name = "FILE")]
    pub waivers: Option<PathBuf>,
    #[command(flatten)]
    pub gates: GateArgs,
    #[command(flatten)]
    pub filter: ResultFilterArgs,
    #[command(flatten)]
    pub privacy: PrivacyArgs,
    /// Add each listed result's free text from the export (a decision's justification) to
    /// the JSON report, for a reviewer. It may hold names and other personal data (CPR
    /// numbers stay masked): keep such a report local.
    #[arg(long)]
    pub include_text: bool,
    /// No progress bar on stderr. It is shown only for long inputs, only when stderr is a
    /// terminal, and never when the CI environment variable is set.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// Case ids replaced by keyed hashes, so a report can leave the municipality (see
/// docs/privacy.md). One of the three ways to give the key.
#[derive(Debug, Args)]
#[group(multiple = false)]
pub struct PrivacyArgs {
    /// Replace case ids by `P-` and 16 hex digits of HMAC-SHA256(KEY, case id): the same key
    /// gives the same pseudonyms. The key (16 characters or more) is kept out of the
    /// report's command line; prefer --pseudonymize-key-file or -env to keep it out of the
    /// shell history.
    #[arg(long, value_name = "KEY")]
    pub pseudonymize: Option<String>,
    /// As --pseudonymize, with the key read from the first line of FILE.
    #[arg(long, value_name = "FILE")]
    pub pseudonymize_key_file: Option<PathBuf>,
    /// As --pseudonymize, with the key read from the environment variable VAR.
    #[arg(long, value_name = "VAR")]
    pub pseudonymize_key_env: Option<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ByArg {
    Team,
    Area,
    Municipality,
}

/// How to read input files; detected from the files when not given (see docs/input.md).
/// A flag given here wins over the mapping file's [format].
#[derive(Debug, Args)]
pub struct ReadOptions {
    /// CSV field delimiter, when detection from the header line is not wanted: ',' ';' or 'tab'.
    #[arg(long, value_name = "CHAR")]
    pub delimiter: Option<String>,
    /// CSV text encoding (default: UTF-8, with or without BOM, else Windows-1252).
    #[arg(long, value_enum, value_name = "ENCODING")]
    pub encoding: Option<EncodingArg>,
    /// Table layout: long (a row per event), wide (a row per case) or cases (case-level
    /// fields only). Default: long if there is a type column, wide if columns are named
    /// after event types.
    #[arg(long, value_enum)]
    pub layout: Option<LayoutArg>,
    /// How dates like 03/04/2024 are written: iso only, dmy (day first, the default reading)
    /// or mdy (month first). Default: ISO or day-first; a file with month-first dates is
    /// refused until this is given.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub date_format: Option<DateFormatArg>,
    /// The sheet of an .xlsx workbook to read (default: the first).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// A mapping file (TOML) for a case system's export: column and value renames,
    /// ignored columns, formats. See docs/mapping.md.
    #[arg(long, value_name = "FILE")]
    pub mapping: Option<PathBuf>,
    /// A CSV/xlsx of case-level fields (case_id, area, municipality, team,
    /// child_birth_date) beside a long event file. Repeatable. A table with only such
    /// columns among the inputs is recognised without this flag.
    #[arg(long, value_name = "FILE")]
    pub case_file: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum EncodingArg {
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    #[value(name = "windows-1252", alias = "cp1252")]
    Windows1252,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LayoutArg {
    Long,
    Wide,
    Cases,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DateFormatArg {
    Iso,
    Dmy,
    Mdy,
}

/// Options every command that shows rules or results takes.
#[derive(Debug, Args)]
pub struct Common {
    /// Language of human-readable output.
    #[arg(long, value_enum, default_value_t = LangArg::Da)]
    pub lang: LangArg,
    /// A rules directory replacing the built-in catalogue (copy rules/ and edit it).
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// List the rules: id, theme, severity and title.
    List(#[command(flatten)] Common),
    /// Show one rule's documentation: what it checks, why, the law, its examples.
    Show {
        /// The rule id, e.g. U1.
        id: String,
        #[command(flatten)]
        common: Common,
    },
    /// Run every rule's examples; exits 1 if any gives another status than expected.
    Test {
        /// The rules directory to test (default: the built-in catalogue).
        dir: Option<PathBuf>,
        /// The same as DIR, as the other commands spell it.
        #[arg(long = "rules", value_name = "DIR", conflicts_with = "dir")]
        rules: Option<PathBuf>,
    },
}

/// `--as-of`: a date as the loaders read one (ISO, or day-first as Danish exports write it:
/// 30-06-2025, 30.06.2025, 30/06/2025), without a time of day: the as-of date is a whole day.
fn parse_date(text: &str) -> Result<NaiveDate, String> {
    crate::load::values::parse_moment(text)
        .filter(|m| m.time.is_none())
        .map(|m| m.date)
        .ok_or_else(|| {
            format!(
                "{text:?} is not a date; write it as YYYY-MM-DD or DD-MM-YYYY, e.g. 2025-06-30 or 30-06-2025"
            )
        })
}

/// `--within`: a number of days (`14d`, `14`, `14 days`) or weeks (`2w`, `2 weeks`).
fn parse_within(text: &str) -> Result<u32, String> {
    let t = text.trim().to_lowercase();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let per = match unit.trim() {
        "" | "d" | "day" | "days" | "dag" | "dage" => 1,
        "w" | "week" | "weeks" | "u" | "uge" | "uger" => 7,
        _ => 0,
    };
    number
        .parse::<u32>()
        .ok()
        .filter(|n| per > 0 && *n <= 3660)
        .map(|n| n * per)
        .ok_or_else(|| {
            format!("{text:?} is not a span of days; write e.g. 14d, 14 or 2w (at most 3660 days)")
        })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Table,
    Json,
    Csv,
    Markdown,
    Html,
    Junit,
    Xlsx,
}

impl FormatArg {
    /// The format a file name's extension asks for.
    pub fn from_extension(path: &std::path::Path) -> Option<FormatArg> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "txt" => FormatArg::Table,
            "json" => FormatArg::Json,
            "csv" => FormatArg::Csv,
            "md" | "markdown" => FormatArg::Markdown,
            "html" | "htm" => FormatArg::Html,
            "xml" => FormatArg::Junit,
            "xlsx" => FormatArg::Xlsx,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CsvDialectArg {
    Standard,
    ExcelDa,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ResultsArg {
    Findings,
    All,
    None,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LangArg {
    Da,
    En,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum CalendarArg {
    Strict,
    Extended,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn file_extensions_name_formats() {
        use std::path::Path;
        let f = |p: &str| FormatArg::from_extension(Path::new(p));
        assert_eq!(f("out/report.HTML"), Some(FormatArg::Html));
        assert_eq!(f("r.xml"), Some(FormatArg::Junit));
        assert_eq!(f("r.md"), Some(FormatArg::Markdown));
        assert_eq!(f("r.txt"), Some(FormatArg::Table));
        assert_eq!(f("r.xlsx"), Some(FormatArg::Xlsx));
        assert_eq!(f("r.pdf"), None);
        assert_eq!(f("report"), None);
    }

    #[test]
    fn as_of_takes_the_date_forms_the_loaders_read() {
        let d = NaiveDate::from_ymd_opt(2025, 6, 30).unwrap();
        for text in [
            "2025-06-30",
            "30-06-2025",
            "30.06.2025",
            "30/06/2025",
            " 30-06-2025 ",
        ] {
            assert_eq!(parse_date(text), Ok(d), "{text}");
        }
        for bad in [
            "2025-06-31",
            "06/30/2025",
            "30-06-25",
            "2025-06-30T10:00",
            "yesterday",
        ] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn within_takes_days_and_weeks() {
        assert_eq!(parse_within("14d"), Ok(14));
        assert_eq!(parse_within("14"), Ok(14));
        assert_eq!(parse_within("2w"), Ok(14));
        assert_eq!(parse_within("3 dage"), Ok(3));
        assert_eq!(parse_within("0d"), Ok(0));
        assert!(parse_within("2 months").is_err());
        assert!(parse_within("-3d").is_err());
        assert!(parse_within("d").is_err());
    }
}
