// Chooses the targets of a run without --targets: the loader targets always, plus the compiled tier
// (napi, cpython) when a C compiler is present ($CC, else `cc`, looked up on PATH without running
// it and cached per process). Without one, a one-line notice says what was left out and why.

import fs from "node:fs";
import path from "node:path";
import type { TargetId } from "../emit/backend.js";
import { COMPILED_TARGET_IDS, defaultTargets } from "../emit/registry.js";

const found = new Map<string, string | undefined>();

/** True for a regular file this process may execute. */
function isExecutableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The compiler command of `env`: $CC (flags after the program allowed), else `cc`. */
export function compilerCommand(env: NodeJS.ProcessEnv = process.env): string {
  const cc = env.CC?.trim();
  return cc === undefined || cc === "" ? "cc" : cc;
}

/** Path of the C compiler `env` names, or undefined when there is none. A PATH lookup: no process is started. */
export function findCCompiler(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const program = compilerCommand(env).split(/\s+/)[0] ?? "cc";
  const searchPath = env.PATH ?? "";
  const key = `${program}\0${searchPath}`;
  if (!found.has(key)) {
    const candidates = program.includes("/") ? [program] : searchPath.split(path.delimiter).filter((d) => d !== "").map((d) => path.join(d, program));
    found.set(key, candidates.find(isExecutableFile));
  }
  return found.get(key);
}

/** The targets to emit: `given` when --targets was passed, else the default set for this machine. */
export function resolveTargets(given: readonly TargetId[] | undefined, env: NodeJS.ProcessEnv = process.env): { targets: TargetId[]; notice?: string } {
  if (given !== undefined) return { targets: [...given] };
  if (findCCompiler(env) !== undefined) return { targets: defaultTargets(true) };
  const notice = `omendb-bindgen: note: no C compiler (\`${compilerCommand(env)}\`; set CC to choose one): default targets without ${COMPILED_TARGET_IDS.join(" and ")}\n`;
  return { targets: defaultTargets(false), notice };
}
