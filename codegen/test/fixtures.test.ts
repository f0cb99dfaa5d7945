// Golden tests over every fixture in codegen/test/fixtures (discovered, no hand list): the IR
// must equal expected/ir.json, and for every registered backend whose expected/<target>/
// folder exists, every emitted file must equal its copy there. UPDATE_EXPECTED=1 rewrites.

import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DiagnosticSink } from "../diag.js";
import { BACKENDS } from "../emit/registry.js";
import type { TargetId } from "../emit/backend.js";
import { serializeIr } from "../ir/serialize.js";
import { validateIr } from "../ir/validate.js";
import { parseHeaders } from "../parse/index.js";
import { compareExpected, discoverFixtures, FIXTURES_DIR, readOptions } from "./support/fixtures.js";

const fixtures = discoverFixtures(FIXTURES_DIR);

describe.each(fixtures)("fixture %s", (fixture) => {
  const dir = path.join(FIXTURES_DIR, fixture);
  const options = readOptions(dir);
  const header = path.relative(process.cwd(), path.join(dir, options.header ?? "input.h"));
  const generated = parseHeaders({
    header,
    lib: options.lib ?? `./lib${fixture}.so`,
    checkSymbols: options.lib !== undefined,
    outDir: ".",
    name: options.name ?? fixture,
    prefixes: options.prefixes,
    defines: options.defines,
    includeDirs: options.includeDirs,
  });

  it("produces valid IR equal to expected/ir.json", async () => {
    const { ir, diag } = await generated;
    expect(diag.items.filter((d) => d.severity === "error")).toEqual([]);
    expect(ir).toBeDefined();
    expect(validateIr(ir)).toEqual([]);
    const problem = compareExpected(path.join(dir, "expected", "ir.json"), serializeIr(ir!));
    expect(problem, problem).toBeUndefined();
  });

  // Every registered target, opt-in ones included: a target is checked where its folder exists.
  for (const target of Object.keys(BACKENDS) as TargetId[]) {
    const targetDir = path.join(dir, "expected", target);
    if (!fs.existsSync(targetDir)) continue;
    it(`emits expected/${target}/`, async () => {
      const { ir } = await generated;
      const diag = new DiagnosticSink();
      const files = BACKENDS[target].emit(ir!, { name: ir!.name, lib: ir!.lib, inputs: ir!.inputs, toolVersion: "0.0.0-test" }, diag);
      const problems = files.map((f) => compareExpected(path.join(targetDir, f.path), f.contents)).filter((p) => p !== undefined);
      const emitted = new Set(files.map((f) => f.path));
      const extra = fs.readdirSync(targetDir).filter((f) => !emitted.has(f));
      expect(problems.join("\n\n"), problems.join("\n\n")).toBe("");
      expect(extra, "files in expected/ that the backend no longer emits").toEqual([]);
    });
  }
});

it("finds the fixtures", () => {
  expect(fixtures).toEqual(expect.arrayContaining(["basic", "callbacks", "constants", "packing", "records"]));
});
