// Fuzzing the generator: seeded mutations of real headers (zlib.h, sqlite3.h, omendb_ffi.h, the
// fixtures) run through the CLI in a worker pool with a time limit each; every input must be
// accepted with well-formed output or rejected with a located error (see fuzz/check.ts); the
// unmutated headers come first and must be accepted.
// Longer runs: node scripts/fuzz-generator.mjs --seconds 600.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCampaign } from "./fuzz/campaign.js";
import { checkRun, transpileProblems } from "./fuzz/check.js";
import { mutate, MUTATIONS, Rng } from "./fuzz/mutate.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bindgen-fuzz-test-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const SAMPLE = "/* doc */\ntypedef struct point { int x; int y; } point;\nint area(const point *p, unsigned n);\n#define LIMIT 4\n";

describe("mutations", () => {
  it("are deterministic per seed and differ between seeds", () => {
    expect(mutate(SAMPLE, 7)).toEqual(mutate(SAMPLE, 7));
    const distinct = new Set(Array.from({ length: 20 }, (_, s) => mutate(SAMPLE, s).text));
    expect(distinct.size).toBeGreaterThan(10);
  });

  it("each kind changes the text (given a seed where it applies)", () => {
    for (const [name, fn] of Object.entries(MUTATIONS)) {
      const changed = Array.from({ length: 10 }, (_, s) => fn(SAMPLE, new Rng(s))).some((t) => t !== SAMPLE);
      expect(changed, name).toBe(true);
    }
  });
});

describe("contract checks", () => {
  const header = path.join(tmp, "h.h");
  const outDir = path.join(tmp, "out");
  const done = (code: number, stderr: string) => ({ kind: "done" as const, id: 1, code, stdout: "", stderr, ms: 5 });

  it("accept a located error in the header, refuse an unlocated one, exit 2, a stack trace and a timeout", () => {
    const run = (result: Parameters<typeof checkRun>[0]["result"]) => checkRun({ header, lines: 10, outDir, result }, { python: false, probe: false, tsc: false });
    expect(run(done(1, `${header}:3:1: error[E0002]: unterminated #ifdef\n`))).toEqual([]);
    expect(run(done(1, "error[E0002]: the preprocessor failed\n"))[0]).toMatch(/without a located error/);
    expect(run(done(1, `${header}:99:1: error[E0101]: x\n`))[0]).toMatch(/no error points into the mutated header/);
    expect(run(done(2, "omendb-bindgen: internal error: boom\n"))[0]).toMatch(/^exit 2/);
    expect(run(done(1, `${header}:3:1: error[E0101]: x\n    at lower (codegen/parse/lower/index.ts:10:5)\n`))).toContain("stack trace printed on stderr");
    expect(run({ kind: "timeout", id: 1, ms: 30_000 })[0]).toMatch(/^timeout/);
    expect(run(done(0, ""))[0]).toMatch(/exit 0 but wrote/);
  });

  it("find syntax errors in TypeScript output", () => {
    const bad = path.join(tmp, "bad.koffi.ts");
    fs.writeFileSync(bad, "export const x = (1;\n");
    expect(transpileProblems(bad).length).toBeGreaterThan(0);
  });
});

describe("fuzzing omendb-bindgen with mutated real headers", () => {
  it("every input is accepted with well-formed output or rejected with a located error", async () => {
    const report = await runCampaign({ seed: 20261101, originals: true, iterations: 40, seconds: 40, timeoutMs: 30_000, deepEvery: 4, tscEvery: 18 });
    const seconds = (report.ms / 1000).toFixed(1);
    console.log(`fuzz: ${report.inputs} inputs in ${seconds} s: ${report.accepted} accepted, ${report.rejected} rejected, ${report.failures.length} failed (slowest ${Math.round(report.slowestMs)} ms)`);
    const summary = report.failures.map((f) => `${f.source} seed ${f.seed} (${f.steps.join(", ")}): ${f.problems.join("; ")}`);
    expect(summary).toEqual([]);
    expect(report.inputs).toBeGreaterThanOrEqual(16);
    expect(report.accepted).toBeGreaterThan(0);
    expect(report.rejected).toBeGreaterThan(0);
  }, 60_000);
});
