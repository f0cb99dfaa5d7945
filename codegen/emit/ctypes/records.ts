// Records → ctypes `Structure`/`Union` classes. Classes are declared first (empty bodies with
// `_pack_`/`_anonymous_`), then `_fields_` are assigned in IR order, so self- and forward
// references work. Opaque records become distinct `c_void_p` handle classes. Records with
// bit-fields are planned by bitfield-records (storage members and `_BitField` properties).

import type { DiagnosticSink } from "../../diag.js";
import type { RecordDecl, TypeRef } from "../../ir/types.js";
import type { CodeWriter } from "../common/writer.js";
import { type BitDescriptor, planStoredRecord, storedRecord } from "./bitfield-records.js";
import { sameByValueClasses } from "./by-value-classes.js";
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
  /** Bit-fields read and written through `_BitField` descriptors over their storage members. */
  bitDescriptors: BitDescriptor[];
  pack?: number;
  /** The alignment cannot be checked (the class could not be given the C alignment). */
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
  const stored = storedRecord(rec, ctx.index);
  if (stored) {
    const body = planStoredRecord(rec, stored, ctx, (t) => ctypesLayout(t, ctx), diag);
    return { rec, cls: ctx.names.type(rec.id), ...body };
  }
  const names = fieldNames(rec);
  const rows: string[] = [];
  const attrs: [string, string][] = [];
  const anonymous: string[] = [];
  const explicit = needsExplicitLayout(rec, ctx);
  let cursor = 0;
  let pads = 0;
  rec.fields.forEach((f, i) => {
    // A zero-width bit-field only moves the next one to a new unit; ctypes refuses width 0.
    if (f.bitWidth === 0) return;
    const name = names[i];
    const ctype = ctypeOf(f.type, ctx);
    if (explicit && rec.kind === "struct" && f.offset !== undefined) {
      if (f.offset > cursor) rows.push(`("_pad_${pads++}", ctypes.c_uint8 * ${f.offset - cursor})`);
      cursor = f.offset + (sizeAlign(f.type, ctx)?.[0] ?? 0);
    }
    // Native bit-fields remain only for records without a computed layout (no storage rewrite).
    rows.push(f.bitWidth !== undefined ? `("${name}", ${ctype}, ${f.bitWidth})` : `("${name}", ${ctype})`);
    if (f.name === "" && f.bitWidth === undefined) anonymous.push(name);
    if (f.name !== "") attrs.push([name, f.bitWidth !== undefined ? "int" : valueAnnotation(f.type, ctx)]);
  });
  const plan: RecordPlan = { rec, cls: ctx.names.type(rec.id), rows, attrs, anonymous, bitDescriptors: [] };
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

/** Size and alignment ctypes gives a member of type `t`: records laid out under `_pack_ = 1` (W0503) align to 1. */
function ctypesLayout(t: TypeRef, ctx: TypeCtx): [number, number] | undefined {
  const natural = sizeAlign(t, ctx);
  let r = ctx.index.resolve(t);
  while (r.kind === "array") r = ctx.index.resolve(r.element);
  const rec = r.kind === "ref" ? ctx.index.record(r.id) : undefined;
  if (natural && rec?.complete && !storedRecord(rec, ctx.index) && needsExplicitLayout(rec, ctx)) return [natural[0], 1];
  return natural;
}

/**
 * True when libffi (ctypes) would classify this record differently from gcc in a by-value call:
 * packed or pack(N) records, forced alignment, or a member that is one; and bit-field storage
 * (here or in a member) that libffi would classify unlike gcc, or that sits in a union.
 */
export function unsafeByValue(rec: RecordDecl, ctx: TypeCtx, seen = new Set<string>()): boolean {
  if (rec.packed || rec.maxFieldAlign || rec.alignAttr) return true;
  if (seen.size === 0 && bitfieldsUnsafeByValue(rec, ctx)) return true;
  if (seen.has(rec.id)) return false;
  seen.add(rec.id);
  return rec.fields.some((f) => {
    let t = ctx.index.resolve(f.type);
    while (t.kind === "array") t = ctx.index.resolve(t.element);
    const inner = t.kind === "ref" ? ctx.index.record(t.id) : undefined;
    return inner !== undefined && inner.complete && unsafeByValue(inner, ctx, seen);
  });
}

/** True when `rec` holds bit-field storage (itself or through members) that libffi cannot pass like gcc. */
function bitfieldsUnsafeByValue(rec: RecordDecl, ctx: TypeCtx): boolean {
  const view = (r: RecordDecl): RecordDecl => storedRecord(r, ctx.index) ?? r;
  if (!holdsStorage(rec, ctx, view, new Set())) return false;
  return holdsStorage(rec, ctx, view, new Set(), true) || !sameByValueClasses(rec, view, ctx.index, (t) => sizeAlign(t, ctx)?.[0]);
}

/** Whether `rec` or a record it holds by value has bit-field storage (`unionOnly`: in a union). */
function holdsStorage(rec: RecordDecl, ctx: TypeCtx, view: (r: RecordDecl) => RecordDecl, seen: Set<string>, unionOnly = false): boolean {
  if (seen.has(rec.id)) return false;
  seen.add(rec.id);
  if (view(rec) !== rec && (!unionOnly || rec.kind === "union")) return true;
  return rec.fields.some((f) => {
    let t = ctx.index.resolve(f.type);
    while (t.kind === "array") t = ctx.index.resolve(t.element);
    const inner = t.kind === "ref" ? ctx.index.record(t.id) : undefined;
    return inner !== undefined && inner.complete && holdsStorage(inner, ctx, view, seen, unionOnly);
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
      for (const b of p.bitDescriptors) w.line(`${b.name} = _BitField("${b.storageKey}", ${b.shift}, ${b.width}, ${b.signed ? "True" : "False"})`);
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
