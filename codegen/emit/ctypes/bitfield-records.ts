// Records with bit-fields → ctypes classes that reproduce the C layout exactly. ctypes (3.11)
// places bit-fields by its own rules, so such records hold storage members instead (the shared
// rewrite of common/bitfield-storage: integers or byte arrays at the compiler's offsets) and each
// named bit-field becomes a `_BitField` descriptor over its storage member. Size and alignment are
// the IR's: explicit padding where ctypes would place a member elsewhere, and a zero-length array
// member of the record's alignment when the members alone align less.

import type { DiagnosticSink } from "../../diag.js";
import { abiFor } from "../../ir/abi.js";
import type { FieldDecl, RecordDecl, TypeRef } from "../../ir/types.js";
import { type BitfieldStorage, storeBitfields } from "../common/bitfield-storage.js";
import type { DeclIndex } from "../common/cdecl.js";
import { fieldNames } from "./names.js";
import { ctypeOf, type TypeCtx, UnsupportedType, valueAnnotation } from "./types.js";

/** One named bit-field read and written through its storage member. */
export interface BitDescriptor {
  name: string;
  storageKey: string;
  shift: number;
  width: number;
  signed: boolean;
}

/** The class body of a record with bit-fields: rows, stub attributes and descriptors. */
export interface StoredRecordPlan {
  rows: string[];
  attrs: [string, string][];
  anonymous: string[];
  bitDescriptors: BitDescriptor[];
  pack?: number;
  /** The IR's alignment could not be given to the class (checked by size only). */
  uncheckedAlign: boolean;
}

/** The bit-field storage rewrite of a module and its rewritten records by id. */
interface ModuleStorage {
  storage: BitfieldStorage;
  records: Map<string, RecordDecl>;
}

const storageCache = new WeakMap<DeclIndex, ModuleStorage>();

/** The bit-field storage rewrite of the module behind `index`, computed once per index. */
function moduleStorage(index: DeclIndex): ModuleStorage {
  let cached = storageCache.get(index);
  if (!cached) {
    const storage = storeBitfields(index.ir);
    const records = new Map<string, RecordDecl>();
    for (const d of storage.ir.decls) if ((d.kind === "struct" || d.kind === "union") && storage.accessors.has(d.id)) records.set(d.id, d);
    cached = { storage, records };
    storageCache.set(index, cached);
  }
  return cached;
}

/** The rewritten form of `rec` when it holds bit-fields the shared rewrite could store. */
export function storedRecord(rec: RecordDecl, index: DeclIndex): RecordDecl | undefined {
  return moduleStorage(index).records.get(rec.id);
}

const alignUp = (n: number, a: number): number => Math.ceil(n / a) * a;

/**
 * Plans the class of a record with bit-fields. `memberLayout` gives the size and alignment ctypes gives a
 * member's type (records that lose theirs under `_pack_ = 1` align to 1).
 */
