//! Delimited text (CSV, TSV): the encoding and delimiter are detected from the bytes, and
//! rows are handed to the table readers through [`Rows`] with one reused record buffer.
use super::fields::{MAX_FIELD, RawValue};
use super::table::Rows;
use super::vocab::blank;
use super::{Encoding, Reason};
use std::borrow::Cow;

/// Why a file's text could not be read; the message names the flag that settles it.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TextError {
    #[error(
        "is neither UTF-8 nor plausible Windows-1252 text (byte 0x{byte:02X} on line {line}); \
         if it is a text export, pass --encoding utf-8 or --encoding windows-1252"
    )]
    UnknownEncoding { byte: u8, line: usize },
    #[error("is not valid UTF-8 (line {line}); pass --encoding windows-1252 if Excel saved it")]
    NotUtf8 { line: usize },
    #[error(
        "mixes encodings: UTF-8 text (line {utf8_line}) and a byte that is not UTF-8 (0x{byte:02X} \
         on line {line}), so no one encoding reads it all; fix or re-save the file as UTF-8, or \
         pass --encoding windows-1252 to read it all as Windows-1252 anyway"
    )]
    Mixed {
        utf8_line: usize,
        byte: u8,
        line: usize,
    },
    #[error(
        "starts with a UTF-8 byte order mark, yet --encoding windows-1252 (or the mapping's \
         encoding) says Windows-1252; it is most likely UTF-8: pass --encoding utf-8"
    )]
    BomNot1252,
    #[error("is UTF-16 text; save it as \"CSV UTF-8\" (or CSV) from Excel, or export it as .xlsx")]
    Utf16,
    #[error(
        "holds NUL bytes, so it is not a text export (a workbook must be named .xlsx to be read \
         as one)"
    )]
    Binary,
    #[error(
        "the header line is split equally by {a} and {b}, so the delimiter is ambiguous; \
         pass --delimiter {a} or --delimiter {b}"
    )]
    AmbiguousDelimiter { a: String, b: String },
}

impl TextError {
    /// The message in Danish (`Display` is English).
    pub fn danish(&self) -> String {
        match self {
            TextError::Binary => "indeholder NUL-bytes og er derfor ikke et tekstudtræk (en \
                 projektmappe skal hedde .xlsx for at blive læst som en)"
                .into(),
            TextError::Utf16 => "er UTF-16-tekst; gem den som \"CSV UTF-8\" (eller CSV) fra \
                 Excel, eller eksportér den som .xlsx"
                .into(),
            TextError::NotUtf8 { line } => format!(
                "er ikke gyldig UTF-8 (linje {line}); angiv --encoding windows-1252, hvis \
                 Excel har gemt den"
            ),
            TextError::AmbiguousDelimiter { a, b } => format!(
                "overskriftslinjen deles lige mange gange af {a} og {b}, så skilletegnet er \
                 tvetydigt; angiv --delimiter {a} eller --delimiter {b}"
            ),
            // The rarer ones keep their English text.
            other => other.to_string(),
        }
    }
}

/// The text of a file and the name of its encoding. Detection: a UTF-8 BOM or valid UTF-8
/// is UTF-8; else bytes that read as Windows-1252 text (what Excel writes on a Danish
/// Windows machine) are Windows-1252; anything else is refused rather than guessed.
pub(crate) fn decode(
    bytes: &[u8],
    forced: Option<Encoding>,
) -> Result<(Cow<'_, str>, &'static str), TextError> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(TextError::Utf16);
    }
    if bytes.contains(&0) {
        return Err(TextError::Binary);
    }
    let line_at = |pos: usize| line_breaks(&bytes[..pos]) + 1;
    let (body, bom) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, true),
        None => (bytes, false),
    };
    let utf8 = std::str::from_utf8(body);
    match (forced, utf8) {
        (Some(Encoding::Windows1252), _) if bom => Err(TextError::BomNot1252),
        (Some(Encoding::Windows1252), _) => Ok((
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0,
            "windows-1252",
        )),
        (_, Ok(text)) => Ok((
            Cow::Borrowed(text),
            if bom { "utf-8 (BOM)" } else { "utf-8" },
        )),
        (Some(Encoding::Utf8), Err(e)) => Err(TextError::NotUtf8 {
            line: line_at(e.valid_up_to()),
        }),
        (None, Err(e)) if bom => Err(TextError::NotUtf8 {
            line: line_at(e.valid_up_to()),
        }),
        (None, Err(e)) if let Some(pos) = utf8_sequence(bytes) => Err(TextError::Mixed {
            utf8_line: line_at(pos),
            byte: bytes[e.valid_up_to()],
            line: line_at(e.valid_up_to()),
        }),
        (None, Err(_)) => match implausible_1252(bytes) {
            Some(pos) => Err(TextError::UnknownEncoding {
                byte: bytes[pos],
                line: line_at(pos),
            }),
            None => Ok((
                encoding_rs::WINDOWS_1252
                    .decode_without_bom_handling(bytes)
                    .0,
                "windows-1252",
            )),
        },
    }
}

