//! The provision table (`rules/provisions.toml`): which kind a decision under a legal
//! provision is, and the municipality's published processing time for it.
use super::Kind;
use crate::calendar::Span;
use std::sync::Arc;

/// A legal provision reduced to the tokens that identify it: runs of letters or of
/// digits, lower-cased. `SEL § 52, stk. 3, nr. 7` → `sel 52 stk 3 nr 7`. Case, spaces
/// and punctuation do not matter, and a number never matches a longer number
/// (`§ 5` is not a prefix of `§ 52`) because numbers are whole tokens.
///
/// ```
/// use caseaudit::model::ProvisionKey;
/// let placement = ProvisionKey::new("SEL § 52, stk. 3, nr. 7");
/// assert!(ProvisionKey::new("sel §52").is_prefix_of(&placement));
/// assert!(!ProvisionKey::new("SEL § 5").is_prefix_of(&placement));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProvisionKey(Vec<Box<str>>);

impl ProvisionKey {
    pub fn new(text: &str) -> ProvisionKey {
        let mut tokens: Vec<Box<str>> = Vec::new();
        let mut current = String::new();
        let mut current_is_digit = false;
        for c in text.chars() {
            let is_digit = c.is_ascii_digit();
            if !(c.is_alphanumeric()) {
                flush(&mut tokens, &mut current);
                continue;
            }
            if !current.is_empty() && is_digit != current_is_digit {
                flush(&mut tokens, &mut current);
            }
            current_is_digit = is_digit;
            current.extend(c.to_lowercase());
        }
        flush(&mut tokens, &mut current);
        // A single letter after a number belongs to it: `§ 52 a` is its own paragraph, not
        // a part of § 52.
        let mut merged: Vec<Box<str>> = Vec::with_capacity(tokens.len());
        for token in tokens {
            let is_letter = token.chars().count() == 1 && token.chars().all(char::is_alphabetic);
            match merged.last_mut() {
                Some(prev) if is_letter && prev.bytes().all(|b| b.is_ascii_digit()) => {
                    *prev = format!("{prev}{token}").into_boxed_str();
                }
                _ => merged.push(token),
            }
        }
        ProvisionKey(merged)
    }

    pub fn is_prefix_of(&self, other: &ProvisionKey) -> bool {
        other.0.len() >= self.0.len() && other.0[..self.0.len()] == self.0[..]
    }

