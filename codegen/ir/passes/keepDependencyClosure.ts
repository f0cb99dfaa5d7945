// Keeps the roots and everything they refer to, transitively; declarations from system headers
// kept this way are marked `system: true`. A reference to an unknown id is an error (E0301), or
// E0101 when the declaration it names could not be parsed. Skipped candidates are reported.

import type { Decl, IrModule, SourceLoc } from "../types.js";
import { declRefs } from "../walk.js";
import type { PassContext } from "./context.js";

export function keepDependencyClosure(ir: IrModule, ctx: PassContext): IrModule {
  const byId = new Map<string, Decl>(ir.decls.map((d) => [d.id, d]));
  const brokenByName = new Map<string, (typeof ctx.broken)[number]>();
  for (const b of ctx.broken) for (const n of b.names) brokenByName.set(n, b);
  reportBrokenCandidates(ctx);
  const kept = new Set<string>();
  const reported = new Set<string>();
  const queue = [...ctx.roots].sort();
  while (queue.length) {
    const id = queue.shift()!;
    if (kept.has(id)) continue;
    kept.add(id);
    const d = byId.get(id)!;
    for (const ref of declRefs(d)) {
      if (kept.has(ref.id)) continue;
      if (byId.has(ref.id)) {
        queue.push(ref.id);
        continue;
      }
      if (!reported.has(ref.id)) reportDangling(ref.id, d, ctx, brokenByName);
      reported.add(ref.id);
    }
  }
  const decls = ir.decls
    .filter((d) => kept.has(d.id))
    .map((d) => (ctx.provenance.get(d.id)?.system && !ctx.provenance.get(d.id)?.library ? { ...d, system: true } : d));
  return { ...ir, decls };
}

function reportBrokenCandidates(ctx: PassContext): void {
  for (const b of ctx.broken) {
    if (!b.library) continue;
    const what = b.names.length ? `'${b.names.join("', '")}'` : "a declaration";
    if (b.syntax) ctx.diag.error("E0101", `cannot parse ${what}: ${b.reason}`, b.loc, b.names[0]);
    else ctx.diag.warning("W0102", `${what} skipped: ${b.reason}`, b.loc, b.names[0]);
  }
}

function reportDangling(id: string, from: Decl, ctx: PassContext, brokenByName: Map<string, PassContext["broken"][number]>): void {
  const name = id.slice(id.indexOf(":") + 1);
  const broken = brokenByName.get(name);
  if (broken && !broken.library) {
    ctx.diag.error("E0101", `'${from.name}' needs '${name}', whose declaration cannot be parsed: ${broken.reason}`, broken.loc, from.name);
    return;
  }
  if (broken) return;
  const loc: SourceLoc = from.loc;
  ctx.diag.error("E0301", `unknown type '${name}' used by '${from.name}'`, loc, from.name);
}
