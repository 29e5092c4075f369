//! A workbook's zip parts, checked before calamine opens it (docs/robustness.md). calamine
//! inflates a part whole into what it builds (the shared strings, the styles, an .ods
//! sheet as a whole range) before any limit of the loader applies: a workbook of 1.5–3 MB
//! inflated to gigabytes, and an .ods of 832 bytes (a row repeated, or one cell in a far
//! corner) became 98 million cells. So each part is inflated here first, counted, and
//! thrown away (memory stays flat), and the workbook is refused (exit 2) when a part
//! inflates past [`MAX_PART`] bytes — as the zip says or as it turns out — or holds more
//! than calamine can build in bounded memory: an .xlsx's formats ([`MAX_STYLES`]) and
//! shared strings ([`MAX_STRINGS`]), an .ods's cells (the sheet limit). A workbook that is
//! no zip (an .xls) has no parts; one that cannot be read is left to calamine to say so.
use super::refusal;
use quick_xml::events::{BytesStart, Event};
use std::io::{self, BufReader, Read};

/// The most bytes a part of a workbook may inflate to: 128 MiB, a sheet of about three
/// million cells as Excel writes them. calamine holds up to four times as much while it
/// reads one (a single text of that size), which stays under the 1 GB the bad-input tests
/// allow.
pub(crate) const MAX_PART: u64 = 128 << 20;

/// The most formats, fonts, fills, borders and number formats of an .xlsx's styles
/// (Excel's own limit is 64,000 formats): calamine builds each format with copies of its
/// font, fill and border, so 50 million of them (a few MB zipped) took gigabytes.
pub(crate) const MAX_STYLES: usize = 65_536;

/// The longest value in an .xlsx's styles (a font's name, a number format: Excel's formats
/// are at most 255 characters), as each format copies its font.
const LONGEST_STYLE_VALUE: usize = 256;

/// The most shared strings of an .xlsx (one sheet holds at most the sheet limit of cells):
/// calamine reserves room for as many as the part says it has.
pub(crate) const MAX_STRINGS: usize = 5_000_000;

/// What calamine reads into an .ods: at most this many rows and columns of a sheet.
const ODS_ROWS: u64 = 1_048_576;
const ODS_COLUMNS: u64 = 16_384;

/// Checks a workbook's parts; `max_cells` is the sheet limit (an .ods is read whole).
pub(crate) fn check(bytes: &[u8], max_cells: usize) -> anyhow::Result<()> {
    let Ok(mut zip) = zip::ZipArchive::new(io::Cursor::new(bytes)) else {
        return Ok(());
    };
    for i in 0..zip.len() {
        let Ok(mut part) = zip.by_index(i) else {
            continue;
        };
        let name = part.name().map(String::from).unwrap_or_default();
        if part.size() > MAX_PART {
            return Err(too_big(&name));
        }
        let mut read = Counted {
            inner: (&mut part).take(MAX_PART + 1),
            bytes: 0,
        };
        let lower = name.to_lowercase();
        if lower.ends_with("styles.xml") {
            styles(&mut read, &name)?;
        } else if lower.ends_with("sharedstrings.xml") {
            shared_strings(&mut read, &name)?;
        } else if name == "content.xml" {
            ods_content(&mut read, max_cells)?;
        }
        // The rest of the part, counted (an error ends it: calamine meets it too).
        let _ = io::copy(&mut read, &mut io::sink());
        if read.bytes > MAX_PART {
            return Err(too_big(&name));
        }
    }
    Ok(())
}

/// A reader that counts the bytes read through it.
struct Counted<R> {
    inner: R,
    bytes: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
}

fn too_big(part: &str) -> anyhow::Error {
    let mib = MAX_PART >> 20;
    refusal(
        format!(
            "projektmappens del {part} fylder mere end {mib} MiB udpakket (et ark på omkring tre \
             millioner celler); del arket, eller gem det som CSV"
        ),
        format!(
            "the workbook's part {part} inflates to more than {mib} MiB (a sheet of about three \
             million cells); split the sheet, or save it as CSV"
        ),
    )
}

/// The XML of a part, read as calamine reads it (lenient about end tags and comments).
fn xml<R: Read>(read: R) -> quick_xml::Reader<BufReader<R>> {
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(read));
    let config = reader.config_mut();
    config.check_end_names = false;
    config.check_comments = false;
    config.trim_text(false);
    reader
}

