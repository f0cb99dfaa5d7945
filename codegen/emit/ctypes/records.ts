// Records → ctypes `Structure`/`Union` classes. Classes are declared first (empty bodies with
// `_pack_`/`_anonymous_`), then `_fields_` are assigned in IR order, so self- and forward
// references work. Opaque records become distinct `c_void_p` handle classes.

import type { DiagnosticSink } from "../../diag.js";
import type { RecordDecl, TypeRef } from "../../ir/types.js";
import type { CodeWriter } from "../common/writer.js";
import { fieldNames } from "./names.js";
import { ctypeOf, type TypeCtx, UnsupportedType, valueAnnotation } from "./types.js";

/** A record ready to render: its class name and field rows, or the reason it was skipped. */
export interface RecordPlan {
  rec: RecordDecl;
  cls: string;
  /** `("name", ctype)` or `("name", ctype, bits)` rows as Python text. */
  rows: string[];
  /** Field name → annotation, for the stub. */
  attrs: [string, string][];
  anonymous: string[];
  /** Bit-fields ctypes cannot place like gcc, read and written through `_BitField` descriptors. */
  bitDescriptors: { name: string; bitOffset: number; width: number; signed: boolean }[];
  pack?: number;
  /** The alignment cannot be checked (bit-field units were shrunk). */
  uncheckedAlign?: boolean;
}

/** Plans every record; unsupported ones are reported (W0501) and left out. */
export function planRecords(ctx: TypeCtx, diag: DiagnosticSink): { complete: RecordPlan[]; handles: RecordDecl[] } {
  const complete: RecordPlan[] = [];
  const handles: RecordDecl[] = [];
  for (const d of ctx.index.ir.decls) {
    if (d.kind !== "struct" && d.kind !== "union") continue;
    if (!d.complete) {
      handles.push(d);
      continue;
    }
    try {
      complete.push(planRecord(d, ctx, diag));
    } catch (e) {
      if (!(e instanceof UnsupportedType)) throw e;
      diag.warning("W0501", `${d.kind} ${d.name} skipped: ${e.message}`, d.loc, d.name);
    }
  }
  return { complete, handles };
}

