// Wrapper bodies for ffi-rs: per parameter, the ffi-rs type and value expressions (buffers and
// record pointers passed as bytes without copying, out-parameters as scratch bytes), then the
// call, the copy-back of in-out records and slots, decoding of outs and freeing of owned buffers.

import { isOutRole, type ParamPlan, shapeOf, type ValueShape } from "../common/node-signature.js";
import { tsValueType } from "../common/node-types.js";
import { fmtPropertyKey } from "../common/ts-names.js";
import type { CodeWriter } from "../common/writer.js";
import type { FfiRsContext } from "./context.js";
import type { FunctionEmitPlan } from "./functions.js";
import { ffiScalarType, fromFfi, type ScalarShape, toFfi, viewAccessor } from "./types.js";

/** One argument as passed to ffi-rs, with statements to run after the call. */
export interface ArgCode {
  type: string;
  value: string;
  after: string[];
}

/** ffi-rs type of the C return value. */
export function returnType(plan: FunctionEmitPlan, ctx: FfiRsContext): string {
  if (plan.returns.kind === "ownedString") return "DataType.BigInt";
  const s = plan.returns.shape;
  if (s.kind === "void") return "DataType.Void";
  if (s.kind === "record") return ctx.names.structType(s.rec);
  if (s.kind === "string") return "DataType.BigInt";
  return ffiScalarType(s);
}

/** Local variable holding a parameter's converted or scratch value. */
function local(plan: FunctionEmitPlan, p: ParamPlan): string {
  return `_a_${plan.jsNames[p.index]}`;
}

/** Byte size of an out-parameter's scratch memory. */
function scratchSize(p: ParamPlan): number {
  return p.role.role === "outRecord" ? (p.role.rec.layout?.size ?? 0) : 8;
}

/** Declares what a parameter needs before the call and returns how it is passed. */
export function emitParam(w: CodeWriter, plan: FunctionEmitPlan, p: ParamPlan, ctx: FfiRsContext): ArgCode {
  const name = plan.jsNames[p.index] ?? "";
  const tmp = local(plan, p);
  const r = p.role;
  switch (r.role) {
    case "value": {
      const s = r.shape;
      if (s.kind === "string") {
        return p.nullable ? { type: `${name} === null ? DataType.BigInt : DataType.String`, value: `${name} ?? 0n`, after: [] } : { type: "DataType.String", value: name, after: [] };
      }
      if (s.kind === "record") return { type: ctx.names.structType(s.rec), value: `${ctx.names.toValue(s.rec)}(${name}, _keep)`, after: [] };
      if (s.kind === "void") throw new Error("void parameter");
      return { type: ffiScalarType(s), value: toFfi(name, s), after: [] };
    }
    case "bytes":
    case "array":
      return { type: `${ctx.use("_bufType")}(${name})`, value: `${ctx.use("_bufArg")}(${name})`, after: [] };
    case "bufferList":
      return { type: `${name} === null ? DataType.BigInt : DataType.U8Array`, value: `${name} === null ? 0n : ${ctx.use("_pointerTable")}(${name}, _keep)`, after: [] };
    case "recordRef": {
      const size = r.rec.layout?.size ?? 0;
      const isObject = `typeof ${name} !== "bigint" && ${name} !== null && ${tmp} !== null`;
      w.line(`const ${tmp} = typeof ${name} === "bigint" || ${name} === null ? null : new DataView(new ArrayBuffer(${size}));`);
      w.line(`if (${isObject}) ${ctx.names.encoder(r.rec)}(${tmp}, 0, ${name}, _keep);`);
      const after = r.writable ? [`if (${isObject}) Object.assign(${name}, ${ctx.names.decoder(r.rec)}(${tmp}, 0));`] : [];
      return { type: `${tmp} === null ? DataType.BigInt : DataType.U8Array`, value: `${tmp} === null ? ${name} ?? 0n : new Uint8Array(${tmp}.buffer)`, after };
    }
    case "slot": {
      w.line(`const ${tmp} = new DataView(new ArrayBuffer(8));`);
      w.line(`if (${name} !== null) ${tmp}.setBigUint64(0, ${name}[0] ?? 0n, true);`);
      const inner = tsValueType(r.inner, false, ctx.names);
      return {
        type: `${name} === null ? DataType.BigInt : DataType.U8Array`,
        value: `${name} === null ? 0n : new Uint8Array(${tmp}.buffer)`,
        after: [`if (${name} !== null) ${name}[0] = ${ctx.use("_ptr")}(${tmp}.getBigUint64(0, true)) as ${inner};`],
      };
    }
    case "outCallerArray": {
      const lenParam = plan.params.find((q) => q.param.name === r.lengthParam);
      const lenName = lenParam ? plan.jsNames[lenParam.index] : "0";
      w.line(`const ${tmp} = new ${r.elem.typedArray}(Number(${lenName}));`);
      return { type: "DataType.U8Array", value: `${ctx.use("_bufArg")}(${tmp})`, after: [] };
    }
    default:
      w.line(`const ${tmp} = new DataView(new ArrayBuffer(${scratchSize(p)}));`);
      return { type: "DataType.U8Array", value: `new Uint8Array(${tmp}.buffer)`, after: [] };
  }
}

/** Expression converting ffi-rs's raw result to the typed surface. */
function convertResult(call: string, shape: ValueShape, ctx: FfiRsContext): string {
  if (shape.kind === "record") return `${ctx.names.fromValue(shape.rec)}(${call})`;
  if (shape.kind === "void") return call;
  return fromFfi(call, shape, ctx);
}

