//! Embeds the rule catalogue (`rules/*.toml`) in the binary, so `caseaudit` runs with the
//! full catalogue without a rules directory beside it.
use std::fmt::Write as _;

fn main() {
    println!("cargo:rerun-if-changed=rules");
    let mut names: Vec<String> = std::fs::read_dir("rules")
        .expect("rules/ directory next to Cargo.toml")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo");
    let mut out = String::from("[\n");
    for name in &names {
        println!("cargo:rerun-if-changed=rules/{name}");
        writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            format!("{manifest}/rules/{name}")
        )
        .unwrap();
    }
    out.push(']');
    let path = std::path::Path::new(&std::env::var("OUT_DIR").expect("set by cargo"))
        .join("embedded_rules.rs");
    std::fs::write(path, out).expect("write embedded_rules.rs");
}
