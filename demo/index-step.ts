// The learned-index step of the demo: builds an index over 1M keys (clustered gaps, like
// real key sets) off the main thread, prints its stats (kind, models, max error, model
// bytes vs key bytes) and the lookup latency over 1M random lookups: batched presence
// (containsMany), batched values (getMany) and one call per key (get).

import { LearnedIndex, stopAsyncWorker } from "../src/index.js";
import { breathe, withProgress } from "./progress.js";

const N = 1_000_000;
const LOOKUPS = 1_000_000;

/** Sorted keys with mostly small gaps and occasional large jumps (deterministic). */
function makeKeys(n: number): BigInt64Array {
  const keys = new BigInt64Array(n);
  let seed = 42;
  const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  let k = 0n;
  for (let i = 0; i < n; i++) {
    k += BigInt(1 + Math.floor(rand() * 20) + (rand() < 0.001 ? 1_000_000 : 0));
    keys[i] = k;
  }
  return keys;
}

function randomProbe(keys: BigInt64Array, count: number): BigInt64Array {
  const probe = new BigInt64Array(count);
  let seed = 7;
  for (let i = 0; i < count; i++) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    probe[i] = keys[seed % keys.length];
  }
  return probe;
}

const fmt = (n: number) => n.toLocaleString("en-US");

async function main(): Promise<boolean> {
  const keys = makeKeys(N);
  const { value: idx, seconds: buildSeconds } = await withProgress(`building a PGM index over ${fmt(N)} keys`, () =>
    LearnedIndex.buildAsync(keys, undefined, { kind: "pgm", epsilon: 64 }),
  );
  try {
    const s = idx.stats();
    const keyBytes = s.numKeys * 8;
    console.log(`node: built ${s.kind} index over ${fmt(s.numKeys)} keys in ${buildSeconds.toFixed(2)} s`);
    console.log(`      models ${fmt(s.numModels)}, max error ${s.maxError} (epsilon ${s.epsilon}), mean error ${s.meanError.toFixed(1)}`);
    console.log(`      model bytes ${fmt(s.modelBytes)} vs key bytes ${fmt(keyBytes)} (${((100 * s.modelBytes) / keyBytes).toFixed(2)}%)`);

    const probe = randomProbe(keys, LOOKUPS);
    const { value: containsFound, seconds: containsSeconds } = await withProgress("containsMany over 1M random keys", async () =>
      idx.containsMany(probe).reduce((n, f) => n + f, 0),
    );
    const { value: batchFound, seconds: batchSeconds } = await withProgress("getMany over 1M random keys", async () =>
      idx.getMany(probe).filter((v) => v !== undefined).length,
    );
    const { value: singleFound, seconds: singleSeconds } = await withProgress("1M single get calls", async (tick) => {
      let found = 0;
      const chunk = 50_000;
      for (let i = 0; i < LOOKUPS; i += chunk) {
        for (let j = i; j < Math.min(i + chunk, LOOKUPS); j++) if (idx.get(probe[j]) !== undefined) found++;
        tick((i + chunk) / LOOKUPS);
        await breathe();
      }
      return found;
    });
    const nsPer = (seconds: number) => ((seconds * 1e9) / LOOKUPS).toFixed(0);
    console.log(
      `node: lookups over 1M random keys — containsMany ${nsPer(containsSeconds)} ns, getMany ${nsPer(batchSeconds)} ns, single get ${nsPer(singleSeconds)} ns per lookup`,
    );
    const ok = containsFound === LOOKUPS && batchFound === LOOKUPS && singleFound === LOOKUPS && s.numKeys === N && s.maxError <= s.epsilon;
    console.log(`node: found ${fmt(batchFound)}/${fmt(LOOKUPS)} (getMany) and ${fmt(singleFound)}/${fmt(LOOKUPS)} (get)`);
    return ok;
  } finally {
    idx.free();
    await stopAsyncWorker();
  }
}

process.exit((await main()) ? 0 : 1);
