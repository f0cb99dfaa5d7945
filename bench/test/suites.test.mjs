// Tests of the harness plumbing shared by every suite: row shape, ratios against named
// baselines, suite selection, suite records, target causes and the report section of each
// script suite (storage, batch, ffi, generator), including a suite that failed to run.
// Run with: node --test bench/test/

import assert from "node:assert/strict";
import { test } from "node:test";

import { binaryArgs, parseOptions, selectedSuites } from "../lib/options.mjs";
import { addRatios as addIndexRatios } from "../lib/ratios.mjs";
import { renderReport } from "../lib/report.mjs";
import { addRatios, renderTargets, rowProblems, validateRows } from "../lib/rows.mjs";
import { acceptRecord } from "../lib/suites.mjs";
import { checkTargets } from "../lib/targets.mjs";

const raw = (suite, name, median_ns, extra = {}) => ({ suite, name, dataset: "d", n: 100, median_ns, p99_ns: median_ns * 1.5, ...extra });

test("row shape: every field is checked, with the row named in the message", () => {
  assert.deepEqual(rowProblems({ ...raw("s", "a", 10), baseline: null, ratio: null }), []);
  assert.deepEqual(rowProblems({ ...raw("s", "a", 10), baseline: "b", ratio: 1.5, p99_ns: null }), [], "p99 may be unknown");
  assert.deepEqual(rowProblems({ ...raw("s", "a", 10), n: 1.5, baseline: null, ratio: null }), ["s/a: n must be a non-negative integer"]);
  assert.deepEqual(rowProblems({ ...raw("s", "a", Number.NaN), p99_ns: 20, baseline: null, ratio: null }), ["s/a: median_ns must be a finite number or null"]);
  assert.deepEqual(rowProblems({ ...raw("s", "a", 10), p99_ns: 5, baseline: null, ratio: null }), ["s/a: p99_ns 5 is below median_ns 10"]);
  assert.deepEqual(rowProblems({ ...raw("", "a", 10), baseline: 3, ratio: null }), ["/a: suite must be a non-empty string", "/a: baseline must be a string or null"]);
  assert.throws(() => validateRows([{ ...raw("s", "a", 10), baseline: null, ratio: "x" }]), /s\/a: ratio must be a finite number or null/);
  assert.throws(() => validateRows({}), /rows must be an array/);
});

test("ratios: the suite's named baseline, a row's own baseline, or none", () => {
  const rows = addRatios([
    raw("get", "lmdb", 200),
    raw("get", "omendb", 50),
    raw("pair", "c_in_node", 100, { baseline: "c_in_node" }),
    raw("pair", "node", 130, { baseline: "c_in_node" }),
    raw("gen", "startup", 10, { baseline: null }),
    raw("get", "other_dataset", 10, { dataset: "e" }),
  ], { get: "lmdb", gen: "startup" });
  assert.deepEqual(rows.map((r) => [r.name, r.baseline, r.ratio]), [
    ["lmdb", "lmdb", 1], ["omendb", "lmdb", 0.25], ["c_in_node", "c_in_node", 1], ["node", "c_in_node", 1.3],
    ["startup", null, null], ["other_dataset", "lmdb", null],
  ]);
  const memory = addIndexRatios([{ ...raw("memory", "pgm_eps64", null), p99_ns: null, bytes: 30, key_bytes: 4000 }]);
  assert.equal(memory[0].ratio, 0.0075);
  assert.equal(memory[0].baseline, "keys");
});

test("--suites selects index and script suites and rejects unknown ones", () => {
  assert.deepEqual(selectedSuites(parseOptions([])), { index: ["lookup", "build", "memory", "delta"], scripts: ["storage", "batch", "ffi", "generator"] });
  const some = parseOptions(["--quick", "--suites", "ffi,lookup"]);
  assert.deepEqual(selectedSuites(some), { index: ["lookup"], scripts: ["ffi"] });
  assert.deepEqual(binaryArgs(some).slice(-2), ["--suites", "lookup"], "only index suites reach the Rust binary");
  assert.deepEqual(selectedSuites(parseOptions(["--suites", "storage"])).index, []);
  assert.throws(() => parseOptions(["--suites", "lookup,bogus"]), /unknown suite bogus/);
});

