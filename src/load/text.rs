//! Text files (CSV, NDJSON) read as streams on the collecting path, never whole: a first
//! pass in blocks hashes the file (SHA-256), checks it holds no NUL byte, finds which
//! encoding reads it (UTF-8, or Windows-1252 as `delimited::decode` decides) and whether a
//! quote is left open; a second pass cuts it at record ends into pieces of about a MiB,
//! decodes each (Windows-1252 is one byte a character, so a cut is never inside one) and
//! reads them in order into one collector. A file that would be refused — not text, an
//! encoding that cannot be decided, a quote never closed, JSON that is not UTF-8 — is read
//! whole the old way instead, which refuses it with the exact message (and the first bad
//! line) as before.
use super::delimited::{self, CsvRows, QuoteScan};
use super::fields::Dates;
use super::table::{self, TableSettings};
use super::{Collector, Detected, Encoding};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::Path;

/// How much is read at a time.
const BLOCK: usize = 1 << 18;

/// The size a piece is cut at (the first record end after it).
const PIECE: usize = 1 << 20;

/// The longest header line looked for before the file is read whole instead.
const HEAD_LIMIT: usize = 64 << 20;

/// The encoding that reads a file, as `delimited::decode` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Text {
    Utf8 { bom: bool },
    Windows1252,
}

impl Text {
    pub fn name(self) -> &'static str {
        match self {
            Text::Utf8 { bom: true } => "utf-8 (BOM)",
            Text::Utf8 { bom: false } => "utf-8",
            Text::Windows1252 => "windows-1252",
        }
    }

    /// A piece's text; `None` if it is not in this encoding.
    pub fn decode(self, bytes: &[u8]) -> Option<std::borrow::Cow<'_, str>> {
        match self {
            Text::Utf8 { .. } => std::str::from_utf8(bytes).ok().map(Into::into),
            Text::Windows1252 => Some(
                encoding_rs::WINDOWS_1252
                    .decode_without_bom_handling(bytes)
                    .0,
            ),
        }
    }
}

/// What a pass over the whole file found.
struct Scan {
    sha256: String,
    /// It begins with a UTF-8 byte order mark.
    bom: bool,
    nul: bool,
    utf8: bool,
    /// A well-formed UTF-8 multi-byte sequence somewhere (`Ã¦` read as Windows-1252).
    utf8_sequence: bool,
    high: u64,
    len: u64,
    unclosed: bool,
}

/// Reads the whole file in blocks: its hash, and what decides its encoding; the quotes
/// followed with `delimiter` from byte `body` on.
fn scan(path: &Path, delimiter: Option<u8>, body: usize) -> std::io::Result<Scan> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut quotes = delimiter.map(QuoteScan::new);
    let mut scan = Scan {
        sha256: String::new(),
        bom: false,
        nul: false,
        utf8: true,
        utf8_sequence: false,
        high: 0,
        len: 0,
        unclosed: false,
    };
    // The bytes of a UTF-8 sequence cut at the end of the block before, and the last bytes
    // of it (where a sequence may begin).
    let mut cut_short: Vec<u8> = Vec::new();
    let mut last: Vec<u8> = Vec::new();
    let mut block = vec![0u8; BLOCK];
    let mut at = 0usize;
    loop {
        let n = file.read(&mut block)?;
        if n == 0 {
            break;
        }
        let bytes = &block[..n];
        if at == 0 {
            scan.bom = bytes.starts_with(b"\xEF\xBB\xBF");
        }
        hasher.update(bytes);
        scan.nul |= memchr::memchr(0, bytes).is_some();
        if let Some(q) = &mut quotes
            && at + n > body
        {
            q.feed(&bytes[body.saturating_sub(at)..]);
        }
        at += n;
        scan.len += n as u64;
        if bytes.is_ascii() && cut_short.is_empty() {
            last.clear();
            continue;
        }
        if scan.utf8 {
            let mut window = std::mem::take(&mut cut_short);
            window.extend_from_slice(bytes);
            match std::str::from_utf8(&window) {
                Ok(_) => {}
                Err(e) if e.error_len().is_none() => cut_short = window[e.valid_up_to()..].to_vec(),
                Err(_) => scan.utf8 = false,
            }
        }
        if !scan.utf8_sequence {
            let mut window = std::mem::take(&mut last);
            window.extend_from_slice(bytes);
            scan.utf8_sequence = delimited::utf8_sequence(&window).is_some();
            last = window[window.len() - window.len().min(3)..].to_vec();
        }
        scan.high += bytes.iter().filter(|b| **b >= 0x80).count() as u64;
    }
    // A sequence cut short by the end of the file is not UTF-8.
    scan.utf8 &= cut_short.is_empty();
    scan.unclosed = quotes.is_some_and(|q| q.unclosed().is_some());
    scan.sha256 = super::hex(&hasher.finalize());
    Ok(scan)
}