    /// Two provisions are the same matter when one is a prefix of the other (an
    /// application under `BL § 86` is decided by a decision under `BL § 86, stk. 2`) and
    /// both name a paragraph: a bare `BL` decides nothing in particular.
    pub fn same_matter(&self, other: &ProvisionKey) -> bool {
        let numbered = |k: &ProvisionKey| {
            k.0.iter()
                .any(|t| t.starts_with(|c: char| c.is_ascii_digit()))
        };
        numbered(self) && numbered(other) && (self.is_prefix_of(other) || other.is_prefix_of(self))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

fn flush(tokens: &mut Vec<Box<str>>, current: &mut String) {
    if !current.is_empty() {
        tokens.push(std::mem::take(current).into_boxed_str());
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ProvisionEntry {
    pub provision: String,
    pub key: ProvisionKey,
    pub kind: Option<Kind>,
    pub processing_time: Option<Span>,
}

/// Looked up by the longest matching prefix.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProvisionTable {
    entries: Vec<ProvisionEntry>,
    /// Processing time for a kind when no entry for the provision gives one.
    default_processing_time: Vec<(Kind, Span)>,
    memo: Memo,
}

/// What a provision as written resolves to: its key, its kind and its processing time.
#[derive(Debug, PartialEq)]
struct Resolved {
    key: ProvisionKey,
    kind: Option<Kind>,
    processing_time: Option<Span>,
}

/// The provisions already resolved, by their text: an export writes a few dozen provisions
/// over and over, and each is split into its key and matched against the table once, not on
/// every decision or every comparison of two (the audit's workers share it). Bounded, so an export of ever new texts
/// costs no more memory than [`Memo::LIMIT`] entries; beyond it a text is resolved afresh.
#[derive(Default)]
struct Memo(std::sync::RwLock<std::collections::HashMap<Box<str>, Arc<Resolved>>>);

impl Memo {
    const LIMIT: usize = 4096;

    fn get_or(&self, provision: &str, resolve: impl FnOnce() -> Resolved) -> Arc<Resolved> {
        if let Some(found) = self.0.read().ok().and_then(|m| m.get(provision).cloned()) {
            return found;
        }
        let resolved = Arc::new(resolve());
        if let Ok(mut memo) = self.0.write()
            && memo.len() < Memo::LIMIT
        {
            memo.insert(provision.into(), Arc::clone(&resolved));
        }
        resolved
    }

    fn clear(&mut self) {
        if let Ok(memo) = self.0.get_mut() {
            memo.clear();
        }
    }
}

/// A cache: a copy starts empty, and it never makes two tables differ.
impl Clone for Memo {
    fn clone(&self) -> Memo {
        Memo::default()
    }
}

impl PartialEq for Memo {
    fn eq(&self, _: &Memo) -> bool {
        true
    }
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Memo")
    }
}

impl ProvisionTable {
    pub fn new(entries: Vec<ProvisionEntry>, default_processing_time: Vec<(Kind, Span)>) -> Self {
        ProvisionTable {
            entries,
            default_processing_time,
            memo: Memo::default(),
        }
    }

    /// The matching entries, the most specific (longest) first.
    fn matches(&self, key: &ProvisionKey) -> Vec<&ProvisionEntry> {
        let mut found: Vec<&ProvisionEntry> = self
            .entries
            .iter()
            .filter(|e| e.key.is_prefix_of(key))
            .collect();
        found.sort_by_key(|e| std::cmp::Reverse(e.key.0.len()));
        found
    }

    /// Sets the published processing time of exactly this provision (a municipality
    /// profile's local standard), adding an entry if the table has none; returns the time
    /// that applied to it before.
    pub fn set_processing_time(&mut self, provision: &str, span: Span) -> Option<Span> {
        let before = self.processing_time(provision);
        let key = ProvisionKey::new(provision);
        match self.entries.iter_mut().find(|e| e.key == key) {
            Some(entry) => entry.processing_time = Some(span),
            None => self.entries.push(ProvisionEntry {
                provision: provision.to_string(),
                key,
                kind: None,
                processing_time: Some(span),
            }),
        }
        self.memo.clear();
        before
    }

    pub fn kind_of(&self, provision: &str) -> Option<Kind> {
        self.resolve(provision).kind
    }

    /// The published processing time. The most specific entry that says anything decides:
    /// its own processing time, else the default for its kind (none for a kind without a
    /// default, which leaves T1 not assessable).
    pub fn processing_time(&self, provision: &str) -> Option<Span> {
        self.resolve(provision).processing_time
    }

    /// Do two provisions as written concern the same matter ([`ProvisionKey::same_matter`])?
    pub fn same_matter(&self, a: &str, b: &str) -> bool {
        self.resolve(a).key.same_matter(&self.resolve(b).key)
    }

    fn resolve(&self, provision: &str) -> Arc<Resolved> {
        self.memo.get_or(provision, || {
            let key = ProvisionKey::new(provision);
            let matches = self.matches(&key);
            let kind = matches.iter().find_map(|e| e.kind);
            let processing_time = matches
                .iter()
                .find(|e| e.processing_time.is_some() || e.kind.is_some())
                .and_then(|entry| {
                    entry.processing_time.or_else(|| {
                        let kind = entry.kind?;
                        self.default_processing_time
                            .iter()
                            .find(|(k, _)| *k == kind)
                            .map(|(_, s)| *s)
                    })
                });
            Resolved {
                key,
                kind,
                processing_time,
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> ProvisionTable {
        let entry = |p: &str, k: Kind, t: Option<Span>| ProvisionEntry {
            provision: p.into(),
            key: ProvisionKey::new(p),
            kind: Some(k),
            processing_time: t,
        };
        ProvisionTable::new(
            vec![
                entry("SEL § 52", Kind::Support, None),
                entry("SEL § 52, stk. 3, nr. 7", Kind::Placement, None),
                entry("SEL § 5", Kind::Other, None),
                entry("BL § 86", Kind::Benefit, None),
                entry("BL § 32", Kind::Support, Some(Span::Months(3))),
            ],
            vec![(Kind::Benefit, Span::Weeks(8))],
        )
    }

    #[test]
    fn tokens_ignore_case_space_and_punctuation() {
        assert_eq!(
            ProvisionKey::new("SEL § 52, stk. 3"),
            ProvisionKey::new("sel§52 STK.3")
        );
        assert_eq!(ProvisionKey::new("nr.7"), ProvisionKey::new("nr 7"));
    }

    #[test]
    fn longest_prefix_wins() {
        let t = table();
        assert_eq!(t.kind_of("SEL § 52, stk. 3, nr. 7"), Some(Kind::Placement));
        assert_eq!(t.kind_of("SEL § 52, stk. 3, nr. 1"), Some(Kind::Support));
        assert_eq!(t.kind_of("sel §52"), Some(Kind::Support));
    }

    #[test]
    fn a_number_does_not_match_a_longer_number() {
        let t = table();
        assert_eq!(t.kind_of("SEL § 5"), Some(Kind::Other));
        assert_eq!(t.kind_of("SEL § 53"), None);
        assert!(!ProvisionKey::new("§ 5").is_prefix_of(&ProvisionKey::new("§ 52")));
    }

    #[test]
    fn a_provision_resolved_before_a_local_standard_is_resolved_again_after() {
        let mut t = table();
        assert_eq!(t.processing_time("BL § 32"), Some(Span::Months(3)));
        assert_eq!(
            t.processing_time("BL § 32"),
            Some(Span::Months(3)),
            "from the memo"
        );
        t.set_processing_time("BL § 32", Span::Weeks(6));
        assert_eq!(t.processing_time("BL § 32"), Some(Span::Weeks(6)));
        assert_eq!(t.clone().processing_time("BL § 32"), Some(Span::Weeks(6)));
    }

    #[test]
    fn processing_time_falls_back_to_kind_default() {
        let t = table();
        assert_eq!(t.processing_time("BL § 32"), Some(Span::Months(3)));
        assert_eq!(t.processing_time("BL § 86, stk. 1"), Some(Span::Weeks(8)));
        assert_eq!(t.processing_time("SEL § 52"), None);
        assert_eq!(t.processing_time("BL § 90"), None);
    }

    #[test]
    fn a_letter_after_a_number_is_its_own_paragraph() {
        assert_ne!(
            ProvisionKey::new("SEL § 52 a"),
            ProvisionKey::new("SEL § 52")
        );
        assert!(!ProvisionKey::new("SEL § 52").is_prefix_of(&ProvisionKey::new("SEL § 52 a")));
        assert_eq!(
            ProvisionKey::new("SEL § 52a"),
            ProvisionKey::new("sel §52 A")
        );
        assert!(
            ProvisionKey::new("SEL § 52, stk. 3")
                .is_prefix_of(&ProvisionKey::new("SEL § 52, stk. 3, nr. 7"))
        );
    }

    #[test]
    fn the_most_specific_entry_decides_the_processing_time() {
        let mut t = table();
        t.entries.push(ProvisionEntry {
            provision: "BL § 86, stk. 9".into(),
            key: ProvisionKey::new("BL § 86, stk. 9"),
            kind: Some(Kind::Support),
            processing_time: None,
        });
        assert_eq!(t.processing_time("BL § 86, stk. 9"), None);
        assert_eq!(t.processing_time("BL § 86, stk. 2"), Some(Span::Weeks(8)));
    }

    #[test]
    fn a_bare_law_name_is_no_matter() {
        assert!(!ProvisionKey::new("BL").same_matter(&ProvisionKey::new("BL § 86")));
    }

    #[test]
    fn same_matter_is_prefix_either_way() {
        let a = ProvisionKey::new("BL § 86");
        let b = ProvisionKey::new("BL § 86, stk. 2");
        assert!(a.same_matter(&b) && b.same_matter(&a));
        assert!(!a.same_matter(&ProvisionKey::new("BL § 87")));
    }
}
