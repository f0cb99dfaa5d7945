#!/usr/bin/env node
// Builds the native library (cargo build --release) and writes pkg-config files for it:
// native/target/release/pkgconfig/omendb.pc (shared) and omendb-static.pc (static).
// The .pc files locate everything through ${pcfiledir}, so they hold no absolute path.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const releaseDir = join(repoRoot, "native", "target", "release");
const VERSION = "0.1.0";

/** Runs a command with inherited stdio; resolves with its exit code. */
function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: repoRoot, stdio: "inherit" });
    child.on("error", (err) => {
      console.error(`build-native: cannot run ${command}: ${err.message}`);
      resolve(127);
    });
    child.on("close", (code) => resolve(code ?? 1));
  });
}

/** pkg-config text; prefix is the repo root, four levels above the .pc file. */
function pcFile({ name, description, libs, libsPrivate }) {
  return [
    "prefix=${pcfiledir}/../../../..",
    "includedir=${prefix}/include",
    "libdir=${prefix}/native/target/release",
    "",
    `Name: ${name}`,
    `Description: ${description}`,
    `Version: ${VERSION}`,
    "Cflags: -I${includedir}",
    `Libs: ${libs}`,
    ...(libsPrivate ? [`Libs.private: ${libsPrivate}`] : []),
    "",
  ].join("\n");
}

function writePkgConfig() {
  const dir = join(releaseDir, "pkgconfig");
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "omendb.pc"),
    pcFile({
      name: "omendb",
      description: "OmenDB learned-index key-value store (shared library)",
      libs: "-L${libdir} -Wl,-rpath,${libdir} -lomendb",
    }),
  );
  writeFileSync(
    join(dir, "omendb-static.pc"),
    pcFile({
      name: "omendb-static",
      description: "OmenDB learned-index key-value store (static library)",
      libs: "${libdir}/libomendb.a -lpthread -ldl -lm",
    }),
  );
  return dir;
}

async function main() {
  const started = Date.now();
  const code = await run("cargo", ["build", "--release", "--manifest-path", join("native", "Cargo.toml")]);
  if (code !== 0) {
    console.error(`build-native: cargo build failed (exit ${code})`);
    return code;
  }
  writePkgConfig();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`build-native: libomendb built and pkg-config files written in ${seconds}s (native/target/release/pkgconfig)`);
  return 0;
}

process.exitCode = await main();
