// Size and alignment of IR types on a target, following the x86_64 System V ABI as gcc
// implements it: natural alignment, bit-fields packed into storage units of their declared
// type (a field never straddles a unit unless packed or under any #pragma pack), zero-width
// bit-fields aligning to their type whatever the packing, packed / #pragma pack / aligned(N).

import type { AbiTable } from "./abi.js";
import type { Decl, FieldDecl, RecordDecl, RecordLayout, TypeRef } from "./types.js";

/** Size and alignment of a type; undefined for incomplete types (void, opaque records, functions). */
export type TypeLayout = RecordLayout | undefined;

/** A record's layout with the offsets of its fields. */
export interface RecordPlacement {
  layout: RecordLayout;
  fields: FieldDecl[];
}

const alignUp = (n: number, a: number): number => Math.ceil(n / a) * a;

/**
 * Whether a bit-field that would cross a unit of its type's alignment moves to the next unit
 * (the PCC_BITFIELD_TYPE_MATTERS rule). gcc applies it only when no packing is in effect:
 * `packed` and every `#pragma pack(N)`, even N = 8 or 16, lay bit-fields out back to back.
 */
const keepsBitFieldsInUnits = (r: RecordDecl): boolean => !r.packed && r.maxFieldAlign === undefined;

/** Computes layouts over a set of declarations, memoising records. */
export class LayoutEngine {
  private readonly placements = new Map<string, RecordPlacement | null>();

  constructor(
    private readonly abi: AbiTable,
    private readonly byId: Map<string, Decl>,
  ) {}

  typeLayout(t: TypeRef): TypeLayout {
    switch (t.kind) {
      case "int":
        return this.abi.int(t.size);
      case "float":
        return this.abi.float(t.size);
      case "bool":
        return this.abi.bool;
      case "pointer":
        return this.abi.pointer;
      case "array": {
        const e = this.typeLayout(t.element);
        return e && { size: e.size * (t.length ?? 0), align: e.align };
      }
      case "ref": {
        const d = this.byId.get(t.id);
        if (!d) return undefined;
        if (d.kind === "typedef") return this.typeLayout(d.type);
        if (d.kind === "enum") return this.abi.int(d.underlying.size);
        if (d.kind === "struct" || d.kind === "union") return this.place(d)?.layout;
        return undefined;
      }
      default:
        return undefined;
    }
  }

  /** The placement of a complete record, or undefined when incomplete or when a member is incomplete. */
  place(r: RecordDecl): RecordPlacement | undefined {
    if (!r.complete) return undefined;
    const cached = this.placements.get(r.id);
    if (cached !== undefined) return cached ?? undefined;
    this.placements.set(r.id, null);
    const placed = r.kind === "union" ? this.placeUnion(r) : this.placeStruct(r);
    this.placements.set(r.id, placed ?? null);
    return placed;
  }

  private fieldAlign(r: RecordDecl, natural: number): number {
    if (r.packed) return 1;
    return r.maxFieldAlign ? Math.min(natural, r.maxFieldAlign) : natural;
  }

  private placeStruct(r: RecordDecl): RecordPlacement | undefined {
    let bitpos = 0;
    let align = 1;
    const fields: FieldDecl[] = [];
    for (const f of r.fields) {
      const fl = this.typeLayout(f.type);
      if (!fl) return undefined;
      const fa = this.fieldAlign(r, fl.align);
      if (f.bitWidth === undefined) {
        const offset = alignUp(Math.ceil(bitpos / 8), fa);
        fields.push({ ...f, offset });
        bitpos = (offset + fl.size) * 8;
        align = Math.max(align, fa);
        continue;
      }
      const width = f.bitWidth;
      const unitBits = fl.size * 8;
      if (width === 0) {
        // gcc: a zero-width bit-field aligns the next member to its type's own alignment; neither
        // packed nor #pragma pack lowers that, and (being unnamed) it adds nothing to the record's.
        bitpos = alignUp(bitpos, fl.align * 8);
        fields.push({ ...f, offset: bitpos / 8, bitOffset: bitpos });
        continue;
      }
      if (keepsBitFieldsInUnits(r) && (bitpos % (fa * 8)) + width > unitBits) bitpos = alignUp(bitpos, fa * 8);
      const unitOffset = Math.floor(bitpos / unitBits) * fl.size;
      const straddles = bitpos + width > (unitOffset + fl.size) * 8;
      fields.push({ ...f, offset: straddles ? Math.floor(bitpos / 8) : unitOffset, bitOffset: bitpos });
      bitpos += width;
      if (f.name !== "") align = Math.max(align, fa);
    }
    if (r.alignAttr) align = Math.max(align, r.alignAttr);
    return { layout: { size: alignUp(Math.ceil(bitpos / 8), align), align }, fields };
  }

  private placeUnion(r: RecordDecl): RecordPlacement | undefined {
    let size = 0;
    let align = 1;
    const fields: FieldDecl[] = [];
    for (const f of r.fields) {
      const fl = this.typeLayout(f.type);
      if (!fl) return undefined;
      const fa = this.fieldAlign(r, fl.align);
      if (f.bitWidth !== undefined) {
        fields.push({ ...f, offset: 0, bitOffset: 0 });
        size = Math.max(size, Math.ceil(f.bitWidth / 8));
        if (f.name !== "" && f.bitWidth > 0) align = Math.max(align, fa);
      } else {
        fields.push({ ...f, offset: 0 });
        size = Math.max(size, fl.size);
        align = Math.max(align, fa);
      }
    }
    if (r.alignAttr) align = Math.max(align, r.alignAttr);
    return { layout: { size: alignUp(size, align), align }, fields };
  }
}
