//! Loading the rule catalogue: `rules/catalogue.toml` (themes, law periods),
//! `rules/provisions.toml` (the provision table) and one `rules/<ID>.toml` per rule.
//! Files are checked whole at load time, so a mistake in a rule file is reported with the
//! file and what to fix before any case is audited.
use super::check::{Check, Conditions};
use super::yardstick::Figure;
use crate::calendar::Span;
use crate::model::ProvisionEntry;
use crate::model::input::Reason;
use crate::model::{Attr, EventType, Kind, ProvisionKey, ProvisionTable, Unjudged};
use crate::{both, tr};
use chrono::NaiveDate;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

/// The optional file of published national figures (see `yardstick.rs`).
const YARDSTICK: &str = "yardstick.toml";

/// The catalogue shipped in the binary: every file of `rules/`, by name.
const EMBEDDED: &[(&str, &str)] = &include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

/// A rule file problem: which file, and what is wrong in it, in both languages (English
/// as `Display`). Not a `std::error::Error`: it becomes a command's error only as a
/// bilingual refusal ([`From`] below), so that what prints errors needs to know no module's
/// own error type.
#[derive(Debug)]
pub enum CatalogueError {
    Dir { dir: String, source: std::io::Error },
    File { file: String, message: Reason },
}

impl std::fmt::Display for CatalogueError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(crate::lang::Lang::En))
    }
}

impl From<CatalogueError> for anyhow::Error {
    fn from(e: CatalogueError) -> anyhow::Error {
        use crate::lang::Lang;
        anyhow::Error::new(Reason::new(e.text(Lang::Da), e.text(Lang::En)))
    }
}

impl CatalogueError {
    /// The message in `lang`, with a `Dir` error's cause.
    pub fn text(&self, lang: crate::lang::Lang) -> String {
        match self {
            CatalogueError::Dir { dir, source } => format!(
                "{}: {}",
                crate::tr!(lang, RulesDirUnreadable, dir = dir),
                crate::lang::io_error(source, lang)
            ),
            CatalogueError::File { file, message } => {
                crate::tr!(lang, RuleFileSays, file = file, detail = message.text(lang))
            }
        }
    }
}

pub(super) fn file_error(file: &str, message: Reason) -> CatalogueError {
    CatalogueError::File {
        file: file.to_string(),
        message,
    }
}

/// An I/O error reading `file`, in both languages.
pub(super) fn io_file_error(file: &str, e: &std::io::Error) -> CatalogueError {
    use crate::lang::{Lang, io_error};
    file_error(
        file,
        Reason::new(io_error(e, Lang::Da), io_error(e, Lang::En)),
    )
}

/// A TOML reader's error on a file of the catalogue, with line, column and key.
pub(super) fn toml_file_error(file: &str, text: &str, e: &toml::de::Error) -> CatalogueError {
    let mut said = crate::lang::detail::toml_error(e, text);
    said.en = said.en.trim_end().to_string();
    file_error(file, said)
}

/// A message about one part of a rule (`rule U1: …`, `[[variant]] number 2: …`): the
/// context said in each language before the message.
pub(super) fn within(context: &Reason, message: &Reason) -> Reason {
    Reason::new(
        format!("{}: {}", context.da, message.da),
        format!("{}: {}", context.en, message.en),
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// An error Ankestyrelsen would typically reverse or remand a decision for.
    Material,
    /// A breach that does not by itself change the decision.
    Formal,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Material => "material",
            Severity::Formal => "formal",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        use crate::lang::Msg;
        lang.t(match self {
            Severity::Material => Msg::SeverityMaterial,
            Severity::Formal => Msg::SeverityFormal,
        })
    }
}

/// A text in both report languages.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Texts {
    pub title: String,
    /// The rule as a yes/no question to a human reviewer, in plain words (the review sheet).
    pub question: String,
    pub what: String,
    pub why: String,
    /// Remarks on the legal references, e.g. where a citation was checked or corrected.
    pub law_note: Option<String>,
    /// What a case manager does about an overdue or due result, in plain words: the
    /// worklist's "action needed" column.
    #[serde(default)]
    pub action: String,
}

