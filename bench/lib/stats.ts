// Timing statistics shared by the storage, batch and generator suites: median and p99 of a
// sample list, and a sampler that times repeated batches of operations after a warm-up.
// Input: closures to time; output: per-operation nanoseconds (one sample per batch).

/** The q-quantile (0..1) of `values` by nearest rank on a sorted copy; NaN when empty. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

/** Median and p99 of a sample list, rounded to 0.01 ns. */
export function summarize(samples: readonly number[]): { median_ns: number; p99_ns: number } {
  const round = (x: number): number => Math.round(x * 100) / 100;
  return { median_ns: round(quantile(samples, 0.5)), p99_ns: round(quantile(samples, 0.99)) };
}

/** Nanoseconds elapsed while `fn` runs. */
export function timeNs(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0);
}

/**
 * Interleaved sampling of several methods: each round runs every method's batch once (in the
 * given order), so drift in machine load hits all methods alike. `run(method, round)` performs
 * one batch of `opsPerBatch` operations; returns per-operation ns samples per method.
 */
export function sampleInterleaved(
  methods: readonly string[],
  rounds: number,
  warmupRounds: number,
  opsPerBatch: number,
  run: (method: string, round: number) => void,
): Map<string, number[]> {
  const samples = new Map<string, number[]>(methods.map((m) => [m, []]));
  for (let round = 0; round < warmupRounds + rounds; round++) {
    for (const method of methods) {
      const ns = timeNs(() => run(method, round));
      if (round >= warmupRounds) samples.get(method)!.push(ns / opsPerBatch);
    }
  }
  return samples;
}
