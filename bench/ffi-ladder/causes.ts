// Measured explanations of the FFI ladder's missed targets (see bench/ffi-ladder/NOTES.md for
// the measurements behind them), with the current run's numbers filled in.

import { fmtTime, type Row } from "../lib/rows.mjs";
import type { Causes } from "./targets.js";

const median = (rows: readonly Row[], suite: string, name: string): number | undefined => rows.find((r) => r.suite === suite && r.name === name)?.median_ns;

/** The cause of each check should it be missed, from this run's rows. */
export function missCauses(rows: readonly Row[]): Causes {
  const node = (name: string): string => fmtTime(median(rows, "ffi_call_node", name));
  const py = (name: string): string => fmtTime(median(rows, "ffi_call_python", name));
  return {
    napi_vs_hand: `Both addons do the same conversions (number or bigint in, bigint out); the generated one also reads its library record through napi_get_cb_info's data pointer and calls add1 through a dlsym'd pointer. Hand-written ${node("napi_hand")}, generated ${node("napi_generated")}, plain JS ${node("js_plain")}.`,
    napi_vs_swig: `SWIG's V8 wrapper returns a JS number (a double: int64 values above 2^53 lose precision) while the generated addon returns a bigint; SWIG ${node("swig_node")}, generated ${node("napi_generated")}, hand-written Node-API ${node("napi_hand")}.`,
    cpython_vs_swig: `SWIG ${py("swig_builtin")}, generated ${py("cpython_generated")}, hand-written METH_O ${py("cpython_hand")}, the timeit loop alone ${py("loop_only")}.`,
    cpython_vs_hand: `Generated ${py("cpython_generated")} vs hand-written ${py("cpython_hand")}: the generated method is bound to a Library object (self) and range-checks through its shared integer helper.`,
    koffi_vs_raw: `The generated wrapper adds one JS call and a BigInt() of the result: ${node("koffi_generated")} vs raw ${node("koffi_raw")}.`,
    cffi_vs_ctypes: `cffi ${py("cffi_raw")}, ctypes ${py("ctypes_raw")}.`,
    cffi_wrapper_vs_ctypes: `The generated wrapper is a Python method around the cffi call: ${py("cffi_generated")} vs the raw cffi call ${py("cffi_raw")}; a Python-level call costs ~${py("loop_only")} of loop plus the method call.`,
    get_node: "See bench/ffi-ladder/NOTES.md: both tiers spend the time building the JS result (an OmenResult object, the value copy), not crossing into C.",
    get_python: "See bench/ffi-ladder/NOTES.md: the package's own Python work per get (key and handle checks, result unpacking) is paid on every tier.",
  };
}
