// Layout conformance over every fixture (discovered): the generated probe is compiled and run,
// and its sizes, alignments, offsets, bit positions, enum and macro values must equal the IR's
// and what ctypes makes of the generated module; the generated Python must pass mypy --strict.

import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path, { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DiagnosticSink } from "../diag.js";
import { ctypesBackend, pythonStem } from "../emit/ctypes/index.js";
import { probeBackend } from "../emit/probe/index.js";
import { parseHeaders } from "../parse/index.js";
import { compareCtypesWithProbe, compareProbeWithIr, runProbe } from "./layout-support.js";
import { discoverFixtures, FIXTURES_DIR, readOptions } from "./support/fixtures.js";

const root = path.resolve(import.meta.dirname, "../..");
const python = execFileSync("bash", [join(root, "scripts/ensure-venv.sh")], { encoding: "utf8" }).trim();
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe.each(discoverFixtures(FIXTURES_DIR))("layout of fixture %s", (fixture) => {
  const fixtureDir = join(FIXTURES_DIR, fixture);
  const options = readOptions(fixtureDir);
  const header = path.relative(process.cwd(), join(fixtureDir, options.header ?? "input.h"));
  const out = mkdtempSync(join(tmpdir(), `omendb-layout-${fixture}-`));
  dirs.push(out);
  const prepared = (async () => {
    const { ir } = await parseHeaders({
      header, lib: options.lib ?? `./lib${fixture}.so`, checkSymbols: false, outDir: ".", name: options.name ?? fixture,
      prefixes: options.prefixes, defines: options.defines, includeDirs: options.includeDirs,
    });
    if (!ir) throw new Error(`fixture ${fixture} did not parse`);
    const opts = { name: ir.name, lib: ir.lib, inputs: ir.inputs, toolVersion: "0.0.0-test" };
    for (const f of [...ctypesBackend.emit(ir, opts, new DiagnosticSink()), ...probeBackend.emit(ir, opts, new DiagnosticSink())]) {
      writeFileSync(join(out, f.path), f.contents);
    }
    const includeDirs = [path.dirname(join(root, header)), ...(options.includeDirs ?? [])];
    return { ir, stem: pythonStem(opts), report: runProbe(out, `${ir.name}_probe.c`, includeDirs, options.defines ?? []) };
  })();

  it("probe output equals the IR (sizes, alignments, offsets, bit-fields, enums, macros)", async () => {
    const { ir, report } = await prepared;
    expect(compareProbeWithIr(report, ir)).toEqual([]);
  });

  it("ctypes layouts equal the compiler's", async () => {
    const { ir, stem, report } = await prepared;
    const diffs = compareCtypesWithProbe(python, out, stem, ir, report);
    // Records warned about (W0503 forced alignment, W0508 bit-fields) may differ in alignment only.
    expect(diffs.filter((d) => !(/ctypes align /.test(d) && alignWarned(ir, d)))).toEqual([]);
  });

  it("py_compile and mypy --strict accept the generated .py and .pyi", async () => {
    const { stem } = await prepared;
    execFileSync(python, ["-m", "py_compile", join(out, `${stem}.py`)]);
    for (const f of [`${stem}.pyi`, `${stem}.py`]) {
      expect(execFileSync(python, ["-m", "mypy", "--strict", "--no-incremental", join(out, f)], { encoding: "utf8" }), f).toContain("Success");
    }
  });
});

/** True when the diff is an alignment difference of a record the ctypes emitter warned about. */
function alignWarned(ir: import("../ir/types.js").IrModule, diff: string): boolean {
  const diag = new DiagnosticSink();
  ctypesBackend.emit(ir, { name: ir.name, lib: ir.lib, inputs: ir.inputs, toolVersion: "0" }, diag);
  const items = new Set(diag.warnings.filter((w) => w.code === "W0503" || w.code === "W0508").map((w) => w.item));
  const id = diff.split(":").slice(0, 2).join(":");
  const rec = ir.decls.find((d) => d.id === id);
  return rec !== undefined && items.has(rec.name);
}
