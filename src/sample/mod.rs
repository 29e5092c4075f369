//! Drawing an audit sample (issue 8): how many cases to read ([`plan`]), how to share them
//! among strata ([`allocate`]), and which cases they are ([`select`]). Pure: no files.
//!
//! The selection must give the same cases for a seed on any machine and any version, so it
//! depends on nothing but the seed and the case ids: every case gets the rank
//! `SHA-256(seed as 8 bytes little-endian ‖ case id in UTF-8)`, read as a big-endian
//! number, and each stratum takes its cases of lowest rank (ties, which need a SHA-256
//! collision, by case id). Ranks are independent and uniform, so this is a simple random
//! sample without replacement in each stratum. A case's rank does not depend on the other
//! cases, so the same case stays in the sample of a re-export with the same seed unless
//! new cases rank below it.
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// The two-sided standard normal quantile for a confidence level, from the standard
/// table with two decimals (1.96 for 0.95), as the sample-size formula is taught and
/// checked by hand. `None` for a level not in the table.
pub fn z_for(confidence: f64) -> Option<f64> {
    const TABLE: [(f64, f64); 5] = [
        (0.80, 1.28),
        (0.90, 1.645),
        (0.95, 1.96),
        (0.98, 2.33),
        (0.99, 2.576),
    ];
    TABLE
        .iter()
        .find(|(level, _)| (level - confidence).abs() < 1e-9)
        .map(|(_, z)| *z)
}

/// The confidence levels [`z_for`] knows, for an error message.
pub const CONFIDENCE_LEVELS: &str = "0.80, 0.90, 0.95, 0.98, 0.99";

/// A planned sample size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Plan {
    pub z: f64,
    /// n0 = z² p(1−p) / M², rounded up: the size for an unlimited population.
    pub n0: u64,
    /// With a population N: n = n0 / (1 + (n0 − 1)/N), rounded up; else n0.
    pub n: u64,
}

/// The sample size to estimate a rate near `rate` within ± `margin` at `confidence`
/// (Cochran), with the finite-population correction when `population` is given.
/// Checks its inputs: the rate in [0, 1], the margin in (0, 1), the population above 0.
pub fn plan(
    rate: f64,
    margin: f64,
    confidence: f64,
    population: Option<u64>,
) -> Result<Plan, String> {
    if !(0.0..=1.0).contains(&rate) {
        return Err(format!(
            "--expected-rate {rate} is not a rate between 0 and 1"
        ));
    }
    if !(margin > 0.0 && margin < 1.0) {
        return Err(format!(
            "--margin {margin} is not a margin between 0 and 1 (e.g. 0.1 for ± 10 points)"
        ));
    }
    let z = z_for(confidence)
        .ok_or_else(|| format!("--confidence {confidence} is not one of {CONFIDENCE_LEVELS}"))?;
    // Rounded to 9 decimals first: 1.96² · 0.21 / 0.01 is 80.6736 exactly, but floating
    // point must not turn an exact whole number into one more case.
    let ceil = |x: f64| ((x * 1e9).round() / 1e9).ceil() as u64;
    let n0 = ceil(z * z * rate * (1.0 - rate) / (margin * margin)).max(1);
    let n = match population {
        Some(0) => return Err("--population must be at least 1".into()),
        Some(big_n) => ceil(n0 as f64 / (1.0 + (n0 as f64 - 1.0) / big_n as f64)),
        None => n0,
    };
    Ok(Plan { z, n0, n })
}

/// How the sample size is shared among strata.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allocation {
    /// In proportion to the strata's sizes, by largest remainder.
    Proportional,
    /// The same number from each stratum, capped by its size.
    Equal,
}

impl Allocation {
    pub fn name(self) -> &'static str {
        match self {
            Allocation::Proportional => "proportional",
            Allocation::Equal => "equal",
        }
    }
}

