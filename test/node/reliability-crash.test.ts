// Crash safety through the Node API: a child process (reliability/crash-writer.ts) commits
// batches with putMany under the default sync policy "always" and is killed with SIGKILL at
// random moments. After every kill the file is reopened with default options (no repair
// step exists or is run) and checked: every acknowledged batch is present, every batch is
// all or nothing, batches are a gap-free prefix, and the marker key names the last one.

import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { OmenDB } from "../../src/index.js";
import { tempDir, repoRoot } from "./helpers.js";
import { BATCH_STRIDE, MARKER_KEY, batchSize, batchValue } from "./reliability/crash-batches.js";
import { Prng, runSeed } from "./reliability/prng.js";
import { crashKills, report } from "./reliability/settings.js";

const writerScript = join("test", "node", "reliability", "crash-writer.ts");

/** Runs one writer from batch `first`, kills it after `delayMs` past "ready" (or past spawn when `early`). */
async function runAndKill(path: string, first: number, delayMs: number, early: boolean): Promise<number[]> {
  const child = spawn(process.execPath, ["--import", "tsx", writerScript, path, String(first)], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (err += chunk));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on("exit", (code, signal) => resolve(signal ?? code)));
  const kill = (): void => void child.kill("SIGKILL");
  if (early) {
    setTimeout(kill, delayMs);
  } else {
    const ready = (): void => {
      if (out.includes("ready\n")) setTimeout(kill, delayMs);
      else setTimeout(ready, 2);
    };
    ready();
  }
  const how = await exited;
  if (how !== "SIGKILL") throw new Error(`writer ended by ${String(how)} instead of SIGKILL: ${err}`);
  // Only complete lines count: a line cut by the kill was never fully acknowledged.
  const complete = out.slice(0, out.lastIndexOf("\n") + 1);
  return complete.split("\n").filter((l) => l.startsWith("ack ")).map((l) => Number(l.slice(4)));
}

/** Reopens the file and checks it; returns the last batch id it holds (-1 if none) and the keys checked. */
function verify(path: string, acked: number[]): { last: number; keys: number } {
  const db = OmenDB.open(path);
  try {
    const entries = db.range(-(2n ** 63n), 2n ** 63n - 1n);
    const decoder = new TextDecoder();
    const marker = db.get(MARKER_KEY);
    const last = marker === undefined ? -1 : Number(decoder.decode(marker));
    const perBatch = new Map<number, number>();
    for (const { key, value } of entries) {
      if (key === MARKER_KEY) continue;
      expect(key >= 0n, `unexpected key ${key}`).toBe(true);
      const b = Number(key / BATCH_STRIDE);
      const j = Number(key % BATCH_STRIDE);
      expect(decoder.decode(value), `key ${key}`).toBe(batchValue(b, j));
      perBatch.set(b, (perBatch.get(b) ?? 0) + 1);
    }
    for (const [b, count] of perBatch) {
      expect(count, `batch ${b} is partial`).toBe(batchSize(b));
      expect(b <= last, `batch ${b} present beyond marker ${last}`).toBe(true);
    }
    for (let b = 0; b <= last; b++) expect(perBatch.has(b), `batch ${b} missing below marker ${last}`).toBe(true);
    for (const b of acked) expect(b <= last, `acknowledged batch ${b} lost (marker ${last})`).toBe(true);
    return { last, keys: entries.length };
  } finally {
    db.close();
  }
}

describe("crash safety (Node writer, SIGKILL)", () => {
  it(`keeps every acknowledged batch, all or nothing, across ${crashKills} kills`, async () => {
    const seed = runSeed();
    const rng = new Prng(seed);
    const path = join(tempDir("omendb-crash-"), "crash.omendb");
    let next = 0;
    let ackedTotal = 0;
    let unackedCommitted = 0;
    let keysChecked = 0;
    let earlyKills = 0;
    for (let kill = 0; kill < crashKills; kill++) {
      const early = rng.chance(0.15);
      if (early) earlyKills++;
      const delay = early ? rng.between(0, 700) : rng.between(0, 250);
      const acked = await runAndKill(path, next, delay, early);
      let result: { last: number; keys: number };
      try {
        result = verify(path, acked);
      } catch (e) {
        throw new Error(`seed ${seed} (OMENDB_SEED=${seed}), kill ${kill}: ${String(e)}`);
      }
      ackedTotal += acked.length;
      const maxAcked = acked.length > 0 ? Math.max(...acked) : next - 1;
      unackedCommitted += result.last - maxAcked;
      keysChecked += result.keys;
      next = result.last + 1;
    }
    report("node crash", { seed, kills: crashKills, earlyKills, batchesAcked: ackedTotal, batchesInFile: next, committedButUnacked: unackedCommitted, keysChecked });
    expect(ackedTotal).toBeGreaterThan(0);
    expect(next).toBeGreaterThanOrEqual(ackedTotal);
  }, 600_000);
});