pub use crate::lang::Lang;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Theme {
    pub id: String,
    pub da: String,
    pub en: String,
}

impl Theme {
    pub fn title(&self, lang: Lang) -> &str {
        match lang {
            Lang::Da => &self.da,
            Lang::En => &self.en,
        }
    }
}

/// A period in which one law governs (contract §3): SEL up to 2023-12-31, BL from 2024-01-01.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LawPeriod {
    pub id: String,
    pub da: String,
    pub en: String,
    #[serde(default, deserialize_with = "optional_date")]
    pub from: Option<NaiveDate>,
    #[serde(default, deserialize_with = "optional_date")]
    pub until: Option<NaiveDate>,
}

impl LawPeriod {
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= date) && self.until.is_none_or(|u| date <= u)
    }
}

/// One set of parameters of a rule, for a law period and, optionally, subjects matching
/// `when`. The first variant that matches a subject is used.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub period: Option<usize>,
    pub when: Conditions,
    pub law: String,
    pub check: Check,
    /// The `[check]` table merged with the variant's own keys, as compiled into `check`
    /// (a profile overrides a parameter here and compiles again).
    pub params: toml::Table,
}

/// Which events a rule is about.
#[derive(Debug, Clone, PartialEq)]
pub struct Selector {
    pub event: EventType,
    pub conditions: Conditions,
    /// At least one of these condition sets must hold (empty: no such requirement).
    pub any_of: Vec<Conditions>,
    /// Only subjects that have a linked answer of this type.
    pub answered_by: Option<EventType>,
}

/// A small case with the statuses the rule must give it: the rule's own test.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub name: String,
    pub as_of: NaiveDate,
    pub calendar: crate::calendar::CalendarProfile,
    pub expect: Vec<super::Status>,
    /// A reviewer question's answers, in subject order, as a reviewer's verdicts are merged
    /// in (`audit --review`): `expect` is what the report then counts.
    pub verdicts: Vec<super::Status>,
    pub events: Vec<toml::Table>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub id: String,
    pub name: String,
    pub theme: usize,
    pub severity: Severity,
    pub da: Texts,
    pub en: Texts,
    pub applies_to: Selector,
    pub variants: Vec<Variant>,
    pub examples: Vec<Example>,
    pub file: String,
}

impl Rule {
    /// Whether the rule is a reviewer question (check kind `question`): a person answers
    /// it on the review sheet; the machine gives it no verdict.
    pub fn is_question(&self) -> bool {
        self.variants[0].check.is_question()
    }

