//! Personal data stays local: the primitives. Where CPR numbers are in a text
//! ([`cpr_spans`]), masking them ([`mask_cpr`], [`mask_json`], the [`Masked`] writer,
//! [`mask_workbook`]), and case ids replaced by keyed hashes ([`Pseudonyms`],
//! `--pseudonymize`). See docs/privacy.md.
//!
//! This module knows no report, loader, rule or command line (tests/privacy.rs checks its
//! imports): those apply the primitives where personal data enters what they build. Masking
//! is done on the decoded value, before anything cuts, wraps or re-encodes it ([`quoted`]): a
//! line break followed by `0101801234`, re-encoded as JSON or Rust text, reads
//! `\n0101801234`, in which the number is glued to the escape's `n` and no longer stands
//! alone. The choke points that mask every output once more are
//! [`Masked`] around stdout (main.rs) and every text file (`report::atomic`),
//! [`mask_workbook`] for every .xlsx, and `terminal::write_stderr`; report data is masked
//! before any format sees it (`report::protect`).
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use std::borrow::Cow;
use std::io::{self, Write};
use std::ops::Range;

/// What a masked CPR digit becomes: `010180-1234` → `xxxxxx-xxxx`, the way Danish forms
/// write a CPR number left out. Not `*`, which Markdown reads as emphasis.
pub const MASK: u8 = b'x';

/// Where CPR numbers are in `text`: ten digits, written `ddmmyy-xxxx` or `ddmmyyxxxx`,
/// whose first six are a plausible date (a day that exists in the month, in some year; the
/// day may be raised by 60, as in a substitute CPR number), standing alone: the characters
/// either side are not ASCII letters or digits (or the text ends). A digit run longer or
/// shorter than ten, or one glued to letters (a SHA-256 hex digest), is not a CPR number.
pub fn cpr_spans(text: &[u8]) -> Vec<Range<usize>> {
    let word = |i: usize| text.get(i).is_some_and(u8::is_ascii_alphanumeric);
    let digits_from = |i: usize| text[i..].iter().take_while(|b| b.is_ascii_digit()).count();
    let mut spans = Vec::new();
    let mut i = 0;
    // Every report passes here whole: the text between digit runs is skipped eight bytes
    // at a time.
    while let Some(start) = next_digit(text, i) {
        i = start;
        let run = digits_from(i);
        let end = i + run;
        if i > 0 && word(i - 1) {
            // Glued to a word: neither this run nor a part of it is a CPR number.
        } else if run == 10 && !word(end) && plausible_date(&text[i..i + 6]) {
            spans.push(i..end);
        } else if run == 6
            && text.get(end) == Some(&b'-')
            && digits_from(end + 1) == 4
            && !word(end + 5)
            && plausible_date(&text[i..i + 6])
        {
            spans.push(i..end + 5);
            i = end + 5;
            continue;
        }
        i = end;
    }
    spans
}

