// The storage suite's rows and targets on hand-made measurements: each OmenDB get row is paired
// with the LMDB row of its own layer (koffi, napi), the package with LMDB through koffi, and the
// hot/cold targets are judged per layer with the measured cause in every miss.

import assert from "node:assert/strict";
import { test } from "node:test";
import { addRatios, type RawRow, type Row } from "../../lib/results.js";
import { validateRows } from "../../lib/rows.mjs";
import { layerBaseline, measuredLayers, storageTargetChecks, withLayerBaseline } from "../targets.js";

const BASELINES = { storage_write: "lmdb", storage_get_hot: "lmdb", storage_get_cold: "lmdb", storage_get_hot_c: "c_lmdb", storage_get_cold_c: "c_lmdb" };

function raw(suite: string, name: string, median: number, extra: Record<string, unknown> = {}): RawRow {
  return withLayerBaseline({ suite, name, dataset: "random_int64_100B", n: 100_000, median_ns: median, p99_ns: median * 3, ...extra });
}

/** A run where koffi flattens the engines (1.2x) and napi does not (hot 2.5x), cold within 1.5x only through napi. */
function rows(withNapi = true): Row[] {
  const napi = withNapi
    ? [raw("storage_get_hot", "omendb_napi", 800), raw("storage_get_hot", "lmdb_napi", 2000), raw("storage_get_cold", "omendb_napi", 3000), raw("storage_get_cold", "lmdb_napi", 2400),
      raw("storage_get_hot", "napi_value_copy", 150, { baseline: null }), raw("storage_get_hot", "napi_call_floor", 20, { baseline: null })]
    : [];
  return addRatios([
    raw("storage_write", "omendb_binding_only", 1e6), raw("storage_write", "omendb", 9e8), raw("storage_write", "lmdb", 6e8), raw("storage_write", "sqlite_wal", 2e9),
    raw("storage_get_hot", "omendb", 8000), raw("storage_get_hot", "omendb_package", 2500, { tier: "napi" }), raw("storage_get_hot", "lmdb", 9600),
    raw("storage_get_cold", "omendb", 24000), raw("storage_get_cold", "omendb_package", 9000, { tier: "napi" }), raw("storage_get_cold", "lmdb", 8000),
    ...napi,
    raw("storage_get_hot_c", "c_omendb", 400), raw("storage_get_hot_c", "c_lmdb", 1000), raw("storage_get_cold_c", "c_omendb", 5000), raw("storage_get_cold_c", "c_lmdb", 1500),
  ], BASELINES);
}

const row = (all: Row[], suite: string, name: string): Row => all.find((r) => r.suite === suite && r.name === name)!;

test("get rows pair with the LMDB row of their own layer; the package with LMDB through koffi", () => {
  const all = validateRows(rows());
  assert.equal(layerBaseline("omendb_napi"), "lmdb_napi");
  assert.equal(layerBaseline("omendb"), "lmdb");
  assert.equal(layerBaseline("omendb_package"), undefined);
  assert.deepEqual([row(all, "storage_get_hot", "omendb_napi").baseline, row(all, "storage_get_hot", "omendb_napi").ratio], ["lmdb_napi", 0.4]);
  assert.deepEqual([row(all, "storage_get_hot", "lmdb_napi").baseline, row(all, "storage_get_hot", "lmdb_napi").ratio], ["lmdb_napi", 1]);
  assert.deepEqual([row(all, "storage_get_cold", "omendb_napi").baseline, row(all, "storage_get_cold", "omendb_napi").ratio], ["lmdb_napi", 1.25]);
  assert.deepEqual([row(all, "storage_get_hot", "omendb").baseline, row(all, "storage_get_hot", "omendb").ratio], ["lmdb", 0.8333]);
  assert.deepEqual([row(all, "storage_get_hot", "omendb_package").baseline, row(all, "storage_get_hot", "omendb_package").ratio], ["lmdb", 0.2604]);
  assert.deepEqual([row(all, "storage_write", "omendb").baseline, row(all, "storage_write", "omendb").ratio], ["lmdb", 1.5]);
  assert.deepEqual([row(all, "storage_get_hot", "napi_value_copy").baseline, row(all, "storage_get_hot", "napi_value_copy").ratio], [null, null]);
  assert.deepEqual([row(all, "storage_get_hot_c", "c_omendb").baseline, row(all, "storage_get_hot_c", "c_omendb").ratio], ["c_lmdb", 0.4]);
});

