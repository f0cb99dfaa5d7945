// Finds the shared library named by `--lib` and reads its exported dynamic symbols (from the ELF
// file itself, parse/elf.ts; `nm -D --defined-only` for anything else). A bare name (`z`) is looked
// up in `ldconfig -p` and the standard library directories and reported by its SONAME
// (`libz.so.1`); a path is used as given.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { DiagnosticSink } from "../diag.js";
import { readElfDynamic } from "./elf.js";

/** The resolved library: where it is on disk and how the IR names it. */
export interface ResolvedLib {
  /** File to read symbols from. */
  file: string;
  /** The IR `lib` field: a bare soname (no slash) or a path relative to the output dir. */
  irLib: string;
}

const STANDARD_DIRS = ["/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib", "/usr/local/lib"];

/** True when `--lib` names a file by path (it contains a slash) rather than a library name or soname. */
export function isLibPath(lib: string): boolean {
  return lib.includes("/");
}

/** True for a bare soname such as `libz.so.1` (no slash): loaded by name, like dlopen does. */
function isSoname(lib: string): boolean {
  return !lib.includes("/") && /\.so(\.|$)/.test(lib);
}

/** Resolves `--lib` to a file and the IR lib string; reports E0201 when not found. */
export function resolveLibrary(lib: string, outDir: string, diag: DiagnosticSink): ResolvedLib | undefined {
  if (isLibPath(lib)) {
    const file = path.resolve(lib);
    let rel = path.relative(path.resolve(outDir), file).split(path.sep).join("/");
    if (!rel.includes("/")) rel = `./${rel}`;
    return { file, irLib: rel };
  }
  if (isSoname(lib)) {
    const found = fromLdconfig(lib, true) ?? fromStandardDirs(lib, true);
    if (found) return { file: found, irLib: lib };
    // Not a system library: a file of that name in the working directory.
    if (fs.existsSync(lib)) return resolveLibrary(`./${lib}`, outDir, diag);
    diag.error("E0201", `library '${lib}' not found (looked for it with ldconfig -p and in ${STANDARD_DIRS.join(", ")})`);
    return undefined;
  }
  const base = lib.startsWith("lib") ? lib : `lib${lib}`;
  const found = fromLdconfig(base) ?? fromStandardDirs(base);
  if (!found) {
    diag.error("E0201", `library '${lib}' not found (looked for ${base}.so* with ldconfig -p and in ${STANDARD_DIRS.join(", ")})`);
    return undefined;
  }
  return { file: found, irLib: sonameOf(found) ?? path.basename(found) };
}

function fromLdconfig(base: string, exact = false): string | undefined {
  const run = spawnSync("ldconfig", ["-p"], { encoding: "utf8" });
  if (run.status !== 0 || !run.stdout) return undefined;
  const candidates: string[] = [];
  for (const line of run.stdout.split("\n")) {
    const m = /^\s*(\S+) \(([^)]*)\) => (\S+)$/.exec(line);
    const nameMatches = exact ? m?.[1] === base : m && (m[1] === `${base}.so` || m[1].startsWith(`${base}.so.`));
    if (m && nameMatches && !m[2].includes("x32") && !m[2].includes("i386")) candidates.push(m[3]);
  }
  return candidates.sort((a, b) => b.length - a.length)[0];
}

function fromStandardDirs(base: string, exact = false): string | undefined {
  for (const dir of STANDARD_DIRS) {
    let entries: string[];
    try {
      entries = fs.readdirSync(dir);
    } catch {
      continue;
    }
    const hit = entries.filter((e) => (exact ? e === base : e === `${base}.so` || e.startsWith(`${base}.so.`))).sort()[0];
    if (hit) return path.join(dir, hit);
  }
  return undefined;
}

/** The DT_SONAME of a shared object, read from the ELF file, else with objdump -p (undefined if none). */
export function sonameOf(file: string): string | undefined {
  const elf = readElfDynamic(file);
  if (elf) return elf.soname;
  const run = spawnSync("objdump", ["-p", file], { encoding: "utf8" });
  const m = /^\s*SONAME\s+(\S+)/m.exec(run.stdout ?? "");
  return m ? m[1] : undefined;
}

/** Defined dynamic symbols of a shared object (nm for what parse/elf.ts cannot read); E0202 when nm cannot read it either. */
export function exportedSymbols(file: string, diag: DiagnosticSink): Set<string> | undefined {
  if (!fs.existsSync(file)) {
    diag.error("E0201", `library file '${file}' does not exist`);
    return undefined;
  }
  const elf = readElfDynamic(file);
  if (elf) return elf.defined;
  const run = spawnSync("nm", ["-D", "--defined-only", file], { encoding: "utf8", maxBuffer: 64 << 20 });
  if (run.error || run.status !== 0) {
    diag.error("E0202", `cannot read the exported symbols of '${file}': ${run.error?.message ?? run.stderr.trim()}`);
    return undefined;
  }
  const symbols = new Set<string>();
  for (const line of run.stdout.split("\n")) {
    const m = /^\S*\s+([A-Za-z])\s+(\S+)$/.exec(line.trim());
    if (m) symbols.add(m[2].replace(/@.*$/, ""));
  }
  return symbols;
}