/// The number to draw from each stratum (`sizes`: stratum → cases in the frame), summing
/// to `n`. `n` must not exceed the frame.
///
/// Proportional: each stratum gets the whole part of `n · N_h / N`; the cases left over go
/// one each to the strata with the largest fractional parts (ties by stratum name).
/// Equal: `n / H` each, the remainder one each in stratum-name order; a stratum smaller
/// than its share gives all its cases, and what it cannot give is shared the same way
/// among the others.
pub fn allocate(
    sizes: &BTreeMap<String, u64>,
    n: u64,
    allocation: Allocation,
) -> BTreeMap<String, u64> {
    let total: u64 = sizes.values().sum();
    debug_assert!(n <= total);
    let mut out: BTreeMap<String, u64> = sizes.keys().map(|k| (k.clone(), 0)).collect();
    match allocation {
        Allocation::Proportional => {
            if total == 0 {
                return out;
            }
            let mut remainders = Vec::new();
            for (name, &size) in sizes {
                let exact = u128::from(n) * u128::from(size);
                let whole = (exact / u128::from(total)) as u64;
                out.insert(name.clone(), whole);
                remainders.push((exact % u128::from(total), name));
            }
            let given: u64 = out.values().sum();
            // Largest remainder first; equal remainders in name order (a stable sort).
            remainders.sort_by_key(|r| std::cmp::Reverse(r.0));
            for (_, name) in remainders.into_iter().take((n - given) as usize) {
                *out.get_mut(name).expect("every stratum has an entry") += 1;
            }
        }
        Allocation::Equal => {
            let mut left = n;
            while left > 0 {
                let open: Vec<&String> = sizes
                    .iter()
                    .filter(|(name, size)| out[*name] < **size)
                    .map(|(name, _)| name)
                    .collect();
                if open.is_empty() {
                    break;
                }
                let share = (left / open.len() as u64).max(1);
                for name in open {
                    if left == 0 {
                        break;
                    }
                    let room = sizes[name] - out[name];
                    let take = share.min(room).min(left);
                    *out.get_mut(name).expect("every stratum has an entry") += take;
                    left -= take;
                }
            }
        }
    }
    out
}

/// A case's rank for a seed (see the module documentation).
pub fn rank(seed: u64, case_id: &str) -> u64 {
    let mut h = Sha256::new();
    h.update(seed.to_le_bytes());
    h.update(case_id.as_bytes());
    let digest = h.finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(first)
}

