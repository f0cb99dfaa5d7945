//! Deterministic test data: a xorshift PRNG and SOSD-style key distributions (uniform, dense,
//! clustered, lognormal-ish, huge gaps, extremes), each returned as raw (unsorted) keys.

/// xorshift64* PRNG: tiny, fast, reproducible from its seed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn next_i64(&mut self) -> i64 {
        self.next_u64() as i64
    }

    /// Uniform in `0..bound` (bound > 0).
    pub fn below(&mut self, bound: u64) -> u64 {
        self.next_u64() % bound
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Standard normal (Box-Muller).
    pub fn normal(&mut self) -> f64 {
        let u = self.unit().max(f64::MIN_POSITIVE);
        let v = self.unit();
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
}

/// A named key distribution for property tests.
pub struct Dataset {
    pub name: &'static str,
    pub keys: Vec<i64>,
}

/// All distributions, each with about `n` raw keys (duplicates and any order included).
pub fn datasets(n: usize, seed: u64) -> Vec<Dataset> {
    let mut rng = Rng::new(seed);
    let mut sets = Vec::new();
    let mut add = |name, keys| sets.push(Dataset { name, keys });

    add("empty", Vec::new());
    add("one key", vec![rng.next_i64()]);
    add("one key i64::MIN", vec![i64::MIN]);
    add("one key i64::MAX", vec![i64::MAX]);
    add("all equal", vec![42; n]);
    add("extremes only", vec![i64::MAX, i64::MIN, 0, i64::MIN, i64::MAX]);
    add("uniform full range", (0..n).map(|_| rng.next_i64()).collect());
    add("uniform dense with duplicates", (0..n).map(|_| rng.below(n as u64) as i64 - (n as i64 / 2)).collect());
    add("sequential", (0..n as i64).collect());
    add("reverse sequential", (0..n as i64).rev().map(|k| k * 3).collect());
    add("lognormal", (0..n).map(|_| (rng.normal() * 2.0 + 10.0).exp() as i64).collect());
    add("lognormal wide", (0..n).map(|_| (rng.normal() * 8.0 + 20.0).exp().min(9.0e18) as i64).collect());
    add("clustered", clustered(&mut rng, n));
    add("huge gaps", huge_gaps(&mut rng, n));
    add("quadratic", (0..n as i64).map(|i| i * i * 1_000).collect());
    sets
}

/// Osm-like: dense runs around a few random centres spread across the key space.
fn clustered(rng: &mut Rng, n: usize) -> Vec<i64> {
    let centres: Vec<i64> = (0..16).map(|_| rng.next_i64() / 2).collect();
    (0..n)
        .map(|_| {
            let centre = centres[rng.below(centres.len() as u64) as usize];
            centre + (rng.normal() * 1_000.0) as i64
        })
        .collect()
}

/// Keys bunched near i64::MIN, 0 and i64::MAX with enormous gaps between the bunches.
fn huge_gaps(rng: &mut Rng, n: usize) -> Vec<i64> {
    (0..n)
        .map(|i| {
            let jitter = rng.below(1_000) as i64;
            match i % 3 {
                0 => i64::MIN + jitter,
                1 => jitter - 500,
                _ => i64::MAX - jitter,
            }
        })
        .collect()
}

/// `keys` sorted ascending without duplicates.
pub fn sorted_unique(keys: &[i64]) -> Vec<i64> {
    let mut sorted = keys.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    sorted
}

/// Probe keys: every key, its neighbours, the extremes and random keys inside and outside.
pub fn probes(sorted: &[i64], rng: &mut Rng, random: usize) -> Vec<i64> {
    let mut probes = vec![i64::MIN, i64::MIN + 1, -1, 0, 1, i64::MAX - 1, i64::MAX];
    for &k in sorted {
        probes.extend([k.saturating_sub(1), k, k.saturating_add(1)]);
    }
    if let (Some(&first), Some(&last)) = (sorted.first(), sorted.last()) {
        let span = (last as i128 - first as i128) as u128 as u64;
        for _ in 0..random {
            probes.push((first as i128 + (rng.next_u64() % span.max(1)) as i128) as i64);
        }
    }
    probes.extend((0..random).map(|_| rng.next_i64()));
    probes
}

/// All index kinds.
pub const KINDS: [super::super::IndexKind; 4] = [
    super::super::IndexKind::Linear,
    super::super::IndexKind::Rmi,
    super::super::IndexKind::Pgm,
    super::super::IndexKind::BTree,
];
