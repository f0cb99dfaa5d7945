// Field-by-field round trips of a fixture's records through a compiled target (layout-compiled
// test). Writes a test header: the fixture's declarations plus, per named record R, `rt_R_size`,
// `rt_R_store` (R → bytes), `rt_R_load` (bytes → R) and `rt_R_echo` (R by value), and their C bodies;
// lists each record's scalar leaves with the probe's byte offsets, sample values and their encoding.

import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DeclIndex as CDeclIndex } from "../../emit/common/cdecl.js";
import { DeclIndex, resolveType } from "../../emit/common/resolve.js";
import { probedRecords } from "../../emit/probe/records.js";
import type { IrModule, RecordDecl } from "../../ir/types.js";
import type { ProbeReport } from "../layout-support.js";

/** One scalar reached from a record through named members. */
export interface Leaf {
  /** Member names from the record down to the scalar. */
  path: string[];
  /** Byte offset from the start of the record, summed from the probe's offsetof values. */
  offset: number;
  /** IR offset (the same sum from the IR), for the IR-vs-probe comparison. */
  irOffset: number;
  kind: "int" | "float";
  size: number;
  signed: boolean;
}

/** A record the test header gives round-trip functions. */
export interface RoundTripRecord {
  rec: RecordDecl;
  /** C spelling (`struct Packed`, `Shape`). */
  cType: string;
  /** Function stem: `rt_<name>`. */
  fn: string;
}

/** Named records of the fixture C can spell without `__typeof__` (anonymous members excluded). */
export function roundTripRecords(ir: IrModule): RoundTripRecord[] {
  return probedRecords(new CDeclIndex(ir))
    .filter(({ rec, typeExpr }) => !rec.system && !typeExpr.startsWith("__typeof__"))
    .map(({ rec, typeExpr }) => ({ rec, cType: typeExpr, fn: `rt_${rec.name}` }));
}

/** The test header: the fixture header's text, then the four functions of each record. */
export function roundTripHeader(fixtureHeader: string, records: readonly RoundTripRecord[]): string {
  const lines = [readFileSync(fixtureHeader, "utf8").trimEnd(), "", "/* Round-trip functions of the layout-compiled test. */", "#include <stddef.h>", "#include <stdint.h>"];
  for (const r of records) {
    lines.push(`size_t ${r.fn}_size(void);`, `void ${r.fn}_store(const ${r.cType} *value, uint8_t *bytes);`, `${r.cType} ${r.fn}_load(const uint8_t *bytes);`, `${r.cType} ${r.fn}_echo(${r.cType} value);`);
  }
  return `${lines.join("\n")}\n`;
}

