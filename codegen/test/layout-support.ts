// Layout conformance helpers: compile and run a generated probe, dump what ctypes makes of a
// generated module, and compare both with the IR. Every mismatch is one line naming the
// declaration and the field, so a failing test says exactly what differs.

import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { EnumDecl, IrModule, RecordDecl } from "../ir/types.js";
import { DeclIndex } from "../emit/common/cdecl.js";
import { PyNames } from "../emit/ctypes/names.js";
import { probedFields, probedRecords } from "../emit/probe/records.js";
import { probedConsts } from "../emit/probe/values.js";

/** What the probe prints. */
export interface ProbeReport {
  records: Record<string, { size: number; align: number; fields: Record<string, number>; bitfields: Record<string, { bitOffset: number; bitWidth: number }> }>;
  enums: Record<string, string>;
  consts: Record<string, string | number>;
}

/** Compiles `<dir>/<probeFile>` with `-std=c11 -Wall -Wextra -Werror` and returns its parsed output. */
export function runProbe(dir: string, probeFile: string, includeDirs: string[], defines: string[] = []): ProbeReport {
  const exe = join(dir, `${probeFile}.bin`);
  const flags = ["-std=c11", "-Wall", "-Wextra", "-Werror", ...includeDirs.map((d) => `-I${d}`), ...defines.map((d) => `-D${d}`)];
  execFileSync("cc", [...flags, "-o", exe, join(dir, probeFile)], { stdio: "pipe" });
  return JSON.parse(execFileSync(exe, { encoding: "utf8" })) as ProbeReport;
}

/** Differences between the probe (the compiler) and the IR's layouts and values. */
export function compareProbeWithIr(report: ProbeReport, ir: IrModule): string[] {
  const index = new DeclIndex(ir);
  const out: string[] = [];
  for (const { rec } of probedRecords(index)) {
    const got = report.records[rec.id];
    if (!got) {
      out.push(`${rec.id}: missing from probe output`);
      continue;
    }
    if (rec.layout && got.size !== rec.layout.size) out.push(`${rec.id}: size ${got.size} (compiler) vs ${rec.layout.size} (IR)`);
    if (rec.layout && got.align !== rec.layout.align) out.push(`${rec.id}: align ${got.align} (compiler) vs ${rec.layout.align} (IR)`);
    for (const f of probedFields(rec, index)) {
      if (f.field.bitWidth !== undefined) {
        const bits = got.bitfields[f.path];
        const want = f.baseOffset * 8 + (f.field.bitOffset ?? -1);
        if (!bits || bits.bitOffset !== want || bits.bitWidth !== f.field.bitWidth) {
          out.push(`${rec.id}.${f.path}: bit-field ${JSON.stringify(bits)} (compiler) vs bitOffset ${want} width ${f.field.bitWidth} (IR)`);
        }
      } else if (got.fields[f.path] !== f.baseOffset + (f.field.offset ?? -1)) {
        out.push(`${rec.id}.${f.path}: offset ${got.fields[f.path]} (compiler) vs ${f.baseOffset + (f.field.offset ?? -1)} (IR)`);
      }
    }
  }
  for (const e of ir.decls.filter((d): d is EnumDecl => d.kind === "enum")) {
    for (const c of e.constants) if (report.enums[c.name] !== c.value) out.push(`enum ${e.name}.${c.name}: ${report.enums[c.name]} (compiler) vs ${c.value} (IR)`);
  }
  for (const c of probedConsts(index)) {
    const got = report.consts[c.name];
    const want = c.value.value;
    if (c.value.kind === "float" ? Number(got) !== want : got !== want) out.push(`macro ${c.name}: ${JSON.stringify(got)} (compiler) vs ${JSON.stringify(want)} (IR)`);
  }
  return out;
}

const CTYPES_DUMP = String.raw`
import ctypes, importlib, json, sys
sys.path.insert(0, sys.argv[1])
mod = importlib.import_module(sys.argv[2])
out = {}
for name in json.loads(sys.argv[3]):
    cls = getattr(mod, name, None)
    if cls is None:
        continue
    fields = {}
    for fname in dir(cls):
        desc = cls.__dict__.get(fname, None)
        if desc is None:
            desc = getattr(cls, fname)
        if type(desc).__name__ == "_BitField":
            fields[fname] = {"bitOffset": desc.bit_offset, "bitWidth": desc.bit_width}
        elif type(desc).__name__ == "CField":
            if desc.size >> 16:
                fields[fname] = {"bitOffset": desc.offset * 8 + (desc.size & 0xFFFF), "bitWidth": desc.size >> 16}
            else:
                fields[fname] = desc.offset
    out[name] = {"size": ctypes.sizeof(cls), "align": ctypes.alignment(cls), "fields": fields}
print(json.dumps(out))
`;

/** Differences between ctypes' layout of the generated module `stem` in `dir` and the probe's. */
export function compareCtypesWithProbe(python: string, dir: string, stem: string, ir: IrModule, report: ProbeReport): string[] {
  const index = new DeclIndex(ir);
  const names = new PyNames(ir, index);
  const records = probedRecords(index).map(({ rec }) => rec);
  const classOf = (rec: RecordDecl) => names.type(rec.id);
  const script = join(dir, "_ctypes_dump.py");
  writeFileSync(script, CTYPES_DUMP);
  const dump = JSON.parse(
    execFileSync(python, [script, dir, stem, JSON.stringify(records.map(classOf))], { encoding: "utf8" }),
  ) as Record<string, { size: number; align: number; fields: Record<string, number | { bitOffset: number; bitWidth: number }> }>;
  const out: string[] = [];
  for (const rec of records) {
    const got = dump[classOf(rec)];
    const want = report.records[rec.id];
    if (!got || !want) {
      out.push(`${rec.id}: class ${classOf(rec)} missing from the ctypes module`);
      continue;
    }
    if (got.size !== want.size) out.push(`${rec.id}: ctypes size ${got.size} vs compiler ${want.size}`);
    if (got.align !== want.align && !rec.alignAttr) out.push(`${rec.id}: ctypes align ${got.align} vs compiler ${want.align}`);
    for (const [path, off] of Object.entries(want.fields)) {
      if (got.fields[path] !== off) out.push(`${rec.id}.${path}: ctypes offset ${JSON.stringify(got.fields[path])} vs compiler ${off}`);
    }
    for (const [path, bits] of Object.entries(want.bitfields)) {
      if (JSON.stringify(got.fields[path]) !== JSON.stringify(bits)) out.push(`${rec.id}.${path}: ctypes bit-field ${JSON.stringify(got.fields[path])} vs compiler ${JSON.stringify(bits)}`);
    }
  }
  return out;
}
