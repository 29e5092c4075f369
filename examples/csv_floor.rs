//! The floor for `bench/run.sh`: the cheapest pass over a CSV export that still reads it
//! as CSV — the csv crate splits every record into one reused `ByteRecord`, and nothing
//! else happens. An audit cannot be faster than this; the benchmark reports how far it is.
//!
//!     cargo run --release --example csv_floor -- FILE.csv
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args_os()
        .nth(1)
        .ok_or("usage: csv_floor FILE.csv")?;
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_path(&path)?;
    let mut record = csv::ByteRecord::new();
    let (mut records, mut fields) = (0u64, 0u64);
    while reader.read_byte_record(&mut record)? {
        records += 1;
        fields += record.len() as u64;
    }
    println!("{records} records, {fields} fields");
    Ok(())
}
