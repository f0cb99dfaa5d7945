// Times `add1(5)` through every Node layer the ladder built, in this one process: the
// hand-written Node-API addon (bigint result, and a number-result variant), omendb-bindgen's
// napi, koffi and ffi-rs targets, koffi called raw (`lib.func`, also followed by the BigInt()
// the typed wrapper applies), SWIG's Node wrapper, and a plain JS function as the no-FFI reference.
// Rounds (calibrated to the same duration for every layer) are interleaved across layers;
// returns per-call median and p99 (ns) per layer.

import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import koffi from "koffi";
import { sampleInterleaved, summarize, timeNs } from "../lib/stats.js";
import type { LadderBuild } from "./build.js";

/** The Node layers, in table order. */
export const NODE_LAYERS = ["js_plain", "napi_hand", "napi_hand_number", "napi_generated", "swig_node", "koffi_generated", "koffi_raw", "koffi_raw_bigint", "ffi_rs_generated"] as const;
export type NodeLayer = (typeof NODE_LAYERS)[number];

type Add1 = (x: number) => unknown;
/** One timing loop per layer: separate function literals, so each call site stays monomorphic. */
type Loop = (calls: number) => unknown;

async function loadLayers(build: LadderBuild): Promise<Partial<Record<NodeLayer, Add1>>> {
  const require = createRequire(import.meta.url);
  const fns: Partial<Record<NodeLayer, Add1>> = { js_plain: (x: number) => x + 1 };
  const tryLoad = async (layer: NodeLayer, load: () => Promise<Add1> | Add1): Promise<void> => {
    if (build.missing[layer]) return;
    try {
      fns[layer] = await load();
    } catch (error) {
      build.missing[layer] = error instanceof Error ? error.message.split("\n")[0] : String(error);
    }
  };
  const generated = (file: string): string => pathToFileURL(join(build.generated, file)).href;
  type Loaded = { load(path?: string): { add1(x: number | bigint): bigint } };
  await tryLoad("napi_hand", () => (require(build.handNapi) as { add1: Add1 }).add1);
  await tryLoad("napi_hand_number", () => (require(build.handNapi) as { add1_number: Add1 }).add1_number);
  await tryLoad("napi_generated", async () => ((await import(generated("add1.napi.js"))) as Loaded).load(build.library).add1);
  await tryLoad("swig_node", () => (require(build.swigNode) as { add1: Add1 }).add1);
  await tryLoad("koffi_generated", async () => ((await import(generated("add1.koffi.ts"))) as Loaded).load(build.library).add1);
  await tryLoad("koffi_raw", () => koffi.load(build.library).func("add1", "int64_t", ["int64_t"]) as Add1);
  await tryLoad("koffi_raw_bigint", () => {
    const raw = koffi.load(build.library).func("add1", "int64_t", ["int64_t"]) as (x: number) => number | bigint;
    return (x: number) => BigInt(raw(x));
  });
  await tryLoad("ffi_rs_generated", async () => ((await import(generated("add1.ffi-rs.ts"))) as Loaded).load(build.library).add1);
  for (const [layer, fn] of Object.entries(fns)) {
    const out = fn!(41);
    if (Number(out) !== 42) throw new Error(`${layer}: add1(41) returned ${String(out)}`);
  }
  return fns;
}

function loops(fns: Partial<Record<NodeLayer, Add1>>): Partial<Record<NodeLayer, Loop>> {
  const { js_plain, napi_hand, napi_hand_number, napi_generated, swig_node, koffi_generated, koffi_raw, koffi_raw_bigint, ffi_rs_generated } = fns;
  const all: Partial<Record<NodeLayer, Loop>> = {};
  if (js_plain) all.js_plain = (k) => { let r: unknown; for (let i = 0; i < k; i++) r = js_plain(5); return r; };
  if (napi_hand) all.napi_hand = (k) => { let r: unknown; for (let i = 0; i < k; i++) r = napi_hand(5); return r; };
  if (napi_hand_number) all.napi_hand_number = (k) => { let r: unknown; for (let i = 0; i < k; i++) r = napi_hand_number(5); return r; };
  if (napi_generated) all.napi_generated = (k) => { let r: unknown; for (let i = 0; i < k; i++) r = napi_generated(5); return r; };
  if (swig_node) all.swig_node = (k) => { let r: unknown; for (let i = 0; i < k; i++) r = swig_node(5); return r; };
  if (koffi_generated) all.koffi_generated = (k) => { let r: unknown; for (let i = 0; i < k; i++) r = koffi_generated(5); return r; };
  if (koffi_raw) all.koffi_raw = (k) => { let r: unknown; for (let i = 0; i < k; i++) r = koffi_raw(5); return r; };
  if (koffi_raw_bigint) all.koffi_raw_bigint = (k) => { let r: unknown; for (let i = 0; i < k; i++) r = koffi_raw_bigint(5); return r; };
  if (ffi_rs_generated) all.ffi_rs_generated = (k) => { let r: unknown; for (let i = 0; i < k; i++) r = ffi_rs_generated(5); return r; };
  return all;
}

/**
 * Calls per round for each layer so that every round lasts about `roundNs`: on a shared machine a
 * long round almost always contains a preemption while a short one usually does not, so rounds of
 * equal length keep the layers' medians comparable. Calibrated from a timed batch after warm-up.
 */
function calibrate(loop: Loop, roundNs: number): number {
  for (let i = 0; i < 5; i++) loop(20_000); // let the JIT optimize the loop before measuring it
  let calls = 1000;
  while (timeNs(() => loop(calls)) < roundNs / 4 && calls < 1e8) calls *= 4;
  const ns = Math.min(...Array.from({ length: 5 }, () => timeNs(() => loop(calls))));
  return Math.max(1, Math.round((calls * roundNs) / Math.max(ns, 1)));
}

/** Per-call median/p99 of every loadable Node layer over `rounds` interleaved rounds of about `roundNs` each. */
export async function timeNodeLayers(build: LadderBuild, rounds: number, roundNs: number): Promise<{ name: NodeLayer; median_ns: number; p99_ns: number; calls: number }[]> {
  const byLayer = loops(await loadLayers(build));
  const layers = NODE_LAYERS.filter((l) => byLayer[l] !== undefined);
  const callsOf = new Map(layers.map((l) => [l, calibrate(byLayer[l]!, roundNs)]));
  const perRound = sampleInterleaved(layers, rounds, Math.max(2, Math.floor(rounds / 10)), 1, (layer) => {
    byLayer[layer as NodeLayer]!(callsOf.get(layer as NodeLayer)!);
  });
  return layers.map((name) => {
    const calls = callsOf.get(name)!;
    return { name, ...summarize(perRound.get(name)!.map((ns) => ns / calls)), calls: rounds * calls };
  });
}
