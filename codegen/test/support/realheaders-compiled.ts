// Real public headers (zlib.h, sqlite3.h) through the compiled targets: generation with the CLI
// (`--targets napi|cpython --diagnostics json`), the skip list each header must produce (what the
// compiled tier cannot express: variadics, callbacks, va_list), and the build with the system cc.

import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { buildCpython, buildNapi, type BuildResult } from "../../build/compile.js";
import type { Diagnostic } from "../../diag.js";
import type { CompiledTarget } from "./compiled-build.js";
import { repoRoot } from "./compiled-build.js";

/** One real header. */
export interface RealHeader {
  name: "zlib" | "sqlite3";
  header: string;
  lib: string;
}

export const ZLIB: RealHeader = { name: "zlib", header: "/usr/include/zlib.h", lib: "z" };
export const SQLITE3: RealHeader = { name: "sqlite3", header: "/usr/include/sqlite3.h", lib: "sqlite3" };

/** Whether the header is installed (zlib1g-dev, libsqlite3-dev); the tests skip with a notice otherwise. */
export function installed(h: RealHeader): boolean {
  return existsSync(h.header);
}

/** Skipped functions by warning code: W0601 variadic, W0602 callback, W0604 inexpressible type (va_list). */
export type SkipList = Record<string, string[]>;

/** What each header must skip in napi and cpython alike (measured on Debian's zlib 1.3 and sqlite 3.4x headers). */
export const EXPECTED_SKIPS: Record<RealHeader["name"], SkipList> = {
  zlib: { W0601: ["gzprintf"], W0602: ["inflateBack"], W0604: ["gzvprintf"] },
  sqlite3: {
    W0601: ["sqlite3_config", "sqlite3_db_config", "sqlite3_log", "sqlite3_mprintf", "sqlite3_snprintf", "sqlite3_str_appendf", "sqlite3_test_control", "sqlite3_vtab_config"],
    W0602: [
      "sqlite3_auto_extension", "sqlite3_autovacuum_pages", "sqlite3_bind_blob", "sqlite3_bind_blob64", "sqlite3_bind_pointer", "sqlite3_bind_text",
      "sqlite3_bind_text16", "sqlite3_bind_text64", "sqlite3_busy_handler", "sqlite3_cancel_auto_extension", "sqlite3_collation_needed",
      "sqlite3_collation_needed16", "sqlite3_commit_hook", "sqlite3_create_collation", "sqlite3_create_collation16", "sqlite3_create_collation_v2",
      "sqlite3_create_function", "sqlite3_create_function16", "sqlite3_create_function_v2", "sqlite3_create_module_v2", "sqlite3_create_window_function",
      "sqlite3_exec", "sqlite3_memory_alarm", "sqlite3_profile", "sqlite3_progress_handler", "sqlite3_result_blob", "sqlite3_result_blob64",
      "sqlite3_result_pointer", "sqlite3_result_text", "sqlite3_result_text16", "sqlite3_result_text16be", "sqlite3_result_text16le",
      "sqlite3_result_text64", "sqlite3_rollback_hook", "sqlite3_rtree_geometry_callback", "sqlite3_rtree_query_callback", "sqlite3_set_authorizer",
      "sqlite3_set_auxdata", "sqlite3_trace", "sqlite3_trace_v2", "sqlite3_unlock_notify", "sqlite3_update_hook", "sqlite3_wal_hook",
    ],
    W0604: ["sqlite3_str_vappendf", "sqlite3_vmprintf", "sqlite3_vsnprintf"],
  },
};

/** What generating and building one header for one compiled target produced. */
export interface RealBuild {
  dir: string;
  diagnostics: Diagnostic[];
  /** Compiled-tier skips (W06xx) grouped by code, names sorted. */
  skips: SkipList;
  build: BuildResult;
}

/** The first JSON document of `--diagnostics json` output (a summary line follows it). */
function parseDiagnostics(stderr: string): Diagnostic[] {
  const end = stderr.lastIndexOf("\n}");
  if (end < 0) return [];
  return (JSON.parse(stderr.slice(0, end + 2)) as { diagnostics: Diagnostic[] }).diagnostics;
}

/** Groups the W06xx warnings (the compiled tier's skips) by code. */
export function compiledSkips(diagnostics: readonly Diagnostic[]): SkipList {
  const out: SkipList = {};
  for (const d of diagnostics) {
    if (!d.code.startsWith("W06") || d.item === undefined) continue;
    (out[d.code] ??= []).push(d.item);
  }
  for (const names of Object.values(out)) names.sort();
  return out;
}

/** Generates `h` for `target` with the CLI into `outRoot/<name>/<target>` and builds it (-Wall -Wextra -Werror). */
export function generateAndBuild(h: RealHeader, target: CompiledTarget, outRoot: string, python?: string): RealBuild {
  const dir = join(outRoot, h.name, target);
  mkdirSync(dir, { recursive: true });
  const run = spawnSync(process.execPath, [join(repoRoot, "bin", "omendb-bindgen.mjs"), h.header, "--lib", h.lib, "--out", dir, "--targets", target, "--diagnostics", "json"], {
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`omendb-bindgen ${h.header} --targets ${target} failed (${run.status}):\n${run.stderr}`);
  const diagnostics = parseDiagnostics(run.stderr);
  // The header's own name: buildCpython applies the emitter's module stem (zlib → zlib_c) itself.
  const includeDirs = [dirname(h.header)];
  const build = target === "napi" ? buildNapi(dir, h.name, { includeDirs }) : buildCpython(dir, h.name, { includeDirs, python });
  return { dir, diagnostics, skips: compiledSkips(diagnostics), build };
}

/**
 * Type-checks a generated `.napi.d.ts` under tsc --strict with `use` (TypeScript importing it as
 * `./<name>.napi.js`) in `dir`; returns tsc's output, empty when clean.
 */
export function typeCheckNapi(dir: string, use: string): string {
  writeFileSync(join(dir, "use.ts"), use);
  const tsconfig = {
    // No @types/node: the surface needs only ES types, and checking Node's own .d.ts doubled the time.
    compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, skipLibCheck: false, types: [] },
    include: ["*.ts"],
  };
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
  const r = spawnSync(join(repoRoot, "node_modules", ".bin", "tsc"), ["--noEmit", "-p", dir], { encoding: "utf8" });
  return r.status === 0 ? "" : `${r.stdout}${r.stderr}`;
}

/** mypy --strict on the generated `.pyi` of the cpython target; returns its last line ("Success: ..."). */
export function mypyStub(python: string, stub: string): string {
  return execFileSync(python, ["-m", "mypy", "--strict", "--no-incremental", stub], { encoding: "utf8" }).trim().split("\n").pop() ?? "";
}
