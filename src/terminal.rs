//! What reaches a person's terminal. Everything caseaudit prints passes one filter, here,
//! after the CPR mask ([`crate::privacy`]): stdout through [`Printable`] (wrapped once, in
//! main.rs), stderr through [`write_stderr`] (the only code that writes there; tests/privacy.rs
//! checks both).
//!
//! A control character from an export, a report or a rule file (ESC, BEL, DEL, the C1
//! controls such as CSI) would move the cursor, clear the screen or rewrite what the terminal
//! shows, and a bidirectional override (U+202E …) would show a line in another order than it
//! is written: each becomes U+FFFD, one column wide like the character it replaces. The line
//! breaks and tabs of the output's own layout are kept (a line break is `\n` or `\r\n`);
//! inside a single value, a table cell or a name in a line, they are replaced too
//! ([`printable`]), so a value cannot start a line of its own.
use std::borrow::Cow;
use std::io::{self, Write};

/// What an unprintable character becomes.
pub const REPLACEMENT: char = '\u{FFFD}';

/// A character that must not reach a terminal as it is: a control character (C0, DEL, C1,
/// line breaks and tabs included) or a bidirectional formatting character (the Arabic letter
/// mark, the left-to-right and right-to-left marks, embeddings, overrides and isolates).
pub fn unprintable(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// One value as a terminal may show it within a line (a table cell, an id in a message):
/// every [`unprintable`] character, line breaks and tabs included, becomes [`REPLACEMENT`].
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(unprintable) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if unprintable(c) { REPLACEMENT } else { c })
            .collect(),
    )
}

/// Running text as a terminal may show it: as [`printable`], but the layout's line breaks
/// (`\n`, `\r\n`) and tabs stay.
pub fn printable_text(text: &str) -> Cow<'_, str> {
    let mut chars = text.chars().peekable();
    let mut out = String::new();
    let mut changed = false;
    while let Some(c) = chars.next() {
        let shown = match c {
            '\n' | '\t' => true,
            '\r' => chars.peek() == Some(&'\n'),
            c => !unprintable(c),
        };
        changed |= !shown;
        out.push(if shown { c } else { REPLACEMENT });
    }
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(text)
    }
}

/// A writer that passes on only what a terminal may show: UTF-8 text with each
/// [`unprintable`] character, and each byte that is not UTF-8, replaced by
/// [`REPLACEMENT`]; `\n`, `\r\n` and `\t` stay. It holds back a character cut between two
/// writes (and a `\r` a `\n` may follow), so [`Printable::finish`] must be called.
pub struct Printable<W: Write> {
    inner: W,
    pending: Vec<u8>,
}

impl<W: Write> Printable<W> {
    pub fn new(inner: W) -> Printable<W> {
        Printable {
            inner,
            pending: Vec::new(),
        }
    }

    /// Passes on what is held back, flushes, and gives the inner writer back.
    pub fn finish(mut self) -> io::Result<W> {
        self.pass(true)?;
        self.inner.flush()?;
        Ok(self.inner)
    }

    /// Filters and passes on the pending bytes; unless `end`, keeps back a last character
    /// that the next write may complete.
    fn pass(&mut self, end: bool) -> io::Result<()> {
        let done = filter(&self.pending, end, &mut self.inner)?;
        self.pending.drain(..done);
        Ok(())
    }
}

impl<W: Write> Write for Printable<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.pending.is_empty() {
            // The common case: filtered straight from `buf`; only a cut character waits.
            let done = filter(buf, false, &mut self.inner)?;
            self.pending.extend_from_slice(&buf[done..]);
        } else {
            self.pending.extend_from_slice(buf);
            self.pass(false)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.pass(false)?;
        self.inner.flush()
    }
}

/// Eight bytes at a time: none below 0x20, none 0x7F (DEL), none above it (not ASCII).
fn plain_word(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let w = u64::from_le_bytes(bytes.try_into().unwrap_or([0; 8]));
    let below_space = w.wrapping_sub(0x20 * ONES) & !w & HIGH;
    let del = w ^ (0x7f * ONES);
    let del = del.wrapping_sub(ONES) & !del & HIGH;
    ((w & HIGH) | below_space | del) == 0
}

/// Writes what of `bytes` a terminal may show to `out` (see [`Printable`]) and returns how
/// many bytes it handled: all of them when `end`, otherwise all but a last character that
/// more bytes may complete (a cut UTF-8 sequence, a `\r` a `\n` may follow).
fn filter(bytes: &[u8], end: bool, out: &mut impl Write) -> io::Result<usize> {
    let mut replacement = [0; 4];
    let replacement = REPLACEMENT.encode_utf8(&mut replacement).as_bytes();
    let mut done = 0; // bytes handled
    let mut run = 0; // where the run of bytes passed on as they are began
    while done < bytes.len() {
        // Printable ASCII: the common case, eight bytes at a time.
        if done + 8 <= bytes.len() && plain_word(&bytes[done..done + 8]) {
            done += 8;
            continue;
        }
        let b = bytes[done];
        if (0x20..0x7f).contains(&b) || b == b'\n' || b == b'\t' {
            done += 1;
            continue;
        }
        let width = match b {
            b'\r' => match bytes.get(done + 1) {
                Some(b'\n') => {
                    done += 2;
                    continue;
                }
                None if !end => break,
                _ => 0,
            },
            0x00..=0x7f => 0,
            0xc2..=0xdf => 2,
            0xe0..=0xef => 3,
            0xf0..=0xf4 => 4,
            _ => 0,
        };
        let ch = match bytes.get(done..done + width) {
            _ if width == 0 => None,
            Some(seq) => std::str::from_utf8(seq).ok().and_then(|s| s.chars().next()),
            // A character cut at the end of these bytes: wait for the rest.
            None if !end
                && std::str::from_utf8(&bytes[done..])
                    .err()
                    .is_some_and(|e| e.error_len().is_none()) =>
            {
                break;
            }
            None => None,
        };
        match ch {
            Some(c) if !unprintable(c) => done += width,
            // An unprintable character, or a byte that begins no UTF-8 character.
            _ => {
                out.write_all(&bytes[run..done])?;
                out.write_all(replacement)?;
                done += ch.map_or(1, |_| width);
                run = done;
            }
        }
    }
    out.write_all(&bytes[run..done])?;
    Ok(done)
}