/** Their bodies: sizeof, memcpy both ways, identity by value. */
export function roundTripSource(headerFile: string, records: readonly RoundTripRecord[]): string {
  const lines = ["#include <string.h>", `#include "${headerFile}"`];
  for (const r of records) {
    lines.push(
      `size_t ${r.fn}_size(void) { return sizeof(${r.cType}); }`,
      `void ${r.fn}_store(const ${r.cType} *value, uint8_t *bytes) { memcpy(bytes, value, sizeof *value); }`,
      `${r.cType} ${r.fn}_load(const uint8_t *bytes) { ${r.cType} v; memcpy(&v, bytes, sizeof v); return v; }`,
      `${r.cType} ${r.fn}_echo(${r.cType} value) { return value; }`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** Writes header and source into `dir` and builds `lib<name>.so` with -Wall -Wextra -Werror; returns its path. */
export function buildRoundTripLibrary(dir: string, name: string, fixtureHeader: string, records: readonly RoundTripRecord[]): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.h`), roundTripHeader(fixtureHeader, records));
  writeFileSync(join(dir, `${name}.c`), roundTripSource(`${name}.h`, records));
  const so = join(dir, `lib${name}.so`);
  execFileSync("cc", ["-shared", "-fPIC", "-Wall", "-Wextra", "-Werror", `-I${dir}`, "-o", so, join(dir, `${name}.c`)], { stdio: "pipe" });
  return so;
}

/** Scalar leaves of `rec` (nested structs walked); throws on a member this test cannot sample. */
export function recordLeaves(rec: RecordDecl, ir: IrModule, report: ProbeReport): Leaf[] {
  const index = new DeclIndex(ir);
  const walk = (r: RecordDecl, path: string[], offset: number, irOffset: number): Leaf[] => {
    const probed = report.records[r.id];
    if (probed === undefined) throw new Error(`${r.id} is not in the probe report`);
    return r.fields.flatMap((f) => {
      const at = [...path, f.name];
      const fieldOffset = probed.fields[f.name];
      if (f.name === "" || f.bitWidth !== undefined || fieldOffset === undefined) throw new Error(`${rec.name}.${at.join(".")}: not a plain named member`);
      const t = resolveType(f.type, index);
      const here = { path: at, offset: offset + fieldOffset, irOffset: irOffset + (f.offset ?? -1) };
      if (t.kind === "int") return [{ ...here, kind: "int" as const, size: t.size, signed: t.signed }];
      if (t.kind === "float") return [{ ...here, kind: "float" as const, size: t.size, signed: true }];
      const inner = t.kind === "ref" ? index.record(t.id) : undefined;
      if (inner?.kind === "struct" && inner.complete) return walk(inner, at, here.offset, here.irOffset);
      const en = t.kind === "ref" ? index.enumDecl(t.id) : undefined;
      if (en) return [{ ...here, kind: "int" as const, size: en.underlying.size, signed: en.underlying.signed }];
      throw new Error(`${rec.name}.${at.join(".")}: member type ${t.kind} is not sampled by this test`);
    });
  };
  return walk(rec, [], 0, 0);
}

/** A distinct sample per leaf: ints fill up to 6 bytes (exact in a double) and alternate sign; floats are exact binary fractions. */
export function sampleValue(leaf: Leaf, k: number): bigint | number {
  if (leaf.kind === "float") return leaf.size === 4 ? k + 1.25 : -(k + 1) * 1.5 - 0.125;
  let v = 0n;
  for (let i = 0; i < Math.min(leaf.size, 6); i++) v |= BigInt((0x11 * (k + 1) + 7 * i + 1) & 0x7f) << BigInt(8 * i);
  return leaf.signed && k % 2 === 0 ? -v : v;
}

/** The samples as JS values: bigint for 64-bit integers (as the napi target returns them), number otherwise. */
export function jsValue(leaf: Leaf, sample: bigint | number): bigint | number {
  return typeof sample === "bigint" && leaf.size < 8 ? Number(sample) : sample;
}

/** A nested object with `values[i]` at `leaves[i].path`. */
export function nestedObject(leaves: readonly Leaf[], values: readonly unknown[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  leaves.forEach((leaf, i) => {
    let node = root;
    for (const key of leaf.path.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
    node[leaf.path[leaf.path.length - 1] ?? ""] = values[i];
  });
  return root;
}

/** The value at `path` in a nested object (undefined where a member is missing). */
export function valueAt(obj: unknown, path: readonly string[]): unknown {
  let node = obj;
  for (const key of path) node = node === null || typeof node !== "object" ? undefined : (node as Record<string, unknown>)[key];
  return node;
}

/** Writes one leaf's sample into little-endian `bytes`. */
export function writeLeaf(view: DataView, leaf: Leaf, sample: bigint | number): void {
  if (leaf.kind === "float") {
    if (leaf.size === 4) view.setFloat32(leaf.offset, Number(sample), true);
    else view.setFloat64(leaf.offset, Number(sample), true);
    return;
  }
  const bits = BigInt.asUintN(leaf.size * 8, BigInt(sample));
  for (let i = 0; i < leaf.size; i++) view.setUint8(leaf.offset + i, Number((bits >> BigInt(8 * i)) & 0xffn));
}

/** Reads one leaf from little-endian `bytes`, as a bigint for integers. */
export function readLeaf(view: DataView, leaf: Leaf): bigint | number {
  if (leaf.kind === "float") return leaf.size === 4 ? view.getFloat32(leaf.offset, true) : view.getFloat64(leaf.offset, true);
  let bits = 0n;
  for (let i = 0; i < leaf.size; i++) bits |= BigInt(view.getUint8(leaf.offset + i)) << BigInt(8 * i);
  return leaf.signed ? BigInt.asIntN(leaf.size * 8, bits) : bits;
}
