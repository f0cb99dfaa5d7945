// Which generated layer the Node package runs on: each vitest project forces one with
// OMENDB_TIER (see vitest.config.ts); unforced, the compiled napi addon wins when built; a forced
// tier that does not exist is an error. A tier that is not built shows here as a skipped test.

import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { nativeTier } from "../../src/index.js";
import { handlesCrossThreads } from "../../src/native.js";
import { repoRoot } from "./helpers.js";

const napiBuilt = existsSync(join(repoRoot, "bindings", "node", "build", "omendb_ffi.node"));
const printTier = join(repoRoot, "test", "node", "fixtures", "print-tier.ts");
const tsx = join(repoRoot, "node_modules", ".bin", "tsx");

/** Runs the fixture with OMENDB_TIER set (or removed when undefined). */
function childTier(tier: string | undefined): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env };
  if (tier === undefined) delete env.OMENDB_TIER;
  else env.OMENDB_TIER = tier;
  const r = spawnSync(tsx, [printTier], { cwd: repoRoot, env, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout.trim(), stderr: r.stderr };
}

describe("generated tier", () => {
  it("runs on the tier this project forces", () => {
    const forced = process.env.OMENDB_TIER;
    expect(nativeTier()).toBe(forced ?? (napiBuilt ? "napi" : "koffi"));
    expect(handlesCrossThreads()).toBe(nativeTier() === "koffi");
  });

  it.skipIf(!napiBuilt)("defaults to the compiled napi addon (skipped when not built: run node scripts/build-compiled.mjs)", () => {
    expect(execFileSync(tsx, [printTier], { cwd: repoRoot, env: { ...process.env, OMENDB_TIER: "" }, encoding: "utf8" }).trim()).toBe("napi seven");
    expect(childTier(undefined).stdout).toBe("napi seven");
  });

  it("OMENDB_TIER=koffi forces koffi even when napi is built", () => {
    expect(childTier("koffi").stdout).toBe("koffi seven");
  });

  it("an unknown forced tier is an error naming the choices", () => {
    const r = childTier("fastest");
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("OMENDB_TIER=fastest is not a tier; use one of napi, koffi");
  });
});
