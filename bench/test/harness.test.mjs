// Unit tests of the bench harness's pure parts (options, ratios, target checks, report text).
// Run with: node --test bench/test/

import assert from "node:assert/strict";
import { test } from "node:test";

import { binaryArgs, parseOptions } from "../lib/options.mjs";
import { addRatios } from "../lib/ratios.mjs";
import { renderReport } from "../lib/report.mjs";
import { checkTargets } from "../lib/targets.mjs";

const row = (suite, name, dataset, median_ns, extra = {}) => ({ suite, name, dataset, n: 10, median_ns, p99_ns: median_ns * 2, ...extra });

test("quick and full modes map to the binary's sizes", () => {
  const quick = parseOptions(["--quick", "--datasets", "normal"]);
  assert.deepEqual(binaryArgs(quick), ["--n", "1000000", "--lookups", "200000", "--repeats", "3", "--build-repeats", "3", "--seed", "42", "--datasets", "normal"]);
  assert.equal(parseOptions([]).sizes.n, 10_000_000);
  assert.throws(() => parseOptions(["--bogus"]), /unknown argument --bogus/);
  assert.throws(() => parseOptions(["--seed", "-1"]), /seed/);
});

test("ratios are relative to each suite's baseline; memory is bytes over key bytes", () => {
  const rows = addRatios([
    row("lookup", "partition_point", "normal", 400),
    row("lookup", "default (pgm)", "normal", 100),
    row("lookup", "default (pgm)", "lognormal", 100),
    { ...row("memory", "pgm_eps64", "normal", null), bytes: 50, key_bytes: 10_000 },
  ]);
  assert.equal(rows[0].ratio, 1);
  assert.equal(rows[1].ratio, 0.25);
  assert.equal(rows[1].baseline, "partition_point");
  assert.equal(rows[2].ratio, null, "no baseline row for lognormal");
  assert.equal(rows[3].ratio, 0.005);
});

test("targets are met or missed by the issue's thresholds", () => {
  const rows = addRatios([
    row("lookup", "partition_point", "uniform_sparse", 500),
    row("lookup", "btreemap", "uniform_sparse", 600),
    row("lookup", "eytzinger", "uniform_sparse", 300),
    row("lookup", "default (pgm)", "uniform_sparse", 120),
    row("delta", "merged", "uniform_sparse", 100),
    row("delta", "delta10", "uniform_sparse", 140),
  ]);
  const checks = checkTargets(rows);
  const byTarget = (text) => checks.find((c) => c.target.includes(text));
  assert.equal(byTarget("100 ns").met, false, "120 ns is over 100 ns although 4.2x");
  assert.equal(byTarget("BTreeMap").met, true);
  assert.equal(byTarget("Eytzinger").met, true);
  assert.equal(byTarget("delta").met, true);
  assert.equal(checks.length, 4);
});

test("the report names the machine, the index tables, the plots and the suites not run", () => {
  const rows = addRatios([row("lookup", "partition_point", "normal", 400), row("lookup", "default (pgm)", "normal", 100)]);
  const machine = { cpu: "Test CPU", cores: 2, caches: null, memory_gib: 1, load_average: [1, 1, 1], load_average_end: [2.5, 1, 1], rustc: "rustc 1.0", node: "v20", os: "Linux" };
  const text = renderReport({ rows, machine, options: parseOptions(["--quick"]), command: "npm run bench -- --quick", elapsedSeconds: 3, plots: ["lookup.png"], notes: "## Notes" });
  assert.match(text, /Test CPU, 2 cores/);
  assert.match(text, /at the start: 1, 1, 1; at the end: 2\.5, 1, 1/);
  assert.match(text, /\| default \(pgm\) \| 100\.0 ns \| 200\.0 ns \| 0\.250 \| 4\.00x \|/);
  assert.match(text, /^### Notes$/m, "notes headings move one level down, under the index section");
  assert.match(text, /Suites not selected in this run: build, memory, delta, storage, batch, ffi, generator/);
  assert.match(text, /!\[lookup\.png\]\(results\/lookup\.png\)/);
  assert.match(text, /quick run/);
});
