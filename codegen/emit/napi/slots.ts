// Scratch-slot results of the napi target: building a JS object from C costs ~0.5–1.5 µs (a named
// property set through Node-API is slow), the same object literal in JS ~10 ns. So for a function
// whose results are plain scalars, flat records and at most one owned numeric buffer, the addon
// writes them into 8-byte slots of a scratch ArrayBuffer shared with the loader (owned bytes into its
// byte area) and the loader assembles `{ result, ...outs }`. Slot 0 says which way the call went:
// 1 = slots written, 0 = the addon returned the complete object (a non-NULL string field, or no scratch).

import type { CompiledFn, CompiledModule, NumericElem, ValueShape } from "../common/compiled-plan.js";
import { cElemType, paramNamed, recordPlanOf } from "../common/compiled-plan.js";
import { isOutRole } from "../common/node-signature.js";
import { fmtPropertyKey } from "../common/ts-names.js";
import type { CodeWriter } from "../common/writer.js";
import { callee } from "./convert.js";
import type { NapiNames } from "./names.js";
import { newTypedArray } from "./types.js";

/** Bytes of owned output copied through the scratch byte area; larger buffers are made by the addon. */
export const SCRATCH_BYTES = 4096;

/** How one C scalar travels through a slot: as a double, a bool (double), int64, uint64 or pointer (uint64). */
type LeafKind = "f64" | "bool" | "i64" | "u64" | "ptr";

/** A JS value read back from the slots. */
type SlotValue =
  | { kind: "leaf"; leaf: LeafKind; c: string; slot: number }
  | { kind: "nullString"; c: string }
  | { kind: "record"; fields: { key: string; value: SlotValue }[] }
  | { kind: "owned"; elem: NumericElem; ptr: string; count: string; free: string; slot: number };

/** The slot plan of one function. */
export interface SlotPlan {
  fn: CompiledFn;
  /** The C return value, when not void. */
  result?: SlotValue;
  /** Out-parameters by result key, in parameter order. */
  outs: { key: string; value: SlotValue }[];
  /** Slots used, slot 0 (the mode) included. */
  slotCount: number;
}

/** Plans every function that returns an object (out-parameters or a record) and whose results all fit slots. */
export function planSlots(mod: CompiledModule, names: NapiNames): Map<string, SlotPlan> {
  const plans = new Map<string, SlotPlan>();
  for (const f of mod.functions) {
    const plan = planFunctionSlots(f, mod, names);
    if (plan !== undefined) plans.set(f.fn.name, plan);
  }
  return plans;
}

/** Slots needed by the largest plan (mode slot included), at least 1. */
export function slotsNeeded(plans: ReadonlyMap<string, SlotPlan>): number {
  let n = 1;
  for (const p of plans.values()) n = Math.max(n, p.slotCount);
  return n;
}

function planFunctionSlots(f: CompiledFn, mod: CompiledModule, names: NapiNames): SlotPlan | undefined {
  const outs = f.params.filter((p) => isOutRole(p.role));
  const returnsRecord = f.returns.kind === "value" && f.returns.shape.kind === "record";
  if (outs.length === 0 && !returnsRecord) return undefined;
  if (f.returns.kind !== "value") return undefined;
  let next = 1;
  let owned = 0;
  const take = (): number => next++;
  const valueOf = (shape: ValueShape, c: string): SlotValue | undefined => {
    switch (shape.kind) {
      case "int":
        if (shape.int.size === 8) return { kind: "leaf", leaf: shape.int.signed ? "i64" : "u64", c, slot: take() };
        return { kind: "leaf", leaf: "f64", c, slot: take() };
      case "float":
        return { kind: "leaf", leaf: "f64", c, slot: take() };
      case "bool":
        return { kind: "leaf", leaf: "bool", c, slot: take() };
      case "pointer":
        return { kind: "leaf", leaf: "ptr", c, slot: take() };
      case "string":
        return { kind: "nullString", c };
      case "record": {
        const fields: { key: string; value: SlotValue }[] = [];
        for (const { name, field } of recordPlanOf(mod, shape.rec).fields) {
          const value = field.kind === "scalar" ? valueOf(field.shape, `${c}.${name}`) : field.kind === "record" ? valueOf({ kind: "record", rec: field.rec }, `${c}.${name}`) : undefined;
          if (value === undefined) return undefined;
          fields.push({ key: name, value });
        }
        return { kind: "record", fields };
      }
      default:
        return undefined;
    }
  };
  const result = f.returns.shape.kind === "void" ? undefined : valueOf(f.returns.shape, "r");
  if (f.returns.shape.kind !== "void" && result === undefined) return undefined;
  const planned: { key: string; value: SlotValue }[] = [];
  for (const p of outs) {
    const r = p.role;
    const o = `o${p.index}`;
    let value: SlotValue | undefined;
    if (r.role === "outScalar") value = valueOf(r.shape, o);
    else if (r.role === "outPointer") value = valueOf({ kind: "pointer" }, o);
    else if (r.role === "outRecord") value = valueOf({ kind: "record", rec: r.rec }, o);
    else if (r.role === "outOwned" && r.elem !== "string") {
      const len = paramNamed(f, r.lengthParam);
      if (len === undefined || !isOutRole(len.role) || owned++ > 0) return undefined;
      const freeFn = mod.index.functionNamed(r.freeWith);
      const freeArgs = (freeFn?.params.length ?? 1) >= 2 ? `${o}, o${len.index}` : o;
      value = { kind: "owned", elem: r.elem, ptr: o, count: `(size_t)o${len.index}`, free: `${callee(mod, names, r.freeWith)}(${freeArgs});`, slot: take() };
    }
    if (value === undefined) return undefined;
    planned.push({ key: f.outKeys.get(p.index) ?? "", value });
  }
  return { fn: f, result, outs: planned, slotCount: next };
}

