//! Numbers as a person reads them: one rounding function for every share that becomes
//! text (and for the JSON report's four decimals), the decimal mark and thousands
//! separator of each language, and numbers read with either decimal mark.
use super::Lang;

/// Rounds `x` to `decimals` decimals, half away from zero, once, from the value given. A
/// product `x · 10^decimals` that lands within 1e-9 of a half is taken as the half it
/// stands for: a share k/n times a power of ten is a tie exactly when its fraction is ½,
/// and binary floating point may put it a hair below (0.4845 · 1000 = 484.49999…), while a
/// share of up to a hundred million cases that is not a tie is at least 5e-9 from one.
pub fn round(x: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    let y = x * scale;
    let floor = y.floor();
    let fraction = y - floor;
    let r = if (fraction - 0.5).abs() < 1e-9 {
        // A tie: away from zero.
        if y >= 0.0 { floor + 1.0 } else { floor }
    } else {
        y.round()
    };
    r / scale
}

/// The digits of `x` rounded to `decimals` decimals, as an integer count of the last
/// decimal (48.45 with one decimal → 485).
fn scaled(x: f64, decimals: u32) -> i128 {
    (round(x, decimals as i32) * 10f64.powi(decimals as i32)).round() as i128
}

fn marks(lang: Lang) -> (char, char) {
    match lang {
        Lang::Da => (',', '.'),
        Lang::En => ('.', ','),
    }
}

fn grouped(n: u128, sep: char) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(d);
    }
    out
}

/// A whole number with the language's thousands separator: 1.234 / 1,234.
pub(super) fn int(n: i128, lang: Lang) -> String {
    let sign = if n < 0 { "-" } else { "" };
    format!("{sign}{}", grouped(n.unsigned_abs(), marks(lang).1))
}

/// `x` with `decimals` decimals, the language's decimal mark and thousands separator.
pub(super) fn decimal(x: f64, decimals: u32, lang: Lang) -> String {
    let (point, thousands) = marks(lang);
    let n = scaled(x, decimals);
    let sign = if n < 0 { "-" } else { "" };
    let n = n.unsigned_abs();
    let unit = 10u128.pow(decimals);
    let whole = grouped(n / unit, thousands);
    if decimals == 0 {
        format!("{sign}{whole}")
    } else {
        let frac = n % unit;
        format!(
            "{sign}{whole}{point}{frac:0width$}",
            width = decimals as usize
        )
    }
}

/// A share as a percentage with one decimal: 0.357 → "35,7 %" / "35.7 %".
pub(super) fn percent(share: f64, lang: Lang) -> String {
    // Rounded once: the share to three decimals is the percentage to one.
    let tenths = scaled(share, 3);
    let (point, thousands) = marks(lang);
    let sign = if tenths < 0 { "-" } else { "" };
    let t = tenths.unsigned_abs();
    format!("{sign}{}{point}{} %", grouped(t / 10, thousands), t % 10)
}

/// A number as this module writes it for `lang` ("1.234", "35,7 %", "0,35"): its value, and
/// whether it was a percentage (the value then a share: "35,7 %" → 0.357). None for any
/// other text. For a spreadsheet, which stores the number and shows it in its own format.
pub fn read_shown(text: &str, lang: Lang) -> Option<(f64, bool)> {
    let (point, thousands) = marks(lang);
    let t = text.trim();
    let (t, percent) = match t.strip_suffix(" %") {
        Some(t) => (t, true),
        None => (t, false),
    };
    let body = t.strip_prefix('-').unwrap_or(t);
    let (whole, frac) = body.split_once(point).unwrap_or((body, ""));
    let groups: Vec<&str> = whole.split(thousands).collect();
    let well_grouped = !whole.is_empty()
        && groups
            .iter()
            .all(|g| !g.is_empty() && g.chars().all(|c| c.is_ascii_digit()))
        && groups.iter().skip(1).all(|g| g.len() == 3)
        && (groups.len() == 1 || groups[0].len() <= 3);
    if !well_grouped || !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let plain = format!(
        "{}{}.{}",
        if t.starts_with('-') { "-" } else { "" },
        groups.concat(),
        frac
    );
    let plain = plain.trim_end_matches('.');
    // "35,7 %" is read as 35.7e-2, so the share is the nearest number to 0.357.
    let value: f64 = if percent {
        format!("{plain}e-2").parse().ok()?
    } else {
        plain.parse().ok()?
    };
    Some((value, percent))
}

