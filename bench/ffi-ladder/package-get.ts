// Child process of run.ts: ns per `db.get(hotKey)` through the `omendb` Node package on the tier
// OMENDB_TIER forces (one tier per process: the package picks its layer at import). Prints JSON:
// `median_ns` (median of the rounds' per-call means), `ns` (best round) and every round.
// `--quick` times a tenth of the calls of `--full` (the default).
import { OmenDB, nativeTier } from "../../src/index.js";

const CALLS = process.argv.includes("--quick") ? 100_000 : 1_000_000;
const ROUNDS = 5;
const HOT_KEY = 500;

const db = OmenDB.open("", { engine: "memory" });
db.putMany(Array.from({ length: 1000 }, (_, i) => i), Array.from({ length: 1000 }, (_, i) => `value-${i}`.padEnd(16, ".")));
if (db.get(HOT_KEY)?.byteLength !== 16) throw new Error("hot key missing");
for (let i = 0; i < 100_000; i++) db.get(HOT_KEY);
const rounds: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < CALLS; i++) db.get(HOT_KEY);
  rounds.push(Number(process.hrtime.bigint() - t0) / CALLS);
}
db.close();
const sorted = [...rounds].sort((a, b) => a - b);
console.log(JSON.stringify({ tier: nativeTier(), median_ns: sorted[Math.floor(sorted.length / 2)], ns: sorted[0], rounds_ns: rounds }));
