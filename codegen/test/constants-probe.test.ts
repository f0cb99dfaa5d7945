// The constants probe (parse/probe.ts) on one header that exercises every way an item can fail:
// gcc rejects it (two items on one undeclared identifier are both blamed), the linker does (it
// calls or reads a symbol the probe does not link), it traps at run time; the rest keep their
// values, and __LINE__ is the item's line of the one-function-per-item layout in either layout.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { runProbe } from "../parse/probe.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bindgen-probe-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const HEADER = `
extern int external_counter;
int external_fn(void);
#define GOOD 42
#define NEG (-7)
#define STR "hi"
#define FLT 1.5
#define UNDECLARED_A (undeclared_thing + 1)
#define UNDECLARED_B (undeclared_thing * 2)
#define CALLS_EXTERNAL (external_fn())
#define READS_EXTERNAL (external_counter + 1)
#define TRAPS (1 / 0)
#define STORAGE_CLASS extern
#define AT_LINE __LINE__
`;
const MACROS = ["GOOD", "NEG", "STR", "FLT", "UNDECLARED_A", "UNDECLARED_B", "CALLS_EXTERNAL", "READS_EXTERNAL", "TRAPS", "STORAGE_CLASS", "AT_LINE"];
const INTS = ["sizeof(int) * 3", "undeclared_thing", "(long long)NEG << 40"];
/** Lines of the program before the first item: the #include and the printing helpers. */
const HEAD_LINES = 12;

it("drops each failing item with the compiler's, the linker's or the run's reason and keeps the others' values", () => {
  const header = path.join(dir, "probe-cases.h");
  fs.writeFileSync(header, HEADER);
  const r = runProbe(header, { cc: process.env.CC ?? "cc", includeDirs: [], defines: [] }, INTS, MACROS);
  expect(r.fatal).toBeUndefined();
  expect([...r.ints].sort((a, b) => a[0] - b[0])).toEqual([
    [0, 12n],
    [2, -7696581394432n],
  ]);
  expect([...r.failedInts.keys()]).toEqual([1]);
  expect(r.failedInts.get(1)).toMatch(/'undeclared_thing' undeclared/);
  const byName = (m: Map<number, unknown>) => new Map([...m].map(([i, v]) => [MACROS[i], v]));
  const values = byName(r.macros);
  expect(values.get("GOOD")).toEqual({ kind: "int", value: 42n, size: 4, signed: true });
  expect(values.get("NEG")).toEqual({ kind: "int", value: -7n, size: 4, signed: true });
  expect(values.get("STR")).toEqual({ kind: "string", value: "hi" });
  expect(values.get("FLT")).toEqual({ kind: "float", value: 1.5 });
  const failed = byName(r.failedMacros) as Map<string, string>;
  expect([...failed.keys()].sort()).toEqual(["CALLS_EXTERNAL", "READS_EXTERNAL", "STORAGE_CLASS", "TRAPS", "UNDECLARED_A", "UNDECLARED_B"]);
  expect(failed.get("UNDECLARED_A")).toMatch(/'undeclared_thing' undeclared/);
  expect(failed.get("UNDECLARED_B")).toMatch(/'undeclared_thing' undeclared/);
  expect(failed.get("CALLS_EXTERNAL")).toMatch(/undefined reference to `external_fn' \(not a constant\)/);
  expect(failed.get("READS_EXTERNAL")).toMatch(/undefined reference to `external_counter' \(not a constant\)/);
  expect(failed.get("TRAPS")).toMatch(/stops the program \(SIGFPE\)/);
  expect(failed.get("STORAGE_CLASS")).toMatch(/expected expression before 'extern'/);
  // The surviving items in program order: ints 0 and 2, then GOOD, NEG, STR, FLT, AT_LINE.
  expect(values.get("AT_LINE")).toEqual({ kind: "int", value: BigInt(HEAD_LINES + 7), size: 4, signed: true });
});
