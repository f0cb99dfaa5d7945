// The function and record plans shared by the compiled tier (napi and cpython emitters): the Node
// signature model decides each parameter's role; this module adds what compiled C cannot do
// (callbacks, unions by value, variadics → skipped with W06xx), records to convert, and C type text.

import type { DiagnosticSink } from "../../diag.js";
import type { FunctionDecl, IrModule, RecordDecl, TypeRef } from "../../ir/types.js";
import { defaultRefSpeller, DeclIndex as CDeclIndex, renderDecl } from "./cdecl.js";
import { type FunctionPlan, numericElem, type NumericElem, type ParamPlan, planFunction, shapeOf, UnsupportedType, type ValueShape } from "./node-signature.js";
import { DeclIndex, hasBitfields, resolveType } from "./resolve.js";
import { downgradeMissingFrees } from "./node-functions.js";
import { assignHostNames } from "./ts-signature.js";

/** Warning codes of the compiled tier (documented in docs/errors.md). */
export const CW = {
  /** Variadic function: no fixed signature to convert. */
  variadic: "W0601",
  /** A callback (function pointer) parameter or return. */
  callback: "W0602",
  /** A union passed or returned by value. */
  unionByValue: "W0603",
  /** A type the signature model cannot express (bit-field record by value, long double, ...). */
  unsupported: "W0604",
  /** A record whose members cannot be converted (pointer arrays, unions, bit-fields). */
  recordMembers: "W0605",
  /** `@owned` names a free function that is missing: the raw pointer is returned instead. */
  missingFree: "W0606",
} as const;

/** How a record member is converted between C and the host language. */
export type CField =
  | { kind: "scalar"; shape: ValueShape }
  | { kind: "record"; rec: RecordDecl }
  | { kind: "numArray"; elem: NumericElem; length: number }
  | { kind: "text"; length: number }
  | { kind: "recordArray"; rec: RecordDecl; length: number };

export interface CRecordPlan {
  rec: RecordDecl;
  /** C spelling of the record type (`struct X` or its typedef name). */
  cType: string;
  fields: { name: string; field: CField }[];
}

/** A function the compiled tier emits, with host-side names. */
export interface CompiledFn extends FunctionPlan {
  /** Host name per C parameter (same order as fn.params). */
  names: string[];
  /** Keys of the returned object/tuple per out-parameter index. */
  outKeys: Map<number, string>;
  /** Handle type (C record name) this function closes, when it is the free function of one. */
  closes?: string;
}

/** Everything an emitter needs: functions, records to convert, handle types, C type spelling. */
export interface CompiledModule {
  index: DeclIndex;
  functions: CompiledFn[];
  records: CRecordPlan[];
  /** Opaque record names (handle types), in IR order. */
  handles: string[];
  cType(t: TypeRef): string;
  /** C declaration of a local named `name` of type `t` (top-level const removed so it can be assigned). */
  cLocal(t: TypeRef, name: string): string;
}

/** C spelling of a type, abstract (`name` empty) or declaring `name`, through the shared declarator model. */
export function cTypeSpeller(ir: IrModule): (t: TypeRef, name?: string) => string {
  const cindex = new CDeclIndex(ir);
  const spell = defaultRefSpeller(cindex);
  return (t, name = "") => renderDecl(t, name, spell);
}

/** Plans a module for a compiled target; every skipped function gets one warning. */
export function planCompiled(ir: IrModule, diag: DiagnosticSink, reservedResultKeys: readonly string[] = ["result"]): CompiledModule {
  const index = new DeclIndex(ir);
  const cType = cTypeSpeller(ir);
  const records = new Map<string, CRecordPlan | null>();
  const functions: CompiledFn[] = [];
  const skip = (d: FunctionDecl, code: string, why: string): void => diag.warning(code, `function \`${d.name}\` skipped: ${why}`, d.loc, d.name);
  for (const d of ir.decls) {
    if (d.kind !== "function") continue;
    if (d.variadic) {
      skip(d, CW.variadic, "variadic functions have no fixed signature to convert");
      continue;
    }
    const plan = planFunction(d, index);
    if ("skip" in plan) {
      skip(d, CW.unsupported, plan.skip);
      continue;
    }
    const problem = unsupportedUse(plan, index, records, cType);
    if (problem !== undefined) {
      skip(d, problem.code, problem.why);
      continue;
    }
    functions.push(withNames(plan, reservedResultKeys));
  }
  const bound = new Set(functions.map((f) => f.fn.name));
  for (const f of functions) downgradeUnemittedFrees(f, bound, diag);
  markClosers(functions, index);
  const handles = ir.decls.filter((d): d is RecordDecl => (d.kind === "struct" || d.kind === "union") && !d.complete).map((d) => d.name);
  const recordList = [...records.values()].filter((r): r is CRecordPlan => r !== null);
  const cLocal = (t: TypeRef, name: string): string => `${cType({ ...t, const: false }, name)};`;
  return { index, functions, records: orderRecords(recordList, index), handles, cType: (t) => cType(t), cLocal };
}

