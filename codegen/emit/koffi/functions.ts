// Functions for koffi: plans each function (shared Node signature model), writes its TSDoc'd
// method in the library interface, its raw binding (`lib.func` once, at load) and a thin typed
// wrapper that converts 64-bit results to bigint, fills out-parameters and frees owned buffers.

import type { FunctionDecl } from "../../ir/types.js";
import { downgradeUnboundFrees, planNodeFunctions } from "../common/node-functions.js";
import { type FunctionPlan, isOutRole, type ParamPlan, type ValueShape } from "../common/node-signature.js";
import { fmtPropertyKey } from "../common/ts-names.js";
import { assignHostNames, emitLibraryInterface as emitTsLibraryInterface, type TsMethod, tsSignature } from "../common/ts-signature.js";
import type { CodeWriter } from "../common/writer.js";
import { type KoffiContext, W } from "./context.js";
import { decodeRecordExpr, type RecordPlan } from "./records.js";
import { koffiIntName, koffiType } from "./types.js";

/** A function ready to emit: its plan plus the JS names of its parameters. */
export interface FunctionEmitPlan extends FunctionPlan {
  /** JS name per C parameter (same order as fn.params). */
  jsNames: string[];
  /** Keys of the returned object per out-parameter index. */
  outKeys: Map<number, string>;
}

/** Plans all functions, warning for the skipped ones; free functions named in `@owned` must survive. */
export function planFunctions(ctx: KoffiContext): FunctionEmitPlan[] {
  const plans = planNodeFunctions(ctx, {
    refusePlan: (plan) => {
      const packed = packedByValue(plan);
      if (packed !== undefined) return { code: W.packedByValue, why: `passes packed \`${packed}\` by value, which koffi classifies with the wrong calling convention (pass a pointer instead)` };
      const missing = missingRecord(plan, ctx);
      return missing !== undefined ? { code: W.unsupportedFunction, why: `uses \`${missing}\`, which was skipped` } : undefined;
    },
    complete: withNames,
  });
  const bound = new Set(plans.map((p) => p.fn.name));
  for (const p of plans) downgradeUnboundFrees(ctx, p, (free) => bound.has(free));
  return plans;
}

/** A packed (or `#pragma pack`ed) record passed or returned by value, if any. */
function packedByValue(plan: FunctionPlan): string | undefined {
  const shapes: ValueShape[] = plan.returns.kind === "value" ? [plan.returns.shape] : [];
  for (const p of plan.params) if (p.role.role === "value") shapes.push(p.role.shape);
  for (const s of shapes) if (s.kind === "record" && (s.rec.packed || s.rec.maxFieldAlign !== undefined)) return s.rec.name;
  return undefined;
}

/** The first record a plan needs by value or by reference that has no koffi definition. */
function missingRecord(plan: FunctionPlan, ctx: KoffiContext): string | undefined {
  const shapes: ValueShape[] = plan.returns.kind === "value" ? [plan.returns.shape] : [];
  for (const p of plan.params) {
    const r = p.role;
    if (r.role === "value" || r.role === "outScalar") shapes.push(r.shape);
    if (r.role === "recordRef" || r.role === "outRecord") shapes.push({ kind: "record", rec: r.rec });
  }
  for (const s of shapes) if (s.kind === "record" && !ctx.emittedRecords.has(s.rec.id)) return s.rec.name;
  return undefined;
}

/** Assigns JS parameter names and result keys (`result` is reserved for the C return value). */
function withNames(plan: FunctionPlan): FunctionEmitPlan {
  const { names, outKeys } = assignHostNames(plan, ["varargs", "result"], ["result"]);
  return { ...plan, jsNames: names, outKeys };
}

/** The plan as a library-interface method: variadics take `...varargs: VarArg[]`. */
function asMethod(plan: FunctionEmitPlan): TsMethod {
  if (!plan.fn.variadic) return plan;
  return { ...plan, rest: { ts: "...varargs: VarArg[]", name: "varargs", cName: "..." }, notes: ["Variadic: pass each extra argument as `[koffiType, value]`."] };
}

/** Writes the method signatures (with TSDoc) of the library interface. */
export function emitLibraryInterface(w: CodeWriter, plans: readonly FunctionEmitPlan[], ctx: KoffiContext): void {
  const heading = `The functions of \`${ctx.ir.lib}\`, bound once by \`load()\`; names are the C names.`;
  emitTsLibraryInterface(w, heading, ctx.names.libraryInterface, plans.map(asMethod), ctx.names);
}

