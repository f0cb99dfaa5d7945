// Declaration order for C text (cffi cdef): every typedef and record a declaration names comes
// before it (depth-first over type references, IR order otherwise), since C and cffi need a
// typedef name declared before use. Struct tags behind pointers need no earlier declaration.

import type { Decl, TypeRef } from "../../ir/types.js";
import type { DeclIndex } from "./cdecl.js";

/** Ids a type refers to; `byValueOnly` skips records reached through pointers. */
export function typeRefs(t: TypeRef, out: string[], index: DeclIndex, behindPointer = false): void {
  switch (t.kind) {
    case "ref": {
      const d = index.get(t.id);
      const isRecord = d?.kind === "struct" || d?.kind === "union";
      if (!(behindPointer && isRecord)) out.push(t.id);
      // An anonymous record can only be spelled through its typedef, which must come first.
      else if (d && "anonymous" in d && d.anonymous) {
        const td = index.typedefFor(t.id);
        if (td) out.push(td.id);
      }
      break;
    }
    case "pointer":
      typeRefs(t.pointee, out, index, true);
      break;
    case "array":
      typeRefs(t.element, out, index, behindPointer);
      break;
    case "function":
      typeRefs(t.returns, out, index, behindPointer);
      for (const p of t.params) typeRefs(p.type, out, index, behindPointer);
      break;
    default:
      break;
  }
}

function declRefs(d: Decl, index: DeclIndex): string[] {
  const out: string[] = [];
  switch (d.kind) {
    case "typedef":
    case "var":
      typeRefs(d.type, out, index);
      break;
    case "struct":
    case "union":
      for (const f of d.fields) typeRefs(f.type, out, index);
      break;
    case "function":
      typeRefs(d.returns, out, index);
      for (const p of d.params) typeRefs(p.type, out, index);
      break;
    default:
      break;
  }
  return out;
}

/** The IR's declarations reordered so each follows what it names by value or by typedef. */
export function dependencyOrder(index: DeclIndex): Decl[] {
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: Decl[] = [];
  const visit = (d: Decl) => {
    if (done.has(d.id) || visiting.has(d.id)) return;
    visiting.add(d.id);
    for (const id of declRefs(d, index)) {
      const dep = index.get(id);
      if (dep) visit(dep);
    }
    visiting.delete(d.id);
    done.add(d.id);
    out.push(d);
  };
  for (const d of index.ir.decls) visit(d);
  return out;
}

/** Ids that depend (transitively, through any reference) on one of `roots`. */
export function dependents(index: DeclIndex, roots: Set<string>): Set<string> {
  const tainted = new Set(roots);
  let changed = true;
  while (changed) {
    changed = false;
    for (const d of index.ir.decls) {
      if (tainted.has(d.id)) continue;
      const refs: string[] = [];
      if (d.kind === "typedef" || d.kind === "var") typeRefs(d.type, refs, index);
      else if (d.kind === "struct" || d.kind === "union") for (const f of d.fields) typeRefs(f.type, refs, index);
      else if (d.kind === "function") {
        typeRefs(d.returns, refs, index);
        for (const p of d.params) typeRefs(p.type, refs, index);
      }
      // pointer-to-record refs are skipped by typeRefs; a va_list is reached by typedef, so this suffices.
      if (refs.some((r) => tainted.has(r))) {
        tainted.add(d.id);
        changed = true;
      }
    }
  }
  return tainted;
}
