// Every golden fixture through the compiled targets: the emitted napi addon and CPython extension
// must build with -Wall -Wextra -Werror (codegen/build/compile.ts), skip exactly the functions they
// cannot express (one warning each, asserted here), and load with every other function bound.

import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { IrModule } from "../ir/types.js";
import { parseHeaders } from "../parse/index.js";
import { builtOrThrow, COMPILED_TARGETS, type CompiledBuild, emitAndBuild, requireAddon, runPythonJson, skipList, venvPython } from "./support/compiled-build.js";
import { discoverFixtures, FIXTURES_DIR, readOptions } from "./support/fixtures.js";
import { generatedRoot } from "./support/sink.js";

/** What each fixture legitimately cannot express in the compiled tier (same for napi and cpython). */
const EXPECTED_SKIPS: Record<string, string[]> = {
  basic: ["W0601 basic_log", "W0604 basic_scalars"],
  callbacks: ["W0602 cb_each", "W0602 cb_lookup", "W0602 cb_register", "W0602 cb_sort"],
  constants: [],
  packing: [],
  records: ["W0604 shape_area"],
};

/** The lists every skip comes with: the reason names the construct (variadic, long double, callback, bit-fields). */
const EXPECTED_REASONS: Record<string, RegExp> = {
  W0601: /variadic functions have no fixed signature/,
  W0602: /callbacks \(function pointers\) are not supported by the compiled tier/,
  W0604: /`long double`|`Flags` has bit-fields/,
};

/** A library every process has: dlopen succeeds, the fixture's symbols stay unresolved. */
const LIBC = "libc.so.6";

const PY_LIST = String.raw`
import importlib, json, sys
spec = json.loads(sys.argv[1])
mod = importlib.import_module(spec["module"])
lib = mod.load(spec["lib"])
out = {"methods": sorted(n for n in dir(lib) if not n.startswith("_"))}
if spec["inline"]:
    out["inline"] = getattr(lib, spec["inline"])(2, 3)
print(json.dumps(out))
`;

const fixtures = discoverFixtures(FIXTURES_DIR);
let python = "";

beforeAll(() => {
  python = venvPython();
}, 120_000);

it("has an expected skip list for every fixture", () => {
  expect(Object.keys(EXPECTED_SKIPS).sort()).toEqual(fixtures);
});

describe.each(fixtures)("fixture %s, compiled targets", (fixture) => {
  const fixtureDir = join(FIXTURES_DIR, fixture);
  const options = readOptions(fixtureDir);
  let ir: IrModule;

  beforeAll(async () => {
    const header = relative(process.cwd(), join(fixtureDir, options.header ?? "input.h"));
    const parsed = await parseHeaders({ header, lib: options.lib ?? `./lib${fixture}.so`, checkSymbols: false, outDir: ".", name: options.name ?? fixture, prefixes: options.prefixes, defines: options.defines, includeDirs: options.includeDirs });
    if (!parsed.ir) throw new Error(`fixture ${fixture} does not parse`);
    ir = parsed.ir;
  });

  /** Functions the fixture declares, minus the expected skips. */
  const boundFunctions = (): string[] => {
    const skipped = new Set(EXPECTED_SKIPS[fixture]?.map((s) => s.split(" ")[1]));
    return ir.decls.filter((d) => d.kind === "function" && !d.system && !skipped.has(d.name)).map((d) => d.name).sort();
  };
  const inlineFunction = (): string | undefined => ir.decls.find((d) => d.kind === "function" && d.inline && !d.system)?.name;

  for (const target of COMPILED_TARGETS) {
    describe(target, () => {
      let build: CompiledBuild;
      beforeAll(() => {
        const includeDirs = [fixtureDir, ...(options.includeDirs ?? []).map((d) => join(fixtureDir, d))];
        build = emitAndBuild(target, ir, join(generatedRoot, "fixtures-compiled", fixture, target), includeDirs, target === "cpython" ? python : undefined);
      }, 120_000);

      it("builds with -Wall -Wextra -Werror", () => {
        expect(builtOrThrow(build)).toMatch(target === "napi" ? /\.node$/ : /_cpython\..*\.so$/);
      });

      it("skips exactly what it cannot express, one warning each with its reason, and no errors", () => {
        expect(build.diag.hasErrors).toBe(false);
        expect(skipList(build.diag)).toEqual(EXPECTED_SKIPS[fixture]);
        for (const d of build.diag.warnings) expect(d.message, d.code).toMatch(EXPECTED_REASONS[d.code] ?? /^$/);
      });

      it("loads and binds every other function; static inline ones run without the library", () => {
        const inline = inlineFunction();
        if (target === "napi") {
          const lib = requireAddon(builtOrThrow(build)).open(LIBC);
          const methods = Object.keys(lib);
          expect(methods.filter((m) => !m.endsWith("Async")).sort()).toEqual(boundFunctions());
          // Async variants (off the event loop) exist only beside a bound function of the same name.
          for (const m of methods.filter((x) => x.endsWith("Async"))) expect(boundFunctions()).toContain(m.slice(0, -"Async".length));
          if (inline !== undefined) expect(lib[inline]?.(2, 3)).toBe(5);
        } else {
          const out = runPythonJson<{ methods: string[]; inline?: number }>(python, join(generatedRoot, "fixtures-compiled", fixture, target), PY_LIST, {
            module: `${build.stem}_cpython`,
            lib: LIBC,
            inline: inline ?? null,
          });
          expect(out.methods).toEqual(boundFunctions());
          if (inline !== undefined) expect(out.inline).toBe(5);
        }
      });
    });
  }
});
