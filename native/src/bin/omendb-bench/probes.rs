//! Lookup keys in random order: `count` existing keys drawn uniformly, or the same with a share
//! of keys that are absent (drawn inside the gaps between existing keys, or past the ends).

use crate::rng::Rng;

/// `count` probes, `absent_percent`% of them absent from `keys` (sorted unique, non-empty).
pub fn probes(keys: &[i64], count: usize, absent_percent: u64, rng: &mut Rng) -> Vec<i64> {
    let mut out: Vec<i64> = (0..count)
        .map(|_| if rng.below(100) < absent_percent { absent_key(keys, rng) } else { keys[rng.below(keys.len() as u64) as usize] })
        .collect();
    rng.shuffle(&mut out);
    out
}

/// A key not in `keys`: inside a random gap of width > 1 when one is found quickly, else above
/// the largest key (dense sets have no gaps).
fn absent_key(keys: &[i64], rng: &mut Rng) -> i64 {
    for _ in 0..if keys.len() > 1 { 8 } else { 0 } {
        let i = rng.below(keys.len() as u64 - 1) as usize;
        let gap = keys[i + 1].abs_diff(keys[i]);
        if gap > 1 {
            return keys[i].wrapping_add(1 + rng.below(gap - 1) as i64);
        }
    }
    keys[keys.len() - 1].saturating_add(1 + rng.below(1 << 20) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_share_is_respected_and_really_absent() {
        let keys: Vec<i64> = (0..10_000).map(|i| i * 10).collect();
        let mut rng = Rng::new(3);
        let all = probes(&keys, 20_000, 10, &mut rng);
        let missing = all.iter().filter(|k| keys.binary_search(k).is_err()).count();
        assert!((1_600..2_400).contains(&missing), "{missing} absent of 20000");
        let dense: Vec<i64> = (0..1_000).collect();
        let all = probes(&dense, 1_000, 100, &mut rng);
        assert!(all.iter().all(|k| dense.binary_search(k).is_err()));
    }
}