function* valuesIn(v: SlotValue): Generator<SlotValue> {
  yield v;
  if (v.kind === "record") for (const f of v.fields) yield* valuesIn(f.value);
}

function allValues(plan: SlotPlan): SlotValue[] {
  const top = [...(plan.result ? [plan.result] : []), ...plan.outs.map((o) => o.value)];
  return top.flatMap((v) => [...valuesIn(v)]);
}

/**
 * The result of a planned wrapper: the slots (mode 1) when the scratch exists and every string
 * field is NULL, else mode 0 and the complete object from `emitComplete`.
 */
export function emitSlotResult(w: CodeWriter, plan: SlotPlan, emitComplete: () => void): void {
  const values = allValues(plan);
  const conds = ["L->scratch != NULL", ...values.filter((v) => v.kind === "nullString").map((v) => `${v.c} == NULL`)];
  w.block(`if (${conds.join(" && ")}) {`, "}", () => {
    w.line("void *S = L->scratch;");
    for (const v of values) {
      if (v.kind === "leaf") w.line(leafStore(v.leaf, v.slot, v.c));
      if (v.kind === "owned") emitOwnedStore(w, v);
    }
    w.line("omb_slot_f64(S, 0, 1);");
    w.line("if (ret == NULL) ret = omb_undefined(env);");
  });
  w.block("else {", "}", () => {
    w.line("if (L->scratch != NULL) omb_slot_f64(L->scratch, 0, 0);");
    emitComplete();
  });
}

function leafStore(kind: LeafKind, slot: number, c: string): string {
  switch (kind) {
    case "f64":
    case "bool":
      return `omb_slot_f64(S, ${slot}, (double)(${c}));`;
    case "i64":
      return `omb_slot_i64(S, ${slot}, (int64_t)(${c}));`;
    case "u64":
      return `omb_slot_u64(S, ${slot}, (uint64_t)(${c}));`;
    case "ptr":
      return `omb_slot_u64(S, ${slot}, (uint64_t)(uintptr_t)(${c}));`;
  }
}

/** Owned buffer: NULL → -1; fits the byte area → copied there, count in the slot; else the addon's typed array as `ret`, -2. */
function emitOwnedStore(w: CodeWriter, v: Extract<SlotValue, { kind: "owned" }>): void {
  w.line(`if (${v.ptr} == NULL) omb_slot_f64(S, ${v.slot}, -1);`);
  w.block("else {", "}", () => {
    w.line(`size_t n = ${v.count} * sizeof(${cElemType(v.elem)});`);
    w.line(`if (n <= OMB_SCRATCH_BYTES) { memcpy((uint8_t *)S + OMB_SCRATCH_BYTES_AT, ${v.ptr}, n); omb_slot_f64(S, ${v.slot}, (double)${v.count}); }`);
    w.line(`else { ret = ${newTypedArray(v.elem, v.ptr, v.count)}; omb_slot_f64(S, ${v.slot}, -2); }`);
    w.line(v.free);
    w.line(`if (n > OMB_SCRATCH_BYTES && ret == NULL) goto done;`);
  });
}