    pub fn texts(&self, lang: Lang) -> &Texts {
        match lang {
            Lang::Da => &self.da,
            Lang::En => &self.en,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Catalogue {
    pub themes: Vec<Theme>,
    pub periods: Vec<LawPeriod>,
    pub provisions: ProvisionTable,
    pub rules: Vec<Rule>,
    /// Published national figures to show beside the scores (`yardstick.toml`, optional).
    pub yardstick: Vec<Figure>,
    /// SHA-256 over every file's name and bytes, in name order: identifies the rule set.
    pub sha256: String,
    /// Each file's own SHA-256, by name: the version of each rule as audited.
    pub files: BTreeMap<String, String>,
    /// Each file's text, by name: the rule set's SHA-256 is worked out again from them when
    /// reviewer questions are left out (`--questions`, a profile's `questions`).
    sources: BTreeMap<String, String>,
    /// The municipality profile applied (`--profile`), if any.
    pub profile: Option<super::profile::Profile>,
    /// Yardstick files added with `--yardstick` (path as given, SHA-256), in order.
    pub yardstick_files: Vec<(String, String)>,
}

impl Catalogue {
    /// An empty count of unjudged decisions, naming the rules each gap makes them escape:
    /// the decision rules whose `where` lists the decision's kinds, and its outcomes.
    pub fn unjudged(&self) -> Unjudged {
        let escaping = |attr: Attr| {
            self.rules
                .iter()
                .filter(|r| r.applies_to.event == EventType::Decision)
                .filter(|r| r.applies_to.conditions.requires(attr))
                .map(|r| r.id.clone())
                .collect()
        };
        Unjudged {
            skipped_without_kind: escaping(Attr::Kind),
            skipped_without_outcome: escaping(Attr::Outcome),
            ..Unjudged::default()
        }
    }

    /// The catalogue built into the binary.
    pub fn embedded() -> Result<Catalogue, CatalogueError> {
        Catalogue::from_files(
            EMBEDDED
                .iter()
                .map(|(name, text)| (name.to_string(), text.to_string()))
                .collect(),
        )
    }

    /// Every `*.toml` in `dir`; replaces the embedded catalogue whole.
    pub fn from_dir(dir: &Path) -> Result<Catalogue, CatalogueError> {
        let paths = Catalogue::files_in(dir).map_err(|source| CatalogueError::Dir {
            dir: dir.display().to_string(),
            source,
        })?;
        let mut files = BTreeMap::new();
        for path in paths {
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            let text = std::fs::read_to_string(&path)
                .map_err(|e| io_file_error(&path.display().to_string(), &e))?;
            files.insert(name, text);
        }
        Catalogue::from_files(files)
    }

    /// The files of a rules directory the catalogue is read from: its `*.toml`.
    pub fn files_in(dir: &Path) -> std::io::Result<Vec<std::path::PathBuf>> {
        let mut paths = Vec::new();
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "toml") {
                paths.push(path);
            }
        }
        Ok(paths)
    }

    pub fn from_files(files: BTreeMap<String, String>) -> Result<Catalogue, CatalogueError> {
        let (sha256, file_hashes) = hashes(&files);

        let index_text = files
            .get("catalogue.toml")
            .ok_or_else(|| file_error("catalogue.toml", both!(RuleMissingIndex)))?;
        let index: IndexFile = parse("catalogue.toml", index_text)?;
        let provisions_text = files
            .get("provisions.toml")
            .ok_or_else(|| file_error("provisions.toml", both!(RuleMissingProvisions)))?;
        let provisions = provision_table(parse("provisions.toml", provisions_text)?)?;

        let mut rules: Vec<Rule> = Vec::new();
        for (name, text) in &files {
            if name == "catalogue.toml" || name == "provisions.toml" || name == YARDSTICK {
                continue;
            }
            let raw: RuleFile = parse(name, text)?;
            let rule = compile_rule(name, raw, &index)?;
            if let Some(other) = rules.iter().find(|r| r.id == rule.id) {
                return Err(file_error(
                    name,
                    both!(RuleIdTwice, id = rule.id, other = other.file),
                ));
            }
            rules.push(rule);
        }
        if rules.is_empty() {
            return Err(file_error("catalogue.toml", both!(RuleNoFiles)));
        }
        // Catalogue order: by theme as listed, then by id as written (U1 < U2 < … < U10).
        rules.sort_by_key(|r| (r.theme, natural_key(&r.id)));
        let yardstick = match files.get(YARDSTICK) {
            Some(text) => super::yardstick::parse(YARDSTICK, text, &rules)?,
            None => Vec::new(),
        };
        Ok(Catalogue {
            themes: index.theme,
            periods: index.period,
            provisions,
            rules,
            yardstick,
            sha256,
            files: file_hashes,
            sources: files,
            profile: None,
            yardstick_files: Vec::new(),
        })
    }

    /// The ids of the reviewer questions in the rule set, in catalogue order.
    pub fn question_ids(&self) -> Vec<&str> {
        (self.rules.iter())
            .filter(|r| r.is_question())
            .map(|r| r.id.as_str())
            .collect()
    }

    /// Why `ids` cannot be the questions asked, if they cannot: each must name a reviewer
    /// question of the rule set (any case).
    pub fn refuse_question_ids(&self, ids: &[String]) -> Option<Reason> {
        let questions = self.question_ids();
        let listed = if questions.is_empty() {
            both!(RuleNoQuestions)
        } else {
            both!(RuleQuestionsAre, ids = questions.join(", "))
        };
        let say = |key, id: &dyn std::fmt::Display| {
            crate::lang::said(key, &[("id", id)], &[("listed", &listed)])
        };
        ids.iter().find_map(|id| match self.rule(id) {
            Some(r) if r.is_question() => None,
            Some(r) => Some(say(crate::lang::Msg::RuleMachineCheck, &r.id)),
            None => Some(say(
                crate::lang::Msg::RuleNoSuchQuestion,
                &format!("{id:?}"),
            )),
        })
    }

    /// Asks only these reviewer questions (checked by [`Catalogue::refuse_question_ids`]):
    /// the others leave the rule set, their files too, and its SHA-256 is that of the files
    /// left, so an audit without questions names the same rule set as a catalogue that
    /// never had any.
    pub fn keep_questions(&mut self, ids: &[String]) {
        let dropped: Vec<String> = (self.rules.iter())
            .filter(|r| r.is_question() && !ids.iter().any(|id| id.eq_ignore_ascii_case(&r.id)))
            .map(|r| r.file.clone())
            .collect();
        if dropped.is_empty() {
            return;
        }
        self.rules.retain(|r| !dropped.contains(&r.file));
        self.sources.retain(|name, _| !dropped.contains(name));
        (self.sha256, self.files) = hashes(&self.sources);
    }

    /// Adds a municipality's own yardstick figures (`audit --yardstick FILE`).
    pub fn add_yardstick(&mut self, path: &Path) -> Result<(), CatalogueError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| io_file_error(&shown, &e))?;
        let figures = super::yardstick::parse(&shown, &text, &self.rules)?;
        self.yardstick.extend(figures);
        let sha256 = hex(&Sha256::digest(text.as_bytes()));
        self.yardstick_files.push((shown, sha256));
        Ok(())
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id.eq_ignore_ascii_case(id))
    }

    /// The law period a date falls in.
    pub fn period_of(&self, date: NaiveDate) -> Option<usize> {
        self.periods.iter().position(|p| p.contains(date))
    }
}

