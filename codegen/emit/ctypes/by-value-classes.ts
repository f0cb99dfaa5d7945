// Whether libffi passes a bit-field record by value like gcc (x86-64 System V): gcc classifies
// the C record, libffi the ctypes class built from its storage members. Each byte is marked by
// the member covering it (integer, SSE, memory-only; none for padding), each eightbyte takes the
// strongest mark, and the two views must agree. Records over 16 bytes go in memory either way.

import type { RecordDecl, TypeRef } from "../../ir/types.js";
import type { DeclIndex } from "../common/cdecl.js";

/** Byte marks, strongest last: padding, SSE, integer, memory. */
const NONE = 0;
const SSE = 1;
const INTEGER = 2;
const MEMORY = 3;

type SizeOf = (t: TypeRef) => number | undefined;
/** The record a view classifies for a declaration id: the C record, or its ctypes storage form. */
type View = (rec: RecordDecl) => RecordDecl;

/** True when gcc and libffi give `rec` the same eightbyte classes (C view vs storage view). */
export function sameByValueClasses(rec: RecordDecl, stored: View, index: DeclIndex, sizeOf: SizeOf): boolean {
  const size = rec.layout?.size;
  if (size === undefined) return false;
  if (size > 16) return true;
  const c = eightbytes(rec, (r) => r, index, sizeOf, size);
  const ffi = eightbytes(rec, stored, index, sizeOf, size);
  return c !== undefined && ffi !== undefined && c.join() === ffi.join();
}

function eightbytes(rec: RecordDecl, view: View, index: DeclIndex, sizeOf: SizeOf, size: number): number[] | undefined {
  const marks = new Array<number>(size).fill(NONE);
  if (!markRecord(rec, 0, marks, view, index, sizeOf)) return undefined;
  const out: number[] = [];
  for (let start = 0; start < size; start += 8) out.push(Math.max(...marks.slice(start, start + 8)));
  return out;
}

function mark(marks: number[], from: number, to: number, cls: number): void {
  for (let i = from; i < to && i < marks.length; i++) marks[i] = Math.max(marks[i] ?? NONE, cls);
}

function markRecord(rec: RecordDecl, base: number, marks: number[], view: View, index: DeclIndex, sizeOf: SizeOf): boolean {
  for (const f of view(rec).fields) {
    if (f.bitWidth !== undefined) {
      if (f.bitWidth === 0) continue;
      if (f.bitOffset === undefined) return false;
      mark(marks, base + Math.floor(f.bitOffset / 8), base + Math.ceil((f.bitOffset + f.bitWidth) / 8), INTEGER);
      continue;
    }
    if (f.offset === undefined || !markType(f.type, base + f.offset, marks, view, index, sizeOf)) return false;
  }
  return true;
}

function markType(t: TypeRef, at: number, marks: number[], view: View, index: DeclIndex, sizeOf: SizeOf): boolean {
  const r = index.resolve(t);
  switch (r.kind) {
    case "int":
      mark(marks, at, at + r.size, r.size > 8 ? MEMORY : INTEGER);
      return true;
    case "bool":
      mark(marks, at, at + 1, INTEGER);
      return true;
    case "pointer":
      mark(marks, at, at + (sizeOf(r) ?? 8), INTEGER);
      return true;
    case "float":
      mark(marks, at, at + r.size, r.size > 8 ? MEMORY : SSE);
      return true;
    case "array": {
      const step = sizeOf(r.element);
      if (step === undefined || r.length === null) return false;
      for (let i = 0; i < r.length; i++) if (!markType(r.element, at + i * step, marks, view, index, sizeOf)) return false;
      return true;
    }
    case "ref": {
      const en = index.enumDecl(r.id);
      if (en) {
        mark(marks, at, at + en.underlying.size, INTEGER);
        return true;
      }
      const rec = index.record(r.id);
      return rec !== undefined && rec.complete && markRecord(rec, at, marks, view, index, sizeOf);
    }
    default:
      return false;
  }
}