/// The `take` cases of lowest rank among `ids`, sorted by id.
pub fn select<'a>(ids: &[&'a str], take: u64, seed: u64) -> Vec<&'a str> {
    let mut ranked: Vec<(u64, &str)> = ids.iter().map(|id| (rank(seed, id), *id)).collect();
    ranked.sort_unstable();
    let mut chosen: Vec<&str> = ranked
        .into_iter()
        .take(take as usize)
        .map(|(_, id)| id)
        .collect();
    chosen.sort_unstable();
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acceptance_plan_is_81() {
        let p = plan(0.3, 0.1, 0.95, None).unwrap();
        assert_eq!((p.z, p.n0, p.n), (1.96, 81, 81));
    }

    #[test]
    fn worked_finite_population_example() {
        // p = 0.5, M = 0.05: n0 = 1.96² · 0.25 / 0.0025 = 384.16 → 385.
        // N = 1000: n = 385 / (1 + 384/1000) = 385 / 1.384 = 278.18 → 279.
        let p = plan(0.5, 0.05, 0.95, Some(1000)).unwrap();
        assert_eq!((p.n0, p.n), (385, 279));
        // A population smaller than n0 never needs more cases than it has.
        let p = plan(0.3, 0.1, 0.95, Some(40)).unwrap();
        assert_eq!(p.n, 27); // 81 / (1 + 80/40) = 27 exactly
        assert!(plan(0.3, 0.1, 0.95, Some(1)).unwrap().n <= 1);
    }

    #[test]
    fn plan_refuses_nonsense() {
        assert!(plan(1.3, 0.1, 0.95, None).is_err());
        assert!(plan(0.3, 0.0, 0.95, None).is_err());
        assert!(plan(0.3, 0.1, 0.93, None).is_err());
        assert!(plan(0.3, 0.1, 0.95, Some(0)).is_err());
        assert_eq!(plan(0.3, 0.1, 0.99, None).unwrap().z, 2.576);
    }

    fn sizes(list: &[(&str, u64)]) -> BTreeMap<String, u64> {
        list.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    #[test]
    fn proportional_by_largest_remainder() {
        // 10 of 7 + 2 + 1: quotas 7, 2, 1 exactly.
        let s = sizes(&[("a", 7), ("b", 2), ("c", 1)]);
        assert_eq!(allocate(&s, 10, Allocation::Proportional), s);
        // 5 of 7 + 2 + 1: quotas 3.5, 1.0, 0.5 → 3, 1, 0 and one left: a and c tie at .5, a
        // comes first by name. 6: quotas 4.2, 1.2, 0.6 → 4, 1, 0, and c has the largest rest.
        let got = allocate(&s, 5, Allocation::Proportional);
        assert_eq!(got, sizes(&[("a", 4), ("b", 1), ("c", 0)]));
        let got = allocate(&s, 6, Allocation::Proportional);
        assert_eq!(got, sizes(&[("a", 4), ("b", 1), ("c", 1)]));
    }

    #[test]
    fn equal_is_capped_by_stratum_size() {
        let s = sizes(&[("a", 7), ("b", 2), ("c", 1)]);
        let got = allocate(&s, 9, Allocation::Equal);
        assert_eq!(got, sizes(&[("a", 6), ("b", 2), ("c", 1)]));
        let got = allocate(&s, 4, Allocation::Equal);
        assert_eq!(got, sizes(&[("a", 2), ("b", 1), ("c", 1)]));
        let got = allocate(&s, 3, Allocation::Equal);
        assert_eq!(got, sizes(&[("a", 1), ("b", 1), ("c", 1)]));
        let got = allocate(&s, 2, Allocation::Equal);
        assert_eq!(got, sizes(&[("a", 1), ("b", 1), ("c", 0)]));
    }

    #[test]
    fn allocations_always_sum_to_n_within_sizes() {
        let s = sizes(&[("a", 13), ("b", 0), ("c", 5), ("d", 1), ("e", 8)]);
        for n in 0..=27 {
            for a in [Allocation::Proportional, Allocation::Equal] {
                let got = allocate(&s, n, a);
                assert_eq!(got.values().sum::<u64>(), n, "{a:?} {n}");
                assert!(got.iter().all(|(k, v)| *v <= s[k]), "{a:?} {n}");
            }
        }
    }

    #[test]
    fn selection_depends_on_seed_and_ids_only() {
        let ids: Vec<String> = (0..50).map(|i| format!("K-{i}")).collect();
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let a = select(&refs, 10, 7);
        let mut reversed = refs.clone();
        reversed.reverse();
        assert_eq!(a, select(&reversed, 10, 7));
        assert_ne!(a, select(&refs, 10, 8));
        assert_eq!(a.len(), 10);
        // A case's inclusion is stable when cases that rank above it are removed.
        let kept: Vec<&str> = refs.iter().copied().filter(|id| a.contains(id)).collect();
        assert_eq!(select(&kept, 10, 7), a);
        // The rank is pinned: a change here changes every sample ever drawn.
        assert_eq!(rank(1, "K-1"), rank(1, "K-1"));
        assert_eq!(format!("{:016x}", rank(0, "")), "af5570f5a1810b7a");
        // As README shows it: printf '\001\0\0\0\0\0\0\0K-2023-0147' | sha256sum
        assert_eq!(
            format!("{:016x}", rank(1, "K-2023-0147")),
            "d046f63dc7631e0e"
        );
    }

    #[test]
    fn every_case_is_equally_likely() {
        // 3 of 10 over 3,000 seeds: each case about 900 times (sd ≈ 25).
        let ids: Vec<String> = (0..10).map(|i| format!("K-{i}")).collect();
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let mut counts = std::collections::HashMap::new();
        for seed in 0..3000 {
            for id in select(&refs, 3, seed) {
                *counts.entry(id).or_insert(0u32) += 1;
            }
        }
        for id in &refs {
            let n = counts[id];
            assert!((800..=1000).contains(&n), "{id}: {n}");
        }
    }

    proptest::proptest! {
        #[test]
        fn allocations_hold_their_promises(
            raw in proptest::collection::vec(0u64..40, 1..8),
            pick in 0u64..1000,
        ) {
            let sizes: BTreeMap<String, u64> =
                raw.iter().enumerate().map(|(i, n)| (format!("s{i}"), *n)).collect();
            let total: u64 = sizes.values().sum();
            let n = if total == 0 { 0 } else { pick % (total + 1) };
            let prop = allocate(&sizes, n, Allocation::Proportional);
            proptest::prop_assert_eq!(prop.values().sum::<u64>(), n);
            for (k, v) in &prop {
                let quota = n as f64 * sizes[k] as f64 / total.max(1) as f64;
                proptest::prop_assert!((*v as f64 - quota).abs() < 1.0);
            }
            let equal = allocate(&sizes, n, Allocation::Equal);
            proptest::prop_assert_eq!(equal.values().sum::<u64>(), n);
            let open: Vec<u64> =
                equal.iter().filter(|(k, v)| **v < sizes[*k]).map(|(_, v)| *v).collect();
            // Water-filling: no stratum has more than one case above a stratum that
            // still had cases to give.
            if let Some(lo) = open.iter().min() {
                proptest::prop_assert!(equal.values().all(|v| *v <= lo + 1));
            }
        }
    }
}