/// The line breaks in `bytes`: `\n`, `\r\n`, and a lone `\r` (old Mac, some exports), as
/// the csv reader ends records on each of them.
pub(crate) fn line_breaks(bytes: &[u8]) -> usize {
    // Counting `\n` alone is what the hot path needs; lone `\r` (old Mac files) are rare.
    let lf = memchr::memchr_iter(b'\n', bytes).count();
    let lone_cr = if memchr::memchr(b'\r', bytes).is_some() {
        bytes
            .iter()
            .enumerate()
            .filter(|(i, b)| **b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
            .count()
    } else {
        0
    };
    lf + lone_cr
}

/// The line a quoted field opens on when the text ends inside it. The csv reader takes
/// everything up to the end of the file as that one field and raises nothing, so every
/// row after it would be lost.
pub(crate) fn unclosed_quote(text: &str, delimiter: u8) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut scan = QuoteScan::new(delimiter);
    scan.feed(bytes);
    scan.unclosed()
        .map(|opened| line_breaks(&bytes[..opened as usize]) + 1)
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum QuoteState {
    FieldStart,
    Unquoted,
    Quoted,
    QuoteInQuoted,
}

/// Follows quoting as the csv reader does it, over a text given in pieces (a file read in
/// blocks): a quote opens a quoted field only at the start of a field, and `""` inside one
/// is a quote.
#[derive(Debug, Clone)]
pub(crate) struct QuoteScan {
    delimiter: u8,
    state: QuoteState,
    /// Where the last quoted field opened, and how many bytes were fed.
    opened: u64,
    fed: u64,
}

impl QuoteScan {
    pub fn new(delimiter: u8) -> QuoteScan {
        QuoteScan {
            delimiter,
            state: QuoteState::FieldStart,
            opened: 0,
            fed: 0,
        }
    }

    pub fn feed(&mut self, bytes: &[u8]) {
        use QuoteState::*;
        let ends_field = |b: u8| b == self.delimiter || b == b'\n' || b == b'\r';
        let mut state = self.state;
        let mut i = 0;
        // From quote to quote (memchr): this runs over the whole file. Outside a quoted
        // field only a quote at a field's start matters, and whether it is one is read off
        // the byte before it.
        while i < bytes.len() {
            match state {
                Quoted => match memchr::memchr(b'"', &bytes[i..]) {
                    Some(k) => {
                        state = QuoteInQuoted;
                        i += k + 1;
                    }
                    None => break,
                },
                QuoteInQuoted => {
                    let b = bytes[i];
                    state = if b == b'"' {
                        Quoted
                    } else if ends_field(b) {
                        FieldStart
                    } else {
                        Unquoted
                    };
                    i += 1;
                }
                FieldStart | Unquoted => match memchr::memchr(b'"', &bytes[i..]) {
                    Some(k) => {
                        let q = i + k;
                        let at_start = match k {
                            0 => state == FieldStart,
                            _ => ends_field(bytes[q - 1]),
                        };
                        if at_start {
                            self.opened = self.fed + q as u64;
                            state = Quoted;
                        } else {
                            state = Unquoted;
                        }
                        i = q + 1;
                    }
                    None => {
                        state = if ends_field(bytes[bytes.len() - 1]) {
                            FieldStart
                        } else {
                            Unquoted
                        };
                        break;
                    }
                },
            }
        }
        self.state = state;
        self.fed += bytes.len() as u64;
    }

    /// The byte offset of the quote that opened a field never closed, if the text so far
    /// ends inside one.
    pub fn unclosed(&self) -> Option<u64> {
        (self.state == QuoteState::Quoted).then_some(self.opened)
    }

    /// Where the first record to end in `bytes` — the bytes after those fed — ends: just
    /// after its line break (`\n`, `\r\n` or a lone `\r`). `None` when no record ends in
    /// them, or the last byte is a `\r` that a `\n` may follow. Nothing is fed.
    pub fn next_record_end(&self, bytes: &[u8]) -> Option<usize> {
        use QuoteState::*;
        let mut state = self.state;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if state == Quoted {
                // Up to the next quote: line breaks inside a quoted field end nothing.
                i += memchr::memchr(b'"', &bytes[i..])? + 1;
                state = QuoteInQuoted;
                continue;
            }
            match b {
                b'\n' => return Some(i + 1),
                b'\r' => {
                    return match bytes.get(i + 1) {
                        Some(b'\n') => Some(i + 2),
                        Some(_) => Some(i + 1),
                        None => None,
                    };
                }
                b'"' if state == QuoteInQuoted => state = Quoted,
                b'"' if state == FieldStart => state = Quoted,
                _ if b == self.delimiter => state = FieldStart,
                _ => state = Unquoted,
            }
            i += 1;
        }
        None
    }
}

/// Where the first well-formed UTF-8 multi-byte sequence starts (`Ã¦`, `Ã¸` … read as
/// Windows-1252). Danish Windows-1252 text practically never holds one: a letter like
/// `æ` (0xE6) is not followed by two bytes from 0x80–0xBF.
pub(super) fn utf8_sequence(bytes: &[u8]) -> Option<usize> {
    let cont = |i: usize| bytes.get(i).is_some_and(|b| (0x80..=0xBF).contains(b));
    (0..bytes.len()).find(|&i| {
        let len = match bytes[i] {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => return false,
        };
        (1..len).all(|k| cont(i + k)) && std::str::from_utf8(&bytes[i..i + len]).is_ok()
    })
}

