//! Columns and keys an input had that nothing read (`InputSummary::unmapped`), and the
//! known name each is most likely a misspelling of. A header `Klagevejleding` is read as
//! nothing, and every rule that needs appeal guidance then says "not assessable": the
//! commands that read cases say so on stderr, and `validate` beside the file.
use super::mapping::Mapping;
use super::vocab::{self, fold};
use super::vocab::{CASE_FIELDS, is_event_field};
use super::{InputSummary, Layout};
use crate::lang::Lang;
use crate::model::{Attr, EventType};

/// The most unread names each file lists one by one on stderr; the rest are counted.
pub const SHOWN: usize = 20;

/// A known name near an unread one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Near {
    /// As the input would write it: a Danish header, a canonical name, a mapping's header.
    pub name: String,
    /// The canonical field (or, for a wide-layout column, event type) it stands for.
    pub field: &'static str,
}

impl Near {
    /// `"klagevejledning" (appeal_guidance)`, or `"appeal_guidance"` when the two are one.
    pub fn shown(&self) -> String {
        if self.name == self.field {
            format!("{:?}", self.name)
        } else {
            format!("{:?} ({})", self.name, self.field)
        }
    }
}

/// One unread column or key, and the known name it is near, if one is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unread<'a> {
    pub name: &'a str,
    pub near: Option<Near>,
}

/// Is the input JSON (keys) rather than a table (columns)?
fn is_json(input: &InputSummary) -> bool {
    matches!(input.detected.format, "json" | "ndjson")
}

/// The input's unread columns or keys, in file order, each with the known name it is near.
pub fn unread<'a>(input: &'a InputSummary, mapping: Option<&Mapping>) -> Vec<Unread<'a>> {
    let known = KnownNames::of(input, mapping);
    (input.unmapped.iter())
        .map(|name| Unread {
            name,
            near: known.near(name),
        })
        .collect()
}

/// The names one input's columns or keys are compared with.
struct KnownNames {
    /// A table's, by its layout; or a JSON case's and event's keys.
    table: Vec<Known>,
    case_keys: Vec<Known>,
    event_keys: Vec<Known>,
    json: bool,
}

impl KnownNames {
    fn of(input: &InputSummary, mapping: Option<&Mapping>) -> KnownNames {
        let json = is_json(input);
        KnownNames {
            table: if json {
                Vec::new()
            } else {
                table_names(input.detected.layout, mapping)
            },
            case_keys: if json { json_names(false) } else { Vec::new() },
            event_keys: if json { json_names(true) } else { Vec::new() },
            json,
        }
    }

    /// The known name an unread one is near; a JSON event's key (`events.x`) is compared
    /// with the event keys.
    fn near(&self, name: &str) -> Option<Near> {
        if !self.json {
            return nearest(name, &self.table);
        }
        match name.strip_prefix("events.") {
            Some(key) => nearest(key, &self.event_keys),
            None => nearest(name, &self.case_keys),
        }
    }
}

/// A name the input could have used: how it is written, what it means, and its rank among
/// equally near ones (the export's own names from a mapping, then canonical, then Danish).
struct Known {
    written: String,
    key: Vec<char>,
    field: &'static str,
    rank: u8,
}

fn known(written: impl Into<String>, field: &'static str, rank: u8) -> Known {
    let written = written.into();
    Known {
        key: key(&written),
        written,
        field,
        rank,
    }
}

/// The names a table's columns may have in its layout: every long-layout column; in a
/// case-level file the case fields; in the wide layout the case fields and the event types
/// (its date columns). A mapping's own headers count in every layout.
fn table_names(layout: Option<Layout>, mapping: Option<&Mapping>) -> Vec<Known> {
    let wanted = |field: &str| match layout {
        Some(Layout::Cases | Layout::Wide) => CASE_FIELDS.contains(&field),
        _ => true,
    };
    let mut names = Vec::new();
    if let Some(m) = mapping {
        names.extend(m.renamed().filter_map(|(header, target)| {
            let field = vocab::column(target)
                .or_else(|| vocab::wide_column(target).map(|(kind, _, _)| kind.name()))?;
            Some(known(header, field, 0))
        }));
    }
    let canonical = CASE_FIELDS
        .iter()
        .copied()
        .chain(["type", "date", "time", "id", "ref"])
        .chain(Attr::ALL.iter().map(|a| a.name()));
    names.extend(canonical.filter(|f| wanted(f)).map(|f| known(f, f, 1)));
    names.extend(
        vocab::COLUMN_ALIASES
            .iter()
            .filter(|(_, f)| wanted(f))
            .map(|(alias, f)| known(*alias, f, 2)),
    );
    if layout == Some(Layout::Wide) {
        names.extend(EventType::ALL.iter().map(|t| known(t.name(), t.name(), 1)));
        names.extend(
            vocab::EVENT_ALIASES
                .iter()
                .map(|(alias, t)| known(*alias, t.name(), 2)),
        );
    }
    names
}

