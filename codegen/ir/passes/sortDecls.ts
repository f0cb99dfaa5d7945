// Orders declarations deterministically: a declaration comes after everything it needs by value
// (pointer references may point forward), ties broken by kind rank then name. Constants first.

import type { Decl, IrModule } from "../types.js";
import { declRefs } from "../walk.js";
import type { PassContext } from "./context.js";

const KIND_RANK: Record<Decl["kind"], number> = { const: 0, enum: 1, struct: 2, union: 2, typedef: 3, var: 4, function: 5 };

function compareDecls(a: Decl, b: Decl): number {
  return KIND_RANK[a.kind] - KIND_RANK[b.kind] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function sortDecls(ir: IrModule, _ctx: PassContext): IrModule {
  const byId = new Map(ir.decls.map((d) => [d.id, d]));
  const needs = new Map<string, Set<string>>();
  const neededBy = new Map<string, string[]>();
  for (const d of ir.decls) {
    const deps = new Set(
      declRefs(d)
        .filter((r) => !r.viaPointer && byId.has(r.id) && r.id !== d.id)
        .map((r) => r.id),
    );
    needs.set(d.id, deps);
    for (const dep of deps) neededBy.set(dep, [...(neededBy.get(dep) ?? []), d.id]);
  }
  const ready = ir.decls.filter((d) => needs.get(d.id)!.size === 0).sort(compareDecls);
  const out: Decl[] = [];
  while (ready.length) {
    const d = ready.shift()!;
    out.push(d);
    for (const user of neededBy.get(d.id) ?? []) {
      const deps = needs.get(user)!;
      deps.delete(d.id);
      if (deps.size === 0) insertSorted(ready, byId.get(user)!);
    }
  }
  if (out.length !== ir.decls.length) {
    const left = ir.decls.filter((d) => !out.includes(d)).sort(compareDecls);
    out.push(...left);
  }
  return { ...ir, decls: out };
}

function insertSorted(list: Decl[], d: Decl): void {
  let i = 0;
  while (i < list.length && compareDecls(list[i], d) <= 0) i++;
  list.splice(i, 0, d);
}