/// A date in a rule file: a TOML date (`2024-06-30`) or a string (`"2024-06-30"`).
fn date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum DateValue {
        Toml(toml::value::Datetime),
        Text(String),
    }
    let text = match DateValue::deserialize(d)? {
        DateValue::Toml(dt) => dt.to_string(),
        DateValue::Text(s) => s,
    };
    NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|_| {
        let text = format!("{text:?}");
        serde::de::Error::custom(tr!(crate::lang::Lang::En, NotAnIsoDate, text = text))
    })
}

fn optional_date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    date(d).map(Some)
}

/// The rule set's SHA-256 (over every file's name and bytes, in name order) and each file's
/// own.
fn hashes(files: &BTreeMap<String, String>) -> (String, BTreeMap<String, String>) {
    let mut hasher = Sha256::new();
    for (name, text) in files {
        hasher.update(name.as_bytes());
        hasher.update([0]);
        hasher.update(text.as_bytes());
        hasher.update([0]);
    }
    let each = files
        .iter()
        .map(|(name, text)| (name.clone(), hex(&Sha256::digest(text.as_bytes()))))
        .collect();
    (hex(&hasher.finalize()), each)
}

fn natural_key(id: &str) -> (String, u64) {
    let digits = id.trim_start_matches(|c: char| !c.is_ascii_digit());
    let prefix = &id[..id.len() - digits.len()];
    (prefix.to_string(), digits.parse().unwrap_or(0))
}