/// A number as a person types it on the command line: `0.35` or `0,35` (a Danish
/// decimal comma). A thousands separator is not accepted: `1,234` is refused rather than
/// read as 1.234 or 1234.
pub fn parse_decimal(text: &str) -> Option<f64> {
    let t = text.trim();
    let commas = t.matches(',').count();
    let normal = match (commas, t.contains('.')) {
        (0, _) => t.to_string(),
        (1, false) => t.replace(',', "."),
        _ => return None,
    };
    // Only plain decimal notation: no "inf", "NaN", exponents or hex.
    let plain = normal
        .strip_prefix(['-', '+'])
        .unwrap_or(&normal)
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.');
    if !plain || !normal.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    normal.parse().ok().filter(|x: &f64| x.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn shares_are_rounded_once_half_away_from_zero() {
        // 969/2000 = 0.4845 exactly: 48.45 % shows as 48.5 %, not 48.4 %.
        assert_eq!(percent(969.0 / 2000.0, Lang::En), "48.5 %");
        assert_eq!(percent(969.0 / 2000.0, Lang::Da), "48,5 %");
        // Just below the half stays below.
        assert_eq!(percent(0.484_49, Lang::Da), "48,4 %");
        assert_eq!(percent(0.357, Lang::Da), "35,7 %");
        assert_eq!(percent(1.0, Lang::Da), "100,0 %");
        assert_eq!(percent(0.0, Lang::En), "0.0 %");
        assert_eq!(percent(12.345, Lang::Da), "1.234,5 %");
        assert_eq!(round(0.00005, 4), 0.0001);
        assert_eq!(round(-0.5, 0), -1.0);
        assert_eq!(round(2.5, 0), 3.0);
    }

    #[test]
    fn whole_numbers_and_decimals_as_each_language_writes_them() {
        assert_eq!(int(1234, Lang::Da), "1.234");
        assert_eq!(int(1234, Lang::En), "1,234");
        assert_eq!(int(999, Lang::Da), "999");
        assert_eq!(int(-1_234_567, Lang::Da), "-1.234.567");
        assert_eq!(decimal(0.35, 2, Lang::Da), "0,35");
        assert_eq!(decimal(1234.5, 1, Lang::En), "1,234.5");
        assert_eq!(decimal(3.0, 0, Lang::Da), "3");
    }

    #[test]
    fn numbers_shown_read_back() {
        assert_eq!(read_shown("1.234", Lang::Da), Some((1234.0, false)));
        assert_eq!(read_shown("35,7 %", Lang::Da), Some((0.357, true)));
        assert_eq!(read_shown("1,234", Lang::En), Some((1234.0, false)));
        assert_eq!(read_shown("12", Lang::En), Some((12.0, false)));
        for text in ["25,0 % (3/12)", "K-2024", "", "1.23", "–", "2024-03-01"] {
            assert_eq!(read_shown(text, Lang::Da), None, "{text}");
        }
    }

    #[test]
    fn numbers_are_read_with_either_decimal_mark() {
        assert_eq!(parse_decimal("0,35"), Some(0.35));
        assert_eq!(parse_decimal(" 0.35 "), Some(0.35));
        assert_eq!(parse_decimal("1"), Some(1.0));
        assert_eq!(parse_decimal(",5"), Some(0.5));
        for bad in [
            "1,234.5", "1,2,3", "abc", "", "inf", "NaN", "1e3", "0x10", ",", ".",
        ] {
            assert_eq!(parse_decimal(bad), None, "{bad}");
        }
    }

    proptest! {
        /// A share k/n shows the percentage a person gets by rounding 1000·k/n half up,
        /// in whole-number arithmetic.
        #[test]
        fn a_share_of_counts_rounds_as_exact_arithmetic_does(n in 1u64..2_000_000, f in 0.0f64..=1.0) {
            let k = ((n as f64) * f).floor() as u64;
            let tenths = (2000 * k as u128 + n as u128) / (2 * n as u128);
            let expected = format!("{}.{} %", tenths / 10, tenths % 10);
            let shown = percent(k as f64 / n as f64, Lang::En).replace(',', "");
            prop_assert_eq!(shown, expected);
        }
    }
}