function planRecord(rec: RecordDecl, ctx: TypeCtx, diag: DiagnosticSink): RecordPlan {
  const names = fieldNames(rec);
  const rows: string[] = [];
  const attrs: [string, string][] = [];
  const anonymous: string[] = [];
  const rawBits = rec.kind === "struct" && !bitfieldsCtypesSafe(rec, ctx);
  const unitOverride = rawBits ? new Map<number, string>() : bitfieldUnits(rec, ctx);
  const explicit = rawBits || needsExplicitLayout(rec, ctx);
  const bitDescriptors: RecordPlan["bitDescriptors"] = [];
  let cursor = 0;
  let pads = 0;
  rec.fields.forEach((f, i) => {
    // A zero-width bit-field only moves the next one to a new unit; ctypes refuses width 0.
    if (f.bitWidth === 0) return;
    const name = names[i];
    if (rawBits && f.bitWidth !== undefined) {
      // Raw storage: the bytes the bit-field touches, accessed through a descriptor.
      const start = f.bitOffset ?? 0;
      const firstByte = Math.floor(start / 8);
      const endByte = Math.ceil((start + f.bitWidth) / 8);
      if (endByte > cursor) {
        const from = Math.max(cursor, firstByte);
        if (from > cursor) rows.push(`("_pad_${pads++}", ctypes.c_uint8 * ${from - cursor})`);
        rows.push(`("_bits_${pads++}", ctypes.c_uint8 * ${endByte - from})`);
        cursor = endByte;
      }
      if (f.name !== "") {
        const t = ctx.index.resolve(f.type);
        bitDescriptors.push({ name, bitOffset: start, width: f.bitWidth, signed: t.kind === "int" && t.signed });
        attrs.push([name, "int"]);
      }
      return;
    }
    const ctype = unitOverride.get(i) ?? ctypeOf(f.type, ctx);
    if (explicit && rec.kind === "struct" && f.offset !== undefined) {
      if (f.offset > cursor) rows.push(`("_pad_${pads++}", ctypes.c_uint8 * ${f.offset - cursor})`);
      cursor = f.offset + (sizeAlign(f.type, ctx)?.[0] ?? 0);
    }
    rows.push(f.bitWidth !== undefined ? `("${name}", ${ctype}, ${f.bitWidth})` : `("${name}", ${ctype})`);
    if (f.name === "" && f.bitWidth === undefined) anonymous.push(name);
    if (f.name !== "") attrs.push([name, f.bitWidth !== undefined ? "int" : valueAnnotation(f.type, ctx)]);
  });
  const plan: RecordPlan = { rec, cls: ctx.names.type(rec.id), rows, attrs, anonymous, bitDescriptors };
  if (rawBits && rec.layout) {
    plan.pack = 1;
    plan.uncheckedAlign = true;
    if (rec.layout.size > cursor) rows.push(`("_pad_${pads}", ctypes.c_uint8 * ${rec.layout.size - cursor})`);
    diag.warning(
      "W0508",
      `${rec.kind} ${rec.name}: ctypes cannot place these bit-fields like the C compiler; they are read and written through descriptors over raw bytes (offsets and size exact, alignment ${rec.layout.align} in C is not kept)`,
      rec.loc,
      rec.name,
    );
    return plan;
  }
  if (unitOverride.size > 0) {
    plan.uncheckedAlign = true;
    diag.warning(
      "W0508",
      `${rec.kind} ${rec.name}: bit-fields re-declared with smaller storage units so ctypes places the following fields like the C compiler; the record's alignment may differ from ${rec.layout?.align} (size checked at import)`,
      rec.loc,
      rec.name,
    );
  }
  if (rec.packed) plan.pack = 1;
  else if (rec.maxFieldAlign) plan.pack = rec.maxFieldAlign;
  if (explicit && rec.layout) {
    // Offsets and size are pinned by explicit padding under _pack_ = 1; only the alignment is lost.
    plan.pack = 1;
    plan.uncheckedAlign = true;
    const end = rec.kind === "struct" ? cursor : Math.max(0, ...rec.fields.map((f) => sizeAlign(f.type, ctx)?.[0] ?? 0));
    if (rec.layout.size > end) rows.push(`("_pad_${pads}", ctypes.c_uint8 * ${rec.layout.size - end})`);
    diag.warning(
      "W0503",
      `${rec.kind} ${rec.name}: ${rec.alignAttr ? `aligned(${rec.alignAttr})` : "a member with forced alignment"} cannot be expressed in ctypes before Python 3.13; offsets and size are kept by explicit padding, the alignment is not (${rec.layout.align} in C)`,
      rec.loc,
      rec.name,
    );
  }
  return plan;
}

/**
 * True when ctypes (3.11) lays this record's bit-fields like gcc: no zero-width bit-field, all
 * bit-fields declared with one storage size, each inside its naturally aligned unit.
 */
function bitfieldsCtypesSafe(rec: RecordDecl, ctx: TypeCtx): boolean {
  const bits = rec.fields.filter((f) => f.bitWidth !== undefined);
  if (bits.length === 0) return true;
  if (bits.some((f) => f.bitWidth === 0 || f.bitOffset === undefined)) return false;
  const sizes = new Set(bits.map((f) => sizeAlign(f.type, ctx)?.[0] ?? 0));
  if (sizes.size !== 1) return false;
  const unitBits = [...sizes][0] * 8;
  return bits.every((f) => Math.floor((f.bitOffset as number) / unitBits) === Math.floor(((f.bitOffset as number) + (f.bitWidth as number) - 1) / unitBits));
}

/**
 * True when libffi (ctypes) would classify this record differently from gcc in a by-value call:
 * packed or pack(N) records, forced alignment, raw bit-field storage, or a member that is one.
 */