test("hot and cold targets are judged per layer, each naming its layer, misses with their measured cause", () => {
  const checks = storageTargetChecks(rows(), "quick");
  assert.deepEqual(checks.map((c) => [c.target.match(/via the (generated koffi|generated napi|package)/)?.[1] ?? "write", c.target.includes("hot tier") ? "hot" : c.target.includes("cold") ? "cold" : "write", c.met]), [
    ["generated koffi", "hot", false], ["generated koffi", "cold", false],
    ["generated napi", "hot", true], ["generated napi", "cold", true],
    ["package", "hot", true], ["package", "cold", true],
    ["package", "hot", false], ["package", "cold", false],
    ["write", "write", false],
  ]);
  const [koffiHot, koffiCold, napiHot, napiCold, packageHot] = checks;
  assert.match(koffiHot.target, />= 2x faster than LMDB through omendb-bindgen's koffi bindings$/);
  assert.doesNotMatch(koffiHot.cause, /napi_value_copy/);
  assert.equal(koffiHot.measured, "1.20x (OmenDB 8000.0 ns, LMDB 9600.0 ns per get)");
  assert.match(koffiHot.cause, /in C, without a binding, OmenDB 400\.0 ns vs LMDB 1000\.0 ns per get \(OmenDB\/LMDB time 0\.40\)/);
  assert.match(koffiHot.cause, /about 7600\.0 ns per get for OmenDB and 8600\.0 ns for LMDB here \(Node time minus C time\), which outweighs the engines' difference/);
  assert.match(koffiHot.cause, /2x needs OmenDB at 4800\.0 ns per get, a call path of at most 4400\.0 ns instead of 7600\.0 ns\.$/);
  assert.equal(koffiCold.measured, "3.00x LMDB's time (OmenDB 24.0 µs, LMDB 8000.0 ns)");
  assert.match(koffiCold.cause, /OmenDB 5000\.0 ns vs LMDB 1500\.0 ns per get \(OmenDB\/LMDB time 3\.33\)\. A cold get reads through one cached redb read snapshot/);
  assert.match(napiHot.target, /generated napi layer \(compiled Node-API addon\), the same layer as the LMDB peer: >= 2x faster than LMDB through omendb-bindgen's napi bindings$/);
  assert.equal(napiHot.measured, "2.50x (OmenDB 800.0 ns, LMDB 2000.0 ns per get)");
  assert.equal(napiHot.cause, "");
  assert.match(napiCold.target, /within 1\.5x of LMDB through omendb-bindgen's napi bindings$/);
  assert.equal(napiCold.measured, "1.25x LMDB's time (OmenDB 3000.0 ns, LMDB 2400.0 ns)");
  assert.match(packageHot.target, /package `OmenDB\.get` \(tier napi\): >= 2x faster than LMDB through omendb-bindgen's koffi bindings$/);
  assert.equal(packageHot.measured, "3.84x (OmenDB 2500.0 ns, LMDB 9600.0 ns per get)");
  const [packageHotNapi, packageColdNapi] = checks.slice(6, 8);
  assert.match(packageHotNapi.target, /package `OmenDB\.get` \(tier napi\): >= 2x faster than LMDB through omendb-bindgen's napi bindings$/);
  assert.equal(packageHotNapi.measured, "0.80x (OmenDB 2500.0 ns, LMDB 2000.0 ns per get; LMDB timed in the napi phase of the same run)");
  assert.match(packageHotNapi.cause, /The package's own call path is about 2100\.0 ns per get here; 2x needs OmenDB at 1000\.0 ns per get\.$/);
  assert.equal(packageColdNapi.measured, "3.75x LMDB's time (OmenDB 9000.0 ns, LMDB 2400.0 ns; LMDB timed in the napi phase of the same run)");
  assert.match(checks[8].target, /\(quick run; the target is for 1M\)$/);
  assert.match(checks[8].cause, /1000\.0 µs is the koffi call converting the 100,000-element argument arrays/);
});

test("a napi miss names the napi call path; a run without napi rows judges koffi and the package only", () => {
  const slow = rows().map((r) => (r.name === "omendb_napi" && r.suite === "storage_get_hot" ? { ...r, median_ns: 1500 } : r));
  const napiHot = storageTargetChecks(slow, "full")[2];
  assert.equal(napiHot.met, false);
  assert.match(napiHot.cause, /the value copied into the scratch slots and freed inside the addon/);
  assert.match(napiHot.cause, /about 1100\.0 ns per get for OmenDB and 1000\.0 ns for LMDB here/);
  assert.match(napiHot.cause, /flattens it\. Of that path, the loop with the copy of each value into a new Uint8Array alone takes 150\.0 ns \(row napi_value_copy\) and a trivial call through the addon 20\.0 ns \(row napi_call_floor\), for both stores alike\. With LMDB/);
  assert.match(napiHot.cause, /2x needs OmenDB at 1000\.0 ns per get, a call path of at most 600\.0 ns instead of 1100\.0 ns\.$/);
  const koffiOnly = rows(false);
  assert.deepEqual(measuredLayers(koffiOnly).map((l) => l.id), ["koffi"]);
  const checks = storageTargetChecks(koffiOnly, "full");
  assert.equal(checks.length, 5);
  assert.ok(checks.every((c) => !c.measured.includes("napi phase")));
  assert.ok(checks.every((c) => !c.target.includes("napi layer")));
});