pub(super) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn parse<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T, CatalogueError> {
    toml::from_str(text).map_err(|e| toml_file_error(file, text, &e))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct IndexFile {
    theme: Vec<Theme>,
    period: Vec<LawPeriod>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProvisionsFile {
    #[serde(default)]
    processing_time_default: BTreeMap<String, Span>,
    provision: Vec<ProvisionRow>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProvisionRow {
    provision: String,
    kind: Option<String>,
    processing_time: Option<Span>,
}

fn parse_kind(file: &str, name: &str) -> Result<Kind, CatalogueError> {
    Kind::from_name(name).ok_or_else(|| {
        file_error(
            file,
            both!(
                RuleUnknownKind,
                name = format!("{name:?}"),
                kinds = crate::model::KINDS.join(", ")
            ),
        )
    })
}

fn provision_table(raw: ProvisionsFile) -> Result<ProvisionTable, CatalogueError> {
    let file = "provisions.toml";
    let mut entries = Vec::new();
    for row in raw.provision {
        let key = ProvisionKey::new(&row.provision);
        if key.is_empty() {
            return Err(file_error(file, both!(RuleEmptyProvision)));
        }
        entries.push(ProvisionEntry {
            kind: row
                .kind
                .as_deref()
                .map(|k| parse_kind(file, k))
                .transpose()?,
            provision: row.provision,
            key,
            processing_time: row.processing_time,
        });
    }
    let defaults = raw
        .processing_time_default
        .into_iter()
        .map(|(k, span)| Ok((parse_kind(file, &k)?, span)))
        .collect::<Result<_, CatalogueError>>()?;
    Ok(ProvisionTable::new(entries, defaults))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    id: String,
    name: String,
    theme: String,
    severity: Severity,
    da: Texts,
    en: Texts,
    applies_to: SelectorFile,
    check: toml::Table,
    #[serde(default, rename = "variant")]
    variants: Vec<toml::Table>,
    #[serde(default, rename = "example")]
    examples: Vec<ExampleFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SelectorFile {
    event: EventType,
    #[serde(default, rename = "where")]
    conditions: toml::Table,
    #[serde(default)]
    any_of: Vec<toml::Table>,
    answered_by: Option<EventType>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExampleFile {
    name: String,
    #[serde(deserialize_with = "date")]
    as_of: NaiveDate,
    #[serde(default)]
    calendar: crate::calendar::CalendarProfile,
    expect: Vec<super::Status>,
    #[serde(default)]
    verdicts: Vec<super::Status>,
    #[serde(default, rename = "event")]
    events: Vec<toml::Table>,
}

fn compile_rule(file: &str, raw: RuleFile, index: &IndexFile) -> Result<Rule, CatalogueError> {
    use crate::lang::{Msg, said};
    let err = |message: Reason| {
        file_error(
            file,
            said(Msg::RuleSays, &[("rule", &raw.id)], &[("detail", &message)]),
        )
    };
    if raw.da.law_note.is_some() != raw.en.law_note.is_some() {
        return Err(err(both!(RuleLawNoteBoth)));
    }
    if raw.id.trim().is_empty() || raw.name.trim().is_empty() {
        return Err(file_error(file, both!(RuleNeedsIdName)));
    }
    for (lang, t) in [("da", &raw.da), ("en", &raw.en)] {
        if t.title.trim().is_empty()
            || t.question.trim().is_empty()
            || t.what.trim().is_empty()
            || t.why.trim().is_empty()
        {
            return Err(err(both!(RuleNeedsTexts, lang = lang)));
        }
        if t.action.trim().is_empty() {
            return Err(err(both!(RuleNeedsAction, lang = lang)));
        }
    }
    let theme = index
        .theme
        .iter()
        .position(|t| t.id == raw.theme)
        .ok_or_else(|| {
            let known: Vec<_> = index.theme.iter().map(|t| t.id.as_str()).collect();
            err(both!(
                RuleUnknownTheme,
                theme = format!("{:?}", raw.theme),
                known = known.join(", ")
            ))
        })?;
    let context = |what: &Reason, e: Reason| err(within(what, &e));
    let plain = |what: &str| Reason::new(what, what);
    let applies_to = Selector {
        event: raw.applies_to.event,
        conditions: Conditions::compile(&raw.applies_to.conditions)
            .map_err(|e| context(&plain("[applies_to] where"), e))?,
        any_of: raw
            .applies_to
            .any_of
            .iter()
            .map(Conditions::compile)
            .collect::<Result<_, _>>()
            .map_err(|e| context(&plain("[applies_to] any_of"), e))?,
        answered_by: raw.applies_to.answered_by,
    };

    if raw.variants.is_empty() {
        return Err(err(both!(RuleNeedsVariant)));
    }
    let mut variants = Vec::new();
    for (n, table) in raw.variants.into_iter().enumerate() {
        let what = both!(RuleVariantNumber, n = n + 1);
        let mut params = raw.check.clone();
        let mut period = None;
        let mut when = Conditions::default();
        let mut law = None;
        for (key, value) in table {
            match key.as_str() {
                "period" => {
                    let id = value.as_str().unwrap_or_default().to_string();
                    period = Some(index.period.iter().position(|p| p.id == id).ok_or_else(
                        || {
                            let known: Vec<_> =
                                index.period.iter().map(|p| p.id.as_str()).collect();
                            context(
                                &what,
                                both!(
                                    RuleUnknownPeriod,
                                    id = format!("{id:?}"),
                                    known = known.join(", ")
                                ),
                            )
                        },
                    )?);
                }
                "when" => {
                    let table = value
                        .as_table()
                        .ok_or_else(|| context(&what, both!(RuleWhenTable)))?;
                    when = Conditions::compile(table).map_err(|e| context(&what, e))?;
                }
                "law" => law = value.as_str().map(str::to_string),
                "kind" | "start" | "from" | "each" | "every" | "ends_on" => {
                    return Err(context(&what, both!(RuleBelongsInCheck, key = key)));
                }
                _ => {
                    params.insert(key, value);
                }
            }
        }
        let law = law
            .filter(|l| !l.trim().is_empty())
            .ok_or_else(|| context(&what, both!(RuleNeedsLaw)))?;
        let check = Check::compile(params.clone())
            .map_err(|e| context(&both!(RuleCheckWithVariant, n = n + 1), e))?;
        // The first variant that matches is used: one that an earlier variant covers (the
        // same period, or the earlier has none, and conditions that hold wherever the later
        // one's do) would be loaded and never used.
        if let Some(earlier) = variants.iter().position(|u: &Variant| {
            u.period.is_none_or(|p| period == Some(p)) && u.when.covers(&when)
        }) {
            let period = match period.or(variants[earlier].period) {
                Some(p) => both!(RulePeriodNamed, id = index.period[p].id),
                None => both!(RuleEveryPeriod),
            };
            return Err(context(
                &what,
                said(
                    Msg::RuleVariantNeverUsed,
                    &[("earlier", &(earlier + 1))],
                    &[("period", &period)],
                ),
            ));
        }
        variants.push(Variant {
            period,
            when,
            law,
            check,
            params,
        });
    }

    let examples: Vec<Example> = raw
        .examples
        .into_iter()
        .map(|e| Example {
            name: e.name,
            as_of: e.as_of,
            calendar: e.calendar,
            expect: e.expect,
            verdicts: e.verdicts,
            events: e.events,
        })
        .collect();
    let question = variants[0].check.is_question();
    for e in &examples {
        let name = format!("{:?}", e.name);
        if !question && !e.verdicts.is_empty() {
            return Err(err(both!(RuleExampleVerdictsNotQuestion, name = name)));
        }
        if let Some(bad) = e.verdicts.iter().find(|v| !v.is_scored()) {
            return Err(err(both!(
                RuleExampleVerdictNotScored,
                name = name,
                verdict = bad.name()
            )));
        }
    }
    let statuses: Vec<_> = examples
        .iter()
        .flat_map(|e| e.expect.iter().copied())
        .collect();
    let mut needed = vec![super::Status::Pass, super::Status::Fail];
    if question {
        needed.push(super::Status::NotAssessable);
    }
    for needed in needed {
        if !statuses.contains(&needed) {
            let what = if question {
                both!(RuleExamplesQuestion)
            } else {
                both!(RuleExamplesBoth)
            };
            return Err(err(said(
                Msg::RuleNeedsExamples,
                &[("status", &needed.name())],
                &[("what", &what)],
            )));
        }
    }
    Ok(Rule {
        id: raw.id,
        name: raw.name,
        theme,
        severity: raw.severity,
        da: raw.da,
        en: raw.en,
        applies_to,
        variants,
        examples,
        file: file.to_string(),
    })
}