/// The first ASCII digit in `text` from `from` on.
fn next_digit(text: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut i = from;
    while let Some(chunk) = text.get(i..i + 8) {
        let w = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        // Per byte, no borrow between bytes: the high bit is set where the byte is ASCII
        // (below 0x80), at least b'0' and at most b'9'.
        let low = w & !HIGH;
        let digits = ((low | HIGH) - ONES * 0x30) & (ONES * 0xB9 - low) & !w & HIGH;
        if digits != 0 {
            return Some(i + (digits.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    text.get(i..)?
        .iter()
        .position(u8::is_ascii_digit)
        .map(|p| i + p)
}

/// `ddmmyy` names a day that exists in some year (29 February included); a substitute
/// CPR number adds 60 to the day.
fn plausible_date(d: &[u8]) -> bool {
    let two = |k: usize| u32::from(d[k] - b'0') * 10 + u32::from(d[k + 1] - b'0');
    let (mut day, month) = (two(0), two(2));
    if day > 60 {
        day -= 60;
    }
    let last = match month {
        2 => 29,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return false,
    };
    (1..=last).contains(&day)
}

/// Masks every CPR number in `bytes` in place (digits become [`MASK`], the hyphen stays);
/// the length does not change. Returns how many were masked.
pub fn mask_bytes(bytes: &mut [u8]) -> usize {
    let spans = cpr_spans(bytes);
    for span in &spans {
        for b in &mut bytes[span.clone()] {
            if b.is_ascii_digit() {
                *b = MASK;
            }
        }
    }
    spans.len()
}

/// `text` with every CPR number masked (borrowed when there is none).
pub fn mask_cpr(text: &str) -> Cow<'_, str> {
    if cpr_spans(text.as_bytes()).is_empty() {
        return Cow::Borrowed(text);
    }
    let mut bytes = text.as_bytes().to_vec();
    mask_bytes(&mut bytes);
    // Only ASCII digits were replaced by an ASCII letter: still UTF-8.
    Cow::Owned(
        String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
    )
}

pub fn contains_cpr(text: &str) -> bool {
    !cpr_spans(text.as_bytes()).is_empty()
}

/// `text` in double quotes, escaped as Rust's `{:?}` writes it, its CPR numbers masked
/// first: a tab before `0101801234` is escaped as `\t0101801234`, where no mask finds the
/// number.
pub fn quoted(text: &str) -> String {
    format!("{:?}", mask_cpr(text))
}

/// Masks the CPR numbers in `s` where it is.
pub fn mask_in_place(s: &mut String) {
    if let Cow::Owned(masked) = mask_cpr(s) {
        *s = masked;
    }
}

/// Masks the CPR numbers in every string (and key) of a JSON document; numbers stay numbers.
pub fn mask_json(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::String(s) => mask_in_place(s),
        Value::Array(items) => items.iter_mut().for_each(mask_json),
        Value::Object(map) => {
            let entries = std::mem::take(map);
            for (key, mut item) in entries {
                mask_json(&mut item);
                map.insert(mask_cpr(&key).into_owned(), item);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// JSON text with every string (value or key) whose decoded text holds a CPR number written
/// again, masked; every other byte as it was. The mask of text cannot do this on the raw
/// bytes: after an escape (`\n0101801234`, `\u00e60101801234`) or in escaped digits
/// (`\u0030101801234`) the number does not stand alone, or is not there as digits. Text that
/// is not JSON is returned as it is, but for its well-formed strings.
pub fn mask_json_text(text: &[u8]) -> Cow<'_, [u8]> {
    let mut out: Option<Vec<u8>> = None;
    let mut copied = 0;
    let mut i = 0;
    while i < text.len() {
        if text[i] != b'"' {
            i += 1;
            continue;
        }
        // A string literal: to its closing quote, skipping escaped characters.
        let start = i;
        i += 1;
        while i < text.len() && text[i] != b'"' {
            i += if text[i] == b'\\' { 2 } else { 1 };
        }
        let Some(literal) = text.get(start..=i) else {
            break; // unclosed
        };
        i += 1;
        let Ok(value) = serde_json::from_slice::<String>(literal) else {
            continue;
        };
        if let Cow::Owned(masked) = mask_cpr(&value) {
            let out = out.get_or_insert_with(|| Vec::with_capacity(text.len()));
            out.extend_from_slice(&text[copied..start]);
            // Writing a String as JSON cannot fail.
            out.extend_from_slice(&serde_json::to_vec(&masked).unwrap_or_default());
            copied = i;
        }
    }
    match out {
        Some(mut out) => {
            out.extend_from_slice(&text[copied..]);
            Cow::Owned(out)
        }
        None => Cow::Borrowed(text),
    }
}

/// An .xlsx workbook (a zip archive of XML parts) with the CPR numbers in its parts masked:
/// what a text mask is for a text file. The workbook is returned as it was, byte for byte,
/// when no part holds a CPR number; otherwise each part is written again with its own
/// compression and time stamp, so the same workbook always gives the same bytes.
pub fn mask_workbook(bytes: Vec<u8>) -> io::Result<Vec<u8>> {
    use zip::write::SimpleFileOptions;
    // Part by part through the mask, never a whole part in memory: a results sheet of a
    // million rows is hundreds of MB of XML. First only counted, then written if need be.
    let mut archive = zip::ZipArchive::new(io::Cursor::new(&bytes)).map_err(io::Error::other)?;
    let mut found = 0;
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).map_err(io::Error::other)?;
        let mut counted = Masked::new(io::sink());
        io::copy(&mut part, &mut counted)?;
        found += counted.finish_counted()?.1;
    }
    if found == 0 {
        return Ok(bytes);
    }
    let mut out = zip::ZipWriter::new(io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).map_err(io::Error::other)?;
        let mut options = SimpleFileOptions::default().compression_method(part.compression());
        if let Some(time) = part.last_modified() {
            options = options.last_modified_time(time);
        }
        let name = part.name().map_err(io::Error::other)?.into_owned();
        out.start_file(name, options).map_err(io::Error::other)?;
        let mut masked = Masked::new(&mut out);
        io::copy(&mut part, &mut masked)?;
        masked.finish()?;
    }
    Ok(out.finish().map_err(io::Error::other)?.into_inner())
}

/// A writer that masks CPR numbers in everything written through it, whatever the text's
/// encoding (the digits and the hyphen are ASCII in UTF-8 and Windows-1252 alike). It holds
/// back the end of each write that a later write could still extend into a CPR number, so
/// [`Masked::finish`] must be called to write the rest.
pub struct Masked<W: Write> {
    inner: W,
    pending: Vec<u8>,
    /// CPR numbers masked so far.
    found: usize,
}

impl<W: Write> Masked<W> {
    pub fn new(inner: W) -> Masked<W> {
        Masked {
            inner,
            pending: Vec::new(),
            found: 0,
        }
    }

    /// Writes what is held back, flushes, and gives the inner writer back.
    pub fn finish(self) -> io::Result<W> {
        self.finish_counted().map(|(inner, _)| inner)
    }

    /// As [`Masked::finish`], with the number of CPR numbers masked.
    pub fn finish_counted(mut self) -> io::Result<(W, usize)> {
        self.found += mask_bytes(&mut self.pending);
        self.inner.write_all(&self.pending)?;
        self.pending.clear();
        self.inner.flush()?;
        Ok((self.inner, self.found))
    }
}

impl<W: Write> Masked<W> {
    /// Masks and passes on everything up to the last byte that can neither be in a CPR
    /// number nor glue one to a word (not a letter, digit or hyphen): what follows it may
    /// still grow into a CPR number with the next write.
    fn pass_settled(&mut self) -> io::Result<()> {
        let settled = self
            .pending
            .iter()
            .rposition(|b| !b.is_ascii_alphanumeric() && *b != b'-');
        if let Some(last) = settled {
            self.found += mask_bytes(&mut self.pending[..=last]);
            self.inner.write_all(&self.pending[..=last])?;
            self.pending.drain(..=last);
        }
        Ok(())
    }
}

/// Bytes gathered before they are masked and passed on (formats write in small pieces).
const CHUNK: usize = 16 * 1024;

impl<W: Write> Write for Masked<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        if self.pending.len() >= CHUNK {
            self.pass_settled()?;
        }
        Ok(buf.len())
    }

    /// Passes on what is settled; a run of letters, digits and hyphens at the end waits for
    /// the next write or [`Masked::finish`], as it may go on.
    fn flush(&mut self) -> io::Result<()> {
        self.pass_settled()?;
        self.inner.flush()
    }
}

