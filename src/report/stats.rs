//! Shares and their uncertainty.
use serde::Serialize;

/// The normal quantile for a two-sided 95 % interval.
const Z95: f64 = 1.959_963_984_540_054;

/// The Wilson score interval for `k` successes in `n` trials, at 95 %. Unlike the normal
/// approximation it stays inside [0, 1] and behaves at k = 0 or k = n, which matters for
/// samples of 20–50 cases.
pub fn wilson(k: u64, n: u64) -> Option<(f64, f64)> {
    if n == 0 || k > n {
        return None;
    }
    let (k, n) = (k as f64, n as f64);
    let p = k / n;
    let z2 = Z95 * Z95;
    let denom = 1.0 + z2 / n;
    let center = (p + z2 / (2.0 * n)) / denom;
    let half = Z95 * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denom;
    Some(((center - half).max(0.0), (center + half).min(1.0)))
}

/// Rounds for the JSON report: four decimals are more than a sample of cases can carry.
/// The one rounding function ([`crate::lang::round`]), as every share shown to a person.
pub fn round4(x: f64) -> f64 {
    crate::lang::round(x, 4)
}

/// Ankestyrelsen warns that one municipality's sample is too small to generalise from;
/// below this many decisions (or cases) a rate carries a warning.
pub const SMALL_SAMPLE: u64 = 20;

/// A share with its 95 % Wilson interval, as the JSON report writes it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rate {
    pub numerator: u64,
    pub denominator: u64,
    pub rate: Option<f64>,
    pub ci95_low: Option<f64>,
    pub ci95_high: Option<f64>,
}

impl Rate {
    pub fn new(numerator: u64, denominator: u64) -> Rate {
        let interval = wilson(numerator, denominator);
        Rate {
            numerator,
            denominator,
            rate: (denominator > 0).then(|| round4(numerator as f64 / denominator as f64)),
            ci95_low: interval.map(|(lo, _)| round4(lo)),
            ci95_high: interval.map(|(_, hi)| round4(hi)),
        }
    }

    /// The share itself, not rounded: what a person's text rounds once.
    pub fn exact(&self) -> Option<f64> {
        (self.denominator > 0).then(|| self.numerator as f64 / self.denominator as f64)
    }

    /// The 95 % Wilson interval, not rounded.
    pub fn exact_interval(&self) -> Option<(f64, f64)> {
        wilson(self.numerator, self.denominator)
    }

    /// A rate measured, but on fewer than [`SMALL_SAMPLE`] decisions or cases.
    pub fn small_sample(&self) -> bool {
        self.denominator > 0 && self.denominator < SMALL_SAMPLE
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn matches_published_wilson_values() {
        // 11 of 31: the contract example. Reference values computed independently (Python, the
        // textbook formula, z = 1.959964).
        let (lo, hi) = wilson(11, 31).unwrap();
        assert!((lo - 0.2112).abs() < 1e-4, "{lo}");
        assert!((hi - 0.5305).abs() < 1e-4, "{hi}");
        let (lo, hi) = wilson(0, 20).unwrap();
        assert_eq!(lo, 0.0);
        assert!((hi - 0.1611).abs() < 1e-4, "{hi}");
        assert_eq!(wilson(1, 0), None);
    }

    #[test]
    fn rate_without_denominator_is_empty() {
        let r = Rate::new(0, 0);
        assert_eq!((r.rate, r.ci95_low, r.ci95_high), (None, None, None));
    }

    proptest! {
        #[test]
        fn interval_holds_the_estimate(n in 1u64..5000, k_frac in 0.0f64..=1.0) {
            let k = ((n as f64) * k_frac).floor() as u64;
            let (lo, hi) = wilson(k, n).unwrap();
            let p = k as f64 / n as f64;
            prop_assert!(0.0 <= lo && lo <= p + 1e-12 && p <= hi + 1e-12 && hi <= 1.0);
        }

        #[test]
        fn interval_narrows_with_more_cases(k in 1u64..50) {
            let (lo1, hi1) = wilson(k, 2 * k).unwrap();
            let (lo2, hi2) = wilson(10 * k, 20 * k).unwrap();
            prop_assert!(hi2 - lo2 < hi1 - lo1);
        }
    }
}
