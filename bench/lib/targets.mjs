// The index suites' targets (issue 6), checked against a run's rows. Each check names the method
// (the default learned kind unless the target says otherwise), the dataset, the measured value,
// whether it meets the threshold and, when missed, the measured cause (summarised from
// bench/notes.md). Targets are defined for the full run (10M keys).

import { findRow } from "./ratios.mjs";

/** Datasets the "uniform & lognormal" lookup targets apply to. */
const UNIFORM_AND_LOGNORMAL = ["uniform_dense", "uniform_sparse", "lognormal"];

/** The row name of the default learned kind ("default (<kind>)"). */
export function defaultMethodName(rows) {
  return rows.find((row) => row.name.startsWith("default"))?.name ?? null;
}

function speedup(rows, suite, dataset, method, baseline) {
  const row = findRow(rows, suite, dataset, method);
  const base = findRow(rows, suite, dataset, baseline);
  if (!row || !base || !(row.median_ns > 0)) return null;
  return { value: base.median_ns / row.median_ns, median: row.median_ns, base: base.median_ns };
}

const fmt = (x, digits = 2) => Number(x).toFixed(digits);

const SEE_NOTES = "(bench/notes.md, \"What limits the missed targets\")";
/** Why each kind of index target is missed, as measured in bench/notes.md. */
export const INDEX_CAUSES = {
  lookup: `Latency, not bandwidth: a PGM lookup is ~200 instructions (callgrind) with a DRAM miss at the end of its dependency chain (radix table -> 24-byte segment -> prefetched window), so consecutive lookups hardly overlap ${SEE_NOTES}.`,
  build: `BTreeMap from a sorted iterator is a bulk load in std (12-16 ns per key); the PGM build is one cone-and-measure pass (~5.5 ns per key), and 10x would mean under 1.6 ns per key ${SEE_NOTES}.`,
  memory: "The model outgrew 1% of the key bytes at epsilon 64.",
  delta: `On consecutive keys the base holding the other 90% has random gaps, so its lookups search ~17-key windows (~120 ns) like sparse keys while the merged, gap-free index answers from a one-key window (65-75 ns) ${SEE_NOTES}.`,
};

/** Every target check that the rows allow; missing measurements are skipped. */
export function checkTargets(rows) {
  const method = defaultMethodName(rows);
  const checks = [];
  const add = (target, dataset, measured, met, cause) => checks.push({ target, dataset, measured, met, cause: met ? "" : cause });
  if (method) {
    for (const dataset of UNIFORM_AND_LOGNORMAL) {
      const pp = speedup(rows, "lookup", dataset, method, "partition_point");
      if (pp) add(`${method} lookup: median <= 100 ns and >= 4x faster than partition_point`, dataset,
        `${fmt(pp.median, 1)} ns, ${fmt(pp.value)}x (partition_point ${fmt(pp.base, 1)} ns)`, pp.median <= 100 && pp.value >= 4, INDEX_CAUSES.lookup);
      const bt = speedup(rows, "lookup", dataset, method, "btreemap");
      if (bt) add(`${method} lookup: >= 5x faster than BTreeMap::get`, dataset,
        `${fmt(bt.value)}x (btreemap ${fmt(bt.base, 1)} ns)`, bt.value >= 5, INDEX_CAUSES.lookup);
      const ey = speedup(rows, "lookup", dataset, method, "eytzinger");
      if (ey) add(`${method} lookup: >= 2x faster than Eytzinger`, dataset,
        `${fmt(ey.value)}x (eytzinger ${fmt(ey.base, 1)} ns)`, ey.value >= 2, INDEX_CAUSES.lookup);
    }
    const osm = speedup(rows, "lookup", "osm_like", method, "partition_point");
    if (osm) add(`${method} lookup: >= 2x faster than partition_point`, "osm_like",
      `${fmt(osm.value)}x (${fmt(osm.median, 1)} vs ${fmt(osm.base, 1)} ns)`, osm.value >= 2, INDEX_CAUSES.lookup);
  }
  for (const row of rows.filter((r) => r.suite === "memory" && r.name === "pgm_eps64")) {
    add("pgm_eps64 model memory <= 1% of key bytes", row.dataset,
      `${fmt(row.ratio * 100, 3)}% (${row.bytes} of ${row.key_bytes} bytes)`, row.ratio <= 0.01, INDEX_CAUSES.memory);
  }
  if (method) {
    for (const row of rows.filter((r) => r.suite === "build" && r.name === method)) {
      add(`${method} build >= 10x faster than BTreeMap from sorted`, row.dataset,
        `${fmt(1 / row.ratio, 1)}x (${fmt(row.median_ns / 1e6, 1)} ms)`, 1 / row.ratio >= 10, INDEX_CAUSES.build);
    }
  }
  for (const row of rows.filter((r) => r.suite === "delta" && r.name === "delta10")) {
    add("lookups with 10% in the delta <= 1.5x the merged index", row.dataset, `${fmt(row.ratio)}x`, row.ratio <= 1.5, INDEX_CAUSES.delta);
  }
  return checks;
}