export function unsafeByValue(rec: RecordDecl, ctx: TypeCtx, seen = new Set<string>()): boolean {
  if (rec.packed || rec.maxFieldAlign || rec.alignAttr) return true;
  if (rec.kind === "struct" && !bitfieldsCtypesSafe(rec, ctx)) return true;
  if (seen.has(rec.id)) return false;
  seen.add(rec.id);
  return rec.fields.some((f) => {
    let t = ctx.index.resolve(f.type);
    while (t.kind === "array") t = ctx.index.resolve(t.element);
    const inner = t.kind === "ref" ? ctx.index.record(t.id) : undefined;
    return inner !== undefined && inner.complete && unsafeByValue(inner, ctx, seen);
  });
}

/** Records whose C alignment ctypes cannot reproduce: aligned(N) ones and those holding one by value. */
function needsExplicitLayout(rec: RecordDecl, ctx: TypeCtx, seen = new Set<string>()): boolean {
  if (rec.alignAttr) return true;
  if (seen.has(rec.id)) return false;
  seen.add(rec.id);
  return rec.fields.some((f) => {
    let t = ctx.index.resolve(f.type);
    while (t.kind === "array") t = ctx.index.resolve(t.element);
    const inner = t.kind === "ref" ? ctx.index.record(t.id) : undefined;
    return inner !== undefined && inner.complete && needsExplicitLayout(inner, ctx, seen);
  });
}

/**
 * ctypes before 3.14 lays a field following a bit-field run after the run's whole storage unit,
 * where gcc packs it into the unit's unused bytes. For such runs, returns a smaller integer type
 * per bit-field (field index → ctype) whose unit ends where the C compiler puts the next field.
 */
function bitfieldUnits(rec: RecordDecl, ctx: TypeCtx): Map<number, string> {
  const out = new Map<number, string>();
  if (rec.kind !== "struct") return out;
  let i = 0;
  while (i < rec.fields.length) {
    if (rec.fields[i].bitWidth === undefined) {
      i++;
      continue;
    }
    let j = i;
    while (j < rec.fields.length && rec.fields[j].bitWidth !== undefined) j++;
    const run = rec.fields.slice(i, j);
    const next = j < rec.fields.length ? rec.fields[j].offset : rec.layout?.size;
    const bits = run.map((f) => [f.bitOffset ?? -1, (f.bitOffset ?? -1) + (f.bitWidth ?? 0)]);
    const start = Math.min(...bits.map((b) => b[0]));
    const end = Math.max(...bits.map((b) => b[1]));
    const unit = Math.max(...run.map((f) => sizeAlign(f.type, ctx)?.[0] ?? 0));
    const startByte = Math.floor(start / 8);
    if (start >= 0 && next !== undefined && unit > 0) {
      const alignedStart = Math.floor(startByte / unit) * unit;
      if (next < alignedStart + unit) {
        const size = [1, 2, 4, 8].find((sz) => Math.floor(startByte / sz) * sz * 8 + sz * 8 >= end && Math.floor(startByte / sz) * sz + sz <= next);
        if (size !== undefined) {
          run.forEach((f, k) => {
            const t = ctx.index.resolve(f.type);
            const signed = t.kind === "int" ? t.signed : t.kind === "ref" ? (ctx.index.enumDecl(t.id)?.underlying.signed ?? false) : false;
            out.set(i + k, `ctypes.c_${signed ? "" : "u"}int${size * 8}`);
          });
        }
      }
    }
    i = j;
  }
  return out;
}

function sizeAlign(t: TypeRef, ctx: TypeCtx): [number, number] | undefined {
  const r = ctx.index.resolve(t);
  const ptr = ctx.index.ir.target.pointerSize;
  switch (r.kind) {
    case "int":
    case "float":
      return [r.size, Math.min(r.size, 16)];
    case "bool":
      return [1, 1];
    case "pointer":
      return [ptr, ptr];
    case "array": {
      const e = sizeAlign(r.element, ctx);
      return e ? [e[0] * (r.length ?? 0), e[1]] : undefined;
    }
    case "ref": {
      const d = ctx.index.get(r.id);
      if (d?.kind === "enum") return [d.underlying.size, d.underlying.size];
      if ((d?.kind === "struct" || d?.kind === "union") && d.layout) return [d.layout.size, d.layout.align];
      return undefined;
    }
    default:
      return undefined;
  }
}

