// Small traversal helpers over IR types: every declaration id a type or a declaration refers
// to, with whether the reference goes through a pointer (which does not need a complete type).

import type { Decl, DeclId, TypeRef } from "./types.js";

/** A reference from one declaration to another. */
export interface DeclRef {
  id: DeclId;
  /** The reference is behind a pointer (a forward declaration suffices). */
  viaPointer: boolean;
}

/** Collects the refs inside a type. */
export function typeRefs(t: TypeRef, viaPointer = false, out: DeclRef[] = []): DeclRef[] {
  switch (t.kind) {
    case "ref":
      out.push({ id: t.id, viaPointer });
      break;
    case "pointer":
      typeRefs(t.pointee, true, out);
      break;
    case "array":
      typeRefs(t.element, viaPointer, out);
      break;
    case "function":
      typeRefs(t.returns, true, out);
      for (const p of t.params) typeRefs(p.type, true, out);
      break;
    default:
      break;
  }
  return out;
}

/** Collects the refs a declaration makes. */
export function declRefs(d: Decl): DeclRef[] {
  const out: DeclRef[] = [];
  switch (d.kind) {
    case "struct":
    case "union":
      for (const f of d.fields) typeRefs(f.type, false, out);
      break;
    case "typedef":
    case "var":
      typeRefs(d.type, false, out);
      break;
    case "function":
      typeRefs(d.returns, false, out);
      for (const p of d.params) typeRefs(p.type, false, out);
      break;
    default:
      break;
  }
  return out;
}
