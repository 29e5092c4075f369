//! What the user types: clap definitions only. Commands turn these into typed settings (see
//! `cmd/`). The help texts, in Danish and English, are in `src/lang/help.rs`, keyed by
//! command and option; `lang::localized_command` puts them in before the arguments are read.
use crate::model::input::Reason;
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(name = "caseaudit", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Audit(Box<AuditArgs>),
    #[command(subcommand)]
    Rules(RulesCommand),
    Validate(ValidateArgs),
    Generate(GenerateArgs),
    Diff(DiffArgs),
    Sample(SampleArgs),
    Trend(TrendArgs),
    Explain(ExplainArgs),
    Worklist(WorklistArgs),
    Review(ReviewArgs),
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    #[arg(long = "case", value_name = "ID")]
    pub case_id: String,
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub common: Common,
    #[command(flatten)]
    pub local: LocalStandards,
    #[command(flatten)]
    pub read: ReadOptions,
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct WorklistArgs {
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    #[arg(long, value_name = "SPAN", default_value = "14d", value_parser = parse_within)]
    pub within: u32,
    #[arg(long, value_name = "TEAM")]
    pub team: Option<String>,
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    #[arg(long, value_enum)]
    pub format: Option<WorklistFormatArg>,
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = CsvDialectArg::Standard)]
    pub csv_dialect: CsvDialectArg,
    #[command(flatten)]
    pub common: Common,
    #[command(flatten)]
    pub local: LocalStandards,
    #[command(flatten)]
    pub read: ReadOptions,
    #[arg(long, short = 'q')]
    pub quiet: bool,
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
    #[arg(long = "case", value_name = "ID")]
    pub case_id: Option<String>,
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    pub rule: Vec<String>,
    #[arg(long, value_enum, value_name = "STATUS", value_delimiter = ',')]
    pub status: Vec<StatusArg>,
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
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    #[arg(long)]
    pub material: bool,
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
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// The municipality's own standards, as audit and review both apply them.
#[derive(Debug, Args)]
pub struct LocalStandards {
    #[arg(long, value_enum)]
    pub calendar: Option<CalendarArg>,
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,
    #[arg(long, value_name = "all|none|IDS")]
    pub questions: Option<String>,
}

#[derive(Debug, Args)]
pub struct SampleArgs {
    #[arg(
        value_name = "INPUT",
        required_unless_present = "plan",
        conflicts_with = "plan"
    )]
    pub input: Option<PathBuf>,
    #[arg(long, requires_all = ["expected_rate", "margin"])]
    pub plan: bool,
    #[arg(long, value_name = "P", requires = "plan", value_parser = parse_number)]
    pub expected_rate: Option<f64>,
    #[arg(long, value_name = "M", requires = "plan", value_parser = parse_number)]
    pub margin: Option<f64>,
    #[arg(long, value_name = "LEVEL", default_value = "0.95", value_parser = parse_number)]
    pub confidence: f64,
    #[arg(long, value_name = "N", requires = "plan")]
    pub population: Option<u64>,
    #[arg(
        long,
        value_name = "N",
        required_unless_present = "plan",
        conflicts_with = "plan"
    )]
    pub size: Option<u64>,
    #[arg(
        long,
        value_name = "S",
        required_unless_present = "plan",
        conflicts_with = "plan"
    )]
    pub seed: Option<u64>,
    #[arg(long, value_name = "FIELD", conflicts_with = "plan")]
    pub strata: Option<String>,
    #[arg(long, value_enum, default_value_t = AllocationArg::Proportional)]
    pub allocation: AllocationArg,
    #[arg(long, value_name = "FROM..TO", conflicts_with = "plan")]
    pub period: Option<String>,
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
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum AllocationArg {
    Proportional,
    Equal,
}

