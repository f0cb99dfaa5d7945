// The omendb-bindgen command line: exit codes, --help, usage errors, writing only changed
// files, --check (exit 1 and the stale file named, nothing rewritten), nothing written on error,
// JSON diagnostics, --after IR dumps, and one run through the real bin script.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseArgs } from "../cli/options.js";
import { runGenerator } from "../cli/run.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bindgen-cli-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const BASIC = "codegen/test/fixtures/basic/input.h";

async function run(argv: string[]) {
  const parsed = parseArgs(argv, "9.9.9");
  if (parsed.kind === "exit") return { code: parsed.code, stdout: parsed.stdout, stderr: parsed.stderr };
  return runGenerator(parsed.options, "9.9.9");
}

describe("argument parsing", () => {
  it("--help documents every option and exits 0", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(0);
    for (const opt of ["--lib", "--out", "--name", "--targets", "-I", "-D", "--prefix", "--check", "--diagnostics", "--deny-warnings", "--target-triple", "--after", "--check-ir"]) {
      expect(r.stdout).toContain(opt);
    }
  });

  it("rejects a missing --lib with E0010 and exit 1", async () => {
    const r = await run([BASIC, "--out", tmp]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error\[E0010\]: .*--lib/);
  });

  it("rejects an unknown target", async () => {
    const r = await run([BASIC, "--lib", "./x.so", "--out", tmp, "--targets", "ir,rust"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("unknown target 'rust'");
  });

  it("collects repeated -I, -D and --prefix; defaults name and all six targets", () => {
    const p = parseArgs(["h.h", "--lib", "z", "--out", "o", "-I", "a", "-I", "b", "-D", "X=1", "--prefix", "z_", "--prefix", "gz"], "1");
    if (p.kind !== "run") throw new Error(p.stderr);
    expect(p.options.includeDirs).toEqual(["a", "b"]);
    expect(p.options.defines).toEqual(["X=1"]);
    expect(p.options.prefixes).toEqual(["z_", "gz"]);
    expect(p.options.targets).toEqual(["koffi", "ffi-rs", "ctypes", "cffi", "probe", "ir"]);
    expect(p.options.name).toBeUndefined();
    expect(p.options.triple).toBe("x86_64-linux-gnu");
  });
});

it("--check-ir (or OMENDB_BINDGEN_DEBUG) turns on the schema validation, off by default", async () => {
  const base = ["h.h", "--lib", "z", "--out", "o"];
  const debug = process.env.OMENDB_BINDGEN_DEBUG;
  delete process.env.OMENDB_BINDGEN_DEBUG;
  try {
    const plain = parseArgs(base, "1");
    const checked = parseArgs([...base, "--check-ir"], "1");
    process.env.OMENDB_BINDGEN_DEBUG = "1";
    const debugged = parseArgs(base, "1");
    expect([plain, checked, debugged].map((p) => (p.kind === "run" ? p.options.checkIr : p.stderr))).toEqual([false, true, true]);
  } finally {
    if (debug === undefined) delete process.env.OMENDB_BINDGEN_DEBUG;
    else process.env.OMENDB_BINDGEN_DEBUG = debug;
  }
  const r = await run([BASIC, "--lib", "./libbasic.so", "--out", path.join(tmp, "check-ir"), "--targets", "ir", "--check-ir"]);
  expect(r.stderr).toContain("→ 1 file in");
  expect(r.code).toBe(0);
});

describe("writing and --check", () => {
  const out = path.join(tmp, "gen");
  const irFile = path.join(out, "input.ir.json");
  const args = [BASIC, "--lib", "./libbasic.so", "--out", out, "--targets", "ir"];

  it("writes <name>.ir.json and prints the summary line", async () => {
    const r = await run(args);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(irFile, "utf8")).toMatch(/^\{\n {2}"decls": \[/);
    expect(r.stderr).toMatch(/omendb-bindgen: 9 functions, 1 struct, 0 enums, 1 constant, \d+ skipped \(warnings\) → 1 file in \d+ ms/);
  });

  it("does not rewrite unchanged files", async () => {
    const past = new Date(2000, 0, 1);
    fs.utimesSync(irFile, past, past);
    expect((await run(args)).code).toBe(0);
    expect(fs.statSync(irFile).mtime.getTime()).toBe(past.getTime());
  });

  it("--check exits 0 when up to date and 1 naming the stale file, without writing", async () => {
    expect((await run([...args, "--check"])).code).toBe(0);
    fs.writeFileSync(irFile, "stale\n");
    const r = await run([...args, "--check"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`differs: ${irFile}`);
    expect(fs.readFileSync(irFile, "utf8")).toBe("stale\n");
  });

  it("--name sets the file stem", async () => {
    expect((await run([...args, "--name", "renamed"])).code).toBe(0);
    expect(fs.existsSync(path.join(out, "renamed.ir.json"))).toBe(true);
  });
});

describe("errors", () => {
  it("writes nothing and exits 1 on a header error, printing gcc-style diagnostics", async () => {
    const out = path.join(tmp, "never");
    const r = await run(["codegen/test/fixtures/errors/syntax/input.h", "--lib", "./x.so", "--out", out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^codegen\/test\/fixtures\/errors\/syntax\/input\.h:3:17: error\[E0101\]: /m);
    expect(fs.existsSync(out)).toBe(false);
  });

  it("reports a missing header as E0001", async () => {
    const r = await run(["no/such/header.h", "--lib", "./x.so", "--out", tmp]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error[E0001]: header file 'no/such/header.h' not found");
  });

  it("prints JSON diagnostics with --diagnostics=json", async () => {
    const r = await run(["codegen/test/fixtures/errors/unknown-type/input.h", "--lib", "./x.so", "--out", tmp, "--diagnostics=json"]);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stderr.slice(0, r.stderr.lastIndexOf("}") + 1)) as { diagnostics: { code: string; loc?: { line: number } }[] };
    expect(json.diagnostics.find((d) => d.code === "E0301")?.loc?.line).toBe(2);
  });

  it("--deny-warnings turns warnings into errors", async () => {
    const r = await run(["codegen/test/fixtures/errors/deny-warnings/input.h", "--lib", "./x.so", "--out", path.join(tmp, "dw"), "--deny-warnings"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error[W0304]");
  });
});

it("--after prints the IR after a pass and writes nothing", async () => {
  const out = path.join(tmp, "after");
  const r = await run([BASIC, "--lib", "./x.so", "--out", out, "--after", "keepDependencyClosure"]);
  expect(r.code).toBe(0);
  const ir = JSON.parse(r.stdout) as { decls: { kind: string }[] };
  expect(ir.decls.some((d) => d.kind === "const")).toBe(false);
  expect(fs.existsSync(out)).toBe(false);
});

it("the bin script runs end to end with exit codes 0 and 1", () => {
  const out = path.join(tmp, "bin");
  const ok = spawnSync(process.execPath, ["bin/omendb-bindgen.mjs", BASIC, "--lib", "./libbasic.so", "--out", out, "--targets", "ir"], { encoding: "utf8" });
  expect(ok.stderr).toContain("→ 1 file in");
  expect(ok.status).toBe(0);
  const bad = spawnSync(process.execPath, ["bin/omendb-bindgen.mjs", "missing.h", "--lib", "z", "--out", out], { encoding: "utf8" });
  expect(bad.status).toBe(1);
  expect(bad.stderr).not.toMatch(/\n\s+at /);
});

describe("--lib forms", () => {
  const zlib = "/usr/include/zlib.h";
  it.skipIf(!fs.existsSync(zlib))("keeps a bare soname as given and loads it by name", async () => {
    const out = path.join(tmp, "soname");
    const r = await run([zlib, "--lib", "libz.so.1", "--out", out, "--targets", "ir"]);
    expect(r.code).toBe(0);
    const ir = JSON.parse(fs.readFileSync(path.join(out, "zlib.ir.json"), "utf8")) as { lib: string };
    expect(ir.lib).toBe("libz.so.1");
  });
  it("reports an unknown soname as E0201 and writes nothing", async () => {
    const out = path.join(tmp, "nosoname");
    const r = await run([BASIC, "--lib", "libdoes-not-exist.so.9", "--out", out, "--targets", "ir"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error[E0201]: library 'libdoes-not-exist.so.9' not found");
    expect(fs.existsSync(out)).toBe(false);
  });
});