/** koffi type expression of one parameter, direction markers included. */
function koffiParamType(p: ParamPlan, fn: FunctionDecl, ctx: KoffiContext): string {
  const r = p.role;
  switch (r.role) {
    case "value":
      if (r.shape.kind === "callback") {
        return r.shape.typedef !== undefined && ctx.emittedProtos.has(r.shape.typedef) ? `koffi.pointer(${ctx.names.protoVar(r.shape.typedef)})` : '"void *"';
      }
      return koffiType(fn.params[p.index]?.type ?? { kind: "void" }, ctx);
    case "bytes":
    case "array":
    case "outCallerArray":
      return '"void *"';
    case "bufferList":
      return 'koffi.pointer(koffi.pointer("uint8_t"))';
    case "recordRef":
      return r.writable ? `koffi.inout(koffi.pointer(${ctx.names.recordVar(r.rec)}))` : `koffi.pointer(${ctx.names.recordVar(r.rec)})`;
    case "slot":
      return 'koffi.inout(koffi.pointer("void *"))';
    case "outScalar":
      return `koffi.out(koffi.pointer(${scalarKoffiType(r.shape)}))`;
    case "outRecord":
      return `koffi.out(koffi.pointer(${ctx.names.recordVar(r.rec)}))`;
    case "outHandle":
    case "outPointer":
    case "outOwned":
      return 'koffi.out(koffi.pointer("void *"))';
  }
}

/** koffi name of a scalar out-param pointee. */
function scalarKoffiType(s: ValueShape): string {
  if (s.kind === "bool") return '"bool"';
  if (s.kind === "float") return s.float.size === 4 ? '"float"' : '"double"';
  if (s.kind === "int") return JSON.stringify(koffiIntName(s.int.size, s.int.signed));
  throw new Error(`scalar out-param of ${s.kind}`);
}

/** Writes the raw bindings (inside load). */
export function emitRawBindings(w: CodeWriter, plans: readonly FunctionEmitPlan[], ctx: KoffiContext): void {
  for (const plan of plans) {
    const fn = plan.fn;
    const ret = plan.returns.kind === "ownedString" ? '"void *"' : returnKoffiType(plan, ctx);
    const args = plan.params.map((p) => koffiParamType(p, fn, ctx));
    if (fn.variadic) args.push('"..."');
    w.line(`const ${ctx.names.rawFn(fn.name)} = lib.func(${JSON.stringify(fn.name)}, ${ret}, [${args.join(", ")}]);`);
  }
}

/** koffi return type: any `char *` reads as text, callbacks and handles as pointers. */
function returnKoffiType(plan: FunctionEmitPlan, ctx: KoffiContext): string {
  const shape = plan.returns.kind === "value" ? plan.returns.shape : undefined;
  if (shape?.kind === "string") return '"const char *"';
  if (shape?.kind === "callback" || shape?.kind === "handle" || shape?.kind === "pointer") return '"void *"';
  return koffiType(plan.fn.returns, ctx);
}

/** Expression converting a raw koffi value of `shape` to the wrapper's output type. */
function convertOut(expr: string, shape: ValueShape, records: ReadonlyMap<string, RecordPlan>, ctx: KoffiContext): string {
  if (shape.kind === "int" && shape.wide) return shape.enumName !== undefined ? `BigInt(${expr}) as ${ctx.names.enumType(shape.enumName)}` : `BigInt(${expr})`;
  if (shape.kind === "record") return decodeRecordExpr(expr, shape.rec, records, ctx);
  if (shape.kind === "handle") return `${expr} as ${ctx.names.handle(shape.name)} | null`;
  return expr;
}

/** Writes the wrapper object literal's methods (inside load). */
export function emitWrappers(w: CodeWriter, plans: readonly FunctionEmitPlan[], records: ReadonlyMap<string, RecordPlan>, ctx: KoffiContext): void {
  for (const plan of plans) {
    const sig = tsSignature(asMethod(plan), ctx.names);
    w.block(`${plan.fn.name}(${sig.params}): ${sig.result} {`, "},", () => emitWrapperBody(w, plan, records, ctx));
  }
}