/** Why a planned function cannot be compiled (callbacks, unions by value, unconvertible records). */
function unsupportedUse(
  plan: FunctionPlan,
  index: DeclIndex,
  records: Map<string, CRecordPlan | null>,
  cType: (t: TypeRef, name?: string) => string,
): { code: string; why: string } | undefined {
  const shapes: ValueShape[] = plan.returns.kind === "value" ? [plan.returns.shape] : [];
  const recs: RecordDecl[] = [];
  for (const p of plan.params) {
    const r = p.role;
    if (r.role === "value" || r.role === "outScalar") shapes.push(r.shape);
    if (r.role === "slot") shapes.push(r.inner);
    if (r.role === "recordRef" || r.role === "outRecord") recs.push(r.rec);
  }
  for (const s of shapes) {
    if (s.kind === "callback") return { code: CW.callback, why: "callbacks (function pointers) are not supported by the compiled tier (use koffi/ctypes)" };
    if (s.kind === "record") {
      if (s.rec.kind === "union") return { code: CW.unionByValue, why: `union \`${s.rec.name}\` by value is not supported` };
      recs.push(s.rec);
    }
  }
  for (const rec of recs) {
    const why = planRecord(rec, index, records, cType);
    if (why !== undefined) return { code: CW.recordMembers, why };
  }
  return undefined;
}

/** Plans the conversion of `rec` (and its nested records); returns why it cannot be converted. */
function planRecord(rec: RecordDecl, index: DeclIndex, records: Map<string, CRecordPlan | null>, cType: (t: TypeRef, name?: string) => string): string | undefined {
  const known = records.get(rec.id);
  if (known === null) return `\`${rec.name}\` has members the compiled tier cannot convert`;
  if (known !== undefined) return undefined;
  if (rec.kind === "union") return `union \`${rec.name}\` is not supported`;
  if (hasBitfields(rec, index)) return `\`${rec.name}\` has bit-fields`;
  records.set(rec.id, null);
  const fields: CRecordPlan["fields"] = [];
  for (const f of rec.fields) {
    if (f.name === "") return `\`${rec.name}\` has an anonymous member`;
    const field = classifyField(f.type, index);
    if (field === undefined) return `member \`${rec.name}.${f.name}\` cannot be converted`;
    if (field.kind === "record" || field.kind === "recordArray") {
      const inner = planRecord(field.rec, index, records, cType);
      if (inner !== undefined) return inner;
    }
    fields.push({ name: f.name, field });
  }
  records.set(rec.id, { rec, cType: cType({ kind: "ref", id: rec.id }), fields });
  return undefined;
}

/** Classifies a member type, or undefined when it has no conversion. */
function classifyField(t: TypeRef, index: DeclIndex): CField | undefined {
  const r = resolveType(t, index);
  if (r.kind === "array") {
    const el = resolveType(r.element, index);
    const length = r.length ?? 0;
    if (length === 0) return undefined;
    if (el.kind === "int" && el.isChar) return { kind: "text", length };
    const ne = numericElem(el);
    if (ne) return { kind: "numArray", elem: ne, length };
    const rec = el.kind === "ref" ? index.record(el.id) : undefined;
    if (rec?.complete && rec.kind === "struct") return { kind: "recordArray", rec, length };
    return undefined;
  }
  try {
    const shape = shapeOf(t, index);
    if (shape.kind === "callback") return { kind: "scalar", shape: { kind: "pointer" } };
    if (shape.kind === "record") return shape.rec.kind === "struct" ? { kind: "record", rec: shape.rec } : undefined;
    if (shape.kind === "void") return undefined;
    return { kind: "scalar", shape };
  } catch (e) {
    if (e instanceof UnsupportedType) return undefined;
    throw e;
  }
}

