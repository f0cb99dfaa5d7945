// Tests of the FFI ladder's target checks (issues 6 and 8) on hand-made rows: thresholds,
// the direction of each ratio, causes attached only to misses, unavailable layers, and the
// measured cause of the SWIG comparison.

import assert from "node:assert/strict";
import { test } from "node:test";
import { addRatios, type RawRow, type Row } from "../../lib/rows.mjs";
import { missCauses } from "../causes.js";
import { LADDER_BASELINES, ladderChecks } from "../targets.js";

const row = (suite: string, name: string, median_ns: number): RawRow => ({ suite, name, dataset: "add1", n: 1000, median_ns, p99_ns: median_ns * 2 });

const rows = addRatios([
  row("ffi_call_node", "napi_hand", 30),
  row("ffi_call_node", "napi_generated", 32),
  row("ffi_call_node", "swig_node", 31),
  row("ffi_call_node", "koffi_raw", 40),
  row("ffi_call_node", "koffi_generated", 42),
  row("ffi_call_python", "cpython_hand", 20),
  row("ffi_call_python", "cpython_generated", 25),
  row("ffi_call_python", "swig_builtin", 25),
  row("ffi_call_python", "cffi_raw", 60),
  row("ffi_call_python", "ctypes_raw", 200),
  row("ffi_get_node", "napi", 1000),
  row("ffi_get_node", "koffi", 1500),
  row("ffi_get_python", "cpython", 1000),
  row("ffi_get_python", "ctypes", 7000),
], LADDER_BASELINES);

test("ratios are to the hand-written module of the same runtime", () => {
  assert.equal(rows.find((r) => r.name === "napi_generated")!.ratio, Number((32 / 30).toPrecision(4)));
  assert.equal(rows.find((r) => r.name === "cpython_generated")!.baseline, "cpython_hand");
  assert.equal(rows.find((r) => r.name === "ctypes" && r.suite === "ffi_get_python")!.ratio, 7);
});

test("each target is judged in its own direction and threshold", () => {
  const checks = ladderChecks(rows, { napi_vs_swig: "SWIG returns a double.", cpython_vs_hand: "extra self hop", get_python: "package work" });
  const verdict = (text: string) => checks.find((c) => c.target.includes(text))!;
  assert.equal(checks.length, 9);
  const swig = verdict("faster than SWIG's Node wrapper");
  assert.deepEqual([swig.met, swig.cause], [false, "SWIG returns a double."], "32 ns is not faster than 31 ns");
  assert.match(swig.measured, /32\.0 ns vs SWIG 31\.0 ns \(1\.03× SWIG's time\)/);
  assert.equal(verdict("≤ 1.1× a hand-written Node-API").met, true, "32/30 = 1.07");
  assert.equal(verdict("equal to SWIG -builtin").met, true, "equal medians count as equal");
  const hand = verdict("≤ 1.2× a hand-written METH_O");
  assert.deepEqual([hand.met, hand.cause], [false, "extra self hop"], "25/20 = 1.25");
  assert.equal(verdict("generated koffi wrapper").met, true, "42/40 = 1.05");
  const cffi = verdict("cffi extension");
  assert.equal(cffi.met, true, "60 ns, 3.33x faster than 200 ns");
  assert.match(cffi.measured, /^3\.33× faster/);
  assert.equal(verdict("from Node").met, true, "1500/1000 = 1.5 >= 1.4");
  assert.deepEqual([verdict("from Python").met, verdict("from Python").cause], [false, "package work"], "7x < 8x");
  assert.equal(verdict("from Node").cause, "", "met checks carry no cause");
});

test("a layer that could not be built makes its checks not measured", () => {
  const checks = ladderChecks(rows.filter((r) => r.name !== "cffi_generated" && r.name !== "swig_node"));
  const swig = checks.find((c) => c.target.includes("SWIG's Node wrapper"))!;
  assert.equal(swig.met, false);
  assert.equal(swig.measured, "not measured (swig_node unavailable)");
  assert.equal(checks.find((c) => c.target.includes("generated Python wrapper"))!.measured, "not measured (cffi_generated, ctypes_generated unavailable)");
});

test("the SWIG cause names the bigint when a number-returning Node-API addon beats SWIG, else Node-API itself", () => {
  const node = (name: string, median_ns: number): Row => ({ ...row("ffi_call_node", name, median_ns), baseline: "napi_hand", ratio: null });
  const base = [node("swig_node", 28.6), node("napi_hand", 33.1), node("napi_generated", 33.4)];
  const bigint = missCauses([...base, node("napi_hand_number", 24.6)]).napi_vs_swig!;
  assert.match(bigint, /returning a number 24\.6 ns, returning a bigint 33\.1 ns; generated 33\.4 ns/);
  assert.match(bigint, /the gap is the bigint allocation/);
  assert.match(bigint, /save ~8\.5 ns a call/);
  const indirection = missCauses([...base, node("napi_hand_number", 30)]).napi_vs_swig!;
  assert.match(indirection, /Node-API's own indirection/);
  assert.doesNotMatch(indirection, /the gap is the bigint allocation/);
});