/// The keys JSON reads, canonical only (docs/input.md): a case's or an event's. A Danish
/// name is near its canonical key, and the canonical key is what to write.
fn json_names(event: bool) -> Vec<Known> {
    let fits = |field: &str| {
        if event {
            is_event_field(field)
        } else {
            CASE_FIELDS.contains(&field)
        }
    };
    let mut names: Vec<Known> = CASE_FIELDS
        .iter()
        .copied()
        .chain(["type", "date", "id", "ref", "events"])
        .chain(Attr::ALL.iter().map(|a| a.name()))
        .filter(|f| fits(f) || (!event && *f == "events"))
        .map(|f| known(f, f, 1))
        .collect();
    for (alias, field) in vocab::COLUMN_ALIASES.iter().filter(|(_, f)| fits(f)) {
        let mut name = known(*alias, field, 2);
        name.written = field.to_string();
        names.push(name);
    }
    names
}

/// A name as the loader matches it — case, spaces, `-` and `_` folded ([`fold`]) — with
/// the Danish letters spelt as a keyboard without them does (`æ` ae, `ø` oe, `å` aa), so
/// `Haendelse` is as near `hændelse` as `Hændelse` is.
fn key(name: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(name.len());
    for c in fold(name).chars() {
        match c {
            'æ' => out.extend(['a', 'e']),
            'ø' => out.extend(['o', 'e']),
            'å' => out.extend(['a', 'a']),
            c => out.push(c),
        }
    }
    out
}

/// How many edits a name of `n` characters may be from a known one and still be taken
/// for it: one up to 7 characters, two up to 11, three from 12. Shorter than 3, only the
/// same name (folded) counts.
fn allowed(n: usize) -> usize {
    if n < 3 { 0 } else { (n / 4).clamp(1, 3) }
}

/// The known name nearest `name`, within [`allowed`] edits; the first of equally near
/// ones by rank, then by name.
fn nearest(name: &str, names: &[Known]) -> Option<Near> {
    let key = key(name);
    let limit = allowed(key.len());
    names
        .iter()
        .filter_map(|k| distance(&key, &k.key, limit).map(|d| (d, k)))
        .min_by(|(d, a), (e, b)| (d, a.rank, &a.written).cmp(&(e, b.rank, &b.written)))
        .map(|(_, k)| Near {
            name: k.written.clone(),
            field: k.field,
        })
}

/// The edit distance (Levenshtein, in characters) between `a` and `b`, if it is at most
/// `limit`; None as soon as it cannot be.
fn distance(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        let mut best = row[0];
        for (j, cb) in b.iter().enumerate() {
            let substitute = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(diagonal + 1);
            best = best.min(row[j + 1]);
        }
        if best > limit {
            return None;
        }
    }
    Some(row[b.len()]).filter(|&d| d <= limit)
}

