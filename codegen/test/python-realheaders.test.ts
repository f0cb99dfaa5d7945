// The Python targets and the probe on real headers through the CLI: zlib, sqlite3 and our own
// include/omendb_ffi.h (when native/target/release/libomendb.so is built). For each: probe vs
// IR vs ctypes layouts, mypy --strict, the cffi extension build, and real calls on both paths.

import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { IrModule } from "../ir/types.js";
import { compareCtypesWithProbe, compareProbeWithIr, runProbe } from "./layout-support.js";

const root = resolve(import.meta.dirname, "../..");
const omendbLib = join(root, "native/target/release/libomendb.so");

interface Case {
  name: string;
  header: string;
  lib: string;
  stem: string;
  includeDir: string;
  calls: string;
  skip?: boolean;
}

const cases: Case[] = [
  { name: "zlib", header: "/usr/include/zlib.h", lib: "z", stem: "zlib_c", includeDir: "/usr/include", calls: "zlib_calls.py" },
  { name: "sqlite3", header: "/usr/include/sqlite3.h", lib: "sqlite3", stem: "sqlite3_c", includeDir: "/usr/include", calls: "sqlite3_calls.py" },
  {
    name: "omendb_ffi", header: "include/omendb_ffi.h", lib: omendbLib, stem: "omendb_ffi", includeDir: join(root, "include"),
    calls: "omendb_calls.py", skip: !existsSync(omendbLib),
  },
];

const python = execFileSync("bash", [join(root, "scripts/ensure-venv.sh")], { encoding: "utf8" }).trim();
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

for (const c of cases) {
  describe.skipIf(c.skip)(`Python targets on ${c.name}`, () => {
    const dir = mkdtempSync(join(tmpdir(), `omendb-py-${c.name}-`));
    dirs.push(dir);
    execFileSync(process.execPath, [join(root, "bin/omendb-bindgen.mjs"), c.header, "--lib", c.lib, "--out", dir, "--name", c.name, "--targets", "ctypes,cffi,probe,ir"], {
      cwd: root,
      stdio: "pipe",
    });
    const ir = JSON.parse(readFileSync(join(dir, `${c.name}.ir.json`), "utf8")) as IrModule;
    const env = { ...process.env, [`${c.name.toUpperCase()}_INCLUDE_DIR`]: c.includeDir };

    it("the probe compiles with -Wall -Wextra -Werror and agrees with the IR", () => {
      const report = runProbe(dir, `${c.name}_probe.c`, [c.includeDir]);
      expect(Object.keys(report.records).length).toBeGreaterThan(0);
      expect(compareProbeWithIr(report, ir)).toEqual([]);
    });

    it("ctypes layouts agree with the compiler", () => {
      const report = runProbe(dir, `${c.name}_probe.c`, [c.includeDir]);
      expect(compareCtypesWithProbe(python, dir, c.stem, ir, report)).toEqual([]);
    });

    it("mypy --strict accepts the .pyi, the .py and the cffi build script", () => {
      for (const f of [`${c.stem}.pyi`, `${c.stem}.py`, `${c.stem}_cffi_build.py`]) {
        const out = execFileSync(python, ["-m", "mypy", "--strict", "--no-incremental", join(dir, f)], { encoding: "utf8" });
        expect(out, f).toContain("Success");
      }
    });

    it("real calls through ctypes, then through the compiled cffi extension", () => {
      const script = join(root, "test/python/generator", c.calls);
      expect(execFileSync(python, [script, dir, "ctypes"], { encoding: "utf8" }).trim()).toBe("ok");
      execFileSync(python, [join(dir, `${c.stem}_cffi_build.py`)], { env, stdio: "pipe" });
      expect(execFileSync(python, [script, dir, "cffi"], { encoding: "utf8" }).trim()).toBe("ok");
    });
  });
}