#[derive(Debug, Args)]
pub struct TrendArgs {
    #[arg(required = true, value_name = "REPORT.json")]
    pub reports: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = TrendFormatArg::Table)]
    pub format: TrendFormatArg,
    #[arg(long, value_enum, default_value_t = LangArg::Da)]
    pub lang: LangArg,
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TrendFormatArg {
    Table,
    Markdown,
    Html,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    #[arg(long, value_enum, default_value_t = DiffFormatArg::Table)]
    pub format: DiffFormatArg,
    #[arg(long, value_enum, default_value_t = LangArg::Da)]
    pub lang: LangArg,
    #[arg(long, value_name = "N", default_value_t = crate::report::listing::MAX_LISTED)]
    pub max_listed: usize,
    #[arg(long, short = 'q')]
    pub quiet: bool,
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
    #[arg(long, value_name = "R")]
    pub max_error_rate: Option<String>,
    #[arg(long, value_name = "THEME=S")]
    pub min_score: Vec<String>,
    #[arg(long, value_name = "N")]
    pub max_fails: Option<u64>,
    #[arg(long, value_name = "SHARE")]
    pub max_rejected: Option<String>,
    #[arg(long, value_name = "OLD.json", requires = "fail_on_new")]
    pub baseline: Option<PathBuf>,
    #[arg(long, requires = "baseline")]
    pub fail_on_new: bool,
    #[arg(long)]
    pub exit_zero: bool,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    pub common: Common,
    #[command(flatten)]
    pub read: ReadOptions,
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    #[arg(long, default_value_t = 100)]
    pub cases: u64,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    #[arg(long, default_value = "0.2", value_parser = parse_number)]
    pub defect_rate: f64,
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = CsvDialectArg::Standard)]
    pub csv_dialect: CsvDialectArg,
    #[arg(long, value_enum, default_value_t = ResultsArg::Findings)]
    pub results: ResultsArg,
    #[arg(long, value_name = "N", default_value_t = crate::report::listing::MAX_LISTED)]
    pub max_listed: usize,
    #[command(flatten)]
    pub common: Common,
    #[command(flatten)]
    pub local: LocalStandards,
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,
    #[command(flatten)]
    pub read: ReadOptions,
    #[arg(long, value_enum, value_name = "FIELD")]
    pub by: Option<ByArg>,
    #[arg(long, value_name = "FILE")]
    pub yardstick: Option<PathBuf>,
    #[arg(long, value_name = "FILE")]
    pub review: Vec<PathBuf>,
    #[arg(long, value_name = "FILE")]
    pub waivers: Option<PathBuf>,
    #[arg(long, value_name = "FILE")]
    pub sample_manifest: Option<PathBuf>,
    #[command(flatten)]
    pub gates: GateArgs,
    #[command(flatten)]
    pub filter: ResultFilterArgs,
    #[command(flatten)]
    pub privacy: PrivacyArgs,
    #[arg(long)]
    pub include_text: bool,
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// Case ids replaced by keyed hashes, so a report can leave the municipality (see
/// docs/privacy.md). One of the three ways to give the key.
#[derive(Debug, Args)]
#[group(multiple = false)]
pub struct PrivacyArgs {
    #[arg(long, value_name = "KEY")]
    pub pseudonymize: Option<String>,
    #[arg(long, value_name = "FILE")]
    pub pseudonymize_key_file: Option<PathBuf>,
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
    #[arg(long, value_name = "CHAR")]
    pub delimiter: Option<String>,
    #[arg(long, value_enum, value_name = "ENCODING")]
    pub encoding: Option<EncodingArg>,
    #[arg(long, value_enum)]
    pub layout: Option<LayoutArg>,
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub date_format: Option<DateFormatArg>,
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    #[arg(long, value_name = "FILE")]
    pub mapping: Option<PathBuf>,
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
    #[arg(long, value_enum, default_value_t = LangArg::Da)]
    pub lang: LangArg,
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    List(#[command(flatten)] Common),
    Show {
        id: String,
        #[command(flatten)]
        common: Common,
    },
    Test {
        dir: Option<PathBuf>,
        #[arg(long = "rules", value_name = "DIR", conflicts_with = "dir")]
        rules: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = LangArg::Da)]
        lang: LangArg,
    },
}

/// `--as-of`: a date as the loaders read one (ISO, or day-first as Danish exports write it:
/// 30-06-2025, 30.06.2025, 30/06/2025), without a time of day: the as-of date is a whole day.
pub fn parse_date(text: &str) -> Result<NaiveDate, Reason> {
    crate::load::values::parse_day(text)
        .ok_or_else(|| crate::both!(NotADate, value = format!("{text:?}")))
}

/// A decimal number as a person types it: `0.35` or, with a Danish decimal comma, `0,35`.
fn parse_number(text: &str) -> Result<f64, Reason> {
    crate::lang::parse_decimal(text)
        .ok_or_else(|| crate::both!(NotANumber, value = format!("{text:?}")))
}

/// `--within`: a number of days (`14d`, `14`, `14 days`) or weeks (`2w`, `2 weeks`).
fn parse_within(text: &str) -> Result<u32, Reason> {
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
        .ok_or_else(|| crate::both!(NotASpanOfDays, value = format!("{text:?}")))
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
