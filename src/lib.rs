//! caseaudit: audits exported Danish child-case files against a catalogue of legal rules.
//!
//! Data flows one way: `load` → `model` → `rules` → `report`; `calendar` is the pure time
//! arithmetic they share, `lang` the language they speak, `spill` the temporary files of a
//! long run.
pub mod calendar;
pub mod cli;
pub mod cmd;
pub mod generate;
pub mod lang;
pub mod load;
pub mod model;
pub mod privacy;
pub mod report;
pub mod review;
pub mod rules;
pub mod sample;
pub mod spill;
pub mod terminal;
