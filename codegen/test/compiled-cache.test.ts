// The CLI's compiled-JavaScript start-up cache (codegen/cli/compiled-cache.mjs): the fingerprint
// follows every source's contents, an entry is built once and reused, the compiled CLI behaves
// like the TypeScript one (schema validation included), and the bin script falls back to tsx when asked to.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error -- a plain JavaScript module (it runs before any TypeScript loader), no types.
import { compiledMain, fingerprint, generatorSources } from "../cli/compiled-cache.mjs";

const root = path.resolve(".");
// Inside node_modules so the compiled modules resolve their packages (ajv, commander) as in use.
const cacheDir = path.join(root, "node_modules", ".cache", `omendb-bindgen-test-${process.pid}`);
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "bindgen-cache-"));
afterAll(() => {
  fs.rmSync(cacheDir, { recursive: true, force: true });
  fs.rmSync(scratch, { recursive: true, force: true });
});

/** A miniature source tree: codegen/{a.ts,test/t.ts,ir/schema.json} and package.json. */
function miniTree(): string {
  const dir = fs.mkdtempSync(path.join(scratch, "tree-"));
  for (const [rel, text] of Object.entries({ "codegen/a.ts": "export const a = 1;\n", "codegen/test/t.ts": "test\n", "codegen/ir/schema.json": "{}\n", "package.json": "{}\n" })) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

describe("fingerprint", () => {
  it("lists codegen sources without the tests, sorted", () => {
    const sources: string[] = generatorSources(root);
    expect(sources).toContain("codegen/cli/main.ts");
    expect(sources).toContain("codegen/parse/index.ts");
    expect(sources.some((s) => s.startsWith("codegen/test/"))).toBe(false);
    expect([...sources].sort()).toEqual(sources);
  });

  it("changes with a source's or an asset's size or mtime and with the esbuild version, and only then", () => {
    const dir = miniTree();
    const sources: string[] = generatorSources(dir);
    expect(sources).toEqual(["codegen/a.ts"]);
    const first: string = fingerprint(dir, sources, "0.1.0");
    expect(fingerprint(dir, sources, "0.1.0")).toBe(first);
    expect(fingerprint(dir, sources, "0.2.0")).not.toBe(first);
    fs.writeFileSync(path.join(dir, "codegen/test/t.ts"), "edited\n");
    expect(fingerprint(dir, sources, "0.1.0")).toBe(first);
    fs.writeFileSync(path.join(dir, "codegen/a.ts"), "export const a = 2;\n");
    const edited: string = fingerprint(dir, sources, "0.1.0");
    expect(edited).not.toBe(first);
    fs.utimesSync(path.join(dir, "codegen/a.ts"), new Date(2000, 1, 1), new Date(2000, 1, 1));
    expect(fingerprint(dir, sources, "0.1.0")).not.toBe(edited);
    const touched: string = fingerprint(dir, sources, "0.1.0");
    fs.writeFileSync(path.join(dir, "codegen/ir/schema.json"), "{ }\n");
    expect(fingerprint(dir, sources, "0.1.0")).not.toBe(touched);
  });
});

describe("compiledMain", () => {
  it("builds the entry once (one bundle, with the assets beside it) and reuses it", () => {
    const main: string = compiledMain(root, cacheDir);
    expect(main.startsWith(cacheDir)).toBe(true);
    const entry = path.dirname(path.dirname(path.dirname(main)));
    expect(fs.readdirSync(path.join(entry, "codegen", "cli"))).toEqual(["main.js"]);
    expect(fs.readFileSync(main, "utf8")).toContain("function parseHeaders(");
    expect(fs.readFileSync(path.join(entry, "codegen", "ir", "schema.json"), "utf8")).toBe(fs.readFileSync("codegen/ir/schema.json", "utf8"));
    expect(fs.readFileSync(path.join(entry, "package.json"), "utf8")).toBe(fs.readFileSync("package.json", "utf8"));
    const builtAt = fs.statSync(main).mtimeMs;
    expect(compiledMain(root, cacheDir)).toBe(main);
    expect(fs.statSync(main).mtimeMs).toBe(builtAt);
    expect(fs.readdirSync(cacheDir)).toEqual([path.basename(entry)]);
  });

  it("the compiled CLI writes the same files as the TypeScript one and finds the schema for --check-ir", () => {
    const main: string = compiledMain(root, cacheDir);
    const runner = `import(${JSON.stringify(pathToFileURL(main).href)}).then(async (m) => { process.exitCode = await m.main(process.argv.slice(1)); })`;
    const args = ["codegen/test/fixtures/records/input.h", "--lib", "./librecords.so", "--targets", "koffi,ctypes,cffi,ir"];
    const compiled = spawnSync(process.execPath, ["--input-type=module", "-e", runner, "--", ...args, "--check-ir", "--out", path.join(scratch, "js")], { encoding: "utf8" });
    expect(compiled.stderr).toMatch(/→ 5 files in/);
    const tsx = spawnSync(process.execPath, ["bin/omendb-bindgen.mjs", ...args, "--out", path.join(scratch, "ts")], { encoding: "utf8", env: { ...process.env, OMENDB_BINDGEN_NO_CACHE: "1" } });
    expect(tsx.status).toBe(0);
    const files = fs.readdirSync(path.join(scratch, "ts")).sort();
    expect(fs.readdirSync(path.join(scratch, "js")).sort()).toEqual(files);
    for (const f of files) expect(fs.readFileSync(path.join(scratch, "js", f), "utf8"), f).toBe(fs.readFileSync(path.join(scratch, "ts", f), "utf8"));
  });
});
