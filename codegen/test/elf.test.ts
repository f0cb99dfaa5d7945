// parse/elf.ts against the tools it replaces: the defined dynamic symbols and DT_SONAME of a
// shared object built here (and of the system's zlib) equal what `nm -D --defined-only` and
// `objdump -p` report; a linker script or a missing file reads as undefined (callers fall back).

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { readElfDynamic } from "../parse/elf.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bindgen-elf-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** What nm -D --defined-only lists, version suffixes removed (as parse/symbols.ts did). */
function nmDefined(file: string): Set<string> {
  const run = spawnSync("nm", ["-D", "--defined-only", file], { encoding: "utf8" });
  expect(run.status).toBe(0);
  return new Set(run.stdout.split("\n").flatMap((l) => /^\S*\s+[A-Za-z]\s+(\S+)$/.exec(l.trim())?.[1].replace(/@.*$/, "") ?? []));
}

it("reads the defined symbols and the SONAME of a shared object built here", () => {
  const src = path.join(dir, "tiny.c");
  const lib = path.join(dir, "libtiny.so");
  fs.writeFileSync(src, '#include <stdio.h>\nint tiny_counter = 3;\nint tiny_add(int a, int b) { return a + b; }\nvoid tiny_print(void) { printf("%d\\n", tiny_counter); }\nstatic int hidden(void) { return 1; }\nint (*tiny_keep)(void) = hidden;\n');
  const cc = spawnSync(process.env.CC ?? "cc", ["-shared", "-fPIC", "-Wl,-soname,libtiny.so.7", "-o", lib, src], { encoding: "utf8" });
  expect(cc.status, cc.stderr).toBe(0);
  const elf = readElfDynamic(lib);
  expect(elf?.soname).toBe("libtiny.so.7");
  expect([...(elf?.defined ?? [])].filter((s) => s.startsWith("tiny_")).sort()).toEqual(["tiny_add", "tiny_counter", "tiny_keep", "tiny_print"]);
  expect(elf?.defined.has("printf")).toBe(false);
  expect(elf?.defined.has("hidden")).toBe(false);
  expect(elf?.defined).toEqual(nmDefined(lib));
});

it("has no SONAME for an object linked without one", () => {
  const lib = path.join(dir, "libplain.so");
  fs.writeFileSync(path.join(dir, "plain.c"), "int plain(void) { return 0; }\n");
  expect(spawnSync(process.env.CC ?? "cc", ["-shared", "-fPIC", "-o", lib, path.join(dir, "plain.c")]).status).toBe(0);
  const elf = readElfDynamic(lib);
  expect(elf?.defined.has("plain")).toBe(true);
  expect(elf?.soname).toBeUndefined();
});

const zlib = "/usr/lib/x86_64-linux-gnu/libz.so.1";
it.skipIf(!fs.existsSync(zlib))("agrees with nm and objdump on the system's zlib", () => {
  const elf = readElfDynamic(zlib);
  expect(elf?.defined).toEqual(nmDefined(zlib));
  expect(elf?.defined.has("deflate")).toBe(true);
  const objdump = /^\s*SONAME\s+(\S+)/m.exec(spawnSync("objdump", ["-p", zlib], { encoding: "utf8" }).stdout)?.[1];
  expect(elf?.soname).toBe(objdump);
});

it("gives undefined for a linker script and a missing file", () => {
  const script = path.join(dir, "libscript.so");
  fs.writeFileSync(script, "/* GNU ld script */\nGROUP ( libc.so.6 )\n");
  expect(readElfDynamic(script)).toBeUndefined();
  expect(readElfDynamic(path.join(dir, "missing.so"))).toBeUndefined();
});
