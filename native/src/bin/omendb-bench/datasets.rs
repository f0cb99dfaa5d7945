//! SOSD-style key sets, generated from a fixed seed: uniform dense, uniform sparse, normal,
//! lognormal (sigma 2) and a clustered "osm-like" set (Morton codes of points scattered around a
//! few hundred centres). Each generator returns exactly `n` sorted unique `i64` keys.

use crate::rng::Rng;

/// Names of every dataset, in report order.
pub const ALL: [&str; 5] = ["uniform_dense", "uniform_sparse", "normal", "lognormal", "osm_like"];

/// Number of cluster centres of the osm-like set.
const OSM_CENTRES: usize = 300;

/// `n` sorted unique keys of dataset `name` (None for an unknown name).
pub fn generate(name: &str, n: usize, seed: u64) -> Option<Vec<i64>> {
    let mut rng = Rng::new(seed ^ fxhash(name));
    let keys = match name {
        "uniform_dense" => (0..n as i64).map(|i| i + 1_000_000).collect(),
        "uniform_sparse" => unique_sorted(n, &mut rng, |r| (r.next_u64() >> 1) as i64),
        "normal" => unique_sorted(n, &mut rng, |r| (r.normal() * 1e15) as i64),
        "lognormal" => unique_sorted(n, &mut rng, |r| ((2.0 * r.normal()).exp() * 1e9) as i64),
        "osm_like" => osm_like(n, &mut rng),
        _ => return None,
    };
    Some(keys)
}

/// Draws until there are at least `n` distinct keys, then thins evenly to exactly `n`.
fn unique_sorted(n: usize, rng: &mut Rng, mut draw: impl FnMut(&mut Rng) -> i64) -> Vec<i64> {
    let mut keys: Vec<i64> = Vec::with_capacity(n + n / 8);
    while keys.len() < n {
        let missing = n - keys.len();
        keys.extend((0..missing + missing / 16 + 16).map(|_| draw(rng)));
        keys.sort_unstable();
        keys.dedup();
    }
    thin_to(keys, n)
}

/// Removes `keys.len() - n` evenly spaced keys (a negligible, shape-preserving change).
fn thin_to(keys: Vec<i64>, n: usize) -> Vec<i64> {
    let surplus = keys.len() - n;
    if surplus == 0 {
        return keys;
    }
    let stride = keys.len() as f64 / surplus as f64;
    let mut dropped = 0usize;
    let mut kept = Vec::with_capacity(n);
    for (i, key) in keys.into_iter().enumerate() {
        let next_drop = ((dropped as f64 + 0.5) * stride) as usize;
        if dropped < surplus && i == next_drop {
            dropped += 1;
        } else {
            kept.push(key);
        }
    }
    kept
}

/// Points around `OSM_CENTRES` centres with spreads from a few metres to many kilometres (in a
/// 2^31 x 2^31 grid), keyed by their Z-order (Morton) code: dense clusters, empty gaps.
fn osm_like(n: usize, rng: &mut Rng) -> Vec<i64> {
    let grid = f64::from(1u32 << 31);
    let centres: Vec<(f64, f64, f64)> = (0..OSM_CENTRES)
        .map(|_| {
            let spread = grid * 1e-6 * 10f64.powf(4.0 * rng.unit());
            (rng.unit() * grid, rng.unit() * grid, spread)
        })
        .collect();
    unique_sorted(n, rng, |r| {
        let (cx, cy, spread) = centres[r.below(OSM_CENTRES as u64) as usize];
        let x = (cx + r.normal() * spread).clamp(0.0, grid - 1.0) as u32;
        let y = (cy + r.normal() * spread).clamp(0.0, grid - 1.0) as u32;
        morton(x, y) as i64
    })
}

/// Interleaves the bits of `x` (even positions) and `y` (odd positions).
fn morton(x: u32, y: u32) -> u64 {
    fn spread_bits(v: u32) -> u64 {
        let mut v = u64::from(v);
        v = (v | (v << 16)) & 0x0000_FFFF_0000_FFFF;
        v = (v | (v << 8)) & 0x00FF_00FF_00FF_00FF;
        v = (v | (v << 4)) & 0x0F0F_0F0F_0F0F_0F0F;
        v = (v | (v << 2)) & 0x3333_3333_3333_3333;
        (v | (v << 1)) & 0x5555_5555_5555_5555
    }
    spread_bits(x) | (spread_bits(y) << 1)
}

/// A small stable hash of a dataset name, so each dataset has its own stream for one seed.
fn fxhash(name: &str) -> u64 {
    name.bytes().fold(0xCBF2_9CE4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_dataset_has_exactly_n_sorted_unique_keys() {
        for name in ALL {
            let keys = generate(name, 20_000, 42).expect("known dataset");
            assert_eq!(keys.len(), 20_000, "{name}");
            assert!(keys.windows(2).all(|w| w[0] < w[1]), "{name} not sorted/unique");
        }
    }

    #[test]
    fn generation_is_reproducible() {
        assert_eq!(generate("lognormal", 5_000, 1), generate("lognormal", 5_000, 1));
        assert_ne!(generate("lognormal", 5_000, 1), generate("lognormal", 5_000, 2));
        assert!(generate("nope", 10, 1).is_none());
    }

    #[test]
    fn morton_interleaves() {
        assert_eq!(morton(0b11, 0), 0b0101);
        assert_eq!(morton(0, 0b11), 0b1010);
        assert_eq!(morton(u32::MAX, u32::MAX), u64::MAX);
    }
}