/** Records in dependency order (members before the records holding them), ties by IR order. */
function orderRecords(list: CRecordPlan[], index: DeclIndex): CRecordPlan[] {
  const position = new Map(index.ir.decls.map((d, i) => [d.id, i]));
  const sorted = [...list].sort((a, b) => (position.get(a.rec.id) ?? 0) - (position.get(b.rec.id) ?? 0));
  const byId = new Map(sorted.map((r) => [r.rec.id, r]));
  const out: CRecordPlan[] = [];
  const done = new Set<string>();
  const visit = (r: CRecordPlan): void => {
    if (done.has(r.rec.id)) return;
    done.add(r.rec.id);
    for (const f of r.fields) {
      if (f.field.kind === "record" || f.field.kind === "recordArray") {
        const dep = byId.get(f.field.rec.id);
        if (dep) visit(dep);
      }
    }
    out.push(r);
  };
  for (const r of sorted) visit(r);
  return out;
}

/** Host names of parameters and out keys (`result` is reserved for the C return value). */
function withNames(plan: FunctionPlan, reservedResultKeys: readonly string[]): CompiledFn {
  return { ...plan, ...assignHostNames(plan, ["result", "self"], reservedResultKeys) };
}

/** Owned outs/returns whose free function is not emitted fall back to raw pointers (W0606). */
function downgradeUnemittedFrees(f: CompiledFn, bound: ReadonlySet<string>, diag: DiagnosticSink): void {
  downgradeMissingFrees(f, (free) => bound.has(free), (free) =>
    diag.warning(CW.missingFree, `\`${f.fn.name}\`: free function \`${free}\` is not emitted; the raw pointer is returned instead`, f.fn.loc, f.fn.name),
  );
}

/** A function named as the `@owned` free function of a handle closes that handle (its first parameter). */
function markClosers(functions: CompiledFn[], index: DeclIndex): void {
  const freeOf = new Map<string, string>();
  for (const f of functions) {
    if (f.fn.returnFreeWith !== undefined && f.returns.kind === "value" && f.returns.shape.kind === "handle") freeOf.set(f.fn.returnFreeWith, f.returns.shape.name);
    for (const p of f.params) if (p.role.role === "outHandle" && p.param.freeWith !== undefined) freeOf.set(p.param.freeWith, p.role.name);
  }
  for (const f of functions) {
    const handle = freeOf.get(f.fn.name);
    const first = f.params[0];
    if (handle !== undefined && first?.role.role === "value" && first.role.shape.kind === "handle" && first.role.shape.name === handle) f.closes = handle;
  }
  void index;
}

/** The plan of the parameter named `cName` (length parameters), if any. */
export function paramNamed(f: CompiledFn, cName: string | undefined): ParamPlan | undefined {
  return cName === undefined ? undefined : f.params.find((q) => q.param.name === cName);
}

/** C element type of a numeric element (`int64_t`, `double`, ...). */
export function cElemType(e: NumericElem): string {
  if (e.type.kind === "float") return e.type.size === 4 ? "float" : "double";
  return `${e.type.signed ? "" : "u"}int${e.type.size * 8}_t`;
}

/** Stable 64-bit FNV-1a of a string, as two hex halves (type tags of handles). */
export function fnv1a64(text: string): [string, string] {
  let h = 0xcbf29ce484222325n;
  for (const b of Buffer.from(text, "utf8")) {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  const lo = h;
  let h2 = h ^ 0x9e3779b97f4a7c15n;
  for (const b of Buffer.from(text, "utf8")) {
    h2 ^= BigInt(b);
    h2 = (h2 * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return [`0x${lo.toString(16).padStart(16, "0")}ULL`, `0x${h2.toString(16).padStart(16, "0")}ULL`];
}

/** The `#include` lines of the input headers (by file name; the build passes their folders with -I). */
export function headerIncludes(inputs: readonly string[]): string[] {
  return inputs.map((p) => `#include "${p.split(/[\\/]/).pop() ?? p}"`);
}

/** Whether a record plan exists for a record id. */
export function recordPlanOf(mod: CompiledModule, rec: RecordDecl): CRecordPlan {
  const r = mod.records.find((x) => x.rec.id === rec.id);
  if (!r) throw new Error(`internal: no conversion planned for ${rec.name}`);
  return r;
}

export type { ParamPlan, ValueShape, NumericElem };
