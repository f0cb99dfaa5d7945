// C type → koffi type expression (TypeScript source text evaluated at module load): primitive
// names as strings, records as their private type objects, pointers as "void *" (koffi 3
// represents every pointer as a bigint) except text and callbacks, arrays via koffi.array.

import type { TypeRef } from "../../ir/types.js";
import { numericElem } from "../common/node-signature.js";
import { resolveType } from "../common/resolve.js";
import type { KoffiContext } from "./context.js";

/** koffi's name of an integer of this size and signedness. */
export function koffiIntName(size: number, signed: boolean): string {
  return `${signed ? "" : "u"}int${size * 8}_t`;
}

/** koffi type expression for a value of type `t` (a field, by-value argument or return). */
export function koffiType(t: TypeRef, ctx: KoffiContext): string {
  const r = resolveType(t, ctx.index);
  switch (r.kind) {
    case "void":
      return '"void"';
    case "bool":
      return '"bool"';
    case "int":
      return r.isChar ? '"char"' : JSON.stringify(koffiIntName(r.size, r.signed));
    case "float":
      return r.size === 4 ? '"float"' : '"double"';
    case "function":
      throw new Error("koffiType on a bare function type");
    case "array": {
      const el = resolveType(r.element, ctx.index);
      const length = r.length ?? 0;
      const hint = el.kind === "int" && el.isChar ? "String" : numericElem(el) ? "Typed" : "Array";
      return `koffi.array(${koffiType(el, ctx)}, ${length}, ${JSON.stringify(hint)})`;
    }
    case "ref": {
      const en = ctx.index.enumDecl(r.id);
      if (en) return JSON.stringify(koffiIntName(en.underlying.size, en.underlying.signed));
      const rec = ctx.index.record(r.id);
      if (!rec) throw new Error(`dangling type id ${r.id}`);
      return ctx.names.recordVar(rec);
    }
    case "pointer": {
      const p = resolveType(r.pointee, ctx.index);
      if (p.kind === "int" && p.isChar && p.const) return '"const char *"';
      return '"void *"';
    }
  }
}
