//! Memory the loaders hold while they read hostile input (issue 15, "Resources"), counted
//! by an allocator that keeps the peak of the bytes allocated: a field of 40 MB, a JSON
//! string of 40 MB written with escapes, 400,000 rejected rows. Exact on any machine (no
//! address-space limit, whose headroom depends on the allocator and the number of cores),
//! and quick in a debug build; tests/bad_input.rs runs the same finds through the binary
//! under its 1 GB limit.
use caseaudit::load::{self, CaseSink, LoadOptions};
use caseaudit::model::{Case, ProvisionTable};
use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The system's allocator, counting the bytes allocated now and at most.
struct Counting;

static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    let now = NOW.fetch_add(bytes, Ordering::SeqCst) + bytes;
    PEAK.fetch_max(now, Ordering::SeqCst);
}

// SAFETY: every call is passed to the system's allocator unchanged; only counts are kept.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        unsafe { System.dealloc(p, layout) };
        NOW.fetch_sub(layout.size(), Ordering::SeqCst);
    }
    unsafe fn realloc(&self, p: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, layout, size) };
        if !q.is_null() {
            // Counted as a copy: both blocks for a moment.
            grew(size);
            NOW.fetch_sub(layout.size(), Ordering::SeqCst);
        }
        q
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

/// One test at a time: the tests of this file would count each other's bytes.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn alone() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner())
}

/// The most bytes allocated at once while `f` ran, beyond those allocated before it.
fn peak_of<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = NOW.load(Ordering::SeqCst);
    PEAK.store(before, Ordering::SeqCst);
    let out = f();
    (out, PEAK.load(Ordering::SeqCst) - before)
}

/// Counts the cases it is given, and keeps none.
struct Count(usize);

impl CaseSink<()> for Count {
    fn take(&mut self, judged: Vec<(Case, ())>) -> anyhow::Result<()> {
        self.0 += judged.len();
        Ok(())
    }
    fn reset(&mut self) {
        self.0 = 0;
    }
}

/// The peak of reading `path` the collecting way (`load::load`) and the audit's way
/// (streamed where it can be), and what each read: records, rejected, cases.
fn read_both(path: &Path, options: &LoadOptions) -> [(usize, (usize, usize, usize)); 2] {
    let provisions = ProvisionTable::default();
    let paths = [path.to_path_buf()];
    let (collected, collected_peak) = peak_of(|| {
        let loaded = load::load(&paths, &provisions, options).unwrap();
        let input = &loaded.inputs[0];
        (input.records, input.rejected, loaded.cases.len())
    });
    let (streamed, streamed_peak) = peak_of(|| {
        let mut count = Count(0);
        let (loaded, _) =
            load::audit_inputs(&paths, &provisions, options, &|_| {}, &|_| (), &mut count).unwrap();
        let input = &loaded.inputs[0];
        (input.records, input.rejected, count.0)
    });
    [(collected_peak, collected), (streamed_peak, streamed)]
}

const MB: usize = 1 << 20;

/// A quoted CSV field of 40 MB: kept as its head (100 KB), not three times over (the
/// parser's buffer, the record's fields, the rejected value), collected and streamed.
#[test]
fn a_40_mb_quoted_field_costs_the_file_and_little_more() {
    let _alone = alone();
    let field = "x".repeat(40_000_000);
    let text = format!(
        "case_id,type,date,outcome\nK1,decision,2024-03-01,\"{field}\"\nK2,notification_received,2024-03-01,\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("field.csv");
    std::fs::write(&path, &text).unwrap();
    let text_len = text.len();
    drop((field, text));
    let [(collected, read), (streamed, read_streamed)] = read_both(&path, &LoadOptions::default());
    assert_eq!(read, (2, 1, 1));
    assert_eq!(read_streamed, (2, 1, 1));
    within_three_times_the_file_and_8_mb(collected, streamed, text_len);
}

/// Both paths read the file as a stream (src/load/text.rs, src/load/stream.rs): a record
/// that runs on is held whole in a buffer that doubles as it grows (the old block beside the
/// new one, for a moment); at most 8 MB more than three times the file. (When the collecting
/// path read the file whole it held the file and little more: 40 and 60 MB here.)
fn within_three_times_the_file_and_8_mb(collected: usize, streamed: usize, file: usize) {
    assert!(
        collected < 3 * file + 8 * MB,
        "collected: {} MB",
        collected / MB
    );
    assert!(
        streamed < 3 * file + 8 * MB,
        "streamed: {} MB",
        streamed / MB
    );
}

/// An NDJSON string of 40 MB written with escapes (60 MB as written): serde_json unescapes a
/// string whole into a buffer of its own before the loader sees it, so it is cut first.
#[test]
fn a_40_mb_json_string_with_escapes_costs_the_file_and_little_more() {
    let _alone = alone();
    let string = "x\\n".repeat(20_000_000);
    let event = r#"{"type":"notification_received","date":"2024-03-01"}"#;
    let text = format!(
        "{{\"case_id\":\"K1\",\"events\":[{{\"type\":\"decision\",\"date\":\"2024-03-01\",\"outcome\":\"{string}\"}}]}}\n\
         {{\"case_id\":\"K2\",\"events\":[{event}]}}\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("string.ndjson");
    std::fs::write(&path, &text).unwrap();
    let text_len = text.len();
    drop((string, text));
    let [(collected, read), (streamed, read_streamed)] = read_both(&path, &LoadOptions::default());
    assert_eq!(read, (2, 1, 1));
    assert_eq!(read_streamed, (2, 1, 1));
    within_three_times_the_file_and_8_mb(collected, streamed, text_len);
}

/// 400,000 rejected rows, once about 400 bytes each held (ten million took 4.1 GB): the
/// first 10,000 are kept, every one counted, and with `--rejects` the rest written to a
/// temporary file, not held.
#[test]
fn four_hundred_thousand_rejected_rows_cost_what_ten_thousand_do() {
    let _alone = alone();
    let mut text = String::from("case_id,type,date\nK0,notification_received,2024-03-01\n");
    for i in 1..=400_000 {
        text += &format!("{i}\n"); // one field where the header has three
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.csv");
    std::fs::write(&path, &text).unwrap();
    for keep_rejects in [false, true] {
        let options = LoadOptions {
            keep_rejects,
            ..LoadOptions::default()
        };
        let [(collected, read), (streamed, read_streamed)] = read_both(&path, &options);
        assert_eq!(read, (400_001, 400_000, 1));
        assert_eq!(read_streamed, (400_001, 400_000, 1));
        // 10,000 listed (as many again in each piece the workers have in hand), the file.
        assert!(collected < 32 * MB, "collected: {} MB", collected / MB);
        assert!(streamed < 48 * MB, "streamed: {} MB", streamed / MB);
    }
}
