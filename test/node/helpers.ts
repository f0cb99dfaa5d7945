// Shared helpers of the Node package tests: temporary database paths, error-code capture,
// repo-relative paths and the venv Python used by the interop tests.

import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";
import { OmenDBError } from "../../src/index.js";

/** Repository root. */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** A fresh temporary directory, removed after the test file. */
export function tempDir(prefix = "omendb-node-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs `fn` and returns the OmenDBError code it threw (or a description of what happened instead). */
export function errorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return e instanceof OmenDBError ? e.code : `not an OmenDBError: ${String(e)}`;
  }
  return "no error";
}

/** Like {@link errorCode} for async functions. */
export async function asyncErrorCode(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
  } catch (e) {
    return e instanceof OmenDBError ? e.code : `not an OmenDBError: ${String(e)}`;
  }
  return "no error";
}

/** UTF-8 bytes of a string. */
export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** String of UTF-8 bytes (undefined stays undefined). */
export const text = (b: Uint8Array | undefined): string | undefined => (b === undefined ? undefined : new TextDecoder().decode(b));

/** Path of the repo's venv python (created on first use by scripts/ensure-venv.sh). */
export function venvPython(): string {
  return execFileSync("bash", [join(repoRoot, "scripts", "ensure-venv.sh")], { cwd: repoRoot, encoding: "utf8" }).trim();
}
