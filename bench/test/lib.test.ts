// Unit tests of the peer suites' shared helpers: statistics, ratios and target lines, the
// dataset generator (splitmix64 reference values, value bytes, probe ranges) and time formatting.
// Run: node --import tsx --test bench/test/

import assert from "node:assert/strict";
import { test } from "node:test";
import { probeIndices, splitmix64, valueByte, valueOf, VALUE_BYTES } from "../lib/dataset.js";
import { addRatios, fmtTime, renderTable, renderTargets, rowOf } from "../lib/results.js";
import { quantile, sampleInterleaved, summarize } from "../lib/stats.js";

test("quantile uses nearest rank on a sorted copy", () => {
  const values = [5, 1, 4, 2, 3];
  assert.equal(quantile(values, 0.5), 3);
  assert.equal(quantile(values, 0.99), 5);
  assert.equal(quantile(values, 0), 1);
  assert.deepEqual(values, [5, 1, 4, 2, 3]);
  assert.ok(Number.isNaN(quantile([], 0.5)));
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(quantile(hundred, 0.99), 99);
  assert.deepEqual(summarize([1.234, 2.345, 10.111]), { median_ns: 2.35, p99_ns: 10.11 });
});

test("sampleInterleaved runs every method each round and drops warm-up rounds", () => {
  const calls: string[] = [];
  const samples = sampleInterleaved(["a", "b"], 3, 2, 10, (method, round) => calls.push(`${method}${round}`));
  assert.deepEqual(calls, ["a0", "b0", "a1", "b1", "a2", "b2", "a3", "b3", "a4", "b4"]);
  assert.equal(samples.get("a")!.length, 3);
  assert.equal(samples.get("b")!.length, 3);
});

test("addRatios divides by the baseline row of the same suite and dataset", () => {
  const rows = addRatios([
    { suite: "s", name: "lmdb", dataset: "d", n: 1, median_ns: 200, p99_ns: 300 },
    { suite: "s", name: "omendb", dataset: "d", n: 1, median_ns: 50, p99_ns: 90 },
    { suite: "s", name: "omendb", dataset: "other", n: 1, median_ns: 50, p99_ns: 90 },
    { suite: "t", name: "x", dataset: "d", n: 1, median_ns: 1, p99_ns: 1 },
  ], { s: "lmdb" });
  assert.deepEqual(rows.map((r) => [r.baseline, r.ratio]), [["lmdb", 1], ["lmdb", 0.25], ["lmdb", null], [null, null]]);
  assert.equal(rowOf(rows, "s", "omendb").median_ns, 50);
  assert.throws(() => rowOf(rows, "s", "sqlite"), /no row s\/sqlite/);
  const table = renderTable(rows);
  assert.equal(table[3], "| s | omendb | d | 1 | 50.0 ns | 90.0 ns | 0.250 | lmdb |");
});

test("target lines say met or missed with the measured value and the cause", () => {
  assert.deepEqual(renderTargets([
    { target: "T1", measured: "2.5x", met: true, cause: "" },
    { target: "T2", measured: "0.9x", met: false, cause: "Because." },
  ]), ["- **met**: T1 — measured 2.5x.", "- **missed**: T2 — measured 0.9x. Because."]);
});

test("fmtTime picks ns, µs or ms", () => {
  assert.equal(fmtTime(123.456), "123.5 ns");
  assert.equal(fmtTime(12_345), "12.3 µs");
  assert.equal(fmtTime(201_000_000), "201.0 ms");
});

test("splitmix64 matches the reference generator", () => {
  // Reference: Vigna's splitmix64.c with x = 0 returns 0xe220a8397b1dcdaf, then 0x6e789e6aa1b965f4.
  const out = splitmix64(0n, 2);
  assert.equal(BigInt.asUintN(64, out[0]), 0xe220a8397b1dcdafn);
  assert.equal(BigInt.asUintN(64, out[1]), 0x6e789e6aa1b965f4n);
  assert.deepEqual(splitmix64(42n, 3), splitmix64(42n, 3));
});

test("values follow the formula the C and Python programs use", () => {
  const v = valueOf(3);
  assert.equal(v.length, VALUE_BYTES);
  assert.equal(v[0], 93);
  assert.equal(v[1], 100);
  assert.equal(valueByte(9, 99), (9 * 31 + 99 * 7) & 0xff);
});

test("probe indices stay in range and are deterministic", () => {
  const probes = probeIndices(7n, 10, 1000);
  assert.ok(probes.every((p) => p >= 0 && p < 10));
  assert.equal(new Set(probes).size, 10);
  assert.deepEqual(probes, probeIndices(7n, 10, 1000));
});