/// The warnings for every input's unread columns or keys, in `lang`: one line for each
/// that is near a known name (the first [`SHOWN`] of a file), naming it and the name; one
/// line for the rest of a file, the first [`SHOWN`] named. None for a file that had none.
pub fn warnings(inputs: &[InputSummary], mapping: Option<&Mapping>, lang: Lang) -> Vec<String> {
    let mut lines = Vec::new();
    for input in inputs.iter().filter(|i| !i.unmapped.is_empty()) {
        let path = &input.path;
        let json = is_json(input);
        let known = KnownNames::of(input, mapping);
        // The first near ones a line each; every other one, in file order, on one line.
        let mut near = 0;
        let mut rest = Vec::new();
        for name in &input.unmapped {
            // Once SHOWN are named, the rest need not be compared.
            let Some(known) = (near < SHOWN).then(|| known.near(name)).flatten() else {
                rest.push(format!("{name:?}"));
                continue;
            };
            near += 1;
            let near = known.shown();
            lines.push(match (lang, json) {
                (Lang::Da, false) => format!(
                    "advarsel: {path}: kolonnen {name:?} læses ikke (caseaudit kender ikke \
                     navnet); mente du {near}?"
                ),
                (Lang::Da, true) => format!(
                    "advarsel: {path}: nøglen {name:?} læses ikke (caseaudit kender ikke \
                     navnet); mente du {near}?"
                ),
                (Lang::En, false) => format!(
                    "warning: {path}: column {name:?} is not read (caseaudit does not know \
                     the name); did you mean {near}?"
                ),
                (Lang::En, true) => format!(
                    "warning: {path}: key {name:?} is not read (caseaudit does not know the \
                     name); did you mean {near}?"
                ),
            });
        }
        if rest.is_empty() {
            continue;
        }
        let n = rest.len();
        let mut listed = rest[..n.min(SHOWN)].join(", ");
        let unlisted = n - n.min(SHOWN);
        if unlisted > 0 {
            listed.push_str(&match lang {
                Lang::Da => format!(" og {unlisted} flere (`caseaudit validate` viser dem)"),
                Lang::En => format!(" and {unlisted} more (`caseaudit validate` lists them)"),
            });
        }
        lines.push(match (lang, json, n) {
            (Lang::Da, false, 1) => format!(
                "advarsel: {path}: 1 kolonne læses ikke (caseaudit kender ikke navnet): \
                 {listed}; skriv den under `ignore` i en mappingfil, hvis den skal udelades"
            ),
            (Lang::Da, false, _) => format!(
                "advarsel: {path}: {n} kolonner læses ikke (caseaudit kender ikke navnene): \
                 {listed}; skriv dem under `ignore` i en mappingfil, hvis de skal udelades"
            ),
            (Lang::Da, true, 1) => format!(
                "advarsel: {path}: 1 nøgle læses ikke (JSON læses med de kanoniske navne, \
                 docs/input.md): {listed}"
            ),
            (Lang::Da, true, _) => format!(
                "advarsel: {path}: {n} nøgler læses ikke (JSON læses med de kanoniske navne, \
                 docs/input.md): {listed}"
            ),
            (Lang::En, false, 1) => format!(
                "warning: {path}: 1 column is not read (caseaudit does not know the name): \
                 {listed}; list it under `ignore` in a mapping file to leave it out"
            ),
            (Lang::En, false, _) => format!(
                "warning: {path}: {n} columns are not read (caseaudit does not know the \
                 names): {listed}; list them under `ignore` in a mapping file to leave them out"
            ),
            (Lang::En, true, 1) => format!(
                "warning: {path}: 1 key is not read (JSON is read by its canonical names, \
                 docs/input.md): {listed}"
            ),
            (Lang::En, true, _) => format!(
                "warning: {path}: {n} keys are not read (JSON is read by its canonical names, \
                 docs/input.md): {listed}"
            ),
        });
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::input::Detected;

    fn input(format: &'static str, layout: Option<Layout>, unmapped: &[&str]) -> InputSummary {
        InputSummary {
            path: "x".into(),
            sha256: String::new(),
            cases: 0,
            events: 0,
            rejected: 0,
            detected: Detected {
                format,
                layout,
                ..Detected::default()
            },
            records: 0,
            accepted: 0,
            unmapped: unmapped.iter().map(|s| s.to_string()).collect(),
            cpr_case_ids: 0,
        }
    }

    fn near(format: &'static str, layout: Option<Layout>, name: &str) -> Option<String> {
        let i = input(format, layout, &[name]);
        unread(&i, None)[0].near.as_ref().map(Near::shown)
    }

    #[test]
    fn a_misspelt_header_is_near_its_field() {
        let long = Some(Layout::Long);
        assert_eq!(
            near("csv", long, "Klagevejleding").as_deref(),
            Some("\"klagevejledning\" (appeal_guidance)")
        );
        assert_eq!(
            near("csv", long, "apeal guidance").as_deref(),
            Some("\"appeal_guidance\"")
        );
        // Danish letters typed without them.
        assert_eq!(
            near("csv", long, "Haendelse").as_deref(),
            Some("\"hændelse\" (type)")
        );
        assert_eq!(
            near("csv", long, "Aarsag").as_deref(),
            Some("\"årsag\" (reason)")
        );
        // Names of their own are near nothing.
        for own in [
            "Sagsbehandler",
            "Notat",
            "CPR",
            "Kommentar",
            "x",
            "Teamleder",
        ] {
            assert_eq!(near("csv", long, own), None, "{own}");
        }
    }

    #[test]
    fn the_layout_decides_which_names_are_near() {
        // A case-level file has only case fields; the wide layout also event types.
        assert_eq!(near("csv", Some(Layout::Cases), "Klagevejleding"), None);
        assert_eq!(
            near("csv", Some(Layout::Cases), "Kommmune").as_deref(),
            Some("\"kommune\" (municipality)")
        );
        assert_eq!(
            near("csv", Some(Layout::Wide), "Afgørrelse").as_deref(),
            Some("\"afgørelse\" (decision)")
        );
        assert_eq!(near("csv", Some(Layout::Long), "Afgørrelse"), None);
    }

    #[test]
    fn json_keys_are_near_their_canonical_key() {
        assert_eq!(
            near("json", None, "events.klagevejledning").as_deref(),
            Some("\"appeal_guidance\"")
        );
        assert_eq!(
            near("ndjson", None, "events.Appeal_Guidance").as_deref(),
            Some("\"appeal_guidance\"")
        );
        assert_eq!(
            near("json", None, "case-id").as_deref(),
            Some("\"case_id\"")
        );
        assert_eq!(near("json", None, "event").as_deref(), Some("\"events\""));
        // An event field is not a case's key.
        assert_eq!(near("json", None, "apeal_guidance"), None);
    }

    #[test]
    fn a_mapping_s_own_headers_are_near_too() {
        let m = Mapping::parse("[columns]\n\"Klagevejl.\" = \"appeal_guidance\"").unwrap();
        let i = input("csv", Some(Layout::Long), &["Klagevejl"]);
        let near = unread(&i, Some(&m))[0].near.clone().unwrap();
        assert_eq!(near.shown(), "\"klagevejl.\" (appeal_guidance)");
    }

    #[test]
    fn distances_are_counted_in_characters_and_bounded() {
        let k = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(distance(&k("kitten"), &k("sitting"), 3), Some(3));
        assert_eq!(distance(&k("kitten"), &k("sitting"), 2), None);
        assert_eq!(distance(&k("hændelse"), &k("handelse"), 1), Some(1));
        assert_eq!(distance(&k(""), &k("ab"), 2), Some(2));
        assert_eq!(distance(&k("abc"), &k("abc"), 0), Some(0));
    }

    #[test]
    fn one_line_per_near_column_and_one_for_the_rest() {
        let i = input(
            "csv",
            Some(Layout::Long),
            &["Klagevejleding", "Sagsbehandler", "Notat"],
        );
        let lines = warnings(&[i], None, Lang::En);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines[0].contains("column \"Klagevejleding\""), "{lines:?}");
        assert!(lines[0].contains("\"klagevejledning\" (appeal_guidance)"));
        assert!(lines[1].contains("2 columns are not read"), "{lines:?}");
        assert!(lines[1].contains("\"Sagsbehandler\", \"Notat\""));
        let da = warnings(&[input("csv", None, &["Klagevejleding"])], None, Lang::Da);
        assert!(
            da[0].starts_with("advarsel: x: kolonnen \"Klagevejleding\""),
            "{da:?}"
        );
        assert!(da[0].contains("mente du \"klagevejledning\" (appeal_guidance)?"));
    }

    #[test]
    fn near_columns_beyond_the_first_twenty_join_the_rest() {
        let names: Vec<String> = ('a'..='y').map(|c| format!("dato{c}")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let lines = warnings(&[input("csv", Some(Layout::Long), &refs)], None, Lang::En);
        assert_eq!(lines.len(), SHOWN + 1, "{lines:?}");
        assert!(lines[0].contains("\"datoa\"") && lines[0].contains("\"dato\" (date)"));
        let last = &lines[SHOWN];
        assert!(last.contains("5 columns are not read"), "{last}");
        assert!(last.contains("\"datou\", \"datov\", \"datow\", \"datox\", \"datoy\""));
    }

    #[test]
    fn many_unread_columns_are_counted_not_listed() {
        let names: Vec<String> = (0..1000).map(|i| format!("kolonne {i}")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let lines = warnings(&[input("csv", None, &refs)], None, Lang::En);
        assert_eq!(lines.len(), 1);
        assert!(lines[0].contains("1000 columns are not read"), "{lines:?}");
        assert!(lines[0].contains("and 980 more"), "{lines:?}");
    }
}
