// Bit-fields for the Node FFI targets that cannot describe them (koffi, ffi-rs): rewrites each
// record holding bit-fields so that its bit-fields become plain storage members (an unsigned
// integer of the storage bytes' size, else a byte array) at the same byte offsets, with the same
// size and alignment, so the record still travels by pointer and by value. Input: the IR; output:
// the rewritten IR plus one accessor per named bit-field (for the typed get/set helpers).

import { abiFor } from "../../ir/abi.js";
import { LayoutEngine } from "../../ir/layout.js";
import type { Decl, FieldDecl, IntType, IrModule, RecordDecl, TypeRef } from "../../ir/types.js";
import { DeclIndex, resolveType } from "./resolve.js";

/** How one named bit-field is read from and written to its storage member. */
export interface BitfieldAccessor {
  /** The C member name. */
  name: string;
  /** Key of the storage member holding its bits. */
  storageKey: string;
  /** What the storage member is: an unsigned integer of `size` bytes, or `size` bytes (a byte array). */
  storage: { kind: "int" | "bytes"; size: number };
  /** Bit position inside the storage member (little-endian: bit 0 is the low bit of its first byte). */
  shift: number;
  width: number;
  /** Signed bit-fields are sign-extended when read. */
  signed: boolean;
  /** `_Bool` bit-fields read as boolean. */
  bool: boolean;
  doc?: FieldDecl["doc"];
}

/** The IR with bit-field records rewritten, and the accessors of each rewritten record by id. */
export interface BitfieldStorage {
  ir: IrModule;
  accessors: ReadonlyMap<string, readonly BitfieldAccessor[]>;
}

/** A run of bytes in the record: a member kept as is, or the storage of one or more bit-fields. */
interface Span {
  start: number;
  end: number;
  field?: FieldDecl;
  bits: FieldDecl[];
}

const uint = (size: number): IntType => ({ kind: "int", cName: `uint${size * 8}_t`, size: size as IntType["size"], signed: false });
const alignUp = (n: number, a: number): number => Math.ceil(n / a) * a;

/** Rewrites every complete record with laid-out bit-fields; others (no layout) are left as they are. */
export function storeBitfields(ir: IrModule): BitfieldStorage {
  const abi = abiFor(ir.target.triple);
  if (!abi) return { ir, accessors: new Map() };
  const byId = new Map<string, Decl>(ir.decls.map((d) => [d.id, d]));
  const engine = new LayoutEngine(abi, byId);
  const index = new DeclIndex(ir);
  const accessors = new Map<string, BitfieldAccessor[]>();
  const decls = ir.decls.map((d) => {
    if ((d.kind !== "struct" && d.kind !== "union") || !d.complete || !d.fields.some((f) => f.bitWidth !== undefined)) return d;
    const rewritten = rewriteRecord(d, engine, index);
    if (!rewritten) return d;
    accessors.set(d.id, rewritten.accessors);
    return rewritten.rec;
  });
  return { ir: { ...ir, decls }, accessors };
}

function rewriteRecord(rec: RecordDecl, engine: LayoutEngine, index: DeclIndex): { rec: RecordDecl; accessors: BitfieldAccessor[] } | undefined {
  const layout = rec.layout;
  if (!layout || rec.fields.some((f) => f.offset === undefined || (f.bitWidth !== undefined && f.bitOffset === undefined))) return undefined;
  const spans = rec.kind === "union" ? unionSpans(rec, engine) : structSpans(rec, engine);
  if (!spans || !fillGaps(spans, rec, layout, engine)) return undefined;
  if (rec.kind === "struct") {
    widenIntoPadding(spans, rec, layout);
    if (widenOnce(spans, rec, layout, engine) !== false) throw new Error(`internal error: bit-field storage of ${rec.id} does not reproduce its layout`);
  }
  const taken = new Set(rec.fields.map((f) => f.name));
  const fields: FieldDecl[] = [];
  const accessors: BitfieldAccessor[] = [];
  let naturalAlign = 1;
  for (const span of spans) {
    if (span.field) {
      fields.push(span.field);
      naturalAlign = Math.max(naturalAlign, fieldAlign(rec, engine.typeLayout(span.field.type)?.align ?? 1));
      continue;
    }
    const storage = storageOf(span, rec, layout.align);
    let key = `_bits${span.start}`;
    while (taken.has(key)) key = `${key}_`;
    taken.add(key);
    const named = span.bits.filter((b) => b.name !== "" && (b.bitWidth ?? 0) > 0);
    const type: TypeRef = storage.kind === "int" ? uint(storage.size) : { kind: "array", element: uint(1), length: storage.size };
    const list = named.map((b) => `\`${b.name}\``).join(", ");
    const text = named.length === 0 ? "Padding of the C layout (unnamed or zero-width bit-fields): keep it zero." : `Storage of the bit-field${named.length === 1 ? "" : "s"} ${list}: read and write ${named.length === 1 ? "it" : "them"} with the record's bit-field accessors.`;
    fields.push({ name: key, type, offset: span.start, loc: span.bits[0]?.loc ?? rec.loc, doc: { text, tags: [] } });
    naturalAlign = Math.max(naturalAlign, fieldAlign(rec, storage.kind === "int" ? storage.size : 1));
    for (const b of named) accessors.push(accessorOf(b, key, storage, (b.bitOffset ?? 0) - span.start * 8, index));
  }
  const out: RecordDecl = { ...rec, fields };
  // The storage members may align less than the bit-fields' declared types did: raise the record.
  if (!rec.packed && naturalAlign < layout.align) out.alignAttr = layout.align;
  return { rec: out, accessors };
}

