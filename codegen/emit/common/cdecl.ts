// C declarator model: renders IR types as C declarations (`int (*cb)(void *, int)`,
// `char name[16]`, `const char *const p`) inside-out, the way C reads them, for the layout
// probe and the cffi `cdef`. Also a small id → declaration index with typedef resolution.

import type { Decl, DeclId, EnumDecl, IrModule, RecordDecl, TypeRef, TypedefDecl } from "../../ir/types.js";

/** Looks declarations up by id and resolves typedef chains. */
export class DeclIndex {
  private readonly byId = new Map<DeclId, Decl>();
  private readonly typedefOf = new Map<DeclId, TypedefDecl>();

  constructor(readonly ir: IrModule) {
    for (const d of ir.decls) this.byId.set(d.id, d);
    for (const d of ir.decls) {
      if (d.kind === "typedef" && d.type.kind === "ref" && !this.typedefOf.has(d.type.id)) this.typedefOf.set(d.type.id, d);
    }
  }

  get(id: DeclId): Decl | undefined {
    return this.byId.get(id);
  }

  record(id: DeclId): RecordDecl | undefined {
    const d = this.byId.get(id);
    return d && (d.kind === "struct" || d.kind === "union") ? d : undefined;
  }

  enumDecl(id: DeclId): EnumDecl | undefined {
    const d = this.byId.get(id);
    return d && d.kind === "enum" ? d : undefined;
  }

  /** The first typedef naming this declaration directly (`typedef struct {…} Foo;`). */
  typedefFor(id: DeclId): TypedefDecl | undefined {
    return this.typedefOf.get(id);
  }

  /** Follows typedef refs until a non-typedef type; qualifiers of the outer type are kept. */
  resolve(t: TypeRef): TypeRef {
    let cur = t;
    for (let guard = 0; guard < 64 && cur.kind === "ref"; guard++) {
      const d = this.byId.get(cur.id);
      if (!d || d.kind !== "typedef") return cur;
      cur = t.const ? { ...d.type, const: true } : d.type;
    }
    return cur;
  }
}

/** How a reference to a declaration is spelled; lets callers inline anonymous records. */
export type RefSpeller = (id: DeclId) => string;

/** Default spelling: `struct X`, `union X`, `enum X`, typedef names bare; anonymous records by their typedef. */
export function defaultRefSpeller(index: DeclIndex): RefSpeller {
  return (id) => {
    const d = index.get(id);
    if (!d) throw new Error(`internal: dangling type id ${id}`);
    if (d.kind === "typedef") return d.name;
    if (d.kind === "struct" || d.kind === "union" || d.kind === "enum") {
      if (d.anonymous) {
        const td = index.typedefFor(id);
        if (td) return td.name;
        return `${d.kind} /* anonymous ${d.name} */`;
      }
      return `${d.kind} ${d.name}`;
    }
    throw new Error(`internal: ${id} is not a type`);
  };
}

function baseSpelling(t: TypeRef, spell: RefSpeller): string {
  switch (t.kind) {
    case "int":
    case "float":
      return t.cName;
    case "bool":
      return "_Bool";
    case "void":
      return "void";
    case "ref":
      return spell(t.id);
    default:
      throw new Error(`internal: ${t.kind} has no base spelling`);
  }
}

/** Renders `type` declaring `name` (pass "" for an abstract declarator such as a cast or sizeof operand). */
export function renderDecl(type: TypeRef, name: string, spell: RefSpeller): string {
  return renderInner(type, name, spell).trim();
}

function renderInner(t: TypeRef, inner: string, spell: RefSpeller): string {
  switch (t.kind) {
    case "pointer": {
      let decl = `*${t.const ? "const" + (inner ? " " : "") : ""}${inner}`;
      if (t.pointee.kind === "array" || t.pointee.kind === "function") decl = `(${decl})`;
      return renderInner(t.pointee, decl, spell);
    }
    case "array":
      return renderInner(t.element, `${inner}[${t.length ?? ""}]`, spell);
    case "function": {
      const params = t.params.map((p) => renderDecl(p.type, p.name, spell));
      if (t.variadic) params.push("...");
      const list = params.length > 0 ? params.join(", ") : "void";
      return renderInner(t.returns, `${inner}(${list})`, spell);
    }
    default: {
      const base = `${t.const ? "const " : ""}${baseSpelling(t, spell)}`;
      return inner ? `${base} ${inner}` : base;
    }
  }
}

/** Renders a function prototype `ret name(params)` (without `;`). */
export function renderPrototype(
  name: string,
  returns: TypeRef,
  params: readonly { name: string; type: TypeRef }[],
  variadic: boolean,
  spell: RefSpeller,
): string {
  return renderDecl({ kind: "function", returns, params: [...params], variadic }, name, spell);
}

/** Escapes text for a C string literal. */
export function cStringLiteral(text: string): string {
  const bytes = Buffer.from(text, "utf8");
  let out = '"';
  for (const b of bytes) {
    if (b === 0x22) out += '\\"';
    else if (b === 0x5c) out += "\\\\";
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += `\\${b.toString(8).padStart(3, "0")}`;
  }
  return out + '"';
}
