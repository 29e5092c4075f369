//! Shared by the loader targets: the bytes as an input file of the given extension, read
//! and linked the way `caseaudit audit` does. Errors are fine; panics, hangs and runaway
//! memory are what the fuzzer looks for.
#![allow(dead_code)] // each target uses what it needs
use caseaudit::load::{self, Layout, LoadOptions};
use caseaudit::rules::Catalogue;
use std::sync::OnceLock;

pub fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| Catalogue::embedded().expect("the built-in catalogue loads"))
}

pub fn load_as(data: &[u8], extension: &str, layout: Option<Layout>) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join(format!("input.{extension}"));
    std::fs::write(&path, data).expect("the input written");
    let options = LoadOptions {
        layout,
        ..LoadOptions::default()
    };
    let _ = load::load(&[path], &catalogue().provisions, &options);
}