/** Expression reading a scalar out-parameter from its scratch DataView. */
function readOutScalar(view: string, s: ValueShape, ctx: FfiRsContext): string {
  if (s.kind === "bool") return `${view}.getUint8(0) !== 0`;
  if (s.kind === "int" || s.kind === "float") {
    const cast = s.kind === "int" && s.enumName !== undefined ? ` as ${ctx.names.enumType(s.enumName)}` : "";
    const acc = viewAccessor(s);
    return `${view}.get${acc.name}(0${acc.size > 1 ? ", true" : ""})${cast}`;
  }
  throw new Error(`scalar out-param of ${s.kind}`);
}

/** Statement calling free function `freeWith` on `ptr` (and `count` when it takes a length). */
function freeCall(freeWith: string, ptr: string, count: string | undefined, ctx: FfiRsContext): string {
  const free = ctx.index.functionNamed(freeWith);
  const second = free?.params[1];
  const spec = ctx.names.spec(freeWith);
  if (second === undefined) return `_call(${spec}, [DataType.BigInt], [${ptr}]);`;
  const shape = shapeOf(second.type, ctx.index) as ScalarShape;
  const countExpr = count === undefined ? "0" : shape.kind === "int" && shape.wide ? count : `Number(${count})`;
  return `_call(${spec}, [DataType.BigInt, ${ffiScalarType(shape)}], [${ptr}, ${toFfi(countExpr, shape)}]);`;
}

/** Writes the call and everything after it: copy-backs, outs, frees, the return. */
export function emitResults(w: CodeWriter, plan: FunctionEmitPlan, call: string, after: readonly string[], needsKeep: boolean, ctx: FfiRsContext): void {
  const outs = plan.params.filter((p) => isOutRole(p.role));
  const returnsVoid = plan.returns.kind === "value" && plan.returns.shape.kind === "void";
  const finish = (): void => {
    w.lines(after);
    if (needsKeep) w.line("_keep.length = 0;");
  };
  const simple = outs.length === 0 && after.length === 0 && !needsKeep;
  if (plan.returns.kind === "ownedString") {
    w.line(`const _rp = BigInt.asUintN(64, ${call} as bigint);`);
  } else if (returnsVoid) {
    w.line(`${call};`);
  } else if (simple) {
    w.line(`return ${convertResult(call, plan.returns.shape, ctx)};`);
    return;
  } else {
    w.line(`const _r = ${convertResult(call, plan.returns.shape, ctx)};`);
  }
  finish();
  if (plan.returns.kind === "ownedString") emitOwnedString(w, "_r", "_rp", plan.returns.freeWith, ctx);
  if (outs.length === 0) {
    if (!returnsVoid) w.line("return _r;");
    return;
  }
  const values = new Map<number, string>();
  for (const p of outs) {
    if (p.role.role !== "outScalar") continue;
    w.line(`const _o_${plan.jsNames[p.index]} = ${readOutScalar(local(plan, p), p.role.shape, ctx)};`);
    values.set(p.index, `_o_${plan.jsNames[p.index]}`);
  }
  for (const p of outs) {
    const r = p.role;
    const key = `_o_${plan.jsNames[p.index]}`;
    const view = local(plan, p);
    const pointer = `${ctx.use("_ptr")}(${view}.getBigUint64(0, true))`;
    if (r.role === "outHandle") values.set(p.index, `${pointer} as ${ctx.names.handle(r.name)} | null`);
    else if (r.role === "outPointer") values.set(p.index, pointer);
    else if (r.role === "outRecord") values.set(p.index, `${ctx.names.decoder(r.rec)}(${view}, 0)`);
    else if (r.role === "outCallerArray") values.set(p.index, view);
    else if (r.role === "outOwned") {
      w.line(`const ${key}_p = BigInt.asUintN(64, ${view}.getBigUint64(0, true));`);
      if (r.elem === "string") {
        emitOwnedString(w, key, `${key}_p`, r.freeWith, ctx);
      } else {
        const lenParam = plan.params.find((q) => q.param.name === r.lengthParam);
        const len = lenParam !== undefined ? values.get(lenParam.index) : undefined;
        if (len === undefined) throw new Error(`${plan.fn.name}: length of ${p.param.name} is not an out scalar`);
        const elemSize = r.elem.type.size as number;
        const read = `${ctx.use("_readBytes")}(${key}_p, Number(${len}) * ${elemSize})`;
        w.line(`let ${key}: ${r.elem.typedArray} | null = null;`);
        w.block(`if (${key}_p !== 0n) {`, "}", () => {
          w.line(r.elem !== "string" && r.elem.typedArray === "Uint8Array" ? `${key} = ${read};` : `${key} = new ${r.elem !== "string" ? r.elem.typedArray : ""}(${read}.buffer, 0, Number(${len}));`);
          w.line(freeCall(r.freeWith, `${key}_p`, len, ctx));
        });
      }
      values.set(p.index, key);
    }
  }
  const members = returnsVoid ? [] : ["result: _r"];
  for (const p of outs) members.push(`${fmtPropertyKey(plan.outKeys.get(p.index) ?? "")}: ${values.get(p.index)}`);
  w.line(`return { ${members.join(", ")} };`);
}

/** Declares `target`: the owned string at address `ptr` copied (null stays null), then freed. */
function emitOwnedString(w: CodeWriter, target: string, ptr: string, freeWith: string, ctx: FfiRsContext): void {
  w.line(`const ${target} = ${ctx.use("_readString")}(${ptr});`);
  w.line(`if (${ptr} !== 0n) ${freeCall(freeWith, ptr, undefined, ctx)}`);
}
