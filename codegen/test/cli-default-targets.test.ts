// The default target set: the loader targets always, plus napi and cpython when a C compiler ($CC,
// else `cc`) is found on PATH; without one, the loader targets only and a one-line notice. Both
// branches through resolveTargets with a controlled environment, and the real bin script.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compilerCommand, findCCompiler, resolveTargets } from "../cli/default-targets.js";
import { ALL_TARGET_IDS, COMPILED_TARGET_IDS, defaultTargets, TARGET_IDS } from "../emit/registry.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bindgen-defaults-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const LOADERS = ["koffi", "ffi-rs", "ctypes", "cffi", "probe", "ir"];
const BASIC = "codegen/test/fixtures/basic/input.h";

/** A folder holding one executable `name` (a stand-in compiler) and one non-executable file. */
function binDir(name: string): string {
  const dir = fs.mkdtempSync(path.join(tmp, "bin-"));
  fs.writeFileSync(path.join(dir, name), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
  fs.writeFileSync(path.join(dir, "notexec"), "", { mode: 0o644 });
  return dir;
}

describe("registry", () => {
  it("splits the targets into the loader set and the compiled tier", () => {
    expect(TARGET_IDS).toEqual(LOADERS);
    expect(COMPILED_TARGET_IDS).toEqual(["napi", "cpython"]);
    expect(ALL_TARGET_IDS).toEqual([...LOADERS, "napi", "cpython"]);
    expect(defaultTargets(true)).toEqual([...LOADERS, "napi", "cpython"]);
    expect(defaultTargets(false)).toEqual(LOADERS);
  });
});

describe("C compiler detection", () => {
  it("finds `cc` on PATH when CC is unset, and $CC (with flags) when set", () => {
    const dir = binDir("cc");
    expect(findCCompiler({ PATH: dir })).toBe(path.join(dir, "cc"));
    const other = binDir("my-gcc");
    expect(findCCompiler({ PATH: `${dir}${path.delimiter}${other}`, CC: "my-gcc -m64" })).toBe(path.join(other, "my-gcc"));
    expect(compilerCommand({ CC: "  " })).toBe("cc");
  });

  it("finds nothing for a missing program, a missing path, or a file that is not executable", () => {
    const dir = binDir("cc");
    expect(findCCompiler({ PATH: dir, CC: "no-such-cc" })).toBeUndefined();
    expect(findCCompiler({ PATH: dir, CC: path.join(tmp, "missing", "cc") })).toBeUndefined();
    expect(findCCompiler({ PATH: dir, CC: "notexec" })).toBeUndefined();
    expect(findCCompiler({ PATH: "" })).toBeUndefined();
  });

  it("finds this machine's compiler (the generator itself needs one to preprocess)", () => {
    expect(findCCompiler(process.env)).toMatch(/cc|gcc|clang/);
  });
});

describe("resolveTargets", () => {
  it("adds napi and cpython to the defaults when a compiler is found, with no notice", () => {
    expect(resolveTargets(undefined, { PATH: binDir("cc") })).toEqual({ targets: [...LOADERS, "napi", "cpython"] });
  });

  it("keeps the loader targets and gives a one-line notice naming the compiler when none is found", () => {
    const r = resolveTargets(undefined, { PATH: binDir("cc"), CC: "/nonexistent/cc" });
    expect(r.targets).toEqual(LOADERS);
    expect(r.notice).toBe("omendb-bindgen: note: no C compiler (`/nonexistent/cc`; set CC to choose one): default targets without napi and cpython\n");
  });

  it("uses --targets exactly as given, compiler or not, without a notice", () => {
    expect(resolveTargets(["ir", "napi"], { PATH: "" })).toEqual({ targets: ["ir", "napi"] });
    expect(resolveTargets(["koffi"], { PATH: binDir("cc") })).toEqual({ targets: ["koffi"] });
  });
});

describe("the bin script without --targets", () => {
  const bindgen = (out: string, env: NodeJS.ProcessEnv, extra: string[] = []) =>
    spawnSync(process.execPath, ["bin/omendb-bindgen.mjs", BASIC, "--lib", "./libbasic.so", "--out", out, "--name", "basic", ...extra], { encoding: "utf8", env });

  it("writes the compiled tier's sources beside the loader targets when cc is present", () => {
    const out = path.join(tmp, "with-cc");
    const r = bindgen(out, process.env);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toContain("note: no C compiler");
    expect(r.stderr).toMatch(/→ 12 files in/);
    expect(fs.readdirSync(out).sort()).toEqual([
      "basic.ffi-rs.ts", "basic.ir.json", "basic.koffi.ts", "basic.napi.d.ts", "basic.napi.js", "basic.py", "basic.pyi",
      "basic_cffi_build.py", "basic_cpython.c", "basic_cpython.pyi", "basic_napi.c", "basic_probe.c",
    ]);
  });

  it("prints the notice when $CC names no program (the preprocessor then fails too: E0003, nothing written)", () => {
    const out = path.join(tmp, "without-cc");
    const r = bindgen(out, { ...process.env, CC: "/nonexistent/cc" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("error[E0003]: cannot run the C compiler '/nonexistent/cc'");
    expect(r.stderr.split("\n").filter((l) => l.includes("note: no C compiler"))).toHaveLength(1);
    expect(fs.existsSync(out)).toBe(false);
  });

  it("keeps the --diagnostics json document first when the notice is printed", () => {
    const r = bindgen(path.join(tmp, "json"), { ...process.env, CC: "/nonexistent/cc" }, ["--diagnostics", "json"]);
    const doc = r.stderr.slice(0, r.stderr.indexOf("\n}") + 2);
    expect((JSON.parse(doc) as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code)).toContain("E0003");
    expect(r.stderr.slice(doc.length)).toMatch(/^\nomendb-bindgen: note: no C compiler/);
  });
});