/// The first byte that makes the file unlikely to be Windows-1252 text: a byte 1252 leaves
/// undefined, a control character other than tab/CR/LF/FF, or — when more than a third of
/// the bytes are non-ASCII — the first non-ASCII byte (Danish text is mostly ASCII).
fn implausible_1252(bytes: &[u8]) -> Option<usize> {
    let bad = |b: u8| {
        matches!(b, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D)
            || (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
            || b == 0x7F
    };
    if let Some(pos) = bytes.iter().position(|b| bad(*b)) {
        return Some(pos);
    }
    let high = bytes.iter().filter(|b| **b >= 0x80).count();
    if high * 3 > bytes.len() {
        return bytes.iter().position(|b| *b >= 0x80);
    }
    None
}

/// The delimiter that splits the header line into the most fields: `,`, `;` or tab
/// (quoted text is skipped). A tie between two of them is refused; no delimiter at all
/// is a one-column file.
pub(crate) fn detect_delimiter(text: &str) -> Result<u8, TextError> {
    let mut counts = [(b';', 0usize), (b'\t', 0), (b',', 0)];
    let mut quoted = false;
    for b in text.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            _ if quoted => {}
            _ => {
                for (d, n) in &mut counts {
                    if *d == b {
                        *n += 1;
                    }
                }
            }
        }
    }
    counts.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    match counts {
        [(_, 0), ..] => Ok(b','),
        [(a, n), (b, m), _] if n == m => Err(TextError::AmbiguousDelimiter {
            a: delimiter_name(a),
            b: delimiter_name(b),
        }),
        [(d, _), ..] => Ok(d),
    }
}

/// How a delimiter is named to the user (and on the command line).
pub(crate) fn delimiter_name(d: u8) -> String {
    match d {
        b'\t' => "tab".to_string(),
        other => format!("'{}'", other as char),
    }
}

/// The rows of a delimited text in memory — a whole file, or a piece of one (whole records,
/// from a known line on, under the file's header) — read as the csv crate reads them.
///
/// A record whose line holds no quote (nearly every one) is split here: its fields are
/// slices of the text between delimiters, so no byte is copied and none is checked as
/// UTF-8 again. A record with a quote is read by the csv crate's own parser (csv_core),
/// which unescapes its fields into a buffer. Either way a record is read exactly as the
/// csv crate reads it (a property test compares the two): a quote opens a quoted field only
/// at a field's start, a line ends at `\n`, `\r\n` or a lone `\r`, blank lines are skipped,
/// and rows may have any number of fields.
pub(crate) struct CsvRows<'a> {
    text: &'a str,
    /// Where the rest of the text begins, and the line it begins on.
    at: usize,
    next_line: u64,
    headers: Cow<'a, [String]>,
    /// The current record and the line it starts on.
    record: Record,
    line: u64,
    delimiter: u8,
    /// The parser of quoted records (made at the first), and its buffers.
    core: Option<csv_core::Reader>,
    out: Vec<u8>,
    core_ends: Vec<usize>,
    /// Records that begin on a line of their own, not after the record before them: where
    /// each begins in the text, and its line, in order (a regrouped export's records,
    /// [`super::regroup`]).
    lines: &'a [(usize, u64)],
}

/// The current record's fields.
#[derive(Default)]
struct Record {
    /// Where each field ends: in a plain record, the offset of the delimiter after it from
    /// `start` in the text; in a quoted one, the offset in `quoted`.
    ends: Vec<usize>,
    start: usize,
    /// The fields of a quoted record, unescaped; `None` for a plain one.
    quoted: Option<String>,
    /// Did its line break end it? Not at the end of a text that stops short of it: the
    /// record may go on past it.
    ended: bool,
    /// Its fields hold more than [`MAX_RECORD`] bytes (a quoted record): only the first
    /// were kept, and it is rejected.
    too_long: bool,
}

/// The most bytes of fields a record may hold (docs/robustness.md): a longer one is
/// rejected as it is read, and no more of it kept. Far above a real row (a few pages of
/// text in a few columns), low enough that one record never costs much memory.
pub(crate) const MAX_RECORD: usize = 16 << 20;

/// What [`CsvRows::read_quoted`] keeps of a record's fields in its output buffer, as the
/// parser writes them: each field's head (as [`super::fields::head`] keeps a text), and no
/// more than [`MAX_RECORD`] bytes in all.
#[derive(Default)]
struct Keep {
    /// Bytes kept, at the start of the buffer; the open field began at `field_start`.
    len: usize,
    field_start: usize,
    /// The open field was cut: nothing more of it is kept.
    field_cut: bool,
    /// Bytes were let go for the record's limit, not only for a field's.
    record_cut: bool,
}

impl Keep {
    /// More bytes of the open field, at `bytes` in `out` (at or past what is kept): kept
    /// as far as they may be, moved to follow what is kept.
    fn field_bytes(&mut self, out: &mut [u8], bytes: std::ops::Range<usize>) {
        // A field's head: past MAX_FIELD bytes, to the end of the letter at MAX_FIELD + 1.
        let field_room = match self.field_cut {
            true => 0,
            false => (self.field_start + MAX_FIELD + 4).saturating_sub(self.len),
        };
        let record_room = MAX_RECORD.saturating_sub(self.len);
        let mut take = bytes.len().min(field_room).min(record_room);
        if take < bytes.len() {
            // Cut at the end of a letter: what is kept stays UTF-8.
            while take > 0 && out[bytes.start + take] & 0xC0 == 0x80 {
                take -= 1;
            }
            self.field_cut = true;
            self.record_cut |= record_room < field_room;
        }
        out.copy_within(bytes.start..bytes.start + take, self.len);
        self.len += take;
    }

    /// The open field ends: where, in the bytes kept.
    fn end_field(&mut self) -> usize {
        self.field_start = self.len;
        self.field_cut = false;
        self.len
    }
}