/// The encoding `delimited::decode` would choose for the file scanned; `None` where it
/// refuses the file (read whole, it says why).
fn encoding(
    path: &Path,
    scan: &Scan,
    bom: bool,
    forced: Option<Encoding>,
) -> std::io::Result<Option<Text>> {
    if scan.nul {
        return Ok(None);
    }
    Ok(match forced {
        Some(Encoding::Windows1252) if bom => None,
        Some(Encoding::Windows1252) => Some(Text::Windows1252),
        _ if scan.utf8 => Some(Text::Utf8 { bom }),
        Some(Encoding::Utf8) => None,
        None if bom || scan.utf8_sequence => None,
        None if scan.high * 3 > scan.len || implausible_byte(path)? => None,
        None => Some(Text::Windows1252),
    })
}

/// Is the file Windows-1252 text, as `delimited::decode` detects it (its encoding not
/// stated)?
pub(crate) fn is_windows_1252(path: &Path) -> bool {
    let Ok(scan) = scan(path, None, 0) else {
        return false;
    };
    let bom = scan.bom;
    matches!(
        encoding(path, &scan, bom, None),
        Ok(Some(Text::Windows1252))
    )
}

/// Does the file hold a byte Windows-1252 leaves undefined, or a control character other
/// than tab, CR, LF and FF (read again only for a file that is not UTF-8)?
fn implausible_byte(path: &Path) -> std::io::Result<bool> {
    let mut file = std::fs::File::open(path)?;
    let mut block = vec![0u8; BLOCK];
    loop {
        let n = file.read(&mut block)?;
        if n == 0 {
            return Ok(false);
        }
        let bad = |b: &u8| {
            matches!(b, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D)
                || (*b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
                || *b == 0x7F
        };
        if block[..n].iter().any(bad) {
            return Ok(true);
        }
    }
}

/// The first bytes of a file, up to the end of its header record, and that header.
struct Head {
    bom: bool,
    delimiter: u8,
    headers: Vec<String>,
    /// Where the records begin, and on which line.
    body: usize,
    line: u64,
}

/// Reads the head of a CSV file; `None` when it cannot be streamed (UTF-16, no header end
/// within [`HEAD_LIMIT`], a delimiter that cannot be decided, a header not in `text`).
fn head(path: &Path, delimiter: Option<u8>, text: Option<Text>) -> std::io::Result<Option<Head>> {
    let mut file = std::fs::File::open(path)?;
    let mut buf = Vec::new();
    loop {
        let n = (&mut file).take(BLOCK as u64).read_to_end(&mut buf)?;
        let eof = n == 0;
        if buf.starts_with(b"\xFF\xFE") || buf.starts_with(b"\xFE\xFF") {
            return Ok(None);
        }
        let bom = buf.starts_with(b"\xEF\xBB\xBF");
        let body = &buf[if bom { 3 } else { 0 }..];
        let delimiter = match delimiter {
            Some(d) => d,
            None if eof || super::stream::header_ends_in(body) => {
                match delimited::detect_delimiter(&String::from_utf8_lossy(body)) {
                    Ok(d) => d,
                    Err(_) => return Ok(None),
                }
            }
            None if buf.len() > HEAD_LIMIT => return Ok(None),
            None => continue,
        };
        let end = match QuoteScan::new(delimiter).next_record_end(body) {
            Some(end) => end,
            None if eof => body.len(),
            None if buf.len() > HEAD_LIMIT => return Ok(None),
            None => continue,
        };
        let Some(header) = text.and_then(|t| t.decode(&body[..end])) else {
            return Ok(None);
        };
        use super::table::Rows;
        let headers = CsvRows::new(&header, delimiter).headers().to_vec();
        return Ok(Some(Head {
            bom,
            delimiter,
            headers,
            body: usize::from(bom) * 3 + end,
            line: 1 + delimited::line_breaks(&body[..end]) as u64,
        }));
    }
}

/// Reads a CSV file as a stream into `c`; `Ok(None)` (with `c` back) when it is to be read
/// whole (see the module comment).
pub(crate) fn read_csv(
    path: &Path,
    forced: Option<Encoding>,
    delimiter: Option<u8>,
    settings: &TableSettings,
    mut c: Collector,
) -> anyhow::Result<Result<(Collector, Detected, String), Collector>> {
    use crate::lang::{Msg, OrSay};
    let name = c.file.clone();
    // The delimiter and header first (from bytes: they are ASCII whatever the encoding),
    // then the whole file, then its header decoded in the encoding found.
    let Some(probe) =
        head(path, delimiter, Some(Text::Windows1252)).or_say(Msg::CouldNotRead, &name)?
    else {
        return Ok(Err(c));
    };
    let body = usize::from(probe.bom) * 3;
    let scan = scan(path, Some(probe.delimiter), body).or_say(Msg::CouldNotRead, &name)?;
    let text = encoding(path, &scan, probe.bom, forced).or_say(Msg::CouldNotRead, &name)?;
    let Some(text) = text else {
        return Ok(Err(c));
    };
    if scan.unclosed {
        return Ok(Err(c));
    }
    let Some(head) =
        head(path, Some(probe.delimiter), Some(text)).or_say(Msg::CouldNotRead, &name)?
    else {
        return Ok(Err(c));
    };
    let table = table::prepare(head.headers.clone(), &mut c, settings)?;
    let mut dates = Dates::new(settings.date_format);
    let mut file = std::fs::File::open(path).or_say(Msg::CouldNotRead, &name)?;
    std::io::copy(
        &mut (&mut file).take(head.body as u64),
        &mut std::io::sink(),
    )
    .or_say(Msg::CouldNotRead, &name)?;
    let mut quotes = QuoteScan::new(head.delimiter);
    let mut pending: Vec<u8> = Vec::with_capacity(PIECE + BLOCK);
    // The bytes of `pending` fed to the quote scan.
    let mut fed = 0;
    let mut line = head.line;
    loop {
        let n = (&mut file)
            .take(BLOCK as u64)
            .read_to_end(&mut pending)
            .or_say(Msg::CouldNotRead, &name)?;
        let eof = n == 0;
        let cut = if eof {
            pending.len()
        } else if pending.len() < PIECE {
            continue;
        } else {
            // The first record end after the piece's size.
            if fed < PIECE {
                quotes.feed(&pending[fed..PIECE]);
                fed = PIECE;
            }
            match quotes.next_record_end(&pending[fed..]) {
                Some(k) => {
                    quotes.feed(&pending[fed..fed + k]);
                    fed += k;
                    fed
                }
                None => {
                    // Up to a `\r` last, which a `\n` may follow.
                    let k = pending.len() - usize::from(pending.ends_with(b"\r"));
                    quotes.feed(&pending[fed..k]);
                    fed = k;
                    continue;
                }
            }
        };
        if cut > 0 {
            let Some(piece) = text.decode(&pending[..cut]) else {
                // The scan found it reads in this encoding, and a cut at a record end is
                // never inside a character.
                return Err(super::refusal(
                    format!("{name}: ikke gyldig {}", text.name()),
                    format!("{name}: not valid {}", text.name()),
                ));
            };
            let mut rows = CsvRows::piece(&piece, head.delimiter, table.headers(), line);
            table.read_rows(&mut rows, &mut c, &mut dates)?;
            line += delimited::line_breaks(&pending[..cut]) as u64;
        }
        pending.drain(..cut);
        fed -= cut.min(fed);
        if eof {
            break;
        }
    }
    dates.check(&c.file)?;
    let detected = Detected {
        format: "csv",
        encoding: Some(text.name()),
        delimiter: Some(delimited::delimiter_name(head.delimiter)),
        layout: Some(table.layout),
        date_format: Some(dates.describe()),
        ..Detected::default()
    };
    Ok(Ok((c, detected, scan.sha256)))
}

/// Reads an NDJSON file as a stream into `c`; `Ok(Err(c))` when it is to be read whole
/// (it is not UTF-8: read whole, it is refused with the place of the first bad byte).
pub(crate) fn read_ndjson(
    path: &Path,
    date_format: super::DateFormat,
    mut c: Collector,
) -> anyhow::Result<Result<(Collector, Detected, String), Collector>> {
    use crate::lang::{Msg, OrSay};
    let name = c.file.clone();
    let scan = scan(path, None, 0).or_say(Msg::CouldNotRead, &name)?;
    if !scan.utf8 {
        return Ok(Err(c));
    }
    let mut dates = Dates::new(date_format);
    let mut file = std::fs::File::open(path).or_say(Msg::CouldNotRead, &name)?;
    let mut pending: Vec<u8> = Vec::with_capacity(PIECE + BLOCK);
    let mut line = 1;
    let mut first = true;
    // The bytes of `pending` searched for a line end.
    let mut searched = 0;
    loop {
        let n = (&mut file)
            .take(BLOCK as u64)
            .read_to_end(&mut pending)
            .or_say(Msg::CouldNotRead, &name)?;
        let eof = n == 0;
        let cut = if eof {
            pending.len()
        } else if pending.len() < PIECE {
            continue;
        } else {
            // From where the search stopped (a line may run on for many blocks).
            let from = searched.max(PIECE);
            match super::stream::line_end(&pending[from..]) {
                Some(k) => from + k,
                None => {
                    searched = pending.len() - usize::from(pending.ends_with(b"\r"));
                    continue;
                }
            }
        };
        searched = 0;
        let skip = if std::mem::take(&mut first) && pending.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        let Ok(piece) = std::str::from_utf8(&pending[skip..cut]) else {
            return Err(super::refusal(
                format!("{name}: JSON skal være UTF-8"),
                format!("{name}: JSON must be UTF-8"),
            ));
        };
        super::json::read_lines(&mut c, &mut dates, piece, line, false);
        line += delimited::line_breaks(&pending[..cut]) as u64;
        pending.drain(..cut);
        if eof {
            break;
        }
    }
    dates.check(&name)?;
    let detected = Detected {
        format: "ndjson",
        encoding: Some("utf-8"),
        date_format: Some(dates.describe()),
        ..Detected::default()
    };
    Ok(Ok((c, detected, scan.sha256)))
}