/** Body of one wrapper: allocate out slots, call, convert, free. */
function emitWrapperBody(w: CodeWriter, plan: FunctionEmitPlan, records: ReadonlyMap<string, RecordPlan>, ctx: KoffiContext): void {
  const raw = ctx.names.rawFn(plan.fn.name);
  const local = (p: ParamPlan): string => `_${plan.jsNames[p.index]}`;
  const args: string[] = [];
  for (const p of plan.params) {
    const r = p.role;
    const name = plan.jsNames[p.index] ?? "";
    if (!isOutRole(r)) {
      args.push(name);
      continue;
    }
    args.push(local(p));
    if (r.role === "outScalar") {
      const init = r.shape.kind === "bool" ? "false" : "0";
      const type = r.shape.kind === "bool" ? "boolean" : r.shape.kind === "int" && r.shape.wide ? "number | bigint" : "number";
      w.line(`const ${local(p)}: [${type}] = [${init}];`);
    } else if (r.role === "outRecord") {
      w.line(`const ${local(p)} = {} as ${ctx.names.record(r.rec, false)};`);
    } else if (r.role === "outCallerArray") {
      const lenParam = plan.params.find((q) => q.param.name === r.lengthParam);
      const lenName = lenParam ? plan.jsNames[lenParam.index] : "0";
      w.line(`const ${local(p)} = new ${r.elem.typedArray}(Number(${lenName}));`);
    } else {
      w.line(`const ${local(p)}: [Pointer | null] = [null];`);
    }
  }
  if (plan.fn.variadic) args.push("...varargs.flat()");
  const call = `${raw}(${args.join(", ")})`;
  const outs = plan.params.filter((p) => isOutRole(p.role));
  const returnsVoid = plan.returns.kind === "value" && plan.returns.shape.kind === "void";

  if (outs.length === 0) {
    if (plan.returns.kind === "ownedString") {
      emitOwnedStringReturn(w, call, plan.returns.freeWith, ctx);
    } else if (returnsVoid) {
      w.line(`${call};`);
    } else {
      w.line(`return ${convertOut(call, plan.returns.shape, records, ctx)};`);
    }
    return;
  }
  if (returnsVoid) w.line(`${call};`);
  else if (plan.returns.kind === "ownedString") {
    w.line(`const _rp: Pointer | null = ${call};`);
    emitOwnedStringCopy(w, "_r", "_rp", plan.returns.freeWith, ctx);
  } else w.line(`const _r = ${convertOut(call, plan.returns.shape, records, ctx)};`);

  // Scalars first: owned buffers read their length from them.
  const values = new Map<number, string>();
  for (const p of outs) {
    const r = p.role;
    const key = `_o_${plan.jsNames[p.index]}`;
    if (r.role === "outScalar") {
      w.line(`const ${key} = ${convertOut(`${local(p)}[0]`, r.shape, records, ctx)};`);
      values.set(p.index, key);
    }
  }
  for (const p of outs) {
    const r = p.role;
    const key = `_o_${plan.jsNames[p.index]}`;
    if (r.role === "outScalar") continue;
    if (r.role === "outHandle") values.set(p.index, `${local(p)}[0] as ${ctx.names.handle(r.name)} | null`);
    else if (r.role === "outPointer") values.set(p.index, `${local(p)}[0]`);
    else if (r.role === "outRecord") values.set(p.index, decodeRecordExpr(local(p), r.rec, records, ctx));
    else if (r.role === "outCallerArray") values.set(p.index, local(p));
    else if (r.role === "outOwned") {
      if (r.elem === "string") emitOwnedStringCopy(w, key, `${local(p)}[0]`, r.freeWith, ctx);
      else emitOwnedArrayCopy(w, plan, p, key, values, ctx);
      values.set(p.index, key);
    }
  }
  const members = returnsVoid ? [] : ["result: _r"];
  for (const p of outs) members.push(`${fmtPropertyKey(plan.outKeys.get(p.index) ?? "")}: ${values.get(p.index)}`);
  w.line(`return { ${members.join(", ")} };`);
}

/** `return` of a `char *` the caller owns: copied to a string, then freed. */
function emitOwnedStringReturn(w: CodeWriter, call: string, freeWith: string, ctx: KoffiContext): void {
  w.line(`const _rp: Pointer | null = ${call};`);
  w.line("if (_rp === null) return null;");
  w.line("const _s = koffi.decode.string(_rp);");
  w.line(`${ctx.names.rawFn(freeWith)}(_rp);`);
  w.line("return _s;");
}

/** Declares `target`: the string at `ptrExpr` copied out (null stays null), the pointer freed. */
function emitOwnedStringCopy(w: CodeWriter, target: string, ptrExpr: string, freeWith: string, ctx: KoffiContext): void {
  w.line(`const ${target}_p: Pointer | null = ${ptrExpr};`);
  w.line(`let ${target}: string | null = null;`);
  w.block(`if (${target}_p !== null) {`, "}", () => {
    w.line(`${target} = koffi.decode.string(${target}_p);`);
    w.line(`${ctx.names.rawFn(freeWith)}(${target}_p);`);
  });
}

/** Declares `target`: an owned array copied in one decode (null stays null), then freed. */
function emitOwnedArrayCopy(w: CodeWriter, plan: FunctionEmitPlan, p: ParamPlan, target: string, values: ReadonlyMap<number, string>, ctx: KoffiContext): void {
  const r = p.role;
  if (r.role !== "outOwned" || r.elem === "string") throw new Error("emitOwnedArrayCopy on a non-array");
  const lenParam = plan.params.find((q) => q.param.name === r.lengthParam);
  const len = lenParam !== undefined ? values.get(lenParam.index) : undefined;
  if (len === undefined) throw new Error(`${plan.fn.name}: length of ${p.param.name} is not an out scalar`);
  const elem = r.elem;
  const elemType = elem.type.kind === "float" ? (elem.type.size === 4 ? "float" : "double") : koffiIntName(elem.type.size, elem.type.signed);
  const freeFn = ctx.index.functionNamed(r.freeWith);
  const freeArgs = (freeFn?.params.length ?? 1) >= 2 ? `${target}_p, ${len}` : `${target}_p`;
  w.line(`const ${target}_p = _${plan.jsNames[p.index]}[0];`);
  w.line(`let ${target}: ${elem.typedArray} | null = null;`);
  w.block(`if (${target}_p !== null) {`, "}", () => {
    w.line(`${target} = koffi.decode(${target}_p, ${JSON.stringify(elemType)}, Number(${len})) as ${elem.typedArray};`);
    w.line(`${ctx.names.rawFn(r.freeWith)}(${freeArgs});`);
  });
}

