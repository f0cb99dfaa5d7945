#!/usr/bin/env node
// Generates the API reference under docs/api/: docs/api/node from the TSDoc of src/index.ts's
// exports (scripts/docs/node-api.mjs, TypeDoc), docs/api/python from the docstrings of the omendb
// package's __all__ (scripts/docs/python-api.py, griffe). Fails when a public name is undocumented.
// `--check` writes nothing and fails when the committed docs differ from a fresh generation.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { renderNodeApi } from "./docs/node-api.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const check = process.argv.includes("--check");
const outputs = { node: "docs/api/node", python: "docs/api/python" };

/** Runs the Python renderer in the project venv; resolves to its files, or null after printing why. */
async function renderPythonApi() {
  const venv = spawnSync("bash", ["scripts/ensure-venv.sh"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (venv.status !== 0) return null;
  const python = venv.stdout.trim();
  const child = spawn(python, ["scripts/docs/python-api.py", "."], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  let stdout = "";
  child.stdout.setEncoding("utf8").on("data", (chunk) => (stdout += chunk));
  const status = await new Promise((resolve) => child.on("close", resolve));
  if (status !== 0) return null;
  const { files, undocumented } = JSON.parse(stdout);
  for (const name of undocumented) console.error(`python: ${name} has no docstring`);
  return undocumented.length ? null : new Map(Object.entries(files));
}

/** Files currently under `dir` (relative to the repo root), relative to it. */
function committedFiles(dir) {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(abs, join(entry.parentPath, entry.name)).split("\\").join("/"));
}

/** Compares (check) or syncs (write) one output directory; returns the paths that differ. */
function syncDirectory(dir, files) {
  const differing = [];
  for (const [file, text] of files) {
    const path = join(root, dir, file);
    if (existsSync(path) && readFileSync(path, "utf8") === text) continue;
    differing.push(`${dir}/${file}`);
    if (!check) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    }
  }
  for (const file of committedFiles(dir)) {
    if (files.has(file)) continue;
    differing.push(`${dir}/${file} (stale)`);
    if (!check) rmSync(join(root, dir, file));
  }
  return differing;
}

const [nodeFiles, pythonFiles] = await Promise.all([
  renderNodeApi(root).catch((err) => {
    console.error(`node: ${err.stack ?? err}`);
    return null;
  }),
  renderPythonApi(),
]);
if (!nodeFiles || !pythonFiles) {
  console.error("API docs not generated: fix the problems above (every exported name needs TSDoc / a docstring)");
  process.exit(1);
}
const differing = [...syncDirectory(outputs.node, nodeFiles), ...syncDirectory(outputs.python, pythonFiles)];
if (check && differing.length) {
  for (const path of differing) console.error(`differs: ${path}`);
  console.error("docs/api/ differs from a fresh generation: run `npm run docs` and commit the result");
  process.exit(1);
}
console.log(check ? "docs/api/ is up to date" : `docs/api/: ${differing.length} file(s) written or removed`);
