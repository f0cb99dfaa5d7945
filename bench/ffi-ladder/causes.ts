// Measured explanations of the FFI ladder's missed targets, with this run's numbers filled in.
// The variant rows exist to measure them: `napi_hand_number` (the hand-written addon returning a
// JS number, as SWIG does) prices the bigint result; `koffi_raw_bigint` (a raw koffi call plus the
// BigInt() the typed wrapper applies) prices the wrapper's conversion. See also NOTES.md.

import { fmtTime, type Row } from "../lib/rows.mjs";
import type { Causes } from "./targets.js";

const median = (rows: readonly Row[], suite: string, name: string): number | undefined => rows.find((r) => r.suite === suite && r.name === name)?.median_ns;

/** Why the generated addon is slower than SWIG's wrapper: the bigint result, or Node-API itself. */
function napiVsSwig(rows: readonly Row[]): string {
  const swig = median(rows, "ffi_call_node", "swig_node");
  const number = median(rows, "ffi_call_node", "napi_hand_number");
  const bigint = median(rows, "ffi_call_node", "napi_hand");
  const generated = median(rows, "ffi_call_node", "napi_generated");
  const measured = `SWIG ${fmtTime(swig)}; hand-written Node-API returning a number ${fmtTime(number)}, returning a bigint ${fmtTime(bigint)}; generated ${fmtTime(generated)}.`;
  const head = "SWIG 4.1's wrapper returns a JS number (a double: int64 results above 2^53 lose precision); our typed contract returns a bigint for int64_t.";
  if (swig !== undefined && number !== undefined && number <= swig) {
    return `${head} Measured in this run: ${measured} With a number result, Node-API beats SWIG, so the gap is the bigint allocation, which the typed contract requires (returning a \`number\` for int64 would save ~${fmtTime((bigint ?? number) - number)} a call and lose exactness above 2^53).`;
  }
  return `${head} Measured in this run: ${measured} Beyond the bigint, Node-API's own indirection (each napi_* call is an out-of-line function checking its arguments and the pending exception) costs more than SWIG's direct V8 calls.`;
}

/** The cause of each check should it be missed, from this run's rows. */
export function missCauses(rows: readonly Row[]): Causes {
  const node = (name: string): string => fmtTime(median(rows, "ffi_call_node", name));
  const py = (name: string): string => fmtTime(median(rows, "ffi_call_python", name));
  const get = (suite: string, name: string): string => fmtTime(median(rows, suite, name));
  return {
    napi_vs_swig: napiVsSwig(rows),
    napi_vs_hand: `Generated ${node("napi_generated")} vs hand-written ${node("napi_hand")}: the generated wrapper also fetches its library record (napi_get_cb_info's data pointer) and calls add1 through a dlsym'd pointer.`,
    cpython_vs_swig: `SWIG ${py("swig_builtin")}, generated ${py("cpython_generated")}, hand-written METH_O ${py("cpython_hand")}, the timeit loop alone ${py("loop_only")}: the three differ by a few ns, within the run-to-run noise.`,
    cpython_vs_hand: `Generated ${py("cpython_generated")} vs hand-written ${py("cpython_hand")}: the generated method is bound to a Library object (self) and range-checks through its shared integer helper.`,
    koffi_vs_raw: `The typed wrapper promises a bigint for int64_t and applies BigInt() to koffi's result (a JS number when it fits): raw koffi ${node("koffi_raw")}, raw koffi + BigInt() ${node("koffi_raw_bigint")}, generated wrapper ${node("koffi_generated")}.`
      + " The conversion, not the wrapper's extra JS call, is the gap; returning koffi's value unconverted would break the bigint contract of the typed API.",
    cffi_vs_ctypes: `cffi ${py("cffi_raw")}, ctypes ${py("ctypes_raw")}, the timeit loop alone ${py("loop_only")}.`,
    cffi_wrapper_vs_ctypes: `The generated wrapper is a Python method around the cffi call: ${py("cffi_generated")} vs the raw cffi call ${py("cffi_raw")} (ctypes wrapper ${py("ctypes_generated")}).`,
    get_node: `napi ${get("ffi_get_node", "napi")}, koffi ${get("ffi_get_node", "koffi")}, the C floor ${get("ffi_get_c", "c_floor")}: both tiers spend the time building the JS result (the OmenResult object, the value copy), not crossing into C (NOTES.md).`,
    get_python: `cpython ${get("ffi_get_python", "cpython")}, ctypes ${get("ffi_get_python", "ctypes")}, the C floor ${get("ffi_get_c", "c_floor")}: the package's own Python work per get (key and handle checks, result unpacking) is paid on every tier (NOTES.md).`,
  };
}
