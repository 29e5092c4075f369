//! One file per subcommand. Each takes parsed arguments and writes to `out`.
pub mod audit;
pub mod diff;
pub mod generate;
mod progress;
pub mod rules;
pub mod sample;
pub mod trend;
pub mod validate;

use crate::cli::{Common, LangArg};
use crate::rules::{Catalogue, Lang};

/// How a command ended, for the exit code (errors are exit 2, in `main`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Ok,
    /// Exit 1: a threshold was breached, or rule examples failed.
    Failed,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Da => Lang::Da,
            LangArg::En => Lang::En,
        }
    }
}

/// The catalogue the user asked for: `--rules DIR`, else the built-in one.
pub fn catalogue(common: &Common) -> anyhow::Result<Catalogue> {
    Ok(match &common.rules {
        Some(dir) => Catalogue::from_dir(dir)?,
        None => Catalogue::embedded()?,
    })
}