function docstring(text: string | undefined): string | undefined {
  if (!text) return undefined;
  return `"""${text.replace(/\\/g, "\\\\").replace(/"""/g, '\\"\\"\\"')}"""`;
}

/** Writes handle classes and record class shells (`.py`); `_fields_` come later (emitRecordFieldsPy). */
export function emitRecordsPy(w: CodeWriter, plans: RecordPlan[], handles: RecordDecl[], ctx: TypeCtx): void {
  for (const h of handles) {
    w.block(`class ${ctx.names.type(h.id)}(ctypes.c_void_p):`, "", () => {
      w.line(docstring(h.doc?.text) ?? `"""Opaque handle to ${h.kind} ${h.name}."""`);
    });
    w.blank();
  }
  for (const p of plans) {
    w.block(`class ${p.cls}(ctypes.${p.rec.kind === "union" ? "Union" : "Structure"}):`, "", () => {
      w.line(docstring(p.rec.doc?.text) ?? `"""C ${p.rec.kind} ${p.rec.name}."""`);
      if (p.pack) w.line(`_pack_ = ${p.pack}`);
      for (const b of p.bitDescriptors) w.line(`${b.name} = _BitField(${b.bitOffset}, ${b.width}, ${b.signed ? "True" : "False"})`);
      if (p.anonymous.length > 0) w.line(`_anonymous_ = (${p.anonymous.map((a) => `"${a}"`).join(", ")},)`);
    });
    w.blank();
  }
}

/** Writes the `_fields_` assignments, after every class and callback type exists (`.py`). */
export function emitRecordFieldsPy(w: CodeWriter, plans: RecordPlan[]): void {
  for (const p of plans) {
    w.block(`${p.cls}._fields_ = [`, "]", () => {
      for (const r of p.rows) w.line(`${r},`);
    });
  }
  w.blank();
}

/** Writes the stub classes (`.pyi`). */
export function emitRecordsPyi(w: CodeWriter, plans: RecordPlan[], handles: RecordDecl[], ctx: TypeCtx): void {
  for (const h of handles) {
    w.line(`class ${ctx.names.type(h.id)}(ctypes.c_void_p): ...`);
  }
  if (handles.length > 0) w.blank();
  for (const p of plans) {
    w.block(`class ${p.cls}(ctypes.${p.rec.kind === "union" ? "Union" : "Structure"}):`, "", () => {
      if (p.attrs.length === 0) w.line("...");
      for (const [name, ann] of p.attrs) w.line(`${name}: ${ann}`);
    });
    w.blank();
  }
}

/** Writes the import-time layout check: sizes (and alignments where ctypes can express them). */
export function emitLayoutCheckPy(w: CodeWriter, plans: RecordPlan[]): void {
  const rows = plans.filter((p) => p.rec.layout);
  if (rows.length === 0) return;
  w.block("_LAYOUTS: list[tuple[Any, int, int]] = [", "]", () => {
    for (const p of rows) {
      const align = p.uncheckedAlign ? 0 : (p.rec.layout?.align ?? 0);
      w.line(`(${p.cls}, ${p.rec.layout?.size}, ${align}),`);
    }
  });
  w.block("for _cls, _size, _align in _LAYOUTS:", "", () => {
    w.block("if ctypes.sizeof(_cls) != _size or (_align and ctypes.alignment(_cls) != _align):", "", () => {
      w.line('raise ImportError(f"ctypes layout of {_cls.__name__} is {ctypes.sizeof(_cls)}/{ctypes.alignment(_cls)} bytes, header says {_size}/{_align}")');
    });
  });
  w.blank();
}
