// Start-up cache of the CLI: codegen/cli/main.ts and everything it imports bundled once into one
// JavaScript module with esbuild (tsx's own transpiler) under node_modules/.cache/omendb-bindgen/
// <fingerprint>/, so a run loads one plain JS file instead of registering tsx and resolving and
// transpiling ~110 modules. The fingerprint covers every source's path, size and mtime (ns), so
// an edit is picked up on the next run.

import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/** Bump when the layout of a cache entry changes. */
const CACHE_FORMAT = "1";
/** Files copied beside the bundle: modules read them relative to themselves (`../ir/schema.json` from any codegen/<dir>/). */
const ASSETS = ["package.json", "codegen/ir/schema.json"];
/** The bundle's path inside an entry: at the depth of the source it starts from, for those relative reads. */
const BUNDLE = "codegen/cli/main.js";
/** Entries other than the current one older than this are pruned after a build. */
const STALE_ENTRY_MS = 60 * 60 * 1000;

/** Every generator source the CLI may import: codegen/**\/*.ts outside codegen/test, sorted. */
export function generatorSources(root) {
  const sources = [];
  const walk = (rel) => {
    for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (child !== "codegen/test") walk(child);
      } else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) {
        sources.push(child);
      }
    }
  };
  walk("codegen");
  return sources.sort();
}

/** Hash of the cache format, the esbuild version and every source's and asset's path, size and mtime (stat only: ~2 ms). */
export function fingerprint(root, sources, esbuildVersion) {
  const hash = createHash("sha256").update(`${CACHE_FORMAT}\0${esbuildVersion}\0`);
  for (const rel of [...sources, ...ASSETS]) {
    const stat = fs.statSync(path.join(root, rel), { bigint: true });
    hash.update(`${rel}\0${stat.size}\0${stat.mtimeNs}\0`);
  }
  return hash.digest("hex").slice(0, 20);
}

/** Loads modules as tsx does: esbuild is tsx's own dependency, so no separate one is needed. */
const requireFromTsx = () => createRequire(import.meta.resolve("tsx/esm/api"));

/** Bundles the CLI into a private directory, then renames it to `entry` (another process may win the race). */
function build(root, entry, esbuild) {
  const scratch = `${entry}.tmp-${process.pid}`;
  fs.rmSync(scratch, { recursive: true, force: true });
  esbuild.buildSync({
    absWorkingDir: root,
    entryPoints: ["codegen/cli/main.ts"],
    outfile: path.join(scratch, BUNDLE),
    bundle: true,
    packages: "external",
    format: "esm",
    platform: "node",
    target: "node20",
    logLevel: "silent",
  });
  for (const asset of ASSETS) {
    fs.mkdirSync(path.dirname(path.join(scratch, asset)), { recursive: true });
    fs.copyFileSync(path.join(root, asset), path.join(scratch, asset));
  }
  try {
    fs.renameSync(scratch, entry);
  } catch (e) {
    fs.rmSync(scratch, { recursive: true, force: true });
    if (!fs.existsSync(entry)) throw e;
  }
}

/** Removes other entries untouched for an hour (a process started from one has long finished). */
function pruneOldEntries(cacheDir, keep) {
  const now = Date.now();
  for (const name of fs.readdirSync(cacheDir)) {
    const dir = path.join(cacheDir, name);
    if (dir === keep) continue;
    try {
      if (now - fs.statSync(dir).mtimeMs > STALE_ENTRY_MS) fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // Another process pruned it first.
    }
  }
}

/**
 * Path of the bundled `codegen/cli/main.js` for the sources under `root`, building the cache
 * entry when it is missing. `cacheDir` defaults to `<root>/node_modules/.cache/omendb-bindgen`.
 * Throws when the cache cannot be built (the caller falls back to tsx).
 */
export function compiledMain(root, cacheDir = path.join(root, "node_modules", ".cache", "omendb-bindgen")) {
  const load = requireFromTsx();
  const sources = generatorSources(root);
  const entry = path.join(cacheDir, fingerprint(root, sources, load("esbuild/package.json").version));
  const main = path.join(entry, BUNDLE);
  if (!fs.existsSync(main)) {
    fs.mkdirSync(cacheDir, { recursive: true });
    build(root, entry, load("esbuild"));
    pruneOldEntries(cacheDir, entry);
  }
  return main;
}
