// Type resolution shared by every emitter: an id → declaration index, typedef chains
// followed down to the type that decides the ABI, and small predicates on the result.
// Input: the IR; output: resolved TypeRefs (refs to records/enums stay refs, typedefs vanish).

import type { Decl, EnumDecl, FunctionDecl, IrModule, RecordDecl, TypedefDecl, TypeRef } from "../../ir/types.js";

/** Lookup of declarations by id, built once per emit. */
export class DeclIndex {
  private readonly byId = new Map<string, Decl>();
  private readonly functionsByName = new Map<string, FunctionDecl>();

  constructor(readonly ir: IrModule) {
    for (const d of ir.decls) {
      this.byId.set(d.id, d);
      if (d.kind === "function") this.functionsByName.set(d.name, d);
    }
  }

  get(id: string): Decl | undefined {
    return this.byId.get(id);
  }

  record(id: string): RecordDecl | undefined {
    const d = this.byId.get(id);
    return d && (d.kind === "struct" || d.kind === "union") ? d : undefined;
  }

  enumDecl(id: string): EnumDecl | undefined {
    const d = this.byId.get(id);
    return d?.kind === "enum" ? d : undefined;
  }

  typedef(id: string): TypedefDecl | undefined {
    const d = this.byId.get(id);
    return d?.kind === "typedef" ? d : undefined;
  }

  /** A function declaration by C name (free functions named in `@owned`). */
  functionNamed(name: string): FunctionDecl | undefined {
    return this.functionsByName.get(name);
  }

  /** The enum named like a typedef (`enum E {...}; typedef int32_t E;`), if any. */
  enumNamed(name: string): EnumDecl | undefined {
    return this.enumDecl(`enum:${name}`);
  }
}

/**
 * Follows typedef refs until a non-typedef type; const-ness of any level is kept on the result.
 * Throws on a dangling id or a typedef cycle (broken IR invariants, not user errors).
 */
export function resolveType(t: TypeRef, index: DeclIndex): TypeRef {
  let cur = t;
  let isConst = t.const === true;
  for (let hops = 0; cur.kind === "ref"; hops++) {
    const d = index.get(cur.id);
    if (!d) throw new Error(`dangling type id ${cur.id}`);
    if (d.kind !== "typedef") break;
    if (hops > 64) throw new Error(`typedef cycle through ${cur.id}`);
    cur = d.type;
    isConst ||= cur.const === true;
  }
  return isConst && cur.const !== true ? { ...cur, const: true } : cur;
}

/** The last typedef name met on the way to `t`'s resolved type (for naming), or undefined. */
export function typedefName(t: TypeRef, index: DeclIndex): string | undefined {
  return t.kind === "ref" ? index.typedef(t.id)?.name : undefined;
}

/** Pointee of a pointer after typedef resolution, or undefined when `t` is not a pointer. */
export function pointeeOf(t: TypeRef, index: DeclIndex): TypeRef | undefined {
  const r = resolveType(t, index);
  return r.kind === "pointer" ? resolveType(r.pointee, index) : undefined;
}

/** True for an integer or enum type that needs 64 bits (bigint in Node). */
export function isWideInt(t: TypeRef, index: DeclIndex): boolean {
  const r = resolveType(t, index);
  if (r.kind === "int") return r.size >= 8;
  if (r.kind === "ref") return (index.enumDecl(r.id)?.underlying.size ?? 0) >= 8;
  return false;
}

/** True when `t` is `char` (plain char, text). */
export function isCharType(t: TypeRef, index: DeclIndex): boolean {
  const r = resolveType(t, index);
  return r.kind === "int" && r.isChar === true;
}

/** True when `t` is a pointer to bytes: `void *`, `uint8_t *`, `unsigned char *`, `char *` (any const). */
export function isBytePointer(t: TypeRef, index: DeclIndex): boolean {
  const p = pointeeOf(t, index);
  return p !== undefined && (p.kind === "void" || (p.kind === "int" && p.size === 1));
}

/** The record a (possibly typedef'd) type names, when it is a struct/union ref. */
export function recordOf(t: TypeRef, index: DeclIndex): RecordDecl | undefined {
  const r = resolveType(t, index);
  return r.kind === "ref" ? index.record(r.id) : undefined;
}

/** True when a record contains a bit-field, directly or in a by-value member. */
export function hasBitfields(rec: RecordDecl, index: DeclIndex, seen = new Set<string>()): boolean {
  if (seen.has(rec.id)) return false;
  seen.add(rec.id);
  return rec.fields.some((f) => {
    if (f.bitWidth !== undefined) return true;
    let ft = resolveType(f.type, index);
    while (ft.kind === "array") ft = resolveType(ft.element, index);
    const inner = ft.kind === "ref" ? index.record(ft.id) : undefined;
    return inner !== undefined && hasBitfields(inner, index, seen);
  });
}

/** Decimal string → JS literal text: a number when it is a safe integer and not forced wide, else a bigint literal. */
export function intLiteral(decimal: string, wide: boolean): string {
  const n = BigInt(decimal);
  const safe = n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER);
  return wide || !safe ? `${n}n` : `${n}`;
}
