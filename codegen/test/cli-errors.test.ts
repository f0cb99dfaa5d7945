// Diagnostics snapshots: each codegen/test/fixtures/errors/<case>/ runs the CLI on its input.h
// (extra arguments in options.json) and must exit 1, write nothing, and print exactly
// expected/stderr.txt. UPDATE_EXPECTED=1 rewrites the snapshots.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseArgs } from "../cli/options.js";
import { runGenerator } from "../cli/run.js";
import { compareExpected, discoverFixtures, FIXTURES_DIR, readOptions } from "./support/fixtures.js";

const ERRORS_DIR = path.join(FIXTURES_DIR, "errors");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bindgen-errors-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe.each(discoverFixtures(ERRORS_DIR))("error case %s", (name) => {
  it("exits 1, writes nothing, prints the expected diagnostics", async () => {
    const dir = path.join(ERRORS_DIR, name);
    const options = readOptions(dir);
    const out = path.join(tmp, name);
    const header = path.relative(process.cwd(), path.join(dir, options.header ?? "input.h"));
    const parsed = parseArgs([header, "--lib", "./libcase.so", "--out", out, "--targets", "ir", ...(options.args ?? [])], "0.0.0");
    if (parsed.kind !== "run") throw new Error(parsed.stderr);
    const outcome = await runGenerator(parsed.options, "0.0.0");
    expect(outcome.code).toBe(1);
    expect(fs.existsSync(out)).toBe(false);
    const problem = compareExpected(path.join(dir, "expected", "stderr.txt"), outcome.stderr);
    expect(problem, problem).toBeUndefined();
  });
});
