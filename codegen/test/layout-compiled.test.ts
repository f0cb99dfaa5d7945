// Layout conformance of the compiled targets on the packing and records fixtures: a test library
// copies each record to and from bytes and passes it by value (support/record-roundtrip.ts); the
// napi addon and the CPython extension write every field, read it back three ways (store, load,
// echo) at the probe's byte offsets, and report sizes equal to the probe's and the IR's.

import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { DiagnosticSink } from "../diag.js";
import { probeBackend } from "../emit/probe/index.js";
import type { IrModule } from "../ir/types.js";
import { parseHeaders } from "../parse/index.js";
import { runProbe, type ProbeReport } from "./layout-support.js";
import { builtOrThrow, COMPILED_TARGETS, type CompiledBuild, emitAndBuild, requireAddon, skipList, venvPython } from "./support/compiled-build.js";
import { FIXTURES_DIR } from "./support/fixtures.js";
import {
  buildRoundTripLibrary, jsValue, type Leaf, nestedObject, readLeaf, recordLeaves, type RoundTripRecord, roundTripRecords, sampleValue, valueAt, writeLeaf,
} from "./support/record-roundtrip.js";
import { generatedRoot } from "./support/sink.js";

interface Case {
  /** Records whose four round-trip functions the compiled tier binds. */
  roundTripped: string[];
  /** The round-trip functions it must skip, as `CODE function` (unions, bit-fields, unconvertible members). */
  skips: string[];
}

const CASES: Record<string, Case> = {
  packing: {
    roundTripped: ["AlignedExpr", "Aligned16", "Holder", "Pack1", "Pack2", "Packed", "PackedTail", "Unpacked"],
    skips: [],
  },
  records: {
    roundTripped: ["Inner", "Point"],
    // Unions by value (Number), bit-fields by value (Flags), and records with an anonymous union
    // (Value), a union member (List), a flexible array (Message) or a 2-D array (Shape).
    skips: [
      "W0603 rt_Number_echo", "W0603 rt_Number_load", "W0604 rt_Flags_echo", "W0604 rt_Flags_load", "W0604 shape_area",
      "W0605 rt_List_echo", "W0605 rt_List_load", "W0605 rt_List_store", "W0605 rt_Message_echo", "W0605 rt_Message_load",
      "W0605 rt_Message_store", "W0605 rt_Number_store", "W0605 rt_Shape_echo", "W0605 rt_Shape_load", "W0605 rt_Shape_store",
      "W0605 rt_Value_echo", "W0605 rt_Value_load", "W0605 rt_Value_store",
    ],
  },
};

const script = join(import.meta.dirname, "support", "record_roundtrip.py");
let python = "";
beforeAll(() => {
  python = venvPython();
}, 120_000);

/** `values` keyed by leaf path, so a mismatch names the record's member. */
function byPath(leaves: readonly Leaf[], values: readonly unknown[]): Record<string, unknown> {
  return Object.fromEntries(leaves.map((l, i) => [l.path.join("."), values[i]]));
}