export function planStoredRecord(
  rec: RecordDecl,
  stored: RecordDecl,
  ctx: TypeCtx,
  memberLayout: (t: TypeRef) => [number, number] | undefined,
  diag: DiagnosticSink,
): StoredRecordPlan {
  const layout = stored.layout;
  if (!layout) throw new UnsupportedType("bit-field record without a computed layout");
  const names = fieldNames(rec);
  const pyName = new Map<FieldDecl, string>(rec.fields.map((f, i) => [f, names[i] as string]));
  const taken = new Set([...names, ...stored.fields.map((f) => f.name)]);
  const fresh = (base: string): string => {
    let key = base;
    while (taken.has(key)) key = `${key}_`;
    taken.add(key);
    return key;
  };
  const pack = rec.packed ? 1 : rec.maxFieldAlign;
  const effective = (align: number): number => (pack ? Math.min(align, pack) : align);
  const rows: string[] = [];
  const anonymous: string[] = [];
  let cursor = 0;
  let widest = 0;
  let align = 1;
  for (const f of stored.fields) {
    const name = pyName.get(f) ?? f.name;
    const sizeAlign = memberLayout(f.type);
    if (!sizeAlign) throw new UnsupportedType(`member ${name} has no known layout`);
    const [size, natural] = sizeAlign;
    const fieldAlign = effective(natural);
    const offset = f.offset ?? 0;
    if (stored.kind === "struct") {
      if (alignUp(cursor, fieldAlign) !== offset) {
        if (offset < cursor || offset % fieldAlign !== 0) throw new UnsupportedType(`member ${name} cannot be placed at offset ${offset} by ctypes`);
        rows.push(`("${fresh("_pad")}", ctypes.c_uint8 * ${offset - cursor})`);
      }
      cursor = offset + size;
    }
    widest = Math.max(widest, size);
    align = Math.max(align, fieldAlign);
    rows.push(`("${name}", ${ctypeOf(f.type, ctx)})`);
    if (f.name === "" && pyName.has(f)) anonymous.push(name);
  }
  let uncheckedAlign = false;
  if (align < layout.align) {
    const unit = alignmentCtype(layout.align, ctx);
    if (unit && (!pack || layout.align <= pack)) {
      rows.unshift(`("${fresh("_align")}", ${unit} * 0)`);
      align = layout.align;
    } else {
      uncheckedAlign = true;
    }
  }
  const end = stored.kind === "struct" ? cursor : widest;
  // A union's padding member starts at 0 like every member, so it spans the whole record.
  const padding = stored.kind === "struct" ? layout.size - end : layout.size;
  if (alignUp(end, align) !== layout.size) rows.push(`("${fresh("_pad")}", ctypes.c_uint8 * ${padding})`);
  const { attrs, bitDescriptors } = publicMembers(rec, pyName, ctx);
  diag.warning(
    "W0508",
    `${rec.kind} ${rec.name}: ctypes cannot be trusted to place bit-fields like the C compiler; the record holds their storage at the compiler's offsets and each bit-field is a property reading and writing it (not accepted as a constructor keyword)${uncheckedAlign ? `; the alignment ${layout.align} in C cannot be expressed and is not kept` : ""}`,
    rec.loc,
    rec.name,
  );
  const plan: StoredRecordPlan = { rows, attrs, anonymous, bitDescriptors, uncheckedAlign };
  if (pack) plan.pack = pack;
  return plan;
}

/** The stub's attributes in C order (plain members and bit-fields) and the bit-fields' descriptors. */
function publicMembers(rec: RecordDecl, pyName: Map<FieldDecl, string>, ctx: TypeCtx): { attrs: [string, string][]; bitDescriptors: BitDescriptor[] } {
  const attrs: [string, string][] = [];
  const bitDescriptors: BitDescriptor[] = [];
  const accessors = new Map((moduleStorage(ctx.index).storage.accessors.get(rec.id) ?? []).map((a) => [a.name, a]));
  for (const f of rec.fields) {
    const name = pyName.get(f) as string;
    if (f.name === "") continue;
    if (f.bitWidth === undefined) {
      attrs.push([name, valueAnnotation(f.type, ctx)]);
      continue;
    }
    const a = accessors.get(f.name);
    if (!a) continue;
    bitDescriptors.push({ name, storageKey: a.storageKey, shift: a.shift, width: a.width, signed: a.signed });
    attrs.push([name, "int"]);
  }
  return { attrs, bitDescriptors };
}

/** A ctypes scalar of the given alignment (for a zero-length alignment member), if one exists. */
function alignmentCtype(align: number, ctx: TypeCtx): string | undefined {
  const ints: Record<number, string> = { 2: "ctypes.c_uint16", 4: "ctypes.c_uint32", 8: "ctypes.c_uint64" };
  if (ints[align]) return ints[align];
  if (align === 16 && abiFor(ctx.index.ir.target.triple)?.float(16).align === 16) return "ctypes.c_longdouble";
  return undefined;
}
