// Reads the ownership/direction tags of each function's doc comment into its ParamDecl and
// FunctionDecl notes: @param[dir] (direction, docText), @nullable, @length ptr=count,
// @owned name|return free_fn, @abi-check, @thread-safety, @errors. A tag naming no parameter → W0305.

import type { Decl, DocTag, FunctionDecl, IrModule, ParamDecl, ParamDirection } from "../types.js";
import type { PassContext } from "./context.js";

export function readDocNotes(ir: IrModule, ctx: PassContext): IrModule {
  return { ...ir, decls: ir.decls.map((d): Decl => (d.kind === "function" && d.doc ? notedFunction(d, ctx) : d)) };
}

const DIRECTIONS: Record<string, ParamDirection> = { in: "in", out: "out", "in,out": "inout", inout: "inout", "out,in": "inout" };

function notedFunction(fn: FunctionDecl, ctx: PassContext): FunctionDecl {
  const params: ParamDecl[] = fn.params.map((p) => ({ ...p }));
  const byName = new Map(params.map((p) => [p.name, p]));
  const out: FunctionDecl = { ...fn, params };
  const param = (name: string, tag: DocTag): ParamDecl | undefined => {
    const p = byName.get(name);
    if (!p) ctx.diag.warning("W0305", `@${tag.tag} in the doc of '${fn.name}' names no parameter '${name}'`, fn.loc, fn.name);
    return p;
  };
  for (const tag of fn.doc?.tags ?? []) {
    const [first = "", ...rest] = tag.text.split(/\s+/);
    switch (tag.tag) {
      case "param": {
        const p = param(first, tag);
        if (!p) break;
        const dir = tag.arg !== undefined ? DIRECTIONS[tag.arg] : undefined;
        if (dir) p.direction = dir;
        const text = rest.join(" ");
        if (text) p.docText = text;
        break;
      }
      case "nullable":
        if (first === "return") out.returnNullable = true;
        else {
          const p = param(first, tag);
          if (p) p.nullable = true;
        }
        break;
      case "length": {
        const [ptr, count] = first.split("=");
        const p = param(ptr, tag);
        if (p && count) p.lengthParam = count;
        break;
      }
      case "owned":
        if (first === "return") {
          if (rest[0]) out.returnFreeWith = rest[0];
        } else {
          const p = param(first, tag);
          if (p && rest[0]) p.freeWith = rest[0];
        }
        break;
      case "abi-check":
        if (first) out.abiCheck = first;
        break;
      case "thread-safety":
        if (tag.text) out.threadSafety = tag.text;
        break;
      case "errors":
        out.errors = tag.text.split(/[,\s]+/).filter((e) => e !== "");
        break;
      default:
        break;
    }
  }
  return out;
}