/** Member alignment under `packed` / `#pragma pack(N)`. */
function fieldAlign(rec: RecordDecl, natural: number): number {
  if (rec.packed) return 1;
  return rec.maxFieldAlign ? Math.min(natural, rec.maxFieldAlign) : natural;
}

/** Struct members in order; bit-fields whose bytes overlap are merged into one storage span. */
function structSpans(rec: RecordDecl, engine: LayoutEngine): Span[] | undefined {
  const spans: Span[] = [];
  for (const f of rec.fields) {
    if (f.bitWidth === undefined) {
      const size = engine.typeLayout(f.type)?.size;
      if (size === undefined) return undefined;
      spans.push({ start: f.offset ?? 0, end: (f.offset ?? 0) + size, field: f, bits: [] });
      continue;
    }
    if (f.bitWidth === 0) continue;
    const bit = f.bitOffset ?? 0;
    const start = Math.floor(bit / 8);
    const end = Math.ceil((bit + f.bitWidth) / 8);
    const last = spans[spans.length - 1];
    if (last && !last.field && start < last.end) {
      last.end = Math.max(last.end, end);
      last.bits.push(f);
    } else {
      spans.push({ start, end, bits: [f] });
    }
  }
  return spans;
}

/** Union members; every bit-field starts at offset 0, so they share one storage span. */
function unionSpans(rec: RecordDecl, engine: LayoutEngine): Span[] | undefined {
  const spans: Span[] = [];
  let storage: Span | undefined;
  for (const f of rec.fields) {
    if (f.bitWidth === undefined) {
      const size = engine.typeLayout(f.type)?.size;
      if (size === undefined) return undefined;
      spans.push({ start: 0, end: size, field: f, bits: [] });
    } else if (f.bitWidth > 0) {
      const end = Math.ceil(((f.bitOffset ?? 0) + f.bitWidth) / 8);
      if (!storage) {
        storage = { start: 0, end, bits: [] };
        spans.push(storage);
      }
      storage.end = Math.max(storage.end, end);
      storage.bits.push(f);
    }
  }
  return spans;
}

/**
 * Widens storage spans over padding so that plain members, laid out by the C rules from their
 * types, land at the original offsets and give the original size. False when that is impossible.
 */
function fillGaps(spans: Span[], rec: RecordDecl, layout: { size: number; align: number }, engine: LayoutEngine): boolean {
  if (rec.kind === "union") {
    const widest = Math.max(...spans.map((s) => s.end));
    if (alignUp(widest, layout.align) === layout.size) return true;
    const storage = spans.find((s) => !s.field);
    if (!storage) return false;
    storage.end = layout.size;
    return true;
  }
  // Widening a span can turn it from an integer into bytes (alignment 1): repeat until stable.
  for (let round = 0; round <= spans.length; round++) {
    const changed = widenOnce(spans, rec, layout, engine);
    if (changed === undefined) return false;
    if (!changed) return true;
  }
  return false;
}