/// Case ids replaced by keyed hashes: `P-` and the first 16 hex digits of
/// HMAC-SHA256(key, case id). The same key gives the same pseudonym on every run, so
/// reports can still be compared (`diff`, `--baseline`); without the key the case cannot be
/// found from its pseudonym.
#[derive(Clone)]
pub struct Pseudonyms {
    mac: Hmac<Sha256>,
}

/// Never shows the key.
impl std::fmt::Debug for Pseudonyms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pseudonyms(key hidden)")
    }
}

/// The shortest key accepted: a short key can be guessed, and with it every case id.
pub const MIN_KEY_CHARS: usize = 16;

impl Pseudonyms {
    pub fn new(key: &str) -> anyhow::Result<Pseudonyms> {
        if key.chars().count() < MIN_KEY_CHARS {
            return Err(anyhow::Error::new(crate::both!(
                KeyTooShort,
                n = key.chars().count(),
                min = MIN_KEY_CHARS
            )));
        }
        let mac = Hmac::<Sha256>::new_from_slice(key.as_bytes())
            .map_err(|e| anyhow::Error::new(crate::both!(KeyUnusable, error = e)))?;
        Ok(Pseudonyms { mac })
    }

    pub fn id(&self, case_id: &str) -> String {
        let mut mac = self.mac.clone();
        mac.update(case_id.as_bytes());
        let digest = mac.finalize().into_bytes();
        let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        format!("P-{hex}")
    }
}

