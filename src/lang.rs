//! The language of what a person reads: messages on stderr, the table, Markdown, HTML,
//! xlsx and `rules show` (Danish by default). Here, beside `calendar`, so that `load`,
//! `rules` and `report` all use it without one depending on another.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Da,
    En,
}
