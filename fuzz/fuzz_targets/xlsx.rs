#![no_main]
mod common;

#[allow(unused_imports)]
use caseaudit::load::Layout;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| common::load_as(data, "xlsx", None));