/// The one way the tool writes a message to stderr: `caseaudit: MESSAGE`, CPR numbers
/// masked and unprintable characters replaced.
pub fn eprint(message: impl AsRef<str>) {
    write_stderr(&format!("caseaudit: {}\n", message.as_ref()));
}

/// Writes `text` to stderr as it is, but for its CPR numbers and unprintable characters:
/// the only place that touches stderr (tests/privacy.rs checks that no other does).
pub fn write_stderr(text: &str) {
    let masked = crate::privacy::mask_cpr(text);
    // Nothing sensible is left to do when stderr itself is gone.
    let _ = io::stderr()
        .lock()
        .write_all(printable_text(&masked).as_bytes());
}

/// Whether stdout is a terminal (a report printed there is its own progress; a progress bar
/// shows only while the output goes to a file or a pipe). Asks, writes nothing.
pub fn stdout_is_terminal() -> bool {
    use std::io::IsTerminal;
    io::stdout().is_terminal()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through_writer(parts: &[&[u8]]) -> String {
        let mut w = Printable::new(Vec::new());
        for part in parts {
            w.write_all(part).unwrap();
            w.flush().unwrap();
        }
        String::from_utf8(w.finish().unwrap()).unwrap()
    }

    #[test]
    fn controls_and_bidi_overrides_become_the_replacement_character() {
        assert_eq!(printable("K\u{1b}[2J-1\u{7}"), "K\u{FFFD}[2J-1\u{FFFD}");
        assert_eq!(printable("Køge Øst"), "Køge Øst");
        assert_eq!(printable("a\nb\tc"), "a\u{FFFD}b\u{FFFD}c");
        assert_eq!(
            printable("x\u{9b}31m\u{202e}fdp.exe\u{2066}\u{7f}"),
            "x\u{FFFD}31m\u{FFFD}fdp.exe\u{FFFD}\u{FFFD}"
        );
        assert!(matches!(printable("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn running_text_keeps_its_line_breaks_and_tabs() {
        assert_eq!(
            printable_text("a\r\nb\tc\nd\re\u{1b}[31m"),
            "a\r\nb\tc\nd\u{FFFD}e\u{FFFD}[31m"
        );
        assert_eq!(printable_text("\u{feff}æøå € ✓"), "\u{feff}æøå € ✓");
    }

    #[test]
    fn the_writer_filters_characters_cut_between_writes() {
        // ESC [ 2 J, then U+009B (C2 9B), U+202E (E2 80 AE) and ø (C3 B8) cut in the middle.
        assert_eq!(
            through_writer(&[
                b"a\x1b[2J",
                b"\xc2",
                b"\x9b1m \xe2\x80",
                b"\xae \xc3",
                b"\xb8\r",
                b"\n"
            ]),
            "a\u{FFFD}[2J\u{FFFD}1m \u{FFFD} ø\r\n"
        );
        // A lone \r at the very end, and bytes that are not UTF-8.
        assert_eq!(through_writer(&[b"x\r"]), "x\u{FFFD}");
        assert_eq!(
            through_writer(&[b"\xff\x9b ok \xe2\x80"]),
            "\u{FFFD}\u{FFFD} ok \u{FFFD}\u{FFFD}"
        );
    }

    use proptest::prelude::*;

    proptest! {
        #[test]
        fn the_writer_gives_what_the_whole_text_gives_however_it_is_split(
            text in "(\\PC|[\\x00-\\x1f\\x7f\\u{80}-\\u{9f}\\u{202a}-\\u{202e}]){0,120}",
            cuts in proptest::collection::vec(any::<prop::sample::Index>(), 0..6),
        ) {
            let bytes = text.as_bytes();
            let mut at: Vec<usize> = cuts.iter().map(|c| c.index(bytes.len() + 1)).collect();
            at.sort_unstable();
            let mut parts = Vec::new();
            let mut from = 0;
            for to in at.into_iter().chain([bytes.len()]) {
                parts.push(&bytes[from..to]);
                from = to;
            }
            let out = through_writer(&parts);
            prop_assert_eq!(&out, &printable_text(&text).into_owned());
            prop_assert!(!out.replace("\r\n", "").chars().any(|c| unprintable(c) && c != '\n' && c != '\t'));
        }
    }
}