impl<'a> CsvRows<'a> {
    /// Reads the header line (after a BOM). An empty text has no header, and gives an empty
    /// one.
    pub fn new(text: &'a str, delimiter: u8) -> CsvRows<'a> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut rows = CsvRows::piece(text, delimiter, &[], 1);
        let headers = match rows.read_record() {
            true => (0..rows.record.ends.len())
                .map(|i| rows.field(i).unwrap_or_default().to_string())
                .collect(),
            false => Vec::new(),
        };
        rows.headers = Cow::Owned(headers);
        rows
    }

    /// The records of a piece of a file that begins at a record, on line `line`, under
    /// the file's `headers`.
    pub fn piece(text: &'a str, delimiter: u8, headers: &'a [String], line: u64) -> CsvRows<'a> {
        CsvRows {
            text,
            at: 0,
            next_line: line,
            headers: Cow::Borrowed(headers),
            record: Record::default(),
            line,
            delimiter,
            core: None,
            out: Vec::new(),
            core_ends: Vec::new(),
            lines: &[],
        }
    }

    /// These records with some beginning on a line of their own, not after the record
    /// before them: where each of those begins in the text, and its line, in order (records
    /// taken from where they were in a file and put together, [`super::regroup`]).
    pub fn placed(self, lines: &'a [(usize, u64)]) -> CsvRows<'a> {
        CsvRows { lines, ..self }
    }

    /// Where the text after the current record begins.
    pub fn record_end(&self) -> usize {
        self.at
    }

    /// Where the current record's field `i` begins and ends: in the text for a plain
    /// record, in the unescaped fields for a quoted one.
    fn bounds(&self, i: usize) -> Option<(usize, usize)> {
        let r = &self.record;
        let end = *r.ends.get(i)?;
        let begin = match (i, &r.quoted) {
            (0, _) => 0,
            (_, Some(_)) => r.ends[i - 1],
            (_, None) => r.ends[i - 1] + 1, // past the delimiter
        };
        Some((begin, end))
    }

    /// The current record's field `i`.
    pub fn field(&self, i: usize) -> Option<&str> {
        let (begin, end) = self.bounds(i)?;
        match &self.record.quoted {
            Some(quoted) => quoted.get(begin..end),
            None => self
                .text
                .get(self.record.start + begin..self.record.start + end),
        }
    }

    fn fields(&self) -> impl Iterator<Item = &str> {
        (0..self.record.ends.len()).map(|i| self.field(i).unwrap_or_default())
    }

    /// Where the current record starts in the text (past the blank lines before it), and
    /// whether a line break ended it.
    pub fn record_at(&self) -> (usize, bool) {
        (self.record.start, self.record.ended)
    }

    /// Reads the next record, past blank lines; false at the end of the text.
    pub fn read_record(&mut self) -> bool {
        let bytes = self.text.as_bytes();
        // Blank lines: each line end (`\n`, `\r\n` or a lone `\r`) is a line.
        loop {
            match bytes.get(self.at) {
                None => return false,
                Some(b'\n') => self.at += 1,
                Some(b'\r') => self.at += 1 + usize::from(bytes.get(self.at + 1) == Some(&b'\n')),
                Some(_) => break,
            }
            self.next_line += 1;
        }
        let start = self.at;
        if let [(at, line), rest @ ..] = self.lines
            && *at == start
        {
            self.next_line = *line;
            self.lines = rest;
        }
        self.line = self.next_line;
        let rest = &bytes[start..];
        let len = memchr::memchr2(b'\n', b'\r', rest).unwrap_or(rest.len());
        let line = &rest[..len];
        if memchr::memchr(b'"', line).is_some() {
            self.read_quoted(start);
            return true;
        }
        let r = &mut self.record;
        r.ends.clear();
        push_delimiters(line, self.delimiter, &mut r.ends);
        r.ends.push(len);
        r.start = start;
        r.quoted = None;
        r.ended = rest.get(len).is_some();
        r.too_long = false;
        self.at = start + len;
        if let Some(&end) = rest.get(len) {
            self.at += 1 + usize::from(end == b'\r' && rest.get(len + 1) == Some(&b'\n'));
            self.next_line += 1;
        }
        true
    }

    /// Reads a record with a quote on its line, as the csv crate does (with csv_core).
    fn read_quoted(&mut self, start: usize) {
        let input = &self.text.as_bytes()[start..];
        if self.out.is_empty() {
            self.out.resize(1 << 12, 0);
            self.core_ends.resize(64, 0);
        }
        let delimiter = self.delimiter;
        let core = self
            .core
            .get_or_insert_with(|| csv_core::ReaderBuilder::new().delimiter(delimiter).build());
        let (mut nin, mut nend) = (0, 0);
        // What is kept of the fields the parser writes, as it writes them: a field's head
        // (as `fields::head` keeps it) and at most MAX_RECORD bytes of the record; the ends
        // the parser gives count every byte it wrote, `written` of them so far.
        let mut keep = Keep::default();
        let mut written = 0;
        loop {
            let (result, i, o, e) = core.read_record(
                &input[nin..],
                &mut self.out[keep.len..],
                &mut self.core_ends[nend..],
            );
            nin += i;
            // The bytes written, field by field: the fields that ended, then the open one.
            let base = keep.len;
            let mut from = 0;
            for end in &mut self.core_ends[nend..nend + e] {
                let to = *end - written;
                keep.field_bytes(&mut self.out, base + from..base + to);
                *end = keep.end_field();
                from = to;
            }
            keep.field_bytes(&mut self.out, base + from..base + o);
            written += o;
            nend += e;
            match result {
                // The end of the text is said with an empty input, which the next call is.
                csv_core::ReadRecordResult::InputEmpty => {}
                // Bytes let go left room; else more is needed.
                csv_core::ReadRecordResult::OutputFull if keep.len < self.out.len() => {}
                csv_core::ReadRecordResult::OutputFull => {
                    let len = self.out.len() * 2;
                    self.out.resize(len, 0);
                }
                csv_core::ReadRecordResult::OutputEndsFull => {
                    let len = self.core_ends.len() * 2;
                    self.core_ends.resize(len, 0);
                }
                csv_core::ReadRecordResult::Record | csv_core::ReadRecordResult::End => break,
            }
        }
        // A `\r\n` the parser ended the record at the `\r` of is one line end.
        if input[..nin].ends_with(b"\r") && input.get(nin) == Some(&b'\n') {
            nin += 1;
        }
        self.at = start + nin;
        self.next_line += line_breaks(&input[..nin]) as u64;
        // The text is UTF-8, the parser only splits it at ASCII bytes and drops quotes, and
        // what is let go of a field ends at a letter's end.
        let text = String::from_utf8_lossy(&self.out[..keep.len]);
        let r = &mut self.record;
        r.ends.clear();
        r.ends.extend_from_slice(&self.core_ends[..nend]);
        r.start = start;
        r.ended = matches!(input[..nin].last(), Some(b'\n' | b'\r'));
        r.too_long = keep.record_cut;
        let mut quoted = r.quoted.take().unwrap_or_default();
        quoted.clear();
        quoted.push_str(&text);
        r.quoted = Some(quoted);
    }

    /// Does a field of the current record hold a line break followed by a line with as
    /// many delimiters as a row (at least two)? Then an unclosed quote most likely took
    /// in the rows after it, up to the next quote.
    fn swallows_a_row(&self) -> bool {
        // Only a quoted field can hold a line break.
        let Some(quoted) = &self.record.quoted else {
            return false;
        };
        if !quoted.contains(['\n', '\r']) {
            return false;
        }
        let needed = self.headers.len().saturating_sub(1).max(2);
        self.fields().any(|field| {
            field
                .split(['\n', '\r'])
                .skip(1)
                .any(|line| line.bytes().filter(|b| *b == self.delimiter).count() >= needed)
        })
    }
}