/// An .xlsx's styles: at most [`MAX_STYLES`] of each kind calamine builds, and no value
/// longer than [`LONGEST_STYLE_VALUE`] bytes.
fn styles(read: impl Read, part: &str) -> anyhow::Result<()> {
    const KINDS: [&str; 5] = ["xf", "font", "fill", "border", "numFmt"];
    let mut counts = [0usize; KINDS.len()];
    let mut reader = xml(read);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let e = match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => e,
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(_) => continue,
        };
        if let Some(k) = KINDS.iter().position(|k| e.local_name().as_ref() == *k) {
            counts[k] += 1;
        }
        let long_value = e
            .attributes()
            .with_checks(false)
            .any(|a| a.is_ok_and(|a| a.value.len() > LONGEST_STYLE_VALUE));
        if long_value || counts.iter().any(|n| *n > MAX_STYLES) {
            return Err(refusal(
                format!(
                    "projektmappens formater ({part}) er flere end {MAX_STYLES} af en slags, \
                     eller en værdi i dem er længere end {LONGEST_STYLE_VALUE} bytes; det er ikke \
                     en projektmappe, caseaudit kan læse: gem arket som CSV"
                ),
                format!(
                    "the workbook's styles ({part}) hold more than {MAX_STYLES} of a kind, or a \
                     value longer than {LONGEST_STYLE_VALUE} bytes: not a workbook caseaudit can \
                     read; save the sheet as CSV"
                ),
            ));
        }
    }
}

/// An .xlsx's shared strings: at most [`MAX_STRINGS`], whether counted or said (calamine
/// reserves room for as many as `uniqueCount` says).
fn shared_strings(read: impl Read, part: &str) -> anyhow::Result<()> {
    let mut reader = xml(read);
    let mut buf = Vec::new();
    let mut strings = 0;
    loop {
        buf.clear();
        let e = match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => e,
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(_) => continue,
        };
        let said = match e.local_name().as_ref() {
            "si" => {
                strings += 1;
                0
            }
            "sst" => number(&e, "uniqueCount").unwrap_or(0),
            _ => 0,
        };
        if strings > MAX_STRINGS || said > MAX_STRINGS as u64 {
            return Err(refusal(
                format!(
                    "projektmappen har flere end {MAX_STRINGS} delte tekster ({part}); del den, \
                     eller gem arket som CSV"
                ),
                format!(
                    "the workbook holds more than {MAX_STRINGS} shared strings ({part}); split \
                     it, or save the sheet as CSV"
                ),
            ));
        }
    }
}

/// An attribute's value as a whole number, if it is one.
fn number(e: &BytesStart, key: &str) -> Option<u64> {
    let a = e.try_get_attribute(key).ok()??;
    a.value.trim().parse().ok()
}

/// What calamine builds of an .ods's sheets (all of them, when the workbook is opened): for
/// each sheet, the cells of each row up to its last cell holding a value, then the whole
/// range from the first to the last cell holding a value, each row and column repeated as
/// often as `table:number-rows-repeated` and `table:number-columns-repeated` say (and
/// each text copied with it). Refused when that is more than `max_cells` cells, or the
/// texts more than [`MAX_PART`] bytes.
fn ods_content(read: impl Read, max_cells: usize) -> anyhow::Result<()> {
    let mut reader = xml(read);
    let mut buf = Vec::new();
    let mut ods = Ods::default();
    loop {
        buf.clear();
        let (e, empty) = match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => (e, false),
            Ok(Event::Empty(e)) => (e, true),
            Ok(Event::End(e)) => {
                ods.end(e.name().as_ref());
                ods.check(max_cells)?;
                continue;
            }
            Ok(Event::Text(t)) => {
                ods.text(t.len() as u64);
                continue;
            }
            Ok(Event::CData(t)) => {
                ods.text(t.len() as u64);
                continue;
            }
            Ok(Event::GeneralRef(_)) => {
                ods.text(4);
                continue;
            }
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(_) => continue,
        };
        let name = e.name().as_ref().to_string();
        ods.start(&name, &e);
        if empty {
            ods.end(&name);
        }
        ods.check(max_cells)?;
    }
}

/// Counts of [`ods_content`].
#[derive(Default)]
struct Ods {
    /// Cells calamine builds, of every sheet so far; bytes of text it copies.
    cells: u64,
    texts: u64,
    /// The sheet being read.
    table: Option<Table>,
    row: Option<Row>,
    cell: Option<Cell>,
}

#[derive(Default)]
struct Table {
    /// Rows so far, each repeat counted; the first row holding a value and the end of the
    /// last; the first and last column holding one.
    rows: u64,
    first: Option<u64>,
    end: u64,
    columns: Option<(u64, u64)>,
}

#[derive(Default)]
struct Row {
    repeats: u64,
    /// Columns so far; the end of the last cell holding a value; its first column.
    at: u64,
    end: u64,
    first: Option<u64>,
    /// Bytes of the texts of its cells holding a value, each repeat counted.
    texts: u64,
}