/// The case id a shared output shows: its pseudonym, else the id with CPR numbers masked.
pub fn public_id(case_id: &str, pseudonyms: Option<&Pseudonyms>) -> String {
    match pseudonyms {
        Some(p) => p.id(case_id),
        None => mask_cpr(case_id).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(text: &str) -> String {
        mask_cpr(text).into_owned()
    }

    #[test]
    fn both_forms_are_masked_wherever_they_stand_alone() {
        assert_eq!(masked("010180-1234"), "xxxxxx-xxxx");
        assert_eq!(masked("0101801234"), "xxxxxxxxxx");
        assert_eq!(masked("K-010180-1234"), "K-xxxxxx-xxxx");
        assert_eq!(masked("cpr: 3112991234."), "cpr: xxxxxxxxxx.");
        assert_eq!(masked("\"290200-4321\","), "\"xxxxxx-xxxx\",");
        assert_eq!(
            masked("a 0101801234 b 020280-2222"),
            "a xxxxxxxxxx b xxxxxx-xxxx"
        );
        // A substitute CPR number: day + 60.
        assert_eq!(masked("610180-1234"), "xxxxxx-xxxx");
        // Danish letters are not ASCII: the number still stands alone.
        assert_eq!(masked("Søren·0101801234"), "Søren·xxxxxxxxxx");
    }

    #[test]
    fn what_is_not_a_cpr_number_stays() {
        for text in [
            "2024-06-30",
            "2024-06-30T09:15",
            "01-03-2024",
            "01.03.2024",
            "12345678",
            "0101801234567",
            "01018012345",
            "010180-12345",
            "0101801-1234",
            "a0101801234",
            "0101801234b",
            "3201801234", // no 32nd
            "3102801234", // no 31 February
            "3004801234", // 30 April exists, checked below
            "0113801234", // no month 13
            "0000801234",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "0101801234abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        ] {
            if text == "3004801234" {
                assert_eq!(masked(text), "xxxxxxxxxx");
            } else {
                assert_eq!(masked(text), text, "{text}");
            }
        }
    }

    #[test]
    fn json_strings_are_masked_as_decoded_and_the_rest_kept_byte_for_byte() {
        let masked =
            |t: &str| String::from_utf8(mask_json_text(t.as_bytes()).into_owned()).unwrap();
        // After an escape the digits are glued to a letter: the text mask misses them.
        for raw in [
            r#"{"a": "x\n0101801234", "b" : 7}"#,
            r#"{"a": "\t010180-1234"}"#,
            r#"{"a": "\u00e60101801234"}"#,
            r#"{"a": "\u0030101801234"}"#,
            r#"{"x\n0101801234": 1}"#,
        ] {
            assert_eq!(mask_cpr(raw), raw, "the text mask alone misses {raw}");
            let out = masked(raw);
            let value: serde_json::Value = serde_json::from_str(&out).unwrap();
            assert!(
                !contains_cpr(&value.to_string()) && !value.to_string().contains("0101"),
                "{raw} → {out}"
            );
        }
        assert_eq!(
            masked(r#"{"a": "x\n0101801234", "b" : 7}"#),
            r#"{"a": "x\nxxxxxxxxxx", "b" : 7}"#
        );
        let plain = r#"{ "id" : "K-1",  "t": "a \"quoted\" \\ text" }"#;
        assert!(matches!(mask_json_text(plain.as_bytes()), Cow::Borrowed(_)));
        assert_eq!(
            masked(r#"{"a": "unclosed 0101801234"#),
            r#"{"a": "unclosed 0101801234"#
        );
    }

    #[test]
    fn the_writer_masks_across_writes() {
        let mut w = Masked::new(Vec::new());
        for part in ["id,cpr\nK-1,0101", "80", "-12", "34\nK-2,02028", "01234"] {
            w.write_all(part.as_bytes()).unwrap();
            w.flush().unwrap();
        }
        let out = String::from_utf8(w.finish().unwrap()).unwrap();
        assert_eq!(out, "id,cpr\nK-1,xxxxxx-xxxx\nK-2,xxxxxxxxxx");
    }

    use proptest::prelude::*;

    /// A CPR number with a real birth date (any year), in either form.
    fn cpr() -> impl Strategy<Value = String> {
        (
            1u32..=12,
            0u32..100,
            0u32..10_000,
            any::<bool>(),
            any::<bool>(),
        )
            .prop_flat_map(|(month, year, serial, hyphen, substitute)| {
                let last = match month {
                    2 => 29,
                    4 | 6 | 9 | 11 => 30,
                    _ => 31,
                };
                (1..=last).prop_map(move |day| {
                    let day = if substitute { day + 60 } else { day };
                    let sep = if hyphen { "-" } else { "" };
                    format!("{day:02}{month:02}{year:02}{sep}{serial:04}")
                })
            })
    }

    /// Text around a CPR number: anything, ending and starting with a character that is not
    /// an ASCII letter or digit.
    fn surround() -> impl Strategy<Value = String> {
        ("\\PC{0,12}", "[ ,;:.\\-_/()\\[\\]\"'æøå\\t\\n]")
            .prop_map(|(text, edge)| format!("{text}{edge}"))
    }

    /// The spans as they were found byte by byte, before the search went eight bytes at a
    /// time: the two must agree on any text.
    fn spans_byte_by_byte(text: &[u8]) -> Vec<Range<usize>> {
        let word = |i: usize| text.get(i).is_some_and(u8::is_ascii_alphanumeric);
        let digits_from = |i: usize| text[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        let mut spans = Vec::new();
        let mut i = 0;
        while i < text.len() {
            if !text[i].is_ascii_digit() || (i > 0 && word(i - 1)) {
                i += 1;
                continue;
            }
            let run = digits_from(i);
            let end = i + run;
            if run == 10 && !word(end) && plausible_date(&text[i..i + 6]) {
                spans.push(i..end);
            } else if run == 6
                && text.get(end) == Some(&b'-')
                && digits_from(end + 1) == 4
                && !word(end + 5)
                && plausible_date(&text[i..i + 6])
            {
                spans.push(i..end + 5);
                i = end + 5;
                continue;
            }
            i = end;
        }
        spans
    }

    #[test]
    fn the_next_digit_is_found_among_every_byte_at_every_place_in_a_word() {
        for byte in 0..=255u8 {
            for at in 0..17 {
                let mut text = vec![b'x'; 17];
                text[at] = byte;
                let want = byte.is_ascii_digit().then_some(at);
                assert_eq!(next_digit(&text, 0), want, "byte {byte:#x} at {at}");
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        #[test]
        fn the_word_at_a_time_search_finds_what_the_byte_by_byte_one_found(
            bytes in proptest::collection::vec(
                prop_oneof![
                    4 => b'0'..=b'9',
                    1 => Just(b'-'),
                    1 => Just(b'a'),
                    1 => Just(b' '),
                    1 => any::<u8>(),
                ],
                0..80,
            ),
            cprs in proptest::collection::vec((cpr(), any::<prop::sample::Index>()), 0..3),
        ) {
            let mut text = bytes;
            for (cpr, at) in cprs {
                let at = at.index(text.len() + 1);
                text.splice(at..at, cpr.into_bytes());
            }
            prop_assert_eq!(cpr_spans(&text), spans_byte_by_byte(&text));
            for from in 0..=text.len() {
                prop_assert_eq!(
                    next_digit(&text, from),
                    text[from..].iter().position(u8::is_ascii_digit).map(|p| from + p)
                );
            }
        }

        #[test]
        fn every_cpr_number_standing_alone_is_masked(
            cpr in cpr(),
            before in surround(),
            after in surround(),
        ) {
            let after: String = after.chars().rev().collect();
            let text = format!("{before}{cpr}{after}");
            let out = masked(&text);
            let digits: String = cpr.chars().filter(char::is_ascii_digit).collect();
            prop_assert!(!out.contains(&cpr) && !out.contains(&digits), "{text:?} → {out:?}");
            prop_assert_eq!(out.len(), text.len());
            prop_assert_eq!(masked(&out), out.clone(), "masking twice changes nothing");
        }

        #[test]
        fn digests_dates_and_other_numbers_are_left_alone(
            bytes in proptest::collection::vec(any::<u8>(), 0..64),
            date in (1900i32..2100, 1u32..=12, 1u32..=28),
            number in 0u64..1_000_000_000,
            long in 10_000_000_000u64..u64::MAX,
        ) {
            use sha2::Digest;
            let digest: String = sha2::Sha256::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            let (y, m, d) = date;
            for text in [
                digest,
                format!("{y:04}-{m:02}-{d:02}"),
                format!("{y:04}-{m:02}-{d:02}T09:15"),
                format!("{d:02}-{m:02}-{y:04}"),
                format!("{d:02}.{m:02}.{y:04}"),
                number.to_string(),
                long.to_string(),
                format!("{:.4}", number as f64 / 1e9),
            ] {
                prop_assert_eq!(masked(&text), text.clone());
            }
        }

        #[test]
        fn the_writer_masks_as_the_whole_text_would_however_it_is_split(
            parts in proptest::collection::vec(
                prop_oneof![cpr(), "[0-9a-z \\-,\\n]{0,8}"],
                0..12,
            ),
            cuts in proptest::collection::vec(any::<prop::sample::Index>(), 0..6),
        ) {
            let text = parts.concat();
            let mut at: Vec<usize> = cuts.iter().map(|c| c.index(text.len() + 1)).collect();
            at.sort_unstable();
            let mut w = Masked::new(Vec::new());
            let mut from = 0;
            for to in at.into_iter().chain([text.len()]) {
                w.write_all(&text.as_bytes()[from..to]).unwrap();
                w.flush().unwrap();
                from = to;
            }
            let out = w.finish().unwrap();
            prop_assert_eq!(String::from_utf8(out).unwrap(), masked(&text));
        }
    }

    #[test]
    fn a_workbook_is_masked_cell_by_cell_and_stays_a_workbook() {
        use calamine::{Data, Reader};
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "K-010180-1234").unwrap();
        sheet.write_string(0, 1, "Søren & 0101801234").unwrap();
        sheet.write_number(0, 2, 42.5).unwrap();
        sheet.write_string(1, 0, "2024-06-30").unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let masked = mask_workbook(bytes.clone()).unwrap();
        assert_eq!(
            mask_workbook(bytes).unwrap(),
            masked,
            "the same bytes every time"
        );
        assert_eq!(
            mask_workbook(masked.clone()).unwrap(),
            masked,
            "nothing left to mask"
        );
        let mut read: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(io::Cursor::new(masked)).unwrap();
        let range = read.worksheet_range_at(0).unwrap().unwrap();
        assert_eq!(
            range.get((0, 0)),
            Some(&Data::String("K-xxxxxx-xxxx".into()))
        );
        assert_eq!(
            range.get((0, 1)),
            Some(&Data::String("Søren & xxxxxxxxxx".into()))
        );
        assert_eq!(range.get((0, 2)), Some(&Data::Float(42.5)));
        assert_eq!(range.get((1, 0)), Some(&Data::String("2024-06-30".into())));
    }

    #[test]
    fn pseudonyms_are_stable_per_key() {
        let a = Pseudonyms::new("a key of sixteen+").unwrap();
        let b = Pseudonyms::new("another key, as long").unwrap();
        assert_eq!(a.id("K-1"), a.id("K-1"));
        assert_ne!(a.id("K-1"), a.id("K-2"));
        assert_ne!(a.id("K-1"), b.id("K-1"));
        assert!(a.id("K-1").starts_with("P-"));
        assert_eq!(a.id("K-1").len(), 18);
        // RFC 4231 test case 2 ("Jefe", "what do ya want for nothing?"), via a long key
        // check of the construction: HMAC-SHA256 itself.
        let mut mac = Hmac::<Sha256>::new_from_slice(b"Jefe").unwrap();
        mac.update(b"what do ya want for nothing?");
        let hex: String = mac.finalize().into_bytes()[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(hex, "5bdcc146bf60754e");
        assert!(Pseudonyms::new("short").is_err());
    }
}
