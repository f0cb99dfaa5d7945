// Callbacks for koffi: each function-pointer typedef becomes a JS function type, a koffi
// prototype (`_p_<name>`) and a `register_<name>` helper returning a pointer that stays valid until
// `unregisterCallback`. Variadic or unexpressible prototypes are skipped with a warning.

import type { FunctionType, TypedefDecl } from "../../ir/types.js";
import { declDocLines, tsDocBlock } from "../common/doc.js";
import { shapeOf, UnsupportedType } from "../common/node-signature.js";
import { tsValueType } from "../common/node-types.js";
import { pointeeOf, resolveType } from "../common/resolve.js";
import { isCallbackTypedef } from "../common/ts-decls.js";
import { fmtIdentifier } from "../common/ts-names.js";
import type { CodeWriter } from "../common/writer.js";
import { type KoffiContext, W } from "./context.js";
import { koffiType } from "./types.js";

interface CallbackPlan {
  decl: TypedefDecl;
  fn: FunctionType;
  tsType: string;
  register: string;
}

/** The function type a callback typedef names. */
function functionTypeOf(d: TypedefDecl, ctx: KoffiContext): FunctionType {
  const r = resolveType(d.type, ctx.index);
  const fn = r.kind === "function" ? r : pointeeOf(r, ctx.index);
  if (fn?.kind !== "function") throw new Error(`${d.name} is not a callback typedef`);
  return fn;
}

/** Plans the callbacks and records their JS type names (used by parameter types). */
export function planCallbacks(ctx: KoffiContext): CallbackPlan[] {
  const plans: CallbackPlan[] = [];
  for (const d of ctx.ir.decls) {
    if (d.kind !== "typedef" || !isCallbackTypedef(d, ctx.index)) continue;
    const fn = functionTypeOf(d, ctx);
    if (fn.variadic) {
      ctx.skip(W.unsupportedCallback, d, "callback type", "variadic callbacks cannot be implemented in JS");
      continue;
    }
    let tsType: string;
    try {
      const args = fn.params.map((p, i) => `${fmtIdentifier(p.name || `arg${i}`)}: ${tsValueType(shapeOf(p.type, ctx.index), true, ctx.names)}`);
      const ret = shapeOf(fn.returns, ctx.index);
      if (ret.kind === "record") throw new UnsupportedType("struct return from a callback");
      tsType = `(${args.join(", ")}) => ${tsValueType(ret, true, ctx.names)}`;
    } catch (e) {
      if (!(e instanceof UnsupportedType)) throw e;
      ctx.skip(W.unsupportedCallback, d, "callback type", e.message);
      continue;
    }
    const name = ctx.names.exports.claim(d.id, d.name);
    ctx.names.callbackTypes.set(d.name, name);
    ctx.emittedProtos.add(d.name);
    plans.push({ decl: d, fn, tsType, register: ctx.names.exports.claim(`register:${d.name}`, `register_${d.name}`) });
  }
  return plans;
}

/** Writes the JS function types. */
export function emitCallbackTypes(w: CodeWriter, plans: readonly CallbackPlan[], ctx: KoffiContext): void {
  for (const p of plans) {
    w.blank();
    w.lines(tsDocBlock([...declDocLines(p.decl.doc), "A JS function implementing this C callback type."]));
    w.line(`export type ${ctx.names.callbackTypes.get(p.decl.name)} = ${p.tsType};`);
  }
}

/** Writes the koffi prototypes and the register helpers. */
export function emitCallbackRuntime(w: CodeWriter, plans: readonly CallbackPlan[], ctx: KoffiContext): void {
  if (plans.length === 0) return;
  w.blank();
  for (const p of plans) {
    const args = p.fn.params.map((q) => koffiType(q.type, ctx)).join(", ");
    w.line(`const ${ctx.names.protoVar(p.decl.name)} = koffi.proto(${koffiType(p.fn.returns, ctx)}, [${args}]);`);
  }
  for (const p of plans) {
    const type = ctx.names.callbackTypes.get(p.decl.name);
    w.blank();
    w.lines(tsDocBlock([`Registers \`fn\` as a \`${p.decl.name}\`; the pointer stays valid until \`unregisterCallback\`.`, "@param fn The JS implementation.", "@returns The C function pointer."]));
    w.block(`export function ${p.register}(fn: ${type}): Pointer {`, "}", () => {
      w.line(`return koffi.register(fn, koffi.pointer(${ctx.names.protoVar(p.decl.name)}));`);
    });
  }
  w.blank();
  w.lines(tsDocBlock(["Releases a callback pointer returned by a `register_*` function.", "@param ptr The pointer."]));
  w.block(`export function ${ctx.names.exports.claim("unregisterCallback")}(ptr: Pointer): void {`, "}", () => {
    w.line("koffi.unregister(ptr);");
  });
}