#[derive(Default)]
struct Cell {
    repeats: u64,
    value: bool,
    texts: u64,
}

impl Ods {
    fn start(&mut self, name: &str, e: &BytesStart) {
        match name {
            "table:table" if self.table.is_none() => self.table = Some(Table::default()),
            "table:table-row" => {
                if let Some(table) = &self.table {
                    let left = ODS_ROWS.saturating_sub(table.rows);
                    let repeats = number(e, "table:number-rows-repeated").unwrap_or(1);
                    self.row = Some(Row {
                        repeats: repeats.min(left),
                        ..Row::default()
                    });
                }
            }
            "table:table-cell" | "table:covered-table-cell" => {
                if let Some(row) = &self.row {
                    let left = ODS_COLUMNS.saturating_sub(row.at);
                    let repeats = number(e, "table:number-columns-repeated").unwrap_or(1);
                    let mut cell = Cell {
                        repeats: repeats.min(left),
                        ..Cell::default()
                    };
                    // A value, as calamine reads one (a string cell's is its text).
                    for a in e.attributes().with_checks(false).flatten() {
                        let value = match a.key.as_ref() {
                            "office:value"
                            | "office:string-value"
                            | "office:date-value"
                            | "office:time-value"
                            | "office:boolean-value"
                            | "table:formula"
                            | "calcext:value-type" => true,
                            "office:value-type" => a.value == "string",
                            _ => false,
                        };
                        if value {
                            cell.value = true;
                            cell.texts += a.value.len() as u64;
                        }
                    }
                    self.cell = Some(cell);
                }
            }
            // A run of spaces, as many as it says, in a cell's text.
            "text:s" => self.text(number(e, "text:c").unwrap_or(1)),
            _ => {}
        }
    }

    fn text(&mut self, bytes: u64) {
        if let Some(cell) = &mut self.cell {
            cell.texts = cell.texts.saturating_add(bytes);
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "table:table-cell" | "table:covered-table-cell" => {
                let (Some(cell), Some(row)) = (self.cell.take(), &mut self.row) else {
                    return;
                };
                if cell.value {
                    row.first.get_or_insert(row.at);
                    row.end = row.at + cell.repeats;
                    row.texts = row
                        .texts
                        .saturating_add(cell.texts.saturating_mul(cell.repeats));
                }
                row.at += cell.repeats;
            }
            "table:table-row" => {
                let (Some(row), Some(table)) = (self.row.take(), &mut self.table) else {
                    return;
                };
                // Each row is kept once as read, up to its last cell holding a value…
                self.cells += row.end;
                self.texts = self.texts.saturating_add(row.texts);
                if let Some(first) = row.first {
                    table.first.get_or_insert(table.rows);
                    table.end = table.rows + row.repeats;
                    let (lo, hi) = table.columns.unwrap_or((first, row.end));
                    table.columns = Some((lo.min(first), hi.max(row.end)));
                    // …and copied into the range as often as it is repeated.
                    self.texts = self
                        .texts
                        .saturating_add(row.texts.saturating_mul(row.repeats));
                }
                table.rows += row.repeats;
            }
            "table:table" => {
                let Some(table) = self.table.take() else {
                    return;
                };
                if let (Some(first), Some((lo, hi))) = (table.first, table.columns) {
                    self.cells = self
                        .cells
                        .saturating_add((table.end - first).saturating_mul(hi - lo));
                }
            }
            _ => {}
        }
    }

    /// The range of the sheet being read, as far as it has come, is counted too.
    fn check(&self, max_cells: usize) -> anyhow::Result<()> {
        let open = self
            .table
            .as_ref()
            .map_or(0, |t| match (t.first, t.columns) {
                (Some(first), Some((lo, hi))) => (t.end - first).saturating_mul(hi - lo),
                _ => 0,
            });
        let cells = self.cells.saturating_add(open);
        if cells <= max_cells as u64 && self.texts <= MAX_PART {
            return Ok(());
        }
        let mib = MAX_PART >> 20;
        Err(refusal(
            format!(
                "et .ods-ark læses som hele områder, fra den første til den sidste celle med en \
                 værdi (tomme celler medregnet, og gentagne rækker og kolonner så mange gange, \
                 de gentages); denne projektmappes ark bliver til mere end {max_cells} celler \
                 eller {mib} MiB tekst; slet celler langt fra dataene, eller gem arket som .xlsx \
                 eller CSV"
            ),
            format!(
                "an .ods sheet is read as a whole range, from its first to its last cell holding \
                 a value (empty cells included, and repeated rows and columns as often as they \
                 are repeated); this workbook's sheets make more than {max_cells} cells or {mib} \
                 MiB of text; delete cells far from the data, or save the sheet as .xlsx or CSV"
            ),
        ))
    }
}
