#!/usr/bin/env node
// Generates bindings/ from include/omendb_ffi.h with omendb-bindgen (Node targets into
// bindings/node, Python targets into bindings/python; the compiled tier's C sources, napi and
// cpython, beside them; scripts/build-compiled.mjs builds those). `--check` writes nothing and
// fails when the committed files differ from a fresh generation (the drift test).
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const check = process.argv.includes("--check");
const header = "include/omendb_ffi.h";
// Relative to the repo root; the generator stores it relative to each output directory.
const lib = "native/target/release/libomendb.so";

const jobs = [
  { out: "bindings/node", targets: "koffi,ffi-rs,probe,ir" },
  { out: "bindings/python", targets: "ctypes,cffi" },
  // The compiled tier, in jobs of its own so the jobs above keep their outputs unchanged.
  { out: "bindings/node", targets: "napi" },
  { out: "bindings/python", targets: "cpython" },
];

let failed = false;
for (const job of jobs) {
  const args = ["bin/omendb-bindgen.mjs", header, "--lib", lib, "--out", job.out, "--name", "omendb_ffi", "--targets", job.targets];
  if (check) args.push("--check");
  const run = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit" });
  if (run.status !== 0) failed = true;
}
if (failed) {
  console.error(check ? "bindings/ differs from a fresh generation: run `npm run generate` and commit the result" : "generation failed");
  process.exit(1);
}