/// Adds the offsets of `delimiter` in `line` to `ends`, eight bytes at a time: a line of
/// a long export is mostly delimiters, too many for a search per field to pay.
fn push_delimiters(line: &[u8], delimiter: u8, ends: &mut Vec<usize>) {
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let pattern = u64::from(delimiter) * 0x0101_0101_0101_0101;
    let (words, rest) = line.as_chunks::<8>();
    for (w, word) in words.iter().enumerate() {
        let v = u64::from_le_bytes(*word) ^ pattern; // a zero byte where the delimiter is
        // The top bit of each byte that is zero, exactly (no carry crosses a byte).
        let mut zero = !(((v & LOW) + LOW) | v | LOW);
        while zero != 0 {
            ends.push(w * 8 + (zero.trailing_zeros() / 8) as usize);
            zero &= zero - 1;
        }
    }
    let base = words.len() * 8;
    ends.extend(
        rest.iter()
            .enumerate()
            .filter(|(_, b)| **b == delimiter)
            .map(|(i, _)| base + i),
    );
}

impl Rows for CsvRows<'_> {
    fn headers(&self) -> &[String] {
        &self.headers
    }

    fn next_row(&mut self) -> Option<Result<(), (Option<u64>, Reason)>> {
        if !self.read_record() {
            return None;
        }
        if self.record.too_long {
            let reason = Reason::new(
                format!(
                    "posten er længere end {} MiB; den bruges ikke (hele filen som ét felt i \
                     anførselstegn?)",
                    MAX_RECORD >> 20
                ),
                format!(
                    "the record is longer than {} MiB, so it is not used (the whole file in one \
                     quoted field?)",
                    MAX_RECORD >> 20
                ),
            );
            return Some(Err((Some(self.line), reason)));
        }
        if self.swallows_a_row() {
            let line = self.line;
            let reason = Reason::new(
                format!(
                    "et felt i anførselstegn, der begynder på linje {line}, løber ind \
                     over en linje, der ligner en selvstændig række; sandsynligvis et \
                     anførselstegn på linje {line}, der ikke er lukket, så posten \
                     bruges ikke"
                ),
                format!(
                    "a quoted field that starts on line {line} runs over a line that \
                     looks like a row of its own; probably an unclosed quote from \
                     line {line}, so this record is not used"
                ),
            );
            return Some(Err((Some(line), reason)));
        }
        Some(Ok(()))
    }

    fn line(&self) -> Option<u64> {
        Some(self.line)
    }

    /// Extra fields that are all empty (`…;` as Excel writes) are not ragged, as in .xlsx.
    fn ragged(&self) -> Option<Reason> {
        let (row, header) = (self.record.ends.len(), self.headers.len());
        let extra_empty = row > header && self.fields().skip(header).all(blank);
        (row != header && !extra_empty).then(|| {
            let felter = |n| if n == 1 { "felt" } else { "felter" };
            let fields = |n| if n == 1 { "field" } else { "fields" };
            Reason::new(
                format!(
                    "rækken har {row} {}, overskriften har {header}",
                    felter(row)
                ),
                format!("row has {row} {}, the header has {header}", fields(row)),
            )
        })
    }

    fn is_blank(&self) -> bool {
        self.fields().all(blank)
    }

    /// Told from the field's bounds, without slicing the text (most cells of a long
    /// export are empty).
    fn is_empty(&self, i: usize) -> bool {
        self.bounds(i).is_none_or(|(begin, end)| end <= begin)
    }

    fn cell(&self, i: usize) -> RawValue<'_> {
        self.field(i).map_or(RawValue::Null, RawValue::Str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_encoding() {
        let enc = |b: &[u8]| decode(b, None).map(|(_, e)| e);
        assert_eq!(enc(b"\xEF\xBB\xBFsag"), Ok("utf-8 (BOM)"));
        assert_eq!(enc("hændelse".as_bytes()), Ok("utf-8"));
        let (text, enc) = decode(b"h\xe6ndelse", None).unwrap();
        assert_eq!((text.as_ref(), enc), ("hændelse", "windows-1252"));
    }

    #[test]
    fn refuses_what_is_not_text() {
        assert_eq!(
            decode(b"\xFF\xFEa\0b\0", None).unwrap_err(),
            TextError::Utf16
        );
        assert_eq!(decode(b"a\0b", None).unwrap_err(), TextError::Binary);
        let err = decode(b"case_id\n\x81\x8d\x90", None).unwrap_err();
        assert_eq!(
            err,
            TextError::UnknownEncoding {
                byte: 0x81,
                line: 2
            }
        );
        assert!(err.to_string().contains("--encoding"));
        // Mostly high bytes: not Danish text.
        assert!(decode(b"\xe6\xf8\xe5\xe6\xf8a", None).is_err());
        // UTF-8 with a stray Windows-1252 byte: neither reading is right.
        let err = decode(b"sagsnummer;h\xc3\xa6ndelse\nK1;b\xe5l", None).unwrap_err();
        assert_eq!(
            err,
            TextError::Mixed {
                utf8_line: 1,
                byte: 0xE5,
                line: 2
            }
        );
        assert!(err.to_string().contains("--encoding"), "{err}");
        // A BOM promises UTF-8.
        assert!(decode(b"\xEF\xBB\xBFh\xe6", None).is_err());
        // A BOM says UTF-8: forcing Windows-1252 would mangle it (and keep "ï»¿").
        assert_eq!(
            decode(b"\xEF\xBB\xBFsag", Some(Encoding::Windows1252)).unwrap_err(),
            TextError::BomNot1252
        );
        // Forcing settles it.
        assert_eq!(
            decode(b"\xe6\xf8\xe5\xe6\xf8a", Some(Encoding::Windows1252))
                .unwrap()
                .0,
            "æøåæøa"
        );
        assert!(matches!(
            decode(b"ok\nh\xe6", Some(Encoding::Utf8)),
            Err(TextError::NotUtf8 { line: 2 })
        ));
    }

    #[test]
    fn lines_count_blank_lines_and_quoted_newlines() {
        let text = "a,b\r\n1,2\r\n\r\n3,\"x\ny\"\n\n\n4,5\n";
        let mut rows = CsvRows::new(text, b',');
        let mut lines = Vec::new();
        while let Some(Ok(())) = rows.next_row() {
            lines.push(rows.line().unwrap());
        }
        assert_eq!(lines, [2, 4, 8]);
    }

    #[test]
    fn lone_carriage_returns_end_lines() {
        let text = "a;b\r1;2\r\r3;4\r";
        let mut rows = CsvRows::new(text, b';');
        let mut lines = Vec::new();
        while let Some(Ok(())) = rows.next_row() {
            lines.push(rows.line().unwrap());
        }
        assert_eq!(lines, [2, 4]);
        assert!(matches!(
            decode(b"a\rb\r\xe6\x81", Some(Encoding::Utf8)),
            Err(TextError::NotUtf8 { line: 3 })
        ));
    }

    /// The cuts of `body` at every record end [`QuoteScan::next_record_end`] finds.
    fn record_ends(body: &[u8], delimiter: u8) -> Vec<usize> {
        let mut scan = QuoteScan::new(delimiter);
        let (mut at, mut ends) = (0, Vec::new());
        while let Some(k) = scan.next_record_end(&body[at..]) {
            scan.feed(&body[at..at + k]);
            at += k;
            ends.push(at);
        }
        ends
    }

    /// A row read: its line and cells, or the line it was refused on.
    type Row = Result<(u64, Vec<String>), Option<u64>>;

    /// Every row.
    fn all_rows(rows: &mut CsvRows) -> Vec<Row> {
        let mut read = Vec::new();
        while let Some(row) = rows.next_row() {
            read.push(match row {
                Ok(()) => {
                    let cells = rows.fields().map(str::to_string).collect();
                    Ok((rows.line().unwrap(), cells))
                }
                Err((line, _)) => Err(line),
            });
        }
        read
    }

    /// Every record of `body` read in pieces cut at record ends.
    fn read_in_pieces(body: &[u8], cuts: &[usize]) -> Vec<Row> {
        let mut read = Vec::new();
        let mut line = 2;
        let mut from = 0;
        for &to in cuts.iter().chain([&body.len()]) {
            let piece = &body[from..to];
            let headers = ["a".to_string(), "b".to_string()];
            let text = std::str::from_utf8(piece).unwrap();
            let mut rows = CsvRows::piece(text, b',', &headers, line);
            read.extend(all_rows(&mut rows));
            line += line_breaks(piece) as u64;
            from = to;
        }
        read
    }

    #[test]
    fn pieces_read_as_the_whole_text() {
        let body = "1,2\r\n\r\n3,\"x\ny\"\n\n\n4,5\r6,\"7\r\"\r\r8,9\n";
        let whole_text = format!("a,b\n{body}");
        let whole = all_rows(&mut CsvRows::new(&whole_text, b','));
        assert_eq!(whole.len(), 5);
        let cuts = record_ends(body.as_bytes(), b',');
        assert_eq!(cuts, [5, 7, 15, 16, 17, 21, 28, 29, 33]);
        assert_eq!(read_in_pieces(body.as_bytes(), &cuts), whole);
    }

    /// The records the csv crate reads of `text` (no header), each with the line it
    /// starts on (counted from the text, past blank lines: the crate's own is off after
    /// them).
    fn read_by_the_csv_crate(text: &str, delimiter: u8) -> Vec<(u64, Vec<String>)> {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .has_headers(false)
            .from_reader(text.as_bytes());
        let mut record = csv::ByteRecord::new();
        let mut read = Vec::new();
        while reader.read_byte_record(&mut record).unwrap() {
            let mut at = record.position().unwrap().byte() as usize;
            while matches!(text.as_bytes().get(at), Some(b'\r' | b'\n')) {
                at += 1;
            }
            let line = 1 + line_breaks(&text.as_bytes()[..at]) as u64;
            let cells = record
                .iter()
                .map(|f| String::from_utf8(f.to_vec()).unwrap())
                .collect();
            read.push((line, cells));
        }
        read
    }

    proptest::proptest! {
        /// The delimiters found eight bytes at a time are those found one by one.
        #[test]
        fn delimiters_found_by_the_word_as_by_the_byte(
            line in proptest::collection::vec(
                proptest::sample::select(vec![b';', b',', b'a', 0, 0x80, 0xff, 0x7f, 0x3b ^ 0x80]),
                0..70),
            delimiter in proptest::sample::select(vec![b';', b',', b'\t']),
        ) {
            let mut found = Vec::new();
            push_delimiters(&line, delimiter, &mut found);
            let expected: Vec<usize> = (0..line.len()).filter(|&i| line[i] == delimiter).collect();
            proptest::prop_assert_eq!(found, expected);
        }
    }

    proptest::proptest! {
        /// Records read as the csv crate reads them: the same fields, on the same lines,
        /// whatever quotes, delimiters, line ends and letters the text holds.
        #[test]
        fn rows_read_as_the_csv_crate_reads_them(
            parts in proptest::collection::vec(
                proptest::sample::select(vec!["a", ";", "\"", "\n", "\r", " ", "æ", "\"\""]),
                0..80),
        ) {
            let text = parts.concat();
            let mut rows = CsvRows::piece(&text, b';', &[], 1);
            let mut read = Vec::new();
            while rows.read_record() {
                read.push((rows.line, rows.fields().map(str::to_string).collect::<Vec<_>>()));
            }
            proptest::prop_assert_eq!(read, read_by_the_csv_crate(&text, b';'), "{:?}", text);
        }
    }

    proptest::proptest! {
        /// Cut at the record ends the quote scan finds, a text reads as it reads whole:
        /// the same records, on the same lines.
        #[test]
        fn cut_at_record_ends_a_text_reads_as_whole(
            bytes in proptest::collection::vec(
                proptest::sample::select(b"a,\"\n\r".to_vec()), 0..60),
        ) {
            let mut whole_text = b"a,b\n".to_vec();
            whole_text.extend(&bytes);
            let whole_text = String::from_utf8(whole_text).unwrap();
            let whole = all_rows(&mut CsvRows::new(&whole_text, b','));
            let cuts = record_ends(&bytes, b',');
            proptest::prop_assert_eq!(read_in_pieces(&bytes, &cuts), whole, "cuts {:?}", cuts);
        }
    }

    #[test]
    fn quotes_scanned_in_pieces_as_in_one() {
        for text in [
            "a,b\n\"K1,x\nK2,y\n",
            "a,b\n\"x\ny\",\"say \"\"hi\"\"\"\n",
            "a,b\nK1,5\" tall\n",
            "a;b\n\"x;y\";\"\"\n",
            "a,b\n\"x\"\"",
        ] {
            let mut whole = QuoteScan::new(text.as_bytes()[1]);
            whole.feed(text.as_bytes());
            let mut pieces = QuoteScan::new(text.as_bytes()[1]);
            for b in text.as_bytes().chunks(1) {
                pieces.feed(b);
            }
            assert_eq!(whole.unclosed(), pieces.unclosed(), "{text:?}");
        }
    }

    /// The quoting rules one byte at a time, as the csv reader follows them: the reference
    /// the block-skipping scan must agree with.
    fn unclosed_by_bytes(bytes: &[u8], delimiter: u8) -> Option<u64> {
        use QuoteState::*;
        let (mut state, mut opened) = (FieldStart, 0);
        for (i, &b) in bytes.iter().enumerate() {
            let ends = b == delimiter || b == b'\n' || b == b'\r';
            state = match (state, b) {
                (FieldStart, b'"') => {
                    opened = i as u64;
                    Quoted
                }
                (Quoted, b'"') => QuoteInQuoted,
                (Quoted, _) => Quoted,
                (QuoteInQuoted, b'"') => Quoted,
                (_, _) if ends => FieldStart,
                _ => Unquoted,
            };
        }
        (state == Quoted).then_some(opened)
    }

    proptest::proptest! {
        #[test]
        fn quote_scan_agrees_with_a_byte_by_byte_reading(
            text in proptest::collection::vec(
                proptest::sample::select(vec![b'a', b',', b';', b'"', b'\n', b'\r']),
                0..64,
            ),
            cut in 1usize..9,
        ) {
            let mut whole = QuoteScan::new(b';');
            whole.feed(&text);
            proptest::prop_assert_eq!(whole.unclosed(), unclosed_by_bytes(&text, b';'));
            let mut pieces = QuoteScan::new(b';');
            for piece in text.chunks(cut) {
                pieces.feed(piece);
            }
            proptest::prop_assert_eq!(pieces.unclosed(), whole.unclosed());
        }
    }

    #[test]
    fn unclosed_quotes() {
        assert_eq!(unclosed_quote("a,b\n\"K1,x\nK2,y\n", b','), Some(2));
        assert_eq!(unclosed_quote("a,b\r\rK1,\"x\n", b','), Some(3));
        // Closed, escaped, or a quote inside an unquoted field: fine.
        assert_eq!(
            unclosed_quote("a,b\n\"x\ny\",\"say \"\"hi\"\"\"\n", b','),
            None
        );
        assert_eq!(unclosed_quote("a,b\nK1,5\" tall\n", b','), None);
        assert_eq!(unclosed_quote("a;b\n\"x;y\";\"\"\n", b';'), None);
    }

    #[test]
    fn a_quote_that_swallows_rows_rejects_the_record() {
        let text = "case_id,type,date\nK1,decision,\"2024-01-01\nK2,decision,2024-01-02\nK3,decision,\"2024\"\nK4,decision,2024-01-03\n";
        let mut rows = CsvRows::new(text, b',');
        let first = rows.next_row().unwrap().unwrap_err();
        assert_eq!(first.0, Some(2));
        assert!(
            first.1.en.contains("unclosed quote from line 2"),
            "{}",
            first.1
        );
        assert!(matches!(rows.next_row(), Some(Ok(()))));
        assert_eq!(rows.line(), Some(5));
        // A quoted text over several lines is not a row.
        let text = "case_id,type,date,reason\nK1,x,y,\"Line one,\nline two\"\n";
        let mut rows = CsvRows::new(text, b',');
        assert!(matches!(rows.next_row(), Some(Ok(()))));
    }

    #[test]
    fn a_long_quoted_field_is_kept_only_as_far_as_a_reject_needs() {
        // A field of 1 MB (Danish letters where it is cut, a quote escaped in it) between
        // short ones, quoted: the fields after it read whole, it is kept as its head, and
        // reading it costs a buffer of its head's size, not of the field.
        let long = format!(
            "{}æøå\"\"{}",
            "a".repeat(MAX_FIELD - 1),
            "å".repeat(500_000)
        );
        let text = format!("a;b;c\n\"x\";\"{long}\";\"y\"\nK;\"{long}\";\"{long}\"\nz;w;v\n");
        let mut rows = CsvRows::new(&text, b';');
        assert!(matches!(rows.next_row(), Some(Ok(()))));
        let field = rows.field(1).unwrap().to_string();
        let whole = long.replace("\"\"", "\"");
        assert!(
            field.len() > MAX_FIELD && field.len() <= MAX_FIELD + 4,
            "{}",
            field.len()
        );
        assert!(whole.starts_with(&field));
        assert_eq!((rows.field(0), rows.field(2)), (Some("x"), Some("y")));
        // Two in one record.
        assert!(matches!(rows.next_row(), Some(Ok(()))));
        assert_eq!(
            (rows.field(0), rows.field(1), rows.field(2)),
            (Some("K"), Some(field.as_str()), Some(field.as_str()))
        );
        assert!(rows.out.len() < 4 * MAX_FIELD, "{}", rows.out.len());
        assert!(matches!(rows.next_row(), Some(Ok(()))));
        assert_eq!(rows.line(), Some(4));
        assert_eq!(rows.fields().collect::<Vec<_>>(), ["z", "w", "v"]);
    }

    #[test]
    fn a_record_longer_than_its_limit_is_rejected_and_the_next_read() {
        // 200 quoted fields of 90,000 bytes: each short enough, 18 MB together.
        let field = format!("\"{}\"", "b".repeat(90_000));
        let fields = vec![field; 200].join(";");
        let text = format!("a;b\nK;\"x\"\n{fields}\nL;y\n");
        let mut rows = CsvRows::new(&text, b';');
        assert!(matches!(rows.next_row(), Some(Ok(()))));
        let Some(Err((line, reason))) = rows.next_row() else {
            panic!("the long record is rejected");
        };
        assert_eq!(line, Some(3));
        assert!(reason.en.contains("longer than 16 MiB"), "{reason}");
        assert!(rows.out.len() <= 2 * MAX_RECORD, "{}", rows.out.len());
        assert!(matches!(rows.next_row(), Some(Ok(()))));
        assert_eq!((rows.line(), rows.field(0)), (Some(4), Some("L")));
    }

    #[test]
    fn detects_delimiter_from_the_header() {
        assert_eq!(
            detect_delimiter("sagsnummer;hændelse;dato\n1;2;3"),
            Ok(b';')
        );
        assert_eq!(detect_delimiter("case_id,type,date"), Ok(b','));
        assert_eq!(detect_delimiter("a\tb\tc"), Ok(b'\t'));
        assert_eq!(detect_delimiter("case_id"), Ok(b','));
        assert_eq!(detect_delimiter("\"a;b\",c,d\n"), Ok(b','));
        let err = detect_delimiter("a;b,c\n1;2,3").unwrap_err();
        assert!(err.to_string().contains("--delimiter ';'"), "{err}");
    }
}
