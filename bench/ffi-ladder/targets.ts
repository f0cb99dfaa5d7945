// The FFI ladder's targets (issue 8: generated napi / cpython vs SWIG and hand-written modules,
// db.get(hotKey) compiled vs loader tiers; issue 6: generated koffi vs raw koffi, cffi vs ctypes),
// checked against the ladder's rows. A check whose rows are missing is reported as not measured.

import { fmtTime, type Row, type TargetCheck } from "../lib/rows.mjs";

/** Row suites of the ladder and their baselines (the hand-written module of each runtime). */
export const LADDER_BASELINES = {
  ffi_call_c: "c_direct",
  ffi_call_node: "napi_hand",
  ffi_call_python: "cpython_hand",
  ffi_get_c: "c_floor",
  ffi_get_node: "napi",
  ffi_get_python: "cpython",
} as const;

/** Measured explanations of misses, keyed by check id; filled in by the suite from its notes. */
export type Causes = Partial<Record<CheckId, string>>;
export type CheckId = "napi_vs_swig" | "napi_vs_hand" | "cpython_vs_swig" | "cpython_vs_hand" | "koffi_vs_raw" | "cffi_vs_ctypes" | "cffi_wrapper_vs_ctypes" | "get_node" | "get_python";

function find(rows: readonly Row[], suite: string, name: string): Row | undefined {
  return rows.find((r) => r.suite === suite && r.name === name);
}

const x = (v: number): string => `${v.toFixed(2)}×`;

/** One comparison: the rows it needs and how it turns their medians into a verdict. */
interface Spec {
  id: CheckId;
  suite: string;
  /** The measured row and the row it is compared with. */
  name: string;
  other: string;
  target: string;
  /** `ratio` = median of `name` / median of `other`. */
  verdict(ratio: number, a: Row, b: Row): { measured: string; met: boolean };
}

const SPECS: readonly Spec[] = [
  { id: "napi_vs_swig", suite: "ffi_call_node", name: "napi_generated", other: "swig_node", target: "trivial call, generated Node-API addon: faster than SWIG's Node wrapper",
    verdict: (r, a, b) => ({ measured: `${fmtTime(a.median_ns)} vs SWIG ${fmtTime(b.median_ns)} (${x(r)} SWIG's time)`, met: r < 1 }) },
  { id: "napi_vs_hand", suite: "ffi_call_node", name: "napi_generated", other: "napi_hand", target: "trivial call, generated Node-API addon: ≤ 1.1× a hand-written Node-API addon",
    verdict: (r, a, b) => ({ measured: `${x(r)} (${fmtTime(a.median_ns)} vs ${fmtTime(b.median_ns)})`, met: r <= 1.1 }) },
  { id: "cpython_vs_swig", suite: "ffi_call_python", name: "cpython_generated", other: "swig_builtin", target: "trivial call, generated CPython extension: faster than or equal to SWIG -builtin",
    verdict: (r, a, b) => ({ measured: `${fmtTime(a.median_ns)} vs SWIG ${fmtTime(b.median_ns)} (${x(r)} SWIG's time)`, met: r <= 1 }) },
  { id: "cpython_vs_hand", suite: "ffi_call_python", name: "cpython_generated", other: "cpython_hand", target: "trivial call, generated CPython extension: ≤ 1.2× a hand-written METH_O extension",
    verdict: (r, a, b) => ({ measured: `${x(r)} (${fmtTime(a.median_ns)} vs ${fmtTime(b.median_ns)})`, met: r <= 1.2 }) },
  { id: "koffi_vs_raw", suite: "ffi_call_node", name: "koffi_generated", other: "koffi_raw", target: "per-call overhead, generated koffi wrapper: ≤ 1.1× a hand-written koffi call",
    verdict: (r, a, b) => ({ measured: `${x(r)} (${fmtTime(a.median_ns)} vs ${fmtTime(b.median_ns)})`, met: r <= 1.1 }) },
  { id: "cffi_vs_ctypes", suite: "ffi_call_python", name: "cffi_raw", other: "ctypes_raw", target: "per-call overhead, Python cffi extension (`lib.add1`): ≥ 3× faster than the ctypes call, ≤ 100 ns",
    verdict: (r, a, b) => ({ measured: `${x(1 / r)} faster (${fmtTime(a.median_ns)} vs ctypes ${fmtTime(b.median_ns)})`, met: 1 / r >= 3 && a.median_ns <= 100 }) },
  { id: "cffi_wrapper_vs_ctypes", suite: "ffi_call_python", name: "cffi_generated", other: "ctypes_generated", target: "same through the generated Python wrapper (cffi backend vs ctypes backend): ≥ 3× faster, ≤ 100 ns",
    verdict: (r, a, b) => ({ measured: `${x(1 / r)} faster (${fmtTime(a.median_ns)} vs ${fmtTime(b.median_ns)})`, met: 1 / r >= 3 && a.median_ns <= 100 }) },
  { id: "get_node", suite: "ffi_get_node", name: "koffi", other: "napi", target: "`db.get(hotKey)` from Node, compiled tier: ≥ 1.4× faster than koffi",
    verdict: (r, a, b) => ({ measured: `${x(r)} (napi ${fmtTime(b.median_ns)}, koffi ${fmtTime(a.median_ns)})`, met: r >= 1.4 }) },
  { id: "get_python", suite: "ffi_get_python", name: "ctypes", other: "cpython", target: "`db.get(hotKey)` from Python, compiled tier: ≥ 8× faster than ctypes",
    verdict: (r, a, b) => ({ measured: `${x(r)} (cpython ${fmtTime(b.median_ns)}, ctypes ${fmtTime(a.median_ns)})`, met: r >= 8 }) },
];

/** Every ladder check, in the issues' order; `cause` comes from `causes` when a check is missed. */
export function ladderChecks(rows: readonly Row[], causes: Causes = {}): TargetCheck[] {
  return SPECS.map((spec) => {
    const a = find(rows, spec.suite, spec.name);
    const b = find(rows, spec.suite, spec.other);
    if (!a || !b) {
      const missing = [a ? "" : spec.name, b ? "" : spec.other].filter(Boolean).join(", ");
      return { target: spec.target, measured: `not measured (${missing} unavailable)`, met: false, cause: causes[spec.id] ?? "" };
    }
    const { measured, met } = spec.verdict(a.median_ns / b.median_ns, a, b);
    return { target: spec.target, measured, met, cause: met ? "" : (causes[spec.id] ?? "") };
  });
}