test("a suite record is checked and its rows are tagged with the suite", () => {
  const record = { suite: "ffi", title: "FFI", mode: "quick", elapsed_seconds: 1, intro: ["x"], checks: [], rows: addRatios([raw("ffi_call_node", "napi_hand", 30)], { ffi_call_node: "napi_hand" }) };
  const accepted = acceptRecord("ffi", record);
  assert.equal(accepted.rows[0].group, "ffi");
  assert.equal(accepted.rows[0].ratio, 1);
  assert.throws(() => acceptRecord("batch", record), /names suite "ffi"/);
  assert.throws(() => acceptRecord("ffi", { ...record, checks: [{ target: "t", met: "yes" }] }), /malformed target check/);
  assert.throws(() => acceptRecord("ffi", { ...record, rows: [{ ...record.rows[0], n: -1 }] }), /n must be a non-negative integer/);
});

test("index targets carry the measured cause only when missed", () => {
  const rows = addIndexRatios([
    { ...raw("build", "btreemap", 1000) }, { ...raw("build", "default (pgm)", 400) },
    { ...raw("delta", "merged", 100) }, { ...raw("delta", "delta10", 120) },
  ]);
  const checks = checkTargets(rows);
  const build = checks.find((c) => c.target.includes("build"));
  assert.equal(build.met, false);
  assert.match(build.measured, /^2\.5x/);
  assert.match(build.cause, /bulk load/);
  const delta = checks.find((c) => c.target.includes("delta"));
  assert.equal(delta.met, true);
  assert.equal(delta.cause, "");
  assert.deepEqual(renderTargets([{ ...build, target: "T" }]), [`- **missed**: T — measured ${build.measured}. ${build.cause}`]);
});

test("the report has one section per script suite, with its table, targets and causes", () => {
  const suite = (id, title, rows, checks) => acceptRecord(id, { suite: id, title, mode: "quick", elapsed_seconds: 2, intro: [`intro of ${id}`], rows, checks });
  const records = [
    suite("storage", "Storage vs peers", addRatios([raw("storage_get_hot", "lmdb", 200), raw("storage_get_hot", "omendb", 100)], { storage_get_hot: "lmdb" }),
      [{ target: "hot get >= 2x LMDB", measured: "2.00x", met: true, cause: "" }]),
    suite("batch", "Batch get_many", addRatios([raw("batch_get_many_index", "node_koffi", 130, { baseline: "c_in_node_koffi" }), raw("batch_get_many_index", "c_in_node_koffi", 100, { baseline: "c_in_node_koffi" })]),
      [{ target: "get_many within 1.25x", measured: "1.30x", met: false, cause: "One Uint8Array per value." }]),
    suite("ffi", "FFI ladder", addRatios([raw("ffi_call_node", "napi_hand", 30), raw("ffi_call_node", "napi_generated", 36)], { ffi_call_node: "napi_hand" }),
      [{ target: "napi <= 1.1x hand-written", measured: "1.20x", met: false, cause: "Extra dlsym hop." }]),
    { suite: "generator", title: "Generator speed", failed: "`bench/generator/run.ts` exited with 1" },
  ];
  const rows = records.flatMap((r) => r.rows ?? []);
  const machine = { cpu: "CPU", cores: 2, caches: null, memory_gib: 1, load_average: [3, 2, 1], rustc: null, node: "v20", os: "Linux" };
  const text = renderReport({ rows, machine, options: parseOptions(["--quick", "--suites", "storage,batch,ffi,generator"]), command: "c", elapsedSeconds: 9, plots: [], notes: null, records });
  assert.match(text, /^## Storage vs peers\n\nintro of storage\n/m);
  assert.match(text, /\| storage_get_hot \| omendb \| d \| 100 \| 100\.0 ns \| 150\.0 ns \| 0\.500 \| lmdb \|/);
  assert.match(text, /- \*\*met\*\*: hot get >= 2x LMDB — measured 2\.00x\.\n/);
  assert.match(text, /\| batch_get_many_index \| node_koffi \| d \| 100 \| 130\.0 ns \| 195\.0 ns \| 1\.300 \| c_in_node_koffi \|/);
  assert.match(text, /- \*\*missed\*\*: napi <= 1\.1x hand-written — measured 1\.20x\. Extra dlsym hop\./);
  assert.match(text, /^## Generator speed\n\n\*\*Not measured in this run\*\*: `bench\/generator\/run\.ts` exited with 1\./m);
  assert.match(text, /1 of 3 targets met/);
  assert.match(text, /\| ffi \| napi <= 1\.1x hand-written \| 1\.20x \| \*\*missed\*\* \|/);
  assert.doesNotMatch(text, /## Index suites/, "no index rows, no index section");
  assert.match(text, /Suites not selected in this run: lookup, build, memory, delta/);
});