for (const [fixture, expected] of Object.entries(CASES)) {
  describe(`${fixture} records through the compiled targets`, () => {
    const dir = join(generatedRoot, "layout-compiled", fixture);
    const name = `${fixture}_rt`;
    let records: RoundTripRecord[];
    let ir: IrModule;
    let report: ProbeReport;
    let library: string;

    beforeAll(async () => {
      const fixtureHeader = join(FIXTURES_DIR, fixture, "input.h");
      const fixtureIr = await parseHeaders({ header: relative(process.cwd(), fixtureHeader), outDir: ".", name: fixture });
      if (!fixtureIr.ir) throw new Error(`fixture ${fixture} does not parse`);
      records = roundTripRecords(fixtureIr.ir);
      library = buildRoundTripLibrary(dir, name, fixtureHeader, records);
      const parsed = await parseHeaders({ header: relative(process.cwd(), join(dir, `${name}.h`)), lib: `./lib${name}.so`, checkSymbols: false, outDir: ".", name });
      if (!parsed.ir) throw new Error(`${name}.h does not parse:\n${parsed.diag.items.map((d) => d.message).join("\n")}`);
      ir = parsed.ir;
      const probe = probeBackend.emit(ir, { name, lib: ir.lib, inputs: ir.inputs, toolVersion: "0" }, new DiagnosticSink());
      for (const f of probe) writeFileSync(join(dir, f.path), f.contents);
      report = runProbe(dir, `${name}_probe.c`, [dir]);
    }, 120_000);

    const recordNamed = (n: string) => {
      const r = ir.decls.find((d) => (d.kind === "struct" || d.kind === "union") && d.name === n);
      if (r === undefined || (r.kind !== "struct" && r.kind !== "union")) throw new Error(`no record ${n}`);
      return r;
    };
    const leavesOf = (n: string) => recordLeaves(recordNamed(n), ir, report);
    const samplesOf = (leaves: Leaf[]) => leaves.map((l, k) => sampleValue(l, k));

    it("the IR's sizes and offsets agree with the probe for every round-tripped record", () => {
      for (const n of expected.roundTripped) {
        const rec = recordNamed(n);
        expect({ record: n, size: rec.layout?.size, align: rec.layout?.align }).toEqual({ record: n, size: report.records[rec.id]?.size, align: report.records[rec.id]?.align });
        const leaves = leavesOf(n);
        expect(byPath(leaves, leaves.map((l) => l.irOffset)), n).toEqual(byPath(leaves, leaves.map((l) => l.offset)));
      }
    });

    for (const target of COMPILED_TARGETS) {
      describe(target, () => {
        let build: CompiledBuild;
        beforeAll(() => {
          build = emitAndBuild(target, ir, join(dir, target), [dir], target === "cpython" ? python : undefined);
        }, 120_000);

        it("builds with -Wall -Wextra -Werror and binds the round trips of exactly the expected records", () => {
          expect(builtOrThrow(build)).toBeTruthy();
          expect(skipList(build.diag)).toEqual(expected.skips);
          const skipped = new Set(build.diag.warnings.map((d) => d.item));
          const bound = records.filter((r) => ["size", "store", "load", "echo"].every((s) => !skipped.has(`${r.fn}_${s}`))).map((r) => r.rec.name);
          expect(bound.sort()).toEqual([...expected.roundTripped].sort());
        });

        it("writes every field and reads it back at the probe's offsets: store, load and echo", () => {
          if (target === "napi") {
            const lib = requireAddon(builtOrThrow(build)).open(library);
            for (const n of expected.roundTripped) {
              const leaves = leavesOf(n);
              const samples = samplesOf(leaves);
              const want = byPath(leaves, leaves.map((l, i) => jsValue(l, samples[i] ?? 0)));
              const value = nestedObject(leaves, leaves.map((l, i) => jsValue(l, samples[i] ?? 0)));
              const call = (suffix: string, ...args: unknown[]) => (lib[`rt_${n}_${suffix}`] as (...a: unknown[]) => unknown)(...args);
              const size = Number(call("size"));
              expect({ record: n, size }).toEqual({ record: n, size: report.records[recordNamed(n).id]?.size });
              const stored = new Uint8Array(size);
              call("store", value, stored);
              const storedView = new DataView(stored.buffer);
              expect(byPath(leaves, leaves.map((l) => jsValue(l, readLeaf(storedView, l)))), `${n} store`).toEqual(want);
              const packed = new Uint8Array(size);
              leaves.forEach((l, i) => writeLeaf(new DataView(packed.buffer), l, samples[i] ?? 0));
              const loaded = call("load", packed);
              expect(byPath(leaves, leaves.map((l) => valueAt(loaded, l.path))), `${n} load`).toEqual(want);
              const echoed = call("echo", value);
              expect(byPath(leaves, leaves.map((l) => valueAt(echoed, l.path))), `${n} echo`).toEqual(want);
            }
          } else {
            const spec = {
              module: `${build.stem}_cpython`,
              lib: library,
              records: expected.roundTripped.map((n) => {
                const leaves = leavesOf(n);
                return { fn: `rt_${n}`, leaves, values: samplesOf(leaves).map(String) };
              }),
            };
            const seen = JSON.parse(execFileSync(python, [script, JSON.stringify(spec)], { cwd: join(dir, target), encoding: "utf8", stdio: "pipe" })) as Record<
              string,
              { size: number; stored: number[]; loaded: number[]; echoed: number[] }
            >;
            for (const n of expected.roundTripped) {
              const leaves = leavesOf(n);
              const want = byPath(leaves, samplesOf(leaves).map(Number));
              const got = seen[`rt_${n}`];
              expect({ record: n, size: got?.size }).toEqual({ record: n, size: report.records[recordNamed(n).id]?.size });
              expect(byPath(leaves, got?.stored ?? []), `${n} store`).toEqual(want);
              expect(byPath(leaves, got?.loaded ?? []), `${n} load`).toEqual(want);
              expect(byPath(leaves, got?.echoed ?? []), `${n} echo`).toEqual(want);
            }
          }
        });
      });
    }
  });
}
