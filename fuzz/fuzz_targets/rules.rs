#![no_main]
use libfuzzer_sys::fuzz_target;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The rules folder's files, one of which the fuzzer replaces.
fn rules() -> &'static BTreeMap<String, String> {
    static RULES: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    RULES.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules");
        std::fs::read_dir(dir)
            .expect("the rules folder")
            .map(|e| e.expect("an entry").path())
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy().to_string();
                (name, std::fs::read_to_string(&p).expect("a rule file"))
            })
            .collect()
    })
}

// A rule file (B1.toml, a deadline rule) replaced by the input: the catalogue loads or
// refuses it, never panics.
fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut files = rules().clone();
    files.insert("B1.toml".into(), text.to_string());
    let _ = caseaudit::rules::Catalogue::from_files(files);
});
