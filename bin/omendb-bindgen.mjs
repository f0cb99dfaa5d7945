#!/usr/bin/env node
// Entry point of `npx omendb-bindgen`: runs the CLI from its compiled-JavaScript cache
// (codegen/cli/compiled-cache.mjs; rebuilt when a source changes), or through tsx's loader when
// that cache cannot be used or OMENDB_BINDGEN_NO_CACHE=1 asks for the TypeScript sources directly.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");

async function loadMain() {
  if (process.env.OMENDB_BINDGEN_NO_CACHE !== "1") {
    try {
      const { compiledMain } = await import("../codegen/cli/compiled-cache.mjs");
      return (await import(pathToFileURL(compiledMain(root)).href)).main;
    } catch (e) {
      if (process.env.OMENDB_BINDGEN_DEBUG) process.stderr.write(`omendb-bindgen: compiled cache unavailable, using tsx: ${e instanceof Error ? e.message : e}\n`);
    }
  }
  const { register } = await import("tsx/esm/api");
  register();
  return (await import("../codegen/cli/main.ts")).main;
}

const main = await loadMain();
process.exitCode = await main(process.argv.slice(2));