/** C slot writers and the scratch layout constants (slots, then the byte area). */
export function slotPreludeC(slots: number): string {
  return [
    "",
    "/* Scratch slots shared with the loader (slots.ts): 8-byte slots, then a byte area for owned buffers. */",
    `#define OMB_SCRATCH_SLOTS ${slots}`,
    `#define OMB_SCRATCH_BYTES ${SCRATCH_BYTES}`,
    "#define OMB_SCRATCH_BYTES_AT (8 * OMB_SCRATCH_SLOTS)",
    "#define OMB_SCRATCH_SIZE (OMB_SCRATCH_BYTES_AT + OMB_SCRATCH_BYTES)",
    "OMB_FN void omb_slot_f64(void *s, size_t k, double x) { memcpy((char *)s + 8 * k, &x, 8); }",
    "OMB_FN void omb_slot_i64(void *s, size_t k, int64_t x) { memcpy((char *)s + 8 * k, &x, 8); }",
    "OMB_FN void omb_slot_u64(void *s, size_t k, uint64_t x) { memcpy((char *)s + 8 * k, &x, 8); }",
  ].join("\n");
}

/** JS expression reading one planned value back (`$p`: what the addon returned). */
function readJs(v: SlotValue): string {
  switch (v.kind) {
    case "leaf":
      switch (v.leaf) {
        case "f64":
          return `$F[${v.slot}]`;
        case "bool":
          return `$F[${v.slot}] !== 0`;
        case "i64":
          return `$I[${v.slot}]`;
        case "u64":
          return `$U[${v.slot}]`;
        case "ptr":
          return `$ptr($U[${v.slot}])`;
      }
      break;
    case "nullString":
      return "null";
    case "record":
      return `{ ${v.fields.map((f) => `${fmtPropertyKey(f.key)}: ${readJs(f.value)}`).join(", ")} }`;
    case "owned": {
      const c = `$F[${v.slot}]`;
      const copy = v.elem.typedArray === "Uint8Array" ? `$B.slice(0, ${c})` : `new ${v.elem.typedArray}($B.slice(0, ${c} * ${v.elem.type.size}).buffer)`;
      return `(${c} === -1 ? null : ${c} === -2 ? $p : ${copy})`;
    }
  }
}

/** `withSlotResults(lib, scratch)` of the loader: replaces each planned raw method by one assembling its object. */
export function emitSlotLoaderJs(w: CodeWriter, plans: ReadonlyMap<string, SlotPlan>, slots: number): void {
  w.line(`const SCRATCH_SLOTS = ${slots};`);
  w.line(`const SCRATCH_SIZE = SCRATCH_SLOTS * 8 + ${SCRATCH_BYTES};`);
  w.blank();
  w.line("// The addon writes plain results into scratch slots; the object is assembled here (much cheaper in JS).");
  w.block("function withSlotResults(lib, scratch) {", "}", () => {
    w.line("const $F = new Float64Array(scratch, 0, SCRATCH_SLOTS);");
    w.line("const $I = new BigInt64Array(scratch, 0, SCRATCH_SLOTS);");
    w.line("const $U = new BigUint64Array(scratch, 0, SCRATCH_SLOTS);");
    w.line("const $B = new Uint8Array(scratch, SCRATCH_SLOTS * 8);");
    w.line("const $ptr = (a) => (a === 0n ? null : a);");
    w.line("void $I, $U, $B, $ptr;");
    for (const plan of [...plans.values()].sort((a, b) => (a.fn.fn.name < b.fn.fn.name ? -1 : 1))) emitSlotMethod(w, plan);
    w.line("return lib;");
  });
}

function emitSlotMethod(w: CodeWriter, plan: SlotPlan): void {
  const f = plan.fn;
  const name = f.fn.name;
  const params = f.params.filter((p) => !isOutRole(p.role)).map((p) => f.names[p.index] ?? `arg${p.index}`);
  const members = [...(plan.result ? [`result: ${readJs(plan.result)}`] : []), ...plan.outs.map((o) => `${fmtPropertyKey(o.key)}: ${readJs(o.value)}`)];
  const object = plan.outs.length === 0 && plan.result !== undefined ? readJs(plan.result) : `{ ${members.join(", ")} }`;
  w.block("{", "}", () => {
    w.line(`const $raw = lib[${JSON.stringify(name)}];`);
    w.block(`lib[${JSON.stringify(name)}] = function (${params.join(", ")}) {`, "};", () => {
      w.line(`const $p = arguments.length === ${params.length} ? $raw(${params.join(", ")}) : $raw(...arguments);`);
      w.line("if ($F[0] === 0) return $p;");
      w.line(`return ${object};`);
    });
  });
}