/** One pass of fillGaps over a struct: whether a span changed, undefined when a gap cannot be filled. */
function widenOnce(spans: Span[], rec: RecordDecl, layout: { size: number; align: number }, engine: LayoutEngine): boolean | undefined {
  let pos = 0;
  let changed = false;
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i];
    const natural = alignUp(pos, fieldAlign(rec, spanAlign(span, rec, layout.align, engine)));
    if (natural > span.start) return undefined;
    if (natural < span.start) {
      const previous = spans[i - 1];
      const ceiling = spans[i + 1]?.start ?? layout.size;
      // Storage grown forward into padding to an aligned integer keeps the gap before it padding
      // (by value, a gap next to a float must not become integer bytes); else it grows backward.
      if (!span.field && alignForward(span, pos, ceiling, rec, layout.align)) {
        changed = true;
        pos = span.end;
        continue;
      }
      if (!span.field) span.start = pos;
      else if (previous && !previous.field) previous.end = span.start;
      // Between plain members (a zero-width bit-field moved the next one): explicit padding.
      else spans.splice(i++, 0, { start: pos, end: span.start, bits: [] });
      changed = true;
    }
    pos = span.end;
  }
  if (alignUp(pos, layout.align) !== layout.size) {
    // A trailing zero-width bit-field can round the size past the alignment's rounding.
    const last = spans[spans.length - 1];
    if (last && !last.field) last.end = layout.size;
    else spans.push({ start: pos, end: layout.size, bits: [] });
    changed = true;
  }
  return changed;
}

/** Widens a storage span to an aligned 1/2/4/8-byte integer that C rules place at its start, if padding allows. */
function alignForward(span: Span, pos: number, ceiling: number, rec: RecordDecl, recordAlign: number): boolean {
  for (const size of [1, 2, 4, 8]) {
    if (size < span.end - span.start || span.start % size !== 0 || span.start + size > ceiling) continue;
    if (!rec.packed && size > recordAlign) continue;
    if (alignUp(pos, fieldAlign(rec, size)) !== span.start) continue;
    span.end = span.start + size;
    return true;
  }
  return false;
}

/**
 * Grows each storage span into the padding around it up to the next aligned 1/2/4/8-byte unit
 * (`d:4 … g:7` in bytes 8..14 become a uint64 over bytes 8..15), so the storage is an integer
 * and aligns like the bit-fields' declared types, often sparing the record an alignment raise.
 */
function widenIntoPadding(spans: Span[], rec: RecordDecl, layout: { size: number; align: number }): void {
  spans.forEach((span, i) => {
    if (span.field || storageOf(span, rec, layout.align).kind === "int") return;
    const floor = i > 0 ? spans[i - 1].end : 0;
    const ceiling = i + 1 < spans.length ? spans[i + 1].start : layout.size;
    for (const size of [1, 2, 4, 8]) {
      const start = Math.floor(span.start / size) * size;
      if (size < span.end - span.start || (!rec.packed && size > layout.align)) continue;
      // Laid out by the C rules, the unit must land exactly at `start`.
      const natural = alignUp(floor, fieldAlign(rec, size));
      if (natural === start && start + size <= ceiling && start + size >= span.end) {
        span.start = start;
        span.end = start + size;
        return;
      }
    }
  });
}

/** Natural alignment of a span: its member's type, or its storage's. */
function spanAlign(span: Span, rec: RecordDecl, recordAlign: number, engine: LayoutEngine): number {
  if (span.field) return engine.typeLayout(span.field.type)?.align ?? 1;
  const storage = storageOf(span, rec, recordAlign);
  return storage.kind === "int" ? storage.size : 1;
}

/** An unsigned integer when the span is 1, 2, 4 or 8 bytes at a multiple of its size and no wider than the record's alignment; else bytes. */
function storageOf(span: Span, rec: RecordDecl, recordAlign: number): BitfieldAccessor["storage"] {
  const size = span.end - span.start;
  const aligned = [1, 2, 4, 8].includes(size) && span.start % size === 0 && (rec.packed || size <= recordAlign);
  return { kind: aligned ? "int" : "bytes", size };
}

function accessorOf(b: FieldDecl, storageKey: string, storage: BitfieldAccessor["storage"], shift: number, index: DeclIndex): BitfieldAccessor {
  const t = resolveType(b.type, index);
  const en = t.kind === "ref" ? index.enumDecl(t.id) : undefined;
  const signed = t.kind === "int" ? t.signed : en !== undefined ? en.underlying.signed : false;
  const accessor: BitfieldAccessor = { name: b.name, storageKey, storage, shift, width: b.bitWidth ?? 0, signed, bool: t.kind === "bool" };
  if (b.doc) accessor.doc = b.doc;
  return accessor;
}
