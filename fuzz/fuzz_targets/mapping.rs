#![no_main]
use libfuzzer_sys::fuzz_target;

// A mapping file (TOML): parsed and checked as `--mapping` does.
fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = caseaudit::load::Mapping::parse(text);
    }
});
